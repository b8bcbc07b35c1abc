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
} ClearData;

static void
clear_data_free (ClearData *data)
{
  g_object_unref (data->clipboard);
  g_object_unref (data->provider);
  g_free (data);
}

/* Only our own content is cleared: if the person copied something else
 * meanwhile, that is theirs to keep. */
static gboolean
clear_cb (gpointer user_data)
{
  ClearData *data = user_data;

  if (gdk_clipboard_get_content (data->clipboard) == data->provider)
    gdk_clipboard_set_content (data->clipboard, NULL);

  return G_SOURCE_REMOVE;
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
  ClearData *data;

  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));
  g_return_if_fail (text != NULL);

  data = g_new0 (ClearData, 1);
  data->clipboard = g_object_ref (clipboard);
  data->provider = gdk_content_provider_new_typed (G_TYPE_STRING, text);
  gdk_clipboard_set_content (clipboard, data->provider);

  g_timeout_add_full (G_PRIORITY_DEFAULT, clear_after_ms, clear_cb, data,
                      (GDestroyNotify) clear_data_free);
}
