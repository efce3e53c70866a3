"""Explanation and frontier benchmark: explain every initiative, and a 21-point capacity
frontier, on synthetic N = 200 scenarios (point objective) and on the bundled scenarios
(both objectives), with 2 worker processes.

    python bench/tradeoffs.py
    python bench/tradeoffs.py --sizes 50 200 --repeats 1
    python bench/tradeoffs.py --sizes 200 --seeds 1 2 --skip-bundled --whatif-time-limit 0.1 0.5

Prints wall times (one line per seed), and the number of initiatives explained per second.
With --whatif-time-limit (several values: one run each), also what the limit cost in
precision: the share of answers not settled (a re-solve or break-even decision cut short),
the median width of the unsettled "cost of forcing" ranges in points, and the number of
frontier levels not proven.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from generate import synthetic_scenario

from planner.explain import explain
from planner.frontier import capacity_frontier
from planner.loading import load_scenario
from planner.settings import Settings


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(label: str, scenarios: list, settings: Settings) -> None:
    explain_s, frontier_s, explained, frontiers = [], [], [], []
    for s in scenarios:
        started = time.perf_counter()
        explained.append(explain(s, settings))
        explain_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        frontiers.append(capacity_frontier(s, None, 0.5, 1.5, 21, settings))
        frontier_s.append(time.perf_counter() - started)
    n = len(scenarios[0].initiatives)
    e, f = statistics.median(explain_s), statistics.median(frontier_s)
    line = f"{label:<28} {settings.objective:>9} {n:>5} {e:>10.1f} {n / e:>10.1f} {f:>12.1f}"
    if settings.whatif_time_limit is not None:
        line += f" {settings.whatif_time_limit:>7g} {_precision(explained, frontiers)}"
    print(line, flush=True)


def _precision(explained, frontiers) -> str:
    """Share of answers not settled, median width (points) of unsettled forcing costs, frontier
    levels not proven."""
    answers = unsettled = 0
    widths = []
    for e in explained:
        for x in e.initiatives:
            c, b = x.counterfactual, x.break_even
            answers += 1 + (2 if b is not None else 0)
            unsettled += (not c.proven) + (b is not None and not b.impact.proven) + (b is not None and not b.effort.proven)
            if not c.proven and c.value is not None and c.cost.other_end is not None:
                widths.append((c.cost.value - c.cost.other_end) * 100)
        answers += 2 * len(e.capacity) + len(e.policies)
        unsettled += sum(2 * (not c.proven) for c in e.capacity) + sum(not p.proven for p in e.policies)
    width = f"{statistics.median(widths):.2f}" if widths else "-"
    levels = sum(not p.proven for f in frontiers for p in f.points)
    return f"{unsettled / answers:>9.0%} {width:>8} {levels:>7}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[200])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-bundled", action="store_true", help="Only the synthetic scenarios.")
    parser.add_argument("--seeds", type=int, nargs="+", help="Synthetic seeds (default: 0 to --repeats - 1).")
    parser.add_argument("--whatif-time-limit", type=float, nargs="+", default=[None],
                        help="Seconds per what-if re-solve; several values run one after the other.")
    args = parser.parse_args()
    header = f"{'scenario':<28} {'objective':>9} {'N':>5} {'explain s':>10} {'per s':>10} {'frontier s':>12}"
    if args.whatif_time_limit != [None]:
        header += f" {'limit s':>7} {'unsettled':>9} {'width':>8} {'levels':>7}"
    print(header)
    print("-" * len(header))
    for limit in args.whatif_time_limit:
        for path in [] if args.skip_bundled else sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml")):
            for objective in ("point", "expected"):
                measure(path.stem, [load_scenario(path)], Settings(objective=objective, workers=2, whatif_time_limit=limit))
        for n in args.sizes:
            for seed in args.seeds if args.seeds is not None else range(args.repeats):
                measure(f"synthetic N={n} seed={seed}", [synthetic_scenario(n, seed)],
                        Settings(objective="point", workers=2, time_limit=10, whatif_time_limit=limit))


if __name__ == "__main__":
    main()
