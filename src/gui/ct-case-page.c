/* ct-case-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A household and its case, one section per category. A section whose
 * category the member may not read says only that it is restricted and
 * which roles can see it: no count, no length, no hint of whether there
 * is anything at all. Editing happens in place; every field is checked
 * with the core's own rules before anything is stored, and a save stores
 * everything or nothing. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-page-private.h"
#include "ct-clipboard.h"
#include "ct-field-editor.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-log-view.h"
#include "ct-money.h"
#include "ct-plan-view.h"
#include "ct-window.h"
#include "ct-zrm-chart.h"
#include "ct-zrm-editor.h"

G_DEFINE_FINAL_TYPE (CtCasePage, ct_case_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_EDITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ERASED,
  RESTRICTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The categories with a section of household fields, in page order. */
static const CtCategory household_sections[] = {
  CT_CATEGORY_HEALTH, CT_CATEGORY_JUSTICE, CT_CATEGORY_FINANCE, CT_CATEGORY_YOUTH,
  CT_CATEGORY_HOUSING, CT_CATEGORY_WORK,
};

static const char * const case_fields[] = {
  "status", "regisseur", "referral_date", "referred_by", "question", "summary", "domains", "outcome",
  "closed_on", NULL,
};

static const char * const person_fields[] = {
  "first_name", "last_name", "bsn", "birth_date", "sex", "relation", "street",
  "house_number", "postcode", "city", "phone", "email", NULL,
};

CtFieldEditor *
_ct_case_page_find_editor (CtCasePage *self,
                           const char *table,
                           const char *field)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);

      if (g_str_equal (ct_record_get_table (editor->record)->name, table)
          && g_str_equal (editor->field->name, field))
        return editor;
    }
  return NULL;
}

/* Closing a case asks for its outcome and closing date; they show when
 * the status is Closed, or when they hold a value. */
static void
update_closing_rows (CtCasePage *self)
{
  CtFieldEditor *status = _ct_case_page_find_editor (self, "cases", "status");
  g_autofree char *value = status != NULL ? ct_field_editor_get_text (status) : NULL;
  gboolean closed = g_strcmp0 (value, "afgesloten") == 0;
  const char * const closing[] = { "outcome", "closed_on" };

  for (guint i = 0; i < G_N_ELEMENTS (closing); i++)
    {
      CtFieldEditor *editor = _ct_case_page_find_editor (self, "cases", closing[i]);
      g_autofree char *text = NULL;

      if (editor == NULL)
        continue;
      text = ct_field_editor_get_text (editor);
      gtk_widget_set_visible (editor->row, closed || text[0] != '\0');
    }
}

static void
status_changed_cb (CtCasePage *self)
{
  CtFieldEditor *closed_on = _ct_case_page_find_editor (self, "cases", "closed_on");
  CtFieldEditor *status = _ct_case_page_find_editor (self, "cases", "status");
  g_autofree char *value = NULL;

  if (self->filling || status == NULL)
    return;

  value = ct_field_editor_get_text (status);
  if (self->editing && closed_on != NULL && g_str_equal (value, "afgesloten")
      && gtk_editable_get_text (GTK_EDITABLE (closed_on->editable))[0] == '\0')
    {
      g_autofree char *today = ct_gui_today ();
      g_autofree char *text = ct_gui_field_to_text (closed_on->field, today);

      gtk_editable_set_text (GTK_EDITABLE (closed_on->editable), text);
    }
  update_closing_rows (self);
}

static void
copy_bsn_cb (GtkButton     *button,
             CtFieldEditor *editor)
{
  const char *bsn = ct_record_get (editor->record, "bsn");
  CtCasePage *self = g_object_get_data (G_OBJECT (button), "case-page");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  if (bsn == NULL)
    return;

  ct_clipboard_set_team_secret (gtk_widget_get_clipboard (GTK_WIDGET (button)), bsn,
                                self->clipboard_clear_ms);
  if (CT_IS_WINDOW (root))
    ct_window_show_toast (CT_WINDOW (root), _("Copied; the clipboard is cleared in 30 seconds"));
}

/* Rows */

typedef void (*AddRow) (gpointer container, GtkWidget *row);

static void
add_to_group (gpointer   group,
              GtkWidget *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_to_expander (gpointer   expander,
                 GtkWidget *row)
{
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
}

static CtFieldEditor *
add_field (CtCasePage *self,
           gpointer    container,
           AddRow      add,
           CtRecord   *record,
           const char *name)
{
  CtFieldEditor *editor = ct_field_editor_new (ct_table_get_field (ct_record_get_table (record),
                                                                   name), record);

  if (editor->member_ids != NULL)
    ct_field_editor_set_members (editor, self->members);
  else if (ADW_IS_COMBO_ROW (editor->row))
    g_signal_connect_swapped (editor->row, "notify::selected", G_CALLBACK (status_changed_cb), self);
  add (container, editor->row);
  add (container, editor->error_row);
  _ct_case_page_add_conflict_rows (self, container, add, record, editor->field);
  g_ptr_array_add (self->editors, editor);

  return editor;
}

static AdwPreferencesGroup *
add_group (CtCasePage *self,
           const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (self->preferences_page, ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->groups, group);
  return ADW_PREFERENCES_GROUP (group);
}

/* A flat button at the end of a group's heading, or of a row. */
static GtkWidget *
action_button_new (const char *label,
                   const char *action,
                   GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static char *
roles_allowed (CtSession  *session,
               CtCategory  category)
{
  GString *roles = g_string_new (NULL);

  for (CtRole role = 0; role < CT_N_ROLES; role++)
    if (ct_session_policy_allows (session, role, category))
      g_string_append_printf (roles, "%s%s", roles->len ? _(", ") : "",
                              ct_role_get_display_name (role));
  return g_string_free (roles, FALSE);
}

/* Only the fact and who may see it: nothing about what is there. */
static void
add_restricted_group (CtCasePage *self,
                      CtCategory  category)
{
  AdwPreferencesGroup *group = add_group (self, ct_category_get_display_name (category));
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *roles = roles_allowed (self->session, category);
  g_autofree char *who = roles[0] ? g_strdup_printf (_("Visible to: %s"), roles)
                                  : g_strdup (_("No role may see this at present."));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Restricted"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), who);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("system-lock-screen-symbolic"));
  gtk_widget_add_css_class (row, "restricted");
  adw_preferences_group_add (group, row);
}

/* A case referred within twelve months of the household's previous one
 * is a repeat (docs/categories.md): said under the case number. */
static void
add_repeat_row (CtCasePage          *self,
                AdwPreferencesGroup *group)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) previous = ct_session_get_repeat_of (self->session, self->case_record,
                                                           &error);
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (previous == NULL)
    {
      if (error != NULL)
        g_warning ("Looking for the previous case failed: %s", error->message);
      return;
    }
  date = ct_gui_format_date (ct_record_get (previous, "referral_date"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Repeat referral"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Translators: under "Repeat referral"; a case number, then its date */
  subtitle = g_strdup_printf (_("Within twelve months of the household’s case %s, referred on %s"),
                              ct_record_get (previous, "number") ?: "?", date);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("view-refresh-symbolic"));
  gtk_widget_set_name (row, "repeat-referral");
  adw_preferences_group_add (group, row);
}

static void
add_case_group (CtCasePage *self)
{
  AdwPreferencesGroup *group = add_group (self, _("Case"));
  CtFieldEditor *number = add_field (self, group, add_to_group, self->case_record, "number");

  number->read_only = TRUE;
  add_repeat_row (self, group);
  add_field (self, group, add_to_group, self->household, "area");
  for (guint i = 0; case_fields[i] != NULL; i++)
    add_field (self, group, add_to_group, self->case_record, case_fields[i]);

  /* The parts of the categories this member may read, and only those
   * (docs/categories.md): a part one may not read is not even named. */
  for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
    {
      CtCategory c = ct_fact_categories[k];

      if (self->limited || !ct_session_can_read (self->session, c))
        continue;
      for (guint b = 0; b < 3; b++)
        {
          static const char * const bases[] = { "question", "summary", "domains" };
          g_autofree char *name = ct_case_part_field (bases[b], c);

          add_field (self, group, add_to_group, self->case_record, name);
        }
    }
}

/* Whether this member lacks a category whose facts could be about a
 * household: a sentence that says so depends on the role only. */
static gboolean
lacks_a_category (CtSession *session)
{
  for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
    if (!ct_session_can_read (session, ct_fact_categories[k]))
      return TRUE;
  return FALSE;
}

static void
add_bsn_copy_button (CtCasePage    *self,
                     CtFieldEditor *editor)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Copy the BSN"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the BSN"), -1);
  g_object_set_data (G_OBJECT (button), "case-page", self);
  g_signal_connect (button, "clicked", G_CALLBACK (copy_bsn_cb), editor);
  gtk_widget_set_visible (button, ct_record_get (editor->record, "bsn") != NULL);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (editor->row), button);
}

static char *
person_title (CtRecord *person)
{
  return g_strstrip (g_strdup_printf ("%s %s", ct_record_get (person, "first_name") ?: "",
                                      ct_record_get (person, "last_name") ?: ""));
}

static void
add_persons_group (CtCasePage *self)
{
  AdwPreferencesGroup *group;

  if (!ct_session_can_read (self->session, CT_CATEGORY_IDENTITY))
    {
      add_restricted_group (self, CT_CATEGORY_IDENTITY);
      return;
    }

  group = add_group (self, _("Persons"));
  adw_preferences_group_set_header_suffix (group, action_button_new (_("Add Person…"),
                                                                     "case.add-person", NULL));
  for (guint i = 0; i < self->persons->len; i++)
    {
      CtRecord *person = g_ptr_array_index (self->persons, i);
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *title = person_title (person);
      g_autofree char *correct_name = NULL;
      const char *relation = ct_record_get (person, "relation");
      GtkWidget *correct;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      if (relation != NULL)
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                       ct_gui_enum_label (NULL, relation));
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), i == 0);
      correct = action_button_new (_("Correct…"), "case.rectify-person",
                                   g_variant_new_int64 (ct_record_get_id (person)));
      /* Translators: the accessible name of a person's "Correct…" button */
      correct_name = g_strdup_printf (_("Correct the data of %s on request"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (correct), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      correct_name, -1);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), correct);
      adw_preferences_group_add (group, expander);

      for (guint j = 0; person_fields[j] != NULL; j++)
        {
          CtFieldEditor *editor = add_field (self, expander, add_to_expander, person,
                                             person_fields[j]);

          if (g_str_equal (person_fields[j], "bsn"))
            add_bsn_copy_button (self, editor);
        }
    }
}

static void
add_household_groups (CtCasePage *self)
{
  const CtTable *table = ct_record_get_table (self->household);

  for (guint i = 0; i < G_N_ELEMENTS (household_sections); i++)
    {
      CtCategory category = household_sections[i];
      AdwPreferencesGroup *group;

      if (!ct_session_can_read (self->session, category))
        {
          add_restricted_group (self, category);
          continue;
        }

      group = add_group (self, ct_category_get_display_name (category));
      for (guint j = 0; j < table->n_fields; j++)
        if (table->fields[j].category == category)
          add_field (self, group, add_to_group, self->household, table->fields[j].name);
    }
}

static gboolean
is_active (CtRecord   *organisation,
           const char *today)
{
  const char *until = ct_record_get (organisation, "until");

  return until == NULL || g_strcmp0 (until, today) >= 0;
}

static void
add_organisations_group (CtCasePage *self,
                         GPtrArray  *organisations)
{
  AdwPreferencesGroup *group = add_group (self, _("Involved Organisations"));
  g_autofree char *today = ct_gui_today ();
  g_autofree char *cost = NULL;
  g_autofree char *summary = NULL;
  gint64 total = 0;
  guint n = 0;

  for (guint i = 0; i < organisations->len; i++)
    {
      CtRecord *organisation = g_ptr_array_index (organisations, i);
      const char *type = ct_record_get (organisation, "type");
      GtkWidget *row;

      if (!is_active (organisation, today))
        continue;

      n++;
      total += ct_record_get_int (organisation, "yearly_cost_cents");
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     ct_record_get (organisation, "name") ?: "");
      if (ct_record_get (organisation, "until") != NULL)
        {
          g_autofree char *date = ct_gui_format_date (ct_record_get (organisation, "until"));
          g_autofree char *subtitle = g_strdup_printf (_("%s, until %s"),
                                                       ct_gui_enum_label (NULL, type ?: ""), date);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      else if (type != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ct_gui_enum_label (NULL, type));
      if (ct_record_get (organisation, "yearly_cost_cents") != NULL)
        {
          gint64 cents = ct_record_get_int (organisation, "yearly_cost_cents");
          g_autofree char *amount = ct_money_format (cents, CT_MONEY_CENTS_IF_ANY);
          GtkWidget *label = gtk_label_new (amount);

          gtk_widget_add_css_class (label, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      if (ct_record_get (organisation, "until") == NULL)
        {
          GVariant *id = g_variant_new_int64 (ct_record_get_id (organisation));

          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     action_button_new (_("End Involvement…"),
                                                        "case.end-involvement", id));
        }
      adw_preferences_group_add (group, row);
    }

  cost = ct_money_format (total, CT_MONEY_CENTS_IF_ANY);
  if (n == 0 && lacks_a_category (self->session))
    summary = g_strdup (_("No involved organisations are visible to your role."));
  else if (n == 0)
    summary = g_strdup (_("No organisations are involved at present."));
  else
    /* Translators: "12 organisations, € 84,000 a year": helpers around the household */
    summary = g_strdup_printf (ngettext ("%u organisation, %s a year",
                                         "%u organisations, %s a year", n), n, cost);
  /* Totals over what this member may read; the sentence never depends on
   * whether this household has any such involvement (docs/categories.md). */
  if (lacks_a_category (self->session))
    {
      g_autofree char *full = g_strdup_printf ("%s\n%s", summary,
                                               _("Involvements of categories your role may not "
                                                 "read are not shown or counted."));

      g_free (summary);
      summary = g_steal_pointer (&full);
    }
  adw_preferences_group_set_description (group, summary);
  adw_preferences_group_set_header_suffix (group, action_button_new (_("Add Organisation…"),
                                                                     "case.add-organisation",
                                                                     NULL));
}

static GtkWidget *
consent_row_new (CtCasePage *self,
                 CtCategory  category,
                 CtRecord   *latest)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;
  g_autofree char *date = NULL;
  GVariant *id = latest != NULL ? g_variant_new_int64 (ct_record_get_id (latest)) : NULL;

  if (latest == NULL)
    subtitle = g_strdup (_("Not recorded"));
  else if (ct_record_get (latest, "withdrawn_on") != NULL)
    {
      date = ct_gui_format_date (ct_record_get (latest, "withdrawn_on"));
      subtitle = g_strdup_printf (_("Withdrawn on %s"), date);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button_new (_("Reinstate…"), "case.reinstate-consent",
                                                    id));
    }
  else
    {
      date = ct_gui_format_date (ct_record_get (latest, "given_on"));
      subtitle = g_strdup_printf (_("%s since %s, for: %s"),
                                  ct_gui_enum_label (NULL, ct_record_get (latest, "basis") ?: ""),
                                  date,
                                  ct_gui_enum_label (NULL, ct_record_get (latest, "purpose") ?: ""));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button_new (_("Edit…"), "case.edit-consent",
                                                    g_variant_ref_sink (id)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button_new (_("Withdraw…"), "case.withdraw-consent", id));
      g_variant_unref (id);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 ct_category_get_display_name (category));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* The latest consent for each category this member may read; withdrawn
 * ones say so. The session hands out no consent of another category
 * (docs/categories.md), so those are not listed as "not recorded" either. */
static void
add_consent_group (CtCasePage *self,
                   GPtrArray  *consents)
{
  AdwPreferencesGroup *group = add_group (self, _("Consent"));

  adw_preferences_group_set_header_suffix (group, action_button_new (_("Record Consent…"),
                                                                     "case.record-consent",
                                                                     NULL));
  if (lacks_a_category (self->session)
      || !ct_session_can_read (self->session, CT_CATEGORY_IDENTITY))
    adw_preferences_group_set_description (group, _("Consent for categories your role may not "
                                                    "read is not shown."));

  for (CtCategory category = 0; category < CT_N_CATEGORIES; category++)
    {
      CtRecord *latest = NULL;

      if (!ct_session_can_read (self->session, category))
        continue;
      for (guint i = 0; i < consents->len; i++)
        {
          CtRecord *consent = g_ptr_array_index (consents, i);

          if (ct_category_from_string (ct_record_get (consent, "category")) == category
              && (latest == NULL || g_strcmp0 (ct_record_get (consent, "given_on"),
                                               ct_record_get (latest, "given_on")) >= 0))
            latest = consent;
        }
      adw_preferences_group_add (group, consent_row_new (self, category, latest));
    }
}

static void
show_toast (CtCasePage *self,
            const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CT_IS_WINDOW (root))
    ct_window_show_toast (CT_WINDOW (root), message);
}

static void
zrm_saved_cb (CtCasePage *self)
{
  if (self->zrm_window != NULL)
    gtk_window_destroy (self->zrm_window);
  if (self->zrm_chart != NULL)
    ct_zrm_chart_reload (CT_ZRM_CHART (self->zrm_chart));
  show_toast (self, _("Assessment saved"));
}

static void
score_zrm_cb (CtCasePage *self)
{
  GtkWidget *window, *box, *editor;

  if (self->zrm_window != NULL)
    {
      gtk_window_present (self->zrm_window);
      return;
    }

  window = adw_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  editor = ct_zrm_editor_new (self->session, ct_record_get_id (self->case_record));
  gtk_window_set_title (GTK_WINDOW (window), _("Score ZRM"));
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 620, 720);
  gtk_widget_set_vexpand (editor, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), editor);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_signal_connect_object (editor, "saved", G_CALLBACK (zrm_saved_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->zrm_window, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

/* Intake against the latest assessment; the chart leaves out the domains
 * this member may not read, and says so. */
static void
add_zrm_group (CtCasePage *self)
{
  AdwPreferencesGroup *group = add_group (self, _("Self-Sufficiency (ZRM)"));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Score ZRM…"));

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", G_CALLBACK (score_zrm_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (group, button);
  self->zrm_chart = ct_zrm_chart_new (self->session, ct_record_get_id (self->case_record));
  adw_preferences_group_add (group, self->zrm_chart);
}

static void
add_plan_group (CtCasePage *self)
{
  AdwPreferencesGroup *group = add_group (self, _("Plan"));

  self->plan_view = ct_plan_view_new (self->session, ct_record_get_id (self->household));
  /* A section that grows with its goals; the case page scrolls. */
  ct_plan_view_set_embedded (CT_PLAN_VIEW (self->plan_view), TRUE);
  adw_preferences_group_add (group, self->plan_view);
}

/* Who saw this household, from the access log: ids and times, no names. */
static void
show_household_log_cb (CtCasePage *self)
{
  GtkWidget *window, *box, *view;
  g_autofree char *title = NULL;

  if (self->log_window != NULL)
    {
      gtk_window_present (self->log_window);
      return;
    }

  window = adw_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  view = ct_log_view_new_for_household (self->session, ct_record_get_id (self->household));
  /* Translators: the title of a window; %s is a case number such as 2026-0001 */
  title = g_strdup_printf (_("Who Saw Case %s"), ct_record_get (self->case_record, "number"));
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_set_weak_pointer (&self->log_window, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

/* Outside involvement: the case's general fields, and a way in. */
static void
add_limited_group (CtCasePage *self)
{
  AdwPreferencesGroup *group = add_group (self, _("Limited View"));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Look Anyway…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 _("You are not involved in this household"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("You see its case number, area, status and general fields. "
                                 "Looking anyway is logged with your reason and shown to its "
                                 "regisseur and the beheerder."));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("system-lock-screen-symbolic"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.look-anyway");
  gtk_widget_set_name (row, "limited-view");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (group, row);
}

/* Every "Look anyway" at this household: who, when, why. */
static void
add_glass_rows (CtCasePage          *self,
                AdwPreferencesGroup *group)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) breaks = ct_session_list_glass_breaks (self->session,
                                                              ct_record_get_id (self->household),
                                                              &error);

  if (breaks == NULL)
    {
      g_warning ("Reading who looked anyway failed: %s", error->message);
      return;
    }
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
      adw_preferences_group_add (group, row);
    }
}

/* Only for whom the core lets read it: a beheerder, the household's
 * regisseur. */
static void
add_access_group (CtCasePage *self)
{
  AdwPreferencesGroup *group;
  GtkWidget *row, *button;

  if (!ct_session_may_read_household_log (self->session, ct_record_get_id (self->household)))
    return;

  group = add_group (self, _("Access Log"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Who saw this household"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Every view, change and export of this household, with when "
                                 "and why"));
  button = gtk_button_new_with_mnemonic (_("_Show…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", G_CALLBACK (show_household_log_cb), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (group, row);
  add_glass_rows (self, group);
}

static void
remove_groups (CtCasePage *self)
{
  if (self->log_window != NULL)
    gtk_window_destroy (self->log_window);
  if (self->zrm_window != NULL)
    gtk_window_destroy (self->zrm_window);
  self->zrm_chart = NULL;
  self->plan_view = NULL;
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->preferences_page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_ptr_array_set_size (self->editors, 0);
}

/* Reading a case again after a dialog saved keeps that dialog: it
 * closes itself once its "saved" handlers have run. */
static void
clear_case (CtCasePage *self)
{
  remove_groups (self);
  g_clear_pointer (&self->case_record, ct_record_unref);
  g_clear_pointer (&self->household, ct_record_unref);
  g_clear_pointer (&self->persons, g_ptr_array_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_hash_table_unref);
  g_clear_pointer (&self->restriction, ct_restriction_free);
  _ct_case_page_clear_privacy (self);
  _ct_case_page_clear_involve (self);
  g_clear_object (&self->session);
  if (self->editing)
    {
      self->editing = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
    }
  _ct_case_page_update_actions (self);
}

static void
show_values (CtCasePage *self)
{
  self->filling = TRUE;
  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);

      ct_field_editor_set_editing (editor, self->editing);
      ct_field_editor_show_value (editor, ct_record_get (editor->record, editor->field->name),
                                  self->editing);
      g_clear_pointer (&editor->initial, g_free);
      if (self->editing)
        editor->initial = ct_field_editor_get_text (editor);
    }
  self->filling = FALSE;
  update_closing_rows (self);
}

/* Saving */

/* Checks every changed field and puts the valid ones in @patch; returns
 * how many are wrong. */
static guint
collect_changes (CtCasePage  *self,
                 CtCasePatch *patch)
{
  guint n_errors = 0;
  CtFieldEditor *first = NULL;

  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *text = NULL;
      g_autofree char *value = NULL;
      g_autoptr(GError) field_error = NULL;

      ct_field_editor_set_error (editor, NULL);
      if (editor->read_only || !gtk_widget_get_visible (editor->row))
        continue;
      text = ct_field_editor_get_text (editor);
      if (g_strcmp0 (text, editor->initial) == 0)
        continue;

      value = ct_gui_field_from_text (editor->field, text, &field_error);
      if (value == NULL)
        {
          ct_field_editor_set_error (editor, field_error->message);
          first = first != NULL ? first : editor;
          n_errors++;
          continue;
        }
      ct_case_patch_set (patch, editor->record, editor->field->name, value);
    }

  if (first != NULL)
    gtk_widget_grab_focus (ct_field_editor_get_focus (first));
  return n_errors;
}

/* The first editable editor of the field @error names; never found from
 * the message, which is translated. */
static CtFieldEditor *
find_error_editor (CtCasePage   *self,
                   const GError *error)
{
  const char *table = ct_error_get_table (error);
  const char *field = ct_error_get_field (error);

  if (!g_error_matches (error, CT_ERROR, CT_ERROR_INVALID_FIELD) || table == NULL || field == NULL)
    return NULL;

  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);

      if (!editor->read_only && g_str_equal (editor->field->name, field)
          && g_str_equal (ct_record_get_table (editor->record)->name, table))
        return editor;
    }
  return NULL;
}

static void
show_error (CtCasePage *self,
            GError     *error)
{
  CtFieldEditor *editor = find_error_editor (self, error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (editor != NULL)
    {
      gtk_widget_set_visible (editor->row, TRUE);
      ct_field_editor_set_error (editor, error->message);
      gtk_widget_grab_focus (ct_field_editor_get_focus (editor));
    }
  else if (CT_IS_WINDOW (root))
    ct_window_show_toast (CT_WINDOW (root), error->message);
}

static void
ct_case_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CtCasePage *self = CT_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_EDITING:
      g_value_set_boolean (value, self->editing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_case_page_dispose (GObject *object)
{
  CtCasePage *self = CT_CASE_PAGE (object);

  ct_case_page_clear (self);
  g_clear_weak_pointer (&self->zrm_window);
  g_clear_weak_pointer (&self->glass_reason);
  g_clear_weak_pointer (&self->glass_text);

  G_OBJECT_CLASS (ct_case_page_parent_class)->dispose (object);
}

static void
ct_case_page_finalize (GObject *object)
{
  CtCasePage *self = CT_CASE_PAGE (object);

  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);

  G_OBJECT_CLASS (ct_case_page_parent_class)->finalize (object);
}

static void
ct_case_page_class_init (CtCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ct_case_page_get_property;
  object_class->dispose = ct_case_page_dispose;
  object_class->finalize = ct_case_page_finalize;

  properties[PROP_EDITING] =
    g_param_spec_boolean ("editing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CtCasePage::erased:
   * @household: whether the whole household went; the page is empty then
   *
   * A person or the household was erased on request: the case list may
   * show a name or a case that is gone.
   */
  signals[ERASED] =
    g_signal_new ("erased", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * CtCasePage::restriction-changed:
   *
   * The household's processing was restricted or the restriction lifted:
   * the case list tags it, and editing is offered or not.
   */
  signals[RESTRICTION_CHANGED] =
    g_signal_new ("restriction-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtCasePage, preferences_page);
  _ct_case_page_install_actions (widget_class);
  _ct_case_page_install_conflict_action (widget_class);
  _ct_case_page_install_privacy_actions (widget_class);
  _ct_case_page_install_involve_actions (widget_class);
}

static void
ct_case_page_init (CtCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_field_editor_free);
  self->groups = g_ptr_array_new ();
  self->clipboard_clear_ms = CT_CASE_PAGE_CLIPBOARD_CLEAR_MS;
}

/**
 * ct_case_page_load:
 *
 * Reads the case, its household, persons, organisations and consent with
 * ct_case_load(), and builds the page for what this member may read.
 */
gboolean
ct_case_page_load (CtCasePage  *self,
                   CtSession   *session,
                   gint64       case_id,
                   GError     **error)
{
  g_autoptr(CtCaseView) view = NULL;
  gint64 household_id;

  g_return_val_if_fail (CT_IS_CASE_PAGE (self), FALSE);
  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if ((view = ct_case_load (session, case_id, error)) == NULL)
    return FALSE;
  household_id = ct_record_get_int (view->case_record, "household_id");

  clear_case (self);
  self->session = g_object_ref (session);
  self->case_record = g_steal_pointer (&view->case_record);
  self->household = g_steal_pointer (&view->household);
  self->persons = g_steal_pointer (&view->persons);
  self->members = ct_gui_list_members (session);

  /* Outside involvement the core hands out none of the rest. */
  self->limited = !ct_session_is_involved (session, household_id, NULL);
  self->restriction = ct_session_get_restriction (session, household_id, NULL);
  _ct_case_page_load_conflicts (self);
  if (self->restriction != NULL)
    _ct_case_page_add_restriction_group (self);
  if (self->limited)
    add_limited_group (self);
  add_case_group (self);
  if (!self->limited)
    {
      add_zrm_group (self);
      add_plan_group (self);
      add_persons_group (self);
      add_household_groups (self);
      add_organisations_group (self, view->organisations);
      add_consent_group (self, view->consents);
      _ct_case_page_add_privacy_group (self);
    }
  add_access_group (self);
  _ct_case_page_add_involved_group (self);
  show_values (self);
  _ct_case_page_update_actions (self);

  return TRUE;
}

/* Empties the page: no client data stays in hidden widgets, nor in a
 * dialog opened from it. */
void
ct_case_page_clear (CtCasePage *self)
{
  g_return_if_fail (CT_IS_CASE_PAGE (self));

  ct_gui_close_owned_windows (self);
  clear_case (self);
}

gint64
ct_case_page_get_case_id (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), 0);

  return self->case_record != NULL ? ct_record_get_id (self->case_record) : 0;
}

const char *
ct_case_page_get_number (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), NULL);

  return self->case_record != NULL ? ct_record_get (self->case_record, "number") ?: "" : "";
}

void
ct_case_page_set_editing (CtCasePage *self,
                          gboolean    editing)
{
  g_return_if_fail (CT_IS_CASE_PAGE (self));

  /* The core refuses every change while processing is restricted. */
  editing = !!editing && self->case_record != NULL && self->restriction == NULL;
  if (self->editing == editing)
    return;

  self->editing = editing;
  show_values (self);
  _ct_case_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
}

/**
 * ct_case_page_dup_restriction_text:
 *
 * Returns: (nullable): why the household's data cannot be changed, for a
 *   tooltip; %NULL when it can
 */
char *
ct_case_page_dup_restriction_text (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), NULL);

  if (self->restriction == NULL)
    return NULL;
  /* Translators: %s is a ground, such as "Objection pending" */
  return g_strdup_printf (_("Processing of this household is restricted (%s): its data cannot "
                            "be changed until the restriction is lifted."),
                          ct_restrict_ground_get_display_name (self->restriction->ground));
}

gboolean
ct_case_page_get_editing (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), FALSE);

  return self->editing;
}

/* Whether anything differs from when editing began. */
gboolean
ct_case_page_get_dirty (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), FALSE);

  if (!self->editing)
    return FALSE;

  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *text = ct_field_editor_get_text (editor);

      if (!editor->read_only && g_strcmp0 (text, editor->initial) != 0)
        return TRUE;
    }
  return FALSE;
}

static void warn_editor (CtCasePage    *self,
                         CtFieldEditor *editor,
                         const char    *text);

typedef struct
{
  CtCasePage    *self;
  CtFieldEditor *from;
  CtFieldEditor *to;
  char          *sentence;     /* as it stands in the text, spaces after it included */
} MoveSentence;

static void
move_sentence_free (gpointer data,
                    GClosure *closure G_GNUC_UNUSED)
{
  MoveSentence *move = data;

  g_free (move->sentence);
  g_free (move);
}

/* Takes the sentence out of the general text and appends it to the
 * category's part, in the editors: the normal Save stores both. */
static void
move_sentence_cb (GtkButton    *button G_GNUC_UNUSED,
                  MoveSentence *move)
{
  CtCasePage *self = move->self;
  CtFieldEditor *from = move->from, *to = move->to;
  g_autofree char *sentence = g_strdup (move->sentence);
  g_autofree char *text = NULL;
  g_autofree char *part = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *before = NULL;
  const char *at;

  ct_case_page_set_editing (self, TRUE);
  text = ct_field_editor_get_text (from);
  at = text != NULL ? strstr (text, sentence) : NULL;
  if (at == NULL)
    {
      /* Changed since the warning: check what is there now. */
      warn_editor (self, from, text);
      return;
    }
  before = g_strndup (text, (gsize) (at - text));
  rest = g_strchomp (g_strconcat (before, at + strlen (sentence), NULL));
  part = ct_field_editor_get_text (to);
  g_strstrip (sentence);
  if (part == NULL || part[0] == '\0')
    moved = g_strdup (sentence);
  else
    moved = g_strconcat (part, g_ascii_isspace (part[strlen (part) - 1]) ? "" : " ",
                         sentence, NULL);
  ct_field_editor_set_text (from, rest);
  ct_field_editor_set_text (to, moved);
  /* The warning now describes what is left (this clears this button). */
  warn_editor (self, from, rest);
}

/* The editor of @category's part of @editor's text, if this member has
 * that part: one writes the categories one reads (docs/categories.md). */
static CtFieldEditor *
part_editor (CtCasePage    *self,
             CtFieldEditor *editor,
             CtCategory     category)
{
  g_autofree char *name = NULL;
  CtFieldEditor *part;

  if (category == CT_CATEGORY_GENERAL || g_str_equal (editor->field->name, "referred_by"))
    return NULL;
  name = ct_case_part_field (editor->field->name, category);
  part = _ct_case_page_find_editor (self, "cases", name);
  return part != NULL && !part->read_only ? part : NULL;
}

/* A button that moves the sentence of @m into its category's part of the
 * same text, if this member has that part: one writes the categories one
 * reads (docs/categories.md), and a part one may not read is not shown. */
static GtkWidget *
move_button_new (CtCasePage        *self,
                 CtFieldEditor     *editor,
                 const char        *text,
                 const CtTermMatch *m)
{
  CtFieldEditor *to = part_editor (self, editor, m->category);
  g_autofree char *shown = NULL;
  g_autofree char *title = NULL;
  MoveSentence *move;
  GtkWidget *button, *label;

  if (to == NULL)
    return NULL;

  move = g_new0 (MoveSentence, 1);
  move->self = self;
  move->from = editor;
  move->to = to;
  move->sentence = g_strndup (text + m->start, m->end - m->start);
  shown = g_strstrip (g_strdup (move->sentence));
  /* Translators: a button under a warning on the general question or
   * summary; the first %s is a sentence of it, the second a category */
  title = g_strdup_printf (_("Move “%s” to %s"), shown,
                           ct_category_get_display_name (m->category));

  label = gtk_label_new (title);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_tooltip_text (button, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  g_object_set_data (G_OBJECT (button), "move-category", GINT_TO_POINTER (m->category));
  g_signal_connect_data (button, "clicked", G_CALLBACK (move_sentence_cb), move,
                         move_sentence_free, 0);
  return button;
}

/* General text that names a category's facts is read by every member: a
 * warning under the field, not a refusal, with a button per sentence to
 * move it into its category's part (docs/categories.md). The referrer
 * ("Verslavingszorg Noord") is general text too, but has no parts. */
static void
warn_editor (CtCasePage    *self,
             CtFieldEditor *editor,
             const char    *text)
{
  const char *name = editor->field->name;
  g_autoptr(GArray) matches = ct_category_terms_find (text);
  CtTermMatch *m;
  g_autofree char *sentence = NULL;
  g_autofree char *message = NULL;

  if (matches->len == 0)
    {
      ct_field_editor_set_error (editor, NULL);
      return;
    }
  m = &g_array_index (matches, CtTermMatch, 0);
  sentence = g_strstrip (g_strndup (text + m->start, m->end - m->start));
  if (g_str_equal (name, "referred_by"))
    /* Translators: a warning under "Referred by"; %s is a category, then the text */
    message = g_strdup_printf (_("Every member reads who referred the household, and this "
                                 "names %s facts: “%s” Name the referrer without them."),
                               ct_category_get_display_name (m->category), sentence);
  else if (part_editor (self, editor, m->category) != NULL)
    /* Translators: a warning under the general question or summary; the
     * first %s is a category, the second a sentence of the text */
    message = g_strdup_printf (_("Every member reads this text, and it names %s facts: “%s” "
                                 "Move that sentence into the part for %s."),
                               ct_category_get_display_name (m->category), sentence,
                               ct_category_get_display_name (m->category));
  else
    /* Translators: the same warning to a member whose role has no part for
     * the category; %s is a category, then a sentence of the text */
    message = g_strdup_printf (_("Every member reads this text, and it names %s facts: “%s” "
                                 "Your role has no part for them: take the sentence out."),
                               ct_category_get_display_name (m->category), sentence);
  ct_field_editor_set_error (editor, message);
  if (g_str_equal (name, "referred_by"))
    return;
  for (guint i = 0; i < matches->len; i++)
    {
      GtkWidget *button = move_button_new (self, editor, text,
                                           &g_array_index (matches, CtTermMatch, i));

      if (button != NULL)
        ct_field_editor_add_error_action (editor, button);
    }
}

static void
warn_category_terms (CtCasePage *self)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);
      const char *name = editor->field->name;

      if (editor->record != self->case_record
          || !(g_str_equal (name, "question") || g_str_equal (name, "summary")
               || g_str_equal (name, "referred_by")))
        continue;
      warn_editor (self, editor, ct_record_get (self->case_record, name));
    }
}

/**
 * ct_case_page_save:
 *
 * Checks every changed field, shows what is wrong under its row and
 * stores nothing then; otherwise stores all changes in one transaction and
 * leaves editing.
 *
 * Returns: whether the changes were stored
 */
gboolean
ct_case_page_save (CtCasePage *self)
{
  g_autoptr(CtCasePatch) patch = NULL;
  g_autoptr(GError) error = NULL;
  gint64 case_id;

  g_return_val_if_fail (CT_IS_CASE_PAGE (self), FALSE);

  if (!self->editing)
    return FALSE;

  patch = ct_case_patch_new ();
  if (collect_changes (self, patch) > 0)
    return FALSE;
  if (!ct_case_patch_apply (patch, self->session, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  /* Read back what was stored, in its canonical form. */
  case_id = ct_record_get_id (self->case_record);
  self->editing = FALSE;
  if (!ct_case_page_load (self, self->session, case_id, &error))
    show_error (self, error);
  else
    warn_category_terms (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
  return TRUE;
}

/* Leaves editing and shows the stored values again. */
void
ct_case_page_cancel (CtCasePage *self)
{
  g_return_if_fail (CT_IS_CASE_PAGE (self));

  ct_case_page_set_editing (self, FALSE);
}

const char *
_ct_case_page_get_error (CtCasePage *self,
                         const char *table,
                         const char *field)
{
  CtFieldEditor *editor = _ct_case_page_find_editor (self, table, field);

  return editor != NULL ? ct_field_editor_get_error (editor) : NULL;
}

void
_ct_case_page_set_text (CtCasePage *self,
                        const char *table,
                        const char *field,
                        const char *text)
{
  CtFieldEditor *editor = _ct_case_page_find_editor (self, table, field);

  g_assert (editor != NULL);
  ct_field_editor_set_text (editor, text);
}

char *
_ct_case_page_get_text (CtCasePage *self,
                        const char *table,
                        const char *field)
{
  CtFieldEditor *editor = _ct_case_page_find_editor (self, table, field);

  return editor != NULL ? ct_field_editor_get_text (editor) : NULL;
}
