"""Behaves like the exercise's test client: connect, send each job as its ASCII text with no
separator, then one recv per job, never closing its side. Prints what it received.
Usage: brief_client.py HOST:PORT 1,2,1"""
import socket
import sys

host, port = sys.argv[1].rsplit(":", 1)
jobs = sys.argv[2].split(",")
s = socket.create_connection((host, int(port)), timeout=20)
for j in jobs:
    s.send(j.encode())
received = b""
for _ in jobs:
    chunk = s.recv(4096)
    if not chunk:
        break
    received += chunk
# answers may arrive together in one recv; keep reading until all lines are in or the LB closes
while received.count(b"\n") < len(jobs):
    chunk = s.recv(4096)
    if not chunk:
        break
    received += chunk
sys.stdout.write(received.decode())
# the brief's client would now wait; the LB must close the idle connection
s.settimeout(20)
rest = s.recv(4096)
print("CLOSED_BY_LB" if rest == b"" else "UNEXPECTED " + repr(rest))
