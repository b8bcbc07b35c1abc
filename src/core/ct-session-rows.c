/* ct-session-rows.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Row categories (docs/categories.md): a row about a category (an involved
 * GGZ team, a goal on middelengebruik, an expense for treatment) keeps its
 * content under that category's key, and its category itself under the
 * same key, so that a reader with K_db alone learns neither. A session
 * finds a row's category by opening it with the keys it holds; a row it
 * cannot open is not its to see. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-session-private.h"

/* The non-general categories this session may read, as a mask. */
guint
_ct_row_categories_readable (CtSession *self)
{
  guint mask = 0;

  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    if (_ct_session_can_read (self, c))
      mask |= 1u << c;
  return mask;
}

static gboolean
damaged (GError       **error,
         const CtTable *table,
         gint64         row_id)
{
  g_set_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
               _("A stored value (%s of %s %lld) fails its authentication: it was changed or "
                 "moved outside Casustafel."), "row_category", table->name, (long long) row_id);
  return FALSE;
}

/**
 * _ct_row_category_read:
 * @column: the statement's column of the row_category field
 * @category: (out): the row's category, or %CT_CATEGORY_INVALID when no
 *   key this session may use opens it
 *
 * Returns: %FALSE with @error set when the stored value cannot be a row
 *   category at all (a general row stores NULL)
 */
gboolean
_ct_row_category_read (CtSession     *self,
                       const CtTable *table,
                       gint64         row_id,
                       sqlite3_stmt  *stmt,
                       int            column,
                       CtCategory    *category,
                       GError       **error)
{
  const CtField *field = &table->fields[table->row_category];
  const guint8 *blob;
  gsize len;

  *category = CT_CATEGORY_GENERAL;
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_BLOB:
      break;
    default:
      return damaged (error, table, row_id);
    }

  blob = sqlite3_column_blob (stmt, column);
  len = (gsize) sqlite3_column_bytes (stmt, column);
  *category = CT_CATEGORY_INVALID;
  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    {
      CtPlainBuffer plain = { 0 };
      const char *name = _ct_row_open_into (self, c, table, field, row_id, blob, len, &plain);
      gboolean match = name != NULL && g_strcmp0 (name, ct_category_to_string (c)) == 0;

      _ct_plain_buffer_clear (&plain);
      if (name != NULL && !match)
        return damaged (error, table, row_id);
      if (match)
        {
          *category = c;
          break;
        }
    }
  return TRUE;
}
