/* ct-error.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The CT_ERROR domain, an extended error (G_DEFINE_EXTENDED_ERROR): a
 * CT_ERROR_INVALID_FIELD carries the table and the field it is about, so
 * that a form marks the right row without reading the message, which is
 * translated. The names are interned strings: copying an error copies two
 * pointers. */

#define G_LOG_DOMAIN "ct-error"

#include "config.h"

#include "ct-error.h"

typedef struct
{
  const char *table;  /* interned, or NULL */
  const char *field;  /* interned, or NULL */
} CtErrorPrivate;

static void
ct_error_private_init (CtErrorPrivate *priv)
{
  priv->table = NULL;
  priv->field = NULL;
}

static void
ct_error_private_copy (const CtErrorPrivate *src,
                       CtErrorPrivate       *dest)
{
  *dest = *src;
}

static void
ct_error_private_clear (CtErrorPrivate *priv)
{
  ct_error_private_init (priv);
}

G_DEFINE_EXTENDED_ERROR (CtError, ct_error)

/**
 * ct_set_field_error:
 * @table: the table of the field, such as "persons"
 * @field: the field's name in the schema, such as "birth_date"
 *
 * Sets %CT_ERROR_INVALID_FIELD with a message for a person, which names
 * the field by its label, and the field for the code.
 */
void
ct_set_field_error (GError     **error,
                    const char  *table,
                    const char  *field,
                    const char  *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CT_ERROR, CT_ERROR_INVALID_FIELD, message);
  ct_error_set_field (*error, table, field);
}

/**
 * ct_error_set_field:
 * @error: an error of the %CT_ERROR domain
 *
 * Names the field an error is about, for an error made otherwise.
 */
void
ct_error_set_field (GError     *error,
                    const char *table,
                    const char *field)
{
  CtErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == CT_ERROR);

  priv = ct_error_get_private (error);
  priv->table = g_intern_string (table);
  priv->field = g_intern_string (field);
}

/**
 * ct_error_get_table:
 *
 * Returns: (nullable): the table of the field @error is about, or %NULL
 *   when it is about none or is not of the %CT_ERROR domain
 */
const char *
ct_error_get_table (const GError *error)
{
  if (error == NULL || error->domain != CT_ERROR)
    return NULL;
  return ct_error_get_private (error)->table;
}

/**
 * ct_error_get_field:
 *
 * Returns: (nullable): the name of the field @error is about, or %NULL
 */
const char *
ct_error_get_field (const GError *error)
{
  if (error == NULL || error->domain != CT_ERROR)
    return NULL;
  return ct_error_get_private (error)->field;
}
