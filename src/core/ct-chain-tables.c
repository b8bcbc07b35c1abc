/* ct-chain-tables.c — the members and policy tables against the chain
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The members and policy tables are a cache of the team chain
 * (ct-chain.c, docs/security.md): this file checks that every row says
 * what the verified chain says, and rewrites the tables from the chain
 * for a repair with the recovery key, and after statements arrived from
 * another replica. The rows of the team settings are rewritten with them;
 * a row of a setting that disagrees is never read, so it is not checked
 * (docs/sync-chain.md, "Team settings"). */

#define G_LOG_DOMAIN "ct-chain"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-chain.h"
#include "ct-error.h"
#include "ct-store.h"

static gboolean
member_row_differs (const CtChainMember *m,
                    const CtMemberRow   *row)
{
  return m->id != row->id || g_strcmp0 (m->login, row->login) != 0
         || g_strcmp0 (m->display_name, row->display_name) != 0 || m->role != row->role
         || m->is_admin != row->is_admin || m->removed != row->removed
         || memcmp (m->box_pk, row->box_pk, sizeof m->box_pk) != 0
         || memcmp (m->sign_pk, row->sign_pk, sizeof m->sign_pk) != 0;
}

static gboolean
fail_row (GError    **error,
          const char *what)
{
  g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
               _("The team file’s %s does not agree with the team chain: it was changed outside "
                 "Casustafel. Use a backup or ask a beheerder."), what);
  return FALSE;
}

/**
 * ct_chain_check_tables:
 *
 * The members and policy tables are a cache of the chain: every row must
 * say what the chain says. The first row that does not is named.
 */
gboolean
ct_chain_check_tables (const CtChain *chain,
                       sqlite3       *db,
                       GError       **error)
{
  g_autoptr(GPtrArray) rows = ct_store_list_members (db, TRUE, error);
  guint masks[CT_N_ROLES];

  if (rows == NULL || !ct_store_policy_load (db, masks, error))
    return FALSE;

  if (rows->len != chain->members->len)
    return fail_row (error, _("list of members"));

  for (guint i = 0; i < rows->len; i++)
    {
      CtMemberRow *row = g_ptr_array_index (rows, i);
      CtChainMember *m = ct_chain_find_uid (chain, row->member_uid);

      if (m == NULL || member_row_differs (m, row))
        {
          g_autofree char *what = g_strdup_printf (_("member %lld"), (long long) row->id);

          return fail_row (error, what);
        }
    }

  for (CtRole r = 0; r < CT_N_ROLES; r++)
    if (masks[r] != chain->policy[r])
      {
        g_autofree char *what = g_strdup_printf (_("policy of the role %s"),
                                                 ct_role_get_display_name (r));

        return fail_row (error, what);
      }
  return TRUE;
}

/* ?1 to ?9 of both statements of restore_member(): the member as the
 * chain has it. */
static void
bind_member (sqlite3_stmt        *stmt,
             const CtChainMember *m)
{
  sqlite3_bind_int64 (stmt, 1, m->id);
  sqlite3_bind_blob (stmt, 2, m->uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, m->login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, m->display_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ct_role_to_string (m->role), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 6, m->is_admin);
  sqlite3_bind_blob (stmt, 7, m->box_pk, sizeof m->box_pk, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 8, m->sign_pk, sizeof m->sign_pk, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 9, m->removed);
}

static gboolean
restore_member (const CtChainMember *m,
                sqlite3             *db,
                GError             **error)
{
  g_autoptr(CtStmt) update = NULL;
  g_autoptr(CtStmt) insert = NULL;
  g_autoptr(CtStmt) key = NULL;

  update = ct_store_prepare (db, "UPDATE members SET login = ?3, display_name = ?4, role = ?5, "
                                 "is_admin = ?6, box_pk = ?7, sign_pk = ?8, removed_at = CASE "
                                 "WHEN ?9 THEN coalesce (removed_at, ct_now ()) END WHERE id = ?1 "
                                 "AND member_uid = ?2", error);
  if (update == NULL)
    return FALSE;
  bind_member (update, m);
  if (!ct_store_step_done (db, update, error))
    return FALSE;

  /* A row someone deleted comes back as the chain has it. */
  if (sqlite3_changes (db) == 0)
    {
      insert = ct_store_prepare (db, "INSERT INTO members (id, member_uid, login, display_name, "
                                     "role, is_admin, enrolled, box_pk, sign_pk, created_at, "
                                     "removed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, "
                                     "ct_now (), CASE WHEN ?9 THEN ct_now () END)", error);
      if (insert == NULL)
        return FALSE;
      bind_member (insert, m);
      if (!ct_store_step_done (db, insert, error))
        return FALSE;
    }

  key = ct_store_prepare (db, "INSERT OR IGNORE INTO member_sign_keys (member_id, sign_pk) "
                              "VALUES (?1, ?2)", error);
  if (key == NULL)
    return FALSE;
  sqlite3_bind_int64 (key, 1, m->id);
  sqlite3_bind_blob (key, 2, m->sign_pk, sizeof m->sign_pk, SQLITE_STATIC);
  return ct_store_step_done (db, key, error);
}

static gboolean
delete_member_row (sqlite3 *db,
                   gint64   id,
                   GError **error)
{
  static const char *const sql[] = {
    "DELETE FROM member_sign_keys WHERE member_id = ?1",
    "DELETE FROM members WHERE id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!ct_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The settings table's rows of team settings as the chain has them: a
 * row of a setting the chain has not set goes (its default is used). */
static gint
restore_settings (const CtChain *chain,
                  sqlite3       *db,
                  GError       **error)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(CtStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint n = 0;
  int rc;

  if (!chain->has_settings)
    return 0;

  stmt = ct_store_prepare (db, "SELECT key, value FROM settings", error);
  if (stmt == NULL)
    return -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *k = (const char *) sqlite3_column_text (stmt, 0);

      if (k != NULL && ct_team_setting_find (k) != NULL)
        g_hash_table_insert (rows, g_strdup (k),
                             g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return -1;
    }

  g_hash_table_iter_init (&iter, chain->settings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *text = g_strdup_printf ("%d", GPOINTER_TO_INT (value));

      if (g_strcmp0 (g_hash_table_lookup (rows, key), text) != 0)
        {
          if (!ct_store_set_setting (db, key, text, error))
            return -1;
          n++;
        }
      g_hash_table_remove (rows, key);
    }

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(CtStmt) drop = ct_store_prepare (db, "DELETE FROM settings WHERE key = ?1", error);

      if (drop == NULL)
        return -1;
      sqlite3_bind_text (drop, 1, key, -1, SQLITE_STATIC);
      if (!ct_store_step_done (db, drop, error))
        return -1;
      n++;
    }
  return n;
}

/**
 * ct_chain_restore_tables:
 * @changed: (out): the members whose row did not say what the chain says
 *   (their ids), the rows of no member of the chain included
 *
 * For a repair with the recovery key, inside its transaction: rewrites
 * the members and policy tables from @chain, so that
 * ct_chain_check_tables() holds again. A row of no member of the chain
 * is deleted. The rows of the team settings follow the chain too.
 *
 * Returns: how many rows it changed, or -1 with @error set
 */
gint
ct_chain_restore_tables (const CtChain *chain,
                         sqlite3       *db,
                         GArray        *changed,
                         GError       **error)
{
  g_autoptr(GPtrArray) rows = ct_store_list_members (db, TRUE, error);
  guint masks[CT_N_ROLES];
  gint n = 0, settings;

  if (rows == NULL || !ct_store_policy_load (db, masks, error))
    return -1;

  for (guint i = 0; i < rows->len; i++)
    {
      CtMemberRow *row = g_ptr_array_index (rows, i);
      CtChainMember *m = ct_chain_find_uid (chain, row->member_uid);

      if (m != NULL && !member_row_differs (m, row))
        continue;
      g_array_append_val (changed, row->id);
      if (m == NULL || m->id != row->id)
        {
          if (!delete_member_row (db, row->id, error))
            return -1;
        }
      n++;
    }

  for (guint i = 0; i < chain->members->len; i++)
    if (!restore_member (g_ptr_array_index (chain->members, i), db, error))
      return -1;

  for (CtRole r = 0; r < CT_N_ROLES; r++)
    for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
      {
        gboolean granted = (chain->policy[r] & (1u << c)) != 0;

        if (granted == ((masks[r] & (1u << c)) != 0))
          continue;
        if (!ct_store_policy_set (db, r, c, granted, error))
          return -1;
        n++;
      }

  settings = restore_settings (chain, db, error);
  return settings < 0 ? -1 : n + settings;
}
