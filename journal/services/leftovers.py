"""See before you share: what a redacted export still shows that may name someone.

Redaction hides the customers and the names in `private_names`. A name written only in free
text (a colleague, a project) or an amount stays. The check reads the same redacted words
the export would write and lists the capitalised words and the numbers and amounts left, with
how often each appears, so the person can add names to `private_names` before sending.

Names are found by their capital letter, so in scripts without capitals (Chinese, Japanese,
Arabic, Hebrew, Thai, …) the check cannot tell a name from any other word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from journal.catalogue import BUILTIN_TRIGGERS, CATEGORIES
from journal.common_words import SENTENCE_STARTS
from journal.services.exports import ExportSource

# What redaction writes in place of a name.
_REPLACED = re.compile(r"\[withheld\]|Customer [A-Z]+(?:(?:, | or )[A-Z]+)*")
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['\u2019\-][^\W_]+)*")
# 1,200 · 40.5 · 3 400 (thin or plain spaces between thousands)
_NUMBER = r"\d{1,3}(?:[,.\u202f\u00a0 ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_AMOUNT = re.compile(
    rf"(?<![\w.,])(?:[$€£¥₹₩]\s?(?:{_NUMBER})(?:\s?(?:k|m|bn|K|M|BN)\b)?"
    rf"|(?:{_NUMBER})\s?(?:k|m|bn|K|M|BN)\b"
    rf"|(?:{_NUMBER})\s?(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|dollars|euros|pounds)\b"
    rf"|(?:{_NUMBER})\s?[$€£¥₹₩])"
)
_LONG_NUMBER = re.compile(rf"(?<![\w.,\-/:])(?:{_NUMBER})(?![\w\-/:])")
# What ends a sentence (or starts a bulleted line): the first word after it starts one.
_SENTENCE_BREAK = re.compile(r"[.!?\u2026:;\n]|^\s*[-*\u2022]", re.M)
_DIGIT = re.compile(r"\d")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_QUARTER_LABEL = re.compile(r"(?:FY\d{2,4}-?)?Q[1-4]|FY\d{2,4}|\d{4}-Q[1-4]", re.IGNORECASE)


def _catalogue_words() -> frozenset[str]:
    texts = [*CATEGORIES]
    for trigger in BUILTIN_TRIGGERS:
        texts += [trigger.id.replace("-", " "), trigger.name, trigger.category, trigger.description]
    return frozenset(word.casefold() for text in texts for word in _WORD.findall(text))


_LEAVE_OUT = SENTENCE_STARTS | _catalogue_words()


# Kinds of leftover, in the order they are shown: the likeliest names first.
INSIDE = "inside"  # capitalised inside a sentence somewhere
NUMBER = "number"  # an amount, or a number of three digits or more
AT_START = "at-start"  # capitalised only where a sentence starts, never written in lowercase
LEFTOVER_KINDS = (INSIDE, NUMBER, AT_START)
KIND_TITLES = {
    INSIDE: "Capitalised inside a sentence:",
    NUMBER: "Numbers and amounts:",
    AT_START: "Capitalised only where a sentence starts (a name among them?):",
}


@dataclass(frozen=True, slots=True)
class Leftover:
    text: str  # as most often written
    count: int
    kind: str  # one of LEFTOVER_KINDS


@dataclass(frozen=True, slots=True)
class CheckResult:
    entries: int  # entries the export would hold
    leftovers: tuple[Leftover, ...]  # most frequent first


def leftovers_in(texts: Iterable[str]) -> tuple[Leftover, ...]:
    """Capitalised words and amounts or long numbers in `texts`, most frequent first; the same
    word in any case counts as one.

    A capital at the start of a sentence says little: such a word is left out when it is a
    common sentence start or a catalogue word, or when the texts also write it in lowercase
    (an ordinary word); the others come last, apart from the words capitalised inside a
    sentence, which are the likeliest names."""
    capitalised: Counter[str] = Counter()  # as written
    inside: set[str] = set()  # capitalised in the middle of a sentence somewhere
    written: set[str] = set()  # every word as written
    numbers: Counter[str] = Counter()
    for text in texts:
        text = _REPLACED.sub("_", text)
        if _DIGIT.search(text):
            numbers.update(" ".join(m.split()) for m in _AMOUNT.findall(text))
            text = _AMOUNT.sub("_", text)
            numbers.update(n for n in _LONG_NUMBER.findall(text) if _worth_listing(n))
        for sentence in _SENTENCE_BREAK.split(text):
            found = _WORD.findall(sentence)
            if not found:
                continue
            written.update(found)
            caps = [word for word in found if word[0].isupper()]
            if caps:
                capitalised.update(caps)
                inside.update(caps[1:] if found[0][0].isupper() else caps)
    # Each spelling once: possessive off, then the same word in any case together.
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    keys_inside: set[str] = set()
    for spelling, count in capitalised.items():
        word = _POSSESSIVE.sub("", spelling)
        key = word.casefold()
        if key in _LEAVE_OUT or _QUARTER_LABEL.fullmatch(word):
            continue
        counts[key] += count
        spellings.setdefault(key, Counter())[word] += count
        if spelling in inside:
            keys_inside.add(key)
    lowercase = {_POSSESSIVE.sub("", w).casefold() for w in written if not w[0].isupper()}
    leftovers = [
        Leftover(
            spellings[key].most_common(1)[0][0], count, INSIDE if key in keys_inside else AT_START
        )
        for key, count in counts.items()
        if key in keys_inside or key not in lowercase
    ]
    leftovers += [Leftover(text, count, NUMBER) for text, count in numbers.items()]
    return tuple(
        sorted(
            leftovers,
            key=lambda item: (
                LEFTOVER_KINDS.index(item.kind),
                -item.count,
                item.text.casefold(),
                item.text,
            ),
        )
    )


def _worth_listing(number: str) -> bool:
    """Three digits or more, and not a year."""
    digits = sum(char.isdigit() for char in number)
    year = digits == 4 and number.isdigit() and 1900 <= int(number) <= 2099
    return digits >= 3 and not year


def _persons_words(source: ExportSource, fmt: str) -> Iterator[str]:
    """Every piece of the person's own text the export holds, redacted as it would be."""
    for item in source.entries():
        entry = item.entry
        yield entry.situation
        yield from (text for text in (entry.impact, entry.recovery_note, entry.next_time) if text)
        yield from (note.text for note in entry.notes)
    if fmt == "csv":
        return  # one row per entry: nothing else
    rows = source.journal_rows()
    for trigger in rows["triggers"]:
        if not trigger["builtin"] or trigger["name"] not in _BUILTIN_NAMES:
            yield from (trigger["name"], trigger["category"], trigger["description"])
    if fmt != "json" or not source.scope.with_entries:
        yield from _figure_words(source)  # a summary, or the figures and the review only
        return
    for review in rows["reviews"]:
        yield from (review[key] for key in ("reflection", "start_doing", "stop_doing",
                                            "continue_doing"))  # fmt: skip
    yield from (commitment["plan"] for commitment in rows["commitments"])


_BUILTIN_NAMES = frozenset(trigger.name for trigger in BUILTIN_TRIGGERS)


def _figure_words(source: ExportSource) -> Iterator[str]:
    """The review's answers and the commitments' plans a summary shows, redacted."""
    patterns, review = source.figures()
    plans = [figure.plan for figure in patterns.commitments]
    if review is not None:
        plans += [figure.plan for figure in review.due]
        saved = review.saved
        if saved is not None:
            yield from (
                source.text(text)
                for text in (saved.reflection, saved.start_doing, saved.stop_doing,
                             saved.continue_doing)
            )  # fmt: skip
            plans += [commitment.plan for commitment in saved.commitments]
    yield from (source.text(plan) for plan in plans)


def check(source: ExportSource, fmt: str) -> CheckResult:
    """What the redacted export of `source` in `fmt` would still show that may name someone."""
    if source.redactor is None:
        raise ValueError("the check is for a redacted export")
    return CheckResult(entries=source.count(), leftovers=leftovers_in(_persons_words(source, fmt)))
