#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-restrict.sh CASUSTAFEL_CLI
#
# restrict of casustafel-cli on a small demo team: only the household's
# regisseur or a beheerder may, a ground from the short list is required,
# a restriction in force cannot be placed twice, lifting needs a reason,
# both are in the access log naming the household and never the free
# text, and the file's check still passes. Prints TAP.

set -euo pipefail

CLI=${1:?usage: test-cli-restrict.sh CASUSTAFEL_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"

household=

test_demo () {
  make_demo 4
}

test_bad_input () {
  run regisseur restrict --case 2026-0002 --ground omdat
  [[ $rc == 2 && $err == *"--ground: give one of juistheid_betwist, onrechtmatig"* ]] \
    || fail "a made-up ground" || return 1
  run regisseur restrict --case 2026-0002
  [[ $rc == 2 && $err == *"--ground"* ]] || fail "no ground" || return 1
  run regisseur restrict --case 2026-0002 --lift --ground bezwaar
  [[ $rc == 2 && $err == *"--ground: not with --lift"* ]] || fail "a ground with --lift" || return 1
  run regisseur restrict --case 9999-0001 --ground bezwaar
  [[ $rc == 1 && $err == *"There is no case numbered 9999-0001"* ]] || fail "no such case"
}

test_not_allowed () {
  run politie restrict --case 2026-0002 --ground bezwaar
  [[ $rc == 1 && $err == *"Only the household’s regisseur or a beheerder"* ]] \
    || fail "politie may not restrict"
}

test_restrict () {
  run regisseur restrict --case 2026-0002 --ground juistheid_betwist --reason "Canary klopt niet"
  [[ $rc == 0 && $out == *"Restricted the processing of household"*"Accuracy contested"* ]] \
    || fail "restrict" || return 1
  household=$(sed -n 's/^Restricted the processing of household \([0-9]*\) .*/\1/p' <<<"$out")
  run beheerder restrict --case 2026-0002 --ground bezwaar
  [[ $rc == 1 && $err == *"restricted already"* ]] || fail "twice" || return 1
  # Left out of every list but its regisseur's and a beheerder's.
  run politie cases
  [[ $rc == 0 && $out == *2026-0001* && $out != *2026-0002* ]] \
    || fail "hidden from politie's cases" || return 1
  run regisseur cases
  [[ $rc == 0 && $out == *2026-0002* ]] || fail "its regisseur still lists it"
}

test_lift () {
  run regisseur restrict --case 2026-0002 --lift
  [[ $rc == 1 && $err == *"Reason: say why"* ]] || fail "a lift without a reason" || return 1
  run politie restrict --case 2026-0002 --lift --reason "weg ermee"
  [[ $rc == 1 && $err == *"Only the household’s regisseur or a beheerder"* ]] \
    || fail "politie may not lift" || return 1
  run beheerder restrict --case 2026-0002 --lift --reason "Canary nagekeken"
  [[ $rc == 0 && $out == *"Lifted the restriction"* ]] || fail "lift" || return 1
  run beheerder restrict --case 2026-0002 --lift --reason "nog eens"
  [[ $rc == 1 && $err == *"is not restricted"* ]] || fail "lift twice" || return 1
  run politie cases
  [[ $rc == 0 && $out == *2026-0002* ]] || fail "listed again once lifted"
}

test_logged () {
  [[ -n $household ]] || { echo "# no household id"; return 1; }
  run beheerder log --household "$household"
  [[ $rc == 0 && $out == *"restrict processing; juistheid_betwist"* \
     && $out == *"lift restriction"* && $out != *Canary* ]] || fail "logged, without the text"
}

test_check () {
  run beheerder check
  [[ $rc == 0 && $out == *ok* ]] || fail "check"
}

check "demo team" test_demo
check "bad input names the option" test_bad_input
check "only the regisseur or a beheerder" test_not_allowed
check "restrict, once" test_restrict
check "lift needs a reason and the right role" test_lift
check "both logged naming the household" test_logged
check "the file's check passes" test_check

finish
