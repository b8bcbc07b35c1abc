/* ct-export-gather.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook (docs/export.md), reading the team: every table the
 * export needs is scanned once through the session (ct_session_scan(): the
 * member's categories, authenticated values, the access log), only the
 * fields it needs, and coarsened while it is read. What comes out (ExData)
 * holds no name, number, address, exact date or free text: the blocking
 * rule's text is reduced to its kind here and never copied.
 *
 * Rows refer to each other by id. Every scan runs in id order, so the ids
 * of cases, households and advice are kept as sorted arrays beside their
 * rows and found by binary search: no allocation per row. */

#define G_LOG_DOMAIN "ct-export"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-clock.h"
#include "ct-crypto.h"
#include "ct-export-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-restrict-private.h"

#define GATHER_SHARE 0.3

typedef struct
{
  guint    n_persons;
  gboolean has_head;
  gboolean head_is_hoofd;
  guint    n_partners;
  guint    n_children;
  guint    n_others;
  int      birth[3];      /* y, m, d; 0 when unknown */
  gint8    sex;           /* -1 unknown */
  guint16  pc4_area;      /* from the postcode, n_areas when unknown */
  guint16  area;          /* from the household row, n_areas when unknown */
  guint    first_case;    /* index + 1; 0: none */
  guint    last_case;
} HouseholdInfo;

typedef struct
{
  guint   household;     /* index + 1 into the households; 0: unknown */
  guint   next_case;     /* index + 1 of the household's next case */
  guint32 referral;      /* Julian days; 0 unknown */
  int     referral_ymd[3];
  guint32 closed;
  guint32 latest[CT_ZRM_N_DOMAINS];
  gint64  latest_id[CT_ZRM_N_DOMAINS];
  guint32 intake_day;
} CaseDates;

typedef struct
{
  CtSession        *session;
  ExData           *data;
  GArray           *case_ids;      /* gint64, ascending, parallel to data->cases */
  GArray           *dates;         /* CaseDates, parallel to data->cases */
  GArray           *household_ids; /* gint64, ascending */
  GArray           *households;    /* HouseholdInfo, parallel */
  GArray           *advice_ids;    /* gint64, ascending */
  GArray           *advice_cases;  /* guint case index, parallel */
  GArray           *period_ids;    /* gint64, ascending, parallel to data->periods */
  GHashTable       *pc4_areas;     /* "1234" → area index + 1 */
  const CtField    *sex, *case_status, *outcome, *org_type, *partner_type, *purpose, *scope,
                   *doorbraak_status;
  guint             n_org_types, n_partner_types;  /* the index of "not given" */
  const char       *zrm_fields[3 + CT_ZRM_N_DOMAINS + 1];
  GArray           *consents;      /* ExConsentSpan */
  GHashTable       *restricted;    /* households under restriction (gint64 *): left out */
  guint32           today;
  CtExportProgress  progress_cb;
  gpointer          progress_data;
} Gather;

/* ---- helpers ------------------------------------------------------------ */

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
static guint32
parse_day (const char *text,
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

/* "YYYY-MM" of @text, a date parse_day() read as @day; "" when it did not. */
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

static CaseDates *
dates_at (Gather *g,
          guint   index)
{
  return &g_array_index (g->dates, CaseDates, index);
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
  parse_day (row->values[2], info->birth);
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
    dates_at (g, info->last_case - 1)->next_case = index + 1;
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
  d.referral = parse_day (row->values[1], d.referral_ymd);
  d.closed = parse_day (row->values[2], NULL);
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
  link_case (g, dates_at (g, index), index);
  return TRUE;
}

static gboolean
scan_advice (const CtScanRow *row,
             gpointer         user_data,
             GError         **error)
{
  Gather *g = user_data;
  guint index = find_id (g->case_ids, row->numbers[0]);
  guint32 day = parse_day (row->values[1], NULL);
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
  d = dates_at (g, case_index);
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
  CaseDates *d = dates_at (g, index);

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
  guint32 day = parse_day (row->values[2], NULL);
  CaseDates *d;

  if (index == 0)
    return TRUE;
  d = dates_at (g, index - 1);
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
  span = (ExConsentSpan) { index - 1, parse_day (row->values[3], NULL),
                           parse_day (row->values[2], NULL) };
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

  month_of (row->values[0], parse_day (row->values[0], NULL), p.start_month);
  month_of (row->values[1], parse_day (row->values[1], NULL), p.end_month);
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
  CaseDates *d = dates_at (g, index);
  guint32 since = parse_day (row->values[2], NULL), until = parse_day (row->values[3], NULL);
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

  for (guint c = info != NULL ? info->first_case : 0; c != 0; c = dates_at (g, c - 1)->next_case)
    add_organisation (g, row, type >= 0 ? (guint) type : g->n_org_types, c - 1);
  return TRUE;
}

static guint8
action_state (Gather          *g,
              const CtScanRow *row)
{
  const char *status = row->values[3];
  guint32 due = parse_day (row->values[4], NULL), done = parse_day (row->values[5], NULL);

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
  month_of (row->values[6], parse_day (row->values[6], NULL), b.month);
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

static gboolean
scan_team_cb (CtSession  *session,
              gpointer    data,
              GError    **error)
{
  return scan_team (data, error);
}

static guint
setting_or (CtSession  *session,
            const char *key,
            guint       fallback)
{
  g_autofree char *value = ct_session_get_setting (session, key, NULL);
  guint64 n;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, 10000, &n, NULL))
    return fallback;
  return (guint) n;
}

/* The team's defaults: the settings "export.k" and "export.threshold",
 * else 5 and 10. */
void
_ct_export_defaults (CtSession *session,
                     guint     *k,
                     guint     *threshold)
{
  *k = setting_or (session, "export.k", CT_EXPORT_DEFAULT_K);
  *threshold = setting_or (session, "export.threshold", CT_EXPORT_DEFAULT_THRESHOLD);
}

/* The key of this export's pseudonyms: a random one never stored, or the
 * team's key narrowed to the purpose (the evaluator's microdata under one
 * agreement), so that workbooks for other purposes, the finance export
 * among them, cannot be joined on their pseudonyms. */
static guint8 *
pseudonym_key (CtSession             *session,
               const CtExportOptions *options,
               GError               **error)
{
  guint8 *key = ct_secure_alloc (CT_PSEUDONYM_KEY_SIZE);
  g_autofree char *purpose = NULL;

  if (options->fresh_pseudonym_key)
    {
      randombytes_buf (key, CT_PSEUDONYM_KEY_SIZE);
      return key;
    }
  if (!ct_pseudonym_load_key (session, key, error))
    {
      ct_secure_free (key);
      return NULL;
    }
  purpose = g_strdup_printf ("evaluator-%s:%s", ct_export_profile_to_string (options->profile),
                             options->agreement ?: "");
  ct_pseudonym_derive_key (key, purpose, key);
  return key;
}

/* Each household's record key for the cell-key method: random, stored in
 * the team file on its first aggregate export and kept, so the same
 * households always get the same noise; never in a workbook. A household
 * that has none yet gets, when the team still has the secret that earlier
 * versions derived the keys from, the key derived from it, so its noise
 * does not change between those exports and the next; else a random one.
 * The keys made here are kept in @data (new_record_ids, new_record_keys)
 * and stored only by an export (_ct_export_store_record_keys()), so a
 * preview stores nothing and the export that follows it stores the very
 * keys its noise was computed with. Who holds K_db can read the keys and
 * so predict the noise: see docs/export.md. */
static gboolean
set_record_keys (CtExportGather *gather,
                 CtSession      *session,
                 ExData         *data,
                 GError        **error)
{
  guint n = gather->household_ids->len;
  const gint64 *ids = (const gint64 *) (gpointer) gather->household_ids->data;
  g_autofree guint32 *keys = g_new0 (guint32, MAX (n, 1));
  g_autofree gboolean *have = g_new0 (gboolean, MAX (n, 1));
  guint8 *secret = NULL;
  gboolean found = FALSE;

  if (!ct_session_load_record_keys (session, ids, n, keys, have, error))
    return FALSE;
  data->new_record_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  data->new_record_keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < n; i++)
    {
      if (have[i])
        continue;
      if (secret == NULL)
        {
          secret = ct_secure_alloc (CT_PSEUDONYM_KEY_SIZE);
          if (!ct_pseudonym_load_secret (session, CT_CELL_KEY_SETTING, FALSE, secret, &found,
                                         error))
            {
              ct_secure_free (secret);
              return FALSE;
            }
        }
      keys[i] = found ? ct_pseudonym_record_key (secret, ids[i]) : randombytes_random ();
      g_array_append_val (data->new_record_ids, ids[i]);
      g_array_append_val (data->new_record_keys, keys[i]);
    }
  if (secret != NULL)
    ct_secure_free (secret);

  data->with_cell_keys = TRUE;
  for (guint i = 0; i < data->cases->len; i++)
    {
      guint household = g_array_index (gather->case_households, guint, i);

      /* Every case has a household; one that could not be read counts as
       * a household of its own. */
      g_array_index (data->cases, ExCase, i).record_key =
        household > 0 ? keys[household - 1] : randombytes_random ();
    }
  return TRUE;
}

/* Stores the record keys @data made (set_record_keys()), for an export. */
gboolean
_ct_export_store_record_keys (CtSession *session,
                              ExData    *data,
                              GError   **error)
{
  if (data->new_record_ids == NULL || data->new_record_ids->len == 0)
    return TRUE;
  if (!ct_session_store_record_keys (session, (const gint64 *) (gpointer) data->new_record_ids->data,
                                     (const guint32 *) (gpointer) data->new_record_keys->data,
                                     data->new_record_ids->len, error))
    return FALSE;
  g_array_set_size (data->new_record_ids, 0);
  g_array_set_size (data->new_record_keys, 0);
  return TRUE;
}

static guint
readable_categories (CtSession *session)
{
  guint mask = 0;

  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    if (ct_session_can_read (session, c))
      mask |= 1u << c;
  return mask;
}

static ExData *
data_new (guint readable)
{
  ExData *data = g_new0 (ExData, 1);

  data->readable = readable;
  data->cases = g_array_new (FALSE, TRUE, sizeof (ExCase));
  data->actions = g_array_new (FALSE, TRUE, sizeof (ExAction));
  data->organisations = g_array_new (FALSE, TRUE, sizeof (ExOrganisation));
  data->expenses = g_array_new (FALSE, TRUE, sizeof (ExExpense));
  data->doorbraken = g_array_new (FALSE, TRUE, sizeof (ExDoorbraak));
  data->areas = g_ptr_array_new_with_free_func (g_free);
  data->periods = g_array_new (FALSE, TRUE, sizeof (ExPeriod));
  return data;
}

static void
gather_clear (Gather *g)
{
  g_array_unref (g->dates);
  g_array_unref (g->households);
  g_array_unref (g->advice_ids);
  g_array_unref (g->advice_cases);
  g_array_unref (g->period_ids);
  g_hash_table_unref (g->pc4_areas);
}

static const CtField *
enum_field (const char *table,
            const char *field)
{
  return ct_table_get_field (ct_schema_get_table (table), field);
}

static void
set_enums (Gather *g)
{
  g->sex = enum_field ("persons", "sex");
  g->case_status = enum_field ("cases", "status");
  g->outcome = enum_field ("cases", "outcome");
  g->org_type = enum_field ("organisations", "type");
  g->partner_type = enum_field ("actions", "partner_type");
  g->purpose = enum_field ("expenses", "purpose");
  g->scope = enum_field ("doorbraken", "scope");
  g->doorbraak_status = enum_field ("doorbraken", "status");
  g->n_org_types = _ct_export_n_enum ("organisations", "type");
  g->n_partner_types = _ct_export_n_enum ("actions", "partner_type");
  g->zrm_fields[0] = "case_id";
  g->zrm_fields[1] = "kind";
  g->zrm_fields[2] = "assessed_on";
  for (guint k = 0; k < CT_ZRM_N_DOMAINS; k++)
    g->zrm_fields[3 + k] = ct_zrm_domains[k];
  g->zrm_fields[3 + CT_ZRM_N_DOMAINS] = NULL;
}

static guint32
today (void)
{
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  return g_date_get_julian (&date);
}

static void
gather_free (CtExportGather *gather)
{
  _ct_export_data_free (gather->data);
  g_clear_pointer (&gather->case_ids, g_array_unref);
  g_clear_pointer (&gather->case_households, g_array_unref);
  g_clear_pointer (&gather->household_ids, g_array_unref);
  g_clear_pointer (&gather->consents, g_array_unref);
  _ct_export_gather_forget (gather);
}

CtExportGather *
ct_export_gather_ref (CtExportGather *gather)
{
  return g_atomic_rc_box_acquire (gather);
}

void
ct_export_gather_unref (CtExportGather *gather)
{
  if (gather != NULL)
    g_atomic_rc_box_release_full (gather, (GDestroyNotify) gather_free);
}

/* Reads and coarsens every row the export needs, as @session's member may
 * see them, once and whatever the options: what depends on them
 * (pseudonyms, record keys, consent withdrawn since the previous export)
 * is added per options by _ct_export_apply(). @session is the member's
 * session in its own thread or a reader in a worker thread. */
static CtExportGather *
gather_scan (CtSession       *session,
             guint32          day,
             CtExportProgress progress_cb,
             gpointer         user_data,
             GError         **error)
{
  CtExportGather *gather = g_atomic_rc_box_new0 (CtExportGather);
  Gather g = { session };
  gboolean ok;

  gather->data = g.data = data_new (readable_categories (session));
  gather->case_ids = g.case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gather->household_ids = g.household_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gather->consents = g.consents = g_array_new (FALSE, FALSE, sizeof (ExConsentSpan));
  g.today = day;
  g.dates = g_array_new (FALSE, TRUE, sizeof (CaseDates));
  g.households = g_array_new (FALSE, TRUE, sizeof (HouseholdInfo));
  g.advice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g.advice_cases = g_array_new (FALSE, FALSE, sizeof (guint));
  g.period_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g.pc4_areas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g.progress_cb = progress_cb;
  g.progress_data = user_data;
  set_enums (&g);

  g.restricted = _ct_session_restricted_households (session, error);
  /* One batch: the tables read in one snapshot and logged in one
   * transaction after the reading, each scan's entry as its own scan would
   * have written it, rather than a write transaction per table. */
  ok = g.restricted != NULL && _ct_session_read_batch (session, scan_team_cb, &g, error);
  g_clear_pointer (&g.restricted, g_hash_table_unref);
  if (ok)
    {
      gather->case_households = g_array_sized_new (FALSE, FALSE, sizeof (guint), g.dates->len);
      for (guint i = 0; i < g.dates->len; i++)
        g_array_append_val (gather->case_households, dates_at (&g, i)->household);
    }
  gather_clear (&g);
  if (!ok)
    {
      ct_export_gather_unref (gather);
      return NULL;
    }
  return gather;
}

/**
 * _ct_export_apply:
 * @with_key: %FALSE for a preview, which needs no pseudonyms and must not
 *   make the team's key
 *
 * The export's data for @options from what @gather read: the gathered rows
 * are shared, the cases copied and given what the options decide.
 * Reads the settings and the log through @session, in its thread.
 */
ExData *
_ct_export_apply (CtExportGather        *gather,
                  CtSession             *session,
                  const CtExportOptions *options,
                  gboolean               with_key,
                  GError               **error)
{
  g_autoptr(ExData) data = g_new0 (ExData, 1);
  ExData *base = gather->data;
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *unrecorded = NULL;
  guint32 previous = 0;

  if (!_ct_session_require_unlocked (session, error))
    return NULL;
  unrecorded = ct_session_get_setting (session, CT_EXPORT_CONSENT_SETTING, NULL);
  data->options = *options;
  _ct_export_defaults (session, &data->default_k, &data->default_threshold);
  if (data->options.k == 0)
    data->options.k = data->default_k;
  if (data->options.threshold == 0)
    data->options.threshold = data->default_threshold;
  data->agreement = g_strdup (options->agreement);
  data->reason = g_strdup (options->reason);
  data->options.agreement = data->agreement;
  data->options.reason = data->reason;
  data->unrecorded_is_consent = g_strcmp0 (unrecorded, "given") == 0;
  g_snprintf (data->export_month, sizeof data->export_month, "%04d-%02d",
              g_date_time_get_year (now), g_date_time_get_month (now));
  data->readable = base->readable;
  data->n_restricted = base->n_restricted;
  data->cases = g_array_copy (base->cases);
  data->actions = g_array_ref (base->actions);
  data->organisations = g_array_ref (base->organisations);
  data->expenses = g_array_ref (base->expenses);
  data->doorbraken = g_array_ref (base->doorbraken);
  data->areas = g_ptr_array_ref (base->areas);
  data->periods = g_array_ref (base->periods);

  if (options->profile == CT_EXPORT_MICRODATA)
    {
      g_autofree char *prefix = _ct_export_log_prefix (options->profile, options->agreement);
      g_autoptr(GError) local = NULL;

      data->previous_export = _ct_audit_last_export_day (session, prefix, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      previous = parse_day (data->previous_export, NULL);
    }
  /* A consent given by the day of the previous microdata export under this
   * agreement and withdrawn on or after it marks the case: its row may be
   * in that workbook. */
  for (guint i = 0; previous != 0 && i < gather->consents->len; i++)
    {
      ExConsentSpan *span = &g_array_index (gather->consents, ExConsentSpan, i);

      if (span->given != 0 && span->withdrawn != 0 && span->given <= previous
          && span->withdrawn >= previous)
        g_array_index (data->cases, ExCase, span->case_index).withdrawn_since = TRUE;
    }
  if (with_key && !_ct_export_set_pseudonyms (gather, session, data, error))
    return NULL;
  if (options->profile == CT_EXPORT_AGGREGATE && !set_record_keys (gather, session, data, error))
    return NULL;
  return g_steal_pointer (&data);
}

/* The pseudonyms of @data's cases under its options' key (microdata). */
gboolean
_ct_export_set_pseudonyms (CtExportGather *gather,
                           CtSession      *session,
                           ExData         *data,
                           GError        **error)
{
  guint8 *key;

  if (data->options.profile != CT_EXPORT_MICRODATA)
    return TRUE;
  if ((key = pseudonym_key (session, &data->options, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < data->cases->len; i++)
    ct_pseudonym_compute (key, g_array_index (gather->case_ids, gint64, i),
                          g_array_index (data->cases, ExCase, i).pseudonym);
  ct_secure_free (key);
  return TRUE;
}

/**
 * _ct_export_gather:
 * @with_key: %FALSE for a preview, which needs no pseudonyms and must not
 *   make the team's key
 *
 * Reads and coarsens the team's rows as this member may see them, in the
 * caller's thread, and applies @options.
 */
ExData *
_ct_export_gather (CtSession              *session,
                   const CtExportOptions  *options,
                   gboolean                with_key,
                   CtExportProgress        progress_cb,
                   gpointer                user_data,
                   GError                **error)
{
  g_autoptr(CtExportGather) gather = NULL;

  if (!_ct_session_require_unlocked (session, error)
      || (gather = gather_scan (session, today (), progress_cb, user_data, error)) == NULL)
    return NULL;
  return _ct_export_apply (gather, session, options, with_key, error);
}

/* ---- one gather off the main loop --------------------------------------- */

typedef struct
{
  CtSession *reader;
  guint32    today;
} GatherTask;

static void
gather_task_free (gpointer mem)
{
  GatherTask *t = mem;

  g_clear_object (&t->reader);
  g_free (t);
}

static void
gather_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GatherTask *t = task_data;
  GError *error = NULL;
  CtExportGather *gather = gather_scan (t->reader, t->today, NULL, NULL, &error);

  /* The reader stays with the task: ct_export_gather_finish() logs what
   * it read. */
  if (gather == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, gather, (GDestroyNotify) ct_export_gather_unref);
}

/**
 * ct_export_gather_async:
 *
 * Reads and coarsens, in a worker thread with a connection of its own
 * (a reader of @session), every row of the team the evaluator export
 * needs, once for any options: ct_export_gather_preview() and
 * ct_export_gather_write_async() then use it without reading again. The
 * reads are logged in @session by ct_export_gather_finish(), before it
 * hands anything out. Call in the thread that owns @session, while it is in
 * no transaction (HACKING.md, "Threads").
 */
void
ct_export_gather_async (CtSession           *session,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GatherTask *t;
  GError *error = NULL;

  g_return_if_fail (CT_IS_SESSION (session));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_export_gather_async);
  t = g_new0 (GatherTask, 1);
  t->today = today ();
  g_task_set_task_data (task, t, gather_task_free);
  if ((t->reader = _ct_session_new_reader (session, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, gather_thread);
}

/**
 * ct_export_gather_finish:
 *
 * Logs the gather's reads in the session it was started on, in one
 * transaction; only then returns what it read. Call in that session's
 * thread.
 *
 * Returns: (transfer full) (nullable): the gathered team, or %NULL with
 *   @error set
 */
CtExportGather *
ct_export_gather_finish (GAsyncResult *result,
                         GError      **error)
{
  GTask *task = G_TASK (result);
  GatherTask *t = g_task_get_task_data (task);
  CtSession *session = g_task_get_source_object (task);
  g_autoptr(CtExportGather) gather = NULL;

  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == ct_export_gather_async, NULL);

  if ((gather = g_task_propagate_pointer (task, error)) == NULL
      || !_ct_session_log_deferred (session, t->reader, error))
    return NULL;
  return g_steal_pointer (&gather);
}
