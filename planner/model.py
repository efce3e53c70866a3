"""The domain: objectives, key results, teams, initiatives and the scenario that holds them.

Plain immutable values with everything resolved (impacts in the KR's own units, tiers derived). No solver and no file I/O here: a `Scenario` is built and validated once by
`planner.validation`, and everything downstream reads it.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property


class Tier(StrEnum):
    """Where an objective sits in the 70/20/10 rule."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    EXPLORATION = "exploration"


TIERS: tuple[Tier, ...] = (Tier.PRIMARY, Tier.SECONDARY, Tier.EXPLORATION)
TOLERANCE = 1e-6  # slack allowed on capacity, caps and bands, against float noise: the one rule of "fits"
# Effort, capacity and cost above this are typos or wrong units, and beyond the solver's precision.
MAX_AMOUNT = 1e12


class Level(StrEnum):
    """Whose objective it is: a product team's, or the company's that product OKRs support."""

    PRODUCT = "product"
    COMPANY = "company"


class ScoreOn(StrEnum):
    """Which key results carry weight in the plan's score (a scenario with company OKRs states
    it): the product KRs only (company KRs are forecast and reported), the company KRs only
    (product KRs matter as far as they drive them), or both with their own weights."""

    PRODUCT = "product"
    COMPANY = "company"
    BOTH = "both"

    def counts(self, level: Level) -> bool:
        return self is ScoreOn.BOTH or self.value == level.value


class Commitment(StrEnum):
    IN = "in"
    OUT = "out"


class FrozenDict(dict):
    """A dict that refuses changes: immutable like the rest of the domain, and picklable (unlike
    MappingProxyType), so scenarios can go to worker processes."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("this mapping is part of an immutable scenario")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self):
        return (FrozenDict, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items(), key=repr)))


def frozen_map(items: Mapping | None = None) -> Mapping:
    return FrozenDict(items or {})


@dataclass(frozen=True)
class Estimate:
    """An impact on one KR, in the KR's own units (signed): a point when low == likely == high.
    Impacts stated relative to the baseline ("-20% of baseline") are converted on loading."""

    low: float
    likely: float
    high: float

    @property
    def is_point(self) -> bool:
        return self.low == self.likely == self.high

    @property
    def mean(self) -> float:
        """Mean of the Beta-PERT distribution over [low, high] with mode `likely`."""
        return (self.low + 4 * self.likely + self.high) / 6


@dataclass(frozen=True)
class KeyResult:
    id: str
    title: str
    objective: str
    baseline: float
    target: float
    unit: str = ""
    weight: float = 1.0
    trend: Estimate | None = None  # drift with no initiative at all (organic growth, seasonality)
    supports: tuple[str, ...] = ()  # company objective or KR ids this KR serves (alignment, not arithmetic)

    @property
    def expected_trend(self) -> float:
        return 0.0 if self.trend is None else self.trend.mean

    @property
    def gap(self) -> float:
        """Signed distance from baseline to target; never zero (validation rejects it)."""
        return self.target - self.baseline

    def progress(self, change: float) -> float:
        """Attainment from a change in the metric, uncapped: 1.0 means the target is reached."""
        return change / self.gap

    def attainment(self, change: float) -> float:
        """Attainment capped at 100%; not floored, because harm to a KR counts."""
        return min(1.0, self.progress(change))


class Hold(StrEnum):
    """Which side of its level a guardrail keeps the metric on."""

    AT_LEAST = "at_least"  # must not fall below the level (availability, NPS)
    AT_MOST = "at_most"  # must not rise above the level (latency, churn, costs)

    @property
    def words(self) -> str:
        """"at least" or "at most", as a sentence says it."""
        return "at least" if self is Hold.AT_LEAST else "at most"

    @property
    def symbol(self) -> str:
        return "≥" if self is Hold.AT_LEAST else "≤"


@dataclass(frozen=True)
class Guardrail:
    """A key result to hold rather than move ("Maintain 99.99% API availability"): not scored,
    but a constraint. The plan's expected value of the metric (baseline, trend and the selected
    initiatives' expected effects) must stay on the `hold` side of `level`."""

    id: str
    title: str
    objective: str
    baseline: float
    level: float
    hold: Hold
    unit: str = ""
    trend: Estimate | None = None

    @property
    def expected_trend(self) -> float:
        return 0.0 if self.trend is None else self.trend.mean

    @property
    def tolerance(self) -> float:
        """Float noise forgiven at the level."""
        return TOLERANCE * max(1.0, abs(self.level))

    def holds(self, value: float) -> bool:
        """Whether a value of the metric keeps the guardrail."""
        return self.margin(value) >= -self.tolerance

    def margin(self, value: float) -> float:
        """How far a value is inside the guardrail (negative: broken by that much), in its unit."""
        return value - self.level if self.hold is Hold.AT_LEAST else self.level - value


@dataclass(frozen=True)
class Driver:
    """A driver link: each unit `source` moves (a KR's or guardrail's metric) moves `target` by
    `elasticity` of the target's units ("+1 point of activation -> +0.8 kUSD MRR"). Links form a
    DAG; an initiative's effect reaches every metric downstream of those it moves."""

    source: str
    target: str
    elasticity: Estimate
    unit: str | None = None  # the elasticity's unit as stated (validation checked it), or None


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    tier: Tier
    key_results: tuple[KeyResult, ...]
    weight: float = 1.0
    min_attainment: float | None = None  # a floor on this objective's score, as a fraction
    guardrails: tuple[Guardrail, ...] = ()  # levels to hold, besides the key results to move
    level: Level = Level.PRODUCT
    supports: tuple[str, ...] = ()  # company objective or KR ids this objective serves

    @property
    def kind(self) -> str:
        """How tables label it: its tier, or "company" for a company objective."""
        return "company" if self.level is Level.COMPANY else self.tier.value


@dataclass(frozen=True)
class Team:
    id: str
    capacity: float
    name: str = ""

    def is_over(self, used: float) -> bool:
        """Whether `used` effort is more than the team has (beyond float noise)."""
        return used > self.capacity + TOLERANCE


@dataclass(frozen=True)
class Initiative:
    id: str
    title: str
    effort: Mapping[str, float]  # team id -> effort in the scenario's units
    impacts: Mapping[str, Estimate] = field(default_factory=frozen_map)  # KR id -> estimate
    confidence: float = 1.0  # chance it delivers at all
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    commit: Commitment | None = None
    tier: Tier = Tier.EXPLORATION
    tier_is_explicit: bool = False
    cost: float = 0.0
    guardrail_impacts: Mapping[str, Estimate] = field(default_factory=frozen_map)  # guardrail id -> estimate
    owner: str = ""  # who answers for it (free text)
    notes: str = ""

    @property
    def total_effort(self) -> float:
        return sum(self.effort.values())

    @property
    def teams(self) -> tuple[str, ...]:
        """The teams it needs effort from, in the order its effort lists them."""
        return tuple(t for t, weeks in self.effort.items() if weeks > 0)

    def expected_impact(self, kr_id: str) -> float:
        """Expected change on a KR: the estimate's mean times the chance of delivery."""
        estimate = self.impacts.get(kr_id)
        return 0.0 if estimate is None else self.confidence * estimate.mean

    def expected_effect(self, guardrail_id: str) -> float:
        """Expected change on a guardrail's metric (often harm): the mean times the chance of delivery."""
        estimate = self.guardrail_impacts.get(guardrail_id)
        return 0.0 if estimate is None else self.confidence * estimate.mean


@dataclass(frozen=True)
class SplitPolicy:
    """Bands on the share of selected effort per tier: share ± tolerance (the 70/20/10 rule)."""

    shares: Mapping[Tier, float] = field(
        default_factory=lambda: frozen_map(
            {Tier.PRIMARY: 0.70, Tier.SECONDARY: 0.20, Tier.EXPLORATION: 0.10}
        )
    )
    tolerance: float = 0.05

    def band(self, tier: Tier) -> tuple[float, float]:
        share = self.shares[tier]
        return max(0.0, share - self.tolerance), min(1.0, share + self.tolerance)

    def position(self, tier: Tier, share: float) -> int:
        """Where a tier's share of effort sits against its band: -1 below, 0 within, +1 above."""
        low, high = self.band(tier)
        return -1 if share < low - TOLERANCE else 1 if share > high + TOLERANCE else 0


@dataclass(frozen=True)
class Quarter:
    """The quarter's calendar: its first day (if stated) and its length. Capacity is the whole
    quarter's; check-ins say how far into it they are."""

    start: date | None = None
    weeks: int = 13

    def week_of(self, day: date) -> float:
        """Weeks from the start to `day` (needs `start`)."""
        return (day - self.start).days / 7


@dataclass(frozen=True)
class Scenario:
    """A quarter's planning problem. Build one with `planner.load_scenario`; one built in code is
    validated by every `planner.api` function (`planner.validation.check_scenario`)."""

    name: str
    teams: tuple[Team, ...]
    objectives: tuple[Objective, ...]
    initiatives: tuple[Initiative, ...]
    units: str = "person-weeks"
    split: SplitPolicy | None = field(default_factory=SplitPolicy)
    max_effort: float | None = None  # cap on total selected effort
    budget: float | None = None  # cap on total selected cost
    description: str = ""
    version: int = 1
    quarter: Quarter = field(default_factory=Quarter)
    drivers: tuple[Driver, ...] = ()  # KR -> KR (or guardrail) links, a DAG
    score_on: ScoreOn = ScoreOn.PRODUCT

    @cached_property
    def key_results(self) -> tuple[KeyResult, ...]:
        return tuple(kr for o in self.objectives for kr in o.key_results)

    @cached_property
    def guardrails(self) -> tuple[Guardrail, ...]:
        return tuple(g for o in self.objectives for g in o.guardrails)

    def guardrail(self, guardrail_id: str) -> Guardrail:
        return next(g for g in self.guardrails if g.id == guardrail_id)

    @cached_property
    def _index(self) -> tuple[dict[str, Team], dict[str, Objective], dict[str, KeyResult], dict[str, Initiative]]:
        return ({t.id: t for t in self.teams}, {o.id: o for o in self.objectives},
                {kr.id: kr for kr in self.key_results}, {x.id: x for x in self.initiatives})

    def team(self, team_id: str) -> Team:
        return self._index[0][team_id]

    def objective(self, objective_id: str) -> Objective:
        return self._index[1][objective_id]

    def key_result(self, kr_id: str) -> KeyResult:
        return self._index[2][kr_id]

    def initiative(self, initiative_id: str) -> Initiative:
        return self._index[3][initiative_id]

    def unfillable_tiers(self) -> tuple[Tier, ...]:
        """Tiers whose split band asks for some effort that no candidate (not committed out) can
        give. With one, the empty plan is the only plan that meets the split."""
        if self.split is None:
            return ()
        return tuple(t for t in TIERS if self.split.band(t)[0] > 0
                     and not any(x.tier is t and x.commit is not Commitment.OUT for x in self.initiatives))

    def candidate_demand(self, team_id: str) -> float:
        """What the candidates ask of a team: the effort of every initiative not committed out."""
        return sum(x.effort.get(team_id, 0.0) for x in self.initiatives if x.commit is not Commitment.OUT)

    def exclusive_with(self, initiative_id: str) -> frozenset[str]:
        """Initiatives that cannot go with this one (exclusions hold both ways)."""
        return self._exclusions.get(initiative_id, frozenset())

    @cached_property
    def _exclusions(self) -> dict[str, frozenset[str]]:
        table: dict[str, set[str]] = {}
        for x in self.initiatives:
            for other in x.excludes:
                table.setdefault(x.id, set()).add(other)
                table.setdefault(other, set()).add(x.id)
        return {k: frozenset(v) for k, v in table.items()}

    def requirements(self, initiative_id: str) -> frozenset[str]:
        """Everything this initiative needs, directly or through others."""
        return self._requirements[initiative_id]

    @cached_property
    def _requirements(self) -> dict[str, frozenset[str]]:
        """Each initiative's transitive requirements, without recursion (chains may be long;
        validation has refused cycles)."""
        closure: dict[str, frozenset[str]] = {}
        for x in self.initiatives:
            stack = [(x.id, False)]
            while stack:
                i, expanded = stack.pop()
                if i in closure:
                    continue
                needed = self.initiative(i).requires
                if expanded or all(n in closure for n in needed):
                    closure[i] = frozenset(needed).union(*(closure[n] for n in needed))
                else:
                    stack.append((i, True))
                    stack.extend((n, False) for n in needed if n not in closure)
        return closure

    def kr_weight(self, kr: KeyResult) -> float:
        """Weight of a KR in the score: its objective's weight times its own, normalized to 1;
        0 for a KR whose level the scenario does not score on (`score_on`)."""
        cached = self._kr_weights.get(kr.id)
        if cached is None or cached[0] is not kr:  # computed once per KR (every evaluation asks)
            cached = (kr, self._raw_weight(kr) / self.total_weight)
            self._kr_weights[kr.id] = cached
        return cached[1]

    @cached_property
    def _kr_weights(self) -> dict[str, tuple[KeyResult, float]]:
        return {}

    def _raw_weight(self, kr: KeyResult) -> float:
        objective = self.objective(kr.objective)
        return objective.weight * kr.weight if self.score_on.counts(objective.level) else 0.0

    @cached_property
    def total_weight(self) -> float:
        return sum(self._raw_weight(kr) for kr in self.key_results)

    # --- the driver chain: expected effects through it ---------------------------------------

    @cached_property
    def chain_order(self) -> tuple[str, ...]:
        """Every metric (KR and guardrail) id, drivers before what they drive (validation has
        refused cycles). Kahn's algorithm: linear in metrics and links, no recursion."""
        ids = [kr.id for kr in self.key_results] + [g.id for g in self.guardrails]
        ids += sorted({m for d in self.drivers for m in (d.source, d.target)} - set(ids))  # a lifted guardrail's
        waiting = {m: 0 for m in ids}
        for d in self.drivers:
            waiting[d.target] += 1
        ready = deque(m for m in ids if not waiting[m])
        order = []
        while ready:
            m = ready.popleft()
            order.append(m)
            for d in self.links_from(m):
                waiting[d.target] -= 1
                if not waiting[d.target]:
                    ready.append(d.target)
        return tuple(order)

    def links_from(self, metric_id: str) -> tuple[Driver, ...]:
        return self._links.get(metric_id, ())

    @cached_property
    def _links(self) -> dict[str, tuple[Driver, ...]]:
        table: dict[str, list[Driver]] = {}
        for d in self.drivers:
            table.setdefault(d.source, []).append(d)
        return {k: tuple(v) for k, v in table.items()}

    def effects(self, initiative: Initiative) -> Mapping[str, float]:
        """Expected change on every metric an initiative moves, directly or through driver
        links (KRs and guardrails alike, in their units; the chance of delivery included). A
        metric change is not capped: the cap applies to attainment. Exact in expectation,
        because an estimate and the elasticities along a path are independent."""
        cached = self._effects.get(initiative.id)
        if cached is None or cached[0] is not initiative:
            direct = {**{k: initiative.expected_impact(k) for k in initiative.impacts},
                      **{g: initiative.expected_effect(g) for g in initiative.guardrail_impacts}}
            cached = (initiative, frozen_map(self.propagate(direct)))
            self._effects[initiative.id] = cached
        return cached[1]

    def propagate(self, direct: Mapping[str, float]) -> dict[str, float]:
        """Changes on metrics, and what they drive through the chain at expected elasticities."""
        if not self.drivers:
            return dict(direct)
        total = dict(direct)
        position = self._chain_position
        due = [(position[m], m) for m in direct if self.links_from(m)]  # visited in chain order, reached ones only
        heapq.heapify(due)
        seen = {m for _, m in due}
        while due:
            _, m = heapq.heappop(due)
            change = total[m]
            for d in self.links_from(m):
                total[d.target] = total.get(d.target, 0.0) + change * d.elasticity.mean
                if d.target not in seen and self.links_from(d.target):
                    seen.add(d.target)
                    heapq.heappush(due, (position[d.target], d.target))
        return total

    @cached_property
    def _chain_position(self) -> dict[str, int]:
        return {m: n for n, m in enumerate(self.chain_order)}

    @cached_property
    def _effects(self) -> dict[str, tuple[Initiative, Mapping[str, float]]]:
        return {}

    def kr_effects(self, initiative: Initiative) -> dict[str, float]:
        """Expected change on each KR an initiative moves, through the chain (see `effects`)."""
        return {m: v for m, v in self.effects(initiative).items() if m in self._index[2]}

    def guardrail_effects(self, initiative: Initiative) -> dict[str, float]:
        """Expected change on each guardrail's metric, through the chain (see `effects`)."""
        guarded = self._guardrail_ids
        return {m: v for m, v in self.effects(initiative).items() if m in guarded}

    @cached_property
    def _guardrail_ids(self) -> frozenset[str]:
        return frozenset(g.id for g in self.guardrails)

    def metric(self, metric_id: str) -> KeyResult | Guardrail:
        """A KR or a guardrail, by id."""
        return self._index[2].get(metric_id) or self.guardrail(metric_id)

    @property
    def company_objectives(self) -> tuple[Objective, ...]:
        return tuple(o for o in self.objectives if o.level is Level.COMPANY)

    @property
    def total_capacity(self) -> float:
        return sum(t.capacity for t in self.teams)

    # --- variants (what-ifs): new scenarios, this one untouched ------------------------------

    def with_capacity(self, team_id: str, capacity: float) -> Scenario:
        return self._same_metrics(teams=tuple(
            dataclasses.replace(t, capacity=capacity) if t.id == team_id else t for t in self.teams))

    def with_capacity_scaled(self, factor: float, team_id: str | None = None) -> Scenario:
        """Every team's capacity (or one team's) times `factor`."""
        return self._same_metrics(teams=tuple(
            dataclasses.replace(t, capacity=t.capacity * factor) if team_id in (None, t.id) else t
            for t in self.teams))

    def with_initiative(self, initiative_id: str, **changes) -> Scenario:
        return self._same_metrics(initiatives=tuple(
            dataclasses.replace(x, **changes) if x.id == initiative_id else x for x in self.initiatives))

    # What depends only on the objectives, their KRs and guardrails, and the driver links.
    _METRIC_FACTS = ("key_results", "guardrails", "_guardrail_ids", "total_weight", "chain_order", "_chain_position",
                     "_links")

    def _same_metrics(self, **changes) -> Scenario:
        """A variant that changes teams or initiatives only, with what this scenario already
        knows of its metrics: the facts above, and each initiative's effects and each KR's
        weight (entries are keyed to the object they were computed for, so a replaced
        initiative's are computed anew). An explanation evaluates thousands of such variants."""
        variant = dataclasses.replace(self, **changes)
        known = self.__dict__
        for name in self._METRIC_FACTS:
            if name in known:
                variant.__dict__[name] = known[name]
        variant.__dict__["_effects"] = dict(self._effects)
        variant.__dict__["_kr_weights"] = dict(self._kr_weights)
        return variant

    def without_guardrails(self, guardrail_ids) -> Scenario:
        """The scenario with these guardrails lifted (to price them): no longer held."""
        lifted = set(guardrail_ids)
        return dataclasses.replace(self, objectives=tuple(
            dataclasses.replace(o, guardrails=tuple(g for g in o.guardrails if g.id not in lifted))
            for o in self.objectives))

    def with_impacts_scaled(self, initiative_id: str, factor: float) -> Scenario:
        """One initiative's impacts (every estimate) times `factor`."""
        x = self.initiative(initiative_id)
        scaled = {k: dataclasses.replace(e, low=e.low * factor, likely=e.likely * factor, high=e.high * factor)
                  for k, e in x.impacts.items()}
        return self.with_initiative(initiative_id, impacts=frozen_map(scaled))

    def with_effort_scaled(self, initiative_id: str, factor: float) -> Scenario:
        x = self.initiative(initiative_id)
        return self.with_initiative(initiative_id, effort=frozen_map({t: v * factor for t, v in x.effort.items()}))

    def with_objective_weight(self, objective_id: str, weight: float) -> Scenario:
        return dataclasses.replace(self, objectives=tuple(
            dataclasses.replace(o, weight=weight) if o.id == objective_id else o for o in self.objectives))
