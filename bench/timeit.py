#!/usr/bin/env python3
"""Times whole processes: median wall-clock seconds over N runs, and the
peak resident memory of one run. Usage: timeit.py N -- CMD ARGS..."""
import os, resource, statistics, subprocess, sys, time

def peak_rss_kb(cmd):
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    if status != 0:
        sys.exit("command failed: " + " ".join(cmd))
    return usage.ru_maxrss

def main():
    n = int(sys.argv[1])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    print("%.6f %d" % (statistics.median(times), peak_rss_kb(cmd)))

main()
