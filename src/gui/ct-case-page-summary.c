/* ct-case-page-summary.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The case section of the case page: its number, a repeat referral, the
 * area, the case's general fields and the parts of the question, summary
 * and domains of each category this member reads; a part one may not
 * read is not even named (docs/categories.md). Closing a case asks for
 * its outcome and date. General text that names a category's facts gets
 * a warning under it, with a button per sentence to move it into its
 * category's part. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-page.h"
#include "ct-case-sections.h"
#include "ct-gui-labels.h"

struct _CtCaseSummarySection
{
  CtCaseSection parent_instance;
};

G_DEFINE_FINAL_TYPE (CtCaseSummarySection, ct_case_summary_section, CT_TYPE_CASE_SECTION)

static const char * const case_fields[] = {
  "status", "regisseur", "referral_date", "referred_by", "question", "summary", "domains", "outcome",
  "closed_on", NULL,
};

static CtFieldEditor *
find_editor (CtCaseSummarySection *self,
             const char           *field)
{
  return ct_case_section_find_editor (CT_CASE_SECTION (self), "cases", field);
}

/* Closing a case asks for its outcome and closing date; they show when
 * the status is Closed, or when they hold a value. */
static void
update_closing_rows (CtCaseSummarySection *self)
{
  CtFieldEditor *status = find_editor (self, "status");
  g_autofree char *value = status != NULL ? ct_field_editor_get_text (status) : NULL;
  gboolean closed = g_strcmp0 (value, "afgesloten") == 0;
  const char * const closing[] = { "outcome", "closed_on" };

  for (guint i = 0; i < G_N_ELEMENTS (closing); i++)
    {
      CtFieldEditor *editor = find_editor (self, closing[i]);
      g_autofree char *text = NULL;

      if (editor == NULL)
        continue;
      text = ct_field_editor_get_text (editor);
      gtk_widget_set_visible (editor->row, closed || text[0] != '\0');
    }
}

/* A case referred within twelve months of the household's previous one
 * is a repeat (docs/categories.md): said under the case number. */
static void
add_repeat_row (CtCaseSummarySection *self,
                const CtCaseContext  *context)
{
  /* Read in the worker (ct_session_get_repeat_of()). */
  CtRecord *previous = context->view->repeat_of;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (previous == NULL)
    return;
  date = ct_gui_format_date (ct_record_get (previous, "referral_date"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Repeat referral"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Translators: under "Repeat referral"; a case number, then its date */
  subtitle = g_strdup_printf (_("Within twelve months of the household’s case %s, referred on %s"),
                              ct_record_get (previous, "number") ?: "?", date);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("view-refresh-symbolic"));
  gtk_widget_set_name (row, "repeat-referral");
  ct_case_section_add_row (CT_CASE_SECTION (self), row);
}

static void warn_editor (CtCaseSummarySection *self,
                         CtFieldEditor        *editor,
                         const char           *text);

typedef struct
{
  CtCaseSummarySection *self;
  CtFieldEditor *from;
  CtFieldEditor *to;
  char          *sentence;     /* as it stands in the text, spaces after it included */
} MoveSentence;

static void
move_sentence_free (gpointer data,
                    GClosure *closure G_GNUC_UNUSED)
{
  MoveSentence *move = data;

  g_free (move->sentence);
  g_free (move);
}

/* Takes the sentence out of the general text and appends it to the
 * category's part, in the editors: the normal Save stores both. */
static void
move_sentence_cb (GtkButton    *button G_GNUC_UNUSED,
                  MoveSentence *move)
{
  CtCaseSummarySection *self = move->self;
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (self), CT_TYPE_CASE_PAGE);
  CtFieldEditor *from = move->from, *to = move->to;
  g_autofree char *sentence = g_strdup (move->sentence);
  g_autofree char *text = NULL;
  g_autofree char *part = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *before = NULL;
  const char *at;

  if (page != NULL)
    ct_case_page_set_editing (CT_CASE_PAGE (page), TRUE);
  text = ct_field_editor_get_text (from);
  at = text != NULL ? strstr (text, sentence) : NULL;
  if (at == NULL)
    {
      /* Changed since the warning: check what is there now. */
      warn_editor (self, from, text);
      return;
    }
  before = g_strndup (text, (gsize) (at - text));
  rest = g_strchomp (g_strconcat (before, at + strlen (sentence), NULL));
  part = ct_field_editor_get_text (to);
  g_strstrip (sentence);
  if (part == NULL || part[0] == '\0')
    moved = g_strdup (sentence);
  else
    moved = g_strconcat (part, g_ascii_isspace (part[strlen (part) - 1]) ? "" : " ",
                         sentence, NULL);
  ct_field_editor_set_text (from, rest);
  ct_field_editor_set_text (to, moved);
  /* The warning now describes what is left (this clears this button). */
  warn_editor (self, from, rest);
}

/* The editor of @category's part of @editor's text, if this member has
 * that part: one writes the categories one reads (docs/categories.md). */
static CtFieldEditor *
part_editor (CtCaseSummarySection *self,
             CtFieldEditor *editor,
             CtCategory     category)
{
  g_autofree char *name = NULL;
  CtFieldEditor *part;

  if (category == CT_CATEGORY_GENERAL || g_str_equal (editor->field->name, "referred_by"))
    return NULL;
  name = ct_case_part_field (editor->field->name, category);
  part = ct_case_section_find_editor (CT_CASE_SECTION (self), "cases", name);
  return part != NULL && !part->read_only ? part : NULL;
}

/* A button that moves the sentence of @m into its category's part of the
 * same text, if this member has that part: one writes the categories one
 * reads (docs/categories.md), and a part one may not read is not shown. */
static GtkWidget *
move_button_new (CtCaseSummarySection *self,
                 CtFieldEditor     *editor,
                 const char        *text,
                 const CtTermMatch *m)
{
  CtFieldEditor *to = part_editor (self, editor, m->category);
  g_autofree char *shown = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  MoveSentence *move;
  GtkWidget *button, *label;

  if (to == NULL)
    return NULL;

  move = g_new0 (MoveSentence, 1);
  move->self = self;
  move->from = editor;
  move->to = to;
  move->sentence = g_strndup (text + m->start, m->end - m->start);
  shown = g_strstrip (g_strdup (move->sentence));
  /* Translators: a button under a warning on the general question or
   * summary; the first %s is a sentence of it, the second a category */
  title = g_strdup_printf (_("Move “%s” to %s"), shown,
                           ct_category_get_display_name (m->category));

  label = gtk_label_new (title);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_set_tooltip_text (button, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  /* Named for the category, so a test can find it. */
  name = g_strdup_printf ("move-%s", ct_category_to_string (m->category));
  gtk_widget_set_name (button, name);
  g_signal_connect_data (button, "clicked", G_CALLBACK (move_sentence_cb), move,
                         move_sentence_free, 0);
  return button;
}

/* General text that names a category's facts is read by every member: a
 * warning under the field, not a refusal, with a button per sentence to
 * move it into its category's part (docs/categories.md). The referrer
 * ("Verslavingszorg Noord") is general text too, but has no parts. */
static void
warn_editor (CtCaseSummarySection *self,
             CtFieldEditor *editor,
             const char    *text)
{
  const char *name = editor->field->name;
  g_autoptr(GArray) matches = ct_category_terms_find (text);
  CtTermMatch *m;
  g_autofree char *sentence = NULL;
  g_autofree char *message = NULL;

  if (matches->len == 0)
    {
      ct_field_editor_set_error (editor, NULL);
      return;
    }
  m = &g_array_index (matches, CtTermMatch, 0);
  sentence = g_strstrip (g_strndup (text + m->start, m->end - m->start));
  if (g_str_equal (name, "referred_by"))
    /* Translators: a warning under "Referred by"; %s is a category, then the text */
    message = g_strdup_printf (_("Every member reads who referred the household, and this "
                                 "names %s facts: “%s” Name the referrer without them."),
                               ct_category_get_display_name (m->category), sentence);
  else if (part_editor (self, editor, m->category) != NULL)
    /* Translators: a warning under the general question or summary; the
     * first %s is a category, the second a sentence of the text */
    message = g_strdup_printf (_("Every member reads this text, and it names %s facts: “%s” "
                                 "Move that sentence into the part for %s."),
                               ct_category_get_display_name (m->category), sentence,
                               ct_category_get_display_name (m->category));
  else
    /* Translators: the same warning to a member whose role has no part for
     * the category; %s is a category, then a sentence of the text */
    message = g_strdup_printf (_("Every member reads this text, and it names %s facts: “%s” "
                                 "Your role has no part for them: take the sentence out."),
                               ct_category_get_display_name (m->category), sentence);
  ct_field_editor_set_error (editor, message);
  if (g_str_equal (name, "referred_by"))
    return;
  for (guint i = 0; i < matches->len; i++)
    {
      GtkWidget *button = move_button_new (self, editor, text,
                                           &g_array_index (matches, CtTermMatch, i));

      if (button != NULL)
        ct_field_editor_add_error_action (editor, button);
    }
}

static void
status_changed_cb (CtCaseSummarySection *self)
{
  const CtCaseContext *context = ct_case_section_get_context (CT_CASE_SECTION (self));
  CtFieldEditor *closed_on = find_editor (self, "closed_on");
  CtFieldEditor *status = find_editor (self, "status");
  g_autofree char *value = NULL;

  if (ct_case_section_is_filling (CT_CASE_SECTION (self)) || status == NULL || context == NULL)
    return;

  value = ct_field_editor_get_text (status);
  if (context->editing && closed_on != NULL && g_str_equal (value, "afgesloten")
      && gtk_editable_get_text (GTK_EDITABLE (closed_on->editable))[0] == '\0')
    {
      g_autofree char *today = ct_gui_today ();
      g_autofree char *text = ct_gui_field_to_text (closed_on->field, today);

      gtk_editable_set_text (GTK_EDITABLE (closed_on->editable), text);
    }
  update_closing_rows (self);
}

static CtFieldEditor *
add_field (CtCaseSummarySection *self,
           CtRecord             *record,
           const char           *name)
{
  CtFieldEditor *editor = ct_case_section_add_field (CT_CASE_SECTION (self), NULL, record, name);

  if (editor->member_ids == NULL && ADW_IS_COMBO_ROW (editor->row))
    g_signal_connect_object (editor->row, "notify::selected", G_CALLBACK (status_changed_cb),
                             self, G_CONNECT_SWAPPED);
  return editor;
}

static void
ct_case_summary_section_load (CtCaseSection       *section,
                              const CtCaseContext *context)
{
  CtCaseSummarySection *self = CT_CASE_SUMMARY_SECTION (section);
  CtRecord *case_record = context->view->case_record;

  add_field (self, case_record, "number")->read_only = TRUE;
  add_repeat_row (self, context);
  add_field (self, context->view->household, "area");
  for (guint i = 0; case_fields[i] != NULL; i++)
    {
      CtFieldEditor *editor = add_field (self, case_record, case_fields[i]);

      /* Only the case's director or a beheerder hands it over; the core
       * refuses it to anyone else (docs/security.md). */
      if (g_str_equal (case_fields[i], "regisseur"))
        editor->read_only = !ct_session_may_hand_over (context->session, case_record);
    }

  /* The parts of the categories this member may read, and only those
   * (docs/categories.md): a part one may not read is not even named. */
  for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
    {
      CtCategory c = ct_fact_categories[k];

      if (context->limited || !ct_session_can_read (context->session, c))
        continue;
      for (guint b = 0; b < 3; b++)
        {
          static const char * const bases[] = { "question", "summary", "domains" };
          g_autofree char *name = ct_case_part_field (bases[b], c);

          add_field (self, case_record, name);
        }
    }
}

static void
ct_case_summary_section_set_editing (CtCaseSection *section,
                                     gboolean       editing)
{
  update_closing_rows (CT_CASE_SUMMARY_SECTION (section));
}

static void
ct_case_summary_section_class_init (CtCaseSummarySectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CtCaseSectionClass *section_class = CT_CASE_SECTION_CLASS (klass);

  section_class->load = ct_case_summary_section_load;
  section_class->set_editing = ct_case_summary_section_set_editing;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-case-page-summary.ui");
}

static void
ct_case_summary_section_init (CtCaseSummarySection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ct_case_summary_section_warn:
 *
 * Warns under the question, summary and referrer when their stored text
 * names a category's facts, as after a save.
 */
void
ct_case_summary_section_warn (CtCaseSummarySection *self)
{
  const CtCaseContext *context = ct_case_section_get_context (CT_CASE_SECTION (self));
  GPtrArray *editors = ct_case_section_get_editors (CT_CASE_SECTION (self));

  g_return_if_fail (CT_IS_CASE_SUMMARY_SECTION (self));

  if (context == NULL)
    return;
  for (guint i = 0; i < editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (editors, i);
      const char *name = editor->field->name;

      if (editor->record != context->view->case_record
          || !(g_str_equal (name, "question") || g_str_equal (name, "summary")
               || g_str_equal (name, "referred_by")))
        continue;
      warn_editor (self, editor, ct_record_get (editor->record, name));
    }
}
