/* ct-store.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* All SQL of the core lives in the store layer, with bound parameters. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ct-clock.h"
#include "ct-error.h"
#include "ct-store.h"
#include "ct-vfs.h"


/* Numbered migrations: PRAGMA user_version is the number applied. */
static const char *migrations[] = {
  /* 1: the team and its members */
  "CREATE TABLE team ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL,"
  "  created_at TEXT NOT NULL);"
  "CREATE TABLE members ("
  "  id INTEGER PRIMARY KEY,"
  "  member_uid BLOB NOT NULL UNIQUE,"
  "  login TEXT NOT NULL,"
  "  display_name TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  is_admin INTEGER NOT NULL DEFAULT 0,"
  "  enrolled INTEGER NOT NULL DEFAULT 0,"
  "  box_pk BLOB NOT NULL,"
  "  sign_pk BLOB NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  removed_at TEXT);"
  "CREATE UNIQUE INDEX members_active_login ON members (login) WHERE removed_at IS NULL;"
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);",

  /* 2: the access log, and every signing key a member has had */
  "CREATE TABLE member_sign_keys ("
  "  member_id INTEGER NOT NULL REFERENCES members (id),"
  "  sign_pk BLOB NOT NULL,"
  "  PRIMARY KEY (member_id, sign_pk));"
  "INSERT INTO member_sign_keys (member_id, sign_pk) SELECT id, sign_pk FROM members;"
  "CREATE TABLE access_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  member_id INTEGER REFERENCES members (id),"
  "  role TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),"
  "  object_table TEXT NOT NULL,"
  "  object_id INTEGER NOT NULL,"
  "  categories TEXT NOT NULL,"
  "  purpose TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  signer_pk BLOB NOT NULL,"
  "  prev_hash BLOB NOT NULL,"
  "  hash BLOB NOT NULL,"
  "  signature BLOB NOT NULL);"
  "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
  "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;"
  "CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log "
  "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;",

  /* 3: the team's data (the columns of ct-schema.c: general fields as
   * values, every other category as ciphertext), category keys and the
   * default policy of docs/categories.md. key_grants.holder 0 is the recovery key. */
  "CREATE TABLE category_keys ("
  "  category TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  used INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  PRIMARY KEY (category, version));"
  "CREATE TABLE key_grants ("
  "  holder INTEGER NOT NULL,"
  "  category TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  sealed BLOB NOT NULL,"
  "  PRIMARY KEY (holder, category, version));"
  "CREATE TABLE policy ("
  "  role TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  PRIMARY KEY (role, category));"
  "CREATE TABLE pending_rotations ("
  "  category TEXT PRIMARY KEY,"
  "  since TEXT NOT NULL);"
  "CREATE TABLE households ("
  "  id INTEGER PRIMARY KEY,"
  "  area TEXT,"
  "  health_mental BLOB,"
  "  health_addiction BLOB,"
  "  health_physical BLOB,"
  "  medication BLOB,"
  "  justice_info BLOB,"
  "  income_cents BLOB,"
  "  debts_cents BLOB,"
  "  creditors BLOB,"
  "  arrears_cents BLOB,"
  "  parenting BLOB,"
  "  child_protection BLOB,"
  "  school BLOB,"
  "  tenancy BLOB,"
  "  rent_arrears_cents BLOB,"
  "  nuisance BLOB,"
  "  eviction_risk BLOB,"
  "  work_situation BLOB,"
  "  benefits BLOB,"
  "  daytime_activities BLOB,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE TABLE persons ("
  "  id INTEGER PRIMARY KEY,"
  "  household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,"
  "  first_name BLOB,"
  "  last_name BLOB,"
  "  bsn BLOB,"
  "  birth_date BLOB,"
  "  sex BLOB,"
  "  street BLOB,"
  "  house_number BLOB,"
  "  postcode BLOB,"
  "  city BLOB,"
  "  phone BLOB,"
  "  email BLOB,"
  "  relation TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX persons_household_id ON persons (household_id);"
  "CREATE TABLE cases ("
  "  id INTEGER PRIMARY KEY,"
  "  household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,"
  "  number TEXT NOT NULL,"
  "  referral_date TEXT NOT NULL,"
  "  referred_by TEXT,"
  "  question TEXT,"
  "  summary TEXT,"
  "  status TEXT NOT NULL,"
  "  outcome TEXT,"
  "  closed_on TEXT,"
  "  regisseur INTEGER REFERENCES members (id),"
  "  domains TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX cases_household_id ON cases (household_id);"
  "CREATE TABLE organisations ("
  "  id INTEGER PRIMARY KEY,"
  "  household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  type TEXT,"
  "  contact TEXT,"
  "  since TEXT,"
  "  until TEXT,"
  "  yearly_cost_cents INTEGER,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX organisations_household_id ON organisations (household_id);"
  "CREATE TABLE consents ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  category TEXT NOT NULL,"
  "  purpose TEXT NOT NULL,"
  "  basis TEXT NOT NULL,"
  "  given_on TEXT NOT NULL,"
  "  recorded_by INTEGER REFERENCES members (id),"
  "  withdrawn_on TEXT,"
  "  share_at_table TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX consents_case_id ON consents (case_id);"
  "CREATE TABLE zrm ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  assessed_on TEXT NOT NULL,"
  "  assessor INTEGER REFERENCES members (id),"
  "  kind TEXT NOT NULL,"
  "  financien BLOB,"
  "  werk_opleiding BLOB,"
  "  tijdsbesteding BLOB,"
  "  huisvesting BLOB,"
  "  huiselijke_relaties BLOB,"
  "  geestelijke_gezondheid BLOB,"
  "  lichamelijke_gezondheid BLOB,"
  "  middelengebruik BLOB,"
  "  basale_adl BLOB,"
  "  instrumentele_adl BLOB,"
  "  sociaal_netwerk INTEGER,"
  "  maatschappelijke_participatie BLOB,"
  "  justitie BLOB,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX zrm_case_id ON zrm (case_id);"
  "CREATE TABLE goals ("
  "  id INTEGER PRIMARY KEY,"
  "  household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,"
  "  domain TEXT NOT NULL,"
  "  description TEXT NOT NULL,"
  "  target_score INTEGER,"
  "  status TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX goals_household_id ON goals (household_id);"
  "CREATE TABLE actions ("
  "  id INTEGER PRIMARY KEY,"
  "  household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,"
  "  goal_id INTEGER REFERENCES goals (id) ON DELETE SET NULL,"
  "  advice_id INTEGER REFERENCES advice (id) ON DELETE SET NULL,"
  "  what TEXT NOT NULL,"
  "  partner TEXT,"
  "  partner_type TEXT,"
  "  responsible INTEGER REFERENCES members (id),"
  "  due_on TEXT,"
  "  status TEXT NOT NULL,"
  "  refusal_reason TEXT,"
  "  done_on TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX actions_household_id ON actions (household_id);"
  "CREATE TABLE meetings ("
  "  id INTEGER PRIMARY KEY,"
  "  held_on TEXT NOT NULL,"
  "  start_time TEXT,"
  "  location TEXT,"
  "  chair INTEGER REFERENCES members (id),"
  "  notes TEXT,"
  "  status TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE TABLE attendees ("
  "  id INTEGER PRIMARY KEY,"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  member INTEGER REFERENCES members (id),"
  "  guest_organisation TEXT,"
  "  present TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX attendees_meeting_id ON attendees (meeting_id);"
  "CREATE TABLE agenda_items ("
  "  id INTEGER PRIMARY KEY,"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  position INTEGER,"
  "  slot_minutes INTEGER,"
  "  notes TEXT,"
  "  status TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX agenda_items_meeting_id ON agenda_items (meeting_id);"
  "CREATE TABLE advice ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  agenda_item_id INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,"
  "  text TEXT NOT NULL,"
  "  decided_on TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX advice_case_id ON advice (case_id);"
  "CREATE TABLE budget_periods ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  starts_on TEXT NOT NULL,"
  "  ends_on TEXT NOT NULL,"
  "  amount_cents INTEGER NOT NULL,"
  "  case_ceiling_cents INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE TABLE expenses ("
  "  id INTEGER PRIMARY KEY,"
  "  period_id INTEGER NOT NULL REFERENCES budget_periods (id) ON DELETE CASCADE,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  amount_cents INTEGER NOT NULL,"
  "  purpose TEXT NOT NULL,"
  "  decided_by INTEGER NOT NULL REFERENCES members (id),"
  "  cosigned_by INTEGER REFERENCES members (id),"
  "  spent_on TEXT NOT NULL,"
  "  justification TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX expenses_case_id ON expenses (case_id);"
  "CREATE TABLE doorbraken ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  situation TEXT NOT NULL,"
  "  goal TEXT,"
  "  blocked_rule TEXT,"
  "  blocked_article TEXT,"
  "  blocked_owner TEXT,"
  "  alternative TEXT,"
  "  budget_cents INTEGER,"
  "  decided_by TEXT,"
  "  mandate TEXT,"
  "  legitimation TEXT,"
  "  result TEXT,"
  "  cost_before_cents INTEGER,"
  "  cost_after_cents INTEGER,"
  "  scope TEXT,"
  "  lesson TEXT,"
  "  status TEXT NOT NULL,"
  "  reached_on TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX doorbraken_case_id ON doorbraken (case_id);"
  "CREATE TABLE areas ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  postcodes TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "INSERT INTO policy (role, category) VALUES ('voorzitter', 'general');"
  "INSERT INTO policy (role, category) VALUES ('regisseur', 'identity');"
  "INSERT INTO policy (role, category) VALUES ('regisseur', 'health');"
  "INSERT INTO policy (role, category) VALUES ('regisseur', 'justice');"
  "INSERT INTO policy (role, category) VALUES ('regisseur', 'finance');"
  "INSERT INTO policy (role, category) VALUES ('regisseur', 'youth');"
  "INSERT INTO policy (role, category) VALUES ('regisseur', 'housing');"
  "INSERT INTO policy (role, category) VALUES ('regisseur', 'work');"
  "INSERT INTO policy (role, category) VALUES ('regisseur', 'general');"
  "INSERT INTO policy (role, category) VALUES ('ggz', 'identity');"
  "INSERT INTO policy (role, category) VALUES ('ggz', 'health');"
  "INSERT INTO policy (role, category) VALUES ('ggz', 'general');"
  "INSERT INTO policy (role, category) VALUES ('verslavingszorg', 'identity');"
  "INSERT INTO policy (role, category) VALUES ('verslavingszorg', 'health');"
  "INSERT INTO policy (role, category) VALUES ('verslavingszorg', 'general');"
  "INSERT INTO policy (role, category) VALUES ('opvoedkunde', 'identity');"
  "INSERT INTO policy (role, category) VALUES ('opvoedkunde', 'youth');"
  "INSERT INTO policy (role, category) VALUES ('opvoedkunde', 'general');"
  "INSERT INTO policy (role, category) VALUES ('werk-inkomen', 'identity');"
  "INSERT INTO policy (role, category) VALUES ('werk-inkomen', 'finance');"
  "INSERT INTO policy (role, category) VALUES ('werk-inkomen', 'work');"
  "INSERT INTO policy (role, category) VALUES ('werk-inkomen', 'general');"
  "INSERT INTO policy (role, category) VALUES ('huisvesting', 'identity');"
  "INSERT INTO policy (role, category) VALUES ('huisvesting', 'housing');"
  "INSERT INTO policy (role, category) VALUES ('huisvesting', 'general');"
  "INSERT INTO policy (role, category) VALUES ('schuldhulpverlening', 'identity');"
  "INSERT INTO policy (role, category) VALUES ('schuldhulpverlening', 'finance');"
  "INSERT INTO policy (role, category) VALUES ('schuldhulpverlening', 'work');"
  "INSERT INTO policy (role, category) VALUES ('schuldhulpverlening', 'general');"
  "INSERT INTO policy (role, category) VALUES ('politie', 'identity');"
  "INSERT INTO policy (role, category) VALUES ('politie', 'justice');"
  "INSERT INTO policy (role, category) VALUES ('politie', 'general');"
  "INSERT INTO policy (role, category) VALUES ('maatschappelijk-werk', 'identity');"
  "INSERT INTO policy (role, category) VALUES ('maatschappelijk-werk', 'youth');"
  "INSERT INTO policy (role, category) VALUES ('maatschappelijk-werk', 'housing');"
  "INSERT INTO policy (role, category) VALUES ('maatschappelijk-werk', 'work');"
  "INSERT INTO policy (role, category) VALUES ('maatschappelijk-werk', 'general');",

  /* 4: a case number names one case */
  "CREATE UNIQUE INDEX cases_number ON cases (number);",

  /* 5: facts of a category under its key (docs/categories.md): a case's
   * question, summary and domains per category, and a row category for the
   * rows that are about one */
  "ALTER TABLE cases ADD COLUMN question_health BLOB;"
  "ALTER TABLE cases ADD COLUMN question_justice BLOB;"
  "ALTER TABLE cases ADD COLUMN question_finance BLOB;"
  "ALTER TABLE cases ADD COLUMN question_youth BLOB;"
  "ALTER TABLE cases ADD COLUMN question_housing BLOB;"
  "ALTER TABLE cases ADD COLUMN question_work BLOB;"
  "ALTER TABLE cases ADD COLUMN summary_health BLOB;"
  "ALTER TABLE cases ADD COLUMN summary_justice BLOB;"
  "ALTER TABLE cases ADD COLUMN summary_finance BLOB;"
  "ALTER TABLE cases ADD COLUMN summary_youth BLOB;"
  "ALTER TABLE cases ADD COLUMN summary_housing BLOB;"
  "ALTER TABLE cases ADD COLUMN summary_work BLOB;"
  "ALTER TABLE cases ADD COLUMN domains_health BLOB;"
  "ALTER TABLE cases ADD COLUMN domains_justice BLOB;"
  "ALTER TABLE cases ADD COLUMN domains_finance BLOB;"
  "ALTER TABLE cases ADD COLUMN domains_youth BLOB;"
  "ALTER TABLE cases ADD COLUMN domains_housing BLOB;"
  "ALTER TABLE cases ADD COLUMN domains_work BLOB;"
  "ALTER TABLE organisations ADD COLUMN row_category BLOB;"
  "ALTER TABLE goals ADD COLUMN row_category BLOB;"
  "ALTER TABLE actions ADD COLUMN row_category BLOB;"
  "ALTER TABLE expenses ADD COLUMN row_category BLOB;"
  "ALTER TABLE doorbraken ADD COLUMN row_category BLOB;",

  /* 6: the signed team chain (ct-chain.c) and each member's signed anchor
   * of their newest log entry (ct-audit.c); see docs/security.md */
  "CREATE TABLE team_chain ("
  "  seq INTEGER PRIMARY KEY,"
  "  body BLOB NOT NULL,"
  "  signer BLOB NOT NULL,"
  "  signature BLOB NOT NULL);"
  "CREATE TRIGGER team_chain_no_update BEFORE UPDATE ON team_chain "
  "  BEGIN SELECT RAISE (ABORT, 'the team chain is append-only'); END;"
  "CREATE TRIGGER team_chain_no_delete BEFORE DELETE ON team_chain "
  "  BEGIN SELECT RAISE (ABORT, 'the team chain is append-only'); END;"
  "CREATE TABLE log_anchors ("
  "  member_uid BLOB PRIMARY KEY,"
  "  body BLOB NOT NULL,"
  "  signature BLOB NOT NULL);",

  /* 7: a consent's category is sealed as a row category
   * (docs/categories.md); ct-session-rows.c seals the older rows */
  "ALTER TABLE consents ADD COLUMN row_category BLOB;",
  /* 8: a case’s retention term, and the day a household was anonymised
   * when its terms ended (ct-retention.c, docs/retention.md) */
  "ALTER TABLE cases ADD COLUMN retention TEXT;"
  "ALTER TABLE households ADD COLUMN purged_on TEXT;",
  /* 9: each household’s random record key for the cell-key method of the
   * aggregate tables (docs/export.md), made on its first aggregate export */
  "CREATE TABLE record_keys ("
  "  household_id INTEGER PRIMARY KEY REFERENCES households (id) ON DELETE CASCADE,"
  "  record_key INTEGER NOT NULL);",
  /* 10: the access log names the household and person of each entry, or
   * the set of households a list showed (kept once per distinct set), and
   * numbers each member's entries (ct-audit.c; docs/security.md) */
  "ALTER TABLE access_log ADD COLUMN household_id INTEGER;"
  "ALTER TABLE access_log ADD COLUMN person_id INTEGER;"
  "ALTER TABLE access_log ADD COLUMN member_seq INTEGER;"
  "ALTER TABLE access_log ADD COLUMN household_set BLOB;"
  "CREATE INDEX access_log_household ON access_log (household_id);"
  "CREATE INDEX access_log_member_seq ON access_log (member_id, member_seq);"
  "CREATE TABLE access_log_sets ("
  "  hash BLOB PRIMARY KEY,"
  "  households TEXT NOT NULL);"
  "CREATE TRIGGER access_log_sets_no_update BEFORE UPDATE ON access_log_sets "
  "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;"
  "CREATE TRIGGER access_log_sets_no_delete BEFORE DELETE ON access_log_sets "
  "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;",
  /* 11: a counter-booking names the expense it withdraws; the original
   * stays on record (ct-budget.c, docs/budget.md) */
  "ALTER TABLE expenses ADD COLUMN reverses_id INTEGER REFERENCES expenses (id);",
  /* 12: the free text of a "Toch inzien" (break the glass), beside its log
   * entry, which holds the reason from the short list; erased with the
   * household (ct-session-involvement.c, docs/security.md) */
  "CREATE TABLE break_glass ("
  "  log_id INTEGER PRIMARY KEY,"
  "  household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,"
  "  because TEXT NOT NULL);"
  "CREATE INDEX cases_regisseur ON cases (regisseur, household_id);"
  "CREATE INDEX actions_responsible ON actions (responsible, household_id);",
  /* 13: team sync (docs/sync.md): this replica's device and clock, the
   * sync key sealed to each member, changes captured and not yet written,
   * change files written and not yet in the folder, what each other
   * device has been applied up to, each field's stamp, concurrent values
   * kept as conflicts, tombstones, and files refused */
  "CREATE TABLE sync_state ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  device BLOB NOT NULL,"
  "  hlc INTEGER NOT NULL,"
  "  next_seq INTEGER NOT NULL,"
  "  key_version INTEGER NOT NULL);"
  "CREATE TABLE sync_keys ("
  "  version INTEGER NOT NULL,"
  "  holder BLOB NOT NULL,"
  "  sealed BLOB NOT NULL,"
  "  PRIMARY KEY (version, holder));"
  "CREATE TABLE sync_pending ("
  "  n INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  body BLOB NOT NULL);"
  "CREATE TABLE sync_outbox ("
  "  seq INTEGER PRIMARY KEY,"
  "  bytes BLOB NOT NULL);"
  "CREATE TABLE sync_peers ("
  "  device BLOB PRIMARY KEY,"
  "  member BLOB NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  hlc INTEGER NOT NULL);"
  "CREATE TABLE sync_stamps ("
  "  tbl TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  field TEXT NOT NULL,"
  "  hlc INTEGER NOT NULL,"
  "  device BLOB NOT NULL,"
  "  PRIMARY KEY (tbl, row_id, field));"
  "CREATE TABLE sync_conflicts ("
  "  tbl TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  field TEXT NOT NULL,"
  "  hlc INTEGER NOT NULL,"
  "  device BLOB NOT NULL,"
  "  value,"
  "  PRIMARY KEY (tbl, row_id, field, hlc, device));"
  "CREATE TABLE sync_tombstones ("
  "  tbl TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  PRIMARY KEY (tbl, row_id));"
  "CREATE TABLE sync_refused ("
  "  device BLOB NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  PRIMARY KEY (device, seq));",
  /* 14: the categories of an access-log entry sealed per category (the
   * third format), and each category key's previous version sealed under
   * it, so entries sealed before a rotation stay readable (ct-audit.c;
   * docs/file-format.md) */
  "ALTER TABLE access_log ADD COLUMN sealed_categories BLOB;"
  "ALTER TABLE category_keys ADD COLUMN previous BLOB;",
  /* 15: the team chain's statements as sync knows them (docs/sync.md):
   * each statement's stamp, and whether this replica still has to send
   * it in a change file; a file with sync on already has sent them all */
  "CREATE TABLE sync_chain ("
  "  seq INTEGER PRIMARY KEY,"
  "  hlc INTEGER NOT NULL,"
  "  sent INTEGER NOT NULL);"
  "INSERT INTO sync_chain (seq, hlc, sent) SELECT seq, 0, 1 FROM team_chain "
  "  WHERE EXISTS (SELECT 1 FROM sync_state);",
  /* 16: a refused sync file's BLAKE2b digest, so that a file a share
   * showed half-written is read again once its bytes change
   * (ct-session-sync-apply.c; docs/sync.md) */
  "ALTER TABLE sync_refused ADD COLUMN digest BLOB;",
  /* 17: this laptop's own sync record, which never travels: the folder it
   * syncs through and what its last syncs did (docs/sync.md, "Status") */
  "CREATE TABLE sync_local ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  folder TEXT,"
  "  last_sync INTEGER NOT NULL DEFAULT 0,"
  "  last_sent INTEGER NOT NULL DEFAULT 0,"
  "  last_received INTEGER NOT NULL DEFAULT 0,"
  "  waiting_files INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT);",
  /* 18: a member involved in a household because its regisseur or a
   * beheerder added them, signed by that person and verified against the
   * team chain on every read (ct-session-involvement.c; docs/security.md) */
  "CREATE TABLE involvements ("
  "  household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,"
  "  member_uid BLOB NOT NULL,"
  "  signer_uid BLOB NOT NULL,"
  "  added_on TEXT NOT NULL,"
  "  signature BLOB NOT NULL,"
  "  PRIMARY KEY (household_id, member_uid));",
  /* 19: restriction of processing (AVG art. 18): placed and lifted by
   * signed statements of a beheerder or regisseur, verified against the
   * team chain on every read; erased with the household
   * (ct-session-restrict.c; docs/security.md) */
  "CREATE TABLE restrictions ("
  "  id INTEGER PRIMARY KEY,"
  "  household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,"
  "  ground TEXT NOT NULL,"
  "  reason TEXT,"
  "  placed_by BLOB NOT NULL,"
  "  placed_at TEXT NOT NULL,"
  "  signature BLOB NOT NULL,"
  "  lifted_by BLOB,"
  "  lifted_at TEXT,"
  "  lift_reason TEXT,"
  "  lift_signature BLOB);"
  "CREATE INDEX restrictions_household ON restrictions (household_id);",
  /* 20: the access log as a union across replicas: each other replica's
   * entries as its own chain, append-only like the local log, and which
   * of this replica's entries are its own and sent (ct-audit-sync.c;
   * docs/sync.md) */
  "CREATE TABLE access_log_remote ("
  "  device BLOB NOT NULL,"
  "  id INTEGER NOT NULL,"
  "  at TEXT NOT NULL,"
  "  member_id INTEGER,"
  "  role TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),"
  "  object_table TEXT NOT NULL,"
  "  object_id INTEGER NOT NULL,"
  "  categories TEXT NOT NULL,"
  "  purpose TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  signer_pk BLOB NOT NULL,"
  "  prev_hash BLOB NOT NULL,"
  "  hash BLOB NOT NULL,"
  "  signature BLOB NOT NULL,"
  "  household_id INTEGER,"
  "  person_id INTEGER,"
  "  member_seq INTEGER NOT NULL,"
  "  household_set BLOB,"
  "  sealed_categories BLOB NOT NULL,"
  "  PRIMARY KEY (device, id));"
  "CREATE INDEX access_log_remote_hash ON access_log_remote (hash);"
  "CREATE INDEX access_log_remote_household ON access_log_remote (household_id);"
  "CREATE INDEX access_log_hash ON access_log (hash);"
  "CREATE TRIGGER access_log_remote_no_update BEFORE UPDATE ON access_log_remote "
  "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;"
  "CREATE TRIGGER access_log_remote_no_delete BEFORE DELETE ON access_log_remote "
  "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;"
  "CREATE TABLE access_log_device ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  base INTEGER NOT NULL,"
  "  sent INTEGER NOT NULL);"
  "INSERT INTO access_log_device (id, base, sent) VALUES (1, "
  "  (SELECT coalesce (max (id), 0) FROM access_log), "
  "  (SELECT coalesce (max (id), 0) FROM access_log));",
  /* 21: the log's export entries by id, so that the export finds the last
   * one of its purpose (_ct_audit_last_export_day()) without reading the
   * whole log backwards: a first export of an agreement read every page
   * of the log, which is most of the file (docs/file-format.md) */
  "CREATE INDEX access_log_exports ON access_log (id) "
  "  WHERE action = 'E' AND object_table = 'export';",
};

gboolean
ct_store_set_error (sqlite3 *db,
                    int      rc,
                    GError **error)
{
  int primary = rc & 0xff;
  const char *message = db != NULL ? sqlite3_errmsg (db) : "";

  /* A page that fails SQLCipher's check can surface as a bare
   * SQLITE_ERROR with SQLite's generic message, or as a malformed schema;
   * our statements are fixed, so both mean damage. */
  if (primary == SQLITE_ERROR
      && (g_strcmp0 (message, sqlite3_errstr (SQLITE_ERROR)) == 0 || strstr (message, "malformed")))
    primary = SQLITE_CORRUPT;

  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    g_set_error_literal (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
                         _("The team file is damaged: its database fails its integrity "
                           "checks. Use a backup or the recovery tools."));
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error_literal (error, CT_ERROR, CT_ERROR_BUSY,
                         _("The team file is in use by another program."));
  else if (primary == SQLITE_FULL)
    g_set_error_literal (error, CT_ERROR, CT_ERROR_DISK_FULL,
                         _("The disk is full, so the team file cannot be written; nothing was "
                           "changed and nothing is damaged. Every read is written to the access "
                           "log first, so reading is refused too until there is free space."));
  else if (primary == SQLITE_READONLY)
    g_set_error_literal (error, CT_ERROR, CT_ERROR_READ_ONLY,
                         _("The team file is read-only (a write-protected file, folder or "
                           "medium), so nothing can be written to it, not even the access log: "
                           "changes, and reads that are logged, are refused. Copy it to a "
                           "writable place to work with it."));
  else if (primary == SQLITE_CONSTRAINT)
    g_set_error_literal (error, CT_ERROR, CT_ERROR_EXISTS,
                         _("A record with these details already exists."));
  else
    g_set_error (error, CT_ERROR, CT_ERROR_FAILED,
                 _("The team file could not be read or written (%s)."),
                 db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

gboolean
ct_store_exec (sqlite3    *db,
               const char *sql,
               GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK || ct_store_set_error (db, rc, error);
}

gboolean
ct_store_begin (sqlite3 *db,
                GError **error)
{
  return ct_store_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
ct_store_commit (sqlite3 *db,
                 GError **error)
{
  if (ct_store_exec (db, "COMMIT", error))
    return TRUE;

  ct_store_rollback (db);
  return FALSE;
}

void
ct_store_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * ct_store_column_text:
 * @damaged: (out): set to %TRUE when the value holds a NUL byte
 *
 * SQLCipher 3.4.1 hands back a zero-filled page when an overflow page
 * fails its check, so a long text can come back cut short without an
 * error. Stored text never holds NUL bytes; one found means damage.
 */
const char *
ct_store_column_text (sqlite3_stmt *stmt,
                      int           column,
                      gboolean     *damaged)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text != NULL && strlen (text) != (gsize) sqlite3_column_bytes (stmt, column))
    *damaged = TRUE;
  return text;
}

CtStmt *
ct_store_prepare (sqlite3    *db,
                  const char *sql,
                  GError    **error)
{
  CtStmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  return stmt;
}

gboolean
ct_store_step_done (sqlite3 *db,
                    CtStmt  *stmt,
                    GError **error)
{
  int rc = sqlite3_step (stmt);

  return rc == SQLITE_DONE || ct_store_set_error (db, rc, error);
}

static gboolean
set_key (sqlite3      *db,
         const guint8 *db_key,
         GError      **error)
{
  char *raw = ct_raw_key_string (db_key);
  int rc = sqlite3_key (db, raw, (int) strlen (raw));

  ct_secret_free (raw);
  return rc == SQLITE_OK || ct_store_set_error (db, rc, error);
}

/* A process killed while the journal's header was still being written
 * leaves a journal SQLite does not treat as hot, and does not delete. The
 * caller holds the team file's lock and a hot journal has been rolled
 * back by the first read, so what remains is stale. */
static void
remove_stale_journal (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  if (g_file_test (journal, G_FILE_TEST_EXISTS))
    g_unlink (journal);
}

/**
 * ct_store_open:
 * @path: the team file
 * @db_key: K_db, 32 bytes
 *
 * Opens the database at 64 KiB into the team file with a raw key, page
 * size 4096, a rollback journal with synchronous=FULL (team files live on
 * USB sticks and network shares, where WAL is unsafe) and temporary data
 * in memory only. Reads the schema, so a wrong key or a damaged first page
 * fails here.
 */
/* ct_now (): the core's clock in SQL, so a row's times follow a test's
 * clock like every other time of the core (ct-clock.c), instead of
 * SQLite's 'now'. */
static void
now_function (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  sqlite3_result_text (context, ct_clock_now_text (), -1, g_free);
}

sqlite3 *
ct_store_open (const char   *path,
               const guint8 *db_key,
               GError      **error)
{
  static const char pragmas[] =
    "PRAGMA cipher_page_size = 4096;"
    "PRAGMA temp_store = MEMORY;"
    "PRAGMA secure_delete = ON;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA cache_size = -16384;";
  static const char settle[] =
    "PRAGMA journal_mode = DELETE;"
    "PRAGMA synchronous = FULL;";
  sqlite3 *db = NULL;
  int rc;

  ct_vfs_register ();

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, CT_VFS_NAME);
  if (rc != SQLITE_OK)
    goto failed;

  sqlite3_busy_timeout (db, 2000);
  rc = sqlite3_create_function (db, "ct_now", 0, SQLITE_UTF8, NULL, now_function, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  if (!set_key (db, db_key, error))
    {
      ct_store_close (db);
      return NULL;
    }

  rc = sqlite3_exec (db, pragmas, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, settle, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  remove_stale_journal (path);
  return db;

failed:
  ct_store_set_error (db, rc, error);
  ct_store_close (db);
  return NULL;
}

void
ct_store_close (sqlite3 *db)
{
  if (db != NULL)
    sqlite3_close_v2 (db);
}

gboolean
ct_store_migrate (sqlite3 *db,
                  GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "PRAGMA user_version", error);
  int version;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return ct_store_set_error (db, sqlite3_errcode (db), error);
  version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NEWER_VERSION,
                           _("This team file was made by a newer version of Casustafel. "
                             "Update Casustafel to open it."));
      return FALSE;
    }

  for (int i = version; i < (int) G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", i + 1);

      if (!ct_store_begin (db, error))
        return FALSE;
      if (!ct_store_exec (db, migrations[i], error) || !ct_store_exec (db, bump, error))
        {
          ct_store_rollback (db);
          return FALSE;
        }
      if (!ct_store_commit (db, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
ct_store_rekey (sqlite3      *db,
                const guint8 *new_key,
                GError      **error)
{
  char *raw = ct_raw_key_string (new_key);
  int rc = sqlite3_rekey (db, raw, (int) strlen (raw));

  ct_secret_free (raw);
  return rc == SQLITE_OK || ct_store_set_error (db, rc, error);
}

static gboolean
run_check (sqlite3    *db,
           const char *pragma,
           GError    **error);

gboolean
ct_store_check (sqlite3 *db,
                GError **error)
{
  return run_check (db, "PRAGMA integrity_check", error);
}

gboolean
ct_store_quick_check (sqlite3 *db,
                      GError **error)
{
  return run_check (db, "PRAGMA quick_check", error);
}

/* Reads every page of the database back from disk with @key, through a
 * connection of its own (the first one's cache would hide a bad page). */
gboolean
ct_store_verify_key (const char   *path,
                     const guint8 *key,
                     GError      **error)
{
  sqlite3 *db = ct_store_open (path, key, error);
  gboolean ok = db != NULL && ct_store_quick_check (db, error);

  ct_store_close (db);
  return ok;
}

static gboolean
run_check (sqlite3    *db,
           const char *pragma,
           GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, pragma, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return ct_store_set_error (db, rc, error);

  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
                           _("The team file is damaged: its database fails the integrity "
                             "check. Use a backup or the recovery tools."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ct_store_export_plain:
 *
 * Writes the whole database into a standard SQLCipher file (SQLCipher's
 * default settings, raw key @out_key) that the `sqlcipher` shell opens
 * with `PRAGMA key = "x'…'";` alone.
 */
gboolean
ct_store_export_plain (sqlite3      *db,
                       const char   *out_path,
                       const guint8 *out_key,
                       GError      **error)
{
  g_autofree char *escaped = g_uri_escape_string (out_path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, "?vfs=unix", NULL);
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "ATTACH DATABASE ?1 AS recovered KEY ?2", error);
  char *raw;
  gboolean ok;
  int fd;

  if (stmt == NULL)
    return FALSE;

  /* The database is opened without SQLITE_OPEN_CREATE, which ATTACH
   * inherits: the empty output file is made here, never overwriting one. */
  fd = g_open (out_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CT_ERROR, saved == EEXIST ? CT_ERROR_EXISTS : CT_ERROR_FAILED,
                   _("The output file could not be created: %s."), g_strerror (saved));
      return FALSE;
    }
  close (fd);

  raw = ct_raw_key_string (out_key);

  sqlite3_bind_text (stmt, 1, uri, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, raw, -1, SQLITE_STATIC);
  ok = ct_store_step_done (db, stmt, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  ct_secret_free (raw);
  if (!ok)
    return FALSE;

  ok = ct_store_exec (db, "SELECT sqlcipher_export('recovered')", error);
  sqlite3_exec (db, "DETACH DATABASE recovered", NULL, NULL, NULL);
  return ok;
}

gboolean
ct_store_init_team (sqlite3    *db,
                    const char *team_name,
                    GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT INTO team (id, name, created_at) "
                 "VALUES (1, ?1, ct_now ())", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, team_name, -1, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

char *
ct_store_get_team_name (sqlite3 *db,
                        GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT name FROM team WHERE id = 1", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean damaged = FALSE;
      const char *name = ct_store_column_text (stmt, 0, &damaged);

      if (!damaged && name != NULL)
        return g_strdup (name);
    }

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    rc = SQLITE_CORRUPT;
  ct_store_set_error (db, rc, error);
  return NULL;
}

void
ct_member_row_free (CtMemberRow *row)
{
  if (row == NULL)
    return;

  g_free (row->login);
  g_free (row->display_name);
  g_free (row);
}

/* The access log is verified against every signing key a member has had. */
static gboolean
add_sign_key (sqlite3      *db,
              gint64        member_id,
              const guint8 *sign_pk,
              GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR IGNORE INTO member_sign_keys (member_id, sign_pk) VALUES (?1, ?2)",
             error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_blob (stmt, 2, sign_pk, crypto_sign_PUBLICKEYBYTES, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_insert_member (sqlite3           *db,
                        const CtMemberRow *row,
                        gint64            *id,
                        GError           **error)
{
  gint64 member_id;

  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT INTO members (member_uid, login, display_name, role, is_admin, "
                 "enrolled, box_pk, sign_pk, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                 "?8, ct_now ())", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, row->member_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, row->login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, row->display_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ct_role_to_string (row->role), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, row->is_admin);
  sqlite3_bind_int (stmt, 6, row->enrolled);
  sqlite3_bind_blob (stmt, 7, row->box_pk, sizeof row->box_pk, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 8, row->sign_pk, sizeof row->sign_pk, SQLITE_STATIC);

  if (!ct_store_step_done (db, stmt, error))
    return FALSE;

  /* Taken before add_sign_key(), whose insert moves the last rowid. */
  member_id = sqlite3_last_insert_rowid (db);
  if (id != NULL)
    *id = member_id;
  return add_sign_key (db, member_id, row->sign_pk, error);
}

#define MEMBER_COLUMNS \
  "id, member_uid, login, display_name, role, is_admin, enrolled, box_pk, sign_pk, " \
  "removed_at IS NOT NULL"

static gboolean
copy_blob (CtStmt *stmt,
           int     column,
           guint8 *out,
           gsize   len)
{
  if ((gsize) sqlite3_column_bytes (stmt, column) != len)
    return FALSE;

  memcpy (out, sqlite3_column_blob (stmt, column), len);
  return TRUE;
}

static CtMemberRow *
read_member (CtStmt *stmt)
{
  g_autoptr(CtMemberRow) row = g_new0 (CtMemberRow, 1);
  gboolean damaged = FALSE;

  row->id = sqlite3_column_int64 (stmt, 0);
  row->login = g_strdup (ct_store_column_text (stmt, 2, &damaged));
  row->display_name = g_strdup (ct_store_column_text (stmt, 3, &damaged));
  if (damaged)
    return NULL;
  row->role = ct_role_from_string ((const char *) sqlite3_column_text (stmt, 4));
  row->is_admin = sqlite3_column_int (stmt, 5) != 0;
  row->enrolled = sqlite3_column_int (stmt, 6) != 0;
  row->removed = sqlite3_column_int (stmt, 9) != 0;

  if (!copy_blob (stmt, 1, row->member_uid, sizeof row->member_uid)
      || !copy_blob (stmt, 7, row->box_pk, sizeof row->box_pk)
      || !copy_blob (stmt, 8, row->sign_pk, sizeof row->sign_pk)
      || row->role == CT_ROLE_INVALID || row->login == NULL || row->display_name == NULL)
    return NULL;

  return g_steal_pointer (&row);
}

static CtMemberRow *
get_member (sqlite3    *db,
            CtStmt     *stmt,
            GError    **error)
{
  CtMemberRow *row;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                           _("There is no team member with this login."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }

  row = read_member (stmt);
  if (row == NULL)
    ct_store_set_error (db, SQLITE_CORRUPT, error);
  return row;
}

CtMemberRow *
ct_store_get_member_by_uid (sqlite3      *db,
                            const guint8 *member_uid,
                            GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT " MEMBER_COLUMNS " FROM members WHERE member_uid = ?1", error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_blob (stmt, 1, member_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  return get_member (db, stmt, error);
}

CtMemberRow *
ct_store_get_member_by_login (sqlite3    *db,
                              const char *login,
                              GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT " MEMBER_COLUMNS " FROM members "
                 "WHERE login = ?1 AND removed_at IS NULL", error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  return get_member (db, stmt, error);
}

GPtrArray *
ct_store_list_members (sqlite3  *db,
                       gboolean  include_removed,
                       GError  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_member_row_free);
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT " MEMBER_COLUMNS " FROM members "
                 "WHERE ?1 OR removed_at IS NULL ORDER BY display_name COLLATE NOCASE, login",
             error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, include_removed);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtMemberRow *row = read_member (stmt);

      if (row == NULL)
        {
          ct_store_set_error (db, SQLITE_CORRUPT, error);
          return NULL;
        }
      g_ptr_array_add (rows, row);
    }

  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
update_member (sqlite3    *db,
               const char *sql,
               gint64      member_id,
               GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, member_id);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_mark_removed (sqlite3 *db,
                       gint64   member_id,
                       GError **error)
{
  return update_member (db, "UPDATE members SET removed_at = ct_now () WHERE id = ?1 AND "
                            "removed_at IS NULL", member_id, error);
}

gboolean
ct_store_set_enrolled (sqlite3 *db,
                       gint64   member_id,
                       GError **error)
{
  return update_member (db, "UPDATE members SET enrolled = 1 WHERE id = ?1", member_id, error);
}

gboolean
ct_store_set_member_role (sqlite3  *db,
                          gint64    member_id,
                          CtRole    role,
                          gboolean  is_admin,
                          GError  **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "UPDATE members SET role = ?2, is_admin = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_text (stmt, 2, ct_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, is_admin);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_set_member_keys (sqlite3      *db,
                          gint64        member_id,
                          const guint8 *box_pk,
                          const guint8 *sign_pk,
                          GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "UPDATE members SET box_pk = ?2, sign_pk = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_blob (stmt, 2, box_pk, crypto_box_PUBLICKEYBYTES, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, sign_pk, crypto_sign_PUBLICKEYBYTES, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error) && add_sign_key (db, member_id, sign_pk, error);
}

gboolean
ct_store_set_setting (sqlite3    *db,
                      const char *key,
                      const char *value,
                      GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

char *
ct_store_get_setting (sqlite3    *db,
                      const char *key,
                      GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT value FROM settings WHERE key = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean damaged = FALSE;
      const char *value = ct_store_column_text (stmt, 0, &damaged);

      if (!damaged)
        return g_strdup (value);
      rc = SQLITE_CORRUPT;
    }
  if (rc != SQLITE_DONE)
    ct_store_set_error (db, rc, error);
  else
    g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("No such team setting."));
  return NULL;
}

gboolean
ct_store_case_number_taken (sqlite3    *db,
                            const char *number,
                            gint64      except_id)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT 1 FROM cases WHERE number = ?1 AND id <> ?2", NULL);

  if (stmt == NULL || number == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, except_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}
