"""The independent evaluator: feasibility and score of any selection, from the scenario alone.

No solver here. The optimizer's plans pass through `evaluate` (a mismatch is a bug), and so do
hand-made roadmaps and the greedy baselines, so every plan is scored by the same arithmetic.
Constraint names (`planner.constraints`) are shared with the optimizer so explanations can refer to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from planner.constraints import BUDGET_LIMIT, EFFORT_LIMIT, Constraint
from planner.errors import ScenarioError, unknown_id
from planner.model import TIERS, TOLERANCE, Commitment, Guardrail, KeyResult, Level, Scenario, Tier, frozen_map





@dataclass(frozen=True)
class Violation:
    constraint: Constraint  # e.g. capacity[platform]
    message: str


@dataclass(frozen=True)
class KeyResultOutcome:
    key_result: KeyResult
    change: float  # expected change in the KR's units
    weight: float  # normalized weight in the score

    @property
    def forecast(self) -> float:
        return self.key_result.baseline + self.change

    @property
    def progress(self) -> float:
        """Uncapped attainment (may exceed 1 or be negative)."""
        return self.key_result.progress(self.change)

    @property
    def attainment(self) -> float:
        return self.key_result.attainment(self.change)


@dataclass(frozen=True)
class GuardrailOutcome:
    """A guardrail under a selection: the metric's expected value, and whether it holds."""

    guardrail: Guardrail
    change: float  # expected change in the metric's units (trend and the selected effects)

    @property
    def expected_value(self) -> float:
        return self.guardrail.baseline + self.change

    @property
    def held(self) -> bool:
        return self.guardrail.holds(self.expected_value)

    @property
    def margin(self) -> float:
        """How far inside the guardrail the expected value stays (negative: broken by that much)."""
        return self.guardrail.margin(self.expected_value)


@dataclass(frozen=True)
class Evaluation:
    """A selection of initiatives scored against a scenario, with every intermediate kept."""

    scenario: Scenario
    selected: tuple[str, ...]  # in scenario order
    key_results: tuple[KeyResultOutcome, ...]
    team_use: Mapping[str, float]
    tier_effort: Mapping[Tier, float]
    total_cost: float
    violations: tuple[Violation, ...]
    guardrails: tuple[GuardrailOutcome, ...] = ()

    @property
    def feasible(self) -> bool:
        return not self.violations

    @cached_property
    def score(self) -> float:
        """Weighted mean of capped KR attainment, as a fraction (0.62 means 62%)."""
        return sum(o.weight * o.attainment for o in self.key_results)

    @cached_property
    def objective_scores(self) -> Mapping[str, float]:
        return frozen_map({o.id: objective_score(o.id, self.key_results) for o in self.scenario.objectives})

    @property
    def total_effort(self) -> float:
        return sum(self.tier_effort.values())

    @property
    def split_shares(self) -> Mapping[Tier, float]:
        total = self.total_effort
        return frozen_map({t: (self.tier_effort[t] / total if total else 0.0) for t in TIERS})

    def outcome(self, kr_id: str) -> KeyResultOutcome:
        return next(o for o in self.key_results if o.key_result.id == kr_id)


@dataclass(frozen=True)
class AttainmentCeiling:
    """How far each key result could go if every initiative that moves it toward its target were
    funded, capacity, the split, commitments in and exclusions set aside (committed-out work
    stays out): an upper bound on what any plan attains, KR by KR and in total."""

    key_results: tuple[KeyResultOutcome, ...]

    @property
    def score(self) -> float:
        return sum(o.weight * o.attainment for o in self.key_results)

    @property
    def short_of_target(self) -> tuple[KeyResultOutcome, ...]:
        return tuple(o for o in self.key_results if o.attainment < 1 - 1e-9)


def attainment_ceiling(scenario: Scenario) -> AttainmentCeiling:
    """The most each KR can attain on expected impacts (see `AttainmentCeiling`).

    >>> from planner.loading import load_scenario
    >>> round(attainment_ceiling(load_scenario("scenarios/onboarding-q3.yaml")).score, 3)
    0.72
    """
    change = {kr.id: kr.expected_trend for kr in scenario.key_results}
    for x in scenario.initiatives:
        if x.commit is Commitment.OUT:
            continue
        for kr_id, impact in scenario.kr_effects(x).items():
            if scenario.key_result(kr_id).progress(impact) > 0:
                change[kr_id] += impact
    return AttainmentCeiling(tuple(KeyResultOutcome(kr, change[kr.id], scenario.kr_weight(kr))
                                   for kr in scenario.key_results))


def objective_score(objective_id: str, outcomes: Iterable[KeyResultOutcome]) -> float:
    mine = [o for o in outcomes if o.key_result.objective == objective_id]
    total = sum(o.key_result.weight for o in mine)
    return sum(o.key_result.weight * o.attainment for o in mine) / total if total else 0.0


def check_ids(scenario: Scenario, ids: Iterable[str], what: str = "selection") -> list[str]:
    """The ids as a list, or a ScenarioError naming the unknown ones (with 'did you mean')."""
    known = {x.id for x in scenario.initiatives}
    ids = [i.strip() for i in ids if i.strip()]
    problems = [unknown_id(what, "initiative", i, known, "use ids from the scenario's initiatives")
                for i in ids if i not in known]
    if problems:
        raise ScenarioError(problems)
    return ids


def evaluate(scenario: Scenario, selection: Iterable[str]) -> Evaluation:
    """Score a selection of initiative ids and list every constraint it violates.

    >>> from planner.loading import load_scenario
    >>> s = load_scenario("scenarios/onboarding-q3.yaml")
    >>> e = evaluate(s, ["tour", "templates", "mobile-signup"])
    >>> round(e.score, 3), e.feasible
    (0.203, False)
    """
    chosen = set(check_ids(scenario, selection))
    picked = [x for x in scenario.initiatives if x.id in chosen]
    change = {kr.id: kr.expected_trend for kr in scenario.key_results}
    guard_change = {g.id: g.expected_trend for g in scenario.guardrails}
    for x in picked:
        for metric_id, effect in scenario.effects(x).items():
            if metric_id in change:
                change[metric_id] += effect
            elif metric_id in guard_change:  # not a guardrail lifted for a what-if
                guard_change[metric_id] += effect
    outcomes = tuple(KeyResultOutcome(kr, change[kr.id], scenario.kr_weight(kr)) for kr in scenario.key_results)
    guarded = tuple(GuardrailOutcome(g, guard_change[g.id]) for g in scenario.guardrails)
    team_use = {t.id: 0.0 for t in scenario.teams}
    tier_effort = {t: 0.0 for t in TIERS}
    for x in picked:  # one pass over the plan (every evaluation of an explanation's witnesses runs this)
        for team_id, effort in x.effort.items():
            if team_id in team_use:
                team_use[team_id] += effort
        tier_effort[x.tier] += x.total_effort
    total_cost = sum(x.cost for x in picked)
    violations: list[Violation] = []
    add = lambda name, message: violations.append(Violation(name, message))  # noqa: E731
    units = scenario.units

    for team in scenario.teams:
        if team.is_over(team_use[team.id]):
            add(Constraint.capacity(team.id), f"team `{team.id}` needs {team_use[team.id]:g} {units} "
                f"but has {team.capacity:g} (over by {team_use[team.id] - team.capacity:g})")
    total = sum(tier_effort.values())
    if scenario.split is not None and total > 0:
        for tier in TIERS:
            low, high = scenario.split.band(tier)
            share = tier_effort[tier] / total
            if scenario.split.position(tier, share):
                add(Constraint.split(tier), f"{tier.value} work is {share:.1%} of selected effort; "
                    f"the band is {low:.0%}-{high:.0%}")
    for x in picked:
        for needed in x.requires:
            if needed not in chosen:
                add(Constraint.requires(x.id, needed), f"`{x.id}` requires `{needed}`, which is not selected")
        for other in x.excludes:
            if other in chosen and (x.id < other or x.id not in scenario.initiative(other).excludes):
                add(Constraint.excludes(x.id, other), f"`{x.id}` and `{other}` exclude each other")
    for x in scenario.initiatives:
        if x.commit is Commitment.IN and x.id not in chosen:
            add(Constraint.commit(x.id), f"`{x.id}` is committed in but not selected")
        if x.commit is Commitment.OUT and x.id in chosen:
            add(Constraint.commit(x.id), f"`{x.id}` is committed out but selected")
    for o in scenario.objectives:
        if o.min_attainment is not None:
            got = objective_score(o.id, outcomes)
            if got < o.min_attainment - TOLERANCE:
                add(Constraint.min_attainment(o.id), f"objective `{o.id}` reaches {got:.1%}; "
                    f"the floor is {o.min_attainment:.0%}")
    for g in guarded:
        if not g.held:
            add(Constraint.guardrail(g.guardrail.id), f"guardrail `{g.guardrail.id}` is expected at "
                f"{g.expected_value:.6g} {g.guardrail.unit}".rstrip()
                + f"; it must stay {g.guardrail.hold.words} {g.guardrail.level:g}")
    if scenario.max_effort is not None and total > scenario.max_effort + TOLERANCE:
        add(EFFORT_LIMIT, f"total effort {total:g} {units} is over the cap of {scenario.max_effort:g}")
    if scenario.budget is not None and total_cost > scenario.budget + TOLERANCE:
        add(BUDGET_LIMIT, f"total cost {total_cost:g} is over the budget of {scenario.budget:g}")

    return Evaluation(
        scenario=scenario,
        selected=tuple(x.id for x in picked),
        key_results=outcomes,
        team_use=frozen_map(team_use),
        tier_effort=frozen_map(tier_effort),
        total_cost=total_cost,
        violations=tuple(violations),
        guardrails=guarded,
    )


def contributions(evaluation: Evaluation) -> dict[str, float]:
    """For each selected initiative, the score lost if it alone left the selection (the rest
    unchanged), from the evaluation's own totals: linear in the impacts, not one evaluation per
    initiative."""
    scenario = evaluation.scenario
    outcomes = {o.key_result.id: o for o in evaluation.key_results}
    out = {}
    for i in evaluation.selected:
        lost = 0.0
        for kr_id, impact in scenario.kr_effects(scenario.initiative(i)).items():
            o = outcomes[kr_id]
            lost += o.weight * (o.attainment - o.key_result.attainment(o.change - impact))
        out[i] = lost
    return out


@dataclass(frozen=True)
class ChainEffect:
    """One initiative's expected change on one metric (KR or guardrail), stated on the
    initiative or carried there by driver links."""

    initiative: str
    metric: str
    change: float  # expected, in the metric's units (chance of delivery included)
    direct: bool  # stated as an impact; False: only through the chain
    level: Level  # the metric's objective's level


def chain_effects(scenario: Scenario, initiative_ids: Iterable[str]) -> tuple[ChainEffect, ...]:
    """Every expected change each initiative makes, metric by metric, drivers before what they
    drive: the numbers behind "`sso` -> +1.2 pts activation -> +0.9 kUSD MRR" and behind the
    roll-up per company KR (a plan's change on a KR is the sum of its initiatives' here)."""
    order = {m: n for n, m in enumerate(scenario.chain_order)}
    out = []
    for i in initiative_ids:
        x = scenario.initiative(i)
        effects = scenario.effects(x)
        for metric in sorted((m for m in effects if m in order), key=order.__getitem__):
            owner = scenario.objective(scenario.metric(metric).objective)
            out.append(ChainEffect(i, metric, effects[metric],
                                   metric in x.impacts or metric in x.guardrail_impacts, owner.level))
    return tuple(out)
