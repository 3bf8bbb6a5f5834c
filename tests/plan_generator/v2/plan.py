"""One v2 document's content and features, drawn from a seed, and its gold file.

:func:`draw_plan` draws the council, the dates the document states, the recommendations
and their actions, and the features its format will show (column set and wording,
recommendation placement, group rows, RAG style, deadline styles, lead style, title page,
narrative, keys). Renderers print only what is here; the gold is written from the same
objects (:meth:`Plan.gold`), never read back from the document.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from datetime import date

from ..content import (
    EXTRA_VALUES,
    FIRST,
    LAST,
    LONG_BULLETS,
    ROLES,
    SHADES,
    SUB_BULLETS,
    TOPICS,
    Council,
    councils,
    fill_template,
    fold,
)
from .dates import DEADLINE_STYLES, Chronology, Deadline, draw_chronology, draw_deadline, relative, statement_lines

FORMATS = ("tab", "markdown", "prose", "email", "docx", "docx-pdf", "xlsx", "xlsx-pdf", "html", "pdf", "scan",
           "committee-pdf")
OPT_IN_FORMATS = ("flat",)  # written only when asked for (--formats), so the committed seeds stay as they are
REPORT_FORMATS = ("prose", "email", "committee-pdf")
PDF_FORMATS = ("docx-pdf", "xlsx-pdf", "pdf", "scan", "committee-pdf")
INVARIANCE_FORMATS = ("tab", "markdown", "docx", "docx-pdf", "xlsx", "xlsx-pdf", "html", "pdf", "scan")

RAG_STYLES = {
    "word": "the colour as a word (Red, Amber, Green; Completed for blue)",
    "caps": "the colour in capitals (RED, AMBER, GREEN, COMPLETE)",
    "letter": "initial letters (R, A, G; Complete for blue)",
    "two_colour": "words, some of them two colours (Amber/Green = the worse)",
    "fill_text": "the colour word on a cell filled in that colour",
    "fill": "cell fill only, no text",
    "dot": "a coloured dot (●) only",
    "symbol": "a symbol explained by a key printed in the document",
    "blank": "a RAG column left blank (not yet rated)",
}
TEXT_RAG = ("word", "caps", "letter", "two_colour")
_RAG_BY_FORMAT = {
    "tab": TEXT_RAG + ("symbol", "blank"),
    "flat": TEXT_RAG + ("blank",),
    "markdown": TEXT_RAG + ("symbol", "dot"),
    "docx": tuple(RAG_STYLES), "docx-pdf": tuple(RAG_STYLES), "pdf": tuple(RAG_STYLES),
    "xlsx": tuple(RAG_STYLES), "xlsx-pdf": tuple(RAG_STYLES), "html": tuple(RAG_STYLES),
    "scan": TEXT_RAG + ("symbol",),
    "prose": ("word", "caps", "two_colour"), "email": ("word", "two_colour"), "committee-pdf": ("word", "caps", "two_colour"),
}
PLACEMENTS = ("column_repeated", "column_merged", "full_row", "list_above")
GROUPINGS = ("none", "timescale", "theme", "theme>timescale", "timescale>theme", "prefix", "prefix+theme")

PRIORITY_LABELS = {
    "immediate": ["Immediately", "Immediate action", "IMMEDIATELY", "Immediate"],
    "three_months": ["Within three months", "Within 3 months", "WITHIN THREE MONTHS", "Within three months of the inspection"],
    "six_months": ["Within six months", "Within 6 months", "WITHIN SIX MONTHS"],
    "improve": ["Areas for improvement", "Areas for development", "AREAS FOR IMPROVEMENT"],
}
PRIORITY_MONTHS = {"immediate": 0, "three_months": 3, "six_months": 6}

SYMBOLS = {  # colour -> (symbol options, key wordings); every key names its colour
    "red": (["✗", "✘", "▼"], ["Not on track (red)", "Significant concerns (red)", "Off track – red"]),
    "amber": (["▲", "◆", "!"], ["Some slippage (amber)", "Progress but not yet complete (amber)", "At risk – amber"]),
    "green": (["✓", "✔", "●"], ["On track (green)", "Progressing well (green)", "On target – green"]),
    "blue": (["★", "✪", "■"], ["Completed (blue)", "Complete and embedded (blue)", "Achieved – blue"]),
}
RAG_WORDS = {
    "red": ["Red"], "amber": ["Amber"], "green": ["Green"], "blue": ["Completed", "Complete", "Blue"],
}
TWO_COLOURS = {"Red/Amber": "red", "Amber/Green": "amber", "Amber / Green": "amber", "Green/Blue": "green",
               "Red / Amber": "red"}
DOT_COLOURS = {"red": ["#FF0000", "#C00000"], "amber": ["#FFC000", "#FF9900", "#FFBF00"],
               "green": ["#00B050", "#00A651"], "blue": ["#0070C0", "#2E75B6"]}

HEADERS = {
    "ref": ["No.", "Ref", "Rec", "Ref.", "Rec No."],
    "rec": ["Recommendation", "Ofsted Recommendation", "Area for Development", "Area for improvement",
            "Ofsted recommendation / area for development", "What Ofsted said", "Recommendation from Ofsted"],
    "num": ["No.", "Action No.", "Ref", "#"],
    "action": ["Action", "Actions", "Proposed Action", "Action to be taken", "What we will do", "Actions required",
               "Key actions", "How we will do it", "Specific actions"],
    "lead": ["Lead", "Lead person responsible", "Responsible Officers", "Lead officer", "Lead Officer(s)",
             "Responsible officer", "Who", "Owner", "Accountable officer"],
    "deadline": ["Timescale", "When will we achieve this by?", "Target date", "By when", "Deadline", "Timescales",
                 "Completion date", "Due date", "Date for completion"],
    "lead_by": ["Lead / Timescale", "Lead officer and target date", "Who and when", "Responsibility and timescale"],
    "rag": ["RAG Rating", "RAG", "Status", "RAG status", "Rating", "Progress (RAG)", "BRAG"],
}
EXTRAS = {
    **EXTRA_VALUES,
    "Evidence of impact": ["Audit results show improvement", "Case file audits", "Feedback from children and families",
                           "Performance data", "Fewer re-referrals within 12 months", "Improvement Board minutes"],
    "Progress update": ["Policy revised and launched at the staff conference.", "Training delivered to 45 staff; "
                        "further sessions planned.", "Audit completed; findings reported to SMT.",
                        "Recruitment under way, two posts filled.", "Not yet started – awaiting new system.",
                        "Protocol signed by police and health; schools to follow.", "Monthly reporting in place."],
    "Measure of success": ["95% of plans reviewed on time", "All PEPs rated good", "Caseloads average 18",
                           "Return interviews offered in 100% of cases", "Agency staff below 15%"],
}
ABBREVIATIONS = {"HoS CP": "Head of Service, Child Protection", "PSW": "Principal Social Worker",
                 "DCS": "Director of Children's Services", "AD SC": "Assistant Director, Social Care",
                 "IRO SM": "IRO Service Manager", "VSH": "Virtual School Headteacher",
                 "LSCB BM": "LSCB Business Manager", "HoS LAC": "Head of Service, Looked After Children",
                 "QA Mgr": "Quality Assurance Manager", "WFD Mgr": "Workforce Development Manager"}
GLOSSARY_TERMS = {"MASH": "Multi-Agency Safeguarding Hub", "IRO": "Independent Reviewing Officer",
                  "PEP": "Personal Education Plan", "CSE": "Child Sexual Exploitation",
                  "LSCB": "Local Safeguarding Children Board", "SMT": "Senior Management Team",
                  "ASYE": "Assessed and Supported Year in Employment", "CIN": "Child in Need"}
PROGRESS = [
    "A revised policy has been agreed and launched with all teams.",
    "Audit activity shows that practice is improving but is not yet consistently good.",
    "Training has been delivered to team managers and a second cohort starts next month.",
    "Performance data are reported monthly to the Improvement Board.",
    "The new arrangements are in place and their impact is being evaluated.",
    "Progress has been slower than planned because of staff turnover in the service.",
    "Partners have signed up to the revised protocol and attendance at meetings has improved.",
    "A dip sample of cases found that most now meet the expected standard.",
    "The work is complete and is now part of business as usual.",
    "Further work is needed to embed the changes in the locality teams.",
]
CITIES = {"Birmingham", "Leeds", "Manchester", "Bristol", "Nottingham", "Leicester", "Sheffield", "Coventry", "Bradford",
          "Liverpool", "Wakefield", "Sunderland", "Salford", "Plymouth", "Portsmouth", "Southampton", "Derby",
          "Stoke-on-Trent", "Peterborough", "Wolverhampton", "Newcastle upon Tyne", "York"}
DOC_TITLES = {
    "action_plan": ["Post-Inspection Action Plan", "Ofsted Action Plan", "Post-Ofsted Action Plan",
                    "Children's Services Action Plan", "Safeguarding and Looked After Children Action Plan",
                    "Ofsted Inspection Action Plan"],
    "improvement_plan": ["Children's Services Improvement Plan", "Improvement Plan", "Post-Inspection Improvement Plan",
                         "Ofsted Improvement Plan", "Children's Social Care Improvement Plan"],
    "progress_report": ["Ofsted Action Plan: Progress Update", "Progress Report on the Ofsted Improvement Plan",
                        "Update on the Post-Inspection Action Plan", "Improvement Plan Progress Report"],
}


@dataclass(frozen=True)
class Para:
    text: str
    bullet: bool = False


@dataclass
class Rag:
    colour: str | None           # gold
    text: str | None = None      # printed words or letters
    fill: str | None = None      # hex cell fill
    dot: str | None = None       # hex colour of a printed dot
    symbol: str | None = None    # a symbol the document's key explains


@dataclass
class Action:
    text: str                    # gold text
    lead: str | None
    printed_deadline: Deadline   # what the deadline cell prints
    deadline_text: str | None    # gold (the group's label where the cell is blank under a timescale group)
    deadline: date | None
    rag: Rag
    extras: dict[str, str | None]
    number: str | None = None    # printed action number ("1.2", "a)")
    cell: int = 0                # actions printed in one cell (list items) share it
    paras: list[Para] = field(default_factory=list)  # the cell's printed paragraphs, on its first action
    page: int | None = None
    uid: str | None = None       # the same action in every version of a plan (v2/versions.py); else None


@dataclass
class Recommendation:
    ref: str
    number: str | None           # as printed
    text: str
    priority: str | None
    group_label: str | None      # the timescale label printed for it (row, heading or prefix)
    heading: str | None
    progress: str = ""
    actions: list[Action] = field(default_factory=list)


@dataclass
class Features:
    """What a document shows; written into the gold's ``features``."""

    rag_style: str
    recommendation_placement: str
    group_rows: str
    group_placement: str         # rows | headings (outside the table)
    deadline_styles: list[str]
    lead_style: str
    bullets: bool
    action_numbering: str        # none | prefix | column
    columns: list[str]
    headers: dict[str, str]
    extra_columns: list[str]
    title_page: bool
    narrative: bool
    date_statements: list[str]
    rag_key: bool
    glossary: bool
    merged_leads: bool
    render: dict[str, object] = field(default_factory=dict)  # choices the renderer made (fonts, widths, pages)


@dataclass
class Plan:
    format: str
    name: str
    seed: int
    index: int
    council: Council
    printed_council: str
    doc_type: str
    title: str
    title_year: int | None
    chronology: Chronology
    base: date | None
    base_why: str
    statements: list[tuple[str, str]]
    features: Features
    recommendations: list[Recommendation]
    rag_key: list[tuple[str, str, str]]     # (mark, meaning, colour) rows of a printed key
    glossary: list[tuple[str, str]]
    narrative: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def actions(self) -> list[Action]:
        return [a for r in self.recommendations for a in r.actions]

    @property
    def year(self) -> int | None:
        own = self.chronology.document_date
        return own.year if own else self.title_year

    def cells(self, rec: Recommendation) -> list[list[Action]]:
        """A recommendation's actions grouped by the cell that prints them."""
        out: list[list[Action]] = []
        for a in rec.actions:
            if out and out[-1][0].cell == a.cell:
                out[-1].append(a)
            else:
                out.append([a])
        return out

    def gold(self, source: str) -> dict:
        own = self.chronology.document_date
        actions = []
        for r in self.recommendations:
            for a in r.actions:
                record = {"recommendation_ref": r.ref, "recommendation": r.text, "action": a.text, "lead": a.lead,
                          "deadline_text": a.deadline_text,
                          "deadline": a.deadline.isoformat() if a.deadline else None, "rag": a.rag.colour}
                if a.page is not None:
                    record["page"] = a.page
                if a.uid is not None:
                    record["uid"] = a.uid
                actions.append(record)
        return {
            "source": source, "authority": self.council.name, "doc_type": self.doc_type,
            "document_date": own.isoformat() if own else None, "year": self.year,
            "format": self.format, "layout": self.format, "features": asdict(self.features),
            "notes": " ".join(self.notes),
            "recommendations": [{"ref": r.ref, "text": r.text, "priority": r.priority, "heading": r.heading}
                                for r in self.recommendations],
            "actions": actions,
        }


# --------------------------------------------------------------------------- drawing


def printed_council(rng: random.Random, council: Council) -> str:
    name = council.name
    if council.la_type == "London Borough":
        return rng.choice([f"London Borough of {name}", f"{name} Council", f"London Borough of {name}"])
    if council.la_type == "County":
        return rng.choice([f"{name} County Council", f"{name} County Council", f"{name} Council"])
    if name in CITIES:
        return rng.choice([f"{name} City Council", f"{name} City Council", f"{name} Council"])
    return f"{name} Council"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _lead(rng: random.Random, style: str) -> str:
    one = {"name": lambda: _person(rng), "role": lambda: rng.choice(ROLES),
           "both": lambda: f"{_person(rng)}, {rng.choice(ROLES)}",
           "abbreviation": lambda: rng.choice(list(ABBREVIATIONS))}[style]
    first = one()
    if rng.random() < 0.15:
        second = next(x for x in iter(one, None) if x != first)
        return f"{first} / {second}" if style != "both" else f"{first}; {second}"
    return first


def _rag(rng: random.Random, style: str, colour: str | None) -> Rag:
    if colour is None or style == "blank":
        return Rag(None)
    if style == "fill":
        return Rag(colour, fill=rng.choice(SHADES[colour]))
    if style == "dot":
        return Rag(colour, dot=rng.choice(DOT_COLOURS[colour]))
    if style == "symbol":
        return Rag(colour)  # the symbol is the document's key's, set once the key is drawn
    word = rng.choice(RAG_WORDS[colour])
    if style == "two_colour" and rng.random() < 0.45:
        mixed = [t for t, c in TWO_COLOURS.items() if c == colour]
        if mixed:
            return Rag(colour, text=rng.choice(mixed))
    if style == "caps":
        return Rag(colour, text="COMPLETE" if colour == "blue" else word.upper())
    if style == "letter":
        return Rag(colour, text="Complete" if colour == "blue" else word[0])
    if style == "fill_text":
        return Rag(colour, text=word, fill=rng.choice(SHADES[colour]))
    return Rag(colour, text=word)


def _features(rng: random.Random, fmt: str, invariance: bool) -> Features:
    report = fmt in REPORT_FORMATS
    rag_style = rng.choice(("word", "caps", "two_colour")) if invariance else rng.choice(_RAG_BY_FORMAT[fmt])
    if invariance:
        placement = rng.choice(("column_repeated", "full_row"))
        grouping = rng.choice(("timescale", "theme>timescale", "timescale>theme", "theme"))
    elif report:
        placement, grouping = "paragraph", rng.choice(("none", "timescale", "theme", "theme>timescale"))
    else:
        placement = rng.choice(PLACEMENTS if fmt != "flat" else ("column_repeated", "column_merged"))
        grouping = rng.choice(GROUPINGS)
    group_placement = "rows"
    if not invariance and not report and fmt not in ("xlsx", "xlsx-pdf") and grouping not in ("none", "prefix") \
            and rng.random() < 0.3:
        group_placement = "headings"
    styles = rng.sample(DEADLINE_STYLES, rng.randint(3, 6))
    if "timescale" in grouping or "prefix" in grouping:
        styles += ["blank", "blank"]
    extras = [] if report else rng.sample(list(EXTRAS), rng.choice([0, 1, 1, 1, 2]))
    combined = not report and not invariance and rng.random() < 0.18
    numbering = "none" if report else rng.choice(["none", "none", "prefix", "prefix", "column"])
    columns: list[str] = []
    if not report:
        if placement in ("column_repeated", "column_merged"):
            columns += rng.choice([["ref", "rec"], ["ref", "rec"], ["rec"]])
        elif placement == "list_above":
            columns.append("ref")
        if numbering == "column":
            columns.append("num")
        columns.append("action")
        tail = ["lead_by"] if combined else rng.choice([["lead", "deadline"], ["lead", "deadline"], ["deadline", "lead"]])
        tail.append("rag")
        if rng.random() < 0.2:
            tail.insert(0, tail.pop())  # RAG before the lead and date
        columns += tail
        for extra in extras:
            columns.insert(rng.randint(columns.index("action") + 1, len(columns)), f"extra:{extra}")
    headers = {k: rng.choice(v) for k, v in HEADERS.items()}
    if placement == "list_above":
        headers["ref"] = rng.choice(["Rec", "Rec.", "Rec no."])
    if headers["num"] == headers["ref"] and "num" in columns and "ref" in columns:
        headers["num"] = "Action No."
    lead_style = rng.choice(["name", "role", "both", "abbreviation"] if not report else ["name", "role", "both"])
    return Features(
        rag_style=rag_style, recommendation_placement=placement, group_rows=grouping, group_placement=group_placement,
        deadline_styles=styles, lead_style=lead_style, bullets=False, action_numbering=numbering, columns=columns,
        headers={k: v for k, v in headers.items() if k in {c.split(":")[0] for c in columns}},
        extra_columns=extras, title_page=not invariance and fmt not in ("tab", "flat", "markdown", "email", "prose")
        and rng.random() < 0.4, narrative=rng.random() < 0.55, date_statements=[], rag_key=False,
        glossary=not report and not invariance and (lead_style == "abbreviation" or rng.random() < 0.2),
        merged_leads=placement == "column_merged" and fmt not in ("tab", "flat", "markdown") and rng.random() < 0.5)


def _priorities(rng: random.Random, n: int, grouping: str, year: int) -> list[str | None]:
    if grouping in ("none", "theme"):
        return [None] * n
    pool = ["immediate", "three_months", "six_months"] + (["improve"] if "prefix" not in grouping else [])
    if year >= 2014 and "prefix" not in grouping and rng.random() < 0.5:
        pool = ["three_months", "six_months", "improve"]
    chosen = sorted(rng.choices(pool, k=n), key=pool.index)
    if len(set(chosen)) == 1 and n > 2:
        chosen[-1] = pool[-1] if chosen[0] != pool[-1] else pool[0]
    return sorted(chosen, key=pool.index)


def draw_plan(seed: int, index: int, fmt: str, *, invariance: bool = False) -> Plan:
    rng = random.Random(f"v2:{seed}:{index}:{'inv' if invariance else fmt}")
    council = rng.choice(councils())
    year = rng.randint(2010, 2024)
    chron = draw_chronology(rng, year)
    if fmt in REPORT_FORMATS:  # a committee report or an email is dated
        chron.states_document = "day"
    base, base_why = chron.base()
    statements = statement_lines(rng, chron)
    doc_type = "progress_report" if fmt in REPORT_FORMATS else rng.choices(
        ["action_plan", "improvement_plan", "progress_report"], weights=[5, 3, 1])[0]
    title = rng.choice(DOC_TITLES[doc_type])
    title_year = None
    if chron.document_date is None:  # the title then states the year
        title_year = chron.document.year
        title = f"{title} {title_year}"
    features = _features(rng, fmt, invariance)
    features.date_statements = [k for k, _ in statements]

    n_recs = rng.randint(3, 7) if fmt in REPORT_FORMATS else rng.randint(4, 8)
    topics = rng.sample(list(TOPICS), k=rng.randint(2, 4))
    themes = sorted(rng.choices(range(len(topics)), k=n_recs))
    theme_style = rng.choice(["plain", "upper", "numbered"])
    headings = {}
    for i, t in enumerate(topics):
        h = rng.choice(TOPICS[t]["heading"])
        h = h.upper() if theme_style == "upper" else (f"Theme {i + 1}: {h}" if theme_style == "numbered" else h)
        headings[i] = h
    priorities = _priorities(rng, n_recs, features.group_rows, year)
    order = list(range(n_recs))
    if features.group_rows.startswith("timescale"):  # timescale groups outermost: sort by priority, then theme
        order.sort(key=lambda i: (list(PRIORITY_LABELS).index(priorities[i]), themes[i]))
        themes, priorities = [themes[i] for i in order], [priorities[i] for i in order]
    else:  # themes outermost (or none): priorities sorted within each theme
        pairs = sorted(zip(themes, priorities), key=lambda tp: (tp[0], list(PRIORITY_LABELS).index(tp[1])
                                                               if tp[1] else 0))
        themes, priorities = [t for t, _ in pairs], [p for _, p in pairs]
    show_theme = "theme" in features.group_rows
    labels = {p: rng.choice(v) for p, v in PRIORITY_LABELS.items()}
    numbering = rng.choice(["plain", "plain", "R"])
    total_actions = rng.randint(max(8, n_recs), min(24, n_recs * 4))
    per_rec = [1] * n_recs
    for _ in range(total_actions - n_recs):
        i = rng.randrange(n_recs)
        per_rec[i] += per_rec[i] < 5
    if fmt in REPORT_FORMATS:
        per_rec = [1] * n_recs

    used: set[str] = set()

    def pick(pool: list[str]) -> str:
        fresh = [t for t in pool if t not in used] or [t for tp in TOPICS.values() for t in tp["act"] if t not in used]
        choice = rng.choice(fresh)
        used.add(choice)
        return choice

    key_colours: dict[str, tuple[str, str]] = {}
    if features.rag_style == "symbol":
        for colour, (symbols, meanings) in SYMBOLS.items():
            key_colours[colour] = (rng.choice([s for s in symbols if s not in {v[0] for v in key_colours.values()}]),
                                   rng.choice(meanings))
    alpha_numbers = rng.choice([None, None, "{})", "({})"])
    recs: list[Recommendation] = []
    drawn_styles: set[str] = set()
    cell = 0
    rec_lead_pool = [_lead(rng, features.lead_style) for _ in range(3)]
    for i in range(n_recs):
        topic = TOPICS[topics[themes[i]]]
        text = fill_template(rng, pick(topic["rec"])).rstrip(".") + rng.choice([".", "", "."])
        priority = priorities[i]
        number = str(i + 1) if numbering == "plain" else f"R{i + 1}"
        if features.recommendation_placement == "full_row":
            number = str(i + 1)
        # the gold ref is the printed number; a plan that prints none numbers its recommendations by position
        printed = "ref" in features.columns or features.recommendation_placement in ("full_row", "list_above", "paragraph")
        rec = Recommendation(ref=number if printed else str(i + 1), number=number, text=text, priority=priority,
                             group_label=labels[priority] if priority else None,
                             heading=headings[themes[i]] if show_theme else None,
                             progress=" ".join(rng.sample(PROGRESS, rng.randint(2, 3))))
        rec_lead = rng.choice(rec_lead_pool)
        k = 0
        while k < per_rec[i]:
            cell += 1
            lead = rec_lead if features.merged_leads or rng.random() < 0.5 else _lead(rng, features.lead_style)
            if rng.random() < 0.04 and not features.merged_leads:
                lead = None
            style = rng.choice(features.deadline_styles)
            drawn_styles.add(style)
            printed = draw_deadline(rng, style, chron.agreed, base)
            dl_text, dl = printed.text, printed.value
            if printed.text is None and rec.priority in PRIORITY_MONTHS:
                dl_text, dl = rec.group_label, relative(PRIORITY_MONTHS[rec.priority], base)
            colour = rng.choices(["red", "amber", "green", "blue", None], weights=[2, 5, 5, 3, 1])[0]
            rag = _rag(rng, features.rag_style, colour)
            if colour and features.rag_style == "symbol":
                rag.symbol = key_colours[colour][0]
            extras = {e: (rng.choice(EXTRAS[e]) if rng.random() < 0.8 else None) for e in features.extra_columns}
            number_printed = None
            if features.action_numbering != "none":
                number_printed = f"{i + 1}.{k + 1}" if alpha_numbers is None else alpha_numbers.format("abcdefgh"[k])
            action_text = fill_template(rng, pick(topic["act"]))
            items: list[tuple[str, list[Para]]]
            bullets = fmt not in REPORT_FORMATS and rng.random() < 0.22
            if bullets and number_printed:  # a numbered action whose cell holds sub-bullets: one record
                subs = rng.sample(LONG_BULLETS, rng.randint(4, 7)) if rng.random() < 0.35 else \
                    rng.sample(SUB_BULLETS, rng.randint(2, 3))
                intro = action_text.rstrip(".") + rng.choice([", to include:", ", including:", ":"])
                items = [(fold(" ".join([intro] + subs)), [Para(intro)] + [Para(s, True) for s in subs])]
            elif bullets and per_rec[i] - k >= 2:  # an unnumbered cell holding a list: one record per item
                n_items = min(rng.randint(2, 3), per_rec[i] - k)
                texts = [action_text] + [fill_template(rng, pick(topic["act"])) for _ in range(n_items - 1)]
                items = [(t, [Para(t, True)]) for t in texts]
                number_printed = None
            else:
                items = [(action_text, [Para(action_text)])]
            features.bullets |= any(p.bullet for _, ps in items for p in ps)
            for j, (gold_text, _) in enumerate(items):
                rec.actions.append(Action(
                    text=fold(gold_text), lead=lead, printed_deadline=printed, deadline_text=dl_text, deadline=dl,
                    rag=rag, extras=extras, number=number_printed if j == 0 else None, cell=cell,
                    paras=[p for _, ps in items for p in ps] if j == 0 else []))
            k += len(items)
        if fmt in REPORT_FORMATS:  # each recommendation is its own single action
            a = rec.actions[0]
            a.text, a.paras = rec.text, [Para(rec.text)]
        recs.append(rec)

    features.deadline_styles = [s for s in DEADLINE_STYLES if s in drawn_styles]
    rag_key: list[tuple[str, str, str]] = []
    if features.rag_style == "symbol":
        rag_key = [(sym, meaning, colour) for colour, (sym, meaning) in key_colours.items()]
    elif fmt not in REPORT_FORMATS and rng.random() < 0.3:
        rag_key = [(w, m, c) for w, m, c in (
            ("Red", "Not started or significantly off track", "red"), ("Amber", "Started, some slippage", "amber"),
            ("Green", "On track", "green"), ("Blue", "Completed", "blue"))]
    features.rag_key = bool(rag_key)
    glossary = []
    if features.glossary:
        terms = {**{k: v for k, v in ABBREVIATIONS.items()
                    if any(a.lead and k in a.lead for r in recs for a in r.actions)}, **GLOSSARY_TERMS}
        glossary = sorted(terms.items())[: rng.randint(6, 12)]
    narrative = _narrative(rng, council, chron, fmt) if features.narrative else []
    plan = Plan(format=fmt, name="", seed=seed, index=index, council=council,
                printed_council=printed_council(rng, council), doc_type=doc_type, title=title,
                title_year=title_year, chronology=chron, base=base, base_why=base_why, statements=statements,
                features=features, recommendations=recs, rag_key=rag_key, glossary=glossary, narrative=narrative)
    plan.notes.append(_gold_notes(plan))
    return plan


def _narrative(rng: random.Random, council: Council, chron: Chronology, fmt: str) -> list[str]:
    year = chron.visit_end.year
    framework = ("the inspection of services for children in need of help and protection, children looked after and "
                 "care leavers" if 2013 <= year <= 2017 else "the inspection of local authority children's services"
                 if year >= 2018 else "the inspection of safeguarding and looked after children services")
    opening = [
        f"This plan sets out how the council will respond to the recommendations made by Ofsted following {framework}.",
        f"Ofsted carried out {framework} in {year}. The report identified areas where practice must improve.",
        "The council and its partners accept the findings of the inspection in full.",
    ]
    more = [
        "Progress against each action is monitored by the Improvement Board, chaired by the Chief Executive.",
        "Each action has a named lead officer who reports progress monthly to the Director of Children's Services.",
        "The plan will be refreshed every quarter and published on the council's website.",
        "Where an action is complete, the evidence of its impact is kept in the Improvement Board's evidence library.",
        "The plan has been developed with frontline staff, partners and the Children in Care Council.",
    ]
    return [rng.choice(opening)] + rng.sample(more, rng.randint(1, 3))


def _gold_notes(plan: Plan) -> str:
    f = plan.features
    base = plan.base.isoformat() if plan.base else "none"
    return (f"Generated by tests/plan_generator v2 (seed {plan.seed}, document {plan.index}) from the records "
            f"themselves, not read back from the document. Relative deadlines count from {base}: {plan.base_why}. "
            f"RAG: {RAG_STYLES[f.rag_style]}. Action texts are the printed cell with bullet marks dropped and any"
            " printed number ('1.2', 'a)') left out; a numbered action with sub-bullets is one record, an unnumbered"
            " cell holding a list is one record per item sharing the row's lead, deadline and RAG; a blank deadline"
            " under a timescale group takes the group's label; a priority prefix ('Immediately: ...') is not part"
            " of the recommendation's text.")
