/* test-merge-copy.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A conflict copy beside the team file, in the whole window (docs/sync-merge.md,
 * "Conflict copies made by hand"). A Syncthing conflict copy of team.casus
 * was edited on another laptop: a case summary changed and a person added.
 * Unlocking team.casus asks to merge it, naming the copy and nobody in it.
 * A passphrase that does not open the copy asks again and says so; the
 * right one merges: the summary and the person are in the open team, the
 * toast says what was merged, the copy is in the trash, and the next unlock
 * asks nothing. "Later" leaves the copy and everything as it was.
 *
 * The copy also changed the contact of a GGZ practice that this file made
 * a police one: the category change of one side takes the row, and the
 * other side's values are made again under it as sync conflicts (the
 * toast counts them), never lost. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-application.h"
#include "ct-case-page.h"
#include "ct-merge-copy-dialog.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-window-private.h"

#define COPY_NAME "team.sync-conflict-20260331-201502-ABCD234.casus"

static CtApplication *app;
static CtTestTeam *team;
static gint64 org_id;
static char *copy_path;
static char *trash_dir;

static CtWindow *
get_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1200, 820);
}

static CtMergeCopyDialog *
find_question (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (CT_IS_MERGE_COPY_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return CT_MERGE_COPY_DIALOG (window);
    }
  return NULL;
}

static gboolean
question_shown (gpointer unused)
{
  return find_question () != NULL;
}

/* @weak points at a dialog, and is cleared when it is finalized. */
static gboolean
dialog_gone (gpointer weak)
{
  GtkWidget *dialog = *(GtkWidget **) weak;

  return dialog == NULL || !gtk_widget_get_visible (dialog);
}

/* Every label and row title under @widget: what a person reads. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static GtkEditable *
passphrase_row (CtMergeCopyDialog *dialog)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));

  for (GtkWidget *w = extra; w != NULL;)
    {
      if (ADW_IS_PASSWORD_ENTRY_ROW (w))
        return GTK_EDITABLE (w);
      /* Depth first, then onwards. */
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != extra && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == extra ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_not_reached ();
}

static void
answer (CtMergeCopyDialog *dialog,
        const char        *passphrase,
        const char        *response)
{
  if (passphrase != NULL)
    gtk_editable_set_text (passphrase_row (dialog), passphrase);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), response));
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
  ct_test_wait_until (dialog_gone, &weak, 20, "the question to close");
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (dialog), &weak);
}

static CtMergeCopyDialog *
expect_question (const char *what)
{
  CtMergeCopyDialog *dialog;
  g_autoptr(GString) text = g_string_new (NULL);

  ct_test_wait_until (question_shown, NULL, 30, "the merge question");
  dialog = find_question ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   _("Conflict Copy Found"));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  collect_text (GTK_WIDGET (dialog), text);
  g_test_message ("%s", text->str);
  /* The copy by its file name; nothing of what is in it. */
  g_assert_nonnull (strstr (text->str, COPY_NAME));
  g_assert_null (strstr (text->str, "Lotte"));
  g_assert_null (strstr (text->str, "laptop van Bob"));
  /* Nothing typed: nothing to merge with. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "merge"));
  ct_test_screenshot (dialog, what);
  return dialog;
}

static char *
summary_of (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, "cases", team->case_id, &error);

  g_assert_no_error (error);
  return g_strdup (ct_record_get (record, "summary"));
}

/* The case summary's value kept as a conflict. */
static const char *
conflict_of (CtSession *session)
{
  static char value[128];
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = ct_session_sync_get_conflicts (session, "cases",
                                                                  team->case_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_strlcpy (value, ((CtSyncConflict *) g_ptr_array_index (conflicts, 0))->value, sizeof value);
  return value;
}

/* The practice's type and contact: one side's shown, the other's kept as
 * conflicts, sealed under its category and read on the case page. */
static void
assert_practice_kept (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) org = ct_session_get (session, "organisations", org_id, &error);
  g_autoptr(GPtrArray) conflicts = ct_session_sync_get_conflicts (session, "organisations",
                                                                  org_id, &error);
  gboolean police;
  guint found = 0;

  g_assert_no_error (error);
  police = g_str_equal (ct_record_get (org, "type"), "politie");
  g_assert_cmpstr (ct_record_get (org, "contact"), ==,
                   police ? "050-1111111" : "050-2222222");
  for (guint i = 0; i < conflicts->len; i++)
    {
      CtSyncConflict *c = g_ptr_array_index (conflicts, i);

      g_assert_false (c->restricted);
      if (g_str_equal (c->field, "type"))
        found += g_str_equal (c->value, police ? "ggz" : "politie");
      else if (g_str_equal (c->field, "contact"))
        found += g_str_equal (c->value, police ? "050-2222222" : "050-1111111");
    }
  g_assert_cmpuint (found, ==, 2);
}

/* A row under @root whose title ends in ": " and @value. */
static GtkWidget *
find_conflict_row (GtkWidget  *root,
                   const char *value)
{
  g_autofree char *end = g_strdup_printf (": %s", value);

  if (ADW_IS_PREFERENCES_ROW (root) && gtk_widget_has_css_class (root, "sync-conflict")
      && g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), end))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_conflict_row (child, value);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* On the case page, under the practice, the other side's contact with
 * "Use This", which makes it the practice's. */
static void
use_practice_conflict (CtSession *session)
{
  CtCasePage *page = g_object_new (CT_TYPE_CASE_PAGE, NULL);
  GtkWindow *window = ct_test_team_window (GTK_WIDGET (page), 1024, 768);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) org = ct_session_get (session, "organisations", org_id, &error);
  g_autoptr(CtRecord) after = NULL;
  gboolean police = g_str_equal (ct_record_get (org, "type"), "politie");
  const char *kept = police ? "050-2222222" : "050-1111111";
  GtkWidget *row, *button;

  g_assert_no_error (error);
  ct_case_page_load (page, session, team->case_id);
  ct_test_wait_case_page (page);
  row = find_conflict_row (GTK_WIDGET (page), kept);
  g_assert_nonnull (row);
  button = ct_test_find_button (row, _("_Use This"));
  /* The organisations' group, below the fold of the page. */
  ct_test_screenshot (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP),
                      "merge-practice-conflict");
  ct_test_click (button);
  ct_test_wait_case_page (page);
  after = ct_session_get (session, "organisations", org_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (after, "contact"), ==, kept);
  gtk_window_destroy (window);
}

static guint
persons_named (CtSession  *session,
               const char *first_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = ct_session_list (session, "persons", "household_id",
                                                  team->household_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < persons->len; i++)
    n += g_strcmp0 (ct_record_get (g_ptr_array_index (persons, i), "first_name"), first_name) == 0;
  return n;
}

/* The toast that ends the merge (not "Merging…"). */
static gboolean
merged_toast_shown (gpointer data)
{
  CtWindow *window = data;
  AdwToast *toast = _ct_window_get_toast (window);

  /* Its title is the window's: the summary shows in a label that wraps. */
  return toast != NULL && !g_str_equal (_ct_window_get_toast_title (window), _("Merging…"));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_merge (void)
{
  CtWindow *window = get_window ();
  CtMergeCopyDialog *dialog;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *trashed = g_build_filename (trash_dir, "files", COPY_NAME, NULL);
  g_autofree char *expected = NULL;
  /* Neither file syncs, so neither value has a stamp: this file's summary
   * stays shown and the copy's is kept as a conflict (docs/sync-merge.md).
   * Of the practice, whichever side's category holds, the other side's
   * type and contact are made again as conflicts; what else the toast
   * says of it depends on which. */
  CtMergeSummary summary = { .added = 1 };
  g_autofree char *added = ct_merge_summary_format (&summary);
  g_autofree char *remade = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u edit kept under its record's new "
                                                          "category",
                                                          "%u edits kept under their records' "
                                                          "new category", 2), 2);
  const char *trash = g_dngettext (GETTEXT_PACKAGE, "The copy is in the trash.",
                                   "The copies are in the trash.", 1);
  const char *toast;

  /* Later: nothing changes, and the copy stays. */
  ct_test_window_unlock (window, team->path, "anna", CT_TEST_PASSPHRASE, 30);
  answer (expect_question ("merge-question"), NULL, "later");
  before = summary_of (window->session);
  g_assert_cmpstr (before, !=, "Versie op de laptop van Bob");
  g_assert_true (g_file_test (copy_path, G_FILE_TEST_EXISTS));

  /* A passphrase that does not open the copy: asked again, with why. */
  ct_test_window_unlock (window, team->path, "anna", CT_TEST_PASSPHRASE, 30);
  answer (expect_question ("merge-question-first"), "niet de goede zin", "merge");
  {
    g_autoptr(GString) text = g_string_new (NULL);
    g_autofree char *problem = g_strdup_printf (_("The passphrase does not open “%s”."),
                                                COPY_NAME);

    dialog = expect_question ("merge-question-again");
    collect_text (GTK_WIDGET (dialog), text);
    g_assert_nonnull (strstr (text->str, problem));
  }

  /* The right one: merged, said, put away. */
  answer (dialog, CT_TEST_PASSPHRASE, "merge");
  ct_test_wait_until (merged_toast_shown, window, 60, "the merge");
  toast = _ct_window_get_toast_title (window);
  g_test_message ("%s", toast);
  /* "Merged: 1 record added." without its full stop, then the rest. */
  expected = g_strndup (added, strlen (added) - 1);
  g_assert_true (g_str_has_prefix (toast, expected));
  g_assert_nonnull (strstr (toast, remade));
  g_assert_true (g_str_has_suffix (toast, trash));
  after = summary_of (window->session);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (conflict_of (window->session), ==, "Versie op de laptop van Bob");
  assert_practice_kept (window->session);
  use_practice_conflict (window->session);
  g_assert_cmpuint (persons_named (window->session, "Lotte"), ==, 1);
  g_assert_false (g_file_test (copy_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (trashed, G_FILE_TEST_EXISTS));
  ct_test_screenshot (window, "merge-done");

  /* Nothing is asked again. The question comes with the unlock, so letting
   * what is queued run is enough to show that it stays away. */
  ct_test_window_unlock (window, team->path, "anna", CT_TEST_PASSPHRASE, 30);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  g_assert_null (find_question ());
  g_assert_cmpuint (persons_named (window->session, "Lotte"), ==, 1);
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

static void
set_field (CtSession  *session,
           const char *table,
           gint64      id,
           const char *field,
           const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, table, id, &error);

  g_assert_no_error (error);
  ct_record_set (record, field, value);
  g_assert_true (ct_session_update (session, record, &error));
  g_assert_no_error (error);
}

/* A GGZ practice of the household (health), in the file before it is
 * copied; @type later: this file makes it a police one (justice). */
static void
edit_practice (const char *type)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (team->path, "anna", CT_TEST_PASSPHRASE, &error);

  g_assert_no_error (error);
  if (type != NULL)
    set_field (session, "organisations", org_id, "type", type);
  else
    {
      g_autoptr(CtRecord) org = ct_record_new ("organisations");

      ct_record_set_int (org, "household_id", team->household_id);
      ct_record_set (org, "name", "Praktijk Noord");
      ct_record_set (org, "type", "ggz");
      ct_record_set (org, "contact", "050-1111111");
      org_id = ct_session_insert (session, org, &error);
      g_assert_no_error (error);
    }
  ct_session_lock (session);
  g_object_unref (session);
}

/* The copy, edited "on Bob's laptop": this device's record of the team is
 * set aside meanwhile, as another laptop would not have it. */
static void
edit_copy_elsewhere (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = g_build_filename (g_get_user_state_dir (), "casustafel", NULL);
  g_autofree char *saved = g_strconcat (state, ".saved", NULL);
  g_autofree char *data = NULL;
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  CtSession *session;
  gsize len;

  g_assert_true (g_file_get_contents (team->path, &data, &len, &error));
  copy_path = g_build_filename (team->dir, COPY_NAME, NULL);
  g_assert_true (g_file_set_contents (copy_path, data, (gssize) len, &error));
  g_assert_cmpint (g_rename (state, saved), ==, 0);

  session = ct_session_unlock (copy_path, "anna", CT_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CtRecord) kase = ct_session_get (session, "cases", team->case_id, &error);

    g_assert_no_error (error);
    ct_record_set (kase, "summary", "Versie op de laptop van Bob");
    g_assert_true (ct_session_update (session, kase, &error));
    g_assert_no_error (error);
  }
  set_field (session, "organisations", org_id, "contact", "050-2222222");
  ct_record_set_int (person, "household_id", team->household_id);
  ct_record_set (person, "first_name", "Lotte");
  ct_record_set (person, "last_name", "Laptop");
  ct_record_set (person, "relation", "kind");
  ct_session_insert (session, person, &error);
  g_assert_no_error (error);
  ct_session_lock (session);
  g_object_unref (session);

  remove_tree (state);
  g_assert_cmpint (g_rename (saved, state), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("ct-merge-data-XXXXXX", &error);
  int ret;

  /* The trash of this test, on the same file system as the team. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  trash_dir = g_build_filename (data_home, "Trash", NULL);
  ct_test_init (&argc, &argv);
  team = ct_test_team_new ();
  edit_practice (NULL);
  edit_copy_elsewhere ();
  edit_practice ("politie");

  app = ct_test_app_new ();
  g_test_add_func ("/merge-copy/offer", test_merge);
  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  ct_test_team_free (team);
  remove_tree (data_home);
  g_free (copy_path);
  g_free (trash_dir);
  return ret;
}
