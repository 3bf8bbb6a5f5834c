"""``actionplans report``: one self-contained HTML page comparing authorities and years.

Five measures, each a chart and a table: actions per theme, RAG share, overdue actions, inspection
report recommendations answered by a plan, and actions followed across a plan's versions. Every stored authority appears in every
chart (with nothing to show, it says so), so a reader can compare at a glance.

Charts are pygal's SVG inlined in the page, without pygal's scripts: the page needs no network
and no JavaScript. pygal rather than matplotlib: SVG is its native output (text stays
text, so the page is searchable and testable), it is pure Python and small.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pygal
from pygal.etree import etree
from pygal.style import Style

from pipeline.exports import replacing
from pipeline.store import Store

RAG_COLOURS = {"red": "#c0392b", "amber": "#e67e22", "green": "#27ae60", "blue": "#2e86c1", "no_rag": "#95a5a6"}
SERIES_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                  "#bcbd22", "#17becf")
OVERDUE = ("an action is overdue when its deadline had passed by its document's own date and its RAG "
           "was neither green nor blue (done) then")


@dataclass
class Section:
    title: str
    explanation: str
    chart: str  # inline SVG
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]


def write_report(store: Store, output: Path) -> str:
    """Write the report; returns what it holds, in a few words."""
    authorities = store.authorities()
    summary = store.summary()
    sections = [
        _themes_section(store.theme_counts(), authorities),
        _rag_section(summary, authorities),
        _overdue_section(summary, authorities),
        _coverage_section(store.coverage(), authorities),
        _history_section(store.history(), authorities),
    ]
    page = _page(authorities, summary, sections)
    with replacing(output, binary=False) as stream:
        stream.write(page)
    return f"{len(authorities)} authorities, {len(sections)} charts"


def _chart(kind: type[pygal.graph.graph.Graph], title: str, labels: Sequence[str],
           series: dict[str, Sequence[float | None]], colours: Sequence[str] = SERIES_COLOURS,
           percent: bool = False) -> str:
    style = Style(colors=tuple(colours), background="white", plot_background="white", font_family="sans-serif",
                  label_font_size=12, major_label_font_size=12, legend_font_size=12, title_font_size=16)
    empty = not any(v for values in series.values() for v in values)
    chart = kind(
        js=[], disable_xml_declaration=True, style=style, title=title, width=960,
        height=max(260, 110 + 34 * len(labels)), truncate_label=-1, truncate_legend=-1, legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 6) or 1, print_values=False, show_y_guides=False,
        value_formatter=(lambda v: f"{v:g}%") if percent else (lambda v: f"{v:g}"),
        **({"range": (0, 100)} if percent else {"range": (0, 5)} if empty else {}),
    )
    # pygal draws horizontal bars bottom-up: reversed, the chart reads top-down like its table.
    chart.x_labels = list(reversed(labels))
    for name, values in series.items():
        chart.add(name, list(reversed(values)))
    return _without_scripts(chart.render_tree())


def _without_scripts(svg: Any) -> str:
    """The chart as SVG text, less the config script pygal always adds (useless without its JS)."""
    for parent in svg.iter():
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.endswith("script"):
                parent.remove(child)
    return etree.tostring(svg, encoding="unicode")


def _themes_section(counts: list[dict[str, Any]], authorities: list[str]) -> Section:
    themes = sorted({r["theme"] for r in counts})
    per: dict[tuple[str, str | None], int] = defaultdict(int)
    for r in counts:
        per[(r["theme"], r["authority"])] += r["actions_own"]
    series = {a: [per[(t, a)] for t in themes] for a in authorities}
    labels = themes or ["(no themed actions stored)"]
    chart = _chart(pygal.HorizontalBar, "Actions per theme (own text), all years", labels,
                   series if themes else {a: [0] for a in authorities})
    groups = sorted({(r["authority"] or "?", r["year"]) for r in counts}, key=lambda g: (g[0], g[1] or 0))
    cells = {(r["theme"], r["authority"] or "?", r["year"]): r["actions_own"] for r in counts}
    rows = [[t, *(cells.get((t, a, y), 0) for a, y in groups)] for t in themes]
    return Section(
        "Actions per theme",
        "Actions whose own text carries the theme (not one inherited from its recommendation), per "
        "authority: all years in the chart, per year in the table.",
        chart, ("theme", *(f"{a} {y or '(undated)'}" for a, y in groups)), rows,
    )


def _authority_years(summary: list[dict[str, Any]], authorities: list[str]) -> list[tuple[str, dict[str, Any] | None]]:
    """(label, summary row) per authority and year; an authority without plans once, with None."""
    rows: list[tuple[str, dict[str, Any] | None]] = []
    for name in authorities:
        mine = [r for r in summary if r["authority"] == name]
        rows += [(f"{name} {r['year'] or '(undated)'}", r) for r in mine] or [(f"{name} (no plans stored)", None)]
    return rows


def _rag_section(summary: list[dict[str, Any]], authorities: list[str]) -> Section:
    entries = _authority_years(summary, authorities)
    series = {}
    for colour in RAG_COLOURS:
        series["no RAG" if colour == "no_rag" else colour] = [
            round(100 * r[colour] / r["actions"], 1) if r and r["actions"] else 0 for _, r in entries
        ]
    chart = _chart(pygal.HorizontalStackedBar, "RAG share of actions, per authority and year",
                   [label for label, _ in entries], series, colours=tuple(RAG_COLOURS.values()), percent=True)
    rows = [[label, r["actions"] if r else 0, *(_share(r, c) for c in RAG_COLOURS)] for label, r in entries]
    return Section("RAG share", "Share of each plan's actions by the RAG status it states (no RAG: none stated).",
                   chart, ("authority and year", "actions", "red", "amber", "green", "blue", "no RAG"), rows)


def _share(row: dict[str, Any] | None, column: str) -> str:
    if not row or not row["actions"]:
        return "–"
    return f"{row[column]} ({100 * row[column] / row['actions']:.0f}%)"


def _overdue_section(summary: list[dict[str, Any]], authorities: list[str]) -> Section:
    entries = _authority_years(summary, authorities)
    series = {
        "overdue": [r["overdue"] if r else 0 for _, r in entries],
        "dated, not overdue": [r["with_deadline"] - r["overdue"] if r else 0 for _, r in entries],
        "no date": [r["actions"] - r["with_deadline"] if r else 0 for _, r in entries],
    }
    chart = _chart(pygal.HorizontalStackedBar, "Overdue actions, per authority and year",
                   [label for label, _ in entries], series, colours=("#c0392b", "#7f8c8d", "#d5d8dc"))
    rows = [[label, r["actions"], r["with_deadline"], r["overdue"]] if r else [label, 0, 0, 0] for label, r in entries]
    return Section("Overdue actions", f"Per plan year: {OVERDUE}.", chart,
                   ("authority and year", "actions", "with a deadline", "overdue"), rows)


def _coverage_section(coverage: list[dict[str, Any]], authorities: list[str]) -> Section:
    answered: dict[tuple[str, str, str, str | None, str], bool] = defaultdict(bool)
    for r in coverage:  # a recommendation is answered when any plan answering its report answers it
        answered[(r["authority"], r["report"], r["report_source"], r["ref"], r["recommendation"])] |= r["answered"]
    per_report: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for (authority, report, *_), yes in answered.items():
        per_report[(authority, report)].append(yes)
    entries: list[tuple[str, list[bool] | None]] = []
    for name in authorities:
        mine = [(report, answers) for (a, report), answers in per_report.items() if a == name]
        entries += mine or [(f"{name} (no report linked to a stored plan)", None)]
    series = {
        "answered": [sum(a) if a else 0 for _, a in entries],
        "not answered": [len(a) - sum(a) if a else 0 for _, a in entries],
    }
    chart = _chart(pygal.HorizontalStackedBar, "Inspection report recommendations answered by a plan action",
                   [label for label, _ in entries], series, colours=("#27ae60", "#c0392b"))
    rows = [[label, len(a), sum(a), len(a) - sum(a)] if a else [label, 0, 0, 0] for label, a in entries]
    return Section(
        "Report recommendations answered",
        "Per Ofsted report a stored plan answers: its recommendations with at least one action, in any "
        "plan answering the report, that answers them (see `actionplans coverage`).",
        chart, ("report", "recommendations", "answered", "not answered"), rows,
    )


RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "blue": 3}


def _history_section(tracked: list[dict[str, Any]], authorities: list[str]) -> Section:
    """Per authority: actions followed across two or more versions of a plan, how their RAG moved, and closures."""
    counts: dict[str, dict[str, int]] = {a: defaultdict(int) for a in authorities}
    for t in tracked:
        rags = [RAG_ORDER.get(v["rag"] or "") for v in t["versions"]]
        c = counts.setdefault(t["authority"] or "?", defaultdict(int))
        c["tracked"] += 1
        c["across versions"] += len(rags) > 1
        moves = [(a, b) for a, b in zip(rags, rags[1:]) if a is not None and b is not None and a != b]
        c["RAG improved"] += sum(b > a for a, b in moves)
        c["RAG worsened"] += sum(b < a for a, b in moves)
        c["closed"] += t["closed"]
        c["added later"] += t["versions"][0]["change"] in ("added", "split")
    columns = ("tracked", "across versions", "RAG improved", "RAG worsened", "added later", "closed")
    names = list(counts)
    chart = _chart(pygal.HorizontalBar, "Actions across plan versions", names,
                   {c: [counts[n][c] for n in names] for c in columns[1:]})
    return Section(
        "Actions across plan versions",
        "Actions of one plan followed from version to version (`actionplans history`): how many appear in two or "
        "more versions, RAG moves between consecutive versions, actions added in a later version, and actions "
        "closed (absent from the plan's latest version).",
        chart, ("authority", *columns), [[n, *(counts[n][c] for c in columns)] for n in names],
    )


CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; color: #222; }
h1 { margin-bottom: .2rem; } .lede { color: #555; margin-top: 0; }
section { margin: 2.5rem 0; } figure { margin: 0; } svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin-top: 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f4f6f7; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
"""


def _page(authorities: list[str], summary: list[dict[str, Any]], sections: list[Section]) -> str:
    plans = sum(r["plans"] for r in summary)
    actions = sum(r["actions"] for r in summary)
    body = "".join(
        f"<section><h2>{html.escape(s.title)}</h2><p>{html.escape(s.explanation)}</p>"
        f"<figure>{s.chart}</figure>{_table(s.columns, s.rows)}</section>"
        for s in sections
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Post-Ofsted action plans: authorities compared</title>"
        f"<style>{CSS}</style></head><body>"
        "<h1>Post-Ofsted action plans: authorities compared</h1>"
        f'<p class="lede">{len(authorities)} authorities ({html.escape(", ".join(authorities)) or "none"}), '
        f"{plans} plans, {actions} actions. Made by actionplans on {date.today().isoformat()}.</p>"
        f"{body}</body></html>\n"
    )


def _table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="n">{v}</td>' if isinstance(v, (int, float)) else f"<td>{html.escape(str(v))}</td>"
            for v in row
        ) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
