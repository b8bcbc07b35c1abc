/* ct-cli-main.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-core.h"
#include "ct-cli-decide.h"
#include "ct-cli-demo.h"
#include "ct-cli-export.h"
#include "ct-cli-data.h"
#include "ct-cli-involve.h"
#include "ct-cli-member.h"
#include "ct-cli-sync.h"
#include "ct-cli-util.h"
#include "ct-cli-vault.h"

/* Every command group, in the order --help lists them. A new group is a
 * file of its own with a NULL-terminated table, and one line here. */
static const CtCliCommand *const groups[] = {
  ct_cli_vault_commands,
  ct_cli_member_commands,
  ct_cli_data_commands,
  ct_cli_decide_commands,
  ct_cli_involve_commands,
  ct_cli_demo_commands,
  ct_cli_export_commands,
  ct_cli_sync_commands,
};

static const char usage_intro[] =
  N_("Usage: casustafel-cli COMMAND [OPTIONS]\n"
     "\n"
     "Administer Casustafel team files from the command line.\n");

static const char usage_outro[] =
  N_("Options:\n"
     "  -h, --help       Show this help and exit\n"
     "  --version        Show the version and exit\n"
     "\n"
     "Run “casustafel-cli COMMAND --help” for the options of a command.\n"
     "\n"
     "Passphrases, recovery keys and enrolment codes are asked on the terminal without\n"
     "echo; with --passphrase-stdin or --recovery-key-stdin each answer is one line of\n"
     "standard input. A recovery key, enrolment code or raw key that is shown is always\n"
     "alone on its line.\n"
     "\n"
     "Roles: %s.\n"
     "\n"
     "Exit status: 0 on success, 1 when the operation is refused or fails, 2 for a\n"
     "usage error. Errors are one line on standard error.\n");

static gboolean
command_matches (const CtCliCommand *command,
                 int                 argc,
                 char              **argv,
                 int                *n_words)
{
  g_auto(GStrv) words = g_strsplit (command->name, " ", -1);
  int n = (int) g_strv_length (words);

  if (n >= argc)
    return FALSE;

  for (int i = 0; i < n; i++)
    if (!g_str_equal (words[i], argv[1 + i]))
      return FALSE;

  *n_words = n;
  return TRUE;
}

static const CtCliCommand *
find_command (int    argc,
              char **argv,
              int   *n_words)
{
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (const CtCliCommand *command = groups[g]; command->name != NULL; command++)
      if (command_matches (command, argc, argv, n_words))
        return command;

  return NULL;
}

/* Lists the commands whose name starts with @prefix, or all of them. */
static gboolean
append_commands (GString    *text,
                 const char *prefix)
{
  gboolean any = FALSE;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (const CtCliCommand *command = groups[g]; command->name != NULL; command++)
      {
        if (prefix != NULL && !g_str_has_prefix (command->name, prefix))
          continue;
        g_string_append_printf (text, "  %s %s\n      %s\n", command->name,
                                _(command->synopsis), _(command->summary));
        any = TRUE;
      }

  return any;
}

static void
print_usage (gboolean    to_stderr,
             const char *group)
{
  g_autoptr(GString) text = g_string_new (_(usage_intro));
  g_autofree char *prefix = group != NULL ? g_strconcat (group, " ", NULL) : NULL;
  g_autofree char *roles = ct_cli_list_roles ();

  g_string_append_printf (text, "\n%s\n", _("Commands:"));
  append_commands (text, prefix);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _(usage_outro), roles);

  if (to_stderr)
    g_printerr ("%s", text->str);
  else
    g_print ("%s", text->str);
}

/* Whether @word is the first word of a command of several words. */
static gboolean
is_group (const char *word)
{
  g_autofree char *prefix = g_strconcat (word, " ", NULL);
  g_autoptr(GString) ignored = g_string_new (NULL);

  return append_commands (ignored, prefix);
}

static int
run_unknown (int    argc,
             char **argv)
{
  if (!is_group (argv[1]))
    {
      g_printerr (_("casustafel-cli: unknown command “%s”; see casustafel-cli --help\n"), argv[1]);
      return CT_CLI_EXIT_USAGE;
    }

  if (argc > 2 && (g_str_equal (argv[2], "--help") || g_str_equal (argv[2], "-h")))
    {
      print_usage (FALSE, argv[1]);
      return CT_CLI_EXIT_OK;
    }

  if (argc > 2)
    g_printerr (_("casustafel-cli: unknown command “%s %s”; see casustafel-cli --help\n"),
                argv[1], argv[2]);
  else
    g_printerr (_("casustafel-cli: “%s” needs a command; see casustafel-cli --help\n"), argv[1]);

  return CT_CLI_EXIT_USAGE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const CtCliCommand *command;
  int n_words = 0;

  ct_init_gettext ();

  if (!ct_init (&error))
    return ct_cli_fail (error);

  if (argc < 2)
    {
      print_usage (TRUE, NULL);
      return CT_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage (FALSE, NULL);
      return CT_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("casustafel-cli %s\n", ct_version ());
      return CT_CLI_EXIT_OK;
    }

  command = find_command (argc, argv, &n_words);
  if (command == NULL)
    return run_unknown (argc, argv);

  return command->run (command, argc - 1 - n_words, argv + 1 + n_words);
}
