"""Plan tables to recommendations and actions, in document order.

Group rows (timescales, themes) carry onto the rows below them, either kind
enclosing the other; a recommendation is a column beside the actions, a
merged cell, a row printed across the table ("Recommendation 2: ..."), a row
of the one text column, or a number referring to a recommendation listed in
the prose before the table. An unnumbered action cell holding a list is one
action per item sharing the row's lead, deadline and RAG; an action printing
no deadline takes its header's date, else its timescale group's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extractors.build.cells import SOFT_ENGINES, actions_in, flat, lined_up, value_lines
from extractors.build.rows import Row, cut_quote, group_kind, number, opens_recommendation, sole_text, values
from extractors.text import SENTENCE_END, comparable, fold, unquote
from extractors.vocabulary import DATE_RE, LETTER_NUMBER, REC_NUMBER, TITLE_ONLY, labelled_recommendation, REF_CELL, is_priority_heading, strip_bullet, timescale
from models.records import Provenance, RawAction, RawDocument, RawRecommendation

_INHERITED = ("lead", "deadline", "rag", "cost")  # a recommendation row's cells its actions share
_LINED_UP = ("lead", "deadline", "rag")  # cells that may print one value per action, side by side
_LETTER_REF = re.compile(r"^\s*\(?([A-Za-z])\)?\s*$")  # "(a)" beside a recommendation: its letter
_PRIORITY_PREFIX = re.compile(r"^\s*+([^:]{3,40}?)\s*:\s*(?=\S)")  # possessive: a long margin is not tried from each space


@dataclass
class Listed:
    """A recommendation printed in the prose before a table, which the table refers to by number."""

    ref: str
    text: str
    priority: str | None = None
    heading: str | None = None


@dataclass
class _State:
    doc: RawDocument
    key: dict[str, str]
    listed: dict[str, Listed]
    heading: str | None = None
    priority: str | None = None
    priority_outer: bool = False  # priority groups hold sections, not the other way round
    last_group: str | None = None
    rec_index: int | None = None
    rec_defaults: dict[str, str] = field(default_factory=dict)
    inferred_refs: dict[int, str] = field(default_factory=dict)
    lettered_actions: set[int] = field(default_factory=set)  # tables whose letter column numbers actions


def _provenance(row: Row) -> Provenance:
    return Provenance(page=row.page, table=row.table.index, row=row.index, line=row.line, engine=row.table.engine or None)


def _enter_group(state: _State, kind: str, text: str) -> None:
    """Open a section or priority group, keeping whichever of the two encloses the other."""
    if kind == "section":
        state.priority_outer = state.priority_outer or state.last_group == "priority"
        state.heading = text
        if not state.priority_outer:
            state.priority = None
    else:
        state.priority = text.rstrip(":. ")
        if state.priority_outer:
            state.heading = None
    state.last_group = kind


def split_priority(text: str) -> tuple[str | None, str]:
    """("Immediately", "Ensure ...") for "Immediately: Ensure ..."; (None, text) otherwise."""
    match = _PRIORITY_PREFIX.match(text)
    if match and is_priority_heading(match.group(1)):
        return match.group(1).strip(), text[match.end():]
    return None, text


def _add_recommendation(state: _State, row: Row, raw: str, ref: str | None, shared: bool,
                        listed: dict[str, Listed] | None = None) -> None:
    text = raw
    labelled = labelled_recommendation(text)
    if labelled:
        ref, text = ref or labelled[0], labelled[1]
    match = (REC_NUMBER.match(text) or LETTER_NUMBER.match(text)) if ref is None else None
    if match and len(text) > match.end():
        ref, text = next(g for g in match.groups() if g), text[match.end():]
    priority, text = split_priority(text)
    if priority:
        state.priority = priority
    text = unquote(fold(strip_bullet(text)) or "")
    listed = (listed or state.listed).get(ref or "") if ref and len(text.split()) <= 1 else None
    if listed:
        text = unquote(listed.text)
        state.priority = listed.priority or state.priority
    key = comparable(text)
    seen = next((i for i, r in enumerate(state.doc.recommendations) if comparable(r.text) == key
                 and (ref is None or r.ref in (None, ref))), None)
    if seen is not None:  # printed again (on each of its action rows, or quoted again further on): the same one
        state.rec_index = seen
        return
    state.doc.recommendations.append(RawRecommendation(
        text=text, ref=ref, priority_raw=state.priority, heading=state.heading or (listed.heading if listed else None),
        provenance=_provenance(row)))
    state.rec_index = len(state.doc.recommendations) - 1
    own = values(row, state.key)[0] if shared else {}
    state.rec_defaults = {k: v for k, v in own.items() if k in _INHERITED}
    state.last_group = None


def _note_number(state: _State, number: str | None) -> None:
    """An action number "3.1" tells its recommendation's number; a letter ("a)") tells nothing."""
    if number and "." in number and state.rec_index is not None:
        state.inferred_refs.setdefault(state.rec_index, number.split(".")[0])


def _add_actions(state: _State, row: Row, text: str, ref: str | None) -> None:
    _note_number(state, ref)
    own, extra = values(row, state.key)
    hard = row.table.engine not in SOFT_ENGINES
    beside = {len(value_lines(v, hard)) for k, v in own.items() if k in _LINED_UP}
    found = actions_in(text, ref is not None, hard, beside)
    for name, value in state.rec_defaults.items():
        own.setdefault(name, value)
    if "deadline" not in own:
        rec = state.doc.recommendations[state.rec_index] if state.rec_index is not None else None
        dated = next((m.group(0) for t in row.header.texts if (m := DATE_RE.search(t))), None)
        deadline = dated or timescale(rec.priority_raw if rec else state.priority)
        if deadline:
            own["deadline"] = deadline
    for index, (number_, item, labelled) in enumerate(found):
        _note_number(state, number_)
        fields = {name: lined_up(value, index, len(found), hard) for name, value in own.items()}
        fields.update(labelled)
        state.doc.actions.append(RawAction(action=item, recommendation_index=state.rec_index, ref=number_ or ref,
                                           extra=dict(extra), provenance=_provenance(row), **fields))


def _listed_ref(state: _State, row: Row) -> str | None:
    """The number of a listed recommendation the row's ref or recommendation cell refers to."""
    rec, _ = row.header.text_cols
    for col in (row.header.col("ref"), rec):
        text = (fold(row.own(col)) or "").rstrip(".)")
        if text and text in state.listed:
            return text
    return None


def _read_row(state: _State, row: Row, nxt: Row | None) -> None:
    rec_col, act_col = row.header.text_cols
    ref_cell = fold(row.own(row.header.col("ref")))
    printed = REF_CELL.match(ref_cell or "")
    number_, rest = number(row)
    quoted = cut_quote(row)
    if quoted:
        _add_recommendation(state, row, quoted[0], quoted[1] or (printed.group(1) if printed else None), shared=False)
    listed = _listed_ref(state, row)
    if listed and (state.rec_index is None or state.doc.recommendations[state.rec_index].ref != listed):
        _add_recommendation(state, row, listed, listed, shared=False)
    if quoted:
        if fold(rest):
            _add_actions(state, row, row.text(act_col), number_)
        return
    if rec_col is not None:
        rec_text = flat(row.own(rec_col))
        head, _, tail = row.own(rec_col).strip().partition("\n")
        titled = TITLE_ONLY.match(head)
        if titled and tail.strip():  # "Area for improvement 1" over its text
            rec_text, ref_cell = flat(tail), titled.group(1)
            printed = REF_CELL.match(ref_cell)
        lettered = _LETTER_REF.match(ref_cell or "") if row.table.index not in state.lettered_actions else None
        ref = printed.group(1) if printed else lettered.group(1) if lettered else None
        if rec_text and _continues_recommendation(state, row, rec_text):
            rec_text = ""
        if rec_text and not (listed and rec_text.rstrip(".)") == listed):
            _add_recommendation(state, row, rec_text, ref, shared=not fold(rest))
        if fold(rest):
            _add_actions(state, row, row.text(act_col), number_)
        return
    last = nxt is None or nxt.table is not row.table
    if number_ is None and not listed and opens_recommendation(row, nxt, last):
        _add_recommendation(state, row, flat(row.text(act_col)), printed.group(1) if printed else None, shared=True)
        return
    _add_actions(state, row, row.text(act_col), number_)


def _continues_recommendation(state: _State, row: Row, text: str) -> bool:
    """The rest of a merged recommendation cell that an unruled table printed beside the next action
    (lower case, after a recommendation not yet ended): appended to it."""
    if row.table.engine not in SOFT_ENGINES or not text[:1].islower() or state.rec_index is None:
        return False
    rec = state.doc.recommendations[state.rec_index]
    if SENTENCE_END.search(rec.text):
        return False
    rec.text = f"{rec.text} {text}"
    return True


def _lettered_actions(rows: list[Row]) -> set[int]:
    """Tables whose letter column ("(a)", "(b)") goes on under a recommendation printed once, or starts
    again at the same letter beside another recommendation: the letters number its actions, not the
    recommendations."""
    out: set[int] = set()
    seen: dict[tuple[int, str], str] = {}  # (table, letter) -> the recommendation it was first beside
    for row in rows:
        rec, ref = row.header.text_cols[0], row.header.col("ref")
        letter = _LETTER_REF.match(row.own(ref) or "") if rec is not None and ref is not None else None
        if letter is None:
            continue
        text = fold(row.own(rec))
        first = seen.setdefault((row.table.index, letter.group(1).lower()), text)
        if not text or first != text:
            out.add(row.table.index)
    return out


def _refs_from_action_numbers(doc: RawDocument, inferred: dict[int, str]) -> None:
    """Refs from the numbers of the recommendations' actions ("3.1" -> 3): where none is printed,
    and where the printed one repeats another's while the actions' number is nobody's."""
    printed = Counter(rec.ref for rec in doc.recommendations if rec.ref)
    taken = set(printed)
    for index, ref in inferred.items():
        rec = doc.recommendations[index]
        if rec.ref is None:
            rec.ref = ref
        elif rec.ref != ref and printed[rec.ref] > 1 and ref not in taken:
            doc.warnings.append(f"recommendation ref {rec.ref!r} printed twice; {ref!r} taken from its action numbers")
            printed[rec.ref] -= 1
            rec.ref = ref
            taken.add(ref)


def read_rows(doc: RawDocument, rows: list[Row], key: dict[str, str], listed: dict[int, dict[str, Listed]],
              lead_in: dict[int, dict[str, Listed]], headings: dict[int, list[tuple[str, str]]]) -> None:
    """Fill ``doc.recommendations`` and ``doc.actions`` from the plan tables' rows in document order.

    ``listed`` gives, per table index, the recommendations listed in the prose before that table
    (its rows may name them by number); ``lead_in``, those printed just above it since the table
    before: a table with no recommendation column of its own answers them (the one, or the one its
    rows' action numbers name); ``headings``, the section and timescale headings printed above a
    table, (kind, text): its groups.
    """
    state = _State(doc=doc, key=key, listed={}, lettered_actions=_lettered_actions(rows))
    table = None
    for k, row in enumerate(rows):
        own = lead_in.get(row.table.index, {})
        # one recommendation titled just above a table is the one its rows answer (their numbers are
        # the actions'); several listed above it are named by number in its rows
        state.listed = {} if len(own) == 1 else listed.get(row.table.index, {})
        if row.table is not table:
            for kind, text in headings.get(row.table.index, []):
                _enter_group(state, kind, text)
                if kind == "section":  # a new part of the plan: its own recommendations
                    state.rec_index = None
        if row.table is not table and row.header.col("recommendation") is None and len(own) == 1:
            first = next(iter(own.values()))
            _add_recommendation(state, row, first.ref, first.ref, shared=False, listed=own)
        if len(own) > 1 and (n := number(row)[0]) and "." in n and n.split(".")[0] in own \
                and (state.rec_index is None or state.doc.recommendations[state.rec_index].ref != n.split(".")[0]):
            _add_recommendation(state, row, n.split(".")[0], n.split(".")[0], shared=False, listed=own)
        table = row.table
        nxt = rows[k + 1] if k + 1 < len(rows) else None
        kind = group_kind(row, nxt)
        if kind:
            _enter_group(state, kind, sole_text(row) or "")
        else:
            _read_row(state, row, nxt)
    _refs_from_action_numbers(doc, state.inferred_refs)
    _drop_unanswered(doc)


def _drop_unanswered(doc: RawDocument) -> None:
    """Recommendation rows that no action row answers (an aim printed with no action) are no records."""
    used = {a.recommendation_index for a in doc.actions}
    keep = [i for i in range(len(doc.recommendations)) if i in used]
    if not doc.actions or len(keep) == len(doc.recommendations):
        return
    where = {old: new for new, old in enumerate(keep)}
    doc.recommendations[:] = [doc.recommendations[i] for i in keep]
    for action in doc.actions:
        action.recommendation_index = where.get(action.recommendation_index) if action.recommendation_index is not None else None
