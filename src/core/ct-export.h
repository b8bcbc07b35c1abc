/* ct-export.h — the evaluator workbook (docs/export.md)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ct-session.h"

G_BEGIN_DECLS

/**
 * CtExportProfile:
 * @CT_EXPORT_MICRODATA: pseudonymised personal data: one k-anonymous row
 *   per case with "evaluatie" consent, for an evaluator under a processing
 *   agreement; no tables
 * @CT_EXPORT_AGGREGATE: anonymous tables of all cases, perturbed; no rows
 */
typedef enum
{
  CT_EXPORT_MICRODATA,
  CT_EXPORT_AGGREGATE,
} CtExportProfile;

const char     *ct_export_profile_to_string   (CtExportProfile profile);
gboolean        ct_export_profile_from_string (const char     *name,
                                               CtExportProfile *profile);

#define CT_EXPORT_DEFAULT_K         5
#define CT_EXPORT_DEFAULT_THRESHOLD 10
#define CT_EXPORT_MIN_K             3
#define CT_EXPORT_MIN_THRESHOLD     5

/* Team setting: "given" when a household without any "evaluatie" consent
 * on record counts as consenting; anything else (the default) does not. */
#define CT_EXPORT_CONSENT_SETTING   "export.consent-unrecorded"

/**
 * CtExportQi:
 *
 * The quasi-identifier columns of the microdata rows: everything an
 * insider could know of a household.
 */
typedef enum
{
  CT_EXPORT_QI_AGE,
  CT_EXPORT_QI_SEX,
  CT_EXPORT_QI_SIZE,
  CT_EXPORT_QI_COMPOSITION,
  CT_EXPORT_QI_AREA,
  CT_EXPORT_QI_REFERRAL,
  CT_EXPORT_QI_CLOSED,
  CT_EXPORT_QI_REFERRER,
  CT_EXPORT_QI_STATUS,
  CT_EXPORT_QI_OUTCOME,
  CT_EXPORT_QI_DOMAINS,
  CT_EXPORT_QI_ORGS_INTAKE,
  CT_EXPORT_QI_ORGS_CLOSE,
  CT_EXPORT_QI_COST_INTAKE,
  CT_EXPORT_QI_COST_CLOSE,
  CT_EXPORT_QI_DAYS_ADVICE,
  CT_EXPORT_QI_DAYS_CLOSE,
  CT_EXPORT_QI_ACTIONS,
  CT_EXPORT_QI_SPENDING,
  CT_EXPORT_QI_DOORBRAKEN,
  CT_EXPORT_N_QI
} CtExportQi;

const char     *ct_export_qi_to_string        (CtExportQi      qi);
gboolean        ct_export_qi_from_string      (const char     *name,
                                               CtExportQi     *qi);

/**
 * CtExportOptions:
 * @k: every combination of quasi-identifiers occurs at least @k times
 *   (microdata); 0 takes the team setting "export.k", else 5
 * @threshold: table cells with fewer cases are suppressed; 0 takes the
 *   team setting "export.threshold", else 10
 * @fresh_pseudonym_key: use a random key for this export only, never
 *   stored, so its pseudonyms cannot be linked to other exports
 * @agreement: (nullable): the reference of the processing agreement the
 *   microdata goes under; required for microdata, logged
 * @keep: bit mask of 1 << #CtExportQi: columns generalised only after
 *   every other one
 * @reason: (nullable): why @k or @threshold is below the team's default;
 *   required then, and only a beheerder may give it; logged
 *
 * k is at least %CT_EXPORT_MIN_K and the threshold at least
 * %CT_EXPORT_MIN_THRESHOLD, whoever asks.
 */
typedef struct
{
  CtExportProfile profile;
  guint           k;
  guint           threshold;
  gboolean        fresh_pseudonym_key;
  const char     *agreement;
  guint           keep;
  const char     *reason;
} CtExportOptions;

void ct_export_options_init (CtExportOptions *options);

/**
 * CtExportReport:
 * @profile: the profile written
 * @k: the k asked for; @threshold likewise
 * @k_reached: the size of the smallest equivalence class of the case rows
 *   (microdata; 0 without rows); in the aggregate profile, @threshold
 * @n_cases: cases in the team file; @n_case_rows: case rows in the
 *   workbook (microdata)
 * @n_rows_suppressed: case rows with at least one suppressed quasi-identifier
 * @generalisation: what was generalised, one translated line
 * @coarsened: (array zero-terminated=1): the coarsening rules applied, translated
 * @n_cells_primary: table cells under the threshold
 * @n_cells_secondary: table cells suppressed so the others cannot be
 *   recomputed from the totals
 * @n_cells_diversity: sensitive cells suppressed for l-diversity
 * @n_no_consent: cases left out of the rows for want of "evaluatie"
 *   consent (microdata)
 * @n_withdrawn_since: cases that had "evaluatie" consent at the previous
 *   microdata export under the same agreement and withdrew it since
 *   (@previous_export); the evaluator must delete their earlier rows
 * @previous_export: (nullable): the day of that export, YYYY-MM-DD
 * @n_restricted: households left out whole, with all their cases, because
 *   their processing is restricted (AVG art. 18)
 * @n_cells_dominance: amount cells one or two cases dominate
 * @n_cells_rows_suppressed: quasi-identifier cells of rows suppressed
 * @information_loss: 0 to 1: the share of the hierarchies climbed and of
 *   cells suppressed, averaged
 * @below_default: k or the threshold is below the team's default
 * @categories_included: bit mask (1 << CtCategory) of the categories that
 *   went in; @categories_readable: those the member may read
 * @sheets: (array zero-terminated=1): the sheet names
 * @export_month: "YYYY-MM"
 *
 * What went in and what was done to it; ct_export_preview() fills it
 * without writing, for a dialog to show before the export.
 */
typedef struct
{
  CtExportProfile profile;
  guint           k;
  guint           threshold;
  guint           k_reached;
  guint           n_cases;
  guint           n_case_rows;
  guint           n_rows_suppressed;
  char           *generalisation;
  char          **coarsened;
  guint           n_cells_primary;
  guint           n_cells_secondary;
  guint           n_cells_diversity;
  guint           categories_included;
  guint           categories_readable;
  gboolean        fresh_pseudonym_key;
  char          **sheets;
  char           *export_month;
  guint           n_no_consent;
  guint           n_cells_dominance;
  guint           n_cells_rows_suppressed;
  double          information_loss;
  gboolean        below_default;
  guint           n_withdrawn_since;
  char           *previous_export;
  guint           n_restricted;
} CtExportReport;

void ct_export_report_free (CtExportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtExportReport, ct_export_report_free)

/**
 * CtExportProgress:
 * @fraction: 0.0 to 1.0
 *
 * Called as the export proceeds: in the caller's thread for
 * ct_export_workbook(), and in the thread-default main context of the
 * caller of ct_export_workbook_async() for the async variant.
 */
typedef void (*CtExportProgress) (double   fraction,
                                  gpointer user_data);

gboolean ct_export_preview        (CtSession              *session,
                                   const CtExportOptions  *options,
                                   CtExportReport        **report,
                                   GError                **error);
gboolean ct_export_workbook       (CtSession              *session,
                                   const char             *out_path,
                                   const CtExportOptions  *options,
                                   CtExportReport        **report,
                                   CtExportProgress        progress_cb,
                                   gpointer                user_data,
                                   GError                **error);
void     ct_export_workbook_async (CtSession              *session,
                                   const char             *out_path,
                                   const CtExportOptions  *options,
                                   CtExportProgress        progress_cb,
                                   gpointer                progress_data,
                                   GDestroyNotify          progress_data_free,
                                   GCancellable           *cancellable,
                                   GAsyncReadyCallback     callback,
                                   gpointer                user_data);
gboolean ct_export_workbook_finish (GAsyncResult          *result,
                                    CtExportReport       **report,
                                    GError               **error);

/**
 * CtExportGather:
 *
 * The team as the evaluator export reads it, once, for any options
 * (ct_export_gather_async()). Holds no name, number, address, exact date
 * of a case in a workbook or free text. Reference-counted.
 */
typedef struct _CtExportGather CtExportGather;

CtExportGather *ct_export_gather_ref      (CtExportGather         *gather);
void            ct_export_gather_unref    (CtExportGather         *gather);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtExportGather, ct_export_gather_unref)

void            ct_export_gather_async    (CtSession              *session,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
CtExportGather *ct_export_gather_finish   (GAsyncResult           *result,
                                           GError                **error);
gboolean        ct_export_gather_preview  (CtExportGather         *gather,
                                           CtSession              *session,
                                           const CtExportOptions  *options,
                                           CtExportReport        **report,
                                           GError                **error);
void            ct_export_gather_write_async (CtExportGather      *gather,
                                              CtSession           *session,
                                              const char          *out_path,
                                              const CtExportOptions *options,
                                              CtExportProgress     progress_cb,
                                              gpointer             progress_data,
                                              GDestroyNotify       progress_data_free,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

G_END_DECLS
