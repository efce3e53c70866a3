"""Numbers and ids as people read them, shared by every format (terminal, Markdown, HTML).

Plain text, no rich, no markup: each renderer escapes for its own format.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from planner.results import Bounded, SolveReport, SolveStatus, headline_score
from planner.settings import API_SPELLING, FAST_GAP, Spelling

if TYPE_CHECKING:
    from planner.prices import CapacityPrice, PolicyPrice
    from planner.forecast import Distribution, Forecast
    from planner.frontier import FrontierPoint
    from planner.results import Plan


RULE_LABELS = {"value_per_effort": "ranking by value per effort (RICE-style)",
               "marginal": "ranking by marginal value"}


def percent(x: float) -> str:
    return f"{round(x * 100, 1) + 0.0:.1f}%"  # + 0.0: never print "-0.0%"


def initiatives_count(n: int) -> str:
    return f"{n} initiative" + ("" if n == 1 else "s")


def number(x: float) -> str:
    return f"{x:,.4g}" if abs(x) < 1e4 else f"{x:,.0f}"


def level(x: float) -> str:
    """A guardrail's metric, to the precision a level is stated in (99.985, not 99.98)."""
    return f"{x:,.6g}"


def p10_p90(d: Distribution) -> str:
    return f"{d.p10 * 100:.0f}–{d.p90 * 100:.0f}%"


def headline_parts(forecast: Forecast | None, point_score: float) -> tuple[str, str, str]:
    """The headline as (its name, its value, its spread), the one wording every command and the
    report use: "Expected KR attainment", "39.0%", " (P10–P90 30–48%)"; without a forecast,
    "Attainment of expected impacts", "52.8%", "". Its value is `planner.results.headline_score`."""
    if forecast is None:
        return "Attainment of expected impacts", percent(headline_score(None, point_score)), ""
    return "Expected KR attainment", percent(headline_score(forecast, point_score)), f" (P10–P90 {p10_p90(forecast.score)})"


def status_words(solve: SolveReport, spelling: Spelling = API_SPELLING) -> str:
    """How sure the plan is, in words: "optimal" only when proven to the default gap."""
    if solve.status is SolveStatus.TIME_LIMIT:
        return "the best found within the time limit, not proven optimal (it may differ between runs)"
    if not solve.proven_optimal:
        if solve.requested_gap == FAST_GAP:
            return f"within fast mode's gap of {FAST_GAP:.2%}, not proven optimal"
        return f"within the {spelling.gap} of {solve.requested_gap:.2%} asked for, not proven optimal"
    return "optimal"


def status_line(plan: Plan, spelling: Spelling = API_SPELLING, timings: bool = False) -> str:
    """Status, proven gap and solver; the solve's seconds only when asked for (they differ from
    run to run, and outputs are otherwise byte-identical)."""
    s = plan.solve
    gap = "gap unknown" if s.gap is None else f"gap {s.gap * 100:.2f}%"
    label = ("TIME LIMIT: best plan found, not proven optimal" if s.status is SolveStatus.TIME_LIMIT
             else status_words(s, spelling))
    return f"{label} ({gap}) · {s.solver}" + (f" · {s.solve_seconds:.2f} s" if timings else "")


def signed_points(x: float) -> str:
    value = round(x * 100, 1) + 0.0  # + 0.0: never "-0.0"
    return f"{value:+.1f} pts" if value else "0.0 pts"


NOT_SETTLED = "not settled (time limit)"


def signed_range(answer: Bounded, side: str = "≥") -> str:
    """Signed points; "a to b pts" when a re-solve that hit the time limit proved only a range,
    and "≥ a" (or `side`) when the solver gave no bound (CBC)."""
    value, other_end = answer.value, answer.other_end
    if other_end is None and not answer.proven:
        return f"{side} {signed_points(value)}"
    if other_end is None or round(value * 100, 1) == round(other_end * 100, 1):
        return signed_points(value)
    low, high = sorted((round(value * 100, 1) + 0.0, round(other_end * 100, 1) + 0.0))
    return f"{low:+.1f} to {high:+.1f} pts"


def ids_text(ids: Iterable[str], proven: bool = True) -> str:
    """Initiative ids for a table cell. Those of a re-solve cut short by the time limit come
    from the best plan it found, which need not be the optimum's: they say so."""
    text = ", ".join(ids) or "-"
    return text if proven or text == "-" else f"{text} (best found)"


def changes_text(entering: Iterable[str], leaving: Iterable[str], proven: bool = True) -> str:
    """A plan's changes in one cell: "+added, −dropped" (what enters and what leaves)."""
    return ids_text([f"+{i}" for i in entering] + [f"−{i}" for i in leaving], proven)


def capacity_gain_text(c: CapacityPrice) -> str:
    return NOT_SETTLED if c.gain.value is None else signed_range(c.gain, "≥")


def capacity_loss_text(c: CapacityPrice, capacity: float) -> str:
    """The loss from `c.step` fewer units, negative; "-" when the team has less than a step."""
    if c.loss.value is None:
        return "-" if capacity < c.step else NOT_SETTLED
    return signed_range(c.loss.scaled(-1.0), "≥")


def policy_cost_text(p: PolicyPrice, sign: float = 1.0) -> str:
    if p.cost.value is None:
        return "no plan without it either" if p.proven else NOT_SETTLED
    return signed_range(p.cost.scaled(sign), "≥" if sign > 0 else "≤")


def frontier_value_text(p: FrontierPoint) -> str:
    if p.value is None:
        return "infeasible" if p.proven else NOT_SETTLED
    bound = p.best.other_end
    if p.proven or bound is None or round(bound * 100, 1) == round(p.value * 100, 1):
        return percent(p.value)
    return f"{percent(p.value)} to {percent(bound)}"
