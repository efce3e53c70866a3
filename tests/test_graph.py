from __future__ import annotations

from support import ROOT
from planner.graph import (INITIATIVE, KEY_RESULT, alignment_graph, initiatives_moving_nothing,
                           to_dot, to_mermaid, unmoved_key_results)
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
