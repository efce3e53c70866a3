"""Optimizer benchmark: build and solve time, proven gap, and score against the baselines.

    python bench/run.py                      # N = 50, 200, 1000, 5000, and `planner plan` timings
    python bench/run.py --sizes 50 200 --repeats 5 --skip-cli

Prints medians over repeats (different seeds). This is the point-estimate model (issue 3);
bench/uncertainty.py measures the sample-average one. "vs greedy" is the optimum's score over the
greedy plan's (1.05 = 5% better); "LP bound" is the LP relaxation's optimum over the plan's
score (an upper bound: the plan is within that factor of anything possible).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from generate import synthetic_scenario

from planner.baselines import greedy_plan
from planner.optimizer import lp_bound, optimize
from planner.settings import Settings

TIME_LIMITS = {50: 10, 200: 10, 1000: 10, 5000: 60}
GAPS = {50: 1e-4, 200: 1e-4, 1000: 1e-3, 5000: 1e-2}


def measure(n: int, seed: int, one_team: bool = False) -> dict:
    scenario = synthetic_scenario(n, seed, one_team=one_team)
    plan = optimize(scenario, Settings(objective="point", time_limit=TIME_LIMITS.get(n, 60), gap=GAPS.get(n, 1e-4)))
    started = time.perf_counter()
    greedy_vpe = greedy_plan(scenario, "value_per_effort")
    greedy_seconds = time.perf_counter() - started
    greedy_marginal = greedy_plan(scenario, "marginal")
    bound = lp_bound(scenario)
    return {
        "build": plan.solve.build_seconds,
        "solve": plan.solve.solve_seconds,
        "gap": plan.solve.gap or 0.0,
        "status": plan.solve.status.value,
        "score": plan.score,
        "vs_vpe": plan.score / greedy_vpe.score if greedy_vpe.feasible and greedy_vpe.score > 0 else float("nan"),
        "vs_marginal": plan.score / greedy_marginal.score if greedy_marginal.feasible and greedy_marginal.score > 0 else float("nan"),
        "lp_ratio": bound / plan.score,
        "greedy_s": greedy_seconds,
    }


def cli_seconds(scenario: Path, repeats: int) -> float:
    """Median wall time of `planner plan SCENARIO` as a separate process, start to exit."""
    import subprocess

    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "planner.cli", "plan", str(scenario)], check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-cli", action="store_true", help="Skip timing `planner plan` as a process.")
    parser.add_argument("--one-team", action="store_true",
                        help="Diagnostic: every initiative needs one team (real quarters mix in cross-team work).")
    args = parser.parse_args()
    if not args.skip_cli:
        print("planner plan, end to end as a process (median of 5):")
        for scenario in sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml")):
            print(f"  {scenario.name:<24} {cli_seconds(scenario, 5):.2f} s", flush=True)
        print()
    header = (f"{'N':>5} {'K':>4} {'T':>4} {'build s':>8} {'solve s':>8} {'build/solve':>11} {'gap %':>7} "
              f"{'status':>10} {'score %':>8} {'vs RICE':>8} {'vs marg.':>8} {'LP bound':>8}")
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        runs = [measure(n, seed, args.one_team) for seed in range(args.repeats)]
        med = {key: statistics.median(r[key] for r in runs) for key in runs[0] if key != "status"}
        statuses = ",".join(sorted({r["status"] for r in runs}))
        print(f"{n:>5} {max(3, n // 10):>4} {max(1, n // 25):>4} {med['build']:>8.3f} {med['solve']:>8.3f} "
              f"{med['build'] / med['solve']:>11.1%} {med['gap'] * 100:>7.3f} {statuses:>10} {med['score'] * 100:>8.2f} "
              f"{med['vs_vpe']:>8.3f} {med['vs_marginal']:>8.3f} {med['lp_ratio']:>8.4f}", flush=True)


if __name__ == "__main__":
    main()
