/* ct-money.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CtMoneyStyle:
 * @CT_MONEY_CENTS: always two decimals ("€ 1,234.00"), for ledgers and
 *   anything a member checks to the cent
 * @CT_MONEY_CENTS_IF_ANY: decimals only when the amount has cents
 *   ("€ 84,000", "€ 125.50")
 * @CT_MONEY_WHOLE: rounded to whole euros ("€ 1,235")
 *
 * How ct_money_format() writes an amount. Every style groups thousands and
 * uses the separators of the user's language.
 */
typedef enum
{
  CT_MONEY_CENTS,
  CT_MONEY_CENTS_IF_ANY,
  CT_MONEY_WHOLE,
} CtMoneyStyle;

char *ct_money_format (gint64       cents,
                       CtMoneyStyle style);

G_END_DECLS
