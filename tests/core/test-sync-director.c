/* test-sync-director.c — a case's director changed on another laptop
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Who directs a case reads its household's log and adds members to it.
 * A member holding K_db can write `cases.regisseur` underneath the session
 * (the sqlcipher shell) and put the change in the captured queue, so a
 * change file carries it signed by its real author: every other replica
 * judges it as the session judges a hand-over (test-handover.c), with the
 * file's author, and refuses the file. Hand-overs a member may make travel,
 * and two made at once end alike everywhere. A merged copy's director
 * counts only as the merging member could have set it. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

typedef CtSyncTestTeam Fixture;

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "andere", "Anton Ander", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Greet Zorg", CT_ROLE_GGZ },
  { NULL }
};

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  /* The case is directed by regie. */
  ct_sync_test_team_setup_full (f, "ct-sync-director-XXXXXX", members, ct_sync_test_fill_case,
                                (gpointer) "regie");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_clock_set_now_for_testing (NULL);
  ct_sync_test_team_clear (f);
}

static gint64
id_of (CtSession  *session,
       const char *login)
{
  return ct_sync_test_member (session, login)->id;
}

static gint64
director (CtSession *session,
          gint64     kase)
{
  g_autofree char *sql = g_strdup_printf ("SELECT ifnull (regisseur, 0) FROM cases WHERE id = %"
                                          G_GINT64_FORMAT, kase);

  return ct_core_test_query_int (session->db, sql);
}

/* Whether @session keeps any other value of the case's director. */
static gint64
director_conflicts (CtSession *session)
{
  return ct_core_test_query_int (session->db, "SELECT count(*) FROM sync_conflicts WHERE "
                                              "tbl = 'cases' AND field = 'regisseur'");
}

/* The session hands the case to @to, as the case page does. */
static void
hand_over (CtSession  *session,
           gint64      kase,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, "cases", kase, &error);

  g_assert_no_error (error);
  ct_record_set_int (record, "regisseur", id_of (session, to));
  g_assert_true (ct_session_update (session, record, &error));
  g_assert_no_error (error);
}

/* What a modified client does: the director written underneath the
 * session, and the change put in the captured queue, so that it travels
 * signed by the session's member. */
static void
forge_director (CtSession  *session,
                gint64      kase,
                const char *to)
{
  g_autoptr(GError) error = NULL;
  const CtTable *cases = ct_schema_get_table ("cases");
  g_autofree CtStoreValue *values = g_new0 (CtStoreValue, cases->n_fields);
  g_autofree guint8 *changed = g_new0 (guint8, cases->n_fields);
  int index = ct_table_get_field_index (cases, "regisseur");
  g_autofree char *sql = g_strdup_printf ("UPDATE cases SET regisseur = %" G_GINT64_FORMAT
                                          " WHERE id = %" G_GINT64_FORMAT, id_of (session, to),
                                          kase);

  ct_core_test_exec_sql (session->db, sql);
  values[index].type = SQLITE_INTEGER;
  values[index].integer = id_of (session, to);
  changed[index] = TRUE;
  g_assert_true (ct_store_exec (session->db, "BEGIN", NULL));
  g_assert_true (_ct_session_sync_capture (session, CT_SYNC_UPDATE, cases, kase, values, changed,
                                           &error));
  g_assert_no_error (error);
  g_assert_true (ct_store_exec (session->db, "COMMIT", NULL));
}

/* Whether @session's access log holds a refused change file. */
static gboolean
logged_refusal (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    if (g_str_has_prefix (((CtLogEntry *) g_ptr_array_index (log, i))->purpose,
                          "refuse sync change file"))
      return TRUE;
  return FALSE;
}

static void
assert_one_refusal (CtSession  *session,
                    const char *folder,
                    const char *reason)
{
  g_autofree char *refusals = ct_sync_test_refusals (session, folder);

  g_assert_nonnull (strstr (refusals, reason));
  g_assert_null (strchr (strchr (refusals, '\n') + 1, '\n'));
}

/* The probe: a politie laptop makes its member the case's director
 * underneath and syncs. Every other replica keeps regie, shows politie
 * nowhere, not even as another value of the field, and logs the refusal. */
static void
test_forged_by_writer (Fixture      *f,
                       gconstpointer data)
{
  CtSession *p = ct_sync_test_replica (f, "politie");
  CtSession *b = ct_sync_test_replica (f, "beheer");
  CtSession *r = ct_sync_test_replica (f, "regie");
  gint64 regie = id_of (b, "regie");

  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (r, f->folder);
  forge_director (p, f->kase, "politie");
  ct_sync_test_sync_quietly (p, f->folder);

  assert_one_refusal (b, f->folder, "hands a case over, which only the case's director or a "
                                    "beheerder may do");
  assert_one_refusal (r, f->folder, "hands a case over");
  g_assert_cmpint (director (b, f->kase), ==, regie);
  g_assert_cmpint (director (r, f->kase), ==, regie);
  g_assert_cmpint (director_conflicts (b), ==, 0);
  g_assert_cmpint (director_conflicts (r), ==, 0);
  g_assert_true (logged_refusal (b));

  ct_core_test_session_free (p);
  ct_core_test_session_free (b);
  ct_core_test_session_free (r);
}

/* A regisseur takes another's case the same way, and adds the GGZ member
 * to its household as its director: refused with the file, so no other
 * replica holds the involvement. Written underneath only, without the
 * change travelling, the director decides nothing elsewhere: the
 * involvement arrives signed, and no replica counts it. */
static void
test_forged_by_regisseur (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *refusals = NULL;
  CtSession *a = ct_sync_test_replica (f, "andere");
  CtSession *b = ct_sync_test_replica (f, "beheer");
  CtSession *quiet = ct_sync_test_replica (f, "andere");
  gint64 regie = id_of (b, "regie");

  ct_sync_test_sync_quietly (b, f->folder);
  forge_director (a, f->kase, "andere");
  g_assert_true (ct_session_add_involvement (a, f->household, id_of (a, "ggz"), &error));
  g_assert_no_error (error);
  g_assert_true (ct_sync_test_lists_involved (a, f->household, "ggz"));
  ct_sync_test_sync_quietly (a, f->folder);

  assert_one_refusal (b, f->folder, "hands a case over");
  g_assert_cmpint (director (b, f->kase), ==, regie);
  g_assert_cmpint (director_conflicts (b), ==, 0);
  g_assert_cmpint (ct_core_test_query_int (b->db, "SELECT count(*) FROM involvements"), ==, 0);
  g_assert_false (ct_sync_test_lists_involved (b, f->household, "ggz"));

  /* Underneath only: nothing of the director travels. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE cases SET regisseur = %" G_GINT64_FORMAT
                                            " WHERE id = %" G_GINT64_FORMAT,
                                            id_of (quiet, "andere"), f->kase);

    ct_core_test_exec_sql (quiet->db, sql);
  }
  g_assert_true (ct_session_add_involvement (quiet, f->household, id_of (quiet, "ggz"), &error));
  g_assert_no_error (error);
  /* It takes a's file, its own table saying andere directs the case. */
  refusals = ct_sync_test_refusals (quiet, f->folder);
  g_assert_cmpstr (refusals, ==, "");
  g_clear_pointer (&refusals, g_free);
  refusals = ct_sync_test_refusals (b, f->folder);
  g_assert_cmpstr (refusals, ==, "");
  g_assert_cmpint (director (b, f->kase), ==, regie);
  g_assert_cmpint (ct_core_test_query_int (b->db, "SELECT count(*) FROM involvements"), ==, 1);
  g_assert_false (ct_sync_test_lists_involved (b, f->household, "ggz"));

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (quiet);
}

/* The case's director hands it over to a member without the regisseur
 * role: refused too, though its author may hand it over. */
static void
test_forged_target (Fixture      *f,
                    gconstpointer data)
{
  CtSession *r = ct_sync_test_replica (f, "regie");
  CtSession *b = ct_sync_test_replica (f, "beheer");

  ct_sync_test_sync_quietly (b, f->folder);
  forge_director (r, f->kase, "ggz");
  ct_sync_test_sync_quietly (r, f->folder);
  assert_one_refusal (b, f->folder, "gives a case to a director who is not a team member with "
                                    "the regisseur role");
  g_assert_cmpint (director (b, f->kase), ==, id_of (b, "regie"));

  ct_core_test_session_free (r);
  ct_core_test_session_free (b);
}

/* Its director hands the case over, then a beheerder hands it back: both
 * apply on every replica. */
static void
test_legit (Fixture      *f,
            gconstpointer data)
{
  CtSession *r = ct_sync_test_replica (f, "regie");
  CtSession *b = ct_sync_test_replica (f, "beheer");
  CtSession *p = ct_sync_test_replica (f, "politie");
  g_autofree char *refusals = NULL;

  hand_over (r, f->kase, "andere");
  ct_sync_test_sync_quietly (r, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (p, f->folder);
  g_assert_cmpint (director (b, f->kase), ==, id_of (b, "andere"));
  g_assert_cmpint (director (p, f->kase), ==, id_of (b, "andere"));

  hand_over (b, f->kase, "regie");
  ct_sync_test_sync_quietly (b, f->folder);
  refusals = ct_sync_test_refusals (r, f->folder);
  g_assert_cmpstr (refusals, ==, "");
  ct_sync_test_sync_quietly (p, f->folder);
  g_assert_cmpint (director (r, f->kase), ==, id_of (b, "regie"));
  g_assert_cmpint (director (p, f->kase), ==, id_of (b, "regie"));
  ct_sync_test_assert_same (r, b);
  ct_sync_test_assert_same (r, p);

  ct_core_test_session_free (r);
  ct_core_test_session_free (b);
  ct_core_test_session_free (p);
}

/* Two hand-overs at once, by the director and by a beheerder: applied on
 * both laptops, which end with the same director and the other kept as a
 * conflict. Then the new director hands the case on, having seen only
 * the first, while the beheerder, having seen it too, gives it back to
 * regie: on the beheerder's laptop the case is no longer andere's, and
 * the change still holds, since andere directed it as far as andere saw. */
static void
test_concurrent (Fixture      *f,
                 gconstpointer data)
{
  CtSession *r = ct_sync_test_replica (f, "regie");
  CtSession *b = ct_sync_test_replica (f, "beheer");
  CtSession *a = ct_sync_test_replica (f, "andere");
  CtSession *p = ct_sync_test_replica (f, "politie");
  g_autofree char *refusals = NULL;

  ct_sync_test_set_clock_after (10);
  hand_over (r, f->kase, "andere");
  ct_sync_test_set_clock_after (20);
  hand_over (b, f->kase, "beheer");
  ct_sync_test_sync_quietly (r, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  refusals = ct_sync_test_refusals (r, f->folder);
  g_assert_cmpstr (refusals, ==, "");
  g_assert_cmpint (director (r, f->kase), ==, id_of (r, "beheer"));
  g_assert_cmpint (director (b, f->kase), ==, id_of (r, "beheer"));
  g_assert_cmpint (director_conflicts (r), ==, 1);
  ct_sync_test_assert_same (r, b);

  /* The beheerder takes andere's value first; andere's laptop sees only
   * regie's hand-over (r's file), then hands the case on. */
  ct_sync_test_set_clock_after (30);
  {
    g_autofree char *dir = ct_sync_test_device_dir (b, f->folder);
    g_autofree char *away = g_strconcat (dir, ".away", NULL);

    g_assert_cmpint (g_rename (dir, away), ==, 0);
    ct_sync_test_sync_quietly (a, f->folder);
    g_assert_cmpint (g_rename (away, dir), ==, 0);
  }
  g_assert_cmpint (director (a, f->kase), ==, id_of (a, "andere"));
  hand_over (b, f->kase, "regie");
  ct_sync_test_set_clock_after (40);
  hand_over (a, f->kase, "beheer");
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  g_clear_pointer (&refusals, g_free);
  refusals = ct_sync_test_refusals (b, f->folder);
  g_assert_cmpstr (refusals, ==, "");
  g_clear_pointer (&refusals, g_free);
  refusals = ct_sync_test_refusals (a, f->folder);
  g_assert_cmpstr (refusals, ==, "");
  ct_sync_test_sync_quietly (r, f->folder);
  ct_sync_test_sync_quietly (p, f->folder);
  g_assert_cmpint (director (b, f->kase), ==, id_of (b, "beheer"));
  ct_sync_test_assert_same (a, b);
  ct_sync_test_assert_same (a, r);
  ct_sync_test_assert_same (a, p);

  ct_core_test_session_free (r);
  ct_core_test_session_free (b);
  ct_core_test_session_free (a);
  ct_core_test_session_free (p);
}

/* A copy of the team file in which politie made andere the director is
 * merged: by politie, the copy's director is left out, counted, and kept
 * nowhere; by regie, who directs the case here, it is taken. */
static void
test_merge (Fixture      *f,
            gconstpointer data)
{
  g_autofree char *copy = g_build_filename (f->team.dir, "team-copy.casus", NULL);
  g_autoptr(GError) error = NULL;
  CtSession *forger, *file, *other;
  CtMergeSummary summary;
  gint64 regie, andere;

  ct_sync_test_copy_file (f->team.path, copy);
  forger = ct_core_test_unlock (copy, "politie", CT_SYNC_TEST_PASS);
  forge_director (forger, f->kase, "andere");
  ct_core_test_session_free (forger);

  file = ct_core_test_unlock (f->team.path, "politie", CT_SYNC_TEST_PASS);
  regie = id_of (file, "regie");
  andere = id_of (file, "andere");
  other = ct_session_unlock_copy (copy, "politie", CT_SYNC_TEST_PASS, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_merge (file, other, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.restricted, ==, 1);
  g_assert_cmpuint (summary.taken, ==, 0);
  g_assert_cmpint (director (file, f->kase), ==, regie);
  g_assert_cmpint (director_conflicts (file), ==, 0);
  ct_core_test_session_free (other);
  ct_core_test_session_free (file);

  file = ct_core_test_unlock (f->team.path, "regie", CT_SYNC_TEST_PASS);
  other = ct_session_unlock_copy (copy, "regie", CT_SYNC_TEST_PASS, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_merge (file, other, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.restricted, ==, 0);
  g_assert_cmpint (director (file, f->kase), ==, andere);
  ct_core_test_session_free (other);
  ct_core_test_session_free (file);
}

/* The recovery session's write failed with @error, and left the case
 * directed by @regie and nothing queued. */
static void
assert_refused_for_recovery (CtSession *recovery,
                             gint64     kase,
                             gint64     regie,
                             GError   **error)
{
  g_assert_error (*error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_nonnull (strstr ((*error)->message, "the recovery key repairs access only"));
  g_clear_error (error);
  g_assert_cmpint (director (recovery, kase), ==, regie);
  g_assert_cmpint (ct_core_test_query_int (recovery->db, "SELECT count(*) FROM sync_pending"),
                   ==, 0);
}

/* The recovery key opens politie's laptop and hands the case over, or
 * deletes it: the change would travel in that laptop's next file, signed
 * by politie, and every other replica would refuse it and each later file
 * of the laptop. So each is refused there, with nothing stored or queued,
 * and the laptop's files go on arriving. */
static void
test_recovery (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = NULL;
  g_autofree char *path = NULL;
  g_autofree char *refusals = NULL;
  CtSession *p = ct_sync_test_replica (f, "politie");
  CtSession *b = ct_sync_test_replica (f, "beheer");
  CtSession *recovery;
  gint64 regie = id_of (b, "regie");

  ct_sync_test_sync_quietly (b, f->folder);
  path = g_strdup (ct_session_get_path (p));
  ct_core_test_session_free (p);
  recovery = ct_session_unlock_with_recovery_key (path, f->team.recovery, &error);
  g_assert_no_error (error);
  record = ct_session_get (recovery, "cases", f->kase, &error);
  g_assert_no_error (error);
  g_assert_false (ct_session_may_hand_over (recovery, record));
  ct_record_set_int (record, "regisseur", id_of (b, "andere"));
  g_assert_false (ct_session_update (recovery, record, &error));
  assert_refused_for_recovery (recovery, f->kase, regie, &error);
  /* A delete would travel as politie's too. */
  g_assert_false (ct_session_delete (recovery, "cases", f->kase, &error));
  assert_refused_for_recovery (recovery, f->kase, regie, &error);
  ct_core_test_session_free (recovery);

  /* Politie's next file, with an edit of its own, still arrives. */
  p = ct_core_test_unlock (path, "politie", CT_SYNC_TEST_PASS);
  ct_sync_test_set_field (p, "cases", f->kase, "summary", "bijgewerkt");
  ct_sync_test_sync_quietly (p, f->folder);
  refusals = ct_sync_test_refusals (b, f->folder);
  g_assert_cmpstr (refusals, ==, "");
  g_assert_cmpint (director (b, f->kase), ==, regie);
  ct_sync_test_assert_same (p, b);

  ct_core_test_session_free (p);
  ct_core_test_session_free (b);
}

/* As on a team that switched sync on before the directors were kept:
 * @session holds none of the entries. */
static void
forget_directors (CtSession *session)
{
  ct_core_test_exec_sql (session->db, "DELETE FROM sync_stamps WHERE field LIKE 'director:%'");
}

/* A hand-over made before the directors were kept, on every replica;
 * then a beheerder hands the case on while its director, who has not
 * seen that, hands it on too. Both laptops judge the director's change
 * by the director it saw, kept when the beheerder's edit replaced it: no
 * replica refuses either file, and all end alike. */
static void
test_before_kept (Fixture      *f,
                  gconstpointer data)
{
  CtSession *r = ct_sync_test_replica (f, "regie");
  CtSession *b = ct_sync_test_replica (f, "beheer");
  CtSession *a = ct_sync_test_replica (f, "andere");
  CtSession *all[] = { r, b, a };
  g_autofree char *refusals = NULL;

  ct_sync_test_set_clock_after (10);
  hand_over (r, f->kase, "andere");
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    ct_sync_test_sync_quietly (all[i], f->folder);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    forget_directors (all[i]);

  ct_sync_test_set_clock_after (20);
  hand_over (b, f->kase, "beheer");
  ct_sync_test_set_clock_after (30);
  hand_over (a, f->kase, "regie");
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (r, f->folder);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_clear_pointer (&refusals, g_free);
      refusals = ct_sync_test_refusals (all[i], f->folder);
      g_assert_cmpstr (refusals, ==, "");
    }
  g_assert_cmpint (director (b, f->kase), ==, id_of (b, "regie"));
  ct_sync_test_assert_same (a, b);
  ct_sync_test_assert_same (a, r);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    ct_core_test_session_free (all[i]);
}

/* No replica refuses anything from @sessions, and they show the case's
 * director alike. */
static void
assert_all_taken (CtSession **sessions,
                  guint       n,
                  const char *folder,
                  gint64      kase)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *refusals = ct_sync_test_refusals (sessions[i], folder);

      g_assert_cmpstr (refusals, ==, "");
      g_assert_cmpint (director (sessions[i], kase), ==, director (sessions[0], kase));
    }
}

/* A second beheerder takes regie's case while the first, at once, takes
 * their beheerder flag away: the hand-over was made as a beheerder, and
 * every replica applies it. */
static void
test_demoted_concurrently (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *original = ct_core_test_unlock (f->team.path, "beheer", CT_SYNC_TEST_PASS);
  CtSession *all[3];

  g_assert_true (ct_session_set_member_role (original, "andere", CT_ROLE_REGISSEUR, TRUE,
                                             &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (original, f->folder);
  ct_core_test_session_free (original);
  all[0] = ct_sync_test_replica (f, "beheer");
  all[1] = ct_sync_test_replica (f, "andere");
  all[2] = ct_sync_test_replica (f, "regie");

  ct_sync_test_set_clock_after (10);
  g_assert_true (ct_session_set_member_role (all[0], "andere", CT_ROLE_REGISSEUR, FALSE,
                                             &error));
  g_assert_no_error (error);
  ct_sync_test_set_clock_after (20);
  hand_over (all[1], f->kase, "andere");
  ct_sync_test_sync_quietly (all[0], f->folder);
  ct_sync_test_sync_quietly (all[1], f->folder);
  ct_sync_test_sync_quietly (all[0], f->folder);
  ct_sync_test_sync_quietly (all[2], f->folder);
  assert_all_taken (all, G_N_ELEMENTS (all), f->folder, f->kase);
  g_assert_cmpint (director (all[2], f->kase), ==, id_of (all[2], "andere"));

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    ct_core_test_session_free (all[i]);
}

/* Regie hands the case to andere while a beheerder removes andere from
 * the team: andere was a present regisseur where regie stood, and every
 * replica applies it. */
static void
test_target_removed_concurrently (Fixture      *f,
                                  gconstpointer data)
{
  CtSession *all[] = { ct_sync_test_replica (f, "beheer"), ct_sync_test_replica (f, "regie") };

  ct_sync_test_set_clock_after (10);
  ct_sync_test_remove_member (all[0], "andere");
  ct_sync_test_set_clock_after (20);
  hand_over (all[1], f->kase, "andere");
  ct_sync_test_sync_quietly (all[0], f->folder);
  ct_sync_test_sync_quietly (all[1], f->folder);
  ct_sync_test_sync_quietly (all[0], f->folder);
  assert_all_taken (all, G_N_ELEMENTS (all), f->folder, f->kase);
  g_assert_cmpint (director (all[0], f->kase), ==, id_of (all[0], "andere"));

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    ct_core_test_session_free (all[i]);
}

/* Regie hands the case to andere while a beheerder removes regie from the
 * team, and the removal reaches regie's laptop first: the file holding the
 * hand-over would be sealed under the key the removal made, which regie
 * never gets, so it is not written, and nothing is refused anywhere. The
 * case stays with its removed director until a beheerder hands it over. */
static void
test_director_removed_concurrently (Fixture      *f,
                                    gconstpointer data)
{
  CtSession *all[] = { ct_sync_test_replica (f, "beheer"), ct_sync_test_replica (f, "andere"),
                       ct_sync_test_replica (f, "regie") };
  g_autoptr(GError) error = NULL;
  CtSyncSummary summary = { 0 };

  ct_sync_test_set_clock_after (10);
  hand_over (all[2], f->kase, "andere");
  ct_sync_test_set_clock_after (20);
  ct_sync_test_remove_member (all[0], "regie");
  ct_sync_test_sync_quietly (all[0], f->folder);
  g_assert_false (ct_session_sync (all[2], f->folder, &summary, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  ct_sync_test_sync_quietly (all[0], f->folder);
  ct_sync_test_sync_quietly (all[1], f->folder);
  assert_all_taken (all, 2, f->folder, f->kase);
  g_assert_cmpint (director (all[0], f->kase), ==, id_of (all[0], "regie"));

  hand_over (all[0], f->kase, "andere");
  ct_sync_test_sync_quietly (all[0], f->folder);
  ct_sync_test_sync_quietly (all[1], f->folder);
  assert_all_taken (all, 2, f->folder, f->kase);
  g_assert_cmpint (director (all[1], f->kase), ==, id_of (all[1], "andere"));

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    ct_core_test_session_free (all[i]);
}

/* A beheerder hands the case to andere, then, before syncing, gives
 * andere another role: the hand-over went to a regisseur, and travels in
 * the same file as the change of role. */
static void
test_role_changed_after (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *all[] = { ct_sync_test_replica (f, "beheer"), ct_sync_test_replica (f, "regie") };

  ct_sync_test_set_clock_after (10);
  hand_over (all[0], f->kase, "andere");
  ct_sync_test_set_clock_after (20);
  g_assert_true (ct_session_set_member_role (all[0], "andere", CT_ROLE_POLITIE, FALSE, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (all[0], f->folder);
  ct_sync_test_sync_quietly (all[1], f->folder);
  assert_all_taken (all, G_N_ELEMENTS (all), f->folder, f->kase);
  g_assert_cmpint (director (all[1], f->kase), ==, id_of (all[1], "andere"));

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    ct_core_test_session_free (all[i]);
}

/* Before a write replaces a case's director, the values its field keeps
 * as conflicts are kept among its directors, each under its own stamp;
 * another field's conflicts are not. */
static void
test_conflicts_kept (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) stamps = NULL;
  CtSession *r = ct_sync_test_replica (f, "regie");
  const CtTable *cases = ct_schema_get_table ("cases");
  g_autofree guint8 *changed = g_new0 (guint8, cases->n_fields);
  const char *logins[] = { "andere", "politie" };
  guint found = 0;

  forget_directors (r);
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      CtSyncStamp stamp = { .hlc = 0x1000 + i };
      CtStoreValue value = { .type = SQLITE_INTEGER, .integer = id_of (r, logins[i]) };

      memset (stamp.device, 0xa0 + i, sizeof stamp.device);
      g_assert_true (ct_store_sync_conflict_add (r->db, "cases", f->kase, "regisseur", &stamp,
                                                 &value, &error));
      g_assert_no_error (error);
      /* The same value as another field's conflict. */
      stamp.hlc += 0x100;
      g_assert_true (ct_store_sync_conflict_add (r->db, "cases", f->kase, "outcome", &stamp,
                                                 &value, &error));
      g_assert_no_error (error);
    }

  changed[ct_table_get_field_index (cases, "regisseur")] = TRUE;
  g_assert_true (_ct_sync_director_keep_base (r, cases, f->kase, changed, &error));
  g_assert_no_error (error);
  stamps = ct_store_sync_stamps_with_prefix (r->db, "cases", f->kase, "director:", names,
                                             &error);
  g_assert_no_error (error);
  for (guint i = 0; i < stamps->len; i++)
    {
      const CtSyncStamp *stamp = &g_array_index (stamps, CtSyncStamp, i);
      guint n;

      if (stamp->hlc < 0x1000 || stamp->hlc >= 0x2000)
        continue;  /* the director the case shows, under its own stamp */
      n = (guint) (stamp->hlc - 0x1000);
      g_assert_cmpuint (n, <, G_N_ELEMENTS (logins));
      g_assert_cmpuint (stamp->device[0], ==, 0xa0 + n);
      g_assert_cmpint (g_ascii_strtoll (g_ptr_array_index (names, i), NULL, 10), ==,
                       id_of (r, logins[n]));
      found |= 1u << n;
    }
  g_assert_cmpuint (found, ==, 3);

  ct_core_test_session_free (r);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/sync-director/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("forged-by-writer", test_forged_by_writer);
  ADD ("forged-by-regisseur", test_forged_by_regisseur);
  ADD ("forged-target", test_forged_target);
  ADD ("legit", test_legit);
  ADD ("concurrent", test_concurrent);
  ADD ("merge", test_merge);
  ADD ("recovery", test_recovery);
  ADD ("before-kept", test_before_kept);
  ADD ("demoted-concurrently", test_demoted_concurrently);
  ADD ("target-removed-concurrently", test_target_removed_concurrently);
  ADD ("director-removed-concurrently", test_director_removed_concurrently);
  ADD ("role-changed-after", test_role_changed_after);
  ADD ("conflicts-kept", test_conflicts_kept);
#undef ADD
  return g_test_run ();
}
