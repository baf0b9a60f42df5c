#!/usr/bin/env bash
# In-process JMH benchmarks of packet counting; writes GB/s and packets/s into docs/benchmarks.md
# (between the bench-jmh markers; the rest of the file is kept).
#
#   scripts/bench-jmh.sh [--quick] [--no-docs] [--profile] [--wait-quiet MIN] [-- JMH_ARGS...]
#
#   --quick     one short iteration each (checks that everything runs; numbers not written to docs)
#   --no-docs   measure and print, but leave docs/benchmarks.md alone
#   --profile   also run async-profiler through JMH and write flame graphs under bench-work/profile/
#   --wait-quiet M  before measuring, wait up to M minutes for the load average to drop below 1
#   JMH_ARGS    passed to org.openjdk.jmh.Main after the defaults, e.g. -- CountEngineBench -p threads=1
#
# Benchmarks: CountEngineBench (the whole in-process job on page-cached bench-work/big.pcap, 1 and 2
# threads) and DissectorBench (the dissector alone on the first 4096 real frames of big.pcap).
# Builds big.pcap through scripts/bench-pcap.sh --prepare when missing, and the benchmark jar with
# Maven unless ODYSSEY_NO_BUILD=1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/bench-work"
TOOLS="$ROOT/scripts/lib"
CMD_LINE="scripts/bench-jmh.sh${*:+ $*}"
QUICK=0
DOCS=1
PROFILE=0
QUIET_MIN=0
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; DOCS=0; shift ;;
    --no-docs) DOCS=0; shift ;;
    --profile) PROFILE=1; shift ;;
    --wait-quiet) QUIET_MIN="${2:?--wait-quiet needs minutes}"; shift 2 ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) echo "bench-jmh: unknown argument '$1'" >&2; usage ;;
  esac
done
log() { echo "bench-jmh: $*" >&2; }

"$ROOT/scripts/bench-pcap.sh" --prepare
if [ -z "${ODYSSEY_NO_BUILD:-}" ]; then
  log "building odyssey-bench and the modules it uses"
  (cd "$ROOT" && mvn -q -B -DskipTests -Dmaven.test.skip=true -pl odyssey-bench -am package) >&2
fi
JAR="$(ls "$ROOT"/odyssey-bench/target/odyssey-bench-*.jar | grep -v -e sources -e tests | head -n 1)"
CP="$JAR:$ROOT/odyssey-bench/target/lib/*"

args=(-rf json -rff "$WORK/jmh.json")
[ "$QUICK" = 1 ] && args+=(-wi 1 -w 1s -i 1 -r 2s)
if [ "$PROFILE" = 1 ]; then
  LIB="$("$TOOLS/async-profiler.sh" "$WORK/async-profiler")"
  mkdir -p "$WORK/profile"
  args+=(-prof "async:libPath=$LIB;output=flamegraph,collapsed;dir=$WORK/profile;interval=1000000")
fi
[ "$QUIET_MIN" -gt 0 ] && "$TOOLS/wait-quiet.sh" "$QUIET_MIN"
log "warming the page cache"
cat "$WORK/big.pcap" > /dev/null
cd "$ROOT"
{ echo "cmd_line=$CMD_LINE"; "$TOOLS/machine-env.sh" "$ROOT"; } > "$WORK/jmh-env.txt"
java -cp "$CP" org.openjdk.jmh.Main "${args[@]}" "$@" >&2

if [ "$DOCS" = 1 ]; then
  python3 "$TOOLS/bench-report.py" jmh --work "$WORK" --big "$WORK/big.pcap" --docs "$ROOT/docs/benchmarks.md"
fi
