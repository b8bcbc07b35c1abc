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
#include "ct-meeting.h"
#include "ct-page.h"
#include "ct-saving.h"

/* The follow-up of the team's advice (docs/meetings.md): the member's own
 * actions (those they are responsible for, and every action on a household
 * they direct as regisseur), and every open action past its due date across
 * the cases. Text is plain; an overdue row carries an icon with an
 * accessible label and the words "open, overdue", not only a colour.
 * A row opens its case: the case number is a button, and activating a
 * row (Enter, double click) does the same.
 *
 * The actions grow with the households: they are read in a worker
 * (ct_session_read_async()), with their cases' numbers from one scan of
 * one field, when the page is first shown and after each change; the rows
 * shown stay until the new ones replace them. */

static void ct_actions_page_page_iface_init (CtPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CtActionsPage, ct_actions_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CT_TYPE_PAGE, ct_actions_page_page_iface_init))

/* One action as a list item. */
#define CT_TYPE_ACTION_ITEM (ct_action_item_get_type ())
G_DECLARE_FINAL_TYPE (CtActionItem, ct_action_item, CT, ACTION_ITEM, GObject)

struct _CtActionItem
{
  GObject parent_instance;
  CtRecord *record;
  char *case_number;
  gint64 case_id;
  gboolean overdue;
  gboolean own;
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
  return CT_ACTION_ITEM (item)->own;
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
  guint column = GPOINTER_TO_UINT (user_data);

  if (column == COL_CASE)
    {
      GtkWidget *button = gtk_button_new ();

      /* The case number as a link to the case; bind sets the target. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", (gint64) 0);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "casework.open-case");
      gtk_widget_add_css_class (button, "flat");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_box_append (GTK_BOX (box), button);
      gtk_list_item_set_child (list_item, box);
      return;
    }
  if (column == COL_WHAT)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Overdue"), -1);
      gtk_widget_set_tooltip_text (icon, _("Overdue"));
      gtk_widget_add_css_class (icon, "ct-overdue");
      gtk_box_append (GTK_BOX (box), icon);
    }
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (column == COL_WHAT || column == COL_PARTNER)
    {
      /* The whole title, wrapped: a column view gives an ellipsized label
       * only its minimum width, which cut titles after a dozen letters. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), column == COL_WHAT ? 28 : 16);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
    }
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
  guint column = GPOINTER_TO_UINT (user_data);
  g_autofree char *text = column_text (item, column);

  if (column == COL_CASE)
    {
      GtkWidget *button = gtk_widget_get_first_child (box);
      g_autofree char *open = g_strdup_printf (_("Open case %s"), text);

      gtk_label_set_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), text);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", item->case_id);
      gtk_widget_set_visible (button, item->case_id > 0);
      gtk_widget_set_tooltip_text (button, open);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      open, -1);
      return;
    }
  gtk_label_set_text (GTK_LABEL (label), text);
  if (icon != label)
    gtk_widget_set_visible (icon, item->overdue);
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
  /* Who may not read an action's category is not offered to act on it. */
  gboolean open = g_strcmp0 (ct_record_get (item->record, "status"), "open") == 0
                  && !ct_record_is_restricted (item->record, "what");
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

static void
row_activated_cb (GtkColumnView *view,
                  guint          position,
                  CtActionsPage *self)
{
  g_autoptr(CtActionItem) item = g_list_model_get_item (
      G_LIST_MODEL (gtk_column_view_get_model (view)), position);

  if (item != NULL && item->case_id > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "casework.open-case", "x", item->case_id);
}

typedef struct
{
  gint64 case_id;
  char  *number;
} HouseholdCase;

static void
household_case_free (HouseholdCase *c)
{
  g_free (c->number);
  g_free (c);
}

static gboolean
add_household_case (const CtScanRow *row,
                    gpointer         data,
                    GError         **error)
{
  HouseholdCase *c = g_new0 (HouseholdCase, 1);

  /* In id order: a household's newest case comes last and stays. */
  c->case_id = row->id;
  c->number = g_strdup (row->values[1]);
  g_hash_table_replace (data, g_memdup2 (&row->numbers[0], sizeof (gint64)), c);
  return TRUE;
}

/* The case a household's actions belong to: its newest case. One scan of
 * two fields, not a read of every case in full. */
static GHashTable *
household_cases (CtSession  *reader,
                 GError    **error)
{
  static const char *const fields[] = { "household_id", "number", NULL };
  g_autoptr(GHashTable) cases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) household_case_free);

  if (!ct_session_scan (reader, "cases", fields, add_household_case, cases, error))
    return NULL;
  return g_steal_pointer (&cases);
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

static void
cancel_reading (CtActionsPage *self)
{
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
}

/* An action's update, through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): the record
 * is the write's own, and the page a weak reference (ct_saving_write()),
 * so a page gone meanwhile is not touched. Meanwhile the row buttons are off. */
typedef struct
{
  CtRecord   *record;
  const char *done_message;
  gint64      undo_id;    /* the action whose change the toast's "Undo" takes back, or 0 */
} ActionWrite;

static void
action_write_free (gpointer data)
{
  ActionWrite *write = data;

  ct_record_unref (write->record);
  g_free (write);
}

static gboolean
update_action (CtSession *session,
               gpointer   data,
               GError   **error)
{
  return ct_session_update (session, ((ActionWrite *) data)->record, error);
}

static void
set_writing (CtActionsPage *self,
             gboolean       writing)
{
  self->writing += writing ? 1 : -1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actions.mark-done", self->writing == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actions.mark-refused", self->writing == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actions.undo-done", self->writing == 0);
}

/* Back from the write queue: the toast as before, and the lists read
 * again. A lock meanwhile says nothing. */
static void
action_written_cb (gpointer      owner,
                   CtSession    *session,
                   GAsyncResult *result)
{
  ActionWrite *write = ct_session_write_get_data (result);
  CtActionsPage *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);
  AdwToast *toast;

  if (self == NULL || self->session == NULL)
    return;
  set_writing (self, FALSE);
  if (!ok && g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    return;
  if (ok)
    {
      toast = adw_toast_new (write->done_message);
      if (write->undo_id > 0)
        {
          adw_toast_set_button_label (toast, _("_Undo"));
          adw_toast_set_action_name (toast, "actions.undo-done");
          adw_toast_set_action_target_value (toast, g_variant_new_int64 (write->undo_id));
          adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
          g_set_weak_pointer (&self->undo_toast, toast);
        }
    }
  else
    toast = adw_toast_new (error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  ct_actions_page_reload (self);
}

/* @undo_id: the action whose change the toast's "Undo" takes back, or 0 */
static void
store_action (CtActionsPage *self,
              CtRecord      *record,
              const char    *done_message,
              gint64         undo_id)
{
  ActionWrite *write = g_new0 (ActionWrite, 1);

  write->record = ct_record_ref (record);
  write->done_message = done_message;
  write->undo_id = undo_id;
  set_writing (self, TRUE);
  ct_saving_write (self, self->session, update_action, write, action_write_free, NULL, NULL,
                   action_written_cb);
}

/* What a row's button, or the toast's "Undo", does to its action once
 * it is read. */
typedef enum
{
  CHANGE_REOPEN,
  CHANGE_DONE,
  CHANGE_REFUSED,
} ActionChange;

/* An action read in a worker (ct_saving_get(), logged as
 * ct_session_get() logs it) before it is changed: meanwhile it counts as
 * a write, so the row buttons are off and the page is loading. */
typedef struct
{
  ActionChange  change;
  char         *reason;   /* the partner's, for CHANGE_REFUSED */
} ActionRead;

static void
action_read_free (gpointer data)
{
  ActionRead *read = data;

  g_free (read->reason);
  g_free (read);
}

static void
change_action (CtActionsPage *self,
               ActionRead    *read,
               CtRecord      *record)
{
  g_autofree char *today = NULL;

  switch (read->change)
    {
    case CHANGE_REOPEN:
      /* Open again, without a done date: an ordinary update, so the
       * access log holds both. Not done (any more): the lists are stale. */
      if (g_strcmp0 (ct_record_get (record, "status"), "gedaan") != 0)
        {
          ct_actions_page_reload (self);
          return;
        }
      ct_record_set (record, "status", "open");
      ct_record_set (record, "done_on", NULL);
      store_action (self, record, _("Action open again"), 0);
      break;
    case CHANGE_DONE:
      today = ct_gui_today ();
      ct_record_set (record, "status", "gedaan");
      ct_record_set (record, "done_on", today);
      store_action (self, record, _("Action marked done"), ct_record_get_id (record));
      break;
    case CHANGE_REFUSED:
      ct_record_set (record, "status", "geweigerd");
      ct_record_set (record, "refusal_reason", read->reason);
      store_action (self, record, _("Refusal recorded"), 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* @owner: the page, while it is there (ct_saving_get()) */
static void
action_read_cb (gpointer      owner,
                CtSession    *session,
                CtRecord     *record,
                const GError *error,
                gpointer      data)
{
  CtActionsPage *self = owner;
  ActionRead *read = data;

  /* A page gone or let go of its session meanwhile changes nothing; a
   * lock meanwhile says nothing, as a write does. */
  if (self == NULL || self->session != session)
    return;
  set_writing (self, FALSE);
  if (record != NULL)
    change_action (self, read, record);
  else if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      if (read->change == CHANGE_REOPEN)
        ct_actions_page_reload (self);
    }
}

static void
read_action (CtActionsPage *self,
             gint64         id,
             ActionChange   change,
             const char    *reason)
{
  ActionRead *read = g_new0 (ActionRead, 1);

  read->change = change;
  read->reason = g_strdup (reason);
  set_writing (self, TRUE);
  ct_saving_get (self, self->session, "actions", id, read, action_read_free, action_read_cb);
}

/* "Undo" on the toast of "Done": the action is open again. */
static void
undo_done_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  read_action (CT_ACTIONS_PAGE (widget), g_variant_get_int64 (parameter), CHANGE_REOPEN, NULL);
}

static void
mark_done_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  read_action (CT_ACTIONS_PAGE (widget), g_variant_get_int64 (parameter), CHANGE_DONE, NULL);
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
  g_autofree char *reason = NULL;

  if (!g_str_equal (response, "refuse"))
    return;

  reason = g_strstrip (g_strdup (gtk_editable_get_text (self->reason_entry)));
  read_action (self, self->refused_id, CHANGE_REFUSED, reason);
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

  self->dialog = dialog;
  self->refused_id = g_variant_get_int64 (parameter);
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
  g_clear_weak_pointer (&self->undo_toast);
  cancel_reading (self);
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
  gtk_widget_class_install_action (widget_class, "actions.undo-done", "x", undo_done_cb);
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
  g_signal_connect (self->mine_view, "activate", G_CALLBACK (row_activated_cb), self);
  g_signal_connect (self->overdue_view, "activate", G_CALLBACK (row_activated_cb), self);
}

GtkWidget *
ct_actions_page_new (CtSession *session)
{
  CtActionsPage *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_ACTIONS_PAGE, NULL);
  self->session = g_object_ref (session);
  ct_actions_page_reload (self);
  return GTK_WIDGET (self);
}

/* In a worker, with a reader of the session: the actions, the newest
 * case of each household, and which actions are the member's own. */
static gpointer
read_actions_cb (CtSession     *reader,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) cases = NULL;
  g_autoptr(GHashTable) directed = NULL;

  if ((actions = ct_session_list (reader, "actions", NULL, 0, error)) == NULL
      || (cases = household_cases (reader, error)) == NULL)
    return NULL;
  directed = ct_meeting_directed_households (reader, NULL);
  if (directed == NULL)
    directed = g_hash_table_new (g_int64_hash, g_int64_equal);

  items = g_ptr_array_new_full (actions->len, g_object_unref);
  for (guint i = 0; i < actions->len; i++)
    {
      CtActionItem *item = g_object_new (CT_TYPE_ACTION_ITEM, NULL);
      gint64 household;
      HouseholdCase *kase;

      item->record = ct_record_ref (g_ptr_array_index (actions, i));
      household = ct_record_get_int (item->record, "household_id");
      kase = g_hash_table_lookup (cases, &household);
      if (kase != NULL)
        {
          item->case_number = g_strdup (kase->number);
          item->case_id = kase->case_id;
        }
      item->own = ct_meeting_action_is_own (reader, item->record, directed);
      g_ptr_array_add (items, item);
    }
  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}

static void
actions_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CtActionsPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ct_session_read_finish (CT_SESSION (source), result, &error);

  /* Cancelled: read again, or the page went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->reading);
  if (items == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      update_stacks (self);
      return;
    }
  /* "Today" moves on with the clock: overdue is decided as they are shown. */
  g_free (self->today);
  self->today = ct_gui_today ();
  for (guint i = 0; i < items->len; i++)
    {
      CtActionItem *item = g_ptr_array_index (items, i);

      item->overdue = is_overdue (item->record, self->today);
    }
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  update_stacks (self);
}

/**
 * ct_actions_page_reload:
 *
 * Reads every action again, in a worker (ct_session_read_async()); the
 * rows shown stay until the new ones replace them. "Today" moves on with
 * the clock.
 */
void
ct_actions_page_reload (CtActionsPage *self)
{
  g_return_if_fail (CT_IS_ACTIONS_PAGE (self));

  cancel_reading (self);
  self->reading = g_cancellable_new ();
  ct_session_read_async (self->session, read_actions_cb, NULL, (GDestroyNotify) g_ptr_array_unref,
                         self->reading, actions_read_cb, self);
}

/* Returns: %TRUE while the actions are being read */
gboolean
_ct_actions_page_is_loading (CtActionsPage *self)
{
  g_return_val_if_fail (CT_IS_ACTIONS_PAGE (self), FALSE);

  return self->reading != NULL || self->writing > 0;
}

static void
actions_page_reload (CtPage *page)
{
  ct_actions_page_reload (CT_ACTIONS_PAGE (page));
}

static gboolean
actions_page_is_loading (CtPage *page)
{
  return _ct_actions_page_is_loading (CT_ACTIONS_PAGE (page));
}

static void
ct_actions_page_page_iface_init (CtPageInterface *iface)
{
  iface->reload = actions_page_reload;
  iface->is_loading = actions_page_is_loading;
}
