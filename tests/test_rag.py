import pytest

from pipeline.rag import normalise_rag

KEY = {
    "red": "Activity on these has not yet started or early stages",
    "amber": "On track to be completed",
    "green": "Completed and embedded",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amber ", "amber"),
        ("RED", "red"),
        ("green", "green"),
        ("Blue", "blue"),
        ("Red / Amber", "red"),  # two colours: the worse
        ("Amber/Green", "amber"),
        ("R", "red"),
        ("A", "amber"),
        ("G", "green"),
        ("B", "blue"),
        ("R/A", "red"),
        ("Completed", "blue"),
        ("Complete", "blue"),
        ("Amber By 2019 10% of", "amber"),
        ("", None),
        (None, None),
        ("n/a", None),
        ("Greenwich", None),
        ("Reduce agency staff", None),
    ],
)
def test_rag_forms(text: str | None, expected: str | None) -> None:
    assert normalise_rag(text) == expected


@pytest.mark.parametrize(
    ("fill", "expected"),
    [
        ("#C00000", "red"), ("FF0000", "red"), ("FFC000", "amber"), ("F79646", "amber"), ("FFFF00", "amber"),
        ("00B050", "green"), ("92D050", "green"), ("0070C0", "blue"), ("00B0F0", "blue"), ("4472C4", "blue"),
        ("FFFFFF", None), ("D9D9D9", None), ("000000", None),
    ],
)
def test_rag_from_cell_shading(fill: str, expected: str | None) -> None:
    assert normalise_rag(fill) == expected


def test_rag_read_through_the_printed_key() -> None:
    assert normalise_rag("On track to be completed", KEY) == "amber"
    assert normalise_rag("not yet started", KEY) == "red"
    assert normalise_rag("not yet started") is None
    assert normalise_rag("Something else entirely", KEY) is None
