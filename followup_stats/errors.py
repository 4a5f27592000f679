"""Errors a user can act on: each names the file, line and column and what is wrong.

The command line turns any of these into one line on standard error and exit
code 2; the library raises them so notebooks see the same message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from followup_stats.suggest import closest


class FollowupStatsError(Exception):
    """Base class for errors caused by the user's input, not by a bug."""


class LogFormatError(FollowupStatsError):
    """A file that cannot be a log at all (empty, binary, no required column).

    Parameters
    ----------
    path
        The file, as the user named it.
    message
        What is wrong, in plain English.
    line, column
        Where, when known (1-based line; column name or number).
    also
        The other names the user gave the same log by (``log.xlsx``, whose
        first sheet is the ``log.xlsx[B]`` of ``path``): it was read once more
        under each, with this same error, said once.
    """

    def __init__(
        self,
        path: str,
        message: str,
        line: int | None = None,
        column: str | None = None,
        also: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.also = also
        super().__init__(str(self))

    def __reduce__(self) -> tuple[Any, ...]:  # pickled whole (a worker process)
        return (type(self), (self.path, self.message, self.line, self.column, self.also))

    def __str__(self) -> str:
        place = self.path
        if self.line is not None:
            place += f":{self.line}"
        if self.column is not None:
            place += f": column {self.column!r}"
        return f"{place}: {self.message}"


class UnreadableLogs(LogFormatError):
    """Every one of the logs given cannot be a log: each one's :class:`LogFormatError`.

    Raised where several logs are read and those that cannot be are set aside
    (``skip_unreadable``), when none is left to read. It is the first one's
    error too, so code that catches a :class:`LogFormatError` still does.

    Parameters
    ----------
    errors
        Each unreadable log's error, in the order the logs were given (at least one).
    """

    def __init__(self, errors: Sequence[LogFormatError]) -> None:
        self.errors = tuple(errors)
        first = self.errors[0]
        super().__init__(first.path, first.message, first.line, first.column)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors,))


class ConfigError(FollowupStatsError):
    """A configuration file or command-line setting that is not valid.

    Parameters
    ----------
    source
        Where the setting came from: the file, ``--config KEY=VALUE``, or the key.
    message
        What is wrong and what is allowed, in plain English.
    key
        The setting as written, when one is to blame (a file's reader adds its line).
    entry
        The key inside that setting's table to blame (a ``per-file-ignores``
        pattern), so a file's reader can point at its line rather than the table's.
    """

    def __init__(
        self, source: str, message: str, key: str | None = None, entry: str | None = None
    ) -> None:
        self.source = source
        self.message = message
        self.key = key
        self.entry = entry
        super().__init__(f"{source}: {message}")


class UsageError(FollowupStatsError):
    """A value given to a command or a library call that is not valid.

    A bad or far-off ``--as-of`` date (``as_of`` in the library), an output
    over an input, options that do not go together.
    """


class UnknownColumn(FollowupStatsError, KeyError):
    """``by`` (``--by``) names no column of the applications table.

    Also a :class:`KeyError`, what a missing column is in pandas, so code
    written against either keeps working; its text is the message, unquoted.
    """

    def __init__(self, column: str, known: Sequence[str]) -> None:
        self.column = column
        self.known = list(known)
        close = closest(str(column), self.known)
        #: ``did you mean source? `` for a slip (``sorce``), else empty.
        self.hint = f"did you mean {close[0]}? " if close else ""
        self.message = (
            f"cannot group by {column!r}: not a column of the applications table "
            f"({self.hint}choose one of {', '.join(self.known)})"
        )
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class UnknownChoice(FollowupStatsError, ValueError):
    """A value that is none of the names a parameter allows (``measure="x"``)."""


#: How a symbolic link loop (``a.csv -> b.csv -> a.csv``) is described, for every kind of log.
def closest_names_text(name: str, names: Sequence[str]) -> str:
    """What follows ``--candidate 'Sam Mensa': not in the log``: ``did you mean Sam Mensah?``
    with up to three names closest to ``name``, else ``candidates:`` and the first ten
    of ``names`` (sorted)."""
    close = closest(name.strip(), names, n=3)
    return f"did you mean {', '.join(close)}?" if close else f"candidates: {', '.join(names[:10])}"


SYMLINK_LOOP = "a symbolic link loop (too many levels of symbolic links)"


def standard_input_not_read(instead: str) -> str:
    """What a file named ``-`` (standard input) that does not exist is told, and ``instead``."""
    return f"standard input is not read; {instead}"


def no_such_file(name: str, *, device: bool = True) -> str:
    """What a missing log is told: ``no such file or folder``.

    A log named ``-`` is standard input, which no command reads: it is told
    so, and to give a file (or ``/dev/stdin``, read as a file, unless
    ``device`` is false: a report reads its log more than once).
    """
    if name != "-":
        return "no such file or folder"
    instead = "give a file (or /dev/stdin)" if device else "save it to a file and give that"
    return standard_input_not_read(instead)


def shown_name(text: str) -> str:
    """A file name as text that can be shown, stored and printed anywhere.

    A name whose bytes are not UTF-8 (``caf\xe9.csv``, saved by an old
    Latin-1 system) reaches Python with surrogates (PEP 383), which no
    UTF-8 text, Arrow string or terminal takes; those bytes are written
    ``\\xe9``. Any other name is returned as it is.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


# C0 and C1 control characters (and DEL): escaped in text output so a log cell
# can neither break the one-line-per-diagnostic layout nor drive the terminal.
#: Characters escaped in terminal text (and replaced in calendar text): C0/C1 controls,
#: and the bidirectional controls (U+061C, U+200E/F, U+202A..U+202E, U+2066..U+2069)
#: that could make a line read as something else.
CONTROL_CHARACTERS: Final = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    """``\\x1b`` for a control character, ``\\u202e`` beyond Latin-1."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` for a terminal line: its control characters (:data:`CONTROL_CHARACTERS`)
    escaped, so a file name can neither break the line nor drive the terminal."""
    return CONTROL_CHARACTERS.sub(_escape, text)
