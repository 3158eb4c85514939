#!/usr/bin/env python3
"""Before/after of one change on a noisy machine: runs the commands in turn, round after
round (A, B, A, B, ...), so drift in the machine's speed hits each alike, and prints the
median and minimum wall time and the median CPU time (user + system) of each.

    python3 bench/ab.py [--runs N] [--warmup K] 'NAME=COMMAND' 'NAME=COMMAND' ...
"""
import argparse
import os
import shlex
import statistics
import subprocess
import time


def run(command):
    start = time.perf_counter()
    proc = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{command!r} failed with status {status}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("commands", nargs="+", help="NAME=COMMAND")
    args = parser.parse_args()
    named = [c.split("=", 1) for c in args.commands]
    for _ in range(args.warmup):
        for _, command in named:
            run(command)
    results = {name: [] for name, _ in named}
    for _ in range(args.runs):
        for name, command in named:
            results[name].append(run(command))
    print(f"| command | median wall | min wall | median CPU (user + sys) | peak RSS |")
    print(f"|---|---|---|---|---|")
    for name, rows in results.items():
        wall = [r[0] for r in rows]
        cpu = [r[1] for r in rows]
        rss = max(r[2] for r in rows)
        print(f"| {name} | {statistics.median(wall):.3f} s | {min(wall):.3f} s | "
              f"{statistics.median(cpu):.3f} s | {rss:.0f} MiB |")


if __name__ == "__main__":
    main()
