/* ct-export-workbook.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook (docs/export.md), writing the .xlsx from the rows and what the
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "ct-error.h"
#include "ct-export-private.h"

static const char *const category_names_nl[] = {
  "identiteit", "gezondheid", "justitie", "financien", "jeugd", "wonen", "werk", "algemeen",
};

/* ---- writing --------------------------------------------------------------- */

#define MAX_COLS 128

typedef struct
{
  lxw_workbook  *workbook;
  lxw_worksheet *ws;
  lxw_format    *bold;
  lxw_format    *hidden;    /* a suppressed cell: empty, hatched */
  lxw_format    *mean;      /* one decimal */
  lxw_format    *month;     /* a date shown as its month */
  lxw_format    *wrap;
  lxw_row_t      row;
  guint          width[MAX_COLS];
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
fit (Writer     *w,
     lxw_col_t   col,
     guint       chars)
{
  if (col < MAX_COLS)
    w->width[col] = MAX (w->width[col], MIN (chars, 60));
}

static void
put_text (Writer     *w,
          lxw_col_t   col,
          const char *text)
{
  if (text != NULL && text[0] != '\0')
    {
      check (w, worksheet_write_string (w->ws, w->row, col, text, NULL));
      fit (w, col, g_utf8_strlen (text, -1));
    }
}

static void
put_bold (Writer     *w,
          lxw_col_t   col,
          const char *text)
{
  check (w, worksheet_write_string (w->ws, w->row, col, text, w->bold));
  fit (w, col, g_utf8_strlen (text, -1) + 1);
}

static void
put_number (Writer    *w,
            lxw_col_t  col,
            double     value)
{
  char text[32];

  check (w, worksheet_write_number (w->ws, w->row, col, value, NULL));
  fit (w, col, g_snprintf (text, sizeof text, "%.0f", value));
}

static void
put_mean (Writer    *w,
          lxw_col_t  col,
          double     value)
{
  check (w, worksheet_write_number (w->ws, w->row, col, value, w->mean));
  fit (w, col, 5);
}

/* "YYYY-MM" as a date (its first day) shown as its month; other text as is. */
static void
put_period (Writer     *w,
            lxw_col_t   col,
            const char *label)
{
  gboolean month = strlen (label) == 7 && label[4] == '-';

  for (guint i = 0; month && i < 7; i++)
    month = i == 4 || g_ascii_isdigit (label[i]);
  if (month)
    {
      lxw_datetime dt = { atoi (label), atoi (label + 5), 1, 0, 0, 0 };

      check (w, worksheet_write_datetime (w->ws, w->row, col, &dt, w->month));
      fit (w, col, 8);
    }
  else
    put_text (w, col, label);
}

static void
put_hidden (Writer    *w,
            lxw_col_t  col)
{
  check (w, worksheet_write_blank (w->ws, w->row, col, w->hidden));
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

/* Column widths fitted to what was written in the sheet. */
static void
finish_sheet (Writer *w)
{
  if (w->ws == NULL)
    return;
  for (lxw_col_t c = 0; c < MAX_COLS; c++)
    if (w->width[c] > 0)
      check (w, worksheet_set_column (w->ws, c, c, w->width[c] + 2, NULL));
  memset (w->width, 0, sizeof w->width);
}

static void
start_sheet (Writer *w,
             guint   index)
{
  finish_sheet (w);
  w->ws = workbook_add_worksheet (w->workbook, _ct_export_sheet_names[index]);
  w->row = 0;
  if (w->ws == NULL)
    check (w, LXW_ERROR_MEMORY_MALLOC_FAILED);
  else
    {
      worksheet_set_landscape (w->ws);
      worksheet_fit_to_pages (w->ws, 1, 0);
    }
}

static void
report_progress (CtExportProgress cb,
                 gpointer         user_data,
                 double           fraction)
{
  if (cb != NULL)
    cb (0.3 + 0.7 * fraction, user_data);
}

/* ---- microdata --------------------------------------------------------------- */

static void
write_notice (Writer *w,
              ExData *data)
{
  g_autofree char *reference = g_strdup_printf ("Verwerkersovereenkomst: %s", data->agreement);
  const char *lines[] = {
    "Gepseudonimiseerde persoonsgegevens",
    "Dit werkboek bevat een rij per casus. Het zijn persoonsgegevens in de zin van de AVG, ook "
    "zonder namen: het mag alleen naar een evaluator onder een verwerkersovereenkomst, en alleen "
    "voor de evaluatie die daarin staat.",
    reference,
    "Niet doorsturen, niet koppelen aan andere bestanden, niet proberen personen te herkennen. "
    "Verwijder het werkboek wanneer de overeenkomst dat zegt.",
    "Het blad Verantwoording zegt wat er met de gegevens is gedaan.",
  };

  put_bold (w, 0, lines[0]);
  w->row += 2;
  for (guint i = 1; i < G_N_ELEMENTS (lines); i++)
    {
      check (w, worksheet_write_string (w->ws, w->row, 0, lines[i], w->wrap));
      w->row++;
    }
  check (w, worksheet_set_column (w->ws, 0, 0, 100, NULL));
}

static void
write_cases_rows (Writer          *w,
                  ExData          *data,
                  ExModel         *m,
                  CtExportProgress cb,
                  gpointer         user_data)
{
  lxw_col_t flag = (lxw_col_t) m->n_qi + 1;

  put_bold (w, 0, "Pseudoniem");
  for (guint c = 0; c < m->n_qi; c++)
    put_bold (w, c + 1, m->qi[c].header);
  put_bold (w, flag, "Onderdrukte kenmerken");
  w->row++;
  worksheet_freeze_panes (w->ws, 1, 1);
  check (w, worksheet_autofilter (w->ws, 0, 0, MAX (m->n_rows, 1), flag));

  for (guint p = 0; p < m->n_rows && w->error == LXW_NO_ERROR; p++)
    {
      guint i = m->order[p];
      ExCase *c = _ct_export_case (data, m->rows[i]);
      guint hidden = 0;

      put_text (w, 0, c->pseudonym);
      for (guint q = 0; q < m->n_qi; q++)
        {
          guint level = m->md.level[q];
          guint code = ct_anon_md_code (m->anon_cols, &m->md, q, i);

          if (code >= m->qi[q].n_codes[level])
            {
              put_hidden (w, q + 1);
              hidden++;
            }
          else if (m->qi[q].qi == CT_EXPORT_QI_REFERRAL || m->qi[q].qi == CT_EXPORT_QI_CLOSED)
            put_period (w, q + 1, g_ptr_array_index (m->qi[q].labels[level], code));
          else
            put_text (w, q + 1, g_ptr_array_index (m->qi[q].labels[level], code));
        }
      put_number (w, flag, hidden);
      w->row++;
      if (p % 2000 == 1999)
        report_progress (cb, user_data, 0.5 * p / m->n_rows);
    }
}

static void
write_zrm_rows (Writer *w,
                ExData *data,
                ExModel  *m)
{
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
  put_bold (w, col, "Onderdrukte scores");
  w->row++;
  worksheet_freeze_panes (w->ws, 1, 1);
  check (w, worksheet_autofilter (w->ws, 0, 0, MAX (m->n_rows, 1), col));

  for (guint p = 0; p < m->n_rows && w->error == LXW_NO_ERROR; p++)
    {
      guint i = m->order[p];
      ExCase *c = _ct_export_case (data, m->rows[i]);
      guint hidden = 0;

      col = 0;
      put_text (w, col++, c->pseudonym);
      for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
        {
          if (!m->domain_in[d])
            continue;
          if (m->zrm_hidden[(gsize) i * CT_ZRM_N_DOMAINS + d])
            {
              for (guint j = 0; j < 3; j++)
                put_hidden (w, col++);
              hidden += 3;
              continue;
            }
          put_count (w, col++, c->zrm_intake[d] > 0 ? c->zrm_intake[d] : -1);
          put_count (w, col++, c->zrm_latest[d] > 0 ? c->zrm_latest[d] : -1);
          if (c->zrm_intake[d] > 0 && c->zrm_latest[d] > 0)
            put_number (w, col, c->zrm_latest[d] - c->zrm_intake[d]);
          col++;
        }
      put_number (w, col, hidden);
      w->row++;
    }
}

/* ---- tables ------------------------------------------------------------------ */

/* A block: "Tabel: title", a header, the rows, "Totaal", the note on hidden
 * cells, an empty row. Hidden cells are empty and hatched, and a column
 * "Verborgen" counts them per row, so a sum over a row cannot silently
 * leave one out. */
static void
put_table (Writer  *w,
           ExTable *t)
{
  g_autofree char *heading = g_strdup_printf ("Tabel: %s", t->title);
  lxw_col_t flag = t->n_cols + 1 + (t->row_totals ? 1 : 0);

  put_bold (w, 0, heading);
  w->row++;
  put_bold (w, 0, t->row_header);
  for (guint c = 0; c < t->n_cols; c++)
    put_bold (w, c + 1, g_ptr_array_index (t->col_labels, c));
  if (t->row_totals)
    put_bold (w, t->n_cols + 1, "Totaal");
  if (t->note != NULL)
    put_bold (w, flag, "Verborgen");
  w->row++;

  for (guint r = 0; r <= t->n_rows; r++)
    {
      guint hidden = 0;

      if (r == t->n_rows && !t->col_totals)
        break;
      put_period (w, 0, r < t->n_rows ? g_ptr_array_index (t->row_labels, r) : "Totaal");
      for (guint c = 0; c <= t->n_cols; c++)
        {
          gint64 v;

          if (c == t->n_cols && !t->row_totals)
            break;
          if (ct_anon_table_is_suppressed (t->table, r, c))
            {
              put_hidden (w, c + 1);
              hidden++;
              continue;
            }
          v = ct_anon_table_get_shown (t->table, r, c);
          put_number (w, c + 1, c < t->n_cols && t->cost_col[c] > 0
                                  ? (double) ct_anon_round (v, t->cost_col[c]) : (double) v);
        }
      if (t->note != NULL)
        put_number (w, flag, hidden);
      w->row++;
    }
  if (t->note != NULL)
    {
      check (w, worksheet_write_string (w->ws, w->row, 0, t->note, NULL));
      w->row++;
    }
  w->row++;
}

static void
put_tables (Writer  *w,
            ExModel *m,
            guint    sheet)
{
  for (guint i = 0; m->tables[sheet] != NULL && i < m->tables[sheet]->len; i++)
    put_table (w, g_ptr_array_index (m->tables[sheet], i));
}

/* The row of every domain together counts domain scores (a case with two
 * measured domains counts twice); its means are over those scores. */
#define ALL_DOMAINS "alle domeinen samen (aantal: domeinscores)"

/* Domains with too few cases keep their row, hidden and without means. */
static void
write_zrm_table (Writer  *w,
                 ExModel *m)
{
  const char *header[] = { "Domein", "Aantal casussen", "Gemiddeld intake", "Gemiddeld laatste",
                           "Gemiddelde verandering", "Verbeterd", "Gelijk", "Verslechterd",
                           "Verborgen", NULL };

  put_bold (w, 0, "Tabel: ZRM bij intake en bij de laatste meting (casussen met beide)");
  w->row++;
  put_header (w, header);
  for (guint d = 0; d <= CT_ZRM_N_DOMAINS; d++)
    {
      gboolean hidden = ct_anon_table_is_suppressed (m->zrm, d, 3);
      guint n = ct_anon_table_get_basis (m->zrm, d, 3), n_hidden = 0;

      if (d < CT_ZRM_N_DOMAINS && !m->domain_in[d])
        continue;
      put_text (w, 0, d < CT_ZRM_N_DOMAINS ? ct_zrm_domains[d] : ALL_DOMAINS);
      if (hidden)
        {
          for (lxw_col_t c = 1; c <= 4; c++)
            put_hidden (w, c);
          n_hidden += 4;
        }
      else
        put_number (w, 1, (double) ct_anon_table_get_shown (m->zrm, d, 3));
      for (int j = 0; j < 3 && !hidden && n > 0; j++)
        put_mean (w, 2 + j, m->zrm_means[d][j]);
      for (guint c = 0; c < 3; c++)
        if (ct_anon_table_is_suppressed (m->zrm, d, c))
          {
            put_hidden (w, 5 + c);
            n_hidden++;
          }
        else
          put_number (w, 5 + c, (double) ct_anon_table_get_shown (m->zrm, d, c));
      put_number (w, 8, n_hidden);
      w->row++;
    }
  w->row++;
}

/* ---- charts ---------------------------------------------------------------- */

static char *
range (const char *sheet,
       lxw_row_t   first,
       lxw_row_t   last,
       lxw_col_t   col)
{
  return g_strdup_printf ("='%s'!$%c$%u:$%c$%u", sheet, 'A' + col, first + 1, 'A' + col,
                          last + 1);
}

/* Sized to fit beside the data on one landscape page. */
static void
add_chart (Writer     *w,
           const char *title,
           lxw_row_t   first,
           lxw_row_t   last,
           guint       n_series,
           const char *const *names,
           lxw_row_t   at_row)
{
  lxw_chart *chart = workbook_add_chart (w->workbook, LXW_CHART_BAR);
  g_autofree char *categories = range ("Grafieken", first, last, 0);
  lxw_chart_options options = { 0 };

  for (guint s = 0; s < n_series; s++)
    {
      g_autofree char *values = range ("Grafieken", first, last, 1 + s);
      lxw_chart_series *series = chart_add_series (chart, categories, values);

      chart_series_set_name (series, names[s]);
    }
  chart_title_set_name (chart, title);
  if (n_series == 1)
    chart_legend_set_position (chart, LXW_CHART_LEGEND_NONE);
  else
    chart_legend_set_position (chart, LXW_CHART_LEGEND_BOTTOM);
  options.x_scale = 1.2;
  options.y_scale = 1.1;
  check (w, worksheet_insert_chart_opt (w->ws, at_row, 5, chart, &options));
}

/* The charts' data first (constant memory: rows in order), then a chart
 * beside each block that has a value to show; a hidden mean is empty. */
static void
write_charts (Writer  *w,
              ExData  *data,
              ExModel *m)
{
  const char *zrm_names[] = { "Intake", "Laatste meting" };
  const char *action_names[] = { "Acties" };
  gboolean micro = data->options.profile == CT_EXPORT_MICRODATA;
  lxw_row_t zrm_first, zrm_last, act_first = 0, act_last = 0;
  guint zrm_shown = 0, act_shown = 0;

  put_bold (w, 0, "Tabel: ZRM, gemiddelde score bij intake en bij de laatste meting");
  w->row++;
  put_header (w, (const char *[]) { "Domein", "Intake", "Laatste meting", "Casussen", NULL });
  zrm_first = w->row;
  for (guint d = 0; d < CT_ZRM_N_DOMAINS + (micro ? 0 : 1); d++)
    {
      gboolean shown;

      if (d < CT_ZRM_N_DOMAINS && !m->domain_in[d])
        continue;
      put_text (w, 0, d < CT_ZRM_N_DOMAINS ? ct_zrm_domains[d] : "alle domeinen samen");
      shown = micro ? m->row_means_n[d] >= data->options.k
                    : !ct_anon_table_is_suppressed (m->zrm, d, 3)
                        && ct_anon_table_get_basis (m->zrm, d, 3) > 0;
      if (shown)
        {
          put_mean (w, 1, micro ? m->row_means[d][0] : m->zrm_means[d][0]);
          put_mean (w, 2, micro ? m->row_means[d][1] : m->zrm_means[d][1]);
          put_number (w, 3, micro ? m->row_means_n[d]
                                  : (double) ct_anon_table_get_shown (m->zrm, d, 3));
          zrm_shown++;
        }
      else
        {
          put_hidden (w, 1);
          put_hidden (w, 2);
          put_hidden (w, 3);
        }
      w->row++;
    }
  zrm_last = w->row - 1;
  w->row++;

  if (!micro && m->tables[SHEET_ACTIONS] != NULL)
    {
      ExTable *t = g_ptr_array_index (m->tables[SHEET_ACTIONS], 0);

      put_bold (w, 0, "Tabel: acties per type ketenpartner");
      w->row++;
      put_header (w, (const char *[]) { "Type ketenpartner", "Acties", NULL });
      act_first = w->row;
      for (guint r = 0; r < t->n_rows; r++)
        {
          put_text (w, 0, g_ptr_array_index (t->row_labels, r));
          if (!ct_anon_table_is_suppressed (t->table, r, t->n_cols))
            {
              put_number (w, 1, (double) ct_anon_table_get_shown (t->table, r, t->n_cols));
              act_shown++;
            }
          else
            put_hidden (w, 1);
          w->row++;
        }
      act_last = w->row - 1;
    }

  if (zrm_shown > 0)
    add_chart (w, "ZRM voor en na: gemiddelde score per domein", zrm_first, zrm_last, 2,
               zrm_names, 1);
  if (act_shown > 0)
    add_chart (w, "Acties per type ketenpartner", act_first, act_last, 1, action_names, 20);
  if (zrm_shown == 0 && act_shown == 0)
    {
      w->row++;
      put_text (w, 0, "Geen grafieken: elke waarde is verborgen of er zijn te weinig casussen.");
    }
}

/* ---- Verantwoording ---------------------------------------------------------- */

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
                 double      value)
{
  put_text (w, 0, what);
  put_number (w, 1, value);
  w->row++;
}

static const char *const rules_nl[] = {
  "Nooit opgenomen: namen, BSN, adressen, postcodes, telefoonnummers, e-mailadressen, exacte "
  "datums, vrije tekst, namen en logins van teamleden, de naam van het team.",
  "Verborgen cel: leeg en gearceerd. Een kolom 'Verborgen' of 'Onderdrukte ...' telt per rij "
  "de verborgen cellen: is dat getal groter dan 0, dan is een som over die rij onvolledig. Een "
  "lege cel zonder arcering is niet van toepassing of onbekend.",
  "Leeftijd: leeftijdsklasse bij aanmelding van het hoofd van het huishouden. Datums: als "
  "periode (maand, kwartaal, half jaar, jaar) of als klasse van dagen sinds de aanmelding. "
  "Postcode: het gebied van het team. Bedragen: in klassen of afgerond.",
  "Verwijzer: de soort, afgeleid uit de vastgelegde verwijzer in een vaste lijst; de naam zelf "
  "is niet opgenomen. Soort regel bij doorbraken: idem.",
  "Wat versleuteling afdwingt en wat de software: in het teambestand zijn de gegevens van een "
  "categorie (identiteit, gezondheid, justitie, financien, jeugd, wonen, werk) versleuteld met "
  "een sleutel die alleen teamleden hebben van wie de rol die categorie mag inzien; een ander "
  "lid kan ze niet lezen, ook niet buiten Casustafel om. De algemene gegevens van alle "
  "huishoudens (en de recordsleutels van de celsleutelmethode) kan elk teamlid ontsleutelen. "
  "Dat een lid alleen de huishoudens inziet waarbij het betrokken is, bewaakt de software, niet "
  "de versleuteling: zij weigert en legt elke inzage en elke export vast in het "
  "toegangslogboek, maar een lid dat het bestand buiten Casustafel om opent, wordt daardoor niet "
  "tegengehouden. Deze export bevat alleen categorieen die de medewerker mag inzien (zie de "
  "tabel hierboven).",
};

static const char *const rules_micro_nl[] = {
  "Microdata: alleen casussen met toestemming voor evaluatie (toestemming 'evaluatie', niet "
  "ingetrokken). De volgorde van de rijen is willekeurig (cryptografisch), per export opnieuw.",
  "Kenmerken die een insider kan weten zijn alle quasi-identificerend: leeftijdsklasse, "
  "geslacht, huishoudgrootte en samenstelling, gebied, periode van aanmelding en afsluiting, "
  "soort verwijzer, status, uitkomst, aantallen (domeinen, hulpverleners, acties, doorbraken), "
  "duur, kosten en besteding van het maatwerkbudget.",
  "k-anonimiteit: elke combinatie van ten hoogste drie van deze kolommen komt minstens k keer "
  "voor. Eerst is per kolom een grovere indeling gekozen (maand > kwartaal > half jaar > jaar > "
  "alle; klassen > grovere klassen > alle), tot hoogstens 5% van de rijen in een te kleine groep "
  "viel; daarna zijn losse cellen onderdrukt. Een onderdrukte cel telt als eigen waarde.",
  "l-diversiteit: heeft in een groep (van een combinatie van ten hoogste drie kenmerken, of het "
  "hele bestand) iedereen met een score dezelfde klasse (1-2, 3, 4-5; bij verandering: lager, "
  "gelijk, hoger) op een domein van gezondheid of justitie, dan zijn intake, laatste meting en "
  "verandering van dat domein in die groep onderdrukt. Ontbrekende scores tellen niet mee.",
  "Gemiddelden en grafieken zijn berekend over de scores die getoond worden; onderdrukte "
  "scores tellen niet mee.",
  "Wat twee exports nog verbindt: met dezelfde sleutel hetzelfde pseudoniem; met een eenmalige "
  "sleutel niets dan de inhoud van de rij zelf (dezelfde kenmerken van hetzelfde huishouden).",
};

static const char *const rules_aggregate_nl[] = {
  "Aggregaat: tabellen over alle casussen, ook die zonder toestemming voor evaluatie; geen rij "
  "per casus en geen pseudoniemen.",
  "Drempel: cellen met 1 tot de drempel min 1 casussen zijn verborgen (primair), en ook een "
  "aantal dat met zijn ruis (zie de celsleutelmethode) onder de drempel komt: een getoond aantal "
  "is nooit kleiner dan de drempel, en of een cel verborgen is, verraadt niet het precieze "
  "aantal. Heeft een rij of kolom met totaal daarna precies een verborgen cel, dan is ook de "
  "kleinste andere cel verborgen (secundair).",
  "Dominantie (p%-regel, p = 20): een bedrag waarvan de andere casussen samen minder dan 20% "
  "van de grootste bijdrage vormen, buiten de twee grootste, is verborgen.",
  "Celsleutelmethode (zoals CBS en ABS): elk huishouden heeft een vaste willekeurige "
  "recordsleutel in het teambestand; de sleutel van een cel volgt uit die van de casussen erin. "
  "Een vaste tabel geeft daarbij een kleine ruis van -2 tot +2 (kans 5, 20, 50, 20, 5%); bij "
  "bedragen die ruis maal 5% van de grootste bijdrage; bij gemiddelden maal 0,1 (een aantal van "
  "precies de drempel plus 2 krijgt hoogstens +1). Dezelfde "
  "casussen geven altijd dezelfde ruis, dus het verschil van twee exports is ruis en geen "
  "huishouden. Totalen hebben hun eigen ruis en zijn daardoor niet altijd de som van hun cellen.",
  "Perioden: een tabel per maand wordt per kwartaal, half jaar, jaar of de hele periode gegeven "
  "als anders meer dan een derde van de perioden verborgen zou zijn.",
};

static void
put_rules (Writer             *w,
           const char * const *rules,
           guint               n)
{
  for (guint i = 0; i < n; i++)
    {
      check (w, worksheet_write_string (w->ws, w->row, 0, rules[i], w->wrap));
      w->row++;
    }
}

static void
write_account (Writer *w,
               ExData *data,
               ExModel  *m)
{
  CtExportReport *r = m->report;
  g_autofree char *version = g_strdup_printf ("Casustafel %s", PACKAGE_VERSION);
  gboolean aggregate = r->profile == CT_EXPORT_AGGREGATE;

  put_header (w, (const char *[]) { "Onderwerp", "Waarde", NULL });
  put_pair (w, "Profiel", aggregate ? "aggregaat: anonieme tabellen"
                                    : "microdata: gepseudonimiseerde persoonsgegevens, een rij "
                                      "per casus");
  put_pair (w, "Exportmaand", r->export_month);
  put_pair (w, "Software", version);
  put_pair_number (w, "Aantal casussen in het team", r->n_cases);
  put_pair_number (w, "Niet opgenomen: huishoudens met beperkte verwerking (AVG art. 18)",
                   r->n_restricted);
  if (!aggregate)
    {
      put_pair (w, "Verwerkersovereenkomst", data->agreement);
      put_pair (w, "Pseudoniemen", r->fresh_pseudonym_key
                                     ? "eenmalige sleutel, nergens bewaard: niet te koppelen aan "
                                       "andere exports"
                                     : "sleutel van het team voor dit doel en deze overeenkomst: "
                                       "te koppelen aan eerdere exports onder dezelfde "
                                       "overeenkomst, niet aan andere doelen");
      put_pair_number (w, "Niet opgenomen: geen toestemming voor evaluatie", r->n_no_consent);
      if (r->previous_export != NULL)
        {
          /* Its month only: the workbook holds no exact date. */
          g_autofree char *month = g_strndup (r->previous_export, 7);

          put_pair (w, "Maand van de vorige export onder deze overeenkomst", month);
          put_pair_number (w, "Toestemming ingetrokken sinds de vorige export",
                           r->n_withdrawn_since);
          if (r->n_withdrawn_since > 0)
            put_pair (w, "Let op",
                      "deze casussen staan niet meer in deze export; de onderzoeker verwijdert "
                      "hun rijen uit eerdere exports onder deze overeenkomst");
        }
      else
        put_pair (w, "Maand van de vorige export onder deze overeenkomst", "geen");
      put_pair (w, "Zonder vastgelegde toestemming geldt",
                data->unrecorded_is_consent ? "als gegeven (teaminstelling)"
                                            : "als niet gegeven");
      put_pair_number (w, "Rijen in Casussen", r->n_case_rows);
      put_pair_number (w, "Gevraagde k", r->k);
      put_pair_number (w, "Bereikte k (kleinste groep over ten hoogste drie kenmerken)",
                       r->k_reached);
      for (guint c = 0; c < m->n_qi; c++)
        if (m->md.level[c] > 0)
          {
            g_autofree char *what = g_strdup_printf ("Gegeneraliseerd: %s", m->qi[c].header);

            put_pair (w, what, m->md.level[c] + 1 == m->qi[c].n_levels ? "alle (weggelaten)"
                                                                       : "grovere indeling");
          }
      put_pair_number (w, "Onderdrukte kenmerkcellen", r->n_cells_rows_suppressed);
      put_pair_number (w, "Rijen met een onderdrukt kenmerk", r->n_rows_suppressed);
      put_pair_number (w, "Informatieverlies (0 = geen, 1 = alles)",
                       ((int) (r->information_loss * 1000 + 0.5)) / 1000.0);
      put_pair_number (w, "Onderdrukte ZRM-cellen (l-diversiteit)", r->n_cells_diversity);
      if (m->drop_rows)
        put_pair (w, "Let op", "minder casussen met toestemming dan k: geen rijen opgenomen");
    }
  else
    {
      put_pair_number (w, "Drempel voor tabelcellen", r->threshold);
      put_pair_number (w, "Verborgen cellen (primair)", r->n_cells_primary);
      put_pair_number (w, "Verborgen cellen (secundair)", r->n_cells_secondary);
      put_pair_number (w, "Verborgen cellen (dominantie)", r->n_cells_dominance);
      put_pair (w, "Celsleutelmethode", data->with_cell_keys ? "toegepast" : "niet toegepast");
    }
  if (r->below_default)
    {
      g_autofree char *defaults = g_strdup_printf ("k %u, drempel %u; gekozen: k %u, drempel %u",
                                                   data->default_k, data->default_threshold,
                                                   r->k, r->threshold);

      put_pair (w, "Onder de standaard van het team", defaults);
      put_pair (w, "Bevestigd door een beheerder, met reden", data->reason);
    }
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
  finish_sheet (w);
  check (w, worksheet_set_column (w->ws, 0, 0, 90, NULL));
  put_rules (w, rules_nl, G_N_ELEMENTS (rules_nl));
  if (aggregate)
    put_rules (w, rules_aggregate_nl, G_N_ELEMENTS (rules_aggregate_nl));
  else
    put_rules (w, rules_micro_nl, G_N_ELEMENTS (rules_micro_nl));
}

static void
write_sheets (Writer          *w,
              ExData          *data,
              ExModel         *m,
              CtExportProgress cb,
              gpointer         user_data)
{
  const guint *order = _ct_export_profile_sheets (data->options.profile);
  gboolean aggregate = data->options.profile == CT_EXPORT_AGGREGATE;

  for (guint i = 0; order[i] != N_SHEETS && w->error == LXW_NO_ERROR; i++)
    {
      start_sheet (w, order[i]);
      switch (order[i])
        {
        case SHEET_NOTICE:
          write_notice (w, data);
          break;
        case SHEET_CASES:
          if (aggregate)
            put_tables (w, m, SHEET_CASES);
          else
            write_cases_rows (w, data, m, cb, user_data);
          report_progress (cb, user_data, 0.5);
          break;
        case SHEET_ZRM:
          if (aggregate)
            write_zrm_table (w, m);
          else
            write_zrm_rows (w, data, m);
          report_progress (cb, user_data, 0.8);
          break;
        case SHEET_CHARTS:
          write_charts (w, data, m);
          break;
        case SHEET_ACCOUNT:
          write_account (w, data, m);
          break;
        default:
          put_tables (w, m, order[i]);
          break;
        }
    }
  finish_sheet (w);
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
  w.hidden = workbook_add_format (w.workbook);
  format_set_pattern (w.hidden, LXW_PATTERN_GRAY_125);
  w.mean = workbook_add_format (w.workbook);
  format_set_num_format (w.mean, "0.0");
  w.month = workbook_add_format (w.workbook);
  format_set_num_format (w.month, "yyyy-mm");
  w.wrap = workbook_add_format (w.workbook);
  format_set_text_wrap (w.wrap);

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
