#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-sync.sh CASUSTAFEL_CLI
#
# sync-enable, sync-replica and sync of casustafel-cli on a small demo
# team: two replicas, each with a state folder of its own as on its own
# laptop, converge to the same `cases --json` for the same member; a
# flipped change file is refused with its name and reason and exit status
# 1; a member who is not a beheerder cannot switch sync on; sync-status
# (text and --json) says what was sent, received, waits and was refused,
# and sync-folder chooses the folder that sync then uses; sync --snapshot
# writes a snapshot with no plaintext of a client in it; a Syncthing
# conflict copy edited on its own merges back with nothing lost, and a
# file of another team is refused; a removed member's sync says when and by
# whom they were removed and that what was made since was not sent, and
# the other laptop names the removal in its refusal. Prints TAP.

set -euo pipefail

CLI=${1:?usage: test-cli-sync.sh CASUSTAFEL_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"
folder=$tmp/folder
mkdir "$folder"

run () {  # run LAPTOP FILE LOGIN COMMAND ARGS...: passphrase "demo"
  local laptop=$1 file=$2 login=$3 command=$4
  shift 4
  rc=0
  out=$(printf 'demo\n' | XDG_STATE_HOME="$tmp/state-$laptop" \
        "$CLI" $command "$file" --login "$login" --passphrase-stdin "$@" 2>"$tmp/stderr") || rc=$?
  err=$(<"$tmp/stderr")
}

test_setup () {
  "$CLI" demo "$team" --households 3 >/dev/null
  run base "$team" regisseur sync-enable
  [[ $rc == 1 && $err == *beheerder* ]] || { fail "a regisseur switched sync on"; return 1; }
  run base "$team" beheerder sync-enable
  [[ $rc == 0 ]] || { fail "sync-enable"; return 1; }
  for r in a b c; do
    cp "$team" "$tmp/$r.casus"
    run "$r" "$tmp/$r.casus" regisseur sync-replica
    [[ $rc == 0 ]] || { fail "sync-replica $r"; return 1; }
  done
}

test_converge () {
  printf 'number,referral_date,first_name,last_name\n2026-0101,2026-01-05,Anna,Vogel\n' \
    >"$tmp/new.csv"
  run a "$tmp/a.casus" regisseur import "$tmp/new.csv"
  [[ $rc == 0 ]] || { fail "import on replica a"; return 1; }
  run a "$tmp/a.casus" regisseur sync --folder "$folder"
  [[ $rc == 0 && $out == "Sent "[1-9]* ]] || { fail "sync a"; return 1; }
  run b "$tmp/b.casus" regisseur sync --folder "$folder"
  [[ $rc == 0 && $out == *"applied 1 file"* ]] || { fail "sync b"; return 1; }
  run a "$tmp/a.casus" regisseur cases --json
  local cases_a=$out
  run b "$tmp/b.casus" regisseur cases --json
  [[ $out == "$cases_a" && $out == *2026-0101* ]] || { fail "cases differ"; return 1; }
}

test_refused () {
  local file
  file=$(find "$folder" -name '000000000001.ctchange' | head -n 1)
  printf '\x01' | dd of="$file" bs=1 seek=200 conv=notrunc status=none
  run c "$tmp/c.casus" regisseur sync --folder "$folder"
  [[ $rc == 1 && $err == *000000000001.ctchange*"signature does not hold"* ]] \
    || { fail "a flipped file was not refused"; return 1; }
  run c "$tmp/c.casus" regisseur cases --json
  [[ $out != *2026-0101* ]] || { fail "the flipped file was applied"; return 1; }
}

# jq-less JSON checks: python3 reads the status on stdin and evaluates $1.
json_check () {
  python3 -c "import json, sys; s = json.load(sys.stdin); sys.exit(0 if ($1) else 1)" <<<"$out"
}

test_status_fresh () {
  run base "$team" beheerder sync-status --json
  json_check 's["health"] == "waiting" and s["folder"] is None and s["last_sync"] is None
              and s["sent_file"] == 0 and s["replicas"] == [] and s["refused"] == []
              and s["edits_not_kept"] == []' \
    || { fail "status of a file never synced"; return 1; }
  "$CLI" demo "$tmp/plain.casus" --households 1 >/dev/null
  run base "$tmp/plain.casus" beheerder sync-status
  [[ $rc == 1 && $err == *"not switched on"* ]] || { fail "status without sync"; return 1; }
}

test_status_synced () {
  run a "$tmp/a.casus" regisseur sync-status --json
  json_check 's["health"] == "in-sync" and s["sent_file"] == 1 and s["last_sent"]
              and s["last_received"] is None and s["pending_changes"] == 0' \
    || { fail "status of the sender"; return 1; }
  run b "$tmp/b.casus" regisseur sync-status --json
  json_check 's["health"] == "in-sync" and s["sent_file"] == 0 and s["last_received"]
              and len(s["replicas"]) == 1 and s["replicas"][0]["applied_file"] == 1
              and s["replicas"][0]["member"] == "Sanne de Bruin"
              and s["replicas"][0]["last_activity"]' \
    || { fail "status of the receiver"; return 1; }
  run b "$tmp/b.casus" regisseur sync-status
  [[ $rc == 0 && $out == *"Status: in sync"* && $out == *"of Sanne de Bruin: file 1 applied"* ]] \
    || { fail "status as text"; return 1; }
  printf 'number,referral_date,first_name,last_name\n2026-0102,2026-01-06,Bram,Vos\n' \
    >"$tmp/more.csv"
  run a "$tmp/a.casus" regisseur import "$tmp/more.csv"
  run a "$tmp/a.casus" regisseur sync-status --json
  json_check 's["health"] == "waiting" and s["pending_changes"] > 0' \
    || { fail "a change not yet sent is not waiting"; return 1; }
}

test_status_refused () {
  run c "$tmp/c.casus" regisseur sync-status --json
  json_check 's["health"] == "problem" and len(s["refused"]) == 1
              and s["refused"][0]["file"] == 1
              and "signature does not hold" in s["refused"][0]["reason"]' \
    || { fail "a refused file is not a problem"; return 1; }
}

test_folder () {
  run a "$tmp/a.casus" regisseur sync-folder "$tmp/nowhere"
  [[ $rc != 0 && $err == *"Sync folder"*nowhere* ]] || { fail "a missing folder chosen"; return 1; }
  run a "$tmp/a.casus" regisseur sync
  [[ $rc == 2 && $err == *sync-folder* ]] || { fail "sync without any folder"; return 1; }
  run a "$tmp/a.casus" regisseur sync-folder "$folder"
  [[ $rc == 0 ]] || { fail "sync-folder"; return 1; }
  run a "$tmp/a.casus" regisseur sync
  [[ $rc == 0 && $out == "Sent "[1-9]* ]] || { fail "sync through the chosen folder"; return 1; }
  run a "$tmp/a.casus" regisseur sync-status --json
  json_check "s['folder'] == '$folder' and s['health'] == 'in-sync' and s['sent_file'] == 2" \
    || { fail "status after the chosen folder"; return 1; }
}

test_snapshot () {
  local snap
  run a "$tmp/a.casus" regisseur sync --snapshot
  [[ $rc == 0 && $out == *"Snapshot written, up to change file 2 of this replica."* ]] \
    || { fail "sync --snapshot"; return 1; }
  snap=$(find "$folder" -name 'snapshot-000000000002.ctsnap')
  [[ -n $snap ]] || { fail "no snapshot in the folder"; return 1; }
  # Sealed: neither the imported client's name nor SQLite's own header.
  if grep -aq -e Vogel -e 'SQLite format' "$snap"; then
    fail "the snapshot holds plaintext"
    return 1
  fi
}

test_usage () {
  run c "$tmp/c.casus" regisseur sync --folder "$tmp/nowhere"
  [[ $rc == 2 && $err == *nowhere* ]] || { fail "a missing folder"; return 1; }
}

test_merge () {
  local copy="$tmp/b.sync-conflict-20260331-201502-ABCD234.casus" other="$tmp/other.casus"
  cp "$tmp/b.casus" "$copy"
  printf 'number,referral_date,first_name,last_name\n2026-0202,2026-02-02,Bert,Kopie\n' \
    >"$tmp/copy.csv"
  # The copy lives on another laptop (its own state folder) for a while.
  run copy "$copy" regisseur import "$tmp/copy.csv"
  [[ $rc == 0 ]] || { fail "import into the copy"; return 1; }
  run b "$tmp/b.casus" regisseur merge "$copy"
  [[ $rc == 0 && $out == "Merged: "[1-9]*" record"*" added"* ]] || { fail "merge"; return 1; }
  run b "$tmp/b.casus" regisseur cases --json
  [[ $out == *2026-0202* && $out == *2026-0101* ]] || { fail "a case was lost"; return 1; }
  run b "$tmp/b.casus" regisseur merge "$copy"
  [[ $rc == 0 && $out == "Merged: nothing new in the copy." ]] \
    || { fail "a second merge changed something"; return 1; }
  "$CLI" demo "$other" --households 1 >/dev/null
  run b "$tmp/b.casus" regisseur merge "$other"
  [[ $rc != 0 && $err == *"another team"* ]] || { fail "another team's file merged"; return 1; }
}

# The regisseur is removed on the beheerder's laptop while hers is
# offline: the file she sent before she knew is refused there, naming her
# and the removal; the sync that brings the removal to her laptop fails,
# saying when and by whom she was removed and that the changes made there
# since were not sent; so does her next unlock, once.
test_removed () {
  local folder2=$tmp/folder2
  mkdir "$folder2"
  cp "$team" "$tmp/d.casus"
  cp "$team" "$tmp/e.casus"
  run d "$tmp/d.casus" beheerder sync-replica
  run e "$tmp/e.casus" regisseur sync-replica
  run d "$tmp/d.casus" beheerder sync --folder "$folder2"
  run e "$tmp/e.casus" regisseur sync --folder "$folder2"
  [[ $rc == 0 ]] || { fail "the replicas' first syncs"; return 1; }
  run d "$tmp/d.casus" beheerder "member remove" --remove regisseur
  [[ $rc == 0 ]] || { fail "member remove"; return 1; }
  printf 'number,referral_date,first_name,last_name\n2026-0301,2026-03-01,Cor,Laat\n' \
    >"$tmp/late.csv"
  run e "$tmp/e.casus" regisseur import "$tmp/late.csv"
  run e "$tmp/e.casus" regisseur sync --folder "$folder2"
  [[ $rc == 0 && $out == "Sent "[1-9]* ]] || { fail "sync before the removal arrived"; return 1; }
  printf 'number,referral_date,first_name,last_name\n2026-0302,2026-03-02,Dirk,Nooit\n' \
    >"$tmp/never.csv"
  run e "$tmp/e.casus" regisseur import "$tmp/never.csv"
  run d "$tmp/d.casus" beheerder sync --folder "$folder2"
  [[ $rc == 1 && $err == *"its author, Sanne de Bruin, was removed from the team before"* ]] \
    || { fail "the file sent after the removal is not refused by name"; return 1; }
  run d "$tmp/d.casus" beheerder sync-status --json
  json_check 'len(s["refused"]) == 1 and s["removed"] is None
              and "Sanne de Bruin, was removed" in s["refused"][0]["reason"]' \
    || { fail "the refusal in sync-status"; return 1; }
  run e "$tmp/e.casus" regisseur sync --folder "$folder2"
  [[ $rc == 1 && $err == *"this laptop no longer syncs"* \
     && $err == *"You were removed from this team on "*" by "*"changes made here were not sent"* ]] \
    || { fail "the removed laptop's sync does not say so"; return 1; }
  if grep -Raq -e Nooit -e Dirk "$folder2"; then
    fail "the change not sent is in the folder"
    return 1
  fi
  # Her next unlock drops her keyslot and says it once more; then the file
  # no longer opens for her.
  run e "$tmp/e.casus" regisseur sync-status --json
  [[ $rc == 1 && $err == *"You were removed from this team on "*"were not sent"* \
     && $err == *"no longer opens for you"* ]] \
    || { fail "the unlock after the removal does not say so"; return 1; }
  run e "$tmp/e.casus" regisseur sync-status
  [[ $rc == 1 && $err == *"login or passphrase is not right"* ]] \
    || { fail "the file still opens for the removed member"; return 1; }
}

check "sync-enable is for a beheerder; copies become replicas" test_setup
check "sync-status of a file never synced, and of one without sync" test_status_fresh
check "two replicas converge through the folder" test_converge
check "sync-status names what was sent, received and is waiting" test_status_synced
check "a flipped change file is refused and named" test_refused
check "sync-status shows the refused file as a problem" test_status_refused
check "sync-folder chooses the folder sync uses" test_folder
check "sync --snapshot writes a sealed snapshot" test_snapshot
check "a missing folder is a usage error" test_usage
check "a conflict copy merged back loses nothing; another team's file is refused" test_merge
check "a removed member's laptop says what was not sent; others name the removal" test_removed

finish
