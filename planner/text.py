"""User text made safe to show: control characters never reach a terminal, a Markdown table or a
spreadsheet as themselves.

A scenario's titles and ids are the user's (or a stranger's, in a shared file). Terminal escape
sequences (ESC), carriage returns that forge table rows, and cells that a spreadsheet would run as
formulas are neutralised here, once, for every human-readable output.
"""

from __future__ import annotations

import re

# C0 and C1 control characters, but for tab and newline (layout the renderers handle themselves).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What a spreadsheet reads as the start of a formula (OWASP's list), and leading tab or CR.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: object) -> str:
    """The text with each control character shown as its escape (`\\x1b`), never sent as is.

    >>> printable("Q3\\x1b[2J plan\\r")
    'Q3\\\\x1b[2J plan\\\\x0d'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def one_line(text: object) -> str:
    """`printable`, on one line: newlines and tabs become spaces (table cells, labels)."""
    return printable(text).replace("\n", " ").replace("\t", " ")


def spreadsheet_cell(text: object) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading `'`.

    >>> spreadsheet_cell('=HYPERLINK("http://evil.example","x")')
    '\\'=HYPERLINK("http://evil.example","x")'
    >>> spreadsheet_cell("Guided onboarding")
    'Guided onboarding'
    """
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text
