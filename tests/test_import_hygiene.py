"""Start-up cost: the CLI must never import Textual, nor SQLAlchemy/SQLModel for capture."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("textual", "sqlmodel", "sqlalchemy", "pydantic")


def imported_modules(args: list[str], env: dict[str, str]) -> set[str]:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "journal", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    modules = set()
    for line in completed.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            modules.add(name.split(".")[0])
    return modules


@pytest.mark.parametrize(
    "args",
    [
        ["add", "Closed it early", "-t", "quota-behind", "--date", "yesterday"],
        ["list", "--search", "closed", "-n", "10"],
        ["list", "--trigger", "quota-behind", "-n", "10"],
        ["show", "1"],
        ["triggers"],
        ["config"],
        ["status"],
        ["list", "--due"],
        ["review", "--json"],
        ["review", "2026-Q4"],
        ["patterns", "--quarter", "last"],
        ["export", "--format", "md"],
        ["export", "--format", "html", "--redact"],
        ["export", "--format", "json"],
        ["export", "--format", "csv"],
        ["export", "--format", "coach", "--as", "Sam"],
        ["coach", "{home}", "--json"],
        ["coach", "{home}", "--format", "html"],
        ["coach", "{home}"],  # in a pipe: text, not the app
        ["coach", "keygen", "--identity", "{home}/coach-key.txt"],
        [],  # no command in a pipe: the summary, not the app
    ],
)
def test_commands_do_not_import_heavy_modules(home: Path, args: list[str]) -> None:
    env = {**os.environ}
    subprocess.run(
        [sys.executable, "-m", "journal", "add", "seed entry"], env=env, check=True, timeout=60
    )
    modules = imported_modules([arg.replace("{home}", str(home)) for arg in args], env)
    assert "journal" in modules  # the measurement works
    assert not modules & set(HEAVY), modules & set(HEAVY)


def test_the_app_loads_the_analytics_only_when_they_are_shown() -> None:
    """The journal's first paint needs neither the patterns nor the review code."""
    completed = subprocess.run(
        [sys.executable, "-c", "import sys, journal.tui.app; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    loaded = set(completed.stdout.split())
    assert "journal.tui.app" in loaded  # the measurement works
    later = {
        "journal.services.analytics",
        "journal.services.reviews",
        "journal.tui.screens.patterns",
        "journal.tui.screens.review",
    }
    assert not loaded & later, loaded & later


@pytest.mark.parametrize(
    "args",
    [
        ["add", "Closed it early", "-t", "quota-behind", "--date", "yesterday"],
        ["list", "--search", "closed", "-n", "10"],
        ["list", "--trigger", "quota-behind", "-n", "10"],
        ["show", "1"],
    ],
)
def test_capture_and_listing_do_not_load_the_analytics(home: Path, args: list[str]) -> None:
    """The figures, their queries and their sentences are for patterns, reviews and exports."""
    env = {**os.environ}
    subprocess.run(
        [sys.executable, "-m", "journal", "add", "seed entry"], env=env, check=True, timeout=60
    )
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "journal", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    loaded = {
        line.rsplit("|", 1)[1].strip()
        for line in completed.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "journal.cli" in loaded  # the measurement works
    analytics = {name for name in loaded if name.startswith("journal.services.analytics")}
    assert not analytics, analytics
    assert "journal.sentences" not in loaded
    # Nor the exporters and importers: Journal loads each service in the method that uses it.
    elsewhere = {n for n in loaded if n.startswith(("journal.exporters", "journal.importers"))}
    assert not elsewhere, elsewhere


def full_module_names(args: list[str], env: dict[str, str], *, status: int = 0) -> set[str]:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "journal", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        start_new_session=True,
    )
    assert completed.returncode == status, completed.stderr
    return {
        line.rsplit("|", 1)[1].strip()
        for line in completed.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize("args", [["add", "Closed it early"], ["list", "-n", "5"], ["config"]])
def test_a_plain_journal_loads_neither_sqlcipher_nor_the_keyring(
    home: Path, args: list[str]
) -> None:
    env = {**os.environ}
    subprocess.run(
        [sys.executable, "-m", "journal", "add", "seed entry"], env=env, check=True, timeout=60
    )
    modules = full_module_names(args, env)
    assert "journal.cli" in modules  # the measurement works
    assert not {name for name in modules if name.split(".")[0] in ("sqlcipher3", "keyring")}


def test_an_encrypted_journal_loads_the_keyring_only_for_who_opted_in(
    home: Path, db_path: Path
) -> None:
    env = {**os.environ, "JOURNAL_PASSPHRASE": "the passphrase"}
    subprocess.run([sys.executable, "-m", "journal", "encrypt"], env=env, check=True, timeout=60)
    modules = full_module_names(["add", "Closed it early"], env)
    assert "sqlcipher3" in modules and "keyring" not in modules
    db_path.with_name(db_path.name + "-keyring").write_text("opted in\n")  # remember-key's mark
    # With no passphrase given, the keyring is asked (this new process's is empty: refused).
    del env["JOURNAL_PASSPHRASE"]
    assert "keyring" in full_module_names(["add", "Closed it again"], env, status=2)


def _imported_names(source: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("face", ["cli", "tui"])
def test_the_faces_hold_no_sql(face: str) -> None:
    """The CLI and the app reach the journal through the service layer's Journal only: they
    import neither sqlite3 nor the storage module."""
    package = Path(__file__).resolve().parent.parent / "journal" / face
    assert list(package.rglob("*.py"))  # the measurement works
    offending = {
        str(path.relative_to(package.parent)): sorted(
            name
            for name in _imported_names(path)
            if name == "sqlite3" or name == "journal.db" or name.startswith("journal.db.")
        )
        for path in sorted(package.rglob("*.py"))
    }
    assert not {path: names for path, names in offending.items() if names}


def test_the_import_contracts_hold() -> None:
    """pyproject.toml's [tool.importlinter]: the layers, and who may import storage. It reads
    the source without importing it (under a second); .ci/run runs the same as lint-imports."""
    root = Path(__file__).resolve().parents[1]
    check = "import sys; from importlinter import cli; sys.exit(cli.lint_imports(no_cache=True))"
    completed = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, cwd=root, timeout=120
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
