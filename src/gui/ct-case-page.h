/* ct-case-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"
#include "ct-sync-page.h"

G_BEGIN_DECLS

#define CT_TYPE_CASE_PAGE (ct_case_page_get_type ())

G_DECLARE_FINAL_TYPE (CtCasePage, ct_case_page, CT, CASE_PAGE, AdwBin)

void        ct_case_page_load        (CtCasePage  *self,
                                      CtSession   *session,
                                      gint64       case_id);
gboolean    ct_case_page_get_loading (CtCasePage  *self);
void        ct_case_page_clear       (CtCasePage  *self);
gint64      ct_case_page_get_case_id (CtCasePage  *self);
gint64      ct_case_page_get_household_id (CtCasePage *self);
const char *ct_case_page_get_number  (CtCasePage  *self);
void        ct_case_page_set_editing (CtCasePage  *self,
                                      gboolean     editing);
gboolean    ct_case_page_get_editing (CtCasePage  *self);
gboolean    ct_case_page_get_dirty   (CtCasePage  *self);
gboolean    ct_case_page_save        (CtCasePage  *self);
gboolean    ct_case_page_get_saving  (CtCasePage  *self);
void        ct_case_page_cancel      (CtCasePage  *self);

char       *ct_case_page_dup_restriction_text (CtCasePage *self);
void        ct_case_page_set_sync    (CtCasePage      *self,
                                      CtSyncScheduler *sync);

G_END_DECLS
