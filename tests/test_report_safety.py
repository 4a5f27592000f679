"""One report from a log full of hostile text: escaped HTML, no script runs, pseudonyms hide it.

Every free-text field (company, role, contact, notes, candidate) holds markup
that would run or render if it ever reached the page unescaped. The payloads
that could run write a marker into the DOM; the marker is built by string
concatenation, so the escaped (harmless) text of a payload never contains it.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from followup_stats.report import ReportResult, render_report

AS_OF = "2026-10-30"
MARK = "'PW'+'NED'"  # the text "PWNED" only appears in the DOM if a payload ran
SCRIPT = f"<script>window.__pwned=1;document.title={MARK}</script>"
IMG = f"<img src=x onerror=\"window.__pwned=2;document.body.setAttribute('data-'+{MARK},'1')\">"
LINK = f'<a href="javascript:window.__pwned=3;document.title={MARK}">x</a>'
MARKDOWN = "**bold** [link](javascript:alert(1)) $\\frac{1}{2}$"
BOLD = "<b>bold</b><br>"
LONG = ("Longwinded Holdings " * 250)[:5000]
HOSTILE = [SCRIPT, IMG, LINK, MARKDOWN, BOLD, LONG]
UNESCAPED = ["<script>window.__pwned", "<img src=x onerror", 'href="javascript:', "<b>bold</b>"]
COLUMNS = [
    "date",
    "candidate",
    "application_id",
    "company",
    "role",
    "event",
    "channel",
    "contact",
    "asked_permission",
    "contact_ok_after_days",
    "notes",
]


def _rows() -> list[dict[str, str]]:
    rows = [
        ("2026-09-01", "A1", SCRIPT, IMG, "applied", "portal", "", "", "", MARKDOWN),
        ("2026-09-04", "A1", SCRIPT, IMG, "response", "email", LINK, "", "", LONG),
        ("2026-09-10", "A1", SCRIPT, IMG, "interview", "video", LINK, "yes", "7", SCRIPT),
        ("2026-09-11", "A1", SCRIPT, IMG, "thank_you", "email", LINK, "", "", IMG),
        ("2026-09-13", "A1", SCRIPT, IMG, "follow_up", "email", LINK, "", "", LINK),
        ("2026-09-20", "A2", LONG, MARKDOWN, "applied", "portal", BOLD, "", "", BOLD),
    ]
    keys = ["date", *COLUMNS[2:]]
    return [{"candidate": BOLD, **dict(zip(keys, row, strict=True))} for row in rows]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ReportResult]:
    """The same hostile log rendered plainly and with ``anonymize=True, keep_ipynb=True``."""
    folder = tmp_path_factory.mktemp("hostile")
    log = folder / "hostile.csv"
    with log.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(_rows())
    return {
        "plain": render_report(log, folder / "plain", as_of=AS_OF),
        "anon": render_report(log, folder / "anon", as_of=AS_OF, anonymize=True, keep_ipynb=True),
    }


def test_hostile_text_is_escaped(reports: dict[str, ReportResult]) -> None:
    page = reports["plain"].html_path.read_text(encoding="utf-8")
    for raw in UNESCAPED:
        assert raw not in page, raw
    for value in (SCRIPT, IMG, LINK, BOLD):
        assert value not in page, value
    assert html.escape(SCRIPT, quote=False)[:30] in page  # shown, as text
    assert "plotly-graph-div" in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not on the PATH")
def test_no_payload_runs_in_chromium(reports: dict[str, ReportResult], tmp_path: Path) -> None:
    page = reports["plain"].html_path
    command = [
        str(shutil.which("chromium")),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "PWNED" not in dom and "data-pwned" not in dom.lower()
    assert len(re.findall(r'class="[^"]*\bjs-plotly-plot\b', dom)) > 0  # the charts ran
    for raw in UNESCAPED:
        assert raw not in dom, raw


def test_anonymized_report_drops_every_input_string(reports: dict[str, ReportResult]) -> None:
    result = reports["anon"]
    assert result.ipynb_path is not None
    # Distinctive pieces only: the inlined plotly.js itself says "onerror", "bold", ...
    pieces = ["__pwned", "javascript:window", "javascript:alert", "frac{1}{2}"]
    pieces += ["Longwinded", "**bold**", "bold</b>", "bold&lt;/b&gt;", "x onerror"]
    for path in (result.html_path, result.ipynb_path):
        text = path.read_text(encoding="utf-8")
        for value in HOSTILE:
            assert value not in text, (path.name, value[:40])
            assert html.escape(value) not in text, (path.name, value[:40])
        found = [p for p in pieces if p.lower() in text.lower()]
        assert not found, (path.name, found)
    assert "Candidate A" in result.html_path.read_text(encoding="utf-8")
