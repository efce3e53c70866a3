"""Turning results into things people read: rich tables for the terminal, JSON, CSV."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from planner.model import TIERS


def validation_summary(checked) -> Group:
    """'ok', a short summary of the scenario, and its warnings."""
    s = checked.scenario
    parts: list = [Text.assemble(("ok", "bold green"), f"  {s.name}")]
    counts = Table.grid(padding=(0, 2))
    counts.add_row("objectives", str(len(s.objectives)),
                   ", ".join(f"{sum(o.tier is t for o in s.objectives)} {t.value}" for t in TIERS))
    counts.add_row("key results", str(len(s.key_results)), "")
    counts.add_row("initiatives", str(len(s.initiatives)),
                   ", ".join(f"{sum(x.tier is t for x in s.initiatives)} {t.value}" for t in TIERS))
    for team in s.teams:
        demand = sum(x.effort.get(team.id, 0.0) for x in s.initiatives)
        counts.add_row(f"team {escape(team.id)}", f"{team.capacity:g} {escape(s.units)}",
                       f"candidates need {demand:g}")
    split = "off" if s.split is None else " / ".join(
        f"{s.split.shares[t]:.0%}" for t in TIERS) + f" ± {s.split.tolerance:.0%}"
    counts.add_row("split", split, "")
    parts.append(counts)
    if checked.warnings:
        parts.append(Text(f"\n{len(checked.warnings)} warning(s):", style="bold yellow"))
        for w in checked.warnings:
            parts.append(Text.assemble(("  warning ", "yellow"), f"{w.where}: {w.message} ", (f"[{w.code}]", "dim")))
            parts.append(Text(f"    why: {w.why}", style="dim"))
    return Group(*parts)
