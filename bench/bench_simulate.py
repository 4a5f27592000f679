"""Benchmark the simulator: time to simulate about 100k and 1M events and write them to CSV.

Each figure is the best of ``--repeat`` runs, printed with a ratio against a
baseline measured in the same run on the same machine:

- simulate vs numpy drawing as many random ISO dates (the least a generator
  of dated rows must do);
- write_csv vs pyarrow writing the same table with its default options.

Usage: ``python bench/bench_simulate.py [--events 100000 1000000] [--repeat 3]``.
Benchmarks print; the tests never time anything.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from followup_stats.simulate import simulate


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The shortest wall time of ``repeat`` runs of ``work``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def random_dates(count: int) -> np.ndarray:
    """Baseline: ``count`` random ISO dates over 91 days, with numpy."""
    offsets = np.random.default_rng(0).integers(0, 91, count).astype("timedelta64[D]")
    return np.datetime_as_string(np.datetime64("2026-08-01") + offsets, unit="D")


def measure(candidates: int, applications: int, repeat: int, folder: Path) -> str:
    """One line of the table: simulate and write ``candidates`` candidates' logs."""
    sim_s = best_of(repeat, lambda: simulate(candidates=candidates, applications=applications))
    sim = simulate(candidates=candidates, applications=applications)
    events = len(sim.log)
    dates_s = best_of(repeat, lambda: random_dates(events))

    ours, theirs = folder / "simulated.csv", folder / "pyarrow.csv"
    write_s = best_of(repeat, lambda: sim.write_csv(ours))
    table = pa.Table.from_pandas(sim.log, preserve_index=False)
    arrow_s = best_of(repeat, lambda: pa_csv.write_csv(table, str(theirs)))
    size_mb = ours.stat().st_size / 1e6
    return (
        f"{events:>10,} {candidates:>10,} | {sim_s:>10.3f} {dates_s:>13.3f} "
        f"{sim_s / dates_s:>6.1f} | {write_s:>11.3f} {arrow_s:>9.3f} "
        f"{write_s / arrow_s:>6.2f} {size_mb:>6.1f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--applications", type=int, default=60)
    args = parser.parse_args(argv)

    pilot = simulate(candidates=300, applications=args.applications, seed=0)
    per_candidate = len(pilot.log) / 300
    print(f"pilot: {per_candidate:.0f} events per candidate at {args.applications} applications")
    header = (
        f"{'events':>10} {'candidates':>10} | {'simulate s':>10} {'numpy dates s':>13} "
        f"{'ratio':>6} | {'write_csv s':>11} {'pyarrow s':>9} {'ratio':>6} {'MB':>6}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as folder:
        for target in args.events:
            candidates = max(1, math.ceil(target / per_candidate))
            print(measure(candidates, args.applications, args.repeat, Path(folder)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
