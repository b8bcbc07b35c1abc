/* ct-export.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook (docs/export.md): options, the public calls, the log
 * and the final name. The rows are coarsened while they are read
 * (ct-export-gather.c): what goes on to the anonymiser (ct-export-model.c)
 * and the xlsx writer (ct-export-workbook.c, in a GTask thread for the
 * async calls) holds no name, number, address, exact date or free text.
 * There are two ways through this file. The export window reads the team
 * once, in a worker with a reader of the session (ct_export_gather_async()
 * in ct-export-gather.c), and then uses that one read for every preview and
 * the export: ct_export_gather_preview() and ct_export_gather_write_async(),
 * at the end of this file. The CLI and the tests read in the caller's
 * thread for each call: ct_export_preview(), ct_export_workbook() and
 * ct_export_workbook_async(). Both ways anonymise with
 * _ct_export_anonymise() and write with _ct_export_write() (in
 * export_thread() for the async calls, which end in
 * ct_export_workbook_finish()). The export is logged and only then given
 * its name (log_and_rename()): a workbook that could not be logged is
 * removed.
 *
 * The pseudonym key is a 32-byte team secret, made on the first export and
 * kept as hex in the settings table ("export.pseudonym-key"). Every member
 * can read it, like every other general value; it only lets one link
 * pseudonyms to case ids, which members see anyway, and it never leaves
 * the encrypted team file. */

#define G_LOG_DOMAIN "ct-export"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-crypto.h"
#include "ct-error.h"
#include "ct-export-private.h"
#include "ct-output.h"
#include "ct-pseudonym.h"
#include "ct-session-private.h"

/* ---- helpers ------------------------------------------------------------ */

void
_ct_export_data_free (ExData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->cases, g_array_unref);
  g_clear_pointer (&data->actions, g_array_unref);
  g_clear_pointer (&data->organisations, g_array_unref);
  g_clear_pointer (&data->expenses, g_array_unref);
  g_clear_pointer (&data->doorbraken, g_array_unref);
  g_clear_pointer (&data->areas, g_ptr_array_unref);
  g_clear_pointer (&data->periods, g_array_unref);
  g_free (data->agreement);
  g_free (data->reason);
  g_free (data->previous_export);
  g_clear_pointer (&data->new_record_ids, g_array_unref);
  g_clear_pointer (&data->new_record_keys, g_array_unref);
  g_free (data);
}

const char * const *
_ct_export_enum (const char *table,
                 const char *field)
{
  return ct_table_get_field (ct_schema_get_table (table), field)->values;
}

/* ---- finishing: log, then name ----------------------------------------- */

typedef struct
{
  guint       categories;
  const char *purpose;
} ExportLog;

/* What the log says of an export: its profile, the agreement it goes
 * under, and k and the threshold with the beheerder's reason when they are
 * below the team's defaults. */
char *
_ct_export_log_prefix (CtExportProfile profile,
                       const char     *agreement)
{
  if (profile == CT_EXPORT_MICRODATA)
    return g_strdup_printf ("evaluator export %s; agreement %s",
                            ct_export_profile_to_string (profile), agreement ?: "");
  return g_strdup_printf ("evaluator export %s", ct_export_profile_to_string (profile));
}

static char *
log_purpose (CtExportReport *report,
             ExData         *data)
{
  g_autofree char *prefix = _ct_export_log_prefix (report->profile, data->agreement);
  g_autoptr(GString) text = g_string_new (prefix);

  if (report->below_default)
    g_string_append_printf (text, "; below the defaults: k %u, threshold %u; reason: %s",
                            report->k, report->threshold, data->reason);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
log_export (CtSession *self,
            gpointer   data,
            GError   **error)
{
  ExportLog *log = data;

  return _ct_audit_append (self, CT_AUDIT_EXPORT, "export", 0, log->categories, log->purpose,
                           FALSE, error);
}

/* The log entry comes first: a workbook whose export could not be logged
 * never gets its name. A process killed between the two leaves only the
 * temporary file, which ct_output_clean_stale() removes at the next start. */
static gboolean
log_and_rename (CtSession      *session,
                CtExportReport *report,
                ExData         *data,
                const char     *tmp_path,
                const char     *out_path,
                GError        **error)
{
  g_autofree char *purpose = log_purpose (report, data);
  ExportLog log = { report->categories_included, purpose };

  if (!_ct_session_begin_write (session, error)
      || !ct_output_check_target (out_path, session, error)
      || !_ct_session_with_transaction (session, log_export, &log, error))
    {
      ct_output_discard (tmp_path);
      return FALSE;
    }
  return ct_output_commit (tmp_path, out_path, error);
}

/* ---- public API ---------------------------------------------------------- */

const char *
ct_export_profile_to_string (CtExportProfile profile)
{
  return profile == CT_EXPORT_AGGREGATE ? "aggregate" : "microdata";
}

gboolean
ct_export_profile_from_string (const char      *name,
                               CtExportProfile *profile)
{
  if (g_strcmp0 (name, "microdata") == 0)
    *profile = CT_EXPORT_MICRODATA;
  else if (g_strcmp0 (name, "aggregate") == 0)
    *profile = CT_EXPORT_AGGREGATE;
  else
    return FALSE;
  return TRUE;
}

static const char * const qi_names[CT_EXPORT_N_QI] = {
  "age", "sex", "size", "composition", "area", "referral", "closed", "referrer", "status",
  "outcome", "domains", "orgs-intake", "orgs-close", "cost-intake", "cost-close", "days-advice",
  "days-close", "actions", "spending", "doorbraken",
};

const char *
ct_export_qi_to_string (CtExportQi qi)
{
  g_return_val_if_fail (qi < CT_EXPORT_N_QI, NULL);

  return qi_names[qi];
}

gboolean
ct_export_qi_from_string (const char *name,
                          CtExportQi *qi)
{
  for (guint i = 0; i < CT_EXPORT_N_QI; i++)
    if (g_strcmp0 (name, qi_names[i]) == 0)
      {
        *qi = i;
        return TRUE;
      }
  return FALSE;
}

void
ct_export_options_init (CtExportOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (CtExportOptions) { CT_EXPORT_MICRODATA, 0, 0, FALSE, NULL, 0, NULL };
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ?: ""));

  return copy[0] == '\0';
}

/* The floors hold for everyone; below the team's defaults only a beheerder
 * may go, with a reason; microdata needs its agreement's reference. */
static gboolean
check_options (CtSession             *session,
               const CtExportOptions *options,
               gboolean               for_export,
               GError               **error)
{
  guint default_k, default_threshold, k, threshold;

  _ct_export_defaults (session, &default_k, &default_threshold);
  k = options->k > 0 ? options->k : default_k;
  threshold = options->threshold > 0 ? options->threshold : default_threshold;
  if (k < CT_EXPORT_MIN_K)
    return ct_set_field_error (error, "export", "k",
                               _("k: give at least %d."), CT_EXPORT_MIN_K), FALSE;
  if (threshold < CT_EXPORT_MIN_THRESHOLD)
    return ct_set_field_error (error, "export", "threshold",
                               _("Threshold: give at least %d."), CT_EXPORT_MIN_THRESHOLD), FALSE;
  /* A preview writes nothing: it needs no agreement and no confirmation. */
  if (!for_export)
    return TRUE;
  if (options->profile == CT_EXPORT_MICRODATA && is_blank (options->agreement))
    return ct_set_field_error (error, "export", "agreement", "%s",
                               _("Processing agreement: give its reference; microdata may only "
                                 "go to an evaluator under a processing agreement.")), FALSE;
  if (k >= default_k && threshold >= default_threshold)
    return TRUE;
  if (!ct_session_is_admin (session))
    return g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
                        _("k below %u or a threshold below %u needs a beheerder’s confirmation."),
                        default_k, default_threshold), FALSE;
  if (is_blank (options->reason))
    return ct_set_field_error (error, "export", "reason", "%s",
                               _("Reason: say why k or the threshold is below the team’s "
                                 "default.")), FALSE;
  return TRUE;
}

static ExData *
gather_checked (CtSession             *session,
                const CtExportOptions *options,
                gboolean               with_key,
                CtExportProgress       progress_cb,
                gpointer               user_data,
                GError               **error)
{
  if (!_ct_session_require_unlocked (session, error)
      || !check_options (session, options, with_key, error))
    return NULL;
  return _ct_export_gather (session, options, with_key, progress_cb, user_data, error);
}

void
ct_export_report_free (CtExportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->generalisation);
  g_strfreev (report->coarsened);
  g_strfreev (report->sheets);
  g_free (report->export_month);
  g_free (report->previous_export);
  g_free (report);
}

/**
 * ct_export_preview:
 *
 * What ct_export_workbook() would write, without writing it: the report
 * of the same anonymisation. Makes no pseudonym key.
 */
gboolean
ct_export_preview (CtSession              *session,
                   const CtExportOptions  *options,
                   CtExportReport        **report,
                   GError                **error)
{
  g_autoptr(ExData) data = NULL;
  gpointer model = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (options != NULL && report != NULL, FALSE);

  if ((data = gather_checked (session, options, FALSE, NULL, NULL, error)) == NULL)
    return FALSE;
  *report = _ct_export_anonymise (data, &model);
  _ct_export_model_free (model);
  return TRUE;
}

/**
 * ct_export_workbook:
 * @out_path: the .xlsx to write; replaced only when the export is complete,
 *   never when it is a team file or not a regular file (ct_output_check_target())
 * @report: (out) (optional): what went in
 *
 * Writes the evaluator workbook in the caller's thread and logs the export.
 */
gboolean
ct_export_workbook (CtSession              *session,
                    const char             *out_path,
                    const CtExportOptions  *options,
                    CtExportReport        **report,
                    CtExportProgress        progress_cb,
                    gpointer                user_data,
                    GError                **error)
{
  g_autoptr(ExData) data = NULL;
  g_autoptr(CtExportReport) result = NULL;
  g_autofree char *tmp_path = NULL;
  gpointer model = NULL;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (out_path != NULL && options != NULL, FALSE);

  if (!ct_output_check_target (out_path, session, error)
      || (data = gather_checked (session, options, TRUE, progress_cb, user_data, error)) == NULL
      || (tmp_path = ct_output_create_temp (out_path, error)) == NULL)
    return FALSE;

  if (!_ct_export_store_record_keys (session, data, error))
    {
      ct_output_discard (tmp_path);
      return FALSE;
    }
  result = _ct_export_anonymise (data, &model);
  ok = _ct_export_write (data, model, tmp_path, progress_cb, user_data, NULL, error);
  _ct_export_model_free (model);
  if (!ok)
    {
      ct_output_discard (tmp_path);
      return FALSE;
    }
  if (!log_and_rename (session, result, data, tmp_path, out_path, error))
    return FALSE;
  if (report != NULL)
    *report = g_steal_pointer (&result);
  return TRUE;
}

/* ---- async --------------------------------------------------------------- */

typedef struct
{
  CtExportProgress cb;
  gpointer         data;
  GDestroyNotify   destroy;
} ProgressTarget;

static void
progress_target_clear (gpointer mem)
{
  ProgressTarget *target = mem;

  if (target->destroy != NULL)
    target->destroy (target->data);
}

typedef struct
{
  ProgressTarget *target;   /* g_atomic_rc_box */
  double          fraction;
} ProgressEvent;

typedef struct
{
  ExData         *data;
  gpointer        model;
  CtExportReport *report;
  char           *tmp_path;
  char           *out_path;
  ProgressTarget *target;
  GMainContext   *context;
  double          last;
} ExportTask;

static void
export_task_free (gpointer mem)
{
  ExportTask *t = mem;

  _ct_export_data_free (t->data);
  _ct_export_model_free (t->model);
  ct_export_report_free (t->report);
  if (t->tmp_path != NULL)
    ct_output_discard (t->tmp_path);  /* still there only when the export failed */
  g_free (t->tmp_path);
  g_free (t->out_path);
  g_atomic_rc_box_release_full (t->target, progress_target_clear);
  g_main_context_unref (t->context);
  g_free (t);
}

static gboolean
progress_event_dispatch (gpointer mem)
{
  ProgressEvent *event = mem;

  if (event->target->cb != NULL)
    event->target->cb (event->fraction, event->target->data);
  return G_SOURCE_REMOVE;
}

static void
progress_event_free (gpointer mem)
{
  ProgressEvent *event = mem;

  g_atomic_rc_box_release_full (event->target, progress_target_clear);
  g_free (event);
}

/* In the worker thread: passes @fraction to the caller's main context,
 * at most once per percent. */
static void
thread_progress (double   fraction,
                 gpointer user_data)
{
  ExportTask *t = user_data;
  ProgressEvent *event;

  if (t->target->cb == NULL || (fraction - t->last < 0.01 && fraction < 1.0))
    return;
  t->last = fraction;
  event = g_new (ProgressEvent, 1);
  event->target = g_atomic_rc_box_acquire (t->target);
  event->fraction = fraction;
  g_main_context_invoke_full (t->context, G_PRIORITY_DEFAULT, progress_event_dispatch, event,
                              progress_event_free);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportTask *t = task_data;
  GError *error = NULL;

  if (!_ct_export_write (t->data, t->model, t->tmp_path, thread_progress, t, cancellable, &error))
    {
      /* Gone before the caller hears of the failure: the task, which would
       * remove it too, may outlive the callback in this thread. */
      ct_output_discard (t->tmp_path);
      g_clear_pointer (&t->tmp_path, g_free);
      g_task_return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);
}

/* The task of an export to @out_path, its progress sent to this
 * thread's main context; @t_out: its ExportTask. */
static GTask *
new_export_task (CtSession           *session,
                 gpointer             source_tag,
                 const char          *out_path,
                 CtExportProgress     progress_cb,
                 gpointer             progress_data,
                 GDestroyNotify       progress_data_free,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 ExportTask         **t_out)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  ExportTask *t = g_new0 (ExportTask, 1);

  g_task_set_source_tag (task, source_tag);
  t->target = g_atomic_rc_box_new0 (ProgressTarget);
  *t->target = (ProgressTarget) { progress_cb, progress_data, progress_data_free };
  t->context = g_main_context_ref_thread_default ();
  t->out_path = g_strdup (out_path);
  g_task_set_task_data (task, t, export_task_free);
  *t_out = t;
  return task;
}

/**
 * ct_export_workbook_async:
 * @progress_cb: (nullable): called in the thread-default main context of
 *   this call
 *
 * Reads the team's rows now, in this thread (a session is not
 * thread-safe), then anonymises and writes in a worker thread. Finish
 * with ct_export_workbook_finish(), which logs the export and gives the
 * workbook its name.
 */
void
ct_export_workbook_async (CtSession              *session,
                          const char             *out_path,
                          const CtExportOptions  *options,
                          CtExportProgress        progress_cb,
                          gpointer                progress_data,
                          GDestroyNotify          progress_data_free,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTask *t;
  GError *error = NULL;

  g_return_if_fail (CT_IS_SESSION (session));
  g_return_if_fail (out_path != NULL && options != NULL);

  task = new_export_task (session, ct_export_workbook_async, out_path, progress_cb,
                          progress_data, progress_data_free, cancellable, callback, user_data,
                          &t);

  if (!ct_output_check_target (out_path, session, &error)
      || (t->data = gather_checked (session, options, TRUE, progress_cb, progress_data, &error)) == NULL
      || !_ct_export_store_record_keys (session, t->data, &error)
      || (t->tmp_path = ct_output_create_temp (out_path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  t->report = _ct_export_anonymise (t->data, &t->model);
  g_task_run_in_thread (task, export_thread);
}

/**
 * ct_export_workbook_finish:
 * @report: (out) (optional): what went in
 *
 * Logs the export in the session it was started on and renames the
 * workbook to its name; call it in the thread that owns the session.
 * Finishes ct_export_gather_write_async() too.
 */
gboolean
ct_export_workbook_finish (GAsyncResult    *result,
                           CtExportReport **report,
                           GError         **error)
{
  GTask *task = G_TASK (result);
  ExportTask *t = g_task_get_task_data (task);
  CtSession *session = g_task_get_source_object (task);

  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (task) == ct_export_workbook_async
                        || g_task_get_source_tag (task) == ct_export_gather_write_async, FALSE);

  if (!g_task_propagate_boolean (task, error))
    {
      /* Cancelled after the worker had written the workbook: it goes now,
       * before the caller hears "nothing was written", not when the task
       * is freed some time later. */
      if (t->tmp_path != NULL)
        ct_output_discard (t->tmp_path);
      g_clear_pointer (&t->tmp_path, g_free);
      return FALSE;
    }
  if (!log_and_rename (session, t->report, t->data, t->tmp_path, t->out_path, error))
    return FALSE;
  g_clear_pointer (&t->tmp_path, g_free);
  if (report != NULL)
    *report = g_steal_pointer (&t->report);
  return TRUE;
}

/* ---- from one gather ------------------------------------------------------ */

void
_ct_export_gather_forget (CtExportGather *gather)
{
  g_clear_pointer (&gather->cached_data, _ct_export_data_free);
  g_clear_pointer (&gather->cached_model, _ct_export_model_free);
  g_clear_pointer (&gather->cached_report, ct_export_report_free);
  g_clear_pointer (&gather->cached_agreement, g_free);
  g_clear_pointer (&gather->cached_reason, g_free);
}

static gboolean
same_options (const CtExportOptions *a,
              const CtExportOptions *b)
{
  return a->profile == b->profile && a->k == b->k && a->threshold == b->threshold
         && a->fresh_pseudonym_key == b->fresh_pseudonym_key && a->keep == b->keep
         && g_strcmp0 (a->agreement, b->agreement) == 0 && g_strcmp0 (a->reason, b->reason) == 0;
}

static CtExportReport *
report_copy (const CtExportReport *report)
{
  CtExportReport *copy = g_memdup2 (report, sizeof *report);

  copy->generalisation = g_strdup (report->generalisation);
  copy->coarsened = g_strdupv (report->coarsened);
  copy->sheets = g_strdupv (report->sheets);
  copy->export_month = g_strdup (report->export_month);
  copy->previous_export = g_strdup (report->previous_export);
  return copy;
}

/**
 * ct_export_gather_preview:
 * @gather: what ct_export_gather_finish() returned for @session
 *
 * ct_export_preview() without reading the team again: anonymises what
 * @gather read for @options. The result is kept for the next
 * ct_export_gather_write_async() with the same options, which then writes
 * it without anonymising again. Call in @session's thread.
 */
gboolean
ct_export_gather_preview (CtExportGather         *gather,
                          CtSession              *session,
                          const CtExportOptions  *options,
                          CtExportReport        **report,
                          GError                **error)
{
  g_return_val_if_fail (gather != NULL && CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (options != NULL && report != NULL, FALSE);

  if (!_ct_session_require_unlocked (session, error)
      || !check_options (session, options, FALSE, error))
    return FALSE;
  if (gather->cached_report == NULL || !same_options (&gather->cached_options, options))
    {
      ExData *data = _ct_export_apply (gather, session, options, FALSE, error);

      if (data == NULL)
        return FALSE;
      _ct_export_gather_forget (gather);
      gather->cached_data = data;
      gather->cached_report = _ct_export_anonymise (data, &gather->cached_model);
      gather->cached_options = *options;
      gather->cached_options.agreement = gather->cached_agreement = g_strdup (options->agreement);
      gather->cached_options.reason = gather->cached_reason = g_strdup (options->reason);
    }
  *report = report_copy (gather->cached_report);
  return TRUE;
}

/**
 * ct_export_gather_write_async:
 * @gather: what ct_export_gather_finish() returned for @session
 *
 * ct_export_workbook_async() without reading the team again: writes what
 * @gather read, anonymised for @options (the last preview's anonymisation
 * when it had the same options), in a worker thread. Finish with
 * ct_export_workbook_finish(). Call in @session's thread.
 */
void
ct_export_gather_write_async (CtExportGather         *gather,
                              CtSession              *session,
                              const char             *out_path,
                              const CtExportOptions  *options,
                              CtExportProgress        progress_cb,
                              gpointer                progress_data,
                              GDestroyNotify          progress_data_free,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTask *t;
  GError *error = NULL;

  g_return_if_fail (gather != NULL && CT_IS_SESSION (session));
  g_return_if_fail (out_path != NULL && options != NULL);

  task = new_export_task (session, ct_export_gather_write_async, out_path, progress_cb,
                          progress_data, progress_data_free, cancellable, callback, user_data,
                          &t);

  if (!_ct_session_require_unlocked (session, &error)
      || !ct_output_check_target (out_path, session, &error)
      || !check_options (session, options, TRUE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (gather->cached_report != NULL && same_options (&gather->cached_options, options))
    {
      /* The preview's anonymisation, taken: no later export reuses its
       * row order. */
      t->data = g_steal_pointer (&gather->cached_data);
      t->model = g_steal_pointer (&gather->cached_model);
      t->report = g_steal_pointer (&gather->cached_report);
      _ct_export_gather_forget (gather);
      if (!_ct_export_set_pseudonyms (gather, session, t->data, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else if ((t->data = _ct_export_apply (gather, session, options, TRUE, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!_ct_export_store_record_keys (session, t->data, &error)
      || (t->tmp_path = ct_output_create_temp (out_path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (t->report == NULL)
    t->report = _ct_export_anonymise (t->data, &t->model);
  if (progress_cb != NULL)
    progress_cb (0.3, progress_data);
  g_task_run_in_thread (task, export_thread);
}
