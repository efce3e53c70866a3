"""The `planner` command: parses arguments, calls the library, prints. No planning logic here.

Exit codes: 0 success, 1 infeasible scenario (with a diagnosis) or solver failure, 2 bad input.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from functools import partial
from pathlib import Path

import click

from planner import __version__
from planner.errors import PlannerError, ScenarioError
from planner.interrupts import DeadlinePassed
from planner.record_formats import RECORDS
from planner.settings import (MAX_FORECAST_SAMPLES, MAX_OPTIMIZATION_SAMPLES, MAX_SEED, OptimizerObjective, Risk,
                              Settings, Solver, Spelling)
from planner.text import printable
from planner.settings import default as settings_default

SCENARIO = click.argument("scenario", type=click.Path(path_type=Path))


class Finite(click.FloatRange):
    """A number in a range, and finite: `nan` and `inf` compare false with any bound, so a plain
    range would let them through."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


# Suffixes a reader opens in an image viewer or office program, never as text.
BINARY_SUFFIXES = (".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".pdf", ".xlsx", ".xls",
                   ".docx", ".pptx")
BINARY_OUTPUTS = {"frontier": (".png", ".svg"), "sweep": (".png", ".svg"), "report": (".xlsx",)}  # commands that write these


def _output_path(ctx, param, path: Path | None) -> Path | None:
    """Refuse an output file that cannot be written before any work, not after it. `-o -` is
    standard output; a pipe, a terminal or /dev/null is written into as it is."""
    if path is None or str(path) == "-":
        return None
    if path.exists() and not (path.is_file() or path.is_dir()):
        return path  # a special file: nothing to check, nothing to replace
    if not path.resolve().parent.is_dir():
        raise click.BadParameter(f"folder {path.resolve().parent} does not exist; create it or choose another path")
    suffix = path.suffix.lower()
    command, written = ctx.command.name, BINARY_OUTPUTS.get(ctx.command.name, ())
    charts = written if command in ("frontier", "sweep") else ()
    if suffix in BINARY_SUFFIXES and suffix not in written:
        if command == "report":
            hint = "write report.html and print it to PDF from a browser, or report.xlsx for a spreadsheet"
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


def on_backend(command):
    """`--backend local|dask` and `--scheduler ADDRESS`: the command's what-ifs run on this
    machine's processes, or on a Dask cluster (`planner.api.on_cluster`)."""

    @functools.wraps(command)
    def run(*args, backend: str, scheduler: str | None, **kwargs):
        if backend == "local":
            if scheduler is not None:
                raise click.BadParameter("--scheduler goes with --backend dask", param_hint="--scheduler")
            return command(*args, **kwargs)
        from planner import api

        with api.on_cluster(scheduler):
            return command(*args, **kwargs)

    run = click.option("--scheduler", metavar="ADDRESS",
                       help="With --backend dask: the scheduler (tcp://host:8786); default: a local cluster of 2 "
                            "workers.")(run)
    return click.option("--backend", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                        help="Where the what-ifs run: this machine's processes, or a Dask cluster "
                             "(pip install 'okr-planner[dask]').")(run)


CALIBRATION = click.option("--calibration", type=click.Path(path_type=Path),
                           help="Scale and widen the impact estimates by a calibration file (`planner calibrate`).")


def _with_calibration(loaded, calibration: Path | None):
    """The loaded scenario, its estimates calibrated when a calibration file is given."""
    if calibration is None:
        return loaded
    from planner import api

    return api.calibrated(loaded, calibration)


OVERRIDES = click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE",
                         help="Override a scenario field without editing the file, e.g. teams.platform.capacity=50 "
                              "or initiatives.sso.confidence=0.9. Repeatable.")

# Each `Settings` field as a command-line option: its flag, type and help. Defaults come from
# `Settings` itself, so each is written once (a test checks every one).
SETTING_OPTIONS: dict[str, tuple[str, object, str]] = {
    "objective": ("--objective", click.Choice([o.value for o in OptimizerObjective]),
                  "expected: true expected capped attainment over samples; point: attainment of expected impacts "
                  "(faster)."),
    "risk": ("--risk", click.Choice([r.value for r in Risk]),
             "cautious: maximize the average of the worst 20% of outcomes instead of the average."),
    "samples": ("--samples", click.IntRange(1, MAX_OPTIMIZATION_SAMPLES), "Monte Carlo samples in the optimization model."),
    "seed": ("--seed", click.IntRange(0, MAX_SEED), "Random seed: same seed, same output."),
    "solver": ("--solver", click.Choice([s.value for s in Solver]), "MILP engine: HiGHS (default), CBC (fallback), CPLEX or Gurobi (optional extras), or auto "
                          "(the fastest installed engine whose licence takes the model)."),
    "time_limit": ("--time-limit", Finite(min=0, min_open=True),
                   "Seconds per solve before the solver returns its best plan with the proven gap."),
    "gap": ("--gap", Finite(0, 1, max_open=True), "Relative optimality gap to stop at (0.0001 = 0.01%)."),
    "forecast_samples": ("--forecast-samples", click.IntRange(0, MAX_FORECAST_SAMPLES),
                         "Monte Carlo samples for the forecast (0 skips it)."),
    "whatif_time_limit": ("--whatif-time-limit", Finite(min=0, min_open=True),
                          "Seconds per what-if re-solve in explanations, prices, frontiers and trade-offs (default: "
                          "--time-limit). Answers cut short show the range the solver proved, marked as not settled "
                          "(and, depending on the machine's speed, may differ between runs); use it to bound the run "
                          "time of large scenarios."),
    "workers": ("--workers", click.IntRange(min=1), "Processes for independent re-solves."),
    "explain_budget": ("--budget", Finite(min=0, min_open=True),
                       "Seconds for all the explanation's re-solves (after the plan's own solve): prices first, then "
                       "the initiatives nearest the margin (by the LP relaxation). No re-solve runs past it; then up "
                       "to a fifth of it more goes to what needs no search. The rest show the range the LP and a "
                       "feasible plan prove, marked not settled."),
    "fast": ("--fast", bool, "Stop the sample-average solve within 0.5% of its bound instead of --gap: seconds instead "
                             "of tens of seconds on large portfolios; the output says what that may cost."),
}
SOLVE = ("objective", "risk", "samples", "seed", "solver", "time_limit", "gap", "fast")
WHATIFS = ("whatif_time_limit", "workers")
# The library's parameter names as this command line spells them, for its error messages and for
# the sentences that suggest changing a setting.
FLAGS = {name: flag for name, (flag, _, _) in SETTING_OPTIONS.items()} | {
    "team": "--team", "between": "--between", "initiative": "--initiative", "start/stop/steps": "--from/--to/--steps",
    "capacity_step": "--capacity-step", "overrides": "--set", "objective_id": "--objective-id",
    "backend": "--backend", "scheduler": "--scheduler"}
SPELLING = Spelling(gap=FLAGS["gap"], time_limit=FLAGS["time_limit"], whatif_time_limit=FLAGS["whatif_time_limit"],
                    explain_budget=FLAGS["explain_budget"],
                    capacity_step=FLAGS["capacity_step"], frontier="`planner frontier`")


def settings_options(*names: str, flags: dict[str, str] | None = None):
    """Options for these `Settings` fields (a flag may be spelled otherwise for one command, as
    `forecast --samples`) and `--set`; the command receives one validated `settings` argument."""

    def decorate(command):
        @functools.wraps(command)
        def with_settings(*args, **kwargs):
            return command(*args, settings=Settings(**{name: kwargs.pop(name) for name in names}), **kwargs)

        for name in reversed(names):
            flag, kind, text = SETTING_OPTIONS[name]
            default = settings_default(name)
            if kind is bool:
                with_settings = click.option((flags or {}).get(name, flag), name, is_flag=True, default=default,
                                             help=text)(with_settings)
                continue
            with_settings = click.option((flags or {}).get(name, flag), name, type=kind, default=default,
                                         show_default=default is not None, help=text)(with_settings)
        return DEADLINE(OVERRIDES(with_settings))

    return decorate


def deadline_advice(command: click.Command) -> str:
    """What to change when a command passed its deadline: the flags it has that bound its work."""
    flags = {flag for param in command.params for flag in param.opts}
    limits = [flag for flag in ("--time-limit", "--whatif-time-limit") if flag in flags]
    advice = ["raise --deadline", *([f"lower {' or '.join(limits)}"] if limits else []),
              *(["set a smaller --budget"] if "--budget" in flags else [])]
    return " or ".join(advice) if len(advice) < 3 else ", ".join(advice[:-1]) + ", or " + advice[-1]


def _start_deadline(ctx, param, seconds: float | None) -> float | None:
    if seconds is not None:
        from planner import interrupts

        interrupts.set_deadline(seconds)
    return seconds


DEADLINE = click.option("--deadline", type=Finite(min=0, min_open=True, max=10**7), callback=_start_deadline,
                        expose_value=False, is_eager=True,
                        help="Stop the whole command after this many seconds (exit 1, nothing written). "
                             "--time-limit bounds each solve, not the command.")


def format_option(*choices: str):
    """`--format`, the first choice by default."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
                        help="table for people, json for tools" + (", csv for spreadsheets." if "csv" in choices else "."))


def _formatted(fmt: str, view, record, csv=None) -> str:
    """The result in the format asked for: a terminal table, its JSON record, or CSV."""
    from planner.records import as_json

    if fmt == "json":
        return as_json(record())
    if fmt == "csv":
        return csv()
    return _render(view())


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


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


class PlannerGroup(click.Group):
    """Turns the library's errors into a message and an exit code, never a traceback."""

    def _invoked(self, ctx: click.Context) -> click.Command:
        """The subcommand this run invoked (the group itself before one is chosen)."""
        name = ctx.invoked_subcommand
        return (self.get_command(ctx, name) if name else None) or self

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("interrupted: stopped, and nothing was written", err=True)
            ctx.exit(INTERRUPTED)
        except DeadlinePassed as exc:
            _console(stderr=True).print(f"[bold red]error:[/] {exc} ({deadline_advice(self._invoked(ctx))})",
                                        soft_wrap=True)
            ctx.exit(1)
        except PlannerError as exc:
            from rich.markup import escape

            _console(stderr=True).print(f"[bold red]error:[/] {escape(printable(_in_flags(exc)))}", soft_wrap=True)
            ctx.exit(exc.exit_code)


def _in_flags(exc: PlannerError) -> str:
    """The library's error as this command line says it: parameters named by their flags."""
    if isinstance(exc, ScenarioError):
        return exc.render(FLAGS)
    flags = [FLAGS.get(p, p) for p in exc.parameters]
    return str(exc) + (f" ({', '.join(flags)})" if flags else "")


@click.group(cls=PlannerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
def cli() -> None:
    """Choose the initiatives that best move your OKRs, and explain why.

    \b
    Start with:  planner validate scenarios/onboarding-q3.yaml
    Then:        planner plan scenarios/onboarding-q3.yaml
    """


def _protect(output: Path | None, inputs) -> None:
    """Refuse, before any work, an output that is one of the files the command reads."""
    if output is not None:
        from planner.output import refuse_inputs

        refuse_inputs(output, inputs)


def _emit(text: str | bytes, output: Path | None, protected=()) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        from planner.output import write_atomic, write_atomic_bytes

        (write_atomic_bytes if isinstance(text, bytes) else write_atomic)(output, text, protected)
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
    if strict and checked.warnings:  # not "ok": with --strict, warnings are errors (exit 2, like any bad input)
        listed = "".join(f"\n  {w.where}: {w.message} [{w.code}]" for w in checked.warnings)
        raise PlannerError(f"{len(checked.warnings)} warning(s) with --strict:{listed}")
    click.echo(_render(views.validation_summary(checked)), nl=False)


@cli.command()
@SCENARIO
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid",
              show_default=True, help="Mermaid renders in GitHub, Notion and Confluence; DOT in Graphviz.")
@click.option("--plan", "with_plan", is_flag=True, help="Solve the plan and mark funded and cut initiatives.")
@click.option("--objective-id", "objective_id", metavar="ID", help="Draw only this objective's part (Mermaid).")
@click.option("--view", type=click.Choice(["auto", "alignment", "chain"]), default="auto", show_default=True,
              help="chain: initiatives -> product KRs -> company KRs -> company objectives, in layers; "
                   "auto: the chain when the scenario has driver links or company objectives.")
@settings_options(*SOLVE)
@OUTPUT
def graph(scenario: Path, fmt: str, with_plan: bool, objective_id: str | None, view: str, settings: Settings,
          overrides, output: Path | None) -> None:
    """Print the alignment graph: objective -> key result <- initiative, each objective boxed
    with its key results and guardrails; or the chain from outputs to company outcomes, in
    layers. With --plan, funded and cut initiatives marked."""
    from planner import api

    loaded = api.load(scenario, overrides)
    _protect(output, loaded.sources)
    selected = None
    if with_plan:
        with _Progress("solving"):
            selected = api.plan(loaded, settings.replace(forecast_samples=0)).plan.selected
    _emit(api.graph_text(loaded.scenario, fmt, selected, objective_id, view), output, loaded.sources)


@cli.command()
@click.option("--record", type=click.Choice(list(RECORDS)),
              help="Print this JSON record's schema instead (what `--format json` writes).")
@click.option("--json-format", "json_format", is_flag=True,
              help="Print the documentation of every JSON record (docs/json-format.md) instead.")
@click.option("--checkin", "checkin", is_flag=True, help="Print the JSON Schema of check-in files instead.")
@click.option("--company", "company", is_flag=True, help="Print the JSON Schema of company files instead.")
@OUTPUT
def schema(record: str | None, json_format: bool, checkin: bool, company: bool, output: Path | None) -> None:
    """Print the JSON Schema of scenario files, for editors; or of check-ins, company files, or a JSON record."""
    from planner import api

    if company:
        _emit(api.company_schema_text(), output)
        return
    if checkin:
        _emit(api.checkin_schema_text(), output)
        return
    _emit(api.json_format_text() if json_format else api.schema_text(record), output)


def _render(renderable) -> str:
    """Rich output as text: terminal width on a terminal, 120 columns when piped (stable)."""
    from rich.console import Console

    width = None if sys.stdout.isatty() else 120
    console = Console(width=width, highlight=False, record=True, file=open(os.devnull, "w"),  # noqa: SIM115
                      force_terminal=False, color_system=None)
    console.print(renderable)
    return printable(console.export_text())  # user text never sends control sequences to a terminal


@cli.command()
@SCENARIO
@settings_options(*SOLVE, "forecast_samples")
@format_option("table", "json", "csv")
@click.option("--timings", is_flag=True, help="Show the solve's seconds (they differ from run to run).")
@OUTPUT
@CALIBRATION
def plan(calibration: Path | None, scenario: Path, settings: Settings, overrides: tuple[str, ...], fmt: str, timings: bool,
         output: Path | None) -> None:
    """Choose the initiatives that maximize expected KR attainment.

    Respects team capacity, the 70/20/10 split, dependencies, exclusions and commitments,
    forecasts each KR's chance of reaching 70%, and compares the plan with what ranking by
    value per effort would pick. Exit 1 with a diagnosis when no plan meets the constraints.
    """
    from planner import api, records, views

    loaded = _with_calibration(api.load(scenario, overrides), calibration)  # bad input fails here, before any work
    _protect(output, [*loaded.sources, *([calibration] if calibration else [])])
    with _Progress("solving"):
        result = api.plan(loaded, settings)
    text = _formatted(fmt, lambda: views.plan_view(result, SPELLING, timings), lambda: records.plan_dict(result),
                      lambda: records.plan_csv(result))
    _emit(text, output, result.source.sources if result.source else ())


@cli.command()
@SCENARIO
@click.option("--select", "selection", help="Comma-separated initiative ids: tour,sso,templates.")
@click.option("--roadmap", type=click.Path(path_type=Path),
              help="A roadmap file: YAML list (or `select: [...]`), or text with one id per line.")
@format_option("table", "json")
@settings_options(*SOLVE, "forecast_samples")
@OUTPUT
def evaluate(scenario: Path, selection: str | None, roadmap: Path | None, fmt: str, settings: Settings,
             overrides: tuple[str, ...], output: Path | None) -> None:
    """Score a hand-made roadmap: violated constraints, score, and gap to the optimum.

    The roadmap and the optimal plan are forecast on the same samples and compared on expected
    KR attainment, as `plan` reports it (--forecast-samples 0: on attainment of expected
    impacts). Exit 0 even when the roadmap breaks constraints (they are listed); exit 2 on
    unknown ids.
    """
    from planner import api, records, views

    if (selection is None) == (roadmap is None):
        raise click.UsageError("give exactly one of --select or --roadmap")
    loaded = api.load(scenario, overrides)
    _protect(output, [*loaded.sources, *([roadmap] if roadmap else [])])
    if roadmap is not None:
        name, ids = api.read_roadmap(roadmap)
    else:
        name, ids = "selection", selection.split(",")
    with _Progress("solving"):
        result = api.evaluate_roadmap(loaded, ids, settings, name=name,
                                      what=f"--roadmap {roadmap}" if roadmap else "--select")
    text = _formatted(fmt, lambda: views.roadmap_view(result, SPELLING), lambda: records.roadmap_dict(result))
    _emit(text, output, result.source.sources if result.source else ())


@cli.command()
@SCENARIO
@click.option("--select", "selection", help="Comma-separated initiative ids; default: the optimal plan.")
@click.option("--roadmap", type=click.Path(path_type=Path), help="A roadmap file (see `planner evaluate`).")
@settings_options("forecast_samples", "seed", flags={"forecast_samples": "--samples"})
@format_option("table", "json")
@OUTPUT
@CALIBRATION
def forecast(calibration: Path | None, scenario: Path, selection: str | None, roadmap: Path | None, settings: Settings, fmt: str,
             overrides: tuple[str, ...], output: Path | None) -> None:
    """How likely is each KR to reach 70% (and 100%) with this plan?

    P10/P50/P90 of each KR's attainment, the chance of reaching 70% and 100%, and the spread
    of each objective's score and of the overall score.
    """
    from planner import api, records, views

    if selection is not None and roadmap is not None:
        raise click.UsageError("give at most one of --select or --roadmap")
    if settings.forecast_samples < 1:
        raise click.BadParameter("a forecast needs 1 sample or more", param_hint="'--samples'")
    loaded = _with_calibration(api.load(scenario, overrides), calibration)
    _protect(output, [*loaded.sources, *([roadmap] if roadmap else [])])
    ids, what = None, "--select"
    if roadmap is not None:
        _, ids = api.read_roadmap(roadmap)
        what = "--roadmap"
    elif selection is not None:
        ids = selection.split(",")
    with _Progress("forecasting"):
        result, loaded = api.forecast_plan(loaded, ids, settings, what=what)
    text = _formatted(fmt, lambda: views.forecast_view(result, loaded.scenario), lambda: records.forecast_record(result))
    _emit(text, output, loaded.sources if loaded else ())


CAPACITY_STEP = click.option(
    "--capacity-step", type=Finite(min=0, min_open=True), default=None,
    help="Capacity change to price on every team, in the scenario's units (e.g. 12 for one more engineer a "
         "quarter). Default: a typical initiative's effort on each team (the median), shown with the prices.")


@cli.command()
@SCENARIO
@click.option("--initiative", help="Explain one initiative only (fast); default: all, plus prices.")
@click.option("--stream", is_flag=True, help="Print each initiative's answer on stderr as it settles (with --budget, "
                                          "the ones nearest the margin first, and a cut one again once what would "
                                          "bring it in is known); the full output follows.")
@CAPACITY_STEP
@settings_options(*SOLVE, *WHATIFS, "explain_budget")
@format_option("table", "json")
@OUTPUT
@CALIBRATION
@on_backend
def explain(calibration: Path | None, scenario: Path, initiative: str | None, capacity_step: float | None, stream: bool,
            settings: Settings, overrides, fmt: str, output: Path | None) -> None:
    """Why each initiative is in or out, and what would change the answer.

    In the plan: what it is worth and what would replace it. Cut: what keeps it out, what
    forcing it in would displace and cost, and how much less effort or more impact it needs to
    get in. Then the price of one more (or less) unit of each team's capacity, of the split and
    of each commitment. Every number comes from re-solving.
    """
    from planner import api, records, views

    loaded = _with_calibration(api.load(scenario, overrides), calibration)
    _protect(output, loaded.sources)
    with _Progress("explaining") as progress:
        result = api.explain(loaded.scenario, initiative, settings, progress, capacity_step=capacity_step,
                             on_answer=_streamed if stream else None)
    _emit(_formatted(fmt, lambda: views.explain_view(result, loaded.scenario, SPELLING),
                     lambda: records.explain_dict(result, SPELLING)),
          output, loaded.sources)


def _streamed(base, answer) -> None:
    """One initiative's answer on stderr the moment it settles (the full output follows at the end)."""
    from planner.phrasing import answer_sentence

    said = answer_sentence(base, answer, SPELLING)
    if said is not None:
        click.echo(printable(f"{answer.initiative_id}: {said.replace('`', '')}"), err=True)


def _fraction(text: str, flag: str) -> float:
    text = text.strip()
    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a percentage like 50% or a fraction like 0.5",
                                 param_hint=f"'{flag}'") from None
    if not text.endswith("%") and value > 5:  # `--to 120` meant 120%, not 12,000%
        raise click.BadParameter(f"{text} would be {value:.0%} of today's capacity; write {text}% or {value / 100:g}",
                                 param_hint=f"'{flag}'")
    return value


@cli.command()
@SCENARIO
@click.option("--team", help="Vary this team's capacity; default: all teams together.")
@click.option("--from", "start", default="50%", show_default=True, help="Lowest capacity, as a share of today's.")
@click.option("--to", "stop", default="150%", show_default=True, help="Highest capacity, as a share of today's.")
@click.option("--steps", type=click.IntRange(min=2), default=11, show_default=True)
@click.option("--between", nargs=2, metavar="OBJ_A OBJ_B",
              help="Instead: sweep the relative weight of two objectives and show their Pareto frontier.")
@settings_options(*SOLVE, *WHATIFS)
@format_option("table", "json")
@click.option("-o", "--output", type=OUTPUT_FILE, callback=_output_path,
              help="Write the table or JSON to this file; a .png or .svg file gets the chart.")
@on_backend
def frontier(scenario: Path, team, start, stop, steps, between, settings: Settings, overrides, fmt, output) -> None:
    """The best plan at each capacity level (the knee of the curve), or between two objectives."""
    from planner import api, charts, records, views

    loaded = api.load(scenario, overrides)
    _protect(output, loaded.sources)
    with _Progress("sweeping") as progress:
        if between:
            result = api.tradeoff(loaded.scenario, between[0], between[1], steps, settings, progress)
            view, record, figure = partial(views.tradeoff_view, spelling=SPELLING), records.tradeoff_dict, charts.tradeoff_figure
        else:
            result = api.frontier(loaded.scenario, team, _fraction(start, "--from"), _fraction(stop, "--to"), steps, settings, progress)
            view, record, figure = partial(views.frontier_view, spelling=SPELLING), records.frontier_dict, charts.frontier_figure
    if output is not None and output.suffix.lower() in (".png", ".svg"):
        from planner.output import write_atomic_bytes

        write_atomic_bytes(output, charts.figure_bytes(figure(result), output.suffix.lower()[1:]), loaded.sources)
        click.echo(f"wrote {output}", err=True)
        click.echo(_render(view(result)), nl=False)
        return
    _emit(_formatted(fmt, lambda: view(result), lambda: record(result)), output, loaded.sources)


def _grid(ctx, param, given: tuple[str, ...]) -> tuple[tuple[str, list[str]], ...]:
    """`--vary PATH=V1,V2,...` as (path, values); each value read as YAML later, like `--set`."""
    out = []
    for text in given:
        path, sep, values = text.partition("=")
        if not sep or not path.strip() or not values.strip():
            raise click.BadParameter(f"{text!r}: write PATH=VALUE1,VALUE2 (e.g. teams.platform.capacity=24,34)")
        out.append((path.strip(), [v.strip() for v in values.split(",")]))
    return tuple(out)


@cli.command()
@SCENARIO
@click.option("--vary", "grid", multiple=True, required=True, callback=_grid, metavar="PATH=V1,V2,...",
              help="A path (as --set takes it) and its values; repeat for a grid (every combination).")
@settings_options("forecast_samples", *SOLVE)
@format_option("table", "json", "csv")
@click.option("-o", "--output", type=OUTPUT_FILE, callback=_output_path,
              help="Write the table, JSON or CSV to this file; a .png or .svg file gets the chart.")
@on_backend
def sweep(scenario: Path, grid, settings: Settings, overrides, fmt, output) -> None:
    """The best plan for every combination of changes (capacities x split tolerances, say),
    each compared with the unchanged scenario's plan."""
    from planner import api, charts, records, views

    loaded = api.load(scenario, overrides)
    _protect(output, loaded.sources)
    with _Progress("sweeping") as progress:
        result = api.sweep(scenario, grid, settings, progress, overrides)
    if output is not None and output.suffix.lower() in (".png", ".svg"):
        from planner.output import write_atomic_bytes

        write_atomic_bytes(output, charts.figure_bytes(charts.sweep_figure(result), output.suffix.lower()[1:]),
                           loaded.sources)
        click.echo(f"wrote {output}", err=True)
        click.echo(_render(views.sweep_view(result)), nl=False)
        return
    _emit(_formatted(fmt, lambda: views.sweep_view(result), lambda: records.sweep_dict(result),
                     lambda: records.sweep_csv(result)), output, loaded.sources)


@cli.command()
@SCENARIO
@click.option("-k", "count", type=click.IntRange(min=1), default=5, show_default=True, help="How many plans.")
@click.option("--within", type=Finite(min=0), help="Stop at plans more than this many points below the best "
                                                             "(on the optimizer's objective).")
@settings_options("forecast_samples", *SOLVE)
@format_option("table", "json")
@OUTPUT
@on_backend
def alternatives(scenario: Path, count, within, settings: Settings, overrides, fmt, output) -> None:
    """The best distinct plans near the optimum: there is usually a choice."""
    from planner import api, records, views

    loaded = api.load(scenario, overrides)
    _protect(output, loaded.sources)
    with _Progress("searching") as progress:
        result = api.alternatives(loaded.scenario, count, None if within is None else within / 100, settings, progress)
    _emit(_formatted(fmt, lambda: views.alternatives_view(result, loaded.scenario, SPELLING),
                     lambda: records.alternatives_dict(result)), output, loaded.sources)


def _variants(ctx, param, given: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`--option "LABEL=PATH=VALUE"` as (label, changes); repeating a label adds to its changes."""
    out: dict[str, list[str]] = {}
    for text in given:
        label, _, change = text.partition("=")
        if not label.strip() or "=" not in change:
            raise click.BadParameter(f"{text!r} is not LABEL=PATH=VALUE; e.g. \"Platform +10=teams.platform.capacity=34\"")
        out.setdefault(label.strip(), []).append(change)
    return tuple((label, tuple(changes)) for label, changes in out.items())


@cli.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--roadmap", "roadmaps", multiple=True, type=click.Path(path_type=Path),
              help="Compare this hand-made roadmap (on the one scenario) with the optimum. Repeatable.")
@click.option("--option", "variants", multiple=True, metavar="LABEL=PATH=VALUE", callback=_variants,
              help="A what-if of the one scenario as its own option, e.g. \"Platform +10=teams.platform.capacity=34\". "
                   "Repeat it for more options; repeat a label to change more in that option.")
@click.option("--label", "labels", multiple=True,
              help="A column title for each scenario, in order (default: its name; its file name when two "
                   "names clash). Repeatable.")
@click.option("--calibration", type=click.Path(path_type=Path),
              help="Add the first scenario with its estimates calibrated by this file: the plan with and without it.")
@settings_options("forecast_samples", *SOLVE)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md", "html"]),
              help="table for people, json for tools, md or html for a comparison report "
                   "(default: from the -o file's suffix, else table).")
@OUTPUT
def compare(scenarios, roadmaps, variants, labels, calibration, settings: Settings, overrides, fmt, output) -> None:
    """Plans side by side: several scenarios (A.yaml B.yaml ...), what-ifs of one scenario
    (--option "Platform +10=teams.platform.capacity=34"), or one scenario's optimum against
    hand-made roadmaps (--roadmap option-a.yaml). -o options.html or options.md writes a report."""
    from planner import api, records, views

    loaded = [api.load(path, overrides) for path in scenarios]
    for label, changes in variants:  # each variant checked before any solve
        api.load(scenarios[0], (*overrides, *changes))
    inputs = [*(source for one in loaded for source in one.sources), *roadmaps]
    _protect(output, inputs)
    fmt = fmt or (REPORT_SUFFIXES.get(output.suffix.lower(), "table") if output is not None else "table")
    with _Progress("solving"):
        result = api.compare(list(scenarios) if variants else loaded, list(roadmaps), settings,
                             overrides=overrides if variants else (), labels=tuple(labels), variants=variants,
                             calibration=calibration)
    if fmt in ("md", "html"):
        _emit(api.comparison_report(result, fmt), output, inputs)
        return
    _emit(_formatted(fmt, lambda: views.comparison_view(result), lambda: records.comparison_dict(result)), output,
          inputs)


CHECKIN = click.argument("checkin", type=click.Path(path_type=Path))
TRACKED = click.option("--plan", "tracked", type=click.Path(path_type=Path),
                       help="The plan being tracked, as a roadmap file (default: the scenario's optimal plan).")
LANDED = click.option("--landed", type=Finite(min=0, max=1), default=1.0, show_default=True,
                      help="Share of a done initiative's expected impact already in the reported KR values.")
SPLIT_OVER = click.option("--split-over", type=click.Choice(["quarter", "remaining"]), default="quarter",
                          show_default=True, help="Judge the 70/20/10 split on the whole quarter's effort (spent "
                                                  "included) or on the remaining work only.")


def MID_QUARTER(command):  # noqa: N802  (a decorator, named like the option constants it stacks)
    """The arguments and options that `status` and `replan` share."""
    for option in reversed((SCENARIO, CHECKIN, TRACKED, LANDED, SPLIT_OVER, settings_options(*SOLVE, "forecast_samples"),
                            format_option("table", "json"), OUTPUT)):
        command = option(command)
    return command


def _tracking(scenario: Path, checkin: Path, tracked: Path | None, overrides, output: Path | None):
    """The loaded scenario, the check-in path and the tracked plan's ids; inputs protected."""
    from planner import api

    loaded = api.load(scenario, overrides)
    checked = api.load_checkin(checkin, loaded)  # bad input fails here, before any work
    plan = None if tracked is None else api.read_roadmap(tracked)[1]
    _protect(output, [*loaded.sources, checkin, *([tracked] if tracked else [])])
    return loaded, checked, plan


@cli.command()
@MID_QUARTER
def status(scenario: Path, checkin: Path, tracked, landed: float, split_over: str, settings: Settings, overrides, fmt,
           output) -> None:
    """Where the quarter stands at a check-in: each KR so far and at the end if the plan goes
    on, each initiative's effort spent and to go, each team's capacity left."""
    from planner import api, records, views

    loaded, checked, plan = _tracking(scenario, checkin, tracked, overrides, output)
    with _Progress("forecasting"):
        result = api.status(loaded, checked, settings, plan, landed, split_over)
    _emit(_formatted(fmt, lambda: views.status_view(result), lambda: records.status_dict(result, loaded)), output,
          loaded.sources)


@cli.command()
@MID_QUARTER
def replan(scenario: Path, checkin: Path, tracked, landed: float, split_over: str, settings: Settings, overrides, fmt,
           output) -> None:
    """The best plan for the rest of the quarter: continue, stop or start each initiative, with
    spent effort charged once. Exit 1 with a diagnosis when no plan fits."""
    from planner import api, records, views

    loaded, checked, plan = _tracking(scenario, checkin, tracked, overrides, output)
    with _Progress("solving"):
        result = api.replan(loaded, checked, settings, plan, landed, split_over)
    _emit(_formatted(fmt, lambda: views.replan_view(result), lambda: records.replan_dict(result, loaded)), output,
          loaded.sources)


@cli.command()
@SCENARIO
@click.argument("final", type=click.Path(path_type=Path))
@TRACKED
@settings_options(*SOLVE, "forecast_samples")
@format_option("table", "json")
@OUTPUT
def score(scenario: Path, final: Path, tracked, settings: Settings, overrides, fmt, output) -> None:
    """Score the quarter from its final check-in: each KR 0.0-1.0, each objective and overall,
    guardrails held or broken, against the forecast made at planning time."""
    from planner import api, records, views

    loaded, checked, plan = _tracking(scenario, final, tracked, overrides, output)
    with _Progress("scoring"):
        result = api.score(loaded, checked, settings, plan)
    _emit(_formatted(fmt, lambda: views.score_view(result), lambda: records.score_dict(result, loaded)), output,
          loaded.sources)


@cli.command()
@click.option("--quarter", "quarters", nargs=2, multiple=True, required=True, metavar="SCENARIO FINAL_CHECKIN",
              type=click.Path(path_type=Path), help="A past quarter: its scenario and its final check-in. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "yaml"]),
              help="table for people, json for tools, yaml for the calibration file (default: yaml with -o, else table).")
@OUTPUT
def calibrate(quarters, fmt: str | None, output: Path | None) -> None:
    """How good were the estimates? Realized against estimated KR movement of delivered work over
    past quarters, overall and by tier, team and confidence. -o calibration.yaml writes the file
    that `plan`, `forecast`, `explain`, `report` and `compare` take as --calibration."""
    from planner import api, records, views

    inputs = [path for pair in quarters for path in pair]
    _protect(output, inputs)
    result = api.calibrate(list(quarters))
    fmt = fmt or ("table" if output is None else "yaml")
    if fmt == "yaml":
        import yaml

        _emit(yaml.safe_dump(result.as_document(), sort_keys=False, allow_unicode=True), output, inputs)
        return
    _emit(_formatted(fmt, lambda: views.calibration_view(result), lambda: records.calibration_dict(result)), output,
          inputs)


def _output_paths(ctx, param, paths: tuple[Path, ...]) -> tuple[Path | None, ...]:
    """Each `-o` checked as one output is (None: standard output)."""
    return tuple(_output_path(ctx, param, path) for path in paths)


REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".xlsx": "xlsx"}


@cli.command()
@SCENARIO
@click.option("-o", "--output", "outputs", type=OUTPUT_FILE, multiple=True, callback=_output_paths,
              help="report.html (self-contained), report.md (GitHub, Confluence, Notion) or report.xlsx (plan, key "
                   "result, objective and team sheets). Repeat it for every format from one run: -o report.html "
                   "-o report.md -o report.xlsx.")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]),
              help="Format when writing to standard output (default: html).")
@click.option("--timestamp", is_flag=True, help="Add the generation time (reports are otherwise byte-identical).")
@click.option("--checkin", type=click.Path(path_type=Path),
              help="Add where the quarter stands at this check-in and the best plan from there; at the quarter's "
                   "end, the scorecard.")
@CAPACITY_STEP
@settings_options("forecast_samples", *SOLVE, *WHATIFS, "explain_budget")
@CALIBRATION
@on_backend
def report(checkin: Path | None, calibration: Path | None, scenario: Path, outputs: tuple[Path | None, ...], fmt: str | None, timestamp: bool,
           capacity_step: float | None, settings: Settings, overrides) -> None:
    """Write a stakeholder report: summary, plan with rationale, cuts and what would bring them
    in, forecasts, capacity, split, prices, frontier, alignment graph, assumptions."""
    from planner import api

    targets = []  # (path or None for standard output, format)
    for output in outputs or (None,):
        if output is None or not (output.is_file() or not output.exists()):  # stdout, a pipe, /dev/null
            targets.append((output, fmt or REPORT_SUFFIXES.get("" if output is None else output.suffix.lower(), "html")))
        elif output.suffix.lower() in REPORT_SUFFIXES:
            targets.append((output, REPORT_SUFFIXES[output.suffix.lower()]))
        elif fmt is not None and len(outputs) == 1:
            targets.append((output, fmt))
        else:  # it wrote HTML into report.pdf
            raise click.BadParameter(f"{output.name}: a report is .html, .md or .xlsx; name the file so, or pass --format",
                                     param_hint="'-o'")
    loaded = api.load(scenario, overrides)  # fail fast on bad input, and know what not to overwrite
    for output, _ in targets:
        _protect(output, [*loaded.sources, *(p for p in (checkin, calibration) if p is not None)])
    stamp = None
    if timestamp:
        import datetime

        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with _Progress("writing report") as progress:
        texts = api.reports(loaded, tuple(f for _, f in targets), settings, stamp, progress, spelling=SPELLING,
                            capacity_step=capacity_step, checkin=checkin, calibration=calibration)
    for output, f in targets:
        _emit(texts[f], output, loaded.sources)


INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C


def _release_worker_semaphores() -> None:
    """Unlink the semaphores of a stopped worker pool before leaving without the interpreter's
    teardown; otherwise multiprocessing's resource tracker warns of "leaked semaphore objects"
    after Ctrl-C. Only runs if worker processes were used."""
    if "multiprocessing.util" in sys.modules:
        from multiprocessing import util

        util._run_finalizers(0)  # the semaphores' own finalizers (exit priority 0), nothing else of ours


def main() -> None:
    from planner import interrupts

    interrupts.install()
    try:
        cli(prog_name="planner")
    except SystemExit as exc:
        if exc.code == INTERRUPTED:  # leave at once: tearing down a large model takes seconds
            sys.stdout.flush()
            sys.stderr.flush()
            _release_worker_semaphores()
            os._exit(INTERRUPTED)
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
