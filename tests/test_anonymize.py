"""Pseudonymised copies of logs: nothing real leaks, and the loader's verdicts are kept.

The copies are checked without rendering a report: what the report notebooks
show is what :func:`followup_stats.load.load_log` (and
:func:`followup_stats.report_views.load_cohort`) make of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from followup_stats import cli, parse, report_views
from followup_stats.anonymize import (
    CARRIED_FINDINGS,
    KEY_FORMAT,
    UNREADABLE,
    Pseudonymizer,
    pseudonymize_logs,
    with_carried_findings,
)
from followup_stats.checker import check
from followup_stats.config import Config
from followup_stats.errors import LogFormatError, UsageError
from followup_stats.load import LoadedLog, load_log

AS_OF = "2026-10-30"


def _copy(tmp_path: Path, *logs: Path, config: Config | None = None) -> list[str]:
    out = tmp_path / "copy"
    out.mkdir()
    return [str(p) for p in pseudonymize_logs(list(logs), out, config=config).paths]


def _verdicts(log: LoadedLog) -> pd.DataFrame:
    """Each finding by file (its position among the sources), line, column, code and verdict."""
    position = {name: i for i, name in enumerate(log.sources)}
    quality = log.quality.assign(file=log.quality["file"].map(position))
    columns = ["file", "line", "column", "code", "rejected"]
    return quality[columns].sort_values(columns).reset_index(drop=True)


def _lines(log: LoadedLog) -> list[tuple[int, int]]:
    position = {name: i for i, name in enumerate(log.sources)}
    files = log.events["file"].astype(str).map(position)
    return sorted(zip(files, log.events["line"].astype(int), strict=True))


# -- L1: a date cell that is no date is not kept --------------------------------------------


def test_is_numeric_date_wants_a_day_under_some_reading_and_nothing_else() -> None:
    days = ["11/3/2026", "13/3/2026", "2026.10.12 14:30", " 3-3-2026 "]
    others = ["079-55-12-34", "31/31/2026", "11/3/2026 call Ann", "4242919173", "11/3/26", ""]
    found = parse.is_numeric_date(pd.Series([*days, *others]))
    assert found.tolist() == [True] * len(days) + [False] * len(others)


def test_a_date_cell_that_is_no_date_is_replaced(tmp_path: Path) -> None:
    secrets = ["079-555-12-34", "079-55-12-34", "4242919173", "11/3/2026 call 5551234"]
    log = tmp_path / "log.csv"
    log.write_text(
        "date,company,event\n2026-08-01,Acme,applied\n11/3/2026,Acme,response\n"
        + "".join(f"{value},Acme,response\n" for value in secrets),
        encoding="utf-8",
    )
    for config in (None, Config(date_format="%d/%m/%Y")):
        folder = tmp_path / ("with_format" if config else "without")
        folder.mkdir()
        copy = _copy(folder, log, config=config)
        text = Path(copy[0]).read_text(encoding="utf-8")
        assert not [s for s in secrets if s in text] and "5551234" not in text
        assert "2026-08-01" in text and "11/3/2026," in text  # a date under some reading
        original, copied = load_log(log, config, AS_OF), load_log(copy, config, AS_OF)
        assert not copied.quality["message"].str.contains("555|4242").any()
        assert copied.quality["line"].tolist() == original.quality["line"].tolist()
        assert copied.quality["rejected"].tolist() == original.quality["rejected"].tolist()
        if config is None:  # 11/3/2026 still ambiguous; the rest unreadable, not quoted
            assert copied.quality["code"].tolist() == ["DQ010"] + ["DQ001"] * 4
            assert copied.quality["value"].tolist()[1:] == [UNREADABLE] * 4
        else:  # read as 11 March; the rest no date under the format
            assert len(copied.events) == len(original.events) == 2
            assert copied.quality["code"].tolist() == original.quality["code"].tolist()


# -- D1: one copy per file, loaded together --------------------------------------------------


def test_the_same_event_in_two_files_is_a_repeat_in_the_copy_too(tmp_path: Path) -> None:
    first, second = tmp_path / "export_w1.csv", tmp_path / "export_w2.csv"
    head = "date,candidate,company,event\n2026-08-01,Jo,Acme,applied\n"
    first.write_text(head + "2026-08-15,Jo,Acme,follow_up\n", encoding="utf-8")
    second.write_text(head + "15 Aug 2026,Jo,Acme,Followed up\n", encoding="utf-8")
    copy = _copy(tmp_path, first, second)
    assert [Path(p).name for p in copy] == ["file_1.csv", "file_2.csv"]
    original, copied = load_log([first, second], as_of=AS_OF), load_log(copy, as_of=AS_OF)
    assert len(copied.events) == len(original.events) == 2
    assert _verdicts(copied).equals(_verdicts(original))
    assert copied.quality["code"].tolist() == ["DQ005", "DQ005"]
    assert not any("export" in p or "Jo" in Path(p).read_text() for p in copy)


# -- D2, D3: what the loader refuses is refused, with the user's file ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "date,company,event,notes,Notes\n2026-08-01,Acme,applied,a,b\n",
        "date,company,status\n2026-08-01,Acme,applied\n",
        'date,"company,event\n2026-08-01,Acme,applied\n',
    ],
)
def test_a_log_the_loader_refuses_is_refused_with_the_loaders_error(
    tmp_path: Path, text: str
) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("date,company,event\n2026-08-01,Acme,applied\n", encoding="utf-8")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(LogFormatError) as plain:
        load_log([good, bad], as_of=AS_OF)
    with pytest.raises(LogFormatError) as copying:
        _copy(tmp_path, good, bad)
    assert str(copying.value) == str(plain.value) and str(bad) in str(copying.value)
    assert not list((tmp_path / "copy").iterdir())  # nothing written


@pytest.mark.parametrize("command", ["report", "report-all"])
def test_report_anonymize_refuses_what_report_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "ann.csv").write_text("date,company,event\n2026-08-01,Acme,applied\n")
    (folder / "bob.csv").write_text("date,company,status,notes,Notes\n2026-08-01,Acme,a,b,c\n")
    source = str(folder if command == "report-all" else folder / "bob.csv")
    errors = []
    for extra in ([], ["--anonymize"]):
        argv = [command, source, "--out", str(tmp_path / "out"), "--as-of", AS_OF, *extra]
        assert cli.main(argv) == 2
        captured = capsys.readouterr()
        # report-all lists a log it cannot read under its summary, and writes ann's report.
        said = [line for line in captured.out.splitlines() if "not read:" in line]
        errors.append(captured.err + "\n".join(said))
    assert errors[0] == errors[1]
    assert "bob.csv:1: " in errors[1] and "followup-anon" not in errors[1]
    if command == "report":
        assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# -- D4: line numbers are the user's ---------------------------------------------------------


def test_records_keep_their_lines_through_blank_lines_and_cells_over_lines(
    tmp_path: Path,
) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "\n\ndate,company,event,notes,timeline_days\n\n"
        '2026-08-01,Acme,applied,"met Ann\nat the fair\r\nand again",\n'
        "\n\n2026-08-02,Acme,response,,\n"
        '2026-08-03,Beta,applied,"two\n\nlines",soon\n'
        ",,,,\n"
        'oops,Beta,response,"x\ny",\n'
        '2026-08-05,Beta,interview,,"7\n"\n',
        encoding="utf-8",
    )
    copy = _copy(tmp_path, log)
    original, copied = load_log(log, as_of=AS_OF), load_log(copy, as_of=AS_OF)
    assert _lines(copied) == _lines(original) == [(0, 5), (0, 10), (0, 11), (0, 17)]
    assert _verdicts(copied).equals(_verdicts(original))  # the padding adds no finding
    assert copied.quality["line"].tolist() == [11, 15]  # timeline_days, then the date


# -- D5: findings on how the original was read are carried over ------------------------------


def _mended_log(tmp_path: Path) -> Path:
    """NUL bytes on a row's line and inside a row, and a stray quote that joins two rows."""
    log = tmp_path / "Quentin.csv"
    log.write_bytes(
        b"date,company,event,notes\n"
        b"2026-08-01,Acme\x00,applied,\n"
        b'2026-08-02,Acme,response,"Ann\nsaid\x00 hi"\n'
        b'2026-08-03,Acme,interview,"stray\n'
        b"2026-08-04,Acme,thank_you,\n"
        b'end"\n'
        b"2026-08-09,Acme,follow_up,\n"
    )
    return log


def test_reader_repairs_of_the_original_are_shown_for_the_copy(tmp_path: Path) -> None:
    log = _mended_log(tmp_path)
    copy = _copy(tmp_path, log)
    assert "\x00" not in Path(copy[0]).read_text(encoding="utf-8")
    original, copied = load_log(log, as_of=AS_OF), load_log(copy, as_of=AS_OF)
    columns = ["line", "column", "code", "message", "rejected"]
    mended = original.quality[columns]
    assert set(mended["code"]) == {"DQ004"} and len(mended) == 3
    assert copied.quality.empty  # the copy's bytes are clean
    carried = with_carried_findings(copied)
    assert carried.quality[columns].reset_index(drop=True).equals(mended.reset_index(drop=True))
    assert carried.quality["value"].eq("").all()  # the joined cell's first line is not carried
    assert set(carried.quality["candidate"]) == {"Candidate A"}
    assert set(carried.quality["company"]) == {"Company 1"}
    assert carried.events.equals(copied.events)
    # The report notebooks load the copy so; a plain log has no findings to carry.
    shown = report_views.load_candidate(copy, AS_OF, "Candidate A", anonymized=True)
    assert shown.quality[columns].reset_index(drop=True).equals(mended.reset_index(drop=True))
    assert (tmp_path / "copy" / CARRIED_FINDINGS).is_file()
    assert with_carried_findings(original) is original


# -- a key of who is who, for the same pseudonyms from run to run ---------------------------


def _candidates(tmp_path: Path, logs: list[Path], key: Path, run: str) -> dict[str, str]:
    names = Pseudonymizer.from_key_file(key)
    out = tmp_path / run
    out.mkdir()
    copies = pseudonymize_logs(logs, out, names=names)
    copies.names.write_key_file(key)
    return copies.names.known("candidate")


def test_a_key_file_keeps_each_clients_pseudonym_when_a_client_is_added(tmp_path: Path) -> None:
    """Without it, names follow first appearance: a new first file renames everyone."""
    logs = tmp_path / "clients"
    logs.mkdir()
    for name in ("maya", "zed"):
        (logs / f"{name}.csv").write_text("date,company,event\n2026-08-01,Acme,applied\n")
    key = tmp_path / "private" / "key.json"
    key.parent.mkdir()
    first = _candidates(tmp_path, sorted(logs.iterdir()), key, "week1")
    assert first == {"maya": "Candidate A", "zed": "Candidate B"}
    (logs / "aaron.csv").write_text("date,company,event\n2026-08-02,Beta,applied\n")
    again = _candidates(tmp_path, sorted(logs.iterdir()), key, "week2")
    assert again == {"maya": "Candidate A", "zed": "Candidate B", "aaron": "Candidate C"}
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    unkeyed = pseudonymize_logs(sorted(logs.iterdir()), fresh).names.known("candidate")
    assert unkeyed["aaron"] == "Candidate A"  # what the key prevents
    text = key.read_text(encoding="utf-8")
    assert '"company"' in text and '"notes"' not in text  # names kept, free text not


def test_a_key_file_edited_by_hand_never_gives_one_pseudonym_twice(tmp_path: Path) -> None:
    key = tmp_path / "key.json"
    key.write_text(
        json.dumps({"format": KEY_FORMAT, "pseudonyms": {"candidate": {"zed": "Candidate A"}}}),
        encoding="utf-8",
    )
    names = Pseudonymizer.from_key_file(key)
    assert names.name("candidate", "zed") == "Candidate A"
    assert names.name("candidate", "maya") == "Candidate B"  # 1 + one known, and free


@pytest.mark.parametrize(
    "content",
    [
        '{"a": 1}',
        "not json",
        '{"format": "followup_stats pseudonyms 1", "pseudonyms": {"notes": {}}}',
    ],
)
def test_a_file_that_is_no_key_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    log = tmp_path / "ann.csv"
    log.write_text("date,company,event\n2026-08-01,Acme,applied\n")
    key = tmp_path / "key.json"
    key.write_text(content, encoding="utf-8")
    argv = ["report", str(log), "--out", str(tmp_path / "out"), "--anonymize-key", str(key)]
    assert cli.main(argv) == 2
    assert "not a pseudonym key written by followup-stats" in capsys.readouterr().err
    assert key.read_text(encoding="utf-8") == content


@pytest.mark.parametrize("command", ["report", "report-all"])
def test_the_key_is_never_written_where_the_reports_are_shared_or_over_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    log = tmp_path / "ann.csv"
    log.write_text("date,company,event\n2026-08-01,Acme,applied\n")
    out = tmp_path / "out"
    for key, said in (
        (out / "key.json", "inside the reports' folder"),
        (log, "is one of the input files; refusing to write over it"),
    ):
        argv = [command, str(log), "--out", str(out), "--anonymize-key", str(key)]
        assert cli.main(argv) == 2
        assert said in capsys.readouterr().err
    assert log.read_text() == "date,company,event\n2026-08-01,Acme,applied\n"
    assert not out.exists()


def test_a_key_names_everyone_so_only_its_owner_may_read_it(tmp_path: Path) -> None:
    key = tmp_path / "key.json"
    names = Pseudonymizer()
    names.name("candidate", "Maya Johansson")
    names.write_key_file(key)
    assert key.stat().st_mode & 0o777 == 0o600
    assert Pseudonymizer.from_key_file(key).known("candidate") == {"Maya Johansson": "Candidate A"}


def test_a_key_giving_one_pseudonym_to_two_people_is_refused(tmp_path: Path) -> None:
    """Two clients under one name would be merged into one client's report."""
    key = tmp_path / "key.json"
    twice = {"candidate": {"maya": "Candidate A", "zed": "Candidate A"}}
    key.write_text(json.dumps({"format": KEY_FORMAT, "pseudonyms": twice}), encoding="utf-8")
    with pytest.raises(UsageError, match="'Candidate A' is given to more than one name"):
        Pseudonymizer.from_key_file(key)


def test_a_read_only_key_is_refused_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "ann.csv"
    log.write_text("date,company,event\n2026-08-01,Acme,applied\n")
    key = tmp_path / "key.json"
    Pseudonymizer().write_key_file(key)
    key.chmod(0o400)
    argv = ["report", str(log), "--out", str(tmp_path / "out"), "--anonymize-key", str(key)]
    assert cli.main(argv) == 2
    assert "is read-only; it is written back after each run" in capsys.readouterr().err


def test_report_with_a_key_writes_it_and_keeps_the_pseudonym_next_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real render: the key is written, read back, and a real name picks the report."""
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(
        "date,candidate,company,event\n"
        "2026-08-01,Zed Ode,Quokkaworks,applied\n2026-08-02,Maya Lee,Zorbflux,applied\n"
    )
    key = tmp_path / "private" / "key.json"
    key.parent.mkdir()
    out = tmp_path / "out"
    argv = ["report", str(cohort), "--as-of", AS_OF, "--out", str(out), "--anonymize-key"]
    assert cli.main([*argv, str(key), "--candidate", "Maya Lee"]) == 0
    assert "Candidate_B_2026-10-30.html" in capsys.readouterr().out
    assert json.loads(key.read_text())["pseudonyms"]["candidate"] == {
        "Zed Ode": "Candidate A",
        "Maya Lee": "Candidate B",
    }
    page = (out / "Candidate_B_2026-10-30.html").read_text(encoding="utf-8")
    assert "Maya Lee" not in page and "Zorbflux" not in page and "Quokkaworks" not in page
    # A new first row would rename everyone without the key; with it, Maya stays B.
    cohort.write_text(
        "date,candidate,company,event\n2026-07-01,Ana Bell,Cove,applied\n"
        + "\n".join(cohort.read_text().splitlines()[1:])
        + "\n"
    )
    assert cli.main([*argv, str(key), "--candidate", "Maya Lee"]) == 0
    assert "Candidate_B_2026-10-30.html" in capsys.readouterr().out
    assert json.loads(key.read_text())["pseudonyms"]["candidate"]["Ana Bell"] == "Candidate C"


# -- application ids of rows not loaded ------------------------------------------------------


def test_a_row_not_loaded_gives_its_applications_pseudonym_as_a_loaded_row_does(
    tmp_path: Path,
) -> None:
    """The data-quality table of a report names the application of each finding: on a row
    not loaded too (the id its cell holds), and in a pseudonymised copy by the same
    pseudonym as the loaded rows of that application, never by the real id."""
    log = tmp_path / "ann.csv"
    log.write_text(
        "date,candidate,application_id,company,role,event\n"
        "2026-10-01,Ann,ACME-42,Acme,Dev,applied\n"
        "2026-10-01,Ann,ACME-42,Acme,Dev,thank_you\n"  # loaded: DQ007
        "notadate,Ann,ACME-42,Acme,Dev,follow_up\n"  # DQ001
        "2026-10-02,Ann,,Acme,Dev,folow_up\n",  # DQ002, no id written
        encoding="utf-8",
    )
    copy = _copy(tmp_path, log)
    assert "ACME-42" not in Path(copy[0]).read_text(encoding="utf-8")
    original = report_views.load_candidate([str(log)], AS_OF, "Ann")
    copied = report_views.load_candidate(copy, AS_OF, "Candidate A", anonymized=True)
    named = ["line", "code", "application_id"]
    assert original.quality[named].values.tolist() == [
        [3, "DQ007", "ACME-42"],
        [4, "DQ001", "ACME-42"],
        [5, "DQ002", pd.NA],
    ]
    pseudonym = copied.events["application_id"].astype(str).unique().tolist()
    assert pseudonym == ["Application 1"]
    assert copied.quality[named].values.tolist() == [
        [3, "DQ007", "Application 1"],
        [4, "DQ001", "Application 1"],
        [5, "DQ002", pd.NA],
    ]
    # The report's table of each finding shows it in its Application column.
    shown = report_views.diagnostics_by_code(check(copied)).data
    dq001 = shown[shown.index("DQ001") :]
    assert 'data-label="Application">Application 1</td>' in dq001[: dq001.index("</table>")]


def test_two_clients_known_by_the_same_file_name_stay_two_people_in_the_copies(
    tmp_path: Path,
) -> None:
    """Copies of clients/ann/log.csv and clients/ben/log.csv (no candidate cells) gave both
    the pseudonym of "log": one person in the copies, two in the originals."""
    logs = []
    for name in ("ann", "ben"):
        (tmp_path / name).mkdir()
        log = tmp_path / name / "log.csv"
        log.write_text("date,company,role,event\n2026-09-01,Hooli,Analyst,applied\n")
        logs.append(log)
    original = load_log(logs, as_of=AS_OF)
    copied = load_log(_copy(tmp_path, *logs), as_of=AS_OF)
    assert original.events["candidate"].nunique() == 2
    assert copied.events["candidate"].nunique() == 2
