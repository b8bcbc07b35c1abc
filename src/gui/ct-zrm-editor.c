/* ct-zrm-editor.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-zrm-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-gui-labels.h"
#include "ct-saving.h"
#include "ct-zrm-editor-private.h"

/* A new ZRM assessment for one case. Only the domains the professional adds
 * are scored: the Dutch DPA found recording every domain for every client
 * excessive (docs/categories.md). A domain whose category the member's role may
 * not read cannot be added: the session would refuse the score anyway.
 * The form starts with the case's own domains, unscored, and as a follow-up
 * once the case has an intake: both read in a worker, the kind, the
 * domains and Save waiting meanwhile. */

G_DEFINE_FINAL_TYPE (CtZrmEditor, ct_zrm_editor, ADW_TYPE_BIN)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *kinds[] = { "intake", "vervolg", "afsluiting" };

static void show_error (CtZrmEditor *self, const char *message);

static const CtField *
date_field (void)
{
  return ct_table_get_field (ct_schema_get_table ("zrm"), "assessed_on");
}

static gboolean
can_score (CtZrmEditor *self,
           guint        domain)
{
  return ct_session_can_read (self->session, ct_zrm_domain_category (domain));
}

static void
update_subtitle (CtZrmEditor *self,
                 guint        domain)
{
  guint score = self->scores[domain];
  g_autofree char *text = NULL;

  if (score == 0)
    text = g_strdup (_("Choose a score from 1 to 5."));
  else
    text = g_strdup_printf ("%u · %s: %s", score, ct_gui_zrm_level (score),
                            ct_gui_zrm_level_description (domain, score));
  adw_action_row_set_subtitle (self->rows[domain], text);
}

static void
score_toggled_cb (GtkToggleButton *button,
                  CtZrmEditor     *self)
{
  guint domain = 0, score = 0;

  /* The button's place in score_buttons[] is its domain and score; a
   * dropped domain's buttons are no longer there. */
  for (guint d = 0; d < CT_ZRM_N_DOMAINS && score == 0; d++)
    for (guint s = 1; s <= 5; s++)
      if (self->score_buttons[d][s - 1] == button)
        domain = d, score = s;
  if (score == 0)
    return;

  if (gtk_toggle_button_get_active (button))
    self->scores[domain] = score;
  else if (self->scores[domain] == score)
    self->scores[domain] = 0;
  update_subtitle (self, domain);
  show_error (self, NULL);
}

static GtkWidget *
score_buttons (CtZrmEditor *self,
               guint        domain)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkToggleButton *first = NULL;

  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (guint score = 1; score <= 5; score++)
    {
      g_autofree char *digit = g_strdup_printf ("%u", score);
      g_autofree char *tip = g_strdup_printf ("%u · %s: %s", score, ct_gui_zrm_level (score),
                                              ct_gui_zrm_level_description (domain, score));
      g_autofree char *label = g_strdup_printf ("%s: %u, %s", ct_gui_domain_label (domain), score,
                                                ct_gui_zrm_level (score));
      GtkWidget *button = gtk_toggle_button_new_with_label (digit);

      gtk_widget_set_tooltip_text (button, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      else
        first = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (score_toggled_cb), self);
      self->score_buttons[domain][score - 1] = GTK_TOGGLE_BUTTON (button);
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

/* The whole scale for this domain, for reading before choosing. */
static GtkWidget *
help_button (guint domain)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *label = gtk_label_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *tip = g_strdup_printf (_("The scale for %s"), ct_gui_domain_label (domain));

  for (guint score = 1; score <= 5; score++)
    {
      g_autofree char *line = g_markup_printf_escaped ("<b>%u · %s</b>\n%s", score,
                                                      ct_gui_zrm_level (score),
                                                      ct_gui_zrm_level_description (domain, score));

      g_string_append_printf (text, "%s%s", score > 1 ? "\n\n" : "", line);
    }
  gtk_label_set_markup (GTK_LABEL (label), text->str);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_popover_set_child (GTK_POPOVER (popover), label);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "help-about-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  return button;
}

static GtkWidget *
remove_button (guint domain)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *label = g_strdup_printf (_("Remove %s"), ct_gui_domain_label (domain));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "zrm.remove-domain");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", domain);
  return button;
}

static void
add_domain (CtZrmEditor *self,
            guint        domain)
{
  GtkWidget *row;

  if (domain >= CT_ZRM_N_DOMAINS || self->rows[domain] != NULL || !can_score (self, domain))
    return;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ct_gui_domain_label (domain));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), score_buttons (self, domain));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), help_button (domain));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button (domain));
  self->rows[domain] = ADW_ACTION_ROW (row);
  self->scores[domain] = 0;
  update_subtitle (self, domain);
  gtk_list_box_append (self->domains_list, row);
  show_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->add_buttons[domain]), FALSE);
}

static void
add_domain_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CtZrmEditor *self = CT_ZRM_EDITOR (widget);

  add_domain (self, g_variant_get_uint32 (parameter));
  gtk_menu_button_popdown (self->add_domain_button);
}

static void
drop_domain (CtZrmEditor *self,
             guint        domain)
{
  if (self->rows[domain] == NULL)
    return;
  gtk_list_box_remove (self->domains_list, GTK_WIDGET (self->rows[domain]));
  self->rows[domain] = NULL;
  self->scores[domain] = 0;
  memset (self->score_buttons[domain], 0, sizeof self->score_buttons[domain]);
  gtk_widget_set_visible (GTK_WIDGET (self->add_buttons[domain]), TRUE);
}

static void
remove_domain_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  guint domain = g_variant_get_uint32 (parameter);

  if (domain < CT_ZRM_N_DOMAINS)
    drop_domain (CT_ZRM_EDITOR (widget), domain);
}

static void
show_error (CtZrmEditor *self,
            const char  *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
}

/* The date as the other pages take it: "31-03-2026" in Dutch, or ISO. */
static gboolean
read_date (CtZrmEditor *self,
           CtRecord    *record)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *date = ct_gui_field_from_text (date_field (), text, &error);

  if (date == NULL)
    {
      show_error (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
      return FALSE;
    }
  ct_record_set (record, "assessed_on", date);
  return TRUE;
}

/* Returns: a record to insert, or NULL with the reason shown */
static CtRecord *
build_record (CtZrmEditor *self)
{
  g_autoptr(CtRecord) record = ct_record_new ("zrm");
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint assessor = adw_combo_row_get_selected (self->assessor_row);
  gboolean any = FALSE;

  if (!read_date (self, record))
    return NULL;
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      g_autofree char *message = NULL;

      if (self->rows[d] == NULL)
        continue;
      if (self->scores[d] == 0)
        {
          message = g_strdup_printf (_("%s: choose a score from 1 to 5, or remove the domain."),
                                     ct_gui_domain_label (d));
          show_error (self, message);
          return NULL;
        }
      ct_record_set_int (record, ct_zrm_domains[d], self->scores[d]);
      any = TRUE;
    }
  if (!any)
    {
      show_error (self, _("Add at least one domain and score it."));
      return NULL;
    }

  ct_record_set_int (record, "case_id", self->case_id);
  ct_record_set (record, "kind", kinds[MIN (kind, G_N_ELEMENTS (kinds) - 1)]);
  if (assessor < self->assessor_ids->len)
    ct_record_set_int (record, "assessor", g_array_index (self->assessor_ids, gint64, assessor));
  return g_steal_pointer (&record);
}

/* What the worker read of the case: whether it has an intake, and the
 * domains it is about. */
typedef struct
{
  gboolean has_intake;
  char *domains;
} CaseRead;

static void
case_read_free (gpointer data)
{
  CaseRead *read = data;

  g_free (read->domains);
  g_free (read);
}

/* In a worker, with a reader of the session (its reads logged by the
 * session before they are handed out). A case or an assessment that
 * cannot be read leaves the form as for a new case. */
static gpointer
read_case (CtSession     *reader,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  gint64 case_id = (gint64) GPOINTER_TO_SIZE (data);
  g_autoptr(GPtrArray) assessments = ct_session_list (reader, "zrm", "case_id", case_id, NULL);
  g_autoptr(CtRecord) kase = ct_session_get (reader, "cases", case_id, NULL);
  CaseRead *read = g_new0 (CaseRead, 1);

  /* A case with an intake is measured again as a follow-up: a second
   * "intake" would become the baseline the evaluation compares with. */
  for (guint i = 0; assessments != NULL && i < assessments->len && !read->has_intake; i++)
    read->has_intake = g_strcmp0 (ct_record_get (g_ptr_array_index (assessments, i), "kind"),
                                  "intake") == 0;
  read->domains = kase != NULL ? ct_case_dup_domains (kase) : NULL;
  return read;
}

/* The domains the case is about, as far as this member may score them. */
static void
add_case_domains (CtZrmEditor *self,
                  const char  *domains)
{
  g_auto(GStrv) names = g_strsplit (domains != NULL ? domains : "", ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
      if (g_str_equal (g_strstrip (names[i]), ct_zrm_domains[d]) && can_score (self, d))
        add_domain (self, d);
}

/* The kind, the domains and Save wait while the case is read. */
static void
set_reading (CtZrmEditor *self,
             gboolean     reading)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), !reading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_domain_button), !reading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "zrm.save", !reading && !self->saving);
}

static void
case_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CtZrmEditor *self;
  g_autoptr(GError) error = NULL;
  CaseRead *read = ct_session_read_finish (CT_SESSION (source), result, &error);

  /* Cancelled: the editor went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->reading);
  set_reading (self, FALSE);
  /* Not read: the form as for a new case, as when nothing was there. */
  if (read == NULL)
    {
      if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
        show_error (self, error->message);
      return;
    }
  adw_combo_row_set_selected (self->kind_row, read->has_intake ? 1 : 0);
  add_case_domains (self, read->domains);
  case_read_free (read);
}

static void
cancel_reading (CtZrmEditor *self)
{
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
}

/* An empty form for today; the kind and the case's domains follow once
 * the case is read. */
static void
reset_form (CtZrmEditor *self)
{
  g_autofree char *iso_today = ct_gui_today ();
  g_autofree char *today = ct_gui_field_to_text (date_field (), iso_today);

  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    drop_domain (self, d);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  show_error (self, NULL);
  cancel_reading (self);
  self->reading = g_cancellable_new ();
  set_reading (self, TRUE);
  ct_session_read_async (self->session, read_case, GSIZE_TO_POINTER (self->case_id),
                         case_read_free, self->reading, case_read_cb, self);
}

static gboolean
insert_assessment (CtSession *session,
                   gpointer   data,
                   GError   **error)
{
  return ct_session_insert (session, data, error) > 0;
}

/* Back from the session's write queue: the form ready for the next
 * measurement, or the error under it as before. The editor is a weak
 * reference (ct_saving_write()): one gone meanwhile is not touched; a
 * lock says nothing. */
static void
assessment_written_cb (gpointer      owner,
                       CtSession    *session,
                       GAsyncResult *result)
{
  CtZrmEditor *self = owner;
  CtRecord *record = ct_session_write_get_data (result);
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);

  if (self == NULL || self->session == NULL)
    return;
  self->saving = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "zrm.save", TRUE);
  if (!ok)
    {
      if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
        show_error (self, error->message);
      return;
    }
  reset_form (self);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Assessment saved")));
  g_signal_emit (self, signals[SAVED], 0, ct_record_get_id (record));
}

/* The form read into a record, then written through the session's write
 * queue: "Saving…" on the button meanwhile (ct-saving.c). */
static void
save_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  CtZrmEditor *self = CT_ZRM_EDITOR (widget);
  g_autoptr(CtRecord) record = NULL;

  if (self->saving || self->reading != NULL || (record = build_record (self)) == NULL)
    return;

  self->saving = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "zrm.save", FALSE);
  ct_saving_write (self, self->session, insert_assessment, g_steal_pointer (&record),
                   (GDestroyNotify) ct_record_unref, GTK_WIDGET (self->save_button), NULL,
                   assessment_written_cb);
}

static void
fill_add_menu (CtZrmEditor *self)
{
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      gboolean readable = can_score (self, d);
      g_autofree char *text = readable
        ? g_strdup (ct_gui_domain_label (d))
        : g_strdup_printf (_("%s — Restricted"), ct_gui_domain_label (d));
      GtkWidget *button = gtk_button_new_with_label (text);

      gtk_widget_add_css_class (button, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
      /* No action on a restricted domain: an action's helper would make
       * the button sensitive again. */
      if (readable)
        {
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "zrm.add-domain");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", d);
        }
      else
        {
          gtk_widget_set_sensitive (button, FALSE);
          gtk_widget_set_tooltip_text (button, _("Your role may not see or score this domain."));
        }
      self->add_buttons[d] = GTK_BUTTON (button);
      gtk_box_append (self->add_domain_box, button);
    }
}

static void
fill_assessors (CtZrmEditor *self)
{
  g_autoptr(GPtrArray) members = ct_gui_list_members (self->session);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 own = ct_session_get_member_id (self->session);
  guint selected = 0;

  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *ref = g_ptr_array_index (members, i);

      gtk_string_list_append (names, ref->display_name);
      g_array_append_val (self->assessor_ids, ref->id);
      if (ref->id == own)
        selected = i;
    }
  adw_combo_row_set_model (self->assessor_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->assessor_row, selected);
}

static void
ct_zrm_editor_dispose (GObject *object)
{
  CtZrmEditor *self = CT_ZRM_EDITOR (object);

  cancel_reading (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->assessor_ids, g_array_unref);
  G_OBJECT_CLASS (ct_zrm_editor_parent_class)->dispose (object);
}

static void
ct_zrm_editor_class_init (CtZrmEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_zrm_editor_dispose;

  /**
   * CtZrmEditor::saved:
   * @id: the new assessment's record id
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-zrm-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CtZrmEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CtZrmEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CtZrmEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, CtZrmEditor, assessor_row);
  gtk_widget_class_bind_template_child (widget_class, CtZrmEditor, add_domain_button);
  gtk_widget_class_bind_template_child (widget_class, CtZrmEditor, add_domain_box);
  gtk_widget_class_bind_template_child (widget_class, CtZrmEditor, domains_list);
  gtk_widget_class_bind_template_child (widget_class, CtZrmEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CtZrmEditor, save_button);

  gtk_widget_class_install_action (widget_class, "zrm.add-domain", "u", add_domain_cb);
  gtk_widget_class_install_action (widget_class, "zrm.remove-domain", "u", remove_domain_cb);
  gtk_widget_class_install_action (widget_class, "zrm.save", NULL, save_cb);
}

static void
ct_zrm_editor_init (CtZrmEditor *self)
{
  g_autofree char *date_title = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The hint follows the translated date format, so it is set here. */
  date_title = ct_gui_date_title (_(date_field ()->label));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), date_title);
  self->assessor_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * ct_zrm_editor_new:
 * @session: an unlocked session
 * @case_id: the case the assessment is for
 *
 * Returns: (transfer floating): an editor for a new assessment; emits
 *   #CtZrmEditor::saved after each one it stores
 */
GtkWidget *
ct_zrm_editor_new (CtSession *session,
                   gint64     case_id)
{
  CtZrmEditor *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_id > 0, NULL);

  self = g_object_new (CT_TYPE_ZRM_EDITOR, NULL);
  self->session = g_object_ref (session);
  self->case_id = case_id;
  fill_add_menu (self);
  fill_assessors (self);
  reset_form (self);
  return GTK_WIDGET (self);
}
