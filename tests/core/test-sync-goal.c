/* test-sync-goal.c — a goal's domain and its actions across replicas
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A goal's ZRM domain decides the category of the goal and of its actions
 * (docs/categories.md, "Row categories"): a goal that changes domain takes
 * its actions along. Each of those rows merges as a register of its own
 * (docs/sync-merge.md, "A row's category"), so a file and its copy, or two
 * replicas, that change the goal's domain on one side while the other
 * edits or adds one of its actions could leave an action under another
 * category than its goal's: readable to a role that may not read the
 * goal's domain, or in the clear. Whatever the interleaving, merged in
 * either direction or synced in either order, every action must end
 * under its goal's category, as read back through the session and as
 * stored, hidden from a role that may not read it, and an edit not kept
 * must be counted. */

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
  { "chair", "Chris Voorzitter", CT_ROLE_VOORZITTER },
  { NULL }
};

#define WHAT "Bel de buurvrouw"

typedef struct
{
  CtSyncTestTeam sync;
  gint64         goal;
  gint64         action;
} Fixture;

/* A household with a goal of the general domain "sociaal netwerk" and
 * one action for it, in the clear. */
static void
fill_goal (CtSession      *admin,
           CtSyncTestTeam *team,
           gpointer        data)
{
  Fixture *f = data;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) goal = ct_record_new ("goals");
  g_autoptr(CtRecord) action = ct_record_new ("actions");

  ct_record_set (household, "area", "Noord");
  team->household = ct_core_test_insert (admin, household);
  ct_record_set_int (goal, "household_id", team->household);
  ct_record_set (goal, "domain", "sociaal_netwerk");
  ct_record_set (goal, "description", "Netwerk versterken");
  ct_record_set (goal, "status", "open");
  f->goal = ct_core_test_insert (admin, goal);
  ct_record_set_int (action, "household_id", team->household);
  ct_record_set_int (action, "goal_id", f->goal);
  ct_record_set (action, "what", WHAT);
  ct_record_set (action, "status", "open");
  f->action = ct_core_test_insert (admin, action);
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  ct_sync_test_team_setup_full (&f->sync, "ct-sync-goal-XXXXXX", members, fill_goal, f);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_sync_test_team_clear (&f->sync);
}

/* One edit of an interleaving, on the file or on its copy (the first or
 * the second replica), at a time on the test's clock. */
typedef enum
{
  DOMAIN,   /* the goal's domain becomes @value */
  WHAT_IS,  /* the action's what becomes @value */
  PARTNER,  /* the action's partner type becomes @value */
  ADD,      /* a second action for the goal, what @value */
} EditKind;

typedef struct
{
  gboolean    copy;
  int         seconds;
  const char *login;
  EditKind    kind;
  const char *value;
} Edit;

typedef struct
{
  Edit        edits[3];
  const char *category;  /* of the goal and its actions after the merge;
                          * NULL: as the goal's clock decided */
  const char *domain;    /* the goal's domain after it, or NULL */
  const char *blind;     /* a login whose role may not read @category */
  gboolean    same_stamp; /* the copy's edit gets the file's stamp, as an
                           * edit on each in the same millisecond would:
                           * both stamp with the replica's device */
} Interleaving;

/* The actions of the goal, by id. */
static GArray *
goal_actions (CtSession *session,
              gint64     goal)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM actions WHERE goal_id = %"
                                          G_GINT64_FORMAT " ORDER BY id", goal);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  return ids;
}

static void
apply_edit (Fixture    *f,
            CtSession  *session,
            const Edit *edit)
{
  g_autoptr(CtRecord) action = NULL;

  switch (edit->kind)
    {
    case DOMAIN:
      ct_sync_test_set_field (session, "goals", f->goal, "domain", edit->value);
      break;
    case WHAT_IS:
      ct_sync_test_set_field (session, "actions", f->action, "what", edit->value);
      break;
    case PARTNER:
      ct_sync_test_set_field (session, "actions", f->action, "partner_type", edit->value);
      break;
    case ADD:
      action = ct_record_new ("actions");
      ct_record_set_int (action, "household_id", f->sync.household);
      ct_record_set_int (action, "goal_id", f->goal);
      ct_record_set (action, "what", edit->value);
      ct_record_set (action, "status", "open");
      ct_core_test_insert (session, action);
      break;
    }
}

/* Whether the action keeps @value of @field as a conflict. */
static gboolean
kept_as_conflict (CtSession  *session,
                  gint64      action,
                  const char *field,
                  const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = ct_session_sync_get_conflicts (session, "actions", action,
                                                                  &error);

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      CtSyncConflict *c = g_ptr_array_index (conflicts, i);

      if (g_str_equal (c->field, field) && g_strcmp0 (c->value, value) == 0)
        return TRUE;
    }
  return FALSE;
}

/* What an edit left that must either hold, be kept as a conflict, or be
 * counted: the value of the action's field, or the added action's
 * what. */
static gboolean
edit_holds (Fixture    *f,
            CtSession  *session,
            const Edit *edit)
{
  g_autoptr(GArray) ids = goal_actions (session, f->goal);
  const char *field = edit->kind == PARTNER ? "partner_type" : "what";

  if (edit->kind == DOMAIN)
    return TRUE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *value = NULL;

      if (edit->kind != ADD && id != f->action)
        continue;
      value = ct_sync_test_get_field (session, "actions", id, field);
      if (g_strcmp0 (value, edit->value) == 0 || kept_as_conflict (session, id, field,
                                                                   edit->value))
        return TRUE;
    }
  return FALSE;
}

/* Every conflict a row keeps opens for the member of @session. */
static void
assert_conflicts_open (CtSession  *session,
                       const char *table,
                       gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = ct_session_sync_get_conflicts (session, table, id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    g_assert_false (((CtSyncConflict *) g_ptr_array_index (conflicts, i))->restricted);
}

/* The goal and every action of it under @category, read back through a
 * regisseur's session, and stored so: sealed (no by-row value in the
 * clear) unless general. */
static void
assert_follows (Fixture            *f,
                CtSession          *session,
                const Interleaving *il)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) goal = ct_session_get (session, "goals", f->goal, &error);
  g_autoptr(GArray) ids = goal_actions (session, f->goal);
  g_autofree char *clear = NULL;
  const char *category;

  g_assert_no_error (error);
  if (il->domain != NULL)
    g_assert_cmpstr (ct_record_get (goal, "domain"), ==, il->domain);
  if (il->category != NULL)
    g_assert_cmpstr (ct_record_get (goal, "row_category"), ==, il->category);
  category = ct_record_get (goal, "row_category");
  g_assert_cmpstr (category, !=, "general");
  g_assert_cmpuint (ids->len, >, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CtRecord) action = ct_session_get (session, "actions",
                                                   g_array_index (ids, gint64, i), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (ct_record_get (action, "row_category"), ==, category);
      g_assert_false (ct_record_is_restricted (action, "what"));
    }
  clear = g_strdup_printf ("SELECT count(*) FROM actions WHERE goal_id = %" G_GINT64_FORMAT
                           " AND (row_category IS NULL OR typeof (what) != 'blob')", f->goal);
  g_assert_cmpint (ct_core_test_query_int (session->db, clear), ==, 0);
  /* A merge keeps the losing side's values as conflicts, sealed under the
   * row's category: none in the clear, each opens for a regisseur. */
  g_assert_cmpint (ct_core_test_query_int (session->db, "SELECT count(*) FROM sync_conflicts "
                                                        "WHERE tbl IN ('goals', 'actions') "
                                                        "AND typeof (value) != 'blob'"),
                   ==, 0);
  assert_conflicts_open (session, "goals", f->goal);
  for (guint i = 0; i < ids->len; i++)
    assert_conflicts_open (session, "actions", g_array_index (ids, gint64, i));
}

/* What `case --json` lists for a role that may not read the goal's
 * category: not the goal, and of its actions only the bookkeeping. */
static void
assert_blind (Fixture    *f,
              CtSession  *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) goals = ct_session_list (session, "goals", "household_id",
                                                f->sync.household, &error);
  g_autoptr(GPtrArray) actions = NULL;
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < goals->len; i++)
    g_assert_cmpint (ct_record_get_id (g_ptr_array_index (goals, i)), !=, f->goal);
  actions = ct_session_list (session, "actions", "household_id", f->sync.household, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < actions->len; i++)
    {
      CtRecord *action = g_ptr_array_index (actions, i);

      if (ct_record_get_int (action, "goal_id") != f->goal)
        continue;
      n++;
      g_assert_true (ct_record_is_restricted (action, "what"));
      g_assert_true (ct_record_is_restricted (action, "partner_type"));
      g_assert_true (ct_record_is_restricted (action, "row_category"));
    }
  g_assert_cmpuint (n, >, 0);
}

/* ---- merging a copy ---------------------------------------------------- */

/* The categories of the goal and of its actions, as a regisseur reads
 * them: the same whichever way the two were merged. */
static char *
categories (Fixture   *f,
            CtSession *session)
{
  g_autoptr(GArray) ids = goal_actions (session, f->goal);
  GString *out = g_string_new (NULL);
  g_autofree char *goal = ct_sync_test_get_field (session, "goals", f->goal, "row_category");

  g_string_append_printf (out, "goal %s;", goal);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *category = ct_sync_test_get_field (session, "actions", id,
                                                          "row_category");

      g_string_append_printf (out, " %" G_GINT64_FORMAT " %s;", id, category);
    }
  return g_string_free (out, FALSE);
}

/* One direction's result: the goal's actions follow it, hidden from the
 * blind role, and each edit of an action holds, is kept as a conflict
 * under the action's category, or is counted (even one stamped before the
 * change of domain that won); merging again makes nothing again and
 * counts no more than the edits still not here. */
static char *
check_merged (Fixture            *f,
              CtSyncTestPair     *pair,
              const Interleaving *il,
              const char         *into,
              const char         *from,
              const char         *login)
{
  g_autoptr(CtCoreTestSession) file = NULL;
  CtMergeSummary summary;
  guint missing = 0;
  char *result;

  file = ct_sync_test_pair_merge (pair, into, from, login, 100, &summary);
  g_clear_pointer (&file, ct_core_test_session_free);
  file = ct_sync_test_pair_open (pair, into, "regie", 110);
  assert_follows (f, file, il);
  for (guint e = 0; e < G_N_ELEMENTS (il->edits) && il->edits[e].login != NULL; e++)
    missing += !edit_holds (f, file, &il->edits[e]);
  g_assert_cmpuint (summary.lost + summary.unmerged, >=, missing);
  result = categories (f, file);
  g_clear_pointer (&file, ct_core_test_session_free);

  file = ct_sync_test_pair_merge (pair, into, from, login, 120, &summary);
  g_assert_cmpuint (summary.added, ==, 0);
  g_assert_cmpuint (summary.taken, ==, 0);
  g_assert_cmpuint (summary.conflicts, ==, 0);
  g_assert_cmpuint (summary.remade, ==, 0);
  g_assert_cmpuint (summary.lost + summary.unmerged, ==, missing);
  g_clear_pointer (&file, ct_core_test_session_free);
  file = ct_sync_test_pair_open (pair, into, "regie", 130);
  assert_follows (f, file, il);
  g_clear_pointer (&file, ct_core_test_session_free);

  file = ct_sync_test_pair_open (pair, into, il->blind, 140);
  assert_blind (f, file);
  return result;
}

/* The newest stamp of the goals in @session. */
static gint64
goal_stamp (CtSession *session)
{
  return ct_core_test_query_int (session->db, "SELECT max(hlc) FROM sync_stamps "
                                              "WHERE tbl = 'goals'");
}

/* Gives the copy's newest edit the file's stamp, on every field it
 * stamped (two edits a few microseconds after the clock was set may have
 * it already). */
static void
stamp_same (CtSyncTestPair *pair)
{
  g_autoptr(CtCoreTestSession) file = ct_sync_test_pair_open (pair, pair->path, "regie", 50);
  g_autoptr(CtCoreTestSession) copy = ct_sync_test_pair_open (pair, pair->copy, "regie", 50);
  g_autofree char *sql = g_strdup_printf ("UPDATE sync_stamps SET hlc = %" G_GINT64_FORMAT
                                          " WHERE hlc = %" G_GINT64_FORMAT,
                                          goal_stamp (file), goal_stamp (copy));

  ct_core_test_exec_sql (copy->db, sql);
  g_assert_cmpint (goal_stamp (file), ==, goal_stamp (copy));
}

/* The first @n edits of @il, each on the file or on its copy. */
static void
apply_edits (Fixture            *f,
             CtSyncTestPair     *pair,
             const Interleaving *il,
             guint               n)
{
  for (guint e = 0; e < n && e < G_N_ELEMENTS (il->edits) && il->edits[e].login != NULL; e++)
    {
      const Edit *edit = &il->edits[e];
      g_autoptr(CtCoreTestSession) session = NULL;

      session = ct_sync_test_pair_open (pair, edit->copy ? pair->copy : pair->path, edit->login,
                                        edit->seconds);
      apply_edit (f, session, edit);
    }
}

/* The interleaving's edits on the file and its copy, then the copy merged
 * into the file and, from the same two files, the file into the copy:
 * both end with the same categories, every action under its goal's. */
static void
test_merge (Fixture      *f,
            gconstpointer data)
{
  const Interleaving *il = data;
  g_autofree char *one_way = NULL;
  g_autofree char *other_way = NULL;
  g_autofree char *path2 = NULL;
  g_autofree char *copy2 = NULL;
  CtSyncTestPair pair;

  ct_sync_test_pair_make (&f->sync, "regie", &pair);
  apply_edits (f, &pair, il, G_N_ELEMENTS (il->edits));
  if (il->same_stamp)
    stamp_same (&pair);
  /* The same two again, to merge the other way. */
  path2 = g_build_filename (f->sync.team.dir, "other-way.casus", NULL);
  copy2 = g_build_filename (f->sync.team.dir,
                            "other-way.sync-conflict-20260331-201502-ABCD234.casus", NULL);
  ct_sync_test_copy_file (pair.path, path2);
  ct_sync_test_copy_file (pair.copy, copy2);

  one_way = check_merged (f, &pair, il, pair.path, pair.copy, "regie");
  other_way = check_merged (f, &pair, il, copy2, path2, "regie");
  g_assert_cmpstr (one_way, ==, other_way);
  ct_sync_test_pair_clear (&pair);
}

#define HERE FALSE
#define THERE TRUE

/* The file moves the goal to justice; the copy, later, edits the action's
 * what under the general domain. */
static const Interleaving domain_then_edit = {
  { { HERE, 10, "regie", DOMAIN, "justitie" },
    { THERE, 20, "regie2", WHAT_IS, "Bel de wijkagent" } },
  "justice", "justitie", "ggz",
};

/* The copy edits the action first, the file moves the goal later. */
static const Interleaving edit_then_domain = {
  { { THERE, 10, "regie2", WHAT_IS, "Bel de wijkagent" },
    { HERE, 20, "regie", DOMAIN, "justitie" } },
  "justice", "justitie", "ggz",
};

/* Both move the goal, each to another domain; the copy's is later. */
static const Interleaving both_domains = {
  { { HERE, 10, "regie", DOMAIN, "justitie" },
    { THERE, 20, "regie2", DOMAIN, "geestelijke_gezondheid" } },
  "health", "geestelijke_gezondheid", "politie",
};

/* The same, at the same second on both laptops: their clocks' counters
 * and devices decide, for the goal and for each action apart; the chair
 * reads neither domain. */
static const Interleaving both_domains_at_once = {
  { { HERE, 10, "regie", DOMAIN, "justitie" },
    { THERE, 10, "regie2", DOMAIN, "geestelijke_gezondheid" } },
  NULL, NULL, "chair",
};

/* The same, in the same millisecond: the two changes have one stamp, and
 * the same one holds both ways. */
static const Interleaving both_domains_same_stamp = {
  { { HERE, 10, "regie", DOMAIN, "justitie" },
    { THERE, 10, "regie2", DOMAIN, "geestelijke_gezondheid" } },
  NULL, NULL, "chair", TRUE,
};

/* The file moves the goal to justice; the copy, later, gives the action
 * the partner type of a GGZ practice, which under the general goal it
 * still has there makes the action one of health. */
static const Interleaving domain_then_partner = {
  { { HERE, 10, "regie", DOMAIN, "justitie" },
    { THERE, 20, "regie2", PARTNER, "ggz" } },
  "justice", "justitie", "ggz",
};

/* The file moves the goal to justice; the copy adds an action for it
 * under the general domain, later or earlier. */
static const Interleaving domain_then_add = {
  { { HERE, 10, "regie", DOMAIN, "justitie" },
    { THERE, 20, "regie2", ADD, "Vraag de buren om hulp" } },
  "justice", "justitie", "ggz",
};

static const Interleaving add_then_domain = {
  { { THERE, 10, "regie2", ADD, "Vraag de buren om hulp" },
    { HERE, 20, "regie", DOMAIN, "justitie" } },
  "justice", "justitie", "ggz",
};

/* To health: what the police may not read. */
static const Interleaving add_then_health = {
  { { HERE, 10, "regie2", ADD, "Vraag de buren om hulp" },
    { THERE, 20, "ggz", DOMAIN, "geestelijke_gezondheid" } },
  "health", "geestelijke_gezondheid", "politie",
};

/* A GGZ member merges a copy that added an action, in the clear, to a
 * goal this file moved to justice: moved under justice by no one, it
 * would be read by every role, so the merge is refused whole and the file
 * is as it was; a regisseur's merge then takes it. */
static void
test_merge_refused (Fixture      *f,
                    gconstpointer data)
{
  const Interleaving *il = &add_then_domain;
  g_autoptr(CtCoreTestSession) file = NULL;
  g_autoptr(CtCoreTestSession) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  CtMergeSummary summary;
  CtSyncTestPair pair;

  ct_sync_test_pair_make (&f->sync, "regie", &pair);
  apply_edits (f, &pair, il, 2);
  file = ct_sync_test_pair_open (&pair, pair.path, "ggz", 100);
  before = goal_actions (file, f->goal);
  other = ct_session_unlock_copy (pair.copy, "ggz", CT_SYNC_TEST_PASS, &error);
  g_assert_no_error (error);
  g_assert_false (ct_session_merge (file, other, &summary, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  after = goal_actions (file, f->goal);
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&other, ct_core_test_session_free);
  g_clear_pointer (&file, ct_core_test_session_free);

  g_free (check_merged (f, &pair, il, pair.path, pair.copy, "regie"));
  ct_sync_test_pair_clear (&pair);
}

/* ---- sync ------------------------------------------------------------- */

/* The goal and its actions, raw. */
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

/* A regisseur moves the goal to justice while another, on a laptop of
 * their own, edits or adds one of its actions under the general domain;
 * a police and a GGZ replica receive the two files in either order, the
 * writers each other's, and then whatever that made them write. Every
 * replica ends with the same bytes, every action under justice: the
 * police read it, the GGZ member sees only its bookkeeping. An action
 * added, or given a partner type of another category, under the goal's
 * old domain is moved under the goal's by the replica that moved the
 * goal (docs/sync-merge.md, "A goal and its actions at sync"). */
static void
test_sync (Fixture      *f,
           gconstpointer data)
{
  const Interleaving *il = data;
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) b = ct_sync_test_replica (&f->sync, "regie2");
  g_autoptr(CtCoreTestSession) p = ct_sync_test_replica (&f->sync, "politie");
  g_autoptr(CtCoreTestSession) g = ct_sync_test_replica (&f->sync, "ggz");
  g_autofree char *fa = ct_sync_test_folder_named (&f->sync, "a");
  g_autofree char *fb = ct_sync_test_folder_named (&f->sync, "b");
  g_autofree char *fp = ct_sync_test_folder_named (&f->sync, "p");
  g_autofree char *fg = ct_sync_test_folder_named (&f->sync, "g");
  g_autofree char *da = NULL;
  CtSession *all[] = { a, b, p, g };
  const char *folders[] = { fa, fb, fp, fg };
  guint lost = 0;

  apply_edit (f, a, &il->edits[0]);
  lost += ct_sync_test_sync_lost (a, fa);
  apply_edit (f, b, &il->edits[1]);
  lost += ct_sync_test_sync_lost (b, fb);

  ct_sync_test_deliver (a, fa, fp);
  lost += ct_sync_test_sync_lost (p, fp);
  ct_sync_test_deliver (b, fb, fp);
  lost += ct_sync_test_sync_lost (p, fp);
  ct_sync_test_deliver (b, fb, fg);
  lost += ct_sync_test_sync_lost (g, fg);
  ct_sync_test_deliver (a, fa, fg);
  lost += ct_sync_test_sync_lost (g, fg);
  ct_sync_test_deliver (b, fb, fa);
  lost += ct_sync_test_sync_lost (a, fa);
  ct_sync_test_deliver (a, fa, fb);
  lost += ct_sync_test_sync_lost (b, fb);
  /* What the files made any replica write reaches every other. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      for (guint j = 0; j < G_N_ELEMENTS (all); j++)
        if (i != j)
          {
            ct_sync_test_deliver (all[j], folders[j], folders[i]);
            lost += ct_sync_test_sync_lost (all[i], folders[i]);
          }

  da = dump_plan (a);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *d = dump_plan (all[i]);

      g_assert_cmpstr (d, ==, da);
    }
  assert_follows (f, a, il);
  assert_follows (f, p, il);
  assert_blind (f, g);
  g_assert_cmpuint (lost, >=, !edit_holds (f, a, &il->edits[1]));
}

/* For sync: the first edit on one replica, the second on another. */
static const Interleaving sync_add = {
  { { HERE, 0, "regie", DOMAIN, "justitie" },
    { THERE, 0, "regie2", ADD, "Vraag de buren om hulp" } },
  "justice", "justitie", "ggz",
};

static const Interleaving sync_partner = {
  { { HERE, 0, "regie", DOMAIN, "justitie" },
    { THERE, 0, "regie2", PARTNER, "ggz" } },
  "justice", "justitie", "ggz",
};

static const Interleaving sync_edit = {
  { { HERE, 0, "regie", DOMAIN, "justitie" },
    { THERE, 0, "regie2", WHAT_IS, "Bel de wijkagent" } },
  "justice", "justitie", "ggz",
};

int
main (int    argc,
      char **argv)
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/sync-goal/merge-domain-then-edit", Fixture, &domain_then_edit, fixture_setup,
              test_merge, fixture_teardown);
  g_test_add ("/sync-goal/merge-edit-then-domain", Fixture, &edit_then_domain, fixture_setup,
              test_merge, fixture_teardown);
  g_test_add ("/sync-goal/merge-both-domains", Fixture, &both_domains, fixture_setup, test_merge,
              fixture_teardown);
  g_test_add ("/sync-goal/merge-both-domains-at-once", Fixture, &both_domains_at_once,
              fixture_setup, test_merge, fixture_teardown);
  g_test_add ("/sync-goal/merge-both-domains-same-stamp", Fixture, &both_domains_same_stamp,
              fixture_setup, test_merge, fixture_teardown);
  g_test_add ("/sync-goal/merge-domain-then-partner", Fixture, &domain_then_partner,
              fixture_setup, test_merge, fixture_teardown);
  g_test_add ("/sync-goal/merge-domain-then-add", Fixture, &domain_then_add, fixture_setup,
              test_merge, fixture_teardown);
  g_test_add ("/sync-goal/merge-add-then-domain", Fixture, &add_then_domain, fixture_setup,
              test_merge, fixture_teardown);
  g_test_add ("/sync-goal/merge-add-then-health", Fixture, &add_then_health, fixture_setup,
              test_merge, fixture_teardown);
  g_test_add ("/sync-goal/merge-refused", Fixture, NULL, fixture_setup, test_merge_refused,
              fixture_teardown);
  g_test_add ("/sync-goal/sync-edit", Fixture, &sync_edit, fixture_setup, test_sync,
              fixture_teardown);
  g_test_add ("/sync-goal/sync-partner", Fixture, &sync_partner, fixture_setup, test_sync,
              fixture_teardown);
  g_test_add ("/sync-goal/sync-add", Fixture, &sync_add, fixture_setup, test_sync,
              fixture_teardown);
  return g_test_run ();
}
