/* test-projector.c — what the projector shows
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The projector on the meeting team of the program's own
 * (ct-test-meeting.h), after a meeting that advised on the first case:
 * whoever opens it, only initials, consented categories and their
 * scores reach the beamer. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ct-clock.h"
#include "ct-core.h"
#include "ct-meeting-widgets.h"
#include "ct-meeting.h"
#include "ct-projector-window.h"
#include "ct-test-meeting.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static const CtMeetingTestTeam *team;
static CtSession *session;

/* An earlier meeting, held through the core as the run view holds one:
 * the three cases on its agenda, the first closed with binding advice and
 * an action for the regisseur. Every member attended. The projector shows earlier advice; the
 * regisseur is involved in the households the meeting discussed. */
static void
hold_earlier_meeting (void)
{
  g_autoptr(CtRecord) meeting = ct_record_new ("meetings");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  CtRecord *action;
  gint64 meeting_id, item_id = 0, regisseur = 0;

  session = ct_meeting_test_switch_to ("voorzitter");
  ct_record_set (meeting, "held_on", "2026-02-03");
  ct_record_set (meeting, "status", "gepland");
  ct_record_set_int (meeting, "chair", ct_meeting_get_own_id (session));
  meeting_id = ct_session_insert (session, meeting, &error);
  g_assert_no_error (error);
  members = ct_meeting_list_members (session, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(CtRecord) attendee = ct_record_new ("attendees");

      ct_record_set_int (attendee, "meeting_id", meeting_id);
      ct_record_set_int (attendee, "member", ((CtMeetingMember *) members->pdata[i])->id);
      ct_record_set (attendee, "present", "true");
      if (((CtMeetingMember *) members->pdata[i])->role == CT_ROLE_REGISSEUR)
        regisseur = ((CtMeetingMember *) members->pdata[i])->id;
      ct_session_insert (session, attendee, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (team->case_ids); i++)
    {
      gint64 id = ct_meeting_add_case (session, meeting_id, team->case_ids[i], 15, &error);

      g_assert_no_error (error);
      if (i == 0)
        item_id = id;
    }
  /* An action for the regisseur, as the chair records one. */
  action = ct_record_new ("actions");
  ct_record_set (action, "what", "Netwerkberaad met familie en buren");
  ct_record_set (action, "partner", "Sociaal wijkteam");
  ct_record_set (action, "partner_type", "wijkteam");
  ct_record_set (action, "due_on", "2026-03-01");
  ct_record_set_int (action, "responsible", regisseur);
  g_ptr_array_add (actions, action);
  g_assert_true (ct_meeting_close_item (session, item_id, NULL,
                                        "Schulden onder bewind; woning behouden met een "
                                        "betalingsregeling.", actions, "2026-02-03", &error));
  g_assert_no_error (error);
}

/* Whether the projector shows @text. */
static gboolean
has (CtProjectorWindow *projector,
     const char        *text)
{
  return ct_meeting_test_has_text (GTK_WIDGET (projector), text);
}

/* The regisseur may read everything: the projector still shows only
 * initials, consented categories and their scores. */
static void
test_projector_privacy (void)
{
  CtProjectorWindow *projector;
  g_autoptr(GDateTime) today = ct_clock_now_local ();
  g_autofree char *fb = g_strdup_printf ("F.B., %d", ct_meeting_age ("1984-02-29", today));
  const CtTable *zrm = ct_schema_get_table ("zrm");

  session = ct_meeting_test_switch_to ("regisseur");
  projector = ct_projector_window_new (session, team->case_ids, 2);
  gtk_window_set_default_size (GTK_WINDOW (projector), 1280, 800);
  gtk_window_present (GTK_WINDOW (projector));
  ct_test_wait_for_draw (GTK_WIDGET (projector));

  ct_meeting_test_assert_no_secrets (GTK_WIDGET (projector));
  g_assert_true (has (projector, fb));
  g_assert_true (has (projector, ct_category_get_display_name (CT_CATEGORY_FINANCE)));
  g_assert_false (has (projector, ct_category_get_display_name (CT_CATEGORY_HEALTH)));
  g_assert_true (has (projector, _(ct_table_get_field (zrm, "financien")->label)));
  g_assert_true (has (projector, _(ct_table_get_field (zrm, "huisvesting")->label)));
  /* Withdrawn (health) and never consented (justice): not shown. */
  g_assert_false (has (projector, _(ct_table_get_field (zrm, "geestelijke_gezondheid")->label)));
  g_assert_false (has (projector, _(ct_table_get_field (zrm, "justitie")->label)));
  g_assert_true (has (projector, "Schulden onder bewind"));
  ct_test_screenshot (GTK_WIDGET (projector), "projector");

  ct_meeting_test_press_key (GTK_WIDGET (projector), "Right");
  g_assert_cmpuint (ct_projector_window_get_index (projector), ==, 1);
  ct_meeting_test_assert_no_secrets (GTK_WIDGET (projector));
  gtk_window_destroy (GTK_WINDOW (projector));
}

int
main (int   argc,
      char *argv[])
{
  ct_meeting_test_init (&argc, &argv);
  team = ct_meeting_test_team ();
  hold_earlier_meeting ();

  g_test_add_func ("/meeting/projector-privacy", test_projector_privacy);

  return ct_meeting_test_run ();
}
