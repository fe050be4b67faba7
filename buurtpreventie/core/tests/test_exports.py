"""CSV/XLSX exports read back by pandas (Dutch settings) and openpyxl; formula injection neutralised."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import openpyxl
import pandas as pd

from buurtpreventie.core.exports import csv_bytes, dutch_number, safe_text, xlsx_bytes

HEADER = ["team", "bedrag", "leden", "opmerking"]
ROWS = [
    ["=HYPERLINK(\"http://evil.example\",\"klik\")", Decimal("1234.5"), 12, "+31 6 12345678"],
    ["Team Łukasz Şahin", 0.1, 0, "@SUM(A1:A2)"],
    ["-2+3", Decimal("-20.25"), 3, "\tverborgen"],
]


def test_csv_is_dutch_excel_csv_and_reads_back_with_pandas():
    body = csv_bytes(HEADER, ROWS)
    assert body.startswith("\ufeff".encode()) and b"\r\n" in body
    text = body.decode("utf-8-sig")
    assert text.splitlines()[1].split(";")[1] == "1234,50"
    frame = pd.read_csv(io.BytesIO(body), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame.columns) == HEADER
    assert frame["bedrag"].tolist() == [1234.5, 0.1, -20.25]  # numbers, also the negative one
    assert frame["leden"].tolist() == [12, 0, 3]
    assert frame["team"][1] == "Team Łukasz Şahin"
    # No text cell starts with a formula character any more.
    for column in ("team", "opmerking"):
        for value in frame[column]:
            assert not str(value).startswith(("=", "+", "-", "@", "\t")), value
    assert frame["team"][0] == "'=HYPERLINK(\"http://evil.example\",\"klik\")"


def test_xlsx_reads_back_with_openpyxl_and_pandas_without_formulas():
    body = xlsx_bytes(HEADER, [*ROWS, ["datum", datetime(2026, 3, 1, 19, 30), 1, ""]], title="Budget 2026")
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book["Budget 2026"]
    assert [c.value for c in sheet[1]] == HEADER and sheet[1][0].font.bold
    assert sheet.freeze_panes == "A2"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    assert sheet["A2"].value.startswith("=HYPERLINK") and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 1234.5 and sheet["B2"].number_format == "#,##0.00"
    assert sheet["B5"].value == datetime(2026, 3, 1, 19, 30)
    frame = pd.read_excel(io.BytesIO(body), engine="openpyxl")
    assert frame["bedrag"].iloc[:3].tolist() == [1234.5, 0.1, -20.25]
    assert frame["team"][1] == "Team Łukasz Şahin"


def test_helpers():
    assert dutch_number(Decimal("100")) == "100,00" and dutch_number(7) == "7"
    assert safe_text("=1+1") == "'=1+1" and safe_text("Kerkstraat") == "Kerkstraat"
