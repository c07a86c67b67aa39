"""Figures in words: every sentence the CLI, the app and the summaries say about a figure.

Each sentence states its counts, and none claims a rate or a pattern from fewer than
`MIN_CASES` cases. Where two faces word a figure differently (a narrow table cell, a screen
with room for a longer sentence), the wordings are variants of one function, chosen by
`form=`, so changing a sentence means changing it here.

Counts in words (`plural`, `signed`) live in `journal.words`, which imports nothing so the
CLI starts fast; they are re-exported here for every other face.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from journal.thresholds import CRUNCH_DAYS, MIN_CASES

# Re-exported: every face but the CLI takes its counts in words from here.
from journal.words import MINUS as MINUS
from journal.words import named as named
from journal.words import noun as noun
from journal.words import plural as plural
from journal.words import signed as signed

if TYPE_CHECKING:
    from journal.periods import Period
    from journal.services.analytics.figures import (
        Change,
        CommitmentFigure,
        Coverage,
        Crunch,
        Headline,
        Patterns,
        Rate,
        Window,
    )
    from journal.services.follow_ups import FollowUpCounts
    from journal.services.reviews import Review

EN_DASH = "\u2013"  # between the two days of a span
# The one wording for a figure with fewer than MIN_CASES cases behind it, in every face.
TOO_FEW = "too few"
NOT_ENOUGH = f"{TOO_FEW} to compare"
# A change within the trend margin, whichever trend: a commitment's or a client's quarter.
ABOUT_THE_SAME = "about the same"
OUTCOME_WORDS = {"kept": "kept", "partly": "partly kept", "broken": "broken", None: "not judged"}

RateForm = Literal["sentence", "table", "short", "bare"]
# The CLI and the summaries (report), the patterns screen, the review screen.
Form = Literal["report", "screen", "review"]

# --- days ------------------------------------------------------------------------------------


def day_text(day: date, *, weekday: bool = False) -> str:
    """'22 Nov 2026', or with the weekday 'Sun 22 Nov 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}" if weekday else f"{day.day} {day:%b %Y}"


def short_day(day: date) -> str:
    """'22 Nov'."""
    return f"{day.day} {day:%b}"


def span_text(start: date, end: date, *, joiner: str = f" {EN_DASH} ") -> str:
    """'1 Oct - 22 Nov 2026' with an en dash (the year once when both days share it), or
    another `joiner` (' to ')."""
    if start.year == end.year:
        return f"{short_day(start)}{joiner}{day_text(end)}"
    return f"{day_text(start)}{joiner}{day_text(end)}"


def short_span(start: date, end: date) -> str:
    """'1 Oct-22 Nov' with an en dash: a span in a figure's line, without the year."""
    return f"{short_day(start)}{EN_DASH}{short_day(end)}"


def week_span(start: date, end: date) -> str:
    """' (12-18 Oct)' or ' (28 Sep - 4 Oct)' with en dashes: the days of one week of a
    quarter."""
    if start.month == end.month:
        return f" ({start.day}{EN_DASH}{end.day} {end:%b})"
    return f" ({start.day} {start:%b} {EN_DASH} {end.day} {end:%b})"


# --- rates and changes -------------------------------------------------------------------------


def rate_text(rate: Rate, *, form: RateForm = "sentence") -> str:
    """'42% (11 of 26)'; under three cases only the counts: 'too few (1 of 2)'. The bare form
    is '42%' or 'too few', for a column beside the counts. (The forms are kept apart for the
    faces that call them; they differ in the bare form only.)"""
    value = rate.value
    if form == "bare":
        return TOO_FEW if value is None else f"{value:.0%}"
    if value is not None:
        return f"{value:.0%} ({rate.part} of {rate.whole})"
    return f"{TOO_FEW} ({rate.part} of {rate.whole})"


def percent_text(value: float | None) -> str:
    """'+25%', or -25% with a true minus sign; 'too few' when there is no percentage."""
    return TOO_FEW if value is None else f"{value:+.0%}".replace("-", MINUS)


def compared_label(period: Period, *, form: Literal["report", "glance", "table", "screen"]) -> str:
    """A compared period's name, saying when it is cut to the days a running one has had."""
    label = period.label
    if form == "table" and period.quarter is not None:  # a range's label is its days already
        label = f"{label} ({period.start.isoformat()} to {period.end.isoformat()})"
    if not period.is_cut:
        return label
    return (
        label
        + {
            "report": f" (its first {period.days} days)",
            "glance": f" (first {period.days} d)",
            "table": f", first {period.days} days",
            "screen": f" to {short_day(period.end)}",
        }[form]
    )


def change_text(change: Change) -> str:
    """'+3 slips (+25%), -1 save against 2026-Q2' — a percentage only from 3 cases up."""
    percent = change.slips_percent
    slips = f"{signed(change.slips)} {noun(abs(change.slips), 'slip')}"
    if percent is not None:
        slips += f" ({percent_text(percent)})"
    against = compared_label(change.against.period, form="report")
    saves = f"{signed(change.saves)} {noun(abs(change.saves), 'save')}"
    return f"{slips}, {saves} against {against}"


def change_cell(difference: int, ratio: float | None) -> str:
    """'+3 (+25%)': a change in a table cell."""
    return signed(difference) + (f" ({percent_text(ratio)})" if ratio is not None else "")


def rate_change(now: Rate, before: Rate) -> str:
    """'+12 pts', or 'too few' when either rate has too few cases."""
    if now.value is None or before.value is None:
        return TOO_FEW
    points = round((now.value - before.value) * 100)
    return f"{signed(points)} pts"


def compared_cell(now: int, then: int, *, percent: float | None) -> str:
    """A compared quarter's count, and in brackets how the reviewed quarter differs from it."""
    difference = signed(now - then)
    if percent is not None:
        return f"{then}  ({difference}, {percent_text(percent)})"
    return f"{then}  ({difference})"


def compared_heading(headline: Headline, *, running: bool, days: int) -> str:
    """The review's column heading of one compared quarter: cut ones say so."""
    if headline.period.is_cut or running:
        return f"{headline.period.label} first {days}d"
    return headline.period.label


# --- a period at a glance ----------------------------------------------------------------------


def headline_text(headline: Headline) -> str:
    weighted = f"severity-weighted {headline.weighted_slips}"
    if headline.unrated_slips:
        weighted += f", {headline.unrated_slips} unrated counted as 1"
    return (
        f"{plural(headline.slips, 'slip')} ({weighted}), {plural(headline.saves, 'save')};"
        f" save rate {rate_text(headline.save_rate)}"
    )


def headline_note(patterns: Patterns) -> str:
    """Under the patterns screen's table: how the periods are cut and what weighted means."""
    notes = []
    if patterns.running:
        notes.append(
            f"Earlier periods are cut to their first {plural(patterns.observed_days, 'day')},"
            " to compare like with like."
        )
    unrated = patterns.headline.unrated_slips
    notes.append(
        "Weighted: slips summed by severity"
        + (f" ({plural(unrated, 'unrated slip')} counted as 1)." if unrated else ".")
        + f" Rates need {MIN_CASES} cases."
    )
    return " ".join(notes)


def running_note(patterns: Patterns, *, form: Literal["report", "summary"]) -> str:
    """A running period is counted up to today, and what it is compared with as far."""
    compared = (
        "the other periods are" if form == "report" else "the periods it is compared with are"
    )
    return (
        f"Still running: counted up to {patterns.observed_end.isoformat()}; {compared} cut to as"
        " many days."
    )


def coverage_text(
    coverage: Coverage, *, form: Literal["report", "summary"], running: bool = False
) -> str:
    if form == "report":
        return (
            f"Journaled {rate_text(coverage.journaled, form='table')} of the days;"
            f" {coverage.clean_days} clean, {coverage.slip_days} with slips."
        )
    return (
        f"Journaled {rate_text(coverage.journaled, form='table')} of the"
        f" {plural(coverage.days, 'day')}{' so far' if running else ''}:"
        f" {plural(coverage.clean_days, 'clean day')}"
        f" (clean: {rate_text(coverage.clean, form='table')} of the days journaled),"
        f" {plural(coverage.slip_days, 'day')} with slips."
    )


def follow_ups_text(counts: FollowUpCounts) -> str:
    """Follow-ups closed in the period and those still open at its end."""
    if not (counts.closed or counts.open):
        return "No follow-ups were set or closed in this period."
    past = f" ({counts.due} past their day)" if counts.due else ""
    return (
        f"Follow-ups: {plural(counts.closed, 'closed', 'closed')} with what happened to the"
        f" customer; {plural(counts.open, 'still open', 'still open')}{past}."
    )


def recovered_text(rate: Rate, *, form: Literal["report", "summary"]) -> str:
    if form == "report":
        return f"Recovered of those where you tried: {rate_text(rate, form='table')}"
    return f"Recovered where you tried: {rate_text(rate, form='table')}."


def glance_intro(review: Review) -> str:
    """The review's first lines: the quarter's days, and whether it is still running."""
    patterns = review.patterns
    quarter = review.quarter
    days = patterns.observed_days
    journaled = rate_text(patterns.coverage.journaled)
    if review.running:
        return (
            f"{quarter.label} is still running: this is a mid-quarter check, counted up to"
            f" {day_text(patterns.observed_end, weekday=True)} (day {days} of {quarter.days})."
            f" The quarters beside it are cut to their first {days} days so the comparison is"
            f" fair. Days journaled: {journaled}."
        )
    return (
        f"{quarter.label} ran from {day_text(quarter.start, weekday=True)} to"
        f" {day_text(quarter.end, weekday=True)} ({quarter.days} days). Days journaled:"
        f" {journaled}."
    )


# --- when in the quarter -------------------------------------------------------------------------


def crunch_text(crunch: Crunch, period: Period, *, form: Form = "report") -> str:
    """Whether slips bunch in the last three weeks of the quarter, or too few to say."""
    if form == "screen":
        return _crunch_on_screen(crunch, period)
    if form == "review":
        return _crunch_in_review(crunch, period)
    if crunch.slips < MIN_CASES:
        return (
            f"Too few slips to say when in the quarter they fall"
            f" ({plural(crunch.slips, 'slip')}; it takes {MIN_CASES})."
        )
    if not crunch.crunch_days:
        return (
            f"None of the last three weeks of a quarter is in this period yet;"
            f" {plural(crunch.slips, 'slip')} so far."
        )
    of_quarter = "of the quarter" if period.quarter is not None else "of their quarters"
    text = (
        f"{crunch.crunch_slips} of {crunch.slips} slips ({crunch.share.value:.0%}) fell in the"
        f" last three weeks {of_quarter}, which hold {crunch.expected:.0%} of the days"
    )
    return text + (": slips bunch at the close." if crunch.bunching else ".")


def group_crunch_text(
    label: str, crunch: Rate, expected: float, *, bunching: int, said: int
) -> str:
    """The crunch across a coach's clients: the group's share of slips in the closing weeks,
    and how many clients' own slips bunch there (`said`: clients with enough slips to say)."""
    if not expected:
        return f"Crunch: {label} has not reached its last three weeks before the close yet."
    return (
        f"Crunch: {rate_text(crunch)} of the group's slips in the last three weeks before"
        f" the close (an even spread would put {expected:.0%} there); slips"
        f" bunch at the close for {bunching} of {plural(said, 'client')} with enough slips"
        " to say."
    )


def crunch_prompt_text(crunch: Crunch, *, form: Literal["share", "count"]) -> str:
    """The crunch as a review prompt states it: beside the top trigger ("share") or as the
    reason to start something ("count"). Only said of slips that bunch."""
    if form == "share":
        return f"{crunch.share.value or 0.0:.0%} of all slips came in the last three weeks."
    return (
        f"{crunch.crunch_slips} of {crunch.slips} slips fell in the last three weeks of the"
        " quarter."
    )


def _crunch_on_screen(crunch: Crunch, period: Period) -> str:
    if crunch.slips < MIN_CASES:
        return (
            f"Too few slips to say whether they bunch at the close"
            f" ({plural(crunch.slips, 'slip')}; it takes {MIN_CASES})."
        )
    if not crunch.crunch_days:
        return (
            f"The last three weeks of {period.label} have not come yet;"
            f" {plural(crunch.slips, 'slip')} so far."
        )
    share = crunch.share.value or 0.0
    text = (
        f"{crunch.crunch_slips} of {crunch.slips} slips ({share:.0%}) fell in the last three"
        f" weeks, which hold {crunch.expected:.0%} of the days"
    )
    return text + (": they bunch at the close." if crunch.bunching else ".")


def _crunch_in_review(crunch: Crunch, period: Period) -> str:
    quarter = period.quarter
    assert quarter is not None, "a review is of a quarter"
    closing = f"the last three weeks (from {short_day(quarter.closing_from(CRUNCH_DAYS))})"
    if crunch.days and not crunch.crunch_days:
        return (
            f"The crunch: {closing} have not come yet, so there is nothing to say about the"
            f" close so far. {plural(crunch.slips, 'slip')} so far."
        )
    share = rate_text(crunch.share)
    if crunch.bunching is None:
        return (
            f"The crunch: {plural(crunch.crunch_slips, 'slip')} of {crunch.slips} fell in"
            f" {closing}: too few to say whether slips bunch at the close ({share})."
        )
    even = f"{crunch.expected:.0%} if they were spread evenly"
    verdict = (
        "Slips bunch at the end of the quarter."
        if crunch.bunching
        else "No end-of-quarter bunching this time."
    )
    return f"The crunch: {share} of slips fell in {closing}, against {even}. {verdict}"


def when_heading(period: Period, *, form: Literal["report", "summary"]) -> str:
    """The heading over the weeks of the quarter: a range spans parts of several quarters."""
    which = "the quarter" if period.quarter is not None else "each quarter"
    return f"When in {which}" + (" slips happen" if form == "summary" else "")


def crunch_facts(crunch: Crunch) -> str:
    """The crunch's counts behind the sentence, for the summaries."""
    lift = crunch.lift
    return (
        f"The last {CRUNCH_DAYS} days of each quarter are {crunch.crunch_days} of the"
        f" {plural(crunch.days, 'day')} counted ({crunch.expected:.0%} of them) and hold"
        f" {rate_text(crunch.share, form='table')} of the slips"
        + (f": {lift:.2f} times an even share." if lift is not None else ".")
    )


# --- commitments -------------------------------------------------------------------------------


def commitment_text(trigger_name: str, plan: str, *, capital: bool = True) -> str:
    """'If “Sales quota behind” shows up, I will call the customer first' (no full stop);
    'if …' inside a sentence."""
    return f"{'If' if capital else 'if'} {named(trigger_name)} shows up, I will {plan}"


def outcome_text(outcome: str | None) -> str:
    """How the person judged a commitment: kept, partly kept, broken, or not judged."""
    return OUTCOME_WORDS.get(outcome, outcome or "")


def window_text(window: Window, *, form: Literal["report", "review", "screen", "table"]) -> str:
    """A trigger's slips over the days before or after a commitment, a weekly rate from three
    weeks up: '4 slips in 30 days (0.93 a week)' in a report, '0.9 slips a week (…)' in the
    review, '0.9 (4 slips)' on the patterns screen, '0.93' in a table."""
    per_week = window.slips_per_week
    if form == "table":
        return TOO_FEW if per_week is None else f"{per_week:.2f}"
    if form == "screen":
        if per_week is None:
            return f"too few weeks ({plural(window.slips, 'slip')})"
        return f"{per_week:.1f} ({plural(window.slips, 'slip')})"
    if form == "review":
        counted = (
            f"{plural(window.slips, 'slip')}, {plural(window.saves, 'save')} in"
            f" {plural(window.days, 'day')}, {short_span(window.start, window.end)}"
        )
        if per_week is None:
            return f"{TOO_FEW} ({counted}; a weekly rate needs {7 * MIN_CASES} days)"
        return f"{per_week:.1f} slips a week ({counted})"
    rate = f"{per_week:.2f} a week" if per_week is not None else "too few weeks for a rate"
    return f"{plural(window.slips, 'slip')} in {window.days} days ({rate})"


def trend_text(trend: str | None, *, form: Form = "report") -> str:
    """Slips a week after a commitment against before: fewer, more or about the same."""
    if form == "review":
        if trend is None:
            return (
                f"Trend: too few to say (it takes {MIN_CASES} weeks on each side and a"
                f" difference of {MIN_CASES} slips or more)."
            )
        return (
            "Trend: "
            + {
                "fewer": "fewer slips a week since it was set",
                "more": "more slips a week since it was set",
                "same": "about as many slips a week as before",
            }[trend]
            + "."
        )
    if trend is None:
        return NOT_ENOUGH if form == "report" else f"{TOO_FEW} to call a trend"
    return {"fewer": "fewer slips", "more": "more slips", "same": ABOUT_THE_SAME}.get(
        trend, NOT_ENOUGH
    )


def followed_text(
    figure: CommitmentFigure, *, form: Literal["report", "summary", "review", "screen"]
) -> str:
    """How often the entries that answered said the commitment was followed."""
    followed = figure.followed
    if form == "screen":
        return f"followed {rate_text(followed)}"
    if form == "summary":
        return (
            f"followed in {figure.followed_yes}, partly in {figure.followed_partly}, not in"
            f" {figure.followed_no} of {plural(figure.answers, 'entry')}"
            f" (followed: {rate_text(followed, form='table')})"
        )
    if form == "review":
        if not figure.answers:
            return "Followed: no entry with this trigger has said yet whether you followed it."
        return (
            f"Followed: {rate_text(followed)} of the entries that answered"
            f" (yes {figure.followed_yes}, partly {figure.followed_partly},"
            f" no {figure.followed_no})."
        )
    if not figure.answers:
        return "no entry has said whether it was followed"
    if followed.enough:
        return (
            f"followed in {figure.followed_yes} of {figure.answers} entries"
            f" ({followed.value:.0%}), partly in {figure.followed_partly}"
        )
    return f"followed in {figure.followed_yes} of {figure.answers} entries (too few for a rate)"


def commitment_lines(figure: CommitmentFigure) -> list[str]:
    """The CLI's commitment: the plan, then its before/after and how often it was followed."""
    trend = trend_text(figure.trend)
    before, after = figure.before, figure.after
    return [
        f"{commitment_text(figure.trigger_name, figure.plan)}.  [{outcome_text(figure.outcome)}]",
        f"before: {window_text(before, form='report')}; after:"
        f" {window_text(after, form='report')}: {trend}",
        f"save rate {rate_text(before.save_rate)} before, {rate_text(after.save_rate)} after;"
        f" {followed_text(figure, form='report')}",
    ]
