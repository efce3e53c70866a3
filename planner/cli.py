"""The `planner` command: parses arguments, calls the library, prints. No planning logic here.

Exit codes: 0 success, 1 infeasible scenario (with a diagnosis) or solver failure, 2 bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planner import __version__
from planner.errors import PlannerError

SCENARIO = click.argument("scenario", type=click.Path(path_type=Path))
OUTPUT = click.option("-o", "--output", type=click.Path(path_type=Path),
                      help="Write to this file (atomically) instead of standard output.")


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
def validate(scenario: Path, strict: bool) -> None:
    """Check a scenario file: errors to fix, and OKR-quality warnings.

    Prints "ok" with a short summary when the file is valid. Exit 2 on errors
    (or on warnings with --strict).
    """
    from planner import api, reports

    checked = api.validate(scenario)
    console = _console()
    console.print(reports.validation_summary(checked))
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


def main() -> None:
    cli(prog_name="planner")


if __name__ == "__main__":  # pragma: no cover
    main()
