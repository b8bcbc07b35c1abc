/* ct-case-page-access.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Access Log" on the case page, only for whom the core lets read the
 * household's log: a beheerder, the household's regisseur. A row opens
 * who saw the household (case.show-log, the page's), and a row for every
 * "Look anyway" at it says who, when and why. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-sections.h"
#include "ct-gui-labels.h"

struct _CtCaseAccessSection
{
  CtCaseSection parent_instance;
};

G_DEFINE_FINAL_TYPE (CtCaseAccessSection, ct_case_access_section, CT_TYPE_CASE_SECTION)

/* Every "Look anyway" at this household: who, when, why (read in the
 * worker, ct_case_load_async()). */
static void
add_glass_rows (CtCaseSection       *section,
                GPtrArray           *breaks)
{
  for (guint i = 0; i < breaks->len; i++)
    {
      CtGlassBreak *glass = g_ptr_array_index (breaks, i);
      g_autofree char *day = g_strndup (glass->at, 10);
      g_autofree char *date = ct_gui_format_date (day);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: a login, then a date */
      title = g_strdup_printf (_("Looked at anyway by %s on %s"),
                               glass->login != NULL ? glass->login : _("the recovery key"),
                               date);
      /* Translators: a reason from a short list, then the member's own words */
      subtitle = glass->because != NULL
                   ? g_strdup_printf (_("Reason: %s — %s"),
                                      ct_glass_reason_get_display_name (glass->reason),
                                      glass->because)
                   : g_strdup_printf (_("Reason: %s"),
                                      ct_glass_reason_get_display_name (glass->reason));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_widget_set_name (row, "looked-anyway");
      ct_case_section_add_row (section, row);
    }
}

static void
ct_case_access_section_load (CtCaseSection       *section,
                             const CtCaseContext *context)
{
  /* Read for whom may read the household's log, %NULL for anyone else
   * (ct_session_may_read_household_log(), asked in the worker). */
  if (context->view->glass_breaks == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (section), FALSE);
      return;
    }
  add_glass_rows (section, context->view->glass_breaks);
}

static void
ct_case_access_section_class_init (CtCaseAccessSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_access_section_load;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page-access.ui");
}

static void
ct_case_access_section_init (CtCaseAccessSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
