"""Does an explanation under a budget work nearest the margin first?

    python bench/margin_order.py --seeds 1 2 3 4 5

For each synthetic seed (N = 200, point objective): the true forcing cost of every initiative
(each forced re-solve proven optimal, with `--solver`, CPLEX by default: HiGHS takes minutes), and
the LP screen's two numbers (`forcing.lp_screen`): the least cost it proves and what forcing costs
the LP itself. Printed: how many initiatives the least cost leaves at 0 (ranked by id among
themselves), the rank correlation of each number with the true costs, and how many of the first
40 in line are among the 40 nearest the margin, by each ordering.
"""

from __future__ import annotations

from generate import synthetic_arguments, synthetic_scenario
from scipy.stats import spearmanr

from planner.forcing import lp_screen
from planner.optimizer import Edits, optimize
from planner.settings import Settings
from planner.whatif import WhatIfs


def main() -> None:
    parser = synthetic_arguments(__doc__)
    parser.add_argument("--solver", default="cplex")
    parser.add_argument("--first", type=int, default=40)
    args = parser.parse_args()
    print(f"N={args.n}, true costs by {args.solver}; first {args.first} in line against the {args.first} nearest the margin")
    print(f"{'seed':>4} {'least 0':>7} {'rho least':>9} {'rho LP cost':>11} {'first by least, id':>18} {'first by LP cost':>16}")
    for seed in args.seeds:
        scenario = synthetic_scenario(args.n, seed)
        settings = Settings(objective="point", workers=1, solver=args.solver)
        base = optimize(scenario, settings)
        context = WhatIfs(scenario, settings, base)
        ids = [x.id for x in scenario.initiatives]
        screen = lp_screen(context, ids)
        truth = {}
        for i in ids:
            forced = context.live.solve(Edits(force_out=(i,)) if i in base.selected else Edits(force_in=(i,)))
            if forced is not None:
                if not forced.proven:
                    raise SystemExit(f"seed {seed}: {i}'s forced re-solve was not proven optimal")
                truth[i] = base.value - forced.value
        known = sorted(truth)
        nearest = set(sorted(known, key=lambda i: (truth[i], i))[:args.first])
        by_least = sorted(known, key=lambda i: (screen[i].least, i))[:args.first]
        by_lp = sorted(known, key=lambda i: (screen[i].lp_cost, i))[:args.first]
        rho_least = spearmanr([truth[i] for i in known], [screen[i].least for i in known]).correlation
        rho_lp = spearmanr([truth[i] for i in known], [screen[i].lp_cost for i in known]).correlation
        print(f"{seed:>4} {sum(screen[i].least == 0 for i in ids):>7} {rho_least:>9.2f} {rho_lp:>11.2f} "
              f"{len(nearest & set(by_least)):>18} {len(nearest & set(by_lp)):>16}", flush=True)


if __name__ == "__main__":
    main()
