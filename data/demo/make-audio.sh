#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# make-audio.sh INI OUTDIR
#
# Makes the audio of the demo mailbox described by INI (voicemails.ini): for
# each group it speaks the transcript with espeak-ng in the group's voice,
# makes it telephone audio (8 kHz mono, 300-3400 Hz) and stores it in the
# group's codec, as Exchange Unified Messaging would:
#
#   pcm   OUTDIR/GROUP.wav  WAV, 16-bit PCM
#   alaw  OUTDIR/GROUP.wav  WAV, G.711 A-law
#   ulaw  OUTDIR/GROUP.wav  WAV, G.711 mu-law
#   gsm   OUTDIR/GROUP.wav  WAV, GSM 6.10
#   mp3   OUTDIR/GROUP.mp3  MPEG-2.5 layer III, 16 kbit/s
#   wma   OUTDIR/GROUP.wma  ASF, Windows Media Audio 2, 32 kbit/s
#   amr   OUTDIR/GROUP.amr  AMR-NB, 12.2 kbit/s
#
# A message of parts=2 is split in two files, GROUP-1.EXT and GROUP-2.EXT, at
# the end of the sentence nearest the middle of its transcript (at the middle
# of its audio when it has a single sentence). An empty transcript, a message
# whose transcription failed, gets 3 s of faint line noise.
#
# OUTDIR/manifest.ini then has a group per message: files (in playing order,
# separated by ;), duration (of all of them, in whole seconds rounded up),
# content_type and codec. Every part is padded with silence to whole 40 ms
# (whole GSM 6.10 blocks and AMR frames, an even-sized WAV data chunk), and
# the last one to end 0.52 or 0.56 s past a whole second, so that the
# rounded-up duration is the same whichever tool measures it. sox runs
# repeatable and without dither and ffmpeg bit-exact: the same INI and tools
# give the same manifest and the same files.
#
# Needs the Debian packages espeak-ng, sox, libsox-fmt-all and ffmpeg.
set -eu

prog=${0##*/}
LC_ALL=C
export LC_ALL

die () {
  printf '%s: %s\n' "$prog" "$*" >&2
  exit 1
}

if [ $# -ne 2 ]; then
  printf 'usage: %s INI OUTDIR\n' "$prog" >&2
  exit 2
fi
ini=$1
out=$2
if [ ! -f "$ini" ] || [ ! -r "$ini" ]; then
  die "cannot read $ini"
fi

missing=
for tool in espeak-ng:espeak-ng sox:sox soxi:sox ffmpeg:ffmpeg ffprobe:ffmpeg awk:mawk; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool%%:*} (package ${tool#*:})"
done
[ -z "$missing" ] || die "missing:$missing; install them with: apt-get install espeak-ng sox libsox-fmt-all ffmpeg"

rate=8000
block=320                       # 40 ms: two GSM 6.10 frames (one WAV block), two AMR frames
us=$(printf '\037')             # separates the fields of a parsed message

tmp=$(mktemp -d "${TMPDIR:-/tmp}/make-audio.XXXXXX") || die "cannot make a temporary folder"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Runs a tool, its output kept for the error message if it fails.
run () {
  if ! "$@" >"$tmp/log" 2>&1 </dev/null; then
    printf '%s: [%s]: %s failed:\n' "$prog" "$group" "$1" >&2
    sed 's/^/  /' "$tmp/log" >&2
    exit 1
  fi
}

# The INI, one line per group: group, voice, codec, parts, transcript of the
# first part, transcript of the second part (empty: split the audio).
# GKeyFile syntax: comments, [group], key=value with \s \n \t \r \\ escapes;
# a key given twice keeps its last value, localized keys (key[xx]) are skipped.
awk -v us="$us" '
function fail(msg) {
  if (ended) printf "%s: %s\n", FILENAME, msg > "/dev/stderr"
  else printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
  bad = 1
  exit 1
}
function unescape(s,    r, c, i, n) {
  r = ""
  n = length(s)
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (c == "\\" && i < n) {
      c = substr(s, ++i, 1)
      if (c == "s") c = " "
      else if (c == "n" || c == "t" || c == "r") c = " "
      else if (c != "\\") c = "\\" c
    }
    r = r c
  }
  gsub(/[\001-\037\177]/, " ", r)       # a line break or tab is only a pause
  sub(/^ +/, "", r)
  sub(/ +$/, "", r)
  return r
}
function emit(g,    voice, codec, parts, text, i, n, best, want, first, second) {
  voice = val[g, "voice"]
  if (voice == "") voice = val[g, "lang"]
  if (voice == "") voice = "en-us"
  if (voice !~ /^[A-Za-z0-9][A-Za-z0-9_+-]*$/)
    fail("[" g "]: voice \"" voice "\" is not an espeak-ng voice name")
  codec = val[g, "codec"]
  if (codec !~ /^(pcm|alaw|ulaw|gsm|mp3|wma|amr)$/)
    fail("[" g "]: codec \"" codec "\" is none of pcm, alaw, ulaw, gsm, mp3, wma, amr")
  parts = val[g, "parts"]
  if (parts == "") parts = 1
  if (parts != "1" && parts != "2")
    fail("[" g "]: parts \"" parts "\" is neither 1 nor 2")
  text = val[g, "transcript"]
  first = text
  second = ""
  if (parts == 2) {
    # the sentence end (a space after . ? or !) nearest the middle
    n = length(text)
    want = n / 2
    best = 0
    for (i = 2; i < n; i++)
      if (substr(text, i, 1) == " " && substr(text, i - 1, 1) ~ /[.?!]/ &&
          (best == 0 || (i - want) ^ 2 < (best - want) ^ 2))
        best = i
    if (best > 0) {
      first = substr(text, 1, best - 1)
      second = substr(text, best + 1)
    }
  }
  print g us voice us codec us parts us first us second
}
/^[ \t]*(#|$)/ { next }
/^[ \t]*\[/ {
  line = $0
  sub(/^[ \t]+/, "", line)
  sub(/[ \t\r]+$/, "", line)
  if (line !~ /^\[[A-Za-z0-9_][A-Za-z0-9_.-]*\]$/)
    fail("group " line " cannot name a file")
  group = substr(line, 2, length(line) - 2)
  if (!(group in seen)) {
    seen[group] = 1
    order[++ngroups] = group
  }
  next
}
{
  i = index($0, "=")
  if (i == 0) fail("neither a comment, a [group] nor a key=value")
  if (group == "") fail("a key before the first group")
  key = substr($0, 1, i - 1)
  sub(/^[ \t]+/, "", key)
  sub(/[ \t]+$/, "", key)
  if (key !~ /\[/)
    val[group, key] = unescape(substr($0, i + 1))
}
END {
  if (bad) exit 1
  ended = 1
  if (ngroups == 0) fail("no [group]")
  for (k = 1; k <= ngroups; k++)
    emit(order[k])
}
' "$ini" >"$tmp/messages" || die "cannot parse $ini"

# What the codecs in use need beyond the tools themselves.
codecs=$(cut -d "$us" -f 3 "$tmp/messages" | sort -u)
encoders=$(ffmpeg -hide_banner -nostdin -encoders 2>/dev/null) || die "ffmpeg -encoders failed"
for codec in $codecs; do
  case $codec in
    amr)
      sox -h 2>/dev/null | grep -q '^AUDIO FILE FORMATS:.* amr-nb' ||
        die "sox cannot write AMR-NB; install libsox-fmt-all"
      ;;
    mp3)
      printf '%s\n' "$encoders" | grep -q ' libmp3lame ' ||
        die "ffmpeg has no libmp3lame (MP3) encoder; install Debian's ffmpeg"
      ;;
    wma)
      printf '%s\n' "$encoders" | grep -q ' wmav2 ' ||
        die "ffmpeg has no wmav2 (WMA) encoder; install Debian's ffmpeg"
      ;;
  esac
done

# espeak-ng fails on an unknown voice but falls back quietly on an unknown
# variant (VOICE+VARIANT), so variants are looked up in its list.
espeak-ng --voices=variant 2>/dev/null |
  awk 'NR > 1 { n = split($5, p, "/"); print p[n] }' >"$tmp/variants"

samples () {
  soxi -s "$1" 2>/dev/null || die "[$group]: cannot read the length of $1"
}

# Speaks a text (or makes faint noise for an empty one) as 16-bit 8 kHz mono.
speak () {
  if [ -n "$1" ]; then
    printf '%s\n' "$1" >"$tmp/text"
    run espeak-ng -v "$voice" -s 160 -b 1 -f "$tmp/text" -w "$tmp/speech.wav"
    run sox -R -D "$tmp/speech.wav" -r $rate -c 1 -e signed-integer -b 16 "$2" \
      highpass 300 lowpass 3400 gain -n -3
  else
    run sox -R -D -n -r $rate -c 1 -e signed-integer -b 16 "$2" \
      synth 3 pinknoise highpass 300 lowpass 3400 gain -n -42
  fi
}

# Pads a part with silence to whole blocks.
pad () {
  len=$(samples "$1")
  run sox -R -D "$1" "$tmp/padded.wav" pad 0 "$(((block - len % block) % block))s"
  mv "$tmp/padded.wav" "$1"
}

ffmpeg_encode () {
  src=$1
  dst=$2
  shift 2
  run ffmpeg -nostdin -y -i "$src" -map_metadata -1 -ar $rate -ac 1 "$@" \
    -fflags +bitexact -flags:a +bitexact "$dst"
}

encode () {
  case $codec in
    pcm)  run sox -R -D "$1" -e signed-integer -b 16 "$2" ;;
    alaw) run sox -R -D "$1" -e a-law -b 8 "$2" ;;
    ulaw) run sox -R -D "$1" -e u-law -b 8 "$2" ;;
    gsm)  run sox -R -D "$1" -e gsm-full-rate "$2" ;;
    amr)  run sox -R -D "$1" -t amr-nb -C 7 "$2" ;;
    mp3)  ffmpeg_encode "$1" "$2" -c:a libmp3lame -b:a 16k -id3v2_version 0 -f mp3 ;;
    wma)  ffmpeg_encode "$1" "$2" -c:a wmav2 -b:a 32k -f asf ;;
  esac
}

duration () {
  case $codec in
    mp3 | wma)
      ffprobe -v error -show_entries format=duration -of default=noprint_wrappers=1:nokey=1 "$1" 2>/dev/null ||
        die "[$group]: ffprobe cannot read $1"
      ;;
    *)
      soxi -D "$1" 2>/dev/null || die "[$group]: soxi cannot read $1"
      ;;
  esac
}

mkdir -p "$out" || die "cannot make $out"
rm -f "$out/manifest.ini"
{
  printf '# Made by make-audio.sh from %s: for each voice mail, its audio files\n' "${ini##*/}"
  printf '# in playing order, their duration in whole seconds (rounded up), their\n'
  printf '# MIME type and codec.\n'
} >"$tmp/manifest.ini"

group=
while IFS=$us read -r group voice codec parts first second <&3; do
  case $voice in
    *+*)
      grep -Fqx -- "${voice#*+}" "$tmp/variants" ||
        die "[$group]: espeak-ng has no voice variant ${voice#*+} (voice $voice)"
      ;;
  esac
  case $codec in
    pcm | alaw | ulaw | gsm) ext=wav type=audio/wav ;;
    mp3) ext=mp3 type=audio/mpeg ;;
    wma) ext=wma type=audio/x-ms-wma ;;
    amr) ext=amr type=audio/amr ;;
  esac

  speak "$first" "$tmp/part-1.wav"
  if [ "$parts" -eq 2 ]; then
    if [ -n "$second" ]; then
      speak "$second" "$tmp/part-2.wav"
    else
      # one sentence: cut the audio at its middle, on a block boundary
      len=$(samples "$tmp/part-1.wav")
      half=$((len / 2 / block * block))
      run sox -R -D "$tmp/part-1.wav" "$tmp/part-2.wav" trim "${half}s"
      run sox -R -D "$tmp/part-1.wav" "$tmp/first.wav" trim 0 "${half}s"
      mv "$tmp/first.wav" "$tmp/part-1.wav"
    fi
  fi

  # Whole blocks in every part, then silence at the end of the last one up
  # to half a second past a whole second, so that whatever a decoder adds or
  # drops at the edges (or estimates, for AMR) rounds up to the same seconds.
  total=0
  i=1
  while [ "$i" -le "$parts" ]; do
    pad "$tmp/part-$i.wav"
    len=$(samples "$tmp/part-$i.wav")
    total=$((total + len))
    i=$((i + 1))
  done
  end=$total
  while [ $((end % rate)) -lt $((rate / 2)) ] || [ $((end % rate)) -ge $((rate * 3 / 5)) ]; do
    end=$((end + block))
  done
  if [ "$end" -gt "$total" ]; then
    run sox -R -D "$tmp/part-$parts.wav" "$tmp/padded.wav" pad 0 "$((end - total))s"
    mv "$tmp/padded.wav" "$tmp/part-$parts.wav"
  fi

  # what an earlier run may have left for this group in another codec or parts
  for e in wav mp3 wma amr; do
    rm -f "$out/$group.$e" "$out/$group-1.$e" "$out/$group-2.$e"
  done
  files=
  total=
  i=1
  while [ "$i" -le "$parts" ]; do
    if [ "$parts" -eq 1 ]; then name=$group.$ext; else name=$group-$i.$ext; fi
    encode "$tmp/part-$i.wav" "$out/$name"
    total="$total $(duration "$out/$name")"
    files=${files:+$files;}$name
    i=$((i + 1))
  done
  seconds=$(awk -v d="$total" 'BEGIN { n = split(d, a, " "); for (i = 1; i <= n; i++) t += a[i]
                                       s = int(t); if (s < t) s++; print s }')

  printf '\n[%s]\nfiles=%s\nduration=%s\ncontent_type=%s\ncodec=%s\n' \
    "$group" "$files" "$seconds" "$type" "$codec" >>"$tmp/manifest.ini"
done 3<"$tmp/messages"

mv "$tmp/manifest.ini" "$out/manifest.ini" || die "cannot write $out/manifest.ini"
