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
 * explicit involvement (ct-session-involvement.c), it counts only with
 * the Ed25519 signature of a member of the verified team chain who may
 * place one: a beheerder or a regisseur. Lifting it adds a second
 * signature to the row, of a present beheerder or regisseur; a lift that
 * does not verify lifts nothing. The signatures cover the team, the
 * household's id (team-wide once sync is on), the signer, the time and a
 * digest of the ground and the text. Deleting the row with the stock
 * sqlcipher tool does lift a restriction: that is a software rule, not
 * one encryption enforces, and docs/security.md says so. */

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
#include "ct-session-involvement-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-restrict-private.h"
#include "ct-sync-private.h"
#include "ct-validate-private.h"

#define PLACE_CONTEXT "ct-restrict-v1"
#define LIFT_CONTEXT "ct-restrict-lift-v1"
#define AT_SIZE 20  /* YYYY-MM-DDTHH:MM:SSZ */
#define DIGEST_SIZE 32
#define PLACE_MESSAGE_SIZE (sizeof PLACE_CONTEXT + CT_TEAM_ID_SIZE + 8 + CT_MEMBER_ID_SIZE \
                            + AT_SIZE + DIGEST_SIZE)
#define LIFT_MESSAGE_SIZE (sizeof LIFT_CONTEXT + CT_TEAM_ID_SIZE + 8 + crypto_sign_BYTES \
                           + CT_MEMBER_ID_SIZE + AT_SIZE + DIGEST_SIZE)
#define REASON_MAX 500

static const char * const grounds[] = {
  [CT_RESTRICT_ACCURACY] = "juistheid_betwist",
  [CT_RESTRICT_UNLAWFUL] = "onrechtmatig",
  [CT_RESTRICT_LEGAL_CLAIM] = "rechtsvordering",
  [CT_RESTRICT_OBJECTION] = "bezwaar",
};

G_STATIC_ASSERT (G_N_ELEMENTS (grounds) == CT_N_RESTRICT_GROUNDS);

/**
 * ct_restrict_ground_to_string:
 *
 * Returns: the name a ground has in the file and on the command line
 */
const char *
ct_restrict_ground_to_string (CtRestrictGround ground)
{
  g_return_val_if_fail (ground < G_N_ELEMENTS (grounds), NULL);

  return grounds[ground];
}

/**
 * ct_restrict_ground_from_string:
 *
 * Returns: the ground @name names, or -1
 */
int
ct_restrict_ground_from_string (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (grounds); i++)
    if (g_str_equal (name, grounds[i]))
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

/* One row of the restrictions table, as stored. */
typedef struct
{
  gint64  id;
  gint64  household;
  int     ground;
  char   *reason;
  guint8  placed_by[CT_MEMBER_ID_SIZE];
  char    placed_at[AT_SIZE + 1];
  guint8  signature[crypto_sign_BYTES];
  gboolean lifted;
  guint8  lifted_by[CT_MEMBER_ID_SIZE];
  char    lifted_at[AT_SIZE + 1];
  char   *lift_reason;
  guint8  lift_signature[crypto_sign_BYTES];
} Row;

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->reason);
  g_free (row->lift_reason);
}

static gboolean
copy_blob (sqlite3_stmt *stmt,
           int           column,
           guint8       *out,
           gsize         size)
{
  if (sqlite3_column_type (stmt, column) != SQLITE_BLOB
      || (gsize) sqlite3_column_bytes (stmt, column) != size)
    return FALSE;
  memcpy (out, sqlite3_column_blob (stmt, column), size);
  return TRUE;
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
static GArray *
read_rows (CtSession *self,
           gint64     household_id,
           GError   **error)
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
  out = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (out, row_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      row.ground = ct_restrict_ground_from_string ((const char *) sqlite3_column_text (stmt, 2));
      if (row.ground < 0 || !copy_blob (stmt, 4, row.placed_by, CT_MEMBER_ID_SIZE)
          || !copy_at (stmt, 5, row.placed_at)
          || !copy_blob (stmt, 6, row.signature, crypto_sign_BYTES))
        continue;
      row.lifted = copy_blob (stmt, 7, row.lifted_by, CT_MEMBER_ID_SIZE)
                   && copy_at (stmt, 8, row.lifted_at)
                   && copy_blob (stmt, 10, row.lift_signature, crypto_sign_BYTES);
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

static void
place_message (CtSession *self,
               const Row *row,
               guint8    *out)
{
  gint64 household_le = GINT64_TO_LE (row->household);
  gsize n = 0;

  memcpy (out + n, PLACE_CONTEXT, sizeof PLACE_CONTEXT), n += sizeof PLACE_CONTEXT;
  memcpy (out + n, self->chain->team_id, CT_TEAM_ID_SIZE), n += CT_TEAM_ID_SIZE;
  memcpy (out + n, &household_le, 8), n += 8;
  memcpy (out + n, row->placed_by, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
  memcpy (out + n, row->placed_at, AT_SIZE), n += AT_SIZE;
  text_digest (grounds[row->ground], row->reason, out + n), n += DIGEST_SIZE;
  g_assert (n == PLACE_MESSAGE_SIZE);
}

static void
lift_message (CtSession *self,
              const Row *row,
              guint8    *out)
{
  gint64 household_le = GINT64_TO_LE (row->household);
  gsize n = 0;

  memcpy (out + n, LIFT_CONTEXT, sizeof LIFT_CONTEXT), n += sizeof LIFT_CONTEXT;
  memcpy (out + n, self->chain->team_id, CT_TEAM_ID_SIZE), n += CT_TEAM_ID_SIZE;
  memcpy (out + n, &household_le, 8), n += 8;
  memcpy (out + n, row->signature, crypto_sign_BYTES), n += crypto_sign_BYTES;
  memcpy (out + n, row->lifted_by, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
  memcpy (out + n, row->lifted_at, AT_SIZE), n += AT_SIZE;
  text_digest ("", row->lift_reason, out + n), n += DIGEST_SIZE;
  g_assert (n == LIFT_MESSAGE_SIZE);
}

static gboolean
signed_by (const CtChainMember *signer,
           const guint8        *message,
           gsize                size,
           const guint8        *signature)
{
  for (guint i = 0; i < ct_chain_member_n_sign_keys (signer); i++)
    if (crypto_sign_verify_detached (signature, message, size,
                                     ct_chain_member_get_sign_key (signer, i)) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the chain gives @member the role that places or lifts a
 * restriction. A member removed later keeps the restrictions they
 * placed: removing someone must not lift what they did. */
static gboolean
may_sign (const CtChainMember *member)
{
  return member != NULL && (member->is_admin || member->role == CT_ROLE_REGISSEUR);
}

/* Whether @row is a restriction in force: placed by a beheerder or a
 * regisseur of the chain, and not lifted by a present one. */
static gboolean
in_force (CtSession *self,
          const Row *row)
{
  const CtChainMember *placer, *lifter;
  guint8 place[PLACE_MESSAGE_SIZE];
  guint8 lift[LIFT_MESSAGE_SIZE];

  if (self->chain == NULL)
    return FALSE;
  placer = ct_chain_find_uid (self->chain, row->placed_by);
  if (!may_sign (placer))
    return FALSE;
  place_message (self, row, place);
  if (!signed_by (placer, place, sizeof place, row->signature))
    return FALSE;
  if (!row->lifted)
    return TRUE;
  lifter = ct_chain_find_uid (self->chain, row->lifted_by);
  if (!may_sign (lifter) || lifter->removed)
    return TRUE;
  lift_message (self, row, lift);
  return !signed_by (lifter, lift, sizeof lift, row->lift_signature);
}

/* The newest restriction of @household_id in force, or %NULL (@error
 * unset when there is none). */
static Row *
find_in_force (CtSession *self,
               gint64     household_id,
               GArray   **rows_out,
               GError   **error)
{
  g_autoptr(GArray) rows = read_rows (self, household_id, error);

  *rows_out = NULL;
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    if (in_force (self, &g_array_index (rows, Row, i)))
      {
        *rows_out = g_steal_pointer (&rows);
        return &g_array_index (*rows_out, Row, i);
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
  if ((rows = read_rows (self, 0, error)) == NULL)
    return NULL;
  set = _ct_id_set_new ();
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);

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
  const Row *row = find_in_force (self, household_id, &rows, NULL);

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

/* ---- restrictions travel (docs/sync.md, "Signed rows") ---------------- */

/* A placement travels whole: ground, placer, time, signature and text; a
 * lift as the placement's signature (which row), lifter, time and reason.
 * The household is the change's row id, the same on every replica, and
 * the signatures cover it with the team id, so they verify on every
 * replica as here. Texts go with a 16-bit length; 0 is none. */
#define KEY_PREFIX "restriction:"
#define GROUND_MAX 32

/* The key of a restriction within its household, for its stamp: its
 * placement's signature, which place and lift share. */
static char *
restriction_key (const guint8 *signature)
{
  g_autofree char *hex = _ct_sync_hex (signature, 16);

  return g_strconcat (KEY_PREFIX, hex, NULL);
}

static void
put_text (GByteArray *out,
          const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;
  guint8 le[2] = { (guint8) (len & 0xff), (guint8) (len >> 8) };

  g_assert (len <= G_MAXUINT16);
  g_byte_array_append (out, le, 2);
  g_byte_array_append (out, (const guint8 *) text, (guint) len);
}

static gboolean
capture_change (CtSession  *self,
                const Row  *row,
                gboolean    lift,
                GError    **error)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  g_autofree char *key = restriction_key (row->signature);

  if (lift)
    {
      g_byte_array_append (payload, row->signature, crypto_sign_BYTES);
      g_byte_array_append (payload, row->lifted_by, CT_MEMBER_ID_SIZE);
      g_byte_array_append (payload, (const guint8 *) row->lifted_at, AT_SIZE);
      g_byte_array_append (payload, row->lift_signature, crypto_sign_BYTES);
      put_text (payload, row->lift_reason);
    }
  else
    {
      put_text (payload, grounds[row->ground]);
      g_byte_array_append (payload, row->placed_by, CT_MEMBER_ID_SIZE);
      g_byte_array_append (payload, (const guint8 *) row->placed_at, AT_SIZE);
      g_byte_array_append (payload, row->signature, crypto_sign_BYTES);
      put_text (payload, row->reason);
    }
  return _ct_session_sync_capture_signed (self, lift ? CT_SYNC_SIGNED_DROP : CT_SYNC_SIGNED_PUT,
                                          "restrictions", row->household, key, payload->data,
                                          payload->len, error);
}

/* Reading a payload: every get checks the bytes left first. */
typedef struct
{
  const guint8 *p;
  const guint8 *end;
} Reader;

static gboolean
get_fixed (Reader *r,
           guint8 *out,
           gsize   n)
{
  if ((gsize) (r->end - r->p) < n)
    return FALSE;
  memcpy (out, r->p, n);
  r->p += n;
  return TRUE;
}

/* A text of at most @max characters, valid UTF-8 without NULs; %NULL
 * (and %TRUE) for none. */
static gboolean
get_text (Reader *r,
          gsize   max,
          char  **out)
{
  guint8 le[2];
  gsize len;

  *out = NULL;
  if (!get_fixed (r, le, 2))
    return FALSE;
  len = le[0] | ((gsize) le[1] << 8);
  if ((gsize) (r->end - r->p) < len || !g_utf8_validate ((const char *) r->p, (gssize) len, NULL))
    return FALSE;
  if (len == 0)
    return TRUE;
  *out = g_strndup ((const char *) r->p, len);
  r->p += len;
  if (g_utf8_strlen (*out, -1) > (glong) max)
    {
      g_clear_pointer (out, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_at (Reader *r,
        char    out[AT_SIZE + 1])
{
  if (!get_fixed (r, (guint8 *) out, AT_SIZE))
    return FALSE;
  out[AT_SIZE] = '\0';
  return strlen (out) == AT_SIZE && g_utf8_validate (out, AT_SIZE, NULL);
}

struct _CtSyncRestriction
{
  Row      row;
  gboolean lift;
};

void
_ct_sync_restriction_free (CtSyncRestriction *restriction)
{
  if (restriction == NULL)
    return;
  row_clear (&restriction->row);
  g_free (restriction);
}

/* The row @household holds with placement @signature, into @row (its
 * lift left empty); %FALSE when there is none. */
static gboolean
find_placed (CtSession    *self,
             gint64        household,
             const guint8 *signature,
             Row          *row,
             GError      **error)
{
  g_autoptr(GArray) rows = read_rows (self, household, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      Row *found = &g_array_index (rows, Row, i);

      if (memcmp (found->signature, signature, crypto_sign_BYTES) != 0)
        continue;
      *row = *found;
      row->reason = g_steal_pointer (&found->reason);
      row->lift_reason = NULL;
      row->lifted = FALSE;
      return TRUE;
    }
  return FALSE;
}

/**
 * _ct_session_restriction_from_sync:
 * @author: the change file's author, as the chain had them at its point
 * @key: (out): the row's key within its household, for its stamp
 * @out: (out): the row to store, or %NULL (and %TRUE) when a lift's
 *   restriction is not here (its household erased or purged)
 *
 * Checks a restriction that travelled in a change file: a placement or a
 * lift must be made by the file's author, a beheerder or a regisseur by
 * the chain, and signed by them with a key the chain gives them. Whether
 * it restricts is decided at every read, as for a row made here.
 *
 * Returns: %FALSE with @error set to the reason the file is refused
 */
gboolean
_ct_session_restriction_from_sync (CtSession            *self,
                                   const CtChainMember  *author,
                                   const CtSyncChange   *change,
                                   char                **key,
                                   CtSyncRestriction   **out,
                                   GError              **error)
{
  g_autoptr(CtSyncRestriction) r = g_new0 (CtSyncRestriction, 1);
  Reader reader = { change->payload, change->payload + change->payload_len };
  g_autofree char *ground = NULL;
  guint8 place[PLACE_MESSAGE_SIZE];
  guint8 lift[LIFT_MESSAGE_SIZE];
  guint8 signature[crypto_sign_BYTES];
  guint8 lift_signature[crypto_sign_BYTES];
  char lifted_at[AT_SIZE + 1];
  g_autofree char *lift_reason = NULL;
  guint8 lifted_by[CT_MEMBER_ID_SIZE];
  GError *local = NULL;
  gboolean ok;

  *out = NULL;
  r->lift = change->kind == CT_SYNC_SIGNED_DROP;
  r->row.household = change->row_id;
  if (r->lift)
    ok = get_fixed (&reader, signature, crypto_sign_BYTES)
         && get_fixed (&reader, lifted_by, CT_MEMBER_ID_SIZE)
         && get_at (&reader, lifted_at)
         && get_fixed (&reader, lift_signature, crypto_sign_BYTES)
         && get_text (&reader, REASON_MAX, &lift_reason) && lift_reason != NULL;
  else
    ok = get_text (&reader, GROUND_MAX, &ground)
         && (r->row.ground = ct_restrict_ground_from_string (ground)) >= 0
         && get_fixed (&reader, r->row.placed_by, CT_MEMBER_ID_SIZE)
         && get_at (&reader, r->row.placed_at)
         && get_fixed (&reader, r->row.signature, crypto_sign_BYTES)
         && get_text (&reader, REASON_MAX, &r->row.reason);
  if (!ok || reader.p != reader.end)
    return _ct_refuse_tampered (error, _("a change in it is malformed or names a table or field "
                                         "that the team file does not have"));
  if (!may_sign (author) || self->chain == NULL)
    return _ct_refuse_tampered (error, _("it restricts a household’s processing or lifts a "
                                         "restriction, which only a beheerder or a regisseur "
                                         "may do"));
  if (r->lift)
    {
      *key = restriction_key (signature);
      if (memcmp (lifted_by, author->uid, CT_MEMBER_ID_SIZE) != 0)
        return _ct_refuse_tampered (error, _("it lifts a restriction with a signature that its "
                                             "author did not make"));
      /* The placement came first (the file's vector says so); gone only
       * with its household. */
      if (!find_placed (self, r->row.household, signature, &r->row, &local))
        {
          if (local != NULL)
            g_propagate_error (error, local);
          return local == NULL;
        }
      r->row.lifted = TRUE;
      memcpy (r->row.lifted_by, lifted_by, CT_MEMBER_ID_SIZE);
      memcpy (r->row.lifted_at, lifted_at, AT_SIZE + 1);
      memcpy (r->row.lift_signature, lift_signature, crypto_sign_BYTES);
      r->row.lift_reason = g_steal_pointer (&lift_reason);
      lift_message (self, &r->row, lift);
      if (!signed_by (author, lift, sizeof lift, r->row.lift_signature))
        return _ct_refuse_tampered (error, _("it lifts a restriction with a signature that its "
                                             "author did not make"));
    }
  else
    {
      *key = restriction_key (r->row.signature);
      place_message (self, &r->row, place);
      if (memcmp (r->row.placed_by, author->uid, CT_MEMBER_ID_SIZE) != 0
          || !signed_by (author, place, sizeof place, r->row.signature))
        return _ct_refuse_tampered (error, _("it restricts a household’s processing with a "
                                             "signature that its author did not make"));
    }
  *out = g_steal_pointer (&r);
  return TRUE;
}

/**
 * _ct_session_restriction_store:
 *
 * Stores a restriction checked by _ct_session_restriction_from_sync():
 * a placement once (a copy already here is left), a lift on its row.
 */
gboolean
_ct_session_restriction_store (CtSession         *self,
                               CtSyncRestriction *restriction,
                               GError           **error)
{
  const Row *row = &restriction->row;
  g_autoptr(CtStmt) stmt = NULL;

  if (restriction->lift)
    stmt = ct_store_prepare (self->db, "UPDATE restrictions SET lifted_by = ?3, lifted_at = ?4, "
                                       "lift_reason = ?5, lift_signature = ?6 "
                                       "WHERE household_id = ?1 AND signature = ?2", error);
  else
    stmt = ct_store_prepare (self->db, "INSERT INTO restrictions (household_id, signature, "
                                       "ground, reason, placed_by, placed_at) "
                                       "SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 "
                                       "FROM restrictions WHERE household_id = ?1 AND "
                                       "signature = ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->household);
  sqlite3_bind_blob (stmt, 2, row->signature, crypto_sign_BYTES, SQLITE_STATIC);
  if (restriction->lift)
    {
      sqlite3_bind_blob (stmt, 3, row->lifted_by, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, row->lifted_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, row->lift_reason, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 6, row->lift_signature, crypto_sign_BYTES, SQLITE_STATIC);
    }
  else
    {
      sqlite3_bind_text (stmt, 3, grounds[row->ground], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, row->reason, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 5, row->placed_by, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, row->placed_at, -1, SQLITE_STATIC);
    }
  return ct_store_step_done (self->db, stmt, error);
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

  return !ct_session_is_locked (self) && self->member != NULL && self->chain != NULL
         && (self->member->is_admin
             || (self->member->role == CT_ROLE_REGISSEUR
                 && ct_session_may_read_household_log (self, household_id)));
}

typedef struct
{
  Row      row;
  gboolean lift;
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
      sqlite3_bind_text (stmt, 2, grounds[c->row.ground], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, c->row.reason, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 4, c->row.placed_by, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, c->row.placed_at, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 6, c->row.signature, crypto_sign_BYTES, SQLITE_STATIC);
      /* The ground from the short list; the text stays out of the log. */
      purpose = g_strconcat ("restrict processing; ", grounds[c->row.ground], NULL);
    }
  return ct_store_step_done (self->db, stmt, error)
         && capture_change (self, &c->row, c->lift, error)
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
  g_return_val_if_fail (ground < G_N_ELEMENTS (grounds), FALSE);

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
  place_message (self, &c.row, message);
  crypto_sign_detached (c.row.signature, NULL, message, sizeof message, self->identity->sign_sk);
  return _ct_session_with_transaction (self, write_change, &c, error);
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
  Row *row;

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
  lift_message (self, &c.row, message);
  crypto_sign_detached (c.row.lift_signature, NULL, message, sizeof message,
                        self->identity->sign_sk);
  return _ct_session_with_transaction (self, write_change, &c, error);
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
  const CtChainMember *placer;
  CtRestriction *out;
  Row *row;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error)
      || (row = find_in_force (self, household_id, &rows, error)) == NULL)
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
