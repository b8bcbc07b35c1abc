/* test-lock-dialogs.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Locking with a dialog open, over the demo team in the whole window:
 * each dialog, window and file chooser a page opens over the team, opened
 * through the page's own actions with something typed or shown, then the
 * lock (win.lock, the idle timer, closing the window). Afterwards the
 * window shows the unlock page and nothing else is left: no other
 * toplevel, shown or hidden, and the dialog itself is gone, not kept alive
 * somewhere; the toast says unsaved changes were discarded exactly when a
 * form was open. After unlocking again the same dialog opens and closes as
 * before. Each test unlocks for itself; they share one demo team file. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-actions-page.h"
#include "ct-application.h"
#include "ct-budget-page-private.h"
#include "ct-case-item.h"
#include "ct-case-list-private.h"
#include "ct-case-page-private.h"
#include "ct-demo.h"
#include "ct-doorbraken-page-private.h"
#include "ct-enrolment-code-dialog-private.h"
#include "ct-expense-dialog-private.h"
#include "ct-export-window.h"
#include "ct-main-page-private.h"
#include "ct-meetings-page-private.h"
#include "ct-member-dialog-private.h"
#include "ct-meeting-run-view-private.h"
#include "ct-page.h"
#include "ct-period-dialog-private.h"
#include "ct-plan-view-private.h"
#include "ct-projector-window.h"
#include "ct-record-dialog.h"
#include "ct-referral-window.h"
#include "ct-team-admin-page-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-unlock-page-private.h"
#include "ct-window-private.h"

/* Typed into the dialogs: after the lock no window may hold it. */
#define SECRET "Geheimzinnig-Vlinderveld"

static CtApplication *app;
static char *team_path;
static gint64 case_id;

static void
screenshot (GtkWidget  *widget,
            const char *what)
{
  g_autofree char *png = g_strdup_printf ("lock-%s-%s.png", what, ct_test_get_language ());

  ct_test_save_screenshot (widget, png);
}

static CtWindow *
get_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1200, 820);
}

static CtMainPage *
main_page (CtWindow *window)
{
  return CT_MAIN_PAGE (window->main_page);
}

/* The way a person unlocks: the unlock page, its passphrase row and button. */
static void
unlock_as (const char *login)
{
  ct_test_window_unlock (get_window (), team_path, login, CT_DEMO_PASSPHRASE, 30);
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The newest toplevel of @type: the dialog an action just opened. */
static gpointer
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
window_shown (gpointer type)
{
  return find_window ((GType) GPOINTER_TO_SIZE (type)) != NULL;
}

static gboolean
no_window (gpointer type)
{
  return find_window ((GType) GPOINTER_TO_SIZE (type)) == NULL;
}

static gpointer
wait_for_window (GType type)
{
  g_autofree char *what = g_strdup_printf ("a %s", g_type_name (type));
  gpointer window;

  ct_test_wait_until (window_shown, GSIZE_TO_POINTER (type), 20, what);
  window = find_window (type);
  ct_test_wait_for_draw (window);
  return window;
}

/* What a lock watches: the windows that must be gone after it. */
typedef struct
{
  GPtrArray *slots;  /* gpointer *, weak pointers */
} Watch;

static void
watch (Watch    *w,
       gpointer  object)
{
  gpointer *slot = g_new0 (gpointer, 1);

  g_assert_nonnull (object);
  if (w->slots == NULL)
    w->slots = g_ptr_array_new ();
  *slot = object;
  g_object_add_weak_pointer (G_OBJECT (object), slot);
  g_ptr_array_add (w->slots, slot);
}

/* Every object @data watches is gone. */
static gboolean
all_gone (gpointer data)
{
  Watch *w = data;

  for (guint i = 0; w->slots != NULL && i < w->slots->len; i++)
    if (*(gpointer *) g_ptr_array_index (w->slots, i) != NULL)
      return FALSE;
  return TRUE;
}

/* Every window but @window: there must be none, shown or hidden. GTK keeps
 * the window's keyboard shortcuts window, which holds nothing of the team. */
static void
assert_alone (CtWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  GtkShortcutsWindow *help = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != window && l->data != help)
      {
        GtkWindow *parent = gtk_window_get_transient_for (l->data);
        g_autofree char *text = NULL;
        g_autofree char *detail = NULL;

        /* What a toolkit's own message says, and over which window, for
         * whoever reads a failure. */
        G_GNUC_BEGIN_IGNORE_DEPRECATIONS
        if (GTK_IS_MESSAGE_DIALOG (l->data))
          g_object_get (l->data, "text", &text, "secondary-text", &detail, NULL);
        G_GNUC_END_IGNORE_DEPRECATIONS
        g_error ("After the lock a %s%s is still there%s, over %s%s%s%s%s",
                 G_OBJECT_TYPE_NAME (l->data),
                 ct_test_tree_holds (l->data, SECRET) ? " with what was typed" : "",
                 gtk_widget_get_visible (l->data) ? ", on screen" : ", hidden",
                 parent != NULL ? G_OBJECT_TYPE_NAME (parent) : "no window",
                 text != NULL ? ": " : "", text != NULL ? text : "",
                 detail != NULL ? " / " : "", detail != NULL ? detail : "");
      }
}

/* After a lock: the unlock page alone, every watched window gone, and
 * the window's word that what a form held was dropped, if one was open. */
static void
assert_locked (CtWindow   *window,
               Watch      *w,
               const char *what,
               gboolean    discarded)
{
  AdwToast *toast = _ct_window_get_toast (window);

  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  if (discarded)
    g_assert_cmpstr (toast != NULL ? adw_toast_get_title (toast) : NULL, ==,
                     _("The team file was locked; unsaved changes were discarded"));
  else
    g_assert_null (toast);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "lock"));
  assert_alone (window);
  /* Nothing deferred brings one back: this proves an absence, so it can
   * only let what is queued run, and look again. */
  ct_test_wait_until (ct_test_settled, NULL, 20, "the lock to settle");
  assert_alone (window);
  for (guint i = 0; w->slots != NULL && i < w->slots->len; i++)
    {
      gpointer *slot = g_ptr_array_index (w->slots, i);

      if (*slot != NULL)
        g_error ("After the lock the %s is still alive", G_OBJECT_TYPE_NAME (*slot));
      g_free (slot);
    }
  g_clear_pointer (&w->slots, g_ptr_array_unref);
  g_assert_false (ct_test_tree_holds (GTK_WIDGET (window), SECRET));
  screenshot (GTK_WIDGET (window), what);
}

/* A toast still there from before would say nothing about this lock. */
static void
forget_toast (CtWindow *window)
{
  if (_ct_window_get_toast (window) != NULL)
    adw_toast_dismiss (_ct_window_get_toast (window));
  g_assert_null (_ct_window_get_toast (window));
}

static void
lock (CtWindow *window)
{
  forget_toast (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* Locks with the window's action, then assert_locked() watching the
 * @n windows (and views that opened them) that follow: each must be
 * there before the lock and gone after it. */
static void
lock_and_check (CtWindow   *window,
                const char *what,
                gboolean    discarded,
                guint       n,
                ...)
{
  Watch w = { 0 };
  va_list args;

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    watch (&w, va_arg (args, gpointer));
  va_end (args);
  lock (window);
  assert_locked (window, &w, what, discarded);
}

/* Unlocks as @login and shows the page @name: the page. */
static gpointer
unlock_to_page (const char *login,
                const char *name)
{
  unlock_as (login);
  return ct_test_window_visit (get_window (), name);
}

/* Activates @action, which takes no parameter, on @widget. */
static void
activate (gpointer    widget,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (widget), action, NULL));
}

static CtCasePage *
open_case (CtWindow *window)
{
  CtMainPage *page = main_page (window);

  if (case_id == 0)
    {
      g_autoptr(CtCaseItem) item = g_list_model_get_item (ct_case_list_get_model (page->case_list),
                                                         0);

      case_id = ct_case_item_get_id (item);
    }
  ct_main_page_open_case (page, case_id);
  ct_test_wait_case_page (page->case_page);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  return page->case_page;
}

static gboolean
weak_cleared_or_hidden (gpointer weak)
{
  GtkWidget *widget = *(GtkWidget **) weak;

  return widget == NULL || !gtk_widget_get_visible (widget);
}

static void
close_window (gpointer window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (window);
  ct_test_wait_until (weak_cleared_or_hidden, &weak, 20, "the window to close");
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak), &weak);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the close to be handled");
}

/* The case's record dialog for a new person. */
static CtRecordDialog *
add_person (CtWindow *window)
{
  activate (open_case (window), "case.add-person");
  return wait_for_window (CT_TYPE_RECORD_DIALOG);
}

/* The case page's record dialog, with a name typed into it. */
static void
test_record_dialog (void)
{
  CtWindow *window = get_window ();
  CtRecordDialog *dialog;

  unlock_as ("regisseur");
  dialog = add_person (window);
  ct_field_editor_set_text (ct_record_dialog_get_editor (dialog, "first_name"), SECRET);
  g_assert_true (ct_test_tree_holds (GTK_WIDGET (dialog), SECRET));
  lock_and_check (window, "record-dialog", TRUE, 1, dialog);

  unlock_as ("regisseur");
  dialog = add_person (window);
  g_assert_false (ct_test_tree_holds (GTK_WIDGET (dialog), SECRET));
  close_window (dialog);
  g_assert_null (find_window (CT_TYPE_RECORD_DIALOG));
}

/* The case's plan view, its dialog for a new action drawn. */
static CtPlanView *
add_action (CtWindow *window)
{
  CtPlanView *plan = CT_PLAN_VIEW (_ct_case_page_get_plan_view (open_case (window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (plan), "plan.add-action", "x",
                                             (gint64) 0));
  g_assert_nonnull (plan->dialog);
  ct_test_wait_for_draw (GTK_WIDGET (plan->dialog));
  return plan;
}

/* The plan view's action dialog, which hides itself on a response. */
static void
test_plan_dialog (void)
{
  CtWindow *window = get_window ();
  CtPlanView *plan;
  AdwMessageDialog *dialog;

  unlock_as ("regisseur");
  plan = add_action (window);
  dialog = plan->dialog;
  gtk_editable_set_text (GTK_EDITABLE (CT_ACTION_DIALOG (dialog)->what_row), SECRET);
  lock_and_check (window, "plan-dialog", TRUE, 2, dialog, plan);

  unlock_as ("regisseur");
  plan = add_action (window);
  adw_message_dialog_response (plan->dialog, "cancel");
  g_assert_null (plan->dialog);
}

/* The ZRM scoring window, the discard question and the referral
 * assistant, all at once, with an error dialog on top. */
static void
test_case_windows (void)
{
  CtWindow *window = get_window ();
  CtCasePage *page;

  unlock_as ("regisseur");
  page = open_case (window);
  click (ct_test_find_button (GTK_WIDGET (page), _("_Score ZRM…")));
  g_assert_nonnull (page->zrm_window);
  ct_test_wait_for_draw (GTK_WIDGET (page->zrm_window));
  lock_and_check (window, "zrm-window", TRUE, 1, page->zrm_window);

  unlock_as ("regisseur");
  page = open_case (window);
  gtk_widget_activate_action (GTK_WIDGET (main_page (window)), "casework.edit", NULL);
  _ct_case_page_set_text (page, "cases", "referred_by", SECRET);
  g_assert_true (ct_main_page_get_unsaved (main_page (window)));
  gtk_widget_activate_action (GTK_WIDGET (main_page (window)), "casework.back", NULL);
  g_assert_nonnull (main_page (window)->discard_dialog);
  lock_and_check (window, "discard-dialog", TRUE, 1, main_page (window)->discard_dialog);

  unlock_as ("regisseur");
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-referral", NULL);
  g_assert_nonnull (main_page (window)->referral_window);
  ct_test_wait_for_draw (GTK_WIDGET (main_page (window)->referral_window));
  lock_and_check (window, "referral", TRUE, 1, main_page (window)->referral_window);

  unlock_as ("regisseur");
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-referral", NULL);
  g_assert_nonnull (main_page (window)->referral_window);
  close_window (main_page (window)->referral_window);
  g_assert_null (main_page (window)->referral_window);
}

/* A native file chooser runs as a GtkFileChooserDialog here (no portal). */
static GtkWindow *
wait_for_chooser (void)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  return wait_for_window (GTK_TYPE_FILE_CHOOSER_DIALOG);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* Cancels @chooser, which closes. */
static void
cancel_chooser (GtkWindow *chooser)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  ct_test_wait_until (no_window, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG), 20,
                      "the chooser to close");
  g_assert_null (find_window (GTK_TYPE_FILE_CHOOSER_DIALOG));
}

/* The budget page's expense and period dialogs, and its export chooser. */
static void
test_budget (void)
{
  CtWindow *window = get_window ();
  CtBudgetPage *page;
  GtkWindow *chooser;

  page = unlock_to_page ("regisseur", "budget");
  activate (page, "budget.add-expense");
  ct_test_wait_for_draw (GTK_WIDGET (page->add_dialog));
  gtk_editable_set_text (GTK_EDITABLE (page->add_dialog->justification_row), SECRET);
  lock_and_check (window, "budget-expense", TRUE, 1, page->add_dialog);

  page = unlock_to_page ("regisseur", "budget");
  activate (page, "budget.add-expense");
  ct_test_wait_for_draw (GTK_WIDGET (page->add_dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page->add_dialog->justification_row)), ==,
                   "");
  close_window (page->add_dialog);
  g_assert_null (page->add_dialog);

  /* Periods are the voorzitter's. */
  page = unlock_to_page ("voorzitter", "budget");
  activate (page, "budget.new-period");
  ct_test_wait_for_draw (GTK_WIDGET (page->period_dialog));
  gtk_editable_set_text (GTK_EDITABLE (page->period_dialog->name_row), SECRET);
  lock_and_check (window, "budget-period", TRUE, 1, page->period_dialog);

  page = unlock_to_page ("voorzitter", "budget");
  activate (page, "budget.new-period");
  ct_test_wait_for_draw (GTK_WIDGET (page->period_dialog));
  close_window (page->period_dialog);
  g_assert_null (page->period_dialog);

  activate (page, "budget.export");
  chooser = wait_for_chooser ();
  lock_and_check (window, "budget-export", FALSE, 1, chooser);

  /* The chooser answers nothing after the lock; a new one works. */
  page = unlock_to_page ("voorzitter", "budget");
  activate (page, "budget.export");
  cancel_chooser (wait_for_chooser ());
}

static gboolean
doorbraken_read (gpointer page)
{
  return !_ct_doorbraken_page_is_loading (page);
}

/* Selects the first breakthrough that may be shared; returns FALSE if none. */
static gboolean
select_shareable (CtDoorbrakenPage *page)
{
  ct_test_wait_until (doorbraken_read, page, 20, "the breakthroughs to be read");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (page->store)); i++)
    {
      gtk_single_selection_set_selected (page->selection, i);
      if (page->current != NULL
          && gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.share", NULL)
          && page->share_dialog != NULL)
        return TRUE;
    }
  return FALSE;
}

/* As a regisseur, the breakthroughs page with the share dialog of the
 * first that may be shared drawn. */
static CtDoorbrakenPage *
open_share (void)
{
  CtDoorbrakenPage *page = unlock_to_page ("regisseur", "breakthroughs");

  g_assert_true (select_shareable (page));
  ct_test_wait_for_draw (GTK_WIDGET (page->share_dialog));
  return page;
}

/* The share dialog of a breakthrough, and the chooser it opens. */
static void
test_doorbraken (void)
{
  CtWindow *window = get_window ();
  CtDoorbrakenPage *page;
  GtkTextBuffer *buffer;
  GtkWindow *chooser;

  page = open_share ();
  buffer = gtk_text_view_get_buffer (page->share_dialog->share_view);
  gtk_text_buffer_set_text (buffer, SECRET, -1);
  screenshot (GTK_WIDGET (page->share_dialog), "share-before");
  lock_and_check (window, "share-dialog", TRUE, 1, page->share_dialog);

  page = open_share ();
  g_assert_false (ct_test_tree_holds (GTK_WIDGET (page->share_dialog), SECRET));
  /* The chooser opens over the dialog, whatever the check found; both go. */
  gtk_widget_set_sensitive (GTK_WIDGET (page->share_dialog->save_md_button), TRUE);
  click (GTK_WIDGET (page->share_dialog->save_md_button));
  chooser = wait_for_chooser ();
  lock_and_check (window, "share-chooser", TRUE, 2, chooser, page->share_dialog);

  page = open_share ();
  close_window (page->share_dialog);
  g_assert_null (page->share_dialog);
}

/* A meeting's agenda is read in a worker. */
static gboolean
agenda_read (gpointer page)
{
  return !ct_page_is_loading (page);
}

/* The first meeting still to hold. */
static gint64
planned_meeting (CtWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = ct_session_list (window->session, "meetings", NULL, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < meetings->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (meetings, i), "status"), "gesloten") != 0)
      return ct_record_get_id (g_ptr_array_index (meetings, i));
  g_assert_not_reached ();
}

/* As the voorzitter, the meetings page showing the first meeting still
 * to hold. */
static CtMeetingsPage *
open_planned (CtWindow *window)
{
  CtMeetingsPage *page = unlock_to_page ("voorzitter", "meetings");

  _ct_meetings_page_open_meeting (page, planned_meeting (window));
  return page;
}

/* The question the report of the first meeting still to hold asks. */
static AdwMessageDialog *
open_report (CtWindow *window)
{
  activate (open_planned (window), "meetings.report");
  return wait_for_window (ADW_TYPE_MESSAGE_DIALOG);
}

/* The first meeting still to hold, run and projected: the page, and the
 * projector in @projector. */
static CtMeetingsPage *
project (CtWindow   *window,
         GtkWindow **projector)
{
  CtMeetingsPage *page = open_planned (window);

  ct_test_wait_until (agenda_read, page, 20, "the agenda to be read");
  ct_test_window_start_shown_meeting (page);
  activate (page->run_view, "run.project");
  *projector = wait_for_window (CT_TYPE_PROJECTOR_WINDOW);
  return page;
}

/* The planning dialog, the report's question and chooser, and the
 * projector of a meeting being run. */
static void
test_meetings (void)
{
  CtWindow *window = get_window ();
  CtMeetingsPage *page;
  AdwMessageDialog *report;
  GtkWindow *chooser;
  GtkWindow *projector;

  page = unlock_to_page ("voorzitter", "meetings");
  activate (page, "meetings.plan");
  g_assert_nonnull (page->plan_dialog);
  ct_test_wait_for_draw (GTK_WIDGET (page->plan_dialog));
  lock_and_check (window, "meeting-plan", TRUE, 1, page->plan_dialog);

  report = open_report (window);
  lock_and_check (window, "meeting-report", FALSE, 1, report);

  report = open_report (window);
  click (ct_test_find_button (GTK_WIDGET (report), _("_Save as PDF…")));
  chooser = wait_for_chooser ();
  lock_and_check (window, "meeting-report-chooser", FALSE, 1, chooser);

  page = project (window, &projector);
  lock_and_check (window, "projector", FALSE, 1, projector);

  page = project (window, &projector);
  g_assert_true (GTK_WINDOW (page->run_view->projector) == projector);
  close_window (projector);
  g_assert_null (page->run_view->projector);
}

/* The add-member form made way for the enrolment code's dialog. */
static gboolean
code_shown (gpointer page)
{
  return CT_IS_ENROLMENT_CODE_DIALOG (CT_TEAM_ADMIN_PAGE (page)->dialog);
}

/* As the beheerder, the team page with its add-member form drawn. */
static CtTeamAdminPage *
open_add_member (void)
{
  CtTeamAdminPage *page = unlock_to_page (CT_DEMO_ADMIN_LOGIN, "team");

  activate (page, "admin.add-member");
  g_assert_nonnull (page->dialog);
  ct_test_wait_for_draw (GTK_WIDGET (page->dialog));
  return page;
}

/* The beheerder's add-member form, and the enrolment code it shows once. */
static void
test_team_admin (void)
{
  CtWindow *window = get_window ();
  CtTeamAdminPage *page;
  AdwMessageDialog *form;
  g_autofree char *code = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *login = g_strdup_printf ("dirk-%s", ct_test_get_language ());
  GdkClipboard *clipboard;

  page = open_add_member ();
  gtk_editable_set_text (GTK_EDITABLE (CT_MEMBER_DIALOG (page->dialog)->name_row), SECRET);
  lock_and_check (window, "admin-add-member", TRUE, 1, page->dialog);

  page = open_add_member ();
  form = page->dialog;
  gtk_editable_set_text (GTK_EDITABLE (CT_MEMBER_DIALOG (form)->name_row), "Dirk Smit");
  gtk_editable_set_text (GTK_EDITABLE (CT_MEMBER_DIALOG (form)->login_row), login);
  /* No role is preselected; Add waits for one. */
  {
    GtkWidget *role = GTK_WIDGET (CT_MEMBER_DIALOG (form)->role_row);
    GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (role));
    guint i;

    for (i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

        if (g_str_equal (gtk_string_object_get_string (item),
                         ct_role_get_display_name (CT_ROLE_HUISVESTING)))
          break;
      }
    g_assert_cmpuint (i, <, g_list_model_get_n_items (model));
    adw_combo_row_set_selected (ADW_COMBO_ROW (role), i);
  }
  /* Held, so that the code's dialog cannot take the closed form's address. */
  g_object_ref (form);
  click (ct_test_find_button (GTK_WIDGET (form), _("_Add Member")));
  /* The member is added in a worker (the enrolment code's key derivation). */
  ct_test_wait_until (code_shown, page, 60, "the enrolment code");
  g_assert_true (page->dialog != form);
  g_object_unref (form);
  code = g_strdup (gtk_label_get_text (CT_ENROLMENT_CODE_DIALOG (page->dialog)->code_label));
  g_assert_cmpuint (strlen (code), >=, 16);
  /* Copied: the clipboard holds the code until the lock, not its timer. */
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (page));
  click (ct_test_find_button (GTK_WIDGET (page->dialog), _("_Copy Code")));
  copied = ct_test_clipboard_text (clipboard);
  g_assert_cmpstr (copied, ==, code);
  lock_and_check (window, "enrolment-code", FALSE, 1, page->dialog);
  g_assert_null (gdk_clipboard_get_content (clipboard));
}

/* The refusal form on the actions page. */
static void
test_actions (void)
{
  CtWindow *window = get_window ();
  GtkWidget *page;
  GtkWidget *button;
  AdwMessageDialog *form;

  page = unlock_to_page ("regisseur", "actions");
  button = ct_test_find_actionable (page, "actions.mark-refused");
  if (button == NULL)
    {
      g_test_skip ("No open action to refuse in the demo team");
      return;
    }
  click (button);
  form = wait_for_window (ADW_TYPE_MESSAGE_DIALOG);
  lock_and_check (window, "action-refused", TRUE, 1, form);

  page = unlock_to_page ("regisseur", "actions");
  click (ct_test_find_actionable (page, "actions.mark-refused"));
  close_window (wait_for_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG));
}

/* As a regisseur, the export window, its chooser opened: the window. */
static GtkWindow *
start_export (CtWindow *window)
{
  GtkWindow *export;

  unlock_as ("regisseur");
  g_action_group_activate_action (G_ACTION_GROUP (window), "export", NULL);
  export = wait_for_window (CT_TYPE_EXPORT_WINDOW);
  activate (export, "export.export");
  return export;
}

/* The evaluator export's window, and the chooser it opens: the window
 * goes with its preview, not kept alive by the chooser. */
static void
test_export (void)
{
  CtWindow *window = get_window ();
  GtkWindow *export;
  GtkWindow *chooser;

  export = start_export (window);
  chooser = wait_for_chooser ();
  lock_and_check (window, "export-chooser", FALSE, 2, chooser, export);

  export = start_export (window);
  cancel_chooser (wait_for_chooser ());
  close_window (export);
  g_assert_null (find_window (CT_TYPE_EXPORT_WINDOW));
}

/* GTK's file chooser may answer an operation the lock cancelled with a
 * message of its own, made after the chooser is gone and so over no
 * window: "The folder contents could not be displayed: Operation was
 * cancelled" (seen once in a while under load in /lock-dialogs/meetings).
 * The locked window closes such a message as it comes. */
static void
test_late_message (void)
{
  CtWindow *window = get_window ();
  GtkWidget *message;
  Watch w = { 0 };

  unlock_as ("regisseur");
  lock (window);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  message = gtk_message_dialog_new (NULL, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                    GTK_MESSAGE_ERROR, GTK_BUTTONS_OK, "%s",
                                    "The folder contents could not be displayed");
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (message), "%s",
                                            "Operation was cancelled");
  G_GNUC_END_IGNORE_DEPRECATIONS
  watch (&w, message);
  gtk_window_present (GTK_WINDOW (message));
  ct_test_wait_until (all_gone, &w, 20, "the late message to go");
  assert_locked (window, &w, "late-message", FALSE);
}

/* The idle timer locks as win.lock does, dialogs and all. */
static void
test_idle (void)
{
  CtWindow *window = get_window ();
  CtBudgetPage *page;
  Watch w = { 0 };

  unlock_as ("regisseur");
  watch (&w, add_person (window));
  page = CT_BUDGET_PAGE (ct_test_window_visit (window, "budget"));
  activate (page, "budget.add-expense");
  watch (&w, page->add_dialog);
  forget_toast (window);
  _ct_window_pretend_idle (window, 24 * 60 * 60);
  _ct_window_session_tick (window);
  assert_locked (window, &w, "idle", TRUE);
}

/* Closing the window locks; it takes every dialog with it. */
static void
test_close (void)
{
  CtWindow *window = get_window ();
  CtBudgetPage *page;
  Watch w = { 0 };

  page = unlock_to_page ("voorzitter", "budget");
  activate (page, "budget.new-period");
  watch (&w, page->period_dialog);
  watch (&w, window);
  gtk_window_close (GTK_WINDOW (window));
  ct_test_wait_until (all_gone, &w, 20, "the window and its dialogs to go");
  for (guint i = 0; i < w.slots->len; i++)
    {
      gpointer *slot = g_ptr_array_index (w.slots, i);

      g_assert_null (*slot);
      g_free (slot);
    }
  g_ptr_array_unref (w.slots);
  g_assert_null (gtk_window_list_toplevels ());
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ct_test_init (&argc, &argv);

  /* What every role sees of every demo household: involvement is
   * test-casework's and test-involvement's. */
  team_path = ct_test_demo_new (20, 7, TRUE);

  app = ct_test_app_new ();

  g_test_add_func ("/lock-dialogs/record-dialog", test_record_dialog);
  g_test_add_func ("/lock-dialogs/plan-dialog", test_plan_dialog);
  g_test_add_func ("/lock-dialogs/case-windows", test_case_windows);
  g_test_add_func ("/lock-dialogs/budget", test_budget);
  g_test_add_func ("/lock-dialogs/doorbraken", test_doorbraken);
  g_test_add_func ("/lock-dialogs/meetings", test_meetings);
  g_test_add_func ("/lock-dialogs/team-admin", test_team_admin);
  g_test_add_func ("/lock-dialogs/actions", test_actions);
  g_test_add_func ("/lock-dialogs/export", test_export);
  g_test_add_func ("/lock-dialogs/late-message", test_late_message);
  g_test_add_func ("/lock-dialogs/idle", test_idle);
  g_test_add_func ("/lock-dialogs/close", test_close);

  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  g_clear_pointer (&team_path, ct_test_demo_free);

  return ret;
}
