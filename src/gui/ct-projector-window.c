/* ct-projector-window.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The beamer's window (docs/meetings.md, docs/categories.md). It shows only what
 * ct_meeting_case_load() gives for the table: the summary written for it,
 * the categories consented to share that the session may read, their ZRM
 * scores, initials with ages, and earlier advice. Nothing else of the case
 * is ever loaded here, so nothing else can be shown by mistake. */

#define G_LOG_DOMAIN "ct-projector"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-meeting.h"
#include "ct-meeting-widgets.h"
#include "ct-meeting-zrm-area.h"
#include "ct-projector-window.h"
#include "ct-gui-labels.h"

struct _CtProjectorWindow
{
  GtkWindow   parent_instance;

  GtkStack   *stack;
  GtkLabel   *position_label;
  GtkLabel   *title_label;
  GtkLabel   *people_label;
  GtkLabel   *summary_label;
  GtkLabel   *shared_label;
  GtkBox     *zrm_box;
  GtkLabel   *advice_label;
  GtkWidget  *zrm_area;

  CtSession  *session;
  GArray     *case_ids;
  guint       index;
  gboolean    blanked;
};

G_DEFINE_FINAL_TYPE (CtProjectorWindow, ct_projector_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_BLANKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static char *
dup_advice (CtMeetingCase *mcase)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < mcase->advice->len; i++)
    {
      CtRecord *advice = g_ptr_array_index (mcase->advice, i);

      g_autofree char *date = ct_gui_format_date (ct_record_get (advice, "decided_on"));

      g_string_append_printf (out, "%s%s — %s", out->len > 0 ? "\n" : "",
                              date, ct_record_get (advice, "text"));
    }
  return g_string_free (out, FALSE);
}

static void
show_case (CtProjectorWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeetingCase) mcase = NULL;
  g_autofree char *position = NULL;
  g_autofree char *title = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *advice = NULL;
  g_autofree char *people = NULL;
  g_autofree char *summary = NULL;

  if (self->case_ids->len == 0)
    return;
  position = g_strdup_printf (_("Item %u of %u"), self->index + 1, self->case_ids->len);
  gtk_label_set_text (self->position_label, position);

  mcase = ct_meeting_case_load (self->session, g_array_index (self->case_ids, gint64, self->index),
                                TRUE, &error);
  if (mcase == NULL)
    {
      g_warning ("Cannot show the case: %s", error->message);
      return;
    }
  title = g_strdup_printf (_("Case %s"), ct_record_get (mcase->case_record, "number"));
  gtk_label_set_text (self->title_label, title);
  if (mcase->restricted)
    {
      /* Nothing of a household under restriction of processing, not even
       * the general part of the summary. */
      set_label (self->people_label, NULL);
      set_label (self->summary_label, NULL);
      set_label (self->shared_label, _("Processing of this household is restricted: nothing of "
                                       "it is shown at the table."));
      gtk_widget_set_visible (GTK_WIDGET (self->zrm_box), FALSE);
      set_label (self->advice_label, NULL);
      return;
    }
  g_ptr_array_add (mcase->people, NULL);
  people = g_strjoinv (" · ", (char **) mcase->people->pdata);
  set_label (self->people_label, people);
  /* The general part and the parts the household consented to share at
   * the table, of what this member may read (docs/categories.md). */
  summary = ct_case_dup_parts (mcase->case_record, "summary", mcase->shared);
  set_label (self->summary_label, summary);
  shared = ct_category_dup_display_names (mcase->shared);
  set_label (self->shared_label, *shared != '\0' ? shared : _("No categories are shared at the table."));
  ct_meeting_zrm_area_set_scores (self->zrm_area, mcase->zrm);
  gtk_widget_set_visible (GTK_WIDGET (self->zrm_box), gtk_widget_get_visible (self->zrm_area));
  advice = dup_advice (mcase);
  set_label (self->advice_label, *advice != '\0' ? advice : _("No earlier advice."));
}

static void
move (CtProjectorWindow *self,
      int                delta)
{
  int next = (int) self->index + delta;

  if (next >= 0 && next < (int) self->case_ids->len)
    ct_projector_window_set_index (self, next);
}

static void
next_cb (GtkWidget  *widget,
         const char *action,
         GVariant   *param)
{
  move (CT_PROJECTOR_WINDOW (widget), 1);
}

static void
previous_cb (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  move (CT_PROJECTOR_WINDOW (widget), -1);
}

static void
blank_cb (GtkWidget  *widget,
          const char *action,
          GVariant   *param)
{
  CtProjectorWindow *self = CT_PROJECTOR_WINDOW (widget);

  ct_projector_window_set_blanked (self, !self->blanked);
}

/* Escape leaves full screen, and closes a window that is not: on one
 * screen the projector must never trap the chair. */
static void
escape_cb (GtkWidget  *widget,
           const char *action,
           GVariant   *param)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_close (GTK_WINDOW (widget));
}

static void
ct_projector_window_finalize (GObject *object)
{
  CtProjectorWindow *self = CT_PROJECTOR_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->case_ids, g_array_unref);

  G_OBJECT_CLASS (ct_projector_window_parent_class)->finalize (object);
}

static void
ct_projector_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CtProjectorWindow *self = CT_PROJECTOR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_BLANKED:
      g_value_set_boolean (value, self->blanked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_projector_window_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CtProjectorWindow *self = CT_PROJECTOR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      ct_projector_window_set_index (self, g_value_get_uint (value));
      break;
    case PROP_BLANKED:
      ct_projector_window_set_blanked (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_projector_window_class_init (CtProjectorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ct_projector_window_finalize;
  object_class->get_property = ct_projector_window_get_property;
  object_class->set_property = ct_projector_window_set_property;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BLANKED] =
    g_param_spec_boolean ("blanked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/casustafel/Casustafel/ui/ct-projector-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CtProjectorWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CtProjectorWindow, position_label);
  gtk_widget_class_bind_template_child (widget_class, CtProjectorWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, CtProjectorWindow, people_label);
  gtk_widget_class_bind_template_child (widget_class, CtProjectorWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CtProjectorWindow, shared_label);
  gtk_widget_class_bind_template_child (widget_class, CtProjectorWindow, zrm_box);
  gtk_widget_class_bind_template_child (widget_class, CtProjectorWindow, advice_label);

  gtk_widget_class_install_action (widget_class, "projector.next", NULL, next_cb);
  gtk_widget_class_install_action (widget_class, "projector.previous", NULL, previous_cb);
  gtk_widget_class_install_action (widget_class, "projector.blank", NULL, blank_cb);
  gtk_widget_class_install_action (widget_class, "projector.escape", NULL, escape_cb);

}

/* In the capture phase: GtkWindow binds the arrow keys to moving the
 * focus, and the chair's clicker sends Page Up/Down or arrows. */
static void
add_keys (CtProjectorWindow *self)
{
  static const struct { const char *keys; const char *action; } keys[] = {
    { "Page_Down|Right|Down|space", "projector.next" },
    { "Page_Up|Left|Up|BackSpace", "projector.previous" },
    { "b|<Shift>b|period", "projector.blank" },
    { "Escape", "projector.escape" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].keys),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
ct_projector_window_init (CtProjectorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_keys (self);
  /* Nothing on the projector takes the focus: the chair types advice in
   * the other window, and works this one from there (see the run view). */
  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);

  self->case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->zrm_area = ct_meeting_zrm_area_new (48);
  gtk_box_append (self->zrm_box, self->zrm_area);
}

/**
 * ct_projector_window_new:
 * @case_ids: the cases of the agenda, in its order
 */
CtProjectorWindow *
ct_projector_window_new (CtSession    *session,
                         const gint64 *case_ids,
                         guint         n_cases)
{
  CtProjectorWindow *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_PROJECTOR_WINDOW, NULL);
  self->session = g_object_ref (session);
  g_array_append_vals (self->case_ids, case_ids, n_cases);
  show_case (self);
  return self;
}

void
ct_projector_window_set_index (CtProjectorWindow *self,
                               guint              index)
{
  g_return_if_fail (CT_IS_PROJECTOR_WINDOW (self));

  if (index >= self->case_ids->len || index == self->index)
    return;
  self->index = index;
  show_case (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

guint
ct_projector_window_get_index (CtProjectorWindow *self)
{
  g_return_val_if_fail (CT_IS_PROJECTOR_WINDOW (self), 0);

  return self->index;
}

gboolean
ct_projector_window_get_blanked (CtProjectorWindow *self)
{
  g_return_val_if_fail (CT_IS_PROJECTOR_WINDOW (self), FALSE);

  return self->blanked;
}

void
ct_projector_window_set_blanked (CtProjectorWindow *self,
                                 gboolean           blanked)
{
  g_return_if_fail (CT_IS_PROJECTOR_WINDOW (self));

  blanked = !!blanked;
  if (blanked == self->blanked)
    return;
  self->blanked = blanked;
  gtk_stack_set_visible_child_name (self->stack, blanked ? "blank" : "case");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLANKED]);
}
