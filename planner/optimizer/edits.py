"""A what-if, said one way: edits of the base scenario (forcing, rescaling, capacity, policies)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from planner.model import Scenario


@dataclass(frozen=True)
class Edits:
    """A what-if, as edits of the base scenario that a live model can also make in place."""

    force_in: tuple[str, ...] = ()
    force_out: tuple[str, ...] = ()
    impacts: tuple[tuple[str, float], ...] = ()  # (initiative, factor): every estimate scaled
    effort: tuple[tuple[str, float], ...] = ()  # (initiative, factor)
    capacity: tuple[tuple[str, float], ...] = ()  # (team, new capacity)
    released: tuple[str, ...] = ()  # initiatives whose commitment is dropped
    split: bool = True  # False: the 70/20/10 bands are off (to price them)
    commitments: bool = True  # False: every commitment is off (to price them)
    lifted_guardrails: tuple[str, ...] = ()  # guardrails switched off (to price them)

    def scenario(self, base: Scenario) -> Scenario:
        """The edited scenario as the evaluator should see it (forcing is not an edit of it)."""
        out = base
        for i, factor in self.impacts:
            out = out.with_impacts_scaled(i, factor)
        for i, factor in self.effort:
            out = out.with_effort_scaled(i, factor)
        for team, capacity in self.capacity:
            out = out.with_capacity(team, capacity)
        for i in self.released:
            out = out.with_initiative(i, commit=None)
        if self.lifted_guardrails:
            out = out.without_guardrails(self.lifted_guardrails)
        return policy_view(out, self.split, self.commitments)

    def respected_by(self, selection) -> bool:
        """Whether a selection takes in every initiative forced in and none forced out."""
        chosen = set(selection)
        return set(self.force_in) <= chosen and not chosen & set(self.force_out)


def policy_view(scenario: Scenario, split: bool, commitments: bool) -> Scenario:
    """The scenario as the solver sees it when policies are switched off (for the evaluator)."""
    if split and commitments:
        return scenario
    initiatives = scenario.initiatives if commitments else tuple(
        dataclasses.replace(x, commit=None) for x in scenario.initiatives)
    return dataclasses.replace(scenario, split=scenario.split if split else None, initiatives=initiatives)
