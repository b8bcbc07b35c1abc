#!/bin/sh
# Checks the merged shared-mime-info package given as $1: well-formed XML,
# accepted by update-mime-database, and a team file is recognised both by
# its .casus name and, renamed, by the CASUSTF1 header magic alone.
set -eu

xml="$1"
type=application/x-casustafel

if ! command -v xmllint >/dev/null || ! command -v update-mime-database >/dev/null \
   || ! command -v gio >/dev/null; then
  echo "SKIP: xmllint, update-mime-database or gio is missing"
  exit 77
fi

xmllint --noout "$xml"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM PIPE

mkdir -p "$tmp/mime/packages"
cp "$xml" "$tmp/mime/packages/"
# Our package on its own, so no other type can shadow the result.
XDG_DATA_HOME="$tmp" XDG_DATA_DIRS="$tmp" update-mime-database "$tmp/mime"

# A header as the vault writes it, then padding.
{ printf 'CASUSTF1'; head -c 4088 /dev/zero; } >"$tmp/team.casus"
cp "$tmp/team.casus" "$tmp/renamed-copy"
# One byte off: must not be taken for a team file.
{ printf 'CASUSTF0'; head -c 4088 /dev/zero; } >"$tmp/lookalike"

content_type () {
  XDG_DATA_HOME="$tmp" XDG_DATA_DIRS="$tmp" \
    gio info -a standard::content-type "$1" | sed -n 's/^ *standard::content-type: //p'
}

status=0
expect () {
  got="$(content_type "$tmp/$1")"
  if [ "$got" = "$2" ]; then
    echo "ok: $1 is $got"
  else
    echo "FAIL: $1 is '$got', expected '$2'"
    status=1
  fi
}

expect_not () {
  got="$(content_type "$tmp/$1")"
  if [ "$got" != "$2" ]; then
    echo "ok: $1 is $got"
  else
    echo "FAIL: $1 is taken for $got"
    status=1
  fi
}

expect team.casus "$type"
expect renamed-copy "$type"
expect_not lookalike "$type"
exit $status
