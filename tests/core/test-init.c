/* test-init.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include "ct-core-test-util.h"
#include "ct-core.h"

static void
test_init_disables_core_dumps (void)
{
  struct rlimit limit;

  g_assert_true (ct_process_is_hardened ());
  g_assert_cmpint (getrlimit (RLIMIT_CORE, &limit), ==, 0);
  g_assert_cmpuint (limit.rlim_cur, ==, 0);
  g_assert_cmpuint (limit.rlim_max, ==, 0);
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
}

static void
test_init_version (void)
{
  g_assert_cmpstr (ct_version (), ==, PACKAGE_VERSION);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/init/disables-core-dumps", test_init_disables_core_dumps);
  g_test_add_func ("/init/version", test_init_version);

  return g_test_run ();
}
