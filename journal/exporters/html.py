"""The coach summary as one self-contained HTML page: opens in any browser, prints on A4/Letter.

Same content as the Markdown export (the same `Summary`, then the entries), plus an SVG
picture of each chart. Nothing leaves the file: no script, no font, image or link to
fetch; styles are inline. Every piece of text goes through `html.escape`, and the
person's own words keep their direction (`dir="auto"`, `<bdi>`) and their line breaks.
Entries are written one at a time as they are read, so a large journal never sits in
memory as a whole page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from typing import TextIO

from journal.entry_text import IMPORTED_NOTE, summary_details, summary_facts
from journal.exporters.markdown import entries_in_order
from journal.exporters.summary import (
    Section,
    Summary,
    Table,
    summary_of,
)
from journal.exporters.svg import chart_svg, year_svg_parts
from journal.records import KINDS, Entry
from journal.services.exports import ExportSource

STYLE = """
:root {
  color-scheme: light;
  --ink: #22262b;
  --soft: #5b626b;
  --paper: #fdfcf9;
  --rule: #dcd8d0;
  --band: #f3f1ec;
  --slip: #9b3d35;
  --save: #2f6f45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue",
    Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  font-size: 16px;
  line-height: 1.55;
  color: var(--ink);
  background: var(--paper);
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    color-scheme: dark;
    --ink: #e4e2dd;
    --soft: #a7aab0;
    --paper: #1c1e21;
    --rule: #3d4147;
    --band: #25282c;
    --slip: #e0867c;
    --save: #8fcaa0;
  }
  svg.chart .slip { fill: #c7665d; }
}
* { box-sizing: border-box; }
body { margin: 0; }
main { max-width: 48rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
h1, h2, h3 { line-height: 1.25; font-weight: 650; }
h1 { font-size: 1.75rem; margin: 0 0 0.75rem; letter-spacing: -0.01em; }
h2 {
  font-size: 1.2rem; margin: 2.4rem 0 0.7rem; padding-bottom: 0.3rem;
  border-bottom: 1px solid var(--rule);
}
h3 { font-size: 1rem; margin: 0 0 0.35rem; }
p { margin: 0 0 0.75rem; }
ul { margin: 0 0 0.9rem; padding-left: 1.3rem; }
li { margin: 0.2rem 0; }
.facts { list-style: none; padding: 0; color: var(--soft); font-size: 0.92rem; }
.facts li { margin: 0.1rem 0; }
.table-wrap { overflow-x: auto; margin: 0.4rem 0 1rem; }
table { border-collapse: collapse; width: auto; min-width: 60%; font-size: 0.9rem; }
th, td { padding: 0.32rem 0.75rem; text-align: left; vertical-align: top; }
thead th {
  font-weight: 600; color: var(--soft); border-bottom: 1.5px solid var(--ink);
  vertical-align: bottom;
}
tbody th { font-weight: 500; min-width: 8rem; }
tbody tr { border-bottom: 1px solid var(--rule); }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
th:first-child, td:first-child { padding-left: 0; }
th:last-child, td:last-child { padding-right: 0; }
figure { margin: 0.6rem 0 0.9rem; }
svg.chart { display: block; width: 100%; height: auto; color: var(--ink); }
figcaption { font-size: 0.85rem; color: var(--soft); margin-top: 0.2rem; }
.quote-label { font-weight: 600; margin: 0.9rem 0 0.3rem; }
blockquote {
  margin: 0 0 0.9rem; padding: 0.1rem 0; padding-inline-start: 1rem;
  border-inline-start: 3px solid var(--rule); white-space: pre-wrap; font-style: italic;
}
/* Each line of the person's words takes the direction of its own letters. */
blockquote, .situation { unicode-bidi: plaintext; text-align: start; }
section > ul > li { white-space: pre-line; }
.entries-note { color: var(--soft); }
.entry {
  margin: 0 0 1.1rem; padding: 0.7rem 0 0.7rem 0.9rem;
  border-left: 4px solid var(--save); border-bottom: 1px solid var(--rule);
}
.entry.slip { border-left-color: var(--slip); }
.entry.save { border-left-style: double; }
.kind {
  display: inline-block; font-size: 0.78rem; font-weight: 700; letter-spacing: 0.04em;
  text-transform: uppercase; padding: 0 0.4rem; border: 1.5px solid; border-radius: 3px;
  line-height: 1.35; vertical-align: 0.08em;
}
.kind.slip { color: var(--slip); }
.kind.save { color: var(--save); border-style: dashed; }
.entry h3 time { font-variant-numeric: tabular-nums; }
.sep { color: var(--soft); padding: 0 0.15rem; }
.entry-facts { font-size: 0.88rem; color: var(--soft); margin-bottom: 0.5rem; }
.situation, .details dd { white-space: pre-wrap; overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
.details { margin: 0; font-size: 0.94rem; }
.details div { margin: 0.15rem 0; }
.details dt { display: inline; font-weight: 600; }
.details dd { display: inline; margin: 0; }
@media screen and (max-width: 34rem) {
  main { padding: 1.5rem 0.9rem 3rem; }
  table { font-size: 0.8rem; }
  th, td { padding: 0.28rem 0.35rem; }
}
@page { margin: 15mm; }
@media print {
  :root { font-size: 10.5pt; background: #fff; color: #000; }
  main { max-width: 180mm; padding: 0; margin: 0; }
  h1 { font-size: 17pt; }
  h2 { font-size: 13pt; margin-top: 1.4rem; }
  h1, h2, h3, .quote-label { break-after: avoid; page-break-after: avoid; }
  tr, figure, svg.chart, blockquote, .entry, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  .table-wrap.short { break-inside: avoid; page-break-inside: avoid; }
  svg.chart { max-width: 100%; }
  p, li { orphans: 3; widows: 3; }
  th, td { padding-top: 0.22rem; padding-bottom: 0.22rem; }
  .entry { margin-bottom: 0.6rem; padding: 0.35rem 0 0.45rem 0.7rem; }
  .entry h3 { margin-bottom: 0.15rem; }
  .entry-facts { margin-bottom: 0.25rem; }
  .entry .situation { margin-bottom: 0.3rem; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _user(text: str) -> str:
    """A piece of someone's text inside a sentence: isolated so its direction cannot leak."""
    return f"<bdi>{_e(text)}</bdi>"


def _block(text: str) -> str:
    """Multi-line text as written: escaped, line breaks kept by `white-space: pre-wrap`."""
    return _e("\n".join(text.strip().splitlines()))


def page_head(summary: Summary) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="generator" content="journal export --format html">\n'
        f"<title>{_e(summary.title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        "<body>\n<main>\n"
        f'<header>\n<h1 dir="auto">{_e(summary.title)}</h1>\n<ul class="facts">\n'
        + "".join(f'<li dir="auto">{_e(fact)}</li>\n' for fact in summary.facts)
        + "</ul>\n</header>\n"
    )


_UNBREAKABLE = re.compile(r"\d{4}-(?:\d\d-\d\d|Q\d)")


def _cell(text: str) -> str:
    """A figure's text with dates and quarters kept whole: no line break at their hyphens."""
    return _UNBREAKABLE.sub(r'<span class="nowrap">\g<0></span>', _e(text))


def table_html(table: Table) -> str:
    def cls(column: int) -> str:
        return ' class="num"' if table.numeric[column] else ""

    header = "".join(
        f'<th scope="col"{cls(i)}>{_cell(name)}</th>' for i, name in enumerate(table.columns)
    )
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            text = _cell(cell) if table.numeric[i] else _user(cell)
            tag = "th" if i == 0 else "td"
            scope = ' scope="row"' if i == 0 else ""
            cells.append(f"<{tag}{scope}{cls(i)}>{text}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>\n")
    # A short table stays on one printed page; a long one breaks between rows.
    short = " short" if len(table.rows) <= 12 else ""
    return (
        f'<div class="table-wrap{short}"><table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n'
        + "".join(rows)
        + "</tbody>\n</table></div>\n"
    )


def section_html(section: Section, number: int) -> str:
    return "".join(section_parts(section, number))


def section_parts(section: Section, number: int) -> Iterator[str]:
    """The section as a few strings: a year at a glance is written in pieces."""
    parts = [f'<section id="s{number}">\n<h2 dir="auto">{_e(section.title)}</h2>\n']
    parts += [f'<p dir="auto">{_e(paragraph)}</p>\n' for paragraph in section.paragraphs]
    for label, words in section.quote:
        parts.append(
            f'<p class="quote-label">{_e(label)}:</p>\n'
            f'<blockquote dir="auto">{_block(words)}</blockquote>\n'
        )
    if section.items:
        parts.append(
            "<ul>\n"
            + "".join(f'<li dir="auto">{_block(item)}</li>\n' for item in section.items)
            + "</ul>\n"
        )
    if section.chart is not None:
        parts.append(f"<figure>{chart_svg(section.chart, f'chart{number}')}</figure>\n")
    if section.year is not None:
        yield "".join(parts) + "<figure>"
        yield from year_svg_parts(section.year, f"year{number}")
        parts = ["</figure>\n"]
    if section.table is not None:
        parts.append(table_html(section.table))
    parts.append("</section>\n")
    yield "".join(parts)


def entry_html(entry: Entry, names: dict[str, str]) -> str:
    kind = entry.kind if entry.kind in KINDS else "other"
    day = entry.occurred_on.isoformat()
    sep = '<span class="sep">·</span>'
    heading = [
        f'<time datetime="{day}">{day}</time>',
        f'<span class="kind {kind}">{_e(entry.kind)}</span>',
    ]
    if entry.to_classify:
        heading[-1] += f" {IMPORTED_NOTE}"
    if entry.customer:
        heading.append(f'<span class="customer">{_user(entry.customer)}</span>')
    parts = [f'<article class="entry {kind}">\n<h3>{f" {sep} ".join(heading)}</h3>\n']
    facts = summary_facts(entry, names, name=_user, word=_e)
    if facts:
        parts.append(f'<p class="entry-facts">{"; ".join(facts)}</p>\n')
    parts.append(f'<p class="situation" dir="auto">{_block(entry.situation)}</p>\n')
    shown = summary_details(entry)
    if shown:
        parts.append('<dl class="details">\n')
        parts += [
            f'<div><dt>{_e(label)}:</dt> <dd dir="auto">{_block(text)}</dd></div>\n'
            for label, text in shown
        ]
        parts.append("</dl>\n")
    parts.append("</article>\n")
    return "".join(parts)


def summary_parts(summary: Summary) -> Iterator[str]:
    yield page_head(summary)
    for number, section in enumerate(summary.sections, start=1):
        yield from section_parts(section, number)


PAGE_END = "</main>\n</body>\n</html>\n"


class HtmlExporter:
    name = "html"

    def write(self, out: TextIO, source: ExportSource) -> int:
        summary = summary_of(source)
        for part in summary_parts(summary):
            out.write(part)
        if summary.entries_title is None:
            out.write(PAGE_END)
            return 0
        out.write(f'<section id="entries">\n<h2>{_e(summary.entries_title)}</h2>\n')
        if summary.entries_note:
            out.write(f'<p class="entries-note" dir="auto">{_e(summary.entries_note)}</p>\n')
        names = source.trigger_names()
        written = 0
        for entry in entries_in_order(source):
            out.write(entry_html(entry, names))
            written += 1
        if not written:
            out.write("<p>No entries in this period.</p>\n")
        out.write("</section>\n" + PAGE_END)
        return written
