"""Break-evens with and without their two shortcuts: the impact floor and the effort search's
tries near its last witness.

    python bench/break_even_shortcuts.py --seeds 1 2 3 4 5 --solver cplex

For each synthetic seed (N = 200, point objective, one process), every cut initiative's forced
re-solve, then its impact break-even asked with the floor (`break_even._impact_floor`) and with the
floor at 1 (as before it), and its effort break-even asked with the tries near the last witness
(`_Entry.near_the_last_witness`) and without them (`NEIGHBOURHOOD_FROM` past the scenario's
size). The two ways alternate from one initiative to the next, so a change in the machine's
speed falls on both. Printed for each: seconds, full decisions (the neighbourhood tries
counted apart), and how many answers are consistent (the two brackets overlap: they must all).
"""

from __future__ import annotations

import time
from unittest import mock

from generate import synthetic_arguments, synthetic_scenario

from planner import break_even, explain, forcing
from planner.optimizer import LiveModel, optimize
from planner.settings import Settings
from planner.whatif import WhatIfs

FULL_DECISIONS = ("beats", "beats_at_some_impact_factor", "beats_at_some_effort_fraction")


def _consistent(a, b, *, rising: bool) -> bool:
    """Whether two answers (where it enters, where it is proven to stay out, settled) overlap:
    `rising`, an impact factor (it enters above where it stays out); else a fraction of effort."""
    if (a[0] is None) != (b[0] is None):
        return False
    if a[0] is None:
        return True
    if rising:
        return a[0] >= b[1] - 1e-9 and b[0] >= a[1] - 1e-9
    return a[0] <= b[1] + 1e-9 and b[0] <= a[1] + 1e-9


class Tally:
    """Seconds and full decisions of one way of asking."""

    def __init__(self) -> None:
        self.seconds, self.decisions, self.tries = 0.0, 0, 0


def _counted(counter: list[int]):
    """Count the full decisions the live model is asked (a neighbourhood try, with `held`, apart)."""
    def wrap(question):
        def counted(self, *args, **kwargs):
            counter[1 if len(args) > 3 or "held" in kwargs else 0] += 1
            return question(self, *args, **kwargs)
        return counted
    return [mock.patch.object(LiveModel, name, wrap(getattr(LiveModel, name))) for name in FULL_DECISIONS]


def compare(seed: int, n: int, solver: str) -> None:
    scenario = synthetic_scenario(n, seed)
    settings = Settings(objective="point", workers=1, solver=solver)
    base = optimize(scenario, settings)
    context = WhatIfs(scenario, settings, base)
    cut = [x.id for x in scenario.initiatives if x.id not in base.selected and x.commit is None]
    impact = {True: Tally(), False: Tally()}
    effort = {True: Tally(), False: Tally()}
    consistent = [0, 0]
    counter = [0, 0]
    patches = _counted(counter)
    for p in patches:
        p.start()
    try:
        for k, i in enumerate(cut):
            answer, forced = explain.forcing_answer(context, i)
            answers = {}
            for shortcut in ((True, False) if k % 2 == 0 else (False, True)):
                floor = break_even._impact_floor if shortcut else (lambda *_: 1.0)
                counter[:] = [0, 0]
                with mock.patch.object(break_even, "_impact_floor", floor):
                    started = time.perf_counter()
                    answers[shortcut] = break_even._impact_break_even(context, i, answer.counterfactual, forced)
                    impact[shortcut].seconds += time.perf_counter() - started
                impact[shortcut].decisions += counter[0]
            consistent[0] += _consistent(answers[True], answers[False], rising=True)
            for shortcut in ((True, False) if k % 2 == 0 else (False, True)):
                counter[:] = [0, 0]
                with mock.patch.object(forcing, "NEIGHBOURHOOD_FROM", 0 if shortcut else n + 1):
                    started = time.perf_counter()
                    answers[shortcut] = break_even._effort_break_even(context, i)
                    effort[shortcut].seconds += time.perf_counter() - started
                effort[shortcut].decisions += counter[0]
                effort[shortcut].tries += counter[1]
            consistent[1] += _consistent(answers[True], answers[False], rising=False)
    finally:
        for p in patches:
            p.stop()
    print(f"{seed:>4} {len(cut):>4} {impact[False].seconds:>9.2f} {impact[False].decisions:>5} "
          f"{impact[True].seconds:>9.2f} {impact[True].decisions:>5} {consistent[0]:>4}/{len(cut):<4}"
          f"{effort[False].seconds:>9.2f} {effort[False].decisions:>5} {effort[True].seconds:>9.2f} "
          f"{effort[True].decisions:>5} {effort[True].tries:>5} {consistent[1]:>4}/{len(cut)}", flush=True)


def main() -> None:
    parser = synthetic_arguments(__doc__)
    parser.add_argument("--solver", default="cplex")
    args = parser.parse_args()
    print(f"N={args.n}, point objective, {args.solver}, one process; seconds and full decisions")
    print(f"{'':>9} {'impact break-evens':^42} {'effort break-evens':^46}")
    print(f"{'seed':>4} {'cut':>4} {'no floor':>9} {'dec':>5} {'floor':>9} {'dec':>5} {'agree':>9}"
          f"{'no tries':>9} {'dec':>5} {'tries':>9} {'dec':>5} {'near':>5} {'agree':>9}")
    for seed in args.seeds:
        compare(seed, args.n, args.solver)


if __name__ == "__main__":
    main()
