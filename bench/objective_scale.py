"""HiGHS on the live what-if model with its objective as built and scaled by 1,000.

    python bench/objective_scale.py --seeds 1 2 3 4 5

For each synthetic seed (N = 200, point objective): the live model's HiGHS instance; forced-in
solves of the first `--questions` cut initiatives and forced-out solves of the first
`--questions` selected ones, each with the objective's costs as built and times 1,000
(interleaved, the order alternating), without restarts as the live model runs. Printed: median
seconds per solve and the ratio; each pair must agree on the (unscaled) optimum within the gap.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import synthetic_scenario  # noqa: E402

from planner.optimizer import LiveModel  # noqa: E402
from planner.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--questions", type=int, default=4)
    parser.add_argument("--scale", type=float, default=1000.0)
    args = parser.parse_args()
    print(f"N={args.n}: seconds per forced solve (median over {2 * args.questions} questions)")
    print(f"{'seed':>4} {'as built':>9} {'x' + format(args.scale, 'g'):>9} {'ratio':>6}  totals")
    for seed in args.seeds:
        scenario = synthetic_scenario(args.n, seed)
        live = LiveModel(scenario, Settings(objective="point", workers=1, time_limit=120))
        base = live.solve()
        h = live.session.highs
        costs = np.array(h.getLp().col_cost_, dtype=float)
        index = np.arange(len(costs), dtype=np.int32)
        h.setOptionValue("mip_rel_gap", 1e-4)
        h.setOptionValue("objective_bound", float("inf"))
        h.setOptionValue("objective_target", float("-inf"))
        h.setOptionValue("time_limit", 120.0)
        cut = [x.id for x in scenario.initiatives if x.id not in base.selected][:args.questions]
        kept = list(base.selected)[:args.questions]
        times = {1.0: [], args.scale: []}
        for k, (i, value) in enumerate([(i, 1.0) for i in cut] + [(i, 0.0) for i in kept]):
            column = live.session.column[i]
            low, high = live.session.col_bounds[column]
            h.changeColBounds(column, value, value)
            found = {}
            for scale in ((1.0, args.scale) if k % 2 == 0 else (args.scale, 1.0)):
                h.changeColsCost(len(costs), index, costs * scale)
                started = time.perf_counter()
                h.run()
                times[scale].append(time.perf_counter() - started)
                found[scale] = h.getInfo().objective_function_value / scale
            h.changeColsCost(len(costs), index, costs)
            h.changeColBounds(column, low, high)
            if abs(found[1.0] - found[args.scale]) > 1e-4 * abs(found[1.0]) + 1e-9:
                print(f"  seed {seed} {i}: optima differ beyond the gap {found}")
        medians = {s: statistics.median(t) for s, t in times.items()}
        print(f"{seed:>4} {medians[1.0]:>9.2f} {medians[args.scale]:>9.2f} {medians[args.scale] / medians[1.0]:>6.2f}  "
              f"{sum(times[1.0]):.1f} / {sum(times[args.scale]):.1f}", flush=True)


if __name__ == "__main__":
    main()
