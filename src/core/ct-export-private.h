/* ct-export-private.h — the export's plain data, shared by its two halves
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-pseudonym.h"

#include "ct-anonymise.h"
#include "ct-export.h"
#include "ct-schema.h"

G_BEGIN_DECLS

/* What the export knows of the team, copied out of the session in the
 * caller's thread (ct-export.c) and already coarsened there: it holds no
 * name, number, address, exact date or free text, so the thread that
 * anonymises and writes (ct-export-workbook.c) never sees one. */

typedef enum
{
  EX_ACTION_ON_TIME,
  EX_ACTION_LATE,
  EX_ACTION_OPEN,
  EX_ACTION_OVERDUE,
  EX_ACTION_REFUSED,
  EX_N_ACTION_STATES
} ExActionState;

typedef enum
{
  EX_RULE_LAW,
  EX_RULE_POLICY,
  EX_RULE_CONTRACT,
  EX_RULE_ROUTINE,
  EX_RULE_OTHER,
  EX_RULE_UNKNOWN,
  EX_N_RULE_TYPES
} ExRuleType;

typedef struct
{
  char     pseudonym[CT_PSEUDONYM_SIZE];
  CtAnonQi qi;
  gint8    status;
  gint8    outcome;            /* -1: none */
  char     referral_month[8];
  char     closed_month[8];    /* "" while open */
  gint     days_to_advice;     /* -1: no advice yet */
  gint     days_to_close;      /* -1: open */
  guint8   n_domains;
  guint16  orgs_intake;
  gint     orgs_close;         /* -1: open */
  gint64   cost_intake_cents;
  gint64   cost_close_cents;
  gint8    zrm_intake[CT_ZRM_N_DOMAINS];   /* 0: none */
  gint8    zrm_latest[CT_ZRM_N_DOMAINS];   /* 0: no follow-up */
  guint16  n_actions;
} ExCase;

typedef struct
{
  guint  case_index;
  guint8 partner_type;   /* index in the schema's list; n_partner_types: none */
  guint8 state;
} ExAction;

typedef struct
{
  guint    case_index;
  guint8   partner_type;
  gboolean at_intake;
  gboolean at_close;     /* only for closed cases */
  gint64   cost_cents;
} ExOrganisation;

typedef struct
{
  guint  case_index;
  guint8 purpose;
  gint64 cents;
} ExExpense;

typedef struct
{
  guint    case_index;
  guint8   rule_type;
  gint8    scope;        /* -1: not given */
  guint8   status;
  char     month[8];     /* "" when not reached */
  gint64   budget_cents;
  gint64   before_cents; /* -1: not given */
  gint64   after_cents;
} ExDoorbraak;

typedef struct
{
  CtExportOptions options;      /* k and threshold resolved */
  char            export_month[8];
  guint           readable;     /* 1 << CtCategory */
  GArray         *cases;        /* ExCase */
  GArray         *actions;
  GArray         *organisations;
  GArray         *expenses;
  GArray         *doorbraken;
  GPtrArray      *areas;        /* names from the areas table */
} ExData;

void            _ct_export_data_free   (ExData          *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExData, _ct_export_data_free)

const char * const *_ct_export_enum    (const char      *table,
                                        const char      *field);

/* ct-export-gather.c: in the session's thread. */
ExData         *_ct_export_gather      (CtSession              *session,
                                        const CtExportOptions  *options,
                                        gboolean                with_key,
                                        CtExportProgress        progress_cb,
                                        gpointer                user_data,
                                        GError                **error);

/* What the anonymiser decided (ct-export-model.c), for the writer. */
typedef struct
{
  CtExportReport *report;     /* owned by the caller */
  CtAnonKResult   k;
  gboolean        drop_rows;  /* fewer cases than k */
  guint8         *diversity;  /* n_cases x CT_ZRM_N_DOMAINS */
  gboolean        domain_in[CT_ZRM_N_DOMAINS];
  CtAnonTable    *status, *outcome, *age_size, *area, *months;
  CtAnonTable    *zrm, *actions, *orgs, *budget, *rule_scope, *door_status;
  double          zrm_means[CT_ZRM_N_DOMAINS][3];
  GPtrArray      *month_labels;
  gboolean        identity;   /* age band and sex may be included */
} ExModel;

enum { SHEET_CASES, SHEET_ZRM, SHEET_ACTIONS, SHEET_ORGS, SHEET_BUDGET, SHEET_DOORBRAKEN,
       SHEET_CHARTS, SHEET_ACCOUNT, N_SHEETS };

extern const char * const _ct_export_sheet_names[];   /* N_SHEETS, then NULL */

static inline ExCase *
_ct_export_case (ExData *data,
                 guint   i)
{
  return &g_array_index (data->cases, ExCase, i);
}

static inline guint
_ct_export_n_enum (const char *table,
                   const char *field)
{
  return g_strv_length ((char **) _ct_export_enum (table, field));
}

/* ct-export-model.c and ct-export-workbook.c: run in any thread on @data
 * alone. */
CtExportReport *_ct_export_anonymise   (ExData          *data,
                                        gpointer        *model);
gboolean        _ct_export_write       (ExData          *data,
                                        gpointer         model,
                                        const char      *tmp_path,
                                        CtExportProgress progress_cb,
                                        gpointer         user_data,
                                        GCancellable    *cancellable,
                                        GError         **error);
void            _ct_export_model_free  (gpointer         model);

G_END_DECLS
