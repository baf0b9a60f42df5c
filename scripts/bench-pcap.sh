#!/usr/bin/env bash
# Times the packet-counting job, whole process, against its peers in ONE run and writes the medians
# and ratios into docs/benchmarks.md (between the bench-pcap markers; the rest of the file is kept).
#
#   scripts/bench-pcap.sh [--runs N] [--slow-runs N] [--heap-4g] [--no-docs] [--prepare] [--wait-quiet MIN]
#
#   --runs N       repetitions of the fast commands (Odyssey, capinfos, tcpdump); default 5
#   --slow-runs N  repetitions of tshark and scapy; default 3
#   --heap-4g      also build a 4 GiB capture (4 GiB of disk, ~5 min once) and on it: time dd (the
#                  floor of reading it from the page cache), capinfos -c, tcpdump and Odyssey with 1
#                  and all threads in one hyperfine run (user and system time reported apart); count
#                  it once under perf stat (instructions, cycles, branch misses per packet, where the
#                  machine has hardware counters); count it with -Xmx128m, recording completion and
#                  peak RSS (/usr/bin/time -v). Needs about 5 GiB of free memory to stay in the cache.
#   --no-docs      measure and print, but leave docs/benchmarks.md alone
#   --prepare      only build the inputs (bench-work/big.pcap, the slice, big.conn) and stop
#   --wait-quiet M before timing, wait up to M minutes for the load average to drop below 1
#   --startup-only time only the start-up (below) and write only its section; needs neither
#                  ../shared nor the peer tools
#   --startup-runs N  repetitions of the start-up commands; default 20
#
# What is timed (hyperfine, page cache warm, medians reported):
#   Odyssey 1 thread and all threads: all three counts for the busiest connection of big.pcap
#   capinfos -M -c (counts records only; -M prints the exact number),
#   tcpdump -r big.pcap 'ip and tcp' -w /dev/null,
#   tshark computing the three counts in one pass (-z io,stat), scapy on a 32 MiB slice
#   (its time is extrapolated to the full size by bytes, and the docs say so).
# Start-up (issue 13): `java -version` of the JDK the launcher picks, beside the README's first
# command on examples/sample.pcap through the source tree's bin/odyssey and through the installed
# launcher (target/odyssey-dev/bin/odyssey, the tarball's), in one hyperfine run; the report gives
# the medians and their ratio against the target of 2.5x (bench-pcap-startup markers).
# The counts printed by the timed Odyssey, tshark, capinfos and scapy runs are compared, and the
# comparison is written next to the timings.
#
# Needs ../shared (beside the repository; ODYSSEY_SHARED=DIR names another place, e.g. for a git
# worktree) for make-big-pcap.py and its corpus; writes only under
# bench-work/ (gitignored) and docs/benchmarks.md. ODYSSEY_BIN=/other/checkout/bin/odyssey times another
# build of Odyssey instead (to compare a change against the committed code on the same inputs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${ODYSSEY_SHARED:-$ROOT/../shared}"
WORK="$ROOT/bench-work"
TOOLS="$ROOT/scripts/lib"
RUNS=5
SLOW_RUNS=3
HEAP4G=0
DOCS=1
PREPARE=0
QUIET_MIN=0
STARTUP_ONLY=0
STARTUP_RUNS=20
CMD_LINE="scripts/bench-pcap.sh${*:+ $*}"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
    --slow-runs) SLOW_RUNS="${2:?--slow-runs needs a number}"; shift 2 ;;
    --heap-4g) HEAP4G=1; shift ;;
    --no-docs) DOCS=0; shift ;;
    --prepare) PREPARE=1; shift ;;
    --wait-quiet) QUIET_MIN="${2:?--wait-quiet needs minutes}"; shift 2 ;;
    --startup-only) STARTUP_ONLY=1; shift ;;
    --startup-runs) STARTUP_RUNS="${2:?--startup-runs needs a number}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench-pcap: unknown argument '$1'" >&2; usage ;;
  esac
done
log() { echo "bench-pcap: $*" >&2; }
die() { log "$*"; exit 1; }

# Start-up of the README's first command against `java -version` of the same JDK, one hyperfine run.
startup() {
  local ody="${ODYSSEY_BIN:-$ROOT/bin/odyssey}" installed java_cmd
  local args="pcap --pcap examples/sample.pcap --client 10.0.0.1:51000 --server 192.0.2.80:80"
  installed="$(cd "$(dirname "$ody")/.." && pwd)/target/odyssey-dev/bin/odyssey"
  mkdir -p "$WORK"
  # Untimed first run: builds if needed and trains the class-data archive (AOT cache on JDK 25).
  (cd "$ROOT" && "$ody" $args) > "$WORK/startup.out" || die "the start-up command failed: $(cat "$WORK/startup.out")"
  read -r java_cmd _ < <(cd "$ROOT" && ODYSSEY_PRINT_COMMAND=1 ODYSSEY_NO_BUILD=1 "$ody" $args)
  local cmds=(-n java-version "$java_cmd -version" -n bin-odyssey "$ody $args")
  [ -x "$installed" ] && cmds+=(-n installed-launcher "$installed $args")
  [ "$QUIET_MIN" -gt 0 ] && "$TOOLS/wait-quiet.sh" "$QUIET_MIN"
  {
    echo "cmd_line=$CMD_LINE"
    echo "startup_java=$java_cmd ($("$java_cmd" -version 2>&1 | sed -n 2p))"
    echo "startup_args=$args"
    echo "startup_runs=$STARTUP_RUNS"
    "$TOOLS/machine-env.sh" "$ROOT"
  } | sed "s|$ROOT/||g" > "$WORK/startup-env.txt"
  log "timing start-up: java -version against the first command ($STARTUP_RUNS runs each)"
  (cd "$ROOT" && ODYSSEY_NO_BUILD=1 hyperfine -N --style basic --warmup 3 --runs "$STARTUP_RUNS" \
    --export-json "$WORK/startup.json" "${cmds[@]}") >&2
}

if [ "$STARTUP_ONLY" = 1 ]; then
  startup
  report_args=(--work "$WORK")
  [ "$DOCS" = 1 ] && report_args+=(--docs "$ROOT/docs/benchmarks.md")
  exec python3 "$TOOLS/bench-report.py" startup "${report_args[@]}"
fi

[ -f "$SHARED/tools/make-big-pcap.py" ] || die "$SHARED/tools/make-big-pcap.py is missing: the \
benchmark builds big.pcap from the shared capture corpus, expected in ../shared beside the repository"

mkdir -p "$WORK"
BIG="$WORK/big.pcap"
SLICE="$WORK/slice-32m.pcap"
if [ ! -s "$BIG" ]; then
  log "building $BIG (512 MiB of real traffic from the shared corpus)"
  python3 "$SHARED/tools/make-big-pcap.py" --out "$BIG" --size 512M >&2
fi
if [ ! -s "$SLICE" ] || [ "$SLICE" -ot "$BIG" ]; then
  log "cutting $SLICE (global header + whole records, at most 32 MiB) for scapy"
  python3 "$TOOLS/pcaptool.py" slice "$BIG" "$SLICE" $((32 << 20)) >&2
fi
if [ ! -s "$WORK/big.conn" ] || [ "$WORK/big.conn" -ot "$BIG" ]; then
  log "finding the busiest IPv4 TCP connection of big.pcap"
  python3 "$TOOLS/pcaptool.py" busiest "$BIG" > "$WORK/big.conn"
fi
if [ ! -s "$WORK/big.expected" ] || [ "$WORK/big.expected" -ot "$BIG" ]; then
  log "adding up scapy's counts (../shared/pcap-corpus/expected.tsv) for the files big.pcap repeats"
  python3 "$TOOLS/pcaptool.py" expected "$SHARED" 512M > "$WORK/big.expected"
fi
read -r CLIENT SERVER _ < "$WORK/big.conn"
CIP="${CLIENT%:*}"; CPORT="${CLIENT##*:}"; SIP="${SERVER%:*}"; SPORT="${SERVER##*:}"
log "connection $CLIENT <-> $SERVER"
[ "$PREPARE" = 1 ] && exit 0

"$ROOT/scripts/install-peer-tools.sh" || die "peer tools (tshark, tcpdump, scapy, hyperfine) could not be installed"
/usr/bin/python3 -c 'import scapy' 2>/dev/null || die "/usr/bin/python3 has no scapy (apt-get install python3-scapy)"

# Build before timing (the launcher builds on first use) and refuse to time an engine that cannot count.
ODY="${ODYSSEY_BIN:-$ROOT/bin/odyssey}"
probe="$("$ODY" pcap --pcap "$SLICE" --json --no-progress 2>&1 || true)"
case "$probe" in
  *'"error":null'*) ;;
  *) die "Odyssey cannot count $SLICE yet, nothing to time: $probe" ;;
esac
export ODYSSEY_NO_BUILD=1

CONN_FILTER="(ip.src==$CIP && tcp.srcport==$CPORT && ip.dst==$SIP && tcp.dstport==$SPORT) || \
(ip.src==$SIP && tcp.srcport==$SPORT && ip.dst==$CIP && tcp.dstport==$CPORT)"
ODY_ARGS="pcap --pcap '$BIG' --client $CLIENT --server $SERVER --json --no-progress"
CMD_ODY1="'$ODY' $ODY_ARGS --threads 1"
CMD_ODYN="'$ODY' $ODY_ARGS --multi"
CMD_CAPINFOS="capinfos -M -c '$BIG'"
CMD_TCPDUMP="tcpdump -r '$BIG' 'ip and tcp' -w /dev/null"
CMD_TSHARK="tshark -r '$BIG' -q -z io,stat,0,frame,'ip && tcp','$CONN_FILTER'"
CMD_SCAPY="/usr/bin/python3 '$TOOLS/scapy-count.py' '$SLICE' $CLIENT $SERVER"

[ "$QUIET_MIN" -gt 0 ] && "$TOOLS/wait-quiet.sh" "$QUIET_MIN"
log "warming the page cache"
cat "$BIG" "$SLICE" > /dev/null

# The machine and its load as the timing starts, for the report.
{
  echo "cmd_odyssey_1=bin/odyssey $ODY_ARGS --threads 1"
  echo "cmd_odyssey_all=bin/odyssey $ODY_ARGS --multi"
  echo "cmd_capinfos=$CMD_CAPINFOS"
  echo "cmd_tcpdump=$CMD_TCPDUMP"
  echo "cmd_tshark=$CMD_TSHARK"
  echo "cmd_scapy=$CMD_SCAPY"
  echo "cmd_line=$CMD_LINE"
  echo "runs=$RUNS"
  echo "slow_runs=$SLOW_RUNS"
  echo "heap4g=$HEAP4G"
  "$TOOLS/machine-env.sh" "$ROOT"
  echo "tool_versions=$(tshark --version 2>/dev/null | head -n 1 | sed 's/\.$//'), $(tcpdump --version 2>&1 | head -n 1), scapy $(/usr/bin/python3 -c 'import scapy; print(scapy.__version__)'), $(hyperfine --version)"
} | sed "s|$ROOT/||g" > "$WORK/pcap-env.txt"
# Each timed command also leaves its output in bench-work/, so that the counts compared are those
# of the runs that were timed (every repetition overwrites the same file with the same output).
log "timing Odyssey, capinfos and tcpdump ($RUNS runs each)"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/fast.json" \
  -n odyssey-1-thread "$CMD_ODY1 > '$WORK/odyssey-1.out'" \
  -n odyssey-all-threads "$CMD_ODYN > '$WORK/odyssey-all.out'" \
  -n capinfos "$CMD_CAPINFOS > '$WORK/capinfos.out'" \
  -n tcpdump "$CMD_TCPDUMP 2> '$WORK/tcpdump.err'" >&2
log "timing tshark on big.pcap and scapy on the 32 MiB slice ($SLOW_RUNS runs each)"
hyperfine --style basic --runs "$SLOW_RUNS" --export-json "$WORK/slow.json" \
  -n tshark "$CMD_TSHARK > '$WORK/tshark.out' 2>/dev/null" \
  -n scapy-32MiB "$CMD_SCAPY > '$WORK/scapy.out'" >&2
# Untimed: which kinds of packet tshark's `ip && tcp` holds that scapy's definition leaves out.
log "one more tshark pass (untimed) to explain where tshark's 'ip && tcp' differs from scapy's"
tshark -r "$BIG" -q -z io,stat,0,'ip && tcp && icmp','ip && tcp && ip.frag_offset > 0' \
  > "$WORK/tshark-diff.out" 2>/dev/null
# Odyssey on the slice, untimed: scapy's counts are checked against it.
"$ODY" pcap --pcap "$SLICE" --client "$CLIENT" --server "$SERVER" --json --no-progress > "$WORK/odyssey-slice.out"

if [ "$HEAP4G" = 1 ]; then
  BIG4="$WORK/big-4g.pcap"
  if [ ! -s "$BIG4" ]; then
    log "building $BIG4 (4 GiB; remove it afterwards if disk is short)"
    python3 "$SHARED/tools/make-big-pcap.py" --out "$BIG4" --size 4G >&2
  fi
  python3 "$TOOLS/pcaptool.py" expected "$SHARED" 4G > "$WORK/big-4g.expected"
  ODY4_ARGS="pcap --pcap '$BIG4' --client $CLIENT --server $SERVER --json --no-progress"
  {
    echo "cmd_4g_dd=dd if='$BIG4' of=/dev/null bs=4M"
    echo "cmd_4g_capinfos=capinfos -M -c '$BIG4'"
    echo "cmd_4g_tcpdump=tcpdump -r '$BIG4' 'ip and tcp' -w /dev/null"
    echo "cmd_4g_odyssey_1=bin/odyssey $ODY4_ARGS --threads 1"
    echo "cmd_4g_odyssey_all=bin/odyssey $ODY4_ARGS --multi"
    echo "load_4g=$(cut -d" " -f1-3 /proc/loadavg)"
  } | sed "s|$ROOT/||g" >> "$WORK/pcap-env.txt"
  # The issue-13 target is a ratio of medians of ONE run, so the floor (dd), the peer that only
  # counts records (capinfos) and Odyssey are timed together, after one warm-up pass each.
  log "warming the page cache with $BIG4, then timing dd, capinfos, tcpdump and Odyssey on it ($RUNS runs each)"
  cat "$BIG4" > /dev/null
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/big4.json" \
    -n dd-4g "dd if='$BIG4' of=/dev/null bs=4M 2>/dev/null" \
    -n capinfos-4g "capinfos -M -c '$BIG4' > '$WORK/capinfos-4g.out'" \
    -n tcpdump-4g "tcpdump -r '$BIG4' 'ip and tcp' -w /dev/null 2>/dev/null" \
    -n odyssey-4g-1-thread "'$ODY' $ODY4_ARGS --threads 1 > '$WORK/odyssey-4g-1.out'" \
    -n odyssey-4g-all-threads "'$ODY' $ODY4_ARGS --multi > '$WORK/odyssey-4g-all.out'" >&2
  # Hardware counters per packet; perf prints "<not supported>" on a VM without a virtual PMU, and
  # the report says so instead of inventing a figure. task-clock is always there.
  if command -v perf > /dev/null; then
    log "perf stat of one 1-thread count and one capinfos -c of $BIG4"
    for what in odyssey capinfos; do
      cmd=("$ODY" pcap --pcap "$BIG4" --client "$CLIENT" --server "$SERVER" --json --no-progress --threads 1)
      [ "$what" = capinfos ] && cmd=(capinfos -M -c "$BIG4")
      perf stat -x, -e instructions,cycles,branch-misses,task-clock -o "$WORK/perf-4g-$what.csv" \
        "${cmd[@]}" > /dev/null 2>&1 || log "perf stat of $what failed (see $WORK/perf-4g-$what.csv)"
    done
  else
    rm -f "$WORK"/perf-4g-*.csv
    log "perf is not installed: no instructions per packet (apt-get install linux-perf)"
  fi
  for t in 1 all; do
    targs=(--threads 1); [ "$t" = all ] && targs=(--multi)
    log "counting $BIG4 with -Xmx128m, threads: $t"
    set +e
    ODYSSEY_JAVA_OPTS=-Xmx128m /usr/bin/time -v -o "$WORK/heap4g-$t.time" \
      "$ODY" pcap --pcap "$BIG4" --client "$CLIENT" --server "$SERVER" --json --no-progress "${targs[@]}" \
      > "$WORK/heap4g-$t.out" 2> "$WORK/heap4g-$t.err"
    echo $? > "$WORK/heap4g-$t.rc"
    set -e
  done
fi

startup

report_args=(--work "$WORK" --big "$BIG" --slice "$SLICE")
[ "$DOCS" = 1 ] && report_args+=(--docs "$ROOT/docs/benchmarks.md")
python3 "$TOOLS/bench-report.py" pcap "${report_args[@]}"
report_args=(--work "$WORK")
[ "$DOCS" = 1 ] && report_args+=(--docs "$ROOT/docs/benchmarks.md")
python3 "$TOOLS/bench-report.py" startup "${report_args[@]}"
