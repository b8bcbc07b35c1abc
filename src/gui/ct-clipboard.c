/* ct-clipboard.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-clipboard"

#include "config.h"

#include "ct-clipboard.h"

typedef struct
{
  GdkClipboard *clipboard;
  GdkContentProvider *provider;
  gboolean team_data;   /* cleared when a team locks, too */
} ClearData;

/* What is copied and not yet cleared; main thread only. */
static GPtrArray *pending;

static void
clear_data_free (ClearData *data)
{
  g_ptr_array_remove (pending, data);
  g_object_unref (data->clipboard);
  g_object_unref (data->provider);
  g_free (data);
}

/* Only our own content is cleared: if the person copied something else
 * meanwhile, that is theirs to keep. */
static void
clear_own (ClearData *data)
{
  if (gdk_clipboard_get_content (data->clipboard) == data->provider)
    gdk_clipboard_set_content (data->clipboard, NULL);
}

static gboolean
clear_cb (gpointer user_data)
{
  clear_own (user_data);
  return G_SOURCE_REMOVE;
}

static void
set_secret (GdkClipboard *clipboard,
            const char   *text,
            guint         clear_after_ms,
            gboolean      team_data)
{
  ClearData *data;

  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));
  g_return_if_fail (text != NULL);

  if (pending == NULL)
    pending = g_ptr_array_new ();
  data = g_new0 (ClearData, 1);
  data->clipboard = g_object_ref (clipboard);
  data->provider = gdk_content_provider_new_typed (G_TYPE_STRING, text);
  data->team_data = team_data;
  gdk_clipboard_set_content (clipboard, data->provider);
  g_ptr_array_add (pending, data);

  g_timeout_add_full (G_PRIORITY_DEFAULT, clear_after_ms, clear_cb, data,
                      (GDestroyNotify) clear_data_free);
}

/**
 * ct_clipboard_set_secret:
 * @clipboard: the clipboard
 * @text: a secret, such as a recovery key
 * @clear_after_ms: when to empty the clipboard again
 *
 * Copies @text and empties the clipboard after @clear_after_ms unless it
 * holds something else by then. The timer belongs to no window, so it still
 * runs when the window that copied is gone.
 */
void
ct_clipboard_set_secret (GdkClipboard *clipboard,
                         const char   *text,
                         guint         clear_after_ms)
{
  set_secret (clipboard, text, clear_after_ms, FALSE);
}

/**
 * ct_clipboard_set_team_secret:
 *
 * Like ct_clipboard_set_secret(), for a value from the unlocked team (a
 * BSN, an enrolment code): ct_clipboard_clear_team_secrets() empties the
 * clipboard of it at once when the team locks.
 */
void
ct_clipboard_set_team_secret (GdkClipboard *clipboard,
                              const char   *text,
                              guint         clear_after_ms)
{
  set_secret (clipboard, text, clear_after_ms, TRUE);
}

/**
 * ct_clipboard_clear_team_secrets:
 *
 * Empties the clipboard of every team value still there; what the person
 * copied since is theirs to keep.
 */
void
ct_clipboard_clear_team_secrets (void)
{
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      ClearData *data = g_ptr_array_index (pending, i);

      if (data->team_data)
        clear_own (data);
    }
}

/**
 * ct_clipboard_get_n_pending:
 *
 * Returns: how many copies still wait for their timer to clear them
 */
guint
ct_clipboard_get_n_pending (void)
{
  return pending != NULL ? pending->len : 0;
}
