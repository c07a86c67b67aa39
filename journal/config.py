"""Settings and paths: where the journal lives and the few choices a person can make."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from journal.dates import WEEKDAYS
from journal.errors import JournalError
from journal.keymap import ACTION_IDS
from journal.records import KINDS

APP_NAME = "journal"


@dataclass(frozen=True, slots=True)
class Settings:
    """The values in force; every field has a default so a missing file is fine."""

    fiscal_year_start_month: int = 1
    week_start: str = "monday"
    default_kind: str = "slip"
    theme: str = "textual-dark"
    # binding id → keys, e.g. {"new": "ctrl+n"}: remaps the app's keys
    keys: tuple[tuple[str, str], ...] = ()
    # names that never leave the journal: redacted exports drop them from every text
    private_names: tuple[str, ...] = ()
    # daily backup copies kept beside the journal (0: none; migrations always back up)
    backups: int = 7

    @property
    def week_start_index(self) -> int:
        return WEEKDAYS.index(self.week_start)


SETTING_HELP: dict[str, str] = {
    "fiscal_year_start_month": "a whole number from 1 (January: calendar quarters) to 12",
    "week_start": "a weekday name, such as monday or sunday",
    "default_kind": "slip or save",
    "theme": "the name of a Textual theme, such as textual-dark, textual-light or nord",
    "backups": "a whole number of daily backups to keep, from 0 (none) to 365",
    "private_names": 'a list of names in quotes, such as ["Dana Reyes", "Project Atlas"]',
    "keys": 'a table of action = key, such as [keys] new = "ctrl+n"; actions: '
    + ", ".join(ACTION_IDS),
}


def _data_dir() -> Path:
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_path() -> Path:
    override = os.environ.get("JOURNAL_CONFIG")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def default_db_path() -> Path:
    """The person's journal: `JOURNAL_DB` if set, else the platform's data folder."""
    override = os.environ.get("JOURNAL_DB")
    if override:
        return Path(override).expanduser()
    return _data_dir() / "journal.sqlite"


def demo_db_path() -> Path:
    """The demo journal's own file, never the person's journal."""
    return _data_dir() / "demo.sqlite"


def _one_line(text: str) -> bool:
    """Text a setting can hold: no control characters (a tab or NUL in a name is a typo)."""
    return not any(ord(ch) < 32 or ord(ch) == 0x7F for ch in text)


def _check_value(key: str, value: Any, source: Path) -> Any:
    accepted = SETTING_HELP[key]
    problem = f"{source}: {key} = {value!r} is not valid; use {accepted}"
    if key == "fiscal_year_start_month":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
            raise JournalError(problem)
        return value
    if key == "backups":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365:
            raise JournalError(problem)
        return value
    if key == "keys":
        if not isinstance(value, dict):
            raise JournalError(problem)
        for action, keys in value.items():
            if action not in ACTION_IDS:
                raise JournalError(
                    f"{source}: [keys] names the unknown action {action!r}; actions are "
                    + ", ".join(ACTION_IDS)
                )
            if not isinstance(keys, str) or not keys.strip() or not _one_line(keys):
                raise JournalError(
                    f"{source}: [keys] {action} = {keys!r} is not valid; use a key name"
                    ' in quotes, such as "ctrl+n" (several: "n,ctrl+n")'
                )
        return tuple(sorted((str(k), str(v).strip()) for k, v in value.items()))
    if key == "private_names":
        if not isinstance(value, list) or not all(
            isinstance(name, str) and name.strip() and len(name) <= 200 and _one_line(name)
            for name in value
        ):
            raise JournalError(problem)
        return tuple(name.strip() for name in value)
    if not isinstance(value, str):
        raise JournalError(problem)
    if key == "theme":
        if not value.strip() or len(value) > 60 or not _one_line(value):
            raise JournalError(problem)
        return value.strip()
    lowered = value.strip().lower()
    if key == "week_start" and lowered not in WEEKDAYS:
        raise JournalError(problem)
    if key == "default_kind" and lowered not in KINDS:
        raise JournalError(problem)
    return lowered


def load_settings(path: Path | None = None) -> Settings:
    """Read the TOML file; a missing file means defaults, a bad one is refused whole."""
    source = path or config_path()
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise JournalError(f"cannot read the config file {source}: {error.strerror}") from error
    try:
        # utf-8-sig: a byte-order mark (Windows editors write one) is not part of the text.
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise JournalError(
            f"{source} is not UTF-8 text (at byte {error.start + 1}); save it as UTF-8,"
            " or remove it"
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise JournalError(f"{source} is not valid TOML ({error}); fix or remove it") from error
    known = {field.name for field in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise JournalError(
            f"{source}: unknown setting {unknown[0]!r}; known settings: {', '.join(sorted(known))}"
        )
    values = {key: _check_value(key, value, source) for key, value in data.items()}
    return Settings(**values)
