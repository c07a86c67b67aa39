"""Reflection: the quarterly review and the patterns."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from journal.cli.arguments import whole_number
from journal.cli.common import current_day, fiscal_calendar, journal_for, period_from
from journal.cli.terminal import note_written
from journal.errors import JournalError
from journal.text import quoted

if TYPE_CHECKING:
    from journal.services.reviews import ReviewInput, SavedReview


def _pairs(given: Sequence[str] | None, option: str, shape: str) -> list[tuple[str, str]]:
    """Read repeated KEY=VALUE options."""
    pairs = []
    for text in given or ():
        key, sep, value = text.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise JournalError(f"{option} takes {shape}, not {quoted(text)}")
        pairs.append((key.strip(), value.strip()))
    return pairs


def _review_input(args: argparse.Namespace, saved: SavedReview | None) -> ReviewInput:
    """What the options change, over what the saved review already says."""
    from journal.services.reviews import OUTCOMES, PlannedCommitment, ReviewInput

    values = ReviewInput()
    if saved is not None:
        values.reflection = saved.reflection
        values.start_doing = saved.start_doing
        values.stop_doing = saved.stop_doing
        values.continue_doing = saved.continue_doing
        values.commitments = [
            PlannedCommitment(c.trigger_id, c.plan, c.commitment_id) for c in saved.commitments
        ]
    for name, given in (
        ("reflection", args.reflection),
        ("start_doing", args.start),
        ("stop_doing", args.stop),
        ("continue_doing", args.continue_),
    ):
        if given is not None:
            setattr(values, name, given)
    for trigger, plan in _pairs(args.commit, "--commit", 'TRIGGER="what I will do"'):
        values.commitments.append(PlannedCommitment(trigger, plan))
    for ident, outcome in _pairs(args.judge, "--judge", "ID=kept, ID=partly or ID=broken"):
        commitment_id = whole_number(ident)
        if commitment_id is None or outcome not in OUTCOMES:
            raise JournalError(
                f"--judge takes a commitment id and kept, partly or broken (such as 3=kept),"
                f" not {quoted(f'{ident}={outcome}')}"
            )
        values.outcomes[commitment_id] = outcome
    return values


def cmd_review(args: argparse.Namespace) -> int:
    from journal import render
    from journal.periods import parse_quarter

    today = current_day()
    calendar = fiscal_calendar()
    writing = any(
        value is not None
        for value in (
            args.reflection,
            args.start,
            args.stop,
            args.continue_,
            args.commit,
            args.judge,
        )
    )
    with journal_for(args) as journal:
        if args.list:
            found = journal.reviews()
            if args.json:
                render.print_json([summary.to_json() for summary in found])
            else:
                from journal.render_review import print_review_list

                print_review_list(found, calendar)
            return 0
        if args.quarter is not None:
            quarter = parse_quarter(
                args.quarter, today=today, fiscal_start_month=calendar.fiscal_start_month
            )
        else:
            quarter = journal.default_review_quarter(today=today, calendar=calendar)
        if writing:
            journal.revise_review(
                quarter,
                lambda saved: _review_input(args, saved),
                today=today,
                calendar=calendar,
            )
            note_written(f"the review of {quarter.label} was saved")
        review = journal.review(quarter, today=today, calendar=calendar)
    if args.json:
        render.print_json(review.to_json())
        return 0
    from journal.render_review import print_review

    print_review(review, week_start=calendar.week_start)
    if writing:
        print(f"Saved the review of {quarter.label}.", file=sys.stderr)
    return 0


def cmd_patterns(args: argparse.Namespace) -> int:
    from journal import render
    from journal.periods import Period

    today = current_day()
    calendar = fiscal_calendar()
    period = period_from(args, today, calendar) or Period.of_quarter(calendar.quarter_of(today))
    with journal_for(args) as journal:
        found = journal.patterns(period, today=today, calendar=calendar)
        # The year at a glance: each day of the period with an entry or a check-in.
        days = journal.day_counts(period.start, found.observed_end) if args.json else ()
    if args.json:
        render.print_json({**found.to_json(), "days": [day.to_json() for day in days]})
        return 0
    from journal.render_review import print_patterns

    print_patterns(found, week_start=calendar.week_start)
    return 0
