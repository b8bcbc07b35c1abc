/* ct-case-list-columns.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The case list's columns (ct-case-list.c): a cell per field, the
 * status's tags, and each column's order. */

#define G_LOG_DOMAIN "ct-case-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-case-item.h"
#include "ct-case-list-private.h"

typedef const char *(*TextGetter) (CtCaseItem *item);

const char *
_ct_case_list_status (guint i)
{
  return ct_table_get_field (ct_schema_get_table ("cases"), "status")->values[i];
}

static int
status_rank (CtCaseItem *item)
{
  const char *status = ct_case_item_get_status (item);

  for (int i = 0; _ct_case_list_status (i) != NULL; i++)
    if (g_str_equal (_ct_case_list_status (i), status))
      return i;
  return G_MAXINT;
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_text_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              TextGetter                getter)
{
  CtCaseItem *item = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), getter (item));
}

/* A restricted name says so, dimmed; it is never an empty cell that could
 * be taken for a missing person. */
static void
bind_name_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  CtCaseItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *name = ct_case_item_get_name (item);

  if (ct_case_item_get_name_restricted (item))
    {
      gtk_label_set_text (GTK_LABEL (label), _("Restricted"));
      gtk_widget_add_css_class (label, "dim-label");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (label), name != NULL ? name : "");
      gtk_widget_remove_css_class (label, "dim-label");
    }
}

/* The status cell's tags, in the order they stand after the status. A
 * tag is made the first time a row bound to the cell needs it: most rows
 * need none, and the view makes the cells of every row it keeps (some 200
 * in GTK 4.8, whatever the window's height). */
typedef enum
{
  TAG_OVERDUE = 1,
  TAG_REPEAT,
  TAG_RESTRICTED,
} Tag;

static GQuark
tag_quark (void)
{
  return g_quark_from_static_string ("ct-case-list-tag");
}

static GtkWidget *
make_tag (Tag tag)
{
  GtkWidget *widget;

  switch (tag)
    {
    case TAG_OVERDUE:
      widget = gtk_image_new_from_icon_name ("task-past-due-symbolic");
      gtk_widget_set_tooltip_text (widget, _("Has overdue actions"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Has overdue actions"), -1);
      gtk_widget_add_css_class (widget, "warning");
      break;
    case TAG_REPEAT:
      /* Translators: a tag in the case list: the household's previous case
       * was referred less than twelve months before this one */
      widget = gtk_label_new (_("Repeat"));
      gtk_widget_add_css_class (widget, "ct-badge");
      gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (widget,
                                   _("Within twelve months of the household’s previous case"));
      break;
    case TAG_RESTRICTED:
    default:
      /* Translators: a tag in the case list: processing of the household is
       * restricted on the client's request (AVG article 18) */
      widget = gtk_label_new (C_("case list tag", "Restricted"));
      gtk_widget_add_css_class (widget, "ct-badge");
      gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (widget, _("Processing restricted on the client’s request: "
                                             "nothing can be changed"));
      break;
    }
  g_object_set_qdata (G_OBJECT (widget), tag_quark (), GINT_TO_POINTER (tag));
  return widget;
}

/* Shows or hides @tag in the status cell @box, making it in its place
 * when it is first shown. */
static void
show_tag (GtkWidget *box,
          Tag        tag,
          gboolean   visible)
{
  GtkWidget *after = gtk_widget_get_first_child (box);  /* the status */
  GtkWidget *widget = NULL;

  for (GtkWidget *child = gtk_widget_get_next_sibling (after); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Tag t = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (child), tag_quark ()));

      if (t == tag)
        widget = child;
      if (t >= tag)
        break;
      after = child;
    }
  if (widget == NULL)
    {
      if (!visible)
        return;
      widget = make_tag (tag);
      gtk_box_insert_child_after (GTK_BOX (box), widget, after);
    }
  gtk_widget_set_visible (widget, visible);
}

static void
setup_status_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_status_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  CtCaseItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)),
                      ct_case_item_get_status_label (item));
  show_tag (box, TAG_OVERDUE, ct_case_item_get_overdue (item));
  show_tag (box, TAG_REPEAT, ct_case_item_get_repeat (item));
  show_tag (box, TAG_RESTRICTED, ct_case_item_get_restricted (item));
}

static int
compare_number (gconstpointer a, gconstpointer b, gpointer data)
{
  return strcmp (ct_case_item_get_number ((CtCaseItem *) a),
                 ct_case_item_get_number ((CtCaseItem *) b));
}

/* Restricted names sort after every name. */
static int
compare_name (gconstpointer a, gconstpointer b, gpointer data)
{
  const char *x = ct_case_item_get_name ((CtCaseItem *) a);
  const char *y = ct_case_item_get_name ((CtCaseItem *) b);

  if (x == NULL || y == NULL)
    return (x == NULL) - (y == NULL);
  return g_ascii_strcasecmp (x, y);
}

static int
compare_status (gconstpointer a, gconstpointer b, gpointer data)
{
  return status_rank ((CtCaseItem *) a) - status_rank ((CtCaseItem *) b);
}

static int
compare_area (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_ascii_strcasecmp (ct_case_item_get_area ((CtCaseItem *) a),
                             ct_case_item_get_area ((CtCaseItem *) b));
}

static int
compare_domains (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_ascii_strcasecmp (ct_case_item_get_domains_label ((CtCaseItem *) a),
                             ct_case_item_get_domains_label ((CtCaseItem *) b));
}

static int
compare_referral (gconstpointer a, gconstpointer b, gpointer data)
{
  return strcmp (ct_case_item_get_referral_date ((CtCaseItem *) a),
                 ct_case_item_get_referral_date ((CtCaseItem *) b));
}

static GtkColumnViewColumn *
add_column (CtCaseList      *self,
            const char      *title,
            GCallback        setup,
            GCallback        bind,
            gpointer         bind_data,
            GCompareDataFunc compare,
            gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, bind_data);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (gtk_custom_sorter_new (compare, NULL,
                                                                                NULL)));
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);

  return column;
}

void
_ct_case_list_add_columns (CtCaseList *self)
{
  self->number_column = add_column (self, _("Number"), G_CALLBACK (setup_label_cb),
                                    G_CALLBACK (bind_text_cb), ct_case_item_get_number,
                                    compare_number, FALSE);
  add_column (self, _("Name"), G_CALLBACK (setup_label_cb), G_CALLBACK (bind_name_cb), NULL,
              compare_name, TRUE);
  add_column (self, _("Status"), G_CALLBACK (setup_status_cb), G_CALLBACK (bind_status_cb), NULL,
              compare_status, FALSE);
  add_column (self, _("Area"), G_CALLBACK (setup_label_cb), G_CALLBACK (bind_text_cb),
              ct_case_item_get_area, compare_area, FALSE);
  add_column (self, _("Domains"), G_CALLBACK (setup_label_cb), G_CALLBACK (bind_text_cb),
              ct_case_item_get_domains_label, compare_domains, TRUE);
  add_column (self, _("Referred"), G_CALLBACK (setup_label_cb), G_CALLBACK (bind_text_cb),
              ct_case_item_get_referral_label, compare_referral, FALSE);
}
