/* ct-meeting-private.h — what the meeting's files share
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* For ct-meeting.c and ct-meeting-case.c only. */

#pragma once

#include "ct-record.h"

G_BEGIN_DECLS

/* ct-meeting.c */

CtRecord  *_ct_meeting_find_record   (GPtrArray  *records,
                                      gint64      id);

G_END_DECLS
