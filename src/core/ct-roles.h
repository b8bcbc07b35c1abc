/* ct-roles.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CtRole:
 *
 * The role of a team member. The beheerder (administrator) is a flag on a
 * member, not a role. The lowercase ASCII names are stable: they are what
 * the CLI takes and what the store keeps.
 */
typedef enum
{
  CT_ROLE_VOORZITTER,
  CT_ROLE_REGISSEUR,
  CT_ROLE_GGZ,
  CT_ROLE_VERSLAVINGSZORG,
  CT_ROLE_OPVOEDKUNDE,
  CT_ROLE_WERK_INKOMEN,
  CT_ROLE_HUISVESTING,
  CT_ROLE_SCHULDHULPVERLENING,
  CT_ROLE_POLITIE,
  CT_ROLE_MAATSCHAPPELIJK_WERK,
  CT_N_ROLES
} CtRole;

#define CT_ROLE_INVALID ((CtRole) -1)

/**
 * CtCategory:
 *
 * The category a field belongs to (docs/categories.md). Every category but
 * %CT_CATEGORY_GENERAL is encrypted under a key of its own.
 */
typedef enum
{
  CT_CATEGORY_IDENTITY,
  CT_CATEGORY_HEALTH,
  CT_CATEGORY_JUSTICE,
  CT_CATEGORY_FINANCE,
  CT_CATEGORY_YOUTH,
  CT_CATEGORY_HOUSING,
  CT_CATEGORY_WORK,
  CT_CATEGORY_GENERAL,
  CT_N_CATEGORIES
} CtCategory;

#define CT_CATEGORY_INVALID ((CtCategory) -1)

const char *ct_role_to_string         (CtRole      role);
CtRole      ct_role_from_string       (const char *name);
const char *ct_role_get_display_name  (CtRole      role);

const char *ct_category_to_string         (CtCategory  category);
CtCategory  ct_category_from_string       (const char *name);
const char *ct_category_get_display_name  (CtCategory  category);
char       *ct_category_dup_display_names (guint       mask);

gboolean    ct_role_default_grants    (CtRole      role,
                                       CtCategory  category);

G_END_DECLS
