"""Every option of every command works under every objective mode (point, expected, cautious).

Generated from the command definitions: each command runs once per mode with every one of its
options set (a sample value other than the default; a choice at its default), and once more for
each further value of a choice (every format, `--solver cbc`) in point mode, where CBC is quick. An option with no sample value here fails the test, so a new option
cannot go untested.
"""

from __future__ import annotations

import copy
import json

import click
import pytest
import yaml

from support import SMALL, run
from planner.cli import cli

MODES = {"point": ("--objective", "point"), "expected": ("--objective", "expected"),
         "cautious": ("--objective", "expected", "--risk", "cautious")}
MODE_OPTIONS = {"objective", "risk"}  # set by the mode, not by the option samples
CLUSTER_OPTIONS = {"backend", "scheduler"}  # a Dask cluster per command is too slow here: tests/test_whatif.py

# A value for each option that is not a choice or a flag, by its name. `{tmp}` is the test's
# directory, `{suffix}` the suffix the command's format writes.
SAMPLES: dict[str, tuple[str, ...]] = {
    "deadline": ("120",),
    # min_attainment is the option that used to crash every objective but `point`
    "overrides": ("objectives.grow.min_attainment=0.2", "teams.web.capacity=15"),
    "samples": ("20",),
    "forecast_samples": ("300",),
    "seed": ("3",),
    "time_limit": ("30",),
    "gap": ("0.001",),
    "whatif_time_limit": ("1",),  # CBC now and then runs a tiny what-if to its limit (noted in issue 17)
    "workers": ("1",),
    "output": ("{tmp}/out{suffix}",),
    "outputs": ("{tmp}/out.html", "{tmp}/out.md", "{tmp}/out.xlsx"),  # report: every format from one run
    "count": ("2",),
    "within": ("0.2",),
    "initiative": ("cache",),
    "capacity_step": ("2",),
    "explain_budget": ("30",),
    "team": ("web",),
    "start": ("80%",),
    "stop": ("0.9",),
    "steps": ("3",),
    "between": ("grow", "stable"),
    "selection": ("ads,cache",),
    "roadmap": ("{tmp}/roadmap.yaml",),
    "roadmaps": ("{tmp}/roadmap.yaml",),
    "labels": ("Web first",),
    "objective_id": ("grow",),
    "view": ("chain",),
    "tracked": ("{tmp}/roadmap.yaml",),
    "calibration": ("{tmp}/calibration.yaml",),
    "checkin": ("{tmp}/checkin.yaml",),
    "quarters": ("{tmp}/small.yaml {tmp}/checkin.yaml",),
    "landed": ("0.5",),
    "variants": ("More web=teams.web.capacity=20", "More web=split=null"),  # one option, two changes
    "grid": ("teams.web.capacity=10,20",),
}
# Options that cannot go together: each group after the first runs in its own invocation.
APART = {"frontier": ({"between"}, {"team", "start", "stop", "steps"}), "evaluate": ({"selection"}, {"roadmap"}),
         "forecast": ({"selection"}, {"roadmap"}), "schema": ({"record"}, {"json_format"}, {"checkin"}),
         "compare": ({"roadmaps"}, {"variants", "calibration"}), "graph": ({"objective_id"}, {"view"})}
SUFFIX = {"table": ".txt", "json": ".json", "csv": ".csv", "md": ".md", "html": ".html", "mermaid": ".mmd",
          "dot": ".dot", None: ".txt"}


def _options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and p.name not in ("help",)]


def _choices(option: click.Option) -> tuple[str, ...]:
    return tuple(option.type.choices) if isinstance(option.type, click.Choice) else ()


def _value(option: click.Option, tmp, fmt: str | None) -> list[str]:
    """The arguments that set `option` to a sample value (not its default)."""
    if option.is_flag:
        return [option.opts[0]]
    choices = _choices(option)
    if choices:  # the default (or the first): the other values get runs of their own
        return [option.opts[0], option.default if option.default in choices else choices[0]]
    assert option.name in SAMPLES, f"add a sample value for {option.opts[0]} to tests/test_options.py SAMPLES"
    values = [v.format(tmp=tmp, suffix=SUFFIX.get(fmt, ".txt")) for v in SAMPLES[option.name]]
    if option.multiple:
        return [a for v in values for a in (option.opts[0], *(v.split() if option.nargs > 1 else [v]))]
    return [option.opts[0], *values]


def _invocations(name: str, command: click.Command, tmp, scenario) -> list[list[str]]:
    """Every option of `command` at a sample value: one invocation with all of them (groups that
    cannot go together apart), then one per further choice value."""
    options = [o for o in _options(command) if o.name not in MODE_OPTIONS | CLUSTER_OPTIONS]
    groups = APART.get(name, ())
    apart = set().union(*groups) if groups else set()
    arguments = [] if name in ("schema", "calibrate") else [str(scenario)]
    if name in ("status", "replan", "score"):  # a check-in after the scenario
        arguments.append(str(tmp / "checkin.yaml"))
    fmt_option = next((o for o in options if o.name == "fmt"), None)

    def build(chosen: list[click.Option], fmt: str | None = None) -> list[str]:
        fmt = fmt or (None if fmt_option is None else _value(fmt_option, tmp, None)[1])
        args = [name, *arguments]
        for option in chosen:
            args += ["--format", fmt] if option is fmt_option else _value(option, tmp, fmt)
        return args

    shared = [o for o in options if o.name not in apart]
    first = shared + [o for o in options if groups and o.name in groups[0]]
    runs = [build(shared + [o for o in options if o.name in group]) for group in groups] or [build(shared)]
    for option in shared:  # every further choice value, the rest as in the first run
        if option is fmt_option:
            runs += [build(first, choice) for choice in _choices(option) if choice != runs[0][runs[0].index("--format") + 1]]
            continue
        for choice in _choices(option):
            if name == "report" and option.name == "solver":
                # ~150 CBC runs, each a process and files (about 3 s). The option is the shared
                # settings decorator, run with CBC on every other command.
                continue
            if option.name == "solver" and choice in ("cplex", "gurobi", "auto"):
                continue  # the optional engines and `auto`: tests/optimizer/test_engines.py, through the API
            if choice not in (option.default, _value(option, tmp, None)[1]):
                runs.append([*build([o for o in first if o is not option]), option.opts[0], choice])
    return runs


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("options")
    scenario = tmp / "small.yaml"
    data = copy.deepcopy(SMALL)  # two KRs per objective, so that `validate --strict` has nothing to warn about
    for objective in data["objectives"]:
        if len(objective["key_results"]) == 1:
            kr = objective["key_results"][0]
            objective["key_results"].append({**kr, "id": kr["id"] + "-2", "title": kr["title"] + " (second)"})
            for initiative in data["initiatives"]:
                if kr["id"] in initiative["impacts"]:
                    initiative["impacts"][kr["id"] + "-2"] = initiative["impacts"][kr["id"]]
    scenario.write_text(yaml.safe_dump(data))
    (tmp / "roadmap.yaml").write_text("name: Web first\nselect: [ads, referrals, cache]\n")
    (tmp / "checkin.yaml").write_text("version: 1\nweek: 6\nkey_results: {signups: 130}\ninitiatives:\n"
                                      "  ads: {status: done, spent: {web: 4}}\n"
                                      "  cache: {status: in-progress, spent: {platform: 2}, remaining: {platform: 2}}\n")
    (tmp / "calibration.yaml").write_text("version: 1\nkind: calibration\nlevel: 0.95\nquarters: [small]\nfactor: 0.7\n"
                                          "low: 0.5\nhigh: 0.9\nobservations: 6\n")
    return tmp, scenario


COMMANDS = sorted(cli.commands)
OBJECTIVE_COMMANDS = [n for n in COMMANDS if any(o.name == "objective" for o in _options(cli.commands[n]))]
CASES = [(n, m) for n in COMMANDS for m in (MODES if n in OBJECTIVE_COMMANDS else ("-",))]


@pytest.mark.parametrize("name, mode", CASES, ids=[f"{n}-{m}" for n, m in CASES])
def test_every_option_works_under_every_objective_mode(runner, files, name, mode):
    tmp, scenario = files
    command = cli.commands[name]
    invocations = _invocations(name, command, tmp, scenario)
    if mode not in ("-", "point"):  # the sampled modes: the runs with every option set; each further choice
        invocations = invocations[:len(APART.get(name, ())) or 1]  # value (e.g. --solver cbc) runs in point mode
    covered = set()
    for args in invocations:
        args = [*args, *MODES.get(mode, ())]
        result = run(runner, *args, exit_code=None)
        assert result.exit_code == 0, (args, result.output[-800:])
        assert "Traceback" not in result.output
        covered |= {a for a in args if a.startswith("-")}
        if "json" in args and "-o" not in args:
            json.loads(result.output)
    every = {o.opts[0] for o in _options(command) if o.name not in MODE_OPTIONS | CLUSTER_OPTIONS}
    assert every <= covered, every - covered  # no option left out of the runs
