#!/bin/sh
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-install.sh BUILDDIR
#
# `meson install` leaves a complete application: both programs, the Dutch
# translations (and the installed CLI speaks Dutch from them), the user
# guide in English and Dutch, the icons, and the desktop, settings, MIME
# and AppStream data. Installs into a temporary DESTDIR, never the system.
set -u
build="$1"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
status=0

if ! meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >"$dest.log" 2>&1; then
  echo "FAIL: meson install"; cat "$dest.log"; rm -f "$dest.log"; exit 1
fi
rm -f "$dest.log"
prefix=$(meson introspect "$build" --buildoptions \
           | python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root="$dest$prefix"

for file in \
  bin/casustafel \
  bin/casustafel-cli \
  share/locale/nl/LC_MESSAGES/casustafel.mo \
  share/help/C/casustafel/index.page \
  share/help/nl/casustafel/index.page \
  share/help/nl/casustafel/meeting-run.page \
  share/help/nl/casustafel/projector.page \
  share/icons/hicolor/scalable/apps/nl.casustafel.Casustafel.svg \
  share/icons/hicolor/symbolic/apps/nl.casustafel.Casustafel-symbolic.svg \
  share/applications/nl.casustafel.Casustafel.desktop \
  share/glib-2.0/schemas/nl.casustafel.Casustafel.gschema.xml \
  share/mime/packages/nl.casustafel.Casustafel.xml \
  share/metainfo/nl.casustafel.Casustafel.metainfo.xml
do
  if [ -s "$root/$file" ]; then
    echo "ok: $file"
  else
    echo "FAIL: $file is not installed"
    status=1
  fi
done

# Every page of the guide in both languages.
n_c=$(ls "$root/share/help/C/casustafel" | wc -l)
n_nl=$(ls "$root/share/help/nl/casustafel" | wc -l)
if [ "$n_c" -gt 0 ] && [ "$n_c" = "$n_nl" ]; then
  echo "ok: $n_c pages of help in English and in Dutch"
else
  echo "FAIL: $n_c pages of help in English, $n_nl in Dutch"
  status=1
fi

# The installed translations are the ones the installed CLI reads.
out=$(env LC_ALL=C.UTF-8 LANGUAGE=nl CASUSTAFEL_LOCALEDIR="$root/share/locale" \
        "$root/bin/casustafel-cli" --help 2>&1)
case "$out" in
  "Gebruik: casustafel-cli OPDRACHT"*) echo "ok: the installed CLI speaks Dutch" ;;
  *) echo "FAIL: the installed CLI with LANGUAGE=nl printed:"; echo "$out" | head -3; status=1 ;;
esac
exit $status
