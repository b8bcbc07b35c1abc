/* ct-export.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook (DESIGN §6), first half: everything that touches
 * the session. A CtSession is not thread-safe, so the rows are read here,
 * in the caller's thread, and coarsened while they are copied: what goes
 * on to the anonymiser and the xlsx writer (ct-export-workbook.c, in a
 * GTask thread for the async variant) holds no name, number, address,
 * exact date or free text. The export is logged and only then given its
 * name: a workbook that could not be logged is removed.
 *
 * The pseudonym key is a 32-byte team secret, made on the first export and
 * kept as hex in the settings table ("export.pseudonym-key"). Every member
 * can read it, like every other general value; it only lets one link
 * pseudonyms to case ids, which members see anyway, and it never leaves
 * the encrypted team file. */

#define G_LOG_DOMAIN "ct-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "ct-audit.h"
#include "ct-crypto.h"
#include "ct-error.h"
#include "ct-export-private.h"
#include "ct-pseudonym.h"
#include "ct-session-private.h"

#define GATHER_SHARE      0.3

typedef struct
{
  guint   n_persons;
  gint64  head_id;
  gboolean head_is_hoofd;
  int     birth[3];      /* y, m, d; 0 when unknown */
  gint8   sex;           /* -1 unknown */
  guint16 pc4_area;      /* from the postcode, n_areas when unknown */
  guint16 area;          /* from the household row, n_areas when unknown */
} HouseholdInfo;

typedef struct
{
  gint64  household_id;
  guint32 referral;      /* Julian days; 0 unknown */
  guint32 closed;
  guint32 latest[CT_ZRM_N_DOMAINS];
  gint64  latest_id[CT_ZRM_N_DOMAINS];
  guint32 intake_day;
} CaseDates;

typedef struct
{
  CtSession        *session;
  ExData           *data;
  GArray           *dates;       /* CaseDates, parallel to data->cases */
  GHashTable       *case_index;  /* case id → index + 1 */
  GHashTable       *households;  /* id → HouseholdInfo */
  GHashTable       *household_cases; /* id → last case index + 1 */
  GHashTable       *household_lists; /* id → GArray of case indices */
  GHashTable       *pc4_areas;   /* "1234" → area index + 1 */
  guint32           today;
  guint8           *key;         /* sodium_malloc(); NULL for a preview */
  CtExportProgress  progress_cb;
  gpointer          progress_data;
} Gather;

/* ---- helpers ------------------------------------------------------------ */

void
_ct_export_data_free (ExData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->cases, g_array_unref);
  g_clear_pointer (&data->actions, g_array_unref);
  g_clear_pointer (&data->organisations, g_array_unref);
  g_clear_pointer (&data->expenses, g_array_unref);
  g_clear_pointer (&data->doorbraken, g_array_unref);
  g_clear_pointer (&data->areas, g_ptr_array_unref);
  g_free (data);
}

const char * const *
_ct_export_enum (const char *table,
                 const char *field)
{
  return ct_table_get_field (ct_schema_get_table (table), field)->values;
}

static int
enum_index (const char *table,
            const char *field,
            const char *value)
{
  const char * const *values = _ct_export_enum (table, field);

  for (int i = 0; value != NULL && values[i] != NULL; i++)
    if (g_str_equal (values[i], value))
      return i;
  return -1;
}

static guint
enum_count (const char *table,
            const char *field)
{
  return g_strv_length ((char **) _ct_export_enum (table, field));
}

/* "YYYY-MM-DD" → a Julian day number, 0 when absent or restricted. */
static guint32
parse_day (CtRecord   *r,
           const char *field)
{
  const char *text = ct_record_get (r, field);
  guint y, m, d;
  GDate date;

  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_get_julian (&date);
}

static void
month_of (guint32 day,
          char    out[8])
{
  GDate date;

  out[0] = '\0';
  if (day == 0)
    return;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  g_snprintf (out, 8, "%04u-%02u", g_date_get_year (&date), g_date_get_month (&date));
}

static void
progress (Gather *g,
          double  fraction)
{
  if (g->progress_cb != NULL)
    g->progress_cb (fraction * GATHER_SHARE, g->progress_data);
}

static guint
lookup_index (GHashTable *table,
              gint64      id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, &id));
}

static void
insert_index (GHashTable *table,
              gint64      id,
              guint       index)
{
  g_hash_table_insert (table, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (index + 1));
}

static gint64
get_ref (CtRecord   *r,
         const char *field)
{
  return ct_record_get (r, field) != NULL ? ct_record_get_int (r, field) : 0;
}

/* Every row of @table with only the non-general @fields decrypted (and
 * logged): the export never loads a name, BSN, phone or e-mail at all. */
static GPtrArray *
list_fields (Gather             *g,
             const char         *table,
             const char * const *fields,
             GError            **error)
{
  static const char * const none[] = { NULL };

  return ct_session_list_fields (g->session, table, NULL, 0, fields != NULL ? fields : none,
                                 error);
}

#define list_all(g, table, error) list_fields ((g), (table), NULL, (error))

/* ---- reading the team ---------------------------------------------------- */

static gboolean
gather_areas (Gather  *g,
              GError **error)
{
  g_autoptr(GPtrArray) rows = list_all (g, "areas", error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      g_auto(GStrv) pcs = g_strsplit (ct_record_get (r, "postcodes") ?: "", ",", -1);

      g_ptr_array_add (g->data->areas, g_strdup (ct_record_get (r, "name")));
      for (guint p = 0; pcs[p] != NULL; p++)
        if (!g_hash_table_contains (g->pc4_areas, pcs[p]))
          g_hash_table_insert (g->pc4_areas, g_strdup (pcs[p]), GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

static HouseholdInfo *
household_info (Gather *g,
                gint64  id)
{
  HouseholdInfo *info = g_hash_table_lookup (g->households, &id);

  if (info == NULL)
    {
      info = g_new0 (HouseholdInfo, 1);
      info->sex = -1;
      info->pc4_area = info->area = (guint16) g->data->areas->len;
      g_hash_table_insert (g->households, g_memdup2 (&id, sizeof id), info);
    }
  return info;
}

/* The household's area only when it is one of the team's areas: the field
 * is a free line. */
static gboolean
gather_households (Gather  *g,
                   GError **error)
{
  g_autoptr(GPtrArray) rows = list_all (g, "households", error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      HouseholdInfo *info = household_info (g, ct_record_get_id (r));
      const char *area = ct_record_get (r, "area");

      for (guint a = 0; area != NULL && a < g->data->areas->len; a++)
        if (g_str_equal (area, g_ptr_array_index (g->data->areas, a)))
          info->area = (guint16) a;
    }
  return TRUE;
}

/* The first person: the head of the household, else the first entered. */
static gboolean
gather_persons (Gather  *g,
                GError **error)
{
  static const char * const fields[] = { "birth_date", "sex", "postcode", NULL };
  g_autoptr(GPtrArray) rows = list_fields (g, "persons", fields, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      HouseholdInfo *info = household_info (g, ct_record_get_int (r, "household_id"));
      gboolean hoofd = g_strcmp0 (ct_record_get (r, "relation"), "hoofd") == 0;
      const char *birth = ct_record_get (r, "birth_date");
      const char *postcode = ct_record_get (r, "postcode");

      info->n_persons++;
      if (info->head_id != 0 && (info->head_is_hoofd || !hoofd))
        continue;
      info->head_id = ct_record_get_id (r);
      info->head_is_hoofd = hoofd;
      memset (info->birth, 0, sizeof info->birth);
      if (birth != NULL)
        sscanf (birth, "%4d-%2d-%2d", &info->birth[0], &info->birth[1], &info->birth[2]);
      info->sex = (gint8) enum_index ("persons", "sex", ct_record_get (r, "sex"));
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
  return TRUE;
}

static void
set_case_qi (Gather    *g,
             ExCase    *c,
             CaseDates *d)
{
  HouseholdInfo *info = g_hash_table_lookup (g->households, &d->household_id);
  guint n_areas = g->data->areas->len;
  GDate referral;

  c->qi = (CtAnonQi) { CT_AGE_UNKNOWN, CT_SIZE_UNKNOWN, (guint16) n_areas, 3 /* onbekend */ };
  if (info == NULL)
    return;
  c->qi.size = (guint8) ct_anon_size_band (info->n_persons);
  c->qi.area = info->area < n_areas ? info->area : info->pc4_area;
  if (info->sex >= 0)
    c->qi.sex = (guint8) info->sex;
  if (info->birth[0] > 0 && d->referral != 0)
    {
      g_date_clear (&referral, 1);
      g_date_set_julian (&referral, d->referral);
      c->qi.age = (guint8) ct_anon_age_band (info->birth[0], info->birth[1], info->birth[2],
                                             g_date_get_year (&referral),
                                             g_date_get_month (&referral),
                                             g_date_get_day (&referral));
    }
}

static gboolean
gather_cases (Gather  *g,
              GError **error)
{
  g_autoptr(GPtrArray) rows = list_all (g, "cases", error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      ExCase c = { 0 };
      CaseDates d = { 0 };
      const char *domains = ct_record_get (r, "domains");
      GArray *list;

      d.household_id = ct_record_get_int (r, "household_id");
      d.referral = parse_day (r, "referral_date");
      d.closed = parse_day (r, "closed_on");
      if (g->key != NULL)
        ct_pseudonym_compute (g->key, ct_record_get_id (r), c.pseudonym);
      c.status = (gint8) enum_index ("cases", "status", ct_record_get (r, "status"));
      c.outcome = (gint8) enum_index ("cases", "outcome", ct_record_get (r, "outcome"));
      month_of (d.referral, c.referral_month);
      month_of (d.closed, c.closed_month);
      c.days_to_advice = -1;
      c.days_to_close = d.closed != 0 && d.referral != 0 ? (gint) (d.closed - d.referral) : -1;
      c.orgs_close = d.closed != 0 ? 0 : -1;
      if (domains != NULL && domains[0] != '\0')
        {
          c.n_domains = 1;
          for (const char *p = domains; *p != '\0'; p++)
            c.n_domains += *p == ',';
        }
      set_case_qi (g, &c, &d);
      insert_index (g->case_index, ct_record_get_id (r), g->data->cases->len);
      g_hash_table_replace (g->household_cases, g_memdup2 (&d.household_id, sizeof (gint64)),
                            GUINT_TO_POINTER (g->data->cases->len + 1));
      list = g_hash_table_lookup (g->household_lists, &d.household_id);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (g->household_lists, g_memdup2 (&d.household_id, sizeof (gint64)),
                               list);
        }
      g_array_append_val (list, g->data->cases->len);
      g_array_append_val (g->data->cases, c);
      g_array_append_val (g->dates, d);
    }
  return TRUE;
}

static gboolean
gather_advice (Gather      *g,
               GHashTable  *advice_cases,
               GError     **error)
{
  g_autoptr(GPtrArray) rows = list_all (g, "advice", error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      guint index = lookup_index (g->case_index, ct_record_get_int (r, "case_id"));
      guint32 day = parse_day (r, "decided_on");
      ExCase *c;
      CaseDates *d;
      gint days;

      if (index == 0)
        continue;
      insert_index (advice_cases, ct_record_get_id (r), index - 1);
      c = &g_array_index (g->data->cases, ExCase, index - 1);
      d = &g_array_index (g->dates, CaseDates, index - 1);
      days = day != 0 && d->referral != 0 ? (gint) day - (gint) d->referral : -1;
      if (days >= 0 && (c->days_to_advice < 0 || days < c->days_to_advice))
        c->days_to_advice = days;
    }
  return TRUE;
}

/* Intake: the first "intake" assessment; latest: the last other one, per
 * domain, by date and then by entry. */
static gboolean
gather_zrm (Gather  *g,
            GError **error)
{
  g_autoptr(GPtrArray) rows = list_fields (g, "zrm", (const char * const *) ct_zrm_domains, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      guint index = lookup_index (g->case_index, ct_record_get_int (r, "case_id"));
      gboolean intake = g_strcmp0 (ct_record_get (r, "kind"), "intake") == 0;
      guint32 day = parse_day (r, "assessed_on");
      ExCase *c;
      CaseDates *d;

      if (index == 0)
        continue;
      c = &g_array_index (g->data->cases, ExCase, index - 1);
      d = &g_array_index (g->dates, CaseDates, index - 1);
      if (intake && d->intake_day != 0 && day >= d->intake_day)
        continue;
      for (guint k = 0; k < CT_ZRM_N_DOMAINS; k++)
        {
          const char *value = ct_record_get (r, ct_zrm_domains[k]);

          if (value == NULL || !(g->data->readable & (1u << ct_zrm_domain_category (k))))
            continue;
          if (intake)
            c->zrm_intake[k] = (gint8) ct_record_get_int (r, ct_zrm_domains[k]);
          else if (day > d->latest[k] || (day == d->latest[k]
                                          && ct_record_get_id (r) > d->latest_id[k]))
            {
              c->zrm_latest[k] = (gint8) ct_record_get_int (r, ct_zrm_domains[k]);
              d->latest[k] = day;
              d->latest_id[k] = ct_record_get_id (r);
            }
        }
      if (intake)
        d->intake_day = day != 0 ? day : 1;
    }
  return TRUE;
}

static void
add_organisation (Gather    *g,
                  CtRecord  *r,
                  guint      index)
{
  ExCase *c = &g_array_index (g->data->cases, ExCase, index);
  CaseDates *d = &g_array_index (g->dates, CaseDates, index);
  guint32 since = parse_day (r, "since"), until = parse_day (r, "until");
  ExOrganisation o = { index, (guint8) enum_count ("organisations", "type"), FALSE, FALSE,
                       get_ref (r, "yearly_cost_cents") };
  int type = enum_index ("organisations", "type", ct_record_get (r, "type"));

  if (type >= 0)
    o.partner_type = (guint8) type;
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
gather_organisations (Gather  *g,
                      GError **error)
{
  g_autoptr(GPtrArray) rows = list_all (g, "organisations", error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      gint64 household = ct_record_get_int (r, "household_id");
      GArray *list = g_hash_table_lookup (g->household_lists, &household);

      for (guint c = 0; list != NULL && c < list->len; c++)
        add_organisation (g, r, g_array_index (list, guint, c));
    }
  return TRUE;
}

static guint8
action_state (Gather   *g,
              CtRecord *r)
{
  const char *status = ct_record_get (r, "status");
  guint32 due = parse_day (r, "due_on"), done = parse_day (r, "done_on");

  if (g_strcmp0 (status, "geweigerd") == 0)
    return EX_ACTION_REFUSED;
  if (g_strcmp0 (status, "gedaan") == 0)
    return due == 0 || done == 0 || done <= due ? EX_ACTION_ON_TIME : EX_ACTION_LATE;
  return due != 0 && due < g->today ? EX_ACTION_OVERDUE : EX_ACTION_OPEN;
}

/* An action belongs to the case of its advice, else to the household's
 * latest case. */
static gboolean
gather_actions (Gather      *g,
                GHashTable  *advice_cases,
                GError     **error)
{
  g_autoptr(GPtrArray) rows = list_all (g, "actions", error);
  guint n_types = enum_count ("actions", "partner_type");

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      gint64 advice = get_ref (r, "advice_id"), household = ct_record_get_int (r, "household_id");
      guint index = advice != 0 ? lookup_index (advice_cases, advice) : 0;
      int type = enum_index ("actions", "partner_type", ct_record_get (r, "partner_type"));
      ExAction a;

      if (index == 0)
        index = GPOINTER_TO_UINT (g_hash_table_lookup (g->household_cases, &household));
      if (index == 0)
        continue;
      a = (ExAction) { index - 1, (guint8) (type >= 0 ? (guint) type : n_types),
                       action_state (g, r) };
      g_array_index (g->data->cases, ExCase, index - 1).n_actions++;
      g_array_append_val (g->data->actions, a);
    }
  return TRUE;
}

static gboolean
gather_expenses (Gather  *g,
                 GError **error)
{
  g_autoptr(GPtrArray) rows = list_all (g, "expenses", error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      guint index = lookup_index (g->case_index, ct_record_get_int (r, "case_id"));
      int purpose = enum_index ("expenses", "purpose", ct_record_get (r, "purpose"));
      ExExpense e;

      if (index == 0 || purpose < 0)
        continue;
      e = (ExExpense) { index - 1, (guint8) purpose, get_ref (r, "amount_cents") };
      g_array_append_val (g->data->expenses, e);
    }
  return TRUE;
}

/* The blocking rule's kind, from a fixed list: the rule, its article and
 * whose rule it is are free lines and never leave the team file. */
static guint8
rule_type (CtRecord *r)
{
  static const struct { ExRuleType type; const char *words[6]; } kinds[] = {
    { EX_RULE_LAW, { "wet", "art.", "artikel", "besluit", "verordening", NULL } },
    { EX_RULE_POLICY, { "beleid", "regeling", "richtlijn", NULL } },
    { EX_RULE_CONTRACT, { "voorwaarden", "overeenkomst", "convenant", "contract", NULL } },
    { EX_RULE_ROUTINE, { "werkinstructie", "werkwijze", "routine", "protocol", "procedure",
                         NULL } },
  };
  const char *fields[] = { "blocked_article", "blocked_rule", "blocked_owner" };
  gboolean any = FALSE;

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      g_autofree char *text = g_utf8_strdown (ct_record_get (r, fields[f]) ?: "", -1);

      any |= text[0] != '\0';
      for (guint k = 0; text[0] != '\0' && k < G_N_ELEMENTS (kinds); k++)
        for (guint w = 0; kinds[k].words[w] != NULL; w++)
          if (strstr (text, kinds[k].words[w]) != NULL)
            return kinds[k].type;
    }
  return any ? EX_RULE_OTHER : EX_RULE_UNKNOWN;
}

static gint64
cents_or (CtRecord   *r,
          const char *field,
          gint64      absent)
{
  return ct_record_get (r, field) != NULL ? ct_record_get_int (r, field) : absent;
}

static gboolean
gather_doorbraken (Gather  *g,
                   GError **error)
{
  g_autoptr(GPtrArray) rows = list_all (g, "doorbraken", error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      guint index = lookup_index (g->case_index, ct_record_get_int (r, "case_id"));
      ExDoorbraak b = { 0 };

      if (index == 0)
        continue;
      b.case_index = index - 1;
      b.rule_type = rule_type (r);
      b.scope = (gint8) enum_index ("doorbraken", "scope", ct_record_get (r, "scope"));
      b.status = (guint8) MAX (0, enum_index ("doorbraken", "status", ct_record_get (r, "status")));
      month_of (parse_day (r, "reached_on"), b.month);
      b.budget_cents = cents_or (r, "budget_cents", 0);
      b.before_cents = cents_or (r, "cost_before_cents", -1);
      b.after_cents = cents_or (r, "cost_after_cents", -1);
      g_array_append_val (g->data->doorbraken, b);
    }
  return TRUE;
}

/* ---- options and the pseudonym key ------------------------------------- */

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

static guint8 *
pseudonym_key (CtSession *session,
               gboolean   fresh,
               GError   **error)
{
  guint8 *key = ct_secure_alloc (CT_PSEUDONYM_KEY_SIZE);

  if (fresh)
    randombytes_buf (key, CT_PSEUDONYM_KEY_SIZE);
  else if (!ct_pseudonym_load_key (session, key, error))
    g_clear_pointer (&key, ct_secure_free);
  return key;
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

/* Reads and coarsens the team's rows; @with_key FALSE for a preview, which
 * needs no pseudonyms and must not make the team's key. */
static ExData *
gather (CtSession              *session,
        const CtExportOptions  *options,
        gboolean                with_key,
        CtExportProgress        progress_cb,
        gpointer                user_data,
        GError                **error)
{
  g_autoptr(ExData) data = g_new0 (ExData, 1);
  g_autoptr(GHashTable) advice_cases = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                              g_free, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;
  Gather g = { session, data };
  gboolean ok;

  if (!_ct_session_require_unlocked (session, error))
    return NULL;

  data->options = *options;
  if (data->options.k == 0)
    data->options.k = setting_or (session, "export.k", CT_EXPORT_DEFAULT_K);
  if (data->options.threshold == 0)
    data->options.threshold = setting_or (session, "export.threshold",
                                          CT_EXPORT_DEFAULT_THRESHOLD);
  g_snprintf (data->export_month, sizeof data->export_month, "%04d-%02d",
              g_date_time_get_year (now), g_date_time_get_month (now));
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g.today = g_date_get_julian (&today);
  data->readable = readable_categories (session);
  data->cases = g_array_new (FALSE, TRUE, sizeof (ExCase));
  data->actions = g_array_new (FALSE, TRUE, sizeof (ExAction));
  data->organisations = g_array_new (FALSE, TRUE, sizeof (ExOrganisation));
  data->expenses = g_array_new (FALSE, TRUE, sizeof (ExExpense));
  data->doorbraken = g_array_new (FALSE, TRUE, sizeof (ExDoorbraak));
  data->areas = g_ptr_array_new_with_free_func (g_free);

  if (with_key && (g.key = pseudonym_key (session, options->fresh_pseudonym_key, error)) == NULL)
    return NULL;

  g.dates = g_array_new (FALSE, TRUE, sizeof (CaseDates));
  g.case_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g.households = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g.household_cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g.pc4_areas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g.household_lists = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                             (GDestroyNotify) g_array_unref);
  g.progress_cb = progress_cb;
  g.progress_data = user_data;

  ok = gather_areas (&g, error) && gather_households (&g, error)
       && gather_persons (&g, error);
  progress (&g, 0.3);
  ok = ok && gather_cases (&g, error) && gather_advice (&g, advice_cases, error);
  progress (&g, 0.5);
  ok = ok && gather_zrm (&g, error) && gather_organisations (&g, error);
  progress (&g, 0.8);
  ok = ok && gather_actions (&g, advice_cases, error) && gather_expenses (&g, error)
       && gather_doorbraken (&g, error);
  progress (&g, 1.0);

  if (g.key != NULL)
    ct_secure_free (g.key);
  g_array_unref (g.dates);
  g_hash_table_unref (g.case_index);
  g_hash_table_unref (g.households);
  g_hash_table_unref (g.household_cases);
  g_hash_table_unref (g.pc4_areas);
  g_hash_table_unref (g.household_lists);
  return ok ? g_steal_pointer (&data) : NULL;
}

/* ---- finishing: log, then name ----------------------------------------- */

typedef struct
{
  guint       categories;
  const char *purpose;
} ExportLog;

static gboolean
log_export (CtSession *self,
            gpointer   data,
            GError   **error)
{
  ExportLog *log = data;

  return _ct_audit_append (self, CT_AUDIT_EXPORT, "export", 0, log->categories, log->purpose,
                           FALSE, error);
}

static gboolean
log_and_rename (CtSession      *session,
                CtExportReport *report,
                const char     *tmp_path,
                const char     *out_path,
                GError        **error)
{
  g_autofree char *purpose = g_strdup_printf ("evaluator export %s",
                                              ct_export_profile_to_string (report->profile));
  ExportLog log = { report->categories_included, purpose };

  if (!_ct_session_begin_write (session, error)
      || !_ct_session_with_transaction (session, log_export, &log, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  if (g_rename (tmp_path, out_path) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (out_path);

      g_unlink (tmp_path);
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Could not write %s: %s."), name,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A temporary name beside @out_path, so the rename is atomic. */
static char *
make_tmp_path (const char *out_path,
               GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (out_path);
  g_autofree char *base = g_path_get_basename (out_path);
  g_autofree char *template = g_strdup_printf (".%s.XXXXXX", base);
  char *path = g_build_filename (dir, template, NULL);
  int fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (out_path);

      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Could not write %s: %s."), name,
                   g_strerror (saved));
      g_free (path);
      return NULL;
    }
  close (fd);
  return path;
}

/* ---- public API ---------------------------------------------------------- */

const char *
ct_export_profile_to_string (CtExportProfile profile)
{
  return profile == CT_EXPORT_AGGREGATE ? "aggregate" : "microdata";
}

gboolean
ct_export_profile_from_string (const char      *name,
                               CtExportProfile *profile)
{
  if (g_strcmp0 (name, "microdata") == 0)
    *profile = CT_EXPORT_MICRODATA;
  else if (g_strcmp0 (name, "aggregate") == 0)
    *profile = CT_EXPORT_AGGREGATE;
  else
    return FALSE;
  return TRUE;
}

void
ct_export_options_init (CtExportOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (CtExportOptions) { CT_EXPORT_MICRODATA, 0, 0, FALSE };
}

void
ct_export_report_free (CtExportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->generalisation);
  g_strfreev (report->coarsened);
  g_strfreev (report->sheets);
  g_free (report->export_month);
  g_free (report);
}

/**
 * ct_export_preview:
 *
 * What ct_export_workbook() would write, without writing it: the report
 * of the same anonymisation. Makes no pseudonym key.
 */
gboolean
ct_export_preview (CtSession              *session,
                   const CtExportOptions  *options,
                   CtExportReport        **report,
                   GError                **error)
{
  g_autoptr(ExData) data = NULL;
  gpointer model = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (options != NULL && report != NULL, FALSE);

  if ((data = gather (session, options, FALSE, NULL, NULL, error)) == NULL)
    return FALSE;
  *report = _ct_export_anonymise (data, &model);
  _ct_export_model_free (model);
  return TRUE;
}

/**
 * ct_export_workbook:
 * @out_path: the .xlsx to write; replaced only when the export is complete
 * @report: (out) (optional): what went in
 *
 * Writes the evaluator workbook in the caller's thread and logs the export.
 */
gboolean
ct_export_workbook (CtSession              *session,
                    const char             *out_path,
                    const CtExportOptions  *options,
                    CtExportReport        **report,
                    CtExportProgress        progress_cb,
                    gpointer                user_data,
                    GError                **error)
{
  g_autoptr(ExData) data = NULL;
  g_autoptr(CtExportReport) result = NULL;
  g_autofree char *tmp_path = NULL;
  gpointer model = NULL;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (out_path != NULL && options != NULL, FALSE);

  if ((data = gather (session, options, TRUE, progress_cb, user_data, error)) == NULL
      || (tmp_path = make_tmp_path (out_path, error)) == NULL)
    return FALSE;

  result = _ct_export_anonymise (data, &model);
  ok = _ct_export_write (data, model, tmp_path, progress_cb, user_data, NULL, error);
  _ct_export_model_free (model);
  if (!ok)
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  if (!log_and_rename (session, result, tmp_path, out_path, error))
    return FALSE;
  if (report != NULL)
    *report = g_steal_pointer (&result);
  return TRUE;
}

/* ---- async --------------------------------------------------------------- */

typedef struct
{
  CtExportProgress cb;
  gpointer         data;
  GDestroyNotify   destroy;
} ProgressTarget;

static void
progress_target_clear (gpointer mem)
{
  ProgressTarget *target = mem;

  if (target->destroy != NULL)
    target->destroy (target->data);
}

typedef struct
{
  ProgressTarget *target;   /* g_atomic_rc_box */
  double          fraction;
} ProgressEvent;

typedef struct
{
  ExData         *data;
  gpointer        model;
  CtExportReport *report;
  char           *tmp_path;
  char           *out_path;
  ProgressTarget *target;
  GMainContext   *context;
  double          last;
} ExportTask;

static void
export_task_free (gpointer mem)
{
  ExportTask *t = mem;

  _ct_export_data_free (t->data);
  _ct_export_model_free (t->model);
  ct_export_report_free (t->report);
  if (t->tmp_path != NULL)
    g_unlink (t->tmp_path);  /* still there only when the export failed */
  g_free (t->tmp_path);
  g_free (t->out_path);
  g_atomic_rc_box_release_full (t->target, progress_target_clear);
  g_main_context_unref (t->context);
  g_free (t);
}

static gboolean
progress_event_dispatch (gpointer mem)
{
  ProgressEvent *event = mem;

  if (event->target->cb != NULL)
    event->target->cb (event->fraction, event->target->data);
  return G_SOURCE_REMOVE;
}

static void
progress_event_free (gpointer mem)
{
  ProgressEvent *event = mem;

  g_atomic_rc_box_release_full (event->target, progress_target_clear);
  g_free (event);
}

/* In the worker thread: passes @fraction to the caller's main context,
 * at most once per percent. */
static void
thread_progress (double   fraction,
                 gpointer user_data)
{
  ExportTask *t = user_data;
  ProgressEvent *event;

  if (t->target->cb == NULL || (fraction - t->last < 0.01 && fraction < 1.0))
    return;
  t->last = fraction;
  event = g_new (ProgressEvent, 1);
  event->target = g_atomic_rc_box_acquire (t->target);
  event->fraction = fraction;
  g_main_context_invoke_full (t->context, G_PRIORITY_DEFAULT, progress_event_dispatch, event,
                              progress_event_free);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportTask *t = task_data;
  GError *error = NULL;

  if (!_ct_export_write (t->data, t->model, t->tmp_path, thread_progress, t, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ct_export_workbook_async:
 * @progress_cb: (nullable): called in the thread-default main context of
 *   this call
 *
 * Reads the team's rows now, in this thread (a session is not
 * thread-safe), then anonymises and writes in a worker thread. Finish
 * with ct_export_workbook_finish(), which logs the export and gives the
 * workbook its name.
 */
void
ct_export_workbook_async (CtSession              *session,
                          const char             *out_path,
                          const CtExportOptions  *options,
                          CtExportProgress        progress_cb,
                          gpointer                progress_data,
                          GDestroyNotify          progress_data_free,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTask *t;
  GError *error = NULL;

  g_return_if_fail (CT_IS_SESSION (session));
  g_return_if_fail (out_path != NULL && options != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_export_workbook_async);
  t = g_new0 (ExportTask, 1);
  t->target = g_atomic_rc_box_new0 (ProgressTarget);
  *t->target = (ProgressTarget) { progress_cb, progress_data, progress_data_free };
  t->context = g_main_context_ref_thread_default ();
  t->out_path = g_strdup (out_path);
  g_task_set_task_data (task, t, export_task_free);

  if ((t->data = gather (session, options, TRUE, progress_cb, progress_data, &error)) == NULL
      || (t->tmp_path = make_tmp_path (out_path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  t->report = _ct_export_anonymise (t->data, &t->model);
  g_task_run_in_thread (task, export_thread);
}

/**
 * ct_export_workbook_finish:
 * @report: (out) (optional): what went in
 *
 * Logs the export in the session it was started on and renames the
 * workbook to its name; call it in the thread that owns the session.
 */
gboolean
ct_export_workbook_finish (GAsyncResult    *result,
                           CtExportReport **report,
                           GError         **error)
{
  GTask *task = G_TASK (result);
  ExportTask *t = g_task_get_task_data (task);
  CtSession *session = g_task_get_source_object (task);

  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (task) == ct_export_workbook_async, FALSE);

  if (!g_task_propagate_boolean (task, error))
    return FALSE;
  if (!log_and_rename (session, t->report, t->tmp_path, t->out_path, error))
    return FALSE;
  g_clear_pointer (&t->tmp_path, g_free);
  if (report != NULL)
    *report = g_steal_pointer (&t->report);
  return TRUE;
}
