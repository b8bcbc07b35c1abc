#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-retention.sh CASUSTAFEL_CLI
#
# purge and erase of casustafel-cli on a small demo team: who may, the dry
# run and the preview change nothing, a purge anonymises what is due and
# leaves the file's check passing, an erasure needs a legal ground. Prints
# TAP. The demo's cases carry no term, so the team's own term (24 months)
# applies; CASUSTAFEL_TEST_NOW moves the day so that some have ended.

set -euo pipefail

CLI=${1:?usage: test-cli-retention.sh CASUSTAFEL_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"

test_demo () {
  make_demo 30
}

test_not_beheerder () {
  run regisseur purge --dry-run
  [[ $rc == 1 && $err == *"Only a beheerder"* ]] || fail "a regisseur may not purge"
  run regisseur erase --household 1 --ground bezwaar
  [[ $rc == 1 && $err == *"Only a beheerder"* ]] || fail "a regisseur may not erase"
}

due_count () {
  run beheerder purge --dry-run
  [[ $rc == 0 ]] || { fail "dry run"; return 1; }
  sed -n 's/^\([0-9]*\) households\{0,1\} would be anonymised\.$/\1/p' <<<"$out"
}

test_dry_run () {
  export CASUSTAFEL_TEST_NOW=2031-01-01T12:00:00Z
  local first second
  first=$(due_count) || return 1
  [[ $first -gt 0 ]] || { fail "nothing due five years on"; return 1; }
  run beheerder purge --dry-run  # due_count ran in a subshell
  local why="^Household [0-9]+: case [^ ]+, the team’s own term, ended on 20[0-9-]+\.$"
  grep -qE "$why" <<<"$out" ||
    { fail "the dry run does not say why"; return 1; }
  second=$(due_count) || return 1
  [[ $first == "$second" ]] || fail "a dry run changed something"
  unset CASUSTAFEL_TEST_NOW
  [[ $(due_count) == 0 ]] || fail "something is due today already"
}

test_purge () {
  export CASUSTAFEL_TEST_NOW=2031-01-01T12:00:00Z
  local due
  due=$(due_count) || return 1
  run beheerder purge
  [[ $rc == 0 && $out == "Anonymised $due households ("*" rows changed)." ]] ||
    { fail "purge"; return 1; }
  [[ $(due_count) == 0 ]] || { fail "due again after the purge"; return 1; }
  run beheerder check
  [[ $rc == 0 && $out == ok ]] || { fail "check after the purge"; return 1; }
  run beheerder log
  [[ $rc == 0 && $(grep -c "retention purge; " <<<"$out") == "$due" ]] ||
    fail "one log entry per household"
  unset CASUSTAFEL_TEST_NOW
}

test_erase () {
  run beheerder erase --household 2
  [[ $rc == 2 && $err == *"--ground"* ]] || { fail "no ground"; return 1; }
  run beheerder erase --household 2 --ground omdat --yes
  [[ $rc == 1 && $err == *"Legal ground: "* ]] || { fail "a made-up ground"; return 1; }
  run beheerder erase --household 0 --ground bezwaar
  [[ $rc == 2 ]] || { fail "household 0"; return 1; }
  run beheerder erase --household 99999 --ground bezwaar
  [[ $rc == 1 && $err == *"no such household"* ]] || { fail "no such household"; return 1; }
  run beheerder erase --household 2 --ground bezwaar
  [[ $rc == 0 && $out == "Would erase household 2: "* ]] || { fail "the preview"; return 1; }
  run beheerder erase --household 2 --ground bezwaar
  [[ $rc == 0 ]] || { fail "the preview erased"; return 1; }
  run beheerder erase --household 2 --ground bezwaar --yes
  [[ $rc == 0 ]] || { fail "erase"; return 1; }
  run beheerder erase --household 2 --ground bezwaar
  [[ $rc == 1 && $err == *"no such household"* ]] || { fail "still there"; return 1; }
  run beheerder check
  [[ $rc == 0 && $out == ok ]] || fail "check after the erasure"
}

test_inzage () {
  run beheerder inzage --household 3 --out "$tmp/beheer.pdf"
  [[ $rc == 1 && $err == *"Only a regisseur"* && ! -e $tmp/beheer.pdf ]] ||
    { fail "a beheerder who is no regisseur"; return 1; }
  run regisseur inzage --household 3 --out "$team"
  [[ $rc == 1 ]] || { fail "wrote over the team file"; return 1; }
  run regisseur inzage --household 3 --out "$tmp/inzage.pdf"
  [[ $rc == 0 && $(head -c 5 "$tmp/inzage.pdf") == "%PDF-" ]] || { fail "no PDF"; return 1; }
  ls -A "$tmp" | grep -q casustafel- && { fail "a temporary file is left"; return 1; }
  run beheerder log
  [[ $(grep -c "inzage" <<<"$out") -ge 1 ]] || fail "the inzage is not logged"
}

check "demo makes a team" test_demo
check "only a beheerder purges or erases" test_not_beheerder
check "a dry run lists what is due, and why, and changes nothing" test_dry_run
check "a purge anonymises what is due, once; check passes; one log entry each" test_purge
check "inzage: a regisseur writes the PDF, logged; no one else; never over the team file" \
  test_inzage
check "erase: a ground is required and checked; preview first, then --yes" test_erase

finish
