"""Explain-all on instances too slow to explain in full within a benchmark run: time a sample
of initiatives in one process and extrapolate, clearly labelled as such.

    python bench/explain_sample.py --seeds 1 2 --cut 10 --selected 5

For each seed: the base solve, then `explain_initiative` on the first `--cut` initiatives left
out and the first `--selected` ones in the plan (one process, point objective, 10 s limit per
solve). The estimate for explain-all on 2 workers is (cut count x mean cut time + selected
count x mean selected time) / 2, which ignores the prices (a few solves) and assumes the
sample is typical.
"""

from __future__ import annotations

import statistics
import time

from generate import synthetic_arguments, synthetic_scenario

from planner.explain import explain_initiative
from planner.optimizer import optimize
from planner.settings import Settings
from planner.whatif import WhatIfs


def main() -> None:
    parser = synthetic_arguments(__doc__, seeds=(1, 2))
    parser.add_argument("--cut", type=int, default=10)
    parser.add_argument("--selected", type=int, default=5)
    args = parser.parse_args()
    print(f"{'seed':>4} {'base s':>7} {'cut':>4} {'mean cut s':>10} {'in':>4} {'mean in s':>9} {'est. explain-all s (2 workers)':>31}")
    for seed in args.seeds:
        scenario = synthetic_scenario(args.n, seed)
        settings = Settings(objective="point", workers=1, time_limit=10)
        started = time.perf_counter()
        base = optimize(scenario, settings)
        base_s = time.perf_counter() - started
        context = WhatIfs(scenario, settings, base)
        cut = [x.id for x in scenario.initiatives if x.id not in base.selected]
        chosen = [x.id for x in scenario.initiatives if x.id in base.selected]
        times = {}
        for i in cut[:args.cut] + chosen[:args.selected]:
            started = time.perf_counter()
            explain_initiative(context, i)
            times[i] = time.perf_counter() - started
        mean_cut = statistics.mean(times[i] for i in cut[:args.cut])
        mean_in = statistics.mean(times[i] for i in chosen[:args.selected])
        estimate = (len(cut) * mean_cut + len(chosen) * mean_in) / 2
        print(f"{seed:>4} {base_s:>7.2f} {len(cut):>4} {mean_cut:>10.2f} {len(chosen):>4} {mean_in:>9.2f} {estimate:>31.0f}",
              flush=True)


if __name__ == "__main__":
    main()
