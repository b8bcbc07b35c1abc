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
#include "ct-window.h"

static void
ct_application_actions_quit (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  GList *windows;

  /* Close rather than g_application_quit(), so each window's close-request
   * runs: that is where an unlocked team file will be locked and wiped. The
   * application ends by itself once the last window is gone. A copy, since
   * closing a window changes the application's list. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (user_data)),
                              (GCopyFunc) g_object_ref, NULL);

  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);

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

/* Team files arrive with the team-file work; until then the buttons say so
 * honestly instead of opening a chooser that leads nowhere. */
static void
ct_application_actions_open (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  GtkWindow *window = ct_application_get_main_window (user_data);

  gtk_window_present (window);
  ct_window_show_toast (CT_WINDOW (window), _("Opening team files is not available yet"));
}

static void
ct_application_actions_new_team (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  GtkWindow *window = ct_application_get_main_window (user_data);

  gtk_window_present (window);
  ct_window_show_toast (CT_WINDOW (window), _("Creating a team is not available yet"));
}

static const GActionEntry app_entries[] = {
  { "quit", ct_application_actions_quit },
  { "about", ct_application_actions_about },
  { "open", ct_application_actions_open },
  { "open-file", ct_application_actions_open, "s" },
  { "new-team", ct_application_actions_new_team },
};

static const struct {
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.open", { "<Control>o", NULL } },
  { "app.new-team", { "<Control>n", NULL } },
  { "win.lock", { "<Control>l", NULL } },
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
