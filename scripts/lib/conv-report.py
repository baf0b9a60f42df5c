#!/usr/bin/env python3
"""Writes the Markdown report of scripts/bench-conv.sh from what it left in bench-work/.

    conv-report.py WORK_DIR TOP [DOC]

With DOC (docs/benchmarks.md), the report also goes between its bench-conv markers, by
bench-report.py's splice like the other benchmark sections.

Timings: hyperfine's medians (conv-fast.json, conv-slow.json). Agreement: Odyssey's JSON line
(conv-odyssey-1.out; the all-threads run must list exactly the same conversations) against the
table of `tshark -q -z conv,tcp` (conv-tshark.out), conversation by conversation, both directions as
one, on the packet counts of each direction.
"""
import importlib.util
import json
import os
import re
import sys

work, top = sys.argv[1], int(sys.argv[2])
doc = sys.argv[3] if len(sys.argv) > 3 else None


def medians(name):
    with open(f"{work}/{name}") as f:
        return {r["command"]: r for r in json.load(f)["results"]}


def plain(endpoint):
    # tshark writes ADDR:PORT without brackets, also for IPv6; Odyssey brackets IPv6 addresses.
    return endpoint.replace("[", "").replace("]", "")


def key(a, b):
    return frozenset((plain(a), plain(b)))


def tshark_table(path):
    # 10.0.0.1:51000 <-> 192.0.2.80:80   F_left B_left UNIT  F_right B_right UNIT  F_total B UNIT ...
    # "<-" is B to A and "->" is A to B, as tshark's header draws it; bytes carry a unit ("kB").
    row = re.compile(r"^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+(\d+)\s")
    table = {}
    with open(path) as f:
        for line in f:
            m = row.match(line)
            if m:
                a, b, b_to_a, a_to_b, total = m.groups()
                # tshark starts a new row for a new TCP stream on the same addresses and ports (a
                # port pair reused): Odyssey has one conversation per pair, so the rows are summed.
                table.setdefault(key(a, b), []).append((a, int(a_to_b), int(b_to_a)))
    return table


def odyssey(path):
    with open(path) as f:
        line = [l for l in f if l.startswith("{")][-1]
    return json.loads(line)


env = dict(l.rstrip("\n").split("=", 1) for l in open(f"{work}/conv-env.txt") if "=" in l)
fast, slow = medians("conv-fast.json"), medians("conv-slow.json")
one, every = odyssey(f"{work}/conv-odyssey-1.out"), odyssey(f"{work}/conv-odyssey-all.out")
same = one["conversations"] == every["conversations"] and one["packets"] == every["packets"]
ts = tshark_table(f"{work}/conv-tshark.out")

out = []
p = out.append
p(f"Command: `{env.get('cmd_line', 'scripts/bench-conv.sh')}`, {env.get('date', '?')}, commit "
  f"{env.get('commit', '?')}. Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, "
  f"{env.get('ram', '?')}, {env.get('kernel', '?')}; {env.get('java', '')}; "
  f"{env.get('tool_versions', '')}. Load average {env.get('load', '?')}. Page cache warm, whole "
  f"process, medians of hyperfine runs ({env.get('runs')} for Odyssey, {env.get('slow_runs')} for "
  "tshark).")
p("")
p("| command | median s | user s | system s | vs tshark |")
p("|---|---:|---:|---:|---:|")
t_med = slow["tshark"]["median"]
rows = [("odyssey-1-thread", env["cmd_odyssey_1"], fast["odyssey-1-thread"]),
        ("odyssey-all-threads", env["cmd_odyssey_all"], fast["odyssey-all-threads"]),
        ("tshark", env["cmd_tshark"], slow["tshark"])]
for name, cmd, r in rows:
    p(f"| `{cmd}` | {r['median']:.2f} | {r.get('user', 0):.2f} | {r.get('system', 0):.2f} | "
      f"{r['median'] / t_med:.2f}x |")
p("")
p(f"Conversations held by Odyssey: {one.get('conversations_held')}; tshark's table has "
  f"{sum(len(v) for v in ts.values())} rows for {len(ts)} address and port pairs. "
  f"1 thread and all threads list the same conversations with the same counts: "
  f"{'yes' if same else 'NO'}.")
p("")
p(f"Odyssey's {top} busiest, and what tshark says of each:")
p("")
p("| A | B | Odyssey A->B / B->A | tshark A->B / B->A | same |")
p("|---|---|---|---|---|")
agree = 0
for c in one["conversations"][:top]:
    o = (c["a_to_b"]["packets"], c["b_to_a"]["packets"])
    rows_t = ts.get(key(c["a"], c["b"]))
    if rows_t is None:
        tt, ok = "not listed", False
    else:
        tab = tba = 0
        for ta, x, y in rows_t:
            if plain(ta) != plain(c["a"]):
                x, y = y, x  # tshark's A is the other side
            tab, tba = tab + x, tba + y
        streams = f" ({len(rows_t)} streams summed)" if len(rows_t) > 1 else ""
        tt, ok = f"{tab} / {tba}{streams}", (tab, tba) == o
    agree += ok
    p(f"| {c['a']} | {c['b']} | {o[0]} / {o[1]} | {tt} | {'yes' if ok else 'no'} |")
p("")
p(f"{agree} of {min(top, len(one['conversations']))} agree packet for packet. Where they differ, "
  "docs/counting.md explains why (tshark reassembles IP fragments and decodes some "
  "encapsulations scapy leaves raw; Odyssey counts the IP header that directly holds the TCP "
  "header, as scapy does). tshark's rows of one port pair reused by several TCP streams are summed "
  "above.")
p("")
print("\n".join(out))
if doc:
    spec = importlib.util.spec_from_file_location(
        "bench_report", os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench-report.py"))
    bench_report = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_report)
    bench_report.splice(doc, "bench-conv", "\n".join(out))
