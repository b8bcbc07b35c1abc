/* ct-anonymise-private.h — the classes that k-anonymity (ct-anonymise.c)
 * and l-diversity (ct-anonymise-ldiv.c) both count
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-anonymise.h"

G_BEGIN_DECLS

static inline gboolean
_ct_anon_md_at_top (const CtAnonColumn   *cols,
                    const CtAnonMdResult *r,
                    guint                 c)
{
  return r->level[c] + 1 >= cols[c].n_levels;
}

/* The class of every row under one combination of columns, as dense
 * indices: keys are mixed-radix numbers of the codes, counted in an array
 * when they fit, else in a hash table. Each column's codes as they stand
 * (level and suppression applied) are kept, and the keys of the last pair
 * of columns: a triple that starts with that pair extends its keys by one
 * column instead of computing them again. */
typedef struct
{
  guint   *count;      /* per key (dense) */
  gsize    n_keys;
  guint64 *keys;       /* per row */
  guint64  radix;      /* keys are below it */
  GHashTable *sparse;  /* key → count, when dense does not fit */
  guint16 *code;       /* n_cols x n_rows, column by column */
  gboolean code_fresh; /* FALSE: @code must be made again */
  guint64 *pair_keys;  /* per row, the keys of @pair */
  guint    pair[2];    /* G_MAXUINT: no pair */
} AnonClasses;

#define DENSE_MAX (1u << 20)

typedef void (*AnonComboFunc) (const guint *combo,
                               guint        width,
                               gpointer     user_data);

void            _ct_anon_classes_clear  (AnonClasses          *cl);
void            _ct_anon_classes_count  (AnonClasses          *cl,
                                         const CtAnonColumn   *cols,
                                         const CtAnonMdResult *r,
                                         const guint          *combo,
                                         guint                 width);
/* Calls @fn for every combination of 1 to @max_width columns that are not
 * at their top level (a column at its top level has one code and cannot
 * split a class). */
void            _ct_anon_for_each_combo (const CtAnonColumn   *cols,
                                         const CtAnonMdResult *r,
                                         guint                 max_width,
                                         AnonComboFunc         fn,
                                         gpointer              user_data);

G_END_DECLS
