"""A realistic demo journal, built from a seed: the same seed and day give the same journal.

The data carries the patterns a quarterly review should find: slips bunch in the last weeks
of each quarter, quota and review triggers peak before review season (June and December),
and after the commitment made for the quota trigger its slips fall and its saves grow.
"""

from __future__ import annotations

import os
import random
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from journal.cipher import file_state
from journal.db import open_journal, transaction
from journal.errors import JournalError
from journal.files import existing_journal_file
from journal.periods import Quarter, quarter_of
from journal.services.demo_stories import (
    COMMITMENT_PLAN,
    COMMITTED_TRIGGER,
    PAIRS,
    RECOVERY_NOTES,
    RUNNING_PLAN,
    RUNNING_TRIGGER,
    SAVE_STORIES,
    TRIGGER_STORIES,
    UNKEPT_PLAN,
    UNKEPT_TRIGGER,
    story_text,
)
from journal.services.demo_stories import CUSTOMERS as CUSTOMERS


@dataclass(frozen=True, slots=True)
class _Story:
    day: date
    kind: str
    triggers: tuple[str, ...]
    customer: str | None
    situation: str
    impact: str | None
    severity: int
    pressure: int
    control: str
    recovery: str
    next_time: str | None


def _day_weight(day: date) -> float:
    weight = 1.0 if day.weekday() < 5 else 0.2
    close = quarter_of(day).days_to_close(day)
    if close <= 14:
        weight *= 3.2
    elif close <= 28:
        weight *= 1.8
    return weight


def _story(rng: random.Random, day: date, commitment_day: date) -> _Story:
    close = quarter_of(day).days_to_close(day)
    crunch = close <= 21
    review_season = day.month in (5, 6, 11, 12)
    names = list(TRIGGER_STORIES)
    weights = []
    for name in names:
        weight = float(TRIGGER_STORIES[name][0])
        if crunch and name in ("quota-behind", "quick-sell", "over-promised"):
            weight *= 4
        if review_season and name in ("review-coming", "look-good"):
            weight *= 5
        if name == COMMITTED_TRIGGER and day >= commitment_day:
            weight *= 0.3  # asking first keeps most quota talks from turning into a push
        weights.append(weight)
    primary = rng.choices(names, weights)[0]
    chosen = [primary]
    if rng.random() < 0.3:
        partner = PAIRS.get(primary) if rng.random() < 0.7 else rng.choice(names)
        if partner and partner not in chosen:
            chosen.append(partner)
    save_chance = 0.15 if crunch else 0.25
    if primary == COMMITTED_TRIGGER and day >= commitment_day:
        save_chance = 0.6
    kind = "save" if rng.random() < save_chance else "slip"
    customer = rng.choices([c for c, _ in CUSTOMERS], [w for _, w in CUSTOMERS])[0]
    has_customer = rng.random() < 0.9
    _, situations, impacts, steps = TRIGGER_STORIES[primary]
    who = customer if has_customer else "the customer"
    if kind == "save":
        situation = story_text(rng.choice(SAVE_STORIES), who, trigger=primary.replace("-", " "))
    else:
        situation = story_text(rng.choice(situations), who)
    severity = rng.choices((1, 2, 3, 4, 5), (1, 3, 4, 2, 1) if not crunch else (1, 2, 3, 3, 2))[0]
    control = rng.choices(("mine", "partly", "not-mine"), (55, 30, 15))[0]
    if primary == "cost-mandate":
        control = rng.choice(("partly", "not-mine"))
    recovery = "none"
    if kind == "slip":
        recovery = rng.choices(("none", "attempted", "recovered", "lost"), (45, 20, 25, 10))[0]
    return _Story(
        day=day,
        kind=kind,
        triggers=tuple(chosen),
        customer=customer if has_customer else None,
        situation=situation,
        impact=rng.choice(impacts) if kind == "slip" else None,
        severity=severity if kind == "slip" else max(1, severity - 2),
        pressure=rng.choices((2, 3, 4, 5), (2, 4, 3, 1) if not crunch else (1, 2, 4, 3))[0],
        control=control,
        recovery=recovery,
        next_time=rng.choice(steps) if kind == "slip" or rng.random() < 0.3 else None,
    )


def _is_demo(path: Path) -> bool:
    if file_state(path) == "encrypted":
        return False  # the demo is never encrypted: this is someone's journal
    conn = open_journal(path)
    try:
        demo = conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        conn.close()
    return bool(demo) or entries == 0


def write_demo(target: Path, *, entries: int, seed: int, today: date) -> int:
    """Build the demo beside `target`, then move it into place; returns the entry count.

    Only a new file, an empty journal or an earlier demo is replaced: the person's own
    journal is never touched.
    """
    if existing_journal_file(target) and not _is_demo(target):
        raise JournalError(
            f"{target} is a journal with entries, not a demo; the demo never writes into a"
            " journal, so give another --db path"
        )
    building = target.with_name(target.name + ".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    conn = open_journal(building)
    try:
        with transaction(conn):
            _fill(conn, entries=entries, seed=seed, today=today)
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to move
    finally:
        conn.close()
    for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        stale.unlink(missing_ok=True)
    os.replace(building, target)
    return entries


def _fill(conn: sqlite3.Connection, *, entries: int, seed: int, today: date) -> None:
    rng = random.Random(seed)
    span = max(540, min(3650, entries * 3 // 2))
    first = today - timedelta(days=span - 1)
    days = [first + timedelta(days=offset) for offset in range(span)]
    picked = sorted(rng.choices(days, [_day_weight(day) for day in days], k=entries))
    this_quarter = quarter_of(today)
    committed_quarter = this_quarter.previous().previous().previous()
    commitment_day = committed_quarter.start

    stories = [_story(rng, day, commitment_day) for day in picked]
    conn.executemany(
        "INSERT INTO entries (id, kind, occurred_on, logged_at, situation, customer, impact,"
        " severity, pressure, control, recovery, recovery_note, next_time, follow_up_on)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                number,
                story.kind,
                story.day.isoformat(),
                f"{story.day.isoformat()}T{17 + number % 5:02d}:{number * 7 % 60:02d}:00+00:00",
                story.situation,
                story.customer,
                story.impact,
                story.severity,
                story.pressure,
                story.control,
                story.recovery,
                RECOVERY_NOTES.get(story.recovery),
                story.next_time,
                (story.day + timedelta(days=21)).isoformat()
                if story.kind == "slip" and (today - story.day).days < 45 and number % 4 == 0
                else None,
            )
            for number, story in enumerate(stories, start=1)
        ),
    )
    conn.executemany(
        "INSERT INTO entry_triggers (entry_id, trigger_id) VALUES (?, ?)",
        (
            (number, trigger)
            for number, story in enumerate(stories, start=1)
            for trigger in story.triggers
        ),
    )
    conn.executemany(
        "INSERT INTO notes (entry_id, written_at, text) VALUES (?, ?, ?)",
        (
            (
                number,
                f"{(story.day + timedelta(days=30)).isoformat()}T09:00:00+00:00",
                "Looking back: the customer noticed. Next quarter I will raise it before the"
                " crunch, not after.",
            )
            for number, story in enumerate(stories, start=1)
            if story.kind == "slip" and (today - story.day).days > 40 and number % 7 == 0
        ),
    )
    slip_days = {story.day for story in stories if story.kind == "slip"}
    entry_days = {story.day for story in stories}
    checkins = []
    for day in days:
        recent = (today - day).days < 12  # an unbroken recent streak
        chance = 0.75 if day.weekday() < 5 else 0.3
        if day in slip_days:
            checkins.append((day.isoformat(), "slips"))
        elif recent or (day not in entry_days and rng.random() < chance):
            checkins.append((day.isoformat(), "clean"))
    conn.executemany(
        "INSERT INTO checkins (day, status, logged_at) VALUES (?, ?, ? || 'T21:00:00+00:00')",
        ((day, status, day) for day, status in checkins),
    )
    _add_review(
        conn,
        committed_quarter.previous().label,
        committed_quarter,
        commitment_day,
        [(COMMITTED_TRIGGER, COMMITMENT_PLAN, "kept"), (UNKEPT_TRIGGER, UNKEPT_PLAN, "broken")],
        "The last three weeks of the quarter are where I sell what I need, not what they"
        " need. Next quarter I want to notice the quota pull before the crunch.",
    )
    # Last quarter's review set a commitment that is running now, so the entry form asks
    # whether it was followed.
    _add_review(
        conn,
        this_quarter.previous().label,
        this_quarter,
        this_quarter.start,
        [(RUNNING_TRIGGER, RUNNING_PLAN, None)],
        "Fewer quota slips since I ask before I quote. Before my review I still dress the"
        " numbers up; that is the one to watch.",
    )
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        (("demo", "1"), ("demo_seed", str(seed)), ("demo_today", today.isoformat())),
    )


def _add_review(
    conn: sqlite3.Connection,
    reviewed: str,
    committed_quarter: Quarter,
    set_on: date,
    commitments: list[tuple[str, str, str | None]],
    reflection: str,
) -> None:
    stamp = f"{set_on.isoformat()}T10:00:00+00:00"
    review_id = conn.execute(
        "INSERT INTO reviews (quarter, reflection, created_at, updated_at) VALUES (?, ?, ?, ?)",
        (
            reviewed,
            reflection,
            stamp,
            stamp,
        ),
    ).lastrowid
    for trigger, plan, outcome in commitments:
        commitment_id = conn.execute(
            "INSERT INTO commitments (review_id, trigger_id, plan, quarter, set_on, outcome)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (review_id, trigger, plan, committed_quarter.label, set_on.isoformat(), outcome),
        ).lastrowid
        conn.execute(
            "INSERT INTO commitment_checks (entry_id, commitment_id, followed)"
            " SELECT e.id, ?, CASE e.kind WHEN 'save' THEN 'yes' ELSE 'no' END"
            " FROM entries e JOIN entry_triggers et ON et.entry_id = e.id"
            " WHERE et.trigger_id = ? AND e.occurred_on BETWEEN ? AND ?",
            (commitment_id, trigger, set_on.isoformat(), committed_quarter.end.isoformat()),
        )
