"""A plan's next version: the same plan some months on, for the tests of re-runs and lineage.

From one version to the next some actions' RAG moves on (a cell's actions together), one action is added,
one closed (gone from the plan), and one word of another action's text is edited; the document states its new
date and version. Every action carries ``uid`` in the gold, the same in every version, so a test can tell which
action of one version is which of the next.
"""

from __future__ import annotations

import copy
import random
import re
from datetime import timedelta

from ..content import TOPICS, fill_template, fold
from .dates import long_date
from .plan import Para, Plan, _rag

RAG_MOVES = 0.4  # share of cells whose RAG moves on
_NEXT = {None: "amber", "red": "amber", "amber": "green", "green": "blue", "blue": "blue"}


def _single(plan: Plan, rec_actions: list) -> list:
    """Actions alone in their cell with one plain paragraph: safe to drop or edit without touching another's cell."""
    cells = [a.cell for r in plan.recommendations for a in r.actions]
    return [a for a in rec_actions if cells.count(a.cell) == 1 and len(a.paras) == 1 and not a.paras[0].bullet]


def track(plan: Plan) -> None:
    """Give the plan's actions their uids ("2.3": recommendation 2's third action), where they have none."""
    for rec in plan.recommendations:
        for k, a in enumerate(rec.actions):
            a.uid = a.uid or f"{rec.ref}.{k + 1}"


def next_version(plan: Plan, rng: random.Random, number: int) -> Plan:
    """Version ``number`` of ``plan``, or the one after the version it prints."""
    track(plan)
    later = copy.deepcopy(plan)
    chron = later.chronology
    chron.document = chron.document_date + timedelta(days=rng.randint(90, 150)) if chron.document_date \
        else chron.agreed + timedelta(days=rng.randint(200, 300))
    chron.states_document = "day"
    later.title_year = None
    printed = [int(m.group(1)) for kind, line in later.statements if kind == "document"
               for m in [re.search(r"Version (\d+)", line)] if m]
    number = printed[0] + 1 if printed else number  # a plan that printed "Version 7" goes on to 8
    later.statements = [s for s in later.statements if s[0] != "document"] + [
        ("document", f"Version {number} – last updated {long_date(chron.document, rng)}")]
    for cell in sorted({a.cell for a in later.actions}):
        if rng.random() < RAG_MOVES:
            actions = [a for a in later.actions if a.cell == cell]
            rag = _rag(rng, later.features.rag_style, _NEXT[actions[0].rag.colour])
            for a in actions:
                a.rag = rag
    roomy = [r for r in later.recommendations if len(_single(later, r.actions)) >= 2]
    closed_in = rng.choice(roomy or later.recommendations)
    closed = rng.choice(_single(later, closed_in.actions) or closed_in.actions)
    closed_in.actions.remove(closed)
    edited = rng.choice([a for r in later.recommendations for a in _single(later, r.actions)])
    words = edited.text.split()
    at = max(range(1, len(words)), key=lambda i: (len(words[i]) >= 5 and words[i].isalpha(), -abs(i - len(words) // 2)))
    words[at] = "revised" if words[at] != "revised" else "updated"
    edited.text = fold(" ".join(words))
    edited.paras = [Para(edited.text)]
    home = rng.choice(later.recommendations)
    added = copy.deepcopy(rng.choice(_single(later, home.actions) or home.actions))
    texts = {a.text for a in later.actions}
    pool = [t for topic in TOPICS.values() for t in topic["act"]]
    added.text = next(t for t in (fold(fill_template(rng, rng.choice(pool))) for _ in range(50)) if t not in texts)
    added.paras, added.uid, added.page = [Para(added.text)], f"new-{number}", None
    added.cell = max(a.cell for a in later.actions) + 1
    added.number = None
    home.actions.append(added)
    later.notes = [n for n in later.notes if not n.startswith("Version ")] + [
        f"Version {number} of the plan: RAG moved on for some actions, action {closed.uid} closed, {edited.uid}"
        f" edited, {added.uid} added."]
    return later
