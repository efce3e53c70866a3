"""Choose the portfolio that maximizes expected KR attainment: the integer program.

- `formulation`: the model as plain data (`linear`: its algebra), every row under its domain
  `Constraint`;
- `backends`: HiGHS and CBC behind one small interface (the only code importing PuLP or highspy);
- `solve`: `optimize`, `lp_bound`, and `checked_plan`, the one path from an answer to a `Plan`;
- `live`: `LiveModel`, loops of what-ifs edited in place;
- `diagnose`: why no plan exists, as data;
- `edits`: `Edits`, the one way to state a what-if.

Every plan goes through `planner.evaluation.evaluate`; a disagreement raises `SolverError`.
"""

from planner.optimizer.diagnose import diagnose
from planner.optimizer.edits import Edits
from planner.optimizer.formulation import less_effort_only_helps
from planner.optimizer.live import LiveModel
from planner.optimizer.solve import REFUTATION_TOLERANCE, lp_bound, optimize, sample_value

__all__ = ["REFUTATION_TOLERANCE", "Edits", "LiveModel", "diagnose", "less_effort_only_helps", "lp_bound", "optimize",
           "sample_value"]
