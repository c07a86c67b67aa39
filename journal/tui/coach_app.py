"""The coach's app: a folder of clients' bundles, read before it starts (`journal coach DIR`).

It needs no journal: the bundles are all it shows."""

from __future__ import annotations

from textual.app import App

from journal.services.cohort import Cohort
from journal.tui.screens.cohort import CohortScreen


class CoachApp(App[None]):
    TITLE = "journal coach"

    def __init__(self, cohort: Cohort, *, theme: str = "textual-dark") -> None:
        super().__init__()
        self.cohort = cohort
        self._wanted_theme = theme

    def on_mount(self) -> None:
        if self._wanted_theme in self.available_themes:
            self.theme = self._wanted_theme
        self.push_screen(CohortScreen(self.cohort))
