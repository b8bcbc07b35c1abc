/* ct-cli-demo.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-cli-demo.h"
#include "ct-demo.h"

#define MAX_HOUSEHOLDS 100000
#define DEFAULT_SEED   1
#define QUIET_BELOW    1000  /* households written without progress lines */

static gboolean
parse_number (const CtCliCommand *command,
              const char         *option,
              const char         *text,
              guint64             max,
              guint64            *value,
              int                *exit_status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, value, &error))
    {
      *exit_status = ct_cli_usage_error (command, _("--%s: give a whole number from 0 to %llu"),
                                         option, (unsigned long long) max);
      return FALSE;
    }
  return TRUE;
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  if (total >= QUIET_BELOW)
    g_printerr (_("%u of %u households written\n"), done, total);
}

static void
print_logins (void)
{
  const char * const *logins = ct_demo_get_logins ();
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; logins[i] != NULL; i++)
    g_string_append_printf (line, "%s%s", i > 0 ? ", " : "", logins[i]);

  g_print ("%s\n", _("Logins (one per role, and the beheerder):"));
  g_print ("  %s\n", line->str);
}

static int
demo_create (const CtCliCommand *command,
             int                 argc,
             char              **argv)
{
  const char *path = NULL, *households_text = NULL, *seed_text = NULL;
  const CtCliArgument arguments[] = { { N_("FILE"), &path }, { NULL } };
  const CtCliOption options[] = {
    { "households", N_("N"), N_("How many households to invent (default 50)"), FALSE,
      &households_text },
    { "seed", N_("S"), N_("The same seed gives the same households (default 1)"), FALSE,
      &seed_text },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  guint64 households = CT_DEMO_DEFAULT_HOUSEHOLDS, seed = DEFAULT_SEED;
  int status;

  if (!ct_cli_parse (command, argc, argv, arguments, options, &status)
      || !parse_number (command, "households", households_text, MAX_HOUSEHOLDS, &households,
                        &status)
      || !parse_number (command, "seed", seed_text, G_MAXUINT32, &seed, &status))
    return status;

  if (!ct_cli_check_absent (path, _("A file with this name already exists."), &error))
    return ct_cli_fail (error);

  g_printerr ("%s\n", _("Creating the demo team; enrolling its members takes a while…"));
  if (!ct_demo_create (path, (guint) households, (guint32) seed, progress_cb, NULL, &error))
    return ct_cli_fail (error);

  g_print (_("Created the demo team “%s” with %u households.\n"), CT_DEMO_TEAM_NAME,
           (guint) households);
  print_logins ();
  g_print (_("Every passphrase is “%s”. This is demo data only: everyone knows these "
             "passphrases, so never enter real people’s data in this file.\n"),
           CT_DEMO_PASSPHRASE);
  return CT_CLI_EXIT_OK;
}

const CtCliCommand ct_cli_demo_commands[] = {
  { "demo", N_("FILE [--households N] [--seed S]"),
    N_("Create a demo team with invented households"),
    N_("Creates “Expertteam Zonnewijzer (demo)”: a member per role whose login is the role’s\n"
       "name, and the beheerder “beheerder”; every passphrase is “demo”. Every person,\n"
       "address and organisation is invented; BSNs come from the range kept for tests. The\n"
       "same seed gives the same households. Demo data only.\n"),
    demo_create },
  { NULL }
};
