"""The entry form's trigger box: type a trigger, Enter adds it; backspace in the empty box
takes the last one off again."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.events import Key
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input

from journal.records import Trigger


class TriggerPicker(Input):
    """Offers the triggers in use (and the retired ones the entry already has), completes
    their ids and names, and keeps the ones chosen, in order.

    It says what happened with messages: `ChosenChanged`, `Refused` (a retired trigger) and
    `NewName` (a name that is no trigger yet: the form offers to create it)."""

    class ChosenChanged(Message):
        """A trigger was added or taken off."""

    class Refused(Message):
        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem

    class NewName(Message):
        def __init__(self, typed: str) -> None:
            super().__init__()
            self.typed = typed

    def __init__(
        self,
        triggers: Iterable[Trigger],
        *,
        chosen: list[str],
        keep_retired: frozenset[str],
        placeholder: str,
        id: str,
    ) -> None:
        known = list(triggers)
        self.offered = [t for t in known if not t.retired or t.id in keep_retired]
        self.retired = [t for t in known if t.retired and t.id not in keep_retired]
        self.names = {t.id: t.name for t in known}
        self.chosen = chosen
        super().__init__(placeholder=placeholder, suggester=self._suggester(), id=id)

    def _words(self) -> list[str]:
        """What the box completes: ids first, then display names."""
        return [t.id for t in self.offered] + [t.name for t in self.offered]

    def _suggester(self) -> SuggestFromList:
        return SuggestFromList(self._words(), case_sensitive=False)

    def resolve(self, typed: str) -> str | None:
        """The trigger an id or name means; else the one the box suggests (its grey
        completion, which Enter takes as the person sees it); else None."""
        wanted = typed.strip().lower()
        for trigger in self.offered:
            if wanted in (trigger.id, trigger.name.lower()):
                return trigger.id
        for word in self._words():
            if word.lower().startswith(wanted):
                return self.resolve(word)
        return None

    def _retired_named(self, typed: str) -> str | None:
        wanted = typed.strip().lower()
        for trigger in self.retired:
            if wanted in (trigger.id, trigger.name.lower()):
                return trigger.id
        return None

    def choose(self, trigger_id: str) -> None:
        if trigger_id not in self.chosen:
            self.chosen.append(trigger_id)

    def add_new(self, trigger: Trigger) -> None:
        """A trigger just created: offered from now on, and chosen."""
        self.offered.append(trigger)
        self.names[trigger.id] = trigger.name
        self.suggester = self._suggester()
        self.value = ""
        self.choose(trigger.id)

    def take_typed(self) -> str | None:
        """On save: a trigger typed but not yet added with Enter is added, not lost. Returns
        the problem when what is typed is no trigger."""
        typed = self.value.strip()
        if not typed:
            return None
        found = self.resolve(typed)
        if found is None:
            return f"{typed!r} is not a trigger yet; press Enter to create it, or clear the box"
        self.choose(found)
        self.value = ""
        return None

    def chosen_text(self) -> Text:
        """The chosen triggers as chips, for the line under the box."""
        if not self.chosen:
            return Text("none yet: what pulled you away from the customer?")
        shown = Text()
        for trigger in self.chosen:
            shown.append(f" {self.names.get(trigger, trigger)} ", style="reverse")
            shown.append("  ")
        shown.append("(backspace in the empty box removes the last)", style="dim")
        return shown

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            return
        found = self.resolve(typed)
        if found is not None:
            self.choose(found)
            self.value = ""
            self.post_message(self.ChosenChanged())
        elif (retired := self._retired_named(typed)) is not None:
            self.post_message(
                self.Refused(
                    f"{retired} is retired; bring it back on the Triggers screen (t) to use it"
                )
            )
        else:
            self.post_message(self.NewName(typed))

    def on_key(self, event: Key) -> None:
        if event.key == "backspace" and not self.value and self.chosen:
            self.chosen.pop()
            self.post_message(self.ChosenChanged())
            event.prevent_default()
