# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# cli-test-lib.sh — what the TAP tests of casustafel-cli share. Sourced
# after $CLI is set:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"
#
# Gives a temporary folder $tmp (removed on exit) with the team file
# $team in it, the counters of the TAP output, and:
#   check DESCRIPTION FUNCTION   runs FUNCTION as one numbered test
#   run LOGIN COMMAND ARG...     the command as LOGIN (passphrase "demo");
#                                sets $out, $err and $rc
#   fail MESSAGE                 says why, with the last command's output
#                                ($fail_lines lines of each, 20 unless set)
#   make_demo HOUSEHOLDS         casustafel-cli demo into $team (seed 7)
#   finish                       the TAP plan; fails when a test failed

export LC_ALL=C.UTF-8 LANGUAGE=

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
team=$tmp/team.casus

n=0
failures=0
fail_lines=20
rc=0
out=
err=

report () {
  n=$((n + 1))
  if [[ $1 == 0 ]]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    failures=$((failures + 1))
  fi
}

check () {
  local description=$1 status=0
  shift
  "$@" || status=$?
  report "$status" "$description"
}

run () {
  local login=$1 command=$2
  shift 2
  rc=0
  out=$(printf 'demo\n' | "$CLI" $command "$team" --login "$login" --passphrase-stdin "$@" \
        2>"$tmp/stderr") || rc=$?
  err=$(<"$tmp/stderr")
}

fail () {
  echo "# $*"
  echo "#   exit status $rc"
  sed 's/^/#   stdout: /' <<<"$out" | head -n "$fail_lines"
  sed 's/^/#   stderr: /' <<<"$err" | head -n "$fail_lines"
  return 1
}

make_demo () {
  rc=0
  out=$("$CLI" demo "$team" --households "$1" --seed 7 2>"$tmp/stderr") || rc=$?
  err=$(<"$tmp/stderr")
  [[ $rc == 0 ]] || fail "demo"
}

finish () {
  echo "1..$n"
  exit $((failures > 0))
}
