/* ct-seal-private.h — field sealing: a value encrypted under its category key
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each value of a category is sealed under that category's key, bound to
 * its table, field and row (docs/file-format.md). Fields are sealed in
 * ct-session-seal.c, row categories read in ct-session-rows.c. */

#pragma once

#include <sqlite3.h>

#include "ct-roles.h"
#include "ct-schema.h"
#include "ct-session.h"

G_BEGIN_DECLS

/* ct-session-seal.c */

GBytes    *_ct_field_seal            (CtSession    *self,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const char   *plaintext,
                                      GError      **error);
char      *_ct_field_open            (CtSession    *self,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const guint8 *blob,
                                      gsize         len,
                                      GError      **error);

typedef struct
{
  char  *data;
  gsize  size;
} CtPlainBuffer;
const char *_ct_field_open_into      (CtSession    *self,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const guint8 *blob,
                                      gsize         len,
                                      CtPlainBuffer *buffer,
                                      GError      **error);
GBytes    *_ct_row_seal              (CtSession    *self,
                                      CtCategory    category,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const char   *plaintext,
                                      GError      **error);
const char *_ct_row_open_into        (CtSession    *self,
                                      CtCategory    category,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const guint8 *blob,
                                      gsize         len,
                                      CtPlainBuffer *buffer);
const char *_ct_row_open_kept_into   (CtSession    *self,
                                      CtCategory    category,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const guint8 *blob,
                                      gsize         len,
                                      CtPlainBuffer *buffer);
void       _ct_plain_buffer_reserve  (CtPlainBuffer *buffer,
                                      gsize         size);
void       _ct_plain_buffer_clear    (CtPlainBuffer *buffer);
gboolean   _ct_session_reencrypt_category (CtSession    *self,
                                           CtCategory    c,
                                           const guint8 *old_key,
                                           const guint8 *new_key,
                                           gint          new_version,
                                           GError      **error);

/* ct-session-rows.c */

gboolean   _ct_row_category_read     (CtSession    *self,
                                      const CtTable *table,
                                      gint64        row_id,
                                      sqlite3_stmt *stmt,
                                      int           column,
                                      CtCategory   *category,
                                      GError      **error);
gboolean   _ct_row_category_of       (CtSession    *self,
                                      const CtTable *table,
                                      gint64        row_id,
                                      CtCategory   *row,
                                      GError      **error);
char      *_ct_row_open              (CtSession    *self,
                                      CtCategory    row,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const guint8 *blob,
                                      gsize         len);
guint      _ct_row_categories_readable (CtSession  *self);
gboolean   _ct_row_goal_withheld     (CtSession    *self,
                                      GHashTable  **goals,
                                      gint64        goal_id,
                                      gboolean     *withheld,
                                      GError      **error);
gboolean   _ct_session_upgrade_rows  (CtSession    *self,
                                      GError      **error);

G_END_DECLS
