/* ct-window-merge.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Conflict copies beside the open team file (docs/sync-merge.md, "Conflict
 * copies made by hand"). After an unlock the window looks for copies that
 * a sync program (Syncthing, Nextcloud, Dropbox, OneDrive) made of this
 * file and offers to merge them. Each copy is opened and compared with
 * this file in a worker (ct_session_merge_copy_async(): Argon2id, then a
 * scan of stored ciphertext), and what differs is merged in the session's
 * thread by the rules of ct_session_merge(), which keep every edit of
 * both sides. A copy merged whole is moved to the
 * trash, so the question is not asked again; a copy with values this
 * member's role may not write stays, for a member who may. */

#define G_LOG_DOMAIN "ct-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-main-page.h"
#include "ct-merge-copy-dialog.h"
#include "ct-window-private.h"

typedef struct
{
  CtWindow       *window;     /* owned */
  CtSession      *session;    /* owned: the session the copies merge into */
  GPtrArray      *copies;     /* owned paths */
  CtSecret       *passphrase;
  guint           next;
  guint           kept;       /* copies left beside the file */
  CtMergeSummary  total;
} MergeJob;

static void
merge_job_free (MergeJob *job)
{
  g_object_unref (job->window);
  g_object_unref (job->session);
  g_ptr_array_unref (job->copies);
  ct_secret_free (job->passphrase);
  g_free (job);
}

static void merge_next (MergeJob *job);

static void
add_summary (CtMergeSummary       *total,
             const CtMergeSummary *one)
{
  total->added += one->added;
  total->taken += one->taken;
  total->conflicts += one->conflicts;
  total->deleted += one->deleted;
  total->dropped += one->dropped;
  total->restricted += one->restricted;
  total->lost += one->lost;
  total->remade += one->remade;
  total->unmerged += one->unmerged;
}

/* A copy merged whole goes to the trash; one with values left out (the
 * member's role may not write them, or not read or write the edits of a
 * record whose category changed) stays for a member who may. */
static void
put_away (MergeJob             *job,
          const char           *path,
          const CtMergeSummary *summary)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  if (summary->restricted > 0 || summary->unmerged > 0 || !g_file_trash (file, NULL, &error))
    {
      if (error != NULL)
        g_debug ("A merged copy stays: %s", error->message);
      job->kept++;
    }
}

/* The summary can run long (docs/sync-merge.md, "Merging a copy"): it
 * wraps rather than be cut off, and one that counts edits not merged
 * stays until it is closed. */
static void
show_summary (MergeJob   *job,
              const char *message)
{
  AdwToast *toast;
  GtkWidget *label;

  ct_window_show_toast (job->window, message);
  if ((toast = _ct_window_get_toast (job->window)) == NULL)
    return;
  label = gtk_label_new (message);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 90);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Wide enough not to wrap early, on any screen from 1024 pixels. */
  gtk_label_set_width_chars (GTK_LABEL (label), MIN ((int) g_utf8_strlen (message, -1), 72));
  gtk_widget_add_css_class (label, "heading");
  adw_toast_set_custom_title (toast, label);
  if (job->total.unmerged + job->total.lost + job->total.restricted > 0)
    adw_toast_set_timeout (toast, 0);
}

static void
finish (MergeJob *job)
{
  g_autofree char *line = ct_merge_summary_format (&job->total);
  g_autofree char *message = NULL;

  if (job->kept == 0)
    message = g_strdup_printf ("%s %s", line,
                               g_dngettext (GETTEXT_PACKAGE, "The copy is in the trash.",
                                            "The copies are in the trash.", job->copies->len));
  else
    message = g_strdup_printf ("%s %s", line,
                               g_dngettext (GETTEXT_PACKAGE, "The copy stays beside the file.",
                                            "The copies stay beside the file.", job->kept));
  show_summary (job, message);
  ct_main_page_reload_cases (CT_MAIN_PAGE (job->window->main_page));
  merge_job_free (job);
}

static void
merged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MergeJob *job = user_data;
  g_autoptr(GError) error = NULL;
  const char *path = g_ptr_array_index (job->copies, job->next);
  g_autofree char *name = g_path_get_basename (path);
  CtMergeSummary summary = { 0 };
  gboolean merged;

  /* Locked or another team opened meanwhile: nothing is merged. */
  if (job->window->session != job->session || ct_session_is_locked (job->session))
    {
      merge_job_free (job);
      return;
    }
  merged = ct_session_merge_copy_finish (job->session, result, &summary, &error);
  if (!merged && g_error_matches (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS))
    {
      g_autofree char *problem = g_strdup_printf (_("The passphrase does not open “%s”."), name);

      _ct_window_offer_merge (job->window, job->session, problem);
      merge_job_free (job);
      return;
    }
  if (!merged)
    {
      g_autofree char *message = g_strdup_printf (_("Could not merge “%s”: %s"), name,
                                                  error->message);

      ct_window_show_toast (job->window, message);
      ct_main_page_reload_cases (CT_MAIN_PAGE (job->window->main_page));
      merge_job_free (job);
      return;
    }
  add_summary (&job->total, &summary);
  put_away (job, path, &summary);
  job->next++;
  merge_next (job);
}

static void
merge_next (MergeJob *job)
{
  if (job->next == job->copies->len)
    {
      finish (job);
      return;
    }
  ct_session_merge_copy_async (job->session, g_ptr_array_index (job->copies, job->next),
                               job->passphrase, NULL, merged_cb, job);
}

static void
response_cb (CtMergeCopyDialog *dialog,
             const char        *response,
             CtWindow          *self)
{
  MergeJob *job;

  if (!g_str_equal (response, "merge") || self->session == NULL)
    return;
  job = g_new0 (MergeJob, 1);
  job->window = g_object_ref (self);
  job->session = g_object_ref (self->session);
  job->copies = g_ptr_array_ref (ct_merge_copy_dialog_get_copies (dialog));
  job->passphrase = ct_merge_copy_dialog_take_passphrase (dialog);
  ct_window_show_toast (self, _("Merging…"));
  merge_next (job);
}

/**
 * _ct_window_offer_merge:
 * @problem: (nullable): why the last try failed
 *
 * Offers to merge the conflict copies beside @session's file, if any.
 * Never for a read-only file or a recovery session.
 */
void
_ct_window_offer_merge (CtWindow   *self,
                        CtSession  *session,
                        const char *problem)
{
  g_autoptr(GPtrArray) copies = NULL;
  GtkWidget *dialog;

  if (ct_session_is_read_only (session) || ct_session_is_recovery (session))
    return;
  copies = ct_sync_find_conflict_copies (ct_session_get_path (session));
  if (copies == NULL || copies->len == 0)
    return;
  dialog = ct_merge_copy_dialog_new (GTK_WINDOW (self), copies, problem);
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
