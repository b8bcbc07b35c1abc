/* fuzz-sealed-common.c — the entry point of the fuzz targets of the sealed sync envelope
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A change file and a snapshot share their envelope and differ in the
 * magic (docs/sync-files.md). The input's last byte chooses what the rest is:
 *   bit 0 clear: the plaintext; it is sealed under a fixed sync key and
 *          signed with a fixed member key, with the target's magic, so the
 *          strict parser behind the signature and the tag is reached;
 *   bit 0 set: a whole file as it lies in the folder.
 * Either way the target's reader reads it as a replica would. */

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "fuzz-sealed-common.h"

const guint8 fuzz_sealed_key[CT_SYNC_KEY_SIZE] = { 7 };
static const guint8 seed[CT_SEED_SIZE] = { 42 };

/* The whole file, built around @plain as the writer builds it. */
static GBytes *
seal_plaintext (const char       *magic,
                const guint8     *plain,
                gsize             len,
                const CtIdentity *author)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 header[CT_SYNC_HEADER_SIZE];
  gsize body;

  memcpy (header, magic, 8);
  randombytes_buf (header + 8, CT_SYNC_HEADER_SIZE - 8);
  g_byte_array_append (out, header, sizeof header);
  g_byte_array_set_size (out, (guint) (CT_SYNC_HEADER_SIZE + len + CT_TAG_SIZE));
  crypto_aead_xchacha20poly1305_ietf_encrypt (out->data + CT_SYNC_HEADER_SIZE, NULL, plain, len,
                                              out->data, CT_SYNC_HEADER_SIZE, NULL,
                                              out->data + CT_SYNC_HEADER_SIZE - CT_NONCE_SIZE,
                                              fuzz_sealed_key);
  body = out->len;
  g_byte_array_set_size (out, (guint) (body + CT_SYNC_SIG_SIZE));
  crypto_sign_detached (out->data + body, NULL, out->data, body, author->sign_sk);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * fuzz_sealed_run:
 * @magic: 8 bytes: the kind of file the target reads
 * @read: the target's reader
 *
 * The body of a target's LLVMFuzzerTestOneInput().
 */
int
fuzz_sealed_run (const uint8_t  *data,
                 size_t          size,
                 const char     *magic,
                 FuzzSealedRead  read)
{
  g_autoptr(CtIdentity) author = NULL;
  guint8 mode;

  if (size == 0 || sodium_init () < 0)
    return 0;
  mode = data[size - 1];
  size--;
  author = ct_identity_new_from_seed (seed);

  if (mode & 1)
    read (data, size, author);
  else
    {
      g_autoptr(GBytes) file = seal_plaintext (magic, data, size, author);
      gsize len;
      const guint8 *bytes = g_bytes_get_data (file, &len);

      read (bytes, len, author);
    }
  return 0;
}
