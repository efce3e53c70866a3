from __future__ import annotations

import json

from conftest import run


def test_version_and_help(runner):
    from planner import __version__

    assert run(runner, "--version").output.strip().endswith(__version__)
    result = run(runner, "--help")
    assert result.exit_code == 0
    for command in ("validate", "graph", "schema"):
        assert command in result.output
        assert run(runner, command, "--help").exit_code == 0


def test_schema_command_prints_json_schema(runner):
    result = run(runner, "schema")
    assert result.exit_code == 0 and json.loads(result.output)["title"] == "okr-planner scenario"


def test_usage_error_exits_2(runner):
    assert run(runner, "graph", "x.yaml", "--format", "png").exit_code == 2


def test_import_planner_stays_light():
    import subprocess
    import sys

    code = "import sys, planner; print(any(m in sys.modules for m in ('pulp', 'pandas', 'highspy')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli_defaults_match_the_library():
    from planner.cli import cli
    from planner.optimizer import DEFAULT_GAP, DEFAULT_OPTIMIZATION_SAMPLES

    options = {p.name: p.default for p in cli.commands["plan"].params}
    assert options["samples"] == DEFAULT_OPTIMIZATION_SAMPLES and options["gap"] == DEFAULT_GAP


def test_every_command_has_help(runner):
    for command in ("validate", "graph", "schema", "plan", "evaluate", "forecast", "explain", "frontier",
                    "alternatives", "compare", "report"):
        result = run(runner, command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_an_unwritable_output_is_refused_before_any_work(runner, tmp_path, monkeypatch):
    # A folder as -o raised a traceback, and a missing folder was found only after the solve.
    from conftest import ROOT
    from planner import api

    monkeypatch.setattr(api, "plan", lambda *a, **k: (_ for _ in ()).throw(AssertionError("solved first")))
    onboarding = ROOT / "scenarios" / "onboarding-q3.yaml"
    commands = ("plan", "report", "explain", "frontier", "graph", "alternatives")
    for output in (tmp_path, tmp_path / "missing" / "out.json"):
        for command in commands:
            result = run(runner, command, onboarding, "-o", output)
            assert result.exit_code == 2 and "Traceback" not in result.output, (command, result.output)
    assert not list(tmp_path.iterdir())


def test_text_is_never_written_into_an_image_file(runner, tmp_path):
    # `forecast -o chart.png` wrote the text table into chart.png; frontier draws .png and .svg.
    from conftest import ROOT

    onboarding = ROOT / "scenarios" / "onboarding-q3.yaml"
    for command, name in (("forecast", "chart.png"), ("plan", "plan.xlsx"), ("frontier", "curve.jpg"),
                          ("compare", "c.pdf"), ("evaluate", "e.svg")):
        extra = ("--select", "tour") if command == "evaluate" else ()
        result = run(runner, command, onboarding, *extra, "-o", tmp_path / name)
        assert result.exit_code == 2 and "writes text" in result.output, (command, result.output)
    assert not list(tmp_path.iterdir())
    result = run(runner, "frontier", onboarding, "--steps", "2", "--objective", "point", "-o", tmp_path / "f.svg")
    assert result.exit_code == 0 and (tmp_path / "f.svg").read_text().lstrip().startswith("<?xml")


def test_writing_over_a_folder_through_the_library_is_refused(tmp_path):
    import pytest

    from planner.errors import ScenarioError
    from planner.output import write_atomic

    with pytest.raises(ScenarioError, match="is a folder"):
        write_atomic(tmp_path, "x")
