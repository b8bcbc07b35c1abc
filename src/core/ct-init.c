/* ct-init.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-init"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "ct-error.h"
#include "ct-init.h"
#include "ct-output.h"

static gboolean hardened;

/* A core dump would write the unlocked keys and every decrypted value to
 * disk, so the process refuses to produce one and refuses ptrace attach by
 * other processes of the same user. */
static gboolean
harden_process (void)
{
  struct rlimit no_core = { 0, 0 };

  if (setrlimit (RLIMIT_CORE, &no_core) != 0)
    return FALSE;

  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    return FALSE;

  return TRUE;
}

/**
 * ct_init:
 * @error: return location for a #GError
 *
 * Prepares the process for handling team files: initialises libsodium,
 * disables core dumps and removes the temporary outputs of a killed run.
 * Call it once, before anything else of the core.
 *
 * Returns: %TRUE on success
 */
gboolean
ct_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED,
                           _("The cryptography library could not be initialised."));
      return FALSE;
    }

  hardened = harden_process ();
  if (!hardened)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED,
                           _("Core dumps could not be disabled, so secrets could leak to disk."));
      return FALSE;
    }

  /* Outputs that a killed process left half-way. */
  ct_output_clean_stale ();
  return TRUE;
}

/**
 * ct_init_gettext:
 *
 * Sets the locale from the environment and binds the translations. They are
 * looked up under the install prefix unless CASUSTAFEL_LOCALEDIR names a
 * directory, which `build-aux/dev run` and the tests set to the build tree's
 * po/ so the uninstalled programs speak the user's language (see README.md).
 * Whoever can set that variable can already set LD_PRELOAD, so it grants
 * nothing new.
 */
void
ct_init_gettext (void)
{
  const char *localedir = g_getenv ("CASUSTAFEL_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/**
 * ct_process_is_hardened:
 *
 * Returns: whether ct_init() disabled core dumps for this process
 */
gboolean
ct_process_is_hardened (void)
{
  return hardened;
}

/**
 * ct_version:
 *
 * Returns: the version of Casustafel this core belongs to
 */
const char *
ct_version (void)
{
  return PACKAGE_VERSION;
}
