/* ct-test-casework.c — the case work team and window, one per test program
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every case work program (test-casework, test-casework-edit,
 * test-casework-records) starts from the same team of its own: anna
 * (regisseur), bram (politie) and carla (voorzitter), all enrolled, and
 * three households with a case each, written through the core. A program
 * never shares its team file with another; within a program each test
 * says where it starts (ct_casework_test_unlock(), ct_casework_test_open_first()). */

#include "config.h"

#include <glib/gstdio.h>

#include "ct-case-list-private.h"
#include "ct-core.h"
#include "ct-test-casework.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"

static CtApplication *app;
static char *tmpdir;
static char *team_path;
static gint64 first_case_id;

/* Test data, written through the core as a regisseur. */

static gint64
insert (CtSession   *session,
        const char  *table,
        const char **pairs)
{
  g_autoptr(CtRecord) record = ct_record_new (table);
  g_autoptr(GError) error = NULL;
  gint64 id;

  for (guint i = 0; pairs[i] != NULL; i += 2)
    ct_record_set (record, pairs[i], pairs[i + 1]);
  id = ct_session_insert (session, record, &error);
  g_assert_no_error (error);
  return id;
}

static void
add_household (CtSession  *session,
               const char *number,
               const char *first,
               const char *last,
               const char *area,
               const char *health,
               gboolean    overdue)
{
  g_autofree char *hh = NULL;
  gint64 household_id;
  gint64 case_id;

  household_id = insert (session, "households", (const char *[]) {
    "area", area, "health_mental", health, "justice_info", JUSTICE_WORD " in 2025",
    "debts_cents", "1250000", NULL });
  hh = g_strdup_printf ("%" G_GINT64_FORMAT, household_id);
  insert (session, "persons", (const char *[]) {
    "household_id", hh, "first_name", first, "last_name", last, "bsn", GOOD_BSN,
    "relation", "hoofd", NULL });
  case_id = insert (session, "cases", (const char *[]) {
    "household_id", hh, "number", number, "referral_date", "2026-01-12",
    "status", "aangemeld", "question", "Hoe voorkomen we een huisuitzetting?",
    "domains_finance", "financien", "domains_housing", "huisvesting", NULL });
  insert (session, "organisations", (const char *[]) {
    "household_id", hh, "name", "Schuldhulp Oost", "type", "schuldhulpverlening",
    "yearly_cost_cents", "4200000", NULL });
  insert (session, "organisations", (const char *[]) {
    "household_id", hh, "name", "Woonstichting Zuid", "type", "woningcorporatie",
    "yearly_cost_cents", "4200000", NULL });
  if (overdue)
    insert (session, "actions", (const char *[]) {
      "household_id", hh, "what", "Betalingsregeling treffen", "due_on", "2026-01-01",
      "status", "open", NULL });
  if (first_case_id == 0)
    first_case_id = case_id;
}

static void
create_team (void)
{
  CtVaultCreateInfo info = {
    "Expertteam Noord", REGISSEUR_LOGIN, "Anna de Vries", CT_ROLE_REGISSEUR, TRUE,
    REGISSEUR_PASS,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSecret) recovery = NULL;
  CtSecret *code;
  CtSecret *chair_code;

  g_assert_true (ct_vault_create (team_path, &info, &recovery, &error));
  g_assert_no_error (error);

  session = ct_session_unlock (team_path, REGISSEUR_LOGIN, REGISSEUR_PASS, &error);
  g_assert_no_error (error);
  code = ct_session_add_member (session, POLITIE_LOGIN, "Bram Jansen", CT_ROLE_POLITIE, FALSE,
                                &error);
  g_assert_no_error (error);
  chair_code = ct_session_add_member (session, CHAIR_LOGIN, "Carla Smit", CT_ROLE_VOORZITTER,
                                      FALSE, &error);
  g_assert_no_error (error);

  add_household (session, "2026-0001", "Fatima", "El Amrani", "Noord", HEALTH_WORD, TRUE);
  add_household (session, "2026-0002", "Johan", "Visser", "Oost", "Somberheid", FALSE);
  add_household (session, "2026-0003", "Sanne", "Bakker", "Noord", "Geen bijzonderheden", FALSE);
  ct_session_lock (session);

  g_assert_true (ct_vault_enrol (team_path, POLITIE_LOGIN, code, POLITIE_PASS, &error));
  g_assert_no_error (error);
  ct_secret_free (code);
  g_assert_true (ct_vault_enrol (team_path, CHAIR_LOGIN, chair_code, CHAIR_PASS, &error));
  g_assert_no_error (error);
  ct_secret_free (chair_code);
  /* The list, the case page and categories for every household; the
   * need-to-know test switches it on itself. */
  ct_test_need_to_know_off (team_path, REGISSEUR_LOGIN, REGISSEUR_PASS);
}

/**
 * ct_casework_test_init:
 *
 * As ct_test_init(), then creates the program's own team file in a
 * temporary folder and the application; ct_casework_test_run() runs the tests
 * and removes both.
 */
void
ct_casework_test_init (int    *argc,
                       char ***argv)
{
  g_autoptr(GError) error = NULL;

  ct_test_init (argc, argv);

  tmpdir = g_dir_make_tmp ("casustafel-casework-XXXXXX", &error);
  g_assert_no_error (error);
  team_path = g_build_filename (tmpdir, "Team.casus", NULL);
  create_team ();

  app = ct_test_app_new ();
}

int
ct_casework_test_run (void)
{
  int ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  g_remove (team_path);
  g_rmdir (tmpdir);
  g_clear_pointer (&team_path, g_free);
  g_clear_pointer (&tmpdir, g_free);

  return ret;
}

/* The case of the first household: Fatima El Amrani's, 2026-0001. */
gint64
ct_casework_test_first_case (void)
{
  return first_case_id;
}

/* The window */

CtWindow *
ct_casework_test_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1100, 760);
}

CtMainPage *
ct_casework_test_main_page (CtWindow *window)
{
  return CT_MAIN_PAGE (window->main_page);
}

CtCasePage *
ct_casework_test_case_page (CtWindow *window)
{
  return ct_casework_test_main_page (window)->case_page;
}

void
ct_casework_test_unlock (const char *login,
                         const char *passphrase)
{
  ct_test_window_unlock (ct_casework_test_window (), team_path, login, passphrase, 20);
}

/* Unlocked as @login, the first household's case open and read. */
CtCasePage *
ct_casework_test_open_first (const char *login,
                             const char *passphrase)
{
  CtWindow *window = ct_casework_test_window ();

  ct_casework_test_unlock (login, passphrase);
  ct_main_page_open_case (ct_casework_test_main_page (window), first_case_id);
  ct_test_wait_case_page (ct_casework_test_case_page (window));
  return ct_casework_test_case_page (window);
}

gboolean
ct_casework_test_list_read (gpointer list)
{
  return !ct_case_list_is_loading (list);
}

/* What the list shows once a read under way (after a save, a referral)
 * has arrived. */
guint
ct_casework_test_n_shown (CtWindow *window)
{
  CtCaseList *list = ct_casework_test_main_page (window)->case_list;

  ct_test_wait_until (ct_casework_test_list_read, list, 20, "the case list to read the cases");
  return g_list_model_get_n_items (ct_case_list_get_model (list));
}

void
ct_casework_test_search (CtWindow   *window,
                         const char *text)
{
  CtCaseList *list = ct_casework_test_main_page (window)->case_list;

  gtk_editable_set_text (GTK_EDITABLE (list->search_entry), text);
  /* GtkSearchEntry waits a moment before it reports a change. */
  g_signal_emit_by_name (list->search_entry, "search-changed");
}

void
ct_casework_test_activate (CtWindow   *window,
                           const char *action)
{
  g_assert_true (gtk_widget_activate_action (window->main_page, action, NULL));
}

/* Waits for the case page's save to be stored: it goes through the
 * session's write queue (ct_case_page_save()). It stops at the dispatch
 * that stored it, so the read back it starts is still under way. */
void
ct_casework_test_wait_saved (CtWindow *window)
{
  CtCasePage *page = ct_casework_test_case_page (window);

  while (ct_case_page_get_saving (page))
    g_main_context_iteration (NULL, TRUE);
}

/* Saves the case page, and waits for what it stored to be read back (in a
 * worker, as after every write of the page's own). */
void
ct_casework_test_save (CtWindow *window)
{
  ct_casework_test_activate (window, "casework.save");
  ct_casework_test_wait_saved (window);
  ct_test_wait_case_page (ct_casework_test_case_page (window));
}

/* Opens the first row the way Enter does. */
void
ct_casework_test_open_first_row (CtWindow *window)
{
  CtMainPage *main_page = ct_casework_test_main_page (window);

  g_signal_emit_by_name (main_page->case_list->column_view, "activate", 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_page->cases_stack), ==, "case");
  ct_test_wait_case_page (ct_casework_test_case_page (window));
}

/* As a click on the dialog's button: answer, then close. */
void
ct_casework_test_respond (AdwMessageDialog *dialog,
                          const char       *response)
{
  ct_test_answer (dialog, response);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the response to be handled");
  /* A write of the case page's own is read back in a worker. */
  ct_test_wait_case_page (ct_casework_test_case_page (ct_casework_test_window ()));
}

/* The references @session has now. */
CtCaseworkTestRefs
ct_casework_test_count_refs (CtSession *session)
{
  GObject *object = G_OBJECT (session);

  return (CtCaseworkTestRefs) { object, g_atomic_int_get (&object->ref_count) };
}

/* The reads given up have finished and their results were handed back:
 * the session holds no more than @refs' count. */
gboolean
ct_casework_test_reads_done (gpointer refs)
{
  CtCaseworkTestRefs *counted = refs;

  return (guint) g_atomic_int_get (&counted->session->ref_count) <= counted->refs;
}
