/* ct-chain.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The team chain (docs/security.md): who is a member, with which role,
 * beheerder flag and public keys, and which role may read which category,
 * as a list of statements that each name the hash of the one before and
 * are signed with Ed25519. The first statement founds the team; every
 * later one is signed by a member who is beheerder at that point, or by
 * the recovery key the founding statement names; a member may rotate
 * their own keys. The members and policy tables are a cache that must
 * agree with the chain (ct-chain-tables.c); so is the settings table for
 * the team settings a statement has set (docs/sync-chain.md, "Team settings"). */

#define G_LOG_DOMAIN "ct-chain"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-bytes-private.h"
#include "ct-chain-private.h"
#include "ct-chain.h"
#include "ct-error.h"
#include "ct-export.h"
#include "ct-retention.h"
#include "ct-store.h"

#define SIGNER_SIZE CT_MEMBER_ID_SIZE

const guint8 _ct_chain_no_uid[CT_MEMBER_ID_SIZE] = { 0 };

/* One statement, parsed; pointers point into the body. */
typedef struct
{
  gint64              seq;
  const guint8       *prev;
  const guint8       *team_id;
  CtChainKind         kind;
  CtChainMemberInfo   member;   /* FOUND (has_member), ADD, ROLE, REMOVE, KEYS */
  gboolean            has_member;
  gboolean            has_recovery;
  const guint8       *recovery_box_pk;
  const guint8       *recovery_sign_pk;
  guint               policy[CT_N_ROLES];
  CtCategory          category;
  gboolean            granted;
  guint               meeting_days;
  char               *strings[3];  /* owned copies of login, name and role */
  guint               n_settings;
  char               *setting_keys[CT_CHAIN_MAX_SETTINGS];  /* owned */
  gint64              setting_values[CT_CHAIN_MAX_SETTINGS];
} Statement;

static void
statement_clear (Statement *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (s->strings); i++)
    g_clear_pointer (&s->strings[i], g_free);
  for (guint i = 0; i < s->n_settings; i++)
    g_clear_pointer (&s->setting_keys[i], g_free);
}

/* Team settings with a meaning, validated at the core boundary so the GUI
 * and the CLI agree: the export's k and threshold, whether a household
 * with no consent recorded counts as consenting to the evaluation (1) or
 * not (0, the default; docs/export.md, "Consent"), retention in months per
 * outcome. */
static const CtTeamSetting team_settings[] = {
  { "export.k", N_("Export k"), 2, 50, CT_EXPORT_DEFAULT_K },
  { "export.threshold", N_("Export threshold"), 1, 100, CT_EXPORT_DEFAULT_THRESHOLD },
  { "export.consent-unrecorded", N_("Consent when none was recorded"), 0, 1, 0 },
  /* Up to 25 years: the Wmo's 15 and the Jeugdwet's 20 fit (docs/retention.md). */
  { "retention.", N_("Retention in months"), 1, 300, CT_RETENTION_DEFAULT_MONTHS },
};

static gboolean
is_setting_name (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (name[i]) && !g_ascii_isdigit (name[i]) && name[i] != '_')
      return FALSE;
  return TRUE;
}

/**
 * ct_team_setting_find:
 *
 * Returns: (nullable): the team setting @key is, or %NULL for a key of
 *   the core's own bookkeeping
 */
const CtTeamSetting *
ct_team_setting_find (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (team_settings); i++)
    {
      const CtTeamSetting *s = &team_settings[i];

      if (g_str_has_suffix (s->key, ".") ? g_str_has_prefix (key, s->key)
                                             && is_setting_name (key + strlen (s->key))
                                         : g_str_equal (key, s->key))
        return s;
    }
  return NULL;
}

static gboolean
setting_is_valid (const char *key,
                  gint64      value)
{
  const CtTeamSetting *s = key != NULL ? ct_team_setting_find (key) : NULL;

  return s != NULL && value >= s->min && value <= s->max;
}

/**
 * ct_chain_get_setting:
 *
 * Returns: whether a statement of @chain set @key, its value in @value
 */
gboolean
ct_chain_get_setting (const CtChain *chain,
                      const char    *key,
                      gint64        *value)
{
  gpointer found;

  if (!g_hash_table_lookup_extended (chain->settings, key, NULL, &found))
    return FALSE;
  *value = GPOINTER_TO_INT (found);
  return TRUE;
}

static void
chain_member_free (CtChainMember *m)
{
  g_free (m->login);
  g_free (m->display_name);
  g_clear_pointer (&m->sign_keys, g_array_unref);
  g_free (m);
}

CtChain *
ct_chain_new (const guint8 *team_id)
{
  CtChain *chain = g_new0 (CtChain, 1);

  memcpy (chain->team_id, team_id, CT_TEAM_ID_SIZE);
  chain->members = g_ptr_array_new_with_free_func ((GDestroyNotify) chain_member_free);
  chain->meeting_days = CT_CHAIN_MEETING_DAYS;
  chain->settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return chain;
}

void
ct_chain_free (CtChain *chain)
{
  if (chain == NULL)
    return;

  g_ptr_array_unref (chain->members);
  g_hash_table_unref (chain->settings);
  g_free (chain);
}

/**
 * ct_chain_copy:
 *
 * A deep copy of @chain, sharing nothing with it: for a worker that
 * checks signatures against the chain while the session's own may be
 * replaced or freed (ct_session_read_log_async()).
 *
 * Returns: (transfer full): the copy
 */
CtChain *
ct_chain_copy (const CtChain *chain)
{
  CtChain *copy = g_memdup2 (chain, sizeof *chain);
  GHashTableIter iter;
  gpointer key, value;

  copy->members = g_ptr_array_new_full (chain->members->len, (GDestroyNotify) chain_member_free);
  for (guint i = 0; i < chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (chain->members, i);
      CtChainMember *c = g_memdup2 (m, sizeof *m);

      c->login = g_strdup (m->login);
      c->display_name = g_strdup (m->display_name);
      c->sign_keys = m->sign_keys != NULL ? g_array_copy (m->sign_keys) : NULL;
      g_ptr_array_add (copy->members, c);
    }
  copy->settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, chain->settings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->settings, g_strdup (key), value);
  return copy;
}

CtChainMember *
ct_chain_find_uid (const CtChain *chain,
                   const guint8  *uid)
{
  for (guint i = 0; i < chain->members->len; i++)
    {
      CtChainMember *m = g_ptr_array_index (chain->members, i);

      if (memcmp (m->uid, uid, CT_MEMBER_ID_SIZE) == 0)
        return m;
    }
  return NULL;
}

CtChainMember *
ct_chain_find_id (const CtChain *chain,
                  gint64         id)
{
  for (guint i = 0; i < chain->members->len; i++)
    {
      CtChainMember *m = g_ptr_array_index (chain->members, i);

      if (m->id == id)
        return m;
    }
  return NULL;
}

static CtChainMember *
find_active_login (const CtChain *chain,
                   const char    *login)
{
  for (guint i = 0; i < chain->members->len; i++)
    {
      CtChainMember *m = g_ptr_array_index (chain->members, i);

      if (!m->removed && g_str_equal (m->login, login))
        return m;
    }
  return NULL;
}

/* sign_keys holds the member's Ed25519 keys back to back, one byte an
 * element: these count and index whole keys. */
guint
ct_chain_member_n_sign_keys (const CtChainMember *m)
{
  return m->sign_keys->len / crypto_sign_PUBLICKEYBYTES;
}

const guint8 *
ct_chain_member_get_sign_key (const CtChainMember *m,
                              guint                i)
{
  g_assert (i < ct_chain_member_n_sign_keys (m));
  return &g_array_index (m->sign_keys, guint8, i * crypto_sign_PUBLICKEYBYTES);
}

gboolean
ct_chain_had_sign_key (const CtChain *chain,
                       gint64         member_id,
                       const guint8  *sign_pk)
{
  CtChainMember *m = ct_chain_find_id (chain, member_id);

  for (guint i = 0; m != NULL && i < ct_chain_member_n_sign_keys (m); i++)
    if (memcmp (ct_chain_member_get_sign_key (m, i), sign_pk, crypto_sign_PUBLICKEYBYTES) == 0)
      return TRUE;
  return FALSE;
}

/* A keyslot opens K_db for whoever holds its seed, so it is valid only
 * when its public keys are the chain's keys of a present member (or of
 * the recovery key). */
gboolean
ct_chain_slot_is_valid (const CtChain *chain,
                        const CtSlot  *slot)
{
  CtChainMember *m;

  if (slot->kind == CT_SLOT_RECOVERY)
    return chain->has_recovery
           && memcmp (slot->box_pk, chain->recovery_box_pk, sizeof slot->box_pk) == 0
           && memcmp (slot->sign_pk, chain->recovery_sign_pk, sizeof slot->sign_pk) == 0;

  m = ct_chain_find_uid (chain, slot->member_id);
  return m != NULL && !m->removed && memcmp (slot->box_pk, m->box_pk, sizeof m->box_pk) == 0
         && memcmp (slot->sign_pk, m->sign_pk, sizeof m->sign_pk) == 0;
}

static guint
count_admins (const CtChain *chain)
{
  guint n = 0;

  for (guint i = 0; i < chain->members->len; i++)
    {
      CtChainMember *m = g_ptr_array_index (chain->members, i);

      n += !m->removed && m->is_admin;
    }
  return n;
}

/* Encoding (ct-chain-append.c writes it): fixed-size fields as they
 * are, integers little-endian, strings with a 16-bit length. */

static char *
get_string (CtBytesReader *r)
{
  return _ct_bytes_dup_text (r, 2);
}

static CtRole
get_role (CtBytesReader *r,
          char         **owned)
{
  CtRole role;

  *owned = get_string (r);
  role = *owned != NULL ? ct_role_from_string (*owned) : CT_ROLE_INVALID;
  if (role == CT_ROLE_INVALID)
    r->failed = TRUE;
  return role;
}

static void
get_member (CtBytesReader *r,
            Statement     *s)
{
  s->member.id = (gint64) _ct_bytes_le (r, 8);
  s->member.uid = _ct_bytes_take (r, CT_MEMBER_ID_SIZE);
  s->member.login = s->strings[0] = get_string (r);
  s->member.display_name = s->strings[1] = get_string (r);
  s->member.role = get_role (r, &s->strings[2]);
  s->member.is_admin = _ct_bytes_le (r, 1) != 0;
  s->member.box_pk = _ct_bytes_take (r, crypto_box_PUBLICKEYBYTES);
  s->member.sign_pk = _ct_bytes_take (r, crypto_sign_PUBLICKEYBYTES);
}

static void
get_policy (CtBytesReader *r,
            Statement     *s)
{
  guint n_roles = (guint) _ct_bytes_le (r, 1);

  for (guint i = 0; !r->failed && i < n_roles; i++)
    {
      g_autofree char *name = NULL;
      CtRole role = get_role (r, &name);
      guint32 mask;

      if (_ct_bytes_get_u32 (r, &mask))
        s->policy[role] = mask & ((1u << CT_N_CATEGORIES) - 1);
    }
}

/* Each a key and its value; every key a team setting, every value in its
 * range. */
static gboolean
get_settings (CtBytesReader *r,
              Statement     *s)
{
  guint n = (guint) _ct_bytes_le (r, 1);

  if (n > CT_CHAIN_MAX_SETTINGS)
    return FALSE;
  for (; s->n_settings < n && !r->failed; s->n_settings++)
    {
      s->setting_keys[s->n_settings] = get_string (r);
      s->setting_values[s->n_settings] = (gint64) _ct_bytes_le (r, 8);
      if (!setting_is_valid (s->setting_keys[s->n_settings], s->setting_values[s->n_settings]))
        {
          s->n_settings++;
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse (const guint8 *body,
       gsize         len,
       Statement    *s)
{
  CtBytesReader r;
  const guint8 *magic;
  g_autofree char *category = NULL;

  _ct_bytes_reader_init (&r, body, len);
  magic = _ct_bytes_take (&r, 4);

  if (magic == NULL || memcmp (magic, MAGIC, 4) != 0 || _ct_bytes_le (&r, 1) != FORMAT_VERSION)
    return FALSE;

  s->seq = (gint64) _ct_bytes_le (&r, 8);
  s->prev = _ct_bytes_take (&r, CT_CHAIN_HASH_SIZE);
  s->team_id = _ct_bytes_take (&r, CT_TEAM_ID_SIZE);
  s->kind = (CtChainKind) _ct_bytes_le (&r, 1);

  switch (s->kind)
    {
    case CT_CHAIN_FOUND:
      s->has_member = _ct_bytes_le (&r, 1) != 0;
      if (s->has_member)
        get_member (&r, s);
      s->has_recovery = _ct_bytes_le (&r, 1) != 0;
      s->recovery_box_pk = _ct_bytes_take (&r, crypto_box_PUBLICKEYBYTES);
      s->recovery_sign_pk = _ct_bytes_take (&r, crypto_sign_PUBLICKEYBYTES);
      get_policy (&r, s);
      break;
    case CT_CHAIN_ADD:
      s->has_member = TRUE;
      get_member (&r, s);
      break;
    case CT_CHAIN_ROLE:
      s->member.uid = _ct_bytes_take (&r, CT_MEMBER_ID_SIZE);
      s->member.role = get_role (&r, &s->strings[2]);
      s->member.is_admin = _ct_bytes_le (&r, 1) != 0;
      break;
    case CT_CHAIN_POLICY:
      s->member.role = get_role (&r, &s->strings[2]);
      category = get_string (&r);
      s->category = category != NULL ? ct_category_from_string (category) : CT_CATEGORY_INVALID;
      s->granted = _ct_bytes_le (&r, 1) != 0;
      if (s->category == CT_CATEGORY_INVALID || s->category == CT_CATEGORY_GENERAL)
        return FALSE;
      break;
    case CT_CHAIN_REMOVE:
      s->member.uid = _ct_bytes_take (&r, CT_MEMBER_ID_SIZE);
      break;
    case CT_CHAIN_KEYS:
      s->member.uid = _ct_bytes_take (&r, CT_MEMBER_ID_SIZE);
      s->member.box_pk = _ct_bytes_take (&r, crypto_box_PUBLICKEYBYTES);
      s->member.sign_pk = _ct_bytes_take (&r, crypto_sign_PUBLICKEYBYTES);
      break;
    case CT_CHAIN_NEED_TO_KNOW:
      s->granted = _ct_bytes_le (&r, 1) != 0;
      s->meeting_days = (guint) _ct_bytes_le (&r, 8);
      if (s->meeting_days > 365)
        return FALSE;
      break;
    case CT_CHAIN_SETTINGS:
      if (!get_settings (&r, s))
        return FALSE;
      break;
    default:
      return FALSE;
    }
  return _ct_bytes_reader_done (&r);
}

static void
statement_hash (const guint8 *body,
                gsize         len,
                const guint8 *signer,
                const guint8 *signature,
                guint8       *hash)
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, (const guint8 *) "ct-team-chain-v1", 16, CT_CHAIN_HASH_SIZE);
  crypto_generichash_update (&state, body, len);
  crypto_generichash_update (&state, signer, SIGNER_SIZE);
  crypto_generichash_update (&state, signature, crypto_sign_BYTES);
  crypto_generichash_final (&state, hash, CT_CHAIN_HASH_SIZE);
}

static gboolean
fail (GError    **error,
      gint64      seq,
      const char *reason)
{
  g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
               _("The team chain is not intact at statement %lld: %s. It was changed outside "
                 "Casustafel; use a backup or ask a beheerder."), (long long) seq, reason);
  return FALSE;
}

/* The key that must have signed @s, or NULL with @reason set. */
static const guint8 *
signer_key (const CtChain   *chain,
            const Statement *s,
            const guint8    *signer,
            const char     **reason)
{
  CtChainMember *m;
  gboolean is_recovery = memcmp (signer, _ct_chain_no_uid, SIGNER_SIZE) == 0;

  *reason = _("its signer may not make it");
  if (s->kind == CT_CHAIN_FOUND)
    {
      if (is_recovery)
        return s->has_recovery ? s->recovery_sign_pk : NULL;
      if (!s->has_member || !s->member.is_admin
          || memcmp (signer, s->member.uid, SIGNER_SIZE) != 0)
        return NULL;
      return s->member.sign_pk;
    }

  if (is_recovery)
    return chain->has_recovery ? chain->recovery_sign_pk : NULL;

  m = ct_chain_find_uid (chain, signer);
  if (m == NULL || m->removed)
    return NULL;
  /* A member may rotate their own keys; everything else needs a beheerder. */
  if (!m->is_admin
      && !(s->kind == CT_CHAIN_KEYS && memcmp (signer, s->member.uid, SIGNER_SIZE) == 0))
    {
      *reason = _("its signer is not a beheerder at that point");
      return NULL;
    }
  return m->sign_pk;
}

static void
add_member (CtChain                 *chain,
            const CtChainMemberInfo *info)
{
  CtChainMember *m = g_new0 (CtChainMember, 1);

  m->id = info->id;
  memcpy (m->uid, info->uid, CT_MEMBER_ID_SIZE);
  m->login = g_strdup (info->login);
  m->display_name = g_strdup (info->display_name);
  m->role = info->role;
  m->is_admin = info->is_admin;
  m->removed_seq = -1;
  memcpy (m->box_pk, info->box_pk, sizeof m->box_pk);
  memcpy (m->sign_pk, info->sign_pk, sizeof m->sign_pk);
  m->sign_keys = g_array_new (FALSE, FALSE, 1);
  g_array_append_vals (m->sign_keys, info->sign_pk, crypto_sign_PUBLICKEYBYTES);
  g_ptr_array_add (chain->members, m);
}

/* What the statement may not do whoever signed it; NULL when it may. */
static const char *
rule_broken (const CtChain   *chain,
             const Statement *s)
{
  CtChainMember *target = NULL;

  if (s->kind != CT_CHAIN_FOUND && s->kind != CT_CHAIN_POLICY && s->kind != CT_CHAIN_ADD
      && s->kind != CT_CHAIN_NEED_TO_KNOW && s->kind != CT_CHAIN_SETTINGS)
    {
      target = ct_chain_find_uid (chain, s->member.uid);
      if (target == NULL || target->removed)
        return _("it names someone who is not a member");
    }

  switch (s->kind)
    {
    case CT_CHAIN_FOUND:
      return NULL;
    case CT_CHAIN_ADD:
      if (ct_chain_find_uid (chain, s->member.uid) != NULL
          || ct_chain_find_id (chain, s->member.id) != NULL
          || find_active_login (chain, s->member.login) != NULL)
        return _("it adds a member who already exists");
      return NULL;
    case CT_CHAIN_ROLE:
      if (target->is_admin && !s->member.is_admin && count_admins (chain) < 2)
        return _("it leaves the team without a beheerder");
      return NULL;
    case CT_CHAIN_REMOVE:
      if (target->is_admin && count_admins (chain) < 2)
        return _("it leaves the team without a beheerder");
      return NULL;
    case CT_CHAIN_POLICY:
    case CT_CHAIN_KEYS:
    case CT_CHAIN_NEED_TO_KNOW:
    case CT_CHAIN_SETTINGS:
    default:
      return NULL;
    }
}

static void
apply (CtChain         *chain,
       const Statement *s)
{
  CtChainMember *target = s->member.uid != NULL ? ct_chain_find_uid (chain, s->member.uid) : NULL;

  switch (s->kind)
    {
    case CT_CHAIN_FOUND:
      chain->has_recovery = s->has_recovery;
      memcpy (chain->recovery_box_pk, s->recovery_box_pk, crypto_box_PUBLICKEYBYTES);
      memcpy (chain->recovery_sign_pk, s->recovery_sign_pk, crypto_sign_PUBLICKEYBYTES);
      memcpy (chain->policy, s->policy, sizeof chain->policy);
      if (s->has_member)
        add_member (chain, &s->member);
      break;
    case CT_CHAIN_ADD:
      add_member (chain, &s->member);
      break;
    case CT_CHAIN_ROLE:
      target->role = s->member.role;
      target->is_admin = s->member.is_admin;
      break;
    case CT_CHAIN_POLICY:
      if (s->granted)
        chain->policy[s->member.role] |= 1u << s->category;
      else
        chain->policy[s->member.role] &= ~(1u << s->category);
      break;
    case CT_CHAIN_REMOVE:
      target->removed = TRUE;
      target->removed_seq = chain->length;
      break;
    case CT_CHAIN_KEYS:
      memcpy (target->box_pk, s->member.box_pk, sizeof target->box_pk);
      memcpy (target->sign_pk, s->member.sign_pk, sizeof target->sign_pk);
      g_array_append_vals (target->sign_keys, s->member.sign_pk, crypto_sign_PUBLICKEYBYTES);
      break;
    case CT_CHAIN_NEED_TO_KNOW:
      chain->need_to_know = s->granted;
      chain->meeting_days = s->meeting_days;
      break;
    case CT_CHAIN_SETTINGS:
      chain->has_settings = TRUE;
      for (guint i = 0; i < s->n_settings; i++)
        g_hash_table_insert (chain->settings, g_strdup (s->setting_keys[i]),
                             GINT_TO_POINTER ((gint) s->setting_values[i]));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Verifies one statement against everything before it and applies it. */
static gboolean
verify_and_apply (CtChain      *chain,
                  const guint8 *body,
                  gsize         len,
                  const guint8 *signer,
                  const guint8 *signature,
                  GError      **error)
{
  Statement s = { 0 };
  const char *reason = NULL;
  const guint8 *key;
  gboolean ok = FALSE;

  if (!parse (body, len, &s))
    reason = _("it cannot be read");
  else if (s.seq != chain->length || memcmp (s.prev, chain->head, CT_CHAIN_HASH_SIZE) != 0)
    reason = _("it is out of order, or a statement before it is missing");
  else if (memcmp (s.team_id, chain->team_id, CT_TEAM_ID_SIZE) != 0)
    reason = _("it belongs to another team");
  else if ((s.kind == CT_CHAIN_FOUND) != (chain->length == 0))
    reason = _("only the first statement founds the team");
  else if ((key = signer_key (chain, &s, signer, &reason)) == NULL)
    ;
  else if (crypto_sign_verify_detached (signature, body, len, key) != 0)
    reason = _("its signature does not hold");
  else if ((reason = rule_broken (chain, &s)) == NULL)
    {
      apply (chain, &s);
      statement_hash (body, len, signer, signature, chain->head);
      chain->length++;
      ok = TRUE;
    }

  if (!ok)
    fail (error, chain->length, reason);
  statement_clear (&s);
  return ok;
}

static gboolean
blob_is (sqlite3_stmt *stmt,
         int           column,
         gsize         len)
{
  return sqlite3_column_type (stmt, column) == SQLITE_BLOB
         && (len == 0 || (gsize) sqlite3_column_bytes (stmt, column) == len);
}

/* Reads and verifies the statements in order. With @problem, a bad
 * statement ends the reading: the verified prefix is returned and
 * @problem says what failed. */
static CtChain *
load (sqlite3      *db,
      const guint8 *team_id,
      gint64        limit,
      GError      **problem,
      GError      **error)
{
  g_autoptr(CtChain) chain = ct_chain_new (team_id);
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT seq, body, signer, signature FROM "
                                                 "team_chain ORDER BY seq", error);
  GError **bad = problem != NULL ? problem : error;
  int rc = SQLITE_DONE;

  if (stmt == NULL)
    return NULL;

  while ((limit < 0 || chain->length < limit) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_int64 (stmt, 0) != chain->length || !blob_is (stmt, 1, 0)
          || !blob_is (stmt, 2, SIGNER_SIZE) || !blob_is (stmt, 3, crypto_sign_BYTES))
        {
          fail (bad, chain->length, _("it is out of order, or a statement before it is missing"));
          return problem != NULL ? g_steal_pointer (&chain) : NULL;
        }
      if (!verify_and_apply (chain, sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                             sqlite3_column_blob (stmt, 2), sqlite3_column_blob (stmt, 3), bad))
        return problem != NULL ? g_steal_pointer (&chain) : NULL;
    }
  if (limit >= 0 && chain->length == limit)
    return g_steal_pointer (&chain);
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  if (limit >= 0)
    {
      fail (error, chain->length, _("it is out of order, or a statement before it is missing"));
      return NULL;
    }
  return g_steal_pointer (&chain);
}

/**
 * ct_chain_load:
 *
 * Reads and verifies every statement, from the founding one on.
 *
 * Returns: (transfer full) (nullable): the verified chain; %NULL with
 *   %CT_ERROR_TAMPERED naming the first bad statement, or another error
 */
CtChain *
ct_chain_load (sqlite3      *db,
               const guint8 *team_id,
               GError      **error)
{
  return load (db, team_id, -1, NULL, error);
}

/**
 * ct_chain_load_length:
 *
 * The chain as it was after its first @length statements: the rules at
 * that point, for a change file written there (docs/sync-security.md,
 * "The rules at that point").
 *
 * Returns: (transfer full) (nullable): the verified chain; %NULL with
 *   @error set when the file holds fewer statements or one is bad
 */
CtChain *
ct_chain_load_length (sqlite3      *db,
                      const guint8 *team_id,
                      gint64        length,
                      GError      **error)
{
  g_return_val_if_fail (length >= 0, NULL);

  return load (db, team_id, length, NULL, error);
}

/**
 * ct_chain_load_prefix:
 * @problem: (out): set, naming the first bad statement, when one is bad
 *
 * For a repair with the recovery key: the chain as far as it verifies.
 * Its length is the sequence number of the first bad statement, if any.
 *
 * Returns: (transfer full) (nullable): the verified prefix; %NULL only
 *   when the file cannot be read
 */
CtChain *
ct_chain_load_prefix (sqlite3      *db,
                      const guint8 *team_id,
                      GError      **problem,
                      GError      **error)
{
  g_return_val_if_fail (problem != NULL && *problem == NULL, NULL);

  return load (db, team_id, -1, problem, error);
}

/**
 * ct_chain_truncate:
 *
 * For a repair with the recovery key, inside its transaction: deletes
 * every statement from the first one @chain does not hold. The
 * append-only triggers are put back as they were.
 *
 * Returns: how many statements were deleted, or -1 with @error set
 */
gint64
ct_chain_truncate (const CtChain *chain,
                   sqlite3       *db,
                   GError       **error)
{
  g_autoptr(CtStmt) stmt = NULL;

  if (!ct_store_exec (db, "DROP TRIGGER IF EXISTS team_chain_no_delete", error))
    return -1;
  stmt = ct_store_prepare (db, "DELETE FROM team_chain WHERE seq >= ?1 OR seq < 0", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, chain->length);
  if (!ct_store_step_done (db, stmt, error)
      || !ct_store_exec (db, "CREATE TRIGGER team_chain_no_delete BEFORE DELETE ON team_chain "
                             "BEGIN SELECT RAISE (ABORT, 'the team chain is append-only'); END;",
                         error))
    return -1;
  return sqlite3_changes (db);
}

/* Statement @seq as stored (body, signer, signature), stepped onto its
 * row; %NULL when there is none or a blob is not of its size. */
static CtStmt *
select_statement (sqlite3 *db,
                  gint64   seq)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT body, signer, signature FROM "
                                                 "team_chain WHERE seq = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) != SQLITE_ROW || !blob_is (stmt, 0, 0) || !blob_is (stmt, 1, SIGNER_SIZE)
      || !blob_is (stmt, 2, crypto_sign_BYTES))
    return NULL;
  return g_steal_pointer (&stmt);
}

/* The hash a verified chain had after statement @seq: for anchors. */
gboolean
ct_chain_statement_hash (sqlite3 *db,
                         gint64   seq,
                         guint8  *hash)
{
  g_autoptr(CtStmt) stmt = select_statement (db, seq);

  if (stmt == NULL)
    return FALSE;
  statement_hash (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                  sqlite3_column_blob (stmt, 1), sqlite3_column_blob (stmt, 2), hash);
  return TRUE;
}

/**
 * ct_chain_append_signed:
 * @signer: the signer's member uid, zeros for the recovery key
 *
 * Verifies a statement signed elsewhere (one that travelled in a change
 * file, docs/sync-chain.md) by the chain's own rules against everything before
 * it, stores it as the next statement and applies it to @chain.
 */
gboolean
ct_chain_append_signed (CtChain       *chain,
                        sqlite3       *db,
                        const guint8  *body,
                        gsize          len,
                        const guint8  *signer,
                        const guint8  *signature,
                        GError       **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  gint64 seq = chain->length;

  if (!verify_and_apply (chain, body, len, signer, signature, error))
    return FALSE;

  stmt = ct_store_prepare (db, "INSERT INTO team_chain (seq, body, signer, signature) "
                               "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_blob (stmt, 2, body, (int) len, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, signer, SIGNER_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, signature, crypto_sign_BYTES, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

/**
 * ct_chain_verify_signed:
 *
 * As ct_chain_append_signed(), but only in memory: verifies a statement
 * by the chain's own rules against everything before it and applies it
 * to @chain, storing nothing. For a branch of a forked chain that a
 * replica keeps beside its own (docs/sync-chain.md, "Forks").
 */
gboolean
ct_chain_verify_signed (CtChain       *chain,
                        const guint8  *body,
                        gsize          len,
                        const guint8  *signer,
                        const guint8  *signature,
                        GError       **error)
{
  return verify_and_apply (chain, body, len, signer, signature, error);
}

/* The hash the chain gives a statement: its head after it. */
void
ct_chain_hash_statement (const guint8 *body,
                         gsize         len,
                         const guint8 *signer,
                         const guint8 *signature,
                         guint8       *hash)
{
  statement_hash (body, len, signer, signature, hash);
}

/* Statement @seq as stored, for a change file to carry. */
gboolean
ct_chain_statement_get (sqlite3  *db,
                        gint64    seq,
                        GBytes  **body,
                        guint8   *signer,
                        guint8   *signature)
{
  g_autoptr(CtStmt) stmt = select_statement (db, seq);

  if (stmt == NULL)
    return FALSE;
  *body = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  memcpy (signer, sqlite3_column_blob (stmt, 1), SIGNER_SIZE);
  memcpy (signature, sqlite3_column_blob (stmt, 2), crypto_sign_BYTES);
  return TRUE;
}

/**
 * ct_chain_change_read:
 *
 * What the statement @body changes, read as a verifier reads it but not
 * verified: whether it holds is ct_chain_append_signed()'s to say.
 *
 * Returns: (transfer full) (nullable): %NULL when @body cannot be read
 */
CtChainChange *
ct_chain_change_read (const guint8 *body,
                      gsize         len)
{
  Statement s = { 0 };
  CtChainChange *c;

  if (!parse (body, len, &s) || s.kind == CT_CHAIN_FOUND)
    {
      statement_clear (&s);
      return NULL;
    }
  c = g_new0 (CtChainChange, 1);
  c->kind = s.kind;
  c->id = s.member.id;
  if (s.member.uid != NULL)
    memcpy (c->uid, s.member.uid, CT_MEMBER_ID_SIZE);
  c->login = g_strdup (s.member.login);
  c->display_name = g_strdup (s.member.display_name);
  c->role = s.member.role;
  c->is_admin = s.member.is_admin;
  if (s.member.box_pk != NULL)
    memcpy (c->box_pk, s.member.box_pk, sizeof c->box_pk);
  if (s.member.sign_pk != NULL)
    memcpy (c->sign_pk, s.member.sign_pk, sizeof c->sign_pk);
  c->category = s.category;
  c->on = s.granted;
  c->meeting_days = s.meeting_days;
  c->n_settings = s.n_settings;
  for (guint i = 0; i < s.n_settings; i++)
    {
      c->setting_keys[i] = g_steal_pointer (&s.setting_keys[i]);
      c->setting_values[i] = s.setting_values[i];
    }
  statement_clear (&s);
  return c;
}

void
ct_chain_change_free (CtChainChange *change)
{
  if (change == NULL)
    return;
  g_free (change->login);
  g_free (change->display_name);
  for (guint i = 0; i < change->n_settings; i++)
    g_free (change->setting_keys[i]);
  g_free (change);
}
