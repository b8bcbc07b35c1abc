/* ct-session-restrict.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Restriction of processing (AVG art. 18; docs/security.md). While a
 * household is restricted its data stays stored and readable by whoever
 * may read it, but nothing of its case data is changed, added or deleted
 * through the session (consent excepted: the client's own choice keeps
 * its effect), it is left out of the evaluator's export and the
 * projector shows nothing of it. Erasure and the retention purge still
 * work on it: an erasure request outranks a restriction, and a term that
 * ends still ends.
 *
 * A restriction is a row every K_db holder could write, so, as an
 * explicit involvement (ct-session-involvement-explicit.c), it counts only with
 * the Ed25519 signature of a member of the verified team chain who may
 * place one: a beheerder or a regisseur. Lifting it adds a second
 * signature to the row, of a present beheerder or regisseur; a lift that
 * does not verify lifts nothing. The signatures cover the team, the
 * household's id (team-wide once sync is on), the signer, the time and a
 * digest of the ground and the text. Deleting the row with the stock
 * sqlcipher tool does lift a restriction: that is a software rule, not
 * one encryption enforces, and docs/security.md says so. A restriction
 * that travels in a sync is captured and checked in
 * ct-session-restrict-sync.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-chain.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-id-set-private.h"
#include "ct-record-private.h"
#include "ct-session-chain-private.h"
#include "ct-session-involvement-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-restrict-private.h"
#include "ct-session-restrict-row-private.h"
#include "ct-validate-private.h"

const char * const _ct_restrict_grounds[] = {
  [CT_RESTRICT_ACCURACY] = "juistheid_betwist",
  [CT_RESTRICT_UNLAWFUL] = "onrechtmatig",
  [CT_RESTRICT_LEGAL_CLAIM] = "rechtsvordering",
  [CT_RESTRICT_OBJECTION] = "bezwaar",
};

G_STATIC_ASSERT (G_N_ELEMENTS (_ct_restrict_grounds) == CT_N_RESTRICT_GROUNDS);

/**
 * ct_restrict_ground_to_string:
 *
 * Returns: the name a ground has in the file and on the command line
 */
const char *
ct_restrict_ground_to_string (CtRestrictGround ground)
{
  g_return_val_if_fail (ground < G_N_ELEMENTS (_ct_restrict_grounds), NULL);

  return _ct_restrict_grounds[ground];
}

/**
 * ct_restrict_ground_from_string:
 *
 * Returns: the ground @name names, or -1
 */
int
ct_restrict_ground_from_string (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (_ct_restrict_grounds); i++)
    if (g_str_equal (name, _ct_restrict_grounds[i]))
      return (int) i;
  return -1;
}

/**
 * ct_restrict_ground_get_display_name:
 *
 * Returns: the ground as the case page and the dialog show it
 */
const char *
ct_restrict_ground_get_display_name (CtRestrictGround ground)
{
  switch (ground)
    {
    case CT_RESTRICT_ACCURACY:
      return _("Accuracy contested");
    case CT_RESTRICT_UNLAWFUL:
      return _("Unlawful, but to be kept");
    case CT_RESTRICT_LEGAL_CLAIM:
      return _("Needed for a legal claim");
    case CT_RESTRICT_OBJECTION:
    default:
      return _("Objection pending");
    }
}

void
ct_restriction_free (CtRestriction *restriction)
{
  if (restriction == NULL)
    return;
  g_free (restriction->reason);
  g_free (restriction->placed_at);
  g_free (restriction->login);
  g_free (restriction);
}


void
_ct_restriction_row_clear (gpointer data)
{
  CtRestrictionRow *row = data;

  g_free (row->reason);
  g_free (row->lift_reason);
}

static gboolean
copy_at (sqlite3_stmt *stmt,
         int           column,
         char          out[AT_SIZE + 1])
{
  const char *at = (const char *) sqlite3_column_text (stmt, column);

  if (at == NULL || strlen (at) != AT_SIZE)
    return FALSE;
  memcpy (out, at, AT_SIZE + 1);
  return TRUE;
}

/* The rows of @household_id, or of every household for 0, newest first.
 * Rows of the wrong shape are left out: they could never verify; a lift of
 * the wrong shape is no lift. */
GArray *
_ct_session_read_restrictions (CtSession  *self,
                               gint64      household_id,
                               GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (
    self->db,
    "SELECT id, household_id, ground, reason, placed_by, placed_at, signature, lifted_by, "
    "lifted_at, lift_reason, lift_signature FROM restrictions "
    "WHERE ?1 = 0 OR household_id = ?1 ORDER BY placed_at DESC, id DESC",
    error);
  g_autoptr(GArray) out = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, household_id);
  out = g_array_new (FALSE, TRUE, sizeof (CtRestrictionRow));
  g_array_set_clear_func (out, _ct_restriction_row_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtRestrictionRow row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      row.ground = ct_restrict_ground_from_string ((const char *) sqlite3_column_text (stmt, 2));
      if (row.ground < 0 || !ct_store_column_blob (stmt, 4, row.placed_by, CT_MEMBER_ID_SIZE)
          || !copy_at (stmt, 5, row.placed_at)
          || !ct_store_column_blob (stmt, 6, row.signature, crypto_sign_BYTES))
        continue;
      row.lifted = ct_store_column_blob (stmt, 7, row.lifted_by, CT_MEMBER_ID_SIZE)
                   && copy_at (stmt, 8, row.lifted_at)
                   && ct_store_column_blob (stmt, 10, row.lift_signature, crypto_sign_BYTES);
      row.reason = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row.lift_reason = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      g_array_append_val (out, row);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* BLAKE2b-256 of the ground's name, a NUL and the text. */
static void
text_digest (const char *ground,
             const char *text,
             guint8      out[DIGEST_SIZE])
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, DIGEST_SIZE);
  crypto_generichash_update (&state, (const guint8 *) ground, strlen (ground) + 1);
  if (text != NULL)
    crypto_generichash_update (&state, (const guint8 *) text, strlen (text));
  crypto_generichash_final (&state, out, DIGEST_SIZE);
}

void
_ct_restriction_place_message (CtSession              *self,
                               const CtRestrictionRow *row,
                               guint8                 *out)
{
  gsize n = _ct_session_household_message (self, PLACE_CONTEXT, sizeof PLACE_CONTEXT,
                                           row->household, out);

  memcpy (out + n, row->placed_by, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
  memcpy (out + n, row->placed_at, AT_SIZE), n += AT_SIZE;
  text_digest (_ct_restrict_grounds[row->ground], row->reason, out + n), n += DIGEST_SIZE;
  g_assert (n == PLACE_MESSAGE_SIZE);
}

void
_ct_restriction_lift_message (CtSession              *self,
                              const CtRestrictionRow *row,
                              guint8                 *out)
{
  gsize n = _ct_session_household_message (self, LIFT_CONTEXT, sizeof LIFT_CONTEXT,
                                           row->household, out);

  memcpy (out + n, row->signature, crypto_sign_BYTES), n += crypto_sign_BYTES;
  memcpy (out + n, row->lifted_by, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
  memcpy (out + n, row->lifted_at, AT_SIZE), n += AT_SIZE;
  text_digest ("", row->lift_reason, out + n), n += DIGEST_SIZE;
  g_assert (n == LIFT_MESSAGE_SIZE);
}

/* Whether the chain gives @member the role that places or lifts a
 * restriction. A member removed later keeps the restrictions they
 * placed: removing someone must not lift what they did. */
gboolean
_ct_restriction_may_sign (const CtChainMember *member)
{
  return member != NULL && (member->is_admin || member->role == CT_ROLE_REGISSEUR);
}

/* Whether @row is a restriction in force: placed by a beheerder or a
 * regisseur of the chain, and not lifted by a present one. */
static gboolean
in_force (CtSession              *self,
          const CtRestrictionRow *row)
{
  const CtChainMember *placer, *lifter;
  guint8 place[PLACE_MESSAGE_SIZE];
  guint8 lift[LIFT_MESSAGE_SIZE];

  if (self->chain == NULL)
    return FALSE;
  placer = ct_chain_find_uid (self->chain, row->placed_by);
  if (!_ct_restriction_may_sign (placer))
    return FALSE;
  _ct_restriction_place_message (self, row, place);
  if (!_ct_chain_member_signed (placer, place, sizeof place, row->signature))
    return FALSE;
  if (!row->lifted)
    return TRUE;
  lifter = ct_chain_find_uid (self->chain, row->lifted_by);
  if (!_ct_restriction_may_sign (lifter) || lifter->removed)
    return TRUE;
  _ct_restriction_lift_message (self, row, lift);
  return !_ct_chain_member_signed (lifter, lift, sizeof lift, row->lift_signature);
}

/* The newest restriction of @household_id in force, or %NULL (@error
 * unset when there is none). */
static CtRestrictionRow *
find_in_force (CtSession  *self,
               gint64      household_id,
               GArray    **rows_out,
               GError    **error)
{
  g_autoptr(GArray) rows = _ct_session_read_restrictions (self, household_id, error);

  *rows_out = NULL;
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    if (in_force (self, &g_array_index (rows, CtRestrictionRow, i)))
      {
        *rows_out = g_steal_pointer (&rows);
        return &g_array_index (*rows_out, CtRestrictionRow, i);
      }
  return NULL;
}

/**
 * _ct_session_restricted_households:
 *
 * Returns: (transfer full): the households under a restriction in force
 *   (gint64 *), or %NULL with @error set. A reader gives the set its
 *   owner shared with it (_ct_session_share_restrictions()).
 */
GHashTable *
_ct_session_restricted_households (CtSession *self,
                                   GError   **error)
{
  g_autoptr(GArray) rows = NULL;
  GHashTable *set;

  if (self->chain == NULL && self->restricted != NULL)
    return g_hash_table_ref (self->restricted);
  if ((rows = _ct_session_read_restrictions (self, 0, error)) == NULL)
    return NULL;
  set = _ct_id_set_new ();
  for (guint i = 0; i < rows->len; i++)
    {
      const CtRestrictionRow *row = &g_array_index (rows, CtRestrictionRow, i);

      if (!g_hash_table_contains (set, &row->household) && in_force (self, row))
        _ct_id_set_add (set, row->household);
    }
  return set;
}

/**
 * _ct_session_share_restrictions:
 * @reader: a reader of @self (_ct_session_new_reader())
 *
 * Gives @reader the households under restriction now: a reader has no
 * chain to verify them with. Call it in @self's thread.
 */
gboolean
_ct_session_share_restrictions (CtSession  *self,
                                CtSession  *reader,
                                GError    **error)
{
  GHashTable *set = _ct_session_restricted_households (self, error);

  if (set == NULL)
    return FALSE;
  g_clear_pointer (&reader->restricted, g_hash_table_unref);
  reader->restricted = set;
  return TRUE;
}

/**
 * _ct_session_hidden_restricted:
 *
 * What lists and exports leave out (issue 15, docs/retention.md): the
 * households under a restriction in force, except those this member may
 * place or lift it on — the regisseur of one of its cases and a
 * beheerder (the recovery key too), who must still find it to answer the
 * client and to lift it. Works in a reader, with the set its owner
 * shared.
 *
 * Returns: (transfer full): a set of gint64 *, or %NULL with @error set
 */
GHashTable *
_ct_session_hidden_restricted (CtSession *self,
                               GError   **error)
{
  GHashTable *set = _ct_session_restricted_households (self, error);
  GHashTable *hidden;
  GHashTableIter iter;
  gint64 *household;

  if (set == NULL)
    return NULL;
  hidden = _ct_id_set_new ();
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, (gpointer *) &household, NULL))
    if (!ct_session_may_read_household_log (self, *household))
      _ct_id_set_add (hidden, *household);
  g_hash_table_unref (set);
  return hidden;
}

/**
 * _ct_session_restricted_cases:
 *
 * For an export that lists cases: the cases whose household is under a
 * restriction in force.
 *
 * Returns: (transfer full): a set of gint64 *, or %NULL with @error set
 */
GHashTable *
_ct_session_restricted_cases (CtSession *self,
                              GError   **error)
{
  g_autoptr(GHashTable) households = _ct_session_restricted_households (self, error);
  g_autoptr(GHashTable) cases = NULL;
  g_autoptr(CtStmt) stmt = NULL;
  int rc;

  if (households == NULL)
    return NULL;
  cases = _ct_id_set_new ();
  if (g_hash_table_size (households) == 0)
    return g_steal_pointer (&cases);
  if ((stmt = ct_store_prepare (self->db, "SELECT id, household_id FROM cases", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 household = sqlite3_column_int64 (stmt, 1);

      if (g_hash_table_contains (households, &household))
        _ct_id_set_add (cases, id);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&cases);
}

/**
 * _ct_session_household_restricted:
 *
 * Returns: whether a restriction is in force on @household_id; %FALSE
 *   with @error set when that cannot be read
 */
gboolean
_ct_session_household_restricted (CtSession  *self,
                                  gint64      household_id,
                                  GError    **error)
{
  g_autoptr(GArray) rows = NULL;

  if (self->chain == NULL && self->restricted != NULL)
    return g_hash_table_contains (self->restricted, &household_id);
  return find_in_force (self, household_id, &rows, error) != NULL;
}

static gboolean
refuse (CtSession *self,
        gint64     household_id,
        GError   **error)
{
  g_autoptr(GArray) rows = NULL;
  const CtRestrictionRow *row = find_in_force (self, household_id, &rows, NULL);

  g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
               _("Processing of this household is restricted (%s): its data cannot be "
                 "changed until the restriction is lifted."),
               ct_restrict_ground_get_display_name (row != NULL ? (CtRestrictGround) row->ground
                                                                : CT_RESTRICT_OBJECTION));
  return FALSE;
}

/**
 * _ct_session_check_restricted_write:
 * @record: (nullable): a record to insert (id 0) or update; %NULL for a
 *   delete of @table's row @id
 *
 * Refuses every change to the case data of a household under restriction
 * (its own row, its persons, cases, actions, ZRM, expenses, agenda items,
 * doorbraken, ...); its consents stay the client's to give and withdraw.
 */
gboolean
_ct_session_check_restricted_write (CtSession     *self,
                                    const CtTable *table,
                                    CtRecord      *record,
                                    gint64         id,
                                    GError       **error)
{
  g_autoptr(GArray) rows = NULL;

  if (g_str_equal (table->name, "consents"))
    return TRUE;
  if (record != NULL && record->id == 0)
    {
      gint64 household = g_str_equal (table->name, "households") ? 0
                                                                 : _ct_session_household_of_new (self, record);

      GError *local = NULL;

      if (household == 0)
        return TRUE;
      if (_ct_session_household_restricted (self, household, &local))
        return refuse (self, household, error);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      return TRUE;
    }
  if ((rows = ct_store_row_households (self->db, table, NULL, record != NULL ? record->id : id,
                                       error)) == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 household = g_array_index (rows, CtRowHousehold, i).household;
      GError *local = NULL;

      if (_ct_session_household_restricted (self, household, &local))
        return refuse (self, household, error);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * ct_session_may_restrict:
 *
 * Returns: whether this member may place or lift a restriction on
 *   @household_id: a beheerder, or the regisseur of one of its cases
 */
gboolean
ct_session_may_restrict (CtSession *self,
                         gint64     household_id)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return _ct_session_may_restrict_given (self, TRUE)
         && (self->member->is_admin || ct_session_may_read_household_log (self, household_id));
}

/**
 * _ct_session_may_restrict_given:
 * @may_read_log: what ct_session_may_read_household_log() said of the
 *   household, as a reader read it in a worker (ct_case_load_async())
 *
 * ct_session_may_restrict() without its query: whether the member
 * directs the household came with the case's view; the member and the
 * chain are the session's own, in its thread.
 */
gboolean
_ct_session_may_restrict_given (CtSession *self,
                                gboolean   may_read_log)
{
  return !ct_session_is_locked (self) && self->member != NULL && self->chain != NULL
         && (self->member->is_admin
             || (self->member->role == CT_ROLE_REGISSEUR && may_read_log));
}

typedef struct
{
  CtRestrictionRow row;
  gboolean         lift;
} Change;

static gboolean
write_change (CtSession *self,
              gpointer   data,
              GError   **error)
{
  Change *c = data;
  g_autoptr(CtStmt) stmt = NULL;
  g_autofree char *purpose = NULL;

  if (c->lift)
    {
      stmt = ct_store_prepare (self->db, "UPDATE restrictions SET lifted_by = ?2, lifted_at = ?3, "
                                         "lift_reason = ?4, lift_signature = ?5 WHERE id = ?1",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c->row.id);
      sqlite3_bind_blob (stmt, 2, c->row.lifted_by, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, c->row.lifted_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, c->row.lift_reason, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 5, c->row.lift_signature, crypto_sign_BYTES, SQLITE_STATIC);
      purpose = g_strdup ("lift restriction");
    }
  else
    {
      stmt = ct_store_prepare (self->db, "INSERT INTO restrictions (household_id, ground, reason, "
                                         "placed_by, placed_at, signature) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c->row.household);
      sqlite3_bind_text (stmt, 2, _ct_restrict_grounds[c->row.ground], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, c->row.reason, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 4, c->row.placed_by, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, c->row.placed_at, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 6, c->row.signature, crypto_sign_BYTES, SQLITE_STATIC);
      /* The ground from the short list; the text stays out of the log. */
      purpose = g_strconcat ("restrict processing; ", _ct_restrict_grounds[c->row.ground], NULL);
    }
  return ct_store_step_done (self->db, stmt, error)
         && _ct_session_capture_restriction (self, &c->row, c->lift, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "households", c->row.household, 0, purpose,
                              FALSE, error);
}

/* Checks what placing or lifting needs; the text stripped, %NULL when
 * empty, in @text. */
static gboolean
prepare_change (CtSession   *self,
                gint64       household_id,
                const char  *reason,
                gboolean     required,
                char       **text,
                GError     **error)
{
  *text = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (**text == '\0')
    g_clear_pointer (text, g_free);
  if (*text == NULL && required)
    {
      ct_set_field_error (error, "restrictions", "lift_reason",
                          _("%s: say why the restriction is lifted."), _("Reason"));
      return FALSE;
    }
  if (*text != NULL && !_ct_validate_text ("restrictions", required ? "lift_reason" : "reason",
                                               _("Reason"), *text, REASON_MAX, error))
    return FALSE;
  if (!_ct_session_begin_write (self, error))
    return FALSE;
  if (self->member == NULL || !ct_store_row_exists (self->db, "households", household_id))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("There is no such record."));
      return FALSE;
    }
  if (!ct_session_may_restrict (self, household_id))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only the household’s regisseur or a beheerder may restrict its "
                             "processing or lift a restriction."));
      return FALSE;
    }
  return TRUE;
}

static void
now_at (char out[AT_SIZE + 1])
{
  g_autoptr(GDateTime) now = ct_clock_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  g_strlcpy (out, at, AT_SIZE + 1);
}

/**
 * ct_session_restrict:
 * @ground: why, from the short list
 * @reason: (nullable): in the member's words, up to 500 characters
 *
 * Restricts the processing of @household_id (AVG art. 18): for its
 * regisseur and a beheerder. Stored signed by this member and logged,
 * naming the household and the ground; the text stays out of the log.
 * Refused with %CT_ERROR_EXISTS while one is in force.
 */
gboolean
ct_session_restrict (CtSession        *self,
                     gint64            household_id,
                     CtRestrictGround  ground,
                     const char       *reason,
                     GError          **error)
{
  Change c = { { .household = household_id, .ground = (int) ground } };
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  guint8 message[PLACE_MESSAGE_SIZE];

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (ground < G_N_ELEMENTS (_ct_restrict_grounds), FALSE);

  if (!prepare_change (self, household_id, reason, FALSE, &text, error))
    return FALSE;
  if (_ct_session_household_restricted (self, household_id, &local))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_EXISTS,
                           _("Processing of this household is restricted already."));
      return FALSE;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  c.row.reason = text;
  memcpy (c.row.placed_by, self->member->member_uid, CT_MEMBER_ID_SIZE);
  now_at (c.row.placed_at);
  _ct_restriction_place_message (self, &c.row, message);
  return _ct_session_write_signed (self, message, sizeof message, c.row.signature, write_change,
                                   &c, error);
}

/**
 * ct_session_lift_restriction:
 * @reason: why, in the member's words: required
 *
 * Lifts the restriction in force on @household_id: for its regisseur and
 * a beheerder. The restriction stays on record with its lift, signed by
 * this member, and the lift is logged naming the household.
 */
gboolean
ct_session_lift_restriction (CtSession  *self,
                             gint64      household_id,
                             const char *reason,
                             GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GError) local = NULL;
  guint8 message[LIFT_MESSAGE_SIZE];
  Change c = { .lift = TRUE };
  CtRestrictionRow *row;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (!prepare_change (self, household_id, reason, TRUE, &text, error))
    return FALSE;
  if ((row = find_in_force (self, household_id, &rows, &local)) == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                             _("Processing of this household is not restricted."));
      return FALSE;
    }
  c.row = *row;
  c.row.reason = NULL;
  c.row.lift_reason = text;
  memcpy (c.row.lifted_by, self->member->member_uid, CT_MEMBER_ID_SIZE);
  now_at (c.row.lifted_at);
  _ct_restriction_lift_message (self, &c.row, message);
  return _ct_session_write_signed (self, message, sizeof message, c.row.lift_signature,
                                   write_change, &c, error);
}

/**
 * ct_session_get_restriction:
 *
 * The restriction in force on @household_id, verified against the team
 * chain: a row that does not verify restricts nothing. Anyone who sees
 * the household may know that it is restricted and on which ground; the
 * text goes to its regisseur and a beheerder only.
 *
 * Returns: (transfer full) (nullable): the restriction, or %NULL when
 *   there is none (@error unset) or on an error
 */
CtRestriction *
ct_session_get_restriction (CtSession *self,
                            gint64     household_id,
                            GError   **error)
{
  g_autoptr(GArray) rows = NULL;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error)
      || (rows = _ct_session_read_restrictions (self, household_id, error)) == NULL)
    return NULL;
  return _ct_session_restriction_in_force (self, household_id, rows);
}

/**
 * _ct_session_restriction_in_force:
 * @rows: (element-type CtRestrictionRow): @household_id's restrictions as
 *   _ct_session_read_restrictions() read them, in a reader too
 *
 * ct_session_get_restriction() over rows read already: the verifying
 * against the team chain, which a reader has not, in the session itself.
 *
 * Returns: (transfer full) (nullable): the restriction in force, or %NULL
 */
CtRestriction *
_ct_session_restriction_in_force (CtSession *self,
                                  gint64     household_id,
                                  GArray    *rows)
{
  const CtChainMember *placer;
  CtRestriction *out;
  CtRestrictionRow *row = NULL;

  g_return_val_if_fail (self->chain != NULL, NULL);

  for (guint i = 0; row == NULL && i < rows->len; i++)
    if (g_array_index (rows, CtRestrictionRow, i).household == household_id
        && in_force (self, &g_array_index (rows, CtRestrictionRow, i)))
      row = &g_array_index (rows, CtRestrictionRow, i);
  if (row == NULL)
    return NULL;
  placer = ct_chain_find_uid (self->chain, row->placed_by);
  out = g_new0 (CtRestriction, 1);
  out->ground = (CtRestrictGround) row->ground;
  out->placed_at = g_strdup (row->placed_at);
  out->placed_by = placer->id;
  out->login = g_strdup (placer->login);
  if (ct_session_may_read_household_log (self, household_id))
    out->reason = g_strdup (row->reason);
  return out;
}

/**
 * ct_session_list_restricted:
 *
 * For a list to mark them: the households under a restriction in force,
 * verified.
 *
 * Returns: (transfer full) (element-type gint64 gpointer): a set of
 *   gint64 *, or %NULL with @error set
 */
GHashTable *
ct_session_list_restricted (CtSession *self,
                            GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;
  return _ct_session_restricted_households (self, error);
}

/**
 * ct_session_find_case_household:
 * @number: a case number, a general field
 *
 * For a command that names a household by its case number.
 *
 * Returns: the household of the case numbered @number, or 0 with @error
 *   set
 */
gint64
ct_session_find_case_household (CtSession  *self,
                                const char *number,
                                GError    **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CT_IS_SESSION (self), 0);

  if (!_ct_session_require_unlocked (self, error)
      || (stmt = ct_store_prepare (self->db, "SELECT household_id FROM cases WHERE number = ?1",
                                   error)) == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    ct_store_set_error (self->db, rc, error);
  else
    g_set_error (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("There is no case numbered %s."), number);
  return 0;
}
