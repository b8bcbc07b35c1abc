/* ct-test-util.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "ct-application.h"
#include "ct-init.h"
#include "ct-session-private.h"
#include "ct-test-util.h"

/* Generous: a loaded CI machine under Xvfb can take seconds for a first frame. */
#define WAIT_TIMEOUT_SECONDS 20

static char *test_language;

static gboolean
timeout_cb (gpointer data)
{
  g_error ("Timed out waiting for %s", (const char *) data);

  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until *done turns TRUE; a hang is a
 * failure with a message, not a test that never ends. */
static void
iterate_until (const gboolean *done,
               const char     *what)
{
  guint timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, timeout_cb, (gpointer) what);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timeout_id);
}

static gboolean
set_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Takes --lang=XX off the command line, so one binary can run as one test
 * per language: gettext caches what it has looked up, so a process keeps the
 * language it started with. */
static void
take_language_arg (int    *argc,
                   char ***argv)
{
  int out = 0;

  for (int i = 0; i < *argc; i++)
    {
      if (g_str_has_prefix ((*argv)[i], "--lang="))
        {
          g_free (test_language);
          test_language = g_strdup ((*argv)[i] + strlen ("--lang="));
        }
      else
        (*argv)[out++] = (*argv)[i];
    }

  (*argv)[out] = NULL;
  *argc = out;
}

/**
 * ct_test_init:
 *
 * gtk_test_init() plus what every GUI test wants: the language from --lang=
 * (default "en"), no animations, so screenshots show settled widgets,
 * libadwaita, and the core (ct_init()). The font stays fontconfig's
 * default: Cantarell under Xvfb squeezes the spaces between words, which
 * would make the screenshots misleading.
 */
void
ct_test_init (int    *argc,
              char ***argv)
{
  g_autoptr(GError) error = NULL;

  take_language_arg (argc, argv);
  gtk_test_init (argc, argv, NULL);

  ct_test_set_language (test_language != NULL ? test_language : "en");
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  adw_init ();
  g_assert_true (ct_init (&error));
  g_assert_no_error (error);
}

/**
 * ct_test_app_new:
 *
 * The application as a GUI test drives it: not unique, so that a test
 * never hands its work to a Casustafel already running, and registered.
 * Drop it with ct_test_app_free().
 *
 * Returns: (transfer full): the application
 */
CtApplication *
ct_test_app_new (void)
{
  g_autoptr(GError) error = NULL;
  CtApplication *app = ct_application_new ();

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

/**
 * ct_test_app_free:
 * @app: an application from ct_test_app_new()
 *
 * Closes the application's windows and drops it.
 */
void
ct_test_app_free (CtApplication *app)
{
  GtkWindow *window;

  while ((window = gtk_application_get_active_window (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (window);
  g_object_unref (app);
}

const char *
ct_test_get_language (void)
{
  return test_language != NULL ? test_language : "en";
}

/**
 * ct_test_set_language:
 * @lang: a language code such as "nl"
 *
 * Translates through the .mo files in the build tree. The locale must not be
 * plain "C": gettext ignores LANGUAGE there.
 */
void
ct_test_set_language (const char *lang)
{
  if (lang != test_language)
    {
      g_free (test_language);
      test_language = g_strdup (lang);
    }
  g_setenv ("LANGUAGE", lang, TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  bindtextdomain (GETTEXT_PACKAGE, CT_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* Runs the main loop for @ms milliseconds: ct_test_wait_until()'s poll
 * between two looks at its condition. Not for the tests themselves, which
 * wait on a condition, never for a fixed time. */
static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_done_cb, &done);
  iterate_until (&done, "a timer");
}

/**
 * ct_test_wait_until:
 * @seconds: how long before the test fails, naming @what
 *
 * Iterates the main context until @predicate holds.
 */
void
ct_test_wait_until (CtTestPredicate predicate,
                    gpointer        data,
                    guint           seconds,
                    const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      wait_ms (20);
    }
}

typedef struct
{
  guint ticks;
  guint want;
} Ticks;

static gboolean
tick_cb (gpointer data)
{
  ((Ticks *) data)->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
ticked (gpointer data)
{
  const Ticks *t = data;

  return t->ticks >= t->want;
}

/**
 * ct_test_wait_ticks:
 * @n: how many times the timeout must fire
 * @what: what runs meanwhile, for the message when it does not
 *
 * Returns once a 1 ms timeout has fired @n times: the main loop goes on
 * while a worker is held (a read in progress, a write queued behind it).
 */
void
ct_test_wait_ticks (guint       n,
                    const char *what)
{
  Ticks t = { 0, n };
  guint id = g_timeout_add (1, tick_cb, &t);

  ct_test_wait_until (ticked, &t, 20, what);
  g_source_remove (id);
}

/**
 * ct_test_wait_main_loop:
 * @what: what runs meanwhile, for the message when it does not
 *
 * ct_test_wait_ticks() three times.
 */
void
ct_test_wait_main_loop (const char *what)
{
  ct_test_wait_ticks (3, what);
}

/**
 * ct_test_button_text:
 *
 * Returns: (nullable): the text of @button's first label: its own, or
 *   "Saving…" while ct_saving_begin() holds it
 */
const char *
ct_test_button_text (GtkWidget *button)
{
  for (GtkWidget *child = gtk_widget_get_first_child (button); child != NULL;
       child = gtk_widget_get_first_child (child))
    {
      GtkWidget *label = child;

      while (label != NULL && !GTK_IS_LABEL (label))
        label = gtk_widget_get_next_sibling (label);
      if (label != NULL)
        return gtk_label_get_label (GTK_LABEL (label));
    }
  return NULL;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/**
 * ct_test_settled:
 *
 * A predicate for ct_test_wait_until(): the default main context has
 * nothing ready to dispatch, so what an action set off (handlers, idles,
 * a dialog's response) has run.
 */
gboolean
ct_test_settled (gpointer unused)
{
  return !g_main_context_pending (NULL);
}

static gboolean
chooser_has_no_path (gpointer chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  return file == NULL || !g_file_is_native (file);
}

/**
 * ct_test_answer_no_path:
 * @chooser: the save chooser a page or dialog asked with
 *
 * Answers @chooser as for a file not on this computer, such as one in a
 * network location the chooser offers: it has no path. Without gvfs the
 * chooser cannot open such a location, so it answers Accept with no file
 * name in it, which gives the owner the same answer. Returns once the
 * answer has been handled; @chooser may be gone by then.
 */
void
ct_test_answer_no_path (GtkFileChooserNative *chooser)
{
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "");
  ct_test_wait_until (chooser_has_no_path, chooser, 20, "the chooser to have no path");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the chooser to settle");
  /* As the chooser answers once the member pressed Save or Export. */
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the answer to be handled");
}

/**
 * ct_test_no_toplevel:
 * @type: (type GType): a window type, passed with GSIZE_TO_POINTER()
 *
 * A predicate for ct_test_wait_until(): no window of @type is open.
 */
gboolean
ct_test_no_toplevel (gpointer type)
{
  return ct_test_find_toplevel ((GType) GPOINTER_TO_SIZE (type)) == NULL;
}

/**
 * ct_test_wait_for_draw:
 *
 * Returns once @widget is mapped and its frame clock has painted a frame
 * that includes it.
 */
void
ct_test_wait_for_draw (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  ct_test_wait_until (is_mapped, widget, WAIT_TIMEOUT_SECONDS, "a widget to be mapped");

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  iterate_until (&painted, "a frame");
  g_signal_handler_disconnect (clock, handler);
}

/**
 * ct_test_scroll_to_end:
 *
 * Scrolls the scrolled window that holds @widget to its end, once the
 * window has drawn (so that its height is known): what ends a page in
 * view for a screenshot.
 */
void
ct_test_scroll_to_end (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  ct_test_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

/**
 * ct_test_save_screenshot:
 * @widget: a widget in a shown window, usually the window itself
 * @name: file name, such as "welcome-en.png"
 *
 * Renders @widget as it is now with its window's own renderer and saves it
 * as a PNG in $G_TEST_BUILDDIR (or the current folder), for people to look at.
 */
void
ct_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  int width, height;

  ct_test_wait_for_draw (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  path = g_build_filename (dir != NULL ? dir : ".", name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

/* Depth first, so a test finds the button on screen by what it does rather
 * than by its place in the template. */
GtkWidget *
ct_test_find_actionable (GtkWidget  *root,
                         const char *action_name)
{
  if (GTK_IS_ACTIONABLE (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ct_test_find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first widget of @type under @root, depth first. */
GtkWidget *
ct_test_find_widget (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ct_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A button by what it says, such as a message dialog's response: "_Plan",
 * with its mnemonic, in the test's language. */
GtkWidget *
ct_test_find_button (GtkWidget  *root,
                     const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ct_test_find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether a person can see @widget: it is mapped, so it and every widget
 * above it are visible, each is its parent's shown child (a GtkStack's or
 * AdwViewStack's visible page, an open popover) and its window is on
 * screen. gtk_widget_get_visible() says none of that: a hidden stack
 * page's widgets are visible. */
static gboolean
is_shown (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget);
}

static GtkWidget *
find_action (GtkWidget  *root,
             const char *action,
             GVariant   *target)
{
  GVariant *value;

  if (!is_shown (root))
    return NULL;
  if (GTK_IS_ACTIONABLE (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0
      && (target == NULL
          || ((value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root))) != NULL
              && g_variant_equal (value, target))))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action (child, action, target);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * ct_test_find_action:
 * @target: (nullable): the action target the widget must have, or %NULL
 *   for any
 *
 * Returns: (nullable): the first actionable widget under @root that is
 *   shown (is_shown()) with @action and @target: what a person can press
 */
GtkWidget *
ct_test_find_action (GtkWidget  *root,
                     const char *action,
                     GVariant   *target)
{
  g_autoptr(GVariant) sunk = target != NULL ? g_variant_ref_sink (target) : NULL;

  return find_action (root, action, sunk);
}

/* The widget named @name (gtk_widget_set_name()) among what @root shows,
 * depth first: a widget not shown (is_shown()) and all under it offer
 * nothing. */
GtkWidget *
ct_test_find_shown (GtkWidget  *root,
                    const char *name)
{
  if (!is_shown (root))
    return NULL;
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ct_test_find_shown (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
contains (const char *text,
          const char *needle)
{
  return text != NULL && strstr (text, needle) != NULL;
}

/* Whether @widget itself holds @needle in a text it shows: a label, an
 * entry, a text view, the title or subtitle of a row, a group, a status
 * page or a window. */
static gboolean
holds_text (GtkWidget  *widget,
            const char *needle)
{
  if (GTK_IS_LABEL (widget))
    return contains (gtk_label_get_text (GTK_LABEL (widget)), needle);
  if (GTK_IS_EDITABLE (widget) && contains (gtk_editable_get_text (GTK_EDITABLE (widget)), needle))
    return TRUE;
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      return contains (text, needle);
    }
  if (ADW_IS_PREFERENCES_ROW (widget)
      && contains (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), needle))
    return TRUE;
  if (ADW_IS_ACTION_ROW (widget))
    return contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), needle);
  if (ADW_IS_PREFERENCES_GROUP (widget))
    return contains (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), needle)
           || contains (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget)),
                        needle);
  if (ADW_IS_STATUS_PAGE (widget))
    return contains (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), needle)
           || contains (adw_status_page_get_description (ADW_STATUS_PAGE (widget)), needle);
  if (ADW_IS_WINDOW_TITLE (widget))
    return contains (adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), needle)
           || contains (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)), needle);
  if (GTK_IS_WINDOW (widget))
    return contains (gtk_window_get_title (GTK_WINDOW (widget)), needle);
  return FALSE;
}

static gboolean
tree_search (GtkWidget  *root,
             const char *needle,
             gboolean    shown_only)
{
  if (shown_only && !is_shown (root))
    return FALSE;
  if (holds_text (root, needle))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (tree_search (child, needle, shown_only))
      return TRUE;

  return FALSE;
}

/* Whether a text under @root has @needle, in what a person sees
 * (is_shown()): a hidden section, a stack's other pages and a window not
 * presented have nothing to say. */
gboolean
ct_test_tree_contains (GtkWidget  *root,
                       const char *needle)
{
  return tree_search (root, needle, TRUE);
}

/* Whether a text under @root has @needle, shown or hidden: for what must
 * be gone altogether, such as what was typed into a closed form. */
gboolean
ct_test_tree_holds (GtkWidget  *root,
                    const char *needle)
{
  return tree_search (root, needle, FALSE);
}

/* How many preferences groups shown under @root have @title, and when
 * @row_title is not NULL, that text under them. */
guint
ct_test_count_groups (GtkWidget  *root,
                      const char *title,
                      const char *row_title)
{
  guint n = 0;

  if (!is_shown (root))
    return 0;
  if (ADW_IS_PREFERENCES_GROUP (root)
      && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0
      && (row_title == NULL || ct_test_tree_contains (root, row_title)))
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += ct_test_count_groups (child, title, row_title);

  return n;
}

/* The first row of @type (#AdwPreferencesRow or a subclass of it) under
 * @root titled @title, or %NULL. */
gpointer
ct_test_find_row (GtkWidget  *root,
                  GType       type,
                  const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gpointer found = ct_test_find_row (child, type, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first preferences group shown under @root with @title. */
AdwPreferencesGroup *
ct_test_find_group (GtkWidget  *root,
                    const char *title)
{
  if (!is_shown (root))
    return NULL;
  if (ADW_IS_PREFERENCES_GROUP (root)
      && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0)
    return ADW_PREFERENCES_GROUP (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwPreferencesGroup *group = ct_test_find_group (child, title);

      if (group != NULL)
        return group;
    }

  return NULL;
}

/* The message dialog on screen with @heading, or any when @heading is
 * NULL; an answered one may linger a moment, hidden. With @newest_first,
 * of several the one opened last: the question on top. */
AdwMessageDialog *
ct_test_find_message_dialog (const char *heading,
                             gboolean    newest_first)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint k = 0; k < n; k++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, newest_first ? n - 1 - k : k);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window))
          && (heading == NULL
              || g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)),
                            heading) == 0))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* What a click on a response button of @dialog does: answer, then close
 * (a no-op once the response's handler destroyed it). */
void
ct_test_answer (gpointer    dialog,
                const char *response)
{
  g_object_ref (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

/* @weak points at a dialog, and is cleared when it is finalized. */
static gboolean
dialog_gone (gpointer weak)
{
  GtkWidget *dialog = *(GtkWidget **) weak;

  return dialog == NULL || !gtk_widget_get_visible (dialog);
}

/* As a click on the dialog's button: answer, then close, and wait until the
 * dialog is off screen and what the answer set off has run. */
void
ct_test_answer_and_wait (AdwMessageDialog *dialog,
                         const char       *response)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  ct_test_wait_until (dialog_gone, &weak, 20, "the question to close");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the answer to be handled");
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (dialog), &weak);
}

/* The first toplevel window of @type, such as an about window just opened. */
GtkWindow *
ct_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

/* What our own content provider holds as text; %NULL when the clipboard
 * is empty (this process's content only: no round trip to the display). */
char *
ct_test_clipboard_text (GdkClipboard *clipboard)
{
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
  g_auto(GValue) value = G_VALUE_INIT;

  if (content == NULL)
    return NULL;

  g_value_init (&value, G_TYPE_STRING);
  if (!gdk_content_provider_get_value (content, &value, NULL))
    return NULL;

  return g_value_dup_string (&value);
}
