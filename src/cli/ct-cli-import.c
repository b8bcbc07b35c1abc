/* ct-cli-import.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `casustafel-cli import`: a referral list, one household, its first
 * person and a case per row. Every row is validated, with every problem
 * kept, inside one transaction that is rolled back when any row is bad:
 * all rows or none. */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-cli-csv.h"
#include "ct-cli-data.h"

enum { IMPORT_HOUSEHOLD, IMPORT_PERSON, IMPORT_CASE, IMPORT_N_RECORDS };

static const char * const import_tables[IMPORT_N_RECORDS] = { "households", "persons", "cases" };

typedef struct
{
  guint          record;  /* IMPORT_HOUSEHOLD, ... */
  const CtField *field;
} Column;

typedef struct
{
  CtSession  *session;
  GPtrArray  *rows;      /* CtCsvRow, the header first */
  GArray     *columns;   /* Column, one per header cell */
  GPtrArray  *problems;  /* "line N, Field: what is expected" */
  GHashTable *numbers;   /* case numbers in the file and in the team file */
  guint       bad_rows;
  guint       imported;
} Import;

/* Links and what the import sets itself are not columns. */
static gboolean
is_import_column (guint          record,
                  const CtField *field)
{
  if (field->type == CT_FIELD_REF || field->type == CT_FIELD_MEMBER)
    return FALSE;
  return record != IMPORT_CASE
         || !(g_str_equal (field->name, "status") || g_str_equal (field->name, "outcome")
              || g_str_equal (field->name, "closed_on"));
}

static gboolean
find_column (const char *name,
             Column     *column)
{
  for (guint r = 0; r < IMPORT_N_RECORDS; r++)
    {
      const CtField *field = ct_table_get_field (ct_schema_get_table (import_tables[r]), name);

      if (field != NULL && is_import_column (r, field))
        {
          *column = (Column) { r, field };
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
has_column (GArray        *columns,
            const CtField *field)
{
  for (guint i = 0; i < columns->len; i++)
    if (g_array_index (columns, Column, i).field == field)
      return TRUE;
  return FALSE;
}

/* The header: known names, each once, every required field present. */
static GArray *
read_header (CtCsvRow  *header,
             GError   **error)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (Column));

  for (guint i = 0; header->cells[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_ascii_strdown (header->cells[i], -1));
      Column column;

      if (!find_column (name, &column))
        {
          g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                       _("line %u: unknown column “%s”; “casustafel-cli import --help” lists "
                         "the columns."), header->line, name);
          return NULL;
        }
      if (has_column (columns, column.field))
        {
          g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                       _("line %u: the column “%s” appears twice."), header->line, name);
          return NULL;
        }
      g_array_append_val (columns, column);
    }

  for (guint r = 0; r < IMPORT_N_RECORDS; r++)
    {
      const CtTable *table = ct_schema_get_table (import_tables[r]);

      for (guint f = 0; f < table->n_fields; f++)
        if (table->fields[f].required && is_import_column (r, &table->fields[f])
            && !has_column (columns, &table->fields[f]))
          {
            g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                         _("line %u: the column “%s” (%s) is required."), header->line,
                         table->fields[f].name, _(table->fields[f].label));
            return NULL;
          }
    }
  return g_steal_pointer (&columns);
}

static void
add_problem (Import     *import,
             guint       line,
             const char *message)
{
  g_ptr_array_add (import->problems, g_strdup_printf (_("line %u, %s"), line, message));
}

static void
add_field_problem (Import        *import,
                   guint          line,
                   const CtField *field,
                   const char    *why)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", _(field->label), why);

  add_problem (import, line, message);
}

/* Validates one cell into @records; every problem is kept. */
static void
take_cell (Import     *import,
           CtCsvRow   *row,
           Column     *column,
           const char *cell,
           CtRecord  **records)
{
  const CtField *field = column->field;
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (cell));
  g_autofree char *normal = NULL;

  if (trimmed[0] == '\0')
    goto out;

  /* A case keeps its domains per category (docs/categories.md): the one
   * column is split over its sets, each checked when the case is stored. */
  if (column->record == IMPORT_CASE && g_str_equal (field->name, "domains"))
    {
      if (!ct_case_set_domains (records[IMPORT_CASE], trimmed, &error))
        add_problem (import, row->line, error->message);
    }
  else if (!ct_session_can_read (import->session, field->category))
    {
      g_autofree char *message =
        g_strdup_printf (_("%s: your role may not see or change %s data."), _(field->label),
                         ct_category_get_display_name (field->category));
      add_problem (import, row->line, message);
    }
  else if ((normal = ct_field_normalize (field, trimmed, &error)) == NULL)
    add_problem (import, row->line, error->message);
  else if (g_str_equal (field->name, "number") && column->record == IMPORT_CASE
           && !g_hash_table_add (import->numbers, g_strdup (normal)))
    add_field_problem (import, row->line, field, _("a case with this number already exists."));
  else
    ct_record_set (records[column->record], field->name, normal);

out:
  memset (trimmed, 0, strlen (trimmed));
  if (normal != NULL)
    memset (normal, 0, strlen (normal));
}

static gboolean
is_blank (const char *cell)
{
  for (; *cell != '\0'; cell++)
    if (!g_ascii_isspace (*cell))
      return FALSE;
  return TRUE;
}

static void
check_required (Import   *import,
                CtCsvRow *row)
{
  for (guint i = 0; i < import->columns->len; i++)
    {
      Column *column = &g_array_index (import->columns, Column, i);

      if (column->field->required && is_blank (row->cells[i]))
        add_field_problem (import, row->line, column->field, _("this field is required."));
    }
}

/* Stores one valid row; a value the core still refuses is a problem of
 * the row, anything else (a full disk) ends the import. */
static gboolean
store_row (Import    *import,
           CtCsvRow  *row,
           CtRecord **records,
           GError   **error)
{
  g_autoptr(GError) local = NULL;
  gint64 household = ct_session_insert (import->session, records[IMPORT_HOUSEHOLD], &local);

  if (household > 0)
    {
      ct_record_set_int (records[IMPORT_PERSON], "household_id", household);
      if (ct_record_get (records[IMPORT_PERSON], "relation") == NULL)
        ct_record_set (records[IMPORT_PERSON], "relation", "hoofd");
      ct_record_set_int (records[IMPORT_CASE], "household_id", household);
      ct_record_set (records[IMPORT_CASE], "status", "aangemeld");
      if (ct_session_insert (import->session, records[IMPORT_PERSON], &local) > 0
          && ct_session_insert (import->session, records[IMPORT_CASE], &local) > 0)
        {
          import->imported++;
          return TRUE;
        }
    }

  if (g_error_matches (local, CT_ERROR, CT_ERROR_INVALID_FIELD)
      || g_error_matches (local, CT_ERROR, CT_ERROR_RESTRICTED))
    {
      add_problem (import, row->line, local->message);
      import->bad_rows++;
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
import_row (Import    *import,
            CtCsvRow  *row,
            GError   **error)
{
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) kase = ct_record_new ("cases");
  CtRecord *records[IMPORT_N_RECORDS] = { household, person, kase };
  guint problems = import->problems->len;
  guint n_cells = g_strv_length (row->cells);

  if (n_cells != import->columns->len)
    {
      g_autofree char *message =
        g_strdup_printf (_("%u fields where the header has %u."), n_cells, import->columns->len);
      add_problem (import, row->line, message);
      import->bad_rows++;
      return TRUE;
    }

  for (guint i = 0; i < n_cells; i++)
    take_cell (import, row, &g_array_index (import->columns, Column, i), row->cells[i], records);
  check_required (import, row);

  if (import->problems->len > problems)
    {
      import->bad_rows++;
      return TRUE;
    }
  return store_row (import, row, records, error);
}

/* Runs inside one transaction: any bad row and nothing is stored. */
static gboolean
import_rows (CtSession *session,
             gpointer   data,
             GError   **error)
{
  Import *import = data;

  for (guint i = 1; i < import->rows->len; i++)
    if (!import_row (import, g_ptr_array_index (import->rows, i), error))
      return FALSE;

  if (import->bad_rows == 0)
    return TRUE;

  g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
               g_dngettext (NULL, "Nothing was imported: %u row has errors.",
                            "Nothing was imported: %u rows have errors.", import->bad_rows),
               import->bad_rows);
  return FALSE;
}

static gboolean
load_numbers (Import  *import,
              GError **error)
{
  g_autoptr(GPtrArray) cases = ct_session_list (import->session, "cases", NULL, 0, error);

  if (cases == NULL)
    return FALSE;
  for (guint i = 0; i < cases->len; i++)
    g_hash_table_add (import->numbers,
                      g_strdup (ct_record_get (g_ptr_array_index (cases, i), "number")));
  return TRUE;
}

static GPtrArray *
read_csv (const char  *csv_path,
          GError     **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  GPtrArray *rows;

  if (!g_file_get_contents (csv_path, &text, &length, error))
    return NULL;

  rows = ct_csv_parse (text, length, error);
  memset (text, 0, length);
  if (rows != NULL && rows->len < 2)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                           _("The file has no rows under its header: nothing to import."));
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
  return rows;
}

static void
import_clear (Import *import)
{
  g_clear_pointer (&import->rows, g_ptr_array_unref);
  g_clear_pointer (&import->columns, g_array_unref);
  g_clear_pointer (&import->problems, g_ptr_array_unref);
  g_clear_pointer (&import->numbers, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Import, import_clear)

int
ct_cli_data_import (const CtCliCommand *command,
                    int                 argc,
                    char              **argv)
{
  const char *csv_path = NULL;
  const CtCliArgument arguments[] = { { N_("CSV"), &csv_path }, { NULL } };
  CtCliTeam team = { .arguments = arguments };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_auto(Import) import = { NULL };
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;

  /* The file is read and its header checked before a passphrase is asked. */
  if ((import.rows = read_csv (csv_path, &error)) == NULL
      || (import.columns = read_header (g_ptr_array_index (import.rows, 0), &error)) == NULL)
    return ct_cli_fail (error);
  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;

  import.session = session;
  import.problems = g_ptr_array_new_with_free_func (g_free);
  import.numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!load_numbers (&import, &error)
      || !ct_session_run_in_transaction (session, import_rows, &import, &error))
    {
      for (guint i = 0; i < import.problems->len; i++)
        g_printerr ("casustafel-cli: %s\n", (char *) g_ptr_array_index (import.problems, i));
      return ct_cli_fail (error);
    }

  g_print (g_dngettext (NULL, "Imported %u case.\n", "Imported %u cases.\n", import.imported),
           import.imported);
  return CT_CLI_EXIT_OK;
}
