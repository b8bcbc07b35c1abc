#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-join.sh CASUSTAFEL_CLI
#
# join of casustafel-cli: a beheerder adds a member on a replica whose
# sync folder is chosen, and the member joins on "another laptop" (a state
# folder of its own) with the enrolment code alone. An existing OUT, a
# wrong code, a login without an enrolment and a flipped enrolment file
# are each refused with a clear message and write nothing; the joined
# replica sees a case made on another replica after the snapshot, and a
# member it adds reaches the beheerder's replica. A member added and then
# another removed joins with the later key the key file beside the
# enrolment file holds, and is told what to ask without it. Prints TAP.

set -euo pipefail

CLI=${1:?usage: test-cli-join.sh CASUSTAFEL_CLI}
source "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"
folder=$tmp/folder
joined=$tmp/nieuw.casus
newpass="nieuw wachtwoord voor Nora"
mkdir "$folder"
code=

run () {  # run LAPTOP FILE LOGIN COMMAND ARGS...: passphrase "demo", or $newpass for nieuw
  local laptop=$1 file=$2 login=$3 command=$4 pass=demo
  shift 4
  [[ $login == nieuw ]] && pass=$newpass
  rc=0
  out=$(printf '%s\n' "$pass" | XDG_STATE_HOME="$tmp/state-$laptop" \
        "$CLI" $command "$file" --login "$login" --passphrase-stdin "$@" 2>"$tmp/stderr") || rc=$?
  err=$(<"$tmp/stderr")
}

join () {  # join OUT LOGIN CODE
  rc=0
  out=$(printf '%s\n%s\n' "$3" "$newpass" | XDG_STATE_HOME="$tmp/state-n" \
        "$CLI" join "$folder" "$1" --login "$2" --passphrase-stdin 2>"$tmp/stderr") || rc=$?
  err=$(<"$tmp/stderr")
}

nothing_written () {
  [[ ! -e $joined ]] && ! ls "$tmp" | grep -q '\.join-'
}

test_setup () {
  "$CLI" demo "$team" --households 3 >/dev/null
  run base "$team" beheerder sync-enable
  [[ $rc == 0 ]] || { fail "sync-enable"; return 1; }
  for r in a b; do
    cp "$team" "$tmp/$r.casus"
  done
  run a "$tmp/a.casus" beheerder sync-replica
  [[ $rc == 0 ]] || { fail "sync-replica a"; return 1; }
  run b "$tmp/b.casus" regisseur sync-replica
  [[ $rc == 0 ]] || { fail "sync-replica b"; return 1; }
  run a "$tmp/a.casus" beheerder sync-folder "$folder"
  [[ $rc == 0 ]] || { fail "sync-folder a"; return 1; }
  run b "$tmp/b.casus" regisseur sync-folder "$folder"
  [[ $rc == 0 ]] || { fail "sync-folder b"; return 1; }
  run b "$tmp/b.casus" regisseur sync
  [[ $rc == 0 ]] || { fail "sync b"; return 1; }
}

test_add () {
  run a "$tmp/a.casus" beheerder "member add" --new-login nieuw --name "Nora Nieuwkoop" \
    --role regisseur --admin
  [[ $rc == 0 ]] || { fail "member add"; return 1; }
  code=$(tail -n 1 <<<"$out")
  [[ -n $code ]] || { fail "no code"; return 1; }
  ls "$folder"/casustafel-*/*/enrol-*.ctenrol >/dev/null || { fail "no enrolment file"; return 1; }
  ! grep -rqa -e nieuw -e Nieuwkoop "$folder" || { fail "a name in the folder"; return 1; }
  run a "$tmp/a.casus" beheerder sync
  [[ $rc == 0 ]] || { fail "sync a"; return 1; }
  ls "$folder"/casustafel-*/*/snapshot-*.ctsnap >/dev/null || { fail "no snapshot"; return 1; }
  # A case made on another replica after the snapshot.
  printf 'number,referral_date,first_name,last_name\n2026-0101,2026-01-05,Anna,Vogel\n' \
    >"$tmp/new.csv"
  run b "$tmp/b.casus" regisseur import "$tmp/new.csv"
  [[ $rc == 0 ]] || { fail "import on b"; return 1; }
  run b "$tmp/b.casus" regisseur sync
  [[ $rc == 0 ]] || { fail "sync b"; return 1; }
}

test_refused () {
  echo mine >"$tmp/exists.casus"
  join "$tmp/exists.casus" nieuw "$code"
  [[ $rc != 0 && $err == *"already exists"* && $(<"$tmp/exists.casus") == mine ]] \
    || { fail "an existing OUT"; return 1; }
  join "$joined" nieuw "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"
  [[ $rc != 0 && $err == *"Enrolment code"* ]] && nothing_written \
    || { fail "a mistyped code"; return 1; }
  join "$joined" niemand "$code"
  [[ $rc != 0 && $err == *"no enrolment"* ]] && nothing_written \
    || { fail "a login without an enrolment"; return 1; }
  local file
  file=$(ls "$folder"/casustafel-*/*/enrol-*.ctenrol)
  cp "$file" "$tmp/enrol.bak"
  printf '\x01' | dd of="$file" bs=1 seek=250 conv=notrunc status=none
  join "$joined" nieuw "$code"
  cp "$tmp/enrol.bak" "$file"
  [[ $rc != 0 && $err == *"Refused the enrolment file"* ]] && nothing_written \
    || { fail "a flipped enrolment file"; return 1; }
}

test_join () {
  join "$joined" nieuw "$code"
  [[ $rc == 0 && $out == Joined* && -f $joined ]] || { fail "join"; return 1; }
  run n "$joined" nieuw cases --json
  [[ $rc == 0 && $out == *2026-0101* ]] || { fail "the later case is not there"; return 1; }
  run n "$joined" nieuw sync-status --json
  python3 -c 'import json, sys; s = json.load(sys.stdin); sys.exit(0 if s["folder"] else 1)' \
    <<<"$out" || { fail "no folder kept"; return 1; }
  # The code opens nothing any more.
  rc=0
  out=$(printf '%s\n' "$code" | XDG_STATE_HOME="$tmp/state-n" \
        "$CLI" cases "$joined" --login nieuw --passphrase-stdin 2>"$tmp/stderr") || rc=$?
  err=$(<"$tmp/stderr")
  [[ $rc != 0 ]] || { fail "the code still opens the file"; return 1; }
}

test_travels () {
  # The new member is a beheerder: the member they add is a statement of
  # the team chain that their replica sends.
  run n "$joined" nieuw "member add" --new-login derde --name "Daan Derde" --role ggz
  [[ $rc == 0 ]] || { fail "member add on the joined replica"; return 1; }
  run n "$joined" nieuw sync
  [[ $rc == 0 ]] || { fail "sync of the joined replica"; return 1; }
  run a "$tmp/a.casus" beheerder sync
  [[ $rc == 0 ]] || { fail "sync a"; return 1; }
  run a "$tmp/a.casus" beheerder "member list"
  [[ $out == *"Daan Derde"* && $out == *"Nora Nieuwkoop"* ]] \
    || { fail "the joined replica's change did not arrive"; return 1; }
}

test_later_key () {
  # A member added, then another removed before they join: the snapshot is
  # sealed under the key the removal made. Without the key file beside the
  # enrolment file the join says what to ask the beheerder; with it the
  # member joins.
  run a "$tmp/a.casus" beheerder "member add" --new-login vierde --name "Vera Vierde" --role ggz
  [[ $rc == 0 ]] || { fail "member add vierde"; return 1; }
  local code4 keys out4=$tmp/vierde.casus
  code4=$(tail -n 1 <<<"$out")
  run a "$tmp/a.casus" beheerder sync
  [[ $rc == 0 ]] || { fail "sync a"; return 1; }
  run a "$tmp/a.casus" beheerder "member remove" --remove politie
  [[ $rc == 0 ]] || { fail "member remove"; return 1; }
  run a "$tmp/a.casus" beheerder sync --snapshot
  [[ $rc == 0 ]] || { fail "sync a --snapshot"; return 1; }
  keys=$(ls "$folder"/casustafel-*/*/enrol-*.ctkeys)
  [[ -n $keys ]] || { fail "no key file"; return 1; }
  mv "$keys" "$tmp/keys.bak"
  join "$out4" vierde "$code4"
  mv "$tmp/keys.bak" "$keys"
  [[ $rc != 0 && $err == *"sync key changed"* && $err == *"add you again"* && ! -e $out4 ]] \
    || { fail "a join without the later key"; return 1; }
  join "$out4" vierde "$code4"
  [[ $rc == 0 && $out == Joined* && -f $out4 ]] || { fail "join after the removal"; return 1; }
}

check "a synced team with a beheerder's replica that has a folder" test_setup
check "member add writes an enrolment file, and sync a snapshot" test_add
check "refused joins write nothing" test_refused
check "join builds a replica with the later changes" test_join
check "the joined replica's edit reaches the beheerder" test_travels
check "a join after a removal takes the later key, and says what to do without it" test_later_key

finish
