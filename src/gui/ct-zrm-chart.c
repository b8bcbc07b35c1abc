/* ct-zrm-chart.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-zrm-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ct-gui-labels.h"
#include "ct-zrm-chart.h"

/* The ZRM at intake against the latest assessment, one row per domain on
 * the 1–5 scale. The two series differ in shape (an open circle, a filled
 * diamond), not only in colour, and the same figures are the widget's
 * accessible description and its tooltips. The case's assessments are
 * read in a worker (ct_zrm_chart_reload()); the chart shown stays until
 * the new read replaces it. */

#define ROW_HEIGHT   40
#define TOP          64
#define LEFT_PAD     12
#define RIGHT_PAD    24
#define MARK_SIZE    7.0
#define MIN_SCALE_WIDTH 200

typedef struct
{
  guint domain;
  guint intake;   /* 0: not scored */
  guint latest;
} Row;

struct _CtZrmChart
{
  AdwBin parent_instance;

  CtSession *session;
  gint64 case_id;
  GCancellable *reading;   /* while the assessments are read in a worker (ct_zrm_chart_reload()) */
  GArray *rows;
  char *summary;
  char *intake_date;
  char *latest_date;
  gboolean some_restricted;
  int label_width;

  /* Template widgets */
  GtkStack *stack;
  GtkDrawingArea *drawing_area;
  GtkLabel *restricted_label;
};

G_DEFINE_FINAL_TYPE (CtZrmChart, ct_zrm_chart, ADW_TYPE_BIN)

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  CtRecord *ra = *(CtRecord **) a;
  CtRecord *rb = *(CtRecord **) b;
  int by_date = g_strcmp0 (ct_record_get (ra, "assessed_on"), ct_record_get (rb, "assessed_on"));

  return by_date != 0 ? by_date : (ct_record_get_id (ra) < ct_record_get_id (rb) ? -1 : 1);
}

/* The first intake (or the first assessment when none is marked intake),
 * and the latest other assessment. */
static void
pick_records (GPtrArray  *records,
              CtRecord  **intake,
              CtRecord  **latest)
{
  *intake = *latest = NULL;
  g_ptr_array_sort (records, compare_records);

  for (guint i = 0; i < records->len && *intake == NULL; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (records, i), "kind"), "intake") == 0)
      *intake = g_ptr_array_index (records, i);
  if (*intake == NULL && records->len > 0)
    *intake = g_ptr_array_index (records, 0);
  if (records->len > 1 && g_ptr_array_index (records, records->len - 1) != *intake)
    *latest = g_ptr_array_index (records, records->len - 1);
}

static guint
score_of (CtRecord *record,
          guint     domain)
{
  const char *field = ct_zrm_domains[domain];

  if (record == NULL || ct_record_is_restricted (record, field) || ct_record_get (record, field) == NULL)
    return 0;
  return (guint) ct_record_get_int (record, field);
}

static char *
format_score (guint score)
{
  return score > 0 ? g_strdup_printf ("%u", score) : g_strdup ("–");
}

static void
build_summary (CtZrmChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      g_autofree char *intake = format_score (row->intake);
      g_autofree char *latest = format_score (row->latest);

      if (text->len > 0)
        g_string_append (text, "; ");
      if (self->latest_date != NULL)
        g_string_append_printf (text, "%s: %s → %s", ct_gui_domain_label (row->domain), intake, latest);
      else
        g_string_append_printf (text, "%s: %s", ct_gui_domain_label (row->domain), intake);
    }
  g_free (self->summary);
  self->summary = g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_accessible (CtZrmChart *self)
{
  g_autofree char *label = NULL;

  if (self->latest_date != NULL)
    label = g_strdup_printf (_("ZRM scores at intake (%s) and at the latest assessment (%s)"),
                             self->intake_date, self->latest_date);
  else
    label = g_strdup_printf (_("ZRM scores at intake (%s)"),
                             self->intake_date != NULL ? self->intake_date : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->drawing_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->drawing_area), NULL);
}

static PangoLayout *
make_layout (CtZrmChart *self,
             const char *text,
             gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->drawing_area), text);

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static void
draw_text (cairo_t    *cr,
           PangoLayout *layout,
           double      x,
           double      y_center,
           double      align)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y_center - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

/* Intake: an open circle. */
static void
draw_intake_mark (cairo_t *cr,
                  double   x,
                  double   y)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, MARK_SIZE - 1, 0, 2 * G_PI);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
}

/* Latest: a filled diamond. */
static void
draw_latest_mark (cairo_t *cr,
                  double   x,
                  double   y)
{
  cairo_move_to (cr, x, y - MARK_SIZE - 1);
  cairo_line_to (cr, x + MARK_SIZE + 1, y);
  cairo_line_to (cr, x, y + MARK_SIZE + 1);
  cairo_line_to (cr, x - MARK_SIZE - 1, y);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
draw_legend (CtZrmChart    *self,
             cairo_t       *cr,
             const GdkRGBA *fg,
             const GdkRGBA *accent)
{
  g_autofree char *intake = g_strdup_printf (_("Intake (%s)"), self->intake_date);
  g_autoptr(PangoLayout) layout = make_layout (self, intake, FALSE);
  int w, h;
  double x = LEFT_PAD + MARK_SIZE;

  set_color (cr, fg, 1.0);
  draw_intake_mark (cr, x, 14);
  draw_text (cr, layout, x + 14, 14, 0);
  if (self->latest_date == NULL)
    return;

  pango_layout_get_pixel_size (layout, &w, &h);
  x += 14 + w + 32;
  g_autofree char *latest = g_strdup_printf (_("Latest (%s)"), self->latest_date);
  g_autoptr(PangoLayout) latest_layout = make_layout (self, latest, FALSE);
  set_color (cr, accent, 1.0);
  draw_latest_mark (cr, x, 14);
  set_color (cr, fg, 1.0);
  draw_text (cr, latest_layout, x + 14, 14, 0);
}

static double
scale_x (int    x0,
         int    x1,
         guint  score)
{
  return x0 + (x1 - x0) * (score - 1) / 4.0;
}

static void
draw_row (CtZrmChart    *self,
          cairo_t       *cr,
          const Row     *row,
          double         y,
          int            x0,
          int            x1,
          const GdkRGBA *fg,
          const GdkRGBA *accent)
{
  g_autoptr(PangoLayout) label = make_layout (self, ct_gui_domain_label (row->domain), FALSE);
  gboolean same;

  set_color (cr, fg, 1.0);
  draw_text (cr, label, LEFT_PAD, y, 0);

  set_color (cr, fg, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x0, y + 0.5);
  cairo_line_to (cr, x1, y + 0.5);
  cairo_stroke (cr);

  if (row->intake > 0 && row->latest > 0 && row->intake != row->latest)
    {
      set_color (cr, accent, 0.6);
      cairo_set_line_width (cr, 3);
      cairo_move_to (cr, scale_x (x0, x1, row->intake), y);
      cairo_line_to (cr, scale_x (x0, x1, row->latest), y);
      cairo_stroke (cr);
    }
  /* The same score twice: side by side vertically, so neither shape hides
   * the other. */
  same = row->intake > 0 && row->intake == row->latest;
  if (row->latest > 0)
    {
      set_color (cr, accent, 1.0);
      draw_latest_mark (cr, scale_x (x0, x1, row->latest), y + (same ? 7 : 0));
    }
  if (row->intake > 0)
    {
      set_color (cr, fg, 1.0);
      draw_intake_mark (cr, scale_x (x0, x1, row->intake), y - (same ? 7 : 0));
    }
}

static void
draw_axis (CtZrmChart    *self,
           cairo_t       *cr,
           int            x0,
           int            x1,
           int            bottom,
           const GdkRGBA *fg)
{
  for (guint score = 1; score <= 5; score++)
    {
      double x = floor (scale_x (x0, x1, score)) + 0.5;
      g_autofree char *digit = g_strdup_printf ("%u", score);
      g_autoptr(PangoLayout) layout = make_layout (self, digit, TRUE);

      set_color (cr, fg, 0.7);
      draw_text (cr, layout, x, TOP - 18, 0.5);
      set_color (cr, fg, 0.15);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, TOP - 6);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
    }
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  CtZrmChart *self = user_data;
  GdkRGBA fg, accent = { 0.11, 0.44, 0.85, 1.0 };
  int x0 = LEFT_PAD + self->label_width + 24;
  int x1 = width - RIGHT_PAD;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (self->rows->len == 0 || x1 <= x0)
    return;

  draw_legend (self, cr, &fg, &accent);
  draw_axis (self, cr, x0, x1, TOP + self->rows->len * ROW_HEIGHT - ROW_HEIGHT / 2, &fg);
  for (guint i = 0; i < self->rows->len; i++)
    draw_row (self, cr, &g_array_index (self->rows, Row, i),
              TOP + 10 + i * ROW_HEIGHT, x0, x1, &fg, &accent);
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  CtZrmChart *self)
{
  int index = (y - TOP + ROW_HEIGHT / 2 - 10) / ROW_HEIGHT;
  g_autofree char *text = NULL;
  Row *row;

  if (keyboard || y < TOP - ROW_HEIGHT / 2 + 10 || index < 0 || (guint) index >= self->rows->len)
    {
      gtk_tooltip_set_text (tooltip, self->summary);
      return self->summary != NULL && self->summary[0] != '\0';
    }

  row = &g_array_index (self->rows, Row, index);
  if (row->latest > 0 && row->intake > 0)
    text = g_strdup_printf (_("%s: %u at intake (%s), %u now (%s)"), ct_gui_domain_label (row->domain),
                            row->intake, ct_gui_zrm_level (row->intake), row->latest,
                            ct_gui_zrm_level (row->latest));
  else
    {
      guint score = MAX (row->intake, row->latest);

      text = g_strdup_printf ("%s: %u (%s)", ct_gui_domain_label (row->domain), score,
                              ct_gui_zrm_level (score));
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
measure_labels (CtZrmChart *self)
{
  self->label_width = 0;
  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autoptr(PangoLayout) layout =
        make_layout (self, ct_gui_domain_label (g_array_index (self->rows, Row, i).domain), FALSE);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      self->label_width = MAX (self->label_width, w);
    }
}

static void
collect_rows (CtZrmChart *self,
              CtRecord   *intake,
              CtRecord   *latest)
{
  g_array_set_size (self->rows, 0);
  self->some_restricted = FALSE;

  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    {
      Row row = { d, score_of (intake, d), score_of (latest, d) };

      /* Whether the role may read the domain, never whether a score is
       * there: a count of hidden scores would tell what it hides. */
      if (!ct_session_can_read (self->session, ct_zrm_domain_category (d)))
        self->some_restricted = TRUE;
      else if (row.intake > 0 || row.latest > 0)
        g_array_append_val (self->rows, row);
    }
}

static void
show_chart (CtZrmChart *self,
            GPtrArray  *records)
{
  CtRecord *intake, *latest;

  pick_records (records, &intake, &latest);
  collect_rows (self, intake, latest);

  g_free (self->intake_date);
  g_free (self->latest_date);
  /* Kept as shown: "Intake (12-11-2026)" in Dutch. */
  self->intake_date = intake != NULL ? ct_gui_format_date (ct_record_get (intake, "assessed_on"))
                                      : NULL;
  self->latest_date = latest != NULL ? ct_gui_format_date (ct_record_get (latest, "assessed_on"))
                                      : NULL;

  build_summary (self);
  measure_labels (self);
  update_accessible (self);
  gtk_drawing_area_set_content_height (self->drawing_area,
                                       TOP + self->rows->len * ROW_HEIGHT);
  /* As narrow as the labels and a readable scale allow; it grows with the
   * page, so the case page never pushes the sidebar away. */
  gtk_drawing_area_set_content_width (self->drawing_area,
                                      LEFT_PAD + self->label_width + 24 + MIN_SCALE_WIDTH
                                      + RIGHT_PAD);
  gtk_stack_set_visible_child_name (self->stack, self->rows->len > 0 ? "chart" : "empty");
  gtk_widget_set_visible (GTK_WIDGET (self->restricted_label), self->some_restricted);
  gtk_widget_queue_draw (GTK_WIDGET (self->drawing_area));
}

/* In a worker, with a reader of the session (its reads logged by the
 * session before they are handed out). */
static gpointer
read_assessments (CtSession     *reader,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return ct_session_list (reader, "zrm", "case_id", (gint64) GPOINTER_TO_SIZE (data), error);
}

static void
assessments_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CtZrmChart *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = ct_session_read_finish (CT_SESSION (source), result, &error);

  /* Cancelled: read again, or the chart went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->reading);
  if (g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    return;
  /* An assessment that cannot be read is not shown, as no assessment. */
  if (records == NULL)
    records = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  show_chart (self, records);
}

static void
cancel_reading (CtZrmChart *self)
{
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
}

static void
ct_zrm_chart_dispose (GObject *object)
{
  CtZrmChart *self = CT_ZRM_CHART (object);

  cancel_reading (self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ct_zrm_chart_parent_class)->dispose (object);
}

static void
ct_zrm_chart_finalize (GObject *object)
{
  CtZrmChart *self = CT_ZRM_CHART (object);

  g_array_unref (self->rows);
  g_free (self->summary);
  g_free (self->intake_date);
  g_free (self->latest_date);
  G_OBJECT_CLASS (ct_zrm_chart_parent_class)->finalize (object);
}

static void
ct_zrm_chart_class_init (CtZrmChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_zrm_chart_dispose;
  object_class->finalize = ct_zrm_chart_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-zrm-chart.ui");
  gtk_widget_class_bind_template_child (widget_class, CtZrmChart, stack);
  gtk_widget_class_bind_template_child (widget_class, CtZrmChart, drawing_area);
  gtk_widget_class_bind_template_child (widget_class, CtZrmChart, restricted_label);
}

static void
ct_zrm_chart_init (CtZrmChart *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  gtk_drawing_area_set_draw_func (self->drawing_area, draw_cb, self, NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->drawing_area), TRUE);
  g_signal_connect (self->drawing_area, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
}

GtkWidget *
ct_zrm_chart_new (CtSession *session,
                  gint64     case_id)
{
  CtZrmChart *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_id > 0, NULL);

  self = g_object_new (CT_TYPE_ZRM_CHART, NULL);
  self->session = g_object_ref (session);
  self->case_id = case_id;
  ct_zrm_chart_reload (self);
  return GTK_WIDGET (self);
}

/**
 * ct_zrm_chart_reload:
 *
 * Reads the case's assessments again, after one was added, in a worker
 * (ct_session_read_async()); the chart shown stays until the new read
 * replaces it. A reload started meanwhile drops this one.
 */
void
ct_zrm_chart_reload (CtZrmChart *self)
{
  g_return_if_fail (CT_IS_ZRM_CHART (self));

  cancel_reading (self);
  self->reading = g_cancellable_new ();
  ct_session_read_async (self->session, read_assessments, GSIZE_TO_POINTER (self->case_id),
                         (GDestroyNotify) g_ptr_array_unref, self->reading,
                         assessments_read_cb, self);
}

/* Returns: %TRUE while the assessments are being read */
gboolean
ct_zrm_chart_get_loading (CtZrmChart *self)
{
  g_return_val_if_fail (CT_IS_ZRM_CHART (self), FALSE);

  return self->reading != NULL;
}

/* Returns: the chart as text, "Finances: 2 → 4; …", as assistive technology reads it */
const char *
ct_zrm_chart_get_summary (CtZrmChart *self)
{
  g_return_val_if_fail (CT_IS_ZRM_CHART (self), NULL);

  return self->summary;
}

guint
ct_zrm_chart_get_n_domains (CtZrmChart *self)
{
  g_return_val_if_fail (CT_IS_ZRM_CHART (self), 0);

  return self->rows->len;
}

/* Returns: whether the role may not read some domains, so some are not shown */
gboolean
ct_zrm_chart_get_some_restricted (CtZrmChart *self)
{
  g_return_val_if_fail (CT_IS_ZRM_CHART (self), FALSE);

  return self->some_restricted;
}
