/* ct-doorbraak-check.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The checker a breakthrough's example passes before it leaves the team
 * file (ct-doorbraak.c writes and shares the example): it looks for
 * anything that could identify a person of the team file: names, BSN,
 * street, postcode, phone, e-mail. It reads that identity data through the
 * session, so only a member whose role is granted identity can run it, and
 * the read is logged like any other. */

#define G_LOG_DOMAIN "ct-doorbraak"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-doorbraak.h"
#include "ct-error.h"


/* Particles of Dutch surnames ("de Vries", "van der Berg"): too common to
 * count as a name on their own. */
static const char *const particles[] = {
  "de", "der", "den", "van", "von", "het", "te", "ter", "ten", "in", "op", "la", "le", "du",
  "da", "di", "el", "al", "'t", NULL,
};

/* Ordinary Dutch words that are also names or parts of names ("van der
 * Meer", "Roos", "Bakker"). Written in lower case in an example they are
 * the word, not the person: "meer dan drie maanden". With a capital they
 * are still flagged, wherever they stand; the name test stays on the side
 * of flagging (docs/export.md). */
static const char *const ordinary_words[] = {
  "meer", "berg", "bos", "beek", "dijk", "veen", "haan", "wit", "groot", "klein", "jong",
  "oud", "lang", "kort", "bakker", "visser", "smit", "boer", "koster", "kok", "schipper",
  "molenaar", "timmerman", "mark", "roos", "iris", "fleur", "hoek", "brink", "kamp", "laan",
  "weg", "wal", "poort", "kerk", "vos", "wolf", "leeuw", "zwart", "bruin", "koning", "prins",
  "graaf", "hof", "huis", "hulp", "zorg", "goed", "best", "snel", "vroeg", "laat", "winter",
  "zomer", "lente", "mei", "juni", "april", "maart", "augustus", "vogel", "vis", "rijk",
  "arm", "vrij", "blij", "hart", "geluk", "hoop", "dam", "ven", "horst", "heuvel", "dal",
  "water", "bloem", "linde", "eik", "beuk", "wijk", "stad", "dorp", "land", "veld", "akker",
  "sterk", "stil", "vast", "wel", "ook", "nog", "al", "dan", "toe", "mee", "over", "onder",
  "voor", "achter", "boven", "rood", "groen", "blauw", "grijs", "post", "bank", "school",
  "storm", "regen", "zon", "maan", "ster", "steen", "kool", "peer", "appel", "hagen", NULL,
};

typedef struct
{
  GHashTable *names;      /* casefolded word → TRUE */
  GPtrArray  *streets;    /* street names as written */
  GHashTable *postcodes;  /* "1234AB" */
  GHashTable *digits;     /* BSN and phone numbers as digits only, 0… for +31… */
} Identities;
static void
identities_clear (Identities *ids)
{
  g_clear_pointer (&ids->names, g_hash_table_unref);
  g_clear_pointer (&ids->streets, g_ptr_array_unref);
  g_clear_pointer (&ids->postcodes, g_hash_table_unref);
  g_clear_pointer (&ids->digits, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Identities, identities_clear)

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c);
}

/* Digits only; a Dutch international prefix becomes the national 0. */
static char *
phone_digits (const char *text,
              gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    if (g_ascii_isdigit (text[i]))
      g_string_append_c (out, text[i]);

  if (g_str_has_prefix (out->str, "0031"))
    g_string_erase (out, 0, 3);
  else if (g_str_has_prefix (out->str, "31") && len > 0 && text[0] == '+')
    g_string_overwrite_len (g_string_erase (out, 0, 1), 0, "0", 1);
  return g_string_free (out, FALSE);
}

static char *
compact_postcode (const char *text,
                  gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    if (text[i] != ' ')
      g_string_append_c (out, g_ascii_toupper (text[i]));
  return g_string_free (out, FALSE);
}

static void
add_name_words (Identities *ids,
                const char *name)
{
  const char *p = name;

  while (name != NULL && *p != '\0')
    {
      const char *start;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && (is_word_char (g_utf8_get_char (p)) || *p == '\''))
        p = g_utf8_next_char (p);
      if (p > start)
        {
          g_autofree char *word = g_utf8_casefold (start, p - start);

          if (g_utf8_strlen (word, -1) >= 2 && !g_strv_contains (particles, word))
            g_hash_table_add (ids->names, g_steal_pointer (&word));
        }
    }
}

static void
add_person (Identities *ids,
            CtRecord   *person)
{
  const char *value;

  add_name_words (ids, ct_record_get (person, "first_name"));
  add_name_words (ids, ct_record_get (person, "last_name"));
  if ((value = ct_record_get (person, "street")) != NULL && g_utf8_strlen (value, -1) >= 3)
    g_ptr_array_add (ids->streets, g_strdup (value));
  if ((value = ct_record_get (person, "postcode")) != NULL)
    g_hash_table_add (ids->postcodes, compact_postcode (value, strlen (value)));
  if ((value = ct_record_get (person, "bsn")) != NULL)
    g_hash_table_add (ids->digits, g_strdup (value));
  if ((value = ct_record_get (person, "phone")) != NULL)
    g_hash_table_add (ids->digits, phone_digits (value, strlen (value)));
}

/* Everyone in the team file: the persons of every household (identity data,
 * read through the session) and the team's own members. */
static gboolean
load_identities (CtSession  *session,
                 Identities *ids,
                 GError    **error)
{
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) members = NULL;

  if (!ct_session_can_read (session, CT_CATEGORY_IDENTITY))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Checking an example for names and addresses needs access to "
                             "identity data. Ask a team member whose role sees identity data "
                             "to run the check."));
      return FALSE;
    }

  persons = ct_session_list (session, "persons", NULL, 0, error);
  members = persons != NULL ? ct_session_list_members (session, error) : NULL;
  if (members == NULL)
    return FALSE;

  ids->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ids->streets = g_ptr_array_new_with_free_func (g_free);
  ids->postcodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ids->digits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < persons->len; i++)
    add_person (ids, g_ptr_array_index (persons, i));
  for (guint i = 0; i < members->len; i++)
    add_name_words (ids, ((CtMemberInfo *) g_ptr_array_index (members, i))->display_name);
  return TRUE;
}

static void
add_finding (GPtrArray    *findings,
             gsize         offset,
             gsize         length,
             CtFindingKind kind)
{
  CtFinding *finding;

  for (guint i = 0; i < findings->len; i++)
    {
      CtFinding *f = g_ptr_array_index (findings, i);

      if (offset < f->offset + f->length && f->offset < offset + length)
        {
          gsize end = MAX (f->offset + f->length, offset + length);

          /* Overlapping: one finding for the widest span. */
          f->offset = MIN (f->offset, offset);
          f->length = end - f->offset;
          return;
        }
    }
  finding = g_new0 (CtFinding, 1);
  finding->field = "text";
  finding->offset = offset;
  finding->length = length;
  finding->kind = kind;
  g_ptr_array_add (findings, finding);
}

static gboolean
boundary_before (const char *text,
                 const char *p)
{
  return p == text || !is_word_char (g_utf8_get_char (g_utf8_prev_char (p)));
}

static gboolean
boundary_at (const char *p)
{
  return *p == '\0' || !is_word_char (g_utf8_get_char (p));
}

static void
check_names (Identities *ids,
             const char *text,
             GPtrArray  *findings)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        {
          g_autofree char *word = g_utf8_casefold (start, p - start);
          gboolean lower = g_unichar_islower (g_utf8_get_char (start));

          if (g_hash_table_contains (ids->names, word)
              && !(lower && g_strv_contains (ordinary_words, word)))
            add_finding (findings, start - text, p - start, CT_FINDING_NAME);
        }
    }
}

/* Case-insensitive match of @phrase at @p; returns its end or NULL. */
static const char *
match_phrase (const char *p,
              const char *phrase)
{
  while (*phrase != '\0')
    {
      if (*p == '\0' || g_unichar_tolower (g_utf8_get_char (p))
                          != g_unichar_tolower (g_utf8_get_char (phrase)))
        return NULL;
      p = g_utf8_next_char (p);
      phrase = g_utf8_next_char (phrase);
    }
  return p;
}

/* A house number after a street: "12", "12a", "12-3", "12 bis". */
static const char *
skip_house_number (const char *p)
{
  const char *q = p;

  while (*q == ' ')
    q++;
  if (!g_ascii_isdigit (*q))
    return p;
  while (g_ascii_isalnum (*q) || (*q == '-' && g_ascii_isalnum (q[1])))
    q++;
  return q;
}

static void
check_streets (Identities *ids,
               const char *text,
               GPtrArray  *findings)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!boundary_before (text, p))
        continue;
      for (guint i = 0; i < ids->streets->len; i++)
        {
          const char *end = match_phrase (p, g_ptr_array_index (ids->streets, i));

          if (end != NULL && boundary_at (end))
            add_finding (findings, p - text, skip_house_number (end) - p, CT_FINDING_STREET);
        }
    }
}

static void
check_postcodes (Identities *ids,
                 const char *text,
                 GPtrArray  *findings)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      gsize len;
      g_autofree char *compact = NULL;

      /* Six characters at least before p[4] is looked at: near the end of
       * the text it would be past the terminator. */
      if (!g_ascii_isdigit (p[0]) || strnlen (p, 6) < 6 || !boundary_before (text, p))
        continue;
      len = p[4] == ' ' ? 7 : 6;
      if (strnlen (p, len) < len || !boundary_at (p + len))
        continue;
      compact = compact_postcode (p, len);
      if (g_hash_table_contains (ids->postcodes, compact))
        add_finding (findings, p - text, len, CT_FINDING_POSTCODE);
    }
}

/* Runs of digits with the separators people write in numbers. A BSN of the
 * team file, or any nine digits that pass the eleven-test, is a BSN; a
 * phone number of the team file, or ten digits from a 0, is a phone. */
static void
check_numbers (Identities *ids,
               const char *text,
               GPtrArray  *findings)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *start = p, *end;
      g_autofree char *digits = NULL;

      if (!(g_ascii_isdigit (*p) || (*p == '+' && g_ascii_isdigit (p[1]))) || !boundary_before (text, p))
        {
          p++;
          continue;
        }
      end = p + 1;
      for (const char *q = end; *q != '\0' && (g_ascii_isdigit (*q) || strchr (" -.()", *q)); q++)
        if (g_ascii_isdigit (*q))
          end = q + 1;
      p = end;
      if (!boundary_at (end))
        continue;

      digits = phone_digits (start, end - start);
      if (strlen (digits) == 9 && (g_hash_table_contains (ids->digits, digits)
                                   || ct_bsn_is_valid (digits)))
        add_finding (findings, start - text, end - start, CT_FINDING_BSN);
      else if (g_hash_table_contains (ids->digits, digits)
               || (strlen (digits) == 10 && digits[0] == '0'))
        add_finding (findings, start - text, end - start, CT_FINDING_PHONE);
    }
}

static gboolean
is_email_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("._%+-", c) != NULL;
}

/* Any e-mail address at all: in an anonymised example none belongs. */
static void
check_emails (const char *text,
              GPtrArray  *findings)
{
  for (const char *at = strchr (text, '@'); at != NULL; at = strchr (at + 1, '@'))
    {
      const char *start = at, *end = at + 1;

      while (start > text && is_email_char (start[-1]))
        start--;
      while (is_email_char (*end))
        end++;
      while (end > at + 1 && end[-1] == '.')
        end--;
      if (start < at && memchr (at, '.', end - at) != NULL)
        add_finding (findings, start - text, end - start, CT_FINDING_EMAIL);
    }
}

static gint
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const CtFinding *x = *(CtFinding **) a, *y = *(CtFinding **) b;

  return (x->offset > y->offset) - (x->offset < y->offset);
}

static GPtrArray *
find_identities (Identities *ids,
                 const char *text)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_free);

  check_emails (text, findings);
  check_streets (ids, text, findings);
  check_postcodes (ids, text, findings);
  check_numbers (ids, text, findings);
  check_names (ids, text, findings);
  g_ptr_array_sort (findings, compare_findings);
  return findings;
}

const char *
ct_finding_kind_to_string (CtFindingKind kind)
{
  switch (kind)
    {
    case CT_FINDING_NAME:
      return _("name");
    case CT_FINDING_BSN:
      return _("BSN");
    case CT_FINDING_STREET:
      return _("street");
    case CT_FINDING_POSTCODE:
      return _("postcode");
    case CT_FINDING_PHONE:
      return _("phone number");
    case CT_FINDING_EMAIL:
      return _("e-mail address");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ct_doorbraak_check_text:
 * @findings: (out) (element-type CtFinding): where @text could identify a
 *   person of the team file; empty when it is clean
 *
 * Returns: %FALSE with @error when the check could not run (no identity
 *   access: %CT_ERROR_RESTRICTED); %TRUE otherwise, also with findings
 */
gboolean
ct_doorbraak_check_text (CtSession   *session,
                         const char  *text,
                         GPtrArray  **findings,
                         GError     **error)
{
  g_auto(Identities) ids = { 0 };

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (text != NULL && findings != NULL, FALSE);

  *findings = NULL;
  if (!load_identities (session, &ids, error))
    return FALSE;
  *findings = find_identities (&ids, text);
  return TRUE;
}
