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

#include "ct-gui-labels.h"

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
 * @value: a stored enumerated value
 *
 * Returns: the translated display name of @value; @value itself when it
 *   has none, so a new value shows rather than vanishes
 */
const char *
ct_gui_enum_label (const CtField *field,
                   const char    *value)
{
  g_return_val_if_fail (value != NULL, NULL);

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

static void
append_grouped (GString *out,
                guint64  whole)
{
  /* Translators: digit grouping in amounts; Dutch writes € 84.000 */
  const char *separator = C_("thousands separator", ",");
  char digits[32];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, whole);

  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
}

/**
 * ct_gui_format_cents:
 *
 * Returns: "€ 84,000" or "€ 125.50" in English, "€ 84.000" or "€ 125,50" in
 *   Dutch: whole euros without decimals
 */
char *
ct_gui_format_cents (gint64 cents)
{
  GString *out = g_string_new (cents < 0 ? "−€ " : "€ ");
  guint64 abs_cents = cents < 0 ? (guint64) -cents : (guint64) cents;

  append_grouped (out, abs_cents / 100);
  if (abs_cents % 100 != 0)
    g_string_append_printf (out, "%s%02u",
                            /* Translators: the decimal separator in amounts */
                            C_("decimal separator", "."), (guint) (abs_cents % 100));
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
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

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
      return ct_gui_format_cents (g_ascii_strtoll (value, NULL, 10));
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
      g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD, _("%s: this field is required."),
                   _(field->label));
      return NULL;
    }

  if (field->type == CT_FIELD_CENTS)
    value = parse_euros (stripped, &cents)
              ? g_strdup_printf ("%" G_GINT64_FORMAT, cents) : NULL;
  else if (field->type == CT_FIELD_DATE)
    value = parse_date_text (stripped);
  else
    value = g_strdup (field->type == CT_FIELD_TEXT ? text : stripped);

  if (value == NULL)
    {
      example = example_for (field);
      g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                   field->type == CT_FIELD_CENTS ? _("%s: expected an amount in euros, such as %s.")
                                                 : _("%s: expected a date such as %s."),
                   _(field->label), example);
      return NULL;
    }

  return ct_field_normalize (field, value, error);
}
