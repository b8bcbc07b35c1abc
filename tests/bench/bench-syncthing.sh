#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-syncthing.sh CASUSTAFEL_CLI [--runs N]
#
# The whole three-replica round trip over real Syncthing (docs/sync.md,
# "Benchmark"): replica A adds a case and syncs; replicas B and C sync
# until each shows it. The peer, interleaved in the same run, is the same
# round trip with the three replicas on one shared folder (a network share:
# every file is there the moment it is renamed). Each replica runs on "its
# own laptop" (its own state folder), through the command line, so every
# step includes the CLI's unlock, as a member's `casustafel-cli sync` would.
# Prints medians of --runs runs (5 by default) and their ratio; also the
# time the change file takes to reach both other folders after A's sync.
# Exits 77 without syncthing.

set -euo pipefail

CLI=${1:?usage: bench-syncthing.sh CASUSTAFEL_CLI [--runs N]}
shift
runs=5
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    *) shift ;;  # the other benchmarks' options
  esac
done
export LC_ALL=C.UTF-8 LANGUAGE=

. "$(dirname "$0")/../slow/syncthing-lib.sh"

if ! st_have; then
  echo "bench-syncthing: syncthing or curl is not installed: skipped"
  exit 77
fi

st_tmp=$(mktemp -d)
cleanup () {
  st_stop kill
  rm -rf "$st_tmp"
}
trap cleanup EXIT

now_ms () { date +%s%3N; }

echo "Casustafel three-replica round trip over Syncthing $(syncthing --version | awk '{print $2}')"
st_start 3 || { echo "bench-syncthing: the instances did not start" >&2; exit 1; }

# Replicas s0..s2 on the three syncthing folders, p0..p2 on one shared folder.
run () {  # run REPLICA COMMAND ARGS...: as the regisseur, on that replica's laptop
  local r=$1 command=$2
  shift 2
  printf 'demo\n' | XDG_STATE_HOME="$st_tmp/state-$r" \
    "$CLI" "$command" "$st_tmp/$r.casus" --login regisseur --passphrase-stdin "$@"
}

"$CLI" demo "$st_tmp/team.casus" --households 20 >/dev/null
printf 'demo\n' | XDG_STATE_HOME="$st_tmp/state-base" \
  "$CLI" sync-enable "$st_tmp/team.casus" --login beheerder --passphrase-stdin >/dev/null
mkdir -p "$st_tmp/shared"
for i in 0 1 2; do
  for kind in s p; do
    cp "$st_tmp/team.casus" "$st_tmp/$kind$i.casus"
    run "$kind$i" sync-replica >/dev/null
  done
  run "s$i" sync-folder "$(st_folder "$i")" >/dev/null
  run "p$i" sync-folder "$st_tmp/shared" >/dev/null
done
# Every replica's first files (status, snapshot) made and seen before timing.
for kind in s p; do
  for i in 0 1 2; do run "$kind$i" sync >/dev/null; st_scan "$i"; done
done
sleep 3
for kind in s p; do
  for i in 0 1 2; do run "$kind$i" sync >/dev/null; done
done

all_there () {  # all_there FILE...: each is in both other folders
  local f
  for f in "$@"; do
    [ -f "$(st_folder 1)/$f" ] && [ -f "$(st_folder 2)/$f" ] || return 1
  done
}

# round_trip KIND NUMBER: A adds case NUMBER and syncs; B and C sync until
# they show it. Prints the milliseconds, then (syncthing only) those until
# A's new files were in both other folders.
round_trip () {
  local kind=$1 number=$2 start end seen=() i spread=-1 marker="$st_tmp/marker"
  printf 'number,referral_date,first_name,last_name\n%s,2026-03-02,Iris,Eik\n' "$number" \
    >"$st_tmp/new.csv"
  run "${kind}0" import "$st_tmp/new.csv" >/dev/null
  touch "$marker"
  sleep 0.01
  start=$(now_ms)
  run "${kind}0" sync >/dev/null
  if [ "$kind" = s ]; then
    st_scan 0
    local files
    files=$(cd "$(st_folder 0)" && find . -type f -name '*.ct*' -newer "$marker" | sort)
    # In the background: when did both other folders hold every new file?
    (
      until all_there $files; do
        sleep 0.01
      done
      echo $(($(now_ms) - start)) >"$st_tmp/spread"
    ) &
    local watcher=$!
  fi
  seen=(0 0 0)
  while ((seen[1] == 0 || seen[2] == 0)); do
    for i in 1 2; do
      ((seen[i] == 0)) || continue
      run "$kind$i" sync >/dev/null
      if run "$kind$i" case "$number" --json >/dev/null 2>&1; then
        seen[i]=1
      fi
    done
  done
  end=$(now_ms)
  if [ "$kind" = s ]; then
    wait "$watcher" || true
    spread=$(cat "$st_tmp/spread")
  fi
  echo "$((end - start)) $spread"
}

median () { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

: >"$st_tmp/s.txt"; : >"$st_tmp/p.txt"; : >"$st_tmp/spread.txt"
for ((r = 1; r <= runs; r++)); do
  # Interleaved, the order alternating, so a load that comes and goes
  # falls on both.
  if ((r % 2)); then order="s p"; else order="p s"; fi
  for kind in $order; do
    read -r ms spread < <(round_trip "$kind" "2026-8$(printf '%02d' "$r")$([ "$kind" = s ] && echo 1 || echo 2)")
    echo "$ms" >>"$st_tmp/$kind.txt"
    [ "$kind" = s ] && echo "$spread" >>"$st_tmp/spread.txt"
  done
  echo "  run $r of $runs done"
done

s=$(median <"$st_tmp/s.txt")
p=$(median <"$st_tmp/p.txt")
spread=$(median <"$st_tmp/spread.txt")
printf '\nMedians of %d runs (milliseconds):\n' "$runs"
printf '  %-64s %8s\n' "round trip, one shared folder (peer)" "$p"
printf '  %-64s %8s\n' "round trip over three Syncthing instances" "$s"
printf '  %-64s %8s\n' "of which A's files reached both other folders after" "$spread"
awk -v s="$s" -v p="$p" 'BEGIN { printf "  %-64s %7.2fx\n", "Syncthing / shared folder", s / p }'
st_stop
