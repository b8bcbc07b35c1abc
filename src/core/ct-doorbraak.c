/* ct-doorbraak.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Doorbraken (City Deals): exceptions to a rule that blocked a household,
 * legitimised, recorded and shared as anonymised one-page examples so that
 * other municipalities can do the same. This file writes the example,
 * keeps the names marked as identifying no one, shares it and moves the
 * status on; before an example leaves the team file the checker in
 * ct-doorbraak-check.c looks for anything that could identify a person of
 * the team file, read through the session like any other identity data. */

#define G_LOG_DOMAIN "ct-doorbraak"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-doorbraak-private.h"
#include "ct-error.h"
#include "ct-money.h"
#include "ct-session-rules-private.h"

typedef struct
{
  const char *field;
  gsize       start;
} Section;

static const CtField *
status_field (void)
{
  return ct_table_get_field (ct_schema_get_table ("doorbraken"), "status");
}

/* 0 proposed, 1 approved, 2 carried out, 3 shared; -1 for anything else. */
static int
status_index (const char *status)
{
  return ct_field_enum_index (status_field (), status);
}

static void
name_fields (GPtrArray *findings,
             GArray    *sections)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CtFinding *finding = g_ptr_array_index (findings, i);

      for (guint s = 0; s < sections->len; s++)
        if (g_array_index (sections, Section, s).start <= finding->offset)
          finding->field = g_array_index (sections, Section, s).field;
    }
}

static void
set_findings_error (GPtrArray *findings,
                    GError   **error)
{
  /* No plural forms: the count is shown apart from the sentence. */
  g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
               _("The text still holds words that could identify a person (%u). Rewrite them "
                 "before sharing."), findings->len);
}

/* Rounds to a figure that tells the size, not the exact sum: whole hundreds
 * of euros, or tens below € 100. */
static char *
format_rounded (gint64 cents)
{
  gint64 step = cents >= 10000 ? 10000 : 1000;

  return ct_money_format ((cents + step / 2) / step * step, CT_MONEY_WHOLE);
}

static void
add_section (GString    *md,
             GArray     *sections,
             const char *field,
             const char *heading,
             const char *text)
{
  Section section = { field, md->len };

  if (text == NULL || *text == '\0')
    return;
  g_array_append_val (sections, section);
  g_string_append_printf (md, "## %s\n\n%s\n\n", heading, text);
}

static void
add_item (GString    *md,
          GArray     *sections,
          const char *field,
          const char *label,
          const char *value)
{
  Section section = { field, md->len };

  if (value == NULL || *value == '\0')
    return;
  g_array_append_val (sections, section);
  g_string_append_printf (md, "- %s: %s\n", label, value);
}

static gint64
days_between (const char *from,
              const char *to)
{
  GDate a, b;

  /* Either date may be missing: g_date_set_parse() takes no NULL. */
  if (from == NULL || to == NULL)
    return -1;
  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_parse (&a, from);
  g_date_set_parse (&b, to);
  if (!g_date_valid (&a) || !g_date_valid (&b))
    return -1;
  return g_date_days_between (&a, &b);
}

static void
add_title (GString   *md,
           GArray    *sections,
           CtRecord  *d)
{
  const char *field = ct_record_get (d, "blocked_rule") != NULL ? "blocked_rule" : "goal";
  const char *what = ct_record_get (d, field);
  Section section = { field, md->len };

  g_array_append_val (sections, section);
  if (what != NULL)
    g_string_append_printf (md, "# %s: %s\n\n", _("Breakthrough"), what);
  else
    g_string_append_printf (md, "# %s\n\n", _("Breakthrough"));
  section = (Section) { "status", md->len };
  g_array_append_val (sections, section);
  g_string_append_printf (md, "*%s*\n\n",
                          _("An anonymised example from a case team: it can be done."));
}

static void
add_blocked (GString  *md,
             GArray   *sections,
             CtRecord *d)
{
  Section section = { "blocked_rule", md->len };

  if (ct_record_get (d, "blocked_rule") == NULL && ct_record_get (d, "blocked_article") == NULL
      && ct_record_get (d, "blocked_owner") == NULL)
    return;
  g_array_append_val (sections, section);
  g_string_append_printf (md, "## %s\n\n", _("What blocked"));
  add_item (md, sections, "blocked_rule", _("Rule or routine"), ct_record_get (d, "blocked_rule"));
  add_item (md, sections, "blocked_article", _("Article"), ct_record_get (d, "blocked_article"));
  add_item (md, sections, "blocked_owner", _("Whose rule"), ct_record_get (d, "blocked_owner"));
  g_string_append_c (md, '\n');
}

static void
add_figures (GString    *md,
             GArray     *sections,
             CtRecord   *d,
             const char *referral_date)
{
  Section section = { "cost_before_cents", md->len };
  g_autofree char *before = NULL, *after = NULL, *budget = NULL, *days = NULL;
  const char *scope = ct_record_get (d, "scope");
  gint64 n_days = days_between (referral_date, ct_record_get (d, "reached_on"));

  g_array_append_val (sections, section);
  g_string_append_printf (md, "## %s\n\n", _("In figures"));
  if (ct_record_get (d, "cost_before_cents") != NULL)
    before = format_rounded (ct_record_get_int (d, "cost_before_cents"));
  if (ct_record_get (d, "cost_after_cents") != NULL)
    after = format_rounded (ct_record_get_int (d, "cost_after_cents"));
  if (ct_record_get (d, "budget_cents") != NULL)
    budget = format_rounded (ct_record_get_int (d, "budget_cents"));
  if (n_days >= 0)
    days = g_strdup_printf ("%d", (int) n_days);

  add_item (md, sections, "cost_before_cents", _("Cost before, rounded"), before);
  add_item (md, sections, "cost_after_cents", _("Cost after, rounded"), after);
  add_item (md, sections, "budget_cents", _("Budget used, rounded"), budget);
  add_item (md, sections, "reached_on", _("Days from referral to breakthrough"), days);
  add_item (md, sections, "scope", _("Individual or structural"),
            g_strcmp0 (scope, "structureel") == 0 ? _("structural")
            : scope != NULL ? _("individual") : NULL);
  g_string_append_c (md, '\n');
}

static char *
compose (CtRecord   *d,
         const char *referral_date,
         GArray     *sections)
{
  GString *md = g_string_new (NULL);

  add_title (md, sections, d);
  add_section (md, sections, "situation", _("Situation"), ct_record_get (d, "situation"));
  add_section (md, sections, "goal", _("What the household wanted"), ct_record_get (d, "goal"));
  add_blocked (md, sections, d);
  add_section (md, sections, "alternative", _("What was done instead"),
               ct_record_get (d, "alternative"));
  add_section (md, sections, "mandate", _("Mandate"), ct_record_get (d, "mandate"));
  add_section (md, sections, "legitimation", _("Legitimation"), ct_record_get (d, "legitimation"));
  add_section (md, sections, "result", _("Result"), ct_record_get (d, "result"));
  add_figures (md, sections, d, referral_date);
  add_section (md, sections, "lesson", _("Lesson for policy"), ct_record_get (d, "lesson"));
  return g_strchomp (g_string_free (md, FALSE));
}

static CtRecord *
get_shareable (CtSession *session,
               gint64     doorbraak_id,
               GError   **error)
{
  g_autoptr(CtRecord) d = ct_session_get (session, "doorbraken", doorbraak_id, error);

  /* Only who reads the breakthrough's category writes its example
   * (docs/categories.md). */
  if (d != NULL && ct_record_is_restricted (d, "situation"))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Your role may not see or change this record."));
      return NULL;
    }
  /* The same words as the core boundary's when the status is written. */
  if (d != NULL && status_index (ct_record_get (d, "status")) < 1)
    {
      ct_set_field_error (error, "doorbraken", "status", "%s: %s", _(status_field ()->label),
                          _("only an approved breakthrough can be shared."));
      return NULL;
    }
  return g_steal_pointer (&d);
}

/* Whether @word (as written in the text) is one of @words, case-insensitively. */
static gboolean
word_listed (const char         *word,
             gssize              length,
             const char * const *words)
{
  g_autofree char *folded = g_utf8_casefold (word, length);

  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_autofree char *listed = g_utf8_casefold (words[i], -1);

      if (g_str_equal (folded, listed))
        return TRUE;
    }
  return FALSE;
}

/**
 * ct_doorbraak_drop_not_identifying:
 * @text: the text @findings were found in
 * @findings: (element-type CtFinding): from ct_doorbraak_check_text()
 * @words: (array zero-terminated=1) (nullable): words marked as
 *   identifying no one
 *
 * Removes from @findings every name found that is one of @words. Only a
 * name can be marked: a BSN, a postcode, a phone number, an e-mail address
 * or a street of someone in the team file identifies that person whatever
 * the sentence around it.
 *
 * Returns: how many findings were removed
 */
guint
ct_doorbraak_drop_not_identifying (const char         *text,
                                   GPtrArray          *findings,
                                   const char * const *words)
{
  guint dropped = 0;

  g_return_val_if_fail (text != NULL && findings != NULL, 0);

  for (guint i = findings->len; i-- > 0;)
    {
      CtFinding *f = g_ptr_array_index (findings, i);

      if (f->kind == CT_FINDING_NAME && word_listed (text + f->offset, f->length, words))
        {
          g_ptr_array_remove_index (findings, i);
          dropped++;
        }
    }
  return dropped;
}

#define NOT_IDENTIFYING "not identifying; "

/**
 * ct_doorbraak_list_not_identifying:
 *
 * The words marked as not identifying for this breakthrough's example
 * (ct_doorbraak_mark_not_identifying()), each once, as they were marked.
 * A mark is its access-log entry; it only lifts a flag the member could
 * lift with a mark of their own, so reading it back trusts nothing more.
 *
 * Returns: (transfer full): the words; empty when none are marked
 */
GStrv
ct_doorbraak_list_not_identifying (CtSession  *session,
                                   gint64      doorbraak_id,
                                   GError    **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) marks = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  marks = _ct_session_doorbraak_marks (session, doorbraak_id, NOT_IDENTIFYING, error);
  if (marks == NULL)
    return NULL;
  for (guint i = 0; i < marks->len; i++)
    {
      const char *word = (const char *) marks->pdata[i] + strlen (NOT_IDENTIFYING);
      const char *end = strstr (word, "; ");
      g_autofree char *copy = g_strndup (word, end != NULL ? (gsize) (end - word) : strlen (word));

      if (copy[0] != '\0' && g_hash_table_add (seen, g_utf8_casefold (copy, -1)))
        g_strv_builder_add (builder, copy);
    }
  return g_strv_builder_end (builder);
}

/* Drops from @findings the names marked for the breakthrough. */
static gboolean
drop_marked (CtSession  *session,
             gint64      doorbraak_id,
             const char *text,
             GPtrArray  *findings,
             GError    **error)
{
  g_auto(GStrv) marked = ct_doorbraak_list_not_identifying (session, doorbraak_id, error);

  if (marked == NULL)
    return FALSE;
  ct_doorbraak_drop_not_identifying (text, findings, (const char * const *) marked);
  return TRUE;
}

/**
 * ct_doorbraak_check_example:
 * @text: the example as the member edited it
 * @findings: (out) (element-type CtFinding): as ct_doorbraak_check_text(),
 *   without the names marked as not identifying for this breakthrough
 *
 * Returns: %FALSE with @error when the check could not run
 */
gboolean
ct_doorbraak_check_example (CtSession   *session,
                            gint64       doorbraak_id,
                            const char  *text,
                            GPtrArray  **findings,
                            GError     **error)
{
  g_autoptr(CtRecord) d = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (text != NULL && findings != NULL, FALSE);

  *findings = NULL;
  if ((d = get_shareable (session, doorbraak_id, error)) == NULL
      || !ct_doorbraak_check_text (session, text, findings, error))
    return FALSE;
  if (!drop_marked (session, doorbraak_id, text, *findings, error))
    {
      g_clear_pointer (findings, g_ptr_array_unref);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64      doorbraak_id;
  const char *purpose;
} Mark;

static gboolean
mark_cb (CtSession *session,
         gpointer   data,
         GError   **error)
{
  Mark *mark = data;

  return _ct_audit_append (session, CT_AUDIT_UPDATE, "doorbraken", mark->doorbraak_id, 0,
                           mark->purpose, FALSE, error);
}

/**
 * ct_doorbraak_mark_not_identifying:
 * @text: (nullable): the example as the member edited it; %NULL for the
 *   example as written
 * @word: one name the checker flags in @text, as it stands there
 * @reason: why it identifies no one here, required
 *
 * Marks one flagged name of a breakthrough's example as identifying no
 * one ("meer" in "meer dan drie maanden"): from then on the checks of this
 * example (ct_doorbraak_share_markdown(), ct_doorbraak_check_example(),
 * ct_doorbraak_mark_shared()) no longer flag it; every other finding
 * stays. The mark is an access-log entry "not identifying; WORD; REASON"
 * on the breakthrough. Only a name the check flags now can be marked,
 * never a BSN, street, postcode, phone number or e-mail address, and only
 * by a member who may share the example.
 *
 * Returns: %FALSE with @error: %CT_ERROR_INVALID_FIELD naming "Word" or
 *   "Reason", or as ct_doorbraak_check_text()
 */
gboolean
ct_doorbraak_mark_not_identifying (CtSession   *session,
                                   gint64       doorbraak_id,
                                   const char  *text,
                                   const char  *word,
                                   const char  *reason,
                                   GError     **error)
{
  g_autoptr(CtRecord) d = NULL;
  g_autoptr(CtRecord) c = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GArray) sections = g_array_new (FALSE, FALSE, sizeof (Section));
  g_autofree char *md = NULL;
  g_autofree char *why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autofree char *what = g_strstrip (g_strdup (word != NULL ? word : ""));
  g_autofree char *purpose = NULL;
  const char *words[] = { what, NULL };
  gboolean flagged = FALSE;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if (what[0] == '\0' || !g_utf8_validate (what, -1, NULL) || strpbrk (what, ";\n\r") != NULL)
    {
      ct_set_field_error (error, "doorbraken", "not_identifying_word", "%s: %s", _("Word"),
                          _("give one name the check flagged, as it stands in the example."));
      return FALSE;
    }
  if (why[0] == '\0')
    {
      ct_set_field_error (error, "doorbraken", "not_identifying_reason", "%s: %s", _("Reason"),
                          _("write down why this word identifies no one; the access log "
                            "keeps it."));
      return FALSE;
    }
  if ((d = get_shareable (session, doorbraak_id, error)) == NULL)
    return FALSE;
  if (text == NULL)
    {
      if ((c = ct_session_get (session, "cases", ct_record_get_int (d, "case_id"), error)) == NULL)
        return FALSE;
      md = compose (d, ct_record_get (c, "referral_date"), sections);
      text = md;
    }
  if (!ct_doorbraak_check_text (session, text, &findings, error))
    return FALSE;
  for (guint i = 0; i < findings->len; i++)
    {
      CtFinding *f = g_ptr_array_index (findings, i);

      if (word_listed (text + f->offset, f->length, words))
        {
          if (f->kind != CT_FINDING_NAME)
            {
              ct_set_field_error (error, "doorbraken", "not_identifying_word", "%s: %s", _("Word"),
                                  _("only a name can be marked; a BSN, street, postcode, "
                                    "phone number or e-mail address of someone in the team "
                                    "file always identifies them."));
              return FALSE;
            }
          flagged = TRUE;
        }
    }
  if (!flagged)
    {
      ct_set_field_error (error, "doorbraken", "not_identifying_word", "%s: %s", _("Word"),
                          _("the check does not flag this word as a name in the example."));
      return FALSE;
    }

  purpose = g_strconcat (NOT_IDENTIFYING, what, "; ", why, NULL);
  return ct_session_run_in_transaction (session, mark_cb, &(Mark) { doorbraak_id, purpose },
                                        error);
}

/**
 * ct_doorbraak_share_markdown:
 * @markdown: (out) (optional): the one-page example, also when it is not
 *   clean, so that the findings can be shown in it
 * @findings: (out) (element-type CtFinding): byte ranges of @markdown
 *
 * Writes the anonymised example of an approved (or later) breakthrough and
 * checks it for anything that identifies a person of the team file.
 *
 * Returns: %TRUE when the example is clean; %FALSE with @error otherwise:
 *   %CT_ERROR_RESTRICTED with @findings set when words must be rewritten,
 *   or because the member may not read identity data (@findings %NULL)
 */
gboolean
ct_doorbraak_share_markdown (CtSession   *session,
                             gint64       doorbraak_id,
                             char       **markdown,
                             GPtrArray  **findings,
                             GError     **error)
{
  g_autoptr(CtRecord) d = NULL;
  g_autoptr(CtRecord) c = NULL;
  g_autoptr(GArray) sections = g_array_new (FALSE, FALSE, sizeof (Section));
  g_autofree char *md = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (findings != NULL, FALSE);

  *findings = NULL;
  if (markdown != NULL)
    *markdown = NULL;

  if ((d = get_shareable (session, doorbraak_id, error)) == NULL
      || (c = ct_session_get (session, "cases", ct_record_get_int (d, "case_id"), error)) == NULL)
    return FALSE;

  md = compose (d, ct_record_get (c, "referral_date"), sections);
  if (!ct_doorbraak_check_text (session, md, findings, error))
    return FALSE;
  if (!drop_marked (session, doorbraak_id, md, *findings, error))
    {
      g_clear_pointer (findings, g_ptr_array_unref);
      return FALSE;
    }
  name_fields (*findings, sections);
  if (markdown != NULL)
    *markdown = g_steal_pointer (&md);
  if ((*findings)->len > 0)
    {
      set_findings_error (*findings, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
mark_shared (CtSession *session,
             gpointer   data,
             GError   **error)
{
  return _ct_doorbraak_mark_shared_unchecked (session, data, error);
}

/* The one write that sets "gedeeld" (_ct_session_share_doorbraak()); the
 * core boundary refuses that status on any other path and checks every
 * other rule as usual (approved before shared). The caller has checked
 * the text, or knows it holds no person (the demo's invented examples). */
gboolean
_ct_doorbraak_mark_shared_unchecked (CtSession *session,
                                     CtRecord  *doorbraak,
                                     GError   **error)
{
  gint64 id = ct_record_get_id (doorbraak);

  if (g_strcmp0 (ct_record_get (doorbraak, "status"), "gedeeld") != 0)
    {
      ct_record_set (doorbraak, "status", "gedeeld");
      if (!_ct_session_share_doorbraak (session, doorbraak, error))
        return FALSE;
    }
  return _ct_audit_append (session, CT_AUDIT_EXPORT, "doorbraken", id, 0, "shared example",
                           FALSE, error);
}

/**
 * ct_doorbraak_mark_shared:
 * @text: (nullable): the text that leaves the team file, as the member
 *   edited it; %NULL for the example as written
 *
 * Checks @text once more and, when it is clean, sets the status to
 * "gedeeld" and logs the export.
 */
gboolean
ct_doorbraak_mark_shared (CtSession  *session,
                          gint64      doorbraak_id,
                          const char *text,
                          GError    **error)
{
  g_autoptr(CtRecord) d = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *md = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if ((d = get_shareable (session, doorbraak_id, error)) == NULL)
    return FALSE;
  if (text == NULL)
    {
      if (!ct_doorbraak_share_markdown (session, doorbraak_id, &md, &findings, error))
        return FALSE;
    }
  else if (!ct_doorbraak_check_example (session, doorbraak_id, text, &findings, error))
    return FALSE;
  else if (findings->len > 0)
    {
      set_findings_error (findings, error);
      return FALSE;
    }

  return ct_session_run_in_transaction (session, mark_shared, d, error);
}

/**
 * ct_doorbraak_next_status:
 *
 * Returns: (nullable): the status after @status, %NULL after "gedeeld"
 */
const char *
ct_doorbraak_next_status (const char *status)
{
  int i = status_index (status);

  return i >= 0 ? status_field ()->values[i + 1] : NULL;
}

/**
 * ct_doorbraak_can_advance:
 * @status: the breakthrough's status now
 *
 * Whether this session's member may take the next step from @status:
 * approving is for the voorzitter or a beheerder (the core refuses anyone
 * else, ct_doorbraak_set_status()); carrying out is for anyone who may
 * edit the record. Sharing goes through ct_doorbraak_mark_shared().
 */
gboolean
ct_doorbraak_can_advance (CtSession  *session,
                          const char *status)
{
  const char *next = ct_doorbraak_next_status (status);

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if (next == NULL || g_str_equal (next, "gedeeld"))
    return FALSE;
  return !g_str_equal (next, "goedgekeurd") || _ct_session_is_approver (session);
}

typedef struct
{
  CtRecord   *doorbraak;
  const char *purpose;
} Withdrawal;

static gboolean
withdraw_cb (CtSession *session,
             gpointer   data,
             GError   **error)
{
  Withdrawal *w = data;

  return ct_session_update (session, w->doorbraak, error)
         && _ct_audit_append (session, CT_AUDIT_UPDATE, "doorbraken",
                              ct_record_get_id (w->doorbraak), 0, w->purpose, FALSE, error);
}

/**
 * ct_doorbraak_withdraw_approval:
 * @reason: why, required; written to the access log
 *
 * Takes an approval back later, as the voorzitter or a beheerder: the
 * breakthrough is proposed again, before it is carried out or shared (the
 * core boundary's rule, as for any write). The update and the reason are
 * logged in one transaction.
 */
gboolean
ct_doorbraak_withdraw_approval (CtSession  *session,
                                gint64      doorbraak_id,
                                const char *reason,
                                GError    **error)
{
  g_autoptr(CtRecord) d = NULL;
  g_autofree char *why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autofree char *purpose = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if (why[0] == '\0')
    {
      ct_set_field_error (error, "doorbraken", "withdraw_reason", "%s: %s", _("Reason"),
                          _("write down why the approval is withdrawn; the access log keeps it."));
      return FALSE;
    }
  if ((d = ct_session_get (session, "doorbraken", doorbraak_id, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (ct_record_get (d, "status"), "goedgekeurd") != 0)
    {
      ct_set_field_error (error, "doorbraken", "status", "%s: %s", _(status_field ()->label),
                          _("only an approved breakthrough that is not yet carried out or shared "
                            "can have its approval withdrawn."));
      return FALSE;
    }

  ct_record_set (d, "status", "voorgesteld");
  purpose = g_strconcat ("withdraw approval; ", why, NULL);
  return ct_session_run_in_transaction (session, withdraw_cb, &(Withdrawal) { d, purpose },
                                        error);
}

/**
 * ct_doorbraak_set_status:
 * @status: the next status after the current one; "gedeeld" only through
 *   ct_doorbraak_mark_shared(); or "voorgesteld" after "goedgekeurd", which
 *   takes the approval back (the voorzitter or a beheerder only)
 *
 * Moves a breakthrough one step: voorgesteld → goedgekeurd → uitgevoerd.
 * The rules are the core boundary's, as for any write of the record
 * (ct_session_update()): one step forward at a time; approving needs the
 * voorzitter or a beheerder, as themselves, and a legitimation. Their
 * errors name the field: %CT_ERROR_INVALID_FIELD for a step or a value that
 * is not allowed, %CT_ERROR_RESTRICTED for a member who may not take it.
 * The status it has already is nothing to do.
 */
gboolean
ct_doorbraak_set_status (CtSession  *session,
                         gint64      doorbraak_id,
                         const char *status,
                         GError    **error)
{
  g_autoptr(CtRecord) d = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  if ((d = ct_session_get (session, "doorbraken", doorbraak_id, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (ct_record_get (d, "status"), status) == 0)
    return TRUE;

  ct_record_set (d, "status", status);
  return ct_session_update (session, d, error);
}
