/* ct-malicious-test.c — a team and raw reads and edits for the
 * test-malicious programs
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-malicious-test.h"
#include "ct-session-chain-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-slot-private.h"

CtSession *
ct_malicious_test_unlock (CtCoreTestTeam *team,
                          const char     *login)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (team->path, login, PASS, &error);

  g_assert_no_error (error);
  return session;
}

CtSession *
ct_malicious_test_unlock_recovery (CtCoreTestTeam *team)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock_with_recovery_key (team->path, team->recovery, &error);

  g_assert_no_error (error);
  return session;
}

/* The unlock must fail with @code; returns the message. */
char *
ct_malicious_test_unlock_refused (CtCoreTestTeam *team,
                                  const char     *login,
                                  gint            code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) session = ct_session_unlock (team->path, login, PASS, &error);

  g_assert_null (session);
  g_assert_error (error, CT_ERROR, code);
  return g_strdup (error->message);
}

/* The unlock must fail with @code, its message naming @needle. */
void
ct_malicious_test_assert_refused (CtCoreTestTeam *team,
                                  const char     *login,
                                  gint            code,
                                  const char     *needle)
{
  g_autofree char *message = ct_malicious_test_unlock_refused (team, login, code);

  g_assert_nonnull (strstr (message, needle));
}

void
ct_malicious_test_add_and_enrol (CtCoreTestTeam *team,
                                 CtSession      *admin,
                                 const char     *login,
                                 CtRole          role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = ct_session_add_member (admin, login, login, role, FALSE, &error);

  g_assert_no_error (error);
  ct_session_lock (admin);
  g_assert_true (ct_vault_enrol (team->path, login, code, PASS, &error));
  g_assert_no_error (error);
}

/* beheer (regisseur, beheerder), ggz, politie and werk (werk & inkomen). */
void
ct_malicious_test_make_team (CtCoreTestTeam *team)
{
  CtVaultCreateInfo info = { "Team Kwaad", "beheer", "Bea Beheer", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  const struct { const char *login; CtRole role; } members[] = {
    { "ggz", CT_ROLE_GGZ }, { "politie", CT_ROLE_POLITIE }, { "werk", CT_ROLE_WERK_INKOMEN },
  };
  g_autoptr(GError) error = NULL;

  team->dir = g_dir_make_tmp ("ct-malicious-XXXXXX", &error);
  g_assert_no_error (error);
  team->path = g_build_filename (team->dir, "team.casus", NULL);
  g_assert_true (ct_vault_create (team->path, &info, &team->recovery, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(CtCoreTestSession) admin = ct_malicious_test_unlock (team, "beheer");

      ct_malicious_test_add_and_enrol (team, admin, members[i].login, members[i].role);
    }
}

void
ct_malicious_test_remove_team (CtCoreTestTeam *team)
{
  g_autofree char *journal = g_strconcat (team->path, "-journal", NULL);

  g_unlink (team->path);
  g_unlink (journal);
  g_rmdir (team->dir);
  g_free (team->dir);
  g_free (team->path);
  ct_secret_free (team->recovery);
}

gint64
ct_malicious_test_grants_to (sqlite3    *db,
                             const char *login,
                             const char *category)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM key_grants g JOIN members m ON "
                                          "m.id = g.holder WHERE m.login = '%s' AND "
                                          "g.category = '%s'", login, category);

  return ct_core_test_query_int (db, sql);
}

gboolean
ct_malicious_test_log_has_purpose (CtSession  *session,
                                   const char *purpose)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    if (g_str_equal (((CtLogEntry *) g_ptr_array_index (log, i))->purpose, purpose))
      return TRUE;
  return FALSE;
}

void
ct_malicious_test_assert_log_intact (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  gint64 verified = 0;

  g_assert_true (ct_session_verify_log (session, &verified, &error));
  g_assert_no_error (error);
  g_assert_cmpint (verified, ==, ct_core_test_query_int (session->db,
                                                         "SELECT max(id) FROM access_log"));
}
