/* ct-doorbraken-page-private.h — the page's widgets, for its tests and
 * its writes (ct-doorbraken-page-writes.c)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-doorbraak-share-dialog-private.h"
#include "ct-doorbraken-page.h"

G_BEGIN_DECLS

struct _CtDoorbrakenPage
{
  AdwBin parent_instance;

  CtSession     *session;
  CtRecord      *current;    /* the record in the form; id 0 for a new one */
  GArray        *case_ids;   /* gint64, in case_row order */
  GPtrArray     *rows;       /* the form's rows, one per form_fields[] */
  AdwComboRow   *case_row;
  gboolean       loading;    /* while the list is filled: no selection handling */
  GListStore    *store;      /* the list's items, one per breakthrough */
  GtkSingleSelection *selection;
  GCancellable  *reading;    /* the worker's read, while it runs */
  gint64         select_id;  /* what to select when it is read; 0 for the first */
  guint          writing;    /* writes waiting in the session's write queue */

  /* Template widgets */
  GtkStack             *list_stack;
  GtkListView          *list;
  GtkLabel             *status_label;
  GtkButton            *advance_button;
  GtkButton            *share_button;
  GtkButton            *withdraw_button;
  GtkButton            *save_button;
  GtkLabel             *form_error_label;
  AdwPreferencesGroup  *form_group;

  /* The share dialog while it is open, NULL otherwise. */
  CtDoorbraakShareDialog *share_dialog;
};

GtkWidget *_ct_doorbraken_page_get_form_row (CtDoorbrakenPage *self,
                                            const char       *field);
gboolean   _ct_doorbraken_page_is_loading   (CtDoorbrakenPage *self);
gboolean   _ct_doorbraken_page_select       (CtDoorbrakenPage *self,
                                            gint64            id);

/* Between ct-doorbraken-page.c and its writes, ct-doorbraken-page-writes.c */
void       _ct_doorbraken_page_update_actions        (CtDoorbrakenPage *self);
void       _ct_doorbraken_page_load_list             (CtDoorbrakenPage *self,
                                                      gint64            select_id);
gboolean   _ct_doorbraken_page_read_form             (CtDoorbrakenPage *self,
                                                      CtRecord         *d,
                                                      GError          **error);
void       _ct_doorbraken_page_mark_error_row        (CtDoorbrakenPage *self,
                                                      const char       *message);
void       _ct_doorbraken_page_install_write_actions (GtkWidgetClass   *widget_class);

G_END_DECLS
