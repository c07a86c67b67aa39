"""The coach's cohort view as one self-contained HTML page, as the summaries are: the client
table, the group's figures, small multiples of each client's quarters (one shared scale, so
the bars compare) and the skipped files. Inline CSS and SVG, nothing fetched, every text
escaped."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TextIO

from journal.cohort_text import COLUMNS, group_lines, sorted_rows
from journal.exporters.html import PAGE_END, _e, page_head, section_html
from journal.exporters.summary_parts import Chart, Section, Summary, Table
from journal.exporters.svg import chart_svg
from journal.sentences import plural, rate_text
from journal.services.analytics.figures import MIN_CASES
from journal.services.cohort import Cohort

MULTIPLES_STYLE = """<style>
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
  gap: 0.4rem 1rem; margin: 0.6rem 0 1rem; }
.multiples figure { margin: 0; }
.multiples figcaption { font-size: 0.85rem; color: var(--soft); }
.multiples figcaption b { color: var(--ink); }
main { max-width: 64rem; }
</style>
"""


def _clients_table(found: Cohort) -> Table:
    rows = [
        tuple(column.cell(row) for column in COLUMNS) for row in sorted_rows(found.rows, "client")
    ]
    return Table(
        tuple(column.title for column in COLUMNS),
        tuple(rows),
        tuple(column.numeric for column in COLUMNS),
    )


def _triggers_table(found: Cohort) -> Table | None:
    clients = len(found.in_group)
    rows = [
        (
            trigger.name,
            f"{trigger.clients} of {clients}",
            str(trigger.slips),
            str(trigger.saves),
            rate_text(trigger.save_rate, form="short"),
            "yes" if trigger.shared else "too few clients",
        )
        for trigger in found.triggers
        if trigger.clients
    ]
    if not rows:
        return None
    return Table.of(("trigger", "clients", "slips", "saves", "save rate", "group pattern"), rows)


def _multiples(found: Cohort) -> str:
    """Each client's quarters as a small chart, all on one scale."""
    highest = max(
        (max(point.slips, point.saves) for row in found.rows for point in row.bundle.series),
        default=0,
    )
    parts = ['<section id="quarters">\n<h2>Each client, quarter by quarter</h2>\n']
    parts.append(
        f"<p>Slips and saves in each quarter of each bundle (up to eight), all on one scale"
        f" (0 to {highest} and up), so the bars compare across clients.</p>\n"
        '<div class="multiples">\n'
    )
    for number, row in enumerate(sorted_rows(found.rows, "client"), start=1):
        series = row.bundle.series
        chart = Chart(
            f"{row.bundle.client} by quarter",
            tuple(point.quarter.short_label for point in series),
            tuple(point.slips for point in series),
            tuple(point.saves for point in series),
        )
        last = series[-1]
        caption = (
            f"<b>{_e(row.bundle.client)}</b> · {_e(last.quarter.label)}:"
            f" {_e(plural(last.slips, 'slip'))}, {_e(plural(last.saves, 'save'))}"
        )
        parts.append(
            f"<figure>{chart_svg(chart, f'client{number}', scale_to=highest)}"
            f"<figcaption>{caption}</figcaption></figure>\n"
        )
    parts.append("</div>\n</section>\n")
    return "".join(parts)


def write_cohort_html(out: TextIO, found: Cohort, *, written: datetime) -> None:
    quarter = found.quarter.label if found.quarter else "no bundles yet"
    summary = Summary(
        title=f"Coach view: {plural(len(found.rows), 'client')}, {quarter}",
        facts=(
            f"From the bundles in {Path(found.folder).name}/, written"
            f" {written:%Y-%m-%d %H:%M}.",
            "Figures only: no entry, customer or note is in a bundle.",
            f"Every rate with its counts; none, and no group pattern, from fewer than"
            f" {MIN_CASES} cases.",
        )
        + ((f"{plural(len(found.skipped), 'file')} skipped (listed at the end).",)
           if found.skipped else ()),
        sections=(),
        entries_title=None,
    )  # fmt: skip
    out.write(page_head(summary).replace("</head>", MULTIPLES_STYLE + "</head>", 1))
    number = 1
    if found.rows:
        out.write(section_html(Section("Clients", table=_clients_table(found)), number))
        number += 1
    group = Section("The group", paragraphs=tuple(group_lines(found, with_triggers=False)))
    out.write(section_html(group, number))
    number += 1
    triggers = _triggers_table(found)
    if triggers is not None:
        out.write(section_html(Section("Most common triggers", table=triggers), number))
        number += 1
    if found.rows:
        out.write(_multiples(found))
    if found.skipped:
        items = tuple(f"{item.file}: {item.reason}" for item in found.skipped)
        out.write(section_html(Section("Skipped files", items=items), number))
    out.write(PAGE_END)
