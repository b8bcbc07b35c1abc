/* ct-demo-care.c — what the demo team does for a household
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The rows that follow a household's case in the demo team: consent per
 * category, ZRM scores, goals, the meetings that discuss it with their
 * advice and actions, expenses from the maatwerkbudget and now and then a
 * doorbraak. They draw from the household's own GRand, in the order
 * ct-demo-household.c calls them, so the same seed gives the same rows. */

#define G_LOG_DOMAIN "ct-demo"

#include "config.h"

#include "ct-demo-household-private.h"

static gboolean
add_consent (Demo        *d,
             Household   *h,
             CtCategory   category,
             const char  *purpose,
             GError     **error)
{
  CtRecord *r = ct_record_new ("consents");
  Day given = _ct_demo_min_day (h->referral + _ct_demo_rnd (d, 0, 5), d->today);
  gboolean legal = category == CT_CATEGORY_JUSTICE
                   || (category == CT_CATEGORY_YOUTH && _ct_demo_chance (d, 0.4));

  ct_record_set_int (r, "case_id", h->case_id);
  ct_record_set (r, "category", ct_category_to_string (category));
  ct_record_set (r, "purpose", purpose);
  ct_record_set (r, "basis", legal ? "wettelijke_taak"
                             : _ct_demo_chance (d, 0.95) ? "toestemming"
                                                         : "gerechtvaardigd_belang");
  _ct_demo_set_day (r, "given_on", given);
  ct_record_set_int (r, "recorded_by", d->members[CT_ROLE_REGISSEUR]);
  if (!legal && d->today > given + 30 && _ct_demo_chance (d, 0.03))
    _ct_demo_set_day (r, "withdrawn_on", given + _ct_demo_rnd (d, 10, d->today - given));
  ct_record_set (r, "share_at_table", _ct_demo_chance (d, 0.6) ? "true" : "false");
  return _ct_demo_store (d, r, error) != 0;
}

/* About four in ten households consent to sharing their actions with
 * partners (delen met ketenpartner), for each category their problems
 * touch: a partner's list holds an action only under a consent for its
 * category (docs/retention.md). Drawn from a generator of its own, seeded
 * by the seed and the household's index, so every other draw of the demo
 * stays what it was. */
gboolean
_ct_demo_add_partner_consents (Demo       *d,
                               Household  *h,
                               guint       index,
                               GError    **error)
{
  guint32 seeds[3] = { d->seed, index, 0x9a47u };
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  Day given = _ct_demo_min_day (h->referral + g_rand_int_range (rand, 0, 6), d->today);
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
gboolean
_ct_demo_add_consents (Demo       *d,
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
  return !_ct_demo_chance (d, 0.5) || add_consent (d, h, CT_CATEGORY_GENERAL, "evaluatie", error);
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
        int change = gain > 0 ? _ct_demo_rnd (d, -1, gain) : 0;

        if (gain == 0)
          h->intake[i] = _ct_demo_rnd (d, 0, 99) < 25 ? 1 : _ct_demo_chance (d, 0.6) ? 2 : 3;
        ct_record_set_int (r, ct_zrm_domains[i], CLAMP (h->intake[i] + change, 1, 5));
      }
  return _ct_demo_store (d, r, error) != 0;
}

gboolean
_ct_demo_add_zrms (Demo       *d,
                   Household  *h,
                   GError    **error)
{
  Day intake = _ct_demo_min_day (h->referral + _ct_demo_rnd (d, 2, 9), d->today);
  Day follow_up = h->advice + _ct_demo_rnd (d, 42, 70);

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
      ct_record_set (r, "status",
                     h->closed != 0 ? (_ct_demo_chance (d, 0.8) ? "bereikt" : "vervallen")
                                    : _ct_demo_chance (d, 0.15) ? "bereikt" : "open");
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
  ct_record_set_int (r, "slot_minutes",
                     _ct_demo_chance (d, 0.6) ? 20 : _ct_demo_chance (d, 0.5) ? 15 : 30);
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
  int roll = _ct_demo_rnd (d, 0, 99);

  if (due <= end && (roll < 55 || (h->closed != 0 && roll < 88)))
    {
      ct_record_set (r, "status", "gedaan");
      _ct_demo_set_day (r, "done_on",
                        _ct_demo_min_day (start + _ct_demo_rnd (d, 3, due + 10 - start), end));
    }
  else if (due <= end && roll >= 88)
    {
      ct_record_set (r, "status", "geweigerd");
      ct_record_set (r, "refusal_reason", _ct_demo_pick (d, ct_demo_refusals));
    }
  else if (due > end && _ct_demo_chance (d, 0.25))
    {
      ct_record_set (r, "status", "gedaan");
      _ct_demo_set_day (r, "done_on", start + _ct_demo_rnd (d, 0, end - start));
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
  Day start = h->advice, due = h->advice + 7 * _ct_demo_rnd (d, 2, 8);

  for (guint i = 0; i < h->n_orgs && partner == NULL; i++)
    if (g_str_equal (h->orgs[i].type, dom->partner_type))
      partner = h->orgs[i].name;
  if (partner == NULL)
    partner = _ct_demo_org_of_type (d, dom->partner_type)->name;

  ct_record_set_int (r, "household_id", h->household);
  ct_record_set_int (r, "goal_id", h->goals[domain]);
  if (advice != 0)
    ct_record_set_int (r, "advice_id", advice);
  ct_record_set (r, "what", dom->actions[_ct_demo_rnd (d, 0, 1)]);
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
  guint n = 0, want = _ct_demo_rnd (d, 1, 3);
  guint start = _ct_demo_rnd (d, 0, CT_ZRM_N_DOMAINS - 1);

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
    if (h->domains[i] && _ct_demo_chance (d, 0.15) && !add_action (d, h, i, 0, error))
      return FALSE;
  return TRUE;
}

gboolean
_ct_demo_add_meeting_rows (Demo       *d,
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
gboolean
_ct_demo_add_expenses (Demo       *d,
                       Household  *h,
                       GError    **error)
{
  gint64 spent = 0;

  if (h->advice == 0 || !_ct_demo_chance (d, 0.33))
    return TRUE;

  for (int n = _ct_demo_rnd (d, 1, 2); n > 0; n--)
    {
      const CtDemoExpense *e = &ct_demo_expenses[_ct_demo_rnd (d, 0, ct_demo_n_expenses - 1)];
      Day day = _ct_demo_min_day (h->advice + _ct_demo_rnd (d, 1, 30), d->today);
      gint64 amount = _ct_demo_chance (d, 0.12) ? _ct_demo_rnd (d, 1500, 3500) * 100
                                                : _ct_demo_rnd (d, 25, 1200) * 100;
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
gboolean
_ct_demo_add_doorbraak (Demo       *d,
                        Household  *h,
                        GError    **error)
{
  DemoDoorbraak p = { 0 };
  CtRecord *r;

  if (h->advice == 0 || g_str_equal (h->status, "advies_gegeven") || !_ct_demo_chance (d, 0.08))
    return TRUE;

  p.b = &ct_demo_doorbraken[_ct_demo_rnd (d, 0, ct_demo_n_doorbraken - 1)];
  p.steps = _ct_demo_rnd (d, 0, 3);
  r = ct_record_new ("doorbraken");
  ct_record_set_int (r, "case_id", h->case_id);
  ct_record_set (r, "situation", p.b->situation);
  ct_record_set (r, "goal", p.b->goal);
  ct_record_set (r, "blocked_rule", p.b->rule);
  ct_record_set (r, "blocked_article", p.b->article);
  ct_record_set (r, "blocked_owner", p.b->owner);
  ct_record_set (r, "alternative", p.b->alternative);
  ct_record_set_int (r, "budget_cents", _ct_demo_rnd (d, 0, 20) * 5000);
  ct_record_set (r, "decided_by", p.b->decided_by);
  ct_record_set (r, "mandate", p.b->mandate);
  ct_record_set (r, "legitimation", p.b->legitimation);
  ct_record_set (r, "scope", p.b->scope);
  ct_record_set (r, "row_category", p.b->category);
  ct_record_set (r, "status", "voorgesteld");
  if (p.steps >= 2)
    {
      p.cost_before = _ct_demo_rnd (d, 20, 90) * 100000;
      p.cost_after = _ct_demo_rnd (d, 2, 19) * 100000;
      p.reached = _ct_demo_min_day (h->advice + _ct_demo_rnd (d, 7, 40), d->today);
    }

  p.id = _ct_demo_store (d, r, error);
  if (p.id == 0)
    return FALSE;
  if (p.steps > 0)
    g_array_append_val (d->doorbraken, p);
  return TRUE;
}
