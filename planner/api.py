"""The public entry points that the CLI and notebooks share: one function per question."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planner.lint import LintWarning, lint
from planner.loading import LoadedScenario, load_scenario_file
from planner.model import Scenario

if TYPE_CHECKING:  # the solver loads only when a plan is asked for
    from planner.diagnosis import Diagnosis
    from planner.whatif import Settings
    from planner.evaluation import Evaluation
    from planner.forecast import Forecast
    from planner.optimizer import Plan


@dataclass(frozen=True)
class CheckedScenario:
    """A valid scenario with its OKR-quality warnings."""

    loaded: LoadedScenario
    warnings: tuple[LintWarning, ...]

    @property
    def scenario(self) -> Scenario:
        return self.loaded.scenario


def load(path: str | Path, overrides: tuple[str, ...] = ()) -> LoadedScenario:
    """Load a scenario file with its sources and content hash (and `path=value` overrides)."""
    return load_scenario_file(path, overrides)


def validate(path: str | Path, overrides: tuple[str, ...] = ()) -> CheckedScenario:
    """Is this scenario file usable, and what would OKR practice say about it?"""
    loaded = load_scenario_file(path, overrides)
    return CheckedScenario(loaded, tuple(lint(loaded.scenario)))


def graph_text(scenario: Scenario, fmt: str = "mermaid") -> str:
    """The alignment graph as Mermaid or DOT text."""
    from planner.graph import to_dot, to_mermaid

    return {"mermaid": to_mermaid, "dot": to_dot}[fmt](scenario)


def schema_text() -> str:
    """The scenario file's JSON Schema, as text."""
    from planner.schema import json_schema

    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


# --- planning ------------------------------------------------------------------------------


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

    def expected(self, selection: tuple[str, ...]) -> float | None:
        """True expected score of a selection on the shared forecast samples, if forecast."""
        found = self.forecasts.get(tuple(selection))
        return None if found is None else found.expected_score

    @property
    def score(self) -> float:
        """The headline: the forecast's expected score, or the point score without a forecast."""
        return self.forecast.expected_score if self.forecast else self.plan.score

    @property
    def initiatives(self):
        """One row per initiative: tier, selected, effort (total and per team), contribution."""
        import pandas as pd

        s, chosen = self.scenario, set(self.plan.selected)
        rows = []
        for x in s.initiatives:
            row = {"id": x.id, "title": x.title, "tier": x.tier.value, "selected": x.id in chosen,
                   "commit": x.commit.value if x.commit else None, "confidence": x.confidence,
                   "effort": x.total_effort, "contribution": self.contribution(x.id) if x.id in chosen else None}
            row.update({f"effort.{t.id}": x.effort.get(t.id, 0.0) for t in s.teams})
            rows.append(row)
        return pd.DataFrame(rows).set_index("id")

    @property
    def key_results(self):
        """One row per KR: baseline, target, expected forecast, attainment and its range."""
        import pandas as pd

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
        return pd.DataFrame(rows).set_index("id")

    @property
    def teams(self):
        """One row per team: capacity, effort used, share used."""
        import pandas as pd

        e = self.plan.evaluation
        return pd.DataFrame([{"id": t.id, "name": t.name, "capacity": t.capacity, "used": e.team_use[t.id],
                              "use": e.team_use[t.id] / t.capacity if t.capacity else None}
                             for t in self.scenario.teams]).set_index("id")

    @property
    def objectives(self):
        import pandas as pd

        e = self.plan.evaluation
        rows = []
        for o in self.scenario.objectives:
            row = {"id": o.id, "tier": o.tier.value, "weight": o.weight, "score_of_expected": e.objective_scores[o.id]}
            if self.forecast:
                d = self.forecast.objectives[o.id]
                row.update({"expected_score": d.mean, "p10": d.p10, "p90": d.p90})
            rows.append(row)
        return pd.DataFrame(rows).set_index("id")

    @property
    def scenario(self) -> Scenario:
        return self.plan.scenario

    def contribution(self, initiative_id: str) -> float:
        """Score lost if this initiative alone left the plan (others unchanged), on the headline's
        measure: the forecast's expected score, or without a forecast the point score."""
        if self.expected_contributions is not None:
            return self.expected_contributions[initiative_id]
        from planner.evaluation import evaluate

        rest = [i for i in self.plan.selected if i != initiative_id]
        return self.plan.score - evaluate(self.scenario, rest).score


def _scenario_of(source: str | Path | Scenario, overrides: tuple[str, ...] = ()) -> tuple[Scenario, LoadedScenario | None]:
    if isinstance(source, Scenario):
        return source, None
    loaded = load_scenario_file(source, overrides)
    return loaded.scenario, loaded


def plan(source: str | Path | Scenario, *, solver: str = "highs", time_limit: float | None = None,
         gap: float | None = None, objective: str = "expected", risk: str = "neutral",
         samples: int | None = None, forecast_samples: int = 10_000, seed: int = 0,
         overrides: tuple[str, ...] = ()) -> PlanResult:
    """Which initiatives should we fund? The optimal plan, the greedy rankings beside it, and a
    Monte Carlo forecast of each on the same fresh samples.

    `objective="expected"` (default) maximizes the true expected capped attainment with a
    sample-average model of `samples` samples; `"point"` the attainment of expected impacts.
    `risk="cautious"` maximizes the mean of the worst 20% of outcomes.
    `forecast_samples=0` skips the forecast.

    >>> result = plan("scenarios/onboarding-q3.yaml")  # doctest: +SKIP
    >>> result.plan.selected, result.forecast.expected_score  # doctest: +SKIP
    """
    from planner.baselines import RULES, greedy_plan
    from planner.optimizer import DEFAULT_GAP, DEFAULT_OPTIMIZATION_SAMPLES, optimize

    scenario, loaded = _scenario_of(source, overrides)
    settings = dict(solver=solver, time_limit=time_limit, gap=DEFAULT_GAP if gap is None else gap)
    point = None if objective == "point" else optimize(scenario, objective="point", **settings)
    best = optimize(scenario, objective=objective, risk=risk, seed=seed, start=point.selected if point else None,
                    samples=samples or DEFAULT_OPTIMIZATION_SAMPLES, **settings)
    baselines = {rule: greedy_plan(scenario, rule) for rule in RULES}
    forecasts: dict[tuple[str, ...], Forecast] = {}
    contributions = None
    if forecast_samples:
        from planner.forecast import SampleSet, contributions as expected_contributions, forecast

        shared = SampleSet(scenario, forecast_samples, seed)  # common random numbers for all plans
        for selection in [best.selected, *([point.selected] if point else []),
                          *(g.selected for g in baselines.values())]:
            if selection not in forecasts:
                forecasts[selection] = forecast(scenario, selection, sample_set=shared)
        contributions = expected_contributions(scenario, best.selected, shared)
    return PlanResult(best, baselines, loaded, forecasts.get(best.selected), point, forecasts, contributions)


def forecast_plan(source: str | Path | Scenario, selection: list[str] | None = None, *,
                  samples: int = 10_000, seed: int = 0, what: str = "selection",
                  overrides: tuple[str, ...] = ()) -> tuple[Forecast, LoadedScenario | None]:
    """How likely is each KR to reach 70% with this plan? A given selection, or the optimal plan."""
    from planner.evaluation import check_ids
    from planner.forecast import forecast

    scenario, loaded = _scenario_of(source, overrides)
    if selection is None:
        from planner.optimizer import optimize

        selection = list(optimize(scenario, seed=seed).selected)
    return forecast(scenario, check_ids(scenario, selection, what), samples=samples, seed=seed), loaded


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
        return "expected KR attainment" if self.forecast else "attainment of expected impacts"

    @property
    def score(self) -> float:
        """The roadmap on the measure."""
        return self.forecast.expected_score if self.forecast else self.evaluation.score

    @property
    def optimum_score(self) -> float | None:
        if self.optimum is None:
            return None
        return self.optimum_forecast.expected_score if self.optimum_forecast else self.optimum.score

    @property
    def gap_to_optimum(self) -> float | None:
        """How far the optimum is ahead on the measure. Slightly negative is possible with a
        forecast: the optimizer maximizes the mean over its own samples, not these."""
        return None if self.optimum is None else self.optimum_score - self.score


def read_roadmap(path: str | Path) -> tuple[str, list[str]]:
    """A roadmap file: YAML (a list of ids, or `{name, select: [...]}`) or text, one id a line."""
    from planner.errors import Location, Problem, ScenarioError
    from planner.loading import parse_yaml

    path = Path(path)
    if not path.is_file():
        raise ScenarioError(Problem("roadmap", "file not found", "check the path", Location(str(path))))
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        data, _ = parse_yaml(text, str(path))
        if isinstance(data, dict) and isinstance(data.get("select"), list):
            return str(data.get("name", path.stem)), [str(i) for i in data["select"]]
        if isinstance(data, list):
            return path.stem, [str(i) for i in data]
        raise ScenarioError(Problem("roadmap", "expected a list of initiative ids or `select: [...]`",
                                    "write e.g. `name: Sales list` and `select: [tour, sso]`", Location(str(path))))
    ids = [line.split(",")[0].strip() for line in text.splitlines()]
    return path.stem, [i for i in ids if i and not i.startswith("#") and i != "id"]


def evaluate_roadmap(source: str | Path | Scenario, selection: list[str], *, name: str = "roadmap",
                     compare: bool = True, what: str = "roadmap", overrides: tuple[str, ...] = (),
                     settings: Settings | None = None, forecast_samples: int = 10_000) -> RoadmapResult:
    """How good is this hand-made roadmap, what does it break, and how far is it from the best?

    With `forecast_samples`, the roadmap and the optimal plan (solved with `settings`) are
    forecast on the same samples and compared on expected attainment, as `plan` reports it;
    with 0, on the evaluator's attainment of expected impacts, against that measure's optimum.

    >>> evaluate_roadmap("scenarios/onboarding-q3.yaml", ["tour", "sso"]).gap_to_optimum  # doctest: +SKIP
    """
    from planner.errors import InfeasibleError
    from planner.evaluation import check_ids, evaluate
    from planner.whatif import Settings as _Settings

    settings = settings or _Settings()
    scenario, loaded = _scenario_of(source, overrides)
    evaluation = evaluate(scenario, check_ids(scenario, selection, what))
    best = infeasible = None
    if compare:
        try:
            best = (settings.solve(scenario) if forecast_samples
                    else settings.solve(scenario, objective="point", risk="neutral"))
        except InfeasibleError as exc:
            infeasible = exc.diagnosis
    if not forecast_samples:
        return RoadmapResult(name, evaluation, best, loaded, infeasible=infeasible)
    from planner.forecast import SampleSet, forecast

    shared = SampleSet(scenario, forecast_samples, settings.seed)  # common random numbers for both
    return RoadmapResult(name, evaluation, best, loaded, forecast(scenario, evaluation.selected, sample_set=shared),
                         None if best is None else forecast(scenario, best.selected, sample_set=shared), infeasible)


# --- trade-offs (explanations, frontiers, alternatives, comparisons) ------------------------


def explain(source: str | Path | Scenario, initiative: str | None = None, settings: Settings | None = None,
            progress=None, overrides: tuple[str, ...] = (), capacity_step: float = 1.0):
    """Why is each initiative in or out, what would bring it in, and what do constraints cost?

    >>> e = explain("scenarios/onboarding-q3.yaml", initiative="sso")  # doctest: +SKIP
    >>> e.initiative("sso").sentence                                   # doctest: +SKIP
    """
    from planner.explain import explain as run

    scenario, _ = _scenario_of(source, overrides)
    return run(scenario, settings, initiative, progress=progress, capacity_step=capacity_step)


def frontier(source: str | Path | Scenario, team: str | None = None, start: float = 0.5, stop: float = 1.5,
             steps: int = 11, settings: Settings | None = None, progress=None, overrides: tuple[str, ...] = ()):
    """The best value at each capacity level, and what enters or leaves at each step."""
    from planner.frontier import capacity_frontier

    scenario, _ = _scenario_of(source, overrides)
    return capacity_frontier(scenario, team, start, stop, steps, settings, progress)


def tradeoff(source: str | Path | Scenario, objective_a: str, objective_b: str, steps: int = 11,
             settings: Settings | None = None, progress=None, overrides: tuple[str, ...] = ()):
    """The Pareto frontier between two objectives' scores, sweeping their relative weight."""
    from planner.frontier import objective_tradeoff

    scenario, _ = _scenario_of(source, overrides)
    return objective_tradeoff(scenario, objective_a, objective_b, steps, settings, progress)


def alternatives(source: str | Path | Scenario, k: int = 5, within: float | None = None,
                 settings: Settings | None = None, progress=None, overrides: tuple[str, ...] = (),
                 forecast_samples: int = 10_000):
    """The k best distinct plans near the optimum, each forecast on the same fresh samples.

    >>> [round(a.score, 3) for a in alternatives("scenarios/onboarding-q3.yaml", k=3)]  # doctest: +SKIP
    """
    from planner.alternatives import alternatives as run

    scenario, _ = _scenario_of(source, overrides)
    return run(scenario, k, within, settings, progress, forecast_samples)


def compare(sources: list[str | Path | Scenario], roadmaps: list = (), settings: Settings | None = None,
            samples: int = 10_000, overrides: tuple[str, ...] = ()):
    """Side by side: the optimal plans of several scenarios, or (one scenario and `roadmaps`)
    hand-made roadmap options next to the optimum. A roadmap is a file (see `read_roadmap`) or
    a `(name, [ids])` pair. Returns a `Comparison`; `.table()` gives a tidy DataFrame.

    >>> compare(["scenarios/onboarding-q3.yaml"], roadmaps=["sales.yaml"]).table()  # doctest: +SKIP
    """
    from planner.compare import compare_options
    from planner.errors import InfeasibleError
    from planner.evaluation import check_ids
    from planner.whatif import Settings as _Settings

    settings = settings or _Settings()
    named, infeasible = [], None
    if roadmaps:
        if len(sources) != 1:
            from planner.errors import Problem, ScenarioError

            raise ScenarioError(Problem("compare", "roadmaps are compared on one scenario",
                                        "give one scenario with --roadmap options, or several scenarios without"))
        scenario, _ = _scenario_of(sources[0], overrides)
        try:
            named.append(_optimizer_option("optimal", scenario, settings))
        except InfeasibleError as exc:  # the roadmaps still compare with each other
            infeasible = exc.diagnosis
        for roadmap in roadmaps:
            name, ids = roadmap if isinstance(roadmap, tuple) else read_roadmap(roadmap)
            where = f"roadmap {name}" if isinstance(roadmap, tuple) else f"roadmap {roadmap}"
            named.append((name, scenario, tuple(check_ids(scenario, ids, where)), False))
    else:
        for source in sources:
            scenario, loaded = _scenario_of(source, overrides)
            named.append(_optimizer_option(scenario.name, scenario, settings))
    return compare_options(named, samples=samples, seed=settings.seed, infeasible=infeasible)


def _optimizer_option(name: str, scenario: Scenario, settings: Settings) -> tuple:
    """An option from the optimizer; one cut short by the time limit, or stopped at a loose --gap,
    is named so, not optimal."""
    plan = settings.solve(scenario)
    if plan.solve.proven_optimal:
        return name, scenario, plan.selected, True
    why = "time limit" if not plan.proven else f"within {plan.solve.requested_gap:.2%} gap"
    label = f"best found ({why})" if name == "optimal" else f"{name} (best found, {why})"
    return label, scenario, plan.selected, False


# --- reports ----------------------------------------------------------------------------------


def report(source: str | Path | Scenario, fmt: str = "html", settings: Settings | None = None,
           forecast_samples: int = 10_000, timestamp: str | None = None, progress=None,
           overrides: tuple[str, ...] = ()) -> str:
    """A stakeholder report of the optimal plan, as self-contained HTML or as Markdown.

    >>> html = report("scenarios/onboarding-q3.yaml")  # doctest: +SKIP
    """
    from planner.explain import explain as run_explain
    from planner.frontier import capacity_frontier
    from planner.report import ReportData, html_report, markdown_report
    from planner.whatif import Settings as _Settings

    settings = settings or _Settings()
    result = plan(source, solver=settings.solver, time_limit=settings.time_limit, gap=settings.gap,
                  objective=settings.objective, risk=settings.risk, samples=settings.samples,
                  forecast_samples=forecast_samples, seed=settings.seed, overrides=overrides)
    scenario = result.scenario
    explanation = run_explain(scenario, settings, base=result.plan, progress=progress)
    frontier = capacity_frontier(scenario, None, 0.5, 1.5, 11, settings)
    data = ReportData(result, explanation, frontier, timestamp)
    return html_report(data) if fmt == "html" else markdown_report(data)
