/* ct-inzage-pdf.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The inzage as a PDF: the core's text laid out on A4 pages with Pango
 * and cairo. Its own small library beside the core, so that the core
 * itself needs no drawing library; the CLI and the GUI link it. Nothing
 * is written but the chosen output, through a temporary file beside it
 * that is renamed when complete (ct-output.h). */

#define G_LOG_DOMAIN "ct-inzage"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ct-error.h"
#include "ct-inzage.h"
#include "ct-inzage-pdf.h"
#include "ct-output.h"

#define A4_WIDTH  595.0
#define A4_HEIGHT 842.0
#define MARGIN    56.0

/**
 * ct_text_write_pdf:
 *
 * Lays @text out on A4 pages of a PDF at @path, line by line.
 */
gboolean
ct_text_write_pdf (const char  *path,
                   const char  *text,
                   GError     **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 10");
  PangoLayoutIter *iter;
  double offset = 0;
  cairo_status_t status;

  g_return_val_if_fail (path != NULL && text != NULL, FALSE);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((A4_WIDTH - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;
      double top;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE - offset;
      if (top + (double) logical.height / PANGO_SCALE > A4_HEIGHT - 2 * MARGIN)
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
 * ct_session_write_inzage_pdf:
 * @out: the file the member chose
 *
 * Makes the inzage of @household_id (a regisseur only; the core logs it)
 * and writes it to @out, never over a team file, a folder or a device.
 */
gboolean
ct_session_write_inzage_pdf (CtSession  *self,
                             gint64      household_id,
                             const char *out,
                             GError    **error)
{
  g_autofree char *text = NULL;
  g_autofree char *tmp = NULL;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!ct_output_check_target (out, self, error)
      || (text = ct_session_inzage_text (self, household_id, error)) == NULL
      || (tmp = ct_output_create_temp (out, error)) == NULL)
    return FALSE;
  if (!ct_text_write_pdf (tmp, text, error) || !ct_output_commit (tmp, out, error))
    {
      ct_output_discard (tmp);
      return FALSE;
    }
  return TRUE;
}
