/* ct-export-workbook.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook, writing the .xlsx from the rows and what the
 * anonymiser decided (ct-export-model.c). Touches no session, so it runs
 * in a GTask thread.
 *
 * libxlsxwriter runs in constant-memory mode, which writes every sheet
 * row by row in order and keeps strings inline (no shared-strings part),
 * with its temporary files in a private directory of our own (0700) that
 * is removed afterwards, whatever happens.
 *
 * The workbook is data for a Dutch researcher: its sheet names, headers
 * and the Verantwoording are Dutch whatever the locale, and not
 * translated. */

#define G_LOG_DOMAIN "ct-export"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "ct-error.h"
#include "ct-export-private.h"

static const char *const action_states[] = {
  "Op tijd gedaan", "Te laat gedaan", "Open", "Verlopen", "Geweigerd", NULL,
};

static const char *const rule_types[] = {
  "wet of regeling", "beleidsregel", "contract of convenant", "werkwijze", "overig",
  "onbekend", NULL,
};

static const char *const category_names_nl[] = {
  "identiteit", "gezondheid", "justitie", "financien", "jeugd", "wonen", "werk", "algemeen",
};

/* ---- writing --------------------------------------------------------------- */

typedef struct
{
  lxw_workbook  *workbook;
  lxw_worksheet *ws;
  lxw_format    *bold;
  lxw_row_t      row;
  lxw_error      error;
} Writer;

static void
check (Writer   *w,
       lxw_error err)
{
  if (err != LXW_NO_ERROR && w->error == LXW_NO_ERROR)
    w->error = err;
}

static void
put_text (Writer     *w,
          lxw_col_t   col,
          const char *text)
{
  if (text != NULL && text[0] != '\0')
    check (w, worksheet_write_string (w->ws, w->row, col, text, NULL));
}

static void
put_bold (Writer     *w,
          lxw_col_t   col,
          const char *text)
{
  check (w, worksheet_write_string (w->ws, w->row, col, text, w->bold));
}

static void
put_number (Writer    *w,
            lxw_col_t  col,
            double     value)
{
  check (w, worksheet_write_number (w->ws, w->row, col, value, NULL));
}

static void
put_count (Writer    *w,
           lxw_col_t  col,
           gint64     value)
{
  if (value >= 0)
    put_number (w, col, (double) value);
}

static void
put_header (Writer             *w,
            const char * const *labels)
{
  for (lxw_col_t c = 0; labels[c] != NULL; c++)
    put_bold (w, c, labels[c]);
  w->row++;
}

static void
start_sheet (Writer     *w,
             guint       index)
{
  w->ws = workbook_add_worksheet (w->workbook, _ct_export_sheet_names[index]);
  w->row = 0;
  if (w->ws == NULL)
    check (w, LXW_ERROR_MEMORY_MALLOC_FAILED);
}

typedef enum
{
  SHOW_COUNT,
  SHOW_COST_100,  /* cents, shown in euros rounded to 100 */
} Show;

/* A block: "Tabel: title", a header, the rows, "Totaal", an empty row. */
static void
put_table (Writer             *w,
           const char         *title,
           const char         *row_header,
           const char * const *row_labels,
           const char * const *col_labels,
           const Show         *shows,
           CtAnonTable        *t,
           guint               n_rows,
           guint               n_cols,
           gboolean            row_totals,
           gboolean            col_totals)
{
  g_autofree char *heading = g_strdup_printf ("Tabel: %s", title);

  put_bold (w, 0, heading);
  w->row++;
  put_bold (w, 0, row_header);
  for (guint c = 0; c < n_cols; c++)
    put_bold (w, c + 1, col_labels[c]);
  if (row_totals)
    put_bold (w, n_cols + 1, "Totaal");
  w->row++;

  for (guint r = 0; r <= n_rows; r++)
    {
      if (r == n_rows && !col_totals)
        break;
      put_text (w, 0, r < n_rows ? row_labels[r] : "Totaal");
      for (guint c = 0; c <= n_cols; c++)
        {
          gint64 v;

          if (c == n_cols && !row_totals)
            break;
          if (ct_anon_table_is_suppressed (t, r, c))
            {
              put_text (w, c + 1, CT_ANON_SUPPRESSED);
              continue;
            }
          v = ct_anon_table_get (t, r, c);
          put_number (w, c + 1, shows != NULL && c < n_cols && shows[c] == SHOW_COST_100
                                  ? (double) ct_anon_round (v, 100) : (double) v);
        }
      w->row++;
    }
  w->row++;
}

static const char *
enum_label (const char *table,
            const char *field,
            int         index)
{
  const char * const *values = _ct_export_enum (table, field);

  return index >= 0 && (guint) index < g_strv_length ((char **) values) ? values[index] : "";
}

/* Row labels: an enum's values and then "onbekend". */
static GPtrArray *
labels_with_unknown (const char *table,
                     const char *field)
{
  GPtrArray *labels = g_ptr_array_new ();
  const char * const *values = _ct_export_enum (table, field);

  for (guint i = 0; values[i] != NULL; i++)
    g_ptr_array_add (labels, (gpointer) values[i]);
  g_ptr_array_add (labels, (gpointer) "onbekend");
  g_ptr_array_add (labels, NULL);
  return labels;
}

static const char *
qi_area (ExData        *data,
         const CtAnonQi *g)
{
  if (g->area == CT_ANON_AREA_ALL)
    return "alle";
  return g->area < data->areas->len ? g_ptr_array_index (data->areas, g->area) : "onbekend";
}

static const char *
qi_sex (const CtAnonQi *g)
{
  return g->sex == CT_ANON_SEX_HIDDEN ? CT_ANON_SUPPRESSED : enum_label ("persons", "sex", g->sex);
}

static void
put_case_row (Writer *w,
              ExData *data,
              ExModel  *m,
              guint   i)
{
  ExCase *c = _ct_export_case (data, i);
  CtAnonQi g = ct_anon_generalise (&c->qi, m->k.level, data->areas->len);
  gboolean hidden = m->k.row_suppressed[i];
  lxw_col_t col = 0;

  put_text (w, col++, c->pseudonym);
  if (m->identity)
    put_text (w, col++, hidden ? CT_ANON_SUPPRESSED
                               : ct_anon_age_band_label (g.age, m->k.level >= CT_ANON_LEVEL_AGE_MERGED));
  put_text (w, col++, hidden ? CT_ANON_SUPPRESSED : ct_anon_size_band_label (g.size));
  put_text (w, col++, hidden ? CT_ANON_SUPPRESSED : qi_area (data, &g));
  if (m->identity)
    put_text (w, col++, hidden ? CT_ANON_SUPPRESSED : qi_sex (&g));
  put_text (w, col++, enum_label ("cases", "status", c->status));
  put_text (w, col++, enum_label ("cases", "outcome", c->outcome));
  put_text (w, col++, c->referral_month);
  put_text (w, col++, c->closed_month);
  put_count (w, col++, c->days_to_advice);
  put_count (w, col++, c->days_to_close);
  put_count (w, col++, c->n_domains);
  put_count (w, col++, c->orgs_intake);
  put_count (w, col++, c->orgs_close);
  put_count (w, col++, ct_anon_round (c->cost_intake_cents, 100));
  put_count (w, col++, c->orgs_close >= 0 ? ct_anon_round (c->cost_close_cents, 100) : -1);
  put_count (w, col++, c->n_actions);
  w->row++;
}

static void
report_progress (CtExportProgress cb,
                 gpointer         user_data,
                 double           fraction)
{
  if (cb != NULL)
    cb (0.3 + 0.7 * fraction, user_data);
}

static void
write_cases_rows (Writer          *w,
                  ExData          *data,
                  ExModel           *m,
                  CtExportProgress cb,
                  gpointer         user_data)
{
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  const char *rest[] = {
    "Status", "Uitkomst", "Maand aanmelding", "Maand afsluiting", "Dagen tot advies",
    "Dagen tot afsluiting", "Aantal domeinen", "Hulpverleners bij aanmelding",
    "Hulpverleners bij afsluiting", "Jaarkosten bij aanmelding (EUR, per 100)",
    "Jaarkosten bij afsluiting (EUR, per 100)", "Aantal acties",
  };
  guint n = m->drop_rows ? 0 : data->cases->len;

  g_ptr_array_add (header, (gpointer) "Pseudoniem");
  if (m->identity)
    g_ptr_array_add (header, (gpointer) "Leeftijdsklasse");
  g_ptr_array_add (header, (gpointer) "Huishoudgrootte");
  g_ptr_array_add (header, (gpointer) "Gebied");
  if (m->identity)
    g_ptr_array_add (header, (gpointer) "Geslacht");
  for (guint i = 0; i < G_N_ELEMENTS (rest); i++)
    g_ptr_array_add (header, (gpointer) rest[i]);
  g_ptr_array_add (header, NULL);
  put_header (w, (const char * const *) header->pdata);

  for (guint i = 0; i < n && w->error == LXW_NO_ERROR; i++)
    {
      put_case_row (w, data, m, i);
      if (i % 2000 == 1999)
        report_progress (cb, user_data, 0.5 * i / n);
    }
}

static void
write_cases_tables (Writer *w,
                    ExData *data,
                    ExModel  *m)
{
  const char *count[] = { "Aantal" };
  g_autoptr(GPtrArray) areas = g_ptr_array_new ();
  const char *ages[CT_AGE_N_BANDS + 2], *sizes[CT_SIZE_N_BANDS + 2];

  for (guint i = 0; i <= CT_AGE_N_BANDS; i++)
    ages[i] = ct_anon_age_band_label (i, FALSE);
  for (guint i = 0; i <= CT_SIZE_N_BANDS; i++)
    sizes[i] = ct_anon_size_band_label (i);
  for (guint i = 0; i < data->areas->len; i++)
    g_ptr_array_add (areas, g_ptr_array_index (data->areas, i));
  g_ptr_array_add (areas, (gpointer) "onbekend");

  put_table (w, "Casussen naar status", "Status", _ct_export_enum ("cases", "status"), count,
             NULL, m->status, _ct_export_n_enum ("cases", "status"), 1, FALSE, TRUE);
  put_table (w, "Afgesloten casussen naar uitkomst", "Uitkomst",
             _ct_export_enum ("cases", "outcome"), count, NULL, m->outcome,
             _ct_export_n_enum ("cases", "outcome"), 1, FALSE, TRUE);
  if (m->identity)
    put_table (w, "Casussen naar leeftijdsklasse en huishoudgrootte",
               "Leeftijdsklasse \\ huishoudgrootte", ages, sizes, NULL, m->age_size,
               CT_AGE_N_BANDS + 1, CT_SIZE_N_BANDS + 1, TRUE, TRUE);
  else
    put_table (w, "Casussen naar huishoudgrootte", "Leeftijdsklasse \\ huishoudgrootte",
               (const char *[]) { "alle" }, sizes, NULL, m->age_size, 1, CT_SIZE_N_BANDS + 1,
               TRUE, FALSE);
  put_table (w, "Casussen naar gebied", "Gebied", (const char * const *) areas->pdata, count,
             NULL, m->area, data->areas->len + 1, 1, FALSE, TRUE);
  put_table (w, "Aanmeldingen per maand", "Maand",
             (const char * const *) m->month_labels->pdata, count, NULL, m->months,
             m->month_labels->len, 1, FALSE, TRUE);
}

static void
write_zrm_rows (Writer *w,
                ExData *data,
                ExModel  *m)
{
  guint n = m->drop_rows ? 0 : data->cases->len;
  lxw_col_t col = 1;

  put_bold (w, 0, "Pseudoniem");
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    if (m->domain_in[d])
      {
        g_autofree char *intake = g_strdup_printf ("%s intake", ct_zrm_domains[d]);
        g_autofree char *latest = g_strdup_printf ("%s laatste", ct_zrm_domains[d]);
        g_autofree char *change = g_strdup_printf ("%s verandering", ct_zrm_domains[d]);

        put_bold (w, col++, intake);
        put_bold (w, col++, latest);
        put_bold (w, col++, change);
      }
  w->row++;

  for (guint i = 0; i < n && w->error == LXW_NO_ERROR; i++)
    {
      ExCase *c = _ct_export_case (data, i);

      col = 0;
      put_text (w, col++, c->pseudonym);
      for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
        {
          if (!m->domain_in[d])
            continue;
          if (m->diversity[i * CT_ZRM_N_DOMAINS + d])
            {
              put_text (w, col++, CT_ANON_SUPPRESSED);
              put_text (w, col++, c->zrm_latest[d] > 0 ? CT_ANON_SUPPRESSED : NULL);
              put_text (w, col++, c->zrm_latest[d] > 0 ? CT_ANON_SUPPRESSED : NULL);
              continue;
            }
          put_count (w, col++, c->zrm_intake[d] > 0 ? c->zrm_intake[d] : -1);
          put_count (w, col++, c->zrm_latest[d] > 0 ? c->zrm_latest[d] : -1);
          if (c->zrm_intake[d] > 0 && c->zrm_latest[d] > 0)
            put_number (w, col, c->zrm_latest[d] - c->zrm_intake[d]);
          col++;
        }
      w->row++;
    }
}

/* Domains with too few cases keep their row, with "x" and empty means. */
static void
write_zrm_table (Writer *w,
                 ExModel  *m,
                 gboolean with_changes)
{
  const char *header[] = { "Domein", "Aantal casussen", "Gemiddeld intake", "Gemiddeld laatste",
                           "Gemiddelde verandering", "Verbeterd", "Gelijk", "Verslechterd", NULL };

  put_bold (w, 0, "Tabel: ZRM bij intake en bij de laatste meting (casussen met beide)");
  w->row++;
  if (!with_changes)
    header[5] = NULL;
  put_header (w, header);
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      gboolean hidden = ct_anon_table_is_suppressed (m->zrm, d, 3);
      guint n = ct_anon_table_get_basis (m->zrm, d, 3);

      if (!m->domain_in[d])
        continue;
      put_text (w, 0, ct_zrm_domains[d]);
      if (hidden)
        put_text (w, 1, CT_ANON_SUPPRESSED);
      else
        put_number (w, 1, n);
      for (int j = 0; j < 3 && !hidden && n > 0; j++)
        put_number (w, 2 + j, m->zrm_means[d][j]);
      for (guint c = 0; with_changes && c < 3; c++)
        if (ct_anon_table_is_suppressed (m->zrm, d, c))
          put_text (w, 5 + c, CT_ANON_SUPPRESSED);
        else
          put_number (w, 5 + c, (double) ct_anon_table_get (m->zrm, d, c));
      w->row++;
    }
  w->row++;
}

static void
write_actions (Writer *w,
               ExModel  *m)
{
  g_autoptr(GPtrArray) types = labels_with_unknown ("actions", "partner_type");

  put_table (w, "Acties per type ketenpartner", "Type ketenpartner",
             (const char * const *) types->pdata, action_states, NULL, m->actions,
             types->len - 1, EX_N_ACTION_STATES, TRUE, TRUE);
}

static void
write_organisations (Writer *w,
                     ExModel  *m)
{
  g_autoptr(GPtrArray) types = labels_with_unknown ("organisations", "type");
  const char *cols[] = {
    "Alle casussen: hulpverleners bij aanmelding", "Jaarkosten (EUR, per 100)",
    "Afgesloten casussen: hulpverleners bij aanmelding", "Jaarkosten (EUR, per 100)",
    "Afgesloten casussen: hulpverleners bij afsluiting", "Jaarkosten (EUR, per 100)",
  };
  const Show shows[] = { SHOW_COUNT, SHOW_COST_100, SHOW_COUNT, SHOW_COST_100, SHOW_COUNT,
                         SHOW_COST_100 };

  put_table (w, "Hulpverleners per type bij aanmelding en bij afsluiting", "Type",
             (const char * const *) types->pdata, cols, shows, m->orgs, types->len - 1, 6,
             FALSE, TRUE);
}

static void
write_budget (Writer *w,
              ExModel  *m)
{
  const char *cols[] = { "Aantal uitgaven", "Bedrag (EUR, per regel afgerond op 10)" };

  put_table (w, "Maatwerkbudget per doel", "Doel", _ct_export_enum ("expenses", "purpose"), cols,
             NULL, m->budget, _ct_export_n_enum ("expenses", "purpose"), 2, FALSE, TRUE);
}

static void
write_doorbraken (Writer *w,
                  ExData *data,
                  ExModel  *m)
{
  const char *header[] = {
    "Pseudoniem", "Soort regel", "Reikwijdte", "Status", "Maand doorbraak",
    "Budget gebruikt (EUR, per 10)", "Kosten voor (EUR, per 100)", "Kosten na (EUR, per 100)",
    "Uitkomst casus", NULL,
  };
  g_autoptr(GPtrArray) scopes = labels_with_unknown ("doorbraken", "scope");

  if (data->options.profile == CT_EXPORT_AGGREGATE)
    {
      put_table (w, "Doorbraken naar soort regel en reikwijdte", "Soort regel", rule_types,
                 (const char * const *) scopes->pdata, NULL, m->rule_scope, EX_N_RULE_TYPES,
                 scopes->len - 1, TRUE, TRUE);
      put_table (w, "Doorbraken naar status", "Status", _ct_export_enum ("doorbraken", "status"),
                 (const char *[]) { "Aantal" }, NULL, m->door_status,
                 _ct_export_n_enum ("doorbraken", "status"), 1, FALSE, TRUE);
      return;
    }

  put_header (w, header);
  for (guint i = 0; !m->drop_rows && i < data->doorbraken->len; i++)
    {
      ExDoorbraak *b = &g_array_index (data->doorbraken, ExDoorbraak, i);
      ExCase *c = _ct_export_case (data, b->case_index);

      put_text (w, 0, c->pseudonym);
      put_text (w, 1, rule_types[b->rule_type]);
      put_text (w, 2, enum_label ("doorbraken", "scope", b->scope));
      put_text (w, 3, enum_label ("doorbraken", "status", b->status));
      put_text (w, 4, b->month);
      put_count (w, 5, ct_anon_round (b->budget_cents, 10));
      put_count (w, 6, b->before_cents >= 0 ? ct_anon_round (b->before_cents, 100) : -1);
      put_count (w, 7, b->after_cents >= 0 ? ct_anon_round (b->after_cents, 100) : -1);
      put_text (w, 8, enum_label ("cases", "outcome", c->outcome));
      w->row++;
    }
}

static char *
range (const char *sheet,
       lxw_row_t   first,
       lxw_row_t   last,
       lxw_col_t   col)
{
  return g_strdup_printf ("='%s'!$%c$%u:$%c$%u", sheet, 'A' + col, first + 1, 'A' + col,
                          last + 1);
}

static void
add_chart (Writer     *w,
           const char *title,
           lxw_row_t   first,
           lxw_row_t   last,
           guint       n_series,
           const char *const *names,
           lxw_row_t   at_row)
{
  lxw_chart *chart = workbook_add_chart (w->workbook, LXW_CHART_COLUMN);
  g_autofree char *categories = range ("Grafieken", first, last, 0);

  for (guint s = 0; s < n_series; s++)
    {
      g_autofree char *values = range ("Grafieken", first, last, 1 + s);
      lxw_chart_series *series = chart_add_series (chart, categories, values);

      chart_series_set_name (series, names[s]);
    }
  chart_title_set_name (chart, title);
  if (n_series == 1)
    chart_legend_set_position (chart, LXW_CHART_LEGEND_NONE);
  check (w, worksheet_insert_chart (w->ws, at_row, 5, chart));
}

/* The charts' data first (constant memory: rows in order), then the
 * charts beside it. Suppressed values are empty, so a bar is missing
 * rather than drawn at zero. */
static void
write_charts (Writer *w,
              ExModel  *m)
{
  g_autoptr(GPtrArray) types = labels_with_unknown ("actions", "partner_type");
  const char *zrm_names[] = { "Intake", "Laatste meting" };
  const char *action_names[] = { "Acties" };
  lxw_row_t zrm_first, zrm_last, act_first, act_last;

  put_bold (w, 0, "Tabel: ZRM, gemiddelde score bij intake en bij de laatste meting");
  w->row++;
  put_header (w, (const char *[]) { "Domein", "Intake", "Laatste meting", NULL });
  zrm_first = w->row;
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      if (!m->domain_in[d])
        continue;
      put_text (w, 0, ct_zrm_domains[d]);
      if (!ct_anon_table_is_suppressed (m->zrm, d, 3) && ct_anon_table_get_basis (m->zrm, d, 3) > 0)
        {
          put_number (w, 1, m->zrm_means[d][0]);
          put_number (w, 2, m->zrm_means[d][1]);
        }
      w->row++;
    }
  zrm_last = w->row - 1;
  w->row++;

  put_bold (w, 0, "Tabel: acties per type ketenpartner");
  w->row++;
  put_header (w, (const char *[]) { "Type ketenpartner", "Acties", NULL });
  act_first = w->row;
  for (guint r = 0; r + 1 < types->len; r++)
    {
      put_text (w, 0, g_ptr_array_index (types, r));
      if (!ct_anon_table_is_suppressed (m->actions, r, EX_N_ACTION_STATES))
        put_number (w, 1, (double) ct_anon_table_get (m->actions, r, EX_N_ACTION_STATES));
      w->row++;
    }
  act_last = w->row - 1;

  if (zrm_last >= zrm_first)
    add_chart (w, "ZRM voor en na: gemiddelde score per domein", zrm_first, zrm_last, 2,
               zrm_names, 1);
  add_chart (w, "Acties per type ketenpartner", act_first, act_last, 1, action_names, 18);
}

static void
put_pair (Writer     *w,
          const char *what,
          const char *value)
{
  put_text (w, 0, what);
  put_text (w, 1, value);
  w->row++;
}

static void
put_pair_number (Writer     *w,
                 const char *what,
                 guint       value)
{
  put_text (w, 0, what);
  put_number (w, 1, value);
  w->row++;
}

static const char *const rules_nl[] = {
  "Nooit opgenomen: namen, BSN, adressen, postcodes, telefoonnummers, e-mailadressen, exacte "
  "datums, vrije tekst, namen en logins van teamleden, de naam van het team.",
  "Pseudoniem: een sleutel-gebonden hash (BLAKE2b) van het interne casusnummer; zonder het "
  "teambestand niet terug te rekenen.",
  "Leeftijd: leeftijdsklasse bij aanmelding (0-17, 18-26, 27-44, 45-64, 65+) van de eerste "
  "persoon van het huishouden (het hoofd).",
  "Datums: als maand (JJJJ-MM) of als aantal dagen sinds de aanmelding.",
  "Postcode: het gebied van het team waarin hij valt.",
  "Huishoudgrootte: 1, 2, 3-4, 5+ personen.",
  "Bedragen: jaarkosten afgerond op 100 euro; uitgaven uit het maatwerkbudget per regel "
  "afgerond op 10 euro.",
  "k-anonimiteit (microdata) op leeftijdsklasse, huishoudgrootte, gebied en geslacht: eerst "
  "leeftijdsklassen samengevoegd (0-26, 27-64, 65+), dan gebied weggelaten (alle), dan geslacht "
  "weggelaten (x), tot hoogstens 5% van de rijen in een te kleine groep valt; van die rijen "
  "zijn de vier kenmerken onderdrukt (x).",
  "l-diversiteit (licht): heeft in een groep met dezelfde kenmerken iedereen dezelfde "
  "intakescore-klasse (1-2, 3, 4-5) op een domein van gezondheid of justitie, dan is dat domein "
  "in die groep onderdrukt (x).",
  "Tabellen: cellen met 1 tot de drempel min 1 casussen zijn onderdrukt (x); heeft een rij of "
  "kolom met totaal daarna precies één onderdrukte cel, dan is ook de kleinste andere cel "
  "onderdrukt, zodat geen waarde uit de totalen terug te rekenen is.",
  "ZRM: alleen domeinen van categorieën die de exporterende medewerker mag inzien. Intake is "
  "de eerste intakemeting, laatste de laatste vervolg- of afsluitmeting.",
  "Soort regel bij doorbraken: afgeleid uit de vastgelegde regel in een vaste lijst (wet of "
  "regeling, beleidsregel, contract of convenant, werkwijze, overig); de tekst zelf is niet "
  "opgenomen.",
  "x = onderdrukt; leeg = niet van toepassing of onbekend.",
};

static void
write_account (Writer *w,
               ExData *data,
               ExModel  *m)
{
  CtExportReport *r = m->report;
  g_autofree char *version = g_strdup_printf ("Casustafel %s", PACKAGE_VERSION);
  g_autofree char *level = NULL;
  static const char *const levels[] = {
    "geen nodig", "leeftijdsklassen samengevoegd", "leeftijdsklassen samengevoegd; gebied weggelaten",
    "leeftijdsklassen samengevoegd; gebied en geslacht weggelaten",
  };
  gboolean aggregate = r->profile == CT_EXPORT_AGGREGATE;

  put_header (w, (const char *[]) { "Onderwerp", "Waarde", NULL });
  put_pair (w, "Profiel", aggregate ? "aggregaat (alleen tabellen)" : "microdata (een rij per casus)");
  put_pair (w, "Exportmaand", r->export_month);
  put_pair (w, "Software", version);
  put_pair (w, "Pseudoniemen", r->fresh_pseudonym_key
                                 ? "eenmalige sleutel: niet te koppelen aan andere exports"
                                 : "vaste sleutel van het team: te koppelen tussen exports");
  put_pair_number (w, "Aantal casussen", r->n_cases);
  if (!aggregate)
    {
      level = g_strdup (levels[MIN (m->k.level, G_N_ELEMENTS (levels) - 1)]);
      put_pair_number (w, "Rijen in Casussen", r->n_case_rows);
      put_pair_number (w, "Gevraagde k", r->k);
      put_pair_number (w, "Bereikte k (kleinste groep)", r->k_reached);
      put_pair (w, "Generalisatie", level);
      put_pair_number (w, "Rijen met onderdrukte kenmerken", r->n_rows_suppressed);
      if (m->drop_rows)
        put_pair (w, "Let op", "minder casussen dan k: geen rijen per casus opgenomen");
    }
  put_pair_number (w, "Drempel voor tabelcellen", r->threshold);
  put_pair_number (w, "Onderdrukte tabelcellen (primair)", r->n_cells_primary);
  put_pair_number (w, "Onderdrukte tabelcellen (secundair)", r->n_cells_secondary);
  if (!aggregate)
    put_pair_number (w, "Onderdrukte ZRM-cellen (l-diversiteit)", r->n_cells_diversity);
  w->row++;

  put_header (w, (const char *[]) { "Categorie", "Mag de medewerker inzien", "Opgenomen", NULL });
  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    {
      put_text (w, 0, category_names_nl[c]);
      put_text (w, 1, r->categories_readable & (1u << c) ? "ja" : "nee");
      put_text (w, 2, r->categories_included & (1u << c) ? "ja" : "nee");
      w->row++;
    }
  w->row++;

  put_bold (w, 0, "Toegepaste regels");
  w->row++;
  for (guint i = 0; i < G_N_ELEMENTS (rules_nl); i++)
    {
      put_text (w, 0, rules_nl[i]);
      w->row++;
    }
}

static void
write_sheets (Writer          *w,
              ExData          *data,
              ExModel           *m,
              CtExportProgress cb,
              gpointer         user_data)
{
  gboolean aggregate = data->options.profile == CT_EXPORT_AGGREGATE;

  start_sheet (w, SHEET_CASES);
  if (aggregate)
    write_cases_tables (w, data, m);
  else
    write_cases_rows (w, data, m, cb, user_data);
  report_progress (cb, user_data, 0.5);

  start_sheet (w, SHEET_ZRM);
  if (aggregate)
    write_zrm_table (w, m, TRUE);
  else
    write_zrm_rows (w, data, m);
  report_progress (cb, user_data, 0.8);

  start_sheet (w, SHEET_ACTIONS);
  write_actions (w, m);
  start_sheet (w, SHEET_ORGS);
  write_organisations (w, m);
  start_sheet (w, SHEET_BUDGET);
  write_budget (w, m);
  start_sheet (w, SHEET_DOORBRAKEN);
  write_doorbraken (w, data, m);
  start_sheet (w, SHEET_CHARTS);
  write_charts (w, m);
  start_sheet (w, SHEET_ACCOUNT);
  write_account (w, data, m);
}

/* The export month's first day at midnight UTC: no moment more exact. */
static time_t
month_start (const char *month)
{
  int y = 2000, mo = 1;
  g_autoptr(GDateTime) dt = NULL;

  sscanf (month, "%4d-%2d", &y, &mo);
  dt = g_date_time_new_utc (y, mo, 1, 0, 0, 0);
  return dt != NULL ? (time_t) g_date_time_to_unix (dt) : 1;
}

/**
 * _ct_export_write:
 * @tmp_path: where the workbook goes; the caller renames it
 *
 * Writes the workbook of @model. Any thread.
 */
gboolean
_ct_export_write (ExData          *data,
                  gpointer         model,
                  const char      *tmp_path,
                  CtExportProgress progress_cb,
                  gpointer         user_data,
                  GCancellable    *cancellable,
                  GError         **error)
{
  ExModel *m = model;
  g_autofree char *tmpdir = NULL;
  lxw_workbook_options options = { LXW_TRUE, NULL, LXW_TRUE };
  lxw_doc_properties properties = { 0 };
  Writer w = { 0 };
  lxw_error err;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  /* libxlsxwriter's temporary files are removed as soon as they are
   * opened; in the target's folder, a killed export leaves no empty folder
   * behind in $TMPDIR. */
  tmpdir = g_path_get_dirname (tmp_path);
  options.tmpdir = tmpdir;
  w.workbook = workbook_new_opt (tmp_path, &options);
  if (w.workbook == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED, _("Could not start the workbook."));
      return FALSE;
    }
  properties.title = (char *) "Evaluatie casustafel";
  properties.subject = (char *) "Geanonimiseerde gegevens voor evaluatie";
  properties.author = (char *) "Casustafel";
  properties.created = month_start (data->export_month);
  workbook_set_properties (w.workbook, &properties);
  w.bold = workbook_add_format (w.workbook);
  format_set_bold (w.bold);

  write_sheets (&w, data, m, progress_cb, user_data);

  /* workbook_close() frees the workbook whatever it returns. */
  err = workbook_close (w.workbook);
  if (w.error == LXW_NO_ERROR)
    w.error = err;
  if (w.error != LXW_NO_ERROR)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Could not write the workbook: %s."),
                   lxw_strerror (w.error));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  report_progress (progress_cb, user_data, 1.0);
  return TRUE;
}
