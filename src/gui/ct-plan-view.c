/* ct-plan-view.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-plan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-action-dialog.h"
#include "ct-case-section.h"
#include "ct-goal-dialog.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-plan-view-private.h"
#include "ct-saving.h"

/* One household, one plan (docs/categories.md: goals): its goals per ZRM domain and the
 * actions that serve them, with who does what by when. */

G_DEFINE_FINAL_TYPE (CtPlanView, ct_plan_view, ADW_TYPE_BIN)

static const char *goal_statuses[] = { "open", "bereikt", "vervallen" };

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

static void
show_error (CtPlanView   *self,
            const char   *heading,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* One form at a time; the tests find it in self->dialog. */
static void
adopt_dialog (CtPlanView *self,
              GtkWidget  *dialog)
{
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  ct_gui_own_window (self, GTK_WINDOW (dialog));
}

static GtkWindow *
parent_window (CtPlanView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static GtkWidget *
form_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return list;
}

/* A write of the plan, through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): the record
 * is copied out of its form, and the view (ct_saving_write()) and the
 * control that started it are weak references, so a view or drop-down gone meanwhile is not
 * touched. While it waits, the add actions are off and a status
 * drop-down is insensitive. */
typedef struct
{
  CtRecord   *record;
  gboolean    insert;
  GWeakRef    control;         /* the status drop-down, or nothing */
  const char *error_heading;
  const char *done_message;
} PlanWrite;

static void
plan_write_free (gpointer data)
{
  PlanWrite *write = data;

  ct_record_unref (write->record);
  g_weak_ref_clear (&write->control);
  g_free (write);
}

static gboolean
write_record (CtSession *session,
              gpointer   data,
              GError   **error)
{
  PlanWrite *write = data;

  return write->insert ? ct_session_insert (session, write->record, error) > 0
                       : ct_session_update (session, write->record, error);
}

static void
set_writing (CtPlanView *self,
             gboolean    writing)
{
  self->writing += writing ? 1 : -1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.add-goal", self->writing == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.add-action", self->writing == 0);
}

/* Back from the write queue: a toast, or the error as before; after an
 * insert the plan is read again. A lock meanwhile says nothing: the
 * view goes with the team. */
static void
written_cb (gpointer      owner,
            CtSession    *session,
            GAsyncResult *result)
{
  PlanWrite *write = ct_session_write_get_data (result);
  CtPlanView *self = owner;
  g_autoptr(GtkWidget) control = g_weak_ref_get (&write->control);
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);

  if (control != NULL)
    gtk_widget_set_sensitive (control, TRUE);
  if (self == NULL || self->session == NULL)
    return;
  set_writing (self, FALSE);
  if (ok)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (write->done_message));
  else if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    show_error (self, write->error_heading, error);
  if (write->insert)
    ct_plan_view_reload (self);
}

static void
write_record_async (CtPlanView *self,
                    CtRecord   *record,
                    gboolean    insert,
                    GtkWidget  *control,
                    const char *error_heading,
                    const char *done_message)
{
  PlanWrite *write = g_new0 (PlanWrite, 1);

  write->record = ct_record_ref (record);
  write->insert = insert;
  g_weak_ref_init (&write->control, control);
  write->error_heading = error_heading;
  write->done_message = done_message;
  if (control != NULL)
    gtk_widget_set_sensitive (control, FALSE);
  set_writing (self, TRUE);
  ct_saving_write (self, self->session, write_record, write, plan_write_free, NULL, NULL,
                   written_cb);
}

static void
insert_record (CtPlanView *self,
               CtRecord   *record,
               const char *error_heading,
               const char *done_message)
{
  write_record_async (self, record, TRUE, NULL, error_heading, done_message);
}

static void
add_goal_response_cb (CtGoalDialog *dialog,
                      const char   *response,
                      CtPlanView   *self)
{
  g_autoptr(CtRecord) record = NULL;

  if (!g_str_equal (response, "add"))
    return;
  record = ct_goal_dialog_dup_record (dialog, self->household_id);
  insert_record (self, record, _("Could Not Add the Goal"), _("Goal added"));
}

static void
add_goal_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CtPlanView *self = CT_PLAN_VIEW (widget);
  GtkWidget *dialog = ct_goal_dialog_new (parent_window (self));

  adopt_dialog (self, dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (add_goal_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The dialog hides itself on any response; on a date it cannot read it
 * shows again with the reason, and nothing is stored. */
static void
add_action_response_cb (CtActionDialog *dialog,
                        const char     *response,
                        CtPlanView     *self)
{
  g_autoptr(CtRecord) record = NULL;

  if (g_str_equal (response, "add")
      && (record = ct_action_dialog_dup_record (dialog, self->household_id)) == NULL)
    {
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (record != NULL)
    insert_record (self, record, _("Could Not Add the Action"), _("Action added"));
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CtPlanView *self = CT_PLAN_VIEW (widget);
  GtkWidget *dialog = ct_action_dialog_new (parent_window (self), self->members,
                                            g_variant_get_int64 (parameter));

  adopt_dialog (self, dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (add_action_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What a goal's status drop-down acts on. */
typedef struct
{
  CtPlanView *view;     /* not a reference: the view owns the drop-down */
  gint64      goal_id;
} GoalStatus;

static void
goal_status_free (gpointer  data,
                  GClosure *closure)
{
  g_free (data);
}

/* A goal read in a worker (ct_saving_get(), logged as ct_session_get()
 * logs it) before its status changes: meanwhile it counts as a write, so
 * the drop-down and the view's actions are off. */
typedef struct
{
  GWeakRef  control;
  guint     selected;
} GoalRead;

static void
goal_read_free (gpointer data)
{
  GoalRead *read = data;

  g_weak_ref_clear (&read->control);
  g_free (read);
}

/* @owner: the view, while it is there (ct_saving_get()) */
static void
goal_read_cb (gpointer      owner,
              CtSession    *session,
              CtRecord     *goal,
              const GError *error,
              gpointer      data)
{
  CtPlanView *self = owner;
  GoalRead *read = data;
  g_autoptr(GtkWidget) control = g_weak_ref_get (&read->control);

  if (control != NULL)
    gtk_widget_set_sensitive (control, TRUE);
  /* A view gone or let go of its session meanwhile changes nothing; a
   * lock meanwhile says nothing, as a write does. */
  if (self == NULL || self->session != session)
    return;
  set_writing (self, FALSE);
  if (goal != NULL)
    {
      ct_record_set (goal, "status", goal_statuses[read->selected]);
      write_record_async (self, goal, FALSE, control, _("Could Not Change the Goal"),
                          _("Goal status changed"));
    }
  else if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    show_error (self, _("Could Not Change the Goal"), error);
}

static void
goal_status_cb (GtkDropDown *dropdown,
                GParamSpec  *pspec,
                GoalStatus  *status)
{
  CtPlanView *self = status->view;
  guint selected = gtk_drop_down_get_selected (dropdown);
  GoalRead *read;

  if (selected >= G_N_ELEMENTS (goal_statuses))
    return;
  read = g_new0 (GoalRead, 1);
  g_weak_ref_init (&read->control, dropdown);
  read->selected = selected;
  gtk_widget_set_sensitive (GTK_WIDGET (dropdown), FALSE);
  set_writing (self, TRUE);
  ct_saving_get (self, self->session, "goals", status->goal_id, read, goal_read_free,
                 goal_read_cb);
}

static GtkWidget *
status_dropdown (CtPlanView *self,
                 CtRecord   *goal)
{
  const char *names[G_N_ELEMENTS (goal_statuses) + 1] = { NULL };
  GtkWidget *dropdown;
  GoalStatus *status;
  g_autofree char *label = g_strdup_printf (_("Status of goal “%s”"),
                                            field_text (goal, "description"));

  for (guint i = 0; i < G_N_ELEMENTS (goal_statuses); i++)
    names[i] = ct_gui_enum_label (NULL, goal_statuses[i]);
  dropdown = gtk_drop_down_new_from_strings (names);
  for (guint i = 0; i < G_N_ELEMENTS (goal_statuses); i++)
    if (g_strcmp0 (ct_record_get (goal, "status"), goal_statuses[i]) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (dropdown, _("Goal status"));
  status = g_new0 (GoalStatus, 1);
  status->view = self;
  status->goal_id = ct_record_get_id (goal);
  g_signal_connect_data (dropdown, "notify::selected", G_CALLBACK (goal_status_cb), status,
                         goal_status_free, 0);
  return dropdown;
}

static GtkWidget *
add_action_button (gint64 goal_id)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Add Action"));
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "plan.add-action");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", goal_id);
  return button;
}

/* The rows that say a field of @record was also changed on another
 * laptop, with "Use This" (_ct_case_conflict_rows_new(), the case page's
 * one mechanism; docs/sync-merge.md, "Merge rules"), each naming its
 * field, since here they stand under the goal or action, not its field. */
static GPtrArray *
conflict_rows (CtPlanView *self,
               CtRecord   *record)
{
  const CtTable *table = ct_record_get_table (record);
  GPtrArray *all = g_ptr_array_new ();

  if (self->conflicts == NULL)
    return all;
  for (guint f = 0; f < table->n_fields; f++)
    {
      g_autoptr(GPtrArray) rows = NULL;

      if ((int) f == table->row_category)
        continue;
      rows = _ct_case_conflict_rows_new (self->conflicts, record, &table->fields[f]);
      for (guint i = 0; i < rows->len; i++)
        {
          GtkWidget *row = g_ptr_array_index (rows, i);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(table->fields[f].label));
          g_ptr_array_add (all, row);
        }
    }
  return all;
}

static char *
action_subtitle (CtPlanView *self,
                 CtRecord   *action)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  /* A restricted partner is said once, in the title. */
  const char *partner = ct_record_is_restricted (action, "partner") ? ""
                                                                     : field_text (action, "partner");
  const char *type = ct_record_get (action, "partner_type");
  const char *due = ct_record_get (action, "due_on");

  if (partner[0] != '\0' || type != NULL)
    g_ptr_array_add (parts, type != NULL ? g_strdup_printf ("%s (%s)", partner[0] != '\0' ? partner : "–",
                                                            ct_gui_enum_label (NULL, type))
                                         : g_strdup (partner));
  if (ct_record_get (action, "responsible") != NULL)
    {
      g_autofree char *name = ct_gui_member_name (self->members,
                                                   ct_record_get_int (action, "responsible"));

      g_ptr_array_add (parts, g_strdup_printf (_("Responsible: %s"), name));
    }
  if (due != NULL)
    {
      g_autofree char *date = ct_gui_format_date (due);

      g_ptr_array_add (parts, g_strdup_printf (_("Due %s"), date));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static GtkWidget *
status_label_new (CtRecord *action)
{
  const char *status = ct_record_get (action, "status");
  g_autofree char *status_text = NULL;
  GtkWidget *status_label;

  if (g_strcmp0 (status, "geweigerd") == 0 && ct_record_get (action, "refusal_reason") != NULL)
    status_text = g_strdup_printf ("%s: %s", ct_gui_enum_label (NULL, status),
                                   ct_record_get (action, "refusal_reason"));
  else
    status_text = g_strdup (ct_gui_enum_label (NULL, status));
  status_label = gtk_label_new (status_text);
  gtk_label_set_ellipsize (GTK_LABEL (status_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (status_label), 30);
  gtk_widget_add_css_class (status_label, "dim-label");
  gtk_widget_set_valign (status_label, GTK_ALIGN_CENTER);
  return status_label;
}

static GtkWidget *
action_row (CtPlanView *self,
            CtRecord   *action)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = action_subtitle (self, action);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_text (action, "what"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status_label_new (action));
  return row;
}

/* An action with a field changed on two laptops: one line that says so
 * and opens (a click, or Enter or Space on it) to the conflicts, each
 * with "Use This". */
static GtkWidget *
conflicted_action_row (CtPlanView *self,
                       CtRecord   *action,
                       GPtrArray  *conflicts)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *details = action_subtitle (self, action);
  g_autofree char *subtitle = NULL;
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  subtitle = details[0] != '\0' ? g_strdup_printf ("%s · %s", _("Changed on two laptops"), details)
                                : g_strdup (_("Changed on two laptops"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_text (action, "what"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (icon, _("Changed on two laptops"));
  gtk_widget_add_css_class (icon, "warning");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), status_label_new (action));
  gtk_widget_add_css_class (row, "sync-conflicted");
  for (guint i = 0; i < conflicts->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), g_ptr_array_index (conflicts, i));
  return row;
}

static GtkWidget *
goal_group (CtPlanView *self,
            CtRecord   *goal,
            GPtrArray  *actions)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *list = NULL;
  gint64 goal_id = goal != NULL ? ct_record_get_id (goal) : 0;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;
  int domain = goal != NULL ? ct_gui_domain_index (ct_record_get (goal, "domain")) : -1;

  if (goal != NULL)
    {
      title = g_strdup_printf ("%s: %s", domain >= 0 ? ct_gui_domain_label (domain) : "",
                               field_text (goal, "description"));
      if (ct_record_get (goal, "target_score") != NULL)
        description = g_strdup_printf (_("Target score %s"), ct_record_get (goal, "target_score"));
      gtk_box_append (GTK_BOX (suffix), status_dropdown (self, goal));
    }
  else
    title = g_strdup (_("Other Actions"));

  /* The group's title is markup; the goal is people's text. */
  escaped = g_markup_escape_text (title, -1);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), escaped);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (GTK_BOX (suffix), add_action_button (goal_id));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), suffix);

  /* The goal's own fields changed on two laptops: first in its group. */
  if (goal != NULL)
    {
      g_autoptr(GPtrArray) conflicts = conflict_rows (self, goal);

      for (guint i = 0; i < conflicts->len; i++)
        {
          if (list == NULL)
            {
              list = form_list ();
              adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
            }
          gtk_list_box_append (GTK_LIST_BOX (list), g_ptr_array_index (conflicts, i));
        }
    }

  for (guint i = 0; i < actions->len; i++)
    {
      CtRecord *action = g_ptr_array_index (actions, i);
      gint64 action_goal = ct_record_get (action, "goal_id") != NULL
                             ? ct_record_get_int (action, "goal_id") : 0;
      g_autoptr(GPtrArray) conflicts = NULL;

      if (action_goal != goal_id)
        continue;
      if (list == NULL)
        {
          list = form_list ();
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
        }
      conflicts = conflict_rows (self, action);
      gtk_list_box_append (GTK_LIST_BOX (list),
                           conflicts->len > 0 ? conflicted_action_row (self, action, conflicts)
                                              : action_row (self, action));
    }
  return group;
}

static void
clear_groups (CtPlanView *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->goals_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
}

static void
append_group (CtPlanView *self,
              GtkWidget  *group)
{
  gtk_box_append (self->goals_box, group);
  g_ptr_array_add (self->groups, group);
}

/* What the worker read: the household's goals and actions. */
typedef struct
{
  GPtrArray *goals;
  GPtrArray *actions;
} PlanRead;

static void
plan_read_free (gpointer data)
{
  PlanRead *read = data;

  g_clear_pointer (&read->goals, g_ptr_array_unref);
  g_clear_pointer (&read->actions, g_ptr_array_unref);
  g_free (read);
}

/* In a worker, with a reader of the session (its reads logged by the
 * session before they are handed out). */
static gpointer
read_plan (CtSession     *reader,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  gint64 household_id = (gint64) GPOINTER_TO_SIZE (data);
  PlanRead *read = g_new0 (PlanRead, 1);

  if ((read->goals = ct_session_list (reader, "goals", "household_id", household_id,
                                      error)) == NULL
      || (read->actions = ct_session_list (reader, "actions", "household_id", household_id,
                                           error)) == NULL)
    {
      plan_read_free (read);
      return NULL;
    }
  return read;
}

static void
show_plan (CtPlanView *self,
           PlanRead   *read)
{
  gboolean loose = FALSE;

  clear_groups (self);
  for (guint i = 0; i < read->goals->len; i++)
    append_group (self, goal_group (self, g_ptr_array_index (read->goals, i), read->actions));
  for (guint i = 0; i < read->actions->len; i++)
    loose |= ct_record_get (g_ptr_array_index (read->actions, i), "goal_id") == NULL;
  if (loose || read->goals->len > 0)
    append_group (self, goal_group (self, NULL, read->actions));
  gtk_stack_set_visible_child_name (self->stack, read->goals->len > 0 || loose ? "plan"
                                                 : self->embedded ? "empty-embedded" : "empty");
}

static void
plan_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CtPlanView *self;
  g_autoptr(GError) error = NULL;
  PlanRead *read = ct_session_read_finish (CT_SESSION (source), result, &error);

  /* Cancelled: read again, or the view went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->reading);
  if (read == NULL)
    {
      if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  show_plan (self, read);
  plan_read_free (read);
}

static void
cancel_reading (CtPlanView *self)
{
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
}

static void
ct_plan_view_dispose (GObject *object)
{
  CtPlanView *self = CT_PLAN_VIEW (object);

  /* The action dialog hides itself on a response, so it may be there
   * unseen: destroyed all the same, with any error shown over the plan. */
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }
  ct_gui_close_owned_windows (self);
  cancel_reading (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  G_OBJECT_CLASS (ct_plan_view_parent_class)->dispose (object);
}

static void
ct_plan_view_class_init (CtPlanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_plan_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-plan-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CtPlanView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CtPlanView, stack);
  gtk_widget_class_bind_template_child (widget_class, CtPlanView, scroller);
  gtk_widget_class_bind_template_child (widget_class, CtPlanView, clamp);
  gtk_widget_class_bind_template_child (widget_class, CtPlanView, goals_box);

  gtk_widget_class_install_action (widget_class, "plan.add-goal", NULL, add_goal_cb);
  gtk_widget_class_install_action (widget_class, "plan.add-action", "x", add_action_cb);
}

static void
ct_plan_view_init (CtPlanView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
}

GtkWidget *
ct_plan_view_new (CtSession *session,
                  gint64     household_id)
{
  CtPlanView *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);
  g_return_val_if_fail (household_id > 0, NULL);

  self = g_object_new (CT_TYPE_PLAN_VIEW, NULL);
  self->session = g_object_ref (session);
  self->household_id = household_id;
  ct_plan_view_reload (self);
  return GTK_WIDGET (self);
}

/**
 * ct_plan_view_reload:
 *
 * Reads the household's goals and actions again, in a worker
 * (ct_session_read_async()); the goals shown stay until the new ones
 * replace them. A reload started meanwhile drops this one.
 */
void
ct_plan_view_reload (CtPlanView *self)
{
  g_return_if_fail (CT_IS_PLAN_VIEW (self));

  /* Member names come from the team chain, which a reader does not have. */
  g_clear_pointer (&self->members, g_ptr_array_unref);
  self->members = ct_gui_list_members (self->session);
  cancel_reading (self);
  self->reading = g_cancellable_new ();
  ct_session_read_async (self->session, read_plan, GSIZE_TO_POINTER (self->household_id),
                         plan_read_free, self->reading, plan_read_cb, self);
}

/* Returns: %TRUE while the plan is being read or written */
gboolean
_ct_plan_view_is_loading (CtPlanView *self)
{
  g_return_val_if_fail (CT_IS_PLAN_VIEW (self), FALSE);

  return self->reading != NULL || self->writing > 0;
}

/**
 * ct_plan_view_set_embedded:
 * @embedded: %TRUE for a section of a page that scrolls itself
 *
 * As a section of the case page the plan takes the height of its goals
 * and lets the page scroll: a scrolled window inside a scrolled page gets
 * only its minimum height, a strip in which goals seemed to vanish. Its
 * empty state is a line of text and a button instead of a status page.
 */
void
ct_plan_view_set_embedded (CtPlanView *self,
                           gboolean    embedded)
{
  g_return_if_fail (CT_IS_PLAN_VIEW (self));

  self->embedded = embedded;
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER,
                                  embedded ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (self->scroller, embedded);
  gtk_widget_set_margin_top (GTK_WIDGET (self->clamp), embedded ? 6 : 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->clamp), embedded ? 6 : 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->clamp), embedded ? 0 : 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->clamp), embedded ? 0 : 12);
  gtk_stack_set_vhomogeneous (self->stack, !embedded);
  /* Until the first read is back it shows nothing (the "loading" page). */
  if (g_str_has_prefix (gtk_stack_get_visible_child_name (self->stack), "empty"))
    gtk_stack_set_visible_child_name (self->stack, embedded ? "empty-embedded" : "empty");
}

/**
 * ct_plan_view_set_conflicts:
 * @conflicts: (nullable): the case page's sync conflicts, "table:row:field"
 *   to its CtSyncConflicts (ct_case_load_async() read them)
 *
 * Under each goal and action the plan shows its values kept as a
 * conflict, from the next read of the plan on; their "Use This" is the
 * case page's (case.use-conflict). Set again with each case load, whose
 * view owns the conflicts.
 */
void
ct_plan_view_set_conflicts (CtPlanView *self,
                            GHashTable *conflicts)
{
  g_return_if_fail (CT_IS_PLAN_VIEW (self));

  if (conflicts != NULL)
    g_hash_table_ref (conflicts);
  g_clear_pointer (&self->conflicts, g_hash_table_unref);
  self->conflicts = conflicts;
}
