/* test-doorbraken.c — the doorbraken page
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The doorbraken page standalone in a window, on a team file made through
 * the core: the share dialog highlights a planted name and refuses to
 * save, a chosen file not on this computer, names marked as not
 * identifying one by one, the date field, and approving and withdrawing
 * an approval.
 * The program makes the budget team of its own (ct-test-budget.h); each
 * test opens its own page and session on it. */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-doorbraak.h"
#include "ct-doorbraken-page-private.h"
#include "ct-gui-labels.h"
#include "ct-reason-dialog.h"
#include "ct-saving.h"
#include "ct-test-budget.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static gboolean
has_finding_tag (CtDoorbrakenPage *page,
                 const char       *word)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (page->share_dialog->share_view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "finding");
  GtkTextIter start, match, end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, word, 0, &match, &end, NULL))
    return FALSE;
  return gtk_text_iter_has_tag (&match, tag);
}

static GtkWidget *
form_row_of (CtDoorbrakenPage *page,
             const char       *field)
{
  GtkWidget *row = _ct_doorbraken_page_get_form_row (page, field);

  g_assert_nonnull (row);
  return row;
}

static gboolean
doorbraken_read (gpointer page)
{
  return !_ct_doorbraken_page_is_loading (page);
}

/* The list is read in a worker, when the page gets its session and after
 * an edit. */
static void
wait_for_doorbraken (CtDoorbrakenPage *page)
{
  ct_test_wait_until (doorbraken_read, page, 20, "the breakthroughs to be read");
}

static gboolean
written (gpointer page)
{
  return CT_DOORBRAKEN_PAGE (page)->writing == 0;
}

/* The page's writes go through the session's write queue: a save, a step
 * or a withdrawal is done once its callback ran. */
static void
wait_written (CtDoorbrakenPage *page)
{
  ct_test_wait_until (written, page, 20, "the breakthrough to be written");
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Shared;

static void
shared_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Shared *shared = data;

  shared->ok = ct_doorbraak_share_dialog_save_finish (result, &shared->error);
  shared->done = TRUE;
}

static gboolean
share_done (gpointer data)
{
  return ((Shared *) data)->done;
}

/* What the share dialog's save buttons do once a file is chosen
 * (ct_doorbraak_share_dialog_save_async()), waited for. */
static gboolean
share_to (CtDoorbrakenPage *page,
          const char       *md_path,
          const char       *pdf_path,
          GError          **error)
{
  Shared shared = { 0 };

  g_assert_nonnull (page->share_dialog);
  ct_doorbraak_share_dialog_save_async (page->share_dialog, md_path, pdf_path, shared_cb,
                                        &shared);
  ct_test_wait_until (share_done, &shared, 20, "the example to be saved");
  if (shared.error != NULL)
    g_propagate_error (error, shared.error);
  return shared.ok;
}

static gboolean
share_idle (gpointer page)
{
  return !CT_DOORBRAKEN_PAGE (page)->share_dialog->busy;
}

static void
select_doorbraak (CtDoorbrakenPage *page,
                  gint64            id)
{
  wait_for_doorbraken (page);
  g_assert_true (_ct_doorbraken_page_select (page, id));
  g_assert_cmpint (ct_record_get_id (page->current), ==, id);
}

/* The end of a test: @page lets its session go, and its window closes. */
static void
close_page (CtDoorbrakenPage *page,
            GtkWindow        *window)
{
  ct_doorbraken_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

/* The planted first name is highlighted and saving refused; a clean
 * example is saved as Markdown and PDF and becomes "gedeeld". */
static void
test_doorbraken_page (void)
{
  g_autoptr(CtTestSession) session = ct_budget_test_unlock ("regisseur");
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));
  g_autofree char *md = g_build_filename (ct_budget_test_team ()->dir, "doorbraak.md", NULL);
  g_autofree char *pdf = g_build_filename (ct_budget_test_team ()->dir, "doorbraak.pdf", NULL);
  g_autofree char *pdf_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = NULL;
  g_autofree char *prefix = NULL;
  GtkWidget *row;
  CtCoreTestReaderHold holder;
  Shared shared = { 0 };

  ct_doorbraken_page_set_session (page, session);
  wait_for_doorbraken (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page->store)), ==, 2);
  select_doorbraak (page, ct_budget_test_team ()->planted_id);
  ct_test_screenshot (GTK_WIDGET (window), "doorbraken");

  gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.share", NULL);
  ct_test_wait_for_draw (GTK_WIDGET (page->share_dialog));
  g_assert_true (has_finding_tag (page, "Fatima"));
  g_assert_false (has_finding_tag (page, "wachttijd"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->share_dialog->findings_label)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_pdf_button)));
  g_assert_false (share_to (page, md, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (g_file_test (md, G_FILE_TEST_EXISTS));
  /* with findings, the text to rewrite is shown, marked */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->share_dialog->share_stack), ==, "edit");
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share");

  /* Rewritten in the dialog, it passes the check. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (page->share_dialog->share_view);
    GtkTextIter start, match, end;

    gtk_text_buffer_get_start_iter (buffer, &start);
    g_assert_true (gtk_text_iter_forward_search (&start, "Fatima", 0, &match, &end, NULL));
    gtk_text_buffer_delete (buffer, &match, &end);
    gtk_text_buffer_insert (buffer, &match, "Een moeder", -1);
    ct_test_click (page->share_dialog->check_button);
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  }
  gtk_window_close (GTK_WINDOW (page->share_dialog));
  g_assert_null (page->share_dialog);

  select_doorbraak (page, ct_budget_test_team ()->clean_id);
  /* A save still queued when the dialog closes is given up: nothing is
   * marked or written, and the dialog gone is not touched. */
  gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.share", NULL);
  ct_core_test_reader_hold (session, &holder);
  ct_doorbraak_share_dialog_save_async (page->share_dialog, md, NULL, shared_cb, &shared);
  g_assert_true (ct_saving_is_saving (GTK_WIDGET (page->share_dialog->save_md_button)));
  gtk_window_close (GTK_WINDOW (page->share_dialog));
  g_assert_null (page->share_dialog);
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_until (share_done, &shared, 20, "the save given up");
  g_assert_false (shared.ok);
  g_assert_error (shared.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&shared.error);
  g_assert_false (g_file_test (md, G_FILE_TEST_EXISTS));
  d = ct_session_get (session, "doorbraken", ct_budget_test_team ()->clean_id, &error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "goedgekeurd");
  g_clear_pointer (&d, ct_record_unref);

  gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.share", NULL);
  ct_test_wait_for_draw (GTK_WIDGET (page->share_dialog));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_pdf_button)));
  /* clean: it shows as it will read, not as Markdown */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->share_dialog->share_stack), ==,
                   "preview");
  g_assert_nonnull (strstr (gtk_label_get_text (page->share_dialog->share_preview_label),
                            "Geen bijzondere"));
  g_assert_null (strstr (gtk_label_get_text (page->share_dialog->share_preview_label), "# "));
  g_assert_null (strstr (gtk_label_get_text (page->share_dialog->share_preview_label), "\n- "));
  g_assert_null (strstr (gtk_label_get_text (page->share_dialog->share_preview_label), "*"));
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share-clean");
  g_assert_true (share_to (page, md, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &pdf_bytes, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf_bytes, "%PDF"));
  d = ct_session_get (session, "doorbraken", ct_budget_test_team ()->clean_id, &error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "gedeeld");
  gtk_window_close (GTK_WINDOW (page->share_dialog));
  g_assert_null (page->share_dialog);

  /* The core's refusal shows in the form: the field named, its row marked,
   * the approved legitimation kept in the file. */
  select_doorbraak (page, ct_budget_test_team ()->planted_id);
  row = form_row_of (page, "legitimation");
  gtk_editable_set_text (GTK_EDITABLE (row), "Een andere reden.");
  gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.save", NULL);
  wait_written (page);
  prefix = g_strdup_printf ("%s: ", _("Legitimation"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->form_error_label)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (page->form_error_label), prefix));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_clear_pointer (&d, ct_record_unref);
  d = ct_session_get (session, "doorbraken", ct_budget_test_team ()->planted_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (d, "legitimation"), ==, CT_BUDGET_TEST_LEGITIMATION);

  close_page (page, window);
}

/* A file not on this computer (ct_test_answer_no_path()): the example is
 * neither written nor marked as shared, and the dialog says why. */
static void
test_doorbraak_share_no_path (void)
{
  g_autoptr(CtTestSession) session = ct_budget_test_unlock ("regisseur");
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = NULL;

  ct_doorbraken_page_set_session (page, session);
  select_doorbraak (page, ct_budget_test_team ()->clean_id);
  gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.share", NULL);
  ct_test_wait_for_draw (GTK_WIDGET (page->share_dialog));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  ct_test_click (page->share_dialog->save_md_button);
  g_assert_nonnull (page->share_dialog->chooser);
  ct_test_answer_no_path (page->share_dialog->chooser);
  g_assert_null (page->share_dialog->chooser);
  g_assert_false (page->share_dialog->busy);
  ct_test_wait_for_draw (GTK_WIDGET (page->share_dialog));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page->share_dialog),
                                        _("Choose a file on this computer.")));
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share-no-path");
  d = ct_session_get (session, "doorbraken", ct_budget_test_team ()->clean_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "goedgekeurd");

  gtk_window_close (GTK_WINDOW (page->share_dialog));
  g_assert_null (page->share_dialog);
  close_page (page, window);
}

/* The voorzitter may not read identity data, so cannot run the check:
 * Share… is off and says why, instead of an empty dialog with an error. */
static void
test_doorbraak_share_voorzitter (void)
{
  g_autoptr(CtTestSession) session = ct_budget_test_unlock ("voorzitter");
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));

  ct_doorbraken_page_set_session (page, session);
  select_doorbraak (page, ct_budget_test_team ()->planted_id);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_button)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (page->share_button)), ==,
                   _("Sharing checks the text against the names in the team file, which your "
                     "role may not read. Ask a team member whose role sees identity data to "
                     "share this example."));
  g_assert_null (page->share_dialog);
  close_page (page, window);
}

static const char *
reached_on (CtSession *session,
            gint64     id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = ct_session_get (session, "doorbraken", id, &error);
  static char date[16];

  g_assert_no_error (error);
  g_strlcpy (date, ct_record_get (d, "reached_on"), sizeof date);
  return date;
}

/* The breakthrough's date as the other forms take it: shown and typed as
 * the user writes dates; one that cannot be read is said under the form,
 * on its field, and nothing is stored. */
static void
test_doorbraak_date (void)
{
  g_autoptr(CtTestSession) session = ct_budget_test_unlock ("regisseur");
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));
  g_autofree char *title = ct_gui_date_title (_("Date of the breakthrough"));
  g_autofree char *message = ct_budget_test_date_error (_("Date of the breakthrough"));
  g_autofree char *shown = ct_gui_format_date ("2026-02-20");
  g_autofree char *typed = ct_gui_format_date ("2026-03-05");
  GtkWidget *row;

  ct_doorbraken_page_set_session (page, session);
  select_doorbraak (page, ct_budget_test_team ()->planted_id);
  row = form_row_of (page, "reached_on");
  g_assert_cmpstr (ct_budget_test_row_title (row), ==, title);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, shown);

  gtk_editable_set_text (GTK_EDITABLE (row), "31-02-2026");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.save", NULL));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->form_error_label)));
  g_assert_cmpstr (gtk_label_get_text (page->form_error_label), ==, message);
  g_assert_cmpstr (reached_on (session, ct_budget_test_team ()->planted_id), ==, "2026-02-20");
  /* The message is at the top, by Save; the field lower down. */
  ct_test_screenshot (GTK_WIDGET (window), "doorbraak-date-error");
  ct_test_screenshot (row, "doorbraak-date-error-row");

  gtk_editable_set_text (GTK_EDITABLE (row), typed);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.save", NULL));
  /* Queued: "Saving…", and no second save meanwhile. */
  g_assert_true (ct_saving_is_saving (GTK_WIDGET (page->save_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->save_button)));
  wait_written (page);
  g_assert_false (ct_saving_is_saving (GTK_WIDGET (page->save_button)));
  g_assert_cmpstr (reached_on (session, ct_budget_test_team ()->planted_id), ==, "2026-03-05");
  row = form_row_of (page, "reached_on");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, typed);
  ct_test_screenshot (row, "doorbraak-date-row");

  close_page (page, window);
}

static gint64
case_of (CtSession  *session,
         const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = ct_session_list (session, "cases", NULL, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (cases, i), "number"), number) == 0)
      return ct_record_get_id (g_ptr_array_index (cases, i));
  g_error ("No case %s", number);
}

/* A proposed breakthrough: the regisseur sees the Approve step but may not
 * take it, and is told why; the voorzitter takes it. */
static void
test_doorbraak_approve (void)
{
  g_autoptr(CtTestSession) regisseur = ct_budget_test_unlock ("regisseur");
  g_autoptr(CtTestSession) voorzitter = NULL;
  g_autoptr(CtRecord) d = NULL;
  g_autoptr(GError) error = NULL;
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));
  gint64 id = ct_budget_test_add_doorbraak (regisseur, case_of (regisseur, "2026-032"),
                                            "Noor kon geen stageplek krijgen zonder VOG.",
                                            "VOG-eis");
  GtkWidget *undo;

  ct_doorbraken_page_set_session (page, regisseur);
  select_doorbraak (page, id);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->advance_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->advance_button)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (page->advance_button)), ==,
                   _("Only the voorzitter or a beheerder approves a breakthrough"));
  ct_test_screenshot (GTK_WIDGET (window), "doorbraak-approve-regisseur");
  ct_doorbraken_page_set_session (page, NULL);
  g_clear_object (&regisseur);

  voorzitter = ct_budget_test_unlock ("voorzitter");
  ct_doorbraken_page_set_session (page, voorzitter);
  select_doorbraak (page, id);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->advance_button)));
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (page->advance_button)));
  ct_test_click (page->advance_button);
  wait_written (page);
  d = ct_session_get (voorzitter, "doorbraken", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "goedgekeurd");

  /* Approved by mistake: the toast's Undo takes it back. */
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "doorbraak-approved-toast");
  undo = ct_test_find_button (gtk_window_get_child (window), _("_Undo"));
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wait_written (page);
  g_clear_pointer (&d, ct_record_unref);
  d = ct_session_get (voorzitter, "doorbraken", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "voorgesteld");

  close_page (page, window);
}

static gboolean
admin_log_has (const char *purpose)
{
  g_autoptr(CtTestSession) admin = ct_budget_test_unlock ("beheer");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (admin, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    if (g_strcmp0 (((CtLogEntry *) g_ptr_array_index (log, i))->purpose, purpose) == 0)
      return TRUE;
  return FALSE;
}

/* Types @reason into the reason dialog @heading (the confirming answer is
 * off until then) and confirms it. */
static void
answer_reason (const char *heading,
               const char *reason,
               const char *png)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (ct_test_find_message_dialog (heading, FALSE));

  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, CT_REASON_DIALOG_CONFIRM));
  gtk_editable_set_text (GTK_EDITABLE (ct_reason_dialog_get_row (dialog)), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, CT_REASON_DIALOG_CONFIRM));
  gtk_editable_set_text (GTK_EDITABLE (ct_reason_dialog_get_row (dialog)), reason);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, CT_REASON_DIALOG_CONFIRM));
  ct_test_screenshot (GTK_WIDGET (dialog), png);
  ct_test_answer (dialog, CT_REASON_DIALOG_CONFIRM);
}

/* The mark button of the flagged name @word in the share dialog, or NULL. */
static GtkWidget *
name_button (CtDoorbrakenPage *page,
             const char       *word)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (page->share_dialog->names_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));

      if (g_strcmp0 (g_variant_get_string (target, NULL), word) == 0)
        return button;
    }
  return NULL;
}

/* "Joost mag het weten" is a saying, not the Joost of the team file, and
 * the "Fatima-regeling" is a scheme: the member marks each flagged name on
 * its own, with its own reason. Marking one leaves the other flagged and
 * the example unsaveable; the log keeps each word with its reason. */
static void
test_doorbraak_not_identifying (void)
{
  g_autoptr(CtTestSession) regisseur = ct_budget_test_unlock ("regisseur");
  g_autoptr(CtTestSession) voorzitter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = NULL;
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));
  g_autofree char *md = g_build_filename (ct_budget_test_team ()->dir, "joost.md", NULL);
  g_autofree char *heading = NULL;
  CtCoreTestReaderHold holder;
  gint64 id = ct_budget_test_add_doorbraak (regisseur, case_of (regisseur, "2026-021"),
                                            "Joost mag het weten waarom de regel bestond; de "
                                            "Fatima-regeling hielp.", "Wachtlijst schuldhulp");

  /* One session at a time, as the file lock requires. */
  g_clear_object (&regisseur);
  voorzitter = ct_budget_test_unlock ("voorzitter");
  g_assert_true (ct_doorbraak_set_status (voorzitter, id, "goedgekeurd", &error));
  g_assert_no_error (error);
  g_clear_object (&voorzitter);
  regisseur = ct_budget_test_unlock ("regisseur");
  ct_doorbraken_page_set_session (page, regisseur);
  select_doorbraak (page, id);
  gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.share", NULL);
  ct_test_wait_for_draw (GTK_WIDGET (page->share_dialog));
  g_assert_true (has_finding_tag (page, "Joost"));
  g_assert_true (has_finding_tag (page, "Fatima"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->share_dialog->names_box)));
  g_assert_nonnull (name_button (page, "Joost"));
  g_assert_nonnull (name_button (page, "Fatima"));
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share-name");

  /* Cancelled: nothing marked. */
  heading = g_strdup_printf (_("Mark “%s” as Not Identifying?"), "Joost");
  ct_test_click (GTK_BUTTON (name_button (page, "Joost")));
  g_assert_nonnull (ct_test_find_message_dialog (heading, FALSE));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (
                                ct_test_find_message_dialog (heading, FALSE))), "Joost"));
  ct_test_answer (ct_test_find_message_dialog (heading, FALSE), "cancel");
  g_assert_true (has_finding_tag (page, "Joost"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  g_assert_false (share_to (page, md, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);

  /* Joost marked: Fatima stays flagged, and nothing can be saved yet. */
  ct_test_click (GTK_BUTTON (name_button (page, "Joost")));
  /* Written through the write queue: while a reader holds the file the
   * word's button says "Saving…", the text and the other buttons wait,
   * and the window goes on. */
  ct_core_test_reader_hold (page->session, &holder);
  answer_reason (heading, "Uitdrukking, geen persoon", "doorbraak-not-identifying");
  ct_test_wait_main_loop ("the window to go on while the word waits");
  g_assert_true (page->share_dialog->busy);
  g_assert_true (ct_saving_is_saving (name_button (page, "Joost")));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->check_button)));
  g_assert_false (gtk_text_view_get_editable (page->share_dialog->share_view));
  ct_test_wait_for_draw (GTK_WIDGET (page->share_dialog));
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share-marking");
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_until (share_idle, page, 20, "the word to be marked");
  g_assert_false (has_finding_tag (page, "Joost"));
  g_assert_true (has_finding_tag (page, "Fatima"));
  g_assert_null (name_button (page, "Joost"));
  g_assert_nonnull (name_button (page, "Fatima"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  g_assert_false (share_to (page, md, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share-one-marked");

  g_clear_pointer (&heading, g_free);
  heading = g_strdup_printf (_("Mark “%s” as Not Identifying?"), "Fatima");
  ct_test_click (GTK_BUTTON (name_button (page, "Fatima")));
  answer_reason (heading, "Naam van een regeling", "doorbraak-not-identifying-second");
  ct_test_wait_until (share_idle, page, 20, "the word to be marked");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page->share_dialog->names_box)));
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share-marked");
  g_assert_true (share_to (page, md, NULL, &error));
  g_assert_no_error (error);
  d = ct_session_get (regisseur, "doorbraken", id, &error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "gedeeld");
  gtk_window_close (GTK_WINDOW (page->share_dialog));
  close_page (page, window);
  g_clear_object (&regisseur);
  g_assert_true (admin_log_has ("not identifying; Joost; Uitdrukking, geen persoon"));
  g_assert_true (admin_log_has ("not identifying; Fatima; Naam van een regeling"));
}

/* Later than the toast: the voorzitter withdraws an approval with a
 * reason; a regisseur sees the button but may not. */
static void
test_doorbraak_withdraw (void)
{
  g_autoptr(CtTestSession) regisseur = ct_budget_test_unlock ("regisseur");
  g_autoptr(CtTestSession) voorzitter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = NULL;
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));
  gint64 id = ct_budget_test_add_doorbraak (regisseur, case_of (regisseur, "2026-032"),
                                            "Een stage liep vast op een regel.", "Stage-eis");

  g_clear_object (&regisseur);
  voorzitter = ct_budget_test_unlock ("voorzitter");
  g_assert_true (ct_doorbraak_set_status (voorzitter, id, "goedgekeurd", &error));
  g_assert_no_error (error);
  g_clear_object (&voorzitter);
  regisseur = ct_budget_test_unlock ("regisseur");
  ct_doorbraken_page_set_session (page, regisseur);
  select_doorbraak (page, id);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (page->withdraw_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->withdraw_button)));
  ct_doorbraken_page_set_session (page, NULL);
  g_clear_object (&regisseur);

  voorzitter = ct_budget_test_unlock ("voorzitter");
  ct_doorbraken_page_set_session (page, voorzitter);
  select_doorbraak (page, id);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->withdraw_button)));
  ct_test_screenshot (GTK_WIDGET (window), "doorbraak-withdraw-button");
  ct_test_click (page->withdraw_button);
  answer_reason (_("Withdraw the Approval?"), "Mandaat ontbrak", "doorbraak-withdraw");
  wait_written (page);
  d = ct_session_get (voorzitter, "doorbraken", id, &error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "voorgesteld");
  wait_for_doorbraken (page);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (page->withdraw_button)));
  close_page (page, window);
  g_clear_object (&voorzitter);
  g_assert_true (admin_log_has ("withdraw approval; Mandaat ontbrak"));
}

int
main (int   argc,
      char *argv[])
{
  ct_budget_test_init (&argc, &argv);
  g_type_ensure (CT_TYPE_DOORBRAKEN_PAGE);

  /* First: the clean example is still only approved. */
  g_test_add_func ("/budget/doorbraak-share-no-path", test_doorbraak_share_no_path);
  g_test_add_func ("/budget/doorbraken", test_doorbraken_page);
  g_test_add_func ("/budget/doorbraak-share-voorzitter", test_doorbraak_share_voorzitter);
  g_test_add_func ("/budget/doorbraak-date", test_doorbraak_date);
  g_test_add_func ("/budget/doorbraak-approve", test_doorbraak_approve);
  g_test_add_func ("/budget/doorbraak-not-identifying", test_doorbraak_not_identifying);
  g_test_add_func ("/budget/doorbraak-withdraw", test_doorbraak_withdraw);

  return ct_budget_test_run ();
}
