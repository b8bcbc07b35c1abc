/* test-units-bytes.c — table-driven tests of the binary formats
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Functions that need no session and no team file, each fed a table of
 * inputs, good and bad: the header parser on damaged buffers, pseudonyms
 * and the byte reader's bounds. A new header check gets a row here; field
 * values, the CSV reader and the passphrase hint are test-units'. */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "ct-bytes-private.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-error.h"
#include "ct-header.h"
#include "ct-pseudonym.h"

/* The header parser */

#define HEADER_FILE_SIZE (CT_VAULT_DB_OFFSET + CT_VAULT_PAGE_SIZE)

/* Offsets in a header copy, as ct-header.c lays it out. */
#define OFF_VERSION    8
#define OFF_N_SLOTS    12
#define OFF_GENERATION 16

typedef enum
{
  DAMAGE_NONE,
  DAMAGE_MAGIC_A,        /* copy A is not ours: B is read */
  DAMAGE_MAGIC_BOTH,
  DAMAGE_CHECKSUM_A,     /* a flipped byte in the newest copy: the older one is read */
  DAMAGE_CHECKSUM_BOTH,
  DAMAGE_VERSION_NEWER,
  DAMAGE_VERSION_ZERO,
  DAMAGE_SLOTS_HUGE,
  DAMAGE_TRUNCATED_HEADER,
  DAMAGE_TRUNCATED_DB,
  DAMAGE_RAGGED_DB,      /* the database is not a whole number of pages */
  DAMAGE_EMPTY,
  DAMAGE_ZEROS,
} Damage;

static const struct
{
  const char *name;
  Damage      damage;
  int         code;          /* -1: read, from copy @copy */
  guint       copy;
} header_cases[] = {
  { "intact", DAMAGE_NONE, -1, 0 },
  { "magic of A", DAMAGE_MAGIC_A, -1, 1 },
  { "magic of both", DAMAGE_MAGIC_BOTH, CT_ERROR_NOT_TEAM_FILE, 0 },
  { "a byte of A", DAMAGE_CHECKSUM_A, -1, 1 },
  { "a byte of both", DAMAGE_CHECKSUM_BOTH, CT_ERROR_HEADER_DAMAGED, 0 },
  { "newer version", DAMAGE_VERSION_NEWER, CT_ERROR_NEWER_VERSION, 0 },
  { "version 0", DAMAGE_VERSION_ZERO, CT_ERROR_HEADER_DAMAGED, 0 },
  { "slot count", DAMAGE_SLOTS_HUGE, CT_ERROR_HEADER_DAMAGED, 0 },
  { "cut in the header", DAMAGE_TRUNCATED_HEADER, CT_ERROR_TRUNCATED, 0 },
  { "no database", DAMAGE_TRUNCATED_DB, CT_ERROR_TRUNCATED, 0 },
  { "half a page", DAMAGE_RAGGED_DB, CT_ERROR_TRUNCATED, 0 },
  { "empty file", DAMAGE_EMPTY, CT_ERROR_NOT_TEAM_FILE, 0 },
  { "all zeros", DAMAGE_ZEROS, CT_ERROR_NOT_TEAM_FILE, 0 },
};

static void
put_u32_le (guint8  *at,
            guint32  value)
{
  guint32 le = GUINT32_TO_LE (value);

  memcpy (at, &le, sizeof le);
}

/* A header with one slot, written twice so that both copies are valid and
 * A holds the newer generation; returns the file's bytes. */
static GByteArray *
make_header_bytes (const char *path)
{
  g_autoptr(CtHeader) header = ct_header_new ();
  g_autoptr(GError) error = NULL;
  guint8 db_key[CT_KEY_SIZE];
  CtSlot slot = { 0 };
  g_autofree char *contents = NULL;
  gsize length;
  GByteArray *bytes;
  int fd;

  randombytes_buf (db_key, sizeof db_key);
  randombytes_buf (header->team_id, sizeof header->team_id);
  randombytes_buf (header->lookup_key, sizeof header->lookup_key);
  slot.kind = CT_SLOT_MEMBER;
  randombytes_buf (slot.slot_id, sizeof slot.slot_id);
  g_array_append_val (header->slots, slot);

  fd = g_open (path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, HEADER_FILE_SIZE), ==, 0);
  g_assert_true (ct_header_write (header, fd, db_key, &error));  /* copy A, then B */
  g_assert_true (ct_header_write (header, fd, db_key, &error));
  g_assert_true (ct_header_write (header, fd, db_key, &error));  /* A, the newest */
  g_assert_no_error (error);
  g_assert_cmpuint (header->copy, ==, 0);
  close (fd);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, HEADER_FILE_SIZE);
  bytes = g_byte_array_new ();
  g_byte_array_append (bytes, (const guint8 *) contents, length);
  return bytes;
}

static void
apply_damage (GByteArray *bytes,
              Damage      damage)
{
  guint8 *a = bytes->data;
  guint8 *b = bytes->data + CT_VAULT_HEADER_SIZE;

  switch (damage)
    {
    case DAMAGE_NONE:
      break;
    case DAMAGE_MAGIC_A:
      a[0] ^= 0x20;
      break;
    case DAMAGE_MAGIC_BOTH:
      a[0] ^= 0x20;
      b[0] ^= 0x20;
      break;
    case DAMAGE_CHECKSUM_A:
      a[OFF_GENERATION + 4] ^= 0x01;
      break;
    case DAMAGE_CHECKSUM_BOTH:
      a[100] ^= 0x80;
      b[200] ^= 0x80;
      break;
    case DAMAGE_VERSION_NEWER:
      put_u32_le (a + OFF_VERSION, CT_VAULT_FORMAT + 1);
      put_u32_le (b + OFF_VERSION, CT_VAULT_FORMAT + 1);
      break;
    case DAMAGE_VERSION_ZERO:
      put_u32_le (a + OFF_VERSION, 0);
      put_u32_le (b + OFF_VERSION, 0);
      break;
    case DAMAGE_SLOTS_HUGE:
      put_u32_le (a + OFF_N_SLOTS, G_MAXUINT32);
      put_u32_le (b + OFF_N_SLOTS, ct_header_max_slots () + 1);
      break;
    case DAMAGE_TRUNCATED_HEADER:
      g_byte_array_set_size (bytes, CT_VAULT_HEADER_SIZE / 2);
      break;
    case DAMAGE_TRUNCATED_DB:
      g_byte_array_set_size (bytes, CT_VAULT_DB_OFFSET);
      break;
    case DAMAGE_RAGGED_DB:
      g_byte_array_set_size (bytes, HEADER_FILE_SIZE + CT_VAULT_PAGE_SIZE / 2);
      break;
    case DAMAGE_EMPTY:
      g_byte_array_set_size (bytes, 0);
      break;
    case DAMAGE_ZEROS:
      memset (bytes->data, 0, bytes->len);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_header_damage (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ct-units-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "header.casus", NULL);
  g_autoptr(GByteArray) intact = make_header_bytes (path);

  for (guint i = 0; i < G_N_ELEMENTS (header_cases); i++)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(CtHeader) header = NULL;
      int fd;

      g_test_message ("header: %s", header_cases[i].name);
      g_byte_array_append (bytes, intact->data, intact->len);
      apply_damage (bytes, header_cases[i].damage);
      g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, NULL));

      fd = g_open (path, O_RDONLY, 0);
      g_assert_cmpint (fd, >=, 0);
      header = ct_header_read (fd, &error);
      close (fd);

      if (header_cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (header);
          g_assert_cmpuint (header->copy, ==, header_cases[i].copy);
          g_assert_cmpuint (header->slots->len, ==, 1);
        }
      else
        {
          g_assert_null (header);
          g_assert_error (error, CT_ERROR, header_cases[i].code);
          g_clear_error (&error);
        }
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* Pseudonyms */

/* The definition in ct-pseudonym.c, computed here on its own. */
static void
expected_pseudonym (const guint8 *key,
                    gint64        case_id,
                    char         *out)
{
  g_autofree char *message = g_strdup_printf ("casustafel-export-case:%" G_GINT64_FORMAT, case_id);
  guint8 hash[16];

  crypto_generichash (hash, sizeof hash, (const guint8 *) message, strlen (message), key,
                      CT_PSEUDONYM_KEY_SIZE);
  g_snprintf (out, CT_PSEUDONYM_SIZE, "C-%02X%02X%02X%02X%02X", hash[0], hash[1], hash[2],
              hash[3], hash[4]);
}

static const gint64 pseudonym_ids[] = { 1, 2, 9, 10, 12345, G_MAXINT32, G_GINT64_CONSTANT (1) << 40 };

static void
test_pseudonyms (void)
{
  guint8 key[CT_PSEUDONYM_KEY_SIZE];
  guint8 other_key[CT_PSEUDONYM_KEY_SIZE];
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) i;
  memcpy (other_key, key, sizeof key);
  other_key[31] ^= 1;

  for (guint i = 0; i < G_N_ELEMENTS (pseudonym_ids); i++)
    {
      char got[CT_PSEUDONYM_SIZE], again[CT_PSEUDONYM_SIZE], expected[CT_PSEUDONYM_SIZE];
      char other[CT_PSEUDONYM_SIZE];

      ct_pseudonym_compute (key, pseudonym_ids[i], got);
      ct_pseudonym_compute (key, pseudonym_ids[i], again);
      ct_pseudonym_compute (other_key, pseudonym_ids[i], other);
      expected_pseudonym (key, pseudonym_ids[i], expected);

      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpstr (got, ==, again);        /* stable: waves can be linked */
      g_assert_cmpstr (got, !=, other);        /* keyed: another team, another name */
      g_assert_cmpuint (strlen (got), ==, CT_PSEUDONYM_SIZE - 1);
      g_assert_true (g_str_has_prefix (got, "C-"));
      for (const char *p = got + 2; *p != '\0'; p++)
        g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_islower (*p));
      /* No two cases share a name, and the name does not show the id. */
      g_assert_true (g_hash_table_add (seen, g_strdup (got)));
    }
}

/* The byte reader (ct-bytes-private.h): an integer of each width from
 * buffers one short, exact and one long; a failed get sets 0, moves
 * nothing and fails every later get. */

typedef struct
{
  guint    width;
  gsize    len;      /* bytes there */
  gboolean ok;
  guint64  value;
} BytesCase;

static const guint8 bytes_le[9] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x88, 0xff };

static const BytesCase bytes_cases[] = {
  { 1, 0, FALSE, 0 },
  { 1, 1, TRUE, 0x01 },
  { 1, 2, TRUE, 0x01 },
  { 2, 0, FALSE, 0 },
  { 2, 1, FALSE, 0 },
  { 2, 2, TRUE, 0x0201 },
  { 2, 3, TRUE, 0x0201 },
  { 4, 0, FALSE, 0 },
  { 4, 3, FALSE, 0 },
  { 4, 4, TRUE, 0x04030201 },
  { 4, 5, TRUE, 0x04030201 },
  { 8, 0, FALSE, 0 },
  { 8, 7, FALSE, 0 },
  { 8, 8, TRUE, G_GUINT64_CONSTANT (0x8807060504030201) },
  { 8, 9, TRUE, G_GUINT64_CONSTANT (0x8807060504030201) },
};

/* Each typed get of @c's width, on a fresh reader */
static gboolean
get_width (const BytesCase *c,
           guint64         *value)
{
  CtBytesReader r;
  gboolean ok = FALSE;
  guint8 v8 = 0xaa;
  guint16 v16 = 0xaaaa;
  guint32 v32 = 0xaaaaaaaa;
  gint64 i64 = 0x2a;

  _ct_bytes_reader_init (&r, c->len > 0 ? bytes_le : NULL, c->len);
  switch (c->width)
    {
    case 1:
      ok = _ct_bytes_get_u8 (&r, &v8);
      *value = v8;
      break;
    case 2:
      ok = _ct_bytes_get_u16 (&r, &v16);
      *value = v16;
      break;
    case 4:
      ok = _ct_bytes_get_u32 (&r, &v32);
      *value = v32;
      break;
    case 8:
      ok = _ct_bytes_get_u64 (&r, value);
      _ct_bytes_reader_init (&r, c->len > 0 ? bytes_le : NULL, c->len);
      g_assert_cmpint (_ct_bytes_get_i64 (&r, &i64), ==, ok);
      g_assert_cmpuint ((guint64) i64, ==, *value);
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_cmpuint (r.pos, ==, ok ? c->width : 0);
  g_assert_cmpuint (_ct_bytes_left (&r), ==, ok ? c->len - c->width : 0);
  g_assert_cmpint (_ct_bytes_reader_done (&r), ==, ok && c->len == c->width);
  return ok;
}

static void
test_bytes_bounds (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bytes_cases); i++)
    {
      const BytesCase *c = &bytes_cases[i];
      CtBytesReader r;
      const guint8 *p = NULL;
      guint8 copy[9];
      guint64 value = 0x2a;

      g_test_message ("width %u of %zu bytes", c->width, c->len);
      g_assert_cmpint (get_width (c, &value), ==, c->ok);
      g_assert_cmpuint (value, ==, c->value);

      _ct_bytes_reader_init (&r, c->len > 0 ? bytes_le : NULL, c->len);
      g_assert_cmpint (_ct_bytes_get_le (&r, c->width, &value), ==, c->ok);
      g_assert_cmpuint (value, ==, c->value);

      /* The same width as a run of bytes, in place and copied */
      _ct_bytes_reader_init (&r, c->len > 0 ? bytes_le : NULL, c->len);
      g_assert_cmpint (_ct_bytes_get_bytes (&r, c->width, &p), ==, c->ok);
      g_assert_true (!c->ok || p == bytes_le);
      _ct_bytes_reader_init (&r, c->len > 0 ? bytes_le : NULL, c->len);
      memset (copy, 0x55, sizeof copy);
      g_assert_cmpint (_ct_bytes_copy (&r, copy, c->width), ==, c->ok);
      for (guint j = 0; j < c->width; j++)
        g_assert_cmpuint (copy[j], ==, c->ok ? bytes_le[j] : 0);
      g_assert_cmpuint (copy[c->width], ==, 0x55);

      /* After an overrun every get fails, even one that would fit */
      if (!c->ok)
        {
          g_assert_null (_ct_bytes_take (&r, 0));
          g_assert_false (_ct_bytes_skip (&r, 0));
          g_assert_cmpuint (_ct_bytes_le (&r, 1), ==, 0);
          g_assert_false (_ct_bytes_reader_done (&r));
          g_assert_cmpuint (r.pos, ==, 0);
        }
    }
}

/* Nothing to read: a get of no bytes holds, any other fails. */
static void
test_bytes_empty (void)
{
  CtBytesReader r;
  const guint8 *p = NULL;

  _ct_bytes_reader_init (&r, NULL, 0);
  g_assert_true (_ct_bytes_reader_done (&r));
  g_assert_true (_ct_bytes_get_bytes (&r, 0, &p));
  g_assert_null (p);
  g_assert_true (_ct_bytes_reader_done (&r));
  g_assert_false (_ct_bytes_skip (&r, 1));
  g_assert_false (_ct_bytes_reader_done (&r));

  /* At the exact end of a buffer: no bytes more hold, one does not */
  _ct_bytes_reader_init (&r, bytes_le, 4);
  g_assert_true (_ct_bytes_skip (&r, 4));
  g_assert_true (_ct_bytes_get_bytes (&r, 0, &p));
  g_assert_true (p == bytes_le + 4);
  g_assert_true (_ct_bytes_reader_done (&r));
  g_assert_null (_ct_bytes_take (&r, 1));
  g_assert_cmpuint (_ct_bytes_left (&r), ==, 0);

  /* A length longer than the bytes left, by one and by far */
  _ct_bytes_reader_init (&r, bytes_le, sizeof bytes_le);
  g_assert_false (_ct_bytes_skip (&r, sizeof bytes_le + 1));
  _ct_bytes_reader_init (&r, bytes_le, sizeof bytes_le);
  g_assert_false (_ct_bytes_skip (&r, G_MAXSIZE));
  g_assert_cmpuint (r.pos, ==, 0);
}

typedef struct
{
  const char *bytes;
  gsize       len;
  guint       width;
  const char *text;   /* NULL: refused */
} TextCase;

#define T(b, w, t) { b, sizeof b - 1, w, t }

static const TextCase text_cases[] = {
  T ("", 1, NULL),
  T ("\x00", 1, ""),
  T ("\x02" "ab", 1, "ab"),
  T ("\x03" "ab", 1, NULL),               /* one short */
  T ("\x02\x00" "ab", 2, "ab"),
  T ("\x02", 2, NULL),                    /* the length cut */
  T ("\x02\x00\x00\x00" "ab", 4, "ab"),
  T ("\x02\x00\x00\x00" "a", 4, NULL),
  T ("\xff\xff\xff\xff", 4, NULL),
  T ("\x02\x00" "a\x00", 2, NULL),        /* a NUL */
  T ("\x02\x00\xc3\x28", 2, NULL),        /* not UTF-8 */
  T ("\x02\x00\xc3\xa9", 2, "\xc3\xa9"),
};

#undef T

static void
test_bytes_text (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_cases); i++)
    {
      const TextCase *c = &text_cases[i];
      CtBytesReader r;
      g_autofree char *text = NULL;

      g_test_message ("text case %u", i);
      _ct_bytes_reader_init (&r, (const guint8 *) c->bytes, c->len);
      text = _ct_bytes_dup_text (&r, c->width);
      g_assert_cmpstr (text, ==, c->text);
      g_assert_cmpint (_ct_bytes_reader_done (&r), ==, c->text != NULL);
      g_assert_cmpuint (_ct_bytes_left (&r), ==, 0);
    }
}

/* The writer's bytes, read back by the reader */
static void
test_bytes_round_trip (void)
{
  static const guint8 expected[] = {
    0x7f,
    0x02, 0x01,
    0x04, 0x03, 0x02, 0x01,
    0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x03, 0x00, 'a', 'b', 'c',
    0x00,
  };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  CtBytesReader r;
  guint8 v8;
  guint16 v16;
  guint32 v32;
  guint64 v64;
  gint64 i64;
  const char *text;
  gsize len;

  _ct_bytes_put_u8 (out, 0x7f);
  _ct_bytes_put_u16 (out, 0x0102);
  _ct_bytes_put_u32 (out, 0x01020304);
  _ct_bytes_put_u64 (out, G_GUINT64_CONSTANT (0x0102030405060708));
  _ct_bytes_put_i64 (out, -1);
  _ct_bytes_put_text (out, 2, "abc");
  _ct_bytes_put_text (out, 1, "");
  _ct_bytes_put_bytes (out, NULL, 0);
  g_assert_cmpmem (out->data, out->len, expected, sizeof expected);

  _ct_bytes_reader_init (&r, out->data, out->len);
  g_assert_true (_ct_bytes_get_u8 (&r, &v8) && v8 == 0x7f);
  g_assert_true (_ct_bytes_get_u16 (&r, &v16) && v16 == 0x0102);
  g_assert_true (_ct_bytes_get_u32 (&r, &v32) && v32 == 0x01020304);
  g_assert_true (_ct_bytes_get_u64 (&r, &v64) && v64 == G_GUINT64_CONSTANT (0x0102030405060708));
  g_assert_true (_ct_bytes_get_i64 (&r, &i64) && i64 == -1);
  g_assert_true (_ct_bytes_get_text (&r, 2, &text, &len));
  g_assert_cmpmem (text, len, "abc", 3);
  g_assert_true (_ct_bytes_get_text (&r, 1, &text, &len));
  g_assert_cmpuint (len, ==, 0);
  g_assert_true (_ct_bytes_reader_done (&r));
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/units/header/damage", test_header_damage);
  g_test_add_func ("/units/pseudonym", test_pseudonyms);
  g_test_add_func ("/units/bytes/bounds", test_bytes_bounds);
  g_test_add_func ("/units/bytes/empty", test_bytes_empty);
  g_test_add_func ("/units/bytes/text", test_bytes_text);
  g_test_add_func ("/units/bytes/round-trip", test_bytes_round_trip);

  return g_test_run ();
}
