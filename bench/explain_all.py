"""Explain-all in full, timed end to end (no sampling, no estimate): every initiative's forcing
cost and break-evens, and every price.

    python bench/explain_all.py --seeds 1 2 3 4 5 --solvers cplex gurobi

For each synthetic seed (N = 200, point objective, 2 workers) and engine: the base solve, then
`explain` of everything, as `planner explain` runs it. Printed: wall seconds of the explanation
(after the base solve), how many answers are settled (all of them, unless one hit the what-if
time limit), and the explanation's initiatives and prices. HiGHS is left out by default: it takes
5-10 minutes per seed (bench/README, issue 17).
"""

from __future__ import annotations

import time

from generate import synthetic_arguments, synthetic_scenario

from planner.explain import explain
from planner.optimizer import optimize
from planner.settings import Settings


def main() -> None:
    parser = synthetic_arguments(__doc__)
    parser.add_argument("--solvers", nargs="+", default=["cplex", "gurobi"])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"N={args.n}, point objective, {args.workers} workers")
    print(f"{'seed':>4} {'engine':>7} {'base s':>7} {'explain s':>9} {'unsettled':>9} {'initiatives':>11} {'prices':>6}")
    for seed in args.seeds:
        scenario = synthetic_scenario(args.n, seed)
        for solver in args.solvers:
            settings = Settings(objective="point", workers=args.workers, solver=solver)
            started = time.perf_counter()
            base = optimize(scenario, settings)
            solved = time.perf_counter()
            e = explain(scenario, settings, base=base)
            done = time.perf_counter()
            print(f"{seed:>4} {solver:>7} {solved - started:>7.2f} {done - solved:>9.1f} {e.unsettled:>9} "
                  f"{len(e.initiatives):>11} {len(e.capacity) + len(e.policies):>6}", flush=True)


if __name__ == "__main__":
    main()
