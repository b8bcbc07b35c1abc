/* ct-match.h — a new referral's household among those already known
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-record.h"
#include "ct-session.h"

G_BEGIN_DECLS

/**
 * CtMatchReason:
 * @CT_MATCH_BSN: a person with the same BSN
 * @CT_MATCH_BIRTH_NAME: a person with the same date of birth and surname
 * @CT_MATCH_ADDRESS: a person at the same postcode and house number
 */
typedef enum
{
  CT_MATCH_BSN        = 1 << 0,
  CT_MATCH_BIRTH_NAME = 1 << 1,
  CT_MATCH_ADDRESS    = 1 << 2,
} CtMatchReason;

/**
 * CtHouseholdMatch:
 * @household_id: the household found
 * @reasons: why, a set of #CtMatchReason
 * @last_number: (nullable): the number of its latest case
 * @last_referral: (nullable): that case's referral date, YYYY-MM-DD
 */
typedef struct
{
  gint64         household_id;
  CtMatchReason  reasons;
  char          *last_number;
  char          *last_referral;
} CtHouseholdMatch;

void       ct_household_match_free    (CtHouseholdMatch *match);
GPtrArray *ct_session_find_households (CtSession  *self,
                                       CtRecord   *person,
                                       GError    **error);
gboolean   ct_referral_is_repeat      (const char *previous,
                                       const char *date);
CtRecord  *ct_session_get_repeat_of   (CtSession  *self,
                                       CtRecord   *case_record,
                                       GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtHouseholdMatch, ct_household_match_free)

G_END_DECLS
