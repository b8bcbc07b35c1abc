/* ct-session.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ct-roles.h"

G_BEGIN_DECLS

#define CT_TYPE_SESSION (ct_session_get_type ())

G_DECLARE_FINAL_TYPE (CtSession, ct_session, CT, SESSION, GObject)

/**
 * CtMemberInfo:
 *
 * A team member as the member list shows it. Never holds a secret.
 */
typedef struct
{
  char     *login;
  char     *display_name;
  CtRole    role;
  gboolean  is_admin;
  gboolean  enrolled;  /* FALSE while the enrolment code has not been used */
  gint64    id;        /* what member fields of records (regisseur, ...) hold */
} CtMemberInfo;

void ct_member_info_free (CtMemberInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtMemberInfo, ct_member_info_free)

/* Unlocking: Argon2id runs once, in the caller's thread for the blocking
 * variant and in a GTask thread for the async one. */
CtSession    *ct_session_unlock                (const char    *path,
                                                const char    *login,
                                                const char    *passphrase,
                                                GError       **error);
void          ct_session_unlock_async          (const char    *path,
                                                const char    *login,
                                                const char    *passphrase,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
CtSession    *ct_session_unlock_finish         (GAsyncResult  *result,
                                                GError       **error);
CtSession    *ct_session_unlock_with_recovery_key (const char  *path,
                                                   const char  *recovery_key,
                                                   GError     **error);
CtSession    *ct_session_unlock_copy           (const char    *path,
                                                const char    *login,
                                                const char    *passphrase,
                                                GError       **error);
void          ct_session_unlock_copy_async     (const char    *path,
                                                const char    *login,
                                                const char    *passphrase,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
CtSession    *ct_session_unlock_for_repair     (const char    *path,
                                                const char    *recovery_key,
                                                char         **problem,
                                                GError       **error);

/* What ct_session_repair_chain() did. */
typedef struct
{
  gint64  first_bad;           /* the first statement that failed, or -1 */
  gint64  statements_kept;
  gint64  statements_dropped;
  guint   rows_restored;       /* rows of the members and policy tables rewritten */
  guint   grants_dropped;      /* category keys sealed to someone not entitled */
  guint   anchors_dropped;     /* log anchors that named the dropped statements */
  guint   slots_dropped;
  GStrv   reset_logins;        /* members whose keyslot was dropped */
} CtChainRepair;

/* What ct_session_unlock_restoring_backup() found: what this device had
 * seen of the team against what the older copy holds. */
typedef struct
{
  gboolean older;              /* the file is older than what this device saw */
  gint64   device_entry;       /* this member's newest log entry the device saw */
  gint64   device_statements;  /* the team chain's length the device saw */
  gint64   file_entry;         /* the newest log entry of the file */
  gint64   file_statements;    /* the team chain's length in the file */
} CtBackupGap;

CtSession    *ct_session_unlock_restoring_backup (const char  *path,
                                                  const char  *login,
                                                  const char  *passphrase,
                                                  CtBackupGap *gap,
                                                  GError     **error);
void          ct_chain_repair_clear            (CtChainRepair *repair);
gboolean      ct_session_repair_chain          (CtSession     *self,
                                                CtChainRepair *repair,
                                                GError       **error);

void          ct_session_lock                  (CtSession     *self);
gboolean      ct_session_is_locked             (CtSession     *self);

const char   *ct_session_get_path              (CtSession     *self);
const char   *ct_session_get_team_name         (CtSession     *self);
const char   *ct_session_get_login             (CtSession     *self);
const char   *ct_session_get_display_name      (CtSession     *self);
CtRole        ct_session_get_role              (CtSession     *self);
gboolean      ct_session_is_admin              (CtSession     *self);
gint64        ct_session_get_member_id         (CtSession     *self);
gboolean      ct_session_is_recovery           (CtSession     *self);
gboolean      ct_session_is_read_only          (CtSession     *self);
gboolean      ct_session_rekey_is_pending      (CtSession     *self);

/* Is the file on disk still the one that was unlocked? Sets
 * %CT_ERROR_REPLACED and stops every later write when it is not. */
gboolean      ct_session_check_file            (CtSession     *self,
                                                GError       **error);
/* After a commit: is the file at the path still this team's file, so the
 * commit can be reported? Sets %CT_ERROR_REPLACED when it is not. */
gboolean      ct_session_verify_file           (CtSession     *self,
                                                GError       **error);
/* Does @path name the file this session holds (same device and inode)? */
gboolean      ct_session_is_file               (CtSession     *self,
                                                const char    *path);

GPtrArray    *ct_session_list_members          (CtSession     *self,
                                                GError       **error);
GPtrArray    *ct_session_list_all_members      (CtSession     *self,
                                                GError       **error);
char         *ct_session_add_member            (CtSession     *self,  /* a CtSecret */
                                                const char    *login,
                                                const char    *display_name,
                                                CtRole         role,
                                                gboolean       is_admin,
                                                GError       **error);
void          ct_session_add_member_async      (CtSession     *self,
                                                const char    *login,
                                                const char    *display_name,
                                                CtRole         role,
                                                gboolean       is_admin,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
char         *ct_session_add_member_finish     (CtSession     *self,  /* a CtSecret */
                                                GAsyncResult  *result,
                                                GError       **error);
gboolean      ct_session_remove_member         (CtSession     *self,
                                                const char    *login,
                                                GError       **error);
void          ct_session_remove_member_async   (CtSession     *self,
                                                const char    *login,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
gboolean      ct_session_remove_member_finish  (CtSession     *self,
                                                GAsyncResult  *result,
                                                GError       **error);
gboolean      ct_session_set_member_role       (CtSession     *self,
                                                const char    *login,
                                                CtRole         role,
                                                gboolean       is_admin,
                                                GError       **error);
void          ct_session_set_member_role_async (CtSession     *self,
                                                const char    *login,
                                                CtRole         role,
                                                gboolean       is_admin,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
gboolean      ct_session_set_member_role_finish (CtSession    *self,
                                                 GAsyncResult *result,
                                                 GError      **error);
gboolean      ct_session_change_passphrase     (CtSession     *self,
                                                const char    *old_passphrase,
                                                const char    *new_passphrase,
                                                GError       **error);
gboolean      ct_session_reset_passphrase      (CtSession     *self,
                                                const char    *login,
                                                const char    *new_passphrase,
                                                GError       **error);
void          ct_session_change_passphrase_async  (CtSession           *self,
                                                   const char          *old_passphrase,
                                                   const char          *new_passphrase,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      ct_session_change_passphrase_finish (CtSession           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void          ct_session_reset_passphrase_async   (CtSession           *self,
                                                   const char          *login,
                                                   const char          *new_passphrase,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      ct_session_reset_passphrase_finish  (CtSession           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
gboolean      ct_session_check                 (CtSession     *self,
                                                GError       **error);
void          ct_session_check_async           (CtSession           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      ct_session_check_finish          (CtSession           *self,
                                                GAsyncResult        *result,
                                                gint64              *n_verified,
                                                GError             **error);
gboolean      ct_session_export_plain          (CtSession     *self,
                                                const char    *out_path,
                                                char         **raw_key_hex,
                                                GError       **error);

G_END_DECLS

G_BEGIN_DECLS

gboolean      ct_session_set_setting           (CtSession     *self,
                                                const char    *key,
                                                const char    *value,
                                                GError       **error);
char         *ct_session_get_setting           (CtSession     *self,
                                                const char    *key,
                                                GError       **error);
gboolean      ct_team_setting_get_range        (const char    *key,
                                                int           *min,
                                                int           *max,
                                                int           *fallback);

G_END_DECLS

#include "ct-record.h"

G_BEGIN_DECLS

/* The team's data (ct-session-data.c, ct-session-read.c, ct-session-scan.c,
 * ct-session-reader.c) */
gint64        ct_session_insert                (CtSession     *self,
                                                CtRecord      *record,
                                                GError       **error);
gboolean      ct_session_update                (CtSession     *self,
                                                CtRecord      *record,
                                                GError       **error);
gboolean      ct_session_rectify               (CtSession     *self,
                                                CtRecord      *record,
                                                GError       **error);
/* A withdrawn consent given again: a new row (ct-session-consent.c) */
gint64        ct_session_reinstate_consent     (CtSession     *self,
                                                gint64         withdrawn_id,
                                                const char    *given_on,
                                                GError       **error);
gboolean      ct_session_delete                (CtSession     *self,
                                                const char    *table,
                                                gint64         id,
                                                GError       **error);
CtRecord     *ct_session_get                   (CtSession     *self,
                                                const char    *table,
                                                gint64         id,
                                                GError       **error);
void          ct_session_get_async             (CtSession     *self,
                                                const char    *table,
                                                gint64         id,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
CtRecord     *ct_session_get_finish            (CtSession     *self,
                                                GAsyncResult  *result,
                                                GError       **error);
GPtrArray    *ct_session_list                  (CtSession     *self,
                                                const char    *table,
                                                const char    *parent_field,
                                                gint64         parent_id,
                                                GError       **error);
GPtrArray    *ct_session_list_fields           (CtSession     *self,
                                                const char    *table,
                                                const char    *parent_field,
                                                gint64         parent_id,
                                                const char * const *fields,
                                                GError       **error);
GPtrArray    *ct_session_list_first_fields     (CtSession     *self,
                                                const char    *table,
                                                const char * const *fields,
                                                GError       **error);
/**
 * CtScanRow:
 * @id: the row's id
 * @values: per field asked, its text as ct_record_get() would give it:
 *   %NULL when empty or restricted
 * @numbers: per field asked, an integer field's value (0 when empty)
 * @restricted: per field asked, %TRUE when the member may not read it
 *
 * One row of ct_session_scan(); valid only during the callback.
 */
typedef struct
{
  gint64              id;
  const char * const *values;
  const gint64       *numbers;
  const gboolean     *restricted;
} CtScanRow;

typedef gboolean (*CtScanFunc) (const CtScanRow *row,
                                gpointer         user_data,
                                GError         **error);

gboolean      ct_session_scan                  (CtSession     *self,
                                                const char    *table,
                                                const char * const *fields,
                                                CtScanFunc     func,
                                                gpointer       user_data,
                                                GError       **error);
typedef struct _CtScanCursor CtScanCursor;

CtScanCursor *ct_session_scan_open             (CtSession     *self,
                                                const char    *table,
                                                const char * const *fields,
                                                gboolean       by_parent,
                                                GError       **error);
const CtScanRow *ct_scan_cursor_next           (CtScanCursor  *cursor,
                                                GError       **error);
void          ct_scan_cursor_free              (CtScanCursor  *cursor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtScanCursor, ct_scan_cursor_free)
int           ct_scan_compare_ids              (gconstpointer  a,
                                                gconstpointer  b);
gboolean      ct_scan_find_id                  (GArray        *array,
                                                gint64         id,
                                                guint         *index);
gboolean      ct_session_scan_first            (CtSession     *self,
                                                const char    *table,
                                                const char * const *fields,
                                                CtScanFunc     func,
                                                gpointer       user_data,
                                                GError       **error);
typedef gpointer (*CtReadFunc) (CtSession     *reader,
                                gpointer       data,
                                GCancellable  *cancellable,
                                GError       **error);
void          ct_session_read_async            (CtSession     *self,
                                                CtReadFunc     func,
                                                gpointer       data,
                                                GDestroyNotify result_free,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
gpointer      ct_session_read_finish           (CtSession     *self,
                                                GAsyncResult  *result,
                                                GError       **error);
GArray       *ct_session_list_overdue_households (CtSession   *self,
                                                  const char  *today,
                                                  GError     **error);
gboolean      ct_session_load_record_keys      (CtSession     *self,
                                                const gint64  *ids,
                                                guint          n_ids,
                                                guint32       *keys,
                                                gboolean      *have,
                                                GError       **error);
gboolean      ct_session_store_record_keys     (CtSession     *self,
                                                const gint64  *ids,
                                                const guint32 *keys,
                                                guint          n_ids,
                                                GError       **error);
gboolean      ct_session_run_in_transaction    (CtSession     *self,
                                                gboolean     (*func) (CtSession *, gpointer, GError **),
                                                gpointer       data,
                                                GError       **error);
typedef gboolean (*CtSessionWriteFunc) (CtSession  *self,
                                        gpointer    data,
                                        GError    **error);
void          ct_session_write_async           (CtSession     *self,
                                                CtSessionWriteFunc func,
                                                gpointer       data,
                                                GDestroyNotify data_free,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
gboolean      ct_session_write_finish          (CtSession     *self,
                                                GAsyncResult  *result,
                                                GError       **error);
gpointer      ct_session_write_get_data        (GAsyncResult  *result);

/* Need-to-know (ct-session-keys.c) */
gboolean      ct_session_can_read              (CtSession     *self,
                                                CtCategory     category);
gboolean      ct_session_policy_allows         (CtSession     *self,
                                                CtRole         role,
                                                CtCategory     category);
gboolean      ct_session_set_policy            (CtSession     *self,
                                                CtRole         role,
                                                CtCategory     category,
                                                gboolean       grant,
                                                GError       **error);
void          ct_session_set_policy_async      (CtSession     *self,
                                                CtRole         role,
                                                CtCategory     category,
                                                gboolean       grant,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
gboolean      ct_session_set_policy_finish     (CtSession     *self,
                                                GAsyncResult  *result,
                                                GError       **error);
guint         ct_session_get_pending_rotations (CtSession     *self);

/* Need-to-know per household (ct-session-involvement.c) */
gboolean      ct_session_get_need_to_know      (CtSession     *self);
guint         ct_session_get_meeting_days      (CtSession     *self);
gboolean      ct_session_set_need_to_know      (CtSession     *self,
                                                gboolean       on,
                                                guint          meeting_days,
                                                GError       **error);
gboolean      ct_session_is_involved           (CtSession     *self,
                                                gint64         household_id,
                                                GError       **error);

/* Why a member opens a household outside their involvement. */
typedef enum
{
  CT_GLASS_URGENT,   /* spoed */
  CT_GLASS_SAFETY,   /* veiligheid */
  CT_GLASS_MEETING,  /* voorbereiding overleg */
  CT_GLASS_OTHER,    /* anders: the free text is required */
} CtGlassReason;

#define CT_N_GLASS_REASONS 4

const char   *ct_glass_reason_to_string        (CtGlassReason  reason);
int           ct_glass_reason_from_string      (const char    *name);
const char   *ct_glass_reason_get_display_name (CtGlassReason  reason);
gboolean      ct_session_break_glass           (CtSession     *self,
                                                gint64         household_id,
                                                CtGlassReason  reason,
                                                const char    *because,
                                                GError       **error);
void          ct_session_break_glass_async     (CtSession     *self,
                                                gint64         household_id,
                                                CtGlassReason  reason,
                                                const char    *because,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
gboolean      ct_session_break_glass_finish    (CtSession     *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/**
 * CtGlassBreak:
 * @login: (nullable): who opened the household, %NULL for the recovery key
 * @because: (nullable): their words
 *
 * One "Look anyway" as the regisseur and the beheerder see it.
 */
typedef struct
{
  char          *at;
  char          *login;
  CtGlassReason  reason;
  char          *because;
} CtGlassBreak;

void          ct_glass_break_free              (CtGlassBreak  *glass);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtGlassBreak, ct_glass_break_free)
GPtrArray    *ct_session_list_glass_breaks     (CtSession     *self,
                                                gint64         household_id,
                                                GError       **error);

/* Why a member is involved in a household (docs/security.md). */
typedef enum
{
  CT_INVOLVED_REGISSEUR = 1 << 0,  /* regisseur of one of its cases */
  CT_INVOLVED_ACTION    = 1 << 1,  /* responsible for one of its actions */
  CT_INVOLVED_AGENDA    = 1 << 2,  /* at a meeting with it on the agenda */
  CT_INVOLVED_EXPLICIT  = 1 << 3,  /* added by the regisseur or a beheerder */
  CT_INVOLVED_GLASS     = 1 << 4,  /* opened it with "Look anyway" */
} CtInvolvedReasons;

/**
 * CtInvolvement:
 * @member_id: the member (members.id)
 * @login: their login
 * @display_name: their name
 * @added_by: the member who added them, 0 unless @reasons holds
 *   %CT_INVOLVED_EXPLICIT
 * @added_on: (nullable): YYYY-MM-DD, likewise
 * @reasons: why they are involved
 *
 * A member involved in a household: ct_session_list_involvements() gives
 * those added explicitly, ct_session_list_involved_members() everyone.
 */
typedef struct
{
  gint64             member_id;
  char              *login;
  char              *display_name;
  gint64             added_by;
  char              *added_on;
  CtInvolvedReasons  reasons;
} CtInvolvement;

void          ct_involvement_free              (CtInvolvement *involvement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtInvolvement, ct_involvement_free)
gboolean      ct_session_add_involvement       (CtSession     *self,
                                                gint64         household_id,
                                                gint64         member_id,
                                                GError       **error);
gboolean      ct_session_remove_involvement    (CtSession     *self,
                                                gint64         household_id,
                                                gint64         member_id,
                                                GError       **error);
GPtrArray    *ct_session_list_involvements     (CtSession     *self,
                                                gint64         household_id,
                                                GError       **error);
GPtrArray    *ct_session_list_involved_members (CtSession     *self,
                                                gint64         household_id,
                                                GError       **error);

G_END_DECLS

G_BEGIN_DECLS

/**
 * CtLogEntry:
 * @login: (nullable): the member, %NULL for the recovery key
 * @action: 'C', 'R', 'U', 'D' or 'E'
 * @categories: comma-separated names of the categories the reader may
 *   read, then %CT_LOG_HIDDEN_CATEGORIES if the entry touched others or,
 *   in the log's third format, holds a sealed slot the reader cannot open
 *   (whether it touched that category is sealed from them); may be empty
 * @household_id: the household the entry is about, 0 for none
 * @person_id: the person the entry is about, 0 for none
 * @member_seq: the member's own number of the entry, 0 in an entry of
 *   the first format
 * @households: (nullable) (element-type gint64): the households a list
 *   showed, ascending, when more than one
 * @device: (nullable): the replica (laptop) the entry was made on, as the
 *   device id in hex; %NULL for an entry from before sync, in every copy
 * @laptop: (nullable): the display name of the member whose laptop that
 *   replica is, %NULL when unknown
 *
 * One access-log entry. It names objects by table and row id, never by a
 * client's name.
 */
typedef struct
{
  gint64  id;
  char   *at;
  char   *login;
  char   *role;
  char    action;
  char   *object_table;
  gint64  object_id;
  char   *categories;
  char   *purpose;
  char   *outcome;
  gint64  household_id;
  gint64  person_id;
  gint64  member_seq;
  GArray *households;
  char   *device;
  char   *laptop;
} CtLogEntry;

/* In CtLogEntry.categories: some categories the reader may not read. */
#define CT_LOG_HIDDEN_CATEGORIES "hidden"

void       ct_log_entry_free   (CtLogEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtLogEntry, ct_log_entry_free)

GPtrArray *ct_session_read_log (CtSession  *self,
                                GError    **error);
gboolean   ct_session_may_read_household_log (CtSession *self,
                                              gint64     household_id);
GPtrArray *ct_session_read_household_log (CtSession  *self,
                                          gint64      household_id,
                                          GError    **error);
gboolean   ct_session_verify_log (CtSession *self,
                                  gint64    *n_verified,
                                  GError   **error);

/**
 * CtLogRead:
 * @entries: (element-type CtLogEntry): the entries, oldest first
 * @case_numbers: household id (gint64 *) → the numbers of its cases,
 *   "2026-001, 2026-014", of the cases the reader may see
 * @verified: whether the whole log was verified (a beheerder's or the
 *   recovery key's read, when asked for)
 * @n_verified: how many entries, from the first, are intact
 * @problem: (nullable): when verified, why the log is not intact
 *
 * The access log as ct_session_read_log_async() read it in a worker.
 */
typedef struct
{
  GPtrArray  *entries;
  GHashTable *case_numbers;
  gboolean    verified;
  gint64      n_verified;
  GError     *problem;
} CtLogRead;

void       ct_log_read_free    (CtLogRead *read);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtLogRead, ct_log_read_free)

void       ct_session_read_log_async  (CtSession           *self,
                                       gint64               household_id,
                                       gboolean             verify,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
CtLogRead *ct_session_read_log_finish (CtSession           *self,
                                       GAsyncResult        *result,
                                       GError             **error);
gboolean   ct_session_export_log_csv (CtSession          *self,
                                      gint64              household_id,
                                      const char * const *header,
                                      GPtrArray          *rows,
                                      const char         *path,
                                      GError            **error);

const char *ct_log_purpose_get_display_name (const char *purpose);

/* Restriction of processing, AVG art. 18 (ct-session-restrict.c) */
typedef enum
{
  CT_RESTRICT_ACCURACY,     /* juistheid betwist */
  CT_RESTRICT_UNLAWFUL,     /* onrechtmatig, maar bewaren */
  CT_RESTRICT_LEGAL_CLAIM,  /* nodig voor een rechtsvordering */
  CT_RESTRICT_OBJECTION,    /* bezwaar in behandeling */
} CtRestrictGround;

#define CT_N_RESTRICT_GROUNDS 4

const char   *ct_restrict_ground_to_string        (CtRestrictGround ground);
int           ct_restrict_ground_from_string      (const char      *name);
const char   *ct_restrict_ground_get_display_name (CtRestrictGround ground);

/**
 * CtRestriction:
 * @ground: why, from the short list
 * @reason: (nullable): in the words of the member who placed it; %NULL
 *   for members other than the household's regisseur and a beheerder
 * @placed_at: when, UTC, YYYY-MM-DDTHH:MM:SSZ
 * @placed_by: the member who placed it (members.id)
 * @login: (nullable): their login
 *
 * A restriction of processing in force on a household.
 */
typedef struct
{
  CtRestrictGround  ground;
  char             *reason;
  char             *placed_at;
  gint64            placed_by;
  char             *login;
} CtRestriction;

void           ct_restriction_free           (CtRestriction   *restriction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtRestriction, ct_restriction_free)
gboolean       ct_session_restrict           (CtSession       *self,
                                              gint64           household_id,
                                              CtRestrictGround ground,
                                              const char      *reason,
                                              GError         **error);
gboolean       ct_session_lift_restriction   (CtSession       *self,
                                              gint64           household_id,
                                              const char      *reason,
                                              GError         **error);
CtRestriction *ct_session_get_restriction    (CtSession       *self,
                                              gint64           household_id,
                                              GError         **error);
gboolean       ct_session_may_restrict       (CtSession       *self,
                                              gint64           household_id);
gboolean       ct_session_may_hand_over      (CtSession       *self,
                                              CtRecord        *kase);
GHashTable    *ct_session_list_restricted    (CtSession       *self,
                                              GError         **error);
gint64         ct_session_find_case_household (CtSession      *self,
                                               const char     *number,
                                               GError        **error);

G_END_DECLS
