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
export LC_ALL=C.UTF-8 LANGUAGE= STNOUPGRADE=1 STHASHING=minio STNODEFAULTFOLDER=1
# How long the replicas may take to converge once all edits are made: most
# of it is the CLI unlocking (Argon2id) for every sync and every case read.
BOUND_S=${CT_SYNCTHING_BOUND_S:-240}

if ! command -v syncthing >/dev/null || ! command -v curl >/dev/null; then
  echo "# syncthing or curl is not installed: skipped"
  exit 77
fi

tmp=$(mktemp -d)
pids=()
cleanup () {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

say () { echo "# $*"; }
die () { echo "not ok 1 - $*"; echo "1..1"; exit 1; }

# Ports of our own: a random base per run, two per instance.
base=$((20000 + (RANDOM % 2000) * 10))
names=(a b c)
logins=(regisseur ggz politie)

api () {  # api INSTANCE METHOD PATH: prints the body
  local i=$1 method=$2 path=$3
  curl -sf -X "$method" -H "X-API-Key: key-$i-$base" \
    "http://127.0.0.1:$((base + 2 * i + 1))$path"
}

# ---- the instances -------------------------------------------------------

ids=()
for i in 0 1 2; do
  syncthing generate --home="$tmp/st$i" --no-default-folder >/dev/null 2>&1 \
    || die "syncthing generate"
  ids[i]=$(syncthing serve --home="$tmp/st$i" --device-id) || die "syncthing --device-id"
  mkdir -p "$tmp/folder$i/.stfolder"
done

write_config () {  # write_config I: the whole config.xml, by hand
  local i=$1 j devices="" peers=""
  for j in 0 1 2; do
    devices+="    <device id=\"${ids[j]}\" introducedBy=\"\"></device>"$'\n'
    peers+="  <device id=\"${ids[j]}\" name=\"st$j\" compression=\"metadata\" introducer=\"false\"
          skipIntroductionRemovals=\"false\" introducedBy=\"\">
    <address>tcp://127.0.0.1:$((base + 2 * j))</address>
    <paused>false</paused>
    <autoAcceptFolders>false</autoAcceptFolders>
  </device>"$'\n'
  done
  # Every folder option is written: one left out becomes 0, not its default
  # (without maxConflicts a losing concurrent write would be dropped).
  cat >"$tmp/st$i/config.xml" <<EOF
<configuration version="36">
  <folder id="casustafel" label="casustafel" path="$tmp/folder$i" type="sendreceive"
          rescanIntervalS="60" fsWatcherEnabled="true" fsWatcherDelayS="1"
          ignorePerms="false" autoNormalize="true">
    <filesystemType>basic</filesystemType>
$devices    <minDiskFree unit="%">0</minDiskFree>
    <versioning></versioning>
    <copiers>1</copiers>
    <pullerMaxPendingKiB>0</pullerMaxPendingKiB>
    <hashers>1</hashers>
    <order>random</order>
    <ignoreDelete>false</ignoreDelete>
    <scanProgressIntervalS>0</scanProgressIntervalS>
    <pullerPauseS>2</pullerPauseS>
    <maxConflicts>10</maxConflicts>
    <disableSparseFiles>false</disableSparseFiles>
    <disableTempIndexes>false</disableTempIndexes>
    <paused>false</paused>
    <weakHashThresholdPct>25</weakHashThresholdPct>
    <markerName>.stfolder</markerName>
    <copyOwnershipFromParent>false</copyOwnershipFromParent>
    <modTimeWindowS>0</modTimeWindowS>
    <maxConcurrentWrites>2</maxConcurrentWrites>
    <disableFsync>false</disableFsync>
    <blockPullOrder>standard</blockPullOrder>
    <copyRangeMethod>standard</copyRangeMethod>
    <caseSensitiveFS>false</caseSensitiveFS>
    <junctionsAsDirs>false</junctionsAsDirs>
  </folder>
$peers  <gui enabled="true" tls="false" debugging="false">
    <address>127.0.0.1:$((base + 2 * i + 1))</address>
    <apikey>key-$i-$base</apikey>
    <theme>default</theme>
  </gui>
  <options>
    <listenAddress>tcp://127.0.0.1:$((base + 2 * i))</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <reconnectionIntervalS>1</reconnectionIntervalS>
    <startBrowser>false</startBrowser>
    <urAccepted>-1</urAccepted>
    <urSeen>3</urSeen>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
    <crashReportingEnabled>false</crashReportingEnabled>
    <keepTemporariesH>24</keepTemporariesH>
    <setLowPriority>false</setLowPriority>
    <minHomeDiskFree unit="%">0</minHomeDiskFree>
  </options>
</configuration>
EOF
}

wait_for () {  # wait_for SECONDS COMMAND...: until it succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

connected () {  # connected I: the instance sees both others
  api "$1" GET /rest/system/connections \
    | python3 -c 'import json, sys
c = json.load(sys.stdin)["connections"]
sys.exit(0 if sum(1 for v in c.values() if v["connected"]) >= 2 else 1)'
}

# One at a time: started together, a pair once stayed unconnected for 20 s.
for i in 0 1 2; do
  write_config "$i"
  syncthing serve --home="$tmp/st$i" --no-browser --no-restart \
    >"$tmp/st$i.log" 2>&1 &
  pids+=($!)
  wait_for 30 api "$i" GET /rest/system/ping || die "syncthing $i did not answer"
done
for i in 0 1 2; do
  wait_for 30 connected "$i" || die "syncthing $i did not connect to both others"
done
say "three syncthing instances connected (ports from $base)"

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

scan () { api "$1" POST "/rest/db/scan?folder=casustafel" >/dev/null || true; }

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
  run "$i" sync-folder "$tmp/folder$i" >/dev/null || die "sync-folder ${names[i]}"
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
    scan "$i"
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
    scan "$i"
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

for i in 0 1 2; do
  api "$i" POST /rest/system/shutdown >/dev/null || true
done
for pid in "${pids[@]}"; do
  wait "$pid" || true
done
pids=()
echo "ok 3 - the instances shut down"
echo "1..3"
