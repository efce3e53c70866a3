"""A sweep: the best plan for every combination of a few changes to one scenario (capacities ×
split tolerances, say), for reviews that explore many variants at once.

The variants are built by the caller (`planner.api.sweep` applies `path=value` changes to the
scenario file); here each is solved with the plan's own settings, on the same fan-out as the
other what-ifs (`planner.whatif.parallel_map`), and compared with the unchanged scenario's plan
on the headline's measure: expected attainment on fresh samples (the same seed for every
variant), else the attainment of expected impacts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.errors import InfeasibleError, Undecided
from planner.forecast import expected_attainments
from planner.model import Scenario
from planner.optimizer import optimize
from planner.settings import Settings
from planner.whatif import Progress, differences, parallel_map

MAX_POINTS = 400  # variants in one sweep: a grid a review can read


@dataclass(frozen=True)
class SweepPoint:
    """One variant's best plan (or why there is none)."""

    changes: Mapping[str, str]  # path -> value, as given
    status: str  # "optimal", "time limit", "infeasible" or "undecided"
    selected: tuple[str, ...]
    value: float | None  # what the optimizer maximized
    attainment_of_expected_impacts: float | None
    expected_attainment: float | None  # on the forecast samples; None without them
    entering: tuple[str, ...]  # against the unchanged scenario's plan
    leaving: tuple[str, ...]
    conflicting: tuple[str, ...] = ()  # for an infeasible variant, the constraints in conflict

    @property
    def headline(self) -> float | None:
        return self.expected_attainment if self.expected_attainment is not None else self.attainment_of_expected_impacts


@dataclass(frozen=True)
class Sweep:
    parameters: tuple[str, ...]  # the paths varied, in the order given
    settings: Settings
    base: SweepPoint  # the scenario unchanged
    points: tuple[SweepPoint, ...]  # every combination, the first parameter varying slowest

    def table(self):
        """One row per variant: a column per parameter, then the plan's numbers."""
        from planner.frames import frame

        rows = [{**{p: point.changes[p] for p in self.parameters}, "status": point.status,
                 "expected_attainment": point.expected_attainment,
                 "attainment_of_expected_impacts": point.attainment_of_expected_impacts,
                 "vs_base_points": None if point.headline is None or self.base.headline is None
                 else (point.headline - self.base.headline) * 100,
                 "selected": len(point.selected), "entering": ", ".join(point.entering),
                 "leaving": ", ".join(point.leaving)} for point in self.points]
        return frame(rows, index=None)


def sweep(base: Scenario, variants: Sequence[tuple[Mapping[str, str], Scenario]], settings: Settings = Settings(),
          progress: Progress | None = None) -> Sweep:
    """The best plan of `base` and of each variant (`(changes, scenario)` pairs), compared."""
    if len(variants) > MAX_POINTS:
        raise ValueError(f"a sweep holds at most {MAX_POINTS} variants")
    parameters = tuple(dict.fromkeys(p for changes, _ in variants for p in changes))
    first = _solve_point(settings, ({}, base, ()))
    items = [(changes, scenario, first.selected) for changes, scenario in variants]
    points = parallel_map(_solve_point, items, settings.workers, progress, shared=settings)
    return Sweep(parameters, settings, first, tuple(points))


def _solve_point(settings: Settings, item) -> SweepPoint:
    changes, scenario, base_selected = item
    try:
        plan = optimize(scenario, settings)
    except InfeasibleError as exc:
        return SweepPoint(dict(changes), "infeasible", (), None, None, None, (), (),
                          tuple(str(c) for c in exc.diagnosis.conflicting))
    except Undecided:
        return SweepPoint(dict(changes), "undecided", (), None, None, None, (), ())
    expected = expected_attainments(scenario, [plan.selected], settings.forecast_samples, settings.seed)
    entering, leaving = differences(base_selected, plan.selected)
    return SweepPoint(dict(changes), plan.solve.status.value, plan.selected, plan.value, plan.score,
                      expected.get(plan.selected), entering, leaving)
