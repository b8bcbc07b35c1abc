/* test-kill.c — a process killed at any moment loses no committed write
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A child process unlocks the team file and writes; the parent SIGKILLs it
 * at seeded random moments. After every kill the file must unlock, pass
 * `check`, and hold every write the child reported as committed (a write
 * in flight may or may not be there). Then the same during a member
 * removal, which rotates K_db in three steps: after every kill the
 * remaining members unlock, and once the removal returned the removed
 * member is refused. Beside the team file only a "-journal" may be left by
 * a kill, and the next unlock and lock removes it. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct-core-test-util.h"
#include "ct-core.h"

#define TEAM_NAME  "Wijkteam Kanaleneiland"
#define ADMIN      "wbeheer"
#define ADMIN_PASS "zeven rode kikkers"
#define BOB        "bvisser"
#define BOB_PASS   "fietsen door de polder"
#define DAVE       "dvertrek"
#define DAVE_PASS  "afscheid met taart"

#define N_KEYS          200
#define MAX_OPS         (N_KEYS * 20)
#define WRITE_ROUNDS    20
#define MAX_WRITE_ROUNDS 400
#define WRITE_SEED      424242
#define REMOVE_ROUNDS   45
#define REMOVE_SEED     515151

typedef struct
{
  pid_t  pid;
  int    fd;       /* read end of the child's reports */
  GString *buf;    /* what was read and not yet split into lines */
} Child;

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

/* The names in @dir other than @file, sorted, space-separated. */
static char *
strays (const char *dir,
        const char *file)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (strcmp (name, file) != 0)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Size and first byte of a journal left beside @path, for messages. */
static char *
describe_journal (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (journal, &contents, &len, NULL))
    return g_strdup ("no journal");
  return g_strdup_printf ("journal of %zu bytes, first byte 0x%02x", len,
                          len > 0 ? (guint8) contents[0] : 0);
}

/* Reports from the child: one line per event, written with write(2) so
 * nothing waits in a stdio buffer when the kill comes. */
static void
child_say (int         fd,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
child_say (int         fd,
           const char *format,
           ...)
{
  g_autofree char *line = NULL;
  va_list args;
  gsize done = 0, len;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  len = strlen (line);
  while (done < len)
    {
      gssize n = write (fd, line + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (4);
      done += n;
    }
}

static Child
child_start (void (*body) (int fd, gpointer data),
             gpointer data)
{
  Child child = { 0 };
  int fds[2];

  g_assert_cmpint (pipe (fds), ==, 0);
  fflush (stdout);
  fflush (stderr);
  child.pid = fork ();
  g_assert_cmpint (child.pid, >=, 0);
  if (child.pid == 0)
    {
      close (fds[0]);
      body (fds[1], data);
      _exit (0);
    }
  close (fds[1]);
  child.fd = fds[0];
  child.buf = g_string_new (NULL);
  return child;
}

/* Waits up to @timeout_ms for a whole line from the child. */
static char *
child_read_line (Child *child,
                 int    timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      char *nl = strchr (child->buf->str, '\n');
      struct pollfd pfd = { child->fd, POLLIN, 0 };
      char chunk[4096];
      gint64 left;
      gssize n;

      if (nl != NULL)
        {
          char *line = g_strndup (child->buf->str, nl - child->buf->str);

          g_string_erase (child->buf, 0, nl - child->buf->str + 1);
          return line;
        }

      left = MAX (0, (deadline - g_get_monotonic_time ()) / 1000);
      if (poll (&pfd, 1, timeout_ms < 0 ? -1 : (int) left) <= 0)
        {
          if (timeout_ms >= 0 && g_get_monotonic_time () >= deadline)
            return NULL;
          continue;
        }
      n = read (child->fd, chunk, sizeof chunk);
      if (n == 0)
        return NULL;  /* the child is gone */
      if (n > 0)
        g_string_append_len (child->buf, chunk, n);
    }
}

/* Kills the child (if it still runs), reaps it and returns every line it
 * had written. */
static GPtrArray *
child_kill (Child    *child,
            gboolean *was_killed)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  int status;
  char *line;

  kill (child->pid, SIGKILL);
  g_assert_cmpint (waitpid (child->pid, &status, 0), ==, child->pid);
  *was_killed = WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL;
  if (!*was_killed)
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  while ((line = child_read_line (child, 0)) != NULL)
    g_ptr_array_add (lines, line);
  close (child->fd);
  g_string_free (child->buf, TRUE);
  return lines;
}

static void
create_team (const char *path,
             guint       n_settings,
             gboolean    with_members)
{
  CtVaultCreateInfo info = { TEAM_NAME, ADMIN, "Wilhelmina Beheersma", CT_ROLE_REGISSEUR, TRUE,
                             ADMIN_PASS };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) recovery = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSecret) bob_code = NULL;
  g_autoptr(CtSecret) dave_code = NULL;

  g_assert_true (ct_vault_create (path, &info, &recovery, &error));
  g_assert_no_error (error);

  session = ct_session_unlock (path, ADMIN, ADMIN_PASS, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_settings; i++)
    {
      g_autofree char *key = g_strdup_printf ("vooraf.%u", i);
      g_autofree char *value = g_strdup_printf ("%u: %0180u", i, i);

      g_assert_true (ct_session_set_setting (session, key, value, &error));
      g_assert_no_error (error);
    }
  if (with_members)
    {
      bob_code = ct_session_add_member (session, BOB, "Bob Visser", CT_ROLE_GGZ, FALSE, &error);
      g_assert_no_error (error);
      dave_code = ct_session_add_member (session, DAVE, "Dave Vertrek", CT_ROLE_POLITIE, FALSE,
                                         &error);
      g_assert_no_error (error);
    }
  ct_session_lock (session);

  if (with_members)
    {
      g_assert_true (ct_vault_enrol (path, BOB, bob_code, BOB_PASS, &error));
      g_assert_no_error (error);
      g_assert_true (ct_vault_enrol (path, DAVE, dave_code, DAVE_PASS, &error));
      g_assert_no_error (error);
    }
}

/* ---- committed writes ---------------------------------------------------- */

/* Op n writes key k<n % N_KEYS> = "<n>": the first pass is k<i> = "<i>". */
static char *
op_key (guint n)
{
  return g_strdup_printf ("k%u", n % N_KEYS);
}

typedef struct
{
  const char *path;
  guint       first_op;
} WriterData;

static void
writer_body (int      fd,
             gpointer user_data)
{
  WriterData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = ct_session_unlock (data->path, ADMIN, ADMIN_PASS, &error);

  if (session == NULL)
    {
      child_say (fd, "error %s\n", error->message);
      return;
    }
  child_say (fd, "unlocked\n");

  for (guint n = data->first_op; n < MAX_OPS; n++)
    {
      g_autofree char *key = op_key (n);
      g_autofree char *value = g_strdup_printf ("%u", n);

      if (!ct_session_set_setting (session, key, value, &error))
        {
          child_say (fd, "error %s\n", error->message);
          return;
        }
      child_say (fd, "committed %u\n", n);
    }
  ct_session_lock (session);
  child_say (fd, "done\n");
}

/* After a kill: @committed ops are reported done; op @committed may have
 * been in flight. Every key holds the value of its last committed op, or
 * (for the key of the op in flight) that op's value. */
static void
verify_writes (const char *path,
               guint       committed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = ct_session_unlock (path, ADMIN, ADMIN_PASS, &error);

  g_assert_no_error (error);
  g_assert_true (ct_session_check (session, &error));
  g_assert_no_error (error);

  for (guint j = 0; j < N_KEYS; j++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", j);
      g_autofree char *value = ct_session_get_setting (session, key, &error);
      g_autofree char *expected = NULL;
      g_autofree char *in_flight = NULL;

      if (committed > j)
        expected = g_strdup_printf ("%u", j + N_KEYS * ((committed - 1 - j) / N_KEYS));
      if (committed < MAX_OPS && committed % N_KEYS == j)
        in_flight = g_strdup_printf ("%u", committed);

      if (value == NULL)
        {
          g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
          g_clear_error (&error);
          if (expected != NULL)
            g_error ("%s lost: committed \"%s\" (%u ops reported committed)", key, expected,
                     committed);
        }
      else if (g_strcmp0 (value, expected) != 0 && g_strcmp0 (value, in_flight) != 0)
        g_error ("%s holds \"%s\", expected \"%s\" (or \"%s\" in flight); %u ops committed",
                 key, value, expected, in_flight, committed);
    }
  ct_session_lock (session);
}

static void
test_kill_writes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (WRITE_SEED);
  g_autofree char *dir = g_dir_make_tmp ("ct-kill-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "team.casus", NULL);
  g_autofree char *clean = NULL;
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  guint committed = 0, killed_mid = 0, journals = 0, stale_journals = 0, rounds = 0;
  gint64 write_time = 0;

  g_assert_no_error (error);
  create_team (path, 0, FALSE);
  clean = strays (dir, "team.casus");
  g_assert_cmpstr (clean, ==, "");

  /* At least WRITE_ROUNDS kills, and on until N_KEYS writes are committed
   * (a slow build, such as one with sanitizers, commits fewer per round). */
  for (guint round = 0;
       (round < WRITE_ROUNDS || committed < N_KEYS) && round < MAX_WRITE_ROUNDS
       && committed < MAX_OPS;
       round++)
    {
      WriterData data = { path, committed };
      Child child = child_start (writer_body, &data);
      g_autofree char *first = child_read_line (&child, 60000);
      g_autoptr(GPtrArray) lines = NULL;
      g_autofree char *left = NULL;
      g_autofree char *after = NULL;
      guint delay_us = g_rand_int_range (rand, 0, 50001);
      guint before = committed;
      gboolean was_killed;
      gint64 start;

      g_assert_cmpstr (first, ==, "unlocked");
      start = g_get_monotonic_time ();
      g_usleep (delay_us);
      lines = child_kill (&child, &was_killed);
      write_time += g_get_monotonic_time () - start;

      for (guint i = 0; i < lines->len; i++)
        {
          const char *line = g_ptr_array_index (lines, i);
          guint n;

          if (sscanf (line, "committed %u", &n) == 1)
            {
              g_assert_cmpuint (n, ==, committed);
              committed = n + 1;
            }
          else if (strcmp (line, "done") != 0)
            g_error ("round %u: the writer said: %s", round, line);
        }
      if (was_killed && committed < MAX_OPS)
        killed_mid++;

      /* Only a journal may be left beside the file. */
      left = strays (dir, "team.casus");
      g_assert_true (left[0] == '\0' || strcmp (left, "team.casus-journal") == 0);
      if (left[0] != '\0')
        journals++;

      verify_writes (path, committed);

      /* The unlock and lock after the kill must clear the journal. */
      after = strays (dir, "team.casus");
      if (after[0] != '\0')
        {
          g_autofree char *what = describe_journal (path);

          g_test_message ("round %u: still beside the file after unlock and lock: %s (%s)",
                          round, after, what);
          stale_journals++;
          g_unlink (journal);
        }

      rounds = round + 1;
      g_test_message ("round %2u: killed after %5.1f ms, %3u writes committed this round "
                      "(%4u in all)%s", round, delay_us / 1000.0, committed - before, committed,
                      left[0] != '\0' ? ", journal left" : "");
    }

  g_test_message ("writes: %u rounds, %u kills while writing, %u left a journal, %u writes "
                  "committed and all found, %.2f ms per committed write", rounds, killed_mid,
                  journals, committed,
                  committed > 0 ? write_time / 1000.0 / committed : 0.0);
  remove_tree (dir);
  g_assert_cmpuint (committed, >=, N_KEYS);
  g_assert_cmpuint (killed_mid, >=, WRITE_ROUNDS / 2);
  g_assert_cmpuint (stale_journals, ==, 0);
}

/* ---- member removal (K_db rotation) ------------------------------------- */

typedef struct
{
  const char *path;
} RemoverData;

static void
remover_body (int      fd,
              gpointer user_data)
{
  RemoverData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = ct_session_unlock (data->path, ADMIN, ADMIN_PASS, &error);
  g_autoptr(CtSecret) code = NULL;

  if (session == NULL)
    {
      child_say (fd, "error %s\n", error->message);
      return;
    }
  child_say (fd, "unlocked\n");

  code = ct_session_add_member (session, "cnieuw", "Carla Nieuw", CT_ROLE_HUISVESTING, FALSE,
                                &error);
  if (code == NULL)
    {
      child_say (fd, "error %s\n", error->message);
      return;
    }
  child_say (fd, "added\n");

  if (!ct_session_remove_member (session, DAVE, &error))
    {
      child_say (fd, "error %s\n", error->message);
      return;
    }
  child_say (fd, "removed\n");
  ct_session_lock (session);
  child_say (fd, "done\n");
}

static gboolean
has_member (GPtrArray  *members,
            const char *login)
{
  for (guint i = 0; i < members->len; i++)
    if (strcmp (((CtMemberInfo *) g_ptr_array_index (members, i))->login, login) == 0)
      return TRUE;
  return FALSE;
}

static void
verify_settings (CtSession *session,
                 guint      n_settings)
{
  for (guint i = 0; i < n_settings; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = g_strdup_printf ("vooraf.%u", i);
      g_autofree char *expected = g_strdup_printf ("%u: %0180u", i, i);
      g_autofree char *value = ct_session_get_setting (session, key, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, expected);
    }
}

/* Unlocks as @login: TRUE, or FALSE for refused credentials. */
static gboolean
try_unlock (const char *path,
            const char *login,
            const char *pass,
            guint       n_settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = ct_session_unlock (path, login, pass, &error);

  if (session == NULL)
    {
      g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
      return FALSE;
    }
  g_assert_true (ct_session_check (session, &error));
  g_assert_no_error (error);
  verify_settings (session, n_settings);
  ct_session_lock (session);
  return TRUE;
}

typedef enum
{
  STAGE_UNLOCKED,
  STAGE_ADDED,
  STAGE_REMOVED,
  STAGE_DONE,
} Stage;

static guint remove_stale_journals;

/* What a round found after the kill. */
typedef enum
{
  FOUND_STILL_MEMBER,     /* the removal had not been recorded */
  FOUND_REMOVED_UNSAID,   /* removed, though the child had not said so */
  FOUND_REMOVED_SAID,     /* the removal had returned in the child */
  N_FOUND
} Found;

static const char *found_names[] = {
  "Dave still a member",
  "Dave removed (the removal had not returned)",
  "Dave removed (the removal had returned)",
};

/* Runs the remover on a fresh copy of @pristine, kills it @delay_us after
 * the event @after ("unlocked" or "added"), then checks the file. Returns
 * the last stage the child reported. */
static Found
remove_round (const char *dir,
              GBytes     *pristine,
              const char *after_event,
              guint       delay_us,
              guint       n_settings,
              gint64     *measured_us)
{
  g_autofree char *path = g_build_filename (dir, "team.casus", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autofree char *left = NULL;
  g_autofree char *clean = NULL;
  RemoverData data = { path };
  Stage stage = STAGE_UNLOCKED;
  gboolean was_killed, dave_in, dave_opens;
  Child child;
  gint64 start = 0;

  g_unlink (journal);
  ct_core_test_forget_anchors ();
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pristine, NULL),
                                      g_bytes_get_size (pristine), &error));
  g_assert_no_error (error);

  child = child_start (remover_body, &data);
  for (;;)
    {
      g_autofree char *line = child_read_line (&child, 60000);

      g_assert_nonnull (line);
      if (g_str_has_prefix (line, "error"))
        g_error ("remover: %s", line);
      if (strcmp (line, "unlocked") == 0)
        start = g_get_monotonic_time ();
      if (strcmp (line, after_event) == 0)
        break;
    }

  if (measured_us != NULL)
    {
      /* Measuring: let it finish. */
      for (;;)
        {
          g_autofree char *line = child_read_line (&child, 60000);

          g_assert_nonnull (line);
          if (strcmp (line, "added") == 0)
            measured_us[0] = g_get_monotonic_time () - start;
          if (strcmp (line, "removed") == 0)
            {
              measured_us[1] = g_get_monotonic_time () - start - measured_us[0];
              break;
            }
        }
    }
  else
    g_usleep (delay_us);

  lines = child_kill (&child, &was_killed);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (strcmp (line, "added") == 0)
        stage = MAX (stage, STAGE_ADDED);
      else if (strcmp (line, "removed") == 0)
        stage = MAX (stage, STAGE_REMOVED);
      else if (strcmp (line, "done") == 0)
        stage = STAGE_DONE;
      else
        g_error ("remover: %s", line);
    }
  if (strcmp (after_event, "added") == 0)
    stage = MAX (stage, STAGE_ADDED);
  if (measured_us != NULL)
    stage = MAX (stage, STAGE_REMOVED);

  left = strays (dir, "team.casus");
  g_assert_true (left[0] == '\0' || strcmp (left, "team.casus-journal") == 0);

  /* The administrator first: this unlock finishes an interrupted removal. */
  session = ct_session_unlock (path, ADMIN, ADMIN_PASS, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_check (session, &error));
  g_assert_no_error (error);
  verify_settings (session, n_settings);
  members = ct_session_list_members (session, &error);
  g_assert_no_error (error);
  g_assert_true (has_member (members, ADMIN));
  g_assert_true (has_member (members, BOB));
  if (stage >= STAGE_ADDED)
    g_assert_true (has_member (members, "cnieuw"));
  dave_in = has_member (members, DAVE);
  if (stage >= STAGE_REMOVED)
    g_assert_false (dave_in);
  ct_session_lock (session);

  /* The remaining members open it; Dave opens it exactly while he is a
   * member. */
  g_assert_true (try_unlock (path, BOB, BOB_PASS, n_settings));
  dave_opens = try_unlock (path, DAVE, DAVE_PASS, n_settings);
  g_assert_cmpint (dave_opens, ==, dave_in);
  g_assert_true (try_unlock (path, ADMIN, ADMIN_PASS, n_settings));

  clean = strays (dir, "team.casus");
  if (clean[0] != '\0')
    {
      g_autofree char *what = describe_journal (path);

      g_test_message ("  still beside the file after the unlocks: %s (%s)", clean, what);
      remove_stale_journals++;
      g_unlink (journal);
    }

  if (measured_us == NULL)
    g_test_message ("  killed %6.2f ms after \"%s\"%s: %s", delay_us / 1000.0, after_event,
                    left[0] != '\0' ? ", journal left" : "",
                    found_names[dave_in ? FOUND_STILL_MEMBER
                                        : stage >= STAGE_REMOVED ? FOUND_REMOVED_SAID
                                                                 : FOUND_REMOVED_UNSAID]);
  return dave_in ? FOUND_STILL_MEMBER
                 : stage >= STAGE_REMOVED ? FOUND_REMOVED_SAID : FOUND_REMOVED_UNSAID;
}

static void
test_kill_remove (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (REMOVE_SEED);
  g_autofree char *dir = g_dir_make_tmp ("ct-kill-rm-XXXXXX", &error);
  g_autofree char *build = g_build_filename (dir, "build.casus", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) pristine = NULL;
  guint n_settings = 150;
  gint64 measured[2] = { 0, 0 };
  guint outcomes[N_FOUND] = { 0 };
  gsize len;

  g_assert_no_error (error);
  create_team (build, n_settings, TRUE);
  g_assert_true (g_file_get_contents (build, &contents, &len, &error));
  g_assert_no_error (error);
  g_unlink (build);
  pristine = g_bytes_new_take (g_steal_pointer (&contents), len);

  /* How long adding and removing take here. */
  remove_round (dir, pristine, "unlocked", 0, n_settings, measured);
  g_test_message ("removal: add took %.1f ms, removal (with K_db rotation) %.1f ms, file %zu "
                  "bytes", measured[0] / 1000.0, measured[1] / 1000.0, len);

  for (guint round = 0; round < REMOVE_ROUNDS; round++)
    {
      Found found;

      /* A third of the kills spread over the add, the rest over the
       * removal and as long again beyond it: the removal was measured
       * once, and on a loaded machine (or under ASan with other tests
       * running) it takes longer later, so a window of only a little
       * beyond left no kill after it had returned. */
      if (round % 3 == 0)
        found = remove_round (dir, pristine, "unlocked",
                              g_rand_int_range (rand, 0, (gint32) measured[0] + 1), n_settings,
                              NULL);
      else
        found = remove_round (dir, pristine, "added",
                              g_rand_int_range (rand, 0, (gint32) (measured[1] * 2) + 1),
                              n_settings, NULL);
      outcomes[found]++;
    }

  g_test_message ("removal: %u rounds", REMOVE_ROUNDS);
  for (guint i = 0; i < N_FOUND; i++)
    g_test_message ("  %-45s %3u", found_names[i], outcomes[i]);
  g_test_message ("  rounds that left a stale journal after the next unlocks: %u",
                  remove_stale_journals);
  remove_tree (dir);
  g_assert_cmpuint (outcomes[FOUND_REMOVED_SAID], >, 0);
  g_assert_cmpuint (outcomes[FOUND_STILL_MEMBER], >, 0);
  g_assert_cmpuint (remove_stale_journals, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  /* A failed check marks its test failed and the run goes on, so one core
   * bug does not hide the figures of the other tests. */
  g_test_set_nonfatal_assertions ();
  g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", FALSE);

  if (!ct_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/kill/writes", test_kill_writes);
  g_test_add_func ("/kill/remove-member", test_kill_remove);

  return g_test_run ();
}
