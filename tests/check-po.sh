#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The translations: German and French are there; every language in
# po/LINGUAS passes msgfmt's checks (formats, accelerators, header) and
# translates every string the sources have now, none of them fuzzy.
# The strings are extracted as `meson compile hark-pot` does (the glib
# preset's keywords), into a folder of the test's own.
set -eu
top=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hark-po-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

cd "$top"
xgettext --package-name=hark --from-code=UTF-8 --add-comments \
  -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kg_dcgettext:2 -kg_dngettext:2,3 -kg_dpgettext2:2c,3 \
  -D "$top" -f po/POTFILES.in -o "$tmp/hark.pot"
strings=$(msgattrib --no-wrap "$tmp/hark.pot" | grep -c '^msgid ' || true)
if [ "$strings" -lt 100 ]; then
  echo "only $strings strings extracted: is po/POTFILES.in read?"
  status=1
fi

languages=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/LINGUAS)
for required in de fr; do
  printf '%s\n' $languages | grep -qx "$required" ||
    { echo "po/LINGUAS lacks $required"; status=1; }
done

for lang in $languages; do
  po=po/$lang.po
  if [ ! -f "$po" ]; then
    echo "po/LINGUAS names $lang, but $po does not exist"
    status=1
    continue
  fi
  if ! msgfmt -c --check-accelerators=_ -o /dev/null "$po" 2>"$tmp/msgfmt"; then
    echo "$po: msgfmt -c:"
    cat "$tmp/msgfmt"
    status=1
  elif [ -s "$tmp/msgfmt" ]; then
    echo "$po: msgfmt warns:"
    cat "$tmp/msgfmt"
    status=1
  fi
  # msgcmp counts a fuzzy or empty translation as missing.
  if ! msgcmp "$po" "$tmp/hark.pot" 2>"$tmp/msgcmp"; then
    echo "$po: not every string is translated:"
    head -20 "$tmp/msgcmp"
    status=1
  fi
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
  if [ "$fuzzy" -gt 1 ]; then
    echo "$po: $((fuzzy - 1)) fuzzy translations"
    status=1
  fi
done
exit $status
