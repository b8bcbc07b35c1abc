/* ct-case-page-involve.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Who is involved in the household, on the case page (docs/security.md):
 * for its regisseur and a beheerder, every member who sees it whole and
 * why, and adding a member by hand or removing one added so. The core
 * decides who may, signs the involvement and logs it; this file asks. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-page-private.h"
#include "ct-gui-labels.h"
#include "ct-window.h"

static void
show_toast (CtCasePage *self,
            const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CT_IS_WINDOW (root))
    ct_window_show_toast (CT_WINDOW (root), message);
}

static void
reload (CtCasePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = g_object_ref (self->session);

  if (!ct_case_page_load (self, session, ct_record_get_id (self->case_record), &error))
    show_toast (self, error->message);
}

/* Whether this member may add and remove: the core checks it again. */
static gboolean
may_involve (CtCasePage *self)
{
  return self->household != NULL && !ct_session_is_recovery (self->session)
         && ct_session_may_read_household_log (self->session,
                                               ct_record_get_id (self->household));
}

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

/**
 * _ct_case_page_add_involved_group:
 *
 * "Involved": the members who see this household whole and why, for its
 * regisseur and a beheerder; no group for anyone else.
 */
void
_ct_case_page_add_involved_group (CtCasePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) involved = NULL;
  g_autoptr(GPtrArray) members = NULL;
  GtkWidget *group, *button;

  if (!may_involve (self))
    return;
  involved = ct_session_list_involved_members (self->session, ct_record_get_id (self->household),
                                               &error);
  if (involved == NULL)
    {
      g_warning ("Reading who is involved failed: %s", error->message);
      return;
    }
  members = ct_session_list_members (self->session, NULL);

  group = adw_preferences_group_new ();
  gtk_widget_set_name (group, "involved");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Involved"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         ct_session_get_need_to_know (self->session)
                                           ? _("Only these members see the household whole; "
                                               "others see its case number, area and status.")
                                           : _("Need-to-know is off for this team: every "
                                               "member sees the household as their role "
                                               "allows."));
  button = gtk_button_new_with_mnemonic (_("_Add…"));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Add a member to this household"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add a member to this household"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.add-involved");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
  for (guint i = 0; i < involved->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               involved_row_new (g_ptr_array_index (involved, i), members));
  adw_preferences_page_add (self->preferences_page, ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->groups, group);
}

static void
add_chosen_cb (AdwMessageDialog *dialog,
               const char       *response,
               CtCasePage       *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "member-ids");
  guint selected;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "add") || self->involve_member == NULL || self->household == NULL)
    return;
  selected = gtk_drop_down_get_selected (self->involve_member);
  if (selected >= ids->len)
    return;
  if (!ct_session_add_involvement (self->session, ct_record_get_id (self->household),
                                   g_array_index (ids, gint64, selected), &error))
    {
      show_toast (self, error->message);
      return;
    }
  reload (self);
  show_toast (self, _("Member added to the household"));
}

/* The members one may add: present, not oneself, not added already. */
static void
add_involved_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = ct_session_list_members (self->session, &error);
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkWidget *box, *label, *drop_down;
  AdwMessageDialog *dialog;

  if (members == NULL
      || (added = ct_session_list_involvements (self->session, ct_record_get_id (self->household),
                                                &error)) == NULL)
    {
      g_array_unref (ids);
      show_toast (self, error->message);
      return;
    }
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);
      gboolean already = FALSE;
      g_autofree char *item = NULL;

      for (guint j = 0; j < added->len; j++)
        already |= ((CtInvolvement *) g_ptr_array_index (added, j))->member_id == info->id;
      if (already || info->id == ct_session_get_member_id (self->session))
        continue;
      /* Translators: a member's name, then their role */
      item = g_strdup_printf (_("%s (%s)"), info->display_name,
                              ct_role_get_display_name (info->role));
      gtk_string_list_append (names, item);
      g_array_append_val (ids, info->id);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), _("Add a Member?"),
    _("The member sees this household whole from now on, as far as their role allows. "
      "Adding is signed by you and logged.")));
  g_object_set_data_full (G_OBJECT (dialog), "member-ids", ids, (GDestroyNotify) g_array_unref);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new_with_mnemonic (_("_Member"));
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), drop_down);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), drop_down);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  if (ids->len == 0)
    {
      adw_message_dialog_set_response_enabled (dialog, "add", FALSE);
      adw_message_dialog_set_body (dialog, _("Every other member has been added already."));
      gtk_widget_set_visible (box, FALSE);
    }
  g_set_weak_pointer (&self->involve_dialog, dialog);
  g_set_weak_pointer (&self->involve_member, GTK_DROP_DOWN (drop_down));
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_involved_action (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!ct_session_remove_involvement (self->session, ct_record_get_id (self->household),
                                      g_variant_get_int64 (param), &error))
    {
      show_toast (self, error->message);
      return;
    }
  reload (self);
  show_toast (self, _("Member removed from the household"));
}

void
_ct_case_page_update_involve_actions (CtCasePage *self)
{
  gboolean on = self->case_record != NULL && !self->editing && may_involve (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.add-involved", on);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.remove-involved", on);
}

void
_ct_case_page_install_involve_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.add-involved", NULL, add_involved_action);
  gtk_widget_class_install_action (widget_class, "case.remove-involved", "x",
                                   remove_involved_action);
}

/* Forgets the dialog the page asked and has not had answered. */
void
_ct_case_page_clear_involve (CtCasePage *self)
{
  g_clear_weak_pointer (&self->involve_dialog);
  g_clear_weak_pointer (&self->involve_member);
}
