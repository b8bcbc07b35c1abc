/* test-sync-goal-move.c — an action added under a goal's old domain, until
 * and after a replica moves it
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A regisseur moves a goal of a general domain to justice; a member on a
 * laptop that had not seen that adds an action to the goal, under the
 * general domain, in the clear (docs/sync-merge.md, "A goal and its
 * actions at sync"). Until some replica moves the action under justice,
 * a role that may not read justice must not read it either, on any
 * replica, whatever has synced: the session reads it as of its goal's
 * category (/sync-goal-move/read-withheld). The regisseur who moved the
 * goal may never sync again: any replica whose member may write justice
 * moves the action (/sync-goal-move/take-over), one that may not read it
 * moves and seals nothing (both), and two that move it at once end, in
 * every order in which the three replicas then sync, with the same rows
 * and no more moves (/sync-goal-move/both-move/ORDER). */

#include "config.h"

#include <glib/gstdio.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "regie2", "Rens Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Greet Zorg", CT_ROLE_GGZ },
  { NULL }
};

#define ADDED "Vraag de buren om hulp"

typedef struct
{
  CtSyncTestTeam sync;
  gint64         goal;
  gboolean       need_to_know;  /* on, with regie and ggz involved only */
} Fixture;

/* An action of the goal with @login responsible: it involves them. */
static void
involve (CtSession  *admin,
         Fixture    *f,
         const char *login)
{
  g_autoptr(CtRecord) action = ct_record_new ("actions");

  ct_record_set_int (action, "household_id", f->sync.household);
  ct_record_set_int (action, "goal_id", f->goal);
  ct_record_set (action, "what", "Overleg");
  ct_record_set (action, "status", "open");
  ct_record_set_int (action, "responsible", ct_core_test_member_id (admin, login));
  ct_core_test_insert (admin, action);
}

/* A household with a goal of the general domain "sociaal netwerk". */
static void
fill_goal (CtSession      *admin,
           CtSyncTestTeam *team,
           gpointer        data)
{
  Fixture *f = data;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) goal = ct_record_new ("goals");

  ct_record_set (household, "area", "Noord");
  team->household = ct_core_test_insert (admin, household);
  ct_record_set_int (goal, "household_id", team->household);
  ct_record_set (goal, "domain", "sociaal_netwerk");
  ct_record_set (goal, "description", "Netwerk versterken");
  ct_record_set (goal, "status", "open");
  f->goal = ct_core_test_insert (admin, goal);
  if (f->need_to_know)
    {
      g_autoptr(GError) error = NULL;

      involve (admin, f, "regie");
      involve (admin, f, "ggz");
      g_assert_true (ct_session_set_need_to_know (admin, TRUE,
                                                  ct_session_get_meeting_days (admin), &error));
      g_assert_no_error (error);
    }
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  ct_sync_test_team_setup_full (&f->sync, "ct-sync-goal-move-XXXXXX", members, fill_goal, f);
}

static void
fixture_setup_involved (Fixture      *f,
                        gconstpointer data)
{
  f->need_to_know = TRUE;
  fixture_setup (f, data);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_sync_test_team_clear (&f->sync);
}

/* The goal moved to justice on @mover, synced into @folder. */
static void
move_goal (Fixture    *f,
           CtSession  *mover,
           const char *folder)
{
  ct_sync_test_set_field (mover, "goals", f->goal, "domain", "justitie");
  ct_sync_test_sync_quietly (mover, folder);
}

/* An action added to the goal on @adder, which has not seen the move,
 * synced into @folder; its id. */
static gint64
add_action (Fixture    *f,
            CtSession  *adder,
            const char *folder)
{
  g_autoptr(CtRecord) action = ct_record_new ("actions");
  gint64 id;

  ct_record_set_int (action, "household_id", f->sync.household);
  ct_record_set_int (action, "goal_id", f->goal);
  ct_record_set (action, "what", ADDED);
  ct_record_set (action, "partner_type", "wijkteam");
  ct_record_set (action, "status", "open");
  id = ct_core_test_insert (adder, action);
  ct_sync_test_sync_quietly (adder, folder);
  return id;
}

/* Whether the action is stored under a category: its category and what
 * sealed, nothing of it in the clear. */
static gboolean
stored_sealed (CtSession *session,
               gint64     action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM actions WHERE id = %"
                                          G_GINT64_FORMAT " AND typeof (row_category) = 'blob'"
                                          " AND typeof (what) = 'blob'", action);

  return ct_core_test_query_int (session->db, sql) == 1;
}

/* The rows of the plan, raw. */
static char *
dump_plan (CtSession *session)
{
  GString *out = g_string_new (NULL);

  ct_sync_test_dump_query (session, "SELECT id, domain, description, status, row_category "
                                    "FROM goals ORDER BY id", out);
  ct_sync_test_dump_query (session, "SELECT id, goal_id, what, partner, partner_type, status, "
                                    "row_category FROM actions ORDER BY id", out);
  return g_string_free (out, FALSE);
}

/* The change files @session has written into @folder (not its status). */
static char *
files_of (CtSession  *session,
          const char *folder)
{
  g_autofree char *dir = ct_sync_test_device_dir (session, folder);

  return ct_sync_test_names_in (dir, "0");
}

/* The change files of the three replicas that go on syncing. */
static char *
all_files (CtSession  **all,
           const char **folders)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *names = files_of (all[i], folders[i]);

      g_string_append_printf (out, "%s;", names);
    }
  return g_string_free (out, FALSE);
}

static gboolean
collect_action (const CtScanRow *row,
                gpointer         data,
                GError         **error)
{
  GPtrArray *seen = data;

  if (row->id == (gint64) GPOINTER_TO_SIZE (g_ptr_array_index (seen, 0)))
    g_ptr_array_add (seen, g_strdup_printf ("%s %s %s",
                                            row->restricted[0] ? "restricted" : row->values[0],
                                            row->restricted[1] ? "restricted" : row->values[1],
                                            row->restricted[2] ? "restricted" : row->values[2]));
  return TRUE;
}

/* What a role that may not read justice gets of the action, through each
 * read path: ct_session_get() (a dialog), ct_session_list() (the plan
 * view, `case --json`, the meeting report) and ct_session_scan() (export,
 * the projector): its bookkeeping, never its content or category. */
static void
assert_withheld (CtSession *session,
                 gint64     household,
                 gint64     action)
{
  static const char * const fields[] = { "what", "partner_type", "row_category", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, "actions", action, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) scanned = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  g_assert_no_error (error);
  g_assert_true (ct_record_is_restricted (record, "what"));
  g_assert_true (ct_record_is_restricted (record, "partner_type"));
  g_assert_true (ct_record_is_restricted (record, "row_category"));
  g_assert_cmpstr (ct_record_get (record, "status"), ==, "open");

  list = ct_session_list (session, "actions", "household_id", household, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      CtRecord *r = g_ptr_array_index (list, i);

      if (ct_record_get_id (r) != action)
        continue;
      n++;
      g_assert_true (ct_record_is_restricted (r, "what"));
      g_assert_true (ct_record_is_restricted (r, "partner_type"));
    }
  g_assert_cmpuint (n, ==, 1);

  g_ptr_array_add (scanned, GSIZE_TO_POINTER ((gsize) action));
  g_assert_true (ct_session_scan (session, "actions", fields, collect_action, scanned, &error));
  g_assert_no_error (error);
  g_ptr_array_steal_index (scanned, 0);
  g_assert_cmpuint (scanned->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (scanned, 0), ==, "restricted restricted restricted");
}

/* The action as a member who may read justice reads it. */
static void
assert_justice (CtSession *session,
                gint64     action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, "actions", action, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (record, "row_category"), ==, "justice");
  g_assert_cmpstr (ct_record_get (record, "what"), ==, ADDED);
  g_assert_true (stored_sealed (session, action));
}

/* The regisseur moves the goal, another adds an action under the general
 * domain; the GGZ replica gets both files and may move nothing. The
 * action is still stored in the clear there, yet the GGZ member reads it
 * restricted, as an action of a justice goal. */
static void
test_read_withheld (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) b = ct_sync_test_replica (&f->sync, "regie2");
  g_autoptr(CtCoreTestSession) g = ct_sync_test_replica (&f->sync, "ggz");
  g_autofree char *fa = ct_sync_test_folder_named (&f->sync, "a");
  g_autofree char *fb = ct_sync_test_folder_named (&f->sync, "b");
  g_autofree char *fg = ct_sync_test_folder_named (&f->sync, "g");
  gint64 action;

  move_goal (f, a, fa);
  action = add_action (f, b, fb);
  ct_sync_test_deliver (a, fa, fg);
  ct_sync_test_deliver (b, fb, fg);
  ct_sync_test_sync_quietly (g, fg);

  g_assert_false (stored_sealed (g, action));
  assert_withheld (g, f->sync.household, action);
}

/* Two laptops that have not seen the move edit the new action's what at
 * once, in the clear as the goal was general there: one value is kept as
 * a conflict, in the clear. The GGZ member, who may not read the goal now,
 * reads nothing of it either (docs/sync-merge.md, "A goal and its actions
 * at sync"). */
static void
test_conflict_withheld (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) b = ct_sync_test_replica (&f->sync, "regie2");
  g_autoptr(CtCoreTestSession) p = ct_sync_test_replica (&f->sync, "politie");
  g_autoptr(CtCoreTestSession) g = ct_sync_test_replica (&f->sync, "ggz");
  g_autofree char *fa = ct_sync_test_folder_named (&f->sync, "a");
  g_autofree char *fb = ct_sync_test_folder_named (&f->sync, "b");
  g_autofree char *fp = ct_sync_test_folder_named (&f->sync, "p");
  g_autofree char *fg = ct_sync_test_folder_named (&f->sync, "g");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  guint whats = 0;
  gint64 action;

  move_goal (f, a, fa);
  action = add_action (f, b, fb);
  ct_sync_test_deliver (b, fb, fp);
  ct_sync_test_sync_quietly (p, fp);
  ct_sync_test_set_field (p, "actions", action, "what", "Tekst van de politie");
  ct_sync_test_sync_quietly (p, fp);
  ct_sync_test_set_field (b, "actions", action, "what", "Tekst van Rens");
  ct_sync_test_sync_quietly (b, fb);

  ct_sync_test_deliver (a, fa, fg);
  ct_sync_test_deliver (b, fb, fg);
  ct_sync_test_deliver (p, fp, fg);
  ct_sync_test_sync_quietly (g, fg);
  g_assert_false (stored_sealed (g, action));
  conflicts = ct_session_sync_get_conflicts (g, "actions", action, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      CtSyncConflict *c = g_ptr_array_index (conflicts, i);

      if (g_strcmp0 (c->field, "what") != 0)
        continue;
      g_assert_true (c->restricted);
      g_assert_null (c->value);
      whats++;
    }
  g_assert_cmpuint (whats, ==, 1);
  assert_withheld (g, f->sync.household, action);
}

/* The regisseur moves the goal and syncs once, never again; the GGZ
 * member adds the action offline. The police replica, which may write
 * justice, gets both files and moves the action; the GGZ replica, which
 * may not read justice, gets the regisseur's file first and writes
 * nothing, then the police's move. Both end with the same rows, the
 * action sealed under justice. */
static void
test_take_over (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) p = ct_sync_test_replica (&f->sync, "politie");
  g_autoptr(CtCoreTestSession) g = ct_sync_test_replica (&f->sync, "ggz");
  g_autofree char *fa = ct_sync_test_folder_named (&f->sync, "a");
  g_autofree char *fp = ct_sync_test_folder_named (&f->sync, "p");
  g_autofree char *fg = ct_sync_test_folder_named (&f->sync, "g");
  g_autofree char *g_files = NULL;
  g_autofree char *g_after = NULL;
  g_autofree char *dp = NULL;
  g_autofree char *dg = NULL;
  gint64 action;

  move_goal (f, a, fa);
  action = add_action (f, g, fg);
  g_files = files_of (g, fg);

  /* The GGZ replica sees the move: it may not read justice, so it moves
   * nothing and writes nothing. */
  ct_sync_test_deliver (a, fa, fg);
  ct_sync_test_sync_quietly (g, fg);
  ct_sync_test_sync_quietly (g, fg);
  g_assert_false (stored_sealed (g, action));
  g_after = files_of (g, fg);
  g_assert_cmpstr (g_after, ==, g_files);
  assert_withheld (g, f->sync.household, action);

  ct_sync_test_deliver (a, fa, fp);
  ct_sync_test_deliver (g, fg, fp);
  ct_sync_test_sync_quietly (p, fp);
  assert_justice (p, action);
  /* The move goes out with the police replica's next file. */
  ct_sync_test_sync_quietly (p, fp);

  ct_sync_test_deliver (p, fp, fg);
  ct_sync_test_sync_quietly (g, fg);
  g_assert_true (stored_sealed (g, action));
  assert_withheld (g, f->sync.household, action);
  dp = dump_plan (p);
  dg = dump_plan (g);
  g_assert_cmpstr (dg, ==, dp);
}

/* With need-to-know on, the police member is not involved in the
 * household: though they may write justice, their replica moves nothing
 * of it and writes no file (docs/security.md, "Need-to-know per
 * household"). */
static void
test_uninvolved (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) p = ct_sync_test_replica (&f->sync, "politie");
  g_autoptr(CtCoreTestSession) g = ct_sync_test_replica (&f->sync, "ggz");
  g_autofree char *fa = ct_sync_test_folder_named (&f->sync, "a");
  g_autofree char *fp = ct_sync_test_folder_named (&f->sync, "p");
  g_autofree char *fg = ct_sync_test_folder_named (&f->sync, "g");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  gint64 action;

  move_goal (f, a, fa);
  action = add_action (f, g, fg);
  ct_sync_test_deliver (a, fa, fp);
  ct_sync_test_deliver (g, fg, fp);
  ct_sync_test_sync_quietly (p, fp);
  before = files_of (p, fp);
  ct_sync_test_sync_quietly (p, fp);
  after = files_of (p, fp);
  /* Both files were taken: the goal is sealed, the action is there, in
   * the clear. */
  sql = g_strdup_printf ("SELECT count(*) FROM goals WHERE id = %" G_GINT64_FORMAT
                         " AND typeof (row_category) = 'blob'", f->goal);
  g_assert_cmpint (ct_core_test_query_int (p->db, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM actions WHERE id = %" G_GINT64_FORMAT, action);
  g_assert_cmpint (ct_core_test_query_int (p->db, sql), ==, 1);
  g_assert_false (stored_sealed (p, action));
  g_assert_cmpstr (after, ==, before);
}

/* The three replicas that go on syncing, in the order they first sync. */
static const guint orders[6][3] = {
  { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
};

/* The regisseur moves the goal and is gone; the GGZ member adds the
 * action. The police and the second regisseur each get both files and
 * move the action at once. Then the three replicas get each other's
 * files in one of the six orders, and in rounds: every replica ends with
 * the same rows, the action under justice, and a last round writes no
 * file at all: a move that has seen the other's does not move again. The
 * move that lost counts as no edit lost. */
static void
test_both_move (Fixture      *f,
                gconstpointer data)
{
  const guint *order = data;
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) p = ct_sync_test_replica (&f->sync, "politie");
  g_autoptr(CtCoreTestSession) r = ct_sync_test_replica (&f->sync, "regie2");
  g_autoptr(CtCoreTestSession) g = ct_sync_test_replica (&f->sync, "ggz");
  g_autofree char *fa = ct_sync_test_folder_named (&f->sync, "a");
  g_autofree char *fp = ct_sync_test_folder_named (&f->sync, "p");
  g_autofree char *fr = ct_sync_test_folder_named (&f->sync, "r");
  g_autofree char *fg = ct_sync_test_folder_named (&f->sync, "g");
  CtSession *all[] = { p, r, g };
  const char *folders[] = { fp, fr, fg };
  g_autofree char *first = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint lost = 0;
  gint64 action;

  move_goal (f, a, fa);
  action = add_action (f, g, fg);
  ct_sync_test_deliver (a, fa, fg);
  for (guint i = 0; i < 2; i++)
    {
      ct_sync_test_deliver (a, fa, folders[i]);
      ct_sync_test_deliver (g, fg, folders[i]);
      lost += ct_sync_test_sync_lost (all[i], folders[i]);
      assert_justice (all[i], action);
    }
  /* Two moves of the same action, made by two members: each sealed by
   * its own, so not the same bytes. */
  {
    g_autofree char *dp = dump_plan (p);
    g_autofree char *dr = dump_plan (r);

    g_assert_cmpstr (dp, !=, dr);
  }

  for (guint k = 0; k < 3; k++)
    {
      guint i = order[k];

      for (guint j = 0; j < 3; j++)
        if (j != i)
          ct_sync_test_deliver (all[j], folders[j], folders[i]);
      lost += ct_sync_test_sync_lost (all[i], folders[i]);
    }
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < 3; i++)
      {
        for (guint j = 0; j < 3; j++)
          if (j != i)
            ct_sync_test_deliver (all[j], folders[j], folders[i]);
        lost += ct_sync_test_sync_lost (all[i], folders[i]);
      }

  /* Settled: one more round moves nothing and writes no file (a read
   * through the session would: its log entry travels). */
  before = all_files (all, folders);
  for (guint i = 0; i < 3; i++)
    {
      for (guint j = 0; j < 3; j++)
        if (j != i)
          ct_sync_test_deliver (all[j], folders[j], folders[i]);
      lost += ct_sync_test_sync_lost (all[i], folders[i]);
    }
  after = all_files (all, folders);
  g_assert_cmpstr (after, ==, before);
  /* The move that lost had sealed the same values: no member is told
   * that an edit of theirs was not kept. */
  g_assert_cmpuint (lost, ==, 0);
  /* Nor shown one as not kept (docs/sync-merge.md, "Edits not kept"). */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (ct_core_test_query_int (all[i]->db, "SELECT count (*) FROM sync_unkept"),
                     ==, 0);

  first = dump_plan (p);
  for (guint i = 1; i < 3; i++)
    {
      g_autofree char *d = dump_plan (all[i]);

      g_assert_cmpstr (d, ==, first);
    }
  assert_justice (p, action);
  assert_justice (r, action);
  assert_withheld (g, f->sync.household, action);
}

int
main (int    argc,
      char **argv)
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/sync-goal-move/read-withheld", Fixture, NULL, fixture_setup, test_read_withheld,
              fixture_teardown);
  g_test_add ("/sync-goal-move/conflict-withheld", Fixture, NULL, fixture_setup,
              test_conflict_withheld, fixture_teardown);
  g_test_add ("/sync-goal-move/take-over", Fixture, NULL, fixture_setup, test_take_over,
              fixture_teardown);
  g_test_add ("/sync-goal-move/uninvolved", Fixture, NULL, fixture_setup_involved,
              test_uninvolved, fixture_teardown);
  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      g_autofree char *path = g_strdup_printf ("/sync-goal-move/both-move/%u%u%u", orders[o][0],
                                               orders[o][1], orders[o][2]);

      g_test_add (path, Fixture, orders[o], fixture_setup, test_both_move, fixture_teardown);
    }
  return g_test_run ();
}
