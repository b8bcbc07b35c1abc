#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-involve.sh CASUSTAFEL_CLI
#
# involve of casustafel-cli on a small demo team, need-to-know on: who may
# list, add and remove (the household's regisseur and a beheerder; a member
# may step out), that an added member then sees the household whole, bad
# options and unknown names refused with a message naming the option, and
# the access log naming each change. Prints TAP.

set -euo pipefail

CLI=${1:?usage: test-cli-involve.sh CASUSTAFEL_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"

kase=

# A case whose household politie is not involved in yet.
test_demo () {
  make_demo 8 || return 1
  run beheerder need-to-know --on
  [[ $rc == 0 ]] || { fail "need-to-know on"; return 1; }
  run beheerder cases
  [[ $rc == 0 ]] || { fail "cases"; return 1; }
  local number
  for number in $(awk 'NR > 1 { print $1 }' <<<"$out"); do
    run beheerder involve --case "$number" --list
    [[ $rc == 0 ]] || { fail "list as beheerder"; return 1; }
    if grep -qP '^regisseur\t[^\t]+\t[^\t]*regisseur' <<<"$out" && ! grep -q '^politie' <<<"$out"
    then
      kase=$number
      return 0
    fi
  done
  fail "no case directed by regisseur without politie"
}

test_usage () {
  run regisseur involve --case "$kase"
  [[ $rc == 2 && $err == *"exactly one of --add, --remove and --list"* ]] ||
    { fail "no action"; return 1; }
  run regisseur involve --case "$kase" --list --add politie
  [[ $rc == 2 && $err == *"exactly one of"* ]] || { fail "two actions"; return 1; }
  run regisseur involve --add politie
  [[ $rc == 2 && $err == *"--case"* ]] || { fail "no --case"; return 1; }
  run regisseur involve --case 1999-999 --list
  [[ $rc == 1 && $err == *"--case: there is no case “1999-999”"* ]] ||
    { fail "unknown case"; return 1; }
  run regisseur involve --case "$kase" --add niemand
  [[ $rc == 1 && $err == *"--add: there is no member “niemand” in this team"* ]] ||
    fail "unknown member"
}

test_refused () {
  run politie involve --case "$kase" --add ggz
  [[ $rc == 1 && $err == *"Only the household’s regisseur or a beheerder may add"* ]] ||
    { fail "politie may not add"; return 1; }
  run politie involve --case "$kase" --add politie
  [[ $rc == 1 && $err == *"cannot add yourself"* ]] ||
    { fail "politie may not add themselves"; return 1; }
  run politie involve --case "$kase" --list
  [[ $rc == 1 && $err == *"Only a beheerder or the household’s regisseur may see"* ]] ||
    { fail "politie may not list"; return 1; }
  run ggz involve --case "$kase" --remove regisseur
  [[ $rc == 1 && $err == *"Only the household’s regisseur or a beheerder"* ]] ||
    { fail "ggz may not remove"; return 1; }
  run regisseur involve --case "$kase" --add regisseur
  [[ $rc == 1 && $err == *"cannot add yourself"* ]] || fail "nor the regisseur themselves"
}

test_add () {
  local before after
  run politie case "$kase"
  [[ $rc == 0 && $err == *"outside your involvement"* ]] ||
    { fail "politie is not involved before"; return 1; }
  # The core dates an involvement by the local day; midnight may pass.
  before=$(date +%F)
  run regisseur involve --case "$kase" --add politie
  after=$(date +%F)
  [[ $rc == 0 && $out == "Added."* ]] || { fail "the regisseur adds politie"; return 1; }
  run regisseur involve --case "$kase" --list
  grep -qP "^politie\t[^\t]+\texplicit\tregisseur\t($before|$after)\$" <<<"$out" ||
    { fail "the list names politie, why, who and when"; return 1; }
  run politie case "$kase"
  [[ $rc == 0 && $err != *"outside your involvement"* ]] || fail "politie now sees it whole"
}

test_remove () {
  run politie involve --case "$kase" --remove politie
  [[ $rc == 0 && $out == "Removed."* ]] || { fail "politie steps out"; return 1; }
  run politie involve --case "$kase" --remove politie
  [[ $rc == 1 && $err == *"was not added to this household"* ]] ||
    { fail "removing twice"; return 1; }
  run politie case "$kase"
  [[ $err == *"outside your involvement"* ]] || { fail "politie is out again"; return 1; }
  run beheerder involve --case "$kase" --add ggz
  [[ $rc == 0 ]] || { fail "a beheerder adds"; return 1; }
  run regisseur involve --case "$kase" --remove ggz
  [[ $rc == 0 ]] || { fail "the regisseur removes what the beheerder added"; return 1; }
  run regisseur involve --case "$kase" --list
  ! grep -q '^ggz' <<<"$out" || fail "ggz still listed"
}

test_logged () {
  run beheerder log
  [[ $rc == 0 ]] || { fail "log"; return 1; }
  [[ $(grep -c "add involvement; member" <<<"$out") == 2 &&
     $(grep -c "remove involvement; member" <<<"$out") == 2 ]] ||
    fail "each change is logged"
}

check "a demo team with need-to-know on, and a case politie is not involved in" test_demo
check "bad options are usage errors; an unknown case or member is named" test_usage
check "politie and ggz may not add, list or remove; nobody adds themselves" test_refused
check "the regisseur adds politie, who then sees the household whole" test_add
check "a member steps out; a beheerder adds and the regisseur removes" test_remove
check "every change is in the access log" test_logged

finish
