"""The full-screen journal."""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.events import Event, Key, Paste
from textual.screen import Screen

from journal.config import Settings
from journal.periods import Calendar, Quarter, quarter_of
from journal.services.store import Draft, JournalStore
from journal.tui.screens.base import action_binding

if TYPE_CHECKING:
    from asyncio import AbstractEventLoop

    from textual.app import AutopilotCallbackType
    from textual.widgets import Input, TextArea

    from journal.cipher import Key as JournalKey
    from journal.tui.host import JournalHost
    from journal.tui.screens.journal_screen import JournalScreen


def _text_boxes() -> tuple[type[Input], type[TextArea]]:
    # Imported when a format character is typed: TextArea costs ~6 ms of every start.
    from textual.widgets import Input, TextArea

    return Input, TextArea


# Seconds after the journal's first paint when it is taken to be idle: no one has pressed the
# next key yet.
IDLE_AFTER_PAINT = 0.1


class JournalApp(App[None]):
    """Keyboard-first: every action has a key, a footer label, a help line and a command."""

    CSS_PATH = "app.tcss"
    TITLE = "journal"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    BINDINGS = [
        action_binding("checkin", "checkin", "Check in"),
        action_binding("triggers", "triggers", "Triggers"),
        action_binding("trash", "trash", "Trash", show=False),
        action_binding("patterns", "patterns", "Patterns"),
        action_binding("review", "review", "Review"),
        action_binding("export", "export", "Export", show=False),
        action_binding("classify", "classify", "Classify", show=False),
        action_binding("follow_ups", "follow_ups", "Follow-ups", show=False),
        action_binding("help", "help", "Help"),
        action_binding("quit", "quit", "Quit"),
    ]

    def __init__(
        self,
        db_path: Path,
        *,
        settings: Settings | None = None,
        today: date | None = None,
        demo_path: Path | None = None,
        passphrase_file: Path | None = None,
        config_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.config_file = config_file  # where a theme picked in the app is kept; None: not
        self.db_path = db_path
        self.settings = settings or Settings()
        self._today = today
        self.demo_path = demo_path
        self.passphrase_file = passphrase_file
        self.store: JournalStore | None = None
        # Why the app ended early (a journal it could not open), for the shell to print as
        # one line once the terminal is back; None: it ended as asked.
        self.failure: str | None = None
        self._tidies_memory = False  # run as the program (not in a test): see run()

    def run(
        self,
        *,
        headless: bool = False,
        inline: bool = False,
        inline_no_clear: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
        auto_pilot: AutopilotCallbackType | None = None,
        loop: AbstractEventLoop | None = None,
    ) -> None:
        # What is loaded by now (Textual, the journal's modules) lives until the process
        # ends: frozen, the garbage collector stops walking it again and again while the app
        # builds its first screen (a full collection of it cost ~15 ms before the first paint).
        gc.freeze()
        self._tidies_memory = True
        return super().run(
            headless=headless,
            inline=inline,
            inline_no_clear=inline_no_clear,
            mouse=mouse,
            size=size,
            auto_pilot=auto_pilot,
            loop=loop,
        )

    # --- shared state -------------------------------------------------------------------

    @property
    def today(self) -> date:
        if self._today is not None:
            return self._today
        from journal.dates import today

        return today()

    @property
    def quarter(self) -> Quarter:
        return quarter_of(self.today, self.settings.fiscal_year_start_month)

    @property
    def calendar(self) -> Calendar:
        return Calendar(self.settings.fiscal_year_start_month, self.settings.week_start_index)

    @property
    def journal(self) -> JournalStore:
        if self.store is None:
            raise RuntimeError("the journal is not open yet")
        return self.store

    # --- start and stop -----------------------------------------------------------------

    def on_mount(self) -> None:
        self._apply_theme()
        if self.settings.keys:
            self.set_keymap(dict(self.settings.keys))
        self.open_journal(self.db_path)

    def _apply_theme(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.notify(
                f"The theme {self.settings.theme!r} is not installed; using textual-dark."
                " Press ctrl+p and pick 'Theme' to see the choices.",
                severity="warning",
                timeout=8,
            )

    def open_journal(self, path: Path) -> None:
        """Open (or switch to) the journal at `path`; an encrypted one is unlocked first,
        from JOURNAL_PASSPHRASE, the passphrase file or the keyring, else on the unlock
        screen."""
        from journal.cipher import file_state
        from journal.errors import JournalError
        from journal.passphrase import Locked, Sources, unlock

        key = None
        try:
            if file_state(path) == "encrypted":
                key = unlock(path, Sources(file=self.passphrase_file))
        except Locked:
            from journal.tui.screens.unlock import UnlockScreen

            self.push_screen(UnlockScreen(path), lambda key: self._open_store(path, key))
            return
        except JournalError as error:
            self.fail(str(error), error.exit_status)
            return
        self._open_store(path, key)

    def fail(self, problem: str, status: int = 2) -> None:
        """End the app; the shell prints `problem` as one line and exits with `status`."""
        self.failure = problem
        self.exit(return_code=status)

    def _open_store(self, path: Path, key: JournalKey | None) -> None:
        from journal.tui.screens.journal_screen import JournalScreen

        if self.store is not None:
            self.store.close()
        self.db_path = path
        self.store = JournalStore(path, key=key)
        self._take_inbox()
        existing = self.journal_screen()
        if existing is None:
            self.push_screen(JournalScreen())
        else:
            # Switching journals (the welcome page's demo): keep the screen, show the new file.
            while self.screen is not existing:
                self.pop_screen()
            existing.start_over()
        if self.journal.total() == 0:
            from journal.tui.screens.welcome import WelcomeScreen  # Markdown: only when shown

            self.push_screen(WelcomeScreen())
        draft = self.journal.load_draft()
        if draft is not None:
            self.call_after_refresh(self._offer_draft, draft)
        self.call_after_refresh(self._back_up_today)
        if self._tidies_memory:
            self.call_after_refresh(self.set_timer, IDLE_AFTER_PAINT, self._when_idle)

    def _take_inbox(self) -> None:
        """The inbox's lines, taken in before the list is drawn (they are in it)."""
        from journal.config import takes_inbox
        from journal.errors import JournalError

        inbox = self.settings.inbox_path
        if inbox is None or not takes_inbox(self.db_path):
            return
        try:
            report = self.journal.take_inbox(inbox, today=self.today)
        except JournalError as error:
            self.notify(str(error), title="Inbox", severity="warning", timeout=10)
            return
        if not report.added and not report.returned:
            return
        message = f"Took in {len(report.added)} from the inbox"
        if report.to_classify:
            message += f", {report.to_classify} to classify (press i)"
        if report.returned:
            message += (
                f". {len(report.returned)} line(s) could not be read: they stay in the inbox"
                " with the reason under each"
            )
        self.notify(message + ".", title="Inbox", timeout=10)

    def _when_idle(self) -> None:
        """Once the journal is on screen and idle: the patterns screen made ready, then the
        garbage collected and what is left (the screen, its widgets and styles, the modules
        just loaded, which live as long as the app) frozen, so that the collections while the
        next screen is built walk only that screen's objects (full ones of everything cost
        12-20 ms each while the patterns screen opened)."""
        self.prepare_patterns()
        gc.collect()
        gc.freeze()

    def prepare_patterns(self) -> None:
        """Load what opening the patterns screen (p) needs before it is pressed: its modules,
        the analytics and its stylesheet (Textual parses every stylesheet again to add one,
        ~17 ms). Its rules name only the patterns screen's widgets, so the screens shown
        meanwhile look the same."""
        import inspect

        import journal.services.analytics.queries  # noqa: F401  (loaded, not used here)
        from journal.tui.screens.patterns import PatternsScreen

        css_path = PatternsScreen.CSS_PATH
        assert isinstance(css_path, str)
        # The same path Textual makes of CSS_PATH, so that pushing the screen finds it loaded.
        path = (Path(inspect.getfile(PatternsScreen)).parent / css_path).resolve()
        if not self.stylesheet.has_source(str(path)):
            self.stylesheet.read(path)
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def _back_up_today(self) -> None:
        """The day's backup copy, in a thread once the journal has painted."""
        store, keep = self.journal, self.settings.backups

        def back_up() -> None:
            problem = store.daily_backup(keep)
            if problem:
                self.call_from_thread(self.notify, problem, severity="warning", timeout=10)

        self.run_worker(back_up, thread=True, group="backup", name="daily backup")

    def _offer_draft(self, draft: Draft) -> None:
        from journal.tui.screens.confirm import ConfirmScreen

        what = f"entry {draft.entry_id}" if draft.entry_id else "a new entry"
        when = draft.saved_at[:16].replace("T", " ")
        question = f"You were writing {what} when the journal closed ({when}). Restore the draft?"

        def answered(restore: bool | None) -> None:
            if restore:
                self.open_form(draft.entry_id, draft=draft)
            else:
                self.journal.clear_draft()

        self.push_screen(
            ConfirmScreen(question, yes="Restore", no="Discard", id="draft-offer"), answered
        )

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    async def on_event(self, event: Event) -> None:
        """Type the invisible format characters a text box would drop.

        Textual's text boxes insert only characters Python calls printable, which leaves out
        the zero-width joiner inside emoji such as 👩‍💻 and the marks that set the direction
        of right-to-left text (U+200D, U+200F …): typed, they would be lost without a word.
        Each goes to the focused box as a one-character paste, in order with the keys around
        it (typed fast, or committed at once by an input method)."""
        if (
            isinstance(event, Key)
            and not event.is_forwarded
            and event.character is not None
            and len(event.character) == 1
            and unicodedata.category(event.character) == "Cf"
            and isinstance(focused := self.focused, _text_boxes())
        ):
            focused._forward_event(Paste(event.character))
            return
        await super().on_event(event)

    # --- actions --------------------------------------------------------------------------

    def open_form(
        self,
        entry_id: int | None,
        *,
        draft: Draft | None = None,
        then: Callable[[int | None], None] | None = None,
    ) -> None:
        """The entry form; `then` hears the saved entry's id (None when left unsaved)."""
        from journal.tui.screens.entry_form import EntryFormScreen

        def saved(new_id: int | None) -> None:
            self.journal_changed(keep=new_id)
            if then is not None:
                then(new_id)

        self.push_screen(
            EntryFormScreen(
                self.journal,
                today=self.today,
                settings=self.settings,
                entry_id=entry_id,
                draft=draft,
            ),
            saved,
        )

    def action_checkin(self) -> None:
        from journal.errors import JournalError

        try:
            done = self.journal.checkin(self.today)
        except JournalError as error:
            self.notify(str(error), severity="error")
            return
        streak = self.journal.streak(today=self.today)
        if done.status == "clean":
            message = f"Today is checked in as clean. Streak: {streak.days} days."
            message += " Had a slip after all? Press n to record it."
        else:
            message = f"Today is checked in as a day with slips. Streak: {streak.days} days."
        self.notify(message, title="Check-in")
        if (screen := self.journal_screen()) is not None:
            screen.refresh_title()  # a check-in changes the streak, not the list

    def journal_screen(self) -> JournalScreen | None:
        from journal.tui.screens.journal_screen import JournalScreen

        return next((s for s in self.screen_stack if isinstance(s, JournalScreen)), None)

    def journal_changed(self, keep: int | None = None) -> None:
        """Something wrote to the journal: the journal screen re-reads its list and header."""
        if (screen := self.journal_screen()) is not None:
            screen.after_write(keep=keep)

    def action_triggers(self) -> None:
        from journal.tui.screens.triggers import TriggersScreen

        if not isinstance(self.screen, TriggersScreen):
            self.push_screen(TriggersScreen())

    def action_trash(self) -> None:
        from journal.tui.screens.trash import TrashScreen

        if not isinstance(self.screen, TrashScreen):
            self.push_screen(TrashScreen())

    def action_patterns(self) -> None:
        from journal.tui.screens.patterns import PatternsScreen

        if not isinstance(self.screen, PatternsScreen):
            self.push_screen(PatternsScreen())

    def action_review(self) -> None:
        from journal.tui.screens.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_export(self) -> None:
        from journal.tui.screens.export import ExportScreen

        if isinstance(self.screen, ExportScreen):
            return
        quarter = self.journal.default_review_quarter(today=self.today, calendar=self.calendar)
        self.push_screen(ExportScreen(default_quarter=quarter))

    def action_classify(self) -> None:
        from journal.tui.screens.classify import ClassifyScreen

        if isinstance(self.screen, ClassifyScreen):
            return
        if self.journal.to_classify_count() == 0:
            self.notify("No imported entries are waiting to be classified.", title="Classify")
            return
        self.push_screen(ClassifyScreen())

    def action_follow_ups(self) -> None:
        from journal.tui.screens.follow_ups import FollowUpsScreen

        if not isinstance(self.screen, FollowUpsScreen):
            self.push_screen(FollowUpsScreen())

    def action_help(self) -> None:
        from journal.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def watch_theme(self, theme: str) -> None:
        """A theme picked in the palette is kept for the next start, in the config."""
        if theme == self.settings.theme or not self.is_running or self.config_file is None:
            return
        from journal.config import save_theme
        from journal.errors import JournalError

        try:
            saved = save_theme(theme, self.config_file)
        except JournalError as error:
            self.notify(f"Using {theme} now, but it could not be kept: {error}", severity="warning")
            return
        self.settings = self.settings._replace(theme=theme)
        self.notify(f"Theme {theme}, kept in {saved} for the next start.", timeout=4)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own entries but the theme and quit: its Keys panel, Maximize and
        # Screenshot mean nothing here (our Keys is the help screen).
        yield SystemCommand(
            "Theme", "Change the theme; kept for the next start", self.action_change_theme
        )
        yield SystemCommand("Quit", "Quit the journal (q)", self.action_quit)
        journal = self.journal_screen()
        if journal is not None:
            yield SystemCommand("New entry", "Record a slip or a save (n)", journal.action_new)
            yield SystemCommand("Search", "Search the journal (/)", journal.action_search)
            yield SystemCommand(
                "Filters",
                "Filter by quarter, dates, trigger, kind, customer (f)",
                journal.action_filters,
            )
        yield SystemCommand("Check in today", "Mark today clean (c)", self.action_checkin)
        yield SystemCommand(
            "Triggers", "List, add, rename or retire triggers (t)", self.action_triggers
        )
        yield SystemCommand("Trash", "Restore deleted entries (T)", self.action_trash)
        yield SystemCommand(
            "Patterns", "What keeps winning over customers (p)", self.action_patterns
        )
        yield SystemCommand(
            "Quarterly review", "Review the quarter and set commitments (r)", self.action_review
        )
        yield SystemCommand(
            "Export",
            "A summary for your coach, or the journal as JSON or CSV (x)",
            self.action_export,
        )
        yield SystemCommand(
            "Classify imported entries",
            "Say slip or save for each imported entry (i)",
            self.action_classify,
        )
        yield SystemCommand(
            "Follow-ups due",
            "Record what happened to the customer, or move the day (F)",
            self.action_follow_ups,
        )
        yield SystemCommand("Keys", "Every key and what it does (?)", self.action_help)


if TYPE_CHECKING:
    # The screens see the app as a JournalHost: mypy checks here that it is one.
    _APP_IS_A_HOST: type[JournalHost] = JournalApp
