#!/usr/bin/python3
"""Synthetic edge cases with scapy's verdicts, in scapy_oracle.py's format, for the development
conformance test: every template below is emitted whole, cut at every length, and with random
bytes mutated in its headers. Usage: scapy_fuzz_cases.py OUTDIR [SEED]"""
import os, random, sys
from scapy.all import *
from scapy.layers.inet6 import *
from scapy.layers.l2tp import L2TP
from scapy.layers.vxlan import VXLAN
from scapy.layers.ppp import PPP, PPPoE, HDLC
from scapy.layers.ipsec import AH
from scapy.layers.mobileip import MobileIP, MobileIPTunnelData
sys.path.insert(0, os.path.dirname(__file__))
from scapy_oracle import verdict, decode
conf.verb = 0

A = dict(src="10.0.0.1", dst="10.0.0.2")
A6 = dict(src="2001:db8::1", dst="2001:db8::2")
T = TCP(sport=1234, dport=80, flags="S", options=[("MSS", 1460), ("NOP", None), ("WScale", 7)]) / b"GET / HTTP/1.1\r\n"
IN = IP(src="192.168.1.1", dst="192.168.1.2") / T
IN6 = IPv6(src="fe80::1", dst="fe80::2") / T
E = Ether(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb")

def templates():
    yield 1, E / IP(**A) / T
    yield 1, E / IP(**A, options=[IPOption_RR(routers=["1.2.3.4"])]) / T
    yield 1, E / IP(**A, flags="MF") / T
    yield 1, E / IP(**A, frag=3) / T
    yield 1, E / IP(**A, ihl=4) / T
    yield 1, E / IP(**A, ihl=3, len=60) / T
    yield 1, E / IP(**A, len=30) / T
    yield 1, E / IP(**A, len=10) / T
    yield 1, E / IP(**A, version=6) / T
    yield 1, E / IPv6(**A6) / T
    yield 1, E / IPv6(**A6, plen=4) / T
    yield 1, E / IPv6(**A6) / IPv6ExtHdrHopByHop() / T
    yield 1, E / IPv6(**A6) / IPv6ExtHdrDestOpt() / IPv6ExtHdrRouting(addresses=["::1"]) / T
    yield 1, E / IPv6(**A6) / IPv6ExtHdrRouting(addresses=["::1", "::2"]) / T
    yield 1, E / IPv6(**A6) / IPv6ExtHdrSegmentRouting(addresses=["::1"]) / T
    yield 1, E / IPv6(**A6) / IPv6ExtHdrFragment(offset=0, m=1) / T
    yield 1, E / IPv6(**A6) / IPv6ExtHdrFragment(offset=2) / T
    yield 1, E / IPv6(**A6, plen=0) / IPv6ExtHdrHopByHop(options=[Jumbo(jumboplen=100)]) / T
    yield 1, E / IPv6(**A6) / IP(**A) / T
    yield 1, E / IP(**A) / IPv6(**A6) / T
    yield 1, E / IP(**A) / IP(src="1.1.1.1", dst="2.2.2.2") / T
    yield 1, E / IP(**A, frag=5, proto=41) / IPv6(**A6) / T
    yield 1, E / IP(**A) / GRE() / IN
    yield 1, E / IP(**A) / GRE(key_present=1, seqnum_present=1, chksum_present=1) / IN
    yield 1, E / IP(**A) / GRE(routing_present=1) / IN
    yield 1, E / IP(**A) / GRE(proto=0x6558) / E / IN
    yield 1, E / IP(**A) / GRE(proto=0x86dd) / IN6
    yield 1, E / IP(**A) / GRE_PPTP(seqnum_present=1, acknum_present=1) / PPP(proto=0x21) / IN
    yield 1, E / IP(**A) / GRE_PPTP() / HDLC() / PPP(proto=0x21) / IN
    yield 1, E / IP(**A) / UDP(sport=12345, dport=4789) / VXLAN(vni=5) / E / IN
    yield 1, E / IP(**A) / UDP(sport=4789, dport=53) / VXLAN(vni=5) / E / IN
    yield 1, E / IP(**A) / UDP(sport=8472, dport=9999) / VXLAN(flags=0x0c, NextProtocol=1) / IN
    yield 1, E / IP(**A) / UDP(sport=1, dport=4790) / VXLAN(flags=0x8c, NextProtocol=2) / IN6
    yield 1, E / IP(**A) / UDP(sport=1, dport=48879) / VXLAN(flags=0x88) / E / IN
    yield 1, E / IP(**A) / UDP(sport=1701, dport=1701) / L2TP() / PPP(proto=0x21) / IN
    yield 1, E / IP(**A) / UDP(sport=1701, dport=1701) / L2TP(hdr="control+length+sequence") / PPP(proto=0x21) / IN
    yield 1, E / IP(**A) / UDP(sport=1701, dport=1701) / L2TP(hdr="offset") / PPP(proto=0x21) / IN
    yield 1, E / IP(**A) / UDP(sport=434, dport=434) / MobileIP(type=4) / MobileIPTunnelData() / IN
    yield 1, E / IP(**A) / UDP(sport=1, dport=4789, len=12) / VXLAN() / E / IN
    yield 1, E / IP(**A) / UDP(sport=1, dport=4789, len=3) / VXLAN() / E / IN
    yield 1, E / IP(**A) / ICMP(type=3, code=1) / IN
    yield 1, E / IP(**A) / ICMP(type=11) / IP(src="1.1.1.1", dst="2.2.2.2", proto=41) / IN6
    yield 1, E / IP(**A) / ICMP(type=3) / IP(proto=47) / GRE() / IN
    yield 1, E / IP(**A) / ICMP(type=8) / IN
    yield 1, E / IPv6(**A6) / ICMPv6DestUnreach() / IPv6(nh=4) / IN
    yield 1, E / IPv6(**A6) / ICMPv6DestUnreach() / IPv6(**A6) / IPv6ExtHdrHopByHop() / T
    yield 1, E / IP(**A) / AH(nh=0, payloadlen=4, icv=b"\0" * 12) / IN
    yield 1, E / IP(**A) / AH(nh=41, payloadlen=0) / IN6
    yield 1, E / IP(**A) / AH(nh=6, payloadlen=4, icv=b"\0" * 12) / T
    yield 1, E / Dot1Q(vlan=5) / IP(**A) / T
    yield 1, E / Dot1AD(vlan=5) / Dot1Q(vlan=6) / IP(**A) / T
    yield 1, E / Dot1Q(vlan=5, type=30) / LLC(dsap=0xaa, ssap=0xaa, ctrl=3) / SNAP(code=0x800) / IP(**A) / T
    yield 1, E / Dot1Q(vlan=5, type=1) / E / IP(**A) / T
    yield 1, E / PPPoE(sessionid=3) / PPP(proto=0x21) / IP(**A) / T
    yield 1, E / PPPoE(sessionid=3) / PPP(proto=0x57) / IPv6(**A6) / T
    yield 1, E / PPPoE(sessionid=3) / b"\x21" / IP(**A) / T
    yield 1, E / PPPoE(code=7) / PPP(proto=0x21) / IP(**A) / T
    yield 1, Dot3(dst="01:02:03:04:05:06") / LLC(dsap=0xaa, ssap=0xaa, ctrl=3) / SNAP(code=0x800) / IP(**A) / T
    yield 1, Ether(type=0x8847) / b"\x00\x01\x01\x40" / IP(**A) / T
    yield 101, IP(**A) / T
    yield 101, IPv6(**A6) / T
    yield 12, IP(**A) / T
    yield 228, IP(**A) / T
    yield 229, IPv6(**A6) / T
    yield 113, CookedLinux(proto=0x800) / IP(**A) / T
    yield 113, CookedLinux(proto=0x8100) / Dot1Q(type=0x800) / IP(**A) / T
    yield 276, CookedLinuxV2(proto=0x800) / IP(**A) / T
    yield 276, CookedLinuxV2(proto=0x86dd) / IPv6(**A6) / T
    yield 0, b"\x02\x00\x00\x00" / IP(**A) / T
    yield 0, b"\x00\x00\x00\x02" / IP(**A) / T
    yield 0, b"\x1e\x00\x00\x00" / IPv6(**A6) / T
    yield 0, b"\x0a\x00\x00\x00" / IPv6(**A6) / T
    yield 108, b"\x00\x00\x00\x02" / IP(**A) / T
    yield 9, PPP(proto=0x21) / IP(**A) / T
    yield 9, HDLC() / PPP(proto=0x21) / IP(**A) / T
    yield 50, HDLC() / PPP(proto=0x21) / IP(**A) / T
    yield 51, PPPoE() / PPP(proto=0x21) / IP(**A) / T
    yield 204, b"\x01" / PPP(proto=0x21) / IP(**A) / T
    yield 192, PPI(dlt=1) / E / IP(**A) / T
    yield 192, PPI(dlt=101) / IP(**A) / T
    yield 14, IP(**A) / T

def main():
    out = sys.argv[1]
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    os.makedirs(out, exist_ok=True)
    lines = []
    for i, (lt, pkt) in enumerate(templates()):
        s = bytes(pkt)
        cls = conf.l2types.num2layer.get(lt, conf.raw_layer)
        variants = [s] + [s[:n] for n in range(len(s))]
        for _ in range(300):
            m = bytearray(s)
            for _ in range(rnd.randint(1, 3)):
                k = rnd.randrange(min(len(m), 120))
                m[k] = rnd.choice([0, 1, 2, 4, 5, 6, 0x11, 0x29, 0x2f, 0x3a, 0x33, 0x40, 0x80, 0xff, rnd.randrange(256)])
            cut = rnd.choice([len(m), len(m), rnd.randrange(len(m) + 1)])
            variants.append(bytes(m[:cut]))
        for j, v in enumerate(variants):
            if lt == 14:
                continue  # scapy leaves 14 undecoded; we decode it as raw IP (documented)
            lines.append(f"fuzz/t{i}\t{j}\t{lt}\t{v.hex()}\t{verdict(decode(cls, v))}\n")
    with open(os.path.join(out, "fuzz.tsv"), "w") as f:
        f.writelines(lines)
    print(len(lines), "cases")

if __name__ == "__main__":
    main()
