"""Which application each data-quality finding names, on generated logs.

A loaded row's findings name the application it was given (the id written,
or the one made up from company and role); a row not loaded joined none, so
its findings name the id written in its cell, stripped, and none when the
cell is blank or the row is a networking one (whose id the loader never
reads). Rows are written with unreadable dates, unknown events, blank
companies and repeats, so every kind of row not loaded comes up.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_stats.checker import check
from followup_stats.load import load_log

AS_OF = "2026-10-30"
COLUMNS = ["date", "candidate", "application_id", "company", "role", "event"]
CELLS = {
    "date": ["2026-10-01", "2026-10-02", "2026-10-09", "3 Oct 2026", "notadate", "11/3/2026"],
    "candidate": ["Ann", "Bo", ""],
    "application_id": ["", " ", "A-1", " A-2 ", "B 7", "a-1"],
    "company": ["Acme", "Beta", " acme", "", " "],
    "role": ["Dev", "", "QA"],
    "event": ["applied", "follow_up", "interview", "thank_you", "aplied", "", "networking"],
}


@st.composite
def logs(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header (with or without ``application_id``) and rows, some repeating earlier ones."""
    header = COLUMNS if draw(st.booleans()) else [c for c in COLUMNS if c != "application_id"]
    rows: list[list[str]] = []
    for _ in range(draw(st.integers(1, 14))):
        if rows and draw(st.integers(0, 5)) == 0:
            rows.append(list(draw(st.sampled_from(rows))))  # DQ005
        else:
            rows.append([draw(st.sampled_from(CELLS[c])) for c in header])
    return header, rows


def _written(header: list[str], rows: list[list[str]]) -> pd.DataFrame:
    """The application id each row's findings should name if it is not loaded, by line."""
    cells = pd.DataFrame(rows, columns=header)
    ids = cells.get("application_id", pd.Series("", index=cells.index)).str.strip()
    ids = ids.mask(ids.eq("") | cells["event"].str.strip().eq("networking"))
    return pd.DataFrame({"line": cells.index + 2, "written": ids.astype("string")})


@pytest.fixture(scope="module")
def log_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file, rewritten by each example."""
    return tmp_path_factory.mktemp("ids") / "log.csv"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log=logs())
def test_every_finding_names_the_application_of_its_row(
    log_path: Path, log: tuple[list[str], list[list[str]]]
) -> None:
    header, rows = log
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, *rows])
    path = log_path
    path.write_text(text.getvalue(), encoding="utf-8")
    loaded = load_log(path, as_of=AS_OF)
    found = check(loaded)
    assert set(found.columns) >= {"line", "application_id"}

    rejected = loaded.quality[loaded.quality["rejected"].to_numpy(dtype=bool)]
    named = rejected[["line", "application_id"]].merge(_written(header, rows), on="line")
    assert len(named) == len(rejected)
    assert named["application_id"].astype("string").equals(named["written"]), named

    # The check's table says the same of them, and of loaded rows what the events say.
    by_line = pd.concat(
        [
            named[["line", "written"]],
            loaded.events[["line", "application_id"]]
            .astype({"application_id": "string"})
            .rename(columns={"application_id": "written"}),
        ],
        ignore_index=True,
    )
    shown = found[["line", "application_id"]].merge(by_line, on="line", how="left")
    assert len(shown) == len(found)
    assert shown["application_id"].astype("string").equals(shown["written"]), shown
