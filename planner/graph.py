"""The alignment graph: objectives, key results, initiatives and teams, and how they connect.

Node keys are `(kind, id)` so ids may repeat across kinds. Edges:
objective -> key result ("has"), objective -> guardrail ("holds"), initiative -> key result
("moves", with the expected impact), initiative -> guardrail ("affects", with the expected effect
and whether it works against the level), initiative -> team ("needs", with the effort),
initiative -> initiative ("requires" or "excludes"; an exclusion is stored once, from the
smaller id).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from planner.model import Level, Scenario
from planner.text import one_line, printable

OBJECTIVE, KEY_RESULT, GUARDRAIL, INITIATIVE, TEAM = "objective", "key_result", "guardrail", "initiative", "team"


def alignment_graph(scenario: Scenario) -> nx.DiGraph:
    """Build the graph of a scenario (see the module docstring for its shape)."""
    g = nx.DiGraph(name=scenario.name)
    for team in scenario.teams:
        g.add_node((TEAM, team.id), kind=TEAM, label=team.name or team.id, capacity=team.capacity)
    for o in scenario.objectives:
        g.add_node((OBJECTIVE, o.id), kind=OBJECTIVE, label=o.title, tier=o.tier.value, level=o.level.value)
        for kr in o.key_results:
            g.add_node((KEY_RESULT, kr.id), kind=KEY_RESULT, label=kr.title, unit=kr.unit,
                       baseline=kr.baseline, target=kr.target)
            g.add_edge((OBJECTIVE, o.id), (KEY_RESULT, kr.id), kind="has")
        for guard in o.guardrails:
            g.add_node((GUARDRAIL, guard.id), kind=GUARDRAIL, label=guard.title, unit=guard.unit,
                       hold=guard.hold.value, level=guard.level)
            g.add_edge((OBJECTIVE, o.id), (GUARDRAIL, guard.id), kind="holds")
    metric_kind = {**{kr.id: KEY_RESULT for kr in scenario.key_results}, **{g.id: GUARDRAIL for g in scenario.guardrails}}
    for d in scenario.drivers:
        g.add_edge((metric_kind[d.source], d.source), (metric_kind[d.target], d.target), kind="drives",
                   elasticity=d.elasticity.mean, low=d.elasticity.low, high=d.elasticity.high)
    company = {o.id: (OBJECTIVE, o.id) for o in scenario.company_objectives}
    company |= {kr.id: (KEY_RESULT, kr.id) for o in scenario.company_objectives for kr in o.key_results}
    for o in scenario.objectives:
        for supported in o.supports:
            g.add_edge((OBJECTIVE, o.id), company[supported], kind="supports")
        for kr in o.key_results:
            for supported in kr.supports:
                g.add_edge((KEY_RESULT, kr.id), company[supported], kind="supports")
    for x in scenario.initiatives:
        g.add_node((INITIATIVE, x.id), kind=INITIATIVE, label=x.title, tier=x.tier.value)
        for kr_id in x.impacts:
            g.add_edge((INITIATIVE, x.id), (KEY_RESULT, kr_id), kind="moves",
                       impact=x.expected_impact(kr_id))
        for guardrail_id in x.guardrail_impacts:
            effect = x.expected_effect(guardrail_id)
            guard = scenario.guardrail(guardrail_id)
            g.add_edge((INITIATIVE, x.id), (GUARDRAIL, guardrail_id), kind="affects", impact=effect,
                       harms=guard.margin(guard.baseline + effect) < guard.margin(guard.baseline))
        for team_id, effort in x.effort.items():
            g.add_edge((INITIATIVE, x.id), (TEAM, team_id), kind="needs", effort=effort)
        for other in x.requires:
            g.add_edge((INITIATIVE, x.id), (INITIATIVE, other), kind="requires")
        for other in x.excludes:
            a, b = sorted((x.id, other))
            g.add_edge((INITIATIVE, a), (INITIATIVE, b), kind="excludes")
    return g


def helps(g: nx.DiGraph, initiative: tuple[str, str], target: tuple[str, str]) -> bool:
    """Whether an initiative's expected effect on a KR or guardrail is welcome (towards the
    target; away from the level not to cross). False for harm and for no effect."""
    data = g.edges[initiative, target]
    if data["kind"] == "affects":
        return not data["harms"] and data["impact"] != 0
    kr = g.nodes[target]
    return data["impact"] * (kr["target"] - kr["baseline"]) > 0


def objective_view(g: nx.DiGraph, objective_id: str) -> nx.DiGraph:
    """One objective's part of the graph: the objective, its key results and guardrails, and
    the initiatives that move them (an initiative serving two objectives is in both views)."""
    root = (OBJECTIVE, objective_id)
    targets = held(g, root)
    movers = {p for t in targets for p in g.predecessors(t) if g.nodes[p]["kind"] == INITIATIVE}
    return g.subgraph([root, *targets, *movers])


def held(g: nx.DiGraph, objective: tuple[str, str]) -> list[tuple[str, str]]:
    """An objective's key results and guardrails, in drawing order."""
    return sorted((n for n in g.successors(objective) if g.edges[objective, n]["kind"] in ("has", "holds")),
                  key=_node_order)


def unmoved_key_results(g: nx.DiGraph) -> list[str]:
    """KRs that no initiative moves, directly or through driver links: nothing in the roadmap
    serves them."""
    moved = {node for node, data in g.nodes(data=True) if data["kind"] == KEY_RESULT
             and any(g.edges[p, node]["kind"] == "moves" for p in g.predecessors(node))}
    drives = g.edge_subgraph([(a, b) for a, b, kind in g.edges(data="kind") if kind == "drives"])
    reached = set(moved)
    for node in moved & set(drives.nodes):
        reached |= nx.descendants(drives, node)
    return [node[1] for node, data in g.nodes(data=True) if data["kind"] == KEY_RESULT and node not in reached]


def supported_company_metrics(g: nx.DiGraph) -> set[tuple[str, str]]:
    """Company objectives and KRs that some product objective or KR supports or drives
    (directly, or through other links)."""
    links = g.edge_subgraph([(a, b) for a, b, kind in g.edges(data="kind") if kind in ("supports", "drives")])
    product = [n for n in links.nodes if g.nodes[n].get("level", _level(g, n)) == "product"]
    found: set[tuple[str, str]] = set()
    for node in product:
        found |= nx.descendants(links, node)
    return found


def _level(g: nx.DiGraph, node: tuple[str, str]) -> str:
    """A KR's or guardrail's level: its objective's."""
    owner = next((p for p in g.predecessors(node) if g.edges[p, node]["kind"] in ("has", "holds")), None)
    return g.nodes[owner]["level"] if owner is not None else ""


def initiatives_moving_nothing(g: nx.DiGraph) -> list[str]:
    return [node[1] for node, data in g.nodes(data=True) if data["kind"] == INITIATIVE
            and not any(g.edges[node, s]["kind"] == "moves" for s in g.successors(node))]


def chain_graph(scenario: Scenario, selected: Iterable[str] | None = None) -> nx.DiGraph:
    """The chain from outputs to outcomes, in layers: initiatives (layer 0) -> the KRs and
    guardrails they move -> the metrics those drive (one layer per step down the driver links)
    -> company objectives (last). Nodes carry `kind`, `label`, `layer`, `level` ("product" or
    "company"), metrics their `unit` and the plan's `expected_change` (with `selected`),
    initiatives `funded` (None without `selected`). Edges: "moves" (initiative -> metric,
    `impact`: expected change), "drives" (`elasticity`, `low`, `high`), "supports" (product KR
    -> company KR or objective, as stated) and "has" (company KR -> its objective)."""
    chosen = None if selected is None else set(selected)
    g = nx.DiGraph(name=scenario.name)
    level_of = {kr.id: scenario.objective(kr.objective).level.value for kr in scenario.key_results}
    level_of |= {x.id: scenario.objective(x.objective).level.value for x in scenario.guardrails}
    # Product metrics first, a layer past their deepest product driver; company metrics after all
    # of them, a layer past their deepest company driver.
    depth = dict.fromkeys(scenario.chain_order, 1)
    for m in scenario.chain_order:  # drivers first
        for d in scenario.links_from(m):
            if level_of.get(m) == level_of.get(d.target):
                depth[d.target] = max(depth[d.target], depth[m] + 1)
    product_layers = max((depth[m] for m in depth if level_of.get(m) == "product"), default=0)
    depth = {m: depth[m] + (product_layers if level_of.get(m) == "company" else 0) for m in depth}
    change = {}
    if chosen is not None:
        for x in scenario.initiatives:
            if x.id in chosen:
                for m, v in scenario.effects(x).items():
                    change[m] = change.get(m, 0.0) + v
    for metric in (*scenario.key_results, *scenario.guardrails):
        kind = GUARDRAIL if metric in scenario.guardrails else KEY_RESULT
        g.add_node((kind, metric.id), kind=kind, label=metric.title, layer=depth[metric.id],
                   level=level_of[metric.id], unit=metric.unit, expected_change=change.get(metric.id, 0.0))
    last = max(depth.values(), default=1) + 1
    for o in scenario.company_objectives:
        g.add_node((OBJECTIVE, o.id), kind=OBJECTIVE, label=o.title, layer=last, level=o.level.value)
        for kr in (*o.key_results, *o.guardrails):
            g.add_edge((KEY_RESULT if kr in o.key_results else GUARDRAIL, kr.id), (OBJECTIVE, o.id), kind="has")
    kind_of = {n[1]: n for n in g.nodes if n[0] in (KEY_RESULT, GUARDRAIL)}
    for d in scenario.drivers:
        g.add_edge(kind_of[d.source], kind_of[d.target], kind="drives", elasticity=d.elasticity.mean,
                   low=d.elasticity.low, high=d.elasticity.high)
    company = {o.id: (OBJECTIVE, o.id) for o in scenario.company_objectives} | {
        kr.id: kind_of[kr.id] for o in scenario.company_objectives for kr in o.key_results}
    for o in scenario.objectives:
        for kr in o.key_results:
            # The objective's `supports` stand for its KRs that drive nothing (the rest show how, by `drives`).
            for supported in (*kr.supports, *(() if scenario.links_from(kr.id) else o.supports)):
                if o.level is Level.PRODUCT and not g.has_edge(kind_of[kr.id], company[supported]):
                    g.add_edge(kind_of[kr.id], company[supported], kind="supports")
    for x in scenario.initiatives:
        g.add_node((INITIATIVE, x.id), kind=INITIATIVE, label=x.title, layer=0, level="product",
                   funded=None if chosen is None else x.id in chosen)
        for metric in (*x.impacts, *x.guardrail_impacts):
            g.add_edge((INITIATIVE, x.id), kind_of[metric], kind="moves",
                       impact=x.expected_impact(metric) if metric in x.impacts else x.expected_effect(metric))
    return g


def layer_names(g: nx.DiGraph) -> dict[int, str]:
    """Each layer's heading: initiatives, product or company KRs (with a step when a level spans
    several layers), company objectives."""
    kinds = {}
    for layer in sorted({d["layer"] for _, d in g.nodes(data=True)}):
        members = [d for _, d in g.nodes(data=True) if d["layer"] == layer]
        kinds[layer] = ("Initiatives" if layer == 0 else "Company objectives"
                        if all(d["kind"] == OBJECTIVE for d in members)
                        else f"{members[0]['level'].capitalize()} key results")
    names = {}
    for layer, kind in kinds.items():
        same = [k for k, v in kinds.items() if v == kind]
        names[layer] = kind + (f", step {same.index(layer) + 1}" if len(same) > 1 else "")
    return names


def chain_to_mermaid(scenario: Scenario, selected: Iterable[str] | None = None) -> str:
    """The chain (`chain_graph`) as a Mermaid flowchart, one column per layer, funded and cut
    initiatives styled apart."""
    g = chain_graph(scenario, selected)
    order = sorted(g.nodes, key=lambda n: (g.nodes[n]["layer"], _node_order(n)))
    names = {node: f"n{i}" for i, node in enumerate(order)}
    shapes = {OBJECTIVE: ('(["', '"])'), KEY_RESULT: ('["', '"]'), GUARDRAIL: ('{{"', '"}}'), INITIATIVE: ('("', '")')}
    lines = ["flowchart LR"]
    for n, (layer, title) in enumerate(layer_names(g).items()):
        lines.append(f'    subgraph L{n} ["{mermaid_text(title)}"]')
        for node in (m for m in order if g.nodes[m]["layer"] == layer):
            left, right = shapes[node[0]]
            lines.append(f"        {names[node]}{left}{mermaid_text(_chain_label(g, node))}{right}")
        lines.append("    end")
    rank = {node: n for n, node in enumerate(order)}
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (rank[e[0]], rank[e[1]])):
        arrow = {"moves": f'-->|"{_format_impact(data.get("impact", 0))}"|',
                 "drives": f'==>|"{_format_elasticity(data.get("elasticity", 0))}"|',
                 "supports": '-.->|"supports"|', "has": "-->"}[data["kind"]]
        lines.append(f"    {names[a]} {arrow} {names[b]}")
    styles = {"funded": "fill:#2563eb,color:#ffffff", "cut": "fill:#ffffff,stroke-dasharray:4 3,color:#6b7280",
              "company": "fill:#fde68a", "guardrail": "fill:#fee2e2,stroke:#dc2626"}
    classes = {"funded": [n for n in order if g.nodes[n].get("funded") is True],
               "cut": [n for n in order if g.nodes[n].get("funded") is False],
               "company": [n for n in order if n[0] != INITIATIVE and g.nodes[n]["level"] == "company"],
               "guardrail": [n for n in order if n[0] == GUARDRAIL]}
    for kind, style in styles.items():
        if classes[kind]:
            lines.append(f"    classDef {kind} {style}")
            lines.append(f"    class {','.join(names[n] for n in classes[kind])} {kind}")
    return "\n".join(lines) + "\n"


def chain_to_dot(scenario: Scenario, selected: Iterable[str] | None = None) -> str:
    """The chain (`chain_graph`) as a Graphviz digraph, one rank per layer."""
    g = chain_graph(scenario, selected)
    order = sorted(g.nodes, key=lambda n: (g.nodes[n]["layer"], _node_order(n)))
    lines = [f'digraph "{_dot_text(scenario.name)}" {{', "  rankdir=LR;", '  node [fontname="Helvetica"];']
    shapes = {OBJECTIVE: 'box, style="rounded,filled", fillcolor="#fde68a"', KEY_RESULT: 'box, style=filled, fillcolor="#bfdbfe"',
              GUARDRAIL: 'hexagon, style=filled, fillcolor="#fee2e2"', INITIATIVE: 'ellipse, style=filled, fillcolor="#e5e7eb"'}
    for n, (layer, title) in enumerate(layer_names(g).items()):
        lines.append(f'  subgraph cluster_{n} {{ label="{_dot_text(title)}"; rank=same;')
        for node in (m for m in order if g.nodes[m]["layer"] == layer):
            shape = shapes[node[0]]
            funded = g.nodes[node].get("funded")
            if funded is not None:
                shape = ('ellipse, style=filled, fillcolor="#2563eb", fontcolor=white' if funded
                         else 'ellipse, style=dashed, color="#6b7280", fontcolor="#6b7280"')
            elif node[0] == KEY_RESULT and g.nodes[node]["level"] == "company":
                shape = 'box, style=filled, fillcolor="#fde68a"'
            lines.append(f'    "{_dot_text(":".join(node))}" [label="{_dot_text(_chain_label(g, node))}", shape={shape}];')
        lines.append("  }")
    rank = {node: n for n, node in enumerate(order)}
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (rank[e[0]], rank[e[1]])):
        attrs = {"moves": f'label="{_format_impact(data.get("impact", 0))}"',
                 "drives": f'style=bold, label="{_format_elasticity(data.get("elasticity", 0))}"',
                 "supports": 'style=dotted, label="supports"', "has": ""}[data["kind"]]
        lines.append(f'  "{_dot_text(":".join(a))}" -> "{_dot_text(":".join(b))}"' + (f" [{attrs}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _chain_label(g: nx.DiGraph, node: tuple[str, str]) -> str:
    data = g.nodes[node]
    if node[0] in (KEY_RESULT, GUARDRAIL) and data["expected_change"]:
        unit = f" {data['unit']}" if data["unit"] else ""
        return f"{data['label']} ({data['expected_change']:+.3g}{unit})"
    return data["label"]


# --- exports -------------------------------------------------------------------------------

_MERMAID_ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "#": "#35;",
                     "|": "#124;", "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;",
                     "`": "#96;", "\n": " "}


def mermaid_text(text: str) -> str:
    """User text made inert inside a quoted Mermaid label (entity codes for its syntax)."""
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in one_line(text))


def _format_impact(value: float) -> str:
    return f"{value:+.3g}"


def _format_elasticity(value: float) -> str:
    return f"×{value:.3g}"


def to_mermaid(scenario: Scenario, selected: Iterable[str] | None = None, objective_id: str | None = None) -> str:
    """A Mermaid flowchart: objective -> key result <- initiative (renders in GitHub, Notion).

    Each objective sits in its own box with its key results and guardrails, so the picture stays
    readable with dozens of initiatives. Given the `selected` initiatives, funded and cut ones are
    styled apart. Given an `objective_id`, only that objective's part is drawn."""
    whole = alignment_graph(scenario)
    g = whole if objective_id is None else objective_view(whole, objective_id)
    g = g.subgraph(n for n in g.nodes if g.nodes[n]["kind"] != TEAM)
    order = sorted(g.nodes, key=_node_order)
    names = {node: f"n{i}" for i, node in enumerate(order)}
    shapes = {OBJECTIVE: ('(["', '"])'), KEY_RESULT: ('["', '"]'), GUARDRAIL: ('{{"', '"}}'),
              INITIATIVE: ('("', '")')}

    def node_line(node) -> str:
        data = g.nodes[node]
        left, right = shapes[data["kind"]]
        label = mermaid_text(data["label"])
        if data["kind"] == OBJECTIVE:
            label = f"{label} ({data['tier']})"
        elif data["kind"] == GUARDRAIL:
            label = f"{label} (hold {'≥' if data['hold'] == 'at_least' else '≤'} {data['level']:g})"
        return f"{names[node]}{left}{label}{right}"

    lines = ["flowchart LR"]
    boxes = [n for n in order if n[0] == OBJECTIVE]
    for i, objective in enumerate(boxes):  # each objective boxed with what it holds
        lines.append(f'    subgraph g{i} [" "]')
        lines += [f"        {node_line(n)}" for n in (objective, *held(g, objective))]
        lines.append("    end")
    boxed = {n for o in boxes for n in (o, *held(g, o))}
    lines += [f"    {node_line(n)}" for n in order if n not in boxed]
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (_node_order(e[0]), _node_order(e[1]))):
        kind = data["kind"]
        if kind in ("has", "holds"):
            lines.append(f"    {names[a]} --> {names[b]}")
        elif kind in ("moves", "affects"):
            lines.append(f'    {names[a]} -->|"{mermaid_text(_format_impact(data["impact"]))}"| {names[b]}')
        elif kind == "drives":
            lines.append(f'    {names[a]} ==>|"{mermaid_text(_format_elasticity(data["elasticity"]))}"| {names[b]}')
        elif kind == "supports":
            lines.append(f'    {names[a]} -.->|"supports"| {names[b]}')
        elif kind == "requires":
            lines.append(f'    {names[a]} -.->|"requires"| {names[b]}')
        elif kind == "excludes":
            lines.append(f'    {names[a]} x-.-x|"excludes"| {names[b]}')
    chosen = None if selected is None else set(selected)
    styles = {OBJECTIVE: "fill:#fde68a", KEY_RESULT: "fill:#bfdbfe", GUARDRAIL: "fill:#fee2e2,stroke:#dc2626",
              INITIATIVE: "fill:#e5e7eb"}
    classes = {kind: [n for n in order if g.nodes[n]["kind"] == kind] for kind in styles}
    if chosen is not None:  # funded solid blue, cut dashed
        styles |= {"funded": "fill:#2563eb,color:#ffffff", "cut": "fill:#ffffff,stroke-dasharray:4 3,color:#6b7280"}
        initiatives = classes.pop(INITIATIVE)
        del styles[INITIATIVE]
        classes["funded"] = [n for n in initiatives if n[1] in chosen]
        classes["cut"] = [n for n in initiatives if n[1] not in chosen]
    for kind, style in styles.items():
        if classes[kind]:
            lines.append(f"    classDef {kind} {style}")
            lines.append(f"    class {','.join(names[n] for n in classes[kind])} {kind}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return printable(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(scenario: Scenario, selected: Iterable[str] | None = None, objective_id: str | None = None) -> str:
    """A Graphviz DOT digraph of the same picture as `to_mermaid`: each objective a cluster with
    its key results and guardrails; given the `selected` initiatives, funded ones filled blue and
    cut ones dashed."""
    whole = alignment_graph(scenario)
    g = whole if objective_id is None else objective_view(whole, objective_id)
    g = g.subgraph(n for n in g.nodes if g.nodes[n]["kind"] != TEAM)
    chosen = None if selected is None else set(selected)
    lines = [f'digraph "{_dot_text(scenario.name)}" {{', "  rankdir=LR;", '  node [fontname="Helvetica"];']
    shapes = {OBJECTIVE: "box, style=\"rounded,filled\", fillcolor=\"#fde68a\"",
              KEY_RESULT: "box, style=filled, fillcolor=\"#bfdbfe\"",
              GUARDRAIL: "hexagon, style=filled, fillcolor=\"#fee2e2\"",
              INITIATIVE: "ellipse, style=filled, fillcolor=\"#e5e7eb\""}
    funded = "ellipse, style=filled, fillcolor=\"#2563eb\", fontcolor=white"
    cut = "ellipse, style=dashed, color=\"#6b7280\", fontcolor=\"#6b7280\""

    def node_line(node) -> str:
        data = g.nodes[node]
        shape = shapes[data["kind"]]
        if data["kind"] == INITIATIVE and chosen is not None:
            shape = funded if node[1] in chosen else cut
        return f'"{_dot_text(":".join(node))}" [label="{_dot_text(data["label"])}", shape={shape}];'

    order = sorted(g.nodes, key=_node_order)
    boxes = [n for n in order if n[0] == OBJECTIVE]
    for i, objective in enumerate(boxes):
        lines.append(f"  subgraph cluster_{i} {{")
        lines += [f"    {node_line(n)}" for n in (objective, *held(g, objective))]
        lines.append("  }")
    boxed = {n for o in boxes for n in (o, *held(g, o))}
    lines += [f"  {node_line(n)}" for n in order if n not in boxed]
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (_node_order(e[0]), _node_order(e[1]))):
        src, dst = _dot_text(":".join(a)), _dot_text(":".join(b))
        attrs = {"has": "", "holds": "", "moves": f'label="{_format_impact(data.get("impact", 0))}"',
                 "affects": f'label="{_format_impact(data.get("impact", 0))}"',
                 "drives": f'style=bold, label="{_format_elasticity(data.get("elasticity", 0))}"',
                 "supports": 'style=dotted, label="supports"',
                 "requires": 'style=dashed, label="requires"',
                 "excludes": 'style=dotted, dir=both, arrowhead=tee, arrowtail=tee, label="excludes"',
                 "needs": None}[data["kind"]]
        if attrs is None:
            continue
        lines.append(f'  "{src}" -> "{dst}"' + (f" [{attrs}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node_order(node: tuple[str, str]) -> tuple[int, str]:
    return ([OBJECTIVE, KEY_RESULT, GUARDRAIL, INITIATIVE, TEAM].index(node[0]), node[1])
