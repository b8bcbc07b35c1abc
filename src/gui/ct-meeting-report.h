/* ct-meeting-report.h — the meeting's advice and actions for the partners
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ct-core.h"

G_BEGIN_DECLS

char     *ct_meeting_report_dup_title     (CtSession   *session,
                                           gint64       meeting_id);
char     *ct_meeting_report_dup_file_name (CtRecord    *meeting);
char     *ct_meeting_report_dup_text   (CtSession   *session,
                                        gint64       meeting_id,
                                        gboolean     full_names,
                                        GError     **error);
gboolean  ct_meeting_report_export_pdf (CtSession   *session,
                                        gint64       meeting_id,
                                        gboolean     full_names,
                                        const char  *pdf_path,
                                        GError     **error);
void      ct_meeting_report_write_logged_pdf_async  (CtSession           *session,
                                                     gint64               meeting_id,
                                                     gboolean             full_names,
                                                     const char          *pdf_path,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean  ct_meeting_report_write_logged_pdf_finish (CtSession           *session,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
