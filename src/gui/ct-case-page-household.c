/* ct-case-page-household.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The household's fields of one category on the case page: health,
 * justice, finance, youth, housing, work, one section each, named in the
 * page's template by the category's schema name. A section whose
 * category the member may not read says only that it is restricted and
 * which roles can see it (ct_case_section_show_restricted()). */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include "ct-case-sections.h"

struct _CtCaseHouseholdSection
{
  CtCaseSection parent_instance;

  CtCategory category;
};

G_DEFINE_FINAL_TYPE (CtCaseHouseholdSection, ct_case_household_section, CT_TYPE_CASE_SECTION)

enum {
  PROP_0,
  PROP_CATEGORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ct_case_household_section_load (CtCaseSection       *section,
                                const CtCaseContext *context)
{
  CtCaseHouseholdSection *self = CT_CASE_HOUSEHOLD_SECTION (section);
  CtRecord *household = context->view->household;
  const CtTable *table = ct_record_get_table (household);

  if (context->limited)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  if (!ct_session_can_read (context->session, self->category))
    {
      ct_case_section_show_restricted (section, self->category);
      return;
    }
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self),
                                   ct_category_get_display_name (self->category));
  for (guint j = 0; j < table->n_fields; j++)
    if (table->fields[j].category == self->category)
      ct_case_section_add_field (section, NULL, household, table->fields[j].name);
}

static void
ct_case_household_section_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  CtCaseHouseholdSection *self = CT_CASE_HOUSEHOLD_SECTION (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_string (value, ct_category_to_string (self->category));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_case_household_section_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  CtCaseHouseholdSection *self = CT_CASE_HOUSEHOLD_SECTION (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      if (g_value_get_string (value) == NULL)
        break;
      self->category = ct_category_from_string (g_value_get_string (value));
      g_return_if_fail (self->category != CT_CATEGORY_INVALID);
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self),
                                       ct_category_get_display_name (self->category));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_case_household_section_class_init (CtCaseHouseholdSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ct_case_household_section_get_property;
  object_class->set_property = ct_case_household_section_set_property;
  CT_CASE_SECTION_CLASS (klass)->load = ct_case_household_section_load;

  /* The category's schema name, such as "health". */
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ct_case_household_section_init (CtCaseHouseholdSection *self)
{
}
