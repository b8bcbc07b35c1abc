/* ct-case-view.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The read models of the case list and the case page: what a view shows,
 * read in one transaction and logged in one pass, so that the GUI and the
 * command line join households, persons and cases the same way and
 * neither pays for a field it does not show. Everything is read through
 * the session's scans, so categories and need-to-know hold as for any
 * read (docs/architecture.md). */

#define G_LOG_DOMAIN "ct-case-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-case-view.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-match.h"
#include "ct-session-involvement-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-restrict-private.h"
#include "ct-session-restrict-row-private.h"
#include "ct-sync-private.h"

/* --- the case list ------------------------------------------------------ */

/* What the list joins: households and first persons by household id (both
 * in ascending order, found by binary search), the overdue households and
 * the rows made so far. */
typedef struct
{
  GArray    *areas;     /* HouseholdText, ascending */
  GArray    *names;     /* HouseholdText, sorted by household once read */
  GArray    *overdue;   /* gint64, ascending */
  GArray    *rows;      /* CtCaseOverview */
  GHashTable *hidden;   /* gint64 *: restricted, not this member's to list */
} Overview;

typedef struct
{
  gint64    id;         /* first, for ct_scan_find_id() */
  char     *text;       /* NULL when none, or when restricted */
  gboolean  restricted;
} HouseholdText;

static void
household_text_clear (gpointer mem)
{
  HouseholdText *t = mem;

  if (t->text != NULL)
    memset (t->text, 0, strlen (t->text));
  g_free (t->text);
}

static void
overview_row_clear (gpointer mem)
{
  CtCaseOverview *row = mem;

  g_free (row->number);
  g_free (row->area);
  if (row->name != NULL)
    memset (row->name, 0, strlen (row->name));
  g_free (row->name);
  g_free (row->referral_date);
  g_free (row->domains);
}

static void
overview_init (Overview *o)
{
  o->areas = g_array_new (FALSE, FALSE, sizeof (HouseholdText));
  g_array_set_clear_func (o->areas, household_text_clear);
  o->names = g_array_new (FALSE, FALSE, sizeof (HouseholdText));
  g_array_set_clear_func (o->names, household_text_clear);
  o->rows = g_array_new (FALSE, FALSE, sizeof (CtCaseOverview));
  g_array_set_clear_func (o->rows, overview_row_clear);
}

static void
overview_clear (Overview *o)
{
  g_clear_pointer (&o->areas, g_array_unref);
  g_clear_pointer (&o->names, g_array_unref);
  g_clear_pointer (&o->overdue, g_array_unref);
  g_clear_pointer (&o->rows, g_array_unref);
  g_clear_pointer (&o->hidden, g_hash_table_unref);
}

static const HouseholdText *
find_text (GArray *texts,
           gint64  id)
{
  guint index;

  return ct_scan_find_id (texts, id, &index) ? &g_array_index (texts, HouseholdText, index)
                                             : NULL;
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

static gboolean
add_area (const CtScanRow *row,
          gpointer         data,
          GError         **error)
{
  Overview *o = data;
  HouseholdText area = { row->id, g_strdup (row->values[0]), FALSE };

  g_array_append_val (o->areas, area);
  return TRUE;
}

static gboolean
add_name (const CtScanRow *row,
          gpointer         data,
          GError         **error)
{
  Overview *o = data;
  HouseholdText name = { row->numbers[0], NULL, row->restricted[1] || row->restricted[2] };

  if (!name.restricted)
    name.text = g_strstrip (g_strdup_printf ("%s %s", row->values[1] ?: "",
                                             row->values[2] ?: ""));
  g_array_append_val (o->names, name);
  return TRUE;
}

static gboolean
add_case (const CtScanRow *row,
          gpointer         data,
          GError         **error)
{
  Overview *o = data;
  CtCaseOverview c = { row->id, row->numbers[0] };
  const HouseholdText *area = find_text (o->areas, c.household_id);
  const HouseholdText *name = find_text (o->names, c.household_id);
  guint index;

  if (g_hash_table_contains (o->hidden, &c.household_id))
    return TRUE;
  c.number = g_strdup (row->values[1] ?: "");
  c.status = static_status (row->values[2]);
  c.area = area != NULL ? g_strdup (area->text) : NULL;
  if (name != NULL)
    {
      c.name = g_strdup (name->text);
      c.name_restricted = name->restricted;
    }
  c.referral_date = g_strdup (row->values[3]);
  /* The domains come per category (docs/categories.md): values 4 to 10. */
  c.domains = ct_domains_join (row->values + 4);
  c.overdue = ct_scan_find_id (o->overdue, c.household_id, &index);
  g_array_append_val (o->rows, c);
  return TRUE;
}

/* Only what the list shows, in the whole read and the first screenful's
 * alike: the name is decrypted (and logged), never the health or justice
 * fields of ten thousand households. */
static const char * const overview_case_fields[] = {
  "household_id", "number", "status", "referral_date", "domains", "domains_health",
  "domains_justice", "domains_finance", "domains_youth", "domains_housing", "domains_work",
  NULL
};
static const char * const overview_area_fields[] = { "area", NULL };
static const char * const overview_name_fields[] = { "household_id", "first_name", "last_name",
                                                     NULL };

/* By household, then as ct_session_get_repeat_of() orders its cases: by
 * referral date, the earlier row first on one day. */
static int
compare_household_referral (gconstpointer a,
                            gconstpointer b)
{
  const CtCaseOverview *x = *(CtCaseOverview **) a, *y = *(CtCaseOverview **) b;
  int by_date;

  if (x->household_id != y->household_id)
    return x->household_id < y->household_id ? -1 : 1;
  if ((by_date = g_strcmp0 (x->referral_date, y->referral_date)) != 0)
    return by_date;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* A case referred within twelve months of its household's previous one is
 * a repeat (ct-match.h): in household and date order the previous case is
 * the one just before, and no earlier one is nearer. */
static void
mark_repeats (GArray *rows)
{
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (rows->len);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (order, &g_array_index (rows, CtCaseOverview, i));
  g_ptr_array_sort (order, compare_household_referral);
  for (guint i = 1; i < order->len; i++)
    {
      CtCaseOverview *previous = g_ptr_array_index (order, i - 1);
      CtCaseOverview *self = g_ptr_array_index (order, i);

      self->repeat = previous->household_id == self->household_id
                     && self->referral_date != NULL && previous->referral_date != NULL
                     && ct_referral_is_repeat (previous->referral_date, self->referral_date);
    }
}

static gboolean
read_overview (CtSession *session,
               gpointer   data,
               GError   **error)
{
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  Overview *o = data;

  if ((o->hidden = _ct_session_hidden_restricted (session, error)) == NULL)
    return FALSE;
  if (!ct_session_scan (session, "households", overview_area_fields, add_area, o, error)
      || !ct_session_scan_first (session, "persons", overview_name_fields, add_name, o, error)
      || (o->overdue = ct_session_list_overdue_households (session, today, error)) == NULL)
    return FALSE;
  g_array_sort (o->names, ct_scan_compare_ids);
  g_array_sort (o->overdue, ct_scan_compare_ids);
  return ct_session_scan (session, "cases", overview_case_fields, add_case, o, error);
}

/**
 * ct_case_overview_list:
 *
 * Reads what a list of cases shows: of every case its number, status,
 * referral date and the domains of the categories this member may read,
 * its household's area, the name of the household's first person, and
 * which households have overdue actions; each table once, only those
 * fields decrypted, in one transaction with one log pass. A household
 * outside the member's need-to-know gives no name. A household under
 * restriction of processing is left out, except for its regisseur and a
 * beheerder (_ct_session_hidden_restricted()). Works in a reader of the
 * session too (ct_session_read_async()).
 *
 * Returns: (transfer full) (element-type CtCaseOverview): the cases in id
 *   order, or %NULL with @error set; a name is wiped when the array goes
 */
GArray *
ct_case_overview_list (CtSession  *session,
                       GError    **error)
{
  Overview o = { 0 };
  GArray *rows = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  overview_init (&o);
  if (_ct_session_read_batch (session, read_overview, &o, error))
    {
      mark_repeats (o.rows);
      rows = g_steal_pointer (&o.rows);
    }
  overview_clear (&o);
  return rows;
}

/* The first screenful: the cases newest first, as the list first sorts
 * them, and the few households they belong to. */
typedef struct
{
  Overview    o;
  guint       n;
  GHashTable *top;         /* gint64 *: the first @n cases' ids */
  GArray     *households;  /* gint64: theirs, ascending once read */
} First;

static gboolean
add_top (const CtScanRow *row,
         gpointer         data,
         GError         **error)
{
  First *f = data;
  gint64 household = row->numbers[0];
  guint index;

  if (g_hash_table_contains (f->o.hidden, &household))
    return TRUE;
  g_hash_table_add (f->top, g_memdup2 (&row->id, sizeof row->id));
  if (!ct_scan_find_id (f->households, household, &index))
    {
      g_array_append_val (f->households, household);
      g_array_sort (f->households, ct_scan_compare_ids);
    }
  return g_hash_table_size (f->top) < f->n;
}

static gboolean
read_first (CtSession *session,
            gpointer   data,
            GError   **error)
{
  static const char * const top_fields[] = { "household_id", "number", NULL };
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  First *f = data;
  Overview *o = &f->o;

  if ((o->hidden = _ct_session_hidden_restricted (session, error)) == NULL
      || !_ct_session_scan_top (session, "cases", top_fields, "number", add_top, f, error))
    return FALSE;
  /* The same reads as read_overview(), of these households only. */
  if (!_ct_session_scan_households (session, "households", overview_area_fields,
                                    f->households, FALSE, add_area, o, error)
      || !_ct_session_scan_households (session, "persons", overview_name_fields,
                                       f->households, TRUE, add_name, o, error))
    return FALSE;
  g_array_sort (o->names, ct_scan_compare_ids);
  o->overdue = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < f->households->len; i++)
    {
      gint64 household = g_array_index (f->households, gint64, i);
      gboolean overdue;

      if (!_ct_session_require_unlocked (session, error)
          || !ct_store_household_overdue (session->db, household, today, &overdue, error))
        return FALSE;
      if (overdue)
        g_array_append_val (o->overdue, household);
    }
  /* Every case of the households, for their repeats; the first kept. */
  return _ct_session_scan_households (session, "cases", overview_case_fields, f->households,
                                      FALSE, add_case, o, error);
}

/**
 * ct_case_overview_list_first:
 * @n: how many rows
 * @complete: (out): whether these are all the cases there are
 *
 * The first @n rows of ct_case_overview_list() in descending order of
 * case number (the case list's first order), for a list that shows its
 * first screenful before the rest is read: the case numbers are read
 * through their index, without decrypting anything, then only the
 * households of those cases, as ct_case_overview_list() reads them and
 * logged as such, each entry naming those households. Works in a reader
 * of the session too (ct_session_read_async()).
 *
 * Returns: (transfer full) (element-type CtCaseOverview): at most @n rows,
 *   or %NULL with @error set
 */
GArray *
ct_case_overview_list_first (CtSession  *session,
                             guint       n,
                             gboolean   *complete,
                             GError    **error)
{
  First f = { { 0 }, n };
  GArray *rows = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);
  g_return_val_if_fail (n > 0 && complete != NULL, NULL);

  overview_init (&f.o);
  f.top = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  f.households = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (_ct_session_read_batch (session, read_first, &f, error))
    {
      mark_repeats (f.o.rows);
      rows = g_array_new (FALSE, FALSE, sizeof (CtCaseOverview));
      g_array_set_clear_func (rows, overview_row_clear);
      for (guint i = 0; i < f.o.rows->len; i++)
        {
          CtCaseOverview *row = &g_array_index (f.o.rows, CtCaseOverview, i);

          if (!g_hash_table_contains (f.top, &row->id))
            continue;
          g_array_append_val (rows, *row);
          memset (row, 0, sizeof *row);  /* moved: nothing left to clear */
        }
      *complete = g_hash_table_size (f.top) < n;
    }
  overview_clear (&f.o);
  g_clear_pointer (&f.top, g_hash_table_unref);
  g_clear_pointer (&f.households, g_array_unref);
  return rows;
}

/* --- a case page -------------------------------------------------------- */

typedef struct
{
  gint64      case_id;
  gint64      household_id;
  CtCaseView *view;
  guint       read[7];  /* the categories read of each table, as logged */
  GPtrArray  *goals, *actions;  /* the household's, for their conflicts */
  GArray     *restrictions;  /* CtRestrictionRow: the household's, not yet verified */
  char       *since;    /* the first day of the meetings that count, from the chain */
  GPtrArray  *conflict_uids;  /* per row of view->conflicts: its members' uids (GBytes) */
  GArray     *conflict_read;  /* guint, likewise: the categories read, as logged */
  CtInvolvedRead involved;    /* who is involved, not yet verified nor named */
  gboolean    may_read_log;   /* whether the involved and the glass breaks were read */
} Load;

static void
row_conflicts_free (CtRowConflicts *row)
{
  g_clear_pointer (&row->conflicts, g_ptr_array_unref);
  g_free (row);
}

/* One row by id: NULL with %CT_ERROR_NOT_FOUND when it is not there, or
 * not this member's to see. */
static CtRecord *
read_one (CtSession  *session,
          const char *table,
          gint64      id,
          guint      *read,
          GError    **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (id <= 0)
    rows = g_ptr_array_new ();
  else if ((rows = _ct_session_read_rows (session, ct_schema_get_table (table), NULL, id, read,
                                          error)) == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("There is no such record."));
      return NULL;
    }
  return ct_record_ref (g_ptr_array_index (rows, 0));
}

/* The sync conflicts of @record, kept when there are any. */
static gboolean
read_row_conflicts (CtSession *session,
                    Load      *load,
                    CtRecord  *record,
                    GError   **error)
{
  const char *table = ct_record_get_table (record)->name;
  g_autoptr(GPtrArray) uids = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  CtRowConflicts *row;
  guint read = 0;
  GPtrArray *conflicts = _ct_session_sync_read_conflicts (session, table,
                                                          ct_record_get_id (record), uids, &read,
                                                          error);

  if (conflicts == NULL)
    return FALSE;
  if (conflicts->len == 0)
    {
      g_ptr_array_unref (conflicts);
      return TRUE;
    }
  row = g_new0 (CtRowConflicts, 1);
  row->table = table;
  row->row_id = ct_record_get_id (record);
  row->conflicts = conflicts;
  g_ptr_array_add (load->view->conflicts, row);
  g_ptr_array_add (load->conflict_uids, g_steal_pointer (&uids));
  g_array_append_val (load->conflict_read, read);
  return TRUE;
}

/* What the page shows besides the rows: the sync conflicts (of the case;
 * within need-to-know of the household, its persons, organisations,
 * consents, goals and actions too), who is
 * involved and who looked anyway (for whom may read the household's
 * log), and the case this one repeats. What needs the team chain is left
 * for resolve_case(). Works in a reader. */
static gboolean
read_extras (CtSession *session,
             Load      *load,
             GError   **error)
{
  CtCaseView *view = load->view;
  g_autoptr(GError) local = NULL;

  view->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) row_conflicts_free);
  load->conflict_uids = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  load->conflict_read = g_array_new (FALSE, FALSE, sizeof (guint));
  /* Without sync too: a merged copy keeps conflicts (docs/sync-merge.md,
   * "Merging a copy"), of an organisation's fields among them. */
  if (!read_row_conflicts (session, load, view->case_record, error))
    return FALSE;
  if (!view->limited)
    {
      /* The plan shows the goals and actions (it reads them itself); here
       * only their conflicts are kept, to show each where its field is
       * (docs/sync-merge.md, "Merge rules"). */
      GPtrArray *lists[] = { view->persons, view->organisations, view->consents, NULL, NULL };

      if ((lists[3] = load->goals = _ct_session_read_rows (session, ct_schema_get_table ("goals"),
                                                           "household_id", load->household_id,
                                                           &load->read[5], error)) == NULL
          || (lists[4] = load->actions = _ct_session_read_rows (session,
                                                                ct_schema_get_table ("actions"),
                                                                "household_id",
                                                                load->household_id,
                                                                &load->read[6], error)) == NULL
          || !read_row_conflicts (session, load, view->household, error))
        return FALSE;
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint i = 0; i < lists[l]->len; i++)
          if (!read_row_conflicts (session, load, g_ptr_array_index (lists[l], i), error))
            return FALSE;
    }
  load->may_read_log = ct_session_may_read_household_log (session, load->household_id);
  if (load->may_read_log
      && (!_ct_session_read_involved (session, load->household_id, load->since,
                                      &load->involved, error)
          || (view->glass_breaks = ct_session_list_glass_breaks (session, load->household_id,
                                                                 error)) == NULL))
    return FALSE;
  view->repeat_of = ct_session_get_repeat_of (session, view->case_record, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* Reads what a case page shows, into load->view: the rows, and what the
 * page needs besides them from the database (the member list, whether
 * the household is this member's to see whole, its restrictions as
 * stored, and read_extras()). Works in a reader. */
static gboolean
read_case (CtSession *session,
           gpointer   data,
           GError   **error)
{
  Load *load = data;
  CtCaseView *view = load->view;
  const CtTable *persons = ct_schema_get_table ("persons");
  const CtTable *organisations = ct_schema_get_table ("organisations");
  const CtTable *consents = ct_schema_get_table ("consents");
  g_autoptr(GHashTable) limited = NULL;

  if ((view->case_record = read_one (session, "cases", load->case_id, &load->read[0],
                                     error)) == NULL)
    return FALSE;
  load->household_id = ct_record_get_int (view->case_record, "household_id");
  if ((view->members = ct_session_list_members (session, error)) == NULL
      || !_ct_session_limited_rows (session, ct_schema_get_table ("households"), NULL,
                                    load->household_id, &limited, error)
      || (load->restrictions = _ct_session_read_restrictions (session, load->household_id,
                                                               error)) == NULL)
    return FALSE;
  view->limited = limited != NULL;
  return (view->household = read_one (session, "households", load->household_id,
                                      &load->read[1], error)) != NULL
         && (view->persons = _ct_session_read_rows (session, persons, "household_id",
                                                    load->household_id, &load->read[2],
                                                    error)) != NULL
         && (view->organisations = _ct_session_read_rows (session, organisations,
                                                          "household_id", load->household_id,
                                                          &load->read[3], error)) != NULL
         && (view->consents = _ct_session_read_rows (session, consents, "case_id",
                                                     load->case_id, &load->read[4],
                                                     error)) != NULL
         && read_extras (session, load, error);
}

/* Logs what read_case() read, each read as ct_session_get() or
 * ct_session_list() would have logged it; in the session itself, in the
 * caller's transaction. */
static gboolean
log_case (CtSession *session,
          gpointer   data,
          GError   **error)
{
  Load *load = data;
  const CtTable *cases = ct_schema_get_table ("cases");
  const CtTable *households = ct_schema_get_table ("households");
  const CtTable *persons = ct_schema_get_table ("persons");
  const CtTable *organisations = ct_schema_get_table ("organisations");
  const CtTable *consents = ct_schema_get_table ("consents");
  gint64 household_id = load->household_id;

  if (!_ct_session_log_read (session, cases, load->case_id, load->read[0], "view", error)
      || !_ct_session_log_read (session, households, household_id, load->read[1], "view", error)
      || !_ct_session_log_list_read (session, persons, "household_id", household_id,
                                     load->read[2], error)
      || !_ct_session_log_list_read (session, organisations, "household_id", household_id,
                                     load->read[3], error)
      || !_ct_session_log_list_read (session, consents, "case_id", load->case_id,
                                     load->read[4], error)
      || !_ct_session_log_list_read (session, ct_schema_get_table ("goals"), "household_id",
                                     household_id, load->read[5], error)
      || !_ct_session_log_list_read (session, ct_schema_get_table ("actions"), "household_id",
                                     household_id, load->read[6], error))
    return FALSE;
  /* As ct_session_sync_get_conflicts() logs each row's. */
  for (guint i = 0; i < load->view->conflicts->len; i++)
    {
      CtRowConflicts *row = g_ptr_array_index (load->view->conflicts, i);

      if (!_ct_session_log_read (session, ct_schema_get_table (row->table), row->row_id,
                                 g_array_index (load->conflict_read, guint, i), "sync conflicts",
                                 error))
        return FALSE;
    }
  return TRUE;
}

/* In the session itself: what needs the team chain, which a reader has
 * not: the restriction verified against it, the conflicts' members named,
 * who is involved verified and named, whether the member may restrict
 * the household. Reads nothing. */
static void
resolve_case (CtSession *session,
              Load      *load)
{
  CtCaseView *view = load->view;

  view->restriction = _ct_session_restriction_in_force (session, load->household_id,
                                                        load->restrictions);
  for (guint i = 0; i < view->conflicts->len; i++)
    _ct_session_sync_name_conflicts (session,
                                     ((CtRowConflicts *) g_ptr_array_index (view->conflicts,
                                                                            i))->conflicts,
                                     g_ptr_array_index (load->conflict_uids, i));
  if (load->may_read_log)
    view->involved = _ct_session_resolve_involved (session, &load->involved, view->glass_breaks);
  view->may_restrict = _ct_session_may_restrict_given (session, load->may_read_log);
}

static void
load_clear (Load *load)
{
  g_clear_pointer (&load->view, ct_case_view_free);
  g_clear_pointer (&load->restrictions, g_array_unref);
  g_clear_pointer (&load->since, g_free);
  g_clear_pointer (&load->goals, g_ptr_array_unref);
  g_clear_pointer (&load->actions, g_ptr_array_unref);
  g_clear_pointer (&load->conflict_uids, g_ptr_array_unref);
  g_clear_pointer (&load->conflict_read, g_array_unref);
  _ct_involved_read_clear (&load->involved);
}

/* Reads everything first, then logs it, all in the one transaction. */
static gboolean
load_case (CtSession *session,
           gpointer   data,
           GError   **error)
{
  if (!read_case (session, data, error) || !log_case (session, data, error))
    return FALSE;
  resolve_case (session, data);
  return TRUE;
}

/**
 * ct_case_load:
 *
 * Reads what a case page shows (the case, its household, persons,
 * organisations involved and consents, and besides them the member list,
 * whether the member is involved, the household's restriction verified
 * against the team chain, the sync conflicts, who is involved and who
 * looked anyway for whom may read the household's log, and the case this
 * one repeats) in one transaction, and logs every read in it, the same
 * entries the separate reads would have made, before anything is handed
 * out: a load whose log cannot be written fails, and so does one whose
 * reads fail. Categories and need-to-know apply as to any read. Call it
 * on the session itself, not on a reader.
 *
 * Returns: (transfer full): the view, or %NULL with @error set
 *   (%CT_ERROR_NOT_FOUND for a case that is not there)
 */
CtCaseView *
ct_case_load (CtSession  *session,
              gint64      case_id,
              GError    **error)
{
  Load load = { .case_id = case_id };
  CtCaseView *view;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);
  g_return_val_if_fail (session->deferred_reads == NULL, NULL);

  if (!_ct_session_require_unlocked (session, error))
    return NULL;
  load.view = g_new0 (CtCaseView, 1);
  load.since = _ct_session_meetings_since (session);
  ok = ct_session_check_file (session, error)
       && _ct_session_with_transaction (session, load_case, &load, error);
  view = ok ? g_steal_pointer (&load.view) : NULL;
  load_clear (&load);
  return view;
}

static void
load_free (Load *load)
{
  load_clear (load);
  g_free (load);
}

/* In the worker, with a reader: the rows only, in one snapshot. */
static gpointer
read_case_thread (CtSession    *reader,
                  gpointer      data,
                  GCancellable *cancellable,
                  GError      **error)
{
  Load *load = data;

  load->view = g_new0 (CtCaseView, 1);
  if (!_ct_session_read_batch (reader, read_case, load, error))
    {
      load_clear (load);
      return NULL;
    }
  return load;
}

/* Back in the session's thread, logged (log_case(), through the write
 * queue): hand the view out. A load cancelled before its log entries
 * were written hands out nothing, so it logs nothing either. */
static void
case_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CtSession *session = CT_SESSION (source);
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  GError *error = NULL;

  if (ct_session_read_finish (session, result, &error) == NULL
      || g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error)
      || !_ct_session_require_unlocked (session, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  resolve_case (session, load);
  g_task_return_pointer (task, g_steal_pointer (&load->view), (GDestroyNotify) ct_case_view_free);
}

/**
 * ct_case_load_async:
 *
 * ct_case_load() with the reading and decrypting in a worker, through a
 * reader of @session (ct_session_read_async()), in one snapshot. The log
 * entries, the same ct_case_load() writes, are written in @session's
 * thread through its write queue (ct_session_write_async()), in one
 * transaction with the reader's, before the view is handed out; a load
 * whose log cannot be written fails, and a cancelled load is neither
 * logged nor handed out.
 * What needs the team chain is split the same way: the worker reads the
 * household's restrictions as stored, the sync conflicts with the uid of
 * the member of each laptop, and the rows that say who is involved
 * (their signatures unchecked); the callback, in @session's thread,
 * verifies the restriction and the hand-added involvements against the
 * chain and names the members (a reader has no chain). Call it in
 * @session's thread while it is in no transaction.
 */
void
ct_case_load_async (CtSession           *session,
                    gint64               case_id,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  Load *load;

  g_return_if_fail (CT_IS_SESSION (session));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_case_load_async);
  load = g_new0 (Load, 1);
  load->case_id = case_id;
  /* From the chain, in the session's thread: the worker's reader has none
   * (and a locked session neither, but then no reader is made). */
  if (!ct_session_is_locked (session))
    load->since = _ct_session_meetings_since (session);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  _ct_session_read_logged_async (session, read_case_thread, load, NULL, log_case, cancellable,
                                 case_read_cb, task);
}

/**
 * ct_case_load_finish:
 *
 * Returns: (transfer full): the view, or %NULL with @error set
 *   (%CT_ERROR_NOT_FOUND for a case that is not there,
 *   %G_IO_ERROR_CANCELLED)
 */
CtCaseView *
ct_case_load_finish (CtSession     *session,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_case_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Wipes every value it holds (ct_record_unref()). */
void
ct_case_view_free (CtCaseView *view)
{
  if (view == NULL)
    return;

  g_clear_pointer (&view->case_record, ct_record_unref);
  g_clear_pointer (&view->household, ct_record_unref);
  g_clear_pointer (&view->persons, g_ptr_array_unref);
  g_clear_pointer (&view->organisations, g_ptr_array_unref);
  g_clear_pointer (&view->consents, g_ptr_array_unref);
  g_clear_pointer (&view->members, g_ptr_array_unref);
  g_clear_pointer (&view->restriction, ct_restriction_free);
  g_clear_pointer (&view->conflicts, g_ptr_array_unref);
  g_clear_pointer (&view->involved, g_ptr_array_unref);
  g_clear_pointer (&view->glass_breaks, g_ptr_array_unref);
  g_clear_pointer (&view->repeat_of, ct_record_unref);
  g_free (view);
}

/* --- saving a case page --------------------------------------------------- */

struct _CtCasePatch
{
  GHashTable *copies;   /* CtRecord as read → its copy carrying the changes */
  GPtrArray  *order;    /* the copies, in the order they were first changed */
};

/**
 * ct_case_patch_new:
 *
 * Changes to records a view read, kept apart from them: setting a field
 * copies its record once (ct_record_copy()), so no record is read again
 * to get a mutable one, and a save that fails leaves the view's records
 * as they were read.
 *
 * Returns: (transfer full): an empty patch
 */
CtCasePatch *
ct_case_patch_new (void)
{
  CtCasePatch *self = g_new0 (CtCasePatch, 1);

  self->copies = g_hash_table_new (NULL, NULL);
  self->order = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  return self;
}

void
ct_case_patch_free (CtCasePatch *patch)
{
  if (patch == NULL)
    return;

  g_hash_table_unref (patch->copies);
  g_ptr_array_unref (patch->order);
  g_free (patch);
}

/**
 * ct_case_patch_set:
 * @record: a record read through the session (left unchanged)
 * @value: (nullable): the new value, as for ct_record_set()
 */
void
ct_case_patch_set (CtCasePatch *patch,
                   CtRecord    *record,
                   const char  *field,
                   const char  *value)
{
  CtRecord *copy;

  g_return_if_fail (patch != NULL && record != NULL && field != NULL);
  g_return_if_fail (ct_record_get_id (record) > 0);

  if ((copy = g_hash_table_lookup (patch->copies, record)) == NULL)
    {
      copy = ct_record_copy (record);
      g_hash_table_insert (patch->copies, record, copy);
      g_ptr_array_add (patch->order, copy);
    }
  ct_record_set (copy, field, value);
}

gboolean
ct_case_patch_is_empty (CtCasePatch *patch)
{
  g_return_val_if_fail (patch != NULL, TRUE);

  return patch->order->len == 0;
}

/* The case first, then its household, then the rest: the order a case
 * page has always saved in. */
static guint
table_rank (CtRecord *record)
{
  const char *table = ct_record_get_table (record)->name;

  return g_str_equal (table, "cases") ? 0 : g_str_equal (table, "households") ? 1 : 2;
}

static gboolean
apply_patch (CtSession *session,
             gpointer   data,
             GError   **error)
{
  CtCasePatch *patch = data;

  for (guint rank = 0; rank < 3; rank++)
    for (guint i = 0; i < patch->order->len; i++)
      {
        CtRecord *copy = g_ptr_array_index (patch->order, i);

        if (table_rank (copy) == rank && !ct_session_update (session, copy, error))
          return FALSE;
      }
  return TRUE;
}

/**
 * ct_case_patch_apply:
 *
 * Stores every change of @patch with ct_session_update() in one
 * transaction, all or nothing: the case first, then the household, then
 * the other records in the order they were first changed.
 * The core checks each value and each rule again, as for any update.
 */
gboolean
ct_case_patch_apply (CtCasePatch  *patch,
                     CtSession    *session,
                     GError      **error)
{
  g_return_val_if_fail (patch != NULL, FALSE);
  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  return ct_session_run_in_transaction (session, apply_patch, patch, error);
}

/**
 * ct_case_patch_apply_async:
 * @patch: (transfer full): the changes; freed when done
 *
 * ct_case_patch_apply() through @session's write queue
 * (ct_session_write_async()): the changes are stored in @session's thread
 * once none of its readers holds the file, while the main loop goes on.
 * Call it in @session's thread.
 */
void
ct_case_patch_apply_async (CtCasePatch         *patch,
                           CtSession           *session,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (patch != NULL);
  g_return_if_fail (CT_IS_SESSION (session));

  ct_session_write_async (session, apply_patch, patch, (GDestroyNotify) ct_case_patch_free,
                          cancellable, callback, user_data);
}

/**
 * ct_case_patch_apply_finish:
 *
 * Returns: whether every change was stored; %FALSE with @error set as
 *   ct_case_patch_apply() sets it (a %CT_INVALID_FIELD error names the
 *   field), and nothing stored
 */
gboolean
ct_case_patch_apply_finish (CtSession     *session,
                            GAsyncResult  *result,
                            GError       **error)
{
  return ct_session_write_finish (session, result, error);
}
