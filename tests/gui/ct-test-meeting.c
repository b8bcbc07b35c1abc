/* ct-test-meeting.c — the meeting team, one per test program
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* test-meeting (a whole meeting run through its own widgets),
 * test-meeting-agenda (a meeting held, reopened and resumed) and
 * test-projector (what the beamer shows) each make this team of their own
 * with the core API: a voorzitter who chairs, a regisseur and politie;
 * three cases of households with full names, BSN and addresses, consent
 * for some categories and a ZRM for the first. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ct-core.h"
#include "ct-meeting-widgets.h"
#include "ct-meetings-page-private.h"
#include "ct-page.h"
#include "ct-test-meeting.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

/* What must never reach the beamer. */
const char * const ct_meeting_test_secrets[] = {
  "Fatima", "Bakker", "Youssef", "111222333", "Kastanjelaan", "1211", "06-12345678", "0612345678",
  "fatima.bakker@example.nl", "Hilversum", "Kees", "Jansen", NULL,
};

static CtMeetingTestTeam team;
static CtSession *session;

/* Locks the session open, if any, and unlocks the team as @login: one
 * session at a time, as the file lock requires. Returns: (transfer none)
 * the new session, held until the next switch or the end of the program */
CtSession *
ct_meeting_test_switch_to (const char *login)
{
  g_autoptr(GError) error = NULL;

  if (session != NULL)
    {
      ct_session_lock (session);
      g_clear_object (&session);
    }
  session = ct_session_unlock (team.path, login, CT_MEETING_TEST_PASS, &error);
  g_assert_no_error (error);
  return session;
}

static gint64
insert (CtRecord *record)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ct_session_insert (session, record, &error);

  g_assert_no_error (error);
  return id;
}

static void
add_person (gint64      household,
            const char *first,
            const char *last,
            const char *bsn,
            const char *birth)
{
  g_autoptr(CtRecord) p = ct_record_new ("persons");

  ct_record_set_int (p, "household_id", household);
  ct_record_set (p, "first_name", first);
  ct_record_set (p, "last_name", last);
  ct_record_set (p, "bsn", bsn);
  ct_record_set (p, "birth_date", birth);
  ct_record_set (p, "street", "Kastanjelaan");
  ct_record_set (p, "house_number", "12");
  ct_record_set (p, "postcode", "1211 AB");
  ct_record_set (p, "city", "Hilversum");
  ct_record_set (p, "phone", "06-12345678");
  ct_record_set (p, "email", "fatima.bakker@example.nl");
  insert (p);
}

static void
add_consent (gint64      case_id,
             const char *category,
             const char *withdrawn)
{
  g_autoptr(CtRecord) c = ct_record_new ("consents");

  ct_record_set_int (c, "case_id", case_id);
  ct_record_set (c, "category", category);
  ct_record_set (c, "purpose", "delen_aan_tafel");
  ct_record_set (c, "basis", "toestemming");
  ct_record_set (c, "given_on", "2026-01-05");
  ct_record_set (c, "share_at_table", "true");
  ct_record_set (c, "withdrawn_on", withdrawn);
  insert (c);
}

static void
add_organisation (gint64      household,
                  const char *name,
                  const char *cents)
{
  g_autoptr(CtRecord) o = ct_record_new ("organisations");

  ct_record_set_int (o, "household_id", household);
  ct_record_set (o, "name", name);
  ct_record_set (o, "yearly_cost_cents", cents);
  insert (o);
}

static void
make_case (guint       i,
           const char *number,
           const char *summary)
{
  g_autoptr(CtRecord) h = ct_record_new ("households");
  g_autoptr(CtRecord) c = ct_record_new ("cases");

  ct_record_set (h, "area", "Centrum");
  ct_record_set (h, "health_mental", "Depressieve klachten, behandeling bij de GGZ");
  team.households[i] = insert (h);
  ct_record_set_int (c, "household_id", team.households[i]);
  ct_record_set (c, "number", number);
  ct_record_set (c, "referral_date", "2026-01-05");
  ct_record_set (c, "summary", summary);
  ct_record_set (c, "question", "Hoe voorkomen we een huisuitzetting?");
  ct_record_set (c, "status", "aangemeld");
  team.case_ids[i] = insert (c);
}

static void
make_team (void)
{
  CtVaultCreateInfo info = { "Expertteam Oost", "voorzitter", "Vera Voorzitter",
                             CT_ROLE_VOORZITTER, TRUE, CT_MEETING_TEST_PASS };
  const struct { const char *login, *name; CtRole role; } members[] = {
    { "regisseur", "Rob Regisseur", CT_ROLE_REGISSEUR },
    { "politie", "Paula Politie", CT_ROLE_POLITIE },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) recovery = NULL;
  CtSecret *codes[G_N_ELEMENTS (members)];
  g_autoptr(CtRecord) zrm = ct_record_new ("zrm");

  team.dir = g_dir_make_tmp ("ct-meeting-XXXXXX", &error);
  team.path = g_build_filename (team.dir, "team.casus", NULL);
  g_assert_true (ct_vault_create (team.path, &info, &recovery, &error));
  session = ct_meeting_test_switch_to ("voorzitter");
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      codes[i] = ct_session_add_member (session, members[i].login, members[i].name,
                                        members[i].role, FALSE, &error);
      g_assert_no_error (error);
    }
  ct_session_lock (session);
  g_clear_object (&session);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_assert_true (ct_vault_enrol (team.path, members[i].login, codes[i], CT_MEETING_TEST_PASS,
                                     &error));
      ct_secret_free (codes[i]);
    }

  session = ct_meeting_test_switch_to ("regisseur");
  make_case (0, "2026-001", "Huurachterstand en schulden; de zoon gaat niet naar school.");
  add_person (team.households[0], "Fatima", "Bakker", "111222333", "1984-02-29");
  add_person (team.households[0], "Youssef", "Bakker", "123456782", "2010-05-01");
  add_consent (team.case_ids[0], "finance", NULL);
  add_consent (team.case_ids[0], "housing", NULL);
  add_consent (team.case_ids[0], "general", NULL);
  add_consent (team.case_ids[0], "health", "2026-01-20");
  add_organisation (team.households[0], "Woonstichting De Gooi", "120000");
  add_organisation (team.households[0], "Kredietbank", "350000");
  ct_record_set_int (zrm, "case_id", team.case_ids[0]);
  ct_record_set (zrm, "assessed_on", "2026-01-10");
  ct_record_set (zrm, "kind", "intake");
  ct_record_set (zrm, "financien", "1");
  ct_record_set (zrm, "huisvesting", "2");
  ct_record_set (zrm, "geestelijke_gezondheid", "2");
  ct_record_set (zrm, "sociaal_netwerk", "3");
  ct_record_set (zrm, "justitie", "4");
  insert (zrm);

  make_case (1, "2026-002", "Overlast en dreigende ontruiming.");
  add_person (team.households[1], "Kees", "Jansen", "111222333", "1960-07-07");
  make_case (2, "2026-003", "Jongere zonder dagbesteding.");
}

GtkWindow *
ct_meeting_test_window (GtkWidget *child,
                        int        width,
                        int        height)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());

  adw_window_set_content (ADW_WINDOW (window), child);
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 const char         *accel)
{
  g_autofree char *text = gtk_shortcut_trigger_to_string (trigger);
  g_auto(GStrv) alternatives = g_strsplit (text, "|", -1);

  return g_strv_contains ((const char * const *) alternatives, accel);
}

/* Runs the shortcut bound to @accel on @widget as the key press would:
 * capture-phase controllers first, as GTK delivers the event. */
void
ct_meeting_test_press_key (GtkWidget  *widget,
                           const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint k = 0; k < 2 * g_list_model_get_n_items (controllers); k++)
    {
      guint i = k % g_list_model_get_n_items (controllers);
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean capture = k < g_list_model_get_n_items (controllers);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller)
          || (gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE) != capture)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), accel))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           widget, gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_error ("No shortcut %s", accel);
}

/* Whether @list, with no rows, shows @text on screen in their place
 * (gtk_list_box_set_placeholder()). */
gboolean
ct_meeting_test_shows_placeholder (GtkListBox *list,
                                   const char *text)
{
  if (ct_meeting_test_count_rows (list) > 0 || !gtk_widget_get_mapped (GTK_WIDGET (list)))
    return FALSE;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (list)); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LABEL (c) && gtk_widget_get_mapped (c)
        && g_strcmp0 (gtk_label_get_text (GTK_LABEL (c)), text) == 0)
      return TRUE;
  return FALSE;
}

guint
ct_meeting_test_count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static gboolean
agenda_read (gpointer page)
{
  return !ct_page_is_loading (page);
}

/* The agenda is read in a worker (ct_meeting_agenda_load()): after
 * opening a meeting and after each change a test waits for it. */
void
ct_meeting_test_wait_agenda (CtMeetingsPage *page)
{
  ct_test_wait_until (agenda_read, page, 20, "the agenda to be read");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->agenda_stack), ==, "agenda");
}

gboolean
ct_meeting_test_has_text (GtkWidget  *root,
                          const char *text)
{
  const char *a11y = g_object_get_data (G_OBJECT (root), CT_MEETING_A11Y_TEXT);

  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;
  if (a11y != NULL && strstr (a11y, text) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (ct_meeting_test_has_text (c, text))
      return TRUE;
  return FALSE;
}

/* Every label, text and drawing area's accessible text in the window. */
void
ct_meeting_test_assert_no_secrets (GtkWidget *root)
{
  const char *texts[3] = { NULL, NULL, NULL };

  if (GTK_IS_LABEL (root))
    texts[0] = gtk_label_get_text (GTK_LABEL (root));
  if (GTK_IS_TEXT (root))
    texts[0] = gtk_editable_get_text (GTK_EDITABLE (root));
  if (GTK_IS_DRAWING_AREA (root))
    {
      texts[1] = g_object_get_data (G_OBJECT (root), CT_MEETING_A11Y_TEXT);
      g_assert_nonnull (texts[1]);
    }
  texts[2] = gtk_widget_get_tooltip_text (root);
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint i = 0; texts[t] != NULL && ct_meeting_test_secrets[i] != NULL; i++)
      if (strstr (texts[t], ct_meeting_test_secrets[i]) != NULL)
        g_error ("The projector shows \"%s\" in \"%s\"", ct_meeting_test_secrets[i], texts[t]);

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    ct_meeting_test_assert_no_secrets (c);
}

/**
 * ct_meeting_test_init:
 *
 * As ct_test_init(), with the application's style sheet, then makes the
 * program's own team in a temporary folder; ct_meeting_test_run() runs the
 * tests and removes the folder with everything they left in it.
 */
void
ct_meeting_test_init (int    *argc,
                      char ***argv)
{
  g_autoptr(GtkCssProvider) css = NULL;

  ct_test_init (argc, argv);
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/nl/casustafel/Casustafel/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  make_team ();
}

int
ct_meeting_test_run (void)
{
  int ret = g_test_run ();

  if (session != NULL)
    ct_session_lock (session);
  g_clear_object (&session);
  ct_test_remove_dir (team.dir);
  g_clear_pointer (&team.path, g_free);
  g_clear_pointer (&team.dir, g_free);
  return ret;
}

const CtMeetingTestTeam *
ct_meeting_test_team (void)
{
  return &team;
}
