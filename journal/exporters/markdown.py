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

_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")


def md_text(text: str) -> str:
    """The person's words, shown as written: Markdown's special characters escaped."""
    lines = []
    for line in text.splitlines() or [""]:
        line = _INLINE.sub(r"\\\1", line)
        lines.append(_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line))
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(md_text(text).split())


def table_lines(table: Table) -> list[str]:
    header = "| " + " | ".join(_cell(c) or " " for c in table.columns) + " |"
    rule = "|" + "|".join("---:" if numeric else ":---" for numeric in table.numeric) + "|"
    rows = ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in table.rows]
    return [header, rule, *rows]


def section_lines(section: Section) -> list[str]:
    lines = [f"## {md_text(section.title)}", ""]
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
    yield f"# {md_text(summary.title)}"
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
    lines = [f"### {md_text(heading)}", ""]
    facts = summary_facts(entry, names)
    if facts:
        lines += ["*" + md_text("; ".join(facts)) + "*", ""]
    lines += [md_text(entry.situation.strip()), ""]
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
