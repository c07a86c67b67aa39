"""The sections of a summary built from the figures: tables of headlines and changes, buckets,
commitments and the review."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from journal.exporters.summary_parts import Chart, Section, Table
from journal.sentences import (
    commitment_text,
    compared_label,
    followed_text,
    outcome_text,
    percent_text,
    plural,
    rate_text,
    signed,
    trend_text,
    window_text,
)
from journal.services.analytics.figures import (
    Bucket,
    Change,
    CommitmentFigure,
    Headline,
    Rate,
    Window,
)
from journal.services.reviews import Review

Text = Callable[[str], str]


def rate_cell(rate: Rate) -> str:
    """A share in a summary: 'too few' and the counts under three cases."""
    return rate_text(rate, form="table")


def headline_rows(headlines: Sequence[Headline]) -> Table:
    columns = ["", *(compared_label(h.period, form="table") for h in headlines)]
    return Table.of(
        columns,
        [
            ["entries", *(f"{h.entries:,}" for h in headlines)],
            ["slips", *(f"{h.slips:,}" for h in headlines)],
            ["saves", *(f"{h.saves:,}" for h in headlines)],
            ["severity-weighted slips", *(f"{h.weighted_slips:,}" for h in headlines)],
            ["slips without a severity", *(f"{h.unrated_slips:,}" for h in headlines)],
            ["save rate", *(rate_cell(h.save_rate) for h in headlines)],
        ],
    )


def change_table(changes: Sequence[Change]) -> Table:
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


def bucket_section(
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
        rate_cell(window.save_rate),
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


def review_sections(review: Review, text: Text, trigger_name: Text) -> list[Section]:
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
