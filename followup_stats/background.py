"""Work done on another thread while the main one waits on Arrow.

Loading a big log spends most of its time in pyarrow (reading, encoding),
which releases Python's global lock; a slow import started on another thread
before it (``scipy.stats`` takes about half a second) is then mostly done
by the time the log is loaded: ``stats`` of a million events took 3.5 s
instead of 3.75 s on a 2-core machine (five runs of each, taken in turn).
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Iterator


def _import_quietly(name: str) -> None:
    """Import ``name``; an error is left for the caller's own import to raise."""
    with contextlib.suppress(Exception):
        importlib.import_module(name)


@contextlib.contextmanager
def importing_meanwhile(name: str) -> Iterator[None]:
    """Import module ``name`` on another thread while the block runs; wait for it after.

    The caller imports ``name`` itself after the block (then at no cost), so
    the result and any error are those of a plain import. Never use around
    code that forks: a child would inherit the import half done.
    """
    thread = threading.Thread(target=_import_quietly, args=(name,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
