/* test-sync-fork.c — a forked team chain, resolved alike on every replica
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Two beheerders change the team on two laptops offline, each also editing
 * one summary, while a third laptop edits the case's status: the chain forks
 * (docs/sync-chain.md, "Forks"). The three replicas are saved as they are then,
 * and for every order in which they first sync (all six) the saved files
 * and folder are put back and synced in that order, then in rounds: every
 * run must end with the same chain, members, sync key version and rows on
 * all three replicas, and the same as every other run; every edit is
 * there (shown or kept as a conflict); each replica opens again (its log
 * anchors hold after a switch); a member removed on the winning branch
 * holds no grant of the sync key made after the removal. The keys of the
 * two branches side by side are test-sync-fork-keys.c. */

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

/* The laptops: Hendrik (beheer), Pieter (politie), Rosa (regie, made a
 * beheerder before the fork). */
static const char * const logins[] = { "beheer", "politie", "regie" };

typedef CtSyncTestTeam Fixture;

/* A change of the team on one branch. */
typedef void (*ForkEdit) (CtSession *session);

typedef struct _Fork Fork;

struct _Fork
{
  ForkEdit    hendrik;     /* on the beheer laptop */
  ForkEdit    rosa;        /* on the regie laptop */
  const char *removed;     /* a login the winner removes, or NULL */
  void      (*check) (CtSession *session);  /* what the winner's chain holds */
  /* When both branches remove a member: which one the winner removed
   * (asked of a replica after the syncs), the laptop that may be shut out
   * for a while, and what every remaining member reads. */
  const char *(*removed_of) (CtSession *session);
  const char *may_fail;
  void      (*check_values) (Fixture    *f,
                             CtSession  *session,
                             const char *removed);
  /* The set-aside additions made again, once, by the losing laptop; and
   * what it lists to make again by hand (NULL: nothing). */
  guint       made_again;
  const char *listed;
};

/* The chain, its members, the sync key version and its name, and every
 * general field of the rows with the conflicts and tombstones, raw. */
static char *
dump (CtSession *session)
{
  static const char * const tables[] = { "households", "persons", "cases", NULL };
  GString *out = g_string_new (NULL);
  g_autofree char *head = ct_sync_test_hex (session->chain->head, CT_CHAIN_HASH_SIZE);
  CtSyncState state = ct_sync_test_state_of (session);
  g_autofree char *made_by = ct_sync_test_hex (state.key_made_by, CT_CHAIN_HASH_SIZE);

  g_string_append_printf (out, "chain %" G_GINT64_FORMAT " %s key %u %s\n",
                          session->chain->length, head, state.key_version, made_by);
  for (guint i = 0; i < session->chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (session->chain->members, i);

      g_string_append_printf (out, "member %s %d %d %d\n", m->login, m->role, m->is_admin,
                              m->removed);
    }
  for (guint r = 0; r < CT_N_ROLES; r++)
    g_string_append_printf (out, "policy %u %x\n", r, session->chain->policy[r]);
  ct_sync_test_dump_query (session,
                           "SELECT id, login, role, is_admin FROM members ORDER BY id", out);
  ct_sync_test_dump_query (session,
                           "SELECT key, value FROM settings WHERE key IN ('export.k', "
                           "'export.threshold') OR key LIKE 'retention.%' ORDER BY key", out);
  for (guint t = 0; tables[t] != NULL; t++)
    {
      const CtTable *table = ct_schema_get_table (tables[t]);
      g_autoptr(GString) sql = g_string_new ("SELECT id");

      /* A removal re-seals a category's values on the laptop that made
       * it, so their bytes differ between replicas (docs/sync-security.md): the
       * fields in the clear only. */
      for (guint i = 0; i < table->n_fields; i++)
        if (table->fields[i].category == CT_CATEGORY_GENERAL && !table->fields[i].by_row)
          g_string_append_printf (sql, ", %s", table->fields[i].name);
      g_string_append_printf (sql, " FROM %s ORDER BY id", table->name);
      g_string_append_printf (out, "%s:\n", table->name);
      ct_sync_test_dump_query (session, sql->str, out);
    }
  ct_sync_test_dump_query (session,
                           "SELECT tbl, row_id, field, hlc, device, value FROM sync_conflicts "
                           "ORDER BY 1, 2, 3, 4, 5", out);
  ct_sync_test_dump_query (session, "SELECT tbl, row_id FROM sync_tombstones ORDER BY 1, 2", out);
  return g_string_free (out, FALSE);
}

/* The copies are edited "on other laptops": forget what this device saw
 * of the team, as a fresh laptop would. */
static void
forget_device (Fixture *f)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "casustafel", NULL);

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    ct_core_test_remove_dir (dir);
}

static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        copy_dir (src, dst);
      else
        ct_sync_test_copy_file (src, dst);
    }
}

static void
add_anna (CtSession *session)
{
  ct_sync_test_add_member (session, "anna", "Anna Ahmadi", CT_ROLE_GGZ);
}

static void
add_carel (CtSession *session)
{
  ct_sync_test_add_member (session, "carel", "Carel Claes", CT_ROLE_GGZ);
}

static void
remove_ggz (CtSession *session)
{
  ct_sync_test_remove_member (session, "ggz");
}

static void
remove_beheer (CtSession *session)
{
  ct_sync_test_remove_member (session, "beheer");
}

static void
remove_regie (CtSession *session)
{
  ct_sync_test_remove_member (session, "regie");
}

static void
grant_police_health (CtSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_set_policy (session, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, TRUE,
                                        &error));
  g_assert_no_error (error);
}

static void
set_k (CtSession  *session,
       const char *k)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_set_setting (session, "export.k", k, &error));
  g_assert_no_error (error);
}

static void
set_k_seven (CtSession *session)
{
  set_k (session, "7");
}

static void
set_k_nine (CtSession *session)
{
  set_k (session, "9");
}

/* A sync that refuses nothing but what a removed member wrote after
 * their removal. The removed member's own laptop, once it has the removal,
 * holds no key of the next version: its sync stops there. */
static guint made_again;

static guint
sync_once (CtSession  *session,
           const char *folder,
           const Fork *fork)
{
  g_autoptr(GError) error = NULL;
  CtSyncSummary summary;
  guint set_aside;

  if (!ct_session_sync (session, folder, &summary, &error))
    {
      g_assert_nonnull (fork->removed != NULL ? fork->removed : fork->may_fail);
      g_assert_cmpstr (session->member->login, ==,
                       fork->removed != NULL ? fork->removed : fork->may_fail);
      return 0;
    }
  set_aside = summary.set_aside;
  made_again += summary.made_again;
  if (summary.made_again > 0)
    {
      g_autofree char *line = ct_sync_summary_format (&summary);

      g_assert_nonnull (strstr (line, "added again, with the same enrolment code"));
    }
  if (set_aside > 0 && fork->listed != NULL)
    {
      g_autofree char *line = ct_sync_summary_format (&summary);

      g_assert_nonnull (strstr (line, "to be made again by hand"));
    }
  if (set_aside > 0)
    {
      g_autofree char *line = ct_sync_summary_format (&summary);

      g_assert_nonnull (strstr (line, "make it again"));
    }
  for (guint i = 0; i < summary.refusals->len; i++)
    {
      const char *refusal = g_ptr_array_index (summary.refusals, i);

      g_test_message ("%s: %s", session->member->login, refusal);
      g_assert_nonnull (strstr (refusal, "removed from the team"));
    }
  ct_sync_summary_clear (&summary);
  return set_aside;
}

/* Add against add: one of the two by hash, the other added again on top
 * of it by the laptop that lost; both in the end, the same on every
 * replica. */
static void
check_both_added (CtSession *session)
{
  g_assert_nonnull (ct_sync_test_member (session, "anna"));
  g_assert_false (ct_sync_test_member (session, "anna")->removed);
  g_assert_nonnull (ct_sync_test_member (session, "carel"));
  g_assert_false (ct_sync_test_member (session, "carel")->removed);
}

/* The removal won: Greet removed; Anna added again on top of it. */
static void
check_ggz_removed (CtSession *session)
{
  g_assert_true (ct_sync_test_member (session, "ggz")->removed);
  g_assert_nonnull (ct_sync_test_member (session, "anna"));
  g_assert_false (ct_sync_test_member (session, "anna")->removed);
}

/* Hendrik's beheerder's flag taken won: his addition of Anna is not made
 * again (he may no longer add anyone), only listed. */
static void
demote_beheer (CtSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_set_member_role (session, "beheer", CT_ROLE_REGISSEUR, FALSE,
                                             &error));
  g_assert_no_error (error);
}

static void
check_beheer_demoted (CtSession *session)
{
  g_assert_false (ct_sync_test_member (session, "beheer")->is_admin);
  g_assert_null (ct_sync_test_member (session, "anna"));
}

/* The removal of the signer won: Hendrik removed, his grant not made. */
static void
check_beheer_removed (CtSession *session)
{
  g_assert_true (ct_sync_test_member (session, "beheer")->removed);
  g_assert_false (session->chain->policy[CT_ROLE_POLITIE] & (1u << CT_CATEGORY_HEALTH));
}

/* One setting changed by both: one of the two values, by hash, the same
 * on every replica, in the chain and in the row. */
static void
check_one_k (CtSession *session)
{
  g_autofree char *row = ct_store_get_setting (session->db, "export.k", NULL);
  g_autofree char *value = ct_session_get_setting (session, "export.k", NULL);
  gint64 k = 0;

  g_assert_true (ct_chain_get_setting (session->chain, "export.k", &k));
  g_assert_true (k == 7 || k == 9);
  g_assert_cmpstr (row, ==, k == 7 ? "7" : "9");
  g_assert_cmpstr (value, ==, row);
}

static void
run_fork (Fixture    *f,
          const Fork *fork)
{
  static const guint orders[6][3] = {
    { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
  };
  g_autoptr(GDateTime) ten = g_date_time_new_utc (2026, 3, 31, 10, 0, 0);
  g_autoptr(GDateTime) half_past = g_date_time_new_utc (2026, 3, 31, 10, 30, 0);
  g_autoptr(GDateTime) eleven = g_date_time_new_utc (2026, 3, 31, 11, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder_base = g_strconcat (f->folder, "-base", NULL);
  g_autofree char *expected = NULL;
  char *paths[3], *bases[3];
  CtSession *original = ct_core_test_unlock (f->team.path, "beheer", PASS);
  CtSession *s[3];

  g_assert_true (ct_session_set_member_role (original, "regie", CT_ROLE_REGISSEUR, TRUE, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (original, f->folder);
  ct_core_test_session_free (original);

  for (guint i = 0; i < 3; i++)
    {
      paths[i] = g_strdup_printf ("%s/replica-%u.casus", f->team.dir, f->n_copies);
      bases[i] = g_strdup_printf ("%s/base-%u.casus", f->team.dir, i);
      s[i] = ct_sync_test_replica (f, logins[i]);
    }
  /* Offline: each beheerder changes the team and the summary, Hendrik at
   * ten, Rosa at eleven; the police laptop edits the case's status. Their
   * files are written at half past ten (Hendrik's before his removal, so a
   * removal of him keeps what he did), and arrive in every order. */
  ct_clock_set_now_for_testing (ten);
  fork->hendrik (s[0]);
  ct_sync_test_set_field (s[0], "cases", f->kase, "summary", "Van de tak van Hendrik");
  ct_sync_test_set_field (s[1], "cases", f->kase, "status", "advies_gegeven");
  ct_clock_set_now_for_testing (eleven);
  fork->rosa (s[2]);
  ct_sync_test_set_field (s[2], "cases", f->kase, "summary", "Van de tak van Rosa");
  for (guint i = 0; i < 3; i++)
    {
      ct_core_test_session_free (s[i]);
      ct_sync_test_copy_file (paths[i], bases[i]);
    }
  copy_dir (f->folder, folder_base);
  ct_clock_set_now_for_testing (half_past);

  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      g_autofree char *first = NULL;
      const char *removed = fork->removed;
      guint set_aside = 0;

      g_test_message ("order %u %u %u", orders[o][0], orders[o][1], orders[o][2]);
      forget_device (f);
      ct_core_test_remove_dir (f->folder);
      copy_dir (folder_base, f->folder);
      for (guint i = 0; i < 3; i++)
        {
          ct_sync_test_copy_file (bases[i], paths[i]);
          s[i] = ct_core_test_unlock (paths[i], logins[i], PASS);
        }
      made_again = 0;
      for (guint i = 0; i < 3; i++)
        set_aside += sync_once (s[orders[o][i]], f->folder, fork);
      for (guint round = 0; round < 3; round++)
        for (guint i = 0; i < 3; i++)
          set_aside += sync_once (s[i], f->folder, fork);
      /* The losing beheerder's laptop says once that their change was set
       * aside, to be made again; an addition the chain allows is made
       * again once, and a later sync makes nothing twice. */
      g_assert_cmpuint (set_aside, ==, 1);
      g_assert_cmpuint (made_again, ==, fork->made_again);
      {
        g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);

        for (guint i = 0; i < 3; i++)
          {
            g_autoptr(GPtrArray) listed = NULL;

            if (fork->removed != NULL && strcmp (logins[i], fork->removed) == 0)
              continue;
            listed = ct_session_sync_get_set_aside (s[i], &error);
            g_assert_no_error (error);
            for (guint j = 0; j < listed->len; j++)
              g_ptr_array_add (all, g_strdup (g_ptr_array_index (listed, j)));
          }
        for (guint j = 0; j < all->len; j++)
          g_test_message ("listed: %s", (char *) g_ptr_array_index (all, j));
        g_assert_cmpuint (all->len, ==, (fork->listed != NULL ? 1u : 0u));
        if (fork->listed != NULL)
          g_assert_true (g_str_has_prefix (g_ptr_array_index (all, 0), fork->listed));
      }
      if (fork->removed_of != NULL)
        removed = fork->removed_of (s[0]);
      g_test_message ("removed %s", removed != NULL ? removed : "none");

      /* The same everywhere but on the removed member's laptop, which
       * gets nothing after the removal; and the same as every other run. */
      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *d = NULL;

          if (removed != NULL && strcmp (logins[i], removed) == 0)
            continue;
          d = dump (s[i]);
          if (first == NULL)
            first = g_steal_pointer (&d);
          else
            g_assert_cmpstr (d, ==, first);
        }
      if (expected == NULL)
        expected = g_strdup (first);
      else
        g_assert_cmpstr (first, ==, expected);

      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *summary = NULL;
          g_autofree char *risk = NULL;
          g_autoptr(GPtrArray) conflicts = NULL;

          if (removed != NULL && strcmp (logins[i], removed) == 0)
            continue;
          /* Nothing lost: both summaries (one shown, one a conflict), the
           * household's edit. */
          summary = ct_sync_test_get_field (s[i], "cases", f->kase, "summary");
          conflicts = ct_session_sync_get_conflicts (s[i], "cases", f->kase, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (conflicts->len, ==, 1);
          g_assert_true (g_str_has_prefix (summary, "Van de tak van "));
          g_assert_cmpstr (((CtSyncConflict *) g_ptr_array_index (conflicts, 0))->value, !=,
                           summary);
          risk = ct_sync_test_get_field (s[i], "cases", f->kase, "status");
          g_assert_cmpstr (risk, ==, "advies_gegeven");
          g_assert_true (ct_chain_check_tables (s[i]->chain, s[i]->db, &error));
          g_assert_no_error (error);
          fork->check (s[i]);
          if (removed != NULL)
            g_assert_false (ct_sync_test_holds_current_key (s[i], removed));
          if (fork->check_values != NULL)
            fork->check_values (f, s[i], removed);
        }

      /* Each opens again: its anchors hold, also after a switch. */
      for (guint i = 0; i < 3; i++)
        {
          ct_core_test_session_free (s[i]);
          if (removed != NULL && strcmp (logins[i], removed) == 0)
            continue;
          s[i] = ct_core_test_unlock (paths[i], logins[i], PASS);
          ct_core_test_session_free (s[i]);
        }
    }

  for (guint i = 0; i < 3; i++)
    {
      g_free (paths[i]);
      g_free (bases[i]);
    }
  ct_core_test_remove_dir (folder_base);
}

/* Both add a member: the lower hash wins; the other's member is not in
 * the chain, their addition set aside and logged on the laptop that made
 * it. */
static void
test_add_add (Fixture      *f,
              gconstpointer data)
{
  Fork fork = { add_anna, add_carel, NULL, check_both_added, NULL, NULL, NULL, 1, NULL };

  run_fork (f, &fork);
}

/* Both change the export's k (docs/sync-chain.md, "Team settings"): the lower
 * hash wins, as for any fork that takes no right away; the other value is
 * set aside and logged on the laptop that made it. */
static void
test_setting_setting (Fixture      *f,
                      gconstpointer data)
{
  Fork fork = { set_k_seven, set_k_nine, NULL, check_one_k, NULL, NULL, NULL, 0,
                "Team settings: " };

  run_fork (f, &fork);
}

/* One adds, the other removes a third member: the removal wins, whatever
 * the hashes, and the removed member holds no later key. */
static void
test_add_remove (Fixture      *f,
                 gconstpointer data)
{
  Fork fork = { add_anna, remove_ggz, "ggz", check_ggz_removed, NULL, NULL, NULL, 1, NULL };

  run_fork (f, &fork);
}

/* One adds a member, the other takes that beheerder's flag: the taking
 * wins, and the addition, which the winner's chain no longer lets its
 * signer make, is listed on his laptop and not made again. */
static void
test_add_demote (Fixture      *f,
                 gconstpointer data)
{
  Fork fork = { add_anna, demote_beheer, NULL, check_beheer_demoted, NULL, NULL, NULL, 0,
                "Adding Anna Ahmadi, Mental health care (GGZ)" };

  run_fork (f, &fork);
}

/* One grants a category to a role, the other removes that beheerder:
 * the removal of the signer wins. */
static void
test_policy_remove (Fixture      *f,
                    gconstpointer data)
{
  Fork fork = { grant_police_health, remove_beheer, "beheer", check_beheer_removed, NULL,
                NULL, NULL, 0, NULL };

  run_fork (f, &fork);
}

/* Refused as a fork where both take rights away, or, when the other's
 * removal is stamped no later than the statement, as a change its author
 * made after being removed. A split names the two beheerders (Hendrik and
 * Rosa here), who must agree which laptop gives up its branch: syncing
 * again does not mend it. */
static void
assert_mutual_refusal (const char *refusal)
{
  g_test_message ("%s", refusal);
  if (strstr (refusal, "removed from the team before") != NULL)
    return;
  g_assert_nonnull (strstr (refusal, "took rights away at the same time"));
  g_assert_nonnull (strstr (refusal, "Hendrik Bos"));
  g_assert_nonnull (strstr (refusal, "Rosa Regie"));
  g_assert_nonnull (strstr (refusal, "agree which of the two laptops gives up"));
  g_assert_null (strstr (refusal, "again after syncing"));
}

/* A sync of @session refuses one file, as a fork it may not resolve. */
static void
assert_refused_once (CtSession  *session,
                     const char *folder)
{
  CtSyncSummary summary;

  ct_sync_test_sync (session, folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  assert_mutual_refusal (g_ptr_array_index (summary.refusals, 0));
  ct_sync_summary_clear (&summary);
}

/* Two beheerders remove each other: both take rights away, so the fork is
 * refused on every replica, naming it and the two of them (not resolved by
 * itself). */
static void
test_remove_remove (Fixture      *f,
                    gconstpointer data)
{
  CtSession *a, *b, *c;

  ct_sync_test_open_two_beheerders (f, &a, &b, &c);
  remove_regie (a);
  remove_beheer (c);
  ct_sync_test_sync_quietly (a, f->folder);
  assert_refused_once (c, f->folder);
  assert_refused_once (b, f->folder);
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

/* The household the fork's branches write to (run_fork() edits it). */
static gint64 fork_household;

/* Hendrik removes Greet (GGZ: identity and health rotate) and writes a
 * health value under his branch's new key. */
static void
remove_ggz_write (CtSession *session)
{
  remove_ggz (session);
  ct_sync_test_set_field (session, "households", fork_household, "health_mental",
                          "Van de tak van Hendrik");
}

/* Rosa removes Joost (youth: identity and youth rotate) and writes a
 * youth value under her branch's new key. */
static void
remove_jeugd_write (CtSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_remove_member (session, "jeugd", &error));
  g_assert_no_error (error);
  ct_sync_test_set_field (session, "households", fork_household, "parenting",
                          "Van de tak van Rosa");
}

/* Rosa removes Hendrik, and writes a youth value after it. */
static void
remove_beheer_write (CtSession *session)
{
  remove_beheer (session);
  ct_sync_test_set_field (session, "households", fork_household, "parenting",
                          "Van de tak van Rosa");
}

/* Which of the two the winner removed: the other stays a member. */
static const char *
removed_ggz_or_jeugd (CtSession *session)
{
  gboolean ggz = ct_sync_test_member (session, "ggz")->removed;

  g_assert_true (ggz != ct_sync_test_member (session, "jeugd")->removed);
  return ggz ? "ggz" : "jeugd";
}

static void
check_ggz_or_jeugd (CtSession *session)
{
  removed_ggz_or_jeugd (session);
  g_assert_false (ct_sync_test_member (session, "beheer")->removed);
  g_assert_false (ct_sync_test_member (session, "regie")->removed);
  g_assert_false (ct_sync_test_member (session, "politie")->removed);
}

/* Rosa's removal of Hendrik won: Greet, whom he removed, stays. */
static void
check_beheer_not_ggz (CtSession *session)
{
  g_assert_true (ct_sync_test_member (session, "beheer")->removed);
  g_assert_false (ct_sync_test_member (session, "ggz")->removed);
  g_assert_false (ct_sync_test_member (session, "jeugd")->removed);
}

/* Whether the member @login holds a grant of the current version of @c
 * (its number and name). */
static gboolean
holds_category (CtSession  *session,
                const char *login,
                CtCategory  c)
{
  g_autoptr(GError) error = NULL;
  guint8 made_by[CT_KEY_NAME_SIZE];
  gint version = ct_store_key_version (session->db, c, NULL, made_by, &error);
  g_autoptr(GBytes) grant = NULL;

  g_assert_no_error (error);
  grant = ct_store_grant_get (session->db, ct_sync_test_member (session, login)->id, c, version,
                              made_by, NULL);
  return grant != NULL;
}

/* Every version of @c from number 2 on that @session holds, @login holds
 * a grant of: the other branch's too (docs/sync-chain.md, "When both branches
 * take rights away"). */
static void
assert_holds_every_version (CtSession  *session,
                            const char *login,
                            CtCategory  c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (session->db, "SELECT count (*) FROM category_keys k WHERE category = ?1 "
                                   "AND version > 1 AND NOT EXISTS (SELECT 1 FROM key_grants g "
                                   "WHERE g.holder = ?2 AND g.category = k.category AND "
                                   "g.version = k.version AND g.made_by = k.made_by)", &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, ct_category_to_string (c), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ct_sync_test_member (session, login)->id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
}

/* Both branches' values read by every member who may read them, on
 * every replica, whichever branch won; the member the winner removed
 * holds no grant of the current versions of their categories, every
 * remaining member a grant of every version of the categories of their
 * role, both branches' (granted by a beheerder of the winner's chain
 * where the loser had removed them). */
static void
check_both_branches (Fixture    *f,
                     CtSession  *session,
                     const char *removed)
{
  static const struct { const char *login; guint mask; } readers[] = {
    { "beheer", ~0u }, { "regie", ~0u },
    { "politie", 1u << CT_CATEGORY_IDENTITY | 1u << CT_CATEGORY_JUSTICE },
    { "ggz", 1u << CT_CATEGORY_IDENTITY | 1u << CT_CATEGORY_HEALTH },
    { "jeugd", 1u << CT_CATEGORY_IDENTITY | 1u << CT_CATEGORY_YOUTH },
  };

  if (g_strcmp0 (session->member->login, "politie") != 0)
    {
      g_autofree char *health = ct_sync_test_get_field (session, "households", f->household,
                                                        "health_mental");
      g_autofree char *youth = ct_sync_test_get_field (session, "households", f->household,
                                                       "parenting");

      g_assert_cmpstr (health, ==, "Van de tak van Hendrik");
      g_assert_cmpstr (youth, ==, "Van de tak van Rosa");
    }
  for (guint r = 0; r < G_N_ELEMENTS (readers); r++)
    for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
      {
        if (!(readers[r].mask & (1u << c)))
          continue;
        if (g_strcmp0 (readers[r].login, removed) != 0)
          assert_holds_every_version (session, readers[r].login, c);
        else if (c == CT_CATEGORY_IDENTITY)
          g_assert_false (holds_category (session, removed, c));
      }
}

/* Two beheerders remove two other members (docs/sync-chain.md, "When both
 * branches take rights away"): the lower hash wins as among equals, the
 * other removal is set aside; both branches' key versions are kept side
 * by side, so what each wrote after the fork reads on every replica, in
 * every order, for every member who may read it. */
static void
test_remove_two (Fixture      *f,
                 gconstpointer data)
{
  Fork fork = { remove_ggz_write, remove_jeugd_write, NULL, check_ggz_or_jeugd,
                removed_ggz_or_jeugd, NULL, check_both_branches, 0, "Removing " };

  fork_household = f->household;
  run_fork (f, &fork);
}

/* The winner removes the loser's signer, the loser removes someone else:
 * resolved the same way; the loser's values still read. */
static void
test_remove_signer_and_other (Fixture      *f,
                              gconstpointer data)
{
  Fork fork = { remove_ggz_write, remove_beheer_write, "beheer", check_beheer_not_ggz, NULL,
                "beheer", check_both_branches, 0, NULL };

  fork_household = f->household;
  run_fork (f, &fork);
}

/* A beheerder removed on one laptop, after that laptop first added a
 * member, forks the chain at the older position with a removal of the
 * other beheerder. By the first statements alone their branch would win
 * (it removes the other's signer) and set their own removal aside on every
 * replica; the branch that removes them refuses it instead, everywhere. */
static void
test_removed_forks_back (Fixture      *f,
                         gconstpointer data)
{
  CtSession *a, *b, *c;

  ct_sync_test_open_two_beheerders (f, &a, &b, &c);
  add_anna (a);
  remove_regie (a);
  remove_beheer (c);
  ct_sync_test_sync_quietly (a, f->folder);
  assert_refused_once (c, f->folder);
  assert_refused_once (b, f->folder);
  assert_refused_once (a, f->folder);
  /* The laptop that removed her keeps its chain: she is removed there. */
  g_assert_true (ct_sync_test_member (a, "regie")->removed);
  g_assert_false (ct_sync_test_member (a, "beheer")->removed);
  g_assert_nonnull (ct_sync_test_member (a, "anna"));
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state_dir = NULL;
  int status;

  /* forget_device() empties what this device remembers of every team:
   * in a state directory of this program's own, before anything asks
   * GLib for it, so that the suite's other programs, running at the same
   * time, keep theirs. */
  state_dir = g_dir_make_tmp ("ct-sync-fork-state-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  ct_core_test_init (&argc, &argv);

  g_test_add ("/sync-fork/add-add", Fixture, NULL, ct_sync_test_fork_setup,
              test_add_add, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/setting-setting", Fixture, NULL, ct_sync_test_fork_setup,
              test_setting_setting, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/add-remove", Fixture, NULL, ct_sync_test_fork_setup,
              test_add_remove, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/add-demote", Fixture, NULL, ct_sync_test_fork_setup,
              test_add_demote, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/policy-remove", Fixture, NULL, ct_sync_test_fork_setup,
              test_policy_remove, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/remove-remove", Fixture, NULL, ct_sync_test_fork_setup,
              test_remove_remove, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/remove-two", Fixture, NULL, ct_sync_test_fork_setup,
              test_remove_two, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/remove-signer-and-other", Fixture, NULL, ct_sync_test_fork_setup,
              test_remove_signer_and_other, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/removed-forks-back", Fixture, NULL, ct_sync_test_fork_setup,
              test_removed_forks_back, ct_sync_test_fork_teardown);
  status = g_test_run ();
  if (g_file_test (state_dir, G_FILE_TEST_IS_DIR))
    ct_core_test_remove_dir (state_dir);
  return status;
}
