#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Seeds the fuzzing corpus in $1 from the spec's examples in $2 (the protocol
# reference folder; may be empty): each answer prefixed with the byte that
# names its operation, as fuzz-um-response.c reads it. Touches $3 when done.
set -eu
out=$1
ref=${2:-}
stamp=${3:-}
mkdir -p "$out"

# Operation numbers of um-operation.h, and the 0x80 bit for HTTP 500.
op () {
  case $1 in
    IsUMEnabled) echo 0 ;; GetUMProperties) echo 1 ;; SetOofStatus) echo 2 ;;
    SetMissedCallNotificationEnabled) echo 3 ;; SetPlayOnPhoneDialString) echo 4 ;;
    SetTelephoneAccessFolderEmail) echo 5 ;; ResetPIN) echo 6 ;; PlayOnPhone) echo 7 ;;
    PlayOnPhoneGreeting) echo 8 ;; GetCallInfo) echo 9 ;; Disconnect) echo 10 ;;
    PlayOnPhone2) echo 11 ;; GetPhoneCallInformation) echo 12 ;; DisconnectPhoneCall) echo 13 ;;
    *) echo 0 ;;
  esac
}

seed () {
  byte=$1
  file=$2
  name=$3
  { printf "\\$(printf '%03o' "$byte")"; cat "$file"; } > "$out/$name"
}

if [ -n "$ref" ] && [ -d "$ref/examples" ]; then
  for f in "$ref"/examples/*.response.xml; do
    name=$(basename "$f" .response.xml)
    seed "$(op "$name")" "$f" "$name"
  done
  for f in "$ref"/examples/fault-*.xml "$ref"/examples/corrected/fault-*.xml; do
    name=$(basename "$f" .xml)
    operation=$(echo "$name" | sed 's/^fault-[^.]*\.\([A-Za-z0-9]*\).*/\1/')
    seed $(( $(op "$operation") + 128 )) "$f" "$name"
  done
fi

# A seed of Hark's own for the corpus to start from even without the folder.
{
  printf '\000'
  printf '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
  printf '<IsUMEnabledResponse xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">'
  printf '<IsUMEnabledResponse>true</IsUMEnabledResponse></IsUMEnabledResponse>'
  printf '</soap:Body></soap:Envelope>'
} > "$out/hark-is-um-enabled"

[ -z "$stamp" ] || touch "$stamp"
