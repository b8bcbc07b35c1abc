/* ct-case-page-plan.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The household's plan on the case page: a plan view that grows with its
 * goals, in a page that scrolls. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include "ct-case-sections.h"
#include "ct-plan-view.h"

struct _CtCasePlanSection
{
  CtCaseSection parent_instance;

  GtkWidget *plan;            /* a row of this case, or NULL */
};

G_DEFINE_FINAL_TYPE (CtCasePlanSection, ct_case_plan_section, CT_TYPE_CASE_SECTION)

static void
ct_case_plan_section_load (CtCaseSection       *section,
                           const CtCaseContext *context)
{
  CtCasePlanSection *self = CT_CASE_PLAN_SECTION (section);

  self->plan = NULL;
  if (context->limited)
    {
      gtk_widget_set_visible (GTK_WIDGET (section), FALSE);
      return;
    }
  self->plan = ct_plan_view_new (context->session, ct_record_get_id (context->view->household));
  /* A section that grows with its goals; the case page scrolls. */
  ct_plan_view_set_embedded (CT_PLAN_VIEW (self->plan), TRUE);
  ct_case_section_add_row (section, self->plan);
}

static void
ct_case_plan_section_class_init (CtCasePlanSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_plan_section_load;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page-plan.ui");
}

static void
ct_case_plan_section_init (CtCasePlanSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Returns: (transfer none) (nullable): the plan view of the case shown */
GtkWidget *
ct_case_plan_section_get_view (CtCasePlanSection *self)
{
  g_return_val_if_fail (CT_IS_CASE_PLAN_SECTION (self), NULL);

  return self->plan;
}
