"""Explanation and frontier benchmark: explain every initiative, and a 21-point capacity
frontier, on synthetic N = 200 scenarios (point objective) and on the bundled scenarios
(both objectives), with 2 worker processes.

    python bench/tradeoffs.py
    python bench/tradeoffs.py --sizes 50 200 --repeats 1

Prints wall times (one line per seed), and the number of initiatives explained per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import synthetic_scenario  # noqa: E402

from planner.explain import explain  # noqa: E402
from planner.frontier import capacity_frontier  # noqa: E402
from planner.loading import load_scenario  # noqa: E402
from planner.whatif import Settings  # noqa: E402


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(label: str, scenarios: list, settings: Settings) -> None:
    explain_s = [timed(lambda s=s: explain(s, settings)) for s in scenarios]
    frontier_s = [timed(lambda s=s: capacity_frontier(s, None, 0.5, 1.5, 21, settings)) for s in scenarios]
    n = len(scenarios[0].initiatives)
    e, f = statistics.median(explain_s), statistics.median(frontier_s)
    print(f"{label:<28} {settings.objective:>9} {n:>5} {e:>10.1f} {n / e:>10.1f} {f:>12.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[200])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-bundled", action="store_true", help="Only the synthetic scenarios.")
    args = parser.parse_args()
    print(f"{'scenario':<28} {'objective':>9} {'N':>5} {'explain s':>10} {'per s':>10} {'frontier s':>12}")
    print("-" * 80)
    for path in [] if args.skip_bundled else sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml")):
        for objective in ("point", "expected"):
            measure(path.stem, [load_scenario(path)], Settings(objective=objective, workers=2))
    for n in args.sizes:
        for seed in range(args.repeats):
            measure(f"synthetic N={n} seed={seed}", [synthetic_scenario(n, seed)],
                    Settings(objective="point", workers=2, time_limit=10))


if __name__ == "__main__":
    main()
