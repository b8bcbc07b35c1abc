/* ct-case-page-privacy.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The household's rights on the case page (docs/retention.md): the
 * regisseur makes an inzage, a PDF written only to the file chosen; a
 * beheerder erases a person or the household on request, in two steps:
 * what and on which legal ground, then what would go, counted per kind
 * and naming no other household, and a destructive confirmation. Where
 * the Jeugdwet keeps a case, the second step says so and only records the
 * request. The regisseur or a beheerder restricts the household's
 * processing with a ground and lifts it with a reason; while it holds, a
 * banner at the top says so (ct-case-page-restriction.c) and the page
 * offers no change but consent. The rows that offer all this are
 * CtCasePrivacySection (ct-case-page-privacy-section.c). The core checks
 * the role, logs, and deletes; this file asks. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-page-private.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-inzage-pdf.h"
#include "ct-saving.h"

/* In the order of ct_erasure_grounds: AVG art. 17(1) a to e. */
static const char * const ground_labels[] = {
  N_("No longer needed (a)"),
  N_("Consent withdrawn (b)"),
  N_("Objection (c)"),
  N_("Processed unlawfully (d)"),
  N_("Legal obligation to erase (e)"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (ground_labels) == 5);


gboolean
_ct_case_page_may_make_inzage (CtSession *session)
{
  return !ct_session_is_recovery (session) && ct_session_get_role (session) == CT_ROLE_REGISSEUR;
}

/* Inzage */

/**
 * _ct_case_page_write_inzage:
 * @path: the file the member chose
 *
 * What the chooser's answer does: the core makes the text (and logs it)
 * and the PDF goes to @path only.
 */
gboolean
_ct_case_page_write_inzage (CtCasePage  *self,
                            const char  *path,
                            GError     **error)
{
  g_assert (self->household != NULL);

  return ct_session_write_inzage_pdf (self->session, ct_record_get_id (self->household), path,
                                      error);
}

static void
inzage_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  CtCasePage      *self)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->inzage_chooser);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response != GTK_RESPONSE_ACCEPT || self->session == NULL)
    return;
  path = ct_gui_chooser_get_local_path (GTK_NATIVE_DIALOG (chooser), response, &error);
  if (path == NULL)
    _ct_case_page_show_toast (self, error->message);
  else if (!_ct_case_page_write_inzage (self, path, &error))
    _ct_case_page_show_toast (self, error->message);
  else
    _ct_case_page_show_toast (self, _("Inzage saved; making it is in the access log"));
}

static void
make_inzage_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  g_autofree char *file_name = NULL;

  if (self->inzage_chooser != NULL)
    return;
  self->inzage_chooser =
    gtk_file_chooser_native_new (_("Save the Inzage"),
                                 GTK_WINDOW (gtk_widget_get_root (widget)),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  /* Translators: a file name; %s is a case number such as 2026-0001 */
  file_name = g_strdup_printf (_("inzage-%s.pdf"), ct_case_page_get_number (self));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->inzage_chooser), file_name);
  g_signal_connect (self->inzage_chooser, "response", G_CALLBACK (inzage_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->inzage_chooser));
}

/* Erasure */

static char *
person_name (CtRecord *person)
{
  return g_strstrip (g_strdup_printf ("%s %s", ct_record_get (person, "first_name") ?: "",
                                      ct_record_get (person, "last_name") ?: ""));
}

static AdwMessageDialog *
erase_dialog_new (CtCasePage *self,
                  const char *heading,
                  const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);

  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  g_set_weak_pointer (&self->privacy_dialog, ADW_MESSAGE_DIALOG (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

/* An erasure, a restriction or a lift, as asked: copied out of the
 * dialog, for the session's write queue (ct_session_write_async();
 * HACKING.md, "Threads", rule 4). The window goes on while one of the
 * session's readers holds the file; meanwhile the row's button says
 * "Saving…" and the page offers none of these again. */
typedef struct
{
  gint64            household_id;
  gint64            person_id;     /* an erasure: 0 for the household */
  const char       *ground;        /* an erasure: static, one of ct_erasure_grounds */
  gboolean          record_only;   /* an erasure the law forbids: the request only */
  gboolean          lift;          /* a restriction: lifted, or else placed */
  CtRestrictGround  restrict_ground;
  char             *reason;
  GError           *refused;       /* an erasure refused, its request in the log */
} PrivacyWrite;

static void
privacy_write_free (gpointer data)
{
  PrivacyWrite *w = data;

  g_free (w->reason);
  g_clear_error (&w->refused);
  g_free (w);
}

static PrivacyWrite *
privacy_write_new (CtCasePage *self)
{
  PrivacyWrite *w = g_new0 (PrivacyWrite, 1);

  w->household_id = ct_record_get_id (self->household);
  return w;
}

static void
privacy_write_async (CtCasePage         *self,
                     const char         *action,
                     CtSessionWriteFunc  func,
                     PrivacyWrite       *w,
                     CtSavingFunc        callback)
{
  self->privacy_writing++;
  _ct_case_page_update_privacy_actions (self);
  ct_saving_write (self, self->session, func, w, privacy_write_free,
                   _ct_case_page_find_button (self, action, NULL), NULL, callback);
}

/* In the write's callback: @page, the page that asked, when it is still
 * there (ct_saving_write()) and unlocked with @session, its privacy
 * actions offered again; else %NULL. */
static CtCasePage *
privacy_written (CtCasePage *page,
                 CtSession  *session)
{
  if (page == NULL)
    return NULL;
  g_assert (page->privacy_writing > 0);
  page->privacy_writing--;
  _ct_case_page_update_privacy_actions (page);
  return page->session == session ? page : NULL;
}

/* Whether the page still shows the household @w was about. */
static gboolean
shows_household (CtCasePage   *self,
                 PrivacyWrite *w)
{
  return self->household != NULL && ct_record_get_id (self->household) == w->household_id;
}

/* In the session's write queue. A Jeugdwet term that forbids the erasure
 * leaves the request in the access log: that is kept, so the write
 * stands, and the refusal goes to the callback. */
static gboolean
erase_household (CtSession *session,
                 gpointer   data,
                 GError   **error)
{
  PrivacyWrite *w = data;
  GError *local = NULL;

  if (ct_session_erase (session, w->household_id, w->person_id, w->ground, &local))
    return TRUE;
  if (g_error_matches (local, CT_ERROR, CT_ERROR_RESTRICTED))
    {
      w->refused = local;
      return TRUE;
    }
  g_propagate_error (error, local);
  return FALSE;
}

static void
erased_cb (gpointer      owner,
           CtSession    *session,
           GAsyncResult *result)
{
  PrivacyWrite *w = ct_session_write_get_data (result);
  /* The page even while it reads another case, and holds no session. */
  CtCasePage *page = owner;
  CtCasePage *self = privacy_written (page, session);
  g_autoptr(GError) error = NULL;
  gboolean shown;

  if (!ct_session_write_finish (session, result, &error))
    {
      if (self != NULL)
        _ct_case_page_show_toast (self, error->message);
      return;
    }
  if (page == NULL)
    return;
  if (w->refused != NULL)
    {
      if (self != NULL)
        _ct_case_page_show_toast (self, w->record_only ? _("Request recorded; nothing was erased")
                                                       : w->refused->message);
      return;
    }
  /* The member may have gone elsewhere meanwhile, and the page shows
   * another household or none; the case list still holds this one's rows,
   * so the signal names the household asked for, never the page's own. */
  shown = self != NULL && shows_household (self, w);
  if (shown && w->person_id != 0)
    _ct_case_page_reload (self);
  g_signal_emit_by_name (page, "erased", w->person_id == 0, w->household_id);
  /* Nothing of the household is left to show. */
  if (shown && w->person_id == 0)
    ct_case_page_clear (self);
}

static void
erase_confirmed_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CtCasePage       *self)
{
  PrivacyWrite *w;

  if (g_str_equal (response, "cancel") || self->session == NULL || self->household == NULL)
    return;

  w = privacy_write_new (self);
  w->person_id = self->erase_person_id;
  w->ground = self->erase_ground_name;
  w->record_only = g_str_equal (response, "record");
  privacy_write_async (self, "case.erase", erase_household, w, erased_cb);
}

/* The second step: what would go, or why the law keeps it. */
static void
confirm_erasure (CtCasePage       *self,
                 CtErasurePreview *preview)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  if (preview->kept_by_case != NULL)
    {
      g_autofree char *until = preview->kept_until != NULL
                                 ? ct_gui_format_date (preview->kept_until) : NULL;

      if (until != NULL)
        /* Translators: a case number, then a date */
        body = g_strdup_printf (_("The Jeugdwet requires case %s to be kept until %s, so "
                                  "nothing can be erased now. You can record the request: it "
                                  "goes into the access log with its legal ground."),
                                preview->kept_by_case, until);
      else
        /* Translators: %s is a case number */
        body = g_strdup_printf (_("Case %s is open under the Jeugdwet, which requires it to be "
                                  "kept for 20 years after closing, so nothing can be erased "
                                  "now. You can record the request: it goes into the access "
                                  "log with its legal ground."), preview->kept_by_case);
      dialog = erase_dialog_new (self, _("The Law Keeps This Household"), body);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                        "record", _("_Record Request"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "record", ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      if (preview->person_id != 0)
        body = g_strdup (_("This person’s record is erased from the household: 1 record. The "
                           "rest of the household stays. This cannot be undone. The request "
                           "and its legal ground are recorded in the access log."));
      else
        {
          g_autofree char *persons = g_strdup_printf (ngettext ("%u person", "%u persons",
                                                                preview->n_persons),
                                                      preview->n_persons);
          g_autofree char *cases = g_strdup_printf (ngettext ("%u case", "%u cases",
                                                              preview->n_cases),
                                                    preview->n_cases);
          g_autofree char *others = g_strdup_printf (ngettext ("%u record", "%u records",
                                                               preview->n_rows),
                                                     preview->n_rows);

          /* Translators: "2 persons", "1 case", "14 records" */
          body = g_strdup_printf (_("Everything stored about this household is erased: %s, "
                                    "%s, %s in all, with its plan, actions and consents. No "
                                    "other household is touched. This cannot be undone. The "
                                    "request and its legal ground are recorded in the access "
                                    "log."), persons, cases, others);
        }
      dialog = erase_dialog_new (self, preview->person_id != 0 ? _("Erase This Person?")
                                                               : _("Erase This Household?"),
                                 body);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "erase", _("_Erase"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "erase", ADW_RESPONSE_DESTRUCTIVE);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_confirmed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
erase_chosen_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 CtCasePage       *self)
{
  g_autoptr(CtErasurePreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  guint subject, ground;

  if (!g_str_equal (response, "next") || self->session == NULL || self->erase_subject == NULL)
    return;

  subject = gtk_drop_down_get_selected (self->erase_subject);
  ground = gtk_drop_down_get_selected (self->erase_ground);
  self->erase_person_id = subject == 0 || subject > self->persons->len
                            ? 0
                            : ct_record_get_id (g_ptr_array_index (self->persons, subject - 1));
  self->erase_ground_name = ct_erasure_grounds[MIN (ground, G_N_ELEMENTS (ground_labels) - 1)];
  preview = ct_session_preview_erasure (self->session, ct_record_get_id (self->household),
                                        self->erase_person_id, &error);
  if (preview == NULL)
    {
      _ct_case_page_show_toast (self, error->message);
      return;
    }
  confirm_erasure (self, preview);
}

/* @widget under a heading that names it (its mnemonic and accessible
 * label), both appended to @box. */
static GtkWidget *
append_labelled (GtkWidget  *box,
                 const char *label,
                 GtkWidget  *widget)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), widget);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title, NULL, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), widget);
  return widget;
}

static GtkWidget *
labelled_drop_down (GtkWidget          *box,
                    const char         *label,
                    const char * const *items)
{
  return append_labelled (box, label, gtk_drop_down_new_from_strings (items));
}

/* The first step: what, and on which ground. A member who may not read
 * identity can erase only the whole household: the names are not theirs
 * to choose from. */
static void
erase_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  g_autoptr(GPtrArray) subjects = g_ptr_array_new_with_free_func (g_free);
  const char *grounds[G_N_ELEMENTS (ground_labels) + 1] = { NULL };
  AdwMessageDialog *dialog;
  GtkWidget *box, *subject, *ground;

  g_ptr_array_add (subjects, g_strdup (_("The whole household")));
  if (ct_session_can_read (self->session, CT_CATEGORY_IDENTITY))
    for (guint i = 0; i < self->persons->len; i++)
      g_ptr_array_add (subjects, person_name (g_ptr_array_index (self->persons, i)));
  g_ptr_array_add (subjects, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (ground_labels); i++)
    grounds[i] = _(ground_labels[i]);

  dialog = erase_dialog_new (self, _("Erase on Request?"),
                             _("Choose what the client asks to erase and the legal ground (AVG "
                               "article 17). Next you see what would go; nothing is erased "
                               "before you confirm."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  subject = labelled_drop_down (box, _("_What"), (const char * const *) subjects->pdata);
  ground = labelled_drop_down (box, _("_Legal ground"), grounds);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "next", _("_Next"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "next", ADW_RESPONSE_SUGGESTED);
  g_set_weak_pointer (&self->erase_subject, GTK_DROP_DOWN (subject));
  g_set_weak_pointer (&self->erase_ground, GTK_DROP_DOWN (ground));
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Restriction of processing */

static const char *
restriction_ground_labels (guint i)
{
  return ct_restrict_ground_get_display_name ((CtRestrictGround) i);
}

/* Reads the page again after a restriction was placed or lifted, and
 * lets the window know: the case list's tag now; whether Edit is offered
 * once the page has read the restriction back (#CtCasePage:loading). */
static void
reload_restricted (CtCasePage *self,
                   const char *toast)
{
  _ct_case_page_reload (self);
  _ct_case_page_show_toast (self, toast);
  g_signal_emit_by_name (self, "restriction-changed", ct_case_page_get_household_id (self));
}

/* In the session's write queue. */
static gboolean
restrict_household (CtSession *session,
                    gpointer   data,
                    GError   **error)
{
  PrivacyWrite *w = data;

  if (w->lift)
    return ct_session_lift_restriction (session, w->household_id, w->reason, error);
  return ct_session_restrict (session, w->household_id, w->restrict_ground, w->reason, error);
}

static void
restricted_cb (gpointer      owner,
               CtSession    *session,
               GAsyncResult *result)
{
  PrivacyWrite *w = ct_session_write_get_data (result);
  /* The page even while it reads another case, and holds no session. */
  CtCasePage *page = owner;
  CtCasePage *self = privacy_written (page, session);
  g_autoptr(GError) error = NULL;
  const char *toast = w->lift ? _("Restriction lifted; this is in the access log")
                              : _("Processing restricted; this is in the access log");

  if (!ct_session_write_finish (session, result, &error))
    {
      if (self != NULL)
        _ct_case_page_show_toast (self, error->message);
      return;
    }
  if (page == NULL || ct_session_is_locked (session))
    return;
  if (self != NULL && shows_household (self, w))
    {
      reload_restricted (self, toast);
      return;
    }
  /* The member went elsewhere meanwhile (another case, perhaps still
   * being read, or the list): the toast all the same, and the list's tag
   * of the household asked for, never the page's own. */
  _ct_case_page_show_toast (page, toast);
  g_signal_emit_by_name (page, "restriction-changed", w->household_id);
}

static void
restrict_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CtCasePage       *self)
{
  PrivacyWrite *w;
  gboolean lift = g_str_equal (response, "lift");

  if (self->session == NULL || self->household == NULL || self->restrict_text == NULL
      || (!g_str_equal (response, "restrict") && !lift))
    return;
  w = privacy_write_new (self);
  w->lift = lift;
  w->reason = g_strdup (gtk_editable_get_text (self->restrict_text));
  if (!lift)
    w->restrict_ground = (CtRestrictGround) MIN (gtk_drop_down_get_selected (self->restrict_ground),
                                                 CT_N_RESTRICT_GROUNDS - 1);
  privacy_write_async (self, lift ? "case.lift-restriction" : "case.restrict", restrict_household,
                       w, restricted_cb);
}

static GtkWidget *
reason_entry (GtkWidget  *box,
              const char *label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_max_length (GTK_ENTRY (entry), 500);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  return append_labelled (box, label, entry);
}

static void
restrict_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  gboolean lift = g_str_equal (name, "case.lift-restriction");
  const char *grounds[CT_N_RESTRICT_GROUNDS + 1] = { NULL };
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry;

  if (lift)
    dialog = erase_dialog_new (self, _("Lift the Restriction?"),
                               _("The household’s data can be changed again, and it comes back "
                                 "into every list, every export and the projector. Say why: the "
                                 "lift is signed by you and recorded in the access log."));
  else
    {
      GtkWidget *ground;

      for (guint i = 0; i < CT_N_RESTRICT_GROUNDS; i++)
        grounds[i] = restriction_ground_labels (i);
      dialog = erase_dialog_new (self, _("Restrict Processing?"),
                                 _("The client asks to restrict the processing of their data "
                                   "(AVG article 18). The data stays stored and readable, but "
                                   "nothing of it can be changed, except consents. Until the "
                                   "restriction is lifted the household leaves every list, "
                                   "except for its regisseur and the beheerder, every export "
                                   "(the evaluation, the partners’ list, the finance workbook) "
                                   "and the projector. Erasure on request stays possible."));
      ground = labelled_drop_down (box, _("_Ground"), grounds);
      g_set_weak_pointer (&self->restrict_ground, GTK_DROP_DOWN (ground));
    }
  entry = reason_entry (box, lift ? _("_Reason") : _("_Reason (optional)"));
  g_set_weak_pointer (&self->restrict_text, GTK_EDITABLE (entry));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    lift ? "lift" : "restrict",
                                    lift ? _("_Lift Restriction") : _("_Restrict"), NULL);
  adw_message_dialog_set_response_appearance (dialog, lift ? "lift" : "restrict",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restrict_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_ct_case_page_update_privacy_actions (CtCasePage *self)
{
  /* One at a time: none while one waits in the write queue. */
  gboolean loaded = self->case_record != NULL && !self->editing && !self->limited
                    && self->privacy_writing == 0;
  gboolean steer = loaded && self->view->may_restrict;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.make-inzage",
                                 loaded && _ct_case_page_may_make_inzage (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.erase",
                                 loaded && ct_session_may_purge (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.restrict",
                                 steer && self->restriction == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.lift-restriction",
                                 steer && self->restriction != NULL);
}

void
_ct_case_page_install_privacy_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.make-inzage", NULL, make_inzage_action);
  gtk_widget_class_install_action (widget_class, "case.erase", NULL, erase_action);
  gtk_widget_class_install_action (widget_class, "case.restrict", NULL, restrict_action);
  gtk_widget_class_install_action (widget_class, "case.lift-restriction", NULL,
                                   restrict_action);
}

/* Drops what the page asked and has not had answered. */
void
_ct_case_page_clear_privacy (CtCasePage *self)
{
  ct_gui_clear_chooser (&self->inzage_chooser);
  g_clear_weak_pointer (&self->privacy_dialog);
  g_clear_weak_pointer (&self->erase_subject);
  g_clear_weak_pointer (&self->erase_ground);
  g_clear_weak_pointer (&self->restrict_ground);
  g_clear_weak_pointer (&self->restrict_text);
}
