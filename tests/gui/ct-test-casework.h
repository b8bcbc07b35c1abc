/* ct-test-casework.h — the case work team and window, one per test program
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-case-page-private.h"
#include "ct-main-page-private.h"
#include "ct-window-private.h"

G_BEGIN_DECLS

#define REGISSEUR_LOGIN "anna"
#define REGISSEUR_PASS  "zeven paarse olifanten"
#define POLITIE_LOGIN   "bram"
#define POLITIE_PASS    "blauwe lampen op het dak"
#define CHAIR_LOGIN     "carla"
#define CHAIR_PASS      "de hamer ligt op tafel"
#define OTHER_BSN       "123456782"
#define HEALTH_WORD     "slaapproblemen"
#define JUSTICE_WORD    "winkeldiefstal"
#define GOOD_BSN        "111222333"
#define BAD_BSN         "123456789"

void        ct_casework_test_init        (int          *argc,
                                          char       ***argv);
int         ct_casework_test_run         (void);

gint64      ct_casework_test_first_case  (void);
CtWindow   *ct_casework_test_window      (void);
CtMainPage *ct_casework_test_main_page   (CtWindow     *window);
CtCasePage *ct_casework_test_case_page   (CtWindow     *window);
void        ct_casework_test_unlock      (const char   *login,
                                          const char   *passphrase);
CtCasePage *ct_casework_test_open_first  (const char   *login,
                                          const char   *passphrase);
gboolean    ct_casework_test_list_read   (gpointer      list);
guint       ct_casework_test_n_shown     (CtWindow     *window);
void        ct_casework_test_search      (CtWindow     *window,
                                          const char   *text);
void        ct_casework_test_activate    (CtWindow     *window,
                                          const char   *action);
void        ct_casework_test_save        (CtWindow     *window);
void        ct_casework_test_wait_saved  (CtWindow     *window);
void        ct_casework_test_open_first_row (CtWindow  *window);
void        ct_casework_test_respond     (AdwMessageDialog *dialog,
                                          const char   *response);

/* A read under way holds a reference to its session until its result has
 * been handed to its callback. */
typedef struct
{
  GObject *session;
  guint    refs;
} CtCaseworkTestRefs;

CtCaseworkTestRefs ct_casework_test_count_refs (CtSession *session);
gboolean    ct_casework_test_reads_done  (gpointer      refs);

G_END_DECLS
