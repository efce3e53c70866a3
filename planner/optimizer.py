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
import os
import sys
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pulp

from planner.diagnosis import Diagnosis, Relaxation
from planner.errors import InfeasibleError, Problem, ScenarioError, SolverError
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
        raise SolverError(f"{solver} found no plan within the time limit of {time_limit} s; "
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
    report = SolveReport(status, solver, score_gap, bound, built - started, solved - built)
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
        import highspy

        highs = prob.solverModel
        model_status = highs.getModelStatus()
        info = highs.getInfo()
        if model_status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return SolveStatus.INFEASIBLE, None, None
        has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
        # PuLP hands HiGHS a minimization (objective negated), so the bound comes back negated.
        bound = -(info.mip_dual_bound if prob.isMIP() else info.objective_function_value)
        if model_status == highspy.HighsModelStatus.kOptimal:
            return SolveStatus.OPTIMAL, bound, info.mip_gap if prob.isMIP() else 0.0
        if has_plan and model_status in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt,
                                         highspy.HighsModelStatus.kIterationLimit):
            return SolveStatus.TIME_LIMIT, bound, info.mip_gap
        if not has_plan and model_status == highspy.HighsModelStatus.kTimeLimit:
            return SolveStatus.NO_PLAN, None, None
        raise SolverError(f"HiGHS stopped with status {highs.modelStatusToString(model_status)}")
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
