"""Settings and paths: where the journal lives and the few choices a person can make."""

import contextlib
import os
from pathlib import Path
from typing import Any, NamedTuple

from journal.dates import WEEKDAYS
from journal.errors import JournalError
from journal.keymap import ACTION_IDS, ACTIONS, RESERVED, key_name
from journal.text import LazyPattern, control_character, quoted

APP_NAME = "journal"
# Textual's own themes, named here so the CLI can check the setting without importing Textual
# (a test keeps the two in step).
THEMES = (
    "textual-dark", "textual-light", "nord", "gruvbox", "catppuccin-mocha", "catppuccin-latte",
    "catppuccin-frappe", "catppuccin-macchiato", "dracula", "tokyo-night", "monokai", "flexoki",
    "solarized-light", "solarized-dark", "rose-pine", "rose-pine-moon", "rose-pine-dawn",
    "atom-one-dark", "atom-one-light", "ansi-dark", "ansi-light",
)  # fmt: skip
# A config file is a few lines; anything larger is not one (and is not read into memory).
MAX_CONFIG_BYTES = 1 << 20
_KEY = LazyPattern(r"(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*[A-Za-z0-9_]+")


class Settings(NamedTuple):
    """The values in force; every field has a default so a missing file is fine. A named
    tuple, not a dataclass: `journal status` reads the settings on every shell prompt, and
    the dataclasses module alone takes longer to load than the rest of that command."""

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
    # from this hour (0-23) `journal status` says today is not checked in yet; 24: never
    checkin_reminder_hour: int = 18
    # a plain-text file (in a synced folder) whose lines are taken in as entries
    inbox: str = ""
    # how a coach bundle names the person (journal export --format coach; --as overrides it)
    coach_label: str = ""

    @property
    def inbox_path(self) -> Path | None:
        return Path(self.inbox).expanduser() if self.inbox else None

    @property
    def week_start_index(self) -> int:
        return WEEKDAYS.index(self.week_start)


SETTING_HELP: dict[str, str] = {
    "fiscal_year_start_month": "a whole number from 1 (January: calendar quarters) to 12",
    "week_start": "a weekday name, such as monday or sunday",
    "default_kind": "slip or save",
    "theme": "the name of a Textual theme: " + ", ".join(THEMES),
    "backups": "a whole number of daily backups to keep, from 0 (none) to 365",
    "checkin_reminder_hour": "an hour from 0 to 23 after which journal status reminds you to"
    " check in (24: never)",
    "private_names": 'a list of names in quotes, such as ["Dana Reyes", "Project Atlas"]',
    "inbox": 'the path of a plain-text file in quotes, such as "~/Sync/journal-inbox.txt"',
    "coach_label": 'how your coach sees you named, such as "Sam, AE EMEA" (one line, up to 80'
    " characters)",
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


def takes_inbox(path: Path) -> bool:
    """The inbox feeds the person's journal ($JOURNAL_DB or the data folder's), never one
    opened with --db elsewhere (a test journal, a copy) nor the demo."""
    default = default_db_path()
    if path == default:
        return True
    try:
        return os.path.samefile(path, default)
    except OSError:
        return False


def demo_db_path() -> Path:
    """The demo journal's own file, never the person's journal."""
    return _data_dir() / "demo.sqlite"


def _one_line(text: str) -> bool:
    """Text a setting can hold: no control characters (a tab or NUL in a name is a typo)."""
    return control_character(text, one_line=True) is None


def _shown(value: Any) -> str:
    """A setting's value quoted in a message: a long one as its first characters."""
    if isinstance(value, str):
        return quoted(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _check_keys(value: dict[str, Any], source: Path) -> tuple[tuple[str, str], ...]:
    """[keys]: action = keys. Each a key name; none taken from another action (as remapped,
    or its default when not) nor from the keys the app keeps for moving about."""
    remapped: dict[str, list[str]] = {}
    for action, keys in value.items():
        if action not in ACTION_IDS:
            raise JournalError(
                f"{source}: [keys] names the unknown action {quoted(action)}; actions are "
                + ", ".join(ACTION_IDS)
            )
        names = [key_name(key) for key in keys.split(",")] if isinstance(keys, str) else []
        if not names or not all(_KEY.fullmatch(name) for name in names):
            raise JournalError(
                f"{source}: [keys] {action} = {_shown(keys)} is not valid; use a key name"
                ' in quotes, such as "ctrl+n" (several: "n,ctrl+n")'
            )
        remapped[action] = names
    owners: dict[str, list[str]] = {}
    for action, (default, _about) in ACTIONS.items():
        for name in remapped.get(action, default.split(",")):
            owners.setdefault(name, []).append(action)
    for action, names in remapped.items():
        for name in names:
            for taken_by in owners[name]:
                if taken_by == action:
                    continue
                raise JournalError(
                    f"{source}: [keys] {action} = {_shown(value[action])} takes {name!r}, the"
                    f" key of {taken_by} ({ACTIONS[taken_by][1].lower()}); choose another key,"
                    f" or give {taken_by} another key too"
                )
            if name in RESERVED:
                raise JournalError(
                    f"{source}: [keys] {action} = {_shown(value[action])} takes {name!r}, which"
                    f" {RESERVED[name]}; choose another key"
                )
    return tuple(sorted((action, ",".join(names)) for action, names in remapped.items()))


def _check_value(key: str, value: Any, source: Path) -> Any:
    accepted = SETTING_HELP[key]
    problem = f"{source}: {key} = {_shown(value)} is not valid; use {accepted}"
    if key == "fiscal_year_start_month":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
            raise JournalError(problem)
        return value
    if key == "backups":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365:
            raise JournalError(problem)
        return value
    if key == "checkin_reminder_hour":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 24:
            raise JournalError(problem)
        return value
    if key == "keys":
        if not isinstance(value, dict):
            raise JournalError(problem)
        return _check_keys(value, source)
    if key == "private_names":
        if not isinstance(value, list) or not all(
            isinstance(name, str) and name.strip() and len(name) <= 200 and _one_line(name)
            for name in value
        ):
            raise JournalError(problem)
        return tuple(name.strip() for name in value)
    if not isinstance(value, str):
        raise JournalError(problem)
    if key == "inbox":
        path = value.strip()
        if not path or len(path) > 4096 or not _one_line(path):
            raise JournalError(problem)
        return path
    if key == "coach_label":
        label = " ".join(value.split())
        if not label or len(label) > 80 or not _one_line(label):
            raise JournalError(problem)
        return label
    if key == "theme":
        if value.strip() not in THEMES:
            raise JournalError(problem)
        return value.strip()
    lowered = value.strip().lower()
    if key == "week_start" and lowered not in WEEKDAYS:
        raise JournalError(problem)
    from journal.records import KINDS  # lazy: the status line reads the config too

    if key == "default_kind" and lowered not in KINDS:
        raise JournalError(problem)
    return lowered


def load_settings(path: Path | None = None) -> Settings:
    """Read the TOML file; a missing file means defaults, a bad one is refused whole."""
    source = path or config_path()
    raw = _read_config(source)
    if not raw.strip():
        return Settings()  # no file (or an empty one): the status line skips the TOML parser
    import tomllib

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
    except RecursionError as error:
        raise JournalError(
            f"{source} nests lists or tables too deeply to read; the settings are a few plain"
            " lines (see 'journal config'): fix or remove it"
        ) from error
    known = set(Settings._fields)
    unknown = sorted(set(data) - known)
    if unknown:
        raise JournalError(
            f"{source}: unknown setting {quoted(unknown[0])}; known settings:"
            f" {', '.join(sorted(known))}"
        )
    values = {key: _check_value(key, value, source) for key, value in data.items()}
    return Settings(**values)


def _read_config(source: Path) -> bytes:
    """The config file's bytes: b"" when there is none (or it is /dev/null); a pipe, a device
    or a folder is refused, and so is a file too large to be a config."""
    from journal.files import open_input

    if not os.path.lexists(source):
        return b""
    with contextlib.suppress(OSError):
        if os.path.samefile(source, os.devnull):
            return b""
    with open_input(source, "a config file (config.toml)") as handle:
        raw = handle.read(MAX_CONFIG_BYTES + 1)
    if len(raw) > MAX_CONFIG_BYTES:
        raise JournalError(
            f"{source} is larger than {MAX_CONFIG_BYTES // 1024:,} KB, too large to be a config"
            " file (a few lines); fix or remove it"
        )
    return raw


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Keep the theme picked in the app for the next start: the `theme = …` line of the config
    is set, every other line left as the person wrote it. The file stays owner-only."""
    import re
    import tomllib

    from journal.files import write_privately

    if theme not in THEMES:
        raise JournalError(f"{quoted(theme)} is not one of Textual's themes")
    source = path or config_path()
    target = source.resolve() if source.is_symlink() else source
    text = _read_config(target).decode("utf-8-sig")
    line = f'theme = "{theme}"'
    setting = re.compile(r"^[ \t]*theme[ \t]*=.*$", re.MULTILINE)
    first_table = re.search(r"^[ \t]*\[", text, re.MULTILINE)
    top = text[: first_table.start()] if first_table else text
    if setting.search(top):
        text = setting.sub(line, top, count=1) + text[len(top) :]
    else:
        text = f"{line}\n{text}"
    load_from_text = tomllib.loads(text)  # what is written must read back
    if load_from_text.get("theme") != theme:
        raise JournalError(f"could not set the theme in {target}; set theme = {theme!r} there")
    with write_privately(target, replace=True) as out:
        out.write(text.encode("utf-8"))
    return target
