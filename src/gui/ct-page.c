/* ct-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The interface every sidebar page implements: the shell reloads a page
 * when it is shown again, lets it go when the team locks and tells it
 * which case is open, without knowing what kind of page it is. A page is
 * made with its session, `ct_xxx_page_new (session)`. */

#define G_LOG_DOMAIN "ct-page"

#include "config.h"

#include "ct-page.h"

G_DEFINE_INTERFACE (CtPage, ct_page, GTK_TYPE_WIDGET)

static void
ct_page_default_init (CtPageInterface *iface)
{
}

/**
 * ct_page_reload:
 * @self: a #CtPage
 *
 * Reads afresh what the page shows, as when it is shown again after the
 * member worked in another page. A page the member is at work in stays as
 * it is.
 */
void
ct_page_reload (CtPage *self)
{
  CtPageInterface *iface;

  g_return_if_fail (CT_IS_PAGE (self));

  iface = CT_PAGE_GET_IFACE (self);
  if (iface->reload != NULL)
    iface->reload (self);
}

/**
 * ct_page_release:
 * @self: a #CtPage
 *
 * Lets go of the session and closes the dialogs the page opened, so that
 * nothing of the team stays with the page even if something still holds
 * it. A page that does all this in its dispose leaves @release unset.
 */
void
ct_page_release (CtPage *self)
{
  CtPageInterface *iface;

  g_return_if_fail (CT_IS_PAGE (self));

  iface = CT_PAGE_GET_IFACE (self);
  if (iface->release != NULL)
    iface->release (self);
}

/**
 * ct_page_set_open_case:
 * @self: a #CtPage
 * @case_id: the case open on the Cases page, or 0
 *
 * Tells the page which case the member has open, so that what it makes
 * anew (an expense on the budget page) can default to that case.
 */
void
ct_page_set_open_case (CtPage *self,
                       gint64  case_id)
{
  CtPageInterface *iface;

  g_return_if_fail (CT_IS_PAGE (self));

  iface = CT_PAGE_GET_IFACE (self);
  if (iface->set_open_case != NULL)
    iface->set_open_case (self, case_id);
}

/**
 * ct_page_is_loading:
 * @self: a #CtPage
 *
 * Returns: whether the page is still reading what it shows in a worker
 *   (ct_session_read_async()); a page that reads nothing so returns %FALSE
 */
gboolean
ct_page_is_loading (CtPage *self)
{
  CtPageInterface *iface;

  g_return_val_if_fail (CT_IS_PAGE (self), FALSE);

  iface = CT_PAGE_GET_IFACE (self);
  return iface->is_loading != NULL && iface->is_loading (self);
}
