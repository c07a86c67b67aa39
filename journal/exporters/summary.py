"""The coach summary as plain parts (headings, sentences, tables, charts), before any format.

Markdown and HTML render the same `Summary`, so both hold the same figures. Every figure of
`journal review --json` for the period appears here with its counts; a share is shown only
from three cases up (the patterns' `Rate` decides), otherwise its counts and "too few".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from journal.exporters.summary_parts import Chart as Chart
from journal.exporters.summary_parts import Section as Section
from journal.exporters.summary_parts import Summary as Summary
from journal.exporters.summary_parts import Table as Table
from journal.exporters.summary_parts import YearGrid as YearGrid
from journal.exporters.summary_parts import year_text as year_text
from journal.exporters.summary_sections import Text as Text
from journal.exporters.summary_sections import (
    bucket_section,
    change_table,
    headline_rows,
    rate_cell,
    review_sections,
)
from journal.exporters.summary_sections import commitment_section as commitment_section
from journal.sentences import (
    TOO_FEW,
    change_text,
    coverage_text,
    crunch_facts,
    crunch_text,
    follow_ups_text,
    headline_text,
    recovered_text,
    running_note,
    when_heading,
)
from journal.services.analytics.figures import (
    CRUNCH_DAYS,
    MIN_CASES,
    Patterns,
)
from journal.services.exports import ExportSource
from journal.services.reviews import Review


def _same(text: str) -> str:
    return text


def build_summary(
    patterns: Patterns,
    review: Review | None,
    *,
    text: Text = _same,
    customer: Callable[[str], str] | None = None,
    trigger_name: Text | None = None,
    privacy_note: str = "",
    with_entries: bool = True,
    entries_note: str = "",
    made_on: date | None = None,
    year: YearGrid | None = None,
) -> Summary:
    """Every figure of the period (and its review, for a quarter) as sections. `text`
    redacts the person's words, `customer` a customer and `trigger_name` a trigger's name."""
    name_of = customer or text
    trigger_name = trigger_name or text
    period = patterns.period
    facts = [privacy_note] if privacy_note else []
    facts.append(
        f"Period: {period.label}, {period.start.isoformat()} to {period.end.isoformat()}"
        if period.quarter is not None
        else f"Period: {period.label}"
    )
    if patterns.running:
        facts.append(running_note(patterns, form="summary"))
    if made_on is not None:
        facts.append(f"Made on {made_on.isoformat()}")
    facts.append(
        f"Shares are given from {MIN_CASES} cases up; below that only the counts ({TOO_FEW})."
    )

    sections: list[Section] = []
    head = patterns.headline
    sections.append(
        Section(
            "At a glance",
            paragraphs=(
                headline_text(head) + ".",
                "Change: " + change_text(patterns.previous) + ".",
                "Change: " + change_text(patterns.year_earlier) + ".",
            ),
            table=headline_rows([head, patterns.previous.against, patterns.year_earlier.against]),
        )
    )
    sections.append(
        Section(
            "Change",
            table=change_table([patterns.previous, patterns.year_earlier]),
        )
    )
    if year is not None:
        sections.append(Section("The year at a glance", paragraphs=(year_text(year),), year=year))
    coverage = patterns.coverage
    sections.append(
        Section(
            "Check-ins",
            paragraphs=(coverage_text(coverage, form="summary", running=patterns.running),),
        )
    )
    sections.append(Section("Follow-ups", paragraphs=(follow_ups_text(patterns.follow_ups),)))
    sections.append(
        Section(
            "Top triggers and save rates",
            paragraphs=() if patterns.triggers else ("No entries in this period.",),
            table=Table.of(
                ["trigger", "slips", "saves", "severity-weighted", "save rate"],
                [
                    [
                        trigger_name(t.name) + (" (retired)" if t.retired else ""),
                        str(t.slips),
                        str(t.saves),
                        str(t.weighted_slips),
                        rate_cell(t.save_rate),
                    ]
                    for t in patterns.triggers
                ],
            )
            if patterns.triggers
            else None,
        )
    )
    crunch = patterns.crunch
    weeks = bucket_section(
        when_heading(period, form="summary"),
        patterns.weeks,
        crunch_text(crunch, period) + " " + crunch_facts(crunch),
        "Slips and saves by week of the quarter",
        crunch_from=max(0, len(patterns.weeks) - CRUNCH_DAYS // 7),
    )
    sections.append(weeks)
    sections.append(bucket_section("Weekdays", patterns.weekdays, "", "Slips and saves by weekday"))
    sections.append(
        Section(
            f"Triggers that come together ({MIN_CASES} entries or more)",
            paragraphs=() if patterns.pairs else ("None come together three times or more.",),
            table=Table.of(
                ["triggers", "entries", "slips"],
                [
                    [
                        f"{trigger_name(p.first_name)} + {trigger_name(p.second_name)}",
                        str(p.entries_count),
                        str(p.slips),
                    ]
                    for p in patterns.pairs
                ],
            )
            if patterns.pairs
            else None,
        )
    )
    sections.append(
        Section(
            f"Customers that keep coming back ({MIN_CASES} entries or more)",
            paragraphs=() if patterns.customers else ("No customer comes up three times.",),
            table=Table.of(
                ["customer", "entries", "slips", "saves", "last on"],
                [
                    [
                        name_of(c.customer),
                        str(c.slips + c.saves),
                        str(c.slips),
                        str(c.saves),
                        c.last_on.isoformat(),
                    ]
                    for c in patterns.customers
                ],
            )
            if patterns.customers
            else None,
        )
    )
    sections.append(
        Section(
            "Was it yours to control? (slips)",
            table=Table.of(
                ["", "slips", "of", "share"],
                [
                    [s.label, str(s.rate.part), str(s.rate.whole), rate_cell(s.rate)]
                    for s in patterns.control
                ],
            ),
        )
    )
    sections.append(
        Section(
            "Recovery (slips)",
            paragraphs=(recovered_text(patterns.recovered, form="summary"),),
            table=Table.of(
                ["", "slips", "of", "share"],
                [
                    [s.label, str(s.rate.part), str(s.rate.whole), rate_cell(s.rate)]
                    for s in patterns.recovery
                ],
            ),
        )
    )
    sections.append(
        commitment_section(
            "Commitments running in this period", patterns.commitments, text, trigger_name
        )
    )
    if patterns.series:
        series = patterns.series
        sections.append(
            Section(
                "Slips and saves, the last eight quarters",
                table=Table.of(
                    ["quarter", "slips", "saves", "severity-weighted"],
                    [
                        [p.quarter.label, str(p.slips), str(p.saves), str(p.weighted_slips)]
                        for p in series
                    ],
                ),
                chart=Chart(
                    "Slips and saves by quarter",
                    tuple(p.quarter.label for p in series),
                    tuple(p.slips for p in series),
                    tuple(p.saves for p in series),
                ),
            )
        )
    if review is not None:
        sections += review_sections(review, text, trigger_name)
    title = f"Quarterly summary: {period.label}" if period.quarter else f"Summary: {period.label}"
    return Summary(
        title=title,
        facts=tuple(facts),
        sections=tuple(sections),
        entries_title="Entries" if with_entries else None,
        entries_note=entries_note,
    )


# The first line under a summary's title: how much of the journal it shows.
PRIVACY_NOTES = {
    "full": "Privacy: full. Everything as written, names included; entries in the trash are"
    " left out and not counted.",
    "redact": "Privacy: redacted. Customers are named Customer A, B, …, private names are"
    " [withheld] wherever a word of them stands; entries in the trash are left out and not"
    " counted.",
    "patterns-only": "Privacy: patterns only. The figures and the review, without entries, names"
    " redacted; entries in the trash are not counted.",
}


def year_grid(source: ExportSource, end: date) -> YearGrid:
    """The 52 weeks up to `end`, with the calendar's quarters (and fiscal ones) marked."""
    from journal.periods import quarter_of

    start = end - timedelta(days=364)
    calendar = source.calendar
    quarters: list[tuple[date, str]] = []
    fiscal: list[tuple[date, str]] = []
    crunch: list[tuple[date, date]] = []
    day = start
    while day <= end:
        for fiscal_start, into in ((1, quarters), (calendar.fiscal_start_month, fiscal)):
            quarter = quarter_of(day, fiscal_start)
            if quarter.start == day and (fiscal_start == 1 or calendar.fiscal_start_month != 1):
                into.append((day, quarter.short_label))
        quarter = calendar.quarter_of(day)
        if quarter.end == day or day == end:
            crunch.append((max(start, quarter.closing_from(CRUNCH_DAYS)), min(day, end)))
        day += timedelta(days=1)
    return YearGrid(
        start=start,
        end=end,
        days=source.day_counts(start, end),
        week_start=calendar.week_start,
        quarter_starts=tuple(quarters),
        fiscal_starts=tuple(fiscal),
        crunch=tuple(span for span in crunch if span[0] <= span[1]),
    )


def summary_of(source: ExportSource) -> Summary:
    """The summary of the export's period, redacted as the export asks."""
    patterns, review = source.figures()
    scope = source.scope
    privacy = PRIVACY_NOTES[scope.privacy]
    note = ""
    if scope.trigger:
        names = source.trigger_names()
        note = (
            f"Only entries tagged {names.get(source.trigger_id(scope.trigger), '?')}; the figures"
            " above"
            " cover every entry of the period."
        )
    return build_summary(
        patterns,
        review,
        text=source.text,
        customer=source.customer,
        trigger_name=source.trigger_name,
        privacy_note=privacy,
        with_entries=scope.with_entries,
        entries_note=note,
        made_on=source.today,
        year=year_grid(source, patterns.observed_end),
    )
