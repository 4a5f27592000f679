"""The stage line of a long command on standard error: ``check: the rules [00:07]``.

A command on a log of millions of events spends seconds in each of a few
stages: reading the log, the rules or each table, formatting the output. The
command line names each stage on one line of standard error as it starts,
with the time since the first stage began, when standard error is a terminal
and the log looks big (:data:`SHOWN_FROM_ROWS` rows or more), always with
``--progress`` and never with ``--no-progress``. The line is cleared before
the output is written, so the output reads the same with it or without it,
and nothing changes for a script reading a pipe.

The engines only call a plain function with each stage's name
(:data:`followup_stats.engines.Progress`); this module is the command line's
side of it.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

#: What the engines call with the name of each stage as it starts.
Progress = Callable[[str], None]


def silent(stage: str) -> None:
    """A :data:`Progress` that shows nothing: the engines' default."""


#: Rows from which a command on a terminal shows its stages (about a second of work).
SHOWN_FROM_ROWS = 250_000

#: tqdm's settings for the line, all given so that ``TQDM_*`` environment variables
#: (which tqdm reads for any setting not given) cannot hide it, delay it or move it.
_LINE_SETTINGS: dict[str, Any] = {
    "bar_format": "{desc} [{elapsed}]",
    "leave": False,
    "disable": False,
    "delay": 0,
    "position": 0,
    "mininterval": 0,
    "ncols": None,
    "dynamic_ncols": False,
}


@functools.cache
def _line_class() -> Any:
    """tqdm without its monitor thread: a command may fork worker processes (``--jobs``)."""
    from tqdm import tqdm

    class Line(tqdm):
        monitor_interval = 0

    return Line


class StageLine:
    """One line of standard error naming the current stage.

    Calling it with a stage's name shows that stage (the line is drawn at
    the first one); :meth:`close` clears the line. The clock runs from the
    first stage and is brought up to date at each one.
    """

    def __init__(self, label: str, file: TextIO) -> None:
        self._label = label
        self._file = file
        self._bar: Any = None

    def __call__(self, stage: str) -> None:
        text = f"{self._label}: {stage}"
        if self._bar is None:
            self._bar = _line_class()(desc=text, file=self._file, **_LINE_SETTINGS)
        else:
            self._bar.set_description_str(text)

    def close(self) -> None:
        """Clear the line (nothing to do when no stage was shown)."""
        if self._bar is not None:
            self._bar.close()


def is_terminal(file: TextIO) -> bool:
    """Whether ``file`` is a terminal (``False`` for a closed or unusual stream)."""
    try:
        return file.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def shown(
    label: str, wanted: bool | None, rows: int, file: TextIO | None = None
) -> Iterator[Progress]:
    """A :data:`~followup_stats.engines.Progress` for one command, cleared when the block ends.

    Parameters
    ----------
    label
        What the line starts with: the command (``check``).
    wanted
        ``True`` (``--progress``) or ``False`` (``--no-progress``); ``None``
        shows it when ``file`` is a terminal and ``rows`` is at least
        :data:`SHOWN_FROM_ROWS`.
    rows
        About how many rows the logs hold.
    file
        Where the line goes (default standard error).
    """
    stream = sys.stderr if file is None else file
    show = wanted if wanted is not None else rows >= SHOWN_FROM_ROWS and is_terminal(stream)
    if not show:
        yield silent
        return
    line = StageLine(label, stream)
    try:
        yield line
    finally:
        line.close()
