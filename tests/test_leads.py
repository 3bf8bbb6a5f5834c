import pytest

from pipeline.leads import split_leads


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Nick Cross / Fiona Mackirdy", ["Nick Cross", "Fiona Mackirdy"]),
        ("HoS Quality Assurance, Principal Social Worker", ["HoS Quality Assurance", "Principal Social Worker"]),
        ("Integrated Commissioning Unit", ["Integrated Commissioning Unit"]),
        ("Integrated Commissioning Unit/Nick Cross", ["Integrated Commissioning Unit", "Nick Cross"]),
        ("Felicity Budgen. Responsibility linked to SM post. TBA", ["Felicity Budgen"]),
        ("Gill Horrobin, supported by Nick Cross", ["Gill Horrobin", "Nick Cross"]),
        ("Felicity Budgen and Donna Chapman", ["Felicity Budgen", "Donna Chapman"]),
        ("Alasdair Smith/ Jackie Cook", ["Alasdair Smith", "Jackie Cook"]),
        ("TBA", []),
        (None, []),
    ],
)
def test_split_leads(cell: str | None, expected: list[str]) -> None:
    assert split_leads(cell) == expected
