"""What an export reads from the journal: entries streamed page by page, the journal-wide
rows a lossless copy needs, and the redaction that keeps customers' names at home.

Exporters (`journal.exporters`) format what these functions hand them; only this module and
the other services touch the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from journal.catalogue import BUILTIN_TRIGGERS
from journal.errors import JournalError
from journal.migrations import LATEST_VERSION
from journal.periods import Calendar, Period
from journal.records import Entry, EntryVersion, Note
from journal.services import entries as entry_service
from journal.services import revisions as revision_service
from journal.services.analytics.figures import DayCount, Patterns
from journal.services.analytics.queries import patterns_for
from journal.services.entries import EntryFilter
from journal.services.redaction import WITHHELD, Redactor, pseudonym
from journal.services.reviews import Review, build_review, default_quarter

__all__ = ["WITHHELD", "Redactor", "pseudonym"]  # kept importable from here

PRIVACY_LEVELS = ("full", "redact", "patterns-only")
# Formats that summarise figures; json and csv are the journal's own data.
SUMMARY_FORMATS = ("md", "html")
PAGE = 1000


@dataclass(frozen=True, slots=True)
class ExportScope:
    """Which part of the journal an export covers and how much of it may leave."""

    period: Period | None = None  # None: the whole journal
    trigger: str | None = None
    privacy: str = "full"
    # Only a full json export may carry the trash (`--with-trash`): summaries, csv and any
    # redacted export leave it out, and figures never count it.
    with_trash: bool = False

    @property
    def redacted(self) -> bool:
        return self.privacy != "full"

    @property
    def with_entries(self) -> bool:
        return self.privacy != "patterns-only"

    def entry_filter(self) -> EntryFilter:
        period = self.period
        return EntryFilter(
            date_from=period.start if period else None,
            date_to=period.end if period else None,
            trigger=self.trigger,
            with_trash=self.with_trash and not self.redacted,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.to_json() if self.period else None,
            "trigger": self.trigger,
            "privacy": self.privacy,
            "with_trash": self.with_trash,
        }


@dataclass(frozen=True, slots=True)
class ExportedEntry:
    entry: Entry
    checks: tuple[tuple[int, str], ...] = ()  # (commitment id, followed) answers
    revisions: tuple[EntryVersion, ...] = ()  # its earlier versions, oldest first

    def to_json(self) -> dict[str, Any]:
        data = self.entry.to_json()
        data["commitment_checks"] = [
            {"commitment": commitment_id, "followed": followed}
            for commitment_id, followed in self.checks
        ]
        data["revisions"] = [version.to_json() for version in self.revisions]
        return data


def iter_entries(
    conn: sqlite3.Connection,
    flt: EntryFilter,
    *,
    by_date: bool = False,
    with_checks: bool = False,
    with_revisions: bool = False,
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
        ids = [entry.id for entry in found]
        checks = _checks(conn, ids) if with_checks else {}
        earlier = revision_service.revisions_of(conn, ids) if with_revisions else {}
        for entry in found:
            yield ExportedEntry(
                entry, tuple(checks.get(entry.id, ())), tuple(earlier.get(entry.id, ()))
            )
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


def customers_in_order(conn: sqlite3.Connection) -> list[str]:
    """Every customer named in the journal (trash and earlier versions included), in the order
    first recorded: a customer an edit took out of the field may still be named in the text."""
    rows = conn.execute(
        "SELECT customer FROM (SELECT id AS entry_id, customer FROM entries"
        " UNION ALL SELECT entry_id, customer FROM entry_revisions)"
        " WHERE customer IS NOT NULL AND trim(customer) != ''"
        " GROUP BY lower(trim(customer)) ORDER BY min(entry_id)"
    ).fetchall()
    return [str(row[0]) for row in rows]


def trigger_ids(conn: sqlite3.Connection) -> list[tuple[str, bool]]:
    """Every trigger id, with whether it is the catalogue's (built-in ids are never names)."""
    rows = conn.execute("SELECT id, builtin FROM triggers ORDER BY builtin DESC, id").fetchall()
    return [(str(trigger_id), bool(builtin)) for trigger_id, builtin in rows]


def redactor(conn: sqlite3.Connection, private_names: tuple[str, ...]) -> Redactor:
    return Redactor(customers_in_order(conn), private_names, trigger_ids(conn))


_CATALOGUE = {
    trigger.id: (trigger.name, trigger.category, trigger.description)
    for trigger in BUILTIN_TRIGGERS
}
_CATALOGUE_NAMES = frozenset(name for name, _, _ in _CATALOGUE.values())
# Text keys of the journal-wide rows that hold the person's words.
_ROW_TEXT = ("reflection", "start_doing", "stop_doing", "continue_doing", "plan")
# Keys of the figures' JSON that hold trigger ids: the person's own are redacted as ids.
_FIGURE_TRIGGERS = frozenset({"trigger", "triggers"})
# Keys of the figures' JSON that hold trigger names.
_FIGURE_TRIGGER_NAMES = frozenset({"name", "names", "trigger_name"})
# Keys of the figures' JSON that hold fixed words, never a person's text.
_FIGURE_WORDS = frozenset({"key", "format", "outcome", "trend", "kind"})


def redact_entry(redactor: Redactor, entry: Entry) -> Entry:
    """Every text field of an entry, its customer and its own trigger ids, redacted."""
    text = redactor.text
    return replace(
        entry,
        situation=text(entry.situation),
        customer=redactor.customer(entry.customer),
        impact=redactor.optional(entry.impact),
        recovery_note=redactor.optional(entry.recovery_note),
        next_time=redactor.optional(entry.next_time),
        triggers=tuple(redactor.trigger_id(t) for t in entry.triggers),
        notes=tuple(Note(n.id, n.written_at, text(n.text)) for n in entry.notes),
    )


def redact_rows(
    redactor: Redactor, rows: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """The journal-wide rows with the person's words and own trigger ids redacted. A built-in
    trigger keeps the catalogue's words unless the person renamed it."""
    triggers = []
    for row in rows["triggers"]:
        row = dict(row)
        shipped = _CATALOGUE.get(row["id"]) if row["builtin"] else None
        for key, fixed in zip(
            ("name", "category", "description"), shipped or (None,) * 3, strict=True
        ):
            if row[key] != fixed:
                row[key] = redactor.text(row[key])
        row["id"] = redactor.trigger_id(row["id"])
        triggers.append(row)
    commitments = [
        {**row, "trigger": redactor.trigger_id(row["trigger"]), "plan": redactor.text(row["plan"])}
        for row in rows["commitments"]
    ]
    reviews = [
        {key: redactor.text(value) if key in _ROW_TEXT else value for key, value in row.items()}
        for row in rows["reviews"]
    ]
    return {**rows, "triggers": triggers, "commitments": commitments, "reviews": reviews}


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
        # Entries written with text that could not be read whole (a damaged page), to name.
        self.unreadable: list[Entry] = []

    def text(self, value: str) -> str:
        return self.redactor.text(value) if self.redactor else value

    def customer(self, value: str) -> str:
        return (self.redactor.customer(value) or value) if self.redactor else value

    def count(self) -> int:
        if not self.scope.with_entries:
            return 0
        return entry_service.count(self.conn, self.scope.entry_filter())

    def entries(
        self, *, by_date: bool = False, with_checks: bool = False, with_revisions: bool = False
    ) -> Iterator[ExportedEntry]:
        """Entries in scope; the summaries and csv read only each one's current version. A
        redacted export is shared as the journal reads now: without earlier versions, which
        may hold words an edit took out on purpose."""
        if not self.scope.with_entries:
            return
        flt = self.scope.entry_filter()
        with_revisions = with_revisions and self.redactor is None
        for item in iter_entries(
            self.conn, flt, by_date=by_date, with_checks=with_checks, with_revisions=with_revisions
        ):
            if item.entry.unreadable:
                self.unreadable.append(item.entry)
            if self.redactor is not None:
                item = ExportedEntry(redact_entry(self.redactor, item.entry), item.checks)
            yield item
            if self.on_entry is not None:
                self.on_entry()

    def journal_rows(self) -> dict[str, list[dict[str, Any]]]:
        rows = journal_rows(self.conn, self.scope)
        return redact_rows(self.redactor, rows) if self.redactor is not None else rows

    def trigger_id(self, trigger_id: str) -> str:
        return self.redactor.trigger_id(trigger_id) if self.redactor else trigger_id

    def trigger_name(self, name: str) -> str:
        """A trigger's display name: the catalogue's own words stay, the person's are redacted."""
        return name if name in _CATALOGUE_NAMES else self.text(name)

    @property
    def schema(self) -> int:
        """The schema version of the journal read (an open journal is always migrated to it)."""
        return LATEST_VERSION

    def scope_json(self) -> dict[str, Any]:
        data = self.scope.to_json()
        if data["trigger"] is not None:
            data["trigger"] = self.trigger_id(data["trigger"])
        return data

    def trigger_names(self) -> dict[str, str]:
        """Display names by trigger id, as the export shows both (redacted when asked)."""
        rows = self.conn.execute("SELECT id, name, builtin FROM triggers").fetchall()
        names: dict[str, str] = {}
        for trigger_id, name, builtin in rows:
            shipped = _CATALOGUE.get(str(trigger_id)) if builtin else None
            shown = str(name) if shipped and shipped[0] == name else self.text(str(name))
            names[self.trigger_id(str(trigger_id))] = shown
        return names

    def day_counts(self, start: date, end: date) -> tuple[DayCount, ...]:
        """Each day's slips and saves and clean check-in (counts only: nothing to redact)."""
        from journal.services.analytics.queries import day_counts

        return day_counts(self.conn, start, end)

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
        """The figures' JSON with every name in it redacted (own trigger ids redacted as ids,
        fixed words kept)."""
        if self.redactor is None or key in _FIGURE_WORDS:
            return value
        if isinstance(value, str):
            if key in _FIGURE_TRIGGERS:
                return self.trigger_id(value)
            if key in _FIGURE_TRIGGER_NAMES:
                return self.trigger_name(value)
            return self.redactor.text(value) if key != "customer" else self.customer(value)
        if isinstance(value, list):
            return [self.redact_json(item, key) for item in value]
        if isinstance(value, dict):
            return {k: self.redact_json(v, k) for k, v in value.items()}
        return value


def export_source(
    conn: sqlite3.Connection,
    fmt: str,
    *,
    period: Period | None,
    trigger: str | None,
    privacy: str,
    today: date,
    calendar: Calendar,
    private_names: tuple[str, ...] = (),
    on_entry: Callable[[], None] | None = None,
    with_trash: bool = False,
) -> ExportSource:
    """What an export of `fmt` reads: refuses a privacy level the format cannot keep (and the
    trash anywhere but a full json export), and gives a summary with no period the quarter
    `journal review` would open."""
    if privacy not in PRIVACY_LEVELS:
        raise JournalError(f"unknown privacy {privacy!r}; use one of {', '.join(PRIVACY_LEVELS)}")
    if privacy == "patterns-only" and fmt == "csv":
        raise JournalError(
            "--patterns-only leaves no entries, and csv holds only entries; use md, html or json"
        )
    if with_trash and (fmt != "json" or privacy != "full"):
        raise JournalError(
            "--with-trash is only for a full json export; summaries, csv and redacted exports"
            " never hold the trash"
        )
    if period is None and (fmt in SUMMARY_FORMATS or privacy == "patterns-only"):
        period = Period.of_quarter(default_quarter(conn, today=today, calendar=calendar))
    return ExportSource(
        conn,
        ExportScope(period=period, trigger=trigger, privacy=privacy, with_trash=with_trash),
        today=today,
        calendar=calendar,
        private_names=private_names,
        on_entry=on_entry,
    )
