/* test-casework-edit.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Editing a case on its page: a field error stops the save, a save is
 * read back off the main loop (twice, or left before it was), a save
 * waits for the session's reader without stopping the window, closing a
 * case asks for its outcome, the unsaved-changes guard, a sentence that
 * names a category's facts moved into that category's part, and the
 * "Score ZRM" dialog kept over a re-read of its case, and closed when the
 * case is left, gone or outside the member's involvement.
 * The program has a team file of its own (ct-test-casework.h); every test
 * says where it starts. */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-application.h"
#include "ct-case-list-private.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-read-private.h"
#include "ct-test-casework.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-zrm-editor-private.h"

#define FINANCES 0  /* ct_zrm_domains[] */
#define HOUSING  3

static void
test_edit (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_case_page (window);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) stored = NULL;
  g_autoptr(GPtrArray) persons = NULL;

  ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  ct_casework_test_activate (window, "casework.edit");
  g_assert_true (ct_case_page_get_editing (page));

  /* A bad BSN stops the whole save; its message is under its row. */
  _ct_case_page_set_text (page, "cases", "referred_by", "Huisarts De Wit");
  _ct_case_page_set_text (page, "persons", "bsn", BAD_BSN);
  ct_casework_test_activate (window, "casework.save");
  ct_casework_test_wait_saved (window);
  g_assert_true (ct_case_page_get_editing (page));
  g_assert_false (ct_case_page_get_loading (page));
  g_assert_true (g_str_has_prefix (_ct_case_page_get_error (page, "persons", "bsn"),
                                   _("BSN")));
  g_assert_null (_ct_case_page_get_error (page, "cases", "referred_by"));
  ct_test_screenshot (GTK_WIDGET (window), "case-edit-error");

  stored = ct_session_get (window->session, "cases", ct_casework_test_first_case (), &error);
  g_assert_no_error (error);
  g_assert_null (ct_record_get (stored, "referred_by"));
  g_clear_pointer (&stored, ct_record_unref);

  /* Put right, it saves, and the core has it. */
  _ct_case_page_set_text (page, "persons", "bsn", GOOD_BSN);
  _ct_case_page_set_text (page, "households", "debts_cents",
                          g_str_equal (ct_test_get_language (), "nl") ? "1.300,50" : "1,300.50");
  ct_casework_test_save (window);
  g_assert_false (ct_case_page_get_editing (page));
  g_assert_cmpstr (_ct_window_get_toast_title (window), ==, _("Saved"));
  /* Saved, but the referrer names a health fact (a GP): a warning under it. */
  g_assert_nonnull (_ct_case_page_get_error (page, "cases", "referred_by"));
  g_assert_nonnull (strstr (_ct_case_page_get_error (page, "cases", "referred_by"),
                            "Huisarts De Wit"));
  g_assert_nonnull (strstr (_ct_case_page_get_error (page, "cases", "referred_by"),
                            ct_category_get_display_name (CT_CATEGORY_HEALTH)));

  stored = ct_session_get (window->session, "cases", ct_casework_test_first_case (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "referred_by"), ==, "Huisarts De Wit");
  g_clear_pointer (&stored, ct_record_unref);
  stored = ct_session_get (window->session, "households",
                           ct_record_get_int (page->case_record, "household_id"),
                           &error);
  g_assert_cmpstr (ct_record_get (stored, "debts_cents"), ==, "130050");
}

/* Reading back after the page's own write */

typedef struct
{
  CtCasePage *page;
  guint       ticks;  /* while the page read back */
} PageTicker;

/* A redraw, at a higher priority than the read's result. */
static gboolean
page_tick_cb (gpointer data)
{
  PageTicker *ticker = data;

  ticker->ticks += ct_case_page_get_loading (ticker->page);
  return G_SOURCE_CONTINUE;
}

static void
count_flip (guint *flips)
{
  (*flips)++;
}

/* The case page's scrolled window. */
static GtkScrolledWindow *
page_scrolled (CtCasePage *page)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (page->preferences_page));
       child != NULL; child = gtk_widget_get_first_child (child))
    if (GTK_IS_SCROLLED_WINDOW (child))
      return GTK_SCROLLED_WINDOW (child);
  g_assert_not_reached ();
}

/* Where @row is in the page's scrolled window. */
static double
row_offset (CtCasePage *page,
            GtkWidget  *row)
{
  graphene_point_t at;

  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (page_scrolled (page)),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  return at.y;
}

/* Scrolls the page so that @row is near its top, as a member would. */
static void
scroll_to (CtCasePage *page,
           GtkWidget  *row)
{
  GtkScrolledWindow *scrolled = page_scrolled (page);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  graphene_point_t at;

  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (scrolled),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + at.y - 120);
  ct_test_wait_for_draw (row);
}

/* How often the access log has the first household's case read for its
 * page. */
static guint
count_case_views (CtSession *session,
                  gint64     household_id)
{
  gint64 case_id = ct_casework_test_first_case ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_household_log (session, household_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *entry = g_ptr_array_index (log, i);

      n += g_strcmp0 (entry->object_table, "cases") == 0 && entry->object_id == case_id
           && g_strcmp0 (entry->purpose, "view") == 0;
    }
  return n;
}

static const char *
stored_debts (CtWindow *window,
              gint64    household_id)
{
  static char debts[32];
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = ct_session_get (window->session, "households", household_id,
                                                  &error);

  g_assert_no_error (error);
  g_strlcpy (debts, ct_record_get (household, "debts_cents") ?: "", sizeof debts);
  return debts;
}

/* Whether the window's keyboard focus is in @editor's row. */
static gboolean
has_focus (CtWindow      *window,
           CtFieldEditor *editor)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == editor->row || gtk_widget_is_ancestor (focus, editor->row));
}

/* A save is read back in a worker: the main loop goes on meanwhile (a
 * redraw every millisecond keeps running), the page goes on showing what
 * it showed (never "Loading Case…"), and then it shows the stored values
 * with the row of the field they were on where it was, and the focus on it
 * (the member keeps their place); the read is logged once. */
static void
test_save_off_main_loop (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_case_page (window);
  PageTicker ticker = { page, 0 };
  CtFieldEditor *editor;
  GtkAdjustment *adjustment;
  gint64 household_id;
  double scrolled, offset;
  guint flips = 0, views, id;

  ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  household_id = ct_record_get_int (page->case_record, "household_id");
  ct_casework_test_activate (window, "casework.edit");

  /* A field below the page's first screen, scrolled to with the focus. */
  editor = _ct_case_page_find_editor (page, "households", "debts_cents");
  ct_field_editor_set_text (editor, "2000");
  g_assert_true (gtk_widget_grab_focus (ct_field_editor_get_focus (editor)));
  ct_test_wait_for_draw (editor->row);
  scroll_to (page, editor->row);
  adjustment = gtk_scrolled_window_get_vadjustment (page_scrolled (page));
  scrolled = gtk_adjustment_get_value (adjustment);
  offset = row_offset (page, editor->row);
  g_test_message ("scrolled to %g of %g, the row at %g", scrolled,
                  gtk_adjustment_get_upper (adjustment), offset);
  g_assert_cmpfloat (scrolled, >, 0);
  views = count_case_views (window->session, household_id);

  g_signal_connect_swapped (page->content_stack, "notify::visible-child-name",
                            G_CALLBACK (count_flip), &flips);
  id = g_timeout_add_full (G_PRIORITY_HIGH, 1, page_tick_cb, &ticker, NULL);
  ct_casework_test_activate (window, "casework.save");
  ct_casework_test_wait_saved (window);
  /* Stored through the session's write queue; read back in a worker. */
  g_assert_false (ct_case_page_get_editing (page));
  g_assert_true (ct_case_page_get_loading (page));
  g_assert_cmpstr (stored_debts (window, household_id), ==, "200000");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->content_stack), ==, "case");
  g_assert_true (has_focus (window, editor));
  ct_test_wait_case_page (page);
  g_source_remove (id);
  g_signal_handlers_disconnect_by_func (page->content_stack, count_flip, &flips);

  g_assert_cmpuint (ticker.ticks, >, 0);
  g_assert_cmpuint (flips, ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->content_stack), ==, "case");
  g_assert_cmpstr (ct_record_get (page->household, "debts_cents"), ==, "200000");
  g_assert_cmpuint (count_case_views (window->session, household_id), ==, views + 1);
  /* New rows: the field's new one has the focus, at the same place. */
  g_assert_true (_ct_case_page_find_editor (page, "households", "debts_cents") != editor);
  editor = _ct_case_page_find_editor (page, "households", "debts_cents");
  g_assert_true (has_focus (window, editor));
  ct_test_wait_for_draw (editor->row);
  g_assert_cmpfloat (row_offset (page, editor->row), ==, offset);
  ct_test_screenshot (GTK_WIDGET (window), "case-saved");
}

/* Two writes of the page's own in a row: the first's read back is dropped,
 * never shown nor logged, and the page ends with the second's values. An
 * Edit asked for meanwhile waits for them. */
static void
test_save_twice (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  gint64 household_id = ct_record_get_int (page->case_record, "household_id");
  guint views = count_case_views (window->session, household_id);
  g_autofree char *text = NULL;

  ct_casework_test_activate (window, "casework.edit");
  _ct_case_page_set_text (page, "households", "debts_cents", "3000");
  ct_casework_test_activate (window, "casework.save");
  ct_casework_test_wait_saved (window);
  g_assert_true (ct_case_page_get_loading (page));
  ct_casework_test_activate (window, "casework.edit");
  g_assert_false (ct_case_page_get_editing (page));
  /* The second: a value of another laptop's taken, before the first's read. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.use-conflict", "(sxsms)",
                                             "households", household_id, "debts_cents",
                                             "400000"));
  /* It waits in the session's write queue (ct-case-page-conflicts.c). */
  ct_test_wait_case_page (page);
  g_assert_cmpstr (stored_debts (window, household_id), ==, "400000");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the dropped read's result");

  g_assert_cmpstr (ct_record_get (page->household, "debts_cents"), ==, "400000");
  g_assert_cmpuint (count_case_views (window->session, household_id), ==, views + 1);
  g_assert_true (ct_case_page_get_editing (page));
  text = _ct_case_page_get_text (page, "households", "debts_cents");
  g_assert_true (g_str_has_prefix (text, "4"));
  ct_casework_test_activate (window, "casework.cancel");
}

/* A save, then back to the list before it was read back: nothing of that
 * read is logged or shown. */
static void
test_save_then_leave (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtMainPage *main_page = ct_casework_test_main_page (window);
  CtCasePage *page = ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  gint64 household_id = ct_record_get_int (page->case_record, "household_id");
  guint views = count_case_views (window->session, household_id);
  CtCaseworkTestRefs refs;

  /* The reads of the unlock done: what the session holds is its own. */
  ct_test_wait_until (ct_casework_test_list_read, main_page->case_list, 20, "the case list");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  refs = ct_casework_test_count_refs (window->session);
  ct_casework_test_activate (window, "casework.edit");
  _ct_case_page_set_text (page, "households", "debts_cents", "5000");
  ct_casework_test_activate (window, "casework.save");
  ct_casework_test_wait_saved (window);
  g_assert_true (ct_case_page_get_loading (page));
  ct_casework_test_activate (window, "casework.back");
  g_assert_false (ct_case_page_get_loading (page));
  ct_test_wait_until (ct_casework_test_reads_done, &refs, 20, "the read given up");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the read's result");

  g_assert_cmpstr (stored_debts (window, household_id), ==, "500000");
  g_assert_cmpint (ct_case_page_get_case_id (page), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_page->cases_stack), ==, "list");
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), "Fatima"));
  g_assert_cmpuint (count_case_views (window->session, household_id), ==, views);
}

/* A save while one of the session's readers holds the file waits in the
 * session's write queue: the page says "Saving…", the window answers (a
 * timeout fires, again and again), nothing can be saved twice; once the
 * reader lets go, it is stored and read back. */
static void
test_save_while_reading (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtMainPage *main_page = ct_casework_test_main_page (window);
  CtCasePage *page = ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  gint64 household_id = ct_record_get_int (page->case_record, "household_id");
  CtCoreTestReaderHold holder;
  CtFieldEditor *debts, *status;
  g_autofree char *typed = NULL;

  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  ct_casework_test_activate (window, "casework.edit");
  _ct_case_page_set_text (page, "households", "debts_cents", "7000");

  ct_core_test_reader_hold (window->session, &holder);

  ct_casework_test_activate (window, "casework.save");
  g_assert_true (ct_case_page_get_saving (page));
  g_assert_true (ct_case_page_get_editing (page));
  g_assert_false (gtk_widget_is_sensitive (main_page->save_button));
  /* What the member typed now would be neither saved nor kept: the rows
   * keep their text and take nothing until the stored values show. */
  debts = _ct_case_page_find_editor (page, "households", "debts_cents");
  status = _ct_case_page_find_editor (page, "cases", "status");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (debts->editable)));
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (status->row)));
  typed = _ct_case_page_get_text (page, "households", "debts_cents");
  g_assert_cmpstr (typed, ==, "7000");
  ct_test_wait_ticks (20, "the window while the write waits");
  g_assert_true (ct_case_page_get_saving (page));
  g_assert_cmpstr (ct_test_button_text (main_page->save_button), ==, _("Saving…"));
  ct_test_screenshot (GTK_WIDGET (window), "case-saving");

  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_casework_test_wait_saved (window);
  ct_test_wait_case_page (page);

  g_assert_false (ct_case_page_get_editing (page));
  g_assert_cmpstr (stored_debts (window, household_id), ==, "700000");
  g_assert_cmpstr (_ct_window_get_toast_title (window), ==, _("Saved"));
  g_assert_cmpstr (ct_test_button_text (main_page->save_button), ==, _("_Save"));

  /* Editing again, the rows take input. */
  ct_casework_test_activate (window, "casework.edit");
  debts = _ct_case_page_find_editor (page, "households", "debts_cents");
  status = _ct_case_page_find_editor (page, "cases", "status");
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (debts->editable)));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (status->row)));
  ct_casework_test_activate (window, "casework.cancel");
}

static void
test_closing (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) stored = NULL;
  CtFieldEditor *outcome;

  ct_casework_test_activate (window, "casework.edit");
  outcome = _ct_case_page_find_editor (page, "cases", "outcome");
  g_assert_false (gtk_widget_get_visible (outcome->row));
  _ct_case_page_set_text (page, "cases", "status", "afgesloten");
  g_assert_true (gtk_widget_get_visible (outcome->row));
  /* The closing date is filled in with today; the outcome is asked for. */
  ct_casework_test_activate (window, "casework.save");
  ct_casework_test_wait_saved (window);
  /* The core's error names the field; the page marks that row only, and
   * reads nothing back. */
  g_assert_false (ct_case_page_get_loading (page));
  g_assert_nonnull (_ct_case_page_get_error (page, "cases", "outcome"));
  g_assert_null (_ct_case_page_get_error (page, "cases", "closed_on"));
  g_assert_null (_ct_case_page_get_error (page, "cases", "status"));
  /* Still editing after the refusal: the rows take input again. */
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (outcome->row)));
  stored = ct_session_get (window->session, "cases", ct_casework_test_first_case (), &error);
  g_assert_cmpstr (ct_record_get (stored, "status"), ==, "aangemeld");
  g_clear_pointer (&stored, ct_record_unref);

  _ct_case_page_set_text (page, "cases", "outcome", "doel_bereikt");
  ct_casework_test_save (window);
  g_assert_false (ct_case_page_get_editing (page));
  stored = ct_session_get (window->session, "cases", ct_casework_test_first_case (), &error);
  g_assert_cmpstr (ct_record_get (stored, "status"), ==, "afgesloten");
  g_assert_nonnull (ct_record_get (stored, "closed_on"));
}

static void
test_guard (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  AdwMessageDialog *dialog;
  GtkListBoxRow *row;

  ct_casework_test_activate (window, "casework.edit");
  _ct_case_page_set_text (page, "cases", "referred_by", "Wijkagent");
  g_assert_true (ct_main_page_get_unsaved (ct_casework_test_main_page (window)));

  /* Back asks; keeping on editing stays. */
  ct_casework_test_activate (window, "casework.back");
  dialog = ct_test_find_message_dialog (NULL, FALSE);
  g_assert_nonnull (dialog);
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (GTK_WIDGET (dialog), "case-discard-dialog");
  ct_casework_test_respond (dialog, "keep");
  g_assert_true (ct_case_page_get_editing (page));

  /* The sidebar asks too; discarding goes where was asked. */
  row = gtk_list_box_get_row_at_index (ct_casework_test_main_page (window)->sidebar_list, 1);
  g_signal_emit_by_name (row, "activate");
  g_assert_cmpstr (ct_main_page_get_page (ct_casework_test_main_page (window)), ==, "cases");
  dialog = ct_test_find_message_dialog (NULL, FALSE);
  g_assert_nonnull (dialog);
  ct_casework_test_respond (dialog, "discard");
  g_assert_cmpstr (ct_main_page_get_page (ct_casework_test_main_page (window)), ==, "meetings");
  g_assert_false (ct_case_page_get_editing (page));

  /* Locking never waits for an answer: it discards and says so. */
  ct_main_page_open_case (ct_casework_test_main_page (window), ct_casework_test_first_case ());
  ct_test_wait_case_page (page);
  ct_casework_test_activate (window, "casework.edit");
  _ct_case_page_set_text (page, "cases", "referred_by", "Wijkagent");
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_cmpstr (_ct_window_get_toast_title (window), ==,
                   _("The team file was locked; unsaved changes were discarded"));
  g_assert_false (ct_test_tree_contains (window->main_page, "Wijkagent"));
  g_assert_false (ct_test_tree_contains (window->main_page, "El Amrani"));
}

static guint
n_move_buttons (CtWindow   *window,
                const char *field)
{
  CtFieldEditor *editor = _ct_case_page_find_editor (ct_casework_test_case_page (window), "cases",
                                                     field);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (editor->error_actions); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  g_assert_true (gtk_widget_get_visible (editor->error_actions) == (n > 0));
  return n;
}

static void
press_move (CtWindow   *window,
            const char *field,
            CtCategory  category)
{
  CtFieldEditor *editor = _ct_case_page_find_editor (ct_casework_test_case_page (window), "cases",
                                                     field);
  g_autofree char *name = g_strdup_printf ("move-%s", ct_category_to_string (category));

  for (GtkWidget *child = gtk_widget_get_first_child (editor->error_actions); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_name (child), name))
      {
        g_signal_emit_by_name (child, "clicked");
        return;
      }
  g_assert_not_reached ();
}

static void
edit_question (CtWindow   *window,
               const char *text)
{
  ct_casework_test_activate (window, "casework.edit");
  _ct_case_page_set_text (ct_casework_test_case_page (window), "cases", "question", text);
  ct_casework_test_save (window);
  g_assert_false (ct_case_page_get_editing (ct_casework_test_case_page (window)));
}

#define GENERAL_SENTENCE "Hoe houden we de woning?"
#define HEALTH_SENTENCE  "Hij is in behandeling bij de GGZ."
#define JUSTICE_SENTENCE "Er loopt een aangifte."

/* A sentence of the general question that names a category's facts is
 * moved, with one button, into that category's part; only a member who
 * has that part is offered the button. */
static void
test_move_sentence (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_case_page (window);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) stored = NULL;
  g_autofree char *text = NULL;
  g_autofree char *no_part = NULL;
  gint64 case_id;

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  ct_casework_test_search (window, "Bakker");
  ct_casework_test_open_first_row (window);
  case_id = ct_case_page_get_case_id (page);
  edit_question (window, GENERAL_SENTENCE " " HEALTH_SENTENCE " " JUSTICE_SENTENCE);
  g_assert_nonnull (strstr (_ct_case_page_get_error (page, "cases", "question"),
                            HEALTH_SENTENCE));
  /* One button per flagged sentence, none for the general one. */
  g_assert_cmpuint (n_move_buttons (window, "question"), ==, 2);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "case-move-sentence");

  press_move (window, "question", CT_CATEGORY_HEALTH);
  g_assert_true (ct_case_page_get_editing (page));
  text = _ct_case_page_get_text (page, "cases", "question");
  g_assert_cmpstr (text, ==, GENERAL_SENTENCE " " JUSTICE_SENTENCE);
  g_clear_pointer (&text, g_free);
  text = _ct_case_page_get_text (page, "cases", "question_health");
  g_assert_cmpstr (text, ==, HEALTH_SENTENCE);
  g_clear_pointer (&text, g_free);
  /* What is left still names justice facts, and says so. */
  g_assert_nonnull (strstr (_ct_case_page_get_error (page, "cases", "question"),
                            JUSTICE_SENTENCE));
  g_assert_cmpuint (n_move_buttons (window, "question"), ==, 1);
  g_assert_true (ct_case_page_get_dirty (page));
  /* Nothing is stored until Save. */
  stored = ct_session_get (window->session, "cases", case_id, &error);
  g_assert_no_error (error);
  g_assert_null (ct_record_get (stored, "question_health"));
  g_clear_pointer (&stored, ct_record_unref);

  press_move (window, "question", CT_CATEGORY_JUSTICE);
  g_assert_null (_ct_case_page_get_error (page, "cases", "question"));
  ct_casework_test_save (window);
  g_assert_false (ct_case_page_get_editing (page));
  g_assert_null (_ct_case_page_get_error (page, "cases", "question"));
  stored = ct_session_get (window->session, "cases", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "question"), ==, GENERAL_SENTENCE);
  g_assert_cmpstr (ct_record_get (stored, "question_health"), ==, HEALTH_SENTENCE);
  g_assert_cmpstr (ct_record_get (stored, "question_justice"), ==, JUSTICE_SENTENCE);
  g_clear_pointer (&stored, ct_record_unref);
  ct_casework_test_activate (window, "casework.back");
  ct_casework_test_search (window, "");

  /* Politie writes justice but not health: warned, and offered only the
   * justice move; the health part is not there to move into. */
  ct_casework_test_unlock (POLITIE_LOGIN, POLITIE_PASS);
  ct_casework_test_search (window, "Bakker");
  ct_casework_test_open_first_row (window);
  g_assert_null (_ct_case_page_find_editor (page, "cases", "question_health"));
  edit_question (window, GENERAL_SENTENCE " " HEALTH_SENTENCE);
  g_assert_nonnull (strstr (_ct_case_page_get_error (page, "cases", "question"),
                            HEALTH_SENTENCE));
  g_assert_cmpuint (n_move_buttons (window, "question"), ==, 0);
  /* Nor is the member told to move it where they cannot. */
  no_part = g_strdup_printf (_("Every member reads this text, and it names %s facts: “%s” "
                               "Your role has no part for them: take the sentence out."),
                             ct_category_get_display_name (CT_CATEGORY_HEALTH), HEALTH_SENTENCE);
  g_assert_cmpstr (_ct_case_page_get_error (page, "cases", "question"), ==,
                   no_part);
  ct_test_screenshot (GTK_WIDGET (window), "case-move-sentence-politie");
  edit_question (window, GENERAL_SENTENCE " " JUSTICE_SENTENCE);
  g_assert_cmpuint (n_move_buttons (window, "question"), ==, 1);
  press_move (window, "question", CT_CATEGORY_JUSTICE);
  ct_casework_test_save (window);
  stored = ct_session_get (window->session, "cases", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "question"), ==, GENERAL_SENTENCE);
  g_assert_cmpstr (ct_record_get (stored, "question_justice"), ==,
                   JUSTICE_SENTENCE " " JUSTICE_SENTENCE);
  ct_casework_test_activate (window, "casework.back");
  ct_casework_test_search (window, "");
}

/* Only the case's director or a beheerder may hand a case over, so the
 * regisseur field takes no input for anyone else while editing: politie,
 * who may write the case, is not offered what the core would refuse. */
static void
test_regisseur_editor (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_case_page (window);
  static const struct
  {
    const char *login;
    const char *pass;
    gboolean    may;
  } members[] = {
    { POLITIE_LOGIN, POLITIE_PASS, FALSE },
    { REGISSEUR_LOGIN, REGISSEUR_PASS, TRUE },  /* a beheerder */
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      CtFieldEditor *editor;

      ct_casework_test_unlock (members[i].login, members[i].pass);
      ct_casework_test_search (window, "Bakker");
      ct_casework_test_open_first_row (window);
      ct_casework_test_activate (window, "casework.edit");
      g_assert_true (ct_case_page_get_editing (page));
      editor = _ct_case_page_find_editor (page, "cases", "regisseur");
      g_assert_nonnull (editor);
      g_assert_cmpint (editor->read_only, ==, !members[i].may);
      g_assert_cmpint (gtk_widget_get_can_target (editor->row), ==, members[i].may);
      g_assert_cmpint (gtk_widget_has_css_class (editor->row, "read-only"), ==, !members[i].may);
      /* The status next to it stays the member's to change. */
      g_assert_false (_ct_case_page_find_editor (page, "cases", "status")->read_only);
      if (!members[i].may)
        {
          ct_test_wait_for_draw (GTK_WIDGET (window));
          scroll_to (page, editor->row);
          ct_test_screenshot (GTK_WIDGET (window), "case-regisseur-read-only");
        }
      ct_casework_test_activate (window, "casework.cancel");
      g_assert_false (ct_case_page_get_editing (page));
      ct_casework_test_activate (window, "casework.back");
      ct_casework_test_search (window, "");
    }
}

/* The "Score ZRM" dialog */

static gboolean
zrm_form_idle (gpointer editor)
{
  return !CT_ZRM_EDITOR (editor)->saving && CT_ZRM_EDITOR (editor)->reading == NULL;
}

static gboolean
zrm_closed (gpointer page)
{
  return CT_CASE_PAGE (page)->zrm_window == NULL;
}

/* "Score ZRM…" clicked, and its form done reading the case. */
static CtZrmEditor *
open_zrm (CtCasePage *page)
{
  CtZrmEditor *editor;

  ct_test_click (ct_test_find_button (GTK_WIDGET (page), _("_Score ZRM…")));
  g_assert_nonnull (page->zrm_window);
  ct_test_wait_for_draw (GTK_WIDGET (page->zrm_window));
  editor = CT_ZRM_EDITOR (ct_test_find_widget (GTK_WIDGET (page->zrm_window),
                                               CT_TYPE_ZRM_EDITOR));
  ct_test_wait_until (zrm_form_idle, editor, 20, "the ZRM form to read the case");
  return editor;
}

static void
score_domain (CtZrmEditor *editor,
              guint        domain,
              guint        score)
{
  if (editor->rows[domain] == NULL)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "zrm.add-domain", "u",
                                               domain));
  ct_test_click (editor->score_buttons[domain][score - 1]);
}

/* 3 February 2026, as the member types it. */
static const char *
zrm_date (void)
{
  return g_str_equal (ct_test_get_language (), "nl") ? "03-02-2026" : "2026-02-03";
}

/* The form as the member left it: the date, finances 2 and housing 4. */
static void
assert_zrm_form (CtZrmEditor *editor)
{
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor->date_row)), ==, zrm_date ());
  g_assert_cmpuint (editor->scores[FINANCES], ==, 2);
  g_assert_cmpuint (editor->scores[HOUSING], ==, 4);
  g_assert_true (gtk_toggle_button_get_active (editor->score_buttons[FINANCES][1]));
  g_assert_true (gtk_toggle_button_get_active (editor->score_buttons[HOUSING][3]));
}

static GPtrArray *
list_assessments (CtWindow *window,
                  gint64    case_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = ct_session_list (window->session, "zrm", "case_id", case_id, &error);

  g_assert_no_error (error);
  return records;
}

/* The member scores in the "Score ZRM" dialog while the page reads the
 * case again (a save of another field; "Reload", as after a sync that
 * touched the case): the dialog stays, with what was typed, and Save
 * stores it to the case. Leaving the case closes it, with nothing stored. */
static void
test_zrm_over_reread (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  gint64 household_id = ct_record_get_int (page->case_record, "household_id");
  g_autoptr(GPtrArray) before = list_assessments (window, ct_casework_test_first_case ());
  g_autoptr(GPtrArray) after = NULL;
  GtkWindow *dialog;
  CtZrmEditor *editor;
  CtRecord *stored;

  ct_casework_test_activate (window, "casework.edit");
  _ct_case_page_set_text (page, "households", "debts_cents", "7000");
  editor = open_zrm (page);
  dialog = page->zrm_window;
  gtk_editable_set_text (GTK_EDITABLE (editor->date_row), zrm_date ());
  score_domain (editor, FINANCES, 2);
  score_domain (editor, HOUSING, 4);

  ct_casework_test_save (window);
  g_assert_cmpstr (stored_debts (window, household_id), ==, "700000");
  g_assert_true (page->zrm_window == dialog);
  assert_zrm_form (editor);
  ct_test_screenshot (dialog, "zrm-after-reread");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.reload", NULL));
  ct_test_wait_case_page (page);
  g_assert_true (page->zrm_window == dialog);
  assert_zrm_form (editor);

  ct_test_click (ct_test_find_actionable (GTK_WIDGET (editor), "zrm.save"));
  ct_test_wait_until (zrm_closed, page, 20, "the assessment to be stored");
  after = list_assessments (window, ct_casework_test_first_case ());
  g_assert_cmpuint (after->len, ==, before->len + 1);
  stored = g_ptr_array_index (after, after->len - 1);
  g_assert_cmpstr (ct_record_get (stored, "assessed_on"), ==, "2026-02-03");
  g_assert_cmpint (ct_record_get_int (stored, ct_zrm_domains[FINANCES]), ==, 2);
  g_assert_cmpint (ct_record_get_int (stored, ct_zrm_domains[HOUSING]), ==, 4);
  g_clear_pointer (&after, g_ptr_array_unref);

  editor = open_zrm (page);
  score_domain (editor, FINANCES, 5);
  ct_casework_test_activate (window, "casework.back");
  g_assert_null (page->zrm_window);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the dialog to close");
  after = list_assessments (window, ct_casework_test_first_case ());
  g_assert_cmpuint (after->len, ==, before->len + 1);
}

/* The case is erased while the member scores it (on another laptop: here
 * through the core, then "Reload", as after the sync that brings it): the
 * dialog closes, with nothing stored. */
static void
test_zrm_case_gone (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_case_page (window);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) left = NULL;
  CtZrmEditor *editor;
  gint64 case_id;

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  ct_casework_test_search (window, "Visser");
  ct_casework_test_open_first_row (window);
  case_id = ct_case_page_get_case_id (page);
  editor = open_zrm (page);
  score_domain (editor, FINANCES, 3);

  g_assert_true (ct_session_erase (window->session, ct_case_page_get_household_id (page), 0,
                                   "niet_meer_nodig", &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.reload", NULL));
  ct_test_wait_until (zrm_closed, page, 20, "the dialog to close");
  g_assert_false (ct_case_page_get_loading (page));
  left = list_assessments (window, case_id);
  g_assert_cmpuint (left->len, ==, 0);
  ct_casework_test_activate (window, "casework.back");
  ct_casework_test_search (window, "");
}

/* Need-to-know on: bram (politie), added to the household by hand, scores
 * in the dialog, then steps out of the household (as its regisseur may
 * take him out on another laptop). Read again, the case is outside his
 * involvement: the dialog closes, with nothing stored. */
static void
test_zrm_access_lost (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_case_page (window);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) left = NULL;
  CtZrmEditor *editor;
  gint64 case_id, household_id, bram;
  guint domain = 0;

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  ct_casework_test_search (window, "Bakker");
  ct_casework_test_open_first_row (window);
  case_id = ct_case_page_get_case_id (page);
  household_id = ct_case_page_get_household_id (page);
  bram = ct_core_test_member_id (window->session, POLITIE_LOGIN);
  g_assert_true (ct_session_add_involvement (window->session, household_id, bram, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_need_to_know (window->session, TRUE, 14, &error));
  g_assert_no_error (error);

  ct_casework_test_unlock (POLITIE_LOGIN, POLITIE_PASS);
  ct_main_page_open_case (ct_casework_test_main_page (window), case_id);
  ct_test_wait_case_page (page);
  g_assert_false (page->limited);
  editor = open_zrm (page);
  while (!ct_session_can_read (window->session, ct_zrm_domain_category (domain)))
    domain++;
  score_domain (editor, domain, 3);

  g_assert_true (ct_session_remove_involvement (window->session, household_id, bram, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.reload", NULL));
  ct_test_wait_case_page (page);
  g_assert_true (page->limited);
  g_assert_null (page->zrm_window);
  /* Nor can the limited page open it again, its section being hidden. */
  gtk_widget_activate_action (GTK_WIDGET (page), "case.score-zrm", NULL);
  g_assert_null (page->zrm_window);

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  left = list_assessments (window, case_id);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_true (ct_session_set_need_to_know (window->session, FALSE, 14, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  ct_casework_test_init (&argc, &argv);

  g_test_add_func ("/casework/edit", test_edit);
  g_test_add_func ("/casework/save-off-main-loop", test_save_off_main_loop);
  g_test_add_func ("/casework/save-twice", test_save_twice);
  g_test_add_func ("/casework/save-then-leave", test_save_then_leave);
  g_test_add_func ("/casework/save-while-reading", test_save_while_reading);
  g_test_add_func ("/casework/closing", test_closing);
  g_test_add_func ("/casework/guard", test_guard);
  g_test_add_func ("/casework/move-sentence", test_move_sentence);
  g_test_add_func ("/casework/regisseur-editor", test_regisseur_editor);
  g_test_add_func ("/casework/zrm-over-reread", test_zrm_over_reread);
  g_test_add_func ("/casework/zrm-case-gone", test_zrm_case_gone);
  g_test_add_func ("/casework/zrm-access-lost", test_zrm_access_lost);

  return ct_casework_test_run ();
}
