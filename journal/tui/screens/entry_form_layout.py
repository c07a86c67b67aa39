"""The entry form's layout: what happened on the left, its details on the right (one column
when narrow), each field with its label, hint and problem line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, TextArea

from journal.tui.form_values import CHOICES, LABELS, FormStart
from journal.tui.widgets.choice import Choice
from journal.tui.widgets.fitted_footer import FittedFooter
from journal.tui.widgets.trigger_picker import TriggerPicker


def form_layout(form: FormStart, *, entry_id: int | None) -> ComposeResult:
    """The form's widgets, filled with what it starts from; composed by the form screen."""
    start = form.start
    title = f"Edit entry {entry_id}" if entry_id else "New entry"
    yield Label(f"{title}  ·  ctrl+s saves, escape leaves", id="form-title")
    for tripwire in form.tripwires:
        yield Label(f"▲ {tripwire.line}", classes="tripwire")
    with VerticalScroll(id="form"), Horizontal(id="columns"):
        with Vertical(id="main-column", classes="column"):
            with Horizontal(classes="row"):
                yield _field("kind", Choice("kind", CHOICES["kind"], start["kind"]))
                yield _field(
                    "occurred_on",
                    Input(start["occurred_on"], placeholder="today, yesterday, friday, Oct 3",
                          id="occurred_on"),
                    hint=True,
                )  # fmt: skip
            yield _field("situation", TextArea(start["situation"], id="situation"))
            yield _field(
                "triggers",
                TriggerPicker(
                    form.triggers,
                    chosen=[t for t in start["triggers"].split(",") if t],
                    keep_retired=form.keep_retired,
                    placeholder="type a trigger, Enter adds it (a new name creates one)",
                    id="triggers",
                ),
                hint=True,
            )
            yield Vertical(id="commitments")
        with Vertical(id="detail-column", classes="column"):
            with Horizontal(classes="row"):
                yield _field(
                    "customer",
                    Input(
                        start["customer"],
                        suggester=SuggestFromList(form.customers, case_sensitive=False),
                        id="customer",
                    ),
                )
                yield _field("impact", Input(start["impact"], id="impact"))
            for name in ("severity", "pressure", "control", "recovery"):
                yield _field(name, Choice(name, CHOICES[name], start[name]))
            with Horizontal(classes="row"):
                yield _field("recovery_note", Input(start["recovery_note"], id="recovery_note"))
                yield _field("next_time", Input(start["next_time"], id="next_time"))
            yield _field(
                "follow_up_on",
                Input(start["follow_up_on"], placeholder="in 2 weeks, next friday",
                      id="follow_up_on"),
                hint=True,
            )  # fmt: skip
    yield FittedFooter()


def _field(name: str, widget: Input | TextArea | Choice, hint: bool = False) -> Vertical:
    parts: list[Label | Input | TextArea | Choice] = [
        Label(LABELS[name], classes="field-label"),
        widget,
    ]
    if hint:
        parts.append(Label("", id=f"{name}-hint", classes="hint"))
    parts.append(Label("", id=f"{name}-problem", classes="problem"))
    return Vertical(*parts, classes="field", id=f"{name}-field")
