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
        "status": lambda: charts.status_figure(_week_eight()),
    }
    for name, draw in figures.items():
        svg = charts.figure_bytes(draw(), "svg")
        assert svg.lstrip().startswith(b"<?xml") and svg == charts.figure_bytes(draw(), "svg"), name
    assert charts.figure_bytes(figures["split"](), "png").startswith(b"\x89PNG")


def _week_eight():
    from support import ROOT

    quarter = ROOT / "scenarios"
    return api.status(quarter / "cloudsecure-q1.yaml", quarter / "cloudsecure-q1-checkins" / "week-08.yaml",
                      POINT.replace(forecast_samples=500))


def _boxes(fig, artists):
    renderer = fig.canvas.get_renderer()
    return [a.get_window_extent(renderer) for a in artists]


def test_the_alignment_graph_stays_readable_at_thirty_initiatives():
    """multi-team-q4 (30 initiatives): one panel per objective, labels at 9 pt or more, no two
    labels overlapping, every label inside the figure."""
    scenario = load("multi-team-q4")
    fig = charts.graph_figure(scenario, [x.id for x in scenario.initiatives[::2]])
    fig.canvas.draw()
    assert len(fig.axes) == len(scenario.objectives) + 1  # and one for the initiative moving no KR
    labels = [t for ax in fig.axes for t in ax.texts]
    assert len(labels) >= len(scenario.initiatives) + len(scenario.key_results)
    assert min(t.get_fontsize() for t in labels) >= 9
    boxes = [t.get_bbox_patch().get_window_extent() for t in labels]
    assert not [(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1:] if a.overlaps(b)]
    width, height = fig.bbox.width, fig.bbox.height
    assert all(b.x0 >= 0 and b.y0 >= 0 and b.x1 <= width and b.y1 <= height for b in boxes)


def test_no_legend_covers_the_plot():
    scenario = load("multi-team-q4")
    result = api.plan(scenario, POINT.replace(forecast_samples=500))
    week_eight = _week_eight()
    for draw in (charts.attainment_figure, charts.capacity_figure, lambda _: charts.status_figure(week_eight)):
        fig = draw(result)
        fig.canvas.draw()
        ax = fig.axes[0]
        legend, plot = _boxes(fig, [ax.get_legend(), ax.patch])
        assert not legend.overlaps(plot) and legend.y1 < plot.y0


def test_the_chain_stays_readable_with_dozens_of_initiatives():
    """The Acme portfolio's chain with 6 of its 26 initiatives twice (32): one column per layer,
    node labels at 9 pt, no two labels (headings, nodes, elasticities) overlapping, all inside."""
    import dataclasses

    from support import ROOT
    from planner.loading import load_scenario

    scenario = load_scenario(ROOT / "scenarios" / "acme" / "portfolio.yaml")
    twins = tuple(dataclasses.replace(x, id=x.id + "-2", requires=(), excludes=(), commit=None)
                  for x in scenario.initiatives[:6])
    scenario = dataclasses.replace(scenario, initiatives=scenario.initiatives + twins)
    fig = charts.chain_figure(scenario, [x.id for x in scenario.initiatives[::2]])
    fig.canvas.draw()
    nodes = [t for t in fig.axes[0].texts if t.get_bbox_patch() is not None and t.get_fontsize() >= 9
             and t.get_bbox_patch().get_boxstyle().__class__.__name__ == "Round"]
    rates = [t for t in fig.axes[0].texts if t.get_text().startswith("×")]
    assert len(nodes) >= 32 + len(scenario.key_results) and len(rates) == len(scenario.drivers)
    every = [(t.get_bbox_patch() or t).get_window_extent() for t in fig.axes[0].texts]  # headings, nodes, rates
    assert not [(a, b) for n, a in enumerate(every) for b in every[n + 1:] if a.overlaps(b)]
    boxes = [t.get_bbox_patch().get_window_extent() for t in nodes]
    width, height = fig.bbox.width, fig.bbox.height
    assert all(b.x0 >= 0 and b.y0 >= 0 and b.x1 <= width and b.y1 <= height for b in boxes)
