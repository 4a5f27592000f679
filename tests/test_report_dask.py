"""``report-all --engine dask``: each report a task on a Dask cluster, the same files as pandas.

Two small candidates: the pandas engine's reports are made once, then the
Dask engine's on a local cluster that ``report-all`` starts (``--jobs``
workers) and compared page by page; a cluster already running in this
process (``--scheduler``) renders a cohort whose one candidate fails. Every
report takes a Jupyter kernel, so each run takes some seconds.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_report import AS_OF, _events, _good_and_bad, _write_log

from followup_stats import cli
from followup_stats.engines import get_engine
from followup_stats.report import ReportError, render_all

if TYPE_CHECKING:
    import distributed
else:
    distributed = pytest.importorskip("distributed")
dask_engine = get_engine("dask")

#: Ids that differ from run to run: plotly's ``<div id=uuid>`` and nbconvert's cell ids.
_RANDOM_IDS = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|cell-id=[0-9a-f]+"
)


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log of two candidates."""
    folder = tmp_path_factory.mktemp("two")
    rows = _events("Ann Lee", "Acme", "Analyst", "Pat Recruiter", "said hi") + _events(
        "Bo Chen", "Globex", "Engineer", "Kim Lead", ""
    )
    return _write_log(folder / "two.csv", rows)


@pytest.fixture(scope="module")
def pandas_reports(two: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports of the pandas engine (a pool of local processes)."""
    out = tmp_path_factory.mktemp("pandas") / "reports"
    table = render_all(two, out, jobs=2, as_of=AS_OF, progress=False)
    assert table["status"].tolist() == ["ok"] * 3, table["error"].tolist()
    return out


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """A cluster that was running before ``report-all``.

    Its workers are processes, as on a real cluster: a worker thread of the
    test process could find an event loop already running there, which
    papermill cannot start a kernel from.
    """
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as running:
        yield running


def _headline(page: str) -> str:
    """The headline paragraph of a candidate's report, as text."""
    found = re.search(r"<p><strong>\d+ applications?</strong> logged;.*?</p>", page, re.DOTALL)
    assert found is not None
    return re.sub(r"<[^>]+>", "", found.group(0))


def _same_reports(found: Path, expected: Path) -> None:
    """The same files, and each page the same but for its random ids."""
    names = sorted(p.name for p in expected.iterdir())
    assert sorted(p.name for p in found.iterdir()) == names
    assert names == [f"Ann_Lee_{AS_OF}.html", f"Bo_Chen_{AS_OF}.html", f"coach_review_{AS_OF}.html"]
    for name in names:
        page = (found / name).read_text(encoding="utf-8")
        want = (expected / name).read_text(encoding="utf-8")
        assert page.count("Plotly.newPlot(") == want.count("Plotly.newPlot(") > 0, name
        title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
        assert title is not None and title.group(1) in want, name
        if not name.startswith("coach_review"):
            assert _headline(page) == _headline(want), name
        assert _RANDOM_IDS.sub("", page) == _RANDOM_IDS.sub("", want), name
    coach = (found / f"coach_review_{AS_OF}.html").read_text(encoding="utf-8")
    assert "Ann Lee" in coach and "Bo Chen" in coach


def test_local_cluster_gives_the_pandas_reports(
    two: Path,
    pandas_reports: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    made: list[tuple[str | None, int]] = []
    ran: list[str] = []
    connected = dask_engine.connected

    @contextlib.contextmanager
    def watched(
        scheduler: str | None, client: object = None, *, workers: int | None = None
    ) -> Iterator[distributed.Client]:
        with (
            connected(scheduler, client, workers=workers) as made_client,
            distributed.get_task_stream(made_client) as stream,
        ):
            made.append((scheduler, len(made_client.scheduler_info()["workers"])))
            yield made_client
        ran.extend(str(task["key"]) for task in stream.data)

    monkeypatch.setattr(dask_engine, "connected", watched)
    out = tmp_path / "reports"
    argv = ["report-all", str(two), "--out", str(out), "--as-of", AS_OF]
    assert cli.main([*argv, "--engine", "dask", "--jobs", "2", "--progress"]) == 0
    # A local cluster of --jobs workers ran the three reports.
    assert made == [(None, 2)]
    assert len(ran) == 3 and all(key.startswith("_run_task-") for key in ran), ran
    printed = capsys.readouterr()
    assert printed.out.count("wrote ") == 3
    assert printed.out.endswith("3 reports written, 0 failed\n")
    assert "reports: 100%" in printed.err  # the bar (asked for: stderr is no terminal here)
    _same_reports(out, pandas_reports)


def test_running_scheduler_and_a_failing_candidate(
    cluster: distributed.LocalCluster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--scheduler`` of a running cluster; "Bad"'s notebook fails, the others are written."""
    log = _good_and_bad(tmp_path, monkeypatch)
    out = tmp_path / "out"
    argv = ["report-all", str(log), "--out", str(out), "--as-of", AS_OF, "--engine", "dask"]
    with distributed.Client(cluster) as client, distributed.get_task_stream(client) as stream:
        assert cli.main([*argv, "--scheduler", cluster.scheduler_address]) == 1
    # The three reports ran as tasks on that cluster's workers.
    ran = [str(task["key"]) for task in stream.data]
    assert len(ran) == 3 and all(key.startswith("_run_task-") for key in ran), ran
    printed = capsys.readouterr().out.splitlines()
    assert printed[:3] == [
        f"wrote {out / f'Good_{AS_OF}.html'}",
        f"wrote {out / f'coach_review_{AS_OF}.html'}",
        "2 reports written, 1 failed",
    ], printed
    assert len(printed) == 4 and printed[3].startswith(
        "  failed: Bad: failing.ipynb failed at cell"
    )
    assert "ValueError: no report for this one" in printed[3]
    # Written atomically: the two reports and the failed run's notebook, no temporary file.
    assert sorted(p.name for p in out.iterdir()) == [
        f"Bad_{AS_OF}.ipynb",
        f"Good_{AS_OF}.html",
        f"coach_review_{AS_OF}.html",
    ]
    good = (out / f"Good_{AS_OF}.html").read_text(encoding="utf-8")
    assert "<title>Follow-up report: Good, " in good


def test_scheduler_needs_the_dask_engine(
    two: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    argv = ["report-all", str(two), "--out", str(out), "--scheduler", "tcp://127.0.0.1:1"]
    assert cli.main(argv) == 2
    assert cli.main([*argv, "--engine", "pandas"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == ["followup-stats: error: --scheduler needs --engine dask"] * 2
    with pytest.raises(ReportError, match="needs the dask engine"):
        render_all(two, out, scheduler="tcp://127.0.0.1:1", progress=False)
    assert not out.exists()  # refused before any work


def test_without_dask_the_message_is_check_s(
    two: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    monkeypatch.delitem(sys.modules, "followup_stats.engines.dask_engine", raising=False)
    assert cli.main(["check", str(two), "--engine", "dask"]) == 2
    expected = capsys.readouterr().err
    assert "pip install 'followup_stats[dask]'" in expected and expected.count("\n") == 1
    out = tmp_path / "reports"
    assert cli.main(["report-all", str(two), "--out", str(out), "--engine", "dask"]) == 2
    assert capsys.readouterr().err == expected
    assert not out.exists()
