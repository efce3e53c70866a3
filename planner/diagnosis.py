"""What an infeasible scenario needs: the conflicting constraints and the smallest relaxations.

Plain values; the optimizer finds them with an elastic model (`planner.optimizer.diagnose`) and
states them as numbers (`RelaxationStep`); the words are written here, once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.constraints import Constraint, ConstraintKind


@dataclass(frozen=True)
class RelaxationStep:
    """How far one constraint must bend: `amount` in its own terms (units of capacity or budget,
    a commitment dropped, a tier's share, points of an objective's floor)."""

    constraint: Constraint
    amount: float
    units: str = ""  # capacity and effort cap: the scenario's units
    share: float | None = None  # split: the tier's share of effort in the relaxed plan
    band: tuple[float, float] | None = None  # split: the tier's band
    floor: float | None = None  # min_attainment: today's floor
    level: float | None = None  # guardrail: today's level (the amount is in the level's units)
    hold: str = ""  # guardrail: "at_least" or "at_most"

    def __str__(self) -> str:
        c = self.constraint
        if c.kind is ConstraintKind.CAPACITY:
            return f"+{_round_up(self.amount):g} {self.units} on {c.subject}"
        if c.kind is ConstraintKind.LIMIT and c.subject == "effort":
            return f"raise the effort cap by {_round_up(self.amount):g} {self.units}"
        if c.kind is ConstraintKind.LIMIT:
            return f"raise the budget by {_round_up(self.amount):g}"
        if c.kind is ConstraintKind.COMMIT:
            return f"drop the commitment on `{c.subject}`"
        if c.kind is ConstraintKind.SPLIT:
            low, high = self.band
            return f"let {c.subject} work take {self.share:.0%} of effort (band {low:.0%}-{high:.0%})"
        if c.kind is ConstraintKind.GUARDRAIL:
            moved = self.level - self.amount if self.hold == "at_least" else self.level + self.amount
            way = "lower" if self.hold == "at_least" else "raise"
            return f"{way} the guardrail `{c.subject}` from {self.level:g} to {moved:.6g} {self.units}".rstrip()
        return (f"lower the minimum of `{c.subject}` from {self.floor:.0%} "
                f"to {max(0.0, self.floor - self.amount):.0%}")


def _round_up(amount: float) -> float:
    """Round a slack up to 2 decimals, so the stated relaxation is always enough."""
    return math.ceil(amount * 100 - 1e-6) / 100


@dataclass(frozen=True)
class Relaxation:
    """One way to make the scenario feasible, changing only one kind of constraint."""

    kind: str  # "capacity", "commitments", "split", "minimums" or "guardrails"
    steps: tuple[RelaxationStep, ...]

    @property
    def changes(self) -> tuple[str, ...]:
        """Each step in the user's terms: "+3 person-weeks on platform"."""
        return tuple(str(step) for step in self.steps)

    @property
    def constraints(self) -> tuple[Constraint, ...]:
        """The constraints it relaxes."""
        return tuple(step.constraint for step in self.steps)


@dataclass(frozen=True)
class Diagnosis:
    conflicting: tuple[Constraint, ...]  # e.g. (capacity[platform], commit[sso])
    relaxations: tuple[Relaxation, ...]
    subject: str = "the scenario"  # what was diagnosed, when it is a what-if of the user's scenario

    def __str__(self) -> str:
        lines = [f"{self.subject} is infeasible: no selection of initiatives meets every constraint."]
        if self.conflicting:
            lines.append("conflicting constraints: " + ", ".join(self.conflicting))
        if self.relaxations:
            lines.append("any one of these is the smallest change of its kind that makes a plan possible:")
            for r in self.relaxations:
                lines.append(f"  - {r.kind}: " + "; ".join(r.changes))
        else:
            lines.append("no single kind of relaxation (capacity, commitments, split, minimums, guardrails) is "
                         "enough; review the commitments, the objective minimums and the guardrails together")
        return "\n".join(lines)
