"""Quarterly reviews: the quarter at a glance, last quarter's commitments judged, prompts drawn
from the data, a reflection, and one to three "if TRIGGER shows up, I will PLAN" commitments.

A review is saved per quarter and can be reopened and edited; a quarter can be reviewed while
it runs (a mid-quarter check) or after it ends.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from journal.db import now_iso, transaction
from journal.errors import JournalError, NotFoundError
from journal.periods import CALENDAR_YEAR, Calendar, Period, Quarter
from journal.services import triggers as trigger_service
from journal.services.analytics.figures import MIN_CASES, CommitmentFigure, Patterns
from journal.services.analytics.queries import patterns_for, trigger_figures
from journal.services.entries import check_text
from journal.text import quoted
from journal.words import named

OUTCOMES = ("kept", "partly", "broken")
MAX_COMMITMENTS = 3
ANSWER_FIELDS = ("start_doing", "stop_doing", "continue_doing")


@dataclass(frozen=True, slots=True)
class Prompt:
    """A question for the reflection, led by what the quarter's figures show."""

    kind: str  # start, stop or continue
    text: str
    trigger_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "trigger": self.trigger_id}


@dataclass(frozen=True, slots=True)
class PlannedCommitment:
    """A commitment as the person writes it; `commitment_id` when editing a saved one."""

    trigger: str
    plan: str
    commitment_id: int | None = None


@dataclass(frozen=True, slots=True)
class SavedCommitment:
    commitment_id: int
    trigger_id: str
    trigger_name: str
    plan: str
    quarter: str
    set_on: date
    outcome: str | None
    answers: int  # entries that said whether they followed it

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.commitment_id,
            "trigger": self.trigger_id,
            "trigger_name": self.trigger_name,
            "plan": self.plan,
            "quarter": self.quarter,
            "set_on": self.set_on.isoformat(),
            "outcome": self.outcome,
            "answers": self.answers,
        }


@dataclass(frozen=True, slots=True)
class SavedReview:
    review_id: int
    quarter: str
    reflection: str
    start_doing: str
    stop_doing: str
    continue_doing: str
    created_at: str
    updated_at: str
    commitments: tuple[SavedCommitment, ...]  # the ones this review set
    version: int = 1  # counts its saves: a screen compares it to notice a save made elsewhere

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.review_id,
            "quarter": self.quarter,
            "reflection": self.reflection,
            "start": self.start_doing,
            "stop": self.stop_doing,
            "continue": self.continue_doing,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "version": self.version,
            "commitments": [commitment.to_json() for commitment in self.commitments],
        }


@dataclass(slots=True)
class ReviewInput:
    """What the person writes in a review. Outcomes judge last quarter's commitments
    (commitment id → kept / partly / broken, or None to leave it open)."""

    reflection: str = ""
    start_doing: str = ""
    stop_doing: str = ""
    continue_doing: str = ""
    outcomes: dict[int, str | None] = field(default_factory=dict)
    commitments: list[PlannedCommitment] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    quarter: str
    updated_at: str
    reflection: str
    commitments: int

    @property
    def headline(self) -> str:
        text = self.reflection.strip()
        return text.splitlines()[0] if text else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter,
            "updated_at": self.updated_at,
            "reflection": self.reflection,
            "commitments": self.commitments,
        }


@dataclass(frozen=True, slots=True)
class Review:
    """Everything the review of one quarter shows."""

    quarter: Quarter
    commit_for: Quarter  # the quarter new commitments are made for
    patterns: Patterns
    due: tuple[CommitmentFigure, ...]  # last quarter's commitments, made for this quarter
    prompts: tuple[Prompt, ...]
    saved: SavedReview | None

    @property
    def running(self) -> bool:
        return self.patterns.running

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "journal-review",
            "version": 1,
            "quarter": self.quarter.label,
            "running": self.running,
            "commitments_are_for": self.commit_for.label,
            "glance": self.patterns.to_json(),
            "last_quarter_commitments": [figure.to_json() for figure in self.due],
            "prompts": [prompt.to_json() for prompt in self.prompts],
            "saved": self.saved.to_json() if self.saved else None,
        }


# --- reading ------------------------------------------------------------------------------


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
            stop += f" {crunch.share.value:.0%} of all slips came in the last three weeks."
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
            f"Start: {crunch.crunch_slips} of {crunch.slips} slips fell in the last three weeks"
            " of the quarter. What will you start doing before the crunch?",
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


# --- writing ------------------------------------------------------------------------------


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
