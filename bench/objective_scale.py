"""HiGHS on the live what-if model with its objective as built and scaled for optimizing runs.

    python bench/objective_scale.py --seeds 1 2 3 4 5 --random-seeds 0 1 2
    python bench/objective_scale.py --plan   # the plan's own solve only
    python bench/objective_scale.py --decisions --questions 6   # decisions only (as break-evens ask them)
    python bench/objective_scale.py --cplex --seeds 1 2 3 4   # CPLEX's live model (optional engine)

For each synthetic seed (N = 200, point objective) and each HiGHS `random_seed`: two live models
of the scenario, one holding the objective scaled by 2 ** `backends.OPTIMIZING_OBJECTIVE_SCALE`
(as shipped) and one as built (the scale 0), asked the
same questions, interleaved (the order alternating): the 21 levels of the all-teams capacity
frontier (50% to 150%), then forced-in solves of the first `--questions` cut initiatives and
forced-out solves of the first `--questions` selected ones. Then the plan's own solve, on a model
built anew as `optimize` builds it (`--plan`), scaled and as built, interleaved. Printed: seconds
summed over the levels and over the forced solves, each variant, and their ratios, and the plan
solve's seconds; each pair must agree on the value within the gap.

With `--cplex`: CPLEX's live model with its objective multiplied by
`backends.CPLEX_OBJECTIVE_SCALE` (as shipped) and as built, on whole explanations
(`explain_initiative`: forcing cost, break-evens) of the first 16 cut and 8 selected initiatives,
one process, the two variants alternating, `--repeats` times; every answer must be proven either way.
"""

from __future__ import annotations

import time

import numpy as np
from generate import synthetic_arguments, synthetic_scenario

from planner.explain import explain_initiative
from planner.optimizer import Edits, LiveModel, backends, optimize
from planner.optimizer.formulation import formulate
from planner.settings import Settings
from planner.whatif import WhatIfs

SHIPPED = backends.OPTIMIZING_OBJECTIVE_SCALE
LEVELS = [round(float(x), 10) for x in np.linspace(0.5, 1.5, 21)]


def _live_models(scenario, settings: Settings, scales) -> dict[int, LiveModel]:
    """A live model per scale: each holds its objective scaled as it was built."""
    lives = {}
    for scale in scales:
        backends.OPTIMIZING_OBJECTIVE_SCALE = scale
        lives[scale] = LiveModel(scenario, settings)
    backends.OPTIMIZING_OBJECTIVE_SCALE = SHIPPED
    return lives


def _timed(live: LiveModel, edits: Edits) -> tuple[float, float]:
    started = time.perf_counter()
    plan = live.solve(edits)
    return time.perf_counter() - started, plan.value


def _decisions(seeds: list[int], n: int, questions: int) -> None:
    """Decisions (`LiveModel.beats`, as the break-even searches ask them) with the live model's
    objective as built and scaled, interleaved: for the first `questions` cut initiatives, in
    at 30% and 60% of its effort, and at 1.5x and 3x its impacts, each against the base value."""
    print(f"N={n}: decisions, seconds summed; 'scaled': 2 ** {SHIPPED}, as shipped (cutoffs scaled with it)")
    print(f"{'seed':>4} {'decisions':>9} {'yes':>4} {'built':>7} {'scaled':>7} {'ratio':>6}")
    for seed in seeds:
        scenario = synthetic_scenario(n, seed)
        lives = _live_models(scenario, Settings(objective="point", workers=1, time_limit=300), (0, SHIPPED))
        base = lives[SHIPPED].solve()
        threshold = base.value + 1e-7
        cut = [x.id for x in scenario.initiatives if x.id not in base.selected and x.commit is None][:questions]
        asked = [Edits(force_in=(i,), effort=((i, f),)) for i in cut for f in (0.3, 0.6)]
        asked += [Edits(force_in=(i,), impacts=((i, k),)) for i in cut for k in (1.5, 3.0)]
        seconds, yes = {0: 0.0, SHIPPED: 0.0}, 0
        for k, edits in enumerate(asked):
            verdicts = {}
            for scale in ((0, SHIPPED) if k % 2 == 0 else (SHIPPED, 0)):
                started = time.perf_counter()
                verdicts[scale] = lives[scale].beats(threshold, edits) is not None
                seconds[scale] += time.perf_counter() - started
            assert verdicts[0] == verdicts[SHIPPED], f"seed {seed}: the two disagree on {edits}"
            yes += verdicts[0]
        print(f"{seed:>4} {len(asked):>9} {yes:>4} {seconds[0]:>7.2f} {seconds[SHIPPED]:>7.2f} "
              f"{seconds[SHIPPED] / seconds[0]:>6.2f}", flush=True)


def _plan_seconds(scenario, scale: int, random_seed: int) -> tuple[float, float]:
    """The plan's own solve as `HighsBackend.solve` runs it (a model built anew), with the
    objective scale and HiGHS seed given: (seconds, HiGHS's objective bound)."""
    model = formulate(scenario)
    built = backends._PulpModel(model)
    command = backends._HiGHSFromStart(None, msg=False, timeLimit=300, gapRel=1e-4, threads=1,
                                       random_seed=random_seed, user_objective_scale=scale)
    started = time.perf_counter()
    with backends._native_stdout_silenced(), backends.solver_run():
        built.problem.solve(command)
    return time.perf_counter() - started, -built.problem.solverModel.getInfo().mip_dual_bound


def _cplex(seeds: list[int], n: int, repeats: int) -> None:
    shipped = backends.CPLEX_OBJECTIVE_SCALE
    print(f"N={n}: CPLEX, explanations of 16 cut and 8 selected initiatives, seconds per run; "
          f"'scaled': x {shipped:g}, as shipped")
    print(f"{'seed':>4} {'as built':>20} {'scaled':>20} {'ratio of medians':>16}")
    for seed in seeds:
        scenario = synthetic_scenario(n, seed)
        settings = Settings(objective="point", workers=1, solver="cplex")
        base = optimize(scenario, settings)
        ids = ([x.id for x in scenario.initiatives if x.id not in base.selected][:16]
               + [x.id for x in scenario.initiatives if x.id in base.selected][:8])
        seconds: dict[float, list[float]] = {1.0: [], shipped: []}
        for run in range(repeats):
            for scale in ((1.0, shipped) if run % 2 == 0 else (shipped, 1.0)):
                backends.CPLEX_OBJECTIVE_SCALE = scale  # read when the live model is built and run
                context = WhatIfs(scenario, settings, base)
                started = time.perf_counter()
                answers = [explain_initiative(context, i) for i in ids]
                seconds[scale].append(time.perf_counter() - started)
                assert all(a.counterfactual.proven for a in answers)
        backends.CPLEX_OBJECTIVE_SCALE = shipped
        print(f"{seed:>4} {'/'.join(f'{t:.2f}' for t in seconds[1.0]):>20} "
              f"{'/'.join(f'{t:.2f}' for t in seconds[shipped]):>20} "
              f"{np.median(seconds[shipped]) / np.median(seconds[1.0]):>16.2f}", flush=True)


def main() -> None:
    parser = synthetic_arguments(__doc__)
    parser.add_argument("--random-seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--questions", type=int, default=4)
    parser.add_argument("--plan", action="store_true", help="only the plan's own solve")
    parser.add_argument("--cplex", action="store_true", help="CPLEX's live model on explanations")
    parser.add_argument("--decisions", action="store_true", help="HiGHS's live model on decisions only")
    parser.add_argument("--repeats", type=int, default=2, help="runs of each variant (--cplex)")
    args = parser.parse_args()
    if args.cplex:
        _cplex(args.seeds, args.n, args.repeats)
        return
    if args.decisions:
        _decisions(args.seeds, args.n, args.questions)
        return
    if args.plan:
        print(f"N={args.n}: the plan's own solve (a model built anew); 'scaled': 2 ** {SHIPPED}, as shipped")
        print(f"{'seed':>4} {'highs seed':>10} {'plan built':>10} {'scaled':>7} {'ratio':>6}")
        for seed in args.seeds:
            scenario = synthetic_scenario(args.n, seed)
            for random_seed in args.random_seeds:
                built, _ = _plan_seconds(scenario, 0, random_seed)
                scaled, _ = _plan_seconds(scenario, SHIPPED, random_seed)
                print(f"{seed:>4} {random_seed:>10} {built:>10.2f} {scaled:>7.2f} {scaled / built:>6.2f}", flush=True)
        return
    print(f"N={args.n}: seconds summed per question kind; 'scaled': 2 ** {SHIPPED}, as shipped")
    print(f"{'seed':>4} {'highs seed':>10} {'levels built':>12} {'scaled':>7} {'ratio':>6} "
          f"{'forced built':>12} {'scaled':>7} {'ratio':>6}  largest difference")
    for seed in args.seeds:
        scenario = synthetic_scenario(args.n, seed)
        settings = Settings(objective="point", workers=1, time_limit=300)
        for random_seed in args.random_seeds:
            lives = _live_models(scenario, settings, (0, SHIPPED))
            for live in lives.values():
                live.session.highs.setOptionValue("random_seed", random_seed)
            base = lives[0].solve()
            cut = [x.id for x in scenario.initiatives if x.id not in base.selected][:args.questions]
            kept = list(base.selected)[:args.questions]
            questions = [("levels", Edits(capacity=tuple((t.id, t.capacity * level) for t in scenario.teams)))
                         for level in LEVELS]
            questions += [("forced", Edits(force_in=(i,))) for i in cut]
            questions += [("forced", Edits(force_out=(i,))) for i in kept]
            seconds = {(kind, scale): 0.0 for kind in ("levels", "forced") for scale in lives}
            largest = 0.0
            for n, (kind, edits) in enumerate(questions):
                values = {}
                for scale in ((0, SHIPPED) if n % 2 == 0 else (SHIPPED, 0)):
                    spent, values[scale] = _timed(lives[scale], edits)
                    seconds[kind, scale] += spent
                largest = max(largest, abs(values[0] - values[SHIPPED]) / abs(values[0]))
            print(f"{seed:>4} {random_seed:>10} {seconds['levels', 0]:>12.1f} {seconds['levels', SHIPPED]:>7.1f} "
                  f"{seconds['levels', SHIPPED] / seconds['levels', 0]:>6.2f} {seconds['forced', 0]:>12.1f} "
                  f"{seconds['forced', SHIPPED]:>7.1f} {seconds['forced', SHIPPED] / seconds['forced', 0]:>6.2f}  "
                  f"{largest:.1e}", flush=True)


if __name__ == "__main__":
    main()
