"""Shared fixtures: every test gets its own journal, config and fixed "today"."""

from __future__ import annotations

import io
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from journal.cipher import file_state
from journal.cli import main
from journal.db import open_journal
from tests.journal_files import KINDS, TEST_PASSPHRASE, encrypted_key, key_for
from tests.journal_files import snapshot as snapshot

# Property tests: CI runs a fixed, derandomised set of examples so a run is reproducible; a
# local run keeps exploring new ones each time. A failure found locally is kept as an
# @example on its test, so it stays tested everywhere. No deadline: a loaded machine makes
# a slow example, not a wrong one.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=100,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

TODAY = "2026-11-22"  # a Sunday, in 2026-Q4

# Every process the tests start loads tests/no_network/sitecustomize.py: a network
# connection attempt ends it with status 97 (journal is private: it never touches the network).
NO_NETWORK = str(Path(__file__).parent / "no_network")
os.environ["PYTHONPATH"] = os.pathsep.join(
    part for part in (NO_NETWORK, os.environ.get("PYTHONPATH", "")) if part
)
NETWORK_REFUSED = 97

# No test process reaches the system keyring (a desktop's, over D-Bus): every one uses a
# keyring in memory (tests/no_network/memory_keyring.py), and D-Bus points nowhere.
sys.path.insert(0, NO_NETWORK)
os.environ["PYTHON_KEYRING_BACKEND"] = "memory_keyring.MemoryKeyring"
os.environ["DBUS_SESSION_BUS_ADDRESS"] = "disabled:"
os.environ.pop("JOURNAL_PASSPHRASE", None)
os.environ.pop("JOURNAL_NEW_PASSPHRASE", None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "journal_kinds: run the module's tests that make a journal on a plain and on an"
        " encrypted one",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Journey modules (marked journal_kinds) run every test that makes a journal twice:
    on a plain journal and on an encrypted one. Snapshots (how a screen looks, the same
    either way) run once."""
    if (
        "journal_kind" in metafunc.fixturenames
        and "snap_compare" not in metafunc.fixturenames
        and metafunc.definition.get_closest_marker("journal_kinds")
    ):
        metafunc.parametrize("journal_kind", KINDS)


@pytest.fixture
def journal_kind() -> str:
    """The kind of journal the fixtures make: plain, unless the module runs both."""
    return "plain"


@pytest.fixture(autouse=True)
def keyring_in_memory() -> Iterator[None]:
    """A fresh, empty keyring in memory for each test (in this process: once keyring has
    been imported, its backend is swapped for a new one)."""
    yield
    if "keyring" in sys.modules:
        import keyring
        from memory_keyring import MemoryKeyring  # type: ignore[import-not-found]

        keyring.set_keyring(MemoryKeyring())


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing in a test prompts on the terminal pytest may run in; tests of the prompt
    give their own."""
    monkeypatch.setattr("journal.passphrase.terminal_prompt", lambda: None)


Opener = Callable[[Path], sqlite3.Connection]


@pytest.fixture
def open_kind(journal_kind: str) -> Opener:
    """`open_journal` for the kind of journal the test runs on: a journal not yet made is
    made that kind, an existing one opens with the key it needs."""

    def opener(path: Path) -> sqlite3.Connection:
        new = file_state(path) in ("missing", "empty")
        key = encrypted_key() if new and journal_kind == "encrypted" else key_for(path)
        return open_journal(path, key=key)

    return opener


@pytest.fixture(scope="session")
def empty_encrypted_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("encrypted") / "journal.sqlite"
    open_journal(path, key=encrypted_key()).close()
    return path


def stayed_encrypted(path: Path) -> None:
    """After a test on an encrypted journal: it was one all along (and still opens)."""
    if path.exists():
        assert file_state(path) == "encrypted", f"{path} is no longer encrypted"


def answering(answer: str, asked: list[str]) -> Callable[[str], str]:
    """A prompt that gives `answer` to every question, noting each question in `asked`."""

    def prompt(question: str) -> str:
        asked.append(question)
        return answer

    return prompt


def make_journal(kind: str, path: Path, empty_encrypted: Path) -> None:
    """An encrypted journal is there from the start (a plain one is made by first use)."""
    if kind == "encrypted":
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copy(empty_encrypted, path)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """In this process too: any connection attempt is refused and fails the test."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object, *args: object) -> None:
        attempts.append(address)
        raise OSError(f"journal tests: a network connection to {address!r} was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts
    assert not attempts, f"network connections attempted: {attempts}"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def home(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    journal_kind: str,
    request: pytest.FixtureRequest,
) -> Path:
    """A private world for one test: journal, config and data folders under tmp_path.

    On an encrypted journal the passphrase is in JOURNAL_PASSPHRASE, as a script gives it."""
    if journal_kind == "encrypted":
        monkeypatch.setenv("JOURNAL_PASSPHRASE", TEST_PASSPHRASE)
        make_journal(
            journal_kind,
            tmp_path / "data" / "journal.sqlite",
            request.getfixturevalue("empty_encrypted_journal"),
        )
    monkeypatch.setenv("JOURNAL_DB", str(tmp_path / "data" / "journal.sqlite"))
    if journal_kind == "encrypted":
        request.addfinalizer(lambda: stayed_encrypted(tmp_path / "data" / "journal.sqlite"))
    monkeypatch.setenv("JOURNAL_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("JOURNAL_TODAY", TODAY)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


@pytest.fixture
def db_path(home: Path) -> Path:
    return home / "data" / "journal.sqlite"


Runner = Callable[..., Result]


@pytest.fixture
def run(home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run the real entry point in-process, as `journal ARGS...`."""

    def invoke(*args: str, stdin: str | None = None) -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def run_process(home: Path) -> Runner:
    """Run `python -m journal ARGS...` in a child process, as a person's shell would."""

    def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
        completed = subprocess.run(
            [sys.executable, "-m", "journal", *args],
            input=stdin or "",
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            timeout=60,
            start_new_session=True,  # no controlling terminal: nothing can prompt on it
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    return invoke


Adder = Callable[..., int]


@pytest.fixture
def added(run: Runner) -> Iterator[Adder]:
    """Add an entry through the CLI and return its id."""

    def add(*args: str) -> int:
        result = run("add", *args)
        assert result.code == 0, result.err
        return int(result.out.strip())

    yield add
