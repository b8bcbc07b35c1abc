/* ct-export-gather-scan.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook (docs/export.md), the scans of the team that
 * ct-export-gather.c runs: every table the export needs is scanned once
 * through the session (ct_session_scan(): the member's categories,
 * authenticated values, the access log), only the fields it needs, and
 * coarsened while it is read.
 *
 * Rows refer to each other by id. Every scan runs in id order, so the ids
 * of cases, households and advice are kept as sorted arrays beside their
 * rows and found by binary search: no allocation per row. */

#define G_LOG_DOMAIN "ct-export"

#include "config.h"

#include <string.h>

#include "ct-export-gather-private.h"
#include "ct-export-private.h"

#define GATHER_SHARE 0.3

/* Index + 1 of @id in the ascending @ids, 0 when absent. */
static guint
find_id (GArray *ids,
         gint64  id)
{
  guint index;

  return ct_scan_find_id (ids, id, &index) ? index + 1 : 0;
}

static gboolean
two_digits (const char *p,
            guint      *out)
{
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  *out = (guint) (p[0] - '0') * 10 + (guint) (p[1] - '0');
  return TRUE;
}

/* "YYYY-MM-DD" → a Julian day number and its parts; 0 when absent or not
 * a date. */
guint32
_ct_export_parse_day (const char *text,
                      int         ymd[3])
{
  guint hi, lo, m, d;
  GDate date;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || !two_digits (text, &hi) || !two_digits (text + 2, &lo)
      || !two_digits (text + 5, &m) || !two_digits (text + 8, &d)
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) (hi * 100 + lo)))
    return 0;
  if (ymd != NULL)
    {
      ymd[0] = (int) (hi * 100 + lo);
      ymd[1] = (int) m;
      ymd[2] = (int) d;
    }
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) (hi * 100 + lo));
  return g_date_get_julian (&date);
}

/* "YYYY-MM" of @text, a date _ct_export_parse_day() read as @day; "" when it did not. */
static void
month_of (const char *text,
          guint32     day,
          char        out[8])
{
  out[0] = '\0';
  if (day != 0)
    {
      memcpy (out, text, 7);
      out[7] = '\0';
    }
}

static void
progress (Gather *g,
          double  fraction)
{
  if (g->progress_cb != NULL)
    g->progress_cb (fraction * GATHER_SHARE, g->progress_data);
}

static ExCase *
case_at (Gather *g,
         guint   index)
{
  return &g_array_index (g->data->cases, ExCase, index);
}

static HouseholdInfo *
household_at (Gather *g,
              gint64  id)
{
  guint index = find_id (g->household_ids, id);

  return index > 0 ? &g_array_index (g->households, HouseholdInfo, index - 1) : NULL;
}

#define FIELDS(...) ((const char * const []) { __VA_ARGS__, NULL })

/* ---- areas and households ------------------------------------------------ */

static gboolean
scan_area (const CtScanRow *row,
           gpointer         user_data,
           GError         **error)
{
  Gather *g = user_data;
  guint index = g->data->areas->len;
  g_auto(GStrv) pcs = g_strsplit (row->values[1] ?: "", ",", -1);

  g_ptr_array_add (g->data->areas, g_strdup (row->values[0] ?: ""));
  for (guint p = 0; pcs[p] != NULL; p++)
    if (!g_hash_table_contains (g->pc4_areas, pcs[p]))
      g_hash_table_insert (g->pc4_areas, g_strdup (pcs[p]), GUINT_TO_POINTER (index + 1));
  return TRUE;
}

/* The household's area only when it is one of the team's areas: the field
 * is a free line. */
static gboolean
scan_household (const CtScanRow *row,
                gpointer         user_data,
                GError         **error)
{
  Gather *g = user_data;
  HouseholdInfo info = { 0 };
  const char *area = row->values[0];

  /* A household under restriction of processing is left out whole:
   * its cases and every row of theirs find no household or case. */
  if (g_hash_table_contains (g->restricted, &row->id))
    {
      g->data->n_restricted++;
      return TRUE;
    }
  info.sex = -1;
  info.pc4_area = info.area = (guint16) g->data->areas->len;
  for (guint a = 0; area != NULL && a < g->data->areas->len; a++)
    if (strcmp (area, g_ptr_array_index (g->data->areas, a)) == 0)
      info.area = (guint16) a;
  g_array_append_val (g->household_ids, row->id);
  g_array_append_val (g->households, info);
  return TRUE;
}

static void
set_head (Gather          *g,
          HouseholdInfo   *info,
          const CtScanRow *row,
          gboolean         hoofd)
{
  const char *postcode = row->values[4];

  info->has_head = TRUE;
  info->head_is_hoofd = hoofd;
  memset (info->birth, 0, sizeof info->birth);
  _ct_export_parse_day (row->values[2], info->birth);
  info->sex = (gint8) ct_field_enum_index (g->sex, row->values[3]);
  info->pc4_area = (guint16) g->data->areas->len;
  if (postcode != NULL && strlen (postcode) >= 4)
    {
      char pc4[5] = { 0 };
      guint a;

      memcpy (pc4, postcode, 4);
      a = GPOINTER_TO_UINT (g_hash_table_lookup (g->pc4_areas, pc4));
      if (a > 0)
        info->pc4_area = (guint16) (a - 1);
    }
}

/* The first person: the head of the household, else the first entered. */
static gboolean
scan_person (const CtScanRow *row,
             gpointer         user_data,
             GError         **error)
{
  Gather *g = user_data;
  HouseholdInfo *info = household_at (g, row->numbers[0]);
  gboolean hoofd = g_strcmp0 (row->values[1], "hoofd") == 0;

  if (info == NULL)
    return TRUE;
  info->n_persons++;
  if (g_strcmp0 (row->values[1], "partner") == 0)
    info->n_partners++;
  else if (g_strcmp0 (row->values[1], "kind") == 0)
    info->n_children++;
  else if (!hoofd)
    info->n_others++;
  if (!info->has_head || (hoofd && !info->head_is_hoofd))
    set_head (g, info, row, hoofd);
  return TRUE;
}

/* ---- cases ----------------------------------------------------------------- */

static void
set_case_qi (Gather    *g,
             ExCase    *c,
             CaseDates *d)
{
  HouseholdInfo *info = d->household > 0
                          ? &g_array_index (g->households, HouseholdInfo, d->household - 1)
                          : NULL;
  guint n_areas = g->data->areas->len;

  c->qi = (CtAnonQi) { CT_AGE_UNKNOWN, CT_SIZE_UNKNOWN, (guint16) n_areas, 3 /* onbekend */ };
  c->composition = EX_COMPOSITION_UNKNOWN;
  if (info == NULL)
    return;
  c->qi.size = (guint8) ct_anon_size_band (info->n_persons);
  c->composition = info->n_others > 0 ? EX_COMPOSITION_OTHER
                   : info->n_partners > 0 ? (info->n_children > 0 ? EX_COMPOSITION_COUPLE_CHILDREN
                                                                  : EX_COMPOSITION_COUPLE)
                   : info->n_children > 0 ? EX_COMPOSITION_SINGLE_PARENT
                   : EX_COMPOSITION_SINGLE;
  c->qi.area = info->area < n_areas ? info->area : info->pc4_area;
  if (info->sex >= 0)
    c->qi.sex = (guint8) info->sex;
  if (info->birth[0] > 0 && d->referral != 0)
    c->qi.age = (guint8) ct_anon_age_band (info->birth[0], info->birth[1], info->birth[2],
                                           d->referral_ymd[0], d->referral_ymd[1],
                                           d->referral_ymd[2]);
}

/* The referrer's kind, from a fixed list; the line itself never leaves the
 * team file. A kind that is a fact of a category (GGZ is health, the police
 * justice, ...) is "overig" for a member who may not read that category. */
static guint8
referrer_type (Gather     *g,
               const char *text)
{
  static const struct { ExReferrer type; CtCategory category; const char *words[5]; } kinds[] = {
    { EX_REFERRER_GP, CT_CATEGORY_HEALTH, { "huisarts", "praktijkondersteun", NULL } },
    { EX_REFERRER_SAFETY, CT_CATEGORY_YOUTH, { "veilig thuis", "jeugdbescherming", "raad voor",
                                               NULL } },
    { EX_REFERRER_SOCIAL_TEAM, CT_CATEGORY_GENERAL, { "wijkteam", "buurtteam", "sociaal team",
                                                      NULL } },
    { EX_REFERRER_HOUSING, CT_CATEGORY_HOUSING, { "woon", "corporatie", "verhuur", NULL } },
    { EX_REFERRER_POLICE, CT_CATEGORY_JUSTICE, { "politie", "reclassering", "justitie", NULL } },
    { EX_REFERRER_DEBT, CT_CATEGORY_FINANCE, { "schuld", "kredietbank", "budget", NULL } },
    { EX_REFERRER_SCHOOL, CT_CATEGORY_YOUTH, { "leerplicht", "school", "onderwijs", NULL } },
    { EX_REFERRER_MENTAL, CT_CATEGORY_HEALTH, { "ggz", "verslaving", "psych", NULL } },
    { EX_REFERRER_WORK, CT_CATEGORY_WORK, { "werkplein", "uwv", "werk en inkomen", "participatie",
                                            NULL } },
    { EX_REFERRER_SOCIAL_WORK, CT_CATEGORY_GENERAL, { "maatschappelijk werk", NULL } },
    { EX_REFERRER_SELF, CT_CATEGORY_GENERAL, { "zelf", "eigen", NULL } },
  };
  g_autofree char *lower = NULL;

  if (text == NULL || text[0] == '\0')
    return EX_REFERRER_UNKNOWN;
  lower = g_utf8_strdown (text, -1);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint w = 0; kinds[k].words[w] != NULL; w++)
      if (strstr (lower, kinds[k].words[w]) != NULL)
        return g->data->readable & (1u << kinds[k].category) ? kinds[k].type : EX_REFERRER_OTHER;
  return EX_REFERRER_OTHER;
}

/* Links the case into its household's list of cases. */
static void
link_case (Gather    *g,
           CaseDates *d,
           guint      index)
{
  HouseholdInfo *info;

  if (d->household == 0)
    return;
  info = &g_array_index (g->households, HouseholdInfo, d->household - 1);
  if (info->last_case != 0)
    _ct_export_dates_at (g, info->last_case - 1)->next_case = index + 1;
  else
    info->first_case = index + 1;
  info->last_case = index + 1;
}

static gboolean
scan_case (const CtScanRow *row,
           gpointer         user_data,
           GError         **error)
{
  Gather *g = user_data;
  /* The readable domains, from the case's sets per category (values 5 to 11);
   * the referrer is value 12. */
  g_autofree char *domains = ct_domains_join (row->values + 5);
  guint index = g->data->cases->len;
  ExCase c = { 0 };
  CaseDates d = { 0 };

  if (g_hash_table_contains (g->restricted, &row->numbers[0]))
    return TRUE;
  d.household = find_id (g->household_ids, row->numbers[0]);
  d.referral = _ct_export_parse_day (row->values[1], d.referral_ymd);
  d.closed = _ct_export_parse_day (row->values[2], NULL);
  c.status = (gint8) ct_field_enum_index (g->case_status, row->values[3]);
  c.outcome = (gint8) ct_field_enum_index (g->outcome, row->values[4]);
  month_of (row->values[1], d.referral, c.referral_month);
  month_of (row->values[2], d.closed, c.closed_month);
  c.days_to_advice = -1;
  c.days_to_close = d.closed != 0 && d.referral != 0 ? (gint) (d.closed - d.referral) : -1;
  c.orgs_close = d.closed != 0 ? 0 : -1;
  c.referrer = referrer_type (g, row->values[12]);
  c.spend_permille = -1;
  if (domains != NULL && domains[0] != '\0')
    {
      c.n_domains = 1;
      for (const char *p = domains; *p != '\0'; p++)
        c.n_domains += *p == ',';
    }
  set_case_qi (g, &c, &d);
  g_array_append_val (g->case_ids, row->id);
  g_array_append_val (g->data->cases, c);
  g_array_append_val (g->dates, d);
  link_case (g, _ct_export_dates_at (g, index), index);
  return TRUE;
}

static gboolean
scan_advice (const CtScanRow *row,
             gpointer         user_data,
             GError         **error)
{
  Gather *g = user_data;
  guint index = find_id (g->case_ids, row->numbers[0]);
  guint32 day = _ct_export_parse_day (row->values[1], NULL);
  guint case_index;
  ExCase *c;
  CaseDates *d;
  gint days;

  if (index == 0)
    return TRUE;
  case_index = index - 1;
  g_array_append_val (g->advice_ids, row->id);
  g_array_append_val (g->advice_cases, case_index);
  c = case_at (g, case_index);
  d = _ct_export_dates_at (g, case_index);
  days = day != 0 && d->referral != 0 ? (gint) day - (gint) d->referral : -1;
  if (days >= 0 && (c->days_to_advice < 0 || days < c->days_to_advice))
    c->days_to_advice = days;
  return TRUE;
}

/* ---- assessments ----------------------------------------------------------- */

static void
zrm_scores (Gather          *g,
            const CtScanRow *row,
            guint            index,
            gboolean         intake,
            guint32          day)
{
  ExCase *c = case_at (g, index);
  CaseDates *d = _ct_export_dates_at (g, index);

  for (guint k = 0; k < CT_ZRM_N_DOMAINS; k++)
    {
      if (row->values[3 + k] == NULL
          || !(g->data->readable & (1u << ct_zrm_domain_category (k))))
        continue;
      if (intake)
        c->zrm_intake[k] = (gint8) row->numbers[3 + k];
      else if (day > d->latest[k] || (day == d->latest[k] && row->id > d->latest_id[k]))
        {
          c->zrm_latest[k] = (gint8) row->numbers[3 + k];
          d->latest[k] = day;
          d->latest_id[k] = row->id;
        }
    }
}

/* Intake: the first "intake" assessment; latest: the last other one, per
 * domain, by date and then by entry. */
static gboolean
scan_zrm (const CtScanRow *row,
          gpointer         user_data,
          GError         **error)
{
  Gather *g = user_data;
  guint index = find_id (g->case_ids, row->numbers[0]);
  gboolean intake = g_strcmp0 (row->values[1], "intake") == 0;
  guint32 day = _ct_export_parse_day (row->values[2], NULL);
  CaseDates *d;

  if (index == 0)
    return TRUE;
  d = _ct_export_dates_at (g, index - 1);
  if (intake && d->intake_day != 0 && day >= d->intake_day)
    return TRUE;
  zrm_scores (g, row, index - 1, intake, day);
  if (intake)
    d->intake_day = day != 0 ? day : 1;
  return TRUE;
}

/* ---- consent and budget periods ------------------------------------------ */

/* "evaluatie" consent, of any category: given while one is not withdrawn.
 * Withdrawn consents are kept with their days for _ct_export_apply(). */
static gboolean
scan_consent (const CtScanRow *row,
              gpointer         user_data,
              GError         **error)
{
  Gather *g = user_data;
  guint index = find_id (g->case_ids, row->numbers[0]);
  ExConsentSpan span;
  ExCase *c;

  if (index == 0 || g_strcmp0 (row->values[1], "evaluatie") != 0)
    return TRUE;
  c = case_at (g, index - 1);
  /* Kept for _ct_export_apply(), which knows the previous export. */
  span = (ExConsentSpan) { index - 1, _ct_export_parse_day (row->values[3], NULL),
                           _ct_export_parse_day (row->values[2], NULL) };
  if (span.given != 0 && span.withdrawn != 0)
    g_array_append_val (g->consents, span);
  if (row->values[2] == NULL || row->values[2][0] == '\0')
    c->consent = EX_CONSENT_GIVEN;
  else if (c->consent != EX_CONSENT_GIVEN)
    c->consent = EX_CONSENT_WITHDRAWN;
  return TRUE;
}

static gboolean
scan_period (const CtScanRow *row,
             gpointer         user_data,
             GError         **error)
{
  Gather *g = user_data;
  ExPeriod p = { { 0 } };

  month_of (row->values[0], _ct_export_parse_day (row->values[0], NULL), p.start_month);
  month_of (row->values[1], _ct_export_parse_day (row->values[1], NULL), p.end_month);
  p.amount_cents = row->numbers[2];
  p.ceiling_cents = row->numbers[3];
  g_array_append_val (g->period_ids, row->id);
  g_array_append_val (g->data->periods, p);
  return TRUE;
}

/* Per case, the most it spent of a period's ceiling, in permille. */
static void
set_spending (Gather *g)
{
  ExData *data = g->data;
  guint n_periods = data->periods->len;
  g_autofree gint64 *spent = g_new0 (gint64, (gsize) MAX (data->cases->len, 1) * MAX (n_periods, 1));

  for (guint i = 0; i < data->expenses->len; i++)
    {
      ExExpense *e = &g_array_index (data->expenses, ExExpense, i);

      if (e->period > 0)
        spent[(gsize) e->case_index * n_periods + e->period - 1] += e->cents;
    }
  for (guint i = 0; i < data->cases->len; i++)
    for (guint p = 0; p < n_periods; p++)
      {
        gint64 ceiling = g_array_index (data->periods, ExPeriod, p).ceiling_cents;
        gint64 s = spent[(gsize) i * n_periods + p];

        if (s > 0 && ceiling > 0)
          case_at (g, i)->spend_permille = MAX (case_at (g, i)->spend_permille,
                                                (gint) MIN (s * 1000 / ceiling, 100000));
      }
  for (guint i = 0; i < data->doorbraken->len; i++)
    {
      ExCase *c = case_at (g, g_array_index (data->doorbraken, ExDoorbraak, i).case_index);

      c->n_doorbraken = (guint8) MIN (c->n_doorbraken + 1, 255);
    }
}

/* ---- organisations, actions, expenses ------------------------------------- */

static void
add_organisation (Gather          *g,
                  const CtScanRow *row,
                  guint            type,
                  guint            index)
{
  ExCase *c = case_at (g, index);
  CaseDates *d = _ct_export_dates_at (g, index);
  guint32 since = _ct_export_parse_day (row->values[2], NULL);
  guint32 until = _ct_export_parse_day (row->values[3], NULL);
  ExOrganisation o = { index, (guint8) type, FALSE, FALSE, row->numbers[4] };

  o.at_intake = (since == 0 || since <= d->referral) && (until == 0 || until >= d->referral);
  o.at_close = d->closed != 0 && (since == 0 || since <= d->closed)
               && (until == 0 || until > d->closed);
  c->orgs_intake += o.at_intake;
  if (o.at_intake)
    c->cost_intake_cents += o.cost_cents;
  if (o.at_close)
    {
      c->orgs_close++;
      c->cost_close_cents += o.cost_cents;
    }
  g_array_append_val (g->data->organisations, o);
}

/* An organisation is involved with the household: with each of its cases. */
static gboolean
scan_organisation (const CtScanRow *row,
                   gpointer         user_data,
                   GError         **error)
{
  Gather *g = user_data;
  HouseholdInfo *info = household_at (g, row->numbers[0]);
  int type = ct_field_enum_index (g->org_type, row->values[1]);

  for (guint c = info != NULL ? info->first_case : 0; c != 0;
       c = _ct_export_dates_at (g, c - 1)->next_case)
    add_organisation (g, row, type >= 0 ? (guint) type : g->n_org_types, c - 1);
  return TRUE;
}

static guint8
action_state (Gather          *g,
              const CtScanRow *row)
{
  const char *status = row->values[3];
  guint32 due = _ct_export_parse_day (row->values[4], NULL);
  guint32 done = _ct_export_parse_day (row->values[5], NULL);

  if (g_strcmp0 (status, "geweigerd") == 0)
    return EX_ACTION_REFUSED;
  if (g_strcmp0 (status, "gedaan") == 0)
    return due == 0 || done == 0 || done <= due ? EX_ACTION_ON_TIME : EX_ACTION_LATE;
  return due != 0 && due < g->today ? EX_ACTION_OVERDUE : EX_ACTION_OPEN;
}

/* An action belongs to the case of its advice, else to the household's
 * latest case. */
static gboolean
scan_action (const CtScanRow *row,
             gpointer         user_data,
             GError         **error)
{
  Gather *g = user_data;
  guint advice = row->values[0] != NULL ? find_id (g->advice_ids, row->numbers[0]) : 0;
  guint index = advice != 0 ? g_array_index (g->advice_cases, guint, advice - 1) + 1 : 0;
  HouseholdInfo *info;
  int type;
  ExAction a;

  if (index == 0 && (info = household_at (g, row->numbers[1])) != NULL)
    index = info->last_case;
  if (index == 0)
    return TRUE;
  type = ct_field_enum_index (g->partner_type, row->values[2]);
  a = (ExAction) { index - 1, (guint8) (type >= 0 ? (guint) type : g->n_partner_types),
                   action_state (g, row) };
  case_at (g, index - 1)->n_actions++;
  g_array_append_val (g->data->actions, a);
  return TRUE;
}

static gboolean
scan_expense (const CtScanRow *row,
              gpointer         user_data,
              GError         **error)
{
  Gather *g = user_data;
  guint index = find_id (g->case_ids, row->numbers[0]);
  int purpose = ct_field_enum_index (g->purpose, row->values[1]);
  ExExpense e;

  if (index == 0 || purpose < 0)
    return TRUE;
  e = (ExExpense) { index - 1, (guint8) purpose, row->numbers[2],
                    find_id (g->period_ids, row->numbers[3]) };
  g_array_append_val (g->data->expenses, e);
  return TRUE;
}

/* ---- doorbraken -------------------------------------------------------------- */

/* The blocking rule's kind, from a fixed list: the rule, its article and
 * whose rule it is are free lines and never leave the team file. */
static guint8
rule_type (const char * const *texts)
{
  static const struct { ExRuleType type; const char *words[6]; } kinds[] = {
    { EX_RULE_LAW, { "wet", "art.", "artikel", "besluit", "verordening", NULL } },
    { EX_RULE_POLICY, { "beleid", "regeling", "richtlijn", NULL } },
    { EX_RULE_CONTRACT, { "voorwaarden", "overeenkomst", "convenant", "contract", NULL } },
    { EX_RULE_ROUTINE, { "werkinstructie", "werkwijze", "routine", "protocol", "procedure",
                         NULL } },
  };
  gboolean any = FALSE;

  for (guint f = 0; f < 3; f++)
    {
      g_autofree char *text = g_utf8_strdown (texts[f] ?: "", -1);

      any |= text[0] != '\0';
      for (guint k = 0; text[0] != '\0' && k < G_N_ELEMENTS (kinds); k++)
        for (guint w = 0; kinds[k].words[w] != NULL; w++)
          if (strstr (text, kinds[k].words[w]) != NULL)
            return kinds[k].type;
    }
  return any ? EX_RULE_OTHER : EX_RULE_UNKNOWN;
}

static gboolean
scan_doorbraak (const CtScanRow *row,
                gpointer         user_data,
                GError         **error)
{
  Gather *g = user_data;
  guint index = find_id (g->case_ids, row->numbers[0]);
  ExDoorbraak b = { 0 };

  if (index == 0)
    return TRUE;
  b.case_index = index - 1;
  b.rule_type = rule_type (row->values + 1);
  b.scope = (gint8) ct_field_enum_index (g->scope, row->values[4]);
  b.status = (guint8) MAX (0, ct_field_enum_index (g->doorbraak_status, row->values[5]));
  month_of (row->values[6], _ct_export_parse_day (row->values[6], NULL), b.month);
  b.budget_cents = row->values[7] != NULL ? row->numbers[7] : 0;
  b.before_cents = row->values[8] != NULL ? row->numbers[8] : -1;
  b.after_cents = row->values[9] != NULL ? row->numbers[9] : -1;
  g_array_append_val (g->data->doorbraken, b);
  return TRUE;
}

/* ---- the whole read -------------------------------------------------------- */

static gboolean
scan_team (Gather  *g,
           GError **error)
{
  CtSession *s = g->session;
  gboolean ok;

  ok = ct_session_scan (s, "areas", FIELDS ("name", "postcodes"), scan_area, g, error)
       && ct_session_scan (s, "households", FIELDS ("area"), scan_household, g, error)
       && ct_session_scan (s, "persons",
                           FIELDS ("household_id", "relation", "birth_date", "sex", "postcode"),
                           scan_person, g, error);
  progress (g, 0.3);
  ok = ok && ct_session_scan (s, "cases",
                              FIELDS ("household_id", "referral_date", "closed_on", "status",
                                      "outcome", "domains", "domains_health", "domains_justice",
                                      "domains_finance", "domains_youth", "domains_housing",
                                      "domains_work", "referred_by"), scan_case, g, error)
       && ct_session_scan (s, "advice", FIELDS ("case_id", "decided_on"), scan_advice, g, error);
  progress (g, 0.5);
  ok = ok && ct_session_scan (s, "zrm", g->zrm_fields, scan_zrm, g, error)
       && ct_session_scan (s, "organisations",
                           FIELDS ("household_id", "type", "since", "until", "yearly_cost_cents"),
                           scan_organisation, g, error);
  progress (g, 0.8);
  ok = ok && ct_session_scan (s, "actions",
                              FIELDS ("advice_id", "household_id", "partner_type", "status",
                                      "due_on", "done_on"), scan_action, g, error)
       && ct_session_scan (s, "consents", FIELDS ("case_id", "purpose", "withdrawn_on", "given_on"),
                           scan_consent, g, error)
       && ct_session_scan (s, "budget_periods",
                           FIELDS ("starts_on", "ends_on", "amount_cents", "case_ceiling_cents"),
                           scan_period, g, error)
       && ct_session_scan (s, "expenses",
                           FIELDS ("case_id", "purpose", "amount_cents", "period_id"),
                           scan_expense, g, error)
       && ct_session_scan (s, "doorbraken",
                           FIELDS ("case_id", "blocked_article", "blocked_rule", "blocked_owner",
                                   "scope", "status", "reached_on", "budget_cents",
                                   "cost_before_cents", "cost_after_cents"),
                           scan_doorbraak, g, error);
  if (ok)
    set_spending (g);
  progress (g, 1.0);
  return ok;
}

gboolean
_ct_export_scan_team_cb (CtSession  *session,
                         gpointer    data,
                         GError    **error)
{
  return scan_team (data, error);
}
