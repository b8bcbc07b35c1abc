/* ct-team-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-team-page.h"

/* The page after unlocking; the case work fills it in later. */
struct _CtTeamPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwStatusPage *status_page;
  GtkLabel *signed_in_label;
};

G_DEFINE_FINAL_TYPE (CtTeamPage, ct_team_page, ADW_TYPE_BIN)

static char *
format_signed_in (CtSession *session)
{
  const char *name = ct_session_get_display_name (session);
  const char *role = ct_role_get_display_name (ct_session_get_role (session));

  if (ct_session_is_admin (session))
    return g_strdup_printf (_("Signed in as %s (%s, beheerder)"), name, role);

  return g_strdup_printf (_("Signed in as %s (%s)"), name, role);
}

static void
ct_team_page_class_init (CtTeamPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* No dispose: AdwBin unparents the template's one child itself. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtTeamPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CtTeamPage, signed_in_label);
}

static void
ct_team_page_init (CtTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ct_team_page_set_session:
 * @self: a #CtTeamPage
 * @session: (nullable): the unlocked session, or %NULL once it is locked
 *
 * Shows who is signed in to which team; %NULL empties every label, so a
 * locked window holds no team data even in hidden widgets.
 */
void
ct_team_page_set_session (CtTeamPage *self,
                          CtSession  *session)
{
  g_autofree char *signed_in = NULL;

  g_return_if_fail (CT_IS_TEAM_PAGE (self));
  g_return_if_fail (session == NULL || CT_IS_SESSION (session));

  if (session != NULL)
    signed_in = format_signed_in (session);

  /* Team and member names are people's text: plain text, never markup. */
  adw_status_page_set_title (self->status_page,
                             session != NULL ? ct_session_get_team_name (session) : "");
  gtk_label_set_text (self->signed_in_label, signed_in != NULL ? signed_in : "");
}
