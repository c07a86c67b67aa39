"""The quarterly review and the patterns of a period, printed for the CLI with Rich.

In a pipe Rich prints the same tables as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from journal.periods import CALENDAR_YEAR, Calendar
from journal.render import use_rich
from journal.sentences import (
    change_text,
    commitment_lines,
    commitment_text,
    compared_label,
    coverage_text,
    crunch_text,
    follow_ups_text,
    headline_text,
    plural,
    rate_text,
    recovered_text,
    running_note,
    when_heading,
)
from journal.services.analytics.figures import Bucket, Headline, Patterns, Share
from journal.services.reviews import Review, ReviewSummary

BAR_WIDTH = 16


def _console() -> Console:
    rich = use_rich()
    return Console(no_color=not rich, highlight=False, soft_wrap=not rich)


def _heading(text: str) -> Text:
    return Text("\n" + text, style="bold underline")


def _bar(count: int, most: int, style: str) -> Text:
    width = round(BAR_WIDTH * count / most) if most else 0
    return Text("█" * width, style=style)


def _glance_table(headlines: Sequence[Headline]) -> Table:
    table = Table(show_edge=False, box=None, pad_edge=False)
    table.add_column("", no_wrap=True)
    for headline in headlines:
        # "to 2 Sep" is shorter than "(first 63 d)", so an 80-column pipe does not wrap it
        table.add_column(compared_label(headline.period, form="screen"), justify="right")
    table.add_row("slips", *(str(h.slips) for h in headlines), style="red")
    table.add_row("saves", *(str(h.saves) for h in headlines), style="green")
    table.add_row("severity-weighted slips", *(str(h.weighted_slips) for h in headlines))
    table.add_row("save rate", *(rate_text(h.save_rate, form="table") for h in headlines))
    return table


def _buckets(title: str, buckets: Sequence[Bucket], *, seen: int | None = None) -> Table:
    """Slips and saves per bucket; those after the first `seen` have not come yet and show a
    dot, as in the app, not a count of 0."""
    table = Table(title=title, title_justify="left", show_edge=False, box=None, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("slips", justify="right")
    table.add_column("")
    table.add_column("saves", justify="right")
    most = max((b.slips for b in buckets), default=0)
    for number, bucket in enumerate(buckets, start=1):
        if seen is not None and number > seen:
            table.add_row(bucket.label, "·", "", "·", style="dim")
            continue
        table.add_row(
            bucket.label, str(bucket.slips), _bar(bucket.slips, most, "red"), str(bucket.saves)
        )
    return table


def _weeks_seen(patterns: Patterns, week_start: int) -> int | None:
    """How many weeks of a running quarter have begun; None when every week has."""
    quarter = patterns.period.quarter
    if quarter is None or not patterns.running:
        return None
    return quarter.week_of_quarter(patterns.observed_end, week_start)


def patterns_renderables(patterns: Patterns, *, week_start: int = 0) -> list[RenderableType]:
    """Every figure of a period, counts first."""
    parts: list[RenderableType] = []
    if patterns.running:
        parts.append(Text(running_note(patterns, form="report"), style="italic"))
    parts.append(Text(headline_text(patterns.headline)))
    parts.append(Text("Change: " + change_text(patterns.previous)))
    parts.append(Text("        " + change_text(patterns.year_earlier)))
    parts.append(
        _glance_table([patterns.headline, patterns.previous.against, patterns.year_earlier.against])
    )

    coverage = patterns.coverage
    parts.append(_heading("Check-ins"))
    parts.append(Text(coverage_text(coverage, form="report")))
    parts.append(Text(follow_ups_text(patterns.follow_ups)))

    parts.append(_heading("Triggers"))
    if patterns.triggers:
        table = Table(show_edge=False, box=None, pad_edge=False)
        for name, justify in (
            ("trigger", "left"),
            ("slips", "right"),
            ("", "left"),
            ("saves", "right"),
            ("weighted", "right"),
            ("save rate", "right"),
        ):
            table.add_column(
                name,
                justify=justify,  # type: ignore[arg-type]
                no_wrap=True,
                overflow="ellipsis" if name == "trigger" else "fold",
                max_width=28 if name == "trigger" else None,
                min_width={"save rate": 16, "": BAR_WIDTH}.get(name, len(name)),
            )
        most = max(t.slips for t in patterns.triggers)
        for figure in patterns.triggers:
            table.add_row(
                escape(figure.name) + (" (retired)" if figure.retired else ""),
                str(figure.slips),
                _bar(figure.slips, most, "red"),
                str(figure.saves),
                str(figure.weighted_slips),
                rate_text(figure.save_rate, form="table"),
            )
        parts.append(table)
    else:
        parts.append(Text("No entries in this period."))

    parts.append(_heading(when_heading(patterns.period, form="report")))
    parts.append(Text(crunch_text(patterns.crunch, patterns.period)))
    parts.append(_buckets("", patterns.weeks, seen=_weeks_seen(patterns, week_start)))
    parts.append(_heading("Weekdays"))
    parts.append(_buckets("", patterns.weekdays))

    parts.append(_heading("Triggers that come together (3 entries or more)"))
    if patterns.pairs:
        for pair in patterns.pairs:
            parts.append(
                Text(
                    f"{pair.first_name} + {pair.second_name}:"
                    f" {plural(pair.entries_count, 'entry')} ({plural(pair.slips, 'slip')})"
                )
            )
    else:
        parts.append(Text("None come together three times or more."))

    parts.append(_heading("Customers that keep coming back (3 entries or more)"))
    if patterns.customers:
        for customer in patterns.customers:
            parts.append(
                Text(
                    f"{customer.customer}: {plural(customer.slips, 'slip')},"
                    f" {plural(customer.saves, 'save')}, last on {customer.last_on.isoformat()}"
                )
            )
    else:
        parts.append(Text("No customer comes up three times or more."))

    parts.append(_heading("Was it yours to control? (slips)"))
    parts.append(Text(_shares(patterns.control)))
    parts.append(_heading("Recovery (slips)"))
    parts.append(Text(_shares(patterns.recovery)))
    parts.append(Text(recovered_text(patterns.recovered, form="report")))

    if patterns.series:
        parts.append(_heading("Slips and saves, last eight quarters"))
        table = Table(show_edge=False, box=None, pad_edge=False)
        table.add_column("quarter")
        table.add_column("slips", justify="right")
        table.add_column("")
        table.add_column("saves", justify="right")
        most = max(point.slips for point in patterns.series)
        for point in patterns.series:
            table.add_row(
                point.quarter.label,
                str(point.slips),
                _bar(point.slips, most, "red"),
                str(point.saves),
            )
        parts.append(table)
    return parts


def _shares(shares: Sequence[Share]) -> str:
    return "; ".join(f"{s.label} {rate_text(s.rate, form='table')}" for s in shares)


def print_patterns(patterns: Patterns, *, week_start: int = 0) -> None:
    console = _console()
    console.print(Text(f"Patterns: {patterns.period.label}", style="bold"))
    console.print(Group(*patterns_renderables(patterns, week_start=week_start)))


def print_review(review: Review, *, week_start: int = 0) -> None:
    console = _console()
    quarter = review.quarter
    title = f"Quarterly review: {quarter.label} ({quarter.start.isoformat()} to {quarter.end})"
    if review.running:
        title += " — a mid-quarter check"
    console.print(Text(title, style="bold"))
    console.print(_heading("1. The quarter at a glance"))
    console.print(Group(*patterns_renderables(review.patterns, week_start=week_start)))

    console.print(_heading("2. Last quarter's commitments"))
    if not review.due:
        console.print(f"No commitments were made for {quarter.label}.")
    for number, figure in enumerate(review.due, start=1):
        first, *rest = commitment_lines(figure)
        console.print(f"{number}. {escape(first)}")
        for line in rest:
            console.print(f"   {escape(line)}")
        if figure.outcome is None:
            console.print(
                f"   judge it: journal review {quarter.label} --judge {figure.commitment_id}=kept"
                " (or partly, broken)"
            )

    console.print(_heading("3. Prompts"))
    for prompt in review.prompts:
        console.print(escape(prompt.text))

    saved = review.saved
    console.print(_heading(f"4. Reflection and commitments for {review.commit_for.label}"))
    if saved is None:
        console.print(
            f"Not reviewed yet. Write it in the app (journal, then r) or here: journal review"
            f' {quarter.label} --reflection "…" --commit TRIGGER="what I will do"'
        )
        return
    console.print(Text(f"Saved {saved.updated_at[:16].replace('T', ' ')}", style="dim"))
    for label, text in (
        ("start", saved.start_doing),
        ("stop", saved.stop_doing),
        ("continue", saved.continue_doing),
        ("reflection", saved.reflection),
    ):
        if text.strip():
            console.print(f"[bold]{label}:[/] {escape(text)}")
    for commitment in saved.commitments:
        plan = commitment_text(escape(commitment.trigger_name), escape(commitment.plan))
        console.print(f"• {plan} (for {commitment.quarter}, commitment {commitment.commitment_id})")
    if not saved.commitments:
        console.print("No commitments set.")


def print_review_list(found: Sequence[ReviewSummary], calendar: Calendar = CALENDAR_YEAR) -> None:
    console = _console()
    if not found:
        console.print("No reviews yet: 'journal review' shows the quarter to review.")
        return
    table = Table(show_edge=False, box=None, pad_edge=False, expand=True)
    table.add_column("quarter", no_wrap=True)
    table.add_column("months", no_wrap=True)
    table.add_column("updated", no_wrap=True)
    table.add_column("commitments", justify="right")
    table.add_column("reflection", overflow="ellipsis", no_wrap=True, ratio=1)
    for summary in found:
        table.add_row(
            *calendar.saved_quarter(summary.quarter),  # in the person's calendar
            summary.updated_at[:10],
            str(summary.commitments),
            escape(summary.headline),
        )
    console.print(table)
