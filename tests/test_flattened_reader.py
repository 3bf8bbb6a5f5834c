"""The column-flattened text reader: a dump of a table written cell after cell in, Layout out, and through
the record builder to records."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import detect
from extractors.base import SourceFile
from extractors.layout import Layout, Table, iter_cells
from extractors.readers import flattened as reader
from tests.support import RAW, ROOT

MEDWAY = ROOT / "tests" / "heldout" / "flat-medway-2019-childrens-services-improvement-plan.txt"

# A dump as a PDF-to-text export writes it: the header's cells two spaces apart (a wrapped one carrying on
# below), a group row across the table, each row's cells in column order. Row 1's actions cell holds an empty
# line before a line resuming in lower case; its leads, dates and ratings are lined up level with its actions by
# blank lines of spaces (an empty line takes no room).
# Row 2 has no RAG cell and is cut by a page break (a running footer, the header again), after which its
# recommendation, action and lead carry on.
DUMP = """Anytown Council
Improvement Plan, updated 2 May 2016

No.  Recommendation

Actions  Lead  By when

RAG

 Immediately  
 

1. Make sure that every 
referral is screened. 
 

• Screen all referrals 

within one day. 
 
• Audit ten referrals 
a month. 
 

Head of 
Service 
 
Team Manager 

Jun 2016 
 
 
Ongoing 

Green 
 
 
Amber 

2. Ensure that plans 
are reviewed within 

• Review every plan with 

Principal Social 

Mar 2017 


Anytown Improvement Plan   Page 1

No.  Recommendation

Actions  Lead  By when

RAG

timescales. 

the family. 

Worker 

"""


def _dump(tmp_path: Path, text: str = DUMP) -> SourceFile:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return SourceFile.read(path)


def _table(layout: Layout) -> Table:
    tables = layout.tables()
    assert len(tables) == 1
    return tables[0]


def _row(table: Table, r: int) -> list[str]:
    return [cell.text for cell in table.rows[r]]


def test_header_group_and_rows_rebuilt(tmp_path):
    layout = reader.read(_dump(tmp_path))
    table = _table(layout)
    assert _row(table, 0) == ["No.", "Recommendation", "Actions", "Lead", "By when", "RAG"]
    assert table.header_rows == 1
    group = table.rows[1]
    assert group[0].text == "Immediately" and all(cell is group[0] for cell in group)
    # Row 1 is a row per action, its number and recommendation merged down over both.
    assert _row(table, 2) == ["1.", "Make sure that every referral is screened.",
                              "• Screen all referrals within one day.", "Head of Service", "Jun 2016", "Green"]
    assert _row(table, 3) == ["1.", "Make sure that every referral is screened.", "• Audit ten referrals a month.",
                              "Team Manager", "Ongoing", "Amber"]
    assert table.rows[3][1] is table.rows[2][1] and table.rows[3][2] is not table.rows[2][2]
    # The missing RAG cell is left empty rather than the date moved into it; the page break's
    # continuations go to the columns it cut.
    assert _row(table, 4) == ["2.", "Ensure that plans are reviewed within timescales.",
                              "• Review every plan with the family.", "Principal Social Worker", "Mar 2017", ""]
    assert len(table.rows) == 5
    texts = [block.text for block in layout.blocks()]
    assert texts[:2] == ["Anytown Council", "Improvement Plan, updated 2 May 2016"]
    assert "Anytown Improvement Plan   Page 1" in texts  # furniture kept out of the table
    assert not any("Page 1" in cell.text for cell in iter_cells(table))


def test_accepts_dumps_only(tmp_path):
    assert reader.accepts(DUMP)
    assert reader.accepts(MEDWAY.read_text(encoding="utf-8"))
    assert not reader.accepts("The committee met on Tuesday.\n\nMembers agreed the budget and the actions.\n")
    assert not reader.accepts((RAW / "southampton-2013-post-inspection-action-plan.txt").read_text(encoding="utf-8"))


def test_dump_to_records(tmp_path):
    doc = detect.extract(_dump(tmp_path))
    assert doc.extractor == "flattened"
    assert [(r.ref, r.text) for r in doc.recommendations] == [
        ("1", "Make sure that every referral is screened."),
        ("2", "Ensure that plans are reviewed within timescales.")]
    assert [(a.action, a.lead, a.deadline, a.rag) for a in doc.actions] == [
        ("Screen all referrals within one day.", "Head of Service", "Jun 2016", "Green"),
        ("Audit ten referrals a month.", "Team Manager", "Ongoing", "Amber"),
        ("Review every plan with the family.", "Principal Social Worker", "Mar 2017", None)]
    assert doc.recommendations[0].priority_raw == "Immediately"


@pytest.fixture(scope="module")
def medway() -> Layout:
    return reader.read(SourceFile.read(MEDWAY))


def test_sample_grid(medway):
    table = _table(medway)
    header = _row(table, 0)
    assert header[:4] == ["Ref", "Area for improvement", "Actions", "By when"] and len(header) == 8
    rows: dict[str, list[list[str]]] = {}
    for row in table.rows:
        if row[0] is not row[1]:
            rows.setdefault(row[0].text, []).append([cell.text for cell in row])
    # Each action's date, lead and status lined up beside it (the lead and the status a column apart).
    assert [(r[3], r[4], r[6]) for r in rows["1"]] == [
        ("Oct 19", "Head of Service, First Response", "Green"), ("Ongoing", "Head of Service, First Response", "Amber"),
        ("Dec 19", "Medway Safeguarding Children Partnership", "Amber")]
    # Row 2 runs over a page break: the header reprint is dropped and each cut column carries on.
    assert rows["2"][0][1].endswith("the impact of domestic abuse, neglect and parental mental ill health.")
    assert [r[4] for r in rows["2"]] == ["Principal Social Worker", "Head of Service, Safeguarding"]
    assert rows["2"][1][2] == "• Introduce the Safe and Together model for domestic abuse practice."
    assert sum(cell.text == "Ref" for cell in iter_cells(table)) == 1
    assert set(rows) == {"Ref", "1", "2", "3", "4", "5", "6"} and sum(map(len, rows.values())) == 15


def test_sample_records():
    doc = detect.extract(SourceFile.read(MEDWAY))
    assert [r.ref for r in doc.recommendations] == ["1", "2", "3", "4", "5", "6"]
    assert len(doc.actions) == 14
    second = [a for a in doc.actions if a.recommendation_index == 1]
    assert [(a.deadline, a.rag) for a in second] == [("Q4 2019/20", "Amber"), ("2020/21", "Red")]
    assert second[1].lead == "Head of Service, Safeguarding"
    assert doc.recommendations[1].heading == "Children in need and child protection"


def test_generated_dump_to_gold(tmp_path):
    """A plan the generator dumps cell by cell ('flat', opt-in) read back to its gold records."""
    import json

    from tests.plan_generator.v2.build import generate

    generate(901, tmp_path, tmp_path / "work", 3, ["flat"])
    path = next(tmp_path.glob("flat-03-*.txt"))
    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
    doc = detect.extract(SourceFile.read(path))
    assert [(r.ref, r.text) for r in doc.recommendations] == [(r["ref"], r["text"]) for r in gold["recommendations"]]
    refs = [r.ref for r in doc.recommendations]
    assert len(doc.actions) == len(gold["actions"])
    for action, expected in zip(doc.actions, gold["actions"]):
        assert action.action.endswith(expected["action"])  # the printed action number ("1.1 ") stays in the raw text
        assert (refs[action.recommendation_index], action.lead, action.deadline) == (
            expected["recommendation_ref"], expected["lead"], expected["deadline_text"])
