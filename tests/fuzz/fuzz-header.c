/* fuzz-header.c — libFuzzer target for the team file's header parser
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The input is the start of a team file. Its last byte chooses how it is
 * laid out, so that the fuzzer reaches past the checksum and the size
 * checks:
 *   bit 0  the checksum of each copy is recomputed after the mutation;
 *   bit 1  the file is the input as it is, of any size, instead of two
 *          header copies and one database page.
 * ct_header_read() reads a descriptor, so the file is a memfd. */

#include "config.h"

#define _GNU_SOURCE
#include <sodium.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ct-header.h"
#include "ct-vault.h"

#define FILE_SIZE (CT_VAULT_DB_OFFSET + CT_VAULT_PAGE_SIZE)

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The checksum sits after the slots and the MAC: BLAKE2b of all before it. */
static void
fix_checksum (guint8 *copy)
{
  guint32 n_slots;
  gsize end;

  memcpy (&n_slots, copy + 12, sizeof n_slots);
  n_slots = GUINT32_FROM_LE (n_slots);
  if (n_slots > ct_header_max_slots ())
    return;
  end = 80 + (gsize) n_slots * 384 + CT_KEY_SIZE;
  if (end + CT_KEY_SIZE > CT_VAULT_HEADER_SIZE)
    return;
  crypto_generichash (copy + end, CT_KEY_SIZE, copy, end, NULL, 0);
}

static void
exercise (CtHeader *header)
{
  guint8 slot_id[CT_SLOT_ID_SIZE] = { 0 };

  for (guint i = 0; i < header->slots->len; i++)
    (void) ct_kdf_params_in_bounds (&g_array_index (header->slots, CtSlot, i).kdf);
  ct_header_slot_id (header, "fuzz", slot_id);
  (void) ct_header_find_slot (header, slot_id);
  (void) ct_header_find_recovery (header);
  (void) ct_header_has_pending_key (header);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree guint8 *file = NULL;
  gsize file_size;
  guint8 mode;
  int fd;

  if (size == 0 || sodium_init () < 0)
    return 0;
  mode = data[size - 1];
  size--;

  if (mode & 2)
    {
      file_size = size;
      file = g_memdup2 (data, size);
    }
  else
    {
      file_size = FILE_SIZE;
      file = g_malloc0 (FILE_SIZE);
      memcpy (file, data, MIN (size, (gsize) FILE_SIZE));
    }
  if ((mode & 1) && file_size >= CT_VAULT_DB_OFFSET)
    {
      fix_checksum (file);
      fix_checksum (file + CT_VAULT_HEADER_SIZE);
    }

  fd = memfd_create ("fuzz-header", MFD_CLOEXEC);
  g_assert (fd >= 0);
  if (file_size == 0 || write (fd, file, file_size) == (ssize_t) file_size)
    {
      g_autoptr(CtHeader) header = ct_header_read (fd, NULL);

      if (header != NULL)
        exercise (header);
      (void) ct_header_check_copies (fd, NULL);
    }
  close (fd);
  return 0;
}
