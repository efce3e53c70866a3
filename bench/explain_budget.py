"""Explain-all under a time budget: how many answers are exact, and how wide the proven ranges of
the rest are.

    python bench/explain_budget.py --seeds 1 2 3 4 5 --budget 30

For each synthetic seed (N = 200, point objective, 2 workers): `explain` with `explain_budget`
(the forcing costs nearest the margin by the LP screen first, then the prices, then the
break-evens; past the time for full re-solves, the range the LP screen and a quick re-solve
prove: `explain._within_budget`) and a what-if time limit (`--whatif-time-limit`, 2 s by
default; `none` leaves each question the time to the budget's end, which bounds it either way).
Printed: the plan's own solve and the explanation after it (wall seconds: the budget bounds
the second, whose searches stop at the budget and whose answers that need no search take at most
a fifth of it more); the share of answers exact; the
initiatives answered exactly in full (forcing cost and break-evens) and those whose forcing cost
is exact, with its share; the median width in points of the forcing-cost ranges left open; and
the break-evens left open that still come with a proven end (a factor or an effort at which a
known plan brings the initiative in), out of those left open.
"""

from __future__ import annotations

import statistics
import time

from exact_answers import answers
from generate import synthetic_arguments, synthetic_scenario

from planner.explain import explain
from planner.optimizer import optimize
from planner.settings import Settings


def main() -> None:
    parser = synthetic_arguments(__doc__)
    parser.add_argument("--budget", type=float, default=30.0)
    parser.add_argument("--whatif-time-limit", type=lambda v: None if v == "none" else float(v), default=2.0,
                        help="seconds per what-if, or 'none' (the time limit, 60 s; the budget's end bounds each)")
    parser.add_argument("--solver", default="highs")
    args = parser.parse_args()
    print(f"N={args.n}, budget {args.budget:g} s, what-if limit {args.whatif_time_limit or 'none'} s, {args.solver}, 2 workers")
    print(f"{'seed':>4} {'plan s':>6} {'explain s':>9} {'answers exact':>13} {'all exact':>9} {'costs exact':>11} {'open ranges':>11} "
          f"{'median width (pts)':>19} {'no plan found':>13} {'break-evens bounded':>19}")
    for seed in args.seeds:
        scenario = synthetic_scenario(args.n, seed)
        settings = Settings(objective="point", workers=2, explain_budget=args.budget, solver=args.solver,
                            whatif_time_limit=args.whatif_time_limit)
        started = time.perf_counter()
        base = optimize(scenario, settings)
        planned = time.perf_counter()
        e = explain(scenario, settings, base=base)
        wall = time.perf_counter() - planned
        exact = [x for x in e.initiatives if x.counterfactual.proven and (x.break_even is None or x.break_even.settled)]
        costs = [x for x in e.initiatives if x.counterfactual.proven]
        settled = answers(e)  # each forcing cost, each break-even, each price
        ranged = [x.counterfactual.cost for x in e.initiatives if not x.counterfactual.proven]
        widths = [(c.value - c.other_end) * 100 for c in ranged if c.value is not None and c.other_end is not None]
        unfound = sum(c.value is None for c in ranged)
        open_break_evens = [b for x in e.initiatives if x.break_even for b in (x.break_even.impact, x.break_even.effort)
                            if not b.proven]
        bounded = f"{sum(b.value is not None for b in open_break_evens)} of {len(open_break_evens)}"
        print(f"{seed:>4} {planned - started:>6.1f} {wall:>9.1f} {sum(settled) / len(settled):>13.1%} {len(exact):>9} {len(costs):>11} {len(ranged):>11} "
              f"{statistics.median(widths) if widths else float('nan'):>19.2f} {unfound:>13} {bounded:>19}", flush=True)


if __name__ == "__main__":
    main()
