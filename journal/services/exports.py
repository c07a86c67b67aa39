"""What an export reads from the journal: entries streamed page by page, the journal-wide
rows a lossless copy needs, and the redaction that keeps customers' names at home.

Exporters (`journal.exporters`) format what these functions hand them; only this module and
the other services touch the database.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from journal.periods import Calendar, Period
from journal.records import Entry, Note
from journal.services import entries as entry_service
from journal.services.analytics.figures import Patterns
from journal.services.analytics.queries import patterns_for
from journal.services.entries import EntryFilter
from journal.services.reviews import Review, build_review

PRIVACY_LEVELS = ("full", "redact", "patterns-only")
PAGE = 1000
WITHHELD = "[withheld]"


@dataclass(frozen=True, slots=True)
class ExportScope:
    """Which part of the journal an export covers and how much of it may leave."""

    period: Period | None = None  # None: the whole journal
    trigger: str | None = None
    privacy: str = "full"

    @property
    def redacted(self) -> bool:
        return self.privacy != "full"

    @property
    def with_entries(self) -> bool:
        return self.privacy != "patterns-only"

    def entry_filter(self, *, with_trash: bool = False) -> EntryFilter:
        period = self.period
        return EntryFilter(
            date_from=period.start if period else None,
            date_to=period.end if period else None,
            trigger=self.trigger,
            with_trash=with_trash,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.to_json() if self.period else None,
            "trigger": self.trigger,
            "privacy": self.privacy,
        }


@dataclass(frozen=True, slots=True)
class ExportedEntry:
    entry: Entry
    checks: tuple[tuple[int, str], ...] = ()  # (commitment id, followed) answers

    def to_json(self) -> dict[str, Any]:
        data = self.entry.to_json()
        data["commitment_checks"] = [
            {"commitment": commitment_id, "followed": followed}
            for commitment_id, followed in self.checks
        ]
        return data


def count_entries(conn: sqlite3.Connection, flt: EntryFilter) -> int:
    return entry_service.count(conn, flt)


def iter_entries(
    conn: sqlite3.Connection,
    flt: EntryFilter,
    *,
    by_date: bool = False,
    with_checks: bool = False,
    page: int = PAGE,
) -> Iterator[ExportedEntry]:
    """Every matching entry, oldest first, a page at a time: memory stays flat.

    Pages continue from the last key seen (not OFFSET), so each page costs the same."""
    where, params = entry_service.where_clause(flt)
    order = "occurred_on, id" if by_date else "id"
    last: tuple[object, ...] | None = None
    while True:
        sql = f"SELECT {entry_service.COLUMNS} FROM entries WHERE {where}"
        page_params = list(params)
        if last is not None:
            sql += " AND (occurred_on, id) > (?, ?)" if by_date else " AND id > ?"
            page_params += list(last)
        sql += f" ORDER BY {order} LIMIT ?"
        page_params.append(page)
        rows = [tuple(row) for row in conn.execute(sql, page_params)]
        if not rows:
            return
        found = entry_service.hydrate(conn, rows, with_notes=True)
        checks = _checks(conn, [entry.id for entry in found]) if with_checks else {}
        for entry in found:
            yield ExportedEntry(entry, tuple(checks.get(entry.id, ())))
        tail = found[-1]
        last = (tail.occurred_on.isoformat(), tail.id) if by_date else (tail.id,)


def _checks(conn: sqlite3.Connection, ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    marks = ",".join("?" * len(ids))
    found: dict[int, list[tuple[int, str]]] = {}
    for entry_id, commitment_id, followed in conn.execute(
        f"SELECT entry_id, commitment_id, followed FROM commitment_checks"
        f" WHERE entry_id IN ({marks}) ORDER BY entry_id, commitment_id",
        ids,
    ):
        found.setdefault(int(entry_id), []).append((int(commitment_id), str(followed)))
    return found


def _rows(
    conn: sqlite3.Connection, sql: str, params: tuple[object, ...] = ()
) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def journal_rows(conn: sqlite3.Connection, scope: ExportScope) -> dict[str, list[dict[str, Any]]]:
    """Triggers (retired ones too), check-ins, reviews and commitments, as stored.

    A period narrows the check-ins; reviews and commitments are few and give the entries'
    commitment answers their meaning, so all of them travel."""
    checkin_sql = "SELECT day, status, logged_at FROM checkins"
    checkin_params: tuple[object, ...] = ()
    if scope.period is not None:
        checkin_sql += " WHERE day BETWEEN ? AND ?"
        checkin_params = (scope.period.start.isoformat(), scope.period.end.isoformat())
    triggers = _rows(
        conn,
        "SELECT id, name, category, description, builtin, created_at, retired_at"
        " FROM triggers ORDER BY builtin DESC, id",
    )
    for trigger in triggers:
        trigger["builtin"] = bool(trigger["builtin"])
    return {
        "triggers": triggers,
        "checkins": _rows(conn, checkin_sql + " ORDER BY day", checkin_params),
        "reviews": _rows(
            conn,
            "SELECT id, quarter, reflection, start_doing, stop_doing, continue_doing,"
            " created_at, updated_at FROM reviews ORDER BY id",
        ),
        "commitments": _rows(
            conn,
            "SELECT id, review_id, trigger_id AS trigger, plan, quarter, set_on, outcome"
            " FROM commitments ORDER BY id",
        ),
    }


# --- redaction -------------------------------------------------------------------------------


def pseudonym(number: int) -> str:
    """Customer A … Z, then AA, AB …: a spreadsheet's column letters."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Customer {letters}"


class Redactor:
    """Replaces each customer with a stable pseudonym and drops private names, everywhere.

    Pseudonyms follow the order customers first appear in the whole journal, so the same
    customer has the same letter in every export of it. Names are matched whole (not inside
    longer words), in any case.
    """

    def __init__(self, customers: list[str], private_names: tuple[str, ...] = ()) -> None:
        self.replacements: dict[str, str] = {}
        for name in private_names:
            if name.strip():
                self.replacements[name.strip().casefold()] = WITHHELD
        number = 0
        for name in customers:
            key = name.strip().casefold()
            if key and key not in self.replacements:
                self.replacements[key] = pseudonym(number)
                number += 1
        names = sorted(self.replacements, key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(name) for name in names) + r")(?!\w)",
                re.IGNORECASE,
            )
            if names
            else None
        )

    def text(self, value: str) -> str:
        if self._pattern is None or not value:
            return value
        return self._pattern.sub(lambda match: self.replacements[match.group().casefold()], value)

    def optional(self, value: str | None) -> str | None:
        return None if value is None else self.text(value)

    def customer(self, value: str | None) -> str | None:
        if value is None:
            return None
        return self.replacements.get(value.strip().casefold(), self.text(value))

    def entry(self, entry: Entry) -> Entry:
        return replace(
            entry,
            situation=self.text(entry.situation),
            customer=self.customer(entry.customer),
            impact=self.optional(entry.impact),
            recovery_note=self.optional(entry.recovery_note),
            next_time=self.optional(entry.next_time),
            notes=tuple(Note(n.id, n.written_at, self.text(n.text)) for n in entry.notes),
        )

    def rows(self, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
        return [
            {key: self.text(value) if key in keys and isinstance(value, str) else value
             for key, value in row.items()}
            for row in rows
        ]  # fmt: skip


def customers_in_order(conn: sqlite3.Connection) -> list[str]:
    """Every customer named in the journal (trash included), in the order first recorded."""
    rows = conn.execute(
        "SELECT customer FROM entries WHERE customer IS NOT NULL AND trim(customer) != ''"
        " GROUP BY lower(trim(customer)) ORDER BY min(id)"
    ).fetchall()
    return [str(row[0]) for row in rows]


def redactor(conn: sqlite3.Connection, private_names: tuple[str, ...]) -> Redactor:
    return Redactor(customers_in_order(conn), private_names)


# Text keys of the journal-wide rows that can hold a name.
_ROW_TEXT = ("name", "description", "reflection", "start_doing", "stop_doing",
             "continue_doing", "plan")  # fmt: skip
# Keys of the figures' JSON that hold ids or fixed words, never a person's text.
_FIGURE_IDS = frozenset({"trigger", "triggers", "key", "format", "outcome", "trend", "kind"})


class ExportSource:
    """The journal as one export sees it: in scope, redacted when asked, read in pages."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        scope: ExportScope,
        *,
        today: date,
        calendar: Calendar,
        private_names: tuple[str, ...] = (),
        on_entry: Callable[[], None] | None = None,
    ) -> None:
        self.conn = conn
        self.scope = scope
        self.today = today
        self.calendar = calendar
        self.on_entry = on_entry
        self.redactor = redactor(conn, private_names) if scope.redacted else None

    def text(self, value: str) -> str:
        return self.redactor.text(value) if self.redactor else value

    def customer(self, value: str) -> str:
        return (self.redactor.customer(value) or value) if self.redactor else value

    def count(self, *, with_trash: bool = False) -> int:
        if not self.scope.with_entries:
            return 0
        return entry_service.count(self.conn, self.scope.entry_filter(with_trash=with_trash))

    def entries(
        self, *, by_date: bool = False, with_trash: bool = False, with_checks: bool = False
    ) -> Iterator[ExportedEntry]:
        if not self.scope.with_entries:
            return
        flt = self.scope.entry_filter(with_trash=with_trash)
        for item in iter_entries(self.conn, flt, by_date=by_date, with_checks=with_checks):
            if self.redactor is not None:
                item = ExportedEntry(self.redactor.entry(item.entry), item.checks)
            yield item
            if self.on_entry is not None:
                self.on_entry()

    def journal_rows(self) -> dict[str, list[dict[str, Any]]]:
        rows = journal_rows(self.conn, self.scope)
        if self.redactor is not None:
            rows = {key: self.redactor.rows(value, _ROW_TEXT) for key, value in rows.items()}
        return rows

    def trigger_names(self) -> dict[str, str]:
        rows = self.conn.execute("SELECT id, name FROM triggers").fetchall()
        return {str(trigger_id): self.text(str(name)) for trigger_id, name in rows}

    def figures(self) -> tuple[Patterns, Review | None]:
        """The period's figures, with its review when the period is a quarter."""
        period = self.scope.period
        if period is None:
            raise ValueError("a summary needs a period")
        if period.quarter is not None:
            review = build_review(
                self.conn, period.quarter, today=self.today, calendar=self.calendar
            )
            return review.patterns, review
        return patterns_for(self.conn, period, today=self.today, calendar=self.calendar), None

    def redact_json(self, value: Any, key: str = "") -> Any:
        """The figures' JSON with every name in it redacted (ids and fixed words kept)."""
        if self.redactor is None or key in _FIGURE_IDS:
            return value
        if isinstance(value, str):
            return self.redactor.text(value) if key != "customer" else self.customer(value)
        if isinstance(value, list):
            return [self.redact_json(item, key) for item in value]
        if isinstance(value, dict):
            return {k: self.redact_json(v, k) for k, v in value.items()}
        return value
