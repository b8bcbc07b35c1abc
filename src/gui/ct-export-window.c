/* ct-export-window.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator export (docs/export.md): the options, a preview of what the
 * anonymisation will do with them, and the export itself with progress.
 * The preview is the core's report in plain words: counts and rules, never
 * a value from the team file. Every figure comes from the core; the window
 * decides nothing about anonymity itself. The team is read once, off the
 * main loop (ct_export_gather_async()); every preview and the export use
 * that one read (docs/export.md). */

#define G_LOG_DOMAIN "ct-export-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-application.h"
#include "ct-clock.h"
#include "ct-export-window-private.h"
#include "ct-gui-windows.h"

/* Long enough to let a spin button be held down without a preview per step. */
#define PREVIEW_DELAY_MS 300

#define K_MIN         CT_EXPORT_MIN_K
#define K_MAX         50
#define THRESHOLD_MIN CT_EXPORT_MIN_THRESHOLD
#define THRESHOLD_MAX 100

G_DEFINE_FINAL_TYPE (CtExportWindow, ct_export_window, ADW_TYPE_WINDOW)

static guint
read_setting (CtSession  *session,
              const char *key,
              guint       fallback,
              guint       min,
              guint       max)
{
  g_autofree char *value = ct_session_get_setting (session, key, NULL);
  guint64 n;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, min, max, &n, NULL))
    return fallback;
  return (guint) n;
}

static void
get_options (CtExportWindow  *self,
             CtExportOptions *options)
{
  ct_export_options_init (options);
  options->profile = adw_combo_row_get_selected (self->profile_row) == 1
                     ? CT_EXPORT_AGGREGATE : CT_EXPORT_MICRODATA;
  options->k = (guint) gtk_spin_button_get_value_as_int (self->k_spin);
  options->threshold = (guint) gtk_spin_button_get_value_as_int (self->threshold_spin);
  options->fresh_pseudonym_key = gtk_switch_get_active (self->fresh_switch);
  options->agreement = gtk_editable_get_text (GTK_EDITABLE (self->agreement_row));
  options->reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
}

static AdwActionRow *
add_row (CtExportWindow      *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->preview_rows, row);
  return ADW_ACTION_ROW (row);
}

static AdwActionRow *
add_count_row (CtExportWindow      *self,
               AdwPreferencesGroup *group,
               const char          *title,
               const char          *subtitle,
               guint                count)
{
  g_autofree char *value = g_strdup_printf ("%u", count);

  return add_row (self, group, title, subtitle, value);
}

static void
clear_preview (CtExportWindow *self)
{
  for (guint i = 0; i < self->preview_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->preview_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->preview_rows, 0);
  self->k_reached_row = NULL;
  self->included_row = NULL;
  self->left_out_row = NULL;
}

static void
show_contents (CtExportWindow       *self,
               const CtExportReport *r)
{
  g_autofree char *sheets = g_strjoinv (", ", r->sheets);

  if (r->profile == CT_EXPORT_MICRODATA)
    {
      add_count_row (self, self->contents_group, _("Case rows"),
                     _("One row per case, with a pseudonym instead of the case number"),
                     r->n_case_rows);
      add_count_row (self, self->contents_group, _("Left out of the rows"),
                     _("No evaluation consent on record, or withdrawn"), r->n_no_consent);
    }
  else
    {
      add_row (self, self->contents_group, _("Case rows"),
               _("None: this profile writes tables only"), NULL);
      add_count_row (self, self->contents_group, _("Cases counted in the tables"),
                     _("Every case in the team file"), r->n_cases);
    }
  add_count_row (self, self->contents_group, _("Sheets"), sheets, g_strv_length (r->sheets));
  if (r->profile == CT_EXPORT_MICRODATA)
    add_row (self, self->contents_group, _("Pseudonyms"),
             r->fresh_pseudonym_key
             ? _("A new key for this export only: its pseudonyms cannot be linked to other exports")
             : _("The team’s own key: a case has the same pseudonym in every export"),
             NULL);
  add_row (self, self->contents_group, _("Never exported"),
           _("Names, BSN, addresses, phone numbers, e-mail addresses, exact dates of birth "
             "and free text"),
           NULL);
}

static void
show_categories (CtExportWindow       *self,
                 const CtExportReport *r)
{
  guint all = (1u << CT_N_CATEGORIES) - 1;
  guint left_out = all & ~r->categories_readable;
  g_autofree char *included = ct_category_dup_display_names (r->categories_included);
  g_autofree char *names = ct_category_dup_display_names (left_out);

  self->included_row = add_row (self, self->categories_group, _("Included"), included, NULL);
  if (left_out != 0)
    self->left_out_row = add_row (self, self->categories_group,
                                  _("Left out, because your role may not read them"), names,
                                  NULL);
  else
    self->left_out_row = add_row (self, self->categories_group, _("Left out"),
                                  _("Nothing: your role may read every category"), NULL);
}

static void
show_coarsened (CtExportWindow       *self,
                const CtExportReport *r)
{
  for (guint i = 0; r->coarsened != NULL && r->coarsened[i] != NULL; i++)
    add_row (self, self->coarsened_group, r->coarsened[i], NULL, NULL);
  if (r->profile == CT_EXPORT_MICRODATA)
    add_row (self, self->coarsened_group, _("Further generalised to reach k"),
             r->generalisation, NULL);
}

static void
show_k_reached (CtExportWindow       *self,
                const CtExportReport *r)
{
  g_autofree char *text = NULL;

  if (r->profile == CT_EXPORT_AGGREGATE)
    {
      text = g_strdup_printf (_("No table shows a number of cases below %u."), r->threshold);
      self->k_reached_row = add_count_row (self, self->suppressed_group,
                                           _("Smallest number shown"), text, r->k_reached);
    }
  else if (r->n_cases > 0 && r->k_reached == 0)
    {
      text = g_strdup_printf (_("The case rows are left out: with these cases no grouping "
                                "reaches k = %u. The tables still go in."), r->k);
      self->k_reached_row = add_row (self, self->suppressed_group, _("Smallest group"), text,
                                     "—");
    }
  else
    {
      text = g_strdup_printf (_("Every combination of age band, household size, area and sex "
                                "occurs at least %u times; you asked for %u."),
                              r->k_reached, r->k);
      self->k_reached_row = add_count_row (self, self->suppressed_group, _("Smallest group"),
                                           text, r->k_reached);
    }
}

static void
show_suppressed (CtExportWindow       *self,
                 const CtExportReport *r)
{
  g_autofree char *cells = g_strdup_printf (_("%u with fewer than %u cases, and %u more so "
                                              "those cannot be worked out from the totals"),
                                            r->n_cells_primary, r->threshold,
                                            r->n_cells_secondary);

  show_k_reached (self, r);
  if (r->profile == CT_EXPORT_MICRODATA)
    add_count_row (self, self->suppressed_group, _("Case rows with details left empty"),
                   _("Their age band, household size, area or sex is left empty, so they do "
                     "not stand out"),
                   r->n_rows_suppressed);
  add_count_row (self, self->suppressed_group, _("Table cells hidden"), cells,
                 r->n_cells_primary + r->n_cells_secondary);
  if (r->profile == CT_EXPORT_MICRODATA)
    add_count_row (self, self->suppressed_group, _("ZRM scores hidden"),
                   _("Scores that everyone in a group shares, which would give them away"),
                   r->n_cells_diversity);
}

static void
update_actions (CtExportWindow *self)
{
  gboolean exporting = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.export",
                                 !exporting && self->report != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.cancel", exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.open-folder",
                                 !exporting && self->exported);
  gtk_widget_set_sensitive (GTK_WIDGET (self->options_group), !exporting);
  gtk_widget_set_visible (self->cancel_button, exporting);
  gtk_widget_set_visible (self->open_folder_button, !exporting && self->exported);
}

static void
update_preview (CtExportWindow *self)
{
  CtExportOptions options;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->preview_id, g_source_remove);
  g_clear_pointer (&self->report, ct_export_report_free);
  clear_preview (self);
  get_options (self, &options);
  /* Tables only: no case rows, so no k and no pseudonyms. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->k_row), options.profile == CT_EXPORT_MICRODATA);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fresh_row), options.profile == CT_EXPORT_MICRODATA);
  gtk_widget_set_sensitive (GTK_WIDGET (self->agreement_row),
                            options.profile == CT_EXPORT_MICRODATA);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->profile_row),
                               options.profile == CT_EXPORT_MICRODATA
                               ? _("Pseudonymised personal data: one k-anonymous row per case with "
                                   "evaluation consent. Only for an evaluator under a processing "
                                   "agreement, whose reference you record; it is logged.")
                               : _("Anonymous tables, perturbed; no row for any single case"));

  /* The first preview follows the read (gather_done_cb()). */
  if (self->gather == NULL)
    {
      update_actions (self);
      return;
    }
  if (ct_export_gather_preview (self->gather, self->session, &options, &self->report, &error))
    {
      show_contents (self, self->report);
      show_categories (self, self->report);
      show_coarsened (self, self->report);
      show_suppressed (self, self->report);
    }
  else
    gtk_label_set_text (self->preview_error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_error_group), error != NULL);
  self->n_previews++;
  update_actions (self);
}

static void
show_status (CtExportWindow *self,
             const char     *text,
             gboolean        is_error,
             gboolean        with_progress)
{
  gtk_widget_set_visible (self->status_separator, TRUE);
  gtk_widget_set_visible (self->status_box, TRUE);
  gtk_label_set_text (self->status_label, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), with_progress);
}

/* The name the user typed, with .xlsx added when it has no such suffix. */
static char *
dup_with_suffix (const char *path)
{
  gsize len = strlen (path);

  if (len >= 5 && g_ascii_strcasecmp (path + len - 5, ".xlsx") == 0)
    return g_strdup (path);
  return g_strconcat (path, ".xlsx", NULL);
}

static gboolean
preview_timeout_cb (gpointer data)
{
  CtExportWindow *self = data;

  self->preview_id = 0;
  update_preview (self);
  return G_SOURCE_REMOVE;
}

static void
options_changed_cb (CtExportWindow *self)
{
  if (self->session == NULL)
    return;
  g_clear_handle_id (&self->preview_id, g_source_remove);
  self->preview_id = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);
}

static void
gather_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(CtExportWindow) self = data;
  g_autoptr(CtExportGather) gather = NULL;
  g_autoptr(GError) error = NULL;

  /* Finished even when the window has closed: it logs what was read. */
  gather = ct_export_gather_finish (result, &error);
  g_clear_object (&self->gather_cancellable);
  if (self->session == NULL)
    return;
  gtk_widget_set_visible (self->status_box, FALSE);
  gtk_widget_set_visible (self->status_separator, FALSE);
  if (gather == NULL)
    {
      gtk_label_set_text (self->preview_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->preview_error_group), TRUE);
      self->n_previews++;
      return;
    }
  self->gather = g_steal_pointer (&gather);
  update_preview (self);
}

static void
export_progress_cb (double   fraction,
                    gpointer data)
{
  CtExportWindow *self = data;

  if (self->session != NULL && self->cancellable != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(CtExportWindow) self = data;
  g_autoptr(CtExportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* Finished even when the window has closed: it logs the export. */
  self->exported = ct_export_workbook_finish (result, &report, &error);
  g_clear_object (&self->cancellable);
  if (self->session == NULL)
    return;

  if (self->exported)
    {
      text = g_strdup_printf (ngettext ("Exported %u case", "Exported %u cases", report->n_cases),
                              report->n_cases);
      show_status (self, text, FALSE, TRUE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_status (self, _("Export cancelled; nothing was written."), FALSE, FALSE);
  else
    show_status (self, error->message, TRUE, FALSE);
  update_actions (self);
}

/* The window holds the chooser and cancels it when it goes, so an answer
 * always finds the window with its session; the chooser holds no
 * reference that would keep a destroyed window and its preview alive. */
static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     CtExportWindow  *self)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (self->session == NULL)
    return;
  path = ct_gui_chooser_get_local_path (GTK_NATIVE_DIALOG (chooser), response, &error);
  if (path != NULL)
    _ct_export_window_export_to (self, path);
  else if (error != NULL)
    show_status (self, error->message, TRUE, FALSE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CtExportWindow *self = CT_EXPORT_WINDOW (widget);
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;
  name = _ct_export_window_suggest_name (self);
  self->chooser = gtk_file_chooser_native_new (_("Export for the Evaluator"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CtExportWindow *self = CT_EXPORT_WINDOW (widget);

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  show_status (self, _("Cancelling…"), FALSE, TRUE);
  gtk_widget_action_set_enabled (widget, "export.cancel", FALSE);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CtExportWindow *self = CT_EXPORT_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_path (self->out_path);
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autofree char *uri = g_file_get_uri (folder);

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
help_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ct_application_show_help (GTK_WINDOW (widget), "evaluator-export");
}

/* Closing stops an export that is still writing; its temporary file goes. */
static gboolean
ct_export_window_close_request (GtkWindow *window)
{
  CtExportWindow *self = CT_EXPORT_WINDOW (window);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (ct_export_window_parent_class)->close_request (window);
}

static void
ct_export_window_dispose (GObject *object)
{
  CtExportWindow *self = CT_EXPORT_WINDOW (object);

  g_clear_handle_id (&self->preview_id, g_source_remove);
  ct_gui_clear_chooser (&self->chooser);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->gather_cancellable != NULL)
    g_cancellable_cancel (self->gather_cancellable);
  g_clear_pointer (&self->gather, ct_export_gather_unref);
  g_clear_object (&self->session);
  g_clear_pointer (&self->report, ct_export_report_free);
  self->k_reached_row = NULL;
  self->included_row = NULL;
  self->left_out_row = NULL;

  G_OBJECT_CLASS (ct_export_window_parent_class)->dispose (object);
}

static void
ct_export_window_finalize (GObject *object)
{
  CtExportWindow *self = CT_EXPORT_WINDOW (object);

  g_ptr_array_unref (self->preview_rows);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->gather_cancellable);
  g_free (self->out_path);

  G_OBJECT_CLASS (ct_export_window_parent_class)->finalize (object);
}

static void
ct_export_window_class_init (CtExportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ct_export_window_dispose;
  object_class->finalize = ct_export_window_finalize;
  window_class->close_request = ct_export_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-export-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, page);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, options_group);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, profile_row);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, k_row);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, k_spin);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, threshold_row);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, fresh_row);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, fresh_switch);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, agreement_row);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, preview_error_group);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, preview_error_label);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, contents_group);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, categories_group);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, coarsened_group);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, suppressed_group);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, status_separator);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, status_box);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, open_folder_button);
  gtk_widget_class_bind_template_child (widget_class, CtExportWindow, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);

  gtk_widget_class_install_action (widget_class, "export.help", NULL, help_action);
  gtk_widget_class_install_action (widget_class, "export.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "export.open-folder", NULL, open_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ct_export_window_init (CtExportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->preview_rows = g_ptr_array_new ();
  update_actions (self);
}

/**
 * ct_export_window_new:
 * @parent: the main window
 * @session: an unlocked session
 *
 * The options start at the team's settings "export.k" and
 * "export.threshold"; the team is read at once, off the main loop, and
 * the preview follows.
 */
CtExportWindow *
ct_export_window_new (GtkWindow *parent,
                      CtSession *session)
{
  CtExportWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_EXPORT_WINDOW, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  gtk_spin_button_set_value (self->k_spin,
                             read_setting (session, "export.k", CT_EXPORT_DEFAULT_K,
                                           K_MIN, K_MAX));
  gtk_spin_button_set_value (self->threshold_spin,
                             read_setting (session, "export.threshold",
                                           CT_EXPORT_DEFAULT_THRESHOLD,
                                           THRESHOLD_MIN, THRESHOLD_MAX));
  update_preview (self);
  self->gather_cancellable = g_cancellable_new ();
  show_status (self, _("Reading the team…"), FALSE, FALSE);
  ct_export_gather_async (session, self->gather_cancellable, gather_done_cb, g_object_ref (self));
  return self;
}

/**
 * ct_export_window_show:
 *
 * A new export window, presented. The main window keeps one at a time
 * instead (ct_window_actions_export() with ct_export_window_new()); the
 * tests open it this way.
 *
 * Returns: (transfer none): the window, which destroys itself on close
 */
CtExportWindow *
ct_export_window_show (GtkWindow *parent,
                       CtSession *session)
{
  CtExportWindow *self = ct_export_window_new (parent, session);

  if (self != NULL)
    gtk_window_present (GTK_WINDOW (self));
  return self;
}

/**
 * _ct_export_window_export_to:
 * @path: the workbook to write; ".xlsx" is added when missing
 *
 * What the file chooser's answer starts; the tests call it directly.
 */
void
_ct_export_window_export_to (CtExportWindow *self,
                             const char     *path)
{
  CtExportOptions options;

  g_return_if_fail (CT_IS_EXPORT_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->cancellable == NULL && self->session != NULL);

  g_free (self->out_path);
  self->out_path = dup_with_suffix (path);
  self->exported = FALSE;
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  show_status (self, _("Exporting…"), FALSE, TRUE);
  update_actions (self);

  get_options (self, &options);
  if (self->gather != NULL)
    ct_export_gather_write_async (self->gather, self->session, self->out_path, &options,
                                  export_progress_cb, g_object_ref (self), g_object_unref,
                                  self->cancellable, export_done_cb, g_object_ref (self));
  else
    ct_export_workbook_async (self->session, self->out_path, &options, export_progress_cb,
                              g_object_ref (self), g_object_unref, self->cancellable,
                              export_done_cb, g_object_ref (self));
}

gboolean
_ct_export_window_get_exporting (CtExportWindow *self)
{
  g_return_val_if_fail (CT_IS_EXPORT_WINDOW (self), FALSE);

  return self->cancellable != NULL;
}

/* "casustafel-export-2026-05.xlsx": the month the export is made. */
char *
_ct_export_window_suggest_name (CtExportWindow *self)
{
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *month = g_date_time_format (now, "%Y-%m");

  g_return_val_if_fail (CT_IS_EXPORT_WINDOW (self), NULL);

  return g_strdup_printf ("casustafel-export-%s.xlsx",
                          self->report != NULL ? self->report->export_month : month);
}
