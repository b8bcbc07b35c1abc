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
  guint8   consent;            /* EX_CONSENT_* */
  guint8   referrer;           /* EX_REFERRER_* */
  guint8   composition;        /* EX_COMPOSITION_* */
  guint8   n_doorbraken;
  gint     spend_permille;     /* of the ceiling, most in one period; -1: none spent */
  guint32  record_key;         /* the household's cell key share; 0 without */
  gboolean withdrawn_since;    /* had consent at the previous export, withdrew it after */
} ExCase;

typedef enum
{
  EX_CONSENT_UNRECORDED,
  EX_CONSENT_GIVEN,
  EX_CONSENT_WITHDRAWN,
} ExConsent;

typedef enum
{
  EX_REFERRER_GP,
  EX_REFERRER_SOCIAL_TEAM,
  EX_REFERRER_HOUSING,
  EX_REFERRER_POLICE,
  EX_REFERRER_SAFETY,
  EX_REFERRER_DEBT,
  EX_REFERRER_SCHOOL,
  EX_REFERRER_MENTAL,
  EX_REFERRER_WORK,
  EX_REFERRER_SOCIAL_WORK,
  EX_REFERRER_SELF,
  EX_REFERRER_OTHER,
  EX_REFERRER_UNKNOWN,
  EX_N_REFERRERS
} ExReferrer;

typedef enum
{
  EX_COMPOSITION_SINGLE,
  EX_COMPOSITION_COUPLE,
  EX_COMPOSITION_SINGLE_PARENT,
  EX_COMPOSITION_COUPLE_CHILDREN,
  EX_COMPOSITION_OTHER,
  EX_COMPOSITION_UNKNOWN,
  EX_N_COMPOSITIONS
} ExComposition;

typedef struct
{
  char   start_month[8];
  char   end_month[8];
  gint64 amount_cents;
  gint64 ceiling_cents;
} ExPeriod;

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
  guint  period;         /* index + 1 into the periods; 0: unknown */
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
  guint           n_restricted; /* households left out: processing restricted */
  GArray         *cases;        /* ExCase */
  GArray         *actions;
  GArray         *organisations;
  GArray         *expenses;
  GArray         *doorbraken;
  GPtrArray      *areas;        /* names from the areas table */
  GArray         *periods;      /* ExPeriod */
  char           *agreement;    /* the processing agreement's reference (microdata) */
  char           *reason;       /* why below the team's defaults; NULL when not */
  guint           default_k;
  guint           default_threshold;
  gboolean        unrecorded_is_consent;
  gboolean        with_cell_keys;
  char           *previous_export; /* day of the last export under this agreement */
  GArray         *new_record_ids;  /* households without a stored record key (gint64) */
  GArray         *new_record_keys; /* the keys made for them (guint32), stored on export */
} ExData;

/* An "evaluatie" consent that was withdrawn, with its Julian days. */
typedef struct
{
  guint   case_index;
  guint32 given;
  guint32 withdrawn;
} ExConsentSpan;

/* What one gather read (ct_export_gather_async()), whatever the options;
 * g_atomic_rc_box. The rows of @data are shared by every ExData made from
 * it; its cases have no pseudonym, record key or withdrawn_since yet. */
struct _CtExportGather
{
  ExData         *data;
  GArray         *case_ids;        /* gint64, parallel to data->cases */
  GArray         *case_households; /* guint, index + 1 into household_ids; 0: unknown */
  GArray         *household_ids;   /* gint64, ascending */
  GArray         *consents;        /* ExConsentSpan */
  /* The last preview's anonymisation, for the export with the same
   * options (ct-export.c); an export takes it, as its row order must be
   * its own. */
  CtExportOptions cached_options;
  char           *cached_agreement;
  char           *cached_reason;
  ExData         *cached_data;
  gpointer        cached_model;
  CtExportReport *cached_report;
};

void            _ct_export_data_free   (ExData          *data);
char           *_ct_export_log_prefix  (CtExportProfile  profile,
                                        const char      *agreement);
gboolean        _ct_export_in_rows     (ExData          *data,
                                        const ExCase    *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExData, _ct_export_data_free)

const char * const *_ct_export_enum    (const char      *table,
                                        const char      *field);

/* ct-export-gather.c: in the session's thread. */
void            _ct_export_defaults    (CtSession              *session,
                                        guint                  *k,
                                        guint                  *threshold);
ExData         *_ct_export_apply       (CtExportGather         *gather,
                                        CtSession              *session,
                                        const CtExportOptions  *options,
                                        gboolean                with_key,
                                        GError                **error);
gboolean        _ct_export_set_pseudonyms (CtExportGather      *gather,
                                           CtSession           *session,
                                           ExData              *data,
                                           GError             **error);
gboolean        _ct_export_store_record_keys (CtSession        *session,
                                              ExData           *data,
                                              GError          **error);
void            _ct_export_gather_forget (CtExportGather       *gather);
ExData         *_ct_export_gather      (CtSession              *session,
                                        const CtExportOptions  *options,
                                        gboolean                with_key,
                                        CtExportProgress        progress_cb,
                                        gpointer                user_data,
                                        GError                **error);

/* What the anonymiser decided (ct-export-model.c), for the writer. */
/* One quasi-identifier column of the case rows with its hierarchy. */
#define EX_MAX_LEVELS 5

typedef struct
{
  CtExportQi  qi;
  const char *header;
  guint       n_levels;
  guint       n_codes[EX_MAX_LEVELS];
  GPtrArray  *labels[EX_MAX_LEVELS];  /* of each level's codes */
  guint16    *codes;                  /* n_levels x n_rows */
} ExQiColumn;

/* A table as the workbook shows it. */
typedef struct
{
  char        *title;
  char        *row_header;
  GPtrArray   *row_labels;
  GPtrArray   *col_labels;
  CtAnonTable *table;
  guint        n_rows, n_cols;
  gboolean     row_totals, col_totals;
  guint8      *cost_col;              /* per column: an amount, shown in euros rounded to this */
  char        *note;                  /* why cells are hidden, or NULL */
} ExTable;

typedef struct
{
  CtExportReport *report;     /* owned by the caller */
  /* microdata */
  guint          *rows;       /* case indices of the rows, in case order */
  guint          *order;      /* the rows' positions as written, in random order */
  guint           n_rows;
  ExQiColumn     *qi;
  guint           n_qi;
  CtAnonColumn   *anon_cols;
  CtAnonMdResult  md;
  gboolean        drop_rows;  /* fewer consenting cases than k */
  guint8         *zrm_hidden; /* n_rows x CT_ZRM_N_DOMAINS, by row position */
  double          row_means[CT_ZRM_N_DOMAINS][2];
  guint           row_means_n[CT_ZRM_N_DOMAINS];
  /* both */
  gboolean        domain_in[CT_ZRM_N_DOMAINS];
  gboolean        identity;   /* age band and sex may be included */
  /* aggregate */
  GPtrArray      *tables[8];  /* ExTable per sheet */
  CtAnonTable    *zrm;
  double          zrm_means[CT_ZRM_N_DOMAINS + 1][3];  /* the last: all domains */
  guint32        *record_keys; /* per case */
  CtAnonTable    *chart_actions;
} ExModel;

enum { SHEET_NOTICE, SHEET_CASES, SHEET_ZRM, SHEET_ACTIONS, SHEET_ORGS, SHEET_BUDGET,
       SHEET_DOORBRAKEN, SHEET_CHARTS, SHEET_ACCOUNT, N_SHEETS };

extern const char * const _ct_export_sheet_names[];   /* N_SHEETS, then NULL */

/* The sheets of a profile, in order, ending with N_SHEETS. */
const guint    *_ct_export_profile_sheets (CtExportProfile profile);

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
