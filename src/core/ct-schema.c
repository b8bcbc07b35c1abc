/* ct-schema.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The registry of the team's data: every table, every field, its category
 * (docs/categories.md) and what a valid value looks like. The store's migrations
 * create the same columns; test-data checks that they agree. */

#define G_LOG_DOMAIN "ct-schema"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ct-error.h"
#include "ct-schema.h"

#define ID  CT_CATEGORY_IDENTITY
#define HE  CT_CATEGORY_HEALTH
#define JU  CT_CATEGORY_JUSTICE
#define FI  CT_CATEGORY_FINANCE
#define YO  CT_CATEGORY_YOUTH
#define HO  CT_CATEGORY_HOUSING
#define WO  CT_CATEGORY_WORK
#define GE  CT_CATEGORY_GENERAL

#define LINE(n, c, l, m)       { n, c, CT_FIELD_LINE, l, 0, m, NULL, NULL, FALSE }
#define LINE_REQ(n, c, l, m)   { n, c, CT_FIELD_LINE, l, 0, m, NULL, NULL, TRUE }
#define TEXT(n, c, l, m)       { n, c, CT_FIELD_TEXT, l, 0, m, NULL, NULL, FALSE }
#define TEXT_REQ(n, c, l, m)   { n, c, CT_FIELD_TEXT, l, 0, m, NULL, NULL, TRUE }
#define DATE(n, c, l)          { n, c, CT_FIELD_DATE, l, 0, 0, NULL, NULL, FALSE }
#define DATE_REQ(n, c, l)      { n, c, CT_FIELD_DATE, l, 0, 0, NULL, NULL, TRUE }
#define INT(n, c, l, lo, hi)   { n, c, CT_FIELD_INT, l, lo, hi, NULL, NULL, FALSE }
#define CENTS(n, c, l)         { n, c, CT_FIELD_CENTS, l, 0, G_GINT64_CONSTANT (100000000000), NULL, NULL, FALSE }
#define CENTS_REQ(n, c, l, lo) { n, c, CT_FIELD_CENTS, l, lo, G_GINT64_CONSTANT (100000000000), NULL, NULL, TRUE }
#define BOOL(n, c, l)          { n, c, CT_FIELD_BOOL, l, 0, 0, NULL, NULL, FALSE }
#define ENUM(n, c, l, v)       { n, c, CT_FIELD_ENUM, l, 0, 0, v, NULL, FALSE }
#define ENUM_REQ(n, c, l, v)   { n, c, CT_FIELD_ENUM, l, 0, 0, v, NULL, TRUE }
#define ENUM_SET(n, c, l, v)   { n, c, CT_FIELD_ENUM_SET, l, 0, 0, v, NULL, FALSE }
#define REF(n, l, t)           { n, GE, CT_FIELD_REF, l, 0, 0, NULL, t, FALSE }
#define REF_REQ(n, l, t)       { n, GE, CT_FIELD_REF, l, 0, 0, NULL, t, TRUE }
#define MEMBER(n, l)           { n, GE, CT_FIELD_MEMBER, l, 0, 0, NULL, NULL, FALSE }
#define MEMBER_REQ(n, l)       { n, GE, CT_FIELD_MEMBER, l, 0, 0, NULL, NULL, TRUE }
#define TYPED(n, c, t, l)      { n, c, t, l, 0, 0, NULL, NULL, FALSE }

/* Fields sealed under their row's category (docs/categories.md): t a
 * CtFieldType without its prefix, q whether it is required. */
#define ROW(n, t, l, lo, hi, v, q) { n, GE, CT_FIELD_##t, l, lo, hi, v, NULL, q, TRUE }
#define ROW_CATEGORY               ROW ("row_category", ENUM, N_("Category"), 0, 0, row_categories, FALSE)
#define PART(n, c, t, l, m) { n, c, CT_FIELD_##t, l, 0, m, NULL, NULL, FALSE }
#define DOMAINS(n, c, l)     { n, c, CT_FIELD_ENUM_SET, l, 0, 0, ct_zrm_domains }

const CtCategory ct_fact_categories[CT_N_FACT_CATEGORIES] = { HE, JU, FI, YO, HO, WO };

const char * const ct_zrm_domains[] = {
  "financien", "werk_opleiding", "tijdsbesteding", "huisvesting", "huiselijke_relaties",
  "geestelijke_gezondheid", "lichamelijke_gezondheid", "middelengebruik", "basale_adl",
  "instrumentele_adl", "sociaal_netwerk", "maatschappelijke_participatie", "justitie", NULL,
};

/* docs/categories.md: a score takes the category of its domain. */
static const CtCategory zrm_categories[CT_ZRM_N_DOMAINS] = {
  FI, WO, WO, HO, YO, HE, HE, HE, HE, HE, GE, WO, JU,
};

static const char * const sexes[] = { "vrouw", "man", "anders", "onbekend", NULL };
static const char * const relations[] = {
  "hoofd", "partner", "kind", "ouder", "overig_familie", "overig", NULL,
};
static const char * const eviction_risks[] = { "geen", "laag", "hoog", "ontruiming_gepland", NULL };
static const char * const case_statuses[] = {
  "aangemeld", "geagendeerd", "advies_gegeven", "in_uitvoering", "afgesloten", NULL,
};
static const char * const outcomes[] = {
  "doel_bereikt", "deels_bereikt", "niet_bereikt", "overgedragen", "teruggetrokken", NULL,
};
/* A case's retention term, chosen at closing (docs/retention.md). */
static const char * const retention_terms[] = { "wmo", "jeugdwet", "ingetrokken", "team", NULL };
static const char * const partner_types[] = {
  "ggz", "verslavingszorg", "jeugdzorg", "wijkteam", "woningcorporatie", "schuldhulpverlening",
  "werk_inkomen", "politie", "justitie", "huisarts", "onderwijs", "maatschappelijk_werk",
  "overig", NULL,
};
/* A row's category: every key but identity's (docs/categories.md). */
static const char * const row_categories[] = {
  "health", "justice", "finance", "youth", "housing", "work", "general", NULL,
};
static const char * const category_names[] = {
  "identity", "health", "justice", "finance", "youth", "housing", "work", "general", NULL,
};
static const char * const consent_purposes[] = {
  "casusoverleg", "delen_aan_tafel", "evaluatie", "delen_met_ketenpartner", NULL,
};
static const char * const legal_bases[] = {
  "toestemming", "wettelijke_taak", "vitaal_belang", "wettelijke_verplichting",
  "gerechtvaardigd_belang", NULL,
};
static const char * const zrm_kinds[] = { "intake", "vervolg", "afsluiting", NULL };
static const char * const goal_statuses[] = { "open", "bereikt", "vervallen", NULL };
static const char * const action_statuses[] = { "open", "gedaan", "geweigerd", NULL };
static const char * const meeting_statuses[] = { "gepland", "bezig", "gesloten", NULL };
static const char * const item_statuses[] = { "wachtend", "besproken", "uitgesteld", NULL };
static const char * const expense_purposes[] = {
  "wonen", "schulden", "vervoer", "zorg", "kinderen", "werk_opleiding", "levensonderhoud",
  "overig", NULL,
};
static const char * const scopes[] = { "individueel", "structureel", NULL };
static const char * const doorbraak_statuses[] = {
  "voorgesteld", "goedgekeurd", "uitgevoerd", "gedeeld", NULL,
};

static const CtField household_fields[] = {
  LINE ("area", GE, N_("Area"), 80),
  TEXT ("health_mental", HE, N_("Mental health"), 2000),
  TEXT ("health_addiction", HE, N_("Addiction"), 2000),
  TEXT ("health_physical", HE, N_("Physical health"), 2000),
  TEXT ("medication", HE, N_("Medication"), 1000),
  TEXT ("justice_info", JU, N_("Police and justice"), 2000),
  CENTS ("income_cents", FI, N_("Monthly income")),
  CENTS ("debts_cents", FI, N_("Total debts")),
  TEXT ("creditors", FI, N_("Creditors"), 1000),
  CENTS ("arrears_cents", FI, N_("Payment arrears")),
  TEXT ("parenting", YO, N_("Parenting"), 2000),
  TEXT ("child_protection", YO, N_("Child protection"), 2000),
  TEXT ("school", YO, N_("School"), 1000),
  LINE ("tenancy", HO, N_("Tenancy"), 200),
  CENTS ("rent_arrears_cents", HO, N_("Rent arrears")),
  TEXT ("nuisance", HO, N_("Nuisance"), 1000),
  ENUM ("eviction_risk", HO, N_("Eviction risk"), eviction_risks),
  TEXT ("work_situation", WO, N_("Work situation"), 1000),
  LINE ("benefits", WO, N_("Benefits"), 200),
  TEXT ("daytime_activities", WO, N_("Daytime activities"), 1000),
};

static const CtField person_fields[] = {
  REF_REQ ("household_id", N_("Household"), "households"),
  LINE_REQ ("first_name", ID, N_("First name"), 80),
  LINE_REQ ("last_name", ID, N_("Last name"), 120),
  TYPED ("bsn", ID, CT_FIELD_BSN, N_("BSN")),
  DATE ("birth_date", ID, N_("Date of birth")),
  ENUM ("sex", ID, N_("Sex"), sexes),
  LINE ("street", ID, N_("Street"), 120),
  LINE ("house_number", ID, N_("House number"), 20),
  TYPED ("postcode", ID, CT_FIELD_POSTCODE, N_("Postcode")),
  LINE ("city", ID, N_("City"), 80),
  TYPED ("phone", ID, CT_FIELD_PHONE, N_("Phone")),
  TYPED ("email", ID, CT_FIELD_EMAIL, N_("E-mail")),
  ENUM ("relation", GE, N_("Relation"), relations),
};

static const CtField case_fields[] = {
  REF_REQ ("household_id", N_("Household"), "households"),
  LINE_REQ ("number", GE, N_("Case number"), 20),
  DATE_REQ ("referral_date", GE, N_("Referral date")),
  LINE ("referred_by", GE, N_("Referred by"), 120),
  TEXT ("question", GE, N_("Question to the team"), 4000),
  TEXT ("summary", GE, N_("Summary for the table"), 4000),
  /* The parts of a category (docs/categories.md). */
  PART ("question_health", HE, TEXT, N_("Question to the team: health"), 4000),
  PART ("question_justice", JU, TEXT, N_("Question to the team: justice"), 4000),
  PART ("question_finance", FI, TEXT, N_("Question to the team: finance"), 4000),
  PART ("question_youth", YO, TEXT, N_("Question to the team: youth"), 4000),
  PART ("question_housing", HO, TEXT, N_("Question to the team: housing"), 4000),
  PART ("question_work", WO, TEXT, N_("Question to the team: work"), 4000),
  PART ("summary_health", HE, TEXT, N_("Summary for the table: health"), 4000),
  PART ("summary_justice", JU, TEXT, N_("Summary for the table: justice"), 4000),
  PART ("summary_finance", FI, TEXT, N_("Summary for the table: finance"), 4000),
  PART ("summary_youth", YO, TEXT, N_("Summary for the table: youth"), 4000),
  PART ("summary_housing", HO, TEXT, N_("Summary for the table: housing"), 4000),
  PART ("summary_work", WO, TEXT, N_("Summary for the table: work"), 4000),
  ENUM_REQ ("status", GE, N_("Status"), case_statuses),
  ENUM ("outcome", GE, N_("Outcome"), outcomes),
  DATE ("closed_on", GE, N_("Closing date")),
  MEMBER ("regisseur", N_("Case director")),
  ENUM_SET ("domains", GE, N_("Domains"), ct_zrm_domains),
  DOMAINS ("domains_health", HE, N_("Domains: health")),
  DOMAINS ("domains_justice", JU, N_("Domains: justice")),
  DOMAINS ("domains_finance", FI, N_("Domains: finance")),
  DOMAINS ("domains_youth", YO, N_("Domains: youth")),
  DOMAINS ("domains_housing", HO, N_("Domains: housing")),
  DOMAINS ("domains_work", WO, N_("Domains: work")),
  ENUM ("retention", GE, N_("Retention term"), retention_terms),
};

static const CtField organisation_fields[] = {
  REF_REQ ("household_id", N_("Household"), "households"),
  ROW ("name", LINE, N_("Organisation"), 0, 120, NULL, TRUE),
  ROW ("type", ENUM, N_("Type"), 0, 0, partner_types, FALSE),
  ROW ("contact", LINE, N_("Contact"), 0, 200, NULL, FALSE),
  ROW ("since", DATE, N_("Involved since"), 0, 0, NULL, FALSE),
  ROW ("until", DATE, N_("Involved until"), 0, 0, NULL, FALSE),
  ROW ("yearly_cost_cents", CENTS, N_("Estimated yearly cost"), 0,
       G_GINT64_CONSTANT (100000000000), NULL, FALSE),
  ROW_CATEGORY,
};

/* A consent's category is a fact of that category (a household consented to
 * share health data), so it is sealed as a row category is; unlike other
 * rows, a consent may be about identity. */
static const CtField consent_fields[] = {
  REF_REQ ("case_id", N_("Case"), "cases"),
  ROW ("category", ENUM, N_("Category"), 0, 0, category_names, TRUE),
  ENUM_REQ ("purpose", GE, N_("Purpose"), consent_purposes),
  ENUM_REQ ("basis", GE, N_("Legal basis"), legal_bases),
  DATE_REQ ("given_on", GE, N_("Date")),
  MEMBER ("recorded_by", N_("Recorded by")),
  DATE ("withdrawn_on", GE, N_("Withdrawn on")),
  BOOL ("share_at_table", GE, N_("Share at the table")),
  ROW ("row_category", ENUM, N_("Category"), 0, 0, category_names, FALSE),
};

#define SCORE(n, c, l) INT (n, c, l, 1, 5)

static const CtField zrm_fields[] = {
  REF_REQ ("case_id", N_("Case"), "cases"),
  DATE_REQ ("assessed_on", GE, N_("Date")),
  MEMBER ("assessor", N_("Assessor")),
  ENUM_REQ ("kind", GE, N_("Kind"), zrm_kinds),
  SCORE ("financien", FI, N_("Finances")),
  SCORE ("werk_opleiding", WO, N_("Work and education")),
  SCORE ("tijdsbesteding", WO, N_("Use of time")),
  SCORE ("huisvesting", HO, N_("Housing")),
  SCORE ("huiselijke_relaties", YO, N_("Domestic relations")),
  SCORE ("geestelijke_gezondheid", HE, N_("Mental health")),
  SCORE ("lichamelijke_gezondheid", HE, N_("Physical health")),
  SCORE ("middelengebruik", HE, N_("Substance use")),
  SCORE ("basale_adl", HE, N_("Basic ADL")),
  SCORE ("instrumentele_adl", HE, N_("Instrumental ADL")),
  SCORE ("sociaal_netwerk", GE, N_("Social network")),
  SCORE ("maatschappelijke_participatie", WO, N_("Social participation")),
  SCORE ("justitie", JU, N_("Justice")),
};

static const CtField goal_fields[] = {
  REF_REQ ("household_id", N_("Household"), "households"),
  ROW ("domain", ENUM, N_("Domain"), 0, 0, ct_zrm_domains, TRUE),
  ROW ("description", TEXT, N_("Goal"), 0, 1000, NULL, TRUE),
  ROW ("target_score", INT, N_("Target score"), 1, 5, NULL, FALSE),
  ROW ("status", ENUM, N_("Status"), 0, 0, goal_statuses, TRUE),
  ROW_CATEGORY,
};

static const CtField action_fields[] = {
  REF_REQ ("household_id", N_("Household"), "households"),
  REF ("goal_id", N_("Goal"), "goals"),
  REF ("advice_id", N_("Advice"), "advice"),
  ROW ("what", LINE, N_("Action"), 0, 300, NULL, TRUE),
  ROW ("partner", LINE, N_("Partner organisation"), 0, 120, NULL, FALSE),
  ROW ("partner_type", ENUM, N_("Partner type"), 0, 0, partner_types, FALSE),
  MEMBER ("responsible", N_("Responsible")),
  DATE ("due_on", GE, N_("Due date")),
  ENUM_REQ ("status", GE, N_("Status"), action_statuses),
  ROW ("refusal_reason", TEXT, N_("Reason for refusal"), 0, 1000, NULL, FALSE),
  DATE ("done_on", GE, N_("Done on")),
  ROW_CATEGORY,
};

static const CtField meeting_fields[] = {
  DATE_REQ ("held_on", GE, N_("Date")),
  LINE ("start_time", GE, N_("Start time"), 5),
  LINE ("location", GE, N_("Location"), 120),
  MEMBER ("chair", N_("Chair")),
  TEXT ("notes", GE, N_("Notes"), 8000),
  ENUM_REQ ("status", GE, N_("Status"), meeting_statuses),
};

static const CtField attendee_fields[] = {
  REF_REQ ("meeting_id", N_("Meeting"), "meetings"),
  MEMBER ("member", N_("Member")),
  LINE ("guest_organisation", GE, N_("Guest organisation"), 120),
  BOOL ("present", GE, N_("Present")),
};

static const CtField agenda_item_fields[] = {
  REF_REQ ("meeting_id", N_("Meeting"), "meetings"),
  REF_REQ ("case_id", N_("Case"), "cases"),
  INT ("position", GE, N_("Position"), 1, 1000),
  INT ("slot_minutes", GE, N_("Time slot"), 1, 240),
  TEXT ("notes", GE, N_("Notes"), 8000),
  ENUM_REQ ("status", GE, N_("Status"), item_statuses),
};

static const CtField advice_fields[] = {
  REF_REQ ("case_id", N_("Case"), "cases"),
  REF ("agenda_item_id", N_("Agenda item"), "agenda_items"),
  TEXT_REQ ("text", GE, N_("Binding advice"), 4000),
  DATE_REQ ("decided_on", GE, N_("Date")),
};

static const CtField budget_period_fields[] = {
  LINE_REQ ("name", GE, N_("Period"), 80),
  DATE_REQ ("starts_on", GE, N_("Start date")),
  DATE_REQ ("ends_on", GE, N_("End date")),
  CENTS_REQ ("amount_cents", GE, N_("Budget"), 0),
  CENTS_REQ ("case_ceiling_cents", GE, N_("Ceiling per case"), 0),
};

static const CtField expense_fields[] = {
  REF_REQ ("period_id", N_("Budget period"), "budget_periods"),
  REF_REQ ("case_id", N_("Case"), "cases"),
  CENTS_REQ ("amount_cents", GE, N_("Amount"), 1),
  ROW ("purpose", ENUM, N_("Purpose"), 0, 0, expense_purposes, TRUE),
  MEMBER_REQ ("decided_by", N_("Decided by")),
  MEMBER ("cosigned_by", N_("Co-signed by")),
  DATE_REQ ("spent_on", GE, N_("Date")),
  ROW ("justification", TEXT, N_("Justification"), 0, 2000, NULL, TRUE),
  /* A counter-booking: the expense it withdraws (ct-budget.c). */
  REF ("reverses_id", N_("Withdraws expense"), "expenses"),
  ROW_CATEGORY,
};

static const CtField doorbraak_fields[] = {
  REF_REQ ("case_id", N_("Case"), "cases"),
  ROW ("situation", TEXT, N_("Situation"), 0, 4000, NULL, TRUE),
  ROW ("goal", TEXT, N_("Goal of the household"), 0, 1000, NULL, FALSE),
  ROW ("blocked_rule", LINE, N_("Blocking rule or routine"), 0, 200, NULL, FALSE),
  ROW ("blocked_article", LINE, N_("Article"), 0, 200, NULL, FALSE),
  ROW ("blocked_owner", LINE, N_("Whose rule"), 0, 200, NULL, FALSE),
  ROW ("alternative", TEXT, N_("What was done instead"), 0, 2000, NULL, FALSE),
  CENTS ("budget_cents", GE, N_("Budget used")),
  ROW ("decided_by", LINE, N_("Decided by"), 0, 200, NULL, FALSE),
  ROW ("mandate", LINE, N_("Mandate"), 0, 200, NULL, FALSE),
  TEXT ("legitimation", GE, N_("Legitimation"), 2000),
  ROW ("result", TEXT, N_("Result"), 0, 2000, NULL, FALSE),
  CENTS ("cost_before_cents", GE, N_("Cost before")),
  CENTS ("cost_after_cents", GE, N_("Cost after")),
  ENUM ("scope", GE, N_("Individual or structural"), scopes),
  ROW ("lesson", TEXT, N_("Lesson for policy"), 0, 2000, NULL, FALSE),
  ENUM_REQ ("status", GE, N_("Status"), doorbraak_statuses),
  DATE ("reached_on", GE, N_("Date of the breakthrough")),
  ROW_CATEGORY,
};

static const CtField area_fields[] = {
  LINE_REQ ("name", GE, N_("Area"), 80),
  { "postcodes", GE, CT_FIELD_PC4_SET, N_("Postcode areas"), 0, 0, NULL, NULL, TRUE },
};

#define TABLE(n, f, p) { n, f, G_N_ELEMENTS (f), p, -1, FALSE }
/* The row_category field is the last one of such a table. */
#define ROW_TABLE(n, f, p, hidden) { n, f, G_N_ELEMENTS (f), p, G_N_ELEMENTS (f) - 1, hidden }

static const CtTable tables[] = {
  TABLE ("households", household_fields, NULL),
  TABLE ("persons", person_fields, "household_id"),
  TABLE ("cases", case_fields, "household_id"),
  ROW_TABLE ("organisations", organisation_fields, "household_id", TRUE),
  ROW_TABLE ("consents", consent_fields, "case_id", TRUE),
  TABLE ("zrm", zrm_fields, "case_id"),
  ROW_TABLE ("goals", goal_fields, "household_id", TRUE),
  ROW_TABLE ("actions", action_fields, "household_id", FALSE),
  TABLE ("meetings", meeting_fields, NULL),
  TABLE ("attendees", attendee_fields, "meeting_id"),
  TABLE ("agenda_items", agenda_item_fields, "meeting_id"),
  TABLE ("advice", advice_fields, "case_id"),
  TABLE ("budget_periods", budget_period_fields, NULL),
  ROW_TABLE ("expenses", expense_fields, "case_id", FALSE),
  ROW_TABLE ("doorbraken", doorbraak_fields, "case_id", FALSE),
  TABLE ("areas", area_fields, NULL),
};

static const CtTable *table_list[G_N_ELEMENTS (tables)];

const CtTable * const *
ct_schema_get_tables (guint *n_tables)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    table_list[i] = &tables[i];

  *n_tables = G_N_ELEMENTS (tables);
  return table_list;
}

const CtTable *
ct_schema_get_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_strcmp0 (tables[i].name, name) == 0)
      return &tables[i];
  return NULL;
}

int
ct_table_get_field_index (const CtTable *table,
                          const char    *name)
{
  for (guint i = 0; i < table->n_fields; i++)
    if (g_str_equal (table->fields[i].name, name))
      return (int) i;
  return -1;
}

/**
 * ct_field_get_table_name:
 *
 * Returns: (nullable): the name of the schema table @field belongs to, or
 *   %NULL for a field of no table; what a %CT_ERROR_INVALID_FIELD about
 *   @field carries (ct_error_get_table())
 */
const char *
ct_field_get_table_name (const CtField *field)
{
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (guint f = 0; f < tables[t].n_fields; f++)
      if (&tables[t].fields[f] == field)
        return tables[t].name;
  return NULL;
}

const CtField *
ct_table_get_field (const CtTable *table,
                    const char    *name)
{
  int i = ct_table_get_field_index (table, name);

  return i >= 0 ? &table->fields[i] : NULL;
}

/**
 * ct_field_enum_index:
 * @field: an ENUM field
 * @value: (nullable): one of its names
 *
 * Returns: the place of @value in the field's list, -1 when it is not there
 */
int
ct_field_enum_index (const CtField *field,
                     const char    *value)
{
  g_return_val_if_fail (field != NULL && field->values != NULL, -1);

  for (int i = 0; value != NULL && field->values[i] != NULL; i++)
    if (g_str_equal (field->values[i], value))
      return i;
  return -1;
}

/**
 * ct_field_is_integer:
 *
 * Whether @field's value is a whole number (a count, cents, a reference to
 * a row or a member), stored as an INTEGER when it is general.
 */
gboolean
ct_field_is_integer (const CtField *field)
{
  return field->type == CT_FIELD_INT || field->type == CT_FIELD_CENTS
         || field->type == CT_FIELD_REF || field->type == CT_FIELD_MEMBER;
}

CtCategory
ct_zrm_domain_category (guint domain)
{
  g_return_val_if_fail (domain < CT_ZRM_N_DOMAINS, CT_CATEGORY_GENERAL);

  return zrm_categories[domain];
}

/**
 * ct_zrm_domain_name_category:
 *
 * Returns: the category of the ZRM domain named @domain, general when
 *   there is no such domain
 */
CtCategory
ct_zrm_domain_name_category (const char *domain)
{
  for (guint i = 0; domain != NULL && i < CT_ZRM_N_DOMAINS; i++)
    if (g_str_equal (ct_zrm_domains[i], domain))
      return zrm_categories[i];
  return GE;
}

/**
 * ct_partner_type_category:
 *
 * The category an organisation's type is a fact of (docs/categories.md):
 * that GGZ is involved is health data, that reclassering is, justice data.
 *
 * Returns: the category, general for %NULL and the general types
 */
CtCategory
ct_partner_type_category (const char *type)
{
  static const struct { const char *type; CtCategory category; } map[] = {
    { "ggz", HE }, { "verslavingszorg", HE }, { "huisarts", HE }, { "politie", JU },
    { "justitie", JU }, { "schuldhulpverlening", FI }, { "jeugdzorg", YO }, { "onderwijs", YO },
    { "woningcorporatie", HO }, { "werk_inkomen", WO },
  };

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].type, type))
      return map[i].category;
  return GE;
}

/**
 * ct_case_part_field:
 * @base: "question", "summary" or "domains"
 * @category: one of ct_fact_categories, or general for @base itself
 *
 * Returns: (transfer full): the name of the case field that holds
 *   @category's part of @base
 */
char *
ct_case_part_field (const char *base,
                    CtCategory  category)
{
  if (category == GE)
    return g_strdup (base);
  return g_strdup_printf ("%s_%s", base, ct_category_to_string (category));
}

/**
 * ct_bsn_is_valid:
 *
 * The eleven-test: 9 digits d1..d9 with 9·d1 + 8·d2 + … + 2·d8 − d9 a
 * multiple of 11 (and not all zero).
 */
gboolean
ct_bsn_is_valid (const char *bsn)
{
  int sum = 0;

  if (bsn == NULL || strlen (bsn) != 9)
    return FALSE;

  for (int i = 0; i < 9; i++)
    {
      if (!g_ascii_isdigit (bsn[i]))
        return FALSE;
      sum += (i < 8 ? 9 - i : -1) * (bsn[i] - '0');
    }
  return sum % 11 == 0 && sum != 0 && strcmp (bsn, "000000000") != 0;
}

static gboolean
is_enum_value (const CtField *field,
               const char    *value)
{
  for (guint i = 0; field->values[i] != NULL; i++)
    if (g_str_equal (field->values[i], value))
      return TRUE;
  return FALSE;
}

static char *
enum_choices (const CtField *field)
{
  return g_strjoinv (", ", (char **) field->values);
}

static gboolean
parse_int (const char *value,
           gint64     *out)
{
  char *end = NULL;

  if (value[0] == '\0' || g_ascii_isspace (value[0]))
    return FALSE;
  *out = g_ascii_strtoll (value, &end, 10);
  return end != NULL && *end == '\0';
}

static char *
normalize_date (const char *value)
{
  int y, m, d;
  char rest;
  g_autoptr(GDateTime) dt = NULL;

  /* sscanf alone would take "2026- 3-31" and "2026-+3-31". */
  for (int i = 0; value[i] != '\0'; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (value[i]))
      return NULL;
  if (strlen (value) != 10 || sscanf (value, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 3
      || value[4] != '-' || value[7] != '-' || y < 1900 || y > 2100)
    return NULL;

  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return dt != NULL ? g_strdup (value) : NULL;
}

/* "1234ab", "1234 AB" → "1234 AB". The first digit is never 0, and the
 * letter pairs SA, SD and SS are not issued. */
static char *
normalize_postcode (const char *value)
{
  g_autoptr(GString) compact = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (compact, g_ascii_toupper (*p));

  if (compact->len != 6 || compact->str[0] < '1' || compact->str[0] > '9')
    return NULL;
  for (int i = 1; i < 4; i++)
    if (!g_ascii_isdigit (compact->str[i]))
      return NULL;
  for (int i = 4; i < 6; i++)
    if (compact->str[i] < 'A' || compact->str[i] > 'Z')
      return NULL;
  if (g_str_has_suffix (compact->str, "SA") || g_str_has_suffix (compact->str, "SD")
      || g_str_has_suffix (compact->str, "SS"))
    return NULL;

  return g_strdup_printf ("%.4s %.2s", compact->str, compact->str + 4);
}

static char *
normalize_phone (const char *value)
{
  guint digits = 0;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!(strchr (" -()", *p) || (*p == '+' && p == value)))
        return NULL;
    }
  return digits >= 10 && digits <= 15 ? g_strstrip (g_strdup (value)) : NULL;
}

static char *
normalize_email (const char *value)
{
  const char *at = strchr (value, '@');

  if (at == NULL || at == value || strchr (at + 1, '@') != NULL || strchr (at, '.') == NULL
      || g_str_has_suffix (value, ".") || strpbrk (value, " ,;<>\"") != NULL
      || strlen (value) > 254)
    return NULL;
  return g_strdup (value);
}

static char *
normalize_set (const CtField *field,
               const char    *value)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      gint64 pc4;

      /* A case keeps its domains per category: each set holds only its own. */
      if (field->values == ct_zrm_domains
          && ct_zrm_domain_name_category (part) != field->category)
        return NULL;
      if (field->type == CT_FIELD_ENUM_SET ? !is_enum_value (field, part)
          : (strlen (part) != 4 || !parse_int (part, &pc4) || pc4 < 1000))
        return NULL;
      g_ptr_array_add (out, g_strdup (part));
    }
  g_ptr_array_add (out, NULL);
  return out->len > 1 ? g_strjoinv (",", (char **) out->pdata) : NULL;
}

/* A control character this field does not take: any in one line, any
 * but line breaks and tabs in free text. @value is valid UTF-8. */
static gboolean
has_forbidden_control (const CtField *field,
                       const char    *value)
{
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && !(field->type == CT_FIELD_TEXT && (c == '\n' || c == '\t')))
        return TRUE;
    }
  return FALSE;
}

static gboolean
text_fits (const CtField *field,
           const char    *value)
{
  return g_utf8_validate (value, -1, NULL) && g_utf8_strlen (value, -1) <= field->max
         && !has_forbidden_control (field, value);
}

/* Says what is wrong with a text that does not fit, so that a control
 * character is not reported as a length. */
static void
set_text_error (const CtField *field,
                const char    *value,
                const char    *expected,
                GError       **error)
{
  if (g_utf8_validate (value, -1, NULL) && has_forbidden_control (field, value))
    ct_set_field_error (error, ct_field_get_table_name (field), field->name,
                        field->type == CT_FIELD_LINE
                          ? _("%s: contains a control character (such as a line break or tab), "
                              "which this field does not take; remove it.")
                          : _("%s: contains a control character other than a line break or tab, "
                              "which this field does not take; remove it."),
                        _(field->label));
  else
    ct_set_field_error (error, ct_field_get_table_name (field), field->name,
                        _("%s: expected %s."), _(field->label), expected);
}

static char *
normalize_number (const CtField *field,
                  const char    *value)
{
  gint64 n;

  if (!parse_int (value, &n) || n < field->min || n > field->max)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

static char *
expectation (const CtField *field)
{
  g_autofree char *choices = NULL;

  switch (field->type)
    {
    case CT_FIELD_LINE:
      return g_strdup_printf (_("at most %d characters on one line"), (int) field->max);
    case CT_FIELD_TEXT:
      return g_strdup_printf (_("at most %d characters"), (int) field->max);
    case CT_FIELD_DATE:
      return g_strdup (_("a date written as YYYY-MM-DD, for example 2026-03-31"));
    case CT_FIELD_INT:
      return g_strdup_printf (_("a whole number from %d to %d"), (int) field->min,
                              (int) field->max);
    case CT_FIELD_CENTS:
      return g_strdup_printf (_("an amount in cents of at least %d, for example 12550 for "
                                "€ 125,50"), (int) field->min);
    case CT_FIELD_BOOL:
      return g_strdup (_("true or false"));
    case CT_FIELD_ENUM:
      choices = enum_choices (field);
      return g_strdup_printf (_("one of: %s"), choices);
    case CT_FIELD_ENUM_SET:
      choices = enum_choices (field);
      return g_strdup_printf (_("one or more, separated by commas, of: %s"), choices);
    case CT_FIELD_BSN:
      return g_strdup (_("9 digits that pass the eleven-test"));
    case CT_FIELD_POSTCODE:
      return g_strdup (_("four digits and two letters, for example 1234 AB"));
    case CT_FIELD_PHONE:
      return g_strdup (_("a phone number of 10 to 15 digits"));
    case CT_FIELD_EMAIL:
      return g_strdup (_("an e-mail address such as naam@voorbeeld.nl"));
    case CT_FIELD_REF:
    case CT_FIELD_MEMBER:
      return g_strdup (_("the number of an existing record"));
    case CT_FIELD_PC4_SET:
      return g_strdup (_("four-digit postcode areas separated by commas, for example 1211,1212"));
    default:
      g_assert_not_reached ();
    }
}

/**
 * ct_field_normalize:
 * @value: what was typed or imported
 *
 * Returns: (transfer full): the canonical form of @value, or %NULL with
 *   %CT_ERROR_INVALID_FIELD naming the field and what it expects
 */
char *
ct_field_normalize (const CtField *field,
                    const char    *value,
                    GError       **error)
{
  char *out = NULL;
  g_autofree char *expected = NULL;

  g_return_val_if_fail (field != NULL && value != NULL, NULL);

  switch (field->type)
    {
    case CT_FIELD_LINE:
    case CT_FIELD_TEXT:
      out = text_fits (field, value) ? g_strdup (value) : NULL;
      break;
    case CT_FIELD_DATE:
      out = normalize_date (value);
      break;
    case CT_FIELD_INT:
    case CT_FIELD_CENTS:
      out = normalize_number (field, value);
      break;
    case CT_FIELD_REF:
    case CT_FIELD_MEMBER:
      {
        gint64 n;
        out = parse_int (value, &n) && n > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, n) : NULL;
      }
      break;
    case CT_FIELD_BOOL:
      out = g_str_equal (value, "true") || g_str_equal (value, "false") ? g_strdup (value) : NULL;
      break;
    case CT_FIELD_ENUM:
      out = is_enum_value (field, value) ? g_strdup (value) : NULL;
      break;
    case CT_FIELD_ENUM_SET:
    case CT_FIELD_PC4_SET:
      out = normalize_set (field, value);
      break;
    case CT_FIELD_BSN:
      out = ct_bsn_is_valid (value) ? g_strdup (value) : NULL;
      break;
    case CT_FIELD_POSTCODE:
      out = normalize_postcode (value);
      break;
    case CT_FIELD_PHONE:
      out = normalize_phone (value);
      break;
    case CT_FIELD_EMAIL:
      out = normalize_email (value);
      break;
    default:
      g_assert_not_reached ();
    }

  if (out == NULL)
    {
      expected = expectation (field);
      if (field->type == CT_FIELD_LINE || field->type == CT_FIELD_TEXT)
        set_text_error (field, value, expected, error);
      else
        ct_set_field_error (error, ct_field_get_table_name (field), field->name,
                            _("%s: expected %s."), _(field->label), expected);
    }
  return out;
}
