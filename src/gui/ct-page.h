/* ct-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_PAGE (ct_page_get_type ())

G_DECLARE_INTERFACE (CtPage, ct_page, CT, PAGE, GtkWidget)

/**
 * CtPageInterface:
 * @reload: reads afresh what other pages may have changed, unless the
 *   member is at work in the page (an open form, a meeting being run)
 * @release: lets go of the session and closes what the page opened over
 *   the team; the page is about to be replaced by an empty one
 * @set_open_case: the case the member has open on the Cases page, 0 for
 *   none
 * @is_loading: whether the page is reading what it shows in a worker
 *
 * What the window's shell asks of a sidebar page, so that it treats every
 * page alike. Each member may be left %NULL when the page has nothing to
 * do for it.
 */
struct _CtPageInterface
{
  GTypeInterface g_iface;

  void (*reload)        (CtPage *self);
  void (*release)       (CtPage *self);
  void (*set_open_case) (CtPage *self,
                         gint64  case_id);
  gboolean (*is_loading) (CtPage *self);
};

void     ct_page_reload        (CtPage *self);
void     ct_page_release       (CtPage *self);
void     ct_page_set_open_case (CtPage *self,
                                gint64  case_id);
gboolean ct_page_is_loading    (CtPage *self);

G_END_DECLS
