"""When what-ifs are worth worker processes: `planner explain` (every initiative, the point
model, 2 workers) with the pool always started, with the pool started only once the items' pace
shows it pays (`planner.whatif.parallel_map`, as shipped), and with every re-solve inline.

    python bench/worker_pool.py                  # median of 5 per scenario and design
    python bench/worker_pool.py --repeats 3 --sizes 80 200

Runs in one process, designs interleaved per repeat so drift hits all three alike. Bundled
scenarios plus synthetic ones (`bench/generate.py`, seed 1) of the sizes asked for.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DESIGNS = {"always pool": 0.0, "adaptive (shipped)": None, "inline": float("inf")}


def main() -> None:
    from generate import synthetic_scenario

    from planner import api, whatif
    from planner.loading import load_scenario
    from planner.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[80])
    args = parser.parse_args()
    shipped = whatif.POOL_STARTUP
    scenarios = {p.stem: load_scenario(p) for p in sorted((ROOT / "scenarios").glob("*.yaml"))}
    scenarios |= {f"synthetic N={n}": synthetic_scenario(n, seed=1) for n in args.sizes}
    settings = Settings(objective="point", workers=2)
    print(f"{'scenario':24} " + " ".join(f"{d:>20}" for d in DESIGNS) + "   (median s)")
    for name, scenario in scenarios.items():
        times: dict[str, list[float]] = {d: [] for d in DESIGNS}
        for _ in range(args.repeats):
            for design, startup in DESIGNS.items():
                whatif.POOL_STARTUP = shipped if startup is None else startup
                began = time.perf_counter()
                api.explain(scenario, settings=settings)
                times[design].append(time.perf_counter() - began)
        whatif.POOL_STARTUP = shipped
        print(f"{name:24} " + " ".join(f"{statistics.median(t):>20.2f}" for t in times.values()))


if __name__ == "__main__":
    main()
