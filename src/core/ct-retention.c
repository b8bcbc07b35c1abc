/* ct-retention.c — retention terms and the purge that anonymises
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A case's term is chosen at closing (the case field "retention"); a
 * household is anonymised once every one of its cases is closed and every
 * term has ended (docs/retention.md). Only general fields are read to
 * decide, so a purging member needs no category; what a purge removes is
 * decided per field in ct-store-purge.c and overwritten in place with
 * secure_delete on, ciphertext of categories the member cannot read
 * included. Who may purge comes from the verified team chain (a
 * beheerder), never from a row. */

#define G_LOG_DOMAIN "ct-retention"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "ct-audit.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-retention.h"
#include "ct-session-private.h"
#include "ct-sync-private.h"

#define WITHDRAWN_DAYS 42  /* a withdrawn request: 6 weeks */

const char * const ct_erasure_grounds[] = {
  "niet_meer_nodig", "toestemming_ingetrokken", "bezwaar", "onrechtmatig", "wettelijke_plicht",
  NULL,
};

typedef struct
{
  CtErasurePreview *preview;
  const char       *ground;
} Erasure;

typedef struct
{
  GPtrArray *due;  /* CtPurgeItem */
  guint      n_rows;
} Purge;

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int y, m, d;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* The team's own term for @outcome, in months. */
static guint
team_months (CtSession  *self,
             const char *outcome)
{
  g_autofree char *key = g_strconcat ("retention.", outcome ?: "", NULL);
  gint64 months;

  /* The chain's, never a row alone (docs/sync-chain.md, "Team settings"). */
  if (ct_team_setting_find (key) == NULL || !_ct_session_team_setting (self, key, &months))
    return CT_RETENTION_DEFAULT_MONTHS;
  return (guint) months;
}

static gboolean
require_purger (CtSession *self,
                GError   **error)
{
  if (!_ct_session_require_data_writer (self, error))
    return FALSE;
  if (ct_session_may_purge (self))
    return TRUE;
  g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                       _("Only a beheerder may anonymise or erase households."));
  return FALSE;
}

static gboolean
refuse_without_secure_delete (GError **error)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED,
                       _("SQLite does not overwrite deleted data on this computer "
                         "(secure_delete is off), so removing data could leave readable "
                         "remnants in the team file. Nothing was changed."));
  return FALSE;
}

/* Adds @household's item to @due when all its cases are closed and their
 * terms ended by @today; @cases holds its cases' rows as read. */
static void
decide_household (CtSession   *self,
                  gint64       household,
                  GPtrArray   *cases,
                  const GDate *today,
                  GPtrArray   *due)
{
  g_autoptr(CtPurgeItem) item = g_new0 (CtPurgeItem, 1);
  GDate last, end;

  g_date_clear (&last, 1);
  for (guint i = 0; i < cases->len; i++)
    {
      char **row = cases->pdata[i];  /* number, status, outcome, closed_on, retention */
      guint months = team_months (self, row[2]);
      g_autofree char *ends = g_strcmp0 (row[1], "afgesloten") == 0
                                ? ct_retention_end_date (row[3], row[4], months) : NULL;

      if (ends == NULL || !parse_date (ends, &end) || g_date_compare (&end, today) > 0)
        return;
      if (g_date_valid (&last) && g_date_compare (&end, &last) < 0)
        continue;
      last = end;
      g_free (item->case_number);
      g_free (item->term);
      g_free (item->ended_on);
      item->case_number = g_strdup (row[0]);
      item->term = g_strdup (row[4] != NULL ? row[4] : "team");
      item->ended_on = g_steal_pointer (&ends);
    }
  item->household_id = household;
  if (cases->len > 0)
    g_ptr_array_add (due, g_steal_pointer (&item));
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static GPtrArray *
list_due (CtSession *self,
          GError   **error)
{
  g_autoptr(CtStmt) stmt = ct_store_retention_cases (self->db, error);
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_purge_item_free);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gint64 household = 0;
  GDate today;
  int rc;

  if (stmt == NULL)
    return NULL;

  ct_clock_get_today (&today);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, 6);

      if (sqlite3_column_int64 (stmt, 0) != household && cases->len > 0)
        {
          decide_household (self, household, cases, &today, due);
          g_ptr_array_set_size (cases, 0);
        }
      household = sqlite3_column_int64 (stmt, 0);
      for (int c = 0; c < 5; c++)
        row[c] = column_dup (stmt, c + 1);
      g_ptr_array_add (cases, row);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  decide_household (self, household, cases, &today, due);
  return g_steal_pointer (&due);
}

static gboolean
purge_due (CtSession *self,
           gpointer   data,
           GError   **error)
{
  Purge *purge = data;
  GDate today;
  g_autofree char *today_text = NULL;
  g_autoptr(GArray) purged = g_array_new (FALSE, FALSE, sizeof (gint64));

  ct_clock_get_today (&today);
  today_text = format_date (&today);
  g_clear_pointer (&purge->due, g_ptr_array_unref);
  purge->n_rows = 0;
  purge->due = list_due (self, error);
  if (purge->due == NULL)
    return FALSE;

  for (guint i = 0; i < purge->due->len; i++)
    {
      CtPurgeItem *item = purge->due->pdata[i];
      guint n_rows = 0;
      g_autofree char *purpose = NULL;

      if (!ct_store_purge_household (self->db, item->household_id, today_text, &n_rows, error)
          || !_ct_session_sync_capture_purge (self, item->household_id, today_text, error))
        return FALSE;
      /* The household's id and how many rows changed; never a name. */
      purpose = g_strdup_printf ("retention purge; %u rows", n_rows);
      if (!_ct_audit_append (self, CT_AUDIT_DELETE, "households", item->household_id, 0,
                             purpose, FALSE, error))
        return FALSE;
      purge->n_rows += n_rows;
      g_array_append_val (purged, item->household_id);
    }
  /* No value the purge removed leaves in the next change file. */
  return _ct_session_sync_forget (self, purged, error);
}

/* Sets @preview's kept_by_case when a case of the household has the
 * Jeugdwet's term and it runs (or the case is still open). */
static gboolean
find_jeugdwet_term (CtSession        *self,
                    CtErasurePreview *preview,
                    GError          **error)
{
  g_autoptr(CtStmt) stmt = ct_store_retention_cases (self->db, error);
  g_autofree char *today_text = NULL;
  GDate today;
  int rc;

  if (stmt == NULL)
    return FALSE;
  ct_clock_get_today (&today);
  today_text = format_date (&today);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && preview->kept_by_case == NULL)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *ends = NULL;

      if (sqlite3_column_int64 (stmt, 0) != preview->household_id
          || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), "jeugdwet") != 0)
        continue;
      if (g_strcmp0 (status, "afgesloten") == 0)
        {
          ends = ct_retention_end_date ((const char *) sqlite3_column_text (stmt, 4), "jeugdwet",
                                        0);
          if (ends != NULL && g_strcmp0 (ends, today_text) <= 0)
            continue;
        }
      preview->kept_by_case = column_dup (stmt, 1);
      preview->kept_until = g_steal_pointer (&ends);
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return ct_store_set_error (self->db, rc, error);
  return TRUE;
}

static CtErasurePreview *
preview_erasure (CtSession *self,
                 gint64     household_id,
                 gint64     person_id,
                 GError   **error)
{
  g_autoptr(CtErasurePreview) preview = g_new0 (CtErasurePreview, 1);
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);
  g_autofree guint *counts = g_new0 (guint, n_tables);

  if (!ct_store_row_exists (self->db, "households", household_id)
      || (person_id != 0 && ct_store_person_household (self->db, person_id) != household_id))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                           person_id != 0 ? _("This household has no such person.")
                                          : _("There is no such household."));
      return NULL;
    }
  preview->household_id = household_id;
  preview->person_id = person_id;
  if (!ct_store_count_household_rows (self->db, household_id, counts, error)
      || !find_jeugdwet_term (self, preview, error))
    return NULL;

  for (guint t = 0; t < n_tables; t++)
    {
      preview->n_rows += counts[t];
      if (g_str_equal (tables[t]->name, "persons"))
        preview->n_persons = counts[t];
      if (g_str_equal (tables[t]->name, "cases"))
        preview->n_cases = counts[t];
    }
  if (person_id != 0)
    {
      preview->n_rows = preview->n_persons = 1;
      preview->n_cases = 0;
    }
  return g_steal_pointer (&preview);
}

/* Deletes what the preview names, or records the refused request: either
 * way the request and its ground are in the signed access log. */
static gboolean
erase (CtSession *self,
       gpointer   data,
       GError   **error)
{
  Erasure *erasure = data;
  CtErasurePreview *p = erasure->preview;
  const char *table = p->person_id != 0 ? "persons" : "households";
  gint64 id = p->person_id != 0 ? p->person_id : p->household_id;
  g_autofree char *purpose = NULL;

  if (p->kept_by_case != NULL)
    {
      purpose = g_strdup_printf ("erasure request; %s; kept by the Jeugdwet", erasure->ground);
      return _ct_audit_append (self, CT_AUDIT_DELETE, table, id, 0, purpose, TRUE, error);
    }
  purpose = g_strdup_printf ("erasure request; %s; %u rows", erasure->ground, p->n_rows);
  /* With sync on, the erasure travels as a delete, which wins over any
   * concurrent edit, and the changes of its rows not yet sent go
   * (docs/sync-merge.md). */
  return ct_store_row_delete (self->db, ct_schema_get_table (table), id, error)
         && _ct_session_sync_capture (self, CT_SYNC_DELETE, ct_schema_get_table (table), id, NULL,
                                      NULL, error)
         && _ct_session_sync_forget (self, NULL, error)
         && _ct_audit_append (self, CT_AUDIT_DELETE, table, id, 0, purpose, FALSE, error);
}

void
ct_erasure_preview_free (CtErasurePreview *preview)
{
  if (preview == NULL)
    return;
  g_free (preview->kept_by_case);
  g_free (preview->kept_until);
  g_free (preview);
}

/**
 * ct_session_preview_erasure:
 * @person_id: a person of the household, or 0 for the whole household
 *
 * The first of erasure's two steps (AVG art. 17): what would be deleted,
 * or the case whose Jeugdwet term forbids it. A beheerder only; nothing is
 * decrypted or changed.
 *
 * Returns: (transfer full): the preview, or %NULL with @error set
 */
CtErasurePreview *
ct_session_preview_erasure (CtSession *self,
                            gint64     household_id,
                            gint64     person_id,
                            GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error) || !require_purger (self, error))
    return NULL;
  return preview_erasure (self, household_id, person_id, error);
}

/**
 * ct_session_erase:
 * @ground: one of ct_erasure_grounds
 *
 * The second step: deletes the household, with everything that belongs
 * to it, or the one person, with secure_delete on, and logs the request
 * with its ground and the number of rows. Where a running Jeugdwet term
 * forbids it, nothing is deleted, the request is logged as refused, and
 * %CT_ERROR_RESTRICTED says so.
 */
gboolean
ct_session_erase (CtSession  *self,
                  gint64      household_id,
                  gint64      person_id,
                  const char *ground,
                  GError    **error)
{
  g_autoptr(CtErasurePreview) preview = NULL;
  Erasure erasure = { NULL, ground };

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (!_ct_session_begin_write (self, error) || !require_purger (self, error))
    return FALSE;
  if (ground == NULL || !g_strv_contains (ct_erasure_grounds, ground))
    {
      ct_set_field_error (error, "erasures", "ground", "%s",
                          _("Legal ground: expected one of the grounds of AVG article 17(1): "
                            "niet_meer_nodig, toestemming_ingetrokken, bezwaar, onrechtmatig "
                            "or wettelijke_plicht."));
      return FALSE;
    }
  if (!ct_store_secure_delete_is_on (self->db))
    return refuse_without_secure_delete (error);
  if ((preview = preview_erasure (self, household_id, person_id, error)) == NULL)
    return FALSE;

  erasure.preview = preview;
  if (!_ct_session_with_transaction (self, erase, &erasure, error))
    return FALSE;
  if (preview->kept_by_case != NULL)
    {
      if (preview->kept_until != NULL)
        g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
                     _("The Jeugdwet requires case %s to be kept until %s, so nothing was "
                       "erased. The request is recorded in the access log."),
                     preview->kept_by_case, preview->kept_until);
      else
        g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
                     _("Case %s is open under the Jeugdwet, which requires it to be kept for 20 "
                       "years after closing, so nothing was erased. The request is recorded in "
                       "the access log."),
                     preview->kept_by_case);
      return FALSE;
    }
  return TRUE;
}

void
ct_purge_item_free (CtPurgeItem *item)
{
  if (item == NULL)
    return;
  g_free (item->case_number);
  g_free (item->term);
  g_free (item->ended_on);
  g_free (item);
}

/**
 * ct_retention_end_date:
 * @closed_on: the closing date, YYYY-MM-DD
 * @term: (nullable): "wmo" (15 years), "jeugdwet" (20 years), "ingetrokken"
 *   (6 weeks) or "team"; %NULL is the team's term
 * @team_months: the team's own term for the case's outcome
 *
 * Returns: (transfer full) (nullable): the day the term ends, or %NULL
 *   when @closed_on is no date or @term is unknown
 */
char *
ct_retention_end_date (const char *closed_on,
                       const char *term,
                       guint       team_months)
{
  GDate date;

  if (!parse_date (closed_on, &date))
    return NULL;

  if (g_strcmp0 (term, "wmo") == 0)
    g_date_add_years (&date, 15);
  else if (g_strcmp0 (term, "jeugdwet") == 0)
    g_date_add_years (&date, 20);
  else if (g_strcmp0 (term, "ingetrokken") == 0)
    g_date_add_days (&date, WITHDRAWN_DAYS);
  else if (term == NULL || g_str_equal (term, "team"))
    g_date_add_months (&date, team_months);
  else
    return NULL;
  return format_date (&date);
}

/**
 * ct_session_may_purge:
 *
 * Whether this session may anonymise households whose terms ended: a
 * beheerder, as the verified team chain says, or the recovery key on a
 * team without sync (_ct_session_may_change_data()).
 */
gboolean
ct_session_may_purge (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return !ct_session_is_locked (self)
         && (self->recovery ? _ct_session_may_change_data (self) : self->member->is_admin);
}

/**
 * ct_session_list_purge_due:
 *
 * The households a purge would anonymise today, each with the case and
 * term that ended last: what a dry run lists. Reads general fields only.
 *
 * Returns: (transfer full) (element-type CtPurgeItem): the households, in
 *   id order
 */
GPtrArray *
ct_session_list_purge_due (CtSession *self,
                           GError   **error)
{
  GPtrArray *due;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error) || !require_purger (self, error))
    return NULL;
  if (self->deferred_reads == NULL)
    return list_due (self, error);

  /* A worker's reader (the window's check after an unlock) reads every
   * case in one read transaction, which its owner's writes wait for
   * rather than fail (ct-session-reader.c, "Waiting for one another"). */
  if (!_ct_session_begin_read (self, error))
    return NULL;
  due = list_due (self, error);
  if (!_ct_session_end_read (self, due != NULL, due != NULL ? error : NULL))
    g_clear_pointer (&due, g_ptr_array_unref);
  return due;
}

/**
 * ct_session_purge:
 * @n_households: (out) (optional): the households anonymised
 * @n_rows: (out) (optional): the rows changed
 *
 * Anonymises every household whose terms all ended (docs/retention.md),
 * in one transaction, with one access-log entry per household (its id,
 * never a name). Refused unless SQLite's secure_delete is on, so that no
 * removed value stays readable in the file's free space.
 */
gboolean
ct_session_purge (CtSession *self,
                  guint     *n_households,
                  guint     *n_rows,
                  GError   **error)
{
  Purge purge = { NULL, 0 };
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (!_ct_session_begin_write (self, error) || !require_purger (self, error))
    return FALSE;
  if (!ct_store_secure_delete_is_on (self->db))
    return refuse_without_secure_delete (error);

  ok = _ct_session_with_transaction (self, purge_due, &purge, error);
  if (ok && n_households != NULL)
    *n_households = purge.due->len;
  if (ok && n_rows != NULL)
    *n_rows = purge.n_rows;
  g_clear_pointer (&purge.due, g_ptr_array_unref);
  return ok;
}
