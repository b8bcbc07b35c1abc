/* ct-case-page-plan.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The household's plan on the case page: a plan view that grows with its
 * goals, in a page that scrolls. The view reads the plan in a worker
 * (ct_plan_view_reload()); when the page shows the same household again,
 * after a write of its own or a sync, the section keeps its view and reads
 * again (ct_case_section_keep_row()), so the goals shown stay until the new
 * ones replace them and the rows below do not move meanwhile. It lets the
 * view go with the case. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include "ct-case-sections.h"
#include "ct-plan-view.h"

struct _CtCasePlanSection
{
  CtCaseSection parent_instance;

  CtCaseKeptRow plan;         /* the plan view, of the household shown */
};

G_DEFINE_FINAL_TYPE (CtCasePlanSection, ct_case_plan_section, CT_TYPE_CASE_SECTION)

static GtkWidget *
new_view (CtSession *session,
          gint64     household_id)
{
  GtkWidget *plan = ct_plan_view_new (session, household_id);

  /* A section that grows with its goals; the case page scrolls. */
  ct_plan_view_set_embedded (CT_PLAN_VIEW (plan), TRUE);
  return plan;
}

static void
reload_view (GtkWidget *plan)
{
  ct_plan_view_reload (CT_PLAN_VIEW (plan));
}

static void
ct_case_plan_section_load (CtCaseSection       *section,
                           const CtCaseContext *context)
{
  CtCasePlanSection *self = CT_CASE_PLAN_SECTION (section);

  ct_case_section_keep_row (section, &self->plan, context,
                            ct_record_get_id (context->view->household), new_view, reload_view);
  /* Before the read started here is back: its goals and actions show
   * their conflicts of this load. */
  if (self->plan.row != NULL)
    ct_plan_view_set_conflicts (CT_PLAN_VIEW (self->plan.row), context->conflicts);
}

static void
ct_case_plan_section_clear (CtCaseSection *section)
{
  ct_case_kept_row_clear (&CT_CASE_PLAN_SECTION (section)->plan);
}

static void
ct_case_plan_section_class_init (CtCasePlanSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_plan_section_load;
  CT_CASE_SECTION_CLASS (klass)->clear = ct_case_plan_section_clear;
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

  return self->plan.row;
}
