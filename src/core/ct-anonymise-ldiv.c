/* ct-anonymise-ldiv.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Distinct l-diversity for the evaluator export's microdata
 * (docs/export.md): over the classes of every combination of
 * quasi-identifier columns that k-anonymity (ct-anonymise.c) left, a class
 * whose sensitive values are all one value loses them. Works on plain
 * numbers only; nothing here touches a session. */

#define G_LOG_DOMAIN "ct-anonymise"

#include "config.h"

#include <string.h>

#include "ct-anonymise-private.h"
#include "ct-anonymise.h"

typedef struct
{
  const CtAnonColumn   *cols;
  const CtAnonMdResult *r;
  guint                 n_values;
  const int * const    *values;
  guint8 * const       *suppress;
  AnonClasses           classes;
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
      _ct_anon_classes_count (&d->classes, d->cols, d->r, combo, width);
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
    d.width += !_ct_anon_md_at_top (cols, result, c);
  d.width = MIN (d.width, max_width);
  d.active = g_new (gboolean, MAX (n_values, 1));
  d.touched = g_new0 (gboolean, MAX (n_values, 1));
  for (guint v = 0; v < n_values; v++)
    d.active[v] = TRUE;
  if (d.width == 0)
    d.n_combos = 1;
  else
    _ct_anon_for_each_combo (cols, result, max_width, count_combo, &d);
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
        _ct_anon_for_each_combo (cols, result, max_width, diversity_combo, &d);
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
  _ct_anon_classes_clear (&d.classes);
  for (guint v = 0; v < n_values; v++)
    for (guint i = 0; i < result->n_rows; i++)
      after += suppress[v][i];
  return after - before;
}
