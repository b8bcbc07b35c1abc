#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-robustness.sh CASUSTAFEL_CLI
#
# No command destroys or misreports data (docs/robustness.md):
# - export --out refuses the team file itself (by its name and through a
#   hard link), any .casus name, a folder, a fifo and a device node;
# - an export killed half-way leaves nothing once the next command starts;
# - a full disk during `member remove` says so, and the file still opens
#   and is re-keyed once there is room;
# - a full disk refuses a logged read with a clear message;
# - a read-only file opens for what needs no write.
# The last three need a small tmpfs (mount, so root); without it they are
# skipped. Prints TAP.

set -uo pipefail

CLI=${1:?usage: test-cli-robustness.sh CASUSTAFEL_CLI}
export LC_ALL=C.UTF-8 LANGUAGE=

tmp=$(mktemp -d)
mnt=$tmp/mnt
cleanup () {
  mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/state" "$tmp/tmpdir" "$tmp/out" "$mnt"
# Records of pending outputs, and libxlsxwriter's or anyone's temporary
# folders, stay inside the test's folder.
export XDG_STATE_HOME=$tmp/state TMPDIR=$tmp/tmpdir

n=0
failures=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; failures=$((failures + 1)); }
skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# run LOGIN ARG...: the CLI with the demo passphrase; sets $rc, $out, $err.
run () {
  local login=$1
  shift
  rc=0
  out=$(echo demo | "$CLI" "$@" --login "$login" --passphrase-stdin 2>"$tmp/stderr") || rc=$?
  err=$(<"$tmp/stderr")
}

# expect_fail DESCRIPTION PATTERN: the last run failed, said PATTERN,
# and never "the team file is damaged".
expect_fail () {
  if [[ $rc -ne 0 && $err == *"$2"* && $err != *"file is damaged"* ]]; then
    ok "$1"
  else
    not_ok "$1"
    echo "#   exit status $rc"
    sed 's/^/#   stderr: /' <<<"$err"
  fi
}

expect_ok () {
  if [[ $rc -eq 0 && ( -z ${2:-} || $err == *"$2"* ) ]]; then
    ok "$1"
  else
    not_ok "$1"
    echo "#   exit status $rc"
    sed 's/^/#   stderr: /' <<<"$err"
  fi
}

team=$tmp/team.casus
"$CLI" demo "$team" --households 40 >/dev/null 2>&1 || { echo "Bail out! demo failed"; exit 1; }
hash=$(sha256sum <"$team")

# ---- export --out: targets that would destroy data ----------------------

run regisseur export "$team" --agreement VO-TEST --out "$team"
expect_fail "export --out the team file itself is refused" ".casus"
ln "$team" "$tmp/out/link.xlsx"
run regisseur export "$team" --agreement VO-TEST --out "$tmp/out/link.xlsx"
expect_fail "export --out a hard link to the open team file is refused" "team file"
run regisseur export "$team" --agreement VO-TEST --out "$tmp/out/other.casus"
expect_fail "export --out any .casus name is refused" ".casus"
run regisseur export "$team" --agreement VO-TEST --out "$tmp/out"
expect_fail "export --out a folder is refused" "not a regular file"
mkfifo "$tmp/out/pipe.xlsx"
run regisseur export "$team" --agreement VO-TEST --out "$tmp/out/pipe.xlsx"
expect_fail "export --out a fifo is refused" "not a regular file"
if mknod "$tmp/out/null.xlsx" c 1 3 2>/dev/null; then
  run regisseur export "$team" --agreement VO-TEST --out "$tmp/out/null.xlsx"
  expect_fail "export --out a device node is refused" "not a regular file"
  [[ -c $tmp/out/null.xlsx ]] && ok "the device node is still a device node" \
    || not_ok "the device node is still a device node"
else
  skip "export --out a device node is refused" "mknod needs root"
  skip "the device node is still a device node" "mknod needs root"
fi
[[ $(sha256sum <"$team") == "$hash" ]] && ok "the team file is unchanged" \
  || not_ok "the team file is unchanged"
run beheerder member list "$team"
expect_ok "the team file still opens"
leftovers=$(find "$tmp/out" -name '.*' | wc -l)
[[ $leftovers -eq 0 ]] && ok "no temporary file beside the targets" \
  || not_ok "no temporary file beside the targets ($leftovers found)"

# ---- an export killed half-way ------------------------------------------

target=$tmp/out/export.xlsx
caught=0
for attempt in 1 2 3 4 5 6 7 8; do
  echo demo | "$CLI" export "$team" --login regisseur --passphrase-stdin --agreement VO-TEST --out "$target" \
    >/dev/null 2>&1 &
  pid=$!
  # Killed as soon as its temporary workbook exists (of any naming), before
  # the rename.
  for _ in $(seq 1 4000); do
    if compgen -G "$tmp/out/.export.xlsx.*" >/dev/null; then
      kill -KILL "$pid" 2>/dev/null && caught=1
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.001
  done
  wait "$pid" 2>/dev/null
  [[ $caught -eq 1 && ! -e $target ]] && break
  caught=0
  rm -f "$target"
done
if [[ $caught -eq 1 ]]; then
  ok "an export was killed while it wrote (attempt $attempt)"
  "$CLI" --version >/dev/null
  if compgen -G "$tmp/out/.export.xlsx*" >/dev/null; then
    not_ok "the next start removed the killed export's temporary workbook"
  else
    ok "the next start removed the killed export's temporary workbook"
  fi
  if [[ -z $(ls -A "$tmp/tmpdir") ]]; then
    ok "nothing was left in \$TMPDIR"
  else
    not_ok "nothing was left in \$TMPDIR: $(ls -A "$tmp/tmpdir" | tr '\n' ' ')"
  fi
else
  skip "an export was killed while it wrote" "every export finished before it could be killed"
  skip "the next start removed the killed export's temporary workbook" "not killed"
  skip "nothing was left in \$TMPDIR" "not killed"
fi
run regisseur export "$team" --agreement VO-TEST --out "$target"
expect_ok "an export to an ordinary file still works"
[[ -z $(ls -A "$tmp/tmpdir") && -z $(ls -A "$tmp/state/casustafel/pending-outputs" 2>/dev/null) ]] \
  && ok "a finished export leaves no temporary folder and no record" \
  || not_ok "a finished export leaves no temporary folder and no record"

# ---- a full disk and a read-only medium ---------------------------------

size_k=$(( ($(stat -c %s "$team") + 1023) / 1024 ))
if ! mount -t tmpfs -o size=$(( 2 * size_k + 1024 ))k tmpfs "$mnt" 2>/dev/null; then
  for what in "member remove on a full disk says so" "the file still opens" \
              "a logged read on a full disk is refused clearly" \
              "the re-key is finished once there is room" "the removed member is gone" \
              "check says ok" "a read-only file opens" "a logged read of a read-only file is refused" \
              "an unlogged read of a read-only file works" "the read-only file is unchanged"; do
    skip "$what" "mounting a small tmpfs needs root"
  done
  echo "1..$n"
  exit $(( failures > 0 ))
fi

cp "$team" "$mnt/team.casus"
free_k=$(( $(stat -f -c '%a * %S' "$mnt") / 1024 ))
fallocate -l $(( free_k - 100 ))k "$mnt/filler"
run beheerder member remove "$mnt/team.casus" --remove ggz
expect_fail "member remove on a full disk says so" "disk is too full"
run beheerder member list "$mnt/team.casus"
expect_ok "the file still opens" "not yet re-keyed"
fallocate -l $(( $(stat -f -c '%a * %S' "$mnt") / 1024 ))k "$mnt/filler2" 2>/dev/null
run regisseur cases "$mnt/team.casus"
expect_fail "a logged read on a full disk is refused clearly" "disk is full"
rm -f "$mnt/filler" "$mnt/filler2"
run beheerder member list "$mnt/team.casus"
if [[ $rc -eq 0 && $err != *"not yet re-keyed"* ]]; then
  ok "the re-key is finished once there is room"
else
  not_ok "the re-key is finished once there is room"
  sed 's/^/#   stderr: /' <<<"$err"
fi
[[ $out != *ggz* ]] && ok "the removed member is gone" || not_ok "the removed member is gone"
run beheerder check "$mnt/team.casus"
expect_ok "check says ok"

# The newest copy: this device has seen the re-keyed file, and an older copy
# of the same team is refused as a rollback (docs/security.md).
cp "$mnt/team.casus" "$mnt/ro.casus"
mount -o remount,ro "$mnt"
ro_hash=$(sha256sum <"$mnt/ro.casus")
run beheerder member list "$mnt/ro.casus"
expect_ok "a read-only file opens" "read-only"
run regisseur cases "$mnt/ro.casus"
expect_fail "a logged read of a read-only file is refused" "read-only"
run voorzitter cases "$mnt/ro.casus"
expect_ok "an unlogged read of a read-only file works"
[[ $(sha256sum <"$mnt/ro.casus") == "$ro_hash" ]] && ok "the read-only file is unchanged" \
  || not_ok "the read-only file is unchanged"

echo "1..$n"
exit $(( failures > 0 ))
