/* ct-clock.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every "now" and "today" of the core and the GUI comes from here, so that a
 * test can run the application on a day of its choosing: what a page shows
 * (the next meeting, overdue actions, the demo's dates) depends on the
 * weekday, and a suite that passes only on some days is no suite.
 *
 * A test sets the clock with ct_clock_set_now_for_testing(), or, for whole
 * programs (the CLI and GUI under test), with the test-only environment
 * variable CASUSTAFEL_TEST_NOW holding an ISO 8601 time such as
 * "2026-06-02T09:30:00Z". The set clock keeps running from that moment on
 * the monotonic clock, so timers and intervals behave as they would. The
 * variable grants nothing: a member controls the system clock in any case,
 * and log entries are ordered by their chain, not by their times. */

#define G_LOG_DOMAIN "ct-clock"

#include "config.h"

#include "ct-clock.h"

G_LOCK_DEFINE_STATIC (clock);
static GDateTime *fixed_at;      /* NULL: the system clock */
static gint64     fixed_since;   /* g_get_monotonic_time() when it was set */
static gboolean   env_read;

static void
read_environment_locked (void)
{
  const char *text;

  if (env_read)
    return;
  env_read = TRUE;

  text = g_getenv ("CASUSTAFEL_TEST_NOW");
  if (text == NULL || *text == '\0')
    return;

  fixed_at = g_date_time_new_from_iso8601 (text, NULL);
  fixed_since = g_get_monotonic_time ();
  if (fixed_at == NULL)
    g_warning ("CASUSTAFEL_TEST_NOW is not an ISO 8601 time with a zone; using the system clock");
}

/**
 * ct_clock_set_now_for_testing:
 * @now: (nullable): the time it is from now on, %NULL for the system clock
 *
 * For tests only. The clock runs on from @now.
 */
void
ct_clock_set_now_for_testing (GDateTime *now)
{
  G_LOCK (clock);
  env_read = TRUE;
  g_clear_pointer (&fixed_at, g_date_time_unref);
  if (now != NULL)
    fixed_at = g_date_time_ref (now);
  fixed_since = g_get_monotonic_time ();
  G_UNLOCK (clock);
}

/**
 * ct_clock_now_utc:
 *
 * Returns: (transfer full): the current time in UTC
 */
GDateTime *
ct_clock_now_utc (void)
{
  GDateTime *now;

  G_LOCK (clock);
  read_environment_locked ();
  if (fixed_at != NULL)
    {
      g_autoptr(GDateTime) moved = g_date_time_add (fixed_at,
                                                   g_get_monotonic_time () - fixed_since);
      now = g_date_time_to_utc (moved);
    }
  else
    now = g_date_time_new_now_utc ();
  G_UNLOCK (clock);
  return now;
}

/**
 * ct_clock_now_text:
 *
 * Now in UTC as the team file stores times: "2026-06-02T09:30:00Z".
 *
 * Returns: (transfer full): the time
 */
char *
ct_clock_now_text (void)
{
  g_autoptr(GDateTime) now = ct_clock_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * ct_clock_now_local:
 *
 * Returns: (transfer full): the current time in the local time zone
 */
GDateTime *
ct_clock_now_local (void)
{
  g_autoptr(GDateTime) utc = ct_clock_now_utc ();

  return g_date_time_to_local (utc);
}

/**
 * ct_clock_get_today:
 * @date: (out caller-allocates): set to today's local date
 */
void
ct_clock_get_today (GDate *date)
{
  g_autoptr(GDateTime) now = ct_clock_now_local ();

  g_return_if_fail (date != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}
