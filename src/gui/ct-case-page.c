/* ct-case-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A household and its case, one section per concern (ct-case-section.c):
 * the page's template lists the sections in page order, each with its own
 * template, and this file composes them. Opening a case reads it once in
 * a worker (ct_case_load_async(); the page shows "Loading Case…" and
 * nothing of another household meanwhile, and drops a result that comes
 * after the member went elsewhere) and hands every section the same
 * CtCaseContext; a re-read right after the page's own write reads in a
 * worker too, while the page goes on showing what it showed (no "Loading
 * Case…", the member keeps their place and the edited field its focus);
 * editing happens in place in the sections; saving collects every
 * section's changes into one CtCasePatch, so a save stores everything or
 * nothing (which editor a save, an error or a re-read is about is found
 * in ct-case-page-editors.c). A section whose category the member may not
 * read says only that it is restricted and which roles can see it. After
 * a sync applied other laptops' changes the page reads the case again,
 * or, while the member edits, says that changes arrived and offers to
 * reload. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-page-private.h"
#include "ct-case-sections.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-log-view.h"
#include "ct-sync-page.h"
#include "ct-zrm-editor.h"

G_DEFINE_FINAL_TYPE (CtCasePage, ct_case_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_EDITING,
  PROP_LOADING,
  PROP_SAVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ERASED,
  RESTRICTION_CHANGED,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gpointer
find_section (CtCasePage *self,
              GType       type)
{
  for (guint i = 0; i < self->sections->len; i++)
    if (G_TYPE_CHECK_INSTANCE_TYPE (g_ptr_array_index (self->sections, i), type))
      return g_ptr_array_index (self->sections, i);
  return NULL;
}

static void
zrm_saved_cb (CtCasePage *self)
{
  if (self->zrm_window != NULL)
    gtk_window_destroy (self->zrm_window);
  ct_case_zrm_section_reload (find_section (self, CT_TYPE_CASE_ZRM_SECTION));
  _ct_case_page_show_toast (self, _("Assessment saved"));
}

static void
score_zrm_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  GtkWidget *window, *box, *editor;

  if (self->zrm_window != NULL)
    {
      gtk_window_present (self->zrm_window);
      return;
    }

  window = adw_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  editor = ct_zrm_editor_new (self->session, ct_record_get_id (self->case_record));
  gtk_window_set_title (GTK_WINDOW (window), _("Score ZRM"));
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 620, 720);
  gtk_widget_set_vexpand (editor, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), editor);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_signal_connect_object (editor, "saved", G_CALLBACK (zrm_saved_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->zrm_window, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

/* Who saw this household, from the access log: ids and times, no names. */
static void
show_log_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  GtkWidget *window, *box, *view;
  g_autofree char *title = NULL;

  if (self->log_window != NULL)
    {
      gtk_window_present (self->log_window);
      return;
    }

  window = adw_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  view = ct_log_view_new_for_household (self->session, ct_record_get_id (self->household));
  /* Translators: the title of a window; %s is a case number such as 2026-0001 */
  title = g_strdup_printf (_("Who Saw Case %s"), ct_record_get (self->case_record, "number"));
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_set_weak_pointer (&self->log_window, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

/* Drops a pending keep_place_cb(): its editor goes with the rows. */
static void
forget_place (CtCasePage *self)
{
  if (self->place_clock != NULL)
    g_clear_signal_handler (&self->place_handler, self->place_clock);
  self->place_handler = 0;
  g_clear_weak_pointer (&self->place_clock);
  self->place_editor = NULL;
}

/* @replaced: a view of a case follows at once (show_view()), so the
 * sections keep what they keep of the case shown, for their load to keep
 * when it is the same case (ct_case_section_unload()). It is always the
 * same case then: a load of another case, or in another session, clears
 * the page first (ct_case_page_load()). So the "Score ZRM" dialog stays
 * over a re-read, with the scores typed in it, and saves them to the case
 * shown; it closes, unsaved, when the page leaves the case, and when the
 * case comes back outside the member's involvement or gone (show_view(),
 * case_loaded_cb()). */
static void
clear_case (CtCasePage *self,
            gboolean    replaced)
{
  if (self->log_window != NULL)
    gtk_window_destroy (self->log_window);
  if (self->zrm_window != NULL && !replaced)
    gtk_window_destroy (self->zrm_window);
  for (guint i = 0; i < self->sections->len; i++)
    {
      if (replaced)
        ct_case_section_unload (g_ptr_array_index (self->sections, i));
      else
        ct_case_section_clear (g_ptr_array_index (self->sections, i));
    }
  gtk_widget_set_visible (self->sync_banner, FALSE);
  forget_place (self);
  self->case_record = NULL;
  self->household = NULL;
  self->persons = NULL;
  self->members = NULL;
  self->restriction = NULL;
  g_clear_pointer (&self->view, ct_case_view_free);
  g_clear_pointer (&self->conflicts, g_hash_table_unref);
  g_clear_pointer (&self->involve_ids, g_array_unref);
  _ct_case_page_clear_privacy (self);
  _ct_case_page_clear_involve (self);
  g_clear_object (&self->session);
  if (self->editing)
    {
      self->editing = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
    }
  _ct_case_page_update_actions (self);
}

static void
show_values (CtCasePage *self)
{
  self->context.editing = self->editing;
  for (guint i = 0; i < self->sections->len; i++)
    ct_case_section_set_editing (g_ptr_array_index (self->sections, i), self->editing);
}

static void
set_loading (CtCasePage   *self,
             GCancellable *cancellable)
{
  gboolean was = self->load_cancellable != NULL;

  g_set_object (&self->load_cancellable, cancellable);
  /* A case shown stays while it is read again; nothing else does. */
  gtk_stack_set_visible_child_name (self->content_stack,
                                    cancellable != NULL && self->case_record == NULL ? "loading"
                                                                                     : "case");
  if (was != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
end_reread (CtCasePage *self)
{
  /* A save's editors wait for its read-back, which ends here. */
  _ct_case_page_hold_editors (self, FALSE);
  self->rereading = FALSE;
  self->reread_warn = FALSE;
  self->edit_after_reread = FALSE;
}

/* Drops a load under way: its result, should it still come, is ignored. */
static void
cancel_load (CtCasePage *self)
{
  end_reread (self);
  self->focus_table = NULL;
  self->focus_field = NULL;
  if (self->load_cancellable == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  set_loading (self, NULL);
}

/* The page's scrolled window, to keep the member's place over a re-read. */
static GtkScrolledWindow *
page_scrolled (CtCasePage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->preferences_page));
       child != NULL; child = gtk_widget_get_first_child (child))
    if (GTK_IS_SCROLLED_WINDOW (child))
      return GTK_SCROLLED_WINDOW (child);
  return NULL;
}

/* Where @row is in the page's scrolled window: FALSE when not laid out. */
static gboolean
row_offset (CtCasePage *self,
            GtkWidget  *row,
            double     *offset)
{
  GtkScrolledWindow *scrolled = page_scrolled (self);
  graphene_point_t at;

  if (scrolled == NULL || !gtk_widget_get_mapped (row)
      || !gtk_widget_compute_point (row, GTK_WIDGET (scrolled), &GRAPHENE_POINT_INIT (0, 0), &at))
    return FALSE;
  *offset = at.y;
  return TRUE;
}

/* After the new rows' first layout: scrolls so that the focused field's
 * row is where its old row was. (The page is shorter once the edited rows
 * read only, so the old scroll value is not the member's place.) */
static void
keep_place_cb (GdkFrameClock *clock,
               CtCasePage    *self)
{
  GtkScrolledWindow *scrolled = page_scrolled (self);
  CtFieldEditor *editor = self->place_editor;
  double offset;

  forget_place (self);
  if (editor != NULL && scrolled != NULL && row_offset (self, editor->row, &offset))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

      gtk_adjustment_set_value (adjustment,
                                gtk_adjustment_get_value (adjustment) + offset
                                - self->place_offset);
    }
}

/* Saving */

/* Sync */

static void
reload_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  CtCasePage *self = CT_CASE_PAGE (widget);

  if (self->session == NULL || self->case_record == NULL)
    return;
  /* "Reload" on the banner drops the edits. */
  ct_case_page_set_editing (self, FALSE);
  ct_case_page_load (self, self->session, ct_record_get_id (self->case_record));
}

/* Other laptops' changes were applied to the team file: read the case
 * again, unless the member is editing; then say so, and keep the edits
 * until they are saved, cancelled or dropped by "Reload". */
static void
sync_applied_cb (CtCasePage *self)
{
  if (self->case_record == NULL)
    return;
  if (self->editing)
    {
      gtk_widget_set_visible (self->sync_banner, TRUE);
      return;
    }
  reload_action (GTK_WIDGET (self), "case.reload", NULL);
}

static void
ct_case_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CtCasePage *self = CT_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_EDITING:
      g_value_set_boolean (value, self->editing);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->load_cancellable != NULL);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_case_page_dispose (GObject *object)
{
  CtCasePage *self = CT_CASE_PAGE (object);

  ct_case_page_set_sync (self, NULL);
  cancel_load (self);
  /* Once: the second time the template's widgets are gone. */
  if (self->sections != NULL)
    ct_case_page_clear (self);
  g_clear_weak_pointer (&self->zrm_window);
  g_clear_weak_pointer (&self->glass_reason);
  g_clear_weak_pointer (&self->glass_text);
  g_clear_pointer (&self->sections, g_ptr_array_unref);

  G_OBJECT_CLASS (ct_case_page_parent_class)->dispose (object);
}

static void
ct_case_page_class_init (CtCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ct_case_page_get_property;
  object_class->dispose = ct_case_page_dispose;

  properties[PROP_EDITING] =
    g_param_spec_boolean ("editing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * CtCasePage:loading:
   *
   * Whether a case is being read (ct_case_page_load()).
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * CtCasePage:saving:
   *
   * Whether a save waits in the session's write queue or is being made
   * (ct_case_page_save()): the page stays as it is, editing.
   */
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CtCasePage::erased:
   * @household: whether the whole household went, or one of its persons
   * @household_id: the household the erasure was about
   *
   * A person or the household was erased on request: the case list may
   * show a name or a case that is gone. @household_id is the household
   * the erasure was asked for, not the one the page shows now: the member
   * may have gone elsewhere while it waited in the write queue. Emitted
   * before the page lets that household go (ct_case_page_get_household_id()
   * still answers @household_id when the page showed it); with the whole
   * household the page is empty after.
   */
  signals[ERASED] =
    g_signal_new ("erased", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_INT64);
  /**
   * CtCasePage::restriction-changed:
   * @household_id: the household whose restriction changed
   *
   * The household's processing was restricted or the restriction lifted:
   * the case list tags it, and editing is offered or not. As with
   * #CtCasePage::erased, @household_id is the household the change was
   * asked for: the page may show another one by now, or none.
   */
  signals[RESTRICTION_CHANGED] =
    g_signal_new ("restriction-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * CtCasePage::saved:
   *
   * A save (ct_case_page_save()) stored the changes.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (CT_TYPE_CASE_RESTRICTION_SECTION);
  g_type_ensure (CT_TYPE_CASE_LIMITED_SECTION);
  g_type_ensure (CT_TYPE_CASE_SUMMARY_SECTION);
  g_type_ensure (CT_TYPE_CASE_ZRM_SECTION);
  g_type_ensure (CT_TYPE_CASE_PLAN_SECTION);
  g_type_ensure (CT_TYPE_CASE_PERSONS_SECTION);
  g_type_ensure (CT_TYPE_CASE_HOUSEHOLD_SECTION);
  g_type_ensure (CT_TYPE_CASE_ORGANISATIONS_SECTION);
  g_type_ensure (CT_TYPE_CASE_CONSENT_SECTION);
  g_type_ensure (CT_TYPE_CASE_PRIVACY_SECTION);
  g_type_ensure (CT_TYPE_CASE_ACCESS_SECTION);
  g_type_ensure (CT_TYPE_CASE_INVOLVED_SECTION);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtCasePage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CtCasePage, preferences_page);
  gtk_widget_class_bind_template_child (widget_class, CtCasePage, sync_banner);
  gtk_widget_class_install_action (widget_class, "case.score-zrm", NULL, score_zrm_action);
  gtk_widget_class_install_action (widget_class, "case.show-log", NULL, show_log_action);
  gtk_widget_class_install_action (widget_class, "case.reload", NULL, reload_action);
  _ct_case_page_install_actions (widget_class);
  _ct_case_page_install_conflict_action (widget_class);
  _ct_case_page_install_privacy_actions (widget_class);
  _ct_case_page_install_involve_actions (widget_class);
}

/* The sections in page order, as the template lists them. */
static void
collect_sections (CtCasePage *self,
                  GtkWidget  *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (CT_IS_CASE_SECTION (child))
      g_ptr_array_add (self->sections, child);
    else
      collect_sections (self, child);
}

static void
ct_case_page_init (CtCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sections = g_ptr_array_new ();
  collect_sections (self, GTK_WIDGET (self->preferences_page));
  self->clipboard_clear_ms = CT_CASE_PAGE_CLIPBOARD_CLEAR_MS;
  clear_case (self, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "case");
}

/* Hands @view to every section, which shows what this member may read.
 * Everything it shows of the database came in @view, read in the worker
 * (the member list, involvement, restriction, sync conflicts, who is
 * involved, who looked anyway and the previous case too): nothing is
 * read here. */
static void
show_view (CtCasePage *self,
           CtSession  *session,
           CtCaseView *view)
{
  clear_case (self, TRUE);
  self->session = g_object_ref (session);
  self->view = view;
  self->case_record = self->view->case_record;
  self->household = self->view->household;
  self->persons = self->view->persons;
  self->members = self->view->members;
  /* Outside involvement the core hands out none of the rest. */
  self->limited = self->view->limited;
  self->restriction = self->view->restriction;
  _ct_case_page_index_conflicts (self);

  self->context = (CtCaseContext) {
    .session = session,
    .view = self->view,
    .members = self->members,
    .conflicts = self->conflicts,
    .limited = self->limited,
    .restriction = self->restriction,
    .editing = self->editing,
  };
  for (guint i = 0; i < self->sections->len; i++)
    ct_case_section_load (g_ptr_array_index (self->sections, i), &self->context);
  /* The member may no longer score it: the core would refuse the save. */
  if (self->zrm_window != NULL && self->limited)
    gtk_window_destroy (self->zrm_window);
  _ct_case_page_update_actions (self);
}

/* The stored values after the page's own write, shown in place of the
 * rows that showed it: the scrolling stays where the member left it, and
 * the focus goes back to the row of the field it was on when the write
 * began (the rows are new ones). */
static void
show_reread (CtCasePage *self,
             CtSession  *session,
             CtCaseView *view,
             gboolean    warn,
             gboolean    edit)
{
  GtkScrolledWindow *scrolled = page_scrolled (self);
  GtkAdjustment *adjustment = scrolled != NULL ? gtk_scrolled_window_get_vadjustment (scrolled)
                                               : NULL;
  double value = adjustment != NULL ? gtk_adjustment_get_value (adjustment) : 0;
  const char *focus_table = self->focus_table;
  const CtField *focus_field = self->focus_field;
  CtFieldEditor *editor = NULL;
  GdkFrameClock *clock;
  double offset = 0;
  gboolean placed;

  self->focus_table = NULL;
  self->focus_field = NULL;
  placed = focus_table != NULL
           && (editor = _ct_case_page_find_row_editor (self, focus_table, self->focus_row,
                                                       focus_field)) != NULL
           && row_offset (self, editor->row, &offset);
  show_view (self, session, view);
  if (warn)
    ct_case_summary_section_warn (find_section (self, CT_TYPE_CASE_SUMMARY_SECTION));
  if (edit)
    ct_case_page_set_editing (self, TRUE);
  editor = focus_table != NULL ? _ct_case_page_find_row_editor (self, focus_table,
                                                                self->focus_row, focus_field)
                               : NULL;
  if (editor != NULL && !gtk_widget_grab_focus (ct_field_editor_get_focus (editor)))
    gtk_widget_grab_focus (editor->row);
  /* After the focus: the viewport scrolls to a row it has not placed yet. */
  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, value);
  if (placed && (clock = gtk_widget_get_frame_clock (GTK_WIDGET (self))) != NULL)
    {
      self->place_editor = editor;
      self->place_offset = offset;
      g_set_weak_pointer (&self->place_clock, clock);
      self->place_handler = g_signal_connect_object (clock, "layout", G_CALLBACK (keep_place_cb),
                                                     self, G_CONNECT_AFTER);
    }
}

static void
case_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CtCasePage) self = user_data;
  CtSession *session = CT_SESSION (source);
  g_autoptr(CtCaseView) view = NULL;
  g_autoptr(GError) error = NULL;

  gboolean rereading, warn, edit;

  view = ct_case_load_finish (session, result, &error);
  /* The member went elsewhere meanwhile, or a newer load replaced this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  rereading = self->rereading;
  warn = self->reread_warn;
  edit = self->edit_after_reread;
  end_reread (self);
  if (view == NULL)
    {
      set_loading (self, NULL);
      _ct_case_page_show_toast (self, error->message);
      /* The case is gone (erased, on this laptop or another): nothing to
       * score. */
      if (self->zrm_window != NULL && g_error_matches (error, CT_ERROR, CT_ERROR_NOT_FOUND))
        gtk_window_destroy (self->zrm_window);
      /* Nothing to show: back to the list, where there is one. */
      if (self->case_record == NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "casework.back", NULL);
      /* After a save the edited rows still showed: read-only now. */
      else if (rereading)
        show_values (self);
      return;
    }
  /* Editing began while the shown case was read again: keep the edits, and
   * say that there is something newer, as after a sync. (Not after the
   * page's own write: Edit waits for the stored values then.) */
  if (self->editing)
    gtk_widget_set_visible (self->sync_banner, TRUE);
  else if (rereading)
    show_reread (self, session, g_steal_pointer (&view), warn, edit);
  else
    show_view (self, session, g_steal_pointer (&view));
  set_loading (self, NULL);
}

/**
 * ct_case_page_load:
 *
 * Reads the case, its household, persons, organisations and consent in a
 * worker (ct_case_load_async(), which logs the reads before it hands them
 * out) and then hands them to every section. Meanwhile the page shows that
 * it is loading (#CtCasePage:loading) and nothing of another household; a
 * case already shown stays until it is replaced. A load started
 * afterwards, or ct_case_page_clear(), drops this one. A load that fails
 * says why in a toast.
 */
void
ct_case_page_load (CtCasePage *self,
                   CtSession  *session,
                   gint64      case_id)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_return_if_fail (CT_IS_CASE_PAGE (self));
  g_return_if_fail (CT_IS_SESSION (session));

  cancel_load (self);
  if (self->session != session || ct_case_page_get_case_id (self) != case_id)
    clear_case (self, FALSE);
  set_loading (self, cancellable);
  ct_case_load_async (session, case_id, cancellable, case_loaded_cb, g_object_ref (self));
}

/* Reads the shown case again after the page's own write; see
 * _ct_case_page_reload(). @focus: the editor whose row gets the focus
 * when the stored values show, or %NULL. */
static void
reread (CtCasePage    *self,
        gboolean       warn,
        CtFieldEditor *focus)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean edit = self->edit_after_reread;

  g_return_if_fail (self->session != NULL && self->case_record != NULL);

  /* The newest write's read wins: an earlier one under way never shows
   * (an Edit asked for meanwhile waits for this one). */
  cancel_load (self);
  self->rereading = TRUE;
  self->edit_after_reread = edit;
  self->reread_warn = warn;
  if (focus != NULL)
    {
      self->focus_table = ct_record_get_table (focus->record)->name;
      self->focus_row = ct_record_get_id (focus->record);
      self->focus_field = focus->field;
    }
  set_loading (self, cancellable);
  ct_case_load_async (self->session, ct_record_get_id (self->case_record), cancellable,
                      case_loaded_cb, g_object_ref (self));
}

/**
 * _ct_case_page_reload:
 *
 * Reads the shown case again right after a write of the page's own (a
 * save, a record dialog, a consent, an erasure, a restriction), in a
 * worker (ct_case_load_async(); the write itself ran in the session's
 * thread). Meanwhile the page goes on showing what it showed, not
 * "Loading Case…"; then it shows the stored values with the scrolling and
 * the focused field's row as they were. A load under way is dropped, so
 * the last write's read is the one shown; a read that fails says why in a
 * toast.
 */
void
_ct_case_page_reload (CtCasePage *self)
{
  reread (self, FALSE, _ct_case_page_focused_editor (self));
}

/* Empties the page: no client data stays in hidden widgets, nor in a
 * dialog opened from it. */
void
ct_case_page_clear (CtCasePage *self)
{
  g_return_if_fail (CT_IS_CASE_PAGE (self));

  cancel_load (self);
  ct_gui_close_owned_windows (self);
  clear_case (self, FALSE);
}

gint64
ct_case_page_get_case_id (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), 0);

  return self->case_record != NULL ? ct_record_get_id (self->case_record) : 0;
}

/* Returns: the household shown, or 0 while none is */
gint64
ct_case_page_get_household_id (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), 0);

  return self->household != NULL ? ct_record_get_id (self->household) : 0;
}

const char *
ct_case_page_get_number (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), NULL);

  return self->case_record != NULL ? ct_record_get (self->case_record, "number") ?: "" : "";
}

void
ct_case_page_set_editing (CtCasePage *self,
                          gboolean    editing)
{
  g_return_if_fail (CT_IS_CASE_PAGE (self));

  /* The core refuses every change while processing is restricted. */
  editing = !!editing && self->case_record != NULL && self->restriction == NULL;
  /* Never over the values as they were before the page's own write: once
   * the stored ones show (show_reread()), also after another laptop's
   * value chosen and still in the write queue (ct-case-page-conflicts.c). */
  self->edit_after_reread = editing && (self->rereading || self->conflict_writing > 0);
  if (self->edit_after_reread || self->editing == editing)
    return;

  self->editing = editing;
  if (!editing)
    gtk_widget_set_visible (self->sync_banner, FALSE);
  show_values (self);
  _ct_case_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
}

/**
 * ct_case_page_dup_restriction_text:
 *
 * Returns: (nullable): why the household's data cannot be changed, for a
 *   tooltip; %NULL when it can
 */
char *
ct_case_page_dup_restriction_text (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), NULL);

  if (self->restriction == NULL)
    return NULL;
  /* Translators: %s is a ground, such as "Objection pending" */
  return g_strdup_printf (_("Processing of this household is restricted (%s): its data cannot "
                            "be changed until the restriction is lifted."),
                          ct_restrict_ground_get_display_name (self->restriction->ground));
}

gboolean
ct_case_page_get_editing (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), FALSE);

  return self->editing;
}

gboolean
ct_case_page_get_loading (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), FALSE);

  return self->load_cancellable != NULL || self->conflict_writing > 0 || self->record_busy > 0;
}

static void
set_saving (CtCasePage *self,
            gboolean    saving)
{
  self->saving = saving;
  _ct_case_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CtCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_case_patch_apply_finish (CT_SESSION (source), result, &error);
  /* Still on the case it saved, editing: the member stayed. */
  gboolean here = self->editing && self->session == CT_SESSION (source)
                  && ct_case_page_get_case_id (self) == self->saving_case;
  CtFieldEditor *edited;

  set_saving (self, FALSE);
  if (!ok || !here)
    _ct_case_page_hold_editors (self, FALSE);
  if (!ok)
    {
      if (!here || !_ct_case_page_show_field_error (self, error))
        _ct_case_page_show_toast (self, error->message);
      return;
    }
  if (here)
    {
      /* The field the member is on, or else the first they changed. */
      edited = _ct_case_page_focused_editor (self) ?: _ct_case_page_first_changed_editor (self);
      /* Read back what was stored, in its canonical form, in a worker: the
       * rows as edited stay until then (show_reread()). */
      self->editing = FALSE;
      reread (self, TRUE, edited);
      /* reread() dropped any load under way, and with it the hold. */
      _ct_case_page_hold_editors (self, TRUE);
      _ct_case_page_update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
    }
  g_signal_emit (self, signals[SAVED], 0);
}

/**
 * ct_case_page_save:
 *
 * Checks every changed field, shows what is wrong under its row and
 * stores nothing then; otherwise stores all changes in one transaction
 * through the session's write queue (ct_case_patch_apply_async()): the
 * page is #CtCasePage:saving until they are stored, while the window
 * goes on, then leaves editing and emits #CtCasePage::saved; an error the
 * core finds shows under its field's row, or in a toast.
 *
 * Returns: whether the save began
 */
gboolean
ct_case_page_save (CtCasePage *self)
{
  g_autoptr(CtCasePatch) patch = NULL;

  g_return_val_if_fail (CT_IS_CASE_PAGE (self), FALSE);

  if (!self->editing || self->saving)
    return FALSE;

  patch = ct_case_patch_new ();
  if (_ct_case_page_collect_changes (self, patch) > 0)
    return FALSE;
  self->saving_case = ct_case_page_get_case_id (self);
  set_saving (self, TRUE);
  /* What is typed now would be neither saved nor kept (the read-back
   * replaces the rows): nothing is taken until the stored values show. */
  _ct_case_page_hold_editors (self, TRUE);
  ct_case_patch_apply_async (g_steal_pointer (&patch), self->session, NULL, saved_cb,
                             g_object_ref (self));
  return TRUE;
}

gboolean
ct_case_page_get_saving (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), FALSE);

  return self->saving;
}

/* Leaves editing and shows the stored values again. */
void
ct_case_page_cancel (CtCasePage *self)
{
  g_return_if_fail (CT_IS_CASE_PAGE (self));

  ct_case_page_set_editing (self, FALSE);
}

/**
 * ct_case_page_set_sync:
 * @sync: (nullable): the team's sync scheduler, or %NULL
 *
 * Reads the open case again whenever @sync applied other laptops' files
 * (see sync_applied_cb()).
 */
void
ct_case_page_set_sync (CtCasePage      *self,
                       CtSyncScheduler *sync)
{
  g_return_if_fail (CT_IS_CASE_PAGE (self));
  g_return_if_fail (sync == NULL || CT_IS_SYNC_SCHEDULER (sync));

  if (self->sync == sync)
    return;
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    g_signal_connect_swapped (sync, "applied", G_CALLBACK (sync_applied_cb), self);
}

/* For the tests: the chart and the plan of the case shown, or %NULL. */
GtkWidget *
_ct_case_page_get_zrm_chart (CtCasePage *self)
{
  return ct_case_zrm_section_get_chart (find_section (self, CT_TYPE_CASE_ZRM_SECTION));
}

GtkWidget *
_ct_case_page_get_plan_view (CtCasePage *self)
{
  return ct_case_plan_section_get_view (find_section (self, CT_TYPE_CASE_PLAN_SECTION));
}
