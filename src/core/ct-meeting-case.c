/* ct-meeting-case.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The case at the meeting (docs/meetings.md): what of a case the table and
 * the projector may see, on top of the public record API. The projector
 * shows only the categories the household consented to share at the table,
 * and nothing of a household under restriction of processing; people are
 * initials and an age. */

#define G_LOG_DOMAIN "ct-meeting"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ct-clock.h"
#include "ct-meeting-private.h"
#include "ct-meeting.h"
#include "ct-session-restrict-private.h"

void
ct_meeting_case_free (CtMeetingCase *mcase)
{
  if (mcase == NULL)
    return;
  g_clear_pointer (&mcase->case_record, ct_record_unref);
  g_clear_pointer (&mcase->people, g_ptr_array_unref);
  g_clear_pointer (&mcase->advice, g_ptr_array_unref);
  g_clear_pointer (&mcase->actions, g_ptr_array_unref);
  g_free (mcase);
}

/* "Fatima", "van den Berg" → "F.B.": the first letter of the first name
 * and of the last word of the last name. */
char *
ct_meeting_initials (const char *first_name,
                     const char *last_name)
{
  GString *out = g_string_new (NULL);
  const char *last = last_name != NULL ? strrchr (last_name, ' ') : NULL;

  last = last != NULL ? last + 1 : last_name;
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? first_name : last;

      if (name != NULL && *name != '\0')
        {
          g_string_append_unichar (out, g_unichar_toupper (g_utf8_get_char (name)));
          g_string_append_c (out, '.');
        }
    }
  return g_string_free (out, FALSE);
}

/* Returns: the age in whole years on @today, or -1 */
int
ct_meeting_age (const char *birth_date,
                GDateTime  *today)
{
  int y, m, d, age;

  if (birth_date == NULL || sscanf (birth_date, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return -1;
  age = g_date_time_get_year (today) - y;
  if (g_date_time_get_month (today) < m
      || (g_date_time_get_month (today) == m && g_date_time_get_day_of_month (today) < d))
    age--;
  return age;
}

/* Whether @a was given after @b: by day, then by id (recorded later). */
static gboolean
is_newer (CtRecord *a,
          CtRecord *b)
{
  int by_day = g_strcmp0 (ct_record_get (a, "given_on"), ct_record_get (b, "given_on"));

  return by_day > 0 || (by_day == 0 && ct_record_get_id (a) > ct_record_get_id (b));
}

/* The categories shown at the table: for each category and purpose only
 * the newest consent counts, so a consent given again after a withdrawal
 * (ct_session_reinstate_consent()) or changed by a newer one decides. */
static guint
shared_categories (CtSession *session,
                   gint64     case_id,
                   GError   **error)
{
  g_autoptr(GPtrArray) consents = ct_session_list (session, "consents", "case_id", case_id, error);
  g_autoptr(GHashTable) newest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer value;
  guint shared = 0;

  for (guint i = 0; consents != NULL && i < consents->len; i++)
    {
      CtRecord *consent = g_ptr_array_index (consents, i);
      g_autofree char *key = g_strconcat (ct_record_get (consent, "category") ?: "", "/",
                                          ct_record_get (consent, "purpose") ?: "", NULL);
      CtRecord *seen = g_hash_table_lookup (newest, key);

      if (seen == NULL || is_newer (consent, seen))
        g_hash_table_insert (newest, g_steal_pointer (&key), consent);
    }
  g_hash_table_iter_init (&iter, newest);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CtRecord *consent = value;
      CtCategory category = ct_category_from_string (ct_record_get (consent, "category"));

      if (g_strcmp0 (ct_record_get (consent, "share_at_table"), "true") == 0
          && ct_record_get (consent, "withdrawn_on") == NULL
          && category != CT_CATEGORY_INVALID && ct_session_can_read (session, category))
        shared |= 1u << category;
    }
  return shared;
}

static gboolean
load_zrm (CtSession     *session,
          CtMeetingCase *mcase,
          gboolean       for_table,
          GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  CtRecord *latest = NULL;

  rows = ct_session_list (session, "zrm", "case_id", ct_record_get_id (mcase->case_record), error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *row = g_ptr_array_index (rows, i);

      if (latest == NULL
          || g_strcmp0 (ct_record_get (row, "assessed_on"), ct_record_get (latest, "assessed_on")) >= 0)
        latest = row;
    }
  for (guint d = 0; latest != NULL && d < CT_ZRM_N_DOMAINS; d++)
    {
      CtCategory category = ct_zrm_domain_category (d);

      if (ct_record_is_restricted (latest, ct_zrm_domains[d])
          || (for_table && !(mcase->shared & (1u << category))))
        continue;
      mcase->zrm[d] = (int) ct_record_get_int (latest, ct_zrm_domains[d]);
    }
  return TRUE;
}

static gboolean
load_people (CtSession     *session,
             CtMeetingCase *mcase,
             gint64         household_id,
             GError       **error)
{
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GDateTime) today = ct_clock_now_local ();

  mcase->people = g_ptr_array_new_with_free_func (g_free);
  if (!ct_session_can_read (session, CT_CATEGORY_IDENTITY))
    return TRUE;
  if ((persons = ct_session_list (session, "persons", "household_id", household_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < persons->len; i++)
    {
      CtRecord *p = g_ptr_array_index (persons, i);
      g_autofree char *initials = ct_meeting_initials (ct_record_get (p, "first_name"),
                                                       ct_record_get (p, "last_name"));
      int age = ct_meeting_age (ct_record_get (p, "birth_date"), today);

      g_ptr_array_add (mcase->people, age >= 0 ? g_strdup_printf ("%s, %d", initials, age)
                                               : g_steal_pointer (&initials));
    }
  return TRUE;
}

static gboolean
load_organisations (CtSession     *session,
                    CtMeetingCase *mcase,
                    gint64         household_id,
                    GError       **error)
{
  g_autoptr(GPtrArray) orgs = ct_session_list (session, "organisations", "household_id",
                                               household_id, error);
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  if (orgs == NULL)
    return FALSE;
  for (guint i = 0; i < orgs->len; i++)
    {
      CtRecord *org = g_ptr_array_index (orgs, i);
      const char *until = ct_record_get (org, "until");

      if (until != NULL && g_strcmp0 (until, today) < 0)
        continue;
      mcase->n_organisations++;
      mcase->yearly_cost_cents += ct_record_get_int (org, "yearly_cost_cents");
    }
  return TRUE;
}

static gboolean
load_advice (CtSession     *session,
             CtMeetingCase *mcase,
             gint64         household_id,
             GError       **error)
{
  g_autoptr(GPtrArray) actions = NULL;

  mcase->advice = ct_session_list (session, "advice", "case_id",
                                   ct_record_get_id (mcase->case_record), error);
  actions = ct_session_list (session, "actions", "household_id", household_id, error);
  if (mcase->advice == NULL || actions == NULL)
    return FALSE;

  mcase->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  for (guint i = 0; i < actions->len; i++)
    {
      CtRecord *action = g_ptr_array_index (actions, i);

      if (_ct_meeting_find_record (mcase->advice, ct_record_get_int (action, "advice_id")) != NULL)
        g_ptr_array_add (mcase->actions, ct_record_ref (action));
    }
  return TRUE;
}

/**
 * ct_meeting_case_load:
 * @for_table: for the projector: only what was consented to share
 *
 * Returns: (transfer full): the case as the meeting sees it, or %NULL
 */
CtMeetingCase *
ct_meeting_case_load (CtSession *session,
                      gint64     case_id,
                      gboolean   for_table,
                      GError   **error)
{
  g_autoptr(CtMeetingCase) mcase = g_new0 (CtMeetingCase, 1);
  gint64 household_id;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  if ((mcase->case_record = ct_session_get (session, "cases", case_id, error)) == NULL)
    return NULL;
  household_id = ct_record_get_int (mcase->case_record, "household_id");
  /* The projector shows nothing of a household under restriction of
   * processing (ct-session-restrict.c): no persons, scores or advice. */
  if (for_table)
    {
      GError *local = NULL;

      mcase->restricted = _ct_session_household_restricted (session, household_id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
    }
  if (mcase->restricted)
    {
      mcase->people = g_ptr_array_new_with_free_func (g_free);
      mcase->advice = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
      mcase->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
      return g_steal_pointer (&mcase);
    }
  mcase->shared = shared_categories (session, case_id, error);
  if ((error != NULL && *error != NULL) || !load_zrm (session, mcase, for_table, error)
      || !load_people (session, mcase, household_id, error)
      || !load_organisations (session, mcase, household_id, error)
      || !load_advice (session, mcase, household_id, error))
    return NULL;
  return g_steal_pointer (&mcase);
}
