"""Step 4 of the review: up to three "if TRIGGER shows up, I will PLAN" commitments."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from journal.errors import JournalError
from journal.sentences import plural
from journal.services.reviews import MAX_COMMITMENTS, PlannedCommitment, Review, SavedCommitment
from journal.tui.widgets.review.step import ReviewStep


class CommitStep(ReviewStep):
    """A row per commitment: a trigger picker and the plan. A saved commitment that entries
    have answered stays as written."""

    def __init__(self) -> None:
        super().__init__("commit")
        self.slot_ids: list[int | None] = []  # the saved commitment each row edits

    async def show(self, review: Review, trigger_choices: list[tuple[str, str]]) -> None:
        await self.fill(self._widgets(review, trigger_choices))

    def _widgets(self, review: Review, trigger_choices: list[tuple[str, str]]) -> list[Widget]:
        saved: tuple[SavedCommitment, ...] = review.saved.commitments if review.saved else ()
        self.slot_ids = [c.commitment_id for c in saved]
        self.slot_ids += [None] * (MAX_COMMITMENTS - len(saved))
        widgets: list[Widget] = [
            Static(
                f"Up to {MAX_COMMITMENTS} commitments for {review.commit_for.label}, each an"
                ' "if this trigger shows up, I will …". Leave a row empty to set fewer; clear'
                " a row to drop it. The suggested triggers are the ones the prompts name.",
                classes="para",
            )
        ]
        for number in range(1, MAX_COMMITMENTS + 1):
            existing = saved[number - 1] if number <= len(saved) else None
            locked = existing is not None and existing.answers > 0
            trigger = Select(
                trigger_choices,
                prompt="pick a trigger",
                value=existing.trigger_id if existing else Select.NULL,
                id=f"commit-trigger-{number}",
                compact=True,
                disabled=locked,
                classes="commit-trigger",
            )
            plan = Input(
                existing.plan if existing else "",
                placeholder="what you will do",
                id=f"commit-plan-{number}",
                compact=True,
                disabled=locked,
                classes="commit-plan",
            )
            rows: list[Widget] = [
                Horizontal(
                    Label(f"{number}. If", classes="commit-if"),
                    trigger,
                    Label("shows up,", classes="commit-then"),
                    classes="commit-row",
                ),
                Horizontal(Label("I will", classes="commit-if"), plan, classes="commit-row"),
            ]
            if locked and existing is not None:
                rows.append(
                    Static(
                        f"{plural(existing.answers, 'entry')} answered this commitment, so it"
                        " stays as written.",
                        classes="hint",
                    )
                )
            widgets.append(Vertical(*rows, classes="commitment-slot"))
        return widgets

    def rows(self) -> list[tuple[str, str]]:
        """Each row's trigger id ('' when none is picked) and plan, as typed."""
        rows = []
        for number in range(1, MAX_COMMITMENTS + 1):
            picker = self.query_one(f"#commit-trigger-{number}", Select)
            plan = self.query_one(f"#commit-plan-{number}", Input).value
            rows.append(("" if picker.is_blank() else str(picker.value), plan))
        return rows

    def planned(self) -> list[PlannedCommitment]:
        """The rows that hold something, as commitments; a plan with no trigger is refused."""
        planned = []
        for number, commitment_id in enumerate(self.slot_ids, start=1):
            picker = self.query_one(f"#commit-trigger-{number}", Select)
            plan = self.query_one(f"#commit-plan-{number}", Input).value
            trigger = None if picker.is_blank() else str(picker.value)
            if trigger is None and not plan.strip():
                continue
            if trigger is None:
                raise JournalError(
                    f"commitment {number} has a plan but no trigger; pick the trigger it answers"
                )
            planned.append(PlannedCommitment(trigger, plan, commitment_id))
        return planned
