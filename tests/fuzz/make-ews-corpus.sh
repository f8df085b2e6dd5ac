#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Seeds the corpus of fuzz-ews in $2 from Hark's own seeds in $1 (answers of
# the reference server, a transcription) and the Autodiscover examples of
# the protocol reference $3 (may be empty), each prefixed with the byte that
# chooses its reader in fuzz-ews.c. Touches $4 when done.
set -eu
seeds=$1
out=$2
ref=${3:-}
stamp=${4:-}
mkdir -p "$out"

# The mailbox calls' order in um-operation.h, from UM_N_UM_OPERATIONS.
selector () {
  case $1 in
    FindFolder) echo 0 ;; GetFolder) echo 1 ;; CreateFolder) echo 2 ;; FindItem) echo 3 ;;
    GetItem) echo 4 ;; GetAttachment) echo 5 ;; UpdateItem) echo 6 ;; MoveItem) echo 7 ;;
    DeleteItem) echo 8 ;; SyncFolderItems) echo 9 ;; ConvertId) echo 10 ;; Subscribe) echo 11 ;;
    Unsubscribe) echo 12 ;; GetEvents) echo 13 ;; GetStreamingEvents) echo 14 ;;
    autodiscover*) echo 128 ;; asr) echo 129 ;;
    *) echo 0 ;;
  esac
}

seed () {
  { printf "\\$(printf '%03o' "$1")"; cat "$2"; } > "$out/$3"
}

for f in "$seeds"/*.xml; do
  name=$(basename "$f" .xml)
  seed "$(selector "$name")" "$f" "$name"
done

if [ -n "$ref" ] && [ -d "$ref/examples" ]; then
  for f in "$ref"/examples/autodiscover.response*.xml; do
    seed 128 "$f" "$(basename "$f" .xml)"
  done
fi

[ -z "$stamp" ] || touch "$stamp"
