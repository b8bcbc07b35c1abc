/* ct-welcome-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-welcome-page.h"

/* More than this is a list to search, not a list to glance at. */
#define MAX_RECENT_SHOWN 8

struct _CtWelcomePage
{
  AdwBin parent_instance;

  GSettings *settings;
  GtkStringList *recent;

  /* Template widgets */
  AdwPreferencesGroup *recent_group;
  GtkListBox *recent_list;
};

G_DEFINE_FINAL_TYPE (CtWelcomePage, ct_welcome_page, ADW_TYPE_BIN)

/* Folders under the home folder read as "~/…", as in Files and Text Editor. */
static char *
format_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *display = g_filename_display_name (dir);
  const char *home = g_get_home_dir ();
  gsize home_len = strlen (home);

  if (home_len > 1 && g_str_has_prefix (display, home)
      && (display[home_len] == '\0' || display[home_len] == G_DIR_SEPARATOR))
    return g_strconcat ("~", display + home_len, NULL);

  return g_steal_pointer (&display);
}

static GtkWidget *
create_recent_row_cb (gpointer item,
                      gpointer user_data)
{
  const char *path = gtk_string_object_get_string (item);
  g_autofree char *title = g_filename_display_basename (path);
  g_autofree char *folder = format_folder (path);
  g_autofree char *missing = NULL;
  GtkWidget *row;

  /* Kept rather than dropped: the drive may just not be connected now. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    missing = g_strdup_printf (_("Not found in %s"), folder);

  /* File names are the user's text, never markup. */
  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", title,
                      "subtitle", missing != NULL ? missing : folder,
                      "use-markup", FALSE,
                      "activatable", TRUE,
                      "action-name", "app.open-file",
                      "action-target", g_variant_new_string (path),
                      NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("text-x-generic-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  if (missing != NULL)
    gtk_widget_add_css_class (row, "dim-label");

  return row;
}

static void
recent_files_changed_cb (CtWelcomePage *self)
{
  g_auto(GStrv) paths = g_settings_get_strv (self->settings, "recent-files");
  guint old_len = g_list_model_get_n_items (G_LIST_MODEL (self->recent));
  guint n = MIN (g_strv_length (paths), MAX_RECENT_SHOWN);

  if (n < g_strv_length (paths))
    g_clear_pointer (&paths[n], g_free);

  gtk_string_list_splice (self->recent, 0, old_len, (const char * const *) paths);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), n > 0);
}

static void
ct_welcome_page_dispose (GObject *object)
{
  CtWelcomePage *self = CT_WELCOME_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CT_TYPE_WELCOME_PAGE);
  g_clear_object (&self->recent);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ct_welcome_page_parent_class)->dispose (object);
}

static void
ct_welcome_page_class_init (CtWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_welcome_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtWelcomePage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, CtWelcomePage, recent_list);
}

static void
ct_welcome_page_init (CtWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->recent = gtk_string_list_new (NULL);
  gtk_list_box_bind_model (self->recent_list, G_LIST_MODEL (self->recent),
                           create_recent_row_cb, self, NULL);

  self->settings = g_settings_new (APPLICATION_ID);
  g_signal_connect_object (self->settings, "changed::recent-files",
                           G_CALLBACK (recent_files_changed_cb), self, G_CONNECT_SWAPPED);
  recent_files_changed_cb (self);
}
