"""The coach summary as plain parts (headings, sentences, tables, charts), before any format.

Markdown and HTML render the same `Summary`, so both hold the same figures. Every figure of
`journal review --json` for the period appears here with its counts; a share is shown only
from three cases up (the patterns' `Rate` decides), otherwise its counts and "too few".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from journal.sentences import (
    TOO_FEW,
    change_text,
    commitment_text,
    compared_label,
    coverage_text,
    crunch_facts,
    crunch_text,
    follow_ups_text,
    followed_text,
    headline_text,
    outcome_text,
    percent_text,
    plural,
    rate_text,
    recovered_text,
    running_note,
    signed,
    trend_text,
    when_heading,
    window_text,
)
from journal.services.analytics.figures import (
    CRUNCH_DAYS,
    MIN_CASES,
    Bucket,
    Change,
    CommitmentFigure,
    DayCount,
    Headline,
    Patterns,
    Rate,
    Window,
)
from journal.services.exports import ExportSource
from journal.services.reviews import Review

Text = Callable[[str], str]


def _same(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns

    @classmethod
    def of(cls, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
        """A table whose first column is text and the others numbers."""
        return cls(
            tuple(columns),
            tuple(tuple(row) for row in rows),
            tuple(index > 0 for index in range(len(columns))),
        )


@dataclass(frozen=True, slots=True)
class Chart:
    """Slips and saves side by side for a run of labels (quarters, weeks, weekdays)."""

    title: str
    labels: tuple[str, ...]
    slips: tuple[int, ...]
    saves: tuple[int, ...]
    highlight_from: int | None = None  # bars from this index are the crunch


@dataclass(frozen=True, slots=True)
class YearGrid:
    """The year at a glance: a cell a day from `start` to `end`, in weeks from `week_start`,
    with the quarters' first days and the closing weeks (the crunch) marked."""

    start: date
    end: date
    days: tuple[DayCount, ...]  # the days with an entry or a check-in
    week_start: int
    quarter_starts: tuple[tuple[date, str], ...]  # (first day, label)
    fiscal_starts: tuple[tuple[date, str], ...]  # empty when the year is the calendar's
    crunch: tuple[tuple[date, date], ...]  # each quarter's closing weeks within the year

    @property
    def first_column_day(self) -> date:
        return self.start - timedelta(days=(self.start.weekday() - self.week_start) % 7)

    def column(self, day: date) -> int:
        return (day - self.first_column_day).days // 7

    def row(self, day: date) -> int:
        return (day.weekday() - self.week_start) % 7


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # a bulleted list
    table: Table | None = None
    chart: Chart | None = None
    quote: tuple[tuple[str, str], ...] = ()  # (label, the person's own words)
    year: YearGrid | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    facts: tuple[str, ...]  # period, counted up to, privacy
    sections: tuple[Section, ...]
    entries_title: str | None  # None: entries left out (--patterns-only)
    entries_note: str = ""
    figures: dict[str, object] = field(default_factory=dict)


def _rate(rate: Rate) -> str:
    """A share in a summary: 'too few' and the counts under three cases."""
    return rate_text(rate, form="table")


def _headline_rows(headlines: Sequence[Headline]) -> Table:
    columns = ["", *(compared_label(h.period, form="table") for h in headlines)]
    return Table.of(
        columns,
        [
            ["entries", *(f"{h.entries:,}" for h in headlines)],
            ["slips", *(f"{h.slips:,}" for h in headlines)],
            ["saves", *(f"{h.saves:,}" for h in headlines)],
            ["severity-weighted slips", *(f"{h.weighted_slips:,}" for h in headlines)],
            ["slips without a severity", *(f"{h.unrated_slips:,}" for h in headlines)],
            ["save rate", *(_rate(h.save_rate) for h in headlines)],
        ],
    )


def _change_table(changes: Sequence[Change]) -> Table:
    return Table.of(
        ["against", "slips", "slips %", "severity-weighted", "weighted %", "saves"],
        [
            [
                change.against.period.label,
                signed(change.slips),
                percent_text(change.slips_percent),
                signed(change.weighted_slips),
                percent_text(change.weighted_percent),
                signed(change.saves),
            ]
            for change in changes
        ],
    )


def _bucket_section(
    title: str,
    buckets: Sequence[Bucket],
    intro: str,
    chart_title: str,
    crunch_from: int | None = None,
) -> Section:
    return Section(
        title,
        paragraphs=(intro,) if intro else (),
        table=Table.of(
            ["", "slips", "saves"], [[b.label, str(b.slips), str(b.saves)] for b in buckets]
        ),
        chart=Chart(
            chart_title,
            tuple(b.label for b in buckets),
            tuple(b.slips for b in buckets),
            tuple(b.saves for b in buckets),
            crunch_from,
        ),
    )


def _window_row(label: str, window: Window) -> list[str]:
    return [
        label,
        f"{window.start.isoformat()} to {window.end.isoformat()}",
        str(window.days),
        str(window.slips),
        str(window.saves),
        window_text(window, form="table"),
        _rate(window.save_rate),
    ]


def commitment_section(
    title: str, figures: Sequence[CommitmentFigure], text: Text, trigger_name: Text | None = None
) -> Section:
    """Each commitment: the plan, how it was judged, its before/after and how often followed."""
    trigger_name = trigger_name or text
    items: list[str] = []
    rows: list[list[str]] = []
    for figure in figures:
        plan = commitment_text(trigger_name(figure.trigger_name), text(figure.plan))
        items.append(
            f"#{figure.commitment_id} {plan} — for {figure.quarter},"
            f" set {figure.set_on.isoformat()}, {outcome_text(figure.outcome)};"
            f" after it was set: {trend_text(figure.trend)};"
            f" {followed_text(figure, form='summary')}."
        )
        rows.append(_window_row(f"#{figure.commitment_id} before", figure.before))
        rows.append(_window_row(f"#{figure.commitment_id} after", figure.after))
    if not figures:
        return Section(title, paragraphs=("None.",))
    return Section(
        title,
        items=tuple(items),
        table=Table.of(
            ["window", "days", "length", "slips", "saves", "slips a week", "save rate"], rows
        ),
    )


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
            table=_headline_rows([head, patterns.previous.against, patterns.year_earlier.against]),
        )
    )
    sections.append(
        Section(
            "Change",
            table=_change_table([patterns.previous, patterns.year_earlier]),
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
                        _rate(t.save_rate),
                    ]
                    for t in patterns.triggers
                ],
            )
            if patterns.triggers
            else None,
        )
    )
    crunch = patterns.crunch
    weeks = _bucket_section(
        when_heading(period, form="summary"),
        patterns.weeks,
        crunch_text(crunch, period) + " " + crunch_facts(crunch),
        "Slips and saves by week of the quarter",
        crunch_from=max(0, len(patterns.weeks) - CRUNCH_DAYS // 7),
    )
    sections.append(weeks)
    sections.append(
        _bucket_section("Weekdays", patterns.weekdays, "", "Slips and saves by weekday")
    )
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
                    [s.label, str(s.rate.part), str(s.rate.whole), _rate(s.rate)]
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
                    [s.label, str(s.rate.part), str(s.rate.whole), _rate(s.rate)]
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
        sections += _review_sections(review, text, trigger_name)
    title = f"Quarterly summary: {period.label}" if period.quarter else f"Summary: {period.label}"
    return Summary(
        title=title,
        facts=tuple(facts),
        sections=tuple(sections),
        entries_title="Entries" if with_entries else None,
        entries_note=entries_note,
    )


def _review_sections(review: Review, text: Text, trigger_name: Text) -> list[Section]:
    sections = [
        commitment_section(
            f"Last quarter's commitments, for {review.quarter.label}",
            review.due,
            text,
            trigger_name,
        ),
        Section("Prompts from the figures", items=tuple(text(p.text) for p in review.prompts)),
    ]
    saved = review.saved
    if saved is None:
        sections.append(
            Section(
                "The review", paragraphs=(f"{review.quarter.label} has not been reviewed yet.",)
            )
        )
        return sections
    answers = tuple(
        (label, text(value))
        for label, value in (
            ("Start", saved.start_doing),
            ("Stop", saved.stop_doing),
            ("Continue", saved.continue_doing),
            ("Reflection", saved.reflection),
        )
        if value.strip()
    )
    sections.append(
        Section(
            "The review",
            paragraphs=(f"Written {saved.created_at[:10]}, last changed {saved.updated_at[:10]}.",),
            quote=answers,
        )
    )
    sections.append(
        Section(
            f"Commitments for {review.commit_for.label}",
            paragraphs=() if saved.commitments else ("None set.",),
            items=tuple(
                f"#{c.commitment_id} {commitment_text(trigger_name(c.trigger_name), text(c.plan))}"
                f" — for {c.quarter}, set {c.set_on.isoformat()}, {outcome_text(c.outcome)};"
                f" {plural(c.answers, 'entry')} said whether it was followed."
                for c in saved.commitments
            ),
        )
    )
    return sections


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


def year_text(year: YearGrid) -> str:
    """The year's days in words, for readers of the Markdown and of screen readers."""
    slip_days = sum(1 for day in year.days if day.slips)
    save_days = sum(1 for day in year.days if day.saves and not day.slips)
    clean = sum(1 for day in year.days if day.clean)
    crunch_slips = sum(
        day.slips for day in year.days if any(a <= day.day <= b for a, b in year.crunch)
    )
    slips = sum(day.slips for day in year.days)
    return (
        f"From {year.start.isoformat()} to {year.end.isoformat()}: {plural(slip_days, 'day')}"
        f" with slips, {plural(save_days, 'day')} with only saves,"
        f" {plural(clean, 'clean check-in')}; {crunch_slips} of {plural(slips, 'slip')} in the"
        f" closing three weeks of a quarter."
    )


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
