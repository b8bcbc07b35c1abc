/* ct-log-view.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-log-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-log-view-private.h"

/* The access log for the beheerder: every entry, filtered by case, member,
 * action, period and text, and a check of the whole chain with the core's
 * own verifier. For one household (ct_log_view_new_for_household()) only
 * the entries about it, which its regisseur may read too.
 *
 * The log, the case numbers it names (the cases' general fields, which
 * are not logged; docs/categories.md) and the log's verification are read
 * in a worker (ct_session_read_log_async()): at 10 000 households the log
 * has some 300 000 entries. Meanwhile the view says it is reading; a read
 * is given up when the view is read again, goes off screen or away. The
 * column view makes cells for the rows on screen only, and with no filter
 * set the entries pass to it unfiltered. What a cell says is worked out
 * in ct-log-view-text.c. What the view shows can be exported as CSV for
 * the privacy officer (ct_session_export_log_csv(), which logs it);
 * docs/security.md. */

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
  /* Translators: "Laptop" is the column naming the member on whose laptop
   * (replica of the team file) an access-log entry was made */
  N_("Time"), N_("Member"), N_("Laptop"), N_("Role"), N_("Action"), N_("Case"), N_("Object"), N_("Categories"),
  N_("Purpose"), N_("Outcome"),
};

/* The period filter's fields, for their messages. */
static const CtField from_field = {
  .name = "from", .category = CT_CATEGORY_GENERAL, .type = CT_FIELD_DATE, .label = N_("From"),
};
static const CtField until_field = {
  .name = "until", .category = CT_CATEGORY_GENERAL, .type = CT_FIELD_DATE, .label = N_("Until"),
};

/* In the order of the action filter, after "All actions". */
static const char action_codes[] = "RCUDE";

/* The local day of an entry, "YYYY-MM-DD", for the period filter */
static char *
local_day (const char *at)
{
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d");
}

static gboolean
entry_matches_text (CtLogView  *self,
                    CtLogEntry *entry,
                    const char *needle)
{
  for (guint col = 0; col < N_COLUMNS; col++)
    {
      g_autofree char *text = _ct_log_view_column_text (self, entry, col);
      g_autofree char *folded = g_utf8_casefold (text, -1);

      if (strstr (folded, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Whether @entry names @household_id, alone or in a list. */
static gboolean
is_about (CtLogEntry *entry,
          gint64      household_id)
{
  if (entry->household_id == household_id)
    return TRUE;
  for (guint i = 0; entry->households != NULL && i < entry->households->len; i++)
    if (g_array_index (entry->households, gint64, i) == household_id)
      return TRUE;
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
  const char *needle = self->needle;
  guint household = gtk_drop_down_get_selected (self->case_dropdown);

  if (member > 0 && member != GTK_INVALID_LIST_POSITION && member - 1 < self->member_logins->len
      && g_strcmp0 (entry->login, g_ptr_array_index (self->member_logins, member - 1)) != 0)
    return FALSE;
  if (action > 0 && action != GTK_INVALID_LIST_POSITION && entry->action != action_codes[action - 1])
    return FALSE;
  if (household > 0 && household != GTK_INVALID_LIST_POSITION
      && household - 1 < self->case_households->len
      && !is_about (entry, g_array_index (self->case_households, gint64, household - 1)))
    return FALSE;
  if (!self->period_valid)
    return FALSE;
  if (self->from_date != NULL || self->until_date != NULL)
    {
      g_autofree char *day = local_day (entry->at);

      if (day == NULL || (self->from_date != NULL && strcmp (day, self->from_date) < 0)
          || (self->until_date != NULL && strcmp (day, self->until_date) > 0))
        return FALSE;
    }

  return needle[0] == '\0' || entry_matches_text (self, entry, needle);
}

static void
update_count (CtLogView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  gboolean searching = gtk_filter_list_model_get_pending (self->filter_model) > 0;
  g_autofree char *text = NULL;

  /* While the worker reads, the spinner says so. */
  if (self->reading != NULL)
    text = g_strdup ("");
  else if (searching)
    text = g_strdup (_("Searching…"));
  else if (shown == 0 && all > 0)
    text = g_strdup (_("No entry matches these filters."));
  else
    text = g_strdup_printf (ngettext ("%u entry shown", "%u entries shown", shown), shown);
  gtk_label_set_text (self->count_label, text);
  /* An export is of what is shown, and never of a period that was typed
   * wrong (that would look filtered and be the whole log), nor of a
   * search half done. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.export",
                                 shown > 0 && self->period_valid && !searching);
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
  CtLogView *self = g_object_get_data (G_OBJECT (factory), "log-view");
  g_autofree char *text = _ct_log_view_column_text (self, item->entry, GPOINTER_TO_UINT (user_data));

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

      /* The view owns its columns, which own their factories. */
      g_object_set_data (G_OBJECT (factory), "log-view", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (col));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (col));
      column = gtk_column_view_column_new (_(column_titles[col]), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, col == COL_CASE || col == COL_PURPOSE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

/* The members in the log, by name; a removed member by login. Keeping
 * the selection by login lets a reload keep the filter. */
static void
fill_member_filter (CtLogView *self,
                    GPtrArray *entries)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->member_list));
  guint selected = gtk_drop_down_get_selected (self->member_dropdown);
  g_autofree char *was = NULL;
  gboolean was_recovery = FALSE;
  guint select = 0;

  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION && selected - 1 < self->member_logins->len)
    {
      was = g_strdup (g_ptr_array_index (self->member_logins, selected - 1));
      was_recovery = was == NULL;
    }
  g_ptr_array_set_size (self->member_logins, 0);
  g_ptr_array_add (names, g_strdup (_("All members")));
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *entry = g_ptr_array_index (entries, i);

      if (entry->login != NULL
          && !g_ptr_array_find_with_equal_func (self->member_logins, entry->login, g_str_equal,
                                                NULL))
        {
          g_ptr_array_add (self->member_logins, g_strdup (entry->login));
          g_ptr_array_add (names, _ct_log_view_format_member (self, entry));
          if (g_strcmp0 (was, entry->login) == 0)
            select = self->member_logins->len;
        }
    }
  g_ptr_array_add (self->member_logins, NULL);
  g_ptr_array_add (names, g_strdup (_("Recovery key")));
  if (was_recovery)
    select = self->member_logins->len;
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->member_list, 0, n, (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->member_dropdown, select);
}

static int
compare_numbers (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GHashTable *numbers = user_data;

  return g_utf8_collate (g_hash_table_lookup (numbers, a), g_hash_table_lookup (numbers, b));
}

/* The cases the reader may see, by number; a reload keeps the selection. */
static void
fill_case_filter (CtLogView *self)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  g_autoptr(GList) households = g_hash_table_get_keys (self->case_numbers);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->case_list));
  guint selected = gtk_drop_down_get_selected (self->case_dropdown);
  gint64 was = 0;
  guint select = 0;

  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION && selected - 1 < self->case_households->len)
    was = g_array_index (self->case_households, gint64, selected - 1);
  households = g_list_sort_with_data (households, compare_numbers, self->case_numbers);
  g_array_set_size (self->case_households, 0);
  g_ptr_array_add (numbers, _("All cases"));
  for (GList *l = households; l != NULL; l = l->next)
    {
      gint64 household = *(gint64 *) l->data;

      g_array_append_val (self->case_households, household);
      g_ptr_array_add (numbers, g_hash_table_lookup (self->case_numbers, l->data));
      if (household == was)
        select = self->case_households->len;
    }
  g_ptr_array_add (numbers, NULL);
  gtk_string_list_splice (self->case_list, 0, n, (const char * const *) numbers->pdata);
  gtk_drop_down_set_selected (self->case_dropdown, select);
}

/* The members' names, from the team chain in the session's thread (a
 * reader has no chain); the case numbers come with the entries. */
static void
load_member_names (CtLogView *self)
{
  g_autoptr(GPtrArray) members = ct_gui_list_members (self->session);

  g_hash_table_remove_all (self->member_names);
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      g_hash_table_replace (self->member_names, g_strdup (info->login),
                            g_strdup (info->display_name != NULL && info->display_name[0] != '\0'
                                        ? info->display_name : info->login));
    }
}

/* Whether any filter is set: with none, the model passes the entries
 * through without asking about each (some 300 000 at 10 000 households). */
static gboolean
filtering (CtLogView *self)
{
  guint member = gtk_drop_down_get_selected (self->member_dropdown);
  guint action = gtk_drop_down_get_selected (self->action_dropdown);
  guint household = gtk_drop_down_get_selected (self->case_dropdown);

  return (member > 0 && member != GTK_INVALID_LIST_POSITION)
         || (action > 0 && action != GTK_INVALID_LIST_POSITION)
         || (household > 0 && household != GTK_INVALID_LIST_POSITION) || !self->period_valid
         || self->from_date != NULL || self->until_date != NULL
         || self->needle[0] != '\0';
}

/* With a text to search for, the model filters a batch of entries per
 * main-loop iteration (incremental), so typing never waits for the whole
 * log: each entry's every column is worked out and compared. The other
 * filters are cheap and filter at once. */
/* Incremental filtering for a text search only. GTK 4.8 crashes when it
 * is switched off while a run is pending or with no filter set: then it
 * stays on until the run ends (pending_changed_cb()). */
static void
set_incremental (CtLogView *self)
{
  gboolean incremental = self->needle[0] != '\0';

  if (incremental
      || (gtk_filter_list_model_get_filter (self->filter_model) != NULL
          && gtk_filter_list_model_get_pending (self->filter_model) == 0))
    gtk_filter_list_model_set_incremental (self->filter_model, incremental);
}

static void
refilter (CtLogView       *self,
          GtkFilterChange  change)
{
  set_incremental (self);
  if (!filtering (self))
    gtk_filter_list_model_set_filter (self->filter_model, NULL);
  else if (gtk_filter_list_model_get_filter (self->filter_model) == NULL)
    gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_count (self);
}

/* One end of the period: NULL when empty; FALSE with the message when
 * what was typed is not a date. */
static gboolean
read_period_end (GtkEntry       *entry,
                 const CtField  *field,
                 char          **day,
                 GString        *errors)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = ct_gui_field_from_text (field, gtk_editable_get_text (GTK_EDITABLE (entry)),
                                                   &error);

  g_clear_pointer (day, g_free);
  if (value == NULL)
    {
      g_string_append_printf (errors, "%s%s", errors->len > 0 ? "\n" : "", error->message);
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  if (value[0] != '\0')
    *day = g_steal_pointer (&value);
  return TRUE;
}

static void
period_changed_cb (CtLogView *self)
{
  g_autoptr(GString) errors = g_string_new (NULL);
  gboolean from_ok = read_period_end (self->from_entry, &from_field, &self->from_date, errors);
  gboolean until_ok = read_period_end (self->until_entry, &until_field, &self->until_date, errors);

  self->period_valid = from_ok && until_ok;
  if (self->period_valid && self->from_date != NULL && self->until_date != NULL
      && strcmp (self->from_date, self->until_date) > 0)
    {
      g_string_append (errors, _("Until: expected a day on or after the day in From."));
      gtk_widget_add_css_class (GTK_WIDGET (self->until_entry), "error");
      self->period_valid = FALSE;
    }
  gtk_label_set_text (self->filter_error_label, errors->str);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), errors->len > 0);
  refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
filter_changed_cb (CtLogView *self)
{
  refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

/* The search entry says when typing paused (its search-delay). A longer
 * text matches fewer entries, so only those shown are asked again; a
 * shorter one, only those hidden. */
static void
search_changed_cb (CtLogView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *was = g_steal_pointer (&self->needle);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  self->needle = g_utf8_casefold (text, -1);
  if (strcmp (was, self->needle) == 0)
    return;
  if (strstr (self->needle, was) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (was, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  refilter (self, change);
}

static void
pending_changed_cb (CtLogView *self)
{
  set_incremental (self);
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

/* "Verify" for whoever may verify the whole log, and not while the file
 * is being checked. */
static void
update_verify_action (CtLogView *self)
{
  gboolean may = self->household_id == 0 || ct_session_is_admin (self->session)
                 || ct_session_is_recovery (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.verify", may && self->checking == NULL);
}

static void
stop_checking (CtLogView *self)
{
  if (self->checking == NULL)
    return;
  g_clear_object (&self->checking);
  gtk_spinner_stop (self->check_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), FALSE);
  if (self->session != NULL)
    update_verify_action (self);
}

static void
cancel_reading (CtLogView *self)
{
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  stop_checking (self);
  self->check_file = FALSE;
  gtk_spinner_stop (self->spinner);
}

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  CtLogView *self;
  g_autoptr(GError) error = NULL;
  gint64 n_verified = 0;
  gboolean intact = ct_session_check_finish (CT_SESSION (source), result, &n_verified, &error);

  /* Given up: read again, off screen, gone, or the team locked. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  stop_checking (self);
  self->n_verified = n_verified;
  show_verification (self, intact, error);
}

/* The log is shown; the whole file, the log with it, is checked in a
 * worker, and the view says so meanwhile. */
static void
start_check (CtLogView *self)
{
  self->checking = g_cancellable_new ();
  update_verify_action (self);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verify_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verify_label), "error");
  gtk_label_set_text (self->verify_label, _("Checking the team file…"));
  gtk_widget_set_visible (GTK_WIDGET (self->verify_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), TRUE);
  gtk_spinner_start (self->check_spinner);
  ct_session_check_async (self->session, self->checking, check_cb, self);
}

/* The entries, newest first, in one splice: the view hears of one change. */
static void
show_entries (CtLogView *self,
              GPtrArray *entries)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (entries->len, g_object_unref);

  for (guint i = entries->len; i > 0; i--)
    {
      CtLogItem *item = g_object_new (CT_TYPE_LOG_ITEM, NULL);

      item->entry = g_steal_pointer (&entries->pdata[i - 1]);
      g_ptr_array_add (items, item);
    }
  g_ptr_array_set_size (entries, 0);
  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       items->pdata, items->len);
}

static void
log_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CtLogView *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtLogRead) read = ct_session_read_log_finish (CT_SESSION (source), result, &error);
  gboolean check_file;

  /* Given up: read again, off screen, gone, or the team locked. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  check_file = self->check_file;
  g_clear_object (&self->reading);
  self->check_file = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->log_stack, "log");
  if (read == NULL)
    {
      gtk_label_set_text (self->verify_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->verify_label), TRUE);
      update_count (self);
      return;
    }

  g_hash_table_unref (self->case_numbers);
  self->case_numbers = g_steal_pointer (&read->case_numbers);
  fill_member_filter (self, read->entries);
  fill_case_filter (self);
  show_entries (self, read->entries);
  update_count (self);

  /* Never a log without whether it is intact: after "Verify" the check
   * says it; only a beheerder can verify the whole log, and a regisseur
   * is told so. */
  if (check_file && (ct_session_is_admin (self->session) || ct_session_is_recovery (self->session)))
    {
      start_check (self);
      return;
    }
  if (!read->verified)
    {
      gtk_label_set_text (self->verify_label, _("Only a beheerder can verify the whole access "
                                                "log."));
      gtk_widget_set_visible (GTK_WIDGET (self->verify_label), TRUE);
      return;
    }
  self->n_verified = read->n_verified;
  show_verification (self, read->problem == NULL, read->problem);
}

/* Reads the log again (ct_log_view_reload()); with @check_file, the
 * whole file is checked next (verify_cb()). */
static void
reload (CtLogView *self,
        gboolean   check_file)
{
  cancel_reading (self);
  self->check_file = check_file;
  self->stale = FALSE;
  g_list_store_remove_all (self->entries);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_label), FALSE);
  /* Not for a member who will be refused the log. */
  if (self->household_id > 0 ? ct_session_may_read_household_log (self->session, self->household_id)
                             : ct_session_is_admin (self->session)
                                 || ct_session_is_recovery (self->session))
    load_member_names (self);

  self->reading = g_cancellable_new ();
  update_count (self);
  /* The first read: the filters offer all, not nothing, meanwhile. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->member_list)) == 0)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      fill_member_filter (self, none);
      fill_case_filter (self);
    }
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->log_stack, "loading");
  ct_session_read_log_async (self->session, self->household_id, !check_file, self->reading,
                             log_read_cb, self);
}

/* The whole file: header, database and log (ct_session_check_async()),
 * once the worker has read the log (log_read_cb()). That read leaves the
 * log's verification to the check, which verifies it in the same read
 * transaction as the rest of the file: the log is verified once. */
static void
verify_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  reload (CT_LOG_VIEW (widget), TRUE);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(CtLogView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  path = ct_gui_chooser_get_local_path (dialog, response, &error);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  /* The team may have been locked while the chooser was open. */
  if ((path == NULL && error == NULL) || self->session == NULL
      || ct_session_is_locked (self->session))
    return;

  if (path != NULL && _ct_log_view_export_to (self, path, &error))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
      g_autofree char *name = g_path_get_basename (path);

      text = g_strdup_printf (ngettext ("%u entry exported to %s.", "%u entries exported to %s.", n),
                              n, name);
      gtk_widget_remove_css_class (GTK_WIDGET (self->export_label), "error");
    }
  else
    {
      text = g_strdup (error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->export_label), "error");
    }
  gtk_label_set_text (self->export_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->export_label), TRUE);
}

/* The privacy officer's copy of what is shown: a file the user chooses. */
static void
export_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CtLogView *self = CT_LOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *today = ct_gui_today ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export Access Log"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Translators: the suggested file name of an exported access log; no
   * spaces, the date follows */
  name = g_strdup_printf ("%s-%s.csv", _("access-log"), today);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
ct_log_view_dispose (GObject *object)
{
  CtLogView *self = CT_LOG_VIEW (object);

  /* A search under way ends when the model goes, with nothing to count. */
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_func (self->filter_model, pending_changed_cb, self);
  cancel_reading (self);
  g_clear_object (&self->session);
  g_clear_object (&self->entries);
  g_clear_object (&self->filter);
  G_OBJECT_CLASS (ct_log_view_parent_class)->dispose (object);
}

/* Off screen, a read under way is given up; it is made again when the
 * view is shown. */
static void
ct_log_view_unmap (GtkWidget *widget)
{
  CtLogView *self = CT_LOG_VIEW (widget);

  if (self->reading != NULL || self->checking != NULL)
    {
      cancel_reading (self);
      self->stale = TRUE;
    }
  GTK_WIDGET_CLASS (ct_log_view_parent_class)->unmap (widget);
}

static void
ct_log_view_map (GtkWidget *widget)
{
  CtLogView *self = CT_LOG_VIEW (widget);

  GTK_WIDGET_CLASS (ct_log_view_parent_class)->map (widget);
  if (self->stale && self->session != NULL)
    ct_log_view_reload (self);
}

static void
ct_log_view_finalize (GObject *object)
{
  CtLogView *self = CT_LOG_VIEW (object);

  g_hash_table_unref (self->case_numbers);
  g_hash_table_unref (self->member_names);
  g_ptr_array_unref (self->member_logins);
  g_array_unref (self->case_households);
  g_free (self->from_date);
  g_free (self->until_date);
  g_free (self->needle);
  G_OBJECT_CLASS (ct_log_view_parent_class)->finalize (object);
}

static void
ct_log_view_class_init (CtLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_log_view_dispose;
  object_class->finalize = ct_log_view_finalize;
  widget_class->map = ct_log_view_map;
  widget_class->unmap = ct_log_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CtLogView, member_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, member_list);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, case_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, case_list);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, until_entry);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, filter_error_label);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, export_label);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, verify_label);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, log_stack);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CtLogView, filter_model);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);

  gtk_widget_class_install_action (widget_class, "log.verify", NULL, verify_cb);
  gtk_widget_class_install_action (widget_class, "log.export", NULL, export_cb);
}

static void
ct_log_view_init (CtLogView *self)
{
  g_autofree char *hint = ct_gui_date_hint ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->case_numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->member_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->member_logins = g_ptr_array_new_with_free_func (g_free);
  self->case_households = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->period_valid = TRUE;
  self->needle = g_strdup ("");
  /* The tooltips and accessible names say which is which; the window must
   * fit 1000 pixels with the sidebar. */
  gtk_entry_set_placeholder_text (self->from_entry, hint);
  gtk_entry_set_placeholder_text (self->until_entry, hint);
  gtk_drop_down_set_expression (self->case_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  self->entries = g_list_store_new (CT_TYPE_LOG_ITEM);
  self->filter = gtk_custom_filter_new (filter_entry, self, NULL);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->entries));
  g_signal_connect_swapped (self->filter_model, "notify::pending", G_CALLBACK (pending_changed_cb),
                            self);
  add_columns (self);
  update_count (self);
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
  /* Every entry is about this household: its case needs no filter. */
  gtk_widget_set_visible (GTK_WIDGET (self->case_dropdown), FALSE);
  update_verify_action (self);
  ct_log_view_reload (self);
  return GTK_WIDGET (self);
}

/**
 * ct_log_view_reload:
 *
 * Reads the log again, newest entry first, in a worker
 * (ct_session_read_log_async()); meanwhile the view says it is reading.
 * Reading it is beheerder only; for anyone else the view stays empty and
 * says why.
 */
void
ct_log_view_reload (CtLogView *self)
{
  g_return_if_fail (CT_IS_LOG_VIEW (self));

  reload (self, FALSE);
}

/* Returns: whether a worker is reading the log or checking the file */
gboolean
_ct_log_view_is_loading (CtLogView *self)
{
  return self->reading != NULL || self->checking != NULL;
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

  return entry != NULL ? _ct_log_view_column_text (self, entry, column) : NULL;
}

/* What the view shows, every column and the record's number, to @path
 * (ct_session_export_log_csv() checks, writes and logs). */
gboolean
_ct_log_view_export_to (CtLogView  *self,
                        const char *path,
                        GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *header[N_COLUMNS + 2];
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  g_return_val_if_fail (CT_IS_LOG_VIEW (self), FALSE);

  for (guint col = 0; col < N_COLUMNS; col++)
    header[col] = _(column_titles[col]);
  header[N_COLUMNS] = _("Record number");
  header[N_COLUMNS + 1] = NULL;

  for (guint i = 0; i < n; i++)
    {
      CtLogEntry *entry = _ct_log_view_get_shown_entry (self, i);
      char **cells = g_new0 (char *, N_COLUMNS + 2);

      for (guint col = 0; col < N_COLUMNS; col++)
        cells[col] = _ct_log_view_column_text (self, entry, col);
      cells[N_COLUMNS] = entry->object_id > 0
                           ? g_strdup_printf ("%" G_GINT64_FORMAT, entry->object_id)
                           : g_strdup ("");
      g_ptr_array_add (rows, cells);
    }
  return ct_session_export_log_csv (self->session, self->household_id, header, rows, path, error);
}
