/* test-units.c — table-driven tests of the pure functions
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Functions that need no session and no team file, each fed a table of
 * inputs, good and bad: field normalisation for every field type, the
 * header parser on damaged buffers, the byte reader's bounds, pseudonyms,
 * the CSV reader and the passphrase strength hint. A new field type, CSV rule or header check
 * gets a row here. */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "ct-bytes-private.h"
#include "ct-cli-csv.h"
#include "ct-core.h"
#include "ct-error.h"
#include "ct-header.h"
#include "ct-passphrase.h"
#include "ct-pseudonym.h"
#include "ct-schema.h"

/* Field normalisation */

static const char * const enum_values[] = { "aangemeld", "afgesloten", NULL };

#define FIELD(t, lo, hi, v) { "test", CT_CATEGORY_GENERAL, t, "Test field", lo, hi, v, NULL, FALSE }

static const CtField test_fields[] = {
  [CT_FIELD_LINE] = FIELD (CT_FIELD_LINE, 0, 10, NULL),
  [CT_FIELD_TEXT] = FIELD (CT_FIELD_TEXT, 0, 20, NULL),
  [CT_FIELD_DATE] = FIELD (CT_FIELD_DATE, 0, 0, NULL),
  [CT_FIELD_INT] = FIELD (CT_FIELD_INT, 0, 10, NULL),
  [CT_FIELD_CENTS] = FIELD (CT_FIELD_CENTS, 0, G_GINT64_CONSTANT (100000000000), NULL),
  [CT_FIELD_BOOL] = FIELD (CT_FIELD_BOOL, 0, 0, NULL),
  [CT_FIELD_ENUM] = FIELD (CT_FIELD_ENUM, 0, 0, enum_values),
  [CT_FIELD_BSN] = FIELD (CT_FIELD_BSN, 0, 0, NULL),
  [CT_FIELD_POSTCODE] = FIELD (CT_FIELD_POSTCODE, 0, 0, NULL),
  [CT_FIELD_PHONE] = FIELD (CT_FIELD_PHONE, 0, 0, NULL),
  [CT_FIELD_EMAIL] = FIELD (CT_FIELD_EMAIL, 0, 0, NULL),
  [CT_FIELD_REF] = FIELD (CT_FIELD_REF, 0, 0, NULL),
  [CT_FIELD_MEMBER] = FIELD (CT_FIELD_MEMBER, 0, 0, NULL),
  [CT_FIELD_ENUM_SET] = FIELD (CT_FIELD_ENUM_SET, 0, 0, enum_values),
  [CT_FIELD_PC4_SET] = FIELD (CT_FIELD_PC4_SET, 0, 0, NULL),
};

#define N_FIELD_TYPES (CT_FIELD_PC4_SET + 1)

/* @out is the canonical form, or NULL when @in must be refused. */
static const struct
{
  CtFieldType  type;
  const char  *in;
  const char  *out;
} normalize_cases[] = {
  { CT_FIELD_LINE, "Jansen", "Jansen" },
  { CT_FIELD_LINE, "", "" },
  { CT_FIELD_LINE, "éééééééééé", "éééééééééé" },   /* 10 characters, 20 bytes */
  { CT_FIELD_LINE, "ééééééééééé", NULL },          /* 11 characters */
  { CT_FIELD_LINE, "12345678901", NULL },
  { CT_FIELD_LINE, "twee\nregels", NULL },
  { CT_FIELD_LINE, "tab\there", NULL },
  { CT_FIELD_LINE, "bel\a", NULL },
  { CT_FIELD_LINE, "\xff\xfe", NULL },             /* not UTF-8 */
  { CT_FIELD_TEXT, "twee\nregels", "twee\nregels" },
  { CT_FIELD_TEXT, "a\tb", "a\tb" },
  { CT_FIELD_TEXT, "a\rb", NULL },
  { CT_FIELD_TEXT, "nul\x01", NULL },
  { CT_FIELD_TEXT, "123456789012345678901", NULL },
  { CT_FIELD_DATE, "2026-03-31", "2026-03-31" },
  { CT_FIELD_DATE, "2024-02-29", "2024-02-29" },
  { CT_FIELD_DATE, "1900-01-01", "1900-01-01" },
  { CT_FIELD_DATE, "2100-12-31", "2100-12-31" },
  { CT_FIELD_DATE, "2026-02-29", NULL },            /* not a leap year */
  { CT_FIELD_DATE, "2026-04-31", NULL },
  { CT_FIELD_DATE, "2026-13-01", NULL },
  { CT_FIELD_DATE, "2026-00-10", NULL },
  { CT_FIELD_DATE, "1899-12-31", NULL },
  { CT_FIELD_DATE, "2101-01-01", NULL },
  { CT_FIELD_DATE, "2026-3-31", NULL },
  { CT_FIELD_DATE, "2026-03-31x", NULL },
  { CT_FIELD_DATE, "2026/03/31", NULL },
  { CT_FIELD_DATE, "31-03-2026", NULL },
  { CT_FIELD_DATE, "2026- 3-31", NULL },            /* the right length, not digits */
  { CT_FIELD_DATE, "2026-+3-31", NULL },
  { CT_FIELD_DATE, "2026-03- 1", NULL },
  { CT_FIELD_DATE, "", NULL },
  { CT_FIELD_INT, "5", "5" },
  { CT_FIELD_INT, "0", "0" },
  { CT_FIELD_INT, "10", "10" },
  { CT_FIELD_INT, "05", "5" },
  { CT_FIELD_INT, "+5", "5" },
  { CT_FIELD_INT, "11", NULL },
  { CT_FIELD_INT, "-1", NULL },
  { CT_FIELD_INT, " 5", NULL },
  { CT_FIELD_INT, "5 ", NULL },
  { CT_FIELD_INT, "5a", NULL },
  { CT_FIELD_INT, "1.5", NULL },
  { CT_FIELD_INT, "99999999999999999999999", NULL },
  { CT_FIELD_INT, "", NULL },
  { CT_FIELD_CENTS, "12550", "12550" },
  { CT_FIELD_CENTS, "0", "0" },
  { CT_FIELD_CENTS, "100000000000", "100000000000" },
  { CT_FIELD_CENTS, "100000000001", NULL },
  { CT_FIELD_CENTS, "125,50", NULL },
  { CT_FIELD_CENTS, "125.50", NULL },
  { CT_FIELD_CENTS, "-100", NULL },
  { CT_FIELD_CENTS, "€ 10", NULL },
  { CT_FIELD_BOOL, "true", "true" },
  { CT_FIELD_BOOL, "false", "false" },
  { CT_FIELD_BOOL, "TRUE", NULL },
  { CT_FIELD_BOOL, "1", NULL },
  { CT_FIELD_BOOL, "ja", NULL },
  { CT_FIELD_BOOL, "", NULL },
  { CT_FIELD_ENUM, "aangemeld", "aangemeld" },
  { CT_FIELD_ENUM, "afgesloten", "afgesloten" },
  { CT_FIELD_ENUM, "Aangemeld", NULL },
  { CT_FIELD_ENUM, "aangemeld ", NULL },
  { CT_FIELD_ENUM, "geagendeerd", NULL },
  { CT_FIELD_ENUM, "", NULL },
  { CT_FIELD_BSN, "111222333", "111222333" },
  { CT_FIELD_BSN, "123456782", "123456782" },
  { CT_FIELD_BSN, "111222334", NULL },              /* fails the eleven-test */
  { CT_FIELD_BSN, "123456789", NULL },
  { CT_FIELD_BSN, "000000000", NULL },
  { CT_FIELD_BSN, "11122233", NULL },
  { CT_FIELD_BSN, "1112223330", NULL },
  { CT_FIELD_BSN, "11122233a", NULL },
  { CT_FIELD_BSN, " 11122233", NULL },
  { CT_FIELD_BSN, "111 222 333", NULL },
  { CT_FIELD_POSTCODE, "1234ab", "1234 AB" },
  { CT_FIELD_POSTCODE, "1234 AB", "1234 AB" },
  { CT_FIELD_POSTCODE, "1234  ab", "1234 AB" },
  { CT_FIELD_POSTCODE, "9999ZZ", "9999 ZZ" },
  { CT_FIELD_POSTCODE, "0123 AB", NULL },           /* never starts with 0 */
  { CT_FIELD_POSTCODE, "1234 SA", NULL },           /* SA, SD and SS are not issued */
  { CT_FIELD_POSTCODE, "1234 SD", NULL },
  { CT_FIELD_POSTCODE, "1234 SS", NULL },
  { CT_FIELD_POSTCODE, "12345 A", NULL },
  { CT_FIELD_POSTCODE, "1234 A1", NULL },
  { CT_FIELD_POSTCODE, "1234 ÄB", NULL },
  { CT_FIELD_POSTCODE, "1234", NULL },
  { CT_FIELD_POSTCODE, "1234 ABC", NULL },
  { CT_FIELD_PHONE, "06-12345678", "06-12345678" },
  { CT_FIELD_PHONE, "+31 6 12345678", "+31 6 12345678" },
  { CT_FIELD_PHONE, "(020) 123 4567", "(020) 123 4567" },
  { CT_FIELD_PHONE, " 0612345678 ", "0612345678" },
  { CT_FIELD_PHONE, "123456789012345", "123456789012345" },
  { CT_FIELD_PHONE, "1234567890123456", NULL },     /* 16 digits */
  { CT_FIELD_PHONE, "061234567", NULL },            /* 9 digits */
  { CT_FIELD_PHONE, "06-1234567a", NULL },
  { CT_FIELD_PHONE, "31+612345678", NULL },         /* + only in front */
  { CT_FIELD_PHONE, "06.12345678", NULL },
  { CT_FIELD_PHONE, "", NULL },
  { CT_FIELD_EMAIL, "naam@voorbeeld.nl", "naam@voorbeeld.nl" },
  { CT_FIELD_EMAIL, "f.el-amrani+wijk@sub.voorbeeld.nl", "f.el-amrani+wijk@sub.voorbeeld.nl" },
  { CT_FIELD_EMAIL, "naam@voorbeeld", NULL },
  { CT_FIELD_EMAIL, "naam.achternaam@voorbeeld", NULL },
  { CT_FIELD_EMAIL, "@voorbeeld.nl", NULL },
  { CT_FIELD_EMAIL, "a@b@voorbeeld.nl", NULL },
  { CT_FIELD_EMAIL, "naam@voorbeeld.nl.", NULL },
  { CT_FIELD_EMAIL, "na am@voorbeeld.nl", NULL },
  { CT_FIELD_EMAIL, "a,b@voorbeeld.nl", NULL },
  { CT_FIELD_EMAIL, "<naam@voorbeeld.nl>", NULL },
  { CT_FIELD_EMAIL, "", NULL },
  { CT_FIELD_REF, "12", "12" },
  { CT_FIELD_REF, "012", "12" },
  { CT_FIELD_REF, "0", NULL },
  { CT_FIELD_REF, "-3", NULL },
  { CT_FIELD_REF, "abc", NULL },
  { CT_FIELD_REF, "", NULL },
  { CT_FIELD_MEMBER, "1", "1" },
  { CT_FIELD_MEMBER, "0", NULL },
  { CT_FIELD_MEMBER, "1e3", NULL },
  { CT_FIELD_ENUM_SET, "aangemeld", "aangemeld" },
  { CT_FIELD_ENUM_SET, "aangemeld,afgesloten", "aangemeld,afgesloten" },
  { CT_FIELD_ENUM_SET, "aangemeld, afgesloten", "aangemeld,afgesloten" },
  { CT_FIELD_ENUM_SET, "aangemeld,,afgesloten", NULL },
  { CT_FIELD_ENUM_SET, "aangemeld,", NULL },
  { CT_FIELD_ENUM_SET, "aangemeld;afgesloten", NULL },
  { CT_FIELD_ENUM_SET, "onbekend", NULL },
  { CT_FIELD_ENUM_SET, "", NULL },
  { CT_FIELD_PC4_SET, "1211", "1211" },
  { CT_FIELD_PC4_SET, "1211,1212", "1211,1212" },
  { CT_FIELD_PC4_SET, "1211, 1212", "1211,1212" },
  { CT_FIELD_PC4_SET, "0999", NULL },
  { CT_FIELD_PC4_SET, "121", NULL },
  { CT_FIELD_PC4_SET, "12111", NULL },
  { CT_FIELD_PC4_SET, "12a1", NULL },
  { CT_FIELD_PC4_SET, "1211,", NULL },
  { CT_FIELD_PC4_SET, "-211", NULL },
  { CT_FIELD_PC4_SET, "", NULL },
};

/* A refusal names the field first, so a person knows what to correct. */
static void
assert_names_field (const GError *error,
                    const char   *label,
                    const char   *what)
{
  g_autofree char *prefix = g_strdup_printf ("%s:", label);

  if (!g_error_matches (error, CT_ERROR, CT_ERROR_INVALID_FIELD))
    g_error ("%s: expected CT_ERROR_INVALID_FIELD, got %s", what,
             error != NULL ? error->message : "no error");
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("%s: the message “%s” does not start with “%s”", what, error->message, prefix);
}

static void
test_normalize_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (normalize_cases); i++)
    {
      const CtField *field = &test_fields[normalize_cases[i].type];
      g_autoptr(GError) error = NULL;
      g_autofree char *out = ct_field_normalize (field, normalize_cases[i].in, &error);
      g_autofree char *in = g_strescape (normalize_cases[i].in, NULL);
      g_autofree char *what = g_strdup_printf ("type %d, “%s”", normalize_cases[i].type, in);

      g_test_message ("%s", what);
      if (normalize_cases[i].out != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (out, ==, normalize_cases[i].out);
        }
      else
        {
          if (out != NULL)
            g_error ("%s: accepted", what);
          assert_names_field (error, field->label, what);
        }
    }
}

/* Every field type has a row that is accepted and one that is refused. */
static void
test_normalize_covers_every_type (void)
{
  gboolean good[N_FIELD_TYPES] = { FALSE, };
  gboolean bad[N_FIELD_TYPES] = { FALSE, };

  for (guint i = 0; i < G_N_ELEMENTS (normalize_cases); i++)
    {
      if (normalize_cases[i].out != NULL)
        good[normalize_cases[i].type] = TRUE;
      else
        bad[normalize_cases[i].type] = TRUE;
    }
  for (guint t = 0; t < N_FIELD_TYPES; t++)
    {
      g_test_message ("field type %u", t);
      g_assert_true (good[t]);
      g_assert_true (bad[t]);
    }
}

/* Normalising a normalised value changes nothing. */
static void
test_normalize_is_stable (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (normalize_cases); i++)
    {
      const CtField *field = &test_fields[normalize_cases[i].type];
      g_autofree char *again = NULL;

      if (normalize_cases[i].out == NULL)
        continue;
      again = ct_field_normalize (field, normalize_cases[i].out, NULL);
      g_assert_cmpstr (again, ==, normalize_cases[i].out);
    }
}

/* Every real field refuses a control character, and says which field it
 * is: its label is the first thing in the message. */
static void
test_normalize_schema_fields (void)
{
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);
  guint n_fields = 0;

  for (guint t = 0; t < n_tables; t++)
    for (guint f = 0; f < tables[t]->n_fields; f++)
      {
        const CtField *field = &tables[t]->fields[f];
        g_autoptr(GError) error = NULL;
        g_autofree char *out = ct_field_normalize (field, "\x01", &error);
        g_autofree char *what = g_strdup_printf ("%s.%s", tables[t]->name, field->name);

        g_assert_null (out);
        g_assert_cmpuint (field->type, <, N_FIELD_TYPES);
        g_assert_nonnull (field->label);
        assert_names_field (error, field->label, what);
        /* The error names the field for the code too, not only in words. */
        g_assert_cmpstr (ct_error_get_table (error), ==, tables[t]->name);
        g_assert_cmpstr (ct_error_get_field (error), ==, field->name);
        n_fields++;
      }
  g_assert_cmpuint (n_fields, >, 50);
}

/* CT_ERROR carries the table and field of an invalid value through
 * g_error_copy() and g_propagate_error(); other errors carry none. */
static void
test_error_field (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) plain = g_error_new_literal (CT_ERROR, CT_ERROR_INVALID_FIELD, "x: y");
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x: y");
  GError *propagated = NULL;
  char table[] = "persons";

  ct_set_field_error (&error, table, "birth_date", "%s: %d", "Date of birth", 3);
  table[0] = 'X';  /* the error keeps its own copy of the names */
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_cmpstr (error->message, ==, "Date of birth: 3");
  g_assert_cmpstr (ct_error_get_table (error), ==, "persons");
  g_assert_cmpstr (ct_error_get_field (error), ==, "birth_date");

  copy = g_error_copy (error);
  g_assert_cmpstr (ct_error_get_table (copy), ==, "persons");
  g_assert_cmpstr (ct_error_get_field (copy), ==, "birth_date");
  g_propagate_error (&propagated, g_steal_pointer (&copy));
  g_assert_cmpstr (ct_error_get_field (propagated), ==, "birth_date");
  g_clear_error (&propagated);

  g_assert_null (ct_error_get_table (plain));
  g_assert_null (ct_error_get_field (plain));
  g_assert_null (ct_error_get_field (other));
  g_assert_null (ct_error_get_field (NULL));
  ct_error_set_field (plain, "cases", "outcome");
  g_assert_cmpstr (ct_error_get_field (plain), ==, "outcome");

  /* No error asked for: nothing to set, nothing to crash on. */
  ct_set_field_error (NULL, "persons", "bsn", "%s", "BSN: no");
}

static const struct
{
  const char *bsn;
  gboolean    valid;
} bsn_cases[] = {
  { "111222333", TRUE },
  { "123456782", TRUE },
  { "999990019", TRUE },
  { "111222334", FALSE },
  { "000000000", FALSE },
  { "00000000", FALSE },
  { "", FALSE },
  { "12345678a", FALSE },
  { "-11222333", FALSE },
};

static void
test_bsn (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bsn_cases); i++)
    {
      g_test_message ("%s", bsn_cases[i].bsn);
      g_assert_cmpint (ct_bsn_is_valid (bsn_cases[i].bsn), ==, bsn_cases[i].valid);
    }
  g_assert_false (ct_bsn_is_valid (NULL));
}

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

/* The CSV reader */

/* Rows are written with "|" between cells and "/" between rows. */
static const struct
{
  const char *name;
  const char *text;
  const char *rows;        /* NULL: refused */
  const char *lines;       /* the line each row starts on, comma-separated */
} csv_cases[] = {
  { "plain", "a,b,c\n1,2,3\n", "a|b|c/1|2|3", "1,2" },
  { "no final line end", "a,b\n1,2", "a|b/1|2", "1,2" },
  { "CRLF", "a,b\r\n1,2\r\n", "a|b/1|2", "1,2" },
  { "byte order mark", "\xEF\xBB\xBF" "a,b\n1,2\n", "a|b/1|2", "1,2" },
  { "semicolons, as Dutch Excel saves", "a;b\n1;2,5\n", "a|b/1|2,5", "1,2" },
  { "commas win over semicolons", "a,b;c\n1,2;3\n", "a|b;c/1|2;3", "1,2" },
  { "quoted separator", "a,b\n\"x,y\",2\n", "a|b/x,y|2", "1,2" },
  { "doubled quote", "a\n\"zei \"\"ja\"\"\"\n", "a/zei \"ja\"", "1,2" },
  { "line break in a field", "a,b\n\"een\r\ntwee\",3\n4,5\n", "a|b/een\ntwee|3/4|5", "1,2,4" },
  { "blank lines skipped", "a\n\n\r\nb\n", "a/b", "1,4" },
  { "empty cells", "a,,c\n,,\n", "a||c/||", "1,2" },
  { "empty file", "", "", "" },
  { "quote not closed", "a,b\n\"open,2\n", NULL, NULL },
  { "text after a closing quote", "a\n\"x\"y\n", NULL, NULL },
  { "not UTF-8", "a,b\n\xff\xfe,1\n", NULL, NULL },
};

static char *
join_rows (GPtrArray *rows,
           GString   *lines)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      CtCsvRow *row = g_ptr_array_index (rows, i);
      g_autofree char *cells = g_strjoinv ("|", row->cells);

      g_string_append_printf (out, "%s%s", i > 0 ? "/" : "", cells);
      g_string_append_printf (lines, "%s%u", i > 0 ? "," : "", row->line);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_csv (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (csv_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GString) lines = g_string_new (NULL);
      g_autofree char *joined = NULL;

      g_test_message ("csv: %s", csv_cases[i].name);
      rows = ct_csv_parse (csv_cases[i].text, strlen (csv_cases[i].text), &error);
      if (csv_cases[i].rows == NULL)
        {
          g_assert_null (rows);
          g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
          continue;
        }
      g_assert_no_error (error);
      joined = join_rows (rows, lines);
      g_assert_cmpstr (joined, ==, csv_cases[i].rows);
      g_assert_cmpstr (lines->str, ==, csv_cases[i].lines);
    }
}

/* A refusal names the line, so a person can find it in the spreadsheet. */
static void
test_csv_error_names_line (void)
{
  static const char text[] = "a,b\n1,2\n3,4\n\"open,5\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ct_csv_parse (text, strlen (text), &error);

  g_assert_null (rows);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "4"));
}

/* Only @length bytes are read, whatever follows them. */
static void
test_csv_reads_length_only (void)
{
  static const char text[] = "a,b\n1,2\n";
  g_autoptr(GPtrArray) rows = ct_csv_parse (text, 4, NULL);  /* only "a,b\n" */

  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
}

/* Passphrase strength */

static const struct
{
  const char           *passphrase;
  CtPassphraseStrength  strength;
} strength_cases[] = {
  { "", CT_PASSPHRASE_EMPTY },
  { "a", CT_PASSPHRASE_TOO_SHORT },
  { "Welkom1", CT_PASSPHRASE_TOO_SHORT },            /* 7 characters */
  { "éééééé", CT_PASSPHRASE_TOO_SHORT },             /* characters, not bytes */
  { "welkomwe", CT_PASSPHRASE_WEAK },                /* 8, one kind */
  { "Welkom01", CT_PASSPHRASE_FAIR },                /* three kinds */
  { "welkomwelkom", CT_PASSPHRASE_FAIR },            /* 12 */
  { "welkom1234", CT_PASSPHRASE_FAIR },              /* 10, two kinds */
  { "Welkom01Welk", CT_PASSPHRASE_STRONG },          /* 12, three kinds */
  { "zeven paarse o", CT_PASSPHRASE_STRONG },        /* 14, two kinds */
  { "zevenpaarseolifanten", CT_PASSPHRASE_STRONG },  /* 20 */
  { "zeven paarse olifanten", CT_PASSPHRASE_STRONG },
};

static void
test_passphrase_strength (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (strength_cases); i++)
    {
      g_test_message ("passphrase “%s”", strength_cases[i].passphrase);
      g_assert_cmpint (ct_passphrase_get_strength (strength_cases[i].passphrase), ==,
                       strength_cases[i].strength);
    }
}

/* One formatter for every amount: the styles differ only in cents. */
static const struct
{
  gint64       cents;
  CtMoneyStyle style;
  const char  *text;
} money_cases[] = {
  { 0, CT_MONEY_CENTS, "€ 0.00" },
  { 5, CT_MONEY_CENTS, "€ 0.05" },
  { 123456789, CT_MONEY_CENTS, "€ 1,234,567.89" },
  { -12550, CT_MONEY_CENTS, "−€ 125.50" },
  { 8400000, CT_MONEY_CENTS_IF_ANY, "€ 84,000" },
  { 12550, CT_MONEY_CENTS_IF_ANY, "€ 125.50" },
  { -100, CT_MONEY_CENTS_IF_ANY, "−€ 1" },
  { 99949, CT_MONEY_WHOLE, "€ 999" },
  { 99950, CT_MONEY_WHOLE, "€ 1,000" },
  { -49, CT_MONEY_WHOLE, "€ 0" },
  { -150, CT_MONEY_WHOLE, "−€ 2" },
  { G_MAXINT64, CT_MONEY_CENTS, "€ 92,233,720,368,547,758.07" },
  { G_MININT64 + 1, CT_MONEY_CENTS_IF_ANY, "−€ 92,233,720,368,547,758.07" },
};

static void
test_money (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (money_cases); i++)
    {
      g_autofree char *text = ct_money_format (money_cases[i].cents, money_cases[i].style);

      g_test_message ("%" G_GINT64_FORMAT " cents, style %d", money_cases[i].cents,
                      money_cases[i].style);
      g_assert_cmpstr (text, ==, money_cases[i].text);
    }
}

static void
test_category_names (void)
{
  g_autofree char *none = ct_category_dup_display_names (0);
  g_autofree char *two = ct_category_dup_display_names ((1u << CT_CATEGORY_JUSTICE)
                                                        | (1u << CT_CATEGORY_HEALTH));
  g_autofree char *beyond = ct_category_dup_display_names (1u << CT_N_CATEGORIES);

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (two, ==, "Health, Justice");
  g_assert_cmpstr (beyond, ==, "");
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
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_assert_true (ct_init (&error));

  g_test_add_func ("/units/normalize/table", test_normalize_table);
  g_test_add_func ("/units/normalize/every-type", test_normalize_covers_every_type);
  g_test_add_func ("/units/normalize/stable", test_normalize_is_stable);
  g_test_add_func ("/units/normalize/schema-fields", test_normalize_schema_fields);
  g_test_add_func ("/units/error/field", test_error_field);
  g_test_add_func ("/units/bsn", test_bsn);
  g_test_add_func ("/units/header/damage", test_header_damage);
  g_test_add_func ("/units/pseudonym", test_pseudonyms);
  g_test_add_func ("/units/csv/table", test_csv);
  g_test_add_func ("/units/csv/error-names-line", test_csv_error_names_line);
  g_test_add_func ("/units/csv/length", test_csv_reads_length_only);
  g_test_add_func ("/units/passphrase-strength", test_passphrase_strength);
  g_test_add_func ("/units/money", test_money);
  g_test_add_func ("/units/category-names", test_category_names);
  g_test_add_func ("/units/bytes/bounds", test_bytes_bounds);
  g_test_add_func ("/units/bytes/empty", test_bytes_empty);
  g_test_add_func ("/units/bytes/text", test_bytes_text);
  g_test_add_func ("/units/bytes/round-trip", test_bytes_round_trip);

  return g_test_run ();
}
