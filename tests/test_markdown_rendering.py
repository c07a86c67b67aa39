"""The Markdown export rendered by a real CommonMark renderer (markdown-it-py, with GFM's
tables and strikethrough): each entry's visible text is the journal's text, whatever the
person wrote."""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from journal.exporters import exporter_for
from journal.exporters.markdown import md_line, md_text
from journal.exporters.summary import Table
from journal.periods import CALENDAR_YEAR, Period, parse_quarter
from journal.records import EntryFields
from journal.services import entries
from journal.services.exports import ExportScope, ExportSource
from tests.conftest import Opener

TODAY = date(2026, 11, 22)

pytestmark = pytest.mark.journal_kinds

RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "Told them it was fine\n---\nIt was not",
    "Heading?\n===",
    "~~~\nthis would open a code block\n~~~",
    "```python\nswallowed\n```",
    "Sent &copy; notice &amp; &#35; &#x41;",
    "1. first\n2) second\n10. tenth",
    "# not a heading\n## nor this ###",
    "| a | b |\n|---|---|\n| c | d |",
    "<b>bold?</b> <!-- hidden --> <div>block</div>",
    "trailing spaces make a break  \nhere",
    "back\\slash at the end \\\n\\",
    "*not emphasis* _nor this_ **nor** ~~struck~~",
    "[a link](http://example.com) ![img](x.png) <http://example.com>",
    "- a\n+ b\n* c\n> quote",
    "    indented code?\n\ttabbed",
    "line one\nline two\n\n\nafter blank lines",
    "= sign\n- dash\n+ plus",
    "***\n___\n- - -",
    "שלום 🙂 東京 — «ü»",
    "a\r\nwindows\rold mac",
]

_PIECES = st.sampled_from(
    ["---", "===", "~~~", "```", "&copy;", "&#35;", "1.", "2)", "#", "|", "<b>", "</b>", "  ",
     "\\", "*", "_", "[", "]", "(", ")", "!", ">", "-", "+", "=", "\t", "\n", "\n\n", "é", "東",
     "\u00a0", "a", "word", " ", ":", "http://x.y", "www.x.y", "<!--", "-->", "`"]
)  # fmt: skip
hostile_text = st.lists(_PIECES, min_size=1, max_size=20).map("".join)


def _inline_text(children: list[Token]) -> str:
    shown = []
    for child in children:
        if child.type in ("text", "code_inline"):
            shown.append(child.content)
        elif child.type == "softbreak":
            shown.append(" ")
        elif child.type == "hardbreak":
            shown.append("\n")
        elif child.type == "image":
            shown.append(_inline_text(child.children or []))
        # html_inline is markup a browser would not show, so it shows nothing here.
    return "".join(shown)


def visible_blocks(markdown: str) -> list[tuple[str, str]]:
    """(the block's tag, its visible text) for each block a browser would show."""
    blocks = []
    tags: list[str] = []
    for token in RENDERER.parse(markdown):
        if token.nesting == 1:
            tags.append(token.tag)
        elif token.nesting == -1:
            tags.pop()
        elif token.type == "inline":
            blocks.append(("/".join(tags), _inline_text(token.children or [])))
        elif token.type in ("fence", "code_block", "html_block", "hr"):
            blocks.append((token.type, token.content))
    return blocks


def shown(text: str) -> str:
    """How a person expects their text to show: each line without its edge spaces, blank
    lines as one paragraph break."""
    paragraphs: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(lines) for lines in paragraphs if lines)


def text_of(blocks: list[tuple[str, str]]) -> str:
    return "\n\n".join(text for _, text in blocks)


@given(text=hostile_text)
@example(text="\n".join(HOSTILE))
@example(text="a\n\u00a0\nb")
def test_any_text_renders_as_written(text: str) -> None:
    blocks = visible_blocks(md_text(text))
    assert {tag for tag, _ in blocks} <= {"p"}
    assert text_of(blocks) == shown(text)


@given(text=hostile_text)
def test_a_detail_renders_as_written_inside_its_list_item(text: str) -> None:
    markdown = "- **Next time:** " + md_text(text).replace("\n", "\n  ")
    blocks = visible_blocks(markdown)
    assert {tag for tag, _ in blocks} <= {"ul/li/p", "ul/li"}
    assert text_of(blocks) == ("Next time: " + shown(text)).rstrip(" ")


@given(text=hostile_text)
@example(text="closing hashes ##")
@example(text="#")  # found by hypothesis: a lone # escaped twice showed its backslash
def test_a_heading_or_a_cell_renders_on_one_line_as_written(text: str) -> None:
    flat = " ".join(text.split())
    heading = visible_blocks("### " + md_line(text, heading=True))
    assert heading == [("h3", flat)]
    from journal.exporters.markdown import table_lines

    lines = table_lines(Table(columns=("trigger", "n"), numeric=(False, True), rows=((text, "3"),)))
    blocks = visible_blocks("\n".join(lines))
    assert [text for _, text in blocks] == ["trigger", "n", flat, "3"]


def export_markdown(conn: sqlite3.Connection) -> str:
    source = ExportSource(
        conn,
        ExportScope(Period.of_quarter(parse_quarter("2026-Q4", today=TODAY)), None, "full", False),
        today=TODAY,
        calendar=CALENDAR_YEAR,
    )
    out = io.StringIO()
    exporter_for("md").write(out, source)
    return out.getvalue()


def test_every_hostile_entry_renders_as_written_in_the_export(
    tmp_path: Path, open_kind: Opener
) -> None:
    conn = open_kind(tmp_path / "j.sqlite")
    for number, text in enumerate(HOSTILE):
        entries.add(
            conn,
            EntryFields(
                situation=text,
                customer=f"Acme {number} | <b>#</b> ##",
                next_time=text,
                severity=3,
                occurred_on=date(2026, 10, 1 + number),
            ),
            today=TODAY,
        )
    blocks = visible_blocks(export_markdown(conn))
    starts = [i for i, (tag, _) in enumerate(blocks) if tag == "h3"]
    assert len(starts) == len(HOSTILE)
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(blocks)], strict=True)):
        heading, *body = blocks[start:end]
        assert heading[1].endswith(f" · Acme {number} | <b>#</b> ##")
        assert {tag for tag, _ in body} <= {"p", "ul/li/p", "ul/li"}
        paragraphs = [text for tag, text in body if tag == "p"]
        details = text_of([block for block in body if block[0] != "p"])
        assert "\n\n".join(paragraphs[1:]) == shown(HOSTILE[number])  # after the facts line
        assert details == "Next time: " + shown(HOSTILE[number])
