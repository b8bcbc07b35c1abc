/* ct-export-model-tables.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook's aggregate tables (docs/export.md): tables of all
 * cases, from the plain, already coarsened rows, with threshold, secondary
 * and dominance suppression and cell-key perturbation. Part of the model
 * that ct-export-model.c makes; touches no session, so it runs in a GTask
 * thread. */

#define G_LOG_DOMAIN "ct-export"

#include "config.h"

#include <math.h>

#include "ct-export-model-private.h"
#include "ct-export-private.h"

#define DOMINANCE_P 20

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
void
_ct_export_protect_all (ExModel *m,
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

static const gint64 *const day_bounds[] = { _ct_export_days_advice_0, _ct_export_days_close_0 };

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
void
_ct_export_period_table (ExModel *m,
                         ExData  *data,
                         guint    threshold)
{
  static const guint spans[] = { 1, 3, 6, 12, 0 };
  static const char * const names[] = { "maand", "kwartaal", "half jaar", "jaar", "hele periode" };
  guint n = data->cases->len;
  gint lo = G_MAXINT, hi = G_MININT;

  for (guint i = 0; i < n; i++)
    {
      gint mo = _ct_export_absolute_month (_ct_export_case (data, i)->referral_month);

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
          gint mo = _ct_export_absolute_month (_ct_export_case (data, i)->referral_month);

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
              gint mo = _ct_export_absolute_month (_ct_export_case (data, i)->referral_month);

              if (mo >= 0)
                ct_anon_table_add (t->table, span > 0 ? (guint) (mo / (gint) span - first) : 0, 0,
                                   i, 1);
            }
          return;
        }
    }
}

void
_ct_export_case_tables (ExModel *m,
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
                    "Samenstelling", labels_of (_ct_export_composition_labels, NULL),
                    one_col ("Aantal"), FALSE, TRUE);
  for (guint a = 0; a < data->areas->len; a++)
    g_ptr_array_add (area_names, g_ptr_array_index (data->areas, a));
  g_ptr_array_add (area_names, (gpointer) "onbekend");
  g_ptr_array_add (area_names, NULL);
  area = table_add (m, SHEET_CASES, "Casussen naar gebied", "Gebied",
                    labels_of ((const char * const *) area_names->pdata, NULL), one_col ("Aantal"),
                    FALSE, TRUE);
  referrer = table_add (m, SHEET_CASES, "Casussen naar soort verwijzer", "Verwijzer",
                        labels_of (_ct_export_referrer_labels, NULL), one_col ("Aantal"), FALSE,
                        TRUE);
  days[0] = table_add (m, SHEET_CASES, "Dagen van aanmelding tot advies", "Dagen",
                       band_labels (_ct_export_days_advice_0, "nog geen advies"),
                       one_col ("Aantal"), FALSE, TRUE);
  days[1] = table_add (m, SHEET_CASES, "Dagen van aanmelding tot afsluiting", "Dagen",
                       band_labels (_ct_export_days_close_0, "open"), one_col ("Aantal"), FALSE,
                       TRUE);
  domains = table_add (m, SHEET_CASES, "Casussen naar aantal ZRM-domeinen", "Domeinen",
                       band_labels (_ct_export_count_domains_0, "onbekend"), one_col ("Aantal"),
                       FALSE, TRUE);

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
      ct_anon_table_add (domains->table, band_of (_ct_export_count_domains_0, c->n_domains), 0, i,
                         1);
    }
}

void
_ct_export_zrm_table (ExModel *m,
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

void
_ct_export_other_tables (ExModel *m,
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
                        band_labels (_ct_export_spend_0, "geen uitgaven"), one_col ("Aantal"),
                        FALSE, TRUE);
  for (guint i = 0; i < data->cases->len; i++)
    ct_anon_table_add (spending->table,
                       band_of (_ct_export_spend_0, _ct_export_case (data, i)->spend_permille),
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
