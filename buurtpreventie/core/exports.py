"""Spreadsheet exports that open cleanly in Dutch Excel and LibreOffice, and are safe to open.

CSV: semicolon-separated, decimal comma, UTF-8 with BOM, CRLF (what Excel with Dutch regional settings
expects). XLSX (openpyxl): real numbers and dates, a bold frozen header row, column widths.
Both neutralise formula injection: a text cell that starts with = + - @ (or a tab/CR that Excel
strips first) is written as text, never as a formula (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: str) -> str:
    """Text that a spreadsheet will not run: a leading formula character gets an apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def dutch_number(value: float | int | Decimal, decimals: int = 2) -> str:
    """1234.5 → "1234,50" (decimal comma, no thousands separator: Excel NL reads it as a number)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return f"{Decimal(str(value)):.{decimals}f}".replace(".", ",")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float | Decimal):
        return dutch_number(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if timezone.is_aware(value) \
            else value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return safe_text(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Export") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, datetime) and timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            if isinstance(value, Decimal):
                value = float(value)
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the first character
            elif isinstance(value, float):
                cell.number_format = "#,##0.00"
            elif isinstance(value, datetime):
                cell.number_format = "dd-mm-yyyy hh:mm"
            elif isinstance(value, date):
                cell.number_format = "dd-mm-yyyy"
            if c <= len(widths):
                widths[c - 1] = max(widths[c - 1], min(60, len(str(value)) if value is not None else 0))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = width + 2
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *, fmt: str = "csv",
                    title: str = "Export") -> HttpResponse:
    """An attachment in CSV (default) or XLSX; `filename` without extension."""
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(header, rows, title=title), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    else:
        response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
