/* fuzz-snapshot.c — libFuzzer target for the snapshot reader
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A snapshot (docs/sync-files.md, "Snapshots") is the change file's envelope
 * with the magic CTSNAP01 and, after a count of zero changes, a payload:
 * a key and a SQLCipher database. The input is the plaintext (the vector,
 * statements, grants, category keys, a count of changes and the payload)
 * or a whole snapshot file as it lies in the folder, as
 * fuzz-sealed-common.c chooses, read as a replica reads it (magic,
 * header, signature, ciphertext). What the reader accepts is checked as a
 * snapshot's reader relies on it: no changes, and a payload it can take
 * the key from. */

#include "config.h"

#include <string.h>

#include "fuzz-sealed-common.h"

#define SNAPSHOT_MAGIC "CTSNAP01"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
read_snapshot (const guint8     *bytes,
               gsize             len,
               const CtIdentity *author)
{
  CtSyncFile file;

  if (_ct_sync_file_peek_as (bytes, len, SNAPSHOT_MAGIC, &file, NULL)
      && _ct_sync_file_verify (bytes, len, author->sign_pk)
      && _ct_sync_file_open_payload (bytes, len, fuzz_sealed_key, &file, NULL))
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

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return fuzz_sealed_run (data, size, SNAPSHOT_MAGIC, read_snapshot);
}
