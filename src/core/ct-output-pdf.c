/* ct-output-pdf.c — text laid out on the A4 pages of a PDF
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The inzage, the partners' list and a shared doorbraak are PDFs of one
 * long text. They are written here, page after page, through the same
 * temporary name and rename as every other output (ct-output.c), so a
 * PDF is there whole or not at all and never replaces a team file. */

#define G_LOG_DOMAIN "ct-output"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ct-error.h"
#include "ct-output.h"
#include "ct-output-pdf.h"

#define A4_WIDTH  595.0
#define A4_HEIGHT 842.0
#define MARGIN    56.0

/* Lays @layout out line by line, starting a page where a line would
 * cross the bottom margin. */
static void
show_lines (cairo_t     *cr,
            PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double offset = 0;

  do
    {
      PangoRectangle logical;
      double top;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE - offset;
      if (top + (double) logical.height / PANGO_SCALE > A4_HEIGHT - 2 * MARGIN && top > 0)
        {
          cairo_show_page (cr);
          offset += top;
          top = 0;
        }
      cairo_move_to (cr, MARGIN + (double) logical.x / PANGO_SCALE,
                     MARGIN + top + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE
                       - (double) logical.y / PANGO_SCALE);
      pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static gboolean
write_pdf (const char *path,
           const char *text,
           gboolean    is_markup,
           GError    **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 10");
  cairo_status_t status;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((A4_WIDTH - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (is_markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  show_lines (cr, layout);

  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("The PDF could not be written (%s)."),
               cairo_status_to_string (status));
  return FALSE;
}

/**
 * ct_output_save_pdf:
 * @path: the PDF the user chose; checked already with ct_output_check_target()
 * @text: the text, or Pango markup when @is_markup
 * @is_markup: whether @text is Pango markup
 * @error: return location for a #GError
 *
 * Writes @text on as many A4 pages as it needs, under a temporary name
 * beside @path that is renamed over it once complete.
 *
 * Returns: %TRUE when @path holds the whole PDF
 */
gboolean
ct_output_save_pdf (const char *path,
                    const char *text,
                    gboolean    is_markup,
                    GError    **error)
{
  g_autofree char *tmp = NULL;

  g_return_val_if_fail (path != NULL && text != NULL, FALSE);

  if ((tmp = ct_output_create_temp (path, error)) == NULL)
    return FALSE;
  if (!write_pdf (tmp, text, is_markup, error) || !ct_output_commit (tmp, path, error))
    {
      ct_output_discard (tmp);
      return FALSE;
    }
  return TRUE;
}
