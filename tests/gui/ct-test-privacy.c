/* ct-test-privacy.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The team the privacy tests (test-privacy.c, test-privacy-erase.c) share
 * the making of, one of its own in each program: the test team's
 * household with two persons directed by anna, another directed by bob,
 * an open Jeugdwet case, a repeat referral and one after two years; and
 * the steps they take through the window. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-case-item.h"
#include "ct-case-list-private.h"
#include "ct-case-page-private.h"
#include "ct-main-page-private.h"
#include "ct-test-privacy.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-window-private.h"

static CtApplication *app;
CtTestTeam *ct_privacy_team;
gint64 ct_privacy_person_merel, ct_privacy_person_pim;
gint64 ct_privacy_youth_household, ct_privacy_repeat_household;

CtWindow *
ct_privacy_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1200, 820);
}

CtMainPage *
ct_privacy_main_page (CtWindow *window)
{
  return CT_MAIN_PAGE (window->main_page);
}

void
ct_privacy_unlock (const char *login)
{
  ct_test_window_unlock (ct_privacy_window (), ct_privacy_team->path, login, CT_TEST_PASSPHRASE,
                         30);
}

gboolean
ct_privacy_contains (const char *text,
                     const char *needle)
{
  return text != NULL && strstr (text, needle) != NULL;
}

CtCasePage *
ct_privacy_open_case (CtWindow   *window,
                      const char *number)
{
  GListModel *model = ct_case_list_get_model (ct_privacy_main_page (window)->case_list);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CtCaseItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (ct_case_item_get_number (item), number))
        {
          ct_main_page_open_case (ct_privacy_main_page (window), ct_case_item_get_id (item));
          ct_test_wait_case_page (ct_privacy_main_page (window)->case_page);
          ct_test_wait_for_draw (GTK_WIDGET (window));
          return ct_privacy_main_page (window)->case_page;
        }
    }
  g_assert_not_reached ();
}

CtCaseItem *
ct_privacy_find_item (CtWindow   *window,
                      const char *number)
{
  GListModel *model = ct_case_list_get_model (ct_privacy_main_page (window)->case_list);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CtCaseItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (ct_case_item_get_number (item), number))
        return item;
    }
  return NULL;
}

gboolean
ct_privacy_list_read (gpointer window)
{
  return !ct_case_list_is_loading (ct_privacy_main_page (window)->case_list);
}

/* Shows the end of the case page, where the privacy section is. */
void
ct_privacy_scroll_to_end (CtCasePage *page)
{
  GtkWidget *scrolled = GTK_WIDGET (page->preferences_page);

  while (scrolled != NULL && !GTK_IS_SCROLLED_WINDOW (scrolled))
    scrolled = gtk_widget_get_first_child (scrolled);
  g_assert_nonnull (scrolled);
  ct_test_wait_for_draw (scrolled);
  {
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
  }
  ct_test_wait_for_draw (scrolled);
}

/* Every item a drop-down offers, one a line. */
char *
ct_privacy_choices_of (GtkDropDown *drop_down)
{
  GListModel *model = gtk_drop_down_get_model (drop_down);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (out, "%s\n",
                            gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  return g_string_free (out, FALSE);
}

AdwMessageDialog *
ct_privacy_wait_for_step (CtCasePage *page)
{
  AdwMessageDialog *dialog = ct_test_wait_for_dialog (&page->privacy_dialog);

  return dialog;
}

const char *
ct_privacy_toast_title (CtWindow *window)
{
  return _ct_window_get_toast_title (window);
}

static gboolean
privacy_written (gpointer page)
{
  return CT_CASE_PAGE (page)->privacy_writing == 0;
}

/* The erasure, restriction or lift just asked goes through the session's
 * write queue: until it is written and answered. */
void
ct_privacy_wait_written (CtCasePage *page)
{
  ct_test_wait_until (privacy_written, page, 20, "the privacy write");
}

gboolean
ct_privacy_row_exists (CtSession  *session,
                       const char *table,
                       gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, table, id, &error);

  return record != NULL;
}

gint64
ct_privacy_insert (CtSession          *session,
                   const char         *table,
                   const char * const *pairs,
                   const char         *parent_field,
                   gint64              parent_id)
{
  g_autoptr(CtRecord) record = ct_record_new (table);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (parent_field != NULL)
    ct_record_set_int (record, parent_field, parent_id);
  for (guint i = 0; pairs[i] != NULL; i += 2)
    ct_record_set (record, pairs[i], pairs[i + 1]);
  id = ct_session_insert (session, record, &error);
  g_assert_no_error (error);
  return id;
}

gint64
ct_privacy_add_household (CtSession  *session,
                          gint64      regisseur,
                          const char *first_name,
                          const char *last_name,
                          const char *number,
                          const char *referral_date,
                          const char *retention)
{
  const char *area[] = { "area", "West", NULL };
  const char *person[] = { "first_name", first_name, "last_name", last_name, "relation", "hoofd",
                           NULL };
  const char *kase[] = { "number", number, "referral_date", referral_date,
                         "status", "in_uitvoering", retention != NULL ? "retention" : NULL,
                         retention, NULL };
  gint64 household = ct_privacy_insert (session, "households", area, NULL, 0);
  g_autoptr(CtRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 case_id;

  ct_privacy_insert (session, "persons", person, "household_id", household);
  case_id = ct_privacy_insert (session, "cases", kase, "household_id", household);
  record = ct_session_get (session, "cases", case_id, &error);
  g_assert_no_error (error);
  ct_record_set_int (record, "regisseur", regisseur);
  g_assert_true (ct_session_update (session, record, &error));
  g_assert_no_error (error);
  return household;
}

static gint64
member_id (CtTestTeam *t,
           const char *login)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (t, login);

  return ct_session_get_member_id (session);
}

static void
add_households (void)
{
  gint64 anna = member_id (ct_privacy_team, "anna"), bob = member_id (ct_privacy_team, "bob");
  g_autoptr(CtTestSession) session = ct_test_team_unlock (ct_privacy_team, "anna");
  g_autoptr(CtRecord) kase = NULL;
  g_autoptr(GError) error = NULL;
  const char *merel[] = { "first_name", "Merel", "last_name", OWN_NAME, "relation", "hoofd",
                          "bsn", "111222333", NULL };
  const char *pim[] = { "first_name", "Pim", "last_name", OWN_NAME, "relation", "kind", NULL };
  const char *second[] = { "number", "2026-041", "referral_date", "2026-02-01",
                           "status", "in_uitvoering", NULL };
  const char *late[] = { "number", "2026-051", "referral_date", "2026-01-10",
                         "status", "in_uitvoering", NULL };
  gint64 other;

  /* The test team's household: two persons, directed by anna. */
  ct_privacy_person_merel = ct_privacy_insert (session, "persons", merel, "household_id",
                                               ct_privacy_team->household_id);
  ct_privacy_person_pim = ct_privacy_insert (session, "persons", pim, "household_id",
                                             ct_privacy_team->household_id);
  kase = ct_session_get (session, "cases", ct_privacy_team->case_id, &error);
  g_assert_no_error (error);
  ct_record_set_int (kase, "regisseur", anna);
  g_assert_true (ct_session_update (session, kase, &error));
  g_assert_no_error (error);

  ct_privacy_add_household (session, bob, "Kees", OTHER_NAME, OTHER_CASE, "2026-01-20", NULL);
  ct_privacy_youth_household = ct_privacy_add_household (session, anna, "Jet", "Jeugdzorg",
                                                         "2026-030", "2026-01-05", "jeugdwet");
  /* Referred again within twelve months: a repeat. */
  ct_privacy_repeat_household = ct_privacy_add_household (session, anna, "Ria", "Herhaal",
                                                          "2025-040", "2025-03-01", NULL);
  ct_privacy_insert (session, "cases", second, "household_id", ct_privacy_repeat_household);
  /* After two years: no repeat. */
  other = ct_privacy_add_household (session, anna, "Tom", "Laat", "2024-050", "2024-01-01", NULL);
  ct_privacy_insert (session, "cases", late, "household_id", other);
  /* Need-to-know on, as for a new team: each member here directs what
   * they open, and carla (politie) is involved in nothing. */
  g_assert_true (ct_session_set_need_to_know (session, TRUE, 14, &error));
  g_assert_no_error (error);
  ct_session_lock (session);
}

/* Makes the team and the application, before the tests are added. */
void
ct_privacy_test_init (int    *argc,
                      char ***argv)
{
  ct_test_init (argc, argv);
  ct_privacy_team = ct_test_team_new ();
  add_households ();
  app = ct_test_app_new ();
}

int
ct_privacy_test_run (void)
{
  int ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  ct_test_team_free (ct_privacy_team);
  return ret;
}
