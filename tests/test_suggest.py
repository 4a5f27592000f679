"""Every "did you mean" answers a slip alike (:mod:`followup_stats.suggest`).

The first tests are the evidence :data:`~followup_stats.suggest.CUTOFF` was
chosen from: realistic slips in each vocabulary get the word meant, unrelated
words get nothing. Then each place that suggests is run on a slip it missed
before (or an unrelated word it answered) and on an unrelated word.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from followup_stats import cli
from followup_stats.config import ALL_CODES, SETTINGS, closest_code
from followup_stats.importers.wide import CATEGORIES, ROLES, STATUS_WORDS
from followup_stats.parse import parse_label
from followup_stats.suggest import CUTOFF, closest, closest_to_each, similarity
from followup_stats.vocab import EVENT_SYNONYMS

STATUS = [word for words in STATUS_WORDS.values() for word in words]
#: The columns ``--by`` may name in a log with a source column.
BY_COLUMNS = [
    *("candidate", "company", "role", "source", "applied_channel", "first_event", "opened_day"),
    *("applied_day", "first_employer_day", "answered_day", "interviews", "first_interview_day"),
    *("last_interview_day", "decision", "decision_day", "offer_day", "rejection_day"),
    *("withdrew_day", "accepted", "last_employer_day", "silent_days", "never_answered"),
    *("ghosted_after_interview", "ghosted", "status", "age_days"),
]
NAMES = ["Ana Lee", "Sam Mensah", "Tomas Fischer", "Jon Smith", "Priya Patel", "Bob", "Lee Chen"]

#: vocabulary: (known entries, {slip: the entry meant}, unrelated words).
VOCABULARIES = {
    "event": (
        list(EVENT_SYNONYMS),
        {
            "intervew": "interview",  # a letter left out
            "Interveiw": "interview",  # two swapped
            "acceptedd": "accepted",  # one doubled
            "nwes": "news",  # two swapped in a four-letter word: 0.75, the least
            "ofefr": "offer",
            "Phonescren": "phonescreen",  # joined, and a letter left out
            "phone-sceen": "phonescreen",
            "Phone Scren": "phonescreen",
            "thank-yuo": "thankyou",
            "Techincal interveiw": "technicalinterview",  # two slips in a long name
        },
        ["banana", "coffee with Sam", "xyz", "lunch", "meeting", "birthday", "sick day"],
    ),
    "by": (
        BY_COLUMNS,
        {"sorce": "source", "compnay": "company", "rol": "role", "aplied-day": "applied_day"},
        ["xyzzy", "banana", "salary", "date", "location", "last-event"],
    ),
    "setting": (
        list(SETTINGS),
        {
            "default_wait": "default_wait_days",
            "timezon": "timezone",
            "TimeZone": "timezone",
            "IDLE_DAYS": "idle_days",
            "ignroe": "ignore",
            "date-fromat": "date_format",
        },
        ["banana", "colour", "verbose", "days", "line_length", "exclude"],
    ),
    "candidate": (
        NAMES,
        {"Ana Le": "Ana Lee", "ANA LEE": "Ana Lee", "Sam Mesnah": "Sam Mensah", "Bobb": "Bob"},
        ["Zoe Adams", "banana", "Sam Lee", "Alice", "Ana Silva", "Chen Lee"],
    ),
    "role": (
        list(ROLES),
        {"applid": "applied", "Thank You": "thank_you", "desicion": "decision", "note": "notes"},
        ["banana", "salary", "location", "url", "email", "title"],
    ),
    "meaning": (
        list(CATEGORIES),
        {"rejecton": "rejection", "Not Applied": "not_applied", "opne": "open"},
        ["banana", "maybe", "pending", "hired"],
    ),
    "status": (
        STATUS,
        {
            "Aplied": "applied",
            "Not Selectd": "not selected",
            "Phonescren": "phone screen",
            "phone-sceen": "phone screen",
            "Withdrwan": "withdrawn",
            "On-Hold": "on hold",
        },
        ["Weird thing", "banana", "Maybe", "Coffee chat", "Referral", "Dream job"],
    ),
    "header": (
        ["date", "company", "event"],
        {"Compnay": "company", "Dat": "date", "Evnet": "event"},
        ["role", "notes", "source", "candidate", "status", "employer"],
    ),
}


@pytest.mark.parametrize(
    ("known", "slip", "meant"),
    [
        pytest.param(known, slip, meant, id=f"{name}-{slip}")
        for name, (known, slips, _) in VOCABULARIES.items()
        for slip, meant in slips.items()
    ],
)
def test_a_slip_gets_the_entry_meant(known: list[str], slip: str, meant: str) -> None:
    assert closest(slip, known) == [meant]


@pytest.mark.parametrize(
    ("known", "word"),
    [
        pytest.param(known, word, id=f"{name}-{word}")
        for name, (known, _, unrelated) in VOCABULARIES.items()
        for word in unrelated
    ],
)
def test_an_unrelated_word_gets_nothing(known: list[str], word: str) -> None:
    assert closest(word, known) == [], max(similarity(word, k) for k in known)


def test_the_cutoff_is_one_slip_in_a_four_letter_word() -> None:
    assert similarity("nwes", "news") == similarity("opne", "open") == CUTOFF
    assert closest("nwes", ["news"]) == ["news"]
    assert closest("ne", ["news"]) == []  # half the letters are not a slip
    # Case, spaces, hyphens and underscores do not count.
    assert similarity("Phone-Screen", "phone_screen") == similarity("PHONE SCREEN", "phonescreen")
    assert closest("Ana Le", NAMES, n=3) == ["Ana Lee"]


@pytest.mark.parametrize("name", list(VOCABULARIES))
def test_many_words_at_once_get_what_each_alone_gets(name: str) -> None:
    """DQ002 looks up a column's distinct values at once; the answers are the same."""
    known, slips, unrelated = VOCABULARIES[name]
    # "inevtierw" scores 0.667 against "interview" one way round and 0.778 the other:
    # difflib's ratio depends on which text is which, so both must be the same way.
    words = [*slips, *unrelated, "", "ü", "x" * 300, *(w.upper() for w in slips), "inevtierw"]
    expected = [next(iter(closest(word, known)), None) for word in words]
    assert closest_to_each(words, known) == expected
    assert closest_to_each(words, []) == [None] * len(words)


@pytest.mark.parametrize(
    ("code", "meant"),
    [
        ("FU05", "FU005"),
        ("FU0013", "FU001"),
        ("fu-005", "FU005"),
        ("FU09", "FU009"),
        ("dq07", "DQ007"),
    ],
)
def test_a_slip_in_a_rule_code_gets_the_code(code: str, meant: str) -> None:
    assert closest_code(code) == meant


@pytest.mark.parametrize("code", ["FU99", "FU999", "FU13", "XX001", "banana", "E501"])
def test_a_code_two_slips_away_or_unrelated_gets_none(code: str) -> None:
    """``FU99`` and ``FU999`` were answered FU009 (two slips: any of FU009, FU010
    and DQ009 would be as likely a guess)."""
    assert closest_code(code) is None, [(k, similarity(code, k)) for k in ALL_CODES]


# -- each place that suggests ----------------------------------------------------------------


def error(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> str:
    """Standard error of the command ``argv``, which must fail with a usage error."""
    code = cli.main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert code == 2, err
    return err


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(
        "date,company,role,event,source,candidate\n"
        "2026-10-01,Acme,Analyst,applied,referral,Ana Lee\n"
        "2026-10-02,Beta,Dev,applied,board,Ana Lee\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("written", "meant"),
    [("Techincal interveiw", "interview"), ("Phonescren", "interview"), ("banana", None)],
)
def test_an_unknown_event(written: str, meant: str | None) -> None:
    """``Techincal interveiw`` (two slips) got no suggestion: only one was looked for."""
    parsed = parse_label(pd.Series([written], dtype="string"), EVENT_SYNONYMS, "event")
    assert parsed["suggested"].tolist() == [meant if meant else pd.NA]
    problem = parsed["problem"].iloc[0]
    assert (f"(did you mean {meant}? known:" in problem) if meant else ("did you" not in problem)


@pytest.mark.parametrize(("written", "meant"), [("sorce", "source"), ("date", None)])
def test_by(capsys: pytest.CaptureFixture[str], log: Path, written: str, meant: str | None) -> None:
    """``date`` was answered with candidate (0.62 close)."""
    err = error(capsys, "stats", log, "--by", written)
    hint = f"did you mean {meant}? " if meant else ""
    assert f"--by {written!r}: no such column; {hint}choose one of candidate, " in err, err


@pytest.mark.parametrize(("written", "meant"), [("IDLE_DAYS", "idle_days"), ("days", None)])
def test_a_setting(
    capsys: pytest.CaptureFixture[str], log: Path, written: str, meant: str | None
) -> None:
    """``IDLE_DAYS`` was answered with nothing (case counted); ``days`` with idle_days."""
    err = error(capsys, "check", log, "--config", f"{written}=3")
    hint = f"(did you mean {meant}? known:" if meant else f"unknown setting {written!r} (known:"
    assert hint in err, err


@pytest.mark.parametrize(
    ("written", "meant"), [("Europe/Londn", "Europe/London"), ("banana", None)]
)
def test_a_time_zone(
    capsys: pytest.CaptureFixture[str], log: Path, written: str, meant: str | None
) -> None:
    """``Europe/Londn`` was answered only when case alone differed."""
    err = error(capsys, "check", log, "--config", f"timezone='{written}'")
    hint = f"(did you mean {meant!r}?)" if meant else f"unknown time zone {written!r};"
    assert hint in err, err


@pytest.mark.parametrize(("written", "meant"), [("ANA LEE", "Ana Lee"), ("Sam Lee", None)])
@pytest.mark.parametrize("command", ["report", "todo"])
def test_a_candidate(
    capsys: pytest.CaptureFixture[str],
    log: Path,
    tmp_path: Path,
    command: str,
    written: str,
    meant: str | None,
) -> None:
    """``ANA LEE`` was answered with the list of names; ``Sam Lee`` with Ana Lee."""
    more: list[str | Path] = ["--out", tmp_path / "out"] if command == "report" else []
    err = error(capsys, command, log, "--candidate", written, "--as-of", "2026-10-30", *more)
    hint = f"(did you mean {meant}?)" if meant else "(candidates: Ana Lee)"
    assert f"--candidate {written!r}: not in the log {hint}" in err, err


def test_a_name_in_per_candidate_ignores(
    capsys: pytest.CaptureFixture[str], log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Sam Lee`` was answered with Ana Lee (0.71 close as written)."""
    (log.parent / "followup-stats.toml").write_text(
        '[per-candidate-ignores]\n"Sam Lee" = ["FU005"]\n"ana-lee" = ["FU005"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(log.parent)
    cli.main(["check", "log.csv", "--as-of", "2026-10-30"])
    err = capsys.readouterr().err
    ignored = "who is not in the logs checked, so nothing is dropped for them"
    assert err.splitlines() == [
        f"followup-stats: per-candidate-ignores names 'Sam Lee', {ignored} "
        "(names are matched exactly, as the log writes them)",
        f"followup-stats: per-candidate-ignores names 'ana-lee', {ignored} (did you mean Ana Lee?)",
    ]


@pytest.mark.parametrize(
    ("header", "hint"),
    [
        ("date,Compnay,event", " (did you mean column 2, 'Compnay'? name it company)"),
        ("date,firm,event", ""),
    ],
)
def test_a_required_header(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, header: str, hint: str
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(f"{header}\n2026-10-01,Acme,applied\n", encoding="utf-8")
    err = error(capsys, "check", path)
    assert f"{path}:1: no 'company' column{hint}; a log needs date, company and event" in err, err


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Date-Format = '%d/%m/%Y'\n", "unknown key Date-Format (did you mean date_format?);"),
        ("colour = 'blue'\n", "unknown key colour; known:"),
        ("[columns]\n'Thank You' = 'Sent'\n", "unknown role Thank You (did you mean thank_you?);"),
        ("[columns]\nsalary = 'Pay'\n", "unknown role salary; known:"),
        ("[status]\n'Not Applied' = ['x']\n", "meaning Not Applied (did you mean not_applied?);"),
        ("[status]\nmaybe = ['x']\n", "unknown meaning maybe; known:"),
    ],
)
def test_a_mapping_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, said: str
) -> None:
    """Case, hyphens and spaces counted: these slips were answered with nothing."""
    tracker = tmp_path / "tracker.csv"
    tracker.write_text("Company,Position,Date Applied,Status\nAcme,Dev,2026-08-01,Applied\n")
    mapping = tmp_path / "map.toml"
    mapping.write_text(text, encoding="utf-8")
    err = error(capsys, "import", tracker, "--map", mapping, "--out", tmp_path / "log.csv")
    assert said in err, err


def test_a_status_word(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A joined slip (``Phonescren``) was compared only with one-word statuses; a word
    left out is still not guessed at (``Declined``: I declined, or declined by employer?)."""
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Status\n"
        "Acme,Analyst,2026-08-01,Phonescren\n"
        "Beta,Dev,2026-08-02,phone-sceen\n"
        "Cove,QA,2026-08-03,Weird thing\n"
        "Dune,PM,2026-08-04,Declined\n",
        encoding="utf-8",
    )
    assert cli.main(["import", str(tracker), "--out", str(tmp_path / "log.csv")]) == 0
    assert (
        "  problem: status words not understood: 'Phonescren' (1; did you mean phone screen?), "
        "'phone-sceen' (1; did you mean phone screen?), 'Weird thing' (1), 'Declined' (1); "
    ) in capsys.readouterr().err


@pytest.mark.parametrize(("table", "hint"), [("tool.followup_stat", True), ("tool.ruff", False)])
def test_a_table_of_a_settings_file(
    capsys: pytest.CaptureFixture[str], log: Path, table: str, hint: bool
) -> None:
    """``[tool.followup_stat]`` was answered only when case, ``-`` or ``_`` alone differed."""
    config = log.parent / "followup-stats.toml"
    config.write_text(f"[{table}]\nidle_days = 3\n", encoding="utf-8")
    err = error(capsys, "check", log)
    said = " (did you mean [tool.followup_stats]?)" if hint else ""
    assert f"unknown table [{table}]{said}; this file" in err, err


def test_dq007_names_a_misspelt_interview_whose_date_is_unreadable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The row is rejected for its date (DQ001) first, and its event is a slip for
    interview: DQ007 names it, as it names one rejected for the event alone."""
    path = tmp_path / "log.csv"
    path.write_text(
        "date,company,role,event\n"
        "2026-10-01,Acme,Analyst,applied\n"
        "2026-10-5x,Acme,Analyst,intervew\n"
        "2026-10-06,Acme,Analyst,thank you\n",
        encoding="utf-8",
    )
    cli.main(["check", str(path), "--as-of", "2026-10-30"])
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == [
        f"{path}:3: DQ001 [warning] Acme: cannot read '2026-10-5x' as a date; row not loaded",
        f"{path}:4: DQ007 [warning] Acme: thank-you on 6 Oct 2026 comes before any interview "
        "of this application (line 3 was not loaded and may be it)",
    ]
