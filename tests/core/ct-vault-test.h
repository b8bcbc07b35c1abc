/* ct-vault-test.h — the team test-vault and test-vault-damage create
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-core-test-util.h"

#define TEAM     "Expertteam Zonnewijzer"
#define LOGIN    "wbeheer"
#define NAME     "Wilhelmina Beheersma"
#define PASS     "zeven rode kikkers"

typedef CtCoreTestTeam Fixture;

/* A fresh team file of one beheerder, LOGIN with PASS, per test. */
static inline void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  CtVaultCreateInfo info = { TEAM, LOGIN, NAME, CT_ROLE_REGISSEUR, TRUE, PASS };

  ct_core_test_team_create (f, "ct-vault-XXXXXX", &info);
}

static inline void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ct_core_test_team_clear (f);
}
