#!/usr/bin/python3
"""The engine benchmark's workloads in SimPy, for side-by-side rates.

--workload counters (default): `procs` processes each increment their own counter and a total
and wait a random 1-1000 time units (integer microseconds, as in bench/engine-workload.ts), until
`events` iterations have run. --workload scheduling: the same processes with no writes.
--workload one-write: one counter increment per event. --workload mm1: an M/M/1 queue (mean
inter-arrival 1000, mean service 900) with a simpy.Resource, until `events` customers are served.
Prints one JSON object: events, cpu_seconds, wall_seconds, simpy version.
Run with Debian's /usr/bin/python3 (python3-simpy3); exits 3 when SimPy is missing.
"""
import argparse
import json
import random
import sys
import time

try:
    import simpy
except ImportError:
    print(json.dumps({"error": "simpy is not installed (Debian package python3-simpy3)"}))
    sys.exit(3)


def run(procs, events, seed):
    env = simpy.Environment()
    rng = random.Random(seed)
    counts = [0] * procs
    state = {"total": 0}
    done = env.event()

    def process(p):
        while True:
            counts[p] += 1
            state["total"] += 1
            if state["total"] == events:
                done.succeed()
            yield env.timeout(1 + rng.randrange(1000))

    for p in range(procs):
        env.process(process(p))
    env.run(until=done)
    return state["total"]


def run_scheduling(procs, events, seed):
    env = simpy.Environment()
    rng = random.Random(seed)
    state = {"total": 0}
    done = env.event()

    def process():
        while True:
            state["total"] += 1
            if state["total"] == events:
                done.succeed()
            yield env.timeout(1 + rng.randrange(1000))

    for _ in range(procs):
        env.process(process())
    env.run(until=done)
    return state["total"]


def run_one_write(procs, events, seed):
    env = simpy.Environment()
    rng = random.Random(seed)
    counts = [0] * procs
    left = [events]
    done = env.event()

    def process(p):
        while True:
            counts[p] += 1
            left[0] -= 1
            if left[0] == 0:
                done.succeed()
            yield env.timeout(1 + rng.randrange(1000))

    for p in range(procs):
        env.process(process(p))
    env.run(until=done)
    return events


def run_mm1(_procs, customers, seed):
    env = simpy.Environment()
    rng = random.Random(seed)
    server = simpy.Resource(env, capacity=1)
    stats = {"served": 0, "wait": 0.0}
    done = env.event()

    def customer():
        arrived = env.now
        with server.request() as req:
            yield req
            stats["wait"] += env.now - arrived
            yield env.timeout(max(1, round(rng.expovariate(1 / 900))))
        stats["served"] += 1
        if stats["served"] == customers:
            done.succeed()

    def source():
        while True:
            env.process(customer())
            yield env.timeout(max(1, round(rng.expovariate(1 / 1000))))

    env.process(source())
    env.run(until=done)
    return stats["served"]


WORKLOADS = {"counters": run, "scheduling": run_scheduling, "one-write": run_one_write, "mm1": run_mm1}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--procs", type=int, default=1000)
    parser.add_argument("--events", type=int, default=200000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workload", choices=sorted(WORKLOADS), default="counters")
    args = parser.parse_args()
    run = WORKLOADS[args.workload]
    run(args.procs, min(args.events, 20000), args.seed)  # warm-up, as the JavaScript side gets
    best = None
    for _ in range(max(1, args.repeat)):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        total = run(args.procs, args.events, args.seed)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        if best is None or cpu < best["cpu_seconds"]:
            best = {"events": total, "cpu_seconds": cpu, "wall_seconds": wall}
    best["simpy"] = getattr(simpy, "__version__", "unknown")
    best["python"] = sys.version.split()[0]
    print(json.dumps(best))


if __name__ == "__main__":
    main()
