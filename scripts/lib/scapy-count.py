#!/usr/bin/python3
"""The seed exercise's job done with scapy, as the peer in scripts/bench-pcap.sh.

  scapy-count.py FILE CLIENT_IP:PORT SERVER_IP:PORT

Prints "packets ipv4_tcp connection_packets" with the definitions of
../shared/tools/reference-counts.py: `IP in pkt and TCP in pkt`, and a connection packet is one
whose TCP header sits directly in an IPv4 header matching the two endpoints, either direction.
"""
import sys
from scapy.all import conf, PcapReader
from scapy.layers.inet import IP, TCP

conf.verb = 0


def endpoint(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def main():
    path, client, server = sys.argv[1], endpoint(sys.argv[2]), endpoint(sys.argv[3])
    wanted = {(client, server), (server, client)}
    total = ipv4_tcp = connection = 0
    with PcapReader(path) as reader:
        for p in reader:
            total += 1
            if IP in p and TCP in p:
                ipv4_tcp += 1
                t = p[TCP]
                ip = t.underlayer
                if isinstance(ip, IP) and ((ip.src, t.sport), (ip.dst, t.dport)) in wanted:
                    connection += 1
    print(total, ipv4_tcp, connection)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main()
