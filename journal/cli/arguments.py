"""Argument types and the options shared by `add` and `edit`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NoReturn

from journal.cli.common import Handler, UsageError
from journal.text import quoted
from journal.vocabulary import CONTROLS, FOLLOWED, KINDS, RECOVERIES

# The largest id SQLite can hold; ids and counts beyond it name nothing.
MAX_INTEGER = 2**63 - 1


MAX_DEMO_ENTRIES = 200_000


def _scale(label: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = whole_number(text)
        if value is None or not 1 <= value <= 5:
            raise argparse.ArgumentTypeError(
                f"{label} must be a whole number from 1 to 5, not {quoted(text)}"
            )
        return value

    return parse


def whole_number(text: str) -> int | None:
    """Decimal digits (of any script) as an int up to MAX_INTEGER; None for anything else: a
    sign, a fraction, a superscript ² (a digit, but not a decimal one), a number beyond what
    SQLite holds."""
    digits = text.strip()
    if not digits or len(digits) > 19 or not digits.isdecimal():
        return None
    value = int(digits)
    return value if value <= MAX_INTEGER else None


def entry_id_argument(text: str) -> int:
    value = whole_number(text)
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(
            f"an entry id is a positive whole number (up to {MAX_INTEGER:,}), not {quoted(text)}"
        )
    return value


def count_argument(text: str) -> int:
    value = whole_number(text)
    if value is None:
        raise argparse.ArgumentTypeError(
            f"give a whole number up to {MAX_INTEGER:,} (0 for all), not {quoted(text)}"
        )
    return value


def demo_entries_argument(text: str) -> int:
    value = whole_number(text)
    if value is None or not 1 <= value <= MAX_DEMO_ENTRIES:
        raise argparse.ArgumentTypeError(
            f"give at least 1 and at most {MAX_DEMO_ENTRIES:,}, not {quoted(text)}"
        )
    return value


def add_entry_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument(
        "--kind", choices=KINDS, help="slip: my priority won; save: I held the line"
    )
    parser.add_argument(
        "-t",
        "--trigger",
        action="append",
        dest="triggers",
        metavar="ID",
        help="a trigger id or name (repeat for more)" + ("; replaces the set" if editing else ""),
    )
    parser.add_argument("--customer", metavar="NAME", help="the account or person affected")
    parser.add_argument("--impact", metavar="TEXT", help="what the customer lost or risked")
    parser.add_argument(
        "--severity", type=_scale("severity"), metavar="1-5", help="impact on the customer, 1-5"
    )
    parser.add_argument(
        "--pressure", type=_scale("pressure"), metavar="1-5", help="how strong the pull felt, 1-5"
    )
    parser.add_argument("--control", choices=CONTROLS, help="was it mine to control")
    parser.add_argument(
        "--recovery",
        choices=RECOVERIES,
        help="what came of recovering",
    )
    parser.add_argument("--recovery-note", metavar="TEXT", help="how the recovery went")
    parser.add_argument(
        "--next-time", metavar="TEXT", help="the first step next time this comes up"
    )
    parser.add_argument(
        "--follow-up", metavar="WHEN", help="when to come back and record what happened"
    )
    parser.add_argument("--date", metavar="WHEN", help="when it happened (default: today)")
    parser.add_argument(
        "--followed",
        choices=FOLLOWED,
        help="did you follow your commitment on this trigger (when one is running)",
    )
    parser.add_argument("--edit", action="store_true", help="write the situation in $EDITOR")


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line (the default prints the usage too), and a
    long value is quoted as its first characters, not whole."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {_shorten_values(message)} (see '{self.prog} --help')")


def _shorten_values(message: str) -> str:
    import re

    from journal.text import QUOTE_LIMIT

    def cut(match: re.Match[str]) -> str:
        text = match.group()
        if len(text) <= QUOTE_LIMIT + 2:
            return text
        quote = text[0] if text[0] in "'\"" else ""
        return text[:QUOTE_LIMIT] + "…" + quote

    # argparse quotes values with repr(); unrecognised arguments come unquoted.
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\S{60,}", cut, message)


def handler_in(module: str, name: str) -> Handler:
    """A command's function, imported from journal.cli.<module> only when that command runs:
    capture loads none of the other commands' modules."""

    def run(args: argparse.Namespace) -> int:
        from importlib import import_module

        handler: Handler = getattr(import_module(f"journal.cli.{module}"), name)
        return handler(args)

    return run
