"""The hostile-input corpus: files and options an attacker or a careless user would give.

Every case runs the command line as a user would and must end with the contract: the exit code
(2 for bad input, with the place named and a fix; 0 where the input is valid after all), never a
traceback, never a hang (each case is bounded by the sizes the parser and options allow), and no
file the command read changed. A new command or option joins by adding a row.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml

from support import run, scenario_path

BASE = scenario_path("onboarding-q3").read_text()
CHEAP = ("--objective", "point", "--forecast-samples", "0")


def _scenario(**edits) -> dict:
    data = yaml.safe_load(BASE)
    for dotted, value in edits.items():
        node = data
        *path, last = dotted.split(".")
        for part in path:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return data


def _bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\nversion: 1\nname: bomb\n"


def _ring(n: int) -> dict:
    data = _scenario()
    data["initiatives"] += [{"id": f"r{i}", "title": "r", "effort": {"growth": 1},
                             "requires": [f"r{j}" for j in range(n) if j != i]} for i in range(n)]
    return data


def _chain(n: int) -> dict:
    data = _scenario()
    data["initiatives"] += [{"id": f"c{i}", "title": "c", "effort": {"growth": 0.01},
                             **({"requires": [f"c{i - 1}"]} if i else {})} for i in range(n)]
    return data


# (case id, {file name: text, bytes or data}, arguments (`{f}` = the first file), exit code, words expected)
YAML_TEXT = [
    ("deep-nesting", {"s.yaml": "version: 1\nname: " + "[" * 5000 + "]" * 5000}, 2, "nested more than 64"),
    ("recursive-alias", {"s.yaml": "version: 1\nname: &a [*a]\n"}, 2, "refers to a value that contains it"),
    ("alias-bomb", {"s.yaml": _bomb()}, 2, "aliases expand"),
    ("alias-bomb-in-a-field", {"s.yaml": _bomb(4).replace("name: bomb", "name: *a3")}, 2, "must be text"),
    ("sequence-as-key", {"s.yaml": "version: 1\n? [a, b]\n: 1\nname: x\n"}, 2, "a key here is a list or a mapping"),
    ("mapping-as-key", {"s.yaml": "version: 1\n? {a: 1}\n: 1\nname: x\n"}, 2, "a key here is a list or a mapping"),
    ("nul-byte", {"s.yaml": 'version: 1\nname: "a\x00b"\n'}, 2, "not valid YAML"),
    ("bell-byte", {"s.yaml": "version: 1\nname: a\x07b\n"}, 2, "not valid YAML"),
    ("binary-tag", {"s.yaml": BASE.replace('name: "Q3 2026 - Onboarding"', "name: !!binary aGVsbG8=")}, 2,
     "is not plain data"),
    ("python-tag", {"s.yaml": BASE.replace('name: "Q3 2026 - Onboarding"', "name: !!python/name:os.system")}, 2,
     "is not plain data"),
    ("str-tag", {"s.yaml": BASE.replace('name: "Q3 2026 - Onboarding"', "name: !!str x")}, 2, "is not plain data"),
    ("empty-file", {"s.yaml": ""}, 2, "the file is empty"),
    ("only-a-comment", {"s.yaml": "# nothing\n"}, 2, "the file is empty"),
    ("a-list", {"s.yaml": "- a\n- b\n"}, 2, "does not hold a mapping"),
    ("a-scalar", {"s.yaml": "hello\n"}, 2, "does not hold a mapping"),
    ("not-utf8", {"s.yaml": "name: caf\xe9\n".encode("latin-1")}, 2, "not UTF-8"),
    ("unclosed-bracket", {"s.yaml": "version: 1\nname: [\n"}, 2, "not valid YAML"),
    ("tab-indent", {"s.yaml": "version: 1\nteams:\n\tweb: 1\n"}, 2, "not valid YAML"),
    ("duplicate-key", {"s.yaml": BASE.replace("units: person-weeks", "units: person-weeks\nunits: days")}, 2,
     "appears twice"),
    ("huge-number-text", {"s.yaml": BASE.replace("capacity: 40,", "capacity: " + "9" * 400 + ",")}, 2,
     "must be"),
]

NUMBERS = [
    ("boolean-capacity", {"s.yaml": _scenario(**{"teams.growth.capacity": True})}, 2, "must be a number; got true"),
    ("yes-as-baseline", {"s.yaml": BASE.replace("baseline: 68", "baseline: yes")}, 2, "must be a number; got 'yes'"),
    ("on-as-weight", {"s.yaml": BASE.replace("weight: 1\n", "weight: on\n", 1)}, 2, "must be a number"),
    ("boolean-effort", {"s.yaml": BASE.replace("effort: {growth: 6}", "effort: {growth: true}")}, 2,
     "must be a number"),
    ("boolean-confidence", {"s.yaml": BASE.replace("confidence: 0.8", "confidence: true", 1)}, 2, "must be a number"),
    ("sexagesimal", {"s.yaml": BASE.replace("baseline: 68", "baseline: 1:30")}, 2, "got '1:30'"),
    ("date-as-baseline", {"s.yaml": BASE.replace("baseline: 68", "baseline: 2024-01-01")}, 2, "got '2024-01-01'"),
    ("infinite-gap", {"s.yaml": BASE.replace("baseline: 68", "baseline: -1e308").replace("target: 85", "target: 1e308")},
     2, "beyond"),
    ("nan-trend", {"s.yaml": BASE.replace("baseline: 68", "baseline: 68\n        trend: .nan")}, 2, "finite"),
    ("inf-capacity", {"s.yaml": BASE.replace("capacity: 40,", "capacity: .inf,")}, 2, "must be"),
    ("capacity-over-1e12", {"s.yaml": BASE.replace("capacity: 40,", "capacity: 1.0e13,")}, 2, "or less"),
    ("negative-effort", {"s.yaml": BASE.replace("effort: {growth: 6}", "effort: {growth: -6}")}, 2, "or more"),
    ("confidence-over-1", {"s.yaml": BASE.replace("confidence: 0.8", "confidence: 2", 1)}, 2, "or less"),
    ("zero-weight", {"s.yaml": BASE.replace("weight: 1\n", "weight: 0\n", 1)}, 2, "more than 0"),
    ("target-equals-baseline", {"s.yaml": BASE.replace("target: 85", "target: 68")}, 2, "nothing to attain"),
    ("impact-million-times-the-gap", {"s.yaml": BASE.replace("completion: {low: 5, likely: 8, high: 10}",
                                                             "completion: 1e9")}, 2, "gap"),
    ("list-as-title", {"s.yaml": _scenario(**{"initiatives.0.title": [1, 2]})}, 2, "must be text"),
    ("mapping-as-description", {"s.yaml": BASE.replace("description: >", "description: {a: 1}\nx: >")}, 2, "fix:"),
    ("integer-team-key", {"s.yaml": BASE.replace("  platform: {capacity: 24, name: Platform}",
                                                 "  7: {capacity: 24, name: Platform}")}, 2, "must be text"),
    ("no-teams", {"s.yaml": _scenario(teams={})}, 2, "needs at least one"),
    ("no-key-results", {"s.yaml": _scenario(**{"objectives.0.key_results": []})}, 2, "needs at least one"),
]

GRAPHS = [
    ("requires-twice", {"s.yaml": _scenario(**{"initiatives.2.requires": ["identity-api", "identity-api"]})}, 2,
     "lists `identity-api` twice"),
    ("excludes-twice", {"s.yaml": _scenario(**{"initiatives.0.excludes": ["sso", "sso"]})}, 2, "twice"),
    ("requires-itself", {"s.yaml": _scenario(**{"initiatives.0.requires": ["tour"]})}, 2, "requires itself"),
    ("requires-unknown", {"s.yaml": _scenario(**{"initiatives.0.requires": ["ssoo"]})}, 2, "Did you mean `sso`?"),
    ("two-cycle", {"s.yaml": _scenario(**{"initiatives.0.requires": ["progress-bar"],
                                          "initiatives.1.requires": ["tour"]})}, 2, "forms a cycle"),
    ("twelve-require-each-other", {"s.yaml": _ring(12)}, 2, "forms a cycle: r0 -> r1 -> r0"),
    ("requires-and-excludes", {"s.yaml": _scenario(**{"initiatives.0.requires": ["sso"],
                                                      "initiatives.0.excludes": ["sso"]})}, 2, "both requires"),
    ("long-requires-chain", {"s.yaml": _chain(1500)}, 0, "ok"),
    ("unknown-kr-impact", {"s.yaml": BASE.replace("completion: {low: 5, likely: 8, high: 10}", "completon: 8")}, 2,
     "Did you mean `completion`?"),
    ("unknown-team-effort", {"s.yaml": BASE.replace("effort: {growth: 6}", "effort: {grwoth: 6}")}, 2,
     "Did you mean `growth`?"),
    ("duplicate-initiative-ids", {"s.yaml": _scenario(**{"initiatives.1.id": "tour"})}, 2, "duplicate initiative id"),
]


EXTENDS = [
    ("extends-passwd", {"s.yaml": "extends: /etc/passwd\nname: x\n"}, 2, "does not hold a mapping of scenario fields"),
    ("extends-folder", {"s.yaml": "extends: .\nname: x\n"}, 2, "not a regular file"),
    ("extends-dev-null", {"s.yaml": "extends: /dev/null\nname: x\n"}, 2, "not a regular file"),
    ("extends-missing", {"s.yaml": "extends: nope.yaml\nname: x\n"}, 2, "not found"),
    ("extends-itself", {"s.yaml": "extends: s.yaml\nname: x\n"}, 2, "in a circle"),
    ("extends-a-list", {"s.yaml": "extends: l.yaml\nname: x\n", "l.yaml": "- a\n"}, 2, "does not hold a mapping"),
    ("extends-chain-40", {"s.yaml": "extends: e39.yaml\n", **{f"e{n}.yaml": f"extends: e{n - 1}.yaml\n"
                                                              for n in range(1, 40)}, "e0.yaml": BASE}, 2,
     "more than 32 files"),
    ("extends-chain-10", {"s.yaml": "extends: e9.yaml\n", **{f"e{n}.yaml": f"extends: e{n - 1}.yaml\n"
                                                             for n in range(1, 10)}, "e0.yaml": BASE}, 0, "ok"),
]

DEVICES = [
    ("dev-zero", "/dev/zero", 2, "not a regular file"),
    ("a-folder", ".", 2, "this is a folder"),
    ("missing-file", "nope.yaml", 2, "file not found"),
]

SETS = [
    ("set-not-path-value", ("--set", "teams.growth.capacity"), 2, "is not `path=value`"),
    ("set-unknown-team", ("--set", "teams.platfrom.capacity=50"), 2, "Did you mean `platform`?"),
    ("set-whole-list-item", ("--set", "initiatives.tour={}"), 2, "cannot replace a whole list item"),
    ("set-into-a-value", ("--set", "name.x=1"), 2, "holds a value, not fields"),
    ("set-empty-team", ("--set", "teams.growth="), 2, "fix:"),
    ("set-negative-capacity", ("--set", "teams.platform.capacity=-1"), 2, "--set teams.platform.capacity=-1"),
    ("set-breaks-split", ("--set", "split.primary=0.8"), 2, "as changed by --set split.primary=0.8"),
    ("set-bomb", ("--set", "name=[&a0 [l,l,l,l,l,l,l,l,l,l], " + ", ".join(
        f"&a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)) + "]"), 2, "aliases expand"),
    ("set-yaml-tag", ("--set", "name=!!binary aGVsbG8="), 2, "is not plain data"),
    ("set-replaces-a-list", ("--set", "objectives=[{id: x}]"), 2, "--set objectives=[{id: x}]: objective `x`"),
]

OPTIONS = [
    ("seed-negative", ("plan", "--seed", "-1"), "--seed"),
    ("samples-huge", ("plan", "--samples", "1000000000"), "--samples"),
    ("forecast-samples-huge", ("plan", "--forecast-samples", "10000000000"), "--forecast-samples"),
    ("time-limit-nan", ("plan", "--time-limit", "nan"), "--time-limit"),
    ("time-limit-inf", ("plan", "--time-limit", "inf"), "--time-limit"),
    ("deadline-nan", ("plan", "--deadline", "nan"), "--deadline"),
    ("deadline-zero", ("plan", "--deadline", "0"), "--deadline"),
    ("time-limit-zero", ("plan", "--time-limit", "0"), "--time-limit"),
    ("time-limit-negative", ("plan", "--time-limit", "-1"), "--time-limit"),
    ("gap-two", ("plan", "--gap", "2"), "--gap"),
    ("solver-unknown", ("plan", "--solver", "xpress"), "--solver"),
    ("objective-unknown", ("plan", "--objective", "best"), "--objective"),
    ("cautious-point", ("plan", "--objective", "point", "--risk", "cautious"), "--risk"),
    ("whatif-time-limit-nan", ("explain", "--initiative", "sso", "--whatif-time-limit", "nan"), "--whatif-time-limit"),
    ("capacity-step-huge", ("explain", "--capacity-step", "1e308"), "--capacity-step"),
    ("capacity-step-nan", ("explain", "--capacity-step", "nan"), "--capacity-step"),
    ("frontier-to-huge", ("frontier", "--to", "1e308%"), "--from/--to/--steps"),
    ("frontier-from-above-to", ("frontier", "--from", "150%", "--to", "50%"), "--from/--to/--steps"),
    ("frontier-steps-huge", ("frontier", "--steps", "100000"), "--from/--to/--steps"),
    ("frontier-not-a-percentage", ("frontier", "--to", "lots"), "--to"),
    ("frontier-bare-percentage", ("frontier", "--from", "80", "--to", "120"), "write 80% or 0.8"),
    ("frontier-unknown-team", ("frontier", "--team", "platfrom"), "--team"),
    ("between-unknown-objective", ("frontier", "--between", "onboardng", "signin"), "--between"),
    ("explain-unknown-initiative", ("explain", "--initiative", "ssoo"), "--initiative"),
    ("forecast-zero-samples", ("forecast", "--samples", "0"), "--samples"),
    ("evaluate-nothing", ("evaluate",), "--select or --roadmap"),
    ("evaluate-unknown-id", ("evaluate", "--select", "tour,ssoo"), "Did you mean `sso`?"),
    ("alternatives-zero", ("alternatives", "-k", "0"), "-k"),
    ("alternatives-negative-within", ("alternatives", "--within", "-1"), "--within"),
    ("graph-png", ("graph", "--format", "png"), "--format"),
    ("report-pdf", ("report", "-o", "r.pdf"), "print it to PDF"),
    ("plan-into-xlsx", ("plan", "-o", "plan.xlsx"), "writes text"),
    ("output-missing-folder", ("plan", "-o", "missing/plan.json"), "does not exist"),
    ("output-a-folder", ("plan", "-o", "."), "-o"),
]

ROADMAPS = [
    ("roadmap-not-utf8", "road.txt", "tour\nt\xe9st\n".encode("latin-1"), "not UTF-8"),
    ("roadmap-empty", "road.yaml", "", "the file is empty"),
    ("roadmap-unknown-id", "road.yaml", "- tour\n- ssoo\n", "Did you mean `sso`?"),
    ("roadmap-mapping-without-select", "road.yaml", "name: x\n", "select: [...]"),
    ("roadmap-bomb", "road.yaml", _bomb(), "aliases expand"),
    ("roadmap-folder", ".", None, "not a regular file"),
    ("roadmap-missing", "nope.txt", None, "file not found"),
]

TABLES_HEAD = BASE.split("\ninitiatives:")[0] + "\ninitiatives: {table: initiatives.csv, impacts: impacts.csv}\n"
INITIATIVES = "id,title,effort.growth,confidence\ntour,Tour,6,0.9\nsso,SSO,4,0.8\n"
IMPACTS = "initiative,key_result,impact\ntour,completion,8\nsso,completion,3\n"
TABLES = [
    ("table-missing", {"initiatives.csv": None}, "not found"),
    ("table-duplicate-header", {"initiatives.csv": "id,title,effort.growth,title\ntour,Tour,6,x\n"}, "appears twice"),
    ("table-nul-cell", {"initiatives.csv": INITIATIVES.replace("Tour", "To\x00ur")}, "NUL"),
    ("table-extra-cells", {"initiatives.csv": INITIATIVES + "api,API,1,0.5,extra\n"}, "cells for"),
    ("table-empty", {"initiatives.csv": ""}, "is empty"),
    ("table-unknown-column", {"initiatives.csv": INITIATIVES.replace("confidence", "confidance")}, "unknown column"),
    ("table-boolean-effort", {"initiatives.csv": INITIATIVES.replace(",6,", ",true,")}, "must be a number"),
    ("table-not-utf8", {"impacts.csv": IMPACTS.replace("Tour", "T\xe9").encode("latin-1") + b"\xff\n"}, "cannot read"),
    ("impacts-unknown-initiative", {"impacts.csv": IMPACTS + "ssoo,completion,1\n"}, "Did you mean `sso`?"),
]


def _write(folder: Path, files: dict) -> Path:
    first = None
    for name, content in files.items():
        path = folder / name
        first = first or path
        if content is None:
            continue
        if isinstance(content, dict):
            content = yaml.safe_dump(content, sort_keys=False)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return first


def _checked(result, code: int, expected: str, place: str | None) -> None:
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    assert expected in " ".join(result.output.split()), result.output
    if code == 2 and "Usage:" not in result.output:  # the planner's own errors: a place and a fix
        assert "fix:" in result.output, result.output
        if place:
            assert place in result.output, result.output


@pytest.mark.parametrize("name, files, code, expected", YAML_TEXT + NUMBERS + GRAPHS + EXTENDS,
                         ids=[case[0] for case in YAML_TEXT + NUMBERS + GRAPHS + EXTENDS])
def test_scenario_files(name, files, code, expected, runner, tmp_path):
    path = _write(tmp_path, files)
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = run(runner, "validate", path, exit_code=None)
    _checked(result, code, expected, path.name if code == 2 else None)
    assert {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


@pytest.mark.parametrize("name, target, code, expected", DEVICES, ids=[case[0] for case in DEVICES])
def test_things_that_are_not_scenario_files(name, target, code, expected, runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _checked(run(runner, "validate", target, exit_code=None), code, expected, None)


@pytest.mark.parametrize("name, args, code, expected", SETS, ids=[case[0] for case in SETS])
def test_overrides(name, args, code, expected, runner):
    _checked(run(runner, "validate", scenario_path("onboarding-q3"), *args, exit_code=None), code, expected, "--set")


@pytest.mark.parametrize("name, args, expected", OPTIONS, ids=[case[0] for case in OPTIONS])
def test_options(name, args, expected, runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    command, *rest = args
    result = run(runner, command, scenario_path("onboarding-q3"), *rest, exit_code=None)
    _checked(result, 2, expected, None)
    assert not list(tmp_path.iterdir()), "nothing written"


@pytest.mark.parametrize("name, file, content, expected", ROADMAPS, ids=[case[0] for case in ROADMAPS])
def test_roadmaps(name, file, content, expected, runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    if content is not None:
        _write(tmp_path, {file: content})
    for command, cheap in (("evaluate", CHEAP), ("forecast", ("--samples", "100"))):
        result = run(runner, command, scenario_path("onboarding-q3"), "--roadmap", file, *cheap, exit_code=None)
        _checked(result, 2, expected, None)


@pytest.mark.parametrize("name, files, expected", TABLES, ids=[case[0] for case in TABLES])
def test_initiative_tables(name, files, expected, runner, tmp_path):
    tables = {"initiatives.csv": INITIATIVES, "impacts.csv": IMPACTS, **files}
    path = _write(tmp_path, {"s.yaml": TABLES_HEAD, **tables})
    _checked(run(runner, "validate", path, exit_code=None), 2, expected, None)


def test_a_workbook_that_is_not_one(runner, tmp_path):
    with zipfile.ZipFile(tmp_path / "initiatives.xlsx", "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    path = _write(tmp_path, {"s.yaml": TABLES_HEAD.replace("initiatives.csv", "initiatives.xlsx"),
                             "impacts.csv": IMPACTS})
    _checked(run(runner, "validate", path, exit_code=None), 2, "cannot read initiatives.xlsx", None)


def test_the_corpus_is_large():
    cases = YAML_TEXT + NUMBERS + GRAPHS + EXTENDS + DEVICES + SETS + OPTIONS + ROADMAPS + TABLES
    assert len(cases) >= 100 and len({case[0] for case in cases}) == len(cases)


def test_driver_chains_too_long_or_too_many_are_refused_in_bounded_time(tmp_path):
    """A 501-link chain and a 30-link chain: refused with their size, not propagated."""
    from support import validated

    def scenario(n_links: int) -> str:
        krs = [{"id": f"k{i}", "title": "k", "baseline": 0, "target": 1,
                **({"drives": {f"k{i + 1}": 1.0}} if i < n_links else {})} for i in range(n_links + 1)]
        return yaml.safe_dump({"version": 1, "name": "h", "teams": {"a": {"capacity": 5}},
                               "objectives": [{"id": "o", "title": "o", "tier": "primary", "key_results": krs}],
                               "initiatives": [{"id": "i", "title": "i", "effort": {"a": 1}, "impacts": {"k0": 0.1}}]})

    many, deep = tmp_path / "many.yaml", tmp_path / "deep.yaml"
    many.write_text(scenario(501))
    deep.write_text(scenario(30))
    assert "501 driver links; at most 500 are read" in validated(many).output
    assert "a chain of 30 driver links, from `k0` to `k30`; at most 12 are read" in validated(deep).output
