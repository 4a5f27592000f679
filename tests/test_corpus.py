"""The bad-input corpus: every file of ``tests/corpus`` read as its manifest says.

``tests/corpus/expected.toml`` names, for each file, what it must give: no DQ
finding, exactly these (line, code) findings, or a one-line error with exit
code 2. Each file goes through :func:`followup_stats.load.load_log` and through
``followup-stats check``; the big ones (a 1 MB cell, 10,000 columns) are made
here from a recipe instead of being committed.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from followup_stats import cli
from followup_stats.config import Config
from followup_stats.errors import LogFormatError
from followup_stats.load import LoadedLog, load_log

CORPUS = Path(__file__).parent / "corpus"
MANIFEST: dict[str, Any] = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
CASES: dict[str, dict[str, Any]] = MANIFEST["files"]
NOT_CASES = {"expected.toml", ".gitattributes"}
#: Characters a terminal would act on; text output must show them escaped.
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: A message quotes values, but never a whole huge cell.
MAX_MESSAGE = 400


# -- recipes for the files too big to commit --------------------------------------------------


def big_field(size: int) -> bytes:
    """A quoted notes cell of ``size`` bytes (commas and line ends inside) on line 3."""
    cell = "abcdefgh,\n" * (size // 10)
    return (
        "date,company,role,event,notes\n"
        "2026-10-01,Hooli,Analyst,applied,\n"
        f'2026-10-08,Hooli,Analyst,interview,"{cell}"\n'
        "2026-10-08,Hooli,Analyst,thank_you,\n"
    ).encode()


def big_date(size: int) -> bytes:
    """A date cell of ``size`` bytes on line 3."""
    return (
        "date,company,event\n2026-10-01,Hooli,applied\n"
        + "3 Nov " * (size // 6)
        + ",Hooli,interview\n"
    ).encode()


def wide(columns: int) -> bytes:
    """``columns`` extra named columns, every cell filled."""
    names = ",".join(f"extra {i}" for i in range(columns))
    values = ",".join(f"v{i}" for i in range(columns))
    return (
        f"date,company,event,{names}\n"
        f"2026-10-01,Hooli,applied,{values}\n"
        f"2026-10-08,Hooli,interview,{values}\n"
    ).encode()


RECIPES: dict[str, Callable[..., bytes]] = {
    "big_field": big_field,
    "big_date": big_date,
    "wide": wide,
}
RECIPE_KEYS = {"about", "recipe", "expect", "dq", "loaded", "error", "as_of", "config", "note"}


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The path of a corpus file; generated ones are made once per module."""
    made: dict[str, Path] = {}

    def path(name: str) -> Path:
        case = CASES[name]
        if "recipe" not in case:
            return CORPUS / name
        if name not in made:
            arguments = {k: v for k, v in case.items() if k not in RECIPE_KEYS}
            target = tmp_path_factory.mktemp("corpus") / name
            target.write_bytes(RECIPES[case["recipe"]](**arguments))
            made[name] = target
        return made[name]

    return path


@pytest.fixture(scope="module")
def loaded(corpus_file: Callable[[str], Path]) -> Callable[[str], LoadedLog]:
    """The corpus file loaded as its manifest says, once per module (the big ones are slow)."""
    logs: dict[str, LoadedLog] = {}

    def load(name: str) -> LoadedLog:
        if name not in logs:
            case = CASES[name]
            config = Config(**case.get("config", {}))
            logs[name] = load_log(corpus_file(name), config=config, as_of=as_of(case))
        return logs[name]

    return load


def as_of(case: dict[str, Any]) -> str:
    return str(case.get("as_of", MANIFEST["as_of"]))


def expected_findings(case: dict[str, Any]) -> set[tuple[int, str]]:
    return {(int(line), str(code)) for line, code in case.get("dq", [])}


# -- the manifest itself ----------------------------------------------------------------------


def test_manifest_covers_every_file_and_enough_cases() -> None:
    committed = {p.name for p in CORPUS.iterdir()} - NOT_CASES
    generated = {name for name, case in CASES.items() if "recipe" in case}
    assert committed == set(CASES) - generated
    assert len(CASES) >= 30
    for name, case in CASES.items():
        assert case["expect"] in {"clean", "dq", "error"}, name
        assert case.get("about"), name
        assert ("dq" in case) == (case["expect"] == "dq"), name
        assert ("error" in case) == (case["expect"] == "error"), name
        assert case.get("recipe") in {None, *RECIPES}, name


# -- through the library ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_load_log(
    name: str, corpus_file: Callable[[str], Path], loaded: Callable[[str], LoadedLog]
) -> None:
    case = CASES[name]
    path = corpus_file(name)
    config = Config(**case.get("config", {}))
    if case["expect"] == "error":
        with pytest.raises(LogFormatError) as caught:
            load_log(path, config=config, as_of=as_of(case))
        message = str(caught.value)
        assert case["error"] in message
        assert str(path) in message and "\n" not in message
        return
    log = loaded(name)
    found = set(zip(log.quality["line"].tolist(), log.quality["code"].tolist(), strict=True))
    assert found == expected_findings(case)
    lines = log.events["line"].tolist()
    if "loaded" in case:
        assert sorted(lines) == sorted(case["loaded"])
    rejected = log.rejects["line"].tolist()
    assert set(lines).isdisjoint(rejected)
    assert len(set(rejected)) == len(rejected)
    assert all(len(m) <= MAX_MESSAGE for m in log.quality["message"]), "a message quotes too much"


def test_what_the_mended_rows_hold(loaded: Callable[[str], LoadedLog]) -> None:
    """Mended values keep what was written, less the NUL byte."""
    events = loaded("nul_in_cell.csv").events.set_index("line")
    assert events.loc[3, "company"] == "Hooli"
    events = loaded("unclosed_quote.csv").events.set_index("line")
    assert events.loc[3, "role"] == '"QA Lead'  # the quote kept, read as a character
    assert events.loc[4, "event"] == "interview"
    log = loaded("utf8_damaged_byte.csv")
    assert log.events.set_index("line").loc[3, "contact"] == "Zo\ufffd Müller"
    assert set(log.events["company"]) == {"Café Crème"}  # not read as cp1252
    events = loaded("formulas_in_cells.csv").events
    assert set(events["company"]) == {"=1+1"}
    events = loaded("reserved_column_names.csv").events
    assert events["line"].tolist() == [2, 3]
    assert events["log_line"].tolist() == ["sales", "sales"]
    log = loaded("ten_thousand_columns.csv")
    assert len(log.attributes) == 10_000 and log.events["extra_9999"].tolist() == ["v9999"] * 2
    log = loaded("one_megabyte_field.csv")
    assert len(str(log.events.set_index("line").loc[3, "notes"])) == 999_999  # the last \n stripped


# -- through the command line -----------------------------------------------------------------


def run_check(
    path: Path, case: dict[str, Any], capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, str, str]:
    settings = [f"--config={k}={v}" for k, v in case.get("config", {}).items()]
    code = cli.main(["check", str(path), "--as-of", as_of(case), *settings, *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_command(
    name: str, corpus_file: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    path = corpus_file(name)
    code, out, err = run_check(path, case, capsys, "--format", "json")
    if case["expect"] == "error":
        assert code == cli.EXIT_USAGE
        assert out == ""
        assert len(err.splitlines()) == 1 and err.endswith("\n")
        assert case["error"] in err and str(path) in err
        assert "Traceback" not in err
        return
    assert code in (cli.EXIT_OK, cli.EXIT_ERRORS_FOUND), err
    if "note" in case:  # said on stderr, since JSON has no place for it
        assert len(err.splitlines()) == 1 and err.rstrip().endswith(case["note"])
    else:
        assert err == ""
    diagnostics = json.loads(out)
    found = {(d["line"], d["code"]) for d in diagnostics if d["code"].startswith("DQ")}
    assert found == expected_findings(case)
    if "recipe" in case:
        return  # the text output of the big ones adds nothing but time
    text_code, text, text_err = run_check(path, case, capsys)
    # The text's closing line names a file with no events; it has no word for events all
    # after the as-of date, which standard error says in every format.
    said_in_text = err if "dated after the as-of date" in err else ""
    assert (text_code, text_err) == (code, said_in_text)
    assert not TERMINAL_CONTROL.search(text), "a control character reached the terminal"
    assert len(text.splitlines()) == len(diagnostics) + (2 if diagnostics else 1)
