/* ct-doorbraken-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-doorbraken-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-budget.h"
#include "ct-doorbraak.h"
#include "ct-doorbraken-page-private.h"
#include "ct-error.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-output.h"
#include "ct-output-pdf.h"
#include "ct-page.h"
#include "ct-reason-dialog.h"

/* The register of doorbraken: a list per case with its status, the record
 * in a form, one step of status at a time, and Share…, which runs the core's
 * checker and refuses to write Markdown or PDF while it finds anything. */

static void ct_doorbraken_page_page_iface_init (CtPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CtDoorbrakenPage, ct_doorbraken_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CT_TYPE_PAGE, ct_doorbraken_page_page_iface_init))

/* The fields the form edits, in the order a person tells the story. */
static const char *const form_fields[] = {
  "situation", "goal", "blocked_rule", "blocked_article", "blocked_owner", "alternative",
  "budget_cents", "decided_by", "mandate", "legitimation", "result", "cost_before_cents",
  "cost_after_cents", "scope", "lesson", "reached_on", NULL,
};

/* The share dialog exists only while it is open, built from its own .ui:
 * the text it holds goes with it, and with the page's session. The
 * window comes first. */
static const CtGuiChild share_children[] = {
  { "share_dialog", G_STRUCT_OFFSET (CtDoorbrakenPage, share_dialog) },
  { "share_status_label", G_STRUCT_OFFSET (CtDoorbrakenPage, share_status_label) },
  { "findings_label", G_STRUCT_OFFSET (CtDoorbrakenPage, findings_label) },
  { "share_view", G_STRUCT_OFFSET (CtDoorbrakenPage, share_view) },
  { "share_stack", G_STRUCT_OFFSET (CtDoorbrakenPage, share_stack) },
  { "share_preview_label", G_STRUCT_OFFSET (CtDoorbrakenPage, share_preview_label) },
  { "names_box", G_STRUCT_OFFSET (CtDoorbrakenPage, names_box) },
  { "check_button", G_STRUCT_OFFSET (CtDoorbrakenPage, check_button) },
  { "save_md_button", G_STRUCT_OFFSET (CtDoorbrakenPage, save_md_button) },
  { "save_pdf_button", G_STRUCT_OFFSET (CtDoorbrakenPage, save_pdf_button) },
};

static void check_again_cb (CtDoorbrakenPage *self);
static char *markdown_to_markup (const char *markdown);
static void save_md_cb (CtDoorbrakenPage *self);
static void save_pdf_cb (CtDoorbrakenPage *self);
static void not_identifying_cb (GtkButton        *button,
                                CtDoorbrakenPage *self);

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "voorgesteld") == 0)
    return _("Proposed");
  if (g_strcmp0 (status, "goedgekeurd") == 0)
    return _("Approved");
  if (g_strcmp0 (status, "uitgevoerd") == 0)
    return _("Carried out");
  if (g_strcmp0 (status, "gedeeld") == 0)
    return _("Shared");
  return "";
}

static const char *
advance_label (const char *status)
{
  if (g_strcmp0 (status, "voorgesteld") == 0)
    return _("_Approve");
  if (g_strcmp0 (status, "goedgekeurd") == 0)
    return _("Mark as _Carried Out");
  return NULL;
}

static const CtField *
doorbraak_field (const char *name)
{
  return ct_table_get_field (ct_schema_get_table ("doorbraken"), name);
}

static GtkWidget *
form_row (CtDoorbrakenPage *self,
          const char       *name)
{
  const CtField *field = doorbraak_field (name);
  GtkWidget *row;

  if (field->type == CT_FIELD_ENUM)
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

      gtk_string_list_append (model, _("Not set"));
      gtk_string_list_append (model, _("individual"));
      gtk_string_list_append (model, _("structural"));
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
    }
  else
    row = adw_entry_row_new ();

  if (field->type == CT_FIELD_CENTS)
    {
      g_autofree char *title = g_strdup_printf (_("%s (euros)"), _(field->label));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  else if (field->type == CT_FIELD_DATE)
    {
      g_autofree char *title = ct_gui_date_title (_(field->label));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
  g_object_set_data (G_OBJECT (row), "field", (gpointer) name);
  return row;
}

static void
build_form (CtDoorbrakenPage *self)
{
  self->case_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->case_row), _("Case"));
  adw_preferences_group_add (self->form_group, GTK_WIDGET (self->case_row));

  self->rows = g_ptr_array_new ();
  for (guint i = 0; form_fields[i] != NULL; i++)
    {
      GtkWidget *row = form_row (self, form_fields[i]);

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (self->form_group, row);
    }
}

static void
set_row_value (GtkWidget  *row,
               const char *value)
{
  const CtField *field = doorbraak_field (g_object_get_data (G_OBJECT (row), "field"));

  gtk_widget_remove_css_class (row, "error");
  if (ADW_IS_COMBO_ROW (row))
    adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                                g_strcmp0 (value, "individueel") == 0 ? 1
                                : g_strcmp0 (value, "structureel") == 0 ? 2 : 0);
  else
    {
      /* Amounts and dates as the case page edits them, in the language's
       * own notation. */
      g_autofree char *text = ct_gui_field_to_text (field, value);

      gtk_editable_set_text (GTK_EDITABLE (row), text);
    }
}

static void
load_cases (CtDoorbrakenPage *self)
{
  g_autoptr(GtkStringList) numbers = ct_gui_record_choices (self->session, "cases", "number",
                                                            self->case_ids);

  adw_combo_row_set_model (self->case_row, G_LIST_MODEL (numbers));
}

static const char *
case_number_of (CtDoorbrakenPage *self,
                gint64            case_id)
{
  GListModel *model = adw_combo_row_get_model (self->case_row);

  for (guint i = 0; i < self->case_ids->len; i++)
    if (g_array_index (self->case_ids, gint64, i) == case_id)
      return gtk_string_list_get_string (GTK_STRING_LIST (model), i);
  return "?";
}

static void
show_record (CtDoorbrakenPage *self)
{
  CtRecord *d = self->current;
  const char *status = d != NULL ? ct_record_get (d, "status") : NULL;
  const char *advance = advance_label (status);
  gboolean can_share = status != NULL && !g_str_equal (status, "voorgesteld");
  gboolean may_advance;
  gboolean may_check;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      set_row_value (row, d != NULL ? ct_record_get (d, g_object_get_data (G_OBJECT (row),
                                                                             "field")) : NULL);
    }
  for (guint i = 0; d != NULL && i < self->case_ids->len; i++)
    if (g_array_index (self->case_ids, gint64, i) == ct_record_get_int (d, "case_id"))
      adw_combo_row_set_selected (self->case_row, i);
  gtk_widget_set_sensitive (GTK_WIDGET (self->case_row), d == NULL || ct_record_get_id (d) == 0);

  gtk_label_set_text (self->status_label, d == NULL ? _("New breakthrough")
                      : ct_record_get_id (d) == 0 ? _("New breakthrough") : status_label (status));
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->advance_button), advance != NULL);
  if (advance != NULL)
    {
      gtk_button_set_label (self->advance_button, advance);
      gtk_button_set_use_underline (self->advance_button, TRUE);
    }
  /* Approving is for the voorzitter or a beheerder: others see the step,
   * and why it is not theirs. */
  may_advance = advance != NULL && ct_record_get_id (d) > 0 && self->session != NULL
                && ct_doorbraak_can_advance (self->session, status);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->advance_button),
                               advance != NULL && !may_advance && ct_record_get_id (d) > 0
                               ? _("Only the voorzitter or a beheerder approves a breakthrough")
                               : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doorbraken.advance", may_advance);
  /* Taking an approval back later: whoever may approve, with a reason. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->withdraw_button)),
                          g_strcmp0 (status, "goedgekeurd") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doorbraken.withdraw-approval",
                                 g_strcmp0 (status, "goedgekeurd") == 0 && self->session != NULL
                                 && ct_doorbraak_can_advance (self->session, "voorgesteld"));
  /* The check before sharing reads every name in the file; a role that
   * may not read identity data (the voorzitter's) cannot run it, and is
   * told so here rather than in a dialog with nothing in it. */
  may_check = self->session != NULL && ct_session_can_read (self->session, CT_CATEGORY_IDENTITY);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->share_button),
                               can_share && !may_check
                               ? _("Sharing checks the text against the names in the team file, "
                                   "which your role may not read. Ask a team member whose role "
                                   "sees identity data to share this example.")
                               : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doorbraken.share", can_share && may_check);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doorbraken.save", self->session != NULL);
}

static GtkWidget *
list_row (CtDoorbrakenPage *self,
          CtRecord         *d)
{
  const char *what = ct_record_get (d, "blocked_rule") != NULL ? ct_record_get (d, "blocked_rule")
                                                               : ct_record_get (d, "situation");

  /* A breakthrough of a category this member may not read: only its
   * bookkeeping is theirs (docs/categories.md). */
  if (what == NULL)
    what = _("Restricted");
  g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                               case_number_of (self, ct_record_get_int (d, "case_id")),
                                               status_label (ct_record_get (d, "status")));
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "record", ct_record_ref (d),
                          (GDestroyNotify) ct_record_unref);
  return row;
}

static void
load_list (CtDoorbrakenPage *self,
           gint64            select_id)
{
  g_autoptr(GPtrArray) records = NULL;
  GtkWidget *child;

  self->loading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (self->session != NULL)
    records = ct_session_list (self->session, "doorbraken", NULL, 0, NULL);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      CtRecord *d = g_ptr_array_index (records, i);
      GtkWidget *row = list_row (self, d);

      gtk_list_box_append (self->list, row);
      if (ct_record_get_id (d) == select_id || (select_id == 0 && i == 0))
        {
          gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
          g_clear_pointer (&self->current, ct_record_unref);
          self->current = ct_record_ref (d);
        }
    }
  self->loading = FALSE;
  show_record (self);
}

static void
row_selected_cb (CtDoorbrakenPage *self,
                 GtkListBoxRow    *row)
{
  CtRecord *d;

  if (self->loading || row == NULL)
    return;
  d = g_object_get_data (G_OBJECT (row), "record");
  g_clear_pointer (&self->current, ct_record_unref);
  self->current = d != NULL ? ct_record_ref (d) : NULL;
  show_record (self);
}

static void
new_cb (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);

  g_clear_pointer (&self->current, ct_record_unref);
  self->current = ct_record_new ("doorbraken");
  gtk_list_box_unselect_all (self->list);
  show_record (self);
}

/* Copies the form into the record; FALSE with the row marked when a value
 * cannot even be read. */
static gboolean
read_form (CtDoorbrakenPage *self,
           GError          **error)
{
  CtRecord *d = self->current;
  guint case_pos = adw_combo_row_get_selected (self->case_row);

  if (ct_record_get_id (d) == 0 && case_pos < self->case_ids->len)
    ct_record_set_int (d, "case_id", g_array_index (self->case_ids, gint64, case_pos));
  if (ct_record_get (d, "status") == NULL)
    ct_record_set (d, "status", "voorgesteld");

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      const char *name = g_object_get_data (G_OBJECT (row), "field");
      const CtField *field = doorbraak_field (name);
      const char *text;
      g_autofree char *value = NULL;

      gtk_widget_remove_css_class (row, "error");
      if (ADW_IS_COMBO_ROW (row))
        {
          guint pos = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

          ct_record_set (d, name, pos == 1 ? "individueel" : pos == 2 ? "structureel" : NULL);
          continue;
        }
      text = gtk_editable_get_text (GTK_EDITABLE (row));
      if (*text == '\0')
        ct_record_set (d, name, NULL);
      else if (field->type != CT_FIELD_CENTS && field->type != CT_FIELD_DATE)
        ct_record_set (d, name, text);
      else if ((value = ct_gui_field_from_text (field, text, error)) != NULL)
        ct_record_set (d, name, *value != '\0' ? value : NULL);
      else
        {
          gtk_widget_add_css_class (row, "error");
          return FALSE;
        }
    }
  return TRUE;
}

static void
mark_error_row (CtDoorbrakenPage *self,
                const char       *message)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      const CtField *field = doorbraak_field (g_object_get_data (G_OBJECT (row), "field"));
      g_autofree char *prefix = g_strdup_printf ("%s:", _(field->label));

      if (g_str_has_prefix (message, prefix))
        gtk_widget_add_css_class (row, "error");
    }
  gtk_label_set_text (self->form_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), TRUE);
}

static void
save_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->current == NULL)
    self->current = ct_record_new ("doorbraken");
  id = ct_record_get_id (self->current);
  if (!read_form (self, &error)
      || !(id > 0 ? ct_session_update (self->session, self->current, &error)
                  : (id = ct_session_insert (self->session, self->current, &error)) > 0))
    {
      mark_error_row (self, error->message);
      return;
    }
  ct_gui_show_toast (GTK_WIDGET (self), _("Breakthrough saved"));
  load_list (self, id);
}

/* "Undo" on the toast after approving: the approval is taken back, an
 * update the core allows the voorzitter or a beheerder only. */
static void
undo_approval_cb (AdwToast         *toast,
                  CtDoorbrakenPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "doorbraak-id"));
  g_autoptr(GError) error = NULL;

  if (self->session == NULL || g_object_get_data (G_OBJECT (toast), "session") != self->session)
    return;
  if (ct_doorbraak_set_status (self->session, id, "voorgesteld", &error))
    ct_gui_show_toast (GTK_WIDGET (self), _("Approval taken back"));
  else
    ct_gui_show_toast (GTK_WIDGET (self), error->message);
  load_list (self, id);
}

static void
show_undo_approval (CtDoorbrakenPage *self,
                    gint64            id)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    return;
  toast = adw_toast_new (_("Breakthrough approved"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "doorbraak-id", GSIZE_TO_POINTER (id));
  g_object_set_data (G_OBJECT (toast), "session", self->session);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_approval_cb), self, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
advance_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 id = ct_record_get_id (self->current);
  const char *next = ct_doorbraak_next_status (ct_record_get (self->current, "status"));

  if (!ct_doorbraak_set_status (self->session, id, next, &error))
    {
      mark_error_row (self, error->message);
      return;
    }
  load_list (self, id);
  if (g_strcmp0 (next, "goedgekeurd") == 0)
    show_undo_approval (self, id);
}

static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CtDoorbrakenPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "doorbraak-id"));
  g_autofree char *reason = ct_reason_dialog_dup_reason (dialog);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, CT_REASON_DIALOG_CONFIRM) || self->session == NULL)
    return;
  if (ct_doorbraak_withdraw_approval (self->session, id, reason, &error))
    ct_gui_show_toast (GTK_WIDGET (self), _("Approval withdrawn"));
  else
    ct_gui_show_toast (GTK_WIDGET (self), error->message);
  load_list (self, id);
}

/* Later than the toast's Undo: the approval is withdrawn with a reason that
 * the access log keeps (docs/budget.md). */
static void
withdraw_approval_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  AdwMessageDialog *dialog =
    ct_reason_dialog_new (widget, _("Withdraw the Approval?"),
                          _("The breakthrough becomes a proposal again and needs a new approval "
                            "before it is carried out. Your reason is written to the access log."),
                          _("_Withdraw Approval"));

  g_object_set_data (G_OBJECT (dialog), "doorbraak-id",
                     GSIZE_TO_POINTER (ct_record_get_id (self->current)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* One button per flagged name, each once as written: each is marked on
 * its own, with its own reason (ct_doorbraak_mark_not_identifying()). */
static void
show_names (CtDoorbrakenPage *self,
            const char       *text,
            GPtrArray        *findings)
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
      g_object_set_data_full (G_OBJECT (button), "word", g_steal_pointer (&word), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (not_identifying_cb), self, 0);
      gtk_flow_box_append (self->names_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->names_box), g_hash_table_size (seen) > 0);
}

/* Byte ranges of the findings become highlighted character ranges. */
static void
show_findings (CtDoorbrakenPage *self,
               const char       *text,
               GPtrArray        *findings,
               const char       *message)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->share_view);
  GtkTextIter start, end;
  GString *list = g_string_new (NULL);
  gboolean clean;
  g_auto(GStrv) marked = NULL;

  /* The core has left out the names marked as not identifying. */
  clean = message == NULL && findings != NULL && findings->len == 0;
  if (clean && self->current != NULL)
    marked = ct_doorbraak_list_not_identifying (self->session, ct_record_get_id (self->current),
                                                NULL);
  show_names (self, text, findings);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "finding", &start, &end);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      CtFinding *f = g_ptr_array_index (findings, i);
      const CtField *field = doorbraak_field (f->field);

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
  {
    g_autofree char *markup = markdown_to_markup (text);

    gtk_label_set_markup (self->share_preview_label, markup);
  }
  gtk_stack_set_visible_child_name (self->share_stack, clean ? "preview" : "edit");
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_md_button), clean);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_pdf_button), clean);
  g_string_free (list, TRUE);
}

/* The chooser goes first: it is transient for the dialog. Closing the
 * dialog destroys it, and the page forgets its widgets then. */
static gboolean
share_dialog_close_cb (CtDoorbrakenPage *self)
{
  ct_gui_clear_chooser (&self->chooser);
  ct_gui_destroy_children (self, share_children, G_N_ELEMENTS (share_children));
  return TRUE;
}

static void
share_dialog_destroyed_cb (CtDoorbrakenPage *self)
{
  ct_gui_clear_chooser (&self->chooser);
  ct_gui_clear_children (self, share_children, G_N_ELEMENTS (share_children));
}

static void
build_share_dialog (CtDoorbrakenPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkTextBuffer *buffer;

  if (self->share_dialog != NULL)
    return;

  builder = ct_gui_builder_new (G_OBJECT (self),
                                RESOURCE_PREFIX "/ui/ct-doorbraken-page-share-dialog.ui",
                                "check_again_cb", G_CALLBACK (check_again_cb),
                                "save_md_cb", G_CALLBACK (save_md_cb),
                                "save_pdf_cb", G_CALLBACK (save_pdf_cb),
                                NULL);
  ct_gui_bind_children (self, builder, share_children, G_N_ELEMENTS (share_children));
  buffer = gtk_text_view_get_buffer (self->share_view);
  gtk_text_buffer_create_tag (buffer, "finding", "background", "#f6d32d", "foreground", "#000000",
                              "underline", PANGO_UNDERLINE_ERROR, "weight", PANGO_WEIGHT_BOLD,
                              NULL);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self->share_dialog), GTK_WINDOW (root));
  g_signal_connect_object (self->share_dialog, "close-request",
                           G_CALLBACK (share_dialog_close_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->share_dialog, "destroy", G_CALLBACK (share_dialog_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
close_share_dialog (CtDoorbrakenPage *self)
{
  ct_gui_close_owned_windows (self);
  ct_gui_clear_chooser (&self->chooser);
  ct_gui_destroy_children (self, share_children, G_N_ELEMENTS (share_children));
}

static void
share_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *md = NULL;

  build_share_dialog (self);
  ct_doorbraak_share_markdown (self->session, ct_record_get_id (self->current), &md, &findings,
                               &error);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->share_view), md ? md : "", -1);
  show_findings (self, md ? md : "", findings, error ? error->message : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), md != NULL);
  gtk_window_present (GTK_WINDOW (self->share_dialog));
}

static char *
share_text (CtDoorbrakenPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->share_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
check_again_cb (CtDoorbrakenPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *text = share_text (self);

  if (ct_doorbraak_check_example (self->session, ct_record_get_id (self->current), text,
                                  &findings, &error)
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

static void
not_identifying_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             CtDoorbrakenPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;
  const char *word = g_object_get_data (G_OBJECT (dialog), "word");

  if (!g_str_equal (response, CT_REASON_DIALOG_CONFIRM) || self->share_dialog == NULL
      || self->current == NULL)
    return;
  reason = ct_reason_dialog_dup_reason (dialog);
  text = share_text (self);
  if (!ct_doorbraak_mark_not_identifying (self->session, ct_record_get_id (self->current), text,
                                          word, reason, &error))
    {
      gtk_label_set_text (self->share_status_label, error->message);
      return;
    }
  check_again_cb (self);
}

/* The checker flags a word because someone in the file carries it in their
 * name; here it may be the ordinary word ("Meer dan drie maanden"). The
 * member says so for that one word, with a reason, which the access log
 * keeps at once; BSNs, addresses and numbers cannot be marked. */
static void
not_identifying_cb (GtkButton        *button,
                    CtDoorbrakenPage *self)
{
  const char *word = g_object_get_data (G_OBJECT (button), "word");
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  heading = g_strdup_printf (_("Mark “%s” as Not Identifying?"), word);
  body = g_strdup_printf (_("The check flagged “%s” because someone in the team file has it in "
                            "their name. If in this text it is an ordinary word that points at "
                            "no one, say why. The word and your reason are written to the "
                            "access log now; other flagged words stay flagged."), word);
  dialog = ct_reason_dialog_new (GTK_WIDGET (self->share_dialog), heading, body,
                                 _("_Mark as Not Identifying"));
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  g_object_set_data_full (G_OBJECT (dialog), "word", g_strdup (word), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (not_identifying_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Markdown headings become bold lines, list items bullets and a line in
 * single asterisks italic; everything else is plain text. It is what the core composes (ct-doorbraak.c). */
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
      else if (strlen (line) > 2 && line[0] == '*' && line[1] != '*' && g_str_has_suffix (line, "*"))
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

/* The page holds the chooser and cancels it with the dialog, so an
 * answer always finds the dialog and the session it was asked for. */
static void
save_response_cb (GtkNativeDialog  *dialog,
                  int               response,
                  CtDoorbrakenPage *self)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "pdf"));
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (ct_doorbraken_page_share_to (self, pdf ? NULL : path, pdf ? path : NULL, &error))
        ct_gui_show_toast (GTK_WIDGET (self), _("Example saved and marked as shared"));
      else
        ct_gui_show_toast (GTK_WIDGET (self), error->message);
    }
}

static void
choose_file (CtDoorbrakenPage *self,
             gboolean          pdf)
{
  if (self->chooser != NULL)
    return;
  self->chooser =
    gtk_file_chooser_native_new (_("Save the Example"), GTK_WINDOW (self->share_dialog),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     pdf ? _("doorbraak.pdf") : _("doorbraak.md"));
  g_object_set_data (G_OBJECT (self->chooser), "pdf", GINT_TO_POINTER (pdf));
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_md_cb (CtDoorbrakenPage *self)
{
  choose_file (self, FALSE);
}

static void
save_pdf_cb (CtDoorbrakenPage *self)
{
  choose_file (self, TRUE);
}

static void
ct_doorbraken_page_dispose (GObject *object)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (object);

  close_share_dialog (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->current, ct_record_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->case_ids, g_array_unref);

  G_OBJECT_CLASS (ct_doorbraken_page_parent_class)->dispose (object);
}

static void
ct_doorbraken_page_class_init (CtDoorbrakenPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_doorbraken_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-doorbraken-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, list);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, advance_button);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, share_button);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, form_group);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);

  gtk_widget_class_install_action (widget_class, "doorbraken.new", NULL, new_cb);
  gtk_widget_class_install_action (widget_class, "doorbraken.save", NULL, save_cb);
  gtk_widget_class_install_action (widget_class, "doorbraken.advance", NULL, advance_cb);
  gtk_widget_class_install_action (widget_class, "doorbraken.share", NULL, share_cb);
  gtk_widget_class_install_action (widget_class, "doorbraken.withdraw-approval", NULL,
                                   withdraw_approval_cb);
}

static void
ct_doorbraken_page_init (CtDoorbrakenPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  build_form (self);
  show_record (self);
}

/* Shown again: the list reads afresh unless a breakthrough is open. */
static void
doorbraken_page_reload (CtPage *page)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (page);

  if (self->current == NULL)
    ct_doorbraken_page_set_session (self, self->session);
}

static void
doorbraken_page_release (CtPage *page)
{
  ct_doorbraken_page_set_session (CT_DOORBRAKEN_PAGE (page), NULL);
}

static void
ct_doorbraken_page_page_iface_init (CtPageInterface *iface)
{
  iface->reload = doorbraken_page_reload;
  iface->release = doorbraken_page_release;
}

/**
 * ct_doorbraken_page_new:
 * @session: (nullable): the unlocked session, or %NULL for an empty page
 *
 * Returns: (transfer floating): the Breakthroughs page
 */
GtkWidget *
ct_doorbraken_page_new (CtSession *session)
{
  CtDoorbrakenPage *self;

  g_return_val_if_fail (session == NULL || CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_DOORBRAKEN_PAGE, NULL);
  if (session != NULL)
    ct_doorbraken_page_set_session (self, session);
  return GTK_WIDGET (self);
}

/**
 * ct_doorbraken_page_set_session:
 * @session: (nullable): %NULL empties the page
 */
void
ct_doorbraken_page_set_session (CtDoorbrakenPage *self,
                                CtSession        *session)
{
  g_return_if_fail (CT_IS_DOORBRAKEN_PAGE (self));

  if (session != self->session)
    close_share_dialog (self);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->current, ct_record_unref);
  load_cases (self);
  load_list (self, 0);
}

/**
 * ct_doorbraken_page_share_to:
 * @md_path: (nullable): where to write the Markdown
 * @pdf_path: (nullable): where to write the PDF
 *
 * What the share dialog's save buttons do once a file is chosen: the core
 * checks the text in the dialog once more and marks the breakthrough as
 * shared, then the files are written.
 */
gboolean
ct_doorbraken_page_share_to (CtDoorbrakenPage *self,
                             const char       *md_path,
                             const char       *pdf_path,
                             GError          **error)
{
  g_autofree char *text = NULL;
  gint64 id;

  g_return_val_if_fail (CT_IS_DOORBRAKEN_PAGE (self), FALSE);
  g_return_val_if_fail (self->current != NULL, FALSE);
  g_return_val_if_fail (self->share_dialog != NULL, FALSE);

  text = share_text (self);
  id = ct_record_get_id (self->current);
  /* Never over a team file, a folder or a device (docs/robustness.md). */
  if ((md_path != NULL && !ct_output_check_target (md_path, self->session, error))
      || (pdf_path != NULL && !ct_output_check_target (pdf_path, self->session, error))
      || !ct_doorbraak_mark_shared (self->session, id, text, error)
      || (md_path != NULL && !g_file_set_contents (md_path, text, -1, error))
      || (pdf_path != NULL && !save_pdf (text, pdf_path, error)))
    return FALSE;
  load_list (self, id);
  return TRUE;
}
