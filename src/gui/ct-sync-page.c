/* ct-sync-page.c — the Synchronisation page and the sync that runs while unlocked
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* CtSyncScheduler syncs the unlocked team with its sync folder every
 * minute and soon after the folder changes (a GFileMonitor on each other
 * replica's folder), through ct_session_sync_async(), so the window never
 * waits on the folder. The main page owns it while the team is unlocked
 * and drops it when the window locks: nothing syncs then. CtSyncPage shows
 * the status (docs/sync.md, "Status") and lets the member choose the
 * folder and sync now. */

#define G_LOG_DOMAIN "ct-sync-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-gui-windows.h"
#include "ct-page.h"
#include "ct-sync-page.h"
#include "ct-sync-unkept.h"

#define SYNC_INTERVAL_S 60
#define SYNC_AFTER_CHANGE_S 2

/* ---- the scheduler ------------------------------------------------------ */

struct _CtSyncScheduler
{
  GObject parent_instance;

  CtSession *session;
  GCancellable *cancellable;
  guint timer_id;
  guint soon_id;
  GPtrArray *monitors;
  gboolean running;
  CtSyncStatus *status;
  char *message;
  guint applied;
  guint lost;      /* edits of this laptop the last syncs did not keep, not yet shown */
  GArray *hidden;  /* gint64: households the last sync took out of the lists */
};

G_DEFINE_FINAL_TYPE (CtSyncScheduler, ct_sync_scheduler, G_TYPE_OBJECT)

enum { CHANGED, APPLIED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void watch_folder (CtSyncScheduler *self);

/* Whether the chain on this laptop removed its member: nothing more can
 * go out from here (docs/sync-security.md, "A removed member's own
 * laptop"), so the scheduler stops retrying. */
static gboolean
removed (CtSyncScheduler *self)
{
  return self->status != NULL && self->status->removed;
}

/* No timer, no folder watched: the removed laptop syncs no more. */
static void
stop_retrying (CtSyncScheduler *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  g_ptr_array_set_size (self->monitors, 0);
}

static void
refresh_status (CtSyncScheduler *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->status, ct_sync_status_free);
  if (self->session == NULL || ct_session_is_locked (self->session))
    return;
  if ((self->status = ct_session_sync_get_status (self->session, &error)) == NULL)
    {
      g_free (self->message);
      self->message = g_strdup (error->message);
    }
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(CtSyncScheduler) self = data;
  g_autoptr(GError) error = NULL;
  CtSyncSummary summary;

  self->running = FALSE;
  g_free (self->message);
  self->applied = 0;
  if (ct_session_sync_finish (CT_SESSION (object), result, &summary, &error))
    {
      self->message = ct_sync_summary_format (&summary);
      self->applied = summary.applied_files;
      self->lost += summary.lost_edits;
      g_clear_pointer (&self->hidden, g_array_unref);
      self->hidden = summary.hidden != NULL ? g_array_ref (summary.hidden) : NULL;
    }
  else
    self->message = g_strdup (error->message);
  ct_sync_summary_clear (&summary);
  if (self->session == NULL)
    return;
  refresh_status (self);
  if (removed (self))
    stop_retrying (self);
  else
    watch_folder (self);
  g_signal_emit (self, signals[CHANGED], 0);
  if (self->applied > 0)
    g_signal_emit (self, signals[APPLIED], 0, self->applied);
}

/**
 * ct_sync_scheduler_sync_now:
 *
 * Starts a sync unless one runs, the team is locked, no folder is chosen
 * or the chain removed this laptop's member; "changed" is emitted when it
 * starts and when it ends.
 */
void
ct_sync_scheduler_sync_now (CtSyncScheduler *self)
{
  g_return_if_fail (CT_IS_SYNC_SCHEDULER (self));

  if (self->running || self->session == NULL || ct_session_is_locked (self->session)
      || self->status == NULL || self->status->folder == NULL || removed (self))
    return;
  self->running = TRUE;
  ct_session_sync_async (self->session, self->status->folder, self->cancellable, synced_cb,
                         g_object_ref (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
timer_cb (gpointer data)
{
  ct_sync_scheduler_sync_now (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
soon_cb (gpointer data)
{
  CtSyncScheduler *self = data;

  self->soon_id = 0;
  ct_sync_scheduler_sync_now (self);
  return G_SOURCE_REMOVE;
}

static void
folder_changed_cb (CtSyncScheduler *self)
{
  if (self->soon_id == 0)
    self->soon_id = g_timeout_add_seconds (SYNC_AFTER_CHANGE_S, soon_cb, self);
}

static void
monitor (CtSyncScheduler *self,
         GFile           *dir)
{
  GFileMonitor *m = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, self->cancellable, NULL);

  if (m == NULL)
    return;
  g_signal_connect_swapped (m, "changed", G_CALLBACK (folder_changed_cb), self);
  g_ptr_array_add (self->monitors, m);
}

/* The folder and every replica's folder in it but this one's (@own):
 * the replica's own files are written by this laptop. Listed by a worker,
 * since the folder may be a slow share. */
static void
list_folders_thread (GTask        *task,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  char **args = data;  /* { folder, own device } */
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) teams = g_dir_open (args[0], 0, NULL);
  const char *name;

  g_ptr_array_add (dirs, g_strdup (args[0]));
  while (teams != NULL && (name = g_dir_read_name (teams)) != NULL)
    {
      g_autofree char *team = g_build_filename (args[0], name, NULL);
      g_autoptr(GDir) devices = NULL;
      const char *device;

      if (!g_str_has_prefix (name, "casustafel-") || !g_file_test (team, G_FILE_TEST_IS_DIR))
        continue;
      g_ptr_array_add (dirs, g_strdup (team));
      devices = g_dir_open (team, 0, NULL);
      while (devices != NULL && (device = g_dir_read_name (devices)) != NULL)
        if (g_strcmp0 (device, args[1]) != 0)
          g_ptr_array_add (dirs, g_build_filename (team, device, NULL));
    }
  g_task_return_pointer (task, g_steal_pointer (&dirs), (GDestroyNotify) g_ptr_array_unref);
}

static void
folders_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(CtSyncScheduler) self = data;
  g_autoptr(GPtrArray) dirs = g_task_propagate_pointer (G_TASK (result), NULL);

  if (dirs == NULL || self->session == NULL || removed (self))
    return;
  g_ptr_array_set_size (self->monitors, 0);
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (g_ptr_array_index (dirs, i));

      monitor (self, dir);
    }
}

static void
watch_folder (CtSyncScheduler *self)
{
  g_autoptr(GTask) task = NULL;
  char **args;

  if (self->status == NULL || self->status->folder == NULL)
    {
      g_ptr_array_set_size (self->monitors, 0);
      return;
    }
  args = g_new0 (char *, 3);
  args[0] = g_strdup (self->status->folder);
  args[1] = g_strdup (self->status->device);
  task = g_task_new (NULL, self->cancellable, folders_listed_cb, g_object_ref (self));
  g_task_set_task_data (task, args, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, list_folders_thread);
}

static void
monitor_free (gpointer data)
{
  g_signal_handlers_disconnect_matched (data, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        folder_changed_cb, NULL);
  g_file_monitor_cancel (data);
  g_object_unref (data);
}

/**
 * ct_sync_scheduler_stop:
 *
 * Stops syncing for good: the window is locking. A sync under way ends
 * after the file it is applying.
 */
void
ct_sync_scheduler_stop (CtSyncScheduler *self)
{
  g_return_if_fail (CT_IS_SYNC_SCHEDULER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  g_ptr_array_set_size (self->monitors, 0);
  g_clear_pointer (&self->status, ct_sync_status_free);
  g_clear_object (&self->session);
}

static void
ct_sync_scheduler_dispose (GObject *object)
{
  ct_sync_scheduler_stop (CT_SYNC_SCHEDULER (object));
  G_OBJECT_CLASS (ct_sync_scheduler_parent_class)->dispose (object);
}

static void
ct_sync_scheduler_finalize (GObject *object)
{
  CtSyncScheduler *self = CT_SYNC_SCHEDULER (object);

  g_ptr_array_unref (self->monitors);
  g_object_unref (self->cancellable);
  g_free (self->message);
  g_clear_pointer (&self->hidden, g_array_unref);
  G_OBJECT_CLASS (ct_sync_scheduler_parent_class)->finalize (object);
}

static void
ct_sync_scheduler_class_init (CtSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ct_sync_scheduler_dispose;
  object_class->finalize = ct_sync_scheduler_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CtSyncScheduler::applied:
   * @n_files: how many of other laptops' files the sync applied
   *
   * A sync ended that changed the team file: what is shown may be old.
   */
  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
ct_sync_scheduler_init (CtSyncScheduler *self)
{
  self->cancellable = g_cancellable_new ();
  self->monitors = g_ptr_array_new_with_free_func (monitor_free);
}

/**
 * ct_sync_scheduler_new:
 * @session: an unlocked session of a team file with sync on
 *
 * Returns: (transfer full): a scheduler that syncs every minute and soon
 *   after the folder changes, starting with one sync now; on a laptop
 *   whose member the chain removed, one that never syncs
 */
CtSyncScheduler *
ct_sync_scheduler_new (CtSession *session)
{
  CtSyncScheduler *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_SYNC_SCHEDULER, NULL);
  self->session = g_object_ref (session);
  refresh_status (self);
  if (removed (self))
    return self;
  watch_folder (self);
  self->timer_id = g_timeout_add_seconds (SYNC_INTERVAL_S, timer_cb, self);
  ct_sync_scheduler_sync_now (self);
  return self;
}

/**
 * ct_sync_scheduler_set_folder:
 *
 * Remembers @folder as this laptop's sync folder and syncs with it.
 */
gboolean
ct_sync_scheduler_set_folder (CtSyncScheduler *self,
                              const char      *folder,
                              GError         **error)
{
  g_return_val_if_fail (CT_IS_SYNC_SCHEDULER (self), FALSE);

  if (self->session == NULL || !ct_session_sync_set_folder (self->session, folder, error))
    return FALSE;
  refresh_status (self);
  watch_folder (self);
  g_signal_emit (self, signals[CHANGED], 0);
  ct_sync_scheduler_sync_now (self);
  return TRUE;
}

gboolean
ct_sync_scheduler_get_running (CtSyncScheduler *self)
{
  g_return_val_if_fail (CT_IS_SYNC_SCHEDULER (self), FALSE);
  return self->running;
}

/* Returns: (nullable): the status as the last sync left it */
const CtSyncStatus *
ct_sync_scheduler_get_status (CtSyncScheduler *self)
{
  g_return_val_if_fail (CT_IS_SYNC_SCHEDULER (self), NULL);
  return self->status;
}

/* Returns: how many folders are watched for changes (for the tests) */
guint
ct_sync_scheduler_get_n_watched (CtSyncScheduler *self)
{
  g_return_val_if_fail (CT_IS_SYNC_SCHEDULER (self), 0);
  return self->monitors->len;
}

/* Returns: whether the minute's timer is armed (for the tests) */
gboolean
ct_sync_scheduler_get_retrying (CtSyncScheduler *self)
{
  g_return_val_if_fail (CT_IS_SYNC_SCHEDULER (self), FALSE);
  return self->timer_id != 0;
}

/* Returns: how many other replicas' files the last sync applied */
guint
ct_sync_scheduler_get_applied (CtSyncScheduler *self)
{
  g_return_val_if_fail (CT_IS_SYNC_SCHEDULER (self), 0);
  return self->applied;
}

/**
 * ct_sync_scheduler_take_hidden:
 *
 * Returns: (transfer full) (nullable) (element-type gint64): the households
 *   the last sync took out of this member's lists (CtSyncSummary's
 *   hidden), once: a list drops their rows at once, before it reads again
 */
GArray *
ct_sync_scheduler_take_hidden (CtSyncScheduler *self)
{
  g_return_val_if_fail (CT_IS_SYNC_SCHEDULER (self), NULL);
  return g_steal_pointer (&self->hidden);
}

/* Returns: (nullable): the unlocked session it syncs */
CtSession *
ct_sync_scheduler_get_session (CtSyncScheduler *self)
{
  g_return_val_if_fail (CT_IS_SYNC_SCHEDULER (self), NULL);
  return self->session;
}

/* Returns: how many edits of this laptop the syncs since the last call
 * did not keep (CtSyncSummary's lost_edits), once */
guint
ct_sync_scheduler_take_lost (CtSyncScheduler *self)
{
  guint lost;

  g_return_val_if_fail (CT_IS_SYNC_SCHEDULER (self), 0);
  lost = self->lost;
  self->lost = 0;
  return lost;
}

/* Returns: (nullable): what the last sync did, or why it failed */
const char *
ct_sync_scheduler_get_message (CtSyncScheduler *self)
{
  g_return_val_if_fail (CT_IS_SYNC_SCHEDULER (self), NULL);
  return self->message;
}

/**
 * ct_sync_scheduler_update_indicator:
 *
 * Shows the sync's state on the header bar's quiet indicator: icon,
 * tooltip and accessible name say the same.
 */
void
ct_sync_scheduler_update_indicator (CtSyncScheduler *self,
                                    GtkButton       *button)
{
  g_autofree char *removal = NULL;
  const char *icon, *text;

  g_return_if_fail (CT_IS_SYNC_SCHEDULER (self));

  if (self->status != NULL && (removal = ct_sync_status_format_removal (self->status)) != NULL)
    icon = "dialog-warning-symbolic", text = removal;
  else if (self->running)
    icon = "emblem-synchronizing-symbolic", text = _("Syncing…");
  else if (self->status == NULL || self->status->folder == NULL)
    icon = "emblem-synchronizing-symbolic", text = _("No sync folder chosen");
  else
    switch (ct_sync_status_get_health (self->status))
      {
      case CT_SYNC_HEALTH_IN_SYNC:
        icon = "emblem-ok-symbolic", text = _("In sync");
        break;
      case CT_SYNC_HEALTH_WAITING:
        icon = "emblem-synchronizing-symbolic", text = _("Changes waiting");
        break;
      case CT_SYNC_HEALTH_PROBLEM:
      default:
        icon = "dialog-warning-symbolic", text = _("A sync problem");
        break;
      }
  gtk_button_set_icon_name (button, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

/* ---- the page --------------------------------------------------------- */

struct _CtSyncPage
{
  AdwBin parent_instance;

  CtSyncScheduler *scheduler;
  GtkWidget *prefs;
  GtkWidget *now_button;
  GPtrArray *groups;  /* the groups shown now, rebuilt on "changed" */
  GPtrArray *unkept;  /* CtSyncUnkept: read when the page is made and after a
                       * sync that did not keep an edit, not at every
                       * rebuild (each read is logged) */
  GtkFileChooserNative *chooser;
  GtkWidget *unkept_group;
};

/* A CtPage with nothing to reload (its scheduler tells it when the state
 * changes) and nothing to release before dispose. */
static void
ct_sync_page_page_iface_init (CtPageInterface *iface)
{
}

G_DEFINE_FINAL_TYPE_WITH_CODE (CtSyncPage, ct_sync_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CT_TYPE_PAGE, ct_sync_page_page_iface_init))

static char *
format_time (gint64 millis)
{
  g_autoptr(GDateTime) time = NULL;

  if (millis <= 0)
    return g_strdup (_("Never"));
  time = g_date_time_new_from_unix_local (millis / 1000);
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

static GtkWidget *
find_named_in (GtkWidget  *root,
               const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named_in (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
info_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
add_group (CtSyncPage *self,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->prefs), ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->groups, group);
  return group;
}

static void
chooser_response_cb (CtSyncPage *self,
                     int         response)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path =
    ct_gui_chooser_get_local_path (GTK_NATIVE_DIALOG (self->chooser), response, &error);

  if (error != NULL
      || (path != NULL && !ct_sync_scheduler_set_folder (self->scheduler, path, &error)))
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                _("Cannot Use This Folder"), error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_clear_object (&self->chooser);
}

static void
choose_folder_cb (CtSyncPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose the Sync Folder"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static GtkWidget *
suffix_button (const char *label,
               GCallback   callback,
               gpointer    data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", callback, data);
  return button;
}

static void
add_folder_group (CtSyncPage         *self,
                  const CtSyncStatus *status)
{
  GtkWidget *group = add_group (self, _("Sync Folder"),
                                _("A folder that Syncthing, Nextcloud or a network share keeps "
                                  "the same on every member’s laptop. Each laptop chooses its "
                                  "own."));
  GtkWidget *row = info_row (_("Folder"), status->folder != NULL ? status->folder
                                                                 : _("Not chosen yet"));
  GtkWidget *choose = suffix_button (_("C_hoose…"), G_CALLBACK (choose_folder_cb), self);
  GtkWidget *now = suffix_button (_("Sync _Now"), G_CALLBACK (ct_sync_scheduler_sync_now),
                                  self->scheduler);

  self->now_button = now;
  gtk_widget_set_name (now, "sync-now");
  gtk_widget_add_css_class (now, "suggested-action");
  gtk_widget_set_sensitive (now, status->folder != NULL && !status->removed
                                 && !ct_sync_scheduler_get_running (self->scheduler));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), now);
}

static void
add_state_group (CtSyncPage         *self,
                 const CtSyncStatus *status)
{
  GtkWidget *group = add_group (self, _("Status"), NULL);
  const char *message = ct_sync_scheduler_get_message (self->scheduler);
  g_autofree char *sent = format_time (status->last_sent);
  g_autofree char *received = format_time (status->last_received);
  g_autofree char *last = format_time (status->last_sync);
  g_autofree char *to_send = g_strdup_printf (ngettext ("%u change to send", "%u changes to send",
                                                       status->pending_changes
                                                       + status->unsent_files),
                                              status->pending_changes + status->unsent_files);
  g_autofree char *to_apply = g_strdup_printf (ngettext ("%u file of another laptop waits",
                                                        "%u files of other laptops wait",
                                                        status->waiting_files),
                                               status->waiting_files);
  g_autofree char *waiting = g_strdup_printf ("%s, %s", to_send, to_apply);
  const char *state;

  switch (ct_sync_status_get_health (status))
    {
    case CT_SYNC_HEALTH_IN_SYNC: state = _("In sync"); break;
    case CT_SYNC_HEALTH_WAITING: state = _("Changes waiting"); break;
    case CT_SYNC_HEALTH_PROBLEM:
    default: state = _("A sync problem"); break;
    }
  if (ct_sync_scheduler_get_running (self->scheduler))
    state = _("Syncing…");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             info_row (state, status->last_error != NULL ? status->last_error
                                              : message != NULL ? message : ""));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Last sync"), last));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             info_row (_("Last change sent"), sent));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             info_row (_("Last change received"), received));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             info_row (_("Changes waiting"), waiting));
}

/* The team removed this laptop's member: said first, since nothing more
 * syncs (ct_sync_status_format_removal()). */
static void
add_removal_group (CtSyncPage         *self,
                   const CtSyncStatus *status)
{
  g_autofree char *removal = ct_sync_status_format_removal (status);
  GtkWidget *group, *row;

  if (removal == NULL)
    return;
  group = add_group (self, _("Removed From the Team"), NULL);
  row = info_row (_("This laptop no longer syncs"), removal);
  gtk_widget_set_name (row, "sync-removed");
  gtk_widget_add_css_class (row, "error");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_replicas_group (CtSyncPage         *self,
                    const CtSyncStatus *status)
{
  GtkWidget *group = add_group (self, _("Other Laptops"),
                                _("The replicas of this team whose changes arrived here."));

  if (status->replicas->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               info_row (_("None yet"), _("No changes of another laptop have "
                                                          "arrived yet.")));
  for (guint i = 0; i < status->replicas->len; i++)
    {
      const CtSyncReplica *r = g_ptr_array_index (status->replicas, i);
      g_autofree char *when = format_time (r->last_millis);
      g_autofree char *subtitle = g_strdup_printf (_("Last activity: %s"), when);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 info_row (r->member != NULL ? r->member : _("Unknown member"),
                                           subtitle));
    }
}

static void
add_refused_group (CtSyncPage         *self,
                   const CtSyncStatus *status)
{
  GtkWidget *group;

  if (status->refused->len == 0)
    return;
  group = add_group (self, _("Refused Files"),
                     _("Nothing of a refused file is applied, and the later files of its "
                       "laptop wait behind it. A beheerder looks into it."));
  for (guint i = 0; i < status->refused->len; i++)
    {
      const CtSyncRefusal *r = g_ptr_array_index (status->refused, i);
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, r->seq);
      g_autofree char *title = g_strdup_printf (_("File %s of %s"), number,
                                                r->member != NULL ? r->member : r->device);
      GtkWidget *row = info_row (title, r->reason);

      gtk_widget_add_css_class (row, "error");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void rebuild (CtSyncPage *self);

/* Reads the edits not kept again (docs/sync-merge.md, "Edits not kept"). */
static void
read_unkept (CtSyncPage *self)
{
  CtSession *session = ct_sync_scheduler_get_session (self->scheduler);
  g_autoptr(GError) error = NULL;
  GPtrArray *unkept;

  if (session == NULL || ct_session_is_locked (session))
    return;
  if ((unkept = ct_session_sync_list_unkept (session, 0, &error)) == NULL)
    {
      g_warning ("Cannot read the edits not kept: %s", error->message);
      return;
    }
  g_clear_pointer (&self->unkept, g_ptr_array_unref);
  self->unkept = unkept;
}

/* After Dismiss: the page again, keyboard focus on the next Dismiss. */
static void
unkept_dismissed (gpointer data)
{
  CtSyncPage *self = data;
  GtkWidget *next;

  rebuild (self);
  next = self->unkept_group != NULL ? find_named_in (self->unkept_group, "unkept-dismiss")
                                    : NULL;
  gtk_widget_grab_focus (next != NULL ? next : self->prefs);
}

/* This laptop's edits a sync did not keep, those the member may read. */
static void
add_unkept_group (CtSyncPage *self)
{
  GtkWidget *group;

  self->unkept_group = NULL;
  if (self->unkept == NULL || self->unkept->len == 0)
    return;
  group = add_group (self, _("Edits Not Kept"),
                     _("Edits made on this laptop that a sync could not keep, since another "
                       "laptop changed the category of their record at the same time. Only "
                       "you see them: make them again where they belong, then dismiss them."));
  gtk_widget_set_name (group, "sync-unkept");
  self->unkept_group = group;
  ct_sync_unkept_fill (ADW_PREFERENCES_GROUP (group),
                       ct_sync_scheduler_get_session (self->scheduler), self->unkept,
                       G_CALLBACK (unkept_dismissed), self);
}

static void
rebuild (CtSyncPage *self)
{
  const CtSyncStatus *status = ct_sync_scheduler_get_status (self->scheduler);
  gboolean refocus = self->now_button != NULL && gtk_widget_has_focus (self->now_button);

  self->now_button = NULL;
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self->prefs),
                                 g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  self->unkept_group = NULL;
  if (status == NULL)
    return;
  if (ct_sync_scheduler_take_lost (self->scheduler) > 0)
    read_unkept (self);
  add_removal_group (self, status);
  add_folder_group (self, status);
  add_state_group (self, status);
  add_refused_group (self, status);
  add_unkept_group (self);
  add_replicas_group (self, status);
  /* Keyboard users keep their place: the button is made anew. */
  if (refocus)
    gtk_widget_grab_focus (gtk_widget_get_sensitive (self->now_button)
                             ? self->now_button : GTK_WIDGET (self->prefs));
}

static void
ct_sync_page_dispose (GObject *object)
{
  CtSyncPage *self = CT_SYNC_PAGE (object);

  if (self->scheduler != NULL)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_clear_object (&self->scheduler);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  G_OBJECT_CLASS (ct_sync_page_parent_class)->dispose (object);
}

static void
ct_sync_page_finalize (GObject *object)
{
  g_ptr_array_unref (CT_SYNC_PAGE (object)->groups);
  g_clear_pointer (&CT_SYNC_PAGE (object)->unkept, g_ptr_array_unref);
  G_OBJECT_CLASS (ct_sync_page_parent_class)->finalize (object);
}

static void
ct_sync_page_class_init (CtSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ct_sync_page_dispose;
  object_class->finalize = ct_sync_page_finalize;
}

static void
ct_sync_page_init (CtSyncPage *self)
{
  self->groups = g_ptr_array_new ();
}

/**
 * ct_sync_page_new:
 * @scheduler: (nullable): the team's scheduler; %NULL when sync is off
 *   for the team
 *
 * Returns: (transfer floating): the Synchronisation page
 */
GtkWidget *
ct_sync_page_new (CtSyncScheduler *scheduler)
{
  CtSyncPage *self = g_object_new (CT_TYPE_SYNC_PAGE, NULL);

  if (scheduler == NULL)
    {
      GtkWidget *off = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (off), "emblem-synchronizing-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (off), _("Sync Is Off"));
      adw_status_page_set_description (ADW_STATUS_PAGE (off),
                                       _("A beheerder switches sync on for the team before "
                                         "the team file is copied to the other members’ "
                                         "laptops. Until then this team file is used on one "
                                         "laptop at a time."));
      adw_bin_set_child (ADW_BIN (self), off);
      return GTK_WIDGET (self);
    }
  self->scheduler = g_object_ref (scheduler);
  self->prefs = adw_preferences_page_new ();
  adw_bin_set_child (ADW_BIN (self), self->prefs);
  g_signal_connect_swapped (scheduler, "changed", G_CALLBACK (rebuild), self);
  ct_sync_scheduler_take_lost (scheduler);
  read_unkept (self);
  rebuild (self);
  return GTK_WIDGET (self);
}
