#!/usr/bin/env bash
# Prints key=value lines describing the machine and the code under test, for the benchmark reports.
#   machine-env.sh REPO_ROOT
set -euo pipefail
ROOT="$1"
echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
echo "cores=$(nproc)"
echo "ram=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "kernel=$(uname -sr)"
echo "java=$(java -version 2>&1 | sed -n 2p)"
echo "load=$(cut -d" " -f1-3 /proc/loadavg) (1, 5, 15 min, at the start)"
echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
dirty=""
git -C "$ROOT" diff --quiet HEAD 2>/dev/null || dirty=" (with uncommitted changes)"
echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$dirty"
