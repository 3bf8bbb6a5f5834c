"""A document as format-neutral blocks: headings, paragraphs, lists, page breaks and tables.

:func:`plan_blocks` lays a plan out as a table document (title block or page, narrative,
recommendations listed above, RAG key, glossary, the plan table(s) with their group rows and
merges); :func:`report_blocks` as a committee progress report. Every renderer (text, Word,
Excel, HTML, reportlab) prints these blocks, so a layout choice is made once, here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from .dates import long_date
from .plan import DOT_COLOURS, SHADES, Action, Para, Plan, Recommendation


@dataclass
class Heading:
    text: str
    level: int = 1          # 0: title, 1: section, 2: subsection


@dataclass
class Text:
    text: str
    role: str = "body"      # body | meta (title block lines) | field (a labelled line) | strong


@dataclass
class ListBlock:
    items: list[str]
    marks: list[str]        # printed numbers ("1.", "R1") or bullets


@dataclass
class PageBreak:
    pass


@dataclass
class Cell:
    paras: list[Para] = field(default_factory=list)
    fill: str | None = None     # hex without '#'
    dot: str | None = None      # hex with '#'
    bold: bool = False
    italic: bool = False
    colspan: int = 1
    rowspan: int = 1
    covered: bool = False       # inside a merge whose first cell is elsewhere
    date: date | None = None    # a deadline that is an exact calendar date or month (spreadsheets store it as one)
    symbol: bool = False        # the text is a key's symbol (needs a font that has it)

    def lines(self) -> list[str]:
        return [("• " if p.bullet else "") + p.text for p in self.paras]


@dataclass
class Row:
    kind: str                   # header | group | rec | action | key
    cells: list[Cell]


@dataclass
class Table:
    kind: str                   # plan | key | glossary
    fields: list[str]
    widths: list[float]         # relative
    header: list[Row]
    rows: list[Row]


Block = Heading | Text | ListBlock | PageBreak | Table

WIDTHS = {"ref": 1.0, "rec": 5.0, "num": 1.1, "action": 7.5, "lead": 3.0, "deadline": 2.3, "lead_by": 3.8,
          "rag": 1.6}


def text_cell(text: str | None, **kw) -> Cell:
    return Cell([Para(text)] if text else [], **kw)


def spanning_row(kind: str, text: str, n: int, **kw) -> Row:
    return Row(kind, [text_cell(text, colspan=n, **kw)] + [Cell(covered=True) for _ in range(n - 1)])


def rec_text(plan: Plan, rec: Recommendation) -> str:
    """The recommendation as printed (a priority prefix in front when the plan prints priorities so)."""
    if "prefix" in plan.features.group_rows and rec.group_label:
        return f"{rec.group_label}: {rec.text}"
    return rec.text


def rag_cell(action: Action) -> Cell:
    r = action.rag
    if r.symbol:
        return text_cell(r.symbol, symbol=True)
    if r.dot:
        return Cell([Para("●")], dot=r.dot)
    return Cell([Para(r.text)] if r.text else [], fill=r.fill, bold=bool(r.text))


def action_cell(plan: Plan, group: list[Action]) -> Cell:
    first = group[0]
    paras = list(first.paras)
    if first.number and plan.features.action_numbering == "prefix":
        paras[0] = Para(f"{first.number} {paras[0].text}", paras[0].bullet)
    return Cell(paras)


def lead_by(action: Action, rng: random.Random) -> Cell:
    parts = []
    if action.lead:
        parts.append(f"Lead: {action.lead}")
    if action.printed_deadline.text:
        parts.append(f"By: {action.printed_deadline.text}")
    if rng.random() < 0.5:
        return Cell([Para(p) for p in parts])
    return text_cell(" / ".join(parts) or None)


def group_labels(plan: Plan, rec: Recommendation) -> list[tuple[str, str]]:
    """(level, label) of the group rows above a recommendation, outermost first."""
    g = plan.features.group_rows
    theme = ("theme", rec.heading) if rec.heading else None
    timescale = ("timescale", rec.group_label) if rec.group_label and "prefix" not in g else None
    order = [timescale, theme] if g.startswith("timescale") else [theme, timescale]
    return [x for x in order if x]


def _header(plan: Plan, rng: random.Random, fields: list[str]) -> list[Row]:
    h = plan.features.headers
    labels = [f.split(":", 1)[1] if f.startswith("extra:") else h[f] for f in fields]
    n = len(fields)
    pair = next((i for i in range(n - 1) if {fields[i], fields[i + 1]} == {"lead", "deadline"}), None)
    if pair is None or rng.random() < 0.7:
        return [Row("header", [text_cell(x, bold=True) for x in labels])]
    top, bottom = [], []
    for i, label in enumerate(labels):
        if i == pair:
            top.append(text_cell(rng.choice(["Delivery", "Accountability", "Ownership"]), bold=True, colspan=2))
        elif i == pair + 1:
            top.append(Cell(covered=True))
        else:
            top.append(text_cell(label, bold=True, rowspan=2))
        bottom.append(text_cell(label, bold=True) if i in (pair, pair + 1) else Cell(covered=True))
    plan.features.render["two_row_header"] = True
    return [Row("header", top), Row("header", bottom)]


def _deadline_cell(action: Action) -> Cell:
    d = action.printed_deadline
    exact = d.months is None and d.value is not None
    return text_cell(d.text, date=d.value if exact else None)


def _rec_rows(plan: Plan, rng: random.Random, rec: Recommendation, fields: list[str]) -> list[Row]:
    f = plan.features
    n = len(fields)
    rows: list[Row] = []
    if f.recommendation_placement == "full_row":
        label = f.render.setdefault("rec_row_label", rng.choice(["Recommendation {n}: ", "Recommendation {n} – "]))
        rows.append(spanning_row("rec", label.format(n=rec.ref) + rec_text(plan, rec), n, bold=True))
    groups = plan.cells(rec)
    merged = f.recommendation_placement == "column_merged"
    for i, group in enumerate(groups):
        a = group[0]
        cells = []
        for fld in fields:
            if fld == "ref":
                cells.append(text_cell(rec.number if i == 0 or not merged else None, bold=True))
            elif fld == "rec":
                cells.append(text_cell(rec_text(plan, rec) if i == 0 or not merged else None))
            elif fld == "num":
                cells.append(text_cell(a.number))
            elif fld == "action":
                cells.append(action_cell(plan, group))
            elif fld == "lead":
                cells.append(text_cell(a.lead if i == 0 or not f.merged_leads else None))
            elif fld == "deadline":
                cells.append(_deadline_cell(a))
            elif fld == "lead_by":
                cells.append(lead_by(a, rng))
            elif fld == "rag":
                cells.append(rag_cell(a))
            else:
                cells.append(text_cell(a.extras.get(fld.split(":", 1)[1])))
        rows.append(Row("action", cells))
    if len(groups) > 1:
        spans = [fields.index(x) for x in ("ref", "rec") if merged and x in fields]
        spans += [fields.index("lead")] if f.merged_leads and "lead" in fields else []
        first = len(rows) - len(groups)
        for col in spans:
            rows[first].cells[col].rowspan = len(groups)
            for r in rows[first + 1:]:
                r.cells[col] = Cell(covered=True)
    return rows


MIN_CM = {"ref": 1.0, "num": 1.2, "rag": 1.8, "deadline": 2.2, "lead": 2.6, "lead_by": 3.2, "action": 5.0, "rec": 3.6,
          "key": 1.6, "meaning": 4.0, "term": 1.8}


def fit_widths(table: Table, total_cm: float) -> list[float]:
    """Column widths in cm filling ``total_cm``, none narrower than its field's minimum where they fit."""
    mins = [MIN_CM.get(f, 2.4) for f in table.fields]
    widths = [w * total_cm / sum(table.widths) for w in table.widths]
    for _ in range(4):
        short = [i for i, (w, m) in enumerate(zip(widths, mins)) if w < m]
        if not short:
            break
        spare = sum(widths[i] - mins[i] for i in range(len(widths)) if i not in short and widths[i] > mins[i])
        need = sum(mins[i] - widths[i] for i in short)
        take = min(1.0, spare / need) if need else 0
        for i in short:
            widths[i] += (mins[i] - widths[i]) * take
        donors = [i for i in range(len(widths)) if i not in short and widths[i] > mins[i]]
        given = need * take
        room = sum(widths[i] - mins[i] for i in donors)
        for i in donors:
            widths[i] -= given * (widths[i] - mins[i]) / room
    return widths


def plan_table(plan: Plan, rng: random.Random, recs: list[Recommendation], header: list[Row], widths: list[float],
               skip: int = 0) -> Table:
    """The plan table for these recommendations; group rows above them (the outer ``skip`` levels are headings)."""
    fields = plan.features.columns
    rows: list[Row] = []
    current: list[str | None] = [None, None]
    for rec in recs:
        labels = group_labels(plan, rec)[skip:]
        for depth, (level, label) in enumerate(labels):
            if current[depth] != label:
                rows.append(spanning_row("group", label, len(fields), bold=True, italic=level == "timescale"))
                current[depth] = label
                current[depth + 1:] = [None] * (len(current) - depth - 1)
        rows += _rec_rows(plan, rng, rec, fields)
    return Table("plan", fields, widths, header, rows)


def key_table(plan: Plan, rng: random.Random) -> Table:
    style = plan.features.rag_style
    rows = []
    for mark, meaning, colour in plan.rag_key:
        if style == "dot":
            first = Cell([Para("●")], dot=DOT_COLOURS[colour][0])
        elif style == "fill":
            first = Cell([], fill=SHADES[colour][0])
        elif style == "fill_text":
            first = text_cell(mark, fill=SHADES[colour][0], bold=True)
        else:
            first = text_cell(mark, symbol=style == "symbol", bold=True)
        rows.append(Row("key", [first, text_cell(meaning)]))
    header = rng.choice([("Key", "Meaning"), ("RAG", "Definition"), ("Symbol", "Status"), ("Rating", "What it means")])
    return Table("key", ["key", "meaning"], [1.2, 4.0], [Row("header", [text_cell(h, bold=True) for h in header])],
                 rows)


def glossary_table(plan: Plan, rng: random.Random) -> Table:
    header = rng.choice([("Abbreviation", "Meaning"), ("Acronym", "Full title"), ("Term", "Description")])
    rows = [Row("key", [text_cell(k, bold=True), text_cell(v)]) for k, v in plan.glossary]
    return Table("glossary", ["term", "meaning"], [1.3, 4.0],
                 [Row("header", [text_cell(h, bold=True) for h in header])], rows)


def title_blocks(plan: Plan, rng: random.Random, subtitle: str | None = None) -> list[Block]:
    blocks: list[Block] = []
    if rng.random() < 0.5:
        blocks += [Heading(plan.printed_council, 0), Heading(plan.title, 0)]
    else:
        blocks += [Heading(f"{plan.printed_council}: {plan.title}", 0)]
    if subtitle:
        blocks.append(Text(subtitle, "strong"))
    blocks += [Text(line, "meta") for _, line in plan.statements]
    if plan.features.title_page:
        blocks.append(PageBreak())
    return blocks


def plan_blocks(plan: Plan, rng: random.Random) -> list[Block]:
    f = plan.features
    blocks = title_blocks(plan, rng, rng.choice([None, "Children's Services", "Appendix 1", "Appendix A",
                                                 "People Directorate"]))
    if plan.narrative:
        if rng.random() < 0.6:
            blocks.append(Heading(rng.choice(["Introduction", "Background", "Purpose of this plan"]), 1))
        blocks += [Text(p) for p in plan.narrative]
    extras: list[Block] = []
    if plan.rag_key:
        extras += [Heading(rng.choice(["RAG key", "Key to ratings", "Progress key"]), 2), key_table(plan, rng)]
    if plan.glossary:
        extras += [Heading(rng.choice(["Glossary", "Abbreviations used in this plan"]), 2), glossary_table(plan, rng)]
    keys_first = rng.random() < 0.5
    if keys_first:
        blocks += extras
    if f.recommendation_placement == "list_above":
        blocks.append(Heading(rng.choice(["Ofsted recommendations", "Recommendations from the inspection report",
                                          "The recommendations"]), 1))
        marks = [rng.choice(["{n}.", "{n})", "{n}."]).format(n=r.ref) for r in plan.recommendations]
        blocks.append(ListBlock([rec_text(plan, r) for r in plan.recommendations], marks))
        blocks.append(Heading(rng.choice(["Action plan", "Actions", "What we will do"]), 1))
    header = _header(plan, rng, f.columns)
    widths = [WIDTHS.get(x, 3.0) * rng.uniform(0.8, 1.25) for x in f.columns]
    if f.group_placement == "headings":
        outer: list[list[Recommendation]] = []
        for rec in plan.recommendations:
            label = group_labels(plan, rec)[:1]
            if outer and group_labels(plan, outer[-1][0])[:1] == label:
                outer[-1].append(rec)
            else:
                outer.append([rec])
        for recs in outer:
            labels = group_labels(plan, recs[0])
            if labels:
                blocks.append(Heading(labels[0][1], 1))
            blocks.append(plan_table(plan, rng, recs, header, widths, skip=1 if labels else 0))
    else:
        blocks.append(plan_table(plan, rng, plan.recommendations, header, widths))
    if not keys_first:
        blocks += extras
    return blocks


# --------------------------------------------------------------------------- committee reports


FIELD_LABELS = {
    "lead": ["Lead officer", "Lead", "Responsible officer", "Lead Officer"],
    "deadline": ["Target date", "Timescale", "Completion date", "Target"],
    "rag": ["RAG", "Status", "RAG status", "Current status"],
}


def report_fields(plan: Plan, rng: random.Random, action: Action) -> list[tuple[str, str]]:
    labels = plan.features.render.setdefault("field_labels", {k: rng.choice(v) for k, v in FIELD_LABELS.items()})
    out = []
    if action.lead:
        out.append((labels["lead"], action.lead))
    if action.printed_deadline.text:
        out.append((labels["deadline"], action.printed_deadline.text))
    if action.rag.text:
        out.append((labels["rag"], action.rag.text))
    return out


def report_blocks(plan: Plan, rng: random.Random) -> list[Block]:
    """A council committee report on progress against the plan: front matter, sections, one entry per recommendation."""
    committee = rng.choice(["Children's Services Scrutiny Committee", "Cabinet", "Corporate Parenting Panel",
                            "Children and Young People Overview and Scrutiny Committee", "Improvement Board"])
    officer = rng.choice(["Director of Children's Services", "Strategic Director, People",
                          "Assistant Director, Children's Social Care", "Corporate Director, Children and Families"])
    blocks: list[Block] = []
    front = [Text(f"Report to: {committee}", "field")]
    for kind, line in plan.statements:
        if kind == "document":  # a report states its meeting date
            front.append(Text(f"Date: {long_date(plan.chronology.document, rng)}", "field"))
        else:
            front.append(Text(line, "meta"))
    front.append(Text(f"Report of: {officer}", "field"))
    if plan.features.title_page:
        blocks += [Heading(plan.printed_council, 0),
                   Heading(rng.choice(["Ofsted Inspection of Local Authority Children's Services",
                                       "Ofsted Inspection of Services for Children in Need of Help and Protection",
                                       "Ofsted Inspection of Children's Services"]), 0),
                   Heading(plan.title, 0)] + front + [PageBreak()]
    else:
        blocks += [Text(plan.printed_council, "strong")] + front + [Heading(plan.title, 0)]
    mode = rng.choice(["own_lines", "run_in", "brackets"])
    rec_style = rng.choice(["numbered", "labelled", "heading"])
    plan.features.render.update({"field_placement": mode, "recommendation_style": rec_style})
    sec = 1
    blocks.append(Heading(f"{sec}. Purpose of the report", 1))
    blocks.append(Text(f"This report updates the {committee} on progress against the improvement plan agreed "
                       "after the Ofsted inspection."))
    if plan.narrative:
        sec += 1
        blocks.append(Heading(f"{sec}. Background", 1))
        blocks += [Text(p) for p in plan.narrative]
    sec += 1
    blocks.append(Heading(f"{sec}. Progress against the recommendations", 1))
    current: list[str | None] = [None, None]
    for rec in plan.recommendations:
        for depth, (_, label) in enumerate(group_labels(plan, rec)):
            if current[depth] != label:
                blocks.append(Heading(label, 2))
                current[depth] = label
                current[depth + 1:] = [None] * (len(current) - depth - 1)
        action = rec.actions[0]
        if rec_style == "numbered":
            blocks.append(Text(f"{rec.ref}. {rec_text(plan, rec)}", "strong"))
        elif rec_style == "labelled":
            blocks.append(Text(f"Recommendation {rec.ref}: {rec_text(plan, rec)}", "strong"))
        else:
            blocks.append(Heading(f"Recommendation {rec.ref}", 2))
            blocks.append(Text(rec_text(plan, rec), "strong"))
        fields = report_fields(plan, rng, action)
        if mode == "own_lines":
            blocks.append(Text(rec.progress))
            blocks += [Text(f"{k}: {v}", "field") for k, v in fields]
        elif mode == "run_in":
            blocks.append(Text(rec.progress + "".join(f" {k}: {v}." for k, v in fields)))
        else:
            inner = "; ".join(f"{k}: {v}" for k, v in fields)
            blocks.append(Text(rec.progress + (f" ({inner})" if inner else "")))
    sec += 1
    blocks.append(Heading(f"{sec}. Recommendations", 1))
    blocks.append(Text(f"That the {committee} notes the progress made and the areas where further work is needed."))
    return blocks
