/* ct-cli-data.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The team's data from the command line: cases as a member sees them,
 * the role policy, need-to-know and the access log (ct-cli-policy.c) and
 * the import of a referral list (ct-cli-import.c). Everything goes
 * through the member's session, so what is restricted here is restricted
 * by the core's keys, and every read is logged. */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-case-view.h"
#include "ct-error.h"
#include "ct-cli-data-private.h"
#include "ct-cli-data.h"
#include "ct-cli-json.h"
#include "ct-money.h"

typedef struct
{
  const char *table;
  const char *parent_field;  /* "household_id" or "case_id" */
  const char *json_key;
  const char *heading;
} Section;

/* What `case` shows beside the case and its household, in this order. */
static const Section sections[] = {
  { "persons", "household_id", "persons", N_("Persons") },
  { "organisations", "household_id", "organisations", N_("Organisations involved") },
  { "consents", "case_id", "consents", N_("Consent") },
  { "zrm", "case_id", "zrm", N_("Self-sufficiency matrix (ZRM)") },
  { "goals", "household_id", "goals", N_("Plan: goals") },
  { "actions", "household_id", "actions", N_("Plan: actions") },
  { "advice", "case_id", "advice", N_("Binding advice") },
  { "expenses", "case_id", "expenses", N_("Custom budget") },
  { "doorbraken", "case_id", "doorbraken", N_("Breakthroughs") },
};

/* --- shared ---------------------------------------------------------------- */

static void
print_and_wipe (char *text)
{
  g_print ("%s\n", text);
  memset (text, 0, strlen (text));
  g_free (text);
}

/* The roles the policy grants @category, for "visible to". */
static char *
roles_granted (CtSession  *session,
               CtCategory  category)
{
  g_autoptr(GString) roles = g_string_new (NULL);

  for (CtRole r = 0; r < CT_N_ROLES; r++)
    if (ct_session_policy_allows (session, r, category))
      g_string_append_printf (roles, "%s%s", roles->len > 0 ? ", " : "", ct_role_to_string (r));

  if (roles->len == 0)
    return g_strdup (_("nobody"));
  return g_string_free (g_steal_pointer (&roles), FALSE);
}

static char *
restricted_line (CtSession  *session,
                 CtCategory  category)
{
  g_autofree char *roles = roles_granted (session, category);

  return g_strdup_printf (_("Restricted — visible to: %s"), roles);
}

/* --- JSON ------------------------------------------------------------------ */

/* A field's key and value: for a field this member may not read, an
 * object that says so; @number is the value of an integer field. */
static void
json_value (CtJson        *json,
            const CtField *field,
            gboolean       restricted,
            const char    *value,
            gint64         number)
{
  ct_json_key (json, field->name);
  if (restricted)
    {
      ct_json_begin_object (json);
      ct_json_key (json, "restricted");
      ct_json_bool (json, TRUE);
      /* A field that follows its row's category does not say which. */
      if (!field->by_row)
        {
          ct_json_key (json, "category");
          ct_json_string (json, ct_category_to_string (field->category));
        }
      ct_json_end_object (json);
    }
  else if (value == NULL)
    ct_json_null (json);
  else if (ct_field_is_integer (field))
    ct_json_int (json, number);
  else if (field->type == CT_FIELD_BOOL)
    ct_json_bool (json, g_str_equal (value, "true"));
  else
    ct_json_string (json, value);
}

static void
json_field (CtJson        *json,
            CtRecord      *record,
            const CtField *field)
{
  const char *value = ct_record_get (record, field->name);

  json_value (json, field, ct_record_is_restricted (record, field->name), value,
              value != NULL && ct_field_is_integer (field) ? g_ascii_strtoll (value, NULL, 10)
                                                           : 0);
}

/* The id and every field of the registry, inside an open object. */
static void
json_fields (CtJson   *json,
             CtRecord *record)
{
  const CtTable *table = ct_record_get_table (record);

  ct_json_key (json, "id");
  ct_json_int (json, ct_record_get_id (record));
  for (guint i = 0; i < table->n_fields; i++)
    {
      const CtField *field = &table->fields[i];

      /* A case's domains: one set, of the categories this member may read. */
      if (g_str_equal (table->name, "cases") && g_str_equal (field->name, "domains"))
        {
          g_autofree char *domains = ct_case_dup_domains (record);

          ct_json_key (json, "domains");
          if (domains != NULL)
            ct_json_string (json, domains);
          else
            ct_json_null (json);
        }
      else if (!(g_str_equal (table->name, "cases") && g_str_has_prefix (field->name, "domains_")))
        json_field (json, record, field);
    }
}

static void
json_record (CtJson   *json,
             CtRecord *record)
{
  ct_json_begin_object (json);
  json_fields (json, record);
  ct_json_end_object (json);
}

static void
json_records (CtJson    *json,
              GPtrArray *records)
{
  ct_json_begin_array (json);
  for (guint i = 0; records != NULL && i < records->len; i++)
    json_record (json, g_ptr_array_index (records, i));
  ct_json_end_array (json);
}

/* --- text ------------------------------------------------------------------ */

static char *
format_value (const CtField *field,
              const char    *value)
{
  gint64 cents;

  switch (field->type)
    {
    case CT_FIELD_BOOL:
      return g_strdup (g_str_equal (value, "true") ? _("yes") : _("no"));
    case CT_FIELD_CENTS:
      cents = g_ascii_strtoll (value, NULL, 10);
      return ct_money_format (cents, CT_MONEY_CENTS);
    default:
      return g_strdup (value);
    }
}

static void
append_value (GString    *out,
              const char *indent,
              const char *label,
              const char *value)
{
  g_auto(GStrv) lines = g_strsplit (value, "\n", -1);

  g_string_append_printf (out, "%s%s: %s\n", indent, label, lines[0]);
  for (guint i = 1; lines[i] != NULL; i++)
    g_string_append_printf (out, "%s  %s\n", indent, lines[i]);

  for (guint i = 0; lines[i] != NULL; i++)
    memset (lines[i], 0, strlen (lines[i]));
}

/* The fields with a value, then one line per restricted category: nothing
 * about a restricted category is shown, not even whether it is filled. */
static void
append_record (GString    *out,
               CtSession  *session,
               CtRecord   *record,
               const char *indent,
               const char *skip_field)
{
  const CtTable *table = ct_record_get_table (record);
  guint restricted = 0;

  for (guint i = 0; i < table->n_fields; i++)
    {
      const CtField *field = &table->fields[i];
      const char *value = ct_record_get (record, field->name);
      g_autofree char *shown = NULL;

      if (g_strcmp0 (field->name, skip_field) == 0)
        continue;
      if (ct_record_is_restricted (record, field->name))
        restricted |= 1u << field->category;
      if (value == NULL)
        continue;

      shown = format_value (field, value);
      append_value (out, indent, _(field->label), shown);
      memset (shown, 0, strlen (shown));
    }

  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    if (restricted & (1u << c))
      {
        g_autofree char *line = restricted_line (session, c);

        g_string_append_printf (out, "%s%s: %s\n", indent, ct_category_get_display_name (c), line);
      }
}

static void
append_padded (GString    *out,
               const char *text,
               guint       width)
{
  g_string_append (out, text);
  for (glong n = g_utf8_strlen (text, -1); n < (glong) width; n++)
    g_string_append_c (out, ' ');
}

/* Rows of @n_columns strings, aligned; the last column is not padded. */
char *
_ct_cli_format_table (GPtrArray *rows,
                      guint      n_columns)
{
  g_autofree guint *widths = g_new0 (guint, n_columns);
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        {
          if (c + 1 < n_columns)
            {
              append_padded (out, row[c], widths[c]);
              g_string_append (out, "  ");
            }
          else
            g_string_append (out, row[c]);
        }
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
  if (out->len > 0)
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

void
_ct_cli_free_row (char **row)
{
  for (guint i = 0; row[i] != NULL; i++)
    memset (row[i], 0, strlen (row[i]));
  g_strfreev (row);
}

/* --- cases ----------------------------------------------------------------- */

/* `cases --json` streams: the cases, the households and the persons are
 * walked side by side with three scan cursors, cases and persons in
 * household order, so what is held at any time is one household (its
 * JSON, written once for each of its cases, and flushed to stdout before
 * the next), however many households the team has. A read that fails
 * half-way leaves the array unclosed and the command fails. Three reads, so three
 * log entries, as before. The cases come per household, in id order within
 * it. */
typedef struct
{
  const CtTable *table;
  CtScanCursor  *cursor;
  const CtScanRow *row;     /* the current row, NULL at the end */
  const char   **fields;    /* every field of the table, in its order */
  int            parent;    /* index of the household reference, or -1 */
  int            domains[8];  /* a case's domain sets, per ct_case_domain_fields */
  int            joined;    /* a case's "domains": where the joined set goes, or -1 */
} Walk;

static void
walk_clear (Walk *w)
{
  g_clear_pointer (&w->cursor, ct_scan_cursor_free);
  g_clear_pointer (&w->fields, g_free);
}

static gboolean
walk_open (Walk        *w,
           CtSession   *session,
           const char  *table,
           gboolean     by_parent,
           GError     **error)
{
  w->table = ct_schema_get_table (table);
  w->fields = g_new0 (const char *, w->table->n_fields + 1);
  for (guint i = 0; i < w->table->n_fields; i++)
    w->fields[i] = w->table->fields[i].name;
  w->parent = by_parent ? ct_table_get_field_index (w->table, "household_id") : -1;
  for (guint s = 0; ct_case_domain_fields[s] != NULL && s < G_N_ELEMENTS (w->domains); s++)
    w->domains[s] = ct_table_get_field_index (w->table, ct_case_domain_fields[s]);
  /* Found once here, not by name for every row. */
  w->joined = g_str_equal (table, "cases") ? w->domains[0] : -1;
  w->cursor = ct_session_scan_open (session, table, w->fields, by_parent, error);
  return w->cursor != NULL;
}

static gboolean
walk_next (Walk    *w,
           GError **error)
{
  g_autoptr(GError) local = NULL;

  w->row = ct_scan_cursor_next (w->cursor, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gint64
walk_household (Walk *w)
{
  return w->parent >= 0 ? w->row->numbers[w->parent] : w->row->id;
}

/* As json_field(), from a scan row: the same keys and values. */
static void
json_scan_field (CtJson          *json,
                 const CtField   *field,
                 const CtScanRow *row,
                 guint            i)
{
  json_value (json, field, row->restricted[i], row->values[i], row->numbers[i]);
}

/* Whether field @i is one of a case's domain sets, written joined. */
static gboolean
is_domain_set (Walk  *w,
               guint  i)
{
  for (guint s = 0; s < G_N_ELEMENTS (w->domains) && ct_case_domain_fields[s] != NULL; s++)
    if (w->domains[s] == (int) i)
      return TRUE;
  return FALSE;
}

/* As json_fields(), from the current row of @w. */
static void
json_scan_fields (CtJson *json,
                  Walk   *w)
{
  ct_json_key (json, "id");
  ct_json_int (json, w->row->id);
  for (guint i = 0; i < w->table->n_fields; i++)
    {
      const CtField *field = &w->table->fields[i];

      if (w->joined < 0)
        json_scan_field (json, field, w->row, i);
      else if ((int) i == w->joined)
        {
          const char *sets[8] = { NULL };
          g_autofree char *domains = NULL;

          for (guint s = 0; ct_case_domain_fields[s] != NULL; s++)
            sets[s] = w->domains[s] >= 0 ? w->row->values[w->domains[s]] : NULL;
          domains = ct_domains_join (sets);
          ct_json_key (json, "domains");
          if (domains != NULL)
            ct_json_string (json, domains);
          else
            ct_json_null (json);
        }
      else if (!is_domain_set (w, i))
        json_scan_field (json, field, w->row, i);
    }
}

static void
wipe_string (GString *text)
{
  memset (text->str, 0, text->len);
  g_string_truncate (text, 0);
}

/* The household @id and its persons as two JSON values: the household's
 * row (or null) and the array of its persons, advancing both walks past
 * it. */
static gboolean
write_household (Walk     *households,
                 Walk     *persons,
                 gint64    id,
                 GString  *household_json,
                 GString  *persons_json,
                 GError  **error)
{
  g_autoptr(CtJson) h = ct_json_new ();
  g_autoptr(CtJson) p = ct_json_new ();
  g_autofree char *text = NULL;

  while (households->row != NULL && households->row->id < id)
    if (!walk_next (households, error))
      return FALSE;
  if (households->row != NULL && households->row->id == id)
    {
      ct_json_begin_object (h);
      json_scan_fields (h, households);
      ct_json_end_object (h);
    }
  else
    ct_json_null (h);

  while (persons->row != NULL && walk_household (persons) < id)
    if (!walk_next (persons, error))
      return FALSE;
  ct_json_begin_array (p);
  while (persons->row != NULL && walk_household (persons) == id)
    {
      ct_json_begin_object (p);
      json_scan_fields (p, persons);
      ct_json_end_object (p);
      if (!walk_next (persons, error))
        return FALSE;
    }
  ct_json_end_array (p);

  wipe_string (household_json);
  wipe_string (persons_json);
  text = ct_json_finish (h);
  g_string_append (household_json, text);
  memset (text, 0, strlen (text));
  g_clear_pointer (&text, g_free);
  text = ct_json_finish (p);
  g_string_append (persons_json, text);
  memset (text, 0, strlen (text));
  return TRUE;
}

/**
 * ct_cli_print_cases_json:
 * @out: where the JSON goes, one household at a time
 *
 * What `casustafel-cli cases --json` prints.
 */
gboolean
ct_cli_print_cases_json (CtSession  *session,
                         FILE       *out,
                         GError    **error)
{
  Walk cases = { 0 }, households = { 0 }, persons = { 0 };
  g_autoptr(CtJson) json = ct_json_new ();
  g_autoptr(GString) household_json = g_string_new (NULL);
  g_autoptr(GString) persons_json = g_string_new (NULL);
  gint64 current = -1;
  gboolean ok;

  ok = walk_open (&cases, session, "cases", TRUE, error)
       && walk_open (&households, session, "households", FALSE, error)
       && walk_open (&persons, session, "persons", TRUE, error)
       && walk_next (&cases, error) && walk_next (&households, error)
       && walk_next (&persons, error);

  ct_json_begin_array (json);
  while (ok && cases.row != NULL)
    {
      gint64 household = walk_household (&cases);

      if (household != current)
        {
          ok = write_household (&households, &persons, household, household_json, persons_json,
                                error);
          current = household;
          ct_json_flush (json, out);
        }
      if (!ok)
        break;
      ct_json_begin_object (json);
      json_scan_fields (json, &cases);
      ct_json_key (json, "household");
      ct_json_value (json, household_json);
      ct_json_key (json, "persons");
      ct_json_value (json, persons_json);
      ct_json_end_object (json);
      ok = walk_next (&cases, error);
    }
  ct_json_end_array (json);

  if (ok)
    {
      ct_json_flush (json, out);
      fputc ('\n', out);
    }
  wipe_string (household_json);
  wipe_string (persons_json);
  walk_clear (&cases);
  walk_clear (&households);
  walk_clear (&persons);
  return ok;
}

/* The table shows what the case list shows, read with the same
 * ct_case_overview_list(): only the first person's name is decrypted and
 * logged. */
static char *
cases_text (CtSession  *session,
            GError    **error)
{
  g_autoptr(GArray) cases = ct_case_overview_list (session, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) _ct_cli_free_row);
  char **header;

  if (cases == NULL)
    return NULL;

  header = g_new0 (char *, 6);
  header[0] = g_strdup (_("Case number"));
  header[1] = g_strdup (_("Status"));
  header[2] = g_strdup (_("Area"));
  header[3] = g_strdup (_("Name"));
  header[4] = g_strdup (_("Domains"));
  g_ptr_array_add (rows, header);
  for (guint i = 0; i < cases->len; i++)
    {
      const CtCaseOverview *c = &g_array_index (cases, CtCaseOverview, i);
      char **cells = g_new0 (char *, 6);

      cells[0] = g_strdup (c->number);
      cells[1] = g_strdup (c->status);
      cells[2] = g_strdup (c->area ?: "-");
      if (c->name_restricted)
        cells[3] = g_strdup (_("restricted"));
      else
        cells[3] = g_strdup (c->name ?: "-");
      cells[4] = g_strdup (c->domains ?: "-");
      g_ptr_array_add (rows, cells);
    }
  return _ct_cli_format_table (rows, 5);
}

static int
data_cases (const CtCliCommand *command,
            int                 argc,
            char              **argv)
{
  gboolean as_json = FALSE;
  const CtCliOption options[] = {
    { "json", NULL, N_("Print JSON instead of a table"), FALSE, NULL, &as_json },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  char *text;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;
  if (as_json)
    return ct_cli_print_cases_json (session, stdout, &error) ? CT_CLI_EXIT_OK
                                                              : ct_cli_fail (error);

  text = cases_text (session, &error);
  if (text == NULL)
    return ct_cli_fail (error);

  print_and_wipe (text);
  return CT_CLI_EXIT_OK;
}

/* --- case ------------------------------------------------------------------ */

gboolean
_ct_cli_is_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* By case number first; a number made of digits only may also be an id. */
static CtRecord *
find_case (CtSession   *session,
           const char  *case_id,
           GError     **error)
{
  g_autoptr(GPtrArray) cases = ct_session_list (session, "cases", NULL, 0, error);

  if (cases == NULL)
    return NULL;

  for (guint i = 0; i < cases->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (cases, i), "number"), case_id) == 0)
      return ct_record_ref (g_ptr_array_index (cases, i));

  if (_ct_cli_is_digits (case_id) && strlen (case_id) < 18)
    return ct_session_get (session, "cases", g_ascii_strtoll (case_id, NULL, 10), error);

  g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                       _("There is no case with this number or id."));
  return NULL;
}

typedef struct
{
  CtRecord  *kase;
  CtRecord  *household;
  GPtrArray *lists[G_N_ELEMENTS (sections)];
} CaseFile;

static void
case_file_clear (CaseFile *f)
{
  g_clear_pointer (&f->kase, ct_record_unref);
  g_clear_pointer (&f->household, ct_record_unref);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    g_clear_pointer (&f->lists[i], g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseFile, case_file_clear)

static gboolean
case_file_load (CaseFile    *f,
                CtSession   *session,
                const char  *case_id,
                GError     **error)
{
  gint64 household;

  if ((f->kase = find_case (session, case_id, error)) == NULL)
    return FALSE;

  household = ct_record_get_int (f->kase, "household_id");
  if ((f->household = ct_session_get (session, "households", household, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      gint64 parent = g_str_equal (sections[i].parent_field, "case_id")
                      ? ct_record_get_id (f->kase) : household;

      f->lists[i] = ct_session_list (session, sections[i].table, sections[i].parent_field, parent,
                                     error);
      if (f->lists[i] == NULL)
        return FALSE;
    }
  return TRUE;
}

static char *
case_json (CaseFile *f)
{
  g_autoptr(CtJson) json = ct_json_new ();

  ct_json_begin_object (json);
  json_fields (json, f->kase);
  ct_json_key (json, "household");
  json_record (json, f->household);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      /* The plan is one household's goals and the actions that serve them. */
      if (g_str_equal (sections[i].table, "goals"))
        {
          ct_json_key (json, "plan");
          ct_json_begin_object (json);
        }
      ct_json_key (json, sections[i].json_key);
      json_records (json, f->lists[i]);
      if (g_str_equal (sections[i].table, "actions"))
        ct_json_end_object (json);
    }
  ct_json_end_object (json);
  return ct_json_finish (json);
}

static char *
case_text (CaseFile  *f,
           CtSession *session)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s %s\n", _("Case"), ct_record_get (f->kase, "number"));
  append_record (out, session, f->kase, "  ", "household_id");
  g_string_append_printf (out, "\n%s\n", _("Household"));
  append_record (out, session, f->household, "  ", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GPtrArray *list = f->lists[i];

      g_string_append_printf (out, "\n%s\n", _(sections[i].heading));
      if (list->len == 0)
        g_string_append_printf (out, "  %s\n", _("(none)"));
      for (guint r = 0; r < list->len; r++)
        {
          g_string_append_printf (out, "  %u.\n", r + 1);
          append_record (out, session, g_ptr_array_index (list, r), "    ",
                         sections[i].parent_field);
        }
    }
  if (out->len > 0)
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static int
data_case (const CtCliCommand *command,
           int                 argc,
           char              **argv)
{
  const char *case_id = NULL, *glass = NULL, *because = NULL;
  gboolean as_json = FALSE;
  const CtCliArgument arguments[] = { { N_("CASE-ID"), &case_id }, { NULL } };
  const CtCliOption options[] = {
    { "json", NULL, N_("Print JSON instead of text"), FALSE, NULL, &as_json },
    { "break-glass", N_("REASON"), N_("Look anyway at a household outside your involvement"),
      FALSE, &glass, NULL },
    { "because", N_("TEXT"), N_("Why, in your words (required for “anders”)"), FALSE, &because,
      NULL },
    { NULL }
  };
  CtCliTeam team = { .arguments = arguments, .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtRecord) kase = NULL;
  g_auto(CaseFile) file = { NULL };
  g_autofree char *reason_name = NULL;
  int reason = -1;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;

  reason_name = g_strdelimit (g_strdup (glass != NULL ? glass : ""), "-_", ' ');
  if (glass != NULL && (reason = ct_glass_reason_from_string (reason_name)) < 0)
    {
      g_set_error (&error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                   _("--break-glass: “%s” is not a reason; use spoed, veiligheid, "
                     "voorbereiding-overleg or anders."), glass);
      return ct_cli_fail (error);
    }
  if (glass == NULL && because != NULL)
    {
      g_set_error_literal (&error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                           _("--because: give it with --break-glass."));
      return ct_cli_fail (error);
    }

  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if ((glass != NULL && (kase = find_case (session, case_id, &error)) == NULL)
      || (glass != NULL
          && !ct_session_break_glass (session, ct_record_get_int (kase, "household_id"),
                                      (CtGlassReason) reason, because, &error))
      || !case_file_load (&file, session, case_id, &error))
    return ct_cli_fail (error);

  /* On stderr, so the text and the JSON stay as they are. */
  if (!ct_session_is_involved (session, ct_record_get_int (file.kase, "household_id"), NULL))
    g_printerr ("%s\n", _("This household is outside your involvement: you see its case number, "
                          "area, status and general fields only. Use --break-glass REASON to "
                          "look anyway; it is logged."));
  print_and_wipe (as_json ? case_json (&file) : case_text (&file, session));
  return CT_CLI_EXIT_OK;
}

const CtCliCommand ct_cli_data_commands[] = {
  { "cases", N_("FILE --login LOGIN [--json]"), N_("List every case as you may see it"),
    N_("One line per case: number, status, area, the first person’s name and the domains.\n"
       "With --json, an array with one object per case: every field of the case by its\n"
       "name, its \"household\" and its \"persons\". A value is a string, a number or true\n"
       "or false, null when empty, and {\"restricted\": true, \"category\": \"health\"} when\n"
       "your role may not see its category, whether or not it holds a value.\n"),
    data_cases },
  { "case", N_("FILE --login LOGIN CASE-ID [--json] [--break-glass REASON [--because TEXT]]"),
    N_("Show one case with everything that belongs to it"),
    N_("CASE-ID is the case number, such as 2026-0001, or the case’s numeric id. Shows\n"
       "the case, its household, persons, organisations involved, consent, ZRM, plan\n"
       "(goals and actions), binding advice, custom budget and breakthroughs. A category\n"
       "your role may not see is shown as restricted, with the roles that may.\n"
       "With --json, one object as in “cases --json”, with \"organisations\", \"consents\",\n"
       "\"zrm\", \"plan\" (\"goals\", \"actions\"), \"advice\", \"expenses\" and \"doorbraken\".\n"
       "When the team has need-to-know on and you are not involved in the household, you\n"
       "see its case number, area, status and general fields only. --break-glass REASON\n"
       "(spoed, veiligheid, voorbereiding-overleg or anders, which needs --because TEXT)\n"
       "opens it anyway; that is logged and shown to its regisseur and the beheerder.\n"),
    data_case },
  { "policy show", N_("FILE --login LOGIN"),
    N_("Show which role may see which category"),
    N_("A matrix of roles and categories: R where the role may read and write the\n"
       "category, - where it may not; then the categories whose key waits to be replaced.\n"),
    ct_cli_data_policy_show },
  { "policy grant", N_("FILE --login ADMIN --role ROLE --category CATEGORY"),
    N_("Let a role see a category"),
    N_("Beheerder only; logged. The role’s members get the category key from the next\n"
       "session of a member who holds it.\n"
       "Categories: identity, health, justice, finance, youth, housing, work.\n"),
    ct_cli_data_policy_grant },
  { "policy revoke", N_("FILE --login ADMIN --role ROLE --category CATEGORY"),
    N_("Stop a role from seeing a category"),
    N_("Beheerder only; logged. The category key is replaced and its values re-encrypted\n"
       "by the next session of a member who holds it.\n"
       "Categories: identity, health, justice, finance, youth, housing, work.\n"),
    ct_cli_data_policy_revoke },
  { "need-to-know", N_("FILE --login ADMIN --on|--off [--meeting-days DAYS]"),
    N_("Switch need-to-know per household on or off"),
    N_("Beheerder only; a signed statement of the team chain, and logged. With it on, a\n"
       "member sees a household they are not involved in only by its case number, area,\n"
       "status and general fields. Involved are its regisseur, whoever is responsible for\n"
       "one of its actions, the voorzitter once it is on an agenda, and the chair and\n"
       "attendees of a meeting with it on the agenda, until DAYS after that meeting\n"
       "(default 14). “case --break-glass” opens one household anyway, logged.\n"),
    ct_cli_data_need_to_know },
  { "log", N_("FILE --login LOGIN [--household ID] [--json]"), N_("Show the access log"),
    N_("For a beheerder. One line per entry, separated by tabs: number, time, login (or\n"
       "“recovery key”), role, action (C create, R read, U update, D delete, E export),\n"
       "table#id, categories, purpose (in your language), outcome, the households the\n"
       "entry is about (ids, comma-separated, or -) and the person (id or -). With\n"
       "--household ID, only the entries about that household: who saw it, when, what and\n"
       "why; its regisseur may ask this too. With --json, an array of objects with every\n"
       "value as stored. Then, on stderr, whether the log is intact, as check verifies it;\n"
       "exits 1 when it is not.\n"),
    ct_cli_data_log },
  { "import", N_("FILE --login LOGIN CSV"),
    N_("Import a referral list: one household, its first person and a case per row"),
    N_("CSV is a UTF-8 file (a byte order mark is allowed) separated by commas, or by\n"
       "semicolons when the header has no comma; a field in double quotes may hold\n"
       "separators, line breaks and doubled quotes. The first row names the columns:\n"
       "  case:      number, referral_date, referred_by, question, summary, domains\n"
       "  person:    first_name, last_name, bsn, birth_date, sex, street, house_number,\n"
       "             postcode, city, phone, email, relation\n"
       "  household: area, health_mental, health_addiction, health_physical,\n"
       "             medication, justice_info, income_cents, debts_cents, creditors,\n"
       "             arrears_cents, parenting, child_protection, school, tenancy,\n"
       "             rent_arrears_cents, nuisance, eviction_risk, work_situation,\n"
       "             benefits, daytime_activities\n"
       "number, referral_date, first_name and last_name are required. Dates are\n"
       "YYYY-MM-DD, amounts whole cents. Every case starts as “aangemeld”.\n"
       "Every row is checked first; each problem is reported as “line N, Field: what is\n"
       "expected”, and then nothing is stored. Otherwise all rows are stored.\n"),
    ct_cli_data_import },
  { NULL }
};
