"""``noqa`` in a row's notes, as ruff's ``# noqa``: real logs in a temporary folder.

The log below gives FU005 on line 3 and FU001, FU004 and FU011 on line 5 (the
interview), as of :data:`AS_OF`; each test writes notes into it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from followup_stats import cli
from followup_stats.anonymize import pseudonymize_logs
from followup_stats.checker import check, check_counting_hidden, etiquette_score, statistics
from followup_stats.config import Config
from followup_stats.engines import pandas_engine
from followup_stats.output import DIAGNOSTIC_JSON_KEYS
from followup_stats.suppression import noqa_directives, noqa_text

AS_OF = "2026-10-20"
HEADER = "date,company,role,event,channel,asked_next_steps,asked_permission,notes"
ROWS = {
    2: "2026-10-01,Hooli,Analyst,applied,portal,,,",
    3: "2026-10-03,Hooli,Analyst,follow_up,email,,,",
    4: "2026-10-10,Initech,QA,applied,portal,,,",
    5: "2026-10-12,Initech,QA,interview,video,yes,no,",
}
#: What the log gives with no note at all.
EVERY = {(3, "FU005"), (5, "FU001"), (5, "FU004"), (5, "FU011")}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOLLOWUP_STATS_DEBUG", raising=False)


def write_log(
    folder: Path, notes: dict[int, str], extra: tuple[str, ...] = (), name: str = "log.csv"
) -> Path:
    """The log with ``notes`` (line -> text, CSV-quoted here) and ``extra`` rows after it."""
    lines = [HEADER]
    for number, row in ROWS.items():
        note = notes.get(number, "")
        lines.append(row + ('"' + note.replace('"', '""') + '"' if note else ""))
    lines += list(extra)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def found(diagnostics: pd.DataFrame) -> set[tuple[int, str]]:
    return set(zip(diagnostics["line"].tolist(), diagnostics["code"].tolist(), strict=True))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_log_without_notes_gives_every_finding(tmp_path: Path) -> None:
    assert found(check(write_log(tmp_path, {}), as_of=AS_OF)) == EVERY


def test_a_bare_noqa_hides_every_finding_on_its_line_only(tmp_path: Path) -> None:
    log = write_log(tmp_path, {5: "interviewer was relaxed about it, noqa"})
    assert found(check(log, as_of=AS_OF)) == {(3, "FU005")}


def test_noqa_with_one_code_hides_that_code_only(tmp_path: Path) -> None:
    log = write_log(tmp_path, {5: "noqa: FU004"})
    assert found(check(log, as_of=AS_OF)) == EVERY - {(5, "FU004")}


@pytest.mark.parametrize(
    "note",
    [
        "noqa: FU004, FU011",
        "NOQA:fu004,fu011",
        "recruiter said fine to call - noqa : FU004 FU011 (see email)",
        "noqa FU004, FU011",
        "noqa: FU004 and later noqa: FU011",
    ],
)
def test_noqa_with_two_codes_in_any_spelling(tmp_path: Path, note: str) -> None:
    log = write_log(tmp_path, {5: note})
    assert found(check(log, as_of=AS_OF)) == {(3, "FU005"), (5, "FU001")}


@pytest.mark.parametrize(
    "note", ["noqa: FU009", "noqa: FU00", "noqa: FU", "noqa:", "no qa", "noqas"]
)
def test_a_noqa_that_names_no_finding_on_the_line_hides_nothing(tmp_path: Path, note: str) -> None:
    """Another code, a prefix (ruff takes whole codes), a colon with no code, other words."""
    log = write_log(tmp_path, {3: note})
    assert found(check(log, as_of=AS_OF)) == EVERY


def test_a_noqa_on_another_row_hides_nothing_here(tmp_path: Path) -> None:
    log = write_log(tmp_path, {2: "noqa", 4: "noqa: FU004"})
    assert found(check(log, as_of=AS_OF)) == EVERY


def test_a_rejected_row_keeps_its_finding_whatever_its_notes_say(tmp_path: Path) -> None:
    log = write_log(tmp_path, {}, ("2026-13-12,Initech,QA,follow_up,email,,,noqa",))
    diagnostics = check(log, as_of=AS_OF)
    assert (6, "DQ001") in found(diagnostics)


def test_a_loaded_rows_data_quality_finding_may_be_hidden(tmp_path: Path) -> None:
    row = "2026-10-15,Initech,QA,response,carrier pigeon,,,{}"
    shown = check(write_log(tmp_path, {}, (row.format(""),)), as_of=AS_OF)
    assert (6, "DQ004") in found(shown)
    hidden = check(write_log(tmp_path, {}, (row.format("noqa: DQ004"),)), as_of=AS_OF)
    assert (6, "DQ004") not in found(hidden)


def test_ignore_noqa_in_the_library_shows_everything(tmp_path: Path) -> None:
    log = write_log(tmp_path, {3: "noqa", 5: "noqa: FU001"})
    assert found(check(log, as_of=AS_OF)) == EVERY - {(3, "FU005"), (5, "FU001")}
    assert found(check(log, Config(ignore_noqa=True), as_of=AS_OF)) == EVERY
    counted = check_counting_hidden(log, as_of=AS_OF)
    assert counted.hidden_by_noqa == 2 and found(counted.diagnostics) == found(
        check(log, as_of=AS_OF)
    )


def test_the_summary_says_how_many_were_hidden_and_ignore_noqa_shows_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write_log(tmp_path, {3: "noqa", 5: "noqa: FU004, FU011"})
    code, out, err = run(capsys, "check", log, "--as-of", AS_OF)
    assert (code, err) == (1, "")
    assert out.splitlines()[-1] == (
        "Found 1 problem (1 error, 0 warnings, 0 info) in 1 file; "
        "3 findings hidden by noqa in the notes."
    )
    code, out, _ = run(capsys, "check", log, "--as-of", AS_OF, "--ignore-noqa")
    assert out.splitlines()[-1] == "Found 4 problems (2 errors, 1 warning, 1 info) in 1 file."
    code, out, _ = run(capsys, "check", log, "--as-of", AS_OF, "--statistics")
    assert out.splitlines()[-1].endswith("; 3 findings hidden by noqa in the notes.")


def test_all_checks_passed_still_says_what_was_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write_log(tmp_path, {3: "noqa", 5: "noqa"})
    code, out, _ = run(capsys, "check", log, "--as-of", AS_OF)
    assert code == 0
    assert out == "All checks passed! (4 findings hidden by noqa in the notes.)\n"


def test_json_output_keeps_its_keys_and_leaves_hidden_findings_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = write_log(tmp_path, {5: "noqa"})
    _, out, _ = run(capsys, "check", log, "--as-of", AS_OF, "--format", "json")
    records = json.loads(out)
    assert [(r["line"], r["code"]) for r in records] == [(3, "FU005")]
    assert list(records[0]) == list(DIAGNOSTIC_JSON_KEYS)


def test_the_reports_etiquette_score_agrees_with_check(tmp_path: Path) -> None:
    """The report's score and findings come from the same call as ``check``'s."""
    plain = write_log(tmp_path, {})
    acknowledged = write_log(tmp_path, {5: "noqa: FU001"}, name="acknowledged.csv")
    assert etiquette_score(plain, as_of=AS_OF)["clean_rounds"].tolist() == [0]
    assert etiquette_score(acknowledged, as_of=AS_OF)["clean_rounds"].tolist() == [1]
    counts = statistics(check(acknowledged, as_of=AS_OF)).set_index("code")["count"]
    assert "FU001" not in counts.index and counts["FU004"] == 1


def test_a_noqa_applies_to_its_own_file_only(tmp_path: Path) -> None:
    """Two logs, two candidates (their file names): the other's same line keeps its findings."""
    a = write_log(tmp_path, {5: "noqa"}, name="a.csv")
    b = write_log(tmp_path, {}, name="b.csv")
    diagnostics = check([a, b], as_of=AS_OF)
    by_file = diagnostics.groupby("file")["line"].apply(set).to_dict()
    assert 5 not in by_file[str(a)] and 5 in by_file[str(b)]


def test_worker_processes_hide_and_count_the_same(tmp_path: Path) -> None:
    a = write_log(tmp_path, {5: "noqa"}, name="a.csv")
    b = write_log(tmp_path, {3: "noqa: FU005"}, name="b.csv")
    one = pandas_engine.check_log([a, b], None, AS_OF)
    split = pandas_engine.check_log([a, b], None, AS_OF, jobs=2, rows_per_process=1)
    assert one.hidden_by_noqa == split.hidden_by_noqa == 4
    pd.testing.assert_frame_equal(one.diagnostics, split.diagnostics)


def test_a_noqa_code_that_is_no_rule_code_is_named_on_standard_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``noqa: FU05`` hides nothing; saying so beats a finding that seems to ignore the note."""
    log = write_log(tmp_path, {3: "noqa: FU05", 5: "noqa: XY1, FU004"})
    code, _, err = run(capsys, "check", log, "--as-of", AS_OF)
    assert code == 1
    assert err.splitlines() == [
        f"followup-stats: {log}:3: noqa names 'FU05', which is no rule code, so it hides nothing"
        " (did you mean FU005?)",
        f"followup-stats: {log}:5: noqa names 'XY1', which is no rule code, so it hides nothing"
        " (the codes are FU001 to FU012 and DQ001 to DQ010)",
    ]
    assert found(check(log, as_of=AS_OF)) == EVERY - {(5, "FU004")}
    _, _, err = run(capsys, "check", log, "--as-of", AS_OF, "--ignore-noqa")
    assert err == ""


@pytest.mark.parametrize(
    ("note", "hidden"),
    [
        ("noqa-FU005", {(3, "FU005")}),  # a dash, an equals sign or a full-width colon
        ("noqa=FU005", {(3, "FU005")}),  # joins noqa to its codes as a colon does
        ("noqa\uff1aFU005", {(3, "FU005")}),
        ("NOQA , fu005", {(3, "FU005")}),
        ("noqa; FU005", {(3, "FU005")}),  # whatever joins them, a code after noqa is read
        ("noqa (FU005)", {(3, "FU005")}),  # as a code, never as a bare noqa
        ("noqa/FU005", {(3, "FU005")}),
        ("noqa\u00a0FU005", {(3, "FU005")}),
        ("noqa: ALL", set()),  # a colon promises codes: with none, nothing is hidden
        ("noqa: FU-005", set()),
        ("noqa: FU005x", set()),
        ("noqa - recruiter said fine", {(3, "FU005")}),  # words, no code: a bare noqa
        ("noqa, recruiter said fine", {(3, "FU005")}),
        ("noqa. recruiter said fine", {(3, "FU005")}),
    ],
)
def test_a_noqa_hides_its_codes_or_nothing_never_more_than_it_names(
    tmp_path: Path, note: str, hidden: set[tuple[int, str]]
) -> None:
    log = write_log(tmp_path, {3: note})
    assert found(check(log, as_of=AS_OF)) == EVERY - hidden


def test_a_noqa_with_a_colon_and_no_code_is_named_and_many_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copied = [f"2026-10-0{day % 9 + 1},Co {day},,networking,,,,noqa: FU5" for day in range(30)]
    log = write_log(tmp_path, {3: "noqa: ALL"}, extra=tuple(copied))
    _, _, err = run(capsys, "check", log, "--as-of", AS_OF)
    lines = err.splitlines()
    assert lines[0] == (
        f"followup-stats: {log}:3: noqa is followed by no rule code, so it hides nothing (write "
        "noqa alone to hide every finding on the line, or noqa: FU005 for one code)"
    )
    assert "noqa names 'FU5', which is no rule code" in lines[1]
    assert len(lines) == 11
    assert lines[-1] == (
        "followup-stats: ... and 21 more noqa that hide nothing or less than they name, for the"
        " same reasons or others"
    )


def test_a_code_after_a_word_is_not_read_and_is_named_on_standard_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``noqa: FU004 and FU001`` hides FU004 only, as ruff reads it, and says so."""
    log = write_log(
        tmp_path, {3: "noqa: FU005 and also FU009", 5: "noqa: fu004 & FU001 plus fu011"}
    )
    assert found(check(log, as_of=AS_OF)) == {(5, "FU011")}
    code, _, err = run(capsys, "check", log, "--as-of", AS_OF)
    assert code == 0
    assert err.splitlines() == [
        f"followup-stats: {log}:3: noqa stops at the word before FU009, so FU009 is not hidden"
        " (join codes with commas or spaces: noqa: FU005, FU009)",
        f"followup-stats: {log}:5: noqa stops at the word before FU011, so FU011 is not hidden"
        " (join codes with commas or spaces: noqa: FU005, FU009)",
    ]


@pytest.mark.parametrize(
    "note",
    [
        "noqa: FU005, FU004",  # codes joined as ruff joins them
        "noqa: FU005 - recruiter said to call FU009",  # a code far after the codes: prose
        "noqa and FU009",  # a bare noqa hides everything, so nothing is left unread
        "noqa: FU005 and more to say",  # no code after the word
        "noqa: FU005 (see RFC5545)",  # a code-like word that is no rule code
    ],
)
def test_no_unread_code_is_named_where_none_was_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], note: str
) -> None:
    log = write_log(tmp_path, {3: note})
    code, out, err = run(capsys, "check", log, "--as-of", AS_OF)
    assert (code, err) == (1, "")  # FU001 on line 5 is an error in every case
    assert "hidden by noqa" in out


def test_worker_processes_name_the_same_unknown_noqa_codes(tmp_path: Path) -> None:
    a = write_log(tmp_path, {3: "noqa: FU05"}, name="a.csv")
    b = write_log(tmp_path, {5: "noqa: FU0011"}, name="b.csv")
    one = pandas_engine.check_log([a, b], None, AS_OF)
    split = pandas_engine.check_log([a, b], None, AS_OF, jobs=2, rows_per_process=1)
    assert one.noqa_problems is not None and split.noqa_problems is not None
    assert one.noqa_problems["code"].tolist() == ["FU05", "FU0011"]
    pd.testing.assert_frame_equal(one.noqa_problems, split.noqa_problems)


def test_the_directives_are_read_from_the_whole_notes_column() -> None:
    events = pd.DataFrame(
        {
            "file": pd.Categorical(["a.csv"] * 5),
            "line": [2, 3, 4, 5, 6],
            "notes": pd.array(
                ["noqa", "call ok - noqa: fu005, FU009", None, "noqa:", "nothing here"],
                dtype="string",
            ),
        }
    )
    table = noqa_directives(events)
    assert list(zip(table["line"], table["code"].fillna("*"), table["malformed"], strict=True)) == [
        (2, "*", False),
        (3, "FU005", False),
        (3, "FU009", False),
        (5, "*", True),
    ]


def test_notes_over_several_lines_or_with_long_gaps_are_read_whole() -> None:
    """A quoted cell may hold a line break; a gap of any length is read in one pass."""
    events = pd.DataFrame(
        {
            "file": pd.Categorical(["a.csv"] * 3),
            "line": [2, 3, 4],
            "notes": pd.array(
                ["noqa\nFU005", "noqa: FU004" + " " * 50_000 + "x", "noqa:" + "\t" * 50_000],
                dtype="string",
            ),
        }
    )
    table = noqa_directives(events)
    assert list(zip(table["line"], table["code"].fillna("*"), table["malformed"], strict=True)) == [
        (2, "FU005", False),
        (3, "FU004", False),
        (4, "*", True),
    ]


def test_a_pseudonymised_copy_hides_what_the_original_hides(tmp_path: Path) -> None:
    log = write_log(tmp_path, {3: "asked Ann Lee, she said fine - noqa: FU005", 5: "noqa"})
    (tmp_path / "copies").mkdir()
    copies = pseudonymize_logs([log], tmp_path / "copies", config=Config())
    copy = copies.paths[0]
    assert "Ann Lee" not in copy.read_text(encoding="utf-8")
    assert found(check(copy, as_of=AS_OF)) == found(check(log, as_of=AS_OF)) == set()
    assert noqa_text(pd.Series(["x noqa: fu005,FU005", "noqa:", "y"])).tolist() == [
        "noqa: FU005",
        "",
        "",
    ]


def test_warn_unused_noqa_names_each_noqa_that_hid_nothing_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Line 2 has no finding; line 3's FU005 is hidden; line 4 has none; line 5 has no FU009.
    notes = {2: "noqa: FU005", 3: "noqa: FU005", 4: "noqa", 5: "noqa: FU001, FU009"}
    log = write_log(tmp_path, notes)
    code, out, err = run(capsys, "check", log, "--as-of", AS_OF, "--warn-unused-noqa")
    assert err.splitlines() == [
        f"followup-stats: {log}:2: noqa: FU005 hides nothing: no FU005 finding is on this line",
        f"followup-stats: {log}:4: noqa hides nothing: no finding is on this line",
        f"followup-stats: {log}:5: noqa: FU009 hides nothing: no FU009 finding is on this line",
    ]
    assert code == 1
    assert "2 findings hidden by noqa" in out  # line 3's FU005 and line 5's FU001


def test_unused_noqa_is_said_only_when_asked_and_alone_makes_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every finding is hidden (exit 0), and line 2's noqa hides nothing.
    notes = {2: "noqa", 3: "noqa", 5: "noqa"}
    log = write_log(tmp_path, notes)
    code, _, err = run(capsys, "check", log, "--as-of", AS_OF)
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "check", log, "--as-of", AS_OF, "--warn-unused-noqa")
    assert code == 1
    assert err == f"followup-stats: {log}:2: noqa hides nothing: no finding is on this line\n"
    # Not "All checks passed!" beside exit code 1.
    assert out.splitlines()[-1] == (
        "No problems found, but 4 findings hidden by noqa in the notes; 1 noqa that hides nothing."
    )
    log = write_log(tmp_path, {3: "noqa", 5: "noqa"})
    code, _, err = run(capsys, "check", log, "--as-of", AS_OF, "--warn-unused-noqa")
    assert (code, err) == (0, "")


def test_an_unused_noqa_for_a_code_not_reported_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "followup-stats.toml").write_text(
        '[per-file-ignores]\n"log.csv" = ["FU004"]\n', encoding="utf-8"
    )
    log = write_log(tmp_path, {5: "noqa: FU004, FU011, FU001"})
    code, _, err = run(
        capsys, "check", log, "--as-of", AS_OF, "--ignore", "FU011", "--warn-unused-noqa"
    )
    why = (
        "is not reported for this row in this run "
        "(select, ignore, per-file-ignores or per-candidate-ignores)"
    )
    assert err.splitlines() == [
        f"followup-stats: {log}:5: noqa: FU004 hides nothing: FU004 {why}",
        f"followup-stats: {log}:5: noqa: FU011 hides nothing: FU011 {why}",
    ]
    assert code == 1  # line 3's FU005 is an error too


def test_unused_noqa_is_the_same_from_worker_processes(tmp_path: Path) -> None:
    a = write_log(tmp_path, {2: "noqa", 3: "noqa: FU005"}, name="a.csv")
    b = write_log(tmp_path, {4: "noqa: FU009"}, name="b.csv")
    one = pandas_engine.check_log([a, b], None, AS_OF)
    split = pandas_engine.check_log([a, b], None, AS_OF, jobs=2, rows_per_process=1)
    assert one.noqa_problems is not None and split.noqa_problems is not None
    unused = one.noqa_problems[one.noqa_problems["unused"]]
    assert list(zip(unused["file"], unused["line"], unused["code"].fillna("-"), strict=True)) == [
        (str(a), 2, "-"),
        (str(b), 4, "FU009"),
    ]
    pd.testing.assert_frame_equal(one.noqa_problems, split.noqa_problems)
