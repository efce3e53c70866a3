"""The public API: one calling convention, scenarios built in code validated like files."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from support import POINT, load, scenario_path
from planner import api
from planner.errors import ScenarioError
from planner.model import Estimate, KeyResult, frozen_map
from planner.settings import Settings

ONBOARDING = load("onboarding-q3")


def test_every_planning_function_takes_a_source_and_settings():
    for name in ("plan", "forecast_plan", "evaluate_roadmap", "explain", "frontier", "tradeoff", "alternatives",
                 "compare", "report_data", "report"):
        parameters = inspect.signature(getattr(api, name)).parameters
        assert "settings" in parameters, name
        assert parameters["settings"].default == Settings(), name  # every default from Settings alone


def test_a_file_and_the_same_scenario_in_code_plan_alike():
    from_file = api.plan(scenario_path("onboarding-q3"), POINT.replace(forecast_samples=0))
    in_code = api.plan(ONBOARDING, POINT.replace(forecast_samples=0))
    assert from_file.plan.selected == in_code.plan.selected and from_file.source and in_code.source is None


def _with_kr(**changes):
    o = ONBOARDING.objectives[0]
    kr = dataclasses.replace(o.key_results[0], **changes)
    objective = dataclasses.replace(o, key_results=(kr, *o.key_results[1:]))
    return dataclasses.replace(ONBOARDING, objectives=(objective, *ONBOARDING.objectives[1:]))


def test_scenarios_built_in_code_are_validated_like_files():
    # A KR with baseline = target raised ZeroDivisionError, effort on an undeclared team KeyError.
    with pytest.raises(ScenarioError, match="target") as caught:
        api.plan(_with_kr(target=68.0), POINT)
    assert "fix:" in str(caught.value)
    stray = dataclasses.replace(ONBOARDING.initiatives[0], effort=frozen_map({"nope": 3.0}))
    broken = dataclasses.replace(ONBOARDING, initiatives=(stray, *ONBOARDING.initiatives[1:]))
    with pytest.raises(ScenarioError, match="team `nope` has no capacity"):
        api.explain(broken, "tour", POINT)
    ranged = dataclasses.replace(ONBOARDING.initiatives[0], impacts=frozen_map({"completion": Estimate(9, 5, 1)}))
    with pytest.raises(ScenarioError):
        api.evaluate_roadmap(dataclasses.replace(ONBOARDING, initiatives=(ranged, *ONBOARDING.initiatives[1:])),
                             ["tour"], POINT)
    assert isinstance(_with_kr().key_results[0], KeyResult)


def test_roadmaps_are_read_from_yaml_or_text(tmp_path):
    (tmp_path / "a.yaml").write_text("name: Sales\nselect: [tour, sso]\n")
    (tmp_path / "b.txt").write_text("# carried over\ntour\nprogress-bar\n")
    assert api.read_roadmap(tmp_path / "a.yaml") == ("Sales", ["tour", "sso"])
    assert api.read_roadmap(tmp_path / "b.txt") == ("b", ["tour", "progress-bar"])
    with pytest.raises(ScenarioError, match="file not found"):
        api.read_roadmap(tmp_path / "missing.yaml")


def test_compare_needs_one_scenario_for_roadmaps():
    with pytest.raises(ScenarioError, match="roadmaps are compared on one scenario"):
        api.compare([ONBOARDING, ONBOARDING], roadmaps=[("x", ["tour"])], settings=POINT)


def test_graph_and_schema_text():
    assert api.graph_text(ONBOARDING).startswith("flowchart LR")
    assert api.graph_text(ONBOARDING, "dot").startswith("digraph")
    assert '"title": "okr-planner scenario"' in api.schema_text()


def test_report_what_ifs_explain_the_funded_plan_on_the_cheapest_exact_model():
    """When the point-estimate model picks the plan the sampled model funds, the report's
    what-ifs run on it (exact, and fast); when it picks another plan, on the sampled model. The
    plan explained is always the plan funded."""
    sampled = Settings(forecast_samples=500)
    same = api.plan(load("onboarding-q3"), sampled)
    whatifs, base = api.whatif_basis(same, sampled)
    assert set(same.point_plan.selected) == set(same.plan.selected)
    assert whatifs.objective == "point" and set(base.selected) == set(same.plan.selected) and base.proven
    other = api.plan(load("cloudsecure-q1"), sampled)
    whatifs, base = api.whatif_basis(other, sampled)
    assert set(other.point_plan.selected) != set(other.plan.selected)
    assert whatifs == sampled and base is other.plan


def test_compared_variants_that_keep_their_base_name_get_distinct_labels(tmp_path):
    variant = tmp_path / "growth-plus-6.yaml"
    variant.write_text(f"extends: {scenario_path('onboarding-q3')}\nteams:\n  growth: {{capacity: 46, name: Growth}}\n")
    point = Settings(objective="point", forecast_samples=0)
    names = [o.name for o in api.compare([scenario_path("onboarding-q3"), variant], settings=point).options]
    assert names == ["Q3 2026 - Onboarding (onboarding-q3.yaml)", "Q3 2026 - Onboarding (growth-plus-6.yaml)"]
    labelled = api.compare([scenario_path("onboarding-q3"), variant], settings=point, labels=("Today", "Growth +6"))
    assert [o.name for o in labelled.options] == ["Today", "Growth +6"]
    table = labelled.table()  # the notebook's pivot works: one column per option
    assert list(table[table.kind == "key result"].pivot(index="key", columns="option", values="value").columns) == [
        "Growth +6", "Today"]
    with pytest.raises(ScenarioError, match="share a label"):
        api.compare([scenario_path("onboarding-q3"), variant], settings=point, labels=("Same", "Same"))


def test_the_chain_as_a_graph_and_a_contribution_table_that_adds_up():
    from support import ROOT
    from planner.evaluation import evaluate

    path = ROOT / "scenarios" / "acme" / "lifecycle.yaml"
    graph, table = api.chain(path, settings=POINT)
    selected = sorted(n[1] for n, d in graph.nodes(data=True) if d.get("funded"))
    scenario = api.load(path).scenario
    e = evaluate(scenario, selected)
    for kr in ("weekly-active", "logo-churn", "mrr"):  # the funded rows add up to the plan's change, trend aside
        funded = table[(table.metric == kr) & table.funded]
        assert funded.expected_change.sum() == pytest.approx(e.outcome(kr).change - scenario.key_result(kr).expected_trend)
    mrr = table[(table.initiative == "team-invites") & (table.metric == "mrr")].iloc[0]
    # seats 0.8 x (0.1 + 1 + 0.35) / 6 = 0.1933 x 90 = 17.4; weekly-active 0.8 x 1 x -0.06 = -0.048 % churn x -20.33
    assert not mrr.direct and mrr.level == "company"
    assert mrr.expected_change == pytest.approx(0.8 * 1.45 / 6 * 90 + 0.8 * -0.06 * (-30 - 80 - 12) / 6)
    assert mrr.attainment_points == pytest.approx(mrr.expected_change / 120 * 100)
