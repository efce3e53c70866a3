"""Break-evens by bisection over decisions (as shipped) against one MILP per break-even, and how
often a trade-off initiative's impact break-even needs the check over factor ranges.

    python bench/break_even.py --seeds 1 2 --cut 4 --solvers highs cplex

For each synthetic seed (N = 200, point objective, one process) and engine: the first `--cut`
initiatives left out of the plan. For each, the impact and effort break-evens as `explain`
finds them (bisection, the range check for trade-offs included), then the same two questions as
one MILP each, built here from the same formulation: minimize the factor on its impacts (in
[1, 20]), or maximize the fraction of its effort (in [0, 1]), with it forced in and the plan's
value held above the base plan's. Both stop at the 5% precision `explain` states. Printed:
seconds of each, and the answers side by side. Then, over every cut initiative of the seed, how
many are trade-offs (more impact is not only better) and how many of those the bisection alone
would have answered wrongly (it proved "not within 20x" or a bracket, yet a smaller factor
brings the initiative in).
"""

from __future__ import annotations

import time

from generate import synthetic_arguments, synthetic_scenario

from planner.constraints import Constraint, ConstraintKind
from planner.break_even import (
    EFFORT_PRECISION,
    ENTERS,
    IMPACT_PRECISION,
    MAX_IMPACT_FACTOR,
    _bisected_impact,
    _effort_break_even,
    _Entry,
    _impact_break_even,
)
from planner.explain import forcing_answer
from planner.optimizer import Edits, optimize
from planner.optimizer.backends import backend_for
from planner.optimizer.formulation import formulate, move_rescaled_terms
from planner.optimizer.linear import Linear
from planner.results import SolveStatus
from planner.settings import Settings
from planner.whatif import WhatIfs


def factor_model(scenario, initiative: str, kind: str, threshold: float):
    """One break-even as one MILP: the initiative forced in, its rescaled coefficients moved onto
    a continuous factor (read off a model built at twice its impacts or effort), the value held
    at `threshold`, and the factor minimized (impacts) or maximized (effort)."""
    edits = Edits(force_in=(initiative,))
    model = formulate(scenario, edits)
    doubled = formulate(scenario.with_impacts_scaled(initiative, 2.0) if kind == "impact"
                        else scenario.with_effort_scaled(initiative, 2.0), edits)
    factor = model.variable("factor", 1.0 if kind == "impact" else 0.0, MAX_IMPACT_FACTOR if kind == "impact" else 1.0)
    move_rescaled_terms(model, doubled, initiative, factor)
    # The floor has no kind of its own in the product (it never builds this model): it borrows
    # the no-good cut's, the other row that rules plans out.
    model.add(Constraint(ConstraintKind.ALTERNATIVE, "break-even"), model.value >= threshold)
    model.objective = Linear({factor.index: -1.0 if kind == "impact" else 1.0})
    return model, factor


def milp_break_even(scenario, settings, initiative, kind, threshold):
    model, factor = factor_model(scenario, initiative, kind, threshold)
    # Relative gap on the factor: 5% for impacts (a ratio); effort is stated within 0.05 of 1.
    gap = IMPACT_PRECISION / (1 + IMPACT_PRECISION) if kind == "impact" else EFFORT_PRECISION
    started = time.perf_counter()
    solution = backend_for(settings.solver).solve(model, 60.0, gap)
    seconds = time.perf_counter() - started
    if solution.outcome.status is SolveStatus.INFEASIBLE:
        return seconds, None
    return seconds, solution.values[factor.index]


def main() -> None:
    parser = synthetic_arguments(__doc__, seeds=(1, 2))
    parser.add_argument("--cut", type=int, default=4)
    parser.add_argument("--solvers", nargs="+", default=["highs", "cplex"])
    args = parser.parse_args()
    fmt = lambda v: "none" if v is None else f"{v:.3f}"
    for seed in args.seeds:
        scenario = synthetic_scenario(args.n, seed)
        for solver in args.solvers:
            settings = Settings(objective="point", workers=1, time_limit=60, solver=solver)
            base = optimize(scenario, settings)
            context = WhatIfs(scenario, settings, base)
            cut = [x.id for x in scenario.initiatives if x.id not in base.selected]
            threshold = base.value + ENTERS
            print(f"seed {seed}, {solver}: {'initiative':>10} {'bisect impact s':>15} {'effort s':>8} "
                  f"{'MILP impact s':>13} {'effort s':>8}   impact (bisect / MILP)   effort (bisect / MILP)")
            totals = [0.0, 0.0, 0.0, 0.0]
            for i in cut[:args.cut]:
                answer, forced = forcing_answer(context, i)
                started = time.perf_counter()
                impact = _impact_break_even(context, i, answer.counterfactual, forced)
                impact_s = time.perf_counter() - started
                started = time.perf_counter()
                effort = _effort_break_even(context, i)
                effort_s = time.perf_counter() - started
                milp_impact_s, milp_impact = milp_break_even(scenario, settings, i, "impact", threshold)
                milp_effort_s, milp_effort = milp_break_even(scenario, settings, i, "effort", threshold)
                for n, v in enumerate((impact_s, effort_s, milp_impact_s, milp_effort_s)):
                    totals[n] += v
                print(f"{'':>{len(f'seed {seed}, {solver}:')}} {i:>10} {impact_s:>15.2f} {effort_s:>8.2f} "
                      f"{milp_impact_s:>13.2f} {milp_effort_s:>8.2f}   {fmt(impact[0]):>8} / {fmt(milp_impact):<8}"
                      f"        {fmt(effort[0]):>6} / {fmt(milp_effort):<6}", flush=True)
            print(f"{'':>{len(f'seed {seed}, {solver}:')}} {'total':>10} {totals[0]:>15.2f} {totals[1]:>8.2f} "
                  f"{totals[2]:>13.2f} {totals[3]:>8.2f}")
        # Trade-offs, on the point model with HiGHS: the bisection's answer against the checked one.
        settings = Settings(objective="point", workers=1, time_limit=60)
        base = optimize(scenario, settings)
        context = WhatIfs(scenario, settings, base)
        cut = [x.id for x in scenario.initiatives if x.id not in base.selected and x.commit is None]
        trade_offs = [i for i in cut if not context.live.more_impact_only_helps(i)]
        wrong = []
        for i in trade_offs:
            answer, forced = forcing_answer(context, i)
            checked = _impact_break_even(context, i, answer.counterfactual, forced)
            bisected = _bisected_impact(_Entry(context, i, [forced.selected] if forced else []))
            if checked[0] is not None and (bisected[0] is None or checked[0] < bisected[1]):
                wrong.append(f"{i} ({fmt(bisected[0])} -> {fmt(checked[0])})")
        print(f"seed {seed}: {len(cut)} cut, {len(trade_offs)} trade-offs, bisection alone wrong on {len(wrong)}: "
              f"{', '.join(wrong) or '-'}\n", flush=True)


if __name__ == "__main__":
    main()
