/* ct-anonymise-table.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The aggregate tables of the evaluator export (docs/export.md): threshold,
 * secondary and dominance suppression with cell-key perturbation. The
 * microdata's k-anonymity is in ct-anonymise.c, its l-diversity in
 * ct-anonymise-ldiv.c. Works on plain numbers only; nothing here touches a
 * session. */

#define G_LOG_DOMAIN "ct-anonymise"

#include "config.h"

#include "ct-anonymise.h"

typedef struct
{
  guint  row;
  guint  col;
  guint  unit;
  gint64 value;
} Record;

struct _CtAnonTable
{
  guint     n_rows;
  guint     n_cols;
  gboolean  row_totals;
  gboolean  col_totals;
  int      *link;
  GArray   *records;
  gint64   *value;   /* (n_rows + 1) x (n_cols + 1) */
  guint    *basis;
  guint8   *suppressed;
  guint     n_primary;
  guint     n_secondary;
  guint     n_dominance;
  const guint32 *record_keys;  /* per unit; NULL: no perturbation */
  guint     n_units;
  guint8   *magnitude;         /* per column */
  guint     dominance_p;
  guint     threshold;
  guint32  *cell_key;
  gint64   *top;               /* per cell: largest and second-largest unit total */
};

CtAnonTable *
ct_anon_table_new (guint    n_rows,
                   guint    n_cols,
                   gboolean row_totals,
                   gboolean col_totals)
{
  CtAnonTable *t = g_new0 (CtAnonTable, 1);
  gsize n = (gsize) (n_rows + 1) * (n_cols + 1);

  t->n_rows = n_rows;
  t->n_cols = n_cols;
  t->row_totals = row_totals;
  t->col_totals = col_totals;
  t->link = g_new (int, n_cols + 1);
  for (guint c = 0; c <= n_cols; c++)
    t->link[c] = -1;
  t->records = g_array_new (FALSE, FALSE, sizeof (Record));
  t->value = g_new0 (gint64, n);
  t->basis = g_new0 (guint, n);
  t->suppressed = g_new0 (guint8, n);
  t->magnitude = g_new0 (guint8, n_cols + 1);
  t->cell_key = g_new0 (guint32, n);
  t->top = g_new0 (gint64, 2 * n);
  return t;
}

void
ct_anon_table_free (CtAnonTable *t)
{
  if (t == NULL)
    return;
  g_array_unref (t->records);
  g_free (t->link);
  g_free (t->value);
  g_free (t->basis);
  g_free (t->suppressed);
  g_free (t->magnitude);
  g_free (t->cell_key);
  g_free (t->top);
  g_free (t);
}

void
ct_anon_table_link (CtAnonTable *t,
                    guint        col_a,
                    guint        col_b)
{
  g_return_if_fail (col_a < t->n_cols && col_b < t->n_cols);

  t->link[col_a] = (int) col_b;
  t->link[col_b] = (int) col_a;
}

void
ct_anon_table_add (CtAnonTable *t,
                   guint        row,
                   guint        col,
                   guint        unit,
                   gint64       value)
{
  Record r = { row, col, unit, value };

  g_return_if_fail (row < t->n_rows && col < t->n_cols);
  g_array_append_val (t->records, r);
}

static gsize
cell (CtAnonTable *t,
      guint        row,
      guint        col)
{
  return (gsize) row * (t->n_cols + 1) + col;
}

static int
compare_units (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const Record *x = a, *y = b;

  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static void
add_top (gint64 *top,
         gint64  contribution)
{
  if (contribution > top[0])
    {
      top[1] = top[0];
      top[0] = contribution;
    }
  else if (contribution > top[1])
    top[1] = contribution;
}

/* Sums the values and counts the distinct units of every cell (bit 1 of
 * @mode keeps the row, bit 2 the column; dropped ones are totals), adds up
 * the record keys of its units into its cell key and keeps its two largest
 * unit contributions. The records are sorted by unit, so a unit's records
 * are next to each other and @last (one entry per cell) tells whether a
 * cell has seen it; @cur holds the unit's contribution so far. */
static void
accumulate (CtAnonTable *t,
            guint        mode,
            guint       *last,
            gint64      *cur)
{
  const Record *r = (const Record *) (gpointer) t->records->data;
  gsize n_cells = (gsize) (t->n_rows + 1) * (t->n_cols + 1);

  for (gsize c = 0; c < n_cells; c++)
    {
      last[c] = G_MAXUINT;
      cur[c] = 0;
    }
  for (guint i = 0; i < t->records->len; i++)
    {
      guint row = mode & 1 ? r[i].row : t->n_rows;
      guint col = mode & 2 ? r[i].col : t->n_cols;
      gsize c = cell (t, row, col);

      t->value[c] += r[i].value;
      if (last[c] != r[i].unit)
        {
          if (last[c] != G_MAXUINT)
            add_top (&t->top[2 * c], cur[c]);
          cur[c] = 0;
          last[c] = r[i].unit;
          t->basis[c]++;
          if (t->record_keys != NULL && r[i].unit < t->n_units)
            t->cell_key[c] += t->record_keys[r[i].unit];
        }
      cur[c] += r[i].value;
    }
  for (gsize c = 0; c < n_cells; c++)
    if (last[c] != G_MAXUINT)
      add_top (&t->top[2 * c], cur[c]);
}

/* A count that the cell-key method perturbs (not an amount). */
static gboolean
is_count (CtAnonTable *t,
          guint        col)
{
  return t->record_keys != NULL && (col == t->n_cols || !t->magnitude[col]);
}

static gint64
shown_count (CtAnonTable *t,
             gsize        c)
{
  gint64 v = t->value[c];

  return MAX (v + ct_anon_count_noise (t->cell_key[c], v, t->threshold), 1);
}

/* The p% rule: the second-largest contributor, who knows their own part,
 * can estimate the largest to within what the others add; that must be at
 * least p% of the largest. */
static gboolean
is_dominated (CtAnonTable *t,
              gsize        c)
{
  gint64 rest = t->value[c] - t->top[2 * c] - t->top[2 * c + 1];

  return t->top[2 * c] > 0 && rest * 100 < (gint64) t->dominance_p * t->top[2 * c];
}

static gboolean
is_shown (CtAnonTable *t,
          guint        row,
          guint        col)
{
  if (row == t->n_rows && !t->col_totals)
    return FALSE;
  if (col == t->n_cols && !t->row_totals)
    return FALSE;
  return TRUE;
}

static void
suppress (CtAnonTable *t,
          guint        row,
          guint        col,
          guint       *counter)
{
  if (!t->suppressed[cell (t, row, col)])
    {
      t->suppressed[cell (t, row, col)] = TRUE;
      (*counter)++;
    }
  if (col < t->n_cols && t->link[col] >= 0 && !t->suppressed[cell (t, row, t->link[col])])
    {
      t->suppressed[cell (t, row, t->link[col])] = TRUE;
      (*counter)++;
    }
}

/* One line: @fixed is the row (horizontal) or column; its cells and total.
 * Returns TRUE when it suppressed another cell. */
static gboolean
protect_line (CtAnonTable *t,
              gboolean     horizontal,
              guint        fixed)
{
  guint len = horizontal ? t->n_cols : t->n_rows;
  guint n_suppressed = 0, best = G_MAXUINT;
  gint64 best_value = G_MAXINT64;
  int best_rank = 3;

  for (guint i = 0; i <= len; i++)
    {
      guint row = horizontal ? fixed : i, col = horizontal ? i : fixed;
      gsize c = cell (t, row, col);
      int rank = i == len ? 2 : t->value[c] > 0 ? 0 : 1;

      if (t->suppressed[c])
        n_suppressed++;
      else if (rank < best_rank || (rank == best_rank && t->value[c] < best_value))
        best = i, best_rank = rank, best_value = t->value[c];
    }

  if (n_suppressed != 1 || best == G_MAXUINT)
    return FALSE;
  suppress (t, horizontal ? fixed : best, horizontal ? best : fixed, &t->n_secondary);
  return TRUE;
}

/**
 * ct_anon_table_protect:
 *
 * Computes the cells and totals, then applies primary and secondary
 * suppression (see #CtAnonTable).
 */
void
ct_anon_table_protect (CtAnonTable *t,
                       guint        threshold)
{
  gboolean changed = TRUE;
  g_autofree guint *last = g_new (guint, (gsize) (t->n_rows + 1) * (t->n_cols + 1));
  g_autofree gint64 *cur = g_new (gint64, (gsize) (t->n_rows + 1) * (t->n_cols + 1));

  g_qsort_with_data (t->records->data, (gint) t->records->len, sizeof (Record), compare_units,
                     NULL);
  accumulate (t, 3, last, cur);
  accumulate (t, 1, last, cur);
  accumulate (t, 2, last, cur);
  accumulate (t, 0, last, cur);
  t->threshold = threshold;

  for (guint r = 0; r <= t->n_rows; r++)
    for (guint c = 0; c <= t->n_cols; c++)
      {
        guint basis = t->basis[cell (t, r, c)];
        gboolean small = basis > 0 && (basis < threshold
                                       || (is_count (t, c)
                                           && shown_count (t, cell (t, r, c)) < threshold));

        if (is_shown (t, r, c) && small)
          suppress (t, r, c, &t->n_primary);
        else if (is_shown (t, r, c) && c < t->n_cols && t->magnitude[c] && t->dominance_p > 0
                 && is_dominated (t, cell (t, r, c)))
          suppress (t, r, c, &t->n_dominance);
      }

  while (changed)
    {
      changed = FALSE;
      if (t->row_totals)
        for (guint r = 0; r < t->n_rows + (t->col_totals ? 1 : 0); r++)
          changed |= protect_line (t, TRUE, r);
      if (t->col_totals)
        for (guint c = 0; c < t->n_cols + (t->row_totals ? 1 : 0); c++)
          changed |= protect_line (t, FALSE, c);
    }
}

/**
 * ct_anon_table_set_magnitude:
 * @p: the p of the p% dominance rule for this column (0: none)
 *
 * Marks @col as an amount: its cells get the dominance rule and, with
 * record keys, a perturbation in proportion to their largest contribution.
 */
void
ct_anon_table_set_magnitude (CtAnonTable *t,
                             guint        col,
                             guint        p)
{
  g_return_if_fail (col < t->n_cols);

  t->magnitude[col] = TRUE;
  t->dominance_p = p;
}

/**
 * ct_anon_table_set_record_keys:
 * @keys: (array length=n_units): per unit, its random record key; kept by
 *   the caller until the table is freed
 *
 * Turns on cell-key perturbation (see ct_anon_table_get_shown()).
 */
void
ct_anon_table_set_record_keys (CtAnonTable   *t,
                               const guint32 *keys,
                               guint          n_units)
{
  t->record_keys = keys;
  t->n_units = n_units;
}

/* The fixed perturbation table: the cell key, read as a fraction of 2^32,
 * picks the noise -2, -1, 0, +1 or +2 with chances 5, 20, 50, 20 and 5 %. */
int
ct_anon_cell_noise (guint32 cell_key)
{
  static const guint32 bounds[] = { 214748365u, 1073741824u, 3221225472u, 4080218931u };
  int noise = -2;

  for (guint i = 0; i < G_N_ELEMENTS (bounds) && cell_key >= bounds[i]; i++)
    noise++;
  return noise;
}

/**
 * ct_anon_count_noise:
 * @cell_key: the cell's key
 * @value: the count
 * @threshold: the table's threshold (0: none)
 *
 * The noise of a count: ct_anon_cell_noise(), except that a count of
 * @threshold + 2 never gets +2. A count is hidden when it is under the
 * threshold before or after its noise, so the largest count that can be
 * hidden is @threshold + 1 (with noise -2). Were @threshold + 2 shown as
 * @threshold + 4, someone who saw the cell hidden in one wave and shown as
 * @threshold + 4 after one case joined it would know both counts exactly.
 * With this cap every pair "hidden, then shown after one more case" fits at
 * least two earlier counts (docs/export.md, "Aggregate tables").
 */
int
ct_anon_count_noise (guint32 cell_key,
                     gint64  value,
                     guint   threshold)
{
  int noise = ct_anon_cell_noise (cell_key);

  if (threshold > 0 && value == (gint64) threshold + 2 && noise == 2)
    noise = 1;
  return noise;
}

guint32
ct_anon_table_get_cell_key (CtAnonTable *t,
                            guint        row,
                            guint        col)
{
  return t->cell_key[cell (t, row, col)];
}

/**
 * ct_anon_table_get_shown:
 *
 * The value the workbook shows: without record keys the true value; with
 * them, a count plus the noise of its cell key (ct_anon_count_noise()),
 * and an amount plus ct_anon_cell_noise() times 5 % of its largest
 * contribution. The same set of units
 * always gets the same noise, so two waves subtract to noise, not to a
 * household. Totals are perturbed as cells of their own.
 */
gint64
ct_anon_table_get_shown (CtAnonTable *t,
                         guint        row,
                         guint        col)
{
  gsize c = cell (t, row, col);
  int noise;

  if (t->record_keys == NULL || t->basis[c] == 0)
    return t->value[c];
  if (!is_count (t, col))
    {
      noise = ct_anon_cell_noise (t->cell_key[c]);
      return t->value[c] + noise * t->top[2 * c] / 20;
    }
  return shown_count (t, c);
}

guint
ct_anon_table_get_n_dominance (CtAnonTable *t)
{
  return t->n_dominance;
}

gint64
ct_anon_table_get (CtAnonTable *t,
                   guint        row,
                   guint        col)
{
  return t->value[cell (t, row, col)];
}

guint
ct_anon_table_get_basis (CtAnonTable *t,
                         guint        row,
                         guint        col)
{
  return t->basis[cell (t, row, col)];
}

gboolean
ct_anon_table_is_suppressed (CtAnonTable *t,
                             guint        row,
                             guint        col)
{
  return t->suppressed[cell (t, row, col)];
}

guint
ct_anon_table_get_n_primary (CtAnonTable *t)
{
  return t->n_primary;
}

guint
ct_anon_table_get_n_secondary (CtAnonTable *t)
{
  return t->n_secondary;
}
