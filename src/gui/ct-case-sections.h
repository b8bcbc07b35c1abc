/* ct-case-sections.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The sections of the case page, each a CtCaseSection with its own
 * template (ui/ct-case-page-*.ui) and file (src/gui/ct-case-page-*.c),
 * in page order. They share this header because only the case page
 * makes them. */

#pragma once

#include "ct-case-section.h"

G_BEGIN_DECLS

/* ct-case-page-restriction.c: the banner of a restriction of processing */
#define CT_TYPE_CASE_RESTRICTION_SECTION (ct_case_restriction_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCaseRestrictionSection, ct_case_restriction_section, CT,
                      CASE_RESTRICTION_SECTION, CtCaseSection)

/* ct-case-page-limited.c: outside involvement, and a way in */
#define CT_TYPE_CASE_LIMITED_SECTION (ct_case_limited_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCaseLimitedSection, ct_case_limited_section, CT, CASE_LIMITED_SECTION,
                      CtCaseSection)

/* ct-case-page-summary.c: the case, its general fields and the parts */
#define CT_TYPE_CASE_SUMMARY_SECTION (ct_case_summary_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCaseSummarySection, ct_case_summary_section, CT, CASE_SUMMARY_SECTION,
                      CtCaseSection)

void ct_case_summary_section_warn (CtCaseSummarySection *self);

/* ct-case-page-zrm.c: self-sufficiency, intake against the latest */
#define CT_TYPE_CASE_ZRM_SECTION (ct_case_zrm_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCaseZrmSection, ct_case_zrm_section, CT, CASE_ZRM_SECTION,
                      CtCaseSection)

void       ct_case_zrm_section_reload    (CtCaseZrmSection *self);
GtkWidget *ct_case_zrm_section_get_chart (CtCaseZrmSection *self);

/* ct-case-page-plan.c: the household's plan */
#define CT_TYPE_CASE_PLAN_SECTION (ct_case_plan_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCasePlanSection, ct_case_plan_section, CT, CASE_PLAN_SECTION,
                      CtCaseSection)

GtkWidget *ct_case_plan_section_get_view (CtCasePlanSection *self);

/* ct-case-page-persons.c: the household's persons */
#define CT_TYPE_CASE_PERSONS_SECTION (ct_case_persons_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCasePersonsSection, ct_case_persons_section, CT, CASE_PERSONS_SECTION,
                      CtCaseSection)

/* ct-case-page-household.c: the household's fields of one category */
#define CT_TYPE_CASE_HOUSEHOLD_SECTION (ct_case_household_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCaseHouseholdSection, ct_case_household_section, CT,
                      CASE_HOUSEHOLD_SECTION, CtCaseSection)

/* ct-case-page-organisations.c: the helpers around the household */
#define CT_TYPE_CASE_ORGANISATIONS_SECTION (ct_case_organisations_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCaseOrganisationsSection, ct_case_organisations_section, CT,
                      CASE_ORGANISATIONS_SECTION, CtCaseSection)

/* ct-case-page-consent.c: the latest consent per category */
#define CT_TYPE_CASE_CONSENT_SECTION (ct_case_consent_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCaseConsentSection, ct_case_consent_section, CT, CASE_CONSENT_SECTION,
                      CtCaseSection)

/* ct-case-page-privacy.c: the household's rights this member exercises */
#define CT_TYPE_CASE_PRIVACY_SECTION (ct_case_privacy_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCasePrivacySection, ct_case_privacy_section, CT, CASE_PRIVACY_SECTION,
                      CtCaseSection)

/* ct-case-page-access.c: who saw the household, who looked anyway */
#define CT_TYPE_CASE_ACCESS_SECTION (ct_case_access_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCaseAccessSection, ct_case_access_section, CT, CASE_ACCESS_SECTION,
                      CtCaseSection)

/* ct-case-page-involve.c: who is involved and why */
#define CT_TYPE_CASE_INVOLVED_SECTION (ct_case_involved_section_get_type ())
G_DECLARE_FINAL_TYPE (CtCaseInvolvedSection, ct_case_involved_section, CT,
                      CASE_INVOLVED_SECTION, CtCaseSection)

G_END_DECLS
