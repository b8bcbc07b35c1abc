/* ct-gui-labels.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ct-core.h"

G_BEGIN_DECLS

const char *ct_gui_enum_label        (const CtField *field,
                                      const char    *value);
const char *ct_gui_table_label       (const char    *table);
const char *ct_gui_domain_label      (guint          domain);
int         ct_gui_domain_index      (const char    *name);
const char *ct_gui_zrm_level         (guint          level);
const char *ct_gui_zrm_level_description (guint      domain,
                                          guint      level);
char       *ct_gui_enum_set_label    (const CtField *field,
                                      const char    *values);
char       *ct_gui_format_date       (const char    *iso_date);
char       *ct_gui_date_hint         (void);
char       *ct_gui_date_title        (const char    *label);
GtkStringList *ct_gui_record_choices (CtSession     *session,
                                      const char    *table,
                                      const char    *label_field,
                                      GArray        *ids);
char       *ct_gui_format_field      (const CtField *field,
                                      const char    *value);
char       *ct_gui_field_to_text     (const CtField *field,
                                      const char    *value);
char       *ct_gui_field_from_text   (const CtField *field,
                                      const char    *text,
                                      GError       **error);
char       *ct_gui_today             (void);
void        ct_gui_clear_field_errors (GtkWidget *const *rows,
                                      guint          n_rows,
                                      GtkLabel      *error_label);
void        ct_gui_show_field_error  (const char    *table,
                                      const char *const *fields,
                                      GtkWidget *const *rows,
                                      guint          n_rows,
                                      GtkLabel      *error_label,
                                      const char    *message);
GPtrArray  *ct_gui_list_members      (CtSession     *session);
char       *ct_gui_member_name       (GPtrArray     *members,
                                      gint64         id);

G_END_DECLS
