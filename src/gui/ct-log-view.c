/* ct-log-view.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-log-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-log-view-private.h"
#include "ct-gui-labels.h"

/* The access log for the beheerder: every entry, filtered by member, action
 * and text, and a check of the whole chain with the core's own verifier.
 * For one household (ct_log_view_new_for_household()) only the entries
 * about it, which its regisseur may read too. */

G_DEFINE_FINAL_TYPE (CtLogView, ct_log_view, ADW_TYPE_BIN)

/* One entry as a list item. */
#define CT_TYPE_LOG_ITEM (ct_log_item_get_type ())
G_DECLARE_FINAL_TYPE (CtLogItem, ct_log_item, CT, LOG_ITEM, GObject)

struct _CtLogItem
{
  GObject parent_instance;
  CtLogEntry *entry;
};

G_DEFINE_FINAL_TYPE (CtLogItem, ct_log_item, G_TYPE_OBJECT)

static void
ct_log_item_finalize (GObject *object)
{
  g_clear_pointer (&CT_LOG_ITEM (object)->entry, ct_log_entry_free);
  G_OBJECT_CLASS (ct_log_item_parent_class)->finalize (object);
}

static void
ct_log_item_class_init (CtLogItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ct_log_item_finalize;
}

static void
ct_log_item_init (CtLogItem *self)
{
}

static const char *column_titles[N_COLUMNS] = {
  N_("Time"), N_("Member"), N_("Role"), N_("Action"), N_("Object"), N_("Categories"),
  N_("Purpose"), N_("Outcome"),
};

/* In the order of the action filter, after "All actions". */
static const char action_codes[] = "RCUDE";

static const char *
action_words (char action)
{
  switch (action)
    {
    case 'C': return _("Created");
    case 'R': return _("Viewed");
    case 'U': return _("Changed");
    case 'D': return _("Deleted");
    case 'E': return _("Exported");
    default: return "";
    }
}

static char *
format_time (const char *at)
{
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *iso_date = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (utc == NULL)
    return g_strdup (at != NULL ? at : "");
  local = g_date_time_to_local (utc);
  iso_date = g_date_time_format (local, "%Y-%m-%d");
  date = ct_gui_format_date (iso_date);
  time = g_date_time_format (local, "%H:%M:%S");
  return g_strdup_printf ("%s %s", date, time);
}

static char *
format_categories (const char *names)
{
  g_auto(GStrv) parts = g_strsplit (names != NULL ? names : "", ",", -1);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      CtCategory c = parts[i][0] != '\0' ? ct_category_from_string (parts[i]) : CT_CATEGORY_INVALID;

      if (c != CT_CATEGORY_INVALID)
        g_ptr_array_add (words, (gpointer) ct_category_get_display_name (c));
      else if (g_str_equal (parts[i], CT_LOG_HIDDEN_CATEGORIES))
        g_ptr_array_add (words, _("categories your role may not read"));
      else if (parts[i][0] != '\0')
        g_ptr_array_add (words, parts[i]);
    }
  g_ptr_array_add (words, NULL);
  return g_strjoinv (", ", (char **) words->pdata);
}

/* The core writes "recovery" as the role of an entry the recovery key made. */
static const char *
format_role (const char *name)
{
  CtRole role = name != NULL && name[0] != '\0' ? ct_role_from_string (name) : CT_ROLE_INVALID;

  if (role != CT_ROLE_INVALID)
    return ct_role_get_display_name (role);
  if (g_strcmp0 (name, "recovery") == 0)
    return _("Recovery key");
  return name != NULL ? name : "";
}

/* The stored outcome is "ok" or "refused"; anything else shows as it is. */
static const char *
format_outcome (const char *outcome)
{
  if (g_strcmp0 (outcome, "ok") == 0)
    return C_("access log outcome", "ok");
  if (g_strcmp0 (outcome, "refused") == 0)
    return C_("access log outcome", "refused");
  return outcome != NULL ? outcome : "";
}

/* A policy change names the role it changed (its id is the role); other
 * entries name their row, or only the table for a list or the team. */
static char *
format_object (CtLogEntry *entry)
{
  const char *table = ct_gui_table_label (entry->object_table);

  if (g_strcmp0 (entry->object_table, "policy") == 0 && entry->object_id >= 0
      && entry->object_id < CT_N_ROLES)
    return g_strdup_printf ("%s: %s", table, ct_role_get_display_name ((CtRole) entry->object_id));
  if (entry->object_id > 0)
    return g_strdup_printf ("%s #%" G_GINT64_FORMAT, table, entry->object_id);
  return g_strdup (table);
}

static char *
column_text (CtLogEntry *entry,
             guint       column)
{
  switch (column)
    {
    case COL_TIME:
      return format_time (entry->at);
    case COL_MEMBER:
      return g_strdup (entry->login != NULL ? entry->login : _("recovery key"));
    case COL_ROLE:
      return g_strdup (format_role (entry->role));
    case COL_ACTION:
      return g_strdup (action_words (entry->action));
    case COL_OBJECT:
      return format_object (entry);
    case COL_CATEGORIES:
      return format_categories (entry->categories);
    case COL_PURPOSE:
      return g_strdup (ct_log_purpose_get_display_name (entry->purpose));
    case COL_OUTCOME:
      return g_strdup (format_outcome (entry->outcome));
    default:
      g_assert_not_reached ();
    }
}

static gboolean
entry_matches_text (CtLogEntry *entry,
                    const char *needle)
{
  for (guint col = 0; col < N_COLUMNS; col++)
    {
      g_autofree char *text = column_text (entry, col);
      g_autofree char *folded = g_utf8_casefold (text, -1);

      if (strstr (folded, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
filter_entry (gpointer item,
              gpointer user_data)
{
  CtLogView *self = user_data;
  CtLogEntry *entry = CT_LOG_ITEM (item)->entry;
  guint member = gtk_drop_down_get_selected (self->member_dropdown);
  guint action = gtk_drop_down_get_selected (self->action_dropdown);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = g_utf8_casefold (text, -1);

  if (member > 0 && member != GTK_INVALID_LIST_POSITION)
    {
      const char *login = gtk_string_list_get_string (self->member_list, member);
      gboolean recovery = member == g_list_model_get_n_items (G_LIST_MODEL (self->member_list)) - 1;

      if (recovery ? entry->login != NULL : g_strcmp0 (entry->login, login) != 0)
        return FALSE;
    }
  if (action > 0 && action != GTK_INVALID_LIST_POSITION && entry->action != action_codes[action - 1])
    return FALSE;

  return needle[0] == '\0' || entry_matches_text (entry, needle);
}

static void
update_count (CtLogView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *text = g_strdup_printf (ngettext ("%u entry shown", "%u entries shown", shown),
                                           shown);

  gtk_label_set_text (self->count_label, text);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* The time is short and always read whole; long texts shorten, with the
   * whole text as tooltip. */
  if (GPOINTER_TO_UINT (user_data) != COL_TIME)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  CtLogItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = column_text (item->entry, GPOINTER_TO_UINT (user_data));

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static void
add_columns (CtLogView *self)
{
  for (guint col = 0; col < N_COLUMNS; col++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (col));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (col));
      column = gtk_column_view_column_new (_(column_titles[col]), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, col == COL_OBJECT || col == COL_PURPOSE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

static void
fill_member_filter (CtLogView *self,
                    GPtrArray *entries)
{
  g_autoptr(GPtrArray) logins = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->member_list));

  g_ptr_array_add (logins, _("All members"));
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *entry = g_ptr_array_index (entries, i);

      if (entry->login != NULL
          && !g_ptr_array_find_with_equal_func (logins, entry->login, g_str_equal, NULL))
        g_ptr_array_add (logins, entry->login);
    }
  g_ptr_array_add (logins, _("Recovery key"));
  g_ptr_array_add (logins, NULL);
  gtk_string_list_splice (self->member_list, 0, n, (const char * const *) logins->pdata);
  gtk_drop_down_set_selected (self->member_dropdown, 0);
}

static void
filter_changed_cb (CtLogView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

/* The result of a verification, always shown above the entries. */
static void
show_verification (CtLogView    *self,
                   gboolean      intact,
                   const GError *error)
{
  g_autofree char *message = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->verify_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verify_label), "error");

  if (intact)
    {
      /* For one household, the whole log was verified: say how long it is. */
      guint n = self->household_id > 0 ? (guint) self->n_verified
                                       : g_list_model_get_n_items (G_LIST_MODEL (self->entries));

      message = g_strdup_printf (ngettext ("The access log is intact (%u entry).",
                                           "The access log is intact (%u entries).", n), n);
      gtk_widget_add_css_class (GTK_WIDGET (self->verify_label), "success");
    }
  else
    {
      message = g_strdup (error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->verify_label), "error");
    }
  gtk_label_set_text (self->verify_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_label), TRUE);
}

/* The whole file: header, database and log (ct_session_check()). */
static void
verify_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CtLogView *self = CT_LOG_VIEW (widget);
  g_autoptr(GError) error = NULL;
  gboolean intact;

  ct_log_view_reload (self);
  intact = ct_session_check (self->session, &error);
  show_verification (self, intact, error);
}

static void
ct_log_view_dispose (GObject *object)
{
  CtLogView *self = CT_LOG_VIEW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->entries);
  g_clear_object (&self->filter);
  G_OBJECT_CLASS (ct_log_view_parent_class)->dispose (object);
}

static void
ct_log_view_class_init (CtLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_log_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CtLogView, member_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, member_list);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, verify_label);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, filter_model);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "log.verify", NULL, verify_cb);
}

static void
ct_log_view_init (CtLogView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_list_store_new (CT_TYPE_LOG_ITEM);
  self->filter = gtk_custom_filter_new (filter_entry, self, NULL);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->entries));
  gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  add_columns (self);
}

GtkWidget *
ct_log_view_new (CtSession *session)
{
  CtLogView *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_LOG_VIEW, NULL);
  self->session = g_object_ref (session);
  ct_log_view_reload (self);
  return GTK_WIDGET (self);
}

/**
 * ct_log_view_new_for_household:
 *
 * Who saw or changed one household, when, what and why: the entries
 * that name it (ct_session_read_household_log()).
 */
GtkWidget *
ct_log_view_new_for_household (CtSession *session,
                               gint64     household_id)
{
  CtLogView *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_LOG_VIEW, NULL);
  self->session = g_object_ref (session);
  self->household_id = household_id;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.verify",
                                 ct_session_is_admin (session) || ct_session_is_recovery (session));
  ct_log_view_reload (self);
  return GTK_WIDGET (self);
}

/**
 * ct_log_view_reload:
 *
 * Reads the log again, newest entry first. Reading it is beheerder only;
 * for anyone else the view stays empty and says why.
 */
void
ct_log_view_reload (CtLogView *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gboolean intact;

  g_return_if_fail (CT_IS_LOG_VIEW (self));

  g_list_store_remove_all (self->entries);
  entries = self->household_id > 0
              ? ct_session_read_household_log (self->session, self->household_id, &error)
              : ct_session_read_log (self->session, &error);
  if (entries == NULL)
    {
      gtk_label_set_text (self->verify_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->verify_label), TRUE);
      update_count (self);
      return;
    }

  fill_member_filter (self, entries);
  for (guint i = entries->len; i > 0; i--)
    {
      CtLogItem *item = g_object_new (CT_TYPE_LOG_ITEM, NULL);

      item->entry = g_ptr_array_steal_index (entries, i - 1);
      g_list_store_append (self->entries, item);
      g_object_unref (item);
    }
  update_count (self);

  /* Never a log without whether it is intact; only a beheerder can verify
   * the whole log, and a regisseur is told so. */
  if (self->household_id > 0 && !ct_session_is_admin (self->session)
      && !ct_session_is_recovery (self->session))
    {
      gtk_label_set_text (self->verify_label, _("Only a beheerder can verify the whole access "
                                                "log."));
      gtk_widget_set_visible (GTK_WIDGET (self->verify_label), TRUE);
      return;
    }
  intact = ct_session_verify_log (self->session, &self->n_verified, &error);
  show_verification (self, intact, error);
}

/* Returns: (transfer none): the entry shown at @position, for the tests */
CtLogEntry *
_ct_log_view_get_shown_entry (CtLogView *self,
                              guint      position)
{
  g_autoptr(CtLogItem) item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  return item != NULL ? item->entry : NULL;
}

/* Returns: (transfer full): what column @column shows for the entry at
 *   @position, for the tests */
char *
_ct_log_view_dup_shown_text (CtLogView *self,
                             guint      position,
                             guint      column)
{
  CtLogEntry *entry = _ct_log_view_get_shown_entry (self, position);

  g_return_val_if_fail (column < N_COLUMNS, NULL);

  return entry != NULL ? column_text (entry, column) : NULL;
}
