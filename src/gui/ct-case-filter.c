/* ct-case-filter.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Search as you type over the case list. Each item carries a lowercase key
 * of what the member may read; a match is one substring search per typed
 * word, with no allocation, so a keystroke over 10 000 cases stays well
 * inside a frame. Typing on narrows the list (GTK_FILTER_CHANGE_MORE_STRICT)
 * and only the rows still shown are tested again. */

#define G_LOG_DOMAIN "ct-case-filter"

#include "config.h"

#include <string.h>

#include "ct-case-filter.h"
#include "ct-case-item.h"

struct _CtCaseFilter
{
  GtkFilter parent_instance;

  char *query;      /* casefolded, stripped */
  GStrv words;      /* the query's words; every one must occur */
  const char *status;
  gboolean overdue_only;
};

G_DEFINE_FINAL_TYPE (CtCaseFilter, ct_case_filter, GTK_TYPE_FILTER)

static gboolean
ct_case_filter_match (GtkFilter *filter,
                      gpointer   item)
{
  CtCaseFilter *self = CT_CASE_FILTER (filter);
  CtCaseItem *case_item = item;

  if (self->status != NULL && strcmp (ct_case_item_get_status (case_item), self->status) != 0)
    return FALSE;
  if (self->overdue_only && !ct_case_item_get_overdue (case_item))
    return FALSE;
  for (guint i = 0; self->words != NULL && self->words[i] != NULL; i++)
    if (strstr (ct_case_item_get_search_key (case_item), self->words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static GtkFilterMatch
ct_case_filter_get_strictness (GtkFilter *filter)
{
  return ct_case_filter_is_active (CT_CASE_FILTER (filter)) ? GTK_FILTER_MATCH_SOME
                                                           : GTK_FILTER_MATCH_ALL;
}

static void
ct_case_filter_finalize (GObject *object)
{
  CtCaseFilter *self = CT_CASE_FILTER (object);

  g_free (self->query);
  g_strfreev (self->words);

  G_OBJECT_CLASS (ct_case_filter_parent_class)->finalize (object);
}

static void
ct_case_filter_class_init (CtCaseFilterClass *klass)
{
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ct_case_filter_finalize;
  filter_class->match = ct_case_filter_match;
  filter_class->get_strictness = ct_case_filter_get_strictness;
}

static void
ct_case_filter_init (CtCaseFilter *self)
{
}

CtCaseFilter *
ct_case_filter_new (void)
{
  return g_object_new (CT_TYPE_CASE_FILTER, NULL);
}

/* Typing on only narrows and deleting only widens: when one query holds the
 * other, each word of the shorter lies within a word of the longer. */
static GtkFilterChange
query_change (const char *old_query,
              const char *new_query)
{
  if (strstr (new_query, old_query) != NULL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (strstr (old_query, new_query) != NULL)
    return GTK_FILTER_CHANGE_LESS_STRICT;
  return GTK_FILTER_CHANGE_DIFFERENT;
}

void
ct_case_filter_set_query (CtCaseFilter *self,
                          const char   *query)
{
  g_autofree char *folded = NULL;
  GtkFilterChange change;

  g_return_if_fail (CT_IS_CASE_FILTER (self));

  folded = g_strstrip (g_utf8_casefold (query != NULL ? query : "", -1));
  if (g_strcmp0 (folded, self->query ?: "") == 0)
    return;

  change = query_change (self->query ?: "", folded);
  g_free (self->query);
  self->query = g_steal_pointer (&folded);
  g_strfreev (self->words);
  self->words = g_regex_split_simple ("\\s+", self->query, 0, 0);
  /* No words at all: an empty query, which filters nothing. */
  if (self->words != NULL && (self->words[0] == NULL || self->words[0][0] == '\0'))
    g_clear_pointer (&self->words, g_strfreev);

  gtk_filter_changed (GTK_FILTER (self), change);
}

/* @status: (nullable): a stored status value, or %NULL for every status */
void
ct_case_filter_set_status (CtCaseFilter *self,
                           const char   *status)
{
  g_return_if_fail (CT_IS_CASE_FILTER (self));

  if (g_strcmp0 (self->status, status) == 0)
    return;

  self->status = g_intern_string (status);
  gtk_filter_changed (GTK_FILTER (self), status == NULL ? GTK_FILTER_CHANGE_LESS_STRICT
                                                        : GTK_FILTER_CHANGE_DIFFERENT);
}

void
ct_case_filter_set_overdue_only (CtCaseFilter *self,
                                 gboolean      overdue_only)
{
  g_return_if_fail (CT_IS_CASE_FILTER (self));

  if (self->overdue_only == !!overdue_only)
    return;

  self->overdue_only = !!overdue_only;
  gtk_filter_changed (GTK_FILTER (self), overdue_only ? GTK_FILTER_CHANGE_MORE_STRICT
                                                      : GTK_FILTER_CHANGE_LESS_STRICT);
}

gboolean
ct_case_filter_is_active (CtCaseFilter *self)
{
  g_return_val_if_fail (CT_IS_CASE_FILTER (self), FALSE);

  return self->words != NULL || self->status != NULL || self->overdue_only;
}
