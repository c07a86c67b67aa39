"""The importers of other journals' files (jrnl, Day One, CSV): exact records from hand-written
samples, the import service writing them once and only once, clear errors for malformed
files, and generated files read back exactly (hypothesis)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.errors import JournalError
from journal.importers import (
    ImportedEntry,
    Importer,
    ImportFormatError,
    ImportOptions,
    Skipped,
    importer_for,
)
from journal.importers.csv_format import CsvImporter
from journal.importers.dayone import DayOneImporter
from journal.importers.jrnl import JrnlImporter
from journal.services.imports import import_entries
from tests.conftest import Opener

FIXTURES = Path(__file__).parent / "fixtures" / "import"

# The tests that import into a journal run on a plain one and on an encrypted one (the
# parsers' own tests make no journal and run once).
pytestmark = pytest.mark.journal_kinds
TODAY = date(2026, 11, 22)
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_all(
    importer: Importer, source: Path | bytes, **column_map: str
) -> list[ImportedEntry | Skipped]:
    """The entries and the skipped records, in the file's order."""
    options = ImportOptions(column_map=column_map)
    if isinstance(source, bytes):
        return list(importer.read(io.BytesIO(source), options))
    with source.open("rb") as handle:
        return list(importer.read(handle, options))


def read(importer: Importer, source: Path | bytes, **column_map: str) -> list[ImportedEntry]:
    """The entries only (what is skipped is tested on its own)."""
    return [
        item for item in read_all(importer, source, **column_map) if isinstance(item, ImportedEntry)
    ]


def fields(entry: ImportedEntry) -> dict[str, Any]:
    """What a person would check of a record (all but the key)."""
    return {
        name: getattr(entry, name)
        for name in (
            "where", "situation", "occurred_on", "logged_at", "kind", "triggers", "customer",
            "impact", "severity", "pressure", "control", "recovery", "recovery_note",
            "next_time", "follow_up_on", "notes",
        )
    }  # fmt: skip


def record(where: str, situation: str, occurred_on: date, **rest: Any) -> dict[str, Any]:
    expected: dict[str, Any] = {
        "where": where, "situation": situation, "occurred_on": occurred_on, "logged_at": None,
        "kind": None, "triggers": (), "customer": None, "impact": None, "severity": None,
        "pressure": None, "control": None, "recovery": None, "recovery_note": None,
        "next_time": None, "follow_up_on": None, "notes": (),
    }  # fmt: skip
    expected.update(rest)
    return expected


class Pipe(io.RawIOBase):
    """A stream that cannot seek, like standard input."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(min(len(buffer), 7))  # small reads, to cross every boundary
        buffer[: len(chunk)] = chunk
        return len(chunk)


def piped(data: bytes) -> BinaryIO:
    return io.BufferedReader(Pipe(data), buffer_size=16)


# --- jrnl ---------------------------------------------------------------------------------

JRNL_TEXT = [
    record(
        "line 1",
        "Pushed Northwind to the annual plan before quarter close. @quota-behind\n\n"
        "They only needed the monthly seats until the pilot ended.\n"
        "I knew it and sold the bigger plan anyway.",
        date(2026, 3, 2),
        logged_at="2026-03-02T09:15:00",
        triggers=("quota-behind",),
    ),
    record(
        "line 5",
        "Told the boss the migration was on track @looking-good\n\n"
        "It was not. I kept the two failed cut-overs quiet until after the review.",
        date(2026, 3, 5),
        logged_at="2026-03-05T17:40:00",
        triggers=("looking-good",),
        notes=("Starred in jrnl.",),
    ),
    record(
        "line 8",
        "Called Ana at Contoso back myself instead of passing the ticket on."
        " @not-my-problem @save\n\n"
        "It cost me an hour of billable time; she had her fix the same day 🎉",
        date(2026, 3, 9),
        logged_at="2026-03-09T12:05:00",
        kind="save",
        triggers=("not-my-problem",),
    ),
    record(
        "line 11",
        'Kept the "good enough" patch — ça marche, mais… @good-enough\n\n'
        "Two lines of body, after a blank line,\n"
        "with an e-mail to ana@example.com that is not a tag.\n"
        "    An indented line, kept as written.",
        date(2026, 3, 12),
        logged_at="2026-03-12T08:30:00",
        triggers=("good-enough",),
    ),
    record(
        "line 17",
        "عدّلت مقياس الاستبيان بدل حل المشكلة @metric @Quota-Behind\n\n"
        "顧客の成果より自分の数字を優先した。 שוב.",
        date(2026, 3, 20),
        logged_at="2026-03-20T16:00:00",
        triggers=("metric", "quota-behind"),  # jrnl lowercases its tags
    ),
    record(
        "line 20",
        "A quick note with no body",
        date(2026, 3, 27),
        logged_at="2026-03-27T18:05:00",
    ),
]

JRNL_JSON = [
    record(
        "entry 1",
        "Sold Northwind the annual plan.\n\nThey needed monthly seats. @quota-behind",
        date(2026, 4, 2),
        logged_at="2026-04-02T09:15:00",
        triggers=("quota-behind",),
    ),
    record(
        "entry 2",
        "Held the renewal price for Contoso 🙂\n\n"
        "Finance wanted +12%. I showed them the churn data first.\nThey agreed.",
        date(2026, 4, 6),
        logged_at="2026-04-06T17:02:00",
        kind="save",
        triggers=("quota-behind",),
        notes=("Starred in jrnl.",),
    ),
    record(
        "entry 3",
        "Gave the board the nicer number",
        date(2026, 4, 10),
        logged_at="2026-04-10T23:59:00",
        kind="slip",
        triggers=("looking-good",),
    ),
]


def test_jrnl_plain_text_file() -> None:
    assert [fields(e) for e in read(JrnlImporter(), FIXTURES / "jrnl.txt")] == JRNL_TEXT


def test_jrnl_json_export() -> None:
    assert [fields(e) for e in read(JrnlImporter(), FIXTURES / "jrnl.json")] == JRNL_JSON


def test_jrnl_reads_the_same_from_a_pipe() -> None:
    for name in ("jrnl.txt", "jrnl.json"):
        data = (FIXTURES / name).read_bytes()
        from_pipe = list(JrnlImporter().read(piped(data), ImportOptions()))
        assert from_pipe == read(JrnlImporter(), FIXTURES / name)


def test_jrnl_header_variants() -> None:
    text = (
        "\ufeff\r\n"
        "[2020-08-29 11:11:05 PM] Twelve-hour clock with seconds\r\n"
        "body\r\n"
        "[2020-08-30 12:01 AM]* Starred by the header @SAVE @Slip\r\n"
        "[2020-08-31 07:00]\r\n"
        "\r\n"
        "Only a body, under an empty title\r\n"
        "[2020-09-01 7:05] Single-digit hour; email me@example.com @a-b-c- @x_y\r\n"
    )
    got = read(JrnlImporter(), text.encode())
    assert [fields(e) for e in got] == [
        record(
            "line 2",
            "Twelve-hour clock with seconds\n\nbody",
            date(2020, 8, 29),
            logged_at="2020-08-29T23:11:05",
        ),
        record(
            "line 4",
            "Starred by the header @SAVE @Slip",
            date(2020, 8, 30),
            logged_at="2020-08-30T00:01:00",
            notes=("Starred in jrnl.",),  # tagged both slip and save: left to classify
        ),
        record(
            "line 5",
            "Only a body, under an empty title",
            date(2020, 8, 31),
            logged_at="2020-08-31T07:00:00",
        ),
        record(
            "line 8",
            "Single-digit hour; email me@example.com @a-b-c- @x_y",
            date(2020, 9, 1),
            logged_at="2020-09-01T07:05:00",
            triggers=("a-b-c-", "x_y"),  # jrnl's tags may end in -, + or #
        ),
    ]


def test_jrnl_keys_are_stable_and_distinct() -> None:
    first = [e.key for e in read(JrnlImporter(), FIXTURES / "jrnl.txt")]
    again = [e.key for e in read(JrnlImporter(), FIXTURES / "jrnl.txt")]
    assert first == again
    assert len(set(first)) == len(first)
    assert all(key.startswith("jrnl:") for key in first)
    # The same entry, from the text file or the JSON export, is recognised as the same.
    text = b"[2026-04-02 09:15] Sold the annual plan.\nThey needed monthly seats.\n"
    export = {
        "tags": {},
        "entries": [
            {
                "title": "Sold the annual plan.",
                "body": "They needed monthly seats.\n",
                "date": "2026-04-02",
                "time": "09:15",
                "tags": [],
                "starred": False,
            }
        ],
    }
    from_text = read(JrnlImporter(), text)
    from_json = read(JrnlImporter(), json.dumps(export).encode())
    assert [e.key for e in from_text] == [e.key for e in from_json]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("bad-header-date.txt", "line 4: 2026-02-30 is not a date (expected YYYY-MM-DD)"),
        (
            "bad-before-header.txt",
            "line 1: expected an entry header like [2020-08-29 11:11] Title",
        ),
        (
            "bad-jrnl-truncated.json",
            "after entry 1: not valid JSON (",
        ),
        (b"[2026-03-02 24:00] Midnight written the wrong way", "line 1: 24:00 in the header"),
        (b"[2026-03-02 13:00 PM] Both clocks at once", "line 1: 13 is not an hour"),
        (b"\n\n[2026-03-02 09:00] fine\n\xff\xfe\n", "line 4: the file is not UTF-8 text"),
        (b'{"entries": [{"title": "no date"}]}', "entry 1: has no date"),
        (b'{"entries": [{"date": "2026-03-02", "time": "9h"}]}', "entry 1: the time '9h'"),
        (b'{"entries": ["just text"]}', "entry 1: expected an object"),
        (b'{"entries": [{"date": "2026-03-02", "tags": "@x"}]}', "entry 1: the tags are not"),
        (b'{"entries": [{"date": "2026-03-02", "title": 3}]}', "entry 1: the title is not"),
        (b'{"journal": []}', 'the file has no "entries" list at its top level'),
        (
            b'{"entries": [{"date": "2026-03-02", "title": "caf\xe9"}]}',
            "the file: not valid JSON (lexical error: invalid bytes in UTF8 string); the",
        ),
        (
            b'{"entries": [{"date": "2026-03-02"}, {"title": "\\udc00"}]}',
            "entry 2: holds text that is not valid UTF-8",
        ),
    ],
)
def test_jrnl_malformed(source: str | bytes, message: str) -> None:
    path_or_bytes = FIXTURES / source if isinstance(source, str) else source
    with pytest.raises(ImportFormatError) as caught:
        read(JrnlImporter(), path_or_bytes)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_empty_files() -> None:
    assert read(JrnlImporter(), b"") == []
    assert read(JrnlImporter(), b"\n  \n") == []
    assert read(JrnlImporter(), b'{"tags": {}, "entries": []}') == []
    assert read(DayOneImporter(), b'{"metadata": {}, "entries": []}') == []


# --- Day One ------------------------------------------------------------------------------

DAYONE = [
    record(
        "entry 1",
        "Promised Fabrikam the export feature by Friday. It does not exist yet.\n\n"
        "Next time - ask the team first (before the call)!",
        date(2026, 3, 3),  # 23:30 UTC is the next morning in Tokyo
        logged_at="2026-03-03T08:30:00+09:00",
        kind="slip",
        triggers=("over-promised",),
        notes=("Starred in Day One.",),
    ),
    record(
        "entry 2",
        "# Read the churn survey before the pitch\n\n"
        "Changed the offer to what they asked for: 1. monthly seats, 2. no lock-in."
        " C:\\Users stays as typed.",
        date(2026, 3, 4),  # still the evening before in California
        logged_at="2026-03-04T19:15:00-08:00",
        kind="save",
        triggers=("ignoring customer data",),
    ),
    # entry 3 is a photo with no text: skipped and counted (test_moving_in.py)
    record(
        "entry 4",
        "Kept the praise from the client to myself 😶 — לא סיפרתי לצוות",
        date(2026, 3, 10),
        logged_at="2026-03-10T12:00:00+00:00",  # a zone nobody knows: UTC
    ),
    record(
        "entry 5",
        "Handed the outage to another team at 00:30 and went to bed.",
        date(2026, 4, 1),  # British Summer Time has begun
        logged_at="2026-04-01T00:30:00+01:00",
    ),
]


def test_dayone_export() -> None:
    entries = read(DayOneImporter(), FIXTURES / "dayone.json")
    assert [fields(e) for e in entries] == DAYONE
    assert len({e.key for e in entries}) == len(entries)


def test_dayone_keys_without_uuid() -> None:
    entry = {"creationDate": "2026-03-02T10:00:00Z", "text": "No uuid here"}
    data = json.dumps({"entries": [entry, {**entry, "text": "Another"}]}).encode()
    first, second = read(DayOneImporter(), data)
    assert first.key != second.key
    assert first.key == read(DayOneImporter(), data)[0].key
    assert first.logged_at == "2026-03-02T10:00:00+00:00"


def test_dayone_from_a_pipe() -> None:
    data = (FIXTURES / "dayone.json").read_bytes()
    from_pipe = list(DayOneImporter().read(piped(data), ImportOptions()))
    assert from_pipe == read_all(DayOneImporter(), FIXTURES / "dayone.json")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("bad-dayone-no-date.json", "entry 2: has no creationDate, so its date is unknown"),
        (b'{"entries": [{"creationDate": "yesterday", "text": "x"}]}', "entry 1: the creationDate"),
        (b'{"entries": [{"creationDate": 5, "text": "x"}]}', "entry 1: the creationDate 5"),
        (b'{"entries": [{"creationDate": "2026-03-02T10:00:00Z", "text": ["x"]}]}', "entry 1:"),
        (b'{"entries": [7]}', "entry 1: expected an object"),
        (b'{"metadata": {"version": "1.0"}}', 'the file has no "entries" list at its top level,'),
        (b'{"metadata": {"version": "1.0"}, "entries": [{"uuid": "A", ', "the file: not valid"),
        (b"[]", 'the file has no "entries" list'),
    ],
)
def test_dayone_malformed(source: str | bytes, message: str) -> None:
    path_or_bytes = FIXTURES / source if isinstance(source, str) else source
    with pytest.raises(ImportFormatError) as caught:
        read(DayOneImporter(), path_or_bytes)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


# --- CSV ----------------------------------------------------------------------------------

SPREADSHEET = [
    record(
        "line 2",
        "Pushed Northwind to the annual plan\nbefore quarter close.",
        date(2026, 3, 2),
        kind="slip",
        triggers=("quota-behind", "looking-good"),
        customer="Northwind",
        severity=4,
        pressure=5,
    ),
    record(
        "line 4",
        "Called Ana back myself instead of passing the ticket on 🎉",
        date(2026, 3, 9),
        kind="save",
        triggers=("not-my-problem",),
        customer="Contoso",
        pressure=3,
        notes=("Ana wrote to thank the team.",),
    ),
    # line 5 has only empty cells: skipped
    record(
        "line 6",
        'Kept the "good enough" patch, again',
        date(2026, 3, 12),
        triggers=("good-enough",),
        severity=2,
    ),
    record(
        "line 7",
        "=SUM(A1:A3) was the survey score I gamed",  # the apostrophe guarded a formula
        date(2026, 3, 20),  # a date and time: its date
        kind="save",  # from the tags
        triggers=("metric",),
        customer="Fabrikam",
    ),
]


def test_csv_spreadsheet() -> None:
    assert [fields(e) for e in read(CsvImporter(), FIXTURES / "spreadsheet.csv")] == SPREADSHEET


def test_csv_column_map_names_the_others() -> None:
    entries = read(CsvImporter(), FIXTURES / "spreadsheet.csv", **{"next STEP": "Next time"})
    assert [e.next_time for e in entries] == ["Ask what they need first", None, None, None]
    # A mapped column wins over the name that would have matched it.
    with pytest.raises(ImportFormatError, match=r"^line 6: the Client is empty; give --skip-empty"):
        read(CsvImporter(), FIXTURES / "spreadsheet.csv", Client="situation")
    options = ImportOptions(column_map={"Client": "situation"}, skip_empty=True)
    with (FIXTURES / "spreadsheet.csv").open("rb") as handle:
        remapped = list(CsvImporter().read(handle, options))
    assert [getattr(e, "situation", e) for e in remapped] == [
        "Northwind",
        "Contoso",
        Skipped("line 5", "empty rows"),
        Skipped("line 6", "rows without text (--skip-empty)"),
        "Fabrikam",
    ]
    assert [getattr(e, "customer", None) for e in remapped] == [None] * 5


def test_csv_our_own_export_reads_back() -> None:
    rows = [
        ["id", "kind", "occurred_on", "logged_at", "situation", "triggers", "customer", "impact",
         "severity", "pressure", "control", "recovery", "recovery_note", "next_time",
         "follow_up_on", "notes", "to_classify"],
        ["7", "slip", "2026-03-02", "2026-03-02T18:05:00+01:00", "'-20% for a signature now",
         "quota-behind;look-good", "'@acme", "Paid for seats they never used", "4", "5",
         "partly", "attempted", "'+ credited one month", "Ask about the pilot first",
         "2026-06-01", "2026-04-01: they churned", "0"],
        ["8", "slip", "2026-03-03", "2026-03-03T09:00:00+01:00", "'It was fine", "", "", "",
         "", "", "not-mine", "none", "", "", "", "", "1"],
    ]  # fmt: skip
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    data = ("\ufeff" + out.getvalue()).encode()
    assert [fields(e) for e in read(CsvImporter(), data)] == [
        record(
            "line 2",
            "-20% for a signature now",
            date(2026, 3, 2),
            logged_at="2026-03-02T18:05:00+01:00",
            kind="slip",
            triggers=("quota-behind", "look-good"),
            customer="@acme",
            impact="Paid for seats they never used",
            severity=4,
            pressure=5,
            control="partly",
            recovery="attempted",
            recovery_note="+ credited one month",
            next_time="Ask about the pilot first",
            follow_up_on=date(2026, 6, 1),
            notes=("2026-04-01: they churned",),
        ),
        record(
            "line 3",
            "'It was fine",  # an apostrophe before ordinary text is the person's own
            date(2026, 3, 3),
            logged_at="2026-03-03T09:00:00+01:00",
            kind=None,  # to classify
            control="not-mine",
            recovery="none",
        ),
    ]


def test_csv_loose_words_and_dates() -> None:
    data = (
        b"Created At,Description,Slip or save,In-Control,Recovery,Follow_Up\n"
        b"2026-03-02 18:05:00,From the created date,SAVE,Not Mine,Recovered,2026-05-01T09:00\n"
        b" , ,\n"  # an empty row, even a short one, is skipped
    )
    (entry,) = read(CsvImporter(), data)
    assert (entry.occurred_on, entry.logged_at, entry.kind) == (
        date(2026, 3, 2),
        "2026-03-02 18:05:00",
        "save",
    )
    assert (entry.control, entry.recovery, entry.follow_up_on) == (
        None,  # "In-Control" is not a name we know: ignored
        "recovered",
        date(2026, 5, 1),
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("bad-date.csv", "line 3: dates such as '03/04/2026' read more than one way"),
        (
            "bad-no-situation.csv",
            "the file has no column for the situation (its columns: Day, Client, Tags); name"
            " one 'situation', 'what happened', 'text', 'entry', 'body', 'description' or"
            " 'note', or give --map 'COLUMN=situation'",
        ),
        ("bad-short-row.csv", "line 3: 2 cells where the header has 3"),
        (b"Text,Tags\nx,y\n", "the file has no column for the date (its columns: Text, Tags)"),
        (b'Date,Text\n2026-03-02,"cut short\n', "line 2: not valid CSV (the file ends inside"),
        (b"Date,Text,Severity\n2026-03-02,x,7\n", "line 2: Severity must be a whole number"),
        (b"Date,Text,Pressure\n2026-03-02,x,2.5\n", "line 2: Pressure must be a whole number"),
        (b"Date,Text,Kind\n2026-03-02,x,maybe\n", "line 2: the Kind 'maybe' is not slip or save"),
        (b"Date,Text,Follow up\n2026-03-02,x,soon\n", "line 2: the follow-up date 'soon' is"),
        (b"Date,Text\n\n2026-03-02,caf\xe9\n", "line 3: the Text column is not UTF-8 text"),
        (b"Date,Text\n,no date\n", "line 2: the date is empty"),
        (b"Created,Text\nlast week,x\n", "line 2: the Created 'last week' is not YYYY-MM-DD"),
        (b"", "the file is empty; expected a header row"),
    ],
)
def test_csv_malformed(source: str | bytes, message: str) -> None:
    path_or_bytes = FIXTURES / source if isinstance(source, str) else source
    with pytest.raises(ImportFormatError) as caught:
        read(CsvImporter(), path_or_bytes)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("column_map", "message"),
    [
        ({"Nope": "situation"}, "--map: the file has no column 'Nope'"),
        ({"Client": "colour"}, "--map: 'colour' is not one of our fields"),
    ],
)
def test_csv_bad_column_map(column_map: dict[str, str], message: str) -> None:
    with pytest.raises(ImportFormatError, match=f"^{message}"):
        read(CsvImporter(), FIXTURES / "spreadsheet.csv", **column_map)


class OnlyRead:
    """The least a caller may hand an importer: an object with read() (the CLI's progress
    reader is one)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._data.read(size)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("jrnl", "jrnl.txt"), ("jrnl", "jrnl.json"), ("dayone", "dayone.json"),
     ("csv", "spreadsheet.csv")],
)  # fmt: skip
def test_any_readable_object_will_do_and_stays_open(fmt: str, name: str) -> None:
    importer = importer_for(fmt)
    data = (FIXTURES / name).read_bytes()
    reader: Any = OnlyRead(data)
    assert list(importer.read(reader, ImportOptions())) == read_all(importer, FIXTURES / name)
    handle = io.BytesIO(data)
    records = importer.read(handle, ImportOptions())
    next(iter(records))
    del records  # dropped half-way: the caller's file is still theirs to close
    assert not handle.closed


# --- Which importer a file looks like -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "claimed_by"),
    [
        ("jrnl.txt", {"jrnl"}),
        ("jrnl.json", {"jrnl"}),
        ("dayone.json", {"dayone"}),
        ("spreadsheet.csv", {"csv"}),
        ("bad-date.csv", {"csv"}),
    ],
)
def test_sniff(name: str, claimed_by: set[str]) -> None:
    head = (FIXTURES / name).read_bytes()[:512]
    claims = {fmt for fmt in ("jrnl", "dayone", "csv") if importer_for(fmt).sniff(head, name)}
    assert claims == claimed_by
    # Without the file's name, the contents alone still tell.
    unnamed = {fmt for fmt in ("jrnl", "dayone", "csv") if importer_for(fmt).sniff(head, "-")}
    assert unnamed == claimed_by
    ours = b'{"format": "journal-export", "version": 1, "entries": [{"situation": "x"}]}'
    assert not any(importer_for(fmt).sniff(ours, "x.json") for fmt in ("jrnl", "dayone"))


# --- Through the import service -----------------------------------------------------------


@pytest.fixture
def conn(tmp_path: Path, open_kind: Opener) -> Iterator[sqlite3.Connection]:
    """A new journal, plain or encrypted as the test runs."""
    connection = open_kind(tmp_path / "j.sqlite")
    yield connection
    connection.close()


def import_file(conn: sqlite3.Connection, importer: Importer, name: str, **column_map: str) -> Any:
    with (FIXTURES / name).open("rb") as handle:
        records = importer.read(handle, ImportOptions(column_map=column_map))
        return import_entries(conn, records, today=TODAY)


@dataclass(frozen=True)
class Row:
    occurred_on: str
    kind: str
    to_classify: int
    situation: str
    triggers: tuple[str, ...]
    notes: tuple[str, ...]


def rows(conn: sqlite3.Connection) -> list[Row]:
    found = []
    for entry_id, occurred_on, kind, to_classify, situation in conn.execute(
        "SELECT id, occurred_on, kind, to_classify, situation FROM entries ORDER BY id"
    ):
        triggers = tuple(
            name
            for (name,) in conn.execute(
                "SELECT t.id FROM entry_triggers et JOIN triggers t ON t.id = et.trigger_id"
                " WHERE et.entry_id = ? ORDER BY t.id",
                (entry_id,),
            )
        )
        notes = tuple(
            text
            for (text,) in conn.execute(
                "SELECT text FROM notes WHERE entry_id = ? ORDER BY id", (entry_id,)
            )
        )
        found.append(Row(occurred_on, kind, to_classify, situation.split("\n")[0], triggers, notes))
    return found


def entry_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


def test_import_jrnl_text_into_a_journal(conn: sqlite3.Connection) -> None:
    report = import_file(conn, JrnlImporter(), "jrnl.txt")
    assert (report.added, report.duplicates, report.to_classify, report.notes) == (6, 0, 5, 1)
    assert sorted(report.new_triggers) == ["looking-good", "metric"]
    assert rows(conn) == [
        Row("2026-03-02", "slip", 1, "Pushed Northwind to the annual plan before quarter"
            " close. @quota-behind", ("quota-behind",), ()),
        Row("2026-03-05", "slip", 1, "Told the boss the migration was on track @looking-good",
            ("looking-good",), ("Starred in jrnl.",)),
        Row("2026-03-09", "save", 0, "Called Ana at Contoso back myself instead of passing the"
            " ticket on. @not-my-problem @save", ("not-my-problem",), ()),
        Row("2026-03-12", "slip", 1, "Kept the \"good enough\" patch — ça marche, mais…"
            " @good-enough", ("good-enough",), ()),
        Row("2026-03-20", "slip", 1, "عدّلت مقياس الاستبيان بدل حل المشكلة @metric"
            " @Quota-Behind", ("metric", "quota-behind"), ()),
        Row("2026-03-27", "slip", 1, "A quick note with no body", (), ()),
    ]  # fmt: skip
    logged = [value for (value,) in conn.execute("SELECT logged_at FROM entries ORDER BY id")]
    assert [value[:19] for value in logged] == [
        "2026-03-02T09:15:00", "2026-03-05T17:40:00", "2026-03-09T12:05:00",
        "2026-03-12T08:30:00", "2026-03-20T16:00:00", "2026-03-27T18:05:00",
    ]  # fmt: skip
    assert all(len(value) == 25 for value in logged)  # with the local offset

    again = import_file(conn, JrnlImporter(), "jrnl.txt")
    assert (again.added, again.duplicates, again.new_triggers) == (0, 6, ())
    assert entry_count(conn) == 6


def test_import_jrnl_json_into_a_journal(conn: sqlite3.Connection) -> None:
    report = import_file(conn, JrnlImporter(), "jrnl.json")
    assert (report.added, report.to_classify, report.notes) == (3, 1, 1)
    assert [(row.kind, row.to_classify, row.triggers) for row in rows(conn)] == [
        ("slip", 1, ("quota-behind",)),
        ("save", 0, ("quota-behind",)),
        ("slip", 0, ("looking-good",)),
    ]
    assert import_file(conn, JrnlImporter(), "jrnl.json").duplicates == 3
    assert entry_count(conn) == 3


def test_import_dayone_into_a_journal(conn: sqlite3.Connection) -> None:
    report = import_file(conn, DayOneImporter(), "dayone.json")
    assert (report.added, report.to_classify, report.notes) == (4, 2, 1)
    assert sorted(report.new_triggers) == ["ignoring-customer-data"]
    assert [(row.occurred_on, row.kind, row.to_classify, row.triggers) for row in rows(conn)] == [
        ("2026-03-03", "slip", 0, ("over-promised",)),
        ("2026-03-04", "save", 0, ("ignoring-customer-data",)),
        ("2026-03-10", "slip", 1, ()),
        ("2026-04-01", "slip", 1, ()),
    ]
    logged = [value for (value,) in conn.execute("SELECT logged_at FROM entries ORDER BY id")]
    assert logged == [
        "2026-03-03T08:30:00+09:00",
        "2026-03-04T19:15:00-08:00",
        "2026-03-10T12:00:00+00:00",
        "2026-04-01T00:30:00+01:00",
    ]
    assert import_file(conn, DayOneImporter(), "dayone.json").duplicates == 4


def test_import_spreadsheet_into_a_journal(conn: sqlite3.Connection) -> None:
    report = import_file(conn, CsvImporter(), "spreadsheet.csv", **{"Next step": "next_time"})
    assert (report.added, report.to_classify, report.notes) == (4, 1, 1)
    stored = conn.execute(
        "SELECT customer, severity, pressure, next_time FROM entries ORDER BY id"
    ).fetchall()
    assert stored == [
        ("Northwind", 4, 5, "Ask what they need first"),
        ("Contoso", None, 3, None),
        (None, 2, None, None),
        ("Fabrikam", None, None, None),
    ]
    assert [row.triggers for row in rows(conn)] == [
        ("looking-good", "quota-behind"),
        ("not-my-problem",),
        ("good-enough",),
        ("metric",),
    ]
    again = import_file(conn, CsvImporter(), "spreadsheet.csv", **{"Next step": "next_time"})
    assert (again.added, again.duplicates) == (0, 4)


@pytest.mark.parametrize(
    ("importer", "good", "bad", "message"),
    [
        (JrnlImporter(), "jrnl.txt", "bad-header-date.txt", "line 4: 2026-02-30 is not a date"),
        (JrnlImporter(), "jrnl.txt", "bad-before-header.txt", "line 1: expected an entry"),
        (JrnlImporter(), "jrnl.json", "bad-jrnl-truncated.json", "after entry 1: not valid"),
        (DayOneImporter(), "dayone.json", "bad-dayone-no-date.json", "entry 2: has no"),
        (CsvImporter(), "spreadsheet.csv", "bad-date.csv", "line 3: dates such as '03/04/2026'"),
        (CsvImporter(), "spreadsheet.csv", "bad-no-situation.csv", "the file has no column"),
        (CsvImporter(), "spreadsheet.csv", "bad-short-row.csv", "line 3: 2 cells where"),
    ],
)
def test_a_malformed_file_adds_nothing(
    conn: sqlite3.Connection, importer: Importer, good: str, bad: str, message: str
) -> None:
    import_file(conn, importer, good)
    before = (entry_count(conn), conn.execute("SELECT count(*) FROM triggers").fetchone())
    with pytest.raises(JournalError) as caught:
        import_file(conn, importer, bad)
    assert str(caught.value).startswith(message)
    after = (entry_count(conn), conn.execute("SELECT count(*) FROM triggers").fetchone())
    assert after == before


def test_service_names_the_record_it_refuses(conn: sqlite3.Connection) -> None:
    future = b"[2026-03-02 09:00] fine\n[2027-01-01 09:00] not yet written\n"
    with pytest.raises(JournalError, match=r"^line 2: 2027-01-01 is in the future"):
        import_entries(conn, JrnlImporter().read(io.BytesIO(future), ImportOptions()), today=TODAY)
    data = b"Date,Text,Control\n2026-03-02,x,sometimes\n"
    with pytest.raises(JournalError, match=r"^line 2: control 'sometimes' is not one of"):
        import_entries(conn, CsvImporter().read(io.BytesIO(data), ImportOptions()), today=TODAY)
    assert entry_count(conn) == 0


# --- Generated files read back exactly ----------------------------------------------------

# Any text a person could type: every script, emoji, right-to-left marks, tabs. Control
# characters are left out (the journal refuses them) and so are lone surrogates (not UTF-8).
# Emoji and right-to-left letters and marks are made more frequent; the parts of 👩🏽‍💻 come
# one character at a time and sometimes join up.
_SPICE = st.sampled_from([*"🎉😶👩🏽\u200d💻שעعل\u200f\u202bé顧"])
_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs")) | _SPICE | st.just("\t")
# @ and # are left out of jrnl's free text: jrnl reads every @word and #word as a tag.
_JRNL_CHARS = (
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="@#")
    | _SPICE
    | st.just("\t")
)
_WORD = st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd"))
_TAGS = st.lists(
    st.builds(
        lambda parts, joint: joint.join(parts),
        st.lists(st.text(_WORD, min_size=1, max_size=6), min_size=1, max_size=3),
        st.sampled_from(["-", "_", "+", "/"]),
    ).filter(lambda tag: tag.casefold() not in ("slip", "save")),
    max_size=3,
)
_DAYS = st.dates(min_value=date(1970, 1, 1), max_value=TODAY)


def _unique_folded(tags: list[str]) -> tuple[str, ...]:
    kept: dict[str, str] = {}
    for tag in tags:
        kept.setdefault(tag.casefold(), tag)
    return tuple(kept.values())


def _clean(body: str) -> str:
    lines = body.split("\n")
    while lines and not lines[0].strip():
        del lines[0]
    return "\n".join(lines).rstrip()


@dataclass(frozen=True)
class JrnlEntry:
    day: date
    hour: int
    minute: int
    second: int
    style: str  # how the header writes the time
    title: str
    body_lines: tuple[str, ...]
    tags: tuple[str, ...]
    kind: str | None
    starred: bool

    @property
    def clock(self) -> str:
        second = self.second if self.style == "seconds" else 0  # the others write no seconds
        return f"{self.hour:02d}:{self.minute:02d}:{second:02d}"

    def header(self) -> str:
        if self.style == "24h":
            moment = f"{self.hour:02d}:{self.minute:02d}"
        elif self.style == "seconds":
            moment = self.clock
        else:
            twelve = self.hour % 12 or 12
            moment = f"{twelve:02d}:{self.minute:02d} {'PM' if self.hour >= 12 else 'AM'}"
        star = " *" if self.starred else ""
        return f"[{self.day.isoformat()} {moment}] {self.tagged_title()}{star}"

    def tagged_title(self) -> str:
        kind = [self.kind] if self.kind else []
        return self.title + "".join(f" @{tag}" for tag in (*self.tags, *kind))

    def expected(self) -> dict[str, Any]:
        title = self.tagged_title()
        body = _clean("\n".join(self.body_lines))
        return {
            "situation": f"{title}\n\n{body}" if body else title,
            "occurred_on": self.day,
            "logged_at": f"{self.day.isoformat()}T{self.clock}",
            "kind": self.kind.lower() if self.kind else None,
            "triggers": _unique_folded([tag.lower() for tag in self.tags]),  # as jrnl reads them
            "notes": ("Starred in jrnl.",) if self.starred else (),
        }


# A title is one line, with no space around it (the header line trims it) and no star at its
# end (the file's mark of a starred entry). A body line must not start with "[": it could read
# as the next entry's header, which the format cannot tell apart.
_JRNL_ENTRY = st.builds(
    JrnlEntry,
    day=_DAYS,
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    second=st.integers(0, 59),
    style=st.sampled_from(["24h", "seconds", "12h"]),
    title=st.text(_JRNL_CHARS, min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda title: bool(title) and not title.endswith("*")),
    body_lines=st.lists(
        st.text(_JRNL_CHARS, max_size=25).filter(lambda line: not line.startswith("[")),
        max_size=4,
    ).map(tuple),
    tags=_TAGS.map(tuple),
    kind=st.sampled_from([None, "slip", "save", "Save"]),
    starred=st.booleans(),
)


def _jrnl_fields(entry: ImportedEntry) -> dict[str, Any]:
    return {
        "situation": entry.situation,
        "occurred_on": entry.occurred_on,
        "logged_at": entry.logged_at,
        "kind": entry.kind,
        "triggers": entry.triggers,
        "notes": entry.notes,
    }


@FAST
@given(entries=st.lists(_JRNL_ENTRY, max_size=6), newline=st.sampled_from(["\n", "\r\n"]))
def test_jrnl_text_round_trip(entries: list[JrnlEntry], newline: str) -> None:
    lines: list[str] = []
    header_lines = []
    for entry in entries:
        header_lines.append(len(lines) + 1)
        lines.append(entry.header())
        lines.extend(entry.body_lines)
        lines.append("")  # jrnl puts a blank line between entries
    data = newline.join(lines).encode()
    got = read(JrnlImporter(), data)
    assert [_jrnl_fields(entry) for entry in got] == [entry.expected() for entry in entries]
    assert [entry.where for entry in got] == [f"line {number}" for number in header_lines]


_JSON_ENTRY = st.fixed_dictionaries(
    {
        "title": st.text(_PRINTABLE | st.sampled_from("\n\t @"), max_size=30),
        "body": st.text(_PRINTABLE | st.sampled_from("\n\t @"), max_size=60),
        "date": _DAYS.map(date.isoformat),
        "time": st.builds(
            lambda hour, minute: f"{hour:02d}:{minute:02d}", st.integers(0, 23), st.integers(0, 59)
        ),
        "tags": _TAGS.map(lambda tags: [f"@{tag}" for tag in tags]),
        "starred": st.booleans(),
    }
)


@FAST
@given(
    entries=st.lists(_JSON_ENTRY, max_size=6),
    ascii_only=st.booleans(),
    indent=st.sampled_from([None, 2]),
)
def test_jrnl_json_round_trip(
    entries: list[dict[str, Any]], ascii_only: bool, indent: int | None
) -> None:
    tags: dict[str, int] = {}
    for entry in entries:
        for tag in entry["tags"]:
            tags[tag] = tags.get(tag, 0) + 1
    data = json.dumps({"tags": tags, "entries": entries}, ensure_ascii=ascii_only, indent=indent)
    got = read(JrnlImporter(), data.encode())
    expected = []
    for entry in entries:
        title, body = entry["title"].strip(), _clean(entry["body"])
        expected.append(
            {
                "situation": f"{title}\n\n{body}" if title and body else title or body,
                "occurred_on": date.fromisoformat(entry["date"]),
                "logged_at": f"{entry['date']}T{entry['time']}:00",
                "kind": None,
                "triggers": _unique_folded([tag[1:] for tag in entry["tags"]]),
                "notes": ("Starred in jrnl.",) if entry["starred"] else (),
            }
        )
    assert [_jrnl_fields(entry) for entry in got] == expected
    assert [entry.where for entry in got] == [f"entry {n}" for n in range(1, len(entries) + 1)]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Cells may hold anything a spreadsheet can, line breaks and tabs included, except text that
# starts with an apostrophe and a formula character: that is how a guarded formula is written,
# so the format cannot tell it from the same text typed by hand.
_CELL = st.text(_PRINTABLE | st.sampled_from("\n\r\t,;\"'"), max_size=40).filter(
    lambda text: not (text.startswith("'") and text[1:].startswith(_FORMULA_STARTS))
)
# Tags are split at ";" and "," and trimmed, so they hold neither and have no space around.
_CSV_TAG = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), blacklist_characters=";,@#"),
    min_size=1,
    max_size=10,
).filter(lambda tag: tag.casefold() not in ("slip", "save") and tag == tag.strip())


@dataclass(frozen=True)
class CsvRow:
    situation: str
    day: date
    kind: str
    tags: tuple[str, ...]
    customer: str
    severity: int | None
    notes: str


_CSV_ROW = st.builds(
    CsvRow,
    situation=_CELL.filter(lambda text: bool(text.strip())),
    day=_DAYS,
    kind=st.sampled_from(["", "slip", "save", "SLIP", "Save"]),
    tags=st.lists(_CSV_TAG, max_size=3).map(tuple),
    customer=_CELL,
    severity=st.none() | st.integers(1, 5),
    notes=_CELL,
)


def _guard(cell: str) -> str:
    """As a careful exporter (ours) writes a cell: a formula character behind an apostrophe."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


@FAST
@given(
    rows=st.lists(_CSV_ROW, max_size=6),
    headers=st.tuples(
        st.sampled_from(["situation", "What happened", "TEXT", "entry", "Description"]),
        st.sampled_from(["occurred_on", "Date", "day", "When"]),
        st.sampled_from(["kind", "Type", "Slip or save"]),
        st.sampled_from(["triggers", "Tags", "tag"]),
        st.sampled_from(["customer", "Client", "Account"]),
    ),
    bom=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
    separator=st.sampled_from([";", ", "]),
)
def test_csv_round_trip(
    rows: list[CsvRow], headers: tuple[str, ...], bom: bool, newline: str, separator: str
) -> None:
    out = io.StringIO()
    # Python's writer quotes a lone \r only when it is part of the line ending; other
    # writers (spreadsheets, ours) quote it always, which QUOTE_ALL stands in for.
    writer = csv.writer(
        out,
        lineterminator=newline,
        quoting=csv.QUOTE_MINIMAL if newline == "\r\n" else csv.QUOTE_ALL,
    )
    writer.writerow([*headers, "Severity", "Notes", "Something else"])
    for row in rows:
        cells = [row.situation, row.day.isoformat(), row.kind, separator.join(row.tags),
                 row.customer, "" if row.severity is None else str(row.severity), row.notes,
                 "ignored"]  # fmt: skip
        writer.writerow([_guard(cell) for cell in cells])
    data = (("\ufeff" if bom else "") + out.getvalue()).encode()
    got = read(CsvImporter(), data)
    assert [
        (e.situation, e.occurred_on, e.kind, e.triggers, e.customer, e.severity, e.notes)
        for e in got
    ] == [
        (
            row.situation,
            row.day,
            row.kind.lower() or None,
            _unique_folded(list(row.tags)),
            row.customer if row.customer.strip() else None,
            row.severity,
            (row.notes,) if row.notes.strip() else (),
        )
        for row in rows
    ]
