/* ct-anonymise.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Statistical disclosure control for the evaluator export (docs/export.md):
 * coarsening; k-anonymity over every combination of up to three
 * quasi-identifier columns by generalisation hierarchies and then local
 * suppression. Distinct l-diversity over the same classes is in
 * ct-anonymise-ldiv.c, the tables' suppression and perturbation in
 * ct-anonymise-table.c. Works on plain numbers only; nothing here touches
 * a session. */

#define G_LOG_DOMAIN "ct-anonymise"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "ct-anonymise-private.h"
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

void
_ct_anon_classes_clear (AnonClasses *cl)
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
classes_invalidate (AnonClasses *cl)
{
  cl->code_fresh = FALSE;
  cl->pair[0] = G_MAXUINT;
}

static void
classes_make_codes (AnonClasses          *cl,
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
classes_suppressed (AnonClasses          *cl,
                    const CtAnonColumn   *cols,
                    const CtAnonMdResult *r,
                    guint                 c,
                    guint                 i)
{
  if (cl->code_fresh)
    cl->code[(gsize) c * r->n_rows + i] = (guint16) cols[c].n_codes[r->level[c]];
  cl->pair[0] = G_MAXUINT;
}

void
_ct_anon_classes_count (AnonClasses          *cl,
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
classes_size (const AnonClasses *cl,
              guint          i)
{
  if (cl->sparse != NULL)
    return GPOINTER_TO_UINT (g_hash_table_lookup (cl->sparse, &cl->keys[i]));
  return cl->count[cl->keys[i]];
}

void
_ct_anon_for_each_combo (const CtAnonColumn   *cols,
                         const CtAnonMdResult *r,
                         guint                 max_width,
                         AnonComboFunc         fn,
                         gpointer              user_data)
{
  g_autofree guint *live = g_new (guint, MAX (r->n_cols, 1));
  guint n = 0, combo[3];

  for (guint c = 0; c < r->n_cols; c++)
    if (!_ct_anon_md_at_top (cols, r, c))
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
  AnonClasses         classes;
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

  _ct_anon_classes_count (&p->classes, p->cols, p->r, combo, width);
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
  _ct_anon_for_each_combo (p->cols, p->r, max_width, score_combo, p);
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

  _ct_anon_classes_count (&p->classes, p->cols, r, combo, width);
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
 * all (more than one level), in the order _ct_anon_for_each_combo() visits them. */
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
    if (_ct_anon_md_at_top (p->cols, p->r, combo->col[w]))
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

  _ct_anon_classes_count (&p->classes, p->cols, p->r, combo->col, combo->width);
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
  _ct_anon_classes_clear (&p->classes);
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
  _ct_anon_classes_clear (&p.classes);
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
        if (!_ct_anon_md_at_top (cols, result, c)
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
            if (!_ct_anon_md_at_top (cols, result, best))
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
