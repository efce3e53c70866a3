"""What an infeasible scenario needs: the conflicting constraints and the smallest relaxations.

Plain values; the optimizer finds them with an elastic model (see `planner.optimizer`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Relaxation:
    """One way to make the scenario feasible, changing only one kind of constraint."""

    kind: str  # "capacity", "commitments", "split" or "minimums"
    changes: tuple[str, ...]  # each in the user's terms: "+3 person-weeks on platform"
    constraints: tuple[str, ...]  # domain names of the constraints it relaxes


@dataclass(frozen=True)
class Diagnosis:
    conflicting: tuple[str, ...]  # domain names, e.g. ("capacity[platform]", "commit[sso]")
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
            lines.append("no single kind of relaxation (capacity, commitments, split, minimums) is enough; "
                         "review the commitments and the objective minimums together")
        return "\n".join(lines)
