/* ct-case-page-consent.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The household's consent on the case page: the latest for each category
 * this member may read, withdrawn ones saying so, with Edit, Withdraw
 * and Reinstate. The session hands out no consent of another category
 * (docs/categories.md), so those are not listed as "not recorded"
 * either. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-sections.h"
#include "ct-gui-labels.h"

struct _CtCaseConsentSection
{
  CtCaseSection parent_instance;
};

G_DEFINE_FINAL_TYPE (CtCaseConsentSection, ct_case_consent_section, CT_TYPE_CASE_SECTION)

static GtkWidget *
consent_row_new (CtCategory  category,
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
                                 ct_case_section_button_new (_("Reinstate…"), "case.reinstate-consent",
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
                                 ct_case_section_button_new (_("Edit…"), "case.edit-consent",
                                                    g_variant_ref_sink (id)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 ct_case_section_button_new (_("Withdraw…"), "case.withdraw-consent", id));
      g_variant_unref (id);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 ct_category_get_display_name (category));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* Under a category's row, each value of its consents kept as a sync
 * conflict, naming its field, with "Use This" (_ct_case_conflict_rows_new();
 * docs/sync-merge.md, "Merge rules"). */
static void
add_conflicts (CtCaseSection       *section,
               const CtCaseContext *context,
               CtCategory           category)
{
  GPtrArray *consents = context->view->consents;
  const CtTable *table = ct_schema_get_table ("consents");

  for (guint i = 0; i < consents->len; i++)
    {
      CtRecord *consent = g_ptr_array_index (consents, i);

      if (ct_category_from_string (ct_record_get (consent, "category")) != category)
        continue;
      for (guint f = 0; f < table->n_fields; f++)
        {
          g_autoptr(GPtrArray) rows = NULL;

          if ((int) f == table->row_category)
            continue;
          rows = _ct_case_conflict_rows_new (context->conflicts, consent, &table->fields[f]);
          for (guint r = 0; r < rows->len; r++)
            {
              GtkWidget *row = g_ptr_array_index (rows, r);

              adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(table->fields[f].label));
              ct_case_section_add_row (section, row);
            }
        }
    }
}

/* The latest consent for each category this member may read; withdrawn
 * ones say so. The session hands out no consent of another category
 * (docs/categories.md), so those are not listed as "not recorded" either. */
static void
ct_case_consent_section_load (CtCaseSection       *section,
                              const CtCaseContext *context)
{
  GPtrArray *consents = context->view->consents;

  if (context->limited)
    {
      gtk_widget_set_visible (GTK_WIDGET (section), FALSE);
      return;
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (section),
                                         ct_case_section_lacks_a_category (context->session)
                                         || !ct_session_can_read (context->session,
                                                                  CT_CATEGORY_IDENTITY)
                                           ? _("Consent for categories your role may not read "
                                               "is not shown.")
                                           : NULL);

  for (CtCategory category = 0; category < CT_N_CATEGORIES; category++)
    {
      CtRecord *latest = NULL;

      if (!ct_session_can_read (context->session, category))
        continue;
      for (guint i = 0; i < consents->len; i++)
        {
          CtRecord *consent = g_ptr_array_index (consents, i);

          if (ct_category_from_string (ct_record_get (consent, "category")) == category
              && (latest == NULL || g_strcmp0 (ct_record_get (consent, "given_on"),
                                               ct_record_get (latest, "given_on")) >= 0))
            latest = consent;
        }
      ct_case_section_add_row (section, consent_row_new (category, latest));
      add_conflicts (section, context, category);
    }
}

static void
ct_case_consent_section_class_init (CtCaseConsentSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_consent_section_load;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page-consent.ui");
}

static void
ct_case_consent_section_init (CtCaseConsentSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
