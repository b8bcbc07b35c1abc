/* ct-gui-labels.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How stored values read on screen: the display names of enumerated
 * values, amounts and dates in the user's language, and the way back from
 * what someone types to the canonical form the core validates. */

#define G_LOG_DOMAIN "ct-gui-labels"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ct-clock.h"
#include "ct-gui-labels.h"
#include "ct-money.h"

typedef struct
{
  const char *value;
  const char *context;  /* for words that translate differently by meaning */
  const char *label;
} EnumLabel;

/* Stored values are stable Dutch identifiers; these are what people read. */
static const EnumLabel enum_labels[] = {
  /* Case status, in the order a case goes through */
  { "aangemeld", NULL, N_("Referred") },
  { "geagendeerd", NULL, N_("On the agenda") },
  { "advies_gegeven", NULL, N_("Advice given") },
  { "in_uitvoering", NULL, N_("In progress") },
  { "afgesloten", NULL, N_("Closed") },
  /* Outcome */
  { "doel_bereikt", NULL, N_("Goal achieved") },
  { "deels_bereikt", NULL, N_("Partly achieved") },
  { "niet_bereikt", NULL, N_("Not achieved") },
  { "overgedragen", NULL, N_("Handed over") },
  { "teruggetrokken", NULL, N_("Withdrawn") },
  /* Retention term, chosen at closing */
  { "wmo", NULL, N_("Wmo: 15 years after closing") },
  { "jeugdwet", NULL, N_("Jeugdwet: 20 years after closing") },
  { "ingetrokken", NULL, N_("Request withdrawn: 6 weeks") },
  { "team", NULL, N_("The team’s own term") },
  /* Sex */
  { "vrouw", NULL, N_("Female") },
  { "man", NULL, N_("Male") },
  { "anders", "sex", NC_("sex", "Other") },
  { "onbekend", NULL, N_("Unknown") },
  /* Relation within the household */
  { "hoofd", NULL, N_("Head of household") },
  { "partner", NULL, N_("Partner") },
  { "kind", NULL, N_("Child") },
  { "ouder", NULL, N_("Parent") },
  { "overig_familie", NULL, N_("Other family") },
  { "overig", NULL, N_("Other") },
  /* Eviction risk */
  { "geen", NULL, N_("None") },
  { "laag", NULL, N_("Low") },
  { "hoog", NULL, N_("High") },
  { "ontruiming_gepland", NULL, N_("Eviction scheduled") },
  /* ZRM domains */
  { "financien", NULL, N_("Finances") },
  { "werk_opleiding", NULL, N_("Work and education") },
  { "tijdsbesteding", NULL, N_("Use of time") },
  { "huisvesting", NULL, N_("Housing") },
  { "huiselijke_relaties", NULL, N_("Domestic relations") },
  { "geestelijke_gezondheid", NULL, N_("Mental health") },
  { "lichamelijke_gezondheid", NULL, N_("Physical health") },
  { "middelengebruik", NULL, N_("Substance use") },
  { "basale_adl", NULL, N_("Basic ADL") },
  { "instrumentele_adl", NULL, N_("Instrumental ADL") },
  { "sociaal_netwerk", NULL, N_("Social network") },
  { "maatschappelijke_participatie", NULL, N_("Social participation") },
  { "justitie", NULL, N_("Justice") },
  /* Partner organisation types */
  { "ggz", NULL, N_("Mental health care") },
  { "verslavingszorg", NULL, N_("Addiction care") },
  { "jeugdzorg", NULL, N_("Youth care") },
  { "wijkteam", NULL, N_("Neighbourhood team") },
  { "woningcorporatie", NULL, N_("Housing association") },
  { "schuldhulpverlening", NULL, N_("Debt counselling") },
  { "werk_inkomen", NULL, N_("Work and income") },
  { "politie", NULL, N_("Police") },
  { "huisarts", NULL, N_("General practitioner") },
  { "onderwijs", NULL, N_("Education") },
  { "maatschappelijk_werk", NULL, N_("Social work") },
  /* Action and goal status ("open" serves both) */
  { "open", NULL, N_("Open") },
  { "gedaan", NULL, N_("Done") },
  { "geweigerd", NULL, N_("Refused") },
  { "bereikt", NULL, N_("Achieved") },
  { "vervallen", NULL, N_("Dropped") },
  /* Kind of ZRM assessment */
  { "intake", NULL, N_("Intake") },
  { "vervolg", NULL, N_("Follow-up") },
  { "afsluiting", NULL, N_("Closing") },
  /* Consent purpose and legal basis */
  { "casusoverleg", NULL, N_("Case meeting") },
  { "delen_aan_tafel", NULL, N_("Sharing at the table") },
  { "evaluatie", NULL, N_("Evaluation") },
  { "delen_met_ketenpartner", NULL, N_("Sharing with a partner organisation") },
  { "toestemming", NULL, N_("Consent") },
  { "wettelijke_taak", NULL, N_("Statutory task") },
  { "vitaal_belang", NULL, N_("Vital interest") },
  { "wettelijke_verplichting", NULL, N_("Legal obligation") },
  { "gerechtvaardigd_belang", NULL, N_("Legitimate interest") },
};

/**
 * ct_gui_enum_label:
 * @field: (nullable): the field @value belongs to
 * @value: (nullable): a stored enumerated value
 *
 * Returns: the translated display name of @value; @value itself when it
 *   has none, so a new value shows rather than vanishes; "" for %NULL
 */
const char *
ct_gui_enum_label (const CtField *field,
                   const char    *value)
{
  if (value == NULL)
    return "";

  if (field != NULL && g_str_equal (field->name, "category"))
    {
      CtCategory category = ct_category_from_string (value);

      if (category != CT_CATEGORY_INVALID)
        return ct_category_get_display_name (category);
    }

  for (guint i = 0; i < G_N_ELEMENTS (enum_labels); i++)
    if (g_str_equal (enum_labels[i].value, value))
      return enum_labels[i].context != NULL
               ? g_dpgettext2 (NULL, enum_labels[i].context, enum_labels[i].label)
               : _(enum_labels[i].label);

  return value;
}

/* What the access log names: plural nouns, as in "households #12". */
static const EnumLabel tables[] = {
  { "households", NULL, N_("households") }, { "persons", NULL, N_("persons") },
  { "cases", NULL, N_("cases") }, { "organisations", NULL, N_("organisations") },
  { "consents", NULL, N_("consents") }, { "zrm", NULL, N_("ZRM assessments") },
  { "goals", NULL, N_("goals") }, { "actions", NULL, N_("actions") },
  { "meetings", NULL, N_("meetings") }, { "attendees", NULL, N_("attendees") },
  { "agenda_items", NULL, N_("agenda items") }, { "advice", NULL, N_("advice") },
  { "budget_periods", NULL, N_("budget periods") }, { "expenses", NULL, N_("expenses") },
  { "doorbraken", NULL, N_("breakthroughs") }, { "areas", NULL, N_("areas") },
  { "members", NULL, N_("members") }, { "policy", NULL, N_("policy") },
  { "category_keys", NULL, N_("category keys") }, { "team", NULL, N_("team") },
  { "database", NULL, N_("database") }, { "settings", NULL, N_("settings") },
  { "export", NULL, N_("exports") }, { "sync_unkept", NULL, N_("edits not kept") },
};

/* Returns: what the access log calls @table: "households", "ZRM assessments" */
const char *
ct_gui_table_label (const char *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i].value, table))
      return _(tables[i].label);
  return table;
}

/* Returns: the display name of ZRM domain @domain (an index in ct_zrm_domains) */
const char *
ct_gui_domain_label (guint domain)
{
  g_return_val_if_fail (domain < CT_ZRM_N_DOMAINS, "");

  return ct_gui_enum_label (NULL, ct_zrm_domains[domain]);
}

/* Returns: the index of the ZRM domain stored as @name, or -1 */
int
ct_gui_domain_index (const char *name)
{
  for (int i = 0; name != NULL && i < CT_ZRM_N_DOMAINS; i++)
    if (g_str_equal (ct_zrm_domains[i], name))
      return i;
  return -1;
}

/* The ZRM 2017 scale (docs/categories.md): one name per level, and per domain a
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
ct_gui_zrm_level (guint level)
{
  g_return_val_if_fail (level >= 1 && level <= 5, "");

  return _(zrm_levels[level - 1]);
}

const char *
ct_gui_zrm_level_description (guint domain,
                                guint level)
{
  g_return_val_if_fail (domain < CT_ZRM_N_DOMAINS && level >= 1 && level <= 5, "");

  return _(zrm_level_descriptions[domain][level - 1]);
}

/* "financien,justitie" → "Finances, Justice" */
char *
ct_gui_enum_set_label (const CtField *field,
                       const char    *values)
{
  g_auto(GStrv) parts = NULL;
  GString *out = g_string_new (NULL);

  if (values == NULL)
    return g_string_free (out, FALSE);

  parts = g_strsplit (values, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, _(", "));
      g_string_append (out, ct_gui_enum_label (field, parts[i]));
    }
  return g_string_free (out, FALSE);
}

static GDateTime *
parse_iso_date (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return NULL;
  return g_date_time_new_local (y, m, d, 0, 0, 0);
}

static const char *
date_format (void)
{
  /* Translators: how dates are written, in strftime() notation; numbers
   * only, so that the date can be typed back the same way */
  return C_("date format", "%Y-%m-%d");
}

/* The conversions date_format() may use, and how a hint names each. */
static const struct
{
  char conversion;
  const char *placeholder;
} date_parts[] = {
  /* Translators: the four digits of the year in a date hint such as
   * DD-MM-YYYY; Dutch writes JJJJ */
  { 'Y', N_("YYYY") },
  /* Translators: the two digits of the month in a date hint such as DD-MM-YYYY */
  { 'm', N_("MM") },
  /* Translators: the two digits of the day in a date hint such as DD-MM-YYYY */
  { 'd', N_("DD") },
};

static const char *
date_placeholder (char conversion)
{
  for (guint i = 0; i < G_N_ELEMENTS (date_parts); i++)
    if (date_parts[i].conversion == conversion)
      return _(date_parts[i].placeholder);
  return "";
}

/**
 * ct_gui_date_hint:
 *
 * Returns: how dates are typed, read from the same translated format that
 *   shows them: "DD-MM-JJJJ" in Dutch, "YYYY-MM-DD" in English
 */
char *
ct_gui_date_hint (void)
{
  GString *out = g_string_new (NULL);

  for (const char *p = date_format (); *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] != '\0')
        {
          p++;
          g_string_append (out, date_placeholder (*p));
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Returns: a date field's title with its hint: "Due date (DD-MM-JJJJ)" */
char *
ct_gui_date_title (const char *label)
{
  g_autofree char *hint = ct_gui_date_hint ();

  g_return_val_if_fail (label != NULL, NULL);

  /* Translators: a date field's name and how to type the date, such as
   * "Due date (DD-MM-YYYY)" */
  return g_strdup_printf (_("%s (%s)"), label, hint);
}

/* "2026-03-31" → "31-03-2026" in Dutch */
char *
ct_gui_format_date (const char *iso_date)
{
  g_autoptr(GDateTime) dt = parse_iso_date (iso_date);

  if (dt == NULL)
    return g_strdup (iso_date != NULL ? iso_date : "");
  return g_date_time_format (dt, date_format ());
}

char *
ct_gui_today (void)
{
  g_autoptr(GDateTime) now = ct_clock_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * ct_gui_format_field:
 *
 * Returns: @value as it reads on screen: a display name, an amount, a date
 */
char *
ct_gui_format_field (const CtField *field,
                     const char    *value)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL)
    return g_strdup ("");

  switch (field->type)
    {
    case CT_FIELD_ENUM:
      return g_strdup (ct_gui_enum_label (field, value));
    case CT_FIELD_ENUM_SET:
      return ct_gui_enum_set_label (field, value);
    case CT_FIELD_CENTS:
      return ct_money_format (g_ascii_strtoll (value, NULL, 10), CT_MONEY_CENTS_IF_ANY);
    case CT_FIELD_DATE:
      return ct_gui_format_date (value);
    case CT_FIELD_BOOL:
      return g_strdup (g_str_equal (value, "true") ? _("Yes") : _("No"));
    default:
      return g_strdup (value);
    }
}

/* Amounts are edited in euros, without the sign or grouping. */
static char *
cents_to_text (const char *value)
{
  gint64 cents = g_ascii_strtoll (value, NULL, 10);

  if (cents % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, cents / 100);
  return g_strdup_printf ("%" G_GINT64_FORMAT "%s%02d", cents / 100,
                          C_("decimal separator", "."), (int) (cents % 100));
}

/**
 * ct_gui_field_to_text:
 *
 * Returns: @value as an entry shows it for editing; ct_gui_field_from_text()
 *   reads it back
 */
char *
ct_gui_field_to_text (const CtField *field,
                      const char    *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (field->type == CT_FIELD_CENTS)
    return cents_to_text (value);
  if (field->type == CT_FIELD_DATE)
    return ct_gui_format_date (value);
  return g_strdup (value);
}

/* "1.250,50" (Dutch) or "1,250.50" (English) or "€ 1250" → cents */
static gboolean
parse_euros (const char *text,
             gint64     *cents)
{
  const char *grouping = C_("thousands separator", ",");
  const char *decimal = C_("decimal separator", ".");
  g_autoptr(GString) plain = g_string_new (NULL);
  double euros;
  char *end = NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_str_has_prefix (p, "€") || *p == ' ')
        p += g_str_has_prefix (p, "€") ? strlen ("€") - 1 : 0;
      else if (g_str_has_prefix (p, grouping))
        p += strlen (grouping) - 1;
      else if (g_str_has_prefix (p, decimal))
        g_string_append_c (plain, '.'), p += strlen (decimal) - 1;
      else if (g_ascii_isdigit (*p) || *p == '-')
        g_string_append_c (plain, *p);
      else
        return FALSE;
    }

  if (plain->len == 0)
    return FALSE;
  euros = g_ascii_strtod (plain->str, &end);
  if (end == NULL || *end != '\0' || euros > 1e9)
    return FALSE;
  *cents = (gint64) (euros * 100 + (euros >= 0 ? 0.5 : -0.5));
  return TRUE;
}

/* "31-3-2026" or "2026-03-31" → "2026-03-31" */
static char *
parse_date_text (const char *text)
{
  int a, b, c;
  char rest;

  if (sscanf (text, "%4d-%2d-%2d%c", &a, &b, &c, &rest) == 3 && a > 31)
    return g_strdup_printf ("%04d-%02d-%02d", a, b, c);
  if ((sscanf (text, "%2d-%2d-%4d%c", &a, &b, &c, &rest) == 3
       || sscanf (text, "%2d/%2d/%4d%c", &a, &b, &c, &rest) == 3) && c > 31)
    return g_strdup_printf ("%04d-%02d-%02d", c, b, a);
  return NULL;
}

/* A date the core takes, or NULL: a day that does not exist ("31-02-2026")
 * gets the same message, in the user's format, as a typing error. */
static char *
read_date (const CtField *field,
           const char    *text)
{
  g_autofree char *iso = parse_date_text (text);

  return iso != NULL ? ct_field_normalize (field, iso, NULL) : NULL;
}

static char *
example_for (const CtField *field)
{
  g_autofree char *today = NULL;

  if (field->type == CT_FIELD_CENTS)
    return ct_gui_field_to_text (field, "12550");
  today = ct_gui_today ();
  return ct_gui_format_date (today);
}

/**
 * ct_gui_field_from_text:
 * @text: what was typed
 *
 * Reads an entry back into the canonical form and validates it with the
 * core's own rules, so a field's error shows before anything is saved.
 *
 * Returns: (transfer full): the canonical value, "" for an empty entry, or
 *   %NULL with %CT_ERROR_INVALID_FIELD whose message names the field
 */
char *
ct_gui_field_from_text (const CtField *field,
                        const char    *text,
                        GError       **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *value = NULL;
  g_autofree char *example = NULL;
  gint64 cents;

  g_return_val_if_fail (field != NULL && text != NULL, NULL);

  if (stripped[0] == '\0')
    {
      if (!field->required)
        return g_strdup ("");
      ct_set_field_error (error, ct_field_get_table_name (field), field->name,
                          _("%s: this field is required."), _(field->label));
      return NULL;
    }

  if (field->type == CT_FIELD_CENTS)
    value = parse_euros (stripped, &cents)
              ? g_strdup_printf ("%" G_GINT64_FORMAT, cents) : NULL;
  else if (field->type == CT_FIELD_DATE)
    value = read_date (field, stripped);
  else
    value = g_strdup (field->type == CT_FIELD_TEXT ? text : stripped);

  if (value == NULL)
    {
      example = example_for (field);
      ct_set_field_error (error, ct_field_get_table_name (field), field->name,
                          field->type == CT_FIELD_CENTS
                            ? _("%s: expected an amount in euros, such as %s.")
                            : _("%s: expected a date such as %s."),
                          _(field->label), example);
      return NULL;
    }

  return ct_field_normalize (field, value, error);
}

/**
 * ct_gui_list_members:
 *
 * Returns: (transfer full) (element-type CtMemberInfo): the team's current
 *   members sorted by name; empty for a locked session
 */
GPtrArray *
ct_gui_list_members (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *members;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  members = ct_session_list_members (session, &error);
  if (members == NULL)
    {
      g_debug ("No member list: %s", error->message);
      members = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_member_info_free);
    }
  return members;
}

/* Returns: the name of member @id in @members, "Former member", or "" for none */
char *
ct_gui_member_name (GPtrArray *members,
                    gint64     id)
{
  if (id <= 0)
    return g_strdup ("");

  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      if (info->id == id)
        return g_strdup (info->display_name);
    }
  return g_strdup (_("Former member"));
}

/**
 * ct_gui_record_choices:
 * @session: (nullable): the session, or %NULL for no choices
 * @label_field: the field each choice shows (a period's name, a case's
 *   number)
 * @ids: (out caller-allocates): emptied, then the row id of each choice
 *
 * Returns: (transfer full): the choices of a drop-down, in id order
 */
GtkStringList *
ct_gui_record_choices (CtSession  *session,
                       const char *table,
                       const char *label_field,
                       GArray     *ids)
{
  g_autoptr(GPtrArray) records = NULL;
  GtkStringList *labels = gtk_string_list_new (NULL);

  g_array_set_size (ids, 0);
  if (session != NULL)
    records = ct_session_list (session, table, NULL, 0, NULL);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      CtRecord *record = g_ptr_array_index (records, i);
      gint64 id = ct_record_get_id (record);

      g_array_append_val (ids, id);
      gtk_string_list_append (labels, ct_record_get (record, label_field));
    }
  return labels;
}

/* Unmarks every row of a form and hides its error label. */
void
ct_gui_clear_field_errors (GtkWidget *const *rows,
                           guint             n_rows,
                           GtkLabel         *error_label)
{
  for (guint i = 0; i < n_rows; i++)
    gtk_widget_remove_css_class (rows[i], "error");
  gtk_widget_set_visible (GTK_WIDGET (error_label), FALSE);
}

/**
 * ct_gui_show_field_error:
 * @table: the table the form writes
 * @fields: the field each of @rows edits
 * @message: the core's message, which names the field at its start
 *
 * Shows @message in @error_label, and marks and focuses the row of the
 * field it names, if one of @rows edits it.
 */
void
ct_gui_show_field_error (const char        *table,
                         const char *const *fields,
                         GtkWidget *const  *rows,
                         guint              n_rows,
                         GtkLabel          *error_label,
                         const char        *message)
{
  const CtTable *t = ct_schema_get_table (table);
  GtkWidget *row = NULL;

  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *prefix =
        g_strdup_printf ("%s:", _(ct_table_get_field (t, fields[i])->label));

      if (g_str_has_prefix (message, prefix))
        row = rows[i];
    }
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
  gtk_label_set_text (error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (error_label), TRUE);
}
