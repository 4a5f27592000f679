"""The benchmarks of ``make bench``: check, stats and todo on 100k, 1M and 10M events.

For each size the simulator makes a log (cached in ``bench/out/``,
git-ignored) and each command runs as its own process, timed with the
resource usage of that child (``os.wait4``): wall seconds, CPU seconds (user
plus system) and peak resident memory. The baseline, run in the same
session on the same file, is the least any reader must do: a bare
``python -c "import pyarrow.csv as c; c.read_csv(path)"``. Ratios are the
command's median over the baseline's median. Beside it runs a floor,
``bench/floor.py``: a minimal read-encode-sort pipeline with no checks (read,
import pandas, encode the keys, order the events, one gap per event), so the
distance from the floor to ``check`` is about what the checks cost. At 1
million events ``check`` and ``stats`` also run on a log of as many events
spread over about a tenth as many candidates: a step quadratic in one
candidate's events would show there. A breakdown by stage (read, normalise, rounds,
rules, output; the tables for ``stats``) is measured in a fresh process per
size. ``bench/bench_simulate.py`` and, when present,
``bench/bench_report.py`` run last. Everything goes to ``bench/RESULTS.md``
with a description of the machine.

Usage: ``python bench/run.py [--sizes 100000 1000000 10000000] [--repeat 5]
[--no-extra] [--results bench/RESULTS.md]``.

Benchmarks print figures; the tests never time anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
#: The bundled sample log: what starting each command costs, whatever the log.
SAMPLE = ROOT / "data" / "sample_log.csv"
AS_OF = "2026-10-30"  # the simulator's default start (2026-08-01) plus 90 days
#: Candidates per simulator call: about a million events, bounded memory.
CHUNK_CANDIDATES = 6_600
COMMANDS = ("check", "stats", "todo")
#: Commands whose pandas engine can split a big log over worker processes, and from how
#: many events it does (``followup_stats.engines.pandas_engine.ROWS_PER_PROCESS``, two).
SPLIT_COMMANDS = ("check", "stats")
SPLIT_FROM = 800_000
TWO_PROCESSES = "--jobs 2"
#: Applications per simulated candidate, and for the concentrated log as many as give
#: about ten times the events per candidate (searches that end in an offer stop early).
APPLICATIONS = 60
CONCENTRATED_APPLICATIONS = 1500
#: Runs of each baseline at every size (their median is what every ratio divides by).
BASELINE_RUNS = 7
#: Runs of each command on the sample log, for its start-up (cheap, and subtracted from all).
STARTUP_RUNS = 7
#: The commands run on the concentrated log (at :data:`TARGET_EVENTS` events).
CONCENTRATED_COMMANDS = ("check", "stats")
#: The floor for ``check`` (``bench/floor.py``), run beside the bare parse.
FLOOR = "floor"
#: The baselines every size runs first, and how the tables name them.
BASELINES = ("bare", FLOOR)
NAMES = {"bare": "bare pyarrow read_csv", FLOOR: "floor (`bench/floor.py`)"}


# -- logs ------------------------------------------------------------------------------------------


def events_per_candidate(applications: int) -> float:
    """Simulated events per candidate, from a pilot cohort."""
    from followup_stats.simulate import simulate

    return len(simulate(candidates=300, applications=applications, seed=0).log) / 300


def make_log(events: int, applications: int = APPLICATIONS) -> Path:
    """A simulated log of about ``events`` rows in ``bench/out/`` (made once, then reused)."""
    from followup_stats.simulate import simulate

    suffix = "" if applications == APPLICATIONS else f"_applications_{applications}"
    path = OUT / f"events_{events}{suffix}.csv"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    candidates = max(1, math.ceil(events / events_per_candidate(applications)))
    print(f"simulating {candidates:,} candidates for {path.name} ...", flush=True)
    partial = path.with_name(path.name + ".part")
    with open(partial, "wb") as sink:
        for chunk, first in enumerate(range(0, candidates, CHUNK_CANDIDATES)):
            count = min(CHUNK_CANDIDATES, candidates - first)
            names = [f"Candidate {chunk:03d}-{i:05d}" for i in range(count)]
            sim = simulate(candidates=count, applications=applications, seed=chunk, names=names)
            with tempfile.TemporaryDirectory() as folder:
                written = sim.write_csv(Path(folder) / "chunk.csv").read_bytes()
            sink.write(written if chunk == 0 else written.split(b"\n", 1)[1])
    partial.replace(path)
    return path


def events_per_candidate_in(path: Path) -> float:
    """Rows per distinct candidate of a log file."""
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    options = pa_csv.ConvertOptions(include_columns=["candidate"])
    names = pa_csv.read_csv(path, convert_options=options)
    return names.num_rows / max(1, len(pc.unique(names.column("candidate"))))


# -- whole processes -------------------------------------------------------------------------------


def run_process(argv: Sequence[str], succeeded: Sequence[int] = (0,)) -> dict[str, float]:
    """Run ``argv`` to the end: wall and CPU seconds and peak memory (MB).

    An exit code outside ``succeeded`` raises :class:`RuntimeError` (``check``
    exits 1 when it finds problems; a baseline that exits 1 has failed).

    Peak memory is the larger of the process's own peak resident set and the
    sum over it and its worker processes, sampled every 0.1 s (a sum of
    resident sets counts pages a forked worker shares with its parent twice,
    so it errs high).
    """
    env = dict(os.environ, PYTHONHASHSEED="0")
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    sampled = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            sampled[0] = max(sampled[0], tree_resident_bytes(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.returncode not in succeeded:
        raise RuntimeError(f"{' '.join(argv)} failed ({child.returncode}): {error[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "user": usage.ru_utime,
        "system": usage.ru_stime,
        "peak_mb": max(usage.ru_maxrss * 1024, sampled[0]) / 2**20,
    }


def tree_resident_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants (0 once it has ended)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total, waiting = 0, [pid]
    while waiting:
        current = waiting.pop()
        try:
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * page
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
                waiting.extend(int(c) for c in children)
        except (OSError, ValueError, IndexError):
            continue
    return total


def command_line(command: str, path: Path) -> list[str]:
    """``bare``, ``floor``, a command, or a command with options (``check --jobs 2``)."""
    if command == "bare":
        return [sys.executable, "-c", f"import pyarrow.csv as c; c.read_csv({str(path)!r})"]
    if command == FLOOR:
        return [sys.executable, str(ROOT / "bench" / "floor.py"), str(path)]
    program = shutil.which("followup-stats", path=str(Path(sys.executable).parent))
    base = [program] if program else [sys.executable, "-m", "followup_stats.cli"]
    name, *options = command.split()
    return [*base, name, str(path), "--as-of", AS_OF, *options]


#: What :func:`run_process` measures, and the figures whose spread over the runs is kept.
FIGURES = ("wall", "cpu", "user", "system", "peak_mb")
SPREAD = ("wall", "system")


def median_run(command: str, path: Path, repeat: int) -> dict[str, float]:
    """The median of ``repeat`` runs (each figure on its own) and the runs' spread."""
    try:
        succeeded = (0,) if command in BASELINES else (0, 1)
        runs = [run_process(command_line(command, path), succeeded) for _ in range(repeat)]
    except RuntimeError as exc:  # out of memory on a busy machine, say: report, go on
        print(f"  {command} on {path.name} failed: {exc}", file=sys.stderr, flush=True)
        nan = float("nan")
        return dict.fromkeys(
            (*FIGURES, *(f"{key}_{end}" for key in SPREAD for end in ("min", "max"))), nan
        )
    summary = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    for key in SPREAD:
        summary[f"{key}_min"] = min(r[key] for r in runs)
        summary[f"{key}_max"] = max(r[key] for r in runs)
    return summary


# -- stages in one process -------------------------------------------------------------------------

STAGES_SCRIPT = r"""
import json, sys, time
path, as_of = sys.argv[1], sys.argv[2]
marks = {}
def clock(): return time.perf_counter(), time.process_time()
def span(name, start):
    wall, cpu = clock()
    marks[name] = [round(wall - start[0], 3), round(cpu - start[1], 3)]
from followup_stats.memory import keep_freed_memory
keep_freed_memory()  # as the command line does
import followup_stats.load as L
from followup_stats import output
from followup_stats.checker import check, rule_context
from followup_stats.actions import next_actions
from followup_stats.stats import (
    funnel, incidence, outcome_rates, patience, response_times, survival_curves, times_compared,
)
read = L.read_canonical
spent = [0.0, 0.0]
def timed_read(*args, **kwargs):
    start = clock(); result = read(*args, **kwargs); wall, cpu = clock()
    spent[0] += wall - start[0]; spent[1] += cpu - start[1]
    return result
L.read_canonical = timed_read
start = clock(); loaded = L.load_log(path, as_of=as_of); span("load", start)
marks["read"] = [round(spent[0], 3), round(spent[1], 3)]
marks["normalise"] = [round(a - b, 3) for a, b in zip(marks.pop("load"), marks["read"])]
start = clock(); rule_context(loaded).interview_rounds; span("rounds", start)
start = clock(); found = check(loaded); span("rules", start)
start = clock()
from followup_stats.engines import file_candidates  # as check names candidates in shared files
shared = bool(file_candidates(loaded.events)["file"].duplicated().any())
output.diagnostics_text(
    found, files=1, rows_not_loaded=len(loaded.rejects), name_candidates=shared
)
span("output", start)
# Every table the stats command works out, and its text: the stages after reading.
tables = {
    "rates": outcome_rates, "times": response_times, "curves": survival_curves,
    "incidence": incidence, "funnel": funnel, "patience": patience,
    "times_compared": times_compared,
}
worked = {}
for name, table in tables.items():
    start = clock(); worked[name] = table(loaded); span(f"stats: {name}", start)
start = clock(); output.stats_text(worked); span("stats: output", start)
start = clock(); actions = next_actions(loaded); span("todo: next actions", start)
start = clock(); output.actions_text(actions, loaded.as_of); span("todo: output", start)
marks["events"] = len(loaded.events)
print(json.dumps(marks))
"""


def stages(path: Path) -> dict[str, object]:
    """Wall and CPU seconds of each stage, measured in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", STAGES_SCRIPT, str(path), AS_OF],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the machine -----------------------------------------------------------------------------------


def machine() -> list[str]:
    import numpy
    import pandas
    import pyarrow

    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    return [
        f"- CPU: {model}, {os.cpu_count()} cores; memory {memory:.0f} GiB",
        f"- {platform.system()} {platform.release()}; Python {platform.python_version()}",
        f"- pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, numpy {numpy.__version__}",
        f"- load average when the run started: {load}",
        f"- run on {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
    ]


# -- the report ------------------------------------------------------------------------------------


def table_lines(results: dict[int, dict[str, dict[str, float]]]) -> list[str]:
    lines = [
        "| events | command | wall s (min-max) | CPU s | user s | peak MB | wall ratio "
        "| CPU ratio | memory ratio |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for events, runs in results.items():
        bare = runs["bare"]
        for command, run in runs.items():
            ratios = (
                ("", "", "")
                if command == "bare"
                else (
                    f"{run['wall'] / bare['wall']:.1f}x",
                    f"{run['cpu'] / bare['cpu']:.1f}x",
                    f"{run['peak_mb'] / bare['peak_mb']:.1f}x",
                )
            )
            name = NAMES.get(command, f"`{command}`")
            lines.append(
                f"| {events:,} | {name} | {run['wall']:.2f} ({run['wall_min']:.2f}-"
                f"{run['wall_max']:.2f}) | {run['cpu']:.2f} | {run['user']:.2f} | "
                f"{run['peak_mb']:.0f} | "
                f"{ratios[0]} | {ratios[1]} | {ratios[2]} |"
            )
    return lines


def stage_lines(breakdown: dict[int, dict[str, object]]) -> list[str]:
    names = [n for n in next(iter(breakdown.values())) if n != "events"]
    lines = [
        "| stage | " + " | ".join(f"{e:,} events: wall / CPU s" for e in breakdown) + " |",
        "|---|" + "---:|" * len(breakdown),
    ]
    for name in names:
        cells = []
        for marks in breakdown.values():
            wall, cpu = cast(list[float], marks[name])
            cells.append(f"{wall:.2f} / {cpu:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def scaling_lines(
    results: dict[int, dict[str, dict[str, float]]], breakdown: dict[int, dict[str, object]]
) -> list[str]:
    """How CPU seconds grew from each size to the next, against the growth in events."""
    sizes = sorted(results)
    lines = []
    for small, large in itertools.pairwise(sizes):
        events = {size: float(str(breakdown[size]["events"])) for size in (small, large)}
        rows = events[large] / events[small]
        growth = ", ".join(
            f"{command} {results[large][command]['cpu'] / results[small][command]['cpu']:.1f}x"
            for command in (*BASELINES, *COMMANDS)
        )
        lines.append(
            f"- {small:,} to {large:,} events ({rows:.2f}x the rows): CPU seconds grew {growth}."
        )
    heading = (
        "How the total cost grows (CPU seconds, start-up included; the targets score the work):"
    )
    return [heading, "", *lines] if lines else []


#: Issue 8's targets at 1 million events: wall time as a multiple of the bare parse's.
TARGET_EVENTS = 1_000_000
WALL_TARGETS = {"check": 4.0, "stats": 6.0}
PEAK_TARGET_MB = {"check": 1.5 * 1024}
#: Cost counts as linear when the work after start-up grows at most this much faster than
#: the rows do (user CPU seconds; allows for a sort's log factor and for caches).
LINEAR_SLACK = 1.25


def intro_lines(repeat: int, repeat_large: int) -> list[str]:
    """How RESULTS.md's figures were measured."""
    return [
        *paragraph(
            "Made by `make bench` (`bench/run.py`); figures are measured, never asserted in",
            "tests. Each command ran as its own process; the figure is the median of the runs,",
            "with the fastest and slowest wall time in brackets. The baseline is a bare",
            '`python -c "import pyarrow.csv as c; c.read_csv(path)"` of the same file in the',
            "same session. The machine is a shared virtual machine: wall times are noisy, and so",
            "is system time on big files (page faults; the targets below give this run's",
            "spread). User CPU seconds (all threads and worker processes) are the steadiest",
            "figure; CPU is user plus system. The baselines run",
            f"{max(repeat, BASELINE_RUNS)} times at every size; the commands {repeat} times",
            f"up to 2 million events and {repeat_large} above. Peak memory is the larger of the",
            "command's own peak resident set and the sum over it and its worker processes,",
            "sampled every 0.1 s (pages a worker shares with its parent count twice, so it errs",
            f"high). From {SPLIT_FROM:,} events the rows marked `--jobs 2` split the log by",
            "candidate over two processes; the commands run in one process by default.",
        ),
    ]


def paragraph(*parts: str) -> list[str]:
    """Prose for RESULTS.md: the parts joined by spaces and wrapped to 88 columns."""
    return textwrap.wrap(" ".join(parts), width=88, break_on_hyphens=False)


def _times(value: float) -> str:
    """A ratio as ``2.4x``; ``n/a`` where a run failed."""
    return f"{value:.1f}x" if math.isfinite(value) else "n/a"


def _verdict(value: float, limit: float) -> str:
    return ("yes" if value <= limit else "no") if math.isfinite(value) else "n/a"


def _work(run: dict[str, float], start: dict[str, float]) -> float:
    """User CPU seconds of a run less those of the same command's start-up."""
    return run["user"] - start["user"]


def _growth(large: float, small: float) -> float:
    return large / small if small > 0 else math.nan


def target_lines(
    results: dict[int, dict[str, dict[str, float]]],
    startup: dict[str, dict[str, float]],
    breakdown: dict[int, dict[str, object]],
    concentrated: dict[str, dict[str, float]],
    per_candidate: dict[str, float],
) -> list[str]:
    """Each target of issue 8 with the figure measured in this run, and whether it is met."""
    lines = []
    runs = results.get(TARGET_EVENTS)
    if runs is not None:
        bare = runs["bare"]
        for command, limit in WALL_TARGETS.items():
            ratio = runs[command]["wall"] / bare["wall"]
            lines.append(
                f"| `{command}` at {TARGET_EVENTS:,} events: wall within {limit:g}x the bare parse "
                f"| {_times(ratio)} ({runs[command]['wall']:.2f} s / {bare['wall']:.2f} s) "
                f"| {_verdict(ratio, limit)} |"
            )
        for command, limit_mb in PEAK_TARGET_MB.items():
            peak = runs[command]["peak_mb"]
            lines.append(
                f"| `{command}` at {TARGET_EVENTS:,} events: peak memory under {limit_mb:,.0f} MB "
                f"({limit_mb / 1024:g} GB) | {peak:,.0f} MB | {_verdict(peak, limit_mb)} |"
            )
    for small, large in itertools.pairwise(sorted(results)):
        events = {size: float(str(breakdown[size]["events"])) for size in (small, large)}
        rows = events[large] / events[small]
        sorting = rows * math.log(events[large]) / math.log(events[small])
        for command in COMMANDS:
            growth = _growth(
                _work(results[large][command], startup[command]),
                _work(results[small][command], startup[command]),
            )
            lines.append(
                f"| `{command}` grows linearly, {small:,} to {large:,} events "
                f"({rows:.2f}x the rows; n log n: {sorting:.1f}x) "
                f"| work {_times(growth)} | {_verdict(growth, rows * LINEAR_SLACK)} |"
            )
    if runs is not None and concentrated:
        spread = (
            f"{per_candidate['usual']:,.0f} and {per_candidate['concentrated']:,.0f} events "
            "per candidate"
        )
        for command, run in concentrated.items():
            growth = _growth(_work(run, startup[command]), _work(runs[command], startup[command]))
            lines.append(
                f"| `{command}`: no step quadratic in one candidate's events ({TARGET_EVENTS:,} "
                f"events, {spread}) | work {_times(growth)} "
                f"| {_verdict(growth, LINEAR_SLACK)} |"
            )
    if not lines:
        return []
    largest = results[max(results)]["bare"]
    return [
        "## Issue 8's targets",
        "",
        *paragraph(
            "Wall times are medians of this run. For growth, the work is the user CPU seconds",
            "less those of the same command on the bundled sample (its start-up). System time",
            "is left out: on this virtual machine it is mostly page faults and swings from run",
            f"to run (the bare parse's at {max(results):,} events, in this run:",
            f"{largest['system_min']:.1f} to {largest['system_max']:.1f} s). Linear: the work",
            f"grows at most {LINEAR_SLACK:g} times as fast as the rows; an n log n step such as",
            "a sort grows by the figure in brackets. Quadratic in a candidate's events: then the",
            "same number of events over about a tenth as many candidates (so ten times the",
            f"events each) would cost more than {LINEAR_SLACK:g} times as much.",
        ),
        "",
        "| target | measured | met |",
        "|---|---:|---|",
        *lines,
    ]


#: The stages of each wall target's command after reading and normalising (``stages``' names).
LATER_STAGES = {
    "check": ("rounds", "rules", "output"),
    "stats": (
        "stats: rates",
        "stats: times",
        "stats: curves",
        "stats: incidence",
        "stats: funnel",
        "stats: patience",
        "stats: times_compared",
        "stats: output",
    ),
}


def _stage_wall(stages: dict[str, object], name: str) -> float:
    """Wall seconds of one stage of :func:`stages` (stored as ``[wall, cpu]``)."""
    wall_and_cpu = stages[name]
    assert isinstance(wall_and_cpu, list)
    return float(wall_and_cpu[0])


def budget_lines(
    results: dict[int, dict[str, dict[str, float]]],
    startup: dict[str, dict[str, float]],
    breakdown: dict[int, dict[str, object]],
) -> list[str]:
    """Each wall target as a budget in seconds, against what this run spent where.

    The start-up (the command on the bundled sample) and the stages after reading
    and normalising are added up: when they alone pass the budget, no faster read
    or normalising can meet the target, which says where the work would have to go.
    Nothing when every wall target is met; else lines ending in a blank one.
    """
    runs, stages = results.get(TARGET_EVENTS), breakdown.get(TARGET_EVENTS)
    if runs is None or stages is None:
        return []
    lines = []
    for command, limit in WALL_TARGETS.items():
        budget = limit * runs["bare"]["wall"]
        if runs[command]["wall"] <= budget:
            continue
        spent = {name: _stage_wall(stages, name) for name in LATER_STAGES[command]}
        begin = startup[command]["wall"]
        early = _stage_wall(stages, "read") + _stage_wall(stages, "normalise")
        later = " + ".join(f"{name.removeprefix('stats: ')} {s:.2f}" for name, s in spent.items())
        rest = begin + sum(spent.values())
        verdict = (
            f"over the budget even if reading and normalising ({early:.2f} s) took no time"
            if rest > budget
            else f"leaving {budget - rest:.2f} s to read and normalise, which took {early:.2f} s"
        )
        lines += paragraph(
            f"`{command}`: {limit:g}x the bare parse is {budget:.2f} s at {TARGET_EVENTS:,}",
            f"events. Starting up takes {begin:.2f} s (the sample log), and the stages after",
            f"reading and normalising took {later} s in one process: {rest:.2f} s together,",
            f"{verdict}.",
        )
        lines.append("")
    if not lines:
        return []
    return [
        "### The budget of a wall target not met",
        "",
        *paragraph(
            "A wall target read as seconds, beside this run's start-up and stage figures (the",
            "stages are measured in one process, so the sum is an estimate). It shows how much",
            "of the budget is gone on what does not depend on how fast the log is read.",
        ),
        "",
        *lines,  # ends in a blank line, before the next section
    ]


def startup_lines(
    startup: dict[str, dict[str, float]], results: dict[int, dict[str, dict[str, float]]]
) -> list[str]:
    """The cost of starting each command (on the small sample), and the rest per size."""
    lines = [
        "## Starting up, and the work on the events",
        "",
        *paragraph(
            f"The same commands on the bundled `{SAMPLE.name}` (a few hundred events), run",
            f"at least {STARTUP_RUNS} times each before the big logs: what any run pays to start",
            "(Python, importing pandas, pyarrow and, for `stats`, scipy.stats), whatever the",
            "size of the log. The rest of a run is the work on its events; the columns per size",
            "compare it with the bare parse's, both less their start-up.",
        ),
        "",
        "| command | start-up wall s | "
        + " | ".join(f"{e:,} events: work s (x the parse's)" for e in results)
        + " |",
        "|---|---:|" + "---:|" * len(results),
    ]
    for command, start in startup.items():
        cells = []
        for runs in results.values():
            work = runs[command]["wall"] - start["wall"]
            parse = runs["bare"]["wall"] - startup["bare"]["wall"]
            cells.append(
                f"{work:.2f}" if command == "bare" else f"{work:.2f} ({work / parse:.1f}x)"
            )
        lines.append(
            f"| {NAMES.get(command, f'`{command}`')} | {start['wall']:.2f} | "
            + " | ".join(cells)
            + " |"
        )
    return lines


def extra_benchmark(script: str, argv: Sequence[str]) -> str:
    path = ROOT / "bench" / script
    if not path.exists():
        return ""
    print(f"running {script} ...", flush=True)
    done = subprocess.run(
        [sys.executable, str(path), *argv], capture_output=True, text=True, cwd=ROOT
    )
    return done.stdout + (
        f"\n(exit {done.returncode}) {done.stderr[-1500:]}" if done.returncode else ""
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=5, help="runs per command (median kept)")
    parser.add_argument(
        "--repeat-large", type=int, default=1, help="runs per command above 2M events"
    )
    parser.add_argument("--no-extra", action="store_true", help="skip the other bench scripts")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args(argv)

    header = machine()
    print("\n".join(header), flush=True)
    results: dict[int, dict[str, dict[str, float]]] = {}
    breakdown: dict[int, dict[str, object]] = {}
    # Start-up first, on a quiet machine: after the big logs the system is busy giving
    # memory back, and the start-up is subtracted from every figure of work.
    startup = {
        command: median_run(command, SAMPLE, max(args.repeat, STARTUP_RUNS))
        for command in (*BASELINES, *COMMANDS)
    }
    print(f"startup on {SAMPLE.name}: {startup}", flush=True)

    concentrated: dict[str, dict[str, float]] = {}
    per_candidate: dict[str, float] = {}
    for events in args.sizes:
        path = make_log(events)
        repeat = args.repeat if events <= 2_000_000 else args.repeat_large
        runs: dict[str, dict[str, float]] = {}
        # Where the pandas engine can split the log over two processes, that figure too.
        split = [f"{c} {TWO_PROCESSES}" for c in SPLIT_COMMANDS] if events >= SPLIT_FROM else []
        for command in (*BASELINES, *COMMANDS, *split):
            # The baselines are cheap and the noisiest (page faults: the bare parse of 1M
            # events sometimes takes twice as long): more runs, at every size.
            runs[command] = median_run(
                command, path, max(args.repeat, BASELINE_RUNS) if command in BASELINES else repeat
            )
            run = runs[command]
            print(
                f"{events:>11,} {command:15s} wall {run['wall']:7.2f} s  cpu {run['cpu']:7.2f} s  "
                f"peak {run['peak_mb']:7.0f} MB",
                flush=True,
            )
        results[events] = runs
        if events == TARGET_EVENTS:  # right after the usual log of this size, as alike as can be
            dense = make_log(TARGET_EVENTS, CONCENTRATED_APPLICATIONS)
            per_candidate = {
                "usual": events_per_candidate_in(path),
                "concentrated": events_per_candidate_in(dense),
            }
            for command in CONCENTRATED_COMMANDS:
                concentrated[command] = median_run(command, dense, args.repeat)
                print(f"{dense.name} {command}: {concentrated[command]}", flush=True)
        breakdown[events] = stages(path)
        print(f"{events:>11,} stages {breakdown[events]}", flush=True)

    extras = []
    if not args.no_extra:
        extras.append(
            ("bench_simulate.py", extra_benchmark("bench_simulate.py", ["--repeat", "1"]))
        )
        extras.append(("bench_report.py", extra_benchmark("bench_report.py", [])))

    text = [
        "# Benchmark results",
        "",
        *intro_lines(args.repeat, args.repeat_large),
        "",
        *paragraph(
            "The floor (`bench/floor.py`) is a minimal read-encode-sort pipeline in pandas with",
            "no checks: it reads the file as the bare parse does, imports pandas, encodes the",
            "keys, puts the events in application order and counts one gap per event, with no",
            "value checked, no rule applied and nothing written. It is a measured reference, not",
            "a proof: a tool built another way could do less. What `check` costs beyond it is",
            "about what the checks cost.",
        ),
        "",
        "## Machine",
        "",
        *header,
        "",
        *target_lines(results, startup, breakdown, concentrated, per_candidate),
        "",
        *budget_lines(results, startup, breakdown),
        "## Whole commands against the bare parse",
        "",
        *table_lines(results),
        "",
        *scaling_lines(results, breakdown),
        "",
        *startup_lines(startup, results),
        "",
        "## Stages, in one process",
        "",
        "`read`: reading and splitting the file; `normalise`: parsing values, keys, sorting and",
        "the data-quality table; `rounds`: the interview rounds (the rounds the rules judge) and",
        "their numbered follow-ups; `rules`: the FU rules and DQ diagnostics; `output`: the text",
        "report; then each `stats` table, and `todo`'s plan and its text. Like the commands, the",
        "process keeps freed memory for reuse (`followup_stats.memory`).",
        "",
        *stage_lines(breakdown),
        "",
    ]
    for script, output in extras:
        if output:
            text += [f"## {script}", "", "```text", output.rstrip(), "```", ""]
    args.results.write_text("\n".join(text))
    raw = {
        "results": results,
        "stages": breakdown,
        "startup": startup,
        "concentrated": concentrated,
        "per_candidate": per_candidate,
        "machine": header,
    }
    (OUT / "results.json").write_text(json.dumps(raw, indent=1, default=str))
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
