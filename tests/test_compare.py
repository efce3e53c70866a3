"""Comparisons: scenarios side by side, or roadmaps against the optimum."""

from __future__ import annotations

from support import POINT, load
from planner import api
from planner.compare import compare_options
from planner.optimizer import optimize


def test_compare_a_scenario_with_itself_shows_no_difference():
    scenario = load("onboarding-q3")
    selection = optimize(scenario, POINT).selected
    c = compare_options([("a", scenario, selection, True), ("b", scenario, selection, True)], samples=500)
    assert c.differing == ()
    table = c.table()
    a, b = table[table.option == "a"].value.to_numpy(), table[table.option == "b"].value.to_numpy()
    assert (a == b).all()


def test_roadmaps_share_the_forecast_draws_of_the_optimum():
    scenario = load("onboarding-q3")
    c = api.compare([scenario], roadmaps=[("sales", ["sso", "identity-api", "tour"])],
                    settings=POINT.replace(forecast_samples=500))
    optimal, sales = c.options
    assert optimal.name == "optimal" and optimal.optimal and not sales.optimal
    assert optimal.forecast.samples == sales.forecast.samples == 500
    assert optimal.headline > sales.headline and "sso" in c.differing


def test_a_plan_within_a_loose_gap_is_not_called_optimal():
    # HiGHS stops early on this scenario at a 50% gap (pinned for this HiGHS version, not timing).
    c = api.compare([load("onboarding-q3")], roadmaps=[("none", [])],
                    settings=POINT.replace(gap=0.5, forecast_samples=0))
    assert [(o.name, o.optimal) for o in c.options] == [("best found (within 50.00% gap)", False), ("none", False)]
    proven = api.compare([load("onboarding-q3")], roadmaps=[("none", [])], settings=POINT.replace(forecast_samples=0))
    assert [(o.name, o.optimal) for o in proven.options] == [("optimal", True), ("none", False)]


def test_the_best_option_for_each_objective_is_named(tmp_path):
    from support import scenario_path
    from planner import api
    from planner.settings import Settings

    variant = tmp_path / "growth-plus-6.yaml"
    variant.write_text(f"extends: {scenario_path('onboarding-q3')}\nteams:\n  growth: {{capacity: 46, name: Growth}}\n")
    comparison = api.compare([scenario_path("onboarding-q3"), variant], labels=("Today", "Growth +6"),
                             settings=Settings(objective="point", forecast_samples=500))
    best = comparison.best_by_objective()
    for objective, names in best.items():
        values = {o.name: comparison.objective_attainment(o, objective) for o in comparison.options}
        assert set(names) == {n for n, v in values.items() if round(v, 3) == round(max(values.values()), 3)}
    assert best["onboarding"] == ("Growth +6",)  # more Growth capacity moves the onboarding KRs


def test_what_if_variants_of_one_scenario_are_options_with_their_changes():
    """A variant is the base file with `--set` edits: the same plan as the file edited by hand,
    and the changes from the base (+in / −out) are exactly the difference of the selections."""
    from support import scenario_path

    settings = POINT.replace(forecast_samples=500)
    base = scenario_path("onboarding-q3")
    comparison = api.compare([base], settings=settings, variants=[
        ("Growth +6", ["teams.growth.capacity=46"]), ("Growth +6, no split", ["teams.growth.capacity=46", "split=null"])])
    today, more, free = comparison.options
    assert [o.name for o in comparison.options] == ["Q3 2026 - Onboarding", "Growth +6", "Growth +6, no split"]
    assert more.scenario.team("growth").capacity == 46 and free.scenario.split is None
    assert today.scenario.team("growth").capacity == 40
    by_hand = optimize(api.load(base, ("teams.growth.capacity=46",)).scenario, settings)
    assert set(more.evaluation.selected) == set(by_hand.selected)
    entering, leaving = comparison.changes(more)
    assert set(entering) == set(more.evaluation.selected) - set(today.evaluation.selected)
    assert set(leaving) == set(today.evaluation.selected) - set(more.evaluation.selected)
    assert comparison.changes(today) == ((), ())


def test_plan_results_are_compared_as_they_are():
    from support import scenario_path

    settings = POINT.replace(forecast_samples=500)
    made = api.plan(scenario_path("onboarding-q3"), settings)
    comparison = api.compare([made, scenario_path("onboarding-q3")], settings=settings)
    mine, solved = comparison.options
    assert mine.evaluation.selected == made.plan.selected and mine.optimal
    assert [o.name for o in comparison.options] == ["Q3 2026 - Onboarding (1)", "Q3 2026 - Onboarding (2)"]
    assert mine.headline == solved.headline  # same plan, same shared draws


def test_variants_need_one_scenario_file():
    import pytest

    from support import scenario_path
    from planner.errors import ScenarioError

    with pytest.raises(ScenarioError, match="variants are compared on one scenario"):
        api.compare([scenario_path("onboarding-q3"), scenario_path("cloudsecure-q1")], variants=[("x", ["split=null"])])
    with pytest.raises(ScenarioError, match="has none"):
        api.compare([load("onboarding-q3")], variants=[("x", ["split=null"])])
    edited = api.load(scenario_path("onboarding-q3"), ("teams.growth.capacity=10",))
    with pytest.raises(ScenarioError, match="cannot see"):  # its own edit would silently vanish
        api.compare([edited], variants=[("x", ["split=null"])])
    with pytest.raises(ScenarioError, match="share a label"):
        api.compare([scenario_path("onboarding-q3")], labels=("x",), variants=[("x", ["split=null"])])


def test_comparison_rows_have_one_cell_per_option_and_star_the_best():
    from support import scenario_path
    from planner.phrasing import comparison_rows

    comparison = api.compare([scenario_path("onboarding-q3")], settings=POINT.replace(forecast_samples=0),
                             variants=[("Growth +6", ["teams.growth.capacity=46"])])
    rows = comparison_rows(comparison)
    assert all(len(r.cells) == 2 for r in rows)
    assert {r.kind for r in rows} == {"plan", "objective", "key result", "team", "initiative"}
    stars = {r.key: [n for n, c in enumerate(r.cells) if c.endswith("★")] for r in rows if r.kind == "objective"}
    best = comparison.best_by_objective()
    assert stars == {o: [n for n, x in enumerate(comparison.options) if x.name in names] for o, names in best.items()}
    changes = next(r for r in rows if r.key == "changes")
    entering, leaving = comparison.changes(comparison.options[1])
    assert changes.cells[1].split() == [*(f"+{i}" for i in entering), *(f"−{i}" for i in leaving)]
