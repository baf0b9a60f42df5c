#!/usr/bin/env bash
# What the fair queue (issue 12, item 3) costs on the hot path: the balancer of this tree against
# the balancer of another checkout (the commit before the change), and HAProxy (mode tcp, leastconn)
# in front of the same kind of worker as the peer, in the same run, on 127.0.0.1. Closed loop,
# GET_TIME only (the cheapest job, so the balancer's own cost dominates), 8 connections × 32
# pipelined jobs, one worker with 2 threads. The three take turns, run after run, so that a change
# in the machine's load hits them alike; medians are printed as a Markdown table.
#
#   scripts/bench-lb-fair.sh BASE_TREE [--runs N] [--duration S] [--warmup S]
#
# BASE_TREE: a checkout of the base commit (e.g. `git worktree add --detach ../base main`); both
# trees are built by their bin/odyssey on first use. Needs java 17, haproxy, python3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="$(cd "${1:?usage: bench-lb-fair.sh BASE_TREE [--runs N] [--duration S] [--warmup S]}" && pwd)"
shift
RUNS=5 DUR=5 WARM=2
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift ;;
    --duration) DUR="$2"; shift ;;
    --warmup) WARM="$2"; shift ;;
    *) echo "bench-lb-fair: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done
W="$ROOT/bench-work/lb-fair"
mkdir -p "$W/logs" "$W/results"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_line() { # FILE REGEX: prints the first matching line, waiting up to 60 s
  for _ in $(seq 600); do
    if grep -m1 -E "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "bench-lb-fair: no /$2/ in $1:" >&2; cat "$1" >&2; exit 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

LOADGEN=(--closed --connections 8 --pipeline 32 --duration "${DUR}s" --warmup "${WARM}s" --json)

# measure TREE-LABEL RUN: one LB of that tree with one worker, one loadgen window
measure_lb() {
  local label="$1" tree="$2" run="$3" logf="$W/logs/lb-$1-$3.log"
  "$tree/bin/odyssey" lb --bind 127.0.0.1 --port 0 --worker-port 0 --admin-port -1 > "$logf" 2>&1 &
  local lbpid=$!; PIDS+=("$lbpid")
  local line; line=$(wait_line "$logf" '^odyssey lb: listening')
  local port wport
  port=$(sed -E 's/.*clients=[^ ]*:([0-9]+).*/\1/' <<< "$line")
  wport=$(sed -E 's/.*workers=[^ ]*:([0-9]+).*/\1/' <<< "$line")
  "$tree/bin/odyssey" worker --lb "127.0.0.1:$wport" --threads 2 --name w > "$W/logs/w-$label-$run.log" 2>&1 &
  local wpid=$!; PIDS+=("$wpid")
  wait_line "$W/logs/w-$label-$run.log" '^odyssey worker: ready' > /dev/null
  sleep 1 # the worker's HELLO reaches the LB
  "$ROOT/bin/odyssey" loadgen --lb "127.0.0.1:$port" "${LOADGEN[@]}" > "$W/results/$label.r$run.json"
  kill "$wpid" "$lbpid"; wait "$wpid" "$lbpid" 2>/dev/null || true
}

measure_haproxy() {
  local run="$1" logf="$W/logs/w-haproxy-$1.log"
  "$ROOT/bin/odyssey" worker --bind 127.0.0.1 --port 0 --threads 2 --name w > "$logf" 2>&1 &
  local wpid=$!; PIDS+=("$wpid")
  local wport; wport=$(wait_line "$logf" '^odyssey worker: ready' | sed -E 's/.* port=[^ ]*:([0-9]+).*/\1/')
  local hport; hport=$(free_port)
  printf 'global\n  maxconn 4000\ndefaults\n  mode tcp\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\nfrontend fe\n  bind 127.0.0.1:%s\n  default_backend be\nbackend be\n  balance leastconn\n  server w1 127.0.0.1:%s\n' \
    "$hport" "$wport" > "$W/haproxy.cfg"
  haproxy -f "$W/haproxy.cfg" -db > "$W/logs/haproxy-$run.log" 2>&1 &
  local hpid=$!; PIDS+=("$hpid")
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$hport") 2>/dev/null && break; sleep 0.1; done
  "$ROOT/bin/odyssey" loadgen --lb "127.0.0.1:$hport" "${LOADGEN[@]}" > "$W/results/haproxy.r$run.json"
  kill "$hpid" "$wpid"; wait "$hpid" "$wpid" 2>/dev/null || true
}

"$BASE/bin/odyssey" --version > /dev/null
"$ROOT/bin/odyssey" --version > /dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "base: $(git -C "$BASE" log -1 --format='%h %s' | cut -c1-60); this: $(git -C "$ROOT" log -1 --format='%h %s' | cut -c1-60)"
for r in $(seq "$RUNS"); do
  measure_lb base "$BASE" "$r"
  measure_lb fair "$ROOT" "$r"
  measure_haproxy "$r"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$W/results" "$RUNS" <<'PY'
import json, statistics, sys
d, runs = sys.argv[1], int(sys.argv[2])
print("| target | jobs/s (median of %d) | min–max | p50 ms | p99 ms | errors |" % runs)
print("|---|---|---|---|---|---|")
for label in ("base", "fair", "haproxy"):
    rs = [json.load(open("%s/%s.r%d.json" % (d, label, r))) for r in range(1, runs + 1)]
    rate = [x["achieved_rate"] for x in rs]
    print("| %s | %.0f | %.0f–%.0f | %.3f | %.3f | %d |" % (
        label, statistics.median(rate), min(rate), max(rate),
        statistics.median(x["p50_ms"] for x in rs), statistics.median(x["p99_ms"] for x in rs),
        sum(x["errors"] for x in rs)))
PY
