#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Flatpak manifest parses (flatpak-builder --show-manifest), names
# Hark's app id and command, and asks for no more than Hark needs:
# notifications and secrets go through the portals (libnotify and
# libsecret use them inside a sandbox), so no bus names and no files.
# check-flatpak.sh MANIFEST APP-ID
set -eu
manifest=$1 app_id=$2
shown=$(flatpak-builder --show-manifest "$manifest")
status=0

value () {
  printf '%s\n' "$shown" | sed -n "s/^  \"$1\" : \"\\(.*\\)\",\$/\\1/p"
}
[ "$(value id)" = "$app_id" ] || { echo "the manifest's id is $(value id), not $app_id"; status=1; }
[ "$(value command)" = hark ] || { echo "the manifest runs $(value command), not hark"; status=1; }

args=$(printf '%s\n' "$shown" | sed -n '/"finish-args"/,/\]/p' |
       sed -n 's/^ *"\(--[^"]*\)",\{0,1\}$/\1/p')
for needed in --share=network --socket=wayland --socket=fallback-x11 --socket=pulseaudio; do
  printf '%s\n' "$args" | grep -qx -- "$needed" || { echo "finish-args lack $needed"; status=1; }
done
for arg in $args; do
  case $arg in
    --share=network | --share=ipc | --socket=wayland | --socket=fallback-x11 | \
    --socket=pulseaudio | --device=dri) ;;
    *) echo "finish-args ask for more than Hark needs: $arg"; status=1 ;;
  esac
done
exit $status
