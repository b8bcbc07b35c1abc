/* test-log-tamper.c — a helper of test-cli-data.sh, not a test itself
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-log-tamper FILE LOGIN ENTRY  (the passphrase is one line of stdin)
 *
 * Does what someone with the team file's K_db and the sqlcipher shell could
 * do: drops the append-only trigger, changes the purpose of access-log entry
 * ENTRY and puts the trigger back. No command prints K_db, so the helper
 * reaches the session's database handle through the private header.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ct-core.h"
#include "ct-session-private.h"

static gboolean
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_printerr ("test-log-tamper: %s\n", message);
  sqlite3_free (message);
  return FALSE;
}

static char *
trigger_sql (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *sql = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                              "AND name = 'access_log_no_update'", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    sql = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return sql;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autofree char *trigger = NULL;
  g_autofree char *update = NULL;
  char passphrase[1024];

  if (argc != 4 || fgets (passphrase, sizeof passphrase, stdin) == NULL)
    {
      g_printerr ("usage: test-log-tamper FILE LOGIN ENTRY < passphrase\n");
      return 2;
    }
  passphrase[strcspn (passphrase, "\r\n")] = '\0';

  if (!ct_init (&error)
      || (session = ct_session_unlock (argv[1], argv[2], passphrase, &error)) == NULL)
    {
      g_printerr ("test-log-tamper: %s\n", error->message);
      return 1;
    }

  trigger = trigger_sql (session->db);
  update = g_strdup_printf ("UPDATE access_log SET purpose = 'nothing to see' WHERE id = %lld;",
                            (long long) g_ascii_strtoll (argv[3], NULL, 10));
  if (trigger == NULL || !exec_sql (session->db, "DROP TRIGGER access_log_no_update;")
      || !exec_sql (session->db, update))
    return 1;
  if (sqlite3_changes (session->db) != 1)
    {
      g_printerr ("test-log-tamper: there is no entry %s\n", argv[3]);
      return 1;
    }
  return exec_sql (session->db, trigger) ? 0 : 1;
}
