"""Alternatives: the best distinct portfolios near the optimum (no-good cuts).

Stakeholders like to see that there is a choice: the k best plans that differ from each other
by at least one initiative, each with its value and how it differs from the best. Each plan is
also forecast on fresh samples shared by all of them, so its headline matches what `plan` says.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.errors import InfeasibleError
from planner.forecast import Forecast, SampleSet, forecast_each
from planner.model import Scenario
from planner.optimizer import optimize
from planner.results import Plan, headline_score
from planner.settings import Settings
from planner.whatif import Progress, differences


@dataclass(frozen=True)
class Alternative:
    rank: int
    plan: Plan
    behind: float  # the optimizer's objective below the best plan's (what ranks them)
    entering: tuple[str, ...]  # vs the best plan
    leaving: tuple[str, ...]
    forecast: Forecast | None = None  # on samples shared by every alternative

    @property
    def headline(self) -> float:
        """The headline, as `plan` reports it: the forecast's expected score, or the point score."""
        return headline_score(self.forecast, self.plan.score)


def alternatives(scenario: Scenario, k: int = 5, within: float | None = None, settings: Settings = Settings(),
                 progress: Progress | None = None) -> tuple[Alternative, ...]:
    """The `k` best distinct plans, stopping early past `within` (a fraction: 0.02 = 2 points)
    below the best on the optimizer's objective. The first is the optimum itself. With
    `settings.forecast_samples`, each plan is forecast on the same fresh samples (seeded by
    `settings.seed`, as `plan` does), so their expected scores compare like for like.

    >>> from planner import load_scenario
    >>> point = Settings(objective="point", forecast_samples=0)
    >>> [round(a.behind, 4) for a in alternatives(load_scenario("scenarios/onboarding-q3.yaml"), 3, settings=point)]
    [0.0, 0.006, 0.0121]
    """
    found: list[Alternative] = []
    seen: list[tuple[str, ...]] = []
    for n in range(k):
        try:
            plan = optimize(scenario, settings, exclude_plans=seen)
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
    if not settings.forecast_samples:
        return tuple(found)
    shared = SampleSet(scenario, settings.forecast_samples, settings.seed)  # common random numbers
    forecasts = forecast_each(scenario, [a.plan.selected for a in found], shared)
    return tuple(replace(a, forecast=forecasts[a.plan.selected]) for a in found)
