/* ct-record.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-record"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
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
  self->row_category = CT_CATEGORY_GENERAL;
  return self;
}

/**
 * ct_record_copy:
 *
 * A copy of @self with the same row, values and states and no changes:
 * to carry changes without touching @self, so that a save that fails
 * leaves @self as it was read.
 *
 * Returns: (transfer full): the copy
 */
CtRecord *
ct_record_copy (CtRecord *self)
{
  CtRecord *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ct_record_new (self->table->name);
  copy->id = self->id;
  copy->row_category = self->row_category;
  for (guint i = 0; i < self->table->n_fields; i++)
    {
      copy->values[i] = g_strdup (self->values[i]);
      copy->states[i] = self->states[i];
    }
  return copy;
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

/* A case's ZRM domains are kept per category (docs/categories.md): these
 * helpers compose the set a member may read and split a set on write. */

const char * const ct_case_domain_fields[] = {
  "domains", "domains_health", "domains_justice", "domains_finance", "domains_youth",
  "domains_housing", "domains_work", NULL,
};

/**
 * ct_domains_join:
 * @sets: (array zero-terminated=0): the values of ct_case_domain_fields in
 *   that order, %NULL where a set is empty or restricted
 *
 * Returns: (transfer full) (nullable): the domains in the ZRM's order,
 *   comma-separated, or %NULL when there are none
 */
char *
ct_domains_join (const char * const *sets)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char **parts[G_N_ELEMENTS (ct_case_domain_fields) - 1] = { NULL };

  /* Each set split once, not once per domain: the case list joins the
   * sets of every case at every read. */
  for (guint s = 0; s < G_N_ELEMENTS (parts); s++)
    parts[s] = sets[s] != NULL ? g_strsplit (sets[s], ",", -1) : NULL;

  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    for (guint s = 0; s < G_N_ELEMENTS (parts); s++)
      if (parts[s] != NULL && g_strv_contains ((const char * const *) parts[s], ct_zrm_domains[d]))
        {
          if (out->len > 0)
            g_string_append_c (out, ',');
          g_string_append (out, ct_zrm_domains[d]);
          break;
        }

  for (guint s = 0; s < G_N_ELEMENTS (parts); s++)
    g_strfreev (parts[s]);
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/**
 * ct_case_dup_domains:
 * @record: a case
 *
 * Returns: (transfer full) (nullable): the case's domains of the
 *   categories this record was read with
 */
char *
ct_case_dup_domains (CtRecord *record)
{
  const char *sets[8] = { NULL };

  g_return_val_if_fail (record != NULL && g_str_equal (record->table->name, "cases"), NULL);

  for (guint s = 0; ct_case_domain_fields[s] != NULL; s++)
    sets[s] = ct_record_get (record, ct_case_domain_fields[s]);
  return ct_domains_join (sets);
}

/**
 * ct_case_set_domains:
 * @record: a case
 * @domains: (nullable): comma-separated ZRM domains
 *
 * Splits @domains over the case's sets by category. A domain of a
 * category the record is restricted in gives %CT_ERROR_RESTRICTED; the
 * sets of such categories are left as they are.
 */
static gboolean
store_domain_sets (CtRecord *record,
                   GString **sets,
                   GError  **error)
{
  for (guint s = 0; s < 7; s++)
    {
      const char *name = ct_case_domain_fields[s];

      if (ct_record_is_restricted (record, name))
        {
          if (sets[s]->len == 0)
            continue;
          g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
                       _("%s: your role may not see or change %s data."), _("Domains"),
                       ct_category_get_display_name (ct_fact_categories[s - 1]));
          return FALSE;
        }
      /* An empty set that is empty already stays unchanged: a new case of
       * a member without a category does not write into it. */
      if (sets[s]->len > 0 || ct_record_get (record, name) != NULL)
        ct_record_set (record, name, sets[s]->str);
    }
  return TRUE;
}

gboolean
ct_case_set_domains (CtRecord   *record,
                     const char *domains,
                     GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (domains != NULL ? domains : "", ",", -1);
  GString *sets[7];
  gboolean ok;

  g_return_val_if_fail (record != NULL && g_str_equal (record->table->name, "cases"), FALSE);

  for (guint s = 0; s < 7; s++)
    sets[s] = g_string_new (NULL);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      CtCategory c = ct_zrm_domain_name_category (part);
      guint s = 0;

      if (part[0] == '\0')
        continue;
      for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
        if (ct_fact_categories[k] == c)
          s = k + 1;
      g_string_append_printf (sets[s], "%s%s", sets[s]->len > 0 ? "," : "", part);
    }
  ok = store_domain_sets (record, sets, error);
  for (guint s = 0; s < 7; s++)
    g_string_free (sets[s], TRUE);
  return ok;
}

/**
 * ct_case_dup_parts:
 * @record: a case
 * @base: "question" or "summary"
 * @categories: a mask of the categories whose parts to add
 *
 * The general part of @base, then each readable part of @categories under
 * its category's name: what the projector and the meeting report show.
 *
 * Returns: (transfer full) (nullable): the text, %NULL when it is empty
 */
char *
ct_case_dup_parts (CtRecord   *record,
                   const char *base,
                   guint       categories)
{
  g_autoptr(GString) out = g_string_new (ct_record_get (record, base));

  for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
    {
      CtCategory c = ct_fact_categories[k];
      g_autofree char *name = ct_case_part_field (base, c);
      const char *part = ct_record_get (record, name);

      if (!(categories & (1u << c)) || part == NULL)
        continue;
      g_string_append_printf (out, "%s%s: %s", out->len > 0 ? "\n\n" : "",
                              ct_category_get_display_name (c), part);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}
