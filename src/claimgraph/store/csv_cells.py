"""CSV cells that a spreadsheet shows as text, never runs as a formula.

Statement texts, titles, outlets and claim labels come from the articles read, which anyone
may write. A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
or their full-width forms) is a formula to Excel, LibreOffice and Google Sheets, which may
fetch URLs or run commands with it. Such a cell is written with a leading apostrophe
(OWASP's advice for CSV injection), which spreadsheets show as text and hide. Every CSV
the app writes (the API's, the CLI's, ``export``) goes through here; numbers are left as
they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> Any:
    """``value`` safe to write as a CSV cell: text that a spreadsheet would run gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cells(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def csv_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row for ``csv.DictWriter``, every cell made safe."""
    return {key: csv_cell(value) for key, value in row.items()}
