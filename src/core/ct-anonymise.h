/* ct-anonymise.h — statistical disclosure control for the evaluator export
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Coarsening (DESIGN §6). Band indices; the last one of each is "unknown". */
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

/* How far the quasi-identifiers were generalised, in order. */
typedef enum
{
  CT_ANON_LEVEL_NONE,         /* as coarsened */
  CT_ANON_LEVEL_AGE_MERGED,   /* age bands 0–26, 27–64, 65+ */
  CT_ANON_LEVEL_NO_AREA,      /* and area → "alle" */
  CT_ANON_LEVEL_NO_SEX,       /* and sex suppressed */
} CtAnonLevel;

/**
 * CtAnonKResult:
 * @level: the generalisation applied to every row
 * @row_suppressed: (array): per row, whether its quasi-identifiers were
 *   suppressed (all four cells)
 * @class_id: (array): per row, its equivalence class (0..n_classes-1)
 * @k_reached: the size of the smallest equivalence class, 0 without rows
 */
typedef struct
{
  CtAnonLevel level;
  guint8     *row_suppressed;
  guint      *class_id;
  guint       n_classes;
  guint       n_rows_suppressed;
  guint       k_reached;
} CtAnonKResult;

void     ct_anon_k_result_clear  (CtAnonKResult  *result);
void     ct_anon_k_anonymise     (const CtAnonQi *rows,
                                  guint           n_rows,
                                  guint           k,
                                  double          max_suppressed_share,
                                  CtAnonKResult  *result);
CtAnonQi ct_anon_generalise      (const CtAnonQi *qi,
                                  CtAnonLevel     level,
                                  guint           n_areas);

#define CT_ANON_AREA_ALL   0xfffeu
#define CT_ANON_SEX_HIDDEN 0xfeu

guint    ct_anon_l_diversity     (const CtAnonKResult *k,
                                  guint                n_rows,
                                  const int           *values,
                                  guint8              *suppress);

/**
 * CtAnonTable:
 *
 * A frequency or magnitude table with totals. Records are added per unit
 * (a case): a cell's "basis" is the number of distinct cases in it, and a
 * cell whose basis is 1 to threshold - 1 is suppressed (primary). Then every
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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtAnonTable, ct_anon_table_free)

/* Keyed BLAKE2b of the case id: "C-" and 10 upper-case hex digits. */

G_END_DECLS
