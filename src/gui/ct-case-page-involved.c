/* ct-case-page-involved.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Involved" on the case page (docs/security.md): for the household's
 * regisseur and a beheerder, every member who sees it whole and why, with
 * "Add…" and a "Remove" for each one added by hand (ct-case-page-involve.c
 * asks and the core decides); no section for anyone else. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-page-private.h"
#include "ct-case-sections.h"
#include "ct-gui-labels.h"

struct _CtCaseInvolvedSection
{
  CtCaseSection parent_instance;
};

G_DEFINE_FINAL_TYPE (CtCaseInvolvedSection, ct_case_involved_section, CT_TYPE_CASE_SECTION)

static const char *
login_of (GPtrArray *members,
          gint64     id)
{
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      if (info->id == id)
        return info->login;
    }
  return "?";
}

/* Why, in words: "Case director, Added by anna on 1 March 2026". */
static char *
reasons_text (const CtInvolvement *inv,
              GPtrArray           *members)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *date = NULL;

  if (inv->reasons & CT_INVOLVED_REGISSEUR)
    g_ptr_array_add (parts, g_strdup (_("Case director")));
  if (inv->reasons & CT_INVOLVED_ACTION)
    g_ptr_array_add (parts, g_strdup (_("Responsible for an action")));
  if (inv->reasons & CT_INVOLVED_AGENDA)
    g_ptr_array_add (parts, g_strdup (_("On the agenda of a meeting")));
  if (inv->reasons & CT_INVOLVED_EXPLICIT)
    {
      date = ct_gui_format_date (inv->added_on);
      /* Translators: a login, then a date */
      g_ptr_array_add (parts, g_strdup_printf (_("Added by %s on %s"),
                                               login_of (members, inv->added_by), date));
    }
  if (inv->reasons & CT_INVOLVED_GLASS)
    g_ptr_array_add (parts, g_strdup (_("Looked anyway")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static GtkWidget *
involved_row_new (const CtInvolvement *inv,
                  GPtrArray           *members)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = reasons_text (inv, members);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), inv->display_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, "involved-member");
  if (inv->reasons & CT_INVOLVED_EXPLICIT)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Remove"));
      /* Translators: the accessible name of a button; %s is a member's name */
      g_autofree char *label = g_strdup_printf (_("Remove %s from this household"),
                                                inv->display_name);

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.remove-involved");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_int64 (inv->member_id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
ct_case_involved_section_load (CtCaseSection       *section,
                               const CtCaseContext *context)
{
  GPtrArray *involved = context->view->involved;
  CtSession *session = context->session;

  /* Read in the worker for whom may read the household's log; not for
   * the recovery key, which adds no one (as the page's actions,
   * _ct_case_page_update_involve_actions()). */
  if (involved == NULL || ct_session_is_recovery (session))
    {
      gtk_widget_set_visible (GTK_WIDGET (section), FALSE);
      return;
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (section),
                                         ct_session_get_need_to_know (session)
                                           ? _("Only these members see the household whole; "
                                               "others see its case number, area and status.")
                                           : _("Need-to-know is off for this team: every "
                                               "member sees the household as their role "
                                               "allows."));
  for (guint i = 0; i < involved->len; i++)
    ct_case_section_add_row (section, involved_row_new (g_ptr_array_index (involved, i),
                                                        context->members));
}

static void
ct_case_involved_section_class_init (CtCaseInvolvedSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_involved_section_load;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page-involved.ui");
}

static void
ct_case_involved_section_init (CtCaseInvolvedSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

