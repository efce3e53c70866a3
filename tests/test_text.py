"""User text made safe to show."""

from __future__ import annotations

import pytest

from planner.text import one_line, printable, spreadsheet_cell


def test_control_characters_are_shown_not_sent():
    assert printable("a\x1b[2Jb\x1b]0;title\x07c\x9b") == "a\\x1b[2Jb\\x1b]0;title\\x07c\\x9b"
    assert printable("tab\tand\nnewline") == "tab\tand\nnewline"  # layout, handled by each renderer
    assert one_line("row\rforged\nrow\t!") == "row\\x0dforged row !"
    assert printable("Größe ✓") == "Größe ✓"


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://evil.example","x")', "@SUM(1+1)", "+cmd|' /C calc'!A0",
                                  "-2+3", "\tTab", "\rCR"])
def test_spreadsheet_formulas_are_written_as_text(cell):
    assert spreadsheet_cell(cell) == "'" + cell


def test_plain_cells_are_untouched():
    assert spreadsheet_cell("Guided onboarding (v2)") == "Guided onboarding (v2)" and spreadsheet_cell("") == ""
