/* test-sync-refused.c — change files a replica must refuse
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Damaged, forged, replayed and unauthorised change files, and a laptop
 * whose clock runs ahead: each refused with a message naming the file and
 * the reason, and changing nothing (see test-sync.c for replicas that
 * converge). */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-hlc.h"
#include "ct-session-chain-private.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

#define PASS CT_SYNC_TEST_PASS

typedef CtSyncTestTeam Fixture;

typedef enum
{
  ATTACK_FLIP_CIPHERTEXT,
  ATTACK_FLIP_SIGNATURE,
  ATTACK_TRUNCATE,
  ATTACK_REPLAY,
  ATTACK_REORDER,
  ATTACK_FORGE,
  ATTACK_IMPERSONATE,
  ATTACK_SIGNED_DAMAGE,
  N_ATTACKS
} Attack;

static const struct
{
  const char *name;
  const char *reason;  /* a part of the message */
} attacks[] = {
  { "flipped ciphertext", "signature does not hold" },
  { "flipped signature", "signature does not hold" },
  { "truncated", "signature does not hold" },
  { "replayed", "replayed or reordered" },
  { "reordered", "replayed or reordered" },
  { "signed by a stranger", "signature does not hold" },
  { "claims another author", "signature does not hold" },
  { "damaged, then signed by its author", "do not open with the team's sync key" },
};

#define AUTHOR_OFFSET (8 + CT_TEAM_ID_SIZE + CT_SYNC_DEVICE_SIZE + 8)

/* The sender's first two change files, the first damaged, in a folder of
 * their own laid out as the sync folder. */
static char *
attacked_folder (Fixture      *f,
                 const char   *team_name,
                 const char   *device,
                 Attack            attack,
                 const guint8     *other_uid,
                 const CtIdentity *sender)
{
  g_autofree char *base = g_strdup_printf ("attack-%d", attack);
  char *root = g_build_filename (f->team.dir, base, NULL);
  g_autofree char *from = g_build_filename (f->folder, team_name, device, NULL);
  g_autofree char *dir = g_build_filename (root, team_name, device, NULL);
  g_autofree char *one = g_build_filename (from, "000000000001.ctchange", NULL);
  g_autofree char *two = g_build_filename (from, "000000000002.ctchange", NULL);
  g_autofree char *to_one = g_build_filename (dir, "000000000001.ctchange", NULL);
  g_autofree char *to_two = g_build_filename (dir, "000000000002.ctchange", NULL);
  g_autofree char *data = NULL;
  g_autoptr(CtIdentity) stranger = NULL;
  gsize len;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (one, &data, &len, NULL));
  switch (attack)
    {
    case ATTACK_FLIP_CIPHERTEXT:
      data[CT_SYNC_HEADER_SIZE + 5] ^= 0x01;
      break;
    case ATTACK_FLIP_SIGNATURE:
      data[len - 3] ^= 0x40;
      break;
    case ATTACK_TRUNCATE:
      len -= 40;
      break;
    case ATTACK_REPLAY:
      ct_sync_test_copy_file (one, to_one);
      ct_sync_test_copy_file (one, to_two);
      return root;
    case ATTACK_REORDER:
      ct_sync_test_copy_file (two, to_one);
      ct_sync_test_copy_file (one, to_two);
      return root;
    case ATTACK_FORGE:
      stranger = ct_identity_new_random ();
      crypto_sign_detached ((guint8 *) data + len - CT_SYNC_SIG_SIZE, NULL, (guint8 *) data,
                            len - CT_SYNC_SIG_SIZE, stranger->sign_sk);
      break;
    case ATTACK_IMPERSONATE:
      memcpy (data + AUTHOR_OFFSET, other_uid, CT_MEMBER_ID_SIZE);
      break;
    case ATTACK_SIGNED_DAMAGE:
      /* A member who signs what does not open: past the signature, the
       * ciphertext's own tag still refuses it. */
      data[CT_SYNC_HEADER_SIZE + 5] ^= 0x01;
      crypto_sign_detached ((guint8 *) data + len - CT_SYNC_SIG_SIZE, NULL, (guint8 *) data,
                            len - CT_SYNC_SIG_SIZE, sender->sign_sk);
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_true (g_file_set_contents (to_one, data, (gssize) len, NULL));
  ct_sync_test_copy_file (two, to_two);
  return root;
}

static gint64
count_refused_entries (CtSession *session)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, "SELECT count (*) FROM access_log WHERE "
                                       "purpose LIKE 'refuse sync change file;%' AND outcome = 'refused'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static CtSyncHealth
health_of (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSyncStatus) status = ct_session_sync_get_status (session, &error);

  g_assert_no_error (error);
  return ct_sync_status_get_health (status);
}

/* A laptop whose clock runs three days ahead: its file is refused on a
 * laptop with the right time, naming the reason, logged once however often
 * it syncs, and applied once that clock is within a day of the stamps; a
 * change stamped 23 hours ahead applies at once. */
static void
test_clock_ahead (Fixture      *f,
                  gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autofree char *text = NULL;
  CtSyncSummary summary;
  const gint day = 24 * 60 * 60;

  ct_sync_test_set_clock_after (3 * day);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Uit de toekomst");
  ct_sync_test_sync_quietly (a, f->folder);

  ct_sync_test_set_clock_after (0);
  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.applied_files, ==, 0);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "000000000001.ctchange"));
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0),
                            "more than a day ahead of this laptop's clock"));
  ct_sync_summary_clear (&summary);
  text = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (text, !=, "Uit de toekomst");
  g_assert_cmpint (count_refused_entries (b), ==, 1);
  g_assert_cmpint (health_of (b), ==, CT_SYNC_HEALTH_PROBLEM);

  /* Checked again at the next sync, still ahead: refused, not logged twice. */
  ct_sync_test_set_clock_after (day);
  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.applied_files, ==, 0);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  ct_sync_summary_clear (&summary);
  g_assert_cmpint (count_refused_entries (b), ==, 1);

  /* Within a day of the stamps: applied, and the problem is gone. */
  ct_sync_test_set_clock_after (2 * day + 60);
  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.applied_files, ==, 1);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  ct_sync_summary_clear (&summary);
  g_free (text);
  text = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (text, ==, "Uit de toekomst");
  g_assert_cmpint (health_of (b), !=, CT_SYNC_HEALTH_PROBLEM);

  /* 23 hours ahead is within the bound. */
  ct_sync_test_set_clock_after (2 * day + 60 + 23 * 60 * 60);
  ct_sync_test_set_field (a, "cases", f->kase, "status", "advies_gegeven");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_set_clock_after (2 * day + 120);
  ct_sync_test_sync_quietly (b, f->folder);
  g_free (text);
  text = ct_sync_test_get_field (b, "cases", f->kase, "status");
  g_assert_cmpstr (text, ==, "advies_gegeven");
  ct_sync_test_assert_same (a, b);
  ct_clock_set_now_for_testing (NULL);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* Damaged and forged change files: each refused, named with its reason,
 * logged, nothing of it applied, and the device's later files wait. */
static void
test_refused (Fixture      *f,
              gconstpointer data)
{
  CtSession *sender = ct_sync_test_replica (f, "regie");
  g_autofree char *team = ct_sync_test_hex (sender->header->team_id, CT_TEAM_ID_SIZE);
  g_autofree char *team_name = g_strconcat ("casustafel-", team, NULL);
  g_autofree char *device = NULL;
  g_autofree char *before = NULL;
  CtSyncState state;
  guint8 admin_uid[CT_MEMBER_ID_SIZE];

  g_assert_cmpint (ct_store_sync_state_get (sender->db, &state, NULL), ==, 1);
  device = ct_sync_test_hex (state.device, CT_SYNC_DEVICE_SIZE);
  ct_sync_test_set_field (sender, "cases", f->kase, "summary", "Eerste wijziging");
  ct_sync_test_sync_quietly (sender, f->folder);
  ct_sync_test_set_field (sender, "cases", f->kase, "summary", "Tweede wijziging");
  ct_sync_test_sync_quietly (sender, f->folder);
  memcpy (admin_uid, ((CtChainMember *) g_ptr_array_index (sender->chain->members, 0))->uid,
          CT_MEMBER_ID_SIZE);

  for (Attack attack = 0; attack < N_ATTACKS; attack++)
    {
      g_autofree char *root = attacked_folder (f, team_name, device, attack, admin_uid,
                                               sender->identity);
      g_autofree char *summary_text = NULL;
      g_autofree char *after = NULL;
      CtSession *receiver;
      CtSyncSummary summary;
      const char *message;

      g_test_message ("attack: %s", attacks[attack].name);
      receiver = ct_sync_test_replica (f, "beheer");
      if (before == NULL)
        before = ct_sync_test_dump (receiver);
      ct_sync_test_sync (receiver, root, &summary);
      g_assert_cmpuint (summary.refusals->len, ==, 1);
      /* A replay: the real first file applies, its copy as the second
       * does not. */
      g_assert_cmpuint (summary.applied_files, ==, attack == ATTACK_REPLAY ? 1 : 0);
      message = g_ptr_array_index (summary.refusals, 0);
      g_assert_nonnull (strstr (message, attack == ATTACK_REPLAY ? "000000000002.ctchange"
                                                                 : "000000000001.ctchange"));
      g_assert_nonnull (strstr (message, attacks[attack].reason));
      g_assert_cmpint (count_refused_entries (receiver), ==, 1);
      after = ct_sync_test_dump (receiver);
      if (attack != ATTACK_REPLAY)
        g_assert_cmpstr (after, ==, before);
      summary_text = ct_sync_test_get_field (receiver, "cases", f->kase, "summary");
      g_assert_cmpstr (summary_text, ==, attack == ATTACK_REPLAY ? "Eerste wijziging"
                                                                 : "Eerste samenvatting");
      ct_sync_summary_clear (&summary);

      /* Refused once is refused for good: the next sync does not retry. */
      ct_sync_test_sync (receiver, root, &summary);
      g_assert_cmpuint (summary.refusals->len, ==, 0);
      g_assert_cmpuint (summary.applied_files, ==, 0);
      ct_sync_summary_clear (&summary);

      ct_core_test_session_free (receiver);
      ct_sync_test_forget_device (sender->header->team_id);
      ct_core_test_remove_dir (root);
    }
  ct_core_test_session_free (sender);
}

/* A change file signed by its real author, but writing a category the
 * author's role may not write, is refused; so is one by a member removed
 * on the receiving laptop. */
static void
test_refused_rights (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *police = ct_sync_test_replica (f, "politie");
  CtSession *receiver = ct_sync_test_replica (f, "beheer");
  CtSession *other = ct_sync_test_replica (f, "regie");
  const CtTable *households = ct_schema_get_table ("households");
  g_autofree CtStoreValue *values = g_new0 (CtStoreValue, households->n_fields);
  g_autofree guint8 *changed = g_new0 (guint8, households->n_fields);
  g_autofree char *health = NULL;
  guint8 fake[48] = { 0 };
  int index = ct_table_get_field_index (households, "health_physical");
  CtSyncSummary summary;

  /* The police laptop cannot seal a health value, but a member holding
   * K_db can write any change into the captured queue. */
  values[index].type = SQLITE_BLOB;
  values[index].blob = g_bytes_new (fake, sizeof fake);
  changed[index] = TRUE;
  g_assert_true (ct_store_exec (police->db, "BEGIN", NULL));
  g_assert_true (_ct_session_sync_capture (police, CT_SYNC_UPDATE, households, f->household,
                                           values, changed, &error));
  g_assert_no_error (error);
  g_assert_true (ct_store_exec (police->db, "COMMIT", NULL));
  g_bytes_unref (values[index].blob);
  ct_sync_test_sync_quietly (police, f->folder);

  ct_sync_test_sync (receiver, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0),
                            "category that its author's role may not write"));
  ct_sync_summary_clear (&summary);
  health = ct_sync_test_get_field (receiver, "households", f->household, "health_physical");
  g_assert_null (health);

  /* Rosa is removed on the beheerder's laptop while hers is offline: by
   * the rules at that point, what she changed before the removal's stamp
   * stands, and what she changed after it is refused. */
  ct_sync_test_set_clock_after (60);
  ct_sync_test_set_field (other, "cases", f->kase, "summary", "Voor mijn verwijdering");
  /* Her laptop refuses the police file too. */
  ct_sync_test_sync (other, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  ct_sync_summary_clear (&summary);
  ct_sync_test_set_clock_after (120);
  g_assert_true (ct_session_remove_member (receiver, "regie", &error));
  g_assert_no_error (error);
  ct_sync_test_set_clock_after (180);
  ct_sync_test_set_field (other, "cases", f->kase, "summary", "Na mijn verwijdering");
  ct_sync_test_sync_quietly (other, f->folder);
  ct_sync_test_sync (receiver, f->folder, &summary);
  g_assert_cmpuint (summary.applied_files, ==, 1);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "was removed"));
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "000000000002.ctchange"));
  ct_sync_summary_clear (&summary);
  g_free (health);
  health = ct_sync_test_get_field (receiver, "cases", f->kase, "summary");
  g_assert_cmpstr (health, ==, "Voor mijn verwijdering");
  ct_clock_set_now_for_testing (NULL);

  ct_core_test_session_free (police);
  ct_core_test_session_free (receiver);
  ct_core_test_session_free (other);
}

/* The clock ct_sync_test_set_clock_after() sets, in milliseconds. */
static gint64
clock_millis (void)
{
  g_autoptr(GDateTime) now = ct_clock_now_utc ();

  return g_date_time_to_unix (now) * 1000;
}

/* Rosa is removed on the beheerder's laptop while hers is offline. A
 * change she sent before her laptop knew is refused there, the reason
 * naming her, the removal and who made it. When the removal reaches her
 * laptop, the change she made since her last sync stays in the outbox:
 * her sync fails saying she was removed, and her status says when, by
 * whom, and that one change made there was not sent; nothing of it is in
 * the folder. Her next unlock, which drops her keyslot, says it once
 * more. */
static void
test_removed_laptop (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  g_autofree char *rosa_path = g_strdup_printf ("%s/replica-%u.casus", f->team.dir,
                                                f->n_copies);
  CtSession *rosa = ct_sync_test_replica (f, "regie");
  g_autofree char *rosa_dir = ct_sync_test_device_dir (rosa, f->folder);
  g_autofree char *names = NULL;
  g_autofree char *notice = NULL;
  g_autoptr(CtSyncStatus) status = NULL;
  const CtSyncRefusal *refusal;
  CtSyncSummary summary;
  gint64 removed_at;

  ct_sync_test_set_clock_after (10);
  ct_sync_test_set_field (rosa, "cases", f->kase, "summary", "Voor de verwijdering");
  ct_sync_test_sync_quietly (rosa, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_set_clock_after (20);
  removed_at = clock_millis ();
  g_assert_true (ct_session_remove_member (a, "regie", &error));
  g_assert_no_error (error);
  ct_sync_test_set_clock_after (30);
  ct_sync_test_set_field (rosa, "cases", f->kase, "summary", "Verzonden na de verwijdering");
  ct_sync_test_sync_quietly (rosa, f->folder);
  ct_sync_test_set_clock_after (40);
  ct_sync_test_set_field (rosa, "cases", f->kase, "status", "advies_gegeven");

  /* The beheerder's laptop refuses the file she sent, saying why. */
  ct_sync_test_sync (a, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  ct_sync_summary_clear (&summary);
  status = ct_session_sync_get_status (a, &error);
  g_assert_no_error (error);
  g_assert_false (status->removed);
  g_assert_cmpuint (status->refused->len, ==, 1);
  refusal = g_ptr_array_index (status->refused, 0);
  g_assert_cmpuint (refusal->seq, ==, 2);
  g_assert_cmpstr (refusal->member, ==, "Rosa Regie");
  g_assert_nonnull (strstr (refusal->reason, "its author, Rosa Regie, was removed from the team "
                                             "before making these changes"));
  g_assert_nonnull (strstr (refusal->reason, "by Hendrik Bos"));
  g_clear_pointer (&status, ct_sync_status_free);

  /* Her laptop learns of the removal: the change made since is not sent. */
  ct_sync_test_set_clock_after (50);
  g_assert_false (ct_session_sync (rosa, f->folder, &summary, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_nonnull (strstr (error->message, "You were removed from this team"));
  g_clear_error (&error);
  ct_sync_summary_clear (&summary);
  status = ct_session_sync_get_status (rosa, &error);
  g_assert_no_error (error);
  g_assert_true (status->removed);
  g_assert_cmpint (status->removed_millis, >=, removed_at);
  g_assert_cmpint (status->removed_millis, <, removed_at + 10000);
  g_assert_cmpstr (status->removed_by, ==, "Hendrik Bos");
  g_assert_cmpuint (status->not_sent, ==, 1);
  g_assert_cmpint (ct_sync_status_get_health (status), ==, CT_SYNC_HEALTH_PROBLEM);
  notice = ct_sync_status_format_removal (status);
  g_test_message ("%s", notice);
  g_assert_nonnull (strstr (notice, "You were removed from this team on "));
  g_assert_nonnull (strstr (notice, " by Hendrik Bos."));
  g_assert_nonnull (strstr (notice, "The other laptops refuse what was made here after that"));
  g_assert_nonnull (strstr (notice, "1 change made here was not sent and never will be."));
  g_assert_null (strstr (notice, "advies"));
  g_clear_pointer (&status, ct_sync_status_free);

  /* Syncing again says the same, and sends nothing. */
  g_assert_false (ct_session_sync (rosa, f->folder, &summary, &error));
  g_assert_nonnull (strstr (error->message, "You were removed from this team"));
  g_clear_error (&error);
  ct_sync_summary_clear (&summary);
  names = ct_sync_test_names_in (rosa_dir, "0");
  g_assert_cmpstr (names, ==, "000000000001.ctchange 000000000002.ctchange");
  for (guint64 seq = 1; seq <= 2; seq++)
    {
      gsize len;
      g_autofree char *bytes = ct_sync_test_read_change (rosa, f->folder, seq, &len);

      g_assert_false (ct_sync_test_holds (bytes, len, "advies_gegeven"));
    }
  status = ct_session_sync_get_status (rosa, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->not_sent, ==, 1);

  /* Her next unlock drops her keyslot, and tells her so once more. */
  ct_core_test_session_free (rosa);
  g_assert_null (ct_session_unlock (rosa_path, "regie", PASS, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, notice));
  g_assert_nonnull (strstr (error->message, "This team file no longer opens for you."));
  g_clear_error (&error);
  g_assert_null (ct_session_unlock (rosa_path, "regie", PASS, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_assert_null (strstr (error->message, "removed"));
  ct_clock_set_now_for_testing (NULL);

  ct_core_test_session_free (a);
}

/* An insert carries every field, the author's unset ones as NULL: a
 * police laptop's new household applies on a GGZ laptop, though health
 * fields are NULL in it; an insert that does carry a health value from
 * the police laptop is still refused. */
static void
test_insert_by_role (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  CtSession *police = ct_sync_test_replica (f, "politie");
  CtSession *ggz = ct_sync_test_replica (f, "ggz");
  const CtTable *households = ct_schema_get_table ("households");
  g_autofree CtStoreValue *values = g_new0 (CtStoreValue, households->n_fields);
  g_autofree guint8 *changed = g_new0 (guint8, households->n_fields);
  g_autofree char *risk = NULL;
  guint8 fake[48] = { 0 };
  int index = ct_table_get_field_index (households, "health_physical");
  CtSyncSummary summary;
  gint64 id;

  ct_record_set (household, "area", "Noord");
  ct_record_set (household, "justice_info", "Melding");
  id = ct_core_test_insert (police, household);
  ct_sync_test_sync_quietly (police, f->folder);
  ct_sync_test_sync (ggz, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  g_assert_cmpuint (summary.applied_files, ==, 1);
  ct_sync_summary_clear (&summary);
  risk = ct_sync_test_get_field (ggz, "households", id, "area");
  g_assert_cmpstr (risk, ==, "Noord");

  for (guint i = 0; i < households->n_fields; i++)
    values[i].type = SQLITE_NULL, changed[i] = TRUE;
  values[index].type = SQLITE_BLOB;
  values[index].blob = g_bytes_new (fake, sizeof fake);
  g_assert_true (ct_store_exec (police->db, "BEGIN", NULL));
  g_assert_true (_ct_session_sync_capture (police, CT_SYNC_INSERT, households, id + 1, values,
                                           changed, &error));
  g_assert_no_error (error);
  g_assert_true (ct_store_exec (police->db, "COMMIT", NULL));
  g_bytes_unref (values[index].blob);
  ct_sync_test_sync_quietly (police, f->folder);
  ct_sync_test_sync (ggz, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0),
                            "category that its author's role may not write"));
  ct_sync_summary_clear (&summary);
  g_assert_false (ct_store_row_exists (ggz->db, "households", id + 1));

  ct_core_test_session_free (police);
  ct_core_test_session_free (ggz);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  CT_SYNC_TEST_ADD ("/sync/refused", ct_sync_test_members, test_refused);
  CT_SYNC_TEST_ADD ("/sync/removed-laptop", ct_sync_test_members, test_removed_laptop);
  CT_SYNC_TEST_ADD ("/sync/refused-rights", ct_sync_test_members, test_refused_rights);
  CT_SYNC_TEST_ADD ("/sync/insert-by-role", ct_sync_test_members, test_insert_by_role);
  CT_SYNC_TEST_ADD ("/sync/clock-ahead", ct_sync_test_members, test_clock_ahead);
  return g_test_run ();
}
