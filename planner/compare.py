"""Comparisons: several scenarios side by side, or hand-made roadmaps against the optimum.

Each option becomes a column: its score and forecast, per-KR expected attainment, capacity
use, and the initiatives that differ between options. `Comparison.table()` gives one tidy
pandas DataFrame (option, metric, value) for notebooks.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.diagnosis import Diagnosis
from planner.evaluation import Evaluation, evaluate
from planner.forecast import Forecast, SampleSet, forecast
from planner.frames import frame
from planner.model import Scenario
from planner.results import headline_measure, headline_score
from planner.settings import DEFAULT_FORECAST_SAMPLES


@dataclass(frozen=True)
class Option:
    name: str
    scenario: Scenario
    evaluation: Evaluation
    forecast: Forecast | None
    optimal: bool  # the optimizer's proven plan (not a hand-made roadmap, nor a plan cut short by the time limit)

    @property
    def headline(self) -> float:
        return headline_score(self.forecast, self.evaluation.score)


@dataclass(frozen=True)
class Comparison:
    options: tuple[Option, ...]
    infeasible: Diagnosis | None = None  # roadmaps on a scenario that no plan satisfies: no optimum among them

    @property
    def differing(self) -> tuple[str, ...]:
        """Initiatives selected in some options but not all."""
        sets = [set(o.evaluation.selected) for o in self.options]
        union, common = set().union(*sets), set.intersection(*sets) if sets else set()
        order = {x.id: n for o in self.options for n, x in enumerate(o.scenario.initiatives)}
        return tuple(sorted(union - common, key=lambda i: (order.get(i, 0), i)))

    def changes(self, option: Option) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What an option funds that the first option does not, and what it drops from it: the
        difference a reader looks for when each option is a what-if on one base."""
        base = set(self.options[0].evaluation.selected)
        mine = set(option.evaluation.selected)
        ids = [x.id for o in (self.options[0], option) for x in o.scenario.initiatives]
        in_order = list(dict.fromkeys(ids))  # the base's order, then the option's own initiatives
        return tuple(i for i in in_order if i in mine - base), tuple(i for i in in_order if i in base - mine)

    @staticmethod
    def objective_attainment(option: Option, objective_id: str) -> float | None:
        """An option's attainment of one objective on the headline's measure (None: the option's
        scenario has no such objective)."""
        if objective_id not in {o.id for o in option.scenario.objectives}:
            return None
        if option.forecast is not None:
            return option.forecast.objectives[objective_id].mean
        return option.evaluation.objective_scores[objective_id]

    def best_by_objective(self) -> dict[str, tuple[str, ...]]:
        """For each objective, the option(s) attaining it most (ties to 0.1 point all count)."""
        out = {}
        for objective in dict.fromkeys(ob.id for o in self.options for ob in o.scenario.objectives):
            values = {o.name: v for o in self.options if (v := self.objective_attainment(o, objective)) is not None}
            top = max(values.values())
            out[objective] = tuple(name for name, v in values.items() if round(v, 3) == round(top, 3))
        return out

    def table(self):
        """One tidy DataFrame: option, kind, key, value (attainments as fractions); the plan's
        headline under its measure's name."""
        rows = []
        for o in self.options:
            e = o.evaluation
            rows.append((o.name, "plan", headline_measure(o.forecast), o.headline))
            rows.append((o.name, "plan", "feasible", float(e.feasible)))
            for out in e.key_results:
                attainment = o.forecast.key_result(out.key_result.id).attainment.mean if o.forecast else out.attainment
                rows.append((o.name, "key result", out.key_result.id, attainment))
                if o.forecast:
                    rows.append((o.name, "P(>=70%)", out.key_result.id, o.forecast.key_result(out.key_result.id).p_success))
            for team, used in e.team_use.items():
                rows.append((o.name, "capacity used", team, used))
            for i in self.differing:
                rows.append((o.name, "initiative", i, float(i in e.selected)))
        columns = ["option", "kind", "key", "value"]
        return frame([dict(zip(columns, row)) for row in rows], columns, index=None)


def compare_options(named: list[tuple[str, Scenario, tuple[str, ...], bool]], samples: int = DEFAULT_FORECAST_SAMPLES,
                    seed: int = 0, infeasible: Diagnosis | None = None) -> Comparison:
    """Options as (name, scenario, selection, is_optimal). Options on the same scenario share
    forecast draws, so their differences are the plans', not the dice's."""
    shared: dict[int, SampleSet] = {}
    options = []
    for name, scenario, selection, optimal in named:
        sample_set = None
        if samples:
            if id(scenario) not in shared:
                shared[id(scenario)] = SampleSet(scenario, samples, seed)
            sample_set = shared[id(scenario)]
        options.append(Option(name, scenario, evaluate(scenario, selection),
                              forecast(scenario, selection, sample_set=sample_set) if samples else None, optimal))
    return Comparison(tuple(options), infeasible)
