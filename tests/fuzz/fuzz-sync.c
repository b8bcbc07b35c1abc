/* fuzz-sync.c — libFuzzer target for the change file reader
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The input is the plaintext of a change file (the applied vector and the
 * changes) or a whole change file as it lies in the folder, as
 * fuzz-sealed-common.c chooses, read as a replica would (header,
 * signature, ciphertext). Every change that decodes is walked as the
 * merge would walk it, and the list of category keys parsed as the
 * import parses it. */

#include "config.h"

#include "ct-store-sync.h"
#include "fuzz-sealed-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

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

/* A version or grant of the category keys' list the parser accepted. */
static gboolean
touch_key_item (const CtSyncKeyItem *item,
                gpointer             data,
                GError             **error)
{
  if (item->len > 0)
    (void) item->bytes[item->len - 1];
  return TRUE;
}

static void
read_file (const guint8     *bytes,
           gsize             len,
           const CtIdentity *author)
{
  CtSyncFile file;

  if (_ct_sync_file_peek (bytes, len, &file, NULL)
      && _ct_sync_file_verify (bytes, len, author->sign_pk)
      && _ct_sync_file_open (bytes, len, fuzz_sealed_key, &file, NULL))
    {
      walk_changes (&file);
      /* The list of category keys, named or not (CTSYNC04, CTSYNC03). */
      ct_store_sync_category_keys_parse (file.category_keys, !file.keys_unnamed, touch_key_item,
                                         NULL, NULL);
    }
  _ct_sync_file_clear (&file);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return fuzz_sealed_run (data, size, CT_SYNC_MAGIC, read_file);
}
