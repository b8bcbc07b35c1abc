/* ct-hlc.c — a hybrid logical clock for sync stamps
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A stamp orders changes across laptops whose clocks disagree: a change
 * that has seen another is always stamped above it, and concurrent changes
 * are ordered by their clocks (docs/sync-merge.md). The state is one number, kept
 * by the caller in the team file, so the clock survives a restart. */

#define G_LOG_DOMAIN "ct-hlc"

#include "config.h"

#include "ct-clock.h"
#include "ct-hlc.h"

/* The core's clock as a stamp with counter 0; never before 1970. */
guint64
ct_hlc_physical (void)
{
  g_autoptr(GDateTime) now = ct_clock_now_utc ();
  gint64 ms = g_date_time_to_unix (now) * 1000 + g_date_time_get_microsecond (now) / 1000;

  return ms < 0 ? 0 : (guint64) ms << CT_HLC_COUNTER_BITS;
}

/* The stamp of a local change after @last: above @last, and at least the
 * clock (@physical, from ct_hlc_physical()). */
guint64
ct_hlc_tick (guint64 last,
             guint64 physical)
{
  return MAX (last + 1, physical);
}

/* The clock after applying a change stamped @remote. */
guint64
ct_hlc_observe (guint64 last,
                guint64 remote)
{
  return MAX (last, remote);
}

gint64
ct_hlc_millis (guint64 stamp)
{
  return (gint64) (stamp >> CT_HLC_COUNTER_BITS);
}
