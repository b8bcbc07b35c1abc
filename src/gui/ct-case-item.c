/* ct-case-item.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One row of the case list: what this member may read of a case, its
 * household and first person, as ct_case_overview_list() reads them, with
 * the labels the list shows. The search key is built from shown values
 * only, so that filtering costs one substring search per row and never
 * matches a value the member may not read; it is built the first time a
 * search asks for it, so a list nobody searches holds none. Fifty
 * thousand cases share a handful of statuses and areas and a few hundred
 * dates and domain sets: those values are ref-counted strings shared by
 * every row that shows them (g_ref_string_new_intern()), gone with the
 * last row that holds them. The values each row has its own of, the case
 * number and the name, are copied end to end into one block per read,
 * which the rows of that read share (ref-counted), rather than two small
 * allocations a row; and the flags are bits. At 50 000 households that is
 * some 50 bytes less a row, and no small copies left scattered between
 * the memory the read freed, which malloc_trim() cannot give back around
 * them ("The window's memory" in docs/performance.md). */

#define G_LOG_DOMAIN "ct-case-item"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-case-item.h"
#include "ct-case-view.h"
#include "ct-gui-labels.h"

struct _CtCaseItem
{
  GObject parent_instance;

  gint64 id;
  gint64 household_id;
  char *strings;         /* the read's numbers and names (g_atomic_rc_box) */
  const char *number;    /* these two: in strings */
  const char *name;      /* NULL when restricted or unknown */
  const char *status;    /* static: one of the schema's values */
  char *status_label;    /* these five: shared (GRefString) */
  char *area;
  char *domains_label;
  char *referral_date;
  char *referral_label;
  char *search_key;      /* NULL until the first search */
  guint name_restricted : 1;
  guint overdue : 1;
  guint repeat : 1;
  guint restricted : 1;  /* its household's processing is restricted */
};

G_DEFINE_FINAL_TYPE (CtCaseItem, ct_case_item, G_TYPE_OBJECT)

static void
ct_case_item_finalize (GObject *object)
{
  CtCaseItem *self = CT_CASE_ITEM (object);

  g_clear_pointer (&self->strings, g_atomic_rc_box_release);
  g_clear_pointer (&self->status_label, g_ref_string_release);
  g_clear_pointer (&self->area, g_ref_string_release);
  g_clear_pointer (&self->domains_label, g_ref_string_release);
  g_clear_pointer (&self->referral_date, g_ref_string_release);
  g_clear_pointer (&self->referral_label, g_ref_string_release);
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
 * labels are made once per load, and shared by the rows. */
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
      g_autofree char *made = make (raw, data);

      label = g_ref_string_new_intern (made);
      g_hash_table_insert (cache, g_strdup (raw), (gpointer) label);
    }
  return g_ref_string_acquire ((char *) label);
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

/* Copies @text into @strings at *@used, and moves *@used past it. */
static const char *
add_string (char       *strings,
            gsize      *used,
            const char *text)
{
  gsize size = strlen (text) + 1;
  char *copy = strings + *used;

  memcpy (copy, text, size);
  *used += size;
  return copy;
}

static CtCaseItem *
item_new (const CtCaseOverview *row,
          char                 *strings,
          gsize                *used,
          GHashTable           *domain_labels,
          GHashTable           *date_labels,
          const CtField        *domains)
{
  CtCaseItem *self = g_object_new (CT_TYPE_CASE_ITEM, NULL);

  self->id = row->id;
  self->household_id = row->household_id;
  self->strings = g_atomic_rc_box_acquire (strings);
  self->number = add_string (strings, used, row->number);
  self->name = row->name != NULL ? add_string (strings, used, row->name) : NULL;
  self->name_restricted = row->name_restricted != FALSE;
  self->status = row->status;
  self->status_label = g_ref_string_new_intern (self->status[0] ? ct_gui_enum_label (NULL,
                                                                                  self->status)
                                                                : "");
  self->area = g_ref_string_new_intern (row->area ?: "");
  self->domains_label = cached_label (domain_labels, row->domains, make_domains_label,
                                      (gpointer) domains);
  self->referral_date = g_ref_string_new_intern (row->referral_date ?: "");
  self->referral_label = cached_label (date_labels, self->referral_date, make_date_label, NULL);
  self->overdue = row->overdue != FALSE;
  self->repeat = row->repeat != FALSE;
  return self;
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
      g_clear_pointer (&self->search_key, g_free);
    }
  return TRUE;
}

static GPtrArray *
make_items (CtSession  *session,
            GArray     *rows,
            GError    **error)
{
  g_autoptr(GHashTable) domain_labels = NULL;
  g_autoptr(GHashTable) date_labels = NULL;
  const CtField *domains = ct_table_get_field (ct_schema_get_table ("cases"), "domains");
  GPtrArray *items;
  char *strings;
  gsize size = 1, used = 0;

  domain_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ref_string_release);
  date_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ref_string_release);
  for (guint i = 0; i < rows->len; i++)
    {
      const CtCaseOverview *row = &g_array_index (rows, CtCaseOverview, i);

      size += strlen (row->number) + 1 + (row->name != NULL ? strlen (row->name) + 1 : 0);
    }
  strings = g_atomic_rc_box_alloc (size);
  items = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, item_new (&g_array_index (rows, CtCaseOverview, i), strings, &used,
                                      domain_labels, date_labels, domains));
  g_atomic_rc_box_release (strings);
  if (!mark_restricted (session, items, error))
    g_clear_pointer (&items, g_ptr_array_unref);
  return items;
}

/**
 * ct_case_item_load_all:
 *
 * Reads the list's rows with ct_case_overview_list() (the same read as
 * `casustafel-cli cases`) and makes an item of each, with its labels and
 * search key.
 *
 * Returns: (transfer full) (element-type CtCaseItem): the items in case id order
 */
GPtrArray *
ct_case_item_load_all (CtSession  *session,
                       GError    **error)
{
  g_autoptr(GArray) rows = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  if ((rows = ct_case_overview_list (session, error)) == NULL)
    return NULL;
  return make_items (session, rows, error);
}

/**
 * ct_case_item_load_first:
 * @n: how many
 * @complete: (out): whether these are all the cases there are
 *
 * The first @n items in the list's first order, newest case number first
 * (ct_case_overview_list_first()), made as ct_case_item_load_all() makes
 * them.
 *
 * Returns: (transfer full) (element-type CtCaseItem): the items
 */
GPtrArray *
ct_case_item_load_first (CtSession  *session,
                         guint       n,
                         gboolean   *complete,
                         GError    **error)
{
  g_autoptr(GArray) rows = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  if ((rows = ct_case_overview_list_first (session, n, complete, error)) == NULL)
    return NULL;
  return make_items (session, rows, error);
}

/**
 * ct_case_item_equal:
 *
 * Returns: whether @a and @b show the same case alike, in every column,
 *   tag and search
 */
gboolean
ct_case_item_equal (CtCaseItem *a,
                    CtCaseItem *b)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (a) && CT_IS_CASE_ITEM (b), FALSE);

  return a->id == b->id && a->household_id == b->household_id
         && a->name_restricted == b->name_restricted && a->overdue == b->overdue
         && a->repeat == b->repeat && a->restricted == b->restricted
         && a->status == b->status && g_str_equal (a->domains_label, b->domains_label)
         && g_str_equal (a->referral_date, b->referral_date)
         && g_strcmp0 (a->name, b->name) == 0 && g_str_equal (a->number, b->number)
         && g_str_equal (a->area, b->area);
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

/* Built at the first call, in the thread that shows the list. */
const char *
ct_case_item_get_search_key (CtCaseItem *self)
{
  g_return_val_if_fail (CT_IS_CASE_ITEM (self), NULL);

  if (self->search_key == NULL)
    self->search_key = build_search_key (self);
  return self->search_key;
}
