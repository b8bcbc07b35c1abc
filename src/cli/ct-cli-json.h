/* ct-cli-json.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

/**
 * CtJson:
 *
 * A small JSON writer for the CLI's --json output: the caller opens and
 * closes objects and arrays in order, the writer puts the commas and
 * colons. Strings are escaped; non-ASCII text stays UTF-8.
 */
typedef struct _CtJson CtJson;

CtJson *ct_json_new          (void);
void    ct_json_free         (CtJson     *self);
char   *ct_json_finish       (CtJson     *self);
void    ct_json_flush        (CtJson     *self,
                              FILE       *out);

void    ct_json_begin_object (CtJson     *self);
void    ct_json_end_object   (CtJson     *self);
void    ct_json_begin_array  (CtJson     *self);
void    ct_json_end_array    (CtJson     *self);
void    ct_json_key          (CtJson     *self,
                              const char *name);
void    ct_json_string       (CtJson     *self,
                              const char *value);
void    ct_json_int          (CtJson     *self,
                              gint64      value);
void    ct_json_bool         (CtJson     *self,
                              gboolean    value);
void    ct_json_null         (CtJson     *self);
void    ct_json_value        (CtJson     *self,
                              GString    *written);

void    ct_json_append_escaped (GString  *out,
                                const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtJson, ct_json_free)

G_END_DECLS
