"""What the journal's screens need from the app that shows them.

Screens reach the app through this protocol, not through `journal.tui.app`: the app imports
the screens, so the screens importing the app would be a cycle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from journal.config import Settings
    from journal.periods import Calendar, Quarter
    from journal.services.store import Draft, JournalStore
    from journal.tui.screens.journal_screen import JournalScreen


class JournalHost(Protocol):
    """The journal app as its screens see it: the open journal, the day, the settings and
    the few things a screen asks of the app."""

    @property
    def settings(self) -> Settings: ...

    @property
    def store(self) -> JournalStore | None:
        """The open journal; None until it is open (an encrypted one waits for unlocking)."""

    @property
    def journal(self) -> JournalStore:
        """The open journal; raises when it is not open yet."""

    @property
    def demo_path(self) -> Path | None: ...

    @property
    def today(self) -> date: ...

    @property
    def quarter(self) -> Quarter: ...

    @property
    def calendar(self) -> Calendar: ...

    def open_journal(self, path: Path) -> None: ...

    def fail(self, problem: str, status: int = 2) -> None: ...

    def open_form(
        self,
        entry_id: int | None,
        *,
        draft: Draft | None = None,
        then: Callable[[int | None], None] | None = None,
    ) -> None: ...

    def journal_screen(self) -> JournalScreen | None: ...

    def journal_changed(self, keep: int | None = None) -> None: ...


def host_of(node: DOMNode) -> JournalHost:
    """The app `node` is shown in, as the journal's screens see it.

    A cast, not a check: only the journal app shows these screens, and mypy holds the app
    to the protocol (see the end of journal.tui.app)."""
    return cast("JournalHost", node.app)
