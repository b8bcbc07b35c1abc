/* fuzz-snapshot.c — libFuzzer target for the snapshot reader
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A snapshot (docs/sync.md, "Snapshots") is the change file's envelope
 * with the magic CTSNAP01 and, after a count of zero changes, a payload:
 * a key and a SQLCipher database. The input's last byte chooses what the
 * rest is:
 *   bit 0 clear: the plaintext (the vector, statements, grants, category
 *          keys, a count of changes and the payload); it is sealed under a
 *          fixed sync key and signed with a fixed member key, so the
 *          strict parser behind the signature and the tag is reached;
 *   bit 0 set: a whole snapshot file as it lies in the folder, read as a
 *          replica reads it (magic, header, signature, ciphertext).
 * What the reader accepts is checked as a snapshot's reader relies on it:
 * no changes, and a payload it can take the key from. */

#include "config.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "ct-sync-private.h"

#define SNAPSHOT_MAGIC "CTSNAP01"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static const guint8 key[CT_SYNC_KEY_SIZE] = { 7 };
static const guint8 seed[CT_SEED_SIZE] = { 42 };

static void
read_snapshot (const guint8     *bytes,
               gsize             len,
               const CtIdentity *author)
{
  CtSyncFile file;

  if (_ct_sync_file_peek_as (bytes, len, SNAPSHOT_MAGIC, &file, NULL)
      && _ct_sync_file_verify (bytes, len, author->sign_pk)
      && _ct_sync_file_open_payload (bytes, len, key, &file, NULL))
    {
      gsize payload_len;
      const guint8 *payload = g_bytes_get_data (file.changes, &payload_len);
      guint8 sum = 0;

      if (file.n_changes != 0)
        g_error ("a snapshot the reader accepted carries changes");
      for (guint i = 0; i < file.vector->len; i++)
        sum ^= g_array_index (file.vector, CtSyncPeer, i).device[0];
      /* The reader takes the database's key from the payload's start. */
      for (gsize i = 0; i < payload_len; i++)
        sum ^= payload[i];
      (void) sum;
    }
  /* A change file's magic is never read as a snapshot's. */
  if (len >= 8 && memcmp (bytes, SNAPSHOT_MAGIC, 8) != 0
      && _ct_sync_file_peek_as (bytes, len, SNAPSHOT_MAGIC, &file, NULL))
    g_error ("a file without the snapshot's magic was read as a snapshot");
  _ct_sync_file_clear (&file);
}

/* The whole snapshot, built around @plain as the writer builds it. */
static GBytes *
seal_plaintext (const guint8     *plain,
                gsize             len,
                const CtIdentity *author)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 header[CT_SYNC_HEADER_SIZE] = SNAPSHOT_MAGIC;
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
    read_snapshot (data, size, author);
  else
    {
      g_autoptr(GBytes) file = seal_plaintext (data, size, author);
      gsize len;
      const guint8 *bytes = g_bytes_get_data (file, &len);

      read_snapshot (bytes, len, author);
    }
  return 0;
}
