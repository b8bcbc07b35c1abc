/* ct-session-seal.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A value under its category key (docs/security.md, docs/file-format.md):
 * XChaCha20-Poly1305 ciphertext with its table, row, field and key version
 * as associated data, so a value moved to another row or field does not
 * open. Sealing a value, opening it (under an older key version when it
 * came from a replica that had not yet got a rotation), and, when a
 * category's key rotates, moving every value of the category to the new
 * key. Which keys the session holds is ct-session-keys.c's. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-seal-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"

#define FIELD_HEADER (4 + CT_NONCE_SIZE)

#define AD_MAX 192

/* Into @ad (AD_MAX bytes): returns the length. On the stack: this runs for
 * every value of every list. */
static gsize
field_ad (const CtTable *table,
          const CtField *field,
          gint64         row_id,
          guint32        version,
          guint8        *ad)
{
  gint64 row_le = GINT64_TO_LE (row_id);
  guint32 version_le = GUINT32_TO_LE (version);
  gsize table_len = strlen (table->name) + 1;
  gsize field_len = strlen (field->name) + 1;
  gsize n = 0;

  g_assert (12 + table_len + field_len + sizeof row_le + sizeof version_le <= AD_MAX);

  memcpy (ad + n, "ct-field-v1", 12), n += 12;
  memcpy (ad + n, table->name, table_len), n += table_len;
  memcpy (ad + n, field->name, field_len), n += field_len;
  memcpy (ad + n, &row_le, sizeof row_le), n += sizeof row_le;
  memcpy (ad + n, &version_le, sizeof version_le), n += sizeof version_le;
  return n;
}

/* With @by_row, a value sealed under its row's category (_ct_row_seal()):
 * @version is in the associated data only, zeros stand in its place. */
static GBytes *
seal_with (const guint8  *key,
           guint32        version,
           gboolean       by_row,
           const CtTable *table,
           const CtField *field,
           gint64         row_id,
           const char    *plaintext)
{
  guint8 ad[AD_MAX];
  gsize len = strlen (plaintext);
  guint8 *out = g_malloc (FIELD_HEADER + len + CT_TAG_SIZE);
  guint32 version_le = by_row ? 0 : GUINT32_TO_LE (version);
  gsize ad_len = field_ad (table, field, row_id, version, ad);
  memcpy (out, &version_le, 4);
  randombytes_buf (out + 4, CT_NONCE_SIZE);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + FIELD_HEADER, NULL,
                                              (const guint8 *) plaintext, len, ad, ad_len,
                                              NULL, out + 4, key);
  return g_bytes_new_take (out, FIELD_HEADER + len + CT_TAG_SIZE);
}

/* The key version a field-sealed value names, in its first 4 bytes. */
static gint
sealed_version (const guint8 *blob)
{
  guint32 version;

  memcpy (&version, blob, 4);
  return (gint) GUINT32_FROM_LE (version);
}

/* Decrypts @blob (at least FIELD_HEADER + CT_TAG_SIZE bytes), sealed with
 * @key as version @version, into @out (room for len - FIELD_HEADER -
 * CT_TAG_SIZE + 1 bytes, NUL-terminated); FALSE when the value is not
 * authentic here (moved from another row or field, or damaged). */
static gboolean
decrypt (const guint8  *key,
         guint32        version,
         const CtTable *table,
         const CtField *field,
         gint64         row_id,
         const guint8  *blob,
         gsize          len,
         char          *out)
{
  guint8 ad[AD_MAX];
  gsize ad_len = field_ad (table, field, row_id, version, ad);

  if (crypto_aead_xchacha20poly1305_ietf_decrypt ((guint8 *) out, NULL, NULL,
                                                  blob + FIELD_HEADER, len - FIELD_HEADER,
                                                  ad, ad_len, blob + 4, key) != 0)
    return FALSE;
  out[len - FIELD_HEADER - CT_TAG_SIZE] = '\0';
  return TRUE;
}

/* decrypt() a field-sealed value as the version it names. */
static gboolean
open_into (const guint8  *key,
           const CtTable *table,
           const CtField *field,
           gint64         row_id,
           const guint8  *blob,
           gsize          len,
           char          *out)
{
  return decrypt (key, (guint32) sealed_version (blob), table, field, row_id, blob, len, out);
}

static char *
open_with (const guint8  *key,
           const CtTable *table,
           const CtField *field,
           gint64         row_id,
           const guint8  *blob,
           gsize          len)
{
  char *plain;

  if (len < FIELD_HEADER + CT_TAG_SIZE)
    return NULL;
  plain = g_malloc (len - FIELD_HEADER - CT_TAG_SIZE + 1);
  if (!open_into (key, table, field, row_id, blob, len, plain))
    {
      g_free (plain);
      return NULL;
    }
  return plain;
}

static void
set_damaged (GError       **error,
             const CtTable *table,
             const CtField *field,
             gint64         row_id)
{
  g_set_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
               _("A stored value (%s of %s %lld) fails its authentication: it was changed or "
                 "moved outside Casustafel."), field->name, table->name, (long long) row_id);
}

/* @plaintext sealed under @c's current key, as a value of @field or, with
 * @by_row, as one under its row's category; the key is marked used in the
 * file (ct_store_key_mark_used()) once a session. */
static GBytes *
seal_current (CtSession     *self,
              CtCategory     c,
              gboolean       by_row,
              const CtTable *table,
              const CtField *field,
              gint64         row_id,
              const char    *plaintext,
              GError       **error)
{
  if (!(self->marked_used & (1u << c)))
    {
      if (!ct_store_key_mark_used (self->db, c, self->cat_version[c], self->cat_made_by[c],
                                   error))
        return NULL;
      self->marked_used |= 1u << c;
    }
  return seal_with (_ct_session_key_of (self, c), self->cat_version[c], by_row, table, field,
                    row_id, plaintext);
}

GBytes *
_ct_field_seal (CtSession     *self,
                const CtTable *table,
                const CtField *field,
                gint64         row_id,
                const char    *plaintext,
                GError       **error)
{
  CtCategory c = field->category;

  if (!_ct_session_can_read (self, c))
    {
      g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
                   _("%s: your role may not see or change %s data."), _(field->label),
                   ct_category_get_display_name (c));
      return NULL;
    }
  return seal_current (self, c, FALSE, table, field, row_id, plaintext, error);
}

/* A value sealed under another version of its key than the current one:
 * an older one, from a replica that had not yet got a rotation made on
 * another laptop, or the other branch's version of a number after a
 * resolved fork (docs/sync-security.md). Every key of that number this session
 * reaches is tried; the AEAD opens under the one that sealed it only. */
static char *
open_older (CtSession     *self,
            const CtTable *table,
            const CtField *field,
            gint64         row_id,
            gint           version,
            const guint8  *blob,
            gsize          len,
            GError       **error)
{
  guint n = 0;
  guint8 *keys = _ct_session_keys_of_version (self, field->category, version, &n);
  char *plain = NULL;

  for (guint i = 0; i < n && plain == NULL; i++)
    plain = open_with (keys + i * CT_KEY_SIZE, table, field, row_id, blob, len);
  if (keys != NULL)
    ct_secure_free (keys);
  if (plain == NULL)
    set_damaged (error, table, field, row_id);
  return plain;
}

/* Whether a value of @field, which this session may read, is long enough
 * to open; if not it is damaged. */
static gboolean
long_enough (CtSession     *self,
             const CtTable *table,
             const CtField *field,
             gint64         row_id,
             gsize          len,
             GError       **error)
{
  g_assert (_ct_session_can_read (self, field->category));

  if (len >= FIELD_HEADER + CT_TAG_SIZE)
    return TRUE;
  set_damaged (error, table, field, row_id);
  return FALSE;
}

char *
_ct_field_open (CtSession     *self,
                const CtTable *table,
                const CtField *field,
                gint64         row_id,
                const guint8  *blob,
                gsize          len,
                GError       **error)
{
  char *plain;

  if (!long_enough (self, table, field, row_id, len, error))
    return NULL;
  if (sealed_version (blob) == self->cat_version[field->category]
      && (plain = open_with (_ct_session_key_of (self, field->category), table, field, row_id,
                             blob, len)) != NULL)
    return plain;
  return open_older (self, table, field, row_id, sealed_version (blob), blob, len, error);
}

/* Like _ct_field_open(), into @buffer (grown as needed; what it held is
 * wiped first), for scans that look at a value once. */
const char *
_ct_field_open_into (CtSession     *self,
                     const CtTable *table,
                     const CtField *field,
                     gint64         row_id,
                     const guint8  *blob,
                     gsize          len,
                     CtPlainBuffer *buffer,
                     GError       **error)
{
  g_autofree char *plain = NULL;
  gsize n;

  if (!long_enough (self, table, field, row_id, len, error))
    return NULL;
  _ct_plain_buffer_reserve (buffer, len - FIELD_HEADER - CT_TAG_SIZE + 1);
  if (sealed_version (blob) == self->cat_version[field->category]
      && open_into (_ct_session_key_of (self, field->category), table, field, row_id, blob, len,
                    buffer->data))
    return buffer->data;

  /* Another version than the current, or the other key of its number. */
  plain = open_older (self, table, field, row_id, sealed_version (blob), blob, len, error);
  if (plain == NULL)
    return NULL;
  n = strlen (plain);
  _ct_plain_buffer_reserve (buffer, n + 1);
  memcpy (buffer->data, plain, n + 1);
  sodium_memzero (plain, n);
  return buffer->data;
}

/* Values sealed under their row's category (docs/categories.md) carry no
 * key version in the clear: the versions of the keys differ, so a version
 * would tell a reader with K_db alone which category a row is. Only the
 * current version is ever valid, and it is in the associated data. */
GBytes *
_ct_row_seal (CtSession     *self,
              CtCategory     c,
              const CtTable *table,
              const CtField *field,
              gint64         row_id,
              const char    *plaintext,
              GError       **error)
{
  g_assert (c != CT_CATEGORY_GENERAL && _ct_session_can_read (self, c));

  return seal_current (self, c, TRUE, table, field, row_id, plaintext, error);
}

/* Into @buffer; %NULL when the value does not open under @c's key (the
 * row is of another category, or the value was changed). */
const char *
_ct_row_open_into (CtSession     *self,
                   CtCategory     c,
                   const CtTable *table,
                   const CtField *field,
                   gint64         row_id,
                   const guint8  *blob,
                   gsize          len,
                   CtPlainBuffer *buffer)
{
  if (c == CT_CATEGORY_GENERAL || !_ct_session_can_read (self, c) || blob == NULL
      || len < FIELD_HEADER + CT_TAG_SIZE)
    return NULL;
  _ct_plain_buffer_reserve (buffer, len - FIELD_HEADER - CT_TAG_SIZE + 1);
  if (!decrypt (_ct_session_key_of (self, c), (guint32) self->cat_version[c], table, field,
                row_id, blob, len, buffer->data))
    return NULL;
  return buffer->data;
}

/* Like _ct_row_open_into(), for a value kept apart from its row
 * (sync_unkept, docs/sync-merge.md "Edits not kept"): a rotation of @c's
 * key since it was kept did not seal it again, so every older version of
 * the key this session reaches is tried too, newest first. */
const char *
_ct_row_open_kept_into (CtSession     *self,
                        CtCategory     c,
                        const CtTable *table,
                        const CtField *field,
                        gint64         row_id,
                        const guint8  *blob,
                        gsize          len,
                        CtPlainBuffer *buffer)
{
  const char *plain;

  if (c == CT_CATEGORY_GENERAL || !_ct_session_can_read (self, c) || blob == NULL
      || len < FIELD_HEADER + CT_TAG_SIZE)
    return NULL;
  plain = _ct_row_open_into (self, c, table, field, row_id, blob, len, buffer);
  for (gint version = self->cat_version[c] - 1; plain == NULL && version >= 1; version--)
    {
      guint n = 0;
      guint8 *keys = _ct_session_keys_of_version (self, c, version, &n);

      for (guint i = 0; i < n && plain == NULL; i++)
        if (decrypt (keys + i * CT_KEY_SIZE, (guint32) version, table, field, row_id, blob, len,
                     buffer->data))
          plain = buffer->data;
      if (keys != NULL)
        ct_secure_free (keys);
    }
  return plain;
}

/* Wipes what @buffer held before it grows or goes. */
void
_ct_plain_buffer_reserve (CtPlainBuffer *buffer,
                          gsize          size)
{
  if (size <= buffer->size)
    return;
  _ct_plain_buffer_clear (buffer);
  buffer->size = MAX (size, 64);
  buffer->data = g_malloc (buffer->size);
}

void
_ct_plain_buffer_clear (CtPlainBuffer *buffer)
{
  if (buffer->data != NULL)
    sodium_memzero (buffer->data, buffer->size);
  g_clear_pointer (&buffer->data, g_free);
  buffer->size = 0;
}

static gboolean
reencrypt_column (CtSession     *self,
                  const CtTable *table,
                  const CtField *field,
                  const guint8  *old_key,
                  const guint8  *new_key,
                  gint           new_version,
                  GError       **error)
{
  sqlite3_stmt *stmt = ct_store_column_select (self->db, table, field, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const guint8 *blob = sqlite3_column_blob (stmt, 1);
      gsize len = (gsize) sqlite3_column_bytes (stmt, 1);
      g_autofree char *plain = open_with (old_key, table, field, id, blob, len);

      /* An older version, or the other key of its number (a resolved
       * fork's, docs/sync-security.md "Key versions named by their statement"). */
      if (plain == NULL && len >= 4)
        plain = open_older (self, table, field, id, sealed_version (blob), blob, len, NULL);
      if (plain == NULL)
        {
          sqlite3_finalize (stmt);
          set_damaged (error, table, field, id);
          return FALSE;
        }
      g_array_append_val (ids, id);
      g_ptr_array_add (blobs, seal_with (new_key, new_version, FALSE, table, field, id, plain));
      memset (plain, 0, strlen (plain));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return ct_store_set_error (self->db, rc, error);

  for (guint i = 0; i < ids->len; i++)
    if (!ct_store_column_update (self->db, table, field, g_array_index (ids, gint64, i),
                                 g_ptr_array_index (blobs, i), error))
      return FALSE;
  return TRUE;
}

/* One row-sealed value under a new key; @plain is wiped. */
static GBytes *
reseal_row_value (const guint8  *old_key,
                  gint           old_version,
                  const guint8  *new_key,
                  gint           new_version,
                  const CtTable *table,
                  const CtField *field,
                  gint64         id,
                  const guint8  *blob,
                  gsize          len)
{
  g_autofree char *plain = NULL;
  GBytes *sealed;

  if (len < FIELD_HEADER + CT_TAG_SIZE)
    return NULL;
  plain = g_malloc (len - FIELD_HEADER - CT_TAG_SIZE + 1);
  if (!decrypt (old_key, (guint32) old_version, table, field, id, blob, len, plain))
    return NULL;
  sealed = seal_with (new_key, (guint32) new_version, TRUE, table, field, id, plain);
  sodium_memzero (plain, len - FIELD_HEADER - CT_TAG_SIZE);
  return sealed;
}

/* The rows of category @c of @table: every row-sealed value of a row
 * whose category opens under the old key moves to the new one. */
static gboolean
reencrypt_rows (CtSession     *self,
                const CtTable *table,
                gint           old_version,
                const guint8  *old_key,
                const guint8  *new_key,
                gint           new_version,
                GError       **error)
{
  g_autoptr(CtStmt) stmt = ct_store_row_select (self->db, table, NULL, 0, FALSE, error);
  g_autoptr(GPtrArray) updates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GArray) where = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      int rc_col = table->row_category + 1;
      g_autoptr(GBytes) probe = NULL;

      if (sqlite3_column_type (stmt, rc_col) != SQLITE_BLOB)
        continue;
      probe = reseal_row_value (old_key, old_version, new_key, new_version, table,
                                &table->fields[table->row_category], id,
                                sqlite3_column_blob (stmt, rc_col),
                                (gsize) sqlite3_column_bytes (stmt, rc_col));
      if (probe == NULL)
        continue;  /* a row of another category */
      for (guint f = 0; f < table->n_fields; f++)
        {
          const CtField *field = &table->fields[f];
          GBytes *sealed;
          gint64 pair[2] = { id, f };

          if (!field->by_row || sqlite3_column_type (stmt, (int) f + 1) != SQLITE_BLOB)
            continue;
          sealed = reseal_row_value (old_key, old_version, new_key, new_version, table, field, id,
                                     sqlite3_column_blob (stmt, (int) f + 1),
                                     (gsize) sqlite3_column_bytes (stmt, (int) f + 1));
          if (sealed == NULL)
            {
              set_damaged (error, table, field, id);
              return FALSE;
            }
          g_ptr_array_add (updates, sealed);
          g_array_append_vals (where, pair, 1);
        }
    }
  if (rc != SQLITE_DONE)
    return ct_store_set_error (self->db, rc, error);

  for (guint i = 0; i < updates->len; i++)
    {
      gint64 *pair = &g_array_index (where, gint64, i * 2);

      if (!ct_store_column_update (self->db, table, &table->fields[pair[1]], pair[0],
                                   g_ptr_array_index (updates, i), error))
        return FALSE;
    }
  return TRUE;
}

/* Every value of category @c, sealed under @old_key (the session's
 * current version of it), sealed again under @new_key, version
 * @new_version: a rotation's work (ct-session-keys.c). */
gboolean
_ct_session_reencrypt_category (CtSession    *self,
                                CtCategory    c,
                                const guint8 *old_key,
                                const guint8 *new_key,
                                gint          new_version,
                                GError      **error)
{
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      for (guint f = 0; f < tables[t]->n_fields; f++)
        if (tables[t]->fields[f].category == c && !tables[t]->fields[f].by_row
            && !reencrypt_column (self, tables[t], &tables[t]->fields[f], old_key, new_key,
                                  new_version, error))
          return FALSE;
      if (tables[t]->row_category >= 0
          && !reencrypt_rows (self, tables[t], self->cat_version[c], old_key, new_key,
                              new_version, error))
        return FALSE;
    }
  return TRUE;
}
