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
#include "ct-match.h"

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
  gboolean repeat;
  gboolean restricted;   /* its household's processing is restricted */
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
                                       self->repeat ? _("Repeat") : "",
                                       self->restricted ? C_("case list tag", "Restricted") : "",
                                       NULL);

  return g_utf8_casefold (joined, -1);
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

/* What the list joins: households and first persons by household id (both
 * sorted, found by binary search), the overdue households, the label
 * caches, and the items made so far. */
typedef struct
{
  GArray     *household_ids;   /* gint64, ascending */
  GPtrArray  *areas;           /* parallel: the area, "" when none */
  GArray     *names;           /* NameEntry, sorted by household */
  GArray     *overdue;         /* gint64, ascending */
  GHashTable *domain_labels;
  GHashTable *date_labels;
  const CtField *domains;
  GPtrArray  *items;
} Loader;

typedef struct
{
  gint64    household_id;      /* first, for ct_scan_find_id() */
  char     *name;              /* NULL when restricted */
  gboolean  restricted;
} NameEntry;

static void
name_entry_clear (gpointer mem)
{
  g_free (((NameEntry *) mem)->name);
}

/* Index of @id in @array, sorted by the gint64 each element starts with;
 * -1 when absent. */
static gssize
find_id (GArray *array,
         gint64  id)
{
  guint index;

  return ct_scan_find_id (array, id, &index) ? (gssize) index : -1;
}

static gboolean
add_household (const CtScanRow *row,
               gpointer         data,
               GError         **error)
{
  Loader *loader = data;

  g_array_append_val (loader->household_ids, row->id);
  g_ptr_array_add (loader->areas, g_strdup (row->values[0] ?: ""));
  return TRUE;
}

static gboolean
add_first_person (const CtScanRow *row,
                  gpointer         data,
                  GError         **error)
{
  Loader *loader = data;
  NameEntry entry = { row->numbers[0], NULL, row->restricted[1] };

  if (!entry.restricted)
    entry.name = g_strstrip (g_strdup_printf ("%s %s", row->values[1] ?: "",
                                              row->values[2] ?: ""));
  g_array_append_val (loader->names, entry);
  return TRUE;
}

static gboolean
add_case (const CtScanRow *row,
          gpointer         data,
          GError         **error)
{
  Loader *loader = data;
  CtCaseItem *self = g_object_new (CT_TYPE_CASE_ITEM, NULL);
  gssize household = find_id (loader->household_ids, row->numbers[0]);
  gssize person = find_id (loader->names, row->numbers[0]);
  g_autofree char *domains = NULL;

  self->id = row->id;
  self->household_id = row->numbers[0];
  self->number = g_strdup (row->values[1] ?: "");
  if (person >= 0)
    {
      NameEntry *entry = &g_array_index (loader->names, NameEntry, person);

      self->name_restricted = entry->restricted;
      self->name = g_strdup (entry->name);
    }
  self->status = static_status (row->values[2]);
  self->status_label = g_strdup (self->status[0] ? ct_gui_enum_label (NULL, self->status) : "");
  self->area = g_strdup (household >= 0 ? g_ptr_array_index (loader->areas, household) : "");
  domains = ct_domains_join (row->values + 4);
  self->domains_label = cached_label (loader->domain_labels, domains, make_domains_label,
                                      (gpointer) loader->domains);
  self->referral_date = g_strdup (row->values[3] ?: "");
  self->referral_label = cached_label (loader->date_labels, self->referral_date,
                                       make_date_label, NULL);
  self->overdue = find_id (loader->overdue, self->household_id) >= 0;
  self->search_key = build_search_key (self);
  g_ptr_array_add (loader->items, self);
  return TRUE;
}

/* By household, then as ct_session_get_repeat_of() orders its cases: by
 * referral date, the earlier row first on one day. */
static int
compare_household_referral (gconstpointer a,
                            gconstpointer b)
{
  CtCaseItem *x = *(CtCaseItem **) a, *y = *(CtCaseItem **) b;
  int by_date;

  if (x->household_id != y->household_id)
    return x->household_id < y->household_id ? -1 : 1;
  if ((by_date = strcmp (x->referral_date, y->referral_date)) != 0)
    return by_date;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* A case referred within twelve months of its household's previous one is
 * a repeat (ct-match.h): in household and date order the previous case is
 * the one just before, and no earlier one is nearer. */
static void
mark_repeats (GPtrArray *items)
{
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (items->len);

  /* Borrowed: @items owns them. */
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (order, g_ptr_array_index (items, i));
  g_ptr_array_sort (order, compare_household_referral);
  for (guint i = 1; i < order->len; i++)
    {
      CtCaseItem *previous = g_ptr_array_index (order, i - 1);
      CtCaseItem *self = g_ptr_array_index (order, i);

      if (previous->household_id != self->household_id || self->referral_date[0] == '\0'
          || !ct_referral_is_repeat (previous->referral_date, self->referral_date))
        continue;
      self->repeat = TRUE;
      g_free (self->search_key);
      self->search_key = build_search_key (self);
    }
}

static void
loader_clear (Loader *loader)
{
  g_clear_pointer (&loader->household_ids, g_array_unref);
  g_clear_pointer (&loader->areas, g_ptr_array_unref);
  g_clear_pointer (&loader->names, g_array_unref);
  g_clear_pointer (&loader->overdue, g_array_unref);
  g_clear_pointer (&loader->domain_labels, g_hash_table_unref);
  g_clear_pointer (&loader->date_labels, g_hash_table_unref);
  g_clear_pointer (&loader->items, g_ptr_array_unref);
}

/* Tags the cases of households under restriction of processing. */
static gboolean
mark_restricted (CtSession *session,
                 GPtrArray *items,
                 GError   **error)
{
  g_autoptr(GHashTable) restricted = ct_session_list_restricted (session, error);

  if (restricted == NULL)
    return FALSE;
  for (guint i = 0; i < items->len && g_hash_table_size (restricted) > 0; i++)
    {
      CtCaseItem *self = g_ptr_array_index (items, i);

      if (!g_hash_table_contains (restricted, &self->household_id))
        continue;
      self->restricted = TRUE;
      g_free (self->search_key);
      self->search_key = build_search_key (self);
    }
  return TRUE;
}

/**
 * ct_case_item_load_all:
 *
 * Reads the cases, the households' areas and the first person of each
 * household once each, with only the fields the list shows, and which
 * households have overdue actions, and joins them. A case is marked a
 * repeat from the referral dates already read.
 *
 * Returns: (transfer full) (element-type CtCaseItem): the items in case id order
 */
GPtrArray *
ct_case_item_load_all (CtSession  *session,
                       GError    **error)
{
  /* The domains come per category (docs/categories.md): values 4 to 10. */
  static const char * const case_fields[] = { "household_id", "number", "status",
                                              "referral_date", "domains", "domains_health",
                                              "domains_justice", "domains_finance",
                                              "domains_youth", "domains_housing", "domains_work",
                                              NULL };
  static const char * const household_fields[] = { "area", NULL };
  static const char * const name_fields[] = { "household_id", "first_name", "last_name", NULL };
  g_autofree char *today = ct_gui_today ();
  Loader loader = { 0 };
  GPtrArray *items = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  loader.household_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  loader.areas = g_ptr_array_new_with_free_func (g_free);
  loader.names = g_array_new (FALSE, FALSE, sizeof (NameEntry));
  g_array_set_clear_func (loader.names, name_entry_clear);
  loader.domain_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader.date_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader.domains = ct_table_get_field (ct_schema_get_table ("cases"), "domains");
  loader.items = g_ptr_array_new_with_free_func (g_object_unref);

  /* Only what the list shows: the name is decrypted (and logged), never the
   * health or justice fields of ten thousand households. */
  if (ct_session_scan (session, "households", household_fields, add_household, &loader, error)
      && ct_session_scan_first (session, "persons", name_fields, add_first_person, &loader,
                                error)
      && (loader.overdue = ct_session_list_overdue_households (session, today, error)) != NULL)
    {
      g_array_sort (loader.names, ct_scan_compare_ids);
      g_array_sort (loader.overdue, ct_scan_compare_ids);
      if (ct_session_scan (session, "cases", case_fields, add_case, &loader, error))
        {
          mark_repeats (loader.items);
          items = g_steal_pointer (&loader.items);
          if (!mark_restricted (session, items, error))
            g_clear_pointer (&items, g_ptr_array_unref);
        }
    }
  loader_clear (&loader);
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

/* Whether the case came within twelve months of the household's previous one. */
gboolean
ct_case_item_get_restricted (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), FALSE);

  return self->restricted;
}

gboolean
ct_case_item_get_repeat (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), FALSE);
  return self->repeat;
}

const char *
ct_case_item_get_search_key (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);
  return self->search_key;
}
