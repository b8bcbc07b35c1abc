#!/bin/sh
# Checks the application icons: $1 the full-colour icon, $2 the symbolic one.
# Both must be well-formed SVG on their grid (128 and 16 px); the symbolic
# one may use only #2e3436 fills and no strokes, because GTK recolours it.
set -eu

app="$1"
symbolic="$2"

if ! command -v xmllint >/dev/null; then
  echo "SKIP: xmllint is missing"
  exit 77
fi

status=0
fail () { echo "FAIL: $*"; status=1; }

xmllint --noout "$app" "$symbolic"

grep -q 'viewBox="0 0 128 128"' "$app" || fail "$app: viewBox is not 0 0 128 128"
grep -q 'viewBox="0 0 16 16"' "$symbolic" || fail "$symbolic: viewBox is not 0 0 16 16"

colours="$(grep -o '#[0-9a-fA-F]\{3,6\}\b' "$symbolic" | sort -u | tr '\n' ' ')"
[ "$colours" = "#2e3436 " ] || fail "$symbolic: colours other than #2e3436: $colours"
if grep -q 'stroke\|<image\|<text' "$symbolic"; then
  fail "$symbolic: uses strokes, images or text"
fi

[ $status -eq 0 ] && echo "ok: icons"
exit $status
