/* ct-export-gather.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook (docs/export.md), reading the team: every table the
 * export needs is scanned once through the session (ct_session_scan(): the
 * member's categories, authenticated values, the access log), only the
 * fields it needs, and coarsened while it is read. What comes out (ExData)
 * holds no name, number, address, exact date or free text: the blocking
 * rule's text is reduced to its kind here and never copied. The scans
 * themselves are in ct-export-gather-scan.c; this file sets them up, adds
 * what the options decide (_ct_export_apply()) and runs them off the main
 * loop (ct_export_gather_async(), at the end). What the export window then
 * does with one gather, a preview and the export, is in ct-export.c
 * (ct_export_gather_preview(), ct_export_gather_write_async()), beside the
 * export's worker it shares. */

#define G_LOG_DOMAIN "ct-export"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-clock.h"
#include "ct-crypto.h"
#include "ct-export-gather-private.h"
#include "ct-export-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-restrict-private.h"

static guint
setting_or (CtSession  *session,
            const char *key,
            guint       fallback)
{
  g_autofree char *value = ct_session_get_setting (session, key, NULL);
  guint64 n;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, 10000, &n, NULL))
    return fallback;
  return (guint) n;
}

/* The team's defaults: the settings "export.k" and "export.threshold",
 * else 5 and 10. */
void
_ct_export_defaults (CtSession *session,
                     guint     *k,
                     guint     *threshold)
{
  *k = setting_or (session, "export.k", CT_EXPORT_DEFAULT_K);
  *threshold = setting_or (session, "export.threshold", CT_EXPORT_DEFAULT_THRESHOLD);
}

/* The key of this export's pseudonyms: a random one never stored, or the
 * team's key narrowed to the purpose (the evaluator's microdata under one
 * agreement), so that workbooks for other purposes, the finance export
 * among them, cannot be joined on their pseudonyms. */
static guint8 *
pseudonym_key (CtSession             *session,
               const CtExportOptions *options,
               GError               **error)
{
  guint8 *key = ct_secure_alloc (CT_PSEUDONYM_KEY_SIZE);
  g_autofree char *purpose = NULL;

  if (options->fresh_pseudonym_key)
    {
      randombytes_buf (key, CT_PSEUDONYM_KEY_SIZE);
      return key;
    }
  if (!ct_pseudonym_load_key (session, key, error))
    {
      ct_secure_free (key);
      return NULL;
    }
  purpose = g_strdup_printf ("evaluator-%s:%s", ct_export_profile_to_string (options->profile),
                             options->agreement ?: "");
  ct_pseudonym_derive_key (key, purpose, key);
  return key;
}

/* Each household's record key for the cell-key method: random, stored in
 * the team file on its first aggregate export and kept, so the same
 * households always get the same noise; never in a workbook. A household
 * that has none yet gets, when the team still has the secret that earlier
 * versions derived the keys from, the key derived from it, so its noise
 * does not change between those exports and the next; else a random one.
 * The keys made here are kept in @data (new_record_ids, new_record_keys)
 * and stored only by an export (_ct_export_store_record_keys()), so a
 * preview stores nothing and the export that follows it stores the very
 * keys its noise was computed with. Who holds K_db can read the keys and
 * so predict the noise: see docs/export.md. */
static gboolean
set_record_keys (CtExportGather *gather,
                 CtSession      *session,
                 ExData         *data,
                 GError        **error)
{
  guint n = gather->household_ids->len;
  const gint64 *ids = (const gint64 *) (gpointer) gather->household_ids->data;
  g_autofree guint32 *keys = g_new0 (guint32, MAX (n, 1));
  g_autofree gboolean *have = g_new0 (gboolean, MAX (n, 1));
  guint8 *secret = NULL;
  gboolean found = FALSE;

  if (!ct_session_load_record_keys (session, ids, n, keys, have, error))
    return FALSE;
  data->new_record_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  data->new_record_keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < n; i++)
    {
      if (have[i])
        continue;
      if (secret == NULL)
        {
          secret = ct_secure_alloc (CT_PSEUDONYM_KEY_SIZE);
          if (!ct_pseudonym_load_secret (session, CT_CELL_KEY_SETTING, FALSE, secret, &found,
                                         error))
            {
              ct_secure_free (secret);
              return FALSE;
            }
        }
      keys[i] = found ? ct_pseudonym_record_key (secret, ids[i]) : randombytes_random ();
      g_array_append_val (data->new_record_ids, ids[i]);
      g_array_append_val (data->new_record_keys, keys[i]);
    }
  if (secret != NULL)
    ct_secure_free (secret);

  data->with_cell_keys = TRUE;
  for (guint i = 0; i < data->cases->len; i++)
    {
      guint household = g_array_index (gather->case_households, guint, i);

      /* Every case has a household; one that could not be read counts as
       * a household of its own. */
      g_array_index (data->cases, ExCase, i).record_key =
        household > 0 ? keys[household - 1] : randombytes_random ();
    }
  return TRUE;
}

/* Stores the record keys @data made (set_record_keys()), for an export. */
gboolean
_ct_export_store_record_keys (CtSession *session,
                              ExData    *data,
                              GError   **error)
{
  if (data->new_record_ids == NULL || data->new_record_ids->len == 0)
    return TRUE;
  if (!ct_session_store_record_keys (session, (const gint64 *) (gpointer) data->new_record_ids->data,
                                     (const guint32 *) (gpointer) data->new_record_keys->data,
                                     data->new_record_ids->len, error))
    return FALSE;
  g_array_set_size (data->new_record_ids, 0);
  g_array_set_size (data->new_record_keys, 0);
  return TRUE;
}

static guint
readable_categories (CtSession *session)
{
  guint mask = 0;

  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    if (ct_session_can_read (session, c))
      mask |= 1u << c;
  return mask;
}

static ExData *
data_new (guint readable)
{
  ExData *data = g_new0 (ExData, 1);

  data->readable = readable;
  data->cases = g_array_new (FALSE, TRUE, sizeof (ExCase));
  data->actions = g_array_new (FALSE, TRUE, sizeof (ExAction));
  data->organisations = g_array_new (FALSE, TRUE, sizeof (ExOrganisation));
  data->expenses = g_array_new (FALSE, TRUE, sizeof (ExExpense));
  data->doorbraken = g_array_new (FALSE, TRUE, sizeof (ExDoorbraak));
  data->areas = g_ptr_array_new_with_free_func (g_free);
  data->periods = g_array_new (FALSE, TRUE, sizeof (ExPeriod));
  return data;
}

static void
gather_clear (Gather *g)
{
  g_array_unref (g->dates);
  g_array_unref (g->households);
  g_array_unref (g->advice_ids);
  g_array_unref (g->advice_cases);
  g_array_unref (g->period_ids);
  g_hash_table_unref (g->pc4_areas);
}

static const CtField *
enum_field (const char *table,
            const char *field)
{
  return ct_table_get_field (ct_schema_get_table (table), field);
}

static void
set_enums (Gather *g)
{
  g->sex = enum_field ("persons", "sex");
  g->case_status = enum_field ("cases", "status");
  g->outcome = enum_field ("cases", "outcome");
  g->org_type = enum_field ("organisations", "type");
  g->partner_type = enum_field ("actions", "partner_type");
  g->purpose = enum_field ("expenses", "purpose");
  g->scope = enum_field ("doorbraken", "scope");
  g->doorbraak_status = enum_field ("doorbraken", "status");
  g->n_org_types = _ct_export_n_enum ("organisations", "type");
  g->n_partner_types = _ct_export_n_enum ("actions", "partner_type");
  g->zrm_fields[0] = "case_id";
  g->zrm_fields[1] = "kind";
  g->zrm_fields[2] = "assessed_on";
  for (guint k = 0; k < CT_ZRM_N_DOMAINS; k++)
    g->zrm_fields[3 + k] = ct_zrm_domains[k];
  g->zrm_fields[3 + CT_ZRM_N_DOMAINS] = NULL;
}

static guint32
today (void)
{
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  return g_date_get_julian (&date);
}

static void
gather_free (CtExportGather *gather)
{
  _ct_export_data_free (gather->data);
  g_clear_pointer (&gather->case_ids, g_array_unref);
  g_clear_pointer (&gather->case_households, g_array_unref);
  g_clear_pointer (&gather->household_ids, g_array_unref);
  g_clear_pointer (&gather->consents, g_array_unref);
  _ct_export_gather_forget (gather);
}

CtExportGather *
ct_export_gather_ref (CtExportGather *gather)
{
  return g_atomic_rc_box_acquire (gather);
}

void
ct_export_gather_unref (CtExportGather *gather)
{
  if (gather != NULL)
    g_atomic_rc_box_release_full (gather, (GDestroyNotify) gather_free);
}

/* Reads and coarsens every row the export needs, as @session's member may
 * see them, once and whatever the options: what depends on them
 * (pseudonyms, record keys, consent withdrawn since the previous export)
 * is added per options by _ct_export_apply(). @session is the member's
 * session in its own thread or a reader in a worker thread. */
static CtExportGather *
gather_scan (CtSession       *session,
             guint32          day,
             CtExportProgress progress_cb,
             gpointer         user_data,
             GError         **error)
{
  CtExportGather *gather = g_atomic_rc_box_new0 (CtExportGather);
  Gather g = { session };
  gboolean ok;

  gather->data = g.data = data_new (readable_categories (session));
  gather->case_ids = g.case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gather->household_ids = g.household_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gather->consents = g.consents = g_array_new (FALSE, FALSE, sizeof (ExConsentSpan));
  g.today = day;
  g.dates = g_array_new (FALSE, TRUE, sizeof (CaseDates));
  g.households = g_array_new (FALSE, TRUE, sizeof (HouseholdInfo));
  g.advice_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g.advice_cases = g_array_new (FALSE, FALSE, sizeof (guint));
  g.period_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g.pc4_areas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g.progress_cb = progress_cb;
  g.progress_data = user_data;
  set_enums (&g);

  g.restricted = _ct_session_restricted_households (session, error);
  /* One batch: the tables read in one snapshot and logged in one
   * transaction after the reading, each scan's entry as its own scan would
   * have written it, rather than a write transaction per table. */
  ok = g.restricted != NULL
       && _ct_session_read_batch (session, _ct_export_scan_team_cb, &g, error);
  g_clear_pointer (&g.restricted, g_hash_table_unref);
  if (ok)
    {
      gather->case_households = g_array_sized_new (FALSE, FALSE, sizeof (guint), g.dates->len);
      for (guint i = 0; i < g.dates->len; i++)
        g_array_append_val (gather->case_households, _ct_export_dates_at (&g, i)->household);
    }
  gather_clear (&g);
  if (!ok)
    {
      ct_export_gather_unref (gather);
      return NULL;
    }
  return gather;
}

/**
 * _ct_export_apply:
 * @with_key: %FALSE for a preview, which needs no pseudonyms and must not
 *   make the team's key
 *
 * The export's data for @options from what @gather read: the gathered rows
 * are shared, the cases copied and given what the options decide.
 * Reads the settings and the log through @session, in its thread.
 */
ExData *
_ct_export_apply (CtExportGather        *gather,
                  CtSession             *session,
                  const CtExportOptions *options,
                  gboolean               with_key,
                  GError               **error)
{
  g_autoptr(ExData) data = g_new0 (ExData, 1);
  ExData *base = gather->data;
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *unrecorded = NULL;
  guint32 previous = 0;

  if (!_ct_session_require_unlocked (session, error))
    return NULL;
  unrecorded = ct_session_get_setting (session, CT_EXPORT_CONSENT_SETTING, NULL);
  data->options = *options;
  _ct_export_defaults (session, &data->default_k, &data->default_threshold);
  if (data->options.k == 0)
    data->options.k = data->default_k;
  if (data->options.threshold == 0)
    data->options.threshold = data->default_threshold;
  data->agreement = g_strdup (options->agreement);
  data->reason = g_strdup (options->reason);
  data->options.agreement = data->agreement;
  data->options.reason = data->reason;
  /* The chain's value (ct_session_get_setting()): a row edited under K_db
   * is not read (docs/sync-chain.md, "Team settings"). */
  data->unrecorded_is_consent = g_strcmp0 (unrecorded, "1") == 0;
  g_snprintf (data->export_month, sizeof data->export_month, "%04d-%02d",
              g_date_time_get_year (now), g_date_time_get_month (now));
  data->readable = base->readable;
  data->n_restricted = base->n_restricted;
  data->cases = g_array_copy (base->cases);
  data->actions = g_array_ref (base->actions);
  data->organisations = g_array_ref (base->organisations);
  data->expenses = g_array_ref (base->expenses);
  data->doorbraken = g_array_ref (base->doorbraken);
  data->areas = g_ptr_array_ref (base->areas);
  data->periods = g_array_ref (base->periods);

  if (options->profile == CT_EXPORT_MICRODATA)
    {
      g_autofree char *prefix = _ct_export_log_prefix (options->profile, options->agreement);
      g_autoptr(GError) local = NULL;

      data->previous_export = _ct_audit_last_export_day (session, prefix, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      previous = _ct_export_parse_day (data->previous_export, NULL);
    }
  /* A consent given by the day of the previous microdata export under this
   * agreement and withdrawn on or after it marks the case: its row may be
   * in that workbook. */
  for (guint i = 0; previous != 0 && i < gather->consents->len; i++)
    {
      ExConsentSpan *span = &g_array_index (gather->consents, ExConsentSpan, i);

      if (span->given != 0 && span->withdrawn != 0 && span->given <= previous
          && span->withdrawn >= previous)
        g_array_index (data->cases, ExCase, span->case_index).withdrawn_since = TRUE;
    }
  if (with_key && !_ct_export_set_pseudonyms (gather, session, data, error))
    return NULL;
  if (options->profile == CT_EXPORT_AGGREGATE && !set_record_keys (gather, session, data, error))
    return NULL;
  return g_steal_pointer (&data);
}

/* The pseudonyms of @data's cases under its options' key (microdata). */
gboolean
_ct_export_set_pseudonyms (CtExportGather *gather,
                           CtSession      *session,
                           ExData         *data,
                           GError        **error)
{
  guint8 *key;

  if (data->options.profile != CT_EXPORT_MICRODATA)
    return TRUE;
  if ((key = pseudonym_key (session, &data->options, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < data->cases->len; i++)
    ct_pseudonym_compute (key, g_array_index (gather->case_ids, gint64, i),
                          g_array_index (data->cases, ExCase, i).pseudonym);
  ct_secure_free (key);
  return TRUE;
}

/**
 * _ct_export_gather:
 * @with_key: %FALSE for a preview, which needs no pseudonyms and must not
 *   make the team's key
 *
 * Reads and coarsens the team's rows as this member may see them, in the
 * caller's thread, and applies @options.
 */
ExData *
_ct_export_gather (CtSession              *session,
                   const CtExportOptions  *options,
                   gboolean                with_key,
                   CtExportProgress        progress_cb,
                   gpointer                user_data,
                   GError                **error)
{
  g_autoptr(CtExportGather) gather = NULL;

  if (!_ct_session_require_unlocked (session, error)
      || (gather = gather_scan (session, today (), progress_cb, user_data, error)) == NULL)
    return NULL;
  return _ct_export_apply (gather, session, options, with_key, error);
}

/* ---- one gather off the main loop --------------------------------------- */

/* In the worker, with a reader of the session (ct_session_read_async()). */
static gpointer
gather_read (CtSession    *reader,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  guint32 *day = data;

  return gather_scan (reader, *day, NULL, NULL, error);
}

static void
gathered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  CtExportGather *gather = ct_session_read_finish (CT_SESSION (source), result, &error);

  if (gather == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, gather, (GDestroyNotify) ct_export_gather_unref);
}

/**
 * ct_export_gather_async:
 *
 * Reads and coarsens, in a worker thread with a connection of its own
 * (a reader of @session, ct_session_read_async()), every row of the team
 * the evaluator export needs, once for any options:
 * ct_export_gather_preview() and ct_export_gather_write_async() then use
 * it without reading again. The reads are logged in @session through its
 * write queue before the callback runs, so nothing is handed out
 * unlogged. Call in the thread that owns @session, while it is in no
 * transaction (HACKING.md, "Threads").
 */
void
ct_export_gather_async (CtSession           *session,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  guint32 *day;

  g_return_if_fail (CT_IS_SESSION (session));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_export_gather_async);
  day = g_new (guint32, 1);
  *day = today ();
  g_task_set_task_data (task, day, g_free);
  ct_session_read_async (session, gather_read, day, (GDestroyNotify) ct_export_gather_unref,
                         cancellable, gathered_cb, task);
}

/**
 * ct_export_gather_finish:
 *
 * What the gather read, its reads logged in the session it was started
 * on. Call in that session's thread.
 *
 * Returns: (transfer full) (nullable): the gathered team, or %NULL with
 *   @error set
 */
CtExportGather *
ct_export_gather_finish (GAsyncResult *result,
                         GError      **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == ct_export_gather_async, NULL);

  return g_task_propagate_pointer (task, error);
}
