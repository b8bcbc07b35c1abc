/* ct-members.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-members"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-members.h"
/* A bridge: the record fields "responsible" and "assessor" hold a member's
 * id, but the public session API names members by login only. Until the
 * core offers ct_session_get_member_id() and an id in CtMemberInfo, this
 * one file reads them from the session's own member rows. It reads no
 * client data and writes nothing. */
#include "ct-session-private.h"

void
ct_member_ref_free (CtMemberRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->login);
  g_free (ref->display_name);
  g_free (ref);
}

/* Returns: the signed-in member's id, 0 for a recovery session */
gint64
ct_members_get_own_id (CtSession *session)
{
  g_return_val_if_fail (CT_IS_SESSION (session), 0);

  return session->member != NULL ? session->member->id : 0;
}

/**
 * ct_members_list:
 *
 * Returns: (transfer full) (element-type CtMemberRef): the members sorted
 *   by name; an empty array for a locked session
 */
GPtrArray *
ct_members_list (CtSession *session,
                 gboolean   include_removed)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_member_ref_free);
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), out);

  if (ct_session_is_locked (session) || session->db == NULL)
    return out;

  rows = ct_store_list_members (session->db, include_removed, NULL);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      CtMemberRow *row = g_ptr_array_index (rows, i);
      CtMemberRef *ref = g_new0 (CtMemberRef, 1);

      ref->id = row->id;
      ref->login = g_strdup (row->login);
      ref->display_name = g_strdup (row->display_name);
      ref->removed = row->removed;
      g_ptr_array_add (out, ref);
    }
  return out;
}

/* Returns: the member's name, "Former member" or "" for no one */
char *
ct_members_dup_name (GPtrArray *members,
                     gint64     id)
{
  if (id <= 0)
    return g_strdup ("");

  for (guint i = 0; i < members->len; i++)
    {
      CtMemberRef *ref = g_ptr_array_index (members, i);

      if (ref->id == id)
        return g_strdup (ref->display_name);
    }
  return g_strdup (_("Former member"));
}
