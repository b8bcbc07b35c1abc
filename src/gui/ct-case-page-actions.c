/* ct-case-page-actions.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the case page adds and ends besides editing its fields: a person
 * in the household and its correction on request, an involved
 * organisation and the end of its involvement, a consent, its change,
 * withdrawal and reinstatement. Each is a small dialog that checks its
 * fields before anything is stored; after a save the page reads its
 * sections again. Toasts name what happened, never the client. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-page-private.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-record-dialog.h"
#include "ct-saving.h"
#include "ct-window.h"

/* As the referral assistant asks them, with the relation to the household. */
static const char * const new_person_fields[] = {
  "first_name", "last_name", "bsn", "birth_date", "sex", "relation", "street", "house_number",
  "postcode", "city", "phone", "email", NULL,
};

static const char * const address_fields[] = { "street", "house_number", "postcode", "city", NULL };

static const char * const organisation_fields[] = {
  "name", "type", "contact", "since", "yearly_cost_cents", NULL,
};

static const char * const end_fields[] = { "until", NULL };

static const char * const consent_fields[] = {
  "category", "purpose", "basis", "given_on", "share_at_table", NULL,
};

static const char * const reinstate_fields[] = { "given_on", NULL };

static const char * const consent_edit_fields[] = {
  "category", "purpose", "basis", "given_on", "share_at_table", "withdrawn_on", NULL,
};

/* A toast in the window the page is in. */
void
_ct_case_page_show_toast (CtCasePage *self,
                          const char *message)
{
  ct_window_show_toast_in (GTK_WIDGET (self), message);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *action,
             GVariant   *target)
{
  if (GTK_IS_BUTTON (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    {
      GVariant *value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));

      if (target == NULL || (value != NULL && g_variant_equal (value, target)))
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action, target);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The page's button that asked for @action (with @target, unless %NULL),
 * to say "Saving…" on (ct-saving.c), or %NULL. */
GtkWidget *
_ct_case_page_find_button (CtCasePage *self,
                           const char *action,
                           GVariant   *target)
{
  return find_button (GTK_WIDGET (self), action, target);
}

/* After one of the page's own writes: @error's message, or else the
 * page read again (_ct_case_page_reload()) and @done. */
void
_ct_case_page_written (CtCasePage   *self,
                       const GError *error,
                       const char   *done)
{
  if (error != NULL)
    {
      _ct_case_page_show_toast (self, error->message);
      return;
    }
  _ct_case_page_reload (self);
  _ct_case_page_show_toast (self, done);
}

static void
dialog_saved_cb (CtRecordDialog *dialog,
                 CtCasePage     *self)
{
  const char *toast = self->dialog_toast;

  _ct_case_page_reload (self);
  _ct_case_page_show_toast (self, toast);
}

static gboolean
insert_record (CtSession  *session,
               CtRecord   *record,
               gpointer    user_data,
               GError    **error)
{
  return ct_session_insert (session, record, error) != 0;
}

/* A correction the client asked for (AVG art. 16): the log says so and
 * keeps the fact of the change, never the old value. */
static gboolean
rectify_record (CtSession  *session,
                CtRecord   *record,
                gpointer    user_data,
                GError    **error)
{
  return ct_session_rectify (session, record, error);
}

static gboolean
update_record (CtSession  *session,
               CtRecord   *record,
               gpointer    user_data,
               GError    **error)
{
  return ct_session_update (session, record, error);
}

/* Ending asks for the date: an empty one would end nothing. */
static gboolean
end_involvement (CtSession  *session,
                 CtRecord   *record,
                 gpointer    user_data,
                 GError    **error)
{
  if (ct_record_get (record, "until") == NULL)
    {
      const CtField *field = ct_table_get_field (ct_record_get_table (record), "until");

      ct_set_field_error (error, ct_record_get_table (record)->name, "until", _("%s: enter a date"),
                          _(field->label));
      return FALSE;
    }
  return ct_session_update (session, record, error);
}

static CtRecordDialog *
open_dialog (CtCasePage         *self,
             CtRecord           *record,
             const char * const *fields,
             const char         *title,
             const char         *save_label,
             CtRecordDialogSave  save,
             gpointer            save_data,
             GDestroyNotify      save_data_free,
             const char         *toast)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  CtRecordDialog *dialog = ct_record_dialog_new (parent, self->session, record, fields, title,
                                                 save_label);

  ct_record_dialog_set_save_func (dialog, save, save_data, save_data_free);
  /* The dialog is modal: one at a time says what its save did. */
  self->dialog_toast = toast;
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  /* It names the case's people: it goes when the page lets the case go. */
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* While a dialog's record is read in a worker, or "Look anyway" waits in
 * the write queue: the page says it is loading (#CtCasePage:loading), the
 * pointer says it is busy, and its actions wait, one dialog at a time. */
static void
set_busy (CtCasePage *self,
          gboolean    busy)
{
  self->record_busy += busy ? 1 : -1;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->record_busy > 0 ? "progress" : NULL);
  _ct_case_page_update_actions (self);
  g_object_notify (G_OBJECT (self), "loading");
}

/* What a dialog does with the record read for it. */
typedef void (*RecordReadFunc) (CtCasePage *self,
                                CtRecord   *record);

typedef struct
{
  gint64          case_id;  /* the page's when asked */
  RecordReadFunc  done;
} RecordRead;

/* @self: the page, while it is there (ct_saving_get()) */
static void
record_read_cb (gpointer      owner,
                CtSession    *session,
                CtRecord     *record,
                const GError *error,
                gpointer      data)
{
  CtCasePage *self = owner;
  RecordRead *read = data;

  /* A page gone, locked, or on another case meanwhile opens nothing. */
  if (self == NULL)
    return;
  set_busy (self, FALSE);
  if (self->session != session || ct_case_page_get_case_id (self) != read->case_id)
    return;
  if (record != NULL)
    read->done (self, record);
  else
    _ct_case_page_show_toast (self, error->message);
}

/* Reads the record @param names in a worker (ct_saving_get(), logged as
 * ct_session_get() logs it), then hands it to @done. */
static void
read_record (CtCasePage     *self,
             const char     *table,
             GVariant       *param,
             RecordReadFunc  done)
{
  RecordRead *read = g_new0 (RecordRead, 1);

  read->case_id = ct_case_page_get_case_id (self);
  read->done = done;
  set_busy (self, TRUE);
  ct_saving_get (self, self->session, table, g_variant_get_int64 (param), read, g_free,
                 record_read_cb);
}

static void
add_person_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  g_autoptr(CtRecord) person = ct_record_new ("persons");

  g_return_if_fail (ct_session_can_read (self->session, CT_CATEGORY_IDENTITY));

  ct_record_set_int (person, "household_id", ct_record_get_id (self->household));
  /* Most households share one address: start from the first person's. */
  if (self->persons->len > 0)
    for (guint i = 0; address_fields[i] != NULL; i++)
      ct_record_set (person, address_fields[i],
                     ct_record_get (g_ptr_array_index (self->persons, 0), address_fields[i]));

  open_dialog (self, person, new_person_fields, _("Add Person"), _("_Add"), insert_record, NULL,
               NULL, _("Person added"));
}

static void
rectify_person_read (CtCasePage *self,
                     CtRecord   *person)
{
  CtRecordDialog *dialog;

  dialog = open_dialog (self, person, new_person_fields, _("Correct on Request"), _("_Correct"),
                        rectify_record, NULL, NULL, _("Corrected on request"));
  ct_record_dialog_set_description (dialog, _("Correct what the client says is wrong (AVG "
                                              "article 16). The access log records which "
                                              "fields were corrected on request, never their "
                                              "old values."));
}

static void
add_organisation_action (GtkWidget  *widget,
                         const char *name,
                         GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  g_autoptr(CtRecord) organisation = ct_record_new ("organisations");
  g_autofree char *today = ct_gui_today ();

  ct_record_set_int (organisation, "household_id", ct_record_get_id (self->household));
  ct_record_set (organisation, "since", today);
  open_dialog (self, organisation, organisation_fields, _("Add Organisation"), _("_Add"),
               insert_record, NULL, NULL, _("Organisation added"));
}

static void
end_involvement_read (CtCasePage *self,
                      CtRecord   *organisation)
{
  g_autofree char *today = ct_gui_today ();
  CtRecordDialog *dialog;

  if (ct_record_get (organisation, "until") == NULL)
    ct_record_set (organisation, "until", today);
  dialog = open_dialog (self, organisation, end_fields, _("End Involvement"), _("_End"),
                        end_involvement, NULL, NULL, _("Involvement ended"));
  ct_record_dialog_set_description (dialog, _("From the day after this date the organisation "
                                              "no longer counts among the helpers around the "
                                              "household, nor in its yearly cost."));
}

static void
record_consent_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  g_autoptr(CtRecord) consent = ct_record_new ("consents");
  g_autofree char *today = ct_gui_today ();
  CtRecordDialog *dialog;

  ct_record_set_int (consent, "case_id", ct_record_get_id (self->case_record));
  ct_record_set (consent, "given_on", today);
  if (ct_session_get_member_id (self->session) > 0)
    ct_record_set_int (consent, "recorded_by", ct_session_get_member_id (self->session));
  dialog = open_dialog (self, consent, consent_fields, _("Record Consent"), _("_Record"),
                        insert_record, NULL, NULL, _("Consent recorded"));
  ct_record_dialog_set_description (dialog, _("Only categories with consent to share at the "
                                              "table are shown at the meeting."));
}

/* The session hands out only consents of categories this member reads,
 * and refuses a change by anyone else (docs/categories.md). */
static void
edit_consent_read (CtCasePage *self,
                   CtRecord   *consent)
{
  open_dialog (self, consent, consent_edit_fields, _("Edit Consent"), _("_Save"), update_record,
               NULL, NULL, _("Consent changed"));
}

/* A withdrawn consent given again is a new consent: the core copies the
 * withdrawn one and keeps the withdrawal on record
 * (ct_session_reinstate_consent()); the dialog asks only the day.
 * @user_data is the withdrawn consent's id, the dialog's own. */
static gboolean
reinstate_record (CtSession  *session,
                  CtRecord   *record,
                  gpointer    user_data,
                  GError    **error)
{
  const gint64 *withdrawn_id = user_data;

  return ct_session_reinstate_consent (session, *withdrawn_id,
                                       ct_record_get (record, "given_on"), error) != 0;
}

static void
reinstate_consent_read (CtCasePage *self,
                        CtRecord   *withdrawn)
{
  g_autoptr(CtRecord) consent = ct_record_new ("consents");
  g_autofree char *today = ct_gui_today ();
  g_autofree char *description = NULL;
  CtRecordDialog *dialog;
  gint64 withdrawn_id = ct_record_get_id (withdrawn);

  ct_record_set (consent, "case_id", ct_record_get (withdrawn, "case_id"));
  ct_record_set (consent, "category", ct_record_get (withdrawn, "category"));
  ct_record_set (consent, "given_on", today);
  dialog = open_dialog (self, consent, reinstate_fields, _("Reinstate Consent"), _("_Reinstate"),
                        reinstate_record, g_memdup2 (&withdrawn_id, sizeof withdrawn_id), g_free,
                        _("Consent reinstated"));
  description = g_strdup_printf (_("The household gives its consent for “%s” again, from the "
                                  "day below. The withdrawal stays on record."),
                                ct_category_get_display_name (ct_category_from_string (
                                  ct_record_get (withdrawn, "category"))));
  ct_record_dialog_set_description (dialog, description);
}

typedef struct
{
  gint64  id;
  char   *today;
} Withdrawal;

static void
withdrawal_free (Withdrawal *withdrawal)
{
  g_free (withdrawal->today);
  g_free (withdrawal);
}

/* In the session's write queue: the consent as stored, withdrawn today. */
static gboolean
withdraw_consent (CtSession *session,
                  gpointer   data,
                  GError   **error)
{
  Withdrawal *withdrawal = data;
  g_autoptr(CtRecord) consent = ct_session_get (session, "consents", withdrawal->id, error);

  if (consent == NULL)
    return FALSE;
  ct_record_set (consent, "withdrawn_on", withdrawal->today);
  return ct_session_update (session, consent, error);
}

static void
withdrawn_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CtCasePage) self = user_data;
  g_autoptr(GError) error = NULL;

  ct_session_write_finish (CT_SESSION (source), result, &error);
  /* The page let the case go meanwhile: nothing of it to read again. */
  if (self->session != CT_SESSION (source) || self->case_record == NULL)
    return;
  _ct_case_page_written (self, error, _("Consent withdrawn"));
}

/* Through the session's write queue (ct_session_write_async()): the
 * window goes on while one of the session's readers holds the file. */
static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CtCasePage       *self)
{
  Withdrawal *withdrawal;

  if (!g_str_equal (response, "withdraw") || self->session == NULL)
    return;

  withdrawal = g_new0 (Withdrawal, 1);
  withdrawal->id = self->withdraw_id;
  withdrawal->today = ct_gui_today ();
  ct_session_write_async (self->session, withdraw_consent, withdrawal,
                          (GDestroyNotify) withdrawal_free, NULL, withdrawn_cb,
                          g_object_ref (self));
}

static void
withdraw_consent_read (CtCasePage *self,
                       CtRecord   *consent)
{
  const char *category;
  GtkWidget *dialog;

  category = ct_category_get_display_name (ct_category_from_string (ct_record_get (consent,
                                                                                   "category")));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Withdraw Consent?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("From today, information in the category “%s” is no "
                                    "longer shared at the table or shown on the projector. The "
                                    "consent stays on record as withdrawn."), category);
  ct_gui_add_destructive_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "withdraw", _("_Withdraw"));
  /* The dialog is modal: one consent at a time. */
  self->withdraw_id = ct_record_get_id (consent);
  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, 0);
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "Look anyway" asked of the core (ct_session_break_glass_async()),
 * whose entry waits in the session's write queue: the page a weak
 * reference, as ct_saving_write() holds it. */
typedef struct
{
  GWeakRef  page;
  gint64    case_id;  /* the page's when asked */
} Glass;

static void
glass_broken_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Glass *glass = user_data;
  g_autoptr(CtCasePage) self = g_weak_ref_get (&glass->page);
  g_autoptr(GError) error = NULL;
  CtSession *session = CT_SESSION (source);

  ct_session_break_glass_finish (session, result, &error);
  if (self != NULL)
    {
      set_busy (self, FALSE);
      /* Locked, or on another case meanwhile: nothing of it to read again. */
      if (self->session == session && ct_case_page_get_case_id (self) == glass->case_id)
        _ct_case_page_written (self, error, _("Opened anyway; this is logged"));
    }
  g_weak_ref_clear (&glass->page);
  g_free (glass);
}

static void
look_anyway_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CtCasePage       *self)
{
  Glass *glass;

  if (!g_str_equal (response, "look") || self->session == NULL || self->glass_reason == NULL)
    return;

  glass = g_new0 (Glass, 1);
  g_weak_ref_init (&glass->page, self);
  glass->case_id = ct_case_page_get_case_id (self);
  set_busy (self, TRUE);
  ct_session_break_glass_async (self->session,
                                ct_record_get_int (self->case_record, "household_id"),
                                (CtGlassReason) gtk_drop_down_get_selected (self->glass_reason),
                                gtk_editable_get_text (self->glass_text), NULL,
                                glass_broken_cb, glass);
}

/* "Toch inzien": a reason from the short list, and the member's words. */
static void
look_anyway_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  const char *reasons[CT_N_GLASS_REASONS + 1] = { NULL };
  GtkWidget *dialog, *box, *reason, *text;

  for (guint i = 0; i < CT_N_GLASS_REASONS; i++)
    reasons[i] = ct_glass_reason_get_display_name ((CtGlassReason) i);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Look at This Household Anyway?"),
                                   _("You are not involved in this household. Opening it is "
                                     "logged with your reason and shown to its regisseur and "
                                     "the beheerder. It stays open until you lock the team "
                                     "file."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  reason = gtk_drop_down_new_from_strings (reasons);
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  text = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (text), _("Why, in your own words"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Why, in your own words"), -1);
  gtk_box_append (GTK_BOX (box), reason);
  gtk_box_append (GTK_BOX (box), text);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  ct_gui_add_destructive_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "look", _("_Look Anyway"));
  g_set_weak_pointer (&self->glass_reason, GTK_DROP_DOWN (reason));
  g_set_weak_pointer (&self->glass_text, GTK_EDITABLE (text));
  g_signal_connect_object (dialog, "response", G_CALLBACK (look_anyway_response_cb), self, 0);
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The actions that open a dialog on one record of the case, its id their
 * parameter: the record's table, and the dialog opened once it is read. */
static const struct
{
  const char     *action;
  const char     *table;
  RecordReadFunc  done;
} record_actions[] = {
  { "case.rectify-person", "persons", rectify_person_read },
  { "case.end-involvement", "organisations", end_involvement_read },
  { "case.withdraw-consent", "consents", withdraw_consent_read },
  { "case.edit-consent", "consents", edit_consent_read },
  { "case.reinstate-consent", "consents", reinstate_consent_read },
};

static void
record_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  for (guint i = 0; i < G_N_ELEMENTS (record_actions); i++)
    if (g_str_equal (name, record_actions[i].action))
      read_record (CT_CASE_PAGE (widget), record_actions[i].table, param, record_actions[i].done);
}

/* Not while editing: reading the page again would drop the changes. */
void
_ct_case_page_update_actions (CtCasePage *self)
{
  gboolean loaded = self->case_record != NULL && !self->editing && self->record_busy == 0;
  /* Under restriction of processing the household's data stays as it is;
   * its consents stay the client's (ct-session-restrict.c). */
  gboolean changeable = loaded && self->restriction == NULL;
  const char * const actions[] = {
    "case.add-organisation", "case.end-involvement", "case.use-conflict",
  };
  const char * const consent_actions[] = {
    "case.record-consent", "case.withdraw-consent", "case.edit-consent", "case.reinstate-consent",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], changeable);
  for (guint i = 0; i < G_N_ELEMENTS (consent_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), consent_actions[i], loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.add-person",
                                 changeable && !self->limited
                                   && ct_session_can_read (self->session, CT_CATEGORY_IDENTITY));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.rectify-person",
                                 changeable && !self->limited
                                   && ct_session_can_read (self->session, CT_CATEGORY_IDENTITY));
  /* Its section is hidden on a limited page. Saving reads only that
   * section again, so an edit of the page may go on meanwhile. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.score-zrm",
                                 self->case_record != NULL && self->restriction == NULL
                                   && !self->limited);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.look-anyway", loaded && self->limited);
  _ct_case_page_update_privacy_actions (self);
  _ct_case_page_update_involve_actions (self);
}

void
_ct_case_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.add-person", NULL, add_person_action);
  gtk_widget_class_install_action (widget_class, "case.add-organisation", NULL,
                                   add_organisation_action);
  gtk_widget_class_install_action (widget_class, "case.record-consent", NULL,
                                   record_consent_action);
  gtk_widget_class_install_action (widget_class, "case.look-anyway", NULL, look_anyway_action);
  for (guint i = 0; i < G_N_ELEMENTS (record_actions); i++)
    gtk_widget_class_install_action (widget_class, record_actions[i].action, "x", record_action);
}
