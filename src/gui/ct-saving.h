/* ct-saving.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ct-core.h"

G_BEGIN_DECLS

typedef void (*CtSavingFunc) (gpointer      owner,
                              CtSession    *session,
                              GAsyncResult *result);
typedef void (*CtSavingGetFunc) (gpointer      owner,
                                 CtSession    *session,
                                 CtRecord     *record,
                                 const GError *error,
                                 gpointer      data);

void     ct_saving_begin       (GtkWidget          *button);
void     ct_saving_end         (GtkWidget          *button);
gboolean ct_saving_is_saving   (GtkWidget          *button);
void     ct_saving_keep_open   (GtkWindow          *window,
                                GtkWidget          *button);
void     ct_saving_write_async (CtSession          *session,
                                CtSessionWriteFunc  func,
                                gpointer            data,
                                GDestroyNotify      data_free,
                                GtkWidget          *button,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data);
void     ct_saving_write       (gpointer            owner,
                                CtSession          *session,
                                CtSessionWriteFunc  func,
                                gpointer            data,
                                GDestroyNotify      data_free,
                                GtkWidget          *button,
                                GCancellable       *cancellable,
                                CtSavingFunc        callback);
void     ct_saving_get         (gpointer            owner,
                                CtSession          *session,
                                const char         *table,
                                gint64              id,
                                gpointer            data,
                                GDestroyNotify      data_free,
                                CtSavingGetFunc     callback);

G_END_DECLS
