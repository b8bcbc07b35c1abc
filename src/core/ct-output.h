/* ct-output.h — files written for the user: workbooks, reports
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

gboolean  ct_output_check_target (const char  *path,
                                  CtSession   *session,
                                  GError     **error);
char     *ct_output_create_temp  (const char  *path,
                                  GError     **error);
gboolean  ct_output_commit       (const char  *tmp_path,
                                  const char  *path,
                                  GError     **error);
void      ct_output_discard      (const char  *tmp_path);
guint     ct_output_clean_stale  (void);

G_END_DECLS
