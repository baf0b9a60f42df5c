#!/usr/bin/env bash
# Load-balancer benchmarks (issue 5): Odyssey's LB against a client talking straight to a worker and
# against HAProxy (mode tcp, balance leastconn) in front of the same workers, all on 127.0.0.1 with
# random free ports. Writes docs/benchmarks-lb.md and its plots docs/img/lb-*.png (drawn by
# dev.odyssey.bench.lb.LbReport with JFreeChart); raw results stay in bench-work/lb/.
#
#   scripts/bench-lb.sh [--quick] [--runs N] [--duration S] [--warmup S] [--only LIST] [--no-build]
#
#   --quick       one run of each, short windows: a smoke test of the whole script (~3 min)
#   --runs N      repetitions of each measured point; the report gives medians (default 3)
#   --duration S  measured window of each loadgen run, seconds (default 5; unequal workers: S-1)
#   --warmup S    warm-up before each window, seconds (default 2)
#   --only LIST   comma-separated subset of overhead,unequal,failure,perf (default: all)
#   --no-build    use the jars already built
#   --isolation-check  only set up and test the isolation helpers below (root: a CPU cgroup capped
#                 at 0.2 core, two network namespaces on a bridge of their own), tear down, exit
#
# Needs: java 17, maven, haproxy, perf (linux-perf), curl, ss, python3 (scripts/install-peer-tools.sh).
# The machine is shared: the report records the load average before and after each scenario.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS=3 DUR=5 WARM=2 QUICK=0 BUILD=1 ISOCHECK=0 ONLY="overhead,unequal,failure,perf"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; RUNS=1; DUR=2; WARM=1 ;;
    --runs) RUNS="$2"; shift ;;
    --duration) DUR="$2"; shift ;;
    --warmup) WARM="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --no-build) BUILD=0 ;;
    --isolation-check) ISOCHECK=1 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "bench-lb: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
UDUR=$(( DUR > 2 ? DUR - 1 : DUR ))        # unequal-worker windows (many points)
FAIL_DUR=$(( QUICK ? 8 : 20 ))             # failure run window
PERF_DUR=$(( QUICK ? 4 : 10 ))             # perf stat / profiler window
FIXED_RATE=20000                           # overhead: the fixed moderate GET_TIME rate, jobs/s
LB_WARM=$(( QUICK ? 1 : 3 ))               # JIT warm-up of each new LB process, seconds
PERF_RATE=50000                            # perf: the fixed GET_TIME load, jobs/s
MIX="1=20,2=80"                            # unequal workers and failure: MINE_BITCOIN-heavy
POLICIES=(adaptive round-robin random least-outstanding p2c)

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

# cg_create NAME CORES: a group capped at CORES (1.0, 0.2, ...) of one CPU per 100 ms period
cg_create() {
  local dir="$ISO_CG_ROOT/$1" period=100000 quota
  quota=$(awk -v c="$2" -v p="$period" 'BEGIN { printf "%d", c * p }')
  mkdir -p "$dir"
  if [ "$ISO_CG_VERSION" = 2 ]; then
    echo "$quota $period" > "$dir/cpu.max"
  else
    echo "$period" > "$dir/cpu.cfs_period_us"
    echo "$quota" > "$dir/cpu.cfs_quota_us"
  fi
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
  find "$ISO_CG_ROOT" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
  rmdir "$ISO_CG_ROOT" 2>/dev/null || iso_log "could not remove $ISO_CG_ROOT (processes left in it?)"
}

# ns_init: the bridge's own namespace (root only; returns 1 otherwise, callers use loopback)
ns_init() {
  if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null; then
    iso_log "not root or no ip(8): no network namespaces, everything on loopback"; return 1
  fi
  ip netns add "$ISO_NS_BRIDGE"
  ip -n "$ISO_NS_BRIDGE" link add br0 type bridge
  ip -n "$ISO_NS_BRIDGE" link set br0 up
}

# ns_create NAME N: namespace odb-NAME holding address 10.77.0.N/24, cabled to the bridge
ns_create() {
  local ns="odb-$1" n="$2"
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

# start_worker_isolated NAME CORES N ARGS...: a worker capped at CORES in namespace odb-NAME at
# 10.77.0.N (the LB and the load generator get namespaces and addresses of their own the same way)
start_worker_isolated() {
  local name="$1" cores="$2" n="$3"; shift 3
  cg_create "$name" "$cores"
  ns_create "$name" "$n"
  local logf="$W/logs/worker-$name.$RANDOM.log"
  cg_exec "$name" ip netns exec "odb-$name" bin/odyssey worker --bind "$ISO_NET.$n" --name "$name" \
    "$@" > "$logf" 2>&1 &
  WPID=$!; PIDS+=("$WPID")
  WPORT=$(wait_line "$logf" '^odyssey worker: ready' | sed -E 's/.* port=[^ ]*:([0-9]+).*/\1/')
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
  (mvn -q -B -o -pl odyssey-cli,odyssey-bench -am package -DskipTests -Dmaven.test.skip=true \
    || mvn -q -B -pl odyssey-cli,odyssey-bench -am package -DskipTests -Dmaven.test.skip=true) >&2
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
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

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
  bin/odyssey lb --bind 127.0.0.1 --port 0 --worker-port 0 --admin-port 0 "$@" > "$logf" 2>&1 &
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
  bin/odyssey loadgen --lb "127.0.0.1:$1" --closed --connections 8 --pipeline 16 --mix 1=50,2=50 \
    --duration "${LB_WARM}s" --warmup 0s > /dev/null 2>&1 || true
}

lb_status() { curl -s --max-time 2 "127.0.0.1:$LBADMIN/status" || true; }

wait_workers() {
  for _ in $(seq 200); do
    local n; n=$(lb_status | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["workers"]))' 2>/dev/null || echo 0)
    [ "$n" -ge "$1" ] && return 0
    sleep 0.1
  done
  echo "bench-lb: only $n of $1 workers joined the LB" >&2; exit 1
}

# start_haproxy "HOST:PORT ..." [checks] -> HPID, HPORT, HSOCK
start_haproxy() {
  HPORT=$(free_port); HSOCK="$W/haproxy.$HPORT.sock"
  local cfg="$W/haproxy.$HPORT.cfg" i=0 checks=""
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
    echo "  bind 127.0.0.1:$HPORT"
    echo "  default_backend be"
    echo "backend be"
    echo "  balance leastconn"
    for s in $1; do i=$((i + 1)); echo "  server w$i $s $checks"; done
  } > "$cfg"
  haproxy -f "$cfg" -db > "$W/logs/haproxy.$HPORT.log" 2>&1 &
  HPID=$!; PIDS+=("$HPID")
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$HPORT") 2>/dev/null && return 0; sleep 0.1; done
  echo "bench-lb: haproxy did not start:" >&2; cat "$W/logs/haproxy.$HPORT.log" >&2; exit 1
}

# lg SCENARIO TARGET LOAD RUN PORT LOADGEN-ARGS...: one loadgen run, JSON kept, listed in runs.tsv
lg() {
  local scen="$1" target="$2" load="$3" run="$4" port="$5"; shift 5
  local out="$W/results/$scen.$target.$load.r$run.json"
  bin/odyssey loadgen --lb "127.0.0.1:$port" --json "$@" > "$out" 2> "$out.err" || true
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
env_kv java "$(java -version 2>&1 | head -1)"
env_kv haproxy "$(haproxy -v | head -1)"
env_kv transport "$(grep -q epoll <(ls odyssey-cli/target/lib) && echo 'Netty native epoll' || echo NIO)"
env_kv settings "runs=$RUNS duration=${DUR}s warmup=${WARM}s unequal-duration=${UDUR}s failure-duration=${FAIL_DUR}s perf-duration=${PERF_DUR}s"
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

# ---- 2. unequal workers ---------------------------------------------------------------------------
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

unequal() {
  local v="$1" loads="$2" runs="$3"; shift 3
  local specs=("$@") addrs=() names=() wpids=() desc=""
  for s in "${specs[@]}"; do
    local name="${s%%:*}" args="${s#*:}"
    # shellcheck disable=SC2086
    start_worker "$name" --port 0 $args
    wpids+=("$WPID"); addrs+=("127.0.0.1:$WPORT"); names+=("$name:$WPORT")
    desc="$desc${desc:+; }$name $args"
  done
  env_kv "workers_$v" "$desc"
  capacity "$v" "${names[@]}"
  local cap; cap=$(sum_rate "$v" together)
  env_kv "capacity_${v}_alone" "$(sum_rate "$v" alone)"; env_kv "capacity_${v}_together" "$cap"
  log "unequal $v: capacity alone $(sum_rate "$v" alone), together $cap jobs/s (load $(loadavg))"
  env_kv "load_${v}_before" "$(loadavg)"
  local wargs=(); for a in "${addrs[@]}"; do wargs+=(--worker "$a"); done
  for r in $(seq "$runs"); do
    for p in "${POLICIES[@]}" haproxy; do
      if [ "$p" = haproxy ]; then start_haproxy "${addrs[*]}"; port=$HPORT; pid=$HPID
      else start_lb "${#addrs[@]}" --policy "$p" "${wargs[@]}"; port=$LBPORT; pid=$LBPID; warm_lb "$port"; fi
      for l in $loads; do
        lg "$v" "$p" "$l" "$r" "$port" --rate $((cap * l / 100)) --mix "$MIX" --connections 8 --duration "${UDUR}s" --warmup 1s
      done
      lg "$v" "$p" sat "$r" "$port" --closed --connections 8 --pipeline 16 --mix "$MIX" --duration "${UDUR}s" --warmup 1s
      stop "$pid"
    done
  done
  env_kv "load_${v}_after" "$(loadavg)"
  for p in "${wpids[@]}"; do stop "$p"; done
}
if has unequal; then
  env_kv cmd_unequal "bin/odyssey loadgen --lb 127.0.0.1:PORT --rate R --mix $MIX --connections 8 --duration ${UDUR}s --warmup 1s --json (R = 50/80/95% of capacity); saturation: --closed --connections 8 --pipeline 16"
  env_kv cmd_capacity "bin/odyssey loadgen --lb 127.0.0.1:WORKER_PORT --closed --connections 8 --pipeline 16 --mix $MIX --duration ${UDUR}s --warmup 1s --json"
  unequal unequal2 "50 80 95" "$RUNS" "fast:--threads 2" "slow:--threads 1 --slowdown 4"
  unequal unequal3 "80" 1 "fast:--threads 2" "slow:--threads 1 --slowdown 4" "mid:--threads 1 --slowdown 2"
fi

# ---- 3. failure: SIGKILL a worker halfway, restart it ----------------------------------------------
# established TARGET_PORT: client connections to the target
established() { ss -Htn state established "( dport = :$1 )" | wc -l; }
now_ms() { date +%s%3N; }
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
