/* test-sync-files.c — the sync folder's other files and the merge rules at
 * its edges: status files, a half-written change file retried once whole,
 * a duplicate case number kept twice, conflict copies recognised by name
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

#define PASS CT_SYNC_TEST_PASS

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { NULL }
};

typedef CtSyncTestTeam Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  ct_sync_test_team_setup (f, "ct-sync-files-XXXXXX", members);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_sync_test_team_clear (f);
}

static CtSession *
unlock_copy (const char *path,
             const char *login)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock_copy (path, login, PASS, &error);

  g_assert_no_error (error);
  return session;
}

/* @reader reads @writer's newest status file in @folder: 1 and the
 * applied sequence number of @of's device in @seq, or -1 and the error. */
static int
read_status (CtSession  *reader,
             CtSession  *writer,
             CtSession  *of,
             const char *folder,
             guint64    *seq,
             GError    **error)
{
  g_autofree char *dir = ct_sync_test_device_dir (writer, folder);
  CtSyncState state = ct_sync_test_state_of (reader);
  CtSyncState writer_state = ct_sync_test_state_of (writer);
  CtSyncState of_state = ct_sync_test_state_of (of);
  CtSyncFile status;
  int found;

  found = _ct_session_sync_read_status (reader, &state, dir, writer_state.device, &status, error);
  *seq = 0;
  for (guint i = 0; found == 1 && i < status.vector->len; i++)
    {
      const CtSyncPeer *peer = &g_array_index (status.vector, CtSyncPeer, i);

      if (memcmp (peer->device, of_state.device, CT_SYNC_DEVICE_SIZE) == 0)
        *seq = peer->seq;
    }
  _ct_sync_file_clear (&status);
  return found;
}

/* A replica writes a status file of what it applied, under a new number
 * each time, the older removed; another replica reads it, signed and
 * sealed; a damaged, renamed or stranger's status is refused with the
 * file's name and the reason. */
static void
test_status (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autofree char *b_dir = ct_sync_test_device_dir (b, f->folder);
  g_autofree char *names = NULL;
  g_autofree char *status_path = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *change = NULL;
  g_autofree char *a_dir = ct_sync_test_device_dir (a, f->folder);
  g_autofree char *shown = NULL;
  gsize len;
  guint64 seq;

  /* Nothing applied yet: B's first sync writes a status saying so. */
  ct_sync_test_sync_quietly (b, f->folder);
  names = ct_sync_test_names_in (b_dir, "status-");
  g_assert_cmpstr (names, ==, "status-000000000001.ctstatus");
  g_assert_cmpint (read_status (a, b, a, f->folder, &seq, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (seq, ==, 0);

  /* A sends two files; B applies them and says so in its next status,
   * and the older status is gone. A sync that applies nothing writes no
   * new status. */
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Eerste wijziging");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Tweede wijziging");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  shown = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (shown, ==, "Tweede wijziging");
  g_free (names);
  names = ct_sync_test_names_in (b_dir, "status-");
  g_assert_cmpstr (names, ==, "status-000000000002.ctstatus");
  g_assert_cmpint (read_status (a, b, a, f->folder, &seq, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (seq, ==, 2);

  /* A's own status, read by B: A has applied nothing of B. */
  g_assert_cmpint (read_status (b, a, b, f->folder, &seq, &error), ==, 1);
  g_assert_cmpuint (seq, ==, 0);

  /* Damaged: one flipped byte in the ciphertext. */
  status_path = g_build_filename (b_dir, "status-000000000002.ctstatus", NULL);
  g_assert_true (g_file_get_contents (status_path, &bytes, &len, NULL));
  bytes[CT_SYNC_HEADER_SIZE + 3] ^= 0x01;
  g_assert_true (g_file_set_contents (status_path, bytes, (gssize) len, NULL));
  g_assert_cmpint (read_status (a, b, a, f->folder, &seq, &error), ==, -1);
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "status-000000000002.ctstatus"));
  g_assert_nonnull (strstr (error->message, "signature does not hold"));
  g_clear_error (&error);

  /* An old status under a newer number: replayed. */
  bytes[CT_SYNC_HEADER_SIZE + 3] ^= 0x01;
  g_assert_true (g_file_set_contents (status_path, bytes, (gssize) len, NULL));
  moved = g_build_filename (b_dir, "status-000000000007.ctstatus", NULL);
  g_assert_cmpint (g_rename (status_path, moved), ==, 0);
  g_assert_cmpint (read_status (a, b, a, f->folder, &seq, &error), ==, -1);
  g_assert_nonnull (strstr (error->message, "replayed or reordered"));
  g_clear_error (&error);
  g_assert_cmpint (g_rename (moved, status_path), ==, 0);

  /* A change file given a status file's name: not a status file. */
  change = g_build_filename (a_dir, "000000000001.ctchange", NULL);
  g_free (moved);
  moved = g_build_filename (b_dir, "status-000000000003.ctstatus", NULL);
  ct_sync_test_copy_file (change, moved);
  g_assert_cmpint (read_status (a, b, a, f->folder, &seq, &error), ==, -1);
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_TEAM_FILE);
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (moved), ==, 0);

  /* A status file read as a change file is refused too. */
  g_free (moved);
  moved = g_build_filename (b_dir, "000000000001.ctchange", NULL);
  ct_sync_test_copy_file (status_path, moved);
  {
    CtSyncSummary summary;

    ct_sync_test_sync (a, f->folder, &summary);
    g_assert_cmpuint (summary.refusals->len, ==, 1);
    g_assert_cmpuint (summary.applied_files, ==, 0);
    g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "not a change file"));
    ct_sync_summary_clear (&summary);
  }

  /* Back to the good one: read. */
  g_assert_cmpint (read_status (a, b, a, f->folder, &seq, &error), ==, 1);
  g_assert_cmpuint (seq, ==, 2);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* A change file that a share shows half-written is refused, and not read
 * again while its bytes stay the same; once it is whole it is applied,
 * with the file behind it. */
static void
test_retry_truncated (Fixture      *f,
                      gconstpointer data)
{
  CtSession *sender = ct_sync_test_replica (f, "regie");
  CtSession *receiver = ct_sync_test_replica (f, "beheer");
  g_autofree char *from = ct_sync_test_device_dir (sender, f->folder);
  g_autofree char *share = g_build_filename (f->team.dir, "share", NULL);
  g_autofree char *to = NULL;
  g_autofree char *one = g_build_filename (from, "000000000001.ctchange", NULL);
  g_autofree char *two = g_build_filename (from, "000000000002.ctchange", NULL);
  g_autofree char *to_one = NULL;
  g_autofree char *to_two = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *shown = NULL;
  CtSyncSummary summary;
  gsize len;

  ct_sync_test_set_field (sender, "cases", f->kase, "summary", "Eerste wijziging");
  ct_sync_test_sync_quietly (sender, f->folder);
  ct_sync_test_set_field (sender, "cases", f->kase, "summary", "Tweede wijziging");
  ct_sync_test_sync_quietly (sender, f->folder);

  to = ct_sync_test_device_dir (sender, share);
  to_one = g_build_filename (to, "000000000001.ctchange", NULL);
  to_two = g_build_filename (to, "000000000002.ctchange", NULL);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  g_assert_true (g_file_get_contents (one, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (to_one, bytes, (gssize) (len / 2), NULL));
  ct_sync_test_copy_file (two, to_two);

  ct_sync_test_sync (receiver, share, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "000000000001.ctchange"));
  g_assert_cmpuint (summary.applied_files, ==, 0);
  ct_sync_summary_clear (&summary);

  /* The same bytes: not read again, nothing applied. */
  ct_sync_test_sync (receiver, share, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  g_assert_cmpuint (summary.applied_files, ==, 0);
  ct_sync_summary_clear (&summary);

  /* A different but still partial file: refused again, logged again. */
  g_assert_true (g_file_set_contents (to_one, bytes, (gssize) (len - 1), NULL));
  ct_sync_test_sync (receiver, share, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_cmpuint (summary.applied_files, ==, 0);
  ct_sync_summary_clear (&summary);

  /* Whole: both files apply. */
  ct_sync_test_copy_file (one, to_one);
  ct_sync_test_sync (receiver, share, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  g_assert_cmpuint (summary.applied_files, ==, 2);
  ct_sync_summary_clear (&summary);
  shown = ct_sync_test_get_field (receiver, "cases", f->kase, "summary");
  g_assert_cmpstr (shown, ==, "Tweede wijziging");

  ct_core_test_remove_dir (share);
  ct_core_test_session_free (sender);
  ct_core_test_session_free (receiver);
}

static gint64
add_case (CtSession  *session,
          gint64      household,
          const char *number)
{
  g_autoptr(CtRecord) kase = ct_record_new ("cases");

  ct_record_set_int (kase, "household_id", household);
  ct_record_set (kase, "number", number);
  ct_record_set (kase, "referral_date", "2026-06-01");
  ct_record_set (kase, "status", "aangemeld");
  return ct_core_test_insert (session, kase);
}

static char *
numbers_of (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = ct_session_list (session, "cases", NULL, 0, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "=%s\n",
                            ct_record_get_id (g_ptr_array_index (cases, i)),
                            ct_record_get (g_ptr_array_index (cases, i), "number"));
  return g_string_free (out, FALSE);
}

/* Two laptops give one case number twice (typed by hand): both cases are
 * kept, and the later one (the higher id) gets a suffix, the same on
 * every replica whichever syncs first; so does a number changed into one
 * that another laptop gave at the same time. */
static void
test_duplicate_number (Fixture      *f,
                       gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *c = ct_sync_test_replica (f, "beheer");
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;
  g_autofree char *nc = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *later_number = NULL;
  gint64 first, second, earlier, later, third;

  first = add_case (a, f->household, "2026-0100");
  second = add_case (b, f->household, "2026-0100");
  g_assert_cmpint (first, !=, second);
  earlier = MIN (first, second);
  later = MAX (first, second);

  /* B first on one laptop, A first on another. */
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (c, f->folder);
  na = numbers_of (a);
  nb = numbers_of (b);
  nc = numbers_of (c);
  g_assert_cmpstr (na, ==, nb);
  g_assert_cmpstr (na, ==, nc);
  later_number = ct_sync_test_get_field (a, "cases", later, "number");
  g_assert_true (g_str_has_prefix (later_number, "2026-0100-"));
  g_assert_cmpuint (strlen (later_number), ==, strlen ("2026-0100-ABCD"));
  expected = ct_sync_test_get_field (b, "cases", earlier, "number");
  g_assert_cmpstr (expected, ==, "2026-0100");

  /* A number changed, offline, into one another laptop just gave. */
  third = add_case (a, f->household, "2026-0200");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (c, f->folder);
  ct_sync_test_set_field (b, "cases", f->kase, "number", "2026-0300");
  ct_sync_test_set_field (c, "cases", third, "number", "2026-0300");
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (c, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  g_free (na), g_free (nb), g_free (nc);
  na = numbers_of (a);
  nb = numbers_of (b);
  nc = numbers_of (c);
  g_assert_cmpstr (na, ==, nb);
  g_assert_cmpstr (na, ==, nc);
  g_free (expected);
  expected = ct_sync_test_get_field (a, "cases", MIN (f->kase, third), "number");
  g_assert_cmpstr (expected, ==, "2026-0300");
  g_free (expected);
  expected = ct_sync_test_get_field (a, "cases", MAX (f->kase, third), "number");
  g_assert_true (g_str_has_prefix (expected, "2026-0300-"));

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

/* Merges the copy at @path into @file, blocking or through
 * ct_session_merge_copy_async(), which must give the same. */
static gboolean
merge_copy (CtSession      *file,
            const char     *path,
            const char     *login,
            gboolean        async,
            CtMergeSummary *summary,
            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  CtSession *other;
  gboolean ok;

  if (!async)
    {
      other = unlock_copy (path, login);
      ok = ct_session_merge (file, other, summary, error);
      ct_core_test_session_free (other);
      return ok;
    }
  ct_session_merge_copy_async (file, path, PASS, NULL, ct_core_test_result_cb, &result);
  ct_core_test_wait_result (&result);
  return ct_session_merge_copy_finish (file, result, summary, error);
}

/* A conflict copy of the team file, edited on its own on another laptop,
 * merged back: the rows it added are here, a field only it changed is
 * taken, a field both changed shows the later value and keeps the other
 * as a conflict, and what this file added stays; merging again changes
 * nothing. A file of another team is refused, and so is the file itself;
 * a police member's merge leaves out the health value it may not write.
 * /sync-files/merge-async does all of it through
 * ct_session_merge_copy_async(), whose worker only picks the rows that
 * differ: it must come to the same, and a wrong passphrase is refused. */
static void
test_merge (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(GDateTime) tuesday = g_date_time_new_utc (2026, 3, 31, 19, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new_utc (2026, 3, 31, 20, 0, 0);
  g_autoptr(GDateTime) evening = g_date_time_new_utc (2026, 3, 31, 21, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (f->team.dir,
                                            "team.sync-conflict-20260331-201502-ABCD234.casus",
                                            NULL);
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) mine = ct_record_new ("persons");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *value = NULL;
  CtVaultCreateInfo info = { "Ander Team", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  CtCoreTestTeam stranger = { 0 };
  CtSession *file, *other, *foreign, *police;
  gboolean async = data != NULL;
  CtMergeSummary summary;
  guint8 team_id[CT_TEAM_ID_SIZE];
  gint64 added, kept, second_case, ours_case, theirs_case;

  ct_sync_test_copy_file (f->team.path, copy);

  ct_clock_set_now_for_testing (tuesday);
  file = ct_core_test_unlock (f->team.path, "beheer", PASS);
  memcpy (team_id, file->header->team_id, CT_TEAM_ID_SIZE);
  ct_sync_test_set_field (file, "cases", f->kase, "summary", "Versie op het bureau");
  ct_record_set_int (mine, "household_id", f->household);
  ct_record_set (mine, "first_name", "Bram");
  ct_record_set (mine, "last_name", "Bureau");
  kept = ct_core_test_insert (file, mine);
  ours_case = add_case (file, f->household, "2026-0003");

  ct_clock_set_now_for_testing (later);
  ct_sync_test_forget_device (team_id);
  other = ct_core_test_unlock (copy, "beheer", PASS);
  ct_sync_test_set_field (other, "cases", f->kase, "summary", "Versie op de laptop");
  ct_sync_test_set_field (other, "households", f->household, "eviction_risk", "hoog");
  ct_record_set_int (person, "household_id", f->household);
  ct_record_set (person, "first_name", "Lotte");
  ct_record_set (person, "last_name", "Laptop");
  added = ct_core_test_insert (other, person);
  second_case = add_case (other, f->household, "2026-0002");
  theirs_case = add_case (other, f->household, "2026-0003");
  ct_core_test_session_free (other);
  ct_sync_test_forget_device (team_id);
  ct_clock_set_now_for_testing (NULL);

  g_assert_true (merge_copy (file, copy, "beheer", async, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 3);
  g_assert_cmpuint (summary.conflicts, ==, 1);
  g_assert_cmpuint (summary.taken, ==, 2);
  g_assert_cmpuint (summary.restricted, ==, 0);

  value = ct_sync_test_get_field (file, "cases", f->kase, "summary");
  g_assert_cmpstr (value, ==, "Versie op de laptop");
  conflicts = ct_session_sync_get_conflicts (file, "cases", f->kase, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((CtSyncConflict *) g_ptr_array_index (conflicts, 0))->value, ==,
                   "Versie op het bureau");
  g_free (value);
  value = ct_sync_test_get_field (file, "households", f->household, "eviction_risk");
  g_assert_cmpstr (value, ==, "hoog");
  g_free (value);
  value = ct_sync_test_get_field (file, "persons", added, "last_name");
  g_assert_cmpstr (value, ==, "Laptop");
  g_free (value);
  value = ct_sync_test_get_field (file, "persons", kept, "last_name");
  g_assert_cmpstr (value, ==, "Bureau");
  g_free (value);
  value = ct_sync_test_get_field (file, "cases", second_case, "number");
  g_assert_cmpstr (value, ==, "2026-0002");
  /* One number given on both sides: both cases kept, the later suffixed. */
  g_assert_cmpint (theirs_case, >, ours_case);
  g_free (value);
  value = ct_sync_test_get_field (file, "cases", ours_case, "number");
  g_assert_cmpstr (value, ==, "2026-0003");
  g_free (value);
  value = ct_sync_test_get_field (file, "cases", theirs_case, "number");
  g_assert_true (g_str_has_prefix (value, "2026-0003-"));

  /* Merged twice: nothing new, nothing doubled. */
  g_assert_true (merge_copy (file, copy, "beheer", async, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 0);
  g_assert_cmpuint (summary.taken, ==, 0);
  g_assert_cmpuint (summary.conflicts, ==, 0);

  /* Edited here after the copy: the copy's value is kept as a conflict
   * and counted once; merged again, it is neither kept nor counted twice. */
  ct_clock_set_now_for_testing (evening);
  ct_sync_test_set_field (file, "cases", f->kase, "summary", "Versie na het samenvoegen");
  ct_clock_set_now_for_testing (NULL);
  g_assert_true (merge_copy (file, copy, "beheer", async, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.conflicts, ==, 1);
  g_assert_cmpuint (summary.taken, ==, 0);
  g_assert_true (merge_copy (file, copy, "beheer", async, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.conflicts, ==, 0);
  g_assert_cmpuint (summary.taken, ==, 0);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = ct_session_sync_get_conflicts (file, "cases", f->kase, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((CtSyncConflict *) g_ptr_array_index (conflicts, 0))->value, ==,
                   "Versie op de laptop");

  /* Not the file itself (it is open: its lock refuses a second
   * session), not another team's file. */
  g_assert_null (ct_session_unlock_copy (f->team.path, "beheer", PASS, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  ct_core_test_team_create (&stranger, "ct-sync-files-other-XXXXXX", &info);
  foreign = unlock_copy (stranger.path, "beheer");
  g_assert_false (ct_session_merge (file, foreign, &summary, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_TEAM_FILE);
  g_assert_nonnull (strstr (error->message, "another team"));
  g_clear_error (&error);
  ct_core_test_session_free (foreign);
  ct_core_test_team_clear (&stranger);
  ct_core_test_session_free (file);

  /* A health value only the copy has: the police member's merge leaves
   * it out and says so; the general field beside it is merged. */
  ct_sync_test_forget_device (team_id);
  other = ct_core_test_unlock (copy, "beheer", PASS);
  ct_sync_test_set_field (other, "households", f->household, "health_mental", "Medicatie");
  ct_sync_test_set_field (other, "cases", f->kase, "status", "aangemeld");
  ct_core_test_session_free (other);
  ct_sync_test_forget_device (team_id);
  police = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_assert_true (merge_copy (police, copy, "politie", async, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.restricted, ==, 1);
  g_assert_cmpuint (summary.taken, ==, 1);
  ct_core_test_session_free (police);
  file = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_free (value);
  value = ct_sync_test_get_field (file, "households", f->household, "health_mental");
  g_assert_true (value == NULL || *value == '\0');
  g_free (value);
  value = ct_sync_test_get_field (file, "cases", f->kase, "status");
  g_assert_cmpstr (value, ==, "aangemeld");
  if (async)
    {
      g_autoptr(GAsyncResult) result = NULL;

      ct_session_merge_copy_async (file, copy, "niet de zin", NULL, ct_core_test_result_cb,
                                   &result);
      ct_core_test_wait_result (&result);
      g_assert_false (ct_session_merge_copy_finish (file, result, &summary, &error));
      g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
      g_clear_error (&error);
    }
  ct_core_test_session_free (file);
}

/* The conflict copies that Syncthing, Nextcloud, Dropbox and OneDrive
 * make of team.casus are recognised; other files beside it are not. */
static void
test_conflict_names (void)
{
  static const char * const copies[] = {
    "team.sync-conflict-20260331-201502-ABCD234.casus",
    "team (conflicted copy 2026-03-31 201502).casus",
    "team (Piet Jansen's conflicted copy 2026-03-31).casus",
    "team (Piet Jansen's conflicted copy 2026-03-31) (1).casus",
    "team-LAPTOP-PIET.casus",
    "team-laptop-piet-2.casus",
  };
  static const char * const others[] = {
    "team.casus",
    "teams.casus",
    "team.sync-conflict-20260331-201502-ABCD234.casus.tmp",
    "team.sync-conflict-2026031-201502-ABCD234.casus",
    "team.sync-conflict-20260331-201502-abcd234.casus",
    ".syncthing.team.casus.tmp",
    "team (1).casus",
    "team (conflicted copy 2026-03-31 201502).txt",
    "team-.casus",
    "team-piet jansen.casus",
    "team.casus.sync-conflict-20260331-201502-ABCD234",
    "other.sync-conflict-20260331-201502-ABCD234.casus",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ct-conflict-names-XXXXXX", &error);
  g_autofree char *team = g_build_filename (dir, "team.casus", NULL);
  g_autoptr(GPtrArray) found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *path = g_build_filename (dir, copies[i], NULL);

      g_test_message ("copy: %s", copies[i]);
      g_assert_true (ct_sync_is_conflict_copy (copies[i], "team.casus"));
      g_assert_true (g_file_set_contents (path, "x", 1, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *path = g_build_filename (dir, others[i], NULL);

      g_test_message ("not a copy: %s", others[i]);
      g_assert_false (ct_sync_is_conflict_copy (others[i], "team.casus"));
      g_assert_true (g_file_set_contents (path, "x", 1, NULL));
    }
  /* A stem with dots of its own. */
  g_assert_true (ct_sync_is_conflict_copy ("wijk.noord.sync-conflict-20260331-201502-ABCD234.casus",
                                           "wijk.noord.casus"));

  found = ct_sync_find_conflict_copies (team);
  g_assert_cmpuint (found->len, ==, G_N_ELEMENTS (copies));
  for (guint i = 1; i < found->len; i++)
    g_assert_cmpint (strcmp (g_ptr_array_index (found, i - 1), g_ptr_array_index (found, i)), <, 0);
  ct_core_test_remove_dir (dir);
}

/* ---- off the main loop ----------------------------------------------- */

/* Copies the change files of the folder @from into @to, team and device
 * folders alike. */
static void
copy_folder (const char *from,
             const char *to)
{
  g_autoptr(GDir) d = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        copy_folder (src, dst);
      else
        ct_sync_test_copy_file (src, dst);
    }
}

/* What the timeout below sees of A's sync. */
typedef struct
{
  CtSession     *session;
  const guint8  *device;
  guint          n_files;
  guint          ticks;
  gboolean       midway;
} Watch;

/* A timeout as ready as the sync's own applying: it must fire between
 * the files, and see some applied and not all. */
static gboolean
tick (gpointer data)
{
  Watch *watch = data;
  CtSyncPeer peer = { 0 };
  guint8 member[CT_MEMBER_ID_SIZE];

  watch->ticks++;
  if (ct_store_sync_peer_get (watch->session->db, watch->device, &peer, member, NULL) == 1
      && peer.seq > 0 && peer.seq < watch->n_files)
    watch->midway = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
test_async (Fixture      *f,
            gconstpointer data)
{
  enum { N_FILES = 12 };
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (f->team.dir, "folder-2", NULL);
  g_autofree char *own_a = NULL;
  g_autofree char *own_c = NULL;
  g_autofree char *status_a = NULL;
  g_autofree char *status_c = NULL;
  g_autoptr(GPtrArray) cases_a = NULL;
  g_autoptr(GPtrArray) cases_c = NULL;
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *c = ct_sync_test_replica (f, "beheer");
  CtSyncState state_b = ct_sync_test_state_of (b);
  CtSyncSummary sync_summary;
  CtSyncSummary async_summary;
  Watch watch = { 0 };
  guint timeout;

  /* Twelve change files from B, each an edit and a new case. */
  for (guint i = 0; i < N_FILES; i++)
    {
      g_autofree char *summary = g_strdup_printf ("Samenvatting %u van B", i);
      g_autoptr(CtRecord) kase = ct_record_new ("cases");
      g_autofree char *number = g_strdup_printf ("2026-01%02u", i);

      ct_sync_test_set_field (b, "cases", f->kase, "summary", summary);
      ct_record_set_int (kase, "household_id", f->household);
      ct_record_set (kase, "number", number);
      ct_record_set (kase, "referral_date", "2026-02-01");
      ct_record_set (kase, "status", "aangemeld");
      ct_core_test_insert (b, kase);
      ct_sync_test_sync_quietly (b, f->folder);
    }
  copy_folder (f->folder, other);

  /* C applies them the blocking way, from its own copy of the folder. */
  ct_sync_test_sync (c, other, &sync_summary);
  g_assert_cmpuint (sync_summary.applied_files, ==, N_FILES);

  /* A the other way, while the main loop runs a timeout. A local edit
   * made before is sent by the worker. */
  ct_sync_test_set_field (a, "cases", f->kase, "status", "advies_gegeven");
  watch.session = a;
  watch.device = state_b.device;
  watch.n_files = N_FILES;
  timeout = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 0, tick, &watch, NULL);
  g_assert_true (ct_sync_test_sync_async (a, f->folder, &async_summary, &error));
  g_assert_no_error (error);
  g_source_remove (timeout);
  g_assert_true (watch.midway);
  g_assert_cmpuint (watch.ticks, >=, N_FILES);

  /* The same result as the blocking sync: counts, refusals, rows. */
  g_assert_cmpuint (async_summary.applied_files, ==, sync_summary.applied_files);
  g_assert_cmpuint (async_summary.applied_changes, ==, sync_summary.applied_changes);
  g_assert_cmpuint (async_summary.conflicts, ==, sync_summary.conflicts);
  g_assert_cmpuint (async_summary.waiting_files, ==, sync_summary.waiting_files);
  g_assert_cmpuint (async_summary.refusals->len, ==, 0);
  g_assert_cmpuint (sync_summary.refusals->len, ==, 0);
  g_assert_cmpuint (async_summary.written_changes, ==, 1);
  cases_a = ct_session_list (a, "cases", NULL, 0, &error);
  g_assert_no_error (error);
  cases_c = ct_session_list (c, "cases", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases_a->len, ==, N_FILES + 1);
  g_assert_cmpuint (cases_a->len, ==, cases_c->len);
  for (guint i = 0; i < cases_a->len; i++)
    {
      CtRecord *ra = g_ptr_array_index (cases_a, i);
      CtRecord *rc = g_ptr_array_index (cases_c, i);

      g_assert_cmpint (ct_record_get_id (ra), ==, ct_record_get_id (rc));
      g_assert_cmpstr (ct_record_get (ra, "number"), ==, ct_record_get (rc, "number"));
      g_assert_cmpstr (ct_record_get (ra, "summary"), ==, ct_record_get (rc, "summary"));
    }

  /* A wrote its change file and a status file, as C did its status. */
  own_a = ct_sync_test_device_dir (a, f->folder);
  own_c = ct_sync_test_device_dir (c, other);
  status_a = ct_sync_test_names_in (own_a, "status-");
  status_c = ct_sync_test_names_in (own_c, "status-");
  g_assert_cmpstr (status_a, ==, "status-000000000001.ctstatus");
  g_assert_cmpstr (status_c, ==, status_a);
  g_assert_true (g_file_test (own_a, G_FILE_TEST_IS_DIR));
  {
    g_autofree char *changes = ct_sync_test_names_in (own_a, "0");

    g_assert_cmpstr (changes, ==, "000000000001.ctchange");
  }
  /* B takes A's edit from the folder. */
  ct_sync_test_sync_quietly (b, f->folder);
  {
    g_autofree char *status = ct_sync_test_get_field (b, "cases", f->kase, "status");

    g_assert_cmpstr (status, ==, "advies_gegeven");
  }

  ct_sync_summary_clear (&async_summary);
  ct_sync_summary_clear (&sync_summary);
  ct_core_test_remove_dir (other);
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

/* A sync whose folder cannot be made ends with an error naming it. */
static void
test_async_no_folder (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *blocker = g_build_filename (f->team.dir, "not-a-folder", NULL);
  g_autofree char *missing = g_build_filename (blocker, "x", NULL);
  CtSession *a = ct_sync_test_replica (f, "beheer");
  g_autoptr(GError) error = NULL;

  /* A folder that cannot be made (a file stands in its way). */
  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  g_assert_false (ct_sync_test_sync_async (a, missing, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, missing));
  ct_core_test_session_free (a);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/sync-files/conflict-names", test_conflict_names);
  g_test_add ("/sync-files/status", Fixture, NULL, fixture_setup, test_status, fixture_teardown);
  g_test_add ("/sync-files/retry-truncated", Fixture, NULL, fixture_setup, test_retry_truncated,
              fixture_teardown);
  g_test_add ("/sync-files/duplicate-number", Fixture, NULL, fixture_setup,
              test_duplicate_number, fixture_teardown);
  g_test_add ("/sync-files/merge", Fixture, NULL, fixture_setup, test_merge, fixture_teardown);
  g_test_add ("/sync-files/merge-async", Fixture, "async", fixture_setup, test_merge,
              fixture_teardown);
  g_test_add ("/sync-files/async", Fixture, NULL, fixture_setup, test_async, fixture_teardown);
  g_test_add ("/sync-files/async-no-folder", Fixture, NULL, fixture_setup, test_async_no_folder,
              fixture_teardown);
  return g_test_run ();
}
