/* test-casework-add.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Adding to the case work: a referral from the assistant to the list, a
 * re-referral of a known person, and persons, organisations and consent
 * added from the case page.
 * The program has a team file of its own (ct-test-casework.h); every test
 * says where it starts. */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-application.h"
#include "ct-case-list-private.h"
#include "ct-clock.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-gui-labels.h"
#include "ct-record-dialog.h"
#include "ct-referral-window-private.h"
#include "ct-test-casework.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"

static gboolean
matched (gpointer referral)
{
  return CT_REFERRAL_WINDOW (referral)->matching == NULL;
}

/* The review looks for the households that hold the person in a worker:
 * meanwhile it says so, and the case cannot be created. */
static void
wait_matched (CtReferralWindow *referral)
{
  g_assert_nonnull (referral->matching);
  g_assert_false (gtk_widget_is_sensitive (referral->create_button));
  ct_test_wait_until (matched, referral, 20, "the households that hold the person");
  g_assert_true (gtk_widget_is_sensitive (referral->create_button));
}

static CtReferralWindow *
open_referral (CtWindow *window)
{
  CtReferralWindow *referral;

  g_action_group_activate_action (G_ACTION_GROUP (window), "new-referral", NULL);
  referral = CT_REFERRAL_WINDOW (ct_test_find_toplevel (CT_TYPE_REFERRAL_WINDOW));
  g_assert_nonnull (referral);
  ct_test_wait_for_draw (GTK_WIDGET (referral));
  return referral;
}

static void
set_field (CtReferralWindow *referral,
           const char       *table,
           const char       *field,
           const char       *text)
{
  ct_field_editor_set_text (_ct_referral_window_get_editor (referral, table, field), text);
}

static guint
count_cases (CtWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = ct_session_list (window->session, "cases", NULL, 0, &error);

  g_assert_no_error (error);
  return cases->len;
}

static void
test_referral (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtMainPage *main_page = ct_casework_test_main_page (window);
  CtCasePage *page = ct_casework_test_case_page (window);
  CtReferralWindow *referral;
  CtFieldEditor *bsn;
  guint before;
  g_autofree char *number = NULL;
  g_autoptr(GDateTime) now = ct_clock_now_local ();

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  before = count_cases (window);
  referral = open_referral (window);
  ct_test_screenshot (GTK_WIDGET (referral), "referral-household");
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "household");
  set_field (referral, "households", "area", "Zuid");
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "person");

  /* A bad BSN stays on its step, with the message under its row. */
  set_field (referral, "persons", "first_name", "Karim");
  set_field (referral, "persons", "last_name", "Yilmaz");
  set_field (referral, "persons", "bsn", BAD_BSN);
  set_field (referral, "persons", "postcode", "1234ab");
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "person");
  bsn = _ct_referral_window_get_editor (referral, "persons", "bsn");
  g_assert_true (g_str_has_prefix (ct_field_editor_get_error (bsn), _("BSN")));
  ct_test_screenshot (GTK_WIDGET (referral), "referral-person-error");
  g_assert_cmpuint (count_cases (window), ==, before);

  set_field (referral, "persons", "bsn", GOOD_BSN);
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "case");
  set_field (referral, "cases", "referred_by", "Huisarts");
  set_field (referral, "cases", "question", "Kan het team helpen met schulden en werk?");
  ct_test_screenshot (GTK_WIDGET (referral), "referral-case");
  /* The search held on the test hook: the review says it looks. */
  ct_core_test_hold_reads ();
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "review");
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (referral),
                                        _("Looking for a household that holds this person…")));
  ct_test_screenshot (GTK_WIDGET (referral), "referral-review-searching");
  g_assert_nonnull (referral->matching);
  ct_core_test_release_reads ();
  wait_matched (referral);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (referral), "1234 AB"));
  /* The BSN is known in all three households: each is offered, and a
   * new household stays the default. */
  g_assert_cmpuint (_ct_referral_window_get_n_matches (referral), ==, 3);
  ct_test_screenshot (GTK_WIDGET (referral), "referral-review");

  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.create", NULL);
  ct_test_wait_until (ct_test_no_toplevel, GSIZE_TO_POINTER (CT_TYPE_REFERRAL_WINDOW), 20,
                      "the referral window to close");
  ct_test_wait_case_page (page);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_REFERRAL_WINDOW));
  g_assert_cmpuint (count_cases (window), ==, before + 1);

  /* The new case is open, numbered for this year, and in the list. */
  number = g_strdup_printf ("%d-0001", g_date_time_get_year (now));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_page->cases_stack), ==, "case");
  ct_test_wait_until (ct_casework_test_list_read, main_page->case_list, 20,
                      "the case list to read the cases");
  g_assert_cmpuint (ct_case_list_get_n_cases (main_page->case_list), ==, before + 1);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), "Yilmaz"));
  ct_test_screenshot (GTK_WIDGET (window), "referral-created");
  ct_casework_test_activate (window, "casework.back");
  ct_casework_test_search (window, "yilmaz");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 1);
  ct_casework_test_search (window, "");
}

/* Adding from the case page */

static CtRecordDialog *
open_record_dialog (CtWindow   *window,
                    const char *action,
                    GVariant   *target)
{
  CtCasePage *page = ct_casework_test_case_page (window);
  CtRecordDialog *dialog;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page), action, target));
  /* A dialog about a stored record opens once it was read in a worker. */
  ct_test_wait_case_page (page);
  dialog = CT_RECORD_DIALOG (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_nonnull (dialog);
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static void
set_dialog_field (CtRecordDialog *dialog,
                  const char     *field,
                  const char     *text)
{
  ct_field_editor_set_text (ct_record_dialog_get_editor (dialog, field), text);
}

static void
save_dialog (CtRecordDialog *dialog)
{
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the record to be saved");
  /* The case page reads back what was stored, in a worker. */
  ct_test_wait_case_page (ct_casework_test_case_page (ct_casework_test_window ()));
}

static guint
count_rows (CtWindow   *window,
            const char *table,
            const char *parent_field,
            gint64      parent_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ct_session_list (window->session, table, parent_field, parent_id,
                                               &error);

  g_assert_no_error (error);
  return rows->len;
}

static gint64
household_id (CtWindow *window)
{
  return ct_record_get_int (ct_casework_test_case_page (window)->case_record, "household_id");
}

static char *
organisations_summary (guint  n,
                       gint64 cents)
{
  g_autofree char *cost = ct_money_format (cents, CT_MONEY_CENTS_IF_ANY);

  return g_strdup_printf (ngettext ("%u organisation, %s a year",
                                    "%u organisations, %s a year", n), n, cost);
}

static void
test_add_person (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_case_page (window);
  CtRecordDialog *dialog;
  CtFieldEditor *bsn;
  guint before;

  ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), _("Add Person…")));
  before = count_rows (window, "persons", "household_id", household_id (window));

  /* A bad BSN: the message is under its row and nothing is stored. */
  dialog = open_record_dialog (window, "case.add-person", NULL);
  set_dialog_field (dialog, "first_name", "Yusuf");
  set_dialog_field (dialog, "last_name", "El Amrani");
  set_dialog_field (dialog, "bsn", BAD_BSN);
  set_dialog_field (dialog, "relation", "kind");
  save_dialog (dialog);
  g_assert_true (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG) == GTK_WINDOW (dialog));
  bsn = ct_record_dialog_get_editor (dialog, "bsn");
  g_assert_true (g_str_has_prefix (ct_field_editor_get_error (bsn), _("BSN")));
  g_assert_null (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "first_name")));
  g_assert_cmpuint (count_rows (window, "persons", "household_id", household_id (window)), ==,
                    before);
  ct_test_screenshot (GTK_WIDGET (dialog), "add-person-error");

  /* Put right, it is stored and listed. */
  set_dialog_field (dialog, "bsn", OTHER_BSN);
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_cmpuint (count_rows (window, "persons", "household_id", household_id (window)), ==,
                    before + 1);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), "Yusuf"));
  g_assert_cmpstr (_ct_window_get_toast_title (window), ==, _("Person added"));
}

/* An add while one of the session's readers holds the file waits in the
 * session's write queue: the dialog says "Saving…", takes no input and
 * does not close, while the window goes on (a timeout fires, again and
 * again); once the reader lets go, the person is stored and listed. A
 * dialog its page destroys while its write waits is left alone by the
 * write's callback, and the write is still made. */
static void
test_add_while_reading (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  CtCoreTestReaderHold holder;
  CtRecordDialog *dialog;
  GtkWidget *save_button;
  gpointer weak;
  guint before;

  ct_test_wait_until (ct_test_settled, NULL, 20, "the case to settle");
  before = count_rows (window, "persons", "household_id", household_id (window));
  dialog = open_record_dialog (window, "case.add-person", NULL);
  set_dialog_field (dialog, "first_name", "Noor");
  set_dialog_field (dialog, "last_name", "El Amrani");
  set_dialog_field (dialog, "relation", "kind");

  ct_core_test_reader_hold (window->session, &holder);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  ct_test_wait_ticks (20, "the window while the write waits");
  g_assert_true (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG) == GTK_WINDOW (dialog));
  save_button = ct_test_find_actionable (GTK_WIDGET (dialog), "record.save");
  g_assert_cmpstr (ct_test_button_text (save_button), ==, _("Saving…"));
  g_assert_false (gtk_widget_is_sensitive (save_button));
  g_assert_false (gtk_widget_is_sensitive (ct_record_dialog_get_editor (dialog, "first_name")->row));
  /* Neither Cancel nor Escape nor the window manager closes it now. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  gtk_window_close (GTK_WINDOW (dialog));
  ct_test_wait_until (ct_test_settled, NULL, 20, "the close to be handled");
  g_assert_true (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG) == GTK_WINDOW (dialog));
  ct_test_screenshot (GTK_WIDGET (dialog), "add-person-saving");

  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_until (ct_test_no_toplevel, GSIZE_TO_POINTER (CT_TYPE_RECORD_DIALOG), 20,
                      "the dialog to close once the person is stored");
  ct_test_wait_case_page (page);
  g_assert_cmpuint (count_rows (window, "persons", "household_id", household_id (window)), ==,
                    before + 1);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), "Noor"));
  g_assert_cmpstr (_ct_window_get_toast_title (window), ==, _("Person added"));

  /* Destroyed while its write waits, as when the page lets the case go. */
  dialog = open_record_dialog (window, "case.add-person", NULL);
  set_dialog_field (dialog, "first_name", "Ilias");
  set_dialog_field (dialog, "last_name", "El Amrani");
  set_dialog_field (dialog, "relation", "kind");
  ct_core_test_reader_hold (window->session, &holder);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  ct_test_wait_ticks (5, "the write to wait");
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_until (ct_test_settled, NULL, 20, "the write to be made");
  g_assert_null (weak);
  g_assert_cmpuint (count_rows (window, "persons", "household_id", household_id (window)), ==,
                    before + 2);
  ct_test_wait_case_page (page);
}

/* Every message of this save starts with the first name's label, in the
 * test's language; @user_data names the field the error is about, or is
 * NULL for an error about no field. */
static gboolean
save_refused_cb (CtSession  *session,
                 CtRecord   *record,
                 gpointer    user_data,
                 GError    **error)
{
  const CtField *first_name = ct_table_get_field (ct_schema_get_table ("persons"), "first_name");

  if (user_data != NULL)
    ct_set_field_error (error, "persons", user_data, "%s: refused", _(first_name->label));
  else
    g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD, "%s: refused", _(first_name->label));
  return FALSE;
}

/* A refused save marks the field its error names, never the one whose
 * (translated) label its message starts with. */
static void
test_field_error (void)
{
  static const char * const fields[] = { "first_name", "last_name", NULL };
  CtWindow *window = ct_casework_test_window ();
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  const CtField *first_name = ct_table_get_field (ct_schema_get_table ("persons"), "first_name");
  g_autofree char *message = g_strdup_printf ("%s: refused", _(first_name->label));
  CtRecordDialog *dialog;

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  dialog = ct_record_dialog_new (GTK_WINDOW (window), window->session, person, fields,
                                 "Person", "Save");
  gtk_window_present (GTK_WINDOW (dialog));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  set_dialog_field (dialog, "first_name", "Yusuf");
  set_dialog_field (dialog, "last_name", "El Amrani");

  ct_record_dialog_set_save_func (dialog, save_refused_cb, (gpointer) "last_name", NULL);
  save_dialog (dialog);
  g_assert_cmpstr (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "last_name")),
                   ==, message);
  g_assert_null (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "first_name")));

  /* An error that names no field marks no row, whatever its message. */
  ct_record_dialog_set_save_func (dialog, save_refused_cb, NULL, NULL);
  save_dialog (dialog);
  g_assert_null (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "first_name")));
  g_assert_null (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "last_name")));
  g_assert_true (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG) == GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_organisation (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  CtRecordDialog *dialog;
  AdwPreferencesGroup *group;
  g_autofree char *two = organisations_summary (2, 8400000);
  g_autofree char *three = organisations_summary (3, 9600000);
  g_autofree char *today = ct_gui_today ();
  g_autoptr(GPtrArray) organisations = NULL;
  g_autoptr(CtRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  group = ct_test_find_group (GTK_WIDGET (page), _("Involved Organisations"));
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==, two);

  /* Without a name nothing is stored. */
  dialog = open_record_dialog (window, "case.add-organisation", NULL);
  set_dialog_field (dialog, "type", "wijkteam");
  set_dialog_field (dialog, "yearly_cost_cents",
                    g_str_equal (ct_test_get_language (), "nl") ? "12.000" : "12,000");
  save_dialog (dialog);
  g_assert_nonnull (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "name")));
  g_assert_cmpuint (count_rows (window, "organisations", "household_id", household_id (window)),
                    ==, 2);
  set_dialog_field (dialog, "name", "Wijkteam Noord");
  ct_test_screenshot (GTK_WIDGET (dialog), "add-organisation");
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));

  group = ct_test_find_group (GTK_WIDGET (page), _("Involved Organisations"));
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==, three);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (group), "Wijkteam Noord"));
  if (g_str_equal (ct_test_get_language (), "en"))
    g_assert_cmpstr (adw_preferences_group_get_description (group), ==,
                     "3 organisations, € 96,000 a year");
  ct_test_screenshot (GTK_WIDGET (group), "case-organisation-added");

  /* Ending the involvement stores the date. */
  organisations = ct_session_list (window->session, "organisations", "household_id",
                                   household_id (window), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < organisations->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (organisations, i), "name"),
                   "Wijkteam Noord") == 0)
      id = ct_record_get_id (g_ptr_array_index (organisations, i));
  g_assert_cmpint (id, >, 0);
  dialog = open_record_dialog (window, "case.end-involvement", g_variant_new_int64 (id));
  ct_test_screenshot (GTK_WIDGET (dialog), "end-involvement");
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  stored = ct_session_get (window->session, "organisations", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "until"), ==, today);
}

static void
test_consent (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  gint64 case_id = ct_casework_test_first_case ();
  CtRecordDialog *dialog;
  AdwMessageDialog *confirm;
  g_autofree char *today = ct_gui_today ();
  g_autoptr(GPtrArray) consents = NULL;
  g_autoptr(CtRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *given = NULL;
  CtRecord *consent;
  gint64 withdrawn_id;

  dialog = open_record_dialog (window, "case.record-consent", NULL);
  set_dialog_field (dialog, "category", "health");
  set_dialog_field (dialog, "purpose", "delen_aan_tafel");
  set_dialog_field (dialog, "basis", "toestemming");
  gtk_switch_set_active (ct_record_dialog_get_switch (dialog, "share_at_table"), TRUE);
  ct_test_screenshot (GTK_WIDGET (dialog), "record-consent");
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));

  consents = ct_session_list (window->session, "consents", "case_id", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consents->len, ==, 1);
  consent = g_ptr_array_index (consents, 0);
  g_assert_cmpstr (ct_record_get (consent, "category"), ==, "health");
  g_assert_cmpstr (ct_record_get (consent, "share_at_table"), ==, "true");
  g_assert_cmpstr (ct_record_get (consent, "given_on"), ==, today);
  g_assert_null (ct_record_get (consent, "withdrawn_on"));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), _("Withdraw…")));

  /* Withdrawing asks first, and says what it stops. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page),
                                             "case.withdraw-consent", "x",
                                             ct_record_get_id (consent)));
  ct_test_wait_case_page (page);
  confirm = ct_test_find_message_dialog (NULL, FALSE);
  g_assert_nonnull (confirm);
  ct_test_wait_for_draw (GTK_WIDGET (confirm));
  ct_test_screenshot (GTK_WIDGET (confirm), "withdraw-consent");
  ct_casework_test_respond (confirm, "withdraw");

  stored = ct_session_get (window->session, "consents", ct_record_get_id (consent), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "withdrawn_on"), ==, today);
  g_assert_cmpstr (_ct_window_get_toast_title (window), ==,
                   _("Consent withdrawn"));
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), _("Withdraw…")));

  /* Given again: a new consent from today, the withdrawal stays on record. */
  withdrawn_id = ct_record_get_id (consent);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), _("Reinstate…")));
  dialog = open_record_dialog (window, "case.reinstate-consent",
                               g_variant_new_int64 (withdrawn_id));
  ct_test_screenshot (GTK_WIDGET (dialog), "reinstate-consent");
  /* The core's ct_session_reinstate_consent() decides: not before the
   * withdrawal, said under the date, and nothing is stored. */
  before = ct_gui_field_to_text (ct_record_dialog_get_editor (dialog, "given_on")->field,
                                 "2000-01-01");
  set_dialog_field (dialog, "given_on", before);
  save_dialog (dialog);
  g_assert_nonnull (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_nonnull (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "given_on")));
  g_assert_cmpuint (count_rows (window, "consents", "case_id", case_id), ==, 1);
  given = ct_gui_field_to_text (ct_record_dialog_get_editor (dialog, "given_on")->field, today);
  set_dialog_field (dialog, "given_on", given);
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_clear_pointer (&consents, g_ptr_array_unref);
  consents = ct_session_list (window->session, "consents", "case_id", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consents->len, ==, 2);
  g_clear_pointer (&stored, ct_record_unref);
  stored = ct_session_get (window->session, "consents", withdrawn_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "withdrawn_on"), ==, today);
  consent = g_ptr_array_index (consents, 1);
  g_assert_cmpint (ct_record_get_id (consent), !=, ct_record_get_id (stored));
  g_assert_cmpstr (ct_record_get (consent, "category"), ==, "health");
  g_assert_cmpstr (ct_record_get (consent, "given_on"), ==, today);
  g_assert_null (ct_record_get (consent, "withdrawn_on"));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), _("Withdraw…")));

  /* And changed: no longer shared at the table. */
  dialog = open_record_dialog (window, "case.edit-consent",
                               g_variant_new_int64 (ct_record_get_id (consent)));
  gtk_switch_set_active (ct_record_dialog_get_switch (dialog, "share_at_table"), FALSE);
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_clear_pointer (&stored, ct_record_unref);
  stored = ct_session_get (window->session, "consents", ct_record_get_id (consent), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "share_at_table"), ==, "false");
  g_assert_cmpstr (_ct_window_get_toast_title (window), ==, _("Consent changed"));
  ct_casework_test_activate (window, "casework.back");
}

/* A dialog's record is read in a worker: meanwhile the page says it is
 * loading and opens no second dialog; when the answer comes after the page
 * went to another case, no dialog opens over that case. */
static void
test_read_elsewhere (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  gint64 first = ct_casework_test_first_case ();
  g_autoptr(GPtrArray) organisations = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  gint64 other = 0;

  organisations = ct_session_list (window->session, "organisations", "household_id",
                                   household_id (window), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (organisations->len, >, 0);
  cases = ct_session_list (window->session, "cases", NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cases->len && other == 0; i++)
    if (ct_record_get_id (g_ptr_array_index (cases, i)) != first)
      other = ct_record_get_id (g_ptr_array_index (cases, i));
  g_assert_cmpint (other, >, 0);

  ct_core_test_hold_reads ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.end-involvement", "x",
                                             ct_record_get_id (g_ptr_array_index (organisations,
                                                                                  0))));
  g_assert_true (ct_case_page_get_loading (page));
  g_assert_false (gtk_widget_is_sensitive (ct_test_find_actionable (GTK_WIDGET (page),
                                                                     "case.end-involvement")));
  ct_test_screenshot (GTK_WIDGET (ct_test_find_group (GTK_WIDGET (page),
                                                     _("Involved Organisations"))),
                      "case-reading-record");
  /* The member goes to another case before the answer. */
  ct_case_page_load (page, window->session, other);
  ct_core_test_release_reads ();
  ct_test_wait_case_page (page);
  g_assert_cmpint (ct_case_page_get_case_id (page), ==, other);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  ct_casework_test_activate (window, "casework.back");
}

/* A re-referral of a known BSN is offered the household that holds it;
 * added there, it is a repeat of that household's case. */
static void
test_re_referral (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_case_page (window);
  CtReferralWindow *referral;
  CtHouseholdMatch *match;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) first = NULL;
  gint64 household;
  guint n_cases, n_persons, chosen = G_MAXUINT;

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  first = ct_session_get (window->session, "cases", ct_casework_test_first_case (), &error);
  g_assert_no_error (error);
  household = ct_record_get_int (first, "household_id");
  n_cases = count_cases (window);
  n_persons = count_rows (window, "persons", "household_id", household);

  referral = open_referral (window);
  set_field (referral, "households", "area", "Zuid");
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  set_field (referral, "persons", "first_name", "Fatima");
  set_field (referral, "persons", "last_name", "El Amrani");
  set_field (referral, "persons", "bsn", GOOD_BSN);
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  /* Within twelve months of the case of 2026-01-12, on any day the test runs. */
  ct_field_editor_show_value (_ct_referral_window_get_editor (referral, "cases", "referral_date"),
                              "2026-06-01", TRUE);
  set_field (referral, "cases", "question", "Opnieuw aangemeld.");
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "review");
  wait_matched (referral);

  g_assert_cmpuint (_ct_referral_window_get_n_matches (referral), >=, 3);
  for (guint i = 0; i < referral->matches->len; i++)
    {
      match = g_ptr_array_index (referral->matches, i);
      g_assert_true (match->reasons & CT_MATCH_BSN);
      if (match->household_id == household)
        chosen = i;
    }
  g_assert_cmpuint (chosen, <, referral->matches->len);
  match = g_ptr_array_index (referral->matches, chosen);
  g_assert_cmpstr (match->last_number, ==, "2026-0001");
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (referral), "2026-0001"));
  _ct_referral_window_choose_match (referral, chosen);
  ct_test_wait_for_draw (GTK_WIDGET (referral));
  ct_test_screenshot (GTK_WIDGET (referral), "referral-review-match");

  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.create", NULL);
  ct_test_wait_until (ct_test_no_toplevel, GSIZE_TO_POINTER (CT_TYPE_REFERRAL_WINDOW), 20,
                      "the referral window to close");
  ct_test_wait_case_page (page);
  /* One case more, in that household; the same person, not a copy. */
  g_assert_cmpuint (count_cases (window), ==, n_cases + 1);
  g_assert_cmpint (household_id (window), ==, household);
  g_assert_cmpuint (count_rows (window, "persons", "household_id", household), ==, n_persons);
  g_assert_cmpuint (count_rows (window, "cases", "household_id", household), ==, 2);
  /* The case page says it is a repeat, and of which case. */
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), _("Repeat referral")));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), "2026-0001"));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "case-repeat");

  /* The household's first case is no repeat. */
  ct_main_page_open_case (ct_casework_test_main_page (window), ct_casework_test_first_case ());
  ct_test_wait_case_page (page);
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), _("Repeat referral")));
  ct_casework_test_activate (window, "casework.back");
}

int
main (int   argc,
      char *argv[])
{
  ct_casework_test_init (&argc, &argv);

  g_test_add_func ("/casework/referral", test_referral);
  g_test_add_func ("/casework/add-person", test_add_person);
  g_test_add_func ("/casework/add-while-reading", test_add_while_reading);
  g_test_add_func ("/casework/field-error", test_field_error);
  g_test_add_func ("/casework/organisation", test_organisation);
  g_test_add_func ("/casework/consent", test_consent);
  g_test_add_func ("/casework/read-elsewhere", test_read_elsewhere);
  g_test_add_func ("/casework/re-referral", test_re_referral);

  return ct_casework_test_run ();
}
