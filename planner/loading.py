"""Reading scenario files: YAML (safely, with line numbers) and initiative spreadsheets.

The loader turns files into the plain dict that `planner.validation.build_scenario` checks, and
remembers where each element came from, so every error names a file and a line or row.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from planner.errors import Location, Problem, ScenarioError, did_you_mean
from planner.checkin import CheckIn
from planner.model import Scenario
from planner.validation import Loc, build_checkin, build_scenario, check_company_document, schema_fields

INITIATIVE_COLUMNS = ("id", "title", "tier", "confidence", "commit", "requires", "excludes",
                      "cost", "owner", "notes")
NUMERIC_COLUMNS = ("confidence", "cost")
IMPACT_COLUMNS = ("initiative", "key_result", "impact", "low", "likely", "high")
EFFORT_PREFIX = "effort."


@dataclass
class SourceMap:
    """Where each element of a parsed scenario came from (longest matching path wins)."""

    default: Location
    places: dict[Loc, Location] = field(default_factory=dict)

    def __call__(self, loc: Loc) -> Location:
        loc = tuple(loc)
        for end in range(len(loc), -1, -1):
            found = self.places.get(loc[:end])
            if found is not None:
                break
        else:
            found = self.default
        # A rule over a whole element (the split's shares, say) can be broken by an override inside it.
        edits = sorted({p.override for key, p in self.places.items()
                        if loc and len(key) > len(loc) and key[:len(loc)] == loc and p.override is not None})
        if edits and found.override is None:
            return replace(found, edited_by=tuple(edits))
        return found


@dataclass(frozen=True)
class LoadedScenario:
    """A scenario and the files it came from (for reports and for never overwriting them)."""

    scenario: Scenario
    path: Path
    sources: tuple[Path, ...]
    sha256: str


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file (YAML, optionally with initiative spreadsheets).

    >>> scenario = load_scenario("scenarios/onboarding-q3.yaml")
    >>> [x.id for x in scenario.initiatives][:2]
    ['tour', 'progress-bar']

    Raises `planner.ScenarioError` listing every problem, each with its file and line or row.
    """
    return load_scenario_file(path).scenario


def load_scenario_file(path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> LoadedScenario:
    """Like `load_scenario`, keeping the source files and a content hash alongside.

    `overrides` are `path=value` edits applied before validation, e.g.
    `teams.platform.capacity=50` or `initiatives.sso.confidence=0.9` (list items by id).
    """
    path = Path(path)
    raw, places, sources = _read_with_extends(path, ())
    if isinstance(raw, dict) and raw.get("kind") == "company":
        raise ScenarioError(Problem("scenario", "this is a company file (`kind: company`), not a scenario",
                                    "name it in a scenario, under `company: {file: ..., score_on: ...}`, and pass "
                                    "the scenario", places.get(("kind",), Location(str(path)))))
    if isinstance(raw, dict) and "include" in raw:
        raw, places, sources = _read_included(raw, places, sources, path)
    if isinstance(raw, dict) and isinstance(raw.get("company"), dict) and "file" in raw["company"]:
        raw, sources = _read_company(raw, places, sources, path)
    table_problems: list[Problem] = []
    if isinstance(raw, dict) and isinstance(raw.get("initiatives"), dict):
        tables = raw["initiatives"]
        raw = dict(raw)
        raw["initiatives"], table_places, table_paths, table_problems = read_initiative_tables(
            tables, path.parent, places.get(("initiatives",), Location(str(path)))
        )
        places.update(table_places)
        sources += table_paths
    for expression in overrides:
        raw = apply_override(raw, expression, places)
    try:
        scenario = build_scenario(raw, SourceMap(Location(str(path)), places))
    except ScenarioError as exc:  # one report: the tables' row problems, then validation's
        raise ScenarioError([*table_problems, *exc.problems]) from None
    if table_problems:
        raise ScenarioError(table_problems)
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.read_bytes())
    return LoadedScenario(scenario, path, tuple(sources), digest.hexdigest())


def _read_with_extends(path: Path, chain: tuple[Path, ...]) -> tuple[Any, dict[Loc, Location], list[Path]]:
    """Parse a scenario file; with `extends: base.yaml`, merge it over its base (recursively)."""
    if path.resolve() in chain:
        names = " -> ".join(p.name for p in (*chain, path.resolve()))
        raise ScenarioError(Problem("`extends`", f"the files extend each other in a circle: {names}",
                                    "make one of them stand alone", Location(str(path))))
    if len(chain) >= MAX_EXTENDS:
        raise ScenarioError(Problem("`extends`", f"it starts a chain of more than {MAX_EXTENDS} files that extend "
                                    "one another", "merge some of them: a chain this long is hard to follow",
                                    Location(str(chain[0]))))
    raw, places = parse_yaml(read_text_file(path), str(path))
    if not isinstance(raw, dict):
        return raw, places, [path]
    if "extends" not in raw:
        return raw, places, [path]
    base_name = raw.pop("extends")
    base_path = path.parent / str(base_name)
    where = places.get(("extends",), Location(str(path)))
    if not base_path.exists():
        raise ScenarioError(Problem("`extends`", f"base scenario {base_path} not found",
                                    "give the path relative to this file", where))
    if not base_path.is_file():
        raise ScenarioError(Problem("`extends`", f"base scenario {base_path} is not a regular file (a folder or a "
                                    "device)", "name a scenario .yaml file", where))
    base, base_places, sources = _read_with_extends(base_path, (*chain, path.resolve()))
    if not isinstance(base, dict):
        raise ScenarioError(Problem("`extends`", f"base scenario {base_path} does not hold a mapping of scenario "
                                    "fields", "name a scenario .yaml file", where))
    if isinstance(base.get("initiatives"), dict) and isinstance(raw.get("initiatives"), list):
        # This file edits initiatives one by one (by id) over the base's tables: read the tables
        # into items first, so that the edits merge like edits of YAML initiatives.
        items, table_places, table_paths, problems = read_initiative_tables(
            base["initiatives"], base_path.parent, base_places.get(("initiatives",), Location(str(base_path))))
        if problems:
            raise ScenarioError(problems)
        base["initiatives"] = items
        base_places = {**base_places, **table_places}
        sources = [*sources, *table_paths]
    elif isinstance(base.get("initiatives"), dict):
        # Table paths are relative to the file naming them: rebase the base's onto this folder.
        base["initiatives"] = {k: os.path.relpath(base_path.parent / v, path.parent)
                               if k in ("table", "impacts") and isinstance(v, str) else v
                               for k, v in base["initiatives"].items()}
    merged_places: dict[Loc, Location] = {}
    merged = _merge(base, raw, (), (), (), base_places, places, merged_places)
    return merged, merged_places, [path, *sources]


MAX_INCLUDES = 32  # team scenarios in one portfolio


def _read_included(raw: dict, places: dict[Loc, Location], sources: list[Path], path: Path
                   ) -> tuple[dict, dict[Loc, Location], list[Path]]:
    """A portfolio: `include: [team-a.yaml, team-b.yaml]` appends each team scenario's teams,
    objectives and initiatives to this file's own (ids must stay unique); the rest (name, split,
    limits, company) is this file's."""
    where = places.get(("include",), Location(str(path)))
    names = raw.pop("include")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or len(names) > MAX_INCLUDES:
        raise ScenarioError(Problem("`include`", f"must be a list of at most {MAX_INCLUDES} scenario files",
                                    "write `include: [team-a.yaml, team-b.yaml]`", where))
    merged = {**raw, "teams": dict(raw.get("teams") or {}), "objectives": list(raw.get("objectives") or []),
              "initiatives": list(raw.get("initiatives") or [])}
    for name in names:
        part_path = path.parent / name
        if part_path.resolve() == path.resolve():
            raise ScenarioError(Problem("`include`", "the portfolio includes itself", "include team scenarios only",
                                        where))
        if not part_path.is_file():
            raise ScenarioError(Problem("`include`", f"{part_path} is not a scenario file",
                                        "give paths of team scenarios, relative to this file", where))
        part, part_places, part_sources = _read_with_extends(part_path, (path.resolve(),))
        if not isinstance(part, dict) or not isinstance(part.get("objectives"), list) or \
                not isinstance(part.get("initiatives"), list) or not isinstance(part.get("teams"), dict):
            raise ScenarioError(Problem("`include`", f"{part_path} does not hold teams, objectives and a list of "
                                        "initiatives", "include team scenario files", where))
        for key in ("objectives", "initiatives"):
            for n, _ in enumerate(part[key]):
                _copy_places(part_places, (key, n), (key, len(merged[key]) + n), places)
            merged[key] += part[key]
        for team, spec in part["teams"].items():
            _copy_places(part_places, ("teams", team), ("teams", team), places)
            merged["teams"].setdefault(team, spec)  # a team shared by two parts has one capacity: the first's
        sources = [*sources, *part_sources]
    return merged, places, sources


def _read_company(raw: dict, places: dict[Loc, Location], sources: list[Path], path: Path) -> tuple[dict, list[Path]]:
    """`company: {file: company.yaml, score_on: ...}`: the company's objectives from its file,
    placed so that a problem in them names the company file and its line."""
    company = dict(raw["company"])
    name = company.pop("file")
    where = places.get(("company", "file"), Location(str(path)))
    if not isinstance(name, str):
        raise ScenarioError(Problem("`company`, `file`", "must be the path of a company file",
                                    "write `file: company.yaml`, relative to this scenario", where))
    if "objectives" in company:
        raise ScenarioError(Problem("`company`", "gives both `file` and `objectives`",
                                    "keep one: the company file, or the objectives inline", where))
    company_path = path.parent / name
    try:
        text = read_text_file(company_path, "company file")
    except ScenarioError as exc:
        raise ScenarioError([replace(p, location=where) if p.location.file == str(company_path) else p
                             for p in exc.problems]) from None
    document, company_places = parse_yaml(text, str(company_path))
    check_company_document(document, SourceMap(Location(str(company_path)), company_places))
    company["objectives"] = document["objectives"]
    for n, _ in enumerate(document["objectives"]):
        _copy_places(company_places, ("objectives", n), ("company", "objectives", n), places)
    return {**raw, "company": company}, [*sources, company_path]


def _copy_places(places: dict[Loc, Location], source: Loc, target: Loc, out: dict[Loc, Location]) -> None:
    n = len(source)
    for loc, where in places.items():
        if loc[:n] == source:
            out[target + loc[n:]] = where


def _merge(base: Any, child: Any, bpath: Loc, cpath: Loc, out_path: Loc,
           bplaces: dict[Loc, Location], cplaces: dict[Loc, Location], out: dict[Loc, Location]) -> Any:
    """Child over base: mappings merge key by key, lists of items with ids merge by id (new ids
    are appended), anything else the child replaces. Source places follow each value."""
    if isinstance(base, dict) and isinstance(child, dict):
        _copy_places({k: v for k, v in cplaces.items() if k == cpath}, cpath, out_path, out)
        merged = {}
        for key in [*base, *(k for k in child if k not in base)]:
            if key in base and key in child:
                merged[key] = _merge(base[key], child[key], bpath + (key,), cpath + (key,), out_path + (key,),
                                     bplaces, cplaces, out)
            elif key in child:
                merged[key] = child[key]
                _copy_places(cplaces, cpath + (key,), out_path + (key,), out)
            else:
                merged[key] = base[key]
                _copy_places(bplaces, bpath + (key,), out_path + (key,), out)
        return merged
    if (isinstance(base, list) and isinstance(child, list)
            and all(isinstance(x, dict) and "id" in x for x in base + child)):
        by_id = {x["id"]: n for n, x in enumerate(child)}
        merged_list = []
        for n, item in enumerate(base):
            m = by_id.pop(item["id"], None)
            target = out_path + (len(merged_list),)
            if m is None:
                merged_list.append(item)
                _copy_places(bplaces, bpath + (n,), target, out)
            else:
                merged_list.append(_merge(item, child[m], bpath + (n,), cpath + (m,), target, bplaces, cplaces, out))
        for m in sorted(by_id.values()):
            _copy_places(cplaces, cpath + (m,), out_path + (len(merged_list),), out)
            merged_list.append(child[m])
        return merged_list
    _copy_places(cplaces, cpath, out_path, out)
    return child


def apply_override(raw: Any, expression: str, places: dict[Loc, Location]) -> Any:
    """Apply one `dotted.path=value` edit (value read as YAML) to a parsed scenario."""
    where = Location(override=expression)
    name, sep, text = expression.partition("=")
    if not sep or not name.strip():
        raise ScenarioError(Problem("overrides", f"{expression!r} is not `path=value`",
                                    "write e.g. teams.platform.capacity=50", where))
    try:  # read as a scenario file is: plain data, bounded
        _check_shape(text, f"override {expression}", _PurePlainLoader)
        value = yaml.load(text, Loader=_PurePlainLoader)  # noqa: S506  (a SafeLoader: plain data only)
    except ScenarioError as exc:
        problem = exc.problems[0]
        raise ScenarioError(Problem("overrides", problem.message, problem.fix, where)) from None
    except yaml.YAMLError:
        value = text
    parts = name.strip().split(".")
    node, loc = raw, ()
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if isinstance(node, list):
            ids = [x.get("id") for x in node if isinstance(x, dict)]
            if part not in ids:
                raise ScenarioError(Problem("overrides", f"no item `{part}` in `{'.'.join(parts[:n]) or 'scenario'}`."
                                            + did_you_mean(part, [str(i) for i in ids]), "use an id from the file", where))
            index = ids.index(part)
            if last:
                raise ScenarioError(Problem("overrides", "cannot replace a whole list item",
                                            "set one of its fields, e.g. initiatives.sso.confidence=0.9", where))
            node, loc = node[index], loc + (index,)
            continue
        if not isinstance(node, dict):
            raise ScenarioError(Problem("overrides", f"`{'.'.join(parts[:n])}` holds a value, not fields",
                                        "shorten the path", where))
        if last:
            node[part] = value
            target = loc + (part,)
            for key in [k for k in places if k[:len(target)] == target]:  # the file's places no longer apply
                del places[key]
            places[target] = where
        else:
            fields = schema_fields(loc)
            if part not in node and part in fields:
                node[part] = {}  # a section the file leaves out, e.g. limits.budget=100
                places[loc + (part,)] = where
            if part not in node:
                raise ScenarioError(Problem("overrides", f"no field `{part}` under `{'.'.join(parts[:n]) or 'scenario'}`."
                                            + did_you_mean(part, [str(k) for k in node] + fields), "check the path",
                                            where))
            node, loc = node[part], loc + (part,)
    return raw


# Bounds on what a scenario file may ask of the parser: real scenarios are far inside them.
MAX_FILE_BYTES = 20_000_000
MAX_DEPTH = 64  # nesting of mappings and lists (a scenario needs about 6)
MAX_NODES = 1_000_000  # values after every alias is expanded (a 5,000-initiative quarter needs ~150,000)
MAX_EXTENDS = 32  # files in one `extends:` chain


class _PurePlainLoader(yaml.SafeLoader):
    """YAML for plain data, as YAML 1.2 reads it: `yes`, `no`, `on` and `off` are text (only
    true/false are booleans), `1:30` is text (not 90), dates are text, and no `!!` tag is allowed."""


class _FastPlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """`_PurePlainLoader` with libyaml's scanner and parser (C) underneath, where PyYAML has it
    (its wheels ship it): the same data and lines, read about six times faster. What the values
    mean is resolved in Python either way, by the rules below. A file it refuses is read again
    by `_PurePlainLoader`, so every problem is found and worded one way (`parse_yaml`)."""


_PlainLoader = _FastPlainLoader if yaml.__with_libyaml__ else _PurePlainLoader
_PurePlainLoader.yaml_implicit_resolvers, _FastPlainLoader.yaml_implicit_resolvers = {}, {}
for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"""^(?:[-+]?0b[0-1_]+
                                   |[-+]?0[0-7_]+
                                   |[-+]?(?:0|[1-9][0-9_]*)
                                   |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                                     |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                                     |[-+]?\.(?:inf|Inf|INF)
                                     |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
]:
    for _loader in (_PurePlainLoader, _FastPlainLoader):
        _loader.add_implicit_resolver(_tag, re.compile(_pattern, re.X), list(_first))


def read_text_file(path: Path, what: str = "scenario") -> str:
    where = Location(str(path))
    if not path.exists():
        raise ScenarioError(Problem(what, "file not found", "check the path", where))
    if path.is_dir():
        raise ScenarioError(Problem(what, "this is a folder", f"pass a {what} .yaml file", where))
    if not path.is_file():
        raise ScenarioError(Problem(what, "not a regular file (a device, a pipe or a socket)",
                                    f"pass a {what} .yaml file", where))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ScenarioError(Problem(what, f"the file is {path.stat().st_size:,} bytes, over the "
                                    f"{MAX_FILE_BYTES:,} a {what} may have", f"split it, or check it is a {what}",
                                    where))
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            Problem(what, f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                    "save the file as UTF-8", where)
        ) from None


def parse_yaml(text: str, filename: str) -> tuple[Any, dict[Loc, Location]]:
    """Parse YAML safely (plain data only, bounded in depth and size) and map each element's
    path to its line. libyaml reads it where PyYAML has it; a file with a problem is read again
    in Python, whose words for it the tests pin (libyaml words some differently, and stops
    deep nesting at its own limit before the shape check can say why)."""
    try:
        return _parsed(text, filename, _PlainLoader)
    except ScenarioError:
        if _PlainLoader is _PurePlainLoader:
            raise
        return _parsed(text, filename, _PurePlainLoader)


def _parsed(text: str, filename: str, plain_loader: type) -> tuple[Any, dict[Loc, Location]]:
    loader = None
    try:
        _check_shape(text, filename, plain_loader)
        loader = plain_loader(text)
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError(
                Problem("scenario", "the file is empty", "start from a bundled example in scenarios/",
                        Location(filename))
            )
        places: dict[Loc, Location] = {}
        problems: list[Problem] = []
        _map_lines(node, filename, places, problems)
        if problems:
            raise ScenarioError(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        fix = "check indentation, colons and quotes near this line"
        if "constructor" in type(exc).__module__ or "tag" in what:
            fix = "remove the `!!` tag: scenario files hold plain data only"
        raise ScenarioError(
            Problem("scenario", f"not valid YAML: {what}", fix, Location(filename, line=line))
        ) from None
    except yaml.YAMLError as exc:  # e.g. a NUL or other control byte, which YAML forbids
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ScenarioError(
            Problem("scenario", f"not valid YAML: {detail}",
                    "remove control characters (YAML allows tab and newline only) and check the syntax",
                    Location(filename, line=None if line is None else line + 1))
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, places


def _check_shape(text: str, filename: str, plain_loader: type) -> None:
    """Refuse, from the event stream and before anything is built, what no scenario needs: deep
    nesting, aliases that expand beyond `MAX_NODES` values (a "billion laughs"), an alias to its
    own anchor, and explicit `!!` tags."""
    anchors: dict[str, tuple[int, int]] = {}  # anchor -> (values, depth) of its node
    open_nodes: list[list] = []  # [anchor, values, deepest] per open mapping or list
    expanded = 0

    def refuse(event, message: str, fix: str) -> None:
        raise ScenarioError(Problem("scenario", message, fix, Location(filename, line=event.start_mark.line + 1)))

    def close(anchor: str | None, values: int, depth: int) -> None:
        if anchor:
            anchors[anchor] = (values, depth)
        if open_nodes:
            open_nodes[-1][1] += values
            open_nodes[-1][2] = max(open_nodes[-1][2], depth + 1)

    for event in yaml.parse(text, Loader=plain_loader):
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            plain = event.implicit if isinstance(event, yaml.CollectionStartEvent) else any(event.implicit)
            if event.tag is not None and not plain:
                refuse(event, f"the tag `{event.tag}` is not plain data", "remove the tag: scenario files hold "
                       "plain values (text, numbers, true/false), lists and mappings")
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_nodes) >= MAX_DEPTH:
                refuse(event, f"nested more than {MAX_DEPTH} levels deep", "flatten the file: a scenario needs a "
                       "few levels")
            open_nodes.append([event.anchor, 1, 0])
            expanded += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, values, depth = open_nodes.pop()
            close(anchor, values, depth)
        elif isinstance(event, yaml.ScalarEvent):
            expanded += 1
            close(event.anchor, 1, 0)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                refuse(event, f"the alias `*{event.anchor}` refers to a value that contains it",
                       "an alias must refer to an anchor (&name) defined and closed before it")
            values, depth = anchors[event.anchor]
            if len(open_nodes) + depth > MAX_DEPTH:
                refuse(event, f"the alias `*{event.anchor}` nests values more than {MAX_DEPTH} levels deep",
                       "flatten the file")
            expanded += values
            close(None, values, depth)
        if expanded > MAX_NODES:
            refuse(event, f"aliases expand the file to more than {MAX_NODES:,} values",
                   "write the values out, or reuse anchors less (a scenario does not need this many)")


def _map_lines(root: yaml.Node, filename: str, places: dict[Loc, Location], problems: list[Problem]) -> None:
    """Each element's line, walking the node graph without recursion (`_check_shape` bounds it)."""
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        places.setdefault(path, Location(filename, line=node.start_mark.line + 1))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            children = []
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(Problem("scenario", "a key here is a list or a mapping",
                                            "write keys as plain text, e.g. `name: ...`", Location(filename, line=line)))
                    continue
                key = key_node.value
                if key in seen:
                    problems.append(Problem(
                        f"`{key}`", f"appears twice in the same mapping (first at line {seen[key]})",
                        "keep one entry; YAML would silently keep only the last",
                        Location(filename, line=line)))
                    continue
                seen[key] = line
                places[path + (key,)] = Location(filename, line=line)
                children.append((value_node, path + (key,)))
            stack.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                places[path + (i,)] = Location(filename, line=item.start_mark.line + 1)
            stack.extend(reversed([(item, path + (i,)) for i, item in enumerate(node.value)]))


def read_initiative_tables(
    spec: dict[str, Any], folder: Path, where: Location
) -> tuple[list[dict[str, Any]], dict[Loc, Location], list[Path], list[Problem]]:
    """Read initiatives (one row each) and their impacts (one row per initiative and KR), with the
    problems of rows that could not be placed (returned, so that validation's join them in one
    report; those rows are left out of the initiatives).

    Columns of the initiatives table: id, title, effort.<team> (one column per team), and
    optionally tier, confidence, commit, requires, excludes (ids separated by ';'), cost,
    owner, notes. Columns of the impacts table: initiative, key_result, and either impact or
    low, likely, high. Row numbers in errors count the header as row 1, as a spreadsheet does.
    """
    unknown = sorted(set(spec) - {"table", "impacts", "sheet", "impacts_sheet"})
    if unknown or "table" not in spec:
        problem = (f"unknown field `{unknown[0]}`." + did_you_mean(unknown[0], ["table", "impacts", "sheet", "impacts_sheet"])
                   if unknown else "`table` is missing")
        raise ScenarioError(Problem("`initiatives`", problem,
                                    "give `table: initiatives.csv` and optionally `impacts: impacts.csv`", where))
    table_path = folder / str(spec["table"])
    rows = _read_table(table_path, spec.get("sheet"), where, "`initiatives.table`", INITIATIVE_COLUMNS)
    problems: list[Problem] = []
    if rows and "id" not in rows[0]:  # every row would fail on its own; say it once
        raise ScenarioError(Problem("`initiatives.table`", f"{table_path.name} has no `id` column",
                                    "name the first column `id`", Location(str(table_path), row=1)))
    places: dict[Loc, Location] = {}
    initiatives: list[dict[str, Any]] = []
    by_id: dict[str, int] = {}
    for n, row in enumerate(rows):
        at = Location(str(table_path), row=n + 2)
        item: dict[str, Any] = {}
        effort: dict[str, Any] = {}
        for column, cell in row.items():
            if cell == "":
                continue
            if column.startswith(EFFORT_PREFIX):
                effort[column[len(EFFORT_PREFIX):]] = _number(cell)
            elif column in ("requires", "excludes"):
                item[column] = [p.strip() for p in cell.split(";") if p.strip()]
            elif column in INITIATIVE_COLUMNS:
                item[column] = _number(cell) if column in NUMERIC_COLUMNS else cell
            elif n == 0:
                problems.append(Problem(
                    f"column `{column}`", "unknown column." + did_you_mean(column, [*INITIATIVE_COLUMNS, "effort.<team>"]),
                    f"use {', '.join(INITIATIVE_COLUMNS)} or effort.<team>",
                    Location(str(table_path), row=1)))
        item["effort"] = effort
        item.setdefault("impacts", {})
        places[("initiatives", len(initiatives))] = at
        for name in item:  # each field too, so that one kept under an `extends:` edit keeps its row
            if name != "impacts":
                places[("initiatives", len(initiatives), name)] = at
        ident = str(item.get("id", ""))
        by_id.setdefault(ident, len(initiatives))  # a duplicate id is validation's to report
        initiatives.append(item)
    paths = [table_path]
    if spec.get("impacts"):
        impacts_path = folder / str(spec["impacts"])
        paths.append(impacts_path)
        for n, row in enumerate(_read_table(impacts_path, spec.get("impacts_sheet"), where, "`initiatives.impacts`",
                                            IMPACT_COLUMNS)):
            at = Location(str(impacts_path), row=n + 2)
            extra = sorted(set(row) - set(IMPACT_COLUMNS))
            if n == 0 and extra:
                problems.append(Problem(f"column `{extra[0]}`", "unknown column." + did_you_mean(extra[0], IMPACT_COLUMNS),
                                        f"use {', '.join(IMPACT_COLUMNS)}", Location(str(impacts_path), row=1)))
            initiative, kr = row.get("initiative", ""), row.get("key_result", "")
            if initiative not in by_id:
                problems.append(Problem(f"impact row for `{initiative}`",
                                        f"there is no initiative `{initiative}` in {table_path.name}." + did_you_mean(initiative, by_id),
                                        "use an id from the initiatives table", at))
                continue
            if not kr:
                problems.append(Problem(f"impact row for `{initiative}`", "`key_result` is empty",
                                        "name the key result this row moves", at))
                continue
            target = initiatives[by_id[initiative]]["impacts"]
            if kr in target:
                problems.append(Problem(f"impact row for `{initiative}`", f"a second impact on `{kr}`",
                                        "keep one row per initiative and key result", at))
                continue
            ranged = [k for k in ("low", "likely", "high") if row.get(k, "")]
            if row.get("impact", "") and ranged:
                problems.append(Problem(f"impact row for `{initiative}`", f"both `impact` and `{ranged[0]}` are given",
                                        "give either `impact` (a point) or `low`, `likely` and `high` (a range)", at))
                continue
            if row.get("impact", ""):
                target[kr] = _number(row["impact"])
            else:
                target[kr] = {k: _number(row.get(k, "")) for k in ("low", "likely", "high") if row.get(k, "") != ""}
            places[("initiatives", by_id[initiative], "impacts", kr)] = at
    return initiatives, places, paths, problems


def _read_table(path: Path, sheet: str | None, where: Location, what: str,
                columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The table's rows as {column: text}, known column names in their canonical case (a
    spreadsheet's `ID` or `Title` is `id` or `title`; team ids after `effort.` keep theirs)."""
    if not path.exists():
        raise ScenarioError(Problem(what, f"table {path} not found",
                                    "give the path relative to the scenario file", where))
    rows = _read_sheet(path, sheet, what) if path.suffix.lower() in (".xlsx", ".xlsm", ".xls") else _read_csv(path, what)

    def canonical(column: str) -> str:
        lower = column.lower()
        if lower in columns:
            return lower
        return EFFORT_PREFIX + column[len(EFFORT_PREFIX):] if lower.startswith(EFFORT_PREFIX) else column

    return [{canonical(k): v for k, v in row.items()} for row in rows]


def _read_csv(path: Path, what: str) -> list[dict[str, str]]:
    # CSV with the standard library: pandas costs 0.4 s to import, a third of `planner plan`.
    unreadable = "save it as CSV (UTF-8) or .xlsx"
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle, skipinitialspace=True)
            rows = list(reader)
            header = reader.fieldnames
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ScenarioError(Problem(what, f"cannot read {path.name}: {exc}", unreadable,
                                    Location(str(path)))) from None
    if not header:
        raise ScenarioError(Problem(what, f"{path.name} is empty", "start with a header row",
                                    Location(str(path))))
    names = [str(k).strip().lower() for k in header]
    twice = sorted({k for k in names if names.count(k) > 1})
    if twice:
        raise ScenarioError(Problem(what, f"the column `{twice[0]}` appears twice in the header",
                                    "keep one column of each name", Location(str(path), row=1)))
    for n, row in enumerate(rows, start=2):
        if any("\x00" in (v or "") for k, v in row.items() if k is not None):
            raise ScenarioError(Problem(what, "a cell holds a NUL byte", "save the table as plain CSV text",
                                        Location(str(path), row=n)))
        if None in row:  # more cells than the header has columns
            raise ScenarioError(Problem(what, f"{len(header) + len(row[None])} cells for "
                                        f"{len(header)} columns", "quote cells that contain a comma",
                                        Location(str(path), row=n)))
    return [{str(k).strip(): (v or "").strip() for k, v in row.items()} for row in rows]


def _read_sheet(path: Path, sheet: str | None, what: str) -> list[dict[str, str]]:
    import pandas as pd  # heavy; only Excel scenarios need it

    try:
        frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=str, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001  (a broken workbook raises many kinds; an old .xls needs xlrd)
        raise ScenarioError(Problem(what, f"cannot read {path.name}: {exc}",
                                    "save it as CSV (UTF-8) or .xlsx", Location(str(path)))) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return [{k: str(v).strip() for k, v in row.items()} for row in frame.to_dict("records")]


def _number(cell: str) -> Any:
    """A cell as a number when it reads as one; otherwise the text, for validation to reject."""
    try:
        value = float(cell)
    except ValueError:
        return cell
    return int(value) if value.is_integer() else value


def load_checkin(path: str | Path, scenario: Scenario) -> CheckIn:
    """Load and validate a check-in file (YAML; docs/checkin-format.md) against its scenario.

    Raises `planner.ScenarioError` listing every problem, each with its file and line."""
    path = Path(path)
    raw, places = parse_yaml(read_text_file(path, "check-in"), str(path))
    return build_checkin(raw, scenario, SourceMap(Location(str(path)), places))


def read_roadmap(path: str | Path) -> tuple[str, list[str]]:
    """A roadmap file: YAML (a list of ids, or `{name, select: [...]}`) or text, one id a line."""
    path = Path(path)
    where = Location(str(path))
    if not path.is_file():
        problem = "file not found" if not path.exists() else "not a regular file (a folder or a device)"
        raise ScenarioError(Problem("roadmap", problem, "check the path", where))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ScenarioError(Problem("roadmap", f"the file is {path.stat().st_size:,} bytes", "check it is a roadmap",
                                    where))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(Problem("roadmap", f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                                    "save the file as UTF-8", where)) from None
    if not text.strip():
        raise ScenarioError(Problem("roadmap", "the file is empty",
                                    "list initiative ids, one a line, or write `select: [tour, sso]`", where))
    if path.suffix.lower() in (".yaml", ".yml"):
        data, _ = parse_yaml(text, str(path))
        if isinstance(data, dict) and isinstance(data.get("select"), list):
            return str(data.get("name", path.stem)), [str(i) for i in data["select"]]
        if isinstance(data, list):
            return path.stem, [str(i) for i in data]
        raise ScenarioError(Problem("roadmap", "expected a list of initiative ids or `select: [...]`",
                                    "write e.g. `name: Sales list` and `select: [tour, sso]`", Location(str(path))))
    ids = [line.split(",")[0].strip() for line in text.splitlines()]
    return path.stem, [i for i in ids if i and not i.startswith("#") and i != "id"]
