/* ct-main-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window's shell once a team file is unlocked: a sidebar of pages and
 * the page itself, folding into one column on a narrow window. The Cases
 * page is a list and, when one is opened, the case; its header buttons
 * live here, next to the back button, so one header serves every page. */

#define G_LOG_DOMAIN "ct-main-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-actions-page.h"
#include "ct-budget-page.h"
#include "ct-doorbraken-page.h"
#include "ct-gui-windows.h"
#include "ct-main-page-private.h"
#include "ct-meetings-page.h"
#include "ct-page.h"
#include "ct-referral-window.h"
#include "ct-saving.h"
#include "ct-team-admin-page.h"
#include "ct-window.h"

G_DEFINE_FINAL_TYPE (CtMainPage, ct_main_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CASES_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *name;
  const char *icon_name;
  const char *title;
  /* Makes the page, a CtPage, with the session; %NULL for the Cases page,
   * which is the shell's own, and the Synchronisation page, which shows
   * the shell's sync scheduler. */
  GtkWidget *(*page_new) (CtSession *session);
} PageInfo;

static const PageInfo pages[] = {
  { "cases", "folder-documents-symbolic", N_("Cases"), NULL },
  { "meetings", "x-office-calendar-symbolic", N_("Meetings"), ct_meetings_page_new },
  { "actions", "checkbox-checked-symbolic", N_("Actions"), ct_actions_page_new },
  { "budget", "accessories-calculator-symbolic", N_("Custom Budget"), ct_budget_page_new },
  { "breakthroughs", "starred-symbolic", N_("Breakthroughs"), ct_doorbraken_page_new },
  { "team", "system-users-symbolic", N_("Team"), ct_team_admin_page_new },
  { "sync", "emblem-synchronizing-symbolic", N_("Synchronisation"), NULL },
};

typedef void (*Continuation) (CtMainPage *self,
                              const char *arg);

typedef struct
{
  CtMainPage *self;
  Continuation then;
  char *arg;
} Pending;

static const PageInfo *
find_page (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_str_equal (pages[i].name, name))
      return &pages[i];
  return NULL;
}

static gboolean
showing_case (CtMainPage *self)
{
  return g_strcmp0 (ct_main_page_get_page (self), "cases") == 0
         && g_strcmp0 (gtk_stack_get_visible_child_name (self->cases_stack), "case") == 0;
}

static void
set_title (CtMainPage *self)
{
  g_autofree char *title = NULL;

  if (showing_case (self))
    title = g_strdup_printf (_("Case %s"), ct_case_page_get_number (self->case_page));
  else
    title = g_strdup (_(find_page (ct_main_page_get_page (self))->title));

  adw_window_title_set_title (self->content_title, title);
}

static void
update_header (CtMainPage *self)
{
  gboolean on_cases = g_strcmp0 (ct_main_page_get_page (self), "cases") == 0;
  gboolean on_case = showing_case (self);
  gboolean editing = on_case && ct_case_page_get_editing (self->case_page);
  gboolean saving = editing && ct_case_page_get_saving (self->case_page);
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  g_autofree char *restricted = on_case ? ct_case_page_dup_restriction_text (self->case_page)
                                         : NULL;

  gtk_widget_set_visible (self->sidebar_button, (folded || self->sidebar_collapsed) && !on_case);
  gtk_widget_set_visible (self->case_back_button, on_case && !editing);
  gtk_widget_set_visible (self->cancel_button, editing);
  gtk_widget_set_visible (self->edit_button, on_case && !editing);
  gtk_widget_set_visible (self->save_button, editing);
  gtk_widget_set_visible (self->new_referral_button, on_cases && !on_case);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "casework.show-sidebar",
                                 folded || self->sidebar_collapsed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "casework.back", on_case && !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "casework.edit",
                                 on_case && !editing && restricted == NULL);
  gtk_widget_set_tooltip_text (self->edit_button, restricted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "casework.save", editing && !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "casework.cancel", editing && !saving);
  if (saving)
    ct_saving_begin (self->save_button);
  else
    ct_saving_end (self->save_button);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "casework.search", self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "casework.new-referral",
                                 self->session != NULL);
  set_title (self);
}

static void
select_sidebar_row (CtMainPage *self,
                    const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_name (row), name))
      {
        g_signal_handlers_block_matched (self->sidebar_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                         NULL, self);
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
        g_signal_handlers_unblock_matched (self->sidebar_list, G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                           NULL, self);
      }
}

static void
show_list (CtMainPage *self,
           const char *arg)
{
  if (ct_case_page_get_editing (self->case_page))
    ct_case_page_cancel (self->case_page);
  ct_case_page_clear (self->case_page);
  ct_main_page_show_page (self, "cases");
  gtk_stack_set_visible_child_name (self->cases_stack, "list");
  update_header (self);
}

static void
show_list_and_search (CtMainPage *self,
                      const char *arg)
{
  show_list (self, NULL);
  ct_case_list_focus_search (self->case_list);
}

static GtkWidget *
page_new (CtMainPage *self,
          const char *name)
{
  const PageInfo *info = find_page (name);
  GtkWidget *page;

  if (info->page_new != NULL)
    page = info->page_new (self->session);
  else
    page = ct_sync_page_new (self->sync);

  g_assert (CT_IS_PAGE (page));
  return page;
}

static gboolean
is_placeholder (GtkWidget *page)
{
  return G_OBJECT_TYPE (page) == ADW_TYPE_BIN && adw_bin_get_child (ADW_BIN (page)) == NULL;
}

/* A page is built when it is first shown, not at unlock: the case list is
 * what a member waits for, and a page never visited costs nothing (the
 * budget page alone measured seconds of text layout on a large team).
 * Returns whether the page was built now, and so has just read afresh. */
static gboolean
ensure_page (CtMainPage *self,
             const char *name)
{
  GtkWidget *old;

  if (self->session == NULL || g_str_equal (name, "cases"))
    return FALSE;

  old = gtk_stack_get_child_by_name (self->page_stack, name);
  if (old != NULL && !is_placeholder (old))
    return FALSE;

  ct_main_page_set_page_widget (self, name, page_new (self, name));
  return TRUE;
}

/* What one page changes another shows: a meeting's advice on the Actions
 * page, a refused action back on a meeting's agenda, a new referral in the
 * budget's case list. Each page reads afresh when it is shown, unless
 * someone is at work in it (the page itself knows: ct_page_reload()). It
 * is told which case is open, so a new expense defaults to that case. The
 * case list reads in a worker and keeps its rows until then: at 10 000
 * households a read on this thread stopped the window for seconds. */
static void
switch_page (CtMainPage *self,
             const char *name)
{
  if (ct_case_page_get_editing (self->case_page))
    ct_case_page_cancel (self->case_page);
  if (self->session != NULL && g_str_equal (name, "cases"))
    ct_case_list_refresh (self->case_list);
  else if (self->session != NULL)
    {
      gboolean built = ensure_page (self, name);
      CtPage *page = CT_PAGE (gtk_stack_get_child_by_name (self->page_stack, name));
      gboolean on_case = g_strcmp0 (gtk_stack_get_visible_child_name (self->cases_stack),
                                    "case") == 0;

      if (!built)
        ct_page_reload (page);
      ct_page_set_open_case (page, on_case ? ct_case_page_get_case_id (self->case_page) : 0);
    }
  ct_main_page_show_page (self, name);
}

static void
open_referral (CtMainPage *self,
               const char *arg)
{
  ct_main_page_new_referral (self);
}

static void
pending_free (Pending *pending)
{
  g_free (pending->arg);
  g_free (pending);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Pending          *pending)
{
  if (g_str_equal (response, "discard"))
    {
      ct_case_page_cancel (pending->self->case_page);
      pending->then (pending->self, pending->arg);
    }
}

/* Leaving a case with unsaved changes asks first; anything else goes on. */
static void
run_unless_unsaved (CtMainPage  *self,
                    Continuation then,
                    const char  *arg)
{
  GtkWidget *dialog;
  Pending *pending;

  if (!ct_main_page_get_unsaved (self))
    {
      then (self, arg);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Discard Unsaved Changes?"),
                                   _("The changes to this case have not been saved. Discarded "
                                     "changes cannot be recovered."));
  ct_gui_add_destructive_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"));

  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->then = then;
  pending->arg = g_strdup (arg);
  g_signal_connect_data (dialog, "response", G_CALLBACK (discard_response_cb), pending,
                         (GClosureNotify) pending_free, 0);
  g_set_weak_pointer (&self->discard_dialog, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  CtMainPage *self = CT_MAIN_PAGE (widget);

  if (self->sidebar_collapsed)
    ct_main_page_set_sidebar_collapsed (self, FALSE);
  else
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
open_case_by_id (CtMainPage *self,
                 const char *arg)
{
  ct_main_page_open_case (self, g_ascii_strtoll (arg, NULL, 10));
}

/* Another page (an action's row) opens a case by its id. */
static void
open_case_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (param));

  run_unless_unsaved (CT_MAIN_PAGE (widget), open_case_by_id, id);
}

static void
edit_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  CtMainPage *self = CT_MAIN_PAGE (widget);

  ct_case_page_set_editing (self->case_page, TRUE);
}

static void
save_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  CtMainPage *self = CT_MAIN_PAGE (widget);

  /* The page says "Saving…" until it is stored (saved_cb()). */
  ct_case_page_save (self->case_page);
}

/* Only that it worked: never what was saved or for whom. The list beside
 * the page reads afresh in a worker, as the page itself does. */
static void
saved_cb (CtMainPage *self)
{
  ct_window_show_toast_in (GTK_WIDGET (self), _("Saved"));
  ct_case_list_refresh (self->case_list);
}

static void
stop_editing (CtMainPage *self,
              const char *arg)
{
  if (ct_case_page_get_editing (self->case_page))
    ct_case_page_cancel (self->case_page);
}

/* The actions that leave the case, or drop what was typed on it (Cancel):
 * each asks first when there are unsaved changes. */
static const struct
{
  const char   *action;
  Continuation  then;
} leaving_actions[] = {
  { "casework.back", show_list },
  { "casework.search", show_list_and_search },
  { "casework.new-referral", open_referral },
  { "casework.cancel", stop_editing },
};

static void
leaving_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  for (guint i = 0; i < G_N_ELEMENTS (leaving_actions); i++)
    if (g_str_equal (name, leaving_actions[i].action))
      run_unless_unsaved (CT_MAIN_PAGE (widget), leaving_actions[i].then, NULL);
}

/* Callbacks */

/* Moving through the sidebar with Tab or the arrow keys selects rows
 * without leaving the page; a click, Enter or Space on a row switches. */
static void
sidebar_row_activated_cb (CtMainPage    *self,
                          GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));

  if (g_strcmp0 (name, ct_main_page_get_page (self)) != 0)
    {
      /* Stay on the case until the question is answered. */
      select_sidebar_row (self, ct_main_page_get_page (self));
      run_unless_unsaved (self, switch_page, name);
      return;
    }

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* Left without activating: the selection shows the page again. */
static void
sidebar_focus_left_cb (CtMainPage *self)
{
  select_sidebar_row (self, ct_main_page_get_page (self));
}

static void
folded_changed_cb (CtMainPage *self)
{
  update_header (self);
}

static void
case_activated_cb (CtMainPage *self,
                   gint64      case_id)
{
  ct_main_page_open_case (self, case_id);
}

static void
editing_changed_cb (CtMainPage *self)
{
  update_header (self);
}

/* The list must not keep a name or a case that is gone, not even until a
 * worker has read it again: the rows of the household the erasure was
 * about go at once, whatever the case page shows by now, and the list
 * reads again in a worker, as after a save. A case page that shows the
 * household erased whole is about to be empty: back to the list. */
static void
erased_cb (CtMainPage *self,
           gboolean    household,
           gint64      household_id)
{
  if (self->session == NULL)
    return;
  if (household && ct_case_page_get_household_id (self->case_page) == household_id)
    show_list (self, NULL);
  ct_case_list_drop_household (self->case_list, household_id);
  ct_window_show_toast_in (GTK_WIDGET (self),
                           household ? _("Household erased") : _("Person erased"));
}

/* The case list reads afresh in a worker, as after a sync: records
 * arrived from outside the pages (a merged conflict copy). */
void
ct_main_page_reload_cases (CtMainPage *self)
{
  g_return_if_fail (CT_IS_MAIN_PAGE (self));

  ct_case_list_refresh (self->case_list);
}

/* @household_id: the household asked for, which the case page may no
 * longer show: the list reads its tag again all the same. */
static void
restriction_changed_cb (CtMainPage *self,
                        gint64      household_id)
{
  if (self->session == NULL)
    return;
  ct_case_list_refresh (self->case_list);
  update_header (self);
}

static void
referral_created_cb (CtMainPage *self,
                     gint64      case_id)
{
  ct_case_list_refresh (self->case_list);
  ct_main_page_open_case (self, case_id);
}

static GtkWidget *
sidebar_row_new (const PageInfo *page)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(page->title));

  gtk_widget_set_name (row, page->name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (page->icon_name));
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

/* The other pages exist only while a team is unlocked, and only once
 * visited: a locked window holds nothing of the team, not even in a
 * hidden page. */
static void
set_pages (CtMainPage *self)
{
  for (guint i = 1; i < G_N_ELEMENTS (pages); i++)
    ct_main_page_set_page_widget (self, pages[i].name, adw_bin_new ());
}

static void
add_pages (CtMainPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_list_box_append (self->sidebar_list, sidebar_row_new (&pages[i]));
      if (i > 0)
        gtk_stack_add_named (self->page_stack, adw_bin_new (), pages[i].name);
    }
}

static void
add_shortcuts (CtMainPage *self)
{
  static const struct { const char *trigger; const char *action; } shortcuts[] = {
    { "<Control>f", "casework.search" },
    { "<Control>e", "casework.edit" },
    { "<Control>s", "casework.save" },
    { "Escape", "casework.back" },
    { "<Alt>Left", "casework.back" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Managed by the window: they work wherever the focus is on this page. */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (shortcuts[i].trigger),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ---- sync while unlocked ------------------------------------------------ */

static char *format_member (CtSession *session);

/* A beheerder on another laptop changed this member's role or flag, and
 * the sync brought it (docs/sync-chain.md, "The team chain travels"): the
 * header says what they are now, and the team page is made again for it
 * (a member no longer a beheerder sees no member list). */
static void
member_changed (CtMainPage *self)
{
  g_autofree char *member = format_member (self->session);
  gboolean admin = ct_session_is_admin (self->session);

  if (g_strcmp0 (member, adw_window_title_get_subtitle (self->team_title)) != 0)
    adw_window_title_set_subtitle (self->team_title, member);
  if (admin == self->shown_admin)
    return;
  self->shown_admin = admin;
  ct_main_page_set_page_widget (self, "team", adw_bin_new ());
  if (g_strcmp0 (ct_main_page_get_page (self), "team") == 0)
    ct_main_page_show_page (self, "team");
}

static void
sync_changed_cb (CtMainPage *self)
{
  g_autoptr(GArray) hidden = NULL;

  ct_sync_scheduler_update_indicator (self->sync, GTK_BUTTON (self->sync_button));
  if (ct_sync_scheduler_get_running (self->sync))
    return;
  if (self->session != NULL)
    member_changed (self);
  /* A household erased or restricted on another laptop leaves the list
   * at once, not after a read that may wait (docs/sync.md, "In the
   * window"); the list then reads again. */
  if ((hidden = ct_sync_scheduler_take_hidden (self->sync)) != NULL && hidden->len > 0)
    ct_case_list_drop_households (self->case_list, (const gint64 *) (gpointer) hidden->data,
                                  hidden->len);
  /* Others' changes arrived: the case list reads afresh (an open case
   * page hears the scheduler's "applied" itself). */
  else if (ct_sync_scheduler_get_applied (self->sync) > 0 && !showing_case (self))
    ct_case_list_refresh (self->case_list);
}

/* A scheduler for a team with sync on; none while locked, so nothing
 * syncs then. */
static void
set_sync (CtMainPage *self,
          CtSession  *session)
{
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      ct_case_page_set_sync (self->case_page, NULL);
      ct_sync_scheduler_stop (self->sync);
      g_clear_object (&self->sync);
    }
  if (session != NULL && ct_session_sync_is_enabled (session))
    {
      self->sync = ct_sync_scheduler_new (session);
      g_signal_connect_swapped (self->sync, "changed", G_CALLBACK (sync_changed_cb), self);
      ct_case_page_set_sync (self->case_page, self->sync);
      sync_changed_cb (self);
    }
  gtk_widget_set_visible (self->sync_button, self->sync != NULL);
}

static void
show_sync_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ct_main_page_show_page (CT_MAIN_PAGE (widget), "sync");
}

static void
ct_main_page_dispose (GObject *object)
{
  CtMainPage *self = CT_MAIN_PAGE (object);

  if (self->referral_window != NULL)
    gtk_window_destroy (self->referral_window);
  if (self->discard_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->discard_dialog));
  g_clear_weak_pointer (&self->referral_window);
  g_clear_weak_pointer (&self->discard_dialog);
  set_sync (self, NULL);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ct_main_page_parent_class)->dispose (object);
}

static void
ct_main_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CtMainPage *self = CT_MAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CASES_LOADING:
      g_value_set_boolean (value, ct_main_page_get_cases_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cases_loading_cb (CtMainPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASES_LOADING]);
}

static void
ct_main_page_class_init (CtMainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_main_page_dispose;
  object_class->get_property = ct_main_page_get_property;

  /**
   * CtMainPage:cases-loading:
   *
   * Whether the case list is reading the cases (CtCaseList:loading).
   */
  properties[PROP_CASES_LOADING] =
    g_param_spec_boolean ("cases-loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-main-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, content);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, team_title);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, content_title);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, case_back_button);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, new_referral_button);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, cases_stack);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, case_list);
  gtk_widget_class_bind_template_child (widget_class, CtMainPage, case_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, editing_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, erased_cb);
  gtk_widget_class_bind_template_callback (widget_class, saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, restriction_changed_cb);

  for (guint i = 0; i < G_N_ELEMENTS (leaving_actions); i++)
    gtk_widget_class_install_action (widget_class, leaving_actions[i].action, NULL,
                                     leaving_action);
  gtk_widget_class_install_action (widget_class, "casework.show-sidebar", NULL,
                                   show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "casework.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "casework.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "casework.open-case", "x", open_case_action);
  gtk_widget_class_install_action (widget_class, "casework.show-sync", NULL, show_sync_action);

  g_type_ensure (CT_TYPE_CASE_LIST);
  g_type_ensure (CT_TYPE_CASE_PAGE);
}

static void
ct_main_page_init (CtMainPage *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->case_list, "notify::loading", G_CALLBACK (cases_loading_cb),
                           self, G_CONNECT_SWAPPED);
  add_pages (self);
  add_shortcuts (self);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (sidebar_focus_left_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->sidebar_list), focus);
  ct_main_page_show_page (self, "cases");
}

static char *
format_member (CtSession *session)
{
  const char *name = ct_session_get_display_name (session);
  const char *role = ct_role_get_display_name (ct_session_get_role (session));

  if (ct_session_is_admin (session))
    return g_strdup_printf (_("%s · %s · beheerder"), name, role);
  return g_strdup_printf (_("%s · %s"), name, role);
}

/**
 * ct_main_page_set_session:
 * @session: (nullable): the unlocked session, or %NULL once it is locked
 *
 * %NULL empties every page, so a locked window holds no team data even in
 * hidden widgets; unsaved changes are dropped (the window says so).
 */
void
ct_main_page_set_session (CtMainPage *self,
                          CtSession  *session)
{
  g_autofree char *member = NULL;

  g_return_if_fail (CT_IS_MAIN_PAGE (self));
  g_return_if_fail (session == NULL || CT_IS_SESSION (session));

  if (self->discard_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->discard_dialog));
  if (self->referral_window != NULL)
    gtk_window_destroy (self->referral_window);

  g_set_object (&self->session, session);
  if (session != NULL)
    member = format_member (session);
  self->shown_admin = session != NULL && ct_session_is_admin (session);

  /* Team and member names are people's text: plain text, never markup. */
  adw_window_title_set_title (self->team_title, session != NULL ? ct_session_get_team_name (session) : "");
  adw_window_title_set_subtitle (self->team_title, member != NULL ? member : "");

  ct_case_page_cancel (self->case_page);
  ct_case_page_clear (self->case_page);
  gtk_stack_set_visible_child_name (self->cases_stack, "list");
  ct_case_list_set_session (self->case_list, session);
  set_sync (self, session);
  set_pages (self);
  ct_main_page_show_page (self, "cases");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/**
 * ct_main_page_set_page_widget:
 * @name: a sidebar page: "meetings", "actions", "budget", "breakthroughs" or "team"
 * @widget: the page, which replaces the one there until now
 *
 * Puts a page in its place: ct_main_page_set_session() does so for each
 * page with the session, and with an empty one once it is locked.
 */
void
ct_main_page_set_page_widget (CtMainPage *self,
                              const char *name,
                              GtkWidget  *widget)
{
  GtkWidget *old;
  gboolean visible;

  g_return_if_fail (CT_IS_MAIN_PAGE (self));
  g_return_if_fail (find_page (name) != NULL && !g_str_equal (name, "cases"));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  old = gtk_stack_get_child_by_name (self->page_stack, name);
  visible = old != NULL && gtk_stack_get_visible_child (self->page_stack) == old;
  if (old != NULL)
    {
      /* Even if something still holds the page, nothing of the team stays
       * with it. */
      if (CT_IS_PAGE (old))
        ct_page_release (CT_PAGE (old));
      gtk_stack_remove (self->page_stack, old);
    }
  gtk_stack_add_named (self->page_stack, widget, name);
  if (visible)
    gtk_stack_set_visible_child (self->page_stack, widget);
}

void
ct_main_page_show_page (CtMainPage *self,
                        const char *name)
{
  g_return_if_fail (CT_IS_MAIN_PAGE (self));
  g_return_if_fail (find_page (name) != NULL);

  ensure_page (self, name);
  gtk_stack_set_visible_child_name (self->page_stack, name);
  select_sidebar_row (self, name);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
  update_header (self);
}

/**
 * ct_main_page_activate_on_page:
 * @name: a sidebar page, as for ct_main_page_show_page()
 * @action_name: an action of that page, such as "admin.add-member"
 *
 * Shows the page and activates one of its actions, as if its button were
 * pressed: the first-steps dialog goes straight to a form this way.
 */
void
ct_main_page_activate_on_page (CtMainPage *self,
                               const char *name,
                               const char *action_name)
{
  GtkWidget *page;

  g_return_if_fail (CT_IS_MAIN_PAGE (self));
  g_return_if_fail (action_name != NULL);

  switch_page (self, name);
  page = gtk_stack_get_child_by_name (self->page_stack, name);
  if (page != NULL && !gtk_widget_activate_action (page, action_name, NULL))
    g_warning ("The %s page has no action %s", name, action_name);
}

const char *
ct_main_page_get_page (CtMainPage *self)
{
  g_return_val_if_fail (CT_IS_MAIN_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->page_stack);
}

/* The page reads the case in a worker and shows that it is loading; a
 * case that cannot be read says why and goes back to the list. */
void
ct_main_page_open_case (CtMainPage *self,
                        gint64      case_id)
{
  g_return_if_fail (CT_IS_MAIN_PAGE (self));

  if (self->session == NULL)
    return;

  ct_case_page_load (self->case_page, self->session, case_id);
  ct_main_page_show_page (self, "cases");
  gtk_stack_set_visible_child_name (self->cases_stack, "case");
  update_header (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->case_page));
}

void
ct_main_page_new_referral (CtMainPage *self)
{
  CtReferralWindow *window;

  g_return_if_fail (CT_IS_MAIN_PAGE (self));

  if (self->session == NULL)
    return;
  if (self->referral_window != NULL)
    {
      gtk_window_present (self->referral_window);
      return;
    }

  window = ct_referral_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   self->session);
  g_signal_connect_object (window, "created", G_CALLBACK (referral_created_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->referral_window, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

/**
 * ct_main_page_set_sidebar_collapsed:
 * @self: a #CtMainPage
 * @collapsed: whether to hide the sidebar
 *
 * Hides the sidebar, as while a meeting is being run on a laptop screen;
 * the button that shows the pages brings it back.
 */
void
ct_main_page_set_sidebar_collapsed (CtMainPage *self,
                                    gboolean    collapsed)
{
  g_return_if_fail (CT_IS_MAIN_PAGE (self));

  self->sidebar_collapsed = !!collapsed;
  gtk_widget_set_visible (self->sidebar, !collapsed);
  gtk_widget_set_visible (self->sidebar_separator, !collapsed);
  update_header (self);
}

/* Whether a case is being edited with changes not yet saved. */
gboolean
ct_main_page_get_unsaved (CtMainPage *self)
{
  g_return_val_if_fail (CT_IS_MAIN_PAGE (self), FALSE);

  return ct_case_page_get_editing (self->case_page) && ct_case_page_get_dirty (self->case_page);
}

/* Returns: %TRUE while the case list reads the cases (CtMainPage:cases-loading) */
gboolean
ct_main_page_get_cases_loading (CtMainPage *self)
{
  g_return_val_if_fail (CT_IS_MAIN_PAGE (self), FALSE);

  return ct_case_list_is_loading (self->case_list);
}
