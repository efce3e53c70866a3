"""What the constraints cost, by re-solving without them or with them moved: one step more and
one step less of each team's capacity, the 70/20/10 split, each commitment and each guardrail.
Under an explanation's budget a price gets the full re-solve before the budget's deadline,
a quick one past it (a proven range), none past the whole budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.constraints import Constraint, ConstraintKind
from planner.forcing import fitted_start
from planner.model import Scenario
from planner.optimizer import Edits
from planner.results import Bounded
from planner.whatif import WhatIfs, differences, solve_in_time

SPLIT_POLICY = "split"


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


def policies(scenario: Scenario) -> list[str]:
    """The policies a scenario has to price: its split, each commitment, each guardrail."""
    out = [SPLIT_POLICY] if scenario.split is not None else []
    return (out + [Constraint.commit(x.id) for x in scenario.initiatives if x.commit is not None]
            + [Constraint.guardrail(g.id) for g in scenario.guardrails])


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
    before its deadline, the quick one past it (a proven range), none past the whole
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
    less, less_known = (solve_in_time(live, fewer, start=fitted_start(context, scenario=fewer.scenario(context.scenario)))
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
