/* ct-roles.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-roles"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-roles.h"

static const char *role_names[CT_N_ROLES] = {
  "voorzitter", "regisseur", "ggz", "verslavingszorg", "opvoedkunde", "werk-inkomen",
  "huisvesting", "schuldhulpverlening", "politie", "maatschappelijk-werk",
};

static const char *role_display_names[CT_N_ROLES] = {
  N_("Chair"), N_("Case director"), N_("Mental health care (GGZ)"), N_("Addiction care"),
  N_("Parenting support"), N_("Work and income"), N_("Housing"), N_("Debt counselling"),
  N_("Police"), N_("Social work"),
};

static const char *category_names[CT_N_CATEGORIES] = {
  "identity", "health", "justice", "finance", "youth", "housing", "work", "general",
};

static const char *category_display_names[CT_N_CATEGORIES] = {
  N_("Identity"), N_("Health"), N_("Justice"), N_("Finance"), N_("Youth"), N_("Housing"),
  N_("Work"), N_("General"),
};

/* The default policy (docs/categories.md); rows are roles, columns categories in
 * CtCategory order: identity health justice finance youth housing work general. */
static const char default_policy[CT_N_ROLES][CT_N_CATEGORIES + 1] = {
  [CT_ROLE_VOORZITTER]           = "......." "R",
  [CT_ROLE_REGISSEUR]            = "RRRRRRR" "R",
  [CT_ROLE_GGZ]                  = "RR....." "R",
  [CT_ROLE_VERSLAVINGSZORG]      = "RR....." "R",
  [CT_ROLE_OPVOEDKUNDE]          = "R...R.." "R",
  [CT_ROLE_WERK_INKOMEN]         = "R..R..R" "R",
  [CT_ROLE_HUISVESTING]          = "R....R." "R",
  [CT_ROLE_SCHULDHULPVERLENING]  = "R..R..R" "R",
  [CT_ROLE_POLITIE]              = "R.R...." "R",
  [CT_ROLE_MAATSCHAPPELIJK_WERK] = "R...RRR" "R",
};

const char *
ct_role_to_string (CtRole role)
{
  g_return_val_if_fail (role < CT_N_ROLES, NULL);

  return role_names[role];
}

CtRole
ct_role_from_string (const char *name)
{
  g_return_val_if_fail (name != NULL, CT_ROLE_INVALID);

  for (guint i = 0; i < CT_N_ROLES; i++)
    if (g_str_equal (name, role_names[i]))
      return (CtRole) i;

  return CT_ROLE_INVALID;
}

const char *
ct_role_get_display_name (CtRole role)
{
  g_return_val_if_fail (role < CT_N_ROLES, NULL);

  return _(role_display_names[role]);
}

const char *
ct_category_to_string (CtCategory category)
{
  g_return_val_if_fail (category < CT_N_CATEGORIES, NULL);

  return category_names[category];
}

CtCategory
ct_category_from_string (const char *name)
{
  g_return_val_if_fail (name != NULL, CT_CATEGORY_INVALID);

  for (guint i = 0; i < CT_N_CATEGORIES; i++)
    if (g_str_equal (name, category_names[i]))
      return (CtCategory) i;

  return CT_CATEGORY_INVALID;
}

const char *
ct_category_get_display_name (CtCategory category)
{
  g_return_val_if_fail (category < CT_N_CATEGORIES, NULL);

  return _(category_display_names[category]);
}

/**
 * ct_category_dup_display_names:
 * @mask: a set of 1 << #CtCategory
 *
 * Returns: (transfer full): the categories' display names in category order,
 *   joined with ", " ("Health, Justice"); an empty string for an empty mask
 */
char *
ct_category_dup_display_names (guint mask)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    if (mask & (1u << c))
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "",
                              ct_category_get_display_name (c));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/**
 * ct_role_default_grants:
 *
 * Returns: whether the default policy (docs/categories.md) grants @role read and write
 *   access to @category
 */
gboolean
ct_role_default_grants (CtRole     role,
                        CtCategory category)
{
  g_return_val_if_fail (role < CT_N_ROLES, FALSE);
  g_return_val_if_fail (category < CT_N_CATEGORIES, FALSE);

  return default_policy[role][category] == 'R';
}
