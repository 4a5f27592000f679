"""A floor for ``check``: a minimal read-encode-sort pipeline in pandas, with no checks.

``make bench`` runs this beside the bare parse and the commands, as its own
process on the same file. It reads the log as the bare parse does (pyarrow,
on every core, the dates parsed by pyarrow itself), imports pandas, encodes
the keys (candidate, application id, company, role) and the kind of each
event with pyarrow's dictionary encoding, packs an application and a day
into one integer, sorts those once, and counts the gaps of more than a week
between neighbouring events of one application. It checks no value, applies no rule
and writes nothing but one number. It is a measured reference, not a proof
that nothing can be faster (a tool built another way, say grouping by hash
instead of sorting, could do less); the distance between this figure and
``check`` is about what the checks themselves cost.

Usage: ``python bench/floor.py LOG.csv``.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

#: An application: its candidate and its id. Events with a blank id (about one in twenty in
#: simulated logs) fall together per candidate; telling them apart would cost a little more.
KEYS = ("candidate", "application_id")
#: Read and encoded too, as every check must: the other keys, and what each event is.
ALSO_ENCODED = ("company", "role", "event")
WEEK_DAYS = 7
#: Bits a day number takes in the packed sort key (about 2,800 years of days).
DAY_BITS = 20


def codes(table: pa.Table, name: str) -> tuple[np.ndarray, int]:
    """A column's dictionary codes (pyarrow's encoding, the fastest there is) and their count."""
    encoded = table.column(name).combine_chunks().dictionary_encode()
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), len(encoded.dictionary)


def long_gaps(path: str) -> int:
    """Gaps of more than a week between neighbouring events of one application."""
    table = pa_csv.read_csv(path)
    days = table.column("date").cast(pa.int32()).to_numpy().astype(np.int64)
    application = np.zeros(len(days), dtype=np.int64)
    span = 1
    for name in KEYS:  # one integer per (candidate, application id)
        key, count = codes(table, name)
        application = application * (count + 1) + key
        span *= count + 1
    for name in ALSO_ENCODED:
        codes(table, name)
    if span >= 2 ** (63 - DAY_BITS):
        raise SystemExit("the keys do not fit one integer; the floor is for simulated logs")
    pd.DataFrame({"application": application})  # the tool's results are pandas frames
    ordered = np.sort((application << DAY_BITS) + (days - days.min()))
    same_application = np.zeros(len(ordered), dtype=bool)
    same_application[1:] = (ordered[1:] >> DAY_BITS) == (ordered[:-1] >> DAY_BITS)
    gaps = np.diff(ordered, prepend=ordered[:1])
    return int((same_application & (gaps > WEEK_DAYS)).sum())


if __name__ == "__main__":
    print(long_gaps(sys.argv[1]))
