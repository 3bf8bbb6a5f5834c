"""Parse a lead cell into the people, roles and teams it names.

    parse_leads("Nick Cross / Fiona Mackirdy")
      -> [Lead("Nick Cross", "person", "Nick Cross"), Lead("Fiona Mackirdy", "person", "Fiona Mackirdy")]
    parse_leads("HoS Quality Assurance, Principal Social Worker")
      -> [Lead("HoS Quality Assurance", "role", "Head of Service Quality Assurance"),
          Lead("Principal Social Worker", "role", "Principal Social Worker")]
    parse_leads("Integrated Commissioning Unit Nick Cross")
      -> [Lead("Integrated Commissioning Unit", "team", ...), Lead("Nick Cross", "person", ...)]
    parse_leads("Felicity Budgen. Responsibility linked to SM post. TBA") -> [Lead("Felicity Budgen", "person", ...)]

Separators are "/", ";", ",", "&", "+", new lines, " - " and "and"; a part
that names no person, role or team by itself (an area such as "Quality
Assurance", "Early Help", "Looked after Children") is the remit of the role
before it and stays in it: "Head of Safeguarding and Quality Assurance" and
"HoS for Social Care, SEND, Looked after Children" are ONE role each.
Role abbreviations (HoS, SM, TM, DCS, PSW, ...) are expanded in ``normalised``;
the table is :data:`ROLE_ABBREVIATIONS`. ``split_leads`` (used by the
normaliser) returns the parts' names as printed. The raw cell is always stored
beside the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("person", "role", "team")

# Role abbreviations as written in lead cells -> what they stand for.
ROLE_ABBREVIATIONS: dict[str, str] = {
    "HoS": "Head of Service",
    "HOS": "Head of Service",
    "SM": "Service Manager",
    "TM": "Team Manager",
    "DCS": "Director of Children's Services",
    "PSW": "Principal Social Worker",
    "DD": "Deputy Director",
    "AD": "Assistant Director",
    "IRO": "Independent Reviewing Officer",
    "IROs": "Independent Reviewing Officers",
    "IRO'S": "Independent Reviewing Officers",
    "IRO's": "Independent Reviewing Officers",
    "PA": "Personal Adviser",
    "SW": "Social Worker",
    "QA": "Quality Assurance",
    "CP": "Child Protection",
    "LAC": "Looked After Children",
    "CLA": "Children Looked After",
    "LSCB": "Local Safeguarding Children Board",
}
# Area abbreviations in the table above expand a role's remit but do not make a part a role.
_AREA_ABBREVIATIONS = {"QA", "CP", "LAC", "CLA", "LSCB"}

_ROLE_WORDS = {
    "head", "heads", "hos", "manager", "managers", "director", "directors", "officer", "officers",
    "worker", "workers", "advisor", "adviser", "advisors", "advisers", "chair", "chairs", "lead",
    "leads", "coordinator", "co-ordinator", "commissioner", "principal", "iro", "iros", "iro's",
    "dcs", "psw", "sm", "tm", "dd", "ad", "executive", "deputy", "assistant",
    "champion", "consultant", "administrator", "analyst", "nurse", "teacher", "member", "councillor",
    "leader", "supervisor", "practitioner", "headteacher", "head-teacher",
}
_TEAM_WORDS = {
    "unit", "team", "teams", "service", "services", "board", "panel", "partnership", "department",
    "directorate", "group", "hub", "council", "committee", "trust", "academy",
}
# Words that name a remit or a service area, never a person.
_AREA_WORDS = {
    "social", "care", "quality", "assurance", "early", "help", "children", "child", "young", "people",
    "looked", "after", "permanence", "fostering", "adoption", "education", "legal", "performance",
    "safeguarding", "send", "integrated", "commissioning", "years", "leavers", "participation",
    "partnerships", "health", "family", "families", "protection", "in", "need", "court", "placements",
    "resources", "strategy", "workforce", "development", "practice", "business", "support", "youth",
    "offending", "disabled", "disabilities", "housing", "corporate", "learning", "improvement",
    "transformation", "data", "finance", "hr", "it", "ict", "schools", "school", "virtual", "jigsaw",
    "mash", "met", "pact", "all", "and", "of", "for", "the", "&",
}
_CONNECTORS = {"of", "for", "the", "and", "in", "to", "&", "-"}

_SEPARATORS = re.compile(r"\s*(?:[/;,&+\n]|\band\b|\s-\s|\s{2,})\s*", re.I)
_SEPARATOR_TEXT = re.compile(r"(\s*(?:[/;,&+\n]|\band\b|\s-\s|\s{2,})\s*)", re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[a-z]{2})\.\s+")
_FILLER = re.compile(r"^(?:(?:supported|assisted|led|chaired) by|with|via|lead[s]?:?|led:)\s+", re.I)
_PLACEHOLDER = re.compile(r"^(?:tba|tbc|n/?a|none|all|various|see above|-+)$", re.I)
_MAX_WORDS = 8  # a longer fragment is prose, not a name or role
# "Integrated Commissioning Unit Nick Cross": a team name run into a person's name
_TEAM_THEN_PERSON = re.compile(
    r"^(?P<team>.*\b(?:Unit|Team|Service|Services|Board|Panel|Partnership|Department|Hub))\s+"
    r"(?P<person>[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){1,2})$"
)


@dataclass(frozen=True)
class Lead:
    name: str  # as printed (trimmed)
    kind: str  # person | role | team
    normalised: str  # role abbreviations expanded; people and teams as printed

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "kind": self.kind, "normalised": self.normalised}


def _words(part: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’\-]*", part)


def _kind(part: str) -> str | None:
    """person | role | team for a part that names one, None for a bare area ("Quality Assurance")."""
    words = _words(part)
    if not words:
        return None
    lower = [w.lower().replace("’", "'") for w in words]
    tokens = set(lower) | {p for w in lower for p in w.split("-")}
    if tokens & _ROLE_WORDS or any(w in ROLE_ABBREVIATIONS and w not in _AREA_ABBREVIATIONS for w in words):
        return "role"
    if tokens & _TEAM_WORDS:
        return "team"
    if _looks_like_person(words):
        return "person"
    return None


def _looks_like_person(words: list[str]) -> bool:
    if not 2 <= len(words) <= 4:
        return False
    if any(w.lower() in _AREA_WORDS or w.isupper() for w in words):
        return False
    return all(w[0].isupper() for w in words)


def _is_name_or_role(part: str) -> bool:
    words = re.sub(r"\([^)]*\)?", " ", part).split()  # a parenthesis qualifies, it is not counted
    if not words or len(words) > _MAX_WORDS or _PLACEHOLDER.match(part):
        return False
    lowercase = sum(w[0].islower() for w in words if w.lower() not in _CONNECTORS)
    return lowercase <= max(1, len(words) // 3)


def normalise_role(name: str) -> str:
    """Role abbreviations expanded: "HoS Quality Assurance" -> "Head of Service Quality Assurance"."""
    out = []
    for token in re.split(r"(\s+|/|-)", name):
        out.append(ROLE_ABBREVIATIONS.get(token.replace("’", "'"), token))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _clean(part: str) -> str:
    part = _FILLER.sub("", part.strip(" .:-()")).strip(" .:-()")
    return part + ")" if part.count("(") > part.count(")") else part  # keep a closing parenthesis


def parse_leads(text: str | None) -> list[Lead]:
    """People, roles and teams named in a lead cell, in order, without duplicates."""
    if not text:
        return []
    leads: list[Lead] = []
    for sentence in _SENTENCE_BREAK.split(text):
        pieces = _SEPARATOR_TEXT.split(sentence)
        parts = pieces[0::2]
        seps = [""] + pieces[1::2]
        merged: list[tuple[str, str | None]] = []  # (name, kind)
        for sep, raw in zip(seps, parts):
            part = _clean(raw)
            if not part or not _is_name_or_role(part):
                continue  # prose ("Responsibility linked to SM post") or a placeholder ("TBA")
            kind = _kind(part)
            if merged and merged[-1][1] is None and sep.strip().lower() in {"and", "&"} and kind in {"role", "team"}:
                # an area before "and" belongs to the role/team after it: "Safeguarding and Standards Unit Manager"
                merged[-1] = (merged[-1][0] + _join(sep) + part, kind)
                continue
            if kind is None and merged and merged[-1][1] == "role":
                # an area after a role is that role's remit: "HoS for Social Care, SEND"
                name = merged[-1][0] + _join(sep) + part
                merged[-1] = (name, "role")
                continue
            m = _TEAM_THEN_PERSON.match(part)
            if m and _looks_like_person(_words(m.group("person"))):
                merged.append((m.group("team"), "team"))
                merged.append((m.group("person"), "person"))
                continue
            merged.append((part, kind))
        for name, kind in merged:
            if kind is None:
                continue
            normalised = normalise_role(name) if kind == "role" else name
            if all(lead.name != name for lead in leads):
                leads.append(Lead(name, kind, normalised))
    return leads


def _join(sep: str) -> str:
    s = sep.strip()
    if s.lower() == "and":
        return " and "
    if s in {",", ";"}:
        return s + " "
    if s == "&":
        return " & "
    return " " if not s else f" {s} "


def split_leads(text: str | None) -> list[str]:
    """People and roles named in a lead cell, in order, without duplicates (names as printed)."""
    return [lead.name for lead in parse_leads(text)]
