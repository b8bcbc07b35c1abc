/* ct-test-util.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-application.h"
#include "ct-core.h"

G_BEGIN_DECLS

void        ct_test_init             (int          *argc,
                                      char       ***argv);
CtApplication *ct_test_app_new       (void);
void        ct_test_app_free         (CtApplication *app);
const char *ct_test_get_language     (void);
void        ct_test_set_language     (const char   *lang);

typedef gboolean (*CtTestPredicate) (gpointer data);

void        ct_test_wait_until       (CtTestPredicate predicate,
                                      gpointer      data,
                                      guint         seconds,
                                      const char   *what);
void        ct_test_wait_for_draw    (GtkWidget    *widget);
void        ct_test_scroll_to_end    (GtkWidget    *widget);
void        ct_test_wait_main_loop   (const char   *what);
void        ct_test_wait_ticks       (guint         n,
                                      const char   *what);
const char *ct_test_button_text      (GtkWidget    *button);
gboolean    ct_test_settled          (gpointer      unused);
gboolean    ct_test_no_toplevel      (gpointer      type);
void        ct_test_answer_no_path   (GtkFileChooserNative *chooser);
void        ct_test_save_screenshot  (GtkWidget    *widget,
                                      const char   *name);
GtkWidget  *ct_test_find_actionable  (GtkWidget    *root,
                                      const char   *action_name);
GtkWidget  *ct_test_find_widget      (GtkWidget    *root,
                                      GType         type);
char       *ct_test_clipboard_text   (GdkClipboard *clipboard);
GtkWidget  *ct_test_find_button      (GtkWidget    *root,
                                      const char   *label);
GtkWidget  *ct_test_find_shown       (GtkWidget    *root,
                                      const char   *name);
GtkWidget  *ct_test_find_action      (GtkWidget    *root,
                                      const char   *action,
                                      GVariant     *target);
GtkWindow  *ct_test_find_toplevel    (GType         type);
gboolean    ct_test_tree_contains    (GtkWidget    *root,
                                      const char   *needle);
gboolean    ct_test_tree_holds       (GtkWidget    *root,
                                      const char   *needle);
guint       ct_test_count_groups     (GtkWidget    *root,
                                      const char   *title,
                                      const char   *row_title);
gpointer    ct_test_find_row         (GtkWidget    *root,
                                      GType         type,
                                      const char   *title);
AdwPreferencesGroup *ct_test_find_group (GtkWidget *root,
                                      const char   *title);
AdwMessageDialog *ct_test_find_message_dialog (const char *heading,
                                               gboolean    newest_first);
void        ct_test_answer           (gpointer      dialog,
                                      const char   *response);
void        ct_test_answer_and_wait  (AdwMessageDialog *dialog,
                                      const char   *response);

G_END_DECLS
