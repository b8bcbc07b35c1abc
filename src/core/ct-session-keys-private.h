/* ct-session-keys-private.h — the team’s keys: K_db, category keys, credentials
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* K_db and its rotation (ct-session.c), the category keys the session
 * holds (ct-session-keys.c; the values sealed under them are
 * ct-session-seal.c's, ct-seal-private.h), and a member's new keys after a
 * credential change (docs/file-format.md). */

#pragma once

#include "ct-crypto.h"
#include "ct-header.h"
#include "ct-roles.h"
#include "ct-session.h"
#include "ct-store.h"

G_BEGIN_DECLS

/* ct-session-rekey.c */
void       _ct_session_set_db_key    (CtSession    *self,
                                      const guint8 *key);
gboolean   _ct_session_rotate_key    (CtSession    *self,
                                      GError      **error);
void       _ct_session_rotate_key_async (CtSession           *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean   _ct_session_rotate_key_finish (CtSession     *self,
                                          GAsyncResult  *result,
                                          GError       **error);
gboolean   _ct_session_record_member_keys (CtSession        *self,
                                           gint64            member_id,
                                           const CtIdentity *identity,
                                           GError          **error);
CtIdentity *_ct_session_new_credentials (CtSession         *self,
                                         const CtMemberRow *member,
                                         const char        *passphrase,
                                         CtSlot            *slot,
                                         GError           **error);
gboolean   _ct_session_store_credentials (CtSession         *self,
                                          const CtMemberRow *member,
                                          CtIdentity        *identity,
                                          CtSlot            *slot,
                                          const char        *purpose,
                                          GError           **error);
gboolean   _ct_session_rotate_credentials (CtSession         *self,
                                           const CtMemberRow *member,
                                           const char        *passphrase,
                                           const char        *purpose,
                                           GError           **error);

/* ct-session-keys.c */

typedef struct _CtKeyState CtKeyState;

CtKeyState *_ct_session_save_keys    (CtSession    *self);
void       _ct_session_restore_keys  (CtSession    *self,
                                      CtKeyState   *state);
void       _ct_key_state_free        (CtKeyState   *state);
gboolean   _ct_session_with_keyed_transaction (CtSession *self,
                                               gboolean (*func) (CtSession *, gpointer, GError **),
                                               gpointer   data,
                                               GError   **error);
void       _ct_session_end_transaction_keys (CtSession *self,
                                             gboolean   committed);
gboolean   _ct_session_run_keyed     (CtSession    *self,
                                      gboolean    (*func) (CtSession *, gpointer, GError **),
                                      gpointer      data,
                                      GError      **error);
void       _ct_session_write_keyed_async (CtSession          *self,
                                          CtSessionWriteFunc  func,
                                          gpointer            data,
                                          GDestroyNotify      data_free,
                                          GTask              *task);

gboolean   _ct_session_setup_keys    (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_fulfil        (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_rotate_pending (CtSession   *self,
                                       GError     **error);
gboolean   _ct_session_can_read      (CtSession    *self,
                                      CtCategory    category);
gint64     _ct_session_holder        (CtSession    *self);
guint8    *_ct_session_key_of        (CtSession    *self,
                                      CtCategory    category);
const guint8 *_ct_session_current_key (CtSession   *self,
                                       CtCategory   c);
gboolean   _ct_session_key_of_version (CtSession   *self,
                                       CtCategory   c,
                                       gint         version,
                                       guint8      *out);
guint8    *_ct_session_keys_of_version (CtSession  *self,
                                        CtCategory  c,
                                        gint        version,
                                        guint      *n_keys);

G_END_DECLS
