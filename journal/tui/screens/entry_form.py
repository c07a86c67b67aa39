"""New and edit entry: every field, checked as you type, saved with ctrl+s.

A draft of what is typed is kept in the journal as soon as typing pauses (at least every 3 s)
and when the app closes, so a crash or a closed terminal loses at most the last moment's keys;
the next start offers it back.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, RadioSet, TextArea

from journal.config import Settings
from journal.dates import DateError
from journal.errors import JournalError
from journal.records import EntryFields
from journal.services.commitments import Commitment
from journal.services.entries import check_text, proposed
from journal.services.revisions import EditConflict
from journal.services.store import Draft, JournalStore
from journal.tui.form_values import (
    CHOICES,
    LABELS,
    TEXT_INPUTS,
    FormStart,
    answers_text,
    entry_fields,
    form_date,
    read_form_start,
)
from journal.tui.screens.entry_form_layout import form_layout
from journal.tui.widgets.choice import Choice, CommitmentQuestion
from journal.tui.widgets.trigger_picker import TriggerPicker


class EntryFormScreen(Screen[int | None]):
    """Dismisses with the saved entry's id, or None when left without saving."""

    DRAFT_INTERVAL = 3.0  # seconds between draft saves while typing on and on
    DRAFT_PAUSE = 0.6  # a pause in typing this long saves the draft at once

    CSS_PATH = "entry_form.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save", tooltip="Save the entry"),
        Binding("escape", "leave", "Leave", id="form-leave", tooltip="Leave (asks if changed)"),
    ]

    def __init__(
        self,
        store: JournalStore,
        *,
        today: date,
        settings: Settings,
        entry_id: int | None = None,
        draft: Draft | None = None,
    ) -> None:
        super().__init__(id="entry-form")
        self.store = store
        self.today = today
        self.settings = settings
        self.entry_id = entry_id
        self._draft = draft
        # Filled in once the journal is read (on mount, in a worker): nothing to show before.
        self._start: FormStart | None = None
        self.base_version: int | None = None
        self.initial: dict[str, str] = {}
        self.problems: dict[str, str] = {}
        self.commitments: list[Commitment] = []
        self.answers: dict[int, str] = {}
        self._drafted: dict[str, str] = {}
        self._latest: dict[str, str] = {}  # kept current, for saving a draft while closing
        self._pause_timer: Timer | None = None
        self._saved = False

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self._start is not None:  # else nothing yet: composed again once the journal is read
            yield from form_layout(self._start, entry_id=self.entry_id)

    async def on_mount(self) -> None:
        # The journal is read in a thread, off the event loop. Textual holds the app's events
        # until a pushed screen is mounted, so keys typed meanwhile wait, then reach the
        # situation in order.
        reading = self.run_worker(
            partial(
                read_form_start,
                self.store,
                entry_id=self.entry_id,
                draft=self._draft,
                today=self.today,
                settings=self.settings,
            ),
            name="entry form start",
            group="entry-form",
            thread=True,
        )
        start = self._start = await reading.wait()
        self.entry_id = start.entry_id
        self.base_version = start.base_version
        self.initial = start.initial
        self.answers = dict(start.answers)
        self._drafted = start.start if self._draft else start.initial
        self._latest = dict(start.start)
        await self.recompose()
        situation = self.query_one("#situation", TextArea)
        self.set_focus(situation)  # now: focus() would wait, and the screen focus the first box
        # Editing or a restored draft: typing goes on after the words, not in front of them.
        situation.move_cursor(situation.document.end)
        self._show_chosen()
        self._check_date("occurred_on")
        self._check_date("follow_up_on")
        self._refresh_commitments()
        self.set_interval(self.DRAFT_INTERVAL, self.save_draft_if_changed)
        if start.gone:
            self.notify(start.gone, severity="warning", timeout=8)

    # --- values -----------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        values = {name: self.query_one(f"#{name}", Input).value for name in TEXT_INPUTS}
        values["occurred_on"] = self.query_one("#occurred_on", Input).value
        values["follow_up_on"] = self.query_one("#follow_up_on", Input).value
        values["situation"] = self.query_one("#situation", TextArea).text
        values["triggers"] = ",".join(self.chosen)
        for name in CHOICES:
            values[name] = self.query_one(f"#{name}", Choice).value
        self._remember_answers()
        values["commitments"] = answers_text(self.answers)
        return values

    @property
    def changed(self) -> bool:
        return self.values() != self.initial

    # --- checking as you type ----------------------------------------------------------------

    def _problem(self, name: str, message: str | None) -> None:
        if message:
            self.problems[name] = message
        else:
            self.problems.pop(name, None)
        self.query_one(f"#{name}-problem", Label).update(message or "")
        self.query_one(f"#{name}-field").set_class(bool(message), "-invalid")

    def _check_date(self, name: str) -> date | None:
        text = self.query_one(f"#{name}", Input).value
        hint = self.query_one(f"#{name}-hint", Label)
        if not text.strip():
            hint.update("")
            self._problem(name, "give a date, such as today" if name == "occurred_on" else None)
            return None
        try:
            day = form_date(
                name,
                text,
                today=self.today,
                settings=self.settings,
                saved=self.initial.get("follow_up_on"),
            )
        except DateError as error:
            hint.update("")
            self._problem(name, str(error))
            return None
        hint.update(f"→ {day.strftime('%a %d %b %Y')}")
        self._problem(name, None)
        return day

    def _check_text(self, name: str, text: str) -> None:
        try:
            check_text(name, text)
        except JournalError as error:
            self._problem(name, str(error))
            return
        self._problem(name, None)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(RadioSet.Changed)
    def _remember(self) -> None:
        if self.is_mounted:
            self._latest = self.values()
            if self._pause_timer is not None:
                self._pause_timer.stop()
            self._pause_timer = self.set_timer(self.DRAFT_PAUSE, self.save_draft_if_changed)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        if name in ("occurred_on", "follow_up_on"):
            self._check_date(name)
            if name == "occurred_on":
                self._refresh_commitments()
        elif name == "triggers":
            self._problem("triggers", None)
        elif name in TEXT_INPUTS:
            self._check_text(name, event.value)

    @on(TextArea.Changed)
    def _situation_changed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if not text.strip():
            self._problem("situation", "say in a few words what happened")
        else:
            self._check_text("situation", text)

    # --- triggers -------------------------------------------------------------------------------

    @property
    def chosen(self) -> list[str]:
        """The triggers chosen, in order."""
        return self.query_one(TriggerPicker).chosen

    @on(TriggerPicker.ChosenChanged)
    def _chosen_changed(self) -> None:
        self._show_chosen()
        self._refresh_commitments()

    @on(TriggerPicker.Refused)
    def _trigger_refused(self, event: TriggerPicker.Refused) -> None:
        self._problem("triggers", event.problem)

    @on(TriggerPicker.NewName)
    def _create_trigger(self, event: TriggerPicker.NewName) -> None:
        from journal.tui.screens.triggers import TriggerEditScreen

        typed = event.typed
        # What was typed, as typed: a name ("Client deadline", in any script) gets its id
        # made from it when saved, and keeps the name.
        suggested = " ".join(typed.split())[:80]

        def created(values: dict[str, str] | None) -> None:
            if values is None:
                self._problem("triggers", f"{typed!r} is not a trigger yet; Enter creates it")
                return
            try:
                trigger = self.store.add_trigger(
                    values["id"], category=values["category"], description=values["description"]
                )
            except JournalError as error:
                self._problem("triggers", str(error))
                return
            self.query_one(TriggerPicker).add_new(trigger)
            self._chosen_changed()
            self.notify(f"Added the trigger {trigger.id}.")

        self.app.push_screen(TriggerEditScreen(trigger_id=suggested), created)

    def _take_typed_trigger(self) -> None:
        """On save: a trigger typed but not yet added with Enter is added, not lost."""
        if "triggers" in self.problems:
            return
        picker = self.query_one(TriggerPicker)
        before = list(picker.chosen)
        if (problem := picker.take_typed()) is not None:
            self._problem("triggers", problem)
        elif picker.chosen != before:
            self._chosen_changed()

    def _show_chosen(self) -> None:
        self.query_one("#triggers-hint", Label).update(self.query_one(TriggerPicker).chosen_text())

    # --- commitments --------------------------------------------------------------------------

    def _refresh_commitments(self) -> None:
        on_day = self._check_date("occurred_on") or self.today
        found = self.store.active_commitments(self.chosen, on=on_day)
        if [c.id for c in found] == [c.id for c in self.commitments]:
            return
        self._remember_answers()
        self.commitments = found
        box = self.query_one("#commitments", Vertical)
        box.remove_children()
        for commitment in found:
            box.mount(CommitmentQuestion(commitment, self.answers.get(commitment.id, "")))

    def _remember_answers(self) -> None:
        for commitment in self.commitments:
            for choice in self.query(f"#commitment-{commitment.id}").results(Choice):
                if choice.answered:
                    self.answers[commitment.id] = choice.value

    # --- saving ------------------------------------------------------------------------------

    def _fields(self) -> tuple[EntryFields, frozenset[str]]:
        return entry_fields(
            self.values(),
            triggers=tuple(self.chosen),
            occurred_on=self._check_date("occurred_on"),
            follow_up_on=self._check_date("follow_up_on"),
        )

    def action_save(self) -> None:
        self._situation_changed(TextArea.Changed(self.query_one("#situation", TextArea)))
        self._take_typed_trigger()
        fields, clear = self._fields()
        if self.problems:
            first = next(iter(self.problems))
            self.notify(
                f"Fix the highlighted fields first: {LABELS.get(first, first)}.",
                severity="error",
            )
            target = self.query_one(f"#{first}")
            if target.focusable:
                target.focus()
            return
        if self.entry_id is not None and not self.changed:
            # Saving an untouched entry would stamp it as edited; just leave.
            self.notify("Nothing changed.")
            self._discard()
            return
        answers = {c.id: self.answers[c.id] for c in self.commitments if c.id in self.answers}
        self._save(fields, clear, answers)

    def _save(
        self,
        fields: EntryFields,
        clear: frozenset[str],
        answers: dict[int, str],
        *,
        bring_back: bool = False,
    ) -> None:
        try:
            saved = self.store.save_entry(
                self.entry_id,
                fields,
                today=self.today,
                clear=clear,
                commitment_answers=answers,
                expected_version=self.base_version,
                bring_back=bring_back,
            )
        except EditConflict as conflict:
            self._conflict(conflict, fields, clear, answers)
            return
        except JournalError as error:
            self.notify(str(error), severity="error")
            return
        self._saved = True
        self.notify(f"Saved entry {saved}.", title="Saved")
        self.dismiss(saved)

    # --- saved elsewhere meanwhile -----------------------------------------------------------

    def _conflict(
        self,
        conflict: EditConflict,
        fields: EntryFields,
        clear: frozenset[str],
        answers: dict[int, str],
    ) -> None:
        """Another window (or `journal edit`) wrote first: show theirs beside yours and ask."""
        from journal.tui.screens.conflict import ConflictScreen
        from journal.tui.screens.entry_conflict import conflict_rows, conflict_words

        theirs = conflict.current
        entry_id = conflict.entry_id
        rows = []
        if theirs is not None:
            mine = proposed(theirs, fields, clear=clear, answers=answers)
            if conflict.state == "changed" and mine.same_account(theirs):
                # The same change was saved elsewhere: there is nothing left to write.
                self._saved = True
                self.store.clear_draft()
                self.notify(f"Entry {entry_id} already holds what you typed.", title="Saved")
                self.dismiss(entry_id)
                return
            base = self.store.entry_version(entry_id, conflict.expected)
            rows = conflict_rows(theirs, mine, base)
        words = conflict_words(conflict)

        def chosen(choice: str | None) -> None:
            if choice == "mine":
                if conflict.state == "gone":
                    self.entry_id = None
                    self.base_version = None
                else:
                    assert theirs is not None
                    self.base_version = theirs.number
                self._save(fields, clear, answers, bring_back=conflict.state == "trashed")
            elif choice == "theirs":
                self._saved = True
                self.store.clear_draft()
                self.notify(f"Kept entry {entry_id} as it was saved elsewhere.")
                self.dismiss(entry_id if conflict.state != "gone" else None)
            else:
                self._back_to_editing(conflict)

        self.app.push_screen(
            ConflictScreen(
                title=words.title,
                explanation=words.explanation,
                rows=rows,
                mine=words.mine,
                theirs=words.theirs,
                edit="Back to editing",
            ),
            chosen,
        )

    def _back_to_editing(self, conflict: EditConflict) -> None:
        """What was typed stays; the next save goes over the version just shown."""
        if conflict.state == "gone":
            self.entry_id = None
            self.base_version = None
            self.query_one("#form-title", Label).update(
                f"New entry (entry {conflict.entry_id} was erased)  ·  ctrl+s saves, escape leaves"
            )
            self.notify("Saving now makes it a new entry.")
        elif conflict.current is not None:
            self.base_version = conflict.current.number
            self.save_draft_if_changed(force=True)

    def action_leave(self) -> None:
        from journal.tui.screens.confirm import ConfirmScreen

        if not self.changed:
            self._discard()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._discard()

        self.app.push_screen(
            ConfirmScreen(
                "Leave this entry? What you typed will be thrown away.",
                yes="Discard",
                no="Keep writing",
                id="leave-form",
            ),
            answered,
        )

    def _discard(self) -> None:
        self._saved = True  # nothing to keep
        self.store.clear_draft()
        self.dismiss(None)

    # --- drafts -------------------------------------------------------------------------------

    def save_draft_if_changed(
        self, values: dict[str, str] | None = None, *, force: bool = False
    ) -> None:
        if self._saved:
            return
        values = values if values is not None else self.values()
        if values == self._drafted and not force:
            return
        try:
            self.store.save_draft(self.entry_id, values, self.base_version)
        except JournalError:
            return  # a draft is a safety net; a busy journal will take the next one
        self._drafted = values

    def on_unmount(self) -> None:
        # The app may close with the form open (q is not bound here, but ctrl+q and a closed
        # terminal are): keep what was typed.
        if not self._saved and self._latest != self.initial:
            self.save_draft_if_changed(self._latest)
