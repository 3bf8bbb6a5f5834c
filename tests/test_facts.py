"""Document facts (extractors/build/facts.py): the inspection's date, the document's own date, its council."""

from __future__ import annotations

import pytest

from extractors.build.facts import describe
from extractors.layout import Block


def _facts(*lines: str):
    return describe([Block(line) for line in lines], "\n".join(lines), {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The inspection took place from 15 to 26 April 2013 and the report was published on 24 May 2013.",
         "26 April 2013"),
        ("Ofsted carried out an unannounced inspection of safeguarding and looked after children services in "
         "North Yorkshire between 3 and 14 September 2012. The inspection report was published on 19 October 2012.",
         "14 September 2012"),
        ("The inspection report, published on 26 August 2022, set out areas. Ofsted inspected from 4 to 15 July 2022.",
         "15 July 2022"),
        ("Inspection dates: 19 November 2018 to 30 November 2018", "30 November 2018"),
        ("Date of inspection: 8 February 2013", "8 February 2013"),
        ("Ofsted inspection of looked after children services, 28th September 2016", "28th September 2016"),
        ("The inspection concluded on 22 September 2016; the report was published on 16 November 2016.",
         "22 September 2016"),
        ("Focused visit: 12 and 13 December 2019", "13 December 2019"),
        ("inspection date 7th\nFebruary 2015\nReport to the Improvement Board, 24 July 2015", "7th February 2015"),
        # dates of other events are not the inspection's
        ("Inspection report 2019: progress at 5 May 2020", None),
        ("Following the Ofsted inspection published 14 March 2016", None),
        ("Children's Services Improvement Plan, 3 June 2016", None),
    ],
)
def test_inspection_date(text: str, expected: str | None) -> None:
    assert describe([Block(text)], text, {}).inspection_date == expected


@pytest.mark.parametrize(
    ("text", "base"),
    [
        # only the publication is dated: relative deadlines count from it
        ("Following the Ofsted inspection published 14 March 2016", "14 March 2016"),
        ("Last updated: 12 May 2016 Following the Ofsted inspection published 14 March 2016", "14 March 2016"),
        # the inspection's month comes before the publication's full date (gold rules: base date)
        ("The inspection took place in September 2013. The inspection report was published on 25 October 2013.",
         "September 2013"),
    ],
)
def test_base_date_of_relative_deadlines(text: str, base: str) -> None:
    assert describe([Block(text)], text, {}).base_date == base


def test_own_date_is_not_the_inspection_date_labelled_above_it() -> None:
    facts = _facts("Wessex Council", "Improvement Plan", "Inspection date: 3 March 2016", "Updated: 12 September 2016")
    assert (facts.inspection_date, facts.document_date) == ("3 March 2016", "12 September 2016")


def test_title_block_gives_council_and_a_dated_line_the_document_date() -> None:
    facts = _facts("Croydon Council", "Post-Ofsted Action Plan", "Report to the Board, 8th July 2017")
    assert (facts.authority, facts.document_date) == ("Croydon Council", "8th July 2017")


def test_front_matter_run_into_one_paragraph_keeps_its_own_date_and_a_target_date_is_no_document_date() -> None:
    text = ("Report to: Improvement Board Inspection dates: 22 May – 16 June 2024 Date: 23rd March 2025 "
            "Report of: Director of Children's Services")
    progress = "Progress is good. Lead Officer: Jo Davies. Target date: 16 December 2024. RAG: Green"
    facts = describe([Block(text), Block(progress)], f"{text}\n{progress}", {})
    assert facts.document_date == "23rd March 2025"
    only_target = describe([Block(progress)], progress, {})
    assert only_target.document_date is None


def test_a_title_naming_the_kind_of_plan_beats_a_section_heading_about_the_plan() -> None:
    blocks = [Block("London Borough of Harrow"), Block("Children's Services Improvement Plan", bold=True),
              Block("Version 2 – last updated 28th June 2015"),
              Block("Abbreviations used in this plan", kind="heading", level=2)]
    facts = describe(blocks, "", {})
    assert (facts.title, facts.doc_type) == ("Children's Services Improvement Plan", "improvement_plan")


def test_a_title_labelled_by_the_plan_it_names_is_the_title() -> None:
    blocks = [Block("Norfolk County Council"), Block("Children's Services"),
              Block("Ofsted Improvement Plan: Inspection of Safeguarding and Looked After"), Block("Children Services"),
              Block("Inspection date: 22 November 2013"), Block("Version 3 - January 2014")]
    assert describe(blocks, "", {}).doc_type == "improvement_plan"


def test_a_council_whose_name_has_and_in_it_is_named_whole() -> None:
    facts = describe([Block("Bath and North East Somerset Council"), Block("Report to: Improvement Board")], "", {})
    assert facts.authority == "Bath and North East Somerset Council"
