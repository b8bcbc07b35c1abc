/* ct-demo-household.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One household of the demo team, as the regisseur writes it: its persons
 * at one address, the household row, the case and the organisations
 * around it; what the team then does for it (consent, ZRM scores, goals,
 * meetings, expenses, a doorbraak) is in ct-demo-care.c. Each household
 * draws from a GRand of its own, seeded by the demo's seed and the
 * household's index, so the same seed gives the same household whatever
 * the others hold. The team around it is in ct-demo.c. */

#define G_LOG_DOMAIN "ct-demo"

#include "config.h"

#include "ct-demo-household-private.h"

#define BATCH        500
#define CITY         "Zonnedal"
#define MAX_DOMAINS  7

/* ---- randomness and text --------------------------------------------- */

int
_ct_demo_rnd (Demo *d,
              int   lo,
              int   hi)
{
  return g_rand_int_range (d->rand, lo, hi + 1);
}

gboolean
_ct_demo_chance (Demo   *d,
                 double  p)
{
  return g_rand_double (d->rand) < p;
}

const char *
_ct_demo_pick (Demo               *d,
               const char * const *list)
{
  return list[_ct_demo_rnd (d, 0, (int) g_strv_length ((char **) list) - 1)];
}

static void
set_printf (CtRecord   *r,
            const char *field,
            const char *format,
            ...) G_GNUC_PRINTF (3, 4);

static void
set_printf (CtRecord   *r,
            const char *field,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  ct_record_set (r, field, text);
}

Day
_ct_demo_min_day (Day a,
                  Day b)
{
  return MIN (a, b);
}

/* ---- one household ---------------------------------------------------- */

static char *
make_surname (Demo *d)
{
  const char *tussenvoegsel;

  if (!_ct_demo_chance (d, 0.25))
    return g_strdup (_ct_demo_pick (d, ct_demo_surnames));
  tussenvoegsel = _ct_demo_pick (d, ct_demo_tussenvoegsels);
  return g_strdup_printf ("%s %s", tussenvoegsel, _ct_demo_pick (d, ct_demo_stems));
}

static const char *
next_bsn (Demo *d,
          char  buf[16])
{
  g_snprintf (buf, 16, "%u", g_array_index (d->bsns, guint32, d->n_persons % d->bsns->len));
  d->n_persons++;
  return buf;
}

static void
set_contact (Demo       *d,
             CtRecord   *r,
             const char *first,
             const char *last,
             int         age)
{
  if (age >= 14 && _ct_demo_chance (d, 0.8))
    set_printf (r, "phone", "06-%08d", _ct_demo_rnd (d, 10000000, 99999999));

  if (age >= 16 && _ct_demo_chance (d, 0.6))
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", first, last);
      g_autofree char *ascii = g_str_to_ascii (name, "C");
      g_autoptr(GString) local = g_string_new (NULL);

      for (const char *p = ascii; *p != '\0'; p++)
        if (g_ascii_isalnum (*p) || *p == '.')
          g_string_append_c (local, g_ascii_tolower (*p));
      set_printf (r, "email", "%s@%s", local->str,
                  _ct_demo_chance (d, 0.5) ? "example.nl" : "post.example.nl");
    }
}

typedef struct
{
  const char *street;
  char        number[8];
  char        postcode[8];
} Address;

typedef struct
{
  const char *relation;
  const char *sex;
  char       *last_name;
  int         age;
} Person;

static gboolean
add_person (Demo           *d,
            Household      *h,
            const Address  *address,
            const Person   *p,
            GError        **error)
{
  CtRecord *r = ct_record_new ("persons");
  const char *first = _ct_demo_pick (d, g_str_equal (p->sex, "man") ? ct_demo_male_names
                                        : g_str_equal (p->sex, "vrouw") || _ct_demo_chance (d, 0.5)
                                          ? ct_demo_female_names : ct_demo_male_names);
  char bsn[16];

  ct_record_set_int (r, "household_id", h->household);
  ct_record_set (r, "first_name", first);
  ct_record_set (r, "last_name", p->last_name);
  ct_record_set (r, "bsn", next_bsn (d, bsn));
  _ct_demo_set_day (r, "birth_date",
                    d->today - (Day) p->age * 365 - (Day) _ct_demo_rnd (d, 0, 364));
  ct_record_set (r, "sex", p->sex);
  ct_record_set (r, "street", address->street);
  ct_record_set (r, "house_number", address->number);
  ct_record_set (r, "postcode", address->postcode);
  ct_record_set (r, "city", CITY);
  set_contact (d, r, first, p->last_name, p->age);
  ct_record_set (r, "relation", p->relation);
  return _ct_demo_store (d, r, error) != 0;
}

static const char *
random_sex (Demo *d)
{
  int n = _ct_demo_rnd (d, 0, 99);

  return n < 55 ? "vrouw" : n < 98 ? "man" : n < 99 ? "anders" : "onbekend";
}

static void
make_address (Demo      *d,
              Household *h,
              Address   *address)
{
  static const char letters[] = "ABCEGHJKLMNPRSTVWXZ";
  const CtDemoArea *area = &ct_demo_areas[h->area];
  int street = _ct_demo_rnd (d, 0, 3), number;
  char a, b;

  do
    {
      a = letters[_ct_demo_rnd (d, 0, sizeof letters - 2)];
      b = letters[_ct_demo_rnd (d, 0, sizeof letters - 2)];
    }
  while (a == 'S' && (b == 'A' || b == 'D' || b == 'S'));

  address->street = area->streets[street];
  number = _ct_demo_rnd (d, 1, 180);
  if (_ct_demo_chance (d, 0.15))
    g_snprintf (address->number, sizeof address->number, "%d%c", number,
                'A' + _ct_demo_rnd (d, 0, 3));
  else
    g_snprintf (address->number, sizeof address->number, "%d", number);
  g_snprintf (address->postcode, sizeof address->postcode, "%.4s %c%c",
              area->postcodes + (street < 2 ? 0 : 5), a, b);
}

/* 1 to 6 persons: a head, perhaps a partner, children, now and then a
 * parent or another relative. Planned before the household row, whose
 * contents depend on them; written after it. */
static guint
plan_persons (Demo      *d,
              Household *h,
              Person    *persons)
{
  static const int sizes[] = { 30, 55, 73, 88, 96, 100 };
  int roll = _ct_demo_rnd (d, 0, 99), n = 1, head_age = _ct_demo_rnd (d, 19, 75);

  while (roll >= sizes[n - 1])
    n++;
  persons[0].relation = "hoofd";
  persons[0].sex = random_sex (d);
  persons[0].last_name = make_surname (d);
  persons[0].age = head_age;
  h->last_name = persons[0].last_name;
  h->n_adults = 1;

  for (int i = 1; i < n; i++)
    {
      Person *p = &persons[i];

      /* One draw after another: initialisers have no evaluation order. */
      p->sex = random_sex (d);
      if (i == 1 && head_age < 70 && _ct_demo_chance (d, 0.55))
        {
          p->relation = "partner";
          p->sex = g_str_equal (persons[0].sex, "vrouw") ? "man" : "vrouw";
          p->last_name = _ct_demo_chance (d, 0.6) ? make_surname (d) : g_strdup (h->last_name);
          p->age = head_age + _ct_demo_rnd (d, -6, 6);
          p->age = MAX (18, p->age);
        }
      else if (head_age >= 36 && head_age < 55 && _ct_demo_chance (d, 0.06))
        {
          p->relation = "ouder";
          p->last_name = make_surname (d);
          p->age = head_age + _ct_demo_rnd (d, 20, 30);
        }
      else if (head_age < 20 || _ct_demo_chance (d, 0.05))
        {
          p->relation = _ct_demo_chance (d, 0.5) ? "overig_familie" : "overig";
          p->last_name = make_surname (d);
          p->age = _ct_demo_rnd (d, 18, 40);
        }
      else
        {
          p->relation = "kind";
          p->last_name = g_strdup (h->last_name);
          p->age = _ct_demo_rnd (d, 0, MIN (25, head_age - 18));
        }

      if (p->age >= 18)
        h->n_adults++;
      else
        h->n_children++;
    }
  return (guint) n;
}

static gboolean
add_persons (Demo       *d,
             Household  *h,
             Person     *persons,
             guint       n,
             GError    **error)
{
  Address address;

  make_address (d, h, &address);
  for (guint i = 0; i < n; i++)
    if (!add_person (d, h, &address, &persons[i], error))
      return FALSE;
  return TRUE;
}

static void
choose_domains (Demo      *d,
                Household *h)
{
  /* How often each domain plays in a case at this table, in percent. */
  int weight[CT_ZRM_N_DOMAINS] = { 80, 45, 30, 50, 20, 50, 30, 30, 10, 35, 35, 25, 25 };

  if (h->n_children > 0)
    weight[4] = 65;

  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    if (_ct_demo_rnd (d, 0, 99) < weight[i])
      h->domains[i] = TRUE;

  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    h->n_domains += h->domains[i];
  while (h->n_domains < 3)
    {
      int i = _ct_demo_rnd (d, 0, CT_ZRM_N_DOMAINS - 1);

      h->n_domains += !h->domains[i];
      h->domains[i] = TRUE;
    }
  while (h->n_domains > MAX_DOMAINS)
    {
      int i = _ct_demo_rnd (d, 0, CT_ZRM_N_DOMAINS - 1);

      h->n_domains -= h->domains[i];
      h->domains[i] = FALSE;
    }
}

enum
{
  FIN = 0, WORK = 1, TIME = 2, HOUSING = 3, RELATIONS = 4, MENTAL = 5, PHYSICAL = 6,
  ADDICTION = 7, BASIC_ADL = 8, JUSTICE = 12,
};

static void
set_finance (Demo      *d,
             Household *h,
             CtRecord  *r)
{
  if (h->domains[FIN] || _ct_demo_chance (d, 0.5))
    ct_record_set_int (r, "income_cents", _ct_demo_rnd (d, 900, 2600) * 100);
  if (h->domains[FIN])
    {
      ct_record_set_int (r, "debts_cents",
                         _ct_demo_rnd (d, 20, 600) * 10000 + _ct_demo_rnd (d, 0, 99));
      ct_record_set (r, "creditors", _ct_demo_pick (d, ct_demo_creditors));
      ct_record_set_int (r, "arrears_cents", _ct_demo_rnd (d, 1, 80) * 5000);
    }
}

static void
set_housing (Demo      *d,
             Household *h,
             CtRecord  *r)
{
  if (_ct_demo_chance (d, 0.85))
    ct_record_set (r, "tenancy", _ct_demo_pick (d, ct_demo_tenancy));
  if (h->domains[HOUSING])
    {
      ct_record_set_int (r, "rent_arrears_cents", _ct_demo_rnd (d, 4, 60) * 10000);
      ct_record_set (r, "eviction_risk", _ct_demo_chance (d, 0.2) ? "ontruiming_gepland"
                                         : _ct_demo_chance (d, 0.6) ? "hoog" : "laag");
      if (_ct_demo_chance (d, 0.4))
        ct_record_set (r, "nuisance", _ct_demo_pick (d, ct_demo_nuisance));
    }
  else if (_ct_demo_chance (d, 0.5))
    ct_record_set (r, "eviction_risk", "geen");
}

static gboolean
add_household_row (Demo       *d,
                   Household  *h,
                   GError    **error)
{
  CtRecord *r = ct_record_new ("households");

  ct_record_set (r, "area", ct_demo_areas[h->area].name);
  if (h->domains[MENTAL])
    {
      ct_record_set (r, "health_mental", _ct_demo_pick (d, ct_demo_mental));
      if (_ct_demo_chance (d, 0.5))
        ct_record_set (r, "medication", _ct_demo_pick (d, ct_demo_medication));
    }
  if (h->domains[ADDICTION])
    ct_record_set (r, "health_addiction", _ct_demo_pick (d, ct_demo_addiction));
  if (h->domains[PHYSICAL] || h->domains[BASIC_ADL])
    ct_record_set (r, "health_physical", _ct_demo_pick (d, ct_demo_physical));
  if (h->domains[JUSTICE])
    ct_record_set (r, "justice_info", _ct_demo_pick (d, ct_demo_justice));
  set_finance (d, h, r);
  if (h->n_children > 0 && (h->domains[RELATIONS] || _ct_demo_chance (d, 0.3)))
    {
      ct_record_set (r, "parenting", _ct_demo_pick (d, ct_demo_parenting));
      if (h->domains[RELATIONS] && _ct_demo_chance (d, 0.4))
        ct_record_set (r, "child_protection", _ct_demo_pick (d, ct_demo_child_protection));
      if (_ct_demo_chance (d, 0.4))
        ct_record_set (r, "school", _ct_demo_pick (d, ct_demo_school));
    }
  set_housing (d, h, r);
  if (h->domains[WORK] || h->domains[TIME] || _ct_demo_chance (d, 0.4))
    {
      ct_record_set (r, "work_situation", _ct_demo_pick (d, ct_demo_work));
      ct_record_set (r, "benefits", _ct_demo_pick (d, ct_demo_benefits));
      ct_record_set (r, "daytime_activities", _ct_demo_pick (d, ct_demo_daytime));
    }
  return (h->household = _ct_demo_store (d, r, error)) != 0;
}

/* The first meeting at least a week after the referral discusses the case;
 * now and then it is postponed a week. */
static void
plan_case (Demo      *d,
           Household *h,
           gint      *first_meeting)
{
  int i = 0;

  h->meeting = -1;
  h->status = "aangemeld";
  *first_meeting = -1;
  while (i < CT_DEMO_N_MEETINGS && d->meetings[i].day < h->referral + 7)
    i++;
  if (i == CT_DEMO_N_MEETINGS)
    return;

  *first_meeting = i;
  if (i == CT_DEMO_N_MEETINGS - 1)
    {
      h->status = "geagendeerd";
      return;
    }
  if (i + 2 < CT_DEMO_N_MEETINGS && _ct_demo_chance (d, 0.08))
    i++;
  h->meeting = i;
  h->advice = d->meetings[i].day;

  if (d->today - h->advice < 14)
    h->status = _ct_demo_chance (d, 0.6) ? "advies_gegeven" : "in_uitvoering";
  else if (d->today - h->advice >= 42
           && g_rand_double (d->rand) < MIN (0.75, 0.1 + (d->today - h->advice - 42) / 120.0))
    {
      h->status = "afgesloten";
      h->closed = h->advice + 42 + _ct_demo_rnd (d, 0, d->today - h->advice - 42);
    }
  else
    h->status = "in_uitvoering";
}

static const char *
pick_outcome (Demo *d)
{
  int n = _ct_demo_rnd (d, 0, 99);

  return n < 40 ? "doel_bereikt" : n < 70 ? "deels_bereikt" : n < 80 ? "niet_bereikt"
         : n < 92 ? "overgedragen" : "teruggetrokken";
}

/* The problems of the case's domains of @category, as one phrase. */
static char *
problems_text (Household  *h,
               CtCategory  category)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0, seen = 0;

  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    n += h->domains[i] && ct_zrm_domain_category (i) == category;
  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    if (h->domains[i] && ct_zrm_domain_category (i) == category)
      {
        seen++;
        if (seen > 1)
          g_string_append (text, seen == n ? " en " : ", ");
        g_string_append (text, ct_demo_domains[i].problem);
      }
  return n > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static char *
domains_value (Household *h)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    if (h->domains[i])
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", ct_zrm_domains[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The organisations of @category around the household, as a sentence, or
 * %NULL when there are none. */
static char *
organisations_text (Household  *h,
                    CtCategory  category)
{
  guint n = 0;
  gint64 cost = 0;

  for (guint i = 0; i < h->n_orgs; i++)
    if (ct_partner_type_category (h->orgs[i].type) == category)
      {
        n++;
        cost += h->orgs[i].cost;
      }
  if (n == 0)
    return NULL;
  return g_strdup_printf ("%u organisatie%s betrokken, geschatte kosten € %" G_GINT64_FORMAT
                          " per jaar.", n, n == 1 ? "" : "s", cost / 100);
}

/* Every fact goes into the part of its category (docs/categories.md): the
 * general question and summary name only what every member may read. */
static void
set_case_parts (CtRecord  *r,
                Household *h)
{
  for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
    {
      CtCategory c = ct_fact_categories[k];
      g_autofree char *problems = problems_text (h, c);
      g_autofree char *orgs = organisations_text (h, c);
      g_autofree char *question = ct_case_part_field ("question", c);
      g_autofree char *summary = ct_case_part_field ("summary", c);

      if (problems != NULL)
        set_printf (r, question, "Speelt: %s. Wat kan het team hierin afspreken?", problems);
      if (problems != NULL && orgs != NULL)
        set_printf (r, summary, "Speelt: %s. %s", problems, orgs);
      else if (problems != NULL)
        set_printf (r, summary, "Speelt: %s.", problems);
      else if (orgs != NULL)
        ct_record_set (r, summary, orgs);
    }
}

static void
next_case_number (Demo *d,
                  Day   referral,
                  char  number[24])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, referral);
  if (g_date_get_year (&date) != d->case_year)
    {
      d->case_year = g_date_get_year (&date);
      d->case_serial = 0;
    }
  g_snprintf (number, 24, "%u-%04u", d->case_year, ++d->case_serial);
}

static gboolean
add_case (Demo       *d,
          Household  *h,
          GError    **error)
{
  CtRecord *r = ct_record_new ("cases");
  g_autofree char *problems = problems_text (h, CT_CATEGORY_GENERAL);
  g_autofree char *orgs = organisations_text (h, CT_CATEGORY_GENERAL);
  g_autofree char *domains = domains_value (h);
  char number[24];

  next_case_number (d, h->referral, number);
  ct_record_set_int (r, "household_id", h->household);
  ct_record_set (r, "number", number);
  _ct_demo_set_day (r, "referral_date", h->referral);
  ct_record_set (r, "referred_by", _ct_demo_pick (d, ct_demo_referrers));
  set_printf (r, "question",
              "Bij dit huishouden spelen problemen op meerdere levensgebieden%s%s. De "
              "betrokken organisaties werken elk aan een deel; wat is nodig om tot één plan te "
              "komen, en wie neemt welke stap?", problems != NULL ? ", waaronder " : "",
              problems != NULL ? problems : "");
  set_printf (r, "summary",
              "Huishouden in %s: %u volwassene%s en %u kind%s. Meerdere levensgebieden "
              "vragen om één plan.%s%s",
              ct_demo_areas[h->area].name, h->n_adults, h->n_adults == 1 ? "" : "n",
              h->n_children, h->n_children == 1 ? "" : "eren", orgs != NULL ? " " : "",
              orgs != NULL ? orgs : "");
  set_case_parts (r, h);
  ct_record_set (r, "status", h->status);
  if (h->closed != 0)
    {
      ct_record_set (r, "outcome", pick_outcome (d));
      _ct_demo_set_day (r, "closed_on", h->closed);
    }
  ct_record_set_int (r, "regisseur", d->members[CT_ROLE_REGISSEUR]);
  if (!ct_case_set_domains (r, domains, error))
    {
      ct_record_unref (r);
      return FALSE;
    }
  return (h->case_id = _ct_demo_store (d, r, error)) != 0;
}

static gboolean
has_org (Household  *h,
         const char *name)
{
  for (guint i = 0; i < h->n_orgs; i++)
    if (g_str_equal (h->orgs[i].name, name))
      return TRUE;
  return FALSE;
}

const CtDemoOrganisation *
_ct_demo_org_of_type (Demo       *d,
                      const char *type)
{
  guint start = _ct_demo_rnd (d, 0, ct_demo_n_organisations - 1);

  for (guint i = 0; i < ct_demo_n_organisations; i++)
    {
      const CtDemoOrganisation *o = &ct_demo_organisations[(start + i) % ct_demo_n_organisations];

      if (g_str_equal (o->type, type))
        return o;
    }
  return NULL;
}

/* Chooses 2 to 12 organisations: first those of the case's domains. The
 * rows are written after the case, whose summary counts them. */
static void
choose_organisations (Demo                       *d,
                      Household                  *h,
                      const CtDemoOrganisation  **chosen)
{
  int extra = _ct_demo_rnd (d, -1, 5);
  guint want = CLAMP ((int) h->n_domains + extra, 2, 12);

  for (guint i = 0; i < CT_ZRM_N_DOMAINS && h->n_orgs < want; i++)
    {
      const CtDemoOrganisation *o =
        h->domains[i] && _ct_demo_chance (d, 0.7)
          ? _ct_demo_org_of_type (d, ct_demo_domains[i].partner_type) : NULL;

      if (o != NULL && !has_org (h, o->name))
        {
          chosen[h->n_orgs] = o;
          h->orgs[h->n_orgs++].name = o->name;
        }
    }
  for (guint tries = 0; h->n_orgs < want && tries < 100; tries++)
    {
      const CtDemoOrganisation *o =
        &ct_demo_organisations[_ct_demo_rnd (d, 0, ct_demo_n_organisations - 1)];

      if (!has_org (h, o->name))
        {
          chosen[h->n_orgs] = o;
          h->orgs[h->n_orgs++].name = o->name;
        }
    }
  for (guint i = 0; i < h->n_orgs; i++)
    {
      h->orgs[i].type = chosen[i]->type;
      h->orgs[i].cost = (gint64) _ct_demo_rnd (d, chosen[i]->cost_min, chosen[i]->cost_max) * 100;
      h->yearly_cost += h->orgs[i].cost;
    }
}

static gboolean
add_organisations (Demo                       *d,
                   Household                  *h,
                   const CtDemoOrganisation  **chosen,
                   GError                    **error)
{
  for (guint i = 0; i < h->n_orgs; i++)
    {
      CtRecord *r = ct_record_new ("organisations");
      int cost = _ct_demo_rnd (d, chosen[i]->cost_min, chosen[i]->cost_max);

      ct_record_set_int (r, "household_id", h->household);
      ct_record_set (r, "name", h->orgs[i].name);
      ct_record_set (r, "type", h->orgs[i].type);
      ct_record_set (r, "contact", _ct_demo_chance (d, 0.5)
                                   ? "Casemanager, via het algemene nummer"
                                   : "Teamleider, via de regisseur");
      _ct_demo_set_day (r, "since", h->referral - (Day) _ct_demo_rnd (d, 20, 1500));
      if (h->closed != 0 && _ct_demo_chance (d, 0.5))
        _ct_demo_set_day (r, "until", h->closed);
      ct_record_set_int (r, "yearly_cost_cents", (gint64) cost * 100);
      if ((h->orgs[i].id = _ct_demo_store (d, r, error)) == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_household (Demo       *d,
               guint       index,
               GError    **error)
{
  guint32 seeds[3] = { d->seed, index, 0x5a1u };
  const CtDemoOrganisation *chosen[12];
  Household h = { 0 };
  Person persons[6] = { { 0 } };
  gint first_meeting;
  guint n_persons;
  gboolean ok;

  g_rand_set_seed_array (d->rand, seeds, G_N_ELEMENTS (seeds));
  h.referral = d->today - d->ago[index];
  h.area = _ct_demo_rnd (d, 0, CT_DEMO_N_AREAS - 1);
  n_persons = plan_persons (d, &h, persons);
  choose_domains (d, &h);
  plan_case (d, &h, &first_meeting);
  choose_organisations (d, &h, chosen);

  ok = add_household_row (d, &h, error) && add_persons (d, &h, persons, n_persons, error)
       && add_case (d, &h, error) && add_organisations (d, &h, chosen, error)
       && _ct_demo_add_consents (d, &h, error)
       && _ct_demo_add_partner_consents (d, &h, index, error)
       && _ct_demo_add_zrms (d, &h, error)
       && _ct_demo_add_meeting_rows (d, &h, first_meeting, error)
       && _ct_demo_add_expenses (d, &h, error)
       && _ct_demo_add_doorbraak (d, &h, error);

  for (guint i = 0; i < n_persons; i++)
    g_free (persons[i].last_name);
  return ok;
}

/* One transaction's worth of households, as the regisseur. */
gboolean
_ct_demo_add_batch (CtSession *session,
                    gpointer   data,
                    GError   **error)
{
  Demo *d = data;
  guint end = MIN (d->next + BATCH, d->n_households);

  for (; d->next < end; d->next++)
    if (!add_household (d, d->next, error))
      return FALSE;
  return TRUE;
}
