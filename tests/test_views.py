"""Terminal views: each result rendered, user text escaped, answers cut short marked."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from support import POINT, ROOT, load
from planner import api, views
from planner.explain import Explanation, explain
from planner.prices import CapacityPrice, PolicyPrice
from planner.optimizer import optimize
from planner.results import Bounded

ONBOARDING = load("onboarding-q3")


def text_of(renderable, width: int = 250) -> str:
    console = Console(width=width, record=True)
    console.print(renderable)
    return console.export_text()


def test_plan_view_headlines_one_number():
    result = api.plan(ONBOARDING, POINT.replace(forecast_samples=500))
    text = text_of(views.plan_view(result))
    assert f"Expected KR attainment {result.headline * 100:.1f}%" in text
    assert "Selected initiatives (9)" in text and "Not selected:" in text
    without = text_of(views.plan_view(api.plan(ONBOARDING, POINT.replace(forecast_samples=0))))
    assert "Attainment of expected impacts 52.8% (no forecast)" in without and "Expected KR attainment" not in without


def test_explain_view_marks_the_lists_of_prices_cut_short():
    base = optimize(ONBOARDING, POINT)
    e = Explanation(base, POINT, (),
                    (CapacityPrice("growth", 1.0, Bounded(0.01, 0.02, False), Bounded(0.02, 0.01, False), ("sso",),
                                   ("tour",)),
                     CapacityPrice("platform", 1.0, Bounded(0.0), Bounded(0.0), ("api",), ("magic-link",))),
                    (PolicyPrice("split", Bounded(0.01, 0.02, False), ("sso",), ("tour",)),))
    text = text_of(views.explain_view(e, ONBOARDING))
    assert text.count("(best found)") == 4 and "api (best found)" not in text and "magic-link (best found)" not in text


def test_unsettled_capacity_prices_are_not_read_as_no_step_helps():
    """A price past an explanation's budget is unsettled: "no team's plan improves" would be a
    claim nobody proved, so the view says it was not settled and how to settle it."""
    base = optimize(ONBOARDING, POINT)
    unsettled = Bounded(None, proven=False)
    e = Explanation(base, POINT, (), (CapacityPrice("growth", 1.0, unsettled, unsettled, (), ()),), ())
    text = " ".join(text_of(views.explain_view(e, ONBOARDING)).split())
    assert "No team's plan improves" not in text and "was not settled here" in text
    settled = Explanation(base, POINT, (), (CapacityPrice("growth", 1.0, Bounded(0.0), Bounded(0.0), (), ()),), ())
    assert "No team's plan improves" in " ".join(text_of(views.explain_view(settled, ONBOARDING)).split())


def test_constraint_names_are_not_read_as_markup():
    r = api.evaluate_roadmap(ONBOARDING, ["sso", "tour"], POINT.replace(forecast_samples=0))
    text = text_of(views.roadmap_view(r))
    assert "requires[sso->identity-api]" in text and "commit[mobile-signup]" in text


@pytest.mark.parametrize("name", ["onboarding-q3", "cloudsecure-q1"])
def test_every_view_renders(name):
    scenario = load(name)
    e = explain(scenario, POINT, scenario.initiatives[0].id)
    assert "Why this plan" in text_of(views.explain_view(e, scenario))
    c = api.compare([scenario], settings=POINT.replace(forecast_samples=0))
    assert "All options fund the same initiatives." in text_of(views.comparison_view(c))
    found = api.alternatives(scenario, 2, settings=POINT.replace(forecast_samples=0))
    assert "Best distinct plans" in text_of(views.alternatives_view(found, scenario))
    f, _ = api.forecast_plan(scenario, None, POINT.replace(forecast_samples=300))
    assert "Expected KR attainment" in text_of(views.forecast_view(f, scenario))
    assert text_of(views.validation_summary(api.validate(f"scenarios/{name}.yaml"))).startswith("ok")


def test_a_narrow_terminal_wraps_ids_and_paths_instead_of_cutting_them_short():
    """At 80 columns a sweep's path header and the ids entering and leaving were cut to "…": an id
    a stakeholder cannot look up. Every table's cells now wrap such a word onto the next line."""
    sweep = api.sweep(ROOT / "scenarios" / "multi-team-q4.yaml", [("teams.platform.capacity", ["30", "40"])],
                      settings=POINT.replace(forecast_samples=0))
    narrow, wide = text_of(views.sweep_view(sweep), width=80), text_of(views.sweep_view(sweep))
    assert "…" not in narrow
    columns = _columns_read_down(narrow)
    for word in ("teams.platform.capacity", "in-trial-upsell", "observability-buy"):
        assert word in wide and not any(word in line for line in narrow.splitlines())  # too long for its column
        assert any(word in column for column in columns)  # yet whole, read down its column


def _columns_read_down(text: str) -> list[str]:
    """Each column of a rendered table as one string, its cells joined from top to bottom."""
    columns: dict[int, str] = {}
    for line in text.splitlines():
        for n, cell in enumerate(re.split("[│┃]", line)):
            columns[n] = columns.get(n, "") + cell.strip()
    return list(columns.values())
