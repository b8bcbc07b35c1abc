/* ct-meeting-widgets.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Labels and the accessible text the meeting views share; the ZRM bars
 * they show are a widget of their own (ct-meeting-zrm-area.c). */

#define G_LOG_DOMAIN "ct-meeting"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-meeting-widgets.h"

/* The accessible label, kept on the widget too: GTK 4.8 cannot read an
 * accessible property back, and the tests check what would be read out. */
void
ct_meeting_set_a11y_text (GtkWidget  *widget,
                          const char *text)
{
  g_object_set_data_full (G_OBJECT (widget), CT_MEETING_A11Y_TEXT, g_strdup (text), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

const char *
ct_meeting_status_label (const char *status)
{
  if (g_strcmp0 (status, "bezig") == 0)
    return _("In progress");
  if (g_strcmp0 (status, "gesloten") == 0)
    return _("Closed");
  return _("Planned");
}

const char *
ct_meeting_action_status_label (const char *status)
{
  if (g_strcmp0 (status, "gedaan") == 0)
    return _("done");
  if (g_strcmp0 (status, "geweigerd") == 0)
    return _("refused");
  return _("open");
}

/* What @list says in place of rows when it has none: a dim, wrapped
 * line, never an empty frame. */
void
ct_meeting_set_placeholder (GtkListBox *list,
                            const char *text)
{
  GtkWidget *placeholder = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  g_object_set (placeholder, "margin-top", 18, "margin-bottom", 18, "margin-start", 12,
                "margin-end", 12, NULL);
  gtk_list_box_set_placeholder (list, placeholder);
}
