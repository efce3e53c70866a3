"""How far the targets can go at all: the best plan with unlimited capacity, and the most each
key result can attain.

Capacity, the effort cap, the budget and the 70/20/10 split are lifted; dependencies,
exclusions, commitments, objective floors and guardrails stay. The total is one exact solve on
expected impacts. Per KR, funding every initiative that moves it toward its target (with what
they require) is the most it can attain when that selection is possible; when it is not (two
movers exclude each other, a prerequisite harms the KR, a guardrail breaks), a solve with only
that KR weighted settles it (objective floors set aside there, so with floors that KR's number
is an upper bound, marked not exact). `planner.evaluation.attainment_ceiling` is the fast bound this
refines.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from planner.errors import InfeasibleError, Undecided
from planner.evaluation import attainment_ceiling, evaluate
from planner.model import Commitment, Scenario, ScoreOn
from planner.optimizer import optimize
from planner.results import Plan
from planner.settings import Settings


@dataclass(frozen=True)
class KeyResultReach:
    key_result_id: str
    attainment: float  # the most it attains on expected impacts, with unlimited capacity
    exact: bool  # False: the solve hit its time limit, and `attainment` is the fast upper bound


@dataclass(frozen=True)
class Reach:
    """The best plan with unlimited capacity (None: no plan even then; see `plan`'s diagnosis)
    and the most each KR can attain."""

    best: Plan | None
    key_results: tuple[KeyResultReach, ...]

    @property
    def score(self) -> float | None:
        """The most any plan attains on expected impacts, capacity and the split aside."""
        return None if self.best is None else self.best.score

    @property
    def exact(self) -> bool:
        return (self.best is None or self.best.proven) and all(k.exact for k in self.key_results)

    def objective_scores(self) -> dict[str, float]:
        return {} if self.best is None else dict(self.best.evaluation.objective_scores)

    @property
    def short_of_target(self) -> tuple[KeyResultReach, ...]:
        return tuple(k for k in self.key_results if k.attainment < 1 - 1e-9)


def unlimited(scenario: Scenario) -> Scenario:
    """The scenario with capacity, the effort cap, the budget and the split lifted."""
    room = {t.id: sum(x.effort.get(t.id, 0.0) for x in scenario.initiatives) + 1.0 for t in scenario.teams}
    return dataclasses.replace(scenario, teams=tuple(dataclasses.replace(t, capacity=room[t.id]) for t in scenario.teams),
                               split=None, max_effort=None, budget=None)


def reach(scenario: Scenario, settings: Settings = Settings()) -> Reach:
    """How far the targets can go with unlimited capacity (see the module's docstring).

    >>> from planner.loading import load_scenario
    >>> r = reach(load_scenario("scenarios/onboarding-q3.yaml"), Settings(objective="point"))
    >>> round(r.score, 3), [(k.key_result_id, round(k.attainment, 3)) for k in r.short_of_target][:2]
    (0.691, [('ttfv', 0.647), ('nps', 0.396)])
    """
    free = unlimited(scenario)
    point = settings.for_point_model()
    try:
        best = optimize(free, point)
    except (InfeasibleError, Undecided):
        best = None
    ceiling = attainment_ceiling(scenario)
    committed = {x.id for x in scenario.initiatives if x.commit is Commitment.IN}
    found = []
    for outcome in ceiling.key_results:
        kr = outcome.key_result
        movers = {x.id for x in scenario.initiatives
                  if scenario.kr_effects(x).get(kr.id, 0.0) * kr.gap > 0 and x.commit is not Commitment.OUT}
        selection = movers | committed | {r for i in movers | committed for r in scenario.requirements(i)}
        check = evaluate(free, sorted(selection))
        if check.feasible and check.outcome(kr.id).attainment >= outcome.attainment - 1e-12:
            found.append(KeyResultReach(kr.id, outcome.attainment, True))
            continue
        alone = _weighted_alone(free, kr.id)
        try:
            plan = optimize(alone, point)
        except InfeasibleError:
            found.append(KeyResultReach(kr.id, outcome.attainment, best is None))
            continue
        except Undecided:
            found.append(KeyResultReach(kr.id, outcome.attainment, False))
            continue
        attained = evaluate(free, plan.selected).outcome(kr.id).attainment
        floors = any(o.min_attainment is not None for o in scenario.objectives)  # set aside: an upper bound then
        found.append(KeyResultReach(kr.id, attained, not floors) if plan.proven
                     else KeyResultReach(kr.id, outcome.attainment, False))
    return Reach(best, tuple(found))


def _weighted_alone(scenario: Scenario, kr_id: str) -> Scenario:
    """The scenario scoring one KR only (every other KR at weight 0). Objective floors are set
    aside, as weights are what they are measured in."""
    return dataclasses.replace(scenario, score_on=ScoreOn.BOTH, objectives=tuple(  # a company KR counts too
        dataclasses.replace(o, min_attainment=None, key_results=tuple(
            kr if kr.id == kr_id else dataclasses.replace(kr, weight=0.0) for kr in o.key_results))
        for o in scenario.objectives))
