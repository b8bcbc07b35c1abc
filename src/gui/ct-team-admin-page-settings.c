/* ct-team-admin-page-settings.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The team settings tab of the beheerder's page: the areas and their
 * postcodes, the evaluator export's minimum group size and suppression
 * threshold, and how long a closed case is kept per outcome. */

#define G_LOG_DOMAIN "ct-team-admin-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-area-dialog.h"
#include "ct-saving.h"
#include "ct-team-admin-page-private.h"

static const char *outcomes[CT_N_OUTCOMES] = {
  "doel_bereikt", "deels_bereikt", "niet_bereikt", "overgedragen", "teruggetrokken",
};

static const char *outcome_titles[CT_N_OUTCOMES] = {
  N_("Retention, goal reached"), N_("Retention, goal partly reached"),
  N_("Retention, goal not reached"), N_("Retention, handed over"),
  N_("Retention, withdrawn"),
};

/* A setting's bounds and default are the core's (ct_team_setting_get_range()),
 * which checks them again when it is saved: the rows, their titles and the
 * error name the same numbers. */
typedef struct
{
  const char *key;
  const char *title;  /* in the error */
} Setting;

static const Setting export_k = { "export.k", N_("Minimum group size k") };
static const Setting export_threshold = { "export.threshold", N_("Suppression threshold") };

static void reload_areas (CtTeamAdminPage *self);

/* The page's writes go through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): what they
 * write is copied here, and the page is a weak reference (ct_saving_write()),
 * so a page gone meanwhile is not touched. */
typedef enum { WRITE_AREA, WRITE_REMOVE_AREA, WRITE_SETTINGS } WriteKind;

typedef struct
{
  WriteKind   kind;
  CtRecord   *area;        /* WRITE_AREA */
  gint64      id;          /* WRITE_REMOVE_AREA */
  char      **keys;        /* WRITE_SETTINGS, with their values */
  char      **values;
  const char *heading;     /* of the error */
  const char *done;        /* the toast, or NULL */
} SettingsWrite;

static void
settings_write_free (gpointer data)
{
  SettingsWrite *write = data;

  g_clear_pointer (&write->area, ct_record_unref);
  g_strfreev (write->keys);
  g_strfreev (write->values);
  g_free (write);
}

static gboolean
write_settings (CtSession *session,
                gpointer   data,
                GError   **error)
{
  SettingsWrite *write = data;

  switch (write->kind)
    {
    case WRITE_AREA:
      return ct_record_get_id (write->area) > 0 ? ct_session_update (session, write->area, error)
                                                : ct_session_insert (session, write->area, error) > 0;
    case WRITE_REMOVE_AREA:
      return ct_session_delete (session, "areas", write->id, error);
    case WRITE_SETTINGS:
      for (guint i = 0; write->keys[i] != NULL; i++)
        if (!ct_session_set_setting (session, write->keys[i], write->values[i], error))
          return FALSE;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* Back from the write queue: the areas read again, a toast or the error
 * as before. A lock meanwhile says nothing. */
static void
settings_written_cb (gpointer      owner,
                     CtSession    *session,
                     GAsyncResult *result)
{
  SettingsWrite *write = ct_session_write_get_data (result);
  CtTeamAdminPage *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);

  if (self == NULL)
    return;
  self->settings_writing--;
  if (self->session == NULL)
    return;
  if (write->kind == WRITE_SETTINGS)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "admin.save-settings", TRUE);
  else
    reload_areas (self);
  if (ok && write->done != NULL)
    _ct_team_admin_page_toast (self, write->done);
  else if (!ok && !g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    _ct_team_admin_page_show_error (self, write->heading, error);
}

static void
write_settings_async (CtTeamAdminPage *self,
                      SettingsWrite   *write,
                      GtkWidget       *button)
{
  self->settings_writing++;
  ct_saving_write (self, self->session, write_settings, write, settings_write_free, button, NULL,
                   settings_written_cb);
}

/* Areas */

static void
area_response_cb (CtAreaDialog    *dialog,
                  const char      *response,
                  CtTeamAdminPage *self)
{
  gint64 id = ct_area_dialog_get_id (dialog);
  g_autoptr(CtRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  SettingsWrite *write;

  if (!g_str_equal (response, "save"))
    return;

  record = id > 0 ? ct_session_get (self->session, "areas", id, &error) : ct_record_new ("areas");
  if (record == NULL)
    {
      reload_areas (self);
      _ct_team_admin_page_show_error (self, _("Could Not Save the Area"), error);
      return;
    }
  ct_record_set (record, "name", ct_area_dialog_get_name (dialog));
  ct_record_set (record, "postcodes", ct_area_dialog_get_postcodes (dialog));
  write = g_new0 (SettingsWrite, 1);
  write->kind = WRITE_AREA;
  write->area = g_steal_pointer (&record);
  write->heading = _("Could Not Save the Area");
  write_settings_async (self, write, NULL);
}

static void
edit_area (CtTeamAdminPage *self,
           CtRecord        *area)
{
  GtkWidget *dialog = ct_area_dialog_new (_ct_team_admin_page_get_window (self), area);

  _ct_team_admin_page_adopt_dialog (self, ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (area_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_area_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  edit_area (CT_TEAM_ADMIN_PAGE (widget), NULL);
}

static void
edit_area_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) area = ct_session_get (self->session, "areas",
                                             g_variant_get_int64 (parameter), &error);

  if (area == NULL)
    _ct_team_admin_page_show_error (self, _("Could Not Open the Area"), error);
  else
    edit_area (self, area);
}

static void
remove_area_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CtAdminAnswer    *answer)
{
  SettingsWrite *write;

  if (!g_str_equal (response, "remove"))
    return;
  write = g_new0 (SettingsWrite, 1);
  write->kind = WRITE_REMOVE_AREA;
  write->id = answer->id;
  write->heading = _("Could Not Remove the Area");
  write_settings_async (answer->page, write, NULL);
}

static void
remove_area_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  CtAdminAnswer *answer = _ct_admin_answer_new (self);
  AdwMessageDialog *dialog;

  dialog = _ct_team_admin_page_new_dialog (
      self, _("Remove Area?"),
      _("Households keep the area they have; later exports no longer use "
        "this area’s postcodes."));
  answer->id = g_variant_get_int64 (parameter);
  _ct_admin_answer_ask (answer, dialog, "remove", _("_Remove"), remove_area_response_cb);
}

static GtkWidget *
row_button (const char *icon,
            const char *label,
            const char *action,
            gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
  return button;
}

static void
reload_areas (CtTeamAdminPage *self)
{
  g_autoptr(GPtrArray) areas = NULL;
  g_autoptr(GError) error = NULL;

  _ct_admin_clear_list (self->areas_list);
  areas = ct_session_list (self->session, "areas", NULL, 0, &error);
  for (guint i = 0; areas != NULL && i < areas->len; i++)
    {
      CtRecord *area = g_ptr_array_index (areas, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *postcodes = g_strdup (ct_record_get (area, "postcodes"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ct_record_get (area, "name"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), postcodes != NULL ? postcodes : "");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("document-edit-symbolic", _("Edit area"),
                                             "admin.edit-area", ct_record_get_id (area)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("user-trash-symbolic", _("Remove area"),
                                             "admin.remove-area", ct_record_get_id (area)));
      gtk_list_box_append (self->areas_list, row);
    }
  if (areas == NULL)
    _ct_team_admin_page_toast (self, error->message);
}

/* Export and retention settings */

static char *
retention_key (guint outcome)
{
  return g_strconcat ("retention.", outcomes[outcome], NULL);
}

static void
range_of (const char *key,
          int        *min,
          int        *max,
          int        *fallback)
{
  gboolean known = ct_team_setting_get_range (key, min, max, fallback);

  g_assert (known);
}

/* The rows' titles and the retention group's description name the
 * bounds. */
static void
show_ranges (CtTeamAdminPage *self)
{
  GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (self->retention_rows[0]),
                                              ADW_TYPE_PREFERENCES_GROUP);
  g_autofree char *key = retention_key (0);
  g_autofree char *k_title = NULL;
  g_autofree char *threshold_title = NULL;
  g_autofree char *description = NULL;
  int min, max;

  range_of (export_k.key, &min, &max, NULL);
  /* Translators: the least and the greatest k */
  k_title = g_strdup_printf (_("Minimum group size k (%d–%d)"), min, max);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->k_row), k_title);
  range_of (export_threshold.key, &min, &max, NULL);
  /* Translators: the least and the greatest threshold */
  threshold_title = g_strdup_printf (_("Suppression threshold (%d–%d)"), min, max);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->threshold_row), threshold_title);
  /* Every outcome's term has the same bounds. */
  range_of (key, &min, &max, NULL);
  /* Translators: the least and the greatest term, in months */
  description = g_strdup_printf (_("The team’s own term, chosen at closing: months a closed case "
                                   "is kept before it is anonymised, by outcome (%d–%d). Cases "
                                   "under the Wmo (15 years) or the Jeugdwet (20 years) keep "
                                   "their legal term."), min, max);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
}

static void
load_setting (CtTeamAdminPage *self,
              AdwEntryRow     *row,
              const char      *key)
{
  g_autofree char *value = ct_session_get_setting (self->session, key, NULL);
  g_autofree char *text = NULL;
  int fallback;

  range_of (key, NULL, NULL, &fallback);
  text = value != NULL ? g_strdup (value) : g_strdup_printf ("%d", fallback);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
load_settings (CtTeamAdminPage *self)
{
  load_setting (self, self->k_row, export_k.key);
  load_setting (self, self->threshold_row, export_threshold.key);
  for (guint i = 0; i < CT_N_OUTCOMES; i++)
    {
      g_autofree char *key = retention_key (i);

      load_setting (self, self->retention_rows[i], key);
    }
}

/* Returns: the row's number, or -1 with @message set */
static int
parse_setting (AdwEntryRow *row,
               const char  *key,
               const char  *title,
               char       **message)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint64 value = 0;
  int min, max;

  range_of (key, &min, &max, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (g_ascii_string_to_unsigned (stripped, 10, min, max, &value, NULL))
    return (int) value;

  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  if (*message == NULL)
    *message = g_strdup_printf (_("%s: enter a whole number from %d to %d."), title, min, max);
  return -1;
}

static void
save_settings_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  g_autofree char *message = NULL;
  SettingsWrite *write;
  int values[CT_N_OUTCOMES];
  int k, threshold;

  k = parse_setting (self->k_row, export_k.key, _(export_k.title), &message);
  threshold = parse_setting (self->threshold_row, export_threshold.key, _(export_threshold.title),
                             &message);
  for (guint i = 0; i < CT_N_OUTCOMES; i++)
    {
      g_autofree char *key = retention_key (i);

      values[i] = parse_setting (self->retention_rows[i], key, _(outcome_titles[i]), &message);
    }

  gtk_label_set_text (self->settings_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->settings_error_label), message != NULL);
  if (message != NULL)
    return;

  /* All of them in one write: all or nothing. */
  write = g_new0 (SettingsWrite, 1);
  write->kind = WRITE_SETTINGS;
  write->keys = g_new0 (char *, 2 + CT_N_OUTCOMES + 1);
  write->values = g_new0 (char *, 2 + CT_N_OUTCOMES + 1);
  write->keys[0] = g_strdup (export_k.key);
  write->values[0] = g_strdup_printf ("%d", k);
  write->keys[1] = g_strdup (export_threshold.key);
  write->values[1] = g_strdup_printf ("%d", threshold);
  for (guint i = 0; i < CT_N_OUTCOMES; i++)
    {
      write->keys[2 + i] = retention_key (i);
      write->values[2 + i] = g_strdup_printf ("%d", values[i]);
    }
  write->heading = _("Could Not Save the Settings");
  write->done = _("Team settings saved");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "admin.save-settings", FALSE);
  write_settings_async (self, write, GTK_WIDGET (self->save_settings_button));
}

void
_ct_team_admin_page_reload_settings (CtTeamAdminPage *self)
{
  reload_areas (self);
  show_ranges (self);
  load_settings (self);
}

void
_ct_team_admin_page_install_settings_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "admin.add-area", NULL, add_area_cb);
  gtk_widget_class_install_action (widget_class, "admin.edit-area", "x", edit_area_cb);
  gtk_widget_class_install_action (widget_class, "admin.remove-area", "x", remove_area_cb);
  gtk_widget_class_install_action (widget_class, "admin.save-settings", NULL, save_settings_cb);
}
