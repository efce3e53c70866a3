from __future__ import annotations

import pytest

from support import ROOT, validated
from planner.errors import ScenarioError
from planner.loading import load_scenario, load_scenario_file

HEAD = """
version: 1
name: tables
teams: {growth: {capacity: 10}, platform: {capacity: 5}}
objectives:
  - id: o
    title: Onboarding
    tier: primary
    key_results:
      - {id: completion, title: Completion 68% to 85%, baseline: 68, target: 85}
      - {id: tickets, title: Tickets 400 to 200, baseline: 400, target: 200}
initiatives: {table: initiatives.csv, impacts: impacts.csv}
"""
INITIATIVES = "id,title,effort.growth,effort.platform,confidence,requires\ntour,Tour,6,,0.9,\nsso,SSO,2,4,,api\napi,API,,3,,\n"
IMPACTS = "initiative,key_result,impact,low,likely,high\ntour,completion,8,,,\nsso,completion,,2,5,7\ntour,tickets,-50% of baseline,,,\n"


def test_initiatives_and_impacts_from_csv(write):
    write("initiatives.csv", INITIATIVES)
    write("impacts.csv", IMPACTS)
    scenario = load_scenario(write("s.yaml", HEAD))
    assert [x.id for x in scenario.initiatives] == ["tour", "sso", "api"]
    tour = scenario.initiative("tour")
    assert dict(tour.effort) == {"growth": 6}
    assert tour.confidence == 0.9
    assert tour.impacts["completion"].likely == 8
    assert tour.impacts["tickets"].likely == -200  # -50% of a 400 baseline
    sso = scenario.initiative("sso")
    assert (sso.impacts["completion"].low, sso.impacts["completion"].high) == (2, 7)
    assert sso.requires == ("api",)


def test_csv_errors_name_the_row(write):
    write("initiatives.csv", INITIATIVES.replace("sso,SSO,2,4", "sso,SSO,2,-4"))
    write("impacts.csv", IMPACTS + "tuor,completion,3,,,\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write("s.yaml", HEAD))
    text = str(caught.value)
    assert "impacts.csv, row 5" in text and "no initiative `tuor`" in text and "Did you mean `tour`?" in text


def test_table_errors_come_in_one_round(write):
    """A row that cannot be placed (an impact for an unknown initiative), a value out of range and
    an unknown key result, in two tables: all three at once (the last two waited for the first)."""
    write("initiatives.csv", INITIATIVES.replace("sso,SSO,2,4", "sso,SSO,2,-4"))
    write("impacts.csv", IMPACTS.replace("tour,tickets", "tour,tikets") + "tuor,completion,3,,,\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write("s.yaml", HEAD))
    text = str(caught.value)
    assert text.startswith("3 problems")
    assert "impacts.csv, row 5" in text and "no initiative `tuor`" in text
    assert "initiatives.csv, row 3" in text and "is -4; it must be 0 or more" in text
    assert "impacts.csv, row 4" in text and "no key result `tikets`. Did you mean `tickets`?" in text


def test_csv_value_errors_name_the_row(write):
    write("initiatives.csv", INITIATIVES.replace("sso,SSO,2,4", "sso,SSO,2,-4"))
    write("impacts.csv", IMPACTS.replace("sso,completion,,2,5,7", "sso,completion,,7,5,2"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write("s.yaml", HEAD))
    text = str(caught.value)
    assert "initiatives.csv, row 3" in text and "is -4; it must be 0 or more" in text
    assert "impacts.csv, row 3" in text and "low <= likely <= high" in text


def test_spreadsheet_exports_headers_in_any_case(write):
    """Spreadsheets capitalize headers (`ID`, `Title`); team ids after `effort.` keep their case."""
    write("initiatives.csv", INITIATIVES.replace("id,title,effort.growth", "ID,Title,Effort.growth"))
    write("impacts.csv", IMPACTS.replace("initiative,key_result", "Initiative,Key_Result"))
    scenario = load_scenario(write("s.yaml", HEAD))
    assert dict(scenario.initiative("tour").effort) == {"growth": 6}
    assert scenario.initiative("tour").impacts["completion"].likely == 8


@pytest.mark.parametrize("initiatives, impacts, expected", [
    # One message, not one per impact row that can no longer find its initiative.
    (INITIATIVES.replace("id,", "ident,"), IMPACTS, "initiatives.csv, row 1: `initiatives.table`: initiatives.csv has no `id` column"),
    (INITIATIVES.replace("api,API", "sso,API"), IMPACTS, "initiatives.csv, row 4: initiative `sso`, `id`: duplicate initiative id `sso` (first at row 3)"),
    (INITIATIVES, IMPACTS.replace("tour,completion,8,,,", "tour,completion,8,6,,"),
     "impacts.csv, row 2: impact row for `tour`: both `impact` and `low` are given"),
    (INITIATIVES, IMPACTS.replace("tour,completion,8,,,", "tour,completion,8,,,,"), "impacts.csv, row 2: `initiatives.impacts`: 7 cells"),
])
def test_table_mistakes_are_named_once_with_their_row(write, initiatives, impacts, expected):
    write("initiatives.csv", initiatives)
    write("impacts.csv", impacts)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write("s.yaml", HEAD))
    assert expected in str(caught.value)


def test_unknown_column_and_missing_table(write):
    write("initiatives.csv", INITIATIVES.replace("confidence", "confidance"))
    write("impacts.csv", IMPACTS)
    result = validated(write("s.yaml", HEAD))
    assert result.exit_code == 2 and "unknown column" in result.output and "`confidence`" in result.output
    result = validated(write("t.yaml", HEAD.replace("initiatives.csv", "missing.csv")))
    assert result.exit_code == 2 and "not found" in result.output


def test_malformed_csv_tables_are_named(write):
    write("impacts.csv", IMPACTS)
    for text, expected in [(INITIATIVES + "extra,Extra,1,,1,,surplus\n", "row 5: `initiatives.table`: 7 cells for 6 columns"),
                           ("", "initiatives.csv is empty"),
                           ("\ufeff" + INITIATIVES, None)]:  # a byte-order mark (Excel's "CSV UTF-8") is fine
        write("initiatives.csv", text)
        if expected is None:
            assert load_scenario(write("s.yaml", HEAD)).initiative("tour").confidence == 0.9
            continue
        with pytest.raises(ScenarioError, match=expected.replace("`", ".")):
            load_scenario(write("s.yaml", HEAD))


def test_an_old_excel_file_without_its_reader_is_a_clear_error(write, monkeypatch):
    # pandas needs xlrd for .xls, which is not a dependency: its ImportError was a traceback.
    import pandas as pd

    def missing(*args, **kwargs):
        raise ImportError("Missing optional dependency 'xlrd'.")

    monkeypatch.setattr(pd, "read_excel", missing)
    write("backlog.xls", "not read")
    write("impacts.csv", IMPACTS)
    with pytest.raises(ScenarioError, match="cannot read backlog.xls: Missing optional dependency"):
        load_scenario(write("s.yaml", HEAD.replace("table: initiatives.csv", "table: backlog.xls")))


def test_csv_scenarios_load_without_pandas():
    # pandas took 0.4 s to import, a third of `planner plan` on a CSV scenario; Excel still uses it.
    import subprocess
    import sys

    code = ("import sys; from planner.loading import load_scenario; "
            f"load_scenario({str(ROOT / 'scenarios' / 'cloudsecure-q1.yaml')!r}); print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_excel_tables(write, tmp_path):
    import pandas as pd

    with pd.ExcelWriter(tmp_path / "backlog.xlsx") as xl:
        pd.DataFrame({"id": ["tour"], "title": ["Tour"], "effort.growth": [6]}).to_excel(xl, sheet_name="Initiatives", index=False)
        pd.DataFrame({"initiative": ["tour"], "key_result": ["completion"], "impact": [8]}).to_excel(xl, sheet_name="Impacts", index=False)
    text = HEAD.replace("{table: initiatives.csv, impacts: impacts.csv}",
                        "{table: backlog.xlsx, sheet: Initiatives, impacts: backlog.xlsx, impacts_sheet: Impacts}")
    scenario = load_scenario(write("s.yaml", text))
    assert scenario.initiative("tour").impacts["completion"].likely == 8


def test_hash_covers_the_tables():
    loaded = load_scenario_file(ROOT / "scenarios" / "cloudsecure-q1.yaml")
    assert len(loaded.sources) == 3 and len(loaded.sha256) == 64


def test_extends_merges_by_id_and_keeps_locations(write, tmp_path):
    import shutil

    shutil.copy(ROOT / "scenarios" / "onboarding-q3.yaml", tmp_path / "base.yaml")
    variant = write("plus.yaml", """
        extends: base.yaml
        name: Platform +10
        teams:
          platform: {capacity: 34}
        initiatives:
          - id: sso
            confidence: 0.95
          - {id: new-thing, title: New, effort: {growth: 2}, impacts: {nps: 1}, confidence: 7}
    """)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(variant)
    assert f"{variant}, line 8" in str(caught.value) and "`new-thing`" in str(caught.value)
    variant.write_text(variant.read_text().replace(", confidence: 7", ""))
    loaded = load_scenario_file(variant)
    s = loaded.scenario
    assert s.name == "Platform +10" and s.team("platform").capacity == 34 and s.team("growth").capacity == 40
    assert s.initiative("sso").confidence == 0.95 and s.initiative("sso").title == "Single sign-on integration"
    assert [x.id for x in s.initiatives][-1] == "new-thing"
    assert len(loaded.sources) == 2


def test_extends_cycle_is_an_error(write):
    write("a.yaml", "extends: b.yaml\n")
    b = write("b.yaml", "extends: a.yaml\n")
    with pytest.raises(ScenarioError, match="in a circle"):
        load_scenario(b)


def test_set_overrides():
    onboarding = ROOT / "scenarios" / "onboarding-q3.yaml"
    s = load_scenario_file(onboarding, ["teams.platform.capacity=50", "initiatives.sso.confidence=0.5",
                                        "split=off"]).scenario
    assert s.team("platform").capacity == 50 and s.initiative("sso").confidence == 0.5 and s.split is None
    result = validated(onboarding, "--set", "teams.platfrom.capacity=50")
    assert result.exit_code == 2 and "Did you mean `platform`?" in result.output
    result = validated(onboarding, "--set", "teams.platform.capacity=-1")
    assert result.exit_code == 2 and "--set teams.platform.capacity=-1" in result.output
    # A section the file leaves out can be set; a misspelt one, or an unknown key, cannot.
    assert load_scenario_file(onboarding, ["limits.budget=100"]).scenario.budget == 100
    result = validated(onboarding, "--set", "limits.budgte=100")
    assert result.exit_code == 2 and "unknown field `budgte`" in result.output and "--set limits" in result.output
    result = validated(onboarding, "--set", "limit.budget=100")
    assert result.exit_code == 2 and "Did you mean `limits`?" in result.output
    # A rule over a whole section that a --set breaks was reported at the file's line alone.
    result = validated(onboarding, "--set", "split.primary=0.8")
    assert result.exit_code == 2 and "(as changed by --set split.primary=0.8)" in result.output


def test_tables_load_from_a_relative_path_and_through_extends(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    assert len(load_scenario("scenarios/cloudsecure-q1.yaml").initiatives) == 16
    variant = tmp_path / "variant.yaml"
    variant.write_text(f"extends: {ROOT / 'scenarios' / 'cloudsecure-q1.yaml'}\nteams:\n  design: {{capacity: 12}}\n")
    monkeypatch.chdir(tmp_path)
    s = load_scenario("variant.yaml")
    assert len(s.initiatives) == 16 and s.team("design").capacity == 12


def test_extends_edits_initiatives_from_tables_by_id(write):
    """A file extending a table-based scenario changes one initiative and adds another, as it would
    over YAML initiatives (it used to replace the whole list); a mistake in an edit points at the
    editing file's line, one in the table at its row."""
    write("initiatives.csv", INITIATIVES)
    write("impacts.csv", IMPACTS)
    write("base.yaml", HEAD)
    child = write("child.yaml", "extends: base.yaml\ninitiatives:\n  - {id: tour, confidence: 0.5}\n"
                                "  - {id: new, title: New, effort: {growth: 1}, impacts: {completion: 2}}\n")
    scenario = load_scenario(child)
    assert [x.id for x in scenario.initiatives] == ["tour", "sso", "api", "new"]
    assert scenario.initiative("tour").confidence == 0.5 and dict(scenario.initiative("tour").effort) == {"growth": 6}
    assert scenario.initiative("tour").impacts["completion"].likely == 8
    assert {p.name for p in load_scenario_file(child).sources} >= {"initiatives.csv", "impacts.csv", "base.yaml"}
    broken = write("broken.yaml", "extends: base.yaml\ninitiatives:\n  - {id: tour, confidence: 5}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(broken)
    assert "broken.yaml, line 3" in str(caught.value)
    write("initiatives.csv", INITIATIVES.replace("tour,Tour,6", "tour,Tour,-6"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    assert "initiatives.csv, row 2" in str(caught.value)


COMPANY = """version: 1
kind: company
name: Acme
objectives:
  - id: revenue
    title: Revenue
    key_results:
      - {id: mrr, title: MRR 100 to 120, unit: kUSD, baseline: 100, target: 120}
"""
TEAM = """version: 1
name: {name}
company: {{file: company.yaml, score_on: product}}
teams: {{{team}: {{capacity: 10}}}}
objectives:
  - id: {name}
    title: {name}
    tier: primary
    supports: revenue
    key_results:
      - {{id: {name}-kr, title: KR, unit: pts, baseline: 0, target: 10, drives: {{mrr: {{value: 2, unit: kUSD per pts}}}}}}
initiatives:
  - {{id: {name}-work, title: Work, effort: {{{team}: 4}}, impacts: {{{name}-kr: 5}}}}
"""


def test_a_company_file_shared_by_team_scenarios_and_a_portfolio_of_them(write, tmp_path):
    write("company.yaml", COMPANY)
    write("a.yaml", TEAM.format(name="a", team="web"))
    write("b.yaml", TEAM.format(name="b", team="app"))
    portfolio = write("p.yaml", "version: 1\nname: both\ninclude: [a.yaml, b.yaml]\n"
                                "company: {file: company.yaml, score_on: company}\nsplit: off\n")
    loaded = load_scenario_file(portfolio)
    s = loaded.scenario
    assert [t.id for t in s.teams] == ["web", "app"] and [x.id for x in s.initiatives] == ["a-work", "b-work"]
    assert {p.name for p in loaded.sources} == {"p.yaml", "a.yaml", "b.yaml", "company.yaml"}  # hashed, never written
    assert s.effects(s.initiative("b-work"))["mrr"] == 10.0 and s.key_result("mrr").objective == "revenue"


def test_problems_in_a_company_file_or_a_portfolio_name_their_own_file_and_line(write):
    write("company.yaml", COMPANY.replace("baseline: 100, target: 120", "baseline: 100, target: true"))
    team = write("a.yaml", TEAM.format(name="a", team="web"))
    assert "company.yaml, line 8" in validated(team).output and "must be a number" in validated(team).output
    write("company.yaml", COMPANY)
    write("a.yaml", TEAM.format(name="a", team="web").replace("mrr: {value", "mrrr: {value"))
    portfolio = write("p.yaml", "version: 1\nname: both\ninclude: [a.yaml]\ncompany: {file: company.yaml, score_on: both}\n")
    result = validated(portfolio)
    assert result.exit_code == 2 and "a.yaml, line 11" in result.output and "Did you mean `mrr`?" in result.output
    for bad, message in (("include: a.yaml", "must be a list"), ("include: [p.yaml]", "includes itself"),
                         ("include: [nowhere.yaml]", "is not a scenario file")):
        write("p.yaml", f"version: 1\nname: x\n{bad}\n")
        assert message in validated(portfolio).output
    both = write("q.yaml", "version: 1\nname: x\ncompany: {file: company.yaml, score_on: product, objectives: []}\n"
                           "teams: {a: {capacity: 1}}\nobjectives: []\ninitiatives: []\n")
    assert "gives both `file` and `objectives`" in validated(both).output


PLAIN_YAML_CASES = [
    "a: yes\nb: no\nc: on\nd: off\ne: true\nf: FALSE\n",  # YAML 1.2: only true/false are booleans
    "t: 1:30\nd: 2026-11-26\nx: 0x1F\no: 017\nf: 1_000.5\ni: .inf\nn: ~\nm: null\ne: ''\n",
    "base: &b {capacity: 10, note: 'quoted: text'}\nteams: [*b, *b]\n",
    "text: |\n  two lines,\n  kept\nfolded: >\n  one\n  line\nuni: \"caf\\u00e9 \\U0001F680\"\n",
    "- [1, 2, [3, {a: b}]]\n- {? complex : key}\n",
    "key: value # a comment\n'quoted key': \"x\\ty\"\n",
]


@pytest.mark.parametrize("text", [*PLAIN_YAML_CASES, *(p.read_text(encoding="utf-8") for p in
                                                       sorted((ROOT / "scenarios").rglob("*.yaml")))])
def test_libyaml_reads_every_file_as_the_python_parser_does(text):
    """Files are read by libyaml where PyYAML has it: the same values and the same line of each
    element as the pure-Python reader (which words the problems of files either refuses)."""
    from planner import loading

    if not loading.yaml.__with_libyaml__:
        pytest.skip("this PyYAML has no libyaml: files are read in Python only")
    fast = loading._parsed(text, "s.yaml", loading._FastPlainLoader)
    assert fast == loading._parsed(text, "s.yaml", loading._PurePlainLoader)
    assert loading._PlainLoader is loading._FastPlainLoader
