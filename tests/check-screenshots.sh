#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every screenshot the metainfo names is in data/screenshots, as a PNG, and
# every PNG there is named by the metainfo.
set -eu
top=$1
metainfo=$top/data/io.github.hark.Hark.metainfo.xml.in.in
status=0

named=$(sed -n 's|.*<image>.*/data/screenshots/\([^<]*\)</image>.*|\1|p' "$metainfo")
if [ -z "$named" ]; then
  echo "The metainfo names no screenshot"
  exit 1
fi
for name in $named; do
  file=$top/data/screenshots/$name
  if [ ! -f "$file" ]; then
    echo "The metainfo names $name, which is not in data/screenshots"
    status=1
  elif [ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
    echo "data/screenshots/$name is not a PNG"
    status=1
  fi
done
for file in "$top"/data/screenshots/*.png; do
  name=${file##*/}
  if ! echo "$named" | grep -qx "$name"; then
    echo "data/screenshots/$name is not in the metainfo"
    status=1
  fi
done
exit $status
