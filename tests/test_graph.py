from __future__ import annotations

from conftest import ROOT, run
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


def test_graph_command(runner, tmp_path):
    result = run(runner, "graph", ONBOARDING)
    assert result.exit_code == 0 and result.output.startswith("flowchart LR")
    out = tmp_path / "g.dot"
    result = run(runner, "graph", ONBOARDING, "--format", "dot", "-o", out)
    assert result.exit_code == 0 and out.read_text().startswith('digraph "Q3 2026')


def test_output_never_overwrites_the_scenario(runner, tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(ONBOARDING.read_text())
    before = scenario.read_bytes()
    result = run(runner, "graph", scenario, "-o", scenario)
    assert result.exit_code == 2 and "refusing to overwrite" in result.output
    assert scenario.read_bytes() == before
