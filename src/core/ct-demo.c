/* ct-demo.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The demo team: "Expertteam Zonnewijzer (demo)", one member per role and
 * a beheerder, every passphrase the published "demo", and households with
 * everything the app shows: persons, a case, organisations, consent, ZRM,
 * a plan, weekly meetings with binding advice and its actions, the
 * maatwerkbudget and doorbraken.
 *
 * Everything is invented and deterministic for a seed: the same seed gives
 * the same households, names, BSNs and scores. Dates are laid out relative
 * to today as the core's clock (ct-clock.h) gives it, over the six months
 * before it, so a demo made on another day has the same people on other
 * dates. Keys and nonces stay random.
 *
 * BSNs come from 999990000–999999999, the range kept for tests, and pass
 * the eleven-test; it holds 909 valid numbers, so beyond that many persons
 * they repeat.
 *
 * All data goes through the session like any member's would (validated,
 * encrypted per category, logged), as the regisseur, in transactions of
 * BATCH households that stand or fall whole (_ct_session_run_batch(): no
 * savepoint per row); what only the voorzitter may do (budget periods,
 * co-signatures, approving a doorbraak) in the voorzitter's session. The
 * core's rules hold for the demo as for anyone: a doorbraak is proposed,
 * approved by the voorzitter, then carried out and shared by the
 * regisseur. Only the check for names and numbers before sharing is left
 * out, because the demo's examples are invented and hold no person.
 *
 * This file holds the team: its members, areas, meetings and budget
 * periods, and the steps around the households; ct-demo-household.c
 * writes the households. */

#define G_LOG_DOMAIN "ct-demo"

#include "config.h"

#include <stdlib.h>

#include "ct-clock.h"
#include "ct-demo-private.h"
#include "ct-demo.h"
#include "ct-doorbraak-private.h"
#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-vault-unchecked.h"

#define SPAN_DAYS 182

/* ---- writing rows ----------------------------------------------------- */

void
_ct_demo_set_day (CtRecord   *r,
                  const char *field,
                  Day         day)
{
  GDate date;
  char text[16];

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  g_snprintf (text, sizeof text, "%04u-%02u-%02u", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  ct_record_set (r, field, text);
}

/* Inserts and releases @r; 0 with @error set when refused. */
gint64
_ct_demo_store (Demo      *d,
                CtRecord  *r,
                GError   **error)
{
  gint64 id = ct_session_insert (d->session, r, error);

  ct_record_unref (r);
  return id;
}

/* ---- the team's own rows ---------------------------------------------- */

static gboolean
add_areas (Demo    *d,
           GError **error)
{
  for (guint i = 0; i < CT_DEMO_N_AREAS; i++)
    {
      CtRecord *r = ct_record_new ("areas");

      ct_record_set (r, "name", ct_demo_areas[i].name);
      ct_record_set (r, "postcodes", ct_demo_areas[i].postcodes);
      if (_ct_demo_store (d, r, error) == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_attendees (Demo     *d,
               Meeting  *m,
               gboolean  held,
               GError  **error)
{
  for (CtRole role = 0; role < CT_N_ROLES; role++)
    {
      CtRecord *r = ct_record_new ("attendees");

      ct_record_set_int (r, "meeting_id", m->id);
      ct_record_set_int (r, "member", d->members[role]);
      if (held)
        ct_record_set (r, "present",
                       role == CT_ROLE_VOORZITTER || g_rand_double (d->master) < 0.9
                         ? "true" : "false");
      if (_ct_demo_store (d, r, error) == 0)
        return FALSE;
    }

  for (int i = g_rand_int_range (d->master, 0, 3); i > 0; i--)
    {
      CtRecord *r = ct_record_new ("attendees");
      guint n = g_strv_length ((char **) ct_demo_guests);

      ct_record_set_int (r, "meeting_id", m->id);
      ct_record_set (r, "guest_organisation", ct_demo_guests[g_rand_int_range (d->master, 0, n)]);
      ct_record_set (r, "present", "true");
      if (_ct_demo_store (d, r, error) == 0)
        return FALSE;
    }
  return TRUE;
}

/* The team meets on Tuesdays; the next meeting is 1 to 7 days ahead
 * (a week ahead on a Tuesday itself). */
static int
days_to_next_meeting (Day today)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, today);
  return 1 + (7 + G_DATE_TUESDAY - g_date_get_weekday (&date) - 1) % 7;
}

/* Weekly on Tuesday: the last CT_DEMO_N_MEETINGS - 1 before today, and the next. */
static gboolean
add_meetings (Demo    *d,
              GError **error)
{
  Day next = d->today + days_to_next_meeting (d->today);

  for (int i = 0; i < CT_DEMO_N_MEETINGS; i++)
    {
      Meeting *m = &d->meetings[i];
      gboolean held = i < CT_DEMO_N_MEETINGS - 1;
      CtRecord *r = ct_record_new ("meetings");

      m->day = next - 7 * (CT_DEMO_N_MEETINGS - 1 - i);
      _ct_demo_set_day (r, "held_on", m->day);
      ct_record_set (r, "start_time", "09:30");
      ct_record_set (r, "location", "Stadskantoor Zonnewijzer, zaal 3.12");
      ct_record_set_int (r, "chair", d->members[CT_ROLE_VOORZITTER]);
      ct_record_set (r, "notes", held ? "Vast wekelijks overleg. Adviezen en acties staan per "
                                        "casus vastgelegd."
                                      : "Agenda in voorbereiding.");
      ct_record_set (r, "status", held ? "gesloten" : "gepland");
      if ((m->id = _ct_demo_store (d, r, error)) == 0 || !add_attendees (d, m, held, error))
        return FALSE;
    }
  return TRUE;
}

static Day
month_start (Day day,
             int months)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  g_date_set_day (&date, 1);
  if (months > 0)
    g_date_add_months (&date, months);
  else
    g_date_subtract_months (&date, -months);
  return g_date_get_julian (&date);
}

static char *
period_name (Day start,
             Day end)
{
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_julian (&a, start);
  g_date_set_julian (&b, end);
  return g_strdup_printf ("Maatwerkbudget %s %u t/m %s %u",
                          ct_demo_months[g_date_get_month (&a) - 1], g_date_get_year (&a),
                          ct_demo_months[g_date_get_month (&b) - 1], g_date_get_year (&b));
}

/* Two periods: three months from six months ago, then up to the end of
 * this month. */
static gboolean
add_budget_periods (Demo    *d,
                    GError **error)
{
  gint64 amount = MAX (2500000, (gint64) d->n_households * 30000);

  d->period_start[0] = month_start (d->today, -6);
  d->period_start[1] = month_start (d->today, -3);
  d->period_end[0] = d->period_start[1] - 1;
  d->period_end[1] = month_start (d->today, 1) - 1;
  d->ceiling_cents = 150000;

  for (int i = 0; i < 2; i++)
    {
      CtRecord *r = ct_record_new ("budget_periods");
      g_autofree char *name = period_name (d->period_start[i], d->period_end[i]);

      ct_record_set (r, "name", name);
      _ct_demo_set_day (r, "starts_on", d->period_start[i]);
      _ct_demo_set_day (r, "ends_on", d->period_end[i]);
      ct_record_set_int (r, "amount_cents", amount);
      ct_record_set_int (r, "case_ceiling_cents", d->ceiling_cents);
      if ((d->periods[i] = _ct_demo_store (d, r, error)) == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_team_rows (CtSession *session,
               gpointer   data,
               GError   **error)
{
  Demo *d = data;

  return add_areas (d, error) && add_meetings (d, error);
}

static gboolean
add_periods (CtSession *session,
             gpointer   data,
             GError   **error)
{
  return add_budget_periods (data, error);
}

/* ---- the team --------------------------------------------------------- */

static const char * const logins[] = {
  "voorzitter", "regisseur", "ggz", "verslavingszorg", "opvoedkunde", "werk-inkomen",
  "huisvesting", "schuldhulpverlening", "politie", "maatschappelijk-werk", CT_DEMO_ADMIN_LOGIN,
  NULL,
};

/**
 * ct_demo_get_logins:
 *
 * Returns: (transfer none): the demo team's logins: one per role, named
 *   after it (ct_role_to_string()), then the beheerder's
 */
const char * const *
ct_demo_get_logins (void)
{
  return logins;
}

/* The beheerder founds the team and adds a member per role; each then
 * enrols with the published passphrase. */
static gboolean
create_team (const char  *path,
             gboolean    *created,
             GError     **error)
{
  CtVaultCreateInfo info = { CT_DEMO_TEAM_NAME, CT_DEMO_ADMIN_LOGIN,
                             ct_demo_member_names[CT_N_ROLES], CT_ROLE_VOORZITTER, TRUE,
                             CT_DEMO_PASSPHRASE };
  g_autoptr(CtSecret) recovery = NULL;
  g_autoptr(CtSession) admin = NULL;
  CtSecret *codes[CT_N_ROLES] = { NULL };
  gboolean ok = TRUE;

  /* ct_vault_create leaves nothing behind, and never touches a file that
   * was there. */
  if (!_ct_vault_create_unchecked (path, &info, &recovery, error))
    return FALSE;
  *created = TRUE;

  admin = ct_session_unlock (path, CT_DEMO_ADMIN_LOGIN, CT_DEMO_PASSPHRASE, error);
  ok = admin != NULL;
  for (CtRole role = 0; ok && role < CT_N_ROLES; role++)
    {
      g_assert (g_str_equal (logins[role], ct_role_to_string (role)));
      codes[role] = ct_session_add_member (admin, logins[role], ct_demo_member_names[role], role,
                                           FALSE, error);
      ok = codes[role] != NULL;
    }
  if (admin != NULL)
    ct_session_lock (admin);

  for (CtRole role = 0; ok && role < CT_N_ROLES; role++)
    ok = _ct_vault_enrol_unchecked (path, logins[role], codes[role], CT_DEMO_PASSPHRASE, error);

  for (CtRole role = 0; role < CT_N_ROLES; role++)
    ct_secret_free (codes[role]);
  return ok;
}

static int
cmp_desc (gconstpointer a,
          gconstpointer b)
{
  return *(const gint *) b - *(const gint *) a;
}

/* Whatever the weekday the demo is made on, the next meeting has cases on
 * its agenda: the last two referrals fall in the week whose cases it
 * discusses (referred at least a week before it, after the one before). */
static void
place_on_next_agenda (Demo *d)
{
  int ahead = days_to_next_meeting (d->today);
  guint n = MIN (d->n_households, 2);

  for (guint i = 0; i < n; i++)
    d->ago[i] = MAX (1, 13 - ahead - g_rand_int_range (d->master, 0, 7));
}

/* Referral dates spread over the last six months, in date order, so that
 * case numbers follow them; and the test BSNs in a seeded order. */
static void
demo_init (Demo    *d,
           guint    n_households,
           guint32  seed)
{
  GDate today;

  g_date_clear (&today, 1);
  ct_clock_get_today (&today);
  d->today = g_date_get_julian (&today);
  d->seed = seed;
  d->n_households = n_households;
  d->master = g_rand_new_with_seed (seed);
  d->to_cosign = g_array_new (FALSE, FALSE, sizeof (gint64));
  d->doorbraken = g_array_new (FALSE, FALSE, sizeof (DemoDoorbraak));
  d->rand = g_rand_new ();

  d->ago = g_new (gint, MAX (n_households, 1));
  for (guint i = 0; i < n_households; i++)
    d->ago[i] = g_rand_int_range (d->master, 1, SPAN_DAYS + 1);
  place_on_next_agenda (d);
  qsort (d->ago, n_households, sizeof (gint), cmp_desc);

  d->bsns = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 n = 999990000; n <= 999999999; n++)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%u", n);
      if (ct_bsn_is_valid (text))
        g_array_append_val (d->bsns, n);
    }
  for (guint i = d->bsns->len - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (d->master, 0, i + 1);
      guint32 t = g_array_index (d->bsns, guint32, i);

      g_array_index (d->bsns, guint32, i) = g_array_index (d->bsns, guint32, j);
      g_array_index (d->bsns, guint32, j) = t;
    }
}

static void
demo_clear (Demo *d)
{
  g_clear_pointer (&d->master, g_rand_free);
  g_clear_pointer (&d->rand, g_rand_free);
  g_clear_pointer (&d->ago, g_free);
  g_clear_pointer (&d->bsns, g_array_unref);
  g_clear_pointer (&d->to_cosign, g_array_unref);
  g_clear_pointer (&d->doorbraken, g_array_unref);
  g_clear_object (&d->session);
}

static gint64
find_member (GPtrArray  *members,
             const char *login)
{
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      if (g_str_equal (info->login, login))
        return info->id;
    }
  return 0;
}

static gboolean
load_members (Demo    *d,
              GError **error)
{
  g_autoptr(GPtrArray) members = ct_session_list_members (d->session, error);

  if (members == NULL)
    return FALSE;
  for (CtRole role = 0; role < CT_N_ROLES; role++)
    if ((d->members[role] = find_member (members, logins[role])) == 0)
      {
        g_set_error (error, CT_ERROR, CT_ERROR_NOT_FOUND, "The demo team has no member %s.",
                     logins[role]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
cosign_batch (CtSession *session,
              GArray    *ids,
              GError   **error)
{
  gint64 me = ct_session_get_member_id (session);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CtRecord) r = ct_session_get (session, "expenses",
                                              g_array_index (ids, gint64, i), error);

      if (r == NULL)
        return FALSE;
      ct_record_set_int (r, "cosigned_by", me);
      if (!ct_session_update (session, r, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
approve_batch (CtSession *session,
               GArray    *doorbraken,
               GError   **error)
{
  for (guint i = 0; i < doorbraken->len; i++)
    if (!ct_doorbraak_set_status (session, g_array_index (doorbraken, DemoDoorbraak, i).id,
                                  "goedgekeurd", error))
      return FALSE;
  return TRUE;
}

/* The voorzitter co-signs the expenses above the ceiling and approves the
 * doorbraken that go further than proposed. */
static gboolean
decide_batch (CtSession *session,
              gpointer   data,
              GError   **error)
{
  Demo *d = data;

  return cosign_batch (session, d->to_cosign, error)
         && approve_batch (session, d->doorbraken, error);
}

static gboolean
carry_out (CtSession     *session,
           DemoDoorbraak *p,
           GError       **error)
{
  g_autoptr(CtRecord) r = ct_session_get (session, "doorbraken", p->id, error);

  if (r == NULL)
    return FALSE;
  ct_record_set (r, "result", p->b->result);
  ct_record_set_int (r, "cost_before_cents", p->cost_before);
  ct_record_set_int (r, "cost_after_cents", p->cost_after);
  ct_record_set (r, "lesson", p->b->lesson);
  _ct_demo_set_day (r, "reached_on", p->reached);
  ct_record_set (r, "status", "uitgevoerd");
  return ct_session_update (session, r, error)
         && (p->steps < 3 || _ct_doorbraak_mark_shared_unchecked (session, r, error));
}

/* The regisseur records what the approved doorbraken brought, and shares
 * some as examples. */
static gboolean
carry_out_batch (CtSession *session,
                 gpointer   data,
                 GError   **error)
{
  GArray *doorbraken = data;

  for (guint i = 0; i < doorbraken->len; i++)
    {
      DemoDoorbraak *p = &g_array_index (doorbraken, DemoDoorbraak, i);

      if (p->steps >= 2 && !carry_out (session, p, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
run_as (const char  *path,
        const char  *login,
        gboolean   (*func) (CtSession *, gpointer, GError **),
        gpointer     data,
        GError     **error)
{
  g_autoptr(CtSession) session = ct_session_unlock (path, login, CT_DEMO_PASSPHRASE, error);

  return session != NULL && ct_session_run_in_transaction (session, func, data, error);
}

/* The regisseur, who may read and write every category, writes the
 * households; the voorzitter sets the budget periods and decides what is
 * the voorzitter's to decide. */
static gboolean
fill (const char      *path,
      guint            n_households,
      guint32          seed,
      CtDemoProgress   progress_cb,
      gpointer         user_data,
      GError         **error)
{
  Demo d = { 0 };
  gboolean ok;

  demo_init (&d, n_households, seed);

  /* Budget periods are the voorzitter's to set. */
  d.session = ct_session_unlock (path, "voorzitter", CT_DEMO_PASSPHRASE, error);
  if (d.session == NULL || !ct_session_run_in_transaction (d.session, add_periods, &d, error))
    {
      demo_clear (&d);
      return FALSE;
    }
  g_clear_object (&d.session);

  d.session = ct_session_unlock (path, "regisseur", CT_DEMO_PASSPHRASE, error);
  ok = d.session != NULL && load_members (&d, error)
       && ct_session_run_in_transaction (d.session, add_team_rows, &d, error);

  while (ok && d.next < n_households)
    {
      ok = _ct_session_run_batch (d.session, _ct_demo_add_batch, &d, error);
      if (ok && progress_cb != NULL)
        progress_cb (d.next, n_households, user_data);
    }

  if (d.session != NULL)
    ct_session_lock (d.session);
  g_clear_object (&d.session);
  ok = ok && (d.to_cosign->len + d.doorbraken->len == 0
              || run_as (path, "voorzitter", decide_batch, &d, error));
  ok = ok && (d.doorbraken->len == 0
              || run_as (path, "regisseur", carry_out_batch, d.doorbraken, error));
  demo_clear (&d);
  return ok;
}

/**
 * ct_demo_create:
 * @path: where the demo team file goes; an existing file is never
 *   overwritten
 * @n_households: how many households, 0 for none
 * @seed: the same seed gives the same contents
 * @progress_cb: (nullable): called after every batch of households
 *
 * Creates the demo team "Expertteam Zonnewijzer (demo)": a member per role
 * whose login is the role's name (see ct_demo_get_logins()), a beheerder,
 * every passphrase "demo", and @n_households invented households. Demo
 * data only: the passphrases are published. Argon2id runs at the cost
 * ct_kdf_default_params() gives, three times per member.
 *
 * Nothing is left behind when this fails.
 */
gboolean
ct_demo_create (const char      *path,
                guint            n_households,
                guint32          seed,
                CtDemoProgress   progress_cb,
                gpointer         user_data,
                GError         **error)
{
  gboolean created = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!create_team (path, &created, error)
      || !fill (path, n_households, seed, progress_cb, user_data, error))
    {
      if (created)
        ct_store_remove_file (path);
      return FALSE;
    }
  return TRUE;
}
