/* ct-inzage-pdf.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The inzage as a PDF: the core's text laid out on A4 pages by
 * ct_output_save_pdf(), in the PDF library beside the core, so that the
 * core itself needs no drawing library; the CLI and the GUI link it.
 * Nothing is written but the chosen output, through a temporary file
 * beside it that is renamed when complete (ct-output.h). */

#define G_LOG_DOMAIN "ct-inzage"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-error.h"
#include "ct-inzage.h"
#include "ct-inzage-pdf.h"
#include "ct-output.h"
#include "ct-output-pdf.h"

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

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return ct_output_check_target (out, self, error)
         && (text = ct_session_inzage_text (self, household_id, error)) != NULL
         && ct_output_save_pdf (out, text, FALSE, error);
}
