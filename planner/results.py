"""What planning answers: plain result values, free of the solver, pandas and rich.

The optimizer, the analyses and the API build these; the renderers (terminal, JSON, CSV,
Markdown, HTML, charts) read them. Nothing here imports PuLP, HiGHS, pandas or rich, so a
renderer can be typed against a result without loading the machinery that produced it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from planner.diagnosis import Diagnosis
from planner.enums import DocumentedEnum
from planner.evaluation import Evaluation, contributions
from planner.forecast import Forecast
from planner.model import Scenario
from planner.settings import DEFAULT_GAP, OptimizerObjective, Risk

if TYPE_CHECKING:  # named in annotations only: a worker process solving what-ifs never loads files or lints
    from planner.lint import LintWarning
    from planner.loading import LoadedScenario
    from planner.reach import Reach


class SolveStatus(DocumentedEnum):
    """How a solve ended."""

    OPTIMAL = "optimal", "Proven within the requested gap."
    TIME_LIMIT = "time limit", "A plan, cut short by the time limit; its proven gap says how far from optimal it may be."
    NO_PLAN = "no plan found", "The time limit came before any plan was found."
    INFEASIBLE = "infeasible", "No selection of initiatives meets every constraint."

    @property
    def is_ok(self) -> bool:
        """A plan came back (proven or the best found)."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.TIME_LIMIT)


@dataclass(frozen=True)
class SolveReport:
    status: SolveStatus
    solver: str
    gap: float | None  # proven relative gap; None where the solver cannot tell
    bound: float | None  # best proven upper bound on the score
    build_seconds: float
    solve_seconds: float
    requested_gap: float = DEFAULT_GAP
    engine_choice: str = ""  # with `solver: auto`, which engine ran and why

    @property
    def proven_optimal(self) -> bool:
        """Proven within the default gap (0.01%), which is what "optimal" means in reports; a
        looser gap stops earlier and is labelled with the gap it reached."""
        if self.status is not SolveStatus.OPTIMAL:
            return False
        return self.gap <= DEFAULT_GAP * (1 + 1e-9) if self.gap is not None else self.requested_gap <= DEFAULT_GAP


@dataclass(frozen=True)
class Plan:
    """The chosen portfolio: its evaluation, and how the solver got there."""

    evaluation: Evaluation
    solve: SolveReport
    objective: OptimizerObjective = OptimizerObjective.POINT
    risk: Risk = Risk.NEUTRAL
    samples: int = 0  # samples in the sample-average model (0 for the point model)
    seed: int = 0
    in_sample_value: float | None = None  # the sample-average objective on its own samples

    @property
    def scenario(self) -> Scenario:
        return self.evaluation.scenario

    @property
    def selected(self) -> tuple[str, ...]:
        return self.evaluation.selected

    @property
    def score(self) -> float:
        """The attainment of expected impacts (the evaluator's score)."""
        return self.evaluation.score

    @property
    def proven(self) -> bool:
        """Solved to the requested gap (not cut short by the time limit)."""
        return self.solve.status is SolveStatus.OPTIMAL

    @property
    def value(self) -> float:
        """What the optimizer maximized: the sample-average value, or the point score. Compare
        plans of one objective by this (same samples, so differences are real)."""
        return self.score if self.in_sample_value is None else self.in_sample_value


def headline_score(forecast: Forecast | None, point_score: float) -> float:
    """The number people read first: the forecast's expected attainment when there is a
    forecast, else the attainment of expected impacts. The one place this rule is written."""
    return forecast.expected_score if forecast is not None else point_score


def headline_measure(forecast: Forecast | None) -> str:
    """The name of the headline's measure."""
    return "expected KR attainment" if forecast is not None else "attainment of expected impacts"


@dataclass(frozen=True)
class Bounded:
    """An answer that may be proven only as a range: exact when `proven`; else `value` is what
    the best plan found gives (None: no plan found in time) and the true answer lies between it
    and `other_end`, the far end the solver proved (None: nothing proven beyond `value`).

    The one shape of every what-if answer cut short by a time limit: forcing costs, capacity and
    policy prices, frontier levels, break-even factors.

    >>> Bounded(0.02, 0.01, proven=False).scaled(-1.0)
    Bounded(value=-0.02, other_end=-0.01, proven=False)
    """

    value: float | None
    other_end: float | None = None
    proven: bool = True

    def scaled(self, factor: float) -> Bounded:
        """Both ends times `factor` (a loss shown as a negative change, say); never -0.0."""
        return Bounded(None if self.value is None else factor * self.value + 0.0,
                       None if self.other_end is None else factor * self.other_end + 0.0, self.proven)


@dataclass(frozen=True)
class CheckedScenario:
    """A valid scenario with its OKR-quality warnings."""

    loaded: LoadedScenario
    warnings: tuple[LintWarning, ...]

    @property
    def scenario(self) -> Scenario:
        return self.loaded.scenario


def _frame(rows: list[dict], columns: list[str] | None = None):
    from planner.frames import frame

    return frame(rows, columns)


@dataclass(frozen=True)
class PlanResult:
    """An optimal plan with what ranking spreadsheets would have picked under the same rules,
    and forecasts of each on the same fresh samples (not those the optimizer fitted)."""

    plan: Plan
    baselines: Mapping[str, Evaluation]  # rule -> greedy plan
    source: LoadedScenario | None = None
    forecast: Forecast | None = None
    point_plan: Plan | None = None  # the point-estimate model's plan, when the objective differs
    forecasts: Mapping[tuple[str, ...], Forecast] = field(default_factory=dict)  # by selection
    expected_contributions: Mapping[str, float] | None = None  # on the forecast's samples
    reach: Reach | None = None  # how far the targets go with unlimited capacity (planner.reach)

    def expected(self, selection: tuple[str, ...]) -> float | None:
        """True expected score of a selection on the shared forecast samples, if forecast."""
        found = self.forecasts.get(tuple(selection))
        return None if found is None else found.expected_score

    @property
    def headline(self) -> float:
        """The headline: the forecast's expected score, or the point score without a forecast."""
        return headline_score(self.forecast, self.plan.score)

    @property
    def measure(self) -> str:
        return headline_measure(self.forecast)

    def baseline_headline(self, rule: str) -> float:
        """A ranking rule's plan on the headline's measure, on the plan's own forecast samples."""
        greedy = self.baselines[rule]
        return headline_score(self.forecasts.get(greedy.selected) if self.forecast else None, greedy.score)

    @property
    def scenario(self) -> Scenario:
        return self.plan.scenario

    def contribution(self, initiative_id: str) -> float:
        """Score lost if this initiative alone left the plan (others unchanged), on the headline's
        measure: the forecast's expected score, or without a forecast the point score."""
        if self.expected_contributions is not None:
            return self.expected_contributions[initiative_id]
        return self._point_contributions[initiative_id]

    @cached_property
    def _point_contributions(self) -> dict[str, float]:
        return contributions(self.plan.evaluation)

    # --- tables for notebooks (pandas DataFrames, index: id) ---

    @property
    def initiatives(self):
        """One row per initiative: tier, selected, effort (total and per team), contribution."""
        s, chosen = self.scenario, set(self.plan.selected)
        rows = []
        for x in s.initiatives:
            row = {"id": x.id, "title": x.title, "tier": x.tier.value, "selected": x.id in chosen,
                   "commit": x.commit.value if x.commit else None, "confidence": x.confidence,
                   "effort": x.total_effort, "contribution": self.contribution(x.id) if x.id in chosen else None}
            row.update({f"effort.{t.id}": x.effort.get(t.id, 0.0) for t in s.teams})
            rows.append(row)
        return _frame(rows)

    @property
    def key_results(self):
        """One row per KR: baseline, target, expected forecast, attainment and its range."""
        rows = []
        for o in self.plan.evaluation.key_results:
            kr = o.key_result
            row = {"id": kr.id, "objective": kr.objective, "unit": kr.unit, "baseline": kr.baseline,
                   "target": kr.target, "forecast": o.forecast, "attainment_of_expected": o.attainment}
            if self.forecast:
                f = self.forecast.key_result(kr.id)
                row.update({"expected_attainment": f.attainment.mean, "p10": f.attainment.p10, "p50": f.attainment.p50,
                            "p90": f.attainment.p90, "p_reach_70": f.p_success, "p_reach_100": f.p_target})
            rows.append(row)
        return _frame(rows)

    @property
    def teams(self):
        """One row per team: capacity, effort used, share used."""
        e = self.plan.evaluation
        return _frame([{"id": t.id, "name": t.name, "capacity": t.capacity, "used": e.team_use[t.id],
                        "use": e.team_use[t.id] / t.capacity if t.capacity else None}
                       for t in self.scenario.teams])

    @property
    def objectives(self):
        """One row per objective: tier, weight, score of expected impacts and its forecast."""
        e = self.plan.evaluation
        rows = []
        for o in self.scenario.objectives:
            row = {"id": o.id, "level": o.level.value, "tier": o.tier.value, "weight": o.weight,
                   "score_of_expected": e.objective_scores[o.id]}
            if self.forecast:
                d = self.forecast.objectives[o.id]
                row.update({"expected_score": d.mean, "p10": d.p10, "p90": d.p90})
            rows.append(row)
        return _frame(rows)


@dataclass(frozen=True)
class RoadmapResult:
    """A hand-made roadmap scored by the evaluator, next to the optimum where one exists.

    Both are measured the way `plan` headlines a plan: by their forecasts' expected attainment
    on the same samples, or (no forecast) by the evaluator's attainment of expected impacts,
    against the optimum of that measure."""

    name: str
    evaluation: Evaluation
    optimum: Plan | None
    source: LoadedScenario | None = None
    forecast: Forecast | None = None
    optimum_forecast: Forecast | None = None
    infeasible: Diagnosis | None = None  # why there is no optimum: no plan meets every constraint

    @property
    def measure(self) -> str:
        return headline_measure(self.forecast)

    @property
    def headline(self) -> float:
        """The roadmap on the measure."""
        return headline_score(self.forecast, self.evaluation.score)

    @property
    def optimum_headline(self) -> float | None:
        if self.optimum is None:
            return None
        return headline_score(self.optimum_forecast, self.optimum.score)

    @property
    def gap_to_optimum(self) -> float | None:
        """How far the optimum is ahead on the measure. Slightly negative is possible with a
        forecast: the optimizer maximizes the mean over its own samples, not these."""
        return None if self.optimum is None else self.optimum_headline - self.headline
