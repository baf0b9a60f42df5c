#!/usr/bin/env bash
# Load-balancer benchmarks (issues 5 and 12): Odyssey's LB against a client talking straight to a
# worker and against HAProxy (mode tcp, balance leastconn) in front of the same workers. Overhead,
# failure and perf run on 127.0.0.1 with random free ports; unequal and recovery emulate unequal
# machines: workers in CPU cgroups with quotas, every process in a network namespace of its own
# (root only; loopback and uncapped otherwise, and the report says so). Writes
# docs/benchmarks-lb.md and its plots docs/img/lb-*.png (drawn by dev.odyssey.bench.lb.LbReport with
# JFreeChart); raw results stay in bench-work/lb/. The script and what it starts run in a CPU group
# of its own at the highest share; every group and namespace is removed at exit.
#
#   scripts/bench-lb.sh [--quick] [--runs N] [--duration S] [--warmup S] [--only LIST] [--no-build]
#
#   --quick       one run of each, short windows: a smoke test of the whole script (~3 min)
#   --runs N      repetitions of each measured point; the report gives medians (default 3)
#   --duration S  measured window of each loadgen run, seconds (default 5; unequal workers: S-1)
#   --open-duration S  measured window of the unequal workers' open-loop runs (50/70/90% of
#                 capacity), seconds (default 10; --quick: 2)
#   --warmup S    warm-up before each window, seconds (default 2)
#   --only LIST   comma-separated subset of overhead,unequal,recovery,failure,perf (default: all)
#   --no-build    use the jars already built
#   --isolation-check  only set up and test the isolation helpers below (root: a CPU cgroup capped
#                 at 0.2 core, two network namespaces on a bridge of their own), tear down, exit
#
# Needs: java 17, maven, haproxy, perf (linux-perf), curl, ss, python3 (scripts/install-peer-tools.sh).
# The machine is shared: the report records the load average before and after each scenario.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS=3 DUR=5 ODUR= WARM=2 QUICK=0 BUILD=1 ISOCHECK=0 ONLY="overhead,unequal,recovery,failure,perf"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; RUNS=1; DUR=2; WARM=1 ;;
    --runs) RUNS="$2"; shift ;;
    --duration) DUR="$2"; shift ;;
    --open-duration) ODUR="$2"; shift ;;
    --warmup) WARM="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --no-build) BUILD=0 ;;
    --isolation-check) ISOCHECK=1 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "bench-lb: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
UDUR=$(( DUR > 2 ? DUR - 1 : DUR ))        # unequal-worker windows (many points)
# ... but the open-loop ones are longer: their p99 is the point of the scenario, and at 70% a 4 s
# window held ~3,300 jobs, so the p99 was the 33rd slowest, made by one or two CPU-quota stalls;
# it moved 5x from run to run for every policy, HAProxy's too
ODUR=${ODUR:-$(( QUICK ? UDUR : 10 ))}
FAIL_DUR=$(( QUICK ? 8 : 20 ))             # failure run window
PERF_DUR=$(( QUICK ? 4 : 10 ))             # perf stat / profiler window
FIXED_RATE=20000                           # overhead: the fixed moderate GET_TIME rate, jobs/s
LB_WARM=$(( QUICK ? 1 : 3 ))               # JIT warm-up of each new LB process, seconds
PERF_RATE=50000                            # perf: the fixed GET_TIME load, jobs/s
MIX="1=20,2=80"                            # unequal workers and failure: MINE_BITCOIN-heavy

# ---- isolation (issue 12, item 2) ---------------------------------------------------------------
# Unequal machines emulated the way machines are unequal: each worker in a CPU cgroup with a quota
# (1.0 and 0.2 of a core), not extra --slowdown threads fighting the balancer and the load generator
# for the same cores; and, where root allows, each worker in a network namespace of its own, joined
# by veth pairs to a bridge that lives in yet another namespace, so the machine's own network is
# never touched. Without root the helpers say so and the caller falls back to loopback.
# Not yet wired into the scenarios below: they need a quiet machine to mean anything.
ISO_CG_VERSION="" ISO_CG_ROOT="" ISO_NS_BRIDGE="odb-bridge" ISO_NET="10.77.0" ISO_NS=()
iso_log() { echo "bench-lb isolation: $*" >&2; }

# cg_init: finds the CPU controller (cgroup v2 unified hierarchy, or v1's cpu hierarchy) and makes
# an odyssey-bench group under it. Returns 1 (and says why) when it cannot.
cg_init() {
  if [ "$(id -u)" -ne 0 ]; then iso_log "not root: no CPU cgroups, workers run uncapped"; return 1; fi
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    grep -qw cpu /sys/fs/cgroup/cgroup.controllers \
      || { iso_log "cgroup v2 without the cpu controller"; return 1; }
    ISO_CG_VERSION=2 ISO_CG_ROOT=/sys/fs/cgroup/odyssey-bench
    mkdir -p "$ISO_CG_ROOT"
    # children get cpu.max only if every ancestor delegates the controller
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu > /sys/fs/cgroup/cgroup.subtree_control
    echo +cpu > "$ISO_CG_ROOT/cgroup.subtree_control"
  else
    local base
    base=$(ls -d /sys/fs/cgroup/cpu,cpuacct /sys/fs/cgroup/cpu 2>/dev/null | head -1 || true)
    [ -n "$base" ] && [ -f "$base/cpu.cfs_quota_us" ] \
      || { iso_log "no cgroup v1 cpu hierarchy mounted"; return 1; }
    ISO_CG_VERSION=1 ISO_CG_ROOT="$base/odyssey-bench"
    mkdir -p "$ISO_CG_ROOT"
  fi
  iso_log "cgroup v$ISO_CG_VERSION at $ISO_CG_ROOT"
}

# cg_prio DIR: the highest share (v1 cpu.shares 262144, v2 cpu.weight 10000; the default of every
# other group is 1024 / 100), so that a capped group gets its whole quota whatever else runs on the
# machine, and the balancer and load generator are not the ones waiting for a CPU
cg_prio() {
  if [ "$ISO_CG_VERSION" = 2 ]; then echo 10000 > "$1/cpu.weight"; else echo 262144 > "$1/cpu.shares"; fi
}

# cg_join NAME: moves this script into group NAME (its later children start there); cg_cleanup
# moves it back to the group it came from (e.g. /work/tools/prio's) before removing the groups
ISO_CG_ORIG=""
cg_join() {
  if [ "$ISO_CG_VERSION" = 2 ]; then
    ISO_CG_ORIG="/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' /proc/$$/cgroup)"
  else
    ISO_CG_ORIG="$(dirname "$ISO_CG_ROOT")$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ { print $3 }' /proc/$$/cgroup)"
  fi
  echo $$ > "$ISO_CG_ROOT/$1/cgroup.procs"
}

# cg_create NAME CORES: a group capped at CORES (1.0, 0.2, ...) of one CPU per 100 ms period, at
# the highest share; CORES 0: no cap
cg_create() {
  mkdir -p "$ISO_CG_ROOT/$1"
  cg_prio "$ISO_CG_ROOT/$1"
  cg_quota "$1" "$2"
}

# cg_quota NAME CORES: sets group NAME's quota to CORES of a 100 ms period (v1 cpu.cfs_quota_us and
# cpu.cfs_period_us, v2 cpu.max); CORES "none" lifts it
cg_quota() {
  local dir="$ISO_CG_ROOT/$1" period=100000 quota
  if [ "$2" = none ]; then
    if [ "$ISO_CG_VERSION" = 2 ]; then echo "max $period" > "$dir/cpu.max"; else echo -1 > "$dir/cpu.cfs_quota_us"; fi
    return 0
  fi
  quota=$(awk -v c="$2" -v p="$period" 'BEGIN { printf "%d", c * p }')
  if [ "$quota" = 0 ]; then
    return 0
  elif [ "$ISO_CG_VERSION" = 2 ]; then
    echo "$quota $period" > "$dir/cpu.max"
  else
    echo "$period" > "$dir/cpu.cfs_period_us"
    echo "$quota" > "$dir/cpu.cfs_quota_us"
  fi
}

# cg_throttle NAME: "throttled_periods throttled_ms" of group NAME so far, from its cpu.stat (v1:
# throttled_time in ns; v2: throttled_usec); "0 0" without groups
cg_throttle() {
  local f="$ISO_CG_ROOT/$1/cpu.stat"
  [ "$ISO_CG" = 1 ] && [ -r "$f" ] || { echo "0 0"; return; }
  awk '$1 == "nr_throttled" { n = $2 } $1 == "throttled_time" { ms = $2 / 1e6 }
       $1 == "throttled_usec" { ms = $2 / 1e3 } END { printf "%d %d\n", n, ms }' "$f"
}

# cg_exec NAME CMD...: runs CMD inside group NAME (the shell joins the group, then execs CMD, so the
# group holds CMD and every thread and child it starts)
cg_exec() {
  local dir="$ISO_CG_ROOT/$1"; shift
  sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$dir" "$@"
}

# cg_cleanup: removes the groups (call once their processes are gone)
cg_cleanup() {
  [ -n "$ISO_CG_ROOT" ] && [ -d "$ISO_CG_ROOT" ] || return 0
  [ -z "$ISO_CG_ORIG" ] || echo $$ > "$ISO_CG_ORIG/cgroup.procs" 2>/dev/null || echo $$ > "$(dirname "$ISO_CG_ROOT")/cgroup.procs"
  find "$ISO_CG_ROOT" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
  rmdir "$ISO_CG_ROOT" 2>/dev/null || iso_log "could not remove $ISO_CG_ROOT (processes left in it?)"
}

# ns_init: the bridge's own namespace (root only; returns 1 otherwise, callers use loopback)
ns_init() {
  if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null; then
    iso_log "not root or no ip(8): no network namespaces, everything on loopback"; return 1
  fi
  ip netns del "$ISO_NS_BRIDGE" 2>/dev/null || true   # a leftover of a run killed with -9
  ip netns add "$ISO_NS_BRIDGE"
  ip -n "$ISO_NS_BRIDGE" link add br0 type bridge
  ip -n "$ISO_NS_BRIDGE" link set br0 up
}

# ns_create NAME N: namespace odb-NAME holding address 10.77.0.N/24, cabled to the bridge
ns_create() {
  local ns="odb-$1" n="$2"
  ip netns del "$ns" 2>/dev/null || true
  ip netns add "$ns"; ISO_NS+=("$ns")
  # both ends are created straight inside their namespaces: nothing appears in the machine's own
  ip link add "v$n" netns "$ns" type veth peer name "b$n" netns "$ISO_NS_BRIDGE"
  ip -n "$ns" addr add "$ISO_NET.$n/24" dev "v$n"
  ip -n "$ns" link set "v$n" up
  ip -n "$ns" link set lo up
  ip -n "$ISO_NS_BRIDGE" link set "b$n" master br0
  ip -n "$ISO_NS_BRIDGE" link set "b$n" up
}

# ns_exec NAME CMD...: runs CMD in namespace odb-NAME
ns_exec() { local ns="odb-$1"; shift; ip netns exec "$ns" "$@"; }

ns_cleanup() {
  local ns
  for ns in "${ISO_NS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  ISO_NS=()
  ip netns del "$ISO_NS_BRIDGE" 2>/dev/null || true
}

if [ "$ISOCHECK" = 1 ]; then
  # A smoke test of the helpers, not a benchmark: a busy loop capped at 0.2 core should get about
  # 20% of a CPU over 2 s, and two namespaces should reach each other over the bridge.
  trap 'cg_cleanup; ns_cleanup' EXIT
  if cg_init; then
    cg_create check 0.2
    cg_exec check timeout 2 sh -c 'while :; do :; done' || true
    if [ "$ISO_CG_VERSION" = 2 ]; then
      used=$(awk '/^usage_usec/ { print $2 }' "$ISO_CG_ROOT/check/cpu.stat")
      iso_log "0.2-core group used ${used} us of CPU in 2 s (expected about 400000)"
    else # v1's usage is in cpuacct, often a hierarchy of its own: the throttling shows the cap
      iso_log "0.2-core group: $(tr '\n' ' ' < "$ISO_CG_ROOT/check/cpu.stat")(throttled in most of ~20 periods)"
    fi
  fi
  if ns_init; then
    ns_create a 1; ns_create b 2
    ns_exec b timeout 10 python3 -c 'import socket; s = socket.create_server(("'"$ISO_NET"'.2", 7777)); s.accept()' &
    # retried: the listener may still be starting (a refusal already proves the route works)
    if ns_exec a python3 -c '
import socket, time
for _ in range(40):
    try:
        socket.create_connection(("'"$ISO_NET"'.2", 7777), timeout=3); break
    except ConnectionRefusedError:
        time.sleep(0.2)
else:
    raise SystemExit(1)'; then
      iso_log "odb-a reaches odb-b at $ISO_NET.2:7777 over the bridge"
    else
      iso_log "odb-a cannot reach odb-b"
    fi
    wait
  fi
  exit 0
fi

W="$ROOT/bench-work/lb"
rm -rf "$W"; mkdir -p "$W/results" "$W/logs" "$ROOT/docs/img"
RUNS_TSV="$W/runs.tsv"; : > "$RUNS_TSV"
ENV="$W/env.txt"; : > "$ENV"
export ODYSSEY_NO_BUILD=1
log() { echo "bench-lb $(date +%T): $*" >&2; }
has() { [[ ",$ONLY," == *",$1,"* ]]; }
env_kv() { echo "$1=$2" >> "$ENV"; }

if [ "$BUILD" = 1 ]; then
  log "building odyssey-cli and odyssey-bench"
  (./mvnw -q -B -ntp -o -pl odyssey-cli,odyssey-bench -am package -DskipTests -Dmaven.test.skip=true \
    || ./mvnw -q -B -ntp -pl odyssey-cli,odyssey-bench -am package -DskipTests -Dmaven.test.skip=true) >&2
fi
LIB=$(scripts/lib/async-profiler.sh "$ROOT/bench-work/async-profiler" 2>/dev/null || true)

# ---- processes: every one started here is killed by its pid at exit -----------------------------
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  sleep 0.2 # the killed leave their cgroups before these are removed
  cg_cleanup
  ns_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP   # so that cleanup (the EXIT trap) also runs when interrupted
# stop PID: SIGTERM, then waits for it to go (it may not be this shell's child: a JVM behind
# ip netns exec and a cgroup's sh), SIGKILL after 10 s
stop() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true
}
# java_pid PID: the JVM at or under PID (bin/odyssey execs it; a function in the background forks)
java_pid() {
  local p="$1" q
  for _ in 1 2 3 4 5; do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && { echo "$p"; return; }
    q=$(pgrep -P "$p" | head -1) || true; [ -n "$q" ] || break; p=$q
  done
  echo "$1"
}
# where the balancer and the load generator run: loopback unless iso_start moved them
LB_BIND=127.0.0.1 LB_PRE=() GEN_PRE=() WSECRET=()

# the script's own CPU group: this script, hence every balancer, HAProxy and load generator it
# starts, runs in "drive" (no quota, the highest share, as /work/tools/prio does), so that other
# people's builds on the machine disturb the measurements less; the capped workers get groups of
# their own beside it. Removed at exit, on failure and on interruption too (cleanup).
ISO_CG=0
if cg_init; then
  ISO_CG=1
  cg_prio "$ISO_CG_ROOT"
  cg_create drive 0
  cg_join drive
fi

now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_line LOG REGEX: waits (20 s at most) for a line of LOG, prints it
wait_line() {
  for _ in $(seq 200); do
    if grep -m1 -E "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "bench-lb: timed out waiting for '$2' in $1:" >&2; tail -5 "$1" >&2; exit 1
}

# start_worker NAME ARGS... -> WPID, WPORT
start_worker() {
  local name="$1"; shift
  local logf="$W/logs/worker-$name.$RANDOM.log"
  bin/odyssey worker --bind 127.0.0.1 --name "$name" "$@" > "$logf" 2>&1 &
  WPID=$!; PIDS+=("$WPID")
  WPORT=$(wait_line "$logf" '^odyssey worker: ready' | sed -E 's/.* port=[^ ]*:([0-9]+).*/\1/')
}

# start_lb NWORKERS ARGS... -> LBPID, LBPORT, LBWPORT, LBADMIN; waits until NWORKERS joined
start_lb() {
  local n="$1"; shift
  local logf="$W/logs/lb.$RANDOM.log"
  "${LB_PRE[@]}" bin/odyssey lb --bind "$LB_BIND" --port 0 --worker-port 0 --admin-port 0 "$@" > "$logf" 2>&1 &
  LBPID=$!; PIDS+=("$LBPID")
  local line; line=$(wait_line "$logf" '^odyssey lb: listening')
  LBPORT=$(sed -E 's/.*clients=[^ ]*:([0-9]+).*/\1/' <<< "$line")
  LBWPORT=$(sed -E 's/.*workers=[^ ]*:([0-9]+).*/\1/' <<< "$line")
  LBADMIN=$(sed -E 's/.*admin=[^ ]*:([0-9]+).*/\1/' <<< "$line")
  wait_workers "$n"
}

# warm_lb PORT: the LB's JIT-compiled hot path before anything is measured (HAProxy, written in C,
# needs none); a MINE_BITCOIN/GET_TIME mix so that both paths are compiled. Not recorded.
warm_lb() {
  "${GEN_PRE[@]}" bin/odyssey loadgen --lb "$LB_BIND:$1" --closed --connections 8 --pipeline 16 --mix 1=50,2=50 \
    --duration "${LB_WARM}s" --warmup 0s > /dev/null 2>&1 || true
}

lb_status() { "${LB_PRE[@]}" curl -s --max-time 2 "127.0.0.1:$LBADMIN/status" || true; }

wait_workers() {
  for _ in $(seq 200); do
    local n; n=$(lb_status | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["workers"]))' 2>/dev/null || echo 0)
    [ "$n" -ge "$1" ] && return 0
    sleep 0.1
  done
  echo "bench-lb: only $n of $1 workers joined the LB" >&2; exit 1
}

# start_haproxy "HOST:PORT ..." [checks] ["WEIGHT ..."] -> HPID, HPORT, HSOCK (at LB_BIND, beside
# where the balancer would run)
start_haproxy() {
  HPORT=$("${LB_PRE[@]}" python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "$LB_BIND")
  HSOCK="$W/haproxy.$HPORT.sock"
  local cfg="$W/haproxy.$HPORT.cfg" i=0 checks="" weights=(${3:-})
  [ "${2:-}" = checks ] && checks="check inter 500ms fall 2 rise 1"
  {
    echo "global"
    echo "  maxconn 4000"            # 10000 fails here: 'Cannot raise FD limit to 20017, limit is 20000'
    echo "  stats socket $HSOCK mode 600 level admin"
    echo "defaults"
    echo "  mode tcp"
    echo "  timeout connect 2s"
    echo "  timeout client 60s"
    echo "  timeout server 60s"
    echo "  option redispatch"
    echo "  retries 3"
    echo "frontend fe"
    echo "  bind $LB_BIND:$HPORT"
    echo "  default_backend be"
    echo "backend be"
    echo "  balance leastconn"
    # leastconn honours weights: a new connection goes where connections / weight is smallest
    for s in $1; do
      echo "  server w$((i + 1)) $s $checks${weights[$i]:+ weight ${weights[$i]}}"; i=$((i + 1))
    done
  } > "$cfg"
  "${LB_PRE[@]}" haproxy -f "$cfg" -db > "$W/logs/haproxy.$HPORT.log" 2>&1 &
  HPID=$!; PIDS+=("$HPID")
  for _ in $(seq 100); do
    "${LB_PRE[@]}" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$LB_BIND" "$HPORT" 2>/dev/null && return 0; sleep 0.1
  done
  echo "bench-lb: haproxy did not start:" >&2; cat "$W/logs/haproxy.$HPORT.log" >&2; exit 1
}

# lg SCENARIO TARGET LOAD RUN [HOST:]PORT LOADGEN-ARGS...: one loadgen run (in the load generator's
# namespace, if any), JSON kept, listed in runs.tsv
lg() {
  local scen="$1" target="$2" load="$3" run="$4" addr="$5"; shift 5
  [[ "$addr" == *:* ]] || addr="127.0.0.1:$addr"
  local out="$W/results/$scen.$target.$load.r$run.json"
  "${GEN_PRE[@]}" bin/odyssey loadgen --lb "$addr" --json "$@" > "$out" 2> "$out.err" || true
  if [ ! -s "$out" ]; then echo "bench-lb: loadgen failed on $target:" >&2; cat "$out.err" >&2; exit 1; fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$scen" "$target" "$load" "$run" "$out" >> "$RUNS_TSV"
  log "$scen $target $load run $run: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.0f jobs/s, p50 %.3f ms, p99 %.3f ms, errors %d" % (d["achieved_rate"], d["p50_ms"], d["p99_ms"], d["errors"]))' "$out")"
}

# ---- the machine ---------------------------------------------------------------------------------
env_kv date "$(date -u '+%Y-%m-%d %H:%M UTC')"
env_kv cpu "$(lscpu | sed -nE 's/^Model name:[[:space:]]+//p' | head -1)"
env_kv cores "$(nproc)"
env_kv ram "$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
env_kv kernel "$(uname -r)"
env_kv java "$(bin/odyssey --version 2>/dev/null | sed -n 's/^JDK //p') (the JDK bin/odyssey runs)"
env_kv haproxy "$(haproxy -v | head -1)"
env_kv transport "$(grep -q epoll <(ls odyssey-cli/target/lib) && echo 'Netty native epoll' || echo NIO)"
env_kv settings "runs=$RUNS duration=${DUR}s warmup=${WARM}s unequal-duration=${UDUR}s open-loop-duration=${ODUR}s failure-duration=${FAIL_DUR}s perf-duration=${PERF_DUR}s"
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
env_kv load_start "$(loadavg)"

# ---- 1. overhead, 4. perf: one worker, direct vs Odyssey vs HAProxy -----------------------------
if has overhead || has perf; then
  start_worker w1 --port 0 --threads 2; W1PID=$WPID; W1PORT=$WPORT
  start_lb 1 --worker "127.0.0.1:$W1PORT"
  start_haproxy "127.0.0.1:$W1PORT"
  warm_lb "$LBPORT"
  env_kv overhead_setup "worker w1 --threads 2 --port $W1PORT; lb --worker 127.0.0.1:$W1PORT; haproxy leastconn -> w1"
fi
if has overhead; then
  log "overhead (load $(loadavg))"; env_kv load_overhead_before "$(loadavg)"
  env_kv cmd_overhead_sat "bin/odyssey loadgen --lb 127.0.0.1:PORT --closed --connections 8 --pipeline 32 --duration ${DUR}s --warmup ${WARM}s --json"
  env_kv cmd_overhead_fixed "bin/odyssey loadgen --lb 127.0.0.1:PORT --rate $FIXED_RATE --connections 8 --duration ${DUR}s --warmup ${WARM}s --json"
  for r in $(seq "$RUNS"); do
    for t in direct:$W1PORT odyssey:$LBPORT haproxy:$HPORT; do
      lg overhead "${t%%:*}" sat "$r" "${t##*:}" --closed --connections 8 --pipeline 32 --duration "${DUR}s" --warmup "${WARM}s"
    done
    for t in direct:$W1PORT odyssey:$LBPORT haproxy:$HPORT; do
      lg overhead "${t%%:*}" fixed "$r" "${t##*:}" --rate "$FIXED_RATE" --connections 8 --duration "${DUR}s" --warmup "${WARM}s"
    done
  done
  env_kv load_overhead_after "$(loadavg)"
fi

if has perf; then
  log "perf (load $(loadavg))"; env_kv load_perf_before "$(loadavg)"
  env_kv cmd_perf "perf stat -e cycles,instructions,context-switches,cpu-migrations,task-clock -p PID -- sleep $((PERF_DUR - 2)) during bin/odyssey loadgen --rate $PERF_RATE --connections 8 --duration ${PERF_DUR}s --warmup ${WARM}s"
  env_kv perf_rate "$PERF_RATE"; env_kv perf_seconds "$((PERF_DUR - 2))"
  for t in odyssey:$LBPORT:$LBPID haproxy:$HPORT:$HPID; do
    IFS=: read -r name port pid <<< "$t"
    lg perf "$name" fixed 1 "$port" --rate "$PERF_RATE" --connections 8 --duration "${PERF_DUR}s" --warmup "${WARM}s" &
    LGPID=$!
    sleep $((WARM + 2))
    perf stat -e cycles,instructions,context-switches,cpu-migrations,task-clock -p "$pid" \
      -o "$W/results/perf-stat.$name.txt" -- sleep $((PERF_DUR - 2)) || true
    wait "$LGPID"
  done
  if [ -n "$LIB" ] && [ -s "$LIB" ]; then
    # async-profiler attached to the running LB for the steady state only (no start-up, no JIT
    # warm-up). jcmd parses key=value itself, hence the inner quotes around the agent's options.
    lg perf odyssey-profiled fixed 1 "$LBPORT" --rate "$PERF_RATE" --connections 8 --duration "${PERF_DUR}s" --warmup "${WARM}s" &
    LGPID=$!
    sleep $((WARM + 2))
    jcmd "$LBPID" JVMTI.agent_load "$LIB" "\"start,event=cpu,interval=500us\"" > /dev/null
    sleep $((PERF_DUR - 2))
    jcmd "$LBPID" JVMTI.agent_load "$LIB" "\"dump,file=$W/results/lb-profile.collapsed,collapsed\"" > /dev/null
    jcmd "$LBPID" JVMTI.agent_load "$LIB" "\"stop,file=$ROOT/docs/img/lb-flame.html,title=Odyssey LB under $PERF_RATE GET_TIME jobs/s\"" > /dev/null
    wait "$LGPID"
  else
    log "async-profiler unavailable: no flame graph"
  fi
  env_kv load_perf_after "$(loadavg)"
fi
if has overhead || has perf; then stop "$LBPID"; stop "$HPID"; stop "$W1PID"; fi

# ---- 2. unequal machines: CPU cgroups and network namespaces (issue 12, item 2) ------------------
# Two workers made unequal the way machines are: `fast` capped at 1.0 core with 2 threads, `slow`
# at 0.2 core with 1 thread, both with jobs 64x heavier (--slowdown 64, about 1 ms of CPU), so that
# compute, not loopback overhead, is what a worker sells. Each sits in a CPU cgroup with a quota and
# a very high cpu.shares / cpu.weight (the quota, not other people's builds, is what limits it), and
# in a network namespace of its own on a bridge that lives in a namespace of its own; the balancer
# (and HAProxy) and the load generator each get a namespace too. The script itself, hence the
# balancer and the load generator it starts, runs in a high-share group of its own ("drive", as
# /work/tools/prio does). Without root: loopback and no caps, and the report says so.
CAP_CONN=16 CAP_PIPE=8      # closed loop, solo capacity and saturation: 16 connections x 8 jobs
OPEN_CONN=12                # open loop: 12 connections, so HAProxy's weights 10:2 split them 10/2
CAP_LOADS="50 70 90"        # open-loop rates, % of the summed solo capacity
CAP_WARM=$(( QUICK ? 4 : 15 ))  # seconds of closed-loop load on each worker before measuring
CAP_SOLO_BASE="--closed --connections $CAP_CONN --pipeline $CAP_PIPE --mix $MIX"
CAP_SOLO="$CAP_SOLO_BASE --duration ${UDUR}s --warmup 1s"
CAP_WORKERS=("fast 1.0 11 --threads 2 --slowdown 64" "slow 0.2 12 --threads 1 --slowdown 64")
HA_WEIGHTS="10 2"           # HAProxy's hand-set weights: 10:2 from the caps (1.0 : 0.2 core)
REC_LOAD=70 REC_WIN=14 REC_STOP_AT=5 REC_FROZEN=2   # recovery: freeze fast at 5 s for 2 s
CAP_POLICIES=(adaptive round-robin least-outstanding p2c random)

# iso_start: namespaces for the scenarios below, or loopback with a note in env.txt (the cgroups
# are made at the start of the script: see "the script's own CPU group")
iso_start() {
  ISO_NETNS=0
  if ns_init; then
    ISO_NETNS=1
    ns_create lb 1; ns_create gen 2
    LB_BIND="$ISO_NET.1" LB_PRE=(ip netns exec odb-lb) GEN_PRE=(ip netns exec odb-gen)
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$W/secret"
    WSECRET=(--secret-file "$W/secret")  # beyond loopback the worker handshake needs a secret
  fi
  env_kv isolation_cgroups "$([ "$ISO_CG" = 1 ] && echo "cgroup v$ISO_CG_VERSION at $ISO_CG_ROOT" || echo "none (not root or no cpu controller): workers UNCAPPED")"
  env_kv isolation_netns "$([ "$ISO_NETNS" = 1 ] && echo "namespaces odb-lb ($ISO_NET.1), odb-gen ($ISO_NET.2), odb-fast ($ISO_NET.11), odb-slow ($ISO_NET.12) on bridge br0 in odb-bridge" || echo "none (not root): everything on loopback")"
}

# iso_stop: back to loopback for the scenarios that follow; the groups and namespaces are removed
# at exit (cleanup), after every process in them is gone
iso_stop() { LB_BIND=127.0.0.1 LB_PRE=() GEN_PRE=() WSECRET=(); }

# start_capped_worker NAME CORES N ARGS... -> WPID (the worker's JVM), WADDR
start_capped_worker() {
  local name="$1" cores="$2" n="$3"; shift 3
  local logf="$W/logs/worker-$name.$RANDOM.log" host=127.0.0.1 pre=()
  if [ "$ISO_CG" = 1 ]; then cg_create "$name" "$cores"; pre+=(cg_exec "$name"); fi
  if [ "$ISO_NETNS" = 1 ]; then
    [ -e "/run/netns/odb-$name" ] || ns_create "$name" "$n"
    # nsenter, not ip netns exec: that remounts /sys, which hides the cgroup files from the worker,
    # and a worker reads its quota there to price its jobs (worker.CpuLimit, worker.JobCost)
    host="$ISO_NET.$n"; pre+=(nsenter "--net=/run/netns/odb-$name")
  fi
  "${pre[@]}" bin/odyssey worker --bind "$host" --port 0 --name "$name" "${WSECRET[@]}" "$@" > "$logf" 2>&1 &
  PIDS+=($!)
  local port
  port=$(wait_line "$logf" '^odyssey worker: ready' | sed -E 's/.* port=[^ ]*:([0-9]+).*/\1/')
  WPID=$(java_pid $!); PIDS+=("$WPID"); WADDR="$host:$port"
}

# capped_start: the two capped workers -> CAP_ADDRS, CAP_NAMES, CAP_PIDS, FAST_PID
capped_start() {
  CAP_ADDRS=() CAP_NAMES=() CAP_PIDS=()
  local desc="" spec name cores n args
  for spec in "${CAP_WORKERS[@]}"; do
    read -r name cores n args <<< "$spec"
    # shellcheck disable=SC2086
    start_capped_worker "$name" "$cores" "$n" $args
    CAP_PIDS+=("$WPID"); CAP_ADDRS+=("$WADDR"); CAP_NAMES+=("$name")
    desc="$desc${desc:+; }$name: $cores core, $args"
    [ "$name" = fast ] && FAST_PID=$WPID
  done
  env_kv workers_capped "$desc"
  # JIT warm-up before anything is measured, with the quotas lifted: the workers read their quota as
  # they start (it prices their jobs), then compile their hot paths at full speed. Warmed under the
  # cap, `slow` (0.2 core, its compiler threads sharing the quota) was still compiling an hour of
  # benchmark later: its solo figure rose run after run (132 to 208 jobs/s over five runs), and the
  # first run of every policy had the worst tail. The quotas are back before anything is measured.
  # Not recorded.
  [ "$ISO_CG" = 1 ] && for spec in "${CAP_WORKERS[@]}"; do read -r name _ <<< "$spec"; cg_quota "$name" none; done
  local pids=() a
  for a in "${CAP_ADDRS[@]}"; do
    # shellcheck disable=SC2086
    "${GEN_PRE[@]}" bin/odyssey loadgen --lb "$a" $CAP_SOLO_BASE --duration "${CAP_WARM}s" --warmup 0s > /dev/null 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  # ... and their balancer path too (the framed protocol, the link handler), through a throwaway
  # balancer that gives each worker half the jobs: without it every policy's first run paid for
  # the workers' JIT, `slow`'s out of its 0.2 core, and had the worst tail of all runs. Not recorded.
  local wargs=()
  for a in "${CAP_ADDRS[@]}"; do wargs+=(--worker "$a"); done
  start_lb 2 --policy round-robin "${WSECRET[@]}" "${wargs[@]}"
  # shellcheck disable=SC2086
  "${GEN_PRE[@]}" bin/odyssey loadgen --lb "$LB_BIND:$LBPORT" $CAP_SOLO_BASE --duration "${CAP_WARM}s" --warmup 0s > /dev/null 2>&1 || true
  stop "$LBPID"
  [ "$ISO_CG" = 1 ] && for spec in "${CAP_WORKERS[@]}"; do read -r name cores _ <<< "$spec"; cg_quota "$name" "$cores"; done
  return 0
}

# capped_solo: each worker alone, straight at its --port, the runs alternating -> CAPSUM, the sum
# of the medians, which sets the open-loop rates
capped_solo() {
  env_kv cmd_capped_solo "bin/odyssey loadgen --lb WORKER_ADDRESS:PORT $CAP_SOLO --json"
  local r i
  for r in $(seq "$RUNS"); do
    for i in "${!CAP_ADDRS[@]}"; do
      # shellcheck disable=SC2086
      lg capped-solo "${CAP_NAMES[$i]}" solo "$r" "${CAP_ADDRS[$i]}" $CAP_SOLO
    done
  done
  CAPSUM=$(python3 -c '
import json, glob, statistics, sys
runs = {}
for f in glob.glob(sys.argv[1] + "/results/capped-solo.*.solo.r*.json"):
    runs.setdefault(f.split("/")[-1].split(".")[1], []).append(json.load(open(f))["achieved_rate"])
print(int(sum(statistics.median(v) for v in runs.values())))' "$W")
  env_kv capacity_capped_sum "$CAPSUM"
  log "unequal (capped): summed solo capacity $CAPSUM jobs/s"
}

unequal_capped() {
  log "unequal (capped) (load $(loadavg))"; env_kv load_capped_before "$(loadavg)"
  env_kv haproxy_weights "$HA_WEIGHTS"
  env_kv cmd_capped_sat "bin/odyssey loadgen --lb LB:PORT $CAP_SOLO --json"
  env_kv cmd_capped_open "bin/odyssey loadgen --lb LB:PORT --rate R --mix $MIX --connections $OPEN_CONN --duration ${ODUR}s --warmup 1s --json (R = ${CAP_LOADS// /, }% of the summed solo capacity)"
  local wargs=() a r p l k port pid pols=("${CAP_POLICIES[@]}" haproxy haproxy-weighted)
  for a in "${CAP_ADDRS[@]}"; do wargs+=(--worker "$a"); done
  for r in $(seq "$RUNS"); do
    # run r starts with the r-th policy: whatever still changes in the workers over the hour (the
    # JIT, the heap, the machine) does not always favour the same policies, the last ones
    for k in "${!pols[@]}"; do
      p=${pols[$(((k + r - 1) % ${#pols[@]}))]}
      case "$p" in
        haproxy) start_haproxy "${CAP_ADDRS[*]}"; port=$HPORT; pid=$HPID ;;
        haproxy-weighted) start_haproxy "${CAP_ADDRS[*]}" "" "$HA_WEIGHTS"; port=$HPORT; pid=$HPID ;;
        *) start_lb 2 --policy "$p" "${WSECRET[@]}" "${wargs[@]}"; port=$LBPORT; pid=$LBPID; warm_lb "$port" ;;
      esac
      for l in $CAP_LOADS; do
        throttle_begin
        lg capped "$p" "$l" "$r" "$LB_BIND:$port" --rate $((CAPSUM * l / 100)) --mix "$MIX" \
          --connections "$OPEN_CONN" --duration "${ODUR}s" --warmup 1s
        throttle_end "$W/results/capped.$p.$l.r$r"
      done
      throttle_begin
      # shellcheck disable=SC2086
      lg capped "$p" sat "$r" "$LB_BIND:$port" $CAP_SOLO
      throttle_end "$W/results/capped.$p.sat.r$r"
      stop "$pid"
    done
  done
  env_kv load_capped_after "$(loadavg)"
}

# throttle_begin / throttle_end BASE: how often each capped worker's quota ran out during one
# loadgen run (warm-up included), and for how long, into BASE.throttle ("name periods ms" lines),
# and in the log: what a policy's tail at a given load is made of
throttle_begin() {
  local i; THR0=() JVM0=()
  for i in "${!CAP_NAMES[@]}"; do
    THR0+=("$(cg_throttle "${CAP_NAMES[$i]}")"); JVM0+=("$(jvm_work "${CAP_PIDS[$i]}")")
  done
}
throttle_end() {
  local i n a b c d line="" out="" jline="" jout=""
  for i in "${!CAP_NAMES[@]}"; do
    n=${CAP_NAMES[$i]}; read -r a b <<< "${THR0[$i]}"; read -r c d <<< "$(cg_throttle "$n")"
    out+="$n $((c - a)) $((d - b))"$'\n'; line+="${line:+, }$n $((c - a))x $((d - b)) ms"
    read -r a b <<< "${JVM0[$i]}"; read -r c d <<< "$(jvm_work "${CAP_PIDS[$i]}")"
    jout+="$n $((c - a)) $((d - b))"$'\n'
    jline+="${jline:+, }$n JIT $((c - a)) ms, VM thread $((d - b)) ms"
  done
  printf '%s' "$out" > "$1.throttle"
  printf '%s' "$jout" > "$1.jvm"
  log "  throttled: $line"
  log "  worker CPU besides jobs: $jline"
}

# jvm_work PID: "jit-ms vm-ms", the CPU time so far of a JVM's compiler threads and of its VM
# thread (the serial collector's pauses, safepoints), from /proc: both come out of a capped
# worker's quota, so a worker still compiling while a policy is measured stalls its jobs. Read
# from /proc, not with jstat: jstat is a JVM, and starting two per window cost a core-second.
# "0 0" if the process is gone.
jvm_work() {
  python3 -c '
import os, sys
pid, tck, jit, vm = sys.argv[1], os.sysconf("SC_CLK_TCK"), 0, 0
try:
    tids = os.listdir("/proc/%s/task" % pid)
except OSError:
    tids = []
for t in tids:
    try:
        s = open("/proc/%s/task/%s/stat" % (pid, t)).read()
    except OSError:
        continue  # a thread that ended
    comm, f = s[s.index("(") + 1:s.rindex(")")], s[s.rindex(")") + 2:].split()
    ms = (int(f[11]) + int(f[12])) * 1000 // tck  # utime + stime
    if "Compiler" in comm:
        jit += ms
    elif comm == "VM Thread":
        vm += ms
print(jit, vm)' "$1"
}

# recovery_run R: the default policy at REC_LOAD% of the summed solo capacity; `fast` frozen with
# SIGSTOP at REC_STOP_AT s for REC_FROZEN s, then SIGCONT. The balancer's /status is polled every
# 250 ms (completed jobs per worker) from inside its namespace; LbReport turns it into shares.
recovery_run() {
  local r="$1" wargs=() a
  for a in "${CAP_ADDRS[@]}"; do wargs+=(--worker "$a"); done
  start_lb 2 "${WSECRET[@]}" "${wargs[@]}"
  warm_lb "$LBPORT"
  local base="$W/results/recovery.adaptive.$REC_LOAD.r$r"
  "${LB_PRE[@]}" python3 -u -c '
import json, sys, time, urllib.request
url, period = sys.argv[1], 0.25
nxt = time.time()
while True:
    try:
        st = json.load(urllib.request.urlopen(url, timeout=1))
        print(json.dumps({"t_ms": int(time.time() * 1000),
              "completed": {w["name"]: sum(w["completed"].values()) for w in st["workers"]},
              "queue": st["queueLength"],
              "workers": {w["name"]: {"inFlight": w["inFlight"], "serviceMicros": w["serviceMicros"],
                                      "ejected": w["ejected"]} for w in st["workers"]}}), flush=True)
    except Exception as e:  # a missed poll shows as a longer bin, not as a stop
        print(json.dumps({"t_ms": int(time.time() * 1000), "error": str(e)}), flush=True)
    nxt += period
    time.sleep(max(0, nxt - time.time()))' "http://127.0.0.1:$LBADMIN/status" > "$base.poll" 2>&1 &
  local pollpid=$!; PIDS+=("$pollpid")
  local t0; t0=$(now_ms)
  "${GEN_PRE[@]}" bin/odyssey loadgen --lb "$LB_BIND:$LBPORT" --json --rate $((CAPSUM * REC_LOAD / 100)) \
    --mix "$MIX" --connections "$OPEN_CONN" --duration "${REC_WIN}s" --warmup 1s > "$base.json" 2> "$base.json.err" &
  local lgpid=$!; PIDS+=("$lgpid")
  sleep "$REC_STOP_AT"
  kill -STOP "$FAST_PID"; local tstop; tstop=$(now_ms)
  sleep "$REC_FROZEN"
  kill -CONT "$FAST_PID"; local tcont; tcont=$(now_ms)
  wait "$lgpid" || true
  kill "$pollpid" 2>/dev/null || true; wait "$pollpid" 2>/dev/null || true
  printf 'start_ms=%s\nstop_ms=%s\ncont_ms=%s\nworker=fast\n' "$t0" "$tstop" "$tcont" > "$base.events"
  printf '%s\t%s\t%s\t%s\t%s\n' recovery adaptive "$REC_LOAD" "$r" "$base.json" >> "$RUNS_TSV"
  log "recovery run $r: frozen $(( (tcont - tstop) )) ms; $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("p99 %.1f ms, max %.1f ms, errors %d" % (d["p99_ms"], d["max_ms"], d["errors"]))' "$base.json")"
  stop "$LBPID"
}

if has unequal || has recovery; then
  iso_start
  capped_start
  capped_solo
  if has unequal; then unequal_capped; fi
  if has recovery; then
    log "recovery (load $(loadavg))"; env_kv load_recovery_before "$(loadavg)"
    env_kv cmd_recovery "bin/odyssey loadgen --lb LB:PORT --rate $((CAPSUM * REC_LOAD / 100)) --mix $MIX --connections $OPEN_CONN --duration ${REC_WIN}s --warmup 1s --json; kill -STOP fast at ${REC_STOP_AT} s, kill -CONT ${REC_FROZEN} s later; GET /status every 250 ms"
    for r in $(seq "$RUNS"); do recovery_run "$r"; done
    env_kv load_recovery_after "$(loadavg)"
  fi
  for p in "${CAP_PIDS[@]}"; do stop "$p"; done
  iso_stop
fi

# ---- 3. failure: SIGKILL a worker halfway, restart it ----------------------------------------------
# capacity VARIANT NAME:PORT...: closed loop against each worker's --port alone, then all at once
capacity() {
  local v="$1"; shift
  for np in "$@"; do
    lg "capacity-$v" "${np%%:*}" alone 1 "${np##*:}" --closed --connections 8 --pipeline 16 --mix "$MIX" --duration "${UDUR}s" --warmup 1s
  done
  local pids=()
  for np in "$@"; do
    lg "capacity-$v" "${np%%:*}" together 1 "${np##*:}" --closed --connections 8 --pipeline 16 --mix "$MIX" --duration "${UDUR}s" --warmup 1s &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
}
sum_rate() { # sum_rate VARIANT LOAD: sum of achieved rates of the capacity runs
  python3 -c 'import json,glob,sys; print(int(sum(json.load(open(f))["achieved_rate"] for f in glob.glob(sys.argv[1]))))' \
    "$W/results/capacity-$1.*.$2.r1.json"
}

# established TARGET_PORT: client connections to the target
established() { ss -Htn state established "( dport = :$1 )" | wc -l; }
failure_run() {
  local target="$1" port="$2"
  local lgout="$W/results/failure.$target.x.r1.json" ev="$W/results/failure.$target.events"
  bin/odyssey loadgen --lb "127.0.0.1:$port" --json --rate "$FRATE" --mix "$MIX" --connections 8 \
    --duration "${FAIL_DUR}s" --warmup "${WARM}s" > "$lgout" 2> "$lgout.err" &
  local lgpid=$!
  for _ in $(seq 200); do [ "$(established "$port")" -ge 8 ] && break; sleep 0.05; done
  local t0; t0=$(( $(now_ms) + WARM * 1000 ))   # the window starts after the warm-up
  sleep $(( WARM + FAIL_DUR / 2 ))
  kill -9 "$F1PID"; local tkill; tkill=$(now_ms)
  bin/odyssey worker --bind 127.0.0.1 --name f1 --port "$F1PORT" --threads 1 --lb "127.0.0.1:$LBWPORT" \
    > "$W/logs/worker-f1.restarted.$target.log" 2>&1 &
  F1PID=$!; PIDS+=("$F1PID"); local trestart; trestart=$(now_ms)
  local tready="" tload=""
  while kill -0 "$lgpid" 2>/dev/null; do
    [ -z "$tready" ] && grep -q '^odyssey worker: ready' "$W/logs/worker-f1.restarted.$target.log" && tready=$(now_ms)
    if [ -z "$tload" ] && [ -n "$tready" ]; then
      if [ "$target" = odyssey ]; then
        lb_status | python3 -c 'import json,sys; w=[w for w in json.load(sys.stdin)["workers"] if w["name"]=="f1"]; sys.exit(0 if w and sum(w[0]["completed"].values())>0 else 1)' 2>/dev/null && tload=$(now_ms)
      else
        python3 - "$HSOCK" <<'PY' && tload=$(now_ms)
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536): data += chunk
rows = [l.split(",") for l in data.decode().splitlines() if l.startswith("be,w1,")]
sys.exit(0 if rows and rows[0][4] not in ("", "0") else 1)   # scur: sessions now on w1
PY
      fi
    fi
    sleep 0.1
  done
  wait "$lgpid" || true
  printf '%s\t%s\t%s\t%s\t%s\n' failure "$target" x 1 "$lgout" >> "$RUNS_TSV"
  rel() { [ -n "$1" ] && echo "$(( $1 - t0 ))" || echo ""; }
  { echo "kill_ms=$(rel "$tkill")"; echo "restart_ms=$(rel "$trestart")"; echo "ready_ms=$(rel "$tready")"
    echo "load_ms=$(rel "$tload")"; } > "$ev"
  log "failure $target: $(tr '\n' ' ' < "$ev")"
}
if has failure; then
  log "failure (load $(loadavg))"; env_kv load_failure_before "$(loadavg)"
  start_lb 0
  F1PORT=$(free_port); F2PORT=$(free_port)
  start_worker f1 --port "$F1PORT" --threads 1 --lb "127.0.0.1:$LBWPORT"; F1PID=$WPID
  start_worker f2 --port "$F2PORT" --threads 1 --lb "127.0.0.1:$LBWPORT"; F2PID=$WPID
  wait_workers 2
  warm_lb "$LBPORT"
  capacity failure "f1:$F1PORT" "f2:$F2PORT"
  FRATE=$(( $(sum_rate failure together) * 40 / 100 ))   # the survivor runs at ~80%
  env_kv failure_rate "$FRATE"
  env_kv cmd_failure "bin/odyssey loadgen --rate $FRATE --mix $MIX --connections 8 --duration ${FAIL_DUR}s --warmup ${WARM}s --json; kill -9 worker f1 at mid-window, restart it at once (same port, --lb)"
  start_haproxy "127.0.0.1:$F1PORT 127.0.0.1:$F2PORT" checks
  failure_run odyssey "$LBPORT"
  sleep 2
  failure_run haproxy "$HPORT"
  stop "$HPID"; stop "$LBPID"; stop "$F1PID"; stop "$F2PID"
  env_kv load_failure_after "$(loadavg)"
fi

env_kv load_end "$(loadavg)"
log "writing docs/benchmarks-lb.md and docs/img/lb-*.png"
BENCH_JAR=$(ls odyssey-bench/target/odyssey-bench-*.jar | grep -v -e sources -e tests | head -1)
java -Djava.awt.headless=true -cp "$BENCH_JAR:odyssey-bench/target/lib/*" dev.odyssey.bench.lb.LbReport \
  "$W" "$ROOT/docs/benchmarks-lb.md" "$ROOT/docs/img"
log "done"
