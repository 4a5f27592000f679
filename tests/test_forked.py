"""The pandas engine's worker processes give the tables of one process, and fail as it would.

A big log of several candidates is split by candidate and its parts worked
on in forked processes; the tests force the split on small logs
(``rows_per_process=1``) and compare every table with the one-process run.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from engine_logs import assert_same_stats, write_logs

from followup_stats.cli import main
from followup_stats.config import Config
from followup_stats.engines import UnknownColumn, forked, partitioned
from followup_stats.engines import pandas_engine as engine
from followup_stats.load import candidate_names, load_log
from followup_stats.logio import rows_about

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="worker processes need fork")

AS_OF = "2026-10-30"
#: NUL bytes and a quote that never closes (repairs the reader reports on their
#: record; one on the second line of a record), surplus cells, candidates that
#: come back later in the file, one (Zed Moss) also in the messy log.
REPAIRED = (
    "date,candidate,company,role,event,channel,notes\n"
    "2026-08-03,Ann Lee,Acme,Analyst,applied,portal,\n"
    "2026-08-04,Bo Chen,Initech,Dev,applied,portal,ok\x00ay\n"
    '2026-08-05,Ann Lee,Acme,Analyst,interview,video,"two\nli\x00nes"\n'
    "2026-08-06,Cy Diaz,Umbrella,Ops,applied,portal,\n"
    "2026-08-07,Bo Chen,Initech,Dev,interview,video,,surplus\n"
    "2026-08-20,Ann Lee,Acme,Analyst,follow_up,email,\n"
    "2026-08-21, Cy Diaz ,Umbrella,Ops,rejection,email,,more,cells\n"
    '2026-08-22,Dee Fox,Globex,QA,applied,portal,"never closed\n'
    "2026-08-23,Zed Moss,Acme,Analyst,follow_up,email,\n"
)


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("logs")
    repaired = folder / "repaired.csv"
    repaired.write_bytes(REPAIRED.encode())
    return [*write_logs(folder), str(repaired)]


@pytest.mark.parametrize("jobs", [2, 3])
def test_check_is_the_same(logs: list[str], jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config()
    expected = engine.check_log(logs, config, AS_OF, jobs=1)
    started: list[int] = []
    start = forked._start

    def counted(*args: Any) -> Any:
        child = start(*args)
        started.append(child.pid)
        return child

    monkeypatch.setattr(forked, "_start", counted)
    found = engine.check_log(logs, config, AS_OF, jobs=jobs, rows_per_process=1)
    assert len(started) == jobs - 1  # the work really was shared
    pd.testing.assert_frame_equal(found.diagnostics, expected.diagnostics)
    assert found.rows_not_loaded == expected.rows_not_loaded > 0
    codes = set(found.diagnostics["code"])
    assert codes >= {"DQ001", "DQ004", "DQ005", "FU005"}
    repaired = found.diagnostics[found.diagnostics["file"].str.endswith("repaired.csv")]
    mended = repaired[repaired["code"].eq("DQ004")]
    assert mended["line"].tolist() == [3, 4, 7, 9, 10]
    assert "(on line 5, inside this row)" in mended["message"].iloc[1]


@pytest.mark.parametrize("by", [None, "source", "candidate"])
def test_stats_are_the_same(logs: list[str], by: str | None) -> None:
    config = Config()
    expected = engine.stats_log(logs, config, AS_OF, by=by, jobs=1)
    found = engine.stats_log(logs, config, AS_OF, by=by, jobs=2, rows_per_process=1)
    assert_same_stats(found, expected, by)


def test_unknown_column_is_refused_the_same_way(logs: list[str]) -> None:
    with pytest.raises(UnknownColumn) as alone:
        engine.stats_log(logs, Config(), AS_OF, by="nope", jobs=1)
    with pytest.raises(UnknownColumn) as split:
        engine.stats_log(logs, Config(), AS_OF, by="nope", jobs=2, rows_per_process=1)
    assert split.value.known == alone.value.known


def test_parts_hold_every_row_once_and_never_split_a_candidate(logs: list[str]) -> None:
    read = partitioned.read_logs(logs, None)
    parts = partitioned.split_by_candidate(read, 4)
    assert 2 <= len(parts) <= 4
    for number, log in enumerate(read):
        shares = [part[number] for part in parts]
        assert all(share.label == log.label for share in shares)
        lines = np.concatenate([share.raw.cells.index.to_numpy() for share in shares])
        assert sorted(lines.tolist()) == log.raw.cells.index.tolist()
        for share in shares:  # each share in line order, with its own records' surplus cells
            held = share.raw.cells.index
            assert held.is_monotonic_increasing
            assert set(share.raw.extra) == set(log.raw.extra) & set(held)
        assert sum(len(share.raw.repairs) for share in shares) == len(log.raw.repairs)
    owners: dict[str, set[int]] = {}
    files: dict[str, int] = {}
    for number, part in enumerate(parts):
        for log in part:
            codes, names = candidate_names(log.raw, log.stem)
            for name in set(names[codes].tolist()):
                owners.setdefault(name, set()).add(number)
                files[name] = files.get(name, 0) + 1
    assert all(len(numbers) == 1 for numbers in owners.values()), owners
    assert {"Ann Lee", "Bo Chen", "Cy Diaz", "messy", "Zed Moss"} <= set(owners)
    assert files["Zed Moss"] == 2  # in two files, and in one part


def test_a_candidate_is_in_one_part_however_written(logs: list[str]) -> None:
    """Keyed as the loader keys: " Cy Diaz " is Cy Diaz, a blank candidate the file's stem."""
    small = logs[1:]  # few rows a candidate: as many parts as candidates
    parts = partitioned.split_by_candidate(partitioned.read_logs(small, None), 50)
    seen: dict[str, int] = {}
    for number, part in enumerate(parts):
        loaded = load_log(part, as_of=AS_OF)
        names = set(loaded.events["candidate"].astype(str)) | set(
            loaded.quality["candidate"].dropna().astype(str)
        )
        for name in names:
            assert seen.setdefault(name, number) == number, name
    assert len(parts) == len(seen) == 6  # Ann, Bo, Cy, Dee, Zed (two files), messy (blank)


def test_loaded_parts_add_up_to_the_log(logs: list[str]) -> None:
    whole = load_log(logs, as_of=AS_OF)
    parts = partitioned.split_by_candidate(partitioned.read_logs(logs, None), 3)
    loaded = [load_log(part, as_of=AS_OF) for part in parts]
    assert sum(len(p.events) for p in loaded) == len(whole.events)
    assert sum(len(p.rejects) for p in loaded) == len(whole.rejects)
    assert all(p.sources == whole.sources and p.attributes == whole.attributes for p in loaded)


def _fails_in_a_child(item: str) -> str:
    if item == "bad":
        raise ValueError(f"cannot work on {item}")
    return item.upper()


def test_an_error_in_a_child_is_raised_here() -> None:
    with pytest.raises(ValueError, match="cannot work on bad"):
        forked.fork_map(_fails_in_a_child, ["ok", "bad"])
    assert forked.fork_map(_fails_in_a_child, ["a", "b", "c"]) == ["A", "B", "C"]


def test_a_child_that_dies_has_its_item_worked_on_here() -> None:
    parent = os.getpid()

    def dies_in_a_child(item: int) -> tuple[int, bool]:
        if os.getpid() != parent:
            os._exit(9)  # as if killed for memory
        return item * 10, True

    assert forked.fork_map(dies_in_a_child, [1, 2, 3]) == [(10, True), (20, True), (30, True)]


def test_cli_jobs(
    logs: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["check", *logs, "--as-of", AS_OF, "--format", "json", "--jobs", "1"]) == 1
    alone = capsys.readouterr().out
    monkeypatch.setattr(engine, "ROWS_PER_PROCESS", 1)
    assert main(["check", *logs, "--as-of", AS_OF, "--format", "json", "--jobs", "2"]) == 1
    assert capsys.readouterr().out == alone
    assert main(["stats", *logs, "--as-of", AS_OF, "--format", "json", "--jobs", "1"]) == 0
    alone = capsys.readouterr().out
    assert main(["stats", *logs, "--as-of", AS_OF, "--format", "json", "--jobs", "3"]) == 0
    assert capsys.readouterr().out == alone


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--jobs", "0"], "--jobs 0: give at least 1"),
        (["--jobs", "2", "--engine", "dask"], "--jobs is for the pandas engine"),
    ],
)
def test_cli_jobs_refused(
    logs: list[str], capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["check", logs[0], *extra]) == 2
    assert message in capsys.readouterr().err


def test_one_process_where_fork_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert forked.processes(None) == forked.processes(4) == 1
    assert forked.fork_map(lambda item: (item, os.getpid()), [1, 2]) == [
        (1, os.getpid()),
        (2, os.getpid()),
    ]


def test_processes() -> None:
    assert forked.processes(3) == 3
    assert forked.processes(None) == forked.usable_cores() >= 1


def test_rows_are_told_without_reading_the_log(logs: list[str], tmp_path: Path) -> None:
    cohort = pd.read_csv(logs[0], dtype=str)
    parquet = tmp_path / "cohort.parquet"
    cohort.to_parquet(parquet)
    assert rows_about(str(parquet)) == len(cohort)
    assert 0.8 * len(cohort) <= rows_about(logs[0]) <= 1.2 * len(cohort)
    assert rows_about(cohort) == len(cohort)
    assert rows_about(str(tmp_path / "missing.csv")) == 0


@pytest.mark.parametrize("tagged", ["Ann", "Bo"])
def test_an_unnamed_column_is_named_for_every_part(tmp_path: Path, tagged: str) -> None:
    """The loader names an unnamed column only where it holds a value: settled on the file."""
    rows = [("Ann", "Acme"), ("Bo", "Initech"), ("Cy", "Umbrella")]
    log = tmp_path / "unnamed.csv"
    log.write_text(
        "date,candidate,company,role,event,\n"
        + "".join(
            f"2026-08-0{i + 1},{who},{company},Dev,applied,{'tagged' if who == tagged else ''}\n"
            for i, (who, company) in enumerate(rows)
        )
    )
    expected = engine.stats_log([str(log)], Config(), AS_OF, by="column_6", jobs=1)
    found = engine.stats_log([str(log)], Config(), AS_OF, by="column_6", jobs=3, rows_per_process=1)
    for name, table in expected.items():
        pd.testing.assert_frame_equal(found[name], table, obj=name)
    assert set(found["rates"]["group"]) == {"tagged", "(not recorded)"}


def test_no_patience_group_is_made_up(logs: list[str]) -> None:
    """Judged at a date before any application: no group, as in one process."""
    expected = engine.stats_log(logs[:1], Config(), "2026-07-01", by="source", jobs=1)
    found = engine.stats_log(
        logs[:1], Config(), "2026-07-01", by="source", jobs=2, rows_per_process=1
    )
    assert expected["patience"].empty
    pd.testing.assert_frame_equal(found["patience"], expected["patience"])


def test_the_configuration_beside_the_log_is_found_before_the_split(
    logs: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / "configured"
    folder.mkdir()
    cohort = folder / "cohort.csv"
    cohort.write_bytes(Path(logs[0]).read_bytes())
    (folder / "followup-stats.toml").write_text('ignore = ["FU"]\n')
    alone = engine.check_log([str(cohort)], None, AS_OF, jobs=1)
    split = engine.check_log([str(cohort)], None, AS_OF, jobs=2, rows_per_process=1)
    pd.testing.assert_frame_equal(split.diagnostics, alone.diagnostics)
    assert not alone.diagnostics["code"].str.startswith("FU").any()


def test_a_piped_log_is_not_read_to_count_its_rows(logs: list[str], tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    assert rows_about(str(pipe)) == 0  # would block on open if it tried to read

    def feed() -> None:
        with open(pipe, "wb") as sink:
            sink.write(Path(logs[0]).read_bytes())

    writer = threading.Thread(target=feed)
    writer.start()
    found = engine.check_log([str(pipe)], Config(), AS_OF, jobs=2)
    writer.join()
    expected = engine.check_log([logs[0]], Config(), AS_OF, jobs=1)
    pd.testing.assert_frame_equal(
        found.diagnostics.drop(columns="file"), expected.diagnostics.drop(columns="file")
    )


def _children() -> set[int]:
    """This process's child processes, live or not yet reaped (Linux's ``/proc``).

    Earlier tests may leave children of their own; the tests below ask about
    the children ``fork_map`` makes.
    """
    found: set[int] = set()
    for listing in Path("/proc/self/task").glob("*/children"):
        found.update(int(pid) for pid in listing.read_text().split())
    return found


def test_no_child_outlives_a_failure_here() -> None:
    def fails_here(item: int) -> int:
        if item == 0:
            raise RuntimeError("this process failed")
        return item

    before = _children()
    with pytest.raises(RuntimeError, match="this process failed"):
        forked.fork_map(fails_here, [0, 1, 2])
    assert _children() <= before


def test_a_result_that_will_not_pickle_is_worked_out_here() -> None:
    before = _children()
    found = forked.fork_map(lambda item: lambda: item, [1, 2, 3])  # lambdas do not pickle
    assert [make() for make in found] == [1, 2, 3]
    assert _children() <= before
