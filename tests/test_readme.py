"""README.md shows real output: each shown command is run and compared with what it prints.

A README block is compared line by line with the real output. A line reading
``...`` stands for lines left out (none or more), so the lines between two of
them must appear together, in order, and a block that does not start (end)
with ``...`` must match the start (end) of the output; a line ending in
`` ...`` is cut short. The inputs are the bundled ``data/`` logs, or small
files the README shows or describes, written here into a scratch folder.
``make report`` and ``report-all`` are left out, since they run notebooks;
the headline the README quotes is made here as the notebook makes it.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
import shlex
import shutil
from pathlib import Path

import openpyxl
import pytest

from followup_stats import check, cli, etiquette_score, load_log, stats
from followup_stats import report_views as views

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
AS_OF = "2026-10-30"


def run(*argv: str) -> tuple[int, str, str]:
    """``followup-stats ARGV``: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _fences() -> list[tuple[str, list[str]]]:
    """Every fenced block of the README: its language and its lines (indentation kept)."""
    blocks: list[tuple[str, list[str]]] = []
    lines = README.splitlines()
    i = 0
    while i < len(lines):
        opening = re.match(r"(\s*)```(\w*)$", lines[i])
        if opening is None:
            i += 1
            continue
        indent, language = opening.groups()
        body: list[str] = []
        i += 1
        while lines[i].strip() != "```":
            body.append(lines[i][len(indent) :])
            i += 1
        blocks.append((language, body))
        i += 1
    return blocks


FENCES = _fences()


def shown_after(command: str, nth: int = 0) -> list[str]:
    """What the README shows ``$ COMMAND`` printing (its ``nth`` showing).

    The lines after it in its own console block, up to the next ``$``, or else
    the next fenced block.
    """
    seen = 0
    for index, (language, body) in enumerate(FENCES):
        if language != "console":
            continue
        for at, line in enumerate(body):
            if line != f"$ {command}":
                continue
            if seen < nth:
                seen += 1
                continue
            inline: list[str] = []
            for following in body[at + 1 :]:
                if following.startswith("$ "):
                    break
                inline.append(following)
            while inline and not inline[-1].strip():
                inline.pop()
            return inline or FENCES[index + 1][1]
    raise AssertionError(f"the README shows no `$ {command}`")


def block_starting(first_line: str) -> list[str]:
    """The README's fenced block whose first line starts with ``first_line``."""
    found = [body for _, body in FENCES if body and body[0].startswith(first_line)]
    assert len(found) == 1, f"{len(found)} README blocks start with {first_line!r}"
    return found[0]


def block_holding(line: str) -> list[str]:
    """The README's one fenced block that holds ``line``."""
    found = [body for _, body in FENCES if line in body]
    assert len(found) == 1, f"{len(found)} README blocks hold {line!r}"
    return found[0]


def _same(shown: list[str], real: list[str]) -> bool:
    """Whether ``real`` reads as ``shown``; a shown line ending in `` ...`` is cut short."""
    return len(shown) == len(real) and all(
        r.startswith(s[:-3]) if s.endswith(" ...") else r == s
        for s, r in zip(shown, real, strict=True)
    )


def assert_shown(shown: list[str], real: str) -> None:
    """``real`` reads as ``shown``, where a ``...`` line of ``shown`` stands for lines left out."""
    lines = real.splitlines()
    segments: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "...":
            segments.append([])
        else:
            segments[-1].append(line)
    at = 0
    for number, segment in enumerate(segments):
        if not segment:
            continue
        anchored_start = number == 0
        anchored_end = number == len(segments) - 1
        starts = [at] if anchored_start else range(at, len(lines) - len(segment) + 1)
        for start in starts:
            if _same(segment, lines[start : start + len(segment)]) and (
                not anchored_end or start + len(segment) == len(lines)
            ):
                at = start + len(segment)
                break
        else:
            raise AssertionError(
                "the README shows\n" + "\n".join(segment) + "\nbut the tool prints\n" + real
            )


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of ``data/`` (no configuration file above it)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOLLOWUP_STATS_DEBUG", raising=False)
    return tmp_path


def check_shown(command: str, code: int, stream: str = "out", nth: int = 0) -> None:
    """Run the README's ``$ COMMAND``; its exit code is ``code`` and it prints what is shown."""
    got, out, err = run(*shlex.split(command)[1:])
    assert got == code, err
    real = {"out": out, "err": err, "both": out + err}[stream]
    assert_shown(shown_after(command, nth), real)


# -- the report ----------------------------------------------------------------------------------


def test_the_report_headline_quoted() -> None:
    """The headline the README quotes, as the report's notebook makes it (without running it)."""
    log = load_log(ROOT / "data/sample_log.csv", as_of=AS_OF)
    funnel, rates = stats.funnel(log), stats.outcome_rates(log)
    times, score = stats.response_times(log), etiquette_score(log)
    page = views.headline(log, funnel, rates, times, score, check(log))
    headline = " ".join(html.unescape(str(page.data)).replace("**", "").split())
    quoted = re.search(r'headline in plain words \("(.*?) \.\.\."', README, re.S)
    assert quoted is not None
    pieces = " ".join(quoted.group(1).split()).split(" ...")
    assert headline.startswith(pieces[0])
    at = 0
    for piece in pieces:
        at = headline.index(piece, at) + len(piece)


# -- checking a log -------------------------------------------------------------------------------


def test_check_and_its_statistics(scratch: Path) -> None:
    check_shown(f"followup-stats check data/sample_log.csv --as-of {AS_OF}", 1)
    check_shown(f"followup-stats check data/sample_log.csv --as-of {AS_OF} --statistics", 1)
    _, out, _ = run("check", "data/sample_cohort.csv", "--as-of", AS_OF)
    assert_shown(["...", *block_starting("data/sample_cohort.csv:153:"), "..."], out)


def test_an_as_of_date_before_every_event(scratch: Path) -> None:
    check_shown("followup-stats todo data/sample_log.csv --as-of 2026-01-01", 0, "both")


def test_dq007_names_the_misspelt_interview(scratch: Path) -> None:
    (scratch / "log.csv").write_text(
        "date,company,event\n2026-10-01,Acme,applied\n2026-10-05,Acme,intervew\n"
        "2026-10-06,Acme,thank_you\n"
    )
    _, out, _ = run("check", "log.csv", "--as-of", AS_OF, "--select", "DQ007")
    finding = out.splitlines()[0]
    assert finding.endswith("(line 3 was not loaded and may be it)")
    assert f"`{finding}`" in " ".join(README.split())


def test_a_log_with_no_row_loaded(scratch: Path) -> None:
    (scratch / "log.csv").write_text("date,company,event\nsoon,Hooli,applied\nlater,Acme,applied\n")
    code, out, err = run("check", "log.csv", "--as-of", AS_OF)
    assert code == 2
    assert_shown(block_starting("followup-stats: error: log.csv: no row could be loaded"), err)
    code, out, err = run("check", "log.csv", "--as-of", AS_OF, "--select", "FU")
    assert code == 2
    assert out == "Nothing checked in 1 file (2 rows not loaded).\n"
    assert "`Nothing checked in 1\nfile (2 rows not loaded).`" in README
    assert "they are not selected here: add --select DQ" in err


def test_a_report_refused_names_the_log_with_no_events_beside(scratch: Path) -> None:
    logs = scratch / "logs"
    logs.mkdir()
    (logs / "new.csv").write_text("date,company,event\n", encoding="utf-8")
    (logs / "old.xlsx").write_text("not a workbook\n", encoding="utf-8")
    shown = block_holding(
        "followup-stats: error: logs/old.xlsx: this is not an .xlsx, .xlsm or .ods workbook (or it "
        "is damaged); logs/new.csv holds no events (it has a header but no data rows), so there "
        "is nothing in it to report on"
    )
    code, out, err = run("report", "logs", "--as-of", AS_OF, "--out", "reports")
    assert (code, out, err) == (2, "", shown[0] + "\n")
    (logs / "old.xlsx").unlink()
    (logs / "old.csv").write_text("date,company,event\nsoon,Hooli,applied\n", encoding="utf-8")
    code, out, err = run("report", "logs", "--as-of", AS_OF, "--out", "reports")
    assert (code, out, err) == (2, "", shown[1] + "\n")


def test_a_folder_with_logs_that_cannot_be_read(scratch: Path) -> None:
    """The README's folder of clients: a good log, a file made with ``touch`` and a header
    with a slip; the good one is checked and the other two named, one line each."""
    clients = scratch / "clients"
    clients.mkdir()
    shutil.copy(scratch / "data" / "sample_log.csv", clients / "alex.csv")
    (clients / "emma.csv").touch()
    (clients / "chloe.csv").write_text(
        "Date,Compnay,Event,Application ID\n2026-10-01,Hooli,applied,1\n", encoding="utf-8"
    )
    command = "followup-stats check clients --as-of 2026-10-30"
    code, out, err = run(*shlex.split(command)[1:])
    assert code == 2
    assert_shown(shown_after(f"{command}   # alex.csv, an empty emma.csv and chloe.csv"), out + err)


def test_rule_as_json(scratch: Path) -> None:
    check_shown("followup-stats rule FU007 --format json --config final_note_gap_days=3", 0)


def test_rules_table_is_the_catalogue(scratch: Path) -> None:
    _, out, _ = run("rule", "--all", "--format", "json")
    catalogue = [
        f"| {r['code']} | {r['severity']} | {r['seed'] or '-'} | {r['summary']} |"
        for r in json.loads(out)
    ]
    assert [line for line in README.splitlines() if re.match(r"\| (FU|DQ)\d", line)] == catalogue


# -- noqa -----------------------------------------------------------------------------------------


def test_noqa_in_the_sample_log(scratch: Path) -> None:
    rows = list(csv.reader((scratch / "data/sample_log.csv").open(encoding="utf-8")))
    notes = rows[0].index("notes")
    for line, note in [
        (63, "noqa: FU010"),
        (67, "sent a quick update - noqa: FU005"),
        (73, "noqa"),
    ]:
        rows[line - 1][notes] = note
    with (scratch / "sample_log.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    check_shown(f"followup-stats check sample_log.csv --as-of {AS_OF}", 1)
    code, out, _ = run("check", "sample_log.csv", "--as-of", AS_OF, "--ignore-noqa")
    assert code == 1
    assert "(here `Found 21 problems\n(9 errors, 7 warnings, 5 info) in 1 file.`)" in README
    assert out.splitlines()[-1] == "Found 21 problems (9 errors, 7 warnings, 5 info) in 1 file."


def _log_with_notes(path: Path, notes: dict[int, str], lines: int) -> None:
    rows = [
        f"2026-10-{line - 1:02d},Company {line},Analyst,applied,{notes.get(line, '')}"
        for line in range(2, lines + 1)
    ]
    path.write_text("date,company,role,event,notes\n" + "\n".join(rows) + "\n", encoding="utf-8")


def test_noqa_slips_and_unused_noqa(scratch: Path) -> None:
    slips = {4: "noqa: FU05", 9: "noqa:", 12: "noqa: FU005 and FU009"}
    _log_with_notes(scratch / "log.csv", slips, 12)
    code, _, err = run("check", "log.csv", "--as-of", AS_OF)
    assert code == 0
    assert_shown(block_starting("followup-stats: log.csv:4: noqa names 'FU05'"), err)

    unused = {2: "noqa: FU005", 4: "noqa", 5: "noqa: FU011"}
    _log_with_notes(scratch / "log.csv", unused, 5)
    code, out, err = run(
        "check", "log.csv", "--as-of", AS_OF, "--warn-unused-noqa", "--ignore", "FU011"
    )
    assert code == 1
    assert_shown(block_starting("followup-stats: log.csv:2: noqa: FU005 hides nothing"), err)
    _log_with_notes(scratch / "log.csv", {2: "noqa: FU005"}, 2)
    code, out, err = run("check", "log.csv", "--as-of", AS_OF, "--warn-unused-noqa")
    assert code == 1 and out.splitlines()[-1] == "No problems found, but 1 noqa that hides nothing."


# -- configuration --------------------------------------------------------------------------------


def test_bad_configuration_files(scratch: Path) -> None:
    _log_with_notes(scratch / "log.csv", {}, 2)
    command = "followup-stats check log.csv --config followup-stats.toml"
    toml = scratch / "followup-stats.toml"
    toml.write_text("[tool.followup_stats]\nidle_days = 7\ndefault_wait_days = 30000\n")
    check_shown(command, 2, "err", nth=0)
    toml.write_text(
        "# one client's\ndefault_wait_days = 10\n[tool.followup_stats]\nidle_days = 7\n"
    )
    check_shown(command, 2, "err", nth=1)


def test_per_file_ignores(scratch: Path) -> None:
    (scratch / "archive").mkdir()
    shutil.copy(scratch / "data/sample_log.csv", scratch / "archive")
    # "followup-stats.toml holding the two lines of the table above"
    pattern = '"archive/*.csv" = ["FU011", "FU012"]'
    toml = block_holding(pattern)
    table = "\n".join(toml[toml.index(pattern) - 1 : toml.index(pattern) + 1]) + "\n"
    (scratch / "followup-stats.toml").write_text(table)
    check_shown(f"followup-stats check archive/sample_log.csv --as-of {AS_OF} --statistics", 1)
    (scratch / "bad.toml").write_text(table.replace('"FU012"', '"FU12"'))
    check_shown("followup-stats check archive/sample_log.csv --config bad.toml", 2, "err")
    code, out, _ = run("check", "archive/sample_log.csv", "--show-settings")
    assert code == 0
    assert_shown(["...", *block_starting("  per_file_ignores = {")], out)


def test_clients_with_settings_of_their_own(scratch: Path) -> None:
    """The coach's ``clients/*/``: each log is the sample under another name (README)."""
    settings = {"amara": 'ignore = ["FU005"]\n', "ben": "default_wait_days = 2\n", "chloe": None}
    sample = (scratch / "data/sample_log.csv").read_text(encoding="utf-8")
    folders = []
    for client, toml in settings.items():
        folder = scratch / "clients" / client
        folder.mkdir(parents=True)
        name = {"amara": "Amara Okafor", "ben": "Ben Adler", "chloe": "Chloe Martin"}[client]
        (folder / "log.csv").write_text(sample.replace("Alex Rivera", name), encoding="utf-8")
        if toml is not None:
            (folder / "followup-stats.toml").write_text(toml, encoding="utf-8")
        folders.append(f"clients/{client}/")
    loop = "$ for client in clients/*/; do followup-stats check $client --as-of 2026-10-30"
    shown = block_holding(loop + " --statistics | tail -1; done")
    at = shown.index(loop + " --statistics | tail -1; done")
    each = [run("check", f, "--as-of", AS_OF, "--statistics") for f in folders]
    assert [out.splitlines()[-1] for _, out, _ in each] == shown[at + 1 : at + 4]
    code, out, err = run("check", *folders, "--as-of", AS_OF, "--statistics")
    assert (code, err) == (1, "")
    assert shown[at + 4 : at + 6] == [
        "$ followup-stats check clients/*/ --as-of 2026-10-30 --statistics | tail -1",
        out.splitlines()[-1],
    ]


def test_per_candidate_ignores(scratch: Path) -> None:
    shutil.copy(scratch / "data/sample_cohort.csv", scratch)
    toml = block_starting("[per-candidate-ignores]")
    (scratch / "followup-stats.toml").write_text("\n".join(toml) + "\n")
    check_shown(f"followup-stats check sample_cohort.csv --as-of {AS_OF} --statistics", 1, "both")
    (scratch / "followup-stats.toml").unlink()
    _, out, _ = run("check", "sample_cohort.csv", "--as-of", AS_OF, "--statistics")
    assert out.splitlines()[-1].startswith("Found 100 problems")
    assert "(100 problems without it:" in README


def test_show_settings(scratch: Path) -> None:
    shutil.copy(scratch / "data/sample_log.csv", scratch)
    (scratch / "followup-stats.toml").write_text(
        '# this client\ndefault_wait_days = 10\nignore = ["FU012"]\ntimezone = "Europe/London"\n'
    )
    check_shown(
        "followup-stats check sample_log.csv --show-settings --config idle_days=14 --ignore FU011",
        0,
    )


# -- todo and stats -------------------------------------------------------------------------------


def test_todo(scratch: Path) -> None:
    command = f"followup-stats todo data/sample_log.csv --as-of {AS_OF} --ics reminders.ics"
    check_shown(command, 0, "err")
    _, out, _ = run(*shlex.split(command)[1:])
    assert_shown(block_starting("Due today or overdue"), out)


def test_rows_not_loaded_are_said(scratch: Path) -> None:
    log = (scratch / "data/sample_log.csv").read_text(encoding="utf-8")
    bad = "2026-13-45,Alex Rivera,AR-999,Foo,Bar,applied,,,,,,,,,,\n"
    (scratch / "one.csv").write_text(log + bad, encoding="utf-8")
    (scratch / "two.csv").write_text(log + bad + bad.replace("45", "46"), encoding="utf-8")
    _, _, err = run("todo", "one.csv", "--as-of", AS_OF)
    assert_shown(
        block_starting("followup-stats: 1 row of the log was not loaded, so the plan"), err
    )
    _, _, err = run("stats", "two.csv", "--as-of", AS_OF, "--format", "json")
    assert_shown(block_starting("followup-stats: 2 rows of the log were not loaded, so the"), err)


def test_stats(scratch: Path) -> None:
    command = f"followup-stats stats data/sample_log.csv --as-of {AS_OF} [--by source]"
    code, out, _ = run("stats", "data/sample_log.csv", "--as-of", AS_OF)
    assert code == 0
    assert_shown(shown_after(command), out)
    _, out, _ = run("stats", "data/sample_log.csv", "--as-of", AS_OF, "--by", "source")
    assert_shown(["...", *block_starting("Do waiting times differ between groups?")], out)
    _, out, _ = run(
        "stats", "data/sample_log.csv", "--as-of", AS_OF, "--by", "source", "--format", "json"
    )
    shown = json.loads("\n".join(block_holding('  "measure": "to_first_response",')))
    assert json.loads(out)["times_compared"][0] == shown


def test_waits_left_out_for_an_assumed_date(scratch: Path) -> None:
    """A Huntr export whose Interview and Rejected cards never moved, imported."""
    (scratch / "huntr.csv").write_text(
        "createdAt,title,listName,companyName,lastMovedAt\n"
        "2026-09-01 10:00:00,Engineer,Interview,Acme,-\n"
        "2026-09-02 10:00:00,Analyst,Interview,Beta,2026-09-12 10:00:00\n"
        "2026-09-03 10:00:00,Developer,Rejected,Gamma,-\n"
        "2026-09-04 10:00:00,Tester,Applied,Delta,-\n",
        encoding="utf-8",
    )
    assert run("import", "huntr.csv", "--out", "log.csv")[0] == 0
    _, _, err = run("stats", "log.csv", "--as-of", AS_OF, "--format", "json")
    assert_shown(block_starting("followup-stats: 4 waits left out of the waiting times"), err)
    # The report's sentence under the waiting times, and the plan's line for Acme, whose
    # interview is dated only by assumption.
    prose = " ".join(README.split())
    left_out = views.left_out_waits_text(stats.assumed_waits("log.csv", as_of=AS_OF))
    assert left_out is not None and f"(`{left_out}`)" in prose
    _, out, _ = run("todo", "log.csv", "--as-of", "2026-09-13", "--format", "json")
    acme = next(row for row in json.loads(out) if row["company"] == "Acme")
    assert (acme["action"], acme["then"]) == ("date_unknown", "thank_you")
    assert f"(`{acme['why']}`)" in prose


# -- spreadsheets and import ----------------------------------------------------------------------


def _readme_tracker(path: Path) -> None:
    """The README's wide tracker, as the first sheet (named 2026) of a workbook."""
    table = [
        [cell.strip() or None for cell in line.strip("|").split("|")]
        for line in README.splitlines()
        if line.startswith("| Company | Position |")
        or re.match(r"\| (Hooli|Initech|Globex) \|", line)
    ]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2026"
    for row in table:
        sheet.append(row)
    book.save(path)


def test_tracker_check_and_import(scratch: Path) -> None:
    _readme_tracker(scratch / "tracker.xlsx")
    (scratch / "Job Applications.csv").write_text(
        "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
        "Resume Name,Question And Answers\n"
        '"10/1/26, 4:40 PM",me@example.com,+1 555 0100,Hooli,Data Analyst,'
        "https://www.linkedin.com/jobs/view/1,cv_v2.pdf,\n"
        '"10/20/26, 9:05 AM",me@example.com,+1 555 0100,Stark,Engineer,'
        "https://www.linkedin.com/jobs/view/2,cv_v3.pdf,\n",
        encoding="utf-8",
    )
    checked = "followup-stats check tracker.xlsx --as-of 2026-11-01"
    imported = 'followup-stats import tracker.xlsx "Job Applications.csv" --out log.csv'
    check_shown(checked, 1)
    check_shown(imported, 0, "err")
    assert_shown(
        block_starting("date,company,role,event,channel,Status"),
        (scratch / "log.csv").read_text(encoding="utf-8"),
    )


# -- privacy and safety ---------------------------------------------------------------------------


def test_a_stray_quote(scratch: Path) -> None:
    (scratch / "log.csv").write_text(
        "date,company,role,event,notes\n"
        "2026-10-01,Hooli,Analyst,applied,\n"
        '2026-10-02,Globex,Analyst,applied,"called them\n'
        "2026-10-03,Initech,QA,applied,\n"
        "2026-10-04,Acme,QA,applied,\n"
        "2026-10-05,Stark,QA,applied,\n"
        '2026-10-06,Wayne,QA,applied,ok"\n'
        "2026-10-07,Umbrella,QA,applied,\n",
        encoding="utf-8",
    )
    _, out, _ = run("check", "log.csv", "--as-of", AS_OF)
    assert_shown([*block_starting("log.csv:3: DQ004 [warning] Globex"), "..."], out)


# -- the options the README names -----------------------------------------------------------------


COMMANDS = ("check", "stats", "todo", "rule", "report", "report-all", "import", "simulate")


def _options() -> dict[str, set[str]]:
    """Each command's long options, as its ``--help`` lists them."""
    options = {}
    for command in COMMANDS:
        code, out, err = run(command, "--help")
        assert code == 0, err
        options[command] = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", out)) - {"--help"}
    return options


def test_every_option_is_in_the_readme_and_the_readme_names_no_other() -> None:
    options = _options()
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", README))
    every = set().union(*options.values())
    # --version and --help are the program's own; the others belong to ruff, which the README
    # compares with.
    assert named - every == {"--version", "--help", "--check", "--output-format"}
    assert every - named == set()


def test_each_command_shown_takes_the_options_shown() -> None:
    options = _options()
    shown = [
        line[2:].split("#")[0]
        for language, body in FENCES
        if language == "console"
        for line in body
        if line.startswith("$ followup-stats ")
    ]
    assert len(shown) > 20
    for command in shown:
        words = shlex.split(command.replace("[", " ").replace("]", " "))
        used = {w.split("=")[0] for w in words if w.startswith("--")}
        assert used <= options[words[1]], command
