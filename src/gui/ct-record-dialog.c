/* ct-record-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A small form for one record: a person to add, an organisation, a
 * consent, the end of an involvement. Each field is checked with the same
 * rules the referral assistant uses before anything is stored; what the
 * core refuses is shown under the field it names, and nothing is stored
 * then. Yes/no fields are switches. The record is written through the
 * session's write queue (ct_session_write_async(); HACKING.md, "Threads",
 * rule 4): "Saving…" on the button meanwhile (ct-saving.c), the form
 * taking no input and the window not closing until it is written, while
 * the rest of the window goes on. */

#define G_LOG_DOMAIN "ct-record-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-gui-labels.h"
#include "ct-record-dialog.h"
#include "ct-saving.h"

struct _CtRecordDialog
{
  AdwWindow parent_instance;

  CtSession *session;
  CtRecord *record;
  GPtrArray *editors;        /* CtFieldEditor */
  GPtrArray *switches;       /* GtkSwitch of the yes/no fields */
  GPtrArray *switch_fields;  /* const CtField, the field of the switch at the same index */
  CtRecordDialogSave save_func;
  gpointer save_data;
  GDestroyNotify save_data_free;
  gboolean saving;           /* a write is queued */
  GtkWidget *focus;          /* weak: what had the focus when it was queued */

  /* Template widgets */
  GtkWidget *save_button;
  AdwPreferencesGroup *group;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (CtRecordDialog, ct_record_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The editor of the field @error names, if this dialog shows it; never
 * found from the message, which is translated. */
static CtFieldEditor *
find_error_editor (CtRecordDialog *self,
                   const GError   *error)
{
  const char *table = ct_error_get_table (error);
  const char *field = ct_error_get_field (error);

  if (!g_error_matches (error, CT_ERROR, CT_ERROR_INVALID_FIELD) || table == NULL || field == NULL
      || !g_str_equal (ct_record_get_table (self->record)->name, table))
    return NULL;

  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);

      if (g_str_equal (editor->field->name, field))
        return editor;
    }
  return NULL;
}

/* Sets every field on @record; returns FALSE and marks the fields that
 * are wrong. */
static gboolean
collect_values (CtRecordDialog *self,
                CtRecord       *record)
{
  CtFieldEditor *first = NULL;

  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *text = ct_field_editor_get_text (editor);
      g_autoptr(GError) error = NULL;
      g_autofree char *value = ct_gui_field_from_text (editor->field, text, &error);

      ct_field_editor_set_error (editor, error != NULL ? error->message : NULL);
      if (error != NULL)
        first = first != NULL ? first : editor;
      else
        ct_record_set (record, editor->field->name, value[0] != '\0' ? value : NULL);
    }
  for (guint i = 0; i < self->switches->len; i++)
    {
      GtkSwitch *toggle = g_ptr_array_index (self->switches, i);
      const CtField *field = g_ptr_array_index (self->switch_fields, i);

      ct_record_set (record, field->name, gtk_switch_get_active (toggle) ? "true" : "false");
    }

  if (first != NULL)
    gtk_widget_grab_focus (ct_field_editor_get_focus (first));
  return first == NULL;
}

static void
show_error (CtRecordDialog *self,
            GError         *error)
{
  CtFieldEditor *editor = find_error_editor (self, error);

  if (editor != NULL)
    {
      ct_field_editor_set_error (editor, error->message);
      gtk_widget_grab_focus (ct_field_editor_get_focus (editor));
      return;
    }
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* While a write is queued the form takes no input and the dialog does
 * not close: what was typed meanwhile would be neither saved nor kept. */
static void
set_saving (CtRecordDialog *self,
            gboolean        saving)
{
  self->saving = saving;
  /* The focus leaves the form first, and comes back after: a text that
   * turns insensitive while it has the focus gets no focus-out. */
  if (saving)
    {
      g_set_weak_pointer (&self->focus, gtk_root_get_focus (GTK_ROOT (self)));
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->group), !saving);
  if (!saving && self->focus != NULL)
    gtk_widget_grab_focus (self->focus);
  if (!saving)
    g_clear_weak_pointer (&self->focus);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.save", !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.close", !saving);
}

/* One save in the write queue: the form's values in a record of its own,
 * and the save function with its data as they were when it was queued.
 * The dialog is held so that its save data lives as long as the write;
 * once it is destroyed the callback touches nothing of it. */
typedef struct
{
  CtRecordDialog     *dialog;
  CtRecord           *record;
  CtRecordDialogSave  func;
  gpointer            func_data;
} Save;

static void
save_free (gpointer data)
{
  Save *save = data;

  ct_record_unref (save->record);
  g_object_unref (save->dialog);
  g_free (save);
}

static gboolean
write_record (CtSession *session,
              gpointer   data,
              GError   **error)
{
  Save *save = data;

  return save->func (session, save->record, save->func_data, error);
}

/* Back from the write queue: closed with the record stored, or the error
 * shown where it always was. */
static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Save *save = ct_session_write_get_data (result);
  CtRecordDialog *self = save->dialog;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (CT_SESSION (source), result, &error);

  /* Destroyed meanwhile (its case let go, the team locked). */
  if (self->session == NULL)
    return;
  set_saving (self, FALSE);
  if (!ok)
    {
      show_error (self, error);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  CtRecordDialog *self = CT_RECORD_DIALOG (widget);
  g_autoptr(CtRecord) record = NULL;
  Save *save;

  if (self->saving)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  /* The values go into a copy: a refused save leaves the record as the
   * dialog was given it, and the write never reads a widget. */
  record = ct_record_copy (self->record);
  if (!collect_values (self, record))
    return;

  if (self->save_func == NULL)
    {
      g_signal_emit (self, signals[SAVED], 0);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  save = g_new0 (Save, 1);
  save->dialog = g_object_ref (self);
  save->record = g_steal_pointer (&record);
  save->func = self->save_func;
  save->func_data = self->save_data;
  set_saving (self, TRUE);
  ct_saving_write_async (self->session, write_record, save, save_free, self->save_button, NULL,
                         written_cb, NULL);
}

static void
entry_activated_cb (CtRecordDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "record.save", NULL);
}

static void
add_switch (CtRecordDialog *self,
            const CtField  *field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle),
                         g_strcmp0 (ct_record_get (self->record, field->name), "true") == 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (self->group, row);
  g_ptr_array_add (self->switches, toggle);
  g_ptr_array_add (self->switch_fields, (gpointer) field);
}

static void
add_field (CtRecordDialog *self,
           const CtField  *field)
{
  CtFieldEditor *editor;

  if (field->type == CT_FIELD_BOOL)
    {
      add_switch (self, field);
      return;
    }

  editor = ct_field_editor_new (field, NULL);
  ct_field_editor_set_editing (editor, TRUE);
  ct_field_editor_show_value (editor, ct_record_get (self->record, field->name), TRUE);
  if (ADW_IS_ENTRY_ROW (editor->row))
    g_signal_connect_swapped (editor->row, "entry-activated", G_CALLBACK (entry_activated_cb),
                              self);
  adw_preferences_group_add (self->group, editor->row);
  adw_preferences_group_add (self->group, editor->error_row);
  g_ptr_array_add (self->editors, editor);
}

static void
ct_record_dialog_dispose (GObject *object)
{
  CtRecordDialog *self = CT_RECORD_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->record, ct_record_unref);
  g_clear_weak_pointer (&self->focus);

  G_OBJECT_CLASS (ct_record_dialog_parent_class)->dispose (object);
}

static void
ct_record_dialog_finalize (GObject *object)
{
  CtRecordDialog *self = CT_RECORD_DIALOG (object);

  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_pointer (&self->switches, g_ptr_array_unref);
  g_clear_pointer (&self->switch_fields, g_ptr_array_unref);
  if (self->save_data_free != NULL)
    g_clear_pointer (&self->save_data, self->save_data_free);

  G_OBJECT_CLASS (ct_record_dialog_parent_class)->finalize (object);
}

static void
ct_record_dialog_class_init (CtRecordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_record_dialog_dispose;
  object_class->finalize = ct_record_dialog_finalize;

  /**
   * CtRecordDialog::saved:
   *
   * The record was stored; the dialog closes next.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-record-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtRecordDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CtRecordDialog, group);
  gtk_widget_class_bind_template_child (widget_class, CtRecordDialog, error_label);

  gtk_widget_class_install_action (widget_class, "record.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ct_record_dialog_init (CtRecordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Being written: it closes itself once it is. */
  ct_saving_keep_open (GTK_WINDOW (self), self->save_button);

  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_field_editor_free);
  self->switches = g_ptr_array_new ();
  self->switch_fields = g_ptr_array_new ();
}

/**
 * ct_record_dialog_new:
 * @record: the record to fill in; what it holds shows as the start values
 * @fields: (array zero-terminated=1): the fields to ask for, in order
 *
 * Returns: (transfer floating): the dialog, not yet shown
 */
CtRecordDialog *
ct_record_dialog_new (GtkWindow          *parent,
                      CtSession          *session,
                      CtRecord           *record,
                      const char * const *fields,
                      const char         *title,
                      const char         *save_label)
{
  CtRecordDialog *self;
  const CtTable *table;
  guint n;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CT_IS_SESSION (session), NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  self = g_object_new (CT_TYPE_RECORD_DIALOG, "transient-for", parent, "title", title, NULL);
  self->session = g_object_ref (session);
  self->record = ct_record_ref (record);
  gtk_button_set_label (GTK_BUTTON (self->save_button), save_label);

  table = ct_record_get_table (record);
  for (n = 0; fields[n] != NULL; n++)
    add_field (self, ct_table_get_field (table, fields[n]));
  /* A short form gets a short window; a long one scrolls. */
  gtk_window_set_default_size (GTK_WINDOW (self), 520, MIN (620, 180 + 56 * (int) n));
  return self;
}

void
ct_record_dialog_set_description (CtRecordDialog *self,
                                  const char     *description)
{
  g_return_if_fail (CT_IS_RECORD_DIALOG (self));

  adw_preferences_group_set_description (self->group, description);
}

/**
 * ct_record_dialog_set_save_func:
 * @func: stores the record, in the session's write queue: it runs after
 *   the save was asked for, in the session's thread, in one transaction
 * @user_data: for @func; the dialog keeps it until it is finalized, after
 *   the last write that uses it
 * @user_data_free: (nullable): frees @user_data then
 */
void
ct_record_dialog_set_save_func (CtRecordDialog     *self,
                                CtRecordDialogSave  func,
                                gpointer            user_data,
                                GDestroyNotify      user_data_free)
{
  g_return_if_fail (CT_IS_RECORD_DIALOG (self));
  g_return_if_fail (!self->saving);

  if (self->save_data_free != NULL)
    g_clear_pointer (&self->save_data, self->save_data_free);
  self->save_func = func;
  self->save_data = user_data;
  self->save_data_free = user_data_free;
}

CtFieldEditor *
ct_record_dialog_get_editor (CtRecordDialog *self,
                             const char     *field)
{
  g_return_val_if_fail (CT_IS_RECORD_DIALOG (self), NULL);

  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);

      if (g_str_equal (editor->field->name, field))
        return editor;
    }
  return NULL;
}

GtkSwitch *
ct_record_dialog_get_switch (CtRecordDialog *self,
                             const char     *field)
{
  g_return_val_if_fail (CT_IS_RECORD_DIALOG (self), NULL);

  for (guint i = 0; i < self->switches->len; i++)
    {
      const CtField *switch_field = g_ptr_array_index (self->switch_fields, i);

      if (g_str_equal (switch_field->name, field))
        return g_ptr_array_index (self->switches, i);
    }
  return NULL;
}
