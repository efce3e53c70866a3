"""Why each initiative is in or out, what it would take to change that, and what the
constraints cost. Every number comes from re-solving (or from the evaluator), never a guess.

- In the plan: the value lost if it were forced out, and what would replace it
  (`planner.forcing`).
- Out of the plan: the value lost if it were forced in and what it would displace; the
  constraints that keep it out (the evaluator's verdict on the plan with it added); and the
  break-evens: how much larger its impacts, or how much smaller its effort, must be for it to
  enter the optimal plan (`planner.break_even`).
- Prices: one step more (and less) of each team's capacity; the split; each commitment and
  guardrail (`planner.prices`).

This module puts those answers together into an `Explanation`, for every initiative or one,
and under a time budget orders the work so that the decisions nearest the margin come first.

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

from planner.break_even import (ENTERS, UNSETTLED_BREAK_EVEN, BreakEven, effort_break_even, impact_break_even,
                                screened_effort_break_even, screened_impact_break_even)
from planner.errors import Problem, ScenarioError
from planner.evaluation import Violation, check_ids, evaluate
from planner.forcing import (Counterfactual, counterfactual, forced_question, lp_screen, neighbourhood_start,
                             screened_counterfactual, settled_by_the_base)
from planner.forecast import expected_attainments
from planner.frames import frame
from planner.model import MAX_AMOUNT, Scenario
from planner.optimizer import Edits, diagnose, optimize
from planner.prices import CapacityPrice, PolicyPrice, capacity_price, policies, policy_price, typical_step
from planner.results import Bounded, Plan
from planner.settings import Settings
from planner.whatif import Answer, Progress, WhatIfs, parallel_map, solve_in_time


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
        jobs += [("policy", p) for p in policies(scenario)]
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


# Of an explanation's budget, kept for searching the break-evens nearest the margin: the forcing
# costs get the rest, less the time the quick answers after them take (`WhatIfs.full_solve_fits`).
# A forcing cost proven takes about one re-solve (0.4-2 s at N = 200 with HiGHS), and a cut
# initiative's proven one settles its impact break-even without a decision four times in five;
# a searched break-even took 0.3-2.9 s for one answer. At N = 200 with HiGHS (seeds 1-5, a 27.5 s
# budget) a twentieth, a tenth and three twentieths of the budget gave the same median of exact
# answers (13.3-13.8%); half the budget less the quick answers' time, as before, 9-10%
# (bench/README.md).
BREAK_EVEN_SHARE = 0.1
# Past the budget, the break-evens left get what is proven without a search (`screened_impact_break_even`,
# `screened_effort_break_even`: an LP bound and the evaluator, and for the effort one quick decision, a few
# hundredths of a second each) for at most this share of the budget more; after that, and for forcing costs,
# only what the LP screen proved.
SCREENED_SHARE = 0.2


def _within_budget(context: WhatIfs, ids: list[str], prices: list[tuple], progress, heard) -> list:
    """An explanation under `explain_budget`, in two passes, each nearest the margin first (by
    the LP screen): every initiative's forcing cost, then the prices, then the cut initiatives'
    break-evens, every impact break-even before the first effort one, until the budget ends
    (past it, what is proven without a search, for `SCREENED_SHARE` of the budget more).

    A forcing cost gets a full re-solve while the quick re-solves of every question after it
    still fit before the deadline (the budget less `BREAK_EVEN_SHARE` of it); past that, a quick
    re-solve (a proven range) while those still fit before the budget's end; past that too, the
    best plan its neighbourhood search finds (a range bounded below by the LP screen alone), so
    that every initiative still gets a plan that way. A price gets a full re-solve before the
    deadline, a quick one past it, none past the budget. Forcing costs come first because
    every initiative has one and each takes a single re-solve; a price takes two, of a larger
    step. An impact break-even takes one or two decisions, an effort one three or more
    (bench/README.md). No question runs past the budget's end: each gets the time left, if that
    is less than its what-if limit."""
    settings = context.settings
    started = time.time()
    context.end = started + settings.explain_budget
    context.deadline = context.end - BREAK_EVEN_SHARE * settings.explain_budget
    context.screened_until = context.end + SCREENED_SHARE * settings.explain_budget
    context.screen = lp_screen(context, ids)
    ordered = sorted(ids, key=lambda i: (context.screen[i].lp_cost if i in context.screen else float("inf"), i))
    price_solves = sum(2 if kind == "capacity" else 1 for kind, _ in prices)  # a capacity price: a step each way
    forcing = [("forcing", (i, len(ordered) - 1 - n + price_solves)) for n, i in enumerate(ordered)]
    # Each answer is a re-solve or more (the base solve's pace), unless the LP screen took the
    # whole budget: then each is what the screen proved, and the first one's pace shows it.
    first = parallel_map(_job, forcing + prices, settings.workers, progress,
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
    if kind == "forcing":  # under a budget: the initiative, and how many quick re-solves come after it
        i, quick_after = key
        if context.full_solve_fits(quick_after):
            return forcing_answer(context, i)
        return screened_initiative(context, i, re_solve=context.quick_solve_fits(quick_after))
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
    i = answer.initiative_id
    if kind == "impact":
        return (screened_impact_break_even(context, i, answer.counterfactual, forced) if context.past_end
                else impact_break_even(context, i, answer.counterfactual, forced))
    return screened_effort_break_even(context, i, forced) if context.past_end else effort_break_even(context, i)


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
    edits, start = forced_question(context, initiative_id)
    counter, forced = settled_by_the_base(context, x.id, selected), None
    if counter is None:
        forced, known = solve_in_time(live, edits, start=neighbourhood_start(context, edits, start))
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
    brings it in (`planner.break_even`)."""
    i = answer.initiative_id
    break_even = BreakEven(impact_break_even(context, i, answer.counterfactual, forced), effort_break_even(context, i))
    return dataclasses.replace(answer, break_even=break_even)


def screened_initiative(context: WhatIfs, initiative_id: str, re_solve: bool = True
                        ) -> tuple[InitiativeExplanation, Plan | None]:
    """An initiative answered past the explanation's time for full re-solves: one quick re-solve
    forced the other way (`whatif.QUICK_LIMIT`), without break-evens (the budget's second pass
    asks for them, as for `forcing_answer`'s). The forcing cost is exact when that re-solve
    settles; else it lies between the larger of the LP screen's and the re-solve's least cost and
    what the best plan found that way (or its neighbourhood's best plan, or the repaired start)
    gives up.
    Without `re_solve` (the quick re-solves no longer all fit), the neighbourhood's best plan
    alone: between the LP screen's least cost and what that plan gives up. Past the whole
    budget, no solve at all: at least the LP screen's least cost. With the plan found that way,
    if any (a witness for `screened_impact_break_even`)."""
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
        edits, start = forced_question(context, initiative_id)
        start = neighbourhood_start(context, edits, start)
        forced, known = solve_in_time(context.quick_live, edits, start=start) if re_solve else (None, False)
        counter = screened_counterfactual(context, least, forced, known, edits, start)
    if selected:
        return InitiativeExplanation(initiative_id, True, counter), forced
    if context.past_end:  # not even what adding it would break or add: two evaluations, 0.1 s at N = 5,000
        return InitiativeExplanation(initiative_id, False, counter, None, None), None
    with_it = sorted(set(base.selected) | {x.id} | scenario.requirements(x.id))
    blockers = evaluate(scenario, with_it).violations
    adds = None if blockers else context.live.value(with_it) - base.value
    return InitiativeExplanation(initiative_id, False, counter, blockers, adds), forced
