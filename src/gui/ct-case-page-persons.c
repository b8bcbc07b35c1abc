/* ct-case-page-persons.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The household's persons on the case page, one expander row each, with
 * "Correct…" on request (AVG art. 16) and a button that copies the BSN
 * to a clipboard cleared again after a while. To a member who may not
 * read identity the section says only that it is restricted. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-page-private.h"
#include "ct-case-sections.h"
#include "ct-clipboard.h"
#include "ct-gui-labels.h"
#include "ct-window.h"

struct _CtCasePersonsSection
{
  CtCaseSection parent_instance;

  /* Template widgets */
  GtkWidget *add_button;
};

G_DEFINE_FINAL_TYPE (CtCasePersonsSection, ct_case_persons_section, CT_TYPE_CASE_SECTION)

static const char * const person_fields[] = {
  "first_name", "last_name", "bsn", "birth_date", "sex", "relation", "street",
  "house_number", "postcode", "city", "phone", "email", NULL,
};

static void
copy_bsn_cb (GtkButton     *button,
             CtFieldEditor *editor)
{
  const char *bsn = ct_record_get (editor->record, "bsn");
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (button), CT_TYPE_CASE_PAGE);
  if (bsn == NULL || page == NULL)
    return;

  ct_clipboard_set_team_secret (gtk_widget_get_clipboard (GTK_WIDGET (button)), bsn,
                                CT_CASE_PAGE (page)->clipboard_clear_ms);
  ct_window_show_toast_in (GTK_WIDGET (button),
                           _("Copied; the clipboard is cleared in 30 seconds"));
}

static void
add_bsn_copy_button (CtFieldEditor *editor)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Copy the BSN"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the BSN"), -1);
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
add_person (CtCasePersonsSection *self,
            CtRecord             *person,
            gboolean              expanded)
{
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *title = person_title (person);
  g_autofree char *correct_name = NULL;
  const char *relation = ct_record_get (person, "relation");
  GtkWidget *correct;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  if (relation != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                   ct_gui_enum_label (NULL, relation));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), expanded);
  correct = ct_case_section_button_new (_("Correct…"), "case.rectify-person",
                                        g_variant_new_int64 (ct_record_get_id (person)));
  /* Translators: the accessible name of a person's "Correct…" button */
  correct_name = g_strdup_printf (_("Correct the data of %s on request"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (correct), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  correct_name, -1);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), correct);
  ct_case_section_add_row (CT_CASE_SECTION (self), expander);

  for (guint j = 0; person_fields[j] != NULL; j++)
    {
      CtFieldEditor *editor = ct_case_section_add_field (CT_CASE_SECTION (self),
                                                         ADW_EXPANDER_ROW (expander), person,
                                                         person_fields[j]);

      if (g_str_equal (person_fields[j], "bsn"))
        add_bsn_copy_button (editor);
    }
}

static void
ct_case_persons_section_load (CtCaseSection       *section,
                              const CtCaseContext *context)
{
  CtCasePersonsSection *self = CT_CASE_PERSONS_SECTION (section);
  gboolean readable = ct_session_can_read (context->session, CT_CATEGORY_IDENTITY);

  if (context->limited)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  gtk_widget_set_visible (self->add_button, readable);
  if (!readable)
    {
      ct_case_section_show_restricted (section, CT_CATEGORY_IDENTITY);
      return;
    }
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Persons"));
  for (guint i = 0; i < context->view->persons->len; i++)
    add_person (self, g_ptr_array_index (context->view->persons, i), i == 0);
}

static void
ct_case_persons_section_class_init (CtCasePersonsSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_persons_section_load;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page-persons.ui");
  gtk_widget_class_bind_template_child (widget_class, CtCasePersonsSection, add_button);
}

static void
ct_case_persons_section_init (CtCasePersonsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
