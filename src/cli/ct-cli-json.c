/* ct-cli-json.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* json-glib would do this, but it is not a dependency of the project and
 * the CLI only ever writes JSON; a writer this small is easier to trust. */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <string.h>

#include "ct-cli-json.h"

struct _CtJson
{
  GString *out;
  GArray  *first;       /* per open container: nothing written in it yet */
  gboolean after_key;   /* a key was written; its value comes next */
};

CtJson *
ct_json_new (void)
{
  CtJson *self = g_new0 (CtJson, 1);

  self->out = g_string_new (NULL);
  self->first = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return self;
}

void
ct_json_free (CtJson *self)
{
  if (self == NULL)
    return;

  /* The text may hold client data; wipe it before it goes. */
  memset (self->out->str, 0, self->out->len);
  g_string_free (self->out, TRUE);
  g_array_unref (self->first);
  g_free (self);
}

/**
 * ct_json_finish:
 *
 * Returns: (transfer full): the text written, once every container is closed
 */
char *
ct_json_finish (CtJson *self)
{
  g_return_val_if_fail (self->first->len == 0, NULL);

  return g_strdup (self->out->str);
}

/**
 * ct_json_flush:
 *
 * Writes what was written so far to @out and wipes it from memory, so a
 * long listing never holds more than one part of itself; the containers
 * still open stay open.
 */
void
ct_json_flush (CtJson *self,
               FILE   *out)
{
  fwrite (self->out->str, 1, self->out->len, out);
  memset (self->out->str, 0, self->out->len);
  g_string_truncate (self->out, 0);
}

/* Puts the comma before a value or key that is not the first in its container. */
static void
separate (CtJson *self)
{
  gboolean *first;

  if (self->after_key)
    {
      self->after_key = FALSE;
      return;
    }
  if (self->first->len == 0)
    return;

  first = &g_array_index (self->first, gboolean, self->first->len - 1);
  if (!*first)
    g_string_append_c (self->out, ',');
  *first = FALSE;
}

static void
open_container (CtJson *self,
                char    bracket)
{
  gboolean first = TRUE;

  separate (self);
  g_string_append_c (self->out, bracket);
  g_array_append_val (self->first, first);
}

static void
close_container (CtJson *self,
                 char    bracket)
{
  g_return_if_fail (self->first->len > 0 && !self->after_key);

  g_array_set_size (self->first, self->first->len - 1);
  g_string_append_c (self->out, bracket);
}

void
ct_json_begin_object (CtJson *self)
{
  open_container (self, '{');
}

void
ct_json_end_object (CtJson *self)
{
  close_container (self, '}');
}

void
ct_json_begin_array (CtJson *self)
{
  open_container (self, '[');
}

void
ct_json_end_array (CtJson *self)
{
  close_container (self, ']');
}

/* Appends valid UTF-8 in runs: only ASCII bytes ever need escaping, and
 * no byte of a multi-byte character is ASCII, so the runs between them go
 * in whole. One character at a time was 30 % of `cases --json`. */
static void
append_valid (GString    *out,
              const char *p,
              const char *end)
{
  const char *run = p;

  for (; p < end; p++)
    {
      guchar b = (guchar) *p;
      char code[8];
      const char *escape = code;

      if (b >= 0x20 && b != '"' && b != '\\' && b != 0x7f)
        continue;

      switch (b)
        {
        case '"':  escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        default:   g_snprintf (code, sizeof code, "\\u%04x", (guint) b);
        }
      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
}

/**
 * ct_json_append_escaped:
 * @value: UTF-8 text; an invalid byte becomes U+FFFD
 *
 * Appends @value as a JSON string: quotes, backslash and every control
 * character escaped, everything else kept as UTF-8.
 */
void
ct_json_append_escaped (GString    *out,
                        const char *value)
{
  const char *p = value;
  const char *end = value + strlen (value);

  g_string_append_c (out, '"');
  while (p < end)
    {
      const char *valid_end;

      g_utf8_validate (p, end - p, &valid_end);
      append_valid (out, p, valid_end);
      p = valid_end;
      if (p < end)
        {
          g_string_append (out, "\xEF\xBF\xBD");
          p++;
        }
    }
  g_string_append_c (out, '"');
}

void
ct_json_key (CtJson     *self,
             const char *name)
{
  g_return_if_fail (self->first->len > 0 && !self->after_key);

  separate (self);
  ct_json_append_escaped (self->out, name);
  g_string_append_c (self->out, ':');
  self->after_key = TRUE;
}

/**
 * ct_json_string:
 * @value: (nullable): the text, or %NULL for null
 */
void
ct_json_string (CtJson     *self,
                const char *value)
{
  separate (self);
  if (value == NULL)
    g_string_append (self->out, "null");
  else
    ct_json_append_escaped (self->out, value);
}

void
ct_json_int (CtJson *self,
             gint64  value)
{
  separate (self);
  g_string_append_printf (self->out, "%" G_GINT64_FORMAT, value);
}

void
ct_json_bool (CtJson   *self,
              gboolean  value)
{
  separate (self);
  g_string_append (self->out, value ? "true" : "false");
}

void
ct_json_null (CtJson *self)
{
  separate (self);
  g_string_append (self->out, "null");
}

/**
 * ct_json_value:
 * @written: a whole JSON value, as another writer's ct_json_finish() gave it
 *
 * Writes @written as the next value: a household written once goes with
 * each of its cases.
 */
void
ct_json_value (CtJson  *self,
               GString *written)
{
  separate (self);
  g_string_append_len (self->out, written->str, written->len);
}
