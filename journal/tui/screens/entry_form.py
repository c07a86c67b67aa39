"""New and edit entry: every field, checked as you type, saved with ctrl+s.

A draft of what is typed is kept in the journal as soon as typing pauses (at least every 3 s)
and when the app closes, so a crash or a closed terminal loses at most the last moment's keys;
the next start offers it back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import Input, Label, RadioButton, RadioSet, TextArea

from journal.config import Settings
from journal.dates import DateError, parse_follow_up, parse_when
from journal.errors import JournalError, NotFoundError
from journal.periods import Calendar
from journal.records import (
    CONTROLS,
    KINDS,
    RECOVERIES,
    VERSION_LABELS,
    Entry,
    EntryFields,
    changes_between,
    shown_value,
)
from journal.services.commitments import FOLLOWED, Commitment
from journal.services.entries import CLEARABLE, check_text, proposed
from journal.services.revisions import EditConflict
from journal.services.store import Draft, JournalStore
from journal.tui.widgets.fitted_footer import FittedFooter
from journal.words import named

UNSET = "none"  # severity, pressure or control not given
UNSET_LABEL = "not set"  # shown for UNSET: recovery has an option of its own called "none"
TEXT_INPUTS = ("customer", "impact", "recovery_note", "next_time")
CHOICES: dict[str, tuple[str, ...]] = {
    "kind": KINDS,
    "severity": (UNSET, "1", "2", "3", "4", "5"),
    "pressure": (UNSET, "1", "2", "3", "4", "5"),
    "control": (UNSET, *CONTROLS),
    "recovery": RECOVERIES,
}
LABELS = {
    "kind": "Kind",
    "occurred_on": "When",
    "situation": "What happened",
    "triggers": "Triggers",
    "customer": "Customer",
    "impact": "Impact on the customer",
    "severity": "Severity",
    "pressure": "Pressure",
    "control": "In my control",
    "recovery": "Recovery",
    "recovery_note": "How the recovery went",
    "next_time": "Next time I will",
    "follow_up_on": "Follow up on",
}


def answers_text(answers: dict[int, str]) -> str:
    """Commitment answers as a draft keeps them: "7=partly,9=yes"."""
    return ",".join(f"{cid}={answer}" for cid, answer in sorted(answers.items()))


def answers_from_text(text: str) -> dict[int, str]:
    """The reverse of `answers_text`; anything unreadable (an old or edited draft) is skipped."""
    answers: dict[int, str] = {}
    for part in text.split(","):
        cid, _, answer = part.partition("=")
        if cid.strip().isdigit() and answer in FOLLOWED:
            answers[int(cid)] = answer
    return answers


def entry_values(
    entry: Entry | None, settings: Settings, answers: dict[int, str] | None = None
) -> dict[str, str]:
    """The form's fields as text: what a draft stores and what change is measured against."""
    if entry is None:
        return {
            "kind": settings.default_kind,
            "occurred_on": "today",
            "situation": "",
            "triggers": "",
            "customer": "",
            "impact": "",
            "severity": UNSET,
            "pressure": UNSET,
            "control": UNSET,
            "recovery": "none",
            "recovery_note": "",
            "next_time": "",
            "follow_up_on": "",
            "commitments": "",
        }
    return {
        "kind": entry.kind,
        "occurred_on": entry.occurred_on.isoformat(),
        "situation": entry.situation,
        "triggers": ",".join(entry.triggers),
        "customer": entry.customer or "",
        "impact": entry.impact or "",
        "severity": str(entry.severity) if entry.severity else UNSET,
        "pressure": str(entry.pressure) if entry.pressure else UNSET,
        "control": entry.control or UNSET,
        "recovery": entry.recovery,
        "recovery_note": entry.recovery_note or "",
        "next_time": entry.next_time or "",
        "follow_up_on": entry.follow_up_on.isoformat() if entry.follow_up_on else "",
        "commitments": answers_text(answers or {}),
    }


def _moment(text: str | None) -> str:
    return (text or "")[:16].replace("T", " ")


class Choice(RadioSet):
    """A row of options picked with the arrow keys or the mouse."""

    def __init__(self, name: str, options: tuple[str, ...], value: str) -> None:
        shown = {UNSET: UNSET_LABEL} if name != "recovery" else {}
        super().__init__(
            *(RadioButton(shown.get(option, option), value=option == value) for option in options),
            id=name,
            classes="choice",
        )
        self.options = options

    @property
    def value(self) -> str:
        index = self.pressed_index
        return self.options[index] if index >= 0 else self.options[0]

    def set_value(self, value: str) -> None:
        for button, option in zip(self.query(RadioButton), self.options, strict=True):
            button.value = option == value

    def on_key(self, event: Key) -> None:
        """1 to 5 pick a number at once on severity and pressure; 0 unsets it."""
        typed = UNSET if event.character == "0" else event.character
        if typed and typed in self.options and typed not in KINDS + RECOVERIES + CONTROLS:
            self.set_value(typed)
            event.stop()
            event.prevent_default()


class EntryFormScreen(Screen[int | None]):
    """Dismisses with the saved entry's id, or None when left without saving."""

    DRAFT_INTERVAL = 3.0  # seconds between draft saves while typing on and on
    DRAFT_PAUSE = 0.6  # a pause in typing this long saves the draft at once

    # The look of the fields is in app.tcss; this is only the arrangement. Narrow (under 120
    # columns): one column. Wide: what happened on the left, its details on the right. The
    # option rows are stacked, never side by side: two of them do not fit in 80 columns.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    EntryFormScreen #columns {
        height: auto;
    }
    EntryFormScreen.-narrow #columns {
        layout: vertical;
    }
    EntryFormScreen .column {
        width: 1fr;
        height: auto;
    }
    EntryFormScreen.-wide #main-column {
        margin-right: 3;
    }
    EntryFormScreen .field .hint, EntryFormScreen .field .problem {
        width: 100%;  /* long date errors and many trigger chips wrap, never cut off */
    }
    """

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
        self._gone: str | None = None  # said on mount when the entry to edit has vanished
        entry: Entry | None = None
        # The entry's version this form started from: saving over a newer one asks first. A
        # restored draft carries the version it was typed over, not the one now saved.
        self.base_version: int | None = None
        if entry_id is not None:
            try:
                entry = store.get(entry_id)
            except NotFoundError:
                # A draft of an entry deleted since (or a stale key press): keep the words.
                self._gone = f"Entry {entry_id} is no longer in the journal; this saves a new one."
                self.entry_id = None
            else:
                from_draft = draft.version if draft and draft.entry_id == entry_id else None
                self.base_version = from_draft or entry.version
        checks = store.commitment_checks(entry.id) if entry is not None else {}
        self.initial = entry_values(entry, settings, checks)
        self.start = {**self.initial, **(draft.fields if draft else {})}
        self.problems: dict[str, str] = {}
        self.commitments: list[Commitment] = []
        self.answers: dict[int, str] = {**checks, **answers_from_text(self.start["commitments"])}
        # Risk windows open now: the commitment that covers each, or a nudge to make one.
        self.tripwires = store.tripwires(
            today=today,
            calendar=Calendar(settings.fiscal_year_start_month, settings.week_start_index),
        )
        known = store.triggers(with_counts=False)
        already = set(entry.triggers) if entry else set()
        self.trigger_names = {t.id: t.name for t in known}
        self.offered = [t for t in known if not t.retired or t.id in already]
        self.allowed = {t.id for t in self.offered}
        self.retired = [t for t in known if t.retired and t.id not in already]
        self.chosen: list[str] = [t for t in self.start["triggers"].split(",") if t]
        self._drafted = self.start if draft else self.initial
        self._latest = dict(self.start)  # kept current, for saving a draft while closing
        self._pause_timer: Timer | None = None
        self._saved = False

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        start = self.start
        title = f"Edit entry {self.entry_id}" if self.entry_id else "New entry"
        yield Label(f"{title}  ·  ctrl+s saves, escape leaves", id="form-title")
        for tripwire in self.tripwires:
            yield Label(f"▲ {tripwire.line}", classes="tripwire")
        with VerticalScroll(id="form"), Horizontal(id="columns"):
            with Vertical(id="main-column", classes="column"):
                with Horizontal(classes="row"):
                    yield self._field("kind", Choice("kind", CHOICES["kind"], start["kind"]))
                    yield self._field(
                        "occurred_on",
                        Input(start["occurred_on"], placeholder="today, yesterday, friday, Oct 3",
                              id="occurred_on"),
                        hint=True,
                    )  # fmt: skip
                yield self._field("situation", TextArea(start["situation"], id="situation"))
                yield self._field(
                    "triggers",
                    Input(
                        placeholder="type a trigger, Enter adds it (a new name creates one)",
                        suggester=SuggestFromList(self._trigger_words(), case_sensitive=False),
                        id="triggers",
                    ),
                    hint=True,
                )
                yield Vertical(id="commitments")
            with Vertical(id="detail-column", classes="column"):
                with Horizontal(classes="row"):
                    yield self._field(
                        "customer",
                        Input(
                            start["customer"],
                            suggester=SuggestFromList(self.store.customers(), case_sensitive=False),
                            id="customer",
                        ),
                    )
                    yield self._field("impact", Input(start["impact"], id="impact"))
                for name in ("severity", "pressure", "control", "recovery"):
                    yield self._field(name, Choice(name, CHOICES[name], start[name]))
                with Horizontal(classes="row"):
                    yield self._field(
                        "recovery_note", Input(start["recovery_note"], id="recovery_note")
                    )
                    yield self._field("next_time", Input(start["next_time"], id="next_time"))
                yield self._field(
                    "follow_up_on",
                    Input(start["follow_up_on"], placeholder="in 2 weeks, next friday",
                          id="follow_up_on"),
                    hint=True,
                )  # fmt: skip
        yield FittedFooter()

    def _trigger_words(self) -> list[str]:
        """What the trigger box completes: ids first, then display names."""
        return [t.id for t in self.offered] + [t.name for t in self.offered]

    def _field(self, name: str, widget: Input | TextArea | Choice, hint: bool = False) -> Vertical:
        parts: list[Label | Input | TextArea | Choice] = [
            Label(LABELS[name], classes="field-label"),
            widget,
        ]
        if hint:
            parts.append(Label("", id=f"{name}-hint", classes="hint"))
        parts.append(Label("", id=f"{name}-problem", classes="problem"))
        return Vertical(*parts, classes="field", id=f"{name}-field")

    def on_mount(self) -> None:
        situation = self.query_one("#situation", TextArea)
        situation.focus()
        # Editing or a restored draft: typing goes on after the words, not in front of them.
        situation.move_cursor(situation.document.end)
        self._show_chosen()
        self._check_date("occurred_on")
        self._check_date("follow_up_on")
        self._refresh_commitments()
        self.set_interval(self.DRAFT_INTERVAL, self.save_draft_if_changed)
        if self._gone:
            self.notify(self._gone, severity="warning", timeout=8)

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
            if name != "follow_up_on":
                day = parse_when(text, today=self.today)
            elif text.strip() == self.initial.get("follow_up_on"):
                day = date.fromisoformat(text.strip())  # kept as it was, even if it has passed
            else:
                day = parse_follow_up(
                    text,
                    today=self.today,
                    fiscal_start_month=self.settings.fiscal_year_start_month,
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

    def _resolve_trigger(self, typed: str) -> str | None:
        """The trigger an id or name means; else the one the box suggests (its grey
        completion, which Enter takes as the person sees it); else None."""
        wanted = typed.strip().lower()
        for trigger in self.offered:
            if wanted in (trigger.id, trigger.name.lower()):
                return trigger.id
        for word in self._trigger_words():
            if word.lower().startswith(wanted):
                return self._resolve_trigger(word)
        return None

    def _retired_named(self, typed: str) -> str | None:
        wanted = typed.strip().lower()
        for trigger in self.retired:
            if wanted in (trigger.id, trigger.name.lower()):
                return trigger.id
        return None

    @on(Input.Submitted, "#triggers")
    def _trigger_entered(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            return
        found = self._resolve_trigger(typed)
        if found is not None:
            self._choose(found)
            event.input.value = ""
        elif (retired := self._retired_named(typed)) is not None:
            self._problem(
                "triggers",
                f"{retired} is retired; bring it back on the Triggers screen (t) to use it",
            )
        else:
            self._create_trigger(typed)

    def _take_typed_trigger(self) -> None:
        """On save: a trigger typed but not yet added with Enter is added, not lost."""
        box = self.query_one("#triggers", Input)
        typed = box.value.strip()
        if not typed or "triggers" in self.problems:
            return
        found = self._resolve_trigger(typed)
        if found is None:
            self._problem(
                "triggers",
                f"{typed!r} is not a trigger yet; press Enter to create it, or clear the box",
            )
            return
        self._choose(found)
        box.value = ""

    def _choose(self, trigger_id: str) -> None:
        if trigger_id not in self.chosen:
            self.chosen.append(trigger_id)
        self._show_chosen()
        self._refresh_commitments()

    def _create_trigger(self, typed: str) -> None:
        from journal.tui.screens.triggers import TriggerEditScreen

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
            self.offered.append(trigger)
            self.allowed.add(trigger.id)
            self.trigger_names[trigger.id] = trigger.name
            box = self.query_one("#triggers", Input)
            box.suggester = SuggestFromList(self._trigger_words(), case_sensitive=False)
            box.value = ""
            self._choose(trigger.id)
            self.notify(f"Added the trigger {trigger.id}.")

        self.app.push_screen(TriggerEditScreen(trigger_id=suggested), created)

    def on_key(self, event: Key) -> None:
        if event.key != "backspace":
            return
        field = self.focused
        if isinstance(field, Input) and field.id == "triggers" and not field.value and self.chosen:
            self.chosen.pop()
            self._show_chosen()
            self._refresh_commitments()
            event.prevent_default()

    def _show_chosen(self) -> None:
        hint = self.query_one("#triggers-hint", Label)
        if self.chosen:
            shown = Text()
            for trigger in self.chosen:
                shown.append(f" {self.trigger_names.get(trigger, trigger)} ", style="reverse")
                shown.append("  ")
            shown.append("(backspace in the empty box removes the last)", style="dim")
            hint.update(shown)
        else:
            hint.update("none yet: what pulled you away from the customer?")

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
            answer = self.answers.get(commitment.id, "")
            box.mount(
                Vertical(
                    Label(
                        f"Your commitment ({commitment.quarter}):"
                        f" if {named(commitment.trigger_name)} shows up, I will {commitment.plan}."
                        " Did you follow it?",
                        classes="commitment-question",
                    ),
                    Choice(f"commitment-{commitment.id}", FOLLOWED, answer),
                    classes="commitment",
                )
            )

    def _remember_answers(self) -> None:
        for commitment in self.commitments:
            for choice in self.query(f"#commitment-{commitment.id}").results(Choice):
                if choice.pressed_index >= 0:
                    self.answers[commitment.id] = choice.value

    # --- saving ------------------------------------------------------------------------------

    def _fields(self) -> tuple[EntryFields, frozenset[str]]:
        values = self.values()
        occurred = self._check_date("occurred_on")
        follow_up = self._check_date("follow_up_on")
        scales = {
            n: None if values[n] == UNSET else int(values[n]) for n in ("severity", "pressure")
        }
        fields = EntryFields(
            situation=values["situation"],
            kind=values["kind"],
            occurred_on=occurred,
            triggers=tuple(self.chosen),
            recovery=values["recovery"],
            customer=values["customer"],
            impact=values["impact"],
            recovery_note=values["recovery_note"],
            next_time=values["next_time"],
            severity=scales["severity"],
            pressure=scales["pressure"],
        )
        clear = {name for name, value in scales.items() if value is None}
        if values["control"] == UNSET:
            clear.add("control")
        else:
            fields = replace(fields, control=values["control"])
        if follow_up is None:
            clear.add("follow_up_on")
        else:
            fields = replace(fields, follow_up_on=follow_up)
        return fields, frozenset(clear & CLEARABLE)

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
        from journal.tui.screens.conflict import ConflictRow, ConflictScreen, who_changed

        theirs = conflict.current
        entry_id = conflict.entry_id
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
            rows = [
                ConflictRow(
                    VERSION_LABELS[change.field],
                    shown_value(change.field, change.before),
                    shown_value(change.field, change.after),
                    who_changed(
                        base.value(change.field) if base else None,
                        theirs.value(change.field),
                        mine.value(change.field),
                        known=base is not None,
                    ),
                )
                for change in changes_between(theirs, mine)
            ]
        else:
            rows = []
        if conflict.state == "gone":
            title = f"Entry {entry_id} was erased while you were editing it"
            explanation = (
                "It is no longer in the journal. Save what you typed as a new entry, or let it go."
            )
            mine_label, theirs_label = "Save as new entry", "Let it go"
        elif conflict.state == "trashed":
            title = f"Entry {entry_id} was moved to the trash while you were editing it"
            explanation = (
                f"In the trash since {_moment(conflict.deleted_at)}. Keep yours to save it and"
                " bring it back; or leave it in the trash, without your changes."
            )
            mine_label, theirs_label = "Keep yours", "Leave in trash"
        else:
            assert theirs is not None
            title = f"Entry {entry_id} changed while you were editing it"
            explanation = (
                f"Version {theirs.number} was saved elsewhere at {_moment(theirs.written_at)};"
                f" you started from version {conflict.expected}. Keep yours to save it over"
                f" theirs (theirs stays in the history), or take theirs and drop your changes."
            )
            mine_label, theirs_label = "Keep yours", "Take theirs"

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
                title=title,
                explanation=explanation,
                rows=rows,
                mine=mine_label,
                theirs=theirs_label,
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
