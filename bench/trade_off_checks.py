"""Trade-off checks as one decision (as shipped) against the optimizing MILP they were before.

    python bench/trade_off_checks.py --seeds 1 2 3 --cut 12 --solvers highs cplex

A trade-off initiative (more impact is not only better) has its impact break-even checked by
`LiveModel.beats_at_some_impact_factor`: does some factor up to a limit bring it in? For each
synthetic seed (N = 200, point objective, one process) and engine: `explain_initiative` of the
first `--cut` trade-offs left out of the plan, recording the checks it makes; then each check
asked again both ways, interleaved: as a decision on a live model of its own (shipped), and by
optimizing the same model built anew (the way CBC, which keeps no model live, still answers it).
Printed: the checks, total seconds each way, and how many verdicts agree (they must all).
"""

from __future__ import annotations

import time

from generate import synthetic_arguments, synthetic_scenario

from planner.break_even import ENTERS
from planner.explain import explain_initiative
from planner.optimizer import LiveModel, optimize
from planner.optimizer.formulation import impact_factor_model
from planner.settings import Settings
from planner.whatif import WhatIfs


def main() -> None:
    parser = synthetic_arguments(__doc__, seeds=(1, 2, 3))
    parser.add_argument("--cut", type=int, default=12)
    parser.add_argument("--solvers", nargs="+", default=["highs", "cplex"])
    args = parser.parse_args()
    print(f"{'seed':>4} {'engine':>7} {'checks':>6} {'decision s':>10} {'optimizing s':>12} {'ratio':>6} {'agree':>6}")
    for seed in args.seeds:
        scenario = synthetic_scenario(args.n, seed)
        for solver in args.solvers:
            settings = Settings(objective="point", workers=1, solver=solver)
            base = optimize(scenario, settings)
            context = WhatIfs(scenario, settings, base)
            live = context.live
            trade_offs = [x.id for x in scenario.initiatives if x.id not in base.selected and x.commit is None
                          and not live.more_impact_only_helps(x.id)][:args.cut]
            checks = []
            asked = LiveModel.beats_at_some_impact_factor

            def recording(self, initiative_id, upper, threshold, _asked=asked, _checks=checks):
                _checks.append((initiative_id, upper))
                return _asked(self, initiative_id, upper, threshold)

            LiveModel.beats_at_some_impact_factor = recording
            try:
                for i in trade_offs:
                    explain_initiative(context, i)
            finally:
                LiveModel.beats_at_some_impact_factor = asked
            threshold = base.value + ENTERS
            seconds = {"decision": 0.0, "optimizing": 0.0}
            agree = 0
            for k, (i, upper) in enumerate(checks):
                verdicts = {}
                for way in (("decision", "optimizing") if k % 2 == 0 else ("optimizing", "decision")):
                    started = time.perf_counter()
                    if way == "decision":
                        found = live.beats_at_some_impact_factor(i, upper, threshold)
                    else:
                        model, factor = impact_factor_model(scenario, i, upper)
                        found = live._optimized_factor_witness(model, factor, threshold, None)
                    seconds[way] += time.perf_counter() - started
                    verdicts[way] = found is not None
                agree += verdicts["decision"] == verdicts["optimizing"]
            print(f"{seed:>4} {solver:>7} {len(checks):>6} {seconds['decision']:>10.2f} {seconds['optimizing']:>12.2f} "
                  f"{seconds['decision'] / max(seconds['optimizing'], 1e-9):>6.2f} {agree:>3}/{len(checks):<2}", flush=True)


if __name__ == "__main__":
    main()
