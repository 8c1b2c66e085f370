"""xlsx workbooks the way the portal's reports write them (openpyxl): Thai headers bold, filled, wrapped
and frozen, an auto-filter, numbers kept as numbers under baht / percentage / count formats, columns as
wide as their contents, and an "about" sheet saying what the file is, its rule and who made it when.

Used by every app's xlsx export: the evaluation report (``evaluation/reports.py`` ``render_xlsx``), the
wisdom lineage table (``wisdom/lineage.py``)…"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel number formats: baht with thousands separators and satang, percentages (the cell holds 0.06 for
# 6 %), whole counts with separators.
THB = '#,##0.00 "บาท"'
PERCENT = "0.00%"
COUNT = "#,##0"

_HEAD_FILL = "EEF3EF"


def workbook() -> Any:
    from openpyxl import Workbook

    return Workbook()


def add_sheet(wb: Any, title: str, columns: Sequence[tuple[str, str | None]], rows: Iterable[Sequence[Any]],
              *, first: bool = False) -> Any:
    """A sheet of `rows` under `columns` — (Thai header, number format or None) per column."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append([h for h, _f in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEAD_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(list(row))
    for i, (header, number_format) in enumerate(columns, start=1):
        letter = get_column_letter(i)
        if number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = number_format
        longest = max([len(str(c.value)) for (c,) in ws.iter_rows(min_row=2, min_col=i, max_col=i)
                       if c.value is not None] + [0])
        if number_format in (THB, COUNT):
            longest += longest // 3 + (5 if number_format == THB else 0)  # separators and " บาท"
        # wide enough for the values, the header on at most two lines; Thai letters are narrow
        ws.column_dimensions[letter].width = min(max(10, longest + 2, len(header) * 0.6 + 2), 60)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.row_dimensions[1].height = 36
    return ws


def add_about_sheet(wb: Any, rows: Iterable[tuple[str, str]], *, title: str = "เกี่ยวกับรายงานนี้") -> Any:
    """The "about this report" sheet: (item, detail) rows under a frozen header."""
    from openpyxl.styles import Alignment, Font, PatternFill

    about = wb.create_sheet(title)
    about.append(("รายการ", "รายละเอียด"))
    for row in rows:
        about.append(tuple(row))
    for cell in about[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEAD_FILL)
    for (cell,) in about.iter_rows(min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 90
    about.freeze_panes = "A2"
    return about


def to_bytes(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
