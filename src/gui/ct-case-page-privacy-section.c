/* ct-case-page-privacy-section.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The household's rights on the case page (docs/retention.md): the rows
 * of the inzage, erasure on request and restriction of processing that
 * this member may exercise, and no section at all for a member who may
 * do none of them. The rows are in the template; the dialogs behind
 * their actions are the page's (ct-case-page-privacy.c). */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include "ct-case-page-private.h"
#include "ct-case-sections.h"

struct _CtCasePrivacySection
{
  CtCaseSection parent_instance;

  /* Template widgets */
  GtkWidget *inzage_row;
  GtkWidget *erase_row;
  GtkWidget *restrict_row;
};

G_DEFINE_FINAL_TYPE (CtCasePrivacySection, ct_case_privacy_section, CT_TYPE_CASE_SECTION)

static void
ct_case_privacy_section_load (CtCaseSection       *section,
                              const CtCaseContext *context)
{
  CtCasePrivacySection *self = CT_CASE_PRIVACY_SECTION (section);
  CtSession *session = context->session;
  gboolean inzage = _ct_case_page_may_make_inzage (session);
  gboolean erase = ct_session_may_purge (session);
  gboolean restrictable = context->restriction == NULL && context->view->may_restrict;

  gtk_widget_set_visible (self->inzage_row, inzage);
  gtk_widget_set_visible (self->erase_row, erase);
  gtk_widget_set_visible (self->restrict_row, restrictable);
  gtk_widget_set_visible (GTK_WIDGET (self), !context->limited && (inzage || erase || restrictable));
}

static void
ct_case_privacy_section_class_init (CtCasePrivacySectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_privacy_section_load;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page-privacy.ui");
  gtk_widget_class_bind_template_child (widget_class, CtCasePrivacySection, inzage_row);
  gtk_widget_class_bind_template_child (widget_class, CtCasePrivacySection, erase_row);
  gtk_widget_class_bind_template_child (widget_class, CtCasePrivacySection, restrict_row);
}

static void
ct_case_privacy_section_init (CtCasePrivacySection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
