/* ct-doorbraak.h — the register of doorbraken and their shared examples
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

/**
 * CtFindingKind:
 *
 * What the share checker found that could identify a person.
 */
typedef enum
{
  CT_FINDING_NAME,
  CT_FINDING_BSN,
  CT_FINDING_STREET,
  CT_FINDING_POSTCODE,
  CT_FINDING_PHONE,
  CT_FINDING_EMAIL,
} CtFindingKind;

/**
 * CtFinding:
 * @field: the doorbraak field the words come from ("situation", ...), or
 *   "text" for a text checked as a whole
 * @offset: byte offset of the words in the checked text (the Markdown)
 * @length: their length in bytes
 *
 * Points at the words; never holds them, so a finding can be logged.
 */
typedef struct
{
  const char    *field;
  gsize          offset;
  gsize          length;
  CtFindingKind  kind;
} CtFinding;

const char *ct_finding_kind_to_string (CtFindingKind kind);

gboolean    ct_doorbraak_share_markdown (CtSession   *session,
                                         gint64       doorbraak_id,
                                         char       **markdown,
                                         GPtrArray  **findings,
                                         GError     **error);
gboolean    ct_doorbraak_check_text     (CtSession   *session,
                                         const char  *text,
                                         GPtrArray  **findings,
                                         GError     **error);
gboolean    ct_doorbraak_mark_shared    (CtSession   *session,
                                         gint64       doorbraak_id,
                                         const char  *text,
                                         GError     **error);
guint       ct_doorbraak_drop_not_identifying (const char         *text,
                                               GPtrArray          *findings,
                                               const char * const *words);
GStrv       ct_doorbraak_list_not_identifying (CtSession  *session,
                                               gint64      doorbraak_id,
                                               GError    **error);
gboolean    ct_doorbraak_mark_not_identifying (CtSession  *session,
                                               gint64      doorbraak_id,
                                               const char *text,
                                               const char *word,
                                               const char *reason,
                                               GError    **error);
gboolean    ct_doorbraak_check_example  (CtSession   *session,
                                         gint64       doorbraak_id,
                                         const char  *text,
                                         GPtrArray  **findings,
                                         GError     **error);
gboolean    ct_doorbraak_withdraw_approval (CtSession  *session,
                                            gint64      doorbraak_id,
                                            const char *reason,
                                            GError    **error);
gboolean    ct_doorbraak_set_status     (CtSession   *session,
                                         gint64       doorbraak_id,
                                         const char  *status,
                                         GError     **error);
const char *ct_doorbraak_next_status    (const char  *status);
gboolean    ct_doorbraak_can_advance    (CtSession   *session,
                                         const char  *status);

G_END_DECLS
