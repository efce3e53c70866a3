"""HiGHS with and without restarts on the what-if re-solves that explanations and frontiers make.

    python bench/restarts.py                       # synthetic N = 200, seeds 1-5, then the bundled scenarios
    python bench/restarts.py --seeds 1 --questions 2 --skip-bundled

For each synthetic seed: the live model (point objective, one process), then forced-in solves of
the first `--questions` cut initiatives and forced-out solves of the first `--questions`
selected ones. Every question runs under each variant (restarts on, off) and each HiGHS
`random_seed` (0-2), interleaved question by question, so that machine noise falls on both
alike; printed: the median seconds per question and variant, and the total. Both variants must
agree on each value within the optimality gap (they solve the same model to the same gap). For the bundled
scenarios: `explain` of every initiative (point objective, one worker), three interleaved runs
each, median seconds. Last, the trade-off check's model (`impact_factor_model`: the factor on an
initiative's impacts a variable up to 20x), built anew and optimized as the check did until it
became a decision (`LiveModel.beats_at_some_impact_factor`, 2026-11-26), for the first
`--questions` cut initiatives that move a KR, on each seed and on multi-team-q4, with and
without restarts, interleaved; total seconds and their ratio.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from generate import synthetic_arguments, synthetic_scenario

from planner import api
from planner.optimizer import Edits, LiveModel, backends
from planner.settings import Settings

VARIANTS = {"restarts": True, "no restarts": False}
ROOT = Path(__file__).resolve().parent.parent


def _synthetic(seeds: list[int], n: int, questions: int, time_limit: float) -> None:
    settings = Settings(objective="point", workers=1, time_limit=time_limit)
    print(f"synthetic N={n}: seconds per forced re-solve, median over {questions * 2} questions x HiGHS random_seed 0-2")
    print(f"{'seed':>4} {'base s':>7} " + " ".join(f"{v:>12}" for v in VARIANTS) + f" {'ratio':>6}  totals")
    for seed in seeds:
        scenario = synthetic_scenario(n, seed)
        started = time.perf_counter()
        live = LiveModel(scenario, settings)
        base = live.solve()
        base_s = time.perf_counter() - started
        cut = [x.id for x in scenario.initiatives if x.id not in base.selected][:questions]
        kept = list(base.selected)[:questions]
        edits = [Edits(force_in=(i,)) for i in cut] + [Edits(force_out=(i,)) for i in kept]
        times: dict[str, list[float]] = {v: [] for v in VARIANTS}
        for k, edit in enumerate(edits):
            for random_seed in (0, 1, 2):
                order = list(VARIANTS) if (k + random_seed) % 2 == 0 else list(VARIANTS)[::-1]
                values = {}
                for variant in order:
                    live.session.highs.setOptionValue("mip_allow_restart", VARIANTS[variant])
                    live.session.highs.setOptionValue("random_seed", random_seed)
                    t = time.perf_counter()
                    plan = live.solve(edit)
                    times[variant].append(time.perf_counter() - t)
                    values[variant] = None if plan is None else round(plan.value, 6)
                found = [v for v in values.values() if v is not None]
                if len(found) != len(values) or max(found) - min(found) > settings.gap * max(found) + 1e-9:
                    print(f"  seed {seed} {edit}: values differ beyond the gap {values}")
        medians = {v: statistics.median(t) for v, t in times.items()}
        totals = " / ".join(f"{sum(t):.1f}" for t in times.values())
        print(f"{seed:>4} {base_s:>7.1f} " + " ".join(f"{medians[v]:>12.2f}" for v in VARIANTS)
              + f" {medians['no restarts'] / medians['restarts']:>6.2f}  {totals}", flush=True)


def _bundled(names: list[str]) -> None:
    settings = Settings(objective="point", workers=1, forecast_samples=0)
    original = backends.LiveSession.__init__
    restarts = {"value": True}

    def init(self, model):
        original(self, model)
        self.highs.setOptionValue("mip_allow_restart", restarts["value"])

    backends.LiveSession.__init__ = init
    print("bundled: explain of every initiative, point objective, one worker, median of 3 interleaved runs (s)")
    print(f"{'scenario':<22} " + " ".join(f"{v:>12}" for v in VARIANTS) + f" {'ratio':>6}")
    for name in names:
        scenario = api.load(ROOT / "scenarios" / f"{name}.yaml").scenario
        times: dict[str, list[float]] = {v: [] for v in VARIANTS}
        for rep in range(3):
            for variant in (list(VARIANTS) if rep % 2 == 0 else list(VARIANTS)[::-1]):
                restarts["value"] = VARIANTS[variant]
                t = time.perf_counter()
                api.explain(scenario, settings=settings)
                times[variant].append(time.perf_counter() - t)
        medians = {v: statistics.median(t) for v, t in times.items()}
        print(f"{name:<22} " + " ".join(f"{medians[v]:>12.2f}" for v in VARIANTS)
              + f" {medians['no restarts'] / medians['restarts']:>6.2f}", flush=True)
    backends.LiveSession.__init__ = original


def _trade_off_checks(seeds: list[int], n: int, questions: int) -> None:
    from planner.optimizer.formulation import impact_factor_model

    settings = Settings(objective="point", forecast_samples=0)
    highs = backends.HighsBackend()
    print(f"trade-off checks: total seconds of {questions} per scenario (built anew each time)")
    print(f"{'scenario':<14} " + " ".join(f"{v:>12}" for v in VARIANTS) + f" {'ratio':>6}")
    cases = [(f"seed {seed}", synthetic_scenario(n, seed)) for seed in seeds]
    cases.append(("multi-team-q4", api.load(ROOT / "scenarios" / "multi-team-q4.yaml").scenario))
    for name, scenario in cases:
        base = api.plan(scenario, settings).plan
        cut = [x.id for x in scenario.initiatives
               if x.id not in base.selected and any(e.likely for e in x.impacts.values())][:questions]
        totals = {v: 0.0 for v in VARIANTS}
        for k, initiative in enumerate(cut):
            for variant in (list(VARIANTS) if k % 2 == 0 else list(VARIANTS)[::-1]):
                model, _ = impact_factor_model(scenario, initiative, 20.0)
                t = time.perf_counter()
                highs.solve(model, None, settings.gap, whatif=not VARIANTS[variant])
                totals[variant] += time.perf_counter() - t
        print(f"{name:<14} " + " ".join(f"{totals[v]:>12.2f}" for v in VARIANTS)
              + f" {totals['no restarts'] / totals['restarts']:>6.2f}", flush=True)


def main() -> None:
    parser = synthetic_arguments(__doc__)
    parser.add_argument("--questions", type=int, default=4, help="cut and selected initiatives asked about, each")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--skip-bundled", action="store_true")
    parser.add_argument("--skip-forced", action="store_true", help="only the bundled explanations and trade-off checks")
    parser.add_argument("--skip-trade-offs", action="store_true")
    args = parser.parse_args()
    if not args.skip_bundled:
        _bundled(["api-platform-q2", "cloudsecure-q1", "multi-team-q4", "onboarding-q3"])
    if args.seeds and not args.skip_forced:
        _synthetic(args.seeds, args.n, args.questions, args.time_limit)
    if args.seeds and not args.skip_trade_offs:
        _trade_off_checks(args.seeds, args.n, args.questions)


if __name__ == "__main__":
    main()
