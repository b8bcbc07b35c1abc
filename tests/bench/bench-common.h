/* bench-common.h — what the benchmark programs share
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*BenchRoleFunc) (const char *path,
                               const char *login);

double  bench_now_ms         (void);
double  bench_ms_since       (gint64         start);
double  bench_median         (const double  *values,
                              guint          n);
double  bench_median_array   (GArray        *values);
void    bench_figure         (const char    *key,
                              double         value);
void    bench_remove_tree    (const char    *path);
int     bench_demo_main      (const char    *name,
                              int            argc,
                              char         **argv,
                              BenchRoleFunc  bench_role);

G_END_DECLS
