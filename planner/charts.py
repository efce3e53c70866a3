"""Charts as matplotlib figures (notebooks show them; the CLI saves them as PNG or SVG).

matplotlib loads on first use. Saved files are deterministic: no date in the metadata, a fixed
salt for SVG ids.
"""

from __future__ import annotations

from pathlib import Path


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "okr-planner"
    return plt


def frontier_figure(frontier):
    """Best expected score against capacity, with the knee marked."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    points = [p for p in frontier.points if p.value is not None]
    ax.plot([p.capacity for p in points], [p.value * 100 for p in points], marker="o", color="#2563eb")
    knee = frontier.knee
    if knee is not None:
        ax.scatter([knee.capacity], [knee.value * 100], s=120, facecolors="none", edgecolors="#dc2626", zorder=3)
        ax.annotate("knee", (knee.capacity, knee.value * 100), textcoords="offset points", xytext=(8, -14), color="#dc2626")
    who = f"team {frontier.team_id}" if frontier.team_id else "all teams"
    ax.set_xlabel(f"capacity of {who} ({frontier.units})")
    ax.set_ylabel("best expected score (%)")
    ax.set_title(f"Capacity frontier: {who}")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def tradeoff_figure(tradeoff):
    """The two objectives' scores of each swept plan; the Pareto frontier joined."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 5))
    for p in tradeoff.points:
        ax.scatter(p.score_a * 100, p.score_b * 100, color="#9ca3af" if p.dominated else "#2563eb", zorder=3)
    front = sorted(tradeoff.pareto, key=lambda p: p.score_a)
    ax.plot([p.score_a * 100 for p in front], [p.score_b * 100 for p in front], color="#2563eb")
    ax.set_xlabel(f"{tradeoff.objective_a} score (%)")
    ax.set_ylabel(f"{tradeoff.objective_b} score (%)")
    ax.set_title("Objective trade-off (grey: dominated)")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def save(fig, path: str | Path) -> None:
    """Save a figure as PNG or SVG, deterministically."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(path, format=fmt, metadata=metadata, dpi=120)
    _pyplot().close(fig)


def figure_bytes(fig, fmt: str) -> bytes:
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else {"Software": None}, dpi=120)
    _pyplot().close(fig)
    return buffer.getvalue()
