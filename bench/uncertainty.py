"""Sample-average model benchmark: solve time and gap vs the number of samples S, and the
out-of-sample gain of the sample-average plan over the point-estimate plan.

    python bench/uncertainty.py
    python bench/uncertainty.py --sizes 50 --samples 50 200 --repeats 5

For each N and S, medians over seeds of: model build and solve time, proven gap, and the
expected score of each plan re-scored on 10,000 fresh samples (common to both plans), with
the gain of the sample-average plan over the point plan in points of expected attainment.
The bundled scenarios are measured the same way.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from generate import synthetic_scenario

from planner.forecast import SampleSet, forecast
from planner.loading import load_scenario
from planner.optimizer import optimize
from planner.settings import Settings

FRESH = 10_000


def measure(scenario, samples: int, seed: int) -> dict:
    point = optimize(scenario, Settings(objective="point", time_limit=10))
    started = time.perf_counter()
    sampled = optimize(scenario, Settings(samples=samples, seed=seed, time_limit=10, gap=5e-3))
    total = time.perf_counter() - started
    fresh = SampleSet(scenario, FRESH, seed=1000 + seed)
    point_expected = float(fresh.scores(point.selected).mean())
    sampled_expected = float(fresh.scores(sampled.selected).mean())
    return {"build": sampled.solve.build_seconds, "solve": sampled.solve.solve_seconds, "total": total,
            "gap": sampled.solve.gap or 0.0, "point": point_expected, "sampled": sampled_expected,
            "gain": (sampled_expected - point_expected) * 100, "status": sampled.solve.status.value}


def timed_forecast(scenario, selection) -> float:
    started = time.perf_counter()
    forecast(scenario, selection, samples=FRESH, seed=1)
    return time.perf_counter() - started


def row(label: str, samples: int, runs: list[dict]) -> str:
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "status"}
    statuses = ",".join(sorted({r["status"] for r in runs}))
    return (f"{label:<24} {samples:>4} {med['build']:>7.2f} {med['solve']:>7.2f} {med['total']:>7.2f} "
            f"{med['gap'] * 100:>6.2f} {statuses:>18} {med['point'] * 100:>8.2f} {med['sampled'] * 100:>8.2f} "
            f"{med['gain']:>+7.2f} {min(r['gain'] for r in runs):>+7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--samples", type=int, nargs="+", default=[50, 100, 150, 200, 500])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--forecast-only", action="store_true", help="Only time the 10,000-sample forecast.")
    args = parser.parse_args()
    print("Forecast of the optimal plan, 10,000 samples (median of 5, after one warm-up):")
    for n in (200, 1000):
        scenario = synthetic_scenario(n, 0)
        selection = optimize(scenario, Settings(objective="point", time_limit=10)).selected
        forecast(scenario, selection, samples=FRESH)
        times = [timed_forecast(scenario, selection) for _ in range(5)]
        print(f"  N={n:<5} {len(selection)} initiatives selected   {statistics.median(times):.3f} s", flush=True)
    print()
    if args.forecast_only:
        return
    header = (f"{'scenario':<24} {'S':>4} {'build':>7} {'solve':>7} {'total':>7} {'gap %':>6} {'status':>18} "
              f"{'point %':>8} {'SAA %':>8} {'gain':>7} {'worst':>7}")
    print("Times in seconds (total includes the point solve used as the starting plan);")
    print("point % / SAA % are expected scores on 10,000 fresh samples; gain and worst in points.")
    print(header)
    print("-" * len(header))
    for path in sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        for s in args.samples:
            print(row(path.stem, s, [measure(scenario, s, seed) for seed in range(args.repeats)]), flush=True)
    for n in args.sizes:
        for s in args.samples:
            runs = [measure(synthetic_scenario(n, seed), s, seed) for seed in range(args.repeats)]
            print(row(f"synthetic N={n}", s, runs), flush=True)


if __name__ == "__main__":
    main()
