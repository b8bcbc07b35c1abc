/* ct-window-session.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window's unlocked team file: opening, unlocking, and every way it
 * locks again (the lock action, closing, idle time, the screensaver, the
 * session locking, the file being replaced on disk). */

#define G_LOG_DOMAIN "ct-window-session"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-clipboard.h"
#include "ct-export-window.h"
#include "ct-first-steps-dialog.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-main-page.h"
#include "ct-meeting-run-view.h"
#include "ct-new-team-window.h"
#include "ct-preferences-window.h"
#include "ct-referral-window.h"
#include "ct-retention.h"
#include "ct-unlock-page.h"
#include "ct-window-private.h"

/* Beyond this a list of recent files is a list to search. */
#define MAX_RECENT_FILES 10

#define SCREENSAVER_NAME "org.gnome.ScreenSaver"
#define LOGIN1_NAME      "org.freedesktop.login1"

/* Only paths are remembered: never a team name or a login. */
static void
add_recent_file (CtWindow   *self,
                 const char *path)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_FILES; i++)
    {
      if (g_str_equal (old[i], path))
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }

  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) recent);
}

static void
note_input (CtWindow *self)
{
  self->last_input_monotonic = g_get_monotonic_time ();
  self->last_input_real = g_get_real_time ();
}

/* The monotonic clock stops while the laptop sleeps and the wall clock may
 * jump; idle time is the larger of the two, so a night asleep counts. */
static gint64
idle_seconds (CtWindow *self)
{
  gint64 monotonic = g_get_monotonic_time () - self->last_input_monotonic;
  gint64 real = g_get_real_time () - self->last_input_real;

  return MAX (monotonic, real) / G_USEC_PER_SEC;
}

static void
show_replaced_dialog (CtWindow   *self,
                      const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                              _("The Team File Was Replaced"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
tick_cb (gpointer user_data)
{
  _ct_window_session_tick (user_data);

  return G_SOURCE_CONTINUE;
}

/* The question, and the session it was asked for: only compared, never
 * followed, so it cannot dangle. */
typedef struct
{
  CtWindow  *window;
  CtSession *session;
} PurgeQuestion;

static void
purge_question_free (gpointer  data,
                     GClosure *closure)
{
  g_free (data);
}

static void
purge_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   PurgeQuestion    *question)
{
  CtWindow *self = question->window;
  CtSession *session = question->session;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_households = 0;

  /* Locked, or another team opened, while the question was open. */
  if (!g_str_equal (response, "purge") || self->session == NULL || self->session != session)
    return;
  if (!ct_session_purge (session, &n_households, NULL, &error))
    {
      message = g_strdup_printf (_("Could not anonymise: %s"), error->message);
      ct_window_show_toast (self, message);
      return;
    }
  /* Every page shows the anonymised households afresh. */
  ct_main_page_set_session (CT_MAIN_PAGE (self->main_page), session);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u household anonymised",
                                          "%u households anonymised", n_households),
                             n_households);
  ct_window_show_toast (self, message);
}

static GtkWidget *
purge_list_new (GPtrArray *due)
{
  const CtField *term = ct_table_get_field (ct_schema_get_table ("cases"), "retention");
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < due->len; i++)
    {
      CtPurgeItem *item = g_ptr_array_index (due, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Case %s"), item->case_number);
      g_autofree char *ended = ct_gui_format_date (item->ended_on);
      /* Translators: "Wmo: 15 years after closing · ended on 5 January 2026" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · ended on %s"),
                                                   ct_gui_enum_label (term, item->term), ended);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  return scrolled;
}

/* A beheerder who unlocks a team in which retention terms have ended is
 * asked to anonymise those households now; "Later" asks again at the
 * next unlock (docs/retention.md). Only case numbers and terms are shown:
 * the question names no one. */
static void
ask_purge (CtWindow  *self,
           CtSession *session,
           GPtrArray *due)
{
  AdwMessageDialog *dialog;
  PurgeQuestion *question;
  GClosure *closure;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Retention Terms Ended"), NULL));
  adw_message_dialog_format_body (dialog,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "The retention term of %u household has ended. "
                                               "Anonymising removes names, addresses, free text "
                                               "and every category’s information, and keeps the "
                                               "figures the evaluator needs. It cannot be undone.",
                                               "The retention terms of %u households have ended. "
                                               "Anonymising removes names, addresses, free text "
                                               "and every category’s information, and keeps the "
                                               "figures the evaluator needs. It cannot be undone.",
                                               due->len),
                                  due->len);
  adw_message_dialog_set_extra_child (dialog, purge_list_new (due));
  ct_gui_add_destructive_responses (dialog, "later", _("_Later"), "purge", _("_Anonymise"));
  question = g_new0 (PurgeQuestion, 1);
  question->window = self;
  question->session = session;
  /* As g_signal_connect_object(): no answer once the window is gone. */
  closure = g_cclosure_new (G_CALLBACK (purge_response_cb), question, purge_question_free);
  g_object_watch_closure (G_OBJECT (self), closure);
  g_signal_connect_closure (dialog, "response", closure, FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* In a worker, with a reader of the session: general fields only. */
static gpointer
read_purge_due_cb (CtSession     *reader,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return ct_session_list_purge_due (reader, error);
}

static void
purge_due_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CtWindow *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = ct_session_read_finish (CT_SESSION (source), result, &error);

  /* Cancelled: the team locked, or the window went. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->purge_checking);
  if (self->session != CT_SESSION (source))
    return;
  if (due == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not check the retention terms: %s"),
                                                  error->message);

      ct_window_show_toast (self, message);
      return;
    }
  if (due->len > 0)
    ask_purge (self, self->session, due);
}

static void
cancel_purge_check (CtWindow *self)
{
  g_clear_signal_handler (&self->purge_wait_id, self->main_page);
  if (self->purge_checking != NULL)
    g_cancellable_cancel (self->purge_checking);
  g_clear_object (&self->purge_checking);
}

static void
start_purge_check (CtWindow *self)
{
  self->purge_checking = g_cancellable_new ();
  ct_session_read_async (self->session, read_purge_due_cb, NULL,
                         (GDestroyNotify) g_ptr_array_unref, self->purge_checking,
                         purge_due_read_cb, self);
}

static void
cases_loading_cb (CtWindow *self)
{
  if (ct_main_page_get_cases_loading (CT_MAIN_PAGE (self->main_page)))
    return;
  g_clear_signal_handler (&self->purge_wait_id, self->main_page);
  if (self->session != NULL)
    start_purge_check (self);
}

/* The check reads every case of the team, so it runs in a worker
 * (ct_session_read_async()), once the case list has read its cases: the
 * file's rollback journal makes a write wait for every reader, and the
 * list's first rows wait for the write of their log entry, so a check
 * beside them held those rows back (docs/robustness.md, "A busy team
 * file"). The question comes when it is done, and not at all after a lock. */
static void
offer_purge (CtWindow  *self,
             CtSession *session)
{
  cancel_purge_check (self);
  if (ct_session_is_read_only (session) || !ct_session_may_purge (session))
    return;
  if (ct_main_page_get_cases_loading (CT_MAIN_PAGE (self->main_page)))
    self->purge_wait_id = g_signal_connect_swapped (self->main_page, "notify::cases-loading",
                                                    G_CALLBACK (cases_loading_cb), self);
  else
    start_purge_check (self);
}

static void
start_session (CtWindow  *self,
               CtSession *session)
{
  g_set_object (&self->session, session);
  ct_main_page_set_session (CT_MAIN_PAGE (self->main_page), session);
  _ct_window_set_action_enabled (self, "lock", TRUE);
  _ct_window_set_action_enabled (self, "new-referral", TRUE);
  _ct_window_set_action_enabled (self, "export", TRUE);
  _ct_window_set_action_enabled (self, "change-passphrase", !ct_session_is_recovery (session));

  note_input (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add_seconds (CT_WINDOW_TICK_SECONDS, tick_cb, self);

  add_recent_file (self, ct_session_get_path (session));
  _ct_window_show_page (self, "team");

  /* What the file allows, said at once (docs/robustness.md). */
  if (ct_session_is_read_only (session))
    ct_window_show_toast (self, _("Read-only team file: changes and logged reads are refused"));
  else if (ct_session_rekey_is_pending (session))
    ct_window_show_toast (self, _("A removed member’s re-key waits for free disk space"));
  offer_purge (self, session);
}

static void
first_steps_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CtWindow         *self)
{
  CtMainPage *main_page = CT_MAIN_PAGE (self->main_page);

  if (self->session == NULL)
    return;
  if (g_str_equal (response, "members"))
    ct_main_page_activate_on_page (main_page, "team", "admin.add-member");
  else if (g_str_equal (response, "areas"))
    ct_main_page_activate_on_page (main_page, "team", "admin.add-area");
  else if (g_str_equal (response, "meeting"))
    ct_main_page_activate_on_page (main_page, "meetings", "meetings.plan");
}

void
_ct_window_show_first_steps (CtWindow *self)
{
  GtkWidget *dialog = ct_first_steps_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "response", G_CALLBACK (first_steps_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Once per team made in this window, at its first unlock. */
static void
offer_first_steps (CtWindow  *self,
                   CtSession *session)
{
  if (self->first_steps_path == NULL
      || !g_str_equal (self->first_steps_path, ct_session_get_path (session)))
    return;
  g_clear_pointer (&self->first_steps_path, g_free);
  _ct_window_show_first_steps (self);
}

static void
unlocked_cb (CtWindow  *self,
             CtSession *session)
{
  start_session (self, session);
  offer_first_steps (self, session);
  _ct_window_offer_merge (self, session, NULL);
}

static void
busy_changed_cb (CtWindow *self)
{
  /* Recompute what the page allows, such as going back. */
  _ct_window_show_page (self, _ct_window_get_page_name (self));
}

/* Any key, click or pointer move in the window is someone at the keyboard.
 * Only a timestamp is kept: re-arming a timer on every motion event would
 * cost more than the periodic tick that reads it. */
static gboolean
input_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                CtWindow                 *self)
{
  note_input (self);

  return GDK_EVENT_PROPAGATE;
}

static void
screensaver_active_cb (CtWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  gboolean active = FALSE;

  if (app != NULL)
    g_object_get (app, "screensaver-active", &active, NULL);
  if (active)
    _ct_window_lock (self);
}

static void
screensaver_signal_cb (GDBusConnection *connection,
                       const char      *sender,
                       const char      *path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  gboolean active = FALSE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &active);
  if (active)
    _ct_window_lock (user_data);
}

static void
login1_lock_cb (GDBusConnection *connection,
                const char      *sender,
                const char      *path,
                const char      *interface,
                const char      *signal,
                GVariant        *parameters,
                gpointer         user_data)
{
  _ct_window_lock (user_data);
}

/* logind's object path for a session id, escaped as sd-bus does. */
static char *
login1_session_path (const char *id)
{
  GString *path = g_string_new ("/org/freedesktop/login1/session/");

  for (const char *p = id; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p) || (p != id && g_ascii_isdigit (*p)))
        g_string_append_c (path, *p);
      else
        g_string_append_printf (path, "_%02x", (guchar) *p);
    }

  return g_string_free (path, FALSE);
}

static void
system_bus_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);
  CtWindow *self;

  /* Without a system bus (a container, the tests) the other locks remain. */
  if (bus == NULL)
    {
      g_debug ("No system bus, so no logind lock signal: %s", error->message);
      return;
    }

  self = user_data;
  self->system_bus = bus;
  path = login1_session_path (g_getenv ("XDG_SESSION_ID"));
  self->login1_subscription =
    g_dbus_connection_signal_subscribe (bus, LOGIN1_NAME, "org.freedesktop.login1.Session",
                                        "Lock", path, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        login1_lock_cb, self, NULL);
}

/* GTK 4.8's file chooser answers an operation the chooser's end cancelled
 * (the lock destroys every chooser) with "The folder contents could not
 * be displayed: Operation was cancelled", made after its dialog is gone
 * and so over no window. Our own messages are AdwMessageDialogs: while
 * the window is locked, a toolkit message over no window is such a late
 * one, and goes as the windows the lock closed did. */
static gboolean
close_late_messages_cb (gpointer user_data)
{
  CtWindow *self = user_data;
  GList *windows;

  if (self->session != NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return G_SOURCE_REMOVE;
  windows = gtk_window_list_toplevels ();
  g_list_foreach (windows, (GFunc) g_object_ref, NULL);
  for (const GList *l = windows; l != NULL; l = l->next)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      if (GTK_IS_MESSAGE_DIALOG (l->data) && gtk_window_get_transient_for (l->data) == NULL)
        {
          g_debug ("Closing a toolkit message shown over no window after the lock");
          gtk_window_destroy (l->data);
        }
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  g_list_free_full (windows, g_object_unref);
  return G_SOURCE_REMOVE;
}

/* A window is added to the toplevels before it is made: it is looked at
 * once it is. */
static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added,
                      CtWindow   *self)
{
  if (added > 0 && self->session == NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT, close_late_messages_cb, g_object_ref (self),
                     g_object_unref);
}

void
_ct_window_session_init (CtWindow *self)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  g_assert (CT_IS_WINDOW (self));

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (input_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (self->unlock_page, "unlocked", G_CALLBACK (unlocked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->unlock_page, "notify::busy", G_CALLBACK (busy_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (toplevels_changed_cb), self, 0);

  /* The application, and with it the session bus, is set after init. */
  g_signal_connect (self, "notify::application", G_CALLBACK (_ct_window_session_watch_bus), NULL);
}

/**
 * _ct_window_session_watch_bus:
 *
 * Locks when the screensaver starts, in three ways since desktops differ:
 * GtkApplication's screensaver-active, GNOME's ScreenSaver signal on the
 * session bus, and logind's Lock for this session on the system bus.
 */
void
_ct_window_session_watch_bus (CtWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_assert (CT_IS_WINDOW (self));

  if (app == NULL || self->session_bus != NULL || self->bus_cancellable != NULL)
    return;

  if (app != NULL)
    {
      g_signal_connect_object (app, "notify::screensaver-active",
                               G_CALLBACK (screensaver_active_cb), self, G_CONNECT_SWAPPED);
      self->session_bus = g_application_get_dbus_connection (G_APPLICATION (app));
    }

  if (self->session_bus != NULL)
    {
      g_object_ref (self->session_bus);
      self->screensaver_subscription =
        g_dbus_connection_signal_subscribe (self->session_bus, SCREENSAVER_NAME, SCREENSAVER_NAME,
                                            "ActiveChanged", "/org/gnome/ScreenSaver", NULL,
                                            G_DBUS_SIGNAL_FLAGS_NONE, screensaver_signal_cb,
                                            self, NULL);
    }

  if (g_getenv ("XDG_SESSION_ID") != NULL)
    {
      self->bus_cancellable = g_cancellable_new ();
      g_bus_get (G_BUS_TYPE_SYSTEM, self->bus_cancellable, system_bus_ready_cb, self);
    }
}

void
_ct_window_session_dispose (CtWindow *self)
{
  g_assert (CT_IS_WINDOW (self));

  _ct_window_lock (self);

  g_cancellable_cancel (self->bus_cancellable);
  g_clear_object (&self->bus_cancellable);
  if (self->screensaver_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->session_bus, self->screensaver_subscription);
  if (self->login1_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->login1_subscription);
  self->screensaver_subscription = self->login1_subscription = 0;
  g_clear_object (&self->session_bus);
  g_clear_object (&self->system_bus);
  g_clear_weak_pointer (&self->meeting_view);
  g_clear_weak_pointer (&self->close_dialog);
  g_clear_weak_pointer (&self->presence_dialog);
  g_clear_pointer (&self->first_steps_path, g_free);
}

/* Windows that never show a team's data: the window of another team file,
 * preferences, about, keyboard shortcuts, and the assistant making a new
 * team, whose recovery key is that new team's and shown only once. */
static gboolean
holds_no_team (GtkWindow *window)
{
  return CT_IS_WINDOW (window) || CT_IS_PREFERENCES_WINDOW (window)
         || ADW_IS_ABOUT_WINDOW (window) || GTK_IS_SHORTCUTS_WINDOW (window)
         || CT_IS_NEW_TEAM_WINDOW (window);
}

/* Whether @window may show this window's team: it is opened over it,
 * directly or over one of its dialogs, or over no window at all (the
 * projector, which goes on a screen of its own). */
static gboolean
shows_team (CtWindow  *self,
            GtkWindow *window)
{
  if (window == GTK_WINDOW (self))
    return FALSE;
  for (GtkWindow *w = window; w != NULL; w = gtk_window_get_transient_for (w))
    {
      if (w == GTK_WINDOW (self))
        return TRUE;
      if (holds_no_team (w))
        return FALSE;
    }
  return TRUE;
}

/* Whether @widget is, or holds, a text a person could be typing. */
static gboolean
takes_text (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_is_sensitive (widget))
    return FALSE;
  if ((GTK_IS_EDITABLE (widget) && gtk_editable_get_editable (GTK_EDITABLE (widget)))
      || (GTK_IS_TEXT_VIEW (widget) && gtk_text_view_get_editable (GTK_TEXT_VIEW (widget))))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (takes_text (child))
      return TRUE;

  return FALSE;
}

/* Whether a form over the team is open: what it holds is not stored, and
 * the lock drops it. A file chooser is no such form, nor the export
 * window, whose options are not kept anyway. */
static gboolean
form_open (CtWindow *self)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (const GList *l = windows; l != NULL; l = l->next)
    if (shows_team (self, l->data) && !GTK_IS_FILE_CHOOSER_DIALOG (l->data)
        && !CT_IS_EXPORT_WINDOW (l->data) && takes_text (l->data))
      return TRUE;

  return FALSE;
}

/* After the pages have closed what they opened, whatever is left over the
 * team goes too: a person at the laptop sees the unlock page alone. A
 * native file chooser's dialog belongs to its chooser, which destroys it:
 * it is cancelled, so that the chooser's owner lets it go. */
static void
close_team_windows (CtWindow *self)
{
  GList *windows = gtk_window_list_toplevels ();

  /* Destroying one window can destroy another of the list with it. */
  g_list_foreach (windows, (GFunc) g_object_ref, NULL);
  for (const GList *l = windows; l != NULL; l = l->next)
    {
      GtkWindow *window = l->data;

      if (!shows_team (self, window))
        continue;
      g_debug ("Closing a %s left open over the team", G_OBJECT_TYPE_NAME (window));
      if (GTK_IS_FILE_CHOOSER_DIALOG (window))
        {
          gtk_dialog_response (GTK_DIALOG (window), GTK_RESPONSE_CANCEL);
          gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
        }
      else
        gtk_window_destroy (window);
    }
  g_list_free_full (windows, g_object_unref);
}

/**
 * _ct_window_lock:
 *
 * Wipes the session's keys and every trace of the team in the window and
 * in the windows opened over it (dialogs, file choosers, the projector),
 * and shows the unlock page for the same file with the login kept.
 */
void
_ct_window_lock (CtWindow *self)
{
  g_autofree char *path = NULL;
  g_autofree char *login = NULL;
  gboolean discarded;

  g_assert (CT_IS_WINDOW (self));

  /* Nothing read for the retention question is shown or logged after. */
  cancel_purge_check (self);
  if (self->session == NULL)
    return;

  /* Locking always wins, even over unsaved changes or an open form; it
   * says so after. */
  discarded = _ct_window_has_typed_work (self) || form_open (self);

  path = g_strdup (ct_session_get_path (self->session));
  login = g_strdup (ct_session_get_login (self->session));

  ct_session_lock (self->session);
  g_clear_object (&self->session);
  /* A BSN or enrolment code copied from the team goes with it. */
  ct_clipboard_clear_team_secrets ();
  g_clear_handle_id (&self->tick_id, g_source_remove);
  _ct_window_set_action_enabled (self, "lock", FALSE);
  _ct_window_set_action_enabled (self, "new-referral", FALSE);
  _ct_window_set_action_enabled (self, "export", FALSE);
  _ct_window_set_action_enabled (self, "change-passphrase", FALSE);
  /* Its preview is team data too. */
  if (self->export_window != NULL)
    gtk_window_destroy (self->export_window);

  /* The pages close what they opened; then the safety net. */
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    ct_main_page_set_session (CT_MAIN_PAGE (self->main_page), NULL);
  close_team_windows (self);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  ct_unlock_page_set_file (CT_UNLOCK_PAGE (self->unlock_page), path, login);
  _ct_window_show_page (self, "unlock");
  if (discarded)
    ct_window_show_toast (self, _("The team file was locked; unsaved changes were discarded"));
}

static gboolean
lock_cb (gpointer user_data)
{
  if (!gtk_widget_in_destruction (user_data))
    _ct_window_lock (user_data);
  return G_SOURCE_REMOVE;
}

static void
presence_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CtWindow         *self)
{
  /* The lock destroys every window over the team, this question too, so
   * it waits until the question has closed itself. */
  if (g_str_equal (response, "lock"))
    g_idle_add_full (G_PRIORITY_DEFAULT, lock_cb, g_object_ref (self), g_object_unref);
  else
    note_input (self);
}

/* The chair answers for being there; the idle time starts again. Until
 * then the meeting stays as it is (docs/meetings.md says why that is safe). */
static void
ask_presence (CtWindow *self)
{
  GtkWidget *dialog;

  if (self->presence_dialog != NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Still in the Meeting?"),
                                   _("Casustafel has not been used for a while. A meeting is "
                                     "running, so the team file stays unlocked and nothing typed "
                                     "is lost. Lock it if you are leaving the laptop."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "lock", _("_Lock Now"),
                                    "here", _("_Continue Meeting"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "here",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "here");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "here");
  g_signal_connect_object (dialog, "response", G_CALLBACK (presence_response_cb), self, 0);
  g_set_weak_pointer (&self->presence_dialog, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * _ct_window_has_typed_work:
 *
 * Whether something typed over the unlocked team would be lost by locking
 * or closing: a case being edited with changes, a referral being filled
 * in, or advice, notes or actions of the meeting item under discussion.
 */
gboolean
_ct_window_has_typed_work (CtWindow *self)
{
  g_autoptr(GList) windows = NULL;

  g_assert (CT_IS_WINDOW (self));

  if (self->session == NULL)
    return FALSE;
  if (ct_main_page_get_unsaved (CT_MAIN_PAGE (self->main_page)))
    return TRUE;
  if (self->meeting_view != NULL
      && ct_meeting_run_view_get_unsaved (CT_MEETING_RUN_VIEW (self->meeting_view)))
    return TRUE;

  windows = gtk_window_list_toplevels ();
  for (const GList *l = windows; l != NULL; l = l->next)
    if (CT_IS_REFERRAL_WINDOW (l->data) && shows_team (self, l->data)
        && ct_referral_window_get_unsaved (l->data))
      return TRUE;

  return FALSE;
}

/**
 * _ct_window_session_tick:
 *
 * What the periodic timer does while a file is unlocked: lock when the file
 * was replaced on disk (and say why), or when nobody touched the window
 * for auto-lock-minutes.
 */
void
_ct_window_session_tick (CtWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint minutes;

  g_assert (CT_IS_WINDOW (self));

  if (self->session == NULL)
    return;

  if (!ct_session_check_file (self->session, &error))
    {
      _ct_window_lock (self);
      show_replaced_dialog (self, error->message);
      return;
    }

  minutes = g_settings_get_uint (self->settings, "auto-lock-minutes");
  if (idle_seconds (self) < (gint64) minutes * 60)
    return;

  /* A chair listening to the table touches nothing for minutes: during a
   * meeting the idle lock asks instead of throwing the run away. */
  if (self->meeting_view != NULL)
    ask_presence (self);
  else
    _ct_window_lock (self);
}

/* For the tests: as if the last input was @seconds ago. */
void
_ct_window_pretend_idle (CtWindow *self,
                         guint     seconds)
{
  g_assert (CT_IS_WINDOW (self));

  note_input (self);
  self->last_input_monotonic -= (gint64) seconds * G_USEC_PER_SEC;
  self->last_input_real -= (gint64) seconds * G_USEC_PER_SEC;
}

/**
 * ct_window_open_new_team:
 * @path: the team file just made
 * @login: the founder's login
 *
 * Like ct_window_open_file(), and the first unlock of @path in this window
 * then shows the first steps: add members, set areas, plan a meeting.
 */
void
ct_window_open_new_team (CtWindow   *self,
                         const char *path,
                         const char *login)
{
  g_return_if_fail (CT_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_free (self->first_steps_path);
  self->first_steps_path = g_strdup (path);
  ct_window_open_file (self, path, login);
}

/**
 * ct_window_open_file:
 * @self: a #CtWindow
 * @path: a team file
 * @login: (nullable): the login to fill in
 *
 * Shows the unlock page for @path. A file already unlocked here stays so;
 * another one that is unlocked is locked first: one team at a time.
 */
void
ct_window_open_file (CtWindow   *self,
                     const char *path,
                     const char *login)
{
  g_return_if_fail (CT_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *name = g_filename_display_basename (path);
      g_autofree char *message = g_strdup_printf (_("“%s” was not found. It may have been "
                                                    "moved or renamed, or be on a drive that "
                                                    "is not connected."), name);

      ct_window_show_toast (self, message);
      return;
    }

  if (self->session != NULL && g_str_equal (ct_session_get_path (self->session), path))
    {
      _ct_window_show_page (self, "team");
      return;
    }

  _ct_window_lock (self);
  ct_unlock_page_set_file (CT_UNLOCK_PAGE (self->unlock_page), path, login);
  _ct_window_show_page (self, "unlock");
}
