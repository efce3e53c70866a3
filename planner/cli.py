"""The `planner` command: parses arguments, calls the library, prints. No planning logic here.

Exit codes: 0 success, 1 infeasible scenario (with a diagnosis) or solver failure, 2 bad input.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from planner import __version__
from planner.errors import PlannerError

SCENARIO = click.argument("scenario", type=click.Path(path_type=Path))


# Suffixes a reader opens in an image viewer or office program, never as text.
BINARY_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".pdf", ".xlsx", ".xls",
                   ".docx", ".pptx")
CHART_SUFFIXES = {"frontier": (".png", ".svg")}  # commands that draw a chart for these


def _output_path(ctx, param, path: Path | None) -> Path | None:
    """Refuse an output file that cannot be written before any work, not after it."""
    if path is None:
        return path
    if not path.resolve().parent.is_dir():
        raise click.BadParameter(f"folder {path.resolve().parent} does not exist; create it or choose another path")
    suffix = path.suffix.lower()
    command, charts = ctx.command.name, CHART_SUFFIXES.get(ctx.command.name, ())
    if suffix in BINARY_SUFFIXES and suffix not in charts:
        if command == "report":
            hint = "write report.html and print it to PDF from a browser"
        elif charts:
            hint = f"it draws charts as {' or '.join(charts)}"
        else:
            hint = "planner.charts draws its charts in Python"
        raise click.BadParameter(f"{path.name}: `planner {command}` writes text, not a {suffix} file; use a .txt, "
                                 f".json, .csv, .md or .html name ({hint})")
    return path


OUTPUT_FILE = click.Path(path_type=Path, dir_okay=False)
OUTPUT = click.option("-o", "--output", type=OUTPUT_FILE, callback=_output_path,
                      help="Write to this file (atomically) instead of standard output.")


SAMPLES = click.option("--forecast-samples", type=click.IntRange(min=0), default=10_000, show_default=True,
                       help="Monte Carlo samples for the forecast (0 skips it).")
SEED = click.option("--seed", type=int, default=0, show_default=True, help="Random seed: same seed, same output.")
OVERRIDES = click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE",
                         help="Override a scenario field without editing the file, e.g. teams.platform.capacity=50 "
                              "or initiatives.sso.confidence=0.9. Repeatable.")


def solve_options(command):
    """The options that say how plans are solved, shared by every command that re-solves."""
    options = [
        click.option("--objective", type=click.Choice(["expected", "point"]), default="expected", show_default=True,
                     help="expected: true expected capped attainment over samples; point: attainment of expected impacts (faster)."),
        click.option("--risk", type=click.Choice(["neutral", "cautious"]), default="neutral", show_default=True,
                     help="cautious: maximize the average of the worst 20% of outcomes instead of the average."),
        click.option("--samples", type=click.IntRange(min=1), default=150, show_default=True,
                     help="Monte Carlo samples in the optimization model."),
        click.option("--seed", type=int, default=0, show_default=True, help="Random seed: same seed, same output."),
        click.option("--solver", type=click.Choice(["highs", "cbc"]), default="highs", show_default=True,
                     help="MILP solver: HiGHS (default) or CBC (fallback)."),
        click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
                     help="Seconds per solve before the solver returns its best plan with the proven gap."),
        click.option("--gap", type=click.FloatRange(0, 1, max_open=True), default=1e-4, show_default=True,
                     help="Relative optimality gap to stop at (0.0001 = 0.01%)."),
        OVERRIDES,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _settings(objective, risk, samples, seed, solver, time_limit, gap, workers: int = 2, whatif_time_limit=None):
    from planner.whatif import Settings

    return Settings(objective=objective, risk=risk, samples=samples, seed=seed, solver=solver,
                    time_limit=time_limit, gap=gap, workers=workers, whatif_time_limit=whatif_time_limit)


WHATIF_TIME_LIMIT = click.option(
    "--whatif-time-limit", type=click.FloatRange(min=0, min_open=True), default=None,
    help="Seconds per what-if re-solve in explanations, prices, frontiers and trade-offs (default: --time-limit). "
         "Answers cut short show the range the solver proved, marked as not settled (and, depending on the "
         "machine's speed, may differ between runs); use it to bound the run time of large scenarios.")


class _Progress:
    """A progress bar on stderr when it is a terminal; silent otherwise (pipes, CI, tests)."""

    def __init__(self, label: str):
        self.label, self.bar, self.task = label, None, None

    def __enter__(self):
        if sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(console=_console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=None)
        return self.update if self.bar else None

    def update(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()


WORKERS = click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
                       help="Processes for independent re-solves.")
FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                      show_default=True, help="table for people, json for tools, csv for spreadsheets.")


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


class PlannerGroup(click.Group):
    """Turns the library's errors into a message and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            from rich.markup import escape

            _console(stderr=True).print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
            ctx.exit(exc.exit_code)


@click.group(cls=PlannerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
def cli() -> None:
    """Choose the initiatives that best move your OKRs, and explain why.

    \b
    Start with:  planner validate scenarios/onboarding-q3.yaml
    Then:        planner plan scenarios/onboarding-q3.yaml
    """


def _emit(text: str, output: Path | None, protected=()) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        from planner.output import write_atomic

        write_atomic(output, text, protected)
        click.echo(f"wrote {output}", err=True)


@cli.command()
@SCENARIO
@click.option("--strict", is_flag=True, help="Treat OKR-quality warnings as errors (exit 2).")
@OVERRIDES
def validate(scenario: Path, strict: bool, overrides: tuple[str, ...]) -> None:
    """Check a scenario file: errors to fix, and OKR-quality warnings.

    Prints "ok" with a short summary when the file is valid. Exit 2 on errors
    (or on warnings with --strict).
    """
    from planner import api, views

    checked = api.validate(scenario, overrides)
    console = _console()
    console.print(views.validation_summary(checked))
    if strict and checked.warnings:
        _console(stderr=True).print(f"[bold red]error:[/] {len(checked.warnings)} warning(s) with --strict")
        sys.exit(2)


@cli.command()
@SCENARIO
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid",
              show_default=True, help="Mermaid renders in GitHub, Notion and Confluence; DOT in Graphviz.")
@OUTPUT
def graph(scenario: Path, fmt: str, output: Path | None) -> None:
    """Print the alignment graph: objective -> key result <- initiative."""
    from planner import api

    loaded = api.load(scenario)
    _emit(api.graph_text(loaded.scenario, fmt), output, loaded.sources)


@cli.command()
@OUTPUT
def schema(output: Path | None) -> None:
    """Print the JSON Schema of scenario files, for editors."""
    from planner import api

    _emit(api.schema_text(), output)


def _render(renderable) -> str:
    """Rich output as text: terminal width on a terminal, 120 columns when piped (stable)."""
    from rich.console import Console

    width = None if sys.stdout.isatty() else 120
    console = Console(width=width, highlight=False, record=True, file=open(os.devnull, "w"),  # noqa: SIM115
                      force_terminal=False, color_system=None)
    console.print(renderable)
    return console.export_text()





@cli.command()
@SCENARIO
@solve_options
@SAMPLES
@FORMAT
@OUTPUT
def plan(scenario: Path, solver: str, time_limit: float, gap: float, objective: str, risk: str, samples: int,
         forecast_samples: int, seed: int, overrides: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Choose the initiatives that maximize expected KR attainment.

    Respects team capacity, the 70/20/10 split, dependencies, exclusions and commitments,
    forecasts each KR's chance of reaching 70%, and compares the plan with what ranking by
    value per effort would pick. Exit 1 with a diagnosis when no plan meets the constraints.
    """
    from planner import api, views

    with _Progress("solving"):
        result = api.plan(scenario, solver=solver, time_limit=time_limit, gap=gap, objective=objective, risk=risk,
                          samples=samples, forecast_samples=forecast_samples, seed=seed, overrides=overrides)
    text = {"table": lambda: _render(views.plan_view(result)), "json": lambda: views.plan_json(result),
            "csv": lambda: views.plan_csv(result)}[fmt]()
    _emit(text, output, result.source.sources if result.source else ())


@cli.command()
@SCENARIO
@click.option("--select", "selection", help="Comma-separated initiative ids: tour,sso,templates.")
@click.option("--roadmap", type=click.Path(path_type=Path),
              help="A roadmap file: YAML list (or `select: [...]`), or text with one id per line.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@SAMPLES
@solve_options
@OUTPUT
def evaluate(scenario: Path, selection: str | None, roadmap: Path | None, fmt: str, forecast_samples: int, objective,
             risk, samples, seed, solver, time_limit, gap, overrides: tuple[str, ...], output: Path | None) -> None:
    """Score a hand-made roadmap: violated constraints, score, and gap to the optimum.

    The roadmap and the optimal plan are forecast on the same samples and compared on expected
    KR attainment, as `plan` reports it (--forecast-samples 0: on attainment of expected
    impacts). Exit 0 even when the roadmap breaks constraints (they are listed); exit 2 on
    unknown ids.
    """
    from planner import api, views

    if (selection is None) == (roadmap is None):
        raise click.UsageError("give exactly one of --select or --roadmap")
    if roadmap is not None:
        name, ids = api.read_roadmap(roadmap)
    else:
        name, ids = "selection", selection.split(",")
    with _Progress("solving"):
        result = api.evaluate_roadmap(scenario, ids, name=name, what=f"--roadmap {roadmap}" if roadmap else "--select",
                                      overrides=overrides, forecast_samples=forecast_samples,
                                      settings=_settings(objective, risk, samples, seed, solver, time_limit, gap))
    import json

    text = (_render(views.roadmap_view(result)) if fmt == "table"
            else json.dumps(views.roadmap_dict(result), indent=2, ensure_ascii=False) + "\n")
    _emit(text, output, result.source.sources if result.source else ())


@cli.command()
@SCENARIO
@click.option("--select", "selection", help="Comma-separated initiative ids; default: the optimal plan.")
@click.option("--roadmap", type=click.Path(path_type=Path), help="A roadmap file (see `planner evaluate`).")
@click.option("--samples", type=click.IntRange(min=1), default=10_000, show_default=True, help="Monte Carlo samples.")
@SEED
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@OVERRIDES
@OUTPUT
def forecast(scenario: Path, selection: str | None, roadmap: Path | None, samples: int, seed: int, fmt: str,
             overrides: tuple[str, ...], output: Path | None) -> None:
    """How likely is each KR to reach 70% (and 100%) with this plan?

    P10/P50/P90 of each KR's attainment, the chance of reaching 70% and 100%, and the spread
    of each objective's score and of the overall score.
    """
    from planner import api, views

    if selection is not None and roadmap is not None:
        raise click.UsageError("give at most one of --select or --roadmap")
    ids, what = None, "--select"
    if roadmap is not None:
        _, ids = api.read_roadmap(roadmap)
        what = "--roadmap"
    elif selection is not None:
        ids = selection.split(",")
    with _Progress("forecasting"):
        result, loaded = api.forecast_plan(scenario, ids, samples=samples, seed=seed, what=what, overrides=overrides)
    scenario_obj = loaded.scenario if loaded else None
    if fmt == "table":
        text = _render(views.forecast_view(result, scenario_obj))
    else:
        import json

        text = json.dumps({"format": "okr-planner/forecast", "format_version": 1, "selected": list(result.selected),
                           **views._forecast_dict(result)}, indent=2) + "\n"
    _emit(text, output, loaded.sources if loaded else ())


def _text(fmt: str, view, as_dict) -> str:
    import json

    return _render(view()) if fmt == "table" else json.dumps(as_dict(), indent=2, ensure_ascii=False) + "\n"


TABLE_OR_JSON = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)


@cli.command()
@SCENARIO
@click.option("--initiative", help="Explain one initiative only (fast); default: all, plus prices.")
@click.option("--capacity-step", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Capacity change to price, in the scenario's units (e.g. 12 for one more engineer a quarter).")
@solve_options
@WHATIF_TIME_LIMIT
@WORKERS
@TABLE_OR_JSON
@OUTPUT
def explain(scenario: Path, initiative: str | None, capacity_step: float, objective, risk, samples, seed, solver,
            time_limit, gap, overrides, whatif_time_limit, workers: int, fmt: str, output: Path | None) -> None:
    """Why each initiative is in or out, and what would change the answer.

    In the plan: what it is worth and what would replace it. Cut: what keeps it out, what
    forcing it in would displace and cost, and how much less effort or more impact it needs to
    get in. Then the price of one more (or less) unit of each team's capacity, of the split and
    of each commitment. Every number comes from re-solving.
    """
    from planner import api, views

    settings = _settings(objective, risk, samples, seed, solver, time_limit, gap, workers, whatif_time_limit)
    loaded = api.load(scenario, overrides)
    with _Progress("explaining") as progress:
        result = api.explain(loaded.scenario, initiative, settings, progress, capacity_step=capacity_step)
    _emit(_text(fmt, lambda: views.explain_view(result, loaded.scenario), lambda: views.explain_dict(result)),
          output, loaded.sources)


def _fraction(text: str) -> float:
    text = text.strip()
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a percentage like 50% or a fraction like 0.5") from None


@cli.command()
@SCENARIO
@click.option("--team", help="Vary this team's capacity; default: all teams together.")
@click.option("--from", "start", default="50%", show_default=True, help="Lowest capacity, as a share of today's.")
@click.option("--to", "stop", default="150%", show_default=True, help="Highest capacity, as a share of today's.")
@click.option("--steps", type=click.IntRange(min=2), default=11, show_default=True)
@click.option("--between", nargs=2, metavar="OBJ_A OBJ_B",
              help="Instead: sweep the relative weight of two objectives and show their Pareto frontier.")
@solve_options
@WHATIF_TIME_LIMIT
@WORKERS
@TABLE_OR_JSON
@click.option("-o", "--output", type=OUTPUT_FILE, callback=_output_path,
              help="Write the table or JSON to this file; a .png or .svg file gets the chart.")
def frontier(scenario: Path, team, start, stop, steps, between, objective, risk, samples, seed, solver, time_limit,
             gap, overrides, whatif_time_limit, workers, fmt, output) -> None:
    """The best plan at each capacity level (the knee of the curve), or between two objectives."""
    from planner import api, charts, views

    settings = _settings(objective, risk, samples, seed, solver, time_limit, gap, workers, whatif_time_limit)
    loaded = api.load(scenario, overrides)
    with _Progress("sweeping") as progress:
        if between:
            result = api.tradeoff(loaded.scenario, between[0], between[1], steps, settings, progress)
            view, as_dict, figure = views.tradeoff_view, views.tradeoff_dict, charts.tradeoff_figure
        else:
            result = api.frontier(loaded.scenario, team, _fraction(start), _fraction(stop), steps, settings, progress)
            view, as_dict, figure = views.frontier_view, views.frontier_dict, charts.frontier_figure
    if output is not None and output.suffix.lower() in (".png", ".svg"):
        from planner.output import write_atomic_bytes

        write_atomic_bytes(output, charts.figure_bytes(figure(result), output.suffix.lower()[1:]), loaded.sources)
        click.echo(f"wrote {output}", err=True)
        click.echo(_render(view(result)), nl=False)
        return
    _emit(_text(fmt, lambda: view(result), lambda: as_dict(result)), output, loaded.sources)


@cli.command()
@SCENARIO
@click.option("-k", "count", type=click.IntRange(min=1), default=5, show_default=True, help="How many plans.")
@click.option("--within", type=click.FloatRange(min=0), help="Stop at plans more than this many points below the best "
                                          "(on the optimizer's objective).")
@SAMPLES
@solve_options
@TABLE_OR_JSON
@OUTPUT
def alternatives(scenario: Path, count, within, forecast_samples, objective, risk, samples, seed, solver, time_limit,
                 gap, overrides, fmt, output) -> None:
    """The best distinct plans near the optimum: there is usually a choice."""
    from planner import api, views

    settings = _settings(objective, risk, samples, seed, solver, time_limit, gap)
    loaded = api.load(scenario, overrides)
    with _Progress("searching") as progress:
        result = api.alternatives(loaded.scenario, count, None if within is None else within / 100, settings, progress,
                                  forecast_samples=forecast_samples)
    _emit(_text(fmt, lambda: views.alternatives_view(result, loaded.scenario), lambda: views.alternatives_dict(result)),
          output, loaded.sources)


@cli.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--roadmap", "roadmaps", multiple=True, type=click.Path(path_type=Path),
              help="Compare this hand-made roadmap (on the one scenario) with the optimum. Repeatable.")
@click.option("--forecast-samples", type=click.IntRange(min=0), default=10_000, show_default=True)
@solve_options
@TABLE_OR_JSON
@OUTPUT
def compare(scenarios, roadmaps, forecast_samples, objective, risk, samples, seed, solver, time_limit, gap, overrides,
            fmt, output) -> None:
    """Plans side by side: several scenarios (A.yaml B.yaml ...), or one scenario's optimum
    against hand-made roadmaps (--roadmap option-a.yaml --roadmap option-b.yaml)."""
    from planner import api, views

    settings = _settings(objective, risk, samples, seed, solver, time_limit, gap)
    with _Progress("solving"):
        result = api.compare(list(scenarios), list(roadmaps), settings, forecast_samples, overrides)
    _emit(_text(fmt, lambda: views.comparison_view(result), lambda: views.comparison_dict(result)), output,
          [*scenarios, *roadmaps])


@cli.command()
@SCENARIO
@click.option("-o", "--output", type=OUTPUT_FILE, callback=_output_path,
              help="report.html (self-contained) or report.md (GitHub, Confluence, Notion).")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]),
              help="Format when writing to standard output (default: from the -o suffix, else html).")
@click.option("--timestamp", is_flag=True, help="Add the generation time (reports are otherwise byte-identical).")
@SAMPLES
@solve_options
@WHATIF_TIME_LIMIT
@WORKERS
def report(scenario: Path, output: Path | None, fmt: str | None, timestamp: bool, forecast_samples, objective, risk,
           samples, seed, solver, time_limit, gap, overrides, whatif_time_limit, workers) -> None:
    """Write a stakeholder report: summary, plan with rationale, cuts and what would bring them
    in, forecasts, capacity, split, prices, frontier, alignment graph, assumptions."""
    from planner import api

    if fmt is None:
        suffix = "" if output is None else output.suffix.lower()
        fmt = {"": "html", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}.get(suffix)
        if fmt is None:  # it wrote HTML into report.pdf
            raise click.BadParameter(f"{output.name}: a report is .html or .md; name the file so, or pass --format",
                                     param_hint="'-o'")
    settings = _settings(objective, risk, samples, seed, solver, time_limit, gap, workers, whatif_time_limit)
    loaded = api.load(scenario, overrides)  # fail fast on bad input, and know what not to overwrite
    stamp = None
    if timestamp:
        import datetime

        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with _Progress("writing report") as progress:
        text = api.report(scenario, fmt, settings, forecast_samples, stamp, progress, overrides)
    _emit(text, output, loaded.sources)


def main() -> None:
    cli(prog_name="planner")


if __name__ == "__main__":  # pragma: no cover
    main()
