/* ct-demo-household-private.h — one demo household while it is written (internal)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-demo-private.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  const char *type;
  const char *name;
  gint64      cost;
} Org;

/* One household while it is written. */
typedef struct
{
  gint64      household;
  gint64      case_id;
  guint       area;
  guint       n_adults;
  guint       n_children;
  const char *last_name;   /* the head's, owned by the persons */
  gboolean    domains[CT_ZRM_N_DOMAINS];
  guint       n_domains;
  int         intake[CT_ZRM_N_DOMAINS];
  gint64      goals[CT_ZRM_N_DOMAINS];
  Org         orgs[12];
  guint       n_orgs;
  gint64      yearly_cost;
  Day         referral;
  Day         advice;        /* 0 before the advice */
  Day         closed;        /* 0 while open */
  const char *status;
  gint        meeting;       /* index of the advice meeting, -1 */
} Household;

/* ct-demo-household.c: drawing from the household's GRand */
int          _ct_demo_rnd         (Demo               *d,
                                   int                 lo,
                                   int                 hi);
gboolean     _ct_demo_chance      (Demo               *d,
                                   double              p);
const char  *_ct_demo_pick        (Demo               *d,
                                   const char * const *list);
Day          _ct_demo_min_day     (Day                 a,
                                   Day                 b);
const CtDemoOrganisation *
             _ct_demo_org_of_type (Demo               *d,
                                   const char         *type);

/* ct-demo-care.c: the rows that follow the case, in this order */
gboolean  _ct_demo_add_consents         (Demo       *d,
                                         Household  *h,
                                         GError    **error);
gboolean  _ct_demo_add_partner_consents (Demo       *d,
                                         Household  *h,
                                         guint       index,
                                         GError    **error);
gboolean  _ct_demo_add_zrms             (Demo       *d,
                                         Household  *h,
                                         GError    **error);
gboolean  _ct_demo_add_meeting_rows     (Demo       *d,
                                         Household  *h,
                                         int         first,
                                         GError    **error);
gboolean  _ct_demo_add_expenses         (Demo       *d,
                                         Household  *h,
                                         GError    **error);
gboolean  _ct_demo_add_doorbraak        (Demo       *d,
                                         Household  *h,
                                         GError    **error);

G_END_DECLS
