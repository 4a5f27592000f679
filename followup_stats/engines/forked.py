"""Worker processes for the pandas engine: the parts of a big log on every core.

After reading, everything runs on one core, so a log of many candidates is
split by candidate (:mod:`followup_stats.engines.partitioned`) and its parts
worked on at once: this process takes the first part, and each other part
goes to a child made with ``fork``. A child starts with this process's
memory (the log already read, the modules already imported), so nothing is
sent to it; only its result comes back, pickled, through a pipe.

Where ``fork`` is not offered or not safe (Windows; macOS, whose system
libraries are not fork-safe), or only one core is usable, the work runs here
in turn. A child that dies (out of memory, say) costs time, not results:
its part is worked on again here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import TypeVar

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def can_fork() -> bool:
    """Whether worker processes may be forked here (Linux and the BSDs)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and not sys.platform.startswith("win")


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where known)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        try:
            return max(1, len(affinity(0)))
        except OSError:
            pass
    return max(1, os.cpu_count() or 1)


def processes(jobs: int | None) -> int:
    """How many processes ``jobs`` asks for: ``None`` means one per usable core.

    Always 1 where :func:`can_fork` is false.
    """
    if not can_fork():
        return 1
    return max(1, usable_cores() if jobs is None else jobs)


def fork_map(function: Callable[[_Item], _Result], items: Sequence[_Item]) -> list[_Result]:
    """``[function(item) for item in items]``, the items after the first in forked children.

    The first item is worked on in this process while the children work on
    theirs. An exception raised by ``function`` in a child is raised here
    (as it would be in turn); a child that ends without a result has its
    item worked on here.
    """
    if len(items) < 2 or not can_fork():
        return [function(item) for item in items]
    children: list[tuple[int, int]] = []
    try:
        for item in items[1:]:
            children.append(_start(function, item))
        results = [function(items[0])]
        for item in items[1:]:
            pid, pipe = children.pop(0)
            outcome = _collect(pid, pipe)
            if outcome is None:  # the child died: do its share here
                results.append(function(item))
            elif outcome[0]:
                results.append(outcome[1])  # type: ignore[arg-type]
            else:
                raise outcome[1]  # type: ignore[misc]
        return results
    finally:
        for pid, pipe in children:  # not collected: this process failed or was interrupted
            with contextlib.suppress(OSError):
                os.close(pipe)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _start(function: Callable[[_Item], _Result], item: _Item) -> tuple[int, int]:
    """Fork a child that works on ``item`` and pickles the outcome into a pipe."""
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    with warnings.catch_warnings():
        # Python 3.12+ warns about forking a process that has threads: pyarrow's
        # pools. pyarrow resets them in the child (its fork handlers), and the
        # child runs no Python thread.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(read_end)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent reports an interrupt
            with os.fdopen(write_end, "wb") as sink:
                try:
                    payload = pickle.dumps((True, function(item)), protocol=5)
                except Exception as exc:  # raised in the parent, as it would be in turn
                    payload = pickle.dumps((False, exc), protocol=5)
                sink.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, pipe: int) -> tuple[bool, object] | None:
    """The child's ``(finished, result or exception)``, or ``None`` when it sent none."""
    with os.fdopen(pipe, "rb") as source:
        payload = source.read()
    _, status = os.waitpid(pid, 0)
    if not payload or os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        outcome = pickle.loads(payload)
    except Exception:
        return None
    return (bool(outcome[0]), outcome[1])
