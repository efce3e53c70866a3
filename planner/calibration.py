"""How good were the estimates? Past quarters' outcomes against what their delivered work was
estimated to move, and estimates scaled and widened by what was learned.

The model (docs/model.md, "Calibration"): on each key result of each past quarter, the movement
seen by the end (final value less baseline, less the expected organic trend) is compared with the
movement its **delivered** initiatives were estimated to cause (their estimates' means: having
delivered, their confidence no longer applies). Both are measured in the KR's gap, so KRs of any
unit weigh alike. The factor is the least-squares slope through the origin, realized = factor ×
estimated, with a two-sided 95% t interval from the residuals: few KRs, wide interval. Groups
(by tier, by team, by stated confidence) share each KR's realized movement among its delivered
initiatives in proportion to their estimates.

Applied to a scenario, every impact estimate is scaled by the factor (its most likely value)
and its range widened to cover the interval: low and high move to the extremes that the
interval's ends give them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from planner.checkin import CheckIn, Status
from planner.model import Estimate, Initiative, Scenario, frozen_map

LEVEL = 0.95  # the interval's coverage
CONFIDENCE_BANDS = ((0.0, 0.6, "confidence below 0.6"), (0.6, 0.9, "confidence 0.6 to 0.9"),
                    (0.9, 1.01, "confidence 0.9 or more"))


@dataclass(frozen=True)
class Factor:
    """Realized movement over estimated movement, with its interval and the evidence behind it."""

    value: float | None  # None: nothing delivered moved a KR, so nothing to learn from
    low: float | None
    high: float | None
    observations: int


@dataclass(frozen=True)
class Observation:
    """One KR of one past quarter: movement in units of its gap."""

    quarter: str
    key_result_id: str
    estimated: float  # what its delivered initiatives were estimated to move
    realized: float  # what moved, less the expected organic trend
    shares: Mapping[str, float] = field(default_factory=frozen_map)  # delivered initiative -> its estimated part


@dataclass(frozen=True)
class Calibration:
    overall: Factor
    by_tier: Mapping[str, Factor]
    by_team: Mapping[str, Factor]
    by_confidence: Mapping[str, Factor]
    observations: tuple[Observation, ...]
    quarters: tuple[str, ...]

    def table(self):
        """One row per group ("all", then by tier, team and confidence): factor, interval, observations."""
        from planner.frames import frame

        rows = [("all", self.overall), *((f"tier {k}", v) for k, v in self.by_tier.items()),
                *((f"team {k}", v) for k, v in self.by_team.items()), *self.by_confidence.items()]
        return frame([{"group": g, "factor": f.value, "low": f.low, "high": f.high, "observations": f.observations}
                      for g, f in rows], index="group")

    def as_document(self) -> dict:
        """The calibration file's content (`plan --calibration FILE` reads it back)."""
        def f(x: Factor) -> dict:
            return {"factor": _r(x.value), "low": _r(x.low), "high": _r(x.high), "observations": x.observations}

        return {"version": 1, "kind": "calibration", "level": LEVEL, "quarters": list(self.quarters),
                **f(self.overall),
                "by_tier": {k: f(v) for k, v in self.by_tier.items()},
                "by_team": {k: f(v) for k, v in self.by_team.items()},
                "by_confidence": {k: f(v) for k, v in self.by_confidence.items()}}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4) + 0.0


def observations(scenario: Scenario, final: CheckIn, name: str | None = None) -> list[Observation]:
    """Each reported KR's estimated and realized movement, in units of its gap."""
    delivered = [x for x in scenario.initiatives if final.progress(x.id).status is Status.DONE]
    out = []
    for kr in scenario.key_results:
        if kr.id not in final.key_results:
            continue
        shares = {x.id: x.impacts[kr.id].mean / kr.gap for x in delivered if kr.id in x.impacts}
        realized = (final.key_results[kr.id] - kr.baseline - kr.expected_trend) / kr.gap
        out.append(Observation(name or scenario.name, kr.id, sum(shares.values()), realized, frozen_map(shares)))
    return out


def fit(pairs: Iterable[tuple[float, float]]) -> Factor:
    """The slope through the origin of (estimated, realized) pairs with its two-sided t interval."""
    pairs = [(x, y) for x, y in pairs if x != 0]
    n = len(pairs)
    sxx = sum(x * x for x, _ in pairs)
    if n == 0 or sxx == 0:
        return Factor(None, None, None, n)
    slope = sum(x * y for x, y in pairs) / sxx
    if n < 2:
        return Factor(slope, None, None, n)  # one point: a factor, and no way to say how sure
    from scipy.stats import t

    spread = math.sqrt(sum((y - slope * x) ** 2 for x, y in pairs) / (n - 1) / sxx)
    half = float(t.ppf(0.5 + LEVEL / 2, n - 1)) * spread
    return Factor(slope, slope - half, slope + half, n)


def calibrate(quarters: Iterable[tuple[Scenario, CheckIn]]) -> Calibration:
    """Learn from past quarters, each a scenario with its final check-in."""
    obs: list[Observation] = []
    scenarios = {}
    for scenario, final in quarters:
        name = scenario.name if scenario.name not in scenarios else f"{scenario.name} ({len(scenarios) + 1})"
        scenarios[name] = scenario
        obs += observations(scenario, final, name)

    def grouped(key) -> dict[str, Factor]:
        groups: dict[str, list[tuple[float, float]]] = {}
        for o in obs:
            for initiative_id, part in o.shares.items():
                x = scenarios[o.quarter].initiative(initiative_id)
                share = o.realized * part / o.estimated if o.estimated else 0.0
                for label in key(x):
                    groups.setdefault(label, []).append((part, share))
        return {label: fit(pairs) for label, pairs in sorted(groups.items())}

    def band(x: Initiative) -> list[str]:
        return [label for low, high, label in CONFIDENCE_BANDS if low <= x.confidence < high]

    return Calibration(fit((o.estimated, o.realized) for o in obs),
                       grouped(lambda x: [x.tier.value]),
                       grouped(lambda x: list(x.teams)),
                       grouped(band), tuple(obs), tuple(scenarios))


def calibrated(scenario: Scenario, factor: float, low: float | None = None, high: float | None = None) -> Scenario:
    """The scenario with every impact estimate scaled by `factor` and its range widened to what
    the interval's ends (`low`, `high`) give it. Guardrail effects and trends are left as they are:
    the history measures what initiatives moved on the KRs they aimed at."""
    ends = [f for f in (low, high, factor) if f is not None]

    def scaled(e: Estimate) -> Estimate:
        values = [v * f for v in (e.low, e.high) for f in ends]
        return Estimate(min(values), e.likely * factor, max(values))

    initiatives = tuple(dataclasses.replace(x, impacts=frozen_map({k: scaled(e) for k, e in x.impacts.items()}))
                        for x in scenario.initiatives)
    return dataclasses.replace(scenario, initiatives=initiatives, name=f"{scenario.name} (calibrated ×{factor:.2f})")


def load_calibration(path: str | Path):
    """A calibration file (as `planner calibrate` writes it): its overall factor and interval."""
    from pydantic import ValidationError

    from planner.errors import Location, Problem, ScenarioError
    from planner.loading import SourceMap, parse_yaml, read_text_file
    from planner.schema import CalibrationDocument

    path = Path(path)
    raw, places = parse_yaml(read_text_file(path, "calibration"), str(path))
    try:
        doc = CalibrationDocument.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        raise ScenarioError(Problem("calibration", f"{'.'.join(map(str, loc)) or 'the file'}: {first['msg']}",
                                    "write it again with `planner calibrate ... -o FILE`",
                                    SourceMap(Location(str(path)), places)(loc))) from None
    return Factor(doc.factor, doc.low, doc.high, doc.observations)
