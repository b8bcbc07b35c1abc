/* ct-case-page-involve.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Adding a member to the household by hand, or removing one added so, on
 * the case page (docs/security.md); the list of who is involved is
 * CtCaseInvolvedSection (ct-case-page-involved.c). The core decides who
 * may, signs the involvement and logs it; this file asks. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-page-private.h"
#include "ct-gui-labels.h"
#include "ct-saving.h"

/* Adding or removing a member, as asked, for the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): the window
 * goes on while one of the session's readers holds the file; meanwhile
 * the button that asked says "Saving…" and the page offers neither again. */
typedef struct
{
  gint64   household_id;
  gint64   member_id;
  gboolean add;
} InvolveWrite;

/* In the session's write queue. */
static gboolean
write_involvement (CtSession *session,
                   gpointer   data,
                   GError   **error)
{
  InvolveWrite *w = data;

  if (w->add)
    return ct_session_add_involvement (session, w->household_id, w->member_id, error);
  return ct_session_remove_involvement (session, w->household_id, w->member_id, error);
}

/* @owner: the page, while it is there (ct_saving_write()) */
static void
involvement_written_cb (gpointer      owner,
                        CtSession    *session,
                        GAsyncResult *result)
{
  InvolveWrite *w = ct_session_write_get_data (result);
  CtCasePage *self = owner;
  g_autoptr(GError) error = NULL;
  const char *done = w->add ? _("Member added to the household")
                            : _("Member removed from the household");

  ct_session_write_finish (session, result, &error);
  if (self == NULL)
    return;
  g_assert (self->involve_writing > 0);
  self->involve_writing--;
  _ct_case_page_update_involve_actions (self);
  /* The page let the team go meanwhile: nothing to say it in. */
  if (self->session != session)
    return;
  /* The member went elsewhere meanwhile: nothing of it to read again. */
  if (error == NULL
      && (self->household == NULL || ct_record_get_id (self->household) != w->household_id))
    {
      _ct_case_page_show_toast (self, done);
      return;
    }
  _ct_case_page_written (self, error, done);
}

static void
involve_write_async (CtCasePage *self,
                     gint64      member_id,
                     gboolean    add,
                     GtkWidget  *button)
{
  InvolveWrite *w = g_new0 (InvolveWrite, 1);

  w->household_id = ct_record_get_id (self->household);
  w->member_id = member_id;
  w->add = add;
  self->involve_writing++;
  _ct_case_page_update_involve_actions (self);
  ct_saving_write (self, self->session, write_involvement, w, g_free, button, NULL,
                   involvement_written_cb);
}

static void
add_chosen_cb (AdwMessageDialog *dialog,
               const char       *response,
               CtCasePage       *self)
{
  GArray *ids = self->involve_ids;
  guint selected;

  if (!g_str_equal (response, "add") || self->involve_member == NULL || self->household == NULL
      || ids == NULL || self->session == NULL)
    return;
  selected = gtk_drop_down_get_selected (self->involve_member);
  if (selected >= ids->len)
    return;
  involve_write_async (self, g_array_index (ids, gint64, selected), TRUE,
                       _ct_case_page_find_button (self, "case.add-involved", NULL));
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
      _ct_case_page_show_toast (self, error->message);
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
  g_clear_pointer (&self->involve_ids, g_array_unref);
  self->involve_ids = ids;
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

  if (self->household == NULL || self->session == NULL)
    return;
  involve_write_async (self, g_variant_get_int64 (param), FALSE,
                       _ct_case_page_find_button (self, "case.remove-involved", param));
}

void
_ct_case_page_update_involve_actions (CtCasePage *self)
{
  /* Who is involved came in the view for whom may read the household's
   * log (ct_case_load_async()); the recovery key adds no one. The core
   * checks again. */
  gboolean on = self->case_record != NULL && !self->editing && self->view->involved != NULL
                && !ct_session_is_recovery (self->session) && self->involve_writing == 0;

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
