"""The HiGHS frontier's alternatives, measured against the shipped design (none adopted).

    python bench/frontier_alternatives.py pool --seeds 1 2 3 4 5 --runs 2
    python bench/frontier_alternatives.py levels --seeds 4
    python bench/frontier_alternatives.py order --seeds 2 3 4
    python bench/frontier_alternatives.py threads --seeds 3

`pool`: `api.frontier` of all teams, 21 levels from 50% to 150%, N = 200, point objective, 2
workers, as shipped (the first level inline, then a pool once its pace shows one pays) and with
the pool started at once (`expected_pace` given), interleaved; wall seconds per run and medians.

`levels`: the 21 level solves in one process, each level asked of several live models that differ
only in how the level's solve starts: from nothing (shipped); from the best plan in a
neighbourhood of the LP relaxation at that level and the plan this model found two levels below
(as a worker holding its last plans would); from the LP alone (RENS: its integral decisions
kept); from the level's own optimum (the most any start can give); with a 0.1% gap instead of
0.01%; and with HiGHS restarts on (the live model turns them off for what-ifs). Printed: the sum
of each variant's solve seconds, and whether each found the same values.

`order`: the 21 level solves in one process, as shipped, each timed; then how long two workers
taking them from a queue would need (the level times only: no start-up) in the order shipped,
and longest first (an oracle: it knows every level's time before solving any). The gap between
the two is all any order of the levels can give.

`threads`: the 21 level solves in one process with HiGHS on one thread (shipped) and on two (HiGHS
1.16 searches a MIP with concurrent workers when it has threads), each in a fresh process, as
HiGHS fixes its thread pool once per process. Two threads on one level at a time against two
processes with one thread each: the sum of the solves must halve for two threads to pay.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import statistics
import time

import numpy as np
from generate import synthetic_scenario

from planner import api, frontier
from planner.optimizer import Edits
from planner.settings import Settings
from planner.whatif import WhatIfs, solve_in_time

LEVELS = [round(float(x), 10) for x in np.linspace(0.5, 1.5, 21)]


def _pool(seeds: list[int], runs: int) -> None:
    shipped = frontier.parallel_map
    at_once = functools.partial(shipped, expected_pace=10.0)
    times: dict[tuple[int, str], list[float]] = {}
    for run in range(runs):
        for seed in seeds:
            scenario = synthetic_scenario(200, seed)
            for variant in (("shipped", "at once") if run % 2 == 0 else ("at once", "shipped")):
                frontier.parallel_map = shipped if variant == "shipped" else at_once
                started = time.perf_counter()
                api.frontier(scenario, None, 0.5, 1.5, 21, Settings(objective="point", workers=2))
                times.setdefault((seed, variant), []).append(time.perf_counter() - started)
    frontier.parallel_map = shipped
    print("seed  shipped s  pool at once s")
    for seed in seeds:
        print(f"{seed:>4} {statistics.median(times[seed, 'shipped']):>10.2f} {statistics.median(times[seed, 'at once']):>15.2f}")


def _neighbourhood(context: WhatIfs, edits: Edits, plan: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The best plan among those that keep every decision on which the LP relaxation under the
    edits and `plan` agree (with no plan: every decision the LP makes integral)."""
    relaxed = context.quick_live.relaxed_selection(edits)
    held = set(plan or ())
    keep_in = [i for i, v in relaxed.items() if v > 1 - 1e-6 and (plan is None or i in held)]
    keep_out = [i for i, v in relaxed.items() if v < 1e-6 and (plan is None or i not in held)]
    found, _ = solve_in_time(context.quick_live, dataclasses.replace(edits, force_in=tuple(keep_in),
                                                                     force_out=tuple(keep_out)), start=plan)
    return found.selected if found is not None else plan


def _levels(seeds: list[int]) -> None:
    variants = ("shipped", "neighbourhood", "LP alone", "own optimum", "gap 0.1%", "restarts on")
    print("seed " + " ".join(f"{v:>14}" for v in variants) + "  (seconds of the 21 solves)  same values")
    for seed in seeds:
        scenario = synthetic_scenario(200, seed)
        point = Settings(objective="point", workers=1)
        contexts = {v: WhatIfs(scenario, point.replace(gap=1e-3) if v == "gap 0.1%" else point) for v in variants}
        contexts["restarts on"].live.session.highs.setOptionValue("mip_allow_restart", True)
        seconds = {v: 0.0 for v in variants}
        values: dict[str, list[float]] = {v: [] for v in variants}
        found: dict[str, list[tuple[str, ...]]] = {v: [] for v in variants}
        for n, level in enumerate(LEVELS):
            edits = Edits(capacity=tuple((t.id, t.capacity * level) for t in scenario.teams))
            rest = variants[1:] if n % 2 == 0 else variants[:0:-1]
            for variant in ("shipped", *rest):  # the shipped solve first: its optimum is a start below
                context = contexts[variant]
                began = time.perf_counter()
                if variant == "neighbourhood":
                    start = _neighbourhood(context, edits, found[variant][n - 2]) if n >= 2 else None
                elif variant == "LP alone":
                    start = _neighbourhood(context, edits, None)
                elif variant == "own optimum":
                    start = found["shipped"][n]
                else:
                    start = None
                plan, _ = solve_in_time(context.live, edits, start=start)
                seconds[variant] += time.perf_counter() - began
                values[variant].append(plan.value)
                found[variant].append(plan.selected)
        same = all(max(abs(a - b) for a, b in zip(values["shipped"], values[v])) <= 1e-3 * max(values["shipped"])
                   for v in variants)
        print(f"{seed:>4} " + " ".join(f"{seconds[v]:>14.1f}" for v in variants) + f"  {same}", flush=True)


def _level_seconds(scenario, threads: int = 1) -> list[float]:
    """Each of the 21 levels solved in turn by one live model, as a frontier's worker does."""
    context = WhatIfs(scenario, Settings(objective="point", workers=1))
    if threads != 1:
        context.live.session.highs.setOptionValue("threads", threads)
    seconds = []
    for level in LEVELS:
        edits = Edits(capacity=tuple((t.id, t.capacity * level) for t in scenario.teams))
        began = time.perf_counter()
        solve_in_time(context.live, edits)
        seconds.append(time.perf_counter() - began)
    return seconds


def _two_workers(seconds: list[float], order) -> float:
    """When two workers taking the levels from a queue in `order` are done."""
    busy = [0.0, 0.0]
    for n in order:
        busy[busy.index(min(busy))] += seconds[n]
    return max(busy)


def _order(seeds: list[int]) -> None:
    print("seed  sum of levels s  half s  two workers, shipped order s  longest first s  longest level s")
    for seed in seeds:
        seconds = _level_seconds(synthetic_scenario(200, seed))
        shipped = _two_workers(seconds, range(len(seconds)))
        longest_first = _two_workers(seconds, sorted(range(len(seconds)), key=lambda n: -seconds[n]))
        print(f"{seed:>4} {sum(seconds):>16.1f} {sum(seconds) / 2:>7.1f} {shipped:>29.1f} {longest_first:>16.1f}"
              f" {max(seconds):>16.1f}", flush=True)


def _threads(seeds: list[int]) -> None:
    import subprocess
    import sys

    print("seed  one thread s  two threads s  (sum of the 21 solves, one process each)")
    for seed in seeds:
        sums = [float(subprocess.run([sys.executable, __file__, "level-seconds", "--seeds", str(seed), "--threads",
                                      str(threads)], check=True, capture_output=True, text=True).stdout.split()[-1])
                for threads in (1, 2)]
        print(f"{seed:>4} {sums[0]:>13.1f} {sums[1]:>14.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["pool", "levels", "order", "threads", "level-seconds"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[4])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)  # `threads`' own processes
    args = parser.parse_args()
    if args.what == "pool":
        _pool(args.seeds, args.runs)
    elif args.what == "levels":
        _levels(args.seeds)
    elif args.what == "order":
        _order(args.seeds)
    elif args.what == "threads":
        _threads(args.seeds)
    else:  # one seed's level seconds summed, for `threads`
        print(sum(_level_seconds(synthetic_scenario(200, args.seeds[0]), args.threads)))


if __name__ == "__main__":
    main()
