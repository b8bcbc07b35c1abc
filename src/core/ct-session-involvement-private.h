/* ct-session-involvement-private.h — who is involved in a household
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-record.h"
#include "ct-schema.h"
#include "ct-session.h"

G_BEGIN_DECLS

/* What a member outside a household's involvement gets of a table's rows
 * (ct-session-involvement.c). */
typedef enum
{
  CT_LIMIT_NONE,     /* the rows as for anyone */
  CT_LIMIT_GENERAL,  /* the general fields only */
  CT_LIMIT_HIDE,     /* not the rows at all */
} CtLimit;
CtLimit    _ct_table_limit           (const CtTable *table);
gboolean   _ct_session_limited_rows  (CtSession     *self,
                                      const CtTable *table,
                                      const char    *where_field,
                                      gint64         value,
                                      GHashTable   **limited,
                                      GError       **error);
void       _ct_session_forget_involvement (CtSession     *self,
                                           const CtTable *table);
gboolean   _ct_session_share_involvement (CtSession  *self,
                                          CtSession  *reader,
                                          GError    **error);
gboolean   _ct_session_prepare_involvement (CtSession  *self,
                                            GError    **error);
void       _ct_session_note_created_household (CtSession *self,
                                               gint64     household_id);
gint64     _ct_session_household_of_new (CtSession *self,
                                         CtRecord  *record);
gboolean   _ct_session_check_involved_write (CtSession *self,
                                             CtRecord  *record,
                                             GError   **error);
gboolean   _ct_session_check_involved_delete (CtSession     *self,
                                              const CtTable *table,
                                              gint64         id,
                                              GError       **error);

/* Shared by ct-session-involvement.c and ct-session-involvement-explicit.c */
char      *_ct_session_meetings_since (CtSession  *self);
gboolean   _ct_session_add_explicit   (CtSession  *self,
                                       GHashTable *set,
                                       GError    **error);

/* Who is involved in a household, read in two halves: the rows (a reader
 * can read them), then verified and named through the team chain in the
 * session's thread (ct_session_list_involved_members(), a case page's
 * load). */
typedef struct
{
  GArray *explicit;  /* CtStoreInvolvement: added by hand, not yet verified */
  GArray *reasons;   /* what the team's own rows say, by member id */
} CtInvolvedRead;

gboolean   _ct_session_read_involved    (CtSession            *self,
                                         gint64                household_id,
                                         const char           *since,
                                         CtInvolvedRead       *read,
                                         GError              **error);
GPtrArray *_ct_session_resolve_involved (CtSession            *self,
                                         const CtInvolvedRead *read,
                                         GPtrArray            *breaks);
void       _ct_involved_read_clear      (CtInvolvedRead       *read);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CtInvolvedRead, _ct_involved_read_clear)

G_END_DECLS
