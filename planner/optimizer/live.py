"""Loops of what-ifs on one model, edited in place: explanations, prices and frontiers.

Explanations and frontiers solve the same model hundreds of times with one initiative forced
or rescaled, or capacities changed. Rebuilding the model each time costs more than most of
those solves, so a `LiveModel` keeps it live in the engine (`Backend.live`), edits bounds and
coefficients for each what-if, runs, and puts them back. Every plan still goes through the
evaluator (`checked_plan`). The answers are those of `optimize` on the edited scenario (tests
check it); an engine with no live model (CBC) falls back to `optimize` on every call.
"""

from __future__ import annotations

import contextlib
from functools import cached_property
import functools
import time
from collections.abc import Iterable
from typing import NamedTuple

from planner.constraints import Constraint, ConstraintKind
from planner.errors import InfeasibleError, SolverError
from planner.evaluation import evaluate
from planner.model import Scenario
from planner.optimizer.backends import Outcome, backend_for
from planner.optimizer.edits import Edits
from planner.optimizer.formulation import (EFFORT_TIEBREAK, carries_effort, effort_fraction_model,
                                          factor_only_loosens, formulate, impact_factor_model,
                                          initiatives_less_effort_only_helps, initiatives_more_impact_only_helps)
from planner.optimizer.solve import checked_plan, lp_bound, optimize, sample_value, sampled_model, time_limit_hit
from planner.results import Plan, SolveReport, SolveStatus
from planner.settings import Settings


class FactorWitness(NamedTuple):
    """A plan with an initiative in that beats a value at some factor on its impacts (or on its
    effort)."""

    selection: tuple[str, ...]
    factor: float  # the factor that the engine found it at


class LiveModel:
    """One scenario's model, built once and kept live for a loop of what-ifs.

    >>> from planner.loading import load_scenario
    >>> live = LiveModel(load_scenario("scenarios/onboarding-q3.yaml"), Settings(objective="point"))
    >>> round(live.solve(Edits(force_in=("sample-data",))).value, 4)
    0.5156
    >>> live.beats(0.61, Edits(force_in=("sample-data",))) is None  # no plan with it reaches 61%
    True
    """

    def __init__(self, scenario: Scenario, settings: Settings = Settings(), deadline: float | None = None):
        self.scenario, self.settings = scenario, settings
        # Wall-clock time (`time.time()`) no question may run past: each gets the time left to it
        # when that is less than its time limit (an explanation's budget; None: no such time).
        self.deadline = deadline
        self.sampled = sampled_model(scenario, settings)
        backend = backend_for(settings.solver)
        self.in_place = False
        if backend.keeps_models_live:
            model = formulate(scenario, samples=self.sampled, risk=settings.risk)
            session = backend.live(model)
            if session is not None:  # `auto` rebuilds for an engine faster than HiGHS kept live
                self.in_place, self.session = True, session
                self.engine = {"GurobiLiveSession": "gurobi", "CplexLiveSession": "cplex"}.get(type(session).__name__,
                                                                                                "highs")
                self.impact_entries = self.session.entries(lambda c: c.kind is ConstraintKind.PROGRESS)
                self.effort_entries = self.session.entries(carries_effort)
                self._more_impact_helps = initiatives_more_impact_only_helps(model)  # what these entries say

    def _edits_in_place(self, edits: Edits) -> bool:
        """Whether the live model can take these edits. Rescaled impacts rescale the progress
        rows; a guardrail that KR impacts reach through driver links mixes those with its own
        direct effects in one coefficient, so such an edit is answered on a model built anew."""
        return self.in_place and not (edits.impacts and self._chain_reaches_guardrails)

    @cached_property
    def _chain_reaches_guardrails(self) -> bool:
        guardrails = {g.id for g in self.scenario.guardrails}
        return any(d.target in guardrails for d in self.scenario.drivers)

    @property
    def time_limit(self) -> float | None:
        """The time limit of the next question: the settings', or the time left to `deadline`
        if that is sooner (none left: a question is undecided at once)."""
        limit = self.settings.time_limit
        if self.deadline is None:
            return limit
        left = max(0.0, self.deadline - time.time())
        return left if limit is None else min(limit, left)

    # -- questions --

    def solve(self, edits: Edits = Edits(), start: Iterable[str] | None = None) -> Plan | None:
        """The best plan under the edits, or None when there is none. At the time limit, the
        best plan found, with status TIME_LIMIT and its proven bound; `Undecided` if none."""
        if not self._edits_in_place(edits):
            return self._fallback(edits, start)
        if start is None and self.sampled is not None:  # as `optimize` does: start from the point plan
            self._point_model.deadline = self.deadline  # its start is part of the question's time
            start = self._point_model.solve(edits)
            if start is None:
                return None
            start = start.selected
        with self._edited(edits):
            for presolve in (True, False):
                gap = self.settings.gap if self.sampled is None else self.settings.sampled_gap
                outcome = self.session.run(mip=True, time_limit=self.time_limit, start=start, gap=gap,
                                           presolve=presolve)
                if outcome.status is SolveStatus.NO_PLAN and start is not None:
                    return self._start_plan(edits, start)  # cut short before the engine took the start up
                try:
                    return self._plan(edits, outcome)
                except SolverError:  # HiGHS 1.16's presolve can hand back another plan's columns: re-check without
                    if not presolve:
                        raise
        raise AssertionError("unreachable")

    def beats(self, threshold: float, edits: Edits = Edits(), start: Iterable[str] | None = None) -> Plan | None:
        """A plan under the edits whose value exceeds `threshold`, or None when none does.

        A decision, not an optimization: the solver stops at the first such plan, or once its
        bound proves there is none; `Undecided` if the time limit comes first. The plan is a
        witness, not an optimum: its value is real, but its solve report's bound and gap say
        nothing about the best plan."""
        if not self._edits_in_place(edits):
            plan = self._fallback(edits, start)
            unproven = plan is not None and plan.solve.status is SolveStatus.TIME_LIMIT and (
                plan.solve.bound is None or plan.solve.bound > threshold)
            if unproven and plan.value <= threshold:
                raise time_limit_hit("could not decide a what-if", self.time_limit, whatif=True)
            return plan if plan is not None and plan.value > threshold else None
        with self._edited(edits):
            for presolve in (True, False):
                # The tie-break is at most EFFORT_TIEBREAK.
                outcome = self.session.run(mip=True, time_limit=self.time_limit, start=start, gap=0.0,
                                           cutoff=threshold, target=threshold + EFFORT_TIEBREAK, presolve=presolve)
                if outcome.status in (SolveStatus.TIME_LIMIT, SolveStatus.NO_PLAN):
                    raise time_limit_hit("could not decide a what-if", self.time_limit, whatif=True)
                try:
                    plan = self._plan(edits, outcome) if outcome.status is not SolveStatus.INFEASIBLE else None
                except SolverError:  # as in `solve`: re-check without presolve
                    if not presolve:
                        raise
                    continue
                return plan if plan is not None and plan.value > threshold else None
        raise AssertionError("unreachable")

    def bound(self, edits: Edits = Edits()) -> float:
        """The LP relaxation's optimum under the edits: no plan can do better (-inf: none at all;
        `Undecided` if the time limit comes first)."""
        if not self.in_place:
            self._time_left("the LP relaxation hit the time limit")  # quick, but none is left
            return lp_bound(edits.scenario(self.scenario), self.settings, edits)
        with self._edited(edits):
            outcome = self.session.run(mip=False, time_limit=self.time_limit)
        if outcome.status is SolveStatus.INFEASIBLE:
            return float("-inf")
        if outcome.status in (SolveStatus.TIME_LIMIT, SolveStatus.NO_PLAN):
            raise time_limit_hit("the LP relaxation hit the time limit", self.time_limit)
        if outcome.status is not SolveStatus.OPTIMAL or outcome.bound is None:
            raise SolverError(f"LP relaxation ended with status {outcome.status}")
        return outcome.bound + EFFORT_TIEBREAK

    def relaxed_selection(self, edits: Edits = Edits()) -> dict[str, float] | None:
        """Each initiative's decision in the LP relaxation's optimum under the edits (between 0
        and 1), or None when there is no plan at all or the model is not kept live (`Undecided`
        if the time limit comes first)."""
        if not self.in_place:
            return None
        with self._edited(edits):
            outcome = self.session.run(mip=False, time_limit=self.time_limit)
            if outcome.status is SolveStatus.INFEASIBLE:
                return None
            if outcome.status in (SolveStatus.TIME_LIMIT, SolveStatus.NO_PLAN):
                raise time_limit_hit("the LP relaxation hit the time limit", self.time_limit)
            return self.session.selection_values()

    def more_impact_only_helps(self, initiative_id: str) -> bool:
        """Whether scaling up one initiative's impacts can only make plans with it better: in
        the model, every coefficient the factor carries (`impact_factor_model`: direct and
        through driver links, in every sample, on KRs and guardrails) loosens its row. Then
        whether it is in is monotone in the factor; a trade-off (it also hurts a KR, or pushes
        a guardrail toward its level) is not."""
        if self._edits_in_place(Edits(impacts=((initiative_id, 2.0),))):  # its progress rows are what rescales
            return initiative_id in self._more_impact_helps
        model, factor = impact_factor_model(self.scenario, initiative_id, 2.0, samples=self.sampled,
                                            risk=self.settings.risk)
        return factor_only_loosens(model, factor)

    def less_effort_only_helps(self, initiative_id: str) -> bool:
        """Whether cutting this initiative's effort can only help plans with it fit
        (`formulation.initiatives_less_effort_only_helps`, read once per scenario)."""
        return initiative_id in self._less_effort_only_helps

    @cached_property
    def _less_effort_only_helps(self) -> frozenset[str]:  # the point model: effort is the same in every sample
        return initiatives_less_effort_only_helps(formulate(self.scenario))

    def beats_at_some_impact_factor(self, initiative_id: str, upper: float, threshold: float) -> FactorWitness | None:
        """A plan with one initiative in whose value exceeds `threshold` at some factor in
        [1, `upper`] on its impacts, with that factor; None when no plan does at any factor in the
        range (`Undecided` if the time limit comes first). Whether some factor up to `upper`
        brings it in is monotone in `upper`, where being in at a given factor need not be.

        One decision (as `beats`: the engine stops at the first such plan, or once its bound
        proves there is none) with the factor a variable: on the live model, the initiative's
        impact coefficients moved onto the spare column (`_beats_on_the_spare`); where the live
        model cannot take its rescaled impacts (`_edits_in_place`), on `impact_factor_model`
        loaded for the question, or optimized by an engine that keeps no model live."""
        if not self._edits_in_place(Edits(impacts=((initiative_id, upper),))):
            model, factor = impact_factor_model(self.scenario, initiative_id, upper, samples=self.sampled,
                                                risk=self.settings.risk)
            return self._beats_on_factor_model(model, factor, threshold)
        return self._beats_on_the_spare(initiative_id, self.impact_entries[initiative_id], 1.0, upper, threshold)

    def beats_at_some_effort_fraction(self, initiative_id: str, lower: float, threshold: float,
                                      held: Edits = Edits()) -> FactorWitness | None:
        """A plan with one initiative in whose value exceeds `threshold` at some fraction of its
        effort in [`lower`, 1], with that fraction; None when no plan does at any fraction in the
        range (`Undecided` if the time limit comes first). Monotone in `lower`, as
        `beats_at_some_impact_factor` is in its upper end, and decided the same way: its effort
        coefficients on the spare column (`effort_fraction_model` where no model is kept live).

        `held`: other initiatives held in or out as well (their `force_in` and `force_out`), to
        search a neighbourhood of a known plan; a plan found still holds for the question, but
        None then says only that the neighbourhood has none. Only on a live model."""
        if not self.in_place:
            if held != Edits():
                raise ValueError("a neighbourhood is searched on a live model only")
            model, fraction = effort_fraction_model(self.scenario, initiative_id, lower, samples=self.sampled,
                                                    risk=self.settings.risk)
            return self._beats_on_factor_model(model, fraction, threshold)
        return self._beats_on_the_spare(initiative_id, self.effort_entries[initiative_id], lower, 1.0, threshold,
                                        held)

    def _beats_on_the_spare(self, initiative_id: str, entries, low: float, high: float,
                            threshold: float, held: Edits = Edits()) -> FactorWitness | None:
        """One decision on the live model with one initiative forced in (and what `held` holds
        in or out) and a factor on some of its coefficients (`entries`, as built) a variable in
        [`low`, `high`]: the coefficients move onto the session's spare column, which is the
        factor; all undone after."""
        limit = self._time_left("could not decide a what-if")
        session = self.session
        factor = session.spare_column()
        with self._edited(Edits(force_in=(initiative_id, *held.force_in), force_out=held.force_out)):
            for entry in entries:
                session.scale_entry(entry, 0.0)
                session.set_spare_entry(entry.row, entry.value)
            session.fix_column(factor, low, high)
            return self._factor_decision(session, threshold, limit, session.spare_value)

    def _beats_on_factor_model(self, model, factor, threshold: float) -> FactorWitness | None:
        """Whether some plan of a model with a factor variable (`impact_factor_model`,
        `effort_fraction_model`) beats `threshold`: one decision on the model loaded for this
        question into this model's engine, or an optimizing run on an engine that keeps no
        model live."""
        limit = self._time_left("could not decide a what-if")
        session = backend_for(self.settings.solver).live(model) if self.in_place else None
        if session is None:
            return self._optimized_factor_witness(model, factor, threshold, limit)
        return self._factor_decision(session, threshold, limit, lambda: session.variable_value(factor.index))

    def _factor_decision(self, session, threshold: float, limit: float | None, factor_value) -> FactorWitness | None:
        """One decision on a session whose model has a factor variable: the plan found above
        `threshold` with the factor's value (`factor_value()`), or None when there is none."""
        outcome = session.run(mip=True, time_limit=limit, gap=0.0, cutoff=threshold,
                              target=threshold + EFFORT_TIEBREAK)  # the tie-break is at most EFFORT_TIEBREAK
        if outcome.status is SolveStatus.INFEASIBLE:
            return None
        if outcome.status is not SolveStatus.OPTIMAL:
            raise time_limit_hit("could not decide a what-if", self.time_limit, whatif=True)
        if session.objective_value() + EFFORT_TIEBREAK <= threshold:  # finished with nothing above the cutoff
            return None
        selection = tuple(i for i, v in session.selection_values().items() if v > 0.5)
        return FactorWitness(selection, factor_value())

    def _optimized_factor_witness(self, model, factor, threshold: float, limit: float | None) -> FactorWitness | None:
        """`beats_at_some_impact_factor` by optimizing, on an engine that keeps no model live."""
        gap = self.settings.gap if self.sampled is None else self.settings.sampled_gap
        solution = backend_for(self.settings.solver).solve(model, limit, gap, whatif=True)
        outcome, values = solution.outcome, solution.values
        if outcome.status is SolveStatus.INFEASIBLE:
            return None
        value = None if outcome.status is SolveStatus.NO_PLAN else model.value.at(values)
        if value is not None and value > threshold:
            return FactorWitness(tuple(i for i, var in model.pick.items() if (values[var.index] or 0.0) > 0.5),
                                 values[factor.index])
        proven = outcome.status is SolveStatus.OPTIMAL  # to the gap: the bound settles what the plan does not
        if (outcome.bound is not None and outcome.bound + EFFORT_TIEBREAK <= threshold) or (proven and value is not None
                                                                                           and value <= threshold):
            return None
        raise time_limit_hit("could not decide a what-if", self.time_limit, whatif=True)

    def value(self, selection: Iterable[str], edits: Edits = Edits()) -> float | None:
        """The objective of a selection under the edits, or None if it breaks a constraint (no solver)."""
        scenario = edits.scenario(self.scenario)
        selection = list(selection)
        evaluation = evaluate(scenario, selection)
        if not evaluation.feasible or not edits.respected_by(selection):
            return None
        return evaluation.score if self.sampled is None else sample_value(self.sampled.variant(scenario), selection,
                                                                          self.settings.risk)

    # -- machinery --

    @functools.cached_property
    def _point_model(self) -> LiveModel:
        """The point model, whose plan starts the sample-average model's re-solves."""
        return LiveModel(self.scenario, self.settings.for_point_model())

    def _fallback(self, edits: Edits, start) -> Plan | None:
        """The question on a model built anew (an engine that keeps no model live, or an edit the
        live model cannot take), in the same time as a live question: the time left to the
        deadline when that is sooner than the limit."""
        limit = self._time_left("could not answer a what-if")
        settings = self.settings if limit == self.settings.time_limit else self.settings.replace(time_limit=limit)
        try:
            return optimize(self.scenario, settings, edits, start=start if self.sampled is not None else None)
        except InfeasibleError:
            return None

    def _time_left(self, what: str) -> float | None:
        """`time_limit`, or `Undecided` at once when the deadline has passed."""
        limit = self.time_limit
        if limit is not None and limit <= 0:
            raise time_limit_hit(what, self.settings.time_limit, whatif=True)
        return limit

    @contextlib.contextmanager
    def _edited(self, edits: Edits):
        session, scenario = self.session, self.scenario
        inf = float("inf")
        try:
            if not edits.split:
                for name, rows in session.rows.items():
                    if name.kind is ConstraintKind.SPLIT:
                        for r in rows:
                            session.set_row_bounds(r, -inf, inf)
            for x in scenario.initiatives:
                if x.commit is not None and (not edits.commitments or x.id in edits.released):
                    for r in session.rows[Constraint.commit(x.id)]:
                        session.set_row_bounds(r, -inf, inf)
            for g in edits.lifted_guardrails:
                for r in session.rows.get(Constraint.guardrail(g), ()):
                    session.set_row_bounds(r, -inf, inf)
            for i in edits.force_in:
                session.fix_column(session.column[i], 1.0, 1.0 if i not in edits.force_out else 0.0)
            for i in edits.force_out:
                if i not in edits.force_in:
                    session.fix_column(session.column[i], 0.0, 0.0)
            for i, factor in edits.impacts:
                for entry in self.impact_entries[i]:
                    session.scale_entry(entry, factor)
            for i, factor in edits.effort:
                for entry in self.effort_entries[i]:
                    session.scale_entry(entry, factor)
                session.scale_cost(i, factor)
            for team, capacity in edits.capacity:
                (row,) = session.rows[Constraint.capacity(team)]
                session.set_row_bounds(row, session.row_bounds[row][0], capacity)
            yield
        finally:
            session.restore()

    def _plan(self, edits: Edits, outcome: Outcome) -> Plan | None:
        if outcome.status is SolveStatus.INFEASIBLE:
            return None
        if outcome.status is SolveStatus.NO_PLAN:
            raise time_limit_hit("HiGHS found no plan", self.time_limit, whatif=True)
        values = self.session.selection_values()
        factors = dict(edits.effort)
        # The objective is the value less the effort tie-break: each pick's cost, in the engine's sense
        # (HiGHS minimizes the negated objective, CPLEX and Gurobi maximize), so its size.
        tiebreak = sum(abs(self.session.cost[i]) * factors.get(i, 1.0) for i, v in values.items() if v > 0.5)
        scenario = edits.scenario(self.scenario)
        sampled = None if self.sampled is None else self.sampled.variant(scenario)
        return checked_plan(scenario, edits, values, sampled, self.settings,
                            claimed=self.session.objective_value() + tiebreak, outcome=outcome,
                            solver=self.engine, build_seconds=0.0, solve_seconds=self.session.seconds)

    def _start_plan(self, edits: Edits, start: Iterable[str]) -> Plan:
        """The starting plan as the answer of a run cut short before any other plan: no bound,
        so its value is only what is surely reachable. `Undecided` if it breaks a constraint."""
        chosen = set(start)
        selection = [i for i in self.session.column if i in chosen]
        value = self.value(selection, edits)
        if value is None:
            raise time_limit_hit("HiGHS found no plan", self.time_limit, whatif=True)
        evaluation = evaluate(edits.scenario(self.scenario), selection)
        s = self.settings
        return Plan(evaluation, SolveReport(SolveStatus.TIME_LIMIT, self.engine, None, None, 0.0, self.session.seconds),
                    objective=s.objective, risk=s.risk, samples=0 if self.sampled is None else s.samples, seed=s.seed,
                    in_sample_value=None if self.sampled is None else value)
