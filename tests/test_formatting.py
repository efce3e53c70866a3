"""Numbers and ids as people read them; ranges where an answer was cut short."""

from __future__ import annotations

from planner.prices import CapacityPrice, PolicyPrice
from planner.formatting import (NOT_SETTLED, capacity_gain_text, capacity_loss_text, changes_text, ids_text, number,
                                percent, policy_cost_text, signed_points, signed_range, status_line, status_words)
from planner.results import Bounded, Plan, SolveReport, SolveStatus


def test_numbers():
    assert percent(0.5277) == "52.8%" and percent(-0.00001) == "0.0%"  # never "-0.0%"
    assert number(1234.5) == "1,234" and number(12345.6) == "12,346" and number(0.25) == "0.25"
    assert signed_points(0.012) == "+1.2 pts" and signed_points(-0.0001) == "0.0 pts"
    assert signed_range(Bounded(0.01, 0.03, False)) == "+1.0 to +3.0 pts"
    assert signed_range(Bounded(0.01, 0.0101, False)) == "+1.0 pts"  # the ends round alike
    assert signed_range(Bounded(0.01, None, proven=False)) == "≥ +1.0 pts" and signed_range(Bounded(0.01)) == "+1.0 pts"


def test_prices_cut_short_show_what_was_proven():
    exact = CapacityPrice("growth", 1.0, Bounded(0.012), Bounded(0.02), (), ())
    assert capacity_gain_text(exact) == "+1.2 pts" and capacity_loss_text(exact, 40) == "-2.0 pts"
    ranged = CapacityPrice("growth", 1.0, Bounded(0.012, 0.03, False), Bounded(0.02, 0.005, False), (), ())
    assert capacity_gain_text(ranged) == "+1.2 to +3.0 pts" and capacity_loss_text(ranged, 40) == "-2.0 to -0.5 pts"
    no_bound = CapacityPrice("growth", 1.0, Bounded(0.012, None, False), Bounded(None, None, False), (), ())  # CBC
    assert capacity_gain_text(no_bound) == "≥ +1.2 pts" and capacity_loss_text(no_bound, 40) == NOT_SETTLED
    assert capacity_loss_text(no_bound, 0.5) == "-"  # less than one step of capacity: nothing to price
    assert policy_cost_text(PolicyPrice("split", Bounded(None, proven=False))) == NOT_SETTLED
    assert policy_cost_text(PolicyPrice("split", Bounded(None))) == "no plan without it either"
    assert policy_cost_text(PolicyPrice("split", Bounded(0.01, 0.02, False)), -1.0) == "-2.0 to -1.0 pts"


def test_who_enters_under_an_answer_cut_short_is_the_best_plan_found():
    assert ids_text(("a", "b")) == "a, b" and ids_text(()) == "-"
    assert ids_text(("a", "b"), proven=False) == "a, b (best found)" and ids_text((), proven=False) == "-"
    assert changes_text(["a"], ["b"]) == "+a, −b"


def test_status_in_words():
    def plan(status, gap, requested=1e-4):
        return Plan(None, SolveReport(status, "highs", gap, 1.0, 0.0, 0.25, requested))  # type: ignore[arg-type]

    assert status_words(plan(SolveStatus.OPTIMAL, 0.0).solve) == "optimal"
    loose = plan(SolveStatus.OPTIMAL, 0.03, 0.5).solve
    assert status_words(loose) == "within the `gap` of 50.00% asked for, not proven optimal"  # the API's name
    from planner.cli import SPELLING

    assert status_words(loose, SPELLING) == "within the --gap of 50.00% asked for, not proven optimal"  # the CLI's
    cut = plan(SolveStatus.TIME_LIMIT, 0.02)
    assert status_words(cut.solve) == "the best found within the time limit, not proven optimal (it may differ between runs)"
    assert status_line(cut) == "TIME LIMIT: best plan found, not proven optimal (gap 2.00%) · highs"
    assert status_line(cut, timings=True).endswith("· highs · 0.25 s")  # on request: they differ run to run
