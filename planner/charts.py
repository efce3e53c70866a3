"""Charts as matplotlib figures (notebooks show them; the CLI saves them as PNG or SVG).

matplotlib loads on first use. Saved files are deterministic: no date in the metadata, a fixed
salt for SVG ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from planner.model import TIERS, Scenario
from planner.results import PlanResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from planner.compare import Comparison
    from planner.frontier import CapacityFrontier, ObjectiveTradeoff


def _pyplot():
    import sys

    import matplotlib

    if "ipykernel" not in sys.modules:  # in Jupyter, keep its inline backend so figures show
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "okr-planner"
    return plt


def _legend_outside(ax) -> None:
    """The legend under the axis label, where it cannot cover a bar or a point (tight_layout makes room)."""
    from matplotlib.transforms import offset_copy

    below = offset_copy(ax.transAxes, fig=ax.figure, y=-36, units="points")  # past the ticks and the axis label
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=below, ncol=3, fontsize="small",
              frameon=False)


def frontier_figure(frontier: CapacityFrontier) -> Figure:
    """Best value against capacity, with the knee and today's capacity marked."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    points = [p for p in frontier.points if p.value is not None]
    ax.plot([p.capacity for p in points], [p.value * 100 for p in points], marker="o", color="#2563eb")
    ranged = [p for p in points if not p.proven and p.best.other_end is not None]
    if ranged:  # re-solves cut by the time limit: the best value lies between the plan and the bound
        ax.vlines([p.capacity for p in ranged], [p.value * 100 for p in ranged], [p.best.other_end * 100 for p in ranged],
                  color="#94a3b8", label="not proven: up to the solver's bound")
        _legend_outside(ax)
    knee = frontier.knee
    if knee is not None:
        ax.scatter([knee.capacity], [knee.value * 100], s=120, facecolors="none", edgecolors="#dc2626", zorder=3)
        ax.annotate("knee", (knee.capacity, knee.value * 100), textcoords="offset points", xytext=(8, -14), color="#dc2626")
    today = next((p for p in frontier.points if p.is_today), None)
    if today is not None:  # where the plan stands: today's capacity
        ax.axvline(today.capacity, color="#64748b", linestyle="--", linewidth=1)
        ax.annotate("today", (today.capacity, 0), xycoords=("data", "axes fraction"), textcoords="offset points",
                    xytext=(4, 6), color="#475569")
    who = f"team {frontier.team_id}" if frontier.team_id else "all teams"
    ax.set_xlabel(f"capacity of {who} ({frontier.units})")
    ax.set_ylabel("best value (%)")
    ax.set_title(f"Capacity frontier: {who}")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def tradeoff_figure(tradeoff: ObjectiveTradeoff) -> Figure:
    """The two objectives' scores of each swept plan; the Pareto frontier joined."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 5))
    for p in (p for p in tradeoff.points if p.score_a is not None):
        ax.scatter(p.score_a * 100, p.score_b * 100, color="#9ca3af" if p.dominated else "#2563eb", zorder=3)
    front = sorted(tradeoff.pareto, key=lambda p: p.score_a)
    ax.plot([p.score_a * 100 for p in front], [p.score_b * 100 for p in front], color="#2563eb")
    ax.set_xlabel(f"{tradeoff.objective_a} score (%)")
    ax.set_ylabel(f"{tradeoff.objective_b} score (%)")
    ax.set_title("Objective trade-off (grey: dominated)")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """A figure as PNG or SVG bytes, deterministically (no date; a fixed SVG salt)."""
    import io

    buffer = io.BytesIO()
    # Laid out already (`tight_layout`), the figure keeps a placeholder layout engine, for which
    # savefig would draw it once more before drawing it into the file: a third of the time.
    fig.set_layout_engine("none")
    fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else {"Software": None}, dpi=120)
    _pyplot().close(fig)
    return buffer.getvalue()


def attainment_figure(result: PlanResult) -> Figure:
    """Each KR's expected attainment with its P10–P90 range, against the 70% line."""
    plt = _pyplot()
    krs = result.key_results.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(krs) + 1.4))
    if "expected_attainment" in krs:
        values = krs["expected_attainment"] * 100
        low, high = (values - krs["p10"] * 100).clip(lower=0), (krs["p90"] * 100 - values).clip(lower=0)
        ax.barh(krs.index, values, color="#93c5fd", xerr=[low, high], ecolor="#1e3a8a", capsize=3)
    else:
        ax.barh(krs.index, krs["attainment_of_expected"] * 100, color="#93c5fd")
    ax.axvline(70, color="#dc2626", linestyle="--", linewidth=1, label="70%: success in OKR practice")
    _legend_outside(ax)
    ax.set_xlim(min(0, ax.get_xlim()[0]), 105)
    ax.set_xlabel("attainment (%) — bar: expected; whiskers: P10–P90")
    ax.set_title("Key results: forecast attainment")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def capacity_figure(result: PlanResult) -> Figure:
    """Effort used against capacity, per team."""
    plt = _pyplot()
    teams = result.teams
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(teams) + 1.3))
    ax.barh(teams.index, teams["capacity"], color="#e5e7eb", label="capacity")
    ax.barh(teams.index, teams["used"], color="#2563eb", height=0.5, label="used")
    ax.set_xlabel(f"effort ({result.scenario.units})")
    ax.set_title("Capacity use")
    _legend_outside(ax)
    fig.tight_layout()
    return fig


def split_figure(result: PlanResult) -> Figure:
    """Share of selected effort per tier, against the 70/20/10 bands."""
    plt = _pyplot()
    shares = result.plan.evaluation.split_shares
    fig, ax = plt.subplots(figsize=(6, 2.6))
    names = [t.value for t in TIERS]
    ax.bar(names, [shares[t] * 100 for t in TIERS], color="#2563eb", width=0.5)
    policy = result.scenario.split
    if policy is not None:
        for n, tier in enumerate(TIERS):
            low, high = policy.band(tier)
            ax.fill_between([n - 0.35, n + 0.35], low * 100, high * 100, color="#fca5a5", alpha=0.5, zorder=0)
    ax.set_ylabel("share of effort (%)")
    ax.set_title("70/20/10 split (shaded: allowed band)")
    fig.tight_layout()
    return fig


def comparison_figure(comparison: Comparison) -> Figure:
    """Expected attainment per KR, one bar per option."""
    import numpy as np

    plt = _pyplot()
    table = comparison.table()
    krs = table[table.kind == "key result"]
    pivot = krs.pivot(index="key", columns="option", values="value")
    pivot = pivot.loc[[k for k in dict.fromkeys(krs.key)], [o.name for o in comparison.options]]
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(pivot) + 1.6))
    height = 0.8 / len(pivot.columns)
    y = np.arange(len(pivot))
    for n, option in enumerate(pivot.columns):
        ax.barh(y + n * height, pivot[option] * 100, height=height, label=option)
    ax.set_yticks(y + height * (len(pivot.columns) - 1) / 2, pivot.index)
    ax.invert_yaxis()
    ax.axvline(70, color="#dc2626", linestyle="--", linewidth=1)
    ax.set_xlabel("expected attainment (%)")
    ax.set_title("Options compared")
    _legend_outside(ax)
    fig.tight_layout()
    return fig


def sweep_figure(sweep) -> Figure:
    """The headline of each variant against the first parameter's values, one line per
    combination of the others, with the unchanged scenario's as a dashed line."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    first, rest = sweep.parameters[0], sweep.parameters[1:]
    xs = list(dict.fromkeys(p.changes[first] for p in sweep.points))
    groups: dict[tuple, list] = {}
    for p in sweep.points:
        groups.setdefault(tuple(p.changes[k] for k in rest), []).append(p)
    for key, points in groups.items():
        label = ", ".join(f"{k}={v}" for k, v in zip(rest, key)) or "plan"
        ax.plot([xs.index(p.changes[first]) for p in points],
                [None if p.headline is None else p.headline * 100 for p in points], marker="o", label=_short(label, 40))
    if sweep.base.headline is not None:
        ax.axhline(sweep.base.headline * 100, color="#6b7280", linestyle="--", linewidth=1, label="unchanged")
    ax.set_xticks(range(len(xs)), [_short(x, 12) for x in xs])
    ax.set_xlabel(first)
    ax.set_ylabel("expected attainment (%)" if sweep.settings.forecast_samples else "attainment of expected impacts (%)")
    ax.set_title("Best plan for each variant")
    ax.grid(alpha=0.3)
    _legend_outside(ax)
    fig.tight_layout()
    return fig


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def graph_figure(scenario: Scenario, selected: Iterable[str] = ()) -> Figure:
    """The alignment graph split per objective: in each panel the objective's key results and
    guardrails on the left, the initiatives moving them on the right (funded: blue; cut: dashed),
    joined green where an initiative helps and red where it hurts. Panels keep the picture
    readable with dozens of initiatives; drawn here so a report needs no network or JavaScript."""
    from planner.graph import GUARDRAIL, INITIATIVE, alignment_graph, helps, initiatives_moving_nothing, objective_view

    plt = _pyplot()
    g = alignment_graph(scenario)
    chosen = set(selected)
    panels = []
    for o in scenario.objectives:
        view = objective_view(g, o.id)
        targets = [*((("key_result", k.id)) for k in o.key_results), *((GUARDRAIL, x.id) for x in o.guardrails)]
        rank = {t: n for n, t in enumerate(targets)}
        def place(node, rank=rank, view=view):  # near the targets it moves: fewer crossings
            moved = [rank[t] for t in view.successors(node) if t in rank]
            return sum(moved) / len(moved), node[1]

        movers = sorted((n for n in view.nodes if n[0] == INITIATIVE), key=place)
        panels.append((f"{_short(o.title, 70)} ({o.kind})", targets, movers))
    idle = [(INITIATIVE, i) for i in initiatives_moving_nothing(g)]
    if idle:
        panels.append(("Moving no key result", [], idle))
    rows = [max(len(t), len(m), 1) for _, t, m in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(8, 0.3 * sum(rows) + 0.55 * len(panels) + 0.5),
                             gridspec_kw={"height_ratios": rows}, squeeze=False)
    box = {"boxstyle": "round,pad=0.3", "linewidth": 0.8}
    for ax, (title, targets, movers), n in zip(axes[:, 0], panels, rows):
        y = {}
        for column, x, align in ((targets, 0.45, "right"), (movers, 0.58, "left")):
            for i, node in enumerate(column):
                y[node] = n - 0.5 - i * n / len(column) - (n / len(column) - 1) / 2
                data = g.nodes[node]
                if node[0] == INITIATIVE:
                    funded = node[1] in chosen
                    style = {"facecolor": "#2563eb" if funded else "white",
                             "edgecolor": "#1e3a8a" if funded else "#6b7280", "linestyle": "-" if funded else "--"}
                    label, color = _short(data["label"], 40), "white" if funded else "#374151"
                elif node[0] == GUARDRAIL:
                    style = {"facecolor": "#fee2e2", "edgecolor": "#dc2626"}
                    sign = "≥" if data["hold"] == "at_least" else "≤"
                    label, color = f"{_short(data['label'], 40)} ({sign} {data['level']:g})", "black"
                else:
                    style = {"facecolor": "#bfdbfe", "edgecolor": "#6b7280"}
                    label, color = _short(data["label"], 50), "black"
                ax.text(x, y[node], label, ha=align, va="center", fontsize=9, color=color, zorder=2, bbox=box | style)
        for a in movers:
            for b in (t for t in g.successors(a) if t in y and t in targets):
                good = helps(g, a, b)
                color = "#16a34a" if good else "#dc2626" if g.edges[a, b]["impact"] != 0 else "#9ca3af"
                ax.plot([0.455, 0.575], [y[b], y[a]], color=color, linewidth=1.2, alpha=0.8, zorder=1)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, n)
        ax.axis("off")
        # At the top, said outright: with no axis drawn there is nothing to clear, but left to place
        # it matplotlib measures the hidden tick labels for it (the same bytes, without the work).
        ax.set_title(title, loc="left", fontsize=10, fontweight="bold", y=1.0)
    fig.suptitle("Key results (left) and the initiatives moving them (right) — blue: funded; dashed: cut; "
                 "green/red line: helps/hurts", fontsize=8, color="#374151")
    fig.tight_layout()
    return fig


def chain_figure(scenario: Scenario, selected: Iterable[str] = ()) -> Figure:
    """The chain from outputs to outcomes in columns (`planner.graph.chain_graph`): initiatives,
    product KRs, company KRs, company objectives, left to right. Funded initiatives blue, cut ones
    dashed; driver links bold with their elasticity; green/red where a move helps/hurts. Each
    column stacks its boxes a fixed step apart, so labels never overlap however many there are."""
    from planner.graph import GUARDRAIL, INITIATIVE, OBJECTIVE, chain_graph, layer_names

    plt = _pyplot()
    g = chain_graph(scenario, list(selected))
    shown = {n for n in g.nodes if n[0] != INITIATIVE or g.out_degree(n)}  # work that moves nothing is not in a chain
    layers = sorted({g.nodes[n]["layer"] for n in shown})
    columns = {layer: sorted((n for n in shown if g.nodes[n]["layer"] == layer), key=lambda n: n[1]) for layer in layers}
    if len(layers) > 1:  # initiatives next to what they move: fewer crossings
        rank = {n: i for i, n in enumerate(columns[layers[1]])}
        moved = lambda n: [rank[t] for t in g.successors(n) if t in rank] or [len(rank)]  # noqa: E731
        columns[0] = sorted(columns[0], key=lambda n: (sum(moved(n)) / len(moved(n)), n[1]))
    rows = max(len(c) for c in columns.values())
    step_x = 3.0  # inches between columns: a 26-character label at 9 pt takes about 1.9, leaving a gap for the elasticities
    fig, ax = plt.subplots(figsize=(step_x * len(layers) + 0.4, 0.32 * rows + 1.2))
    position = {}
    for column, layer in enumerate(layers):
        members = columns[layer]
        for row, node in enumerate(members):
            position[node] = (column * step_x + step_x / 2, rows - 0.5 - row * rows / len(members) - (rows / len(members) - 1) / 2)
    box = {"boxstyle": "round,pad=0.25", "linewidth": 0.8}
    inch_per_row = (0.32 * rows + 1.2) / (rows + 0.9)  # the y axis spans rows + 0.9 over the figure's height
    placed: list[tuple[float, float, float, float]] = []  # elasticity labels drawn so far (data units)
    for node, (x, y) in position.items():
        data = g.nodes[node]
        if node[0] == INITIATIVE:
            funded = data["funded"] is True
            style = {"facecolor": "#2563eb" if funded else "white", "edgecolor": "#1e3a8a" if funded else "#6b7280",
                     "linestyle": "-" if funded else "--"}
            color = "white" if funded else "#374151"
        elif node[0] == GUARDRAIL:
            style, color = {"facecolor": "#fee2e2", "edgecolor": "#dc2626"}, "black"
        elif node[0] == OBJECTIVE or data["level"] == "company":
            style, color = {"facecolor": "#fde68a", "edgecolor": "#92400e"}, "black"
        else:
            style, color = {"facecolor": "#bfdbfe", "edgecolor": "#6b7280"}, "black"
        ax.text(x, y, _short(node[1] if node[0] != OBJECTIVE else data["label"], 26), ha="center", va="center",
                fontsize=9, color=color, zorder=3, bbox=box | style)
    for a, b, data in g.edges(data=True):
        if a not in position or b not in position:
            continue
        (xa, ya), (xb, yb) = position[a], position[b]
        if data["kind"] == "moves":
            good = data["impact"] * _direction(scenario, b) > 0
            color, width = ("#16a34a" if good else "#dc2626"), 0.9
        elif data["kind"] == "drives":
            color, width = "#1e3a8a", 1.8
        else:
            color, width = "#9ca3af", 0.8
        ax.plot([xa, xb], [ya, yb], color=color, linewidth=width, alpha=0.7, zorder=1,
                linestyle=":" if data["kind"] == "supports" else "-")
        if data["kind"] == "drives":
            label = f"×{data['elasticity']:.3g}"
            x, y = _free_spot(placed, label, xa, ya, xb, yb, step_x, inch_per_row)
            ax.text(x, y, label, fontsize=8, ha="center", va="center", color="#1e3a8a", zorder=2,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "linewidth": 0})
    names = layer_names(g)
    for column, layer in enumerate(layers):
        ax.text(column * step_x + step_x / 2, rows + 0.35, names[layer], ha="center", va="bottom", fontsize=9,
                fontweight="bold")
    ax.set_xlim(0, step_x * len(layers))
    ax.set_ylim(0, rows + 0.9)
    ax.axis("off")
    fig.tight_layout()
    return fig


def _free_spot(placed: list, label: str, xa: float, ya: float, xb: float, yb: float, step_x: float,
               inch_per_row: float) -> tuple[float, float]:
    """Where an elasticity's label goes: on its link in a gap between columns (no box stands
    there), the first gap where it meets no label already placed; else nudged up or down a
    little. Sizes are estimated from 8 pt text (x is in inches; y in rows)."""
    half_w, half_h = 0.035 * len(label) + 0.04, 0.09 / inch_per_row
    gaps = max(1, round((xb - xa) / step_x))
    for nudge in (0.0, 2.2 * half_h, -2.2 * half_h, 4.4 * half_h, -4.4 * half_h):
        for k in range(gaps):
            x = xa + step_x * (k + 0.5)
            y = ya + (yb - ya) * (x - xa) / (xb - xa) + nudge
            box = (x - half_w, x + half_w, y - half_h, y + half_h)
            if not any(box[0] < o[1] and o[0] < box[1] and box[2] < o[3] and o[2] < box[3] for o in placed):
                placed.append(box)
                return x, y
    x = xa + step_x / 2
    return x, ya + (yb - ya) * (x - xa) / (xb - xa)


def _direction(scenario: Scenario, node: tuple[str, str]) -> float:
    """+1 where a rise is welcome (a KR whose target lies above its baseline, a guardrail held at
    least at its level), -1 where a fall is."""
    from planner.graph import KEY_RESULT
    from planner.model import Hold

    if node[0] == KEY_RESULT:
        return 1.0 if scenario.key_result(node[1]).gap > 0 else -1.0
    return 1.0 if scenario.guardrail(node[1]).hold is Hold.AT_LEAST else -1.0


def status_figure(status) -> Figure:
    """Each KR at a check-in: attained so far (dark) and expected at the end of the quarter if the
    plan goes on (light, with P10–P90 whiskers), against the 70% line."""
    import numpy as np

    plt = _pyplot()
    krs = list(status.key_results)[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(krs) + 1.6))
    y = np.arange(len(krs))
    end = np.array([k.forecast.mean for k in krs]) * 100
    low = np.clip(end - np.array([k.forecast.p10 for k in krs]) * 100, 0, None)
    high = np.clip(np.array([k.forecast.p90 for k in krs]) * 100 - end, 0, None)
    ax.barh(y, end, color="#bfdbfe", xerr=[low, high], ecolor="#1e3a8a", capsize=3, label="expected at the end")
    ax.barh(y, [k.attained_so_far * 100 for k in krs], color="#2563eb", height=0.45, label="so far")
    ax.set_yticks(y, [k.key_result_id for k in krs])
    ax.axvline(70, color="#dc2626", linestyle="--", linewidth=1, label="70%")
    ax.set_xlim(min(0, ax.get_xlim()[0]), 105)
    ax.set_xlabel("attainment (%)")
    ax.set_title(f"Week {status.rest.checkin.week:g} of {status.scenario.quarter.weeks}: so far and at the end")
    ax.grid(axis="x", alpha=0.3)
    _legend_outside(ax)
    fig.tight_layout()
    return fig
