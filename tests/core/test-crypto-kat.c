/* test-crypto-kat.c — known answers for the primitives the team file uses
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every expected value here comes from a source independent of libsodium:
 * the Argon2 reference implementation's command-line tool, and the test
 * vector published in the XChaCha draft. The recovery-key and enrolment
 * code format is checked for its round trip and for catching typos. */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-crypto.h"

static void
assert_hex (const guint8 *bytes,
            gsize         len,
            const char   *expected_hex)
{
  g_autofree char *hex = g_malloc (2 * len + 1);

  sodium_bin2hex (hex, 2 * len + 1, bytes, len);
  g_assert_cmpstr (hex, ==, expected_hex);
}

static guint8 *
from_hex (const char *hex,
          gsize      *len)
{
  gsize max = strlen (hex) / 2 + 1;
  guint8 *bytes = g_malloc (max);

  g_assert_cmpint (sodium_hex2bin (bytes, max, hex, strlen (hex), ": ", len, NULL), ==, 0);
  return bytes;
}

/* Argon2id v1.3, p = 1, 32-byte output. libsodium's crypto_pwhash takes
 * t = opslimit and m = memlimit / 1024 KiB, with one lane. The expected
 * hashes come from the reference implementation (Debian package argon2,
 * 0~20171227):
 *
 *   printf '%s' 'correct horse battery staple' \
 *     | argon2 'casustafel-salt!' -id -t 3 -k 4096 -p 1 -l 32 -r
 *   6260cbf46a99a8035e29af61f78f9df5d30aabfd84733d3c05478d9754fc3d31
 *
 *   printf '%s' 'password' | argon2 'somesaltSOMESALT' -id -t 2 -k 65536 -p 1 -l 32 -r
 *   28a00c0642c17f1f87b08f61fc627f76996f6c13c3c62572ee0b450416411a74
 */
static const struct
{
  const char *password;
  const char *salt;  /* 16 bytes, crypto_pwhash_SALTBYTES */
  guint64     t;
  guint64     m_kib;
  const char *hash;
} argon2id_vectors[] = {
  { "correct horse battery staple", "casustafel-salt!", 3, 4096,
    "6260cbf46a99a8035e29af61f78f9df5d30aabfd84733d3c05478d9754fc3d31" },
  { "password", "somesaltSOMESALT", 2, 65536,
    "28a00c0642c17f1f87b08f61fc627f76996f6c13c3c62572ee0b450416411a74" },
};

static void
test_argon2id_reference (void)
{
  G_STATIC_ASSERT (crypto_pwhash_SALTBYTES == 16);

  for (gsize i = 0; i < G_N_ELEMENTS (argon2id_vectors); i++)
    {
      guint8 key[32];

      g_assert_cmpuint (strlen (argon2id_vectors[i].salt), ==, crypto_pwhash_SALTBYTES);
      g_assert_cmpint (crypto_pwhash (key, sizeof key, argon2id_vectors[i].password,
                                      strlen (argon2id_vectors[i].password),
                                      (const guint8 *) argon2id_vectors[i].salt,
                                      argon2id_vectors[i].t, argon2id_vectors[i].m_kib * 1024,
                                      crypto_pwhash_ALG_ARGON2ID13), ==, 0);
      assert_hex (key, sizeof key, argon2id_vectors[i].hash);
    }
}

/* The second vector is exactly libsodium's INTERACTIVE cost (t = 2,
 * 64 MiB), the lowest the core accepts, so ct_kdf_derive() itself is
 * checked against the reference too. */
static void
test_argon2id_core_kdf (void)
{
  CtKdfParams params = { crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE };
  guint8 key[CT_KEY_SIZE];

  g_assert_cmpuint (params.opslimit, ==, argon2id_vectors[1].t);
  g_assert_cmpuint (params.memlimit, ==, argon2id_vectors[1].m_kib * 1024);
  g_assert_true (ct_kdf_params_in_bounds (&params));

  g_assert_true (ct_kdf_derive (argon2id_vectors[1].password,
                                (const guint8 *) argon2id_vectors[1].salt, &params, key));
  assert_hex (key, sizeof key, argon2id_vectors[1].hash);
}

/* draft-irtf-cfrg-xchacha-03, Appendix A.3.1 (AEAD_XChaCha20_Poly1305). */
#define XCHACHA_PLAINTEXT \
  "4c616469657320616e642047656e746c656d656e206f662074686520636c6173" \
  "73206f66202739393a204966204920636f756c64206f6666657220796f75206f" \
  "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73" \
  "637265656e20776f756c642062652069742e"
#define XCHACHA_AAD   "50515253c0c1c2c3c4c5c6c7"
#define XCHACHA_KEY   "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
#define XCHACHA_NONCE "404142434445464748494a4b4c4d4e4f5051525354555657"
#define XCHACHA_CIPHERTEXT \
  "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb" \
  "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452" \
  "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9" \
  "21f9664c97637da9768812f615c68b13b52e"
#define XCHACHA_TAG   "c0875924c1c7987947deafd8780acf49"

static void
test_xchacha20poly1305_draft (void)
{
  gsize pt_len, aad_len, key_len, nonce_len, ct_len;
  g_autofree guint8 *pt = from_hex (XCHACHA_PLAINTEXT, &pt_len);
  g_autofree guint8 *aad = from_hex (XCHACHA_AAD, &aad_len);
  g_autofree guint8 *key = from_hex (XCHACHA_KEY, &key_len);
  g_autofree guint8 *nonce = from_hex (XCHACHA_NONCE, &nonce_len);
  g_autofree guint8 *expected = from_hex (XCHACHA_CIPHERTEXT XCHACHA_TAG, &ct_len);
  g_autofree guint8 *out = g_malloc (pt_len + CT_TAG_SIZE);
  g_autofree guint8 *back = g_malloc (pt_len);
  unsigned long long out_len = 0, back_len = 0;

  g_assert_cmpuint (pt_len, ==, 114);
  g_assert_cmpuint (key_len, ==, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  g_assert_cmpuint (nonce_len, ==, CT_NONCE_SIZE);
  g_assert_cmpuint (ct_len, ==, pt_len + CT_TAG_SIZE);

  /* Encryption gives the published ciphertext and tag. */
  g_assert_cmpint (crypto_aead_xchacha20poly1305_ietf_encrypt (out, &out_len, pt, pt_len, aad,
                                                               aad_len, NULL, nonce, key), ==, 0);
  g_assert_cmpuint (out_len, ==, ct_len);
  assert_hex (out, out_len, XCHACHA_CIPHERTEXT XCHACHA_TAG);

  /* Decryption of the published bytes gives the plaintext back. */
  g_assert_cmpint (crypto_aead_xchacha20poly1305_ietf_decrypt (back, &back_len, NULL, expected,
                                                               ct_len, aad, aad_len, nonce,
                                                               key), ==, 0);
  g_assert_cmpuint (back_len, ==, pt_len);
  g_assert_cmpmem (back, back_len, pt, pt_len);

  /* One flipped bit anywhere in ciphertext, tag or associated data fails. */
  for (gsize i = 0; i < ct_len; i += 7)
    {
      expected[i] ^= 0x01;
      g_assert_cmpint (crypto_aead_xchacha20poly1305_ietf_decrypt (back, NULL, NULL, expected,
                                                                   ct_len, aad, aad_len, nonce,
                                                                   key), ==, -1);
      expected[i] ^= 0x01;
    }
  aad[0] ^= 0x80;
  g_assert_cmpint (crypto_aead_xchacha20poly1305_ietf_decrypt (back, NULL, NULL, expected, ct_len,
                                                               aad, aad_len, nonce, key), ==, -1);
}

static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The length of a code without its dashes. */
static gsize
code_digits (gsize len)
{
  return len * 8 / 5 + 4;
}

static void
test_code_round_trip (void)
{
  static const gsize sizes[] = { CT_RECOVERY_SIZE, CT_ENROLMENT_SIZE, 5 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint trial = 0; trial < 200; trial++)
      {
        gsize len = sizes[s];
        g_autofree guint8 *data = g_malloc (len);
        g_autofree guint8 *parsed = g_malloc (len);
        g_autoptr(CtSecret) code = NULL;
        gsize digits = 0;

        for (gsize i = 0; i < len; i++)
          data[i] = trial == 0 ? 0x00 : trial == 1 ? 0xff : (guint8) g_rand_int (rand);

        code = ct_code_format (data, len);
        g_assert_nonnull (code);

        /* Groups of four, separated by dashes, from the Crockford alphabet. */
        for (gsize i = 0; code[i] != '\0'; i++)
          {
            if (i % 5 == 4)
              {
                g_assert_cmpint (code[i], ==, '-');
                continue;
              }
            g_assert_nonnull (strchr (code_alphabet, code[i]));
            digits++;
          }
        g_assert_cmpuint (digits, ==, code_digits (len));

        g_assert_true (ct_code_parse (code, parsed, len));
        g_assert_cmpmem (parsed, len, data, len);

        /* The wrong length never parses. */
        if (len > 5)
          g_assert_false (ct_code_parse (code, parsed, len - 5));
      }
}

/* Every single-character substitution (another character of the alphabet,
 * at a random place) must be caught by the 20 check bits: at least 99.9%
 * of 10 000 trials, where chance alone would let about 1 in a million
 * through. */
static void
test_code_catches_substitutions (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  guint caught = 0, trials = 10000;

  for (guint trial = 0; trial < trials; trial++)
    {
      gsize len = trial % 2 == 0 ? CT_RECOVERY_SIZE : CT_ENROLMENT_SIZE;
      g_autofree guint8 *data = g_malloc (len);
      g_autofree guint8 *parsed = g_malloc (len);
      g_autoptr(CtSecret) code = NULL;
      gsize n, pos;
      char old, repl;

      for (gsize i = 0; i < len; i++)
        data[i] = (guint8) g_rand_int (rand);
      code = ct_code_format (data, len);
      n = strlen (code);

      do
        pos = g_rand_int_range (rand, 0, (gint32) n);
      while (code[pos] == '-');

      old = code[pos];
      do
        repl = code_alphabet[g_rand_int_range (rand, 0, 32)];
      while (repl == old);
      code[pos] = repl;

      if (!ct_code_parse (code, parsed, len))
        caught++;
      else
        g_test_message ("substitution not caught: trial %u, position %zu, %c -> %c", trial,
                        pos, old, repl);
    }

  g_test_message ("single-character substitutions caught: %u of %u", caught, trials);
  g_assert_cmpuint (caught * 1000, >=, trials * 999);
}

/* What people write down and type back: lowercase, O for 0, I and L for 1,
 * spaces or no separators at all. U is not in the alphabet. */
static void
test_code_lenient_reading (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (77);
  guint seen_zero = 0, seen_one = 0;

  for (guint trial = 0; trial < 300; trial++)
    {
      gsize len = trial % 2 == 0 ? CT_RECOVERY_SIZE : CT_ENROLMENT_SIZE;
      g_autofree guint8 *data = g_malloc (len);
      g_autofree guint8 *parsed = g_malloc (len);
      g_autoptr(CtSecret) code = NULL;
      g_autoptr(GString) lower = g_string_new (NULL);
      g_autoptr(GString) confused = g_string_new (NULL);
      g_autoptr(GString) spaced = g_string_new (NULL);
      g_autoptr(GString) bare = g_string_new (NULL);

      for (gsize i = 0; i < len; i++)
        data[i] = (guint8) g_rand_int (rand);
      code = ct_code_format (data, len);

      for (const char *p = code; *p != '\0'; p++)
        {
          g_string_append_c (lower, g_ascii_tolower (*p));
          g_string_append_c (spaced, *p == '-' ? ' ' : *p);
          if (*p != '-')
            g_string_append_c (bare, *p);

          if (*p == '0')
            {
              g_string_append_c (confused, "Oo"[g_rand_int_range (rand, 0, 2)]);
              seen_zero++;
            }
          else if (*p == '1')
            {
              g_string_append_c (confused, "IiLl"[g_rand_int_range (rand, 0, 4)]);
              seen_one++;
            }
          else
            g_string_append_c (confused, g_rand_boolean (rand) ? g_ascii_tolower (*p) : *p);
        }

      g_assert_true (ct_code_parse (lower->str, parsed, len));
      g_assert_cmpmem (parsed, len, data, len);
      g_assert_true (ct_code_parse (confused->str, parsed, len));
      g_assert_cmpmem (parsed, len, data, len);
      g_assert_true (ct_code_parse (spaced->str, parsed, len));
      g_assert_cmpmem (parsed, len, data, len);
      g_assert_true (ct_code_parse (bare->str, parsed, len));
      g_assert_cmpmem (parsed, len, data, len);

      /* U (and u) is no digit; nor is anything outside the alphabet. */
      lower->str[0] = 'u';
      g_assert_false (ct_code_parse (lower->str, parsed, len));
      bare->str[0] = 'U';
      g_assert_false (ct_code_parse (bare->str, parsed, len));
      bare->str[0] = '*';
      g_assert_false (ct_code_parse (bare->str, parsed, len));
    }

  /* The trials did exercise the confusable characters. */
  g_assert_cmpuint (seen_zero, >, 50);
  g_assert_cmpuint (seen_one, >, 50);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/crypto-kat/argon2id/reference", test_argon2id_reference);
  g_test_add_func ("/crypto-kat/argon2id/core-kdf", test_argon2id_core_kdf);
  g_test_add_func ("/crypto-kat/xchacha20poly1305/draft-a.3.1", test_xchacha20poly1305_draft);
  g_test_add_func ("/crypto-kat/code/round-trip", test_code_round_trip);
  g_test_add_func ("/crypto-kat/code/catches-substitutions", test_code_catches_substitutions);
  g_test_add_func ("/crypto-kat/code/lenient-reading", test_code_lenient_reading);

  return g_test_run ();
}
