/* ct-sync-unkept.c — the Synchronisation page's edits not kept
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The edits made on this laptop that a sync could not keep, as the member
 * may read them (ct_session_sync_list_unkept(); docs/sync-merge.md, "Edits
 * not kept"): one row each, naming the case, the record and the field,
 * with the value and when. Copy puts the value on the clipboard, cleared
 * after a while as the case page's copy does; Dismiss drops the entry at
 * once, asking nothing: the value is the member's own. */

#define G_LOG_DOMAIN "ct-sync-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-clipboard.h"
#include "ct-gui-labels.h"
#include "ct-sync-unkept.h"
#include "ct-window.h"

#define UNKEPT_CLIPBOARD_CLEAR_MS (30 * 1000)

typedef struct
{
  CtSession *session;
  GPtrArray *unkept;
  GCallback  dismissed;
  gpointer   data;
} Context;

static void
context_free (gpointer data)
{
  Context *context = data;

  g_object_unref (context->session);
  g_ptr_array_unref (context->unkept);
  g_free (context);
}

/* The value as its field's editor shows it, for the member to paste
 * there: a choice's label, a date as the member types it. */
static char *
value_text (const CtSyncUnkept *unkept)
{
  const CtTable *table = ct_schema_get_table (unkept->table);
  const CtField *field = table != NULL ? ct_table_get_field (table, unkept->field) : NULL;

  if (unkept->value == NULL)
    return g_strdup ("");
  /* A row's category, by the name the member knows it by. */
  if (g_str_equal (unkept->field, "row_category")
      && ct_category_from_string (unkept->value) != CT_CATEGORY_INVALID)
    return g_strdup (ct_category_get_display_name (ct_category_from_string (unkept->value)));
  return field != NULL ? ct_gui_field_to_text (field, unkept->value) : g_strdup (unkept->value);
}

/* The value as the record's page shows it: a choice's label. */
static char *
shown_text (const CtSyncUnkept *unkept)
{
  const CtTable *table = ct_schema_get_table (unkept->table);
  const CtField *field = table != NULL ? ct_table_get_field (table, unkept->field) : NULL;

  if (unkept->value == NULL || field == NULL || field->type != CT_FIELD_ENUM
      || g_str_equal (unkept->field, "row_category"))
    return value_text (unkept);
  return ct_gui_format_field (field, unkept->value);
}

static void
copy_cb (GtkButton *button,
         gpointer   data)
{
  g_autofree char *text = value_text (data);

  ct_clipboard_set_team_secret (gtk_widget_get_clipboard (GTK_WIDGET (button)), text,
                                UNKEPT_CLIPBOARD_CLEAR_MS);
  ct_window_show_toast_in (GTK_WIDGET (button),
                           _("Copied; the clipboard is cleared in 30 seconds"));
}

static void
dismiss_cb (GtkButton *button,
            gpointer   data)
{
  CtSyncUnkept *unkept = data;
  Context *context = g_object_get_data (G_OBJECT (button), "ct-unkept-context");
  g_autoptr(GError) error = NULL;

  if (!ct_session_sync_dismiss_unkept (context->session, unkept->id, &error))
    {
      ct_window_show_toast_in (GTK_WIDGET (button), error->message);
      return;
    }
  g_ptr_array_remove (context->unkept, unkept);
  ((void (*) (gpointer)) context->dismissed) (context->data);
}

/* "YYYY-MM-DDTHH:MM:SSZ" in the local time zone, to the minute. */
static char *
format_at (const char *at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (at, NULL);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (at);
}

static const char *
field_label (const CtSyncUnkept *unkept)
{
  const CtTable *table = ct_schema_get_table (unkept->table);
  const CtField *field = table != NULL ? ct_table_get_field (table, unkept->field) : NULL;

  return field != NULL ? _(field->label) : unkept->field;
}

static GtkWidget *
row_button (const char *label,
            const char *name,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/**
 * ct_sync_unkept_fill:
 * @unkept: (element-type CtSyncUnkept): the entries to show; Dismiss
 *   removes one from it before it calls @dismissed
 * @dismissed: called with @data after an entry was dismissed, to show the
 *   page again
 *
 * Adds a row to @group for each entry of @unkept.
 */
void
ct_sync_unkept_fill (AdwPreferencesGroup *group,
                     CtSession           *session,
                     GPtrArray           *unkept,
                     GCallback            dismissed,
                     gpointer             data)
{
  Context *context = g_new0 (Context, 1);

  context->session = g_object_ref (session);
  context->unkept = g_ptr_array_ref (unkept);
  context->dismissed = dismissed;
  context->data = data;
  g_object_set_data_full (G_OBJECT (group), "ct-unkept-context", context, context_free);
  for (guint i = 0; i < unkept->len; i++)
    {
      CtSyncUnkept *u = g_ptr_array_index (unkept, i);
      g_autofree char *when = format_at (u->at);
      g_autofree char *text = shown_text (u);
      const char *record = ct_gui_table_label (u->table);
      /* Translators: where an edit not kept was made: case number, the
       * kind of record, the field; then when the sync set it apart */
      g_autofree char *subtitle =
        g_strdup_printf (_("Case %s · %s · %s · %s"), u->case_number != NULL ? u->case_number : "–",
                         record != NULL ? record : u->table, field_label (u), when);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *copy = row_button (_("_Copy"), "unkept-copy", _("Copy the value"));
      GtkWidget *dismiss = row_button (_("_Dismiss"), "unkept-dismiss",
                                       _("Forget this edit: it was made again, or is not "
                                         "needed"));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     *text != '\0' ? text : _("(empty)"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data (G_OBJECT (dismiss), "ct-unkept-context", context);
      g_signal_connect (copy, "clicked", G_CALLBACK (copy_cb), u);
      g_signal_connect (dismiss, "clicked", G_CALLBACK (dismiss_cb), u);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dismiss);
      adw_preferences_group_add (group, row);
    }
}
