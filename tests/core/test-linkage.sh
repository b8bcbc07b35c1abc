#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-linkage.sh BUILD_ROOT PROGRAM...
#
# Every program links SQLCipher and never the plain SQLite library: with both
# in one process, whichever comes first answers sqlite3_* calls, and a team
# file could be opened without its encryption. Checks the PROGRAMs named
# (casustafel-cli, casustafel, the test programs) and every other ELF program
# under BUILD_ROOT/src and BUILD_ROOT/tests; casustafel-cli, which opens team
# files, must link libsqlcipher. A program that calls no sqlite3_* function
# at all is skipped. Prints TAP.

set -euo pipefail

build_root=${1:?usage: test-linkage.sh BUILD_ROOT PROGRAM...}
shift

n=0
failures=0

is_elf () {
  [[ -f $1 && -x $1 && $(head -c 4 "$1" | od -An -c | tr -d ' ') == 177ELF ]]
}

uses_sqlite () {
  local symbols
  symbols=$(readelf --dyn-syms -W "$1")
  grep -qE ' UND +sqlite3_' <<<"$symbols"
}

report () {  # report STATUS PROGRAM [DIRECTIVE]
  local name=${2#"$build_root"/}
  n=$((n + 1))
  if [[ $1 == 0 ]]; then
    echo "ok $n - $name links libsqlcipher and not libsqlite3${3:+ # $3}"
  else
    echo "not ok $n - $name links libsqlcipher and not libsqlite3"
    failures=$((failures + 1))
  fi
}

# check_program PROGRAM: one TAP line on what the loader maps for it.
check_program () {
  local program=$1 libraries status=0
  # ldd lists what the loader really maps, indirect dependencies included.
  libraries=$(ldd "$program" 2>&1) || status=$?
  if [[ $status != 0 ]]; then
    echo "# ldd: $libraries"
  elif grep -q 'libsqlite3\.so' <<<"$libraries"; then
    echo "# $(grep 'libsqlite3\.so' <<<"$libraries")"
    status=1
  elif grep -q 'libsqlcipher\.so' <<<"$libraries"; then
    :
  elif uses_sqlite "$program"; then
    echo "# calls sqlite3_* but libsqlcipher is not linked"
    status=1
  else
    # --as-needed drops the library from a program that opens no database.
    report 0 "$program" "SKIP opens no database, so links no SQLite at all"
    return
  fi
  report "$status" "$program"
}

declare -A seen=()
programs=("$@")
while IFS= read -r -d '' file; do
  programs+=("$file")
done < <(find "$build_root/src" "$build_root/tests" -name '*.p' -prune -o \
           -type f -perm -u+x ! -name '*.so*' -print0 2>/dev/null || true)

for program in "${programs[@]}"; do
  # Another test may remove a file of its own while this one looks around.
  program=$(realpath -e "$program" 2>/dev/null) || continue
  [[ -z ${seen[$program]:-} ]] || continue
  seen[$program]=1
  # Scripts among the tests are not programs.
  is_elf "$program" || continue
  check_program "$program"
done

cli=$build_root/src/cli/casustafel-cli
n=$((n + 1))
# Captured first: with pipefail, grep -q closing the pipe early would make
# ldd fail with SIGPIPE and the check flake.
cli_libraries=$( [[ -x $cli ]] && ldd "$cli" 2>&1 || true)
if grep -q 'libsqlcipher\.so' <<<"$cli_libraries"; then
  echo "ok $n - casustafel-cli, which opens team files, links libsqlcipher"
else
  echo "not ok $n - casustafel-cli, which opens team files, links libsqlcipher"
  failures=$((failures + 1))
fi

echo "1..$n"
[[ $failures == 0 ]]
