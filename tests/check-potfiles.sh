#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every source file with a translatable string is in po/POTFILES.in, and
# every file listed there exists.
set -eu
top=$1
status=0

listed=$(grep -v '^#' "$top/po/POTFILES.in" | sed '/^$/d')
for file in $listed; do
  if [ ! -f "$top/$file" ]; then
    echo "po/POTFILES.in lists $file, which does not exist"
    status=1
  fi
done

cd "$top"
pattern='(^|[^A-Za-z0-9_])(N?_ ?\("|g_dngettext ?\()|translatable="yes"'
for file in $(grep -rlE "$pattern" src data --include='*.c' --include='*.ui' --include='*.in' \
                --include='*.xml' | sort); do
  if ! printf '%s\n' "$listed" | grep -qx "$file"; then
    echo "$file has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done
exit $status
