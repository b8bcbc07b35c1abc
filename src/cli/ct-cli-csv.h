/* ct-cli-csv.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CtCsvRow:
 * @line: the line of the file where the row starts, from 1
 * @cells: the fields, unquoted
 */
typedef struct
{
  guint  line;
  char **cells;
} CtCsvRow;

void       ct_csv_row_free (CtCsvRow    *row);
GPtrArray *ct_csv_parse    (const char  *text,
                            gsize        length,
                            GError     **error);

G_END_DECLS
