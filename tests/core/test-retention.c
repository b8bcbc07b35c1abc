/* test-retention.c — retention terms, and the purge that anonymises
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Four households: two whose terms ended (Wmo, a withdrawn request), one
 * whose Jeugdwet term runs, one still open. The purge is made by a
 * beheerder whose role reads housing only, so the health ciphertext it
 * removes is of a category it cannot read. What is left in the file is
 * checked in its raw bytes: every page is decrypted here with K_db
 * (SQLCipher 3: AES-256-CBC, a 16-byte IV in each page's reserve), free
 * pages included, and searched for the canary words and for the exact
 * ciphertext that held the sealed ones. */

#define _GNU_SOURCE

#include "config.h"

#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-export.h"
#include "ct-session-private.h"

#define PASS      "geheim geheim"
#define PAGE_SIZE 4096
#define RESERVE   48   /* IV 16 + HMAC-SHA1 20, rounded to the AES block */

static char *dir;
static char *path;
static CtSecret *recovery;
static gint64 households[4];

enum { WMO_ENDED, WITHDRAWN_ENDED, JEUGDWET_RUNS, OPEN };

/* Per household: a general canary (stored in the clear) and a sealed one. */
static const char * const general_canary[] = {
  "Vraagzebulonkanarie", "Vraagquirijnkanarie", "Vraagbewaardkanarie", "Vraagopenkanarie",
};
static const char * const sealed_canary[] = {
  "Zebulonnaam", "Quirijnnaam", "Bewaardnaam", "Opennaam",
};
static const char * const justice_canary[] = {
  "Justitiezebulon", "Justitiequirijn", "Justitiebewaard", "Justitieopen",
};

static CtSession *
unlock (const char *login)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (path, login, PASS, &error);

  g_assert_no_error (error);
  return session;
}

static void
set_today (const char *iso)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (now);
  ct_clock_set_now_for_testing (now);
}

/* The database's pages as SQLCipher wrote them, decrypted with K_db. */
static GBytes *
decrypt_pages (CtSession *session)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, CT_VAULT_DB_OFFSET);
  g_assert_cmpuint ((length - CT_VAULT_DB_OFFSET) % PAGE_SIZE, ==, 0);

  for (gsize at = CT_VAULT_DB_OFFSET; at < length; at += PAGE_SIZE)
    {
      const guint8 *page = (const guint8 *) contents + at;
      gsize skip = at == CT_VAULT_DB_OFFSET ? 16 : 0;  /* page 1 starts with the salt */
      guint8 out[PAGE_SIZE];
      int n = 0, n_final = 0;

      g_assert_true (EVP_DecryptInit_ex (ctx, EVP_aes_256_cbc (), NULL, session->db_key,
                                         page + PAGE_SIZE - RESERVE));
      EVP_CIPHER_CTX_set_padding (ctx, 0);
      g_assert_true (EVP_DecryptUpdate (ctx, out, &n, page + skip,
                                        PAGE_SIZE - RESERVE - (int) skip));
      g_assert_true (EVP_DecryptFinal_ex (ctx, out + n, &n_final));
      if (skip != 0)
        {
          /* The plain header after the salt: page size 4096, reserve 48.
           * Anything else means the key or the layout is wrong, and the
           * search below would prove nothing. */
          g_assert_cmpuint (out[0], ==, PAGE_SIZE >> 8);
          g_assert_cmpuint (out[1], ==, PAGE_SIZE & 0xff);
          g_assert_cmpuint (out[4], ==, RESERVE);
        }
      g_byte_array_append (plain, out, (guint) (n + n_final));
    }
  EVP_CIPHER_CTX_free (ctx);
  return g_byte_array_free_to_bytes (g_steal_pointer (&plain));
}

static gboolean
holds (GBytes       *bytes,
       const void   *needle,
       gsize         length)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return memmem (data, size, needle, length) != NULL;
}

static gboolean
holds_text (GBytes     *bytes,
            const char *text)
{
  return holds (bytes, text, strlen (text));
}

/* The stored bytes of a column of one row, read past the session. */
static GBytes *
stored_blob (CtSession  *session,
             const char *sql,
             gint64      id)
{
  sqlite3_stmt *stmt = NULL;
  GBytes *blob = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    blob = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  return blob;
}

static gint64
insert (CtSession  *session,
        CtRecord   *record)
{
  return ct_core_test_insert (session, record);
}

static void
add_household (CtSession  *session,
               guint       i,
               const char *number,
               const char *closed_on,
               const char *term)
{
  g_autoptr(CtRecord) h = ct_record_new ("households");
  g_autoptr(CtRecord) p = ct_record_new ("persons");
  g_autoptr(CtRecord) c = ct_record_new ("cases");
  g_autoptr(CtRecord) a = ct_record_new ("actions");
  g_autoptr(CtRecord) d = ct_record_new ("advice");
  g_autoptr(CtRecord) z = ct_record_new ("zrm");
  g_autoptr(CtRecord) e = ct_record_new ("doorbraken");
  g_autoptr(CtRecord) k = ct_record_new ("consents");
  g_autofree char *health = g_strconcat ("Psychose van ", sealed_canary[i], NULL);
  gint64 case_id;

  ct_record_set (h, "area", "Noord");
  ct_record_set (h, "health_mental", health);
  ct_record_set (h, "justice_info", justice_canary[i]);
  households[i] = insert (session, h);

  ct_record_set_int (p, "household_id", households[i]);
  ct_record_set (p, "first_name", sealed_canary[i]);
  ct_record_set (p, "last_name", "Kwakkelstein");
  ct_record_set (p, "birth_date", "1980-04-01");
  ct_record_set (p, "relation", "hoofd");
  insert (session, p);

  ct_record_set_int (c, "household_id", households[i]);
  ct_record_set (c, "number", number);
  ct_record_set (c, "referral_date", "2009-06-01");
  ct_record_set (c, "question", general_canary[i]);
  ct_record_set (c, "question_health", sealed_canary[i]);
  ct_record_set (c, "status", closed_on != NULL ? "afgesloten" : "in_uitvoering");
  if (closed_on != NULL)
    {
      ct_record_set (c, "outcome", "doel_bereikt");
      ct_record_set (c, "closed_on", closed_on);
      ct_record_set (c, "retention", term);
    }
  case_id = insert (session, c);

  ct_record_set_int (a, "household_id", households[i]);
  ct_record_set (a, "what", general_canary[i]);
  ct_record_set (a, "partner_type", "ggz");  /* a health row: sealed */
  ct_record_set (a, "partner", sealed_canary[i]);
  ct_record_set (a, "status", "gedaan");
  insert (session, a);

  ct_record_set_int (d, "case_id", case_id);
  ct_record_set (d, "text", general_canary[i]);
  ct_record_set (d, "decided_on", "2009-07-01");
  insert (session, d);

  ct_record_set_int (z, "case_id", case_id);
  ct_record_set (z, "assessed_on", "2009-06-02");
  ct_record_set (z, "kind", "intake");
  ct_record_set (z, "huisvesting", "2");
  insert (session, z);

  ct_record_set_int (e, "case_id", case_id);
  ct_record_set (e, "situation", general_canary[i]);
  ct_record_set (e, "status", "voorgesteld");
  ct_record_set (e, "budget_cents", "125000");
  insert (session, e);

  /* A consent of a category: sealed, kept whole by a purge. */
  ct_record_set_int (k, "case_id", case_id);
  ct_record_set (k, "category", "health");
  ct_record_set (k, "purpose", "delen_aan_tafel");
  ct_record_set (k, "basis", "toestemming");
  ct_record_set (k, "given_on", "2009-06-01");
  ct_record_set (k, "share_at_table", "true");
  insert (session, k);
}

static guint
export_cases (CtSession *session)
{
  CtExportOptions options;
  g_autoptr(CtExportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  ct_export_options_init (&options);
  options.profile = CT_EXPORT_AGGREGATE;
  g_assert_true (ct_export_preview (session, &options, &report, &error));
  g_assert_no_error (error);
  return report->n_cases;
}

static void
test_end_dates (void)
{
  static const struct
  {
    const char *name, *closed_on, *term;
    guint months;
    const char *expected;
  } cases[] = {
    { "wmo", "2010-01-05", "wmo", 24, "2025-01-05" },
    { "jeugdwet", "2010-01-05", "jeugdwet", 24, "2030-01-05" },
    { "withdrawn", "2025-11-20", "ingetrokken", 24, "2026-01-01" },
    { "team", "2024-03-31", "team", 24, "2026-03-31" },
    { "team by default", "2024-01-31", NULL, 1, "2024-02-29" },
    { "leap day", "2024-02-29", "wmo", 24, "2039-02-28" },
    { "no date", NULL, "wmo", 24, NULL },
    { "bad date", "2024-02-30", "wmo", 24, NULL },
    { "trailing text", "2024-02-03x", "wmo", 24, NULL },
    { "unknown term", "2024-02-03", "eeuwig", 24, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *end = ct_retention_end_date (cases[i].closed_on, cases[i].term,
                                                    cases[i].months);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpstr (end, ==, cases[i].expected);
    }
}

/* Only a beheerder, as the team chain says, purges or changes a closed
 * case's term. */
static void
test_who (void)
{
  CtSession *session = unlock ("regisseur");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  CtRecord *c;
  guint n = 99;

  g_assert_false (ct_session_may_purge (session));
  g_assert_false (ct_session_purge (session, &n, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_cmpuint (n, ==, 99);
  g_clear_error (&error);
  due = ct_session_list_purge_due (session, &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_null (due);
  g_clear_error (&error);

  cases = ct_session_list (session, "cases", "household_id", households[JEUGDWET_RUNS], &error);
  g_assert_no_error (error);
  c = cases->pdata[0];
  ct_record_set (c, "retention", "team");
  g_assert_false (ct_session_update (session, c, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_true (g_str_has_prefix (error->message, "Retention term: "));
  g_clear_error (&error);
  ct_core_test_session_free (session);

  session = unlock ("beheer");
  g_assert_true (ct_session_may_purge (session));
  g_assert_true (ct_session_update (session, c, &error));
  g_assert_no_error (error);
  ct_record_set (c, "retention", "jeugdwet");
  g_assert_true (ct_session_update (session, c, &error));
  g_assert_no_error (error);
  ct_core_test_session_free (session);
}

static void
test_purge (void)
{
  CtSession *session = unlock ("beheer");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) name_blob = NULL;
  g_autoptr(GBytes) health_blob = NULL;
  g_autoptr(GBytes) kept_blob = NULL;
  guint n_cases, n_households = 0, n_rows = 0, n_logged = 0;

  g_assert_true (ct_store_secure_delete_is_on (session->db));
  g_assert_false (ct_session_can_read (session, CT_CATEGORY_HEALTH));

  /* The dry run: what goes, and why. */
  due = ct_session_list_purge_due (session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  {
    CtPurgeItem *wmo = due->pdata[0], *withdrawn = due->pdata[1];

    g_assert_cmpint (wmo->household_id, ==, households[WMO_ENDED]);
    g_assert_cmpstr (wmo->case_number, ==, "2010-001");
    g_assert_cmpstr (wmo->term, ==, "wmo");
    g_assert_cmpstr (wmo->ended_on, ==, "2025-01-05");
    g_assert_cmpint (withdrawn->household_id, ==, households[WITHDRAWN_ENDED]);
    g_assert_cmpstr (withdrawn->term, ==, "ingetrokken");
    g_assert_cmpstr (withdrawn->ended_on, ==, "2026-01-01");
  }

  n_cases = export_cases (session);
  g_assert_cmpuint (n_cases, ==, 4);
  name_blob = stored_blob (session, "SELECT first_name FROM persons WHERE household_id = ?1",
                           households[WMO_ENDED]);
  health_blob = stored_blob (session, "SELECT health_mental FROM households WHERE id = ?1",
                             households[WITHDRAWN_ENDED]);
  kept_blob = stored_blob (session, "SELECT first_name FROM persons WHERE household_id = ?1",
                           households[JEUGDWET_RUNS]);
  g_assert_nonnull (name_blob);
  g_assert_nonnull (health_blob);
  g_assert_nonnull (kept_blob);

  /* Before: the search finds what it looks for. */
  before = decrypt_pages (session);
  for (guint i = 0; i < G_N_ELEMENTS (general_canary); i++)
    g_assert_true (holds_text (before, general_canary[i]));
  g_assert_true (holds (before, g_bytes_get_data (name_blob, NULL), g_bytes_get_size (name_blob)));

  g_assert_true (ct_session_purge (session, &n_households, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_households, ==, 2);
  g_assert_cmpuint (n_rows, >=, 2 * 6);

  after = decrypt_pages (session);
  g_assert_false (holds_text (after, general_canary[WMO_ENDED]));
  g_assert_false (holds_text (after, general_canary[WITHDRAWN_ENDED]));
  g_assert_true (holds_text (after, general_canary[JEUGDWET_RUNS]));
  g_assert_true (holds_text (after, general_canary[OPEN]));
  g_assert_false (holds (after, g_bytes_get_data (name_blob, NULL), g_bytes_get_size (name_blob)));
  g_assert_false (holds (after, g_bytes_get_data (health_blob, NULL),
                         g_bytes_get_size (health_blob)));
  g_assert_true (holds (after, g_bytes_get_data (kept_blob, NULL), g_bytes_get_size (kept_blob)));

  /* The file is sound, the log intact, the evaluator counts the same. */
  g_assert_true (ct_session_check (session, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_verify_log (session, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (export_cases (session), ==, n_cases);

  log = ct_session_read_log (session, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *entry = log->pdata[i];

      if (!g_str_has_prefix (entry->purpose, "retention purge; "))
        continue;
      g_assert_cmpstr (entry->purpose, ==, "retention purge; 6 rows");
      g_assert_cmpstr (entry->object_table, ==, "households");
      g_assert_true (entry->object_id == households[WMO_ENDED]
                     || entry->object_id == households[WITHDRAWN_ENDED]);
      n_logged++;
    }
  g_assert_cmpuint (n_logged, ==, 2);

  /* Done once: nothing is due again. */
  g_clear_pointer (&due, g_ptr_array_unref);
  due = ct_session_list_purge_due (session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 0);
  ct_core_test_session_free (session);
}

/* A regisseur, who reads every category, still opens what is left. */
static void
test_after (void)
{
  CtSession *session = unlock ("regisseur");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) zrm = NULL;
  g_autoptr(GPtrArray) doorbraken = NULL;
  g_autoptr(GPtrArray) consents = NULL;
  g_autoptr(CtRecord) household = NULL;
  CtRecord *c;

  household = ct_session_get (session, "households", households[WMO_ENDED], &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (household, "area"), ==, "Noord");
  g_assert_null (ct_record_get (household, "health_mental"));

  persons = ct_session_list (session, "persons", "household_id", households[WMO_ENDED], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (persons->len, ==, 1);
  g_assert_null (ct_record_get (persons->pdata[0], "first_name"));
  g_assert_null (ct_record_get (persons->pdata[0], "birth_date"));
  g_assert_cmpstr (ct_record_get (persons->pdata[0], "relation"), ==, "hoofd");

  cases = ct_session_list (session, "cases", "household_id", households[WMO_ENDED], &error);
  g_assert_no_error (error);
  c = cases->pdata[0];
  g_assert_null (ct_record_get (c, "question"));
  g_assert_null (ct_record_get (c, "question_health"));
  g_assert_cmpstr (ct_record_get (c, "closed_on"), ==, "2010-01-05");
  g_assert_cmpstr (ct_record_get (c, "outcome"), ==, "doel_bereikt");

  actions = ct_session_list (session, "actions", "household_id", households[WMO_ENDED], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpstr (ct_record_get (actions->pdata[0], "what"), ==, "");
  g_assert_null (ct_record_get (actions->pdata[0], "partner"));
  g_assert_cmpstr (ct_record_get (actions->pdata[0], "status"), ==, "gedaan");

  zrm = ct_session_list (session, "zrm", "case_id", ct_record_get_id (c), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (zrm->pdata[0], "huisvesting"), ==, "2");

  doorbraken = ct_session_list (session, "doorbraken", "case_id", ct_record_get_id (c), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (doorbraken->pdata[0], "situation"), ==, "");
  g_assert_cmpstr (ct_record_get (doorbraken->pdata[0], "budget_cents"), ==, "125000");

  /* The consent of health stays whole, still sealed and readable. */
  consents = ct_session_list (session, "consents", "case_id", ct_record_get_id (c), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consents->len, ==, 1);
  g_assert_cmpstr (ct_record_get (consents->pdata[0], "category"), ==, "health");
  g_assert_cmpstr (ct_record_get (consents->pdata[0], "given_on"), ==, "2009-06-01");
  ct_core_test_session_free (session);
}

static guint
count_log (CtSession  *session,
           const char *purpose,
           gboolean    refused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (session, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *entry = log->pdata[i];

      if (g_strcmp0 (entry->purpose, purpose) == 0
          && (g_strcmp0 (entry->outcome, "ok") != 0) == refused)
        n++;
    }
  return n;
}

/* Erasure in two steps; the Jeugdwet keeps what it keeps, and the request
 * is logged either way. */
static void
test_erase (void)
{
  CtSession *session = unlock ("regisseur");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtErasurePreview) preview = NULL;
  g_autoptr(GBytes) name_blob = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 person;

  preview = ct_session_preview_erasure (session, households[OPEN], 0, &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (ct_session_erase (session, households[OPEN], 0, "bezwaar", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_core_test_session_free (session);

  session = unlock ("beheer");
  /* The Jeugdwet's 20 years run: refused, and recorded. */
  preview = ct_session_preview_erasure (session, households[JEUGDWET_RUNS], 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->kept_by_case, ==, "2025-003");
  g_assert_cmpstr (preview->kept_until, ==, "2045-06-01");
  g_assert_false (ct_session_erase (session, households[JEUGDWET_RUNS], 0, "bezwaar", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_nonnull (strstr (error->message, "2045-06-01"));
  g_clear_error (&error);
  g_assert_true (ct_store_row_exists (session->db, "households", households[JEUGDWET_RUNS]));
  g_assert_cmpuint (count_log (session, "erasure request; bezwaar; kept by the Jeugdwet", TRUE),
                    ==, 1);
  g_clear_pointer (&preview, ct_erasure_preview_free);

  /* Bad input: no ground, a made-up one, no household, another's person. */
  g_assert_false (ct_session_erase (session, households[OPEN], 0, "omdat", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Legal ground: "));
  g_clear_error (&error);
  g_assert_false (ct_session_erase (session, households[OPEN], 0, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  preview = ct_session_preview_erasure (session, 9999, 0, &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  person = ct_store_person_household (session->db, 1) == households[WMO_ENDED] ? 1 : 0;
  g_assert_cmpint (person, ==, 1);
  preview = ct_session_preview_erasure (session, households[OPEN], person, &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* One person: the preview, then the erasure; the household stays. */
  name_blob = stored_blob (session, "SELECT first_name FROM persons WHERE household_id = ?1",
                           households[OPEN]);
  g_assert_nonnull (name_blob);
  person = 0;
  for (gint64 id = 1; id < 10 && person == 0; id++)
    if (ct_store_person_household (session->db, id) == households[OPEN])
      person = id;
  preview = ct_session_preview_erasure (session, households[OPEN], person, &error);
  g_assert_no_error (error);
  g_assert_null (preview->kept_by_case);
  g_assert_cmpuint (preview->n_rows, ==, 1);
  g_clear_pointer (&preview, ct_erasure_preview_free);
  g_assert_true (ct_session_erase (session, households[OPEN], person, "bezwaar", &error));
  g_assert_no_error (error);
  g_assert_false (ct_store_row_exists (session->db, "persons", person));
  g_assert_true (ct_store_row_exists (session->db, "households", households[OPEN]));

  /* The household: households, case, action, advice, ZRM, doorbraak,
   * consent (sealed: the beheerder counts it without reading it). */
  preview = ct_session_preview_erasure (session, households[OPEN], 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->n_rows, ==, 7);
  g_assert_cmpuint (preview->n_cases, ==, 1);
  g_assert_cmpuint (preview->n_persons, ==, 0);
  g_assert_true (ct_session_erase (session, households[OPEN], 0, "niet_meer_nodig", &error));
  g_assert_no_error (error);
  g_assert_false (ct_store_row_exists (session->db, "households", households[OPEN]));
  g_assert_cmpuint (count_log (session, "erasure request; niet_meer_nodig; 7 rows", FALSE), ==, 1);
  g_assert_cmpuint (count_log (session, "erasure request; bezwaar; 1 rows", FALSE), ==, 1);

  bytes = decrypt_pages (session);
  g_assert_false (holds_text (bytes, general_canary[OPEN]));
  g_assert_false (holds (bytes, g_bytes_get_data (name_blob, NULL), g_bytes_get_size (name_blob)));
  g_assert_true (holds_text (bytes, general_canary[JEUGDWET_RUNS]));
  g_assert_true (ct_session_check (session, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_verify_log (session, NULL, &error));
  g_assert_no_error (error);
  ct_core_test_session_free (session);
}

/* The household's own data and access history; nothing of another
 * household; police information withheld. */
static void
test_inzage (void)
{
  CtSession *session = unlock ("beheer");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *created = NULL;
  g_autofree char *health = g_strconcat ("Psychose van ", sealed_canary[JEUGDWET_RUNS], NULL);

  text = ct_session_inzage_text (session, households[JEUGDWET_RUNS], &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_null (text);
  g_clear_error (&error);
  ct_core_test_session_free (session);

  session = unlock ("regisseur");
  text = ct_session_inzage_text (session, 9999, &error);
  g_assert_nonnull (error);
  g_assert_null (text);
  g_clear_error (&error);

  text = ct_session_inzage_text (session, households[JEUGDWET_RUNS], &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, sealed_canary[JEUGDWET_RUNS]));
  g_assert_nonnull (strstr (text, general_canary[JEUGDWET_RUNS]));
  g_assert_nonnull (strstr (text, health));
  g_assert_nonnull (strstr (text, "2025-003"));
  g_assert_null (strstr (text, justice_canary[JEUGDWET_RUNS]));
  g_assert_nonnull (strstr (text, "achtergehouden"));
  for (guint i = 0; i < G_N_ELEMENTS (general_canary); i++)
    if (i != JEUGDWET_RUNS)
      {
        g_assert_null (strstr (text, general_canary[i]));
        g_assert_null (strstr (text, sealed_canary[i]));
        g_assert_null (strstr (text, justice_canary[i]));
      }
  /* The access history: who made the household, and the regisseur. */
  created = g_strdup_printf ("regisseur (regisseur) heeft het huishouden (nummer %lld) "
                             "vastgelegd", (long long) households[JEUGDWET_RUNS]);
  g_assert_nonnull (strstr (text, "Wie heeft uw gegevens bekeken of gewijzigd?"));
  g_assert_nonnull (strstr (text, created));
  ct_core_test_session_free (session);

  session = unlock ("beheer");
  g_assert_cmpuint (count_log (session, "inzage", FALSE), ==, 1);
  ct_core_test_session_free (session);
}

/* A beheerder whose role reads housing only; a regisseur who reads all. */
static void
make_team (void)
{
  CtVaultCreateInfo info = { "Team Bewaren", "beheer", "Hendrik Bos", CT_ROLE_HUISVESTING, TRUE,
                             PASS };
  static const CtCoreTestMember members[] = {
    { "regisseur", "Sanne Visser", CT_ROLE_REGISSEUR },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  CtSession *session;

  g_assert_true (ct_vault_create (path, &info, &recovery, &error));
  g_assert_no_error (error);
  ct_core_test_enrol_members (path, "beheer", PASS, members);
  /* Tests retention, erasure and inzage for every household: involvement is test-involvement's. */
  ct_core_test_need_to_know_off (path, "beheer", PASS);

  session = unlock ("regisseur");
  add_household (session, WMO_ENDED, "2010-001", "2010-01-05", "wmo");
  add_household (session, WITHDRAWN_ENDED, "2025-002", "2025-11-20", "ingetrokken");
  add_household (session, JEUGDWET_RUNS, "2025-003", "2025-06-01", "jeugdwet");
  add_household (session, OPEN, "2025-004", NULL, NULL);
  ct_core_test_session_free (session);
}

/* A row's times come from the core's clock, as every other time does, so
 * they follow a test's clock (and a demo made "on" a day says that day). */
static char *
stored_text (CtSession  *session,
             const char *sql,
             gint64      id)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static void
test_row_times (void)
{
  CtSession *session = unlock ("regisseur");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) h = ct_record_new ("households");
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *created_after = NULL;
  gint64 id;

  set_today ("2026-01-12T08:00:00Z");
  ct_record_set (h, "area", "Noord");
  id = insert (session, h);
  created = stored_text (session, "SELECT created_at FROM households WHERE id = ?1", id);
  g_assert_nonnull (created);
  g_assert_true (g_str_has_prefix (created, "2026-01-12T08:0"));
  g_assert_true (g_str_has_suffix (created, "Z"));

  set_today ("2026-01-13T09:00:00Z");
  ct_record_set (h, "area", "Zuid");
  g_assert_true (ct_session_update (session, h, &error));
  g_assert_no_error (error);
  updated = stored_text (session, "SELECT updated_at FROM households WHERE id = ?1", id);
  created_after = stored_text (session, "SELECT created_at FROM households WHERE id = ?1", id);
  g_assert_nonnull (updated);
  g_assert_true (g_str_has_prefix (updated, "2026-01-13T09:0"));
  g_assert_cmpstr (created_after, ==, created);

  set_today ("2026-01-10T12:00:00Z");
  ct_core_test_session_free (session);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  ct_core_test_init (&argc, &argv);
  set_today ("2026-01-10T12:00:00Z");

  dir = g_dir_make_tmp ("ct-retention-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "team.casus", NULL);
  make_team ();

  g_test_add_func ("/retention/end-dates", test_end_dates);
  g_test_add_func ("/retention/who", test_who);
  g_test_add_func ("/retention/inzage", test_inzage);
  g_test_add_func ("/retention/purge", test_purge);
  g_test_add_func ("/retention/after", test_after);
  g_test_add_func ("/retention/erase", test_erase);
  g_test_add_func ("/retention/row-times", test_row_times);
  status = g_test_run ();

  ct_secret_free (recovery);
  ct_core_test_remove_dir (dir);
  g_free (path);
  g_free (dir);
  return status;
}
