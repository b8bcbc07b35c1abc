/* ct-record.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-record"

#include "config.h"

#include <string.h>

#include "ct-record-private.h"

G_DEFINE_BOXED_TYPE (CtRecord, ct_record, ct_record_ref, ct_record_unref)

/**
 * ct_record_new:
 * @table: a table of ct-schema.c
 *
 * Returns: (transfer full): an empty record, to fill and insert
 */
CtRecord *
ct_record_new (const char *table)
{
  const CtTable *t = ct_schema_get_table (table);
  CtRecord *self;

  g_return_val_if_fail (t != NULL, NULL);

  self = g_new0 (CtRecord, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->table = t;
  self->values = g_new0 (char *, t->n_fields);
  self->states = g_new0 (guint8, t->n_fields);
  self->changed = g_new0 (guint8, t->n_fields);
  return self;
}

CtRecord *
ct_record_ref (CtRecord *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
wipe_value (char **value)
{
  if (*value != NULL)
    {
      memset (*value, 0, strlen (*value));
      g_clear_pointer (value, g_free);
    }
}

void
ct_record_unref (CtRecord *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->table->n_fields; i++)
    wipe_value (&self->values[i]);
  g_free (self->values);
  g_free (self->states);
  g_free (self->changed);
  g_free (self);
}

const CtTable *
ct_record_get_table (CtRecord *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->table;
}

gint64
ct_record_get_id (CtRecord *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->id;
}

static int
field_index (CtRecord   *self,
             const char *field)
{
  int i = ct_table_get_field_index (self->table, field);

  if (i < 0)
    g_critical ("Table %s has no field %s", self->table->name, field);
  return i;
}

/**
 * ct_record_set:
 * @value: (nullable): the new value, or %NULL (or "") to clear the field
 *
 * Changes a field in memory; ct_session_insert() or ct_session_update()
 * validate and store it.
 */
void
ct_record_set (CtRecord   *self,
               const char *field,
               const char *value)
{
  int i;

  g_return_if_fail (self != NULL && field != NULL);

  if ((i = field_index (self, field)) < 0)
    return;

  wipe_value (&self->values[i]);
  if (value != NULL && value[0] != '\0')
    {
      self->values[i] = g_strdup (value);
      self->states[i] = CT_VALUE_SET;
    }
  else
    self->states[i] = CT_VALUE_EMPTY;
  self->changed[i] = TRUE;
}

void
ct_record_set_int (CtRecord   *self,
                   const char *field,
                   gint64      value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  ct_record_set (self, field, buf);
}

/**
 * ct_record_get:
 *
 * Returns: (nullable): the value, or %NULL when the field is empty or
 *   restricted (tell them apart with ct_record_is_restricted())
 */
const char *
ct_record_get (CtRecord   *self,
               const char *field)
{
  int i;

  g_return_val_if_fail (self != NULL && field != NULL, NULL);

  i = field_index (self, field);
  return i >= 0 && self->states[i] == CT_VALUE_SET ? self->values[i] : NULL;
}

gint64
ct_record_get_int (CtRecord   *self,
                   const char *field)
{
  const char *value = ct_record_get (self, field);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

gboolean
ct_record_is_restricted (CtRecord   *self,
                         const char *field)
{
  int i;

  g_return_val_if_fail (self != NULL && field != NULL, FALSE);

  i = field_index (self, field);
  return i >= 0 && self->states[i] == CT_VALUE_RESTRICTED;
}

gboolean
ct_record_is_changed (CtRecord   *self,
                      const char *field)
{
  int i;

  g_return_val_if_fail (self != NULL && field != NULL, FALSE);

  i = field_index (self, field);
  return i >= 0 && self->changed[i];
}

void
_ct_record_take_value (CtRecord *self,
                       guint     index,
                       char     *value)
{
  wipe_value (&self->values[index]);
  self->values[index] = value;
  self->states[index] = value != NULL ? CT_VALUE_SET : CT_VALUE_EMPTY;
}

void
_ct_record_set_restricted (CtRecord *self,
                           guint     index)
{
  wipe_value (&self->values[index]);
  self->states[index] = CT_VALUE_RESTRICTED;
}

void
_ct_record_clear_changes (CtRecord *self)
{
  memset (self->changed, 0, self->table->n_fields);
}

void
_ct_record_set_not_loaded (CtRecord *self,
                           guint     index)
{
  wipe_value (&self->values[index]);
  self->states[index] = CT_VALUE_NOT_LOADED;
}

/**
 * ct_record_is_loaded:
 *
 * Returns: %FALSE for a field a ct_session_list_fields() read left out
 *   (its value is neither empty nor known)
 */
gboolean
ct_record_is_loaded (CtRecord   *self,
                     const char *field)
{
  int i;

  g_return_val_if_fail (self != NULL && field != NULL, FALSE);

  i = field_index (self, field);
  return i >= 0 && self->states[i] != CT_VALUE_NOT_LOADED;
}
