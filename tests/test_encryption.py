"""Encryption at rest, from the shell: encrypt, decrypt and rekey; where the passphrase comes
from and what a wrong or missing one does; the keyring; backups; and that no word of the
journal can be read in any file it leaves on disk."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journal import backups, cipher, cli, keychain, passphrase
from journal.cipher import Key
from journal.db import open_journal
from journal.services.store import JournalStore
from tests.conftest import Runner, answering
from tests.journal_files import encrypt as encrypt_with_test_key
from tests.journal_files import snapshot
from tests.reliability.harness import big_journal
from tests.test_storage import FIXTURE_VERSIONS

PASSPHRASE = "a long passphrase nobody guesses, Ωmega שלום"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def given_passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


def key_of_file(path: Path, words: str = PASSPHRASE) -> Key:
    return cipher.key_for(path, words, "test")


def one_line(result: object) -> str:
    err = str(getattr(result, "err", ""))
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def files_beside(db: Path) -> list[Path]:
    """The journal, its write-ahead log and index, and every backup made of it."""
    found = [p for p in db.parent.iterdir() if p.is_file() and p.name.startswith(db.stem)]
    folder = backups.folder_for(db)
    if folder.is_dir():
        found += [p for p in folder.iterdir() if p.is_file()]
    return sorted(found)


# --- no word readable -------------------------------------------------------------------------

# Words only this test writes, in several scripts, in every kind of field journal keeps.
SECRET = {
    "situation": "Zanzibarquota pushed onto the bundle",
    "customer": "Quixotic Kestrel Holdings",
    "impact": "Paid for Vellichor seats",
    "next-time": "Ask Ωmegaplan first",
    "recovery-note": "Called back the Xylophage team",
    "note": "Harbor renewal came through: \u05e9\u05dc\u05d5\u05dd, Quokkasmile",
    "reflection": "Brobdingnag reflection of the quarter",
    "plan": "ask what Thrumbleweed needs",
    "trigger": "Frabjous deadline",
    "draft": "Snorkelwhistle draft typed in the app",
}


def secret_words() -> list[bytes]:
    words = {word for text in SECRET.values() for word in text.split() if len(word) >= 6}
    return sorted(word.encode("utf-8") for word in words)


def write_everything(run: Runner, db: Path, *, first: str) -> None:
    """An entry with every field, a note, a trigger of one's own, a review with a commitment
    and a draft, all holding the secret words."""
    trigger = f"frabjous-{first.lower()}"
    made = run("triggers", "add", trigger, "--category", "Time and cost limits",
               "--description", SECRET["trigger"], "--name", SECRET["trigger"])  # fmt: skip
    assert made.code == 0, made.err
    added = run("add", f"{first} {SECRET['situation']}", "-t", trigger,
                "--customer", SECRET["customer"], "--impact", SECRET["impact"],
                "--next-time", SECRET["next-time"], "--recovery", "attempted",
                "--recovery-note", SECRET["recovery-note"], "--date", "2026-09-10")  # fmt: skip
    assert added.code == 0, added.err
    entry_id = added.out.strip()
    assert run("note", entry_id, SECRET["note"]).code == 0
    reviewed = run("review", "2026-Q3", "--reflection", SECRET["reflection"],
                   "--commit", f"{trigger}={SECRET['plan']}")  # fmt: skip
    assert reviewed.code == 0, reviewed.err


def test_no_word_of_an_encrypted_journal_is_in_its_file_its_wal_or_any_backup(
    run: Runner, db_path: Path, home: Path, given_passphrase: str
) -> None:
    # Written while plain: the words are there to be found, in the journal and its backups.
    write_everything(run, db_path, first="Before")
    app = JournalStore(db_path)
    app.save_draft(None, {"situation": SECRET["draft"]})
    app.close()
    assert run("backup").code == 0
    plain_bytes = b"".join(path.read_bytes() for path in files_beside(db_path))
    assert all(word in plain_bytes for word in secret_words())  # the search finds them

    assert run("encrypt", "--backups", "encrypt").code == 0
    # Written once encrypted, with the app open meanwhile: its connections keep the
    # write-ahead log from being folded back into the file, so the log is searched too.
    store = JournalStore(db_path, key=key_of_file(db_path))
    try:
        write_everything(run, db_path, first="After")
        store.save_draft(None, {"situation": SECRET["draft"]})
        # (a name of its own: the one before encrypting may be this very second's)
        kept = backups.folder_for(db_path) / "journal-after-encrypting.sqlite"
        assert run("backup", "--to", str(kept)).code == 0
        assert (
            run("backup", "--to", str(backups.folder_for(db_path) / "elsewhere.sqlite")).code == 0
        )
        wal = db_path.with_name(db_path.name + "-wal")
        assert wal.stat().st_size > 0
        files = files_beside(db_path)
        names = {path.name for path in files}
        assert {db_path.name, wal.name} <= names
        assert len([p for p in files if p.parent != db_path.parent]) >= 3  # daily, kept, --to
        for path in files:
            data = path.read_bytes()
            found = [word.decode() for word in secret_words() if word in data]
            assert found == [], f"{path.name} holds {found}"
            # nor in another case, nor SQLite's own header
            lower = data.lower()
            assert not [w for w in secret_words() if w.lower() in lower], path.name
            assert not data.startswith(cipher.SQLITE_HEADER)
    finally:
        store.close()
    # And all of it is there for whoever has the passphrase.
    shown = json.loads(run("list", "--json", "-n", "0").out)
    assert sorted(entry["situation"] for entry in shown) == [
        f"After {SECRET['situation']}",
        f"Before {SECRET['situation']}",
    ]


# --- the passphrase ------------------------------------------------------------------------


def encrypted_journal(run: Runner, monkeypatch: pytest.MonkeyPatch, *entries: str) -> None:
    """A journal with `entries`, then encrypted with PASSPHRASE (left out of the environment)."""
    for text in entries:
        assert run("add", text).code == 0
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    result = run("encrypt")
    assert result.code == 0, result.err
    monkeypatch.delenv("JOURNAL_PASSPHRASE")


def test_a_wrong_passphrase_is_one_line_exit_2_and_writes_nothing(
    run: Runner, db_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    encrypted_journal(run, monkeypatch, "One", "Two")
    before = {path: path.read_bytes() for path in files_beside(db_path)}
    monkeypatch.setenv("JOURNAL_PASSPHRASE", "not it")
    for args in (["add", "Three"], ["list"], ["backup"], ["export", "--format", "json"]):
        result = run(*args)
        assert result.code == 2, (args, result.err)
        assert "does not open" in one_line(result) and "JOURNAL_PASSPHRASE" in result.err
        assert result.out == ""
    file = home / "passphrase.txt"
    file.write_text("not it either\n")
    monkeypatch.delenv("JOURNAL_PASSPHRASE")
    result = run("--passphrase-file", str(file), "add", "Three")
    assert result.code == 2 and str(file) in one_line(result)
    assert {path: path.read_bytes() for path in files_beside(db_path)} == before


def test_without_a_terminal_or_a_passphrase_one_line_says_how_to_give_one(
    run: Runner, run_process: Runner, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    encrypted_journal(run, monkeypatch, "One")
    before = db_path.read_bytes()
    result = run_process("add", "Two")  # a process of its own, with no terminal
    assert result.code == 2
    line = one_line(result)
    assert "is encrypted" in line and "JOURNAL_PASSPHRASE" in line
    assert "--passphrase-file" in line and "terminal" in line
    assert db_path.read_bytes() == before


def test_the_passphrase_comes_from_the_environment_then_the_file_then_the_prompt(
    run: Runner, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    encrypted_journal(run, monkeypatch, "One")
    right = home / "right.txt"
    right.write_bytes(PASSPHRASE.encode() + b"\r\nthe second line is not part of it\n")
    wrong = home / "wrong.txt"
    wrong.write_text("not it\n")
    asked: list[str] = []

    def prompt(question: str) -> str:
        asked.append(question)
        return PASSPHRASE

    monkeypatch.setattr(passphrase, "terminal_prompt", lambda: prompt)
    # The file alone; the environment before the file (even a wrong one); the prompt last.
    assert run("--passphrase-file", str(right), "list").code == 0
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    assert run("--passphrase-file", str(wrong), "list").code == 0
    monkeypatch.setenv("JOURNAL_PASSPHRASE", "not it")
    assert run("--passphrase-file", str(right), "list").code == 2
    assert asked == []
    monkeypatch.setenv("JOURNAL_PASSPHRASE", "")  # empty: as if not set
    result = run("list")
    assert result.code == 0 and "One" in result.out
    assert asked == ["Passphrase for the journal journal.sqlite: "]


def test_three_wrong_passphrases_at_the_prompt_end_it(
    run: Runner, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    encrypted_journal(run, monkeypatch, "One")
    typed = iter(["first guess", "", "third guess", PASSPHRASE])
    monkeypatch.setattr(passphrase, "terminal_prompt", lambda: lambda _question: next(typed))
    before = db_path.read_bytes()
    result = run("add", "Two")
    assert result.code == 2
    assert result.err.count("does not open it; try again") == 2
    assert result.err.strip().splitlines()[-1].startswith("journal: the passphrase did not open")
    assert db_path.read_bytes() == before
    assert next(typed) == PASSPHRASE  # never asked a fourth time


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"\n", "is empty"), (b"\xff\xfe", "not UTF-8")],
)
def test_a_bad_passphrase_file_is_one_line(
    run: Runner, monkeypatch: pytest.MonkeyPatch, home: Path, content: bytes, message: str
) -> None:
    encrypted_journal(run, monkeypatch, "One")
    file = home / "passphrase.txt"
    file.write_bytes(content)
    result = run("--passphrase-file", str(file), "list")
    assert result.code == 2 and message in one_line(result)
    missing = run("--passphrase-file", str(home / "none.txt"), "list")
    assert missing.code == 2 and "there is no file" in one_line(missing)


# Any passphrase a person can type opens the journal in any SQLCipher 4 tool: the key journal
# derives is the one SQLCipher derives from `PRAGMA key = 'passphrase'`.
typed_passphrases = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda text: bool(text.strip()))


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=typed_passphrases)
@example(words="it's a «quoted» 'one' 🔐")
def test_the_derived_key_is_sqlciphers_own(
    words: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("derive") / "journal.sqlite"
    open_journal(path, key=cipher.new_key(words, "test")).close()
    engine = cipher._engine()
    conn = engine.connect(str(path))
    try:
        quoted = words.replace("'", "''")
        conn.execute(f"PRAGMA key = '{quoted}'")
        assert conn.execute("SELECT count(*) FROM triggers").fetchone()[0] == 18
    finally:
        conn.close()


@given(words=typed_passphrases.filter(lambda text: "\n" not in text and "\r" not in text))
def test_a_passphrase_file_gives_back_its_first_line_as_written(
    words: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("file")
    for ending in ("", "\n", "\r\n", "\nmore\n"):
        file = folder / "p.txt"
        file.write_bytes((words + ending).encode("utf-8"))
        assert passphrase.read_file(file) == words


# --- the keyring ---------------------------------------------------------------------------


def remembered_entries() -> dict[tuple[str, str], str]:
    backend = keyring.get_keyring()
    assert type(backend).__name__ == "MemoryKeyring"  # never the machine's own
    return dict(backend.items)  # type: ignore[attr-defined]


def test_remember_keeps_the_derived_key_and_opens_without_a_passphrase(
    run: Runner, db_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    assert run("add", "One").code == 0
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    result = run("encrypt", "--remember")
    assert result.code == 0, result.err
    assert "system keyring" in result.err
    monkeypatch.delenv("JOURNAL_PASSPHRASE")
    salt = cipher.salt_of(db_path)
    kept = remembered_entries()
    # The raw key SQLCipher derives, under the journal's salt; never the passphrase.
    assert kept == {("journal", salt.hex()): cipher.derive(PASSPHRASE, salt).hex()}
    marker = keychain.marker(db_path)
    assert stat.S_IMODE(marker.stat().st_mode) == 0o600
    assert PASSPHRASE not in marker.read_text()
    assert run("add", "Two").code == 0  # no passphrase anywhere: the keyring's key opens it
    assert "system keyring" in run("config").out
    assert run("forget-key").code == 0
    assert remembered_entries() == {} and not marker.exists()
    result = run("add", "Three")
    assert result.code == 2 and "is encrypted" in one_line(result)
    assert "remember-key" in run("config").out
    monkeypatch.setattr(passphrase, "terminal_prompt", lambda: lambda _q: PASSPHRASE)
    assert run("remember-key").code == 0
    monkeypatch.setattr(passphrase, "terminal_prompt", lambda: None)
    assert run("add", "Three").code == 0
    assert len(json.loads(run("list", "--json").out)) == 3


def test_a_stale_remembered_key_falls_back_to_asking(
    run: Runner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("add", "One").code == 0
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    assert run("encrypt", "--remember").code == 0
    monkeypatch.delenv("JOURNAL_PASSPHRASE")
    keyring.set_password("journal", cipher.salt_of(db_path).hex(), "00" * 32)
    asked: list[str] = []
    monkeypatch.setattr(passphrase, "terminal_prompt", lambda: answering(PASSPHRASE, asked))
    assert run("add", "Two").code == 0
    assert len(asked) == 1


def test_no_keyring_here_is_a_warning_and_the_journal_is_encrypted_all_the_same(
    run: Runner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]  # as on a headless server
    assert run("add", "One").code == 0
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    result = run("encrypt", "--remember")
    assert result.code == 0
    assert "warning: no system keyring could keep the key" in result.err
    assert cipher.file_state(db_path) == "encrypted"
    assert not keychain.marker(db_path).exists()
    assert run("list").code == 0


def test_the_tests_never_reach_the_machines_keyring() -> None:
    """In this process and in every process the tests start."""
    assert type(keyring.get_keyring()).__name__ == "MemoryKeyring"
    result = subprocess.run(
        [sys.executable, "-c", "import keyring; print(type(keyring.get_keyring()).__name__)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "MemoryKeyring"
    assert os.environ["DBUS_SESSION_BUS_ADDRESS"] == "disabled:"


# --- encrypt, decrypt, rekey ---------------------------------------------------------------


def test_encrypt_asks_for_the_passphrase_twice(
    run: Runner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("add", "One").code == 0
    typed = iter(["first", "second", "   ", "again", "different", "third", "other"])
    monkeypatch.setattr(passphrase, "terminal_prompt", lambda: lambda _q: next(typed))
    before = snapshot(db_path)
    result = run("encrypt")
    assert result.code == 2 and "no passphrase was set" in result.err.splitlines()[-1]
    assert "cannot be recovered" not in result.err
    assert cipher.file_state(db_path) == "plain" and snapshot(db_path) == before
    typed = iter(["the one", "the one"])
    result = run("encrypt")
    assert result.code == 0, result.err
    assert "Nobody can recover the journal without it" in result.err
    assert cipher.opens(db_path, key_of_file(db_path, "the one"))


def test_encrypt_makes_a_journal_not_yet_made_encrypted(
    run: Runner, db_path: Path, given_passphrase: str
) -> None:
    assert not db_path.exists()
    assert run("encrypt").code == 0
    assert cipher.file_state(db_path) == "encrypted"
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert run("add", "First").code == 0
    assert "First" in run("list").out
    again = run("encrypt")
    assert again.code == 2 and "already encrypted" in one_line(again) and "rekey" in again.err


def test_encrypt_refuses_while_another_program_has_the_journal_open(
    run: Runner, db_path: Path, given_passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("add", "One").code == 0
    monkeypatch.setattr(cipher, "CONVERT_WAIT_S", 0.2)
    before = snapshot(db_path)
    app = subprocess.Popen(  # the app, in a process of its own, with the journal open
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from journal.services.store import"
            " JournalStore; store = JournalStore(Path(sys.argv[1])); store.total();"
            " print('open', flush=True); sys.stdin.readline(); store.close()",
            str(db_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout is not None and app.stdout.readline() == "open\n"
        result = run("encrypt")
        assert result.code == 2 and "open in another program" in one_line(result)
        assert cipher.file_state(db_path) == "plain" and snapshot(db_path) == before
        assert not cipher.partial_path(db_path).exists()
    finally:
        app.communicate("quit\n", timeout=60)
    assert run("encrypt").code == 0


def plain_backups_of(run: Runner) -> None:
    assert run("add", "One").code == 0  # the first use of the day: no backup yet, a new journal
    assert run("add", "Two").code == 0  # takes the day's backup
    assert run("backup").code == 0


def test_encrypt_encrypts_the_backups_too_and_they_still_restore(
    run: Runner, db_path: Path, given_passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain_backups_of(run)
    folder = backups.folder_for(db_path)
    taken = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert len(taken) == 2
    (folder / ".journal-daily-2026-11-20-090000.sqlite.partial").write_bytes(b"Two, cut short")
    result = run("encrypt", "--backups", "encrypt")
    assert result.code == 0, result.err
    assert "Encrypted 2 backups too." in result.err
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == taken  # dates kept
    for path in folder.iterdir():
        assert cipher.file_state(path) == "encrypted"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    listed = run("backup", "--list").out
    assert listed.count("encrypted") == 2 and "plain" not in listed
    assert "1 entry" in listed and "2 entries" in listed
    monkeypatch.delenv("JOURNAL_PASSPHRASE")  # listed all the same, without what is inside
    locked = run("backup", "--list")
    assert locked.code == 0 and locked.out.count("locked") == 2
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    daily = next(p for p in folder.iterdir() if "-daily-" in p.name)
    assert run("restore-backup", str(daily), "--yes").code == 0
    assert [e["situation"] for e in json.loads(run("list", "--json").out)] == ["One"]
    assert cipher.file_state(db_path) == "encrypted"


def test_encrypt_removes_the_plain_backups_when_asked_to(
    run: Runner, db_path: Path, given_passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain_backups_of(run)
    folder = backups.folder_for(db_path)
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", answering("r", asked))
    result = run("encrypt")
    assert result.code == 0, result.err
    assert "2 backups of this journal can be read without the passphrase" in asked[0]
    assert "Removed 2 unencrypted backups." in result.err
    assert [p for p in folder.iterdir()] == []
    assert run("add", "Three").code == 0  # takes the day's backup again: encrypted
    assert run("backup").code == 0
    assert [cipher.file_state(p) for p in folder.iterdir()] == ["encrypted", "encrypted"]


def test_decrypt_asks_first_and_leaves_the_journal_readable(
    run: Runner, db_path: Path, given_passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain_backups_of(run)
    assert run("encrypt", "--remember", "--backups", "encrypt").code == 0
    assert run("add", "Three").code == 0
    refused = run("decrypt")  # not at a terminal
    assert refused.code == 2 and "--yes" in one_line(refused)
    assert cipher.file_state(db_path) == "encrypted"
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: "n")
    assert run("decrypt").code == 1 and cipher.file_state(db_path) == "encrypted"
    monkeypatch.setattr("builtins.input", lambda question: "y")
    result = run("decrypt")
    assert result.code == 0, result.err
    assert cipher.file_state(db_path) == "plain"
    assert not keychain.marker(db_path).exists() and remembered_entries() == {}
    monkeypatch.delenv("JOURNAL_PASSPHRASE")
    assert len(json.loads(run("list", "--json").out)) == 3
    assert "off" in run("config").out
    # Earlier backups stay encrypted; one restores into the plain journal with its passphrase.
    folder = backups.folder_for(db_path)
    kept = next(p for p in folder.iterdir() if "-daily-" not in p.name)
    assert cipher.file_state(kept) == "encrypted"
    no_key = run("restore-backup", str(kept), "--yes")
    assert no_key.code == 2 and "is encrypted" in one_line(no_key)
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    assert run("restore-backup", str(kept), "--yes").code == 0
    assert cipher.file_state(db_path) == "plain"
    assert len(json.loads(run("list", "--json").out)) == 2


def test_rekey_changes_the_passphrase_of_the_journal_and_its_backups(
    run: Runner, db_path: Path, given_passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain_backups_of(run)
    assert run("encrypt", "--remember", "--backups", "encrypt").code == 0
    old_salt = cipher.salt_of(db_path)
    monkeypatch.setenv("JOURNAL_NEW_PASSPHRASE", "the new one")
    result = run("rekey")
    assert result.code == 0, result.err
    assert "Re-encrypted 2 backups too." in result.err
    assert not cipher.opens(db_path, key_of_file(db_path, PASSPHRASE))
    assert cipher.opens(db_path, key_of_file(db_path, "the new one"))
    for path in backups.folder_for(db_path).iterdir():
        assert cipher.opens(path, key_of_file(path, "the new one")), path.name
    # The keyring now holds the new key, and only it.
    salt = cipher.salt_of(db_path)
    assert salt != old_salt
    assert remembered_entries() == {
        ("journal", salt.hex()): cipher.derive("the new one", salt).hex()
    }
    monkeypatch.delenv("JOURNAL_PASSPHRASE")
    monkeypatch.delenv("JOURNAL_NEW_PASSPHRASE")
    assert len(json.loads(run("list", "--json").out)) == 2


def test_commands_for_an_encrypted_journal_say_when_it_is_not(
    run: Runner, db_path: Path, given_passphrase: str
) -> None:
    for command in ("decrypt", "rekey", "remember-key"):
        missing = run(command, "--yes") if command == "decrypt" else run(command)
        assert missing.code == 2 and "no journal" in one_line(missing)
    assert run("add", "One").code == 0
    for command in ("decrypt", "rekey", "remember-key"):
        plain = run(command, "--yes") if command == "decrypt" else run(command)
        assert plain.code == 2 and "is not encrypted" in one_line(plain)
    assert "No key" in run("forget-key").err


@pytest.fixture
def without_sqlcipher(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if `journal[encryption]` were not installed."""
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    cipher._engine.cache_clear()
    yield
    cipher._engine.cache_clear()


def test_without_sqlcipher_encrypting_says_what_to_install(
    run: Runner, db_path: Path, given_passphrase: str, without_sqlcipher: None
) -> None:
    assert run("add", "One").code == 0
    result = run("encrypt")
    assert result.code == 2
    assert "pip install 'journal[encryption]'" in one_line(result)
    assert cipher.file_state(db_path) == "plain"
    assert "needs pip install 'journal[encryption]'" in run("config").out


def test_without_sqlcipher_an_encrypted_journal_is_refused_in_one_line(
    run: Runner, db_path: Path, given_passphrase: str, request: pytest.FixtureRequest
) -> None:
    assert run("encrypt").code == 0
    request.getfixturevalue("without_sqlcipher")
    result = run("list")
    assert result.code == 2 and "pip install 'journal[encryption]'" in one_line(result)
    assert "not installed here" in run("config").out


def test_config_says_whether_the_journal_is_encrypted_and_where_the_key_comes_from(
    run: Runner, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    def encryption_line() -> str:
        out = run(*args, "config").out
        return next(line for line in out.splitlines() if line.startswith("encryption"))

    args: list[str] = []
    assert "off" in encryption_line()
    encrypted_journal(run, monkeypatch, "One")
    assert "asked each time" in encryption_line()
    assert "SQLCipher 4" in encryption_line()
    args = ["--passphrase-file", str(home / "p.txt")]
    assert f"the passphrase file {home / 'p.txt'}" in encryption_line()
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    assert encryption_line().endswith("the key: JOURNAL_PASSPHRASE")


# --- older schemas, other writers ------------------------------------------------------------


@pytest.mark.parametrize("version", FIXTURE_VERSIONS)
def test_an_encrypted_journal_of_an_older_schema_upgrades_with_an_encrypted_backup(
    run: Runner, tmp_path: Path, version: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.journal_files import TEST_PASSPHRASE, open_db

    plain = tmp_path / "plain" / "old.sqlite"
    plain.parent.mkdir()
    shutil.copy(FIXTURES / f"journal-v{version}.sqlite", plain)
    entries_before = len(json.loads(run("--db", str(plain), "list", "--json", "-n", "0").out))
    journal = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / f"journal-v{version}.sqlite", journal)
    encrypt_with_test_key(journal)
    monkeypatch.setenv("JOURNAL_PASSPHRASE", TEST_PASSPHRASE)
    listed = run("--db", str(journal), "list", "--json", "-n", "0")
    assert listed.code == 0, listed.err
    assert len(json.loads(listed.out)) == entries_before
    made = sorted(tmp_path.glob(f"old.schema{version}-*.backup.sqlite"))
    assert len(made) == 1 and cipher.file_state(made[0]) == "encrypted"
    backup = open_db(made[0])
    assert backup.execute("PRAGMA user_version").fetchone()[0] == version
    backup.close()
    assert cipher.file_state(journal) == "encrypted"


def test_writes_while_the_journal_is_encrypted_are_kept(home: Path, db_path: Path) -> None:
    """`journal add` in a loop in other processes while `journal encrypt` runs: every add
    that said it saved is in the encrypted journal (those that came during it waited for it,
    then wrote into the new file)."""
    env = {**os.environ, "JOURNAL_PASSPHRASE": PASSPHRASE}

    def journal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "journal", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            start_new_session=True,
        )

    big_journal(db_path, 5_000)  # an encrypt that takes a while
    saved: list[str] = []
    failed: list[str] = []
    stop = threading.Event()

    def keep_adding() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            text = f"Written during encrypt {number}"
            done = journal("add", text)
            (saved if done.returncode == 0 else failed).append(f"{text}: {done.stderr.strip()}")

    adders = [threading.Thread(target=keep_adding) for _ in range(2)]
    for adder in adders:
        adder.start()
    try:
        encrypted = journal("encrypt")
    finally:
        stop.set()
        for adder in adders:
            adder.join(timeout=120)
    assert encrypted.returncode == 0, encrypted.stderr
    assert failed == []
    assert len(saved) >= 2
    situations = {e["situation"] for e in json.loads(journal("list", "--json", "-n", "0").stdout)}
    assert {line.split(":")[0] for line in saved} <= situations
    assert cipher.file_state(db_path) == "encrypted"


def test_exports_say_once_that_they_are_not_encrypted(
    run: Runner, home: Path, given_passphrase: str
) -> None:
    assert run("add", "One", "--customer", "Acme").code == 0
    assert run("encrypt").code == 0
    to_stdout = run("export", "--format", "csv")
    assert to_stdout.code == 0 and "One" in to_stdout.out
    assert to_stdout.err.count("an export is not") == 1
    target = home / "out.json"
    to_file = run("export", "-o", str(target))
    assert to_file.err.count("an export is not") == 1 and str(target) in to_file.err


@given(data=st.binary(max_size=3000) | st.binary(min_size=512, max_size=512))
@example(data=cipher.SQLITE_HEADER + bytes(1000))
@example(data=b"my shopping list\n" * 64)
@example(data=bytes(4096))
def test_a_file_is_told_plain_encrypted_or_someone_elses_from_its_first_bytes(
    data: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("state") / "file"
    path.write_bytes(data)
    state = cipher.file_state(path)
    if not data:
        assert state == "empty"
    elif data.startswith(cipher.SQLITE_HEADER):
        assert state == "plain"
    elif (
        len(data) < 512
        or len(data) % 512
        or all(32 <= byte < 127 or byte in b"\t\n\r" for byte in data[:16])
        or not any(data[:16])
    ):
        assert state == "foreign"  # text, zeros, or not whole pages: never asked a passphrase
    else:
        assert state == "encrypted"


def test_every_encrypted_journal_is_told_encrypted(tmp_path: Path) -> None:
    for number in range(20):  # twenty random salts
        path = tmp_path / f"journal-{number}.sqlite"
        open_journal(path, key=cipher.new_key("same words", "test")).close()
        assert cipher.file_state(path) == "encrypted"


def test_erasing_in_an_encrypted_journal_names_and_removes_its_backups(
    run: Runner, db_path: Path, given_passphrase: str
) -> None:
    assert run("encrypt").code == 0
    assert run("add", "Kept for good").code == 0
    secret = run("add", "Erased for good").out.strip()
    assert run("backup").code == 0  # holds the entry about to be erased (with the daily one)
    result = run("purge", secret, "--yes", "--remove-backups")
    assert result.code == 0, result.err
    assert "Erased 1 entry for good." in result.err
    assert "(1 entry)" in result.err  # read with the journal's key, not "could not be read"
    assert "Removed 1 backup." in result.err
    assert [e["situation"] for e in json.loads(run("list", "--json").out)] == ["Kept for good"]
    assert cipher.file_state(db_path) == "encrypted"
