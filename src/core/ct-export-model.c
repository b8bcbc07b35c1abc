/* ct-export-model.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook, anonymising (docs/export.md): from the plain,
 * already coarsened rows that ct-export-gather.c read.
 *
 * Microdata: the cases with "evaluatie" consent, in an order drawn from
 * the CSPRNG, every quasi-identifier generalised along its hierarchy and
 * then locally suppressed until every combination of up to three columns
 * has classes of at least k; l-diversity on the health and justice scores.
 *
 * Aggregate: tables of all cases with threshold, secondary and dominance
 * suppression and cell-key perturbation, made in ct-export-model-tables.c.
 *
 * Touches no session, so it runs in a GTask thread; ct-export-workbook.c
 * writes what it decided. */

#define G_LOG_DOMAIN "ct-export"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "ct-export-model-private.h"
#include "ct-export-private.h"

#define MAX_SUPPRESSED_SHARE 0.05
#define QI_WIDTH             3
#define KEEP_WEIGHT          1000

const char * const _ct_export_sheet_names[] = {
  "Gebruik", "Casussen", "ZRM", "Advies en acties", "Hulpverleners", "Maatwerkbudget",
  "Doorbraken", "Grafieken", "Verantwoording", NULL,
};

const guint *
_ct_export_profile_sheets (CtExportProfile profile)
{
  static const guint micro[] = { SHEET_NOTICE, SHEET_CASES, SHEET_ZRM, SHEET_CHARTS,
                                 SHEET_ACCOUNT, N_SHEETS };
  static const guint aggregate[] = { SHEET_CASES, SHEET_ZRM, SHEET_ACTIONS, SHEET_ORGS,
                                     SHEET_BUDGET, SHEET_DOORBRAKEN, SHEET_CHARTS,
                                     SHEET_ACCOUNT, N_SHEETS };

  return profile == CT_EXPORT_MICRODATA ? micro : aggregate;
}

gboolean
_ct_export_in_rows (ExData       *data,
                    const ExCase *c)
{
  return c->consent == EX_CONSENT_GIVEN
         || (c->consent == EX_CONSENT_UNRECORDED && data->unrecorded_is_consent);
}

void
_ct_export_model_free (gpointer mem)
{
  ExModel *m = mem;

  if (m == NULL)
    return;
  for (guint c = 0; c < m->n_qi; c++)
    {
      for (guint l = 0; l < m->qi[c].n_levels; l++)
        g_clear_pointer (&m->qi[c].labels[l], g_ptr_array_unref);
      g_free (m->qi[c].codes);
    }
  g_free (m->qi);
  g_free (m->anon_cols);
  g_free (m->rows);
  g_free (m->order);
  ct_anon_md_result_clear (&m->md);
  g_free (m->zrm_hidden);
  for (guint s = 0; s < G_N_ELEMENTS (m->tables); s++)
    g_clear_pointer (&m->tables[s], g_ptr_array_unref);
  g_clear_pointer (&m->zrm, ct_anon_table_free);
  g_free (m->record_keys);
  g_free (m);
}

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

/* ---- the quasi-identifier columns and their hierarchies ----------------- */

const char * const _ct_export_referrer_labels[] = {
  "huisarts", "sociaal wijkteam", "woningcorporatie", "politie of justitie",
  "meldpunt huiselijk geweld of jeugdbescherming",
  "schuldhulpverlening", "school of leerplicht", "ggz of verslavingszorg", "werk en inkomen",
  "maatschappelijk werk", "zelf", "overig", "onbekend", NULL,
};

const char * const _ct_export_composition_labels[] = {
  "alleenstaand", "paar zonder kinderen", "eenoudergezin", "paar met kinderen", "anders",
  "onbekend", NULL,
};

static ExQiColumn *
qi_add (ExModel    *m,
        CtExportQi  qi,
        const char *header,
        guint       n_levels)
{
  ExQiColumn *col = &m->qi[m->n_qi++];

  col->qi = qi;
  col->header = header;
  col->n_levels = n_levels;
  col->codes = g_new0 (guint16, (gsize) n_levels * MAX (m->n_rows, 1));
  for (guint l = 0; l < n_levels; l++)
    col->labels[l] = g_ptr_array_new_with_free_func (g_free);
  /* The top level: one code. */
  g_ptr_array_add (col->labels[n_levels - 1], g_strdup ("alle"));
  col->n_codes[n_levels - 1] = 1;
  return col;
}

static void
qi_set (ExModel    *m,
        ExQiColumn *col,
        guint       level,
        guint       row,
        guint       code)
{
  col->codes[(gsize) level * m->n_rows + row] = (guint16) code;
}

/* Bands of a number: @bounds per level but the top, each the lower edges
 * from 0 up, ended by -1; a negative value is @none. */
static void
qi_bands (ExModel            *m,
          CtExportQi          qi,
          const char         *header,
          const gint64       *values,
          const gint64 *const *bounds,
          guint               n_levels,
          const char         *none)
{
  ExQiColumn *col = qi_add (m, qi, header, n_levels);

  for (guint l = 0; l + 1 < n_levels; l++)
    {
      const gint64 *b = bounds[l];
      guint nb = 0;

      while (b[nb] >= 0)
        nb++;
      for (guint j = 0; j < nb; j++)
        g_ptr_array_add (col->labels[l],
                         j + 1 == nb ? g_strdup_printf ("%" G_GINT64_FORMAT "+", b[j])
                         : b[j + 1] - 1 == b[j] ? g_strdup_printf ("%" G_GINT64_FORMAT, b[j])
                         : g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, b[j],
                                            b[j + 1] - 1));
      g_ptr_array_add (col->labels[l], g_strdup (none));
      col->n_codes[l] = nb + 1;
      for (guint i = 0; i < m->n_rows; i++)
        {
          guint code = nb;

          if (values[i] >= 0)
            for (code = 0; code + 1 < nb && values[i] >= b[code + 1]; code++)
              ;
          qi_set (m, col, l, i, code);
        }
    }
}

/* An enumeration: @base codes with @labels at level 0; @maps (one per
 * further level but the top, each n_base entries) and their labels. */
static void
qi_enum (ExModel            *m,
         CtExportQi          qi,
         const char         *header,
         const guint8       *base,
         const char * const *labels,
         const guint8 *const *maps,
         const char * const *const *map_labels,
         guint               n_maps)
{
  ExQiColumn *col = qi_add (m, qi, header, n_maps + 2);

  for (guint l = 0; l <= n_maps; l++)
    {
      const char * const *ls = l == 0 ? labels : map_labels[l - 1];

      for (guint j = 0; ls[j] != NULL; j++)
        g_ptr_array_add (col->labels[l], g_strdup (ls[j]));
      col->n_codes[l] = col->labels[l]->len;
      for (guint i = 0; i < m->n_rows; i++)
        qi_set (m, col, l, i, l == 0 ? base[i] : maps[l - 1][base[i]]);
    }
}

/* Periods: month, quarter, half year, year, all; @months are absolute
 * (year * 12 + month - 1), negative for @none. */
static void
qi_period (ExModel      *m,
           CtExportQi    qi,
           const char   *header,
           const gint   *months,
           const char   *none)
{
  static const guint spans[] = { 1, 3, 6, 12 };
  ExQiColumn *col = qi_add (m, qi, header, 5);
  gint lo = G_MAXINT, hi = G_MININT;

  for (guint i = 0; i < m->n_rows; i++)
    if (months[i] >= 0)
      lo = MIN (lo, months[i]), hi = MAX (hi, months[i]);
  for (guint l = 0; l < 4; l++)
    {
      guint span = spans[l];
      gint first = lo <= hi ? lo / (gint) span : 0, last = lo <= hi ? hi / (gint) span : -1;

      for (gint p = first; p <= last; p++)
        {
          gint y = p * (gint) span / 12, within = p * (gint) span % 12;

          g_ptr_array_add (col->labels[l],
                           span == 1 ? g_strdup_printf ("%04d-%02d", y, within + 1)
                           : span == 3 ? g_strdup_printf ("%04d-K%d", y, within / 3 + 1)
                           : span == 6 ? g_strdup_printf ("%04d-H%d", y, within / 6 + 1)
                           : g_strdup_printf ("%04d", y));
        }
      g_ptr_array_add (col->labels[l], g_strdup (none));
      col->n_codes[l] = col->labels[l]->len;
      for (guint i = 0; i < m->n_rows; i++)
        qi_set (m, col, l, i, months[i] >= 0 ? (guint) (months[i] / (gint) span - first)
                                             : (guint) (last - first + 1));
    }
}

gint
_ct_export_absolute_month (const char *month)
{
  int y, mo;

  if (month == NULL || sscanf (month, "%4d-%2d", &y, &mo) != 2)
    return -1;
  return y * 12 + mo - 1;
}

const gint64 _ct_export_days_advice_0[] = { 0, 15, 31, 61, 91, -1 };
static const gint64 days_advice_1[] = { 0, 31, -1 };
const gint64 _ct_export_days_close_0[] = { 0, 91, 181, 366, -1 };
static const gint64 days_close_1[] = { 0, 181, -1 };
const gint64 _ct_export_count_domains_0[] = { 0, 1, 2, 3, 4, 5, -1 };
static const gint64 count_domains_1[] = { 0, 3, -1 };
static const gint64 orgs_0[] = { 0, 1, 3, 6, 11, -1 }, orgs_1[] = { 0, 3, -1 };
static const gint64 cost_0[] = { 0, 1, 5000, 10000, 25000, 50000, -1 }, cost_1[] = { 0, 10000, -1 };
static const gint64 actions_0[] = { 0, 1, 3, 6, -1 }, actions_1[] = { 0, 3, -1 };
const gint64 _ct_export_spend_0[] = { 0, 501, 1001, -1 };
static const gint64 spend_1[] = { 0, 1001, -1 };
static const gint64 door_0[] = { 0, 1, 2, -1 }, door_1[] = { 0, 1, -1 };

#define LEVELS(...) ((const gint64 *const []) { __VA_ARGS__ })

static void
number_column (ExModel      *m,
               ExData       *data,
               CtExportQi    qi,
               const char   *header,
               const gint64 *const *bounds,
               const char   *none,
               gint64      (*get) (const ExCase *c))
{
  g_autofree gint64 *values = g_new (gint64, MAX (m->n_rows, 1));

  for (guint i = 0; i < m->n_rows; i++)
    values[i] = get (_ct_export_case (data, m->rows[i]));
  qi_bands (m, qi, header, values, bounds, 3, none);
}

static gint64 get_days_advice (const ExCase *c) { return c->days_to_advice; }
static gint64 get_days_close (const ExCase *c) { return c->days_to_close; }
static gint64 get_domains (const ExCase *c) { return c->n_domains; }
static gint64 get_orgs_intake (const ExCase *c) { return c->orgs_intake; }
static gint64 get_orgs_close (const ExCase *c) { return c->orgs_close; }
static gint64 get_cost_intake (const ExCase *c) { return c->cost_intake_cents / 100; }
static gint64 get_cost_close (const ExCase *c) { return c->orgs_close >= 0 ? c->cost_close_cents / 100 : -1; }
static gint64 get_actions (const ExCase *c) { return c->n_actions; }
static gint64 get_spending (const ExCase *c) { return c->spend_permille; }
static gint64 get_doorbraken (const ExCase *c) { return c->n_doorbraken; }

static void
enum_columns (ExModel *m,
              ExData  *data)
{
  static const guint8 age_1[] = { 0, 0, 1, 1, 2, 3 }, size_1[] = { 0, 1, 1, 1, 2 };
  static const guint8 comp_1[] = { 0, 0, 1, 1, 0, 2 }, status_1[] = { 0, 0, 0, 0, 1 };
  static const guint8 outcome_1[] = { 0, 0, 1, 1, 1, 2 };
  static const char * const age_0_labels[] = { "0-17", "18-26", "27-44", "45-64", "65+",
                                               "onbekend", NULL };
  static const char * const age_1_labels[] = { "0-26", "27-64", "65+", "onbekend", NULL };
  static const char * const size_0_labels[] = { "1", "2", "3-4", "5+", "onbekend", NULL };
  static const char * const size_1_labels[] = { "1", "2+", "onbekend", NULL };
  static const char * const comp_1_labels[] = { "zonder kinderen", "met kinderen", "onbekend",
                                                NULL };
  static const char * const status_1_labels[] = { "lopend", "afgesloten", NULL };
  static const char * const outcome_1_labels[] = { "(deels) bereikt", "anders", "geen", NULL };
  g_autofree guint8 *base = g_new0 (guint8, MAX (m->n_rows, 1));
  g_autoptr(GPtrArray) areas = g_ptr_array_new ();
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new ();
  guint n_areas = data->areas->len;
  const char * const *sexes = _ct_export_enum ("persons", "sex");
  const char * const *statuses = _ct_export_enum ("cases", "status");
  guint n_outcomes = _ct_export_n_enum ("cases", "outcome");

#define BASE(expr) for (guint i = 0; i < m->n_rows; i++) { const ExCase *c = _ct_export_case (data, m->rows[i]); base[i] = (guint8) (expr); }

  if (m->identity)
    {
      BASE (MIN (c->qi.age, CT_AGE_UNKNOWN));
      qi_enum (m, CT_EXPORT_QI_AGE, "Leeftijdsklasse", base, age_0_labels,
               (const guint8 *const []) { age_1 }, (const char *const *const []) { age_1_labels }, 1);
      BASE (MIN (c->qi.sex, 3));
      qi_enum (m, CT_EXPORT_QI_SEX, "Geslacht", base, sexes, NULL, NULL, 0);
    }
  BASE (MIN (c->qi.size, CT_SIZE_UNKNOWN));
  qi_enum (m, CT_EXPORT_QI_SIZE, "Huishoudgrootte", base, size_0_labels,
           (const guint8 *const []) { size_1 }, (const char *const *const []) { size_1_labels }, 1);
  BASE (c->composition);
  qi_enum (m, CT_EXPORT_QI_COMPOSITION, "Samenstelling", base, _ct_export_composition_labels,
           (const guint8 *const []) { comp_1 }, (const char *const *const []) { comp_1_labels }, 1);
  for (guint a = 0; a < n_areas; a++)
    g_ptr_array_add (areas, g_ptr_array_index (data->areas, a));
  g_ptr_array_add (areas, (gpointer) "onbekend");
  g_ptr_array_add (areas, NULL);
  BASE (MIN (c->qi.area, n_areas));
  qi_enum (m, CT_EXPORT_QI_AREA, "Gebied", base, (const char * const *) areas->pdata, NULL, NULL, 0);
  BASE (c->referrer);
  qi_enum (m, CT_EXPORT_QI_REFERRER, "Verwijzer", base, _ct_export_referrer_labels, NULL, NULL, 0);
  BASE (MAX (c->status, 0));
  qi_enum (m, CT_EXPORT_QI_STATUS, "Status", base, statuses,
           (const guint8 *const []) { status_1 }, (const char *const *const []) { status_1_labels }, 1);
  for (guint o = 0; o < n_outcomes; o++)
    g_ptr_array_add (outcomes, (gpointer) _ct_export_enum ("cases", "outcome")[o]);
  g_ptr_array_add (outcomes, (gpointer) "geen");
  g_ptr_array_add (outcomes, NULL);
  BASE (c->outcome >= 0 ? (guint) c->outcome : n_outcomes);
  qi_enum (m, CT_EXPORT_QI_OUTCOME, "Uitkomst", base, (const char * const *) outcomes->pdata,
           (const guint8 *const []) { outcome_1 }, (const char *const *const []) { outcome_1_labels },
           1);
#undef BASE
}

static void
build_qi_columns (ExModel *m,
                  ExData  *data)
{
  g_autofree gint *months = g_new (gint, MAX (m->n_rows, 1));

  m->qi = g_new0 (ExQiColumn, CT_EXPORT_N_QI);
  enum_columns (m, data);
  for (guint i = 0; i < m->n_rows; i++)
    months[i] = _ct_export_absolute_month (_ct_export_case (data, m->rows[i])->referral_month);
  qi_period (m, CT_EXPORT_QI_REFERRAL, "Periode aanmelding", months, "onbekend");
  for (guint i = 0; i < m->n_rows; i++)
    months[i] = _ct_export_absolute_month (_ct_export_case (data, m->rows[i])->closed_month);
  qi_period (m, CT_EXPORT_QI_CLOSED, "Periode afsluiting", months, "open");
  number_column (m, data, CT_EXPORT_QI_DOMAINS, "Aantal domeinen",
                 LEVELS (_ct_export_count_domains_0, count_domains_1), "onbekend", get_domains);
  number_column (m, data, CT_EXPORT_QI_ORGS_INTAKE, "Hulpverleners bij aanmelding",
                 LEVELS (orgs_0, orgs_1), "onbekend", get_orgs_intake);
  number_column (m, data, CT_EXPORT_QI_ORGS_CLOSE, "Hulpverleners bij afsluiting",
                 LEVELS (orgs_0, orgs_1), "open", get_orgs_close);
  number_column (m, data, CT_EXPORT_QI_COST_INTAKE, "Jaarkosten bij aanmelding (EUR)",
                 LEVELS (cost_0, cost_1), "onbekend", get_cost_intake);
  number_column (m, data, CT_EXPORT_QI_COST_CLOSE, "Jaarkosten bij afsluiting (EUR)",
                 LEVELS (cost_0, cost_1), "open", get_cost_close);
  number_column (m, data, CT_EXPORT_QI_DAYS_ADVICE, "Dagen tot advies",
                 LEVELS (_ct_export_days_advice_0, days_advice_1), "nog geen advies",
                 get_days_advice);
  number_column (m, data, CT_EXPORT_QI_DAYS_CLOSE, "Dagen tot afsluiting",
                 LEVELS (_ct_export_days_close_0, days_close_1), "open", get_days_close);
  number_column (m, data, CT_EXPORT_QI_ACTIONS, "Aantal acties", LEVELS (actions_0, actions_1),
                 "onbekend", get_actions);
  number_column (m, data, CT_EXPORT_QI_SPENDING, "Maatwerkbudget, promille van het plafond",
                 LEVELS (_ct_export_spend_0, spend_1), "geen uitgaven", get_spending);
  number_column (m, data, CT_EXPORT_QI_DOORBRAKEN, "Aantal doorbraken", LEVELS (door_0, door_1),
                 "onbekend", get_doorbraken);

  m->anon_cols = g_new0 (CtAnonColumn, MAX (m->n_qi, 1));
  for (guint c = 0; c < m->n_qi; c++)
    m->anon_cols[c] = (CtAnonColumn) { m->qi[c].n_levels,
                                       data->options.keep & (1u << m->qi[c].qi) ? KEEP_WEIGHT : 1,
                                       m->qi[c].codes, m->qi[c].n_codes };
}

/* The consenting cases, and the order they are written in, drawn from the
 * CSPRNG (Fisher–Yates), so no two exports share a row order. */
static void
choose_rows (ExModel *m,
             ExData  *data)
{
  m->rows = g_new (guint, MAX (data->cases->len, 1));
  for (guint i = 0; i < data->cases->len; i++)
    if (_ct_export_in_rows (data, _ct_export_case (data, i)))
      m->rows[m->n_rows++] = i;
    else
      {
        m->report->n_no_consent++;
        m->report->n_withdrawn_since += _ct_export_case (data, i)->withdrawn_since;
      }
  /* Anonymised in case order, so the same team always gives the same
   * result (the preview's too); written in @order. */
  m->order = g_new (guint, MAX (m->n_rows, 1));
  for (guint i = 0; i < m->n_rows; i++)
    m->order[i] = i;
  for (guint i = m->n_rows; i > 1; i--)
    {
      guint j = randombytes_uniform (i);
      guint t = m->order[i - 1];

      m->order[i - 1] = m->order[j];
      m->order[j] = t;
    }
}

/* l-diversity on the health and justice domains: intake, latest and
 * change of each, all in one pass over the classes, until hiding one of a
 * domain's three (and so the other two: any two give the third) leaves no
 * class with one value. */
static void
diversity (ExModel *m,
           ExData  *data)
{
  guint n = m->n_rows, n_values = 0;
  int *values[3 * CT_ZRM_N_DOMAINS];
  guint8 *hidden[3 * CT_ZRM_N_DOMAINS];
  guint domain[3 * CT_ZRM_N_DOMAINS];

  m->zrm_hidden = g_new0 (guint8, (gsize) MAX (n, 1) * CT_ZRM_N_DOMAINS);
  for (guint d = 0; d < CT_ZRM_N_DOMAINS && !m->drop_rows; d++)
    {
      if (!m->domain_in[d] || !is_sensitive_domain (d))
        continue;
      for (guint j = 0; j < 3; j++)
        {
          values[n_values + j] = g_new (int, MAX (n, 1));
          hidden[n_values + j] = g_new0 (guint8, MAX (n, 1));
          domain[n_values + j] = d;
        }
      for (guint i = 0; i < n; i++)
        {
          ExCase *c = _ct_export_case (data, m->rows[i]);
          gboolean both = c->zrm_intake[d] > 0 && c->zrm_latest[d] > 0;
          int diff = c->zrm_latest[d] - c->zrm_intake[d];

          values[n_values][i] = score_band (c->zrm_intake[d]);
          values[n_values + 1][i] = score_band (c->zrm_latest[d]);
          values[n_values + 2][i] = both ? (diff > 0 ? 2 : diff == 0 ? 1 : 0) : -1;
        }
      n_values += 3;
    }
  if (n_values > 0)
    ct_anon_md_l_diversity (m->anon_cols, &m->md, QI_WIDTH, n_values, 3,
                            (const int * const *) values, hidden);

  for (guint v = 0; v < n_values; v += 3)
    {
      for (guint i = 0; i < n; i++)
        if (hidden[v][i])
          {
            m->zrm_hidden[(gsize) i * CT_ZRM_N_DOMAINS + domain[v]] = TRUE;
            m->report->n_cells_diversity += (values[v][i] >= 0) + (values[v + 1][i] >= 0)
                                            + (values[v + 2][i] >= 0);
          }
      for (guint j = 0; j < 3; j++)
        {
          g_free (values[v + j]);
          g_free (hidden[v + j]);
        }
    }
}

/* The charts' means over what the rows show: a hidden score is in no mean. */
static void
row_means (ExModel *m,
           ExData  *data)
{
  for (guint i = 0; i < m->n_rows; i++)
    {
      ExCase *c = _ct_export_case (data, m->rows[i]);

      for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
        if (m->domain_in[d] && c->zrm_intake[d] > 0 && c->zrm_latest[d] > 0
            && !m->zrm_hidden[(gsize) i * CT_ZRM_N_DOMAINS + d])
          {
            m->row_means[d][0] += c->zrm_intake[d];
            m->row_means[d][1] += c->zrm_latest[d];
            m->row_means_n[d]++;
          }
    }
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    for (guint j = 0; j < 2 && m->row_means_n[d] > 0; j++)
      m->row_means[d][j] /= m->row_means_n[d];
}

static void
anonymise_rows (ExModel *m,
                ExData  *data)
{
  guint n_cells;

  choose_rows (m, data);
  build_qi_columns (m, data);
  m->drop_rows = m->n_rows < data->options.k;
  ct_anon_md_anonymise (m->anon_cols, m->n_qi, m->n_rows, data->options.k, QI_WIDTH,
                        MAX_SUPPRESSED_SHARE, &m->md);
  if (m->drop_rows)
    m->n_rows = 0;
  diversity (m, data);
  row_means (m, data);

  n_cells = MAX (m->n_rows * m->n_qi, 1);
  m->report->n_case_rows = m->n_rows;
  m->report->k_reached = m->drop_rows ? 0 : m->md.k_reached;
  m->report->n_cells_rows_suppressed = m->md.n_cells_suppressed;
  for (guint i = 0; i < m->n_rows; i++)
    for (guint c = 0; c < m->n_qi; c++)
      if (m->md.suppressed[(gsize) i * m->n_qi + c])
        {
          m->report->n_rows_suppressed++;
          break;
        }
  m->report->information_loss = (m->md.generalisation_loss
                                 + (double) m->md.n_cells_suppressed / n_cells) / 2;
}

/* ---- the report ---------------------------------------------------------------- */

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

/* "Generalised: referral period to quarter, area to all, ...", translated. */
static char *
describe_generalisation (ExModel *m,
                         gboolean aggregate)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (aggregate)
    return g_strdup (_("None: tables only"));
  for (guint c = 0; c < m->n_qi; c++)
    if (m->md.level[c] > 0)
      g_string_append_printf (text, "%s%s → %s", text->len > 0 ? ", " : "",
                              ct_export_qi_to_string (m->qi[c].qi),
                              m->md.level[c] + 1 == m->qi[c].n_levels
                                ? _("all") : _("coarser bands"));
  if (text->len == 0)
    return g_strdup (_("None needed"));
  return g_string_free (g_steal_pointer (&text), FALSE);
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
  const guint *order = _ct_export_profile_sheets (data->options.profile);

  m->report = report;
  m->identity = (data->readable & (1u << CT_CATEGORY_IDENTITY)) != 0;
  report->profile = data->options.profile;
  report->k = data->options.k;
  report->threshold = threshold;
  report->n_cases = data->cases->len;
  report->n_restricted = data->n_restricted;
  report->fresh_pseudonym_key = data->options.fresh_pseudonym_key;
  report->categories_readable = data->readable;
  report->categories_included = 1u << CT_CATEGORY_GENERAL;
  report->export_month = g_strdup (data->export_month);
  report->previous_export = g_strdup (data->previous_export);
  report->coarsened = coarsening_rules ();
  report->below_default = data->options.k < data->default_k
                          || data->options.threshold < data->default_threshold;
  if (m->identity)
    report->categories_included |= 1u << CT_CATEGORY_IDENTITY;
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      m->domain_in[d] = (data->readable & (1u << ct_zrm_domain_category (d))) != 0;
      if (m->domain_in[d])
        report->categories_included |= 1u << ct_zrm_domain_category (d);
    }

  if (aggregate)
    {
      if (data->with_cell_keys)
        {
          m->record_keys = g_new (guint32, MAX (data->cases->len, 1));
          for (guint i = 0; i < data->cases->len; i++)
            m->record_keys[i] = _ct_export_case (data, i)->record_key;
        }
      _ct_export_case_tables (m, data);
      _ct_export_period_table (m, data, threshold);
      _ct_export_zrm_table (m, data, threshold);
      _ct_export_other_tables (m, data);
      _ct_export_protect_all (m, threshold);
      report->k_reached = threshold;
    }
  else
    anonymise_rows (m, data);
  report->generalisation = describe_generalisation (m, aggregate);

  for (guint i = 0; order[i] != N_SHEETS; i++)
    g_strv_builder_add (sheets, _ct_export_sheet_names[order[i]]);
  report->sheets = g_strv_builder_end (sheets);
  *model = m;
  return report;
}
