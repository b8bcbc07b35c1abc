/* ct-demo-household.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One household of the demo team, as the regisseur writes it: its persons
 * at one address, the household row, the case, the organisations around
 * it, consent, ZRM scores, goals, the meetings that discuss it with their
 * advice and actions, expenses from the maatwerkbudget and now and then a
 * doorbraak. Each household draws from a GRand of its own, seeded by the
 * demo's seed and the household's index, so the same seed gives the same
 * household whatever the others hold. The team around it is in ct-demo.c. */

#define G_LOG_DOMAIN "ct-demo"

#include "config.h"

#include "ct-demo-private.h"

#define BATCH        500
#define CITY         "Zonnedal"
#define MAX_DOMAINS  7

typedef struct
{
  gint64      id;
  const char *type;
  const char *name;
  gint64      cost;
} Org;

/* One household while it is written. */
typedef struct
{
  gint64      household;
  gint64      case_id;
  guint       area;
  guint       n_adults;
  guint       n_children;
  const char *last_name;   /* the head's, owned by the persons */
  gboolean    domains[CT_ZRM_N_DOMAINS];
  guint       n_domains;
  int         intake[CT_ZRM_N_DOMAINS];
  gint64      goals[CT_ZRM_N_DOMAINS];
  Org         orgs[12];
  guint       n_orgs;
  gint64      yearly_cost;
  Day         referral;
  Day         advice;        /* 0 before the advice */
  Day         closed;        /* 0 while open */
  const char *status;
  gint        meeting;       /* index of the advice meeting, -1 */
} Household;

/* ---- randomness and text --------------------------------------------- */

static int
rnd (Demo *d,
     int   lo,
     int   hi)
{
  return g_rand_int_range (d->rand, lo, hi + 1);
}

static gboolean
chance (Demo   *d,
        double  p)
{
  return g_rand_double (d->rand) < p;
}

static const char *
pick (Demo              *d,
      const char * const *list)
{
  return list[rnd (d, 0, (int) g_strv_length ((char **) list) - 1)];
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

static Day
min_day (Day a,
         Day b)
{
  return MIN (a, b);
}

/* ---- one household ---------------------------------------------------- */

static char *
make_surname (Demo *d)
{
  const char *tussenvoegsel;

  if (!chance (d, 0.25))
    return g_strdup (pick (d, ct_demo_surnames));
  tussenvoegsel = pick (d, ct_demo_tussenvoegsels);
  return g_strdup_printf ("%s %s", tussenvoegsel, pick (d, ct_demo_stems));
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
  if (age >= 14 && chance (d, 0.8))
    set_printf (r, "phone", "06-%08d", rnd (d, 10000000, 99999999));

  if (age >= 16 && chance (d, 0.6))
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", first, last);
      g_autofree char *ascii = g_str_to_ascii (name, "C");
      g_autoptr(GString) local = g_string_new (NULL);

      for (const char *p = ascii; *p != '\0'; p++)
        if (g_ascii_isalnum (*p) || *p == '.')
          g_string_append_c (local, g_ascii_tolower (*p));
      set_printf (r, "email", "%s@%s", local->str,
                  chance (d, 0.5) ? "example.nl" : "post.example.nl");
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
  const char *first = pick (d, g_str_equal (p->sex, "man") ? ct_demo_male_names
                                 : g_str_equal (p->sex, "vrouw") || chance (d, 0.5)
                                   ? ct_demo_female_names : ct_demo_male_names);
  char bsn[16];

  ct_record_set_int (r, "household_id", h->household);
  ct_record_set (r, "first_name", first);
  ct_record_set (r, "last_name", p->last_name);
  ct_record_set (r, "bsn", next_bsn (d, bsn));
  _ct_demo_set_day (r, "birth_date", d->today - (Day) p->age * 365 - (Day) rnd (d, 0, 364));
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
  int n = rnd (d, 0, 99);

  return n < 55 ? "vrouw" : n < 98 ? "man" : n < 99 ? "anders" : "onbekend";
}

static void
make_address (Demo      *d,
              Household *h,
              Address   *address)
{
  static const char letters[] = "ABCEGHJKLMNPRSTVWXZ";
  const CtDemoArea *area = &ct_demo_areas[h->area];
  int street = rnd (d, 0, 3), number;
  char a, b;

  do
    {
      a = letters[rnd (d, 0, sizeof letters - 2)];
      b = letters[rnd (d, 0, sizeof letters - 2)];
    }
  while (a == 'S' && (b == 'A' || b == 'D' || b == 'S'));

  address->street = area->streets[street];
  number = rnd (d, 1, 180);
  if (chance (d, 0.15))
    g_snprintf (address->number, sizeof address->number, "%d%c", number, 'A' + rnd (d, 0, 3));
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
  int roll = rnd (d, 0, 99), n = 1, head_age = rnd (d, 19, 75);

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
      if (i == 1 && head_age < 70 && chance (d, 0.55))
        {
          p->relation = "partner";
          p->sex = g_str_equal (persons[0].sex, "vrouw") ? "man" : "vrouw";
          p->last_name = chance (d, 0.6) ? make_surname (d) : g_strdup (h->last_name);
          p->age = head_age + rnd (d, -6, 6);
          p->age = MAX (18, p->age);
        }
      else if (head_age >= 36 && head_age < 55 && chance (d, 0.06))
        {
          p->relation = "ouder";
          p->last_name = make_surname (d);
          p->age = head_age + rnd (d, 20, 30);
        }
      else if (head_age < 20 || chance (d, 0.05))
        {
          p->relation = chance (d, 0.5) ? "overig_familie" : "overig";
          p->last_name = make_surname (d);
          p->age = rnd (d, 18, 40);
        }
      else
        {
          p->relation = "kind";
          p->last_name = g_strdup (h->last_name);
          p->age = rnd (d, 0, MIN (25, head_age - 18));
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
    if (rnd (d, 0, 99) < weight[i])
      h->domains[i] = TRUE;

  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    h->n_domains += h->domains[i];
  while (h->n_domains < 3)
    {
      int i = rnd (d, 0, CT_ZRM_N_DOMAINS - 1);

      h->n_domains += !h->domains[i];
      h->domains[i] = TRUE;
    }
  while (h->n_domains > MAX_DOMAINS)
    {
      int i = rnd (d, 0, CT_ZRM_N_DOMAINS - 1);

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
  if (h->domains[FIN] || chance (d, 0.5))
    ct_record_set_int (r, "income_cents", rnd (d, 900, 2600) * 100);
  if (h->domains[FIN])
    {
      ct_record_set_int (r, "debts_cents", rnd (d, 20, 600) * 10000 + rnd (d, 0, 99));
      ct_record_set (r, "creditors", pick (d, ct_demo_creditors));
      ct_record_set_int (r, "arrears_cents", rnd (d, 1, 80) * 5000);
    }
}

static void
set_housing (Demo      *d,
             Household *h,
             CtRecord  *r)
{
  if (chance (d, 0.85))
    ct_record_set (r, "tenancy", pick (d, ct_demo_tenancy));
  if (h->domains[HOUSING])
    {
      ct_record_set_int (r, "rent_arrears_cents", rnd (d, 4, 60) * 10000);
      ct_record_set (r, "eviction_risk", chance (d, 0.2) ? "ontruiming_gepland"
                                         : chance (d, 0.6) ? "hoog" : "laag");
      if (chance (d, 0.4))
        ct_record_set (r, "nuisance", pick (d, ct_demo_nuisance));
    }
  else if (chance (d, 0.5))
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
      ct_record_set (r, "health_mental", pick (d, ct_demo_mental));
      if (chance (d, 0.5))
        ct_record_set (r, "medication", pick (d, ct_demo_medication));
    }
  if (h->domains[ADDICTION])
    ct_record_set (r, "health_addiction", pick (d, ct_demo_addiction));
  if (h->domains[PHYSICAL] || h->domains[BASIC_ADL])
    ct_record_set (r, "health_physical", pick (d, ct_demo_physical));
  if (h->domains[JUSTICE])
    ct_record_set (r, "justice_info", pick (d, ct_demo_justice));
  set_finance (d, h, r);
  if (h->n_children > 0 && (h->domains[RELATIONS] || chance (d, 0.3)))
    {
      ct_record_set (r, "parenting", pick (d, ct_demo_parenting));
      if (h->domains[RELATIONS] && chance (d, 0.4))
        ct_record_set (r, "child_protection", pick (d, ct_demo_child_protection));
      if (chance (d, 0.4))
        ct_record_set (r, "school", pick (d, ct_demo_school));
    }
  set_housing (d, h, r);
  if (h->domains[WORK] || h->domains[TIME] || chance (d, 0.4))
    {
      ct_record_set (r, "work_situation", pick (d, ct_demo_work));
      ct_record_set (r, "benefits", pick (d, ct_demo_benefits));
      ct_record_set (r, "daytime_activities", pick (d, ct_demo_daytime));
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
  if (i + 2 < CT_DEMO_N_MEETINGS && chance (d, 0.08))
    i++;
  h->meeting = i;
  h->advice = d->meetings[i].day;

  if (d->today - h->advice < 14)
    h->status = chance (d, 0.6) ? "advies_gegeven" : "in_uitvoering";
  else if (d->today - h->advice >= 42
           && g_rand_double (d->rand) < MIN (0.75, 0.1 + (d->today - h->advice - 42) / 120.0))
    {
      h->status = "afgesloten";
      h->closed = h->advice + 42 + rnd (d, 0, d->today - h->advice - 42);
    }
  else
    h->status = "in_uitvoering";
}

static const char *
pick_outcome (Demo *d)
{
  int n = rnd (d, 0, 99);

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
  ct_record_set (r, "referred_by", pick (d, ct_demo_referrers));
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

static const CtDemoOrganisation *
org_of_type (Demo       *d,
             const char *type)
{
  guint start = rnd (d, 0, ct_demo_n_organisations - 1);

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
  int extra = rnd (d, -1, 5);
  guint want = CLAMP ((int) h->n_domains + extra, 2, 12);

  for (guint i = 0; i < CT_ZRM_N_DOMAINS && h->n_orgs < want; i++)
    {
      const CtDemoOrganisation *o = h->domains[i] && chance (d, 0.7)
                                      ? org_of_type (d, ct_demo_domains[i].partner_type) : NULL;

      if (o != NULL && !has_org (h, o->name))
        {
          chosen[h->n_orgs] = o;
          h->orgs[h->n_orgs++].name = o->name;
        }
    }
  for (guint tries = 0; h->n_orgs < want && tries < 100; tries++)
    {
      const CtDemoOrganisation *o = &ct_demo_organisations[rnd (d, 0, ct_demo_n_organisations - 1)];

      if (!has_org (h, o->name))
        {
          chosen[h->n_orgs] = o;
          h->orgs[h->n_orgs++].name = o->name;
        }
    }
  for (guint i = 0; i < h->n_orgs; i++)
    {
      h->orgs[i].type = chosen[i]->type;
      h->orgs[i].cost = (gint64) rnd (d, chosen[i]->cost_min, chosen[i]->cost_max) * 100;
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
      int cost = rnd (d, chosen[i]->cost_min, chosen[i]->cost_max);

      ct_record_set_int (r, "household_id", h->household);
      ct_record_set (r, "name", h->orgs[i].name);
      ct_record_set (r, "type", h->orgs[i].type);
      ct_record_set (r, "contact", chance (d, 0.5) ? "Casemanager, via het algemene nummer"
                                                   : "Teamleider, via de regisseur");
      _ct_demo_set_day (r, "since", h->referral - (Day) rnd (d, 20, 1500));
      if (h->closed != 0 && chance (d, 0.5))
        _ct_demo_set_day (r, "until", h->closed);
      ct_record_set_int (r, "yearly_cost_cents", (gint64) cost * 100);
      if ((h->orgs[i].id = _ct_demo_store (d, r, error)) == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_consent (Demo        *d,
             Household   *h,
             CtCategory   category,
             const char  *purpose,
             GError     **error)
{
  CtRecord *r = ct_record_new ("consents");
  Day given = min_day (h->referral + rnd (d, 0, 5), d->today);
  gboolean legal = category == CT_CATEGORY_JUSTICE
                   || (category == CT_CATEGORY_YOUTH && chance (d, 0.4));

  ct_record_set_int (r, "case_id", h->case_id);
  ct_record_set (r, "category", ct_category_to_string (category));
  ct_record_set (r, "purpose", purpose);
  ct_record_set (r, "basis", legal ? "wettelijke_taak" : chance (d, 0.95) ? "toestemming"
                                                       : "gerechtvaardigd_belang");
  _ct_demo_set_day (r, "given_on", given);
  ct_record_set_int (r, "recorded_by", d->members[CT_ROLE_REGISSEUR]);
  if (!legal && d->today > given + 30 && chance (d, 0.03))
    _ct_demo_set_day (r, "withdrawn_on", given + rnd (d, 10, d->today - given));
  ct_record_set (r, "share_at_table", chance (d, 0.6) ? "true" : "false");
  return _ct_demo_store (d, r, error) != 0;
}

/* About four in ten households consent to sharing their actions with
 * partners (delen met ketenpartner), for each category their problems
 * touch: a partner's list holds an action only under a consent for its
 * category (docs/retention.md). Drawn from a generator of its own, seeded
 * by the seed and the household's index, so every other draw of the demo
 * stays what it was. */
static gboolean
add_partner_consents (Demo       *d,
                      Household  *h,
                      guint       index,
                      GError    **error)
{
  guint32 seeds[3] = { d->seed, index, 0x9a47u };
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  Day given = min_day (h->referral + g_rand_int_range (rand, 0, 6), d->today);
  guint categories = 0;

  if (g_rand_double (rand) >= 0.4)
    return TRUE;
  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    if (h->domains[i])
      categories |= 1u << ct_zrm_domain_category (i);
  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    {
      CtRecord *r;

      if (!(categories & (1u << c)))
        continue;
      r = ct_record_new ("consents");
      ct_record_set_int (r, "case_id", h->case_id);
      ct_record_set (r, "category", ct_category_to_string (c));
      ct_record_set (r, "purpose", "delen_met_ketenpartner");
      ct_record_set (r, "basis", "toestemming");
      _ct_demo_set_day (r, "given_on", given);
      ct_record_set_int (r, "recorded_by", d->members[CT_ROLE_REGISSEUR]);
      ct_record_set (r, "share_at_table", "false");
      if (_ct_demo_store (d, r, error) == 0)
        return FALSE;
    }
  return TRUE;
}

/* Consent per category the case touches, for the case meeting; and for
 * about half the households, for the evaluation. */
static gboolean
add_consents (Demo       *d,
              Household  *h,
              GError    **error)
{
  guint categories = 1u << CT_CATEGORY_IDENTITY;

  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    if (h->domains[i])
      categories |= 1u << ct_zrm_domain_category (i);

  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    if ((categories & (1u << c)) && !add_consent (d, h, c, "casusoverleg", error))
      return FALSE;
  return !chance (d, 0.5) || add_consent (d, h, CT_CATEGORY_GENERAL, "evaluatie", error);
}

static gboolean
add_zrm (Demo        *d,
         Household   *h,
         const char  *kind,
         Day          day,
         int          gain,
         GError     **error)
{
  CtRecord *r = ct_record_new ("zrm");

  ct_record_set_int (r, "case_id", h->case_id);
  _ct_demo_set_day (r, "assessed_on", day);
  ct_record_set_int (r, "assessor", d->members[CT_ROLE_REGISSEUR]);
  ct_record_set (r, "kind", kind);
  /* Only the domains that matter to the case: data minimisation. */
  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    if (h->domains[i])
      {
        int change = gain > 0 ? rnd (d, -1, gain) : 0;

        if (gain == 0)
          h->intake[i] = rnd (d, 0, 99) < 25 ? 1 : chance (d, 0.6) ? 2 : 3;
        ct_record_set_int (r, ct_zrm_domains[i], CLAMP (h->intake[i] + change, 1, 5));
      }
  return _ct_demo_store (d, r, error) != 0;
}

static gboolean
add_zrms (Demo       *d,
          Household  *h,
          GError    **error)
{
  Day intake = min_day (h->referral + rnd (d, 2, 9), d->today);
  Day follow_up = h->advice + rnd (d, 42, 70);

  if (!add_zrm (d, h, "intake", intake, 0, error))
    return FALSE;
  if (h->advice != 0 && !g_str_equal (h->status, "advies_gegeven")
      && follow_up <= (h->closed != 0 ? h->closed : d->today)
      && !add_zrm (d, h, "vervolg", follow_up, 2, error))
    return FALSE;
  return h->closed == 0 || add_zrm (d, h, "afsluiting", h->closed, 3, error);
}

static gboolean
add_goals (Demo       *d,
           Household  *h,
           GError    **error)
{
  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    {
      CtRecord *r;

      if (!h->domains[i])
        continue;
      r = ct_record_new ("goals");
      ct_record_set_int (r, "household_id", h->household);
      ct_record_set (r, "domain", ct_zrm_domains[i]);
      ct_record_set (r, "description", ct_demo_domains[i].goal);
      ct_record_set_int (r, "target_score", MAX (3, MIN (5, h->intake[i] + 2)));
      ct_record_set (r, "status", h->closed != 0 ? (chance (d, 0.8) ? "bereikt" : "vervallen")
                                  : chance (d, 0.15) ? "bereikt" : "open");
      if ((h->goals[i] = _ct_demo_store (d, r, error)) == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_agenda_item (Demo        *d,
                 Household   *h,
                 int          meeting,
                 const char  *status,
                 gint64      *id,
                 GError     **error)
{
  Meeting *m = &d->meetings[meeting];
  CtRecord *r = ct_record_new ("agenda_items");

  m->n_items++;
  ct_record_set_int (r, "meeting_id", m->id);
  ct_record_set_int (r, "case_id", h->case_id);
  ct_record_set_int (r, "position", MIN (m->n_items, 1000));
  ct_record_set_int (r, "slot_minutes", chance (d, 0.6) ? 20 : chance (d, 0.5) ? 15 : 30);
  if (g_str_equal (status, "besproken"))
    ct_record_set (r, "notes", "Regisseur licht de vraag toe; de betrokken partners vullen "
                               "aan vanuit hun discipline.");
  else if (g_str_equal (status, "uitgesteld"))
    ct_record_set (r, "notes", "Uitgesteld: informatie van een partner ontbrak nog.");
  ct_record_set (r, "status", status);
  return (*id = _ct_demo_store (d, r, error)) != 0;
}

/* Follows an action up to today: done, open and perhaps overdue, or
 * refused with the partner's reason. */
static void
set_action_state (Demo      *d,
                  Household *h,
                  CtRecord  *r,
                  Day        start,
                  Day        due)
{
  Day end = h->closed != 0 ? h->closed : d->today;
  int roll = rnd (d, 0, 99);

  if (due <= end && (roll < 55 || (h->closed != 0 && roll < 88)))
    {
      ct_record_set (r, "status", "gedaan");
      _ct_demo_set_day (r, "done_on", min_day (start + rnd (d, 3, due + 10 - start), end));
    }
  else if (due <= end && roll >= 88)
    {
      ct_record_set (r, "status", "geweigerd");
      ct_record_set (r, "refusal_reason", pick (d, ct_demo_refusals));
    }
  else if (due > end && chance (d, 0.25))
    {
      ct_record_set (r, "status", "gedaan");
      _ct_demo_set_day (r, "done_on", start + rnd (d, 0, end - start));
    }
  else if (h->closed != 0)
    {
      ct_record_set (r, "status", "gedaan");
      _ct_demo_set_day (r, "done_on", h->closed);
    }
  else
    ct_record_set (r, "status", "open");
}

static gboolean
add_action (Demo        *d,
            Household   *h,
            guint        domain,
            gint64       advice,
            GError     **error)
{
  const CtDemoDomain *dom = &ct_demo_domains[domain];
  CtRecord *r = ct_record_new ("actions");
  const char *partner = NULL;
  Day start = h->advice, due = h->advice + 7 * rnd (d, 2, 8);

  for (guint i = 0; i < h->n_orgs && partner == NULL; i++)
    if (g_str_equal (h->orgs[i].type, dom->partner_type))
      partner = h->orgs[i].name;
  if (partner == NULL)
    partner = org_of_type (d, dom->partner_type)->name;

  ct_record_set_int (r, "household_id", h->household);
  ct_record_set_int (r, "goal_id", h->goals[domain]);
  if (advice != 0)
    ct_record_set_int (r, "advice_id", advice);
  ct_record_set (r, "what", dom->actions[rnd (d, 0, 1)]);
  ct_record_set (r, "partner", partner);
  ct_record_set (r, "partner_type", dom->partner_type);
  /* Who is responsible is bookkeeping every member sees: for an action of
   * a category it is the regisseur, whose role names none. */
  ct_record_set_int (r, "responsible",
                     d->members[ct_zrm_domain_category (domain) == CT_CATEGORY_GENERAL
                                  ? dom->responsible : CT_ROLE_REGISSEUR]);
  _ct_demo_set_day (r, "due_on", due);
  set_action_state (d, h, r, start, due);
  return _ct_demo_store (d, r, error) != 0;
}

/* 1 to 3 domains of the case, for the advice's actions. */
static guint
advice_domains (Demo      *d,
                Household *h,
                guint      chosen[3])
{
  guint n = 0, want = rnd (d, 1, 3);
  guint start = rnd (d, 0, CT_ZRM_N_DOMAINS - 1);

  for (guint k = 0; k < CT_ZRM_N_DOMAINS && n < want; k++)
    {
      guint i = (start + k) % CT_ZRM_N_DOMAINS;

      if (h->domains[i])
        chosen[n++] = i;
    }
  return n;
}

static gboolean
add_advice (Demo       *d,
            Household  *h,
            gint64      item,
            GError    **error)
{
  CtRecord *r = ct_record_new ("advice");
  g_autoptr(GString) text = g_string_new ("Het team adviseert bindend: ");
  guint chosen[3], n = advice_domains (d, h, chosen);
  gint64 advice;

  /* The advice is general text: it names only general steps; the others
   * are actions of their own category in the plan. */
  for (guint k = 0; k < n; k++)
    if (ct_zrm_domain_category (chosen[k]) == CT_CATEGORY_GENERAL)
      g_string_append_printf (text, "%s; ", ct_demo_domains[chosen[k]].actions[0]);
  g_string_append (text, "de afspraken per levensgebied staan als acties in het plan; de "
                         "regisseur bewaakt de uitvoering en brengt de casus na zes weken "
                         "terug als dat nodig is.");
  ct_record_set_int (r, "case_id", h->case_id);
  ct_record_set_int (r, "agenda_item_id", item);
  ct_record_set (r, "text", text->str);
  _ct_demo_set_day (r, "decided_on", h->advice);
  if ((advice = _ct_demo_store (d, r, error)) == 0)
    return FALSE;

  for (guint k = 0; k < n; k++)
    if (!add_action (d, h, chosen[k], advice, error))
      return FALSE;

  /* Now and then the plan has a step of its own, outside the advice. */
  for (guint i = 0; i < CT_ZRM_N_DOMAINS; i++)
    if (h->domains[i] && chance (d, 0.15) && !add_action (d, h, i, 0, error))
      return FALSE;
  return TRUE;
}

static gboolean
add_meeting_rows (Demo       *d,
                  Household  *h,
                  int         first,
                  GError    **error)
{
  gint64 item;

  if (first < 0)
    return TRUE;
  if (h->meeting < 0)
    return add_agenda_item (d, h, first, "wachtend", &item, error);
  if (first != h->meeting && !add_agenda_item (d, h, first, "uitgesteld", &item, error))
    return FALSE;
  return add_agenda_item (d, h, h->meeting, "besproken", &item, error)
         && add_goals (d, h, error) && add_advice (d, h, item, error);
}

static int
period_of (Demo *d,
           Day   day)
{
  for (int i = 0; i < 2; i++)
    if (day >= d->period_start[i] && day <= d->period_end[i])
      return i;
  return -1;
}

/* A third of the cases with advice spend from the maatwerkbudget; above
 * the ceiling per case the voorzitter co-signs. */
static gboolean
add_expenses (Demo       *d,
              Household  *h,
              GError    **error)
{
  gint64 spent = 0;

  if (h->advice == 0 || !chance (d, 0.33))
    return TRUE;

  for (int n = rnd (d, 1, 2); n > 0; n--)
    {
      const CtDemoExpense *e = &ct_demo_expenses[rnd (d, 0, ct_demo_n_expenses - 1)];
      Day day = min_day (h->advice + rnd (d, 1, 30), d->today);
      gint64 amount = chance (d, 0.12) ? rnd (d, 1500, 3500) * 100 : rnd (d, 25, 1200) * 100;
      int period = period_of (d, day);
      CtRecord *r;
      gint64 id;

      if (period < 0)
        continue;
      spent += amount;
      r = ct_record_new ("expenses");
      ct_record_set_int (r, "period_id", d->periods[period]);
      ct_record_set_int (r, "case_id", h->case_id);
      ct_record_set_int (r, "amount_cents", amount);
      ct_record_set (r, "purpose", e->purpose);
      ct_record_set_int (r, "decided_by", d->members[CT_ROLE_REGISSEUR]);
      _ct_demo_set_day (r, "spent_on", day);
      ct_record_set (r, "justification", e->justification);
      ct_record_set (r, "row_category", e->category);
      id = _ct_demo_store (d, r, error);
      if (id == 0)
        return FALSE;
      /* Co-signed afterwards by the voorzitter in a session of their own:
       * the core lets only the co-signer sign, as themselves. */
      if (spent > d->ceiling_cents)
        g_array_append_val (d->to_cosign, id);
    }
  return TRUE;
}

/* Proposed by the regisseur; the voorzitter approves (approve_batch) and
 * the regisseur carries out and shares (carry_out_batch) as far as
 * DemoDoorbraak.steps says. */
static gboolean
add_doorbraak (Demo       *d,
               Household  *h,
               GError    **error)
{
  DemoDoorbraak p = { 0 };
  CtRecord *r;

  if (h->advice == 0 || g_str_equal (h->status, "advies_gegeven") || !chance (d, 0.08))
    return TRUE;

  p.b = &ct_demo_doorbraken[rnd (d, 0, ct_demo_n_doorbraken - 1)];
  p.steps = rnd (d, 0, 3);
  r = ct_record_new ("doorbraken");
  ct_record_set_int (r, "case_id", h->case_id);
  ct_record_set (r, "situation", p.b->situation);
  ct_record_set (r, "goal", p.b->goal);
  ct_record_set (r, "blocked_rule", p.b->rule);
  ct_record_set (r, "blocked_article", p.b->article);
  ct_record_set (r, "blocked_owner", p.b->owner);
  ct_record_set (r, "alternative", p.b->alternative);
  ct_record_set_int (r, "budget_cents", rnd (d, 0, 20) * 5000);
  ct_record_set (r, "decided_by", p.b->decided_by);
  ct_record_set (r, "mandate", p.b->mandate);
  ct_record_set (r, "legitimation", p.b->legitimation);
  ct_record_set (r, "scope", p.b->scope);
  ct_record_set (r, "row_category", p.b->category);
  ct_record_set (r, "status", "voorgesteld");
  if (p.steps >= 2)
    {
      p.cost_before = rnd (d, 20, 90) * 100000;
      p.cost_after = rnd (d, 2, 19) * 100000;
      p.reached = min_day (h->advice + rnd (d, 7, 40), d->today);
    }

  p.id = _ct_demo_store (d, r, error);
  if (p.id == 0)
    return FALSE;
  if (p.steps > 0)
    g_array_append_val (d->doorbraken, p);
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
  h.area = rnd (d, 0, CT_DEMO_N_AREAS - 1);
  n_persons = plan_persons (d, &h, persons);
  choose_domains (d, &h);
  plan_case (d, &h, &first_meeting);
  choose_organisations (d, &h, chosen);

  ok = add_household_row (d, &h, error) && add_persons (d, &h, persons, n_persons, error)
       && add_case (d, &h, error) && add_organisations (d, &h, chosen, error)
       && add_consents (d, &h, error) && add_partner_consents (d, &h, index, error)
       && add_zrms (d, &h, error)
       && add_meeting_rows (d, &h, first_meeting, error) && add_expenses (d, &h, error)
       && add_doorbraak (d, &h, error);

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
