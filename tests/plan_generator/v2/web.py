"""Blocks as a council web page: site furniture, headings, a table with thead, rowspan/colspan, fills and dots."""

from __future__ import annotations

import random
from html import escape
from pathlib import Path

from .blocks import Block, Cell, Heading, ListBlock, PageBreak, Table, Text
from .plan import DOT_COLOURS, SHADES, Plan

NAV = ["Home", "Children and families", "Schools and learning", "Social care and health", "Council and democracy",
       "Your council"]
CSS = """
body { font-family: %(font)s; font-size: %(size)s; margin: 0; color: #222; }
header.site { background: %(brand)s; color: #fff; padding: 10px 24px; }
header.site a { color: #fff; text-decoration: none; font-weight: bold; font-size: 18px; }
nav.main ul { list-style: none; margin: 0; padding: 6px 24px; background: #eee; }
nav.main li { display: inline; margin-right: 16px; }
.breadcrumb { font-size: 12px; padding: 8px 24px; }
main { padding: 0 24px 24px; }
table { border-collapse: collapse; width: 100%%; margin: 12px 0; }
th, td { border: 1px solid #999; padding: 4px; vertical-align: top; text-align: left; }
thead th { background: %(head)s; }
tr.group td { background: %(group)s; font-weight: bold; }
td ul { margin: 0; padding-left: 16px; }
td p { margin: 0 0 4px; }
.rag-red { background-color: #FF0000; } .rag-amber { background-color: #FFC000; }
.rag-green { background-color: #00B050; } .rag-blue { background-color: #0070C0; }
.dot { font-size: 18px; line-height: 1; } .dot-red { color: #FF0000; } .dot-amber { color: #FFC000; }
.dot-green { color: #00B050; } .dot-blue { color: #0070C0; }
footer { border-top: 1px solid #ccc; font-size: 12px; padding: 12px 24px; }
"""
FAMILY = {"FF0000": "red", "FFC000": "amber", "00B050": "green", "0070C0": "blue"}


def _family(hex_colour: str) -> str | None:
    """Which colour family a drawn fill or dot belongs to (for its CSS class)."""
    h = hex_colour.lstrip("#").upper()
    for family, shades in SHADES.items():
        if h in shades or h in {c.lstrip("#").upper() for c in DOT_COLOURS[family]}:
            return family
    return FAMILY.get(h)


class PageWriter:
    def __init__(self, plan: Plan, rng: random.Random) -> None:
        self.plan, self.rng = plan, rng
        self.use_classes = rng.random() < 0.5   # fills and dots by CSS class, else inline style
        self.cell_markup = rng.choice(["p", "br"])
        self.out: list[str] = []
        self.h1_done = False

    def cell(self, spec: Cell, tag: str) -> str:
        attrs = []
        if spec.rowspan > 1:
            attrs.append(f'rowspan="{spec.rowspan}"')
        if spec.colspan > 1:
            attrs.append(f'colspan="{spec.colspan}"')
        if spec.fill:
            family = _family(spec.fill)
            if self.use_classes and family and not spec.paras:
                attrs.append(f'class="rag-{family}"')
            else:
                attrs.append(f'style="background-color:#{spec.fill}"')
        if spec.dot:
            family = _family(spec.dot)
            inner = (f'<span class="dot dot-{family}">●</span>' if self.use_classes and family else
                     f'<span style="color:{spec.dot.lower()}">●</span>')
        else:
            plain = [escape(p.text) for p in spec.paras if not p.bullet]
            items = [escape(p.text) for p in spec.paras if p.bullet]
            if self.cell_markup == "p" and len(plain) > 1:
                inner = "".join(f"<p>{t}</p>" for t in plain)
            else:
                inner = "<br>".join(plain)
            if items:
                inner += "<ul>" + "".join(f"<li>{t}</li>" for t in items) + "</ul>"
            if spec.bold and tag == "td" and inner:
                inner = f"<strong>{inner}</strong>"
            if spec.italic and inner:
                inner = f"<em>{inner}</em>"
        return f"<{tag}{' ' if attrs else ''}{' '.join(attrs)}>{inner}</{tag}>"

    def table(self, block: Table) -> None:
        cls = {"plan": "plan", "key": "key small", "glossary": "glossary small"}[block.kind]
        self.out.append(f'<table class="{cls}">')
        self.out.append("<thead>")
        for row in block.header:
            self.out.append("<tr>" + "".join(self.cell(c, "th") for c in row.cells if not c.covered) + "</tr>")
        self.out.append("</thead><tbody>")
        for row in block.rows:
            cls_attr = ' class="group"' if row.kind in ("group", "rec") else ""
            self.out.append(f"<tr{cls_attr}>" + "".join(self.cell(c, "td") for c in row.cells if not c.covered)
                            + "</tr>")
        self.out.append("</tbody></table>")

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            tag = "h1" if block.level == 0 and not self.h1_done else f"h{min(block.level + 2, 4)}"
            self.h1_done = True
            self.out.append(f"<{tag}>{escape(block.text)}</{tag}>")
        elif isinstance(block, Text):
            cls = ' class="meta"' if block.role == "meta" else ""
            text = f"<strong>{escape(block.text)}</strong>" if block.role == "strong" else escape(block.text)
            self.out.append(f"<p{cls}>{text}</p>")
        elif isinstance(block, ListBlock):
            ordered = all(m.rstrip(".)").isdigit() for m in block.marks)
            self.out.append('<ol class="recommendations">' if ordered else '<ul class="recommendations">')
            for mark, item in zip(block.marks, block.items):
                self.out.append(f'<li value="{mark.rstrip(".)")}">{escape(item)}</li>' if ordered
                                else f"<li>{escape(mark)} {escape(item)}</li>")
            self.out.append("</ol>" if ordered else "</ul>")
        elif isinstance(block, PageBreak):
            return
        else:
            self.table(block)

    def render(self, blocks: list[Block], path: Path) -> None:
        plan, rng = self.plan, self.rng
        css = CSS % {"font": rng.choice(["Arial, sans-serif", "'Open Sans', Arial, sans-serif", "Verdana, sans-serif",
                                          "Georgia, serif"]),
                     "size": rng.choice(["14px", "15px", "16px"]), "brand": rng.choice(["#005ea5", "#1d3c6e", "#6a1b5d",
                                                                                         "#00703c", "#333"]),
                     "head": rng.choice(["#d9d9d9", "#dbe5f1", "#e2efda", "#fce4d6"]),
                     "group": rng.choice(["#f2f2f2", "#fff2cc", "#deeaf6"])}
        council = escape(plan.printed_council)
        self.out += ["<!DOCTYPE html>", '<html lang="en-GB"><head><meta charset="utf-8">',
                     f"<title>{escape(plan.title)} | {council}</title>",
                     '<meta name="viewport" content="width=device-width, initial-scale=1">',
                     f"<style>{css}</style></head><body>",
                     '<a class="skip" href="#content">Skip to main content</a>',
                     f'<header class="site"><a href="/">{council}</a></header>',
                     '<nav class="main"><ul>' + "".join(f'<li><a href="#">{n}</a></li>' for n in NAV) + "</ul></nav>",
                     f'<div class="breadcrumb">Home › Children and families › {rng.choice(["Ofsted", "Performance", "Children’s services improvement"])}</div>',
                     '<main id="content">']
        for block in blocks:
            self.block(block)
        year = plan.chronology.document.year
        self.out += ["</main>", f"<footer><p>© {council} {year}</p><ul class=\"links\"><li>Accessibility</li>"
                     "<li>Cookies</li><li>Privacy</li><li>Contact us</li></ul></footer>", "</body></html>"]
        path.write_text("\n".join(self.out) + "\n", encoding="utf-8")
        plan.features.render.update({"styling": "css_classes" if self.use_classes else "inline_style",
                                     "cell_markup": self.cell_markup})
