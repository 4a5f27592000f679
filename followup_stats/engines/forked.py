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
import ctypes
import dataclasses
import os
import pickle
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")
#: ``prctl`` option: the signal a child gets when its parent dies (``linux/prctl.h``).
_PR_SET_PDEATHSIG = 1


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
    (as it would be in turn); a child that ends without a result (killed, or
    its result would not pickle) has its item worked on here. However this
    process leaves (an error, an interrupt), no child outlives the call.
    """
    if len(items) < 2 or not can_fork():
        return [function(item) for item in items]
    children: list[_Child] = []
    try:
        for item in items[1:]:
            children.append(_start(function, item))
        results = [function(items[0])]
        for child, item in zip(list(children), items[1:], strict=True):
            outcome = _collect(child)
            children.remove(child)
            if outcome is None:  # no result: do its share here
                results.append(function(item))
            elif outcome[0]:
                results.append(outcome[1])
            else:
                raise outcome[1]
        return results
    finally:
        for child in children:  # not collected: this process failed or was interrupted
            child.stop()


@dataclasses.dataclass
class _Child:
    """A forked worker: its process id and the read end of its pipe, while held."""

    pid: int
    pipe: int

    def stop(self) -> None:
        """Close the pipe and kill and reap the process, as far as not done yet."""
        if self.pipe >= 0:
            with contextlib.suppress(OSError):
                os.close(self.pipe)
            self.pipe = -1
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def _start(function: Callable[[_Item], _Result], item: _Item) -> _Child:
    """Fork a child that works on ``item`` and pickles the outcome into a pipe."""
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns about forking a process that has threads: pyarrow's
            # pools. pyarrow resets them in the child (its fork handlers), and the
            # child runs no Python thread.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except BaseException:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(read_end)
            _die_with_parent()
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent reports an interrupt
            try:
                outcome: tuple[bool, object] = (True, function(item))
            except Exception as exc:  # raised in the parent, as it would be in turn
                outcome = (False, exc)
            payload = pickle.dumps(outcome, protocol=5)  # if it cannot: no result, redone
            with os.fdopen(write_end, "wb") as sink:
                sink.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return _Child(pid, read_end)


def _die_with_parent() -> None:
    """Have the kernel kill this child when its parent dies (Linux), not finish its part."""
    try:
        libc = ctypes.CDLL(None)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request
        os._exit(1)


def _collect(child: _Child) -> tuple[bool, Any] | None:
    """The child's ``(finished, result or exception)``, or ``None`` when it sent none."""
    with os.fdopen(child.pipe, "rb") as source:
        child.pipe = -1  # the file object owns it now, and closes it
        payload = source.read()
    try:
        _, status = os.waitpid(child.pid, 0)
        exited = os.waitstatus_to_exitcode(status)
    except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): the payload tells
        exited = 0
    child.pid = 0
    if not payload or exited != 0:
        return None
    try:
        outcome = pickle.loads(payload)
    except Exception:  # an exception that cannot be rebuilt: raised again when redone here
        return None
    return (bool(outcome[0]), outcome[1])
