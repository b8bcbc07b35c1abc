/* ct-test-budget.c — the budget team, one per test program
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* test-budget (the maatwerkbudget page) and test-doorbraken (the
 * doorbraken page) each make this team of their own, through the core:
 * beheer (regisseur and beheerder), voorzitter and regisseur, a budget
 * period for 2026, four cases (one closed) with expenses, and two approved
 * breakthroughs, one of them naming a person of the team file. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ct-budget.h"
#include "ct-core.h"
#include "ct-doorbraak.h"
#include "ct-gui-labels.h"
#include "ct-test-budget.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static CtBudgetTestTeam team;

typedef struct
{
  const char *login;
  CtSession  *session;
} Unlocking;

static gboolean
try_unlock (gpointer data)
{
  Unlocking *u = data;
  g_autoptr(GError) error = NULL;

  u->session = ct_session_unlock (team.path, u->login, CT_BUDGET_TEST_PASS, &error);
  if (g_error_matches (error, CT_ERROR, CT_ERROR_BUSY))
    return FALSE;
  g_assert_no_error (error);
  return TRUE;
}

/* A page's read cancelled at the end of the test before still holds its
 * session until the worker is done with it: the file is free after that. */
CtSession *
ct_budget_test_unlock (const char *login)
{
  Unlocking u = { login, NULL };

  ct_test_wait_until (try_unlock, &u, 20, "the team file to be free");
  return u.session;
}

gint64
ct_budget_test_insert (CtSession *session,
                       CtRecord  *record)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ct_session_insert (session, record, &error);

  g_assert_no_error (error);
  return id;
}

gint64
ct_budget_test_make_case (CtSession  *session,
                          const char *number,
                          const char *first_name)
{
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) c = ct_record_new ("cases");
  gint64 household_id = ct_budget_test_insert (session, household);

  ct_record_set_int (person, "household_id", household_id);
  ct_record_set (person, "first_name", first_name);
  ct_record_set (person, "last_name", "Bakker");
  ct_record_set (person, "street", "Lindenlaan");
  ct_record_set (person, "postcode", "1211 AB");
  ct_budget_test_insert (session, person);
  ct_record_set_int (c, "household_id", household_id);
  ct_record_set (c, "number", number);
  ct_record_set (c, "referral_date", "2026-01-05");
  ct_record_set (c, "status", "in_uitvoering");
  return ct_budget_test_insert (session, c);
}

static void
add_expense (CtSession  *session,
             gint64      case_id,
             const char *cents,
             const char *purpose,
             const char *why)
{
  g_autoptr(CtRecord) e = ct_record_new ("expenses");
  g_autoptr(GError) error = NULL;

  ct_record_set_int (e, "period_id", team.period_id);
  ct_record_set_int (e, "case_id", case_id);
  ct_record_set (e, "amount_cents", cents);
  ct_record_set (e, "purpose", purpose);
  ct_record_set (e, "spent_on", "2026-03-02");
  ct_record_set (e, "justification", why);
  ct_budget_add_expense (session, e, &error);
  g_assert_no_error (error);
}

gint64
ct_budget_test_add_doorbraak (CtSession  *session,
                              gint64      case_id,
                              const char *situation,
                              const char *rule)
{
  g_autoptr(CtRecord) d = ct_record_new ("doorbraken");

  ct_record_set_int (d, "case_id", case_id);
  ct_record_set (d, "situation", situation);
  ct_record_set (d, "goal", "In de eigen woning blijven");
  ct_record_set (d, "blocked_rule", rule);
  ct_record_set (d, "blocked_article", "art. 35 Participatiewet");
  ct_record_set (d, "blocked_owner", "gemeente");
  ct_record_set (d, "alternative", "Huurachterstand betaald uit het maatwerkbudget.");
  ct_record_set (d, "legitimation", CT_BUDGET_TEST_LEGITIMATION);
  ct_record_set (d, "result", "Het gezin bleef wonen; de schuld is geregeld.");
  ct_record_set (d, "cost_before_cents", "2450000");
  ct_record_set (d, "cost_after_cents", "310000");
  ct_record_set (d, "scope", "structureel");
  ct_record_set (d, "lesson", "Geef teams mandaat voor kleine bedragen.");
  ct_record_set (d, "status", "voorgesteld");
  ct_record_set (d, "reached_on", "2026-02-20");
  return ct_budget_test_insert (session, d);
}

static void
make_team (void)
{
  CtVaultCreateInfo info = { "Wijkteam Oost", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             CT_BUDGET_TEST_PASS };
  const char *logins[] = { "voorzitter", "regisseur" };
  const char *names[] = { "Marloes Kramer", "Sanne Visser" };
  CtRole roles[] = { CT_ROLE_VOORZITTER, CT_ROLE_REGISSEUR };
  CtSecret *codes[2], *recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTestSession) admin = NULL;
  g_autoptr(CtTestSession) regisseur = NULL;
  g_autoptr(CtTestSession) voorzitter = NULL;
  g_autoptr(CtRecord) period = ct_record_new ("budget_periods");
  gint64 case1, case2, case3, closed;
  g_autoptr(CtRecord) closed_case = NULL;

  g_assert_true (ct_vault_create (team.path, &info, &recovery, &error));
  g_assert_no_error (error);
  ct_secret_free (recovery);
  admin = ct_budget_test_unlock ("beheer");
  for (guint i = 0; i < 2; i++)
    {
      codes[i] = ct_session_add_member (admin, logins[i], names[i], roles[i], FALSE, &error);
      g_assert_no_error (error);
    }
  ct_session_lock (admin);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (ct_vault_enrol (team.path, logins[i], codes[i], CT_BUDGET_TEST_PASS, &error));
      g_assert_no_error (error);
      ct_secret_free (codes[i]);
    }
  /* The budget's pages for every case: involvement is test-involvement's. */
  ct_test_need_to_know_off (team.path, "beheer", CT_BUDGET_TEST_PASS);

  /* Budget periods are a beheerder's (or the voorzitter's) to set. */
  g_clear_object (&admin);
  admin = ct_budget_test_unlock ("beheer");
  ct_record_set (period, "name", "Maatwerkbudget 2026");
  ct_record_set (period, "starts_on", "2026-01-01");
  ct_record_set (period, "ends_on", "2026-12-31");
  ct_record_set (period, "amount_cents", "1500000");
  ct_record_set (period, "case_ceiling_cents", "150000");
  team.period_id = ct_budget_test_insert (admin, period);
  g_clear_object (&admin);

  regisseur = ct_budget_test_unlock ("regisseur");
  case1 = ct_budget_test_make_case (regisseur, "2026-014", "Fatima");
  case2 = ct_budget_test_make_case (regisseur, "2026-021", "Joost");
  case3 = ct_budget_test_make_case (regisseur, "2026-032", "Noor");
  /* A closed case takes no new expenses. */
  closed = ct_budget_test_make_case (regisseur, "2025-090", "Gerrit");
  closed_case = ct_session_get (regisseur, "cases", closed, &error);
  g_assert_no_error (error);
  ct_record_set (closed_case, "status", "afgesloten");
  ct_record_set (closed_case, "closed_on", "2026-01-20");
  ct_record_set (closed_case, "outcome", "doel_bereikt");
  g_assert_true (ct_session_update (regisseur, closed_case, &error));
  g_assert_no_error (error);
  add_expense (regisseur, case1, "42500", "wonen", "Borg voor een kamer");
  add_expense (regisseur, case1, "8950", "vervoer", "Fiets om naar het werk te gaan");
  add_expense (regisseur, case2, "120000", "schulden", "Aflossing om beslag te voorkomen");
  add_expense (regisseur, case3, "35000", "kinderen", "Zwemles en schoolreis");
  add_expense (regisseur, case3, "15075", "zorg", "Eigen risico");
  team.planted_id = ct_budget_test_add_doorbraak (regisseur, case1,
                                                  "Fatima kon haar huur niet betalen door een "
                                                  "wachttijd bij de bijstand.",
                                                  "Wachttijd van vier weken");
  team.clean_id = ct_budget_test_add_doorbraak (regisseur, case2,
                                                "Een moeder met drie kinderen dreigde haar woning "
                                                "kwijt te raken.",
                                                "Geen bijzondere bijstand bij schulden");
  g_clear_object (&regisseur);

  /* Proposed by the regisseur, approved by the voorzitter. */
  voorzitter = ct_budget_test_unlock ("voorzitter");
  g_assert_true (ct_doorbraak_set_status (voorzitter, team.planted_id, "goedgekeurd", &error));
  g_assert_true (ct_doorbraak_set_status (voorzitter, team.clean_id, "goedgekeurd", &error));
  g_assert_no_error (error);
}

GtkWindow *
ct_budget_test_window (GtkWidget *page)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gtk_window_present (GTK_WINDOW (window));
  ct_test_wait_for_draw (window);
  return GTK_WINDOW (window);
}

/* What every date field says when it cannot read the date: the field and
 * today as an example, both in the test's language. */
char *
ct_budget_test_date_error (const char *label)
{
  g_autofree char *today = ct_gui_today ();
  g_autofree char *example = ct_gui_format_date (today);

  return g_strdup_printf (_("%s: expected a date such as %s."), label, example);
}

const char *
ct_budget_test_row_title (gpointer row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/**
 * ct_budget_test_init:
 *
 * As ct_test_init(), then makes the program's own team in a temporary
 * folder; ct_budget_test_run() runs the tests and removes the folder with
 * everything the tests left in it.
 */
void
ct_budget_test_init (int    *argc,
                     char ***argv)
{
  g_autoptr(GError) error = NULL;

  ct_test_init (argc, argv);
  team.dir = g_dir_make_tmp ("casustafel-budget-XXXXXX", &error);
  g_assert_no_error (error);
  team.path = g_build_filename (team.dir, "Team.casus", NULL);
  make_team ();
}

int
ct_budget_test_run (void)
{
  int ret = g_test_run ();

  ct_test_remove_dir (team.dir);
  g_clear_pointer (&team.path, g_free);
  g_clear_pointer (&team.dir, g_free);
  return ret;
}

const CtBudgetTestTeam *
ct_budget_test_team (void)
{
  return &team;
}
