/* ct-test-privacy.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-case-item.h"
#include "ct-case-page.h"
#include "ct-main-page.h"
#include "ct-test-team.h"
#include "ct-window.h"

G_BEGIN_DECLS

#define OWN_NAME    "Zonneveld"
#define OTHER_NAME  "Zwaluwstaart"
#define OTHER_CASE  "2026-020"

extern CtTestTeam *ct_privacy_team;
extern gint64 ct_privacy_person_merel, ct_privacy_person_pim;
extern gint64 ct_privacy_youth_household, ct_privacy_repeat_household;

void              ct_privacy_test_init      (int                 *argc,
                                             char              ***argv);
int               ct_privacy_test_run       (void);
CtWindow         *ct_privacy_window         (void);
CtMainPage       *ct_privacy_main_page      (CtWindow            *window);
void              ct_privacy_unlock         (const char          *login);
gboolean          ct_privacy_contains       (const char          *text,
                                             const char          *needle);
CtCasePage       *ct_privacy_open_case      (CtWindow            *window,
                                             const char          *number);
CtCaseItem       *ct_privacy_find_item      (CtWindow            *window,
                                             const char          *number);
gboolean          ct_privacy_list_read      (gpointer             window);
void              ct_privacy_scroll_to_end  (CtCasePage          *page);
char             *ct_privacy_choices_of     (GtkDropDown         *drop_down);
AdwMessageDialog *ct_privacy_wait_for_step  (CtCasePage          *page);
const char       *ct_privacy_toast_title    (CtWindow            *window);
void              ct_privacy_wait_written   (CtCasePage          *page);
gboolean          ct_privacy_row_exists     (CtSession           *session,
                                             const char          *table,
                                             gint64               id);
gint64            ct_privacy_insert         (CtSession           *session,
                                             const char          *table,
                                             const char * const  *pairs,
                                             const char          *parent_field,
                                             gint64               parent_id);
gint64            ct_privacy_add_household  (CtSession           *session,
                                             gint64               regisseur,
                                             const char          *first_name,
                                             const char          *last_name,
                                             const char          *number,
                                             const char          *referral_date,
                                             const char          *retention);

G_END_DECLS
