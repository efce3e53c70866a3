"""Check-ins: the domain values, and every broken file refused with its place and a fix."""

from __future__ import annotations

import pytest
from support import ROOT

from planner.checkin import CheckIn, Progress, Status
from planner.errors import ScenarioError
from planner.loading import load_checkin, load_scenario
from planner.model import frozen_map

SCENARIO = ROOT / "scenarios" / "cloudsecure-q1.yaml"


def test_an_initiative_not_listed_has_not_started():
    c = CheckIn(week=3, initiatives=frozen_map({"a": Progress(Status.DONE), "b": Progress(Status.IN_PROGRESS)}))
    assert c.progress("zzz").status is Status.NOT_STARTED
    assert c.with_status(Status.DONE) == ("a",) and c.with_status(Status.IN_PROGRESS) == ("b",)


def test_the_minimal_form_of_the_issue_is_accepted_as_written(tmp_path):
    path = tmp_path / "week-8.yaml"
    path.write_text("version: 1\nweek: 8\nkey_results:\n  report-time: 3.1\ninitiatives:\n"
                    "  report-engine: {status: done, spent: {platform: 4}}\n"
                    "  evidence-collector: {status: in-progress, spent: {compliance: 6}, remaining: {compliance: 4}}\n"
                    "  scheduled-reports: {status: dropped, spent: {compliance: 1}}\ncapacity:\n  detection: 30\n")
    c = load_checkin(path, load_scenario(SCENARIO))
    assert c.week == 8 and c.progress("evidence-collector").remaining == {"compliance": 4}
    assert c.capacity == {"detection": 30}


def test_a_date_gives_the_week_from_the_quarter_start():
    c = load_checkin(ROOT / "scenarios" / "cloudsecure-q1-checkins" / "week-04.yaml", load_scenario(SCENARIO))
    assert c.week == 4 and str(c.date) == "2027-02-01"


BROKEN = {  # file text after `version: 1` -> (words of the message, line)
    "no-when": ("key_results: {report-time: 3}\n", "neither `week` nor `date`", 1),
    "week-past": ("week: 20\n", "past the quarter's 13 weeks", 2),
    "date-outside": ("date: 2026-12-01\n", "outside the quarter", 2),
    "week-and-date-disagree": ("week: 2\ndate: 2027-03-01\n", "disagrees with the date", 2),
    "unknown-kr": ("week: 3\nkey_results: {report-tme: 3}\n", "Did you mean `report-time`", 3),
    "kr-not-a-number": ("week: 3\nkey_results: {report-time: fast}\n", "must be a number", 3),
    "kr-infinite": ("week: 3\nkey_results: {report-time: .inf}\n", "finite", 3),
    "unknown-initiative": ("week: 3\ninitiatives:\n  report-engin: {status: done}\n", "Did you mean `report-engine`", 4),
    "bad-status": ("week: 3\ninitiatives:\n  report-engine: {status: finished}\n", "expected", 4),
    "status-missing": ("week: 3\ninitiatives:\n  report-engine: {spent: {compliance: 2}}\n", "`status` is missing", 4),
    "team-not-used": ("week: 3\ninitiatives:\n  report-engine: {status: in-progress, spent: {design: 2}}\n",
                      "plans no effort on team `design`", 4),
    "done-with-remaining": (("week: 3\ninitiatives:\n  report-engine: {status: done, spent: {compliance: 9}, "
                            "remaining: {compliance: 1}}\n"), "no effort still to go", 4),
    "spent-but-not-started": ("week: 3\ninitiatives:\n  report-engine: {status: not-started, spent: {compliance: 2}}\n",
                              "marked not-started", 4),
    "negative-spent": ("week: 3\ninitiatives:\n  report-engine: {status: in-progress, spent: {compliance: -2}}\n",
                       "0 or more", 4),
    "unknown-team-capacity": ("week: 3\ncapacity: {detecton: 20}\n", "Did you mean `detection`", 3),
    "over-capacity": (("week: 3\ncapacity: {platform: 2}\ninitiatives:\n  report-engine: {status: done, "
                      "spent: {platform: 4}}\n"), "more than the quarter's 2", 3),
    "unknown-field": ("week: 3\nkey_result: {report-time: 3}\n", "unknown field `key_result`", 3),
    "confidence-percent": ("week: 3\ninitiatives:\n  report-engine: {status: in-progress, confidence: 80}\n",
                           "0.8 for 80%", 4),
    "impact-unknown-kr": ("week: 3\ninitiatives:\n  report-engine: {status: in-progress, impacts: {nps: 3}}\n",
                          "no key result or guardrail `nps`", 4),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_check_in_is_refused_with_its_place_and_a_fix(name, tmp_path):
    text, words, line = BROKEN[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text("version: 1\n" + text)
    with pytest.raises(ScenarioError) as caught:
        load_checkin(path, load_scenario(SCENARIO))
    problem = next(p for p in caught.value.problems if words in p.message or words in p.fix)
    assert problem.location.file == str(path) and problem.location.line == line, problem
    assert problem.fix


@pytest.mark.parametrize("text", ["", "- a list\n", "version: 1\nweek: [\n", "version: 2\nweek: 3\n"])
def test_a_file_that_is_no_check_in_is_refused(text, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError):
        load_checkin(path, load_scenario(SCENARIO))


def test_thousands_of_broken_entries_give_a_bounded_report(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("version: 1\nweek: 3\nkey_results: {" + ", ".join(f"k{i}: {i}" for i in range(5000)) + "}\n")
    with pytest.raises(ScenarioError) as caught:
        load_checkin(path, load_scenario(SCENARIO))
    problems = caught.value.problems
    assert len(problems) == 51 and problems[-1].message == "and 4950 more problems like those above"
