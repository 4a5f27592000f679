"""Glob patterns as ruff's ``per-file-ignores`` reads them (the globset crate's syntax).

:mod:`fnmatch` is not that syntax: it knows no ``**`` that may stand for no
folder (``**/*.csv`` must match ``log.csv`` too) and no alternatives
(``{archive,old}/*.csv``), and patterns written for ruff would silently match
nothing. A pattern is translated once into a regular expression:

- ``*`` any run of characters, ``/`` included (globset's default, as ruff uses it);
- ``?`` one character; ``[abc]``, ``[a-z]`` and ``[!abc]`` one of (or none of) a set;
- ``**/`` at the start, after a ``/`` or at the start of an alternative: no folder or
  any folders; ``/**`` at the end (of the pattern or of an alternative): everything below;
- ``{a,b}`` either alternative (not nested, as in globset);
- ``\\`` makes the next character literal: :func:`escape` writes a folder's path
  so that ``[2026]`` in a folder name is not read as a set.
"""

from __future__ import annotations

import functools
import re

#: Characters with a meaning in a pattern, escaped by :func:`escape`.
_SPECIAL = frozenset("*?[]{}\\")


def escape(literal: str) -> str:
    """``literal`` (a folder's path) as a pattern that matches exactly it."""
    return "".join("\\" + c if c in _SPECIAL else c for c in literal)


@functools.lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """The regular expression a whole path must match to match ``pattern``.

    Raises
    ------
    ValueError
        For an unclosed ``[`` or ``{``, or a ``{`` inside another: the pattern
        would otherwise mean something else than its writer meant.
    """
    parts: list[str] = []
    position, size, braces = 0, len(pattern), 0
    at_segment_start = True  # at the start, after a "/", or at the start of an alternative
    while position < size:
        char = pattern[position]
        if pattern.startswith("**", position) and at_segment_start:
            after = position + 2
            if after == size or (braces and pattern[after] in ",}"):
                parts.append(".*")  # "dir/**": everything below (or, alone, everything)
                position, at_segment_start = after, False
                continue
            if pattern[after] == "/":  # "**/": no folder or any folders
                parts.append("(?:.*/)?")
                position = after + 1
                continue
        at_segment_start = char == "/" or (braces > 0 and char == ",") or char == "{"
        if char == "\\" and position + 1 < size:
            parts.append(re.escape(pattern[position + 1]))
            position += 2
        elif char == "*":
            parts.append(".*")
            position += 1
        elif char == "?":
            parts.append(".")
            position += 1
        elif char == "[":
            regex, position = _character_class(pattern, position)
            parts.append(regex)
        elif char == "{":
            if braces:
                raise ValueError(f"{pattern!r}: a '{{' inside another")
            braces += 1
            parts.append("(?:")
            position += 1
        elif char == "," and braces:
            parts.append("|")
            position += 1
        elif char == "}" and braces:
            braces -= 1
            parts.append(")")
            position += 1
        else:
            parts.append(re.escape(char))
            position += 1
    if braces:
        raise ValueError(f"{pattern!r}: a '{{' is not closed")
    return re.compile("".join(parts), re.DOTALL)


def _character_class(pattern: str, start: int) -> tuple[str, int]:
    """The set that opens at ``pattern[start]`` (a ``[``) as a regular expression, and
    where the pattern goes on after it.

    ``[!...]`` and ``[^...]`` negate; a ``]`` first in the set is one of its
    characters (``[]]``, ``[!]]``); ``a-z`` is a range, and a ``-`` first or
    last is itself. Every other character stands for itself.
    """
    position = start + 1
    negated = position < len(pattern) and pattern[position] in "!^"
    position += negated
    members: list[str] = []
    first = True
    while position < len(pattern) and (first or pattern[position] != "]"):
        low = pattern[position]
        is_range = (
            position + 2 < len(pattern)
            and pattern[position + 1] == "-"
            and pattern[position + 2] != "]"
        )
        if is_range:
            high = pattern[position + 2]
            if high < low:
                raise ValueError(f"{pattern!r}: the range {low}-{high} runs backwards")
            members.append(re.escape(low) + "-" + re.escape(high))
            position += 3
        else:
            members.append(re.escape(low))
            position += 1
        first = False
    if position >= len(pattern):
        raise ValueError(f"{pattern!r}: a '[' is not closed")
    return "[" + ("^" if negated else "") + "".join(members) + "]", position + 1


def matches(pattern: str, path: str) -> bool:
    """Whether the whole of ``path`` (with ``/`` between folders) matches ``pattern``."""
    return glob_regex(pattern).fullmatch(path) is not None
