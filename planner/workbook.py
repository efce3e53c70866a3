"""The review pack as a spreadsheet, for people who live in Excel or Google Sheets.

One sheet each for the plan (every initiative, funded or cut, and why), the key results, the
objectives, the teams and the assumptions; with company OKRs or driver links, each initiative's
effects down the chain; with a check-in, the quarter's status and re-plan,
or at the quarter's end the scorecard. Numbers stay numbers (fractions shown as percentages)
so the sheets sort and filter; they come from the same computation as the HTML and Markdown
report (`planner.report.ReportData`). User text is always stored as text, never as a formula,
and the file is byte-identical for the same inputs (fixed document dates and zip times).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence

from planner.evaluation import chain_effects
from planner.forecast import attainment_reading, kr_status
from planner.model import TIERS
from planner.phrasing import sentence
from planner.report import ReportData, assumptions
from planner.text import printable

PERCENT, NUMBER = "0.0%", "#,##0.##"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build time leaks into the file


def workbook_bytes(data: ReportData) -> bytes:
    """The .xlsx file's bytes (see the module docstring for its sheets)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, header, rows, formats in _sheets(data):
        _add_sheet(book, title, header, rows, formats)
    import datetime

    fixed = datetime.datetime(2000, 1, 1)
    book.properties.created = book.properties.modified = fixed
    book.properties.creator = "okr-planner"
    raw = io.BytesIO()
    book.save(raw)
    return _without_times(raw.getvalue())


def _sheets(data: ReportData):
    r, s, e = data.result, data.scenario, data.explanation
    plan, f = r.plan, r.forecast
    teams = [t.id for t in s.teams]
    plan_rows = []
    for x in sorted(s.initiatives, key=lambda x: (x.id not in plan.selected, TIERS.index(x.tier))):
        funded = x.id in plan.selected
        plan_rows.append((x.id, x.title, x.owner or "", x.tier.value, "funded" if funded else "cut",
                          x.total_effort, *(x.effort.get(t, 0.0) for t in teams),
                          r.contribution(x.id) * 100 if funded else None,
                          sentence(e, x.id, data.spelling).replace("`", "")))
    yield ("Plan", ("id", "title", "owner", "tier", "decision", f"effort ({s.units})", *teams,
                    "value if dropped alone (points of attainment)", "why"),
           plan_rows, {5 + n: NUMBER for n in range(len(teams) + 1)} | {6 + len(teams): "0.0"})

    kr_rows = []
    for o in plan.evaluation.key_results:
        kr = o.key_result
        k = f.key_result(kr.id) if f else None
        kr_rows.append((kr.objective, kr.id, kr.title, kr.unit, kr.baseline, o.forecast, kr.target,
                        k.attainment.mean if k else o.attainment, k.attainment.p10 if k else None,
                        k.attainment.p90 if k else None, k.p_success if k else None, k.p_target if k else None,
                        kr_status(k.p_success) if k else ""))
    yield ("Key results", ("objective", "id", "title", "unit", "baseline", "expected value", "target",
                           "expected attainment", "P10", "P90", "P(≥70%)", "P(≥100%)", "status"),
           kr_rows, {4: NUMBER, 5: NUMBER, 6: NUMBER, 7: PERCENT, 8: PERCENT, 9: PERCENT, 10: PERCENT, 11: PERCENT})

    objective_rows = []
    for o in s.objectives:
        spread = f.objectives[o.id] if f else None
        attained = spread.mean if spread else plan.evaluation.objective_scores[o.id]
        objective_rows.append((o.id, o.title, o.kind, o.weight, attained, spread.p10 if spread else None,
                               spread.p90 if spread else None, attainment_reading(attained)))
    yield ("Objectives", ("id", "title", "tier", "weight", "expected attainment", "P10", "P90", "reading"),
           objective_rows, {3: NUMBER, 4: PERCENT, 5: PERCENT, 6: PERCENT})

    use = plan.evaluation.team_use
    yield ("Teams", ("id", "name", f"capacity ({s.units})", f"used ({s.units})", "use"),
           [(t.id, t.name or t.id, t.capacity, use[t.id], use[t.id] / t.capacity if t.capacity else None)
            for t in s.teams], {2: NUMBER, 3: NUMBER, 4: PERCENT})
    yield from _chain_sheet(data)
    yield from _tracking_sheets(data)
    yield ("Assumptions", ("item", "value"), assumptions(data), {})


def _chain_sheet(data: ReportData):
    """With driver links or company OKRs: every initiative's expected change on each KR and
    guardrail it moves, directly or down the chain (the numbers behind the report's routes)."""
    s, plan = data.scenario, data.result.plan
    if not (s.drivers or s.company_objectives):
        return
    krs = {kr.id for kr in s.key_results}
    rows = [(e.initiative, "funded" if e.initiative in plan.selected else "cut", e.metric, e.level.value,
             s.metric(e.metric).unit, e.change, "direct" if e.direct else "through the chain",
             e.change / s.key_result(e.metric).gap if e.metric in krs else None)
            for e in chain_effects(s, [x.id for x in s.initiatives])]
    yield ("Chain", ("initiative", "decision", "key result", "level", "unit", "expected change", "how",
                     "share of the gap"), rows, {5: "+#,##0.###;-#,##0.###", 7: PERCENT})


def _tracking_sheets(data: ReportData):
    """With a check-in: the quarter's status by KR and the re-plan's moves, or the scorecard."""
    from planner.tracking import Replan, Scorecard

    t = data.tracking
    if t is None:
        return
    if isinstance(t, Scorecard):
        yield ("Scorecard", ("key result", "baseline", "actual", "target", "score", "planned", "planned P10",
                             "planned P90", "within range", "miss"),
               [(k.key_result_id, k.baseline, k.actual, k.target, k.score, k.planned.mean, k.planned.p10,
                 k.planned.p90, k.within_range, k.miss) for k in t.key_results],
               {4: "0.00", 5: "0.00", 6: "0.00", 7: "0.00", 9: "+0.00;-0.00"})
        return
    status = t.status if isinstance(t, Replan) else t
    yield ("Quarter status", ("key result", "baseline", "current", "target", "attained so far", "expected at the end",
                              "P10", "P90", "P(≥70%)", "status", "still to land"),
           [(k.key_result_id, k.baseline, k.current, k.target, k.attained_so_far, k.forecast.mean, k.forecast.p10,
             k.forecast.p90, k.p_success, k.status, ", ".join(k.still_to_land)) for k in status.key_results],
           {4: PERCENT, 5: PERCENT, 6: PERCENT, 7: PERCENT, 8: PERCENT})
    if isinstance(t, Replan):
        yield ("Re-plan", ("initiative", "move", "status at the check-in"),
               [(i, m, status.rest.checkin.progress(i).status.value) for i, m in t.moves.items()], {})


def _add_sheet(book, title: str, header: Sequence[str], rows: Iterable[Sequence], formats: dict[int, str]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append([_text_cell(sheet, h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for row in rows:
        sheet.append([_text_cell(sheet, v) if isinstance(v, str) else v for v in row])
        for n, v in enumerate(row):
            widths[n] = max(widths[n], min(60, len(str(v)) if v is not None else 0))
    for n, fmt in formats.items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=n + 1, max_col=n + 1):
            cell.number_format = fmt
    for n, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(n + 1)].width = max(8, width + 2)
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1 and any(header):
        sheet.auto_filter.ref = sheet.dimensions


def _text_cell(sheet, text: str):
    """User text as a text cell: "=cmd|..." stays the characters typed, never a formula."""
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, value=printable(text))
    cell.data_type = "s"  # openpyxl would read a leading "=" as a formula
    return cell


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _without_times(data: bytes) -> bytes:
    """The same zip with every entry's time fixed, and the document's "modified" date (openpyxl
    stamps the save time), so equal inputs give equal bytes."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()
