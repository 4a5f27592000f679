"""Allocator settings for big logs: keep freed memory, and fault it in large pages.

Column operations on a large log make many short-lived arrays of a few
megabytes each. glibc's ``malloc`` hands blocks that large to the operating
system with ``mmap`` and returns them on ``free``, so every temporary is
faulted in page by page again; on virtual machines those page faults cost
as much as the arithmetic (``bench/RESULTS.md`` measures it). Raising the
``mmap`` threshold to glibc's ceiling and keeping freed memory in the heap
lets the next temporary reuse the same pages. Peak memory is unchanged: the
pages kept are those a later temporary would fault in again anyway.

The heap still grows to the log's working size once, 4 KiB page by page.
Where the kernel gives transparent huge pages to memory that asks for them
(``madvise`` mode), :func:`keep_freed_memory` also reserves heap address
space up front and marks it so: the same memory then arrives in 2 MiB pages,
with a five-hundredth of the faults. Nothing is touched, so nothing is
used until an array needs it. It is skipped where the kernel counts reserved
address space against a strict limit (``vm.overcommit_memory = 2``).

Only the command line calls :func:`keep_freed_memory`; a program that imports
the library keeps its own allocator settings.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

#: ``mallopt`` parameters, from glibc's ``malloc.h``.
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
#: glibc's ceiling for the mmap threshold on 64-bit machines (32 MiB).
_MMAP_THRESHOLD_MAX = 32 * 1024 * 1024
#: Never give freed heap memory back while the process runs (it is short-lived):
#: glibc reads the value as unsigned, so -1 is "no threshold".
_TRIM_THRESHOLD = -1
#: Grow the heap in steps of this much, fewer system calls on a big log.
_TOP_PAD = 64 * 1024 * 1024

#: ``madvise`` advice asking for transparent huge pages (``linux/mman.h``).
_MADV_HUGEPAGE = 14
_HUGE_PAGE = 2 * 1024 * 1024
#: Heap reserved in blocks just under the mmap threshold, so they come from the heap.
_BLOCK = _MMAP_THRESHOLD_MAX - _HUGE_PAGE
#: Heap address space marked for huge pages: a share of the machine's memory, capped.
_HUGE_HEAP_SHARE = 4
_HUGE_HEAP_MAX = 8 * 1024**3
_THP_SETTING = Path("/sys/kernel/mm/transparent_hugepage/enabled")
_OVERCOMMIT_SETTING = Path("/proc/sys/vm/overcommit_memory")


def keep_freed_memory() -> bool:
    """Tune glibc's allocator to reuse freed memory; ``False`` where there is no glibc.

    Also marks heap address space for transparent huge pages where that
    helps (module docstring; :func:`huge_heap`).

    Returns
    -------
    bool
        Whether every ``mallopt`` setting was accepted.
    """
    libc = _glibc()
    if libc is None:
        return False
    mallopt = libc.mallopt
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    settings = (
        (_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_MAX),
        (_M_TRIM_THRESHOLD, _TRIM_THRESHOLD),
        (_M_TOP_PAD, _TOP_PAD),
    )
    accepted = all(mallopt(parameter, value) == 1 for parameter, value in settings)
    if accepted:
        huge_heap(libc)
    return accepted


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt  # noqa: B018 - musl and other C libraries lack it: leave them alone
    except (OSError, AttributeError):
        return None
    return libc


def _setting(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def huge_heap(libc: ctypes.CDLL, size: int | None = None) -> int:
    """Reserve heap address space and ask for huge pages there; the bytes so marked.

    Grows glibc's heap by ``size`` bytes (default a quarter of the machine's
    memory, at most 8 GiB) in blocks below the mmap threshold, marks each
    block ``MADV_HUGEPAGE`` and frees it: the freed space stays in the heap
    (the trim threshold is off) for the arrays to come. Does nothing (0)
    unless the kernel's setting is ``madvise`` and address space is not
    strictly accounted.
    """
    if "[madvise]" not in _setting(_THP_SETTING):
        return 0  # "always" needs no advice; "never" takes none
    if _setting(_OVERCOMMIT_SETTING).strip() == "2":
        return 0
    if size is None:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        size = min(physical // _HUGE_HEAP_SHARE, _HUGE_HEAP_MAX)
    malloc, free, madvise = libc.malloc, libc.free, libc.madvise
    malloc.argtypes, malloc.restype = [ctypes.c_size_t], ctypes.c_void_p
    free.argtypes, free.restype = [ctypes.c_void_p], None
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    madvise.restype = ctypes.c_int
    blocks = []
    marked = 0
    for _ in range(size // _BLOCK):
        block = malloc(_BLOCK)
        if not block:
            break
        blocks.append(block)
        start = -(-block // _HUGE_PAGE) * _HUGE_PAGE
        stop = (block + _BLOCK) // _HUGE_PAGE * _HUGE_PAGE
        if stop > start and madvise(start, stop - start, _MADV_HUGEPAGE) == 0:
            marked += stop - start
    for block in blocks:
        free(block)
    return marked
