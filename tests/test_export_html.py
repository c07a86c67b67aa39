"""The HTML coach summary: one self-contained page holding the Markdown's content.

The page is read back with the standard library's parser: its tables must be the summary's
tables cell for cell, each chart an SVG with one bar per label and series, the person's
words escaped yet shown as written, and the entries in date order, written one at a time.
No browser is needed (bench/html_screenshot.py renders the page for a person to look at).
"""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journal.db import open_journal
from journal.exporters import exporter_for
from journal.exporters.html import HtmlExporter
from journal.exporters.summary import Chart, Summary, summary_of
from journal.exporters.svg import chart_svg, describe, nice_top
from journal.periods import CALENDAR_YEAR, Period, Quarter
from journal.records import EntryFields
from journal.services import entries, triggers
from journal.services.demo import write_demo
from journal.services.exports import ExportScope, ExportSource
from journal.services.reviews import ReviewInput, save_review

TODAY = date(2026, 11, 22)
Q3 = Period.of_quarter(Quarter(2026, 3))
Q4 = Period.of_quarter(Quarter(2026, 4))
VOID = {"meta", "link", "br", "hr", "img", "input", "wbr", "col", "source", "area", "base"}


# --- reading the page back ----------------------------------------------------------------


@dataclass
class Svg:
    attrs: dict[str, str]
    title: str = ""
    desc: str = ""
    bars: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, label, count)
    counts: list[str] = field(default_factory=list)  # the numbers drawn on the bars
    labels: list[str] = field(default_factory=list)  # the labels under the groups
    crunch: bool = False


@dataclass
class Article:
    classes: list[str]
    day: str = ""
    kind: str = ""
    heading: str = ""
    situation: str = ""
    situation_dir: str = ""
    text: str = ""


class Page(HTMLParser):
    """Tables, charts, entries and every attribute of a page, and whether its tags nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.starts: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.cell_classes: list[list[list[str]]] = []
        self.svgs: list[Svg] = []
        self.articles: list[Article] = []
        self.title = ""
        self.text: list[str] = []  # everything a reader sees outside the charts
        self._capture: list[tuple[str, int, list[str]]] = []  # (what, depth, pieces)

    @property
    def charts(self) -> list[Svg]:
        """The bar charts: every svg but the year at a glance."""
        return [svg for svg in self.svgs if "year" not in svg.attrs.get("class", "").split()]

    # what each captured piece of text is for, finished when its element closes
    def _open(self, what: str) -> None:
        self._capture.append((what, len(self.stack), []))

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.starts.append((tag, values))
        classes = values.get("class", "").split()
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "style":
            self._open("style")
        elif tag == "title" and "svg" not in self.stack:
            self._open("page-title")
        elif tag == "table":
            self.tables.append([])
            self.cell_classes.append([])
        elif tag == "tr":
            self.tables[-1].append([])
            self.cell_classes[-1].append([])
        elif tag in ("td", "th") and "table" in self.stack:
            self.cell_classes[-1][-1].append(values.get("class", ""))
            self._open("cell")
        elif tag == "svg":
            self.svgs.append(Svg(values))
        elif "svg" in self.stack:
            self._svg_start(tag, values, classes)
        elif tag == "article":
            self.articles.append(Article(classes))
            self._open("article")
        elif "article" in self.stack:
            if tag == "time":
                self.articles[-1].day = values.get("datetime", "")
            elif tag == "span" and "kind" in classes:
                self._open("kind")
            elif tag == "h3":
                self._open("heading")
            elif tag == "p" and "situation" in classes:
                self.articles[-1].situation_dir = values.get("dir", "")
                self._open("situation")

    def _svg_start(self, tag: str, values: dict[str, str], classes: list[str]) -> None:
        svg = self.svgs[-1]
        if tag == "rect" and "bar" in classes:
            kind = "slip" if "slip" in classes else "save"
            svg.bars.append((kind, values["data-label"], int(values["data-count"])))
        elif tag == "g" and "crunch" in classes:
            svg.crunch = True
        elif tag == "text" and "count" in classes:
            self._open("count")
        elif tag == "text" and "label" in classes:
            self._open("label")
        elif tag in ("title", "desc") and self.stack[-2] == "svg":
            self._open(f"svg-{tag}")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        while self._capture and self._capture[-1][1] > len(self.stack):
            what, _, pieces = self._capture.pop()
            self._finish(what, "".join(pieces))
        if tag in ("p", "li", "div", "h1", "h2", "h3", "blockquote", "tr", "dd", "dt"):
            self.text.append("\n")

    def _finish(self, what: str, text: str) -> None:
        if what == "style":
            self.styles.append(text)
        elif what == "page-title":
            self.title = text
        elif what == "cell":
            self.tables[-1][-1].append(" ".join(text.split()))
            # the cell's text came in pieces; the row's list holds one entry per cell
        elif what == "count":
            self.svgs[-1].counts.append(text)
        elif what == "label":
            self.svgs[-1].labels.append(text)
        elif what == "svg-title":
            self.svgs[-1].title = text
        elif what == "svg-desc":
            self.svgs[-1].desc = text
        elif what == "kind":
            self.articles[-1].kind = text
        elif what == "heading":
            self.articles[-1].heading = text
        elif what == "situation":
            self.articles[-1].situation = text
        elif what == "article":
            self.articles[-1].text = text

    def handle_data(self, data: str) -> None:
        for _, _, pieces in self._capture:
            pieces.append(data)
        if "svg" not in self.stack and "style" not in self.stack and "title" not in self.stack:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return "".join(self.text)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


# --- journals -----------------------------------------------------------------------------


def source_for(
    conn: sqlite3.Connection, period: Period, privacy: str = "full", trigger: str | None = None
) -> ExportSource:
    return ExportSource(
        conn, ExportScope(period, trigger, privacy), today=TODAY, calendar=CALENDAR_YEAR
    )


class CountingWriter(io.StringIO):
    """A stream that remembers each write, to tell streaming from one big string."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        return super().write(text)


@dataclass
class Export:
    conn: sqlite3.Connection
    summary: Summary
    html: str
    page: Page
    written: int
    sizes: list[int]


def export(conn: sqlite3.Connection, period: Period, privacy: str = "full") -> Export:
    source = source_for(conn, period, privacy)
    out = CountingWriter()
    written = HtmlExporter().write(out, source)
    html = out.getvalue()
    summary = summary_of(source_for(conn, period, privacy))
    return Export(conn, summary, html, parse(html), written, out.sizes)


@pytest.fixture(scope="module")
def demo_conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    write_demo(path, entries=360, seed=7, today=TODAY)
    conn = open_journal(path)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def q3(demo_conn: sqlite3.Connection) -> Export:
    return export(demo_conn, Q3)


SCRIPT = "<script>alert(1)</script>"
RTL = "הלקוח חיכה שבוע"  # "the customer waited a week"
SITUATION = (
    f'Sent {SCRIPT} & said "it\'s fine" 🙂\n  second line, indented\n\n{RTL}\nend <b>not bold</b>'
)
CUSTOMER = 'O\'Brien & <Sons> "Ltd"'
TRIGGER_NAME = '<i>Boss</i> & "me" 🙂'
REFLECTION = f'I keep {SCRIPT} quiet & "polite".\n{RTL}'


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> Export:
    """A small Q4 journal whose words try every way to break a page."""
    conn = open_journal(tmp_path_factory.mktemp("nasty") / "journal.sqlite")
    triggers.add_trigger(conn, "boss-me", category="mine", description="my own", name=TRIGGER_NAME)
    days = [date(2026, 11, 3), date(2026, 10, 5), date(2026, 11, 20), date(2026, 10, 5)]
    for number, day in enumerate(days):
        entry_id = entries.add(
            conn,
            EntryFields(
                situation=SITUATION if number == 0 else f"Entry {number} on {day} — {RTL}",
                kind="save" if number == 1 else "slip",
                occurred_on=day,
                triggers=("boss-me", "quota-behind"),
                customer=CUSTOMER,
                impact=f"Lost a day {SCRIPT}" if number == 0 else None,
                severity=3,
                pressure=4,
                control="partly",
                recovery="attempted" if number == 0 else None,
                recovery_note="Called back & apologised\nthen <em>fixed</em> it"
                if number == 0
                else None,
                next_time=f"Ask first — {RTL}" if number == 0 else None,
                follow_up_on=date(2026, 12, 1) if number == 0 else None,
            ),
            today=TODAY,
        )
        if number == 0:
            entries.add_note(conn, entry_id, f"Later: {SCRIPT} & {RTL}")
    save_review(
        conn,
        Quarter(2026, 4),
        ReviewInput(reflection=REFLECTION, start_doing="asking & listening"),
        today=TODAY,
        calendar=CALENDAR_YEAR,
    )
    return export(conn, Q4)


# --- a page that stands alone -------------------------------------------------------------


def test_the_page_is_one_self_contained_html5_file(q3: Export) -> None:
    page = q3.page
    assert q3.html.startswith("<!DOCTYPE html>")
    assert page.doctype.lower() == "doctype html"
    assert page.errors == []
    assert page.stack == []  # every element closed
    tags = [tag for tag, _ in page.starts]
    assert tags[:1] == ["html"]
    html_attrs = page.starts[0][1]
    assert html_attrs.get("lang") == "en" and html_attrs.get("dir") == "ltr"
    assert ("meta", {"charset": "utf-8"}) in page.starts
    assert page.title == q3.summary.title == "Quarterly summary: 2026-Q3"
    assert tags.count("style") == 1 and len(page.styles) == 1
    for banned in ("script", "link", "img", "iframe", "object", "embed", "image", "use", "a"):
        assert banned not in tags, banned
    for tag, attrs in page.starts:
        assert not {"src", "href", "xlink:href", "srcset", "action", "poster"} & set(attrs), tag
        for name, value in attrs.items():
            if name != "xmlns":
                assert "://" not in value and not name.startswith("on"), (tag, name)
    assert "<script" not in q3.html.lower()
    for found in re.findall(r"url\(\s*([^)]*)\)", q3.html):
        assert found.strip("'\" ").startswith("#"), found
    assert "@import" not in q3.html and "@font-face" not in q3.html


def test_the_style_prints_on_a4_and_letter_without_needing_colour(q3: Export) -> None:
    style = q3.page.styles[0]
    # No page size: A4 and Letter readers each print on their own paper (content fits both).
    assert re.search(r"@page\s*{\s*margin:\s*15mm;?\s*}", style)
    assert "@media print" in style
    printed = style[style.index("@media print") :]
    assert "max-width: 180mm" in printed  # fits inside Letter's narrower printable width
    assert "break-inside: avoid" in printed and "break-after: avoid" in printed
    # dark mode only on screens, so print stays light
    assert "@media screen and (prefers-color-scheme: dark)" in style
    assert "(prefers-color-scheme: dark)" not in style.replace(
        "@media screen and (prefers-color-scheme: dark)", ""
    )


# --- the same content as the Markdown -----------------------------------------------------


def test_every_table_of_the_summary_is_an_html_table_cell_for_cell(q3: Export) -> None:
    expected = [
        [list(section.table.columns), *(list(row) for row in section.table.rows)]
        for section in q3.summary.sections
        if section.table is not None
    ]
    assert len(expected) >= 10
    assert q3.page.tables == expected
    numeric = [
        section.table.numeric for section in q3.summary.sections if section.table is not None
    ]
    for classes, columns in zip(q3.page.cell_classes, numeric, strict=True):
        for row in classes:
            assert [name == "num" for name in row] == list(columns)


def test_the_headings_paragraphs_items_and_facts_are_all_there(q3: Export) -> None:
    text = q3.page.plain
    summary = q3.summary
    for fact in summary.facts:
        assert fact in text
    headings = [tag for tag, _ in q3.page.starts if tag == "h2"]
    assert len(headings) == len(summary.sections) + 1  # and the entries
    for section in summary.sections:
        assert section.title in text
        for paragraph in section.paragraphs:
            assert paragraph in text
        for item in section.items:
            assert item in text
        for label, words in section.quote:
            assert f"{label}:" in text and words.strip() in text


def test_each_chart_is_an_svg_with_one_bar_per_label_and_its_counts(q3: Export) -> None:
    charts = [s.chart for s in q3.summary.sections if s.chart is not None]
    assert len(charts) == 3  # weeks, weekdays, eight quarters
    assert len(q3.page.charts) == len(charts)
    for svg, chart in zip(q3.page.charts, charts, strict=True):
        assert svg.attrs["viewbox"] == "0 0 640 270"
        assert svg.attrs["role"] == "img"
        title_id, desc_id = svg.attrs["aria-labelledby"].split()
        assert ("title", {"id": title_id}) in q3.page.starts
        assert ("desc", {"id": desc_id}) in q3.page.starts
        assert svg.title == chart.title
        assert svg.desc == describe(chart)
        slips = [(label, count) for kind, label, count in svg.bars if kind == "slip"]
        saves = [(label, count) for kind, label, count in svg.bars if kind == "save"]
        assert slips == list(zip(chart.labels, chart.slips, strict=True))
        assert saves == list(zip(chart.labels, chart.saves, strict=True))
        pairs = zip(chart.slips, chart.saves, strict=True)
        assert svg.counts == [str(n) for pair in pairs for n in pair]
        assert svg.labels == list(chart.labels)
        assert svg.crunch == (chart.highlight_from is not None)
    weeks = charts[0]
    assert weeks.highlight_from == len(weeks.labels) - 3
    assert f"crunch: {weeks.labels[-3]} to {weeks.labels[-1]}" in q3.page.charts[0].desc
    ids = [attrs["id"] for _, attrs in q3.page.starts if "id" in attrs]
    assert len(ids) == len(set(ids))  # ids unique across the charts


# --- the entries --------------------------------------------------------------------------


def test_the_entries_follow_the_summary_in_date_order(q3: Export) -> None:
    expected = q3.conn.execute(
        "SELECT occurred_on, kind FROM entries WHERE deleted_at IS NULL"
        " AND occurred_on BETWEEN '2026-07-01' AND '2026-09-30' ORDER BY occurred_on, id"
    ).fetchall()
    articles = q3.page.articles
    assert q3.written == len(expected) == len(articles) == 63
    assert [(a.day, a.kind) for a in articles] == [(day, kind) for day, kind in expected]
    for article in articles:
        # the kind shows as a colour (the class) and as a word
        assert article.kind in article.classes and article.kind in ("slip", "save")
        assert article.situation_dir == "auto"
    entries_at = q3.html.index('<section id="entries">')
    assert all(q3.html.index("<svg") < entries_at for _ in q3.page.svgs)
    assert q3.html.rstrip().endswith("</html>")


def test_an_entry_shows_all_its_fields(nasty: Export) -> None:
    first = next(a for a in nasty.page.articles if a.day == "2026-11-03")
    text = first.text
    stored = next(
        item.entry
        for item in source_for(nasty.conn, Q4).entries()
        if item.entry.occurred_on.isoformat() == first.day
    )
    names = {"boss-me": TRIGGER_NAME, "quota-behind": "Sales quota behind"}
    for piece in (
        "triggers: " + ", ".join(names[t] for t in stored.triggers) + ";",
        "severity 3 of 5; pressure 4 of 5; control: partly; recovery: attempted",
        f"Customer impact: Lost a day {SCRIPT}",
        "Recovery: Called back & apologised\nthen <em>fixed</em> it",
        f"Next time: Ask first — {RTL}",
        "Follow up on: 2026-12-01",
        f"Later: {SCRIPT} & {RTL}",
    ):
        assert piece in text, piece
    assert re.search(r"Note, \d{4}-\d\d-\d\d: Later", text)
    assert first.heading.split() == ["2026-11-03", "·", "slip", "·", *CUSTOMER.split()]


def test_the_persons_words_are_escaped_and_shown_intact(nasty: Export) -> None:
    html = nasty.html
    assert "<script" not in html and "<i>Boss" not in html and "<b>not bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "O&#x27;Brien &amp; &lt;Sons&gt; &quot;Ltd&quot;" in html
    assert RTL in html and "🙂" in html  # written as characters, the page is utf-8
    page = nasty.page
    assert page.errors == [] and page.stack == []
    first = next(a for a in page.articles if a.day == "2026-11-03")
    assert first.situation == SITUATION.strip()  # line breaks and indentation kept
    assert "white-space: pre-wrap" in page.styles[0]
    # right-to-left words sit in blocks that take their own direction
    assert ("blockquote", {"dir": "auto"}) in page.starts
    assert page.plain.count(REFLECTION) == 1
    customers = [t for t in page.tables if t[0][0] == "customer"]
    assert customers and customers[0][1][0] == CUSTOMER
    trigger_rows = next(t for t in page.tables if t[0][0] == "trigger")
    assert [TRIGGER_NAME, "3", "1", "9", "25% (1 of 4)"] in trigger_rows
    assert "<bdi>" + "O&#x27;Brien" in html  # names inside sentences are isolated


def test_a_nasty_summary_still_matches_cell_for_cell(nasty: Export) -> None:
    expected = [
        [list(s.table.columns), *(list(row) for row in s.table.rows)]
        for s in nasty.summary.sections
        if s.table is not None
    ]
    assert nasty.page.tables == expected


def test_patterns_only_has_the_figures_and_no_entries(demo_conn: sqlite3.Connection) -> None:
    only = export(demo_conn, Q3, "patterns-only")
    assert only.written == 0 and only.summary.entries_title is None
    assert only.page.articles == [] and 'id="entries"' not in only.html
    assert "<h2>Entries</h2>" not in only.html
    assert only.page.errors == [] and only.page.stack == []
    assert len(only.page.charts) == 3 and len(only.page.tables) >= 10
    assert len(only.page.svgs) == 4  # and the year at a glance
    for (situation,) in demo_conn.execute("SELECT situation FROM entries"):
        assert situation not in only.html
        assert situation not in only.page.plain


def test_a_period_without_entries_says_so(demo_conn: sqlite3.Connection) -> None:
    empty = export(demo_conn, Period.of_quarter(Quarter(2024, 1)))
    assert empty.written == 0
    assert "No entries in this period." in empty.page.plain
    assert empty.page.errors == [] and empty.page.stack == []


def test_a_trigger_export_notes_that_the_figures_cover_the_period(
    demo_conn: sqlite3.Connection,
) -> None:
    out = io.StringIO()
    written = exporter_for("html").write(out, source_for(demo_conn, Q3, trigger="quota-behind"))
    page = parse(out.getvalue())
    assert 0 < written == len(page.articles) < 63
    assert "Only entries tagged Sales quota behind" in page.plain
    assert all("Sales quota behind" in a.text for a in page.articles)


def test_it_streams_the_entries(q3: Export) -> None:
    assert len(q3.sizes) > q3.written / 2
    assert len(q3.sizes) >= q3.written  # one write (at least) for each entry
    assert max(q3.sizes) < len(q3.html) / 4  # never the page as one string


def test_the_entries_are_read_one_at_a_time(demo_conn: sqlite3.Connection) -> None:
    """Each entry is on the stream before the next one is read from the journal."""
    seen: list[int] = []
    out = CountingWriter()
    source = ExportSource(
        demo_conn,
        ExportScope(Q3),
        today=TODAY,
        calendar=CALENDAR_YEAR,
        on_entry=lambda: seen.append(out.getvalue().count("<article")),
    )
    written = HtmlExporter().write(out, source)
    assert seen == list(range(1, written + 1))


# --- the chart on its own -----------------------------------------------------------------


def test_the_axis_top_is_a_round_number_above_the_highest_bar() -> None:
    assert nice_top(0) == (1, 1)
    assert nice_top(1) == (1, 1)
    assert nice_top(4) == (4, 1)
    assert nice_top(14) == (15, 5)
    assert nice_top(53) == (60, 20)
    assert nice_top(10_001) == (15_000, 5_000)


def test_a_chart_of_many_labels_thins_the_labels_but_keeps_every_bar() -> None:
    labels = tuple(f"2026-W{n:02d}" for n in range(1, 41))
    chart = Chart("Slips and saves by week", labels, tuple(range(40)), (0,) * 40)
    page = parse(chart_svg(chart, "c"))
    svg = page.svgs[0]
    assert len(svg.bars) == 80
    assert 0 < len(svg.labels) < 40 and svg.labels[0] == labels[0]
    assert not svg.crunch and "crunch" not in svg.desc
    assert page.errors == []


def test_a_chart_says_in_words_what_it_shows() -> None:
    chart = Chart("Slips and saves by weekday", ("Mon", "Tue", "Wed"), (1, 0, 2), (0, 1, 3), 2)
    assert describe(chart) == (
        "Mon: 1 slip, 0 saves; Tue: 0 slips, 1 save; Wed: 2 slips, 3 saves."
        " Marked as the quarter-end crunch: Wed."
    )
    svg = chart_svg(chart, "x")
    assert '<title id="x-title">Slips and saves by weekday</title>' in svg
    assert ">Weekday</text>" in svg  # the axis under the bars is named


def test_chart_text_is_escaped() -> None:
    chart = Chart("<b>by</b> & by <i>x</i>", ("<a>", "&"), (1, 2), (3, 4))
    svg = chart_svg(chart, "e")
    assert "<b>" not in svg and "<a>" not in svg and "<i>" not in svg
    page = parse(svg)
    assert page.svgs[0].title == chart.title
    assert page.svgs[0].labels == ["<a>", "&"]
    assert [label for _, label, _ in page.svgs[0].bars] == ["<a>", "<a>", "&", "&"]


def test_the_exporter_is_found_by_its_name(tmp_path: Path) -> None:
    exporter = exporter_for("html")
    assert exporter.name == "html" and isinstance(exporter, HtmlExporter)
