/* ct-window.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-gui-windows.h"
#include "ct-main-page.h"
#include "ct-export-window.h"
#include "ct-passphrase-dialog.h"
#include "ct-unlock-page.h"
#include "ct-welcome-page.h"
#include "ct-window-private.h"

G_DEFINE_FINAL_TYPE (CtWindow, ct_window, ADW_TYPE_APPLICATION_WINDOW)

/* Pages on which the header bar sits flat on the page, as over a status
 * page; pages with content of their own get the usual separated bar. */
static const char * const flat_pages[] = { "welcome", "unlock", NULL };

static void
toast_dismissed_cb (CtWindow *self,
                    AdwToast *toast)
{
  if (self->toast == toast)
    g_clear_weak_pointer (&self->toast);
}

static void
ct_window_actions_lock (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  _ct_window_lock (CT_WINDOW (user_data));
}

/* From the unlock page back to the start; nothing is open there. */
static void
ct_window_actions_back (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  CtWindow *self = CT_WINDOW (user_data);

  ct_unlock_page_reset (CT_UNLOCK_PAGE (self->unlock_page));
  _ct_window_show_page (self, "welcome");
}

static void
ct_window_actions_new_referral (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  CtWindow *self = CT_WINDOW (user_data);

  gtk_widget_activate_action (self->main_page, "casework.new-referral", NULL);
}

/* One export window at a time, over the unlocked team. */
static void
ct_window_actions_export (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  CtWindow *self = CT_WINDOW (user_data);

  g_return_if_fail (self->session != NULL);

  if (self->export_window == NULL)
    g_set_weak_pointer (&self->export_window,
                        GTK_WINDOW (ct_export_window_new (GTK_WINDOW (self), self->session)));
  gtk_window_present (self->export_window);
}

/* One's own passphrase; not for the recovery key, which has none. */
static void
ct_window_actions_change_passphrase (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  CtWindow *self = CT_WINDOW (user_data);

  g_return_if_fail (self->session != NULL);

  gtk_window_present (GTK_WINDOW (ct_passphrase_dialog_new (GTK_WINDOW (self), self->session)));
}

/* Window actions live in the window's GActionMap rather than being installed
 * on the class, so that their enabled state can be read back through
 * GActionGroup by the tests and by the code that owns the session. */
static const GActionEntry win_entries[] = {
  { "lock", ct_window_actions_lock },
  { "back", ct_window_actions_back },
  { "new-referral", ct_window_actions_new_referral },
  { "export", ct_window_actions_export },
  { "change-passphrase", ct_window_actions_change_passphrase },
};

void
_ct_window_set_action_enabled (CtWindow   *self,
                               const char *name,
                               gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
ct_window_bind_settings (CtWindow *self)
{
  self->settings = g_settings_new (APPLICATION_ID);

  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);
}

static gboolean
close_cb (gpointer user_data)
{
  if (!gtk_widget_in_destruction (user_data))
    gtk_window_close (user_data);
  return G_SOURCE_REMOVE;
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   CtWindow         *self)
{
  if (!g_str_equal (response, "discard"))
    return;
  /* Closing locks, and the lock destroys every window over the team, this
   * question too, so it waits until the question has closed itself. */
  self->close_confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT, close_cb, g_object_ref (self), g_object_unref);
}

static void
ask_before_closing (CtWindow *self)
{
  GtkWidget *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard What You Typed?"),
                                   _("Some of what you typed has not been stored yet. Closing "
                                     "locks the team file, and what was not stored cannot be "
                                     "recovered."));
  ct_gui_add_destructive_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep Working"),
                                    "discard", _("_Discard and Close"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  g_set_weak_pointer (&self->close_dialog, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Closing the window is leaving the computer: lock first, after asking
 * when that would throw away something typed. */
static gboolean
ct_window_close_request (GtkWindow *window)
{
  CtWindow *self = CT_WINDOW (window);

  if (!self->close_confirmed && _ct_window_has_typed_work (self))
    {
      ask_before_closing (self);
      return TRUE;
    }
  self->close_confirmed = FALSE;
  _ct_window_lock (self);

  return GTK_WINDOW_CLASS (ct_window_parent_class)->close_request (window);
}

static void
ct_window_dispose (GObject *object)
{
  CtWindow *self = CT_WINDOW (object);

  _ct_window_session_dispose (self);
  g_clear_weak_pointer (&self->toast);
  g_clear_pointer (&self->toast_title, g_free);
  g_clear_weak_pointer (&self->export_window);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ct_window_parent_class)->dispose (object);
}

static void
ct_window_class_init (CtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ct_window_dispose;
  window_class->close_request = ct_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ct-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CtWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CtWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CtWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CtWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CtWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, CtWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, CtWindow, main_page);

  g_type_ensure (CT_TYPE_WELCOME_PAGE);
  g_type_ensure (CT_TYPE_UNLOCK_PAGE);
  g_type_ensure (CT_TYPE_MAIN_PAGE);
}

static void
ct_window_init (CtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   win_entries, G_N_ELEMENTS (win_entries),
                                   self);
  _ct_window_set_action_enabled (self, "lock", FALSE);
  _ct_window_set_action_enabled (self, "new-referral", FALSE);
  _ct_window_set_action_enabled (self, "export", FALSE);
  _ct_window_set_action_enabled (self, "change-passphrase", FALSE);

  ct_window_bind_settings (self);
  _ct_window_session_init (self);
  _ct_window_show_page (self, "welcome");
}

CtWindow *
ct_window_new (CtApplication *app)
{
  return g_object_new (CT_TYPE_WINDOW, "application", app, NULL);
}

/**
 * ct_window_set_meeting_view:
 * @self: a #CtWindow
 * @run_view: (nullable): the meeting run view now on screen, or %NULL
 *
 * Tells the window that a meeting is being run in it, so that closing asks
 * about typed advice, the idle lock asks whether the chair is still there
 * rather than locking the meeting away, and the sidebar makes room.
 */
void
ct_window_set_meeting_view (CtWindow  *self,
                            GtkWidget *run_view)
{
  g_return_if_fail (CT_IS_WINDOW (self));
  g_return_if_fail (run_view == NULL || GTK_IS_WIDGET (run_view));

  if (run_view != self->meeting_view && !gtk_widget_in_destruction (self->main_page))
    ct_main_page_set_sidebar_collapsed (CT_MAIN_PAGE (self->main_page), run_view != NULL);
  g_set_weak_pointer (&self->meeting_view, run_view);
}

/**
 * ct_window_show_toast:
 * @self: a #CtWindow
 * @title: the message, already translated
 *
 * Shows a short message at the bottom of the window. A newer message replaces
 * the one on screen rather than queueing behind it: it answers what the user
 * just did.
 */
void
ct_window_show_toast (CtWindow   *self,
                      const char *title)
{
  AdwToast *toast;

  g_return_if_fail (CT_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);

  toast = adw_toast_new (title);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->toast, toast);
  g_free (self->toast_title);
  self->toast_title = g_strdup (title);

  /* The overlay takes the only reference. */
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * ct_window_show_toast_in:
 * @widget: a widget of a #CtWindow, or of no window yet
 * @title: the message, already translated
 *
 * ct_window_show_toast() in the window @widget is in; a widget in no
 * #CtWindow (a page shown on its own) shows nothing.
 */
void
ct_window_show_toast_in (GtkWidget  *widget,
                         const char *title)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (CT_IS_WINDOW (root))
    ct_window_show_toast (CT_WINDOW (root), title);
}

void
_ct_window_show_page (CtWindow   *self,
                      const char *name)
{
  g_assert (CT_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, name);

  /* The team page brings its own headers, one over each of its panes. */
  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), !g_str_equal (name, "team"));

  /* Over a status page the page's own big title says it already. */
  if (g_strv_contains (flat_pages, name))
    gtk_widget_add_css_class (GTK_WIDGET (self->header_bar), "flat");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->header_bar), "flat");
  gtk_widget_set_visible (GTK_WIDGET (self->window_title), !g_strv_contains (flat_pages, name));

  gtk_widget_set_visible (self->back_button, g_str_equal (name, "unlock"));
  _ct_window_set_action_enabled (self, "back", g_str_equal (name, "unlock")
                                 && !ct_unlock_page_get_busy (CT_UNLOCK_PAGE (self->unlock_page)));
}

const char *
_ct_window_get_page_name (CtWindow *self)
{
  g_assert (CT_IS_WINDOW (self));

  return gtk_stack_get_visible_child_name (self->stack);
}

AdwToast *
_ct_window_get_toast (CtWindow *self)
{
  g_assert (CT_IS_WINDOW (self));

  return self->toast;
}

/* The title of the last toast ct_window_show_toast() showed, on screen or
 * gone since, or %NULL. */
const char *
_ct_window_get_toast_title (CtWindow *self)
{
  g_assert (CT_IS_WINDOW (self));

  return self->toast_title;
}
