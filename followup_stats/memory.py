"""Allocator settings for big logs: keep freed memory for the next temporary.

Column operations on a large log make many short-lived arrays of a few
megabytes each. glibc's ``malloc`` hands blocks that large to the operating
system with ``mmap`` and returns them on ``free``, so every temporary is
faulted in page by page again; on virtual machines those page faults cost
as much as the arithmetic (``bench/RESULTS.md`` measures it). Raising the
``mmap`` threshold to glibc's ceiling and keeping freed memory in the heap
lets the next temporary reuse the same pages. Peak memory is unchanged: the
pages kept are those a later temporary would fault in again anyway.

Only the command line calls :func:`keep_freed_memory`; a program that imports
the library keeps its own allocator settings.
"""

from __future__ import annotations

import ctypes
import sys

#: ``mallopt`` parameters, from glibc's ``malloc.h``.
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
#: glibc's ceiling for the mmap threshold on 64-bit machines (32 MiB).
_MMAP_THRESHOLD_MAX = 32 * 1024 * 1024
#: Never give freed heap memory back while the process runs (it is short-lived).
_TRIM_THRESHOLD = 2**31 - 1
#: Grow the heap in steps of this much, fewer system calls on a big log.
_TOP_PAD = 64 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Tune glibc's allocator to reuse freed memory; ``False`` where there is no glibc.

    Returns
    -------
    bool
        Whether every setting was accepted.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and other C libraries: leave them alone
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    settings = (
        (_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_MAX),
        (_M_TRIM_THRESHOLD, _TRIM_THRESHOLD),
        (_M_TOP_PAD, _TOP_PAD),
    )
    return all(mallopt(parameter, value) == 1 for parameter, value in settings)
