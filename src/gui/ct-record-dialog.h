/* ct-record-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"
#include "ct-field-editor.h"

G_BEGIN_DECLS

#define CT_TYPE_RECORD_DIALOG (ct_record_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtRecordDialog, ct_record_dialog, CT, RECORD_DIALOG, AdwWindow)

/**
 * CtRecordDialogSave:
 * @record: the dialog's record with the checked values set
 *
 * Stores @record, in the session's write queue (ct_session_write_async());
 * a %CT_ERROR_INVALID_FIELD error shows under its field.
 */
typedef gboolean (*CtRecordDialogSave) (CtSession  *session,
                                        CtRecord   *record,
                                        gpointer    user_data,
                                        GError    **error);

CtRecordDialog *ct_record_dialog_new            (GtkWindow          *parent,
                                                 CtSession          *session,
                                                 CtRecord           *record,
                                                 const char * const *fields,
                                                 const char         *title,
                                                 const char         *save_label);
void            ct_record_dialog_set_description (CtRecordDialog    *self,
                                                  const char        *description);
void            ct_record_dialog_set_save_func  (CtRecordDialog     *self,
                                                 CtRecordDialogSave  func,
                                                 gpointer            user_data,
                                                 GDestroyNotify      user_data_free);
CtFieldEditor  *ct_record_dialog_get_editor     (CtRecordDialog     *self,
                                                 const char         *field);
GtkSwitch      *ct_record_dialog_get_switch     (CtRecordDialog     *self,
                                                 const char         *field);

G_END_DECLS
