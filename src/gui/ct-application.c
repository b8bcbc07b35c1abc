/* ct-application.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-application.h"
#include "ct-window.h"

struct _CtApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CtApplication, ct_application, ADW_TYPE_APPLICATION)

static void
ct_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ct_window_new (CT_APPLICATION (app)));

  gtk_window_present (window);
}

static void
ct_application_class_init (CtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ct_application_activate;
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
