/* ct-log-view-text.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a cell of the access log view says for an entry: the core names
 * objects by table and row id, and the view shows a person what they
 * mean, in their language: the case number of the household an entry is
 * about, the kind of record in words, the member's name. The view, its
 * search and its CSV export all take their text from here. */

#define G_LOG_DOMAIN "ct-log-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-gui-labels.h"
#include "ct-log-view-private.h"

/* What an entry is about, in words: one record of a table, or a list of
 * them (or the whole team, for the tables that are not lists). */
typedef struct
{
  const char *table;
  const char *one;
  const char *many;
} ObjectLabel;

static const ObjectLabel object_labels[] = {
  { "households", NC_("access log object", "Household"), NC_("access log object", "Households") },
  { "persons", NC_("access log object", "Person"), NC_("access log object", "Persons") },
  { "cases", NC_("access log object", "Case"), NC_("access log object", "Cases") },
  { "organisations", NC_("access log object", "Organisation"),
    NC_("access log object", "Organisations") },
  { "consents", NC_("access log object", "Consent"), NC_("access log object", "Consents") },
  { "zrm", NC_("access log object", "ZRM assessment"),
    NC_("access log object", "ZRM assessments") },
  { "goals", NC_("access log object", "Goal"), NC_("access log object", "Goals") },
  { "actions", NC_("access log object", "Action"), NC_("access log object", "Actions") },
  { "meetings", NC_("access log object", "Meeting"), NC_("access log object", "Meetings") },
  { "attendees", NC_("access log object", "Attendee"), NC_("access log object", "Attendees") },
  { "agenda_items", NC_("access log object", "Agenda item"),
    NC_("access log object", "Agenda items") },
  { "advice", NC_("access log object", "Advice"), NC_("access log object", "Advice") },
  { "budget_periods", NC_("access log object", "Budget period"),
    NC_("access log object", "Budget periods") },
  { "expenses", NC_("access log object", "Expense"), NC_("access log object", "Expenses") },
  { "doorbraken", NC_("access log object", "Breakthrough"),
    NC_("access log object", "Breakthroughs") },
  { "areas", NC_("access log object", "Area"), NC_("access log object", "Areas") },
  { "members", NC_("access log object", "Member"), NC_("access log object", "Members") },
  { "policy", NC_("access log object", "Policy"), NC_("access log object", "Policy") },
  { "category_keys", NC_("access log object", "Category key"),
    NC_("access log object", "Category keys") },
  { "team", NC_("access log object", "Team"), NC_("access log object", "Team") },
  { "team_chain", NC_("access log object", "Team chain"), NC_("access log object", "Team chain") },
  { "team_file", NC_("access log object", "Team file"), NC_("access log object", "Team file") },
  { "keyslots", NC_("access log object", "Keyslot"), NC_("access log object", "Keyslots") },
  { "database", NC_("access log object", "Team file"), NC_("access log object", "Team file") },
  { "settings", NC_("access log object", "Settings"), NC_("access log object", "Settings") },
  { "export", NC_("access log object", "Evaluator export"),
    NC_("access log object", "Evaluator export") },
  { "access_log", NC_("access log object", "Access log"),
    NC_("access log object", "Access log") },
};

static const char *
action_words (char action)
{
  switch (action)
    {
    case 'C': return _("Created");
    case 'R': return _("Viewed");
    case 'U': return _("Changed");
    case 'D': return _("Deleted");
    case 'E': return _("Exported");
    default: return "";
    }
}

static char *
format_time (const char *at)
{
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *iso_date = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (utc == NULL)
    return g_strdup (at != NULL ? at : "");
  local = g_date_time_to_local (utc);
  iso_date = g_date_time_format (local, "%Y-%m-%d");
  date = ct_gui_format_date (iso_date);
  time = g_date_time_format (local, "%H:%M:%S");
  return g_strdup_printf ("%s %s", date, time);
}

/* A stored label starts in lower case ("view"); a cell starts with a capital. */
static char *
capitalise (const char *text)
{
  gunichar first;
  char buffer[8];
  int n;

  if (text == NULL || text[0] == '\0')
    return g_strdup ("");
  first = g_utf8_get_char (text);
  n = g_unichar_to_utf8 (g_unichar_totitle (first), buffer);
  return g_strdup_printf ("%.*s%s", n, buffer, g_utf8_next_char (text));
}

static char *
format_categories (const char *names)
{
  g_auto(GStrv) parts = g_strsplit (names != NULL ? names : "", ",", -1);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      CtCategory c = parts[i][0] != '\0' ? ct_category_from_string (parts[i]) : CT_CATEGORY_INVALID;

      if (c != CT_CATEGORY_INVALID)
        g_ptr_array_add (words, (gpointer) ct_category_get_display_name (c));
      else if (g_str_equal (parts[i], CT_LOG_HIDDEN_CATEGORIES))
        g_ptr_array_add (words, _("categories your role may not read"));
      else if (parts[i][0] != '\0')
        g_ptr_array_add (words, parts[i]);
    }
  g_ptr_array_add (words, NULL);
  return g_strjoinv (", ", (char **) words->pdata);
}

/* The core writes "recovery" as the role of an entry the recovery key made. */
static const char *
format_role (const char *name)
{
  CtRole role = name != NULL && name[0] != '\0' ? ct_role_from_string (name) : CT_ROLE_INVALID;

  if (role != CT_ROLE_INVALID)
    return ct_role_get_display_name (role);
  if (g_strcmp0 (name, "recovery") == 0)
    return _("Recovery key");
  return name != NULL ? name : "";
}

/* The stored outcome is "ok" or "refused"; anything else shows as it is. */
static const char *
format_outcome (const char *outcome)
{
  if (g_strcmp0 (outcome, "ok") == 0)
    return C_("access log outcome", "Allowed");
  if (g_strcmp0 (outcome, "refused") == 0)
    return C_("access log outcome", "Refused");
  return outcome != NULL ? outcome : "";
}

/* A policy change names the role it changed (its id is the role); other
 * entries name the kind of record, or of list. A table Casustafel does not
 * know (a newer file's) shows as it is stored. */
static char *
format_object (CtLogEntry *entry)
{
  const ObjectLabel *label = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (object_labels) && label == NULL; i++)
    if (g_strcmp0 (object_labels[i].table, entry->object_table) == 0)
      label = &object_labels[i];
  if (label == NULL)
    return g_strdup (entry->object_table != NULL ? entry->object_table : "");

  if (g_str_equal (label->table, "policy") && entry->object_id >= 0 && entry->object_id < CT_N_ROLES)
    /* Translators: the access log's Object column for a change of a
     * role's policy: "Policy: Police" */
    return g_strdup_printf (_("%s: %s"), g_dpgettext2 (NULL, "access log object", label->one),
                            ct_role_get_display_name ((CtRole) entry->object_id));
  /* A list's id is that of the row it lists under (a household's persons). */
  return g_strdup (g_dpgettext2 (NULL, "access log object",
                                 entry->object_id > 0 && g_strcmp0 (entry->purpose, "list") != 0
                                   ? label->one : label->many));
}

/* The case numbers of a household; a household whose cases the reader
 * was not given shows as such, never as its row id. */
static const char *
case_of_household (CtLogView *self,
                   gint64     household_id)
{
  const char *numbers = g_hash_table_lookup (self->case_numbers, &household_id);

  return numbers != NULL ? numbers : _("Household without a case you may see");
}

static char *
format_case (CtLogView  *self,
             CtLogEntry *entry)
{
  g_autoptr(GPtrArray) numbers = NULL;

  if (entry->household_id > 0)
    return g_strdup (case_of_household (self, entry->household_id));
  if (entry->households == NULL)
    return g_strdup ("");

  numbers = g_ptr_array_new ();
  for (guint i = 0; i < entry->households->len; i++)
    {
      const char *number = case_of_household (self, g_array_index (entry->households, gint64, i));

      if (!g_ptr_array_find_with_equal_func (numbers, number, g_str_equal, NULL))
        g_ptr_array_add (numbers, (gpointer) number);
    }
  g_ptr_array_add (numbers, NULL);
  return g_strjoinv (", ", (char **) numbers->pdata);
}

char *
_ct_log_view_format_member (CtLogView  *self,
                            CtLogEntry *entry)
{
  const char *name;

  if (entry->login == NULL)
    return g_strdup (_("Recovery key"));
  name = g_hash_table_lookup (self->member_names, entry->login);
  /* A removed member is no longer in the list: the login is all there is. */
  return g_strdup (name != NULL ? name : entry->login);
}

char *
_ct_log_view_column_text (CtLogView  *self,
                          CtLogEntry *entry,
                          guint       column)
{
  switch (column)
    {
    case COL_TIME:
      return format_time (entry->at);
    case COL_MEMBER:
      return _ct_log_view_format_member (self, entry);
    case COL_LAPTOP:
      /* Empty for an entry from before sync, which every copy holds */
      return g_strdup (entry->laptop != NULL ? entry->laptop
                       : entry->device != NULL ? entry->device : "");
    case COL_ROLE:
      return g_strdup (format_role (entry->role));
    case COL_ACTION:
      return g_strdup (action_words (entry->action));
    case COL_CASE:
      return format_case (self, entry);
    case COL_OBJECT:
      return format_object (entry);
    case COL_CATEGORIES:
      {
        g_autofree char *categories = format_categories (entry->categories);

        return capitalise (categories);
      }
    case COL_PURPOSE:
      return capitalise (ct_log_purpose_get_display_name (entry->purpose));
    case COL_OUTCOME:
      return g_strdup (format_outcome (entry->outcome));
    default:
      g_assert_not_reached ();
    }
}
