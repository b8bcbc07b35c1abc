/* ct-match.c — a new referral's household among those already known
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One household, one plan (docs/categories.md, "Re-referrals"): a new
 * referral is compared with the persons this member may read, through the
 * session, so a value the member may not read is never compared and a
 * household found only through it is never named. */

#include "config.h"

#include <string.h>

#include "ct-match.h"
#include "ct-schema.h"
#include "ct-session-restrict-private.h"

void
ct_household_match_free (CtHouseholdMatch *match)
{
  if (match == NULL)
    return;

  g_free (match->last_number);
  g_free (match->last_referral);
  g_free (match);
}

/* A value in the form both sides are compared in: canonical where the
 * field has a canonical form, then without case and spaces. */
static char *
fold (const char *table,
      const char *name,
      const char *value)
{
  const CtField *field = ct_table_get_field (ct_schema_get_table (table), name);
  g_autofree char *canonical = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (value == NULL || field == NULL)
    return NULL;
  canonical = ct_field_normalize (field, value, NULL);
  if (canonical == NULL)
    return NULL;
  folded = g_utf8_casefold (canonical, -1);
  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  if (out->len == 0)
    return g_string_free (out, TRUE);
  return g_string_free (out, FALSE);
}

enum { F_HOUSEHOLD, F_BSN, F_BIRTH, F_LAST, F_POSTCODE, F_NUMBER, N_FIELDS };

static const char * const person_fields[] = {
  "household_id", "bsn", "birth_date", "last_name", "postcode", "house_number", NULL,
};

typedef struct
{
  char       *wanted[N_FIELDS];
  GHashTable *found;  /* household id → CtHouseholdMatch */
} Search;

static gboolean
same (Search          *search,
      const CtScanRow *row,
      guint            i)
{
  g_autofree char *value = NULL;

  /* An empty or restricted value matches nothing. */
  if (search->wanted[i] == NULL || row->restricted[i] || row->values[i] == NULL)
    return FALSE;
  value = fold ("persons", person_fields[i], row->values[i]);
  return g_strcmp0 (value, search->wanted[i]) == 0;
}

static gboolean
person_cb (const CtScanRow *row,
           gpointer         user_data,
           GError         **error G_GNUC_UNUSED)
{
  Search *search = user_data;
  CtMatchReason reasons = 0;
  CtHouseholdMatch *match;
  gint64 household_id = row->numbers[F_HOUSEHOLD];

  if (row->restricted[F_HOUSEHOLD] || household_id <= 0)
    return TRUE;
  if (same (search, row, F_BSN))
    reasons |= CT_MATCH_BSN;
  if (same (search, row, F_BIRTH) && same (search, row, F_LAST))
    reasons |= CT_MATCH_BIRTH_NAME;
  if (same (search, row, F_POSTCODE) && same (search, row, F_NUMBER))
    reasons |= CT_MATCH_ADDRESS;
  if (reasons == 0)
    return TRUE;

  match = g_hash_table_lookup (search->found, &household_id);
  if (match == NULL)
    {
      match = g_new0 (CtHouseholdMatch, 1);
      match->household_id = household_id;
      g_hash_table_insert (search->found, &match->household_id, match);
    }
  match->reasons |= reasons;
  return TRUE;
}

static gboolean
case_cb (const CtScanRow *row,
         gpointer         user_data,
         GError         **error G_GNUC_UNUSED)
{
  GHashTable *found = user_data;
  gint64 household_id = row->numbers[0];
  CtHouseholdMatch *match = g_hash_table_lookup (found, &household_id);

  if (match == NULL || row->values[2] == NULL)
    return TRUE;
  /* The latest referral; of two on one day, the later row. */
  if (match->last_referral == NULL || strcmp (row->values[2], match->last_referral) >= 0)
    {
      g_free (match->last_referral);
      g_free (match->last_number);
      match->last_referral = g_strdup (row->values[2]);
      match->last_number = g_strdup (row->values[1]);
    }
  return TRUE;
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const CtHouseholdMatch *ma = *(CtHouseholdMatch * const *) a;
  const CtHouseholdMatch *mb = *(CtHouseholdMatch * const *) b;

  /* Most recent first; then the older household first. */
  int c = g_strcmp0 (mb->last_referral, ma->last_referral);

  if (c != 0)
    return c;
  return ma->household_id < mb->household_id ? -1 : ma->household_id > mb->household_id;
}

/**
 * ct_session_find_households:
 * @person: a persons record with what the referral says of one person
 *   (its household_id is ignored)
 *
 * Finds the households that already hold this person, as this member
 * sees them: a person with the same BSN, or the same date of birth and
 * surname, or the same postcode and house number. Only values the member
 * may read are compared, so a household found only through a value they
 * may not read is not returned; a member who may not read identity
 * finds none. A household under restriction of processing that this
 * member may not list is found without its case number and date.
 *
 * Returns: (transfer full) (element-type CtHouseholdMatch): the matches,
 *   the household with the latest case first; %NULL with @error set
 */
GPtrArray *
ct_session_find_households (CtSession  *self,
                            CtRecord   *person,
                            GError    **error)
{
  static const char * const case_fields[] = { "household_id", "number", "referral_date", NULL };
  g_autoptr(GPtrArray) result =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ct_household_match_free);
  g_autoptr(GHashTable) found = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) hidden = NULL;
  Search search = { { NULL }, found };
  gboolean any = FALSE;
  gboolean ok = TRUE;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);
  g_return_val_if_fail (person != NULL, NULL);
  g_return_val_if_fail (g_str_equal (ct_record_get_table (person)->name, "persons"), NULL);

  for (guint i = F_BSN; i < N_FIELDS; i++)
    search.wanted[i] = fold ("persons", person_fields[i], ct_record_get (person, person_fields[i]));
  /* Half a pair is no match: a surname alone names many households. */
  if (search.wanted[F_BIRTH] == NULL || search.wanted[F_LAST] == NULL)
    g_clear_pointer (&search.wanted[F_BIRTH], g_free);
  if (search.wanted[F_POSTCODE] == NULL || search.wanted[F_NUMBER] == NULL)
    g_clear_pointer (&search.wanted[F_POSTCODE], g_free);
  any = search.wanted[F_BSN] != NULL || search.wanted[F_BIRTH] != NULL
        || search.wanted[F_POSTCODE] != NULL;

  if (any && ct_session_can_read (self, CT_CATEGORY_IDENTITY))
    ok = ct_session_scan (self, "persons", person_fields, person_cb, &search, error)
         && (g_hash_table_size (found) == 0
             || ct_session_scan (self, "cases", case_fields, case_cb, found, error));
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (search.wanted[i]);

  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (result, value);
  if (!ok || (hidden = _ct_session_hidden_restricted (self, error)) == NULL)
    return NULL;
  /* A household under restriction of processing is still found, so it is
   * not entered twice, but shows nothing of itself: no case number, no
   * date (docs/retention.md). */
  for (guint i = 0; i < result->len; i++)
    {
      CtHouseholdMatch *match = g_ptr_array_index (result, i);

      if (g_hash_table_contains (hidden, &match->household_id))
        {
          g_clear_pointer (&match->last_number, g_free);
          g_clear_pointer (&match->last_referral, g_free);
        }
    }
  g_ptr_array_sort (result, compare_matches);
  return g_steal_pointer (&result);
}

/**
 * ct_referral_is_repeat:
 * @previous: (nullable): the referral date of the household's previous
 *   case, YYYY-MM-DD
 * @date: (nullable): the new case's referral date
 *
 * A case is a repeat when it was referred within twelve months of the
 * household's previous case: on or after that date and no later than the
 * same day a year on.
 */
gboolean
ct_referral_is_repeat (const char *previous,
                       const char *date)
{
  g_autoptr(GDate) then = NULL;
  g_autoptr(GDate) now = NULL;

  if (previous == NULL || date == NULL)
    return FALSE;
  then = g_date_new ();
  now = g_date_new ();
  g_date_set_parse (then, previous);
  g_date_set_parse (now, date);
  if (!g_date_valid (then) || !g_date_valid (now) || g_date_compare (now, then) < 0)
    return FALSE;
  g_date_add_months (then, 12);
  return g_date_compare (now, then) <= 0;
}

/**
 * ct_session_get_repeat_of:
 * @case_record: a case read through the session
 *
 * Returns: (transfer full) (nullable): the household's case this one
 *   repeats (its number and referral date), the latest one referred on or
 *   before it within twelve months; %NULL with @error unset when it is no
 *   repeat
 */
CtRecord *
ct_session_get_repeat_of (CtSession  *self,
                          CtRecord   *case_record,
                          GError    **error)
{
  static const char * const fields[] = { "number", "referral_date", NULL };
  g_autoptr(GPtrArray) cases = NULL;
  const char *date = ct_record_get (case_record, "referral_date");
  CtRecord *best = NULL;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  cases = ct_session_list_fields (self, "cases", "household_id",
                                  ct_record_get_int (case_record, "household_id"), fields, error);
  if (cases == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    {
      CtRecord *other = g_ptr_array_index (cases, i);
      const char *when = ct_record_get (other, "referral_date");

      /* Of two cases on one day, the earlier row is the one repeated. */
      if (ct_record_get_id (other) == ct_record_get_id (case_record)
          || (g_strcmp0 (when, date) == 0
              && ct_record_get_id (other) > ct_record_get_id (case_record))
          || !ct_referral_is_repeat (when, date))
        continue;
      if (best == NULL || g_strcmp0 (when, ct_record_get (best, "referral_date")) >= 0)
        best = other;
    }
  return best != NULL ? ct_record_ref (best) : NULL;
}
