"""What every step of the review shares: a scrolling body refilled for each quarter."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.widget import Widget


class ReviewStep(VerticalScroll):
    """One numbered step of the review, in its tab."""

    def __init__(self, step: str) -> None:
        super().__init__(id=f"{step}-body", classes="step-body")

    async def fill(self, widgets: Sequence[Widget]) -> None:
        """Replace what the step shows, and scroll back to its top."""
        await self.remove_children()
        await self.mount_all(widgets)
        self.scroll_home(animate=False)
