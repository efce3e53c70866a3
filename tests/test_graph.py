from __future__ import annotations

import pytest

from support import ROOT

from planner.graph import (
    INITIATIVE,
    KEY_RESULT,
    alignment_graph,
    initiatives_moving_nothing,
    to_dot,
    to_mermaid,
    unmoved_key_results,
)
from planner.loading import load_scenario
from planner.validation import build_scenario

ONBOARDING = ROOT / "scenarios" / "onboarding-q3.yaml"


def test_graph_structure():
    s = load_scenario(ONBOARDING)
    g = alignment_graph(s)
    kinds = [d["kind"] for _, d in g.nodes(data=True)]
    assert kinds.count("initiative") == len(s.initiatives)
    assert kinds.count("key_result") == len(s.key_results)
    edge = g.edges[(INITIATIVE, "tour"), (KEY_RESULT, "completion")]
    assert edge["kind"] == "moves" and abs(edge["impact"] - (5 + 32 + 10) / 6) < 1e-9
    assert g.edges[(INITIATIVE, "sso"), (INITIATIVE, "identity-api")]["kind"] == "requires"
    assert s.requirements("sso") == {"identity-api"}
    assert initiatives_moving_nothing(g) == ["usage-analytics"]
    assert unmoved_key_results(g) == []


def _hostile() -> dict:
    evil = '<img src=x onerror=alert(1)> "quoted" ]) --> n0 | #x'
    return {"version": 1, "name": evil, "teams": {"t": {"capacity": 1}},
            "objectives": [{"id": "o", "title": evil, "tier": "primary",
                            "key_results": [{"id": "k", "title": evil, "baseline": 0, "target": 1}]}],
            "initiatives": [{"id": "x", "title": evil, "effort": {"t": 1}, "impacts": {"k": 1}}]}


def test_mermaid_escapes_user_text():
    text = to_mermaid(build_scenario(_hostile()))
    for line in text.splitlines()[1:]:
        assert "<" not in line and '"quoted"' not in line
        if '"' in line:  # labels are quoted; user text never closes the quote
            assert line.count('"') == 2
    assert "#lt;img src=x onerror=alert(1)#gt;" in text


def test_dot_escapes_user_text():
    text = to_dot(build_scenario(_hostile()))
    assert '\\"quoted\\"' in text and 'label="<img' in text  # DOT labels in quotes are plain text


def test_guardrails_are_in_the_graph_with_the_side_their_movers_push():
    from planner.graph import GUARDRAIL, helps

    s = load_scenario(ROOT / "scenarios" / "api-platform-q2.yaml")
    g = alignment_graph(s)
    assert {n[1] for n in g.nodes if n[0] == GUARDRAIL} == {x.id for x in s.guardrails}
    for x in s.initiatives:
        for guardrail_id in x.guardrail_impacts:
            guard = s.guardrail(guardrail_id)
            edge = g.edges[(INITIATIVE, x.id), (GUARDRAIL, guardrail_id)]
            worse = guard.margin(guard.baseline + x.expected_effect(guardrail_id)) < guard.margin(guard.baseline)
            assert edge["kind"] == "affects" and edge["harms"] == worse
            assert helps(g, (INITIATIVE, x.id), (GUARDRAIL, guardrail_id)) == (not worse and edge["impact"] != 0)
    assert initiatives_moving_nothing(g) == []  # a guardrail effect is not a KR moved


def test_an_objective_view_holds_its_targets_and_every_initiative_moving_them():
    from planner.graph import OBJECTIVE, objective_view

    s = load_scenario(ROOT / "scenarios" / "multi-team-q4.yaml")
    g = alignment_graph(s)
    for o in s.objectives:
        view = objective_view(g, o.id)
        targets = {kr.id for kr in o.key_results} | {x.id for x in o.guardrails}
        movers = {x.id for x in s.initiatives if targets & (set(x.impacts) | set(x.guardrail_impacts))}
        assert {n[1] for n in view if n[0] in (KEY_RESULT, "guardrail")} == targets
        assert {n[1] for n in view if n[0] == INITIATIVE} == movers
        assert [n for n in view if n[0] == OBJECTIVE] == [(OBJECTIVE, o.id)]


def test_mermaid_boxes_each_objective_and_marks_funded_and_cut():
    s = load_scenario(ROOT / "scenarios" / "multi-team-q4.yaml")
    funded = {"guided-onboarding", "templates"}
    text = to_mermaid(s, funded)
    assert text.count("subgraph ") == len(s.objectives) and text.count("\n    end\n") == len(s.objectives)
    names = {line.split("(", 1)[0].strip(): line for line in text.splitlines() if '("' in line}
    classes = {line.split()[-1]: line.split()[1].split(",") for line in text.splitlines() if line.startswith("    class ")}
    assert sorted(names[n].split('("')[1].rstrip('")') for n in classes["funded"]) == sorted(
        s.initiative(i).title for i in funded)
    assert len(classes["cut"]) == len(s.initiatives) - len(funded)
    first = s.objectives[0]
    part = to_mermaid(s, funded, first.id)
    assert part.count("subgraph ") == 1 and first.key_results[0].title in part
    assert s.objectives[1].key_results[-1].title not in part
    assert "classDef funded" not in to_mermaid(s)  # without a plan, nothing is said about funding


def test_dot_clusters_each_objective_and_marks_funded_and_cut():
    s = load_scenario(ROOT / "scenarios" / "api-platform-q2.yaml")
    text = to_dot(s, {"quickstart"})
    assert text.count("subgraph cluster_") == len(s.objectives)
    assert '"initiative:quickstart" [label="Interactive quickstart and sandbox keys", shape=ellipse, style=filled, fillcolor="#2563eb"' in text
    assert text.count("style=dashed, color=") == len(s.initiatives) - 1
    assert "hexagon" in text and '"guardrail:availability"' in text
    assert "fillcolor=\"#2563eb\"" not in to_dot(s)  # without a plan, nothing is said about funding


def _lifecycle():
    return load_scenario(ROOT / "scenarios" / "acme" / "lifecycle.yaml")


def test_the_chain_is_layered_from_initiatives_to_company_objectives():
    from planner.graph import chain_graph, layer_names

    g = chain_graph(_lifecycle(), ["weekly-digest"])
    layer = {n[1]: d["layer"] for n, d in g.nodes(data=True)}
    # weekly-digest -> weekly-active -> success-tickets (product guardrail) ; -> logo-churn -> mrr -> objectives
    assert [layer[m] for m in ("weekly-digest", "weekly-active", "success-tickets", "logo-churn", "mrr", "revenue")] \
        == [0, 1, 2, 3, 4, 5]
    assert layer_names(g) == {0: "Initiatives", 1: "Product key results, step 1", 2: "Product key results, step 2",
                              3: "Company key results, step 1", 4: "Company key results, step 2",
                              5: "Company objectives"}
    assert g.nodes[("initiative", "weekly-digest")]["funded"] is True
    assert g.nodes[("initiative", "slack-app")]["funded"] is False
    assert g.edges[("key_result", "weekly-active"), ("key_result", "logo-churn")] == {
        "kind": "drives", "elasticity": pytest.approx(-0.06), "low": -0.09, "high": -0.03}
    # the plan's expected change: 0.8 x (0.5 + 6 + 2.5) / 6 = 1.2 points of weekly-active, x 12 tickets each
    assert g.nodes[("key_result", "weekly-active")]["expected_change"] == pytest.approx(1.2)
    assert g.nodes[("guardrail", "success-tickets")]["expected_change"] == pytest.approx(14.4)


def test_the_chain_in_mermaid_and_dot_marks_layers_and_funded_work():
    from planner.api import graph_text

    s = _lifecycle()
    mermaid = graph_text(s, "mermaid", ["weekly-digest"])  # "auto": a scenario with a chain draws the chain
    assert 'subgraph L3 ["Company key results, step 1"]' in mermaid and "==>|\"×-0.06\"|" in mermaid
    assert "classDef funded" in mermaid and "classDef cut" in mermaid
    dot = graph_text(s, "dot", ["weekly-digest"])
    assert dot.count("rank=same") == 6 and 'label="Company objectives"' in dot
    assert "subgraph g0" in graph_text(s, "mermaid", None, view="alignment")  # the per-objective picture
