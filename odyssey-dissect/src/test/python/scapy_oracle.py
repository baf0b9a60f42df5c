#!/usr/bin/python3
"""Scapy's verdict for every packet of the given captures, one tab-separated line per packet:

  file  index  linktype  hex  ipv4_tcp  ver  src  sport  dst  dport

ipv4_tcp  1 when scapy's `IP in pkt and TCP in pkt` holds, else 0
ver       4 or 6 when the first TCP layer's underlayer is IP or IPv6 (or an IPv6 extension
          header, whose enclosing IPv6 header then gives the addresses), else 0
src, dst  dotted IPv4, or 32 hex digits for IPv6; "-" when ver is 0

Packets are decoded exactly as scapy's PcapReader / PcapNgReader do (conf.l2types, Raw on failure,
truncated to MTU), from the raw records so that the hex is the captured bytes, not a rebuild.
Not run by the build: it feeds the development conformance test (DissectorOracleTest), e.g.

  /usr/bin/python3 scapy_oracle.py --out /tmp/oracle ../shared/pcap-corpus/ndpi/*
  /usr/bin/python3 scapy_oracle.py --hex-stdin LINKTYPE < hexlines   (one verdict per input line)
"""
import sys, os, socket, multiprocessing as mp
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


def verdict(p):
    v4 = 1 if (IP in p and TCP in p) else 0
    if TCP not in p:
        return f"{v4}\t0\t-\t-\t-\t-"
    t = p[TCP]
    u = t.underlayer
    while isinstance(u, _IPv6ExtHdr):
        u = u.underlayer
    if isinstance(u, IP) and u.__class__ is IP and t.underlayer is u:
        return f"{v4}\t4\t{u.src}\t{t.sport}\t{u.dst}\t{t.dport}"
    if isinstance(u, IPv6) and u.__class__ is IPv6:
        h = lambda a: socket.inet_pton(socket.AF_INET6, a).hex()
        return f"{v4}\t6\t{h(u.src)}\t{t.sport}\t{h(u.dst)}\t{t.dport}"
    return f"{v4}\t0\t-\t-\t-\t-"


def records(path):
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic == b"\x0a\x0d\x0d\x0a":
        r = RawPcapNgReader(path)
        try:
            for s, meta in r:
                yield s[:MTU], meta.linktype
        finally:
            r.close()
    else:
        r = RawPcapReader(path)
        try:
            lt = r.linktype
            for s, meta in r:
                yield s[:MTU], lt
        finally:
            r.close()


def run(args):
    path, outdir, root = args
    name = os.path.relpath(path, root)
    out = os.path.join(outdir, name.replace("/", "__") + ".tsv")
    lines = []
    try:
        for i, (s, lt) in enumerate(records(path)):
            cls = conf.l2types.num2layer.get(lt, conf.raw_layer)
            lines.append(f"{name}\t{i}\t{lt}\t{s.hex()}\t{verdict(decode(cls, s))}\n")
    except Exception as ex:
        lines.append(f"# {name}\terror: {type(ex).__name__}: {ex}\n")
    with open(out, "w") as f:
        f.writelines(lines)
    return name, len(lines)


if __name__ == "__main__":
    if sys.argv[1] == "--hex-stdin":
        lt = int(sys.argv[2])
        cls = conf.l2types.num2layer.get(lt, conf.raw_layer)
        for line in sys.stdin:
            s = bytes.fromhex(line.strip())
            print(verdict(decode(cls, s)))
        sys.exit(0)
    assert sys.argv[1] == "--out"
    outdir, files = sys.argv[2], sys.argv[3:]
    root = os.path.commonpath([os.path.dirname(f) for f in files])
    root = os.path.dirname(root)
    os.makedirs(outdir, exist_ok=True)
    with mp.Pool(2) as pool:
        for name, n in pool.imap_unordered(run, [(f, outdir, root) for f in files], chunksize=2):
            pass
