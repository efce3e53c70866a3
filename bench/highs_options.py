"""One HiGHS option, two values, on the what-if re-solves that explanations and frontiers make.

    python bench/highs_options.py                  # restarts on and off: synthetic N = 200, seeds 1-5, bundled
    python bench/highs_options.py --option mip_heuristic_run_feasibility_jump --values true false
    python bench/highs_options.py --seeds 1 --questions 2 --skip-bundled

The option is set on every live model (`backends.LiveSession`), over what the project ships
(`backends.WHATIF_HIGHS_OPTIONS`); an option the live model sets for each run itself (the
feasibility jump, on whether the run has a start: `backends.feasibility_jump`; the cut pool,
`backends.cut_pool`) is measured with that rule switched off. For each synthetic seed: the live model (point objective, one process),
then forced-in solves of the first `--questions` cut initiatives, forced-out solves of the first
`--questions` selected ones, and a decision for each cut initiative (a plan with it in, at half its
effort, beating the base plan: as the effort break-even asks). Every question runs under each value
and each HiGHS `random_seed` (0-2), interleaved question by question, so that machine noise falls
on both alike; printed: the median seconds per question and value, and the totals. Both values must
agree on each answer (each forced value within the optimality gap, each decision's verdict). Then a
capacity frontier's 21 level solves (all teams at 50-150%, live what-ifs with no start), the two
values interleaved level by level: total seconds each, and whether every level's value agrees
within the gap. For the bundled scenarios: `explain` of every initiative (point objective, one
worker), three interleaved runs each, median seconds. Last (restarts only), the trade-off check's
model (`impact_factor_model`: the factor on an initiative's impacts a variable up to 20x), built
anew and optimized as the check did until it became a decision
(`LiveModel.beats_at_some_impact_factor`, 2026-11-26), for the first `--questions` cut initiatives
that move a KR, on each seed and on multi-team-q4, with and without restarts, interleaved; total
seconds and their ratio.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from generate import synthetic_arguments, synthetic_scenario

from planner import api
from planner.optimizer import Edits, LiveModel, backends
from planner.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _value(text: str):
    """An option value from the command line: true/false, a number, or a word."""
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _hold(highs, option: str, value) -> None:
    """Set the option on a live model's HiGHS; the feasibility jump and the cut pool, which the live
    model sets per run by its own rules, are held at the value by replacing that rule for this
    process."""
    highs.setOptionValue(option, value)
    if option == backends.FEASIBILITY_JUMP:
        backends.feasibility_jump = lambda start: value
    if option == backends.CUT_POOL:
        backends.cut_pool = lambda cutoff=None, target=None, from_nothing=False: value


def _synthetic(option: str, variants: dict, seeds: list[int], n: int, questions: int, time_limit: float) -> None:
    settings = Settings(objective="point", workers=1, time_limit=time_limit)
    names = list(variants)
    print(f"synthetic N={n}: seconds per question, median over HiGHS random_seed 0-2 ({option})")
    print(f"{'seed':>4} {'base s':>7} {'question':>9} " + " ".join(f"{v:>14}" for v in names)
          + f" {'ratio':>6}  totals")
    for seed in seeds:
        scenario = synthetic_scenario(n, seed)
        started = time.perf_counter()
        live = LiveModel(scenario, settings)
        base = live.solve()
        base_s = time.perf_counter() - started
        cut = [x.id for x in scenario.initiatives if x.id not in base.selected][:questions]
        kept = list(base.selected)[:questions]
        kinds = {"forced": [(Edits(force_in=(i,)), None) for i in cut] + [(Edits(force_out=(i,)), None) for i in kept],
                 "decision": [(Edits(force_in=(i,), effort=((i, 0.5),)), base.value) for i in cut]}
        for kind, questions_of_kind in kinds.items():
            times: dict[str, list[float]] = {v: [] for v in names}
            for k, (edit, threshold) in enumerate(questions_of_kind):
                for random_seed in (0, 1, 2):
                    order = names if (k + random_seed) % 2 == 0 else names[::-1]
                    answers = {}
                    for variant in order:
                        _hold(live.session.highs, option, variants[variant])
                        live.session.highs.setOptionValue("random_seed", random_seed)
                        t = time.perf_counter()
                        plan = live.solve(edit) if threshold is None else live.beats(threshold, edit)
                        times[variant].append(time.perf_counter() - t)
                        answers[variant] = None if plan is None else round(plan.value, 6)
                    found = [v for v in answers.values() if v is not None]
                    if threshold is not None:
                        if len(found) not in (0, len(answers)):
                            print(f"  seed {seed} {edit}: verdicts differ {answers}")
                    elif len(found) != len(answers) or max(found) - min(found) > settings.gap * max(found) + 1e-9:
                        print(f"  seed {seed} {edit}: values differ beyond the gap {answers}")
            medians = {v: statistics.median(t) for v, t in times.items()}
            totals = " / ".join(f"{sum(t):.1f}" for t in times.values())
            print(f"{seed:>4} {base_s:>7.1f} {kind:>9} " + " ".join(f"{medians[v]:>14.3f}" for v in names)
                  + f" {medians[names[1]] / medians[names[0]]:>6.2f}  {totals}", flush=True)


def _frontier_levels(option: str, variants: dict, seeds: list[int], n: int) -> None:
    from frontier_alternatives import LEVELS

    from planner.whatif import WhatIfs, solve_in_time

    names = list(variants)
    print(f"frontier levels N={n}: seconds of the {len(LEVELS)} level solves, one process ({option})")
    print(f"{'seed':>4} " + " ".join(f"{v:>14}" for v in names) + f" {'ratio':>6}  same values")
    for seed in seeds:
        scenario = synthetic_scenario(n, seed)
        settings = Settings(objective="point", workers=1)
        contexts = {v: WhatIfs(scenario, settings) for v in names}
        seconds = {v: 0.0 for v in names}
        values: dict[str, list[float]] = {v: [] for v in names}
        for k, level in enumerate(LEVELS):
            edits = Edits(capacity=tuple((t.id, t.capacity * level) for t in scenario.teams))
            for variant in (names if k % 2 == 0 else names[::-1]):
                _hold(contexts[variant].live.session.highs, option, variants[variant])
                t = time.perf_counter()
                plan, _ = solve_in_time(contexts[variant].live, edits)
                seconds[variant] += time.perf_counter() - t
                values[variant].append(plan.value)
        same = all(abs(a - b) <= settings.gap * max(abs(a), abs(b)) + 1e-9 for a, b in zip(*values.values()))
        print(f"{seed:>4} " + " ".join(f"{seconds[v]:>14.1f}" for v in names)
              + f" {seconds[names[1]] / seconds[names[0]]:>6.2f}  {same}", flush=True)


def _bundled(option: str, variants: dict, names: list[str]) -> None:
    settings = Settings(objective="point", workers=1, forecast_samples=0)
    original = backends.LiveSession.__init__
    chosen = {"value": None}

    def init(self, model):
        original(self, model)
        _hold(self.highs, option, chosen["value"])

    backends.LiveSession.__init__ = init
    labels = list(variants)
    print("bundled: explain of every initiative, point objective, one worker, median of 3 interleaved runs (s)")
    print(f"{'scenario':<22} " + " ".join(f"{v:>14}" for v in labels) + f" {'ratio':>6}")
    for name in names:
        scenario = api.load(ROOT / "scenarios" / f"{name}.yaml").scenario
        times: dict[str, list[float]] = {v: [] for v in labels}
        for rep in range(3):
            for variant in (labels if rep % 2 == 0 else labels[::-1]):
                chosen["value"] = variants[variant]
                t = time.perf_counter()
                api.explain(scenario, settings=settings)
                times[variant].append(time.perf_counter() - t)
        medians = {v: statistics.median(t) for v, t in times.items()}
        print(f"{name:<22} " + " ".join(f"{medians[v]:>14.2f}" for v in labels)
              + f" {medians[labels[1]] / medians[labels[0]]:>6.2f}", flush=True)
    backends.LiveSession.__init__ = original


def _trade_off_checks(seeds: list[int], n: int, questions: int) -> None:
    from planner.optimizer.formulation import impact_factor_model

    variants = {"restarts": True, "no restarts": False}
    settings = Settings(objective="point", forecast_samples=0)
    highs = backends.HighsBackend()
    print(f"trade-off checks: total seconds of {questions} per scenario (built anew each time)")
    print(f"{'scenario':<14} " + " ".join(f"{v:>12}" for v in variants) + f" {'ratio':>6}")
    cases = [(f"seed {seed}", synthetic_scenario(n, seed)) for seed in seeds]
    cases.append(("multi-team-q4", api.load(ROOT / "scenarios" / "multi-team-q4.yaml").scenario))
    for name, scenario in cases:
        base = api.plan(scenario, settings).plan
        cut = [x.id for x in scenario.initiatives
               if x.id not in base.selected and any(e.likely for e in x.impacts.values())][:questions]
        totals = {v: 0.0 for v in variants}
        for k, initiative in enumerate(cut):
            for variant in (list(variants) if k % 2 == 0 else list(variants)[::-1]):
                model, _ = impact_factor_model(scenario, initiative, 20.0)
                t = time.perf_counter()
                highs.solve(model, None, settings.gap, whatif=not variants[variant])
                totals[variant] += time.perf_counter() - t
        print(f"{name:<14} " + " ".join(f"{totals[v]:>12.2f}" for v in variants)
              + f" {totals['no restarts'] / totals['restarts']:>6.2f}", flush=True)


def main() -> None:
    parser = synthetic_arguments(__doc__)
    parser.add_argument("--option", default="mip_allow_restart", help="a HiGHS option")
    parser.add_argument("--values", nargs=2, default=["true", "false"], metavar=("A", "B"),
                        help="its two values; the ratio printed is B's time over A's")
    parser.add_argument("--questions", type=int, default=4, help="cut and selected initiatives asked about, each")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--skip-bundled", action="store_true")
    parser.add_argument("--skip-forced", action="store_true", help="only the bundled explanations and trade-off checks")
    parser.add_argument("--skip-levels", action="store_true", help="no frontier level solves")
    parser.add_argument("--skip-trade-offs", action="store_true")
    args = parser.parse_args()
    variants = {f"{value}": _value(value) for value in args.values}
    if not args.skip_bundled:
        _bundled(args.option, variants, ["api-platform-q2", "cloudsecure-q1", "multi-team-q4", "onboarding-q3"])
    if args.seeds and not args.skip_forced:
        _synthetic(args.option, variants, args.seeds, args.n, args.questions, args.time_limit)
    if args.seeds and not args.skip_levels:
        _frontier_levels(args.option, variants, args.seeds, args.n)
    if args.seeds and not args.skip_trade_offs and args.option == "mip_allow_restart":
        _trade_off_checks(args.seeds, args.n, args.questions)


if __name__ == "__main__":
    main()
