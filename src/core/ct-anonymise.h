/* ct-anonymise.h — statistical disclosure control for the evaluator export
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Coarsening (docs/export.md). Band indices; the last one of each is "unknown". */
#define CT_AGE_N_BANDS   5     /* 0–17, 18–26, 27–44, 45–64, 65+ */
#define CT_AGE_UNKNOWN   CT_AGE_N_BANDS
#define CT_SIZE_N_BANDS  4     /* 1, 2, 3–4, 5+ */
#define CT_SIZE_UNKNOWN  CT_SIZE_N_BANDS

guint       ct_anon_age_band          (int          birth_year,
                                       int          birth_month,
                                       int          birth_day,
                                       int          year,
                                       int          month,
                                       int          day);
guint       ct_anon_age_band_merged   (guint        band);
const char *ct_anon_age_band_label    (guint        band,
                                       gboolean     merged);
guint       ct_anon_size_band         (guint        n_persons);
const char *ct_anon_size_band_label   (guint        band);
gint64      ct_anon_round             (gint64       cents,
                                       gint64       step_euros);

/* The marker of a suppressed cell in the workbook (CBS: "x" = geheim). */
#define CT_ANON_SUPPRESSED "x"

/**
 * CtAnonQi:
 *
 * The quasi-identifiers of one case, as indices: age band (CT_AGE_*),
 * household-size band (CT_SIZE_*), area (0..n_areas, n_areas = unknown),
 * sex (0..3).
 */
typedef struct
{
  guint8 age;
  guint8 size;
  guint16 area;
  guint8 sex;
} CtAnonQi;

/**
 * CtAnonColumn:
 * @n_levels: the levels of its generalisation hierarchy, at least 1; the
 *   last one has a single code ("alle")
 * @weight: how long the column is kept: one with a larger weight is
 *   generalised and suppressed later (what the evaluator asked to keep)
 * @codes: (array): n_levels x n_rows: the code of row i at level l is
 *   codes[l * n_rows + i]
 * @n_codes: (array): per level, codes are below this; it is also the
 *   level's code of a suppressed cell
 *
 * A quasi-identifier column of the case rows.
 */
typedef struct
{
  guint          n_levels;
  guint          weight;
  const guint16 *codes;
  const guint   *n_codes;
} CtAnonColumn;

/**
 * CtAnonMdResult:
 * @level: (array): per column, the level of its hierarchy applied to all rows
 * @suppressed: (array): n_rows x n_cols, row by row: the cell is suppressed
 * @k_reached: the smallest class over every combination of up to the
 *   asked number of columns; the row count when there are fewer rows than k
 * @generalisation_loss: 0 to 1, the mean share of each column's hierarchy
 *   climbed
 */
typedef struct
{
  guint   n_cols;
  guint   n_rows;
  guint  *level;
  guint8 *suppressed;
  guint   n_cells_suppressed;
  guint   k_reached;
  double  generalisation_loss;
} CtAnonMdResult;

void     ct_anon_md_anonymise      (const CtAnonColumn   *cols,
                                    guint                 n_cols,
                                    guint                 n_rows,
                                    guint                 k,
                                    guint                 max_width,
                                    double                max_share,
                                    CtAnonMdResult       *result);
void     ct_anon_md_result_clear   (CtAnonMdResult       *result);
guint    ct_anon_md_code           (const CtAnonColumn   *cols,
                                    const CtAnonMdResult *result,
                                    guint                 col,
                                    guint                 row);
guint    ct_anon_md_smallest_class (const CtAnonColumn   *cols,
                                    const CtAnonMdResult *result,
                                    guint                 max_width);
guint    ct_anon_md_l_diversity    (const CtAnonColumn   *cols,
                                    const CtAnonMdResult *result,
                                    guint                 max_width,
                                    guint                 n_values,
                                    guint                 group,
                                    const int * const    *values,
                                    guint8 * const       *suppress);

/**
 * CtAnonTable:
 *
 * A frequency or magnitude table with totals. Records are added per unit
 * (a case): a cell's "basis" is the number of distinct cases in it, and a
 * cell whose basis is 1 to threshold - 1 is suppressed (primary); with
 * record keys, so is a count whose perturbed value is under the threshold,
 * so that whether a cell is hidden does not flip at one exact count. Then every
 * line (a row with its total when @row_totals, a column with its total when
 * @col_totals, and the lines of totals) that has exactly one suppressed
 * cell gets the smallest other cell suppressed too (secondary), until none
 * has: no suppressed value can be recomputed from its line. Linked columns
 * (a count and its amount) are suppressed together.
 *
 * Indices: detail cells are rows 0..n_rows-1 and columns 0..n_cols-1; the
 * totals are row n_rows and column n_cols.
 */
typedef struct _CtAnonTable CtAnonTable;

CtAnonTable *ct_anon_table_new          (guint         n_rows,
                                         guint         n_cols,
                                         gboolean      row_totals,
                                         gboolean      col_totals);
void         ct_anon_table_free         (CtAnonTable  *table);
void         ct_anon_table_link         (CtAnonTable  *table,
                                         guint         col_a,
                                         guint         col_b);
void         ct_anon_table_add          (CtAnonTable  *table,
                                         guint         row,
                                         guint         col,
                                         guint         unit,
                                         gint64        value);
void         ct_anon_table_protect      (CtAnonTable  *table,
                                         guint         threshold);
gint64       ct_anon_table_get          (CtAnonTable  *table,
                                         guint         row,
                                         guint         col);
guint        ct_anon_table_get_basis    (CtAnonTable  *table,
                                         guint         row,
                                         guint         col);
gboolean     ct_anon_table_is_suppressed (CtAnonTable *table,
                                          guint        row,
                                          guint        col);
guint        ct_anon_table_get_n_primary   (CtAnonTable *table);
guint        ct_anon_table_get_n_secondary (CtAnonTable *table);
guint        ct_anon_table_get_n_dominance (CtAnonTable *table);
void         ct_anon_table_set_magnitude (CtAnonTable   *table,
                                          guint          col,
                                          guint          p);
void         ct_anon_table_set_record_keys (CtAnonTable   *table,
                                            const guint32 *keys,
                                            guint          n_units);
gint64       ct_anon_table_get_shown    (CtAnonTable  *table,
                                         guint         row,
                                         guint         col);
guint32      ct_anon_table_get_cell_key (CtAnonTable  *table,
                                         guint         row,
                                         guint         col);
int          ct_anon_cell_noise         (guint32       cell_key);
int          ct_anon_count_noise        (guint32       cell_key,
                                         gint64        value,
                                         guint         threshold);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtAnonTable, ct_anon_table_free)

/* Keyed BLAKE2b of the case id: "C-" and 10 upper-case hex digits. */

G_END_DECLS
