#!/usr/bin/env bash
# Spark's fixed cost and its scaling across hosts, whole process, written into docs/spark.md (between
# the bench-spark and bench-spark-scale markers; the rest of the file is kept).
#
#   scripts/bench-spark.sh [--runs N] [--scale-runs N] [--sizes 1,4] [--no-scale] [--no-docs] [--keep]
#
#   --runs N        repetitions of each fixed-cost command (hyperfine, after one warm-up); default 5
#   --scale-runs N  repetitions of each scaling command (after one warm-up, which also waits for the
#                   workers to register); default 3
#   --sizes LIST    capture sizes of the scaling run, in GiB (made from big.pcap; 16 only where the
#                   disk allows: the script checks the free space first); default 1,4
#   --no-scale      only the fixed-cost comparison
#   --no-docs       measure and print, but leave docs/spark.md alone
#   --keep          keep the generated 1/4/16 GiB captures (deleted at exit otherwise)
#
# Run it under /work/tools/prio (or any high-priority CPU group) on a shared machine.
#
# 1. Fixed cost, one machine, all in ONE hyperfine run, on bench-work/big.pcap (512 MiB of real
#    traffic, page cache warm) and examples/sample.pcap (the fixed cost):
#      bin/odyssey pcap --threads 1 | --threads 2 | --spark 'local[2]'
# 2. Scaling across hosts: a standalone master, one or two workers and the driver, each in a network
#    namespace of its own (veth pairs to a bridge in yet another namespace: the machine's network is
#    untouched), each worker capped at ONE core by a CPU cgroup (v1 cpu.cfs_quota_us, or v2 cpu.max)
#    that also holds the executors it starts. Captures of 1 and 4 GiB are big.pcap's records repeated
#    (so their counts are exactly 2x, 8x big.pcap's, which is checked). Timed: the driver's whole
#    process (`bin/odyssey pcap --spark spark://...`, a new application with its own executors each
#    time) on 1 worker and on 2 workers, and `--threads 1` on one machine for reference.
# Every timed command's counts are checked before anything is written. Namespaces, cgroups, processes
# and generated captures are removed at exit, also on failure or Ctrl-C.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$ROOT/../shared"
WORK="$ROOT/bench-work"
RUNS=5 SCALE_RUNS=3 SIZES=1,4 SCALE=1 DOCS=1 KEEP=0
CMD_LINE="scripts/bench-spark.sh${*:+ $*}"
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
    --scale-runs) SCALE_RUNS="${2:?--scale-runs needs a number}"; shift 2 ;;
    --sizes) SIZES="${2:?--sizes needs a list like 1,4}"; shift 2 ;;
    --no-scale) SCALE=0; shift ;;
    --no-docs) DOCS=0; shift ;;
    --keep) KEEP=1; shift ;;
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
"$ODY" pcap --spark 'local[2]' "$TINY" >/dev/null || die "bin/odyssey cannot count $TINY on Spark: build first (mvn -DskipTests package)"
export ODYSSEY_NO_BUILD=1
OUT="$WORK/spark-bench"
rm -rf "$OUT"; mkdir -p "$OUT"

# --- clean-up of everything the scaling run makes, whatever happens ------------------------------
PIDS=() NSS=() CGS=() MADE=()
NS_PREFIX="osb$$" NET=10.79.0 BR=""
cleanup() {
  local p ns cg
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  # executors are children of the workers' child JVMs: whatever is left in the groups goes too
  for cg in "${CGS[@]}"; do
    [ -f "$cg/cgroup.procs" ] && for p in $(cat "$cg/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  done
  sleep 0.5
  for cg in "${CGS[@]}"; do rmdir "$cg" 2>/dev/null || log "could not remove cgroup $cg"; done
  for ns in "${NSS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  [ -n "$BR" ] && { ip netns del "$BR" 2>/dev/null || true; }
  if [ "$KEEP" = 0 ]; then for f in "${MADE[@]}"; do rm -f "$f"; done; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. fixed cost --------------------------------------------------------------------------------
log "warming the page cache"
cat "$BIG" > /dev/null
cmds=()
for input in big tiny; do
  f="$BIG"; [ "$input" = tiny ] && f="$TINY"
  for mode in threads-1 threads-2 local2; do
    case $mode in
      threads-1) opt="--threads 1" ;; threads-2) opt="--threads 2" ;; local2) opt="--spark 'local[2]'" ;;
    esac
    cmds+=(-n "$mode/$input" "'$ODY' pcap $opt '$f' > '$OUT/$mode-$input.out' 2>/dev/null")
  done
done
log "fixed cost: timing $((${#cmds[@]} / 3)) commands, $RUNS runs each"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/fixed.json" "${cmds[@]}" >&2
for input in big tiny; do
  ref="$OUT/threads-1-$input.out"
  [ -s "$ref" ] || die "no output from --threads 1 on $input"
  for out in "$OUT"/*-"$input".out; do
    cmp -s "$ref" "$out" || die "counts differ: $out against $ref:
$(diff "$ref" "$out")"
  done
done
log "fixed cost: all commands printed the same counts"

# --- 2. scaling across namespace hosts ------------------------------------------------------------
CG_VERSION="" CG_ROOT=""
cg_init() {
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then # v2
    grep -qw cpu /sys/fs/cgroup/cgroup.controllers || { log "cgroup v2 without the cpu controller"; return 1; }
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu > /sys/fs/cgroup/cgroup.subtree_control
    CG_VERSION=2 CG_ROOT=/sys/fs/cgroup
  else # v1: inside this script's own cpu group (e.g. a high-priority one), so that the workers keep its share
    local base rel
    base=$(ls -d /sys/fs/cgroup/cpu,cpuacct /sys/fs/cgroup/cpu 2>/dev/null | head -n 1 || true)
    [ -n "$base" ] && [ -f "$base/cpu.cfs_quota_us" ] || { log "no cgroup v1 cpu hierarchy"; return 1; }
    rel=$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ { print $3 }' /proc/self/cgroup | head -n 1)
    CG_VERSION=1 CG_ROOT="$base${rel%/}"
  fi
}
# cg_make NAME: a group capped at one core (100 ms of CPU per 100 ms)
cg_make() {
  local dir="$CG_ROOT/$NS_PREFIX-$1"
  mkdir "$dir"; CGS+=("$dir")
  if [ "$CG_VERSION" = 2 ]; then echo "100000 100000" > "$dir/cpu.max"
  else echo 100000 > "$dir/cpu.cfs_period_us"; echo 100000 > "$dir/cpu.cfs_quota_us"; fi
}
# ns_make NAME N: namespace holding $NET.N/24, cabled to the bridge's namespace
ns_make() {
  local ns="$NS_PREFIX-$1" n=$2
  ip netns add "$ns"; NSS+=("$ns")
  ip link add "v$n" netns "$ns" type veth peer name "b$n" netns "$BR"
  ip -n "$ns" addr add "$NET.$n/24" dev "v$n"
  ip -n "$ns" link set "v$n" up; ip -n "$ns" link set lo up
  ip -n "$BR" link set "b$n" master br0; ip -n "$BR" link set "b$n" up
}
wait_for() { # FILE PATTERN SECONDS
  local i
  for ((i = 0; i < $3 * 2; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.5; done
  return 1
}

copies_for() { echo $(( ($1 * 1073741824 + $(stat -c %s "$BIG") / 2) / $(stat -c %s "$BIG") )); }
make_capture() { # FILE COPIES: big.pcap's header, then its records COPIES times
  local f=$1 copies=$2 i
  if [ ! -s "$f" ] || [ "$(stat -c %s "$f")" != $(( 24 + copies * ($(stat -c %s "$BIG") - 24) )) ]; then
    log "making $f ($copies x big.pcap's records)"
    { cat "$BIG"; for ((i = 1; i < copies; i++)); do tail -c +25 "$BIG"; done; } > "$f"
  fi
}

if [ "$SCALE" = 1 ]; then
  [ "$(id -u)" = 0 ] && command -v ip >/dev/null || die "the scaling run needs root and ip(8) (or give --no-scale)"
  cg_init || die "the scaling run needs a CPU cgroup controller (or give --no-scale)"
  log "scaling: cgroup v$CG_VERSION under $CG_ROOT, namespaces $NS_PREFIX-*"
  IFS=, read -ra sizes <<<"$SIZES"
  need=0; for g in "${sizes[@]}"; do need=$((need + g)); done
  free_gib=$(( $(df --output=avail -k "$WORK" | tail -n 1) / 1048576 ))
  [ "$free_gib" -gt $((need + 10)) ] || die "the captures need ${need} GiB and ${free_gib} GiB are free in $WORK (keep 10 GiB spare)"
  read -r c_pk c_tcp < <(awk '/packets$/ && !/IPv4/ {p=$(NF-1)} /IPv4 TCP/ {t=$(NF-3)} END {print p, t}' "$OUT/threads-1-big.out")

  BR="$NS_PREFIX-br"
  ip netns add "$BR"
  ip -n "$BR" link add br0 type bridge; ip -n "$BR" link set br0 up
  ns_make master 1; ns_make w1 2; ns_make w2 3; ns_make driver 4
  cg_make w1; cg_make w2
  SPARK_LOCAL_IP=$NET.1 ip netns exec "$NS_PREFIX-master" "$ODY" spark-master --host "$NET.1" --port 7077 --webui-port 0 \
    > "$OUT/master.log" 2>&1 &
  PIDS+=($!)
  wait_for "$OUT/master.log" "Spark master at" 180 || die "the master did not start: $(tail -n 5 "$OUT/master.log")"
  URL="spark://$NET.1:7077"
  start_worker() { # K: worker K in namespace wK at $NET.(K+1), in cgroup wK (and so are its executors)
    local k=$1 dir="$CG_ROOT/$NS_PREFIX-w$1"
    sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$dir" \
      ip netns exec "$NS_PREFIX-w$k" "$ODY" spark-worker "$URL" --host "$NET.$((k + 1))" --cores 1 --memory 1g \
      --webui-port 0 --work-dir "$OUT/work-w$k" > "$OUT/worker$k.log" 2>&1 &
    PIDS+=($!)
    wait_for "$OUT/worker$k.log" "Spark worker at" 180 || die "worker $k did not start: $(tail -n 5 "$OUT/worker$k.log")"
  }
  driver() { # FILE OUTFILE: the driver's whole process, in its own namespace
    echo "ip netns exec '$NS_PREFIX-driver' env ODYSSEY_JAVA_OPTS='-Dspark.driver.host=$NET.4' '$ODY' pcap --spark '$URL' '$1' > '$2' 2>/dev/null"
  }
  log "scaling: worker 1"
  start_worker 1
  files=()
  for g in "${sizes[@]}"; do
    f="$WORK/spark-scale-${g}g.pcap"; copies=$(copies_for "$g")
    [ -e "$f" ] || MADE+=("$f") # deleted at exit unless --keep (a file that was there is kept)
    make_capture "$f" "$copies"
    files+=("$g:$f:$copies")
    echo "scale_${g}_bytes=$(stat -c %s "$f")" >> "$OUT/scale-env.txt"
  done
  scmds=()
  for e in "${files[@]}"; do
    IFS=: read -r g f copies <<<"$e"
    cat "$f" > /dev/null
    scmds+=(-n "threads-1/${g}g" "'$ODY' pcap --threads 1 '$f' > '$OUT/s-threads-1-${g}g.out' 2>/dev/null")
    scmds+=(-n "hosts-1/${g}g" "$(driver "$f" "$OUT/s-hosts-1-${g}g.out")")
  done
  hyperfine --style basic --warmup 1 --runs "$SCALE_RUNS" --export-json "$OUT/scale-1.json" "${scmds[@]}" >&2
  log "scaling: worker 2"
  start_worker 2
  scmds=()
  for e in "${files[@]}"; do
    IFS=: read -r g f copies <<<"$e"
    cat "$f" > /dev/null
    scmds+=(-n "hosts-2/${g}g" "$(driver "$f" "$OUT/s-hosts-2-${g}g.out")")
  done
  hyperfine --style basic --warmup 1 --runs "$SCALE_RUNS" --export-json "$OUT/scale-2.json" "${scmds[@]}" >&2
  # both executors ran tasks: each worker's work directory holds an application's executor
  for k in 1 2; do ls "$OUT/work-w$k"/app-* >/dev/null 2>&1 || die "worker $k ran no executor"; done
  for e in "${files[@]}"; do
    IFS=: read -r g f copies <<<"$e"
    for m in threads-1 hosts-1 hosts-2; do
      o="$OUT/s-$m-${g}g.out"
      read -r pk tcp < <(awk '/packets$/ && !/IPv4/ {p=$(NF-1)} /IPv4 TCP/ {t=$(NF-3)} END {print p, t}' "$o")
      [ "$pk" = $((c_pk * copies)) ] && [ "$tcp" = $((c_tcp * copies)) ] \
        || die "$m on ${g} GiB counted $pk packets / $tcp IPv4 TCP, expected $((c_pk * copies)) / $((c_tcp * copies)) ($copies x big.pcap)"
    done
  done
  log "scaling: every count is exactly the copies x big.pcap's"
fi

{
  echo "cmd_line=$CMD_LINE"
  echo "runs=$RUNS"
  echo "scale_runs=$SCALE_RUNS"
  echo "cg_version=$CG_VERSION"
  echo "big_bytes=$(stat -c %s "$BIG")"
  echo "counts_big=$(tr '\n' ' ' < "$OUT/threads-1-big.out" | sed "s|$ROOT/||g")"
  cat "$OUT/scale-env.txt" 2>/dev/null || true
  "$ROOT/scripts/lib/machine-env.sh" "$ROOT" 2>/dev/null || true
} > "$OUT/env.txt"

python3 - "$OUT" "$([ "$DOCS" = 1 ] && echo "$ROOT/docs/spark.md")" <<'EOF'
import json, os, statistics, sys
out, docs = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
env = dict(l.rstrip("\n").split("=", 1) for l in open(f"{out}/env.txt") if "=" in l)
def load(name):
    p = f"{out}/{name}.json"
    return {r["command"]: r for r in json.load(open(p))["results"]} if os.path.exists(p) else {}
fixed = load("fixed")
med = {k: statistics.median(r["times"]) for k, r in fixed.items()}
cpu = {k: r["user"] + r["system"] for k, r in fixed.items()}
names = {"threads-1": "`--threads 1`", "threads-2": "`--threads 2`", "local2": "`--spark 'local[2]'`"}
ref = med["threads-2/big"]
rows = ["| mode | sample.pcap (fixed cost) | big.pcap, 512 MiB | × `--threads 2` on big.pcap | min–max on big.pcap | CPU time sample / big |",
        "|---|---:|---:|---:|---:|---:|"]
for m, label in names.items():
    b, t = med[f"{m}/big"], med[f"{m}/tiny"]
    ts = fixed[f"{m}/big"]["times"]
    rows.append(f"| {label} | {t:.2f} s | {b:.2f} s | {b / ref:.2f} | {min(ts):.2f}–{max(ts):.2f} s | {cpu[f'{m}/tiny']:.2f} s / {cpu[f'{m}/big']:.2f} s |")
machine = (f"Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('ram', '?')}; {env.get('java', '?')}; "
           f"load {env.get('load', '?')}; {env.get('date', '?')}, commit {env.get('commit', '?')}.")
fixed_text = "\n".join(rows) + f"""

Wall-clock medians of {env['runs']} runs each (hyperfine, one warm-up, page cache warm), whole process,
all six commands in one run; CPU time is user + system (mean). Every command printed the same counts
({env['counts_big'].strip()}). {machine}
Command: `{env['cmd_line'].strip()}`."""
print(fixed_text)
scale = {**load("scale-1"), **load("scale-2")}
scale_text = None
if scale:
    sizes = sorted({k.split("/")[1] for k in scale}, key=lambda s: int(s[:-1]))
    smed = {k: statistics.median(r["times"]) for k, r in scale.items()}
    rows = ["| capture | `--threads 1`, one machine | 1 host × 1 core | 2 hosts × 1 core | 2 hosts against 1 | throughput, 2 hosts |",
            "|---|---:|---:|---:|---:|---:|"]
    for s in sizes:
        t1, h1, h2 = (smed.get(f"{m}/{s}") for m in ("threads-1", "hosts-1", "hosts-2"))
        b = int(env[f"scale_{s[:-1]}_bytes"])
        rng = lambda m: "{:.1f}–{:.1f}".format(min(scale[f"{m}/{s}"]["times"]), max(scale[f"{m}/{s}"]["times"]))
        rows.append(f"| {b / 2**30:.2f} GiB | {t1:.1f} s ({rng('threads-1')}) | {h1:.1f} s ({rng('hosts-1')}) | "
                    f"{h2:.1f} s ({rng('hosts-2')}) | {h1 / h2:.2f} × faster | {b / h2 / 1e9:.2f} GB/s |")
    scale_text = "\n".join(rows) + f"""

Wall-clock medians of {env['scale_runs']} runs each (min–max in brackets), whole driver process
(`bin/odyssey pcap --spark spark://...`: a new application, so each run starts its executors);
master, workers and driver each in a network namespace of its own, each worker and its executors
capped at one core by a CPU cgroup (v{env.get('cg_version', '?')}); captures are big.pcap's records
repeated, page cache warm, and every count was checked to be exactly the copies × big.pcap's.
{machine} Command: `{env['cmd_line'].strip()}`."""
    print(scale_text)
if docs:
    s = open(docs).read()
    for (b, e), text in (("<!-- bench-spark:begin -->", "<!-- bench-spark:end -->"), fixed_text), \
                         (("<!-- bench-spark-scale:begin -->", "<!-- bench-spark-scale:end -->"), scale_text):
        if text is None:
            continue
        if b not in s or e not in s:
            sys.exit(f"{docs}: markers {b} / {e} not found")
        s = s[:s.index(b) + len(b)] + "\n" + text + "\n" + s[s.index(e):]
    open(docs, "w").write(s)
    print(f"bench-spark: wrote {docs}", file=sys.stderr)
EOF
