"""Engines side by side on the same instances: planner's HiGHS against raw HiGHS on the exported
model, and CPLEX and Gurobi where installed (their free editions take the point model of 200
initiatives: about 220 variables and 60 constraints).

    python bench/engines.py                          # N = 200, seeds 1-5: solve, frontier, explain sample
    python bench/engines.py --seeds 1 --skip-frontier --skip-explain

Per seed (point objective, one thread per engine):
- solve: `optimize` through each engine, median of `--repeats`. "raw highs" is highspy reading
  the model as PuLP exports it (MPS) with HiGHS's defaults (one thread, the same gap and seed),
  what a user of HiGHS alone gets, in the same run: "ratio" is the planner's HiGHS solve over it.
  "raw, scaled" is the same with the objective scale the planner sets (`OPTIMIZING_OBJECTIVE_SCALE`).
  The MPS round trip can change HiGHS's search path (node counts differ on some seeds), so the
  planner's own overhead is priced directly as well: "in HiGHS" is the share of the planner's
  solve seconds that HiGHS itself reports running;
- frontier: `planner frontier` of all teams, 21 levels, 2 workers, once per engine;
- explain: `explain_initiative` on the first `--cut` cut and `--selected` selected initiatives,
  one process, extrapolated to all 200 on 2 workers, labelled as an estimate.
"""

from __future__ import annotations

import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from generate import synthetic_arguments, synthetic_scenario

from planner import api
from planner.explain import explain_initiative
from planner.optimizer import optimize
from planner.optimizer.backends import ENGINES, OPTIMIZING_OBJECTIVE_SCALE, _HiGHSFromStart, _PulpModel
from planner.optimizer.formulation import formulate
from planner.settings import Settings
from planner.whatif import WhatIfs


def raw_highs_seconds(scenario, objective_scale: int = 0) -> float:
    """highspy on the exported model, as a user with HiGHS alone would run it: with HiGHS's
    defaults (`objective_scale` 0), or with the objective scale the planner sets on point models."""
    import highspy

    built = _PulpModel(formulate(scenario))
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "model.mps")
        built.problem.writeMPS(path, with_objsense=True)  # PuLP writes the sense as a comment otherwise
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        for option, value in (("threads", 1), ("mip_rel_gap", 1e-4), ("random_seed", 0), ("time_limit", 60.0),
                              ("user_objective_scale", objective_scale)):
            h.setOptionValue(option, value)
        h.readModel(path)
        started = time.perf_counter()
        h.run()
        return time.perf_counter() - started


@contextlib.contextmanager
def highs_run_seconds():
    """The seconds HiGHS itself reports for each run the planner makes inside the block."""
    ran: list[float] = []
    solve = _HiGHSFromStart.actualSolve

    def timed(self, lp, **kwargs):
        try:
            return solve(self, lp, **kwargs)
        finally:
            ran.append(lp.solverModel.getRunTime())

    _HiGHSFromStart.actualSolve = timed
    try:
        yield ran
    finally:
        _HiGHSFromStart.actualSolve = solve


def main() -> None:
    parser = synthetic_arguments(__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cut", type=int, default=6)
    parser.add_argument("--selected", type=int, default=4)
    parser.add_argument("--skip-frontier", action="store_true")
    parser.add_argument("--skip-explain", action="store_true")
    args = parser.parse_args()
    engines = ["highs", *(name for name, engine in ENGINES.items() if engine().available())]
    print(f"N={args.n}, point objective; solve: median of {args.repeats} (s); frontier: 21 levels, 2 workers (s); "
          "explain: estimated from a sample (s, 2 workers)")
    header = (f"{'seed':>4} {'raw highs':>9} {'raw, scaled':>11} {'ratio':>6} {'in HiGHS':>8} "
              + " ".join(f"{e + ' solve':>12}" for e in engines))
    header += "" if args.skip_frontier else " " + " ".join(f"{e + ' frontier':>15}" for e in engines)
    header += "" if args.skip_explain else " " + " ".join(f"{e + ' explain':>14}" for e in engines)
    print(header)
    for seed in args.seeds:
        scenario = synthetic_scenario(args.n, seed)
        solve: dict[str, list[float]] = {e: [] for e in engines}
        raw, raw_scaled, in_highs = [], [], []
        values = {}
        for repeat in range(args.repeats):  # interleaved: raw (HiGHS's defaults, then scaled), then each engine
            raw.append(raw_highs_seconds(scenario))
            raw_scaled.append(raw_highs_seconds(scenario, OPTIMIZING_OBJECTIVE_SCALE))
            for engine in (engines if repeat % 2 == 0 else engines[::-1]):
                with highs_run_seconds() as ran:
                    plan = optimize(scenario, Settings(objective="point", solver=engine, workers=1))
                solve[engine].append(plan.solve.solve_seconds)
                values[engine] = plan.value
                if engine == "highs":
                    in_highs.append(sum(ran) / plan.solve.solve_seconds)
        if max(values.values()) - min(values.values()) > 1e-4 * max(values.values()):
            print(f"  seed {seed}: engines disagree beyond the gap: {values}")
        row = (f"{seed:>4} {statistics.median(raw):>9.2f} {statistics.median(raw_scaled):>11.2f} "
               f"{statistics.median(solve['highs']) / statistics.median(raw):>6.2f} {statistics.median(in_highs):>8.1%} ")
        row += " ".join(f"{statistics.median(solve[e]):>12.2f}" for e in engines)
        if not args.skip_frontier:
            cells = []
            for engine in engines:
                started = time.perf_counter()
                api.frontier(scenario, None, 0.5, 1.5, 21, Settings(objective="point", solver=engine, workers=2))
                cells.append(f"{time.perf_counter() - started:>15.1f}")
            row += " " + " ".join(cells)
        if not args.skip_explain:
            cells = []
            for engine in engines:
                settings = Settings(objective="point", solver=engine, workers=1, time_limit=60)
                base = optimize(scenario, settings)
                context = WhatIfs(scenario, settings, base)
                cut = [x.id for x in scenario.initiatives if x.id not in base.selected]
                sample = cut[:args.cut] + list(base.selected)[:args.selected]
                started = time.perf_counter()
                times = []
                for i in sample:
                    t = time.perf_counter()
                    explain_initiative(context, i)
                    times.append(time.perf_counter() - t)
                cut_mean = statistics.mean(times[:args.cut])
                kept_mean = statistics.mean(times[args.cut:]) if args.selected else cut_mean
                estimate = (cut_mean * len(cut) + kept_mean * len(base.selected)) / 2
                cells.append(f"{estimate:>14.0f}")
            row += " " + " ".join(cells)
        print(row, flush=True)


if __name__ == "__main__":
    main()
