"""Why each initiative is in or out, what it would take to change that, and what the
constraints cost. Every number comes from re-solving (or from the evaluator), never a guess.

- In the plan: the value lost if it were forced out, and what would replace it.
- Out of the plan: the value lost if it were forced in and what it would displace; the
  constraints that keep it out (the evaluator's verdict on the plan with it added); and the
  break-even: how much larger its impacts, or how much smaller its effort, must be for it to
  enter the optimal plan (bisection over re-solves).
- Prices: one unit more (and less) of each team's capacity; the split; each commitment.

Values are in the optimizer's objective (`Plan.value`), so "points" are points of expected
attainment on the optimizer's samples (or of the point score with the point objective).

Each re-solve gets the settings' time limit. A re-solve that hits it is never reported as exact:
its answer becomes the range the solver proved (`proven=False`), and a break-even search stops at
the bracket it had proven when a decision could not be settled.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from planner.constraints import Constraint, ConstraintKind
from planner.errors import Problem, ScenarioError, Undecided
from planner.evaluation import Violation, check_ids, evaluate
from planner.forecast import expected_attainments
from planner.frames import frame
from planner.model import MAX_AMOUNT, TIERS, Commitment, Scenario
from planner.optimizer import REFUTATION_TOLERANCE, Edits, LiveModel, diagnose, less_effort_only_helps, optimize
from planner.results import Bounded, Plan
from planner.settings import Risk, Settings
from planner.whatif import QUICK_LIMIT, Answer, Progress, WhatIfs, differences, parallel_map, solve_in_time

IMPACT_PRECISION = 0.05  # break-even factors are stated within 5%
EFFORT_PRECISION = 0.05  # and effort within 5% of the initiative's effort
MAX_IMPACT_FACTOR = 20.0  # beyond 20x its estimate, "no plausible impact brings it in"
# Initiatives from which a forced re-solve first searches its start's neighbourhood
# (`_neighbourhood_start`, tens of milliseconds), and an effort search tries near its last
# witness before each full question (`_Entry.near_the_last_witness`): on smaller scenarios the
# neighbourhood is nearly the whole model, and the tries cost more than they save (the bundled
# scenarios' sample-average explanations took 10-17% longer with them). A count, not a time, so
# the same scenario always takes the same path (the plans found are the same).
NEIGHBOURHOOD_FROM = 100
# ... and the engines whose forced re-solves there take seconds. CPLEX and Gurobi take about 0.1 s,
# and with the search explain-all took 4% longer on CPLEX (bench/README.md).
NEIGHBOURHOOD_ENGINES = frozenset({"highs"})
ENTERS = 1e-7  # a value this much above the base counts as better (solver noise is below)
SPLIT_POLICY = "split"


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


@dataclass(frozen=True)
class BreakEven:
    """How much more impact or less effort brings a cut initiative in. Settled answers are within
    5%; an unsettled one (a decision hit the time limit) is the bracket proven so far."""

    # `value`: its impacts times this bring it in (None: not within 20x, or unsettled);
    # `other_end`: proven, no factor up to this brings it in (the break-even lies between).
    impact: Bounded
    # `value`: at this fraction of its effort it comes in, the largest such within 5% (None: no
    # cut in its effort brings it in, or unsettled); `other_end`: proven, no fraction from this
    # up brings it in. (Less effort need not help: a split band can count its effort.)
    effort: Bounded

    @property
    def settled(self) -> bool:
        return self.impact.proven and self.effort.proven


@dataclass(frozen=True)
class InitiativeExplanation:
    initiative_id: str
    selected: bool
    counterfactual: Counterfactual
    blockers: tuple[Violation, ...] | None = ()  # out: the constraints adding it would break (None: not checked)
    adds: float | None = None  # out and unblocked: what adding it to the plan as is changes
    break_even: BreakEven | None = None
    needed_by: tuple[str, ...] = ()  # in, and no plan without it: the conflicting constraints (diagnosis)


@dataclass(frozen=True)
class CapacityPrice:
    team_id: str
    step: float
    gain: Bounded  # value of `step` more units (cut short: at least `value`, at most `other_end`; None: no plan in time)
    loss: Bounded  # value lost with `step` fewer units (None when capacity < step; cut short: at most `value`)
    entering: tuple[str, ...]  # with more capacity
    leaving: tuple[str, ...]  # with less capacity
    leaving_with_more: tuple[str, ...] = ()  # what more capacity swaps out (to fit a larger initiative)
    entering_with_less: tuple[str, ...] = ()  # what fills the space less capacity leaves

    @property
    def proven(self) -> bool:
        return self.gain.proven and self.loss.proven


@dataclass(frozen=True)
class PolicyPrice:
    policy: str  # "split", or a commitment's `Constraint` (commit[<id>])
    cost: Bounded  # value given up to respect it (None: without it there is no plan either; cut short: at least)
    entering: tuple[str, ...] = ()
    leaving: tuple[str, ...] = ()

    @property
    def proven(self) -> bool:
        return self.cost.proven


@dataclass(frozen=True)
class Explanation:
    base: Plan
    settings: Settings
    initiatives: tuple[InitiativeExplanation, ...]
    capacity: tuple[CapacityPrice, ...]
    policies: tuple[PolicyPrice, ...]
    # The plan's expected attainment on the fresh samples `plan` headlines with (None without a
    # forecast): the what-ifs are measured on the optimizer's own samples (`base.value`).
    expected_attainment: float | None = None

    def initiative(self, initiative_id: str) -> InitiativeExplanation:
        return next(e for e in self.initiatives if e.initiative_id == initiative_id)

    @property
    def unsettled(self) -> int:
        """How many answers hit the what-if time limit and are stated as the ranges proven."""
        def open_(x: InitiativeExplanation) -> bool:
            b = x.break_even
            return not x.counterfactual.proven or (b is not None and not b.settled)

        return (sum(open_(x) for x in self.initiatives) + sum(not c.proven for c in self.capacity)
                + sum(not p.proven for p in self.policies))

    @property
    def capacity_settled(self) -> bool:
        """Whether every capacity step's gain is proven, so that no best one means none helps."""
        return all(c.gain.proven for c in self.capacity)

    @property
    def best_capacity(self) -> CapacityPrice | None:
        priced = [c for c in self.capacity if c.gain.value is not None and c.gain.value > ENTERS]
        return max(priced, key=lambda c: (c.gain.value, c.team_id)) if priced else None

    def table(self):
        """One row per initiative (index: id), for notebooks: in or out, what forcing it the
        other way costs (in score, 0-1) and who enters or leaves, what blocks it, its break-evens
        (fraction of its effort, factor on its impacts). `planner.phrasing.sentence` words a row.

        >>> from planner.loading import load_scenario
        >>> e = explain(load_scenario("scenarios/onboarding-q3.yaml"), Settings(objective="point", workers=1))
        >>> table = e.table()
        >>> table[table.selected]["cost"].astype(float).idxmax()  # the one the plan would miss most
        'mfa-recovery'
        """
        rows = []
        for x in self.initiatives:
            c, b = x.counterfactual, x.break_even
            rows.append({
                "id": x.initiative_id, "selected": x.selected, "cost": c.cost.value, "cost_at_least": c.cost.other_end,
                "proven": c.proven and (b is None or b.settled),
                "entering": ", ".join(c.entering), "leaving": ", ".join(c.leaving),
                "blockers": None if x.blockers is None else ", ".join(v.constraint for v in x.blockers),
                "effort_break_even": None if b is None else b.effort.value,
                "impact_break_even": None if b is None else b.impact.value,
            })
        columns = ["id", "selected", "cost", "cost_at_least", "proven", "entering", "leaving", "blockers",
                   "effort_break_even", "impact_break_even"]
        return frame(rows, columns)

    def prices(self):
        """The price of each team's capacity (one step more, one step less) and of each policy,
        in score (0-1), as one DataFrame (index: what is changed)."""
        rows = [{"change": f"{c.team_id} +{c.step:g}", "value": c.gain.value, "proven": c.proven,
                 "bound": c.gain.other_end, "entering": ", ".join(c.entering), "leaving": ""} for c in self.capacity]
        rows += [{"change": f"{c.team_id} -{c.step:g}", "value": lost.value, "proven": c.proven, "bound": lost.other_end,
                  "entering": "", "leaving": ", ".join(c.leaving)}
                 for c in self.capacity for lost in [c.loss.scaled(-1.0)]]
        rows += [{"change": f"drop {p.policy}", "value": p.cost.value, "proven": p.proven, "bound": p.cost.other_end,
                  "entering": ", ".join(p.entering), "leaving": ", ".join(p.leaving)} for p in self.policies]
        return frame(rows, ["change", "value", "proven", "bound", "entering", "leaving"], index="change")


def explain(scenario: Scenario, settings: Settings | None = None, initiative: str | None = None,
            base: Plan | None = None, progress: Progress | None = None,
            capacity_step: float | None = None, on_answer: Answer | None = None) -> Explanation:
    """Explain the optimal plan: every initiative (or one), capacity prices and policy prices.
    Each team's capacity is priced at `capacity_step` more and less, or by default at a typical
    initiative's effort on that team (`typical_step`): one unit rarely lets anything in.
    `on_answer(base, answer)` gets the plan explained and each initiative's explanation or price
    as it settles (with a budget, the ones nearest the margin first), to show them before the
    rest are done.

    >>> from planner import load_scenario
    >>> e = explain(load_scenario("scenarios/onboarding-q3.yaml"), Settings(objective="point", workers=1), "sso")
    >>> effort = e.initiative("sso").break_even.effort  # it enters at the one fraction, not from the other up
    >>> e.initiative("sso").selected, round(effort.value, 2), round(effort.other_end, 2)
    (False, 0.13, 0.18)
    """
    settings = settings or Settings()
    if capacity_step is not None and not 0 < capacity_step <= MAX_AMOUNT:  # nan too
        raise ScenarioError(Problem("capacity_step", f"a step of {capacity_step:g}",
                                    f"use a positive amount up to {MAX_AMOUNT:g} {scenario.units}"))
    base = base or optimize(scenario, settings)
    ids = check_ids(scenario, [initiative], "initiative") if initiative else [x.id for x in scenario.initiatives]
    context = WhatIfs(scenario, settings, base)
    jobs: list[tuple] = []
    if initiative is None:
        jobs += [("capacity", (t.id, capacity_step or typical_step(scenario, t.id))) for t in scenario.teams]
        jobs += [("policy", p) for p in _policies(scenario)]
    heard = None if on_answer is None else lambda answer: on_answer(base, answer)
    if settings.explain_budget is None:
        results = parallel_map(_job, [("initiative", i) for i in ids] + jobs, settings.workers, progress,
                               shared=context, expected_pace=base.solve.solve_seconds,  # a re-solve or more each
                               on_answer=heard)
    else:
        results = _within_budget(context, ids, jobs, progress, heard)
    order = {x.id: n for n, x in enumerate(scenario.initiatives)}
    return Explanation(
        base, settings,
        tuple(sorted((r for r in results if isinstance(r, InitiativeExplanation)),
                     key=lambda r: order[r.initiative_id])),
        tuple(r for r in results if isinstance(r, CapacityPrice)),
        tuple(r for r in results if isinstance(r, PolicyPrice)),
        expected_attainments(scenario, [base.selected], settings.forecast_samples, settings.seed).get(base.selected),
    )


FORCING_SHARE = 0.5  # of an explanation's budget, for the forcing costs (the break-evens get the rest)
# Past the budget, the break-evens left get what is proven without a search (`screened_impact_break_even`,
# `screened_effort_break_even`: an LP bound and the evaluator each, about 14 ms for both at N = 200 and
# 30 ms at N = 1000) for at most this share of the budget more; after that, and for forcing costs, only what the LP screen proved.
SCREENED_SHARE = 0.2


def _within_budget(context: WhatIfs, ids: list[str], prices: list[tuple], progress, heard) -> list:
    """An explanation under `explain_budget`, in two passes, each nearest the margin first (by
    the LP screen): every initiative's forcing cost, then the prices (past the forcing costs'
    share of the budget, a quick re-solve each, as a proven range; past the budget, the LP
    screen's range), then the cut initiatives' break-evens, every impact break-even before the
    first effort one, until the budget ends (past it, what is proven without a search, for
    `SCREENED_SHARE` of the budget more). Forcing costs come first because every initiative has
    one and each takes a single re-solve; a price takes two, of a larger step. An impact
    break-even takes one or two decisions, an effort one three or more (bench/README.md). No
    question runs past the budget's end: each gets the time left, if that is less than its
    what-if limit."""
    settings = context.settings
    started = time.time()
    context.end = started + settings.explain_budget
    context.screened_until = context.end + SCREENED_SHARE * settings.explain_budget
    context.screen = lp_screen(context, ids)
    ordered = sorted(ids, key=lambda i: (context.screen[i].lp_cost if i in context.screen else float("inf"), i))
    kept_back = min(settings.explain_budget / 2, len(ids) * QUICK_LIMIT / settings.workers)  # for the quick ones
    context.deadline = started + FORCING_SHARE * (settings.explain_budget - kept_back)
    # Each answer is a re-solve or more (the base solve's pace), unless the LP screen took the
    # whole budget: then each is what the screen proved, and the first one's pace shows it.
    first = parallel_map(_job, [("forcing", i) for i in ordered] + prices, settings.workers, progress,
                         shared=context, expected_pace=None if context.past_end else context.base.solve.solve_seconds,
                         on_answer=None if heard is None else lambda result: heard(
                             result[0] if isinstance(result, tuple) else result))
    answers = {r[0].initiative_id: r for r in first if isinstance(r, tuple)}
    cut = [answers[i] for i in ordered if _wants_break_even(context, answers[i][0])]
    halves: dict[str, dict[str, Bounded]] = {pair[0].initiative_id: {} for pair in cut}

    def settled(result) -> None:  # an initiative is heard of once both its break-evens are in
        kind, i, bounded = result
        halves[i][kind] = bounded
        if heard is not None and len(halves[i]) == 2:
            heard(_with_halves(answers[i][0], halves[i]))

    parallel_map(_job, [("impact", pair) for pair in cut] + [("effort", pair) for pair in cut], settings.workers,
                 progress, shared=context,
                 expected_pace=None if context.past_screening else context.base.solve.solve_seconds, on_answer=settled)
    final = {i: _with_halves(answers[i][0], parts) for i, parts in halves.items()}
    final |= {i: pair[0] for i, pair in answers.items() if not _wants_break_even(context, pair[0])}
    return [r for r in first if not isinstance(r, tuple)] + [final[i] for i in ordered]


def _with_halves(answer: InitiativeExplanation, halves: dict[str, Bounded]) -> InitiativeExplanation:
    return dataclasses.replace(answer, break_even=BreakEven(halves["impact"], halves["effort"]))


def _job(context: WhatIfs, job):
    kind, key = job
    if kind == "initiative":
        return explain_initiative(context, key)
    if kind == "forcing":
        return screened_initiative(context, key) if context.past_deadline else forcing_answer(context, key)
    if kind in ("impact", "effort"):
        answer, forced = key
        return kind, answer.initiative_id, _break_even_half(context, kind, answer, forced)
    if kind == "capacity":
        return capacity_price(context, *key)
    return policy_price(context, key)


def _break_even_half(context: WhatIfs, kind: str, answer: InitiativeExplanation, forced: Plan | None) -> Bounded:
    """One of a cut initiative's break-evens under the budget: searched, or past the budget's
    end what is proven without a search, or past that unsettled."""
    if context.past_screening:  # unsettled, whichever pass answered its forcing cost
        return getattr(UNSETTLED_BREAK_EVEN, kind)
    if kind == "impact":
        return (screened_impact_break_even(context, answer, forced) if context.past_end
                else impact_break_even(context, answer, forced))
    return screened_effort_break_even(context, answer, forced) if context.past_end else effort_break_even(context, answer)


def _policies(scenario: Scenario) -> list[str]:
    out = [SPLIT_POLICY] if scenario.split is not None else []
    return (out + [Constraint.commit(x.id) for x in scenario.initiatives if x.commit is not None]
            + [Constraint.guardrail(g.id) for g in scenario.guardrails])


# --- initiatives ---------------------------------------------------------------------------

def explain_initiative(context: WhatIfs, initiative_id: str) -> InitiativeExplanation:
    """Why one initiative is in or out of `context.base`, and what would change that."""
    answer, forced = forcing_answer(context, initiative_id)
    return answer if not _wants_break_even(context, answer) else with_break_even(context, answer, forced)


def _wants_break_even(context: WhatIfs, answer: InitiativeExplanation) -> bool:
    """A cut initiative that is not committed: what would bring it in is a question."""
    return not answer.selected and context.scenario.initiative(answer.initiative_id).commit is None


def forcing_answer(context: WhatIfs, initiative_id: str) -> tuple[InitiativeExplanation, Plan | None]:
    """The answer without the break-even searches: what forcing it the other way costs (and, cut,
    what keeps it out), with the forced plan found (a start for the searches)."""
    scenario, base, live = context.scenario, context.base, context.live
    x = scenario.initiative(initiative_id)
    selected = initiative_id in base.selected
    if x.commit is not None:
        counter = Counterfactual(None, Bounded(None))
        return InitiativeExplanation(initiative_id, selected, counter), None
    edits, start = _forced_question(context, initiative_id)
    counter, forced = _settled_by_the_base(context, x.id, selected), None
    if counter is None:
        forced, known = solve_in_time(live, edits, start=_neighbourhood_start(context, edits, start))
        counter = counterfactual(base, forced) if known else Counterfactual(None, Bounded(None, proven=False))
    if selected:
        needed_by = (diagnose(scenario, Edits(force_out=(x.id,)), context.settings.solver).conflicting
                     if counter.proven and counter.value is None else ())
        return InitiativeExplanation(initiative_id, True, counter, needed_by=needed_by), forced
    with_it = sorted(set(base.selected) | {x.id} | scenario.requirements(x.id))
    blockers = evaluate(scenario, with_it).violations
    adds = None if blockers else live.value(with_it) - base.value
    return InitiativeExplanation(initiative_id, False, counter, blockers, adds), forced


def with_break_even(context: WhatIfs, answer: InitiativeExplanation, forced: Plan | None) -> InitiativeExplanation:
    """A cut initiative's answer with its break-evens: how much more impact, or less effort,
    brings it in (bisection over re-solves)."""
    break_even = BreakEven(impact_break_even(context, answer, forced), effort_break_even(context, answer))
    return dataclasses.replace(answer, break_even=break_even)


def impact_break_even(context: WhatIfs, answer: InitiativeExplanation, forced: Plan | None) -> Bounded:
    """The factor on a cut initiative's impacts that brings it in (`BreakEven.impact`)."""
    impact, impact_out, settled = _impact_break_even(context, answer.initiative_id, answer.counterfactual, forced)
    return Bounded(impact, impact_out, settled)


def effort_break_even(context: WhatIfs, answer: InitiativeExplanation) -> Bounded:
    """The fraction of a cut initiative's effort at which it comes in (`BreakEven.effort`)."""
    i = answer.initiative_id
    if _no_effort_question(context, i):
        return Bounded(None, 0.0, True)
    effort, effort_out, settled = _effort_break_even(context, i)
    return Bounded(effort, effort_out, settled)


UNSETTLED_BREAK_EVEN = BreakEven(Bounded(None, 1.0, False), Bounded(None, 1.0, False))  # cut, and no search made


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


def screened_initiative(context: WhatIfs, initiative_id: str) -> tuple[InitiativeExplanation, Plan | None]:
    """An initiative answered after its share of the explanation's budget: one quick re-solve
    forced the other way (`QUICK_LIMIT`), without break-evens (the budget's second pass asks for
    them, as for `forcing_answer`'s). The forcing cost is exact when
    that re-solve settles; else it lies between the larger of the LP screen's and the re-solve's
    least cost and what the best plan found that way (or the repaired start) gives up. Past the
    whole budget, no solve at all: at least the LP screen's least cost. With the plan found that
    way, if any (a witness for `screened_impact_break_even`)."""
    scenario, base = context.scenario, context.base
    x = scenario.initiative(initiative_id)
    selected = initiative_id in base.selected
    if x.commit is not None:
        return explain_initiative(context, initiative_id), None  # answered without a solve
    least = context.screen[initiative_id].least if context.screen and initiative_id in context.screen else 0.0
    forced = None
    if least == float("inf"):  # the LP proves there is no plan that way
        counter = Counterfactual(None, Bounded(None))
    elif context.past_end:  # the budget spent: what the LP screen proved, no more
        counter = Counterfactual(None, Bounded(None, least, proven=False))
    else:
        edits, start = _forced_question(context, initiative_id)
        forced, known = solve_in_time(context.quick_live, edits, start=_neighbourhood_start(context, edits, start))
        counter = _screened_counterfactual(context, least, forced, known, edits, start)
    if selected:
        return InitiativeExplanation(initiative_id, True, counter), forced
    if context.past_end:  # not even what adding it would break or add: two evaluations, 0.1 s at N = 5,000
        return InitiativeExplanation(initiative_id, False, counter, None, None), None
    with_it = sorted(set(base.selected) | {x.id} | scenario.requirements(x.id))
    blockers = evaluate(scenario, with_it).violations
    adds = None if blockers else context.live.value(with_it) - base.value
    return InitiativeExplanation(initiative_id, False, counter, blockers, adds), forced


def _screened_counterfactual(context: WhatIfs, least: float, forced: Plan | None, known: bool, edits: Edits,
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


def _forced_question(context: WhatIfs, initiative_id: str) -> tuple[Edits, list[str]]:
    """The what-if that forces an initiative the other way, and a plan to start its re-solve
    from: selected, the base without it (and what needs it); cut, the base with it, repaired to
    fit (`_fitted_start`)."""
    scenario, base = context.scenario, context.base
    if initiative_id in base.selected:
        dropped = {initiative_id} | {y.id for y in scenario.initiatives if initiative_id in scenario.requirements(y.id)}
        return Edits(force_out=(initiative_id,)), [i for i in base.selected if i not in dropped]
    start = _fitted_start(context, initiative_id) or sorted(
        set(base.selected) | {initiative_id} | scenario.requirements(initiative_id))
    return Edits(force_in=(initiative_id,)), start


def _neighbourhood_start(context: WhatIfs, edits: Edits, start: list[str]) -> list[str]:
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


def _settled_by_the_base(context: WhatIfs, initiative_id: str, selected: bool) -> Counterfactual | None:
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


def _no_effort_question(context: WhatIfs, initiative_id: str) -> bool:
    """No fraction of its effort can bring it in: it moves nothing, so even free it would not
    beat a proven optimum, and less of its effort only helps (else its effort may be what lets a
    better plan meet a split band at some fraction: `less_effort_only_helps`)."""
    return (_moves_nothing(context.scenario, initiative_id) and context.base.solve.proven_optimal
            and less_effort_only_helps(context.scenario, initiative_id))


def _moves_nothing(scenario: Scenario, initiative_id: str) -> bool:
    """It changes no KR and no guardrail: whatever its effort, it cannot beat a plan without it."""
    x = scenario.initiative(initiative_id)
    return all(e.low == e.likely == e.high == 0 for e in (*x.impacts.values(), *x.guardrail_impacts.values()))


def _fitted_start(context: WhatIfs, forced: str | None = None, scenario: Scenario | None = None) -> list[str] | None:
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


class _Entry:
    """Does a cut initiative enter the optimal plan once its impacts or effort are scaled?

    It enters when its best plan beats the base plan, which stays the best plan without it (the
    edit touches only this initiative). Cheap proofs first: a plan with it already known
    (a witness) that beats the base proves yes; at a search's far end (20x its impacts, or no
    effort at all), an LP bound that cannot beat it proves no; only then a decision solve,
    which stops as soon as either is settled. None: the decision hit the time limit unsettled.
    Inside a search the LP bound is not asked: the LP's gap is wider than the margins there (on
    synthetic N = 200 seed 1, 40 cut initiatives, it settled none of 176 such questions and
    all 3 "not within 20x")."""

    def __init__(self, context: WhatIfs, initiative_id: str, witnesses=(), live: LiveModel | None = None):
        self.live, self.i = live or context.live, initiative_id
        self.threshold = context.base.value + ENTERS
        self.base_selection = frozenset(context.base.selected)
        self.witnesses = list(witnesses)

    def edits(self, impact: float = 1.0, effort: float = 1.0) -> Edits:
        return Edits(force_in=(self.i,), impacts=((self.i, impact),) if impact != 1.0 else (),
                     effort=((self.i, effort),) if effort != 1.0 else ())

    def witnessed(self, **scale: float) -> bool:
        """A known plan with it beats the base under this scaling (no solver)."""
        edits = self.edits(**scale)
        for selection in reversed(self.witnesses):
            value = self.live.value(selection, edits)
            if value is not None and value > self.threshold:
                return True
        return False

    def confirmed_factor(self, selection, impact: float) -> float | None:
        """The factor on its impacts, `impact` or just above it (the engine's tolerances), at
        which this plan an engine found beats the base by the evaluator, or None; a plan
        confirmed becomes a witness."""
        for margin in (1e-9, 1e-6, 1e-4):
            factor = impact * (1 + margin)
            value = self.live.value(selection, self.edits(impact=factor))
            if value is not None and value > self.threshold:
                self.witnesses.append(tuple(selection))
                return factor
        return None

    def confirmed_fraction(self, selection, fraction: float, lower: float) -> float | None:
        """The fraction of its effort, `fraction` or just beside it within [`lower`, 1] (the
        engine's tolerances), at which this plan an engine found beats the base by the
        evaluator, or None; a plan confirmed becomes a witness."""
        for margin in (0.0, 1e-9, 1e-6, 1e-4):
            for candidate in (fraction - margin, fraction + margin):
                candidate = min(1.0, max(lower, candidate))
                value = self.live.value(selection, self.edits(effort=candidate))
                if value is not None and value > self.threshold:
                    self.witnesses.append(tuple(selection))
                    return candidate
        return None

    def at_fraction(self, fraction: float) -> float | bool | None:
        """The effort search's question where being in is monotone in the fraction: `fraction`
        if it enters there, False if not (nor at any larger one), None if undecided."""
        verdict = self(effort=fraction, inside=fraction > 0)
        return fraction if verdict else verdict

    def at_some_fraction_from(self, lower: float) -> float | bool | None:
        """The effort search's question where it is not: a fraction from `lower` up at which it
        enters (a plan the evaluator confirms), False if there is none, None if undecided or
        the engine's plan is not confirmed."""
        try:
            witness = self.live.beats_at_some_effort_fraction(self.i, lower, self.threshold)
        except Undecided:
            return None
        if witness is None:
            return False
        return self.confirmed_fraction(witness.selection, witness.factor, lower)

    def near_the_last_witness(self, lower: float) -> float | None:
        """A fraction of its effort from `lower` up at which a plan near the last witness brings
        it in (confirmed by the evaluator), or None, which proves nothing: a quick try before
        the effort search's full question. Near: the witness's initiatives that the base plan
        also holds and that share no team with it stay in; the rest is free (the swaps on its
        teams, and any initiative the witness leaves out). With most decisions held, the
        engine answers in a fraction of a full decision's time (bench/README.md); only on a
        live model."""
        scenario = self.live.scenario
        if not self.live.in_place or not self.witnesses or len(scenario.initiatives) < NEIGHBOURHOOD_FROM:
            return None
        teams = set(scenario.initiative(self.i).teams)
        held = tuple(j for j in self.witnesses[-1] if j != self.i and j in self.base_selection
                     and teams.isdisjoint(scenario.initiative(j).teams))
        try:
            witness = self.live.beats_at_some_effort_fraction(self.i, lower, self.threshold, Edits(force_in=held))
        except Undecided:
            return None
        return None if witness is None else self.confirmed_fraction(witness.selection, witness.factor, lower)

    def without_search(self, **scale: float) -> bool | None:
        """The cheap proofs alone: True by a witness, False by the LP bound, None when neither
        settles it."""
        if self.witnessed(**scale):
            return True
        try:
            return False if self.live.bound(self.edits(**scale)) <= self.threshold else None
        except Undecided:
            return None

    def __call__(self, *, inside: bool = False, **scale: float) -> bool | None:
        """The answer under this scaling; `inside`: a question inside a search's bracket."""
        cheap = (True if self.witnessed(**scale) else None) if inside else self.without_search(**scale)
        if cheap is not None:
            return cheap
        try:
            plan = self.live.beats(self.threshold, self.edits(**scale),
                                   start=self.witnesses[-1] if self.witnesses else None)
        except Undecided:
            return None
        if plan is not None:
            self.witnesses.append(plan.selected)
        return plan is not None


def _impact_break_even(context: WhatIfs, i: str, counter: Counterfactual, forced: Plan | None
                       ) -> tuple[float | None, float, bool]:
    """(factor on its impacts at which it enters, factor at which it is proven to stay out,
    settled). Settled: within 5%, or None when not even 20x brings it in."""
    if _no_impact_question(context.scenario, i, counter):
        return None, 1.0, True
    floor = _impact_floor(context, i, forced)
    enters = _Entry(context, i, [forced.selected] if forced else [])
    high, low, settled = _bisected_impact(enters, floor)
    if settled and not context.live.more_impact_only_helps(i):
        return _no_factor_below(context, enters, high, low, floor)
    return high, low, settled


def _impact_floor(context: WhatIfs, i: str, forced: Plan | None) -> float:
    """A factor on a cut initiative's impacts up to which, proven without a solve, it stays
    out (1.0 where nothing is proven this way).

    Its impacts times f change each KR's progress by (f - 1) times a fixed amount (in every
    sample: the draws scale with the estimates), and attainment (progress capped at 100%) moves
    no more than progress does. So no plan with it gains more than (f - 1) * `per_factor`
    (`_score_per_factor`) over its value at its estimate, which is at most the forced
    re-solve's proven bound: below 1 + (base - bound) / `per_factor` nothing with it beats the
    base plan. On synthetic N = 200 that settles three quarters of the impact break-evens
    without a decision (bench/README.md). Sound where the factor moves the objective alone: no
    guardrail, and no objective floor on a KR, that its scaled impacts reach."""
    if forced is None or forced.solve.bound is None:
        return 1.0
    scenario = context.scenario
    at_estimate, doubled = evaluate(scenario, [i]), evaluate(scenario.with_impacts_scaled(i, 2.0), [i])
    if any(a.change != b.change for a, b in zip(at_estimate.guardrails, doubled.guardrails, strict=True)):
        return 1.0
    moved = [(a, b) for a, b in zip(at_estimate.key_results, doubled.key_results, strict=True) if a.change != b.change]
    floored_objectives = {o.id for o in scenario.objectives if o.min_attainment is not None}
    if any(a.key_result.objective in floored_objectives for a, _ in moved):
        return 1.0
    per_factor = _score_per_factor(context, i, moved)
    if per_factor <= 0:
        return 1.0
    most_at_estimate = forced.solve.bound + REFUTATION_TOLERANCE  # the engine's bound, within its tolerances
    return max(1.0, 1.0 + (context.base.value + ENTERS - most_at_estimate) / per_factor)


def _score_per_factor(context: WhatIfs, i: str, moved) -> float:
    """The most one unit of factor on a cut initiative's impacts can add to a plan's value: its
    weighted progress in absolute terms (`moved`: each KR outcome it moves, at its estimate and
    at twice it); under a sample-average objective averaged over the samples, under the
    cautious one the largest in any sample (a mean of the worst samples moves no more than the
    most any one sample does)."""
    sampled = context.live.sampled
    if sampled is None:
        return sum(a.weight * abs(b.change - a.change) / abs(a.key_result.gap) for a, b in moved)
    kr_indices, progress = sampled.initiative(context.scenario.initiative(i))  # (samples, KRs) at its estimate
    per_sample = np.abs(progress) @ sampled.weights[kr_indices]
    return float(per_sample.mean() if context.settings.risk is Risk.NEUTRAL else per_sample.max())


def _no_impact_question(scenario: Scenario, i: str, counter: Counterfactual) -> bool:
    """No factor on its impacts can bring it in: it helps no KR that counts, or no plan can
    hold it at all."""
    x = scenario.initiative(i)
    helps = any(change * scenario.key_result(k).gap > 0 and scenario.kr_weight(scenario.key_result(k)) > 0
                for k, change in scenario.kr_effects(x).items())
    return not helps or (counter.proven and counter.value is None)


def _bisected_impact(enters: _Entry, floor: float = 1.0) -> tuple[float | None, float, bool]:
    """`_impact_break_even` by bisection over decisions at single factors: sound when more
    impact only helps (whether it is in is then monotone in the factor). `floor`: no factor up
    to it brings it in (`_impact_floor`)."""
    if floor >= MAX_IMPACT_FACTOR:
        return None, MAX_IMPACT_FACTOR, True
    verdict = enters(impact=MAX_IMPACT_FACTOR)
    if not verdict:
        return None, MAX_IMPACT_FACTOR if verdict is False else floor, verdict is False
    low, high = floor, MAX_IMPACT_FACTOR  # it stays out at `low` (at least: it is cut), enters at `high`
    probes = 0
    while high / low > 1 + IMPACT_PRECISION + 1e-9:
        high = _narrow(lambda f: enters.witnessed(impact=f), high, low, ratio=True, precision=IMPACT_PRECISION / 4)
        if high / low <= 1 + IMPACT_PRECISION + 1e-9:
            break
        # Probe just under what the known plans reach: one "no" there settles it. After two
        # "yes" in a row the known plans are poor guides, so bisect.
        probe = high / (1 + IMPACT_PRECISION) if probes < 2 else (low * high) ** 0.5
        verdict = enters(impact=probe, inside=True)
        if verdict is None:  # the closer probes are as hard: stop at the proven bracket
            return high, low, False
        if verdict:
            high, probes = probe, probes + 1
        else:
            low = probe
    return high, low, True


def _no_factor_below(context: WhatIfs, enters: _Entry, high: float | None, low: float, floor: float = 1.0
                     ) -> tuple[float | None, float, bool]:
    """A bisection's impact break-even, checked when more impact does not only help: the
    bisection proved it stays out at `low` (or at 20x, with `high` None) and enters at `high`,
    but a smaller factor may still bring it in. Whether *some* factor up to a limit brings it
    in is monotone in the limit, and one decision answers it (`beats_at_some_impact_factor`): so
    the least factor is found by bisection over limits, from `floor` (no factor up to it brings
    it in: `_impact_floor`; 1, it is cut) up to `low`."""
    i, live, threshold = enters.i, context.live, enters.threshold
    stays_out = floor  # proven: no factor up to this brings it in
    if high is None and stays_out >= MAX_IMPACT_FACTOR:
        return None, MAX_IMPACT_FACTOR, True
    if high is not None and high / stays_out <= 1 + IMPACT_PRECISION + 1e-9:
        return high, stays_out, True
    limit = low if high is not None else MAX_IMPACT_FACTOR
    probes = 0
    while True:
        try:
            witness = live.beats_at_some_impact_factor(i, limit, threshold)
        except Undecided:
            return high, stays_out, False  # cut short
        if witness is None:
            stays_out = limit
            if high is None:
                return None, MAX_IMPACT_FACTOR, True  # not within 20x, now over the whole range
        else:
            entered = enters.confirmed_factor(witness.selection, witness.factor)
            if entered is None:
                return high, stays_out, False  # the engine's plan, not confirmed by the evaluator: cut short
            high = _narrow(lambda f: enters.witnessed(impact=f), min(entered, high or entered), stays_out, ratio=True,
                           precision=IMPACT_PRECISION / 4)
        if high / stays_out <= 1 + IMPACT_PRECISION + 1e-9:
            return high, stays_out, True
        # Just under the known plans first (one "no" settles it), then halve the bracket.
        limit = high / (1 + IMPACT_PRECISION) if probes < 1 else (high * stays_out) ** 0.5
        probes += 1


def _effort_break_even(context: WhatIfs, i: str) -> tuple[float | None, float, bool]:
    """(fraction of its effort at which it enters, fraction from which up it is proven to stay
    out, settled). Settled: within 5%, or None when no cut in its effort brings it in. The base
    plan with it added (and what it requires, less what it excludes) is the first witness: where
    it adds anything, it proves "enters when free" without a solve, and how far its effort can
    grow before that plan breaks a constraint. Under a sample-average objective the point model
    answers the same question first (`_point_guide`)."""
    first, witnesses = _point_guide(context, i)
    return _effort_search(_Entry(context, i, [_base_with(context, i), *witnesses]), first)


def _effort_search(enters: _Entry, first: float | None = None) -> tuple[float | None, float, bool]:
    """`_effort_break_even`: the largest fraction of its effort at which it enters, within 5%.

    Each step asks one question just past the highest fraction a known plan proves (or at
    `first`, if inside the bracket): a "no" there settles it, a "yes" comes with a plan, whose
    fractions that still fit move the known end up. Close to a known plan, a "yes" is quick to
    find and the "no" is the one the answer needs anyway: on synthetic N = 200 (CPLEX, 60 cut
    initiatives per seed) this took 9-30% less time than bisecting on four seeds of five, 3-5%
    more on the fifth (bench/README.md).

    The question depends on whether being in is monotone in the fraction
    (`less_effort_only_helps`). Where it is, it is asked at one fraction (a "no" there holds at
    every larger one). Where it is not (a split band counts the initiative's own effort, so it
    may enter at a seventh of its effort, stay out at a fifth and enter again at two fifths), it
    is "does some fraction from g up bring it in?" (`beats_at_some_effort_fraction`), which is
    monotone in g.

    On scenarios of `NEIGHBOURHOOD_FROM` initiatives or more, each full question is first asked
    near the last witness (`_Entry.near_the_last_witness`), until one such try finds nothing:
    its plans are real, so a "yes" there moves the known end up for a fraction of a full
    decision's time, and after one fails the later ones seldom succeed. On synthetic N = 200
    (CPLEX, every cut initiative, one process) the searches took 6-23% less time on each of
    seeds 1-5 (bench/README.md)."""
    if enters.live.less_effort_only_helps(enters.i):
        decide = enters.at_fraction
    else:
        decide = enters.at_some_fraction_from
    low = 0.0 if enters.witnessed(effort=0.0) else None  # a fraction at which a known plan brings it in
    high = 1.0  # it stays out at every fraction from here up (it is cut at its whole effort)
    nearby = True  # try near the last witness before each full question
    if low is None:
        verdict = decide(0.0)
        if verdict is None:
            return None, 1.0, False
        if verdict is False:  # even free it would not come in: effort is not what keeps it out
            return None, 0.0, True
        low = verdict
    while True:
        low = _narrow(lambda g: enters.witnessed(effort=g), low, high, ratio=False, precision=EFFORT_PRECISION / 4)
        if high - low <= EFFORT_PRECISION + 1e-9:
            return low, high, True
        probe = first if first is not None and low < first < high else min(low + EFFORT_PRECISION, (low + high) / 2)
        first = None
        if nearby:
            found = enters.near_the_last_witness(probe)
            if found is not None:
                low = max(low, found)
                continue
            nearby = False
        verdict = decide(probe)
        if verdict is None:
            return low, high, False
        if verdict is False:
            high = probe
        else:
            low = max(low, verdict)


def _point_guide(context: WhatIfs, i: str) -> tuple[float | None, list[tuple[str, ...]]]:
    """Where a sample-average model's effort search should look first: the point model's own
    effort break-even for a cut initiative (its stays-out end, the decision that settles the
    bracket when the two models agree) and the plans that search found (witnesses, if their
    sampled value beats the base too). A point decision costs a tenth of a sampled one, and the
    two often agree, since an effort break-even is where some plan starts to fit. Nothing
    under the point objective, or when the point model's optimum holds the initiative.
    On multi-team-q4 (13 cut initiatives): 58 sampled decisions and 20.6 s for the effort
    searches without the guide, 21 and 9.5 s with it, every answer within the other's bracket."""
    point = context.point_guide
    if point is None or i in point.base.selected:
        return None, []
    enters = _Entry(point, i, [_base_with(point, i)])
    entered, stays_out, settled = _effort_search(enters)
    return (stays_out if settled and entered is not None else None), enters.witnesses


def _base_with(context: WhatIfs, i: str) -> tuple[str, ...]:
    """The base plan with an initiative added, and what it requires, less what it excludes."""
    scenario = context.scenario
    return tuple(sorted((set(context.base.selected) - scenario.exclusive_with(i)) | {i} | scenario.requirements(i)))


def _screened_entry(context: WhatIfs, i: str, forced: Plan | None) -> _Entry:
    # Past the budget's end the full model's questions have no time left: the LP bounds go to the quick one.
    return _Entry(context, i, [*([forced.selected] if forced else []), _base_with(context, i)], live=context.quick_live)


def screened_impact_break_even(context: WhatIfs, answer: InitiativeExplanation, forced: Plan | None) -> Bounded:
    """A cut initiative's impact break-even after the explanation's budget, without a decision
    solve: exact where the LP relaxation settles it (not within 20x its impacts), else the
    proven range the plans already known with it give (the forced plan found, and the base plan
    with it added): the factor on its impacts at which one of them beats the base plan, up to
    where it is cut today."""
    i = answer.initiative_id
    if _no_impact_question(context.scenario, i, answer.counterfactual):
        return Bounded(None, 1.0, True)
    floor = _impact_floor(context, i, forced)  # the quick re-solve's bound holds as well
    if floor >= MAX_IMPACT_FACTOR:
        return Bounded(None, MAX_IMPACT_FACTOR, True)
    enters = _screened_entry(context, i, forced)
    verdict = enters.without_search(impact=MAX_IMPACT_FACTOR)
    if verdict is False and enters.live.more_impact_only_helps(i):  # else a smaller factor may bring it in
        return Bounded(None, MAX_IMPACT_FACTOR, True)
    if enters.witnessed(impact=MAX_IMPACT_FACTOR):
        high = _narrow(lambda f: enters.witnessed(impact=f), MAX_IMPACT_FACTOR, floor, ratio=True,
                       precision=IMPACT_PRECISION / 4)
        return Bounded(high, floor, high / floor <= 1 + IMPACT_PRECISION + 1e-9)
    return Bounded(None, floor, False)


def screened_effort_break_even(context: WhatIfs, answer: InitiativeExplanation, forced: Plan | None) -> Bounded:
    """Its effort break-even the same way (`screened_impact_break_even`): exact where the LP
    relaxation settles it (not even when free), else the fraction of its effort at which a known
    plan with it beats the base plan."""
    i = answer.initiative_id
    if _no_effort_question(context, i):
        return Bounded(None, 0.0, True)
    enters = _screened_entry(context, i, forced)
    verdict = enters.without_search(effort=0.0)
    if verdict is False and enters.live.less_effort_only_helps(i):  # else some larger fraction may bring it in
        return Bounded(None, 0.0, True)  # even free it would not come in
    if verdict:
        return Bounded(_narrow(lambda g: enters.witnessed(effort=g), 0.0, 1.0, ratio=False,
                               precision=EFFORT_PRECISION / 4), 1.0, False)
    return Bounded(None, 1.0, False)


def _narrow(holds, yes: float, no: float, *, ratio: bool, precision: float) -> float:
    """Move `yes` (where the cheap test holds) toward `no` while the test still holds, by
    bisection, in ratio or in difference. Only `yes` is proven: the test failing is no proof."""
    while (yes / no - 1 if ratio else abs(no - yes)) > precision:
        middle = (yes * no) ** 0.5 if ratio else (yes + no) / 2
        if holds(middle):
            yes = middle
        else:
            no = middle
    return yes


# --- prices ---------------------------------------------------------------------------------

def typical_step(scenario: Scenario, team_id: str) -> float:
    """A capacity step worth pricing on a team: the median effort the initiatives put on it
    (what one more typical initiative would need), to one decimal; 1 when none uses the team.

    >>> from planner.loading import load_scenario
    >>> s = load_scenario("scenarios/onboarding-q3.yaml")
    >>> typical_step(s, "growth"), typical_step(s, "platform")
    (4.0, 3.5)
    """
    efforts = sorted(x.effort[team_id] for x in scenario.initiatives if x.effort.get(team_id, 0) > 0)
    if not efforts:
        return 1.0
    middle = len(efforts) // 2
    median = efforts[middle] if len(efforts) % 2 else (efforts[middle - 1] + efforts[middle]) / 2
    return max(0.1, round(median, 1))


def _pricing_model(context: WhatIfs):
    """The live model a price's re-solves get under an explanation's budget: the full one
    within the forcing costs' share, the quick one past it (a proven range), none past the whole
    budget (the price stays unsettled)."""
    if context.past_end:
        return None
    return context.quick_live if context.past_deadline else context.live


def capacity_price(context: WhatIfs, team_id: str, step: float = 1.0) -> CapacityPrice:
    """What `step` more (and fewer) units of a team's capacity are worth, by re-solving."""
    base, live = context.base, _pricing_model(context)
    if live is None:
        return CapacityPrice(team_id, step, Bounded(None, proven=False), Bounded(None, proven=False), (), ())
    capacity = context.scenario.team(team_id).capacity
    more, more_known = solve_in_time(live, Edits(capacity=((team_id, capacity + step),)), start=base.selected)
    fewer = Edits(capacity=((team_id, capacity - step),))
    less, less_known = (solve_in_time(live, fewer, start=_fitted_start(context, scenario=fewer.scenario(context.scenario)))
                        if capacity >= step else (None, True))
    proven = more_known and less_known and all(p is None or p.proven for p in (more, less))
    with_more = differences(base.selected, more.selected) if more else ((), ())
    with_less = differences(base.selected, less.selected) if less else ((), ())
    return CapacityPrice(
        team_id, step,
        gain=Bounded(max(0.0, more.value - base.value) if more else (0.0 if more_known else None),
                     None if proven or more is None or more.solve.bound is None else max(0.0, more.solve.bound - base.value),
                     proven),
        loss=Bounded(None if less is None else max(0.0, base.value - less.value),
                     None if proven or less is None or less.solve.bound is None else max(0.0, base.value - less.solve.bound),
                     proven),
        entering=with_more[0],
        leaving=with_less[1],
        leaving_with_more=with_more[1],
        entering_with_less=with_less[0],
    )


def policy_price(context: WhatIfs, policy: str) -> PolicyPrice:
    """What respecting the split (`"split"`), one commitment (`Constraint.commit(id)`) or one
    guardrail (`Constraint.guardrail(id)`) costs."""
    base, live = context.base, _pricing_model(context)
    if live is None:
        return PolicyPrice(policy, Bounded(None, proven=False))
    if policy == SPLIT_POLICY:
        edits = Edits(split=False)
    elif policy.kind is ConstraintKind.GUARDRAIL:
        edits = Edits(lifted_guardrails=(policy.subject,))
    else:
        edits = Edits(released=(policy.subject,))
    freed, known = solve_in_time(live, edits, start=base.selected)
    if freed is None:
        return PolicyPrice(policy, Bounded(None, proven=known))
    proven = freed.proven
    most = None if proven or freed.solve.bound is None else max(0.0, freed.solve.bound - base.value)
    return PolicyPrice(policy, Bounded(max(0.0, freed.value - base.value), most, proven),
                       *differences(base.selected, freed.selected))
