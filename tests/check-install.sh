#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# meson install into a DESTDIR puts every file where GNOME expects it.
# check-install.sh BUILD-DIR APP-ID PREFIX BINDIR DATADIR SYSCONFDIR
set -eu
build=$1 app_id=$2 prefix=$3 bindir=$4 datadir=$5 sysconfdir=$6
dest=$(mktemp -d "${TMPDIR:-/tmp}/hark-install-XXXXXX")
trap 'rm -rf "$dest"' EXIT INT TERM

meson install -C "$build" --no-rebuild --destdir "$dest" >"$dest.log" 2>&1 || {
  cat "$dest.log"
  rm -f "$dest.log"
  exit 1
}
rm -f "$dest.log"

root=$dest$prefix
bin=$root/$bindir
share=$root/$datadir
case $sysconfdir in
  /*) etc=$dest$sysconfdir ;;
  *) etc=$root/$sysconfdir ;;
esac
status=0
expect () {
  if [ ! -e "$1" ]; then
    echo "not installed: ${1#"$dest"}"
    status=1
  fi
}

expect "$bin/hark"
expect "$bin/hark-cli"
expect "$bin/hark-server"
expect "$share/applications/$app_id.desktop"
expect "$share/dbus-1/services/$app_id.service"
expect "$share/metainfo/$app_id.metainfo.xml"
expect "$share/glib-2.0/schemas/io.github.hark.Hark.gschema.xml"
expect "$share/icons/hicolor/scalable/apps/$app_id.svg"
expect "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"

expect "$etc/xdg/autostart/$app_id.desktop"

# The login entry starts Hark as a service, only while the user wants it
# to run in the background.
autostart=$etc/xdg/autostart/$app_id.desktop
if [ -e "$autostart" ]; then
  grep -qx "Exec=hark --gapplication-service" "$autostart" ||
    { echo "the login entry starts something else: $(grep Exec= "$autostart")"; status=1; }
  grep -qx "X-GNOME-Autostart-Condition=GSettings io.github.hark.Hark run-in-background" \
    "$autostart" || { echo "the login entry does not follow run-in-background"; status=1; }
fi

# The service starts the installed binary, as a service.
service=$share/dbus-1/services/$app_id.service
if [ -e "$service" ]; then
  grep -qx "Name=$app_id" "$service" ||
    { echo "the service file names another bus name"; status=1; }
  grep -qx "Exec=$prefix/$bindir/hark --gapplication-service" "$service" ||
    { echo "the service file starts something else: $(grep Exec= "$service")"; status=1; }
fi
# The desktop file is D-Bus activatable and opens hark: links and voice-mail audio.
desktop=$share/applications/$app_id.desktop
if [ -e "$desktop" ]; then
  grep -qx "DBusActivatable=true" "$desktop" || { echo "not DBusActivatable"; status=1; }
  for type in audio/x-wav audio/wav audio/gsm audio/mpeg audio/x-ms-wma audio/amr \
              x-scheme-handler/hark; do
    grep -q "^MimeType=.*$type;" "$desktop" || { echo "MimeType lacks $type"; status=1; }
  done
fi
# The metainfo names the desktop file it launches and the binaries.
metainfo=$share/metainfo/$app_id.metainfo.xml
if [ -e "$metainfo" ]; then
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" ||
    { echo "the metainfo launches something else"; status=1; }
  for binary in hark hark-cli; do
    grep -q "<binary>$binary</binary>" "$metainfo" ||
      { echo "the metainfo lacks $binary"; status=1; }
  done
fi
# Every language of po/LINGUAS: its messages, and the desktop file and
# metainfo in it.
top=$(dirname "$0")/..
for lang in $(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/po/LINGUAS"); do
  expect "$share/locale/$lang/LC_MESSAGES/hark.mo"
  for entry in "$desktop" "$autostart"; do
    if [ -e "$entry" ]; then
      grep -q "^Comment\[$lang\]=" "$entry" || { echo "${entry#"$dest"} lacks $lang"; status=1; }
    fi
  done
  if [ -e "$metainfo" ]; then
    grep -q "xml:lang=\"$lang\"" "$metainfo" || { echo "the metainfo lacks $lang"; status=1; }
  fi
done
exit $status
