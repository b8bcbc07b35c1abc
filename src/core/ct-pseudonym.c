/* ct-pseudonym.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* docs/export.md: a case is named in an export by a keyed hash of its id, stable
 * across exports so that waves can be linked, and not reversible without the
 * team file. Every export (finance, evaluator) uses this one definition:
 *
 *   key       32 random bytes, kept as 64 hex digits in the team setting
 *             "export.pseudonym-key" (made on first use)
 *   message   "casustafel-export-case:" and the case id in decimal ASCII
 *   hash      crypto_generichash (BLAKE2b), 16-byte output, keyed
 *   pseudonym "C-" followed by the first 5 bytes as 10 upper-case hex digits
 *
 * The finance export uses the team key itself. The evaluator's microdata
 * uses a key derived from it per purpose (ct_pseudonym_derive_key()), so a
 * workbook made for one purpose cannot be joined on its pseudonyms with a
 * workbook made for another. */

#define G_LOG_DOMAIN "ct-pseudonym"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "ct-error.h"
#include "ct-pseudonym.h"

#define KEY_SIZE   CT_PSEUDONYM_KEY_SIZE

G_STATIC_ASSERT (KEY_SIZE == crypto_generichash_KEYBYTES);

/**
 * ct_pseudonym_load_secret:
 * @setting: the team setting that holds it, as hex
 * @make: make and store it when there is none yet
 * @secret: (out caller-allocates): %CT_PSEUDONYM_KEY_SIZE bytes
 * @found: (out): whether there is one now
 *
 * Reads a 32-byte team secret. A damaged one is an error: a new one would
 * silently break what it links between exports.
 */
gboolean
ct_pseudonym_load_secret (CtSession   *session,
                          const char  *setting,
                          gboolean     make,
                          guint8      *secret,
                          gboolean    *found,
                          GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *hex = ct_session_get_setting (session, setting, &local);
  char fresh[2 * KEY_SIZE + 1];

  *found = FALSE;
  if (hex != NULL)
    {
      gboolean ok = strlen (hex) == 2 * KEY_SIZE
                    && sodium_hex2bin (secret, KEY_SIZE, hex, strlen (hex), NULL, NULL, NULL) == 0;

      sodium_memzero (hex, strlen (hex));
      if (!ok)
        g_set_error_literal (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
                             _("The team’s pseudonym key is damaged."));
      *found = ok;
      return ok;
    }
  if (!g_error_matches (local, CT_ERROR, CT_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!make)
    return TRUE;

  randombytes_buf (secret, KEY_SIZE);
  sodium_bin2hex (fresh, sizeof fresh, secret, KEY_SIZE);
  if (!ct_session_set_setting (session, setting, fresh, error))
    {
      sodium_memzero (fresh, sizeof fresh);
      return FALSE;
    }
  sodium_memzero (fresh, sizeof fresh);
  *found = TRUE;
  return TRUE;
}

/**
 * ct_pseudonym_load_key:
 * @key: (out caller-allocates): %CT_PSEUDONYM_KEY_SIZE bytes
 *
 * Reads the team's pseudonym key, making it on first use.
 */
gboolean
ct_pseudonym_load_key (CtSession *session,
                       guint8    *key,
                       GError   **error)
{
  gboolean found;

  return ct_pseudonym_load_secret (session, CT_PSEUDONYM_KEY_SETTING, TRUE, key, &found, error);
}

/**
 * ct_pseudonym_derive_key:
 * @purpose: what the pseudonyms are for, e.g. "evaluator-microdata:AGREEMENT"
 * @out: (out caller-allocates): %CT_PSEUDONYM_KEY_SIZE bytes; may be @key
 *
 * A key of its own per purpose: keyed BLAKE2b of
 * "casustafel-pseudonym-purpose:" and @purpose under @key.
 */
void
ct_pseudonym_derive_key (const guint8 *key,
                         const char   *purpose,
                         guint8       *out)
{
  g_autofree char *message = g_strconcat ("casustafel-pseudonym-purpose:", purpose, NULL);
  guint8 derived[KEY_SIZE];

  crypto_generichash (derived, sizeof derived, (const guint8 *) message, strlen (message), key,
                      KEY_SIZE);
  memcpy (out, derived, KEY_SIZE);
  sodium_memzero (derived, sizeof derived);
}

/**
 * ct_pseudonym_record_key:
 *
 * A household's record key for the cell-key method: the first four bytes
 * of keyed BLAKE2b of "casustafel-cell-key:" and its id under the team's
 * cell-key secret.
 */
guint32
ct_pseudonym_record_key (const guint8 *secret,
                         gint64        household_id)
{
  char message[48];
  guint8 hash[16];
  guint32 key;

  g_snprintf (message, sizeof message, "casustafel-cell-key:%" G_GINT64_FORMAT, household_id);
  crypto_generichash (hash, sizeof hash, (const guint8 *) message, strlen (message), secret,
                      KEY_SIZE);
  key = (guint32) hash[0] << 24 | (guint32) hash[1] << 16 | (guint32) hash[2] << 8 | hash[3];
  sodium_memzero (hash, sizeof hash);
  return key;
}

/**
 * ct_pseudonym_for_case:
 * @case_id: the row id of a case
 *
 * Returns: (transfer full): "C-" and ten hex digits, or %NULL with @error
 */
char *
ct_pseudonym_for_case (CtSession  *session,
                       gint64      case_id,
                       GError    **error)
{
  guint8 key[KEY_SIZE];
  char out[CT_PSEUDONYM_SIZE];

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_id > 0, NULL);

  if (!ct_pseudonym_load_key (session, key, error))
    return NULL;

  ct_pseudonym_compute (key, case_id, out);
  sodium_memzero (key, sizeof key);
  return g_strdup (out);
}

/**
 * ct_pseudonym_compute:
 * @out: (out caller-allocates): %CT_PSEUDONYM_SIZE bytes
 *
 * The pseudonym of @case_id under @key (see the top of this file).
 */
void
ct_pseudonym_compute (const guint8 *key,
                      gint64        case_id,
                      char         *out)
{
  char message[48];
  guint8 hash[16];

  g_snprintf (message, sizeof message, "casustafel-export-case:%" G_GINT64_FORMAT, case_id);
  crypto_generichash (hash, sizeof hash, (const guint8 *) message, strlen (message), key,
                      KEY_SIZE);
  g_snprintf (out, CT_PSEUDONYM_SIZE, "C-%02X%02X%02X%02X%02X", hash[0], hash[1], hash[2],
              hash[3], hash[4]);
  sodium_memzero (hash, sizeof hash);
}
