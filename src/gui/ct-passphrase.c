/* ct-passphrase.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-passphrase"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-passphrase.h"
#include "ct-vault.h"

static const char * const hint_classes[] = { "error", "warning", "success", NULL };

/* Lowercase, uppercase, digits, and everything else (spaces, punctuation,
 * letters outside ASCII). */
static guint
count_classes (const char *passphrase)
{
  gboolean seen[4] = { FALSE, };
  guint n = 0;

  for (const char *p = passphrase; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        seen[0] = TRUE;
      else if (g_unichar_isupper (c))
        seen[1] = TRUE;
      else if (g_unichar_isdigit (c))
        seen[2] = TRUE;
      else
        seen[3] = TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (seen); i++)
    n += seen[i];

  return n;
}

/**
 * ct_passphrase_get_strength:
 * @passphrase: what the person typed
 *
 * A rough hint from length and kinds of characters, not an entropy
 * estimate: its job is to nudge people from "Welkom01" to a few words.
 */
CtPassphraseStrength
ct_passphrase_get_strength (const char *passphrase)
{
  glong len;
  guint classes;

  g_return_val_if_fail (passphrase != NULL, CT_PASSPHRASE_EMPTY);

  len = g_utf8_strlen (passphrase, -1);
  classes = count_classes (passphrase);

  if (len == 0)
    return CT_PASSPHRASE_EMPTY;
  if (len < CT_PASSPHRASE_MIN)
    return CT_PASSPHRASE_TOO_SHORT;
  if (len >= 20 || (len >= 14 && classes >= 2) || (len >= 12 && classes >= 3))
    return CT_PASSPHRASE_STRONG;
  if (len >= 12 || (len >= 10 && classes >= 2) || classes >= 3)
    return CT_PASSPHRASE_FAIR;

  return CT_PASSPHRASE_WEAK;
}

static void
set_hint (GtkLabel   *hint,
          const char *text,
          const char *css_class)
{
  for (guint i = 0; hint_classes[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (hint), hint_classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (hint), css_class);

  gtk_label_set_text (hint, text);
  gtk_widget_set_visible (GTK_WIDGET (hint), text[0] != '\0');
}

/**
 * ct_passphrase_update_hint:
 * @hint: the label under the two passphrase entries
 * @passphrase: the new passphrase
 * @repeat: the same typed again
 *
 * Says how strong @passphrase is, or that the two differ.
 *
 * Returns: whether the passphrase may be used: long enough, typed twice alike
 */
gboolean
ct_passphrase_update_hint (GtkLabel   *hint,
                           const char *passphrase,
                           const char *repeat)
{
  g_autofree char *too_short = NULL;
  gboolean same = g_strcmp0 (passphrase, repeat) == 0;

  g_return_val_if_fail (GTK_IS_LABEL (hint), FALSE);

  /* The mismatch only matters once the second entry is as long as the
   * first: saying so after every key press while typing it is noise. */
  if (!same && strlen (repeat) >= strlen (passphrase))
    {
      set_hint (hint, _("The two passphrases are not the same."), "error");
      return FALSE;
    }

  switch (ct_passphrase_get_strength (passphrase))
    {
    case CT_PASSPHRASE_EMPTY:
      set_hint (hint, "", NULL);
      return FALSE;
    case CT_PASSPHRASE_TOO_SHORT:
      too_short = g_strdup_printf (ngettext ("Too short: use at least %d character.",
                                             "Too short: use at least %d characters.",
                                             CT_PASSPHRASE_MIN),
                                   CT_PASSPHRASE_MIN);
      set_hint (hint, too_short, "error");
      return FALSE;
    case CT_PASSPHRASE_WEAK:
      set_hint (hint, _("Weak: a few unrelated words make it stronger."), "warning");
      break;
    case CT_PASSPHRASE_FAIR:
      set_hint (hint, _("Fair: a longer passphrase is stronger."), NULL);
      break;
    case CT_PASSPHRASE_STRONG:
      set_hint (hint, _("Strong"), "success");
      break;
    default:
      g_assert_not_reached ();
    }

  return same;
}
