"""The sample-average solve at the default gap (0.01%) and at the fast mode's (0.5%): its time,
and what the looser stop costs in expected attainment on fresh samples.

    python bench/fast_mode.py --sizes 200 --seeds 1 2 3

For each instance: `optimize` with the sampled objective (150 samples, started from the point
plan, as `planner plan` does), default vs `fast=True`, interleaved (fast first on odd seeds);
then both plans forecast on the same 10,000 fresh samples. "cost" is the default plan's expected
attainment minus the fast plan's, in points (positive: the fast plan is worse).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from generate import synthetic_scenario

from planner.forecast import expected_attainments
from planner.loading import load_scenario
from planner.optimizer import optimize
from planner.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[200])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--bundled", nargs="*", default=["cloudsecure-q1", "multi-team-q4", "onboarding-q3"])
    args = parser.parse_args()
    instances = [(name, load_scenario(ROOT / "scenarios" / f"{name}.yaml")) for name in args.bundled]
    instances += [(f"synthetic N={n} seed={seed}", synthetic_scenario(n, seed)) for n in args.sizes for seed in args.seeds]
    print(f"{'instance':<26} {'default s':>9} {'gap':>7} {'fast s':>7} {'gap':>7} {'same plan':>9} {'cost (pts)':>10}")
    for k, (name, scenario) in enumerate(instances):
        runs = {}
        for fast in ((False, True) if k % 2 == 0 else (True, False)):
            settings = Settings(fast=fast, time_limit=120)
            point = optimize(scenario, settings.for_point_model())
            started = time.perf_counter()
            plan = optimize(scenario, settings, start=point.selected)
            runs[fast] = (time.perf_counter() - started, plan)
        values = expected_attainments(scenario, [runs[False][1].selected, runs[True][1].selected], 10_000, 0)
        cost = (values[runs[False][1].selected] - values[runs[True][1].selected]) * 100
        gap = lambda p: "-" if p.solve.gap is None else f"{p.solve.gap * 100:.2f}%"
        print(f"{name:<26} {runs[False][0]:>9.2f} {gap(runs[False][1]):>7} {runs[True][0]:>7.2f} {gap(runs[True][1]):>7} "
              f"{runs[False][1].selected == runs[True][1].selected!s:>9} {cost:>+10.2f}", flush=True)


if __name__ == "__main__":
    main()
