/* ct-session-restrict-row-private.h — a stored restriction and its signatures
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shared by ct-session-restrict.c (placing, lifting, the rule) and
 * ct-session-restrict-sync.c (restrictions that travel); no other file
 * includes it. */

#pragma once

#include "ct-chain.h"
#include "ct-session.h"

G_BEGIN_DECLS

#define PLACE_CONTEXT "ct-restrict-v1"
#define LIFT_CONTEXT "ct-restrict-lift-v1"
#define AT_SIZE 20  /* YYYY-MM-DDTHH:MM:SSZ */
#define DIGEST_SIZE 32
#define PLACE_MESSAGE_SIZE (sizeof PLACE_CONTEXT + CT_TEAM_ID_SIZE + 8 + CT_MEMBER_ID_SIZE \
                            + AT_SIZE + DIGEST_SIZE)
#define LIFT_MESSAGE_SIZE (sizeof LIFT_CONTEXT + CT_TEAM_ID_SIZE + 8 + crypto_sign_BYTES \
                           + CT_MEMBER_ID_SIZE + AT_SIZE + DIGEST_SIZE)
#define REASON_MAX 500

/* One row of the restrictions table, as stored. */
typedef struct
{
  gint64  id;
  gint64  household;
  int     ground;
  char   *reason;
  guint8  placed_by[CT_MEMBER_ID_SIZE];
  char    placed_at[AT_SIZE + 1];
  guint8  signature[crypto_sign_BYTES];
  gboolean lifted;
  guint8  lifted_by[CT_MEMBER_ID_SIZE];
  char    lifted_at[AT_SIZE + 1];
  char   *lift_reason;
  guint8  lift_signature[crypto_sign_BYTES];
} CtRestrictionRow;

extern const char * const _ct_restrict_grounds[];

void      _ct_restriction_row_clear       (gpointer                data);
GArray   *_ct_session_read_restrictions   (CtSession              *self,
                                           gint64                  household_id,
                                           GError                **error);
void      _ct_restriction_place_message   (CtSession              *self,
                                           const CtRestrictionRow *row,
                                           guint8                 *out);
void      _ct_restriction_lift_message    (CtSession              *self,
                                           const CtRestrictionRow *row,
                                           guint8                 *out);
gboolean  _ct_restriction_may_sign        (const CtChainMember    *member);
gboolean  _ct_session_capture_restriction (CtSession              *self,
                                           const CtRestrictionRow *row,
                                           gboolean                lift,
                                           GError                **error);
CtRestriction *_ct_session_restriction_in_force (CtSession        *self,
                                                 gint64            household_id,
                                                 GArray           *rows);

G_END_DECLS
