/* ct-budget-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-budget-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-budget-page-private.h"
#include "ct-error.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-money.h"
#include "ct-page.h"
#include "ct-saving.h"

/* The maatwerkbudget of one period: the four figures, spending per purpose
 * as bars, and the expenses per case with their co-signature. Every figure
 * comes from ct_budget_summary(), read in a worker (ct_session_read_async())
 * so that a period of thousands of expenses does not stop the window; the
 * figures and rows shown stay until the new ones replace them. The page
 * computes nothing itself. The
 * list of expenses is in ct-budget-page-expenses.c, the expense and
 * period forms in ct-budget-page-dialogs.c, correcting an expense in
 * ct-budget-page-correct.c. */

static void ct_budget_page_page_iface_init (CtPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CtBudgetPage, ct_budget_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CT_TYPE_PAGE, ct_budget_page_page_iface_init))

static const char *const purpose_labels[CT_BUDGET_N_PURPOSES] = {
  N_("Housing"), N_("Debts"), N_("Transport"), N_("Care"), N_("Children"),
  N_("Work and education"), N_("Living costs"), N_("Other"),
};

const char *
_ct_budget_page_purpose_label (const char *purpose)
{
  const char *const *purposes = ct_budget_get_purposes ();

  /* An expense of a category this member may not read: its bookkeeping
   * only (docs/categories.md). */
  if (purpose == NULL)
    return _("Restricted");
  for (guint i = 0; purposes[i] != NULL && i < CT_BUDGET_N_PURPOSES; i++)
    if (g_strcmp0 (purposes[i], purpose) == 0)
      return _(purpose_labels[i]);
  return purpose;
}

/* The @i-th purpose's label, translated, in ct_budget_get_purposes() order. */
const char *
_ct_budget_page_purpose_title (guint i)
{
  g_assert (i < CT_BUDGET_N_PURPOSES);

  return _(purpose_labels[i]);
}

static void
set_figure (GtkLabel *label,
            gint64    cents)
{
  g_autofree char *text = ct_money_format (cents, CT_MONEY_CENTS_IF_ANY);

  gtk_label_set_text (label, text);
}

static void
update_chart_text (CtBudgetPage *self)
{
  GString *text = g_string_new (_("Spending per purpose:"));

  for (guint i = 0; i < CT_BUDGET_N_PURPOSES; i++)
    {
      g_autofree char *amount = ct_money_format (self->summary.purpose_cents[i],
                                                 CT_MONEY_CENTS_IF_ANY);

      g_string_append_printf (text, " %s %s%s", _(purpose_labels[i]), amount,
                              i + 1 < CT_BUDGET_N_PURPOSES ? ";" : ".");
    }
  g_free (self->chart_text);
  self->chart_text = g_string_free (text, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->chart_text, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->chart), self->chart_text);
}

static gboolean
can_manage_periods (CtBudgetPage *self)
{
  return self->session != NULL
         && (ct_session_get_role (self->session) == CT_ROLE_VOORZITTER
             || ct_session_is_admin (self->session));
}

/* Only the voorzitter or a beheerder sets the team's budget. The core does
 * not check this for budget_periods yet, so the page is the only guard. */
static void
update_period_actions (CtBudgetPage *self)
{
  gboolean allowed = can_manage_periods (self);
  const char *why = allowed ? NULL
                            : _("Only the voorzitter or a beheerder creates or edits budget periods.");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.new-period", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.edit-period",
                                 allowed && _ct_budget_page_get_period_id (self) > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->new_period_button), why);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_period_button), why);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_new_button), allowed);
  adw_status_page_set_description (self->empty_page,
                                   allowed ? _("A period holds the team’s budget and the ceiling "
                                               "per case; expenses are booked in it.")
                                           : _("Ask the voorzitter or a beheerder to create "
                                               "the first budget period."));
  gtk_stack_set_visible_child_name (self->stack, self->session != NULL
                                                   && self->period_ids->len == 0
                                                 ? "empty" : "budget");
}

static void
show_read (CtBudgetPage *self,
           CtBudgetRead *read)
{
  ct_budget_summary_clear (&self->summary);
  memset (&self->summary, 0, sizeof self->summary);
  if (read != NULL)
    {
      self->summary = read->summary;
      memset (&read->summary, 0, sizeof read->summary);
    }

  set_figure (self->budget_label, self->summary.budget_cents);
  set_figure (self->spent_label, self->summary.spent_cents);
  set_figure (self->committed_label, self->summary.committed_cents);
  set_figure (self->remaining_label, self->summary.remaining_cents);
  update_chart_text (self);
  _ct_budget_page_fill_expenses (self, read);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static gpointer
read_summary_cb (CtSession     *reader,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return _ct_budget_page_read (reader, GPOINTER_TO_SIZE (data), error);
}

static void
summary_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CtBudgetPage *self;
  g_autoptr(GError) error = NULL;
  CtBudgetRead *read = ct_session_read_finish (CT_SESSION (source), result, &error);

  /* Cancelled: another period was chosen, or the page lost its session. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->reading);
  if (read == NULL)
    ct_gui_show_toast (GTK_WIDGET (self), error->message);
  show_read (self, read);
  if (read != NULL)
    _ct_budget_read_free (read);
}

static void
cancel_reading (CtBudgetPage *self)
{
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
}

/* Reads the chosen period's summary in a worker; what is shown stays
 * until it is read. */
void
_ct_budget_page_show_summary (CtBudgetPage *self)
{
  gint64 period_id = _ct_budget_page_get_period_id (self);

  cancel_reading (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.add-expense", period_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.export", period_id > 0);
  update_period_actions (self);
  if (self->session == NULL || period_id <= 0)
    {
      show_read (self, NULL);
      return;
    }
  self->reading = g_cancellable_new ();
  ct_session_read_async (self->session, read_summary_cb, GSIZE_TO_POINTER (period_id),
                         (GDestroyNotify) _ct_budget_read_free, self->reading, summary_read_cb,
                         self);
}

void
_ct_budget_page_load_periods (CtBudgetPage *self)
{
  g_autoptr(GtkStringList) names = ct_gui_record_choices (self->session, "budget_periods", "name",
                                                          self->period_ids);

  /* The newest period first is what a team works in. */
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (names));
  if (self->period_ids->len > 0)
    gtk_drop_down_set_selected (self->period_dropdown, self->period_ids->len - 1);
}

/* Bars per purpose: the amount spent, labelled with purpose and amount. */
static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  CtBudgetPage *self = data;
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  GdkRGBA fg, accent = { 0.21, 0.52, 0.89, 1.0 };
  gint64 max = 1;
  double row_h = (double) height / CT_BUDGET_N_PURPOSES, label_w = width * 0.28;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  for (guint i = 0; i < CT_BUDGET_N_PURPOSES; i++)
    max = MAX (max, self->summary.purpose_cents[i]);

  for (guint i = 0; i < CT_BUDGET_N_PURPOSES; i++)
    {
      g_autofree char *amount = ct_money_format (self->summary.purpose_cents[i],
                                                 CT_MONEY_CENTS_IF_ANY);
      double bar = (width - label_w - 110) * ((double) self->summary.purpose_cents[i] / max);
      int text_h;

      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_set_text (layout, _(purpose_labels[i]), -1);
      pango_layout_get_pixel_size (layout, NULL, &text_h);
      cairo_move_to (cr, 0, i * row_h + (row_h - text_h) / 2);
      pango_cairo_show_layout (cr, layout);

      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_rectangle (cr, label_w, i * row_h + row_h * 0.2, MAX (bar, 1), row_h * 0.6);
      cairo_fill (cr);

      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_set_text (layout, amount, -1);
      cairo_move_to (cr, label_w + MAX (bar, 1) + 8, i * row_h + (row_h - text_h) / 2);
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);
}

static void
setup_period_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_period_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkStringObject *name = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (name));
}

/* The button shortens a long period name, with the whole name as its
 * tooltip; the popover lists names in full. */
static GtkListItemFactory *
period_factory_new (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_period_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_period_cb), NULL);
  return factory;
}

static void
period_selected_cb (CtBudgetPage *self)
{
  GtkStringObject *name = gtk_drop_down_get_selected_item (self->period_dropdown);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->period_dropdown),
                               name != NULL ? gtk_string_object_get_string (name) : NULL);
  if (self->session != NULL)
    _ct_budget_page_show_summary (self);
}

static void
cosign_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!ct_budget_cosign (self->session, g_variant_get_int64 (parameter), &error))
    ct_gui_show_toast (GTK_WIDGET (self), error->message);
  else
    ct_gui_show_toast (GTK_WIDGET (self), _("Expense co-signed"));
  _ct_budget_page_show_summary (self);
}

/* The page holds the chooser and cancels it when its session goes, so
 * an answer always finds the page with the session it was asked for. */
static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    CtBudgetPage    *self)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = ct_gui_chooser_get_local_path (GTK_NATIVE_DIALOG (chooser), response, &error);
  if (path != NULL && ct_budget_page_export_to (self, path, &error))
    ct_gui_show_toast (GTK_WIDGET (self), _("Exported for finance"));
  else if (error != NULL)
    ct_gui_show_toast (GTK_WIDGET (self), error->message);
}

static void
export_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;
  self->chooser =
    gtk_file_chooser_native_new (_("Export for Finance"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                              : NULL,
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("maatwerkbudget.xlsx"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ct_budget_page_dispose (GObject *object)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (object);

  _ct_budget_page_close_dialogs (self);
  cancel_reading (self);
  g_clear_object (&self->session);
  if (self->expenses != NULL)
    g_list_store_remove_all (self->expenses);
  g_clear_pointer (&self->case_numbers, g_hash_table_unref);
  g_clear_pointer (&self->member_names, g_hash_table_unref);
  ct_budget_summary_clear (&self->summary);
  g_clear_pointer (&self->chart_text, g_free);

  G_OBJECT_CLASS (ct_budget_page_parent_class)->dispose (object);
}

static void
ct_budget_page_finalize (GObject *object)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (object);

  g_array_unref (self->period_ids);
  g_array_unref (self->correct_case_ids);
  g_clear_object (&self->expenses);

  G_OBJECT_CLASS (ct_budget_page_parent_class)->finalize (object);
}

static void
ct_budget_page_class_init (CtBudgetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_budget_page_dispose;
  object_class->finalize = ct_budget_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-budget-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, edit_period_button);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, new_period_button);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, budget_label);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, spent_label);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, committed_label);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, remaining_label);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, chart);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, expenses_scroller);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, expenses_list);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, expenses_empty_label);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);

  gtk_widget_class_install_action (widget_class, "budget.cosign", "x", cosign_cb);
  gtk_widget_class_install_action (widget_class, "budget.correct", "x",
                                   _ct_budget_page_correct_action);
  gtk_widget_class_install_action (widget_class, "budget.add-expense", NULL, _ct_budget_page_add_expense_action);
  gtk_widget_class_install_action (widget_class, "budget.export", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "budget.new-period", NULL, _ct_budget_page_new_period_action);
  gtk_widget_class_install_action (widget_class, "budget.edit-period", NULL, _ct_budget_page_edit_period_action);
}

static void
ct_budget_page_init (CtBudgetPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->period_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->correct_case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  _ct_budget_page_init_expenses (self);
  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);
  factory = period_factory_new (TRUE);
  gtk_drop_down_set_factory (self->period_dropdown, factory);
  g_object_unref (factory);
  factory = period_factory_new (FALSE);
  gtk_drop_down_set_list_factory (self->period_dropdown, factory);
  g_object_unref (factory);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.add-expense", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.export", FALSE);
  update_period_actions (self);
}

/**
 * ct_budget_page_new:
 * @session: (nullable): the unlocked session, or %NULL for an empty page
 *
 * Returns: (transfer floating): the Custom Budget page
 */
GtkWidget *
ct_budget_page_new (CtSession *session)
{
  CtBudgetPage *self;

  g_return_val_if_fail (session == NULL || CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_BUDGET_PAGE, NULL);
  if (session != NULL)
    ct_budget_page_set_session (self, session);
  return GTK_WIDGET (self);
}

gint64
_ct_budget_page_get_period_id (CtBudgetPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->period_dropdown);

  return pos < self->period_ids->len ? g_array_index (self->period_ids, gint64, pos) : 0;
}

/**
 * ct_budget_page_set_session:
 * @session: (nullable): %NULL empties the page, so a locked window holds no
 *   team data
 */
void
ct_budget_page_set_session (CtBudgetPage *self,
                            CtSession    *session)
{
  g_return_if_fail (CT_IS_BUDGET_PAGE (self));

  if (session != self->session)
    {
      _ct_budget_page_close_dialogs (self);
      /* Nothing another member may read stays shown while theirs is read. */
      cancel_reading (self);
      show_read (self, NULL);
    }
  g_set_object (&self->session, session);
  ct_budget_page_reload (self);
}

/**
 * ct_budget_page_set_current_case:
 * @case_id: the case the member has open, or 0
 *
 * The case a new expense is booked to unless the member picks another;
 * with 0, or a closed case, the dialog starts with no case chosen.
 */
void
ct_budget_page_set_current_case (CtBudgetPage *self,
                                 gint64        case_id)
{
  g_return_if_fail (CT_IS_BUDGET_PAGE (self));

  self->current_case_id = case_id;
}

void
ct_budget_page_reload (CtBudgetPage *self)
{
  g_return_if_fail (CT_IS_BUDGET_PAGE (self));

  _ct_budget_page_load_periods (self);
  /* Choosing the period may have started the read already: one reader,
   * not two. */
  if (self->reading == NULL)
    _ct_budget_page_show_summary (self);
}

/**
 * ct_budget_page_export_to:
 *
 * What "Export for Finance…" does once a file is chosen.
 */
gboolean
ct_budget_page_export_to (CtBudgetPage *self,
                          const char   *path,
                          GError      **error)
{
  g_return_val_if_fail (CT_IS_BUDGET_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return ct_budget_export_period (self->session, _ct_budget_page_get_period_id (self), path,
                                  error);
}

static void
budget_page_reload (CtPage *page)
{
  ct_budget_page_reload (CT_BUDGET_PAGE (page));
}

static void
budget_page_release (CtPage *page)
{
  ct_budget_page_set_session (CT_BUDGET_PAGE (page), NULL);
}

static void
budget_page_set_open_case (CtPage *page,
                           gint64  case_id)
{
  ct_budget_page_set_current_case (CT_BUDGET_PAGE (page), case_id);
}

/* While a record is read in a worker for a dialog (the period to edit,
 * the expense to correct): the page is loading and the pointer busy. */
static void
set_opening (CtBudgetPage *self,
             gboolean      opening)
{
  self->opening += opening ? 1 : -1;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->opening > 0 ? "progress" : NULL);
}

typedef struct
{
  CtBudgetOpenFunc  open;
} RecordOpen;

/* @owner: the page, while it is there (ct_saving_get()) */
static void
record_read_cb (gpointer      owner,
                CtSession    *session,
                CtRecord     *record,
                const GError *error,
                gpointer      data)
{
  CtBudgetPage *self = owner;
  RecordOpen *read = data;

  if (self == NULL)
    return;
  set_opening (self, FALSE);
  /* A page let go of its session meanwhile (the team locked) opens
   * nothing. */
  if (self->session != session)
    return;
  if (record != NULL)
    read->open (self, record);
  else
    ct_gui_show_toast (GTK_WIDGET (self), error->message);
}

/**
 * _ct_budget_page_open_record:
 *
 * Reads row @id of @table in a worker (ct_saving_get(), logged as
 * ct_session_get() logs it), then hands it to @open, or says why not;
 * meanwhile the page is loading.
 */
void
_ct_budget_page_open_record (CtBudgetPage     *self,
                             const char       *table,
                             gint64            id,
                             CtBudgetOpenFunc  open)
{
  RecordOpen *read = g_new0 (RecordOpen, 1);

  read->open = open;
  set_opening (self, TRUE);
  ct_saving_get (self, self->session, table, id, read, g_free, record_read_cb);
}

static gboolean
budget_page_is_loading (CtPage *page)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (page);

  return self->reading != NULL || self->opening > 0;
}

static void
ct_budget_page_page_iface_init (CtPageInterface *iface)
{
  iface->reload = budget_page_reload;
  iface->release = budget_page_release;
  iface->set_open_case = budget_page_set_open_case;
  iface->is_loading = budget_page_is_loading;
}
