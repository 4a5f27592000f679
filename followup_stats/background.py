"""Work done on another thread while the main one works in numpy and pandas.

Much of a big log's numpy and pandas work releases Python's global lock;
a slow import started on another thread before it (``scipy.stats`` and
statsmodels take about 0.6 s) is then mostly done by the time it is.
Not around the reading of a log: Arrow reads on every core, so the import
only slows the read down (on a busy 2-core machine, 2.1 s instead of 1.0 s
for a million events).
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
