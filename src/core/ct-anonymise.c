/* ct-anonymise.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Statistical disclosure control for the evaluator export (docs/export.md):
 * coarsening; k-anonymity over every combination of up to three
 * quasi-identifier columns by generalisation hierarchies and then local
 * suppression; distinct l-diversity over the same classes; and in tables
 * threshold, secondary and dominance suppression with cell-key
 * perturbation. Works on plain numbers only; nothing here touches a
 * session. */

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

/* ---- k-anonymity over every combination of columns ------------------------ */

/* The code of row @i in column @c as the result stands: its level's code,
 * or the level's suppressed code. */
static inline guint
md_code (const CtAnonColumn   *cols,
         const CtAnonMdResult *r,
         guint                 c,
         guint                 i)
{
  guint level = r->level[c];

  if (r->suppressed[(gsize) i * r->n_cols + c])
    return cols[c].n_codes[level];
  return cols[c].codes[(gsize) level * r->n_rows + i];
}

static inline gboolean
md_at_top (const CtAnonColumn   *cols,
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
} Classes;

#define DENSE_MAX (1u << 20)

static void
classes_clear (Classes *cl)
{
  g_free (cl->count);
  g_free (cl->keys);
  g_free (cl->code);
  g_free (cl->pair_keys);
  g_clear_pointer (&cl->sparse, g_hash_table_unref);
}

/* The codes are stale (a level changed): they are made again when next
 * counted. */
static void
classes_invalidate (Classes *cl)
{
  cl->code_fresh = FALSE;
  cl->pair[0] = G_MAXUINT;
}

static void
classes_make_codes (Classes              *cl,
                    const CtAnonColumn   *cols,
                    const CtAnonMdResult *r)
{
  if (cl->code == NULL)
    {
      cl->code = g_new (guint16, (gsize) MAX (r->n_cols, 1) * MAX (r->n_rows, 1));
      cl->pair_keys = g_new (guint64, MAX (r->n_rows, 1));
    }
  for (guint c = 0; c < r->n_cols; c++)
    for (guint i = 0; i < r->n_rows; i++)
      cl->code[(gsize) c * r->n_rows + i] = (guint16) md_code (cols, r, c, i);
  cl->code_fresh = TRUE;
  cl->pair[0] = G_MAXUINT;
}

/* Row @i's cell of column @c has just been suppressed. */
static void
classes_suppressed (Classes              *cl,
                    const CtAnonColumn   *cols,
                    const CtAnonMdResult *r,
                    guint                 c,
                    guint                 i)
{
  if (cl->code_fresh)
    cl->code[(gsize) c * r->n_rows + i] = (guint16) cols[c].n_codes[r->level[c]];
  cl->pair[0] = G_MAXUINT;
}

static void
classes_count (Classes              *cl,
               const CtAnonColumn   *cols,
               const CtAnonMdResult *r,
               const guint          *combo,
               guint                 width)
{
  guint64 radix = 1, base[3];
  const guint16 *code[3];

  if (cl->keys == NULL)
    cl->keys = g_new (guint64, MAX (r->n_rows, 1));
  if (!cl->code_fresh)
    classes_make_codes (cl, cols, r);
  for (guint w = 0; w < width; w++)
    {
      base[w] = (guint64) cols[combo[w]].n_codes[r->level[combo[w]]] + 1;
      code[w] = cl->code + (gsize) combo[w] * r->n_rows;
      radix *= base[w];
    }
  if (width == 3 && cl->pair[0] == combo[0] && cl->pair[1] == combo[1])
    for (guint i = 0; i < r->n_rows; i++)
      cl->keys[i] = cl->pair_keys[i] * base[2] + code[2][i];
  else if (width == 3)
    for (guint i = 0; i < r->n_rows; i++)
      cl->keys[i] = ((guint64) code[0][i] * base[1] + code[1][i]) * base[2] + code[2][i];
  else if (width == 2)
    {
      for (guint i = 0; i < r->n_rows; i++)
        cl->keys[i] = (guint64) code[0][i] * base[1] + code[1][i];
      memcpy (cl->pair_keys, cl->keys, sizeof (guint64) * r->n_rows);
      cl->pair[0] = combo[0];
      cl->pair[1] = combo[1];
    }
  else
    for (guint i = 0; i < r->n_rows; i++)
      {
        guint64 key = 0;

        for (guint w = 0; w < width; w++)
          key = key * base[w] + code[w][i];
        cl->keys[i] = key;
      }
  g_clear_pointer (&cl->sparse, g_hash_table_unref);
  cl->radix = radix;
  if (radix <= DENSE_MAX)
    {
      if (cl->n_keys < radix)
        {
          g_free (cl->count);
          cl->count = g_new (guint, DENSE_MAX);
          cl->n_keys = DENSE_MAX;
        }
      /* Only the keys of the rows are cleared when there are fewer rows
       * than keys: a wide combination has up to DENSE_MAX keys, and
       * clearing them all for each combination would cost more than the
       * rows do. */
      if (radix > r->n_rows)
        for (guint i = 0; i < r->n_rows; i++)
          cl->count[cl->keys[i]] = 0;
      else
        memset (cl->count, 0, sizeof (guint) * radix);
      for (guint i = 0; i < r->n_rows; i++)
        cl->count[cl->keys[i]]++;
      return;
    }
  cl->sparse = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, NULL);
  for (guint i = 0; i < r->n_rows; i++)
    {
      gpointer n = g_hash_table_lookup (cl->sparse, &cl->keys[i]);

      g_hash_table_insert (cl->sparse, &cl->keys[i], GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
    }
}

static inline guint
classes_size (const Classes *cl,
              guint          i)
{
  if (cl->sparse != NULL)
    return GPOINTER_TO_UINT (g_hash_table_lookup (cl->sparse, &cl->keys[i]));
  return cl->count[cl->keys[i]];
}

/* Calls @fn for every combination of 1 to @max_width columns that are not
 * at their top level (a column at its top level has one code and cannot
 * split a class). */
typedef void (*ComboFunc) (const guint *combo,
                           guint        width,
                           gpointer     user_data);

static void
for_each_combo (const CtAnonColumn   *cols,
                const CtAnonMdResult *r,
                guint                 max_width,
                ComboFunc             fn,
                gpointer              user_data)
{
  g_autofree guint *live = g_new (guint, MAX (r->n_cols, 1));
  guint n = 0, combo[3];

  for (guint c = 0; c < r->n_cols; c++)
    if (!md_at_top (cols, r, c))
      live[n++] = c;
  for (guint a = 0; a < n; a++)
    {
      combo[0] = live[a];
      fn (combo, 1, user_data);
      for (guint b = a + 1; max_width >= 2 && b < n; b++)
        {
          combo[1] = live[b];
          fn (combo, 2, user_data);
          for (guint c = b + 1; max_width >= 3 && c < n; c++)
            {
              combo[2] = live[c];
              fn (combo, 3, user_data);
            }
        }
    }
}

/* A combination of columns, as the anonymiser last counted it. */
typedef struct
{
  guint    col[3];
  guint    width;
  gboolean counted;  /* its rows under k are in Pass.under */
  guint    n_under;  /* rows in a class under k */
  guint64  clean;    /* suppression: the sum of its columns' versions when
                      * it needed nothing; G_MAXUINT64 when unknown */
} Combo;

typedef struct
{
  const CtAnonColumn *cols;
  CtAnonMdResult     *r;
  guint               k;
  Classes             classes;
  guint8             *violating;  /* per row */
  double             *score;      /* per column */
  guint               smallest;
  gboolean            changed;
  /* Incremental counting (ct_anon_md_anonymise()): */
  Combo              *combos;
  guint               n_combos;
  guint64            *under;      /* per combination, a bit per row in a class under k */
  gsize               n_words;    /* per combination in @under */
  guint              *n_under;    /* per row: combinations where it is in a class under k */
  guint               n_rows_under;
  guint64            *version;    /* per column: cells suppressed in it so far */
} Pass;

/* Generalisation pass: which rows are in a class under k, and how often
 * each column takes part in such a class. */
static void
score_combo (const guint *combo,
             guint        width,
             gpointer     user_data)
{
  Pass *p = user_data;

  classes_count (&p->classes, p->cols, p->r, combo, width);
  for (guint i = 0; i < p->r->n_rows; i++)
    {
      guint size = classes_size (&p->classes, i);

      p->smallest = MIN (p->smallest, size);
      if (size >= p->k)
        continue;
      p->violating[i] = TRUE;
      for (guint w = 0; w < width; w++)
        p->score[combo[w]] += 1.0;
    }
}

static guint
score_all (Pass  *p,
           guint  max_width)
{
  guint n = 0;

  memset (p->violating, 0, MAX (p->r->n_rows, 1));
  memset (p->score, 0, sizeof (double) * MAX (p->r->n_cols, 1));
  classes_invalidate (&p->classes);
  p->smallest = G_MAXUINT;
  for_each_combo (p->cols, p->r, max_width, score_combo, p);
  for (guint i = 0; i < p->r->n_rows; i++)
    n += p->violating[i];
  return n;
}

/* The column a row gives up first in @combo: the lowest weight, then the
 * lowest level of detail left; G_MAXUINT when every one is suppressed. */
static guint
pick_cell (const CtAnonColumn   *cols,
           const CtAnonMdResult *r,
           const guint          *combo,
           guint                 width,
           guint                 i)
{
  guint best = G_MAXUINT;

  for (guint w = 0; w < width; w++)
    {
      guint c = combo[w];

      if (r->suppressed[(gsize) i * r->n_cols + c])
        continue;
      if (best == G_MAXUINT || cols[c].weight < cols[best].weight)
        best = c;
    }
  return best;
}

/* Local suppression: a row in a class under k loses one cell of the
 * combination. A class that is wholly suppressed already and still under k
 * takes other rows in (they lose the same cells), so no class of
 * suppressed cells is small either. */
static void
suppress_combo (const guint *combo,
                guint        width,
                gpointer     user_data)
{
  Pass *p = user_data;
  CtAnonMdResult *r = p->r;
  guint short_of = 0;

  classes_count (&p->classes, p->cols, r, combo, width);
  for (guint i = 0; i < r->n_rows; i++)
    {
      guint c;

      if (classes_size (&p->classes, i) >= p->k)
        continue;
      c = pick_cell (p->cols, r, combo, width, i);
      if (c == G_MAXUINT)
        {
          short_of = p->k - classes_size (&p->classes, i);
          continue;
        }
      r->suppressed[(gsize) i * r->n_cols + c] = TRUE;
      r->n_cells_suppressed++;
      p->version[c]++;
      classes_suppressed (&p->classes, p->cols, r, c, i);
      p->changed = TRUE;
    }
  /* From the last rows back: rows that still have a cell of the combination. */
  for (guint i = r->n_rows; short_of > 0 && i-- > 0;)
    for (guint w = 0; w < width; w++)
      if (!r->suppressed[(gsize) i * r->n_cols + combo[w]])
        {
          for (guint v = 0; v < width; v++)
            if (!r->suppressed[(gsize) i * r->n_cols + combo[v]])
              {
                r->suppressed[(gsize) i * r->n_cols + combo[v]] = TRUE;
                r->n_cells_suppressed++;
                p->version[combo[v]]++;
                classes_suppressed (&p->classes, p->cols, r, combo[v], i);
              }
          short_of--;
          p->changed = TRUE;
          break;
        }
}

/* Every combination of 1 to @max_width columns that can split a class at
 * all (more than one level), in the order for_each_combo() visits them. */
static void
make_combos (Pass  *p,
             guint  max_width)
{
  const CtAnonMdResult *r = p->r;
  g_autofree guint *cols = g_new (guint, MAX (r->n_cols, 1));
  GArray *combos = g_array_new (FALSE, TRUE, sizeof (Combo));
  guint n = 0;

  for (guint c = 0; c < r->n_cols; c++)
    if (p->cols[c].n_levels > 1)
      cols[n++] = c;
  for (guint a = 0; a < n; a++)
    {
      Combo one = { { cols[a] }, 1, FALSE, 0, G_MAXUINT64 };

      g_array_append_val (combos, one);
      for (guint b = a + 1; max_width >= 2 && b < n; b++)
        {
          Combo two = { { cols[a], cols[b] }, 2, FALSE, 0, G_MAXUINT64 };

          g_array_append_val (combos, two);
          for (guint c = b + 1; max_width >= 3 && c < n; c++)
            {
              Combo three = { { cols[a], cols[b], cols[c] }, 3, FALSE, 0, G_MAXUINT64 };

              g_array_append_val (combos, three);
            }
        }
    }
  p->n_combos = combos->len;
  p->combos = (Combo *) (gpointer) g_array_free (combos, FALSE);
  p->n_words = (r->n_rows + 63) / 64;
  p->under = g_new0 (guint64, MAX (p->n_words * p->n_combos, 1));
  p->n_under = g_new0 (guint, MAX (r->n_rows, 1));
  p->version = g_new0 (guint64, MAX (r->n_cols, 1));
}

static gboolean
combo_live (const Pass  *p,
            const Combo *combo)
{
  for (guint w = 0; w < combo->width; w++)
    if (md_at_top (p->cols, p->r, combo->col[w]))
      return FALSE;
  return TRUE;
}

static gboolean
combo_has (const Combo *combo,
           guint        col)
{
  for (guint w = 0; w < combo->width; w++)
    if (combo->col[w] == col)
      return TRUE;
  return FALSE;
}

/* Takes combination @j's rows under k out of the counts. */
static void
combo_uncount (Pass  *p,
               guint  j)
{
  Combo *combo = &p->combos[j];
  guint64 *bits = p->under + (gsize) j * p->n_words;

  if (!combo->counted)
    return;
  for (gsize w = 0; w < p->n_words; w++)
    for (guint64 word = bits[w]; word != 0; word &= word - 1)
      {
        guint i = (guint) (w * 64 + (guint) __builtin_ctzll (word));

        if (--p->n_under[i] == 0)
          p->n_rows_under--;
      }
  memset (bits, 0, sizeof (guint64) * p->n_words);
  for (guint w = 0; w < combo->width; w++)
    p->score[combo->col[w]] -= combo->n_under;
  combo->n_under = 0;
  combo->counted = FALSE;
}

/* Counts the classes of combination @j as the result stands, and adds its
 * rows under k to the counts: which rows are in a class under k for some
 * combination, and how often each column takes part in such a class. */
static void
combo_count (Pass  *p,
             guint  j)
{
  Combo *combo = &p->combos[j];
  guint64 *bits = p->under + (gsize) j * p->n_words;

  classes_count (&p->classes, p->cols, p->r, combo->col, combo->width);
  for (guint i = 0; i < p->r->n_rows; i++)
    if (classes_size (&p->classes, i) < p->k)
      {
        bits[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
        if (p->n_under[i]++ == 0)
          p->n_rows_under++;
        combo->n_under++;
      }
  for (guint w = 0; w < combo->width; w++)
    p->score[combo->col[w]] += combo->n_under;
  combo->counted = TRUE;
}

static guint64
combo_version (const Pass  *p,
               const Combo *combo)
{
  guint64 sum = 0;

  for (guint w = 0; w < combo->width; w++)
    sum += p->version[combo->col[w]];
  return sum;
}

static void
pass_clear (Pass *p)
{
  classes_clear (&p->classes);
  g_free (p->violating);
  g_free (p->score);
  g_free (p->combos);
  g_free (p->under);
  g_free (p->n_under);
  g_free (p->version);
}

void
ct_anon_md_result_clear (CtAnonMdResult *result)
{
  g_clear_pointer (&result->level, g_free);
  g_clear_pointer (&result->suppressed, g_free);
  memset (result, 0, sizeof *result);
}

/**
 * ct_anon_md_code:
 *
 * Returns: the code row @row shows in column @col: its code at the column's
 *   level, or n_codes[level] when the cell is suppressed
 */
guint
ct_anon_md_code (const CtAnonColumn   *cols,
                 const CtAnonMdResult *result,
                 guint                 col,
                 guint                 row)
{
  return md_code (cols, result, col, row);
}

/**
 * ct_anon_md_smallest_class:
 * @max_width: combinations of 1 to this many columns
 *
 * Returns: the size of the smallest class over every combination of up
 *   to @max_width columns, as @result stands; the row count when no
 *   column splits the rows, 0 without rows
 */
guint
ct_anon_md_smallest_class (const CtAnonColumn   *cols,
                           const CtAnonMdResult *result,
                           guint                 max_width)
{
  Pass p = { cols, (CtAnonMdResult *) result, G_MAXUINT };

  if (result->n_rows == 0)
    return 0;
  p.violating = g_new0 (guint8, result->n_rows);
  p.score = g_new0 (double, MAX (result->n_cols, 1));
  score_all (&p, max_width);
  classes_clear (&p.classes);
  g_free (p.violating);
  g_free (p.score);
  return MIN (p.smallest, result->n_rows);
}

/**
 * ct_anon_md_anonymise:
 * @cols: (array length=n_cols): the quasi-identifier columns with their
 *   generalisation hierarchies
 * @k: every class of every combination of up to @max_width columns holds
 *   at least @k rows
 * @max_share: how many rows may be in a class under k before the next
 *   generalisation is taken rather than suppressing cells
 *
 * Global recoding first: while more than @max_share of the rows are in a
 * class under k for some combination, the column that takes part in most
 * such classes, relative to its weight, goes one level up its hierarchy.
 * Then local suppression of single cells until no class is under k. A
 * suppressed cell counts as a value of its own ("x"), which is the safe
 * reading: who knows a person's real value cannot tell which "x" is theirs,
 * and the "x" rows of a combination are themselves at least k.
 *
 * With fewer than @k rows nothing can be made safe: every column goes to
 * its top level and k_reached is the row count; the caller leaves the
 * rows out.
 */
void
ct_anon_md_anonymise (const CtAnonColumn *cols,
                      guint               n_cols,
                      guint               n_rows,
                      guint               k,
                      guint               max_width,
                      double              max_share,
                      CtAnonMdResult     *result)
{
  Pass p = { cols, result, MAX (k, 1) };

  memset (result, 0, sizeof *result);
  result->n_cols = n_cols;
  result->n_rows = n_rows;
  result->level = g_new0 (guint, MAX (n_cols, 1));
  result->suppressed = g_new0 (guint8, (gsize) MAX (n_rows, 1) * MAX (n_cols, 1));
  p.score = g_new0 (double, MAX (n_cols, 1));
  make_combos (&p, max_width);

  if (n_rows < p.k)
    for (guint c = 0; c < n_cols; c++)
      result->level[c] = cols[c].n_levels - 1;

  /* Generalisation. Only the combinations with the column that went up
   * are counted again: the others' classes did not change. */
  for (guint j = 0; n_rows >= p.k && j < p.n_combos; j++)
    combo_count (&p, j);
  while (n_rows >= p.k && p.n_rows_under > max_share * n_rows)
    {
      guint best = G_MAXUINT;

      for (guint c = 0; c < n_cols; c++)
        if (!md_at_top (cols, result, c)
            && (best == G_MAXUINT
                || p.score[c] / cols[c].weight > p.score[best] / cols[best].weight))
          best = c;
      if (best == G_MAXUINT)
        break;
      result->level[best]++;
      classes_invalidate (&p.classes);
      for (guint j = 0; j < p.n_combos; j++)
        if (combo_has (&p.combos[j], best))
          {
            combo_uncount (&p, j);
            if (!md_at_top (cols, result, best))
              combo_count (&p, j);
          }
    }

  /* Local suppression, pass after pass until one changes nothing. A
   * combination is done again only when a cell of one of its columns was
   * suppressed since it last needed nothing (each column's version counts
   * its suppressed cells): with the same cells it would change nothing
   * again. One that was counted with no class under k needs nothing. */
  for (guint j = 0; j < p.n_combos; j++)
    if (p.combos[j].counted && p.combos[j].n_under == 0)
      p.combos[j].clean = 0;
  classes_invalidate (&p.classes);
  do
    {
      p.changed = FALSE;
      for (guint j = 0; n_rows >= p.k && j < p.n_combos; j++)
        {
          Combo *combo = &p.combos[j];
          guint64 version = combo_version (&p, combo);
          gboolean changed = p.changed;

          if (!combo_live (&p, combo) || combo->clean == version)
            continue;
          p.changed = FALSE;
          suppress_combo (combo->col, combo->width, &p);
          combo->clean = p.changed ? G_MAXUINT64 : version;
          p.changed |= changed;
        }
    }
  while (p.changed);

  pass_clear (&p);
  result->k_reached = ct_anon_md_smallest_class (cols, result, max_width);
  for (guint c = 0; c < n_cols; c++)
    if (cols[c].n_levels > 1)
      result->generalisation_loss += (double) result->level[c] / (cols[c].n_levels - 1) / n_cols;
}

/* ---- l-diversity ----------------------------------------------------------- */

typedef struct
{
  const CtAnonColumn   *cols;
  const CtAnonMdResult *r;
  guint                 n_values;
  const int * const    *values;
  guint8 * const       *suppress;
  Classes               classes;
  guint                *class_of; /* per row: its class in the current combination */
  guint                 n_classes;
  guint                *slot;     /* per dense key: class + 1; 0 between combinations */
  GHashTable           *sparse;   /* the same for keys that do not fit */
  guint                *first;    /* per class: first real value + 1, MIXED: mixed */
  guint                 width;    /* only combinations of this many columns are checked */
  gboolean             *active;   /* per sensitive column: checked in this pass */
  gboolean             *touched;  /* per sensitive column: suppressed in this pass */
  gboolean              changed;
  /* What is kept between passes, for the combinations of the width checked: */
  guint                 combo;    /* the combination being checked, counted from 0 each pass */
  guint                 n_combos;
  guint16             **cache;    /* per combination: class_of, when it fits (else %NULL) */
  guint                *cache_n_classes;
  gsize                 cache_left; /* bytes the cache may still take */
  guint64              *version;  /* per sensitive column: checks that hid some of it */
  guint64              *clean;    /* per combination and column: the version it last changed
                                   * nothing at; G_MAXUINT64 when unknown */
  guint                 group;    /* columns hidden together */
  gboolean             *sibling_touched; /* per column: hidden with another of its group */
  guint               **live_row; /* per column: the rows with a real value */
  guint               **live_band;
  guint                *n_live;
  guint64              *live_version;
} Diversity;

/* The class numbers of every combination are kept in 16 bits while they
 * fit in this much memory (some 800 combinations of 7 000 rows take 11 MB):
 * the classes do not change between passes, only the values hidden. */
#define DIVERSITY_CACHE_BYTES ((gsize) 16 << 20)

#define MIXED G_MAXUINT

/* The classes of the current combination numbered 0 to n_classes - 1, so
 * each sensitive column is checked against an array as small as the
 * classes rather than the keys, which can be many more. */
static void
diversity_number (Diversity *d)
{
  const CtAnonMdResult *r = d->r;

  d->n_classes = 0;
  if (d->classes.sparse != NULL)
    {
      g_hash_table_remove_all (d->sparse);
      for (guint i = 0; i < r->n_rows; i++)
        {
          guint id = GPOINTER_TO_UINT (g_hash_table_lookup (d->sparse, &d->classes.keys[i]));

          if (id == 0)
            g_hash_table_insert (d->sparse, &d->classes.keys[i],
                                 GUINT_TO_POINTER (id = ++d->n_classes));
          d->class_of[i] = id - 1;
        }
      return;
    }
  for (guint i = 0; i < r->n_rows; i++)
    {
      guint *id = &d->slot[d->classes.keys[i]];

      if (*id == 0)
        *id = ++d->n_classes;
      d->class_of[i] = *id - 1;
    }
  for (guint i = 0; i < r->n_rows; i++)
    d->slot[d->classes.keys[i]] = 0;
}

/* Column @v's real values (not missing, not hidden) as a list of rows and
 * bands, made again only after some of them were hidden. */
static void
diversity_live (Diversity *d,
                guint      v)
{
  const int *values = d->values[v];
  const guint8 *suppress = d->suppress[v];
  guint n = 0;

  if (d->live_version[v] == d->version[v])
    return;
  for (guint i = 0; i < d->r->n_rows; i++)
    if (values[i] >= 0 && !suppress[i])
      {
        d->live_row[v][n] = i;
        d->live_band[v][n++] = (guint) values[i] + 1;
      }
  d->n_live[v] = n;
  d->live_version[v] = d->version[v];
}

/* One sensitive column over the classes of the current combination: the
 * real values of a class that are all one value are hidden, with the
 * row's values in the other columns of its group. */
static gboolean
diversity_values (Diversity *d,
                  guint      v)
{
  guint8 *suppress = d->suppress[v];
  const guint *row, *band;
  guint n, group = v - v % d->group;
  gboolean touched = FALSE;

  diversity_live (d, v);
  row = d->live_row[v];
  band = d->live_band[v];
  n = d->n_live[v];
  memset (d->first, 0, sizeof (guint) * d->n_classes);
  for (guint j = 0; j < n; j++)
    {
      guint *seen = &d->first[d->class_of[row[j]]];

      *seen = *seen == 0 || *seen == band[j] ? band[j] : MIXED;
    }
  for (guint j = 0; j < n; j++)
    if (d->first[d->class_of[row[j]]] != MIXED)
      {
        suppress[row[j]] = TRUE;
        touched = TRUE;
        for (guint u = group; u < group + d->group; u++)
          if (u != v && !d->suppress[u][row[j]])
            {
              d->suppress[u][row[j]] = TRUE;
              d->sibling_touched[u] = TRUE;
            }
      }
  return touched;
}

/* The classes of a combination are counted once for every sensitive column
 * that needs it, and kept for the next pass when they fit. A column is
 * checked again in a combination only after some of its values were
 * hidden since that combination last found nothing to hide in it: the
 * classes are the same, so would the result be. */
static void
diversity_combo (const guint *combo,
                 guint        width,
                 gpointer     user_data)
{
  Diversity *d = user_data;
  guint j, n_rows = d->r->n_rows;
  gboolean needed = FALSE;

  if (width != d->width)
    return;
  j = d->combo++;
  for (guint v = 0; v < d->n_values; v++)
    needed |= d->active[v] && d->clean[(gsize) j * d->n_values + v] != d->version[v];
  if (!needed)
    return;
  if (width > 0 && d->cache[j] != NULL)
    {
      for (guint i = 0; i < n_rows; i++)
        d->class_of[i] = d->cache[j][i];
      d->n_classes = d->cache_n_classes[j];
    }
  else if (width > 0)
    {
      classes_count (&d->classes, d->cols, d->r, combo, width);
      diversity_number (d);
      if (d->n_classes <= G_MAXUINT16 + 1u && d->cache_left >= sizeof (guint16) * n_rows)
        {
          d->cache[j] = g_new (guint16, MAX (n_rows, 1));
          for (guint i = 0; i < n_rows; i++)
            d->cache[j][i] = (guint16) d->class_of[i];
          d->cache_n_classes[j] = d->n_classes;
          d->cache_left -= sizeof (guint16) * n_rows;
        }
    }
  else
    {
      memset (d->class_of, 0, sizeof (guint) * MAX (n_rows, 1));
      d->n_classes = 1;
    }
  for (guint v = 0; v < d->n_values; v++)
    {
      guint64 *clean = &d->clean[(gsize) j * d->n_values + v];

      if (!d->active[v] || *clean == d->version[v])
        continue;
      if (diversity_values (d, v))
        {
          d->touched[v] = d->changed = TRUE;
          d->version[v]++;
        }
      else
        *clean = d->version[v];
      /* Values hidden with another column of their group change this
       * column's classes too. */
      for (guint u = 0; u < d->n_values; u++)
        if (d->sibling_touched[u])
          {
            d->sibling_touched[u] = FALSE;
            d->touched[u] = d->changed = TRUE;
            d->version[u]++;
          }
    }
}

static void
count_combo (const guint *combo,
             guint        width,
             gpointer     user_data)
{
  Diversity *d = user_data;

  d->n_combos += width == d->width;
}

/**
 * ct_anon_md_l_diversity:
 * @n_values: how many sensitive columns
 * @group: the columns go in groups of this many (a divisor of @n_values)
 *   that are hidden together: a row's value hidden in one column of a
 *   group is hidden in the others too (intake, latest and change of a
 *   score, any two of which give the third); 1 for none
 * @values: (array length=n_values): per column, per row, the sensitive
 *   value (a band), or -1 when there is none
 * @suppress: (array length=n_values) (inout): per column, per row, 1 when
 *   the value is (or must be) suppressed
 *
 * Distinct 2-diversity over every class of every combination of up to
 * @max_width columns, and over all rows: a class whose real values (not
 * missing, not suppressed) are all one value would tell that value to
 * whoever knows someone is in the class, so those values are suppressed.
 * Suppressing can leave another class with one value; it repeats until no
 * class does. Hiding only ever adds to what is hidden, and a class with
 * one value keeps one value or none as more is hidden, so what is hidden
 * in the end does not depend on the order of the checks.
 *
 * Returns: the number of values suppressed here
 */
guint
ct_anon_md_l_diversity (const CtAnonColumn   *cols,
                        const CtAnonMdResult *result,
                        guint                 max_width,
                        guint                 n_values,
                        guint                 group,
                        const int * const    *values,
                        guint8 * const       *suppress)
{
  Diversity d = { cols, result, n_values, values, suppress };
  guint before = 0, after = 0;

  g_return_val_if_fail (group > 0 && n_values % group == 0, 0);

  d.group = group;
  d.sibling_touched = g_new0 (gboolean, MAX (n_values, 1));
  d.live_row = g_new0 (guint *, MAX (n_values, 1));
  d.live_band = g_new0 (guint *, MAX (n_values, 1));
  d.n_live = g_new0 (guint, MAX (n_values, 1));
  d.live_version = g_new (guint64, MAX (n_values, 1));
  for (guint v = 0; v < n_values; v++)
    {
      d.live_row[v] = g_new (guint, MAX (result->n_rows, 1));
      d.live_band[v] = g_new (guint, MAX (result->n_rows, 1));
      d.live_version[v] = G_MAXUINT64;
    }

  for (guint v = 0; v < n_values; v++)
    for (guint i = 0; i < result->n_rows; i++)
      before += suppress[v][i];
  d.class_of = g_new0 (guint, MAX (result->n_rows, 1));
  d.first = g_new0 (guint, MAX (result->n_rows, 1));
  d.slot = g_new0 (guint, DENSE_MAX);
  d.sparse = g_hash_table_new (g_int64_hash, g_int64_equal);
  /* Only the widest combinations are checked. Suppressing only ever
   * removes values, so the cells hidden in the end do not depend on the
   * order the classes are checked in; once no class of the widest
   * combinations holds one value only, no class of a narrower one does
   * either: it is a union of classes of a wider combination that contains
   * it, each with two values or none. Likewise a sensitive column is
   * checked again only after a pass hid some of its values: the columns
   * do not depend on each other. */
  for (guint c = 0; c < result->n_cols; c++)
    d.width += !md_at_top (cols, result, c);
  d.width = MIN (d.width, max_width);
  d.active = g_new (gboolean, MAX (n_values, 1));
  d.touched = g_new0 (gboolean, MAX (n_values, 1));
  for (guint v = 0; v < n_values; v++)
    d.active[v] = TRUE;
  if (d.width == 0)
    d.n_combos = 1;
  else
    for_each_combo (cols, result, max_width, count_combo, &d);
  d.cache = g_new0 (guint16 *, MAX (d.n_combos, 1));
  d.cache_n_classes = g_new0 (guint, MAX (d.n_combos, 1));
  d.cache_left = DIVERSITY_CACHE_BYTES;
  d.version = g_new0 (guint64, MAX (n_values, 1));
  d.clean = g_new (guint64, MAX ((gsize) d.n_combos * n_values, 1));
  for (gsize j = 0; j < (gsize) d.n_combos * n_values; j++)
    d.clean[j] = G_MAXUINT64;
  do
    {
      d.changed = FALSE;
      d.combo = 0;
      if (d.width == 0)
        diversity_combo (NULL, 0, &d);
      else
        for_each_combo (cols, result, max_width, diversity_combo, &d);
      memcpy (d.active, d.touched, sizeof (gboolean) * MAX (n_values, 1));
      memset (d.touched, 0, sizeof (gboolean) * MAX (n_values, 1));
    }
  while (d.changed);
  for (guint j = 0; j < d.n_combos; j++)
    g_free (d.cache[j]);
  g_free (d.cache);
  g_free (d.cache_n_classes);
  for (guint v = 0; v < n_values; v++)
    {
      g_free (d.live_row[v]);
      g_free (d.live_band[v]);
    }
  g_free (d.live_row);
  g_free (d.live_band);
  g_free (d.n_live);
  g_free (d.live_version);
  g_free (d.sibling_touched);
  g_free (d.version);
  g_free (d.clean);
  g_free (d.active);
  g_free (d.touched);
  g_free (d.first);
  g_free (d.class_of);
  g_free (d.slot);
  g_hash_table_unref (d.sparse);
  classes_clear (&d.classes);
  for (guint v = 0; v < n_values; v++)
    for (guint i = 0; i < result->n_rows; i++)
      after += suppress[v][i];
  return after - before;
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
