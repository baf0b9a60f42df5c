#!/usr/bin/env bash
# Times counting on Spark against the single-machine --threads 2, whole process, in ONE run, and
# writes the medians, the fixed cost and the throughput into docs/spark.md (between the
# bench-spark markers; the rest of the file is kept).
#
#   scripts/bench-spark.sh [--runs N] [--no-docs]
#
#   --runs N    repetitions of each command (hyperfine, after one warm-up); default 5
#   --no-docs   measure and print, but leave docs/spark.md alone
#
# What is timed (whole process: JVM start, Spark start, job, stop), on bench-work/big.pcap
# (512 MiB of real traffic, page cache warm) and on examples/sample.pcap (the fixed cost):
#   bin/odyssey pcap --threads 2                    the single-machine reference
#   bin/odyssey pcap --spark 'local[2]'             Spark embedded in the process, as launched
#   the same with a class-data archive (AppCDS) of the Spark class path, when the launcher does
#     not make one itself (ODYSSEY_JAVA_OPTS=-XX:SharedArchiveFile=bench-work/spark.jsa), and
#     with the archive and C1 only (-XX:TieredStopAtLevel=1: on 2 cores, C2 compiling Spark's
#     start-up code competes with the start-up itself)
#   bin/odyssey pcap --spark spark://127.0.0.1:P    a standalone master and two one-core workers
#     on this machine, started by this script (bin/odyssey spark-master / spark-worker) and
#     stopped when it exits; every job starts its own two executor JVMs, as on a real cluster
# The counts printed by every timed command are checked to be identical before anything is written.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$ROOT/../shared"
WORK="$ROOT/bench-work"
RUNS=5
DOCS=1
CMD_LINE="scripts/bench-spark.sh${*:+ $*}"
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
    --no-docs) DOCS=0; shift ;;
    -h|--help) usage ;;
    *) echo "bench-spark: unknown argument '$1'" >&2; usage ;;
  esac
done
log() { echo "bench-spark: $*" >&2; }
die() { log "$*"; exit 1; }
command -v hyperfine >/dev/null || die "hyperfine is missing (apt-get install hyperfine)"

mkdir -p "$WORK"
BIG="$WORK/big.pcap"
TINY="$ROOT/examples/sample.pcap"
if [ ! -s "$BIG" ]; then
  [ -f "$SHARED/tools/make-big-pcap.py" ] || die "$SHARED/tools/make-big-pcap.py is missing: big.pcap is \
built from the shared capture corpus, expected in ../shared beside the repository"
  log "building $BIG (512 MiB of real traffic from the shared corpus)"
  python3 "$SHARED/tools/make-big-pcap.py" --out "$BIG" --size 512M >&2
fi
ODY="$ROOT/bin/odyssey"
"$ODY" pcap --threads 1 "$TINY" >/dev/null || die "bin/odyssey cannot count $TINY: build first (mvn -DskipTests package)"
export ODYSSEY_NO_BUILD=1

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# The standalone cluster: its master prints its URL once listening (port 0 = any free port).
log "starting a standalone master and two one-core workers on loopback"
"$ODY" spark-master --port 0 --webui-port 0 > "$WORK/spark-master.out" 2> "$WORK/spark-master.err" &
PIDS+=($!)
URL=""
for _ in $(seq 1 120); do
  URL="$(grep -o 'spark://[0-9.]*:[0-9]*' "$WORK/spark-master.out" | head -n 1 || true)"
  [ -n "$URL" ] && break
  sleep 0.5
done
[ -n "$URL" ] || die "the master did not start within 60 s: $(cat "$WORK/spark-master.err")"
for i in 1 2; do
  "$ODY" spark-worker "$URL" --cores 1 --memory 1g --webui-port 0 --work-dir "$WORK/spark-work" \
    > "$WORK/spark-worker$i.out" 2> "$WORK/spark-worker$i.err" &
  PIDS+=($!)
done
for i in 1 2; do
  for _ in $(seq 1 120); do grep -q 'Spark worker at' "$WORK/spark-worker$i.out" && break; sleep 0.5; done
  grep -q 'Spark worker at' "$WORK/spark-worker$i.out" || die "worker $i did not start: $(cat "$WORK/spark-worker$i.err")"
done
log "cluster at $URL"

# An AppCDS archive of the Spark class path, made by one training run (as the launcher does for
# the single-machine commands), unless the launcher already makes one for Spark.
JSA="$WORK/spark.jsa"
CDS=0
if ! grep -q 'spark.*\.jsa' "$ODY"; then
  CDS=1
  if [ ! -s "$JSA" ] || [ "$JSA" -ot "$(ls "$ROOT"/odyssey-spark/target/odyssey-spark-*.jar | head -n 1)" ]; then
    rm -f "$JSA"
    ODYSSEY_JAVA_OPTS="-XX:ArchiveClassesAtExit=$JSA -Xlog:cds+dynamic=off" \
      "$ODY" pcap --spark 'local[2]' "$TINY" >/dev/null 2>&1 || rm -f "$JSA"
  fi
  [ -s "$JSA" ] || CDS=0
fi

log "warming the page cache"
cat "$BIG" > /dev/null
cmds=()
add() { cmds+=(-n "$1" "$2"); }
for input in big tiny; do
  f="$BIG"; [ "$input" = tiny ] && f="$TINY"
  add "threads-2/$input" "'$ODY' pcap --threads 2 '$f' > '$WORK/spark-bench-threads-2-$input.out' 2>/dev/null"
  add "local2/$input" "'$ODY' pcap --spark 'local[2]' '$f' > '$WORK/spark-bench-local2-$input.out' 2>/dev/null"
  if [ "$CDS" = 1 ]; then
    add "local2-cds/$input" \
      "ODYSSEY_JAVA_OPTS='-XX:SharedArchiveFile=$JSA -Xlog:cds=off' '$ODY' pcap --spark 'local[2]' '$f' > '$WORK/spark-bench-local2-cds-$input.out' 2>/dev/null"
    add "local2-cds-c1/$input" \
      "ODYSSEY_JAVA_OPTS='-XX:SharedArchiveFile=$JSA -Xlog:cds=off -XX:TieredStopAtLevel=1' '$ODY' pcap --spark 'local[2]' '$f' > '$WORK/spark-bench-local2-cds-c1-$input.out' 2>/dev/null"
  fi
  add "cluster-2x1/$input" "'$ODY' pcap --spark '$URL' '$f' > '$WORK/spark-bench-cluster-$input.out' 2>/dev/null"
done
log "timing $((${#cmds[@]} / 3)) commands, $RUNS runs each"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/spark-bench.json" "${cmds[@]}" >&2

for input in big tiny; do
  ref="$WORK/spark-bench-threads-2-$input.out"
  [ -s "$ref" ] || die "no output from --threads 2 on $input"
  for out in "$WORK"/spark-bench-*-"$input".out; do
    cmp -s "$ref" "$out" || die "counts differ: $out against $ref:
$(diff "$ref" "$out")"
  done
done
log "all commands printed the same counts"

{
  echo "cmd_line=$CMD_LINE"
  echo "runs=$RUNS"
  echo "big_bytes=$(stat -c %s "$BIG")"
  echo "tiny_bytes=$(stat -c %s "$TINY")"
  echo "cds=$CDS"
  echo "counts_big=$(tr '\n' ' ' < "$WORK/spark-bench-threads-2-big.out" | sed "s|$ROOT/||g")"
  "$ROOT/scripts/lib/machine-env.sh" "$ROOT" 2>/dev/null || true
} > "$WORK/spark-bench-env.txt"

python3 - "$WORK/spark-bench.json" "$WORK/spark-bench-env.txt" "$([ "$DOCS" = 1 ] && echo "$ROOT/docs/spark.md")" <<'EOF'
import json, re, statistics, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
env = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[2]) if "=" in l)
docs = sys.argv[3] if len(sys.argv) > 3 else ""
big = int(env["big_bytes"])
med = {k: statistics.median(r["times"]) for k, r in results.items()}
names = {"threads-2": "`--threads 2` (one machine)", "local2": "`--spark 'local[2]'`",
         "local2-cds": "`--spark 'local[2]'` + AppCDS archive",
         "local2-cds-c1": "`--spark 'local[2]'` + AppCDS + `-XX:TieredStopAtLevel=1`",
         "cluster-2x1": "`--spark spark://…` 2 workers × 1 core"}
modes = [m for m in names if f"{m}/big" in med]
ref = med["threads-2/big"]
cpu = {k: r["user"] + r["system"] for k, r in results.items()}
rows = ["| mode | tiny capture (fixed cost) | big.pcap, 512 MiB | × `--threads 2` on big | throughput above the fixed cost | CPU time tiny / big |",
        "|---|---:|---:|---:|---:|---:|"]
for m in modes:
    b, t = med[f"{m}/big"], med[f"{m}/tiny"]
    tput = f"{big / (b - t) / 1e9:.2f} GB/s" if b > t else "— (within noise)"
    rows.append(f"| {names[m]} | {t:.2f} s | {b:.2f} s | {b / ref:.1f} | {tput} | {cpu[f'{m}/tiny']:.2f} s / {cpu[f'{m}/big']:.2f} s |")
text = "\n".join(rows) + f"""

Wall-clock medians of {env['runs']} runs each (hyperfine, one warm-up, page cache warm), whole
process, all commands in one run; CPU time is user + system (mean), which other load on the machine
disturbs less than wall time. Every command printed the same counts ({env['counts_big'].strip()}).
Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('ram', '?')}; {env.get('java', '?')};
load {env.get('load', '?')}; {env.get('date', '?')}, commit {env.get('commit', '?')}.
Command: `{env['cmd_line'].strip()}`."""
print(text)
if docs:
    s = open(docs).read()
    begin, end = "<!-- bench-spark:begin -->", "<!-- bench-spark:end -->"
    if begin not in s or end not in s:
        sys.exit(f"{docs}: markers {begin} / {end} not found")
    s = s[:s.index(begin) + len(begin)] + "\n" + text + "\n" + s[s.index(end):]
    open(docs, "w").write(s)
    print(f"bench-spark: wrote {docs}", file=sys.stderr)
EOF
