"""Counts in words: "1 day", "3 days", never "3 day(s)".

Every count a person reads (the command line's messages, the reports, the
figures' text) is worded here, so "1 rows" or "2 event(s)" has one place to
be fixed. :func:`counted` words one count, :func:`counted_phrase` a noun
phrase whose head noun is not the first word ("1 interview round with
follow-ups"). The rules' messages word whole columns of day counts with
:func:`followup_stats.rules.wording.count_text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def plural(count: float, one: str, many: str | None = None) -> str:
    """``one`` for a count of 1, else ``many`` (default ``one`` + "s"): "1 day", "1.5 days"."""
    return one if count == 1 else (many or one + "s")


def counted(count: int, one: str, many: str | None = None) -> str:
    """``1`` -> ``"1 day"``, ``3`` -> ``"3 days"``; ``many`` for an irregular plural."""
    return f"{count} {plural(count, one, many)}"


#: Plural nouns that head the phrases of sentences, and their singular.
SINGULAR: Mapping[str, str] = {
    "applications": "application",
    "rounds": "round",
    "follow-ups": "follow-up",
    "waits": "wait",
}


def listed(names: Sequence[str]) -> str:
    """Names in a sentence: ``["a.csv", "b.csv", "c.csv"]`` -> ``"a.csv, b.csv and c.csv"``."""
    return names[-1] if len(names) < 2 else ", ".join(names[:-1]) + " and " + names[-1]


def counted_phrase(words: str, count: int) -> str:
    """``words``, a plural noun phrase, for ``count``: "interview round with follow-ups" for 1.

    The first word listed in :data:`SINGULAR` is the head noun: "interview
    rounds" -> "interview round", "rounds with follow-ups" -> "round with
    follow-ups". The count itself is not written.
    """
    if count == 1:
        parts = words.split(" ")
        for position, word in enumerate(parts):
            if word in SINGULAR:
                parts[position] = SINGULAR[word]
                return " ".join(parts)
    return words
