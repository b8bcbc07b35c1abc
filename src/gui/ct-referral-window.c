/* ct-referral-window.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The referral (aanmelding) assistant: the household's area, its first
 * person, the referral itself, a review, and then one transaction that
 * stores the household, the person and the case or nothing at all. Each
 * step is checked with the core's rules before the next one shows. The
 * review offers a household that already holds the person, so that one
 * household keeps one plan (docs/categories.md). */

#define G_LOG_DOMAIN "ct-referral-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ct-application.h"
#include "ct-clock.h"
#include "ct-core.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-referral-window-private.h"
#include "ct-saving.h"

G_DEFINE_FINAL_TYPE (CtReferralWindow, ct_referral_window, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const steps[] = { "household", "person", "case", "review" };

typedef struct
{
  const char *table;
  const char *field;
  guint step;
  int group;  /* 0 household, 1 person, 2 address, 3 case */
} FieldPlace;

static const FieldPlace places[] = {
  { "households", "area", 0, 0 },
  { "persons", "first_name", 1, 1 },
  { "persons", "last_name", 1, 1 },
  { "persons", "bsn", 1, 1 },
  { "persons", "birth_date", 1, 1 },
  { "persons", "sex", 1, 1 },
  { "persons", "street", 1, 2 },
  { "persons", "house_number", 1, 2 },
  { "persons", "postcode", 1, 2 },
  { "persons", "city", 1, 2 },
  { "persons", "phone", 1, 2 },
  { "persons", "email", 1, 2 },
  { "cases", "referral_date", 2, 3 },
  { "cases", "referred_by", 2, 3 },
  { "cases", "question", 2, 3 },
};

static const FieldPlace *
place_of (CtReferralWindow *self,
          guint             index)
{
  return &places[index];
}

/* Typing starts in the step's first field, never on a button that ends
 * the assistant; the review's first control is its button. */
static void
focus_step (CtReferralWindow *self,
            guint             step)
{
  for (guint i = 0; i < self->editors->len; i++)
    if (place_of (self, i)->step == step)
      {
        gtk_window_set_focus (GTK_WINDOW (self),
                              ct_field_editor_get_focus (g_ptr_array_index (self->editors, i)));
        return;
      }
  gtk_window_set_focus (GTK_WINDOW (self), self->create_button);
}

static void
show_step (CtReferralWindow *self,
           guint             step)
{
  g_autofree char *subtitle = g_strdup_printf (_("Step %u of %u"), step + 1,
                                               (guint) G_N_ELEMENTS (steps));

  self->step = step;
  gtk_stack_set_visible_child_name (self->stack, steps[step]);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (self->back_button, step > 0);
  gtk_widget_set_visible (self->next_button, step + 1 < G_N_ELEMENTS (steps));
  gtk_widget_set_visible (self->create_button, step + 1 == G_N_ELEMENTS (steps));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "referral.back", step > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "referral.next",
                                 step + 1 < G_N_ELEMENTS (steps));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "referral.create",
                                 step + 1 == G_N_ELEMENTS (steps) && self->matching == NULL);
  focus_step (self, step);
}

/* Checks the fields of @step; shows each error under its row. */
static gboolean
check_step (CtReferralWindow *self,
            guint             step)
{
  CtFieldEditor *first = NULL;

  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *text = NULL;
      g_autofree char *value = NULL;
      g_autoptr(GError) error = NULL;

      if (place_of (self, i)->step != step)
        continue;

      text = ct_field_editor_get_text (editor);
      value = ct_gui_field_from_text (editor->field, text, &error);
      ct_field_editor_set_error (editor, error != NULL ? error->message : NULL);
      if (error != NULL && first == NULL)
        first = editor;
    }

  if (first != NULL)
    gtk_widget_grab_focus (ct_field_editor_get_focus (first));
  return first == NULL;
}

static void
add_review_row (CtReferralWindow *self,
                const char       *title,
                const char       *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value[0] ? value : _("Not given"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_preferences_group_add (self->review_group, row);
  g_ptr_array_add (self->review_rows, row);
}

static void
fill_review (CtReferralWindow *self)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *text = ct_field_editor_get_text (editor);
      g_autofree char *value = ct_gui_field_from_text (editor->field, text, NULL);
      g_autofree char *shown = ct_gui_format_field (editor->field, value != NULL && value[0] ? value : NULL);

      add_review_row (self, _(editor->field->label), shown);
    }
}

static void
clear_review (CtReferralWindow *self)
{
  for (guint i = 0; i < self->review_rows->len; i++)
    adw_preferences_group_remove (self->review_group, g_ptr_array_index (self->review_rows, i));
  g_ptr_array_set_size (self->review_rows, 0);
  g_ptr_array_set_size (self->match_checks, 0);
  g_ptr_array_set_size (self->matches, 0);
  self->new_check = NULL;
}

static GtkWidget *
add_choice_row (CtReferralWindow *self,
                const char       *title,
                const char       *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  if (self->new_check != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (self->new_check));
  adw_preferences_group_add (self->review_group, row);
  g_ptr_array_add (self->review_rows, row);
  return check;
}

static char *
reasons_text (CtMatchReason reasons)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (reasons & CT_MATCH_BSN)
    g_ptr_array_add (parts, (gpointer) _("same BSN"));
  if (reasons & CT_MATCH_BIRTH_NAME)
    g_ptr_array_add (parts, (gpointer) _("same date of birth and surname"));
  if (reasons & CT_MATCH_ADDRESS)
    g_ptr_array_add (parts, (gpointer) _("same address"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

/* The households this member may read that already hold the person: one
 * to choose, or a new household (the default). */
static void
show_matches (CtReferralWindow *self,
              GPtrArray        *found)
{
  if (found->len == 0)
    return;

  self->new_check = add_choice_row (self, _("Make a new household"), NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->new_check), TRUE);
  for (guint i = 0; i < found->len; i++)
    {
      CtHouseholdMatch *match = g_ptr_array_index (found, i);
      g_autofree char *reasons = reasons_text (match->reasons);
      g_autofree char *date = match->last_referral != NULL
                              ? ct_gui_format_date (match->last_referral) : NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *check;

      /* A household under restriction of processing is found without its
       * number (docs/retention.md). */
      if (match->last_number == NULL)
        title = g_strdup (_("A household under restriction of processing holds this person: "
                            "ask its regisseur"));
      else
        /* Translators: a choice on the referral's review; %s is a case number */
        title = g_strdup_printf (_("Add this case to the household of case %s"),
                                 match->last_number);
      /* Translators: under that choice: why it matched, then the date of
       * the household's latest case */
      if (match->last_number == NULL)
        /* Translators: under that choice: why it matched */
        subtitle = g_strdup_printf (_("Found by %s."), reasons);
      else
        subtitle = g_strdup_printf (_("Found by %s; its latest case was referred on %s."),
                                    reasons, date != NULL ? date : "?");
      check = add_choice_row (self, title, subtitle);
      g_ptr_array_add (self->match_checks, check);
    }
  g_ptr_array_extend (self->matches, found, NULL, NULL);
  g_ptr_array_set_free_func (found, NULL);
}

/* The person the search is for, and the window that asked, which is not
 * followed once the search is cancelled. */
typedef struct
{
  CtReferralWindow *self;
  CtRecord         *person;
} MatchRead;

/* In a worker, with a reader of the session: the search decrypts the
 * identity of every person the member may read (ct-match.c). */
static gpointer
find_households_cb (CtSession     *reader,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return ct_session_find_households (reader, ((MatchRead *) data)->person, error);
}

static void
households_found_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  MatchRead *read = user_data;
  CtReferralWindow *self = read->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = ct_session_read_finish (CT_SESSION (source), result, &error);

  ct_record_unref (read->person);
  g_free (read);
  /* Cancelled: the review was asked for again, or the window went. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->matching);
  clear_review (self);
  if (found == NULL)
    g_warning ("Looking for the household failed: %s", error->message);
  else
    show_matches (self, found);
  fill_review (self);
  if (self->step + 1 == G_N_ELEMENTS (steps))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "referral.create", TRUE);
      gtk_window_set_focus (GTK_WINDOW (self), self->create_button);
    }
}

static void
cancel_matching (CtReferralWindow *self)
{
  if (self->matching != NULL)
    g_cancellable_cancel (self->matching);
  g_clear_object (&self->matching);
}

/* Looks for the households in a worker; until they are there the review
 * says so, and the case cannot be created: the choice may change where
 * it goes. */
static void
start_matching (CtReferralWindow *self)
{
  MatchRead *read = g_new0 (MatchRead, 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  cancel_matching (self);
  read->self = self;
  read->person = ct_record_new ("persons");
  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *text = NULL;
      g_autofree char *value = NULL;

      if (!g_str_equal (place_of (self, i)->table, "persons"))
        continue;
      text = ct_field_editor_get_text (editor);
      value = ct_gui_field_from_text (editor->field, text, NULL);
      if (value != NULL && value[0] != '\0')
        ct_record_set (read->person, editor->field->name, value);
    }

  gtk_spinner_start (GTK_SPINNER (spinner));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 _("Looking for a household that holds this person…"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
  adw_preferences_group_add (self->review_group, row);
  g_ptr_array_add (self->review_rows, row);

  self->matching = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "referral.create", FALSE);
  ct_session_read_async (self->session, find_households_cb, read, (GDestroyNotify) g_ptr_array_unref,
                         self->matching, households_found_cb, read);
}

/* The household chosen on the review, or NULL for a new one. */
static CtHouseholdMatch *
chosen_match (CtReferralWindow *self)
{
  for (guint i = 0; i < self->match_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->match_checks, i)))
      return g_ptr_array_index (self->matches, i);
  return NULL;
}

/* Creating */

typedef struct
{
  CtRecord     *household;
  CtRecord     *person;
  CtRecord     *case_record;
  gint64        existing;  /* the household chosen to add to, or 0 for a new one */
  CtMatchReason reasons;   /* why it was offered */
} Referral;

static void
referral_free (Referral *referral)
{
  ct_record_unref (referral->household);
  ct_record_unref (referral->person);
  ct_record_unref (referral->case_record);
  g_free (referral);
}

static gboolean
insert_referral (CtSession *session,
                 gpointer   user_data,
                 GError   **error)
{
  Referral *referral = user_data;
  g_autofree char *number = NULL;
  gint64 household_id;

  if (referral->existing > 0)
    {
      /* The household is there: its area stays; the person is there too
       * when found by BSN or by date of birth and surname, and is added
       * as a new member when found only by the address. */
      household_id = referral->existing;
      ct_record_set_int (referral->person, "household_id", household_id);
      if (!(referral->reasons & (CT_MATCH_BSN | CT_MATCH_BIRTH_NAME))
          && ct_session_insert (session, referral->person, error) == 0)
        return FALSE;
    }
  else
    {
      household_id = ct_session_insert (session, referral->household, error);
      if (household_id == 0)
        return FALSE;
      ct_record_set_int (referral->person, "household_id", household_id);
      ct_record_set (referral->person, "relation", "hoofd");
      if (ct_session_insert (session, referral->person, error) == 0)
        return FALSE;
    }
  if ((number = ct_session_next_case_number (session, error)) == NULL)
    return FALSE;

  ct_record_set_int (referral->case_record, "household_id", household_id);
  ct_record_set (referral->case_record, "number", number);
  ct_record_set (referral->case_record, "status", "aangemeld");
  return ct_session_insert (session, referral->case_record, error) != 0;
}

static CtRecord *
record_for (Referral   *referral,
            const char *table)
{
  if (g_str_equal (table, "households"))
    return referral->household;
  if (g_str_equal (table, "persons"))
    return referral->person;
  return referral->case_record;
}

/* A core error names its field (ct_error_get_field()): show it there. */
static void
show_create_error (CtReferralWindow *self,
                   GError           *error)
{
  const char *table = ct_error_get_table (error);
  const char *field = ct_error_get_field (error);

  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);

      if (g_error_matches (error, CT_ERROR, CT_ERROR_INVALID_FIELD)
          && g_strcmp0 (place_of (self, i)->table, table) == 0
          && g_strcmp0 (place_of (self, i)->field, field) == 0)
        {
          show_step (self, place_of (self, i)->step);
          ct_field_editor_set_error (editor, error->message);
          gtk_widget_grab_focus (ct_field_editor_get_focus (editor));
          return;
        }
    }

  gtk_label_set_text (self->create_error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), TRUE);
}

/* Back from the session's write queue: the case is there, or the
 * assistant says why not, where it always did. */
static void
created_cb (gpointer      owner,
            CtSession    *session,
            GAsyncResult *result)
{
  CtReferralWindow *self = owner;
  g_autoptr(GError) error = NULL;
  Referral *referral = ct_session_write_get_data (result);
  gboolean ok = ct_session_write_finish (session, result, &error);

  /* Locked meanwhile: the window went without a word. */
  if (self == NULL)
    return;
  self->creating = FALSE;
  if (self->session == NULL)
    return;
  show_step (self, self->step);
  if (!ok)
    {
      show_create_error (self, error);
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, ct_record_get_id (referral->case_record));
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The household, the person and the case in one transaction, through the
 * session's write queue: "Saving…" on the button until it is done, the
 * window going on meanwhile (ct-saving.c). */
static void
create_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  CtReferralWindow *self = CT_REFERRAL_WINDOW (widget);
  CtHouseholdMatch *existing = chosen_match (self);
  Referral *referral;

  if (self->creating)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), FALSE);
  for (guint step = 0; step < G_N_ELEMENTS (steps) - 1; step++)
    if (!check_step (self, step))
      {
        show_step (self, step);
        return;
      }

  referral = g_new0 (Referral, 1);
  referral->household = ct_record_new ("households");
  referral->person = ct_record_new ("persons");
  referral->case_record = ct_record_new ("cases");
  if (existing != NULL)
    {
      referral->existing = existing->household_id;
      referral->reasons = existing->reasons;
    }
  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *text = ct_field_editor_get_text (editor);
      g_autofree char *value = ct_gui_field_from_text (editor->field, text, NULL);

      if (value != NULL && value[0] != '\0')
        ct_record_set (record_for (referral, place_of (self, i)->table), editor->field->name,
                       value);
    }

  self->creating = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "referral.create", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "referral.back", FALSE);
  ct_saving_write (self, self->session, insert_referral, referral,
                   (GDestroyNotify) referral_free, self->create_button, NULL, created_cb);
}

static void
next_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  CtReferralWindow *self = CT_REFERRAL_WINDOW (widget);

  if (!check_step (self, self->step))
    return;

  if (self->step + 1 == G_N_ELEMENTS (steps) - 1)
    {
      clear_review (self);
      start_matching (self);
      fill_review (self);
    }
  show_step (self, self->step + 1);
}

static void
back_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  CtReferralWindow *self = CT_REFERRAL_WINDOW (widget);

  if (self->step > 0)
    show_step (self, self->step - 1);
}

/* Enter in a one-line field goes on to the next step. */
static void
entry_activated_cb (CtReferralWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), self->step + 1 < G_N_ELEMENTS (steps)
                                                   ? "referral.next" : "referral.create", NULL);
}

static void
add_editors (CtReferralWindow *self)
{
  AdwPreferencesGroup *groups[] = {
    self->household_group, self->person_group, self->address_group, self->case_group,
  };
  g_autofree char *today = ct_gui_today ();

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      const CtField *field = ct_table_get_field (ct_schema_get_table (places[i].table),
                                                 places[i].field);
      CtFieldEditor *editor = ct_field_editor_new (field, NULL);

      ct_field_editor_set_editing (editor, TRUE);
      if (g_str_equal (places[i].field, "referral_date"))
        ct_field_editor_show_value (editor, today, TRUE);
      if (ADW_IS_ENTRY_ROW (editor->row))
        g_signal_connect_swapped (editor->row, "entry-activated",
                                  G_CALLBACK (entry_activated_cb), self);
      adw_preferences_group_add (groups[places[i].group], editor->row);
      adw_preferences_group_add (groups[places[i].group], editor->error_row);
      /* What the field held before anything was typed. */
      g_free (editor->initial);
      editor->initial = ct_field_editor_get_text (editor);
      g_ptr_array_add (self->editors, editor);
    }
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CtReferralWindow *self)
{
  if (!g_str_equal (response, "discard"))
    return;
  /* The question closes itself after this; it must not outlive the
   * window it points to. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  self->discard_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
help_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ct_application_show_help (GTK_WINDOW (widget), "referral");
}

/* Escape and Cancel close the assistant; what was typed goes only after
 * a question. Creating the case and locking destroy it without one. */
static gboolean
ct_referral_window_close_request (GtkWindow *window)
{
  CtReferralWindow *self = CT_REFERRAL_WINDOW (window);
  GtkWidget *dialog;

  /* Being stored: it closes itself once it is. */
  if (self->creating)
    return TRUE;
  if (self->discard_confirmed || !ct_referral_window_get_unsaved (self))
    return GTK_WINDOW_CLASS (ct_referral_window_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (window, _("Discard This Referral?"),
                                   _("What you typed has not been stored. A discarded referral "
                                     "cannot be recovered."));
  ct_gui_add_destructive_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
ct_referral_window_dispose (GObject *object)
{
  CtReferralWindow *self = CT_REFERRAL_WINDOW (object);

  cancel_matching (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ct_referral_window_parent_class)->dispose (object);
}

static void
ct_referral_window_finalize (GObject *object)
{
  CtReferralWindow *self = CT_REFERRAL_WINDOW (object);

  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_pointer (&self->review_rows, g_ptr_array_unref);
  g_clear_pointer (&self->match_checks, g_ptr_array_unref);
  g_clear_pointer (&self->matches, g_ptr_array_unref);

  G_OBJECT_CLASS (ct_referral_window_parent_class)->finalize (object);
}

static void
ct_referral_window_class_init (CtReferralWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_referral_window_dispose;
  object_class->finalize = ct_referral_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = ct_referral_window_close_request;

  /**
   * CtReferralWindow::created:
   * @case_id: the new case
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-referral-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, household_group);
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, person_group);
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, address_group);
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, case_group);
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, review_group);
  gtk_widget_class_bind_template_child (widget_class, CtReferralWindow, create_error_label);

  gtk_widget_class_install_action (widget_class, "referral.help", NULL, help_action);
  gtk_widget_class_install_action (widget_class, "referral.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "referral.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "referral.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ct_referral_window_init (CtReferralWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_field_editor_free);
  self->review_rows = g_ptr_array_new ();
  self->match_checks = g_ptr_array_new ();
  self->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_household_match_free);
  add_editors (self);
  show_step (self, 0);
}

CtReferralWindow *
ct_referral_window_new (GtkWindow *parent,
                        CtSession *session)
{
  CtReferralWindow *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_REFERRAL_WINDOW, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  return self;
}

/**
 * ct_referral_window_get_unsaved:
 * @self: a #CtReferralWindow
 *
 * Returns: whether any field differs from what it held when the assistant
 *   opened
 */
gboolean
ct_referral_window_get_unsaved (CtReferralWindow *self)
{
  g_return_val_if_fail (CT_IS_REFERRAL_WINDOW (self), FALSE);

  for (guint i = 0; i < self->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *text = ct_field_editor_get_text (editor);

      if (g_strcmp0 (text, editor->initial) != 0)
        return TRUE;
    }
  return FALSE;
}

CtFieldEditor *
_ct_referral_window_get_editor (CtReferralWindow *self,
                                const char       *table,
                                const char       *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    if (g_str_equal (places[i].table, table) && g_str_equal (places[i].field, field))
      return g_ptr_array_index (self->editors, i);
  return NULL;
}

const char *
_ct_referral_window_get_step (CtReferralWindow *self)
{
  return steps[self->step];
}

guint
_ct_referral_window_get_n_matches (CtReferralWindow *self)
{
  return self->matches->len;
}

void
_ct_referral_window_choose_match (CtReferralWindow *self,
                                  guint             index)
{
  g_assert (index < self->match_checks->len);
  gtk_check_button_set_active (g_ptr_array_index (self->match_checks, index), TRUE);
}
