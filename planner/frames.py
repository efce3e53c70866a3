"""Rows as pandas DataFrames, for notebooks. pandas loads here, on first use, and nowhere else
in the result types (it takes longer to import than a small plan takes to solve)."""

from __future__ import annotations


def frame(rows: list[dict], columns: list[str] | None = None, index: str | None = "id"):
    """A DataFrame of `rows` (one dict per row), indexed by `index` when given."""
    import pandas as pd

    table = pd.DataFrame(rows, columns=columns)
    return table.set_index(index) if index else table
