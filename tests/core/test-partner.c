/* test-partner.c — the open actions of a partner organisation, for it
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Consent has effect on what goes to a partner (docs/retention.md). Three
 * households have an open action for the housing corporation "Woonstede":
 * one consented to sharing with partners, one never did, one withdrew.
 * Its actions are housing facts (the partner's type), and the consents
 * are for housing. The consenting household also has a health action for Woonstede without
 * a health consent, a done action and an action for another partner. The
 * list holds exactly the consented open action, counts the two withheld
 * ones plus the health one, names no person, and is logged for the listed
 * household only. A member who cannot read health neither sees nor counts
 * the health action. Bad input names the field. */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"

#define PASS "lange zin voor de test"

typedef struct
{
  CtCoreTestTeam team;
  gint64 shared, never, withdrawn;
} Fixture;

static gint64
add_household (CtSession  *session,
               const char *first_name,
               const char *number,
               gint64     *case_id)
{
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) c = ct_record_new ("cases");
  gint64 id;

  ct_record_set (household, "area", "Noord");
  id = ct_core_test_insert (session, household);
  ct_record_set_int (person, "household_id", id);
  ct_record_set (person, "first_name", first_name);
  ct_record_set (person, "last_name", "Hoogenboom");
  ct_core_test_insert (session, person);
  ct_record_set_int (c, "household_id", id);
  ct_record_set (c, "number", number);
  ct_record_set (c, "referral_date", "2026-02-01");
  ct_record_set (c, "status", "in_uitvoering");
  *case_id = ct_core_test_insert (session, c);
  return id;
}

static void
add_consent (CtSession  *session,
             gint64      case_id,
             const char *category,
             const char *withdrawn_on)
{
  g_autoptr(CtRecord) consent = ct_record_new ("consents");

  ct_record_set_int (consent, "case_id", case_id);
  ct_record_set (consent, "category", category);
  ct_record_set (consent, "purpose", "delen_met_ketenpartner");
  ct_record_set (consent, "basis", "toestemming");
  ct_record_set (consent, "given_on", "2026-02-02");
  ct_record_set (consent, "withdrawn_on", withdrawn_on);
  ct_core_test_insert (session, consent);
}

/* The member id of the session's own member, for "responsible". */
static gint64
own_id (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = ct_session_list_members (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *m = g_ptr_array_index (members, i);

      if (g_str_equal (m->login, ct_session_get_login (session)))
        return m->id;
    }
  g_assert_not_reached ();
}

static void
add_action (CtSession  *session,
            gint64      household,
            const char *what,
            const char *partner,
            const char *status,
            const char *type)
{
  g_autoptr(CtRecord) action = ct_record_new ("actions");

  ct_record_set_int (action, "household_id", household);
  ct_record_set_int (action, "responsible", own_id (session));
  ct_record_set (action, "what", what);
  ct_record_set (action, "partner", partner);
  ct_record_set (action, "status", status);
  ct_record_set (action, "due_on", "2026-03-01");
  ct_record_set (action, "partner_type", type);
  if (g_str_equal (status, "gedaan"))
    ct_record_set (action, "done_on", "2026-02-20");
  ct_core_test_insert (session, action);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data G_GNUC_UNUSED)
{
  CtVaultCreateInfo info = { "Team Partner", "regisseur", "Sanne Visser", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  static const CtCoreTestMember members[] = {
    { "huisvesting", "Hanna de Wit", CT_ROLE_HUISVESTING },
    { NULL },
  };
  CtSession *session;
  gint64 case_id;

  ct_core_test_team_create (&f->team, "ct-partner-XXXXXX", &info);
  ct_core_test_enrol_members (f->team.path, "regisseur", PASS, members);
  /* Tests consent and categories for every household: involvement is test-involvement's. */
  ct_core_test_need_to_know_off (f->team.path, "regisseur", PASS);
  session = ct_core_test_unlock (f->team.path, "regisseur", PASS);

  f->shared = add_household (session, "Anouk", "2026-0011", &case_id);
  add_consent (session, case_id, "housing", NULL);
  add_action (session, f->shared, "Huurachterstand bevriezen tot 1 maart", "Woonstede", "open",
              "woningcorporatie");
  add_action (session, f->shared, "Afspraak bij de GGZ-poli inplannen", "Woonstede", "open",
              "ggz");
  add_action (session, f->shared, "Sleutel overhandigd", "Woonstede", "gedaan",
              "woningcorporatie");
  add_action (session, f->shared, "Aanvraag bijzondere bijstand", "Gemeente", "open",
              "werk_inkomen");

  f->never = add_household (session, "Bram", "2026-0012", &case_id);
  add_action (session, f->never, "Ontruiming opschorten", " woonstede ", "open",
              "woningcorporatie");

  f->withdrawn = add_household (session, "Cor", "2026-0013", &case_id);
  add_consent (session, case_id, "housing", "2026-02-10");
  add_action (session, f->withdrawn, "Woning aanpassen", "WOONSTEDE", "open", "woningcorporatie");
  ct_core_test_session_free (session);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  ct_core_test_team_clear (&f->team);
}

static guint
count_logged (CtSession *session,
              gint64     household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (session, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      if (g_strcmp0 (e->purpose, "partner actions") == 0 && e->household_id == household)
        n++;
    }
  return n;
}

static void
test_consent (Fixture       *f,
              gconstpointer  data G_GNUC_UNUSED)
{
  CtSession *session = ct_core_test_unlock (f->team.path, "regisseur", PASS);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint listed = 99, withheld = 99;

  text = ct_session_partner_actions_text (session, "  Woonstede ", &listed, &withheld, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_test_message ("%s", text);
  g_assert_cmpuint (listed, ==, 1);
  g_assert_cmpuint (withheld, ==, 3);
  g_assert_nonnull (strstr (text, "Casus 2026-0011"));
  g_assert_nonnull (strstr (text, "Huurachterstand bevriezen tot 1 maart"));
  g_assert_nonnull (strstr (text, "contactpersoon: Sanne Visser"));
  g_assert_nonnull (strstr (text, "Niet op deze lijst: 3 afspraken"));
  /* Nothing of what may not go: withheld, done, another partner, names. */
  for (const char * const *no = (const char * const[]) {
         "GGZ", "Sleutel", "bijstand", "Ontruiming", "Woning aanpassen", "2026-0012",
         "2026-0013", "Anouk", "Bram", "Cor ", "Hoogenboom", NULL };
       *no != NULL; no++)
    g_assert_null (strstr (text, *no));

  g_assert_cmpuint (count_logged (session, f->shared), ==, 1);
  g_assert_cmpuint (count_logged (session, f->never), ==, 0);
  g_assert_cmpuint (count_logged (session, f->withdrawn), ==, 0);
  g_assert_true (ct_session_verify_log (session, NULL, &error));
  g_assert_no_error (error);
  ct_core_test_session_free (session);
}

/* Huisvesting reads housing but no health: the health action is neither
 * listed nor counted, so the count tells it nothing of health. */
static void
test_unreadable (Fixture       *f,
                 gconstpointer  data G_GNUC_UNUSED)
{
  CtSession *session = ct_core_test_unlock (f->team.path, "huisvesting", PASS);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint listed = 99, withheld = 99;

  text = ct_session_partner_actions_text (session, "Woonstede", &listed, &withheld, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed, ==, 1);
  g_assert_cmpuint (withheld, ==, 2);
  g_assert_null (strstr (text, "GGZ"));
  ct_core_test_session_free (session);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data G_GNUC_UNUSED)
{
  CtSession *session = ct_core_test_unlock (f->team.path, "regisseur", PASS);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint listed = 99, withheld = 99;

  g_assert_null (ct_session_partner_actions_text (session, "   ", NULL, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  /* A partner without actions: an honest empty list, nothing logged. */
  text = ct_session_partner_actions_text (session, "Onbekend", &listed, &withheld, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed, ==, 0);
  g_assert_cmpuint (withheld, ==, 0);
  g_assert_nonnull (strstr (text, "Er staan geen afspraken open"));
  ct_core_test_session_free (session);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/partner/consent", Fixture, NULL, fixture_set_up, test_consent, fixture_tear_down);
  g_test_add ("/partner/unreadable", Fixture, NULL, fixture_set_up, test_unreadable,
              fixture_tear_down);
  g_test_add ("/partner/bad-input", Fixture, NULL, fixture_set_up, test_bad_input,
              fixture_tear_down);
  return g_test_run ();
}
