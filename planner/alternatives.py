"""Alternatives: the best distinct portfolios near the optimum (no-good cuts).

Stakeholders like to see that there is a choice: the k best plans that differ from each other
by at least one initiative, each with its value and how it differs from the best.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.errors import InfeasibleError
from planner.model import Scenario
from planner.optimizer import Plan
from planner.whatif import Progress, Settings, differences


@dataclass(frozen=True)
class Alternative:
    rank: int
    plan: Plan
    behind: float  # value below the best plan
    entering: tuple[str, ...]  # vs the best plan
    leaving: tuple[str, ...]


def alternatives(scenario: Scenario, k: int = 5, within: float | None = None, settings: Settings | None = None,
                 progress: Progress | None = None) -> tuple[Alternative, ...]:
    """The `k` best distinct plans, stopping early past `within` (a fraction: 0.02 = 2 points)
    below the best. The first is the optimum itself.

    >>> from planner import load_scenario
    >>> [a.behind for a in alternatives(load_scenario("scenarios/onboarding-q3.yaml"), k=3)]  # doctest: +SKIP
    """
    settings = settings or Settings()
    found: list[Alternative] = []
    seen: list[tuple[str, ...]] = []
    for n in range(k):
        try:
            plan = settings.solve(scenario, exclude_plans=seen)
        except InfeasibleError:
            if not seen:
                raise
            break  # no other feasible plan
        best = found[0].plan if found else plan
        behind = best.value - plan.value
        if within is not None and behind > within + 1e-12:
            break
        found.append(Alternative(n + 1, plan, behind, *differences(best.selected, plan.selected)))
        seen.append(plan.selected)
        if progress:
            progress(n + 1, k)
    return tuple(found)
