"""Benchmark the reports: one candidate's report, and ``render_all`` with 1 vs 2 processes.

Figures (wall-clock seconds, best of ``--repeat`` runs):

- ``render_report`` on ``data/sample_log.csv`` (one candidate, about 70
  applications): papermill run plus HTML export;
- ``render_all`` on ``data/sample_cohort.csv`` (8 candidates plus the coach
  review) with ``jobs=1`` and ``jobs=2``, and the speed-up ratio.

Each report starts its own Jupyter kernel, so most of a report's time is the
kernel starting and importing pandas, scipy, statsmodels and plotly; the speed-up
of ``jobs=2`` is bounded by the number of CPUs (and by other load). As the
command line does, the benchmark imports jsonschema without its IRI grammars
(:func:`followup_stats.report.skip_iri_grammars`).

Usage: ``python bench/bench_report.py [--repeat 1] [--jobs 1 2]``.
Benchmarks print; the tests never time anything.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from followup_stats.report import render_all, render_report, skip_iri_grammars

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_LOG = ROOT / "data" / "sample_log.csv"
SAMPLE_COHORT = ROOT / "data" / "sample_cohort.csv"
AS_OF = "2026-10-30"  # the samples' as-of date (start 2026-08-01 + 90 days)


def best_of(repeat: int, work: Callable[[Path], object]) -> float:
    """The shortest wall-clock time of ``repeat`` runs of ``work`` (each in a fresh folder)."""
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
            start = time.perf_counter()
            work(Path(folder))
            times.append(time.perf_counter() - start)
    return min(times)


def main(argv: Sequence[str] | None = None) -> int:
    """Time the reports and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (best is kept)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="render_all jobs")
    args = parser.parse_args(argv)

    skip_iri_grammars()
    print(f"CPUs: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}")
    one = best_of(args.repeat, lambda out: render_report(SAMPLE_LOG, out, as_of=AS_OF))
    print(f"render_report, sample log (1 candidate):        {one:6.1f} s")

    timings: dict[int, float] = {}
    for jobs in args.jobs:

        def work(out: Path, jobs: int = jobs) -> None:
            table = render_all(SAMPLE_COHORT, out, jobs=jobs, as_of=AS_OF, progress=False)
            failed = table[table["status"].ne("ok").to_numpy(bool)]
            if len(failed):
                raise SystemExit(f"render_all failed: {failed.to_dict('records')}")

        timings[jobs] = best_of(args.repeat, work)
        per_report = timings[jobs] / 9
        print(
            f"render_all, sample cohort (8 + review), jobs={jobs}: {timings[jobs]:6.1f} s "
            f"({per_report:.1f} s per report)"
        )
    if 1 in timings:
        for jobs, seconds in timings.items():
            if jobs != 1:
                print(f"speed-up jobs={jobs} vs jobs=1: {timings[1] / seconds:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
