/* ct-inzage.c — what is stored about one household, for the household
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The text of an inzage (AVG art. 15): per record of the household, its
 * fields per category, then who viewed or changed those records, from the
 * access log. Every record is read through the session, so the reads are
 * logged as usual, and the inzage itself is logged once more. Facts of the
 * justice category are marked as withheld and never copied into the text:
 * police information may be withheld from the person it is about. The
 * sentences are plain Dutch, as the document is handed to the household;
 * field names follow the interface language (docs/retention.md). */

#define G_LOG_DOMAIN "ct-inzage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ct-audit.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-inzage.h"
#include "ct-record-private.h"
#include "ct-session-private.h"

typedef struct
{
  const char *table;
  const char *parent;   /* field that names the household or the case */
  const char *heading;
} Section;

/* What the household is told, in this order. */
static const Section household_sections[] = {
  { "persons", "household_id", "Personen" },
  { "goals", "household_id", "Doelen in het plan" },
  { "actions", "household_id", "Afspraken: wie doet wat" },
  { "organisations", "household_id", "Betrokken organisaties" },
};
static const Section case_sections[] = {
  { "advice", "case_id", "Adviezen van het team" },
  { "consents", "case_id", "Toestemmingen" },
  { "zrm", "case_id", "Zelfredzaamheid (ZRM)" },
  { "expenses", "case_id", "Uitgaven" },
  { "doorbraken", "case_id", "Doorbraken" },
};

typedef struct
{
  char   *table;
  gint64  id;
} Seen;

static gboolean
is_withheld (CtRecord      *record,
             const CtField *field)
{
  CtCategory c = field->by_row ? record->row_category : field->category;

  return c == CT_CATEGORY_JUSTICE;
}

static void
append_record (GString  *out,
               CtRecord *record,
               GArray   *seen)
{
  const CtTable *table = ct_record_get_table (record);
  gboolean withheld = FALSE;
  Seen s = { g_strdup (table->name), ct_record_get_id (record) };

  g_array_append_val (seen, s);
  g_string_append_printf (out, "- nummer %lld\n", (long long) s.id);
  for (guint i = 0; i < table->n_fields; i++)
    {
      const CtField *field = &table->fields[i];
      const char *value = ct_record_get (record, field->name);

      if (field->type == CT_FIELD_REF || g_str_equal (field->name, "row_category"))
        continue;
      if (is_withheld (record, field)
          && (value != NULL || ct_record_is_restricted (record, field->name)))
        {
          withheld = TRUE;
          continue;
        }
      if (ct_record_is_restricted (record, field->name))
        g_string_append_printf (out, "    %s: (niet zichtbaar voor de regisseur)\n",
                                _(field->label));
      else if (value != NULL && value[0] != '\0')
        g_string_append_printf (out, "    %s: %s\n", _(field->label), value);
    }
  if (withheld)
    g_string_append (out, "    Politie en justitie: achtergehouden. Deze informatie mag niet "
                          "worden gedeeld. Vraag de politie of justitie zelf om inzage.\n");
}

static gboolean
append_section (GString       *out,
                CtSession     *session,
                const Section *section,
                gint64         parent_id,
                GArray        *seen,
                GPtrArray     *cases,
                GError       **error)
{
  g_autoptr(GPtrArray) rows = ct_session_list (session, section->table, section->parent,
                                               parent_id, error);

  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    return TRUE;
  g_string_append_printf (out, "\n%s\n", section->heading);
  for (guint i = 0; i < rows->len; i++)
    {
      append_record (out, rows->pdata[i], seen);
      if (cases != NULL)
        g_ptr_array_add (cases, ct_record_ref (rows->pdata[i]));
    }
  return TRUE;
}

static gboolean
was_seen (GArray     *seen,
          const char *table,
          gint64      id)
{
  for (guint i = 0; i < seen->len; i++)
    {
      Seen *s = &g_array_index (seen, Seen, i);

      if (s->id == id && g_strcmp0 (s->table, table) == 0)
        return TRUE;
    }
  return FALSE;
}

static const char *
action_words (char action)
{
  switch (action)
    {
    case 'C': return "vastgelegd";
    case 'R': return "bekeken";
    case 'U': return "gewijzigd";
    case 'D': return "verwijderd";
    case 'E': return "uitgevoerd naar een bestand";
    default: return "gebruikt";
    }
}

static const char *
object_words (const char *table)
{
  static const struct { const char *table, *words; } words[] = {
    { "households", "het huishouden" }, { "persons", "een persoon" }, { "cases", "de casus" },
    { "goals", "een doel" }, { "actions", "een afspraak" },
    { "organisations", "een organisatie" }, { "advice", "een advies" },
    { "consents", "een toestemming" }, { "zrm", "een ZRM-meting" },
    { "expenses", "een uitgave" }, { "doorbraken", "een doorbraak" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (table, words[i].table) == 0)
      return words[i].words;
  return table;
}

static gboolean
append_log (GString   *out,
            CtSession *session,
            GArray    *seen,
            GError   **error)
{
  g_autoptr(GPtrArray) log = _ct_audit_read (session, error);

  if (log == NULL)
    return FALSE;
  g_string_append (out, "\nWie heeft uw gegevens bekeken of gewijzigd?\n");
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = log->pdata[i];

      if (!was_seen (seen, e->object_table, e->object_id))
        continue;
      g_string_append_printf (out, "- %s: %s (%s) heeft %s (nummer %lld) %s. Reden: %s.\n",
                              e->at, e->login != NULL ? e->login : "herstelsleutel", e->role,
                              object_words (e->object_table), (long long) e->object_id,
                              action_words (e->action),
                              ct_log_purpose_get_display_name (e->purpose));
    }
  return TRUE;
}

/* The restriction of processing in force, in plain Dutch (B1). */
static gboolean
append_restriction (GString   *out,
                    CtSession *session,
                    gint64     household_id,
                    GError   **error)
{
  static const char * const why[] = {
    [CT_RESTRICT_ACCURACY] = "u vindt dat uw gegevens niet kloppen, en wij kijken dat na",
    [CT_RESTRICT_UNLAWFUL] = "wij hadden uw gegevens niet zo mogen gebruiken, maar u wilt dat "
                             "wij ze bewaren",
    [CT_RESTRICT_LEGAL_CLAIM] = "u hebt uw gegevens nodig voor een rechtszaak",
    [CT_RESTRICT_OBJECTION] = "u hebt bezwaar gemaakt, en dat bezwaar loopt nog",
  };
  GError *local = NULL;
  g_autoptr(CtRestriction) r = ct_session_get_restriction (session, household_id, &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (r == NULL)
    return TRUE;
  g_string_append_printf (out, "Verwerking beperkt\n"
                               "Sinds %.10s is het gebruik van uw gegevens beperkt (AVG artikel "
                               "18), omdat %s. Wij bewaren uw gegevens, maar wij veranderen ze "
                               "niet, gebruiken ze niet voor onderzoek en laten ze niet zien in "
                               "het overleg, tot de beperking is opgeheven.\n\n",
                         r->placed_at, why[r->ground]);
  return TRUE;
}

static void
clear_seen (gpointer data)
{
  g_free (((Seen *) data)->table);
}

static gboolean
log_inzage (CtSession *self,
            gpointer   data,
            GError   **error)
{
  return _ct_audit_append (self, CT_AUDIT_EXPORT, "households", *(gint64 *) data,
                           (1u << CT_N_CATEGORIES) - 1, "inzage", FALSE, error);
}

/**
 * ct_session_inzage_text:
 *
 * The inzage of one household (AVG art. 15) as plain text: what is stored
 * about it per record and field, its plan, advice, actions and consents,
 * and who viewed or changed those records. A regisseur only (the role the
 * team chain gives). Logged.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
ct_session_inzage_text (CtSession *self,
                        gint64     household_id,
                        GError   **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (Seen));
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  g_autoptr(CtRecord) household = NULL;
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  const Section cases_section = { "cases", "household_id", "Uw vraag aan het team (casus)" };

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  g_array_set_clear_func (seen, clear_seen);
  if (!_ct_session_begin_write (self, error))
    return NULL;
  if (self->recovery || self->member->role != CT_ROLE_REGISSEUR)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a regisseur makes an inzage for a household."));
      return NULL;
    }
  if ((household = ct_session_get (self, "households", household_id, error)) == NULL)
    return NULL;

  g_string_append_printf (out, "Inzage: wat het team over uw huishouden bewaart\n"
                               "Team: %s. Gemaakt op %s.\n\n"
                               "U hebt het recht om te weten wat wij over u bewaren. Hieronder "
                               "staat alles wat in het dossier staat, per onderdeel.\n\n",
                          self->team_name, today);
  if (!append_restriction (out, self, household_id, error))
    return NULL;
  g_string_append (out, "Huishouden\n");
  append_record (out, household, seen);
  for (guint s = 0; s < G_N_ELEMENTS (household_sections); s++)
    if (!append_section (out, self, &household_sections[s], household_id, seen, NULL, error))
      return NULL;
  if (!append_section (out, self, &cases_section, household_id, seen, cases, error))
    return NULL;
  for (guint c = 0; c < cases->len; c++)
    for (guint s = 0; s < G_N_ELEMENTS (case_sections); s++)
      if (!append_section (out, self, &case_sections[s], ct_record_get_id (cases->pdata[c]), seen,
                           NULL, error))
        return NULL;
  if (!append_log (out, self, seen, error)
      || !_ct_session_with_transaction (self, log_inzage, &household_id, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
