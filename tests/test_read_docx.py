"""The Word reader: .docx bytes in, Layout out (files written by python-docx and by LibreOffice)."""

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

from extractors.base import ExtractionError, SourceFile
from extractors.layout import Block, Glyph, Table
from extractors.readers import docx as reader
from extractors.settings import Settings
from tests.support import assert_refused, convert_with_libreoffice, encrypted, rezip, saved

LIBREOFFICE_PAGE = """<html><head><meta charset="utf-8"><title>Written by Writer</title></head><body>
<h1>Improvement Plan</h1>
<p>The recommendations:</p>
<ol><li>Ensure plans are specific</li><li>Improve supervision<ol type="a"><li>monthly</li><li>recorded</li></ol></li>
<li>Audit files</li></ol>
<table border="1"><tr><th>Rec</th><th>Action</th><th>RAG</th></tr>
<tr><td rowspan="2">1</td><td><ul><li>Revise the template</li><li>Train staff</li></ul></td>
<td bgcolor="#ff0000">Red</td></tr>
<tr><td><font color="#c00000">Overdue review</font></td><td bgcolor="#00b050">Green</td></tr>
<tr><td colspan="2">Within three months</td><td>x</td></tr></table>
</body></html>"""


@pytest.fixture(scope="module")
def writer_files(tmp_path_factory):
    """The same page saved by LibreOffice Writer as .docx and as a Word 97 .doc: two conversions, once."""
    page = tmp_path_factory.mktemp("writer") / "plan.html"
    page.write_text(LIBREOFFICE_PAGE, encoding="utf-8")
    return {"docx": convert_with_libreoffice(page, "docx:MS Word 2007 XML").read_bytes(),
            "doc": convert_with_libreoffice(page, "doc:MS Word 97").read_bytes()}


def _read(data: bytes, settings: Settings | None = None):
    source = SourceFile(path=Path("plan.docx"), data=data)
    return reader.read(source, settings) if settings else reader.read(source)


def test_libreoffice_document_lists_table_spans_and_fills(writer_files):
    layout = _read(writer_files["docx"])
    blocks = [(b.kind, b.level, b.text) for b in layout.blocks()]
    assert blocks[:2] == [("heading", 1, "Improvement Plan"), ("paragraph", 0, "The recommendations:")]
    assert blocks[2:] == [("item", 1, "1. Ensure plans are specific"), ("item", 1, "2. Improve supervision"),
                          ("item", 2, "a. monthly"), ("item", 2, "b. recorded"), ("item", 1, "3. Audit files")]
    assert layout.metadata["title"] == "Written by Writer"
    [table] = layout.tables()
    rows = table.rows
    assert [c.text for c in rows[0]] == ["Rec", "Action", "RAG"] and all(c.bold for c in rows[0])
    assert rows[1][0] is rows[2][0] and (rows[1][0].rowspan, rows[1][0].text) == (2, "1")
    assert rows[3][0] is rows[3][1] and rows[3][0].colspan == 2 and rows[3][0].text == "Within three months"
    assert rows[1][1].text == "• Revise the template\n• Train staff"
    assert (rows[1][2].fill, rows[2][2].fill, rows[3][2].fill) == ("FF0000", "00B050", None)
    assert rows[2][1].colour == "C00000" and rows[1][1].colour is None


def _numbering(document, xml: str) -> None:
    """Add abstractNum/num definitions to the document's numbering part, abstract ones first as Word wants."""
    root = document.part.numbering_part.element
    first_num = root.find(qn("w:num"))
    for node in parse_xml(f"<w:numbering {nsdecls('w')}>{xml}</w:numbering>"):
        if node.tag == qn("w:abstractNum") and first_num is not None:
            first_num.addprevious(node)
        else:
            root.append(node)


def _level(ilvl: int, fmt: str, text: str, start: int = 1, font: str = "") -> str:
    fonts = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{fonts}</w:lvl>')


def _listed(document, text: str, num_id: int, ilvl: int = 0):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def test_word_numbering_rendered_as_printed():
    document = docx.Document()
    _numbering(document, (
        f'<w:abstractNum w:abstractNumId="90">{_level(0, "decimal", "%1.")}{_level(1, "lowerLetter", "%2)")}'
        f'{_level(2, "lowerRoman", "(%3)")}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="91">{_level(0, "upperRoman", "%1.", start=4)}'
        f'{_level(1, "decimal", "%1.%2")}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="92">{_level(0, "bullet", chr(0xF0B7), font="Symbol")}'
        f'{_level(1, "bullet", chr(0xF0A7), font="Wingdings")}{_level(2, "upperLetter", "%3.")}</w:abstractNum>'
        '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
        '<w:num w:numId="91"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="92"><w:abstractNumId w:val="90"/></w:num>'
        '<w:num w:numId="93"><w:abstractNumId w:val="91"/></w:num>'
        '<w:num w:numId="94"><w:abstractNumId w:val="92"/></w:num>'))
    for text, num_id, ilvl in [("Ensure", 90, 0), ("monthly", 90, 1), ("recorded", 90, 1), ("deep", 90, 2),
                               ("Improve", 90, 0), ("again", 90, 1), ("shared", 92, 0), ("restarted", 91, 0),
                               ("next", 91, 0), ("fourth", 93, 0), ("sub", 93, 1), ("dot", 94, 0),
                               ("square", 94, 1), ("letter", 94, 2)]:
        _listed(document, text, num_id, ilvl)
    document.add_paragraph("Plain text")
    document.add_paragraph("From the style", style="List Number")
    items = [(b.kind, b.level, b.text) for b in _read(saved(document)).blocks()]
    assert [text for _, _, text in items] == [
        "1. Ensure", "a) monthly", "b) recorded", "(i) deep", "2. Improve", "a) again",
        "3. shared",  # another instance of the same list continues its count
        "1. restarted", "2. next",  # unless it restarts it
        "IV. fourth", "IV.1 sub", "• dot", "▪ square", "A. letter", "Plain text", "1. From the style"]
    assert items[1][:2] == ("item", 2) and items[3][:2] == ("item", 3) and items[14][:2] == ("paragraph", 0)


def test_headings_from_outline_levels_and_block_weight_and_size():
    document = docx.Document()
    style = document.styles.add_style("Section title", 1)  # a paragraph style of the council's own
    style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    document.add_paragraph("Section", style="Section title")
    for text, level in [("Own outline", 0), ("Body outline", 9)]:
        document.add_paragraph(text)._p.get_or_add_pPr().append(
            parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level}"/>'))
    big = document.add_paragraph().add_run("Big and bold")
    big.bold, big.font.size = True, Pt(16)
    half = document.add_paragraph()
    half.add_run("Half ").bold = True
    half.add_run("bold")
    blocks = _read(saved(document)).blocks()
    assert [(b.kind, b.level) for b in blocks] == [("heading", 2), ("heading", 1), ("paragraph", 0),
                                                   ("paragraph", 0), ("paragraph", 0)]
    assert (blocks[3].bold, blocks[3].size, blocks[4].bold) == (True, 16.0, False)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _symbol_run(paragraph, font: str, char: str) -> None:
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:sym w:font="{font}" w:char="{char}"/></w:r>'))


def _table_document() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Action plan"
    document.core_properties.created = datetime(2016, 5, 3, 10, 30)
    document.add_paragraph("Action plan", style="Title")
    document.add_heading("Progress", 2)
    table = document.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Rec", "Action", "Status"]):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    table.cell(1, 0).merge(table.cell(3, 0)).text = "1"
    table.cell(1, 1).text = "Audit files"
    table.cell(1, 1).paragraphs[0].style = "List Bullet"
    table.cell(1, 1).add_paragraph("Report findings", style="List Bullet")
    _symbol_run(table.cell(1, 2).paragraphs[0], "Wingdings", "F0FC")
    _shade(table.cell(1, 2), "FFC000")
    dot = table.cell(2, 2).paragraphs[0].add_run("●")
    dot.font.color.rgb = RGBColor(0xFF, 0x00, 0x00)
    _shade(table.cell(2, 2), "auto")
    wingdings = table.cell(3, 2).paragraphs[0].add_run(chr(0xF06C))
    wingdings.font.name, wingdings.font.color.rgb = "Wingdings", RGBColor(0x00, 0xB0, 0x50)
    _shade(table.cell(3, 2), "FFFFFF")
    table.cell(2, 1).paragraphs[0].add_run("Visible")
    table.cell(2, 1).paragraphs[0].add_run(" and hidden").font.hidden = True
    inner = table.cell(3, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Lead", "Ann"
    document.add_paragraph("After the table")
    return saved(document)


def test_table_header_merges_bullets_glyphs_fills_and_metadata():
    layout = _read(_table_document())
    assert layout.metadata == {"title": "Action plan", "created": "2016-05-03T10:30:00+00:00",
                               "modified": layout.metadata["modified"]}
    assert isinstance(layout.items[2], Table) and isinstance(layout.items[3], Block)
    assert [(b.kind, b.level, b.text) for b in layout.blocks()] == [
        ("heading", 1, "Action plan"), ("heading", 2, "Progress"), ("paragraph", 0, "After the table")]
    [table] = layout.tables()
    rows = table.rows
    assert (table.engine, table.header_rows, table.index) == ("docx", 1, 0)
    assert all(c.bold for c in rows[0]) and not rows[1][1].bold
    assert rows[1][0] is rows[2][0] is rows[3][0] and rows[1][0].rowspan == 3
    assert rows[1][1].text == "• Audit files\n• Report findings"
    assert (rows[1][2].text, rows[1][2].glyphs, rows[1][2].fill) == ("✓", (Glyph("✓", None),), "FFC000")
    assert (rows[2][2].glyphs, rows[2][2].fill, rows[2][2].colour) == ((Glyph("●", "FF0000"),), None, "FF0000")
    assert (rows[3][2].text, rows[3][2].glyphs, rows[3][2].fill) == ("●", (Glyph("●", "00B050"),), None)
    assert rows[2][1].text == "Visible"
    assert rows[3][1].text == "Lead\tAnn"


W14 = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:v="urn:schemas-microsoft-com:vml"')


def test_text_box_read_once_where_it_stands():
    document = docx.Document()
    document.add_paragraph("Before")
    box = "<w:txbxContent><w:p><w:r><w:t>Inspection of children's services</w:t></w:r></w:p></w:txbxContent>"
    document.add_paragraph("Anchor")._p.append(parse_xml(
        f'<w:r {nsdecls("w")} {W14}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp>'
        f'<wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
        f'<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    document.add_paragraph("After")
    assert [b.text for b in _read(saved(document)).blocks()] == [
        "Before", "Anchor", "Inspection of children's services", "After"]


def test_content_controls_are_read_through():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for r, c in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        table.cell(r, c).text = f"r{r}c{c}"
    control = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent/></w:sdt>')
    row = table.rows[1]._tr
    row.addprevious(control)
    control[1].append(row)  # a repeating-section control around a row
    paragraph = document.add_paragraph("In a control")._p
    wrapper = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent/></w:sdt>')
    paragraph.addprevious(wrapper)
    wrapper[0].append(paragraph)
    layout = _read(saved(document))
    assert [[c.text for c in row] for row in layout.tables()[0].rows] == [["r0c0", "r0c1"], ["r1c0", "r1c1"]]
    assert [b.text for b in layout.blocks()] == ["In a control"]


def _damaged_member(data: bytes, member: str) -> bytes:
    """The package with bytes in the middle of one member's compressed data overwritten."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    name_length, extra_length = (int.from_bytes(data[info.header_offset + i:info.header_offset + i + 2], "little")
                                 for i in (26, 28))
    start = info.header_offset + 30 + name_length + extra_length + info.compress_size // 2
    return data[:start] + b"\x00\xff" * 8 + data[start + 16:]


BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        b'<w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')


def test_unreadable_files_give_one_line_causes(writer_files):
    good = _table_document()
    cases = {
        "empty": (b"", "file is empty"),
        "text": (b"Rec\tAction\n1\tDo it\n", "not a Word document: no ZIP package"),
        "truncated": (good[: len(good) // 2], "damaged or truncated ZIP package"),
        "workbook": (saved(openpyxl.Workbook()), "the ZIP package has no word/document.xml"),
        "encrypted": (encrypted(good), "password-protected Word file"),
        "legacy": (writer_files["doc"], "legacy binary Office file"),
        "bomb": (rezip(good, "word/document.xml", BOMB), "declares a DTD or entities"),
        "damaged": (_damaged_member(good, "word/document.xml"), "damaged ZIP member word/document.xml"),
        "not xml": (rezip(good, "word/document.xml", b"<w:document><w:body"), "Word document cannot be read"),
        "no text": (saved(docx.Document()), "Word document has no text"),
    }
    assert_refused(_read, cases)
    with pytest.raises(ExtractionError, match="zip bomb"):
        _read(good, Settings(max_package_bytes=10_000))


def test_accepts_looks_at_the_package_only(writer_files):
    assert reader.accepts(writer_files["docx"]) and reader.accepts(encrypted(writer_files["docx"]))
    assert not reader.accepts(saved(openpyxl.Workbook())) and not reader.accepts(b"PK\x03\x04 not a zip")
    assert not reader.accepts(writer_files["doc"]) and not reader.accepts(b"<html></html>")
