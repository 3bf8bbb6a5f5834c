"""The HTML reader: web page bytes in, Layout out."""

from pathlib import Path

from extractors.base import SourceFile
from extractors.layout import Glyph, Table
from extractors.readers import html as reader
from extractors.settings import Settings
from tests.support import assert_refused


def _read(page: str | bytes, settings: Settings | None = None):
    data = page.encode("utf-8") if isinstance(page, str) else page
    source = SourceFile(path=Path("plan.html"), data=data)
    return reader.read(source, settings) if settings else reader.read(source)


PLAN = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Improvement   plan | Council</title>
<style>
  /* status colours */
  .red { background: #f00 }  td.amber { background-color: orange !important }
  .green, .done { background: rgb(0, 176, 80) }
  th { background-color: #ddd }
  .gone { display: none }
  @media print { .red { background: white } }
</style><script>document.write("<p>scripted</p>")</script></head>
<body><nav><a href="/">Home</a> | <a href="/plans">Plans</a></nav>
<h1>Improvement plan</h1>
<p>Ofsted made these <b>recommendations</b>:<br>in order</p>
<ol start="3"><li><p>Ensure plans are specific</p></li><li>Improve supervision
  <ol type="a"><li>monthly</li><li value="4">recorded</li></ol></li></ol>
<ul><li>first<ul><li>second<ul><li>third</li></ul></li></ul></li></ul>
<div>Loose text in a div <span class="gone">not shown</span><p hidden>hidden</p></div>
<noscript>Enable scripts</noscript><template><p>template</p></template>
<table>
  <caption>Action plan</caption>
  <thead><tr><th>Rec</th><th>Action</th><th>RAG</th></tr></thead>
  <tbody>
    <tr><td rowspan="2">1</td><td>Revise the template<br>and train</td><td class="red"></td></tr>
    <tr><td><ul><li>Audit files</li><li>Report</li></ul></td>
        <td class="amber"><span style="color: green">&#9679;</span></td></tr>
    <tr><td colspan="2"><p>Within six</p><p>months</p></td>
        <td bgcolor="#00ff00"><span style="background-color: red; width: 1em"></span>
          <img alt="Red" src="r.png"></td></tr>
    <tr style="background: #ffff00"><td>2</td><td class="done">Done</td><td style="display:none">x</td></tr>
  </tbody>
</table>
<p>After the table</p>
</body></html>"""


def test_blocks_in_order_with_list_labels_as_a_browser_draws_them():
    layout = _read(PLAN)
    assert layout.metadata == {"title": "Improvement plan | Council"}
    blocks = [(b.kind, b.level, b.text) for b in layout.blocks()]
    assert blocks == [
        ("heading", 1, "Improvement plan"), ("paragraph", 0, "Ofsted made these recommendations:\nin order"),
        ("item", 1, "3. Ensure plans are specific"), ("item", 1, "4. Improve supervision"),
        ("item", 2, "a. monthly"), ("item", 2, "d. recorded"),
        ("item", 1, "• first"), ("item", 2, "◦ second"), ("item", 3, "▪ third"),
        ("paragraph", 0, "Loose text in a div"), ("paragraph", 0, "After the table")]
    assert layout.blocks()[0].bold and not layout.blocks()[1].bold
    assert isinstance(layout.items[10], Table)


def test_table_spans_header_fills_lines_and_glyphs():
    [table] = _read(PLAN).tables()
    rows = table.rows
    assert (table.engine, table.name, table.header_rows, table.index) == ("html", "Action plan", 1, 0)
    assert [(c.text, c.bold, c.fill) for c in rows[0]] == [("Rec", True, "DDDDDD"), ("Action", True, "DDDDDD"),
                                                           ("RAG", True, "DDDDDD")]
    assert rows[1][0] is rows[2][0] and (rows[1][0].rowspan, rows[1][0].text) == (2, "1")
    assert rows[3][0] is rows[3][1] and (rows[3][0].colspan, rows[3][0].text) == (2, "Within six\nmonths")
    assert rows[1][1].text == "Revise the template\nand train"
    assert rows[2][1].text == "• Audit files\n• Report"
    assert [row[2].fill for row in rows[1:4]] == ["FF0000", "FFA500", "00FF00"]
    assert rows[2][2].glyphs == (Glyph("●", "008000"),) and rows[2][2].text == "●"
    assert rows[3][2].glyphs == (Glyph("dot", "FF0000"),) and rows[3][2].text == "Red"
    assert [(c.text, c.fill) for c in rows[4]] == [("2", "FFFF00"), ("Done", "00B050"), ("", None)]
    assert rows[1][1].line == PLAN.splitlines().index(next(l for l in PLAN.splitlines() if "Revise" in l)) + 1


def test_a_layout_table_gives_its_inner_tables_and_its_text():
    page = """<html><body><table><tr><td><h2>Children's services</h2><p>Plan agreed 27 January 2014</p></td>
    <td><table><tr><th>Rec</th><th>Lead</th></tr><tr><td>1</td><td>Ann</td></tr></table>
    <table><tr><td>Key</td><td>Red</td></tr></table></td></tr></table></body></html>"""
    layout = _read(page)
    assert [(type(item).__name__, getattr(item, "text", None)) for item in layout.items] == [
        ("Block", "Children's services"), ("Block", "Plan agreed 27 January 2014"), ("Table", None), ("Table", None)]
    first, second = layout.tables()
    assert [[c.text for c in row] for row in first.rows] == [["Rec", "Lead"], ["1", "Ann"]]
    assert (first.header_rows, second.header_rows, second.index) == (1, None, 1)


def test_charset_from_meta_and_bom():
    latin = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>' \
            '<body><p>Caf\u00e9 \u2013 \u201cdue\u201d</p></body></html>'
    assert _read(latin.encode("cp1252")).blocks()[0].text == "Caf\u00e9 \u2013 \u201cdue\u201d"
    labelled_latin1 = latin.replace("windows-1252", "iso-8859-1").encode("cp1252")
    assert _read(labelled_latin1).blocks()[0].text == "Caf\u00e9 \u2013 \u201cdue\u201d"  # read as browsers do
    wide = "<html><body><h2>Caf\u00e9</h2></body></html>".encode("utf-16")
    assert reader.accepts(wide) and _read(wide).blocks()[0].text == "Caf\u00e9"
    xhtml = ('<?xml version="1.0" encoding="utf-8"?>'
             '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>ok</p></body></html>')
    assert _read(xhtml).blocks()[0].text == "ok"


def test_rows_past_the_cap_are_reported():
    page = "<table>" + "".join(f"<tr><td>{n}</td><td>x</td></tr>" for n in range(10)) + "</table>"
    layout = _read(page, Settings(max_sheet_rows=3))
    assert len(layout.tables()[0].rows) == 3 and layout.warnings == ["table rows after the first 3 not read"]


def test_unreadable_pages_and_what_is_accepted():
    assert_refused(_read, {
        "empty": (b"", "HTML page cannot be parsed"),
        "only a script": (b"<html><body><script>x()</script></body></html>", "HTML page has no visible text"),
        "binary": (b"<html>\x00\x01\x02 binary</html>", "binary content, not an HTML page")})
    assert reader.accepts(PLAN.encode()) and reader.accepts(b"\xef\xbb\xbf  <table><tr><td>1</td></tr></table>")
    assert not reader.accepts(b"Rec\tAction\n1\tDo") and not reader.accepts(b"| Rec | Action |\n|---|---|")
    assert not reader.accepts(b"PK\x03\x04") and not reader.accepts(b"%PDF-1.7")
