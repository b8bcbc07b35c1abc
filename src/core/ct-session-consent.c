/* ct-session-consent.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Giving a withdrawn consent again (docs/categories.md). A withdrawal is
 * never edited away (the session refuses to change a consent's withdrawal
 * date once set); the consent given again is a new row, with its own day
 * and who recorded it, so the history stays and every reader (the
 * projector, the export, partner lists, the inzage) sees the newest row. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-clock.h"
#include "ct-error.h"
#include "ct-session.h"

/**
 * ct_session_reinstate_consent:
 * @withdrawn_id: a withdrawn consent (consents.id)
 * @given_on: (nullable): YYYY-MM-DD, not before the withdrawal; %NULL
 *   for today
 *
 * Records that the household gives @withdrawn_id's consent again: a new
 * consent with the same case, category, purpose, basis and sharing at the
 * table, given on @given_on and recorded by this member. Written through
 * ct_session_insert(), so categories, involvement, validation and the
 * access log apply as for any consent.
 *
 * Returns: the new consent's id, or 0 with @error set
 */
gint64
ct_session_reinstate_consent (CtSession   *self,
                              gint64       withdrawn_id,
                              const char  *given_on,
                              GError     **error)
{
  static const char * const copied[] = {
    "case_id", "category", "purpose", "basis", "share_at_table",
  };
  g_autoptr(CtRecord) withdrawn = NULL;
  g_autoptr(CtRecord) consent = NULL;
  g_autofree char *today = NULL;
  const char *withdrawn_on;

  g_return_val_if_fail (CT_IS_SESSION (self), 0);

  if ((withdrawn = ct_session_get (self, "consents", withdrawn_id, error)) == NULL)
    return 0;
  if ((withdrawn_on = ct_record_get (withdrawn, "withdrawn_on")) == NULL)
    {
      ct_set_field_error (error, "consents", "withdrawn_on", "%s",
                          _("This consent was not withdrawn: there is nothing to reinstate."));
      return 0;
    }
  if (given_on == NULL)
    {
      GDate date;

      ct_clock_get_today (&date);
      today = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date),
                               g_date_get_month (&date), g_date_get_day (&date));
      given_on = today;
    }
  if (g_strcmp0 (given_on, withdrawn_on) < 0)
    {
      ct_set_field_error (error, "consents", "given_on",
                          _("%s: a consent cannot be given again before it was withdrawn (%s)."),
                          _("Date"), withdrawn_on);
      return 0;
    }

  consent = ct_record_new ("consents");
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    ct_record_set (consent, copied[i], ct_record_get (withdrawn, copied[i]));
  ct_record_set (consent, "given_on", given_on);
  if (ct_session_get_member_id (self) > 0)
    ct_record_set_int (consent, "recorded_by", ct_session_get_member_id (self));
  return ct_session_insert (self, consent, error);
}
