#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-team-file.sh CASUSTAFEL_CLI [SQLCIPHER_SHELL]
#
# A round trip of every team file command of casustafel-cli, and the inputs it
# must refuse, in a temporary directory that is removed at the end. Prints TAP.
# Run by meson with CASUSTAFEL_TEST_KDF=interactive, so Argon2id is quick.

set -euo pipefail

CLI=${1:?usage: test-cli-team-file.sh CASUSTAFEL_CLI [SQLCIPHER_SHELL]}
SQLCIPHER=${2:-$(command -v sqlcipher || true)}
source "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"
# The team file lives alone in $vault, so anything the CLI leaves beside it
# (a journal, a temporary file, a lock file) is seen.
vault=$tmp/vault
scratch=$tmp/scratch
mkdir "$vault" "$scratch"
team=$vault/team.casus

# Distinctive strings: none of them may appear in the file's raw bytes.
team_name="Wijkteam Xylofoonhaven"
admin=qadminzorro
admin_name="Quirina Zandvoortmeer"
admin_role=regisseur
member=qmemberzebu
member_name="Xaverius Quackenbosch"
member_role=schuldhulpverlening
other=qotherzwaan
other_name="Ypke Zwanenburgh"
other_role=verslavingszorg
pass_admin="correct horse battery admin"
pass_member="tweede wachtwoordzin lid"
pass_member2="derde wachtwoordzin lid!"
pass_admin2="herstelde wachtwoordzin beheerder"

# check DESCRIPTION COMMAND...: one TAP line for COMMAND's status.
# run STDIN ARG...: runs the CLI with STDIN on standard input; sets $out,
# $err and $rc.
run () {
  local input=$1
  shift
  rc=0
  out=$(printf '%s' "$input" | "$CLI" "$@" 2>"$scratch/stderr") || rc=$?
  err=$(<"$scratch/stderr")
}

# Every failure explains itself as a TAP comment.
fail () {
  echo "# $*"
  echo "#   exit status $rc"
  sed 's/^/#   stdout: /' <<<"$out"
  sed 's/^/#   stderr: /' <<<"$err"
  return 1
}

succeeded () {
  [[ $rc == 0 ]] || fail "expected success"
}

# refused STATUS [TEXT]: the run failed with STATUS and one line on stderr
# that starts with "casustafel-cli: " (and holds TEXT, ignoring case).
refused () {
  [[ $rc == "$1" ]] || { fail "expected exit status $1"; return 1; }
  [[ -n $err && $err != *$'\n'* ]] || { fail "expected exactly one line on stderr"; return 1; }
  [[ $err == "casustafel-cli: "* ]] || { fail "expected the casustafel-cli: prefix"; return 1; }
  [[ -z ${2:-} ]] || grep -qiE -- "$2" <<<"$err" || fail "expected '$2' in the error"
}

last_line () {
  tail -n 1 <<<"$out"
}

only_team_file_left () {
  local left
  left=$(ls -A "$vault")
  [[ $left == team.casus ]] || { echo "# left in the directory: $left"; return 1; }
}

unlocks () {  # unlocks LOGIN PASSPHRASE: check says ok
  run "$2"$'\n' check "$team" --login "$1" --passphrase-stdin
  succeeded && [[ $out == ok ]] || fail "expected 'ok'"
}

wrong_credentials () {  # wrong_credentials LOGIN PASSPHRASE: refused, message kept
  run "$2"$'\n' check "$team" --login "$1" --passphrase-stdin
  refused 1 && wrong_message=$err
}

# --- help -------------------------------------------------------------------

test_help () {
  run "" --help
  succeeded || return 1
  for command in init "member add" "member enrol" "member remove" "member list" passwd \
                 check recover repair-chain restore-backup reset-passphrase; do
    grep -qF -- "  $command " <<<"$out" || { fail "--help does not list $command"; return 1; }
  done
}

test_command_help () {
  for command in init "member add" "member enrol" "member remove" "member list" passwd \
                 check recover repair-chain restore-backup reset-passphrase; do
    # shellcheck disable=SC2086 # the words of the command are meant to split
    run "" $command --help
    succeeded && [[ $out == "Usage: casustafel-cli $command "* ]] ||
      { fail "$command --help"; return 1; }
  done
  run "" member --help
  succeeded && grep -qF "member enrol" <<<"$out"
}

check "--help lists every command" test_help
check "COMMAND --help shows the usage of each command" test_command_help

# --- usage errors -----------------------------------------------------------

test_unknown_role () {
  run "$pass_admin"$'\n' init "$team" --team "$team_name" --login "$admin" \
    --name "$admin_name" --role brandweer --admin --passphrase-stdin
  refused 2 "unknown role" && [[ ! -e $team ]] || fail "a file was created"
}

test_missing_login () {
  run "$pass_admin"$'\n' init "$team" --team "$team_name" --name "$admin_name" \
    --role "$admin_role" --admin --passphrase-stdin
  refused 2 "--login" && [[ ! -e $team ]] || fail "a file was created"
}

test_missing_value () {
  run "" init "$team" --team "$team_name" --name "$admin_name" --role "$admin_role" --login
  refused 2 "--login"
}

test_unknown_option () {
  run "" check "$team" --login "$admin" --passphrase-stdin --frobnicate
  refused 2 "--frobnicate"
}

test_unknown_command () {
  run "" frobnicate && refused 2 && run "" member frobnicate && refused 2
}

check "init with an unknown role is a usage error (exit 2)" test_unknown_role
check "init without --login is a usage error (exit 2)" test_missing_login
check "an option without its value is a usage error (exit 2)" test_missing_value
check "an unknown option is a usage error (exit 2)" test_unknown_option
check "an unknown command is a usage error (exit 2)" test_unknown_command

# --- init -------------------------------------------------------------------

test_init () {
  run "$pass_admin"$'\n' init "$team" --team "$team_name" --login "$admin" \
    --name "$admin_name" --role "$admin_role" --admin --passphrase-stdin
  succeeded || return 1
  grep -qF "shown only once" <<<"$out" || { fail "no instruction line"; return 1; }
  recovery_key=$(last_line)
  [[ $recovery_key =~ ^[A-Z0-9]{4}(-[A-Z0-9]{4}){7,}$ ]] ||
    fail "the recovery key is not groups of four letters and digits: $recovery_key"
}

test_init_needs_beheerder () {
  run "$pass_admin"$'\n' init "$team" --team "$team_name" --login "$admin" \
    --name "$admin_name" --role "$admin_role" --passphrase-stdin
  refused 1 && [[ ! -e $team ]] || fail "a file was created"
}

test_init_refuses_existing () {
  run "$pass_admin"$'\n' init "$team" --team "$team_name" --login "$admin" \
    --name "$admin_name" --role "$admin_role" --admin --passphrase-stdin
  refused 1
}

recovery_key=
check "init without --admin is refused: a new team needs a beheerder" test_init_needs_beheerder
check "init creates the team file and prints the recovery key alone on the last line" test_init
check "init leaves nothing but the team file in its directory" only_team_file_left
check "init refuses to overwrite a team file" test_init_refuses_existing
check "the first member unlocks and check says ok" unlocks "$admin" "$pass_admin"

# --- wrong credentials and files that are no team file -------------------------

test_wrong_passphrase () {
  wrong_credentials "$admin" "not the passphrase"
}

test_unknown_login () {
  local wrong_passphrase_message=$wrong_message
  wrong_credentials nosuchloginqq "$pass_admin" || return 1
  [[ $wrong_message == "$wrong_passphrase_message" ]] ||
    fail "unknown login and wrong passphrase are told apart: '$wrong_passphrase_message'"
}

test_not_a_team_file () {
  head -c 200000 /dev/urandom >"$scratch/random.casus"
  run "$pass_admin"$'\n' check "$scratch/random.casus" --login "$admin" --passphrase-stdin
  refused 1 "not a (casustafel )?team file" || return 1
  printf 'Dear team,\nthis is a letter.\n' >"$scratch/letter.casus"
  run "$pass_admin"$'\n' check "$scratch/letter.casus" --login "$admin" --passphrase-stdin
  refused 1 "not a (casustafel )?team file"
}

test_missing_file () {
  run "$pass_admin"$'\n' check "$scratch/nowhere.casus" --login "$admin" --passphrase-stdin
  refused 1
}

test_empty_stdin () {
  run "" check "$team" --login "$admin" --passphrase-stdin
  refused 1
}

wrong_message=
check "a wrong passphrase is refused (exit 1, one line)" test_wrong_passphrase
check "an unknown login gets the same message as a wrong passphrase" test_unknown_login
check "a file that is no team file is refused as such" test_not_a_team_file
check "a missing file is refused" test_missing_file
check "no passphrase on standard input is refused" test_empty_stdin

# --- members ----------------------------------------------------------------

add_member () {  # add_member LOGIN NAME ROLE: sets $code
  run "$pass_admin"$'\n' member add "$team" --login "$admin" --new-login "$1" --name "$2" \
    --role "$3" --passphrase-stdin
  succeeded || return 1
  code=$(last_line)
  [[ -n $code && $code != *" "* ]] || fail "no enrolment code on the last line"
}

test_member_add_unknown_role () {
  run "$pass_admin"$'\n' member add "$team" --login "$admin" --new-login "$member" \
    --name "$member_name" --role brandweer --passphrase-stdin
  refused 2 "unknown role"
}

test_member_add () {
  add_member "$member" "$member_name" "$member_role" && member_code=$code
}

test_list_before_enrolment () {
  run "$pass_admin"$'\n' member list "$team" --login "$admin" --passphrase-stdin
  succeeded || return 1
  grep -qxF "$member"$'\t'"$member_name"$'\t'"$member_role"$'\t'"not enrolled" <<<"$out" ||
    fail "the new member is not listed as not enrolled"
}

test_enrol () {
  run "$member_code"$'\n'"$pass_member"$'\n' member enrol "$team" --login "$member" \
    --passphrase-stdin
  succeeded
}

test_enrol_twice () {
  run "$member_code"$'\n'"$pass_member"$'\n' member enrol "$team" --login "$member" \
    --passphrase-stdin
  refused 1
}

test_list () {
  run "$pass_member"$'\n' member list "$team" --login "$member" --passphrase-stdin
  succeeded || return 1
  [[ $(wc -l <<<"$out") == 2 ]] || { fail "expected two members"; return 1; }
  grep -qxF "$admin"$'\t'"$admin_name"$'\t'"$admin_role"$'\t'"beheerder" <<<"$out" ||
    { fail "the beheerder's line"; return 1; }
  grep -qxF "$member"$'\t'"$member_name"$'\t'"$member_role" <<<"$out" ||
    fail "the enrolled member's line"
}

member_code=
check "member add with an unknown role is a usage error (exit 2)" test_member_add_unknown_role
check "member add prints the enrolment code alone on the last line" test_member_add
check "member list shows the new member as not enrolled" test_list_before_enrolment
check "member enrol sets the new member's passphrase" test_enrol
check "the enrolled member unlocks" unlocks "$member" "$pass_member"
check "an enrolment code works only once" test_enrol_twice
check "member list shows both members, roles, beheerder and enrolled state" test_list

# --- passwd -----------------------------------------------------------------

test_passwd () {
  run "$pass_member"$'\n'"$pass_member2"$'\n' passwd "$team" --login "$member" \
    --passphrase-stdin
  succeeded
}

test_passwd_wrong_old () {
  run "wrong old passphrase"$'\n'"$pass_member2"$'\n' passwd "$team" --login "$member" \
    --passphrase-stdin
  refused 1
}

test_passwd_too_short () {
  run "$pass_member2"$'\n'"kort"$'\n' passwd "$team" --login "$member" --passphrase-stdin
  refused 1
}

check "passwd changes the passphrase" test_passwd
check "after passwd the old passphrase is refused" wrong_credentials "$member" "$pass_member"
check "after passwd the new passphrase unlocks" unlocks "$member" "$pass_member2"
check "passwd refuses a wrong old passphrase" test_passwd_wrong_old
check "passwd refuses a passphrase that is too short" test_passwd_too_short
check "check says ok" unlocks "$admin" "$pass_admin"

# --- member remove ----------------------------------------------------------

test_remove () {  # test_remove LOGIN
  run "$pass_admin"$'\n' member remove "$team" --login "$admin" --remove "$1" --passphrase-stdin
  succeeded
}

test_remove_by_non_admin () {
  run "$pass_member2"$'\n' member remove "$team" --login "$member" --remove "$admin" \
    --passphrase-stdin
  refused 1
}

test_remove_last_admin () {
  run "$pass_admin"$'\n' member remove "$team" --login "$admin" --remove "$admin" \
    --passphrase-stdin
  refused 1
}

test_code_after_removal () {  # test_code_after_removal LOGIN CODE
  run "$2"$'\n'"een nieuwe wachtwoordzin"$'\n' member enrol "$team" --login "$1" \
    --passphrase-stdin
  refused 1
}

test_list_after_removal () {
  run "$pass_admin"$'\n' member list "$team" --login "$admin" --passphrase-stdin
  succeeded && [[ $(wc -l <<<"$out") == 1 && $out == "$admin"$'\t'* ]] ||
    fail "expected the beheerder alone"
}

other_code=
check "member add of a third member" add_member "$other" "$other_name" "$other_role"
other_code=$code
check "a member who is no beheerder cannot remove members" test_remove_by_non_admin
check "removing the last beheerder is refused" test_remove_last_admin
check "member remove removes an enrolled member" test_remove "$member"
check "a removed member's passphrase is refused" wrong_credentials "$member" "$pass_member2"
check "a removed member's old enrolment code is refused" \
  test_code_after_removal "$member" "$member_code"
check "member remove removes a member who never enrolled" test_remove "$other"
check "the enrolment code of a removed member is refused" \
  test_code_after_removal "$other" "$other_code"
check "member list no longer shows removed members" test_list_after_removal

# --- recover ----------------------------------------------------------------

sqlcipher_shell () {  # sqlcipher_shell FILE KEY SQL...: KEY may be empty
  {
    [[ -z $2 ]] || printf 'PRAGMA key = "x'"'"'%s'"'"'";\n' "$2"
    printf '%s\n' "${@:3}"
  } | "$SQLCIPHER" -batch -bail -init /dev/null "$1"
}

test_recover () {
  run "$recovery_key"$'\n' recover "$team" "$scratch/plain.db" --recovery-key-stdin
  succeeded || return 1
  raw_key=$(grep -xE '[0-9a-fA-F]{64}' <<<"$out") || { fail "no raw key alone on a line"; return 1; }
  grep -qF "PRAGMA key = \"x'$raw_key'\";" <<<"$out" || fail "no sqlcipher command line"
}

test_sqlcipher_opens () {
  local tables dump
  tables=$(sqlcipher_shell "$scratch/plain.db" "$raw_key" \
             "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;" 2>&1) ||
    { echo "# sqlcipher: $tables"; return 1; }
  sed 's/^/# table: /' <<<"$tables"
  [[ -n $tables ]] || { echo "# no tables"; return 1; }
  # The data is really there: the dump holds the administrator's login.
  dump=$(sqlcipher_shell "$scratch/plain.db" "$raw_key" .dump 2>&1) ||
    { echo "# sqlcipher: $dump"; return 1; }
  grep -qF "$admin" <<<"$dump" || { echo "# the dump does not hold the login"; return 1; }
}

test_sqlcipher_needs_key () {
  ! sqlcipher_shell "$scratch/plain.db" "" "SELECT name FROM sqlite_master;" >/dev/null 2>&1
}

# Changes one character of the key, to another of the same alphabet.
mistype () {
  local key=$1 position=$2 c
  c=${key:position:1}
  if [[ $c == A ]]; then c=B; else c=A; fi
  printf '%s' "${key:0:position}$c${key:position+1}"
}

test_recovery_key_checksum () {
  local other_key wrong_key_message
  run "$pass_admin"$'\n' init "$scratch/other.casus" --team "Ander team" --login ander \
    --name "Ander" --role voorzitter --admin --passphrase-stdin
  succeeded || return 1
  other_key=$(last_line)
  run "$other_key"$'\n' recover "$team" "$scratch/wrong.db" --recovery-key-stdin
  refused 1 || return 1
  wrong_key_message=$err
  run "$(mistype "$recovery_key" 5)"$'\n' recover "$team" "$scratch/mistyped.db" \
    --recovery-key-stdin
  refused 1 || return 1
  [[ $err != "$wrong_key_message" ]] ||
    fail "a mistyped key gets the same message as a wrong key: $err"
  [[ ! -e $scratch/wrong.db && ! -e $scratch/mistyped.db ]] || fail "a copy was written"
}

raw_key=
check "recover writes a plain SQLCipher copy and prints its raw key" test_recover
if [[ -n $SQLCIPHER ]]; then
  check "the sqlcipher shell opens the copy with the printed key" test_sqlcipher_opens
  check "the sqlcipher shell cannot read the copy without the key" test_sqlcipher_needs_key
else
  report 0 "the sqlcipher shell opens the copy # SKIP no sqlcipher shell (Debian: sqlcipher)"
fi
check "a mistyped recovery key is caught by its checksum, apart from a wrong key" \
  test_recovery_key_checksum

# --- reset-passphrase -------------------------------------------------------

test_reset_passphrase () {
  run "$recovery_key"$'\n'"$pass_admin2"$'\n' reset-passphrase "$team" --member "$admin" \
    --recovery-key-stdin
  succeeded
}

test_reset_unknown_member () {
  run "$recovery_key"$'\n'"$pass_admin2"$'\n' reset-passphrase "$team" \
    --member nosuchloginqq --recovery-key-stdin
  refused 1
}

check "reset-passphrase sets a new passphrase with the recovery key" test_reset_passphrase
check "after reset-passphrase the old passphrase is refused" \
  wrong_credentials "$admin" "$pass_admin"
check "after reset-passphrase the new passphrase unlocks" unlocks "$admin" "$pass_admin2"
check "reset-passphrase of an unknown member is refused" test_reset_unknown_member

# --- repair-chain -----------------------------------------------------------

test_repair_chain_intact () {
  run "$recovery_key"$'\n' repair-chain "$team" --recovery-key-stdin
  succeeded || return 1
  grep -qF "The team chain itself is intact." <<<"$out" &&
    grep -qF "rewritten from the chain: 0" <<<"$out" &&
    grep -qF "belong to no member of the chain: 0" <<<"$out" ||
    { fail "repair-chain of an intact file did not say so"; return 1; }
  [[ -z $err ]] || fail "repair-chain of an intact file reported a failed check"
}

test_repair_chain_mistyped_key () {
  run "$(mistype "$recovery_key" 5)"$'\n' repair-chain "$team" --recovery-key-stdin
  refused 1 "mistyped"
}

check "repair-chain of an intact file changes only the database key" test_repair_chain_intact
check "after repair-chain the passphrase still unlocks" unlocks "$admin" "$pass_admin2"
check "repair-chain with a mistyped recovery key is refused" test_repair_chain_mistyped_key

# --- restore-backup ---------------------------------------------------------

test_restore_backup () {
  cp "$team" "$scratch/backup.casus"
  run "$pass_admin2"$'\n' member add "$team" --login "$admin" --new-login qlaterzoe \
    --name "Later Zoe" --role ggz --passphrase-stdin
  succeeded || return 1
  cp "$scratch/backup.casus" "$team"
  rm "$scratch/backup.casus"
  run "$pass_admin2"$'\n' check "$team" --login "$admin" --passphrase-stdin
  refused 1 "older" || return 1
  run "$pass_admin2"$'\n' restore-backup "$team" --login "$admin" --passphrase-stdin
  succeeded || return 1
  grep -qF "Put back an older copy." <<<"$out" || { fail "no word of what was lost"; return 1; }
  run "$pass_admin2"$'\n' log "$team" --login "$admin" --passphrase-stdin
  succeeded && grep -qF "restore older copy" <<<"$out" ||
    fail "the access log does not hold the restore"
}

check "an older copy is refused, and restore-backup puts it back deliberately, logged" \
  test_restore_backup
check "after restore-backup the file unlocks as usual" unlocks "$admin" "$pass_admin2"

# --- what the file shows to anyone ------------------------------------------

test_no_plain_text () {
  local found=0 count
  for text in "$team_name" "$admin" "$admin_name" "$admin_role" "$member" "$member_name" \
              "$member_role" "$other" "$other_name" "$other_role"; do
    count=$(grep -c -a -F -- "$text" "$team" || true)
    if [[ $count != 0 ]]; then
      echo "# the team file holds '$text' in plain text"
      found=1
    fi
  done
  return "$found"
}

check "the team file holds no team name, login, name or role in plain text" test_no_plain_text
check "after every command nothing but the team file is left in its directory" \
  only_team_file_left

finish
