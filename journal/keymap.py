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
    "clear_filters": ("C", "Clear the search and every filter"),
    "checkin": ("c", "Check in today"),
    "triggers": ("t", "Triggers"),
    "trash": ("T", "Trash"),
    "patterns": ("p", "Patterns"),
    "review": ("r", "Quarterly review"),
    "export": ("x", "Export"),
    "classify": ("i", "Classify imported entries"),
    "follow_ups": ("F", "Follow-ups due: close or move them"),
    "reload": ("ctrl+r", "Reload: show entries written elsewhere now"),
    "help": ("question_mark", "Help"),
    "quit": ("q", "Quit"),
}

ACTION_IDS: tuple[str, ...] = tuple(ACTIONS)

# Keys the app keeps for moving about: an action remapped onto one would never fire (the list
# or the form takes the key first) or would take away a way to move.
RESERVED: dict[str, str] = {
    "up": "moves up the list",
    "k": "moves up the list",
    "down": "moves down the list",
    "j": "moves down the list",
    "pageup": "pages up the list",
    "pagedown": "pages down the list",
    "space": "pages down the list",
    "home": "goes to the first entry",
    "g": "goes to the first entry",
    "end": "goes to the last entry",
    "G": "goes to the last entry",
    "left": "moves left",
    "right": "moves right",
    "enter": "opens or confirms",
    "escape": "closes or clears",
    "tab": "moves to the next field",
    "shift+tab": "moves to the previous field",
    "ctrl+p": "opens the command palette",
    "ctrl+c": "copies, or quits",
    "ctrl+q": "quits",
}

_NAME_CHANGES = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def key_name(key: str) -> str:
    """A key as Textual names it: a punctuation character typed as itself ("?", "/") becomes
    its name ("question_mark", "slash"); anything else is kept as written."""
    key = key.strip() or key  # " " is the space bar's character
    if len(key) != 1 or key.isalnum():
        return key
    import unicodedata

    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return key
    return _NAME_CHANGES.get(name, name)
