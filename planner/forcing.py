"""What forcing one initiative the other way costs (in the plan: forced out; cut: forced in).

- `counterfactual`: the forcing cost and who enters or leaves, from the forced re-solve's plan;
  cut short by a time limit, the range its bound proves.
- The re-solve's question and where it starts (`forced_question`, `fitted_start`,
  `neighbourhood_start`), and the forced plans the base already settles without a solve
  (`settled_by_the_base`).
- `lp_screen`: what the LP relaxation says of every forcing at once, the order of an
  explanation's work under a budget (the decisions nearest the margin first).

`planner.explain` puts these answers together; `planner.break_even` and `planner.prices` ask
the other questions of the same live model.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

from planner.errors import Undecided
from planner.evaluation import evaluate
from planner.model import TIERS, Commitment, Scenario
from planner.optimizer import Edits
from planner.results import Bounded, Plan
from planner.whatif import WhatIfs, differences, solve_in_time

# Initiatives from which a forced re-solve first searches its start's neighbourhood
# (`neighbourhood_start`, tens of milliseconds), and an effort search tries near its last
# witness before each full question (`break_even._Entry.near_the_last_witness`): on smaller scenarios the
# neighbourhood is nearly the whole model, and the tries cost more than they save (the bundled
# scenarios' sample-average explanations took 10-17% longer with them). A count, not a time, so
# the same scenario always takes the same path (the plans found are the same).
NEIGHBOURHOOD_FROM = 100
# ... and the engines whose forced re-solves there take seconds. CPLEX and Gurobi take about 0.1 s,
# and with the search explain-all took 4% longer on CPLEX (bench/README.md).
NEIGHBOURHOOD_ENGINES = frozenset({"highs"})


@dataclass(frozen=True)
class Counterfactual:
    """The best plan with one initiative forced the other way."""

    value: float | None  # the forced plan's value; None: no feasible plan that way (unproven: none found in time)
    cost: Bounded  # base value minus `value`; cut short: at most `cost.value`, at least `cost.other_end`
    entering: tuple[str, ...] = ()
    leaving: tuple[str, ...] = ()

    @property
    def proven(self) -> bool:
        return self.cost.proven


def counterfactual(base: Plan, forced: Plan | None) -> Counterfactual:
    """What forcing costs, from the forced re-solve's plan (None: no feasible plan)."""
    if forced is None:
        return Counterfactual(None, Bounded(None))
    proven = forced.proven
    least = None
    if not proven:
        if forced.solve.bound is not None:
            least = base.value - forced.solve.bound
        if base.solve.proven_optimal:  # then nothing forced beats it (within 0.01%), bound or not
            least = 0.0 if least is None else max(0.0, least)
    return Counterfactual(forced.value, Bounded(base.value - forced.value, least, proven),
                          *differences(base.selected, forced.selected))


class Screened(NamedTuple):
    """What the LP relaxation says of forcing one initiative the other way (`lp_screen`)."""

    least: float  # proven: forcing it costs at least this (0 where the LP cannot tell; inf: no plan that way)
    lp_cost: float  # what forcing it costs the LP relaxation itself: no proof, but the order of the work


def lp_screen(context: WhatIfs, ids: list[str]) -> dict[str, Screened]:
    """For each initiative, what the LP relaxation with it forced the other way says: the least
    that forcing costs (no plan that way beats the LP's optimum), and what it costs the LP itself.
    The LP's gap is often larger than a forcing cost, so the least cost is 0 for most initiatives
    (165 of 200 on a synthetic seed); the LP's own cost still ranks them (rank correlation 0.97
    with the true forcing costs there; bench/README.md), so the small ones are the decisions
    nearest the margin, the ones a stakeholder asks about. Past an explanation's budget the LP is
    asked no more: those initiatives are left out (least cost 0, and last in line)."""
    base, live = context.base, context.live
    out: dict[str, Screened] = {}
    try:
        relaxed = live.bound() if ids and not context.past_end else None
    except Undecided:
        relaxed = None  # no order to be had: by id
    for i in ids:
        if context.past_end:
            break
        edits = Edits(force_out=(i,)) if i in base.selected else Edits(force_in=(i,))
        try:
            bound = live.bound(edits)
        except Undecided:
            bound = float("inf")
        if bound == float("-inf"):
            out[i] = Screened(float("inf"), float("inf"))
        else:
            known = relaxed is not None and bound != float("inf")
            out[i] = Screened(max(0.0, base.value - bound), max(0.0, relaxed - bound) if known else 0.0)
    return out


def screened_counterfactual(context: WhatIfs, least: float, forced: Plan | None, known: bool, edits: Edits,
                             start: list[str]) -> Counterfactual:
    """A quick forced re-solve's answer, narrowed by the LP screen's least cost `least`."""
    base = context.base
    if known and forced is None:  # proven: no plan that way
        return Counterfactual(None, Bounded(None))
    if forced is not None:
        counter = counterfactual(base, forced)
        if counter.proven:
            return counter
        lower = max(least, counter.cost.other_end or 0.0)  # the LP screen may prove more than the cut-short re-solve
        return Counterfactual(counter.value, Bounded(max(lower, counter.cost.value), lower, proven=False),
                              counter.entering, counter.leaving)
    value = context.live.value(start, edits)  # nothing found in time: the repaired start, if it holds
    if value is None:
        return Counterfactual(None, Bounded(None, least, proven=False))
    return Counterfactual(value, Bounded(max(least, base.value - value), least, proven=False),
                          *differences(base.selected, tuple(start)))


def forced_question(context: WhatIfs, initiative_id: str) -> tuple[Edits, list[str]]:
    """The what-if that forces an initiative the other way, and a plan to start its re-solve
    from: selected, the base without it (and what needs it); cut, the base with it, repaired to
    fit (`fitted_start`)."""
    scenario, base = context.scenario, context.base
    if initiative_id in base.selected:
        dropped = {initiative_id} | {y.id for y in scenario.initiatives if initiative_id in scenario.requirements(y.id)}
        return Edits(force_out=(initiative_id,)), [i for i in base.selected if i not in dropped]
    start = fitted_start(context, initiative_id) or sorted(
        set(base.selected) | {initiative_id} | scenario.requirements(initiative_id))
    return Edits(force_in=(initiative_id,)), start


def neighbourhood_start(context: WhatIfs, edits: Edits, start: list[str]) -> list[str]:
    """A better plan than `start` to begin a short forced re-solve from, found by searching its
    neighbourhood (RINS, relaxation-induced neighbourhood search): every decision on which the
    LP relaxation under the edits, the base plan and the start (when it holds) all agree is
    kept, and a MILP over the rest (a few dozen decisions at N = 200, tens of milliseconds)
    finds the best plan among them. Any plan it finds holds for the edits (it only fixes more),
    but its optimality is the neighbourhood's, not the question's: it is only a start. `start`
    itself when nothing better comes in time, or where re-solves are quick and the search would
    only add to them: on a scenario under `NEIGHBOURHOOD_FROM` initiatives, or on an engine
    outside `NEIGHBOURHOOD_ENGINES`."""
    base = context.base
    if len(context.scenario.initiatives) < NEIGHBOURHOOD_FROM:
        return start
    live = context.quick_live  # its time limit bounds the search
    if not live.in_place or live.engine not in NEIGHBOURHOOD_ENGINES:
        return start
    try:
        relaxed = live.relaxed_selection(edits)
    except Undecided:
        return start
    if relaxed is None:
        return start
    start_value = live.value(start, edits)
    plans = [set(base.selected)] + ([set(start)] if start_value is not None else [])
    keep_in = [i for i, v in relaxed.items() if v > 1 - 1e-6 and all(i in p for p in plans)]
    keep_out = [i for i, v in relaxed.items() if v < 1e-6 and not any(i in p for p in plans)]
    neighbourhood = dataclasses.replace(edits, force_in=tuple(dict.fromkeys((*edits.force_in, *keep_in))),
                                        force_out=tuple(dict.fromkeys((*edits.force_out, *keep_out))))
    found, _ = solve_in_time(live, neighbourhood, start=start)
    if found is None or (start_value is not None and found.value <= start_value):
        return start
    return list(found.selected)


def settled_by_the_base(context: WhatIfs, initiative_id: str, selected: bool) -> Counterfactual | None:
    """A forced what-if the base plan settles without a solve, or None. When the base is proven
    optimal and the base moved the forced way (with the initiative and its prerequisites added,
    or without it and what needs it) meets every constraint and keeps the base's value, that plan
    is a best one that way: nothing that way beats a proven optimum. Initiatives that move no KR
    (groundwork, a long chain of enablers) are the common case, and each would cost a solve."""
    scenario, base, live = context.scenario, context.base, context.live
    if not base.solve.proven_optimal:
        return None
    if selected:
        needs_it = {y.id for y in scenario.initiatives if initiative_id in scenario.requirements(y.id)}
        moved = [i for i in base.selected if i != initiative_id and i not in needs_it]
        edits = Edits(force_out=(initiative_id,))
    else:
        moved = sorted(set(base.selected) | {initiative_id} | scenario.requirements(initiative_id))
        edits = Edits(force_in=(initiative_id,))
    value = live.value(moved, edits)
    if value is None or value < base.value - 1e-12:
        return None
    return Counterfactual(value, Bounded(max(0.0, base.value - value)), *differences(base.selected, tuple(moved)))


def fitted_start(context: WhatIfs, forced: str | None = None, scenario: Scenario | None = None) -> list[str] | None:
    """A plan to start a what-if's re-solve from: the base plan, plus the initiative `forced`
    in (and what it requires) minus what it excludes, minus the initiatives worth least per
    unit of the effort in excess (on full teams first, then in a tier outside its split band),
    until every constraint of `scenario` (default: the base's) holds. A start that meets the
    constraints reaches HiGHS whole, so a short what-if still returns a good plan. None when
    this fails (an objective's minimum, say): the solver then completes the start itself."""
    base, scenario = context.base, scenario or context.scenario
    keep = set() if forced is None else {forced} | scenario.requirements(forced)
    start = (set(base.selected) | keep) - {j for i in keep for j in scenario.exclusive_with(i)}
    worth = context.drop_values
    while True:
        evaluation = evaluate(scenario, sorted(start))
        if evaluation.feasible:
            return sorted(start)
        needed = set().union(*(scenario.requirements(j) for j in start))
        movable = [scenario.initiative(j) for j in sorted(start - keep - needed)
                   if scenario.initiative(j).commit is not Commitment.IN]
        full = {t.id for t in scenario.teams if t.is_over(evaluation.team_use[t.id])}
        if full:
            excess = {j.id: sum(v for t, v in j.effort.items() if t in full) for j in movable}
        elif scenario.split is not None:
            shares = evaluation.split_shares
            over = {t for t in TIERS if scenario.split.position(t, shares[t]) > 0}
            under = {t for t in TIERS if scenario.split.position(t, shares[t]) < 0}
            shrink = over or (set(TIERS) - under if under else set())
            excess = {j.id: j.total_effort for j in movable if j.tier in shrink}
        else:
            excess = {}
        excess = {j: e for j, e in excess.items() if e > 0}
        if not excess:
            return None
        start.remove(min(excess, key=lambda j: (worth.get(j, 0.0) / excess[j], j)))
