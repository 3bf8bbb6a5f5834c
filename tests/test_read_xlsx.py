"""The Excel reader: .xlsx/.xlsm bytes in, Layout out (workbooks written by openpyxl and by LibreOffice Calc)."""

from datetime import date, datetime, time
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.colors import Color

from extractors.base import SourceFile
from extractors.layout import Block, Glyph, Table
from extractors.readers import xlsx as reader
from extractors.settings import Settings
from tests.support import assert_refused, convert_with_libreoffice, encrypted, rezip, saved

# A tracker as a council might paste it into Calc: a title block, a header on row 4, a recommendation merged over
# its two actions, a group row across the table, RAG partly only as fill, a key under the table.
TRACKER_PAGE = """<html><head><meta charset="utf-8"><title>Tracker</title></head><body><table>
<tr><td><b><font size="5">Improvement Plan Tracker</font></b></td></tr>
<tr><td>Updated 3 May 2016</td></tr>
<tr><td></td></tr>
<tr><th>Rec</th><th>Action</th><th>Lead</th><th>RAG</th></tr>
<tr><td rowspan="2">Ensure plans are specific</td><td>Revise template</td><td>Ann</td><td bgcolor="#ff0000"></td></tr>
<tr><td>Train staff</td><td>Bob</td><td bgcolor="#ffc000">Amber</td></tr>
<tr><td colspan="4">Within six months</td></tr>
<tr><td>Improve supervision</td><td>Audit</td><td>Cy</td><td bgcolor="#00b050">Green</td></tr>
<tr><td>Key: R = not started</td></tr>
</table></body></html>"""


def _read(data: bytes, settings: Settings | None = None):
    source = SourceFile(path=Path("tracker.xlsx"), data=data)
    return reader.read(source, settings) if settings else reader.read(source)


def _dated_book() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Format", "Shown"])
    when = datetime(2016, 7, 31, 14, 5)
    for code, value in [("dd/mm/yyyy", when), ("d-mmm-yy", when), ("mmm-yy", when), ("d mmmm yyyy", when),
                        ("mm-dd-yy", when), ("dddd d mmmm yyyy", when), ("h:mm AM/PM", when), ("0%", 0.375),
                        ("[$-809]d mmmm yyyy", when), ('dd" of "mmm', when), ("0.0%", 0.375), ("#,##0.00", 1234.5),
                        ("General", 3.0), ("General", True)]:
        sheet.append([code, value])
        sheet.cell(sheet.max_row, 2).number_format = code
    return book


SHOWN = ["31/07/2016", "31-Jul-16", "Jul-16", "31 July 2016", "31/07/2016", "Sunday 31 July 2016", "2:05 PM",
         "38%", "31 July 2016", "31 of Jul", "37.5%", "1,234.50", "3", "TRUE"]


@pytest.fixture(scope="module")
def calc_files(tmp_path_factory):
    """Workbooks saved by LibreOffice Calc: the tracker page as .xlsx, and an openpyxl workbook of dates as .xlsm."""
    folder = tmp_path_factory.mktemp("calc")
    page = folder / "tracker.html"
    page.write_text(TRACKER_PAGE, encoding="utf-8")
    dated = folder / "dates.xlsx"
    dated.write_bytes(saved(_dated_book()))
    return {"tracker": convert_with_libreoffice(page, "xlsx:Calc MS Excel 2007 XML", "HTML (StarCalc)").read_bytes(),
            "xlsm": convert_with_libreoffice(dated, "xlsm:Calc MS Excel 2007 VBA XML").read_bytes()}


def test_calc_tracker_title_block_merges_fills_and_notes(calc_files):
    layout = _read(calc_files["tracker"])
    assert layout.metadata["title"] == "Tracker"
    head, sub, table, key = layout.items
    assert (head.kind, head.text, head.bold) == ("heading", "Improvement Plan Tracker", True)
    assert (sub.kind, sub.text) == ("paragraph", "Updated 3 May 2016")
    assert isinstance(key, Block) and key.text == "Key: R = not started"
    assert isinstance(table, Table) and (table.engine, table.name) == ("xlsx", "Sheet1")
    rows = table.rows
    assert [c.text for c in rows[0]] == ["Rec", "Action", "Lead", "RAG"] and len(rows) == 5
    assert rows[1][0] is rows[2][0] and rows[1][0].rowspan == 2 and rows[1][0].text == "Ensure plans are specific"
    assert rows[3][0] is rows[3][3] and rows[3][0].colspan == 4
    assert [row[3].fill for row in rows] == [None, "FF0000", "FFC000", None, "00B050"]
    assert rows[1][3].text == "" and rows[0][0].bold


def test_calc_macro_workbook_dates_in_calc_codes(calc_files):
    assert reader.accepts(calc_files["xlsm"])
    [table] = _read(calc_files["xlsm"]).tables()
    shown = [row[1].text for row in table.rows[1:]]
    # Calc rewrites Excel's locale short date (format 14) as an explicit month-first code: shown as written.
    assert shown[:4] + shown[5:] == SHOWN[:4] + SHOWN[5:] and shown[4] == "7/31/2016"


def test_values_as_displayed_and_the_locale_short_date():
    book = _dated_book()
    sheet = book.active
    sheet.append(["Wrapped", "First line\nSecond line"])
    sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True)
    sheet.append(["Date only", date(2016, 1, 5)])
    sheet.append(["Time only", time(9, 30)])
    layout = _read(saved(book))
    shown = [row[1].text for row in layout.tables()[0].rows[1:]]
    assert shown == SHOWN + ["First line\nSecond line", "2016-01-05", "9:30:00"]  # openpyxl's own codes
    us = _read(saved(book), Settings(short_date_format="m/d/yyyy")).tables()[0]
    assert us.rows[5][1].text == "7/31/2016"


def test_fills_by_rgb_theme_tint_and_index_fonts_and_glyphs():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Rec", "RAG", "Note"])
    fills = [Color(rgb="FF00B050"), Color(theme=9, tint=0.3999755851924192), Color(theme=6, tint=-0.499984740745262),
             Color(indexed=10), Color(indexed=64), Color(rgb="FFFFFFFF")]
    for n, colour in enumerate(fills, start=1):
        sheet.append([str(n), "", "x"])
        sheet.cell(sheet.max_row, 2).fill = PatternFill("solid", fgColor=colour)
    sheet["C2"].font = Font(bold=True, color="FFC00000")
    sheet["C3"].font = Font(color="FF808080")
    sheet["B7"], sheet["B7"].font = "l", Font(name="Wingdings", color="FFFF0000")
    [table] = _read(saved(book)).tables()
    assert [row[1].fill for row in table.rows[1:]] == ["00B050", "FAC090", "4F6228", "FF0000", None, None]
    assert (table.rows[1][2].bold, table.rows[1][2].colour) == (True, "C00000")
    assert table.rows[2][2].colour is None and not table.rows[2][2].bold  # grey text is not a colour
    assert (table.rows[6][1].text, table.rows[6][1].glyphs) == ("●", (Glyph("●", "FF0000"),))


def test_hidden_sheets_rows_columns_and_empty_rows_are_not_read():
    book = openpyxl.Workbook()
    book.active.title = "Hidden notes"
    book.active.append(["secret", "sheet"])
    book.active.sheet_state = "hidden"
    plan = book.create_sheet("Plan")
    for row in [["Rec", "Action", "Spare", "Spare 2", "RAG"], ["1", "Do it", "x", "y", "Red"], [],
                ["2", "Hidden row", "", "", ""], ["3", "Check", "", "", "Green"]]:
        plan.append(row)
    plan.row_dimensions[4].hidden = True
    plan.column_dimensions.group("C", "D", hidden=True)
    plan.merge_cells("A5:B5")
    hidden = book.create_sheet("Very hidden")
    hidden.append(["a", "b"])
    hidden.sheet_state = "veryHidden"
    second = book.create_sheet("Second")
    second.append(["Lead", "Due"])
    second.append(["Ann", "June"])
    second.freeze_panes = "A2"
    layout = _read(saved(book))
    plan_table, second_table = layout.tables()
    assert [[c.text for c in row] for row in plan_table.rows] == [["Rec", "Action", "RAG"], ["1", "Do it", "Red"],
                                                                  ["3", "3", "Green"]]
    assert plan_table.rows[2][0] is plan_table.rows[2][1] and plan_table.rows[2][0].colspan == 2
    assert (plan_table.name, plan_table.index, plan_table.header_rows) == ("Plan", 0, None)
    assert (second_table.name, second_table.index, second_table.header_rows) == ("Second", 1, 1)


def test_title_block_and_notes_become_blocks():
    book = openpyxl.Workbook()
    sheet = book.active
    book.properties.title, book.properties.created = "Plan tracker", datetime(2016, 5, 3, 9, 0)
    sheet.append(["Children's services improvement plan"])
    sheet.merge_cells("A1:D1")
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Progress at May 2016"])
    sheet["A2"].font = Font(size=14)
    sheet.append(["Prepared by the improvement board"])
    sheet.append(["Rec", "Action", "Lead", "RAG"])
    sheet.append(["1", "Revise", "Ann", "Red"])
    sheet.append([])
    sheet.append(["Notes: dates are targets"])
    layout = _read(saved(book))
    assert [(b.kind, b.text) for b in layout.blocks()] == [
        ("heading", "Children's services improvement plan"), ("heading", "Progress at May 2016"),
        ("paragraph", "Prepared by the improvement board"), ("paragraph", "Notes: dates are targets")]
    assert isinstance(layout.items[3], Table) and len(layout.items[3].rows) == 2
    assert layout.metadata["title"] == "Plan tracker" and layout.metadata["created"] == "2016-05-03T09:00:00+00:00"


def test_caps_on_a_sheet_are_reported():
    book = openpyxl.Workbook()
    for n in range(10):
        book.active.append([f"a{n}", f"b{n}", f"c{n}"])
    layout = _read(saved(book), Settings(max_sheet_rows=4, max_sheet_columns=2))
    assert [[c.text for c in row] for row in layout.tables()[0].rows] == [[f"a{n}", f"b{n}"] for n in range(4)]
    assert layout.warnings == ["sheet 'Sheet': rows after the first 4 not read",
                               "sheet 'Sheet': columns after the first 2 not read"]


BOMB = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>')


def test_unreadable_files_give_one_line_causes():
    good = saved(_dated_book())
    cases = {
        "empty": (b"", "file is empty"),
        "csv": (b"Rec,Action\n1,Do it\n", "not an Excel document: no ZIP package"),
        "truncated": (good[:-200], "damaged or truncated ZIP package"),
        "document": (saved(docx.Document()), "the ZIP package has no xl/workbook.xml"),
        "encrypted": (encrypted(good), "password-protected Excel file"),
        "bomb": (rezip(good, "xl/worksheets/sheet1.xml", BOMB), "declares a DTD or entities"),
        "broken": (rezip(good, "xl/workbook.xml", b"<workbook>"), "Excel workbook cannot be read"),
        "blank": (saved(openpyxl.Workbook()), "Excel workbook has no visible cell with content"),
    }
    assert_refused(_read, cases)
    assert reader.accepts(good) and reader.accepts(encrypted(good))
    assert not reader.accepts(saved(docx.Document())) and not reader.accepts(b"Rec,Action")
