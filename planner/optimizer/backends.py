"""The solvers behind one small interface: the only code that imports PuLP or highspy, reads
their statuses and reaches into PuLP's internals.

A `Backend` solves a `Formulation` (plain data) once (`solve`) and, where the engine allows, keeps
it live for loops of what-ifs (`live`: a `LiveSession` whose bounds and coefficients are edited in
place). HiGHS does both; CBC solves once per call (`live` returns None). Both take the model
through PuLP, which builds the engine's matrix: columns by variable name, rows in the order added.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import numpy as np
import pulp

from planner.constraints import Constraint
from planner.errors import PlannerError, SolverError
from planner.interrupts import on_stop_request, solver_run, stop_requested
from planner.optimizer.formulation import Formulation
from planner.optimizer.linear import Linear, Sense
from planner.results import SolveStatus
from planner.settings import Solver


class Outcome(NamedTuple):
    """How one run ended: its status, the proven bound on the objective, the reported gap."""

    status: SolveStatus
    bound: float | None
    gap: float | None


class Solution(NamedTuple):
    """A run's outcome and the value of each variable (by index; None: not sent to the engine);
    with `auto`, which engine ran and why."""

    outcome: Outcome
    values: list[float | None]
    engine: str = ""
    why: str = ""


class EngineRefused(SolverError):
    """An engine's licence refused the model (a size-limited edition): `auto` moves on; asked
    for by name, it is an error that says so."""

    def __init__(self, engine: _PulpEngine, model: Formulation):
        super().__init__(f"{engine.title} refused the model ({len(model.variables):,} variables, "
                         f"{len(model.rows):,} constraints) under its licence: {engine.licence}; choose the solver auto "
                         "(it falls back to HiGHS) or highs", parameters=("solver",))


class Backend(Protocol):
    name: str
    keeps_models_live: bool  # whether `live` can keep a model in the engine for in-place what-ifs

    def solve(self, model: Formulation, time_limit: float | None, gap: float,
              start: dict[str, bool] | None = None, presolve: bool = True, whatif: bool = False) -> Solution:
        """Run the engine on the model; `start` is a plan to begin from (initiative id -> selected);
        `presolve=False` skips the engine's presolve (to re-check an answer a known plan refutes);
        `whatif=True`: the model is a what-if a step from one solved, built anew (HiGHS then runs
        with `WHATIF_HIGHS_OPTIONS`, as live what-ifs do)."""

    def live(self, model: Formulation) -> LiveSession | None:
        """The model kept live in the engine for in-place what-ifs, or None if it cannot be."""


def backend_for(solver: Solver) -> Backend:
    """The engine asked for; CBC when HiGHS is not installed (plans name the engine that ran).
    CPLEX and Gurobi are optional: asked for and missing, they are an error that says how to
    install them; `auto` takes the fastest one installed whose licence admits the model."""
    if solver is Solver.AUTO:
        return AutoBackend()
    if solver in (Solver.CPLEX, Solver.GUROBI):
        engine = ENGINES[solver.value]()
        if not engine.available():
            raise PlannerError(f"{engine.title} is not installed: pip install 'okr-planner[{solver.value}]' (its "
                               f"free licence: {engine.licence}), or use another solver", parameters=("solver",))
        return engine
    if solver is Solver.HIGHS and pulp.HiGHS().available():
        return HighsBackend()
    return CbcBackend()


class _PulpModel:
    """A formulation as a PuLP problem: the same variables, rows (in order, with their labels)
    and objective. PuLP hands it to HiGHS or CBC."""

    def __init__(self, model: Formulation):
        self.problem = pulp.LpProblem("portfolio", pulp.LpMaximize)
        self.variables = [self.problem.add_variable(v.name, v.low, v.high, pulp.LpBinary if v.binary else
                                                    pulp.LpContinuous) for v in model.variables]
        if model.relaxed:
            for v, var in zip(model.variables, self.variables):
                if v.binary:
                    var.cat = pulp.LpContinuous
        self.constraints = []
        for row in model.rows:
            inequality = row.inequality
            sense = pulp.LpConstraintLE if inequality.sense is Sense.LE else pulp.LpConstraintGE
            constraint = pulp.LpConstraint(self._expression(inequality.expression), sense)
            self.problem.addConstraint(constraint, row.label)
            self.constraints.append(constraint)
        # Every variable is in the objective, at a zero cost if need be, so that one in no row and
        # with no value (an initiative with no effort and no impact) still gets a solver column.
        objective = self._expression(model.objective)
        objective.update({var: 0.0 for var in self.variables if var not in objective})
        self.problem.setObjective(objective)

    def _expression(self, linear: Linear) -> pulp.LpAffineExpression:
        return pulp.LpAffineExpression([(self.variables[i], c) for i, c in linear.terms.items()],
                                       constant=linear.constant)

    def values(self) -> list[float | None]:
        return [var.varValue for var in self.variables]

    def start(self, model: Formulation, start: dict[str, bool] | None) -> dict | None:
        if start is None:
            return None
        return {self.variables[model.pick[i].index]: float(v) for i, v in start.items()}


class HighsBackend:
    name = "highs"
    keeps_models_live = True

    def solve(self, model: Formulation, time_limit: float | None, gap: float,
              start: dict[str, bool] | None = None, presolve: bool = True, whatif: bool = False) -> Solution:
        built = _PulpModel(model)
        options = dict(msg=False, timeLimit=time_limit, gapRel=gap, threads=1, random_seed=0,
                       **({} if presolve else {"presolve": "off"}),
                       **({**WHATIF_HIGHS_OPTIONS, FEASIBILITY_JUMP: feasibility_jump(start), CUT_POOL: cut_pool()}
                          if whatif else {}))
        if model.point and not model.relaxed:  # an optimizing MIP on the point model: see `OPTIMIZING_OBJECTIVE_SCALE`
            options["user_objective_scale"] = OPTIMIZING_OBJECTIVE_SCALE
        command = _HiGHSFromStart(built.start(model, start), **options)
        with _native_stdout_silenced(), solver_run():
            built.problem.solve(command)
        return Solution(_highs_outcome(built.problem.solverModel, built.problem.isMIP()), built.values())

    def live(self, model: Formulation) -> LiveSession:
        return LiveSession(model)


class CbcBackend:
    name = "cbc"
    keeps_models_live = False

    def solve(self, model: Formulation, time_limit: float | None, gap: float,
              start: dict[str, bool] | None = None, presolve: bool = True, whatif: bool = False) -> Solution:
        # CBC through PuLP takes no start; `presolve` and `whatif` are HiGHS's concern (no CBC answer was refuted)
        built = _PulpModel(model)
        prob = built.problem
        with warnings.catch_warnings():  # the bundled CBC binary is deprecated in PuLP 4; we pin < 4
            warnings.simplefilter("ignore", DeprecationWarning)
            # No `threads`: the bundled CBC (2.10.3) given `-threads 1` stalled for 10 s, past any
            # time limit, on about 1 solve in 150 (8 of 1,400 on onboarding-q3; none of 2,200
            # without it: coin-or/Cbc#640). Its default is one thread anyway.
            command = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=gap)
        with _native_stdout_silenced(), solver_run():  # CBC, a child process, gets Ctrl-C itself
            prob.solve(command)
        return Solution(self._outcome(prob), built.values())

    @staticmethod
    def _outcome(prob: pulp.LpProblem) -> Outcome:
        # PuLP can load LP values when CBC stops without an integer plan, so read sol_status.
        if prob.status == pulp.LpStatusInfeasible:
            return Outcome(SolveStatus.INFEASIBLE, None, None)
        if prob.sol_status == pulp.LpSolutionOptimal:
            # CBC reports no bound for a MIP; an LP's optimum is its own bound.
            return Outcome(SolveStatus.OPTIMAL, None if prob.isMIP() else pulp.value(prob.objective), None)
        if prob.sol_status == pulp.LpSolutionIntegerFeasible:
            return Outcome(SolveStatus.TIME_LIMIT, None, None)
        if prob.status == pulp.LpStatusNotSolved or prob.sol_status == pulp.LpSolutionNoSolutionFound:
            return Outcome(SolveStatus.NO_PLAN, None, None)
        raise SolverError(f"CBC stopped with status {pulp.LpStatus[prob.status]}")

    def live(self, model: Formulation) -> None:
        return None


class _PulpEngine:
    """An optional commercial engine through PuLP (CPLEX, Gurobi): `solve` builds the model for one
    solve; `live` keeps it in the engine for loops of what-ifs, edited in place as HiGHS's is."""

    name = title = licence = ""
    keeps_models_live = False
    limits: tuple[int, int] = (0, 0)  # variables and constraints its free licence takes

    def available(self) -> bool:
        return self._command(None, 0.0).available()

    def admits(self, model: Formulation) -> bool:
        """Whether the model fits the free licence's size (a full licence takes any)."""
        return len(model.variables) <= self.limits[0] and len(model.rows) <= self.limits[1]

    def _command(self, time_limit: float | None, gap: float, warm: bool = False):
        raise NotImplementedError

    def solve(self, model: Formulation, time_limit: float | None, gap: float,
              start: dict[str, bool] | None = None, presolve: bool = True, whatif: bool = False) -> Solution:
        # `presolve` and `whatif` are HiGHS's concern: no answer of these engines was refuted
        built = _PulpModel(model)
        starting = built.start(model, start)
        for var, value in (starting or {}).items():
            var.setInitialValue(value)
        command = self._command(time_limit, gap, warm=bool(starting))
        with _native_stdout_silenced(), contextlib.redirect_stdout(io.StringIO()), solver_run():
            try:
                built.problem.solve(command)
            except Exception as exc:  # noqa: BLE001  (the engine's own error types, imported lazily)
                if self._refuses(exc):
                    raise EngineRefused(self, model) from None
                raise
        return Solution(self._outcome(built.problem), built.values(), self.name)

    def _refuses(self, exc: Exception) -> bool:
        raise NotImplementedError

    def _bound_and_gap(self, engine_model, mip: bool) -> tuple[float | None, float | None]:
        raise NotImplementedError

    def _outcome(self, prob: pulp.LpProblem) -> Outcome:
        if prob.status == pulp.LpStatusInfeasible:
            return Outcome(SolveStatus.INFEASIBLE, None, None)
        if prob.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
            bound, gap = self._bound_and_gap(prob.solverModel, prob.isMIP())
            status = SolveStatus.OPTIMAL if prob.sol_status == pulp.LpSolutionOptimal else SolveStatus.TIME_LIMIT
            return Outcome(status, bound, gap if prob.isMIP() else 0.0)
        if prob.status == pulp.LpStatusNotSolved or prob.sol_status == pulp.LpSolutionNoSolutionFound:
            return Outcome(SolveStatus.NO_PLAN, None, None)
        raise SolverError(f"{self.title} stopped with status {pulp.LpStatus[prob.status]}")


class CplexBackend(_PulpEngine):
    name, title = "cplex", "CPLEX"
    licence = "the Community Edition takes up to 1,000 variables and 1,000 constraints"
    limits = (1000, 1000)
    keeps_models_live = True

    def live(self, model: Formulation) -> CplexLiveSession | None:
        """CPLEX keeps the model for in-place what-ifs, as HiGHS does (None: the licence refuses it)."""
        if not self.admits(model):
            return None  # the Community Edition refuses it at the first solve
        return CplexLiveSession(model)

    def _command(self, time_limit, gap, warm=False):
        return _CplexStoppable(msg=False, timeLimit=time_limit, gapRel=gap, threads=1, warmStart=warm)

    def _refuses(self, exc: Exception) -> bool:
        return type(exc).__name__ == "CplexSolverError" and len(exc.args) > 2 and exc.args[2] == 1016  # size limit

    def _bound_and_gap(self, m, mip):
        if not mip:
            return m.solution.get_objective_value(), 0.0
        return m.solution.MIP.get_best_objective(), m.solution.MIP.get_mip_relative_gap()


class GurobiBackend(_PulpEngine):
    name, title = "gurobi", "Gurobi"
    licence = "the pip licence takes up to 2,000 variables and 2,000 constraints"
    limits = (2000, 2000)
    keeps_models_live = True

    def live(self, model: Formulation) -> GurobiLiveSession | None:
        """Gurobi keeps the model for in-place what-ifs, as HiGHS does (None: the licence refuses it)."""
        try:
            return GurobiLiveSession(model, self)
        except Exception as exc:  # noqa: BLE001  (gurobipy's own error type)
            if self._refuses(exc):
                return None
            raise

    def _command(self, time_limit, gap, warm=False):
        # Its own environment, silent from the start: no licence banner, no "Set parameter" lines.
        return _GurobiStoppable(msg=False, timeLimit=time_limit, gapRel=gap, Threads=1, IntFeasTol=INTEGRALITY,
                                warmStart=warm, manageEnv=True, envOptions={"OutputFlag": 0})

    def _refuses(self, exc: Exception) -> bool:
        return type(exc).__name__ == "GurobiError" and getattr(exc, "errno", None) == 10010

    def _bound_and_gap(self, m, mip):
        if not mip:
            return m.ObjVal, 0.0
        return m.ObjBound, m.MIPGap


INTEGRALITY = 1e-7  # how far from 0 or 1 an engine may leave a binary (the plan check allows 1e-6)

ENGINES: dict[str, type[_PulpEngine]] = {"cplex": CplexBackend, "gurobi": GurobiBackend}


class AutoBackend:
    """The fastest installed engine whose licence takes the model: CPLEX, then Gurobi (measured
    in bench/README.md, "Engines"), then HiGHS. A licence that refuses the model hands it to the
    next; every solution says which engine ran and why."""

    name = "auto"
    keeps_models_live = True

    def __init__(self):
        self.engines = [engine for engine in (CplexBackend(), GurobiBackend()) if engine.available()]
        self.fallback: Backend = HighsBackend() if pulp.HiGHS().available() else CbcBackend()

    def solve(self, model: Formulation, time_limit: float | None, gap: float,
              start: dict[str, bool] | None = None, presolve: bool = True, whatif: bool = False) -> Solution:
        size = f"{len(model.variables):,} variables and {len(model.rows):,} constraints"
        refused = []
        for engine in self.engines:
            try:
                solution = engine.solve(model, time_limit, gap, start, presolve, whatif)
            except EngineRefused:
                refused.append(engine.title)
                continue
            return solution._replace(why=f"auto: {', '.join(refused)} refused this model ({size}) under its "
                                          f"licence; {engine.title} took it" if refused else
                                          f"auto: {engine.title}, the fastest engine installed, took this model ({size})")
        solution = self.fallback.solve(model, time_limit, gap, start, presolve, whatif)
        why = (f"auto: {', '.join(refused)} refused this model ({size}) under {'their' if len(refused) > 1 else 'its'} "
               f"licence; {self.fallback.name}" if refused else
               f"auto: no optional engine installed (pip install 'okr-planner[cplex]'); {self.fallback.name}")
        return solution._replace(engine=self.fallback.name, why=why)

    def live(self, model: Formulation) -> LiveSession | GurobiLiveSession | None:
        """For loops of what-ifs: the first engine (CPLEX, then Gurobi) whose licence takes the
        model, kept live (explain-all of 200 initiatives, seed 1: CPLEX 52 s, Gurobi 68 s, HiGHS
        295 s; bench/README.md, "Engines"); else HiGHS kept live."""
        admitting = [engine for engine in self.engines if engine.admits(model)]
        for engine in admitting:
            if engine.keeps_models_live:
                session = engine.live(model)
                if session is not None:
                    return session
        return None if admitting else self.fallback.live(model)


class _EngineLiveSession:
    """What CPLEX's and Gurobi's live sessions share: rows by domain `Constraint` (row n is the
    formulation's n-th row), columns by initiative (the formulation's variable index), the
    coefficients an edit may rescale, and an undo for every edit."""

    objective_scale = 1.0  # what the engine's objective is multiplied by (CPLEX sets its own)

    def _index(self, model: Formulation) -> None:
        self.column = {i: var.index for i, var in model.pick.items()}
        self.rows: dict[Constraint, list[int]] = {}
        for n, row in enumerate(model.rows):
            self.rows.setdefault(row.constraint, []).append(n)
        self._model_rows = list(enumerate(model.rows))
        self.seconds = 0.0
        self._changed: list[Callable[[], None]] = []  # each undoes one edit
        self._relaxation = None  # the last run's LP relaxation (solved on a copy), if it was one
        self._spare: int | None = None  # `spare_column`

    def entries(self, which: Callable[[Constraint], bool]) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {i: [] for i in self.column}
        initiative_of = {j: i for i, j in self.column.items()}
        for n, row in self._model_rows:
            if which(row.constraint):
                for variable, coefficient in row.inequality.expression.terms.items():
                    if variable in initiative_of and coefficient:
                        out[initiative_of[variable]].append(Entry(n, variable, coefficient))
        return out

    def spare_column(self) -> int:
        """A continuous column in no row, with bounds [0, 0] and no cost, made on first use and
        kept: a variable a what-if may give coefficients and bounds (`set_spare_entry`,
        `fix_column`), all undone by `restore`. (The fraction of an initiative's effort, for one.)"""
        if self._spare is None:
            self._spare = self._new_spare()
            self.col_bounds[self._spare] = (0.0, 0.0)
        return self._spare

    def restore(self) -> None:
        for undo in reversed(self._changed):
            undo()
        self._changed = []


class GurobiLiveSession(_EngineLiveSession):
    """A formulation kept in Gurobi and edited in place for each what-if, with the interface of
    `LiveSession` (HiGHS): columns by initiative, rows by domain `Constraint`, every edit undone
    by `restore()`. The model is a maximization here, so values read back need no negation."""

    def __init__(self, model: Formulation, engine: GurobiBackend):
        import gurobipy as gp

        self._gp = gp
        built = _PulpModel(model)
        self._command = command = engine._command(None, 0.0)  # it owns the environment: kept while the model lives
        with _native_stdout_silenced(), contextlib.redirect_stdout(io.StringIO()):
            command.buildSolverModel(built.problem)
        self.model = built.problem.solverModel
        self.model.update()
        self._vars = [var.solverVar if hasattr(var, "solverVar") else None for var in built.variables]
        self._constrs = [c.solverConstraint for c in built.constraints]
        self._senses = [c.sense for c in built.constraints]  # PuLP: -1 for <=, 1 for >=
        self._index(model)
        self.cost = {i: self._vars[c].Obj for i, c in self.column.items()}
        self.col_bounds = {c: (self._vars[c].LB, self._vars[c].UB) for c in self.column.values()}
        inf = float("inf")
        self.row_bounds = {r: ((-inf, self._constrs[r].RHS) if self._senses[r] < 0 else (self._constrs[r].RHS, inf))
                           for rows in self.rows.values() for r in rows}

    def _limit(self, value: float) -> float:
        return max(-self._gp.GRB.INFINITY, min(self._gp.GRB.INFINITY, value))

    def fix_column(self, column: int, low: float, high: float) -> None:
        var, held = self._vars[column], self.col_bounds[column]
        var.LB, var.UB = low, high
        self._changed.append(lambda: (setattr(var, "LB", held[0]), setattr(var, "UB", held[1])))

    def set_row_bounds(self, row: int, low: float, high: float) -> None:
        # The undo restores the bound as built: Gurobi applies edits lazily, so reading `RHS` here
        # could return a value an undone edit left pending.
        constr, (held_low, held_high) = self._constrs[row], self.row_bounds[row]
        less = self._senses[row] < 0
        constr.RHS = self._limit(high if less else low)
        self._changed.append(lambda: setattr(constr, "RHS", held_high if less else held_low))

    def scale_entry(self, entry: Entry, factor: float) -> None:
        constr, var = self._constrs[entry.row], self._vars[entry.column]
        self.model.chgCoeff(constr, var, entry.value * factor)
        self._changed.append(lambda: self.model.chgCoeff(constr, var, entry.value))

    def _new_spare(self) -> int:
        self._vars.append(self.model.addVar(lb=0.0, ub=0.0, name="spare"))
        self.model.update()  # before a coefficient may name it
        return len(self._vars) - 1

    def set_spare_entry(self, row: int, value: float) -> None:
        constr, var = self._constrs[row], self._vars[self._spare]
        self.model.chgCoeff(constr, var, value)
        self._changed.append(lambda: self.model.chgCoeff(constr, var, 0.0))

    def spare_value(self) -> float:
        return self._vars[self._spare].X

    def scale_cost(self, initiative: str, factor: float) -> None:
        var, cost = self._vars[self.column[initiative]], self.cost[initiative]
        var.Obj = cost * factor
        self._changed.append(lambda: setattr(var, "Obj", cost))

    def run(self, *, mip: bool, time_limit: float | None, start=None, gap: float = 0.0,
            cutoff: float | None = None, target: float | None = None, presolve: bool = True) -> Outcome:
        import time

        gp, m = self._gp, self.model
        grb = gp.GRB
        if not mip:
            m.update()
            relaxed = m.relax()  # a copy: it inherits the last run's cutoff and target, reset here
            relaxed.Params.Cutoff, relaxed.Params.BestObjStop = -grb.INFINITY, grb.INFINITY
            relaxed.Params.TimeLimit = grb.INFINITY if time_limit is None else float(time_limit)
            with solver_run():
                relaxed.optimize(lambda model, where: model.terminate() if stop_requested() else None)
            self._relaxation = relaxed  # the copy holds the values `selection_values` reads
            return self._outcome(relaxed, mip=False, target_reached_ok=False)
        self._relaxation = None
        m.Params.TimeLimit = grb.INFINITY if time_limit is None else float(time_limit)
        m.Params.MIPGap = gap
        m.Params.Cutoff = -grb.INFINITY if cutoff is None else cutoff
        m.Params.BestObjStop = grb.INFINITY if target is None else target
        m.Params.Presolve = -1 if presolve else 0
        chosen = None if start is None else set(start)
        for i, c in self.column.items():
            self._vars[c].Start = grb.UNDEFINED if chosen is None else (1.0 if i in chosen else 0.0)
        started = time.perf_counter()
        with solver_run():
            m.optimize(lambda model, where: model.terminate() if stop_requested() else None)
        self.seconds = time.perf_counter() - started
        return self._outcome(m, mip=True, target_reached_ok=target is not None)

    def _outcome(self, m, mip: bool, target_reached_ok: bool) -> Outcome:
        grb = self._gp.GRB
        status = m.Status
        if status in (grb.INFEASIBLE, grb.INF_OR_UNBD, grb.CUTOFF):
            return Outcome(SolveStatus.INFEASIBLE, None, None)
        has_plan = m.SolCount > 0
        bound = m.ObjBound if mip else (m.ObjVal if has_plan else None)
        if status == grb.OPTIMAL or (target_reached_ok and status == grb.USER_OBJ_LIMIT):
            return Outcome(SolveStatus.OPTIMAL, bound, m.MIPGap if mip else 0.0)
        if has_plan and status in (grb.TIME_LIMIT, grb.INTERRUPTED, grb.USER_OBJ_LIMIT):
            return Outcome(SolveStatus.TIME_LIMIT, bound, m.MIPGap if mip else None)
        if not has_plan and status in (grb.TIME_LIMIT, grb.INTERRUPTED):
            return Outcome(SolveStatus.NO_PLAN, None, None)
        raise SolverError(f"Gurobi stopped with status {status}")

    def selection_values(self) -> dict[str, float]:
        """Each initiative's decision after the last run: the MIP's, or the relaxation's (on its copy)."""
        if self._relaxation is not None:
            columns = self._relaxation.getVars()
            return {i: columns[self._vars[c].index].X for i, c in self.column.items()}
        return {i: self._vars[c].X for i, c in self.column.items()}

    def objective_value(self) -> float:
        return self.model.ObjVal

    def variable_value(self, index: int) -> float:
        var = self._vars[index]
        return 0.0 if var is None else var.X


# CPLEX's live model holds the objective multiplied by this (cutoffs too; values and bounds come
# back divided): explanations of 24 initiatives (16 cut, 8 selected) of synthetic N = 200 seeds
# 1-5 took 0.95x, 0.88x, 0.97x, 1.01x and 0.99x the time, two interleaved runs each
# (`python bench/objective_scale.py --cplex`, 2026-11-26).
CPLEX_OBJECTIVE_SCALE = 1024.0


def _unscaled(outcome: Outcome, scale: float) -> Outcome:
    """An outcome of a live model that holds its objective multiplied by `scale`, as built."""
    return outcome if outcome.bound is None else outcome._replace(bound=outcome.bound / scale)


class CplexLiveSession(_EngineLiveSession):
    """A formulation kept in CPLEX and edited in place for each what-if, with the interface of
    `LiveSession` (HiGHS). A maximization here: values read back need no negation."""

    def __init__(self, model: Formulation):
        import cplex

        built = _PulpModel(model)
        command = _CplexStoppable(msg=False, threads=1)
        with _native_stdout_silenced(), contextlib.redirect_stdout(io.StringIO()):
            command.buildSolverModel(built.problem)
        self.model = c = built.problem.solverModel
        for stream in (c.set_log_stream, c.set_results_stream, c.set_warning_stream, c.set_error_stream):
            stream(None)
        c.parameters.threads.set(1)
        c.parameters.mip.tolerances.integrality.set(INTEGRALITY)
        self._cplex = cplex
        self._aborter = c.use_aborter(cplex.Aborter())
        columns = dict(zip(c.variables.get_names(), range(c.variables.get_num())))
        self._col = [columns.get(var.name) for var in built.variables]  # None: a variable in nothing
        row_index = dict(zip(c.linear_constraints.get_names(), range(c.linear_constraints.get_num())))
        self._row = [row_index[row.label] for row in model.rows]
        self._senses = [c.linear_constraints.get_senses(r) for r in self._row]  # "L" or "G"
        self._index(model)
        self.cost = {i: c.objective.get_linear(self._col[j]) for i, j in self.column.items()}  # as built
        self.objective_scale = CPLEX_OBJECTIVE_SCALE
        scaled = [(j, cost * self.objective_scale) for j, cost in enumerate(c.objective.get_linear()) if cost]
        if scaled:
            c.objective.set_linear(scaled)
        self.col_bounds = {j: (c.variables.get_lower_bounds(self._col[j]), c.variables.get_upper_bounds(self._col[j]))
                           for j in self.column.values()}
        inf = float("inf")
        rhs = c.linear_constraints.get_rhs()
        self.row_bounds = {n: ((-inf, rhs[self._row[n]]) if self._senses[n] == "L" else (rhs[self._row[n]], inf))
                           for rows in self.rows.values() for n in rows}

    def _limit(self, value: float) -> float:
        return max(-self._cplex.infinity, min(self._cplex.infinity, value))

    def fix_column(self, column: int, low: float, high: float) -> None:
        c, j, held = self.model, self._col[column], self.col_bounds[column]
        c.variables.set_lower_bounds(j, low)
        c.variables.set_upper_bounds(j, high)
        self._changed.append(lambda: (c.variables.set_lower_bounds(j, held[0]), c.variables.set_upper_bounds(j, held[1])))

    def set_row_bounds(self, row: int, low: float, high: float) -> None:
        c, r, (held_low, held_high) = self.model, self._row[row], self.row_bounds[row]
        less = self._senses[row] == "L"
        c.linear_constraints.set_rhs(r, self._limit(high if less else low))
        self._changed.append(lambda: c.linear_constraints.set_rhs(r, held_high if less else held_low))

    def scale_entry(self, entry: Entry, factor: float) -> None:
        c, r, j = self.model, self._row[entry.row], self._col[entry.column]
        c.linear_constraints.set_coefficients(r, j, entry.value * factor)
        self._changed.append(lambda: c.linear_constraints.set_coefficients(r, j, entry.value))

    def _new_spare(self) -> int:
        (column,) = self.model.variables.add(obj=[0.0], lb=[0.0], ub=[0.0])
        self._col.append(column)
        return len(self._col) - 1

    def set_spare_entry(self, row: int, value: float) -> None:
        c, r, j = self.model, self._row[row], self._col[self._spare]
        c.linear_constraints.set_coefficients(r, j, value)
        self._changed.append(lambda: c.linear_constraints.set_coefficients(r, j, 0.0))

    def spare_value(self) -> float:
        return self.model.solution.get_values(self._col[self._spare])

    def scale_cost(self, initiative: str, factor: float) -> None:
        c, j, cost = self.model, self._col[self.column[initiative]], self.cost[initiative] * self.objective_scale
        c.objective.set_linear(j, cost * factor)
        self._changed.append(lambda: c.objective.set_linear(j, cost))

    def run(self, *, mip: bool, time_limit: float | None, start=None, gap: float = 0.0,
            cutoff: float | None = None, target: float | None = None, presolve: bool = True) -> Outcome:
        import time

        cplex, c = self._cplex, self.model
        limit = 1e75 if time_limit is None else float(time_limit)
        if not mip:
            relaxed = cplex.Cplex(c)
            for stream in (relaxed.set_log_stream, relaxed.set_results_stream, relaxed.set_warning_stream):
                stream(None)
            relaxed.set_problem_type(relaxed.problem_type.LP)
            relaxed.parameters.timelimit.set(limit)
            aborter = relaxed.use_aborter(cplex.Aborter())
            with solver_run(), on_stop_request(aborter.abort):
                relaxed.solve()
            self._relaxation = relaxed  # the copy holds the values `selection_values` reads
            return _unscaled(self._outcome(relaxed, mip=False, target_reached_ok=False), self.objective_scale)
        self._relaxation = None
        params = c.parameters
        params.timelimit.set(limit)
        params.mip.tolerances.mipgap.set(gap)
        params.mip.tolerances.lowercutoff.set(-1e75 if cutoff is None else cutoff * self.objective_scale)
        params.mip.limits.solutions.set(1 if target is not None else 9223372036800000000)
        params.preprocessing.presolve.set(1 if presolve else 0)
        c.MIP_starts.delete()
        if start is not None:
            chosen = set(start)
            picks = [(self._col[j], 1.0 if i in chosen else 0.0) for i, j in self.column.items() if self._col[j] is not None]
            c.MIP_starts.add(cplex.SparsePair([p[0] for p in picks], [p[1] for p in picks]),
                             c.MIP_starts.effort_level.solve_MIP)
        started = time.perf_counter()
        with solver_run(), on_stop_request(self._aborter.abort):
            c.solve()
        self.seconds = time.perf_counter() - started
        self._aborter.clear()
        return _unscaled(self._outcome(c, mip=True, target_reached_ok=target is not None), self.objective_scale)

    def _outcome(self, c, mip: bool, target_reached_ok: bool) -> Outcome:
        s = c.solution
        status = s.get_status()
        codes = s.status
        if status in (codes.MIP_infeasible, codes.infeasible, codes.MIP_infeasible_or_unbounded,
                      codes.infeasible_or_unbounded):
            return Outcome(SolveStatus.INFEASIBLE, None, None)
        has_plan = s.is_primal_feasible() if status not in (codes.MIP_time_limit_infeasible,
                                                             codes.MIP_abort_infeasible) else False
        if not mip:
            if status == codes.optimal:
                return Outcome(SolveStatus.OPTIMAL, s.get_objective_value(), 0.0)
            return Outcome(SolveStatus.NO_PLAN if not has_plan else SolveStatus.TIME_LIMIT, None, None)
        if status in (codes.MIP_optimal, codes.optimal_tolerance) or (target_reached_ok and status == codes.solution_limit):
            return Outcome(SolveStatus.OPTIMAL, s.MIP.get_best_objective(), s.MIP.get_mip_relative_gap())
        if has_plan and status in (codes.MIP_time_limit_feasible, codes.MIP_abort_feasible, codes.solution_limit):
            return Outcome(SolveStatus.TIME_LIMIT, s.MIP.get_best_objective(), s.MIP.get_mip_relative_gap())
        if not has_plan and status in (codes.MIP_time_limit_infeasible, codes.MIP_abort_infeasible):
            return Outcome(SolveStatus.NO_PLAN, None, None)
        raise SolverError(f"CPLEX stopped with status {s.get_status_string()}")

    def selection_values(self) -> dict[str, float]:
        """Each initiative's decision after the last run: the MIP's, or the relaxation's (on its copy)."""
        values = (self.model if self._relaxation is None else self._relaxation).solution.get_values()
        return {i: (values[self._col[j]] if self._col[j] is not None else 0.0) for i, j in self.column.items()}

    def objective_value(self) -> float:
        return self.model.solution.get_objective_value() / self.objective_scale

    def variable_value(self, index: int) -> float:
        column = self._col[index]
        return 0.0 if column is None else self.model.solution.get_values(column)


class _CplexStoppable(pulp.CPLEX_PY):
    """PuLP's CPLEX, aborted at once on Ctrl-C or the deadline."""

    def callSolver(self, isMIP, callback=None):
        import cplex

        # Binaries within HiGHS's 1e-6 of 0 or 1, not CPLEX's default 1e-5: the plan check refuses
        # a decision of 1.6e-6 (seen on synthetic N = 200) as fractional.
        self.solverModel.parameters.mip.tolerances.integrality.set(INTEGRALITY)
        aborter = self.solverModel.use_aborter(cplex.Aborter())
        with on_stop_request(aborter.abort):
            super().callSolver(isMIP, callback)


class _GurobiStoppable(pulp.GUROBI):
    """PuLP's Gurobi, which polls the stop request from its callback."""

    def callSolver(self, lp, callback=None):
        def poll(model, where) -> None:
            if stop_requested():
                model.terminate()

        super().callSolver(lp, callback=poll)


def _stop_on_request(highs) -> None:
    """Let Ctrl-C stop a HiGHS run: HiGHS polls this callback, often, in simplex and MIP search."""

    def poll(callback_type, message, data_out, data_in, user_data) -> None:
        if stop_requested():
            data_in.user_interrupt = True

    import highspy

    highs.setCallback(poll, None)
    highs.startCallback(highspy.cb.HighsCallbackType.kCallbackMipInterrupt)
    highs.startCallback(highspy.cb.HighsCallbackType.kCallbackSimplexInterrupt)


class _HiGHSFromStart(pulp.HiGHS):
    """PuLP's HiGHS interface, stoppable by Ctrl-C, handing the solver a starting plan (the
    binaries only; HiGHS completes the rest) before it runs."""

    def __init__(self, start: dict | None, **options):
        super().__init__(**options)
        self.start = start or {}

    def callSolver(self, lp):
        _stop_on_request(lp.solverModel)
        # A variable in no constraint never reaches HiGHS and has no column to start.
        pairs = [(var.index, value) for var, value in self.start.items() if hasattr(var, "index")]
        if pairs:
            index, values = zip(*pairs)
            lp.solverModel.setSolution(len(index), np.array(index, dtype=np.int32), np.array(values, dtype=np.float64))
        super().callSolver(lp)


def _highs_outcome(highs, mip: bool, target_reached_ok: bool = False) -> Outcome:
    """The outcome of a HiGHS run. With an objective bound (cutoff) set, "nothing better than
    the cutoff" comes back as INFEASIBLE; with an objective target, reaching it counts as OPTIMAL
    (`target_reached_ok`): the question was whether such a plan exists."""
    import highspy

    status = highs.getModelStatus()
    info = highs.getInfo()
    codes = highspy.HighsModelStatus
    if status in (codes.kInfeasible, codes.kUnboundedOrInfeasible, codes.kObjectiveBound):
        return Outcome(SolveStatus.INFEASIBLE, None, None)
    has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
    # PuLP hands HiGHS a minimization (objective negated), so the bound comes back negated.
    bound = -(info.mip_dual_bound if mip else info.objective_function_value)
    if status == codes.kOptimal or (target_reached_ok and status == codes.kObjectiveTarget):
        return Outcome(SolveStatus.OPTIMAL, bound, info.mip_gap if mip else 0.0)
    if has_plan and status in (codes.kTimeLimit, codes.kInterrupt, codes.kIterationLimit):
        if not math.isfinite(bound):  # stopped before the root LP: nothing proven yet
            return Outcome(SolveStatus.TIME_LIMIT, None, None)
        return Outcome(SolveStatus.TIME_LIMIT, bound, info.mip_gap)
    if not has_plan and status == codes.kTimeLimit:
        return Outcome(SolveStatus.NO_PLAN, None, None)
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


@dataclass
class Entry:
    """One coefficient of the matrix as built: (row, column, value)."""

    row: int
    column: int
    value: float


# HiGHS on what-ifs, models a step from one already solved: without restarts it answered forced
# re-solves in a median 0.73x the time on synthetic N = 200 seeds 1-5 (4 of 5 faster; seed 4,
# 1.39x), explained multi-team-q4 in 0.58x (bench/highs_options.py), and checked trade-offs (a
# model built anew with the impact factor a variable) in 0.72-0.97x on seeds 1-5 and multi-team-q4.
WHATIF_HIGHS_OPTIONS = {"mip_allow_restart": False}
FEASIBILITY_JUMP = "mip_heuristic_run_feasibility_jump"  # HiGHS's option, set on each what-if's run


def feasibility_jump(start) -> bool:
    """Whether a what-if's HiGHS run should use the feasibility jump, a heuristic that looks for a
    first plan (about 3 ms a run whatever the model's size): only when it is given none to start
    from. With this rule the bundled scenarios' explanations (nearly every run started) took
    0.60-0.82x the time; at N = 200 forced re-solves and decisions without the jump were unchanged
    (medians 0.88x and 1.01x), but a capacity frontier's levels, which start from nothing, took
    1.12-1.15x on seed 3 (bench/README.md). The plan's own solve keeps HiGHS's default."""
    return start is None


CUT_POOL = "mip_pool_soft_limit"  # HiGHS's option (its default 10,000), set on each what-if's run


def cut_pool(cutoff: float | None = None, target: float | None = None, from_nothing: bool = False) -> int:
    """How many cuts a what-if's HiGHS run keeps in its pool: 10,000 (HiGHS's default) for a
    decision (a cutoff or a target); 2,000 when it optimizes from a plan (a forced re-solve, a
    price) or on a model built anew; 500 when a live model optimizes from nothing (a capacity
    frontier's level). Measured at N = 200 on seeds 1-5. 2,000 against 10,000, with HiGHS
    `random_seed` 0-2: `planner frontier` end to end, interleaved, took less time in 13 of 15
    runs (279.8 → 263.4 s in all); forced re-solves a median 0.90-0.96x per seed; decisions
    0.98-1.15x, so they keep the default, as does the plan's own solve. 500 against 2,000: the 21
    levels 0.77-0.99x on every seed; forced re-solves 0.81-1.14x, two seeds slower, so they keep
    2,000 (bench/README.md)."""
    if cutoff is not None or target is not None:
        return 10000
    return 500 if from_nothing else 2000


# A point model's objective scaled by 2 ** this: at N = 200 a frontier's level solves took a
# median 0.85x the time and forced re-solves 0.79x (bench/objective_scale.py), the plan's own
# solve, on a model built anew, 0.91x (0.65-1.18x, seeds 1-5 x HiGHS seeds 0-2; HiGHS's
# `user_objective_scale`, values and bounds reported unscaled), and decisions 0.84x, 0.81x,
# 0.72x, 0.59x and 0.78x (seeds 1-5, 24 each, the same verdicts; `--decisions`, 2026-11-26).
# On the bundled scenarios' sample-average models it was 1.02-1.11x slower (decisions 1.10x), so
# those stay as built. The live model holds its costs multiplied by hand
# (`LiveSession.objective_scale`), cutoffs and targets too, and divides what it reads back:
# HiGHS 1.16 compares `objective_bound` and `objective_target` with the objective it scaled
# itself, so a decision under `user_objective_scale` would depend on that version's reading.
OPTIMIZING_OBJECTIVE_SCALE = 10


class LiveSession:
    """A formulation loaded once into HiGHS, edited in place and run again for each what-if.

    Columns and rows are addressed by initiative id and by the domain `Constraint` they
    belong to; every edit is undone by `restore()`. HiGHS minimizes the negated objective, so
    values read back are negated here and nowhere else."""

    def __init__(self, model: Formulation):
        built = _PulpModel(model)
        command = pulp.HiGHS(msg=False, threads=1, random_seed=0)
        with _native_stdout_silenced():
            command.createAndConfigureSolver(built.problem)
        command.buildSolverModel(built.problem)
        self.highs = built.problem.solverModel
        self.objective_scale = 2.0 ** OPTIMIZING_OBJECTIVE_SCALE if model.point else 1.0
        for option, value in WHATIF_HIGHS_OPTIONS.items():
            self.highs.setOptionValue(option, value)
        _stop_on_request(self.highs)
        self._engine_column = [var.index for var in built.variables]  # by the formulation's variable index
        self.column = {i: self._engine_column[var.index] for i, var in model.pick.items()}
        self.rows: dict[Constraint, list[int]] = {}
        for row, constraint in zip(model.rows, built.constraints):
            self.rows.setdefault(row.constraint, []).append(constraint.index)
        self._model_rows = [(row, constraint.index) for row, constraint in zip(model.rows, built.constraints)]
        self._initiative_of = {var.index: i for i, var in model.pick.items()}
        # highspy copies a whole array on every attribute read (`lp.col_lower_[c]` is O(columns)),
        # so each array is read once: reading them per column took 160 s at N = 5,000.
        lp = self.highs.getLp()
        cost, col_lower, col_upper = list(lp.col_cost_), list(lp.col_lower_), list(lp.col_upper_)
        row_lower, row_upper = list(lp.row_lower_), list(lp.row_upper_)
        self.cost = {i: cost[c] for i, c in self.column.items()}  # as built (HiGHS holds them scaled)
        if self.objective_scale != 1.0:
            scaled = [(c, value * self.objective_scale) for c, value in enumerate(cost) if value]
            if scaled:
                index, values = zip(*scaled)
                self.highs.changeColsCost(len(index), np.array(index, dtype=np.int32), np.array(values, dtype=np.float64))
            if lp.offset_:
                self.highs.changeObjectiveOffset(lp.offset_ * self.objective_scale)
        self.col_bounds = {c: (col_lower[c], col_upper[c]) for c in self.column.values()}
        self.row_bounds = {r: (row_lower[r], row_upper[r]) for rows in self.rows.values() for r in rows}
        self.seconds = 0.0  # of the last run
        self._changed_cols: set[int] = set()
        self._changed_rows: set[int] = set()
        self._changed_coeffs: list[Entry] = []
        self._changed_costs: set[int] = set()
        self._spare: int | None = None  # `spare_column`

    def entries(self, which: Callable[[Constraint], bool]) -> dict[str, list[Entry]]:
        """Where each initiative's coefficients sit in the rows of the constraints `which` picks."""
        out: dict[str, list[Entry]] = {i: [] for i in self.column}
        for row, index in self._model_rows:
            if not which(row.constraint):
                continue
            for variable, coefficient in row.inequality.expression.terms.items():
                initiative = self._initiative_of.get(variable)
                if initiative is not None and coefficient:
                    out[initiative].append(Entry(index, self.column[initiative], coefficient))
        return out

    # -- edits, each undone by `restore` --

    def fix_column(self, column: int, low: float, high: float) -> None:
        self.highs.changeColBounds(column, low, high)
        self._changed_cols.add(column)

    def spare_column(self) -> int:
        """A continuous column in no row, with bounds [0, 0] and no cost, made on first use and
        kept: a variable a what-if may give coefficients and bounds (`set_spare_entry`,
        `fix_column`), all undone by `restore`. (The fraction of an initiative's effort, for one.)"""
        if self._spare is None:
            self.highs.addCol(0.0, 0.0, 0.0, 0, np.array([], dtype=np.int32), np.array([], dtype=np.float64))
            self._spare = self.highs.getNumCol() - 1
            self.col_bounds[self._spare] = (0.0, 0.0)
        return self._spare

    def set_spare_entry(self, row: int, value: float) -> None:
        self.highs.changeCoeff(row, self._spare, value)
        self._changed_coeffs.append(Entry(row, self._spare, 0.0))

    def spare_value(self) -> float:
        return self.highs.getSolution().col_value[self._spare]

    def set_row_bounds(self, row: int, low: float, high: float) -> None:
        self.highs.changeRowBounds(row, low, high)
        self._changed_rows.add(row)

    def scale_entry(self, entry: Entry, factor: float) -> None:
        self.highs.changeCoeff(entry.row, entry.column, entry.value * factor)
        self._changed_coeffs.append(entry)

    def scale_cost(self, initiative: str, factor: float) -> None:
        self.highs.changeColCost(self.column[initiative], self.cost[initiative] * factor * self.objective_scale)
        self._changed_costs.add(self.column[initiative])

    def restore(self) -> None:
        h = self.highs
        for c in self._changed_cols:
            h.changeColBounds(c, *self.col_bounds[c])
        for r in self._changed_rows:
            h.changeRowBounds(r, *self.row_bounds[r])
        for e in self._changed_coeffs:
            h.changeCoeff(e.row, e.column, e.value)
        costs = {c: i for i, c in self.column.items()}
        for c in self._changed_costs:
            h.changeColCost(c, self.cost[costs[c]] * self.objective_scale)
        self._changed_cols, self._changed_rows, self._changed_coeffs, self._changed_costs = set(), set(), [], set()

    # -- runs --

    def run(self, *, mip: bool, time_limit: float | None, start=None, gap: float = 0.0,
            cutoff: float | None = None, target: float | None = None, presolve: bool = True) -> Outcome:
        """Run HiGHS on the model as edited. `start`: initiative ids to begin from; `cutoff`
        and `target` are on the maximized value (a plan must beat `cutoff`; reaching `target`
        ends the run). `presolve=False` skips HiGHS's presolve for this run (to re-check an
        answer the evaluator refuted)."""
        import time

        h = self.highs
        whole = self._whole_solution(start, time_limit) if mip and start is not None else None  # before the options below
        inf = float("inf")
        h.setOptionValue("presolve", "choose" if presolve else "off")
        h.setOptionValue(FEASIBILITY_JUMP, feasibility_jump(start))
        h.setOptionValue(CUT_POOL, cut_pool(cutoff, target, from_nothing=start is None))
        h.setOptionValue("solve_relaxation", not mip)
        h.setOptionValue("mip_rel_gap", gap)
        h.setOptionValue("objective_bound", inf if cutoff is None else -cutoff * self.objective_scale)
        h.setOptionValue("objective_target", -inf if target is None else -target * self.objective_scale)
        # HiGHS 1.16 applies the limit per run to a MIP but to the object's whole life (its
        # cumulative run time) for an LP: each question gets `time_limit` either way.
        h.setOptionValue("time_limit", inf if time_limit is None else float(time_limit) + (0.0 if mip else h.getRunTime()))
        if whole is not None:
            h.setSolution(whole)
        elif mip and start is not None and presolve:  # it breaks a constraint: HiGHS may still repair it
            # (Not without presolve: HiGHS 1.16 then ends a decision on the broken start itself, as
            # if it reached the target.)
            chosen = set(start)
            index = np.array(list(self.column.values()), dtype=np.int32)
            values = np.array([1.0 if i in chosen else 0.0 for i in self.column], dtype=np.float64)
            h.setSolution(len(index), index, values)
        started = time.perf_counter()
        with solver_run():
            h.run()
        self.seconds = time.perf_counter() - started  # for the plan's solve report
        return _unscaled(_highs_outcome(h, mip, target_reached_ok=target is not None), self.objective_scale)

    def selection_values(self) -> dict[str, float]:
        """Each initiative's decision value after a run."""
        values = self.highs.getSolution().col_value
        return {i: values[c] for i, c in self.column.items()}

    def objective_value(self) -> float:
        """The maximized objective after a run (tie-break included)."""
        return -self.highs.getInfo().objective_function_value / self.objective_scale

    def variable_value(self, index: int) -> float:
        """One variable's value after a MIP run, by its index in the formulation."""
        return self.highs.getSolution().col_value[self._engine_column[index]]

    def _whole_solution(self, selection, time_limit: float | None):
        """The selection as a whole solution (its binaries, and the continuous columns at their
        best for them: an LP with the binaries fixed), or None if it breaks a constraint.
        HiGHS takes a whole solution up at once; given the binaries alone it must complete them
        itself, which a short time limit cuts off (measured: not within 0.5 s at N = 200)."""
        h = self.highs
        chosen = set(selection)
        lp = h.getLp()
        lower, upper = list(lp.col_lower_), list(lp.col_upper_)  # read once: each read copies the array
        held = {c: (lower[c], upper[c]) for c in self.column.values()}
        fixed = {c: 1.0 if i in chosen else 0.0 for i, c in self.column.items()}
        if any(not held[c][0] <= value <= held[c][1] for c, value in fixed.items()):
            return None  # against a forced initiative
        try:
            for c, value in fixed.items():
                h.changeColBounds(c, value, value)
            outcome = self.run(mip=False, time_limit=time_limit)
            return h.getSolution() if outcome.status is SolveStatus.OPTIMAL else None
        finally:
            for c, (low, high) in held.items():
                h.changeColBounds(c, low, high)
