/* ct-crypto.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-crypto"

#include "config.h"

#include <string.h>

#include "ct-crypto.h"

/* Crockford's base32: no I, L, O or U, so what is written down by hand is
 * read back without confusion. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define CODE_CHECK_CHARS 4
#define CODE_GROUP       4

gpointer
ct_secure_alloc (gsize size)
{
  gpointer mem = sodium_malloc (size);

  if (mem == NULL)
    g_error ("Out of secure memory (%zu bytes)", size);

  sodium_memzero (mem, size);
  return mem;
}

void
ct_secure_free (gpointer mem)
{
  /* sodium_free() wipes the memory before releasing it. */
  sodium_free (mem);
}

/**
 * ct_secret_new_string:
 * @text: a secret string
 *
 * Returns: (transfer full): a copy of @text in sodium_malloc() memory
 */
CtSecret *
ct_secret_new_string (const char *text)
{
  gsize len;
  CtSecret *copy;

  g_return_val_if_fail (text != NULL, NULL);

  len = strlen (text);
  copy = ct_secure_alloc (len + 1);
  memcpy (copy, text, len);

  return copy;
}

void
ct_secret_free (CtSecret *secret)
{
  ct_secure_free (secret);
}

/**
 * ct_kdf_default_params:
 *
 * The product uses libsodium's MODERATE Argon2id cost. Only the test-only
 * environment variable CASUSTAFEL_TEST_KDF=interactive lowers new keyslots
 * to the INTERACTIVE cost, which is still within the accepted bounds.
 */
void
ct_kdf_default_params (CtKdfParams *params)
{
  const char *test_kdf = g_getenv ("CASUSTAFEL_TEST_KDF");

  if (g_strcmp0 (test_kdf, "interactive") == 0)
    {
      params->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      params->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      return;
    }

  params->opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
  params->memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
}

/* Parameters read from a file are checked before any derivation: below the
 * INTERACTIVE cost a stolen file would be cheap to attack; above the
 * MODERATE cost, the most this product ever writes, a slot was damaged or
 * raised by someone holding the file, and running it would cost every
 * attempt seconds and gigabytes (docs/file-format.md). */
gboolean
ct_kdf_params_in_bounds (const CtKdfParams *params)
{
  return params->opslimit >= CT_KDF_OPSLIMIT_MIN && params->opslimit <= CT_KDF_OPSLIMIT_MAX
         && params->memlimit >= CT_KDF_MEMLIMIT_MIN && params->memlimit <= CT_KDF_MEMLIMIT_MAX;
}

gboolean
ct_kdf_derive (const char        *passphrase,
               const guint8      *salt,
               const CtKdfParams *params,
               guint8            *key)
{
  g_assert (ct_kdf_params_in_bounds (params));

  return crypto_pwhash (key, CT_KEY_SIZE, passphrase, strlen (passphrase), salt,
                        params->opslimit, params->memlimit,
                        crypto_pwhash_ALG_ARGON2ID13) == 0;
}

/* The seed is the member's only long-term secret: the box and signing key
 * pairs are derived from it with crypto_kdf, one subkey each. */
CtIdentity *
ct_identity_new_from_seed (const guint8 *seed)
{
  CtIdentity *identity = ct_secure_alloc (sizeof *identity);
  guint8 *subkey = ct_secure_alloc (crypto_box_SEEDBYTES);

  memcpy (identity->seed, seed, CT_SEED_SIZE);

  crypto_kdf_derive_from_key (subkey, crypto_box_SEEDBYTES, 1, "ctmember", seed);
  crypto_box_seed_keypair (identity->box_pk, identity->box_sk, subkey);

  crypto_kdf_derive_from_key (subkey, crypto_sign_SEEDBYTES, 2, "ctmember", seed);
  crypto_sign_seed_keypair (identity->sign_pk, identity->sign_sk, subkey);

  ct_secure_free (subkey);
  return identity;
}

CtIdentity *
ct_identity_new_random (void)
{
  guint8 *seed = ct_secure_alloc (CT_SEED_SIZE);
  CtIdentity *identity;

  randombytes_buf (seed, CT_SEED_SIZE);
  identity = ct_identity_new_from_seed (seed);
  ct_secure_free (seed);

  return identity;
}

void
ct_identity_free (CtIdentity *identity)
{
  ct_secure_free (identity);
}

static void
code_checksum (const guint8 *data,
               gsize         len,
               guint8        check[3])
{
  crypto_generichash (check, 3, data, len, (const guint8 *) "ct-code", 7);
}

/* Appends the base32 digits of @nbits bits of @data. */
static void
code_append_base32 (GString      *out,
                    const guint8 *data,
                    gsize         nbits)
{
  for (gsize bit = 0; bit < nbits; bit += 5)
    {
      guint value = 0;

      for (guint i = 0; i < 5; i++)
        {
          gsize b = bit + i;
          guint set = b < nbits ? (data[b / 8] >> (7 - b % 8)) & 1 : 0;
          value = (value << 1) | set;
        }
      g_string_append_c (out, code_alphabet[value]);
    }
}

/**
 * ct_code_format:
 * @data: random bytes (a recovery key or an enrolment code)
 * @len: their length, a multiple of 5
 *
 * Writes @data as groups of four base32 characters followed by one group
 * of four check characters, so that a typo is caught as a typo.
 *
 * Returns: (transfer full): the code, e.g. "7K2M-…-Q4ZD", in secure memory
 */
CtSecret *
ct_code_format (const guint8 *data,
                gsize         len)
{
  /* Sized up front: a GString that grows leaves unwiped copies behind. */
  g_autoptr(GString) digits = g_string_sized_new (2 * len + 8);
  g_autoptr(GString) grouped = g_string_sized_new (3 * len + 8);
  guint8 check[3];
  CtSecret *code;

  g_return_val_if_fail (len % 5 == 0, NULL);

  code_append_base32 (digits, data, len * 8);
  code_checksum (data, len, check);
  code_append_base32 (digits, check, CODE_CHECK_CHARS * 5);

  for (gsize i = 0; i < digits->len; i++)
    {
      if (i > 0 && i % CODE_GROUP == 0)
        g_string_append_c (grouped, '-');
      g_string_append_c (grouped, digits->str[i]);
    }

  code = ct_secret_new_string (grouped->str);
  sodium_memzero (digits->str, digits->len);
  sodium_memzero (grouped->str, grouped->len);
  return code;
}

static int
code_digit_value (char c)
{
  const char *pos;

  c = g_ascii_toupper (c);
  if (c == 'O')
    c = '0';
  else if (c == 'I' || c == 'L')
    c = '1';

  pos = strchr (code_alphabet, c);
  return c != '\0' && pos != NULL ? (int) (pos - code_alphabet) : -1;
}

/**
 * ct_code_parse:
 * @text: a code as typed: case, spaces and dashes do not matter
 * @data: (out caller-allocates): @len bytes
 * @len: the number of bytes the code holds
 *
 * Returns: %FALSE when @text is not a well-formed code or its check
 *   characters do not match (a typo)
 */
gboolean
ct_code_parse (const char *text,
               guint8     *data,
               gsize       len)
{
  gsize ndigits = (len * 8) / 5 + CODE_CHECK_CHARS;
  gsize bit = 0;
  guint8 check[3] = { 0 };
  guint8 expected[3];
  gsize seen = 0;

  memset (data, 0, len);

  for (const char *p = text; *p != '\0'; p++)
    {
      int value;

      /* A code copied from the screen may be wrapped over lines. */
      if (*p == '-' || g_ascii_isspace (*p))
        continue;

      value = code_digit_value (*p);
      if (value < 0 || seen == ndigits)
        return FALSE;
      seen++;

      for (int i = 4; i >= 0; i--, bit++)
        {
          guint set = (value >> i) & 1;
          gsize data_bits = len * 8;

          if (bit < data_bits)
            data[bit / 8] |= set << (7 - bit % 8);
          else if (bit - data_bits < 24)
            check[(bit - data_bits) / 8] |= set << (7 - (bit - data_bits) % 8);
        }
    }

  if (seen != ndigits)
    return FALSE;

  /* Compare only the 20 check bits the code carries. */
  code_checksum (data, len, expected);
  expected[2] &= 0xF0;
  check[2] &= 0xF0;
  return sodium_memcmp (check, expected, 3) == 0;
}

/**
 * ct_raw_key_string:
 * @key: a 32-byte database key
 *
 * Returns: (transfer full): "x'<64 hex>'" in secure memory, the form
 *   SQLCipher takes for a raw key; free with ct_secret_free()
 */
char *
ct_raw_key_string (const guint8 *key)
{
  char *str = ct_secure_alloc (2 * CT_KEY_SIZE + 4);

  str[0] = 'x';
  str[1] = '\'';
  sodium_bin2hex (str + 2, 2 * CT_KEY_SIZE + 1, key, CT_KEY_SIZE);
  str[2 + 2 * CT_KEY_SIZE] = '\'';
  str[3 + 2 * CT_KEY_SIZE] = '\0';

  return str;
}
