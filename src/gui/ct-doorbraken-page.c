/* ct-doorbraken-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-doorbraken-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-budget.h"
#include "ct-doorbraak.h"
#include "ct-doorbraak-share-dialog.h"
#include "ct-doorbraken-page-private.h"
#include "ct-error.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-page.h"
#include "ct-reason-dialog.h"
#include "ct-saving.h"

/* The register of doorbraken: a list per case with its status, the record
 * in a form, one step of status at a time, and Share…, which runs the core's
 * checker and refuses to write Markdown or PDF while it finds anything.
 *
 * The list grows with the team, so it is a GtkListView over small items, as
 * the case list is; the breakthroughs and the case numbers are read in a
 * worker (ct_session_read_async()) when the page is first shown, and again
 * after an edit while the rows shown stay until the new ones replace them.
 * The page's writes go through the session's write queue ("The page's
 * writes" below). */

static void ct_doorbraken_page_page_iface_init (CtPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CtDoorbrakenPage, ct_doorbraken_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CT_TYPE_PAGE, ct_doorbraken_page_page_iface_init))

/* One breakthrough in the list: its record and the two lines the row shows,
 * made in the worker that read it. */
#define CT_TYPE_DOORBRAAK_ITEM (ct_doorbraak_item_get_type ())
G_DECLARE_FINAL_TYPE (CtDoorbraakItem, ct_doorbraak_item, CT, DOORBRAAK_ITEM, GObject)

struct _CtDoorbraakItem
{
  GObject parent_instance;

  CtRecord *record;
  char     *title;
  char     *subtitle;
};

G_DEFINE_FINAL_TYPE (CtDoorbraakItem, ct_doorbraak_item, G_TYPE_OBJECT)

static void
ct_doorbraak_item_finalize (GObject *object)
{
  CtDoorbraakItem *self = CT_DOORBRAAK_ITEM (object);

  g_clear_pointer (&self->record, ct_record_unref);
  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (ct_doorbraak_item_parent_class)->finalize (object);
}

static void
ct_doorbraak_item_class_init (CtDoorbraakItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ct_doorbraak_item_finalize;
}

static void
ct_doorbraak_item_init (CtDoorbraakItem *self)
{
}

/* What the worker hands the page: the items, and the cases a new
 * breakthrough may be about, in id order. */
typedef struct
{
  GPtrArray *items;         /* CtDoorbraakItem */
  GArray    *case_ids;      /* gint64 */
  GPtrArray *case_numbers;  /* char *, NULL-terminated, in case_ids order */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->items, g_ptr_array_unref);
  g_clear_pointer (&loaded->case_ids, g_array_unref);
  g_clear_pointer (&loaded->case_numbers, g_ptr_array_unref);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

/* The fields the form edits, in the order a person tells the story. */
static const char *const form_fields[] = {
  "situation", "goal", "blocked_rule", "blocked_article", "blocked_owner", "alternative",
  "budget_cents", "decided_by", "mandate", "legitimation", "result", "cost_before_cents",
  "cost_after_cents", "scope", "lesson", "reached_on", NULL,
};

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "voorgesteld") == 0)
    return _("Proposed");
  if (g_strcmp0 (status, "goedgekeurd") == 0)
    return _("Approved");
  if (g_strcmp0 (status, "uitgevoerd") == 0)
    return _("Carried out");
  if (g_strcmp0 (status, "gedeeld") == 0)
    return _("Shared");
  return "";
}

static const char *
advance_label (const char *status)
{
  if (g_strcmp0 (status, "voorgesteld") == 0)
    return _("_Approve");
  if (g_strcmp0 (status, "goedgekeurd") == 0)
    return _("Mark as _Carried Out");
  return NULL;
}

static const CtField *
doorbraak_field (const char *name)
{
  return ct_table_get_field (ct_schema_get_table ("doorbraken"), name);
}

static GtkWidget *
form_row (CtDoorbrakenPage *self,
          const char       *name)
{
  const CtField *field = doorbraak_field (name);
  GtkWidget *row;

  if (field->type == CT_FIELD_ENUM)
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

      gtk_string_list_append (model, _("Not set"));
      gtk_string_list_append (model, _("individual"));
      gtk_string_list_append (model, _("structural"));
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
    }
  else
    row = adw_entry_row_new ();

  if (field->type == CT_FIELD_CENTS)
    {
      g_autofree char *title = g_strdup_printf (_("%s (euros)"), _(field->label));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  else if (field->type == CT_FIELD_DATE)
    {
      g_autofree char *title = ct_gui_date_title (_(field->label));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
  return row;
}

static void
build_form (CtDoorbrakenPage *self)
{
  self->case_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->case_row), _("Case"));
  adw_preferences_group_add (self->form_group, GTK_WIDGET (self->case_row));

  self->rows = g_ptr_array_new ();
  for (guint i = 0; form_fields[i] != NULL; i++)
    {
      GtkWidget *row = form_row (self, form_fields[i]);

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (self->form_group, row);
    }
}

static void
set_row_value (GtkWidget  *row,
               const char *name,
               const char *value)
{
  const CtField *field = doorbraak_field (name);

  gtk_widget_remove_css_class (row, "error");
  if (ADW_IS_COMBO_ROW (row))
    adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                                g_strcmp0 (value, "individueel") == 0 ? 1
                                : g_strcmp0 (value, "structureel") == 0 ? 2 : 0);
  else
    {
      /* Amounts and dates as the case page edits them, in the language's
       * own notation. */
      g_autofree char *text = ct_gui_field_to_text (field, value);

      gtk_editable_set_text (GTK_EDITABLE (row), text);
    }
}

static void update_actions (CtDoorbrakenPage *self);

static void
show_record (CtDoorbrakenPage *self)
{
  CtRecord *d = self->current;
  const char *status = d != NULL ? ct_record_get (d, "status") : NULL;
  const char *advance = advance_label (status);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      set_row_value (row, form_fields[i], d != NULL ? ct_record_get (d, form_fields[i]) : NULL);
    }
  for (guint i = 0; d != NULL && i < self->case_ids->len; i++)
    if (g_array_index (self->case_ids, gint64, i) == ct_record_get_int (d, "case_id"))
      adw_combo_row_set_selected (self->case_row, i);
  gtk_widget_set_sensitive (GTK_WIDGET (self->case_row), d == NULL || ct_record_get_id (d) == 0);

  gtk_label_set_text (self->status_label, d == NULL ? _("New breakthrough")
                      : ct_record_get_id (d) == 0 ? _("New breakthrough") : status_label (status));
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->advance_button), advance != NULL);
  if (advance != NULL && !ct_saving_is_saving (GTK_WIDGET (self->advance_button)))
    {
      gtk_button_set_label (self->advance_button, advance);
      gtk_button_set_use_underline (self->advance_button, TRUE);
    }
  update_actions (self);
}

/* What the form may do now: while one of its writes waits in the write
 * queue, nothing else is saved, approved or withdrawn. */
static void
update_actions (CtDoorbrakenPage *self)
{
  CtRecord *d = self->current;
  const char *status = d != NULL ? ct_record_get (d, "status") : NULL;
  const char *advance = advance_label (status);
  gboolean can_share = status != NULL && !g_str_equal (status, "voorgesteld");
  gboolean idle = self->writing == 0;
  gboolean may_advance;
  gboolean may_check;

  /* Approving is for the voorzitter or a beheerder: others see the step,
   * and why it is not theirs. */
  may_advance = advance != NULL && ct_record_get_id (d) > 0 && self->session != NULL
                && ct_doorbraak_can_advance (self->session, status);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->advance_button),
                               advance != NULL && !may_advance && ct_record_get_id (d) > 0
                               ? _("Only the voorzitter or a beheerder approves a breakthrough")
                               : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doorbraken.advance", may_advance && idle);
  /* Taking an approval back later: whoever may approve, with a reason. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->withdraw_button)),
                          g_strcmp0 (status, "goedgekeurd") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doorbraken.withdraw-approval",
                                 g_strcmp0 (status, "goedgekeurd") == 0 && self->session != NULL
                                 && ct_doorbraak_can_advance (self->session, "voorgesteld")
                                 && idle);
  /* The check before sharing reads every name in the file; a role that
   * may not read identity data (the voorzitter's) cannot run it, and is
   * told so here rather than in a dialog with nothing in it. */
  may_check = self->session != NULL && ct_session_can_read (self->session, CT_CATEGORY_IDENTITY);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->share_button),
                               can_share && !may_check
                               ? _("Sharing checks the text against the names in the team file, "
                                   "which your role may not read. Ask a team member whose role "
                                   "sees identity data to share this example.")
                               : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doorbraken.share", can_share && may_check);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doorbraken.save",
                                 self->session != NULL && idle);
}

static CtDoorbraakItem *
item_new (CtRecord   *d,
          GHashTable *case_numbers)
{
  CtDoorbraakItem *item = g_object_new (CT_TYPE_DOORBRAAK_ITEM, NULL);
  gint64 case_id = ct_record_get_int (d, "case_id");
  const char *number = g_hash_table_lookup (case_numbers, &case_id);
  const char *what = ct_record_get (d, "blocked_rule") != NULL ? ct_record_get (d, "blocked_rule")
                                                               : ct_record_get (d, "situation");

  /* A breakthrough of a category this member may not read: only its
   * bookkeeping is theirs (docs/categories.md). */
  item->record = ct_record_ref (d);
  item->title = g_strdup (what != NULL ? what : _("Restricted"));
  item->subtitle = g_strdup_printf ("%s · %s", number != NULL ? number : "?",
                                    status_label (ct_record_get (d, "status")));
  return item;
}

static gboolean
collect_case_cb (const CtScanRow *row,
                 gpointer         data,
                 GError         **error)
{
  Loaded *loaded = data;

  g_array_append_val (loaded->case_ids, row->id);
  g_ptr_array_add (loaded->case_numbers, g_strdup (row->values[0] != NULL ? row->values[0] : ""));
  return TRUE;
}

/* In a worker, with a reader of the session: the case numbers once, by
 * one scan of their one field, then the breakthroughs. */
static gpointer
read_doorbraken_cb (CtSession     *reader,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  static const char *const fields[] = { "number", NULL };
  g_autoptr(Loaded) loaded = g_new0 (Loaded, 1);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_int64_hash, g_int64_equal);

  loaded->case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  loaded->case_numbers = g_ptr_array_new_with_free_func (g_free);
  if (!ct_session_scan (reader, "cases", fields, collect_case_cb, loaded, error)
      || (records = ct_session_list (reader, "doorbraken", NULL, 0, error)) == NULL)
    return NULL;
  for (guint i = 0; i < loaded->case_ids->len; i++)
    g_hash_table_insert (numbers, &g_array_index (loaded->case_ids, gint64, i),
                         g_ptr_array_index (loaded->case_numbers, i));
  g_ptr_array_add (loaded->case_numbers, NULL);

  loaded->items = g_ptr_array_new_full (records->len, g_object_unref);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (loaded->items, item_new (g_ptr_array_index (records, i), numbers));
  return g_steal_pointer (&loaded);
}

/* The read's items replace the rows in one splice, and the breakthrough
 * asked for is selected and shown in the form. */
static void
show_loaded (CtDoorbrakenPage *self,
             Loaded           *loaded)
{
  g_autoptr(GtkStringList) numbers = NULL;
  guint n = loaded != NULL ? loaded->items->len : 0;
  guint selected = GTK_INVALID_LIST_POSITION;

  self->loading = TRUE;
  g_array_set_size (self->case_ids, 0);
  if (loaded != NULL)
    g_array_append_vals (self->case_ids, loaded->case_ids->data, loaded->case_ids->len);
  numbers = gtk_string_list_new (loaded != NULL ? (const char *const *) loaded->case_numbers->pdata
                                                : NULL);
  adw_combo_row_set_model (self->case_row, G_LIST_MODEL (numbers));

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       loaded != NULL ? loaded->items->pdata : NULL, n);
  for (guint i = 0; i < n && selected == GTK_INVALID_LIST_POSITION; i++)
    {
      CtDoorbraakItem *item = g_ptr_array_index (loaded->items, i);

      if (ct_record_get_id (item->record) == self->select_id || self->select_id == 0)
        {
          selected = i;
          g_clear_pointer (&self->current, ct_record_unref);
          self->current = ct_record_ref (item->record);
        }
    }
  gtk_single_selection_set_selected (self->selection, selected);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
  self->loading = FALSE;
  show_record (self);
}

static void
doorbraken_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CtDoorbrakenPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(Loaded) loaded = ct_session_read_finish (CT_SESSION (source), result, &error);

  /* Cancelled: the page was given another session or went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->reading);
  if (error != NULL)
    g_warning ("Could not read the breakthroughs: %s", error->message);
  show_loaded (self, loaded);
}

static void
cancel_reading (CtDoorbrakenPage *self)
{
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
}

/* Reads the list again in a worker and then selects @select_id (0: the
 * first); the rows shown stay until then. */
static void
load_list (CtDoorbrakenPage *self,
           gint64            select_id)
{
  cancel_reading (self);
  self->select_id = select_id;
  if (self->session == NULL)
    {
      show_loaded (self, NULL);
      return;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  self->reading = g_cancellable_new ();
  ct_session_read_async (self->session, read_doorbraken_cb, NULL, (GDestroyNotify) loaded_free,
                         self->reading, doorbraken_read_cb, self);
}

static void
selection_changed_cb (CtDoorbrakenPage *self)
{
  CtDoorbraakItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (self->loading || item == NULL)
    return;
  g_clear_pointer (&self->current, ct_record_unref);
  self->current = ct_record_ref (item->record);
  show_record (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  CtDoorbraakItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));

  gtk_label_set_text (GTK_LABEL (title), item->title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), item->subtitle);
}

static void
new_cb (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);

  g_clear_pointer (&self->current, ct_record_unref);
  self->current = ct_record_new ("doorbraken");
  self->loading = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->loading = FALSE;
  show_record (self);
}

/* Copies the form into @d; FALSE with the row marked when a value cannot
 * even be read. */
static gboolean
read_form (CtDoorbrakenPage *self,
           CtRecord         *d,
           GError          **error)
{
  guint case_pos = adw_combo_row_get_selected (self->case_row);

  if (ct_record_get_id (d) == 0 && case_pos < self->case_ids->len)
    ct_record_set_int (d, "case_id", g_array_index (self->case_ids, gint64, case_pos));
  if (ct_record_get (d, "status") == NULL)
    ct_record_set (d, "status", "voorgesteld");

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      const char *name = form_fields[i];
      const CtField *field = doorbraak_field (name);
      const char *text;
      g_autofree char *value = NULL;

      gtk_widget_remove_css_class (row, "error");
      if (ADW_IS_COMBO_ROW (row))
        {
          guint pos = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

          ct_record_set (d, name, pos == 1 ? "individueel" : pos == 2 ? "structureel" : NULL);
          continue;
        }
      text = gtk_editable_get_text (GTK_EDITABLE (row));
      if (*text == '\0')
        ct_record_set (d, name, NULL);
      else if (field->type != CT_FIELD_CENTS && field->type != CT_FIELD_DATE)
        ct_record_set (d, name, text);
      else if ((value = ct_gui_field_from_text (field, text, error)) != NULL)
        ct_record_set (d, name, *value != '\0' ? value : NULL);
      else
        {
          gtk_widget_add_css_class (row, "error");
          return FALSE;
        }
    }
  return TRUE;
}

static void
mark_error_row (CtDoorbrakenPage *self,
                const char       *message)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      const CtField *field = doorbraak_field (form_fields[i]);
      g_autofree char *prefix = g_strdup_printf ("%s:", _(field->label));

      if (g_str_has_prefix (message, prefix))
        gtk_widget_add_css_class (row, "error");
    }
  gtk_label_set_text (self->form_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), TRUE);
}

/* The page's writes, through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): the form is
 * read into a copy of the record (ct_record_copy()), so a save that fails
 * leaves the record as it was read, and the page is a weak reference
 * (ct_saving_write()), so a page gone meanwhile is not touched. The button that started a write
 * says "Saving…" (ct-saving.c) and the form's other writes wait
 * (update_actions()). An error shows where it did: under the form, its
 * field's row marked, for a save or a step; a toast for the Undo and the
 * withdrawal. */
typedef enum { WRITE_SAVE, WRITE_STATUS, WRITE_UNDO, WRITE_WITHDRAW } WriteKind;

typedef struct
{
  WriteKind   kind;
  CtRecord   *record;  /* WRITE_SAVE: the form's copy; its id once inserted */
  CtRecord   *shown;   /* WRITE_SAVE, WRITE_STATUS: the record the form showed */
  gint64      id;      /* the breakthrough, but for WRITE_SAVE */
  const char *status;  /* WRITE_STATUS, WRITE_UNDO: the new status */
  char       *reason;  /* WRITE_WITHDRAW */
} PageWrite;

static void
page_write_free (gpointer data)
{
  PageWrite *write = data;

  g_clear_pointer (&write->record, ct_record_unref);
  g_clear_pointer (&write->shown, ct_record_unref);
  g_free (write->reason);
  g_free (write);
}

static gboolean
write_page (CtSession *session,
            gpointer   data,
            GError   **error)
{
  PageWrite *write = data;

  switch (write->kind)
    {
    case WRITE_SAVE:
      if (ct_record_get_id (write->record) > 0)
        return ct_session_update (session, write->record, error);
      return ct_session_insert (session, write->record, error) > 0;
    case WRITE_STATUS:
    case WRITE_UNDO:
      return ct_doorbraak_set_status (session, write->id, write->status, error);
    case WRITE_WITHDRAW:
      return ct_doorbraak_withdraw_approval (session, write->id, write->reason, error);
    default:
      g_assert_not_reached ();
    }
}

static void undo_approval (GtkWidget *page,
                           gint64     id);

/* Back from the write queue: what each write said before, and the list
 * read again. A lock meanwhile says nothing: the page goes with the team. */
static void
page_written_cb (gpointer      owner,
                 CtSession    *session,
                 GAsyncResult *result)
{
  PageWrite *write = ct_session_write_get_data (result);
  CtDoorbrakenPage *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);
  gint64 id = write->kind == WRITE_SAVE ? ct_record_get_id (write->record) : write->id;

  if (self == NULL)
    return;
  self->writing--;
  update_actions (self);
  if (self->session == NULL || g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    return;
  switch (write->kind)
    {
    case WRITE_SAVE:
    case WRITE_STATUS:
      if (!ok)
        {
          /* Under the form while it still shows that record. */
          if (self->current == write->shown)
            mark_error_row (self, error->message);
          else
            ct_gui_show_toast (GTK_WIDGET (self), error->message);
          return;
        }
      if (write->kind == WRITE_SAVE)
        ct_gui_show_toast (GTK_WIDGET (self), _("Breakthrough saved"));
      load_list (self, id);
      if (write->kind == WRITE_STATUS && g_strcmp0 (write->status, "goedgekeurd") == 0)
        ct_gui_show_undo_toast (GTK_WIDGET (self), G_STRUCT_OFFSET (CtDoorbrakenPage, session),
                                _("Breakthrough approved"), undo_approval, id);
      break;
    case WRITE_UNDO:
      ct_gui_show_toast (GTK_WIDGET (self), ok ? _("Approval taken back") : error->message);
      load_list (self, id);
      break;
    case WRITE_WITHDRAW:
      ct_gui_show_toast (GTK_WIDGET (self), ok ? _("Approval withdrawn") : error->message);
      load_list (self, id);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Queues @write; @button, when there is one, says "Saving…" meanwhile. */
static void
write_page_async (CtDoorbrakenPage *self,
                  PageWrite        *write,
                  GtkButton        *button)
{
  self->writing++;
  update_actions (self);
  ct_saving_write (self, self->session, write_page, write, page_write_free,
                   button != NULL ? GTK_WIDGET (button) : NULL, NULL, page_written_cb);
}

static void
save_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = NULL;
  PageWrite *write;

  if (self->writing > 0)
    return;
  if (self->current == NULL)
    self->current = ct_record_new ("doorbraken");
  record = ct_record_copy (self->current);
  if (!read_form (self, record, &error))
    {
      mark_error_row (self, error->message);
      return;
    }
  write = g_new0 (PageWrite, 1);
  write->kind = WRITE_SAVE;
  write->record = g_steal_pointer (&record);
  write->shown = ct_record_ref (self->current);
  write_page_async (self, write, self->save_button);
}

/* "Undo" on the toast after approving: the approval is taken back, an
 * update the core allows the voorzitter or a beheerder only. */
static void
undo_approval (GtkWidget *page,
               gint64     id)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (page);
  PageWrite *write = g_new0 (PageWrite, 1);

  write->kind = WRITE_UNDO;
  write->id = id;
  write->status = "voorgesteld";
  write_page_async (self, write, NULL);
}

static void
advance_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  PageWrite *write;

  if (self->writing > 0 || self->current == NULL)
    return;
  write = g_new0 (PageWrite, 1);
  write->kind = WRITE_STATUS;
  write->id = ct_record_get_id (self->current);
  write->status = ct_doorbraak_next_status (ct_record_get (self->current, "status"));
  write->shown = ct_record_ref (self->current);
  write_page_async (self, write, self->advance_button);
}

typedef struct
{
  CtDoorbrakenPage *page;
  gint64            id;
} Withdrawal;

static void
withdrawal_free (gpointer  data,
                 GClosure *closure)
{
  g_free (data);
}

static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Withdrawal       *withdrawal)
{
  CtDoorbrakenPage *self = withdrawal->page;
  PageWrite *write;

  if (!g_str_equal (response, CT_REASON_DIALOG_CONFIRM) || self->session == NULL
      || self->writing > 0)
    return;
  write = g_new0 (PageWrite, 1);
  write->kind = WRITE_WITHDRAW;
  write->id = withdrawal->id;
  write->reason = ct_reason_dialog_dup_reason (dialog);
  write_page_async (self, write, self->withdraw_button);
}

/* Later than the toast's Undo: the approval is withdrawn with a reason that
 * the access log keeps (docs/budget.md). The question is the page's own
 * (ct_reason_dialog_new()), closed with it, so the page does not dangle. */
static void
withdraw_approval_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  Withdrawal *withdrawal = g_new0 (Withdrawal, 1);
  AdwMessageDialog *dialog =
    ct_reason_dialog_new (widget, _("Withdraw the Approval?"),
                          _("The breakthrough becomes a proposal again and needs a new approval "
                            "before it is carried out. Your reason is written to the access log."),
                          _("_Withdraw Approval"));

  withdrawal->page = self;
  withdrawal->id = ct_record_get_id (self->current);
  g_signal_connect_data (dialog, "response", G_CALLBACK (withdraw_response_cb), withdrawal,
                         withdrawal_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
share_dialog_shared_cb (CtDoorbrakenPage *self,
                        gint64            id)
{
  load_list (self, id);
}

static void
share_dialog_destroyed_cb (CtDoorbrakenPage *self)
{
  self->share_dialog = NULL;
}

static void
close_share_dialog (CtDoorbrakenPage *self)
{
  /* Closed without the page's handlers: "destroy" does not reach it. */
  ct_gui_close_owned_windows (self);
  self->share_dialog = NULL;
}

/* The dialog exists only while it is open: the text it holds goes with
 * it, and with the page's session. */
static void
share_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->share_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->share_dialog));
      return;
    }
  dialog = ct_doorbraak_share_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                          self->session, ct_record_get_id (self->current));
  self->share_dialog = CT_DOORBRAAK_SHARE_DIALOG (dialog);
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  g_signal_connect_object (dialog, "shared", G_CALLBACK (share_dialog_shared_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (share_dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ct_doorbraken_page_dispose (GObject *object)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (object);

  close_share_dialog (self);
  cancel_reading (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->current, ct_record_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->case_ids, g_array_unref);

  G_OBJECT_CLASS (ct_doorbraken_page_parent_class)->dispose (object);
}

static void
ct_doorbraken_page_class_init (CtDoorbrakenPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_doorbraken_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-doorbraken-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, list);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, advance_button);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, share_button);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, CtDoorbrakenPage, form_group);

  gtk_widget_class_install_action (widget_class, "doorbraken.new", NULL, new_cb);
  gtk_widget_class_install_action (widget_class, "doorbraken.save", NULL, save_cb);
  gtk_widget_class_install_action (widget_class, "doorbraken.advance", NULL, advance_cb);
  gtk_widget_class_install_action (widget_class, "doorbraken.share", NULL, share_cb);
  gtk_widget_class_install_action (widget_class, "doorbraken.withdraw-approval", NULL,
                                   withdraw_approval_cb);
}

static void
ct_doorbraken_page_init (CtDoorbrakenPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->store = g_list_store_new (CT_TYPE_DOORBRAAK_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));
  build_form (self);
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
  show_record (self);
}

/* Shown again: the list reads afresh, in a worker, unless a breakthrough
 * is open. */
static void
doorbraken_page_reload (CtPage *page)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (page);

  if (self->current == NULL)
    load_list (self, 0);
}

static void
doorbraken_page_release (CtPage *page)
{
  ct_doorbraken_page_set_session (CT_DOORBRAKEN_PAGE (page), NULL);
}

static gboolean
doorbraken_page_is_loading (CtPage *page)
{
  return CT_DOORBRAKEN_PAGE (page)->reading != NULL;
}

static void
ct_doorbraken_page_page_iface_init (CtPageInterface *iface)
{
  iface->reload = doorbraken_page_reload;
  iface->release = doorbraken_page_release;
  iface->is_loading = doorbraken_page_is_loading;
}

/**
 * ct_doorbraken_page_new:
 * @session: (nullable): the unlocked session, or %NULL for an empty page
 *
 * Returns: (transfer floating): the Breakthroughs page
 */
GtkWidget *
ct_doorbraken_page_new (CtSession *session)
{
  CtDoorbrakenPage *self;

  g_return_val_if_fail (session == NULL || CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_DOORBRAKEN_PAGE, NULL);
  if (session != NULL)
    ct_doorbraken_page_set_session (self, session);
  return GTK_WIDGET (self);
}

/**
 * ct_doorbraken_page_set_session:
 * @session: (nullable): %NULL empties the page
 *
 * Empties the list and reads it in a worker (ct_session_read_async());
 * meanwhile the list shows that it is loading.
 */
void
ct_doorbraken_page_set_session (CtDoorbrakenPage *self,
                                CtSession        *session)
{
  g_return_if_fail (CT_IS_DOORBRAKEN_PAGE (self));

  if (session != self->session)
    close_share_dialog (self);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->current, ct_record_unref);
  cancel_reading (self);
  show_loaded (self, NULL);
  load_list (self, 0);
}

/* Returns: (transfer none) (nullable): the form's row for @field */
GtkWidget *
_ct_doorbraken_page_get_form_row (CtDoorbrakenPage *self,
                                  const char       *field)
{
  g_return_val_if_fail (CT_IS_DOORBRAKEN_PAGE (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    if (g_str_equal (form_fields[i], field))
      return g_ptr_array_index (self->rows, i);
  return NULL;
}

/* Returns: %TRUE while the list is being read */
gboolean
_ct_doorbraken_page_is_loading (CtDoorbrakenPage *self)
{
  g_return_val_if_fail (CT_IS_DOORBRAKEN_PAGE (self), FALSE);

  return self->reading != NULL;
}

/* Selects breakthrough @id in the list, as a click on its row does.
 * Returns: whether the list holds it */
gboolean
_ct_doorbraken_page_select (CtDoorbrakenPage *self,
                            gint64            id)
{
  GListModel *model;

  g_return_val_if_fail (CT_IS_DOORBRAKEN_PAGE (self), FALSE);

  model = G_LIST_MODEL (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CtDoorbraakItem) item = g_list_model_get_item (model, i);

      if (ct_record_get_id (item->record) == id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}
