#!/usr/bin/env python3
"""Helpers for scripts/bench-pcap.sh on classic little/big-endian pcap files.

  pcaptool.py slice IN OUT BYTES   copy the global header and whole records while the output stays
                                   within BYTES; prints "OUT<TAB>bytes<TAB>packets"
  pcaptool.py expected SHARED SIZE print "packets ipv4_tcp" that scapy gives for the capture
                                   SHARED/tools/make-big-pcap.py builds at SIZE, summed from
                                   SHARED/pcap-corpus/expected.tsv over the files it repeats (exits
                                   with an error if a file's record count differs from the table's)
  pcaptool.py busiest IN           print "CLIENT SERVER PACKETS" for the busiest IPv4 TCP connection
                                   (Ethernet, 802.1Q/802.1ad tags, first fragments only); it only
                                   chooses which connection the benchmark asks about, the counts
                                   themselves come from the tools being compared

Classic pcap layout (all fields in the file's byte order):

  global header, 24 bytes            record header, 16 bytes, then incl_len bytes of frame
  +-------+------+------+-----+      +--------+---------+----------+----------+-----
  | magic | v2.4 | zone | ... |      | ts_sec | ts_frac | incl_len | orig_len | frame ...
  +-------+------+------+-----+      +--------+---------+----------+----------+-----
"""
import collections, mmap, struct, sys

MAX_RECORD = 256 << 20  # same bound as Odyssey: a longer incl_len means a damaged file


def records(path):
    """Yields (offset, frame memoryview) for each record; stops at the first damaged record."""
    with open(path, "rb") as f:
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        sys.exit(f"{path}: offset 0: expected a classic pcap magic, found {magic.hex()}")
    rec = struct.Struct(endian + "8xI4x")
    off, end, view = 24, len(data), memoryview(data)
    while off + 16 <= end:
        (incl,) = rec.unpack_from(data, off)
        if incl > MAX_RECORD or off + 16 + incl > end:
            sys.exit(f"{path}: offset {off}: record length {incl} runs past the end ({end} bytes)")
        yield off, view[off + 16: off + 16 + incl]
        off += 16 + incl


def slice_pcap(src, dst, limit):
    with open(src, "rb") as f:
        header = f.read(24)
    end = 24
    packets = 0
    for off, frame in records(src):
        if off + 16 + len(frame) > limit:
            break
        end = off + 16 + len(frame)
        packets += 1
    with open(src, "rb") as f, open(dst, "wb") as out:
        f.seek(0)
        remaining = end
        while remaining:
            chunk = f.read(min(remaining, 1 << 20))
            out.write(chunk)
            remaining -= len(chunk)
    print(f"{dst}\t{end}\t{packets}")


def tcp_endpoints(frame):
    p, ethertype = 12, None
    while p + 2 <= len(frame):
        ethertype = struct.unpack_from(">H", frame, p)[0]
        if ethertype in (0x8100, 0x88A8):  # VLAN tag: 4 more bytes before the next type
            p += 4
            continue
        break
    p += 2
    if ethertype != 0x0800 or p + 20 > len(frame):
        return None
    ihl = (frame[p] & 0x0F) * 4
    frag = struct.unpack_from(">H", frame, p + 6)[0] & 0x1FFF
    if frame[p + 9] != 6 or frag != 0 or p + ihl + 20 > len(frame):
        return None
    src, dst = bytes(frame[p + 12:p + 16]), bytes(frame[p + 16:p + 20])
    sport, dport = struct.unpack_from(">HH", frame, p + ihl)
    return (src, sport), (dst, dport)


def busiest(path):
    convs, first = collections.Counter(), {}
    for _, frame in records(path):
        e = tcp_endpoints(frame)
        if e:
            key = frozenset(e)
            convs[key] += 1
            first.setdefault(key, e)
    if not convs:
        sys.exit(f"{path}: no IPv4 TCP packet")
    key, n = max(convs.items(), key=lambda kv: (kv[1], sorted(kv[0])))
    fmt = lambda ep: ".".join(str(b) for b in ep[0]) + f":{ep[1]}"
    c, s = first[key]
    print(f"{fmt(c)} {fmt(s)} {n}")


def expected(shared, size):
    """Replays make-big-pcap.py's choice of source files (same functions, same order) and adds up
    scapy's counts for them from expected.tsv: scapy's answer for the big file without running
    scapy on it for minutes."""
    import csv, importlib.util, os
    spec = importlib.util.spec_from_file_location("make_big_pcap", os.path.join(shared, "tools", "make-big-pcap.py"))
    mbp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mbp)
    corpus = os.path.join(shared, "pcap-corpus")
    with open(os.path.join(corpus, "expected.tsv")) as f:
        table = {os.path.join(corpus, r["file"]): r for r in csv.DictReader(f, delimiter="\t")}
    files = sorted(os.path.join(d, n) for d, _, ns in os.walk(corpus) for n in ns)
    sources = []  # (records, ipv4_tcp, bytes written) per file make-big-pcap.py copies
    for path in files:
        recs = mbp.ethernet_records(path)
        if not recs:
            continue
        row = table[path]
        if int(row["total"]) != len(recs):
            sys.exit(f"{path}: expected.tsv says {row['total']} packets, make-big-pcap.py copies {len(recs)}")
        sources.append((len(recs), int(row["ipv4_tcp"]), sum(16 + len(r[3]) for r in recs)))
    target, written, packets, ipv4_tcp = mbp.parse_size(size), 24, 0, 0
    while written < target:
        for n, tcp, size_bytes in sources:
            packets, ipv4_tcp, written = packets + n, ipv4_tcp + tcp, written + size_bytes
            if written >= target:
                break
    print(packets, ipv4_tcp)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "slice" and len(sys.argv) == 5:
        slice_pcap(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "expected" and len(sys.argv) == 4:
        expected(sys.argv[2], sys.argv[3])
    elif cmd == "busiest" and len(sys.argv) == 3:
        busiest(sys.argv[2])
    else:
        sys.exit(__doc__)
