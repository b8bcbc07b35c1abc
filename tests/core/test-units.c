/* test-units.c — table-driven tests of the pure functions
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Functions that need no session and no team file, each fed a table of
 * inputs, good and bad: field normalisation for every field type, the BSN
 * check, amounts of money, the category names, the CSV reader and the
 * passphrase strength hint. A new field type or CSV rule gets a row here;
 * the binary formats (the header, pseudonyms, the byte reader) are
 * test-units-bytes'. */

#include "config.h"

#include <string.h>

#include "ct-cli-csv.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-error.h"
#include "ct-passphrase.h"
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

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/units/normalize/table", test_normalize_table);
  g_test_add_func ("/units/normalize/every-type", test_normalize_covers_every_type);
  g_test_add_func ("/units/normalize/stable", test_normalize_is_stable);
  g_test_add_func ("/units/normalize/schema-fields", test_normalize_schema_fields);
  g_test_add_func ("/units/error/field", test_error_field);
  g_test_add_func ("/units/bsn", test_bsn);
  g_test_add_func ("/units/csv/table", test_csv);
  g_test_add_func ("/units/csv/error-names-line", test_csv_error_names_line);
  g_test_add_func ("/units/csv/length", test_csv_reads_length_only);
  g_test_add_func ("/units/passphrase-strength", test_passphrase_strength);
  g_test_add_func ("/units/money", test_money);
  g_test_add_func ("/units/category-names", test_category_names);

  return g_test_run ();
}
