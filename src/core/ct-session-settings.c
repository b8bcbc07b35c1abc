/* ct-session-settings.c — the team settings, statements of the team chain
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The team settings a beheerder sets (the export's k and threshold, the
 * retention term per outcome: ct_team_setting_find()) are statements of
 * the team chain (ct-chain.c), so that they travel with it and no member
 * changes them with K_db alone (docs/sync-chain.md, "Team settings"). The
 * settings table keeps a copy, a cache: the value used is the chain's, and
 * a row that says otherwise is not read. A team made before this has a
 * chain without a settings statement: its rows are used as they are until
 * a beheerder's first unlock that can write records them in one
 * statement. Every other key of the settings table is the core's own
 * bookkeeping, each laptop's own. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-audit.h"
#include "ct-chain.h"
#include "ct-error.h"
#include "ct-session-chain-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"

/* The log entries of a setting's change (+ "; " and the key) and of a
 * team made before this recording its rows. */
#define CHANGE_PURPOSE "change team setting"
#define RECORD_PURPOSE "record team settings in team chain"

static gboolean as_before;

/**
 * _ct_session_set_settings_as_before:
 *
 * For the tests of a team made before team settings were statements
 * (test-settings.c): while @on is %TRUE, a new team gets no
 * settings statement, an unlock records none and a setting is only a
 * row, as Casustafel did then.
 */
void
_ct_session_set_settings_as_before (gboolean on)
{
  as_before = on;
}

gboolean
_ct_session_settings_as_before (void)
{
  return as_before;
}

static gboolean
parse_value (const CtTeamSetting *s,
             const char          *text,
             gint64              *value)
{
  char *end = NULL;
  gint64 n;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  n = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || n < s->min || n > s->max)
    return FALSE;
  *value = n;
  return TRUE;
}

/**
 * _ct_session_team_setting:
 * @key: a team setting (ct_team_setting_find())
 *
 * The value of @key the team uses: the chain's, or in a team made before
 * settings were statements, its row's.
 *
 * Returns: whether @key is set, its value in @value; %FALSE means the
 *   default
 */
gboolean
_ct_session_team_setting (CtSession  *self,
                          const char *key,
                          gint64     *value)
{
  const CtTeamSetting *s = ct_team_setting_find (key);
  g_autofree char *text = NULL;

  g_return_val_if_fail (s != NULL && self->chain != NULL, FALSE);

  if (self->chain->has_settings)
    return ct_chain_get_setting (self->chain, key, value);
  text = ct_store_get_setting (self->db, key, NULL);
  return parse_value (s, text, value);
}

/* The team settings the rows of a team made before this hold, those with
 * a valid value, by key. */
static gboolean
rows_of_old_team (CtSession *self,
                  GPtrArray *keys,
                  GArray    *values,
                  GError   **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT key, value FROM settings "
                                                       "ORDER BY key", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  /* One place is kept for the change that records them. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && keys->len < CT_CHAIN_MAX_SETTINGS - 1)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const CtTeamSetting *s = key != NULL ? ct_team_setting_find (key) : NULL;
      gint64 value;

      if (s != NULL && parse_value (s, (const char *) sqlite3_column_text (stmt, 1), &value))
        {
          g_ptr_array_add (keys, g_strdup (key));
          g_array_append_val (values, value);
        }
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char *key;    /* NULL: only record the rows of a team made before this */
  const char *value;  /* as stored in the row */
  gint64      n;
} Change;

static gboolean
append_settings (CtSession *self,
                 gpointer   data,
                 GError   **error)
{
  const Change *change = data;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *purpose = NULL;
  guint i;

  if (!self->chain->has_settings && !rows_of_old_team (self, keys, values, error))
    return FALSE;
  if (change->key != NULL)
    {
      for (i = 0; i < keys->len && !g_str_equal (keys->pdata[i], change->key); i++)
        ;
      if (i == keys->len)
        {
          g_ptr_array_add (keys, g_strdup (change->key));
          g_array_append_val (values, change->n);
        }
      g_array_index (values, gint64, i) = change->n;
    }
  purpose = change->key != NULL ? g_strconcat (CHANGE_PURPOSE "; ", change->key, NULL)
                                : g_strdup (RECORD_PURPOSE);

  return ct_chain_append_settings (self->chain, self->db, (const char *const *) keys->pdata,
                                   (const gint64 *) (gpointer) values->data, keys->len,
                                   _ct_session_signer_uid (self), self->identity, error)
         && (change->key == NULL || ct_store_set_setting (self->db, change->key, change->value,
                                                          error))
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "team", 1, 0, purpose, FALSE, error);
}

/**
 * _ct_session_record_settings:
 *
 * At unlock: in a team made before team settings were statements of the
 * chain, a beheerder (or the recovery key) records the rows as they are
 * in one statement, logged; from then on the chain's values are used. A
 * session that may not sign it, or cannot write, leaves it.
 */
gboolean
_ct_session_record_settings (CtSession *self,
                             GError   **error)
{
  Change change = { NULL, NULL, 0 };

  if (as_before || self->chain->has_settings || self->read_only || self->copy_source
      || (!self->recovery && !self->member->is_admin))
    return TRUE;
  return _ct_session_with_keyed_transaction (self, append_settings, &change, error);
}

static gboolean
validate_setting (const CtTeamSetting *s,
                  const char          *value,
                  gint64              *n,
                  GError             **error)
{
  if (parse_value (s, value, n))
    return TRUE;

  ct_set_field_error (error, "settings", s->key,
                      _("%s: expected a whole number from %d to %d."), _(s->label), (int) s->min,
                      (int) s->max);
  return FALSE;
}

/**
 * ct_session_set_setting:
 *
 * Stores a team setting. The known ones (export.k, export.threshold,
 * retention.<outcome>) are validated, need a beheerder and are a
 * statement of the team chain, signed by this member and logged, in the
 * same transaction as the row (docs/sync-chain.md, "Team settings"); a value
 * the chain has already only puts the row back. Other keys are the
 * core's own bookkeeping.
 */
gboolean
ct_session_set_setting (CtSession  *self,
                        const char *key,
                        const char *value,
                        GError    **error)
{
  const CtTeamSetting *known;
  Change change = { key, value, 0 };
  gint64 current;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  known = ct_team_setting_find (key);

  if (!_ct_session_begin_write (self, error)
      || (known != NULL && !validate_setting (known, value, &change.n, error)))
    return FALSE;

  if (known == NULL)
    return ct_store_set_setting (self->db, key, value, error);

  if (!self->recovery && !self->member->is_admin)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a beheerder may change the team’s settings."));
      return FALSE;
    }

  if ((as_before && !self->chain->has_settings)
      || (self->chain->has_settings && ct_chain_get_setting (self->chain, key, &current)
          && current == change.n))
    return ct_store_set_setting (self->db, key, value, error);
  return _ct_session_with_keyed_transaction (self, append_settings, &change, error);
}

/**
 * ct_session_get_setting:
 *
 * A team setting (export.k, export.threshold, retention.<outcome>) as the
 * team uses it, from the chain (_ct_session_team_setting()); any other
 * key as stored.
 *
 * Returns: (transfer full) (nullable): the value; %NULL with
 *   %CT_ERROR_NOT_FOUND when it is not set
 */
char *
ct_session_get_setting (CtSession  *self,
                        const char *key,
                        GError    **error)
{
  gint64 value;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;

  if (ct_team_setting_find (key) == NULL)
    return ct_store_get_setting (self->db, key, error);
  if (_ct_session_team_setting (self, key, &value))
    return g_strdup_printf ("%" G_GINT64_FORMAT, value);
  g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("No such team setting."));
  return NULL;
}

/**
 * ct_team_setting_get_range:
 * @key: a team setting: export.k, export.threshold, retention.<outcome>, …
 * @min: (out) (optional): the least value ct_session_set_setting() takes
 * @max: (out) (optional): the greatest
 * @fallback: (out) (optional): the value the team uses while none is set
 *
 * The bounds of a team setting (ct_team_setting_find()), for a form that
 * asks for it (the team admin page), so that the form and the core's
 * check cannot disagree.
 *
 * Returns: whether @key is a team setting
 */
gboolean
ct_team_setting_get_range (const char *key,
                           int        *min,
                           int        *max,
                           int        *fallback)
{
  const CtTeamSetting *s = key != NULL ? ct_team_setting_find (key) : NULL;

  if (s == NULL)
    return FALSE;
  if (min != NULL)
    *min = (int) s->min;
  if (max != NULL)
    *max = (int) s->max;
  if (fallback != NULL)
    *fallback = (int) s->fallback;
  return TRUE;
}
