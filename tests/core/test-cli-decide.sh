#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-decide.sh CASUSTAFEL_CLI
#
# meeting-reopen, doorbraak-withdraw, doorbraak-check and doorbraak-mark on a
# demo team: the roles the core refuses, bad input named by its option or
# field, and marking names word by word (one marked, the other still
# flagged), each mark with its reason in the access log. Prints TAP. Run by
# meson with CASUSTAFEL_TEST_KDF=interactive.

set -euo pipefail

CLI=${1:?usage: test-cli-decide.sh CASUSTAFEL_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"
# One fixed moment for every command: the demo team draws its meetings,
# advice and breakthroughs from the day it is made, and on some weekdays
# seed 5's twenty households have no approved breakthrough to test (every
# Sunday did). A Monday, and the same day for the commands that follow.
export CASUSTAFEL_TEST_NOW=2026-12-07T10:00:00Z
team=$tmp/demo.casus

# run LOGIN ARG...: the command as LOGIN (passphrase "demo"); sets $out, $err, $rc.
# expect DESCRIPTION RC [STDERR-PATTERN]
expect () {
  local status=0
  [[ $rc == "$2" ]] || status=1
  if [[ $# -ge 3 && $err != *"$3"* ]]; then
    status=1
  fi
  if [[ $status != 0 ]]; then
    echo "# exit status $rc, expected $2"
    sed 's/^/#   stdout: /' <<<"$out" | head -n 20
    sed 's/^/#   stderr: /' <<<"$err" | head -n 20
  fi
  report "$status" "$1"
}

log_has () {
  run beheerder log
  [[ $rc == 0 && $out == *"$1"* ]]
}

"$CLI" demo "$team" --households 20 --seed 5 >/dev/null
# The check reads the names of every person the member may see; the person
# imported below is in no household the regisseur is involved in.
run beheerder need-to-know --off
expect "need-to-know --off" 0

# --- meeting-reopen ---------------------------------------------------------
run regisseur meeting-reopen --meeting 1 --reason "Punt vergeten"
expect "meeting-reopen: a regisseur is refused" 1 "Only the voorzitter or a beheerder"
run voorzitter meeting-reopen --meeting 1 --reason "   "
expect "meeting-reopen: a blank reason is named" 1 "Reason: "
run voorzitter meeting-reopen --meeting 1
expect "meeting-reopen: --reason is required" 2 "--reason"
run voorzitter meeting-reopen --meeting 1999-13-45 --reason "Punt vergeten"
expect "meeting-reopen: an unknown date is named" 1 "--meeting: "
run voorzitter meeting-reopen --meeting 999999 --reason "Punt vergeten"
expect "meeting-reopen: an unknown number is refused" 1 "no such record"
# The demo's meetings held in the past are closed; the first one found is
# reopened, and once it is in progress it cannot be reopened again.
closed=
for id in $(seq 1 20); do
  run voorzitter meeting-reopen --meeting "$id" --reason "Punt vergeten"
  if [[ $rc == 0 ]]; then
    closed=$id
    break
  fi
done
check "meeting-reopen: the voorzitter reopens a closed meeting (number $closed)" test -n "$closed"
check "meeting-reopen says the meeting is open again" grep -q "open again" <<<"$out"
run voorzitter meeting-reopen --meeting "$closed" --reason "Nog eens"
expect "meeting-reopen: a meeting in progress is not reopened" 1 "Status: "
check "meeting-reopen: the reason is in the log" log_has "reopen meeting; Punt vergeten"

# --- the demo's breakthrough ------------------------------------------------
# Seed 5 with 20 households has one breakthrough, approved; its id is what
# `case --json` shows.
doorbraak=
for number in $(printf 'demo\n' | "$CLI" cases "$team" --login regisseur --passphrase-stdin \
                  | awk 'NR > 1 { print $1 }'); do
  run regisseur case "$number" --json
  doorbraak=$(python3 -c '
import json, sys
for d in json.load(sys.stdin).get("doorbraken") or []:
    if d["status"] == "goedgekeurd":
        print(d["id"])' <<<"$out" | head -n 1)
  [[ -z $doorbraak ]] || break
done
check "the demo team has an approved breakthrough (id $doorbraak)" test -n "$doorbraak"

# --- doorbraak-check and doorbraak-mark -------------------------------------
# A person whose names are words of every example: its title
# ("# Breakthrough: ...") and the heading "## Situation". The check flags both.
cat >"$tmp/import.csv" <<'CSV'
number,referral_date,first_name,last_name
2026-900,2026-03-02,Breakthrough,Situation
CSV
run regisseur import "$tmp/import.csv"
expect "import: a person named Breakthrough Situation" 0
run regisseur doorbraak-check --doorbraak "$doorbraak"
expect "doorbraak-check: refused while names are found" 1 "could identify a person"
check "doorbraak-check: kind, field and word per line" grep -q $'^name\tsituation\tSituation$' <<<"$out"
check "doorbraak-check: Breakthrough is flagged" grep -q $'\tBreakthrough$' <<<"$out"

run voorzitter doorbraak-check --doorbraak "$doorbraak"
expect "doorbraak-check: the voorzitter, without identity access, is refused" 1
run voorzitter doorbraak-mark --doorbraak "$doorbraak" --word Situation --reason "Kop"
expect "doorbraak-mark: the voorzitter, without identity access, is refused" 1
run regisseur doorbraak-mark --doorbraak "$doorbraak" --word Situation
expect "doorbraak-mark: --reason is required" 2 "--reason"
run regisseur doorbraak-mark --doorbraak "$doorbraak" --word Situation --reason " "
expect "doorbraak-mark: a blank reason is named" 1 "Reason: "
run regisseur doorbraak-mark --doorbraak "$doorbraak" --word "" --reason "Kop"
expect "doorbraak-mark: an empty word is named" 1 "Word: "
run regisseur doorbraak-mark --doorbraak "$doorbraak" --word "Situation; Breakthrough" \
  --reason "Kop"
expect "doorbraak-mark: two words at once are refused" 1 "Word: "
run regisseur doorbraak-mark --doorbraak "$doorbraak" --word Gemeentehuis --reason "Kop"
expect "doorbraak-mark: a word that is not flagged is refused" 1 "Word: "
run regisseur doorbraak-mark --doorbraak 999999 --word Situation --reason "Kop"
expect "doorbraak-mark: an unknown breakthrough is refused" 1 "no such record"
run regisseur doorbraak-mark --doorbraak x1 --word Situation --reason "Kop"
expect "doorbraak-mark: an id that is no number is a usage error" 2 "--doorbraak: "

run regisseur doorbraak-mark --doorbraak "$doorbraak" --word Situation \
  --reason "Kop van het voorbeeld"
expect "doorbraak-mark: one word marked" 0
run regisseur doorbraak-check --doorbraak "$doorbraak"
expect "doorbraak-check: still refused while Breakthrough is flagged" 1
check "doorbraak-check: Breakthrough is still flagged" grep -q $'\tBreakthrough$' <<<"$out"
check "doorbraak-check: Situation, marked, is no longer flagged" \
  test "$(grep -c $'\tSituation$' <<<"$out")" = 0
run regisseur doorbraak-mark --doorbraak "$doorbraak" --word breakthrough --reason "Ook een kop"
expect "doorbraak-mark: the second word, in other capitals, with its own reason" 0
run regisseur doorbraak-check --doorbraak "$doorbraak"
expect "doorbraak-check: clean once both are marked" 0
check "doorbraak-mark: the first word and its reason are in the log" \
  log_has "not identifying; Situation; Kop van het voorbeeld"
check "doorbraak-mark: the second word and its own reason are in the log" \
  log_has "not identifying; breakthrough; Ook een kop"

# --- doorbraak-withdraw -----------------------------------------------------
run regisseur doorbraak-withdraw --doorbraak "$doorbraak" --reason "Mandaat ontbrak"
expect "doorbraak-withdraw: a regisseur is refused" 1
run voorzitter doorbraak-withdraw --doorbraak abc --reason "Mandaat ontbrak"
expect "doorbraak-withdraw: an id that is no number is a usage error" 2 "--doorbraak: "
run voorzitter doorbraak-withdraw --doorbraak 0 --reason "Mandaat ontbrak"
expect "doorbraak-withdraw: 0 is a usage error" 2 "--doorbraak: "
run voorzitter doorbraak-withdraw --doorbraak "$doorbraak" --reason ""
expect "doorbraak-withdraw: an empty reason is named" 1 "Reason: "
run voorzitter doorbraak-withdraw --doorbraak "$doorbraak" --reason "Mandaat ontbrak"
expect "doorbraak-withdraw: the voorzitter withdraws" 0
run voorzitter doorbraak-withdraw --doorbraak "$doorbraak" --reason "Nog eens"
expect "doorbraak-withdraw: a proposal has no approval to withdraw" 1 "Status: "
check "doorbraak-withdraw: the reason is in the log" log_has "withdraw approval; Mandaat ontbrak"
run regisseur doorbraak-check --doorbraak "$doorbraak"
expect "doorbraak-check: a proposal is not shared" 1 "Status: "

finish
