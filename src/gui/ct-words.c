/* ct-words.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-words"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-words.h"

typedef struct
{
  const char *name;
  const char *words;
} Word;

static const Word action_statuses[] = {
  { "open", N_("Open") }, { "gedaan", N_("Done") }, { "geweigerd", N_("Refused") },
};

static const Word goal_statuses[] = {
  { "open", N_("Open") }, { "bereikt", N_("Achieved") }, { "vervallen", N_("Dropped") },
};

static const Word zrm_kinds[] = {
  { "intake", N_("Intake") }, { "vervolg", N_("Follow-up") }, { "afsluiting", N_("Closing") },
};

static const Word partner_types[] = {
  { "ggz", N_("Mental health care") },
  { "verslavingszorg", N_("Addiction care") },
  { "jeugdzorg", N_("Youth care") },
  { "wijkteam", N_("Neighbourhood team") },
  { "woningcorporatie", N_("Housing association") },
  { "schuldhulpverlening", N_("Debt counselling") },
  { "werk_inkomen", N_("Work and income") },
  { "politie", N_("Police") },
  { "justitie", N_("Justice") },
  { "huisarts", N_("General practitioner") },
  { "onderwijs", N_("Education") },
  { "maatschappelijk_werk", N_("Social work") },
  { "overig", N_("Other") },
};

/* What the access log names: plural nouns, as in "households #12". */
static const Word tables[] = {
  { "households", N_("households") }, { "persons", N_("persons") },
  { "cases", N_("cases") }, { "organisations", N_("organisations") },
  { "consents", N_("consents") }, { "zrm", N_("ZRM assessments") },
  { "goals", N_("goals") }, { "actions", N_("actions") },
  { "meetings", N_("meetings") }, { "attendees", N_("attendees") },
  { "agenda_items", N_("agenda items") }, { "advice", N_("advice") },
  { "budget_periods", N_("budget periods") }, { "expenses", N_("expenses") },
  { "doorbraken", N_("breakthroughs") }, { "areas", N_("areas") },
  { "members", N_("members") }, { "policy", N_("policy") },
  { "category_keys", N_("category keys") }, { "team", N_("team") },
  { "database", N_("database") }, { "settings", N_("settings") },
};

static const char *
lookup (const Word *words,
        gsize       n,
        const char *name)
{
  for (gsize i = 0; name != NULL && i < n; i++)
    if (g_str_equal (words[i].name, name))
      return _(words[i].words);
  return name != NULL ? name : "";
}

const char *
ct_words_domain (guint domain)
{
  g_return_val_if_fail (domain < CT_ZRM_N_DOMAINS, "");

  return _(ct_table_get_field (ct_schema_get_table ("zrm"), ct_zrm_domains[domain])->label);
}

int
ct_words_domain_index (const char *name)
{
  for (int i = 0; name != NULL && i < CT_ZRM_N_DOMAINS; i++)
    if (g_str_equal (ct_zrm_domains[i], name))
      return i;
  return -1;
}

const char *
ct_words_action_status (const char *status)
{
  return lookup (action_statuses, G_N_ELEMENTS (action_statuses), status);
}

const char *
ct_words_goal_status (const char *status)
{
  return lookup (goal_statuses, G_N_ELEMENTS (goal_statuses), status);
}

const char *
ct_words_zrm_kind (const char *kind)
{
  return lookup (zrm_kinds, G_N_ELEMENTS (zrm_kinds), kind);
}

const char *
ct_words_partner_type (const char *type)
{
  return lookup (partner_types, G_N_ELEMENTS (partner_types), type);
}

const char *
ct_words_table (const char *table)
{
  return lookup (tables, G_N_ELEMENTS (tables), table);
}

/* Returns: today's local date as YYYY-MM-DD */
char *
ct_words_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The ZRM 2017 scale (DESIGN §2.4): one name per level, and per domain a
 * line in our own words on what the level looks like there. */
static const char *zrm_levels[5] = {
  N_("Acute problems"),
  N_("Not self-sufficient"),
  N_("Limited self-sufficiency"),
  N_("Sufficiently self-sufficient"),
  N_("Fully self-sufficient"),
};
static const char *zrm_level_descriptions[CT_ZRM_N_DOMAINS][5] = {
  { /* financien */
    N_("Debts are growing and getting more complex; income is missing or gone at once."),
    N_("Has debts and payment arrears; no grip on income and spending yet."),
    N_("Debts are being settled with help; arrears no longer grow."),
    N_("Has an income to live on, debts under control, and pays bills mostly on time."),
    N_("No debts, pays on time and saves some money."),
  },
  { /* werk_opleiding */
    N_("No work, no education and no income from either."),
    N_("No work or school, and no start made towards either."),
    N_("Volunteers, takes a course or follows a route towards work."),
    N_("Works or studies, but with temporary or uncertain prospects."),
    N_("Has steady work or follows an education that fits."),
  },
  { /* tijdsbesteding */
    N_("No structure in the day; sleeps and wakes at random."),
    N_("Days have little structure and are mostly empty."),
    N_("Some regular activities give the day part of a rhythm."),
    N_("Days are mostly filled with activities that mean something."),
    N_("A full day rhythm of their own choosing."),
  },
  { /* huisvesting */
    N_("Homeless, or eviction is imminent."),
    N_("Unsafe, temporary or unsuitable housing, at risk of losing it."),
    N_("Housing is stable for now, but with rent arrears or nuisance."),
    N_("Safe and suitable housing; the rent is paid."),
    N_("Safe, suitable and affordable housing, kept without help."),
  },
  { /* huiselijke_relaties */
    N_("Violence or abuse at home; someone is unsafe."),
    N_("Serious, lasting conflicts at home."),
    N_("Tensions at home without violence; help is accepted."),
    N_("Relationships at home are mostly supportive."),
    N_("Healthy, supportive relationships at home."),
  },
  { /* geestelijke_gezondheid */
    N_("A mental health crisis: a danger to themselves or others."),
    N_("Severe mental symptoms disrupt daily life; no care yet."),
    N_("Mental symptoms, partly under control with care."),
    N_("Mild symptoms that hardly affect daily life."),
    N_("No mental health problems beyond the usual ups and downs."),
  },
  { /* lichamelijke_gezondheid */
    N_("An acute physical problem that needs care now."),
    N_("A serious physical problem without the care it needs."),
    N_("A chronic condition, treated, that limits daily life."),
    N_("Minor physical problems, well looked after."),
    N_("In good physical health."),
  },
  { /* middelengebruik */
    N_("Heavy use of alcohol or drugs causes acute danger."),
    N_("Dependence seriously harms health, work or family."),
    N_("Use causes problems; treatment or cutting down is under way."),
    N_("Some use, without serious problems."),
    N_("No problematic use of alcohol, drugs or medication."),
  },
  { /* basale_adl */
    N_("Cannot wash, dress or eat without help, and has none."),
    N_("Basic self-care falls short; help comes irregularly."),
    N_("Manages basic self-care with regular help."),
    N_("Manages basic self-care with a little help."),
    N_("Washes, dresses and eats without help."),
  },
  { /* instrumentele_adl */
    N_("Cannot shop, cook, clean or deal with post, and has no help."),
    N_("Household tasks are mostly left undone."),
    N_("Manages household tasks with regular help."),
    N_("Manages household tasks with occasional help."),
    N_("Runs the household without help."),
  },
  { /* sociaal_netwerk */
    N_("No contacts at all, or only harmful ones."),
    N_("Very few contacts and no one to fall back on."),
    N_("Some contacts, but little support in practice."),
    N_("Enough contacts who help now and then."),
    N_("A supportive network to rely on."),
  },
  { /* maatschappelijke_participatie */
    N_("Takes no part in society; isolated."),
    N_("Hardly takes part and avoids others."),
    N_("Takes part now and then, when encouraged."),
    N_("Takes part in activities, clubs or the neighbourhood."),
    N_("Takes an active part and contributes to others."),
  },
  { /* justitie */
    N_("Acute contact with police or justice: arrest or detention."),
    N_("Repeated offences, or an open case with police or justice."),
    N_("On probation or under conditions that are kept."),
    N_("No new offences; only old matters are pending."),
    N_("No contact with police or justice."),
  },
};

const char *
ct_words_zrm_level (guint level)
{
  g_return_val_if_fail (level >= 1 && level <= 5, "");

  return _(zrm_levels[level - 1]);
}

const char *
ct_words_zrm_level_description (guint domain,
                                guint level)
{
  g_return_val_if_fail (domain < CT_ZRM_N_DOMAINS && level >= 1 && level <= 5, "");

  return _(zrm_level_descriptions[domain][level - 1]);
}
