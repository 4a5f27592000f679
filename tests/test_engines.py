"""The Dask engine gives the pandas engine's diagnostics and statistics, table for table.

The log is cut into several partitions by candidate and run on a local
cluster of two in-process workers; the statistics are pooled from counts,
durations and strata, so every interval, median and p-value must match.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from engine_logs import assert_same_stats, write_logs

from followup_stats.checker import check
from followup_stats.cli import main
from followup_stats.config import Config
from followup_stats.engines import UnknownColumn, get_engine
from followup_stats.engines import pandas_engine as pandas_engine
from followup_stats.load import load_log

if TYPE_CHECKING:
    import distributed
else:
    distributed = pytest.importorskip("distributed")
dask_engine = get_engine("dask")

AS_OF = "2026-10-30"


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return write_logs(tmp_path_factory.mktemp("logs"))


def test_check_is_the_same(client: distributed.Client, logs: list[str]) -> None:
    config = Config()
    expected = pandas_engine.check_log(logs, config, AS_OF)
    found = dask_engine.check_log(logs, config, AS_OF, client=client, partitions=4)
    pd.testing.assert_frame_equal(found.diagnostics, expected.diagnostics)
    assert found.rows_not_loaded == expected.rows_not_loaded > 0
    assert set(found.diagnostics["code"]) >= {"DQ001", "DQ004", "DQ005", "FU005"}
    loaded = load_log(logs, config=config, as_of=AS_OF)
    pd.testing.assert_frame_equal(expected.diagnostics, check(loaded))


@pytest.mark.parametrize("by", [None, "source", "candidate"])
def test_stats_are_the_same(client: distributed.Client, logs: list[str], by: str | None) -> None:
    config = Config()
    expected = pandas_engine.stats_log(logs, config, AS_OF, by=by)
    found = dask_engine.stats_log(logs, config, AS_OF, by=by, client=client, partitions=3)
    assert_same_stats(found, expected, by)


def test_stages_are_named(client: distributed.Client, logs: list[str]) -> None:
    stages: list[str] = []
    dask_engine.check_log(
        logs, Config(), AS_OF, client=client, partitions=3, progress=stages.append
    )
    assert stages == ["reading", "connecting", "3 partitions on the cluster"]


def test_one_partition_and_many_agree(client: distributed.Client, logs: list[str]) -> None:
    one = dask_engine.stats_log(logs, Config(), AS_OF, client=client, partitions=1)
    many = dask_engine.stats_log(logs, Config(), AS_OF, client=client, partitions=50)
    for name in one:
        pd.testing.assert_frame_equal(one[name], many[name], obj=name)


def test_unknown_column(client: distributed.Client, logs: list[str]) -> None:
    with pytest.raises(UnknownColumn) as pandas_error:
        pandas_engine.stats_log(logs, Config(), AS_OF, by="nope")
    with pytest.raises(UnknownColumn) as dask_error:
        dask_engine.stats_log(logs, Config(), AS_OF, by="nope", client=client)
    assert dask_error.value.known == pandas_error.value.known


def test_cli_on_a_running_scheduler(
    client: distributed.Client,
    logs: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    address = str(client.scheduler_info()["address"])
    assert main(["check", *logs, "--as-of", AS_OF, "--format", "json"]) == 1
    expected = capsys.readouterr().out
    dask = ["--engine", "dask", "--scheduler", address]
    assert main(["check", *logs, "--as-of", AS_OF, "--format", "json", *dask]) == 1
    assert capsys.readouterr().out == expected
    assert main(["stats", *logs, "--as-of", AS_OF, "--format", "json", "--by", "Source"]) == 0
    expected = capsys.readouterr().out
    stats = ["stats", *logs, "--as-of", AS_OF, "--format", "json", "--by", "Source"]
    assert main([*stats, "--engine", "dask", "--scheduler", address]) == 0
    assert capsys.readouterr().out == expected


def test_scheduler_needs_the_dask_engine(
    logs: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", logs[0], "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("tcp://127.0.0.1:1", "cannot reach a Dask scheduler there within 1 s"),
        ("nonsense://x", "not a Dask scheduler address"),
    ],
)
def test_a_scheduler_that_is_not_there_is_one_line(
    logs: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    address: str,
    said: str,
) -> None:
    from followup_stats.engines import dask_engine

    monkeypatch.setattr(dask_engine, "CONNECT_SECONDS", 1)
    argv = ["check", logs[0], "--as-of", AS_OF, "--engine", "dask", "--scheduler", address]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"followup-stats: error: --scheduler {address}: {said}")


def test_a_local_cluster_takes_a_free_port_for_its_web_server(logs: list[str]) -> None:
    """A second cluster (or a user's) on port 8787 makes no warning on standard error.

    Run as a command in a process of its own: the local cluster's worker processes
    (and multiprocessing's helper) are then its children, not the test run's.
    """
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        try:
            taken.bind(("127.0.0.1", 8787))
            taken.listen()
        except OSError:
            pass  # already taken by something else: the same situation
        done = subprocess.run(
            [sys.executable, "-m", "followup_stats.cli", "check", logs[0], "--as-of", AS_OF],
            capture_output=True,
            text=True,
            check=False,
        )
        dask = subprocess.run(
            [
                sys.executable,
                "-m",
                "followup_stats.cli",
                "check",
                logs[0],
                "--as-of",
                AS_OF,
                "--engine",
                "dask",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    assert dask.returncode == done.returncode and dask.stdout == done.stdout
    assert "8787" not in dask.stderr and "Warning" not in dask.stderr


def test_empty_log(client: distributed.Client, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("date,company,event\n")
    expected = pandas_engine.stats_log([str(empty)], Config(), AS_OF)
    found = dask_engine.stats_log([str(empty)], Config(), AS_OF, client=client)
    for name in expected:
        pd.testing.assert_frame_equal(found[name], expected[name], obj=name)
    result = dask_engine.check_log([str(empty)], Config(), AS_OF, client=client)
    assert result.diagnostics.empty and result.rows_not_loaded == 0


def test_logs_that_cannot_be_read_are_set_aside_as_by_pandas(
    client: distributed.Client, logs: list[str], tmp_path: Path
) -> None:
    """Beside the others, an empty file and a misspelt header are named; the rest is read."""
    empty = tmp_path / "emma.csv"
    empty.touch()
    misspelt = tmp_path / "chloe.csv"
    misspelt.write_text("date,compnay,event\n2026-10-01,Acme,applied\n", encoding="utf-8")
    given = [str(empty), *logs, str(misspelt)]
    result = dask_engine.check_log(given, Config(), AS_OF, client=client, partitions=3)
    expected = pandas_engine.check_log(given, Config(), AS_OF)
    assert [str(e) for e in result.unreadable] == [str(e) for e in expected.unreadable]
    assert [e.path for e in result.unreadable] == [str(empty), str(misspelt)]
    pd.testing.assert_frame_equal(result.diagnostics, expected.diagnostics)
    tables = dask_engine.stats_log(given, Config(), AS_OF, client=client, partitions=3)
    assert [e.path for e in tables.unreadable] == [str(empty), str(misspelt)]
    assert_same_stats(tables, pandas_engine.stats_log(logs, Config(), AS_OF), None)


def test_an_unnamed_column_is_named_for_every_partition(
    client: distributed.Client, tmp_path: Path
) -> None:
    log = tmp_path / "unnamed.csv"
    log.write_text(
        "date,candidate,company,role,event,\n"
        "2026-08-01,Ann,Acme,Dev,applied,\n"
        "2026-08-02,Bo,Initech,Dev,applied,tagged\n"
        "2026-08-03,Cy,Umbrella,Dev,applied,\n"
    )
    expected = pandas_engine.stats_log([str(log)], Config(), AS_OF, by="column_6")
    found = dask_engine.stats_log(
        [str(log)], Config(), AS_OF, by="column_6", client=client, partitions=3
    )
    for name in expected:
        pd.testing.assert_frame_equal(found[name], expected[name], obj=name)


def test_per_file_ignores_hold_on_a_worker_in_another_folder(
    client: distributed.Client,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker started elsewhere (``dask worker`` from ``/``) drops what the caller's
    patterns drop: they are matched where the logs were named, not on the worker."""
    from followup_stats.engines import partitioned

    project = tmp_path / "project"
    (project / "archive").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (project / "archive" / "old.csv").write_text(
        "date,company,event\n2026-10-01,Acme,applied\n2026-10-03,Acme,follow_up\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(project)
    config = Config(per_file_ignores=(("archive/*.csv", ("FU",)),), root=str(project))
    expected = pandas_engine.check_log(["archive/old.csv"], config, AS_OF)
    assert expected.diagnostics.empty  # FU005 on line 3, dropped

    real_work = partitioned.work

    def work_elsewhere(*args: object, **kwargs: object) -> object:
        before = Path.cwd()
        os.chdir(tmp_path / "elsewhere")  # the worker's own folder
        try:
            return real_work(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            os.chdir(before)

    monkeypatch.setattr(partitioned, "work", work_elsewhere)
    found = dask_engine.check_log(["archive/old.csv"], config, AS_OF, client=client, partitions=1)
    pd.testing.assert_frame_equal(found.diagnostics, expected.diagnostics)
    unsettled = Config(per_file_ignores=(("archive/*.csv", ("FU",)),), root=str(project))
    os.chdir(tmp_path / "elsewhere")
    assert unsettled.ignored_in("archive/old.csv") == frozenset()  # what the worker saw
    assert unsettled.settled_for(["archive/old.csv"]).ignored_in("archive/old.csv") == frozenset()
    os.chdir(project)
    assert "FU005" in unsettled.settled_for(["archive/old.csv"]).ignored_in("archive/old.csv")


def test_a_blank_candidate_is_told_against_the_whole_file_in_every_partition(
    client: distributed.Client, tmp_path: Path
) -> None:
    """The blank row's partition holds no named candidate of its own: the DQ004 is still
    given, as the pandas engine gives it."""
    log = tmp_path / "coach.csv"
    log.write_text(
        "candidate,date,company,role,event\n"
        "Ann,2026-10-01,Acme,Dev,applied\n"
        "Bob,2026-10-02,Initech,QA,applied\n"
        ",2026-10-05,Globex,Dev,applied\n"
    )
    expected = pandas_engine.check_log([str(log)], Config(), AS_OF)
    found = dask_engine.check_log([str(log)], Config(), AS_OF, client=client, partitions=3)
    pd.testing.assert_frame_equal(found.diagnostics, expected.diagnostics)
    assert found.diagnostics[["line", "code"]].values.tolist() == [[4, "DQ004"]]
