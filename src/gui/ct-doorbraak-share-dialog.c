/* ct-doorbraak-share-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Sharing a breakthrough as an anonymised example: the core composes the
 * Markdown and checks it against every name, address and number in the
 * team file (ct-doorbraak.c). The dialog shows what it found, marked in
 * the text to rewrite, and refuses to save while it finds anything; a
 * clean text shows as it will read. A flagged word that is an ordinary
 * word here can be marked as not identifying, one word at a time, with a
 * reason the access log keeps. The dialog exists only while it is open,
 * so the text it holds goes with it and with the page's session; its file
 * chooser and reason dialogs go with it too.
 *
 * Its two writes, a word marked and the example marked as shared, go
 * through the session's write queue (ct_session_write_async(); HACKING.md,
 * "Threads", rule 4) with what they write copied; the button that started
 * one says "Saving…" (ct-saving.c), and the text and the other buttons
 * wait (update_sensitive()). A write still queued when the dialog goes is
 * given up (its GCancellable), and a dialog gone meanwhile is not touched. */

#define G_LOG_DOMAIN "ct-doorbraak-share-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-doorbraak.h"
#include "ct-doorbraak-share-dialog-private.h"
#include "ct-gui-windows.h"
#include "ct-output.h"
#include "ct-output-pdf.h"
#include "ct-reason-dialog.h"
#include "ct-saving.h"

G_DEFINE_FINAL_TYPE (CtDoorbraakShareDialog, ct_doorbraak_share_dialog, ADW_TYPE_WINDOW)

enum
{
  SHARED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Markdown headings become bold lines, list items bullets and a line in
 * single asterisks italic; everything else is plain text. It is what the
 * core composes (ct-doorbraak.c). */
static char *
markdown_to_markup (const char *markdown)
{
  g_auto(GStrv) lines = g_strsplit (markdown, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autofree char *escaped = NULL;

      if (g_str_has_prefix (line, "# "))
        escaped = g_markup_printf_escaped ("<span size=\"x-large\" weight=\"bold\">%s</span>",
                                           line + 2);
      else if (g_str_has_prefix (line, "## "))
        escaped = g_markup_printf_escaped ("<b>%s</b>", line + 3);
      else if (g_str_has_prefix (line, "- "))
        escaped = g_markup_printf_escaped ("•  %s", line + 2);
      else if (strlen (line) > 2 && line[0] == '*' && line[1] != '*'
               && g_str_has_suffix (line, "*"))
        {
          g_autofree char *inner = g_strndup (line + 1, strlen (line) - 2);

          escaped = g_markup_printf_escaped ("<i>%s</i>", inner);
        }
      else
        escaped = g_markup_escape_text (line, -1);
      g_string_append (out, escaped);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* On as many pages as the text needs, through a temporary name. */
static gboolean
save_pdf (const char *text,
          const char *path,
          GError    **error)
{
  g_autofree char *markup = markdown_to_markup (text);

  return ct_output_save_pdf (path, markup, TRUE, error);
}

static char *
share_text (CtDoorbraakShareDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->share_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* One button per flagged name, each once as written: each is marked on
 * its own, with its own reason (ct_doorbraak_mark_not_identifying()). */
static void
show_names (CtDoorbraakShareDialog *self,
            const char             *text,
            GPtrArray              *findings)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->names_box))) != NULL)
    gtk_flow_box_remove (self->names_box, child);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      CtFinding *f = g_ptr_array_index (findings, i);
      g_autofree char *word = g_strndup (text + f->offset, f->length);
      g_autofree char *label = NULL;
      GtkWidget *button;

      if (f->kind != CT_FINDING_NAME || !g_hash_table_add (seen, g_utf8_casefold (word, -1)))
        continue;
      label = g_strdup_printf (_("Mark “%s” as Not Identifying…"), word);
      button = gtk_button_new_with_label (label);
      gtk_widget_set_tooltip_text (button, _("Say why this word points at no one here"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "share.mark-not-identifying");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", word);
      gtk_flow_box_append (self->names_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->names_box), g_hash_table_size (seen) > 0);
}

/* The text and the buttons wait while a write of the dialog is queued. */
static void
update_sensitive (CtDoorbraakShareDialog *self)
{
  gboolean idle = !self->busy;

  gtk_text_view_set_editable (self->share_view, idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), self->composed && idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_md_button), self->clean && idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_pdf_button), self->clean && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.mark-not-identifying", idle);
}

static void
set_busy (CtDoorbraakShareDialog *self,
          gboolean                busy)
{
  self->busy = busy;
  update_sensitive (self);
}

/* Byte ranges of the findings become highlighted character ranges. */
static void
show_findings (CtDoorbraakShareDialog *self,
               const char             *text,
               GPtrArray              *findings,
               const char             *message)
{
  const CtTable *table = ct_schema_get_table ("doorbraken");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->share_view);
  GtkTextIter start, end;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *markup = NULL;
  g_auto(GStrv) marked = NULL;
  gboolean clean;

  /* The core has left out the names marked as not identifying. */
  clean = message == NULL && findings != NULL && findings->len == 0;
  if (clean)
    marked = ct_doorbraak_list_not_identifying (self->session, self->doorbraak_id, NULL);
  show_names (self, text, findings);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "finding", &start, &end);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      CtFinding *f = g_ptr_array_index (findings, i);
      const CtField *field = f->field != NULL ? ct_table_get_field (table, f->field) : NULL;

      gtk_text_buffer_get_iter_at_offset (buffer, &start,
                                          g_utf8_pointer_to_offset (text, text + f->offset));
      gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                          g_utf8_pointer_to_offset (text, text + f->offset
                                                                          + f->length));
      gtk_text_buffer_apply_tag_by_name (buffer, "finding", &start, &end);
      /* The kind and the field, never the words themselves. */
      g_string_append_printf (list, "%s• %s — %s", list->len > 0 ? "\n" : "",
                              ct_finding_kind_to_string (f->kind),
                              field != NULL ? _(field->label) : _("text"));
    }

  gtk_label_set_text (self->share_status_label,
                      clean && marked != NULL && marked[0] != NULL
                      ? _("Nothing else was found: the names left are marked as not "
                          "identifying, each with a reason in the access log. You can save the "
                          "example.")
                      : clean ? _("No names, addresses or numbers of anyone in the team file were "
                                  "found. You can save the example.")
                      : message != NULL ? message : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->share_status_label), clean ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->share_status_label), clean ? "success" : "error");
  gtk_label_set_text (self->findings_label, list->str);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_label), list->len > 0);
  /* What leaves the team, as it will read; the Markdown itself, with
   * what was found marked, to rewrite it. */
  markup = markdown_to_markup (text);
  gtk_label_set_markup (self->share_preview_label, markup);
  gtk_stack_set_visible_child_name (self->share_stack, clean ? "preview" : "edit");
  self->clean = clean;
  update_sensitive (self);
}

static void
check_again_cb (CtDoorbraakShareDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *text = share_text (self);

  if (ct_doorbraak_check_example (self->session, self->doorbraak_id, text, &findings, &error)
      && findings->len > 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The text still holds words that could identify a person (%u). "
                           "Rewrite them before sharing."), findings->len);
      show_findings (self, text, findings, message);
    }
  else
    show_findings (self, text, findings, error ? error->message : NULL);
}

typedef struct
{
  CtDoorbraakShareDialog *dialog;
  char                   *word;
} NotIdentifying;

static void
not_identifying_free (gpointer  data,
                      GClosure *closure)
{
  NotIdentifying *request = data;

  g_free (request->word);
  g_free (request);
}

/* A word marked as not identifying, on its way through the write queue;
 * the dialog is a weak reference (ct_saving_write()). */
typedef struct
{
  gint64   doorbraak_id;
  char    *text;
  char    *word;
  char    *reason;
} Marking;

static void
marking_free (gpointer data)
{
  Marking *marking = data;

  g_free (marking->text);
  g_free (marking->word);
  g_free (marking->reason);
  g_free (marking);
}

static gboolean
write_marking (CtSession *session,
               gpointer   data,
               GError   **error)
{
  Marking *marking = data;

  return ct_doorbraak_mark_not_identifying (session, marking->doorbraak_id, marking->text,
                                            marking->word, marking->reason, error);
}

/* Back from the write queue: the text checked again, or the error under
 * the text as before. A write given up or a lock says nothing. */
static void
marked_cb (gpointer      owner,
           CtSession    *session,
           GAsyncResult *result)
{
  CtDoorbraakShareDialog *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);

  if (self == NULL || g_cancellable_is_cancelled (self->writing))
    return;
  set_busy (self, FALSE);
  if (!ok)
    {
      if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
        gtk_label_set_text (self->share_status_label, error->message);
      return;
    }
  check_again_cb (self);
}

/* The button that marks @word, or NULL. */
static GtkWidget *
name_button (CtDoorbraakShareDialog *self,
             const char             *word)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->names_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));

      if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), word) == 0)
        return button;
    }
  return NULL;
}

static void
not_identifying_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             NotIdentifying   *request)
{
  CtDoorbraakShareDialog *self = request->dialog;
  Marking *marking;

  if (!g_str_equal (response, CT_REASON_DIALOG_CONFIRM) || self->busy)
    return;
  marking = g_new0 (Marking, 1);
  marking->doorbraak_id = self->doorbraak_id;
  marking->text = share_text (self);
  marking->word = g_strdup (request->word);
  marking->reason = ct_reason_dialog_dup_reason (dialog);
  set_busy (self, TRUE);
  ct_saving_write (self, self->session, write_marking, marking, marking_free,
                   name_button (self, request->word), self->writing, marked_cb);
}

/* The checker flags a word because someone in the file carries it in their
 * name; here it may be the ordinary word ("Meer dan drie maanden"). The
 * member says so for that one word, with a reason, which the access log
 * keeps at once; BSNs, addresses and numbers cannot be marked. The reason
 * dialog is the share dialog's own (ct_reason_dialog_new()), closed with
 * it, so @request->dialog does not dangle. */
static void
mark_not_identifying_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CtDoorbraakShareDialog *self = CT_DOORBRAAK_SHARE_DIALOG (widget);
  const char *word = g_variant_get_string (parameter, NULL);
  NotIdentifying *request = g_new0 (NotIdentifying, 1);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  heading = g_strdup_printf (_("Mark “%s” as Not Identifying?"), word);
  body = g_strdup_printf (_("The check flagged “%s” because someone in the team file has it in "
                            "their name. If in this text it is an ordinary word that points at "
                            "no one, say why. The word and your reason are written to the "
                            "access log now; other flagged words stay flagged."), word);
  dialog = ct_reason_dialog_new (widget, heading, body, _("_Mark as Not Identifying"));
  request->dialog = self;
  request->word = g_strdup (word);
  g_signal_connect_data (dialog, "response", G_CALLBACK (not_identifying_response_cb), request,
                         not_identifying_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The example saved, or why not, on the dialog while it is there; a
 * save given up with the dialog, or a lock, says nothing. */
static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(CtDoorbraakShareDialog) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_doorbraak_share_dialog_save_finish (result, &error);

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL || g_cancellable_is_cancelled (self->writing)
      || g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    return;
  ct_gui_show_toast (GTK_WIDGET (self->share_status_label),
                     ok ? _("Example saved and marked as shared") : error->message);
}

/* The dialog holds the chooser and cancels it when it goes, so an answer
 * always finds the dialog and the session it was asked for. */
static void
save_response_cb (GtkNativeDialog        *native,
                  int                     response,
                  CtDoorbraakShareDialog *self)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean pdf = self->chooser_pdf;
  GWeakRef *ref;

  if (self->busy)
    return;
  /* A file not on this computer has no path: the example is neither
   * written nor marked as shared, and the member hears why. */
  path = ct_gui_chooser_get_local_path (GTK_NATIVE_DIALOG (chooser), response, &error);
  if (path == NULL)
    {
      if (error != NULL)
        ct_gui_show_toast (GTK_WIDGET (self->share_status_label), error->message);
      return;
    }
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  ct_doorbraak_share_dialog_save_async (self, pdf ? NULL : path, pdf ? path : NULL, saved_cb, ref);
}

static void
choose_file (CtDoorbraakShareDialog *self,
             gboolean                pdf)
{
  if (self->chooser != NULL || self->busy)
    return;
  self->chooser =
    gtk_file_chooser_native_new (_("Save the Example"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  self->chooser_pdf = pdf;
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     pdf ? _("doorbraak.pdf") : _("doorbraak.md"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_md_cb (CtDoorbraakShareDialog *self)
{
  choose_file (self, FALSE);
}

static void
save_pdf_cb (CtDoorbraakShareDialog *self)
{
  choose_file (self, TRUE);
}

/* The chooser goes first: it is transient for the dialog. */
static void
ct_doorbraak_share_dialog_dispose (GObject *object)
{
  CtDoorbraakShareDialog *self = CT_DOORBRAAK_SHARE_DIALOG (object);

  /* A write still queued is given up with the text it holds. */
  if (self->writing != NULL)
    g_cancellable_cancel (self->writing);
  ct_gui_clear_chooser (&self->chooser);
  ct_gui_close_owned_windows (self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ct_doorbraak_share_dialog_parent_class)->dispose (object);
}

static void
ct_doorbraak_share_dialog_finalize (GObject *object)
{
  CtDoorbraakShareDialog *self = CT_DOORBRAAK_SHARE_DIALOG (object);

  g_clear_object (&self->writing);
  G_OBJECT_CLASS (ct_doorbraak_share_dialog_parent_class)->finalize (object);
}

static void
ct_doorbraak_share_dialog_class_init (CtDoorbraakShareDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_doorbraak_share_dialog_dispose;
  object_class->finalize = ct_doorbraak_share_dialog_finalize;

  /**
   * CtDoorbraakShareDialog::shared:
   * @id: the breakthrough, now "gedeeld"
   *
   * The example was saved and the breakthrough marked as shared.
   */
  signals[SHARED] = g_signal_new ("shared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-doorbraak-share-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtDoorbraakShareDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbraakShareDialog, share_status_label);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbraakShareDialog, findings_label);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbraakShareDialog, share_view);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbraakShareDialog, share_stack);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbraakShareDialog, share_preview_label);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbraakShareDialog, names_box);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbraakShareDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbraakShareDialog, save_md_button);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbraakShareDialog, save_pdf_button);
  gtk_widget_class_bind_template_callback (widget_class, check_again_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_md_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_pdf_cb);

  gtk_widget_class_install_action (widget_class, "share.mark-not-identifying", "s",
                                   mark_not_identifying_action);
}

static void
ct_doorbraak_share_dialog_init (CtDoorbraakShareDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->writing = g_cancellable_new ();
  gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->share_view), "finding",
                              "background", "#f6d32d", "foreground", "#000000",
                              "underline", PANGO_UNDERLINE_ERROR, "weight", PANGO_WEIGHT_BOLD,
                              NULL);
}

/**
 * ct_doorbraak_share_dialog_new:
 * @session: the session the breakthrough is read through
 * @doorbraak_id: the breakthrough to share
 *
 * Composes the example and checks it at once.
 */
GtkWidget *
ct_doorbraak_share_dialog_new (GtkWindow *parent,
                               CtSession *session,
                               gint64     doorbraak_id)
{
  CtDoorbraakShareDialog *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *md = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);
  g_return_val_if_fail (doorbraak_id > 0, NULL);

  self = g_object_new (CT_TYPE_DOORBRAAK_SHARE_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->doorbraak_id = doorbraak_id;
  ct_doorbraak_share_markdown (session, doorbraak_id, &md, &findings, &error);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->share_view), md ? md : "", -1);
  self->composed = md != NULL;
  show_findings (self, md ? md : "", findings, error ? error->message : NULL);
  return GTK_WIDGET (self);
}

gint64
ct_doorbraak_share_dialog_get_id (CtDoorbraakShareDialog *self)
{
  g_return_val_if_fail (CT_IS_DOORBRAAK_SHARE_DIALOG (self), 0);

  return self->doorbraak_id;
}

/* The example on its way: the breakthrough marked as shared through the
 * write queue, then the files written; the dialog is a weak reference
 * (ct_saving_write()). */
typedef struct
{
  gint64    doorbraak_id;
  char     *text;
  char     *md_path;
  char     *pdf_path;
  GTask    *task;
} Sharing;

static void
sharing_free (gpointer data)
{
  Sharing *sharing = data;

  g_free (sharing->text);
  g_free (sharing->md_path);
  g_free (sharing->pdf_path);
  g_clear_object (&sharing->task);
  g_free (sharing);
}

static gboolean
write_sharing (CtSession *session,
               gpointer   data,
               GError   **error)
{
  Sharing *sharing = data;

  return ct_doorbraak_mark_shared (session, sharing->doorbraak_id, sharing->text, error);
}

/* Marked, so the core found nothing in the text: the files are written
 * now, as before; one that cannot be written leaves the mark, and says
 * so. Refused or given up, nothing is written. */
static void
shared_cb (gpointer      owner,
           CtSession    *session,
           GAsyncResult *result)
{
  Sharing *sharing = ct_session_write_get_data (result);
  CtDoorbraakShareDialog *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error)
                && (sharing->md_path == NULL
                    || g_file_set_contents (sharing->md_path, sharing->text, -1, &error))
                && (sharing->pdf_path == NULL
                    || save_pdf (sharing->text, sharing->pdf_path, &error));

  if (self != NULL && !g_cancellable_is_cancelled (self->writing))
    {
      set_busy (self, FALSE);
      if (ok)
        g_signal_emit (self, signals[SHARED], 0, sharing->doorbraak_id);
    }
  if (ok)
    g_task_return_boolean (sharing->task, TRUE);
  else
    g_task_return_error (sharing->task, g_steal_pointer (&error));
}

/**
 * ct_doorbraak_share_dialog_save_async:
 * @md_path: (nullable): where to write the Markdown
 * @pdf_path: (nullable): where to write the PDF
 * @callback: called with ct_doorbraak_share_dialog_save_finish()'s answer
 *
 * What the save buttons do once a file is chosen: the core checks the text
 * in the dialog once more and marks the breakthrough as shared, through
 * the session's write queue, then the files are written and
 * #CtDoorbraakShareDialog::shared is emitted. The text is taken now; the
 * button says "Saving…" meanwhile. A dialog closed before the write runs
 * gives it up: nothing is marked or written.
 */
void
ct_doorbraak_share_dialog_save_async (CtDoorbraakShareDialog *self,
                                      const char             *md_path,
                                      const char             *pdf_path,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Sharing *sharing;

  g_return_if_fail (CT_IS_DOORBRAAK_SHARE_DIALOG (self));
  g_return_if_fail (!self->busy);

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, ct_doorbraak_share_dialog_save_async);
  /* Never over a team file, a folder or a device (docs/robustness.md). */
  if ((md_path != NULL && !ct_output_check_target (md_path, self->session, &error))
      || (pdf_path != NULL && !ct_output_check_target (pdf_path, self->session, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sharing = g_new0 (Sharing, 1);
  sharing->doorbraak_id = self->doorbraak_id;
  sharing->text = share_text (self);
  sharing->md_path = g_strdup (md_path);
  sharing->pdf_path = g_strdup (pdf_path);
  sharing->task = g_steal_pointer (&task);
  set_busy (self, TRUE);
  ct_saving_write (self, self->session, write_sharing, sharing, sharing_free,
                   GTK_WIDGET (pdf_path != NULL ? self->save_pdf_button : self->save_md_button),
                   self->writing, shared_cb);
}

/**
 * ct_doorbraak_share_dialog_save_finish:
 *
 * Returns: whether the breakthrough was marked as shared and the files
 *   written; %FALSE with @error set when the check refused the text
 *   (nothing written), a file could not be written (the breakthrough stays
 *   marked), or the dialog went first (%G_IO_ERROR_CANCELLED)
 */
gboolean
ct_doorbraak_share_dialog_save_finish (GAsyncResult *result,
                                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ct_doorbraak_share_dialog_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
