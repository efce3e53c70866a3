"""One solve of the integer program, checked: `optimize`, its LP bound, and the one path by
which any solver answer becomes a `Plan` (`checked_plan`)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from planner.constraints import Constraint, ConstraintKind
from planner.diagnosis import Diagnosis
from planner.errors import InfeasibleError, SolverError, Undecided
from planner.evaluation import check_ids, evaluate
from planner.forecast import OPTIMIZE_STREAM, SampleSet, tail_mean
from planner.model import Scenario
from planner.optimizer.backends import Outcome, backend_for
from planner.optimizer.edits import Edits
from planner.optimizer.formulation import EFFORT_TIEBREAK, formulate
from planner.results import Plan, SolveReport, SolveStatus
from planner.settings import CAUTIOUS_TAIL, OptimizerObjective, Risk, Settings


def optimize(scenario: Scenario, settings: Settings = Settings(), edits: Edits = Edits(), *,
             start: Iterable[str] | None = None, exclude_plans: Iterable[Iterable[str]] = ()) -> Plan:
    """The portfolio with the highest expected score under every constraint.

    `settings.objective` says what is maximized (the true expected capped attainment over
    `settings.samples` Monte Carlo samples, or the attainment of expected impacts); `edits`
    states a what-if (initiatives forced in or out, rescaled, capacities changed, policies
    off); `start` is a plan to start the sampled search from (by default the point model's
    plan); `exclude_plans` rules out given selections (to list alternatives). Raises
    `InfeasibleError` with a diagnosis when no selection meets the constraints, `Undecided`
    when the time limit comes before any plan.

    >>> from planner import load_scenario
    >>> plan = optimize(load_scenario("scenarios/onboarding-q3.yaml"), Settings(objective="point"))
    >>> plan.solve.status.value, round(plan.score, 6)
    ('optimal', 0.527788)
    """
    backend = backend_for(settings.solver)
    check_ids(scenario, edits.force_in, "forced in")
    check_ids(scenario, edits.force_out, "forced out")
    exclude_plans = [tuple(p) for p in exclude_plans]
    solved_scenario = edits.scenario(scenario)
    sampled = sampled_model(solved_scenario, settings)
    start_values = None
    if sampled is not None:
        if start is None:  # the point plan is cheap and usually close: a good incumbent
            start = optimize(scenario, settings.for_point_model(), edits, exclude_plans=exclude_plans).selected
        begin = set(start)
        start_values = {i: i in begin for i in sorted(x.id for x in scenario.initiatives)}
    started = time.perf_counter()
    model = formulate(solved_scenario, edits, samples=sampled, risk=settings.risk)
    model.exclude(exclude_plans)
    built = time.perf_counter()
    gap = settings.gap if sampled is None else settings.sampled_gap
    solution = backend.solve(model, settings.time_limit, gap, start=start_values)
    witness = _best_known_plan(solved_scenario, edits, sampled, settings, start, exclude_plans)
    if _refuted(solution.outcome, witness):
        # A plan we know meets every constraint beats what the engine proved possible: its presolve
        # went wrong (HiGHS has had such bugs). Solve again without it; never return a refuted answer.
        solution = backend.solve(model, settings.time_limit, gap, start=start_values, presolve=False)
        if _refuted(solution.outcome, witness):
            raise SolverError(f"{backend.name} claims no plan scores above {solution.outcome.bound}, yet "
                              f"`{', '.join(witness[0])}` meets every constraint and scores {witness[1]:.6f}; "
                              "this is a solver bug")
    solved = time.perf_counter()
    outcome = solution.outcome

    if outcome.status is SolveStatus.INFEASIBLE:
        if exclude_plans:  # no plan left that differs from the ones excluded
            raise InfeasibleError(Diagnosis((Constraint(ConstraintKind.ALTERNATIVE, "*"),), ()))
        from planner.optimizer.diagnose import diagnose

        raise InfeasibleError(diagnose(scenario, edits, settings.solver))
    if outcome.status is SolveStatus.NO_PLAN:
        raise time_limit_hit(f"{backend.name} found no plan", settings.time_limit)
    values = {i: solution.values[var.index] for i, var in model.pick.items()}
    return checked_plan(solved_scenario, edits, values, sampled, settings, claimed=model.value.at(solution.values),
                        outcome=outcome, solver=solution.engine or backend.name, build_seconds=built - started,
                        solve_seconds=solved - built, engine_choice=solution.why)


REFUTATION_TOLERANCE = 1e-6  # well above the tie-break's weight and rounding in the engine's bound


def _refuted(outcome: Outcome, witness: tuple[tuple[str, ...], float] | None) -> bool:
    """Whether a known feasible plan contradicts the engine: it said there is no plan, or proved a
    bound below that plan's value."""
    if witness is None:
        return False
    if outcome.status is SolveStatus.INFEASIBLE:
        return True
    return outcome.bound is not None and witness[1] > outcome.bound + REFUTATION_TOLERANCE


def _best_known_plan(scenario: Scenario, edits: Edits, sampled: SampleSet | None, settings: Settings,
                     start: Iterable[str] | None, exclude_plans: list[tuple[str, ...]]
                     ) -> tuple[tuple[str, ...], float] | None:
    """The best plan we can vouch for without the solver, with its value on the solver's measure:
    the greedy rankings' plans and the start, when they meet every constraint and the edits and
    are not excluded. The solver's proven bound must not fall below it."""
    from planner.baselines import RULES, greedy_plan

    candidates = [greedy_plan(scenario, rule).selected for rule in RULES]
    if start is not None:
        candidates.append(tuple(start))
    excluded = {frozenset(p) for p in exclude_plans}
    best: tuple[tuple[str, ...], float] | None = None
    for selection in candidates:
        evaluation = evaluate(scenario, selection)
        if evaluation.violations or not edits.respected_by(selection) or frozenset(selection) in excluded:
            continue
        value = evaluation.score if sampled is None else sample_value(sampled, selection, settings.risk)
        if best is None or value > best[1]:
            best = (tuple(selection), value)
    return best


def checked_plan(scenario: Scenario, edits: Edits, values: Mapping[str, float | None], sampled: SampleSet | None,
                 settings: Settings, *, claimed: float, outcome: Outcome, solver: str, build_seconds: float,
                 solve_seconds: float, engine_choice: str = "") -> Plan:
    """A solver's answer as a `Plan`, after the evaluator re-scores it: a fractional decision, a
    broken constraint, an ignored forcing or a value the evaluator does not reach is a bug and
    raises `SolverError`. The gap is recomputed from the bound on the value we measured."""
    selection = [i for i, v in values.items() if _is_one(v)]
    evaluation = evaluate(scenario, selection)
    if evaluation.violations:
        raise SolverError("the solver's plan violates " + ", ".join(v.constraint for v in evaluation.violations)
                          + "; this is a bug")
    if not edits.respected_by(selection):
        raise SolverError("the solver ignored a forced initiative; this is a bug")
    value = evaluation.score if sampled is None else sample_value(sampled, selection, settings.risk)
    if claimed > value + 1e-6:
        raise SolverError(f"the solver claims a value of {claimed:.6f} but the evaluator finds {value:.6f}; "
                          "this is a bug")
    gap = outcome.gap
    if outcome.bound is not None:
        gap = max(0.0, outcome.bound - value) / max(abs(outcome.bound), 1e-9)
    requested = settings.gap if sampled is None else settings.sampled_gap
    report = SolveReport(outcome.status, solver, gap, outcome.bound, build_seconds, solve_seconds, requested,
                         engine_choice)
    return Plan(evaluation, report, objective=settings.objective, risk=settings.risk,
                samples=0 if sampled is None else settings.samples, seed=settings.seed,
                in_sample_value=None if sampled is None else value)


def sampled_model(scenario: Scenario, settings: Settings) -> SampleSet | None:
    """The optimizer's own Monte Carlo samples (apart from the draws forecasts use), or None
    for the point model."""
    if settings.objective is OptimizerObjective.POINT:
        return None
    return SampleSet(scenario, settings.samples, settings.seed, OPTIMIZE_STREAM)


def sample_value(sampled: SampleSet, selection, risk: Risk) -> float:
    """The sample-average objective of a selection, recomputed with numpy (no solver): the mean
    score over the samples, or the mean of the worst 20% for the cautious attitude."""
    scores = sampled.scores(list(selection))
    return float(scores.mean()) if risk is Risk.NEUTRAL else tail_mean(scores, CAUTIOUS_TAIL)


def lp_bound(scenario: Scenario, settings: Settings = Settings(objective="point"), edits: Edits = Edits()) -> float:
    """The LP relaxation's optimum: an upper bound on the value of any plan with these settings
    and edits (to prove what-if answers without a full solve, and in benchmarks). -inf if even
    the relaxation is infeasible."""
    solved_scenario = edits.scenario(scenario)
    model = formulate(solved_scenario, edits, samples=sampled_model(solved_scenario, settings), risk=settings.risk)
    model.relax_integrality()
    outcome = backend_for(settings.solver).solve(model, None, 0.0).outcome
    if outcome.status is SolveStatus.INFEASIBLE:
        return float("-inf")
    if outcome.status is not SolveStatus.OPTIMAL or outcome.bound is None:
        raise SolverError(f"LP relaxation ended with status {outcome.status}")
    return outcome.bound + EFFORT_TIEBREAK  # the tie-break term is at most this in size


def time_limit_hit(what: str, limit: float | None, whatif: bool = False) -> Undecided:
    """The one wording of "the time limit came first", naming the settings that would help."""
    parameter = "whatif_time_limit" if whatif else "time_limit"
    return Undecided(f"{what} within the time limit of {limit} s; raise the {'what-if ' if whatif else ''}time limit "
                     "or loosen the gap", parameters=(parameter, "gap"))


def _is_one(value: float | None) -> bool:
    if value is None:  # in no constraint and worth nothing: PuLP never sent it to the solver
        return False
    if 1e-6 < value < 1 - 1e-6:
        raise SolverError(f"the solver returned a fractional decision ({value}); refusing to report it as a plan")
    return value > 0.5
