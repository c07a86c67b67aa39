"""A review read: the quarter it is for, what was saved, and the prompts drawn from the figures."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from journal.periods import CALENDAR_YEAR, Calendar, Period, Quarter
from journal.sentences import crunch_prompt_text
from journal.services.analytics.figures import MIN_CASES, CommitmentFigure, Patterns
from journal.services.analytics.queries import patterns_for, trigger_figures
from journal.services.reviews.records import (
    Prompt,
    Review,
    ReviewSummary,
    SavedCommitment,
    SavedReview,
)
from journal.words import named


def commitment_quarter(reviewed: Quarter, *, today: date, calendar: Calendar) -> Quarter:
    """New commitments are for the quarter after the one reviewed, and never for one that has
    already ended (a late review of an old quarter commits for the current one)."""
    return max(reviewed.next(), calendar.quarter_of(today))


LATE_REVIEW_DAYS = 30


def default_quarter(conn: sqlite3.Connection, *, today: date, calendar: Calendar) -> Quarter:
    """The quarter a person most likely means to review: the one just ended, in the first
    month of the next while it has no review yet; otherwise the running one."""
    current = calendar.quarter_of(today)
    if (today - current.start).days < LATE_REVIEW_DAYS:
        last = current.previous()
        if saved_review(conn, last) is None:
            return last
    return current


def _saved_commitments(conn: sqlite3.Connection, review_id: int) -> tuple[SavedCommitment, ...]:
    rows = conn.execute(
        "SELECT c.id, c.trigger_id, t.name, c.plan, c.quarter, c.set_on, c.outcome,"
        # Answers of entries in the trash do not count, as trashed entries count nowhere.
        " (SELECT count(*) FROM commitment_checks cc JOIN entries e ON e.id = cc.entry_id"
        "  WHERE cc.commitment_id = c.id AND e.deleted_at IS NULL)"
        " FROM commitments c JOIN triggers t ON t.id = c.trigger_id"
        " WHERE c.review_id = ? ORDER BY c.id",
        (review_id,),
    ).fetchall()
    return tuple(
        SavedCommitment(
            commitment_id=int(row[0]),
            trigger_id=str(row[1]),
            trigger_name=str(row[2]),
            plan=str(row[3]),
            quarter=str(row[4]),
            set_on=date.fromisoformat(str(row[5])),
            outcome=str(row[6]) if row[6] is not None else None,
            answers=int(row[7]),
        )
        for row in rows
    )


def saved_review(conn: sqlite3.Connection, quarter: Quarter) -> SavedReview | None:
    row = conn.execute(
        "SELECT id, quarter, reflection, start_doing, stop_doing, continue_doing, created_at,"
        " updated_at, version FROM reviews WHERE quarter = ?",
        (quarter.label,),
    ).fetchone()
    if row is None:
        return None
    return SavedReview(
        review_id=int(row[0]),
        quarter=str(row[1]),
        reflection=str(row[2]),
        start_doing=str(row[3]),
        stop_doing=str(row[4]),
        continue_doing=str(row[5]),
        created_at=str(row[6]),
        updated_at=str(row[7]),
        commitments=_saved_commitments(conn, int(row[0])),
        version=int(row[8]),
    )


def list_reviews(conn: sqlite3.Connection) -> list[ReviewSummary]:
    """Every saved review, the newest quarter first."""
    rows = conn.execute(
        "SELECT r.quarter, r.updated_at, r.reflection,"
        " (SELECT count(*) FROM commitments c WHERE c.review_id = r.id)"
        " FROM reviews r ORDER BY r.quarter DESC"
    ).fetchall()
    return [ReviewSummary(str(row[0]), str(row[1]), str(row[2]), int(row[3])) for row in rows]


def _prompts(
    conn: sqlite3.Connection,
    patterns: Patterns,
    due: Sequence[CommitmentFigure],
    *,
    today: date,
    calendar: Calendar,
) -> tuple[Prompt, ...]:
    triggers = patterns.triggers
    crunch = patterns.crunch
    top = next((t for t in triggers if t.slips >= MIN_CASES), None)
    if top is not None:
        stop = (
            f"Stop: {named(top.name)} won over a customer {top.slips} times this quarter"
            f" ({top.weighted_slips} severity points)."
        )
        if crunch.bunching:
            stop += " " + crunch_prompt_text(crunch, form="share")
        stop += " What will you stop doing when it shows up?"
    else:
        stop = (
            f"Stop: no trigger won {MIN_CASES} times or more this quarter. Is there a habit you"
            " want to stop anyway?"
        )
    prompts = [Prompt("stop", stop, top.trigger_id if top else None)]

    before = {
        t.trigger_id: t.slips
        for t in trigger_figures(conn, patterns.period.previous(), today=today, calendar=calendar)
    }
    rising = sorted(
        (
            t
            for t in triggers
            if t is not top and t.slips >= MIN_CASES and t.slips > before.get(t.trigger_id, 0)
        ),
        key=lambda t: (t.slips - before.get(t.trigger_id, 0), t.slips),
        reverse=True,
    )
    if rising:
        grew = rising[0]
        start = Prompt(
            "start",
            f"Start: {named(grew.name)} rose from {before.get(grew.trigger_id, 0)} to {grew.slips}"
            f" slips against {patterns.period.previous().label}. What will you start doing"
            " before it shows up?",
            grew.trigger_id,
        )
    elif crunch.bunching:
        start = Prompt(
            "start",
            f"Start: {crunch_prompt_text(crunch, form='count')} What will you start doing"
            " before the crunch?",
        )
    else:
        start = Prompt(
            "start", "Start: what will you start doing so the customer's outcome wins more often?"
        )
    prompts.insert(0, start)

    worked = next((f for f in due if f.trend == "fewer"), None)
    held = sorted(
        (t for t in triggers if t.save_rate.enough and t.saves > 0),
        key=lambda t: (t.save_rate.value or 0.0, t.saves),
        reverse=True,
    )
    if worked is not None:
        text = (
            f"Continue: since you committed to {named(worked.plan)}, {named(worked.trigger_name)}"
            f" went from"
            f" {worked.before.slips} slips to {worked.after.slips} in as many days. Keep it?"
        )
        prompts.append(Prompt("continue", text, worked.trigger_id))
    elif held:
        best = held[0]
        prompts.append(
            Prompt(
                "continue",
                f"Continue: you held the line on {named(best.name)} {best.saves} of"
                f" {best.saves + best.slips} times. What made the difference?",
                best.trigger_id,
            )
        )
    else:
        prompts.append(
            Prompt("continue", "Continue: which time did you hold the line, and what helped?")
        )
    return tuple(prompts)


def build_review(
    conn: sqlite3.Connection, quarter: Quarter, *, today: date, calendar: Calendar = CALENDAR_YEAR
) -> Review:
    """The review of `quarter` as it stands today, with what was saved for it, if anything."""
    patterns = patterns_for(conn, Period.of_quarter(quarter), today=today, calendar=calendar)
    # Made for this quarter, so running in it: already among the period's commitments.
    due = tuple(figure for figure in patterns.commitments if figure.quarter == quarter.label)
    return Review(
        quarter=quarter,
        commit_for=commitment_quarter(quarter, today=today, calendar=calendar),
        patterns=patterns,
        due=due,
        prompts=_prompts(conn, patterns, due, today=today, calendar=calendar),
        saved=saved_review(conn, quarter),
    )
