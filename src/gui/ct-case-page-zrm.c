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
 * the section keeps its chart and reads again (ct_case_section_keep_row()),
 * so the chart shown stays until the new one replaces it and the rows
 * below do not move meanwhile. It lets the chart go with the case. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include "ct-case-sections.h"
#include "ct-zrm-chart.h"

struct _CtCaseZrmSection
{
  CtCaseSection parent_instance;

  CtCaseKeptRow chart;        /* the chart, of the case shown */
};

G_DEFINE_FINAL_TYPE (CtCaseZrmSection, ct_case_zrm_section, CT_TYPE_CASE_SECTION)

static void
reload_chart (GtkWidget *chart)
{
  ct_zrm_chart_reload (CT_ZRM_CHART (chart));
}

static void
ct_case_zrm_section_load (CtCaseSection       *section,
                          const CtCaseContext *context)
{
  ct_case_section_keep_row (section, &CT_CASE_ZRM_SECTION (section)->chart, context,
                            ct_record_get_id (context->view->case_record), ct_zrm_chart_new,
                            reload_chart);
}

static void
ct_case_zrm_section_clear (CtCaseSection *section)
{
  ct_case_kept_row_clear (&CT_CASE_ZRM_SECTION (section)->chart);
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

  if (self->chart.row != NULL && ct_case_section_get_context (CT_CASE_SECTION (self)) != NULL)
    reload_chart (self->chart.row);
}

/* Returns: (transfer none) (nullable): the chart of the case shown */
GtkWidget *
ct_case_zrm_section_get_chart (CtCaseZrmSection *self)
{
  g_return_val_if_fail (CT_IS_CASE_ZRM_SECTION (self), NULL);

  return self->chart.row;
}
