/* ct-anonymise.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Statistical disclosure control for the evaluator export (DESIGN §6):
 * coarsening, k-anonymity by global generalisation then suppression of the
 * quasi-identifiers of the rows left over, a light l-diversity on the
 * sensitive attributes, and threshold plus secondary suppression in tables
 * with totals. Works on plain numbers only; nothing here touches a session. */

#define G_LOG_DOMAIN "ct-anonymise"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "ct-anonymise.h"

/* ---- coarsening --------------------------------------------------------- */

guint
ct_anon_age_band (int birth_year,
                  int birth_month,
                  int birth_day,
                  int year,
                  int month,
                  int day)
{
  int age = year - birth_year;

  if (month < birth_month || (month == birth_month && day < birth_day))
    age--;
  if (age < 0)
    return CT_AGE_UNKNOWN;
  return age <= 17 ? 0 : age <= 26 ? 1 : age <= 44 ? 2 : age <= 64 ? 3 : 4;
}

/* 0–26, 27–64, 65+ */
guint
ct_anon_age_band_merged (guint band)
{
  static const guint merged[] = { 0, 0, 1, 1, 2 };

  return band < CT_AGE_N_BANDS ? merged[band] : CT_AGE_UNKNOWN;
}

const char *
ct_anon_age_band_label (guint    band,
                        gboolean merged)
{
  static const char * const labels[] = { "0-17", "18-26", "27-44", "45-64", "65+" };
  static const char * const merged_labels[] = { "0-26", "27-64", "65+" };

  if (band >= (merged ? 3 : CT_AGE_N_BANDS))
    return "onbekend";
  return merged ? merged_labels[band] : labels[band];
}

guint
ct_anon_size_band (guint n_persons)
{
  if (n_persons == 0)
    return CT_SIZE_UNKNOWN;
  return n_persons == 1 ? 0 : n_persons == 2 ? 1 : n_persons <= 4 ? 2 : 3;
}

const char *
ct_anon_size_band_label (guint band)
{
  static const char * const labels[] = { "1", "2", "3-4", "5+" };

  return band < CT_SIZE_N_BANDS ? labels[band] : "onbekend";
}

/* Whole euros, to the nearest multiple of @step_euros (halves up). */
gint64
ct_anon_round (gint64 cents,
               gint64 step_euros)
{
  gint64 step = step_euros * 100;

  return (cents + step / 2) / step * step_euros;
}

/* ---- k-anonymity -------------------------------------------------------- */

CtAnonQi
ct_anon_generalise (const CtAnonQi *qi,
                    CtAnonLevel     level,
                    guint           n_areas)
{
  CtAnonQi out = *qi;

  if (level >= CT_ANON_LEVEL_AGE_MERGED)
    out.age = (guint8) ct_anon_age_band_merged (qi->age);
  if (level >= CT_ANON_LEVEL_NO_AREA)
    out.area = CT_ANON_AREA_ALL;
  if (level >= CT_ANON_LEVEL_NO_SEX)
    out.sex = CT_ANON_SEX_HIDDEN;
  return out;
}

#define SUPPRESSED_KEY G_MAXUINT64

static guint64
qi_key (const CtAnonQi *qi)
{
  return (guint64) qi->age << 32 | (guint64) qi->size << 24 | (guint64) qi->area << 8 | qi->sex;
}

static guint
count_key (GHashTable *sizes,
           guint64     key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (sizes, &key));
}

/* The table owns copies of the keys: callers change their arrays. */
static void
add_key (GHashTable    *sizes,
         const guint64 *key,
         int            delta)
{
  guint n = count_key (sizes, *key);

  g_hash_table_insert (sizes, g_memdup2 (key, sizeof *key), GUINT_TO_POINTER (n + delta));
}

static GHashTable *
class_sizes (const guint64 *keys,
             guint          n_rows)
{
  GHashTable *sizes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < n_rows; i++)
    add_key (sizes, &keys[i], 1);
  return sizes;
}

static guint
count_violations (const guint64 *keys,
                  guint          n_rows,
                  guint          k)
{
  g_autoptr(GHashTable) sizes = class_sizes (keys, n_rows);
  guint n = 0;

  for (guint i = 0; i < n_rows; i++)
    n += count_key (sizes, keys[i]) < k;
  return n;
}

/* The class (other than the suppressed one) that gives up rows: the
 * smallest that keeps at least k after giving @need, else the smallest. */
static guint64
pick_donor (GHashTable *sizes,
            guint       need,
            guint       k,
            gboolean   *whole)
{
  GHashTableIter iter;
  gpointer key, value;
  guint64 best = SUPPRESSED_KEY, smallest = SUPPRESSED_KEY;
  guint best_n = G_MAXUINT, smallest_n = G_MAXUINT;

  g_hash_table_iter_init (&iter, sizes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint64 kk = *(guint64 *) key;
      guint n = GPOINTER_TO_UINT (value);

      if (kk == SUPPRESSED_KEY || n == 0)
        continue;
      if (n >= need + k && (n < best_n || (n == best_n && kk < best)))
        best = kk, best_n = n;
      if (n < smallest_n || (n == smallest_n && kk < smallest))
        smallest = kk, smallest_n = n;
    }
  *whole = best == SUPPRESSED_KEY;
  return *whole ? smallest : best;
}

/* Makes the class of suppressed rows at least k large by moving rows of
 * other classes into it, without leaving a donor under k. */
static void
fill_suppressed_class (guint64 *keys,
                       guint    n_rows,
                       guint    k)
{
  g_autoptr(GHashTable) sizes = class_sizes (keys, n_rows);
  guint64 suppressed = SUPPRESSED_KEY;

  while (count_key (sizes, suppressed) > 0 && count_key (sizes, suppressed) < k)
    {
      guint need = k - count_key (sizes, suppressed);
      gboolean whole;
      guint64 donor = pick_donor (sizes, need, k, &whole);

      if (donor == SUPPRESSED_KEY)
        break;
      /* From the last rows backwards: deterministic for the same data. */
      for (guint i = n_rows; i-- > 0 && (whole || need > 0);)
        if (keys[i] == donor)
          {
            add_key (sizes, &keys[i], -1);
            keys[i] = SUPPRESSED_KEY;
            add_key (sizes, &suppressed, 1);
            need = need > 0 ? need - 1 : 0;
          }
    }
}

static void
number_classes (const guint64 *keys,
                guint          n_rows,
                CtAnonKResult *result)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree guint *sizes = g_new0 (guint, n_rows + 1);

  result->n_classes = 0;
  for (guint i = 0; i < n_rows; i++)
    {
      gpointer id;

      if (!g_hash_table_lookup_extended (ids, &keys[i], NULL, &id))
        {
          id = GUINT_TO_POINTER (result->n_classes++);
          g_hash_table_insert (ids, (gpointer) &keys[i], id);
        }
      result->class_id[i] = GPOINTER_TO_UINT (id);
      sizes[result->class_id[i]]++;
      result->row_suppressed[i] = keys[i] == SUPPRESSED_KEY;
      result->n_rows_suppressed += result->row_suppressed[i];
    }

  result->k_reached = n_rows > 0 ? G_MAXUINT : 0;
  for (guint c = 0; c < result->n_classes; c++)
    result->k_reached = MIN (result->k_reached, sizes[c]);
}

void
ct_anon_k_result_clear (CtAnonKResult *result)
{
  g_clear_pointer (&result->row_suppressed, g_free);
  g_clear_pointer (&result->class_id, g_free);
  memset (result, 0, sizeof *result);
}

/**
 * ct_anon_k_anonymise:
 * @max_suppressed_share: how many rows (as a share of all) may lose their
 *   quasi-identifiers before the next generalisation level is tried
 *
 * Global recoding (Datafly style): the lowest level of generalisation at
 * which at most @max_suppressed_share of the rows fall in a class smaller
 * than @k; those rows then have their quasi-identifiers suppressed, and
 * the class of suppressed rows is itself topped up to @k. With fewer than
 * @k rows in all, every row is suppressed and k_reached is the row count.
 */
void
ct_anon_k_anonymise (const CtAnonQi *rows,
                     guint           n_rows,
                     guint           k,
                     double          max_suppressed_share,
                     CtAnonKResult  *result)
{
  g_autofree guint64 *keys = g_new (guint64, MAX (n_rows, 1));
  CtAnonLevel level;

  memset (result, 0, sizeof *result);
  result->row_suppressed = g_new0 (guint8, MAX (n_rows, 1));
  result->class_id = g_new0 (guint, MAX (n_rows, 1));
  k = MAX (k, 1);

  for (level = CT_ANON_LEVEL_NONE; ; level++)
    {
      for (guint i = 0; i < n_rows; i++)
        {
          CtAnonQi g = ct_anon_generalise (&rows[i], level, 0);

          keys[i] = qi_key (&g);
        }
      if (level == CT_ANON_LEVEL_NO_SEX
          || count_violations (keys, n_rows, k) <= max_suppressed_share * n_rows)
        break;
    }
  result->level = level;

  {
    g_autoptr(GHashTable) sizes = class_sizes (keys, n_rows);
    g_autofree guint64 *final = g_memdup2 (keys, sizeof (guint64) * MAX (n_rows, 1));

    for (guint i = 0; i < n_rows; i++)
      if (n_rows < k || count_key (sizes, keys[i]) < k)
        final[i] = SUPPRESSED_KEY;
    fill_suppressed_class (final, n_rows, k);
    number_classes (final, n_rows, result);
  }
}

/**
 * ct_anon_l_diversity:
 * @values: per row, the sensitive value (a band), or -1 when absent
 * @suppress: (out): per row, set to 1 when the value must be suppressed
 *
 * A light l-diversity: in an equivalence class where every row has the
 * same (present) value, knowing someone is in the class would tell the
 * value; it is suppressed for the whole class.
 *
 * Returns: the number of cells suppressed
 */
guint
ct_anon_l_diversity (const CtAnonKResult *k,
                     guint                n_rows,
                     const int           *values,
                     guint8              *suppress)
{
  g_autofree int *first = g_new (int, MAX (k->n_classes, 1));
  g_autofree guint8 *mixed = g_new0 (guint8, MAX (k->n_classes, 1));
  guint n = 0;

  for (guint c = 0; c < k->n_classes; c++)
    first[c] = G_MININT;

  for (guint i = 0; i < n_rows; i++)
    {
      guint c = k->class_id[i];

      if (first[c] == G_MININT)
        first[c] = values[i];
      else if (first[c] != values[i])
        mixed[c] = TRUE;
    }

  for (guint i = 0; i < n_rows; i++)
    {
      guint c = k->class_id[i];

      suppress[i] = !mixed[c] && values[i] >= 0;
      n += suppress[i];
    }
  return n;
}

/* ---- tables ------------------------------------------------------------- */

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

/* Sums the values and counts the distinct units of every cell (bit 1 of
 * @mode keeps the row, bit 2 the column; dropped ones are totals). The
 * records are sorted by unit, so a unit's records are next to each other
 * and @last (one entry per cell) tells whether a cell has seen it. */
static void
accumulate (CtAnonTable *t,
            guint        mode,
            guint       *last)
{
  const Record *r = (const Record *) (gpointer) t->records->data;
  gsize n_cells = (gsize) (t->n_rows + 1) * (t->n_cols + 1);

  for (gsize c = 0; c < n_cells; c++)
    last[c] = G_MAXUINT;
  for (guint i = 0; i < t->records->len; i++)
    {
      guint row = mode & 1 ? r[i].row : t->n_rows;
      guint col = mode & 2 ? r[i].col : t->n_cols;
      gsize c = cell (t, row, col);

      t->value[c] += r[i].value;
      if (last[c] != r[i].unit)
        {
          last[c] = r[i].unit;
          t->basis[c]++;
        }
    }
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

  g_qsort_with_data (t->records->data, (gint) t->records->len, sizeof (Record), compare_units,
                     NULL);
  accumulate (t, 3, last);
  accumulate (t, 1, last);
  accumulate (t, 2, last);
  accumulate (t, 0, last);

  for (guint r = 0; r <= t->n_rows; r++)
    for (guint c = 0; c <= t->n_cols; c++)
      {
        guint basis = t->basis[cell (t, r, c)];

        if (is_shown (t, r, c) && basis > 0 && basis < threshold)
          suppress (t, r, c, &t->n_primary);
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
