/* ct-export-model.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook, anonymising: from the plain, already coarsened
 * rows that ct-export-gather.c read, k-anonymity over the case rows,
 * l-diversity on health and justice, and every table with its primary and
 * secondary suppression, with the report of what was done. Touches no
 * session, so it runs in a GTask thread; ct-export-workbook.c writes what
 * it decided. */

#define G_LOG_DOMAIN "ct-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-export-private.h"

#define MAX_SUPPRESSED_SHARE 0.05

const char * const _ct_export_sheet_names[] = {
  "Casussen", "ZRM", "Advies en acties", "Hulpverleners", "Maatwerkbudget", "Doorbraken",
  "Grafieken", "Verantwoording", NULL,
};

void
_ct_export_model_free (gpointer mem)
{
  ExModel *m = mem;

  if (m == NULL)
    return;
  ct_anon_k_result_clear (&m->k);
  g_free (m->diversity);
  g_clear_pointer (&m->status, ct_anon_table_free);
  g_clear_pointer (&m->outcome, ct_anon_table_free);
  g_clear_pointer (&m->age_size, ct_anon_table_free);
  g_clear_pointer (&m->area, ct_anon_table_free);
  g_clear_pointer (&m->months, ct_anon_table_free);
  g_clear_pointer (&m->zrm, ct_anon_table_free);
  g_clear_pointer (&m->actions, ct_anon_table_free);
  g_clear_pointer (&m->orgs, ct_anon_table_free);
  g_clear_pointer (&m->budget, ct_anon_table_free);
  g_clear_pointer (&m->rule_scope, ct_anon_table_free);
  g_clear_pointer (&m->door_status, ct_anon_table_free);
  g_clear_pointer (&m->month_labels, g_ptr_array_unref);
  g_free (m);
}

/* ---- anonymising --------------------------------------------------------- */

static gboolean
is_sensitive_domain (guint domain)
{
  CtCategory c = ct_zrm_domain_category (domain);

  return c == CT_CATEGORY_HEALTH || c == CT_CATEGORY_JUSTICE;
}

/* 1–2 problematic, 3 limited, 4–5 self-sufficient. */
static int
score_band (int score)
{
  return score <= 0 ? -1 : score <= 2 ? 0 : score == 3 ? 1 : 2;
}

static void
anonymise_rows (ExData *data,
                ExModel  *m)
{
  guint n = data->cases->len;
  g_autofree CtAnonQi *qi = g_new (CtAnonQi, MAX (n, 1));
  g_autofree int *values = g_new (int, MAX (n, 1));
  g_autofree guint8 *suppress = g_new (guint8, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    qi[i] = _ct_export_case (data, i)->qi;
  ct_anon_k_anonymise (qi, n, data->options.k, MAX_SUPPRESSED_SHARE, &m->k);
  m->drop_rows = n < data->options.k;

  m->diversity = g_new0 (guint8, (gsize) MAX (n, 1) * CT_ZRM_N_DOMAINS);
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      if (!m->domain_in[d] || !is_sensitive_domain (d))
        continue;
      for (guint i = 0; i < n; i++)
        values[i] = score_band (_ct_export_case (data, i)->zrm_intake[d]);
      ct_anon_l_diversity (&m->k, n, values, suppress);
      for (guint i = 0; i < n; i++)
        if (suppress[i])
          {
            ExCase *c = _ct_export_case (data, i);

            m->diversity[i * CT_ZRM_N_DOMAINS + d] = TRUE;
            /* intake, latest and change */
            m->report->n_cells_diversity += 1 + (c->zrm_latest[d] > 0) * 2;
          }
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static guint
month_row (ExModel      *m,
           const char *month)
{
  for (guint i = 0; i < m->month_labels->len; i++)
    if (g_str_equal (g_ptr_array_index (m->month_labels, i), month))
      return i;
  g_assert_not_reached ();
}

static void
build_case_tables (ExData *data,
                   ExModel  *m)
{
  guint n_areas = data->areas->len;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  m->status = ct_anon_table_new (_ct_export_n_enum ("cases", "status"), 1, FALSE, TRUE);
  m->outcome = ct_anon_table_new (_ct_export_n_enum ("cases", "outcome"), 1, FALSE, TRUE);
  m->age_size = m->identity ? ct_anon_table_new (CT_AGE_N_BANDS + 1, CT_SIZE_N_BANDS + 1, TRUE, TRUE)
                            : ct_anon_table_new (1, CT_SIZE_N_BANDS + 1, TRUE, FALSE);
  m->area = ct_anon_table_new (n_areas + 1, 1, FALSE, TRUE);
  m->month_labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < data->cases->len; i++)
    {
      ExCase *c = _ct_export_case (data, i);

      if (c->referral_month[0] != '\0' && !g_hash_table_contains (seen, c->referral_month))
        {
          g_hash_table_add (seen, c->referral_month);
          g_ptr_array_add (m->month_labels, g_strdup (c->referral_month));
        }
    }
  g_ptr_array_sort (m->month_labels, compare_strings);
  m->months = ct_anon_table_new (MAX (m->month_labels->len, 1), 1, FALSE, TRUE);

  for (guint i = 0; i < data->cases->len; i++)
    {
      ExCase *c = _ct_export_case (data, i);

      if (c->status >= 0)
        ct_anon_table_add (m->status, (guint) c->status, 0, i, 1);
      if (c->outcome >= 0)
        ct_anon_table_add (m->outcome, (guint) c->outcome, 0, i, 1);
      ct_anon_table_add (m->age_size, m->identity ? c->qi.age : 0, c->qi.size, i, 1);
      ct_anon_table_add (m->area, MIN (c->qi.area, n_areas), 0, i, 1);
      if (c->referral_month[0] != '\0')
        ct_anon_table_add (m->months, month_row (m, c->referral_month), 0, i, 1);
    }
}

static void
build_zrm_table (ExData *data,
                 ExModel  *m)
{
  double sums[CT_ZRM_N_DOMAINS][3] = { { 0 } };

  m->zrm = ct_anon_table_new (CT_ZRM_N_DOMAINS, 3, TRUE, FALSE);
  for (guint i = 0; i < data->cases->len; i++)
    {
      ExCase *c = _ct_export_case (data, i);

      for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
        {
          int change = c->zrm_latest[d] - c->zrm_intake[d];

          if (!m->domain_in[d] || c->zrm_intake[d] == 0 || c->zrm_latest[d] == 0)
            continue;
          ct_anon_table_add (m->zrm, d, change > 0 ? 0 : change == 0 ? 1 : 2, i, 1);
          sums[d][0] += c->zrm_intake[d];
          sums[d][1] += c->zrm_latest[d];
          sums[d][2] += change;
        }
    }
  ct_anon_table_protect (m->zrm, data->options.threshold);
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      guint n = ct_anon_table_get_basis (m->zrm, d, 3);

      for (int j = 0; j < 3; j++)
        m->zrm_means[d][j] = n > 0 ? sums[d][j] / n : 0;
    }
}

static void
build_tables (ExData *data,
              ExModel  *m)
{
  guint n_types = _ct_export_n_enum ("actions", "partner_type");

  m->actions = ct_anon_table_new (n_types + 1, EX_N_ACTION_STATES, TRUE, TRUE);
  for (guint i = 0; i < data->actions->len; i++)
    {
      ExAction *a = &g_array_index (data->actions, ExAction, i);

      ct_anon_table_add (m->actions, a->partner_type, a->state, a->case_index, 1);
    }

  /* Pairs of a count and its yearly cost: all cases at intake; closed
   * cases at intake and at closing. */
  m->orgs = ct_anon_table_new (n_types + 1, 6, FALSE, TRUE);
  for (guint c = 0; c < 6; c += 2)
    ct_anon_table_link (m->orgs, c, c + 1);
  for (guint i = 0; i < data->organisations->len; i++)
    {
      ExOrganisation *o = &g_array_index (data->organisations, ExOrganisation, i);
      gboolean closed = _ct_export_case (data, o->case_index)->orgs_close >= 0;
      guint r = o->partner_type;

      for (guint c = 0; c < 6; c += 2)
        if ((c == 0 && o->at_intake) || (c == 2 && closed && o->at_intake)
            || (c == 4 && o->at_close))
          {
            ct_anon_table_add (m->orgs, r, c, o->case_index, 1);
            ct_anon_table_add (m->orgs, r, c + 1, o->case_index, o->cost_cents);
          }
    }

  m->budget = ct_anon_table_new (_ct_export_n_enum ("expenses", "purpose"), 2, FALSE, TRUE);
  ct_anon_table_link (m->budget, 0, 1);
  for (guint i = 0; i < data->expenses->len; i++)
    {
      ExExpense *e = &g_array_index (data->expenses, ExExpense, i);

      ct_anon_table_add (m->budget, e->purpose, 0, e->case_index, 1);
      ct_anon_table_add (m->budget, e->purpose, 1, e->case_index, ct_anon_round (e->cents, 10));
    }

  m->rule_scope = ct_anon_table_new (EX_N_RULE_TYPES, _ct_export_n_enum ("doorbraken", "scope") + 1, TRUE,
                                     TRUE);
  m->door_status = ct_anon_table_new (_ct_export_n_enum ("doorbraken", "status"), 1, FALSE, TRUE);
  for (guint i = 0; i < data->doorbraken->len; i++)
    {
      ExDoorbraak *b = &g_array_index (data->doorbraken, ExDoorbraak, i);
      guint scope = b->scope >= 0 ? (guint) b->scope : _ct_export_n_enum ("doorbraken", "scope");

      ct_anon_table_add (m->rule_scope, b->rule_type, scope, b->case_index, 1);
      ct_anon_table_add (m->door_status, b->status, 0, b->case_index, 1);
    }
}

static void
protect (ExModel       *m,
         CtAnonTable *table,
         guint        threshold)
{
  ct_anon_table_protect (table, threshold);
  m->report->n_cells_primary += ct_anon_table_get_n_primary (table);
  m->report->n_cells_secondary += ct_anon_table_get_n_secondary (table);
}

static char **
coarsening_rules (void)
{
  const char *rules[] = {
    N_("Date of birth → age band at referral (0–17, 18–26, 27–44, 45–64, 65+)"),
    N_("Dates → month, or days since the referral"),
    N_("Postcode → the team’s area"),
    N_("Household size → 1, 2, 3–4, 5+"),
    N_("Yearly costs rounded to € 100, budget lines to € 10"),
  };
  GStrvBuilder *builder = g_strv_builder_new ();
  char **out;

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    g_strv_builder_add (builder, _(rules[i]));
  out = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return out;
}

static char *
describe_level (CtAnonLevel level,
                gboolean    aggregate)
{
  if (aggregate)
    return g_strdup (_("None: tables only"));
  switch (level)
    {
    case CT_ANON_LEVEL_NONE:
      return g_strdup (_("None needed"));
    case CT_ANON_LEVEL_AGE_MERGED:
      return g_strdup (_("Age bands merged to 0–26, 27–64, 65+"));
    case CT_ANON_LEVEL_NO_AREA:
      return g_strdup (_("Age bands merged; area left out"));
    case CT_ANON_LEVEL_NO_SEX:
    default:
      return g_strdup (_("Age bands merged; area and sex left out"));
    }
}

/**
 * _ct_export_anonymise:
 * @model: (out): what _ct_export_write() writes
 *
 * Returns: (transfer full): the report
 */
CtExportReport *
_ct_export_anonymise (ExData   *data,
                      gpointer *model)
{
  CtExportReport *report = g_new0 (CtExportReport, 1);
  ExModel *m = g_new0 (ExModel, 1);
  gboolean aggregate = data->options.profile == CT_EXPORT_AGGREGATE;
  g_autoptr(GStrvBuilder) sheets = g_strv_builder_new ();
  guint threshold = data->options.threshold;

  m->report = report;
  m->identity = (data->readable & (1u << CT_CATEGORY_IDENTITY)) != 0;
  report->profile = data->options.profile;
  report->k = data->options.k;
  report->threshold = threshold;
  report->n_cases = data->cases->len;
  report->fresh_pseudonym_key = data->options.fresh_pseudonym_key;
  report->categories_readable = data->readable;
  report->categories_included = 1u << CT_CATEGORY_GENERAL;
  report->export_month = g_strdup (data->export_month);
  report->coarsened = coarsening_rules ();
  if (m->identity)
    report->categories_included |= 1u << CT_CATEGORY_IDENTITY;
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      m->domain_in[d] = (data->readable & (1u << ct_zrm_domain_category (d))) != 0;
      if (m->domain_in[d])
        report->categories_included |= 1u << ct_zrm_domain_category (d);
    }

  anonymise_rows (data, m);
  build_zrm_table (data, m);
  build_tables (data, m);
  m->report->n_cells_primary += ct_anon_table_get_n_primary (m->zrm);
  m->report->n_cells_secondary += ct_anon_table_get_n_secondary (m->zrm);
  protect (m, m->actions, threshold);
  protect (m, m->orgs, threshold);
  protect (m, m->budget, threshold);
  if (aggregate)
    {
      build_case_tables (data, m);
      protect (m, m->status, threshold);
      protect (m, m->outcome, threshold);
      protect (m, m->age_size, threshold);
      protect (m, m->area, threshold);
      protect (m, m->months, threshold);
      protect (m, m->rule_scope, threshold);
      protect (m, m->door_status, threshold);
      report->k_reached = threshold;
    }
  else
    {
      report->k_reached = m->drop_rows ? 0 : m->k.k_reached;
      report->n_case_rows = m->drop_rows ? 0 : data->cases->len;
      report->n_rows_suppressed = m->drop_rows ? data->cases->len : m->k.n_rows_suppressed;
    }
  report->generalisation = describe_level (m->k.level, aggregate);

  for (guint i = 0; i < N_SHEETS; i++)
    g_strv_builder_add (sheets, _ct_export_sheet_names[i]);
  report->sheets = g_strv_builder_end (sheets);
  *model = m;
  return report;
}
