"""HTML rendering: a ruled table whose recommendation cells span their action rows (rowspan).

The HTML is converted to PDF by LibreOffice (only the PDF is kept in the corpus).
"""

from __future__ import annotations

import html
import random
from pathlib import Path

from .content import Action, Plan, cells_of, priority_label, rec_printed_text

CSS = """
body { font-family: %(font)s; font-size: 8.5pt; }
h1 { font-size: 14pt; margin: 0 0 4pt 0; }
h2 { font-size: 11pt; margin: 0 0 6pt 0; }
p.meta { font-size: 8.5pt; margin: 0 0 3pt 0; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 1px solid #000000; padding: 2pt; vertical-align: top; font-size: 8pt; }
th { background: #%(head)s; text-align: left; }
td.group { background: #%(group)s; font-weight: bold; }
td.rag { text-align: center; font-weight: bold; }
ul { margin: 0; padding-left: 12pt; }
"""


def _cell_html(group: list[Action]) -> str:
    first = group[0]
    paras = list(first.paragraphs)
    number = f"{html.escape(first.number)} " if first.number else ""
    plain = [p for p in paras if not p.startswith("• ")]
    items = [p[2:] for p in paras if p.startswith("• ")]
    out = "".join(f"<p style=\"margin:0\">{number if i == 0 else ''}{html.escape(p)}</p>" for i, p in enumerate(plain))
    if items:
        if not plain and number:
            out += f"<p style=\"margin:0\">{number}</p>"
        out += "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
    return out


def html_rowspan(plan: Plan, rng: random.Random, path: Path) -> None:
    h = plan.headers
    has_ref = plan.numbering != "none"
    cols = ([h["ref"]] if has_ref else []) + [h["recommendation"], h["action"], h["lead"], h["deadline"], h["rag"],
                                               h["extra"]]
    widths = ([5] if has_ref else []) + [24, 31, 14, 10, 7, 11]
    css = CSS % {"font": rng.choice(["Arial, sans-serif", "Verdana, sans-serif", "'Times New Roman', serif"]),
                 "head": rng.choice(["D9D9D9", "BDD7EE", "FCE4D6", "E2EFDA"]),
                 "group": rng.choice(["F2F2F2", "DEEAF6", "FFF2CC"])}
    lines = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\">",
             f"<title>{html.escape(plan.printed_council)} {html.escape(plan.title)}</title>",
             f"<style>{css}</style></head><body>"]
    if plan.subtitle:
        lines.append(f"<p class=\"meta\" align=\"right\"><b>{html.escape(plan.subtitle)}</b></p>")
    lines.append(f"<h1>{html.escape(plan.printed_council)}</h1><h2>{html.escape(plan.title)}</h2>")
    if plan.inspection_line:
        lines.append(f"<p class=\"meta\">{html.escape(plan.inspection_line)}</p>")
    lines.append(f"<p class=\"meta\">{html.escape(plan.date_line)}</p>")
    head = rng.choice(["#D9D9D9", "#BDD7EE", "#FCE4D6", "#E2EFDA"])
    lines.append("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">")
    lines.append("<thead><tr>" + "".join(
        f"<th width=\"{w}%\" bgcolor=\"{head}\" align=\"left\" valign=\"top\">{html.escape(c)}</th>"
        for c, w in zip(cols, widths)) + "</tr></thead><tbody>")
    group_fill = rng.choice(["#F2F2F2", "#DEEAF6", "#FFF2CC"])
    heading, priority = object(), object()
    for rec in plan.recommendations:
        if rec.heading and rec.heading != heading:
            lines.append(f"<tr><td bgcolor=\"{group_fill}\" colspan=\"{len(cols)}\"><b>{html.escape(rec.heading)}</b></td></tr>")
            heading = rec.heading
        label = None
        if rec.priority and rec.priority != priority:
            label = priority_label(rng, rec.priority)
            if plan.priority_style == "rows":
                lines.append(f"<tr><td colspan=\"{len(cols)}\"><i><b>{html.escape(label)}</b></i></td></tr>")
            priority = rec.priority
        groups = cells_of(rec)
        span = f" rowspan=\"{len(groups)}\"" if len(groups) > 1 else ""
        for i, group in enumerate(groups):
            a = group[0]
            row = []
            if i == 0:
                if has_ref:
                    row.append(f"<td{span}><b>{html.escape(rec.number)}</b></td>")
                row.append(f"<td{span}>{html.escape(rec_printed_text(rec, plan, label))}</td>")
            row.append(f"<td>{_cell_html(group)}</td>")
            row.append(f"<td>{html.escape(a.lead or '')}</td>")
            row.append(f"<td>{html.escape(a.deadline_text or '')}</td>")
            row.append(f"<td align=\"center\"><b>{html.escape(a.rag_printed or '')}</b></td>")
            row.append(f"<td>{html.escape(a.extra or '')}</td>")
            lines.append("<tr>" + "".join(row) + "</tr>")
    lines.append("</tbody></table>")
    lines.append(f"<p class=\"meta\">{html.escape(plan.printed_council)} – {html.escape(plan.title)}</p>")
    lines.append("</body></html>")
    path.write_text("\n".join(lines), encoding="utf-8")
    plan.notes.append("Printed from an HTML table whose recommendation cells span their action rows (rowspan).")
