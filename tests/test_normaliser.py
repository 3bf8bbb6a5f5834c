"""The normaliser stage alone, on hand-built raw documents."""

from datetime import date

from models.records import Provenance, RawAction, RawDocument, RawRecommendation
from pipeline.normaliser import normalise


def raw_doc(**kw) -> RawDocument:
    base = dict(
        source="inbox/rochdale-2015-plan.txt", sha256="0" * 64, extractor="test", doc_type="action_plan",
        title="Post-inspection improvement plan", inspection_date_raw="Inspection published 14 January 2015",
        recommendations=[
            RawRecommendation("Improve supervision", ref="4", priority_raw="Within three months"),
            RawRecommendation("Strengthen the MASH", ref=None, priority_raw="IMMEDIATELY"),
            RawRecommendation("Improve PEPs", ref="6"),
        ],
        actions=[
            RawAction("Audit supervision files", recommendation_index=0, lead=" Jo  Smith / HoS QA ",
                      deadline="3 months", rag="On track to be completed", provenance=Provenance(line=12, table=0, row=3)),
            RawAction("Review thresholds", recommendation_index=1, deadline="Mar 16", rag="R/A"),
            RawAction("Orphan action", deadline="Ongoing", rag=""),
        ],
        rag_key={"amber": "On track to be completed", "green": "Completed and embedded"},
    )
    base.update(kw)
    return RawDocument(**base)


def test_canonical_fields_beside_raw_values() -> None:
    doc = normalise(raw_doc())
    assert (doc.authority, doc.authority_code) == ("Rochdale", "E08000005")  # from the file name
    first, second, orphan = doc.actions
    assert first.deadline_text == "3 months" and first.deadline == date(2015, 4, 14)  # from the inspection date
    assert first.rag == "amber" and first.rag_raw == "On track to be completed"  # through the printed key
    assert first.lead == "Jo Smith / HoS QA" and first.leads == ["Jo Smith", "HoS QA"]
    assert (first.recommendation_ref, first.recommendation) == ("4", "Improve supervision")
    assert (first.line, first.table, first.row) == (12, 0, 3)
    assert second.deadline == date(2016, 3, 31) and second.rag == "red"
    assert orphan.recommendation is None and orphan.deadline is None and orphan.rag is None
    assert [r.priority for r in doc.recommendations] == ["three_months", "immediate", None]
    assert doc.year == 2015


def test_missing_ref_between_numbered_neighbours_is_inferred_and_flagged() -> None:
    recs = normalise(raw_doc()).recommendations
    assert [(r.ref, r.ref_inferred) for r in recs] == [("4", False), ("5", True), ("6", False)]


def test_unnumbered_plan_gets_positions() -> None:
    doc = normalise(raw_doc(recommendations=[RawRecommendation("A"), RawRecommendation("B")], actions=[]))
    assert [(r.ref, r.ref_inferred) for r in doc.recommendations] == [("1", True), ("2", True)]


def test_gap_wider_than_one_is_not_guessed() -> None:
    recs = [RawRecommendation("A", ref="1"), RawRecommendation("B"), RawRecommendation("C", ref="5")]
    doc = normalise(raw_doc(recommendations=recs, actions=[]))
    assert [r.ref for r in doc.recommendations] == ["1", None, "5"]


def test_relative_deadlines_without_a_date_warn() -> None:
    doc = normalise(raw_doc(inspection_date_raw=None, source="x/plan.txt", title="Children's services plan"))
    assert doc.actions[0].deadline is None and doc.actions[0].deadline_text == "3 months"
    assert any("relative deadlines" in w for w in doc.warnings)
    assert any("authority not recognised" in w for w in doc.warnings)
    assert doc.authority is None


def test_a_creation_date_estimate_dates_nothing_and_yields_to_a_printed_year() -> None:
    doc = normalise(raw_doc(inspection_date_raw=None, source="x/plan.xlsx", title="Action Plan 2019",
                            document_date_raw="2026-05-01", document_date_estimated=True))
    assert doc.document_date == date(2026, 5, 1)  # kept, with the reader's warning, as an estimate
    assert doc.year == 2019
    assert doc.actions[0].deadline is None  # "3 months" counts from no printed date
    printed = normalise(raw_doc(inspection_date_raw=None, source="x/plan.xlsx", title="Action Plan 2019",
                                document_date_raw="2026-05-01"))
    assert printed.year == 2026 and printed.actions[0].deadline == date(2026, 8, 1)
