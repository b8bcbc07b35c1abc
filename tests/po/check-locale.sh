#!/bin/sh
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-locale.sh CLI LOCALEDIR
#
# The uninstalled programs speak the user's language when CASUSTAFEL_LOCALEDIR
# names the build tree's po/ (what `build-aux/dev run` sets), and fall back to
# English, without failing, when it names a directory without translations.
# C.UTF-8 because it is the one locale every Debian has; gettext honours
# LANGUAGE in it, not in plain "C".
set -u
cli="$1"
localedir="$2"
status=0

help_in () {
  env LC_ALL=C.UTF-8 LANGUAGE="$1" CASUSTAFEL_LOCALEDIR="$2" "$cli" --help 2>&1
}

out=$(help_in nl "$localedir")
case "$out" in
  "Gebruik: casustafel-cli OPDRACHT"*) echo "ok: Dutch from $localedir" ;;
  *) echo "FAIL: LANGUAGE=nl with CASUSTAFEL_LOCALEDIR=$localedir printed:"; echo "$out" | head -3; status=1 ;;
esac

out=$(help_in en "$localedir")
case "$out" in
  "Usage: casustafel-cli COMMAND"*) echo "ok: English for LANGUAGE=en" ;;
  *) echo "FAIL: LANGUAGE=en printed:"; echo "$out" | head -3; status=1 ;;
esac

empty=$(mktemp -d)
trap 'rmdir "$empty"' EXIT
out=$(help_in nl "$empty")
case "$out" in
  "Usage: casustafel-cli COMMAND"*) echo "ok: English when the directory has no translations" ;;
  *) echo "FAIL: a directory without translations printed:"; echo "$out" | head -3; status=1 ;;
esac

exit $status
