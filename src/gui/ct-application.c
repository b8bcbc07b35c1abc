/* ct-application.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-application-private.h"
#include "ct-window.h"

struct _CtApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CtApplication, ct_application, ADW_TYPE_APPLICATION)

static void
ct_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (ct_application_parent_class)->startup (app);

  _ct_application_actions_init (CT_APPLICATION (app));
}

static void
ct_application_activate (GApplication *app)
{
  gtk_window_present (ct_application_get_main_window (CT_APPLICATION (app)));
}

static void
ct_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  GtkWindow *window = ct_application_get_main_window (CT_APPLICATION (app));
  g_autofree char *path = n_files > 0 ? g_file_get_path (files[0]) : NULL;

  gtk_window_present (window);

  /* One team at a time per window; a file that is not local (no path) cannot
   * be locked against other writers, so it is not opened. */
  if (path == NULL)
    ct_window_show_toast (CT_WINDOW (window), _("Only team files on this computer or a "
                                                "connected drive can be opened."));
  else
    ct_window_open_file (CT_WINDOW (window), path, NULL);

  if (n_files > 1)
    ct_window_show_toast (CT_WINDOW (window), _("Only the first team file was opened: one "
                                                "team at a time."));
}

static void
ct_application_class_init (CtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = ct_application_startup;
  app_class->activate = ct_application_activate;
  app_class->open = ct_application_open;
}

static void
ct_application_init (CtApplication *self)
{
}

CtApplication *
ct_application_new (void)
{
  return g_object_new (CT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * ct_application_get_main_window:
 * @self: a #CtApplication
 *
 * Returns the window the user last used, creating the first one when there is
 * none (for example when an action arrives from the desktop before any window
 * exists).
 *
 * Returns: (transfer none): a #CtWindow
 */
GtkWindow *
ct_application_get_main_window (CtApplication *self)
{
  GtkWindow *window;

  g_return_val_if_fail (CT_IS_APPLICATION (self), NULL);

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (ct_window_new (self));

  return window;
}
