"""Reports: papermill runs, offline and escaped HTML, safe file names, pseudonyms, Chromium.

Rendering is the slow part (a Jupyter kernel per report), so the rendered
reports are made once per module and shared by the tests that read them.
"""

from __future__ import annotations

import csv
import html
import html.parser
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest

from followup_stats import cli, report
from followup_stats.config import Config, layer_selection, read_config_file
from followup_stats.report import ReportError, render_all, render_report, safe_stem

AS_OF = "2026-10-30"
XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)"
TRAVERSAL = "../../etc/passwd"
CODE_NAME = "__import__('os').system('x')"
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


def _events(
    candidate: str | None, company: str, role: str, contact: str, note: str
) -> list[dict[str, str]]:
    """A small but complete story: an answer, an interview, a thank-you, early follow-ups."""
    other = f"{company} Two"
    rows = [
        ("2026-09-01", "A1", company, "applied", "portal", "", "", "", note),
        ("2026-09-04", "A1", company, "response", "email", contact, "", "", ""),
        ("2026-09-10", "A1", company, "interview", "video", contact, "yes", "7", note),
        ("2026-09-11", "A1", company, "thank_you", "email", contact, "", "", ""),
        ("2026-09-13", "A1", company, "follow_up", "email", contact, "", "", ""),  # FU005
        ("2026-09-20", "A2", other, "applied", "portal", "", "", "", ""),
        ("2026-10-02", "A2", other, "interview", "phone", contact, "no", "", ""),
        ("2026-10-03", "A2", other, "thank_you", "email", "", "", "", ""),
        ("2026-10-27", "A3", f"{company} Three", "applied", "portal", "", "", "", ""),
        ("2026-10-28", "A3", f"{company} Three", "follow_up", "email", "", "", "", ""),  # recent
        ("2026-10-29", "", "", "networking", "linkedin", contact, "", "", note),
    ]
    out = []
    for date, app, comp, event, channel, who, permission, days, notes in rows:
        out.append(
            {
                "date": date,
                "candidate": candidate or "",
                "application_id": app,
                "company": comp,
                "role": role if app else "",
                "event": event,
                "channel": channel,
                "contact": who,
                "asked_permission": permission,
                "contact_ok_after_days": days,
                "notes": notes,
            }
        )
    return out


def _write_log(path: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


class _Links(html.parser.HTMLParser):
    """Every src and href of a page, collected independently of the library's checker."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("src", "href") and value is not None:
                self.values.append((tag, key, value))


def _outside_links(page: str) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(page)
    return [
        (tag, key, value)
        for tag, key, value in parser.values
        if value.strip() and not value.startswith("#") and not value.startswith("data:")
    ]


# -- shared renders ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """``render_all`` over three candidates: a hostile company name and two hostile names."""
    folder = tmp_path_factory.mktemp("cohort")
    rows = (
        _events("Dana Real", XSS, "Analyst", "Pat Recruiter", "said hi")
        + _events(TRAVERSAL, "Acme", "Engineer", "Lee Manager", "")
        + _events(CODE_NAME, "Globex", "Designer", "Kim Lead", "")
    )
    log = _write_log(folder / "cohort.csv", rows)
    out = folder / "reports"
    table = render_all(log, out, jobs=2, as_of=AS_OF, progress=False)
    return out, table


@pytest.fixture(scope="module")
def anonymized(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """``followup-stats report --anonymize --keep-ipynb`` on a log named after its candidate."""
    folder = tmp_path_factory.mktemp("anon")
    columns = [c for c in COLUMNS if c != "candidate"]
    real = {
        "company": "Zyxwork Quantics",
        "role": "Chief Zymurgist",
        "contact": "Quentin Obadiah",
        "note": "mentioned the Velociraptor project",
    }
    rows = _events(None, real["company"], real["role"], real["contact"], real["note"])
    log = _write_log(folder / "Priya Ramanathan.csv", rows, columns)
    out = folder / "reports"
    code = cli.main(
        ["report", str(log), "--out", str(out), "--as-of", AS_OF, "--anonymize", "--keep-ipynb"]
    )
    assert code == 0
    secrets = {
        "Priya Ramanathan",
        "Priya",
        "Ramanathan",
        real["company"],
        f"{real['company']} Two",
        "Zyxwork",
        real["role"],
        "Zymurgist",
        real["contact"],
        "Obadiah",
        real["note"],
        "Velociraptor",
    }
    return out, secrets


# -- render_all and names ----------------------------------------------------------------------


def test_render_all_makes_every_report(cohort: tuple[Path, pd.DataFrame]) -> None:
    out, table = cohort
    assert list(table.columns) == ["candidate", "status", "path", "error"]
    assert table["status"].tolist() == ["ok"] * 4, table["error"].tolist()
    assert set(table["candidate"]) == {"Dana Real", TRAVERSAL, CODE_NAME, "(coach review)"}
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 4 and all(name.endswith(f"_{AS_OF}.html") for name in written)
    assert f"Dana_Real_{AS_OF}.html" in written
    assert f"coach_review_{AS_OF}.html" in written
    for path in table["path"]:
        assert Path(path).resolve().parent == out.resolve()  # nothing escaped the folder


def test_hostile_candidate_names_give_safe_file_names(cohort: tuple[Path, pd.DataFrame]) -> None:
    out, table = cohort
    for name in (TRAVERSAL, CODE_NAME):
        path = Path(table.loc[table["candidate"].eq(name), "path"].iloc[0])
        assert path.exists() and path.parent.resolve() == out.resolve()
        assert re.fullmatch(r"[A-Za-z0-9._-]+", path.name), path.name
        assert ".." not in path.name and "/" not in path.name and "(" not in path.name
        page = path.read_text(encoding="utf-8")
        # The parameter went in as a value: the report is about exactly that name.
        title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
        assert title is not None and title.group(1).startswith(f"Follow-up report: {name},")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Alex Rivera", "Alex_Rivera"),
        (TRAVERSAL, "etc_passwd"),
        ("a/b\\c", "a_b_c"),
        ("José Núñez", "Jose_Nunez"),
        ("Björn Sørensen", "Bjorn_Sorensen"),  # was Bjorn_Srensen: ø has no decomposition
        ("Łukasz Weiß", "Lukasz_Weiss"),
    ],
)
def test_safe_stem(name: str, expected: str) -> None:
    assert safe_stem(name) == expected


@pytest.mark.parametrize(
    "name", ["CON", "con", "nul.txt", "COM1", "LPT9", "..", ".", "", "\x00\x1f", "///", "😀"]
)
def test_safe_stem_refuses_reserved_and_empty_names(name: str) -> None:
    stem = safe_stem(name)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", stem), stem
    assert stem.split(".")[0].lower() not in {"con", "nul", "com1", "lpt9", ""}
    assert safe_stem(name) == stem  # stable


def test_safe_stem_keeps_long_and_similar_names_apart() -> None:
    long_a, long_b = "x" * 200 + "a", "x" * 200 + "b"
    assert safe_stem(long_a) != safe_stem(long_b)
    assert len(safe_stem(long_a)) <= 100


# -- the HTML ----------------------------------------------------------------------------------


def _pages(cohort: tuple[Path, pd.DataFrame]) -> dict[str, str]:
    _, table = cohort
    return {
        str(row.candidate): Path(str(row.path)).read_text(encoding="utf-8")
        for row in table.itertuples()
    }


def test_html_loads_nothing_from_outside(cohort: tuple[Path, pd.DataFrame]) -> None:
    for name, page in _pages(cohort).items():
        assert _outside_links(page) == [], name
        assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE), name
        assert not re.search(r"<link[^>]*\bhref\s*=", page, re.IGNORECASE), name
        assert "require.min.js" not in page and "cdnjs.cloudflare.com" not in page, name
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", page), name  # CSS too
        assert "plotly-graph-div" in page, name  # the charts are there, plotly.js inside


def test_html_shows_no_code(cohort: tuple[Path, pd.DataFrame]) -> None:
    for name, page in _pages(cohort).items():
        for code in ("views.setup()", "from followup_stats", "log_path =", "etiquette_score("):
            assert code not in page, (name, code)
        assert "(notebook)" not in page, name  # notebook-only cells are left out


def test_log_text_is_escaped_everywhere(cohort: tuple[Path, pd.DataFrame]) -> None:
    pages = _pages(cohort)
    for name, page in pages.items():
        assert XSS not in page, name
        assert "<script>alert" not in page, name
        assert page.count("alert(1)") == page.count(XSS_ESCAPED), name
    dana = pages["Dana Real"]
    # A table cell, as text (a cell of a table with prose carries its role and column name).
    assert re.search(rf"<td( [^<>]*)?>{re.escape(XSS_ESCAPED)}&lt;/script&gt;</td>", dana)
    figures = re.findall(r"Plotly\.newPlot\((.*?)\)\s*};?\s*</script>", dana, re.DOTALL)
    assert figures and any(XSS_ESCAPED in figure for figure in figures)  # plotly labels
    assert XSS_ESCAPED in pages["(coach review)"]


def test_report_content(cohort: tuple[Path, pd.DataFrame]) -> None:
    page = _pages(cohort)["Dana Real"]
    for heading in ("Funnel", "Timeline", "Etiquette", "Response times", "Next actions"):
        assert f">{heading}<" in page, heading
    assert "Did patience pay off?" in page
    assert "FU005" in page and "early-follow-up" in page  # grouped by code with its reason
    assert "Why it matters" in page
    assert "Etiquette score" in page
    assert "All of Dana Real's rows were loaded." in page
    coach = _pages(cohort)["(coach review)"]
    assert "Who needs attention" in coach and "Side by side" in coach
    assert "recent error" in coach  # FU005 on 2026-10-28, two days before the as-of date
    assert "Every row of the log was loaded." in coach


def test_the_coach_review_details_who_needs_attention_right_after_the_overview(
    cohort: tuple[Path, pd.DataFrame],
) -> None:
    """The reasons for attention, each error and step due, were the review's last section,
    after the side-by-side table, the findings and the patience analysis: a coach reading
    from the top met the overview of who needs attention and its details five sections
    apart. They follow it now, under a heading of their own."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_pages(cohort)["(coach review)"], "html.parser")
    headings = [h.get_text().rstrip("¶").strip() for h in soup.select("h2, h3")]
    start = headings.index("Who needs attention")
    assert headings[start + 1 : start + 3] == ["Attention details", "Side by side"]
    captions = [c.get_text() for c in soup.select("caption")]
    start = captions.index("Who needs attention")
    assert captions[start + 1] == "Reasons for attention"


def test_the_coach_review_speaks_of_the_candidate_not_to_them(
    cohort: tuple[Path, pd.DataFrame],
) -> None:
    """The coach's reasons for attention quoted todo's lines to the job seeker ("no reply
    to your follow-up on 28 Oct 2026; one final note asking whether you are still being
    considered ..."), read by a coach about a client. They speak of the candidate now; the
    candidate's own report still speaks to them."""
    from bs4 import BeautifulSoup

    pages = _pages(cohort)
    soup: Any = BeautifulSoup(pages["(coach review)"], "html.parser")
    (table,) = [t for t in soup("table") if t.caption.get_text() == "Reasons for attention"]
    details = {
        (row("td")[0].get_text(), row("td")[1].get_text()): row("td")[4].get_text()
        for row in table.tbody("tr")
    }
    assert details[("Dana Real", "Step due: send a final note")] == (
        "no reply to the follow-up on 28 Oct 2026; one final note asking whether the "
        "candidate is still being considered is allowed from 3 Nov 2026"
    )
    assert not [d for d in details.values() if re.search(r"\byou(r)?\b", d, re.IGNORECASE)]
    own = BeautifulSoup(pages["Dana Real"], "html.parser").get_text()
    assert (
        "no reply to your follow-up on 28 Oct 2026; one final note asking whether you are "
        "still being considered is allowed from 3 Nov 2026"
    ) in own


def test_report_says_which_rows_check_did_not_load(tmp_path: Path) -> None:
    """One candidate; a row with a blank candidate cell and an unknown event is not loaded
    (check names it after the file, ``log``): the report counts it and says why it matters."""
    rows = _events("Dana Real", "Acme", "Analyst", "Pat", "")
    rows.insert(2, {**rows[1], "candidate": "", "event": "turned down"})
    log = _write_log(tmp_path / "log.csv", rows)
    result = render_report(log, tmp_path / "out", as_of=AS_OF)
    page = Path(result.html_path).read_text(encoding="utf-8")
    assert "1 row of the log was not loaded, so this report does not count it" in page
    assert "<code>followup-stats check</code>" in page
    assert "missing from the rates, the waits, the etiquette score" in page
    assert "DQ002" in page and "turned down" in page  # the finding, as check has it


# -- anonymize ---------------------------------------------------------------------------------


def test_anonymized_report_names_nobody(anonymized: tuple[Path, set[str]]) -> None:
    out, secrets = anonymized
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [f"Candidate_A_{AS_OF}.html", f"Candidate_A_{AS_OF}.ipynb"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        found = [s for s in secrets if s.lower() in text.lower()]
        assert not found, (path.name, found)
    page = files[0].read_text(encoding="utf-8")
    assert "Candidate A" in page and "Company 1" in page and "pseudonyms" in page
    nb = nbformat.read(files[1], as_version=4)
    params = nb.metadata["papermill"]["parameters"]
    assert params["candidate"] == "Candidate A" and params["anonymize"] is True
    assert not any(s in json.dumps(nb.metadata) for s in secrets)


# -- failures ----------------------------------------------------------------------------------


def _failing_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    parameters = nbformat.v4.new_code_cell(
        'log_path = ""\nas_of = ""\ncandidate = None\nconfig_path = None\nanonymize = False'
    )
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        parameters,
        nbformat.v4.new_code_cell(
            'if candidate == "Bad":\n    raise ValueError("no report for\\nthis one")'
        ),
    ]
    nbformat.write(nb, path)
    return path


def _good_and_bad(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A log of "Good" and "Bad", whose candidate notebook fails for "Bad"."""
    notebook = _failing_notebook(tmp_path / "failing.ipynb")
    monkeypatch.setattr(report, "CANDIDATE_NOTEBOOK", str(notebook))
    rows = _events("Good", "Acme", "Analyst", "Pat", "") + _events("Bad", "Acme", "Analyst", "", "")
    return _write_log(tmp_path / "two.csv", rows)


def test_failing_candidate_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _good_and_bad(tmp_path, monkeypatch)
    out = tmp_path / "out"
    table = render_all(log, out, jobs=2, as_of=AS_OF, progress=False)
    status = dict(zip(table["candidate"], table["status"], strict=True))
    assert status == {"Good": "ok", "Bad": "failed", "(coach review)": "ok"}
    error = str(table.loc[table["candidate"].eq("Bad"), "error"].iloc[0])
    assert "\n" not in error
    assert "failed at cell" in error and "ValueError: no report for this one" in error
    kept = out / f"Bad_{AS_OF}.ipynb"
    assert kept.exists() and str(kept) in error  # kept next to the output for debugging
    assert "failed" in report.summary_text(table)


def test_report_all_exit_code_and_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["report-all", str(tmp_path / "missing"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file or folder" in err
    rows = _events("One", "Acme", "Analyst", "", "") + _events("Two", "Beta", "Analyst", "", "")
    log = _write_log(tmp_path / "two.csv", rows)
    assert cli.main(["report", str(log), "--out", str(tmp_path / "r"), "--as-of", AS_OF]) == 2
    err = capsys.readouterr().err
    assert "2 candidates" in err and "--candidate" in err and "Traceback" not in err
    assert not (tmp_path / "r").exists()


def test_pdf_without_chromium_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ReportError, match="apt-get install chromium"):
        render_report("unused.csv", "unused", pdf=True)


# -- a real browser ----------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="chromium is not on the PATH"
)


@needs_chromium
def test_charts_render_offline_in_chromium(
    cohort: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    _, table = cohort
    page_path = Path(str(table.loc[table["candidate"].eq("Dana Real"), "path"].iloc[0]))
    command = report.chromium_command(
        page_path.resolve().as_uri(),
        tmp_path / "profile",
        "--virtual-time-budget=15000",
        "--run-all-compositor-stages-before-draw",
        "--dump-dom",
    )
    assert "--disable-background-networking" in command and "--no-sandbox" in command
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    charts = page_path.read_text(encoding="utf-8").count('class="plotly-graph-div"')
    rendered = len(re.findall(r'class="[^"]*\bjs-plotly-plot\b', dom))
    assert charts > 0 and rendered == charts
    assert dom.count('class="plot-container') >= charts
    assert "<script>alert(1)" not in dom  # the hostile company stayed text after scripts ran


@needs_chromium
def test_pdf_is_printed(cohort: tuple[Path, pd.DataFrame], tmp_path: Path) -> None:
    _, table = cohort
    page_path = Path(str(table.loc[table["candidate"].eq("Dana Real"), "path"].iloc[0]))
    pdf = report.print_pdf(page_path, tmp_path / "report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    assert [p.name for p in tmp_path.iterdir() if p.name != "report.pdf"] == []


#: Run in a report shown in a frame of a given width, once its figures are drawn: every
#: figure's box, each of its texts that leaves the figure or the screen, and what is wider
#: than the screen; posted to the page around the frame as JSON.
_MEASURE = """<script>
// A frame given another width: headless Chromium under virtual time says nothing of it.
window.addEventListener("message", function (event) {
  if (event.data === "resized") { window.dispatchEvent(new Event("resize")); }
});
window.addEventListener("load", function () { setTimeout(function () {
  try { parent.postMessage(JSON.stringify(measure()), "*"); }
  catch (error) { parent.postMessage(JSON.stringify({error: String(error)}), "*"); }
}, 1000); });
function meets(a, b) {
  return a.width && b.width && a.left < b.right - 1 && b.left < a.right - 1
    && a.top < b.bottom - 1 && b.top < a.bottom - 1;
}
// Texts hidden under something else: the legend or plotly's toolbar over the title, a
// title over another, a dot over a label.
function covered(figure) {
  var out = [], title = figure.querySelector(".g-gtitle"), legend = figure.querySelector(
    "g.legend .bg"), toolbar = figure.querySelector(".modebar");
  if (title && legend && meets(title.getBoundingClientRect(), legend.getBoundingClientRect())) {
    out.push("legend over the title");
  }
  if (title && toolbar && meets(title.getBoundingClientRect(), toolbar.getBoundingClientRect())) {
    out.push("toolbar over the title");
  }
  var notes = Array.prototype.slice.call(figure.querySelectorAll("g.annotation-text-g text"));
  notes.forEach(function (one, i) {  // a panel's title into the next one's
    notes.slice(i + 1).forEach(function (other) {
      if (meets(one.getBoundingClientRect(), other.getBoundingClientRect())) {
        out.push(one.textContent + " over " + other.textContent);
      }
    });
  });
  var dots = Array.prototype.map.call(figure.querySelectorAll(".scatterlayer path.point"),
    function (dot) { return dot.getBoundingClientRect(); });
  figure.querySelectorAll("g.annotation-text-g text, g.ytick text").forEach(function (text) {
    text.querySelectorAll("tspan.line").forEach(function (line) {
      var r = line.getBoundingClientRect();
      if (dots.some(function (dot) { return meets(r, dot); })) { out.push(line.textContent); }
    });
  });
  return out;
}
// Whether an element is wholly in sight: in the clip rectangle of the plot or legend it is
// in (both ways), in the box of its drawing (the page style narrows a drawing wider than
// its box, and shortens it as much), in its figure's box and on the screen. A line of text
// may leave by a quarter of its height, above its letters and under them.
function inSight(element) {
  var r = element.getBoundingClientRect(), svg = element.closest("svg.main-svg");
  var lines = element.tagName === "text" ? element.querySelectorAll("tspan.line").length : 0;
  var slack = element.tagName === "text" ? r.height / Math.max(lines, 1) / 4 : 0;
  var figure = element.closest("div.plotly-graph-div").getBoundingClientRect();
  var drawing = svg.getBoundingClientRect();
  var sight = {left: Math.max(drawing.left, figure.left, 0),
               right: Math.min(drawing.right, figure.right, window.innerWidth),
               top: Math.max(drawing.top, figure.top),
               bottom: Math.min(drawing.bottom, figure.bottom)};
  var clip = element.closest("[clip-path]"), id = clip && /#([^'")]+)/.exec(
    clip.getAttribute("clip-path")), rect = id && document.getElementById(id[1]);
  if (rect && rect.firstElementChild) {  // the clip's rectangle, in the clipped's units
    var m = clip.getScreenCTM(), b = rect.firstElementChild.getBBox();
    sight.left = Math.max(sight.left, m.e + b.x * m.a);
    sight.right = Math.min(sight.right, m.e + (b.x + b.width) * m.a);
    sight.top = Math.max(sight.top, m.f + b.y * m.d);
    sight.bottom = Math.min(sight.bottom, m.f + (b.y + b.height) * m.d);
  }
  return r.left >= sight.left - 1 && r.right <= sight.right + 1
    && r.top + slack >= sight.top - 1 && r.bottom - slack <= sight.bottom + 1;
}
function measure() {
  var out = {width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
             figures: [], wide: []};
  document.querySelectorAll("div.plotly-graph-div").forEach(function (figure) {
    var box = figure.querySelector("svg.main-svg").getBoundingClientRect(), cut = [];
    figure.querySelectorAll("svg text").forEach(function (text) {
      var r = text.getBoundingClientRect();
      if (!text.textContent.trim() || !r.width) { return; }
      // Clipped at the box of the plot or the legend it is in, or at the figure's.
      var clip = text.closest("[clip-path]"), id = clip && /#([^'")]+)/.exec(
        clip.getAttribute("clip-path")), rect = id && document.getElementById(id[1]);
      var within = box;
      if (rect && rect.firstElementChild) {  // the clip's rectangle, in the clipped's units
        var m = clip.getScreenCTM(), b = rect.firstElementChild.getBBox();
        within = {left: m.e + b.x * m.a, right: m.e + (b.x + b.width) * m.a};
      }
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.left < 0
          || r.right > window.innerWidth + 1 || r.left < within.left - 1
          || r.right > within.right + 1) {
        cut.push(text.textContent);
      }
    });
    // Texts not wholly in sight (cut at the bottom of a plot, say), and each funnel step's
    // label, and whether it and the step's bar are wholly in sight.
    var hidden = [], steps = [];
    figure.querySelectorAll("svg text").forEach(function (text) {
      if (text.textContent.trim() && text.getBoundingClientRect().width && !inSight(text)) {
        hidden.push(text.textContent);
      }
    });
    figure.querySelectorAll(".funnellayer g.point").forEach(function (point) {
      var bar = point.querySelector("path"), label = point.querySelector("text");
      steps.push([label && label.textContent, inSight(bar), Boolean(label) && inSight(label)]);
    });
    // The bars' labels drawn, with the pixels of their height (plotly shrinks a label
    // inside a bar to fit it).
    var labels = [];
    figure.querySelectorAll(".funnellayer text, .barlayer text").forEach(function (text) {
      var r = text.getBoundingClientRect();
      if (r.width) { labels.push([text.textContent, r.height]); }
    });
    // The legend's rows (its entries' tops) and names.
    var entries = Array.prototype.slice.call(figure.querySelectorAll("g.legend g.traces"));
    var rows = {};
    entries.forEach(function (entry) { rows[Math.round(entry.getBoundingClientRect().top)] = 1; });
    var toolbar = figure.querySelector(".modebar"), legend = figure.querySelector("g.legend .bg");
    out.figures.push({title: figure.getAttribute("aria-label"), right: box.right, cut: cut,
                      hidden: hidden, steps: steps,
                      narrow: Boolean(figure.followupWide), covered: covered(figure),
                      legend: (figure._fullLayout.legend || {}).orientation,
                      height: figure._fullLayout.height, top: figure._fullLayout._size.t,
                      labels: labels, legendRows: Object.keys(rows).length,
                      legendNames: entries.map(function (e) { return e.textContent; }),
                      legendHeight: legend ? legend.getBoundingClientRect().height : 0,
                      toolbar: Boolean(toolbar && toolbar.getBoundingClientRect().width)});
  });
  document.querySelectorAll("main *").forEach(function (element) {
    var r = element.getBoundingClientRect();
    if (r.width && r.right > window.innerWidth + 1 && !element.closest("table")) {
      out.wide.push(element.tagName + "." + element.getAttribute("class"));
    }
  });
  return out;
}
</script>"""


#: Plotly's texts in DejaVu Sans, which has Verdana's wide letters (plotly asks for Verdana
#: before Arial: iPhones and desktops have it, this machine has Arial's metrics). In the
#: page's head, so that plotly measures its texts in it too.
_WIDE_FONT = '<style>svg text { font-family: "DejaVu Sans" !important; }</style>'


def _has_wide_font() -> bool:
    fonts = shutil.which("fc-list")
    if fonts is None:
        return False
    listed = subprocess.run([fonts, "DejaVu Sans"], capture_output=True, text=True, check=False)
    return "DejaVu Sans" in listed.stdout


def _measure(
    page_path: Path,
    width: int,
    folder: Path,
    head: str = "",
    then: int | None = None,
    told: bool = True,
) -> dict[str, Any]:
    """``_MEASURE`` of a report shown in a frame ``width`` CSS pixels wide (a phone's screen:
    headless Chromium's window is at least 500 pixels wide), with ``head`` in its head; with
    ``then``, the frame takes that width a second after the report was drawn (a phone
    turned, a window resized), and the report is measured two seconds later; not ``told``,
    the report hears nothing of it (as when a page is printed, or a screenshot taken)."""
    folder.mkdir()
    measure = _MEASURE if then is None else _MEASURE.replace("}, 1000); });", "}, 3000); });")
    page = page_path.read_text(encoding="utf-8").replace("</body>", measure + "</body>")
    page = page.replace("</head>", head + "</head>", 1)
    (folder / "report.html").write_text(page, encoding="utf-8")
    return _framed(folder / "report.html", width, folder, then, told)


def _framed(
    page: Path, width: int, folder: Path, then: int | None = None, told: bool = True
) -> dict[str, Any]:
    """What ``page`` posts to the page around it (JSON), shown in a frame ``width`` CSS
    pixels wide in headless Chromium; with ``then``, the frame takes that width a second
    after ``page`` loaded, and if ``told``, tells ``page`` it was resized."""
    host = folder / "host.html"
    tell = "frame.contentWindow.postMessage('resized', '*');" if told else ""
    turn = (
        ""
        if then is None
        else "document.querySelector('iframe').addEventListener('load', function () {"
        "setTimeout(function () { var frame = document.querySelector('iframe');"
        f"frame.style.width = '{then}px'; {tell} }}"
        ", 1000); });"
    )
    host.write_text(
        f'<iframe src="{page.name}" style="border:0;width:{width}px;height:800px"></iframe>'
        f"<script>{turn}window.addEventListener('message', function (event) {{"
        "var out = document.createElement('pre'); out.id = 'measured';"
        "out.textContent = event.data; document.body.appendChild(out); });</script>",
        encoding="utf-8",
    )
    return _measured_in_chromium(
        host,
        folder / "profile",
        "--window-size=800,800",
        "--hide-scrollbars",  # as on a phone: the page's width is the screen's
        "--virtual-time-budget=15000",
        "--run-all-compositor-stages-before-draw",
    )


def _measured_in_chromium(page: Path, profile: Path, *flags: str) -> dict[str, Any]:
    """What ``page`` wrote into its ``<pre id="measured">`` (JSON), shown in headless
    Chromium with ``flags``."""
    command = report.chromium_command(page.resolve().as_uri(), profile, *flags, "--dump-dom")
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    found = re.search(r'<pre id="measured">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found is not None, done.stderr[-2000:]
    measured: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return measured


def _report_paths(cohort: tuple[Path, pd.DataFrame]) -> list[Path]:
    """The candidate report with the hostile company (long labels), and the coach review."""
    _, table = cohort
    wanted = table["candidate"].isin(["Dana Real", report.COACH_LABEL])
    return [Path(str(p)) for p in table.loc[wanted.to_numpy(bool), "path"]]


@needs_chromium
@pytest.mark.parametrize("width", [320, 360, 390])
@pytest.mark.parametrize("font", ["", _WIDE_FONT], ids=["arial", "verdana"])
def test_figures_fit_a_phone_screen(
    cohort: tuple[Path, pd.DataFrame], tmp_path: Path, width: int, font: str
) -> None:
    """Every text of every figure whole and on the screen, none under another.

    Before: the funnel's labels beside its thin bars were cut at the chart's edge at every
    phone width; in Verdana's widths at 320 px, the patience figure's legend and panel
    titles, the timeline's "Employer response" and the survival figure's panel titles ran
    past the screen's or the legend's edge (and the survival figure's titles into one
    another); plotly's toolbar sat over the end of every figure's title."""
    if font and not _has_wide_font():
        pytest.skip("DejaVu Sans is not installed")
    problems = {}
    for number, page_path in enumerate(_report_paths(cohort)):
        measured = _measure(page_path, width, tmp_path / str(number), font)
        assert measured["width"] == width
        assert measured["scrollWidth"] <= width, page_path.name  # no sideways scrolling
        assert measured["wide"] == [], page_path.name
        titles = [f["title"] for f in measured["figures"]]
        assert "Chart: Did patience pay off?" in titles, page_path.name
        for figure in measured["figures"]:
            assert figure["right"] <= width, figure["title"]
            assert figure["narrow"], figure["title"]
            assert not figure["toolbar"], figure["title"]  # nothing hovers on a phone
            # Every label whole, on the screen; no dot over a label, no legend over the title.
            if figure["cut"] or figure["covered"] or figure["hidden"]:
                problems[figure["title"]] = figure["cut"] + figure["covered"] + figure["hidden"]
        if "Chart: Timeline of each application" in titles:
            timeline = measured["figures"][titles.index("Chart: Timeline of each application")]
            assert timeline["legend"] == "h"  # above the chart, not beside it
    assert problems == {}


@needs_chromium
@pytest.mark.parametrize("width", [320, 390])
def test_figures_drawn_for_a_wider_screen_shrink_whole(
    cohort: tuple[Path, pd.DataFrame], tmp_path: Path, width: int
) -> None:
    """Drawn at 500 pixels and shown at ``width`` with no script run since (a screenshot in
    headless Chromium, whose window is 500 pixels wide at least; a page printed from a
    wider window): the page style narrowed each drawing to its box and shortened it as
    much, which cut off the bottom of every chart (the timeline's last lines, the funnel's
    last steps), and the survival and patience figures, of a width given, ran past the
    screen's edge. Each figure shrinks whole."""
    problems = {}
    for number, page_path in enumerate(_report_paths(cohort)):
        measured = _measure(page_path, 500, tmp_path / str(number), then=width, told=False)
        assert measured["width"] == width
        assert len(measured["figures"]) >= 2, page_path.name
        for figure in measured["figures"]:
            if figure["right"] > width or figure["hidden"] or figure["cut"]:
                problems[number, figure["title"]] = [figure["right"], *figure["hidden"]]
    assert problems == {}


@needs_chromium
@pytest.mark.parametrize("width", [390, 1200])
def test_a_table_cell_without_spaces_wraps_instead_of_widening_the_page(
    tmp_path: Path, width: int
) -> None:
    """A 300-character company with no space pushed the findings table's other columns
    off the screen, even at 1200 pixels: a cell's text may break anywhere."""
    from followup_stats import report_views as views

    company = "Acme" * 75
    table = views.table_html(pd.DataFrame({"Application": [company], "Finding": ["FU005"]}))
    page = (
        "<html><body><main><div class='jp-RenderedHTMLCommon'>"
        f"{table.data}</div></main></body></html>"
    )
    (tmp_path / "table.html").write_text(page, encoding="utf-8")
    measured = _measure(tmp_path / "table.html", width, tmp_path / "measured")
    assert measured["scrollWidth"] <= width  # no sideways scrolling


#: Run in a page of tables: the words of table cells that a line break cuts in two (a word
#: whose letters lie on more than one line; a break after a hyphen, as in "p-|value", is
#: a break between words), the page's width, and for each table's box whether it scrolls,
#: its tab stop and its name; in the page as JSON, or posted to the page around its frame.
_BROKEN_WORDS = """<script>
window.addEventListener("load", function () {
  var broken = [], cells = document.querySelectorAll("th, td");
  cells.forEach(function (cell) {
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), node;
    while ((node = walker.nextNode())) {
      var pattern = /[^\\s-]+/g, found;
      while ((found = pattern.exec(node.data))) {
        var range = document.createRange();
        range.setStart(node, found.index);
        range.setEnd(node, found.index + found[0].length);
        var tops = new Set(Array.prototype.map.call(range.getClientRects(),
          function (r) { return Math.round(r.top); }));
        if (tops.size > 1) { broken.push(found[0]); }
      }
    }
  });
  var boxes = Array.prototype.map.call(document.querySelectorAll(".followup-table-box"),
    function (box) {
      return {scrolls: box.scrollWidth > box.clientWidth + 1, right:
        box.getBoundingClientRect().right, tabindex: box.getAttribute("tabindex"),
        name: box.getAttribute("aria-label"), caption: box.querySelector("caption")
          ? box.querySelector("caption").textContent : null,
        columns: Array.prototype.map.call(box.querySelectorAll("tbody tr:first-child > *"),
          function (cell) { return cell.getBoundingClientRect().width; })};
    });
  var measured = JSON.stringify({broken: broken, boxes: boxes,
    scrollWidth: document.documentElement.scrollWidth});
  if (window.parent !== window) { parent.postMessage(measured, "*"); return; }
  var out = document.createElement("pre");
  out.id = "measured";
  out.textContent = measured;
  document.body.appendChild(out);
});
</script>"""


@needs_chromium
@pytest.mark.parametrize("width", [320, 390, 800, 1280])
def test_table_words_stay_whole_and_a_wide_table_scrolls_in_its_box(
    tmp_path: Path, width: int
) -> None:
    """At 1280 pixels the patience tables read "Outc|ome", "Prog|ress|ed", "p-val|ue" and
    the findings tables "Applica|tion", "Lin|e": the long Note or Finding column squeezed
    the others to a few letters, since any cell could break anywhere. Below 768 pixels
    they still did; on a phone a table too wide for the screen with its words whole (the
    coach's of ten columns) scrolls in its own box, which a keyboard can reach, and the
    page stays the screen's width. A column of prose in a table that scrolls keeps some
    width: the patience table's Note was a word wide (97 pixels at 320), a line a word."""
    from followup_stats import report_views as views
    from followup_stats import stats
    from followup_stats.actions import next_actions
    from followup_stats.checker import check, etiquette_score
    from followup_stats.load import load_log
    from followup_stats.stats.patience import patience

    log = load_log("data/sample_log.csv", as_of=AS_OF)
    tables = [views.patience_table(patience(log)), views.diagnostics_by_code(check(log))]
    cohort = load_log("data/sample_cohort.csv", as_of=AS_OF)
    findings = check(cohort)
    overview = views.cohort_overview(
        etiquette_score(cohort, diagnostics=findings),
        stats.outcome_rates(cohort, by="candidate"),
        stats.response_times(cohort, by="candidate"),
        findings,
        views.needs_attention(findings, next_actions(cohort), cohort.as_of),
    )
    tables.append(views.cohort_table(overview))
    long_company = views.table_html(pd.DataFrame({"Company": ["Acme" * 75], "Line": [3]}))
    body = "".join(str(t.data) for t in [*tables, long_company])
    page = tmp_path / "tables.html"
    page.write_text(
        f"<html><body><main><div class='jp-RenderedHTMLCommon'>{body}</div></main>"
        f"<script>{report.report_js()}</script>{_BROKEN_WORDS}</body></html>",
        encoding="utf-8",
    )
    if width < 500:  # headless Chromium's window is at least 500 pixels wide: a frame
        measured = _framed(page, width, tmp_path)
    else:
        measured = _measured_in_chromium(
            page,
            tmp_path / "profile",
            f"--window-size={width},800",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
        )
    assert measured["scrollWidth"] <= width  # no sideways scrolling of the page
    # The 300-letter company wraps at its break points (<wbr>), between the words counted.
    assert measured["broken"] == []
    boxes = {box["caption"]: box for box in measured["boxes"]}
    assert all(box["right"] <= width for box in boxes.values())
    # The coach's table scrolls on a phone, in its box; a box is a tab stop when it scrolls.
    assert boxes["Candidates side by side"]["scrolls"] == (width < 500)
    if width < 500:
        assert max(boxes["Outcome by follow-up behaviour"]["columns"]) >= 150
    for box in boxes.values():
        assert box["tabindex"] == ("0" if box["scrolls"] else None)
        assert box["name"] == (box["caption"] if box["scrolls"] else None)


def _figure_page(figure: Any, path: Path) -> Path:
    """``figure`` alone in a page with the report's script, as a report shows it."""
    page = figure.to_html(include_plotlyjs=True, full_html=True, config={"responsive": True})
    page = page.replace("</head>", f"<style>{report.REPORT_CSS}</style></head>", 1)
    page = page.replace("<body>", "<body><main>").replace(
        "</body>", f"</main><script>{report.report_js()}</script></body>"
    )
    path.write_text(page, encoding="utf-8")
    return path


@needs_chromium
def test_a_patience_figure_of_many_groups_fits_a_phone_screen(tmp_path: Path) -> None:
    """Eight groups: a column of panels each, 3020 pixels wide; on a phone, one column."""
    from followup_stats import plots
    from followup_stats.stats.patience import patience

    table = patience("data/sample_cohort.csv", as_of=AS_OF, by="candidate")
    page = _figure_page(plots.patience_figure(table), tmp_path / "figure.html")
    measured = _measure(page, 390, tmp_path / "measured")
    assert measured["scrollWidth"] <= 390  # no sideways scrolling
    assert measured["wide"] == []
    (shown,) = measured["figures"]
    assert shown["narrow"] and shown["right"] <= 390 and shown["cut"] == []


#: Run in a page of one figure once it is drawn: the left edge of each legend's box and of
#: the first two columns' charts (their x axes), relative to the figure, in the page as JSON.
_LEGEND_PLACES = """<script>
window.addEventListener("load", function () { setTimeout(function () {
  var figure = document.querySelector("div.plotly-graph-div"), legends = {};
  var left = figure.getBoundingClientRect().left, full = figure._fullLayout;
  figure.querySelectorAll("g.infolayer > g").forEach(function (legend) {
    var name = legend.getAttribute("class"), box = legend.querySelector("rect.bg");
    if (/^legend\\d*$/.test(name) && box) {
      legends[name] = box.getBoundingClientRect().left - left;
    }
  });
  var out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify({legends: legends,
    charts: [full.xaxis._offset, full.xaxis2 ? full.xaxis2._offset : null]});
  document.body.appendChild(out);
}, 1000); });
</script>"""


@needs_chromium
def test_the_second_patience_legend_of_a_row_sits_under_its_column_as_the_first(
    tmp_path: Path,
) -> None:
    """The coach review of the sample cohort's eight clients: a figure of fixed width, a
    column of panels a client. The first legend of each row starts at the first column's
    charts' left edge; the second started 480 pixels right of the first, 97 pixels into
    the second column, and starts at its left edge now."""
    from followup_stats import plots
    from followup_stats.stats.patience import patience

    table = patience("data/sample_cohort.csv", as_of=AS_OF, by="candidate")
    page = _figure_page(plots.patience_figure(table), tmp_path / "figure.html")
    page.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _LEGEND_PLACES + "</body>"),
        encoding="utf-8",
    )
    measured = _measured_in_chromium(
        page, tmp_path / "profile", "--window-size=1200,800", "--virtual-time-budget=8000"
    )
    legends, (first_chart, second_chart) = measured["legends"], measured["charts"]
    assert len(legends) == 6  # three rows of two
    for number in (1, 3, 5):
        first = legends["legend" if number == 1 else f"legend{number}"]
        second = legends[f"legend{number + 1}"]
        assert abs((second - second_chart) - (first - first_chart)) <= 1, number


@needs_chromium
@pytest.mark.parametrize("width", [320, 360, 390])
@pytest.mark.parametrize("font", ["", _WIDE_FONT], ids=["arial", "verdana"])
def test_the_funnel_labels_stay_readable_on_a_phone(tmp_path: Path, width: int, font: str) -> None:
    """The sample log's funnel: plotly shrank "44 (63% of previous)" into its bar, 4 pixels
    high at 320 px; a label that does not fit in its bar is written beside it."""
    from followup_stats import plots, stats

    if font and not _has_wide_font():
        pytest.skip("DejaVu Sans is not installed")
    funnel = stats.funnel("data/sample_log.csv", as_of=AS_OF)
    page = _figure_page(plots.funnel_figure(funnel), tmp_path / "figure.html")
    measured = _measure(page, width, tmp_path / "measured", font)
    (shown,) = measured["figures"]
    assert shown["narrow"] and shown["cut"] == [] and shown["covered"] == []
    assert [text for text, _ in shown["labels"]][1] == "44 (63% of previous)"
    assert len(shown["labels"]) == len(funnel)  # every step's label drawn
    assert min(height for _, height in shown["labels"]) >= 11  # as tall as 11-pixel text


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make report``: the sample log's report, as of the day the sample logs end."""
    folder = tmp_path_factory.mktemp("sample")
    return render_report("data/sample_log.csv", folder, as_of=AS_OF).html_path


@needs_chromium
@pytest.mark.parametrize(
    ("width", "drawn"),
    [(320, None), (390, None), (1280, None), (320, 500), (390, 500)],
    ids=["320", "390", "1280", "320-drawn-at-500", "390-drawn-at-500"],
)
def test_every_funnel_step_is_in_sight(
    sample_report: Path, tmp_path: Path, width: int, drawn: int | None
) -> None:
    """The sample report's funnel, drawn at 500 pixels (headless Chromium's narrowest
    window) and shown at 320 with no script run since (a screenshot at 320 pixels; a page
    printed from a wider window is the same): the page style's ``svg { max-width: 100%;
    height: auto }`` narrowed the drawing to its box and shortened it as much, so that
    only Applied, Got an answer and Interviewed were in sight (at 390 pixels Accepted was
    cut in half), under them an empty box. Each step's bar and label are in the plot's
    clip rectangle, in the drawing's box and on the screen."""
    if drawn is None:
        measured = _measure(sample_report, width, tmp_path / "measured")
    else:
        measured = _measure(sample_report, drawn, tmp_path / "measured", then=width, told=False)
    assert measured["width"] == width
    (funnel,) = [f for f in measured["figures"] if f["title"] == "Chart: From application to offer"]
    assert [label for label, _, _ in funnel["steps"]] == [
        "70",
        "44 (63% of previous)",
        "7 (16% of previous)",
        "2 (29% of previous)",
        "0 (0% of previous)",
    ]
    assert [(bar, label) for _, bar, label in funnel["steps"]] == [(True, True)] * 5
    assert funnel["hidden"] == []


#: Run in a report shown in a frame: for each table whose caption matches ``%(captions)s``
#: (a regular expression), its box's edges and whether it scrolls, the table's display,
#: whether its header row is in the page but out of sight, and each body row's display and
#: cells (edges, whether prose, column name shown before it); posted as JSON.
_CARDS_MEASURE = """<script>
window.addEventListener("load", function () { setTimeout(function () {
  var wanted = new RegExp(%(captions)s), tables = [];
  document.querySelectorAll(".followup-table-box").forEach(function (box) {
    var table = box.querySelector("table"), caption = table.querySelector("caption");
    if (!caption || !wanted.test(caption.textContent)) { return; }
    var b = box.getBoundingClientRect(), head = table.querySelector("thead");
    var headBox = head.getBoundingClientRect();
    tables.push({caption: caption.textContent, left: b.left, right: b.right,
      scrolls: box.scrollWidth > box.clientWidth + 1,
      display: getComputedStyle(table).display,
      captionAbove: caption.getBoundingClientRect().bottom
        <= table.querySelector("tbody").getBoundingClientRect().top + 1,
      headers: Array.prototype.map.call(head.querySelectorAll("th"),
        function (th) { return th.textContent; }),
      headHidden: getComputedStyle(head).display !== "none"
        && headBox.width <= 1 && headBox.height <= 1,
      rows: Array.prototype.map.call(table.querySelectorAll("tbody > tr"), function (row) {
        var r = row.getBoundingClientRect();
        return {display: getComputedStyle(row).display, top: r.top, bottom: r.bottom,
          border: parseFloat(getComputedStyle(row).borderTopWidth),
          cells: Array.prototype.map.call(row.children, function (cell) {
            var c = cell.getBoundingClientRect();
            return {left: c.left, right: c.right, top: c.top, height: c.height,
              prose: cell.classList.contains("followup-prose"),
              lead: cell.classList.contains("followup-lead"),
              bold: parseInt(getComputedStyle(cell).fontWeight, 10) >= 600,
              text: cell.innerText,
              lines: (function () { var range = document.createRange();
                range.selectNodeContents(cell);
                return new Set(Array.prototype.map.call(range.getClientRects(),
                  function (line) { return Math.round(line.top); })).size; })(),
              clauses: Array.prototype.map.call(cell.querySelectorAll(".followup-clause"),
                function (clause) { return {top: clause.getBoundingClientRect().top,
                  display: getComputedStyle(clause).display}; }),
              label: getComputedStyle(cell, "::before").content};
          })};
      })});
  });
  parent.postMessage(JSON.stringify({width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth, tables: tables}), "*");
}, 1000); });
</script>"""


def _card_tables(page_path: Path, width: int, folder: Path, captions: str) -> dict[str, Any]:
    """``_CARDS_MEASURE`` of the tables of ``page_path`` whose captions match ``captions``,
    the page shown in a frame ``width`` CSS pixels wide."""
    folder.mkdir()
    script = _CARDS_MEASURE % {"captions": json.dumps(captions)}
    page = page_path.read_text(encoding="utf-8").replace("</body>", script + "</body>")
    (folder / "report.html").write_text(page, encoding="utf-8")
    return _framed(folder / "report.html", width, folder)


def _assert_cards(measured: dict[str, Any], width: int) -> None:
    """Each measured table is a list of cards that fits the screen: each row a block
    under a line, each cell within the table's box and the screen on a line of its own,
    its column's name before it, each prose cell the box's width; the caption above, the
    header row out of sight but there for screen readers; nothing scrolls sideways."""
    assert measured["width"] == width and measured["scrollWidth"] <= width
    for table in measured["tables"]:
        name = table["caption"]
        assert table["display"] == "block" and not table["scrolls"], name
        assert table["left"] >= 0 and table["right"] <= width, name
        assert table["captionAbove"] and table["headHidden"], name
        box = table["right"] - table["left"]
        for row in table["rows"]:
            assert row["display"] in ("block", "flex") and row["border"] >= 1, name
            # A line each, in the columns' order but for the lead, which heads the card.
            cells = sorted(row["cells"], key=lambda cell: not cell["lead"])
            tops = [cell["top"] for cell in cells]
            assert tops == sorted(tops) and len(set(tops)) == len(tops), name
            for cell, header in zip(row["cells"], table["headers"], strict=True):
                assert table["left"] - 1 <= cell["left"] and cell["right"] <= table["right"] + 1
                # Chromium gives the text of ``::before``, then its text for screen readers;
                # the lead, in bold, goes without.
                label = "none" if cell["lead"] else f'"{header}: " / ""'
                assert cell["label"] == label, (name, header, cell["label"])
                if cell["prose"]:
                    assert cell["right"] - cell["left"] >= 0.9 * box, (name, header)


@needs_chromium
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_findings_tables_are_cards_on_a_phone(
    sample_report: Path, tmp_path: Path, width: int
) -> None:
    """At 390 pixels the sample report's findings tables (Date, Company, Application,
    Line, Finding) kept the Finding, the column that matters, past x=300: the reader
    scrolled each table's box sideways to read it a few words a line, in rows 150 pixels
    tall. On a phone each finding is a card now, its Finding as wide as the screen; on a
    desktop the table is unchanged."""
    measured = _card_tables(sample_report, width, tmp_path / "measured", r"^Each FU\d+ finding$")
    assert len(measured["tables"]) >= 5
    if width < 500:
        _assert_cards(measured, width)
        return
    for table in measured["tables"]:  # a table, its header row in sight
        assert table["display"] == "table" and not table["headHidden"]
        assert not table["scrolls"] and table["right"] <= width
        for row in table["rows"]:
            assert row["display"] == "table-row"
            tops = {round(cell["top"]) for cell in row["cells"]}
            assert len(tops) == 1  # side by side
            assert all(cell["label"] == "none" for cell in row["cells"])  # no column names


@needs_chromium
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_coachs_reasons_for_attention_are_cards_on_a_phone(
    cohort: tuple[Path, pd.DataFrame], tmp_path: Path, width: int
) -> None:
    """The coach review's reasons for attention at 320 pixels: rows 100 pixels tall, the
    Detail column off the screen until the table was scrolled. As cards they were long,
    "Why: action due" in the middle of each and the detail a block of five lines ("Follow
    up: no reply since ...; with no timeframe given in a reply, ..."). Each card is headed
    now by its short reason in bold ("Step due: follow up"), and the detail is a bulleted
    line a clause; a wide screen keeps the table, its columns in order and the detail one
    text, each date on one line."""
    _, table = cohort
    coach = table["candidate"].eq(report.COACH_LABEL).to_numpy(bool)
    page = Path(str(table.loc[coach, "path"].iloc[0]))
    measured = _card_tables(page, width, tmp_path / "measured", "^Reasons for attention$")
    assert len(measured["tables"]) == 1 and measured["tables"][0]["rows"]
    (shown,) = measured["tables"]
    assert shown["headers"] == ["Candidate", "Reason", "Date", "Company", "Detail"]
    rows = [[cell["text"] for cell in row["cells"]] for row in shown["rows"]]
    # FU005 on 28 Oct 2026, each candidate's, the company from the log as typed.
    assert [XSS + " Three", "Error: FU005 · early-follow-up"] in [[r[3], r[1]] for r in rows]
    assert {r[1].split(": ")[0] for r in rows} <= {"Error", "Step due"}
    details = [row["cells"][4] for row in shown["rows"]]
    early = next(d for d, r in zip(details, rows, strict=True) if "FU005" in r[1])
    assert early["text"].replace("\n", "; ").startswith("follow-up on 28 Oct 2026, 1 day after")
    assert len(early["clauses"]) == 2
    if width > 500:
        for row in shown["rows"]:
            assert row["display"] == "table-row"
            assert len({round(cell["top"]) for cell in row["cells"]}) == 1
            assert all(cell["label"] == "none" for cell in row["cells"])
            # A date on one line: the squeezed column broke "2026-" / "10-24".
            assert row["cells"][2]["lines"] == 1, row["cells"][2]["text"]
        assert "27 Oct 2026; with no timeframe" in early["text"]  # one text, as the finding has it
        assert {clause["display"] for clause in early["clauses"]} == {"inline"}
        return
    _assert_cards(measured, width)
    for row in shown["rows"]:
        lead = row["cells"][1]
        assert lead["lead"] and lead["bold"]
        assert lead["top"] < min(cell["top"] for cell in row["cells"] if not cell["lead"])
        assert lead["height"] < 30, lead["text"]  # one line, within 320 pixels too
    # Each clause a bulleted line of its own, the "; " between them hidden.
    many = [cell for cell in details if len(cell["clauses"]) > 1]
    assert len(many) >= 3
    for cell in many:
        assert {clause["display"] for clause in cell["clauses"]} == {"list-item"}
        tops = [clause["top"] for clause in cell["clauses"]]
        assert tops == sorted(tops) and len(set(tops)) == len(tops)
        assert "; " not in cell["text"]


@needs_chromium
@pytest.mark.parametrize("font", ["", _WIDE_FONT], ids=["arial", "verdana"])
def test_the_timeline_legend_takes_little_of_a_phone_screen(tmp_path: Path, font: str) -> None:
    """The sample log's timeline at 320 px: its eleven kinds of event took one row each in
    a wide font such as Verdana (219 pixels: plotly gave every entry the width of
    "Employer response") and six rows of two in Arial (124 pixels); each entry as wide as
    its name, they take five rows, under the title."""
    from followup_stats import plots
    from followup_stats.load import load_log

    if font and not _has_wide_font():
        pytest.skip("DejaVu Sans is not installed")
    log = load_log("data/sample_log.csv", as_of=AS_OF)
    page = _figure_page(plots.timeline_figure(log.events), tmp_path / "figure.html")
    measured = _measure(page, 320, tmp_path / "measured", font)
    (shown,) = measured["figures"]
    assert shown["narrow"] and shown["legend"] == "h"
    assert shown["cut"] == [] and shown["covered"] == []
    assert len(shown["legendNames"]) == 11 and "Employer response" in shown["legendNames"]
    assert shown["legendRows"] <= 5 and shown["legendHeight"] <= 110


@needs_chromium
@pytest.mark.parametrize("width", [320, 360, 390])
def test_the_rates_legend_of_a_coachs_clients_stays_under_the_title(
    tmp_path: Path, width: int
) -> None:
    """The coach review of the sample cohort: eight candidates in the legend above the
    chart, one a row beside the rates' long names; the room made for four rows put the
    legend over the title's two lines (at 390 px), and at 320 px the title ran past the
    screen's edge. Eight rows took 160 pixels at 320 px: the legend starts at the figure's
    left edge, two names a row or more."""
    from followup_stats import plots
    from followup_stats.stats import group_names, outcome_rates

    cohort = "data/sample_cohort.csv"
    rates = outcome_rates(cohort, by="candidate", as_of=AS_OF)
    figure = plots.rates_figure(rates, groups=group_names(cohort, by="candidate", as_of=AS_OF))
    page = _figure_page(figure, tmp_path / "figure.html")
    measured = _measure(page, width, tmp_path / "measured")
    assert measured["scrollWidth"] <= width and measured["wide"] == []
    (shown,) = measured["figures"]
    assert shown["narrow"] and shown["legend"] == "h"
    assert shown["covered"] == []  # the legend under the title, no dot over a rate's name
    assert shown["cut"] == []
    assert sorted(shown["legendNames"]) == sorted(rates["group"].unique())  # every client
    assert shown["legendRows"] <= 4


@needs_chromium
def test_figures_keep_their_wide_layout_on_paper_and_desktops(
    cohort: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    (page_path,) = _report_paths(cohort)[:1]
    for width in (report.PRINTED_PAGE_WIDTH, 1200):
        measured = _measure(page_path, width, tmp_path / str(width))
        for figure in measured["figures"]:
            assert not figure["narrow"] and figure["cut"] == [], (width, figure["title"])
            assert figure["toolbar"], (width, figure["title"])
        timeline = next(f for f in measured["figures"] if "Timeline" in f["title"])
        assert timeline["legend"] == "v", width  # beside the chart, as plotly draws it


@needs_chromium
def test_a_turned_phone_or_a_resized_window_gets_the_layout_of_its_width(
    cohort: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    """From a phone to a desktop's width, the figures are as drawn at that width (the
    rates figure's top margin and height that made room for its legend come back), and
    from a desktop's to a phone's every text is whole and clear."""
    for number, page_path in enumerate(_report_paths(cohort)):
        wide = _measure(page_path, 1200, tmp_path / f"wide{number}")
        turned = _measure(page_path, 390, tmp_path / f"turned{number}", then=1200)
        sizes = [(f["title"], f["right"], f["height"], f["top"]) for f in wide["figures"]]
        assert [(f["title"], f["right"], f["height"], f["top"]) for f in turned["figures"]] == sizes
        assert not any(f["narrow"] for f in turned["figures"])
        assert all(f["toolbar"] for f in turned["figures"])
        assert all(f["cut"] == [] for f in turned["figures"])
        phone = _measure(page_path, 1200, tmp_path / f"phone{number}", then=320)
        assert phone["scrollWidth"] <= 320
        for figure in phone["figures"]:
            assert figure["narrow"] and figure["right"] <= 320, figure["title"]
            assert not figure["toolbar"], figure["title"]
            assert figure["cut"] == [] and figure["covered"] == [], figure["title"]


# -- helpers -----------------------------------------------------------------------------------


def test_external_references_finds_remote_links() -> None:
    page = (
        '<html><head><script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//cdn.example/x.css"></head>'
        '<body><a href="#top">top</a><img src="data:image/png;base64,AA"></body></html>'
    )
    found = report.external_references(page)
    assert len(found) == 2 and "cdn.example/x.js" in found[0]


def test_core_library_does_not_import_reports() -> None:
    code = (
        "import sys, followup_stats, followup_stats.stats, followup_stats.plots, "
        "followup_stats.checker, followup_stats.actions; "
        "assert 'followup_stats.report' not in sys.modules; "
        "assert 'papermill' not in sys.modules and 'nbconvert' not in sys.modules"
    )
    import sys

    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


# -- pseudonyms, without a kernel -------------------------------------------------------------


def test_pseudonymized_copy_keeps_the_verdicts_and_drops_the_names(tmp_path: Path) -> None:
    from followup_stats.anonymize import pseudonymize_logs
    from followup_stats.checker import check

    rows = _events(None, "Zyxwork", "Zymurgist", "Quentin Obadiah", "met Velociraptor team")
    rows[1]["channel"] = "call with Quentin Obadiah"  # unreadable: DQ004 would quote it
    rows[5]["date"] = "ask Quentin"  # unreadable: DQ001 would quote it
    log = _write_log(
        tmp_path / "Priya Ramanathan.csv", rows, [c for c in COLUMNS if c != "candidate"]
    )
    copies = pseudonymize_logs(log, tmp_path)
    (copy,) = copies.paths
    text = copy.read_text(encoding="utf-8")
    for secret in ("Priya", "Zyxwork", "Zymurgist", "Quentin", "Obadiah", "Velociraptor"):
        assert secret not in text
    assert copies.names.known("candidate") == {"Priya Ramanathan": "Candidate A"}
    original, pseudonymized = check(log, as_of=AS_OF), check(copy, as_of=AS_OF)
    assert original["code"].tolist() == pseudonymized["code"].tolist()
    assert original["line"].tolist() == pseudonymized["line"].tolist()
    assert {"DQ001", "DQ004", "FU005"} <= set(pseudonymized["code"])
    assert not any("Quentin" in m for m in pseudonymized["message"])


def test_pseudonyms_are_stable_within_a_run_and_match_like_the_loader() -> None:
    from followup_stats.anonymize import Pseudonymizer

    names = Pseudonymizer()
    assert names.name("company", "Acme Corp") == "Company 1"
    assert names.name("company", "  acme   corp ") == "Company 1"  # the loader's key
    assert names.name("company", "Beta") == "Company 2"
    assert names.name("candidate", "Ann") == "Candidate A"
    assert [names.name("candidate", str(i)) for i in range(26)][-1] == "Candidate AA"
    assert names.name("notes", "") == ""


def test_folder_of_logs_gives_one_candidate_per_file(tmp_path: Path) -> None:
    for name in ("Ann", "Bob"):
        _write_log(tmp_path / f"{name}.csv", _events(None, "Acme", "Analyst", "", ""))
    (tmp_path / "readme.md").write_text("not a log", encoding="utf-8")
    with report._prepared(tmp_path, AS_OF, None, anonymize=False) as prepared:
        assert prepared.candidates == ["Ann", "Bob"]
        assert isinstance(prepared.log_path, list) and len(prepared.log_path) == 2
    with report._prepared(tmp_path, AS_OF, None, anonymize=True) as prepared:
        assert prepared.candidates == ["Candidate A", "Candidate B"]
        assert report._choose(prepared, "Bob") == "Candidate B"
        # Real names, not pseudonyms: they are on the screen of whoever runs it.
        with pytest.raises(ReportError, match=r"not in the log \(candidates: Ann, Bob\)"):
            report._choose(prepared, "Carol")
        with pytest.raises(ReportError, match=r"\(did you mean Bob\?\)"):
            report._choose(prepared, "Bobb")


#: A cohort file in which Ann's row loads and every row of Bob's is unreadable.
_BOB_UNREADABLE = (
    "date,candidate,company,event\n2026-09-01,Ann Lee,Hooli,applied\n"
    "13/13/2026,Bob Stone,Acme,applied\nnot a date,Bob Stone,Acme,interview\n"
)


@pytest.mark.parametrize("anonymize", [False, True])
def test_files_and_candidates_of_which_no_row_loads_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anonymize: bool
) -> None:
    """They are in no report: report-all lists them (real names, for the coach's screen)
    and ``report --candidate`` says why there is none, instead of "not in the log"."""
    monkeypatch.chdir(tmp_path)
    Path("cohort.csv").write_text(_BOB_UNREADABLE, encoding="utf-8")
    Path("pat.csv").write_text("date,company,event\nsoon,Acme,applied\n", encoding="utf-8")
    with report._prepared(["cohort.csv", "pat.csv"], AS_OF, None, anonymize) as prepared:
        assert prepared.unloaded_files == ("pat.csv",)
        assert prepared.unloaded_candidates == ("Bob Stone", "pat")
        assert prepared.unloaded_as_files == ("pat",)  # pat.csv has no candidate column
        rows = report._not_loaded_rows(prepared)
        with pytest.raises(ReportError, match="'Bob Stone': no row of theirs could be loaded"):
            report._choose(prepared, "Bob Stone")
        with pytest.raises(ReportError, match=r"'Carol': not in the log \(candidates: Ann Lee\)"):
            report._choose(prepared, "Carol")
    table = pd.DataFrame(rows, columns=["candidate", "status", "path", "error"])
    assert report.summary_text(table).splitlines() == [
        "0 reports written, 0 failed",
        "  not loaded: pat.csv: no row could be loaded, so nothing in it is reported "
        "(`followup-stats check` says why)",
        "  not loaded: Bob Stone: no row of theirs could be loaded, so they get no report "
        "(`followup-stats check` says why)",
    ]  # pat is not named again: pat.csv's line says it
    nothing = r"^pat.csv: no row could be loaded, so there is"
    with (
        report._prepared("pat.csv", AS_OF, None, anonymize) as prepared,
        pytest.raises(ReportError, match=nothing),
    ):
        report._choose(prepared, None)


def test_report_all_of_logs_of_which_no_row_loads_writes_no_review_of_nobody(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It wrote a coach review of no client and said "1 report written" beside exit 2."""
    monkeypatch.chdir(tmp_path)
    Path("pat.csv").write_text("date,company,event\nsoon,Acme,applied\n", encoding="utf-8")
    table = report.render_all("pat.csv", tmp_path / "r", as_of=AS_OF, progress=False)
    assert table["status"].tolist() == [report.NOT_LOADED]  # pat.csv, once (not pat again)
    assert table["candidate"].tolist() == ["pat.csv"]
    assert not (tmp_path / "r").exists()  # nothing written: the folder made for it is gone


def test_report_of_a_folder_skips_what_is_no_log_and_names_a_log_not_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "ann"
    folder.mkdir()
    _write_log(folder / "ann.csv", _events(None, "Acme", "Analyst", "", ""))
    (folder / "notes.txt").write_text("call Acme on Monday\n", encoding="utf-8")
    (folder / "old.csv").write_text("date,company,event\nsoon,Acme,applied\n", encoding="utf-8")
    code = cli.main(["report", "ann", "--as-of", AS_OF, "--out", "out"])
    out, err = capsys.readouterr()
    assert code == 2  # old.csv could not be read at all
    assert out == f"wrote {Path('out') / f'ann_{AS_OF}.html'}\n"
    assert err.splitlines() == [
        "followup-stats: skipped 1 file in ann without the columns of a log (date, company, "
        "event): notes.txt",
        f"followup-stats: error: {Path('ann') / 'old.csv'}: no row could be loaded, so nothing "
        "in it was reported (`followup-stats check` says why)",
    ]


def test_unique_stems_never_clash() -> None:
    stems = report._unique_stems(["Ann Lee", "Ann/Lee", "coach_review", "CON"], AS_OF)
    assert len(set(stems.values())) == 4
    assert stems["coach_review"] != f"coach_review_{AS_OF}"


# -- accessibility of the exported page --------------------------------------------------------

_FIGURE_PAGE = """<main>
<div class="jp-Cell"><div class="jp-Cell-inputWrapper" tabindex="0"><h2 id="Funnel">Funnel</h2>
</div></div>
<div class="jp-Cell"><div class="jp-OutputArea-child">
<div class="jp-OutputArea-output" tabindex="0">
<div style="height:450px; width:100%;"><div class="plotly-graph-div" id="f1"></div>
<script>if (document.getElementById("f1")) { Plotly.newPlot("f1", [{"x": [1]}],
{"title": {"text": "From &lt;b&gt; to offer"}}, {"responsive": true}) };</script></div>
</div></div></div>
<div class="jp-Cell"><div class="jp-OutputArea-output" tabindex="0">
<p><em>In words:</em> Funnel of applications.</p></div></div>
<div class="jp-Cell"><div class="jp-OutputArea-child">
<div class="jp-OutputArea-output" tabindex="0">
<div style="height:1620px; width:1580px;"><div class="plotly-graph-div" id="f2"></div>
<script>Plotly.newPlot("f2", [], {}, {})</script></div></div></div></div>
</main>"""


def test_figures_are_named_and_their_text_is_read_in_the_flow() -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(report.accessible_html(_FIGURE_PAGE), "html.parser")
    first, second = soup.select("div.plotly-graph-div")
    assert first["role"] == "img" and first["aria-label"] == "Chart: From <b> to offer"
    # The paragraph is read once, in the flow: nothing points at it.
    assert not first.get("aria-describedby") and not first.get("aria-details")
    assert second["role"] == "img" and second["aria-label"] == "Chart: figure"
    assert not second.get("aria-details")  # no text after it: nothing made up


def test_a_figure_text_is_announced_once(cohort: tuple[Path, pd.DataFrame]) -> None:
    """A screen reader reads the "In words" paragraph where it stands, after the figure;
    nothing makes it read again as the figure's name or description."""
    from bs4 import BeautifulSoup

    for name, page in _pages(cohort).items():
        soup = BeautifulSoup(page, "html.parser")
        figures = soup.select("div.plotly-graph-div")
        texts = [
            p for p in soup.find_all("p") if p.get_text(" ", strip=True).startswith("In words:")
        ]
        assert figures and len(texts) == len(figures), name
        for figure, text in zip(figures, texts, strict=True):
            assert figure["role"] == "img" and str(figure["aria-label"]).startswith("Chart: "), name
            assert not figure.get("aria-details") and not figure.get("aria-describedby"), name
            assert text.find_parent(attrs={"aria-hidden": "true"}) is None, name
            assert text.find_parent(role="img") is None, name  # in the page's flow
            readers = soup.find_all(
                lambda tag, key=text["id"]: any(
                    a.startswith("aria-") and key in str(v).split() for a, v in tag.attrs.items()
                )
            )
            assert readers == [], (name, [r.name for r in readers])


def test_only_outputs_wider_than_the_page_stay_focusable() -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(report.accessible_html(_FIGURE_PAGE), "html.parser")
    focusable = soup.select('[tabindex="0"]')
    assert len(focusable) == 1 and focusable[0].find(id="f2") is not None


def test_pages_print_whole_and_carry_accessible_figures(cohort: tuple[Path, pd.DataFrame]) -> None:
    for name, page in _pages(cohort).items():
        head = page.split("</head>", 1)[0]
        assert "@media print" in head and "break-inside: avoid" in head, name
        assert ".modebar" in head and "overflow: visible" in head, name
        assert 'tabindex="0"' not in page, name
        figures = re.findall(r"<div[^>]*plotly-graph-div[^>]*>", page)
        assert figures and all('role="img"' in f and "aria-label=" in f for f in figures)
        assert '"modeBarButtons": [["toImage", "resetScale2d"]]' in page, name
        assert "<caption>" in page and 'scope="col"' in page, name
        assert "vertical-align:top;white-space:normal" in page, name  # table cells wrap


def test_figures_that_fit_a_page_are_kept_on_one_page() -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(report.accessible_html(_FIGURE_PAGE), "html.parser")
    kept = soup.select(f".{report.KEEP_TOGETHER}")
    assert len(kept) == 1 and kept[0].find(id="f1") is not None  # 450 px, not 1620 px
    assert f".{report.KEEP_TOGETHER}" in report.REPORT_CSS


def test_pdf_lays_figures_out_at_the_printed_page_width(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[list[str]] = []

    def fake_run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        seen.append(command)
        target = next(a for a in command if a.startswith("--print-to-pdf="))
        Path(target.split("=", 1)[1]).write_bytes(b"%PDF-1.4\n")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/chromium")
    monkeypatch.setattr(subprocess, "run", fake_run)
    page = tmp_path / "r.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    report.print_pdf(page, tmp_path / "r.pdf")
    width = f"--window-size={report.PRINTED_PAGE_WIDTH},{report.PRINTED_PAGE_HEIGHT}"
    assert width in seen[0]
    assert report.PRINTED_PAGE_WIDTH <= 720  # US Letter less half-inch margins, in CSS px


@pytest.mark.parametrize(
    "config",
    [
        Config(),
        Config(ignore=("F",), default_wait_days=4),
        layer_selection(Config(ignore=("FU012",)), ignore=("FU004",), extend_select=("FU012",)),
    ],
)
def test_settings_written_for_a_report_read_back_the_same(tmp_path: Path, config: Config) -> None:
    """The copy of the settings a pseudonymised run reads: the same codes and thresholds."""
    from followup_stats.report import _write_config

    back = read_config_file(_write_config(config, tmp_path / "followup-stats.toml"))
    assert back.enabled_codes() == config.enabled_codes()
    assert back.default_wait_days == config.default_wait_days and not back.layers


def test_every_report_explains_its_numbers_in_plain_words(
    cohort: tuple[Path, pd.DataFrame],
) -> None:
    """Candidate reports and the coach review end with what k of n, intervals and the rest mean."""
    from bs4 import BeautifulSoup

    pages = _pages(cohort)
    assert len(pages) >= 2
    for name, page in pages.items():
        text = BeautifulSoup(page, "html.parser").get_text(" ", strip=True)
        glossary = text[text.index("How to read the numbers") :]
        for term in ("k of n", "95% interval", "Too recent to judge", "Median wait", "censored"):
            assert term in glossary, (name, term)
        # The median is where the share still waiting comes down to one half: an ending on that
        # day counts, and while some wait it is an estimate ("half were shorter" was wrong).
        assert "half of the waits had ended (on that day or before)" in glossary, name
        assert "shorter than this" not in glossary, name


def _children() -> set[str]:
    """This process's child processes (Linux: every thread's list in /proc)."""
    tasks = Path(f"/proc/{os.getpid()}/task")
    return {pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_a_report_leaves_no_kernel_running(tmp_path: Path) -> None:
    """papermill stops only a kernel it started itself: each report kept one alive in the
    calling process (a report-all worker gathered one per report) until it ended."""
    log = tmp_path / "log.csv"
    log.write_text("date,company,event\n2026-08-01,Acme,applied\n", encoding="utf-8")
    before = _children()
    for number in range(2):
        render_report(log, tmp_path / f"out{number}", as_of=AS_OF)
        assert _children() - before == set()


def test_report_processes_import_jsonschema_without_its_iri_grammars() -> None:
    """With rfc3987-syntax installed (JupyterLab brings it), importing papermill made
    jsonschema compile some 40 grammars: 1.2 to 1.5 s of every process making reports."""
    import importlib.util
    import sys

    if importlib.util.find_spec("rfc3987_syntax") is None:
        pytest.skip("rfc3987-syntax is not installed: nothing to skip")
    code = (
        "import sys; from followup_stats.report import skip_iri_grammars; "
        "skip_iri_grammars(); import papermill, nbconvert, jsonschema; "
        "assert 'rfc3987_syntax' not in sys.modules, 'grammars compiled'; "
        "assert 'iri' not in jsonschema.FormatChecker().checkers; "
        "import rfc3987_syntax; assert rfc3987_syntax.is_valid_syntax('iri', 'https://a.example/')"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_the_report_command_compiles_no_iri_grammar(tmp_path: Path) -> None:
    """``followup-stats report`` spent 1.2 to 1.9 s compiling jsonschema's IRI grammars
    (rfc3987-syntax) it never used."""
    import importlib.util
    import sys

    if importlib.util.find_spec("rfc3987_syntax") is None:
        pytest.skip("rfc3987-syntax is not installed: nothing to skip")
    log = tmp_path / "log.csv"
    log.write_text("date,company,event\n2026-08-01,Acme,applied\n", encoding="utf-8")
    code = (
        "import sys; from followup_stats import cli; "
        f"code = cli.main(['report', {str(log)!r}, '--as-of', {AS_OF!r}, "
        f"'--out', {str(tmp_path / 'out')!r}]); "
        "assert code == 0, code; assert 'rfc3987_syntax' not in sys.modules, 'compiled'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)
    assert (tmp_path / "out" / f"log_{AS_OF}.html").is_file()


def test_the_report_command_leaves_scipy_to_the_kernel(tmp_path: Path) -> None:
    """The process that runs and exports a report imported :mod:`followup_stats.plots` for
    two names, and with it scipy (about 0.8 s of each ``report``); only the kernel needs it."""
    import sys

    log = tmp_path / "log.csv"
    log.write_text("date,company,event\n2026-08-01,Acme,applied\n", encoding="utf-8")
    code = (
        "import sys; from followup_stats import cli; "
        f"code = cli.main(['report', {str(log)!r}, '--as-of', {AS_OF!r}, "
        f"'--out', {str(tmp_path / 'out')!r}]); "
        "assert code == 0, code; "
        "assert 'scipy' not in sys.modules and 'followup_stats.plots' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)
    assert (tmp_path / "out" / f"log_{AS_OF}.html").is_file()


def test_the_html_exporter_is_made_once_per_thread() -> None:
    """Making the exporter compiled its templates anew for each report (about 0.2 s);
    one is kept per thread, since a conversion changes its filters."""
    import threading

    first = report._exporter()
    assert report._exporter() is first
    others: list[object] = []
    thread = threading.Thread(target=lambda: others.append(report._exporter()))
    thread.start()
    thread.join()
    assert others and others[0] is not first


def test_settings_written_for_a_notebook_escape_control_characters(tmp_path: Path) -> None:
    """A per-candidate name with a control character broke the TOML written for the
    notebook: the report failed naming a temporary file the user never made."""
    import tomllib

    name = 'A\x01B "q" \\ \nC\x7f'
    config = Config(per_candidate_ignores=((name, ("FU005",)),))
    path = report._write_config(config, tmp_path / "followup-stats.toml")
    assert tomllib.loads(path.read_text(encoding="utf-8"))["per-candidate-ignores"] == {
        name: ["FU005"]
    }
    assert read_config_file(path).per_candidate_ignores == ((name.strip(), ("FU005",)),)


def test_the_page_title_shows_control_characters_of_a_name_as_replacement(
    tmp_path: Path,
) -> None:
    """The body showed U+FFFD for a U+202E in the name, the browser tab the reversed text."""
    log = tmp_path / "bidi.csv"
    log.write_text(
        "date,candidate,company,event\n2026-09-01,Ann\u202eLee,Acme,applied\n", encoding="utf-8"
    )
    page = render_report(log, tmp_path / "out", as_of=AS_OF).html_path.read_text(encoding="utf-8")
    assert "\u202e" not in page
    assert "<title>Follow-up report: Ann\ufffdLee, 2026-10-30</title>" in page


def test_the_page_is_parsed_once_with_what_nbconvert_adds_after_its_template() -> None:
    """nbconvert's HTML exporter parsed each page once more (BeautifulSoup) to give images
    an ``alt`` text and make inputs and outputs focusable; the reports' exporter leaves
    that to :func:`report.accessible_html`, and the page comes out the same."""
    import nbformat
    from nbconvert import HTMLExporter

    image = (  # a 1-pixel PNG
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Title\n\nSome *text* & more."),
            nbformat.v4.new_code_cell(
                "show()",
                outputs=[
                    nbformat.v4.new_output("display_data", {"image/png": image}),
                    nbformat.v4.new_output("display_data", {"text/html": "<p>An &amp; b</p>"}),
                ],
            ),
        ]
    )
    theirs, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    ours, _ = report._page_exporter_class()(template_name="lab").from_notebook_node(nb)
    assert "tabindex" not in ours and report.NO_ALT_TEXT not in ours  # not added yet
    assert report.accessible_html(ours) == report.accessible_html(theirs)
    assert f'alt="{report.NO_ALT_TEXT}"' in report.accessible_html(ours)


def test_a_report_kernel_compiles_no_iri_grammar(tmp_path: Path) -> None:
    """The notebooks' plotly renderer imports nbformat, and with it jsonschema, which
    compiled its IRI grammars (rfc3987-syntax) in each report's kernel: 1 to 2 s a report."""
    import importlib.util

    import nbformat

    if importlib.util.find_spec("rfc3987_syntax") is None:
        pytest.skip("rfc3987-syntax is not installed: nothing to skip")
    probe = tmp_path / "probe.ipynb"
    cell = (
        "import sys\n"
        "import plotly.io as pio\n"
        'pio.renderers.default = "notebook"\n'
        'assert "nbformat" in sys.modules and "rfc3987_syntax" not in sys.modules\n'
        'assert "_report" not in dir()  # the kernel\'s set-up leaves no name behind'
    )
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)]), probe)
    job = report._Job(str(probe), {}, "probe", "Probe", tmp_path / "out", report.kernel_name())
    assert report._run(job).html_path.is_file()


def _folded_page(path: Path, script: str = "") -> Path:
    """A page with the report's style and script, and a long table folded in ``<details>``."""
    rows = "".join(f"<tr><td>row {i}</td></tr>" for i in range(300))
    path.write_text(
        f"<html><head><style>{report.REPORT_CSS}</style></head><body><h1>Report</h1>"
        f"<details><summary>The tables</summary><table>{rows}</table></details>"
        f"<script>{report.report_js()}</script>{script}</body></html>",
        encoding="utf-8",
    )
    return path


@needs_chromium
def test_folded_tables_are_printed(tmp_path: Path) -> None:
    """A folded table is on paper: 300 rows take several pages, its summary alone one."""
    pdf = report.print_pdf(_folded_page(tmp_path / "folded.html"), tmp_path / "folded.pdf")
    pages = re.search(rb"/Count (\d+)", pdf.read_bytes())
    assert pages is not None and int(pages.group(1)) > 2


@needs_chromium
def test_folded_tables_open_for_printing_and_fold_after(tmp_path: Path) -> None:
    """A browser that prints without the style (Firefox, Safari) has the page's script
    open the folded tables before printing and fold them again after."""
    after = "<script>window.dispatchEvent(new Event('beforeprint'));</script>"
    command = report.chromium_command(
        _folded_page(tmp_path / "before.html", after).resolve().as_uri(),
        tmp_path / "profile",
        "--dump-dom",
    )
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert '<details data-followup-folded="" open="">' in done.stdout
    both = after + "<script>window.dispatchEvent(new Event('afterprint'));</script>"
    command[-1] = _folded_page(tmp_path / "after.html", both).resolve().as_uri()
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<details>" in done.stdout and "open=" not in done.stdout
