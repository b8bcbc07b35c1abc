/* ct-preferences-window.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-preferences-window.h"

/* This computer's preferences, kept in GSettings; the team's own settings
 * live in the team file (CtTeamAdminPage). */
struct _CtPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;

  /* Template widgets */
  GtkSpinButton *lock_spin;
};

G_DEFINE_FINAL_TYPE (CtPreferencesWindow, ct_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
ct_preferences_window_dispose (GObject *object)
{
  g_clear_object (&CT_PREFERENCES_WINDOW (object)->settings);
  G_OBJECT_CLASS (ct_preferences_window_parent_class)->dispose (object);
}

static void
ct_preferences_window_class_init (CtPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CtPreferencesWindow, lock_spin);
}

static void
ct_preferences_window_init (CtPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "auto-lock-minutes",
                   gtk_spin_button_get_adjustment (self->lock_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
ct_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (CT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

GtkSpinButton *
ct_preferences_window_get_lock_spin (CtPreferencesWindow *self)
{
  g_return_val_if_fail (CT_IS_PREFERENCES_WINDOW (self), NULL);

  return self->lock_spin;
}
