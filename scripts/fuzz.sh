#!/usr/bin/env bash
# Fuzzes the capture reader, the range splitter and the dissector with Jazzer, one target after
# the other, MINUTES each (default 1), and prints executions, coverage and findings per target.
#
#   scripts/fuzz.sh [MINUTES] [TARGET...]      TARGET: pcap pcapng splits dissect (default: all)
#
# Seeds: the committed ones (odyssey-fuzz/src/test/resources/dev/odyssey/fuzz/*Inputs/<target>/)
# plus, when ../shared/pcap-corpus exists, its 40 smallest captures (copied only into the working
# corpus under odyssey-fuzz/target/fuzz/, which is build output and never committed).
# A finding fails the run; Jazzer saves the input as
#   odyssey-fuzz/src/test/resources/dev/odyssey/fuzz/<Class>Inputs/<target>/crash-<sha1>
# where the normal `mvn test` replays it from then on (regression mode). Logs: target/fuzz/<target>.log
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MINUTES="${1:-1}"
[ $# -gt 0 ] && shift
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(pcap pcapng splits dissect)
MODULE="$ROOT/odyssey-fuzz"
WORK="$MODULE/target/fuzz"
SHARED="$ROOT/../shared/pcap-corpus"
mkdir -p "$WORK"

cd "$ROOT"
mvn -q -o -pl odyssey-fuzz -am install -DskipTests 2>/dev/null || mvn -q -pl odyssey-fuzz -am install -DskipTests

class_of() { case "$1" in dissect) echo DissectFuzzTest ;; pcap|pcapng|splits) echo CaptureFuzzTest ;;
  *) echo "unknown target $1 (pcap pcapng splits dissect)" >&2; exit 2 ;; esac; }

# The smallest shared captures, as extra seeds for the reader targets.
shared_seeds() { # $1 target, $2 corpus dir
  [ -f "$SHARED/expected.tsv" ] || return 0
  tail -n +2 "$SHARED/expected.tsv" | cut -f1 | while read -r f; do
    [ -f "$SHARED/$f" ] && printf '%s\t%s\n' "$(stat -c %s "$SHARED/$f")" "$f"
  done | sort -n | head -40 | cut -f2 | while read -r f; do
    name="shared-$(echo "$f" | tr '/' '_')"
    magic="$(head -c 4 "$SHARED/$f" | od -An -tx1 | tr -d ' \n')"
    case "$1" in
      pcap)   [ "$magic" != 0a0d0d0a ] && cp "$SHARED/$f" "$2/$name" ;;
      pcapng) [ "$magic" = 0a0d0d0a ] && cp "$SHARED/$f" "$2/$name" ;;
      splits) { printf '\017\001'; cat "$SHARED/$f"; } > "$2/$name" ;; # ranges of 16 bytes, 2 threads
    esac || true
  done
}

printf '%-8s %8s %10s %8s %6s %s\n' target seconds runs exec/s cov result > "$WORK/summary.txt"
status=0
for t in "${TARGETS[@]}"; do
  cls="$(class_of "$t")"
  corpus="$WORK/corpus/$t"
  mkdir -p "$corpus"
  shared_seeds "$t" "$corpus"
  echo "fuzz: $cls#$t for $MINUTES min (corpus $corpus)" >&2
  start=$(date +%s)
  if JAZZER_FUZZ=1 mvn -q -o -pl odyssey-fuzz test -Dtest="$cls#$t" \
      -Djazzer.instrumentation_includes='dev.odyssey.**' \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="$corpus" \
      -Djazzer.internal.arg.2=-max_total_time=$((MINUTES * 60)) > "$WORK/$t.mvn.log" 2>&1; then
    result=ok
  else
    result=FINDING; status=1
  fi
  # libFuzzer writes its status lines to the process's stderr, which surefire passes through
  cat "$WORK/$t.mvn.log" "$MODULE/target/surefire-reports/dev.odyssey.fuzz.$cls-output.txt" > "$WORK/$t.log" 2>/dev/null || true
  runs="$(grep -o 'Done [0-9]* runs' "$WORK/$t.log" | tail -1 | grep -o '[0-9]*' || echo '?')"
  last="$(grep -E '^#[0-9]+' "$WORK/$t.log" | tail -1 || true)"
  [ "$runs" = "?" ] && runs="$(echo "$last" | sed -E 's/^#([0-9]+).*/\1/')"
  cov="$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || echo '?')"
  secs=$(( $(date +%s) - start ))
  rate="$(echo "$last" | grep -o 'exec/s: [0-9]*' | grep -o '[0-9]*' || echo '?')"
  printf '%-8s %8s %10s %8s %6s %s\n' "$t" "$secs" "${runs:-?}" "$rate" "${cov:-?}" "$result" >> "$WORK/summary.txt"
  if [ "$result" != ok ]; then
    grep -E 'FAILURE|Expecting|AssertionError|Exception|crash-' "$WORK/$t.log" | head -20 >&2 || true
  fi
done
cat "$WORK/summary.txt"
exit $status
