"""Deadlines as the seeds write them, and dateparser's known traps."""

from datetime import date

import pytest

from pipeline.deadlines import parse_deadline, parse_document_date

INSPECTION = date(2014, 9, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/03/13", date(2013, 3, 31)),
        ("31.03.2014", date(2014, 3, 31)),
        ("by 31/3/13", date(2013, 3, 31)),
        ("01/02/2015", date(2015, 2, 1)),  # day first: 1 February, not 2 January
        ("31st March 2013", date(2013, 3, 31)),
        ("the 3rd of March 2013", date(2013, 3, 3)),
        ("March 15, 2013", date(2013, 3, 15)),
        ("March 2013", date(2013, 3, 31)),
        ("Mar 15", date(2015, 3, 31)),  # dateparser alone says 15 March of this year
        ("(July 15)", date(2015, 7, 31)),
        ("Sept 2014", date(2014, 9, 30)),
        ("Feb 2016", date(2016, 2, 29)),
        ("Q2 2016/17", date(2016, 9, 30)),
        ("Q4 2016/17", date(2017, 3, 31)),
        ("Q1 2015-16", date(2015, 6, 30)),
        ("2016/17", date(2017, 3, 31)),
        ("Q3 17/18", date(2017, 12, 31)),
        ("2016-17 Q3", date(2016, 12, 31)),
        ("Qi 2019/20", date(2019, 6, 30)),  # a scan's Q1
        ("Ql 18/19", date(2018, 6, 30)),
        ("Dec-17", date(2017, 12, 31)),
        ("03/2023", date(2023, 3, 31)),
        ("1/2023", date(2023, 1, 31)),
        ("Jan-15", date(2015, 1, 31)),
        ("March '15", date(2015, 3, 31)),
        ("w/e 30/06/17", date(2017, 6, 30)),
        ("Sept 2014 - Mar 2015", date(2015, 3, 31)),
        ("June 2015 and ongoing", date(2015, 6, 30)),
        ("Summer 2014", date(2014, 8, 31)),
        ("By 2019", date(2019, 12, 31)),
    ],
)
def test_explicit_deadlines(text: str, expected: date) -> None:
    assert parse_deadline(text) == expected
    assert parse_deadline(text, INSPECTION) == expected  # a base date never overrides a written date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 months", date(2014, 12, 10)),
        ("Within three months", date(2014, 12, 10)),
        ("within 6 months", date(2015, 3, 10)),
        ("6 weeks", date(2014, 10, 22)),
        ("Immediately", INSPECTION),
        ("Priority and immediate action", INSPECTION),
    ],
)
def test_relative_deadlines_count_from_the_base_date(text: str, expected: date) -> None:
    assert parse_deadline(text, INSPECTION) == expected
    assert parse_deadline(text) is None


@pytest.mark.parametrize("text", ["Ongoing", "TBA", "tbc", "", "   ", None, "1st", "12th", "Quarterly", "P17 NI147"])
def test_no_date(text: str | None) -> None:
    assert parse_deadline(text, None) is None


def test_document_date_takes_the_first_date() -> None:
    assert parse_document_date("Version 14 Last updated: 5th March 2013") == date(2013, 3, 5)
    assert parse_document_date("Date: 26 February 2013, revised 1 May 2013") == date(2013, 2, 26)
    assert parse_document_date("no date here") is None
