#!/usr/bin/env python3
"""Times whole processes: median wall-clock seconds over N runs, and the
peak resident memory of one run. Usage: timeit.py N -- CMD ARGS...
With TIMEIT_CPU=1, a third field: the median CPU seconds (user + system)
of the runs, which a machine shared with other work disturbs less."""
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
    times, cpus = [], []
    for _ in range(n):
        before = os.times()
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
        after = os.times()
        cpus.append(after.children_user - before.children_user + after.children_system - before.children_system)
    if os.environ.get("TIMEIT_CPU"):
        print("%.6f %d %.6f" % (statistics.median(times), peak_rss_kb(cmd), statistics.median(cpus)))
    else:
        print("%.6f %d" % (statistics.median(times), peak_rss_kb(cmd)))

main()
