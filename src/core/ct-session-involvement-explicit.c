/* ct-session-involvement-explicit.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Involvement added by hand (docs/security.md): a beheerder or the
 * regisseur of one of a household's cases adds a member to it, signed;
 * the signed row travels in a sync; and the list of who is involved in a
 * household and why. The need-to-know rule that uses these rows is in
 * ct-session-involvement.c, which asks _ct_session_add_explicit() for the
 * households a member was added to. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-chain.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-id-set-private.h"
#include "ct-session-chain-private.h"
#include "ct-session-involvement-private.h"
#include "ct-session-private.h"
#include "ct-sync-private.h"

/* ---- explicit involvement --------------------------------------------- */

/* An involvement added by hand is a row every K_db holder could write, so
 * it counts only when it carries the Ed25519 signature of a present member
 * of the verified team chain who may add it: a beheerder, or the regisseur
 * of one of the household's cases, never the member themselves. The
 * signature covers the team, the household, both members and the day. */

#define INVOLVE_CONTEXT "ct-involve-v1"
#define INVOLVE_MESSAGE_SIZE (sizeof INVOLVE_CONTEXT + CT_TEAM_ID_SIZE + 8 \
                              + 2 * CT_MEMBER_ID_SIZE + 10)

static void
involvement_message (CtSession                *self,
                     const CtStoreInvolvement *inv,
                     guint8                   *out)
{
  gsize n = _ct_session_household_message (self, INVOLVE_CONTEXT, sizeof INVOLVE_CONTEXT,
                                           inv->household, out);

  memcpy (out + n, inv->member_uid, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
  memcpy (out + n, inv->signer_uid, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
  memcpy (out + n, inv->added_on, 10), n += 10;
  g_assert (n == INVOLVE_MESSAGE_SIZE);
}

static gboolean
is_regisseur (CtSession *self,
              gint64     household_id,
              gint64     member_id)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT 1 FROM cases WHERE household_id "
                                                       "= ?1 AND regisseur = ?2", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, household_id);
  sqlite3_bind_int64 (stmt, 2, member_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Whether @member of the chain may add others to @household_id now.
 * @regisseurs: (nullable): the household's regisseurs as read with the
 * rows being verified (gint64), or %NULL to ask the database. */
static gboolean
may_involve (CtSession           *self,
             const CtChainMember *member,
             gint64               household_id,
             GArray              *regisseurs)
{
  return member != NULL && !member->removed
         && (member->is_admin
             || (member->role == CT_ROLE_REGISSEUR
                 && (regisseurs != NULL ? _ct_ids_contain (regisseurs, member->id)
                                        : is_regisseur (self, household_id, member->id))));
}

static gboolean
verify_involvement_with (CtSession                *self,
                         const CtStoreInvolvement *inv,
                         GArray                   *regisseurs)
{
  const CtChainMember *signer = ct_chain_find_uid (self->chain, inv->signer_uid);
  const CtChainMember *member = ct_chain_find_uid (self->chain, inv->member_uid);
  guint8 message[INVOLVE_MESSAGE_SIZE];

  if (member == NULL || member->removed || signer == NULL || signer == member
      || !may_involve (self, signer, inv->household, regisseurs))
    return FALSE;
  involvement_message (self, inv, message);
  return _ct_chain_member_signed (signer, message, sizeof message, inv->signature);
}

static gboolean
verify_involvement (CtSession                *self,
                    const CtStoreInvolvement *inv)
{
  return verify_involvement_with (self, inv, NULL);
}

/* The households someone added this member to, verified. */
gboolean
_ct_session_add_explicit (CtSession  *self,
              GHashTable *set,
              GError    **error)
{
  g_autoptr(GArray) rows = ct_store_list_involvements (self->db, 0, self->member->member_uid,
                                                       error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const CtStoreInvolvement *inv = &g_array_index (rows, CtStoreInvolvement, i);

      if (verify_involvement (self, inv))
        _ct_id_set_add (set, inv->household);
    }
  return TRUE;
}

/* ---- involvements travel (docs/sync-merge.md, "Signed rows") ---------------- */

/* An added involvement travels whole: member, signer, day, signature; a
 * taken-out one as its member. The household is the change's row id,
 * the same on every replica, and the signature covers it with the team
 * id, so it verifies on every replica as it did here. */
#define INVOLVE_PUT_SIZE (2 * CT_MEMBER_ID_SIZE + 10 + crypto_sign_BYTES)

/* The key of a household's involvement of @member_uid, for its stamp. */
static char *
involvement_key (const guint8 *member_uid)
{
  g_autofree char *hex = _ct_sync_hex (member_uid, CT_MEMBER_ID_SIZE);

  return g_strconcat ("member:", hex, NULL);
}

static gboolean
capture_involvement (CtSession                *self,
                     const CtStoreInvolvement *inv,
                     gboolean                  add,
                     GError                  **error)
{
  guint8 payload[INVOLVE_PUT_SIZE];
  g_autofree char *key = involvement_key (inv->member_uid);
  gsize n = 0;

  memcpy (payload + n, inv->member_uid, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
  if (add)
    {
      memcpy (payload + n, inv->signer_uid, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
      memcpy (payload + n, inv->added_on, 10), n += 10;
      memcpy (payload + n, inv->signature, crypto_sign_BYTES), n += crypto_sign_BYTES;
      g_assert (n == INVOLVE_PUT_SIZE);
    }
  return _ct_session_sync_capture_signed (self, add ? CT_SYNC_SIGNED_PUT : CT_SYNC_SIGNED_DROP,
                                          "involvements", inv->household, key, payload, n, error);
}

/**
 * _ct_session_involvement_from_sync:
 * @author: the change file's author, as the chain had them at its point
 * @key: (out): the row's key within its household, for its stamp
 * @inv: (out caller-allocates): the row to store or take out
 *
 * Checks an involvement that travelled in a change file. An addition
 * must be signed by the file's author, with a key the chain gives them;
 * whether it makes anyone involved is decided at every read, as for a
 * row made here. Taking one out needs the member themselves, a beheerder
 * or the household's regisseur, as here.
 *
 * Returns: %FALSE with @error set to the reason the file is refused
 */
gboolean
_ct_session_involvement_from_sync (CtSession           *self,
                                   const CtChainMember *author,
                                   const CtSyncChange  *change,
                                   char               **key,
                                   CtStoreInvolvement  *inv,
                                   GError             **error)
{
  gboolean add = change->kind == CT_SYNC_SIGNED_PUT;
  const guint8 *p = change->payload;
  guint8 message[INVOLVE_MESSAGE_SIZE];
  gboolean signed_ok = FALSE;

  memset (inv, 0, sizeof *inv);
  if (change->payload_len != (add ? INVOLVE_PUT_SIZE : CT_MEMBER_ID_SIZE))
    return _ct_refuse_tampered (error, _("a change in it is malformed or names a table or field "
                                         "that the team file does not have"));
  inv->household = change->row_id;
  memcpy (inv->member_uid, p, CT_MEMBER_ID_SIZE);
  *key = involvement_key (inv->member_uid);
  if (!add)
    {
      if (author->is_admin || memcmp (author->uid, inv->member_uid, CT_MEMBER_ID_SIZE) == 0
          || (author->role == CT_ROLE_REGISSEUR && is_regisseur (self, inv->household, author->id)))
        return TRUE;
      return _ct_refuse_tampered (error, _("it takes a member out of a household, which only "
                                           "the household’s regisseur, a beheerder or that "
                                           "member may do"));
    }

  memcpy (inv->signer_uid, p + CT_MEMBER_ID_SIZE, CT_MEMBER_ID_SIZE);
  memcpy (inv->added_on, p + 2 * CT_MEMBER_ID_SIZE, 10);
  inv->added_on[10] = '\0';
  memcpy (inv->signature, p + 2 * CT_MEMBER_ID_SIZE + 10, crypto_sign_BYTES);
  if (memcmp (inv->signer_uid, author->uid, CT_MEMBER_ID_SIZE) == 0
      && g_utf8_validate (inv->added_on, 10, NULL) && strlen (inv->added_on) == 10)
    {
      involvement_message (self, inv, message);
      signed_ok = _ct_chain_member_signed (author, message, sizeof message, inv->signature);
    }
  if (!signed_ok)
    return _ct_refuse_tampered (error, _("it adds a member to a household with a signature that "
                                         "its author did not make"));
  return TRUE;
}

void
ct_involvement_free (CtInvolvement *involvement)
{
  if (involvement == NULL)
    return;
  g_free (involvement->login);
  g_free (involvement->display_name);
  g_free (involvement->added_on);
  g_free (involvement);
}

typedef struct
{
  CtStoreInvolvement  inv;
  gint64              household;
  gint64              member_id;
  gboolean            add;
} Involve;

static gboolean
write_involvement (CtSession *self,
                   gpointer   data,
                   GError   **error)
{
  Involve *iv = data;
  g_autofree char *purpose = g_strdup_printf ("%s involvement; member %" G_GINT64_FORMAT,
                                              iv->add ? "add" : "remove", iv->member_id);
  guint n_rows = 0;

  iv->inv.household = iv->household;
  if (iv->add)
    {
      if (!ct_store_put_involvement (self->db, &iv->inv, error))
        return FALSE;
    }
  else if (!ct_store_delete_involvement (self->db, iv->household, iv->inv.member_uid, &n_rows,
                                         error))
    return FALSE;
  else if (n_rows == 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                           _("This member was not added to this household."));
      return FALSE;
    }
  if (!capture_involvement (self, &iv->inv, iv->add, error))
    return FALSE;
  return _ct_audit_append (self, CT_AUDIT_UPDATE, "households", iv->household, 0, purpose, FALSE,
                           error);
}

/* Checks what adding or removing needs, and fills @iv's member. */
static gboolean
prepare_involve (CtSession *self,
                 Involve   *iv,
                 GError   **error)
{
  const CtChainMember *me, *member;

  if (!_ct_session_begin_write (self, error))
    return FALSE;
  if (self->member == NULL || self->chain == NULL
      || !ct_store_row_exists (self->db, "households", iv->household)
      || (member = ct_chain_find_id (self->chain, iv->member_id)) == NULL || member->removed)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("There is no such record."));
      return FALSE;
    }
  me = ct_chain_find_uid (self->chain, self->member->member_uid);
  memcpy (iv->inv.member_uid, member->uid, CT_MEMBER_ID_SIZE);
  /* Anyone may step out of a household they were added to. */
  if (!iv->add && member == me)
    return TRUE;
  if (iv->add && member == me)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("You cannot add yourself to a household: ask its regisseur or a "
                             "beheerder."));
      return FALSE;
    }
  if (!may_involve (self, me, iv->household, NULL))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only the household’s regisseur or a beheerder may add or remove "
                             "members involved in it."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ct_session_add_involvement:
 * @member_id: the member to add (members.id)
 *
 * The regisseur of one of the household's cases or a beheerder makes
 * @member_id involved in @household_id (docs/security.md). Stored signed
 * by this member and logged, naming the household. Adding someone again
 * renews the date.
 */
gboolean
ct_session_add_involvement (CtSession *self,
                            gint64     household_id,
                            gint64     member_id,
                            GError   **error)
{
  Involve iv = { .household = household_id, .member_id = member_id, .add = TRUE };
  guint8 message[INVOLVE_MESSAGE_SIZE];
  GDate today;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (!prepare_involve (self, &iv, error))
    return FALSE;
  ct_clock_get_today (&today);
  iv.inv.household = household_id;
  memcpy (iv.inv.signer_uid, self->member->member_uid, CT_MEMBER_ID_SIZE);
  g_snprintf (iv.inv.added_on, sizeof iv.inv.added_on, "%04d-%02d-%02d",
              g_date_get_year (&today), g_date_get_month (&today), g_date_get_day (&today));
  involvement_message (self, &iv.inv, message);
  return _ct_session_write_signed (self, message, sizeof message, iv.inv.signature,
                                   write_involvement, &iv, error);
}

/**
 * ct_session_remove_involvement:
 *
 * Undoes ct_session_add_involvement(): for the regisseur, a beheerder, or
 * the member themselves. Logged, naming the household. Involvement that
 * follows from the team's rows (regisseur, action, meeting) stays.
 */
gboolean
ct_session_remove_involvement (CtSession *self,
                               gint64     household_id,
                               gint64     member_id,
                               GError   **error)
{
  Involve iv = { .household = household_id, .member_id = member_id, .add = FALSE };

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return prepare_involve (self, &iv, error)
         && _ct_session_with_transaction (self, write_involvement, &iv, error);
}

/**
 * ct_session_list_involvements:
 *
 * The members added to @household_id by hand whose signature holds, for
 * its regisseur and a beheerder (ct_session_may_read_household_log());
 * others get %CT_ERROR_RESTRICTED. A row that does not verify is left
 * out: it gives nobody anything.
 *
 * Returns: (transfer full) (element-type CtInvolvement):
 */
GPtrArray *
ct_session_list_involvements (CtSession *self,
                              gint64     household_id,
                              GError   **error)
{
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GPtrArray) out = NULL;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;
  if (!ct_session_may_read_household_log (self, household_id))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a beheerder or the household’s regisseur may see who was "
                             "added to it."));
      return NULL;
    }
  if ((rows = ct_store_list_involvements (self->db, household_id, NULL, error)) == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_involvement_free);
  for (guint i = 0; i < rows->len; i++)
    {
      const CtStoreInvolvement *inv = &g_array_index (rows, CtStoreInvolvement, i);
      const CtChainMember *member = ct_chain_find_uid (self->chain, inv->member_uid);
      CtInvolvement *item;

      if (!verify_involvement (self, inv))
        continue;
      item = g_new0 (CtInvolvement, 1);
      item->member_id = member->id;
      item->login = g_strdup (member->login);
      item->display_name = g_strdup (member->display_name);
      item->added_by = ct_chain_find_uid (self->chain, inv->signer_uid)->id;
      item->added_on = g_strdup (inv->added_on);
      item->reasons = CT_INVOLVED_EXPLICIT;
      g_ptr_array_add (out, item);
    }
  return g_steal_pointer (&out);
}

/* Adds @reasons to @member_id's entry of @by_id, made on first sight; a
 * member no longer in the team is left out. */
static CtInvolvement *
note_reason (CtSession         *self,
             GHashTable        *by_id,
             gint64             member_id,
             CtInvolvedReasons  reasons)
{
  const CtChainMember *member = ct_chain_find_id (self->chain, member_id);
  CtInvolvement *item;

  if (member == NULL || member->removed)
    return NULL;
  if ((item = g_hash_table_lookup (by_id, &member_id)) == NULL)
    {
      item = g_new0 (CtInvolvement, 1);
      item->member_id = member->id;
      item->login = g_strdup (member->login);
      item->display_name = g_strdup (member->display_name);
      g_hash_table_insert (by_id, g_memdup2 (&member_id, sizeof member_id), item);
    }
  item->reasons |= reasons;
  return item;
}

/* One reason the team's own rows give: who, and how (1 regisseur, 2
 * responsible for an action, 4 chair or attendee of a recent meeting with
 * it on the agenda, 8 on any agenda: the voorzitter). */
typedef struct
{
  gint64 member_id;
  int    kind;
} RowReason;

/* The reasons the team's own rows give in @household_id, as
 * ct_store_involved_households() finds households for one member; no
 * chain is needed, so a reader can read them. @since: the first day of
 * the meetings that count (_ct_session_meetings_since()). */
static GArray *
read_row_reasons (CtSession  *self,
                  gint64      household_id,
                  const char *since,
                  GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (
    self->db,
    "SELECT regisseur, 1 FROM cases WHERE household_id = ?1 AND regisseur IS NOT NULL "
    "UNION SELECT responsible, 2 FROM actions WHERE household_id = ?1 "
    "AND responsible IS NOT NULL "
    "UNION SELECT m.chair, 4 FROM agenda_items i JOIN cases c ON c.id = i.case_id "
    "JOIN meetings m ON m.id = i.meeting_id WHERE c.household_id = ?1 AND m.held_on >= ?2 "
    "AND m.chair IS NOT NULL "
    "UNION SELECT t.member, 4 FROM agenda_items i JOIN cases c ON c.id = i.case_id "
    "JOIN meetings m ON m.id = i.meeting_id JOIN attendees t ON t.meeting_id = m.id "
    "WHERE c.household_id = ?1 AND m.held_on >= ?2 "
    "UNION SELECT 0, 8 FROM agenda_items i JOIN cases c ON c.id = i.case_id "
    "WHERE c.household_id = ?1",
    error);
  g_autoptr(GArray) reasons = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, household_id);
  sqlite3_bind_text (stmt, 2, since, -1, SQLITE_STATIC);
  reasons = g_array_new (FALSE, FALSE, sizeof (RowReason));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RowReason reason = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1) };

      g_array_append_val (reasons, reason);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&reasons);
}

/* The members @reasons name, through the chain. */
static void
note_row_reasons (CtSession  *self,
                  GHashTable *by_id,
                  GArray     *reasons)
{
  for (guint r = 0; r < reasons->len; r++)
    {
      const RowReason *reason = &g_array_index (reasons, RowReason, r);

      /* On any agenda: the voorzitter keeps what the policy gives for
       * agenda items. */
      if (reason->kind == 8)
        {
          for (guint i = 0; i < self->chain->members->len; i++)
            {
              const CtChainMember *m = g_ptr_array_index (self->chain->members, i);

              if (m->role == CT_ROLE_VOORZITTER)
                note_reason (self, by_id, m->id, CT_INVOLVED_AGENDA);
            }
          continue;
        }
      note_reason (self, by_id, reason->member_id,
                   reason->kind == 1 ? CT_INVOLVED_REGISSEUR
                   : reason->kind == 2 ? CT_INVOLVED_ACTION : CT_INVOLVED_AGENDA);
    }
}

/* The household's regisseurs among @reasons: what may_involve() asks the
 * database, as read with the rest. */
static GArray *
regisseurs_of (GArray *reasons)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < reasons->len; i++)
    if (g_array_index (reasons, RowReason, i).kind == 1)
      g_array_append_val (ids, g_array_index (reasons, RowReason, i).member_id);
  return ids;
}

static int
compare_involvements (gconstpointer a,
                      gconstpointer b)
{
  const CtInvolvement *x = *(CtInvolvement * const *) a;
  const CtInvolvement *y = *(CtInvolvement * const *) b;
  int by_name = g_utf8_collate (x->display_name, y->display_name);

  return by_name != 0 ? by_name : g_strcmp0 (x->login, y->login);
}

void
_ct_involved_read_clear (CtInvolvedRead *read)
{
  g_clear_pointer (&read->explicit, g_array_unref);
  g_clear_pointer (&read->reasons, g_array_unref);
}

/**
 * _ct_session_read_involved:
 * @since: the first day of the meetings that count, from the session
 *   itself (_ct_session_meetings_since(): the chain sets it)
 *
 * The first half of ct_session_list_involved_members(): the rows that
 * say who is involved in @household_id, read without the team chain, so
 * a reader can read them in a worker; _ct_session_resolve_involved()
 * verifies and names them in the session's thread. For its regisseur and
 * a beheerder (ct_session_may_read_household_log()); others get
 * %CT_ERROR_RESTRICTED. Nothing of a client's data: ids, dates and
 * signatures, not logged.
 */
gboolean
_ct_session_read_involved (CtSession      *self,
                           gint64          household_id,
                           const char     *since,
                           CtInvolvedRead *read,
                           GError        **error)
{
  if (!_ct_session_require_unlocked (self, error))
    return FALSE;
  if (!ct_session_may_read_household_log (self, household_id))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a beheerder or the household’s regisseur may see who was "
                             "added to it."));
      return FALSE;
    }
  if ((read->explicit = ct_store_list_involvements (self->db, household_id, NULL,
                                                    error)) == NULL
      || (read->reasons = read_row_reasons (self, household_id, since, error)) == NULL)
    {
      _ct_involved_read_clear (read);
      return FALSE;
    }
  return TRUE;
}

/**
 * _ct_session_resolve_involved:
 * @read: what _ct_session_read_involved() read of @household_id
 * @breaks: (element-type CtGlassBreak): the household's breaks of the
 *   glass (ct_session_list_glass_breaks())
 *
 * The second half of ct_session_list_involved_members(), in the session's
 * thread: the hand-added rows whose signature holds against the team
 * chain (the signer's regisseurship as @read found it), and the members
 * the chain names, sorted by name. Reads nothing.
 *
 * Returns: (transfer full) (element-type CtInvolvement):
 */
GPtrArray *
_ct_session_resolve_involved (CtSession            *self,
                              const CtInvolvedRead *read,
                              GPtrArray            *breaks)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       NULL);
  g_autoptr(GArray) regisseurs = regisseurs_of (read->reasons);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_involvement_free);
  GHashTableIter iter;
  gpointer value;

  note_row_reasons (self, by_id, read->reasons);
  for (guint i = 0; i < read->explicit->len; i++)
    {
      const CtStoreInvolvement *inv = &g_array_index (read->explicit, CtStoreInvolvement, i);
      const CtChainMember *member, *signer;
      CtInvolvement *item;

      if (!verify_involvement_with (self, inv, regisseurs))
        continue;
      member = ct_chain_find_uid (self->chain, inv->member_uid);
      signer = ct_chain_find_uid (self->chain, inv->signer_uid);
      if ((item = note_reason (self, by_id, member->id, CT_INVOLVED_EXPLICIT)) != NULL)
        {
          item->added_by = signer->id;
          g_free (item->added_on);
          item->added_on = g_strdup (inv->added_on);
        }
    }
  for (guint i = 0; i < breaks->len; i++)
    {
      CtGlassBreak *glass = g_ptr_array_index (breaks, i);

      for (guint j = 0; glass->login != NULL && j < self->chain->members->len; j++)
        {
          const CtChainMember *m = g_ptr_array_index (self->chain->members, j);

          if (g_strcmp0 (m->login, glass->login) == 0)
            note_reason (self, by_id, m->id, CT_INVOLVED_GLASS);
        }
    }
  g_hash_table_iter_init (&iter, by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (out, value);
  g_ptr_array_sort (out, compare_involvements);
  return out;
}

/**
 * ct_session_list_involved_members:
 *
 * Everyone involved in @household_id and why (docs/security.md): its
 * regisseur, whoever is responsible for one of its actions, the chair and
 * attendees of a recent meeting with it on the agenda and the voorzitter,
 * the members added explicitly (ct_session_list_involvements()), and who
 * opened it with "Look anyway". For its regisseur and a beheerder, like
 * ct_session_list_involvements(); sorted by name. A case page reads the
 * same in a worker (ct_case_load_async()).
 *
 * Returns: (transfer full) (element-type CtInvolvement):
 */
GPtrArray *
ct_session_list_involved_members (CtSession *self,
                                  gint64     household_id,
                                  GError   **error)
{
  g_auto(CtInvolvedRead) read = { NULL, NULL };
  g_autoptr(GPtrArray) breaks = NULL;
  g_autofree char *since = NULL;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;
  since = _ct_session_meetings_since (self);
  if (!_ct_session_read_involved (self, household_id, since, &read, error)
      || (breaks = ct_session_list_glass_breaks (self, household_id, error)) == NULL)
    return NULL;
  return _ct_session_resolve_involved (self, &read, breaks);
}
