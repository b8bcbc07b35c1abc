/* ct-case-list.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Cases page: every case this member may see, sortable by column and
 * filtered as one types. The model is store → sort → filter, so that a
 * keystroke refilters rows that are already sorted, → slice for the view.
 *
 * The slice is there for the first frame after the member unlocks: GTK
 * 4.8's column view makes and measures the cells of some 200 rows,
 * however few the window shows, and at 10 000 households that first
 * frame was most of what the member waited for after Argon2id. So the
 * view is given the first screenful of the sorted, filtered cases for its
 * first frame, and a screenful more after each frame until it has them
 * all. Sorting and filtering act on the whole list all along: the slice
 * only cuts the view's tail for a few frames.
 *
 * Before that, the first read gives the view only its first screenful:
 * the newest cases, as the list first sorts them, read by their number's
 * index with the few households they belong to (ct_case_item_load_first()),
 * logged and shown at once; the whole list is read next in the same
 * worker way and the rest appended. Meanwhile the list says it is
 * loading the rest, and a search, a status or another order, which the
 * first screenful cannot answer, waits on the loading page until every
 * case is in: no partial result is ever shown as a whole one. */

#define G_LOG_DOMAIN "ct-case-list"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "ct-case-item.h"
#include "ct-case-list-private.h"
#include "ct-gui-labels.h"

G_DEFINE_FINAL_TYPE (CtCaseList, ct_case_list, ADW_TYPE_BIN)

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A screenful is the window's height over the lowest row there can be
 * (one line of the smallest text anyone reads); the view gets one screenful
 * for its first frame, one more after each frame, and all rows once it
 * holds as many as GTK 4.8's view keeps anyway. */
#define MIN_ROW_HEIGHT 16
#define GROWN_ROWS     200

/* A reader finds the file busy when another program writes for longer
 * than the store waits (ct-store.c): a read is asked for again, a second
 * apart, this many times before the list says it could not read the
 * cases. It never shows a busy file as an empty list ("No Cases Yet"). */
#define READ_TRIES     5

/* A re-read changes the rows that changed one by one, as long as no more
 * than this many, or a quarter of the list, changed (changed_rows()). */
#define MAX_GONE       64

/* Only the first screenful is in, and what the list is asked to show
 * needs the rest. */
static gboolean
waits_for_rest (CtCaseList *self)
{
  return self->partial && (self->resorted || ct_case_filter_is_active (self->filter));
}

/* The cases have all been read, or the read was given up: "loading"
 * says so to whoever waits for the list (the window's retention check). */
static void
stop_loading (CtCaseList *self)
{
  if (self->loading == NULL)
    return;
  g_clear_object (&self->loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
start_loading (CtCaseList *self)
{
  g_assert (self->loading == NULL);
  self->loading = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_stack (CtCaseList *self)
{
  const char *page;

  /* The status list is filled in before the models are made. */
  if (self->filter_model == NULL)
    return;
  if ((self->loading != NULL && !self->refreshing && !self->partial) || waits_for_rest (self))
    page = "loading";
  else if (self->failed)
    page = "error";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0)
    page = "list";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    page = "empty";
  else
    page = "no-matches";

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (self->rest_bar, self->partial && g_str_equal (page, "list"));
  gtk_widget_set_visible (self->stale_bar, self->stale && !self->partial
                                           && g_str_equal (page, "list"));
}

static void
fill_status_dropdown (CtCaseList *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, _("All Statuses"));
  for (guint i = 0; _ct_case_list_status (i) != NULL; i++)
    gtk_string_list_append (list, ct_gui_enum_label (NULL, _ct_case_list_status (i)));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (list));
}

/* Callbacks */

static void
search_changed_cb (CtCaseList *self)
{
  ct_case_filter_set_query (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_stack (self);
}

static void
stop_search_cb (CtCaseList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Enter in the search field opens the first match, once every case is
 * in to match. */
static void
search_activate_cb (CtCaseList *self)
{
  g_autoptr(CtCaseItem) item = NULL;

  if (waits_for_rest (self))
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), 0);
  if (item != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, ct_case_item_get_id (item));
}

static void
status_selected_cb (CtCaseList *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  ct_case_filter_set_status (self->filter, selected > 0 && selected != GTK_INVALID_LIST_POSITION
                                             ? _ct_case_list_status (selected - 1) : NULL);
  update_stack (self);
}

static void
overdue_toggled_cb (CtCaseList *self)
{
  ct_case_filter_set_overdue_only (self->filter,
                                   gtk_toggle_button_get_active (self->overdue_button));
  update_stack (self);
}

static void start_reading (CtCaseList *self,
                           gboolean    refreshing);

/* The error page's button and the kept rows' bar: the cases are read
 * again, keeping the rows shown if there are any. */
static void
try_again_cb (CtCaseList *self)
{
  if (self->session == NULL)
    return;
  start_reading (self, !self->failed && g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0);
  update_stack (self);
}

static void
row_activated_cb (CtCaseList *self,
                  guint       position)
{
  g_autoptr(CtCaseItem) item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (item != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, ct_case_item_get_id (item));
}

static void
filtered_changed_cb (CtCaseList *self)
{
  update_stack (self);
}

/* Any order but the first one waits for the rest. */
static void
sorter_changed_cb (CtCaseList *self)
{
  self->resorted = TRUE;
  update_stack (self);
}

/* The list's first order, newest case first, which the first read gives. */
static void
sort_by_number (CtCaseList *self)
{
  gtk_column_view_sort_by_column (self->column_view, self->number_column, GTK_SORT_DESCENDING);
  self->resorted = FALSE;
}

static void
stop_growing (CtCaseList *self)
{
  /* The clock drops its handlers when its window goes. */
  if (self->grow_id != 0 && g_signal_handler_is_connected (self->grow_clock, self->grow_id))
    g_signal_handler_disconnect (self->grow_clock, self->grow_id);
  self->grow_id = 0;
  g_clear_object (&self->grow_clock);
  g_clear_handle_id (&self->grow_idle_id, g_source_remove);
  gtk_slice_list_model_set_size (self->slice_model, G_MAXUINT);
}

/* The window's height, not the list's: the list has none yet when the
 * window has just turned from the unlock page to the cases. */
static guint
screenful (CtCaseList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL ? gtk_widget_get_height (GTK_WIDGET (root)) / MIN_ROW_HEIGHT + 1
                      : GROWN_ROWS;
}

static gboolean
grow_cb (gpointer user_data)
{
  CtCaseList *self = user_data;
  guint size = gtk_slice_list_model_get_size (self->slice_model) + screenful (self);

  self->grow_idle_id = 0;
  if (size >= GROWN_ROWS || size >= g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)))
    stop_growing (self);
  else
    gtk_slice_list_model_set_size (self->slice_model, size);
  return G_SOURCE_REMOVE;
}

/* A frame showed the rows so far: a screenful more, once the frame is
 * done. */
static void
frame_painted_cb (CtCaseList *self)
{
  if (self->grow_idle_id == 0)
    self->grow_idle_id = g_idle_add (grow_cb, self);
}

/* The view's first frame of @n_rows shows a screenful of them; a list
 * that is not on screen has no frames to wait for. */
static void
start_growing (CtCaseList *self,
               guint       n_rows)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  stop_growing (self);
  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) || n_rows <= screenful (self))
    return;
  gtk_slice_list_model_set_size (self->slice_model, screenful (self));
  self->grow_clock = g_object_ref (clock);
  self->grow_id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (frame_painted_cb),
                                            self);
}

/* A re-read's rows as a change to those shown: a row that reads the same
 * stays the same object, one that changed or went is removed, and every
 * other row read is appended, where the sort puts it. Coming back to
 * Cases, nothing has usually changed, and the view then hears of nothing:
 * replacing every row made GTK 4.8's column view build, bind and lay out
 * its ~200 rows again on the main thread, which kept the window from its
 * next frame (seconds on a busy machine, with the GL renderer most). Each
 * removal costs the sort model a pass over its rows, so when more than
 * @max_gone rows went or changed nothing is changed and %NULL returned:
 * the caller replaces them all. Returns the rows to append. */
static GPtrArray *
changed_rows (CtCaseList *self,
              GPtrArray  *loaded,
              guint       max_gone)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *rest;
  g_autofree gint64 *ids = g_new (gint64, MAX (loaded->len, 1));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree gboolean *same = g_new0 (gboolean, MAX (n, 1));
  guint n_gone = 0, gone_end = 0;

  for (guint i = 0; i < loaded->len; i++)
    {
      ids[i] = ct_case_item_get_id (g_ptr_array_index (loaded, i));
      g_hash_table_insert (by_id, &ids[i], g_ptr_array_index (loaded, i));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CtCaseItem) shown = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      gint64 id = ct_case_item_get_id (shown);
      CtCaseItem *read = g_hash_table_lookup (by_id, &id);

      same[i] = read != NULL && ct_case_item_equal (shown, read);
      n_gone += !same[i];
    }
  if (n_gone > max_gone)
    return NULL;

  /* From the end, each run of rows that went in one splice. */
  for (guint i = n; i > 0; i--)
    {
      if (same[i - 1] && gone_end != 0)
        {
          g_list_store_splice (self->store, i, gone_end - i, NULL, 0);
          gone_end = 0;
        }
      else if (!same[i - 1] && gone_end == 0)
        gone_end = i;
      if (same[i - 1])
        {
          g_autoptr(CtCaseItem) shown = g_list_model_get_item (G_LIST_MODEL (self->store), i - 1);
          gint64 id = ct_case_item_get_id (shown);

          g_hash_table_remove (by_id, &id);
        }
    }
  if (gone_end != 0)
    g_list_store_splice (self->store, 0, gone_end, NULL, 0);

  rest = g_ptr_array_new ();
  for (guint i = 0; i < loaded->len; i++)
    {
      if (g_hash_table_contains (by_id, &ids[i]))
        g_ptr_array_add (rest, g_ptr_array_index (loaded, i));
    }
  return rest;
}

static void
show_cases (CtCaseList   *self,
            GPtrArray    *loaded,
            const GError *error)
{
  g_autoptr(GPtrArray) rest = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  /* No list is shown for a read that failed: the error page says so, with
   * a button to try again (never the empty list's "No Cases Yet"). */
  if (error != NULL)
    {
      g_message ("Could not read the cases: %s", error->message);
      self->failed = TRUE;
      adw_status_page_set_description (self->error_page, error->message);
    }
  else
    self->failed = FALSE;
  self->stale = FALSE;

  if (n == 0)
    start_growing (self, loaded != NULL ? loaded->len : 0);
  else
    stop_growing (self);
  /* A re-read changes only the rows that changed, unless more than a
   * quarter of a long list did; then one splice: the view hears of one
   * change, not of an empty list first. */
  if (loaded != NULL && n > 0
      && (rest = changed_rows (self, loaded, MAX (n / 4, MAX_GONE))) != NULL)
    {
      /* GListStore tells of an empty splice too. */
      if (rest->len > 0)
        g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                             0, rest->pdata, rest->len);
    }
  else
    g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                         loaded != NULL ? loaded->pdata : NULL, loaded != NULL ? loaded->len : 0);

  self->load_usec = g_get_monotonic_time () - self->load_start;
  g_debug ("Loaded %u cases in %.1f ms", g_list_model_get_n_items (G_LIST_MODEL (self->store)),
           self->load_usec / 1000.0);
  update_stack (self);
}

/* What the worker read and decrypted, its reader's page cache and the
 * pages the unlock checked were freed into the worker threads' malloc
 * arenas, which glibc keeps for those threads' next allocations: at
 * 10 000 households some 20 to 35 MB the window would hold for as long as
 * it runs. Given back once the list has its rows. */
static void
return_freed_memory (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

/* In a worker thread, with a reader of the session: the cases are read and
 * decrypted there, so the spinner goes on turning meanwhile. */
static gpointer
read_cases_cb (CtSession     *reader,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return ct_case_item_load_all (reader, error);
}

/* The rest has come: the rows shown stay as they are, unless the case
 * changed or went meanwhile, and every other row is appended, so the view
 * keeps its place. */
static void
append_rest (CtCaseList *self,
             GPtrArray  *loaded)
{
  g_autoptr(GPtrArray) rest = changed_rows (self, loaded, G_MAXUINT);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  start_growing (self, n + rest->len);
  g_list_store_splice (self->store, n, 0, rest->pdata, rest->len);
}

static void rest_read_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
read_rest (CtCaseList *self)
{
  ct_session_read_async (self->session, read_cases_cb, NULL, (GDestroyNotify) g_ptr_array_unref,
                         self->loading, rest_read_cb, self);
}

static gboolean
read_again_cb (gpointer user_data)
{
  CtCaseList *self = user_data;

  self->again_id = 0;
  self->again (self);
  return G_SOURCE_REMOVE;
}

/* Whether @error is a busy file worth another try, a second later, with
 * @read; the read's cancellable stays, so the list goes on loading. */
static gboolean
try_again_later (CtCaseList   *self,
                 const GError *error,
                 void        (*read) (CtCaseList *self))
{
  if (!g_error_matches (error, CT_ERROR, CT_ERROR_BUSY) || ++self->tries >= READ_TRIES)
    return FALSE;
  g_debug ("The file is busy; the cases are read again: %s", error->message);
  self->again = read;
  self->again_id = g_timeout_add_seconds (1, read_again_cb, self);
  return TRUE;
}

/* The prologue of the list's three read callbacks: @loaded and @error
 * from the reader (logged by ct_session_read_finish()).
 *
 * Returns: whether the callback goes on with them; not when the read was
 *   cancelled (the list was given another session or went away: @self is
 *   not touched) or a busy file is read again a second later with @read */
static gboolean
finish_read (CtCaseList    *self,
             GObject       *source,
             GAsyncResult  *result,
             void         (*read) (CtCaseList *self),
             GPtrArray    **loaded,
             GError       **error)
{
  *loaded = ct_session_read_finish (CT_SESSION (source), result, error);
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  return !try_again_later (self, *error, read);
}

static void
rest_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CtCaseList *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;

  if (!finish_read (self, source, result, read_rest, &loaded, &error))
    return;
  stop_loading (self);
  self->partial = FALSE;
  /* Without the rest, the first rows would pass for every case. */
  if (loaded == NULL)
    show_cases (self, NULL, error);
  else
    append_rest (self, loaded);
  self->load_usec = g_get_monotonic_time () - self->load_start;
  g_debug ("Loaded all %u cases in %.1f ms",
           g_list_model_get_n_items (G_LIST_MODEL (self->store)), self->load_usec / 1000.0);
  update_stack (self);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  return_freed_memory ();
}

/* In a worker thread, as read_cases_cb(): the first screenful only. */
static gpointer
read_first_cb (CtSession     *reader,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  gboolean complete;

  return ct_case_item_load_first (reader, GPOINTER_TO_UINT (data), &complete, error);
}

static void first_read_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
read_first (CtCaseList *self)
{
  ct_session_read_async (self->session, read_first_cb, GUINT_TO_POINTER (self->first_rows),
                         (GDestroyNotify) g_ptr_array_unref, self->loading, first_read_cb,
                         self);
}

/* The first screenful, logged by ct_session_read_finish() before it is
 * shown; fewer rows than asked for are every case there is. */
static void
first_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CtCaseList *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;

  if (!finish_read (self, source, result, read_first, &loaded, &error))
    return;
  self->partial = loaded != NULL && loaded->len >= self->first_rows;
  if (!self->partial)
    stop_loading (self);
  show_cases (self, loaded, error);
  self->tries = 0;
  if (self->partial)
    read_rest (self);
}

static void cases_read_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
read_all (CtCaseList *self)
{
  ct_session_read_async (self->session, read_cases_cb, NULL, (GDestroyNotify) g_ptr_array_unref,
                         self->loading, cases_read_cb, self);
}

static void
cases_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CtCaseList *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;

  if (!finish_read (self, source, result, read_all, &loaded, &error))
    return;
  stop_loading (self);
  /* A re-read that failed keeps the rows it was to replace (coming back
   * to Cases), and says they may be out of date. */
  if (loaded == NULL && self->refreshing && !self->failed
      && g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0)
    {
      g_message ("Could not read the cases again: %s", error->message);
      self->refreshing = FALSE;
      self->stale = TRUE;
      update_stack (self);
      return;
    }
  self->refreshing = FALSE;
  show_cases (self, loaded, error);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  return_freed_memory ();
}

static void
cancel_loading (CtCaseList *self)
{
  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  stop_loading (self);
  g_clear_handle_id (&self->again_id, g_source_remove);
  self->tries = 0;
  self->refreshing = FALSE;
  self->partial = FALSE;
}

static void
ct_case_list_dispose (GObject *object)
{
  CtCaseList *self = CT_CASE_LIST (object);

  cancel_loading (self);
  stop_growing (self);
  g_clear_object (&self->session);
  /* The view's columns go with it, and change its sorter as they go. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);

  G_OBJECT_CLASS (ct_case_list_parent_class)->dispose (object);
}

static void
ct_case_list_finalize (GObject *object)
{
  CtCaseList *self = CT_CASE_LIST (object);

  g_clear_object (&self->slice_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ct_case_list_parent_class)->finalize (object);
}

static void
ct_case_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CtCaseList *self = CT_CASE_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, ct_case_list_is_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_case_list_class_init (CtCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_case_list_dispose;
  object_class->finalize = ct_case_list_finalize;
  object_class->get_property = ct_case_list_get_property;

  /**
   * CtCaseList:loading:
   *
   * Whether the cases are being read: from setting a session or a
   * refresh until every case is in, or the read failed.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CtCaseList::case-activated:
   * @case_id: the case to open
   */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CtCaseList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CtCaseList, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtCaseList, overdue_button);
  gtk_widget_class_bind_template_child (widget_class, CtCaseList, stack);
  gtk_widget_class_bind_template_child (widget_class, CtCaseList, column_view);
  gtk_widget_class_bind_template_child (widget_class, CtCaseList, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CtCaseList, no_matches_page);
  gtk_widget_class_bind_template_child (widget_class, CtCaseList, error_page);
  gtk_widget_class_bind_template_child (widget_class, CtCaseList, rest_bar);
  gtk_widget_class_bind_template_child (widget_class, CtCaseList, stale_bar);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, overdue_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, try_again_cb);
}

static void
ct_case_list_init (CtCaseList *self)
{
  GtkSelectionModel *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (CT_TYPE_CASE_ITEM);
  self->filter = ct_case_filter_new ();
  _ct_case_list_add_columns (self);
  fill_status_dropdown (self);

  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (self->sort_model),
                                                  GTK_FILTER (self->filter));
  g_object_ref (self->filter_model);
  self->slice_model = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                                0, G_MAXUINT);
  g_object_ref (self->slice_model);
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (self->slice_model)));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filtered_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  sort_by_number (self);
  update_stack (self);
}

/**
 * ct_case_list_set_session:
 * @session: (nullable): the unlocked session, or %NULL to empty the list
 *
 * Reads the cases in a worker thread (ct_session_read_async()): the first
 * screenful newest first, shown as soon as it is read, then the rest;
 * meanwhile the list shows that it is loading. The list starts in its
 * first order, newest case first, with no search.
 */
void
ct_case_list_set_session (CtCaseList *self,
                          CtSession  *session)
{
  g_return_if_fail (CT_IS_CASE_LIST (self));

  g_set_object (&self->session, session);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_toggle_button_set_active (self->overdue_button, FALSE);
  sort_by_number (self);

  /* One notify of "loading", not one for the read given up and one for
   * the read begun. */
  g_object_freeze_notify (G_OBJECT (self));
  cancel_loading (self);
  stop_growing (self);
  g_list_store_remove_all (self->store);
  self->failed = FALSE;
  self->stale = FALSE;
  if (session != NULL)
    {
      start_loading (self);
      self->load_start = g_get_monotonic_time ();
      self->first_rows = MAX (screenful (self), 1);
      read_first (self);
    }
  update_stack (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
start_reading (CtCaseList *self,
               gboolean    refreshing)
{
  g_object_freeze_notify (G_OBJECT (self));
  cancel_loading (self);
  start_loading (self);
  self->refreshing = refreshing;
  self->load_start = g_get_monotonic_time ();
  read_all (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ct_case_list_refresh:
 *
 * Reads the cases again in a worker, keeping the search, as
 * ct_case_list_set_session() does; the rows shown stay until the new ones
 * replace them, so coming back to the list shows no spinner. For a list
 * shown again and for changes synced in from others: at 10 000 households
 * a read takes seconds, and the window must not stop meanwhile.
 */
void
ct_case_list_refresh (CtCaseList *self)
{
  g_return_if_fail (CT_IS_CASE_LIST (self));

  /* A first read under way is as fresh as this one would be. */
  if (self->session == NULL || (self->loading != NULL && !self->refreshing))
    return;

  start_reading (self, TRUE);
}

/**
 * ct_case_list_drop_household:
 * @household_id: the household that was erased, or one of whose persons
 *   was
 *
 * After an erasure no row may keep a name or a case that is gone, not
 * even until a worker has read the list again: every row of the household
 * goes at once, then the cases are read again in a worker, as after a
 * save (ct_case_list_refresh()). A read under way may have read the
 * household before it was erased, so it is given up for a new one.
 */
void
ct_case_list_drop_household (CtCaseList *self,
                             gint64      household_id)
{
  g_return_if_fail (CT_IS_CASE_LIST (self));
  g_return_if_fail (household_id > 0);

  ct_case_list_drop_households (self, &household_id, 1);
}

/**
 * ct_case_list_drop_households:
 * @households: (array length=n_households): households gone from this
 *   member's view: erased, or restricted by a sync (CtSyncSummary's hidden)
 *
 * As ct_case_list_drop_household(): their rows go at once, then the cases
 * are read again in a worker, a read under way given up for a new one.
 */
void
ct_case_list_drop_households (CtCaseList   *self,
                              const gint64 *households,
                              guint         n_households)
{
  g_autoptr(GHashTable) set = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean first_read;

  g_return_if_fail (CT_IS_CASE_LIST (self));

  for (guint i = 0; i < n_households; i++)
    g_hash_table_add (set, (gpointer) &households[i]);
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->store)); n_households > 0 && i > 0;
       i--)
    {
      g_autoptr(CtCaseItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i - 1);
      gint64 household_id = ct_case_item_get_household_id (item);

      if (g_hash_table_contains (set, &household_id))
        g_list_store_remove (self->store, i - 1);
    }
  update_stack (self);

  if (self->session == NULL)
    return;
  first_read = self->loading != NULL && !self->refreshing;
  start_reading (self, !first_read);
}

void
ct_case_list_focus_search (CtCaseList *self)
{
  g_return_if_fail (CT_IS_CASE_LIST (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* Returns: (transfer none): the cases as shown: sorted and filtered */
GListModel *
ct_case_list_get_model (CtCaseList *self)
{
  g_return_val_if_fail (CT_IS_CASE_LIST (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

guint
ct_case_list_get_n_cases (CtCaseList *self)
{
  g_return_val_if_fail (CT_IS_CASE_LIST (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

/* Returns: %TRUE while the cases are being read */
gboolean
ct_case_list_is_loading (CtCaseList *self)
{
  g_return_val_if_fail (CT_IS_CASE_LIST (self), FALSE);

  return self->loading != NULL;
}

gint64
ct_case_list_get_load_usec (CtCaseList *self)
{
  g_return_val_if_fail (CT_IS_CASE_LIST (self), 0);

  return self->load_usec;
}
