"""The review pack as a workbook: sheets of numbers from the report's own computation."""

from __future__ import annotations

import pytest
import yaml
from support import POINT, ROOT

from planner import api

FORMULA = '=HYPERLINK("http://evil.example","click")'
SETTINGS = POINT.replace(forecast_samples=2000)


@pytest.fixture(scope="module")
def onboarding_data():
    return api.report_data(ROOT / "scenarios" / "onboarding-q3.yaml", SETTINGS)


def test_the_workbook_holds_the_plan_the_key_results_and_the_objectives_as_numbers(onboarding_data):
    """Sheets a spreadsheet user sorts and filters, with the report's own numbers; user text stays
    text (a title starting with "=" is no formula); the same inputs give the same bytes."""
    import io

    import openpyxl

    from planner.workbook import workbook_bytes

    data = onboarding_data
    raw = workbook_bytes(data)
    assert raw == workbook_bytes(data)
    import zipfile

    core = zipfile.ZipFile(io.BytesIO(raw)).read("docProps/core.xml")  # no save time, which would differ by the second
    assert b">2000-01-01T00:00:00Z</dcterms:modified>" in core
    book = openpyxl.load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["Plan", "Key results", "Objectives", "Teams", "Assumptions"]
    plan = [dict(zip([c.value for c in book["Plan"][1]], [c.value for c in row])) for row in book["Plan"].iter_rows(min_row=2)]
    assert {r["id"] for r in plan if r["decision"] == "funded"} == set(data.result.plan.selected)
    assert len(plan) == len(data.scenario.initiatives)
    for row in plan:
        if row["decision"] == "funded":
            assert row["value if dropped alone (points of attainment)"] == pytest.approx(data.result.contribution(row["id"]) * 100)
    krs = {row[1].value: row for row in book["Key results"].iter_rows(min_row=2)}
    for k in data.result.forecast.key_results:
        assert krs[k.key_result_id][7].value == pytest.approx(k.attainment.mean) and krs[k.key_result_id][7].number_format == "0.0%"
    objectives = {row[0].value: row[4].value for row in book["Objectives"].iter_rows(min_row=2)}
    assert objectives == pytest.approx({o: d.mean for o, d in data.result.forecast.objectives.items()})


def test_user_text_is_text_never_a_formula(tmp_path):
    import io

    import openpyxl

    from planner.workbook import workbook_bytes

    data = yaml.safe_load((ROOT / "scenarios" / "onboarding-q3.yaml").read_text())
    data["objectives"][0]["title"] = FORMULA
    data["initiatives"][0]["owner"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    path = tmp_path / "formula.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(api.report_data(path, SETTINGS.replace(forecast_samples=0)))))
    cells = {c.value: c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells[FORMULA].data_type == "s"  # stored as the characters typed, not run
    assert cells[data["initiatives"][0]["owner"]].data_type == "s"


def test_a_check_in_adds_the_quarter_sheets(onboarding_data):
    import dataclasses
    import io

    import openpyxl

    from planner.checkin import CheckIn, Progress, Status
    from planner.model import frozen_map
    from planner.workbook import workbook_bytes

    done = Progress(Status.DONE, frozen_map({"growth": 6.0}))
    checkin = CheckIn(week=6, key_results=frozen_map({"completion": 75.0}), initiatives=frozen_map({"tour": done}))
    replan = api.replan(ROOT / "scenarios" / "onboarding-q3.yaml", checkin, SETTINGS)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(dataclasses.replace(onboarding_data, tracking=replan))))
    assert book.sheetnames[-3:] == ["Quarter status", "Re-plan", "Assumptions"]
    moves = {row[0].value: row[1].value for row in book["Re-plan"].iter_rows(min_row=2)}
    assert moves == dict(replan.moves) and moves["tour"] == "done"
    so_far = {row[0].value: row[4].value for row in book["Quarter status"].iter_rows(min_row=2)}
    assert so_far["completion"] == pytest.approx((75 - 68) / (85 - 68))


def test_a_scenario_with_a_chain_gets_a_chain_sheet_whose_numbers_are_the_reports():
    import io

    import openpyxl

    from support import POINT, ROOT
    from planner import api
    from planner.evaluation import chain_effects
    from planner.workbook import workbook_bytes

    data = api.report_data(ROOT / "scenarios" / "acme" / "lifecycle.yaml", POINT.replace(forecast_samples=500))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data)))
    assert "Chain" in book.sheetnames and book["Objectives"]["C"][1:][-1].value == "company"  # not a tier
    rows = {(r[0], r[2]): r for r in book["Chain"].iter_rows(min_row=2, values_only=True)}
    effects = chain_effects(data.scenario, [x.id for x in data.scenario.initiatives])
    assert len(rows) == len(effects)
    invites = rows[("team-invites", "mrr")]
    assert invites[5] == pytest.approx(18.376) and invites[6] == "through the chain" and invites[3] == "company"
