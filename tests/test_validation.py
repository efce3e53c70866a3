"""The broken-file corpus: each bad input gives its file, place, a fix, and exit 2."""

from __future__ import annotations

import copy

import pytest

from support import validated

GOOD = """
version: 1
name: demo
teams:
  growth: {capacity: 20}
  platform: {capacity: 10}
objectives:
  - id: onboarding
    title: Better onboarding
    tier: primary
    key_results:
      - {id: completion, title: Completion from 68% to 85%, unit: "%", baseline: 68, target: 85}
      - {id: ttfv, title: Time to first value from 24h to 1h, unit: hours, baseline: 24, target: 1}
initiatives:
  - {id: tour, title: Tour, effort: {growth: 6}, impacts: {completion: 8}}
  - {id: sso, title: SSO, effort: {platform: 8, growth: 2}, impacts: {completion: {low: 2, likely: 5, high: 7}}, confidence: 0.8, requires: [identity-api]}
  - {id: identity-api, title: Identity API, effort: {platform: 4}}
  - {id: templates, title: Templates, effort: {growth: 4}, impacts: {ttfv: -6}}
"""

# name: (replace this, with that, expected words in the message, expected line)
CORPUS = {
    "malformed-yaml": ("    tier: primary", "    tier: [primary", "not valid YAML", 10),
    "python-tag": ("name: demo", "name: !!python/object/apply:os.system ['echo hi']", "is not plain data", 2),
    "unknown-field": ("    tier: primary", "    tier: primary\n    teir: primary", "unknown field `teir`", 10),
    "duplicate-initiative-id": ("id: templates", "id: tour", "duplicate initiative id `tour`", 17),
    "duplicate-team-key": ("  platform: {capacity: 10}", "  platform: {capacity: 10}\n  growth: {capacity: 5}",
                           "appears twice", 6),
    "unknown-kr-did-you-mean": ("impacts: {completion: 8}", "impacts: {completoin: 8}",
                                "no key result `completoin`. Did you mean `completion`?", 14),
    "unknown-requires-did-you-mean": ("requires: [identity-api]", "requires: [identity-apj]",
                                      "no initiative `identity-apj`. Did you mean `identity-api`?", 15),
    "team-without-capacity": ("effort: {growth: 4}", "effort: {grwoth: 4}",
                              "team `grwoth` has no capacity in `teams`. Did you mean `growth`?", 17),
    "negative-effort": ("effort: {growth: 6}", "effort: {growth: -6}", "is -6; it must be 0 or more", 14),
    "negative-capacity": ("growth: {capacity: 20}", "growth: {capacity: -20}", "is -20; it must be 0 or more", 4),
    "target-equals-baseline": ("baseline: 24, target: 1", "baseline: 24, target: 24",
                               "target equals baseline (24)", 12),
    "range-out-of-order": ("{low: 2, likely: 5, high: 7}", "{low: 7, likely: 5, high: 2}",
                           "low <= likely <= high", 15),
    "confidence-above-one": ("confidence: 0.8", "confidence: 1.8", "is 1.8; it must be 1 or less", 15),
    "split-not-summing": ("teams:", "split: {primary: 0.6, secondary: 0.2, exploration: 0.1}\nteams:",
                          "split shares add up to 0.9", 3),
    "requires-cycle": ("id: identity-api, title: Identity API,", "id: identity-api, title: Identity API, requires: [sso],",
                       "cycle: identity-api -> sso -> identity-api", 16),
    "requires-and-excludes": ("requires: [identity-api]}", "requires: [identity-api], excludes: [identity-api]}",
                              "both requires and excludes `identity-api`", 15),
    "commit-in-requires-commit-out": ("requires: [identity-api]}", "requires: [identity-api], commit: in}\n  - {id: x, title: X, effort: {growth: 1}, commit: out}",
                                      "", 0),  # replaced below
    "ambiguous-relative-impact": ("impacts: {ttfv: -6}", 'impacts: {ttfv: "-25%"}', '"-50% of baseline"', 17),
    "bad-tier": ("tier: primary", "tier: primery", "Did you mean `primary`?", 9),
    "missing-field": ("    title: Better onboarding\n", "", "`title` is missing", 7),
    "text-for-number": ("growth: {capacity: 20}", "growth: {capacity: lots}", "must be a number; got 'lots'", 4),
    "wrong-version": ("version: 1", "version: 2", "expected 1", 1),
    # Numbers the solver cannot hold (they crashed inside PuLP): wrong units, caught with their place.
    "effort-beyond-precision": ("effort: {growth: 6}", "effort: {growth: 1e16}", "it must be 1e+12 or less", 14),
    "impact-beyond-precision": ("impacts: {completion: 8}", "impacts: {completion: 1e300}",
                                "times the gap of `completion` (from 68 to 85)", 14),
}
CORPUS["commit-in-requires-commit-out"] = (
    "  - {id: identity-api, title: Identity API, effort: {platform: 4}}",
    "  - {id: identity-api, title: Identity API, effort: {platform: 4}, commit: out}\n"
    "  - {id: must, title: Must, effort: {growth: 1}, requires: [sso], commit: in}",
    "`must` is committed in but requires `identity-api`, which is committed out", 17,
)


def test_the_good_file_is_valid(write):
    result = validated(write("good.yaml", GOOD))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok")


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_broken_file_names_file_line_and_fix(name, write):
    old, new, expected, line = CORPUS[name]
    assert old in GOOD, f"corpus entry {name} does not apply"
    path = write(f"{name}.yaml", GOOD.replace(old, new, 1))
    result = validated(path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert expected in result.output
    assert f"{path}, line {line}" in result.output
    assert "fix:" in result.output


def test_every_problem_is_reported_at_once(write):
    text = GOOD.replace("completion: 8", "completoin: 8").replace("growth: 4", "grwoth: 4")
    result = validated(write("two.yaml", text))
    assert result.exit_code == 2
    assert "2 problems" in result.output


def test_broken_values_and_broken_references_are_reported_together(write):
    """A value of the wrong type used to hide every unknown id until it was fixed."""
    text = GOOD.replace("growth: {capacity: 20}", "growth: {capacity: lots}").replace("completion: 8", "completoin: 8")
    result = validated(write("two.yaml", text))
    assert result.exit_code == 2
    assert "2 problems" in result.output and "got 'lots'" in result.output
    assert "no key result `completoin`. Did you mean `completion`?" in result.output


@pytest.mark.parametrize("text, expected", [
    ("", "the file is empty"),
    ("- just\n- a list\n", "does not hold a mapping"),
])
def test_degenerate_files(text, expected, write):
    result = validated(write("x.yaml", text))
    assert result.exit_code == 2 and expected in result.output


def test_missing_file(tmp_path):
    result = validated(tmp_path / "nope.yaml")
    assert result.exit_code == 2 and "file not found" in result.output


def test_split_off_is_accepted(write):
    from planner.loading import load_scenario

    for spelling in ("off", "false", "'off'"):
        scenario = load_scenario(write("s.yaml", GOOD.replace("teams:", f"split: {spelling}\nteams:", 1)))
        assert scenario.split is None


# A fix must answer the error it sits under: (replace, with, words the fix must hold, words it must not)
READ_BACK = {
    "effort-as-a-number": ("effort: {growth: 6}", "effort: 3", "`effort: {growth: 3}`", "as a number"),
    "target-with-percent-sign": ("baseline: 68, target: 85", 'baseline: 68, target: "112%"', "112", "baseline"),
    "share-as-percent": ("confidence: 0.8", "confidence: 80", "0.8 for 80%", ""),
    "share-with-percent-sign": ("confidence: 0.8", 'confidence: "80%"', "0.8 for 80%", ""),
    "commit-yes": ("requires: [identity-api]}", "requires: [identity-api], commit: yes}", "`commit: in`", "True"),
    "impacts-as-a-number": ("impacts: {ttfv: -6}", "impacts: 5", "`impacts: {completion: 5}`", "number in the KR"),
}


def _fixes(output: str) -> list[tuple[str, str]]:
    """(message line, fix line) pairs of a rendered error."""
    lines = output.splitlines()
    return [(lines[n - 1], line.strip()) for n, line in enumerate(lines) if line.strip().startswith("fix:")]


@pytest.mark.parametrize("name", sorted(READ_BACK))
def test_each_fix_answers_its_error(name, write):
    old, new, must, must_not = READ_BACK[name]
    assert old in GOOD, name
    result = validated(write(f"{name}.yaml", GOOD.replace(old, new, 1)))
    assert result.exit_code == 2
    (message, fix), = _fixes(result.output)
    assert must in fix, (message, fix)
    assert not must_not or must_not not in fix and must_not not in message, (message, fix)


def _read_back(output: str) -> tuple[list[tuple[str, str]], set[str]]:
    """Rules a fix must keep whatever the field: a wrong shape is not told to be a number, a
    percent sign is told the plain number, a share over 1 is told its fraction. Returns the
    (message, fix) pairs that break one, and the rules that applied."""
    broken, applied = [], set()
    for message, fix in _fixes(output):
        if "must be a mapping" in message or "must be a list" in message:
            applied.add("shape")
            if "as a number" in fix:
                broken.append((message, fix))
        if ": must be a number; got '" in message and message.endswith("%'"):
            applied.add("percent")
            if message.rsplit("'", 2)[-2].rstrip("%") not in fix and "fraction" not in fix:
                broken.append((message, fix))
        if "it must be 1 or less" in message and float(message.split("is ")[-1].split(";")[0]) <= 100:
            applied.add("share")
            if "fraction" not in fix:
                broken.append((message, fix))
    return broken, applied


EVERY_CASE = {**{name: case[:2] for name, case in CORPUS.items()}, **{name: case[:2] for name, case in READ_BACK.items()}}


def test_every_fix_in_the_corpus_reads_back_against_its_error(write):
    applied: set[str] = set()
    for name, (old, new) in EVERY_CASE.items():
        broken, rules = _read_back(validated(write(f"{name}.yaml", GOOD.replace(old, new, 1))).output)
        assert broken == [], name
        applied |= rules
    assert applied == {"shape", "percent", "share"}  # each rule was put to the test


GUARDED = {"version": 1, "name": "g", "teams": {"web": {"capacity": 10}}, "split": "off",
           "objectives": [{"id": "o", "title": "O", "tier": "primary", "key_results": [
               {"id": "signups", "title": "Signups 100 to 150", "baseline": 100, "target": 150},
               {"id": "availability", "title": "Maintain 99.99% API availability", "unit": "%", "baseline": 99.99,
                "guardrail": "at_least"}]}],
           "initiatives": [{"id": "a", "title": "A", "effort": {"web": 5},
                            "impacts": {"signups": 30, "availability": -0.02}}]}


def _problems(data) -> str:
    from planner.errors import ScenarioError
    from planner.validation import build_scenario

    with pytest.raises(ScenarioError) as caught:
        build_scenario(data)
    return str(caught.value)


def test_a_maintain_kr_is_a_guardrail_held_at_its_baseline_unless_a_level_is_given():
    from planner.model import Hold
    from planner.validation import build_scenario

    scenario = build_scenario(GUARDED)
    (g,) = scenario.guardrails
    assert (g.level, g.hold, [kr.id for kr in scenario.key_results]) == (99.99, Hold.AT_LEAST, ["signups"])
    assert scenario.initiative("a").guardrail_impacts["availability"].likely == -0.02
    assert "availability" not in scenario.initiative("a").impacts  # not scored


def test_guardrail_mistakes_are_named_with_their_fix():
    same = copy.deepcopy(GUARDED)
    del same["objectives"][0]["key_results"][1]["guardrail"]
    same["objectives"][0]["key_results"][1]["target"] = 99.99
    said = _problems(same)
    assert "target equals baseline (99.99)" in said and "guardrail: at_least" in said
    weighted = copy.deepcopy(GUARDED)
    weighted["objectives"][0]["key_results"][1]["weight"] = 2
    assert "a guardrail is held, not scored, so it has no weight" in _problems(weighted)
    alone = copy.deepcopy(GUARDED)
    alone["objectives"][0]["key_results"] = alone["objectives"][0]["key_results"][1:]
    assert "has only guardrails" in _problems(alone)
    wrong = copy.deepcopy(GUARDED)
    wrong["objectives"][0]["key_results"][1]["guardrail"] = "above"
    assert "at_least" in _problems(wrong)
