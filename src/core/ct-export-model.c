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
 * suppression and cell-key perturbation.
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

#include "ct-export-private.h"

#define MAX_SUPPRESSED_SHARE 0.05
#define QI_WIDTH             3
#define KEEP_WEIGHT          1000
#define DOMINANCE_P          20

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

static void
ex_table_free (gpointer mem)
{
  ExTable *t = mem;

  g_free (t->title);
  g_free (t->row_header);
  g_ptr_array_unref (t->row_labels);
  g_ptr_array_unref (t->col_labels);
  ct_anon_table_free (t->table);
  g_free (t->cost_col);
  g_free (t->note);
  g_free (t);
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

static const char * const referrer_labels[] = {
  "huisarts", "sociaal wijkteam", "woningcorporatie", "politie of justitie",
  "meldpunt huiselijk geweld of jeugdbescherming",
  "schuldhulpverlening", "school of leerplicht", "ggz of verslavingszorg", "werk en inkomen",
  "maatschappelijk werk", "zelf", "overig", "onbekend", NULL,
};

static const char * const composition_labels[] = {
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

static gint
absolute_month (const char *month)
{
  int y, mo;

  if (month == NULL || sscanf (month, "%4d-%2d", &y, &mo) != 2)
    return -1;
  return y * 12 + mo - 1;
}

static const gint64 days_advice_0[] = { 0, 15, 31, 61, 91, -1 }, days_advice_1[] = { 0, 31, -1 };
static const gint64 days_close_0[] = { 0, 91, 181, 366, -1 }, days_close_1[] = { 0, 181, -1 };
static const gint64 count_domains_0[] = { 0, 1, 2, 3, 4, 5, -1 }, count_domains_1[] = { 0, 3, -1 };
static const gint64 orgs_0[] = { 0, 1, 3, 6, 11, -1 }, orgs_1[] = { 0, 3, -1 };
static const gint64 cost_0[] = { 0, 1, 5000, 10000, 25000, 50000, -1 }, cost_1[] = { 0, 10000, -1 };
static const gint64 actions_0[] = { 0, 1, 3, 6, -1 }, actions_1[] = { 0, 3, -1 };
static const gint64 spend_0[] = { 0, 501, 1001, -1 }, spend_1[] = { 0, 1001, -1 };
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
  qi_enum (m, CT_EXPORT_QI_COMPOSITION, "Samenstelling", base, composition_labels,
           (const guint8 *const []) { comp_1 }, (const char *const *const []) { comp_1_labels }, 1);
  for (guint a = 0; a < n_areas; a++)
    g_ptr_array_add (areas, g_ptr_array_index (data->areas, a));
  g_ptr_array_add (areas, (gpointer) "onbekend");
  g_ptr_array_add (areas, NULL);
  BASE (MIN (c->qi.area, n_areas));
  qi_enum (m, CT_EXPORT_QI_AREA, "Gebied", base, (const char * const *) areas->pdata, NULL, NULL, 0);
  BASE (c->referrer);
  qi_enum (m, CT_EXPORT_QI_REFERRER, "Verwijzer", base, referrer_labels, NULL, NULL, 0);
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
    months[i] = absolute_month (_ct_export_case (data, m->rows[i])->referral_month);
  qi_period (m, CT_EXPORT_QI_REFERRAL, "Periode aanmelding", months, "onbekend");
  for (guint i = 0; i < m->n_rows; i++)
    months[i] = absolute_month (_ct_export_case (data, m->rows[i])->closed_month);
  qi_period (m, CT_EXPORT_QI_CLOSED, "Periode afsluiting", months, "open");
  number_column (m, data, CT_EXPORT_QI_DOMAINS, "Aantal domeinen",
                 LEVELS (count_domains_0, count_domains_1), "onbekend", get_domains);
  number_column (m, data, CT_EXPORT_QI_ORGS_INTAKE, "Hulpverleners bij aanmelding",
                 LEVELS (orgs_0, orgs_1), "onbekend", get_orgs_intake);
  number_column (m, data, CT_EXPORT_QI_ORGS_CLOSE, "Hulpverleners bij afsluiting",
                 LEVELS (orgs_0, orgs_1), "open", get_orgs_close);
  number_column (m, data, CT_EXPORT_QI_COST_INTAKE, "Jaarkosten bij aanmelding (EUR)",
                 LEVELS (cost_0, cost_1), "onbekend", get_cost_intake);
  number_column (m, data, CT_EXPORT_QI_COST_CLOSE, "Jaarkosten bij afsluiting (EUR)",
                 LEVELS (cost_0, cost_1), "open", get_cost_close);
  number_column (m, data, CT_EXPORT_QI_DAYS_ADVICE, "Dagen tot advies",
                 LEVELS (days_advice_0, days_advice_1), "nog geen advies", get_days_advice);
  number_column (m, data, CT_EXPORT_QI_DAYS_CLOSE, "Dagen tot afsluiting",
                 LEVELS (days_close_0, days_close_1), "open", get_days_close);
  number_column (m, data, CT_EXPORT_QI_ACTIONS, "Aantal acties", LEVELS (actions_0, actions_1),
                 "onbekend", get_actions);
  number_column (m, data, CT_EXPORT_QI_SPENDING, "Maatwerkbudget, promille van het plafond",
                 LEVELS (spend_0, spend_1), "geen uitgaven", get_spending);
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

/* ---- aggregate tables -------------------------------------------------------- */

static GPtrArray *
labels_of (const char * const *values,
           const char         *extra)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    g_ptr_array_add (labels, g_strdup (values[i]));
  if (extra != NULL)
    g_ptr_array_add (labels, g_strdup (extra));
  return labels;
}

static ExTable *
table_add (ExModel    *m,
           guint       sheet,
           const char *title,
           const char *row_header,
           GPtrArray  *row_labels,
           GPtrArray  *col_labels,
           gboolean    row_totals,
           gboolean    col_totals)
{
  ExTable *t = g_new0 (ExTable, 1);

  t->title = g_strdup (title);
  t->row_header = g_strdup (row_header);
  t->row_labels = row_labels;
  t->col_labels = col_labels;
  t->n_rows = row_labels->len;
  t->n_cols = col_labels->len;
  t->row_totals = row_totals;
  t->col_totals = col_totals;
  t->table = ct_anon_table_new (t->n_rows, t->n_cols, row_totals, col_totals);
  t->cost_col = g_new0 (guint8, t->n_cols + 1);
  if (m->record_keys != NULL)
    ct_anon_table_set_record_keys (t->table, m->record_keys, m->report->n_cases);
  if (m->tables[sheet] == NULL)
    m->tables[sheet] = g_ptr_array_new_with_free_func (ex_table_free);
  g_ptr_array_add (m->tables[sheet], t);
  return t;
}

static GPtrArray *
one_col (const char *label)
{
  const char *labels[] = { label, NULL };

  return labels_of (labels, NULL);
}

/* @step: the amounts are shown in euros rounded to this. */
static void
mark_cost (ExTable *t,
           guint    col,
           guint    step)
{
  t->cost_col[col] = (guint8) step;
  ct_anon_table_set_magnitude (t->table, col, DOMINANCE_P);
}

/* Protects every table and writes under each why its hidden cells are hidden. */
static void
protect_all (ExModel *m,
             guint    threshold)
{
  for (guint s = 0; s < G_N_ELEMENTS (m->tables); s++)
    for (guint i = 0; m->tables[s] != NULL && i < m->tables[s]->len; i++)
      {
        ExTable *t = g_ptr_array_index (m->tables[s], i);
        guint p, q, d;
        g_autoptr(GString) note = g_string_new (NULL);

        ct_anon_table_protect (t->table, threshold);
        p = ct_anon_table_get_n_primary (t->table);
        q = ct_anon_table_get_n_secondary (t->table);
        d = ct_anon_table_get_n_dominance (t->table);
        m->report->n_cells_primary += p;
        m->report->n_cells_secondary += q;
        m->report->n_cells_dominance += d;
        if (p > 0)
          g_string_append_printf (note, "%u met minder dan %u casussen; ", p, threshold);
        if (q > 0)
          g_string_append_printf (note, "%u zodat ze niet uit de totalen terug te rekenen zijn; ",
                                  q);
        if (d > 0)
          g_string_append_printf (note, "%u waarin een of twee casussen het bedrag bepalen; ", d);
        if (note->len > 0)
          {
            g_string_truncate (note, note->len - 2);
            t->note = g_strdup_printf ("Verborgen cellen (leeg, gearceerd): %s.", note->str);
          }
      }
}

static const gint64 *const day_bounds[] = { days_advice_0, days_close_0 };

static guint
band_of (const gint64 *bounds,
         gint64        value)
{
  guint nb = 0, code;

  while (bounds[nb] >= 0)
    nb++;
  if (value < 0)
    return nb;
  for (code = 0; code + 1 < nb && value >= bounds[code + 1]; code++)
    ;
  return code;
}

static GPtrArray *
band_labels (const gint64 *b,
             const char   *none)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
  guint nb = 0;

  while (b[nb] >= 0)
    nb++;
  for (guint j = 0; j < nb; j++)
    g_ptr_array_add (labels, j + 1 == nb ? g_strdup_printf ("%" G_GINT64_FORMAT "+", b[j])
                             : b[j + 1] - 1 == b[j] ? g_strdup_printf ("%" G_GINT64_FORMAT, b[j])
                             : g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, b[j],
                                                b[j + 1] - 1));
  g_ptr_array_add (labels, g_strdup (none));
  return labels;
}

/* Referrals per period: the shortest period (month, quarter, half year,
 * year, the whole pilot) at which at most a third of the periods with
 * referrals are hidden. */
static void
period_table (ExModel *m,
              ExData  *data,
              guint    threshold)
{
  static const guint spans[] = { 1, 3, 6, 12, 0 };
  static const char * const names[] = { "maand", "kwartaal", "half jaar", "jaar", "hele periode" };
  guint n = data->cases->len;
  gint lo = G_MAXINT, hi = G_MININT;

  for (guint i = 0; i < n; i++)
    {
      gint mo = absolute_month (_ct_export_case (data, i)->referral_month);

      if (mo >= 0)
        lo = MIN (lo, mo), hi = MAX (hi, mo);
    }
  if (lo > hi)
    return;
  for (guint l = 0; l < G_N_ELEMENTS (spans); l++)
    {
      guint span = spans[l];
      gint first = span > 0 ? lo / (gint) span : 0, last = span > 0 ? hi / (gint) span : 0;
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(CtAnonTable) probe = NULL;
      guint used = 0, hidden = 0;

      for (gint p = first; p <= last; p++)
        {
          gint y = span > 0 ? p * (gint) span / 12 : 0, within = span > 0 ? p * (gint) span % 12 : 0;

          g_ptr_array_add (labels, span == 0 ? g_strdup_printf ("%04d-%02d t/m %04d-%02d", lo / 12,
                                                                lo % 12 + 1, hi / 12, hi % 12 + 1)
                                   : span == 1 ? g_strdup_printf ("%04d-%02d", y, within + 1)
                                   : span == 3 ? g_strdup_printf ("%04d-K%d", y, within / 3 + 1)
                                   : span == 6 ? g_strdup_printf ("%04d-H%d", y, within / 6 + 1)
                                   : g_strdup_printf ("%04d", y));
        }
      probe = ct_anon_table_new (labels->len, 1, FALSE, TRUE);
      for (guint i = 0; i < n; i++)
        {
          gint mo = absolute_month (_ct_export_case (data, i)->referral_month);

          if (mo >= 0)
            ct_anon_table_add (probe, span > 0 ? (guint) (mo / (gint) span - first) : 0, 0, i, 1);
        }
      ct_anon_table_protect (probe, threshold);
      for (guint r = 0; r < labels->len; r++)
        if (ct_anon_table_get_basis (probe, r, 0) > 0)
          {
            used++;
            hidden += ct_anon_table_is_suppressed (probe, r, 0);
          }
      if (hidden * 3 <= used || span == 0)
        {
          g_autofree char *title = g_strdup_printf ("Aanmeldingen per %s", names[l]);
          ExTable *t = table_add (m, SHEET_CASES, title, "Periode", g_steal_pointer (&labels),
                                  one_col ("Aantal"), FALSE, TRUE);

          for (guint i = 0; i < n; i++)
            {
              gint mo = absolute_month (_ct_export_case (data, i)->referral_month);

              if (mo >= 0)
                ct_anon_table_add (t->table, span > 0 ? (guint) (mo / (gint) span - first) : 0, 0,
                                   i, 1);
            }
          return;
        }
    }
}

static void
case_tables (ExModel *m,
             ExData  *data)
{
  guint n = data->cases->len;
  g_autoptr(GPtrArray) area_names = g_ptr_array_new ();
  ExTable *status, *outcome, *age_size, *comp, *area, *referrer, *days[2], *domains;

  status = table_add (m, SHEET_CASES, "Casussen naar status", "Status",
                      labels_of (_ct_export_enum ("cases", "status"), NULL), one_col ("Aantal"),
                      FALSE, TRUE);
  outcome = table_add (m, SHEET_CASES, "Afgesloten casussen naar uitkomst", "Uitkomst",
                       labels_of (_ct_export_enum ("cases", "outcome"), NULL), one_col ("Aantal"),
                       FALSE, TRUE);
  if (m->identity)
    age_size = table_add (m, SHEET_CASES, "Casussen naar leeftijdsklasse en huishoudgrootte",
                          "Leeftijdsklasse \\ huishoudgrootte",
                          labels_of ((const char *[]) { "0-17", "18-26", "27-44", "45-64", "65+",
                                                        "onbekend", NULL }, NULL),
                          labels_of ((const char *[]) { "1", "2", "3-4", "5+", "onbekend", NULL },
                                     NULL), TRUE, TRUE);
  else
    age_size = table_add (m, SHEET_CASES, "Casussen naar huishoudgrootte", "Huishoudgrootte",
                          labels_of ((const char *[]) { "1", "2", "3-4", "5+", "onbekend", NULL },
                                     NULL), one_col ("Aantal"), FALSE, TRUE);
  comp = table_add (m, SHEET_CASES, "Casussen naar samenstelling van het huishouden",
                    "Samenstelling", labels_of (composition_labels, NULL), one_col ("Aantal"),
                    FALSE, TRUE);
  for (guint a = 0; a < data->areas->len; a++)
    g_ptr_array_add (area_names, g_ptr_array_index (data->areas, a));
  g_ptr_array_add (area_names, (gpointer) "onbekend");
  g_ptr_array_add (area_names, NULL);
  area = table_add (m, SHEET_CASES, "Casussen naar gebied", "Gebied",
                    labels_of ((const char * const *) area_names->pdata, NULL), one_col ("Aantal"),
                    FALSE, TRUE);
  referrer = table_add (m, SHEET_CASES, "Casussen naar soort verwijzer", "Verwijzer",
                        labels_of (referrer_labels, NULL), one_col ("Aantal"), FALSE, TRUE);
  days[0] = table_add (m, SHEET_CASES, "Dagen van aanmelding tot advies", "Dagen",
                       band_labels (days_advice_0, "nog geen advies"), one_col ("Aantal"), FALSE,
                       TRUE);
  days[1] = table_add (m, SHEET_CASES, "Dagen van aanmelding tot afsluiting", "Dagen",
                       band_labels (days_close_0, "open"), one_col ("Aantal"), FALSE, TRUE);
  domains = table_add (m, SHEET_CASES, "Casussen naar aantal ZRM-domeinen", "Domeinen",
                       band_labels (count_domains_0, "onbekend"), one_col ("Aantal"), FALSE, TRUE);

  for (guint i = 0; i < n; i++)
    {
      ExCase *c = _ct_export_case (data, i);

      if (c->status >= 0)
        ct_anon_table_add (status->table, (guint) c->status, 0, i, 1);
      if (c->outcome >= 0)
        ct_anon_table_add (outcome->table, (guint) c->outcome, 0, i, 1);
      if (m->identity)
        ct_anon_table_add (age_size->table, MIN (c->qi.age, CT_AGE_UNKNOWN),
                           MIN (c->qi.size, CT_SIZE_UNKNOWN), i, 1);
      else
        ct_anon_table_add (age_size->table, MIN (c->qi.size, CT_SIZE_UNKNOWN), 0, i, 1);
      ct_anon_table_add (comp->table, c->composition, 0, i, 1);
      ct_anon_table_add (area->table, MIN (c->qi.area, data->areas->len), 0, i, 1);
      ct_anon_table_add (referrer->table, c->referrer, 0, i, 1);
      ct_anon_table_add (days[0]->table, band_of (day_bounds[0], c->days_to_advice), 0, i, 1);
      ct_anon_table_add (days[1]->table, band_of (day_bounds[1], c->days_to_close), 0, i, 1);
      ct_anon_table_add (domains->table, band_of (count_domains_0, c->n_domains), 0, i, 1);
    }
}

static void
zrm_table (ExModel *m,
           ExData  *data,
           guint    threshold)
{
  double sums[CT_ZRM_N_DOMAINS + 1][3] = { { 0 } };
  guint pairs = 0;

  /* The last row: every domain together, per case, so a small pilot still
   * has one figure for its effect. */
  m->zrm = ct_anon_table_new (CT_ZRM_N_DOMAINS + 1, 3, TRUE, FALSE);
  if (m->record_keys != NULL)
    ct_anon_table_set_record_keys (m->zrm, m->record_keys, data->cases->len);
  for (guint i = 0; i < data->cases->len; i++)
    {
      ExCase *c = _ct_export_case (data, i);

      for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
        {
          int change = c->zrm_latest[d] - c->zrm_intake[d];

          if (!m->domain_in[d] || c->zrm_intake[d] == 0 || c->zrm_latest[d] == 0)
            continue;
          ct_anon_table_add (m->zrm, d, change > 0 ? 0 : change == 0 ? 1 : 2, i, 1);
          ct_anon_table_add (m->zrm, CT_ZRM_N_DOMAINS, change > 0 ? 0 : change == 0 ? 1 : 2, i, 1);
          sums[d][0] += c->zrm_intake[d];
          sums[d][1] += c->zrm_latest[d];
          sums[d][2] += change;
          sums[CT_ZRM_N_DOMAINS][0] += c->zrm_intake[d];
          sums[CT_ZRM_N_DOMAINS][1] += c->zrm_latest[d];
          sums[CT_ZRM_N_DOMAINS][2] += change;
          pairs++;
        }
    }
  ct_anon_table_protect (m->zrm, threshold);
  m->report->n_cells_primary += ct_anon_table_get_n_primary (m->zrm);
  m->report->n_cells_secondary += ct_anon_table_get_n_secondary (m->zrm);
  /* Means get the noise of their cell's key too, a tenth of a point per
   * step, so two waves do not subtract to one household's score. */
  for (guint d = 0; d <= CT_ZRM_N_DOMAINS; d++)
    {
      guint n = d < CT_ZRM_N_DOMAINS ? ct_anon_table_get_basis (m->zrm, d, 3) : pairs;
      int noise = m->record_keys != NULL
                    ? ct_anon_cell_noise (ct_anon_table_get_cell_key (m->zrm, d, 3)) : 0;

      for (int j = 0; j < 3; j++)
        m->zrm_means[d][j] = n > 0 ? round ((sums[d][j] / n + noise * 0.1) * 100) / 100 : 0;
    }
}

static const char * const action_states_nl[] = {
  "Op tijd gedaan", "Te laat gedaan", "Open", "Verlopen", "Geweigerd", NULL,
};

static const char * const rule_types_nl[] = {
  "wet of regeling", "beleidsregel", "contract of convenant", "werkwijze", "overig",
  "onbekend", NULL,
};

static void
other_tables (ExModel *m,
              ExData  *data)
{
  ExTable *actions, *orgs, *budget, *periods, *spending, *rule_scope, *door_status;
  const char *org_cols[] = {
    "Alle casussen: hulpverleners bij aanmelding", "Jaarkosten (EUR, per 100)",
    "Afgesloten casussen: hulpverleners bij aanmelding", "Jaarkosten (EUR, per 100)",
    "Afgesloten casussen: hulpverleners bij afsluiting", "Jaarkosten (EUR, per 100)", NULL,
  };
  g_autoptr(GPtrArray) period_labels = g_ptr_array_new_with_free_func (g_free);
  guint n_scopes = _ct_export_n_enum ("doorbraken", "scope");

  actions = table_add (m, SHEET_ACTIONS, "Acties per type ketenpartner", "Type ketenpartner",
                       labels_of (_ct_export_enum ("actions", "partner_type"), "onbekend"),
                       labels_of (action_states_nl, NULL), TRUE, TRUE);
  for (guint i = 0; i < data->actions->len; i++)
    {
      ExAction *a = &g_array_index (data->actions, ExAction, i);

      ct_anon_table_add (actions->table, a->partner_type, a->state, a->case_index, 1);
    }

  orgs = table_add (m, SHEET_ORGS, "Hulpverleners per type bij aanmelding en bij afsluiting",
                    "Type", labels_of (_ct_export_enum ("organisations", "type"), "onbekend"),
                    labels_of (org_cols, NULL), FALSE, TRUE);
  for (guint c = 0; c < 6; c += 2)
    {
      ct_anon_table_link (orgs->table, c, c + 1);
      mark_cost (orgs, c + 1, 100);
    }
  for (guint i = 0; i < data->organisations->len; i++)
    {
      ExOrganisation *o = &g_array_index (data->organisations, ExOrganisation, i);
      gboolean closed = _ct_export_case (data, o->case_index)->orgs_close >= 0;

      for (guint c = 0; c < 6; c += 2)
        if ((c == 0 && o->at_intake) || (c == 2 && closed && o->at_intake)
            || (c == 4 && o->at_close))
          {
            ct_anon_table_add (orgs->table, o->partner_type, c, o->case_index, 1);
            ct_anon_table_add (orgs->table, o->partner_type, c + 1, o->case_index, o->cost_cents);
          }
    }

  budget = table_add (m, SHEET_BUDGET, "Maatwerkbudget per doel", "Doel",
                      labels_of (_ct_export_enum ("expenses", "purpose"), NULL),
                      labels_of ((const char *[]) { "Aantal uitgaven", "Bedrag (EUR, per 10)",
                                                    NULL }, NULL), FALSE, TRUE);
  ct_anon_table_link (budget->table, 0, 1);
  mark_cost (budget, 1, 10);
  for (guint p = 0; p < data->periods->len; p++)
    {
      ExPeriod *period = &g_array_index (data->periods, ExPeriod, p);

      g_ptr_array_add (period_labels, g_strdup_printf ("%s t/m %s", period->start_month,
                                                       period->end_month));
    }
  periods = table_add (m, SHEET_BUDGET, "Uitgaven per budgetperiode", "Periode",
                       g_ptr_array_ref (period_labels),
                       labels_of ((const char *[]) { "Aantal uitgaven",
                                                     "Uitgegeven (EUR, per 10)", NULL }, NULL),
                       FALSE, TRUE);
  ct_anon_table_link (periods->table, 0, 1);
  mark_cost (periods, 1, 10);
  for (guint i = 0; i < data->expenses->len; i++)
    {
      ExExpense *e = &g_array_index (data->expenses, ExExpense, i);

      ct_anon_table_add (budget->table, e->purpose, 0, e->case_index, 1);
      ct_anon_table_add (budget->table, e->purpose, 1, e->case_index, e->cents);
      if (e->period > 0)
        {
          ct_anon_table_add (periods->table, e->period - 1, 0, e->case_index, 1);
          ct_anon_table_add (periods->table, e->period - 1, 1, e->case_index, e->cents);
        }
    }
  spending = table_add (m, SHEET_BUDGET,
                        "Casussen naar besteding tegen het plafond per casus (promille, hoogste "
                        "periode)", "Promille van het plafond",
                        band_labels (spend_0, "geen uitgaven"), one_col ("Aantal"), FALSE, TRUE);
  for (guint i = 0; i < data->cases->len; i++)
    ct_anon_table_add (spending->table, band_of (spend_0, _ct_export_case (data, i)->spend_permille),
                       0, i, 1);

  rule_scope = table_add (m, SHEET_DOORBRAKEN, "Doorbraken naar soort regel en reikwijdte",
                          "Soort regel", labels_of (rule_types_nl, NULL),
                          labels_of (_ct_export_enum ("doorbraken", "scope"), "onbekend"), TRUE,
                          TRUE);
  door_status = table_add (m, SHEET_DOORBRAKEN, "Doorbraken naar status", "Status",
                           labels_of (_ct_export_enum ("doorbraken", "status"), NULL),
                           one_col ("Aantal"), FALSE, TRUE);
  for (guint i = 0; i < data->doorbraken->len; i++)
    {
      ExDoorbraak *b = &g_array_index (data->doorbraken, ExDoorbraak, i);
      guint scope = b->scope >= 0 ? (guint) b->scope : n_scopes;

      ct_anon_table_add (rule_scope->table, b->rule_type, scope, b->case_index, 1);
      ct_anon_table_add (door_status->table, b->status, 0, b->case_index, 1);
    }
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
      case_tables (m, data);
      period_table (m, data, threshold);
      zrm_table (m, data, threshold);
      other_tables (m, data);
      protect_all (m, threshold);
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
