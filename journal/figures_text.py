"""Figures in words: the sentences the CLI, the TUI and the summaries share.

Each sentence states its counts; none claims a rate or a pattern from fewer than three cases.
"""

from __future__ import annotations

from journal.services.analytics.figures import (
    MIN_CASES,
    Change,
    CommitmentFigure,
    Crunch,
    Headline,
    Window,
)
from journal.words import plural, signed

OUTCOME_WORDS = {"kept": "kept", "partly": "partly kept", "broken": "broken", None: "not judged"}
TREND_WORDS = {"fewer": "fewer slips", "more": "more slips", "same": "about the same"}


def change_text(change: Change) -> str:
    """'+3 slips (+25%), -1 saves against 2026-Q2' — a percentage only from 3 cases up."""
    percent = change.slips_percent
    slips = f"{signed(change.slips)} slips"
    if percent is not None:
        slips += f" ({percent:+.0%})"
    against = change.against.period
    label = against.label + (f" (its first {against.days} days)" if against.is_cut else "")
    return f"{slips}, {signed(change.saves)} saves against {label}"


def headline_text(headline: Headline) -> str:
    weighted = f"severity-weighted {headline.weighted_slips}"
    if headline.unrated_slips:
        weighted += f", {headline.unrated_slips} unrated counted as 1"
    return (
        f"{plural(headline.slips, 'slip')} ({weighted}), {plural(headline.saves, 'save')};"
        f" save rate {headline.save_rate}"
    )


def crunch_text(crunch: Crunch) -> str:
    if crunch.slips < MIN_CASES:
        return f"Not enough slips to say when in the quarter they fall ({crunch.slips})."
    if not crunch.crunch_days:
        return (
            f"None of the last three weeks of a quarter is in this period yet;"
            f" {plural(crunch.slips, 'slip')} so far."
        )
    text = (
        f"{crunch.crunch_slips} of {crunch.slips} slips ({crunch.share.value:.0%}) fell in the"
        f" last three weeks of the quarter, which hold {crunch.expected:.0%} of its days"
    )
    if crunch.bunching:
        return text + ": slips bunch at the close."
    return text + "."


def window_text(window: Window) -> str:
    rate = window.slips_per_week
    per_week = f"{rate:.2f} a week" if rate is not None else "too few weeks for a rate"
    return f"{plural(window.slips, 'slip')} in {window.days} days ({per_week})"


def commitment_lines(figure: CommitmentFigure) -> list[str]:
    """The commitment, then its before/after and how often it was followed."""
    trend = TREND_WORDS.get(figure.trend or "", "not enough data to compare")
    if not figure.answers:
        followed = "no entry has said whether it was followed"
    elif figure.followed.enough:
        followed = f"followed in {figure.followed_yes} of {figure.answers} entries"
        followed += f" ({figure.followed.value:.0%}), partly in {figure.followed_partly}"
    else:
        followed = (
            f"followed in {figure.followed_yes} of {figure.answers} entries (too few for a rate)"
        )
    return [
        f"If {figure.trigger_name} shows up, I will {figure.plan}."
        f"  [{OUTCOME_WORDS.get(figure.outcome, figure.outcome)}]",
        f"before: {window_text(figure.before)}; after: {window_text(figure.after)}: {trend}",
        f"save rate {figure.before.save_rate} before, {figure.after.save_rate} after; {followed}",
    ]
