/* ct-case-page-organisations.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The organisations involved around the household now, on the case page,
 * with their yearly cost and the total over what this member may read,
 * and "End Involvement…" for each. An involvement that ended is not
 * listed. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-sections.h"
#include "ct-gui-labels.h"
#include "ct-money.h"

struct _CtCaseOrganisationsSection
{
  CtCaseSection parent_instance;
};

G_DEFINE_FINAL_TYPE (CtCaseOrganisationsSection, ct_case_organisations_section,
                     CT_TYPE_CASE_SECTION)

static gboolean
is_active (CtRecord   *organisation,
           const char *today)
{
  const char *until = ct_record_get (organisation, "until");

  return until == NULL || g_strcmp0 (until, today) >= 0;
}

/* Under the organisation, a value of it kept as a conflict, with "Use
 * This": a merged copy keeps the other side's values of an organisation
 * whose type changed so (docs/sync-merge.md, "Merging a copy"). */
static void
add_conflicts (CtCaseSection       *section,
               const CtCaseContext *context,
               CtRecord            *organisation)
{
  const CtTable *table = ct_record_get_table (organisation);

  for (guint f = 0; f < table->n_fields; f++)
    {
      g_autoptr(GPtrArray) rows = NULL;

      if (!table->fields[f].by_row || (int) f == table->row_category)
        continue;
      rows = _ct_case_conflict_rows_new (context->conflicts, organisation, &table->fields[f]);
      for (guint i = 0; i < rows->len; i++)
        ct_case_section_add_row (section, g_ptr_array_index (rows, i));
    }
}

static void
ct_case_organisations_section_load (CtCaseSection       *section,
                                    const CtCaseContext *context)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (section);
  GPtrArray *organisations = context->view->organisations;
  g_autofree char *today = ct_gui_today ();
  g_autofree char *cost = NULL;
  g_autofree char *summary = NULL;
  gint64 total = 0;

  if (context->limited)
    {
      gtk_widget_set_visible (GTK_WIDGET (section), FALSE);
      return;
    }
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
                                     ct_case_section_button_new (_("End Involvement…"),
                                                        "case.end-involvement", id));
        }
      ct_case_section_add_row (section, row);
      add_conflicts (section, context, organisation);
    }

  cost = ct_money_format (total, CT_MONEY_CENTS_IF_ANY);
  if (n == 0 && ct_case_section_lacks_a_category (context->session))
    summary = g_strdup (_("No involved organisations are visible to your role."));
  else if (n == 0)
    summary = g_strdup (_("No organisations are involved at present."));
  else
    /* Translators: "12 organisations, € 84,000 a year": helpers around the household */
    summary = g_strdup_printf (ngettext ("%u organisation, %s a year",
                                         "%u organisations, %s a year", n), n, cost);
  /* Totals over what this member may read; the sentence never depends on
   * whether this household has any such involvement (docs/categories.md). */
  if (ct_case_section_lacks_a_category (context->session))
    {
      g_autofree char *full = g_strdup_printf ("%s\n%s", summary,
                                               _("Involvements of categories your role may not "
                                                 "read are not shown or counted."));

      g_free (summary);
      summary = g_steal_pointer (&full);
    }
  adw_preferences_group_set_description (group, summary);
}

static void
ct_case_organisations_section_class_init (CtCaseOrganisationsSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  CT_CASE_SECTION_CLASS (klass)->load = ct_case_organisations_section_load;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX
                                               "/ui/ct-case-page-organisations.ui");
}

static void
ct_case_organisations_section_init (CtCaseOrganisationsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
