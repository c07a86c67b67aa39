"""Step 3 of the review: start / stop / continue prompts drawn from the figures, and a
reflection in the person's own words."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Label, Static, TextArea

from journal.services.reviews import Review
from journal.tui.widgets.review.step import ReviewStep

ANSWER_OF_PROMPT = {"start": "start_doing", "stop": "stop_doing", "continue": "continue_doing"}


class ReflectStep(ReviewStep):
    """A text box under each prompt, and one for the reflection, holding what was saved."""

    def __init__(self) -> None:
        super().__init__("reflect")

    async def show(self, review: Review) -> None:
        await self.fill(self._widgets(review))

    def _widgets(self, review: Review) -> list[Widget]:
        saved = review.saved
        widgets: list[Widget] = [
            Static(
                "Prompts drawn from the quarter's figures. A line or two each is plenty.",
                classes="para",
            )
        ]
        for prompt in review.prompts:
            field = ANSWER_OF_PROMPT[prompt.kind]
            widgets.append(Label(prompt.text, classes="prompt"))
            widgets.append(
                TextArea(
                    getattr(saved, field) if saved else "",
                    id=f"answer-{prompt.kind}",
                    classes="answer",
                    compact=True,
                    placeholder=f"What will you {prompt.kind}?",
                )
            )
        widgets.append(Label("Reflection", classes="prompt"))
        widgets.append(
            TextArea(
                saved.reflection if saved else "",
                id="reflection",
                compact=True,
                placeholder="What this quarter taught you, in your own words",
            )
        )
        return widgets

    @property
    def reflection(self) -> str:
        return self.query_one("#reflection", TextArea).text

    def answers(self, review: Review) -> dict[str, str]:
        """The answer to each prompt, by the prompt's kind (start, stop, continue)."""
        return {
            prompt.kind: self.query_one(f"#answer-{prompt.kind}", TextArea).text
            for prompt in review.prompts
        }
