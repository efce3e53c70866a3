"""Why no plan exists: elastic models that let one kind of constraint bend at a time."""

from __future__ import annotations

from planner.constraints import Constraint, ConstraintKind
from planner.diagnosis import Diagnosis, Relaxation, RelaxationStep
from planner.model import Commitment, Scenario, Tier
from planner.optimizer.backends import backend_for
from planner.optimizer.edits import Edits
from planner.optimizer.formulation import RELAXABLE, formulate
from planner.settings import Solver

DIAGNOSIS_TIME_LIMIT = 30.0  # seconds per elastic model
DIAGNOSIS_GAP = 1e-6


def diagnose(scenario: Scenario, edits: Edits = Edits(), solver: Solver = Solver.HIGHS) -> Diagnosis:
    """Which constraints conflict, and the smallest relaxation of each kind that fixes it.

    For each kind of constraint (capacity and caps, commitments, split bands, objective
    minimums, guardrails) an elastic model lets only that kind bend, at a cost per unit of bending, and
    finds the least bending that admits a plan.
    """
    scenario = edits.scenario(scenario)
    backend = backend_for(solver)
    relaxations = []
    for family in RELAXABLE:
        model = formulate(scenario, edits, elastic=frozenset({family}))
        if not model.slacks:
            continue
        solution = backend.solve(model, DIAGNOSIS_TIME_LIMIT, DIAGNOSIS_GAP)
        if not solution.outcome.status.is_ok:
            continue
        amounts = [(s.constraint, solution.values[s.variable.index] or 0.0) for s in model.slacks]
        bent = [(name, amount) for name, amount in amounts if amount > 1e-6]
        if bent:
            picked = [i for i, var in model.pick.items() if (solution.values[var.index] or 0.0) > 0.5]
            relaxations.append(Relaxation(family, _steps(scenario, bent, picked)))
    conflicting = sorted({c for r in relaxations for c in r.constraints}
                         | {Constraint.commit(x.id) for x in scenario.initiatives if x.commit is Commitment.IN}
                         | {Constraint.commit(i) for i in edits.force_in})
    return Diagnosis(tuple(conflicting), tuple(relaxations))


def _steps(scenario: Scenario, bent: list[tuple[Constraint, float]], picked: list[str]) -> tuple[RelaxationStep, ...]:
    merged: dict[Constraint, float] = {}
    for name, amount in bent:
        merged[name] = merged.get(name, 0.0) + amount
    steps = []
    for name, amount in sorted(merged.items()):
        if name.kind is ConstraintKind.SPLIT:
            chosen = [scenario.initiative(i) for i in picked]
            total = sum(x.total_effort for x in chosen) or 1.0
            tier = Tier(name.subject)
            share = sum(x.total_effort for x in chosen if x.tier is tier) / total
            steps.append(RelaxationStep(name, amount, share=share, band=scenario.split.band(tier)))
        elif name.kind is ConstraintKind.MIN_ATTAINMENT:
            steps.append(RelaxationStep(name, amount, floor=scenario.objective(name.subject).min_attainment or 0.0))
        elif name.kind is ConstraintKind.GUARDRAIL:
            g = scenario.guardrail(name.subject)  # the slack is in units of max(1, |level|)
            steps.append(RelaxationStep(name, amount * max(1.0, abs(g.level)), units=g.unit, level=g.level,
                                        hold=g.hold.value))
        else:
            steps.append(RelaxationStep(name, amount, units=scenario.units))
    return tuple(steps)
