/* ct-cli-export.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-cli-export.h"
#include "ct-export.h"
#include "ct-output.h"

#define MAX_K 1000

static gboolean
parse_count (const CtCliCommand *command,
             const char         *option,
             const char         *text,
             guint              *value,
             int                *exit_status)
{
  guint64 n;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, MAX_K, &n, NULL))
    {
      *exit_status = ct_cli_usage_error (command, _("--%s: give a whole number from 1 to %d"),
                                         option, MAX_K);
      return FALSE;
    }
  *value = (guint) n;
  return TRUE;
}

static void
print_report (const CtExportReport *r,
              const char           *out)
{
  g_autofree char *included = ct_category_dup_display_names (r->categories_included);
  g_autofree char *left_out = ct_category_dup_display_names (r->categories_readable & ~r->categories_included);
  g_autofree char *not_readable = ct_category_dup_display_names (~r->categories_readable
                                                 & ((1u << CT_N_CATEGORIES) - 1));
  g_autofree char *name = g_filename_display_name (out);

  g_print (_("Wrote %s (%s, %s).\n"), name,
           r->profile == CT_EXPORT_AGGREGATE ? _("tables only") : _("one row per case"),
           r->export_month);
  g_print (_("Cases: %u\n"), r->n_cases);
  if (r->profile == CT_EXPORT_MICRODATA)
    {
      g_print (_("Case rows: %u, of which %u with their quasi-identifiers suppressed\n"),
               r->n_case_rows, r->n_rows_suppressed);
      g_print (_("Left out of the rows for want of evaluation consent: %u\n"), r->n_no_consent);
      if (r->previous_export != NULL)
        g_print (_("Consent withdrawn since the previous export under this agreement (%s): %u\n"),
                 r->previous_export, r->n_withdrawn_since);
      g_print (_("k: asked %u, reached %u\n"), r->k, r->k_reached);
      g_print (_("Generalised: %s\n"), r->generalisation);
    }
  g_print (_("Table threshold: %u\n"), r->threshold);
  g_print (_("Cells suppressed: %u under the threshold, %u more so they cannot be recomputed "
             "from totals, %u for l-diversity\n"),
           r->n_cells_primary, r->n_cells_secondary, r->n_cells_diversity);
  g_print (_("Categories included: %s\n"), included);
  if (*not_readable != '\0')
    g_print (_("Left out, your role may not read them: %s\n"), not_readable);
  if (*left_out != '\0')
    g_print (_("Left out, not needed: %s\n"), left_out);
  if (r->fresh_pseudonym_key)
    g_print ("%s\n", _("Pseudonyms: a key for this export only; they cannot be linked to other "
                       "exports."));
}

static int
export_workbook (const CtCliCommand *command,
                 int                 argc,
                 char              **argv)
{
  const char *out = NULL, *profile_name = NULL;
  const char *k_text = NULL, *threshold_text = NULL, *agreement = NULL, *reason = NULL;
  const char *keep = NULL;
  gboolean fresh = FALSE;
  const CtCliOption options[] = {
    { "out", N_("OUT.xlsx"), N_("The workbook to write"), TRUE, &out },
    { "profile", N_("PROFILE"), N_("microdata (one row per case, default) or aggregate "
                                   "(tables only)"), FALSE, &profile_name },
    { "k", N_("K"), N_("Every combination of quasi-identifiers occurs at least K times "
                       "(default: the team’s setting, else 5)"), FALSE, &k_text },
    { "threshold", N_("N"), N_("Table cells with fewer than N cases are suppressed "
                               "(default: the team’s setting, else 10)"), FALSE,
      &threshold_text },
    { "fresh-pseudonyms", NULL, N_("Use pseudonyms that cannot be linked to other exports"),
      FALSE, NULL, &fresh },
    { "agreement", N_("REFERENCE"), N_("The processing agreement the microdata goes under "
                                       "(required for microdata; logged)"), FALSE, &agreement },
    { "keep", N_("COLUMNS"), N_("Quasi-identifiers to generalise last, comma-separated "
                                "(for example area,age)"), FALSE, &keep },
    { "reason", N_("TEXT"), N_("Why k or the threshold is below the team’s default (beheerder "
                               "only; logged)"), FALSE, &reason },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtExportReport) report = NULL;
  CtExportOptions export_options;
  int status;

  ct_export_options_init (&export_options);
  if (!ct_cli_parse_team (command, argc, argv, &team, &status)
      || !parse_count (command, "k", k_text, &export_options.k, &status)
      || !parse_count (command, "threshold", threshold_text, &export_options.threshold, &status))
    return status;
  if (profile_name != NULL && !ct_export_profile_from_string (profile_name,
                                                              &export_options.profile))
    return ct_cli_usage_error (command, _("--profile: give microdata or aggregate"));
  export_options.fresh_pseudonym_key = fresh;
  export_options.agreement = agreement;
  export_options.reason = reason;
  if (keep != NULL)
    {
      g_auto(GStrv) names = g_strsplit (keep, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          CtExportQi qi;

          if (!ct_export_qi_from_string (g_strstrip (names[i]), &qi))
            return ct_cli_usage_error (command, _("--keep: unknown column %s"), names[i]);
          export_options.keep |= 1u << qi;
        }
    }

  /* A target that would destroy data is refused before the passphrase is
   * asked; the core checks again against the open team file. */
  if (!ct_output_check_target (out, NULL, &error))
    return ct_cli_fail (error);
  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if (!ct_export_workbook (session, out, &export_options, &report, NULL, NULL, &error))
    return ct_cli_fail (error);

  print_report (report, out);
  return CT_CLI_EXIT_OK;
}

const CtCliCommand ct_cli_export_commands[] = {
  { "export", N_("FILE --login LOGIN --out OUT.xlsx [--profile microdata|aggregate] [--k K] "
                 "[--threshold N] [--fresh-pseudonyms] [--agreement REFERENCE] [--keep COLUMNS] "
                 "[--reason TEXT]"),
    N_("Write the anonymised workbook for the evaluator"),
    N_("Writes an .xlsx without names, numbers, addresses, exact dates or free text:\n"
       "microdata (pseudonymised rows of the cases with evaluation consent, k-anonymous over\n"
       "every combination of up to three quasi-identifiers, only under a processing\n"
       "agreement) or aggregate (perturbed tables only). Only the categories your role may\n"
       "read go in. The sheet Verantwoording states every rule applied. The export is\n"
       "written to the access log.\n"),
    export_workbook },
  { NULL }
};
