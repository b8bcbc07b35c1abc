/* ct-money.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-money"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-money.h"

/**
 * ct_money_format:
 * @cents: an amount in euro cents; negative amounts get a minus sign
 * @style: whether to write cents
 *
 * The one formatter for amounts: the GUI, the CLI, reports and doorbraken
 * all write money through it, so they never disagree on separators or
 * rounding.
 *
 * Returns: (transfer full): "€ 1,234.50" in English, "€ 1.234,50" in Dutch
 */
char *
ct_money_format (gint64       cents,
                 CtMoneyStyle style)
{
  /* Translators: the thousands separator and the decimal separator in
   * amounts, in that order: Dutch writes 1.234,56 */
  const char *separators = _(",.");
  guint64 abs_cents = cents < 0 ? -(guint64) cents : (guint64) cents;
  char digits[32];
  int n;
  GString *out;

  g_return_val_if_fail (style <= CT_MONEY_WHOLE, NULL);

  if (style == CT_MONEY_WHOLE)
    abs_cents = (abs_cents + 50) / 100 * 100;
  n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, abs_cents / 100);
  out = g_string_new (cents < 0 && abs_cents > 0 ? "−€ " : "€ ");
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, separators[0]);
      g_string_append_c (out, digits[i]);
    }
  if (style == CT_MONEY_CENTS || (style == CT_MONEY_CENTS_IF_ANY && abs_cents % 100 != 0))
    g_string_append_printf (out, "%c%02u", separators[1], (guint) (abs_cents % 100));
  return g_string_free (out, FALSE);
}
