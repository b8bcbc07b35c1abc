/* ct-core.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-case-view.h"
#include "ct-category-terms.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-init.h"
#include "ct-inzage.h"
#include "ct-match.h"
#include "ct-money.h"
#include "ct-partner.h"
#include "ct-retention.h"
#include "ct-roles.h"
#include "ct-session.h"
#include "ct-sync-join.h"
#include "ct-sync.h"
#include "ct-vault.h"
