/* fuzz-sync.c — libFuzzer target for the change file reader
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The input's last byte chooses what it is:
 *   bit 0 clear: the plaintext of a change file (the applied vector and the
 *          changes); it is sealed under a fixed sync key and signed with a
 *          fixed member key, so the strict parser behind the signature and
 *          the ciphertext's tag is reached;
 *   bit 0 set: a whole change file as it lies in the folder, read as a
 *          replica would (header, signature, ciphertext).
 * Every change that decodes is walked as the merge would walk it. */

#include "config.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "ct-sync-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static const guint8 key[CT_SYNC_KEY_SIZE] = { 7 };
static const guint8 seed[CT_SEED_SIZE] = { 42 };

static void
walk_changes (const CtSyncFile *file)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (file->changes, &len);
  /* An empty GBytes gives NULL, and NULL + 0 is undefined. */
  const guint8 *end = p != NULL ? p + len : NULL;

  for (guint i = 0; i < file->n_changes; i++)
    {
      CtSyncChange change;

      if (!_ct_sync_change_next (&p, end, &change, NULL))
        g_error ("a change the reader accepted does not decode again");
      /* A purge, a signed row and a log entry carry bytes, not fields. */
      for (guint f = 0; change.values != NULL && f < change.table->n_fields; f++)
        if (change.changed[f] && change.values[f].type == SQLITE_BLOB)
          (void) g_bytes_get_size (change.values[f].blob);
      if (change.payload != NULL && change.payload_len > 0)
        (void) change.payload[change.payload_len - 1];
      _ct_sync_change_clear (&change);
    }
  if (p != end)
    g_error ("the accepted changes do not end where the file ends");
}

static void
read_file (const guint8     *bytes,
           gsize             len,
           const CtIdentity *author)
{
  CtSyncFile file;

  if (_ct_sync_file_peek (bytes, len, &file, NULL)
      && _ct_sync_file_verify (bytes, len, author->sign_pk)
      && _ct_sync_file_open (bytes, len, key, &file, NULL))
    walk_changes (&file);
  _ct_sync_file_clear (&file);
}

/* The whole file, built around @plain as the writer builds it. */
static GBytes *
seal_plaintext (const guint8     *plain,
                gsize             len,
                const CtIdentity *author)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 header[CT_SYNC_HEADER_SIZE] = CT_SYNC_MAGIC;
  gsize body;

  randombytes_buf (header + 8, CT_SYNC_HEADER_SIZE - 8);
  g_byte_array_append (out, header, sizeof header);
  g_byte_array_set_size (out, (guint) (CT_SYNC_HEADER_SIZE + len + CT_TAG_SIZE));
  crypto_aead_xchacha20poly1305_ietf_encrypt (out->data + CT_SYNC_HEADER_SIZE, NULL, plain, len,
                                              out->data, CT_SYNC_HEADER_SIZE, NULL,
                                              out->data + CT_SYNC_HEADER_SIZE - CT_NONCE_SIZE,
                                              key);
  body = out->len;
  g_byte_array_set_size (out, (guint) (body + CT_SYNC_SIG_SIZE));
  crypto_sign_detached (out->data + body, NULL, out->data, body, author->sign_sk);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CtIdentity) author = NULL;
  guint8 mode;

  if (size == 0 || sodium_init () < 0)
    return 0;
  mode = data[size - 1];
  size--;
  author = ct_identity_new_from_seed (seed);

  if (mode & 1)
    read_file (data, size, author);
  else
    {
      g_autoptr(GBytes) file = seal_plaintext (data, size, author);
      gsize len;
      const guint8 *bytes = g_bytes_get_data (file, &len);

      read_file (bytes, len, author);
    }
  return 0;
}
