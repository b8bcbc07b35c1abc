/* ct-case-page-zrm.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Self-sufficiency on the case page: intake against the latest
 * assessment, in a chart that leaves out the domains this member may not
 * read and says so. "Score ZRM…" (case.score-zrm) is the page's. The
 * chart reads the assessments in a worker (ct_zrm_chart_reload()); when
 * the page shows the same case again, after a write of its own or a sync,
 * the section keeps its chart and reads again, so the chart shown stays
 * until the new one replaces it and the rows below do not move meanwhile.
 * It lets the chart go with the case. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include "ct-case-sections.h"
#include "ct-zrm-chart.h"

struct _CtCaseZrmSection
{
  CtCaseSection parent_instance;

  GtkWidget *chart;           /* a row of this case, or NULL */
  CtSession *session;         /* compared only: the chart's */
  gint64     case_id;         /* the chart's */
};

G_DEFINE_FINAL_TYPE (CtCaseZrmSection, ct_case_zrm_section, CT_TYPE_CASE_SECTION)

static void
ct_case_zrm_section_load (CtCaseSection       *section,
                          const CtCaseContext *context)
{
  CtCaseZrmSection *self = CT_CASE_ZRM_SECTION (section);
  gint64 case_id = ct_record_get_id (context->view->case_record);

  if (context->limited)
    {
      g_clear_object (&self->chart);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  if (self->chart != NULL && self->session == context->session && self->case_id == case_id)
    {
      ct_case_section_add_row (section, self->chart);
      ct_zrm_chart_reload (CT_ZRM_CHART (self->chart));
      return;
    }
  g_clear_object (&self->chart);
  self->chart = g_object_ref_sink (ct_zrm_chart_new (context->session, case_id));
  self->session = context->session;
  self->case_id = case_id;
  ct_case_section_add_row (section, self->chart);
}

static void
ct_case_zrm_section_clear (CtCaseSection *section)
{
  g_clear_object (&CT_CASE_ZRM_SECTION (section)->chart);
}

static void
ct_case_zrm_section_class_init (CtCaseZrmSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_zrm_section_load;
  CT_CASE_SECTION_CLASS (klass)->clear = ct_case_zrm_section_clear;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page-zrm.ui");
}

static void
ct_case_zrm_section_init (CtCaseZrmSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* After a new assessment. */
void
ct_case_zrm_section_reload (CtCaseZrmSection *self)
{
  g_return_if_fail (CT_IS_CASE_ZRM_SECTION (self));

  if (self->chart != NULL && ct_case_section_get_context (CT_CASE_SECTION (self)) != NULL)
    ct_zrm_chart_reload (CT_ZRM_CHART (self->chart));
}

/* Returns: (transfer none) (nullable): the chart of the case shown */
GtkWidget *
ct_case_zrm_section_get_chart (CtCaseZrmSection *self)
{
  g_return_val_if_fail (CT_IS_CASE_ZRM_SECTION (self), NULL);

  return self->chart;
}
