"""What a spreadsheet would pick: greedy rankings under the same constraints.

Two rankings, as teams use them today:
- `value_per_effort`: each initiative's standalone expected score over its effort (RICE/WSJF).
- `marginal`: repeatedly add the initiative with the best gain per effort given what is already
  in (saturation-aware: a KR already at target gains nothing more).

Both fund commitments first, add an initiative together with the ones it requires, skip what a
chosen initiative excludes, and stop at team capacity and the caps. With a split policy, a
greedy plan that breaks a band is repaired the way a planner would: cut the weakest item of an
over-represented tier, then refill with what still fits. The result is an `Evaluation`, scored
by the same evaluator as the optimizer's plan. It may still be infeasible (e.g. an objective
minimum that ranking never aims for); callers check `feasible`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from planner.evaluation import Evaluation, evaluate
from planner.model import TIERS, Commitment, Initiative, Scenario

RULES = ("value_per_effort", "marginal")


class _State:
    """Selected set plus running totals, so candidates are checked without re-evaluating."""

    def __init__(self, scenario: Scenario, template: _State | None = None):
        self.s = scenario
        self.krs = scenario.key_results
        if template is None:
            self.weights = np.array([scenario.kr_weight(kr) for kr in self.krs])
            self.rows = {x.id: np.array([x.expected_impact(kr.id) / kr.gap for kr in self.krs])
                         for x in scenario.initiatives}
        else:  # share the read-only tables
            self.weights, self.rows = template.weights, template.rows
        self.progress = np.zeros(len(self.krs))
        self.use = {t.id: 0.0 for t in scenario.teams}
        self.effort = 0.0
        self.cost = 0.0
        self.chosen: list[str] = []

    def bundle(self, x: Initiative) -> list[Initiative]:
        """x and everything it needs that is not in yet, prerequisites first."""
        out: list[Initiative] = []

        def visit(item: Initiative) -> None:
            for needed in item.requires:
                visit(self.s.initiative(needed))
            if item.id not in self.chosen and item not in out:
                out.append(item)

        visit(x)
        return out

    def fits(self, bundle: list[Initiative], blocked: set[str]) -> bool:
        ids = {x.id for x in bundle}
        if ids & blocked:
            return False
        for x in bundle:
            if any(o in ids or o in self.chosen for o in x.excludes):
                return False
            if any(x.id in self.s.initiative(c).excludes for c in self.chosen):
                return False
        for team in self.s.teams:
            if self.use[team.id] + sum(x.effort.get(team.id, 0.0) for x in bundle) > team.capacity + 1e-9:
                return False
        extra = sum(x.total_effort for x in bundle)
        if self.s.max_effort is not None and self.effort + extra > self.s.max_effort + 1e-9:
            return False
        if self.s.budget is not None and self.cost + sum(x.cost for x in bundle) > self.s.budget + 1e-9:
            return False
        return True

    def gain(self, bundle: list[Initiative]) -> float:
        delta = sum(self.rows[x.id] for x in bundle)
        before = np.minimum(1.0, self.progress)
        return float(self.weights @ (np.minimum(1.0, self.progress + delta) - before))

    def add(self, bundle: list[Initiative]) -> None:
        for x in bundle:
            self.chosen.append(x.id)
            self.progress += self.rows[x.id]
            for team, amount in x.effort.items():
                self.use[team] += amount
            self.effort += x.total_effort
            self.cost += x.cost


def greedy_plan(scenario: Scenario, rule: str = "value_per_effort") -> Evaluation:
    """The plan a ranking spreadsheet would fund, scored by the evaluator.

    >>> from planner import load_scenario
    >>> greedy_plan(load_scenario("scenarios/onboarding-q3.yaml")).score  # doctest: +SKIP
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; use one of {RULES}")
    blocked = {x.id for x in scenario.initiatives if x.commit is Commitment.OUT}
    order = sorted(scenario.initiatives, key=lambda x: x.id)
    state = _State(scenario)
    for x in order:
        if x.commit is Commitment.IN:
            bundle = state.bundle(x)
            state.add(bundle)  # a commitment is funded whatever it costs
    empty = _State(scenario, state)
    standalone = {x.id: _ratio(empty.gain([x]), x.total_effort) for x in order}
    ranked = sorted(order, key=lambda x: (-standalone[x.id], x.id))

    def fill(state: _State, skip: set[str]) -> None:
        if rule == "value_per_effort":
            for x in ranked:
                if x.id in state.chosen or x.id in skip or standalone[x.id] <= 0:
                    continue
                bundle = state.bundle(x)
                if state.fits(bundle, blocked | skip) and state.gain(bundle) > 0:
                    state.add(bundle)
        else:
            while True:
                best, best_key = None, 0.0
                for x in order:
                    if x.id in state.chosen or x.id in skip:
                        continue
                    bundle = state.bundle(x)
                    if not state.fits(bundle, blocked | skip):
                        continue
                    key = _ratio(state.gain(bundle), sum(b.total_effort for b in bundle))
                    if key > best_key:
                        best, best_key = bundle, key
                if best is None:
                    return
                state.add(best)

    fill(state, set())
    if scenario.split is None:
        return evaluate(scenario, state.chosen)
    return _repair_split(state, state.chosen, standalone, blocked, fill)


def _ratio(gain: float, effort: float) -> float:
    if effort <= 0:
        return float("inf") if gain > 0 else 0.0
    return gain / effort


def _repair_split(template: _State, chosen: list[str], strength: dict[str, float],
                  blocked: set[str], fill: Callable[[_State, set[str]], None]) -> Evaluation:
    """Meet the split as a planner would: fund the strongest items of an under-filled tier that
    still fit; when none fits, cut the weakest item of the most over-represented tier. Then
    refill with anything that fits and keeps the split."""
    scenario = template.s
    cut: set[str] = set()
    state = _rebuild(template, chosen)
    for _ in range(2 * len(scenario.initiatives) + 1):
        evaluation = evaluate(scenario, state.chosen)
        if not any(v.constraint.startswith("split[") for v in evaluation.violations):
            break
        shares = evaluation.split_shares
        policy = scenario.split
        under = [t for t in TIERS if shares[t] < policy.band(t)[0] - 1e-9]  # type: ignore[union-attr]
        added = False
        for tier in under:
            options = sorted((x for x in scenario.initiatives if x.tier is tier and x.id not in state.chosen
                              and x.id not in cut), key=lambda x: (-strength[x.id], x.id))
            for x in options:
                bundle = state.bundle(x)
                if state.fits(bundle, blocked | cut):
                    state.add(bundle)
                    added = True
                    break
            if added:
                break
        if added:
            continue
        over = max(TIERS, key=lambda t: shares[t] - policy.shares[t])  # type: ignore[union-attr]
        removable = [scenario.initiative(i) for i in state.chosen
                     if scenario.initiative(i).tier is over and scenario.initiative(i).commit is not Commitment.IN]
        if not removable:
            return evaluation
        weakest = min(removable, key=lambda x: (strength[x.id], x.id))
        dropped = {weakest.id} | {i for i in state.chosen if weakest.id in _needs(scenario, i)}
        cut |= dropped
        state = _rebuild(template, [i for i in state.chosen if i not in dropped])
    candidates = _rebuild(template, state.chosen)
    fill(candidates, cut)
    for i in candidates.chosen[len(state.chosen):]:
        trial = evaluate(scenario, state.chosen + [i])
        if not any(v.constraint.startswith("split[") for v in trial.violations):
            state.add([scenario.initiative(i)])
    return evaluate(scenario, state.chosen)


def _rebuild(template: _State, chosen: list[str]) -> _State:
    state = _State(template.s, template)
    state.add([template.s.initiative(i) for i in chosen])
    return state


def _needs(scenario: Scenario, initiative_id: str) -> set[str]:
    out: set[str] = set()
    stack = list(scenario.initiative(initiative_id).requires)
    while stack:
        i = stack.pop()
        if i not in out:
            out.add(i)
            stack.extend(scenario.initiative(i).requires)
    return out
