/* ct-case-page-limited.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Outside involvement the case page shows the case's general fields and
 * this section: why, and "Look anyway…" (docs/security.md). Everything
 * in it is in its template; it only shows or hides. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include "ct-case-sections.h"

struct _CtCaseLimitedSection
{
  CtCaseSection parent_instance;
};

G_DEFINE_FINAL_TYPE (CtCaseLimitedSection, ct_case_limited_section, CT_TYPE_CASE_SECTION)

static void
ct_case_limited_section_load (CtCaseSection       *section,
                              const CtCaseContext *context)
{
  gtk_widget_set_visible (GTK_WIDGET (section), context->limited);
}

static void
ct_case_limited_section_class_init (CtCaseLimitedSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_limited_section_load;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page-limited.ui");
}

static void
ct_case_limited_section_init (CtCaseLimitedSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
