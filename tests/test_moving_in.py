"""Bringing a history in as the other programs write it: jrnl with any timeformat and its own
tag rules, CSV in any dialect and date order, Daylio's export, Day One's zip. Every file
imports, or is refused with the option that settles it; every skipped row is counted."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journal.importers import ImportedEntry, Importer, ImportFormatError, ImportOptions, Skipped
from journal.importers.csv_format import CsvImporter
from journal.importers.date_formats import normalized
from journal.importers.daylio import DaylioImporter
from journal.importers.dayone import DayOneImporter, unescape
from journal.importers.jrnl import JrnlImporter, jrnl_settings, tags_in
from journal.services.imports import import_entries
from tests.conftest import Opener, Runner

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TODAY = date(2026, 11, 22)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

pytestmark = pytest.mark.journal_kinds


def read_jrnl(source: Path | bytes, **options: str) -> list[ImportedEntry]:
    data = source.read_bytes() if isinstance(source, Path) else source
    return list(JrnlImporter().read(io.BytesIO(data), ImportOptions(**options)))  # type: ignore[arg-type]


@pytest.fixture
def conn(tmp_path: Path, open_kind: Opener) -> sqlite3.Connection:
    return open_kind(tmp_path / "journal.sqlite")


# --- jrnl: timeformats --------------------------------------------------------------------


def test_a_day_first_journal_is_recognised_by_a_header_that_only_reads_one_way() -> None:
    got = read_jrnl(FIXTURES / "jrnl-day-first.txt")
    assert [(e.occurred_on, e.logged_at) for e in got] == [
        (date(2026, 3, 2), "2026-03-02T09:15:00"),
        (date(2026, 3, 14), "2026-03-14T17:40:00"),
    ]
    assert got[1].situation == "Told the boss it was on track @looking-good\n\nIt was not."
    assert got[1].notes == ("Starred in jrnl.",)


@pytest.mark.parametrize(
    ("timeformat", "header", "moment"),
    [
        ("%d/%m/%Y %I:%M %p", "29/08/2020 11:11 PM", datetime(2020, 8, 29, 23, 11)),
        ("%m/%d/%Y", "08/29/2020", datetime(2020, 8, 29)),
        ("%d.%m.%Y", "29.08.2020", datetime(2020, 8, 29)),
        ("%a, %d %b %Y", "Sat, 29 Aug 2020", datetime(2020, 8, 29)),
        ("%F %r", "2020-08-29 11:11:05 PM", datetime(2020, 8, 29, 23, 11, 5)),
        ("%Y-%m-%d %H:%M", "2020-08-29 23:11", datetime(2020, 8, 29, 23, 11)),
        ("%B %d, %Y %H:%M", "August 29, 2020 23:11", datetime(2020, 8, 29, 23, 11)),
    ],
)
def test_common_timeformats_are_recognised_and_read_with_the_config(
    timeformat: str, header: str, moment: datetime
) -> None:
    text = f"[{header}] Sold the bigger plan @quota-behind\nThey needed less.\n".encode()
    for options in ({}, {"date_format": timeformat}):
        (entry,) = read_jrnl(text, **options)
        assert entry.occurred_on == moment.date()
        assert entry.logged_at == moment.isoformat()
        assert entry.situation == "Sold the bigger plan @quota-behind\n\nThey needed less."


def test_headers_that_read_both_ways_are_refused_with_the_options_that_settle_it() -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_jrnl(FIXTURES / "jrnl-ambiguous.txt")
    message = str(caught.value)
    assert message.startswith("line 1: dates such as '02/03/2026 09:15 AM' read more than one way")
    assert "--date-format '%d/%m/%Y %I:%M %p'" in message
    assert "--date-format '%m/%d/%Y %I:%M %p'" in message
    assert "--jrnl-config PATH" in message
    day_first = read_jrnl(FIXTURES / "jrnl-ambiguous.txt", date_format="%d/%m/%Y %I:%M %p")
    assert [e.occurred_on for e in day_first] == [date(2026, 3, 2), date(2026, 3, 4)]
    month_first = read_jrnl(FIXTURES / "jrnl-ambiguous.txt", date_format="%m/%d/%Y %I:%M %p")
    assert [e.occurred_on for e in month_first] == [date(2026, 2, 3), date(2026, 4, 3)]


def test_jrnl_yaml_gives_the_timeformat_and_the_tag_symbols() -> None:
    assert jrnl_settings((FIXTURES / "jrnl.yaml").read_text()) == ("%d/%m/%Y %I:%M %p", "#@")
    assert jrnl_settings("timeformat: '%d.%m.%Y'\ntagsymbols: @ # only at\n") == ("%d.%m.%Y", "@")
    assert jrnl_settings("journals:\n  default: x\n") == (None, None)


def test_a_header_no_format_reads_points_to_the_json_export() -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_jrnl(b"[Day 12 of the project] notes\n")
    message = str(caught.value)
    assert message.startswith("line 1: expected an entry header like [2020-08-29 11:11] Title")
    assert "--jrnl-config PATH" in message and "--date-format" in message
    assert "jrnl --format json" in message


def test_a_wrong_date_in_the_journals_format_is_named_not_taken_as_body() -> None:
    text = b"[29/08/2020 11:11 PM] first\n[31/02/2020 09:00 AM] the thirty-first of February\n"
    with pytest.raises(ImportFormatError, match=r"^line 2: '31/02/2020 09:00 AM' is not a date"):
        read_jrnl(text)
    # Text in brackets that is no date at all is body text.
    (entry,) = read_jrnl(b"[29/08/2020 11:11 PM] first\n[TODO] call them back\n")
    assert entry.situation == "first\n\n[TODO] call them back"


TIMEFORMATS = [
    "%Y-%m-%d %H:%M", "%F %r", "%d/%m/%Y %I:%M %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y",
    "%d.%m.%Y", "%d.%m.%Y %H:%M", "%a, %d %b %Y", "%A, %B %d, %Y %I:%M %p", "%d %b %Y %H:%M",
]  # fmt: skip


@FAST
@given(
    timeformat=st.sampled_from(TIMEFORMATS),
    moments=st.lists(
        st.datetimes(datetime(1990, 1, 1), datetime(2026, 11, 22)).map(
            lambda moment: moment.replace(microsecond=0)
        ),
        min_size=1,
        max_size=6,
    ),
)
@example(timeformat="%d/%m/%Y %I:%M %p", moments=[datetime(2020, 3, 2, 0, 5)])
def test_any_timeformat_reads_right_or_is_refused_never_guessed(
    timeformat: str, moments: list[datetime]
) -> None:
    text = "".join(
        f"[{moment.strftime(timeformat)}] Entry {n} @quota-behind\nbody {n}\n\n"
        for n, moment in enumerate(moments)
    ).encode()

    def written(moment: datetime) -> datetime:  # what the format keeps of the moment
        return datetime.strptime(moment.strftime(timeformat), normalized(timeformat))

    expected = [written(moment) for moment in moments]
    given_format = read_jrnl(text, date_format=timeformat)
    assert [e.logged_at for e in given_format] == [m.isoformat() for m in expected]
    try:
        recognised = read_jrnl(text)
    except ImportFormatError as error:
        assert "read more than one way" in str(error)
        assert "--date-format" in str(error)
    else:
        assert [e.logged_at for e in recognised] == [m.isoformat() for m in expected]
        assert [e.situation for e in recognised] == [
            f"Entry {n} @quota-behind\n\nbody {n}" for n in range(len(moments))
        ]


# --- jrnl: tags as jrnl reads them ---------------------------------------------------------


def test_tags_are_found_by_jrnls_rule_in_any_script() -> None:
    (entry,) = read_jrnl(FIXTURES / "jrnl-tags.txt")
    assert entry.triggers == (
        "café", "東京", "on_call", "on-call", "c++", "standup", "tag", "mixed-case",
    )  # fmt: skip
    # Only @ when jrnl.yaml says so.
    (only_at,) = read_jrnl(FIXTURES / "jrnl-tags.txt", tag_symbols="@")
    assert "standup" not in only_at.triggers


@FAST
@given(
    text=st.lists(
        st.sampled_from([*"ab_-+*#/@.,( é東\n", "ana@x.y", "@@", "c++"]), max_size=20
    ).map("".join)
)
def test_jrnl_finds_a_tag_only_after_white_space(text: str) -> None:
    for tag in tags_in(text):
        assert tag[0] in "#@"
        assert tag == tag.lower()
    # A tag never starts inside a word: what comes before a tag symbol it takes is white space.
    count = sum(
        1
        for i, char in enumerate(text)
        if char in "#@"
        and (i == 0 or text[i - 1].isspace())
        and i + 1 < len(text)
        and (text[i + 1].isalnum() or text[i + 1] in "_-+*#/")
    )
    assert len(tags_in(text)) == count


def test_tags_become_distinct_triggers_with_ids_in_their_own_script(
    conn: sqlite3.Connection,
) -> None:
    report = import_entries(conn, read_jrnl(FIXTURES / "jrnl-tags.txt"), today=TODAY)
    assert report.added == 1
    rows = dict(conn.execute("SELECT name, id FROM triggers WHERE category = 'Imported'"))
    assert rows == {
        "café": "café", "東京": "東京", "on_call": "on-call", "on-call": "on-call-2",
        "c++": "c", "standup": "standup", "tag": "tag", "mixed-case": "mixed-case",
    }  # fmt: skip
    linked = conn.execute("SELECT count(*) FROM entry_triggers").fetchone()[0]
    assert linked == 8
    # Importing @on-call first gives the same two triggers, not one.
    again = import_entries(
        conn, read_jrnl(b"[2026-03-03 09:00] @on-call then @on_call and @c\n"), today=TODAY
    )
    assert again.new_triggers == ("c-2",)
    entry_id = conn.execute("SELECT max(id) FROM entries").fetchone()[0]
    triggers = {
        row[0]
        for row in conn.execute(
            "SELECT trigger_id FROM entry_triggers WHERE entry_id = ?", (entry_id,)
        )
    }
    assert triggers == {"on-call", "on-call-2", "c-2"}


def test_import_cli_reads_jrnl_yaml_and_refuses_with_one_line(run: Runner, tmp_path: Path) -> None:
    ambiguous = str(FIXTURES / "jrnl-ambiguous.txt")
    refused = run("import", ambiguous)
    assert refused.code == 2
    assert refused.err.count("\n") == 1 and "--date-format" in refused.err
    done = run("import", ambiguous, "--jrnl-config", str(FIXTURES / "jrnl.yaml"))
    assert done.code == 0, done.err
    assert "Imported 2 entries" in done.err
    listed = run("list", "--json")
    assert "2026-03-04" in listed.out
    bad = run("import", ambiguous, "--date-format", "day first")
    assert bad.code == 2 and "strftime format" in bad.err


# --- CSV: dialects and date orders ---------------------------------------------------------


def read_with(importer: Importer, source: Path | bytes, **options: Any) -> list[Any]:
    data = source.read_bytes() if isinstance(source, Path) else source
    return list(importer.read(io.BytesIO(data), ImportOptions(**options)))


def test_a_semicolon_file_from_excel_reads_with_its_european_dates() -> None:
    got = read_with(CsvImporter(), FIXTURES / "excel-semicolon.csv")
    first, second, empty = got
    assert first.situation == "Sold Northwind the annual plan; they needed monthly seats"
    assert (first.occurred_on, first.customer, first.severity) == (date(2026, 3, 2), "Northwind", 4)
    assert (second.occurred_on, second.kind) == (date(2026, 3, 13), "save")
    assert second.situation == "Held the renewal price, showed the churn data"
    assert empty == Skipped("line 4", "empty rows")


def test_us_dates_that_read_both_ways_need_the_date_format() -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_with(CsvImporter(), FIXTURES / "us-dates.tsv")
    assert str(caught.value) == (
        "line 2: dates such as '3/2/2026' read more than one way (day first, month first);"
        " say which with --date-format '%d/%m/%Y' or --date-format '%m/%d/%Y'"
    )
    us = read_with(CsvImporter(), FIXTURES / "us-dates.tsv", date_format="%m/%d/%Y")
    assert [e.occurred_on for e in us] == [date(2026, 3, 2), date(2026, 3, 4)]
    europe = read_with(CsvImporter(), FIXTURES / "us-dates.tsv", date_format="%d/%m/%Y")
    assert [e.occurred_on for e in europe] == [date(2026, 2, 3), date(2026, 4, 3)]
    with pytest.raises(ImportFormatError, match="is not a date written as --date-format"):
        read_with(CsvImporter(), FIXTURES / "us-dates.tsv", date_format="%d.%m.%Y")


DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d %b %Y", "%B %d, %Y"]
_CELL = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029")
    | st.sampled_from([",", ";", "\t", '"', "\n"]),
    min_size=1,
    max_size=30,
).filter(lambda text: bool(text.strip()))


@FAST
@given(
    delimiter=st.sampled_from([",", ";", "\t"]),
    date_format=st.sampled_from(DATE_FORMATS),
    rows=st.lists(st.tuples(st.dates(date(1990, 1, 1), TODAY), _CELL), min_size=1, max_size=6),
)
def test_any_dialect_and_date_order_reads_right_or_is_refused(
    delimiter: str, date_format: str, rows: list[tuple[date, str]]
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Date", "What happened"])
    writer.writerows([(day.strftime(date_format), text) for day, text in rows])
    data = out.getvalue().encode()
    given_format = read_with(CsvImporter(), data, date_format=date_format)
    assert [(e.occurred_on, e.situation) for e in given_format] == rows
    try:
        recognised = read_with(CsvImporter(), data)
    except ImportFormatError as error:
        assert "read more than one way" in str(error) and "--date-format" in str(error)
    else:
        assert [(e.occurred_on, e.situation) for e in recognised] == rows


# --- Daylio -----------------------------------------------------------------------------------


def test_daylio_needs_skip_empty_for_its_rows_without_a_note() -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_with(DaylioImporter(), FIXTURES / "daylio.csv")
    assert str(caught.value).startswith("line 3: no note_title or note")
    assert "--skip-empty" in str(caught.value)


def test_daylio_preset_reads_date_time_activities_and_notes() -> None:
    got = read_with(DaylioImporter(), FIXTURES / "daylio.csv", skip_empty=True)
    held, skipped, pushed, told = got
    assert skipped == Skipped("line 3", "Daylio rows without a note (--skip-empty)")
    assert held.situation == (
        "Held the price\n\nFinance wanted +12%.\nI showed them the churn data first.\nThey agreed."
    )
    assert (held.occurred_on, held.logged_at) == (date(2026, 4, 12), "2026-04-12T20:15:00")
    assert held.triggers == ("work", "quota-behind", "friends")
    assert held.kind is None  # to classify
    assert held.notes == ("Mood in Daylio: good.",)
    assert (pushed.situation, pushed.logged_at) == (
        "Pushed the bundle again",
        "2026-04-10T09:05:00",
    )
    assert (told.situation, told.triggers) == ("Told Harbor the smaller plan fits", ())
    assert DaylioImporter().sniff((FIXTURES / "daylio.csv").read_bytes()[:4096], "x.csv")


@FAST
@given(
    notes=st.lists(
        st.tuples(
            st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=15),
            st.lists(
                st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12), max_size=3
            ),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_daylio_rows_each_import_or_are_counted(notes: list[tuple[str, list[str]]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
    )
    for number, (title, lines) in enumerate(notes):
        writer.writerow(
            ["2026-04-12", "April 12", "Sunday", f"{number % 12 + 1}:05 PM", "good", "work",
             title, "<br>".join(lines)]
        )  # fmt: skip
    got = read_with(DaylioImporter(), out.getvalue().encode(), skip_empty=True)
    assert len(got) == len(notes)  # every row: an entry or a counted skip
    for item, (title, lines) in zip(got, notes, strict=True):
        body = "\n".join(lines).strip()
        if isinstance(item, Skipped):
            assert not title.strip() and not body
        else:
            parts = [part for part in (title.strip(), body) if part]
            assert item.situation == "\n\n".join(parts)


def test_cli_imports_daylio_and_reports_every_skip(run: Runner) -> None:
    result = run("import", str(FIXTURES / "daylio.csv"), "--skip-empty")
    assert result.code == 0, result.err
    assert "Imported 3 entries" in result.err and "(daylio)" in result.err
    assert "skipped Daylio rows without a note (--skip-empty): 1" in result.err
    refused = run("import", str(FIXTURES / "daylio.csv"), "--format", "daylio")
    assert refused.code == 2 and "--skip-empty" in refused.err
    semicolons = run("import", str(FIXTURES / "excel-semicolon.csv"))
    assert semicolons.code == 0, semicolons.err
    assert "Imported 2 entries" in semicolons.err and "skipped empty rows: 1" in semicolons.err


# --- Day One's zip -------------------------------------------------------------------------


def dayone_entry(uuid: str, created: str, text: str | None, **rest: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"uuid": uuid, "creationDate": created, "timeZone": "Europe/Paris"}
    if text is not None:
        entry["text"] = text
    entry.update(rest)
    return entry


def dayone_zip(journals: dict[str, list[dict[str, Any]]], *, media: bool = True) -> bytes:
    """A zip as Day One's export writes it: one JSON file per journal, media in folders."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, entries in journals.items():
            document = {"metadata": {"version": "1.0"}, "entries": entries}
            archive.writestr(f"{name}.json", json.dumps(document, indent=2))
        if media:
            archive.writestr("photos/5c6d7e8f9a0b1c2d.jpeg", b"\xff\xd8\xff\xe0 not a real photo")
            archive.writestr("audios/0a1b2c3d.m4a", b"\x00\x00\x00 ftypM4A ")
    return out.getvalue()


SAMPLE_ZIP = dayone_zip(
    {
        "Journal": [
            dayone_entry("A1", "2026-03-02T08:30:00Z", "Promised the export by Friday\\."),
            dayone_entry(
                "A2",
                "2026-03-03T08:30:00Z",
                "![](dayone-moment://5C6D7E8F9A0B1C2D)",
                photos=[{"identifier": "5C6D7E8F9A0B1C2D", "type": "jpeg"}],
            ),
        ],
        "Work Notes": [
            dayone_entry("B1", "2026-03-04T18:00:00Z", "Held the price \\#save", tags=["save"]),
            dayone_entry("B2", "2026-03-05T18:00:00Z", None, audios=[{"identifier": "0A1B"}]),
            dayone_entry("B3", "2026-03-06T18:00:00Z", "   "),
        ],
    }
)


def test_every_journal_of_a_dayone_zip_is_read_and_media_only_entries_counted() -> None:
    got = read_with(DayOneImporter(), SAMPLE_ZIP)
    assert [(item.where, getattr(item, "situation", None)) for item in got] == [
        ("Journal, entry 1", "Promised the export by Friday."),
        ("Journal, entry 2", None),
        ("Work Notes, entry 1", "Held the price #save"),
        ("Work Notes, entry 2", None),
        ("Work Notes, entry 3", None),
    ]
    assert [item.reason for item in got if isinstance(item, Skipped)] == [
        "Day One entries with only a photo, video or audio (no text)",
        "Day One entries with only a photo, video or audio (no text)",
        "empty Day One entries",
    ]
    only = read_with(DayOneImporter(), SAMPLE_ZIP, journal="work notes")
    assert [item.where for item in only] == [f"Work Notes, entry {n}" for n in (1, 2, 3)]
    with pytest.raises(ImportFormatError) as caught:
        read_with(DayOneImporter(), SAMPLE_ZIP, journal="Travel")
    assert (
        str(caught.value)
        == "the zip file has no journal 'Travel'; its journals: Journal, Work Notes"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (SAMPLE_ZIP[: len(SAMPLE_ZIP) // 2], "the zip file cannot be read ("),
        (dayone_zip({}), "the zip file holds no journal (.json file)"),
        (dayone_zip({"Journal": []})[:-1] + b"", "the zip file cannot be read"),
    ],
)
def test_a_broken_zip_is_refused_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_with(DayOneImporter(), data)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


@FAST
@given(
    journals=st.dictionaries(
        st.sampled_from(["Journal", "Work", "Ideen", "日記"]),
        st.lists(
            st.tuples(
                st.none() | st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20),
                st.booleans(),  # a photo with it
            ),
            max_size=4,
        ),
        max_size=3,
    )
)
def test_every_dayone_entry_imports_or_is_counted(
    journals: dict[str, list[tuple[str | None, bool]]],
) -> None:
    made = {
        name: [
            dayone_entry(
                f"{name}-{n}",
                "2026-03-02T08:30:00Z",
                text,
                **({"photos": [{"identifier": "P"}]} if photo else {}),
            )
            for n, (text, photo) in enumerate(entries)
        ]
        for name, entries in journals.items()
    }
    if not made:
        return
    got = read_with(DayOneImporter(), dayone_zip(made))
    flat = [
        (text, photo) for name in sorted(made, key=str.casefold) for text, photo in journals[name]
    ]
    assert len(got) == len(flat)
    for item, (text, photo) in zip(got, flat, strict=True):
        if isinstance(item, Skipped):
            assert not unescape(text or "").strip()
            assert ("only a photo" in item.reason) == photo
        else:
            assert item.situation == unescape(text or "").strip()


def test_cli_imports_a_dayone_zip_and_says_what_it_skipped(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "Export-Journal.zip"
    path.write_bytes(SAMPLE_ZIP)
    result = run("import", str(path))
    assert result.code == 0, result.err
    assert "Imported 2 entries" in result.err and "(dayone)" in result.err
    assert "skipped Day One entries with only a photo, video or audio (no text): 2" in result.err
    assert "skipped empty Day One entries: 1" in result.err
    again = run("import", str(path), "--journal", "Journal")
    assert again.code == 0 and "1 entry already in the journal" in again.err
    wrong = run("import", str(FIXTURES / "daylio.csv"), "--journal", "Journal")
    assert wrong.code == 2 and "--journal" in wrong.err


def test_a_timeformat_no_one_guesses_imports_with_jrnl_yaml(run: Runner, tmp_path: Path) -> None:
    journal_file = tmp_path / "work.txt"
    journal_file.write_text(
        "[20260302 0915] Sold the bigger plan @quota-behind\n\n[20260303 1740] Held\n"
    )
    refused = run("import", str(journal_file))
    assert refused.code == 2
    assert "--jrnl-config" in refused.err and "jrnl --format json" in refused.err
    config = tmp_path / "jrnl.yaml"
    config.write_text(
        "journals:\n  default: ~/work.txt\ntimeformat: '%Y%m%d %H%M'\ntagsymbols: '@'\n"
    )
    done = run("import", str(journal_file), "--jrnl-config", str(config))
    assert done.code == 0, done.err
    assert "Imported 2 entries" in done.err
    shown = run("list", "--json")
    assert '"2026-03-03"' in shown.out and '"2026-03-02"' in shown.out


@pytest.mark.parametrize(
    ("text", "is_id"),
    [("東京-顧客", True), ("café", True), ("नमस्ते", True), ("quota-behind", True),
     ("Café", False), ("-x", False), ("on_call", False), ("a b", False), ("x" * 41, False)],
)  # fmt: skip
def test_trigger_ids_hold_lowercase_letters_of_any_language(text: str, is_id: bool) -> None:
    from journal.services.triggers import is_trigger_id, trigger_slug

    assert is_trigger_id(text) == is_id
    slug = trigger_slug(text)
    assert slug == "" or is_trigger_id(slug)
