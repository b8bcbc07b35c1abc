/* ct-main-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_MAIN_PAGE (ct_main_page_get_type ())

G_DECLARE_FINAL_TYPE (CtMainPage, ct_main_page, CT, MAIN_PAGE, AdwBin)

void        ct_main_page_set_session     (CtMainPage *self,
                                          CtSession  *session);
void        ct_main_page_set_page_widget (CtMainPage *self,
                                          const char *name,
                                          GtkWidget  *widget);
void        ct_main_page_show_page       (CtMainPage *self,
                                          const char *name);
const char *ct_main_page_get_page        (CtMainPage *self);
void        ct_main_page_activate_on_page (CtMainPage *self,
                                           const char *name,
                                           const char *action_name);
void        ct_main_page_open_case       (CtMainPage *self,
                                          gint64      case_id);
void        ct_main_page_new_referral    (CtMainPage *self);
void        ct_main_page_reload_cases    (CtMainPage *self);
gboolean    ct_main_page_get_cases_loading (CtMainPage *self);
gboolean    ct_main_page_get_unsaved     (CtMainPage *self);
void        ct_main_page_set_sidebar_collapsed (CtMainPage *self,
                                                gboolean    collapsed);

G_END_DECLS
