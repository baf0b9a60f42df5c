#!/usr/bin/python3
"""Scapy's TCP conversations of each capture given, tab-separated, in the order of the files:

  FILE  #packets  N                 one line per capture (N: its records), then one per conversation:
  FILE  A  B  A->B packets  A->B bytes  B->A packets  B->A bytes  FIRST  LAST
  FILE  #error  MESSAGE             when scapy cannot read the capture

A and B are IP:PORT (IPv6 as [IP]:PORT); FIRST and LAST are seconds with nine decimals, or "-".

A packet belongs to a conversation when scapy decodes a TCP layer whose underlayer is an IPv4
header (IP, not the IPerror quoted by ICMP) or an IPv6 header (possibly under extension headers):
the definition Odyssey's connection count and conversation list use (docs/counting.md). The two
sides are that header's addresses and the TCP ports; "a" sent the first packet seen. Bytes are the
record's original (wire) length; timestamps are exact nanoseconds (pcap µs/ns; pcapng ticks of the
interface's if_tsresol as scapy reads it), printed as seconds with nine decimals.

Packets are decoded exactly as scapy's PcapReader / PcapNgReader do (conf.l2types, Raw on failure,
truncated to MTU), from the raw records. Run by ScapyConversationsTest, or by hand:

  /usr/bin/python3 scapy_conversations.py ../shared/pcap-corpus/ndpi/*.pcap
"""
import sys, multiprocessing as mp
from scapy.all import conf, RawPcapReader, RawPcapNgReader
from scapy.data import MTU
from scapy.layers.inet import IP, TCP
from scapy.layers.inet6 import IPv6, _IPv6ExtHdr
conf.verb = 0


def decode(cls, s):
    try:
        return cls(s)
    except Exception:
        return conf.raw_layer(s)


def sides(p):
    """((src, sport), (dst, dport)) of the first TCP layer and the IP header holding it, or None."""
    if TCP not in p:
        return None
    t = p[TCP]
    u = t.underlayer
    while isinstance(u, _IPv6ExtHdr):
        u = u.underlayer
    if isinstance(u, IP) and u.__class__ is IP and t.underlayer is u:
        return (u.src, t.sport), (u.dst, t.dport), 4
    if isinstance(u, IPv6) and u.__class__ is IPv6:
        return (u.src, t.sport), (u.dst, t.dport), 6
    return None


def records(path):
    """(bytes, linktype, timestamp in ns or None, wire length) of every record."""
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic == b"\x0a\x0d\x0d\x0a":
        r = RawPcapNgReader(path)
        try:
            for s, meta in r:
                ts = None
                if meta.tshigh is not None:
                    ticks = (meta.tshigh << 32) + meta.tslow
                    units = int(meta.tsresol)
                    ts = ticks // units * 10**9 + (ticks % units) * 10**9 // units
                yield s[:MTU], meta.linktype, ts, meta.wirelen
        finally:
            r.close()
    else:
        r = RawPcapReader(path)
        try:
            lt = r.linktype
            scale = 1 if r.nano else 1000
            for s, meta in r:
                yield s[:MTU], lt, meta.sec * 10**9 + meta.usec * scale, meta.wirelen
        finally:
            r.close()


def endpoint(version, address, port):
    return f"{address}:{port}" if version == 4 else f"[{address}]:{port}"


def seconds(ns):
    return None if ns is None else f"{ns // 10**9}.{ns % 10**9:09d}"


def conversations(path):
    table = {}
    n = 0
    for s, lt, ts, wirelen in records(path):
        n += 1
        cls = conf.l2types.num2layer.get(lt, conf.raw_layer)
        found = sides(decode(cls, s))
        if found is None:
            continue
        src, dst, version = found
        key = (version, frozenset([src, dst]))
        c = table.get(key)
        if c is None:
            c = table[key] = {"a": endpoint(version, *src), "b": endpoint(version, *dst), "version": version,
                              "a_to_b": {"packets": 0, "bytes": 0}, "b_to_a": {"packets": 0, "bytes": 0},
                              "first": None, "last": None}
        way = "a_to_b" if endpoint(version, *src) == c["a"] else "b_to_a"
        c[way]["packets"] += 1
        c[way]["bytes"] += wirelen
        if ts is not None:
            c["first"] = ts if c["first"] is None else min(c["first"], ts)
            c["last"] = ts if c["last"] is None else max(c["last"], ts)
    out = []
    for c in table.values():
        c.pop("version")
        c["first"], c["last"] = seconds(c["first"]), seconds(c["last"])
        out.append(c)
    return n, out


def run(path):
    try:
        n, convs = conversations(path)
    except Exception as ex:
        return f"{path}\t#error\t{type(ex).__name__}: {ex}\n"
    lines = [f"{path}\t#packets\t{n}\n"]
    for c in convs:
        lines.append("\t".join([path, c["a"], c["b"], str(c["a_to_b"]["packets"]), str(c["a_to_b"]["bytes"]),
                                 str(c["b_to_a"]["packets"]), str(c["b_to_a"]["bytes"]),
                                 c["first"] or "-", c["last"] or "-"]) + "\n")
    return "".join(lines)


if __name__ == "__main__":
    with mp.Pool(2) as pool:
        for line in pool.imap(run, sys.argv[1:], chunksize=4):
            sys.stdout.write(line)
