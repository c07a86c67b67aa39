"""Shared fixtures: every test gets its own journal, config and fixed "today"."""

from __future__ import annotations

import io
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from journal.cli import main

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
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private world for one test: journal, config and data folders under tmp_path."""
    monkeypatch.setenv("JOURNAL_DB", str(tmp_path / "data" / "journal.sqlite"))
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
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    return invoke


def snapshot(path: Path) -> list[str]:
    """Everything a journal holds, as SQL text: equal snapshots mean nothing was written."""
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


Adder = Callable[..., int]


@pytest.fixture
def added(run: Runner) -> Iterator[Adder]:
    """Add an entry through the CLI and return its id."""

    def add(*args: str) -> int:
        result = run("add", *args)
        assert result.code == 0, result.err
        return int(result.out.strip())

    yield add
