/* ct-record-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-record.h"

G_BEGIN_DECLS

typedef enum
{
  CT_VALUE_EMPTY,
  CT_VALUE_SET,
  CT_VALUE_RESTRICTED,
  CT_VALUE_NOT_LOADED,  /* left out of a ct_session_list_fields() read */
} CtValueState;

struct _CtRecord
{
  gatomicrefcount  ref_count;
  const CtTable   *table;
  gint64           id;
  char           **values;   /* n_fields; wiped when freed */
  guint8          *states;   /* CtValueState per field */
  guint8          *changed;  /* set by ct_record_set() */
  CtCategory       row_category;  /* as read; CT_CATEGORY_INVALID: not this member's */
};

void _ct_record_take_value    (CtRecord     *self,
                               guint         index,
                               char         *value);
void _ct_record_set_restricted (CtRecord    *self,
                                guint        index);
void _ct_record_clear_changes (CtRecord     *self);
void _ct_record_set_not_loaded (CtRecord    *self,
                                guint        index);

G_END_DECLS
