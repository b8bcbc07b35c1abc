#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-syncthing.sh CASUSTAFEL_CLI
#
# Team sync over real Syncthing (docs/sync.md, "Tested"): three syncthing
# instances on 127.0.0.1, each with its own home, ports and copy of one
# shared folder, carry the change files of three replicas of a demo team,
# each on "its own laptop" (its own state folder and sync folder). Every
# replica adds cases while the others do too; then each keeps syncing until
# all three show the same `cases --json` and every `case --json` to the
# same member, with nothing waiting, within a bounded time. Discovery,
# relays, NAT, usage reports and upgrades are off, so nothing leaves the
# machine. Skips (exit status 77) when syncthing is not installed;
# build-aux/dev installs it for the tests.

set -euo pipefail

CLI=${1:?usage: test-syncthing.sh CASUSTAFEL_CLI}
export LC_ALL=C.UTF-8 LANGUAGE=
# How long the replicas may take to converge once all edits are made: most
# of it is the CLI unlocking (Argon2id) for every sync and every case read.
BOUND_S=${CT_SYNCTHING_BOUND_S:-240}

. "$(dirname "$0")/syncthing-lib.sh"

if ! st_have; then
  echo "# syncthing or curl is not installed: skipped"
  exit 77
fi

tmp=$(mktemp -d)
st_tmp=$tmp
cleanup () {
  st_stop kill
  rm -rf "$tmp"
}
trap cleanup EXIT

say () { echo "# $*"; }
die () { echo "not ok 1 - $*"; echo "1..1"; exit 1; }

names=(a b c)
logins=(regisseur ggz politie)

# ---- the instances -------------------------------------------------------

st_start 3 || die "the syncthing instances did not start"
say "three syncthing instances connected (ports from $st_base)"

# ---- the replicas --------------------------------------------------------

run () {  # run I COMMAND ARGS...: as replica I's member, on its own laptop
  local i=$1 command=$2
  shift 2
  printf 'demo\n' | XDG_STATE_HOME="$tmp/state$i" \
    "$CLI" "$command" "$tmp/${names[i]}.casus" --login "${logins[i]}" --passphrase-stdin "$@"
}

run_as () {  # run_as I LOGIN COMMAND ARGS...: as LOGIN on replica I's laptop
  local i=$1 login=$2 command=$3
  shift 3
  printf 'demo\n' | XDG_STATE_HOME="$tmp/state$i" \
    "$CLI" "$command" "$tmp/${names[i]}.casus" --login "$login" --passphrase-stdin "$@"
}

"$CLI" demo "$tmp/team.casus" --households 3 >/dev/null
# Every value must arrive on every replica, so the member who compares them
# sees every household: need-to-know is tested in test-involvement.
printf 'demo\n' | XDG_STATE_HOME="$tmp/state-base" \
  "$CLI" need-to-know "$tmp/team.casus" --login beheerder --off --passphrase-stdin >/dev/null \
  || die "need-to-know --off"
printf 'demo\n' | XDG_STATE_HOME="$tmp/state-base" \
  "$CLI" sync-enable "$tmp/team.casus" --login beheerder --passphrase-stdin >/dev/null \
  || die "sync-enable"
for i in 0 1 2; do
  cp "$tmp/team.casus" "$tmp/${names[i]}.casus"
  run "$i" sync-replica >/dev/null || die "sync-replica ${names[i]}"
  run "$i" sync-folder "$(st_folder "$i")" >/dev/null || die "sync-folder ${names[i]}"
done

before=$(run_as 0 regisseur cases --json | python3 -c 'import json, sys
print(len(json.load(sys.stdin)))')

# Each replica adds cases in rounds, syncing and scanning after each, so
# the change files of the three cross in the folder.
for round in 1 2 3; do
  for i in 0 1 2; do
    printf 'number,referral_date,first_name,last_name\n2026-9%d%d1,2026-02-0%d,Iris,Eik%d%d\n' \
      "$i" "$round" "$round" "$i" "$round" >"$tmp/new.csv"
    run "$i" import "$tmp/new.csv" >/dev/null || die "import on ${names[i]}"
    run "$i" sync >/dev/null || die "sync ${names[i]} in round $round"
    st_scan "$i"
  done
done
say "9 cases added on three replicas; waiting for them to converge"

# ---- converging ----------------------------------------------------------

snapshot () {  # snapshot I: cases --json and every case --json of replica I
  local i=$1 number
  run_as "$i" regisseur cases --json 2>/dev/null
  for number in $(run_as "$i" regisseur cases --json 2>/dev/null \
                  | python3 -c 'import json, sys
for c in json.load(sys.stdin): print(c["number"])'); do
    run_as "$i" regisseur case "$number" --json 2>/dev/null
  done
}

converged () {
  local i status
  for i in 0 1 2; do
    status=$(run "$i" sync-status --json) || return 1
    python3 -c 'import json, sys
s = json.loads(sys.argv[1])
sys.exit(0 if s["health"] == "in-sync" and len(s["replicas"]) == 2 else 1)' "$status" \
      || return 1
  done
  snapshot 0 >"$tmp/snap0" && snapshot 1 >"$tmp/snap1" && snapshot 2 >"$tmp/snap2" \
    && cmp -s "$tmp/snap0" "$tmp/snap1" && cmp -s "$tmp/snap0" "$tmp/snap2"
}

start=$SECONDS
deadline=$((SECONDS + BOUND_S))
ok=0
while ((SECONDS < deadline)); do
  for i in 0 1 2; do
    out=$(run "$i" sync 2>"$tmp/err") || die "sync ${names[i]}: $out $(cat "$tmp/err")"
    st_scan "$i"
  done
  if converged; then
    ok=1
    break
  fi
  sleep 1
done
((ok)) || die "the replicas did not converge within $BOUND_S s"
count=$(run_as 0 regisseur cases --json | python3 -c 'import json, sys
print(len(json.load(sys.stdin)))')
((count == before + 9)) || die "not every case arrived: $count, not $before + 9"
for i in 0 1 2; do
  for round in 1 2 3; do
    grep -q "\"2026-9$i${round}1\"" "$tmp/snap0" && grep -q "Eik$i$round" "$tmp/snap0" \
      || die "the case of replica ${names[i]}, round $round is missing"
  done
done
echo "ok 1 - three replicas converged over syncthing in $((SECONDS - start)) s"

# Leftovers of syncthing's own conflict copies would mean two writers of a file.
if find "$tmp/folder0" "$tmp/folder1" "$tmp/folder2" -name '*.sync-conflict-*' | grep -q .; then
  echo "not ok 2 - syncthing made a conflict copy of a change file"
  exit 1
fi
echo "ok 2 - no conflict copy of any change file"

# ---- stopping ------------------------------------------------------------

st_stop
echo "ok 3 - the instances shut down"
echo "1..3"
