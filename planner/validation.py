"""From a parsed scenario document to a validated domain `Scenario`.

Field checks come from `planner.schema` (pydantic); this module words their errors in the
user's terms, checks what spans several elements (ids, references, cycles, commitments) and
builds the immutable `Scenario`. Every problem found is reported at once, each with its place.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import typing
from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx
from pydantic import BaseModel, ValidationError

from planner.errors import Location, Problem, ScenarioError, did_you_mean
from planner.model import (
    TIERS,
    Commitment,
    Driver,
    Estimate,
    Guardrail,
    Hold,
    Initiative,
    MAX_AMOUNT,
    KeyResult,
    Level,
    Objective,
    Quarter,
    Scenario,
    ScoreOn,
    SplitPolicy,
    Team,
    Tier,
    frozen_map,
)
from planner.checkin import CheckIn, Progress, Status
from planner.schema import (
    MAX_GAP_MULTIPLE,
    CheckInDocument,
    CompanyDocument,
    InitiativeSpec,
    KeyResultSpec,
    ObjectiveSpec,
    ScenarioDocument,
    parse_elasticity,
    parse_impact,
)

Loc = tuple[str | int, ...]
Locator = Callable[[Loc], Location]

# What to do, by the name of the field that failed a range or type check.
FIXES = {
    "capacity": "give the team's capacity as a number of {units}, 0 or more",
    "effort": "give effort as a number of {units}, 0 or more",
    "confidence": "use a probability between 0 and 1 (0.8 means an 80% chance it delivers)",
    "weight": "use a positive number; weights are relative (1 is the default)",
    "tolerance": "use a fraction between 0 and 1 (0.05 means ±5 points of share)",
    "min_attainment": "use a fraction between 0 and 1 (0.7 means 70% attainment)",
    "tier": "use primary, secondary or exploration",
    "commit": "use `commit: in` to force it into the plan or `commit: out` to keep it out",
    "version": "set `version: 1` (the only format version so far)",
    "id": "use letters, digits, '-', '_' or '.', starting with a letter or digit",
    "cost": "give the cost as a number, 0 or more",
    "target": "set a target different from the baseline (the direction follows from the two), both within ±1e12",
    "split": "make primary + secondary + exploration add up to 1, or write `split: off`",
    "impacts": "give a number in the KR's units, \"N% of baseline\", or low, likely, high in numeric order",
}


def describe(loc: Loc, raw: Any) -> str:
    """Name the element at `loc` as a user would: "initiative `sso`, effort on `growth`"."""
    words: list[str] = []
    node = raw
    i = 0
    while i < len(loc):
        part = loc[i]
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        child = _child(node, part)
        if part in ("objectives", "key_results", "initiatives") and isinstance(nxt, int):
            item = _child(child, nxt)
            name = {"objectives": "objective", "key_results": "key result", "initiatives": "initiative"}[part]
            ident = item.get("id") if isinstance(item, dict) else None
            words = [w for w in words if not w.startswith("objective ")] if part == "key_results" else words
            words.append(f"{name} `{ident}`" if ident else f"{name} #{nxt + 1}")
            node, i = item, i + 2
            continue
        if part in ("initiatives", "key_results", "capacity") and isinstance(nxt, str):  # a check-in's, by id
            words.append(f"{ {'initiatives': 'initiative', 'key_results': 'key result', 'capacity': 'capacity of'}[part]} `{nxt}`")
            node, i = _child(child, nxt), i + 2
            continue
        if part == "teams" and nxt is not None:
            words.append(f"team `{nxt}`")
            node, i = _child(child, nxt), i + 2
            continue
        if part in ("effort", "impacts", "spent", "remaining", "drives") and nxt is not None:
            words.append(f"drives `{nxt}`" if part == "drives" else f"{part} on `{nxt}`")
            node, i = _child(child, nxt), i + 2
            continue
        words.append(f"`{part}`" if isinstance(part, str) else f"item #{part + 1}")
        node, i = child, i + 1
    return ", ".join(words) if words else "scenario"


def _child(node: Any, key: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None


def _model_at(loc: Loc, root: type[BaseModel] = ScenarioDocument) -> type[BaseModel] | None:
    """The schema model that owns the last named field of `loc` (for 'did you mean')."""
    model: type[BaseModel] | None = root
    for part in loc:
        if model is None or not isinstance(part, str) or part not in model.model_fields:
            continue
        model = _inner_model(model.model_fields[part].annotation)
    return model


def schema_fields(loc: Loc) -> list[str]:
    """The field names that the mapping at `loc` may hold, or [] when its keys are ids (teams,
    efforts) or it is not a mapping. An edit may create such a field the file leaves out."""
    kind: Any = ScenarioDocument
    for part in loc:
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            if part not in kind.model_fields:
                return []
            kind = kind.model_fields[part].annotation
        elif typing.get_origin(kind) in (dict, list):
            kind = typing.get_args(kind)[-1]  # a value of the mapping, or an item of the list
        else:
            return []
        if typing.get_origin(kind) not in (dict, list):
            kind = _inner_model(kind) or kind  # unwraps `Model | None`
    return list(kind.model_fields) if isinstance(kind, type) and issubclass(kind, BaseModel) else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _quoted(value: Any, limit: int = 80) -> str:
    """A value quoted in a message, cut short: a message never repeats a huge input."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text):,} characters)"


# What to do, by the kind of check that failed, where the field has no advice of its own.
SHAPE_FIXES = {
    "effort": "give the effort per team, e.g. `effort: {<team>: 3}`",
    "impacts": "give the impact per key result, e.g. `impacts: {<kr>: 5}`",
    "split": "give the shares, e.g. `split: {primary: 0.7, secondary: 0.2, exploration: 0.1}`, or `split: off`",
}
FRACTION_FIELDS = frozenset({"primary", "secondary", "exploration", "tolerance", "confidence", "min_attainment"})


def _first_id(raw: Any, kind: str) -> str | None:
    """The scenario's first team or key result id, for an example in a fix; None if unreadable."""
    if kind == "team":
        teams = raw.get("teams") if isinstance(raw, dict) else None
        return next((t for t in teams if isinstance(t, str)), None) if isinstance(teams, dict) else None
    objectives = raw.get("objectives") if isinstance(raw, dict) else None
    for o in objectives if isinstance(objectives, list) else ():
        for kr in (o.get("key_results") or []) if isinstance(o, dict) and isinstance(o.get("key_results"), list) else ():
            if isinstance(kr, dict) and isinstance(kr.get("id"), str):
                return kr["id"]
    return None


def _percent_written(value: Any) -> float | None:
    """The number in text such as "112%" (a percent sign where a plain number belongs), else None."""
    if not isinstance(value, str) or not value.strip().endswith("%"):
        return None
    try:
        number = float(value.strip()[:-1])
    except ValueError:
        return None
    return number if math.isfinite(number) else None


KIND_FIXES = {
    "number": "give a number (true/false, yes/no and on/off are not numbers)",
    "finite": "give a finite number",
    "text": "write it as text (in quotes if it looks like a number)",
    "list": "write a list, e.g. [a, b]",
    "mapping": "write `key: value` entries under it",
    "empty": "add at least one entry",
}


def _problem_from_pydantic(error: dict, raw: Any, locate: Locator, units: str,
                           root: type[BaseModel] = ScenarioDocument) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    field = next((p for p in reversed(loc) if isinstance(p, str) and p in FIXES), None)
    last = loc[-1] if loc else ""
    # The field's fix speaks of its values; a wrong shape (a number where a mapping belongs) gets
    # the shape's fix, with the field's example where there is one.
    shape_error = kind in ("dict_type", "model_type", "model_attributes_type", "list_type", "string_type", "too_short")
    fix = (SHAPE_FIXES.get(field or "", "") if shape_error else FIXES.get(field or "", "")).replace("{units}", units)
    fix = fix.replace("<team>", _first_id(raw, "team") or "growth").replace("<kr>", _first_id(raw, "kr") or "activation")
    where_loc = loc
    if kind == "missing":
        message, fix = f"`{last}` is missing", f"add `{last}:` here"
        where_loc = loc[:-1]
    elif kind == "extra_forbidden":
        owner = _model_at(loc[:-1], root)
        known = list(owner.model_fields) if owner else []
        message = f"unknown field `{last}`." + did_you_mean(str(last), known)
        fix = f"remove it, or use one of: {', '.join(known)}" if known else "remove it"
        where_loc = loc[:-1]
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = f'{ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt")))):g}'
        relation = {
            "greater_than_equal": f"{bound} or more",
            "greater_than": f"more than {bound}",
            "less_than_equal": f"{bound} or less",
            "less_than": f"less than {bound}",
        }[kind]
        message = f"is {value}; it must be {relation}"
        if kind == "less_than_equal" and ctx.get("le") == 1 and isinstance(value, (int, float)) and 1 < value <= 100:
            fix = f"write a fraction of 1: {value / 100:g} for {value:g}%"
    elif kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        message = f"must be a number; got {_quoted(value)}"
        percent = _percent_written(value)
        if percent is not None:
            fix = (f"write a fraction of 1: {percent / 100:g} for {percent:g}%" if last in FRACTION_FIELDS
                   else f"write the number alone, in the key result's units: {percent:g}")
        elif last == "target" or not fix:
            fix = KIND_FIXES["number"]
    elif kind == "finite_number":
        message, fix = f"must be a finite number; got {_quoted(value)}", fix or KIND_FIXES["finite"]
    elif kind in ("string_type",):
        message, fix = f"must be text; got {_quoted(value)}", fix or KIND_FIXES["text"]
    elif kind in ("list_type",):
        message, fix = f"must be a list; got {_quoted(value)}", fix or KIND_FIXES["list"]
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message, fix = f"must be a mapping of `key: value` entries; got {_quoted(value)}", fix or KIND_FIXES["mapping"]
    elif kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        message = f"is {_quoted(value)}; expected {expected}." + did_you_mean(
            str(value), [e.strip(" '") for e in expected.replace(" or ", ",").split(",")]
        )
    elif kind == "string_pattern_mismatch":
        message, fix = f"{_quoted(value)} is not a valid id", FIXES["id"]
    elif kind == "too_short":
        message, fix = "is empty; it needs at least one entry", fix or KIND_FIXES["empty"]
    elif kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        fix = getattr(ctx.get("error"), "fix", None) or fix or (KIND_FIXES["finite"] if "finite" in message else KIND_FIXES["number"] if "a number" in message
                      else "see docs/scenario-format.md for this field")
    else:
        message, fix = error["msg"], fix or "see docs/scenario-format.md for this field"
    return Problem(describe(where_loc, raw), message, fix, locate(loc))


def build_scenario(raw: Any, locate: Locator | None = None) -> Scenario:
    """Validate a parsed scenario (a dict, as from YAML) and build the domain `Scenario`.

    Raises `ScenarioError` with every problem found, each placed by `locate`.

    >>> build_scenario({"version": 1, "name": "demo", "teams": {"web": {"capacity": 10}},
    ...     "objectives": [{"id": "o", "title": "Grow", "tier": "primary", "key_results":
    ...         [{"id": "signups", "title": "Signups 100 to 150", "baseline": 100, "target": 150}]}],
    ...     "initiatives": [{"id": "ads", "title": "Ads", "effort": {"web": 4},
    ...         "impacts": {"signups": 20}}]}).initiative("ads").tier
    <Tier.PRIMARY: 'primary'>
    """
    locate = locate or (lambda loc: Location())
    if not isinstance(raw, dict):
        raise ScenarioError(
            Problem("scenario", "the file does not hold a mapping of fields",
                    "start from a bundled example in scenarios/", locate(()))
        )
    units = str(raw.get("units", "person-weeks"))
    try:
        doc = ScenarioDocument.model_validate(raw)
    except ValidationError as exc:
        problems = [_problem_from_pydantic(e, raw, locate, units) for e in exc.errors()]
        # Broken references too, in the same round, as far as the raw data can be read
        problems += _reference_problems(_References.read(raw), raw, locate)
        raise ScenarioError(_dedupe(problems)) from None
    problems = _cross_checks(doc, raw, locate)
    if problems:
        raise ScenarioError(problems)
    scenario = _to_domain(doc)
    problems = _chain_magnitude_problems(scenario, raw, locate)
    if problems:
        raise ScenarioError(problems)
    return scenario


def _chain_magnitude_problems(scenario: Scenario, raw: Any, locate: Locator) -> list[Problem]:
    """Effects through the chain too large for the solver (a units slip compounded along it)."""
    problems: list[Problem] = []
    if not scenario.drivers:
        return problems
    for i, x in enumerate(scenario.initiatives):
        for kr_id, change in scenario.kr_effects(x).items():
            if kr_id in x.impacts:
                continue  # stated directly: checked with the impacts
            kr = scenario.key_result(kr_id)
            if not math.isfinite(change) or abs(change / kr.gap) > MAX_GAP_MULTIPLE:
                loc = ("initiatives", i, "impacts")
                problems.append(Problem(describe(loc, raw), f"through driver links, `{x.id}` moves `{kr_id}` by "
                                        f"{change:.3g}, beyond {MAX_GAP_MULTIPLE:g} times its gap",
                                        "check the units of the elasticities on the way to it", locate(loc)))
                break
        if len(problems) >= 5:
            break
    return problems


def check_company_document(raw: Any, locate: Locator) -> None:
    """A company file's fields (ids and links across it are checked with the scenario using it)."""
    if not isinstance(raw, dict):
        raise ScenarioError(Problem("company file", "does not hold a mapping of fields",
                                    "start from scenarios/acme/company.yaml", locate(())))
    try:
        CompanyDocument.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(_dedupe([_problem_from_pydantic(e, raw, locate, "", CompanyDocument)
                                     for e in exc.errors()])) from None


@dataclasses.dataclass(frozen=True)
class _References:
    """The ids a scenario declares and the ids each initiative points to: read from a validated
    document, or, while other fields are still broken, from the raw data as far as it can be read
    (None: that list of ids is unreadable, so nothing is checked against it)."""

    teams: frozenset[str] | None
    key_results: frozenset[str] | None
    initiatives: tuple[tuple[int, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]
    # (position, id, teams in its effort, KRs in its impacts, requires, excludes)

    @classmethod
    def of(cls, doc: ScenarioDocument) -> _References:
        return cls(frozenset(doc.teams), frozenset(kr.id for _, o in _all_objectives(doc) for kr in o.key_results),
                   tuple((i, x.id, tuple(x.effort), tuple(x.impacts), tuple(x.requires), tuple(x.excludes))
                         for i, x in enumerate(doc.initiatives)))

    @classmethod
    def read(cls, raw: dict) -> _References:
        def texts(value: Any) -> tuple[str, ...]:
            if isinstance(value, dict):
                value = list(value)
            return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

        teams = frozenset(texts(raw["teams"])) if isinstance(raw.get("teams"), dict) else None
        objectives = raw.get("objectives")
        company = raw.get("company")
        if isinstance(objectives, list) and isinstance(company, dict) and isinstance(company.get("objectives"), list):
            objectives = [*objectives, *company["objectives"]]
        key_results = None
        if isinstance(objectives, list) and all(isinstance(o, dict) and isinstance(o.get("key_results"), list)
                                                for o in objectives):
            key_results = frozenset(kr["id"] for o in objectives for kr in o["key_results"]
                                    if isinstance(kr, dict) and isinstance(kr.get("id"), str))
        items = raw.get("initiatives") if isinstance(raw.get("initiatives"), list) else []
        return cls(teams, key_results, tuple(
            (i, x["id"], texts(x.get("effort")), texts(x.get("impacts")), texts(x.get("requires")),
             texts(x.get("excludes")))
            for i, x in enumerate(items) if isinstance(x, dict) and isinstance(x.get("id"), str)))


def _reference_problems(refs: _References, raw: Any, locate: Locator) -> list[Problem]:
    """Every id an initiative points to that the scenario does not declare: teams in `effort`, key
    results in `impacts`, initiatives in `requires` and `excludes` (and an id listed twice or
    pointing at itself there)."""
    problems: list[Problem] = []

    def add(loc: Loc, message: str, fix: str) -> None:
        problems.append(Problem(describe(loc, raw), message, fix, locate(loc)))

    initiatives = {ident for _, ident, *_ in refs.initiatives}
    for i, ident, teams, key_results, requires, excludes in refs.initiatives:
        for team in teams if refs.teams is not None else ():
            if team not in refs.teams:
                add(("initiatives", i, "effort", team), f"team `{team}` has no capacity in `teams`."
                    + did_you_mean(team, refs.teams), f"add `{team}: {{capacity: N}}` under `teams`, or fix the team id")
        for kr_id in key_results if refs.key_results is not None else ():
            if kr_id not in refs.key_results:
                add(("initiatives", i, "impacts", kr_id), f"there is no key result `{kr_id}`."
                    + did_you_mean(kr_id, refs.key_results), "use the id of a key result defined under `objectives`")
        for field, others in (("requires", requires), ("excludes", excludes)):
            listed: set[str] = set()
            for j, other in enumerate(others):
                if other in listed:
                    add(("initiatives", i, field, j), f"`{field}` lists `{other}` twice", "list it once")
                listed.add(other)
                if other == ident:
                    add(("initiatives", i, field, j), f"`{ident}` {field} itself", "remove it")
                elif other not in initiatives:
                    add(("initiatives", i, field, j), f"there is no initiative `{other}`."
                        + did_you_mean(other, initiatives), "use the id of an initiative in this scenario")
    return problems


def _dedupe(problems: Sequence[Problem]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for p in problems:
        seen.setdefault(str(p), p)
    return list(seen.values())


def _cross_checks(doc: ScenarioDocument, raw: Any, locate: Locator) -> list[Problem]:
    problems: list[Problem] = []

    def add(loc: Loc, message: str, fix: str = "") -> None:
        problems.append(Problem(describe(loc, raw), message, fix, locate(loc)))

    def unique(kind: str, entries: list[tuple[Loc, str]]) -> None:
        first: dict[str, Loc] = {}
        for loc, ident in entries:
            if ident in first:
                first_at = locate(first[ident])
                at = (f" (first defined at line {first_at.line})" if first_at.line else
                      f" (first at row {first_at.row})" if first_at.row else "")
                add(loc, f"duplicate {kind} id `{ident}`{at}", f"give each {kind} its own id")
            else:
                first[ident] = loc

    everything = _all_objectives(doc)
    krs = {kr.id: kr for _, o in everything for kr in o.key_results}
    unique("objective", [((*at, "id"), o.id) for at, o in everything])
    unique("key result", [
        ((*at, "key_results", j, "id"), kr.id)
        for at, o in everything for j, kr in enumerate(o.key_results)
    ])
    unique("initiative", [(("initiatives", i, "id"), x.id) for i, x in enumerate(doc.initiatives)])
    initiatives = {x.id: x for x in doc.initiatives}

    for at, o in everything:
        if all(kr.guardrail is not None for kr in o.key_results):
            add((*at, "key_results"),
                f"objective `{o.id}` has only guardrails (levels to hold), so it has nothing to score",
                "give it a key result to move, or put its guardrails under the objective they protect")
        for j, kr in enumerate(o.key_results):
            if kr.trend is not None and parse_impact(kr.trend)[3] and kr.baseline == 0:
                add((*at, "key_results", j, "trend"),
                    f"a trend relative to the baseline needs a non-zero baseline; `{kr.id}` starts at 0",
                    "state the trend in the KR's units instead")
            elif kr.trend is not None and kr.guardrail is None and (
                    multiple := _gap_multiple(kr.trend, kr)) > MAX_GAP_MULTIPLE:
                add((*at, "key_results", j, "trend"),
                    f"is {multiple:.3g} times the gap of `{kr.id}`; numbers this far apart are beyond the "
                    "solver's precision", "check the units of the trend and of the key result")
    problems += _chain_problems(doc, raw, locate)
    problems += _reference_problems(_References.of(doc), raw, locate)
    for i, x in enumerate(doc.initiatives):
        if not x.effort:
            add(("initiatives", i, "effort"), "has no effort",
                f"give the effort per team, e.g. `effort: {{{next(iter(doc.teams))}: 3}}`")
        for kr_id, spec in x.impacts.items():
            if kr_id not in krs:
                continue  # a reference problem, said above
            if parse_impact(spec)[3] and krs[kr_id].baseline == 0:
                add(("initiatives", i, "impacts", kr_id),
                    f"a change relative to the baseline needs a non-zero baseline; `{kr_id}` starts at 0",
                    "state the impact in the KR's units instead")
            elif krs[kr_id].guardrail is None and (multiple := _gap_multiple(spec, krs[kr_id])) > MAX_GAP_MULTIPLE:
                add(("initiatives", i, "impacts", kr_id),
                    f"is {multiple:.3g} times the gap of `{kr_id}` (from {krs[kr_id].baseline:g} to "
                    f"{krs[kr_id].target:g}); numbers this far apart are beyond the solver's precision",
                    "check the units of the impact and of the key result")
        for other in set(x.requires) & set(x.excludes):
            add(("initiatives", i, "excludes"),
                f"`{x.id}` both requires and excludes `{other}`, so it could never be selected",
                "keep one of the two")
    if problems:  # the graph checks below assume every reference resolves
        return problems

    index = {x.id: i for i, x in enumerate(doc.initiatives)}
    for a, b in _exclusion_pairs(doc.initiatives):
        if b in initiatives[a].requires or a in initiatives[b].requires:
            needs, other = (a, b) if b in initiatives[a].requires else (b, a)
            add(("initiatives", index[needs], "requires"),
                f"`{needs}` requires `{other}`, but `{other}` excludes `{needs}`, so `{needs}` could never be selected",
                "drop the `requires` or the `excludes`")
    requires = nx.DiGraph([(x.id, r) for x in doc.initiatives for r in x.requires])
    # One cycle per group of initiatives that require each other (a strongly connected
    # component): linear in the graph, however many cycles the group holds.
    groups = sorted((sorted(g) for g in nx.strongly_connected_components(requires)
                     if len(g) > 1 or requires.has_edge(next(iter(g)), next(iter(g)))))
    for group in groups[:5]:
        ordered = _cycle_order(requires, group)
        add(("initiatives", index[ordered[0]], "requires"),
            f"`requires` forms a cycle: {' -> '.join(ordered + [ordered[0]])}",
            "remove one of these dependencies; initiatives in a cycle could never start")
    for x in doc.initiatives:
        if x.commit != "in" or x.id not in requires:
            continue
        for needed in sorted(nx.descendants(requires, x.id)):
            if initiatives[needed].commit == "out":
                add(("initiatives", index[x.id], "commit"),
                    f"`{x.id}` is committed in but requires `{needed}`, which is committed out",
                    f"drop one of the two commitments, or the dependency of `{x.id}`")
    for a, b in _exclusion_pairs(doc.initiatives):
        if initiatives[a].commit == "in" and initiatives[b].commit == "in":
            add(("initiatives", index[a], "commit"),
                f"`{a}` and `{b}` are both committed in, but they exclude each other",
                "commit to one of them")
    return problems


def _all_objectives(doc: ScenarioDocument) -> list[tuple[Loc, ObjectiveSpec]]:
    """The scenario's objectives and the company's, each with its place in the document."""
    company = doc.company.objectives if doc.company is not None else []
    return ([(("objectives", i), o) for i, o in enumerate(doc.objectives)]
            + [(("company", "objectives", i), o) for i, o in enumerate(company)])


def _chain_problems(doc: ScenarioDocument, raw: Any, locate: Locator) -> list[Problem]:
    """The company section, `supports` and driver links: ids that resolve, units that agree,
    links that form no cycle."""
    problems: list[Problem] = []

    def add(loc: Loc, message: str, fix: str = "") -> None:
        problems.append(Problem(describe(loc, raw), message, fix, locate(loc)))

    everything = _all_objectives(doc)
    krs = {kr.id: kr for _, o in everything for kr in o.key_results}
    company = doc.company.objectives if doc.company is not None else []
    company_ids = {o.id for o in company} | {kr.id for o in company for kr in o.key_results}
    if doc.company is not None:
        if doc.company.file is not None:
            add(("company", "file"), "a company file is read by `planner.load_scenario`, not from data in memory",
                "load the scenario from its file, or give the company's `objectives` inline")
        elif not company:
            add(("company",), "states no company objectives", "add `objectives:` under `company`, or `file: company.yaml`")
        elif doc.company.score_on == "company" and not any(kr.guardrail is None for o in company for kr in o.key_results):
            add(("company", "score_on"), "the score is on company KRs, but the company has none to move",
                "give a company objective a key result, or use `score_on: product`")

    def check_supports(loc: Loc, supported: list[str]) -> None:
        for n, ident in enumerate(supported):
            if ident not in company_ids:
                add((*loc, "supports", n), f"there is no company objective or KR `{ident}`."
                    + did_you_mean(ident, company_ids),
                    "name a company objective or KR (under `company:`)" if company_ids
                    else "add the company's objectives under `company:` (inline or `file:`)")

    links = nx.DiGraph()
    for at, o in everything:
        check_supports(at, o.supports)
        for j, kr in enumerate(o.key_results):
            check_supports((*at, "key_results", j), kr.supports)
            for target, spec in kr.drives.items():
                loc = (*at, "key_results", j, "drives", target)
                if target not in krs:
                    add(loc, f"`{kr.id}` drives `{target}`, but there is no key result `{target}`."
                        + did_you_mean(target, krs), "name a key result or guardrail of this scenario or the company")
                    continue
                if target == kr.id:
                    add(loc, f"`{kr.id}` drives itself", "remove the link")
                    continue
                links.add_edge(kr.id, target, loc=loc)
                driven = krs[target]
                low, _, high, relative, unit = parse_elasticity(spec)
                if relative and driven.baseline == 0:
                    add(loc, f"an elasticity relative to the baseline needs a non-zero baseline; `{target}` starts at 0",
                        f"state it in `{target}`'s units per unit of `{kr.id}`")
                expected = f"{driven.unit or 'units'} per {kr.unit or 'unit'}"
                if unit is not None and _unit_words(unit) != _unit_words(expected):
                    add(loc, f"the elasticity is stated in \"{unit}\", but it moves `{target}` ({driven.unit or 'no unit'}) "
                        f"per unit of `{kr.id}` ({kr.unit or 'no unit'})",
                        f"convert it to {expected} and write `unit: \"{expected}\"`")
                scale = abs(driven.baseline) if relative else 1.0
                if max(abs(low), abs(high)) * scale > MAX_AMOUNT:
                    add(loc, f"an elasticity of {max(abs(low), abs(high)) * scale:.3g} is beyond the solver's precision",
                        "check the units of the two key results")
    if links.number_of_edges() > MAX_DRIVER_LINKS:
        add(("objectives",), f"{links.number_of_edges():,} driver links; at most {MAX_DRIVER_LINKS:,} are read",
            "keep the links a decision turns on: a few per KR")
        return problems
    cycles = sorted(sorted(g) for g in nx.strongly_connected_components(links) if len(g) > 1)
    for group in cycles[:5]:
        ordered = _cycle_order(links, group)
        add(links.edges[ordered[0], ordered[1]]["loc"],
            f"driver links form a cycle: {' -> '.join(ordered + [ordered[0]])}",
            "remove one of these links; a metric cannot drive itself, even through others")
    if not cycles and links.number_of_edges() and (depth := nx.dag_longest_path_length(links)) > MAX_CHAIN_DEPTH:
        path = nx.dag_longest_path(links)
        add(links.edges[path[0], path[1]]["loc"], f"a chain of {depth} driver links, from `{path[0]}` to `{path[-1]}`; "
            f"at most {MAX_CHAIN_DEPTH} are read", "link each KR to the outcome it drives, not through every step between")
    return problems


MAX_DRIVER_LINKS = 500  # links in one scenario: a few per KR
MAX_CHAIN_DEPTH = 12  # links from an initiative's KR to the last outcome: product -> business takes 2-4


def _unit_words(unit: str) -> str:
    """A unit phrase compared loosely: case, spaces and "/" for "per" do not matter."""
    return " ".join(unit.lower().replace("/", " per ").split())


def _gap_multiple(spec: Any, kr: KeyResultSpec) -> float:
    """The largest magnitude of an impact (or trend) spec, in multiples of its KR's gap."""
    low, _, high, relative = parse_impact(spec)
    scale = abs(kr.baseline) if relative else 1.0
    return max(abs(low), abs(high)) * scale / abs(kr.target - kr.baseline)


def _exclusion_pairs(initiatives: Sequence[InitiativeSpec]) -> list[tuple[str, str]]:
    return sorted({tuple(sorted((x.id, o))) for x in initiatives for o in x.excludes})  # type: ignore[misc]


def _cycle_order(graph: nx.DiGraph, group: list[str]) -> list[str]:
    """A cycle within a group that requires itself, from its smallest id, following `requires`
    edges (to the smallest id each time while that still closes a cycle)."""
    start = min(group)
    edges = nx.find_cycle(graph.subgraph(group), source=start)
    order = [a for a, _ in edges]
    first = order.index(min(order))
    return order[first:] + order[:first]


def _to_domain(doc: ScenarioDocument) -> Scenario:
    def trend(kr: KeyResultSpec) -> Estimate | None:
        return None if kr.trend is None else _estimate(kr.trend, kr.baseline)

    objectives = tuple(
        Objective(
            id=o.id, title=o.title, tier=o.tier, weight=o.weight, min_attainment=o.min_attainment,
            level=Level.COMPANY if at[0] == "company" else Level.PRODUCT, supports=tuple(o.supports),
            key_results=tuple(
                KeyResult(id=kr.id, title=kr.title, objective=o.id, baseline=kr.baseline,
                          target=kr.target, unit=kr.unit, weight=kr.weight, trend=trend(kr),
                          supports=tuple(kr.supports))
                for kr in o.key_results if kr.guardrail is None
            ),
            guardrails=tuple(
                Guardrail(id=kr.id, title=kr.title, objective=o.id, baseline=kr.baseline, level=kr.level,
                          hold=Hold(kr.guardrail), unit=kr.unit, trend=trend(kr))
                for kr in o.key_results if kr.guardrail is not None
            ),
        )
        for at, o in _all_objectives(doc)
    )
    specs = {kr.id: kr for _, o in _all_objectives(doc) for kr in o.key_results}
    drivers = tuple(Driver(kr.id, target, _elasticity(spec, specs[target].baseline), parse_elasticity(spec)[4])
                    for kr in specs.values() for target, spec in kr.drives.items())
    krs = {kr.id: kr for o in objectives for kr in o.key_results}
    guardrails = {g.id: g for o in objectives for g in o.guardrails}
    tier_of = {o.id: o.tier for o in objectives}
    weight_of = {kr.id: next(o.weight for o in objectives if o.id == kr.objective) * kr.weight
                 for kr in krs.values()}
    initiatives = []
    for x in doc.initiatives:
        impacts = {kr_id: _estimate(spec, krs[kr_id].baseline) for kr_id, spec in x.impacts.items() if kr_id in krs}
        effects = {g: _estimate(spec, guardrails[g].baseline) for g, spec in x.impacts.items() if g in guardrails}
        draft = Initiative(
            id=x.id, title=x.title, effort=frozen_map(x.effort), impacts=frozen_map(impacts),
            guardrail_impacts=frozen_map(effects), owner=x.owner, notes=x.notes,
            confidence=x.confidence, requires=tuple(x.requires), excludes=tuple(x.excludes),
            commit=Commitment(x.commit) if x.commit else None, cost=x.cost,
        )
        tier = x.tier or derive_tier(draft, krs, tier_of, weight_of)
        initiatives.append(dataclasses.replace(draft, tier=tier, tier_is_explicit=x.tier is not None))
    split = None
    if doc.split is not None:
        split = SplitPolicy(
            shares=frozen_map({Tier.PRIMARY: doc.split.primary, Tier.SECONDARY: doc.split.secondary,
                               Tier.EXPLORATION: doc.split.exploration}),
            tolerance=doc.split.tolerance,
        )
    return Scenario(
        name=doc.name, description=doc.description, units=doc.units, version=doc.version,
        teams=tuple(Team(id=t, capacity=s.capacity, name=s.name) for t, s in doc.teams.items()),
        objectives=objectives, initiatives=tuple(initiatives), split=split,
        max_effort=doc.limits.effort, budget=doc.limits.budget,
        quarter=Quarter(start=doc.quarter.start, weeks=doc.quarter.weeks),
        drivers=drivers, score_on=ScoreOn(doc.company.score_on) if doc.company is not None else ScoreOn.PRODUCT,
    )


def _elasticity(spec: Any, baseline: float) -> Estimate:
    """A driver link's elasticity in the driven KR's units per unit of the driver."""
    low, likely, high, relative, _ = parse_elasticity(spec)
    scale = baseline if relative else 1.0
    return Estimate(low * scale, likely * scale, high * scale)


def _estimate(spec: Any, baseline: float) -> Estimate:
    """An impact or trend spec in the KR's units (relative ones scaled by the baseline)."""
    low, likely, high, relative = parse_impact(spec)
    scale = baseline if relative else 1.0
    return Estimate(low * scale, likely * scale, high * scale)


def check_scenario(scenario: Scenario) -> Scenario:
    """A `Scenario` built in code, checked by the same rules (and messages) as a file: it is
    written back as a scenario document and validated. Returns it unchanged when it is valid.

    >>> from planner.model import Scenario, Team
    >>> check_scenario(Scenario("empty", (Team("a", 1.0),), (), ()))
    Traceback (most recent call last):
    ...
    planner.errors.ScenarioError: 1 problem:
      `objectives`: is empty; it needs at least one entry
        fix: add at least one entry
    """
    build_scenario(scenario_document(scenario))
    return scenario


def scenario_document(scenario: Scenario) -> dict:
    """The scenario as a scenario file's data (impacts in KR units, tiers as stated)."""
    s = scenario

    def estimate(e: Estimate) -> Any:
        return e.likely if e.is_point else {"low": e.low, "likely": e.likely, "high": e.high}

    def drives(metric_id: str) -> dict:
        links = s.links_from(metric_id)
        return {"drives": {d.target: estimate(d.elasticity) for d in links}} if links else {}

    def objective(o: Objective) -> dict:
        return {"id": o.id, "title": o.title, "tier": o.tier.value, "weight": o.weight,
                "min_attainment": o.min_attainment, "supports": list(o.supports),
                "key_results": [{"id": kr.id, "title": kr.title, "unit": kr.unit, "baseline": kr.baseline,
                                 "target": kr.target, "weight": kr.weight, "supports": list(kr.supports),
                                 **({} if kr.trend is None else {"trend": estimate(kr.trend)}), **drives(kr.id)}
                                for kr in o.key_results]
                + [{"id": g.id, "title": g.title, "unit": g.unit, "baseline": g.baseline, "target": g.level,
                    "guardrail": g.hold.value, **({} if g.trend is None else {"trend": estimate(g.trend)}),
                    **drives(g.id)}
                   for g in o.guardrails]}

    return {
        "version": s.version, "name": s.name, "description": s.description, "units": s.units,
        "split": "off" if s.split is None else {**{t.value: s.split.shares[t] for t in TIERS},
                                                "tolerance": s.split.tolerance},
        "limits": {"effort": s.max_effort, "budget": s.budget},
        "quarter": {"start": s.quarter.start, "weeks": s.quarter.weeks},
        "teams": {t.id: {"capacity": t.capacity, "name": t.name} for t in s.teams},
        "objectives": [objective(o) for o in s.objectives if o.level is Level.PRODUCT],
        **({"company": {"objectives": [objective(o) for o in s.company_objectives], "score_on": s.score_on.value}}
           if s.company_objectives else {}),
        "initiatives": [{"id": x.id, "title": x.title, "effort": dict(x.effort),
                         "impacts": {k: estimate(e) for k, e in (*x.impacts.items(), *x.guardrail_impacts.items())},
                         "confidence": x.confidence,
                         "requires": list(x.requires), "excludes": list(x.excludes),
                         "commit": None if x.commit is None else x.commit.value,
                         "tier": x.tier.value if x.tier_is_explicit else None, "cost": x.cost,
                         "owner": x.owner, "notes": x.notes}
                        for x in s.initiatives],
    }


def derive_tier(
    initiative: Initiative,
    krs: dict[str, KeyResult],
    tier_of: dict[str, Tier],
    weight_of: dict[str, float],
) -> Tier:
    """The tier an initiative counts toward when the file does not say.

    The tier whose KRs it moves most, measured by weighted expected attainment (absolute, so
    harm counts as involvement too). Ties go to the higher tier. An initiative that moves no KR
    is exploration.
    """
    pull = dict.fromkeys(TIERS, 0.0)
    for kr_id, estimate in initiative.impacts.items():
        kr = krs[kr_id]
        pull[tier_of[kr.objective]] += abs(kr.progress(estimate.mean)) * weight_of[kr_id]
    best = max(pull.values())
    if best == 0:
        return Tier.EXPLORATION
    return next(t for t in TIERS if pull[t] == best)



# --- check-ins -----------------------------------------------------------------------------------

FIXES |= {"week": "give the week of the quarter, 0 or more (0: before any work)",
          "status": "use not-started, in-progress, done or dropped",
          "spent": "give effort spent as a number of {units}, 0 or more",
          "remaining": "give the effort still to go as a number of {units}, 0 or more"}


def build_checkin(raw: Any, scenario: Scenario, locate: Locator | None = None) -> CheckIn:
    """Validate a parsed check-in against its scenario and build the domain `CheckIn`.

    Raises `ScenarioError` with every problem found, each placed by `locate`: unknown ids (with
    the nearest known one), a week or date outside the quarter, effort on a team the initiative
    does not use, remaining effort on work that is not in progress, more spent than a team had.
    """
    locate = locate or (lambda loc: Location())
    if not isinstance(raw, dict):
        raise ScenarioError(Problem("check-in", "the file does not hold a mapping of fields",
                                    "start from docs/checkin-format.md: `version: 1`, `week: 8`, `key_results: ...`",
                                    locate(())))
    try:
        doc = CheckInDocument.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        listed = [_problem_from_pydantic(e, raw, locate, scenario.units, CheckInDocument) for e in errors[:LISTED]]
        raise ScenarioError(_dedupe(listed) + _more(len(errors) - LISTED, locate)) from None
    problems: list[Problem] = []
    unlisted = 0

    def problem(loc: Loc, message: str, fix: str) -> None:
        nonlocal unlisted
        if len(problems) >= LISTED:  # bounded work and a readable message, however broken the file
            unlisted += 1
            return
        problems.append(Problem(describe(loc, raw), message, fix, locate(loc)))

    week = _checkin_week(doc, scenario, problem)
    krs = {kr.id: kr for kr in scenario.key_results} | {g.id: g for g in scenario.guardrails}
    teams = {t.id for t in scenario.teams}
    for kr_id in doc.key_results:
        if kr_id not in krs:
            problem(("key_results", kr_id), f"there is no key result or guardrail `{kr_id}`." + did_you_mean(kr_id, krs),
                    "use an id from the scenario's key results")
    for team_id, capacity in doc.capacity.items():
        if team_id not in teams:
            problem(("capacity", team_id), f"there is no team `{team_id}`." + did_you_mean(team_id, teams),
                    "use a team id from the scenario")
    spent_by_team = dict.fromkeys(teams, 0.0)
    progress = {}
    for initiative_id, spec in doc.initiatives.items():
        where = ("initiatives", initiative_id)
        known = {x.id for x in scenario.initiatives}
        if initiative_id not in known:
            problem(where, f"there is no initiative `{initiative_id}`." + did_you_mean(initiative_id, known),
                    "use an initiative id from the scenario")
            continue
        x = scenario.initiative(initiative_id)
        used = x.teams
        for part in ("spent", "remaining"):
            for team_id in (getattr(spec, part) or {}):
                if team_id not in used:
                    problem((*where, part, team_id), f"`{initiative_id}` plans no effort on team `{team_id}`",
                            f"record it on a team it uses ({', '.join(used) or 'it uses none'}), or add the team to its "
                            "effort in the scenario")
        status = Status(spec.status)
        if spec.remaining is not None and status is not Status.IN_PROGRESS:
            problem((*where, "remaining"), f"a {status.value} initiative has no effort still to go",
                    "remove `remaining`, or mark it `status: in-progress`")
        if status is Status.NOT_STARTED and any(v > 0 for v in spec.spent.values()):
            problem((*where, "spent"), "effort was spent on an initiative marked not-started",
                    "mark it `status: in-progress` (or done, or dropped)")
        for kr_id in spec.impacts:
            if kr_id not in krs:
                problem((*where, "impacts", kr_id), f"there is no key result or guardrail `{kr_id}`."
                        + did_you_mean(kr_id, krs), "use an id from the scenario's key results")
        for team_id, effort in spec.spent.items():
            if team_id in spent_by_team:
                spent_by_team[team_id] += effort
        impacts = {k: _estimate(v, krs[k].baseline) for k, v in spec.impacts.items() if k in krs}
        progress[initiative_id] = Progress(
            status=status, spent=frozen_map(spec.spent),
            remaining=None if spec.remaining is None else frozen_map(spec.remaining),
            confidence=spec.confidence, impacts=frozen_map(impacts), notes=spec.notes)
    for team in scenario.teams:
        capacity = doc.capacity.get(team.id, team.capacity)
        if spent_by_team[team.id] > capacity + 1e-9 * max(1.0, capacity):
            where = ("capacity", team.id) if team.id in doc.capacity else ("initiatives",)
            problem(where, f"team `{team.id}` has spent {spent_by_team[team.id]:g} {scenario.units}, more than the "
                    f"quarter's {capacity:g}", f"set `capacity: {{{team.id}: N}}` to what the quarter really had, "
                    "or correct the spent effort")
    if problems:
        raise ScenarioError(_dedupe(problems) + _more(unlisted, locate))
    return CheckIn(week=week, key_results=frozen_map(doc.key_results), initiatives=frozen_map(progress),
                   capacity=frozen_map(doc.capacity), date=doc.date, notes=doc.notes)


LISTED = 50  # problems a check-in's report lists; the rest are counted


def _more(unlisted: int, locate: Locator) -> list[Problem]:
    """One line for the problems beyond `LISTED`, if any."""
    if unlisted <= 0:
        return []
    return [Problem("check-in", f"and {unlisted} more problems like those above", "fix those first, then check again",
                    locate(()))]


def _checkin_week(doc: CheckInDocument, scenario: Scenario, problem) -> float:
    """The check-in's week of the quarter, from `week` or from `date` and the quarter's start."""
    quarter = scenario.quarter
    if doc.week is None and doc.date is None:
        problem((), "neither `week` nor `date` says when this check-in is", "add `week: 8` (weeks since the start)")
        return 0.0
    week = doc.week
    if doc.date is not None:
        if quarter.start is None:
            problem(("date",), "a date needs the quarter's first day, and the scenario gives none",
                    "write `week: N` instead, or add `quarter: {start: YYYY-MM-DD, weeks: 13}` to the scenario")
            return week or 0.0
        from_date = quarter.week_of(doc.date)
        if week is not None and abs(from_date - week) >= 1:
            problem(("week",), f"week {week:g} disagrees with the date, which is week {from_date:.1f}",
                    "give one of them, or make them agree")
        week = from_date if week is None else week
        if not 0 <= from_date <= quarter.weeks:
            end = quarter.start + datetime.timedelta(weeks=quarter.weeks)
            problem(("date",), f"{doc.date} is outside the quarter ({quarter.start} to {end})",
                    "use a date within the quarter, or correct `quarter.start` in the scenario")
            return week
    if week > quarter.weeks:
        problem(("week",), f"week {week:g} is past the quarter's {quarter.weeks} weeks",
                f"use a week from 0 to {quarter.weeks}, or set `quarter: {{weeks: N}}` in the scenario")
    return week
