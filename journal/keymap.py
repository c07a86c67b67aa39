"""The app's actions by binding id: the names a person uses to remap keys in the config.

Kept free of Textual so the config (and so the CLI) can check them cheaply.
"""

from __future__ import annotations

# id → (default keys, what it does)
ACTIONS: dict[str, tuple[str, str]] = {
    "new": ("n", "New entry"),
    "edit": ("e", "Edit the selected entry"),
    "note": ("a", "Add a later note"),
    "delete": ("d", "Delete (to the trash)"),
    "undo": ("u", "Undo the last delete"),
    "history": ("h", "History: every version of the entry"),
    "search": ("slash", "Search"),
    "filters": ("f", "Filters"),
    "checkin": ("c", "Check in today"),
    "triggers": ("t", "Triggers"),
    "trash": ("T", "Trash"),
    "patterns": ("p", "Patterns"),
    "review": ("r", "Quarterly review"),
    "export": ("x", "Export"),
    "classify": ("i", "Classify imported entries"),
    "reload": ("ctrl+r", "Reload: show entries written elsewhere now"),
    "help": ("question_mark", "Help"),
    "quit": ("q", "Quit"),
}

ACTION_IDS: tuple[str, ...] = tuple(ACTIONS)
