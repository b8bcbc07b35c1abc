/* fuzz-csv.c — libFuzzer target for the CSV reader of `casustafel-cli import`
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Any bytes: ct_csv_parse() returns rows or an error, never both, and
 * every row it returns has a line number and cells that are strings. */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ct-cli-csv.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ct_csv_parse ((const char *) data, size, &error);
  guint last_line = 0;

  g_assert ((rows == NULL) != (error == NULL));
  if (rows == NULL)
    return 0;
  for (guint i = 0; i < rows->len; i++)
    {
      CtCsvRow *row = g_ptr_array_index (rows, i);

      g_assert (row->cells != NULL);
      g_assert (row->line > last_line);
      last_line = row->line;
      for (guint c = 0; row->cells[c] != NULL; c++)
        (void) strlen (row->cells[c]);
    }
  return 0;
}
