"""Dialogs of the quarterly review: the list of saved reviews, and typing a quarter to review."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from journal.dates import DateError
from journal.periods import Quarter, parse_quarter
from journal.sentences import plural
from journal.services.reviews import ReviewSummary

HEADLINE_WIDTH = 60  # the reflection's first line, cut so each review stays one or two lines


def summary_text(summary: ReviewSummary, *, current: str) -> Text:
    """One saved review as the list shows it: quarter, commitments, when saved, first words."""
    text = Text()
    text.append(f"{summary.quarter:<11}", style="bold")
    text.append(f"{plural(summary.commitments, 'commitment'):<15}")
    text.append(f"saved {summary.updated_at[:10]}", style="dim")
    if summary.quarter == current:
        text.append("  (open now)", style="italic")
    headline = summary.headline
    if headline:
        if len(headline) > HEADLINE_WIDTH:
            headline = headline[: HEADLINE_WIDTH - 1].rstrip() + "…"
        text.append(f"\n  {headline}", style="dim")
    return text


class ReviewsListScreen(ModalScreen[str | None]):
    """Saved reviews, newest quarter first; dismisses with the chosen quarter's label."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="reviews-list-close", tooltip="Keep this review"),
    ]

    def __init__(self, summaries: list[ReviewSummary], *, current: str) -> None:
        super().__init__(id="reviews-list")
        self.summaries = summaries
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Past reviews", classes="dialog-title")
            if self.summaries:
                yield OptionList(
                    *(
                        Option(summary_text(summary, current=self.current), id=summary.quarter)
                        for summary in self.summaries
                    ),
                    id="reviews-options",
                )
                yield Label("Enter opens a review to read or edit · escape closes", classes="hint")
            else:
                yield Label(
                    "No review is saved yet. Save this one with ctrl+s and it shows here.",
                    classes="question",
                )
                yield Label("Escape closes.", classes="hint")

    def on_mount(self) -> None:
        if self.summaries:
            self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


class QuarterPickScreen(ModalScreen[Quarter | None]):
    """Type a quarter (2026-Q3, Q3 2026, FY2027-Q1, last); a quarter not yet begun is refused."""

    BINDINGS = [
        Binding("escape", "close", "Cancel", id="quarter-pick-cancel", tooltip="Keep this quarter"),
    ]

    def __init__(self, *, today: date, fiscal_start_month: int, example: str) -> None:
        super().__init__(id="quarter-pick")
        self.today = today
        self.fiscal_start_month = fiscal_start_month
        self.example = example

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Review which quarter?", classes="dialog-title")
            yield Input(placeholder=f"{self.example}, or last", id="quarter-text")
            yield Label("", id="quarter-problem", classes="problem")
            yield Label("Enter opens it · escape cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        problem = self.query_one("#quarter-problem", Label)
        try:
            quarter = parse_quarter(
                event.value, today=self.today, fiscal_start_month=self.fiscal_start_month
            )
        except DateError as error:
            problem.update(str(error))
            return
        if quarter.start > self.today:
            problem.update(f"{quarter.label} has not begun yet; it starts on {quarter.start}")
            return
        self.dismiss(quarter)

    def action_close(self) -> None:
        self.dismiss(None)
