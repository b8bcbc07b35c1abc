/* main.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-application.h"
#include "ct-core.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CtApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  ct_init_gettext ();

  if (!ct_init (&error))
    {
      g_printerr ("casustafel: %s\n", error->message);
      return 1;
    }

  app = ct_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
