"""Erase for real: `journal trash --empty` and `journal purge` leave no byte of the erased words
in the journal file or its write-ahead log, say which backups still hold them and remove those
when asked; a redacted export holds no byte of a redacted name either."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from journal.db import open_journal
from journal.errors import NotFoundError
from journal.periods import CALENDAR_YEAR, parse_quarter
from journal.records import EntryFields
from journal.services import commitments, entries, erasure
from journal.services.reviews import PlannedCommitment, ReviewInput, save_review
from tests.conftest import Runner, snapshot

TODAY = date(2026, 11, 22)

# Words nothing else in a journal holds, in every field an entry has; one outside ASCII, so
# its UTF-8 and UTF-16 bytes differ from its letters'.
SECRETS = {
    "situation": "Zanzibarquux",
    "impact": "Xylophonic",
    "customer": "Blorptastic",
    "recovery_note": "Vorpalish",
    "next_time": "Quillfeather",
    "note": "Snarkleberry",
    "accented": "Ærøskøbingvej",
    "edited away": "Gribblewort",  # in the situation as first written, then edited
    "typed": "Frumious",  # in the form's draft while typing, saved every few seconds
}


def _spellings(word: str) -> set[str]:
    """How a word may sit in the file: as typed, in either case, and as the full-text index
    keeps it (lowercase, accents removed)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return {word, word.lower(), word.upper(), word.casefold(), plain.lower()}


def found_in(paths: list[Path], words: list[str]) -> list[str]:
    """Every (file, word, encoding) where a word's bytes are, in UTF-8 or UTF-16 (SQLite may
    store text in either)."""
    found = []
    for path in paths:
        if not path.exists():
            continue
        data = path.read_bytes()
        for word in words:
            for spelling in _spellings(word):
                for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                    if spelling.encode(encoding) in data:
                        found.append(f"{path.name}: {spelling!r} ({encoding})")
    return found


def journal_files(db: Path) -> list[Path]:
    return [db, db.with_name(db.name + "-wal")]


def _write_secrets(db: Path, *, filler: int = 150) -> tuple[int, int]:
    """A journal whose erased entries are spread between others, some of it still in the log:
    returns (the secret entry, a live entry that keeps its words)."""
    conn = open_journal(db)
    # As most builds of SQLite write (Debian's zeroes deleted bytes by default): edits and
    # drafts leave their earlier text in the file's free space.
    conn.execute("PRAGMA secure_delete = OFF")
    save_review(
        conn,
        parse_quarter("2026-Q3", today=TODAY),
        ReviewInput(commitments=[PlannedCommitment("quota-behind", "ask first")]),
        today=date(2026, 10, 2),
        calendar=CALENDAR_YEAR,
    )
    commitment = int(conn.execute("SELECT id FROM commitments").fetchone()[0])
    for number in range(filler):
        entries.add(conn, EntryFields(situation=f"Filler {number} " + "lorem " * 40), today=TODAY)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # these in the journal file itself
    secret = entries.add(
        conn,
        EntryFields(situation=f"First told {SECRETS['edited away']} " + "first draft " * 100),
        today=TODAY,
    )
    for typed in range(5):  # the app keeps the form's text in the journal while typing
        draft = {"entry_id": secret, "fields": {"note": f"{SECRETS['typed']} {typed}"}}
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('draft', ?) ON CONFLICT (key) DO UPDATE"
            " SET value = excluded.value",
            (json.dumps(draft),),
        )
    conn.execute("DELETE FROM meta WHERE key = 'draft'")  # saved: the draft goes
    entries.update(
        conn,
        secret,
        EntryFields(
            situation=f"Told {SECRETS['situation']} everything " + "at length " * 300,
            impact=f"{SECRETS['impact']} lost a week",
            customer=f"{SECRETS['customer']} Ltd",
            recovery="attempted",
            recovery_note=f"{SECRETS['recovery_note']} call",
            next_time=f"{SECRETS['next_time']} first",
            triggers=("quota-behind",),
            occurred_on=date(2026, 11, 2),
        ),
        today=TODAY,
    )
    entries.add_note(conn, secret, f"{SECRETS['note']} " * 100)
    entries.add_note(conn, secret, f"{SECRETS['accented']} again")
    commitments.record_checks(conn, secret, {commitment: "yes"})
    kept = entries.add(conn, EntryFields(situation="Kept: Plumbusfjord stays"), today=TODAY)
    for number in range(filler):
        entries.add(conn, EntryFields(situation=f"More {number} " + "dolor " * 40), today=TODAY)
    conn.close()
    return secret, kept


def test_the_words_are_there_before_erasing(tmp_path: Path) -> None:
    """The search below can find what it looks for: before erasing, every word is found."""
    db = tmp_path / "journal.sqlite"
    _write_secrets(db)
    assert len({hit.split(":")[1] for hit in found_in(journal_files(db), list(SECRETS.values()))})


def test_emptying_the_trash_leaves_no_byte_of_it(run: Runner, db_path: Path) -> None:
    secret, kept = _write_secrets(db_path)
    conn = open_journal(db_path)
    entries.delete(conn, secret)
    conn.close()
    assert found_in(journal_files(db_path), list(SECRETS.values()))  # the trash keeps them
    result = run("trash", "--empty", "--yes")
    assert result.code == 0, result.err
    assert "Erased 1 entry for good." in result.err
    assert found_in(journal_files(db_path), list(SECRETS.values())) == []
    assert found_in(journal_files(db_path), ["Plumbusfjord"])  # other entries untouched
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')")
    for table in ("entries", "notes", "entry_triggers", "commitment_checks"):
        column = "id" if table == "entries" else "entry_id"
        assert (
            conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (secret,)).fetchone()[
                0
            ]
            == 0
        )
    assert conn.execute("SELECT count(*) FROM entries WHERE id = ?", (kept,)).fetchone()[0] == 1
    conn.close()
    assert "Zanzibarquux" not in run("list", "--search", "Zanzibarquux").out


def test_purge_erases_live_entries_too(run: Runner, db_path: Path) -> None:
    secret, kept = _write_secrets(db_path)
    run("triggers", "add", "my-own", "--category", "Relationships", "--description", "Mine")
    listed = [trigger["id"] for trigger in json.loads(run("triggers", "--json").out)]
    result = run("purge", str(secret), "--yes")
    assert result.code == 0, result.err
    # The journal file is rebuilt: nothing is reordered.
    assert [trigger["id"] for trigger in json.loads(run("triggers", "--json").out)] == listed
    assert found_in(journal_files(db_path), list(SECRETS.values())) == []
    assert run("show", str(secret)).code == 2
    assert run("show", str(kept)).code == 0


def test_a_draft_holding_the_erased_words_goes_too(run: Runner, db_path: Path) -> None:
    secret, kept = _write_secrets(db_path, filler=3)
    conn = open_journal(db_path)
    draft = {"entry_id": secret, "fields": {"situation": "Zanzibarquux edited"}, "saved_at": ""}
    conn.execute("INSERT INTO meta (key, value) VALUES ('draft', ?)", (json.dumps(draft),))
    conn.close()
    assert run("purge", str(secret), "--yes").code == 0
    assert found_in(journal_files(db_path), ["Zanzibarquux"]) == []
    conn = open_journal(db_path)
    other = {"entry_id": kept, "fields": {"situation": "Plumbusfjord draft"}, "saved_at": ""}
    conn.execute("INSERT INTO meta (key, value) VALUES ('draft', ?)", (json.dumps(other),))
    extra = entries.add(conn, EntryFields(situation="Gone soon"), today=TODAY)
    conn.close()
    assert run("purge", str(extra), "--yes").code == 0
    conn = open_journal(db_path)
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'draft'").fetchone()[0] == 1
    conn.close()


def test_backups_still_holding_the_entries_are_named_and_removed_when_asked(
    run: Runner, db_path: Path
) -> None:
    folder = db_path.parent / "journal-backups"
    assert run("add", "An early entry").code == 0
    early = folder / "journal-early.sqlite"
    assert run("backup", "--to", str(early)).code == 0  # with the day's: before the secret
    older = sorted(folder.iterdir())
    assert len(older) == 2
    secret, _ = _write_secrets(db_path, filler=3)
    held = folder / "journal-later.sqlite"
    assert run("backup", "--to", str(held)).code == 0
    kept = run("purge", str(secret), "--yes")
    assert kept.code == 0, kept.err
    assert "1 backup of the journal still holds erased entries:" in kept.err
    assert f"  {held}  (1 entry)" in kept.err
    for backup in older:
        assert str(backup) not in kept.err
    assert "Kept them; --remove-backups removes them next time" in kept.err
    assert found_in([held], ["Zanzibarquux"])
    # Looking through the backups read them only: nothing new beside them (no -wal, -shm).
    assert sorted(folder.iterdir()) == sorted([*older, held])

    # The backup brought back, then erased again: now the backups that hold it go too.
    restored = run("restore-backup", str(held), "--yes")
    assert restored.code == 0, restored.err
    removed = run("purge", str(secret), "--yes", "--remove-backups")
    assert removed.code == 0, removed.err
    assert "Removed 1 backup." in removed.err
    assert not held.exists()
    assert found_in(journal_files(db_path), list(SECRETS.values())) == []
    assert found_in(sorted(folder.iterdir()), list(SECRETS.values())) == []
    assert all(backup.exists() for backup in older)


def test_without_a_terminal_erasing_needs_yes(run: Runner, db_path: Path) -> None:
    secret, _ = _write_secrets(db_path, filler=3)
    conn = open_journal(db_path)
    entries.delete(conn, secret)
    conn.close()
    before = snapshot(db_path)
    for args in (["trash", "--empty"], ["purge", str(secret)]):
        result = run(*args)
        assert result.code == 2
        assert result.err.count("\n") == 1
        assert "add --yes to confirm when not at a terminal" in result.err
    assert snapshot(db_path) == before


def test_an_unknown_id_erases_nothing(run: Runner, db_path: Path) -> None:
    secret, _ = _write_secrets(db_path, filler=3)
    before = snapshot(db_path)
    result = run("purge", str(secret), "9999", "--yes")
    assert result.code == 2
    assert "no entry 9999" in result.err
    assert result.err.count("\n") == 1
    assert snapshot(db_path) == before


def test_on_a_terminal_it_asks_first(
    run: Runner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret, _ = _write_secrets(db_path, filler=3)
    monkeypatch.setattr("journal.cli.terminal.interactive", lambda: True)
    before = snapshot(db_path)
    refused = run("purge", str(secret), stdin="n\n")
    assert refused.code == 1
    assert "Erase 1 entry for good" in refused.out
    assert "Nothing was erased." in refused.err
    assert snapshot(db_path) == before
    assert run("backup", "--to", str(db_path.parent / "journal-backups" / "b.sqlite")).code == 0
    agreed = run("purge", str(secret), stdin="y\ny\n")
    assert agreed.code == 0, agreed.err
    assert "Remove these backups?" in agreed.out
    assert "Removed 2 backups." in agreed.err
    backups = sorted((db_path.parent / "journal-backups").iterdir())
    assert found_in(journal_files(db_path) + backups, list(SECRETS.values())) == []


def test_an_empty_trash_has_nothing_to_erase(run: Runner, db_path: Path) -> None:
    _write_secrets(db_path, filler=1)
    result = run("trash", "--empty", "--yes")
    assert result.code == 0
    assert result.err.strip() == "The trash is empty; nothing to erase."


def test_the_service_refuses_an_unknown_id_before_erasing(tmp_path: Path) -> None:
    conn = open_journal(tmp_path / "j.sqlite")
    entry_id = entries.add(conn, EntryFields(situation="Stays"), today=TODAY)
    with pytest.raises(NotFoundError):
        erasure.erase(conn, [entry_id, entry_id + 1])
    assert entries.get(conn, entry_id).situation == "Stays"


# --- a redacted export holds no byte of a redacted name -------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "html"])
def test_a_redacted_export_file_holds_no_byte_of_a_name(
    run: Runner, db_path: Path, tmp_path: Path, fmt: str
) -> None:
    _write_secrets(db_path, filler=3)
    (tmp_path / "config.toml").write_text(
        'private_names = ["Zanzibarquux", "Xylophonic", "Vorpalish", "Quillfeather",'
        ' "Snarkleberry", "Ærøskøbingvej"]\n',
        encoding="utf-8",
    )
    target = tmp_path / f"shared.{fmt}"
    result = run("export", "--redact", "--quarter", "2026-Q4", "-o", str(target))
    assert result.code == 0, result.err
    written = target.read_text(encoding="utf-8")
    assert re.search(r"Told \\?\[withheld\\?\] everything", written)  # md escapes [ and ]
    assert found_in([target], list(SECRETS.values())) == []
