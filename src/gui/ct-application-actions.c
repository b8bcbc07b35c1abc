/* ct-application-actions.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-application-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-application-private.h"
#include "ct-gui-windows.h"
#include "ct-join-window.h"
#include "ct-new-team-window.h"
#include "ct-preferences-window.h"
#include "ct-window.h"

static gboolean
still_open (GtkApplication *app,
            GtkWindow      *window)
{
  return g_list_find (gtk_application_get_windows (app), window) != NULL;
}

static void
ct_application_actions_quit (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows;

  /* Close rather than g_application_quit(), so each window's close-request
   * runs: that is where an unlocked team file is locked and wiped, and
   * where a window with typed work asks first. The team windows go first:
   * when one of them asks, nothing else closes. The application ends by
   * itself once the last window is gone. A copy, since closing a window
   * changes the application's list. */
  windows = g_list_copy_deep (gtk_application_get_windows (app), (GCopyFunc) g_object_ref, NULL);

  for (const GList *l = windows; l != NULL; l = l->next)
    if (CT_IS_WINDOW (l->data))
      {
        gtk_window_close (l->data);
        if (still_open (app, l->data))
          goto out;
      }
  for (const GList *l = windows; l != NULL; l = l->next)
    if (!CT_IS_WINDOW (l->data) && still_open (app, l->data))
      gtk_window_close (l->data);

out:
  g_list_free_full (windows, g_object_unref);
}

static void
ct_application_actions_about (GSimpleAction *action,
                              GVariant      *param,
                              gpointer       user_data)
{
  CtApplication *self = user_data;
  static const char *developers[] = { "The Casustafel authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", ct_application_get_main_window (self),
                        "modal", TRUE,
                        "application-icon", APPLICATION_ID,
                        "application-name", PACKAGE_NAME,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Casustafel authors"),
                        "developers", developers,
                        "copyright", "© 2026 The Casustafel authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", PACKAGE_WEBSITE,
                        "comments", _("Case meetings for multidisciplinary teams, with each "
                                      "team’s cases kept in one encrypted file on your own "
                                      "computer."),
                        "translator-credits", _("translator-credits"),
                        NULL);

  gtk_window_present (GTK_WINDOW (about));
}

static void
ct_application_actions_preferences (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       user_data)
{
  GtkWindow *window = ct_application_get_main_window (user_data);

  gtk_window_present (GTK_WINDOW (ct_preferences_window_new (window)));
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  CtWindow        *window)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ct_gui_chooser_get_local_path (chooser, response, &error);

  if (path != NULL)
    ct_window_open_file (window, path, NULL);
  else if (error != NULL)
    ct_window_show_toast (window, error->message);

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
ct_application_actions_open (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  GtkWindow *window = ct_application_get_main_window (user_data);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_window_present (window);

  gtk_file_filter_set_name (filter, _("Team files"));
  gtk_file_filter_add_mime_type (filter, "application/x-casustafel");
  gtk_file_filter_add_pattern (filter, "*.casus");

  /* Owned by the response handler, which destroys it. */
  chooser = gtk_file_chooser_native_new (_("Open a Team File"), window,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), window, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A recent file: straight to the unlock page. */
static void
ct_application_actions_open_file (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  GtkWindow *window = ct_application_get_main_window (user_data);

  gtk_window_present (window);
  ct_window_open_file (CT_WINDOW (window), g_variant_get_string (param, NULL), NULL);
}

static void
new_team_created_cb (CtNewTeamWindow *assistant,
                     const char      *path,
                     const char      *login,
                     CtWindow        *window)
{
  ct_window_open_new_team (window, path, login);
}

static void
ct_application_actions_new_team (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  GtkWindow *window = ct_application_get_main_window (user_data);
  CtNewTeamWindow *assistant;

  gtk_window_present (window);

  assistant = ct_new_team_window_new (window);
  g_signal_connect_object (assistant, "created", G_CALLBACK (new_team_created_cb), window, 0);
  gtk_window_present (GTK_WINDOW (assistant));
}

static void
joined_cb (CtJoinWindow *join_window,
           const char   *path,
           const char   *login,
           CtWindow     *window)
{
  ct_window_open_file (window, path, login);
}

/* Join a team from its sync folder (docs/sync-join.md). */
static void
ct_application_actions_join_team (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  GtkWindow *window = ct_application_get_main_window (user_data);
  CtJoinWindow *join_window;

  gtk_window_present (window);

  join_window = ct_join_window_new (window);
  g_signal_connect_object (join_window, "joined", G_CALLBACK (joined_cb), window, 0);
  gtk_window_present (GTK_WINDOW (join_window));
}

/* The user guide (help/, README "Help") opens in the desktop's help browser,
 * which picks the guide in the desktop's language. Without one the app says
 * what is missing instead of failing silently. */
static void
show_help_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GtkWindow *window = GTK_WINDOW (object);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (gtk_show_uri_full_finish (window, result, &error))
    return;

  g_debug ("Opening the help failed: %s", error->message);
  dialog = adw_message_dialog_new (window, _("Could Not Open the Help"),
                                   _("Install the GNOME help browser (Yelp) to read the "
                                     "user guide."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ct_application_show_help:
 * @parent: the window the help is for
 * @topic: (nullable): a page id of the guide (help/C), or %NULL for its index
 *
 * Opens the user guide, at @topic when given.
 */
void
ct_application_show_help (GtkWindow  *parent,
                          const char *topic)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));

  uri = topic != NULL ? g_strconcat ("help:" HELP_ID "/", topic, NULL)
                      : g_strdup ("help:" HELP_ID);
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, show_help_cb, NULL);
}

static GtkWindow *
help_parent (CtApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return window != NULL ? window : ct_application_get_main_window (self);
}

static void
ct_application_actions_help (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  ct_application_show_help (help_parent (user_data), NULL);
}

/* A page's own help button: one topic of the guide, a page id of help/C. */
static void
ct_application_actions_help_topic (GSimpleAction *action,
                                   GVariant      *param,
                                   gpointer       user_data)
{
  ct_application_show_help (help_parent (user_data), g_variant_get_string (param, NULL));
}

static const GActionEntry app_entries[] = {
  { "quit", ct_application_actions_quit },
  { "about", ct_application_actions_about },
  { "preferences", ct_application_actions_preferences },
  { "open", ct_application_actions_open },
  { "open-file", ct_application_actions_open_file, "s" },
  { "new-team", ct_application_actions_new_team },
  { "join-team", ct_application_actions_join_team },
  { "help", ct_application_actions_help },
  { "help-topic", ct_application_actions_help_topic, "s" },
};

static const struct {
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.help", { "F1", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.open", { "<Control>o", NULL } },
  /* One meaning each, so the menus always show the truth: Ctrl+N is the
   * everyday new referral (disabled while locked), a new team is rarer. */
  { "app.new-team", { "<Shift><Control>n", NULL } },
  { "win.new-referral", { "<Control>n", NULL } },
  { "win.lock", { "<Control>l", NULL } },
  { "win.export", { "<Shift><Control>e", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

void
_ct_application_actions_init (CtApplication *self)
{
  g_assert (CT_IS_APPLICATION (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_entries, G_N_ELEMENTS (app_entries),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           app_accels[i].action,
                                           app_accels[i].accels);
}
