/* ct-category-terms.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A checker for general text (docs/categories.md): a question or summary
 * that every member reads must not name a category's facts. The lists are
 * Dutch, the language teams write in. A term matches a whole word, case
 * and accents aside; a term ending in '*' matches the words that start
 * with it, for Dutch compounds (schuldhulp, verslavingszorg). A warning,
 * not a rule: the GUI offers to move the sentence into the category's
 * part. This is data, not interface text, so nothing here is translated. */

#define G_LOG_DOMAIN "ct-terms"

#include "config.h"

#include <string.h>

#include "ct-category-terms.h"

static const char * const health_terms[] = {
  "psychisch*", "psychiat*", "psycholoog", "ggz*", "verslav*", "verslaafd*", "alcohol*",
  "drank", "drugs*", "cannabis", "cocaine*", "heroine", "middelengebruik", "gokverslaving",
  "behandel*", "diagnose*", "gediagnosticeerd", "medicatie", "medicijn*", "medisch*",
  "depressie*", "depressief", "depressieve", "angstklachten", "angststoornis", "trauma*",
  "stoornis*", "suicid*", "burnout", "huisarts*", "ziekenhuis*", "opname", "therapie*",
  "therapeut*", "fysiotherapie", "thuiszorg", "gezondheid*", "gezondheidsklachten",
  "lichamelijk*", "geestelijk*", "chronisch*", "ziekte*", "diabetes", "insuline",
  "antidepressiva", "lithium", "zelfzorg", NULL,
};

static const char * const justice_terms[] = {
  "politie", "politiecontact*", "politiemelding*", "politiebureau", "wijkagent*", "agent", "aangifte*", "aangehouden", "arrestatie", "gearresteerd",
  "reclassering*", "detentie", "gedetineerd*", "gevangenis*", "veroordeeld*", "veroordeling*",
  "strafblad", "straf", "taakstraf", "justitie*", "justitieel", "justitiele", "rechtbank",
  "strafrechter", "cjib", "delict*", "misdrijf", "verdachte", "proeftijd", "geweld*", NULL,
};

static const char * const finance_terms[] = {
  "schuld", "schulden", "schuldeiser*", "schuldhulp*", "schuldsanering", "schuldregeling",
  "wsnp", "beslag*", "loonbeslag", "beslagvrije", "bewind", "bewindvoer*", "budgetbeheer",
  "incasso*", "deurwaarder*", "betalingsachterstand*", "betalingsregeling", "aflossing*",
  "armoede", "toeslagen", NULL,
};

static const char * const youth_terms[] = {
  "jeugdzorg*", "jeugdhulp*", "jeugdbescherming*", "ondertoezichtstelling", "ots",
  "gezinsvoogd*", "uithuisplaatsing", "kinderbescherming", "pleeggezin", "pleegzorg",
  "opvoeding*", "opvoedondersteuning", "leerplicht*", "schoolverzuim", "verzuim",
  "ouderschapsplan", "gezinscoach", NULL,
};

static const char * const housing_terms[] = {
  "huurachterstand*", "ontruiming*", "ontruimd", "huisuitzetting", "uitzetting",
  "woningcorporatie*", "corporatie", "overlast", "dakloos", "daklozen", "opvang",
  "vervuiling", "hypotheekachterstand", NULL,
};

static const char * const work_terms[] = {
  "uitkering*", "werkloos*", "werkloosheid", "ww", "wia", "wajong", "participatiewet",
  "bijstand*", "reintegratie", "werkcoach", "arbeidsongeschikt*", "uwv", "ontslag",
  "ontslagen", NULL,
};

/**
 * ct_category_terms:
 *
 * Returns: (transfer none): the terms that name facts of @category, in
 *   folded form; an empty list for identity and general
 */
const char * const *
ct_category_terms (CtCategory category)
{
  static const char * const none[] = { NULL };

  switch (category)
    {
    case CT_CATEGORY_HEALTH:
      return health_terms;
    case CT_CATEGORY_JUSTICE:
      return justice_terms;
    case CT_CATEGORY_FINANCE:
      return finance_terms;
    case CT_CATEGORY_YOUTH:
      return youth_terms;
    case CT_CATEGORY_HOUSING:
      return housing_terms;
    case CT_CATEGORY_WORK:
      return work_terms;
    default:
      return none;
    }
}

/**
 * ct_category_terms_fold:
 *
 * Returns: (transfer full): @word in lower case without accents
 *   ("Cocaïne" → "cocaine"), as the terms are listed
 */
char *
ct_category_terms_fold (const char *word)
{
  g_autofree char *decomposed = g_utf8_normalize (word, -1, G_NORMALIZE_NFD);
  g_autoptr(GString) bare = g_string_new (NULL);

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, g_unichar_tolower (c));
    }
  return g_string_free (g_steal_pointer (&bare), FALSE);
}

static gboolean
term_matches (const char *term,
              const char *word)
{
  gsize len = strlen (term);

  if (len > 1 && term[len - 1] == '*')
    return strncmp (word, term, len - 1) == 0;
  return strcmp (word, term) == 0;
}

/* The first term of @category that @word is, or %NULL. */
static const char *
find_term (CtCategory  category,
           const char *word)
{
  const char * const *terms = ct_category_terms (category);

  for (guint i = 0; terms[i] != NULL; i++)
    if (term_matches (terms[i], word))
      return terms[i];
  return NULL;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gboolean
ends_sentence (gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == ';' || c == '\n';
}

/* Adds a match for every category named in text[start, end). */
static void
check_sentence (const char *text,
                gsize       start,
                gsize       end,
                GArray     *matches)
{
  gboolean seen[CT_N_CATEGORIES] = { FALSE };
  const char *p = text + start;

  while (p < text + end)
    {
      const char *w = p;
      g_autofree char *raw = NULL;
      g_autofree char *word = NULL;

      if (!is_word_char (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      while (p < text + end && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      raw = g_strndup (w, (gsize) (p - w));
      word = ct_category_terms_fold (raw);
      for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
        {
          const char *term = seen[c] ? NULL : find_term (c, word);

          if (term != NULL)
            {
              CtTermMatch m = { c, start, end, term };

              seen[c] = TRUE;
              g_array_append_val (matches, m);
            }
        }
    }
}

/**
 * ct_category_terms_find:
 * @text: (nullable): general text, UTF-8
 *
 * Finds the sentences of @text that name a category's facts: one match
 * per sentence and category, in the order of the text.
 *
 * Returns: (transfer full) (element-type CtTermMatch): the matches,
 *   empty when the text names none
 */
GArray *
ct_category_terms_find (const char *text)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (CtTermMatch));
  gsize start = 0, i = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return matches;

  while (text[i] != '\0')
    {
      gunichar c = g_utf8_get_char (text + i);

      i = (gsize) (g_utf8_next_char (text + i) - text);
      if (!ends_sentence (c) && text[i] != '\0')
        continue;
      while (text[i] == ' ' || text[i] == '\t')
        i++;
      check_sentence (text, start, i, matches);
      start = i;
    }
  return matches;
}
