/* ct-join-window.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Join a team from a sync folder": the new member chooses the team's
 * sync folder on this laptop, types their login, the enrolment code the
 * beheerder gave them and a passphrase, and chooses where the new team
 * file goes (it must not exist). The join itself, Argon2id three times and
 * a replica built from the folder, runs in a worker (ct_sync_join_async());
 * the form waits with a spinner, and a refusal is shown under the form in
 * the core's words, which name the field or the file. docs/sync-join.md,
 * "Joining from the folder". */

#define G_LOG_DOMAIN "ct-join-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-gui-windows.h"
#include "ct-join-window-private.h"

#define TEAM_FILE_SUFFIX ".casus"

G_DEFINE_FINAL_TYPE (CtJoinWindow, ct_join_window, ADW_TYPE_WINDOW)

enum {
  JOINED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Frames during which a refusal just shown is scrolled into view: its
 * label is laid out, and the page's height known, only after a frame. */
#define SCROLL_FRAMES 3

/* The page scrolled to its end, where the refusal is, for a few frames:
 * a long one (a removal, a replica's folder and file) runs below the
 * window's height. */
static gboolean
scroll_to_error_cb (GtkWidget     *label,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  CtJoinWindow *self = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);

  if (scrolled != NULL)
    {
      GtkAdjustment *adjustment =
        gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                              - gtk_adjustment_get_page_size (adjustment));
    }
  if (++self->scroll_frames < SCROLL_FRAMES)
    return G_SOURCE_CONTINUE;
  self->scroll_id = 0;
  return G_SOURCE_REMOVE;
}

static void
show_error (CtJoinWindow *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The join's refusal, scrolled into view (not the passphrases' mismatch,
 * which shows while the member types). */
static void
show_refusal (CtJoinWindow *self,
              const char   *message)
{
  show_error (self, message);
  self->scroll_frames = 0;
  if (self->scroll_id == 0)
    self->scroll_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->error_label),
                                                    scroll_to_error_cb, self, NULL);
}

static gboolean
is_ready (CtJoinWindow *self)
{
  return !self->busy && self->folder != NULL && self->path != NULL
         && entry_text (self->login_row)[0] != '\0' && entry_text (self->code_row)[0] != '\0'
         && entry_text (self->passphrase_row)[0] != '\0'
         && g_strcmp0 (entry_text (self->passphrase_row), entry_text (self->repeat_row)) == 0;
}

static void
update_join (CtJoinWindow *self)
{
  gboolean same = g_strcmp0 (entry_text (self->passphrase_row), entry_text (self->repeat_row)) == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "join.join", is_ready (self));
  gtk_widget_set_sensitive (self->form, !self->busy);
  /* A join under way finishes: the window waits for it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.close", !self->busy);
  gtk_window_set_deletable (GTK_WINDOW (self), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  if (!same && entry_text (self->repeat_row)[0] != '\0')
    show_error (self, _("The two passphrases are not the same."));
  else if (!self->busy && g_strcmp0 (gtk_label_get_text (self->error_label),
                                     _("The two passphrases are not the same.")) == 0)
    show_error (self, NULL);
}

static void
set_row_path (AdwActionRow *row,
              const char   *path,
              const char   *none)
{
  g_autofree char *display = path != NULL ? g_filename_display_name (path) : NULL;

  adw_action_row_set_subtitle (row, display != NULL ? display : none);
}

void
_ct_join_window_set_folder (CtJoinWindow *self,
                            const char   *folder)
{
  g_free (self->folder);
  self->folder = g_strdup (folder);
  set_row_path (self->folder_row, folder, _("Not chosen"));
  update_join (self);
}

void
_ct_join_window_set_path (CtJoinWindow *self,
                          const char   *path)
{
  g_autofree char *with_suffix = NULL;

  if (path != NULL && !g_str_has_suffix (path, TEAM_FILE_SUFFIX))
    path = with_suffix = g_strconcat (path, TEAM_FILE_SUFFIX, NULL);
  g_free (self->path);
  self->path = g_strdup (path);
  set_row_path (self->file_row, path, _("Not chosen"));
  update_join (self);
}

static void
chooser_response_cb (CtJoinWindow    *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  GtkFileChooserAction action = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ct_gui_chooser_get_local_path (chooser, response, &error);

  if (path != NULL && action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER)
    _ct_join_window_set_folder (self, path);
  else if (path != NULL)
    _ct_join_window_set_path (self, path);
  else if (error != NULL)
    show_error (self, error->message);
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose (CtJoinWindow         *self,
        GtkFileChooserAction  action)
{
  const char *title = action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                        ? _("Choose the Team’s Sync Folder") : _("Save the New Team File");

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                               action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                 ? _("_Choose") : _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autofree char *name = g_strconcat (_("Team"), TEAM_FILE_SUFFIX, NULL);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  choose (CT_JOIN_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  choose (CT_JOIN_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

static void
join_finished_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CtJoinWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = NULL;

  if (!ct_sync_join_finish (result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  update_join (self);
  if (error != NULL)
    {
      show_refusal (self, error->message);
      return;
    }
  login = g_strdup (entry_text (self->login_row));
  g_signal_emit (self, signals[JOINED], 0, self->path, login);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
join_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CtJoinWindow *self = CT_JOIN_WINDOW (widget);

  if (!is_ready (self))
    return;
  show_error (self, NULL);
  self->busy = TRUE;
  update_join (self);
  /* The code and the passphrase are copied into wiped memory at once. */
  ct_sync_join_async (self->folder, self->path, entry_text (self->login_row),
                      entry_text (self->code_row), entry_text (self->passphrase_row),
                      self->cancellable, join_finished_cb, g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
}

static void
ct_join_window_dispose (GObject *object)
{
  CtJoinWindow *self = CT_JOIN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->scroll_id != 0 && self->error_label != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->error_label), self->scroll_id);
  self->scroll_id = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), CT_TYPE_JOIN_WINDOW);

  G_OBJECT_CLASS (ct_join_window_parent_class)->dispose (object);
}

static void
ct_join_window_finalize (GObject *object)
{
  CtJoinWindow *self = CT_JOIN_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_free (self->folder);
  g_free (self->path);

  G_OBJECT_CLASS (ct_join_window_parent_class)->finalize (object);
}

static void
ct_join_window_class_init (CtJoinWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_join_window_dispose;
  object_class->finalize = ct_join_window_finalize;

  /**
   * CtJoinWindow::joined:
   * @path: the new team file
   * @login: the member's login
   *
   * The member joined: @path is their replica, to be unlocked.
   */
  signals[JOINED] = g_signal_new ("joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                  G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-join-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CtJoinWindow, join_button);
  gtk_widget_class_bind_template_child (widget_class, CtJoinWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, CtJoinWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, CtJoinWindow, code_row);
  gtk_widget_class_bind_template_child (widget_class, CtJoinWindow, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, CtJoinWindow, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, CtJoinWindow, file_row);
  gtk_widget_class_bind_template_child (widget_class, CtJoinWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, CtJoinWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CtJoinWindow, form);
  gtk_widget_class_bind_template_callback (widget_class, update_join);

  gtk_widget_class_install_action (widget_class, "join.choose-folder", NULL,
                                   choose_folder_action);
  gtk_widget_class_install_action (widget_class, "join.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "join.join", NULL, join_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ct_join_window_init (CtJoinWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  _ct_join_window_set_folder (self, NULL);
  _ct_join_window_set_path (self, NULL);
}

CtJoinWindow *
ct_join_window_new (GtkWindow *parent)
{
  return g_object_new (CT_TYPE_JOIN_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
}
