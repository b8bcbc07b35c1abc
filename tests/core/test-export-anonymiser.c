/* test-export-anonymiser.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook's anonymiser on tables of its own, without a
 * team: secondary suppression, k-anonymity and l-diversity, the same
 * output for the same input, no suppressed cell recomputable by
 * differencing, and dominance (see test-export.c for the workbook on
 * demo teams). */

#include "config.h"

#include <string.h>

#include "ct-anonymise.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-export.h"

/* The table rule on random tables: no line with exactly one suppressed cell. */
static void
test_secondary_suppression (void)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 300; round++)
    {
      guint n_rows = g_rand_int_range (rand, 1, 7), n_cols = g_rand_int_range (rand, 1, 6);
      gboolean row_totals = g_rand_boolean (rand), col_totals = g_rand_boolean (rand) || !row_totals;
      g_autoptr(CtAnonTable) t = ct_anon_table_new (n_rows, n_cols, row_totals, col_totals);
      guint unit = 0;

      for (guint r = 0; r < n_rows; r++)
        for (guint c = 0; c < n_cols; c++)
          for (int n = g_rand_int_range (rand, 0, 25); n > 0; n--)
            ct_anon_table_add (t, r, c, unit++, 1);
      ct_anon_table_protect (t, 10);

      for (guint r = 0; r <= n_rows; r++)
        for (guint c = 0; c <= n_cols; c++)
          {
            guint basis = ct_anon_table_get_basis (t, r, c);
            gboolean shown = (r < n_rows || col_totals) && (c < n_cols || row_totals);

            if (shown && basis > 0 && basis < 10)
              g_assert_true (ct_anon_table_is_suppressed (t, r, c));
          }
      for (guint r = 0; row_totals && r < n_rows + (col_totals ? 1 : 0); r++)
        {
          guint n = 0;

          for (guint c = 0; c <= n_cols; c++)
            n += ct_anon_table_is_suppressed (t, r, c);
          g_assert_cmpuint (n, !=, 1);
        }
      for (guint c = 0; col_totals && c < n_cols + (row_totals ? 1 : 0); c++)
        {
          guint n = 0;

          for (guint r = 0; r <= n_rows; r++)
            n += ct_anon_table_is_suppressed (t, r, c);
          g_assert_cmpuint (n, !=, 1);
        }
    }
  g_rand_free (rand);
}

/* Brute force, independent of the anonymiser: the smallest class over
 * every combination of up to three columns, from the shown codes. */
static guint
brute_smallest (const CtAnonColumn   *cols,
                const CtAnonMdResult *r)
{
  guint smallest = r->n_rows;

  for (guint a = 0; a < r->n_cols; a++)
    for (guint b = a; b < r->n_cols; b++)
      for (guint c = b; c < r->n_cols; c++)
        {
          g_autoptr(GHashTable) sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

          for (guint i = 0; i < r->n_rows; i++)
            {
              char *key = g_strdup_printf ("%u/%u/%u", ct_anon_md_code (cols, r, a, i),
                                           ct_anon_md_code (cols, r, b, i),
                                           ct_anon_md_code (cols, r, c, i));
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (sizes, key));

              g_hash_table_insert (sizes, key, GUINT_TO_POINTER (n + 1));
            }
          for (guint i = 0; i < r->n_rows; i++)
            {
              g_autofree char *key = g_strdup_printf ("%u/%u/%u", ct_anon_md_code (cols, r, a, i),
                                                      ct_anon_md_code (cols, r, b, i),
                                                      ct_anon_md_code (cols, r, c, i));

              smallest = MIN (smallest, GPOINTER_TO_UINT (g_hash_table_lookup (sizes, key)));
            }
        }
  return smallest;
}

/* Random columns with three-level hierarchies (n codes, n / 3 codes, one). */
static CtAnonColumn *
random_columns (GRand   *rand,
                guint    n_cols,
                guint    n_rows,
                guint16 **codes_out,
                guint   **n_codes_out)
{
  CtAnonColumn *cols = g_new0 (CtAnonColumn, n_cols);
  guint16 *codes = g_new0 (guint16, (gsize) n_cols * 3 * MAX (n_rows, 1));
  guint *n_codes = g_new0 (guint, n_cols * 3);

  for (guint c = 0; c < n_cols; c++)
    {
      guint n = g_rand_int_range (rand, 2, 13);
      guint16 *col = codes + (gsize) c * 3 * MAX (n_rows, 1);

      n_codes[c * 3] = n;
      n_codes[c * 3 + 1] = (n + 2) / 3;
      n_codes[c * 3 + 2] = 1;
      for (guint i = 0; i < n_rows; i++)
        {
          col[i] = (guint16) g_rand_int_range (rand, 0, n);
          col[n_rows + i] = col[i] / 3;
          col[2 * n_rows + i] = 0;
        }
      cols[c] = (CtAnonColumn) { 3, 1 + (c == 0) * 1000, col, n_codes + c * 3 };
    }
  *codes_out = codes;
  *n_codes_out = n_codes;
  return cols;
}

/* k over every combination of up to three columns, on random columns. */
static void
test_k_anonymity (void)
{
  GRand *rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 30; round++)
    {
      guint n = g_rand_int_range (rand, 0, 400), k = g_rand_int_range (rand, 3, 11);
      guint n_cols = g_rand_int_range (rand, 1, 9);
      g_autofree guint16 *codes = NULL;
      g_autofree guint *n_codes = NULL;
      g_autofree CtAnonColumn *cols = random_columns (rand, n_cols, n, &codes, &n_codes);
      CtAnonMdResult result;

      ct_anon_md_anonymise (cols, n_cols, n, k, 3, 0.05, &result);
      if (n >= k)
        {
          g_assert_cmpuint (brute_smallest (cols, &result), >=, k);
          g_assert_cmpuint (result.k_reached, ==, brute_smallest (cols, &result));
        }
      else
        g_assert_cmpuint (result.k_reached, ==, n);
      ct_anon_md_result_clear (&result);
    }
  g_rand_free (rand);
}

/* The anonymiser's result on larger random teams, as digests of the levels,
 * the suppressed cells, k reached and the scores l-diversity hides. The
 * digests were taken from the anonymiser that counted every combination
 * again on every pass; counting only what changed must not change what
 * is hidden. */
static void
test_anonymiser_unchanged (void)
{
  static const char * const expected[] = {
    "b119ca624a66a8c57fbf28feee21a2699ea7f3dcfb8bd643db55bcd299789f05",
    "3bd367532bb6d2c9f93633676cca51e45d7238816a7561bb36187d6169ed0645",
    "b950b526c83c3e4d76e1cadb985bbf37f5ebe960a7298b081d6a0ba97e30c274",
    "4cb0b760e3aca193c2e363c69dbf8673e28f1e84b768511f66eea8da43b0c51b",
  };

  for (guint seed = 0; seed < G_N_ELEMENTS (expected); seed++)
    {
      GRand *rand = g_rand_new_with_seed (101 + seed);
      guint n = g_rand_int_range (rand, 400, 900), k = g_rand_int_range (rand, 3, 8);
      guint n_cols = g_rand_int_range (rand, 7, 11);
      g_autofree guint16 *codes = NULL;
      g_autofree guint *n_codes = NULL;
      g_autofree CtAnonColumn *cols = random_columns (rand, n_cols, n, &codes, &n_codes);
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      int *values[3];
      guint8 *hidden[3], *grouped[3];
      CtAnonMdResult result;
      char figures[64];
      guint n_hidden;

      for (guint v = 0; v < 3; v++)
        {
          values[v] = g_new (int, n);
          hidden[v] = g_new0 (guint8, n);
          for (guint i = 0; i < n; i++)
            values[v][i] = g_rand_int_range (rand, -1, v == 0 ? 2 : 3);
        }
      ct_anon_md_anonymise (cols, n_cols, n, k, 3, 0.05, &result);
      n_hidden = ct_anon_md_l_diversity (cols, &result, 3, 3, 1, (const int * const *) values,
                                         hidden);
      g_checksum_update (sum, (const guchar *) result.level, sizeof (guint) * n_cols);
      g_checksum_update (sum, result.suppressed, (gsize) n * n_cols);
      for (guint v = 0; v < 3; v++)
        g_checksum_update (sum, hidden[v], n);
      g_snprintf (figures, sizeof figures, "%u %u %u %.9f", result.k_reached,
                  result.n_cells_suppressed, n_hidden, result.generalisation_loss);
      g_checksum_update (sum, (const guchar *) figures, -1);
      g_test_message ("seed %u: %u rows, %u columns, k %u: %s; %s", seed, n, n_cols, k, figures,
                      g_checksum_get_string (sum));
      g_assert_cmpstr (g_checksum_get_string (sum), ==, expected[seed]);

      /* The three as one group hide what hiding each and then its row in
       * the other two does, again until nothing changes. */
      for (gboolean changed = TRUE; changed;)
        {
          changed = FALSE;
          ct_anon_md_l_diversity (cols, &result, 3, 3, 1, (const int * const *) values, hidden);
          for (guint i = 0; i < n; i++)
            if ((hidden[0][i] || hidden[1][i] || hidden[2][i])
                && !(hidden[0][i] && hidden[1][i] && hidden[2][i]))
              {
                hidden[0][i] = hidden[1][i] = hidden[2][i] = TRUE;
                changed = TRUE;
              }
        }
      for (guint v = 0; v < 3; v++)
        grouped[v] = g_new0 (guint8, n);
      ct_anon_md_l_diversity (cols, &result, 3, 3, 3, (const int * const *) values, grouped);
      for (guint v = 0; v < 3; v++)
        g_assert_cmpmem (grouped[v], n, hidden[v], n);
      for (guint v = 0; v < 3; v++)
        {
          g_free (values[v]);
          g_free (hidden[v]);
          g_free (grouped[v]);
        }
      ct_anon_md_result_clear (&result);
      g_rand_free (rand);
    }
}

/* l-diversity fires on a class whose real values share one band, and a
 * missing value does not count as another value. */
static void
test_l_diversity (void)
{
  guint16 codes[] = { 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,   0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  guint n_codes[] = { 2, 1 };
  CtAnonColumn col = { 2, 1, codes, n_codes };
  int values[] = { 2, 2, -1, 2, -1, 0, 1, 2, -1, 0 };
  guint8 suppress[10] = { 0 };
  CtAnonMdResult result;

  ct_anon_md_anonymise (&col, 1, 10, 5, 3, 0.05, &result);
  g_assert_cmpuint (result.level[0], ==, 0);
  g_assert_cmpuint (ct_anon_md_l_diversity (&col, &result, 3, 1, 1, (const int *[]) { values },
                                            (guint8 *[]) { suppress }), ==, 3);
  /* The first class: its three real values are all band 2. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (suppress[i], ==, values[i] >= 0);
  for (guint i = 5; i < 10; i++)
    g_assert_false (suppress[i]);
  ct_anon_md_result_clear (&result);
}

/* One key for each noise of the fixed table: what an attacker who knows
 * the method but not the keys must try. */
static const guint32 noise_keys[] = { 0u, 214748365u, 1073741824u, 3221225472u, 4080218931u };

/* The published rule for a count: hidden when under the threshold before
 * or after its noise; else shown with its noise. */
static gboolean
count_hidden (gint64   value,
              guint32  key,
              guint    threshold,
              gint64  *shown)
{
  gint64 p = MAX (value + ct_anon_count_noise (key, value, threshold), 1);

  *shown = p;
  return value > 0 && (value < threshold || p < threshold);
}

/* The earlier counts that fit "hidden in the first wave, shown as @shown
 * after one more case joined": the attacker's best knowledge. */
static guint
fitting_counts (gint64  shown,
                guint   threshold,
                gint64  max_value,
                gint64 *only)
{
  guint n = 0;

  for (gint64 v = 1; v <= max_value; v++)
    {
      gboolean hidden_before = FALSE, fits_after = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (noise_keys); i++)
        {
          gint64 s;

          hidden_before |= count_hidden (v, noise_keys[i], threshold, &s);
          fits_after |= !count_hidden (v + 1, noise_keys[i], threshold, &s) && s == shown;
        }
      if (hidden_before && fits_after)
        n++, *only = v;
    }
  return n;
}

/* The differencing attack: a table of a wave, then the same wave with one
 * household more. Cells the household is not in come out the same; the
 * cell it joins differs by 1 plus noise, so the difference does not say 1
 * reliably; and a cell hidden in the first wave and shown in the second
 * cannot be recovered exactly from the second: at least two earlier counts
 * fit what the attacker saw, and the shown value is the true one only when
 * the noise is 0. */
static void
test_differencing (void)
{
  GRand *rand = g_rand_new_with_seed (23);
  guint exact_one = 0, recovered = 0, guessed = 0, n_recoverable = 0;
  const guint trials = 20000, threshold = 5;

  for (guint trial = 0; trial < trials; trial++)
    {
      guint n = g_rand_int_range (rand, 30, 120);
      g_autofree guint32 *keys = g_new (guint32, n + 1);
      g_autofree guint *row_of = g_new (guint, n + 1);
      g_autoptr(CtAnonTable) before = ct_anon_table_new (4, 1, FALSE, TRUE);
      g_autoptr(CtAnonTable) after = ct_anon_table_new (4, 1, FALSE, TRUE);
      guint target;
      gint64 shown;

      for (guint u = 0; u <= n; u++)
        {
          keys[u] = g_rand_int (rand);
          /* Row 3 is small: around the threshold. */
          row_of[u] = g_rand_int_range (rand, 0, 100) < 8 ? 3 : g_rand_int_range (rand, 0, 3);
        }
      target = row_of[n];
      ct_anon_table_set_record_keys (before, keys, n);
      ct_anon_table_set_record_keys (after, keys, n + 1);
      for (guint u = 0; u < n; u++)
        {
          ct_anon_table_add (before, row_of[u], 0, u, 1);
          ct_anon_table_add (after, row_of[u], 0, u, 1);
        }
      ct_anon_table_add (after, target, 0, n, 1);
      ct_anon_table_protect (before, threshold);
      ct_anon_table_protect (after, threshold);

      for (guint r = 0; r < 4; r++)
        {
          if (r == target || ct_anon_table_is_suppressed (before, r, 0)
              || ct_anon_table_is_suppressed (after, r, 0))
            continue;
          g_assert_cmpint (ct_anon_table_get_shown (before, r, 0), ==,
                           ct_anon_table_get_shown (after, r, 0));
        }
      if (!ct_anon_table_is_suppressed (before, target, 0)
          && !ct_anon_table_is_suppressed (after, target, 0))
        exact_one += ct_anon_table_get_shown (after, target, 0)
                     - ct_anon_table_get_shown (before, target, 0) == 1;
      if (ct_anon_table_is_suppressed (before, target, 0)
          && !ct_anon_table_is_suppressed (after, target, 0))
        {
          gint64 only = 0;
          guint fits;

          shown = ct_anon_table_get_shown (after, target, 0);
          fits = fitting_counts (shown, threshold, n, &only);
          n_recoverable++;
          /* One fitting count, the true one, would be a recovery. (The
           * truth does not fit when the cell was hidden only to protect
           * another; an attacker who assumes otherwise is misled.) */
          recovered += fits == 1 && only == ct_anon_table_get (before, target, 0);
          guessed += shown - 1 == ct_anon_table_get (before, target, 0);
          /* Never shown under the threshold: that would pin the count. */
          g_assert_cmpint (shown, >=, threshold);
        }
      /* Every shown cell follows the published rule. */
      for (guint r = 0; r <= 4; r++)
        {
          gint64 value = ct_anon_table_get (after, r, 0);
          gboolean hidden = count_hidden (value, ct_anon_table_get_cell_key (after, r, 0),
                                          threshold, &shown);

          if (hidden)
            g_assert_true (ct_anon_table_is_suppressed (after, r, 0));
          else if (!ct_anon_table_is_suppressed (after, r, 0) && value > 0)
            g_assert_cmpint (ct_anon_table_get_shown (after, r, 0), ==, shown);
        }
    }
  g_test_message ("difference exactly 1: %u of %u; hidden then shown: %u, recovered: %u, "
                  "a guess of shown - 1 right: %u", exact_one, trials, n_recoverable,
                  recovered, guessed);
  /* Without perturbation both would be every time. */
  g_assert_cmpuint (exact_one, <, trials * 6 / 10);
  g_assert_cmpuint (n_recoverable, >, trials / 100);
  g_assert_cmpuint (recovered, ==, 0);
  /* A guess is right only when the noise happens to be 0. */
  g_assert_cmpuint (guessed, <, n_recoverable * 6 / 10);
  g_rand_free (rand);
}

/* The p% rule hides an amount one case dominates, with its count. */
static void
test_dominance (void)
{
  g_autoptr(CtAnonTable) t = ct_anon_table_new (2, 2, FALSE, TRUE);

  ct_anon_table_link (t, 0, 1);
  ct_anon_table_set_magnitude (t, 1, 20);
  for (guint u = 0; u < 12; u++)
    {
      ct_anon_table_add (t, 0, 0, u, 1);
      ct_anon_table_add (t, 0, 1, u, u == 0 ? 1000000 : 100);
      ct_anon_table_add (t, 1, 0, 100 + u, 1);
      ct_anon_table_add (t, 1, 1, 100 + u, 1000);
    }
  ct_anon_table_protect (t, 10);
  g_assert_true (ct_anon_table_is_suppressed (t, 0, 1));
  g_assert_true (ct_anon_table_is_suppressed (t, 0, 0));
  g_assert_false (ct_anon_table_is_suppressed (t, 1, 1));
  g_assert_cmpuint (ct_anon_table_get_n_dominance (t), >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/export/secondary-suppression", test_secondary_suppression);
  g_test_add_func ("/export/k-anonymity", test_k_anonymity);
  g_test_add_func ("/export/l-diversity", test_l_diversity);
  g_test_add_func ("/export/anonymiser-unchanged", test_anonymiser_unchanged);
  g_test_add_func ("/export/differencing", test_differencing);
  g_test_add_func ("/export/dominance", test_dominance);

  return g_test_run ();
}
