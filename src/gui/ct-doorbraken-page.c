/* ct-doorbraken-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-doorbraken-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-budget.h"
#include "ct-doorbraak.h"
#include "ct-doorbraak-share-dialog.h"
#include "ct-doorbraken-page-private.h"
#include "ct-error.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
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
               const char *name,
               const char *value)
{
  const CtField *field = doorbraak_field (name);

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

      set_row_value (row, form_fields[i], d != NULL ? ct_record_get (d, form_fields[i]) : NULL);
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
      const char *name = form_fields[i];
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
      const CtField *field = doorbraak_field (form_fields[i]);
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

typedef struct
{
  CtDoorbrakenPage *page;
  gint64            id;
} Withdrawal;

static void
withdrawal_free (gpointer  data,
                 GClosure *closure)
{
  g_free (data);
}

static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Withdrawal       *withdrawal)
{
  CtDoorbrakenPage *self = withdrawal->page;
  g_autofree char *reason = ct_reason_dialog_dup_reason (dialog);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, CT_REASON_DIALOG_CONFIRM) || self->session == NULL)
    return;
  if (ct_doorbraak_withdraw_approval (self->session, withdrawal->id, reason, &error))
    ct_gui_show_toast (GTK_WIDGET (self), _("Approval withdrawn"));
  else
    ct_gui_show_toast (GTK_WIDGET (self), error->message);
  load_list (self, withdrawal->id);
}

/* Later than the toast's Undo: the approval is withdrawn with a reason that
 * the access log keeps (docs/budget.md). The question is the page's own
 * (ct_reason_dialog_new()), closed with it, so the page does not dangle. */
static void
withdraw_approval_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  Withdrawal *withdrawal = g_new0 (Withdrawal, 1);
  AdwMessageDialog *dialog =
    ct_reason_dialog_new (widget, _("Withdraw the Approval?"),
                          _("The breakthrough becomes a proposal again and needs a new approval "
                            "before it is carried out. Your reason is written to the access log."),
                          _("_Withdraw Approval"));

  withdrawal->page = self;
  withdrawal->id = ct_record_get_id (self->current);
  g_signal_connect_data (dialog, "response", G_CALLBACK (withdraw_response_cb), withdrawal,
                         withdrawal_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
share_dialog_shared_cb (CtDoorbrakenPage *self,
                        gint64            id)
{
  load_list (self, id);
}

static void
share_dialog_destroyed_cb (CtDoorbrakenPage *self)
{
  self->share_dialog = NULL;
}

static void
close_share_dialog (CtDoorbrakenPage *self)
{
  /* Closed without the page's handlers: "destroy" does not reach it. */
  ct_gui_close_owned_windows (self);
  self->share_dialog = NULL;
}

/* The dialog exists only while it is open: the text it holds goes with
 * it, and with the page's session. */
static void
share_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->share_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->share_dialog));
      return;
    }
  dialog = ct_doorbraak_share_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                          self->session, ct_record_get_id (self->current));
  self->share_dialog = CT_DOORBRAAK_SHARE_DIALOG (dialog);
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  g_signal_connect_object (dialog, "shared", G_CALLBACK (share_dialog_shared_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (share_dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
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
  g_return_val_if_fail (CT_IS_DOORBRAKEN_PAGE (self), FALSE);
  g_return_val_if_fail (self->share_dialog != NULL, FALSE);

  return ct_doorbraak_share_dialog_save (self->share_dialog, md_path, pdf_path, error);
}

/* Returns: (transfer none) (nullable): the form's row for @field */
GtkWidget *
_ct_doorbraken_page_get_form_row (CtDoorbrakenPage *self,
                                  const char       *field)
{
  g_return_val_if_fail (CT_IS_DOORBRAKEN_PAGE (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    if (g_str_equal (form_fields[i], field))
      return g_ptr_array_index (self->rows, i);
  return NULL;
}
