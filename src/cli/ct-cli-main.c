/* ct-cli-main.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "ct-core.h"

static const char usage[] =
  N_("Usage: casustafel-cli COMMAND [OPTIONS]\n"
     "\n"
     "Administer Casustafel team files from the command line.\n"
     "\n"
     "Options:\n"
     "  -h, --help       Show this help and exit\n"
     "  --version        Show the version and exit\n");

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!ct_init (&error))
    {
      g_printerr ("casustafel-cli: %s\n", error->message);
      return 1;
    }

  if (argc < 2)
    {
      g_printerr ("%s", _(usage));
      return 2;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print ("%s", _(usage));
      return 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("casustafel-cli %s\n", ct_version ());
      return 0;
    }

  g_printerr (_("casustafel-cli: unknown command “%s”; see casustafel-cli --help\n"), argv[1]);
  return 2;
}
