/* ct-partner.c — the open actions of one partner organisation, for that
 * partner
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A list a member hands to a partner organisation (a housing corporation,
 * debt counselling): the open actions the team's advice gave it, per case
 * number, with what, by when and whom at the team to call. Consent has
 * effect here (docs/retention.md): an action is on the list only when its
 * household gave "delen_met_ketenpartner" consent for the action's
 * category and has not withdrawn it. The others are counted as withheld,
 * so the member knows to ask, and named nowhere. Actions the member may
 * not read are neither listed nor counted, nor are those of a household
 * under restriction of processing (ct-session-restrict.c). The list names no person: the
 * partner knows its clients by the case number the team gave it. The
 * text is plain Dutch, as the partner reads it; each household on it is
 * logged. */

#define G_LOG_DOMAIN "ct-partner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-partner.h"
#include "ct-record-private.h"
#include "ct-session-restrict-private.h"

typedef struct
{
  CtSession  *session;
  GHashTable *consents;  /* household id → GHashTable of category names */
  GHashTable *numbers;   /* household id → its newest case number (interned) */
  GHashTable *members;   /* member id → display name */
  GHashTable *restricted; /* households under restriction of processing */
} Lookup;

static char *
normalise (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

  return g_utf8_casefold (stripped, -1);
}

/* The category an action's text is sealed under, as the session read it. */
static const char *
category_of (CtRecord *record)
{
  return ct_category_to_string (record->row_category);
}

/* The categories for which @household_id's cases hold a consent to share
 * with partners that is not withdrawn, as far as the member may read. */
static GHashTable *
shared_categories (Lookup  *lookup,
                   gint64   household_id,
                   GError **error)
{
  GHashTable *shared = g_hash_table_lookup (lookup->consents, &household_id);
  g_autoptr(GPtrArray) cases = NULL;
  const char *number = NULL;
  gint64 *key;

  if (shared != NULL)
    return shared;
  cases = ct_session_list (lookup->session, "cases", "household_id", household_id, error);
  if (cases == NULL)
    return NULL;
  shared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint c = 0; c < cases->len; c++)
    {
      const char *n = ct_record_get (g_ptr_array_index (cases, c), "number");
      g_autoptr(GPtrArray) consents = NULL;

      /* The newest case is the one the partner works on. */
      if (n != NULL && (number == NULL || strcmp (n, number) > 0))
        number = n;
      consents =
        ct_session_list (lookup->session, "consents", "case_id",
                         ct_record_get_id (g_ptr_array_index (cases, c)), error);

      if (consents == NULL)
        {
          g_hash_table_unref (shared);
          return NULL;
        }
      for (guint i = 0; i < consents->len; i++)
        {
          CtRecord *consent = g_ptr_array_index (consents, i);
          const char *category = ct_record_get (consent, "category");

          if (g_strcmp0 (ct_record_get (consent, "purpose"), "delen_met_ketenpartner") == 0
              && ct_record_get (consent, "withdrawn_on") == NULL && category != NULL)
            g_hash_table_add (shared, g_strdup (category));
        }
    }
  key = g_new (gint64, 1);
  *key = household_id;
  g_hash_table_insert (lookup->consents, key, shared);
  g_hash_table_insert (lookup->numbers, g_memdup2 (&household_id, sizeof household_id),
                       (gpointer) g_intern_string (number != NULL ? number : "?"));
  return shared;
}

typedef struct
{
  CtRecord   *action;
  const char *number;  /* interned */
} Listed;

static gint
by_case_then_due (gconstpointer a,
                  gconstpointer b)
{
  const Listed *x = a, *y = b;
  int order = g_strcmp0 (x->number, y->number);

  return order != 0 ? order : g_strcmp0 (ct_record_get (x->action, "due_on"),
                                         ct_record_get (y->action, "due_on"));
}

static gboolean
log_listed (CtSession *self,
            gpointer   data,
            GError   **error)
{
  GHashTable *households = data;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, households);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!_ct_audit_append (self, CT_AUDIT_EXPORT, "households", *(gint64 *) key,
                           CT_CATEGORY_BIT (CT_CATEGORY_GENERAL), "partner actions", FALSE, error))
      return FALSE;
  return TRUE;
}

static const char *
member_name (Lookup *lookup,
             gint64  member)
{
  const char *name = g_hash_table_lookup (lookup->members, &member);

  return name != NULL ? name : "het team";
}

static gboolean
load_members (Lookup  *lookup,
              GError **error)
{
  g_autoptr(GPtrArray) members = ct_session_list_members (lookup->session, error);

  if (members == NULL)
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *m = g_ptr_array_index (members, i);
      gint64 *key = g_new (gint64, 1);

      *key = m->id;
      g_hash_table_insert (lookup->members, key, g_strdup (m->display_name));
    }
  return TRUE;
}

static void
lookup_clear (Lookup *lookup)
{
  g_clear_pointer (&lookup->consents, g_hash_table_unref);
  g_clear_pointer (&lookup->numbers, g_hash_table_unref);
  g_clear_pointer (&lookup->members, g_hash_table_unref);
  g_clear_pointer (&lookup->restricted, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lookup, lookup_clear)

/* The open actions of @partner that the member may read, each with its
 * household's newest case number; those whose household did not consent
 * to sharing go to @n_withheld. */
static GArray *
collect (Lookup      *lookup,
         const char  *partner,
         GHashTable  *households,
         guint       *n_withheld,
         GError     **error)
{
  g_autoptr(GPtrArray) actions = ct_session_list (lookup->session, "actions", NULL, 0, error);
  g_autofree char *wanted = normalise (partner);
  g_autoptr(GArray) listed = g_array_new (FALSE, FALSE, sizeof (Listed));

  if (actions == NULL)
    return NULL;
  for (guint i = 0; i < actions->len; i++)
    {
      CtRecord *action = g_ptr_array_index (actions, i);
      g_autofree char *name = normalise (ct_record_get (action, "partner"));
      gint64 household = ct_record_get_int (action, "household_id");
      GHashTable *shared;
      Listed entry;

      /* Unreadable actions are not the member's to hand on, nor to count. */
      if (ct_record_get (action, "what") == NULL || !g_str_equal (name, wanted)
          || g_strcmp0 (ct_record_get (action, "status"), "open") != 0)
        continue;
      /* A restricted household goes out in no export, nor is it counted:
       * the partner may not learn of it from this list. */
      if (g_hash_table_contains (lookup->restricted, &household))
        continue;
      if ((shared = shared_categories (lookup, household, error)) == NULL)
        return NULL;
      if (!g_hash_table_contains (shared, category_of (action)))
        {
          (*n_withheld)++;
          continue;
        }
      entry.number = g_hash_table_lookup (lookup->numbers, &household);
      entry.action = action;
      g_array_append_val (listed, entry);
      g_hash_table_add (households, g_memdup2 (&household, sizeof household));
    }
  g_array_sort (listed, by_case_then_due);
  /* The actions outlive the array they came in. */
  for (guint i = 0; i < listed->len; i++)
    ct_record_ref (g_array_index (listed, Listed, i).action);
  return g_steal_pointer (&listed);
}

static void
append_text (GString    *out,
             Lookup     *lookup,
             const char *partner,
             GArray     *listed,
             guint       n_withheld)
{
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *heading = g_strstrip (g_strdup (partner));
  const char *number = NULL;

  g_string_append_printf (out, "Vertrouwelijk\n"
                               "Afspraken voor %s\n"
                               "Van: %s. Gemaakt op %s.\n\n"
                               "Dit zijn de afspraken uit het bindend advies van het team die bij "
                               "uw organisatie liggen en nog open staan. Bel bij vragen de "
                               "genoemde contactpersoon van het team. Huishoudens staan er "
                               "alleen op als zij toestemming gaven om dit met u te delen.\n",
                          heading, ct_session_get_team_name (lookup->session), today);
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *entry = &g_array_index (listed, Listed, i);
      const char *due = ct_record_get (entry->action, "due_on");

      if (g_strcmp0 (number, entry->number) != 0)
        g_string_append_printf (out, "\nCasus %s\n", entry->number);
      number = entry->number;
      g_string_append_printf (out, "- %s (uiterlijk %s; contactpersoon: %s)\n",
                              ct_record_get (entry->action, "what"),
                              due != NULL ? due : "geen datum",
                              member_name (lookup, ct_record_get_int (entry->action, "responsible")));
    }
  if (listed->len == 0)
    g_string_append (out, "\nEr staan geen afspraken open die met u gedeeld mogen worden.\n");
  if (n_withheld > 0)
    g_string_append_printf (out, "\nNiet op deze lijst: %u afspra%s waarvoor het huishouden geen "
                                 "toestemming gaf om te delen. Het team neemt daarover zelf "
                                 "contact op.\n", n_withheld, n_withheld == 1 ? "ak" : "ken");
}

static void
listed_free (GArray *listed)
{
  for (guint i = 0; i < listed->len; i++)
    ct_record_unref (g_array_index (listed, Listed, i).action);
  g_array_unref (listed);
}

/**
 * ct_session_partner_actions_text:
 * @partner: the partner organisation, as the actions name it (case and
 *   surrounding spaces do not count)
 * @n_listed: (out) (optional): the actions on the list
 * @n_withheld: (out) (optional): the open actions of @partner the member
 *   may read whose household did not consent to sharing with partners
 *
 * The open actions of @partner as plain Dutch text for that partner, one
 * block per case number, with only the actions whose household gave a
 * "delen_met_ketenpartner" consent for the action's category that was not
 * withdrawn. Names no person. Each household on it is logged.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
ct_session_partner_actions_text (CtSession   *self,
                                 const char  *partner,
                                 guint       *n_listed,
                                 guint       *n_withheld,
                                 GError     **error)
{
  g_auto(Lookup) lookup = { self, NULL, NULL, NULL, NULL };
  g_autoptr(GHashTable) households = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                            NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *name = normalise (partner);
  GArray *listed;
  guint withheld = 0;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (*name == '\0')
    {
      ct_set_field_error (error, "actions", "partner", "%s",
                          _("Partner organisation: name the organisation, as the actions name "
                            "it."));
      return NULL;
    }
  if (!ct_session_check_file (self, error))
    return NULL;
  lookup.consents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) g_hash_table_unref);
  lookup.numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  lookup.members = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  if (!load_members (&lookup, error)
      || (lookup.restricted = _ct_session_restricted_households (self, error)) == NULL
      || (listed = collect (&lookup, partner, households, &withheld, error)) == NULL)
    return NULL;
  append_text (out, &lookup, partner, listed, withheld);
  if (n_listed != NULL)
    *n_listed = listed->len;
  if (n_withheld != NULL)
    *n_withheld = withheld;
  listed_free (listed);
  if (!ct_session_run_in_transaction (self, log_listed, households, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
