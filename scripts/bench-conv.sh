#!/usr/bin/env bash
# Times `odyssey pcap --conversations` against `tshark -q -z conv,tcp` on bench-work/big.pcap (the
# 512 MiB capture of scripts/bench-pcap.sh), whole process, page cache warm, in ONE hyperfine run,
# and checks that the busiest conversations agree. Writes the medians and the comparison into
# docs/benchmarks.md between the bench-conv markers (the rest of the file is kept).
#
#   scripts/bench-conv.sh [--runs N] [--slow-runs N] [--top N] [--no-docs]
#
#   --runs N       repetitions of Odyssey's runs (1 thread, all threads); default 5
#   --slow-runs N  repetitions of tshark; default 3
#   --top N        conversations listed and compared (default 10, Odyssey's default too)
#   --no-docs      measure and print, but leave docs/benchmarks.md alone
#
# tshark counts a conversation's frames in its own way (it follows tunnels and reassembles IP
# fragments, see docs/counting.md); the report says how many of Odyssey's busiest conversations
# tshark lists with the same packet counts, and names the others.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_WORK:-$ROOT/bench-work}"  # BENCH_WORK: another folder (a smoke test on a small capture)
TOOLS="$ROOT/scripts/lib"
RUNS=5 SLOW_RUNS=3 TOP=10 DOCS=1
CMD_LINE="scripts/bench-conv.sh${*:+ $*}"
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
    --slow-runs) SLOW_RUNS="${2:?--slow-runs needs a number}"; shift 2 ;;
    --top) TOP="${2:?--top needs a number}"; shift 2 ;;
    --no-docs) DOCS=0; shift ;;
    -h|--help) usage ;;
    *) echo "bench-conv: unknown argument '$1'" >&2; usage ;;
  esac
done
log() { echo "bench-conv: $*" >&2; }
die() { log "$*"; exit 1; }

BIG="$WORK/big.pcap"
[ -s "$BIG" ] || "$ROOT/scripts/bench-pcap.sh" --prepare
[ -s "$BIG" ] || die "$BIG could not be built (scripts/bench-pcap.sh --prepare needs ../shared)"
"$ROOT/scripts/install-peer-tools.sh" || die "peer tools (tshark, hyperfine) could not be installed"

ODY="${ODYSSEY_BIN:-$ROOT/bin/odyssey}"
probe="$("$ODY" pcap --pcap "$WORK/slice-32m.pcap" --json --no-progress --conversations 1 2>&1 || true)"
case "$probe" in
  *'"error":null'*) ;;
  *) die "Odyssey cannot list conversations yet, nothing to time: $probe" ;;
esac
export ODYSSEY_NO_BUILD=1

ODY_ARGS="pcap --pcap '$BIG' --conversations $TOP --json --no-progress"
CMD_ODY1="'$ODY' $ODY_ARGS --threads 1"
CMD_ODYN="'$ODY' $ODY_ARGS --multi"
CMD_TSHARK="tshark -r '$BIG' -q -z conv,tcp"

log "warming the page cache"
cat "$BIG" > /dev/null
{
  echo "cmd_odyssey_1=bin/odyssey $ODY_ARGS --threads 1"
  echo "cmd_odyssey_all=bin/odyssey $ODY_ARGS --multi"
  echo "cmd_tshark=$CMD_TSHARK"
  echo "cmd_line=$CMD_LINE"
  echo "runs=$RUNS"
  echo "slow_runs=$SLOW_RUNS"
  "$TOOLS/machine-env.sh" "$ROOT"
  echo "tool_versions=$(tshark --version 2>/dev/null | head -n 1 | sed 's/\.$//'), $(hyperfine --version)"
} | sed "s|$ROOT/||g" > "$WORK/conv-env.txt"

log "timing Odyssey --conversations ($RUNS runs each) and tshark -z conv,tcp ($SLOW_RUNS runs)"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/conv-fast.json" \
  -n odyssey-1-thread "$CMD_ODY1 > '$WORK/conv-odyssey-1.out'" \
  -n odyssey-all-threads "$CMD_ODYN > '$WORK/conv-odyssey-all.out'" >&2
hyperfine --style basic --runs "$SLOW_RUNS" --export-json "$WORK/conv-slow.json" \
  -n tshark "$CMD_TSHARK > '$WORK/conv-tshark.out' 2>/dev/null" >&2

if [ "$DOCS" = 1 ]; then
  python3 "$TOOLS/conv-report.py" "$WORK" "$TOP" "$ROOT/docs/benchmarks.md"
  log "docs/benchmarks.md updated"
else
  python3 "$TOOLS/conv-report.py" "$WORK" "$TOP"
fi
