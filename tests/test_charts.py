"""Charts: every figure draws from API results, and saved bytes are deterministic."""

from __future__ import annotations

from support import POINT, load
from planner import api, charts


def test_every_chart_draws_and_saves_the_same_bytes():
    scenario = load("onboarding-q3")
    result = api.plan(scenario, POINT.replace(forecast_samples=500))
    frontier = api.frontier(scenario, None, 0.5, 1.5, 3, POINT)
    tradeoff = api.tradeoff(scenario, "onboarding", "signin", 2, POINT)
    comparison = api.compare([scenario], roadmaps=[("tour", ["tour"])], settings=POINT.replace(forecast_samples=500))
    figures = {
        "attainment": lambda: charts.attainment_figure(result), "capacity": lambda: charts.capacity_figure(result),
        "split": lambda: charts.split_figure(result), "frontier": lambda: charts.frontier_figure(frontier),
        "tradeoff": lambda: charts.tradeoff_figure(tradeoff), "comparison": lambda: charts.comparison_figure(comparison),
        "graph": lambda: charts.graph_figure(scenario, result.plan.selected),
    }
    for name, draw in figures.items():
        svg = charts.figure_bytes(draw(), "svg")
        assert svg.lstrip().startswith(b"<?xml") and svg == charts.figure_bytes(draw(), "svg"), name
    assert charts.figure_bytes(figures["split"](), "png").startswith(b"\x89PNG")
