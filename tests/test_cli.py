"""The command line through click's runner: each command once per exit code, and what only the
CLI does (options generated from `Settings`, flags in error messages, output files). Everything
else is checked through the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from support import ROOT, run, scenario_path

ONBOARDING = scenario_path("onboarding-q3")
FAST = ("--objective", "point", "--forecast-samples", "500")  # exact and quick; the sampled model has API tests
WHATIF_FAST = ("--objective", "point", "--workers", "1")


@pytest.fixture
def over_capacity(tmp_path):
    """Onboarding with two platform initiatives committed: no plan fits (exit 1)."""
    data = yaml.safe_load(ONBOARDING.read_text())
    data["split"] = "off"
    for x in data["initiatives"]:
        if x["id"] in ("sso", "mfa-recovery"):
            x["commit"] = "in"
    path = tmp_path / "over.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


# --- each command, each exit code ------------------------------------------------------------

def test_version_and_help(runner):
    from planner import __version__

    assert run(runner, "--version").output.strip().endswith(__version__)
    for command in ("validate", "graph", "schema", "plan", "evaluate", "forecast", "explain", "frontier",
                    "alternatives", "compare", "report"):
        assert "Usage:" in run(runner, command, "--help").output


def test_validate(runner, write):
    assert run(runner, "validate", ONBOARDING).output.startswith("ok")
    result = run(runner, "validate", write("bad.yaml", "version: 1\nname: [\n"), exit_code=2)
    assert "bad.yaml" in result.output and "Traceback" not in result.output


def test_graph(runner, tmp_path):
    assert run(runner, "graph", ONBOARDING).output.startswith("flowchart LR")
    out = tmp_path / "g.dot"
    run(runner, "graph", ONBOARDING, "--format", "dot", "-o", out)
    assert out.read_text().startswith('digraph "Q3 2026')
    run(runner, "graph", ONBOARDING, "--format", "png", exit_code=2)
    marked = run(runner, "graph", ONBOARDING, "--plan", "--objective-id", "signin", "--objective", "point").output
    assert "class " in marked and " funded" in marked and marked.count("subgraph ") == 1
    assert "Did you mean `signin`" in run(runner, "graph", ONBOARDING, "--objective-id", "sigin", exit_code=2).output


def test_schema(runner):
    assert json.loads(run(runner, "schema").output)["title"] == "okr-planner scenario"
    assert json.loads(run(runner, "schema", "--record", "plan").output)["title"] == "PlanRecord"
    assert run(runner, "schema", "--json-format").output.startswith("# JSON records")
    assert "plans" in run(runner, "schema", "--record", "plans", exit_code=2).output


def test_plan(runner, over_capacity):
    table = run(runner, "plan", ONBOARDING, *FAST).output
    for words in ("Attainment of expected impacts", "optimal", "Selected initiatives", "Key results", "Capacity", "70/20/10 split"):
        assert words in table
    assert run(runner, "plan", ONBOARDING, *FAST).output == table  # byte-identical reruns: no timings
    assert " s\n" in run(runner, "plan", ONBOARDING, *FAST, "--timings").output.split("\n", 2)[1] + "\n"
    data = json.loads(run(runner, "plan", ONBOARDING, *FAST, "--format", "json").output)
    assert data["format"] == "okr-planner/plan" and data["attainment_of_expected_impacts"] == pytest.approx(0.527788, abs=1e-6)
    assert sum(",yes," in line for line in run(runner, "plan", ONBOARDING, *FAST, "--format", "csv").output.splitlines()) == 9
    result = run(runner, "plan", over_capacity, *FAST, exit_code=1)
    assert "infeasible" in result.output and "+2 person-weeks on platform" in result.output
    assert "Traceback" not in result.output
    run(runner, "plan", ONBOARDING, "--solver", "xpress", exit_code=2)
    run(runner, "plan", ONBOARDING, "--gap", "2", exit_code=2)
    run(runner, "plan", ONBOARDING, "--objective", "point", "--risk", "cautious", exit_code=2)
    # Sentences that suggest a setting name the flag on the command line (the parameter in the API).
    loose = run(runner, "plan", ONBOARDING, *FAST, "--gap", "0.5").output  # HiGHS stops early here (pinned)
    assert "within the --gap of 50.00% asked for, not proven optimal" in loose


def test_evaluate(runner, tmp_path):
    result = run(runner, "evaluate", ONBOARDING, "--select", "tour,sso,templates", *FAST)
    text = " ".join(result.output.split())
    assert "requires[sso->identity-api]" in text and "not a plan that can be funded as it is" in text
    roadmap = tmp_path / "sales.yaml"
    roadmap.write_text("name: Sales list\nselect: [tour, sso, identity-api, mobile-signup]\n")
    data = json.loads(run(runner, "evaluate", ONBOARDING, "--roadmap", roadmap, *FAST, "--format", "json").output)
    assert data["name"] == "Sales list" and data["gap_to_optimum"] > 0
    run(runner, "evaluate", ONBOARDING, exit_code=2)  # neither --select nor --roadmap
    typo = tmp_path / "typo.yaml"
    typo.write_text("- tour\n- ssoo\n")
    result = run(runner, "evaluate", ONBOARDING, "--roadmap", typo, exit_code=2)
    assert f"--roadmap {typo}: there is no initiative `ssoo`. Did you mean `sso`?" in result.output


def test_forecast(runner):
    result = run(runner, "forecast", ONBOARDING, "--select", "tour,sso", "--samples", "500")
    assert "P(≥70%)" in result.output and "breaks 5 constraint(s)" in result.output
    data = json.loads(run(runner, "forecast", ONBOARDING, "--select", "tour", "--samples", "500",
                          "--format", "json").output)
    assert data["format"] == "okr-planner/forecast" and data["samples"] == 500 and data["selected"] == ["tour"]
    result = run(runner, "forecast", ONBOARDING, "--select", "toor", "--samples", "500", exit_code=2)
    assert "Did you mean `tour`?" in result.output


def test_explain(runner):
    result = run(runner, "explain", ONBOARDING, "--initiative", "sso", *WHATIF_FAST)
    assert "Cut" in result.output and "person-weeks" in result.output
    data = json.loads(run(runner, "explain", ONBOARDING, *WHATIF_FAST, "--format", "json").output)
    assert data["format"] == "okr-planner/explanation" and len(data["initiatives"]) == 16 and data["policies"]
    result = run(runner, "explain", ONBOARDING, "--initiative", "ssso", *WHATIF_FAST, exit_code=2)
    assert "--initiative: there is no initiative `ssso`" in result.output  # the library's parameter, as a flag


def test_frontier(runner, tmp_path, over_capacity):
    table = run(runner, "frontier", ONBOARDING, "--team", "platform", "--steps", "3", *WHATIF_FAST).output
    assert "Capacity frontier: team platform" in table
    for suffix in ("png", "svg"):
        out = tmp_path / f"f.{suffix}"
        run(runner, "frontier", ONBOARDING, "--team", "platform", "--steps", "3", *WHATIF_FAST, "-o", out)
        assert out.stat().st_size > 1000
    first = (tmp_path / "f.svg").read_bytes()
    run(runner, "frontier", ONBOARDING, "--team", "platform", "--steps", "3", *WHATIF_FAST, "-o", tmp_path / "f.svg")
    assert (tmp_path / "f.svg").read_bytes() == first  # deterministic chart
    data = json.loads(run(runner, "frontier", ONBOARDING, "--between", "onboarding", "signin", "--steps", "3",
                          *WHATIF_FAST, "--format", "json").output)
    assert data["format"] == "okr-planner/tradeoff"
    result = run(runner, "frontier", over_capacity, "--to", "100%", "--steps", "2", *WHATIF_FAST, exit_code=1)
    assert "infeasible" in result.output and "nan" not in result.output
    result = run(runner, "frontier", ONBOARDING, "--team", "platfrom", *WHATIF_FAST, exit_code=2)
    assert "--team: there is no team `platfrom`" in result.output
    run(runner, "frontier", ONBOARDING, "--whatif-time-limit", "0", exit_code=2)


def test_alternatives(runner):
    table = run(runner, "alternatives", ONBOARDING, "-k", "3", *FAST).output
    assert "Best distinct plans" in table and "as `plan`" in table
    data = json.loads(run(runner, "alternatives", ONBOARDING, "-k", "3", *FAST, "--format", "json").output)
    assert [p["rank"] for p in data["plans"]] == [1, 2, 3] and data["forecast_samples"] == 500


def test_compare(runner, tmp_path):
    cloudsecure = scenario_path("cloudsecure-q1")
    result = run(runner, "compare", ONBOARDING, cloudsecure, *FAST)
    rows = {line.split("│")[0].strip(): [c.strip() for c in line.split("│")[1:]] for line in result.output.splitlines()
            if "│" in line}
    assert rows["growth used"] == ["39 / 40", "-"] and rows["compliance used"][0] == "-"  # teams of one only
    (tmp_path / "sales.yaml").write_text("name: Sales list\nselect: [sso, identity-api, mobile-signup, tour]\n")
    data = json.loads(run(runner, "compare", ONBOARDING, "--roadmap", tmp_path / "sales.yaml", *FAST,
                          "--format", "json").output)
    assert [o["name"] for o in data["options"]] == ["optimal", "Sales list"]
    result = run(runner, "compare", ONBOARDING, cloudsecure, "--roadmap", tmp_path / "sales.yaml", exit_code=2)
    assert "roadmaps are compared on one scenario" in result.output
    page = tmp_path / "options.html"
    run(runner, "compare", ONBOARDING, "--option", "More growth=teams.growth.capacity=46", "--option",
        "More growth=split=null", "--label", "Today", *FAST, "-o", page)  # the report format from the suffix
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>") and "More growth" in text and "Today" in text
    result = run(runner, "compare", ONBOARDING, "--option", "teams.growth.capacity", exit_code=2)
    assert "LABEL=PATH=VALUE" in result.output
    result = run(runner, "compare", ONBOARDING, "--option", "x=teams.nobody.capacity=3", exit_code=2)
    assert "nobody" in result.output and "Traceback" not in result.output


def test_report(runner, tmp_path):
    out, page, sheets = tmp_path / "r.md", tmp_path / "r.html", tmp_path / "r.xlsx"
    run(runner, "report", ONBOARDING, "-o", out, "-o", page, "-o", sheets, *FAST, "--workers", "1")  # all from one run
    assert out.read_text().startswith("# Plan:") and page.read_text().startswith("<!DOCTYPE html>")
    assert sheets.read_bytes().startswith(b"PK")  # a zip: the workbook
    result = run(runner, "report", ONBOARDING, "-o", tmp_path / "report.pdf", exit_code=2)
    assert "print it to PDF" in result.output and not (tmp_path / "report.pdf").exists()


# --- what only the command line does ------------------------------------------------------------

def test_every_option_default_is_the_librarys():
    from planner.cli import SETTING_OPTIONS, cli
    from planner.settings import Settings, default

    checked = 0
    for command in cli.commands.values():
        for param in command.params:
            if param.name in SETTING_OPTIONS:
                assert param.default == default(param.name), (command.name, param.name)
                assert param.default == Settings().__getattribute__(param.name), (command.name, param.name)
                checked += 1
    assert checked >= 50  # 8 planning commands share them


def test_import_planner_stays_light():
    import subprocess
    import sys

    code = ("import sys, planner, planner.cli, planner.results, planner.settings; "
            "print(sorted(m for m in ('pulp', 'pandas', 'highspy', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_unwritable_output_is_refused_before_any_work(runner, tmp_path, monkeypatch):
    # A folder as -o raised a traceback, and a missing folder was found only after the solve.
    from planner import api

    monkeypatch.setattr(api, "plan", lambda *a, **k: (_ for _ in ()).throw(AssertionError("solved first")))
    for output in (tmp_path, tmp_path / "missing" / "out.json"):
        for command in ("plan", "report", "explain", "frontier", "graph", "alternatives"):
            result = run(runner, command, ONBOARDING, "-o", output, exit_code=2)
            assert "Traceback" not in result.output, (command, result.output)
    assert not list(tmp_path.iterdir())


def test_text_is_never_written_into_an_image_file(runner, tmp_path):
    # `forecast -o chart.png` wrote the text table into chart.png; frontier draws .png and .svg.
    for command, name in (("forecast", "chart.png"), ("plan", "plan.xlsx"), ("frontier", "curve.jpg"),
                          ("compare", "c.pdf"), ("evaluate", "e.svg")):
        extra = ("--select", "tour") if command == "evaluate" else ()
        result = run(runner, command, ONBOARDING, *extra, "-o", tmp_path / name, exit_code=2)
        assert "writes text" in result.output, (command, result.output)
    assert not list(tmp_path.iterdir())


def test_outputs_are_atomic_and_never_over_the_scenario(runner, tmp_path):
    out = tmp_path / "plan.json"
    run(runner, "plan", ONBOARDING, *FAST, "--format", "json", "-o", out)
    assert json.loads(out.read_text())["format"] == "okr-planner/plan"
    assert not list(tmp_path.glob(".plan.json.*"))  # no temporary file left behind
    copy = tmp_path / "s.yaml"
    copy.write_text(ONBOARDING.read_text())
    run(runner, "plan", copy, "-o", copy, exit_code=2)
    assert "refusing to overwrite" in run(runner, "graph", copy, "-o", copy, exit_code=2).output
    assert copy.read_text() == ONBOARDING.read_text()


def test_set_overrides_reach_every_command(runner):
    data = json.loads(run(runner, "plan", ONBOARDING, *FAST, "--set", "teams.platform.capacity=50",
                          "--format", "json").output)
    assert next(t for t in data["teams"] if t["id"] == "platform")["capacity"] == 50
    result = run(runner, "validate", ONBOARDING, "--set", "teams.platfrom.capacity=50", exit_code=2)
    assert "Did you mean `platform`?" in result.output
    assert "--set teams.platfrom.capacity=50: --set: no field `platfrom`" in result.output  # the API: `override`


def test_library_errors_name_the_flags():
    from planner.cli import _in_flags
    from planner.errors import Problem, ScenarioError, Undecided

    assert _in_flags(Undecided("x", parameters=("whatif_time_limit", "gap"))) == "x (--whatif-time-limit, --gap)"
    assert "--team: no" in _in_flags(ScenarioError(Problem("team", "no")))
    assert "--gap: no" in _in_flags(ScenarioError(Problem("gap", "no")))
    assert "scenario: no" in _in_flags(ScenarioError(Problem("scenario", "no")))  # not a parameter: as it is


# --- hostile and careless use: nothing lost, nothing injected -------------------------------------

@pytest.fixture
def child(tmp_path):
    """A scenario that extends the bundled CloudSecure one (and so reads its CSV tables)."""
    path = tmp_path / "child.yaml"
    path.write_text(f"extends: {scenario_path('cloudsecure-q1')}\nname: child\n")
    return path


def test_every_file_a_command_reads_is_protected_before_any_work(runner, tmp_path, child, monkeypatch):
    from planner import api

    for name in ("plan", "evaluate_roadmap", "forecast_plan", "compare", "explain", "report"):
        monkeypatch.setattr(api, name, lambda *a, **k: (_ for _ in ()).throw(AssertionError("worked first")))
    roadmap = tmp_path / "road.yaml"
    roadmap.write_text("- tour\n")
    text = tmp_path / "road.txt"
    text.write_text("tour\n")
    table = scenario_path("cloudsecure-q1").parent / "cloudsecure" / "impacts.csv"
    before = {p: p.read_bytes() for p in (roadmap, text, table, scenario_path("cloudsecure-q1"))}
    cases = [("evaluate", ONBOARDING, "--roadmap", roadmap, "-o", roadmap),
             ("forecast", ONBOARDING, "--roadmap", text, "-o", text),
             ("compare", child, ONBOARDING, "-o", scenario_path("cloudsecure-q1")),  # child's extends: base
             ("compare", scenario_path("cloudsecure-q1"), ONBOARDING, "-o", table),  # an input table
             ("plan", child, "-o", table), ("explain", child, "-o", table),
             ("report", child, "--format", "md", "-o", table)]
    for command, *args in cases:
        result = run(runner, command, *args, exit_code=2)
        assert "refusing to overwrite" in result.output, (command, result.output)
    assert all(p.read_bytes() == data for p, data in before.items())


def test_standard_output_idioms(runner, tmp_path):
    import os
    import stat
    import subprocess
    import sys

    assert run(runner, "schema", "-o", "-").output.lstrip().startswith("{")
    run(runner, "graph", ONBOARDING, "-o", "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    piped = subprocess.run(f"{sys.executable} -m planner.cli schema -o /dev/stdout | head -c 1", shell=True,
                           capture_output=True, text=True, cwd=ROOT)
    assert piped.returncode == 0 and piped.stdout == "{" and "Traceback" not in piped.stderr


def test_user_text_cannot_inject_into_terminals_spreadsheets_or_reports(runner, tmp_path):
    data = yaml.safe_load(ONBOARDING.read_text())
    data["name"] = "Q3\x1b[2J\x1b]0;owned\x07"
    data["initiatives"][0]["title"] = '=HYPERLINK("http://evil.example","x")'
    data["initiatives"][1]["title"] = "fine\r| forged | row |"
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(data))
    for command in (("validate",), ("plan", *FAST)):
        out = run(runner, command[0], path, *command[1:]).output
        assert "\x1b" not in out and "\\x1b[2J" in out, command
    csv = run(runner, "plan", path, *FAST, "--format", "csv").output
    assert "\n'=HYPERLINK" not in csv and ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"," in csv
    report = tmp_path / "r.md"
    run(runner, "report", path, "-o", report, *FAST, "--workers", "1")
    md = report.read_text()
    assert "\r" not in md and "\x1b" not in md
    rows = [line for line in md.splitlines() if line.startswith("| **progress-bar**")]
    # "we fund" and the plan by tier, 4 columns each: the CR forged no row and no column in either
    assert [row.count(" | ") for row in rows] == [3, 3]


@pytest.fixture(scope="module")
def big_scenario(tmp_path_factory):
    """500 synthetic initiatives: proving the plan at a zero gap takes over 5 s (measured 5.3 s)."""
    from support import synthetic

    from planner.validation import scenario_document

    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text(yaml.safe_dump(scenario_document(synthetic(500, 1)), sort_keys=False))
    return path


def test_a_deadline_bounds_the_whole_command(big_scenario, tmp_path):
    import subprocess
    import sys
    import time

    out = tmp_path / "plan.json"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "planner.cli", "plan", big_scenario, "--objective", "point",
                           "--forecast-samples", "0", "--gap", "0", "--time-limit", "60", "--deadline", "1", "-o", out],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1 and "passed its deadline of 1 s" in done.stderr and "Traceback" not in done.stderr
    assert "raise --deadline or lower --time-limit" in " ".join(done.stderr.split())
    assert time.perf_counter() - started < 30 and not out.exists()  # measured: 2 s; the solve alone takes > 5 s


def test_a_deadline_message_names_the_flags_that_bound_that_command():
    """Each command is told to change what it has: `explain` its budget too, `plan` its solve's limit."""
    from planner.cli import cli, deadline_advice

    assert deadline_advice(cli.commands["plan"]) == "raise --deadline or lower --time-limit"
    assert deadline_advice(cli.commands["explain"]) == (
        "raise --deadline, lower --time-limit or --whatif-time-limit, or set a smaller --budget")


def test_ctrl_c_stops_a_long_solve_at_once_and_writes_nothing(big_scenario, tmp_path):
    """Ctrl-C waited for the running solve (up to its time limit); the engine now polls for it.
    The bound below is generous on purpose (measured: 0.02-0.8 s); the solve alone takes over 5 s."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "plan.json"
    process = subprocess.Popen([sys.executable, "-m", "planner.cli", "plan", big_scenario, "--objective", "point",
                                "--forecast-samples", "0", "--gap", "0", "--time-limit", "60", "-o", out],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    time.sleep(1.5)  # mid-solve: starting, loading and building take about 1 s, the solve over 5 s
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert time.perf_counter() - sent < 10 and not out.exists()


def test_an_interrupt_in_parallel_what_ifs_leaves_no_warning():
    """An interrupt of the main process while workers run (as `kill -INT` sends it; Ctrl-C in a
    terminal reaches the tracker too): exit 130 with one line, no traceback from a worker, and no
    "leaked semaphore objects" warning from multiprocessing's resource tracker."""
    import signal
    import subprocess
    import sys
    import time

    # multi-team-q4 on the point model: the base plan at once, then a few seconds of what-ifs in 2 workers
    process = subprocess.Popen([sys.executable, "-m", "planner.cli", "explain", "scenarios/multi-team-q4.yaml",
                                "--workers", "2", "--objective", "point"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    started = time.monotonic()
    while time.monotonic() - started < 30 and process.poll() is None:  # until the workers run, however loaded the machine
        if children.exists() and len(children.read_text().split()) >= 2:  # the resource tracker and a worker
            break
        time.sleep(0.05)
    assert process.poll() is None, "the explanation ended before its worker processes started"
    time.sleep(0.2)  # into their solves
    process.send_signal(signal.SIGINT)  # the main process only: the resource tracker lives on to warn
    _, err = process.communicate(timeout=30)  # to the end of stderr, which the tracker shares
    assert process.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert "leaked" not in err


QUARTER = scenario_path("cloudsecure-q1")
WEEK8 = QUARTER.parent / "cloudsecure-q1-checkins" / "week-08.yaml"


def test_status(runner, tmp_path):
    text = run(runner, "status", QUARTER, WEEK8, *FAST).output
    assert "week 8 of 13" in text and "still to land" in text and "detection" in text
    data = json.loads(run(runner, "status", QUARTER, WEEK8, *FAST, "--format", "json").output)
    assert data["format"] == "okr-planner/status" and "evidence-collector" in data["selected"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nweek: 3\ninitiatives:\n  report-engin: {status: done}\n")
    result = run(runner, "status", QUARTER, bad, exit_code=2)
    assert "Did you mean `report-engine`" in result.output and "line 4" in result.output


def test_replan(runner, tmp_path):
    text = run(runner, "replan", QUARTER, WEEK8, *FAST).output
    assert "What changes" in text and "continue (in progress)" in text
    data = json.loads(run(runner, "replan", QUARTER, WEEK8, *FAST, "--split-over", "remaining", "--format",
                          "json").output)
    assert data["checkin"]["split_over"] == "remaining" and {m["move"] for m in data["moves"]} >= {"done", "continue"}
    lost = tmp_path / "lost.yaml"  # every team down to what is spent: a committed initiative cannot fit
    lost.write_text("version: 1\nweek: 8\ncapacity: {compliance: 0, detection: 0, platform: 0, design: 0}\n")
    result = run(runner, "replan", QUARTER, lost, *FAST, exit_code=1)
    assert "sales-export" in result.output


def test_score(runner):
    final = QUARTER.parent / "cloudsecure-q1-checkins" / "final.yaml"
    text = run(runner, "score", QUARTER, final, *FAST).output
    assert "Overall score 0.4" in text and "Missed the forecast most" in text
    data = json.loads(run(runner, "score", QUARTER, final, *FAST, "--format", "json").output)
    assert data["key_results"][0]["actual_attainment"] == round((1.4 - 4) / (0.5 - 4), 6)


def test_calibrate(runner, tmp_path):
    history = QUARTER.parent / "cloudsecure-history"
    quarters = ["--quarter", history / "q4-2026.yaml", history / "q4-2026-final.yaml",
                "--quarter", QUARTER, QUARTER.parent / "cloudsecure-q1-checkins" / "final.yaml"]
    assert "what was estimated" in run(runner, "calibrate", *quarters).output
    file = tmp_path / "calibration.yaml"
    run(runner, "calibrate", *quarters, "-o", file)
    plain = json.loads(run(runner, "plan", QUARTER, *FAST, "--format", "json").output)
    scaled = json.loads(run(runner, "plan", QUARTER, *FAST, "--calibration", file, "--format", "json").output)
    assert "calibrated" in scaled["scenario"]["name"]
    assert scaled["attainment_of_expected_impacts"] < plain["attainment_of_expected_impacts"]
    text = run(runner, "compare", QUARTER, "--calibration", file, *FAST).output
    assert "calibrated (×" in text  # the plan with and without it
    file.write_text("version: 1\nkind: calibration\n")
    assert "calibrate ... -o FILE" in run(runner, "plan", QUARTER, "--calibration", file, exit_code=2).output


def test_a_scheduler_goes_with_the_dask_backend(runner):
    out = run(runner, "explain", ONBOARDING, "--scheduler", "tcp://127.0.0.1:8786", exit_code=2)
    assert "--scheduler goes with --backend dask" in out.output
