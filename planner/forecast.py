"""How sure is each KR? Monte Carlo forecasts of attainment under the estimates' uncertainty.

The uncertainty model (docs/model.md, "Uncertainty"):
- a range `{low, likely, high}` is a Beta-PERT distribution with `low` and `high` as its bounds
  (the minimum and maximum possible) and `likely` as its mode; a point is a constant;
- `confidence` is the chance an initiative delivers at all: one draw per initiative and
  sample, so it succeeds or fails across all the KRs it moves together;
- a KR's `trend` is sampled the same way and added whatever the plan.

Draws come from one random stream per initiative (and per KR trend), keyed by the seed and the
id, so two plans are compared on the same draws (common random numbers) and adding an
initiative never changes the draws of the others. All arithmetic is on numpy arrays.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from planner.evaluation import check_ids
from planner.model import Estimate, Initiative, Scenario, frozen_map
from planner.settings import DEFAULT_FORECAST_SAMPLES as DEFAULT_SAMPLES

SUCCESS = 0.70  # OKR practice: 70% attainment counts as success
# A KR's status from its chance of reaching 70% (P(>=70%)): on track from ON_TRACK, at risk from
# AT_RISK, off track below. The one place these thresholds are written (docs/model.md).
ON_TRACK, AT_RISK = 0.60, 0.30


def kr_status(p_success: float) -> str:
    """"on track", "at risk" or "off track", from a KR's chance of reaching 70%.

    >>> kr_status(0.86), kr_status(0.35), kr_status(0.09)
    ('on track', 'at risk', 'off track')
    """
    return "on track" if p_success >= ON_TRACK else "at risk" if p_success >= AT_RISK else "off track"


def attainment_reading(attainment: float) -> str:
    """What an expected attainment says, as OKR practice reads a score: about 70% is success;
    well under 50% means the targets were too ambitious or the plan too thin."""
    if attainment >= SUCCESS:
        return "at or above the 70% bar: success as OKRs count it"
    if attainment >= SUCCESS - 0.1:
        return "just under the 70% bar"
    if attainment >= 0.5:
        return "below the 70% bar"
    return "well under 70%: targets too ambitious for this capacity, or the plan too thin"
FORECAST_STREAM, OPTIMIZE_STREAM = 0, 1  # the optimizer fits on other draws than it is judged by


def tail_mean(scores: np.ndarray, share: float) -> float:
    """Mean of the worst `share` of outcomes (CVaR), counting a fraction of the boundary sample
    so it matches the linear model the optimizer solves."""
    cut = share * len(scores)
    ordered, whole = np.sort(scores), int(cut)
    tail = ordered[:whole].sum() + (cut - whole) * (ordered[whole] if whole < len(ordered) else 0.0)
    return float(tail / cut)


def pert_parameters(estimate: Estimate) -> tuple[float, float]:
    """Beta shape parameters (alpha, beta) of the PERT distribution on [low, high]."""
    span = estimate.high - estimate.low
    return (1 + 4 * (estimate.likely - estimate.low) / span, 1 + 4 * (estimate.high - estimate.likely) / span)


def draw_estimates(estimates: list[Estimate], n: int, rng: np.random.Generator) -> np.ndarray:
    """n draws of each estimate, as an (n, len(estimates)) array in the estimate's units.

    numpy's Beta sampler, not scipy.stats: same distribution, and scipy.stats takes over a
    second to import, which `planner plan` cannot afford (tests check it against scipy)."""
    out = np.empty((n, len(estimates)))
    ranged = [j for j, e in enumerate(estimates) if not e.is_point]
    for j, e in enumerate(estimates):
        if e.is_point:
            out[:, j] = e.likely
    if ranged:
        alpha, beta = np.array([pert_parameters(estimates[j]) for j in ranged]).T
        low = np.array([estimates[j].low for j in ranged])
        span = np.array([estimates[j].high - estimates[j].low for j in ranged])
        out[:, ranged] = low + span * rng.beta(alpha, beta, size=(n, len(ranged)))
    return out


def _stream(seed: int, purpose: int, key: str) -> np.random.Generator:
    return np.random.default_rng([seed, purpose, zlib.crc32(key.encode("utf-8"))])


class SampleSet:
    """Sampled progress (fraction of each KR's gap) for every initiative, drawn lazily."""

    def __init__(self, scenario: Scenario, samples: int = DEFAULT_SAMPLES, seed: int = 0,
                 purpose: int = FORECAST_STREAM):
        if samples < 1:
            raise ValueError("samples must be at least 1")
        self.scenario, self.samples, self.seed, self.purpose = scenario, samples, seed, purpose
        self.kr_index = {kr.id: k for k, kr in enumerate(scenario.key_results)}
        self.gaps = np.array([kr.gap for kr in scenario.key_results])
        self.weights = np.array([scenario.kr_weight(kr) for kr in scenario.key_results])
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # initiative -> `_by_kr`
        self._chained: dict[str, dict[str, np.ndarray]] = {}
        self._elasticities: dict[tuple[str, str], np.ndarray] = {}

    def initiative(self, x: Initiative) -> tuple[np.ndarray, np.ndarray]:
        """(KR indices, progress array of shape (samples, len(indices))) for one initiative:
        the KRs it moves directly and, through driver links, the KRs downstream of them."""
        idx, by_kr = self._by_kr(x)
        return idx, by_kr.T

    def _by_kr(self, x: Initiative) -> tuple[np.ndarray, np.ndarray]:
        """`initiative`'s draws stored one KR per row, shape (len(indices), samples): adding up a
        plan's initiatives (`progress`) then runs over contiguous memory, 4x faster than over
        the columns of a (samples, K) array, with the same sums."""
        if x.id not in self._cache:
            rng = _stream(self.seed, self.purpose, "initiative:" + x.id)
            delivered = rng.random(self.samples) < x.confidence
            kr_ids = sorted(x.impacts)
            values = draw_estimates([x.impacts[k] for k in kr_ids], self.samples, rng)
            if self.scenario.drivers:
                chained = self._through_chain(x, delivered, dict(zip(kr_ids, values.T)))
                kr_ids = sorted(k for k in chained if k in self.kr_index)
                values = np.column_stack([chained[k] for k in kr_ids]) if kr_ids else np.empty((self.samples, 0))
                delivered = np.ones(self.samples, dtype=bool)  # already applied along the chain
            idx = np.array([self.kr_index[k] for k in kr_ids], dtype=int)
            self._cache[x.id] = (idx, np.ascontiguousarray((values * delivered[:, None] / self.gaps[idx]).T))
        return self._cache[x.id]

    def _direct_guardrail_effects(self, x: Initiative) -> dict[str, np.ndarray]:
        """An initiative's sampled direct effects on guardrails, zero where it does not deliver
        (the same delivery draws as its KR impacts)."""
        hit = [g.id for g in self.scenario.guardrails if g.id in x.guardrail_impacts]
        if not hit:
            return {}
        delivered = _stream(self.seed, self.purpose, "initiative:" + x.id).random(self.samples) < x.confidence
        values = draw_estimates([x.guardrail_impacts[g] for g in hit], self.samples,
                                _stream(self.seed, self.purpose, "guardrail:" + x.id))
        return {g: values[:, j] * delivered for j, g in enumerate(hit)}

    def _through_chain(self, x: Initiative, delivered: np.ndarray, kr_draws: dict[str, np.ndarray]
                       ) -> dict[str, np.ndarray]:
        """Sampled changes on every metric an initiative reaches: its direct draws (when it
        delivers), carried along the driver links with each link's sampled elasticity."""
        key = "chain:" + x.id
        if key not in self._chained:
            effects = {k: v * delivered for k, v in kr_draws.items()}
            for g, v in self._direct_guardrail_effects(x).items():
                effects[g] = effects.get(g, 0.0) + v
            for m in self.scenario.chain_order:
                change = effects.get(m)
                if change is not None:
                    for d in self.scenario.links_from(m):
                        effects[d.target] = effects.get(d.target, 0.0) + change * self.elasticity(d.source, d.target)
            self._chained[key] = effects
        return self._chained[key]

    def elasticity(self, source: str, target: str) -> np.ndarray:
        """(samples,) draws of one driver link's elasticity, from its own stream."""
        key = (source, target)
        if key not in self._elasticities:
            link = next(d for d in self.scenario.links_from(source) if d.target == target)
            rng = _stream(self.seed, self.purpose, f"driver:{source}>{target}")
            self._elasticities[key] = draw_estimates([link.elasticity], self.samples, rng)[:, 0]
        return self._elasticities[key]

    def variant(self, scenario: Scenario) -> SampleSet:
        """The same samples for an edited copy of this scenario (a what-if): draws of the
        initiatives it did not change are shared, not drawn again."""
        if scenario is self.scenario:
            return self
        other = SampleSet(scenario, self.samples, self.seed, self.purpose)
        if scenario.objectives is self.scenario.objectives and "trend" in self.__dict__:
            other.__dict__["trend"] = self.trend
        if scenario.drivers is self.scenario.drivers:
            other._elasticities = self._elasticities
            unchanged = {i for i in self._cache if scenario.initiative(i) is self.scenario.initiative(i)}
            other._cache = {i: draws for i, draws in self._cache.items() if i in unchanged}
            other._chained = {k: v for k, v in self._chained.items() if k.removeprefix("chain:") in unchanged}
        return other

    @cached_property
    def trend(self) -> np.ndarray:
        """(samples, K) progress from the KRs' own trends."""
        out = np.zeros((self.samples, len(self.gaps)))
        for k, kr in enumerate(self.scenario.key_results):
            if kr.trend is not None:
                rng = _stream(self.seed, self.purpose, "trend:" + kr.id)
                out[:, k] = draw_estimates([kr.trend], self.samples, rng)[:, 0] / kr.gap
        return out

    @cached_property
    def _trend_by_kr(self) -> np.ndarray:
        """`trend` one KR per row, as `_by_kr` stores the initiatives' draws."""
        return np.ascontiguousarray(self.trend.T)

    def progress(self, selection: Iterable[str]) -> np.ndarray:
        """(samples, K) uncapped progress of a selection."""
        total = self._trend_by_kr.copy()
        for i in selection:
            idx, values = self._by_kr(self.scenario.initiative(i))
            total[idx] += values  # an initiative's KR indices are distinct
        return np.ascontiguousarray(total.T)

    def guardrail_values(self, selection: Iterable[str]) -> np.ndarray:
        """(samples, G) value of each guardrail's metric under a selection, in its units: the
        baseline, its trend, and each initiative's effect when it delivers (the same delivery
        draws as its KR impacts)."""
        guardrails = self.scenario.guardrails
        out = np.tile(np.array([g.baseline for g in guardrails], dtype=float), (self.samples, 1))
        for j, g in enumerate(guardrails):
            if g.trend is not None:
                out[:, j] += draw_estimates([g.trend], self.samples, _stream(self.seed, self.purpose, "trend:" + g.id))[:, 0]
        column = {g.id: j for j, g in enumerate(guardrails)}
        for i in selection:
            x = self.scenario.initiative(i)
            if self.scenario.drivers:
                self.initiative(x)  # draws the chain
                effects = self._chained["chain:" + x.id]
            else:
                effects = self._direct_guardrail_effects(x)
            for g, values in effects.items():
                if g in column:
                    out[:, column[g]] += values
        return out

    def scores(self, selection: Iterable[str]) -> np.ndarray:
        """(samples,) score of a selection in each sample: weighted capped attainment."""
        return np.minimum(1.0, self.progress(selection)) @ self.weights


def contributions(scenario: Scenario, selection: Iterable[str], sample_set: SampleSet) -> dict[str, float]:
    """For each initiative of a selection, the expected score lost if it alone left it, on
    `sample_set`'s samples (the same measure as a forecast's expected score)."""
    chosen = set(selection)
    progress = sample_set.progress(chosen)
    out = {}
    for x in scenario.initiatives:
        if x.id in chosen:
            idx, values = sample_set.initiative(x)
            before, after = np.minimum(1.0, progress[:, idx]), np.minimum(1.0, progress[:, idx] - values)
            out[x.id] = float(((before - after) @ sample_set.weights[idx]).mean())
    return out


@dataclass(frozen=True)
class Distribution:
    """Summary of a sampled quantity (fractions: 0.7 means 70%)."""

    mean: float
    p10: float
    p50: float
    p90: float

    @staticmethod
    def of(values: np.ndarray) -> Distribution:
        p10, p50, p90 = np.percentile(values, [10, 50, 90])
        return Distribution(float(values.mean()), float(p10), float(p50), float(p90))


@dataclass(frozen=True)
class KeyResultForecast:
    key_result_id: str
    attainment: Distribution
    p_success: float  # P(attainment >= 70%)
    p_target: float  # P(attainment >= 100%)


@dataclass(frozen=True)
class GuardrailForecast:
    """A guardrail's metric over the samples, and how often it holds."""

    guardrail_id: str
    value: Distribution  # in the metric's units
    p_held: float  # share of samples in which the metric stays on the right side of its level


@dataclass(frozen=True)
class Forecast:
    """The sampled outcome of a plan: per KR, per objective and overall."""

    selected: tuple[str, ...]
    samples: int
    seed: int
    key_results: tuple[KeyResultForecast, ...]
    objectives: Mapping[str, Distribution]
    score: Distribution
    score_samples: np.ndarray  # (samples,), for charts and risk measures
    guardrails: tuple[GuardrailForecast, ...] = ()

    @property
    def expected_score(self) -> float:
        """The true expected capped attainment (estimated), as opposed to the attainment of
        expected impacts that `Evaluation.score` reports."""
        return self.score.mean

    def key_result(self, kr_id: str) -> KeyResultForecast:
        return next(f for f in self.key_results if f.key_result_id == kr_id)

    def worst(self, share: float = 0.2) -> float:
        """Mean score of the worst `share` of outcomes (CVaR)."""
        return tail_mean(self.score_samples, share)


def forecast(scenario: Scenario, selection: Iterable[str], samples: int = DEFAULT_SAMPLES,
             seed: int = 0, sample_set: SampleSet | None = None) -> Forecast:
    """Forecast a selection: P10/P50/P90 of each KR's attainment, P(>= 70%), P(>= 100%), and the
    distribution of each objective's score and of the overall score.

    >>> from planner import load_scenario
    >>> s = load_scenario("scenarios/onboarding-q3.yaml")
    >>> f = forecast(s, ["tour", "templates"], samples=2000).key_result("completion")
    >>> round(f.attainment.mean, 3), f.p_success
    (0.459, 0.0)
    """
    chosen = set(check_ids(scenario, selection))
    ordered = tuple(x.id for x in scenario.initiatives if x.id in chosen)
    sample_set = sample_set or SampleSet(scenario, samples, seed)
    attainment = np.minimum(1.0, sample_set.progress(ordered))
    krs = tuple(
        KeyResultForecast(kr.id, Distribution.of(attainment[:, k]),
                          float((attainment[:, k] >= SUCCESS - 1e-12).mean()),
                          float((attainment[:, k] >= 1.0 - 1e-12).mean()))
        for k, kr in enumerate(scenario.key_results)
    )
    objectives = {}
    for o in scenario.objectives:
        idx = [sample_set.kr_index[kr.id] for kr in o.key_results]
        w = np.array([kr.weight for kr in o.key_results])
        objectives[o.id] = Distribution.of(attainment[:, idx] @ w / w.sum())
    scores = attainment @ sample_set.weights
    guarded = sample_set.guardrail_values(ordered)
    guardrails = tuple(
        GuardrailForecast(g.id, Distribution.of(guarded[:, j]), float((g.margin(guarded[:, j]) >= -g.tolerance).mean()))
        for j, g in enumerate(scenario.guardrails))
    return Forecast(ordered, sample_set.samples, sample_set.seed, krs, frozen_map(objectives),
                    Distribution.of(scores), scores, guardrails)


def forecast_each(scenario: Scenario, selections: Iterable[Iterable[str]], shared: SampleSet
                  ) -> dict[tuple[str, ...], Forecast]:
    """Forecasts of several selections on one shared sample set (common random numbers), keyed
    by selection as given, so their differences are the plans', not the dice's."""
    out: dict[tuple[str, ...], Forecast] = {}
    for selection in selections:
        key = tuple(selection)
        if key not in out:
            out[key] = forecast(scenario, key, sample_set=shared)
    return out


def expected_attainments(scenario: Scenario, selections: Iterable[Iterable[str]], samples: int, seed: int
                         ) -> dict[tuple[str, ...], float]:
    """The expected attainment of each selection on the fresh samples `plan` headlines with
    (`samples` drawn with `seed`; none when `samples` is 0), so that what-if answers can show
    the same number as the plan's headline for the same selection."""
    if not samples:
        return {}
    shared = SampleSet(scenario, samples, seed)
    out = {}
    for selection in selections:
        chosen = set(selection)
        ordered = tuple(x.id for x in scenario.initiatives if x.id in chosen)  # as `forecast` orders it
        out[tuple(selection)] = float(shared.scores(ordered).mean())
    return out
