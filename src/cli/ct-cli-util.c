/* ct-cli-util.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ct-error.h"
#include "ct-cli-util.h"

/* Enough for the longest passphrase; recovery keys and codes are shorter. */
#define SECRET_LINE_MAX CT_PASSPHRASE_MAX

/* The terminal state to put back when a signal arrives while echo is off. */
static volatile sig_atomic_t tty_echo_off_fd = -1;
static struct termios        tty_saved;

static const CtCliOption *
find_option (const CtCliOption *options,
             const char        *name,
             gsize              length,
             guint             *index)
{
  for (guint i = 0; options[i].name != NULL; i++)
    if (strlen (options[i].name) == length && strncmp (options[i].name, name, length) == 0)
      {
        *index = i;
        return &options[i];
      }

  return NULL;
}

static guint
count_options (const CtCliOption *options)
{
  guint n = 0;

  while (options[n].name != NULL)
    n++;

  return n;
}

static gboolean
wants_help (int    argc,
            char **argv)
{
  for (int i = 0; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        return FALSE;
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        return TRUE;
    }

  return FALSE;
}

/* Takes one option at argv[*i], advancing *i past its value. */
static gboolean
parse_option (const CtCliCommand *command,
              int                 argc,
              char              **argv,
              int                *i,
              const CtCliOption  *options,
              gboolean           *seen,
              int                *exit_status)
{
  const char *arg = argv[*i];
  const char *name = arg + 2;
  const char *equals = strchr (name, '=');
  gsize length = equals != NULL ? (gsize) (equals - name) : strlen (name);
  const CtCliOption *option;
  guint index = 0;

  option = arg[1] == '-' ? find_option (options, name, length, &index) : NULL;
  if (option == NULL)
    {
      /* Only the option's name: a value after '=' could be a person's name. */
      gsize shown = equals != NULL ? (gsize) (equals - arg) : strlen (arg);
      g_autofree char *shown_arg = g_strndup (arg, shown);

      *exit_status = ct_cli_usage_error (command, _("unknown option “%s”"), shown_arg);
      return FALSE;
    }

  if (seen[index])
    {
      *exit_status = ct_cli_usage_error (command, _("option --%s is given twice"), option->name);
      return FALSE;
    }
  seen[index] = TRUE;

  if (option->value_name == NULL)
    {
      if (equals != NULL)
        {
          *exit_status = ct_cli_usage_error (command, _("option --%s takes no value"),
                                             option->name);
          return FALSE;
        }
      *option->flag = TRUE;
      return TRUE;
    }

  if (equals != NULL)
    {
      *option->value = equals + 1;
      return TRUE;
    }

  /* "--login --name X" means the login was forgotten, not that it is "--name". */
  if (*i + 1 >= argc || g_str_has_prefix (argv[*i + 1], "--"))
    {
      *exit_status = ct_cli_usage_error (command, _("option --%s needs a value (%s)"),
                                         option->name, _(option->value_name));
      return FALSE;
    }

  *i += 1;
  *option->value = argv[*i];
  return TRUE;
}

static gboolean
check_complete (const CtCliCommand  *command,
                const CtCliArgument *arguments,
                guint                n_arguments,
                const CtCliOption   *options,
                const gboolean      *seen,
                int                 *exit_status)
{
  if (arguments[n_arguments].name != NULL)
    {
      *exit_status = ct_cli_usage_error (command, _("missing argument %s"),
                                         _(arguments[n_arguments].name));
      return FALSE;
    }

  for (guint i = 0; options[i].name != NULL; i++)
    if (options[i].required && !seen[i])
      {
        *exit_status = ct_cli_usage_error (command, _("missing option --%s"), options[i].name);
        return FALSE;
      }

  return TRUE;
}

/**
 * ct_cli_parse:
 * @command: the command whose arguments these are
 * @argc: the number of arguments after the command's name
 * @argv: the arguments after the command's name
 * @arguments: the positional arguments, in order
 * @options: the options
 * @exit_status: (out): the status to exit with when %FALSE is returned
 *
 * Fills in @arguments and @options from @argv, or prints the help or one
 * usage error.
 *
 * Returns: %TRUE when the command should run
 */
gboolean
ct_cli_parse (const CtCliCommand  *command,
              int                  argc,
              char               **argv,
              const CtCliArgument *arguments,
              const CtCliOption   *options,
              int                 *exit_status)
{
  g_autofree gboolean *seen = g_new0 (gboolean, count_options (options) + 1);
  gboolean only_arguments = FALSE;
  guint n_arguments = 0;

  if (wants_help (argc, argv))
    {
      ct_cli_print_command_help (command, options);
      *exit_status = CT_CLI_EXIT_OK;
      return FALSE;
    }

  for (int i = 0; i < argc; i++)
    {
      if (!only_arguments && g_str_equal (argv[i], "--"))
        only_arguments = TRUE;
      else if (!only_arguments && argv[i][0] == '-' && argv[i][1] != '\0')
        {
          if (!parse_option (command, argc, argv, &i, options, seen, exit_status))
            return FALSE;
        }
      else if (arguments[n_arguments].name == NULL)
        {
          /* Not echoed: a stray argument is often a name that lost its quotes. */
          *exit_status = ct_cli_usage_error (command, _("too many arguments"));
          return FALSE;
        }
      else
        *arguments[n_arguments++].value = argv[i];
    }

  return check_complete (command, arguments, n_arguments, options, seen, exit_status);
}

void
ct_cli_print_command_help (const CtCliCommand *command,
                           const CtCliOption  *options)
{
  g_autoptr(GString) help = g_string_new (NULL);

  g_string_append_printf (help, _("Usage: casustafel-cli %s %s\n"), command->name,
                          _(command->synopsis));
  g_string_append_printf (help, "\n%s\n", _(command->summary));
  if (command->details != NULL)
    g_string_append_printf (help, "\n%s", _(command->details));
  g_string_append_printf (help, "\n%s\n", _("Options:"));

  for (guint i = 0; options[i].name != NULL; i++)
    {
      g_autofree char *left = options[i].value_name != NULL
        ? g_strdup_printf ("--%s %s", options[i].name, _(options[i].value_name))
        : g_strdup_printf ("--%s", options[i].name);

      g_string_append_printf (help, "  %-26s %s\n", left, _(options[i].description));
    }
  g_string_append_printf (help, "  %-26s %s\n", "-h, --help", _("Show this help and exit"));

  g_print ("%s", help->str);
}

/**
 * ct_cli_usage_error:
 * @command: (nullable): the command that was mistyped, if known
 * @format: what was wrong, without a final period
 *
 * Prints one line on stderr that says what was wrong and where the help is.
 *
 * Returns: %CT_CLI_EXIT_USAGE
 */
int
ct_cli_usage_error (const CtCliCommand *command,
                    const char         *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    g_printerr (_("casustafel-cli: %s; see “casustafel-cli %s --help”\n"), message,
                command->name);
  else
    g_printerr (_("casustafel-cli: %s; see “casustafel-cli --help”\n"), message);

  return CT_CLI_EXIT_USAGE;
}

/**
 * ct_cli_fail:
 * @error: what went wrong
 *
 * Prints @error as one line on stderr.
 *
 * Returns: %CT_CLI_EXIT_USAGE for a #G_OPTION_ERROR, else %CT_CLI_EXIT_REFUSED
 */
int
ct_cli_fail (const GError *error)
{
  g_autofree char *line = NULL;

  /* A core function that fails without saying why is a bug, but the user
   * still gets a line and a status. */
  if (error == NULL)
    {
      g_printerr ("casustafel-cli: %s\n", _("The operation failed."));
      return CT_CLI_EXIT_REFUSED;
    }

  /* One line per error, whatever the message holds, so logs stay parseable. */
  line = g_strdup (error->message);
  g_strdelimit (line, "\r\n", ' ');
  g_printerr ("casustafel-cli: %s\n", line);

  return error->domain == G_OPTION_ERROR ? CT_CLI_EXIT_USAGE : CT_CLI_EXIT_REFUSED;
}

/**
 * ct_cli_check_absent:
 * @path: a file the command is about to create
 * @message: what to say when it exists
 * @error: return location for a #GError
 *
 * Refuses an existing file before any passphrase is typed; the core checks
 * again when it creates the file.
 *
 * Returns: %TRUE when nothing is at @path
 */
gboolean
ct_cli_check_absent (const char  *path,
                     const char  *message,
                     GError     **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  g_set_error_literal (error, CT_ERROR, CT_ERROR_EXISTS, message);
  return FALSE;
}

char *
ct_cli_list_roles (void)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < CT_N_ROLES; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", ct_role_to_string ((CtRole) i));

  return g_string_free (g_steal_pointer (&list), FALSE);
}

gboolean
ct_cli_parse_role (const CtCliCommand *command,
                   const char         *name,
                   CtRole             *role,
                   int                *exit_status)
{
  g_autofree char *roles = NULL;

  *role = ct_role_from_string (name);
  if (*role != CT_ROLE_INVALID)
    return TRUE;

  /* The mistyped value is not echoed: it may be a name in the wrong place. */
  roles = ct_cli_list_roles ();
  *exit_status = ct_cli_usage_error (command, _("unknown role; choose one of %s"), roles);
  return FALSE;
}

static void
restore_tty_on_signal (int signum)
{
  int fd = tty_echo_off_fd;

  if (fd >= 0)
    tcsetattr (fd, TCSAFLUSH, &tty_saved);
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
set_signal_handlers (void (*handler) (int))
{
  /* Not SIGTSTP: the shell puts the terminal back when a job stops, and
   * echo must still be off when it continues. */
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
  struct sigaction action = { 0 };

  action.sa_handler = handler;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &action, NULL);
}


static gboolean
read_byte (int       fd,
           char     *c,
           gboolean *eof,
           GError  **error)
{
  for (;;)
    {
      ssize_t n = read (fd, c, 1);
      int saved_errno = errno;

      if (n >= 0)
        {
          *eof = n == 0;
          return TRUE;
        }
      if (saved_errno != EINTR)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read the answer: %s"), g_strerror (saved_errno));
          return FALSE;
        }
    }
}

/* Reads one line one byte at a time: no stdio buffer ever holds the secret,
 * and nothing after the line is consumed, so the next answer stays on stdin. */
static gboolean
read_line (int     fd,
           char   *buffer,
           gsize   size,
           GError **error)
{
  gsize length = 0;
  gboolean too_long = FALSE;
  gboolean eof = FALSE;
  gboolean got_any = FALSE;
  gboolean failed = FALSE;
  char c = 0;

  for (;;)
    {
      if (!read_byte (fd, &c, &eof, error))
        {
          failed = TRUE;
          break;
        }
      if (eof || c == '\n')
        break;
      got_any = TRUE;
      if (length + 1 < size)
        buffer[length++] = c;
      else
        too_long = TRUE;
    }
  sodium_memzero (&c, sizeof c);

  if (length > 0 && buffer[length - 1] == '\r')
    length--;
  buffer[length] = '\0';

  if (failed)
    return FALSE;
  if (eof && !got_any)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The input ended before the answer was given."));
      return FALSE;
    }
  if (too_long)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                   _("The answer is too long: at most %d bytes are accepted."),
                   (int) size - 1);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }

  return TRUE;
}

static gboolean
read_line_without_echo (int          fd,
                        const char  *prompt,
                        char        *buffer,
                        gsize        size,
                        GError     **error)
{
  /* /dev/tty that is no terminal is unusual but harmless: no echo to stop. */
  gboolean is_tty = tcgetattr (fd, &tty_saved) == 0;
  struct termios quiet = tty_saved;
  gboolean ok;

  /* Echo goes off before the prompt shows, so nothing typed is ever seen. */
  if (is_tty)
    {
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tty_echo_off_fd = fd;
      set_signal_handlers (restore_tty_on_signal);
      tcsetattr (fd, TCSAFLUSH, &quiet);
    }

  ok = write_all (fd, prompt, strlen (prompt));
  if (!ok)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                 _("Could not write to the terminal: %s"), g_strerror (errno));
  else
    ok = read_line (fd, buffer, size, error);

  if (is_tty)
    {
      tcsetattr (fd, TCSAFLUSH, &tty_saved);
      tty_echo_off_fd = -1;
      set_signal_handlers (SIG_DFL);
      /* The Enter key was not echoed either; a missing newline is cosmetic. */
      write_all (fd, "\n", 1);
    }

  return ok;
}

static gboolean
ask_terminal (const char  *prompt,
              const char  *stdin_option,
              char        *buffer,
              gsize        size,
              GError     **error)
{
  int fd = open ("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  gboolean ok;

  if (fd < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("there is no terminal to ask on; use --%s to read from standard input"),
                   stdin_option);
      return FALSE;
    }

  ok = read_line_without_echo (fd, prompt, buffer, size, error);
  close (fd);

  return ok;
}

/**
 * ct_cli_read_secret:
 * @prompt: what to ask on the terminal
 * @from_stdin: read one line from standard input instead of asking
 * @stdin_option: the option that selects standard input, for the error when
 *   there is no terminal
 * @error: return location for a #GError
 *
 * Reads a passphrase, recovery key or enrolment code, without echo when it
 * is typed, into memory that is wiped when freed.
 *
 * Returns: (transfer full): the line without its newline; free it with
 *   ct_secret_free()
 */
CtSecret *
ct_cli_read_secret (const char  *prompt,
                    gboolean     from_stdin,
                    const char  *stdin_option,
                    GError     **error)
{
  char *buffer = sodium_malloc (SECRET_LINE_MAX + 1);
  CtSecret *secret = NULL;
  gboolean ok;

  if (buffer == NULL)
    g_error ("Out of locked memory for a secret");

  if (from_stdin)
    ok = read_line (STDIN_FILENO, buffer, SECRET_LINE_MAX + 1, error);
  else
    ok = ask_terminal (prompt, stdin_option, buffer, SECRET_LINE_MAX + 1, error);

  if (ok)
    secret = ct_secret_new_string (buffer);

  /* sodium_free() wipes the buffer before it lets go of it. */
  sodium_free (buffer);

  return secret;
}

/**
 * ct_cli_read_new_passphrase:
 * @from_stdin: read one line from standard input instead of asking twice
 * @error: return location for a #GError
 *
 * Reads a passphrase a member chooses: checked against the rules at once,
 * and typed twice on a terminal, where a typo cannot be seen.
 *
 * Returns: (transfer full): the passphrase; free it with ct_secret_free()
 */
CtSecret *
ct_cli_read_new_passphrase (gboolean   from_stdin,
                            GError   **error)
{
  g_autoptr(CtSecret) passphrase = NULL;
  g_autoptr(CtSecret) again = NULL;

  passphrase = ct_cli_read_secret (_("Choose a passphrase: "), from_stdin,
                                   "passphrase-stdin", error);
  if (passphrase == NULL || !ct_vault_validate_passphrase (passphrase, error))
    return NULL;

  if (from_stdin)
    return g_steal_pointer (&passphrase);

  again = ct_cli_read_secret (_("Repeat the passphrase: "), FALSE, "passphrase-stdin", error);
  if (again == NULL)
    return NULL;

  if (!g_str_equal (passphrase, again))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                           _("The two passphrases do not match."));
      return NULL;
    }

  return g_steal_pointer (&passphrase);
}

/**
 * ct_cli_print_secret:
 * @before: (nullable): text before the secret on the same line
 * @secret: a recovery key, enrolment code or raw key
 * @after: (nullable): text after the secret on the same line
 *
 * Prints one line holding @secret on standard output, straight to the file
 * descriptor so that no stdio buffer keeps a copy.
 *
 * Returns: %FALSE, after saying so on stderr, when it could not be written
 */
gboolean
ct_cli_print_secret (const char *before,
                     const char *secret,
                     const char *after)
{
  before = before != NULL ? before : "";
  after = after != NULL ? after : "";

  fflush (stdout);
  if (write_all (STDOUT_FILENO, before, strlen (before)) &&
      write_all (STDOUT_FILENO, secret, strlen (secret)) &&
      write_all (STDOUT_FILENO, after, strlen (after)) &&
      write_all (STDOUT_FILENO, "\n", 1))
    return TRUE;

  g_printerr (_("casustafel-cli: could not write to standard output\n"));
  return FALSE;
}

/**
 * ct_cli_unlock:
 * @path: the team file
 * @login: the member's login
 * @from_stdin: read the passphrase from standard input
 * @error: return location for a #GError
 *
 * Asks for the member's passphrase and unlocks @path with it.
 *
 * Returns: (transfer full): the session
 */
CtSession *
ct_cli_unlock (const char  *path,
               const char  *login,
               gboolean     from_stdin,
               GError     **error)
{
  g_autoptr(CtSecret) passphrase = NULL;

  CtSession *session;

  passphrase = ct_cli_read_secret (_("Passphrase: "), from_stdin, "passphrase-stdin", error);
  if (passphrase == NULL)
    return NULL;

  session = ct_session_unlock (path, login, passphrase, error);
  if (session != NULL && ct_session_is_read_only (session))
    g_printerr ("casustafel-cli: %s\n",
                _("The team file is read-only: it can be checked and its unlogged parts shown, "
                  "but nothing that writes, not even the access log of a read."));
  if (session != NULL && ct_session_rekey_is_pending (session))
    g_printerr ("casustafel-cli: %s\n",
                _("A member was removed, but the team file is not yet re-keyed: there is not "
                  "enough free space (or no write access). It is tried again at every open."));
  return session;
}

/**
 * ct_cli_parse_team:
 * @command: the command
 * @argc: the number of arguments after the command's name
 * @argv: the arguments after the command's name
 * @team: the command's own arguments and options in, FILE and the login out
 * @exit_status: (out): the status to exit with when %FALSE is returned
 *
 * Like ct_cli_parse() for a command that opens a team file: FILE comes
 * first, `--login` first among the options and `--passphrase-stdin` last.
 *
 * Returns: %TRUE when the command should run
 */
gboolean
ct_cli_parse_team (const CtCliCommand  *command,
                   int                  argc,
                   char               **argv,
                   CtCliTeam           *team,
                   int                 *exit_status)
{
  const CtCliArgument file = { N_("FILE"), &team->path };
  CtCliOption login = team->as_admin ? (CtCliOption) CT_CLI_OPTION_ADMIN_LOGIN (&team->login)
                                     : (CtCliOption) CT_CLI_OPTION_LOGIN (&team->login);
  const CtCliOption from_stdin = CT_CLI_OPTION_PASSPHRASE_STDIN (&team->from_stdin);
  g_autoptr(GArray) arguments = g_array_new (TRUE, TRUE, sizeof (CtCliArgument));
  g_autoptr(GArray) options = g_array_new (TRUE, TRUE, sizeof (CtCliOption));

  if (team->login_help != NULL)
    login.description = team->login_help;
  /* Zero-terminated arrays end with the all-NULL entry both tables expect. */
  g_array_append_val (arguments, file);
  for (guint i = 0; team->arguments != NULL && team->arguments[i].name != NULL; i++)
    g_array_append_val (arguments, team->arguments[i]);
  g_array_append_val (options, login);
  for (guint i = 0; team->options != NULL && team->options[i].name != NULL; i++)
    g_array_append_val (options, team->options[i]);
  g_array_append_val (options, from_stdin);

  return ct_cli_parse (command, argc, argv, (const CtCliArgument *) arguments->data,
                       (const CtCliOption *) options->data, exit_status);
}

/**
 * ct_cli_unlock_team:
 * @team: what ct_cli_parse_team() filled in
 * @exit_status: (out): the status to exit with when %NULL is returned
 *
 * ct_cli_unlock() on what @team names; a failure is printed.
 *
 * Returns: (transfer full) (nullable): the session
 */
CtSession *
ct_cli_unlock_team (const CtCliTeam *team,
                    int             *exit_status)
{
  g_autoptr(GError) error = NULL;
  CtSession *session;

  session = ct_cli_unlock (team->path, team->login, team->from_stdin, &error);
  if (session == NULL)
    *exit_status = ct_cli_fail (error);
  return session;
}

/**
 * ct_cli_open_session:
 * @command: the command
 * @argc: the number of arguments after the command's name
 * @argv: the arguments after the command's name
 * @team: the command's own arguments and options in, FILE and the login out
 * @exit_status: (out): the status to exit with when %NULL is returned
 *
 * ct_cli_parse_team(), then ct_cli_unlock_team(): what most commands start
 * with. A command that checks its options before it asks the passphrase
 * calls the two itself.
 *
 * Returns: (transfer full) (nullable): the session
 */
CtSession *
ct_cli_open_session (const CtCliCommand  *command,
                     int                  argc,
                     char               **argv,
                     CtCliTeam           *team,
                     int                 *exit_status)
{
  if (!ct_cli_parse_team (command, argc, argv, team, exit_status))
    return NULL;
  return ct_cli_unlock_team (team, exit_status);
}

/**
 * ct_cli_run_step:
 * @step: the one thing the command does in the session
 * @done: the line printed when it is done
 *
 * A command that takes no argument of its own: opens the team
 * (ct_cli_open_session()), runs @step and prints @done.
 *
 * Returns: the status to exit with
 */
int
ct_cli_run_step (const CtCliCommand  *command,
                 int                  argc,
                 char               **argv,
                 gboolean           (*step) (CtSession *, GError **),
                 const char          *done)
{
  CtCliTeam team = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;
  if (!step (session, &error))
    return ct_cli_fail (error);
  g_print ("%s\n", done);
  return CT_CLI_EXIT_OK;
}
