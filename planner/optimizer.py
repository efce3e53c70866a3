"""Choose the portfolio that maximizes expected KR attainment: the integer program.

The only module that imports PuLP or talks to a solver. The model (see docs/model.md):

    maximize   sum_k w_k a_k                     (w_k: normalized KR weights)
    subject to a_k <= 1,  a_k <= (trend_k + sum_i x_i d_ik) / gap_k   progress[k]
               sum_i effort_it x_i <= capacity_t             capacity[t]
               split bands on the share of selected effort  split[tier]
               x_a <= x_b for a requires b                   requires[a->b]
               x_a + x_b <= 1 for exclusions                 excludes[a|b]
               x_i = 1 / 0 for commitments                   commit[i]
               objective floors, effort and budget caps      min_attainment[o], limit[...]
               x_i binary

With `objective="expected"` (the default) the attainment terms are replaced by one copy per
Monte Carlo sample (a sample-average MILP, see `planner.forecast`), so the plan maximizes the
true expected capped attainment rather than the attainment of expected impacts; with
`risk="cautious"` it maximizes the mean score of the worst 20% of samples (CVaR).

Every plan goes through `planner.evaluation.evaluate`; a disagreement raises `SolverError`.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import sys
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pulp

from planner.diagnosis import Diagnosis, Relaxation
from planner.errors import InfeasibleError, Problem, ScenarioError, SolverError, Undecided
from planner.evaluation import (BUDGET_LIMIT, EFFORT_LIMIT, Evaluation, capacity_name, check_ids,
                                commit_name, evaluate, excludes_name, min_attainment_name,
                                requires_name, split_name)
from planner.model import TIERS, Commitment, Scenario, Tier

SOLVERS = ("highs", "cbc")
DEFAULT_GAP = 1e-4  # 0.01%
# Among plans of equal score, prefer less effort, so an initiative that adds nothing stays out.
# Small enough that it never outweighs a real difference in score at the default gap.
EFFORT_TIEBREAK = 1e-7


OBJECTIVES = ("expected", "point")
RISKS = ("neutral", "cautious")
CAUTIOUS_TAIL = 0.20  # "cautious" maximizes the mean score of the worst 20% of samples
# Samples in the sample-average model, by measurement (bench/README.md): on the bundled
# scenarios 150 found plans within 0.03 points of 200's on every seed, 100 did not, and 200
# took a third longer.
DEFAULT_OPTIMIZATION_SAMPLES = 150


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # proven within the requested gap
    TIME_LIMIT = "time limit"  # a plan, with its proven gap
    NO_PLAN = "no plan found"  # the limit hit before any plan was found
    INFEASIBLE = "infeasible"


@dataclass(frozen=True)
class SolveReport:
    status: SolveStatus
    solver: str
    gap: float | None  # proven relative gap; None where the solver cannot tell
    bound: float | None  # best proven upper bound on the score
    build_seconds: float
    solve_seconds: float
    requested_gap: float = DEFAULT_GAP

    @property
    def proven_optimal(self) -> bool:
        """Proven within the default gap (0.01%), which is what "optimal" means in reports; a
        looser --gap stops earlier and is labelled with the gap it reached."""
        if self.status is not SolveStatus.OPTIMAL:
            return False
        return self.gap <= DEFAULT_GAP * (1 + 1e-9) if self.gap is not None else self.requested_gap <= DEFAULT_GAP


@dataclass(frozen=True)
class Plan:
    """The chosen portfolio: its evaluation, and how the solver got there."""

    evaluation: Evaluation
    solve: SolveReport
    forced_in: tuple[str, ...] = ()
    forced_out: tuple[str, ...] = ()
    objective: str = "point"
    risk: str = "neutral"
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


@dataclass
class _Model:
    prob: pulp.LpProblem
    pick: dict[str, pulp.LpVariable]
    attain: dict[str, pulp.LpVariable]  # point model only
    constraints: dict[str, pulp.LpConstraint]  # by domain name
    slacks: list[tuple[float, pulp.LpVariable]]  # (penalty, variable), elastic models only
    value: pulp.LpAffineExpression  # what is maximized, before the effort tie-break

    def claimed_value(self) -> float:
        return pulp.value(self.value)


def optimize(
    scenario: Scenario,
    *,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float = DEFAULT_GAP,
    force_in: Iterable[str] = (),
    force_out: Iterable[str] = (),
    split: bool = True,
    commitments: bool = True,
    objective: str = "expected",
    risk: str = "neutral",
    samples: int = DEFAULT_OPTIMIZATION_SAMPLES,
    seed: int = 0,
    start: Iterable[str] | None = None,
    exclude_plans: Iterable[Iterable[str]] = (),
) -> Plan:
    """The portfolio with the highest expected score under every constraint.

    `objective="expected"` maximizes the true expected capped attainment over `samples` Monte
    Carlo samples (drawn with `seed`, apart from the draws forecasts use); `"point"` maximizes
    the attainment of expected impacts (faster, the classic model). `risk="cautious"` maximizes
    the mean of the worst 20% of outcomes instead of the mean. `start` is a plan to start the
    sampled search from (by default the point model's plan).
    `force_in`/`force_out` pin initiatives (what-ifs); `split=False` or `commitments=False`
    drop those policies, to price them; `exclude_plans` rules out given selections (to list
    alternatives). Raises `InfeasibleError` with a diagnosis when no
    selection meets the constraints.

    >>> from planner import load_scenario
    >>> plan = optimize(load_scenario("scenarios/onboarding-q3.yaml"))  # doctest: +SKIP
    >>> plan.solve.status, round(plan.score, 3)                          # doctest: +SKIP
    """
    if solver not in SOLVERS:
        raise ScenarioError(Problem("--solver", f"unknown solver {solver!r}", f"use one of {', '.join(SOLVERS)}"))
    if objective not in OBJECTIVES:
        raise ScenarioError(Problem("--objective", f"unknown objective {objective!r}", f"use one of {', '.join(OBJECTIVES)}"))
    if risk not in RISKS:
        raise ScenarioError(Problem("--risk", f"unknown risk attitude {risk!r}", f"use one of {', '.join(RISKS)}"))
    if risk != "neutral" and objective == "point":
        raise ScenarioError(Problem("--risk", "a risk attitude needs the sampled model",
                                    "drop --objective point, or use --risk neutral"))
    if samples < 1:
        raise ScenarioError(Problem("--samples", f"{samples} samples", "use 1 or more (default 200)"))
    if not 0 <= gap < 1:
        raise ScenarioError(Problem("--gap", f"gap {gap} is outside [0, 1)", "use e.g. 0.0001 for 0.01%"))
    if solver == "highs" and not pulp.HiGHS().available():
        solver = "cbc"  # the fallback; the report names the solver that actually ran
    force_in = tuple(check_ids(scenario, force_in, "forced in"))
    force_out = tuple(check_ids(scenario, force_out, "forced out"))
    sampled = None
    start_values: dict[str, bool] | None = None
    if objective == "expected":
        from planner.forecast import OPTIMIZE_STREAM, SampleSet

        sampled = SampleSet(scenario, samples, seed, OPTIMIZE_STREAM)
        if start is None:  # the point plan is cheap and usually close: a good incumbent
            start = optimize(scenario, solver=solver, time_limit=time_limit, gap=gap, force_in=force_in,
                             force_out=force_out, split=split, commitments=commitments, objective="point",
                             exclude_plans=exclude_plans).selected
        begin = set(start)
        start_values = {i: i in begin for i in model_ids(scenario)}
    started = time.perf_counter()
    model = _build(scenario, force_in, force_out, split=split, commitments=commitments, samples=sampled, risk=risk)
    for n, other in enumerate(exclude_plans):
        other = set(other)
        # No-good cut: differ from this selection in at least one initiative.
        cut = pulp.lpSum((1 - var) if i in other else var for i, var in model.pick.items()) >= 1
        model.prob.addConstraint(cut, f"alt{n}")
        model.constraints[f"alternative[{n + 1}]"] = cut
    built = time.perf_counter()
    status, bound, reported_gap = _solve(model.prob, solver, time_limit, gap,
                                         start=None if start_values is None else
                                         {model.pick[i]: float(v) for i, v in start_values.items()})
    solved = time.perf_counter()

    if status is SolveStatus.INFEASIBLE:
        if exclude_plans:  # no plan left that differs from the ones excluded
            raise InfeasibleError(Diagnosis(("alternative[*]",), ()))
        raise InfeasibleError(diagnose(scenario, force_in, force_out, split=split, commitments=commitments))
    if status is SolveStatus.NO_PLAN:
        raise Undecided(f"{solver} found no plan within the time limit of {time_limit} s; "
                        "raise --time-limit or loosen --gap")
    selection = [i for i, var in model.pick.items() if _is_one(var.varValue)]
    evaluation = evaluate(_policy_view(scenario, split, commitments), selection)
    _verify(model, evaluation, force_in, force_out)
    value = evaluation.score if sampled is None else sample_value(sampled, selection, risk)
    if sampled is not None:
        _verify_sampled(model, value)
    score_gap = reported_gap
    if bound is not None:
        score_gap = max(0.0, bound - value) / max(abs(bound), 1e-9)
    report = SolveReport(status, solver, score_gap, bound, built - started, solved - built, gap)
    return Plan(evaluation, report, force_in, force_out, objective=objective, risk=risk, samples=0 if sampled is None else samples, seed=seed,
                in_sample_value=None if sampled is None else value)


def model_ids(scenario: Scenario) -> list[str]:
    return sorted(x.id for x in scenario.initiatives)


def sample_value(sampled, selection, risk: str) -> float:
    """The sample-average objective of a selection, recomputed with numpy (no solver): the mean
    score over the samples, or the mean of the worst 20% for `risk="cautious"`."""
    from planner.forecast import tail_mean

    scores = sampled.scores(list(selection))
    return float(scores.mean()) if risk == "neutral" else tail_mean(scores, CAUTIOUS_TAIL)


def _verify_sampled(model: _Model, value: float) -> None:
    claimed = model.claimed_value()
    if claimed > value + 1e-6:
        raise SolverError(f"the solver claims a sample-average value of {claimed:.6f} but recomputing "
                          f"it from the samples gives {value:.6f}; this is a bug")


def _policy_view(scenario: Scenario, split: bool, commitments: bool) -> Scenario:
    """The scenario as the solver saw it when policies are switched off (for the evaluator)."""
    import dataclasses

    if split and commitments:
        return scenario
    initiatives = scenario.initiatives if commitments else tuple(
        dataclasses.replace(x, commit=None) for x in scenario.initiatives)
    return dataclasses.replace(scenario, split=scenario.split if split else None, initiatives=initiatives)


def _is_one(value: float | None) -> bool:
    if value is None:  # in no constraint and worth nothing: PuLP never sent it to the solver
        return False
    if 1e-6 < value < 1 - 1e-6:
        raise SolverError(f"the solver returned a fractional decision ({value}); refusing to report it as a plan")
    return value > 0.5


def _verify(model: _Model, evaluation: Evaluation, force_in, force_out) -> None:
    broken = [v for v in evaluation.violations]
    if broken:
        raise SolverError("the solver's plan violates " + ", ".join(v.constraint for v in broken) + "; this is a bug")
    if model.attain and (solver_score := sum(var.varValue * evaluation.outcome(k).weight
                                             for k, var in model.attain.items())) > evaluation.score + 1e-6:
        raise SolverError(f"the solver claims a score of {solver_score:.6f} but the evaluator finds "
                          f"{evaluation.score:.6f}; this is a bug")
    chosen = set(evaluation.selected)
    if not set(force_in) <= chosen or chosen & set(force_out):
        raise SolverError("the solver ignored a forced initiative; this is a bug")


def _build(scenario: Scenario, force_in=(), force_out=(), *, split=True, commitments=True,
           elastic: frozenset[str] = frozenset(), samples=None, risk: str = "neutral") -> _Model:
    """The MILP. `elastic` names constraint families that get penalized slack (for diagnosis);
    `samples` (a `SampleSet`) switches the attainment terms to the sample-average model."""
    prob = pulp.LpProblem("portfolio", pulp.LpMaximize)
    # Canonical order (by id), so the file's order never changes the plan.
    initiatives = sorted(scenario.initiatives, key=lambda x: x.id)
    pick = {x.id: prob.add_variable(f"x{n}", 0, 1, cat=pulp.LpBinary) for n, x in enumerate(initiatives)}
    point = samples is None or elastic
    attain = {kr.id: prob.add_variable(f"a{n}", None, 1) for n, kr in enumerate(scenario.key_results)} if point else {}
    constraints: dict[str, pulp.LpConstraint] = {}
    slacks: list[tuple[float, pulp.LpVariable]] = []

    def add(name: str, constraint: pulp.LpConstraint) -> None:
        constraints[name] = constraint
        prob.addConstraint(constraint, f"c{len(constraints)}")

    def slack(family: str, name: str, penalty: float, binary: bool = False) -> pulp.LpAffineExpression | int:
        if family not in elastic:
            return 0
        var = prob.add_variable(f"s{len(slacks)}", 0, 1 if binary else None,
                                cat=pulp.LpBinary if binary else pulp.LpContinuous)
        var.domain_name = name  # type: ignore[attr-defined]
        slacks.append((penalty, var))
        return var

    effort = {x.id: x.total_effort for x in initiatives}
    total_effort = pulp.lpSum(effort[x.id] * pick[x.id] for x in initiatives)
    if point:
        for kr in scenario.key_results:
            movers = [x for x in initiatives if kr.id in x.impacts]
            add(f"progress[{kr.id}]", attain[kr.id] <= kr.expected_trend / kr.gap + pulp.lpSum(
                x.expected_impact(kr.id) / kr.gap * pick[x.id] for x in movers))
        value = pulp.lpSum(scenario.kr_weight(kr) * attain[kr.id] for kr in scenario.key_results)
    else:
        value = _sampled_value(prob, scenario, initiatives, pick, samples, risk, add)
    for team in scenario.teams:
        users = [x for x in initiatives if team.id in x.effort]
        add(capacity_name(team.id), pulp.lpSum(x.effort[team.id] * pick[x.id] for x in users)
            <= team.capacity + slack("capacity", capacity_name(team.id), 1.0))
    if split and scenario.split is not None:
        for tier in TIERS:
            low, high = scenario.split.band(tier)
            tier_effort = pulp.lpSum(effort[x.id] * pick[x.id] for x in initiatives if x.tier is tier)
            add(split_name(tier) + ".min", tier_effort - low * total_effort + slack("split", split_name(tier), 1.0) >= 0)
            add(split_name(tier) + ".max", tier_effort - high * total_effort - slack("split", split_name(tier), 1.0) <= 0)
    for x in initiatives:
        for needed in x.requires:
            add(requires_name(x.id, needed), pick[x.id] <= pick[needed])
        for other in x.excludes:
            if excludes_name(x.id, other) not in constraints:
                add(excludes_name(x.id, other), pick[x.id] + pick[other] <= 1)
        pinned_in = x.id in force_in or (commitments and x.commit is Commitment.IN)
        pinned_out = x.id in force_out or (commitments and x.commit is Commitment.OUT)
        if pinned_in:
            add(commit_name(x.id), pick[x.id] + slack("commitments", commit_name(x.id), 1.0, binary=True) >= 1)
        elif pinned_out:
            add(commit_name(x.id), pick[x.id] - slack("commitments", commit_name(x.id), 1.0, binary=True) <= 0)
    for o in scenario.objectives:
        if o.min_attainment is not None:
            total = sum(kr.weight for kr in o.key_results)
            add(min_attainment_name(o.id), pulp.lpSum(kr.weight * attain[kr.id] for kr in o.key_results)
                + total * slack("minimums", min_attainment_name(o.id), 1.0) >= o.min_attainment * total)
    if scenario.max_effort is not None:
        add(EFFORT_LIMIT, total_effort <= scenario.max_effort + slack("capacity", EFFORT_LIMIT, 1.0))
    if scenario.budget is not None:
        add(BUDGET_LIMIT, pulp.lpSum(x.cost * pick[x.id] for x in initiatives)
            <= scenario.budget + slack("capacity", BUDGET_LIMIT, 1.0))

    if elastic:
        prob.setObjective(-pulp.lpSum(p * v for p, v in slacks))
    else:
        all_effort = sum(effort.values()) or 1.0
        prob.setObjective(value - EFFORT_TIEBREAK * total_effort / all_effort)
    return _Model(prob, pick, attain, constraints, slacks, value)


def _sampled_value(prob, scenario: Scenario, initiatives, pick, samples, risk: str, add):
    """Per-sample capped attainment a[k,s] <= min(1, trend + sum_i x_i delta_iks), and the
    objective over samples: their mean (neutral) or the mean of the worst tail (cautious)."""
    n = samples.samples
    import numpy as np

    draws = {x.id: samples.initiative(x) for x in initiatives}
    trend = samples.trend
    movers: dict[int, list[tuple[str, int]]] = {}
    for x in initiatives:
        idx, _ = draws[x.id]
        for col, k in enumerate(idx):
            movers.setdefault(int(k), []).append((x.id, col))
    per_sample: list[list] = [[] for _ in range(n)]
    for k, kr in enumerate(scenario.key_results):
        weight = samples.weights[k]
        columns = [(i, draws[i][1][:, col]) for i, col in movers.get(k, ())]
        if np.ptp(trend[:, k]) == 0 and all(np.ptp(values) == 0 for _, values in columns):
            # Certain KR: every sample is the same, so one variable stands for all of them (exact).
            a = prob.add_variable(f"a{k}", None, 1)
            terms = [(pick[i], float(values[0])) for i, values in columns if values[0] != 0]
            add(f"progress[{kr.id}]", a <= float(trend[0, k]) + pulp.LpAffineExpression(terms))
            for s in range(n):
                per_sample[s].append((a, weight))
            continue
        for s in range(n):
            a = prob.add_variable(f"a{k}_{s}", None, 1)
            terms = [(pick[i], float(values[s])) for i, values in columns if values[s] != 0]
            add(f"progress[{kr.id}]#{s}", a <= float(trend[s, k]) + pulp.LpAffineExpression(terms))
            per_sample[s].append((a, weight))
    scores = [pulp.LpAffineExpression(terms) for terms in per_sample]
    if risk == "neutral":
        return pulp.lpSum(scores) * (1.0 / n)
    level = prob.add_variable("tail_level", None, None)
    shortfall = [prob.add_variable(f"u{s}", 0, None) for s in range(n)]
    for s in range(n):
        add(f"tail[{s}]", shortfall[s] >= level - scores[s])
    return level - pulp.lpSum(shortfall) * (1.0 / (CAUTIOUS_TAIL * n))


class _HiGHSFromStart(pulp.HiGHS):
    """PuLP's HiGHS interface, handing the solver a starting plan (the binaries only; HiGHS
    completes the rest) before it runs."""

    def __init__(self, start: dict, **options):
        super().__init__(**options)
        self.start = start

    def callSolver(self, lp):
        import numpy as np

        # A variable in no constraint never reaches HiGHS and has no column to start.
        pairs = [(var.index, value) for var, value in self.start.items() if hasattr(var, "index")]
        if pairs:
            index, values = zip(*pairs)
            lp.solverModel.setSolution(len(index), np.array(index, dtype=np.int32), np.array(values, dtype=np.float64))
        super().callSolver(lp)


def _solve(prob: pulp.LpProblem, solver: str, time_limit: float | None, gap: float, start: dict | None = None
           ) -> tuple[SolveStatus, float | None, float | None]:
    """Run the solver; return (status, proven bound on the objective, reported gap)."""
    if solver == "highs":
        options = dict(msg=False, timeLimit=time_limit, gapRel=gap, threads=1, random_seed=0)
        command = _HiGHSFromStart(start, **options) if start else pulp.HiGHS(**options)
    else:
        with warnings.catch_warnings():  # the bundled CBC binary is deprecated in PuLP 4; we pin < 4
            warnings.simplefilter("ignore", DeprecationWarning)
            command = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=gap, threads=1)
    with _native_stdout_silenced():
        prob.solve(command)
    if solver == "highs":
        return _highs_outcome(prob.solverModel, prob.isMIP())
    # CBC: PuLP can load LP values when CBC stops without an integer plan, so read sol_status.
    if prob.status == pulp.LpStatusInfeasible:
        return SolveStatus.INFEASIBLE, None, None
    if prob.sol_status == pulp.LpSolutionOptimal:
        return SolveStatus.OPTIMAL, None, None
    if prob.sol_status == pulp.LpSolutionIntegerFeasible:
        return SolveStatus.TIME_LIMIT, None, None
    if prob.status == pulp.LpStatusNotSolved or prob.sol_status == pulp.LpSolutionNoSolutionFound:
        return SolveStatus.NO_PLAN, None, None
    raise SolverError(f"CBC stopped with status {pulp.LpStatus[prob.status]}")


def _highs_outcome(highs, mip: bool, target_reached_ok: bool = False
                   ) -> tuple[SolveStatus, float | None, float | None]:
    """(status, proven bound on the objective, reported gap) from a HiGHS run. With an objective
    bound (cutoff) set, "nothing better than the cutoff" comes back as INFEASIBLE; with an
    objective target, reaching it counts as OPTIMAL (`target_reached_ok`): the question was
    whether such a plan exists."""
    import highspy

    status = highs.getModelStatus()
    info = highs.getInfo()
    codes = highspy.HighsModelStatus
    if status in (codes.kInfeasible, codes.kUnboundedOrInfeasible, codes.kObjectiveBound):
        return SolveStatus.INFEASIBLE, None, None
    has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
    # PuLP hands HiGHS a minimization (objective negated), so the bound comes back negated.
    bound = -(info.mip_dual_bound if mip else info.objective_function_value)
    if status == codes.kOptimal or (target_reached_ok and status == codes.kObjectiveTarget):
        return SolveStatus.OPTIMAL, bound, info.mip_gap if mip else 0.0
    if has_plan and status in (codes.kTimeLimit, codes.kInterrupt, codes.kIterationLimit):
        if not math.isfinite(bound):  # stopped before the root LP: nothing proven yet
            return SolveStatus.TIME_LIMIT, None, None
        return SolveStatus.TIME_LIMIT, bound, info.mip_gap
    if not has_plan and status == codes.kTimeLimit:
        return SolveStatus.NO_PLAN, None, None
    raise SolverError(f"HiGHS stopped with status {highs.modelStatusToString(status)}")


@contextlib.contextmanager
def _native_stdout_silenced():
    """HiGHS prints a banner from C++ on creation, which would corrupt JSON on stdout."""
    fd = 1
    try:
        saved = os.dup(fd)
    except OSError:
        yield
        return
    sys.stdout.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


# --- live models: what-ifs edited in place ------------------------------------------------

@dataclass(frozen=True)
class Edits:
    """A what-if, as edits of the base scenario that a live model can make in place."""

    force_in: tuple[str, ...] = ()
    force_out: tuple[str, ...] = ()
    impacts: tuple[tuple[str, float], ...] = ()  # (initiative, factor): every estimate scaled
    effort: tuple[tuple[str, float], ...] = ()  # (initiative, factor)
    capacity: tuple[tuple[str, float], ...] = ()  # (team, new capacity)
    released: tuple[str, ...] = ()  # initiatives whose commitment is dropped
    split: bool = True
    commitments: bool = True

    def scenario(self, base: Scenario) -> Scenario:
        """The edited scenario as the evaluator should see it (forcing is not an edit of it)."""
        out = base
        for i, factor in self.impacts:
            out = out.with_impacts_scaled(i, factor)
        for i, factor in self.effort:
            out = out.with_effort_scaled(i, factor)
        for team, capacity in self.capacity:
            out = out.with_capacity(team, capacity)
        for i in self.released:
            out = out.with_initiative(i, commit=None)
        return _policy_view(out, self.split, self.commitments)


class LiveModel:
    """One scenario's model, built once and kept live in HiGHS for a loop of what-ifs.

    Explanations and frontiers solve the same model hundreds of times with one initiative
    forced or rescaled, or capacities changed. Rebuilding through PuLP each time costs more
    than most of those solves, so each what-if edits bounds and coefficients in place, runs
    HiGHS, and puts them back. Every plan still goes through the evaluator. The answers are
    those of `optimize` on the edited scenario (tests check it); with CBC, which has no live
    model, every call falls back to `optimize`.

    >>> live = LiveModel(scenario, objective="point")                   # doctest: +SKIP
    >>> live.solve(Edits(force_in=("sso",))).value                      # doctest: +SKIP
    >>> live.beats(0.61, Edits(force_in=("sso",), effort=(("sso", 0.5),)))  # doctest: +SKIP
    """

    def __init__(self, scenario: Scenario, *, objective: str = "expected", risk: str = "neutral",
                 samples: int = DEFAULT_OPTIMIZATION_SAMPLES, seed: int = 0, solver: str = "highs",
                 time_limit: float | None = None, gap: float = DEFAULT_GAP):
        self.scenario = scenario
        self.options = dict(objective=objective, risk=risk, samples=samples, seed=seed, solver=solver,
                            time_limit=time_limit, gap=gap)
        self.sampled = None
        if objective == "expected":
            from planner.forecast import OPTIMIZE_STREAM, SampleSet

            self.sampled = SampleSet(scenario, samples, seed, OPTIMIZE_STREAM)
        self.in_place = solver == "highs" and pulp.HiGHS().available()  # CBC: rebuild every time
        if self.in_place:
            self._build_live()

    def _build_live(self) -> None:
        import highspy

        model = _build(self.scenario, samples=self.sampled, risk=self.options["risk"])
        command = pulp.HiGHS(msg=False, threads=1, random_seed=0)
        with _native_stdout_silenced():
            command.createAndConfigureSolver(model.prob)
        command.buildSolverModel(model.prob)
        self.highs: highspy.Highs = model.prob.solverModel
        self.column = {i: var.index for i, var in model.pick.items()}
        self.row = {name: c.index for name, c in model.constraints.items()}  # PuLP numbered them as it built
        # Where each initiative's impacts and effort sit in the matrix, as built.
        self.impact_entries: dict[str, list[tuple[int, float]]] = {i: [] for i in model.pick}
        self.effort_entries: dict[str, list[tuple[int, float]]] = {i: [] for i in model.pick}
        for name, row in self.row.items():
            constraint = model.constraints[name]
            kind = self.impact_entries if name.startswith("progress[") else (
                self.effort_entries if name.startswith(("capacity[", "split[", EFFORT_LIMIT)) else None)
            if kind is None:
                continue
            for i, var in model.pick.items():
                coefficient = constraint.get(var, 0.0)
                if coefficient:
                    kind[i].append((row, coefficient))
        lp = self.highs.getLp()
        self.cost = {i: lp.col_cost_[self.column[i]] for i in model.pick}
        self.col_bounds = {i: (lp.col_lower_[self.column[i]], lp.col_upper_[self.column[i]]) for i in model.pick}
        self.row_bounds = {name: (lp.row_lower_[row], lp.row_upper_[row]) for name, row in self.row.items()}

    # -- questions --

    def solve(self, edits: Edits = Edits(), start: Iterable[str] | None = None) -> Plan | None:
        """The best plan under the edits, or None when there is none. At the time limit, the
        best plan found, with status TIME_LIMIT and its proven bound; `Undecided` if none."""
        if not self.in_place:
            return self._fallback(edits, start)
        if start is None and self.sampled is not None:  # as `optimize` does: start from the point plan
            start = self._point_model.solve(edits)
            if start is None:
                return None
            start = start.selected
        with self._edited(edits):
            outcome = self._run(mip=True, start=start, gap=self.options["gap"])
            if outcome[0] is SolveStatus.NO_PLAN and start is not None:
                return self._start_plan(edits, start)  # cut short before HiGHS took the start up
            return self._plan(edits, *outcome)

    def beats(self, threshold: float, edits: Edits = Edits(), start: Iterable[str] | None = None) -> Plan | None:
        """A plan under the edits whose value exceeds `threshold`, or None when none does.

        A decision, not an optimization: the solver stops at the first such plan, or once its
        bound proves there is none; `Undecided` if the time limit comes first. The plan is a
        witness, not an optimum: its value is real, but its solve report's bound and gap say
        nothing about the best plan."""
        if not self.in_place:
            plan = self._fallback(edits, start)
            unproven = plan is not None and plan.solve.status is SolveStatus.TIME_LIMIT and (
                plan.solve.bound is None or plan.solve.bound > threshold)
            if unproven and plan.value <= threshold:
                raise Undecided(f"could not decide a what-if within the time limit of {self.options['time_limit']} s; "
                                "raise --whatif-time-limit")
            return plan if plan is not None and plan.value > threshold else None
        with self._edited(edits):
            # HiGHS minimizes the negated objective; the tie-break is at most EFFORT_TIEBREAK.
            status, bound, gap = self._run(mip=True, start=start, gap=0.0, cutoff=-threshold,
                                           target=-threshold - EFFORT_TIEBREAK)
            if status is SolveStatus.TIME_LIMIT or status is SolveStatus.NO_PLAN:
                raise Undecided(f"could not decide a what-if within the time limit of {self.options['time_limit']} s; "
                                "raise --whatif-time-limit")
            plan = self._plan(edits, status, bound, gap) if status is not SolveStatus.INFEASIBLE else None
            return plan if plan is not None and plan.value > threshold else None

    def bound(self, edits: Edits = Edits()) -> float:
        """The LP relaxation's optimum under the edits: no plan can do better (-inf: none at all;
        `Undecided` if the time limit comes first)."""
        if not self.in_place:
            return lp_bound(edits.scenario(self.scenario), objective=self.options["objective"], risk=self.options["risk"],
                            samples=self.options["samples"], seed=self.options["seed"], force_in=edits.force_in,
                            force_out=edits.force_out, split=edits.split, commitments=edits.commitments)
        with self._edited(edits):
            status, bound, _ = self._run(mip=False)
        if status is SolveStatus.INFEASIBLE:
            return float("-inf")
        if status in (SolveStatus.TIME_LIMIT, SolveStatus.NO_PLAN):
            raise Undecided(f"the LP relaxation hit the time limit of {self.options['time_limit']} s")
        if status is not SolveStatus.OPTIMAL or bound is None:
            raise SolverError(f"LP relaxation ended with status {status}")
        return bound + EFFORT_TIEBREAK

    def value(self, selection: Iterable[str], edits: Edits = Edits()) -> float | None:
        """The objective of a selection under the edits, or None if it breaks a constraint (no solver)."""
        scenario = edits.scenario(self.scenario)
        selection = list(selection)
        evaluation = evaluate(scenario, selection)
        if not evaluation.feasible or not set(edits.force_in) <= set(selection) or set(edits.force_out) & set(selection):
            return None
        return evaluation.score if self.sampled is None else sample_value(self.sampled.variant(scenario), selection,
                                                                          self.options["risk"])

    # -- machinery --

    @functools.cached_property
    def _point_model(self) -> LiveModel:
        return LiveModel(self.scenario, **{**self.options, "objective": "point", "risk": "neutral"})

    def _fallback(self, edits: Edits, start) -> Plan | None:
        try:
            return optimize(edits.scenario(self.scenario), force_in=edits.force_in, force_out=edits.force_out,
                            split=edits.split, commitments=edits.commitments,
                            start=start if self.sampled is not None else None, **self.options)
        except InfeasibleError:
            return None

    @contextlib.contextmanager
    def _edited(self, edits: Edits):
        h = self.highs
        changed_cols, changed_rows, changed_coeffs = set(), set(), []
        scenario = self.scenario

        def col(i: str, low: float, high: float) -> None:
            h.changeColBounds(self.column[i], low, high)
            changed_cols.add(i)

        def row(name: str, low: float, high: float) -> None:
            h.changeRowBounds(self.row[name], low, high)
            changed_rows.add(name)

        try:
            inf = float("inf")
            if not edits.split:
                for name in self.row:
                    if name.startswith("split["):
                        row(name, -inf, inf)
            for x in scenario.initiatives:
                if x.commit is not None and (not edits.commitments or x.id in edits.released):
                    row(commit_name(x.id), -inf, inf)
            for i in edits.force_in:
                col(i, 1.0, 1.0 if i not in edits.force_out else 0.0)
            for i in edits.force_out:
                if i not in edits.force_in:
                    col(i, 0.0, 0.0)
            for i, factor in edits.impacts:
                for r, coefficient in self.impact_entries[i]:
                    h.changeCoeff(r, self.column[i], coefficient * factor)
                    changed_coeffs.append((r, self.column[i], coefficient))
            for i, factor in edits.effort:
                for r, coefficient in self.effort_entries[i]:
                    h.changeCoeff(r, self.column[i], coefficient * factor)
                    changed_coeffs.append((r, self.column[i], coefficient))
                h.changeColCost(self.column[i], self.cost[i] * factor)
            for team, capacity in edits.capacity:
                name = capacity_name(team)
                row(name, self.row_bounds[name][0], capacity)
            yield
        finally:
            for i in changed_cols:
                h.changeColBounds(self.column[i], *self.col_bounds[i])
            for name in changed_rows:
                h.changeRowBounds(self.row[name], *self.row_bounds[name])
            for r, c, coefficient in changed_coeffs:
                h.changeCoeff(r, c, coefficient)
            for i, _ in edits.effort:
                h.changeColCost(self.column[i], self.cost[i])

    def _run(self, *, mip: bool, start=None, gap: float = 0.0, cutoff: float | None = None,
             target: float | None = None) -> tuple[SolveStatus, float | None, float | None]:
        import numpy as np

        h = self.highs
        whole = self._whole_solution(start) if mip and start is not None else None  # before the options below
        inf = float("inf")
        h.setOptionValue("solve_relaxation", not mip)
        h.setOptionValue("mip_rel_gap", gap)
        h.setOptionValue("objective_bound", inf if cutoff is None else cutoff)
        h.setOptionValue("objective_target", -inf if target is None else target)
        # HiGHS 1.16 applies the limit per run to a MIP but to the object's whole life (its
        # cumulative run time) for an LP: each question gets `time_limit` either way.
        limit = self.options["time_limit"]
        h.setOptionValue("time_limit", inf if limit is None else float(limit) + (0.0 if mip else h.getRunTime()))
        if whole is not None:
            h.setSolution(whole)
        elif mip and start is not None:  # it breaks a constraint: HiGHS may still repair it
            chosen = set(start)
            index = np.array(list(self.column.values()), dtype=np.int32)
            values = np.array([1.0 if i in chosen else 0.0 for i in self.column], dtype=np.float64)
            h.setSolution(len(index), index, values)
        started = time.perf_counter()
        h.run()
        self._seconds = time.perf_counter() - started  # for the plan's solve report
        return _highs_outcome(h, mip, target_reached_ok=target is not None)

    def _whole_solution(self, selection: Iterable[str]):
        """The selection as a whole solution (its binaries, and the continuous columns at their
        best for them: an LP with the binaries fixed), or None if it breaks a constraint.
        HiGHS takes a whole solution up at once; given the binaries alone it must complete them
        itself, which a short time limit cuts off (measured: not within 0.5 s at N = 200)."""
        h = self.highs
        chosen = set(selection)
        lp = h.getLp()
        held = {c: (lp.col_lower_[c], lp.col_upper_[c]) for c in self.column.values()}
        fixed = {c: 1.0 if i in chosen else 0.0 for i, c in self.column.items()}
        if any(not held[c][0] <= value <= held[c][1] for c, value in fixed.items()):
            return None  # against a forced initiative
        try:
            for c, value in fixed.items():
                h.changeColBounds(c, value, value)
            status, _, _ = self._run(mip=False)
            return h.getSolution() if status is SolveStatus.OPTIMAL else None
        finally:
            for c, (low, high) in held.items():
                h.changeColBounds(c, low, high)

    def _plan(self, edits: Edits, status: SolveStatus, bound: float | None, gap: float | None) -> Plan | None:
        if status is SolveStatus.INFEASIBLE:
            return None
        if status is SolveStatus.NO_PLAN:
            raise Undecided(f"HiGHS found no plan within the time limit of {self.options['time_limit']} s; "
                            "raise --whatif-time-limit or loosen --gap")
        values = self.highs.getSolution().col_value
        selection = [i for i, c in self.column.items() if _is_one(values[c])]
        scenario = edits.scenario(self.scenario)
        evaluation = evaluate(scenario, selection)
        if evaluation.violations:
            raise SolverError("the solver's plan violates " + ", ".join(v.constraint for v in evaluation.violations)
                              + "; this is a bug")
        chosen = set(selection)
        if not set(edits.force_in) <= chosen or chosen & set(edits.force_out):
            raise SolverError("the solver ignored a forced initiative; this is a bug")
        value = evaluation.score if self.sampled is None else sample_value(self.sampled.variant(scenario), selection,
                                                                          self.options["risk"])
        objective = self.highs.getInfo().objective_function_value
        claimed = -(objective - sum(self.cost[i] * dict(edits.effort).get(i, 1.0) for i in selection))
        if claimed > value + 1e-6:
            raise SolverError(f"the solver claims a value of {claimed:.6f} but the evaluator finds {value:.6f}; "
                              "this is a bug")
        if bound is not None:
            gap = max(0.0, bound - value) / max(abs(bound), 1e-9)
        return self._as_plan(edits, evaluation, value, SolveReport(status, "highs", gap, bound, 0.0, self._seconds,
                                                                                 self.options["gap"]))

    def _start_plan(self, edits: Edits, start: Iterable[str]) -> Plan:
        """The starting plan as the answer of a run cut short before any other plan: no bound,
        so its value is only what is surely reachable. `Undecided` if it breaks a constraint."""
        chosen = set(start)
        selection = [i for i in self.column if i in chosen]
        value = self.value(selection, edits)
        if value is None:
            raise Undecided(f"HiGHS found no plan within the time limit of {self.options['time_limit']} s; "
                            "raise --whatif-time-limit or loosen --gap")
        evaluation = evaluate(edits.scenario(self.scenario), selection)
        return self._as_plan(edits, evaluation, value, SolveReport(SolveStatus.TIME_LIMIT, "highs", None, None, 0.0,
                                                                   self._seconds))

    def _as_plan(self, edits: Edits, evaluation: Evaluation, value: float, report: SolveReport) -> Plan:
        o = self.options
        return Plan(evaluation, report, tuple(edits.force_in), tuple(edits.force_out), objective=o["objective"],
                    risk=o["risk"], samples=0 if self.sampled is None else o["samples"], seed=o["seed"],
                    in_sample_value=None if self.sampled is None else value)


# --- infeasibility -------------------------------------------------------------------------

RELAXATION_KINDS = ("capacity", "commitments", "split", "minimums")


def diagnose(scenario: Scenario, force_in=(), force_out=(), *, split=True, commitments=True) -> Diagnosis:
    """Which constraints conflict, and the smallest relaxation of each kind that fixes it.

    For each kind of constraint (capacity and caps, commitments, split bands, objective
    minimums) an elastic model lets only that kind bend, at a cost per unit of bending, and
    finds the least bending that admits a plan.
    """
    relaxations = []
    for kind in RELAXATION_KINDS:
        model = _build(scenario, force_in, force_out, split=split, commitments=commitments,
                       elastic=frozenset({kind}))
        if not model.slacks:
            continue
        status, _, _ = _solve(model.prob, "highs", 30, 1e-6)
        if status not in (SolveStatus.OPTIMAL, SolveStatus.TIME_LIMIT):
            continue
        bent = [(v.domain_name, v.varValue) for _, v in model.slacks if v.varValue and v.varValue > 1e-6]
        if bent:
            relaxations.append(_describe_relaxation(scenario, kind, bent, model))
    conflicting = sorted({c for r in relaxations for c in r.constraints}
                         | {commit_name(x.id) for x in scenario.initiatives if commitments and x.commit is Commitment.IN}
                         | {commit_name(i) for i in force_in})
    return Diagnosis(tuple(conflicting), tuple(relaxations))


def _describe_relaxation(scenario: Scenario, kind: str, bent: list[tuple[str, float]], model: _Model) -> Relaxation:
    units = scenario.units
    merged: dict[str, float] = {}
    for name, amount in bent:
        merged[name] = merged.get(name, 0.0) + amount
    changes = []
    for name, amount in sorted(merged.items()):
        if name.startswith("capacity["):
            changes.append(f"+{_round_up(amount):g} {units} on {name[9:-1]}")
        elif name == EFFORT_LIMIT:
            changes.append(f"raise the effort cap by {_round_up(amount):g} {units}")
        elif name == BUDGET_LIMIT:
            changes.append(f"raise the budget by {_round_up(amount):g}")
        elif name.startswith("commit["):
            changes.append(f"drop the commitment on `{name[7:-1]}`")
        elif name.startswith("split["):
            selected = [i for i, v in model.pick.items() if v.varValue and v.varValue > 0.5]
            tier = Tier(name[6:-1])
            picked = [scenario.initiative(i) for i in selected]
            total = sum(x.total_effort for x in picked) or 1.0
            share = sum(x.total_effort for x in picked if x.tier is tier) / total
            low, high = scenario.split.band(tier)  # type: ignore[union-attr]
            changes.append(f"let {tier.value} work take {share:.0%} of effort (band {low:.0%}-{high:.0%})")
        elif name.startswith("min_attainment["):
            o = scenario.objective(name[15:-1])
            changes.append(f"lower the minimum of `{o.id}` from {o.min_attainment:.0%} "
                           f"to {max(0.0, (o.min_attainment or 0) - amount):.0%}")
    return Relaxation(kind, tuple(changes), tuple(sorted(merged)))


def _round_up(amount: float) -> float:
    """Round a slack up to 2 decimals, so the stated relaxation is always enough."""
    import math

    return math.ceil(amount * 100 - 1e-6) / 100


def lp_bound(scenario: Scenario, *, objective: str = "point", risk: str = "neutral",
             samples: int = DEFAULT_OPTIMIZATION_SAMPLES, seed: int = 0, force_in: Iterable[str] = (),
             force_out: Iterable[str] = (), split: bool = True, commitments: bool = True) -> float:
    """The LP relaxation's optimum: an upper bound on the value of any plan with these options
    (used to prove what-if answers without a full solve, and in benchmarks). -inf if even the
    relaxation is infeasible."""
    sampled = None
    if objective == "expected":
        from planner.forecast import OPTIMIZE_STREAM, SampleSet

        sampled = SampleSet(scenario, samples, seed, OPTIMIZE_STREAM)
    model = _build(scenario, tuple(force_in), tuple(force_out), split=split, commitments=commitments,
                   samples=sampled, risk=risk)
    for var in model.pick.values():
        var.cat = pulp.LpContinuous
    status, bound, _ = _solve(model.prob, "highs", None, 0.0)
    if status is SolveStatus.INFEASIBLE:
        return float("-inf")
    if status is not SolveStatus.OPTIMAL or bound is None:
        raise SolverError(f"LP relaxation ended with status {status}")
    return bound + EFFORT_TIEBREAK  # the tie-break term is at most this in size
