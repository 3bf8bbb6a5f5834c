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


from pipeline.leads import Lead, normalise_role, parse_leads  # noqa: E402


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Nick Cross / Fiona Mackirdy", [("Nick Cross", "person"), ("Fiona Mackirdy", "person")]),
        ("HoS Quality Assurance, Principal Social Worker", [("HoS Quality Assurance", "role"), ("Principal Social Worker", "role")]),
        ("Integrated Commissioning Unit", [("Integrated Commissioning Unit", "team")]),
        ("Integrated Commissioning Unit Nick Cross", [("Integrated Commissioning Unit", "team"), ("Nick Cross", "person")]),
        ("Felicity Budgen. Responsibility linked to SM post. TBA", [("Felicity Budgen", "person")]),
        ("Head of Safeguarding and Quality Assurance", [("Head of Safeguarding and Quality Assurance", "role")]),
        ("HoS Social Care and Early Help", [("HoS Social Care and Early Help", "role")]),
        ("Head of Service, Quality Assurance / Principal Social Worker",
         [("Head of Service, Quality Assurance", "role"), ("Principal Social Worker", "role")]),
        ("Deputy Director, Performance Manager", [("Deputy Director", "role"), ("Performance Manager", "role")]),
        ("Service Managers- Fostering/Head of Service", [("Service Managers- Fostering", "role"), ("Head of Service", "role")]),
        ("Felicity Budgen and Donna Chapman", [("Felicity Budgen", "person"), ("Donna Chapman", "person")]),
        ("TBA", []),
        ("", []),
    ],
)
def test_parse_leads(cell: str, expected: list[tuple[str, str]]) -> None:
    assert [(lead.name, lead.kind) for lead in parse_leads(cell)] == expected


@pytest.mark.parametrize(
    ("role", "normalised"),
    [
        ("HoS Quality Assurance", "Head of Service Quality Assurance"),
        ("SM", "Service Manager"),
        ("DCS", "Director of Children's Services"),
        ("PSW", "Principal Social Worker"),
        ("TM/SM", "Team Manager/Service Manager"),
        ("IRO'S", "Independent Reviewing Officers"),
    ],
)
def test_role_abbreviations_normalised(role: str, normalised: str) -> None:
    assert normalise_role(role) == normalised


def test_parse_leads_normalises_roles_only() -> None:
    leads = parse_leads("HoS Early Help / Sam Ray")
    assert leads == [Lead("HoS Early Help", "role", "Head of Service Early Help"), Lead("Sam Ray", "person", "Sam Ray")]
    assert leads[0].to_dict()["normalised"] == "Head of Service Early Help"


def test_seed_lead_cells_accuracy() -> None:
    from bench.theme_accuracy import lead_accuracy

    result = lead_accuracy()
    assert result["cells"] >= 90
    assert result["accuracy"] >= 0.95, result["wrong"]
