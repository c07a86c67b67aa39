"""Counts in words, without importing anything: the CLI's start-up stays fast.

`journal.sentences` re-exports these beside every other sentence about figures; the CLI
imports them from here, so capture does not load the analytics.
"""

from __future__ import annotations

MINUS = "\u2212"  # a true minus sign lines up with the plus
IRREGULAR_PLURALS = {"entry": "entries"}


def noun(count: int, word: str, many: str | None = None) -> str:
    """The word alone in the number `count` asks for: 'slip' for 1, 'entries' for 2 (for a
    column where the count is aligned apart from its word)."""
    if count == 1:
        return word
    return many or IRREGULAR_PLURALS.get(word, word + "s")


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 slip', '3 slips', '2 entries'."""
    return f"{count:,} {noun(count, word, many)}"


def named(name: str) -> str:
    """A name inside a sentence, in quotes so where it ends is plain: 'if “Looking good to the
    boss” shows up'."""
    return f"\u201c{name}\u201d"


def signed(number: int) -> str:
    """'+3', a true minus before 2, or '±0'."""
    return f"{number:+,}".replace("-", MINUS) if number else "±0"
