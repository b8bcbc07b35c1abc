/* ct-store-migrations.c — the schema's numbered migrations
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every table of a team file is made and changed here, one numbered step
 * at a time, and ct_store_migrate() applies the steps a file lacks. An
 * applied step is never edited: a new one is appended at the end. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-error.h"
#include "ct-store.h"

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
  /* 13: team sync (docs/sync-files.md): this replica's device and clock, the
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
  /* 15: the team chain's statements as sync knows them (docs/sync-files.md):
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
   * (ct-session-sync-apply.c; docs/sync-files.md) */
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
   * docs/sync-security.md) */
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
  /* 22: the statements of a team chain's branch that lost a fork, kept
   * beside the chain so that a change file written on that branch is
   * judged by it on every replica, and an anchor that saw it still
   * holds (docs/sync-chain.md, "Forks"); append-only like the chain */
  "CREATE TABLE sync_chain_branches ("
  "  seq INTEGER NOT NULL,"
  "  hash BLOB NOT NULL,"
  "  fork INTEGER NOT NULL,"
  "  body BLOB NOT NULL,"
  "  signer BLOB NOT NULL,"
  "  signature BLOB NOT NULL,"
  "  hlc INTEGER NOT NULL,"
  "  own INTEGER NOT NULL,"
  "  PRIMARY KEY (seq, hash));"
  "CREATE TRIGGER sync_chain_branches_no_update BEFORE UPDATE ON sync_chain_branches "
  "  BEGIN SELECT RAISE (ABORT, 'a kept branch of the team chain is append-only'); END;"
  "CREATE TRIGGER sync_chain_branches_no_delete BEFORE DELETE ON sync_chain_branches "
  "  BEGIN SELECT RAISE (ABORT, 'a kept branch of the team chain is append-only'); END;",
  /* 23: a sync key version is named by its number and the hash of the
   * chain statement that made it (docs/sync-security.md, "Key versions named by
   * their statement"), so two branches of a fork can each hold a version
   * n + 1 of their own side by side; versions made before have zeros */
  "CREATE TABLE sync_keys_named ("
  "  version INTEGER NOT NULL,"
  "  made_by BLOB NOT NULL,"
  "  holder BLOB NOT NULL,"
  "  sealed BLOB NOT NULL,"
  "  PRIMARY KEY (version, made_by, holder));"
  "INSERT INTO sync_keys_named (version, made_by, holder, sealed) "
  "  SELECT version, zeroblob (32), holder, sealed FROM sync_keys;"
  "DROP TABLE sync_keys;"
  "ALTER TABLE sync_keys_named RENAME TO sync_keys;"
  "ALTER TABLE sync_state ADD COLUMN key_made_by BLOB NOT NULL DEFAULT "
  "  x'0000000000000000000000000000000000000000000000000000000000000000';"
  /* an earlier version refused the files of a laptop updated before it
   * (CTSYNC03) for good: each refusal is read again, as one kept without
   * its file's digest is (ct-session-sync-apply.c) */
  "UPDATE sync_refused SET digest = NULL;",
  /* 24: a category key version is named like a sync key version, by its
   * number and the hash of the chain statement that made it, in the
   * versions, their grants and the rotations that wait (docs/sync-security.md,
   * "Key versions named by their statement"); versions made before, and a
   * rotation waiting from before, have zeros. A laptop not yet updated
   * refused the files of one updated before it (CTSYNC04) for good: each
   * refusal is read again, as at migration 23 */
  "CREATE TABLE category_keys_named ("
  "  category TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  made_by BLOB NOT NULL,"
  "  used INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  previous BLOB,"
  "  PRIMARY KEY (category, version, made_by));"
  "INSERT INTO category_keys_named (category, version, made_by, used, created_at, previous) "
  "  SELECT category, version, zeroblob (32), used, created_at, previous FROM category_keys "
  "  ORDER BY rowid;"
  "DROP TABLE category_keys;"
  "ALTER TABLE category_keys_named RENAME TO category_keys;"
  "CREATE TABLE key_grants_named ("
  "  holder INTEGER NOT NULL,"
  "  category TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  made_by BLOB NOT NULL,"
  "  sealed BLOB NOT NULL,"
  "  PRIMARY KEY (holder, category, version, made_by));"
  "INSERT INTO key_grants_named (holder, category, version, made_by, sealed) "
  "  SELECT holder, category, version, zeroblob (32), sealed FROM key_grants;"
  "DROP TABLE key_grants;"
  "ALTER TABLE key_grants_named RENAME TO key_grants;"
  "ALTER TABLE pending_rotations ADD COLUMN made_by BLOB NOT NULL DEFAULT "
  "  x'0000000000000000000000000000000000000000000000000000000000000000';"
  "UPDATE sync_refused SET digest = NULL;",
  /* 25: a category key rotated at an unlock, after the statement that made
   * it wait was sent, marks (a row) that its versions and grants go in the
   * next change file, which may carry no statement (docs/sync-security.md, "A
   * rotation made at a later unlock") */
  "CREATE TABLE IF NOT EXISTS sync_keys_unsent (id INTEGER PRIMARY KEY CHECK (id = 1));",
  /* 26: this laptop's own values that a sync could not keep, kept for
   * their author to make again (docs/sync-merge.md, "Edits not kept"):
   * local, never sent, left out of a snapshot; each value as its column
   * held it (a category's field sealed) */
  "CREATE TABLE IF NOT EXISTS sync_unkept ("
  "  id INTEGER PRIMARY KEY,"
  "  tbl TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  field TEXT NOT NULL,"
  "  value,"
  "  hlc INTEGER NOT NULL,"
  "  at TEXT NOT NULL,"
  "  reason TEXT NOT NULL CHECK (reason IN ('category', 'conflict', 'lost', 'merge')));"
  "CREATE INDEX IF NOT EXISTS sync_unkept_row ON sync_unkept (tbl, row_id);",
  /* 27: a member's newest number among a replica's travelled log entries,
   * asked for every entry a change file carries (device_member_seq() in
   * ct-audit-sync.c), found by an index instead of a walk through every
   * entry of that replica (docs/sync.md, "Benchmark") */
  "CREATE INDEX IF NOT EXISTS access_log_remote_member "
  "  ON access_log_remote (device, member_id, member_seq);",
};

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
