"""A review saved: its answers, last quarter's commitments judged and the new ones set, in one
transaction; a change saved meanwhile in another window is a `ReviewConflict`."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date

from journal.db import now_iso, transaction
from journal.errors import JournalError, NotFoundError
from journal.periods import CALENDAR_YEAR, Calendar, Quarter
from journal.services import triggers as trigger_service
from journal.services.entries import check_text
from journal.services.reviews.reading import commitment_quarter, saved_review
from journal.services.reviews.records import (
    ANSWER_FIELDS,
    MAX_COMMITMENTS,
    OUTCOMES,
    PlannedCommitment,
    ReviewInput,
    SavedReview,
)
from journal.text import quoted


class ReviewConflict(JournalError):
    """The review was saved elsewhere (`journal review … --reflection`, another window) since
    the screen saving it opened; `theirs` is the review as it is now saved."""

    def __init__(self, quarter: Quarter, *, expected: int, theirs: SavedReview | None) -> None:
        self.quarter = quarter
        self.expected = expected
        self.theirs = theirs
        super().__init__(
            f"the review of {quarter.label} was saved elsewhere since you opened it"
            if theirs is not None
            else f"the review of {quarter.label} was removed since you opened it"
        )


def _check_input(values: ReviewInput) -> None:
    for name in ("reflection", *ANSWER_FIELDS):
        check_text(name.replace("_", " "), getattr(values, name))
    for commitment_id, outcome in values.outcomes.items():
        if outcome is not None and outcome not in OUTCOMES:
            raise JournalError(
                f"commitment {commitment_id} can be kept, partly or broken, not {quoted(outcome)}"
            )
    if len(values.commitments) > MAX_COMMITMENTS:
        raise JournalError(
            f"{len(values.commitments)} commitments is too many to keep in mind; set one to"
            f" {MAX_COMMITMENTS}"
        )
    for planned in values.commitments:
        if not planned.plan.strip():
            raise JournalError(
                f"the commitment on {quoted(planned.trigger)} has no plan; say what you will do"
                " (if it shows up, I will …)"
            )
        check_text("plan", planned.plan)


def save_review(
    conn: sqlite3.Connection,
    quarter: Quarter,
    values: ReviewInput,
    *,
    today: date,
    calendar: Calendar = CALENDAR_YEAR,
    expected_version: int | None = None,
) -> SavedReview:
    """Write the review, the judgements of last quarter's commitments and the commitments it
    sets, all in one transaction. Saving again edits it.

    `expected_version` is the saved review's version when the screen opened (0: none was
    saved yet); a different one found inside the transaction raises `ReviewConflict` and
    nothing is written. None checks nothing."""
    _check_input(values)
    now = now_iso()
    commit_for = commitment_quarter(quarter, today=today, calendar=calendar)
    with transaction(conn):
        if expected_version is not None:
            theirs = saved_review(conn, quarter)
            if (theirs.version if theirs else 0) != expected_version:
                raise ReviewConflict(quarter, expected=expected_version, theirs=theirs)
        _judge(conn, quarter, values.outcomes)
        row = conn.execute("SELECT id FROM reviews WHERE quarter = ?", (quarter.label,)).fetchone()
        answers = [values.reflection, values.start_doing, values.stop_doing, values.continue_doing]
        if row is None:
            review_id = int(
                conn.execute(
                    "INSERT INTO reviews (quarter, reflection, start_doing, stop_doing,"
                    " continue_doing, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (quarter.label, *answers, now, now),
                ).lastrowid
                or 0
            )
        else:
            review_id = int(row[0])
            conn.execute(
                "UPDATE reviews SET reflection = ?, start_doing = ?, stop_doing = ?,"
                " continue_doing = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                (*answers, now, review_id),
            )
        _set_commitments(conn, review_id, values.commitments, commit_for, today)
        saved = saved_review(conn, quarter)
    assert saved is not None
    return saved


def _judge(conn: sqlite3.Connection, quarter: Quarter, outcomes: Mapping[int, str | None]) -> None:
    if not outcomes:
        return
    due = {
        int(row[0])
        for row in conn.execute("SELECT id FROM commitments WHERE quarter = ?", (quarter.label,))
    }
    for commitment_id, outcome in outcomes.items():
        if commitment_id not in due:
            raise NotFoundError(
                f"commitment {commitment_id} was not made for {quarter.label}, so this review"
                " cannot judge it"
            )
        conn.execute("UPDATE commitments SET outcome = ? WHERE id = ?", (outcome, commitment_id))


def _set_commitments(
    conn: sqlite3.Connection,
    review_id: int,
    planned: Sequence[PlannedCommitment],
    commit_for: Quarter,
    today: date,
) -> None:
    """Make the review's commitments match `planned`: keep, change, add and remove."""
    existing = {
        int(row[0]): (str(row[1]), str(row[2]), int(row[3]))
        for row in conn.execute(
            "SELECT c.id, c.trigger_id, c.plan,"
            " (SELECT count(*) FROM commitment_checks cc WHERE cc.commitment_id = c.id)"
            " FROM commitments c WHERE c.review_id = ?",
            (review_id,),
        )
    }
    kept: set[int] = set()
    for item in planned:
        plan = item.plan.strip()
        if item.commitment_id is None:
            (trigger_id,) = trigger_service.resolve(conn, [item.trigger])
            conn.execute(
                "INSERT INTO commitments (review_id, trigger_id, plan, quarter, set_on)"
                " VALUES (?, ?, ?, ?, ?)",
                (review_id, trigger_id, plan, commit_for.label, today.isoformat()),
            )
            continue
        if item.commitment_id not in existing:
            raise NotFoundError(f"commitment {item.commitment_id} is not one of this review's")
        old_trigger, old_plan, answers = existing[item.commitment_id]
        (trigger_id,) = trigger_service.resolve(conn, [item.trigger], keep=[old_trigger])
        kept.add(item.commitment_id)
        if (trigger_id, plan) == (old_trigger, old_plan):
            continue
        if answers:
            raise JournalError(
                f"the commitment on {old_trigger} already has {answers} answer(s) from entries,"
                " so it stays as written; add a new commitment instead"
            )
        conn.execute(
            "UPDATE commitments SET trigger_id = ?, plan = ? WHERE id = ?",
            (trigger_id, plan, item.commitment_id),
        )
    for commitment_id, (trigger_id, _plan, answers) in existing.items():
        if commitment_id in kept:
            continue
        if answers:
            raise JournalError(
                f"the commitment on {trigger_id} already has {answers} answer(s) from entries,"
                " so it cannot be removed"
            )
        conn.execute("DELETE FROM commitments WHERE id = ?", (commitment_id,))
