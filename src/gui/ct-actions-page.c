/* ct-actions-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-actions-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-actions-page-private.h"
#include "ct-gui-labels.h"

/* The follow-up of the team's advice (docs/meetings.md): the member's own
 * actions, and every open action past its due date across the cases. An
 * overdue row carries an icon and words as well as a colour. */

G_DEFINE_FINAL_TYPE (CtActionsPage, ct_actions_page, ADW_TYPE_BIN)

/* One action as a list item. */
#define CT_TYPE_ACTION_ITEM (ct_action_item_get_type ())
G_DECLARE_FINAL_TYPE (CtActionItem, ct_action_item, CT, ACTION_ITEM, GObject)

struct _CtActionItem
{
  GObject parent_instance;
  CtRecord *record;
  char *case_number;
  gboolean overdue;
};

G_DEFINE_FINAL_TYPE (CtActionItem, ct_action_item, G_TYPE_OBJECT)

static void
ct_action_item_finalize (GObject *object)
{
  CtActionItem *self = CT_ACTION_ITEM (object);

  g_clear_pointer (&self->record, ct_record_unref);
  g_free (self->case_number);
  G_OBJECT_CLASS (ct_action_item_parent_class)->finalize (object);
}

static void
ct_action_item_class_init (CtActionItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ct_action_item_finalize;
}

static void
ct_action_item_init (CtActionItem *self)
{
}

enum {
  COL_WHAT,
  COL_CASE,
  COL_PARTNER,
  COL_DUE,
  COL_STATUS,
  COL_BUTTONS,
  N_COLUMNS
};

static const char *column_titles[N_COLUMNS] = {
  N_("Action"), N_("Case"), N_("Partner organisation"), N_("Due date"), N_("Status"), "",
};

static const char *
field_text (CtRecord   *record,
            const char *field)
{
  const char *value = ct_record_get (record, field);

  /* An action of a category this member may not read names itself as one. */
  if (ct_record_is_restricted (record, field))
    return g_str_equal (field, "what") ? _("Restricted action") : _("Restricted");
  return value != NULL ? value : "";
}

static char *
column_text (CtActionItem *item,
             guint         column)
{
  const char *status = ct_record_get (item->record, "status");

  switch (column)
    {
    case COL_WHAT:
      return g_strdup (field_text (item->record, "what"));
    case COL_CASE:
      return g_strdup (item->case_number != NULL ? item->case_number : "");
    case COL_PARTNER:
      return g_strdup (field_text (item->record, "partner"));
    case COL_DUE:
      if (ct_record_is_restricted (item->record, "due_on"))
        return g_strdup (field_text (item->record, "due_on"));
      return ct_gui_format_date (ct_record_get (item->record, "due_on"));
    case COL_STATUS:
      return item->overdue ? g_strdup (_("Open, overdue")) : g_strdup (ct_gui_enum_label (NULL, status));
    default:
      return g_strdup ("");
    }
}

static gboolean
is_overdue (CtRecord   *record,
            const char *today)
{
  const char *due = ct_record_get (record, "due_on");

  return g_strcmp0 (ct_record_get (record, "status"), "open") == 0 && due != NULL
         && g_strcmp0 (due, today) < 0;
}

static gboolean
filter_mine (gpointer item,
             gpointer user_data)
{
  CtActionsPage *self = user_data;
  CtRecord *record = CT_ACTION_ITEM (item)->record;

  return self->own_id > 0 && ct_record_get (record, "responsible") != NULL
         && ct_record_get_int (record, "responsible") == self->own_id;
}

static gboolean
filter_overdue (gpointer item,
                gpointer user_data)
{
  return CT_ACTION_ITEM (item)->overdue;
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  if (GPOINTER_TO_UINT (user_data) == COL_WHAT)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Overdue"), -1);
      gtk_widget_set_tooltip_text (icon, _("Overdue"));
      gtk_widget_add_css_class (icon, "ct-overdue");
      gtk_box_append (GTK_BOX (box), icon);
    }
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_text_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  CtActionItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_widget_get_last_child (box);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  g_autofree char *text = column_text (item, GPOINTER_TO_UINT (user_data));

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
  if (icon != label)
    gtk_widget_set_visible (icon, item->overdue);
  if (item->overdue)
    gtk_widget_add_css_class (label, "ct-overdue");
  else
    gtk_widget_remove_css_class (label, "ct-overdue");
}

static GtkWidget *
row_button (const char *label,
            const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  /* A target of the action's type from the start; bind sets the row's id. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
setup_buttons_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), row_button (_("_Done"), "actions.mark-done"));
  gtk_box_append (GTK_BOX (box), row_button (_("_Refused…"), "actions.mark-refused"));
  gtk_list_item_set_child (list_item, box);
}

static void
bind_buttons_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  CtActionItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  gboolean open = g_strcmp0 (ct_record_get (item->record, "status"), "open") == 0;
  const char *what = field_text (item->record, "what");

  for (GtkWidget *button = gtk_widget_get_first_child (box); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      gboolean done = button == gtk_widget_get_first_child (box);
      g_autofree char *label = g_strdup_printf (done ? _("Mark “%s” done")
                                                     : _("Record that the partner refused “%s”"),
                                                what);

      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x",
                                        ct_record_get_id (item->record));
      gtk_widget_set_visible (button, open);
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
    }
}

static void
add_columns (GtkColumnView *view)
{
  for (guint col = 0; col < N_COLUMNS; col++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      gboolean buttons = col == COL_BUTTONS;

      g_signal_connect (factory, "setup", G_CALLBACK (buttons ? setup_buttons_cb : setup_text_cb),
                        GUINT_TO_POINTER (col));
      g_signal_connect (factory, "bind", G_CALLBACK (buttons ? bind_buttons_cb : bind_text_cb),
                        GUINT_TO_POINTER (col));
      column = gtk_column_view_column_new (column_titles[col][0] != '\0' ? _(column_titles[col]) : NULL,
                                           factory);
      gtk_column_view_column_set_resizable (column, !buttons);
      gtk_column_view_column_set_expand (column, col == COL_WHAT || col == COL_PARTNER);
      gtk_column_view_append_column (view, column);
      g_object_unref (column);
    }
}

/* The case number a household's actions belong to: its newest case. */
static GHashTable *
case_numbers (CtActionsPage *self)
{
  GHashTable *numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) cases = ct_session_list (self->session, "cases", NULL, 0, NULL);

  for (guint i = 0; cases != NULL && i < cases->len; i++)
    {
      CtRecord *record = g_ptr_array_index (cases, i);
      gint64 *household = g_new (gint64, 1);

      *household = ct_record_get_int (record, "household_id");
      g_hash_table_replace (numbers, household, g_strdup (ct_record_get (record, "number")));
    }
  return numbers;
}

/* Open actions first, then by due date; no due date last. */
static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  CtRecord *ra = (*(CtActionItem **) a)->record;
  CtRecord *rb = (*(CtActionItem **) b)->record;
  gboolean open_a = g_strcmp0 (ct_record_get (ra, "status"), "open") == 0;
  gboolean open_b = g_strcmp0 (ct_record_get (rb, "status"), "open") == 0;
  const char *due_a = ct_record_get (ra, "due_on");
  const char *due_b = ct_record_get (rb, "due_on");

  if (open_a != open_b)
    return open_a ? -1 : 1;
  if ((due_a == NULL) != (due_b == NULL))
    return due_a == NULL ? 1 : -1;
  return g_strcmp0 (due_a, due_b);
}

static void
update_stacks (CtActionsPage *self)
{
  gtk_stack_set_visible_child_name (self->mine_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->mine_model)) > 0
                                      ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->overdue_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->overdue_model)) > 0
                                      ? "list" : "empty");
}

static CtRecord *
get_action (CtActionsPage *self,
            gint64         id,
            GError       **error)
{
  return ct_session_get (self->session, "actions", id, error);
}

static void
store_action (CtActionsPage *self,
              CtRecord      *record,
              const char    *done_message)
{
  g_autoptr(GError) error = NULL;

  if (ct_session_update (self->session, record, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (done_message));
  else
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  ct_actions_page_reload (self);
}

static void
mark_done_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CtActionsPage *self = CT_ACTIONS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = get_action (self, g_variant_get_int64 (parameter), &error);
  g_autofree char *today = ct_gui_today ();

  if (record == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  ct_record_set (record, "status", "gedaan");
  ct_record_set (record, "done_on", today);
  store_action (self, record, _("Action marked done"));
}

static void
reason_changed_cb (CtActionsPage *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (self->reason_entry)));

  adw_message_dialog_set_response_enabled (self->dialog, "refuse", reason[0] != '\0');
}

static void
refuse_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CtActionsPage    *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id"));
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = NULL;
  g_autofree char *reason = NULL;

  if (!g_str_equal (response, "refuse"))
    return;

  reason = g_strstrip (g_strdup (gtk_editable_get_text (self->reason_entry)));
  record = get_action (self, id, &error);
  if (record == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  ct_record_set (record, "status", "geweigerd");
  ct_record_set (record, "refusal_reason", reason);
  store_action (self, record, _("Refusal recorded"));
}

static void
dialog_destroyed_cb (CtActionsPage *self)
{
  self->dialog = NULL;
  self->reason_entry = NULL;
}

static void
mark_refused_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CtActionsPage *self = CT_ACTIONS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *entry = adw_entry_row_new ();
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Partner Refused the Action"),
      _("Write down the reason the partner organisation gave. The team reads it when it follows "
        "up the advice, and the action is no longer counted as overdue.")));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Reason for refusal"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (dialog, list);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "refuse",
                                    _("_Record Refusal"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "refuse", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "refuse", FALSE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (g_variant_get_int64 (parameter)));

  self->dialog = dialog;
  self->reason_entry = GTK_EDITABLE (entry);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (reason_changed_cb), self);
  g_signal_connect (dialog, "response", G_CALLBACK (refuse_response_cb), self);
  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ct_actions_page_dispose (GObject *object)
{
  CtActionsPage *self = CT_ACTIONS_PAGE (object);

  if (self->dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      dialog_destroyed_cb (self);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->items);
  G_OBJECT_CLASS (ct_actions_page_parent_class)->dispose (object);
}

static void
ct_actions_page_finalize (GObject *object)
{
  g_free (CT_ACTIONS_PAGE (object)->today);
  G_OBJECT_CLASS (ct_actions_page_parent_class)->finalize (object);
}

static void
ct_actions_page_class_init (CtActionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_actions_page_dispose;
  object_class->finalize = ct_actions_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-actions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtActionsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CtActionsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CtActionsPage, mine_stack);
  gtk_widget_class_bind_template_child (widget_class, CtActionsPage, overdue_stack);
  gtk_widget_class_bind_template_child (widget_class, CtActionsPage, mine_view);
  gtk_widget_class_bind_template_child (widget_class, CtActionsPage, overdue_view);
  gtk_widget_class_bind_template_child (widget_class, CtActionsPage, mine_model);
  gtk_widget_class_bind_template_child (widget_class, CtActionsPage, overdue_model);

  gtk_widget_class_install_action (widget_class, "actions.mark-done", "x", mark_done_cb);
  gtk_widget_class_install_action (widget_class, "actions.mark-refused", "x", mark_refused_cb);
}

static void
ct_actions_page_init (CtActionsPage *self)
{
  GtkCustomFilter *mine, *overdue;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (CT_TYPE_ACTION_ITEM);
  mine = gtk_custom_filter_new (filter_mine, self, NULL);
  overdue = gtk_custom_filter_new (filter_overdue, self, NULL);
  gtk_filter_list_model_set_model (self->mine_model, G_LIST_MODEL (self->items));
  gtk_filter_list_model_set_filter (self->mine_model, GTK_FILTER (mine));
  gtk_filter_list_model_set_model (self->overdue_model, G_LIST_MODEL (self->items));
  gtk_filter_list_model_set_filter (self->overdue_model, GTK_FILTER (overdue));
  g_object_unref (mine);
  g_object_unref (overdue);
  add_columns (self->mine_view);
  add_columns (self->overdue_view);
}

GtkWidget *
ct_actions_page_new (CtSession *session)
{
  CtActionsPage *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_ACTIONS_PAGE, NULL);
  self->session = g_object_ref (session);
  self->own_id = ct_session_get_member_id (session);
  ct_actions_page_reload (self);
  return GTK_WIDGET (self);
}

/**
 * ct_actions_page_reload:
 *
 * Reads every action again; "today" moves on with the clock.
 */
void
ct_actions_page_reload (CtActionsPage *self)
{
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) numbers = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CT_IS_ACTIONS_PAGE (self));

  g_free (self->today);
  self->today = ct_gui_today ();
  actions = ct_session_list (self->session, "actions", NULL, 0, &error);
  if (actions == NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  numbers = case_numbers (self);

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      CtActionItem *item = g_object_new (CT_TYPE_ACTION_ITEM, NULL);
      gint64 household = 0;

      item->record = ct_record_ref (g_ptr_array_index (actions, i));
      household = ct_record_get_int (item->record, "household_id");
      item->case_number = g_strdup (g_hash_table_lookup (numbers, &household));
      item->overdue = is_overdue (item->record, self->today);
      g_ptr_array_add (items, item);
    }
  g_ptr_array_sort (items, compare_items);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  update_stacks (self);
}
