"""The coach summary in Markdown: reads as plain text, renders as a tidy page."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from journal.entry_text import IMPORTED_NOTE, summary_details, summary_facts
from journal.exporters.summary import (
    Section,
    Summary,
    Table,
    summary_of,
)
from journal.records import Entry
from journal.services.exports import ExportSource

# Characters that start inline markup anywhere in a line (GFM adds ~ for strikethrough and |
# for tables); & would begin an entity such as &copy;.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# In a heading a closing run of # would be dropped: every # is escaped.
_IN_HEADING = re.compile(r"([\\`*_\[\]<>|~&#])")
# What opens a block at the start of a line: headings, setext underlines (=, -), lists,
# thematic breaks. `*`, `_`, `>`, `~`, backticks and `|` are escaped everywhere already.
_BLOCK_START = re.compile(r"^([#=+-])")
_ORDERED = re.compile(r"^(\d+)([.)])")
_LINE_BREAKS = re.compile(r"\r\n?")


def _escaped_line(line: str, inline: re.Pattern[str] = _INLINE) -> str:
    line = inline.sub(r"\\\1", line.strip())
    line = _BLOCK_START.sub(r"\\\1", line)
    return _ORDERED.sub(r"\1\\\2", line)


def md_text(text: str) -> str:
    """The person's words, shown as written: every character Markdown would read as markup
    escaped, each line break kept (a backslash at a line's end is a hard break), and blank
    lines kept as one paragraph break. White space at the ends of lines is dropped: renderers
    drop it (markdown-it even a no-break space around a paragraph)."""
    paragraphs: list[list[str]] = [[]]
    for line in _LINE_BREAKS.sub("\n", text).split("\n"):
        if line.strip():
            paragraphs[-1].append(_escaped_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(lines) for lines in paragraphs if lines)


def md_line(text: str, *, heading: bool = False) -> str:
    """Text on one line (a heading, a table cell): white space runs become one space. In a
    heading every # is escaped, as a closing run of them would be dropped."""
    return _escaped_line(" ".join(text.split()), _IN_HEADING if heading else _INLINE)


def _cell(text: str) -> str:
    return md_line(text)


def table_lines(table: Table) -> list[str]:
    header = "| " + " | ".join(_cell(c) or " " for c in table.columns) + " |"
    rule = "|" + "|".join("---:" if numeric else ":---" for numeric in table.numeric) + "|"
    rows = ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in table.rows]
    return [header, rule, *rows]


def section_lines(section: Section) -> list[str]:
    lines = [f"## {md_line(section.title, heading=True)}", ""]
    for paragraph in section.paragraphs:
        lines += [md_text(paragraph), ""]
    for label, words in section.quote:
        lines.append(f"**{label}:**")
        lines.append("")
        lines += [f"> {line}" if line else ">" for line in md_text(words).splitlines()]
        lines.append("")
    for item in section.items:
        lines.append("- " + md_text(item).replace("\n", "\n  "))
    if section.items:
        lines.append("")
    if section.table is not None:
        lines += [*table_lines(section.table), ""]
    return lines


def summary_lines(summary: Summary) -> Iterator[str]:
    yield f"# {md_line(summary.title, heading=True)}"
    yield ""
    for fact in summary.facts:
        yield f"- {md_text(fact)}"
    yield ""
    for section in summary.sections:
        yield from section_lines(section)


def entry_lines(entry: Entry, names: dict[str, str]) -> list[str]:
    heading = f"{entry.occurred_on.isoformat()} · {entry.kind}"
    if entry.to_classify:
        heading += f" {IMPORTED_NOTE}"
    if entry.customer:
        heading += f" · {entry.customer}"
    lines = [f"### {md_line(heading, heading=True)}", ""]
    facts = summary_facts(entry, names)
    if facts:
        lines += ["*" + md_line("; ".join(facts)) + "*", ""]
    lines += [md_text(entry.situation), ""]
    for label, detail in summary_details(entry):
        lines.append(f"- **{label}:** " + md_text(detail).replace("\n", "\n  "))
    if lines[-1]:
        lines.append("")
    return lines


def entries_in_order(source: ExportSource) -> Iterable[Entry]:
    return (item.entry for item in source.entries(by_date=True))


class MarkdownExporter:
    name = "md"

    def write(self, out: TextIO, source: ExportSource) -> int:
        summary = summary_of(source)
        for line in summary_lines(summary):
            out.write(line + "\n")
        if summary.entries_title is None:
            return 0
        out.write(f"## {summary.entries_title}\n\n")
        if summary.entries_note:
            out.write(md_text(summary.entries_note) + "\n\n")
        names = source.trigger_names()
        written = 0
        for entry in entries_in_order(source):
            out.write("\n".join(entry_lines(entry, names)) + "\n")
            written += 1
        if not written:
            out.write("No entries in this period.\n")
        return written
