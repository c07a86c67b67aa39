"""Step 2 of the review: last quarter's commitments, each judged kept, partly or broken."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, RadioButton, RadioSet, Static

from journal.sentences import (
    commitment_text,
    day_text,
    followed_text,
    outcome_text,
    plural,
    trend_text,
    window_text,
)
from journal.services.analytics.figures import CommitmentFigure
from journal.services.reviews import OUTCOMES, Review
from journal.tui.widgets.pattern_charts import FigurePicked
from journal.tui.widgets.review.step import ReviewStep

NOT_JUDGED = "open"  # the outcome choice for "not judged yet"
OUTCOME_CHOICES = (NOT_JUDGED, *OUTCOMES)
OUTCOME_CHOICE_LABELS = {NOT_JUDGED: "not judged yet", **{o: outcome_text(o) for o in OUTCOMES}}


def due_text(figure: CommitmentFigure) -> Text:
    """The commitment, when it was set, the trigger's slips before and after, and how often
    the entries that met it said it was followed."""
    text = Text()
    text.append("If \u201c")
    text.append(figure.trigger_name, style="bold")
    text.append("\u201d shows up, I will ")
    text.append(figure.plan, style="bold")
    text.append(
        f"\nSet on {day_text(figure.set_on, weekday=True)} for {figure.quarter}.", style="dim"
    )
    text.append(f"\nBefore: {window_text(figure.before, form='review')}")
    text.append(f"\nAfter:  {window_text(figure.after, form='review')}")
    text.append(f"\n{trend_text(figure.trend, form='review')}")
    text.append(f"\n{followed_text(figure, form='review')}")
    return text


class DueStep(ReviewStep):
    """The commitments made for the reviewed quarter, with an outcome to choose for each."""

    def __init__(self) -> None:
        super().__init__("due")
        self.review: Review | None = None

    async def show(self, review: Review) -> None:
        self.review = review
        await self.fill(self._widgets(review))

    def _widgets(self, review: Review) -> list[Widget]:
        if not review.due:
            return [
                Static(
                    f"No commitments were set for {review.quarter.label} in an earlier review, so"
                    f" there is nothing to judge here. Step 4 sets the ones for"
                    f" {review.commit_for.label}.",
                    id="no-due",
                    classes="para",
                )
            ]
        widgets: list[Widget] = [
            Static(
                f"The commitments set for {review.quarter.label}: the trigger's slips per week"
                " after each was set, against as many days before it. Mark how each went.",
                classes="para",
            )
        ]
        for figure in review.due:
            outcome = figure.outcome or NOT_JUDGED
            answers = figure.answers
            parts: list[Widget] = [
                Static(due_text(figure), classes="due-text"),
                RadioSet(
                    *(
                        RadioButton(OUTCOME_CHOICE_LABELS[choice], value=choice == outcome)
                        for choice in OUTCOME_CHOICES
                    ),
                    id=f"outcome-{figure.commitment_id}",
                    classes="choice outcome",
                ),
            ]
            if answers:
                parts.append(
                    Button(
                        f"The {plural(answers, 'entry')} that answered",
                        id=f"answers-{figure.commitment_id}",
                        compact=True,
                        classes="answers",
                    )
                )
            widgets.append(Vertical(*parts, classes="due"))
        return widgets

    def outcomes(self, review: Review) -> dict[int, str | None]:
        """Each due commitment's outcome as chosen (None: not judged yet)."""
        return {figure.commitment_id: self._outcome(figure) for figure in review.due}

    def _outcome(self, figure: CommitmentFigure) -> str | None:
        radio = self.query_one(f"#outcome-{figure.commitment_id}", RadioSet)
        index = radio.pressed_index
        choice = OUTCOME_CHOICES[index] if index >= 0 else NOT_JUDGED
        return None if choice == NOT_JUDGED else choice

    @on(Button.Pressed, ".answers")
    def _answers_chosen(self, event: Button.Pressed) -> None:
        review = self.review
        assert review is not None
        commitment_id = int((event.button.id or "").rpartition("-")[2])
        figure = next(f for f in review.due if f.commitment_id == commitment_id)
        plan = commitment_text(figure.trigger_name, figure.plan, capital=False)
        self.post_message(FigurePicked(f"Entries that answered: {plan}", figure.entries))
