/* test-flip.c — damaged team files are refused, never misread
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A small team file (a few members, some settings, a value long enough for
 * an overflow page) is damaged in many ways, each time on a fresh copy:
 * single-byte flips spread over headers and database, every database page
 * zeroed, truncations, torn header copies. Each damaged copy is unlocked,
 * every stored value is read and `check` runs. The only acceptable
 * outcomes are a refusal with one of the documented error codes (at the
 * unlock, at a read, or at the check) or an open where every value is what
 * was stored. Never a crash, never a wrong value; and a refused file is
 * never written.
 *
 * Each trial runs in a forked child, so a crash is reported with the
 * offset and byte that caused it instead of ending the run. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct-core-test-util.h"
#include "ct-core.h"

#define TEAM_NAME  "Expertteam Zeewolde-Noord"
#define ADMIN      "wbeheer"
#define ADMIN_PASS "zeven rode kikkers"
#define N_FLIPS    300
#define FLIP_SEED  20260315

#define HEADER_PREFIX_SIZE 80
#define HEADER_SLOT_SIZE   384
#define HEADER_TAIL_SIZE   64

typedef struct
{
  const char *login;
  const char *name;
  CtRole      role;
  gboolean    is_admin;
  const char *passphrase;  /* NULL: left with only an enrolment code */
} MemberSpec;

static const MemberSpec extra_members[] = {
  { "gvandijk", "Gerrit van Dijk", CT_ROLE_GGZ, FALSE, "koffie met drie klontjes" },
  { "politie.s", "Sanne Agent", CT_ROLE_POLITIE, FALSE, "blauwe lamp op het dak" },
  { "hbeheer2", "Hanna Tweede", CT_ROLE_WERK_INKOMEN, TRUE, NULL },
};

typedef struct
{
  char   *dir;
  char   *pristine;  /* path of the undamaged file */
  GBytes *contents;
  guint   n_pages;   /* database pages */
  gsize   header_used;  /* bytes of a header copy before its zero fill */

  /* What was stored. */
  GPtrArray *keys;
  GPtrArray *values;
  GPtrArray *members;  /* of CtMemberInfo, as listed */
} Team;

static Team team;

/* Outcomes of one trial. */
typedef enum
{
  OUTCOME_OPEN_OK,         /* opened, every value identical, check passed */
  OUTCOME_REFUSED_UNLOCK,
  OUTCOME_REFUSED_READ,
  OUTCOME_REFUSED_CHECK,
  OUTCOME_BAD,             /* anything else: a wrong value, an undocumented error */
  N_OUTCOMES
} Outcome;

static const char *outcome_names[] = {
  "open, identical, check ok",
  "refused at unlock",
  "refused at a read",
  "refused at check",
  "BAD",
};

typedef struct
{
  Outcome outcome;
  int     code;               /* CtError of the refusal */
  gboolean values_differ;     /* a value read back differs or is missing */
  gboolean check_ok;          /* check ran and passed */
  gboolean read_refused_check_ok;  /* a read failed but check passed */
  char    detail[256];
} TrialResult;

static gboolean
code_is_documented (int code)
{
  switch (code)
    {
    case CT_ERROR_NOT_TEAM_FILE:
    case CT_ERROR_NEWER_VERSION:
    case CT_ERROR_TRUNCATED:
    case CT_ERROR_HEADER_DAMAGED:
    case CT_ERROR_WRONG_CREDENTIALS:
    case CT_ERROR_DATABASE_DAMAGED:
    case CT_ERROR_TAMPERED:
    case CT_ERROR_BAD_PARAMETERS:
      return TRUE;
    default:
      return FALSE;
    }
}

static const char *
code_name (int code)
{
  static const char *names[] = {
    "FAILED", "NOT_TEAM_FILE", "NEWER_VERSION", "TRUNCATED", "HEADER_DAMAGED",
    "WRONG_CREDENTIALS", "DATABASE_DAMAGED", "TAMPERED", "BUSY", "REPLACED", "RESTRICTED",
    "INVALID_FIELD", "INVALID_KEY", "NOT_FOUND", "EXISTS", "LOCKED", "BAD_PARAMETERS",
    "NEEDS_ENROLMENT",
  };

  return code >= 0 && code < (int) G_N_ELEMENTS (names) ? names[code] : "?";
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static char *
hash_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("(unreadable)");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static void
write_bytes (const char   *path,
             const guint8 *data,
             gsize         len)
{
  g_autoptr(GError) error = NULL;

  ct_core_test_forget_anchors ();
  g_assert_true (g_file_set_contents (path, (const char *) data, len, &error));
  g_assert_no_error (error);
}

/* A value of @len characters that is different for each key. */
static char *
make_value (guint i,
            gsize len)
{
  GString *s = g_string_new (NULL);

  while (s->len < len)
    g_string_append_printf (s, "waarde-%u-%zu;", i, s->len);
  g_string_truncate (s, len);
  return g_string_free (s, FALSE);
}

static void
team_create (void)
{
  CtVaultCreateInfo info = { TEAM_NAME, ADMIN, "Wilhelmina Beheersma", CT_ROLE_REGISSEUR, TRUE,
                             ADMIN_PASS };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) recovery = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_secret_free);
  const guint8 *bytes;
  gsize len;
  guint32 n_slots;

  team.dir = g_dir_make_tmp ("ct-flip-XXXXXX", &error);
  g_assert_no_error (error);
  team.pristine = g_build_filename (team.dir, "pristine.casus", NULL);
  team.keys = g_ptr_array_new_with_free_func (g_free);
  team.values = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (ct_vault_create (team.pristine, &info, &recovery, &error));
  g_assert_no_error (error);

  session = ct_session_unlock (team.pristine, ADMIN, ADMIN_PASS, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (extra_members); i++)
    {
      const MemberSpec *m = &extra_members[i];
      CtSecret *code = ct_session_add_member (session, m->login, m->name, m->role, m->is_admin,
                                              &error);

      g_assert_no_error (error);
      g_ptr_array_add (codes, code);
    }

  /* Short values, one that needs an overflow page, and some unicode. */
  for (guint i = 0; i < 24; i++)
    {
      char *key = g_strdup_printf ("instelling.%02u", i);
      char *value = i == 7 ? make_value (i, 6000) : i == 11 ? g_strdup ("Zeeuws-Vlaanderen ‘ij’ €")
                                                           : make_value (i, 10 + 13 * i);

      g_assert_true (ct_session_set_setting (session, key, value, &error));
      g_assert_no_error (error);
      g_ptr_array_add (team.keys, key);
      g_ptr_array_add (team.values, value);
    }

  /* A removal too, so the file has been through a K_db rotation. */
  {
    g_autoptr(CtSecret) code = ct_session_add_member (session, "tijdelijk", "Tijdelijk Lid",
                                                      CT_ROLE_GGZ, FALSE, &error);

    g_assert_no_error (error);
    g_assert_true (ct_session_remove_member (session, "tijdelijk", &error));
    g_assert_no_error (error);
  }
  ct_session_lock (session);
  g_clear_object (&session);

  for (gsize i = 0; i < G_N_ELEMENTS (extra_members); i++)
    if (extra_members[i].passphrase != NULL)
      {
        g_assert_true (ct_vault_enrol (team.pristine, extra_members[i].login,
                                       g_ptr_array_index (codes, i),
                                       extra_members[i].passphrase, &error));
        g_assert_no_error (error);
      }

  session = ct_session_unlock (team.pristine, ADMIN, ADMIN_PASS, &error);
  g_assert_no_error (error);
  team.members = ct_session_list_members (session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (team.members->len, ==, 1 + G_N_ELEMENTS (extra_members));
  g_assert_true (ct_session_check (session, &error));
  g_assert_no_error (error);
  ct_session_lock (session);

  team.contents = g_bytes_new_take (NULL, 0);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (team.pristine, &contents, &len, &error));
    g_bytes_unref (team.contents);
    team.contents = g_bytes_new_take (g_steal_pointer (&contents), len);
  }
  bytes = g_bytes_get_data (team.contents, &len);
  g_assert_cmpuint (len, >, CT_VAULT_DB_OFFSET);
  g_assert_cmpuint ((len - CT_VAULT_DB_OFFSET) % CT_VAULT_PAGE_SIZE, ==, 0);
  team.n_pages = (len - CT_VAULT_DB_OFFSET) / CT_VAULT_PAGE_SIZE;

  memcpy (&n_slots, bytes + 12, sizeof n_slots);
  n_slots = GUINT32_FROM_LE (n_slots);
  team.header_used = HEADER_PREFIX_SIZE + n_slots * HEADER_SLOT_SIZE + HEADER_TAIL_SIZE;

  g_test_message ("team file: %zu bytes, %u database pages, %u header slots (%zu bytes used "
                  "of each 32 KiB copy), %u settings, %u members", len, team.n_pages, n_slots,
                  team.header_used, team.keys->len, team.members->len);
}

static void
team_free (void)
{
  remove_tree (team.dir);
  g_free (team.dir);
  g_free (team.pristine);
  g_bytes_unref (team.contents);
  g_ptr_array_unref (team.keys);
  g_ptr_array_unref (team.values);
  g_ptr_array_unref (team.members);
}

/* Classifies an error of an unlock, a read or the check. */
static void
refuse (TrialResult *r,
        Outcome      stage,
        GError      *error)
{
  if (error->domain == CT_ERROR && code_is_documented (error->code))
    {
      r->outcome = stage;
      r->code = error->code;
    }
  else
    {
      r->outcome = OUTCOME_BAD;
      r->code = error->domain == CT_ERROR ? error->code : -1;
      g_snprintf (r->detail, sizeof r->detail, "%s: undocumented error %s (%s)",
                  outcome_names[stage], code_name (r->code), error->message);
    }
}

static void
wrong_value (TrialResult *r,
             const char  *what,
             const char  *got,
             const char  *expected)
{
  if (!r->values_differ)
    {
      gsize at = 0;

      while (got != NULL && got[at] != '\0' && got[at] == expected[at])
        at++;
      g_snprintf (r->detail, sizeof r->detail,
                  "%s: read %zu bytes, stored %zu; they differ from byte %zu: read \"%.40s\", "
                  "stored \"%.40s\"", what, got != NULL ? strlen (got) : 0, strlen (expected),
                  at, got != NULL ? got + at : "(none)", expected + at);
    }
  r->values_differ = TRUE;
}

static gboolean
member_equal (const CtMemberInfo *a,
              const CtMemberInfo *b)
{
  return g_strcmp0 (a->login, b->login) == 0 && g_strcmp0 (a->display_name, b->display_name) == 0
         && a->role == b->role && a->is_admin == b->is_admin && a->enrolled == b->enrolled;
}

/* Unlocks @path, reads every value and runs check. Runs in the child. */
static void
run_trial (const char  *path,
           TrialResult *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(GPtrArray) members = NULL;
  Outcome read_refusal = OUTCOME_OPEN_OK;
  int read_code = 0;

  memset (r, 0, sizeof *r);

  session = ct_session_unlock (path, ADMIN, ADMIN_PASS, &error);
  if (session == NULL)
    {
      refuse (r, OUTCOME_REFUSED_UNLOCK, error);
      return;
    }

  /* Every value: the team name, the session's member, the member list,
   * every setting. A value is either what was stored or a refusal. */
  if (g_strcmp0 (ct_session_get_team_name (session), TEAM_NAME) != 0)
    wrong_value (r, "team name", ct_session_get_team_name (session), TEAM_NAME);
  if (g_strcmp0 (ct_session_get_display_name (session), "Wilhelmina Beheersma") != 0
      || ct_session_get_role (session) != CT_ROLE_REGISSEUR || !ct_session_is_admin (session))
    wrong_value (r, "own member", ct_session_get_display_name (session), "Wilhelmina Beheersma");

  members = ct_session_list_members (session, &error);
  if (members == NULL)
    {
      read_refusal = OUTCOME_REFUSED_READ;
      read_code = error->code;
      refuse (r, OUTCOME_REFUSED_READ, error);
      if (r->outcome == OUTCOME_BAD)
        return;
      g_clear_error (&error);
    }
  else if (members->len != team.members->len)
    wrong_value (r, "member count", "", "");
  else
    for (guint i = 0; i < members->len; i++)
      if (!member_equal (g_ptr_array_index (members, i), g_ptr_array_index (team.members, i)))
        wrong_value (r, "member", ((CtMemberInfo *) g_ptr_array_index (members, i))->login,
                     ((CtMemberInfo *) g_ptr_array_index (team.members, i))->login);

  for (guint i = 0; i < team.keys->len; i++)
    {
      const char *key = g_ptr_array_index (team.keys, i);
      const char *expected = g_ptr_array_index (team.values, i);
      g_autofree char *value = ct_session_get_setting (session, key, &error);

      if (value == NULL && error->domain == CT_ERROR && error->code == CT_ERROR_NOT_FOUND)
        {
          /* Silently missing is a wrong value, never a refusal. */
          wrong_value (r, key, NULL, expected);
          g_clear_error (&error);
        }
      else if (value == NULL)
        {
          read_refusal = OUTCOME_REFUSED_READ;
          read_code = error->code;
          refuse (r, OUTCOME_REFUSED_READ, error);
          if (r->outcome == OUTCOME_BAD)
            return;
          g_clear_error (&error);
        }
      else if (strcmp (value, expected) != 0)
        wrong_value (r, key, value, expected);
    }

  r->check_ok = ct_session_check (session, &error);
  if (r->values_differ)
    {
      r->outcome = OUTCOME_BAD;
      return;
    }

  if (read_refusal != OUTCOME_OPEN_OK)
    {
      r->outcome = OUTCOME_REFUSED_READ;
      r->code = read_code;
      r->read_refused_check_ok = r->check_ok;
      return;
    }

  if (!r->check_ok)
    refuse (r, OUTCOME_REFUSED_CHECK, error);
  else
    r->outcome = OUTCOME_OPEN_OK;
}

/* Writes @data to the trial file, runs the trial in a child process and
 * checks that a refused file was not written. */
static TrialResult
trial (const guint8 *data,
       gsize         len,
       const char   *what)
{
  g_autofree char *path = g_build_filename (team.dir, "trial.casus", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  TrialResult r = { 0 };
  int fds[2];
  pid_t pid;
  int status;
  gssize n;

  g_unlink (path);
  g_unlink (journal);
  write_bytes (path, data, len);
  before = hash_file (path);

  g_assert_cmpint (pipe (fds), ==, 0);
  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      TrialResult cr;

      close (fds[0]);
      run_trial (path, &cr);
      if (write (fds[1], &cr, sizeof cr) != sizeof cr)
        _exit (3);
      _exit (0);
    }

  close (fds[1]);
  do
    n = read (fds[0], &r, sizeof r);
  while (n < 0 && errno == EINTR);
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0 || n != sizeof r)
    {
      memset (&r, 0, sizeof r);
      r.outcome = OUTCOME_BAD;
      g_snprintf (r.detail, sizeof r.detail, "the trial process %s %d",
                  WIFSIGNALED (status) ? "was killed by signal" : "exited with",
                  WIFSIGNALED (status) ? WTERMSIG (status) : WEXITSTATUS (status));
    }

  after = hash_file (path);
  if (r.outcome != OUTCOME_OPEN_OK && r.outcome != OUTCOME_BAD && g_strcmp0 (before, after) != 0)
    {
      g_autofree char *now = NULL;
      gsize now_len = 0;
      g_autoptr(GString) changed = g_string_new (NULL);

      /* Say which parts changed: header copies, database pages. */
      if (g_file_get_contents (path, &now, &now_len, NULL))
        {
          for (gsize off = 0; off < MAX (len, now_len); off += CT_VAULT_PAGE_SIZE)
            {
              gsize span = MIN (CT_VAULT_PAGE_SIZE, MIN (len, now_len) - MIN (off, MIN (len, now_len)));

              if (off >= MIN (len, now_len) || memcmp (data + off, now + off, span) != 0)
                g_string_append_printf (changed, " %s%zu",
                                        off < CT_VAULT_DB_OFFSET ? "h" : "p",
                                        off < CT_VAULT_DB_OFFSET
                                          ? off / CT_VAULT_PAGE_SIZE
                                          : (off - CT_VAULT_DB_OFFSET) / CT_VAULT_PAGE_SIZE + 1);
            }
        }
      g_snprintf (r.detail, sizeof r.detail, "a refused file (%s, %s) was written; %zu -> %zu "
                  "bytes, changed 4 KiB blocks (h = header block, p = database page):%s",
                  outcome_names[r.outcome], code_name (r.code), len, now_len, changed->str);
      r.outcome = OUTCOME_BAD;
    }

  if (r.outcome == OUTCOME_BAD)
    g_test_message ("BAD: %s: %s", what, r.detail);
  return r;
}

typedef struct
{
  guint counts[N_OUTCOMES][CT_ERROR_NEEDS_ENROLMENT + 2];
  guint total;
  guint bad;
  guint read_refused_check_ok;
} Tally;

static void
tally_add (Tally             *t,
           const TrialResult *r)
{
  int code = r->outcome == OUTCOME_OPEN_OK || r->code < 0 ? CT_ERROR_NEEDS_ENROLMENT + 1
                                                          : MIN (r->code, CT_ERROR_NEEDS_ENROLMENT);

  t->counts[r->outcome][code]++;
  t->total++;
  if (r->outcome == OUTCOME_BAD)
    t->bad++;
  if (r->read_refused_check_ok)
    t->read_refused_check_ok++;
}

static void
tally_print (const Tally *t,
             const char  *title)
{
  g_test_message ("%s: %u trials", title, t->total);
  for (int o = 0; o < N_OUTCOMES; o++)
    for (int c = 0; c <= CT_ERROR_NEEDS_ENROLMENT + 1; c++)
      if (t->counts[o][c] > 0)
        g_test_message ("  %-26s %-18s %4u", outcome_names[o],
                        o == OUTCOME_OPEN_OK ? "" : c > CT_ERROR_NEEDS_ENROLMENT ? "(other)"
                                                                                  : code_name (c),
                        t->counts[o][c]);
  if (t->read_refused_check_ok > 0)
    g_test_message ("  of which a read was refused but check passed: %u",
                    t->read_refused_check_ok);
}

/* 300 seeded single-byte flips: a third in the two header copies (half of
 * them in the bytes a copy uses, half anywhere in its 32 KiB), two thirds
 * in the database. */
static void
test_flips (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (FLIP_SEED);
  gsize len;
  const guint8 *pristine = g_bytes_get_data (team.contents, &len);
  g_autofree guint8 *copy = g_memdup2 (pristine, len);
  Tally tally = { 0 };
  guint header_flips = 0, db_flips = 0;

  for (guint i = 0; i < N_FLIPS; i++)
    {
      gsize offset;
      guint8 mask = (guint8) g_rand_int_range (rand, 1, 256);
      g_autofree char *what = NULL;
      TrialResult r;

      if (i % 3 == 0)
        {
          gsize copy_start = g_rand_boolean (rand) ? CT_VAULT_HEADER_SIZE : 0;

          offset = copy_start + (i % 2 == 0 ? g_rand_int_range (rand, 0, (gint32) team.header_used)
                                            : g_rand_int_range (rand, 0, CT_VAULT_HEADER_SIZE));
          header_flips++;
        }
      else
        {
          offset = CT_VAULT_DB_OFFSET
                   + g_rand_int_range (rand, 0, (gint32) (len - CT_VAULT_DB_OFFSET));
          db_flips++;
        }

      what = g_strdup_printf ("flip %u (seed %u): offset %zu (%s), xor 0x%02x", i, FLIP_SEED,
                              offset,
                              offset < CT_VAULT_DB_OFFSET ? (offset < CT_VAULT_HEADER_SIZE
                                                               ? "header A" : "header B")
                                                          : "database",
                              mask);
      copy[offset] ^= mask;
      r = trial (copy, len, what);
      copy[offset] = pristine[offset];

      /* A check that passes must never come with a differing value. */
      g_assert_false (r.values_differ && r.check_ok);
      tally_add (&tally, &r);
    }

  g_test_message ("flips: %u in the headers, %u in the database", header_flips, db_flips);
  tally_print (&tally, "single-byte flips");
  g_assert_cmpuint (tally.bad, ==, 0);
  g_assert_cmpuint (tally.read_refused_check_ok, ==, 0);
}

/* Every database page, zeroed in turn: SQLCipher 3.4.1 would pass an
 * all-zero page without its HMAC check and read it as empty. */
static void
test_zero_pages (void)
{
  gsize len;
  const guint8 *pristine = g_bytes_get_data (team.contents, &len);
  g_autofree guint8 *copy = g_memdup2 (pristine, len);
  Tally tally = { 0 };

  for (guint p = 0; p < team.n_pages; p++)
    {
      gsize offset = CT_VAULT_DB_OFFSET + (gsize) p * CT_VAULT_PAGE_SIZE;
      g_autofree char *what = g_strdup_printf ("database page %u (file offset %zu) zeroed",
                                               p + 1, offset);
      TrialResult r;

      memset (copy + offset, 0, CT_VAULT_PAGE_SIZE);
      r = trial (copy, len, what);
      memcpy (copy + offset, pristine + offset, CT_VAULT_PAGE_SIZE);
      tally_add (&tally, &r);

      if (r.outcome == OUTCOME_OPEN_OK || r.code != CT_ERROR_DATABASE_DAMAGED)
        g_test_message ("NOT REFUSED as damaged: %s: %s %s", what, outcome_names[r.outcome],
                        code_name (r.code));
      g_assert_cmpint (r.outcome, !=, OUTCOME_BAD);
      g_assert_cmpint (r.outcome, !=, OUTCOME_OPEN_OK);
      g_assert_cmpint (r.code, ==, CT_ERROR_DATABASE_DAMAGED);
    }

  tally_print (&tally, "zeroed database pages");
}

static void
test_truncation (void)
{
  gsize len;
  const guint8 *pristine = g_bytes_get_data (team.contents, &len);
  const struct
  {
    gsize       cut;
    const char *what;
  } cuts[] = {
    { 1, "truncated by one byte" },
    { CT_VAULT_PAGE_SIZE, "truncated by one page" },
    { CT_VAULT_PAGE_SIZE + 1, "truncated by one page and a byte" },
    { 2 * CT_VAULT_PAGE_SIZE, "truncated by two pages" },
    { len - CT_VAULT_DB_OFFSET, "truncated to the headers" },
    { len - CT_VAULT_HEADER_SIZE, "truncated to header A" },
  };
  Tally tally = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      TrialResult r = trial (pristine, len - cuts[i].cut, cuts[i].what);

      tally_add (&tally, &r);
      g_test_message ("%s: %s %s", cuts[i].what, outcome_names[r.outcome],
                      r.outcome == OUTCOME_OPEN_OK ? "" : code_name (r.code));
      g_assert_cmpint (r.outcome, !=, OUTCOME_BAD);
      g_assert_cmpint (r.outcome, !=, OUTCOME_OPEN_OK);
      g_assert_true (r.code == CT_ERROR_TRUNCATED || r.code == CT_ERROR_DATABASE_DAMAGED);
    }
}

/* A torn header update: one copy overwritten with garbage, the other intact.
 * "Torn" keeps the first bytes of the copy (as a write cut short after its
 * first sector would), "garbage" replaces the whole copy. */
static void
overwrite_copy (guint8  *data,
                guint    copy,
                gboolean keep_prefix,
                GRand   *rand)
{
  guint8 *start = data + (gsize) copy * CT_VAULT_HEADER_SIZE;
  gsize from = keep_prefix ? 16 : 0;

  for (gsize i = from; i < CT_VAULT_HEADER_SIZE; i++)
    start[i] = (guint8) g_rand_int (rand);
}

static void
test_torn_header (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  gsize len;
  const guint8 *pristine = g_bytes_get_data (team.contents, &len);

  for (int keep_prefix = 0; keep_prefix <= 1; keep_prefix++)
    {
      const char *kind = keep_prefix ? "torn (magic kept)" : "garbage";

      /* One copy at a time: still opens from the other, every value intact. */
      for (guint c = 0; c < 2; c++)
        {
          g_autofree guint8 *copy = g_memdup2 (pristine, len);
          g_autofree char *what = g_strdup_printf ("header copy %c %s", "AB"[c], kind);
          TrialResult r;

          overwrite_copy (copy, c, keep_prefix, rand);
          r = trial (copy, len, what);
          g_test_message ("%s: %s %s", what, outcome_names[r.outcome],
                          r.outcome == OUTCOME_OPEN_OK ? "" : code_name (r.code));

          /* It unlocks and reads back everything; `check` reports the
           * damaged copy. */
          g_assert_cmpint (r.outcome, !=, OUTCOME_BAD);
          g_assert_cmpint (r.outcome, !=, OUTCOME_REFUSED_UNLOCK);
          g_assert_cmpint (r.outcome, !=, OUTCOME_REFUSED_READ);
          g_assert_false (r.values_differ);
          if (r.outcome == OUTCOME_REFUSED_CHECK)
            g_assert_cmpint (r.code, ==, CT_ERROR_HEADER_DAMAGED);
        }

      /* Both copies: refused as damaged (or, without any magic left, as
       * not a team file at all). */
      {
        g_autofree guint8 *copy = g_memdup2 (pristine, len);
        g_autofree char *what = g_strdup_printf ("both header copies %s", kind);
        TrialResult r;

        overwrite_copy (copy, 0, keep_prefix, rand);
        overwrite_copy (copy, 1, keep_prefix, rand);
        r = trial (copy, len, what);
        g_test_message ("%s: %s %s", what, outcome_names[r.outcome], code_name (r.code));
        g_assert_cmpint (r.outcome, ==, OUTCOME_REFUSED_UNLOCK);
        if (keep_prefix)
          g_assert_cmpint (r.code, ==, CT_ERROR_HEADER_DAMAGED);
        else
          g_assert_true (r.code == CT_ERROR_HEADER_DAMAGED || r.code == CT_ERROR_NOT_TEAM_FILE);
      }
    }
}

/* The undamaged file opens, reads back and checks; a sanity check of the
 * harness itself. */
static void
test_pristine (void)
{
  gsize len;
  const guint8 *pristine = g_bytes_get_data (team.contents, &len);
  TrialResult r = trial (pristine, len, "pristine");

  g_assert_cmpint (r.outcome, ==, OUTCOME_OPEN_OK);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* A failed check marks its test failed and the run goes on, so one core
   * bug does not hide the figures of the other tests. */
  g_test_set_nonfatal_assertions ();
  g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", FALSE);

  if (!ct_init (&error))
    g_error ("%s", error->message);

  team_create ();

  g_test_add_func ("/flip/pristine", test_pristine);
  g_test_add_func ("/flip/single-bytes", test_flips);
  g_test_add_func ("/flip/zero-pages", test_zero_pages);
  g_test_add_func ("/flip/truncation", test_truncation);
  g_test_add_func ("/flip/torn-header", test_torn_header);

  ret = g_test_run ();
  team_free ();
  return ret;
}
