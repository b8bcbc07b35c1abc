/* ct-new-team-window.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The assistant that creates a team file: the team and its first member,
 * a passphrase, where to save, and then the recovery key, shown once. */

#define G_LOG_DOMAIN "ct-new-team-window"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "ct-clipboard.h"
#include "ct-clock.h"
#include "ct-gui-windows.h"
#include "ct-new-team-window-private.h"
#include "ct-passphrase.h"

#define TEAM_FILE_SUFFIX ".casus"

G_DEFINE_FINAL_TYPE (CtNewTeamWindow, ct_new_team_window, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *name;
  int number;  /* 0: no step of its own to count */
} steps[] = {
  { "details", 1 },
  { "passphrase", 2 },
  { "creating", 0 },
  { "recovery", 3 },
};

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
wipe_string (char *text)
{
  sodium_memzero (text, strlen (text));
  g_free (text);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static char *
dup_stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (entry_text (row)));
}

/* "Anna de Vries" → "anna.de.vries": a valid login to start from. */
static char *
login_from_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, NULL);
  GString *login = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && login->len < 32; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (login, g_ascii_tolower (*p));
      else if (login->len > 0 && login->str[login->len - 1] != '.')
        g_string_append_c (login, '.');
    }

  while (login->len > 0 && login->str[login->len - 1] == '.')
    g_string_truncate (login, login->len - 1);

  return g_string_free (login, FALSE);
}

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

/* Only the buttons that make sense on a step are shown; the two steps that
 * cannot be undone (creating, the key shown once) cannot be closed either. */
static void
show_step (CtNewTeamWindow *self,
           const char      *name)
{
  gboolean details = g_str_equal (name, "details");
  gboolean passphrase = g_str_equal (name, "passphrase");
  g_autofree char *subtitle = NULL;

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->cancel_button, details);
  gtk_widget_set_visible (self->next_button, details);
  gtk_widget_set_visible (self->back_button, passphrase);
  gtk_widget_set_visible (self->create_button, passphrase);
  gtk_window_set_deletable (GTK_WINDOW (self), details || passphrase);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (name, "creating"));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_str_equal (steps[i].name, name) && steps[i].number > 0)
      subtitle = g_strdup_printf (_("Step %d of %d"), steps[i].number, 3);
  if (subtitle != NULL)
    adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
update_actions (CtNewTeamWindow *self)
{
  gboolean details_filled = !is_blank (entry_text (self->team_name_row))
                            && !is_blank (entry_text (self->display_name_row))
                            && !is_blank (entry_text (self->login_row));
  gboolean passphrase_ok =
    ct_passphrase_update_hint (self->strength_label, entry_text (self->passphrase_row),
                               entry_text (self->repeat_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-team.next", details_filled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-team.create", passphrase_ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-team.continue",
                                 gtk_check_button_get_active (self->stored_check));
}

/* Three lines of three groups: easier to read out and write down than one
 * long line that wraps anywhere. The Copy button gives the one-line form. */
static char *
format_key_for_display (const char *key)
{
  GString *display = g_string_new (NULL);
  guint group = 0;

  for (const char *p = key; *p != '\0'; p++)
    {
      if (*p == '-' && ++group % 3 == 0)
        g_string_append_c (display, '\n');
      else
        g_string_append_c (display, *p);
    }

  return g_string_free (display, FALSE);
}

static void
wipe_recovery_key (CtNewTeamWindow *self)
{
  gtk_label_set_text (self->key_label, "");
  g_clear_pointer (&self->recovery_key, ct_secret_free);
}

static void
details_changed_cb (CtNewTeamWindow *self)
{
  show_label (self->details_error_label, NULL);
  update_actions (self);
}

/* The login follows the name until the person types a login of their own. */
static void
display_name_changed_cb (CtNewTeamWindow *self)
{
  g_autofree char *login = NULL;

  if (!self->login_edited)
    {
      login = login_from_name (entry_text (self->display_name_row));
      self->filling_login = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
      self->filling_login = FALSE;
    }

  details_changed_cb (self);
}

static void
login_changed_cb (CtNewTeamWindow *self)
{
  if (!self->filling_login)
    self->login_edited = entry_text (self->login_row)[0] != '\0';

  details_changed_cb (self);
}

static void
passphrase_changed_cb (CtNewTeamWindow *self)
{
  show_label (self->create_error_label, NULL);
  update_actions (self);
}

static void
stored_toggled_cb (CtNewTeamWindow *self)
{
  update_actions (self);
}

static void
next_activated_cb (CtNewTeamWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "new-team.next", NULL);
}

static void
passphrase_activated_cb (CtNewTeamWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
}

static void
create_activated_cb (CtNewTeamWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "new-team.create", NULL);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CtNewTeamWindow *self = CT_NEW_TEAM_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!ct_vault_validate_login (entry_text (self->login_row), &error))
    {
      show_label (self->details_error_label, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return;
    }

  show_step (self, "passphrase");
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  show_step (CT_NEW_TEAM_WINDOW (widget), "details");
}

static void
create_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CtNewTeamWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  CtSecret *key = NULL;
  char *display;

  if (!ct_vault_create_finish (result, &key, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      show_step (self, "passphrase");
      show_label (self->create_error_label, error->message);
      return;
    }

  self->recovery_key = key;
  display = format_key_for_display (key);
  gtk_label_set_text (self->key_label, display);
  show_step (self, "recovery");
  gtk_widget_grab_focus (GTK_WIDGET (self->stored_check));
  gtk_label_select_region (self->key_label, 0, 0);
  wipe_string (display);
}

static void
start_create (CtNewTeamWindow *self,
              const char      *path)
{
  g_autofree char *team_name = dup_stripped (self->team_name_row);
  g_autofree char *display_name = dup_stripped (self->display_name_row);
  CtVaultCreateInfo info = {
    .team_name = team_name,
    .login = entry_text (self->login_row),
    .display_name = display_name,
    .role = (CtRole) adw_combo_row_get_selected (self->role_row),
    .is_admin = TRUE,
    .passphrase = entry_text (self->passphrase_row),
  };

  g_free (self->path);
  self->path = g_str_has_suffix (path, TEAM_FILE_SUFFIX) ? g_strdup (path)
                                                         : g_strconcat (path, TEAM_FILE_SUFFIX, NULL);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_step (self, "creating");
  ct_vault_create_async (self->path, &info, self->cancellable, create_finished_cb,
                         g_object_ref (self));
}

static void
chooser_response_cb (CtNewTeamWindow *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ct_gui_chooser_get_local_path (chooser, response, &error);

  g_clear_object (&self->chooser);

  if (path != NULL)
    start_create (self, path);
  else if (error != NULL)
    show_label (self->create_error_label, error->message);
}

static GtkFileFilter *
team_file_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Team files"));
  gtk_file_filter_add_mime_type (filter, "application/x-casustafel");
  gtk_file_filter_add_pattern (filter, "*" TEAM_FILE_SUFFIX);

  return filter;
}

/* The suggested name is neutral on purpose: a file name shows in file
 * managers and recent lists, where the team's name should not. */
static void
choose_location (CtNewTeamWindow *self)
{
  g_autoptr(GtkFileFilter) filter = team_file_filter ();
  g_autofree char *name = g_strconcat (_("Team"), TEAM_FILE_SUFFIX, NULL);

  self->chooser = gtk_file_chooser_native_new (_("Save the Team File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  CtNewTeamWindow *self = CT_NEW_TEAM_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  /* The founder is the team's first beheerder. */
  if (!ct_vault_validate_admin_passphrase (entry_text (self->passphrase_row), &error))
    {
      show_label (self->create_error_label, error->message);
      return;
    }

  if (self->test_path != NULL)
    start_create (self, self->test_path);
  else
    choose_location (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CtNewTeamWindow *self = CT_NEW_TEAM_WINDOW (widget);

  g_return_if_fail (self->recovery_key != NULL);

  ct_clipboard_set_secret (gtk_widget_get_clipboard (widget), self->recovery_key,
                           self->clipboard_clear_ms);
}

/* The sheet as Pango markup: what it is, the team, the key large in a
 * monospace face, three groups a line as on screen, and where to keep it.
 * Wiped by the caller. */
static char *
recovery_sheet_markup (CtNewTeamWindow *self)
{
  g_autofree char *team = dup_stripped (self->team_name_row);
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *team_line = g_strdup_printf (_("Team: %s"), team);
  g_autofree char *date_line = g_strdup_printf (_("Made on %s"), date);
  char *display = format_key_for_display (self->recovery_key);
  char *markup;

  markup = g_markup_printf_escaped (
      "<span size=\"x-large\" weight=\"bold\">%s</span>\n\n%s\n%s\n\n"
      "<span font_family=\"monospace\" size=\"xx-large\">%s</span>\n\n%s",
      _("Recovery Key of the Team File"), team_line, date_line, display,
      _("This key opens the team file when passphrases are lost, and whoever holds it can read "
        "everything in it. Keep this sheet apart from the computer, for example in a safe. "
        "Do not copy it, photograph it or store it in a file."));
  wipe_string (display);
  return markup;
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              CtNewTeamWindow   *self)
{
  _ct_new_team_window_draw_sheet (self, gtk_print_context_get_cairo_context (context),
                                  gtk_print_context_get_width (context));
}

/* Printed straight from memory: GTK renders the page with cairo and hands
 * it to the print system; the application writes no file. "Print to
 * File" in the print dialog is the user's own choice of output
 * (docs/security.md). */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  CtNewTeamWindow *self = CT_NEW_TEAM_WINDOW (widget);
  g_autoptr(GtkPrintOperation) operation = _ct_new_team_window_new_print (self);
  g_autoptr(GError) error = NULL;

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_label (self->print_error_label, error->message);
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CtNewTeamWindow *self = CT_NEW_TEAM_WINDOW (widget);
  g_autofree char *login = g_strdup (entry_text (self->login_row));
  g_autofree char *path = g_strdup (self->path);

  wipe_recovery_key (self);
  g_signal_emit (self, signals[CREATED], 0, path, login);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
ct_new_team_window_close_request (GtkWindow *window)
{
  CtNewTeamWindow *self = CT_NEW_TEAM_WINDOW (window);

  if (!gtk_window_get_deletable (window))
    return TRUE;

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (ct_new_team_window_parent_class)->close_request (window);
}

static void
ct_new_team_window_dispose (GObject *object)
{
  CtNewTeamWindow *self = CT_NEW_TEAM_WINDOW (object);

  wipe_recovery_key (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), CT_TYPE_NEW_TEAM_WINDOW);

  G_OBJECT_CLASS (ct_new_team_window_parent_class)->dispose (object);
}

static void
ct_new_team_window_finalize (GObject *object)
{
  CtNewTeamWindow *self = CT_NEW_TEAM_WINDOW (object);

  g_free (self->test_path);
  g_free (self->path);

  G_OBJECT_CLASS (ct_new_team_window_parent_class)->finalize (object);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-new-team-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, team_name_row);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, details_error_label);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, strength_label);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, create_error_label);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, key_label);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, stored_check);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, print_error_label);
  gtk_widget_class_bind_template_child (widget_class, CtNewTeamWindow, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, details_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, display_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stored_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_activated_cb);
}

static void
ct_new_team_window_class_init (CtNewTeamWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ct_new_team_window_dispose;
  object_class->finalize = ct_new_team_window_finalize;
  window_class->close_request = ct_new_team_window_close_request;

  /* CtNewTeamWindow::created: (path, login) of the new team file. */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                   G_TYPE_STRING, G_TYPE_STRING);

  bind_template (widget_class);

  gtk_widget_class_install_action (widget_class, "new-team.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "new-team.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "new-team.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "new-team.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "new-team.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "new-team.continue", NULL, continue_action);
}

static void
fill_roles (CtNewTeamWindow *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  for (CtRole role = 0; role < CT_N_ROLES; role++)
    gtk_string_list_append (roles, ct_role_get_display_name (role));

  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
}

static void
ct_new_team_window_init (CtNewTeamWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->clipboard_clear_ms = CT_NEW_TEAM_CLIPBOARD_CLEAR_MS;
  fill_roles (self);
  show_step (self, "details");
  update_actions (self);
}

CtNewTeamWindow *
ct_new_team_window_new (GtkWindow *parent)
{
  /* Not an application window: "the active window" stays the main one. */
  return g_object_new (CT_TYPE_NEW_TEAM_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
}

void
_ct_new_team_window_set_test_path (CtNewTeamWindow *self,
                                   const char      *path)
{
  g_assert (CT_IS_NEW_TEAM_WINDOW (self));

  g_free (self->test_path);
  self->test_path = g_strdup (path);
}

/* The print operation for the recovery key sheet: one page, drawn by
 * _ct_new_team_window_draw_sheet(). */
GtkPrintOperation *
_ct_new_team_window_new_print (CtNewTeamWindow *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();

  g_assert (CT_IS_NEW_TEAM_WINDOW (self));
  g_assert (self->recovery_key != NULL);

  gtk_print_operation_set_job_name (operation, _("Recovery Key"));
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  show_label (self->print_error_label, NULL);
  return operation;
}

/* Draws the sheet on @cr, @width wide; returns the text drawn, for the
 * tests to read, wiped and freed by the caller. */
char *
_ct_new_team_window_draw_sheet (CtNewTeamWindow *self,
                                cairo_t         *cr,
                                double           width)
{
  char *markup = recovery_sheet_markup (self);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 11");
  char *text;

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);
  text = g_strdup (pango_layout_get_text (layout));

  /* Pango keeps its own copy until the layout is freed: emptied first. */
  pango_layout_set_text (layout, "", 0);
  g_object_unref (layout);
  wipe_string (markup);
  return text;
}
