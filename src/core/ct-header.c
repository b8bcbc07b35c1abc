/* ct-header.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The header of a team file, written twice (docs/file-format.md):
 *
 *   0    magic "CASUSTF1"         8
 *   8    format version (LE)      4
 *   12   number of slots (LE)     4
 *   16   generation (LE)          8
 *   24   team id                  16
 *   40   login lookup key         32
 *   72   reserved (zero)          8
 *   80   slots, 384 bytes each
 *   ..   MAC (keyed BLAKE2b under a key derived from K_db)  32
 *   ..   checksum (BLAKE2b of everything before it)          32
 *   rest zero up to 32 KiB
 *
 * An update goes to the older copy with generation + 1 and is synced;
 * readers take the newest copy whose checksum holds. A credential change
 * also rotates K_db (ct-session.c), so the copy one step behind never
 * opens the file with a revoked credential. No login, name or role is
 * stored here: a slot is found by a keyed hash of the login. */

#define G_LOG_DOMAIN "ct-header"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct-bytes-private.h"
#include "ct-error.h"
#include "ct-header.h"

#define PREFIX_SIZE 80
#define SLOT_SIZE   384
#define TAIL_SIZE   (2 * CT_KEY_SIZE)

G_STATIC_ASSERT (CT_SALT_SIZE == 16);
G_STATIC_ASSERT (CT_NONCE_SIZE == 24);
G_STATIC_ASSERT (CT_SEALED_KEY_SIZE == 80);

/* The associated data of a slot's wrapped seed (slot_ad()) */
#define SLOT_AD_SIZE (CT_TEAM_ID_SIZE + CT_SLOT_ID_SIZE + CT_MEMBER_ID_SIZE + 1 + 16)

guint
ct_header_max_slots (void)
{
  return (CT_VAULT_HEADER_SIZE - PREFIX_SIZE - TAIL_SIZE) / SLOT_SIZE;
}

CtHeader *
ct_header_new (void)
{
  CtHeader *header = g_new0 (CtHeader, 1);

  header->version = CT_VAULT_FORMAT;
  header->slots = g_array_new (FALSE, TRUE, sizeof (CtSlot));
  header->copy = 1;

  return header;
}

CtHeader *
ct_header_copy (const CtHeader *header)
{
  CtHeader *copy = g_memdup2 (header, sizeof *header);

  copy->slots = g_array_copy (header->slots);
  copy->raw = header->raw != NULL ? g_memdup2 (header->raw, CT_VAULT_HEADER_SIZE) : NULL;
  return copy;
}

void
ct_header_free (CtHeader *header)
{
  if (header == NULL)
    return;

  g_array_unref (header->slots);
  g_free (header->raw);
  g_free (header);
}

static void
write_slot (GByteArray   *w,
            const CtSlot *slot)
{
  static const guint8 reserved[6];

  _ct_bytes_put_u8 (w, slot->kind);
  _ct_bytes_put_u8 (w, slot->has_next);
  _ct_bytes_put_bytes (w, reserved, sizeof reserved);
  _ct_bytes_put_bytes (w, slot->slot_id, sizeof slot->slot_id);
  _ct_bytes_put_bytes (w, slot->member_id, sizeof slot->member_id);
  _ct_bytes_put_u64 (w, slot->kdf.opslimit);
  _ct_bytes_put_u64 (w, slot->kdf.memlimit);
  _ct_bytes_put_bytes (w, slot->salt, sizeof slot->salt);
  _ct_bytes_put_bytes (w, slot->nonce, sizeof slot->nonce);
  _ct_bytes_put_bytes (w, slot->wrapped_seed, sizeof slot->wrapped_seed);
  _ct_bytes_put_bytes (w, slot->box_pk, sizeof slot->box_pk);
  _ct_bytes_put_bytes (w, slot->sign_pk, sizeof slot->sign_pk);
  _ct_bytes_put_bytes (w, slot->sealed_key, sizeof slot->sealed_key);
  _ct_bytes_put_bytes (w, slot->sealed_next_key, sizeof slot->sealed_next_key);
}

static void
read_slot (CtBytesReader *r,
           CtSlot        *slot)
{
  _ct_bytes_get_u8 (r, &slot->kind);
  _ct_bytes_get_u8 (r, &slot->has_next);
  _ct_bytes_skip (r, 6);
  _ct_bytes_copy (r, slot->slot_id, sizeof slot->slot_id);
  _ct_bytes_copy (r, slot->member_id, sizeof slot->member_id);
  _ct_bytes_get_u64 (r, &slot->kdf.opslimit);
  _ct_bytes_get_u64 (r, &slot->kdf.memlimit);
  _ct_bytes_copy (r, slot->salt, sizeof slot->salt);
  _ct_bytes_copy (r, slot->nonce, sizeof slot->nonce);
  _ct_bytes_copy (r, slot->wrapped_seed, sizeof slot->wrapped_seed);
  _ct_bytes_copy (r, slot->box_pk, sizeof slot->box_pk);
  _ct_bytes_copy (r, slot->sign_pk, sizeof slot->sign_pk);
  _ct_bytes_copy (r, slot->sealed_key, sizeof slot->sealed_key);
  _ct_bytes_copy (r, slot->sealed_next_key, sizeof slot->sealed_next_key);
}

static gsize
mac_offset (guint n_slots)
{
  return PREFIX_SIZE + (gsize) n_slots * SLOT_SIZE;
}

static void
compute_mac (const guint8 *bytes,
             gsize         len,
             const guint8 *db_key,
             guint8       *mac)
{
  guint8 *mac_key = ct_secure_alloc (CT_KEY_SIZE);

  crypto_kdf_derive_from_key (mac_key, CT_KEY_SIZE, 3, "cthdrmac", db_key);
  crypto_generichash (mac, CT_KEY_SIZE, bytes, len, mac_key, CT_KEY_SIZE);
  ct_secure_free (mac_key);
}

/* Serialises @header into @buf (CT_VAULT_HEADER_SIZE bytes), with its MAC
 * under a key derived from @db_key and its checksum. */
static void
serialize (const CtHeader *header,
           guint8         *buf,
           const guint8   *db_key)
{
  static const guint8 reserved[8];
  g_autoptr(GByteArray) w = g_byte_array_sized_new (CT_VAULT_HEADER_SIZE);
  gsize mac_off = mac_offset (header->slots->len);

  _ct_bytes_put_bytes (w, CT_VAULT_MAGIC, 8);
  _ct_bytes_put_u32 (w, header->version);
  _ct_bytes_put_u32 (w, header->slots->len);
  _ct_bytes_put_u64 (w, header->generation);
  _ct_bytes_put_bytes (w, header->team_id, sizeof header->team_id);
  _ct_bytes_put_bytes (w, header->lookup_key, sizeof header->lookup_key);
  _ct_bytes_put_bytes (w, reserved, sizeof reserved);

  for (guint i = 0; i < header->slots->len; i++)
    write_slot (w, &g_array_index (header->slots, CtSlot, i));
  g_assert (w->len == mac_off);
  memset (buf, 0, CT_VAULT_HEADER_SIZE);
  memcpy (buf, w->data, mac_off);

  compute_mac (buf, mac_off, db_key, buf + mac_off);

  crypto_generichash (buf + mac_off + CT_KEY_SIZE, CT_KEY_SIZE, buf, mac_off + CT_KEY_SIZE,
                      NULL, 0);
}

typedef enum
{
  COPY_MISSING,  /* no magic: not ours, or beyond the end of the file */
  COPY_NEWER,    /* ours, but a format this version does not know */
  COPY_DAMAGED,  /* ours, but the checksum does not hold */
  COPY_VALID,
} CopyState;

static CopyState
parse_copy (const guint8 *buf,
            gsize         len,
            CtHeader    **out)
{
  g_autoptr(CtHeader) header = NULL;
  guint8 checksum[CT_KEY_SIZE];
  CtBytesReader r;
  guint32 n_slots;
  gsize mac_off;

  if (len < PREFIX_SIZE || memcmp (buf, CT_VAULT_MAGIC, 8) != 0)
    return COPY_MISSING;

  header = ct_header_new ();
  _ct_bytes_reader_init (&r, buf, len);
  _ct_bytes_skip (&r, 8);
  _ct_bytes_get_u32 (&r, &header->version);
  _ct_bytes_get_u32 (&r, &n_slots);

  if (header->version > CT_VAULT_FORMAT)
    return COPY_NEWER;
  if (header->version != CT_VAULT_FORMAT || n_slots > ct_header_max_slots ()
      || len < CT_VAULT_HEADER_SIZE)
    return COPY_DAMAGED;

  mac_off = mac_offset (n_slots);
  crypto_generichash (checksum, sizeof checksum, buf, mac_off + CT_KEY_SIZE, NULL, 0);
  if (sodium_memcmp (checksum, buf + mac_off + CT_KEY_SIZE, CT_KEY_SIZE) != 0)
    return COPY_DAMAGED;

  _ct_bytes_get_u64 (&r, &header->generation);
  _ct_bytes_copy (&r, header->team_id, sizeof header->team_id);
  _ct_bytes_copy (&r, header->lookup_key, sizeof header->lookup_key);
  _ct_bytes_skip (&r, 8);
  g_array_set_size (header->slots, n_slots);
  for (guint i = 0; i < n_slots; i++)
    read_slot (&r, &g_array_index (header->slots, CtSlot, i));
  memcpy (header->mac, buf + mac_off, CT_KEY_SIZE);
  header->raw = g_memdup2 (buf, CT_VAULT_HEADER_SIZE);

  *out = g_steal_pointer (&header);
  return COPY_VALID;
}

static gboolean
read_fully (int     fd,
            guint8 *buf,
            gsize   len,
            goffset offset,
            gsize  *n_read)
{
  *n_read = 0;
  while (*n_read < len)
    {
      ssize_t n = pread (fd, buf + *n_read, len - *n_read, offset + *n_read);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      *n_read += n;
    }
  return TRUE;
}

/**
 * ct_header_read:
 * @fd: the team file, open for reading
 *
 * Reads both copies and returns the newest whose checksum holds. Nothing
 * is derived or written here; the MAC is checked after unlock.
 */
CtHeader *
ct_header_read (int      fd,
                GError **error)
{
  g_autofree guint8 *buf = g_malloc0 (CT_VAULT_DB_OFFSET);
  CtHeader *copies[2] = { NULL, NULL };
  CopyState states[2];
  struct stat st;
  gsize n_read;
  CtHeader *best;

  if (fstat (fd, &st) != 0 || !read_fully (fd, buf, CT_VAULT_DB_OFFSET, 0, &n_read))
    {
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("The team file could not be read: %s."),
                   g_strerror (errno));
      return NULL;
    }

  for (guint i = 0; i < 2; i++)
    {
      gsize start = i * CT_VAULT_HEADER_SIZE;
      gsize avail = n_read > start ? MIN (n_read - start, CT_VAULT_HEADER_SIZE) : 0;

      states[i] = parse_copy (buf + start, avail, &copies[i]);
    }

  if (states[0] == COPY_MISSING && states[1] == COPY_MISSING)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_TEAM_FILE,
                           _("This is not a Casustafel team file."));
      return NULL;
    }

  if (st.st_size < CT_VAULT_DB_OFFSET + CT_VAULT_PAGE_SIZE
      || (st.st_size - CT_VAULT_DB_OFFSET) % CT_VAULT_PAGE_SIZE != 0)
    {
      g_clear_pointer (&copies[0], ct_header_free);
      g_clear_pointer (&copies[1], ct_header_free);
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TRUNCATED,
                           _("The team file is incomplete: it was cut short, perhaps by an "
                             "interrupted copy. Use a complete copy or a backup."));
      return NULL;
    }

  if (copies[0] == NULL && copies[1] == NULL)
    {
      gboolean newer = states[0] == COPY_NEWER || states[1] == COPY_NEWER;

      g_set_error_literal (error, CT_ERROR,
                           newer ? CT_ERROR_NEWER_VERSION : CT_ERROR_HEADER_DAMAGED,
                           newer ? _("This team file was made by a newer version of Casustafel. "
                                     "Update Casustafel to open it.")
                                 : _("The team file is damaged: both copies of its header "
                                     "are unreadable. Use a backup or the recovery tools."));
      return NULL;
    }

  if (copies[1] == NULL || (copies[0] != NULL && copies[0]->generation > copies[1]->generation))
    {
      best = copies[0];
      best->copy = 0;
      ct_header_free (copies[1]);
    }
  else
    {
      best = copies[1];
      best->copy = 1;
      ct_header_free (copies[0]);
    }

  return best;
}

static gboolean
write_fully (int           fd,
             const guint8 *buf,
             gsize         len,
             goffset       offset)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = pwrite (fd, buf + done, len - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }
  return TRUE;
}

/**
 * ct_header_write:
 * @header: the header; its generation and copy are advanced
 * @fd: the team file, open for writing
 * @db_key: the current K_db, from which the MAC key is derived
 *
 * Writes the next generation over the older copy and syncs it, so that a
 * torn write leaves the newer copy intact.
 */
gboolean
ct_header_write (CtHeader     *header,
                 int           fd,
                 const guint8 *db_key,
                 GError      **error)
{
  g_autofree guint8 *buf = g_malloc0 (CT_VAULT_HEADER_SIZE);
  guint target = 1 - header->copy;

  if (header->slots->len > ct_header_max_slots ())
    {
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED,
                   _("A team file holds at most %u members and enrolment codes."),
                   ct_header_max_slots () - 1);
      return FALSE;
    }

  header->generation++;
  serialize (header, buf, db_key);
  memcpy (header->mac, buf + mac_offset (header->slots->len), CT_KEY_SIZE);

  if (!write_fully (fd, buf, CT_VAULT_HEADER_SIZE, (goffset) target * CT_VAULT_HEADER_SIZE)
      || fdatasync (fd) != 0)
    {
      int saved = errno;

      header->generation--;
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED,
                   _("The team file could not be written: %s."), g_strerror (saved));
      return FALSE;
    }

  header->copy = target;
  g_free (header->raw);
  header->raw = g_steal_pointer (&buf);
  return TRUE;
}

/**
 * ct_header_verify_mac:
 *
 * Returns: whether the header as read was written by someone holding
 *   @db_key: a header changed outside the app fails here. The MAC covers
 *   the bytes as read, reserved ones included.
 */
gboolean
ct_header_verify_mac (const CtHeader *header,
                      const guint8   *db_key)
{
  gsize mac_off = mac_offset (header->slots->len);
  guint8 mac[CT_KEY_SIZE];

  if (header->raw == NULL)
    return FALSE;

  compute_mac (header->raw, mac_off, db_key, mac);

  return sodium_memcmp (mac, header->mac, CT_KEY_SIZE) == 0;
}

/**
 * ct_header_check_copies:
 *
 * For `check`: both copies must hold their checksum and be zero after it.
 */
gboolean
ct_header_check_copies (int      fd,
                        GError **error)
{
  g_autofree guint8 *buf = g_malloc0 (CT_VAULT_DB_OFFSET);
  gsize n_read = 0;

  if (!read_fully (fd, buf, CT_VAULT_DB_OFFSET, 0, &n_read) || n_read != CT_VAULT_DB_OFFSET)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TRUNCATED,
                           _("The team file is incomplete."));
      return FALSE;
    }

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CtHeader) copy = NULL;
      const guint8 *start = buf + i * CT_VAULT_HEADER_SIZE;
      gsize end;

      if (parse_copy (start, CT_VAULT_HEADER_SIZE, &copy) != COPY_VALID)
        goto damaged;

      end = mac_offset (copy->slots->len) + TAIL_SIZE;
      for (gsize j = end; j < CT_VAULT_HEADER_SIZE; j++)
        if (start[j] != 0)
          goto damaged;
      continue;

damaged:
      g_set_error (error, CT_ERROR, CT_ERROR_HEADER_DAMAGED,
                   _("Header copy %c of the team file is damaged. The other copy still "
                     "opens the file; the next change rewrites the damaged one."),
                   i == 0 ? 'A' : 'B');
      return FALSE;
    }

  return TRUE;
}

void
ct_header_slot_id (const CtHeader *header,
                   const char     *login,
                   guint8         *slot_id)
{
  crypto_generichash (slot_id, CT_SLOT_ID_SIZE, (const guint8 *) login, strlen (login),
                      header->lookup_key, sizeof header->lookup_key);
}

CtSlot *
ct_header_find_slot (CtHeader     *header,
                     const guint8 *slot_id)
{
  for (guint i = 0; i < header->slots->len; i++)
    {
      CtSlot *slot = &g_array_index (header->slots, CtSlot, i);

      if (slot->kind != CT_SLOT_RECOVERY
          && sodium_memcmp (slot->slot_id, slot_id, CT_SLOT_ID_SIZE) == 0)
        return slot;
    }
  return NULL;
}

CtSlot *
ct_header_find_recovery (CtHeader *header)
{
  for (guint i = 0; i < header->slots->len; i++)
    {
      CtSlot *slot = &g_array_index (header->slots, CtSlot, i);

      if (slot->kind == CT_SLOT_RECOVERY)
        return slot;
    }
  return NULL;
}

void
ct_header_remove_member (CtHeader     *header,
                         const guint8 *member_id)
{
  for (guint i = header->slots->len; i > 0; i--)
    {
      CtSlot *slot = &g_array_index (header->slots, CtSlot, i - 1);

      if (slot->kind != CT_SLOT_RECOVERY
          && memcmp (slot->member_id, member_id, CT_MEMBER_ID_SIZE) == 0)
        g_array_remove_index (header->slots, i - 1);
    }
}

/**
 * ct_header_dummy_kdf:
 * @params: (out): the cost to run for a login that has no slot
 *
 * An unknown login must cost what a known one costs on this file, whatever
 * cost its slots were written with: the most common cost among its
 * passphrase and enrolment slots that are within bounds (the higher one on
 * a tie), or the product's default when there is none.
 */
void
ct_header_dummy_kdf (const CtHeader *header,
                     CtKdfParams    *params)
{
  guint best_count = 0;

  ct_kdf_default_params (params);
  for (guint i = 0; i < header->slots->len; i++)
    {
      const CtSlot *slot = &g_array_index (header->slots, CtSlot, i);
      guint count = 0;

      if (slot->kind == CT_SLOT_RECOVERY || !ct_kdf_params_in_bounds (&slot->kdf))
        continue;

      for (guint j = 0; j < header->slots->len; j++)
        {
          const CtSlot *other = &g_array_index (header->slots, CtSlot, j);

          if (other->kind != CT_SLOT_RECOVERY && other->kdf.opslimit == slot->kdf.opslimit
              && other->kdf.memlimit == slot->kdf.memlimit)
            count++;
        }

      if (count > best_count
          || (count == best_count && slot->kdf.opslimit * (slot->kdf.memlimit / 1024)
                                       > params->opslimit * (params->memlimit / 1024)))
        {
          best_count = count;
          *params = slot->kdf;
        }
    }
}

/**
 * ct_header_find_damaged_slot:
 *
 * Returns: the index of the first passphrase or enrolment slot whose
 *   key-derivation cost is out of bounds, or -1 when there is none
 */
int
ct_header_find_damaged_slot (const CtHeader *header)
{
  for (guint i = 0; i < header->slots->len; i++)
    {
      const CtSlot *slot = &g_array_index (header->slots, CtSlot, i);

      if (slot->kind != CT_SLOT_RECOVERY && !ct_kdf_params_in_bounds (&slot->kdf))
        return (int) i;
    }
  return -1;
}

gboolean
ct_header_has_pending_key (const CtHeader *header)
{
  for (guint i = 0; i < header->slots->len; i++)
    if (g_array_index (header->slots, CtSlot, i).has_next)
      return TRUE;
  return FALSE;
}

/* The last step of a K_db rotation: every slot keeps only the new key. */
void
ct_header_promote_next_key (CtHeader *header)
{
  for (guint i = 0; i < header->slots->len; i++)
    {
      CtSlot *slot = &g_array_index (header->slots, CtSlot, i);

      memcpy (slot->sealed_key, slot->sealed_next_key, CT_SEALED_KEY_SIZE);
      memset (slot->sealed_next_key, 0, CT_SEALED_KEY_SIZE);
      slot->has_next = 0;
    }
}

/* The associated data binds a wrapped seed to its team, slot, member, kind
 * and cost, so no part can be moved or downgraded without failing. */
static void
slot_ad (const CtSlot   *slot,
         const CtHeader *header,
         guint8         *ad)
{
  g_autoptr(GByteArray) w = g_byte_array_sized_new (SLOT_AD_SIZE);

  _ct_bytes_put_bytes (w, header->team_id, sizeof header->team_id);
  _ct_bytes_put_bytes (w, slot->slot_id, sizeof slot->slot_id);
  _ct_bytes_put_bytes (w, slot->member_id, sizeof slot->member_id);
  _ct_bytes_put_u8 (w, slot->kind);
  _ct_bytes_put_u64 (w, slot->kdf.opslimit);
  _ct_bytes_put_u64 (w, slot->kdf.memlimit);
  g_assert (w->len == SLOT_AD_SIZE);
  memcpy (ad, w->data, SLOT_AD_SIZE);
}

void
ct_slot_wrap_seed (CtSlot         *slot,
                   const CtHeader *header,
                   const guint8   *kek,
                   const guint8   *seed)
{
  guint8 ad[SLOT_AD_SIZE];

  slot_ad (slot, header, ad);
  randombytes_buf (slot->nonce, sizeof slot->nonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt (slot->wrapped_seed, NULL, seed, CT_SEED_SIZE,
                                              ad, sizeof ad, NULL, slot->nonce, kek);
}

gboolean
ct_slot_unwrap_seed (const CtSlot   *slot,
                     const CtHeader *header,
                     const guint8   *kek,
                     guint8         *seed)
{
  guint8 ad[SLOT_AD_SIZE];

  slot_ad (slot, header, ad);
  return crypto_aead_xchacha20poly1305_ietf_decrypt (seed, NULL, NULL, slot->wrapped_seed,
                                                     sizeof slot->wrapped_seed, ad, sizeof ad,
                                                     slot->nonce, kek) == 0;
}

void
ct_slot_seal_key (CtSlot       *slot,
                  const guint8 *db_key,
                  gboolean      next)
{
  guint8 *target = next ? slot->sealed_next_key : slot->sealed_key;

  crypto_box_seal (target, db_key, CT_KEY_SIZE, slot->box_pk);
  if (next)
    slot->has_next = 1;
}

gboolean
ct_slot_unseal_key (const CtSlot     *slot,
                    const CtIdentity *identity,
                    gboolean          next,
                    guint8           *db_key)
{
  const guint8 *sealed = next ? slot->sealed_next_key : slot->sealed_key;

  if (next && !slot->has_next)
    return FALSE;

  return crypto_box_seal_open (db_key, sealed, CT_SEALED_KEY_SIZE, identity->box_pk,
                               identity->box_sk) == 0;
}
