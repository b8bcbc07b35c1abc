# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# syncthing-lib.sh: real syncthing instances on 127.0.0.1 for the tests and
# the benchmark (docs/sync.md, "Tested"), sourced by test-syncthing.sh and
# tests/bench/bench-syncthing.sh. Each instance has its own home, its own
# two ports and its own copy of one shared folder "casustafel"; discovery,
# relays, NAT, usage reports and upgrades are off, so nothing leaves the
# machine.
#
# The caller sets st_tmp (a directory it removes) and calls st_start N,
# then uses st_api, st_scan and st_folder; st_stop shuts the instances down
# (also safe from an EXIT trap).

export STNOUPGRADE=1 STHASHING=minio STNODEFAULTFOLDER=1

st_pids=()
st_ids=()
# Ports of our own: a random base per run, two per instance.
st_base=$((20000 + (RANDOM % 2000) * 10))
st_n=0

st_have () { command -v syncthing >/dev/null && command -v curl >/dev/null; }

st_api () {  # st_api INSTANCE METHOD PATH: prints the body
  local i=$1 method=$2 path=$3
  curl -sf -X "$method" -H "X-API-Key: key-$i-$st_base" \
    "http://127.0.0.1:$((st_base + 2 * i + 1))$path"
}

st_folder () { echo "$st_tmp/folder$1"; }  # st_folder I: instance I's copy

st_scan () { st_api "$1" POST "/rest/db/scan?folder=casustafel" >/dev/null || true; }

st_wait_for () {  # st_wait_for SECONDS COMMAND...: until it succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

st_write_config () {  # st_write_config I: the whole config.xml, by hand
  local i=$1 j devices="" peers=""
  for ((j = 0; j < st_n; j++)); do
    devices+="    <device id=\"${st_ids[j]}\" introducedBy=\"\"></device>"$'\n'
    peers+="  <device id=\"${st_ids[j]}\" name=\"st$j\" compression=\"metadata\" introducer=\"false\"
          skipIntroductionRemovals=\"false\" introducedBy=\"\">
    <address>tcp://127.0.0.1:$((st_base + 2 * j))</address>
    <paused>false</paused>
    <autoAcceptFolders>false</autoAcceptFolders>
  </device>"$'\n'
  done
  # Every folder option is written: one left out becomes 0, not its default
  # (without maxConflicts a losing concurrent write would be dropped).
  cat >"$st_tmp/st$i/config.xml" <<XML
<configuration version="36">
  <folder id="casustafel" label="casustafel" path="$st_tmp/folder$i" type="sendreceive"
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
    <address>127.0.0.1:$((st_base + 2 * i + 1))</address>
    <apikey>key-$i-$st_base</apikey>
    <theme>default</theme>
  </gui>
  <options>
    <listenAddress>tcp://127.0.0.1:$((st_base + 2 * i))</listenAddress>
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
XML
}

st_connected () {  # st_connected I: the instance sees every other
  st_api "$1" GET /rest/system/connections \
    | python3 -c 'import json, sys
c = json.load(sys.stdin)["connections"]
sys.exit(0 if sum(1 for v in c.values() if v["connected"]) >= int(sys.argv[1]) else 1)' \
      "$((st_n - 1))"
}

st_start () {  # st_start N: N instances, started and connected; 1 on failure
  local i
  st_n=$1
  for ((i = 0; i < st_n; i++)); do
    syncthing generate --home="$st_tmp/st$i" --no-default-folder >/dev/null 2>&1 \
      || { echo "syncthing generate failed" >&2; return 1; }
    st_ids[i]=$(syncthing serve --home="$st_tmp/st$i" --device-id) \
      || { echo "syncthing --device-id failed" >&2; return 1; }
    mkdir -p "$st_tmp/folder$i/.stfolder"
  done
  # One at a time: started together, a pair once stayed unconnected for 20 s.
  for ((i = 0; i < st_n; i++)); do
    st_write_config "$i"
    syncthing serve --home="$st_tmp/st$i" --no-browser --no-restart \
      >"$st_tmp/st$i.log" 2>&1 &
    st_pids+=($!)
    st_wait_for 30 st_api "$i" GET /rest/system/ping \
      || { echo "syncthing $i did not answer" >&2; return 1; }
  done
  for ((i = 0; i < st_n; i++)); do
    st_wait_for 30 st_connected "$i" \
      || { echo "syncthing $i did not connect to every other" >&2; return 1; }
  done
}

st_stop () {  # st_stop [kill]: shut down (or kill) and wait for each instance
  local i pid
  if [ "${1:-}" != kill ]; then
    for ((i = 0; i < st_n; i++)); do
      st_api "$i" POST /rest/system/shutdown >/dev/null 2>&1 || true
    done
  else
    for pid in "${st_pids[@]}"; do
      kill "$pid" 2>/dev/null || true
    done
  fi
  for pid in "${st_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  st_pids=()
}
