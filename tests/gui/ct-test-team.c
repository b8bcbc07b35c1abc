/* ct-test-team.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ct-case-page.h"
#include "ct-demo.h"
#include "ct-plan-view-private.h"
#include "ct-zrm-chart.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static void
add_enrolled (CtSession  *admin,
              const char *path,
              const char *login,
              const char *name,
              CtRole      role,
              GPtrArray  *pending)
{
  g_autoptr(GError) error = NULL;
  char *code = ct_session_add_member (admin, login, name, role, FALSE, &error);

  g_assert_no_error (error);
  g_ptr_array_add (pending, g_strdup (login));
  g_ptr_array_add (pending, g_strdup (code));
  ct_secret_free (code);
}

static gint64
insert (CtSession *session,
        CtRecord  *record)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ct_session_insert (session, record, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
add_household (CtTestTeam *team,
               CtSession  *session)
{
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) kase = ct_record_new ("cases");

  ct_record_set (household, "area", "Oost");
  team->household_id = insert (session, household);

  ct_record_set_int (kase, "household_id", team->household_id);
  ct_record_set (kase, "number", "2026-014");
  ct_record_set (kase, "referral_date", "2026-01-12");
  ct_record_set (kase, "status", "in_uitvoering");
  team->case_id = insert (session, kase);
}

/**
 * ct_test_need_to_know_off:
 * @admin_login: a beheerder of the team at @path
 *
 * A new team (and the demo) limits each member to the households they
 * are involved in (docs/security.md). A test of something else whose
 * members look at households they have no part in switches it off first,
 * as a beheerder of such a team would; test-casework and the core's
 * test-involvement test the limit itself.
 */
void
ct_test_need_to_know_off (const char *path,
                          const char *admin_login,
                          const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) admin = ct_session_unlock (path, admin_login, passphrase, &error);

  g_assert_no_error (error);
  g_assert_true (ct_session_set_need_to_know (admin, FALSE, ct_session_get_meeting_days (admin),
                                              &error));
  g_assert_no_error (error);
  ct_session_lock (admin);
}

/**
 * ct_test_demo_new:
 * @n_households: how many households ct_demo_create() invents
 * @seed: its seed
 * @every_household: whether every role sees every household
 *   (ct_test_need_to_know_off()) instead of those it is involved in
 *
 * Makes a demo team in a temporary folder of its own, for a program's
 * tests to share. Returns: the team file's path; free it with
 * ct_test_demo_free(), which removes the file and the folder.
 */
char *
ct_test_demo_new (guint    n_households,
                  guint32  seed,
                  gboolean every_household)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("casustafel-demo-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, "Demo.casus", NULL);
  g_assert_true (ct_demo_create (path, n_households, seed, NULL, NULL, &error));
  g_assert_no_error (error);
  if (every_household)
    ct_test_need_to_know_off (path, "beheerder", CT_DEMO_PASSPHRASE);
  return path;
}

void
ct_test_demo_free (char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
  g_free (path);
}

/**
 * ct_test_remove_dir:
 *
 * Removes the files in @dir, a test program's temporary folder, and the
 * folder.
 */
void
ct_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

CtTestTeam *
ct_test_team_new (void)
{
  CtTestTeam *team = g_new0 (CtTestTeam, 1);
  CtVaultCreateInfo info = {
    "Wijkteam Oost", "anna", "Anna de Vries", CT_ROLE_REGISSEUR, TRUE, CT_TEST_PASSPHRASE,
  };
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) admin = NULL;

  g_assert_true (ct_init (&error));
  team->dir = g_dir_make_tmp ("ct-test-XXXXXX", &error);
  g_assert_no_error (error);
  team->path = g_build_filename (team->dir, "team.casus", NULL);
  g_assert_true (ct_vault_create (team->path, &info, &team->recovery_key, &error));
  g_assert_no_error (error);

  admin = ct_test_team_unlock (team, "anna");
  add_enrolled (admin, team->path, "bob", "Bob Jansen", CT_ROLE_REGISSEUR, pending);
  add_enrolled (admin, team->path, "carla", "Carla Bakker", CT_ROLE_POLITIE, pending);
  add_household (team, admin);
  ct_session_lock (admin);

  for (guint i = 0; i < pending->len; i += 2)
    {
      g_assert_true (ct_vault_enrol (team->path, g_ptr_array_index (pending, i),
                                     g_ptr_array_index (pending, i + 1), CT_TEST_PASSPHRASE,
                                     &error));
      g_assert_no_error (error);
    }
  ct_test_need_to_know_off (team->path, "anna", CT_TEST_PASSPHRASE);
  return team;
}

void
ct_test_team_free (CtTestTeam *team)
{
  g_unlink (team->path);
  g_rmdir (team->dir);
  g_free (team->path);
  g_free (team->dir);
  ct_secret_free (team->recovery_key);
  g_free (team);
}

CtSession *
ct_test_team_unlock (CtTestTeam *team,
                     const char *login)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (team->path, login, CT_TEST_PASSPHRASE, &error);

  g_assert_no_error (error);
  return session;
}

/* A copy of the team's file, @name in its folder, unlocked by @login and
 * made a replica of its own, for a test that syncs two laptops. */
CtSession *
ct_test_team_replica (CtTestTeam *team,
                      const char *name,
                      const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (team->dir, name, NULL);
  g_autofree char *data = NULL;
  gsize len;
  CtSession *session;

  g_assert_true (g_file_get_contents (team->path, &data, &len, &error));
  g_assert_true (g_file_set_contents (path, data, (gssize) len, &error));
  session = ct_session_unlock (path, login, CT_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_sync_new_replica (session, &error));
  g_assert_no_error (error);
  return session;
}

/* The case's @field as @session reads it. */
char *
ct_test_case_field (CtSession  *session,
                    gint64      case_id,
                    const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, "cases", case_id, &error);

  g_assert_no_error (error);
  return g_strdup (ct_record_get (record, field));
}

static gboolean
only_reference (gpointer session)
{
  return G_OBJECT (session)->ref_count == 1;
}

/**
 * ct_test_session_free:
 * @session: (transfer full): the test's reference
 *
 * Waits until the test's is the only reference left (a page's worker lets
 * go of its own when its result is in), then locks @session and drops it,
 * failing the test when anything still holds it: a leaked page keeps the
 * session, and its keys, in memory.
 */
void
ct_test_session_free (CtSession *session)
{
  g_assert_true (CT_IS_SESSION (session));
  ct_test_wait_until (only_reference, session, 20, "the session's other references to go");
  ct_session_lock (session);
  g_assert_finalize_object (session);
}

/* The application's style sheet, which AdwApplication loads for the app. */
static void
load_style (void)
{
  static GtkCssProvider *provider;

  if (provider != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* A real toplevel under Xvfb, shown and drawn. */
GtkWindow *
ct_test_team_window (GtkWidget *child,
                     int        width,
                     int        height)
{
  GtkWidget *window = adw_window_new ();

  load_style ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (child, TRUE);
  gtk_box_append (GTK_BOX (box), child);
  adw_window_set_content (ADW_WINDOW (window), box);
  /* No reference: ct_test_close_window() checks that it goes. */
  g_object_set_data (G_OBJECT (window), "ct-test-child", child);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  ct_test_wait_for_draw (window);
  return GTK_WINDOW (window);
}

static gboolean
finalized (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Closes @window and waits until it is finalized, and with it the widget
 * ct_test_team_window() showed in it: a page that anything still holds
 * keeps its session, and the session's keys, in memory. */
void
ct_test_close_window (GtkWindow *window)
{
  gpointer shown = g_object_get_data (G_OBJECT (window), "ct-test-child");
  gpointer left = window;

  g_object_add_weak_pointer (G_OBJECT (window), &left);
  if (shown != NULL)
    g_object_add_weak_pointer (G_OBJECT (shown), &shown);
  gtk_window_destroy (window);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the window to close");
  ct_test_wait_until (finalized, &left, 20, "the window to be finalized");
  ct_test_wait_until (finalized, &shown, 20, "the page it showed to be finalized");
}

/* As a person clicks: only a button on screen and sensitive. */
void
ct_test_click (gpointer button)
{
  g_assert_nonnull (button);
  /* Mapped: shown, and every widget it is in too, in a window on screen. */
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
dialog_mapped (gpointer data)
{
  AdwMessageDialog **slot = data;

  return *slot != NULL && gtk_widget_get_mapped (GTK_WIDGET (*slot));
}

/* Waits until *slot holds a dialog that is drawn. */
gpointer
ct_test_wait_for_dialog (AdwMessageDialog **slot)
{
  ct_test_wait_until (dialog_mapped, slot, 20, "a dialog");
  ct_test_wait_for_draw (GTK_WIDGET (*slot));
  return *slot;
}

/* Saves @widget as WHAT-LANG.png. */
void
ct_test_screenshot (gpointer    widget,
                    const char *what)
{
  g_autofree char *name = g_strdup_printf ("%s-%s.png", what, ct_test_get_language ());

  ct_test_save_screenshot (GTK_WIDGET (widget), name);
}

/* Answers a dialog as its button would, and closes it. */
void
ct_test_respond (AdwMessageDialog *dialog,
                 const char       *response)
{
  GtkWidget *window = GTK_WIDGET (dialog);

  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  adw_message_dialog_response (dialog, response);
  if (window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (window), (gpointer *) &window);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  ct_test_wait_until (ct_test_settled, NULL, 20, "the response to be handled");
}

static gboolean
case_page_loaded (gpointer page)
{
  GtkWidget *plan;
  GtkWidget *chart;

  if (ct_case_page_get_loading (page))
    return FALSE;
  /* Its plan and ZRM sections read in workers of their own. */
  plan = ct_test_find_widget (page, CT_TYPE_PLAN_VIEW);
  chart = ct_test_find_widget (page, CT_TYPE_ZRM_CHART);
  return (plan == NULL || !_ct_plan_view_is_loading (CT_PLAN_VIEW (plan)))
         && (chart == NULL || !ct_zrm_chart_get_loading (CT_ZRM_CHART (chart)));
}

/**
 * ct_test_wait_case_page:
 *
 * Iterates the main context until @page has shown the case it reads in a
 * worker (ct_case_page_load()), and its plan and ZRM chart what they read
 * in theirs.
 */
void
ct_test_wait_case_page (CtCasePage *page)
{
  ct_test_wait_until (case_page_loaded, page, 60, "the case page to load");
}
