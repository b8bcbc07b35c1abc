/* ct-case-page-restriction.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The banner at the top of a household under restriction of processing
 * (AVG art. 18; docs/retention.md): the ground, since when, what it
 * means, and for its regisseur or a beheerder "Lift Restriction…"
 * (case.lift-restriction, ct-case-page-privacy.c). */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-sections.h"
#include "ct-gui-labels.h"

struct _CtCaseRestrictionSection
{
  CtCaseSection parent_instance;

  /* Template widgets */
  AdwActionRow *row;
  GtkWidget *lift_button;
};

G_DEFINE_FINAL_TYPE (CtCaseRestrictionSection, ct_case_restriction_section, CT_TYPE_CASE_SECTION)

static void
ct_case_restriction_section_load (CtCaseSection       *section,
                                  const CtCaseContext *context)
{
  CtCaseRestrictionSection *self = CT_CASE_RESTRICTION_SECTION (section);
  const CtRestriction *restriction = context->restriction;
  g_autofree char *since = NULL;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  if (restriction == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), "");
      adw_action_row_set_subtitle (self->row, "");
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  since = g_strndup (restriction->placed_at, 10);
  date = ct_gui_format_date (since);
  /* Translators: %s is a ground, such as "Objection pending" */
  title = g_strdup_printf (_("Processing restricted: %s"),
                           ct_restrict_ground_get_display_name (restriction->ground));
  /* Translators: %s is a date */
  subtitle = g_strdup_printf (_("Since %s, on the client’s request (AVG article 18). The data "
                                "stays stored, but nothing of it can be changed, except "
                                "consents, until the restriction is lifted."),
                              date != NULL ? date : since);
  if (restriction->reason != NULL)
    {
      g_autofree char *with = g_strdup_printf ("%s\n%s", subtitle, restriction->reason);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), title);
  adw_action_row_set_subtitle (self->row, subtitle);
  gtk_widget_set_visible (self->lift_button, context->view->may_restrict);
}

static void
ct_case_restriction_section_class_init (CtCaseRestrictionSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_restriction_section_load;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX
                                               "/ui/ct-case-page-restriction.ui");
  gtk_widget_class_bind_template_child (widget_class, CtCaseRestrictionSection, row);
  gtk_widget_class_bind_template_child (widget_class, CtCaseRestrictionSection, lift_button);
}

static void
ct_case_restriction_section_init (CtCaseRestrictionSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
