"""The alignment graph: objectives, key results, initiatives and teams, and how they connect.

Node keys are `(kind, id)` so ids may repeat across kinds. Edges:
objective -> key result ("has"), initiative -> key result ("moves", with the expected impact),
initiative -> team ("needs", with the effort), initiative -> initiative ("requires" or
"excludes"; an exclusion is stored once, from the smaller id).
"""

from __future__ import annotations

import networkx as nx

from planner.model import Scenario
from planner.text import one_line, printable

OBJECTIVE, KEY_RESULT, INITIATIVE, TEAM = "objective", "key_result", "initiative", "team"


def alignment_graph(scenario: Scenario) -> nx.DiGraph:
    """Build the graph of a scenario (see the module docstring for its shape)."""
    g = nx.DiGraph(name=scenario.name)
    for team in scenario.teams:
        g.add_node((TEAM, team.id), kind=TEAM, label=team.name or team.id, capacity=team.capacity)
    for o in scenario.objectives:
        g.add_node((OBJECTIVE, o.id), kind=OBJECTIVE, label=o.title, tier=o.tier.value)
        for kr in o.key_results:
            g.add_node((KEY_RESULT, kr.id), kind=KEY_RESULT, label=kr.title, unit=kr.unit)
            g.add_edge((OBJECTIVE, o.id), (KEY_RESULT, kr.id), kind="has")
    for x in scenario.initiatives:
        g.add_node((INITIATIVE, x.id), kind=INITIATIVE, label=x.title, tier=x.tier.value)
        for kr_id in x.impacts:
            g.add_edge((INITIATIVE, x.id), (KEY_RESULT, kr_id), kind="moves",
                       impact=x.expected_impact(kr_id))
        for team_id, effort in x.effort.items():
            g.add_edge((INITIATIVE, x.id), (TEAM, team_id), kind="needs", effort=effort)
        for other in x.requires:
            g.add_edge((INITIATIVE, x.id), (INITIATIVE, other), kind="requires")
        for other in x.excludes:
            a, b = sorted((x.id, other))
            g.add_edge((INITIATIVE, a), (INITIATIVE, b), kind="excludes")
    return g


def unmoved_key_results(g: nx.DiGraph) -> list[str]:
    """KRs that no initiative moves: nothing in the roadmap serves them."""
    return [node[1] for node, data in g.nodes(data=True) if data["kind"] == KEY_RESULT
            and not any(g.edges[p, node]["kind"] == "moves" for p in g.predecessors(node))]


def initiatives_moving_nothing(g: nx.DiGraph) -> list[str]:
    return [node[1] for node, data in g.nodes(data=True) if data["kind"] == INITIATIVE
            and not any(g.edges[node, s]["kind"] == "moves" for s in g.successors(node))]


# --- exports -------------------------------------------------------------------------------

_MERMAID_ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "#": "#35;",
                     "|": "#124;", "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;",
                     "`": "#96;", "\n": " "}


def mermaid_text(text: str) -> str:
    """User text made inert inside a quoted Mermaid label (entity codes for its syntax)."""
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in one_line(text))


def _format_impact(value: float) -> str:
    return f"{value:+.3g}"


def to_mermaid(scenario: Scenario) -> str:
    """A Mermaid flowchart: objective -> key result <- initiative (renders in GitHub, Notion)."""
    g = alignment_graph(scenario)
    names = {node: f"n{i}" for i, node in enumerate(sorted(g.nodes, key=_node_order))}
    lines = ["flowchart LR"]
    shapes = {OBJECTIVE: ('(["', '"])'), KEY_RESULT: ('["', '"]'), INITIATIVE: ('("', '")')}
    for node in sorted(g.nodes, key=_node_order):
        data = g.nodes[node]
        if data["kind"] == TEAM:
            continue
        left, right = shapes[data["kind"]]
        label = mermaid_text(data["label"])
        if data["kind"] == OBJECTIVE:
            label = f"{label} ({data['tier']})"
        lines.append(f"    {names[node]}{left}{label}{right}")
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (_node_order(e[0]), _node_order(e[1]))):
        kind = data["kind"]
        if kind == "has":
            lines.append(f"    {names[a]} --> {names[b]}")
        elif kind == "moves":
            lines.append(f'    {names[a]} -->|"{mermaid_text(_format_impact(data["impact"]))}"| {names[b]}')
        elif kind == "requires":
            lines.append(f'    {names[a]} -.->|"requires"| {names[b]}')
        elif kind == "excludes":
            lines.append(f'    {names[a]} x-.-x|"excludes"| {names[b]}')
    for kind, style in ((OBJECTIVE, "fill:#fde68a"), (KEY_RESULT, "fill:#bfdbfe"), (INITIATIVE, "fill:#e5e7eb")):
        members = [names[n] for n in sorted(g.nodes, key=_node_order) if g.nodes[n]["kind"] == kind]
        if members:
            lines.append(f"    classDef {kind} {style}")
            lines.append(f"    class {','.join(members)} {kind}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return printable(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(scenario: Scenario) -> str:
    """A Graphviz DOT digraph of the same picture as `to_mermaid`."""
    g = alignment_graph(scenario)
    lines = [f'digraph "{_dot_text(scenario.name)}" {{', "  rankdir=LR;", '  node [fontname="Helvetica"];']
    shapes = {OBJECTIVE: "box, style=\"rounded,filled\", fillcolor=\"#fde68a\"",
              KEY_RESULT: "box, style=filled, fillcolor=\"#bfdbfe\"",
              INITIATIVE: "ellipse, style=filled, fillcolor=\"#e5e7eb\""}
    for node in sorted(g.nodes, key=_node_order):
        data = g.nodes[node]
        if data["kind"] == TEAM:
            continue
        lines.append(f'  "{_dot_text(":".join(node))}" [label="{_dot_text(data["label"])}", shape={shapes[data["kind"]]}];')
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (_node_order(e[0]), _node_order(e[1]))):
        src, dst = _dot_text(":".join(a)), _dot_text(":".join(b))
        attrs = {"has": "", "moves": f'label="{_format_impact(data.get("impact", 0))}"',
                 "requires": 'style=dashed, label="requires"',
                 "excludes": 'style=dotted, dir=both, arrowhead=tee, arrowtail=tee, label="excludes"',
                 "needs": None}[data["kind"]]
        if attrs is None:
            continue
        lines.append(f'  "{src}" -> "{dst}"' + (f" [{attrs}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node_order(node: tuple[str, str]) -> tuple[int, str]:
    return ([OBJECTIVE, KEY_RESULT, INITIATIVE, TEAM].index(node[0]), node[1])
