/* test-doorbraak.c — the rules of a doorbraak hold on every write path
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every forbidden step is tried through the plain ct_session_insert() and
 * ct_session_update(), as every kind of member, not through
 * ct_doorbraak_set_status(): the core boundary must refuse it with the
 * field named, and leave the row as it was. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-doorbraak-private.h"
#include "ct-error.h"

#define PASS          "geheim geheim"
#define LEGITIMATION  "Voorkomt een ontruiming die veel meer kost."

static char *dir;
static char *path;
static CtSecret *recovery;
static gint64 case_id;

/* Who tries: three members who may not approve, the voorzitter, and a
 * beheerder whose role is an expert's. */
static const char * const non_approvers[] = { "regisseur", "ggz", "politie", NULL };
static const char * const approvers[] = { "voorzitter", "beheer", NULL };
static const char * const everyone[] = { "regisseur", "ggz", "politie", "voorzitter", "beheer",
                                         NULL };

enum { PROPOSED, APPROVED, CARRIED_OUT, SHARED, N_STEPS };
static const char * const statuses[] = { "voorgesteld", "goedgekeurd", "uitgevoerd", "gedeeld",
                                         NULL };

typedef struct
{
  const char *field;
  const char *value;
} Change;

static CtSession *
unlock (const char *login)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = login != NULL ? ct_session_unlock (path, login, PASS, &error)
                                     : ct_session_unlock_with_recovery_key (path, recovery, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static CtRecord *
get (CtSession *session,
     gint64     id)
{
  g_autoptr(GError) error = NULL;
  CtRecord *d = ct_session_get (session, "doorbraken", id, &error);

  g_assert_no_error (error);
  return d;
}

static guint
count_doorbraken (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ct_session_list (session, "doorbraken", NULL, 0, &error);

  g_assert_no_error (error);
  return rows->len;
}

static void
assert_same (CtRecord *a,
             CtRecord *b)
{
  const CtTable *table = ct_record_get_table (a);

  for (guint i = 0; i < table->n_fields; i++)
    g_assert_cmpstr (ct_record_get (a, table->fields[i].name), ==,
                     ct_record_get (b, table->fields[i].name));
}

static void
assert_refused (GError     *error,
                gint        code,
                const char *label)
{
  g_autofree char *prefix = g_strdup_printf ("%s: ", label);

  g_assert_error (error, CT_ERROR, code);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not name the field %s", error->message, label);
}

/* Applies @changes to doorbraak @id through ct_session_update(). @code 0:
 * must be stored; otherwise refused with @code, naming the field @label,
 * and nothing stored. */
static void
update (CtSession    *session,
        gint64        id,
        const Change *changes,
        guint         n_changes,
        gint          code,
        const char   *label)
{
  g_autoptr(CtRecord) before = get (session, id);
  g_autoptr(CtRecord) d = get (session, id);
  g_autoptr(CtRecord) after = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  for (guint i = 0; i < n_changes; i++)
    ct_record_set (d, changes[i].field, changes[i].value);
  ok = ct_session_update (session, d, &error);
  after = get (session, id);
  if (code == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      for (guint i = 0; i < n_changes; i++)
        g_assert_cmpstr (ct_record_get (after, changes[i].field), ==, changes[i].value);
      return;
    }
  g_assert_false (ok);
  assert_refused (error, code, label);
  assert_same (before, after);
}

static void
set_status (CtSession  *session,
            gint64      id,
            const char *status,
            gint        code,
            const char *label)
{
  Change change = { "status", status };

  update (session, id, &change, 1, code, label);
}

static CtRecord *
new_doorbraak (const char *status,
               gboolean    legitimised)
{
  CtRecord *d = ct_record_new ("doorbraken");

  ct_record_set_int (d, "case_id", case_id);
  ct_record_set (d, "situation", "Een wachttijd van vier weken blokkeerde de hulp.");
  ct_record_set (d, "blocked_rule", "Wachttijd bij een aanvraag");
  ct_record_set (d, "alternative", "De hulp begon direct, uit het maatwerkbudget.");
  ct_record_set (d, "decided_by", "Teammanager Inkomen");
  ct_record_set (d, "mandate", "Mandaat maatwerk sociaal domein");
  if (legitimised)
    ct_record_set (d, "legitimation", LEGITIMATION);
  ct_record_set (d, "status", status);
  return d;
}

static gint64
propose (const char *login,
         gboolean    legitimised)
{
  g_autoptr(CtCoreTestSession) session = unlock (login);
  g_autoptr(CtRecord) d = new_doorbraak ("voorgesteld", legitimised);
  g_autoptr(GError) error = NULL;
  gint64 id = ct_session_insert (session, d, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A doorbraak taken to @step the way the app does: proposed by the
 * regisseur, approved by the voorzitter, carried out and shared (after the
 * check) by the regisseur. */
static gint64
doorbraak_at (int step)
{
  gint64 id = propose ("regisseur", TRUE);
  g_autoptr(CtCoreTestSession) session = NULL;
  g_autoptr(CtRecord) d = NULL;
  g_autoptr(GError) error = NULL;

  if (step >= APPROVED)
    {
      session = unlock ("voorzitter");
      set_status (session, id, "goedgekeurd", 0, NULL);
      g_clear_pointer (&session, ct_core_test_session_free);
    }
  session = unlock ("regisseur");
  if (step >= CARRIED_OUT)
    set_status (session, id, "uitgevoerd", 0, NULL);
  if (step >= SHARED)
    {
      g_assert_true (ct_doorbraak_mark_shared (session, id, NULL, &error));
      g_assert_no_error (error);
    }
  d = get (session, id);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, statuses[step]);
  return id;
}

/* A new doorbraak is a proposal, whoever records it: not approved, carried
 * out or shared at once. */
static void
test_insert (void)
{
  for (guint i = 0; everyone[i] != NULL; i++)
    {
      g_autoptr(CtCoreTestSession) session = unlock (everyone[i]);
      guint n = count_doorbraken (session);

      for (int step = APPROVED; step < N_STEPS; step++)
        {
          g_autoptr(CtRecord) d = new_doorbraak (statuses[step], TRUE);
          g_autoptr(GError) error = NULL;

          g_assert_cmpint (ct_session_insert (session, d, &error), ==, 0);
          assert_refused (error, step == SHARED ? CT_ERROR_RESTRICTED : CT_ERROR_INVALID_FIELD,
                          "Status");
          g_assert_cmpuint (count_doorbraken (session), ==, n);
        }
      {
        g_autoptr(CtRecord) d = new_doorbraak ("voorgesteld", FALSE);
        g_autoptr(GError) error = NULL;

        g_assert_cmpint (ct_session_insert (session, d, &error), >, 0);
        g_assert_no_error (error);
        g_assert_cmpuint (count_doorbraken (session), ==, n + 1);
      }
    }
}

/* Only the voorzitter or a beheerder approves, as a member: not the
 * regisseur, not an expert, not a recovery session. The access log holds
 * the approver's update and none of the refused ones. */
static void
test_who_approves (void)
{
  gint64 id = propose ("regisseur", TRUE);
  gint64 other = propose ("ggz", TRUE);
  g_autoptr(CtCoreTestSession) session = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  guint n_updates = 0;

  for (guint i = 0; non_approvers[i] != NULL; i++)
    {
      session = unlock (non_approvers[i]);
      /* What the page asks before it offers the step. */
      g_assert_false (ct_doorbraak_can_advance (session, "voorgesteld"));
      g_assert_true (ct_doorbraak_can_advance (session, "goedgekeurd"));
      g_assert_false (ct_doorbraak_can_advance (session, "uitgevoerd"));
      set_status (session, id, "goedgekeurd", CT_ERROR_RESTRICTED, "Status");
      g_clear_pointer (&session, ct_core_test_session_free);
    }
  session = unlock (NULL);
  set_status (session, id, "goedgekeurd", CT_ERROR_RESTRICTED, "Status");
  g_clear_pointer (&session, ct_core_test_session_free);

  session = unlock ("voorzitter");
  g_assert_true (ct_doorbraak_can_advance (session, "voorgesteld"));
  set_status (session, id, "goedgekeurd", 0, NULL);
  g_clear_pointer (&session, ct_core_test_session_free);
  session = unlock ("beheer");
  set_status (session, other, "goedgekeurd", 0, NULL);

  log = ct_session_read_log (session, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *entry = g_ptr_array_index (log, i);

      if (entry->action != 'U' || g_strcmp0 (entry->object_table, "doorbraken") != 0
          || entry->object_id != id)
        continue;
      g_assert_cmpstr (entry->login, ==, "voorzitter");
      n_updates++;
    }
  g_assert_cmpuint (n_updates, ==, 1);
}

/* Approving needs a legitimation; given in the same write, it is enough. */
static void
test_approve_needs_legitimation (void)
{
  const Change with[] = { { "legitimation", LEGITIMATION }, { "status", "goedgekeurd" } };

  for (guint i = 0; approvers[i] != NULL; i++)
    {
      gint64 id = propose ("regisseur", FALSE);
      g_autoptr(CtCoreTestSession) session = unlock (approvers[i]);

      set_status (session, id, "goedgekeurd", CT_ERROR_INVALID_FIELD, "Legitimation");
      update (session, id, with, G_N_ELEMENTS (with), 0, NULL);
    }
}

/* From every step, every status that is not the next one is refused to
 * everyone: no step skipped, none back, "gedeeld" never by a plain write.
 * The one step forward after approval is anyone's. */
static void
test_steps (void)
{
  gint64 ids[N_STEPS];

  for (int step = 0; step < N_STEPS; step++)
    ids[step] = doorbraak_at (step);

  for (guint i = 0; everyone[i] != NULL; i++)
    {
      g_autoptr(CtCoreTestSession) session = unlock (everyone[i]);

      gboolean approver = g_strv_contains (approvers, everyone[i]);

      for (int from = 0; from < N_STEPS; from++)
        for (int to = 0; to < N_STEPS; to++)
          {
            if (to == from || (to == from + 1 && to != SHARED))
              continue;
            /* Taking back an approval: the approvers' only step back. */
            if (from == APPROVED && to == PROPOSED)
              {
                set_status (session, ids[from], statuses[to],
                            approver ? 0 : CT_ERROR_RESTRICTED, approver ? NULL : "Status");
                if (approver)
                  set_status (session, ids[from], statuses[from], 0, NULL);
                continue;
              }
            set_status (session, ids[from], statuses[to],
                        to == SHARED ? CT_ERROR_RESTRICTED : CT_ERROR_INVALID_FIELD, "Status");
          }
    }

  for (guint i = 0; everyone[i] != NULL; i++)
    {
      gint64 id = doorbraak_at (APPROVED);
      g_autoptr(CtCoreTestSession) session = unlock (everyone[i]);

      set_status (session, id, "uitgevoerd", 0, NULL);
    }
}

/* From approval on, the legitimation stays: nobody empties it, and only the
 * voorzitter or a beheerder changes it. A save that writes it back as it
 * was (as a form does) is fine. */
static void
test_legitimation_stays (void)
{
  const Change cleared[] = { { "legitimation", NULL } };
  const Change changed[] = { { "legitimation", "Een andere reden." } };
  const Change resaved[] = { { "legitimation", LEGITIMATION }, { "result", "Het gezin bleef." } };

  for (int step = APPROVED; step < N_STEPS; step++)
    {
      gint64 id = doorbraak_at (step);

      for (guint i = 0; non_approvers[i] != NULL; i++)
        {
          g_autoptr(CtCoreTestSession) session = unlock (non_approvers[i]);

          update (session, id, cleared, 1, CT_ERROR_INVALID_FIELD, "Legitimation");
          update (session, id, changed, 1, CT_ERROR_RESTRICTED, "Legitimation");
          update (session, id, resaved, G_N_ELEMENTS (resaved), 0, NULL);
        }
      for (guint i = 0; approvers[i] != NULL; i++)
        {
          g_autoptr(CtCoreTestSession) session = unlock (approvers[i]);
          const Change own[] = { { "legitimation", approvers[i] } };

          update (session, id, cleared, 1, CT_ERROR_INVALID_FIELD, "Legitimation");
          update (session, id, own, 1, 0, NULL);
          update (session, id, resaved, 1, 0, NULL);
        }
    }

  /* Before approval it is the proposer's text to change. */
  {
    gint64 id = propose ("regisseur", TRUE);
    g_autoptr(CtCoreTestSession) session = unlock ("ggz");

    update (session, id, changed, 1, 0, NULL);
    update (session, id, cleared, 1, 0, NULL);
  }
}

/* The stored row counts, not the record a caller holds: a record read
 * while the doorbraak was a proposal carries no old status past the rules
 * once it is approved. */
static void
test_stale_record (void)
{
  gint64 id = propose ("regisseur", TRUE);
  g_autoptr(CtCoreTestSession) session = unlock ("regisseur");
  g_autoptr(CtRecord) stale = get (session, id);
  g_autoptr(CtRecord) now = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&session, ct_core_test_session_free);
  session = unlock ("voorzitter");
  g_assert_true (ct_doorbraak_can_advance (session, "voorgesteld"));
  set_status (session, id, "goedgekeurd", 0, NULL);
  g_clear_pointer (&session, ct_core_test_session_free);

  session = unlock ("regisseur");
  ct_record_set (stale, "legitimation", NULL);
  g_assert_false (ct_session_update (session, stale, &error));
  assert_refused (error, CT_ERROR_INVALID_FIELD, "Legitimation");
  g_clear_error (&error);
  ct_record_set (stale, "legitimation", LEGITIMATION);
  ct_record_set (stale, "status", "voorgesteld");
  /* Back to a proposal is taking back the approval: not the regisseur's. */
  g_assert_false (ct_session_update (session, stale, &error));
  assert_refused (error, CT_ERROR_RESTRICTED, "Status");
  g_clear_error (&error);

  now = get (session, id);
  g_assert_cmpstr (ct_record_get (now, "status"), ==, "goedgekeurd");
  g_assert_cmpstr (ct_record_get (now, "legitimation"), ==, LEGITIMATION);
}

/* The share path raises the flag for "gedeeld" only; the boundary still
 * wants an approved doorbraak. ct_doorbraak_set_status() takes its rules
 * from the boundary. */
static void
test_share_path (void)
{
  gint64 id = propose ("regisseur", TRUE);
  g_autoptr(CtCoreTestSession) session = unlock ("regisseur");
  g_autoptr(CtRecord) d = get (session, id);
  g_autoptr(CtRecord) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (_ct_doorbraak_mark_shared_unchecked (session, d, &error));
  assert_refused (error, CT_ERROR_INVALID_FIELD, "Status");
  g_clear_error (&error);
  g_assert_false (ct_doorbraak_mark_shared (session, id, NULL, &error));
  assert_refused (error, CT_ERROR_INVALID_FIELD, "Status");
  g_clear_error (&error);

  g_assert_false (ct_doorbraak_set_status (session, id, "goedgekeurd", &error));
  assert_refused (error, CT_ERROR_RESTRICTED, "Status");
  g_clear_error (&error);
  g_assert_false (ct_doorbraak_set_status (session, id, "uitgevoerd", &error));
  assert_refused (error, CT_ERROR_INVALID_FIELD, "Status");
  g_clear_error (&error);
  g_assert_false (ct_doorbraak_set_status (session, id, "gedeeld", &error));
  assert_refused (error, CT_ERROR_RESTRICTED, "Status");
  g_clear_error (&error);
  g_assert_true (ct_doorbraak_set_status (session, id, "voorgesteld", &error));
  g_assert_no_error (error);

  after = get (session, id);
  g_assert_cmpstr (ct_record_get (after, "status"), ==, "voorgesteld");
}

/* The team: a beheerder whose role is schuldhulpverlening, the voorzitter,
 * a regisseur and two experts; one case without persons. */
static void
make_team (void)
{
  CtVaultCreateInfo info = { "Team Doorbraken", "beheer", "Hendrik Bos",
                             CT_ROLE_SCHULDHULPVERLENING, TRUE, PASS };
  static const CtCoreTestMember members[] = {
    { "voorzitter", "Marloes Kramer", CT_ROLE_VOORZITTER },
    { "regisseur", "Sanne Visser", CT_ROLE_REGISSEUR },
    { "ggz", "Ayse Yilmaz", CT_ROLE_GGZ },
    { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
    { NULL },
  };
  g_autoptr(CtCoreTestSession) session = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) c = ct_record_new ("cases");
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_vault_create (path, &info, &recovery, &error));
  g_assert_no_error (error);
  ct_core_test_enrol_members (path, "beheer", PASS, members);
  /* Tests the doorbraak's rules and roles for every case: involvement is test-involvement's. */
  ct_core_test_need_to_know_off (path, "beheer", PASS);

  session = unlock ("regisseur");
  ct_record_set_int (c, "household_id", ct_session_insert (session, household, &error));
  g_assert_no_error (error);
  ct_record_set (c, "number", "2026-001");
  ct_record_set (c, "referral_date", "2026-01-05");
  ct_record_set (c, "status", "in_uitvoering");
  case_id = ct_session_insert (session, c, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  ct_core_test_init (&argc, &argv);

  dir = g_dir_make_tmp ("ct-doorbraak-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "team.casus", NULL);
  make_team ();

  g_test_add_func ("/doorbraak/rules/insert", test_insert);
  g_test_add_func ("/doorbraak/rules/who-approves", test_who_approves);
  g_test_add_func ("/doorbraak/rules/approve-needs-legitimation", test_approve_needs_legitimation);
  g_test_add_func ("/doorbraak/rules/steps", test_steps);
  g_test_add_func ("/doorbraak/rules/legitimation-stays", test_legitimation_stays);
  g_test_add_func ("/doorbraak/rules/stale-record", test_stale_record);
  g_test_add_func ("/doorbraak/rules/share-path", test_share_path);
  status = g_test_run ();

  ct_secret_free (recovery);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
  return status;
}
