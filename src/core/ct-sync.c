/* ct-sync.c — the change file: encoding, sealing, strict reading
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A change file travels through folders nobody here controls, so it is
 * encrypted under the team's sync key and signed by its author, and the
 * reader trusts no count or length in it before checking it against the
 * bytes that are there. The reader names a reason a person can act on;
 * the caller adds the file's name. The format is in docs/sync-files.md. */

#define G_LOG_DOMAIN "ct-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-bytes-private.h"
#include "ct-error.h"
#include "ct-sync-private.h"

#define MAGIC CT_SYNC_MAGIC
#define NONCE_OFFSET (CT_SYNC_HEADER_SIZE - CT_NONCE_SIZE)

enum
{
  VALUE_NULL = 0,
  VALUE_INTEGER = 1,
  VALUE_TEXT = 2,
  VALUE_BLOB = 3,
};

static void
put_value (GByteArray         *out,
           const CtStoreValue *value)
{
  gconstpointer data;
  gsize len;

  switch (value->type)
    {
    case SQLITE_INTEGER:
      _ct_bytes_put_u8 (out, VALUE_INTEGER);
      _ct_bytes_put_u64 (out, (guint64) value->integer);
      break;
    case SQLITE_TEXT:
      _ct_bytes_put_u8 (out, VALUE_TEXT);
      _ct_bytes_put_text (out, 4, value->text);
      break;
    case SQLITE_BLOB:
      data = g_bytes_get_data (value->blob, &len);
      _ct_bytes_put_u8 (out, VALUE_BLOB);
      _ct_bytes_put_u32 (out, (guint32) len);
      _ct_bytes_put_bytes (out, data, len);
      break;
    default:
      _ct_bytes_put_u8 (out, VALUE_NULL);
      break;
    }
}

void
_ct_sync_encode_change (GByteArray         *out,
                        CtSyncKind          kind,
                        guint64             hlc,
                        const CtTable      *table,
                        gint64              row_id,
                        const CtStoreValue *values,
                        const guint8       *changed)
{
  guint n = 0;

  _ct_bytes_put_u8 (out, (guint8) kind);
  _ct_bytes_put_u64 (out, hlc);
  _ct_bytes_put_text (out, 1, table->name);
  _ct_bytes_put_u64 (out, (guint64) row_id);
  if (kind == CT_SYNC_DELETE)
    return;

  for (guint i = 0; i < table->n_fields; i++)
    n += changed[i] ? 1 : 0;
  _ct_bytes_put_u16 (out, (guint16) n);
  for (guint i = 0; i < table->n_fields; i++)
    if (changed[i])
      {
        _ct_bytes_put_text (out, 1, table->fields[i].name);
        put_value (out, &values[i]);
      }
}

/* Signed rows: rows whose authority is a member's signature over them,
 * not the change file's author alone (an involvement). Their bytes are
 * the handler's to check. */
const char * const _ct_sync_signed_tables[] = { "involvements", "restrictions", NULL };

#define SIGNED_PAYLOAD_MAX 4096
/* An access-log entry of a list names its households: 16 MiB is more
 * than a million of them. */
#define LOG_PAYLOAD_MAX (16u << 20)

/* A purge or a signed row: its kind, stamp, table ("households" for a
 * purge) and row id (the household), then its bytes (a purge's: its
 * day, YYYY-MM-DD). */
void
_ct_sync_encode_payload (GByteArray   *out,
                         CtSyncKind    kind,
                         guint64       hlc,
                         const char   *signed_table,
                         gint64        row_id,
                         const guint8 *payload,
                         gsize         payload_len)
{
  g_assert (kind >= CT_SYNC_PURGE && kind <= CT_SYNC_LOG);
  g_assert (kind == CT_SYNC_PURGE ? strcmp (signed_table, "households") == 0
            : kind == CT_SYNC_LOG ? strcmp (signed_table, "access_log") == 0
                                  : g_strv_contains (_ct_sync_signed_tables, signed_table));
  g_assert (payload_len <= (kind == CT_SYNC_LOG ? LOG_PAYLOAD_MAX : SIGNED_PAYLOAD_MAX));

  _ct_bytes_put_u8 (out, (guint8) kind);
  _ct_bytes_put_u64 (out, hlc);
  _ct_bytes_put_text (out, 1, signed_table);
  _ct_bytes_put_u64 (out, (guint64) row_id);
  _ct_bytes_put_u32 (out, (guint32) payload_len);
  g_byte_array_append (out, payload, (guint) payload_len);
}

/* Into @name (256 bytes), NUL-terminated; a NUL inside is refused. */
static gboolean
get_name (CtBytesReader *r,
          char          *name)
{
  const guint8 *b;
  guint8 len;

  if (!_ct_bytes_get_u8 (r, &len) || !_ct_bytes_get_bytes (r, len, &b)
      || memchr (b, 0, len) != NULL)
    return FALSE;
  memcpy (name, b, len);
  name[len] = '\0';
  return TRUE;
}

static gboolean
get_value (CtBytesReader *r,
           CtStoreValue  *value)
{
  const guint8 *b;
  guint32 len;
  guint64 v;
  guint8 type;
  char *text;

  if (!_ct_bytes_get_u8 (r, &type))
    return FALSE;
  switch (type)
    {
    case VALUE_NULL:
      value->type = SQLITE_NULL;
      return TRUE;
    case VALUE_INTEGER:
      value->type = SQLITE_INTEGER;
      if (!_ct_bytes_get_u64 (r, &v))
        return FALSE;
      value->integer = (gint64) v;
      return TRUE;
    case VALUE_TEXT:
      if ((text = _ct_bytes_dup_text (r, 4)) == NULL)
        return FALSE;
      value->type = SQLITE_TEXT;
      value->text = text;
      return TRUE;
    case VALUE_BLOB:
      if (!_ct_bytes_get_u32 (r, &len) || !_ct_bytes_get_bytes (r, len, &b))
        return FALSE;
      value->type = SQLITE_BLOB;
      value->blob = g_bytes_new (b, len);
      return TRUE;
    default:
      return FALSE;
    }
}

void
_ct_sync_change_clear (CtSyncChange *change)
{
  for (guint i = 0; change->values != NULL && change->table != NULL
                    && i < change->table->n_fields; i++)
    {
      if (change->values[i].type == SQLITE_TEXT)
        g_free ((char *) change->values[i].text);
      g_clear_pointer (&change->values[i].blob, g_bytes_unref);
    }
  g_clear_pointer (&change->values, g_free);
  g_clear_pointer (&change->changed, g_free);
  memset (change, 0, sizeof *change);
}

static gboolean
malformed (GError **error)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("a change in it is malformed or names a table or field that the team "
                         "file does not have"));
  return FALSE;
}

static gboolean
read_fields (CtBytesReader *r,
             CtSyncChange  *change)
{
  guint16 n;

  if (!_ct_bytes_get_u16 (r, &n) || n == 0 || n > change->table->n_fields
      || (change->kind == CT_SYNC_UPDATE && n != 1))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      char name[256];
      int index;

      if (!get_name (r, name) || (index = ct_table_get_field_index (change->table, name)) < 0
          || change->changed[index])
        return FALSE;
      change->changed[index] = TRUE;
      change->field = (guint) index;
      if (!get_value (r, &change->values[index]))
        return FALSE;
    }
  return TRUE;
}

/**
 * _ct_sync_change_next:
 * @cursor: where the next change starts; moved past it
 *
 * Decodes one change into @change (cleared first by the caller). Only
 * tables of the schema and the signed tables can be named: members, policy, keys and the log
 * are not tables a change may write.
 */
gboolean
_ct_sync_change_next (const guint8 **cursor,
                      const guint8  *end,
                      CtSyncChange  *change,
                      GError       **error)
{
  CtBytesReader r;
  char table[256];
  guint64 row;
  guint8 kind;

  memset (change, 0, sizeof *change);
  _ct_bytes_reader_init (&r, *cursor, (gsize) (end - *cursor));
  if (!_ct_bytes_get_u8 (&r, &kind) || kind < CT_SYNC_INSERT || kind > CT_SYNC_LOG
      || !_ct_bytes_get_u64 (&r, &change->hlc) || !get_name (&r, table))
    return malformed (error);
  if (kind >= CT_SYNC_PURGE)
    {
      guint32 len;

      for (guint i = 0; kind < CT_SYNC_LOG && kind != CT_SYNC_PURGE
                        && _ct_sync_signed_tables[i] != NULL; i++)
        if (strcmp (_ct_sync_signed_tables[i], table) == 0)
          change->signed_table = _ct_sync_signed_tables[i];
      if (kind == CT_SYNC_LOG && strcmp (table, "access_log") == 0)
        change->signed_table = "access_log";
      if (kind == CT_SYNC_PURGE && strcmp (table, "households") == 0)
        change->table = ct_schema_get_table (table);
      if ((change->signed_table == NULL && change->table == NULL)
          || !_ct_bytes_get_u64 (&r, &row) || (gint64) row <= 0
          || !_ct_bytes_get_u32 (&r, &len)
          || len > (kind == CT_SYNC_LOG ? LOG_PAYLOAD_MAX : SIGNED_PAYLOAD_MAX)
          || !_ct_bytes_get_bytes (&r, len, &change->payload))
        return malformed (error);
      change->kind = kind;
      change->row_id = (gint64) row;
      change->payload_len = len;
      *cursor = _ct_bytes_here (&r);
      return TRUE;
    }
  if ((change->table = ct_schema_get_table (table)) == NULL || !_ct_bytes_get_u64 (&r, &row)
      || (gint64) row <= 0)
    return malformed (error);

  change->kind = kind;
  change->row_id = (gint64) row;
  change->values = g_new0 (CtStoreValue, change->table->n_fields);
  change->changed = g_new0 (guint8, change->table->n_fields);
  if (kind != CT_SYNC_DELETE && !read_fields (&r, change))
    {
      _ct_sync_change_clear (change);
      return malformed (error);
    }
  *cursor = _ct_bytes_here (&r);
  return TRUE;
}

void
_ct_sync_statement_free (CtSyncStatement *statement)
{
  g_clear_pointer (&statement->body, g_bytes_unref);
  g_free (statement);
}

void
_ct_sync_file_clear (CtSyncFile *file)
{
  g_clear_pointer (&file->vector, g_array_unref);
  g_clear_pointer (&file->statements, g_ptr_array_unref);
  g_clear_pointer (&file->grants, g_array_unref);
  g_clear_pointer (&file->category_keys, g_bytes_unref);
  g_clear_pointer (&file->changes, g_bytes_unref);
  memset (file, 0, sizeof *file);
}

static void
put_header (GByteArray       *out,
            const char       *magic,
            const CtSyncFile *file)
{
  g_byte_array_append (out, (const guint8 *) magic, 8);
  g_byte_array_append (out, file->team_id, CT_TEAM_ID_SIZE);
  g_byte_array_append (out, file->device, CT_SYNC_DEVICE_SIZE);
  _ct_bytes_put_u64 (out, file->seq);
  g_byte_array_append (out, file->author, CT_MEMBER_ID_SIZE);
  _ct_bytes_put_u32 (out, file->key_version);
  _ct_bytes_put_u64 (out, file->chain_length);
  g_byte_array_append (out, file->chain_head, CT_CHAIN_HASH_SIZE);
}

/* The vector, the chain statements and sync key grants it carries, then
 * the changes (already encoded in file->changes). */
static GByteArray *
build_plaintext (const CtSyncFile *file)
{
  GByteArray *plain = g_byte_array_new ();
  gsize len;
  gconstpointer changes = g_bytes_get_data (file->changes, &len);

  _ct_bytes_put_u32 (plain, file->vector->len);
  for (guint i = 0; i < file->vector->len; i++)
    {
      const CtSyncPeer *peer = &g_array_index (file->vector, CtSyncPeer, i);

      g_byte_array_append (plain, peer->device, CT_SYNC_DEVICE_SIZE);
      _ct_bytes_put_u64 (plain, peer->seq);
      _ct_bytes_put_u64 (plain, peer->hlc);
    }
  _ct_bytes_put_u32 (plain, file->statements != NULL ? file->statements->len : 0);
  for (guint i = 0; file->statements != NULL && i < file->statements->len; i++)
    {
      const CtSyncStatement *st = g_ptr_array_index (file->statements, i);
      gsize body_len;
      gconstpointer body = g_bytes_get_data (st->body, &body_len);

      _ct_bytes_put_u64 (plain, st->seq);
      _ct_bytes_put_u64 (plain, st->hlc);
      _ct_bytes_put_u32 (plain, (guint32) body_len);
      g_byte_array_append (plain, body, (guint) body_len);
      g_byte_array_append (plain, st->signer, CT_MEMBER_ID_SIZE);
      g_byte_array_append (plain, st->signature, crypto_sign_BYTES);
    }
  _ct_bytes_put_u32 (plain, file->grants != NULL ? file->grants->len : 0);
  for (guint i = 0; file->grants != NULL && i < file->grants->len; i++)
    {
      const CtSyncGrant *g = &g_array_index (file->grants, CtSyncGrant, i);

      _ct_bytes_put_u32 (plain, g->version);
      g_byte_array_append (plain, g->made_by, CT_CHAIN_HASH_SIZE);
      g_byte_array_append (plain, g->holder, CT_MEMBER_ID_SIZE);
      g_byte_array_append (plain, g->sealed, CT_SYNC_GRANT_SIZE);
    }
  {
    gsize keys_len = 0;
    gconstpointer keys = file->category_keys != NULL
                           ? g_bytes_get_data (file->category_keys, &keys_len) : NULL;

    _ct_bytes_put_u32 (plain, (guint32) keys_len);
    if (keys_len > 0)
      g_byte_array_append (plain, keys, (guint) keys_len);
  }
  _ct_bytes_put_u32 (plain, file->n_changes);
  g_byte_array_append (plain, changes, (guint) len);
  return plain;
}

/**
 * _ct_sync_file_seal:
 * @key: the sync key of @file's key version
 * @author: the author's keys; their Ed25519 key signs
 *
 * Returns: the change file's bytes: header, ciphertext (the header is its
 *   associated data), signature over both
 */
GBytes *
_ct_sync_file_seal (const CtSyncFile *file,
                    const guint8     *key,
                    const CtIdentity *author)
{
  return _ct_sync_file_seal_as (file, MAGIC, key, author);
}

/**
 * _ct_sync_file_seal_as:
 * @magic: 8 bytes: which kind of file this is (a change file, a status
 *   file), so that one kind is never read as another
 *
 * As _ct_sync_file_seal(), for another kind of file in the same envelope.
 */
GBytes *
_ct_sync_file_seal_as (const CtSyncFile *file,
                       const char       *magic,
                       const guint8     *key,
                       const CtIdentity *author)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) plain = build_plaintext (file);
  guint8 nonce[CT_NONCE_SIZE];
  gsize body;

  put_header (out, magic, file);
  randombytes_buf (nonce, sizeof nonce);
  g_byte_array_append (out, nonce, sizeof nonce);
  g_assert (out->len == CT_SYNC_HEADER_SIZE);

  g_byte_array_set_size (out, CT_SYNC_HEADER_SIZE + plain->len + CT_TAG_SIZE);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out->data + CT_SYNC_HEADER_SIZE, NULL, plain->data,
                                              plain->len, out->data, CT_SYNC_HEADER_SIZE, NULL,
                                              nonce, key);
  sodium_memzero (plain->data, plain->len);
  body = out->len;
  g_byte_array_set_size (out, (guint) (body + CT_SYNC_SIG_SIZE));
  crypto_sign_detached (out->data + body, NULL, out->data, body, author->sign_sk);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * _ct_sync_file_peek:
 *
 * Reads the clear header into @file; nothing in it is authentic until
 * _ct_sync_file_verify() holds with a key the team chain gives its author.
 */
gboolean
_ct_sync_file_peek (const guint8 *data,
                    gsize         len,
                    CtSyncFile   *file,
                    GError      **error)
{
  /* A file of the format before sync key versions were named still
   * reads: its grants are named by the receiver (docs/sync-files.md). */
  if (len >= 8 && memcmp (data, CT_SYNC_MAGIC_02, 8) == 0)
    {
      if (!_ct_sync_file_peek_as (data, len, CT_SYNC_MAGIC_02, file, error))
        return FALSE;
      file->unnamed = TRUE;
      file->keys_unnamed = TRUE;
      return TRUE;
    }
  /* Nor the format before category key versions were named: its list of
   * category keys is named by the receiver. */
  if (len >= 8 && memcmp (data, CT_SYNC_MAGIC_03, 8) == 0)
    {
      if (!_ct_sync_file_peek_as (data, len, CT_SYNC_MAGIC_03, file, error))
        return FALSE;
      file->keys_unnamed = TRUE;
      return TRUE;
    }
  return _ct_sync_file_peek_as (data, len, MAGIC, file, error);
}

/* As _ct_sync_file_peek(), for the kind of file @magic names. */
gboolean
_ct_sync_file_peek_as (const guint8 *data,
                       gsize         len,
                       const char   *magic,
                       CtSyncFile   *file,
                       GError      **error)
{
  CtBytesReader r;

  memset (file, 0, sizeof *file);
  if (len < 8 || memcmp (data, magic, 8) != 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_TEAM_FILE,
                           _("it is not a change file of this version of Casustafel"));
      return FALSE;
    }
  if (len < CT_SYNC_HEADER_SIZE + 4 + 4 + CT_TAG_SIZE + CT_SYNC_SIG_SIZE)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TRUNCATED, _("it is truncated"));
      return FALSE;
    }
  _ct_bytes_reader_init (&r, data, len);
  _ct_bytes_skip (&r, 8);
  _ct_bytes_copy (&r, file->team_id, CT_TEAM_ID_SIZE);
  _ct_bytes_copy (&r, file->device, CT_SYNC_DEVICE_SIZE);
  _ct_bytes_get_u64 (&r, &file->seq);
  _ct_bytes_copy (&r, file->author, CT_MEMBER_ID_SIZE);
  _ct_bytes_get_u32 (&r, &file->key_version);
  _ct_bytes_get_u64 (&r, &file->chain_length);
  _ct_bytes_copy (&r, file->chain_head, CT_CHAIN_HASH_SIZE);
  return TRUE;
}

/* The signature over everything before it, with @sign_pk. */
gboolean
_ct_sync_file_verify (const guint8 *data,
                      gsize         len,
                      const guint8 *sign_pk)
{
  g_assert (len >= CT_SYNC_HEADER_SIZE + CT_SYNC_SIG_SIZE);
  return crypto_sign_verify_detached (data + len - CT_SYNC_SIG_SIZE, data,
                                      len - CT_SYNC_SIG_SIZE, sign_pk) == 0;
}

static gboolean
read_vector (CtBytesReader *r,
             CtSyncFile    *file)
{
  guint32 n;

  if (!_ct_bytes_get_count (r, CT_SYNC_DEVICE_SIZE + 16, &n))
    return FALSE;
  file->vector = g_array_sized_new (FALSE, TRUE, sizeof (CtSyncPeer), n);
  for (guint i = 0; i < n; i++)
    {
      CtSyncPeer peer;

      if (!_ct_bytes_copy (r, peer.device, CT_SYNC_DEVICE_SIZE)
          || !_ct_bytes_get_u64 (r, &peer.seq) || !_ct_bytes_get_u64 (r, &peer.hlc))
        return FALSE;
      g_array_append_val (file->vector, peer);
    }
  return TRUE;
}

/* The statements must follow each other without a gap. */
static gboolean
read_statements (CtBytesReader *r,
                 CtSyncFile    *file)
{
  guint32 n;

  if (!_ct_bytes_get_count (r, 16 + 4 + CT_MEMBER_ID_SIZE + crypto_sign_BYTES, &n))
    return FALSE;
  file->statements = g_ptr_array_new_with_free_func ((GDestroyNotify) _ct_sync_statement_free);
  for (guint i = 0; i < n; i++)
    {
      CtSyncStatement *st = g_new0 (CtSyncStatement, 1);
      const guint8 *body;
      guint32 len;

      g_ptr_array_add (file->statements, st);
      if (!_ct_bytes_get_u64 (r, &st->seq) || !_ct_bytes_get_u64 (r, &st->hlc)
          || !_ct_bytes_get_u32 (r, &len) || !_ct_bytes_get_bytes (r, len, &body)
          || !_ct_bytes_copy (r, st->signer, CT_MEMBER_ID_SIZE)
          || !_ct_bytes_copy (r, st->signature, crypto_sign_BYTES) || st->seq > G_MAXINT64
          || (i > 0 && st->seq != ((CtSyncStatement *) g_ptr_array_index (file->statements,
                                                                           i - 1))->seq + 1))
        return FALSE;
      st->body = g_bytes_new (body, len);
    }
  return n == 0 || ((CtSyncStatement *) g_ptr_array_index (file->statements, n - 1))->seq + 1
                   == file->chain_length;
}

static gboolean
read_grants (CtBytesReader *r,
             CtSyncFile    *file)
{
  guint32 n;

  gsize name = file->unnamed ? 0 : CT_CHAIN_HASH_SIZE;

  if (!_ct_bytes_get_count (r, 4 + name + CT_MEMBER_ID_SIZE + CT_SYNC_GRANT_SIZE, &n))
    return FALSE;
  file->grants = g_array_sized_new (FALSE, TRUE, sizeof (CtSyncGrant), n);
  for (guint i = 0; i < n; i++)
    {
      CtSyncGrant g = { 0 };

      if (!_ct_bytes_get_u32 (r, &g.version) || (name > 0 && !_ct_bytes_copy (r, g.made_by, name))
          || !_ct_bytes_copy (r, g.holder, CT_MEMBER_ID_SIZE)
          || !_ct_bytes_copy (r, g.sealed, CT_SYNC_GRANT_SIZE))
        return FALSE;
      g_array_append_val (file->grants, g);
    }
  return TRUE;
}

static gboolean
read_category_keys (CtBytesReader *r,
                    CtSyncFile    *file)
{
  guint32 n;
  const guint8 *b;

  if (!_ct_bytes_get_u32 (r, &n) || !_ct_bytes_get_bytes (r, n, &b))
    return FALSE;
  file->category_keys = g_bytes_new (b, n);
  return TRUE;
}

/* Every change must decode and end exactly at the end of the bytes. */
static gboolean
check_changes (const CtBytesReader *r,
               guint32              n,
               GError             **error)
{
  const guint8 *p = _ct_bytes_here (r), *end = p + _ct_bytes_left (r);

  for (guint i = 0; i < n; i++)
    {
      CtSyncChange change;

      if (!_ct_sync_change_next (&p, end, &change, error))
        return FALSE;
      _ct_sync_change_clear (&change);
    }
  if (p != end)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                           _("it has bytes after its last change"));
      return FALSE;
    }
  return TRUE;
}

/* Decrypts a verified file; the bytes after the count of changes are
 * changes, or (@payload) a snapshot's payload of no change. */
static gboolean
open_file (const guint8        *data,
           gsize                len,
           const guint8 *const *keys,
           guint                n_keys,
           gboolean             payload,
           CtSyncFile          *file,
           GError             **error)
{
  gsize clen = len - CT_SYNC_HEADER_SIZE - CT_SYNC_SIG_SIZE;
  g_autofree guint8 *plain = g_malloc (clen);
  CtBytesReader r;
  gboolean opened = FALSE;

  /* The AEAD opens under one key only: of two keys of one number (a
   * resolved fork's, docs/sync-security.md), the one the file was sealed under. */
  for (guint i = 0; !opened && i < n_keys; i++)
    opened = crypto_aead_xchacha20poly1305_ietf_decrypt (plain, NULL, NULL,
                                                         data + CT_SYNC_HEADER_SIZE, clen, data,
                                                         CT_SYNC_HEADER_SIZE,
                                                         data + NONCE_OFFSET, keys[i]) == 0;
  if (!opened)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                           _("its contents do not open with the team's sync key: it was changed "
                             "or damaged"));
      return FALSE;
    }
  _ct_bytes_reader_init (&r, plain, clen - CT_TAG_SIZE);
  if (!read_vector (&r, file) || !read_statements (&r, file) || !read_grants (&r, file)
      || !read_category_keys (&r, file) || !_ct_bytes_get_u32 (&r, &file->n_changes))
    {
      sodium_memzero (plain, clen);
      return malformed (error);
    }
  if (payload ? file->n_changes != 0 : !check_changes (&r, file->n_changes, error))
    {
      sodium_memzero (plain, clen);
      return payload ? malformed (error) : FALSE;
    }
  file->changes = g_bytes_new (_ct_bytes_here (&r), _ct_bytes_left (&r));
  sodium_memzero (plain, clen);
  return TRUE;
}

/**
 * _ct_sync_file_open:
 * @file: from _ct_sync_file_peek(); gets the vector and the changes
 *
 * Decrypts a verified file and checks its contents strictly.
 */
gboolean
_ct_sync_file_open (const guint8 *data,
                    gsize         len,
                    const guint8 *key,
                    CtSyncFile   *file,
                    GError      **error)
{
  return open_file (data, len, &key, 1, FALSE, file, error);
}

/**
 * _ct_sync_file_open_any:
 * @keys: the keys of the file's sync key version this replica holds
 *   (secure memory), the one its chain names first
 * @payload: as _ct_sync_file_open_payload() when %TRUE
 *
 * As _ct_sync_file_open(), with the first of @keys that opens the file.
 */
gboolean
_ct_sync_file_open_any (const guint8 *data,
                        gsize         len,
                        GPtrArray    *keys,
                        gboolean      payload,
                        CtSyncFile   *file,
                        GError      **error)
{
  return open_file (data, len, (const guint8 *const *) keys->pdata, keys->len, payload, file,
                    error);
}

/**
 * _ct_sync_file_open_payload:
 * @file: from _ct_sync_file_peek_as(); gets the vector, and in @changes
 *   the bytes after a count of zero changes (a snapshot's database)
 *
 * As _ct_sync_file_open(), for a file that carries a payload of its own
 * kind instead of changes.
 */
gboolean
_ct_sync_file_open_payload (const guint8 *data,
                            gsize         len,
                            const guint8 *key,
                            CtSyncFile   *file,
                            GError      **error)
{
  return open_file (data, len, &key, 1, TRUE, file, error);
}
