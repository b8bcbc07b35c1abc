/* ct-meeting-zrm-area.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A plain ZRM bar picture for the run view and the projector. The team's
 * ZRM chart widget was not committed when this was written; this one only
 * draws the scores it is given, so it shows nothing the caller left out. */

#define G_LOG_DOMAIN "ct-meeting"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-meeting-widgets.h"
#include "ct-meeting-zrm-area.h"

#define ROW_HEIGHT 30

struct _CtMeetingZrmArea
{
  GtkDrawingArea parent_instance;

  int            scores[CT_ZRM_N_DOMAINS];
  int            row_height;
};

G_DEFINE_FINAL_TYPE (CtMeetingZrmArea, ct_meeting_zrm_area, GTK_TYPE_DRAWING_AREA)

static const char *
domain_label (guint domain)
{
  const CtField *field = ct_table_get_field (ct_schema_get_table ("zrm"), ct_zrm_domains[domain]);

  return _(field->label);
}

static guint
count_scores (const CtMeetingZrmArea *data)
{
  guint n = 0;

  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    n += data->scores[d] > 0;
  return n;
}

/* 1 acute … 5 fully self-sufficient: red through amber to green. */
static void
set_score_colour (cairo_t *cr,
                  int      score)
{
  static const double colours[5][3] = {
    { 0.88, 0.11, 0.14 }, { 0.96, 0.47, 0.0 }, { 0.96, 0.76, 0.07 },
    { 0.56, 0.80, 0.25 }, { 0.18, 0.76, 0.49 },
  };

  cairo_set_source_rgb (cr, colours[score - 1][0], colours[score - 1][1], colours[score - 1][2]);
}

static void
draw_zrm (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  CtMeetingZrmArea *data = CT_MEETING_ZRM_AREA (area);
  GdkRGBA fg;
  int label_width = width * 2 / 5;
  int row = 0;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      g_autofree char *text = NULL;
      int y, text_height;

      if (data->scores[d] <= 0)
        continue;
      y = row++ * data->row_height;
      text = g_strdup_printf ("%s  %d", domain_label (d), data->scores[d]);
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), text);
      pango_layout_set_width (layout, (label_width - 8) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, NULL, &text_height);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, 0, y + (data->row_height - text_height) / 2);
      pango_cairo_show_layout (cr, layout);

      set_score_colour (cr, data->scores[d]);
      cairo_rectangle (cr, label_width, y + data->row_height / 6,
                       (width - label_width) * data->scores[d] / 5.0, data->row_height * 2 / 3);
      cairo_fill (cr);
    }
}

/* Rows only for the domains with a score, so the height follows them. */
static void
zrm_relayout (CtMeetingZrmArea *data)
{
  GtkWidget *area = GTK_WIDGET (data);
  GString *text = g_string_new (_("Self-sufficiency matrix"));
  guint n = count_scores (data);
  guint row = 0;

  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      if (data->scores[d] <= 0)
        continue;
      g_string_append_printf (text, row++ == 0 ? ": %s %d" : ", %s %d", domain_label (d),
                              data->scores[d]);
    }
  if (n == 0)
    g_string_append_printf (text, ": %s", _("no scores to show"));

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), MAX (n, 1) * data->row_height);
  ct_meeting_set_a11y_text (area, text->str);
  gtk_widget_set_visible (area, n > 0);
  gtk_widget_queue_draw (area);
  g_string_free (text, TRUE);
}

static void
ct_meeting_zrm_area_class_init (CtMeetingZrmAreaClass *klass)
{
}

static void
ct_meeting_zrm_area_init (CtMeetingZrmArea *self)
{
  self->row_height = ROW_HEIGHT;
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_zrm, NULL, NULL);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 360);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

/* @row_height: pixels per domain; the projector's type is larger */
GtkWidget *
ct_meeting_zrm_area_new (int row_height)
{
  CtMeetingZrmArea *area = g_object_new (CT_TYPE_MEETING_ZRM_AREA, NULL);

  if (row_height > 0)
    area->row_height = row_height;
  zrm_relayout (area);
  return GTK_WIDGET (area);
}

/* @scores: CT_ZRM_N_DOMAINS scores, 0 for a domain not to show */
void
ct_meeting_zrm_area_set_scores (GtkWidget *area,
                                const int *scores)
{
  CtMeetingZrmArea *self = CT_MEETING_ZRM_AREA (area);

  memcpy (self->scores, scores, sizeof self->scores);
  zrm_relayout (self);
}
