/* ct-session-sync-resign.c — a team change set aside at a fork, made again
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* When this laptop's branch of a forked team chain lost, its own
 * statements were kept beside the chain, marked as its own
 * (ct-session-sync-fork.c). Only this laptop holds the key that signed
 * them, so only here can they be made again on top of the winner's chain
 * (docs/sync-chain.md, "The loser's change is made again"):
 *
 * - an addition is made again at the next sync, by the normal beheerder's
 *   path (a members row, the chain's statement, the sync key sealed to
 *   them, a log entry), with the member's uid, login, name, role and
 *   public keys as they were, so the enrolment file already handed out
 *   stays good; only when this member is still a beheerder by the chain
 *   and the login is free, and the chain's own rules verify the statement;
 * - every other set-aside change (a removal, a role, the policy, keys,
 *   need-to-know, settings) decides something the other beheerder may have
 *   decided otherwise at the same time: it is listed, in plain words, to be
 *   made again by hand;
 * - a change whose effect the chain already has is neither made nor
 *   listed, so a second sync makes nothing twice. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-session-chain-private.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

/* Whether @chain already has what @c does. */
static gboolean
in_effect (const CtChain       *chain,
           const CtChainChange *c)
{
  const CtChainMember *m = ct_chain_find_uid (chain, c->uid);

  switch (c->kind)
    {
    case CT_CHAIN_ADD:
      return m != NULL;
    case CT_CHAIN_REMOVE:
      return m != NULL && m->removed;
    case CT_CHAIN_ROLE:
      return m != NULL && m->role == c->role && m->is_admin == c->is_admin;
    case CT_CHAIN_KEYS:
      return m != NULL && memcmp (m->sign_pk, c->sign_pk, sizeof c->sign_pk) == 0
             && memcmp (m->box_pk, c->box_pk, sizeof c->box_pk) == 0;
    case CT_CHAIN_POLICY:
      return ((chain->policy[c->role] & (1u << c->category)) != 0) == c->on;
    case CT_CHAIN_NEED_TO_KNOW:
      return chain->need_to_know == c->on && chain->meeting_days == c->meeting_days;
    case CT_CHAIN_SETTINGS:
      for (guint i = 0; i < c->n_settings; i++)
        {
          gint64 value;

          if (!ct_chain_get_setting (chain, c->setting_keys[i], &value)
              || value != c->setting_values[i])
            return FALSE;
        }
      return TRUE;
    case CT_CHAIN_FOUND:
    default:
      return TRUE;
    }
}

/* This laptop's own set-aside statements whose effect the chain does not
 * have, read; each signed by this replica's member. */
static GPtrArray *
own_open (CtSession *self,
          GError   **error)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_chain_change_free);
  g_autoptr(CtStmt) stmt = NULL;

  if (self->member == NULL)
    return g_steal_pointer (&open);
  if ((stmt = ct_store_sync_branch_own (self->db, error)) == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CtChainChange *c;

      if (sqlite3_column_bytes (stmt, 1) != CT_MEMBER_ID_SIZE
          || memcmp (sqlite3_column_blob (stmt, 1), self->member->member_uid,
                     CT_MEMBER_ID_SIZE) != 0)
        continue;
      c = ct_chain_change_read (sqlite3_column_blob (stmt, 0),
                                (gsize) sqlite3_column_bytes (stmt, 0));
      if (c == NULL)
        continue;
      if (in_effect (self->chain, c))
        ct_chain_change_free (c);
      else
        g_ptr_array_add (open, c);
    }
  return g_steal_pointer (&open);
}

/* Whether the chain lets this member add @c's member again: a present
 * beheerder by the chain, never by a row, and the login not taken. */
static gboolean
may_add_again (CtSession           *self,
               const CtChainChange *c)
{
  const CtChainMember *me = ct_chain_find_uid (self->chain, self->member->member_uid);

  if (me == NULL || !me->is_admin || me->removed || c->login == NULL)
    return FALSE;
  for (guint i = 0; i < self->chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (self->chain->members, i);

      if (!m->removed && g_strcmp0 (m->login, c->login) == 0)
        return FALSE;
    }
  return TRUE;
}

/* The addition made again as ct_session_add_member() makes one, in the
 * caller's transaction, with a members id of this replica's. */
static gboolean
add_again (CtSession           *self,
           const CtChainChange *c,
           GError             **error)
{
  CtMemberRow row = { 0 };
  gint64 id = 0;

  memcpy (row.member_uid, c->uid, CT_MEMBER_ID_SIZE);
  row.login = c->login;
  row.display_name = c->display_name;
  row.role = c->role;
  row.is_admin = c->is_admin;
  memcpy (row.box_pk, c->box_pk, sizeof row.box_pk);
  memcpy (row.sign_pk, c->sign_pk, sizeof row.sign_pk);
  if (!ct_store_insert_member (self->db, &row, &id, error))
    return FALSE;
  {
    CtChainMemberInfo info = { id, row.member_uid, row.login, row.display_name, row.role,
                               row.is_admin, row.box_pk, row.sign_pk };

    return ct_chain_append_add (self->chain, self->db, &info, _ct_session_signer_uid (self),
                                self->identity, error)
           && _ct_session_sync_reseal (self, row.member_uid, row.box_pk, error)
           && _ct_audit_append (self, CT_AUDIT_CREATE, "members", id, 0,
                                "add member", FALSE, error);
  }
}

/**
 * _ct_session_sync_resign:
 * @n_made: (out): how many set-aside changes were made again
 *
 * In the caller's transaction, before the chain's new statements are
 * captured for the next change file: every addition this laptop's member
 * made on a branch that lost a fork, and that the chain does not have, is
 * made again on top of the chain when the chain allows it. A failure
 * leaves the session's chain to be read again by the caller's rollback.
 */
gboolean
_ct_session_sync_resign (CtSession *self,
                         guint     *n_made,
                         GError   **error)
{
  g_autoptr(GPtrArray) open = NULL;

  *n_made = 0;
  if (self->member == NULL || self->identity == NULL)
    return TRUE;
  if ((open = own_open (self, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < open->len; i++)
    {
      const CtChainChange *c = g_ptr_array_index (open, i);

      /* Checked again: an earlier one in this loop may have made it. */
      if (c->kind != CT_CHAIN_ADD || in_effect (self->chain, c) || !may_add_again (self, c))
        continue;
      if (!add_again (self, c, error))
        {
          _ct_session_reload_chain (self, NULL);
          return FALSE;
        }
      (*n_made)++;
    }
  return TRUE;
}

/* A member's name as the chain (or a set-aside addition) gives it. */
static const char *
name_of (CtSession       *self,
         GPtrArray       *open,
         const guint8    *uid)
{
  const CtChainMember *m = ct_chain_find_uid (self->chain, uid);

  if (m != NULL)
    return m->display_name != NULL && m->display_name[0] != '\0' ? m->display_name : m->login;
  for (guint i = 0; i < open->len; i++)
    {
      const CtChainChange *c = g_ptr_array_index (open, i);

      if (c->kind == CT_CHAIN_ADD && memcmp (c->uid, uid, CT_MEMBER_ID_SIZE) == 0)
        return c->display_name != NULL && c->display_name[0] != '\0' ? c->display_name
                                                                      : c->login;
    }
  return "?";
}

static char *
describe (CtSession           *self,
          GPtrArray           *open,
          const CtChainChange *c)
{
  switch (c->kind)
    {
    case CT_CHAIN_ADD:
      /* Translators: a team change to make again: "Adding Piet Jansen, Police" */
      return g_strdup_printf (_("Adding %s, %s"),
                              c->display_name != NULL && c->display_name[0] != '\0'
                                ? c->display_name : c->login,
                              ct_role_get_display_name (c->role));
    case CT_CHAIN_REMOVE:
      return g_strdup_printf (_("Removing %s"), name_of (self, open, c->uid));
    case CT_CHAIN_ROLE:
      return c->is_admin
               ? g_strdup_printf (_("Making %s %s, and a beheerder"), name_of (self, open, c->uid),
                                  ct_role_get_display_name (c->role))
               : g_strdup_printf (_("Making %s %s"), name_of (self, open, c->uid),
                                  ct_role_get_display_name (c->role));
    case CT_CHAIN_KEYS:
      return g_strdup_printf (_("New keys for %s"), name_of (self, open, c->uid));
    case CT_CHAIN_POLICY:
      /* Translators: "Policy: Politie may read Health" */
      return g_strdup_printf (c->on ? _("Policy: %s may read %s")
                                    : _("Policy: %s may no longer read %s"),
                              ct_role_get_display_name (c->role),
                              ct_category_get_display_name (c->category));
    case CT_CHAIN_NEED_TO_KNOW:
      return c->on ? g_strdup_printf (ngettext ("Need-to-know on, %u day after a meeting",
                                                "Need-to-know on, %u days after a meeting",
                                                c->meeting_days),
                                      c->meeting_days)
                   : g_strdup (_("Need-to-know off"));
    case CT_CHAIN_SETTINGS:
      {
        g_autoptr(GString) parts = g_string_new (NULL);

        for (guint i = 0; i < c->n_settings; i++)
          {
            const CtTeamSetting *s = ct_team_setting_find (c->setting_keys[i]);

            if (i > 0)
              g_string_append (parts, ", ");
            g_string_append_printf (parts, "%s %" G_GINT64_FORMAT,
                                    s != NULL ? _(s->label) : c->setting_keys[i],
                                    c->setting_values[i]);
          }
        /* Translators: "Team settings: Smallest group in an export 9" */
        return g_strdup_printf (_("Team settings: %s"), parts->str);
      }
    case CT_CHAIN_FOUND:
    default:
      return g_strdup ("?");
    }
}

/**
 * ct_session_sync_get_set_aside:
 *
 * The changes of the team this laptop's member made on a branch of the
 * team chain that lost a fork, that the chain does not have and that were
 * not made again at a sync: each in plain words ("Adding Piet Jansen,
 * Police"), to be made again by hand if still wanted
 * (docs/sync-chain.md, "The loser's change is made again").
 *
 * Returns: (transfer container) (element-type utf8): empty when none
 */
GPtrArray *
ct_session_sync_get_set_aside (CtSession *self,
                               GError   **error)
{
  g_autoptr(GPtrArray) open = NULL;
  GPtrArray *out;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error) || (open = own_open (self, error)) == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < open->len; i++)
    {
      const CtChainChange *c = g_ptr_array_index (open, i);

      /* Made again by itself at the next sync: not by hand. */
      if (c->kind == CT_CHAIN_ADD && may_add_again (self, c))
        continue;
      g_ptr_array_add (out, describe (self, open, c));
    }
  return out;
}

/**
 * _ct_sync_summary_add_set_aside:
 * @line: (transfer full): the summary's line so far
 *
 * Returns: (transfer full): @line with what a fork set aside of this
 *   laptop's team changes, what was made again and what is left to make
 *   by hand
 */
char *
_ct_sync_summary_add_set_aside (char                *line,
                                const CtSyncSummary *summary)
{
  if (summary->set_aside > 0)
    {
      char *more = g_strdup_printf (ngettext ("%s %u change of the team made on this laptop "
                                              "was set aside, since another beheerder changed "
                                              "the team at the same time: make it again.",
                                              "%s %u changes of the team made on this laptop "
                                              "were set aside, since another beheerder changed "
                                              "the team at the same time: make them again.",
                                              summary->set_aside),
                                    line, summary->set_aside);

      g_free (line);
      line = more;
    }
  /* Of those, additions made again by themselves, and what is left to
   * make by hand (docs/sync-chain.md, "The loser's change is made again"). */
  if (summary->made_again > 0)
    {
      char *more = g_strdup_printf (ngettext ("%s %u member added on this laptop and set aside "
                                              "was added again, with the same enrolment code.",
                                              "%s %u members added on this laptop and set aside "
                                              "were added again, with the same enrolment codes.",
                                              summary->made_again),
                                    line, summary->made_again);

      g_free (line);
      line = more;
    }
  if (summary->by_hand > 0 && (summary->set_aside > 0 || summary->made_again > 0))
    {
      char *more = g_strdup_printf (ngettext ("%s %u change of the team is to be made again by "
                                              "hand: the Synchronisation page lists it.",
                                              "%s %u changes of the team are to be made again "
                                              "by hand: the Synchronisation page lists them.",
                                              summary->by_hand),
                                    line, summary->by_hand);

      g_free (line);
      line = more;
    }
  return line;
}
