#!/usr/bin/env bash
# Installs the peer tools that integration tests and benchmarks compare Odyssey with, from Debian's
# packages: tshark and capinfos (tshark), tcpdump, scapy (python3-scapy), HAProxy, hyperfine, perf,
# chromium.
# Does nothing when they are all present; needs root (or sudo) and apt-get otherwise.
set -euo pipefail
need=()
command -v tshark >/dev/null || need+=(tshark)
command -v capinfos >/dev/null || need+=(tshark)
command -v tcpdump >/dev/null || need+=(tcpdump)
/usr/bin/python3 -c 'import scapy' 2>/dev/null || need+=(python3-scapy)
command -v haproxy >/dev/null || need+=(haproxy)
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v nc >/dev/null || need+=(netcat-openbsd)
# scripts/bench-lb.sh: perf stat on the balancer, curl for its /status, ss to see connections
command -v perf >/dev/null || need+=(linux-perf)
command -v curl >/dev/null || need+=(curl)
command -v ss >/dev/null || need+=(iproute2)
# odyssey-lb's LivePageChromiumTest: the admin live page in headless Chromium
command -v chromium >/dev/null || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
command -v apt-get >/dev/null || { echo "install-peer-tools: no apt-get; install ${need[*]} by hand" >&2; exit 1; }
echo "install-peer-tools: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# tshark asks whether non-root users may capture; the answer does not matter for reading files.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
