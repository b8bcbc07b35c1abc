/* ct-demo-private.h — the demo team's invented words and the generator's state
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-roles.h"
#include "ct-schema.h"
#include "ct-session.h"

G_BEGIN_DECLS

/* Data, not interface text: never translated. Every list ends with NULL. */
extern const char * const ct_demo_female_names[];
extern const char * const ct_demo_male_names[];
extern const char * const ct_demo_surnames[];
extern const char * const ct_demo_tussenvoegsels[];
extern const char * const ct_demo_stems[];

typedef struct
{
  const char *name;
  const char *postcodes;   /* two PC4 areas */
  const char *streets[4];  /* streets[0..1] in the first PC4, [2..3] in the second */
} CtDemoArea;

#define CT_DEMO_N_AREAS 4
extern const CtDemoArea ct_demo_areas[CT_DEMO_N_AREAS];

/* What the team writes about one ZRM domain. */
typedef struct
{
  const char *problem;       /* a phrase: "oplopende schulden bij ..." */
  const char *goal;
  const char *actions[2];
  const char *partner_type;  /* a partner_types value of ct-schema.c */
  CtRole      responsible;
} CtDemoDomain;

extern const CtDemoDomain ct_demo_domains[CT_ZRM_N_DOMAINS];

typedef struct
{
  const char *name;
  const char *type;
  guint       cost_min;  /* euro per year */
  guint       cost_max;
} CtDemoOrganisation;

extern const CtDemoOrganisation ct_demo_organisations[];
extern const guint ct_demo_n_organisations;

extern const char * const ct_demo_referrers[];
extern const char * const ct_demo_mental[];
extern const char * const ct_demo_addiction[];
extern const char * const ct_demo_physical[];
extern const char * const ct_demo_medication[];
extern const char * const ct_demo_justice[];
extern const char * const ct_demo_creditors[];
extern const char * const ct_demo_parenting[];
extern const char * const ct_demo_child_protection[];
extern const char * const ct_demo_school[];
extern const char * const ct_demo_tenancy[];
extern const char * const ct_demo_nuisance[];
extern const char * const ct_demo_work[];
extern const char * const ct_demo_benefits[];
extern const char * const ct_demo_daytime[];
extern const char * const ct_demo_refusals[];
extern const char * const ct_demo_guests[];
extern const char * const ct_demo_months[];
extern const char * const ct_demo_member_names[];

typedef struct
{
  const char *purpose;  /* an expense_purposes value of ct-schema.c */
  const char *justification;
  const char *category; /* the row category its justification is a fact of */
} CtDemoExpense;

extern const CtDemoExpense ct_demo_expenses[];
extern const guint ct_demo_n_expenses;

typedef struct
{
  const char *situation;
  const char *goal;
  const char *rule;
  const char *article;
  const char *owner;
  const char *alternative;
  const char *decided_by;
  const char *mandate;
  const char *legitimation;
  const char *result;
  const char *lesson;
  const char *scope;
  const char *category; /* the row category its content is a fact of */
} CtDemoDoorbraak;

extern const CtDemoDoorbraak ct_demo_doorbraken[];
extern const guint ct_demo_n_doorbraken;

/* The generator, shared by ct-demo.c (the team, its meetings and budget,
 * what the voorzitter decides) and ct-demo-household.c (the households). */

#define CT_DEMO_N_MEETINGS 24

typedef guint32 Day;  /* a Julian day number of GDate */

typedef struct
{
  Day    day;
  gint64 id;
  guint  n_items;
} Meeting;

typedef struct
{
  CtSession *session;
  GRand     *master;
  GRand     *rand;           /* one household's, seeded by the seed and its index */
  guint32    seed;
  Day        today;
  guint      n_households;
  guint      next;
  gint      *ago;            /* referral: days before today, oldest first */
  gint64     members[CT_N_ROLES];
  Meeting    meetings[CT_DEMO_N_MEETINGS];  /* the last one is still to come */
  gint64     periods[2];
  Day        period_start[2];
  Day        period_end[2];
  gint64     ceiling_cents;
  GArray    *bsns;           /* guint32, shuffled */
  guint      n_persons;
  guint      case_year;
  guint      case_serial;
  GArray    *to_cosign;      /* gint64 expense ids above the ceiling */
  GArray    *doorbraken;     /* DemoDoorbraak, proposed, to take further */
} Demo;

/* A doorbraak as proposed, and how far it is to go. */
typedef struct
{
  gint64                 id;
  const CtDemoDoorbraak *b;
  int                    steps;     /* 0 proposed ... 3 shared */
  gint64                 cost_before;
  gint64                 cost_after;
  Day                    reached;
} DemoDoorbraak;

void     _ct_demo_set_day   (CtRecord   *r,
                             const char *field,
                             Day         day);
gint64   _ct_demo_store     (Demo       *d,
                             CtRecord   *r,
                             GError    **error);
gboolean _ct_demo_add_batch (CtSession  *session,
                             gpointer    data,
                             GError    **error);

G_END_DECLS
