/* ct-export-gather-private.h — what the gather (ct-export-gather.c) and its
 * scans of the team (ct-export-gather-scan.c) share
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-export-private.h"
#include "ct-session.h"

G_BEGIN_DECLS

typedef struct
{
  guint    n_persons;
  gboolean has_head;
  gboolean head_is_hoofd;
  guint    n_partners;
  guint    n_children;
  guint    n_others;
  int      birth[3];      /* y, m, d; 0 when unknown */
  gint8    sex;           /* -1 unknown */
  guint16  pc4_area;      /* from the postcode, n_areas when unknown */
  guint16  area;          /* from the household row, n_areas when unknown */
  guint    first_case;    /* index + 1; 0: none */
  guint    last_case;
} HouseholdInfo;

typedef struct
{
  guint   household;     /* index + 1 into the households; 0: unknown */
  guint   next_case;     /* index + 1 of the household's next case */
  guint32 referral;      /* Julian days; 0 unknown */
  int     referral_ymd[3];
  guint32 closed;
  guint32 latest[CT_ZRM_N_DOMAINS];
  gint64  latest_id[CT_ZRM_N_DOMAINS];
  guint32 intake_day;
} CaseDates;

typedef struct
{
  CtSession        *session;
  ExData           *data;
  GArray           *case_ids;      /* gint64, ascending, parallel to data->cases */
  GArray           *dates;         /* CaseDates, parallel to data->cases */
  GArray           *household_ids; /* gint64, ascending */
  GArray           *households;    /* HouseholdInfo, parallel */
  GArray           *advice_ids;    /* gint64, ascending */
  GArray           *advice_cases;  /* guint case index, parallel */
  GArray           *period_ids;    /* gint64, ascending, parallel to data->periods */
  GHashTable       *pc4_areas;     /* "1234" → area index + 1 */
  const CtField    *sex, *case_status, *outcome, *org_type, *partner_type, *purpose, *scope,
                   *doorbraak_status;
  guint             n_org_types, n_partner_types;  /* the index of "not given" */
  const char       *zrm_fields[3 + CT_ZRM_N_DOMAINS + 1];
  GArray           *consents;      /* ExConsentSpan */
  GHashTable       *restricted;    /* households under restriction (gint64 *): left out */
  guint32           today;
  CtExportProgress  progress_cb;
  gpointer          progress_data;
} Gather;

static inline CaseDates *
_ct_export_dates_at (Gather *g,
                     guint   index)
{
  return &g_array_index (g->dates, CaseDates, index);
}

/* "YYYY-MM-DD" → a Julian day number and its parts; 0 when absent or not
 * a date. */
guint32         _ct_export_parse_day      (const char  *text,
                                           int          ymd[3]);
/* Reads every table the export needs into @data (a Gather), for
 * _ct_session_read_batch(). */
gboolean        _ct_export_scan_team_cb   (CtSession   *session,
                                           gpointer     data,
                                           GError     **error);

G_END_DECLS
