import pytest

from pipeline.authorities import authority_index


@pytest.mark.parametrize(
    ("texts", "name", "code"),
    [
        (("Southampton City Council",), "Southampton", "E06000045"),
        (("London Borough of Southwark",), "Southwark", "E09000028"),
        (("Appendix 1 - Southampton Ofsted/CQC Post-Inspection Action Plan 2012",), "Southampton", "E06000045"),
        (("On 10 July 2012 Southwark's safeguarding inspection report was published",), "Southwark", "E09000028"),
        (("SCC", "southampton-2013-post-inspection-action-plan"), "Southampton", "E06000045"),
        (("Kingston upon Hull City Council",), "Kingston Upon Hull, City of", "E06000010"),
        (("Bristol City Council",), "Bristol, City of", "E06000023"),
        (("St Helens Council",), "St. Helens", "E08000013"),
        (("north-east-lincolnshire-2016-plan",), "North East Lincolnshire", "E06000012"),
        (("Royal Borough of Kingston upon Thames",), "Kingston upon Thames", "E09000021"),
        (("County Durham",), "Durham", "E06000047"),
        (("BCP Council",), "Bournemouth, Christchurch and Poole", "E06000058"),
    ],
)
def test_authority_found(texts: tuple[str, ...], name: str, code: str) -> None:
    found = authority_index().find(*texts)
    assert found is not None
    assert (found.name, found.ons_code) == (name, code)


def test_longest_name_wins() -> None:
    # "North East Lincolnshire" contains "Lincolnshire": the full name must win.
    assert authority_index().find("North East Lincolnshire Council").name == "North East Lincolnshire"


@pytest.mark.parametrize("text", ["SCC", "Corporate Parenting Committee", "Action plan 2014", ""])
def test_nothing_or_ambiguous(text: str) -> None:
    assert authority_index().find(text) is None


def test_every_english_authority_is_known() -> None:
    index = authority_index()
    assert len(index.authorities) >= 150
    assert all(a.ons_code.startswith("E") for a in index.authorities)
