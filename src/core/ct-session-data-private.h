/* ct-session-data-private.h — helpers of the write path
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct-session-data.c: what the files of the write rules share with it. */

#pragma once

#include "ct-record.h"
#include "ct-schema.h"
#include "ct-session.h"

G_BEGIN_DECLS

CtRecord      *_ct_session_load_stored (CtSession     *self,
                                        CtRecord      *record,
                                        GError       **error);
const char    *_ct_record_value_after  (CtRecord      *record,
                                        CtRecord      *stored,
                                        const char    *name);
const CtField *_ct_record_field        (CtRecord      *record,
                                        const char    *name);
gboolean       _ct_field_invalid       (GError       **error,
                                        const CtField *field,
                                        const char    *why);
gboolean       _ct_field_restricted    (GError       **error,
                                        const CtField *field,
                                        const char    *why);
gboolean       _ct_session_goal_follow (CtSession     *self,
                                        gint64         goal_id,
                                        const char    *purpose,
                                        gboolean      *stuck,
                                        GError       **error);
gboolean       _ct_session_note_goal   (CtSession     *self,
                                        GHashTable    *goals,
                                        const CtTable *table,
                                        gint64         id,
                                        GError       **error);
gboolean       _ct_session_goals_follow (CtSession    *self,
                                         GHashTable   *goals,
                                         gboolean     *stuck,
                                         GError      **error);

G_END_DECLS
