/* ct-case-item.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One row of the case list: what this member may read of a case, its
 * household and first person, joined in memory from one list of each
 * table. The search key is built once here, from shown values only, so
 * that filtering costs one substring search per row and never matches a
 * value the member may not read. */

#define G_LOG_DOMAIN "ct-case-item"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-case-item.h"
#include "ct-gui-labels.h"

struct _CtCaseItem
{
  GObject parent_instance;

  gint64 id;
  gint64 household_id;
  char *number;
  char *name;            /* NULL when restricted or unknown */
  gboolean name_restricted;
  const char *status;    /* static: one of the schema's values */
  char *status_label;
  char *area;
  char *domains_label;
  char *referral_date;
  char *referral_label;
  gboolean overdue;
  char *search_key;
};

G_DEFINE_FINAL_TYPE (CtCaseItem, ct_case_item, G_TYPE_OBJECT)

static void
ct_case_item_finalize (GObject *object)
{
  CtCaseItem *self = CT_CASE_ITEM (object);

  g_free (self->number);
  g_free (self->name);
  g_free (self->status_label);
  g_free (self->area);
  g_free (self->domains_label);
  g_free (self->referral_date);
  g_free (self->referral_label);
  g_free (self->search_key);

  G_OBJECT_CLASS (ct_case_item_parent_class)->finalize (object);
}

static void
ct_case_item_class_init (CtCaseItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ct_case_item_finalize;
}

static void
ct_case_item_init (CtCaseItem *self)
{
}

static const char *
static_status (const char *status)
{
  const CtField *field = ct_table_get_field (ct_schema_get_table ("cases"), "status");

  for (guint i = 0; status != NULL && field->values[i] != NULL; i++)
    if (g_str_equal (field->values[i], status))
      return field->values[i];
  return "";
}

/* Lowercase, so the filter compares bytes; only what the list shows. */
static char *
build_search_key (CtCaseItem *self)
{
  g_autofree char *joined = g_strjoin ("\n", self->number, self->name ? self->name : "",
                                       self->status_label, self->area, self->domains_label,
                                       NULL);

  return g_utf8_casefold (joined, -1);
}

static char *
person_name (CtRecord *person)
{
  return g_strdup_printf ("%s %s", ct_record_get (person, "first_name") ?: "",
                          ct_record_get (person, "last_name") ?: "");
}

/* Ten thousand cases share a few hundred dates and domain sets: their
 * labels are made once per load. */
static char *
cached_label (GHashTable *cache,
              const char *raw,
              char     *(*make) (const char *raw, gpointer data),
              gpointer    data)
{
  const char *label;

  if (raw == NULL)
    raw = "";
  label = g_hash_table_lookup (cache, raw);
  if (label == NULL)
    {
      char *made = make (raw, data);

      g_hash_table_insert (cache, g_strdup (raw), made);
      label = made;
    }
  return g_strdup (label);
}

static char *
make_domains_label (const char *raw,
                    gpointer    field)
{
  return ct_gui_enum_set_label (field, raw[0] != '\0' ? raw : NULL);
}

static char *
make_date_label (const char *raw,
                 gpointer    data)
{
  return ct_gui_format_date (raw);
}

typedef struct
{
  GHashTable *domains;
  GHashTable *dates;
} LabelCache;

static CtCaseItem *
case_item_new (CtRecord   *record,
               CtRecord   *household,
               CtRecord   *person,
               gboolean    overdue,
               LabelCache *cache)
{
  const CtTable *cases = ct_record_get_table (record);
  CtCaseItem *self = g_object_new (CT_TYPE_CASE_ITEM, NULL);

  self->id = ct_record_get_id (record);
  self->household_id = ct_record_get_int (record, "household_id");
  self->number = g_strdup (ct_record_get (record, "number") ?: "");
  self->name_restricted = person != NULL && ct_record_is_restricted (person, "first_name");
  if (person != NULL && !self->name_restricted)
    self->name = g_strstrip (person_name (person));
  self->status = static_status (ct_record_get (record, "status"));
  self->status_label = g_strdup (self->status[0] ? ct_gui_enum_label (NULL, self->status) : "");
  self->area = g_strdup (household != NULL ? ct_record_get (household, "area") ?: "" : "");
  self->domains_label = cached_label (cache->domains, ct_record_get (record, "domains"),
                                      make_domains_label,
                                      (gpointer) ct_table_get_field (cases, "domains"));
  self->referral_date = g_strdup (ct_record_get (record, "referral_date") ?: "");
  self->referral_label = cached_label (cache->dates, self->referral_date, make_date_label, NULL);
  self->overdue = overdue;
  self->search_key = build_search_key (self);

  return self;
}

static GHashTable *
index_by_id (GPtrArray *records)
{
  GHashTable *index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      CtRecord *record = g_ptr_array_index (records, i);
      gint64 key = ct_record_get_id (record);

      g_hash_table_insert (index, g_memdup2 (&key, sizeof key), record);
    }
  return index;
}

/* The first person of each household: the lowest id, since lists come in
 * id order. */
static GHashTable *
index_first_by_household (GPtrArray *records)
{
  GHashTable *index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      CtRecord *record = g_ptr_array_index (records, i);
      gint64 key = ct_record_get_int (record, "household_id");

      if (!g_hash_table_contains (index, &key))
        g_hash_table_insert (index, g_memdup2 (&key, sizeof key), record);
    }
  return index;
}

/* Households with an open action past its due date. */
static GHashTable *
overdue_households (CtSession  *session,
                    GError    **error)
{
  g_autofree char *today = ct_gui_today ();
  g_autoptr(GArray) ids = ct_session_list_overdue_households (session, today, error);
  GHashTable *set;

  if (ids == NULL)
    return NULL;

  set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (set, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
  return set;
}

/**
 * ct_case_item_load_all:
 *
 * Reads cases, households and the first person of each household once
 * each, with only the fields the list shows, and which households have
 * overdue actions, and joins them.
 *
 * Returns: (transfer full) (element-type CtCaseItem): the items in case id order
 */
GPtrArray *
ct_case_item_load_all (CtSession  *session,
                       GError    **error)
{
  static const char * const no_fields[] = { NULL };
  static const char * const name_fields[] = { "first_name", "last_name", NULL };
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) households = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GHashTable) household_index = NULL;
  g_autoptr(GHashTable) person_index = NULL;
  g_autoptr(GHashTable) overdue = NULL;
  LabelCache cache;
  GPtrArray *items;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  /* Only what the list shows: the name is decrypted (and logged), never the
   * health or justice fields of ten thousand households. */
  if ((cases = ct_session_list_fields (session, "cases", NULL, 0, no_fields, error)) == NULL
      || (households = ct_session_list_fields (session, "households", NULL, 0, no_fields,
                                               error)) == NULL
      || (persons = ct_session_list_first_fields (session, "persons", name_fields,
                                                  error)) == NULL
      || (overdue = overdue_households (session, error)) == NULL)
    return NULL;

  household_index = index_by_id (households);
  person_index = index_first_by_household (persons);
  items = g_ptr_array_new_full (cases->len, g_object_unref);
  cache.domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cache.dates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < cases->len; i++)
    {
      CtRecord *record = g_ptr_array_index (cases, i);
      gint64 household_id = ct_record_get_int (record, "household_id");

      g_ptr_array_add (items, case_item_new (record,
                                             g_hash_table_lookup (household_index, &household_id),
                                             g_hash_table_lookup (person_index, &household_id),
                                             g_hash_table_contains (overdue, &household_id),
                                             &cache));
    }

  g_hash_table_unref (cache.domains);
  g_hash_table_unref (cache.dates);
  return items;
}

gint64
ct_case_item_get_id (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), 0);
  return self->id;
}

gint64
ct_case_item_get_household_id (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), 0);
  return self->household_id;
}

const char *
ct_case_item_get_number (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);
  return self->number;
}

/* Returns: (nullable): the first person's name, %NULL when restricted */
const char *
ct_case_item_get_name (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);
  return self->name;
}

gboolean
ct_case_item_get_name_restricted (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), FALSE);
  return self->name_restricted;
}

const char *
ct_case_item_get_status (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);
  return self->status;
}

const char *
ct_case_item_get_status_label (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);
  return self->status_label;
}

const char *
ct_case_item_get_area (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);
  return self->area;
}

const char *
ct_case_item_get_domains_label (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);
  return self->domains_label;
}

const char *
ct_case_item_get_referral_date (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);
  return self->referral_date;
}

const char *
ct_case_item_get_referral_label (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);
  return self->referral_label;
}

gboolean
ct_case_item_get_overdue (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), FALSE);
  return self->overdue;
}

const char *
ct_case_item_get_search_key (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);
  return self->search_key;
}
