"""The order in which ``todo`` and the report's next actions show a plan.

Steps whose moment passes (an offer to answer, a thank-you) come first, then
the other steps due, then what comes up; steps allowed more than
``ghost_after_days`` ago come last under a line counting them. The actions
themselves, and the JSON, stay as DESIGN.md section 5 has them.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from followup_stats import cli, output
from followup_stats import report_views as views
from followup_stats.actions import next_actions
from followup_stats.config import Config
from followup_stats.load import load_log

AS_OF = "2026-10-30"
#: One application of each kind, as of :data:`AS_OF`: Mossy and Swift applied long ago
#: and heard nothing (their follow-ups allowed 114 and 33 days ago), Robin's follow-up
#: was allowed 28 days ago, Orca made an offer not answered, Tern interviewed yesterday
#: with no thank-you, Finch's final note became allowed 5 days ago, and Wren waits.
LOG = (
    "date,application_id,company,event\n"
    "2026-07-01,m1,Mossy,applied\n"
    "2026-09-20,s1,Swift,applied\n"
    "2026-09-25,r1,Robin,applied\n"
    "2026-10-01,o1,Orca,applied\n"
    "2026-10-20,o1,Orca,offer\n"
    "2026-10-10,t1,Tern,applied\n"
    "2026-10-29,t1,Tern,interview\n"
    "2026-10-15,f1,Finch,applied\n"
    "2026-10-23,f1,Finch,follow_up\n"
    "2026-10-27,w1,Wren,applied\n"
)
LONG_OVERDUE = (
    "Long overdue: 2 applications have had no reply for more than 30 days since their "
    "next step was allowed"
)


def run(*argv: str) -> tuple[int, str, str]:
    """``followup-stats ARGV``: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _rows(text: str) -> list[list[str]]:
    """Each line of ``todo``'s text: a title, or a row's cells but its why (the last)."""
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().split("  ") if cell.strip()]
        rows.append(cells[:-1] if line.startswith("  ") else cells)
    return rows


@pytest.fixture
def log(tmp_path: Path) -> str:
    path = tmp_path / "ana.csv"
    path.write_text(LOG, encoding="utf-8")
    return str(path)


def test_pressing_steps_first_and_long_overdue_ones_last(log: str) -> None:
    code, out, _ = run("todo", log, "--as-of", AS_OF)
    assert code == 0
    assert _rows(out) == [
        [f"Due today or overdue (as of {AS_OF})"],
        ["2026-10-20", "Answer the offer", "Orca (o1)"],
        ["2026-10-29", "Send a thank-you", "Tern (t1)"],
        ["2026-10-02", "Follow up", "Robin (r1)"],
        ["2026-10-25", "Send a final note", "Finch (f1)"],
        [],
        ["Coming up"],
        ["2026-11-03", "Wait (then follow up)", "Wren (w1)"],
        [],
        [LONG_OVERDUE],
        ["2026-07-08", "Follow up", "Mossy (m1)"],
        ["2026-09-27", "Follow up", "Swift (s1)"],
    ]


def test_the_json_keeps_its_keys_actions_and_date_order(log: str) -> None:
    """Only the text is regrouped: a follow-up allowed months ago is still ``follow_up``."""
    code, out, _ = run("todo", log, "--as-of", AS_OF, "--format", "json")
    text = run("todo", log, "--as-of", AS_OF)[1]
    assert code == 0 and LONG_OVERDUE in text
    rows = json.loads(out)
    assert all(list(row) == list(output.ACTION_JSON_KEYS) for row in rows)
    assert [(r["application_id"], r["action"], r["not_before"]) for r in rows] == [
        ("m1", "follow_up", "2026-07-08"),
        ("s1", "follow_up", "2026-09-27"),
        ("r1", "follow_up", "2026-10-02"),
        ("o1", "answer_offer", "2026-10-20"),
        ("f1", "final_note", "2026-10-25"),
        ("t1", "thank_you", "2026-10-29"),
        ("w1", "wait", "2026-11-03"),
    ]


def test_ghost_after_days_sets_what_is_long_overdue(log: str) -> None:
    _, out, _ = run("todo", log, "--as-of", AS_OF, "--config", "ghost_after_days=60")
    rows = _rows(out)
    assert ["2026-09-27", "Follow up", "Swift (s1)"] in rows[: rows.index([])]
    assert rows[-2:] == [
        [
            "Long overdue: 1 application has had no reply for more than 60 days since its next "
            "step was allowed"
        ],
        ["2026-07-08", "Follow up", "Mossy (m1)"],
    ]
    # A step allowed exactly ghost_after_days ago is not yet long overdue; a day more is.
    _, out, _ = run("todo", log, "--as-of", AS_OF, "--config", "ghost_after_days=33")
    assert "Long overdue: 1 application" in out
    _, out, _ = run("todo", log, "--as-of", AS_OF, "--config", "ghost_after_days=32")
    assert "Long overdue: 2 applications" in out


def test_clients_judged_apart_each_by_their_own_ghost_after_days(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, days in (("ann", 60), ("ben", 30)):
        Path(name).mkdir()
        Path(name, "log.csv").write_text(LOG, encoding="utf-8")
        Path(name, "followup-stats.toml").write_text(f"ghost_after_days = {days}\n", "utf-8")
    code, out, _ = run("todo", "ann", "ben", "--as-of", AS_OF)
    assert code == 0
    due, long_overdue = out.split("Long overdue: ")
    assert long_overdue.startswith(
        "3 applications have had no reply for longer than each client's ghost_after_days "
        "since their next step was allowed\n"
    )
    swift = ["2026-09-27", "Follow up", "Swift (s1)"]
    assert ["log (ann)", *swift] in [row[:4] for row in _rows(due)]
    assert [row[:4] for row in _rows(long_overdue)[1:]] == [
        ["log (ann)", "2026-07-08", "Follow up", "Mossy (m1)"],
        ["log (ben)", "2026-07-08", "Follow up", "Mossy (m1)"],
        ["log (ben)", *swift],
    ]


def test_an_overdue_offer_stays_first() -> None:
    """An offer waits for its answer however long ago it came: first, not long overdue."""
    actions = pd.DataFrame(
        {
            "candidate": ["ana", "ana", "ana"],
            "application_id": ["a1", "b1", "c1"],
            "company": ["Acme", "Beta", "Cove"],
            "action": ["follow_up", "answer_offer", "final_note"],
            "not_before": pd.to_datetime(["2026-05-01", "2026-06-01", "2026-10-20"]),
            "why": ["x", "y", "z"],
            "then": ["follow_up", "answer_offer", "final_note"],
        }
    )
    assert _rows(output.actions_text(actions, AS_OF)) == [
        [f"Due today or overdue (as of {AS_OF})"],
        ["2026-06-01", "Answer the offer", "Beta (b1)"],
        ["2026-10-20", "Send a final note", "Cove (c1)"],
        [],
        [
            "Long overdue: 1 application has had no reply for more than 30 days since its "
            "next step was allowed"
        ],
        ["2026-05-01", "Follow up", "Acme (a1)"],
    ]


def test_the_report_s_next_actions_are_in_the_same_order() -> None:
    frame = pd.read_csv(io.StringIO(LOG), dtype=str).assign(candidate="ana")
    loaded = load_log(frame, config=Config(), as_of=AS_OF)
    page = views.actions_table(next_actions(loaded), loaded.as_of).data  # 30 days
    companies = ["Orca", "Tern", "Robin", "Finch", "Wren", "Mossy", "Swift"]
    at = [page.index(f">{name}</td>") for name in companies]
    assert at == sorted(at)
    assert page.index(LONG_OVERDUE.removeprefix("Long overdue: ")) < page.index("<table")
    assert "they are listed last" in page
    assert "since 2026-07-08" in page and "since 2026-09-27" in page
    # With a longer silence allowed, nothing is long overdue and the count is not said.
    page = views.actions_table(next_actions(loaded), loaded.as_of, 120).data
    assert "no reply for more than" not in page and "since 2026-07-08" not in page


def test_the_report_s_when_column_stays_on_one_line() -> None:
    """The When column mixes "now", days to come and "since 2026-07-08": at 1280 pixels
    its dates broke after a hyphen ("since 2026- / 07-08"). Its cells are in the class
    ``followup-date``, which does not wrap, as a column of dates alone is."""
    from bs4 import BeautifulSoup

    frame = pd.read_csv(io.StringIO(LOG), dtype=str).assign(candidate="ana")
    loaded = load_log(frame, config=Config(), as_of=AS_OF)
    page = str(views.actions_table(next_actions(loaded), loaded.as_of).data)
    table: Any = BeautifulSoup(page, "html.parser").find("table")
    when = [row.find_all(["th", "td"])[0] for row in table.tbody.find_all("tr")]
    assert [cell.get_text() for cell in when] == [
        "now",
        "now",
        "now",
        "now",
        "2026-11-03",
        "since 2026-07-08",
        "since 2026-09-27",
    ]
    assert all("followup-date" in cell.get("class", []) for cell in when)
    # The other columns wrap as before.
    cells = table.tbody.find("tr").find_all(["th", "td"])[1:]
    assert not any("followup-date" in cell.get("class", []) for cell in cells)
