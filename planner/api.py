"""The public entry points that the CLI and notebooks share: one function per question.

Every function takes a source (a scenario file's path, a file `load`ed already, or a `Scenario`
built in code, which is validated like a file) and `settings` (`planner.settings.Settings`: how plans are solved and
forecast). Results are the values of `planner.results` and the analyses' result types.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from planner.lint import lint
from planner.loading import LoadedScenario, load_scenario_file, read_roadmap
from planner.model import Scenario
from planner.results import CheckedScenario, Plan, PlanResult, RoadmapResult
from planner.settings import API_SPELLING, Settings, Spelling

__all__ = ["load", "validate", "graph_text", "schema_text", "checkin_schema_text", "json_format_text", "reports", "comparison_report", "plan", "forecast_plan", "read_roadmap",
           "evaluate_roadmap", "explain", "frontier", "tradeoff", "alternatives", "compare", "report_data",
           "report", "load_checkin", "status", "replan", "score", "calibrate", "calibrated"]

Source = str | Path | Scenario | LoadedScenario


def load(path: str | Path, overrides: tuple[str, ...] = ()) -> LoadedScenario:
    """Load a scenario file with its sources and content hash (and `path=value` overrides)."""
    return load_scenario_file(path, overrides)


def validate(path: str | Path, overrides: tuple[str, ...] = ()) -> CheckedScenario:
    """Is this scenario file usable, and what would OKR practice say about it?"""
    loaded = load_scenario_file(path, overrides)
    return CheckedScenario(loaded, tuple(lint(loaded.scenario)))


def graph_text(scenario: Scenario, fmt: str = "mermaid", selected=None, objective_id: str | None = None,
               view: str = "auto") -> str:
    """The alignment graph as Mermaid or DOT text; given the `selected` initiatives, funded and
    cut ones marked; given an `objective_id`, only that objective's part. `view="chain"` draws
    the chain from initiatives to company objectives in layers instead; "auto" draws it when the
    scenario has driver links or company objectives (and no `objective_id` is given)."""
    from planner.errors import Problem, ScenarioError, unknown_id
    from planner.graph import chain_to_dot, chain_to_mermaid, to_dot, to_mermaid

    if view == "auto":
        view = "chain" if objective_id is None and (scenario.drivers or scenario.company_objectives) else "alignment"
    if view == "chain" and objective_id is not None:
        raise ScenarioError(Problem("objective_id", "one objective's part is drawn in the alignment view only",
                                    "draw the whole chain, or the alignment view of this objective"))
    if view == "chain":
        return chain_to_dot(scenario, selected) if fmt == "dot" else chain_to_mermaid(scenario, selected)

    if objective_id is not None and objective_id not in {o.id for o in scenario.objectives}:
        raise ScenarioError(unknown_id("objective_id", "objective", objective_id, [o.id for o in scenario.objectives],
                                       "give one of the scenario's objective ids"))
    if fmt == "dot":
        return to_dot(scenario, selected, objective_id)
    return to_mermaid(scenario, selected, objective_id)


def schema_text(record: str | None = None) -> str:
    """The scenario file's JSON Schema as text, or with `record` (a kind of `RECORD_KINDS`), that
    JSON record's schema."""
    if record is not None:
        from planner.errors import ScenarioError, unknown_id
        from planner.record_formats import RECORDS, record_schema_text

        if record not in RECORDS:
            raise ScenarioError(unknown_id("record", "record", record, list(RECORDS), f"use one of {', '.join(RECORDS)}"))
        return record_schema_text(record)
    from planner.schema import json_schema

    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


def checkin_schema_text() -> str:
    """The check-in file's JSON Schema as text (docs/checkin.schema.json)."""
    from planner.schema import checkin_json_schema

    return json.dumps(checkin_json_schema(), indent=2, sort_keys=True) + "\n"


def company_schema_text() -> str:
    """The company file's JSON Schema as text (docs/company.schema.json)."""
    from planner.schema import company_json_schema

    return json.dumps(company_json_schema(), indent=2, sort_keys=True) + "\n"


def json_format_text() -> str:
    """docs/json-format.md: every JSON record, field by field."""
    from planner.record_formats import json_format_text as text

    return text()


def chain(source: Source, selection: list[str] | None = None, settings: Settings = Settings(),
          overrides: tuple[str, ...] = ()):
    """The chain from outputs to outcomes under a selection (the optimal plan by default):
    `(graph, contributions)`, the layered networkx DiGraph (`planner.graph.chain_graph`) and a
    DataFrame with one row per initiative and KR or guardrail it moves, directly or through driver
    links: `initiative`, `funded`, `metric`, `level`, `unit`, `expected_change`, `direct`, and
    `attainment_points` (the change as points of that KR's gap; empty for guardrails)."""
    import pandas as pd

    from planner.evaluation import chain_effects, check_ids
    from planner.graph import chain_graph

    scenario, _ = _scenario_of(source, overrides)
    chosen = set(check_ids(scenario, selection) if selection is not None
                 else plan(scenario, settings.replace(forecast_samples=0)).plan.selected)
    krs = {kr.id for kr in scenario.key_results}
    rows = [{"initiative": e.initiative, "funded": e.initiative in chosen, "metric": e.metric, "level": e.level.value,
             "unit": scenario.metric(e.metric).unit, "expected_change": e.change, "direct": e.direct,
             "attainment_points": e.change / scenario.key_result(e.metric).gap * 100 if e.metric in krs else None}
            for e in chain_effects(scenario, [x.id for x in scenario.initiatives])]
    columns = ["initiative", "funded", "metric", "level", "unit", "expected_change", "direct", "attainment_points"]
    return chain_graph(scenario, chosen), pd.DataFrame(rows, columns=columns)


def _scenario_of(source: Source, overrides: tuple[str, ...] = ()) -> tuple[Scenario, LoadedScenario | None]:
    if isinstance(source, LoadedScenario):  # loaded (and validated) already, overrides applied
        if overrides:
            from planner.errors import Problem, ScenarioError

            raise ScenarioError(Problem("overrides", "a loaded scenario has its overrides applied already",
                                        "pass them to `load`, or pass the file's path here"))
        return source.scenario, source
    if isinstance(source, Scenario):
        from planner.validation import check_scenario

        return check_scenario(source), None
    loaded = load_scenario_file(source, overrides)
    return loaded.scenario, loaded


# --- planning ------------------------------------------------------------------------------


def plan(source: Source, settings: Settings = Settings(), overrides: tuple[str, ...] = ()) -> PlanResult:
    """Which initiatives should we fund? The optimal plan, the greedy rankings beside it, and a
    Monte Carlo forecast of each on the same fresh samples (`settings.forecast_samples`; 0
    skips the forecast).

    >>> result = plan("scenarios/onboarding-q3.yaml", Settings(objective="point", forecast_samples=0))
    >>> round(result.headline, 6), len(result.plan.selected)
    (0.527788, 9)
    """
    from planner.baselines import RULES, greedy_plan
    from planner.forecast import SampleSet, contributions, forecast_each
    from planner.optimizer import optimize
    from planner.reach import reach
    from planner.settings import OptimizerObjective

    scenario, loaded = _scenario_of(source, overrides)
    point = None if settings.objective is OptimizerObjective.POINT else optimize(scenario, settings.for_point_model())
    best = optimize(scenario, settings, start=point.selected if point else None)
    baselines = {rule: greedy_plan(scenario, rule) for rule in RULES}
    reached = reach(scenario, settings)
    if not settings.forecast_samples:
        return PlanResult(best, baselines, loaded, None, point, reach=reached)
    shared = SampleSet(scenario, settings.forecast_samples, settings.seed)
    selections = [best.selected, *([point.selected] if point else []), *(g.selected for g in baselines.values())]
    forecasts = forecast_each(scenario, selections, shared)
    return PlanResult(best, baselines, loaded, forecasts[best.selected], point, forecasts,
                      contributions(scenario, best.selected, shared), reached)


def forecast_plan(source: Source, selection: list[str] | None = None, settings: Settings = Settings(),
                  overrides: tuple[str, ...] = (), what: str = "selection"):
    """How likely is each KR to reach 70% with this plan? A given selection, or the optimal plan;
    `settings.forecast_samples` samples drawn with `settings.seed`. Returns (Forecast, the
    loaded file or None)."""
    from planner.evaluation import check_ids
    from planner.forecast import forecast

    scenario, loaded = _scenario_of(source, overrides)
    if selection is None:
        from planner.optimizer import optimize

        selection = list(optimize(scenario, settings).selected)
    return forecast(scenario, check_ids(scenario, selection, what), samples=settings.forecast_samples,
                    seed=settings.seed), loaded


def evaluate_roadmap(source: Source, selection: list[str], settings: Settings = Settings(), *,
                     name: str = "roadmap", compare: bool = True, what: str = "roadmap",
                     overrides: tuple[str, ...] = ()) -> RoadmapResult:
    """How good is this hand-made roadmap, what does it break, and how far is it from the best?

    With `settings.forecast_samples`, the roadmap and the optimal plan are forecast on the same
    samples and compared on expected attainment, as `plan` reports it; with 0, on the
    evaluator's attainment of expected impacts, against that measure's optimum.

    >>> r = evaluate_roadmap("scenarios/onboarding-q3.yaml", ["tour", "sso"], Settings(forecast_samples=0))
    >>> [v.constraint for v in r.evaluation.violations][-2:], round(r.gap_to_optimum, 3)
    (['requires[sso->identity-api]', 'commit[mobile-signup]'], 0.271)
    """
    from planner.errors import InfeasibleError
    from planner.evaluation import check_ids, evaluate
    from planner.optimizer import optimize

    scenario, loaded = _scenario_of(source, overrides)
    evaluation = evaluate(scenario, check_ids(scenario, selection, what))
    best = infeasible = None
    if compare:
        try:
            best = optimize(scenario, settings if settings.forecast_samples else settings.for_point_model())
        except InfeasibleError as exc:
            infeasible = exc.diagnosis
    if not settings.forecast_samples:
        return RoadmapResult(name, evaluation, best, loaded, infeasible=infeasible)
    from planner.forecast import SampleSet, forecast_each

    forecasts = forecast_each(scenario, [evaluation.selected, *([best.selected] if best else [])],
                              SampleSet(scenario, settings.forecast_samples, settings.seed))
    return RoadmapResult(name, evaluation, best, loaded, forecasts[evaluation.selected],
                         None if best is None else forecasts[best.selected], infeasible)


# --- trade-offs (explanations, frontiers, alternatives, comparisons) ------------------------


def explain(source: Source, initiative: str | None = None, settings: Settings = Settings(), progress=None,
            overrides: tuple[str, ...] = (), capacity_step: float | None = None, on_answer=None):
    """Why is each initiative in or out, what would bring it in, and what do constraints cost?
    `planner.phrasing.sentence(result, id)` says it in words.

    >>> e = explain("scenarios/onboarding-q3.yaml", "sso", Settings(objective="point", workers=1))
    >>> e.initiative("sso").selected, [v.constraint for v in e.initiative("sso").blockers]
    (False, ['capacity[growth]', 'capacity[platform]', 'split[primary]', 'split[secondary]'])
    """
    from planner.explain import explain as run

    scenario, _ = _scenario_of(source, overrides)
    return run(scenario, settings, initiative, progress=progress, capacity_step=capacity_step, on_answer=on_answer)


def frontier(source: Source, team: str | None = None, start: float = 0.5, stop: float = 1.5, steps: int = 11,
             settings: Settings = Settings(), progress=None, overrides: tuple[str, ...] = ()):
    """The best value at each capacity level, and what enters or leaves at each step."""
    from planner.frontier import capacity_frontier

    scenario, _ = _scenario_of(source, overrides)
    return capacity_frontier(scenario, team, start, stop, steps, settings, progress)


def tradeoff(source: Source, objective_a: str, objective_b: str, steps: int = 11,
             settings: Settings = Settings(), progress=None, overrides: tuple[str, ...] = ()):
    """The Pareto frontier between two objectives' scores, sweeping their relative weight."""
    from planner.frontier import objective_tradeoff

    scenario, _ = _scenario_of(source, overrides)
    return objective_tradeoff(scenario, objective_a, objective_b, steps, settings, progress)


def alternatives(source: Source, k: int = 5, within: float | None = None, settings: Settings = Settings(),
                 progress=None, overrides: tuple[str, ...] = ()):
    """The k best distinct plans near the optimum, each forecast on the same fresh samples.

    >>> found = alternatives("scenarios/onboarding-q3.yaml", 2, settings=Settings(objective="point", forecast_samples=0))
    >>> [a.rank for a in found], found[0].behind
    ([1, 2], 0.0)
    """
    from planner.alternatives import alternatives as run

    scenario, _ = _scenario_of(source, overrides)
    return run(scenario, k, within, settings, progress)


@contextlib.contextmanager
def on_cluster(scheduler: str | None = None):
    """Run the what-ifs of `explain`, `frontier`, `alternatives`, `sweep` and `report` on a Dask
    cluster, through joblib's Dask backend: the scheduler at `scheduler` ("tcp://host:8786"), or
    a local cluster of 2 worker processes to try it. Answers are the same as on this machine.

        with api.on_cluster("tcp://scheduler:8786"):
            explanation = api.explain("scenario.yaml")

    Needs `pip install 'okr-planner[dask]'`; any joblib backend works the same way
    (`with joblib.parallel_config(backend=...)`)."""
    from planner.errors import PlannerError

    try:
        import joblib
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise PlannerError("running on a Dask cluster needs dask: pip install 'okr-planner[dask]'",
                           parameters=("backend",)) from None
    cluster = None if scheduler else LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    try:
        client = Client(scheduler or cluster, timeout=10)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise PlannerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}", parameters=("scheduler",)) from None
    try:
        with joblib.parallel_config(backend="dask"):
            yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def sweep(source: Source, vary, settings: Settings = Settings(), progress=None, overrides: tuple[str, ...] = ()):
    """The best plan for every combination of changes to one scenario file: `vary` maps a
    `path` (as `--set` takes it) to its values, e.g. `{"teams.platform.capacity": ["24", "34"],
    "split.tolerance": ["0.05", "0.1"]}` (values read as YAML). Returns a `Sweep`; `.table()` gives
    a DataFrame, one row per variant, compared with the unchanged scenario's plan.

    >>> s = sweep("scenarios/onboarding-q3.yaml", {"teams.platform.capacity": ["16", "32"]},
    ...           Settings(objective="point", forecast_samples=0, workers=1))
    >>> [(p.changes["teams.platform.capacity"], round(p.attainment_of_expected_impacts, 3)) for p in s.points]
    [('16', 0.522), ('32', 0.528)]
    """
    import itertools

    from planner.errors import Problem, ScenarioError
    from planner.sweep import MAX_POINTS
    from planner.sweep import sweep as run

    grid = [(path, [str(v) for v in values]) for path, values in (vary.items() if isinstance(vary, dict) else vary)]
    if not grid or any(not values for _, values in grid):
        raise ScenarioError(Problem("vary", "nothing to vary", "give at least one path with its values, "
                                    "e.g. teams.platform.capacity=24,34"))
    size = 1
    for _, values in grid:
        size *= len(values)
    if size > MAX_POINTS:
        raise ScenarioError(Problem("vary", f"{size:,} combinations; a sweep holds at most {MAX_POINTS}",
                                    "vary fewer paths, or fewer values of each"))
    base_path = _variant_base(source)
    scenario, _ = _scenario_of(base_path, overrides)
    variants = []
    for combination in itertools.product(*(values for _, values in grid)):
        changes = {path: value for (path, _), value in zip(grid, combination)}
        edits = tuple(f"{path}={value}" for path, value in changes.items())
        variants.append((changes, load_scenario_file(base_path, (*overrides, *edits)).scenario))
    return run(scenario, variants, settings, progress)


def compare(sources: list, roadmaps: list = (), settings: Settings = Settings(),
            overrides: tuple[str, ...] = (), labels: tuple[str, ...] = (), variants=(), calibration=None):
    """Side by side: the plans of several scenarios, what-if variants of one, or one scenario's
    optimum against hand-made roadmaps. Returns a `Comparison`; `.table()` gives a tidy DataFrame.

    - `sources`: scenario files, loaded or built scenarios (each is solved), or `PlanResult`s
      (taken as they are, not solved again).
    - `variants`: `(label, ["path=value", ...])` pairs, each the one scenario file with those
      changes: what-ifs without a file per variant ("Platform +10", ["teams.platform.capacity=34"]).
    - `roadmaps`: files (see `read_roadmap`) or `(name, [ids])` pairs, on the one scenario.
    - `calibration`: a calibration (file or object): the first scenario once more, its estimates
      scaled and widened by it ("calibrated ×0.65"), to see the plan with and without it.

    Each option is labelled by `labels` (in order), else by its name, else, when two names clash
    (a variant that `extends:` its base and keeps the name), by its file name.
    """
    from planner.compare import compare_options
    from planner.errors import InfeasibleError, Problem, ScenarioError
    from planner.evaluation import check_ids

    named, infeasible = [], None
    if (roadmaps or variants) and len(sources) != 1:
        raise ScenarioError(Problem("compare", f"{'roadmaps' if roadmaps else 'variants'} are compared on one scenario",
                                    "give one scenario with its options, or several scenarios without"))
    if roadmaps and calibration is not None:
        raise ScenarioError(Problem("compare", "a calibration adds an option of the scenario, not of a roadmap",
                                    "compare the roadmaps, then the scenario with --calibration on its own"))
    if roadmaps and variants:
        raise ScenarioError(Problem("compare", "roadmaps and variants cannot be compared in one table",
                                    "compare the roadmaps on the base, and the variants in a second comparison"))
    if roadmaps:
        scenario, _ = _scenario_of(sources[0], overrides)
        try:
            named.append(_optimizer_option("optimal", scenario, settings))
        except InfeasibleError as exc:  # the roadmaps still compare with each other
            infeasible = exc.diagnosis
        for roadmap in roadmaps:
            name, ids = roadmap if isinstance(roadmap, tuple) else read_roadmap(roadmap)
            where = f"roadmap {name}" if isinstance(roadmap, tuple) else f"roadmap {roadmap}"
            named.append((name, scenario, tuple(check_ids(scenario, ids, where)), False))
        return compare_options(named, samples=settings.forecast_samples, seed=settings.seed, infeasible=infeasible)
    results = [source if isinstance(source, PlanResult) else None for source in sources]
    scenarios = [r.scenario if r is not None else _scenario_of(source, overrides)[0] for r, source in zip(results, sources)]
    chosen = option_labels(sources, scenarios, labels)
    if variants:
        base = _variant_base(sources[0])
        for label, changes in variants:
            results.append(None)
            scenarios.append(load_scenario_file(base, (*overrides, *changes)).scenario)
            chosen.append(label)
        if len(set(chosen)) < len(chosen):
            raise ScenarioError(Problem("variants", "two options share a label", "give each variant its own label"))
    if calibration is not None:
        adjusted = calibrated(scenarios[0], calibration)
        factor = _factor_of(calibration)
        results.append(None)
        scenarios.append(adjusted)
        chosen.append(f"calibrated (×{factor.value:.2f})")
    for label, scenario, result in zip(chosen, scenarios, results):
        if result is None:
            named.append(_optimizer_option(label, scenario, settings))
        else:
            named.append((label, scenario, result.plan.selected, result.plan.solve.proven_optimal))
    return compare_options(named, samples=settings.forecast_samples, seed=settings.seed)


def comparison_report(comparison, fmt: str = "html") -> str:
    """A `Comparison` as a report: "html" (self-contained, the chart inline) or "md"."""
    from planner.report import render_comparison

    return render_comparison(comparison, fmt)


def _variant_base(source) -> Path:
    """The file what-if variants change: variants are `--set` edits, which apply to a file."""
    from planner.errors import Problem, ScenarioError

    if isinstance(source, LoadedScenario):
        if load_scenario_file(source.path).scenario != source.scenario:  # its own `--set` edits would be lost
            raise ScenarioError(Problem("variants", f"{source.path} was loaded with changes the variants cannot see",
                                        "pass the scenario's path and give those changes as `overrides`"))
        return source.path
    if isinstance(source, (str, Path)):
        return Path(source)
    raise ScenarioError(Problem("variants", "variants change a scenario file, and this scenario has none",
                                "pass the scenario's path (or `load(path)`) as the one source"))


def option_labels(sources: list[Source], scenarios: list[Scenario], labels: tuple[str, ...] = ()) -> list[str]:
    """One distinct label per compared scenario: the given label, else its name; names that
    clash take their file name (or, built in Python, a number) so no two columns look alike."""
    from collections import Counter

    from planner.errors import Problem, ScenarioError

    if len(labels) > len(scenarios):
        raise ScenarioError(Problem("labels", f"{len(labels)} labels for {len(scenarios)} scenarios",
                                    "give at most one label per scenario, in the same order"))
    chosen = list(labels) + [s.name for s in scenarios[len(labels):]]
    clashes = Counter(chosen)
    out = []
    for n, (label, source) in enumerate(zip(chosen, sources)):
        if clashes[label] > 1 and n >= len(labels):
            if isinstance(source, PlanResult):
                source = source.source
            path = source.path if isinstance(source, LoadedScenario) else source if isinstance(source, (str, Path)) else None
            label = f"{label} ({Path(path).name})" if path is not None else f"{label} ({n + 1})"
        out.append(label)
    again = Counter(out)  # the same file twice, say a plan already made and its file: number them
    out = [f"{chosen[n]} ({n + 1})" if again[label] > 1 and n >= len(labels) else label for n, label in enumerate(out)]
    if len(set(out)) < len(out):
        raise ScenarioError(Problem("labels", "two options share a label", "give each option its own label"))
    return out


def _optimizer_option(name: str, scenario: Scenario, settings: Settings) -> tuple:
    """An option from the optimizer; one cut short by the time limit, or stopped at a loose gap,
    is named so, not optimal."""
    from planner.optimizer import optimize

    plan = optimize(scenario, settings)
    if plan.solve.proven_optimal:
        return name, scenario, plan.selected, True
    why = "time limit" if not plan.proven else f"within {plan.solve.requested_gap:.2%} gap"
    label = f"best found ({why})" if name == "optimal" else f"{name} (best found, {why})"
    return label, scenario, plan.selected, False


# --- the quarter after the plan ---------------------------------------------------------------


def load_checkin(path, scenario: Source):
    """A check-in file (docs/checkin-format.md), validated against its scenario."""
    from planner.loading import load_checkin as read

    return read(path, _scenario_of(scenario)[0])


def _checked_in(source: Source, checkin, overrides: tuple[str, ...]):
    from planner.checkin import CheckIn

    scenario = _scenario_of(source, overrides)[0]
    return scenario, checkin if isinstance(checkin, CheckIn) else load_checkin(checkin, scenario)


def status(source: Source, checkin, settings: Settings = Settings(), plan=None, landed: float = 1.0,
           split_over: str = "quarter", overrides: tuple[str, ...] = ()):
    """Where does the quarter stand? From a check-in (a file or a `CheckIn`): per KR so far and
    at the end if the plan goes on, per initiative and team. `plan`: the initiatives being
    tracked (default: the scenario's optimal plan under `settings`). `landed`: the share of a
    done initiative's impact already in the reported values. Returns a `QuarterStatus`."""
    from planner.tracking import quarter_status

    scenario, checked = _checked_in(source, checkin, overrides)
    return quarter_status(scenario, checked, settings, plan, landed, split_over)


def replan(source: Source, checkin, settings: Settings = Settings(), plan=None, landed: float = 1.0,
           split_over: str = "quarter", overrides: tuple[str, ...] = ()):
    """What is the best plan for the rest of the quarter? Continue, stop or start each
    initiative, against going on as planned (see `status` for the parameters). Returns a
    `Replan`; raises `InfeasibleError` with the diagnosis when no plan fits."""
    from planner.tracking import replan as best_from_here

    scenario, checked = _checked_in(source, checkin, overrides)
    return best_from_here(scenario, checked, settings, plan, landed, split_over)


def score(source: Source, final, settings: Settings = Settings(), plan=None, overrides: tuple[str, ...] = ()):
    """How did the quarter score? From the final check-in's actuals, against the forecast made
    at planning time. Returns a `Scorecard`."""
    from planner.tracking import score_quarter

    scenario, checked = _checked_in(source, final, overrides)
    return score_quarter(scenario, checked, settings, plan)


def calibrate(quarters):
    """How good were the estimates? `quarters`: (scenario, final check-in) pairs of past
    quarters (files or loaded). Returns a `Calibration`: the realized-over-estimated factor with
    its 95% interval, overall and by tier, team and stated confidence; `.as_document()` is the
    calibration file's content."""
    from planner.calibration import calibrate as learn

    pairs = []
    for source, final in quarters:
        scenario, checked = _checked_in(source, final, ())
        pairs.append((scenario, checked))
    return learn(pairs)


def _factor_of(calibration):
    from planner.calibration import Calibration
    from planner.calibration import load_calibration

    if isinstance(calibration, (str, Path)):
        return load_calibration(calibration)
    return calibration.overall if isinstance(calibration, Calibration) else calibration


def calibrated(source: Source, calibration, overrides: tuple[str, ...] = ()):
    """The scenario with its impact estimates scaled and widened by a calibration (a file, a
    `Calibration` or a `Factor`); a loaded scenario stays loaded (same files and hash)."""
    import dataclasses

    from planner.calibration import calibrated as scaled
    from planner.errors import Problem, ScenarioError

    factor = _factor_of(calibration)
    if factor.value is None:
        raise ScenarioError(Problem("calibration", "the history holds no delivered work on a reported KR, so there "
                                    "is no factor to apply", "calibrate on quarters with final KR values"))
    from planner.validation import check_scenario

    scenario, loaded = _scenario_of(source, overrides)
    adjusted = check_scenario(scaled(scenario, factor.value, factor.low, factor.high))  # scaled estimates in range
    return adjusted if loaded is None else dataclasses.replace(loaded, scenario=adjusted)


# --- reports ----------------------------------------------------------------------------------


def report_data(source: Source, settings: Settings = Settings(), timestamp: str | None = None, progress=None,
                overrides: tuple[str, ...] = (), spelling: Spelling = API_SPELLING,
                capacity_step: float | None = None, checkin=None, calibration=None):
    """Everything a stakeholder report shows, computed once: the plan, its explanation and the
    capacity frontier (`planner.report` renders it as HTML or Markdown). `spelling`: how the text
    names a setting it suggests changing (parameters here; the CLI passes its flags). With a
    `checkin` (a file or a `CheckIn`): where the quarter stands and the best plan from there, or,
    at the quarter's end, the scorecard, tracking the report's plan. With a `calibration`: the
    estimates scaled and widened by it, as the assumptions say."""
    from planner.explain import explain as run_explain
    from planner.frontier import capacity_frontier
    from planner.report import ReportData

    factor = None
    if calibration is not None:
        source, overrides, factor = calibrated(source, calibration, overrides), (), _factor_of(calibration)
    result = plan(source, settings, overrides)
    scenario = result.scenario
    whatifs, base = whatif_basis(result, settings)
    explanation = run_explain(scenario, whatifs, base=base, progress=progress, capacity_step=capacity_step)
    frontier = capacity_frontier(scenario, None, 0.5, 1.5, 11, whatifs, today=base)
    tracking = None
    if checkin is not None:
        tracking = _tracking_for_report(scenario, checkin, settings, result.plan.selected)
    return ReportData(result, explanation, frontier, timestamp, spelling, tracking, factor)


def _tracking_for_report(scenario: Scenario, checkin, settings: Settings, plan_ids):
    """The scorecard at the quarter's end; before it, the best plan from here (or, when no plan
    fits any more, the status alone)."""
    from planner.checkin import CheckIn
    from planner.errors import InfeasibleError
    from planner.tracking import quarter_status, replan as best_from_here, score_quarter

    checked = checkin if isinstance(checkin, CheckIn) else load_checkin(checkin, scenario)
    if checked.week >= scenario.quarter.weeks:
        return score_quarter(scenario, checked, settings, plan_ids)
    try:
        return best_from_here(scenario, checked, settings, plan_ids)
    except InfeasibleError:
        return quarter_status(scenario, checked, settings, plan_ids)


def whatif_basis(result: PlanResult, settings: Settings) -> tuple[Settings, Plan]:
    """The model a report's what-ifs (explanations, prices, frontier) are solved on, and the plan
    they explain. When the point-estimate model picks the same plan as the sampled one, its
    what-ifs explain that very plan exactly, at a fraction of the cost (multi-team-q4: 4.8 s
    against 74 s of solves), measured in attainment of expected impacts, as the report says;
    otherwise they run on the plan's own sampled model."""
    point = result.point_plan
    if point is not None and set(point.selected) == set(result.plan.selected):
        return settings.for_point_model(), point
    return settings, result.plan


def report(source: Source, fmt: str = "html", settings: Settings = Settings(), timestamp: str | None = None,
           progress=None, overrides: tuple[str, ...] = (), spelling: Spelling = API_SPELLING,
           capacity_step: float | None = None) -> str:
    """A stakeholder report of the optimal plan, as self-contained HTML (`fmt="html"`) or as
    Markdown (`"md"`)."""
    return reports(source, (fmt,), settings, timestamp, progress, overrides, spelling, capacity_step)[fmt]


def reports(source: Source, formats: tuple[str, ...] = ("html", "md"), settings: Settings = Settings(),
            timestamp: str | None = None, progress=None, overrides: tuple[str, ...] = (),
            spelling: Spelling = API_SPELLING, capacity_step: float | None = None,
            checkin=None, calibration=None) -> dict[str, str | bytes]:
    """The stakeholder report in several formats from one computation: {format: text}, or the
    file's bytes for "xlsx" (a workbook with plan, key result, objective and team sheets)."""
    from planner.report import render
    from planner.workbook import workbook_bytes

    data = report_data(source, settings, timestamp, progress, overrides, spelling, capacity_step, checkin,
                       calibration)
    return {fmt: workbook_bytes(data) if fmt == "xlsx" else render(data, fmt) for fmt in dict.fromkeys(formats)}
