"""Reports: run the notebooks with papermill, export offline HTML, print PDF with Chromium.

:func:`render_report` makes one candidate's report, :func:`render_all` one
report per candidate plus the coach review, in parallel processes or as
tasks on a Dask cluster. The core library never imports this module (it
needs papermill, nbconvert, a Jupyter kernel and, for PDF, Chromium).

What a report file guarantees (DESIGN.md section 6):

- no code: nbconvert exports with every input and prompt excluded;
- nothing from the network: plotly.js is inside the file (renderer
  ``notebook``), nbconvert's require.js, MathJax and mermaid loaders are left
  out of the template, plotly's per-figure MathJax link is removed, and the
  result is checked (:func:`external_references`) before it is written;
- parameters go to papermill as values, never formatted into code;
- with ``anonymize``, a pseudonymised copy of the log is made before
  papermill runs (:mod:`followup_stats.anonymize`), so no file name,
  parameter, notebook metadata or output holds a real name;
- files are written atomically, under a stable name
  ``{candidate_slug}_{as_of}.html`` safe on every file system.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import hashlib
import html
import html.parser
import importlib
import multiprocessing
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Generator, Iterator, Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, cast

import pandas as pd

from followup_stats.config import (
    ALL_CODES,
    CONFIG_FILE_NAMES,
    SETTINGS,
    TABLE_KEYS,
    Config,
    find_config_file,
    read_config_file,
    resolve_config,
)
from followup_stats.errors import (
    FollowupStatsError,
    LogFormatError,
    UnreadableLogs,
    closest_names_text,
    no_such_file,
    shown_name,
)
from followup_stats.load import NO_EVENTS as HOLDS_NO_EVENTS
from followup_stats.load import (
    LoadedLog,
    RawSource,
    distinct_sources,
    judged_for,
    judged_share,
    load_log,
    no_events_text,
    to_as_of,
)
from followup_stats.output import atomic_target, atomic_write
from followup_stats.plural import counted
from followup_stats.read import LOG_SUFFIXES
from followup_stats.shown import NARROW_WIDTH, shown_text

if TYPE_CHECKING:  # imported when a report runs: jupyter is slow to import
    from jupyter_client.manager import AsyncKernelManager
    from nbconvert import HTMLExporter

#: Notebooks run by the reports, in ``notebooks/`` of the project.
CANDIDATE_NOTEBOOK = "candidate_report.ipynb"
COACH_NOTEBOOK = "coach_review.ipynb"
#: File stem of the coach review in :func:`render_all`.
COACH_STEM = "coach_review"
#: Label of the coach review in the :func:`render_all` table.
COACH_LABEL = "(coach review)"

#: Arguments of a report's kernel. It runs :func:`skip_iri_grammars` before the notebook:
#: the notebook's plotly renderer imports nbformat, and with it ``jsonschema``, which
#: compiled its IRI grammars in every report's kernel (1 to 2 s).
KERNEL_ARGUMENTS: Final[list[str]] = [
    "--IPKernelApp.log_level=ERROR",
    "--IPKernelApp.exec_lines=import followup_stats.report as _report",
    "--IPKernelApp.exec_lines=_report.skip_iri_grammars()",
    "--IPKernelApp.exec_lines=del _report",
]

#: Cells with this tag (notes for notebook users) are left out of the exported report.
NOTEBOOK_ONLY_TAG = "notebook-only"
#: Seconds a single notebook cell may run.
CELL_TIMEOUT = 600
#: Seconds Chromium may take to print a PDF.
CHROMIUM_TIMEOUT = 180

# Windows reserved device names (any extension), refused as file stems.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)
_UNSAFE = re.compile(r"[^\w.\-]+")
#: Latin letters without a decomposition, as they are usually written in ASCII
#: (``Sørensen`` -> ``Sorensen``, not ``Srensen``).
_LATIN_LETTERS = str.maketrans(
    {
        "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
        "Þ": "Th", "\u0131": "i", "ħ": "h", "Ħ": "H",
    }
)  # fmt: skip
_MAX_STEM = 80

# Template: nbconvert's lab template without the require.js, MathJax and mermaid loaders.
_TEMPLATE_NAME = "followup_offline.html.j2"
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">{{ resources.followup_css }}</style>
{%- endblock html_head_css -%}
{%- block body_footer -%}
</main>
<script>{{ resources.followup_js }}</script>
</body>
{%- endblock body_footer -%}
"""
#: Page style of a report, after nbconvert's: on paper and on a narrow screen (a phone, a
#: 200% zoom) nothing scrolls sideways and nothing is cut: outputs grow instead of
#: scrolling, a figure or a table row is not split across pages, and plotly's toolbar is
#: not printed, nor shown on a figure in its narrow layout (``followup-narrow``, which
#: :data:`REPORT_JS` gives it), where its icons sat over the end of the title. A figure
#: in its narrow layout is never wider than its box: drawn for a wider one and shown
#: before a redraw (a screenshot, a printed page), it shrinks whole (``REPORT_JS``). A
#: folded table (``<details>``) is printed unfolded.
REPORT_CSS = """
.jp-OutputArea-output .plotly-graph-div { max-width: 100%; }
@media print {
  .jp-OutputArea-output { overflow: visible !important; }
  .followup-keep-together, table tr, table caption {
    break-inside: avoid; page-break-inside: avoid;
  }
  table caption, h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  .modebar, .modebar-container { display: none !important; }
  ::-webkit-scrollbar { display: none; }
  details::details-content { content-visibility: visible; }
}
.followup-narrow .modebar-container { display: none !important; }
.followup-narrow .svg-container { max-width: 100%; }
@media (max-width: 40em) {
  .jp-OutputArea-output { overflow-x: visible; }
  .jp-OutputPrompt, .jp-InputPrompt { display: none; }
}
"""
#: Script of a report (``%(narrow)d``: :data:`followup_stats.shown.NARROW_WIDTH`, filled in
#: by :func:`report_js`): a figure with less room than that (a phone, a 200% zoom) takes the
#: narrow layout it carries in ``layout.meta.narrow`` (:mod:`followup_stats.plots`), and
#: gets its wide one back when the room grows again; the figure's box takes the height (and
#: the width) of the layout in force, and a width of ``null`` gives the figure its box's;
#: after each change the figure is drawn at its box's size. A figure in its narrow layout
#: has the class ``followup-narrow``. A table wider than the screen, which scrolls in its
#: box (:data:`followup_stats.report_views.TABLE_STYLE`), is a tab stop while it does.
#: A figure's drawing has a viewBox of its size: shown in a box narrower than it was drawn
#: for, before it is drawn again, it shrinks whole rather than lose its bottom.
#: A narrow legend has as many rows as its entries need in the screen's width and fonts,
#: which a figure cannot know: above the chart, where it would reach the title, the chart
#: moves down and the figure grows by as much; above or under the chart, it starts at the
#: figure's left edge, not at the chart's, so that its rows have the whole width.
REPORT_JS = """
(function () {
  "use strict";
  var NARROW_WIDTH = %(narrow)d;
  // Plotly.relayout, after which the figure takes its box's size: a relayout of the height
  // pins the width the figure has (a phone's, kept on a desktop) where none was given.
  function relayout(figure, update) {
    return window.Plotly.relayout(figure, update).then(function () {
      if (!figure.followupWidth) { delete figure.layout.width; }
      return window.Plotly.Plots.resize(figure);
    });
  }
  // A layout's value, or the height drawn (Plotly.Plots.resize takes it from the layout).
  function current(figure, key) {
    return key === "height" ? figure._fullLayout.height : value(figure.layout, key);
  }
  function value(layout, key) {
    var parts = key.replace(/\\[(\\d+)\\]/g, ".$1").split("."), here = layout;
    for (var i = 0; i < parts.length && here !== undefined && here !== null; i++) {
      here = here[parts[i]];
    }
    return here === undefined ? null : JSON.parse(JSON.stringify(here));
  }
  // Pixels between a figure's title and a legend under it, and between a legend and the
  // figure's left edge.
  var GAP = 6;
  // Where its first value was not part of the narrow layout, keep it for the wide one.
  function keepWide(figure, keys) {
    var wide = figure.followupWide;
    keys.forEach(function (key) {
      if (!(key in wide)) { wide[key] = current(figure, key); }
    });
  }
  // How many rows a legend takes depends on the screen's width and fonts, which a figure
  // cannot know. A legend above the chart that reaches the title moves the chart down (the
  // figure grows by as much); a legend in rows above or under the chart starts at the
  // figure's left edge, not the chart's (right of its labels), so that its long entries
  // have the whole width.
  function fitLegend(figure, moved) {
    var full = figure._fullLayout, legend = full && full.legend;
    var box = figure.querySelector("g.legend .bg"), svg = figure.querySelector("svg.main-svg");
    if (!legend || !box || !svg || !figure.followupWide) { return; }
    var size = full._size, top = svg.getBoundingClientRect().top;
    // From the figure's left edge, plotly fills a legend's rows up to the chart's right
    // edge; from the chart's, right of the rates' names, eight clients took eight rows.
    var above = legend.orientation === "h" && legend.y >= 1;
    if ((legend.y < 0 || above) && legend.xref === "paper" && legend.xanchor === "left"
        && !moved) {
      var x = -(size.l - GAP) / size.w;
      if (Math.abs(legend.x - x) * size.w >= 1) {
        keepWide(figure, ["legend.x"]);
        return relayout(figure, {"legend.x": x}).then(function () {
          return above ? fitLegend(figure, true) : undefined;  // then clear of the title
        });
      }
    }
    if (legend.y < 0) { return; }
    var title = figure.querySelector(".g-gtitle");
    if (!title) { return; }
    var t = title.getBoundingClientRect(), l = box.getBoundingClientRect();
    if (!t.width || !l.width || l.top >= t.bottom + GAP || l.left >= t.right
        || t.left >= l.right || l.bottom > top + size.t + 1) {
      return;  // clear of the title, or not above the chart
    }
    // The legend's bottom is the chart's top: the chart moves down by what the legend needs.
    var margin = Math.ceil(t.bottom - top + GAP + l.height), height = full.height + margin - size.t;
    keepWide(figure, ["margin.t", "height"]);
    figure.parentElement.style.height = height + "px";
    return relayout(figure, {"margin.t": margin, height: height});
  }
  // A figure's drawing scales with its box. The page style's "svg { max-width: 100%%;
  // height: auto }" narrows a drawing wider than its box and shortens it as much, and
  // without a viewBox what it draws keeps its size: the bottom was cut off (the funnel's
  // last two steps at 320 pixels). A drawing is wider than its box when the page is shown
  // narrower than it was drawn, before a script can draw it again: a page printed from a
  // wider window, or a screenshot at 320 pixels in headless Chromium, which lays the page
  // out at 500 pixels at least. With a viewBox of the drawing's size, the drawing shrinks
  // whole; at its own size nothing changes.
  function scaleWhole(figure) {
    figure.querySelectorAll("svg.main-svg").forEach(function (svg) {
      var width = svg.getAttribute("width"), height = svg.getAttribute("height");
      if (width && height) {
        svg.setAttribute("viewBox", "0 0 " + width + " " + height);
        svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
      }
    });
  }
  function watch(figure) {
    if (figure.followupWatched || typeof figure.on !== "function") { return; }
    figure.followupWatched = true;
    figure.on("plotly_afterplot", function () { scaleWhole(figure); });
    scaleWhole(figure);
  }
  function fit(figure) {
    watch(figure);
    var meta = figure.layout && figure.layout.meta, changes = meta && meta.narrow;
    var box = figure.parentElement, room = box && box.parentElement;
    if (!changes || !room || !window.Plotly) { return; }
    var narrow = room.clientWidth < NARROW_WIDTH;
    if (!("followupWidth" in figure)) { figure.followupWidth = figure.layout.width || null; }
    if (narrow === Boolean(figure.followupWide)) {
      // Still narrow, in another width (a rotation): the legend may take more rows.
      if (narrow) {
        window.Plotly.Plots.resize(figure).then(function () { fitLegend(figure); });
      }
      return;
    }
    var update = {};
    if (narrow) {
      var wide = {};
      Object.keys(changes).forEach(function (key) { wide[key] = current(figure, key); });
      figure.followupWide = wide;
      update = changes;
    } else {
      update = figure.followupWide;
      figure.followupWide = null;
    }
    if ("height" in update) {
      box.style.height = update.height === null ? "" : update.height + "px";
    }
    if ("width" in update) {
      box.style.width = update.width === null ? "100%%" : update.width + "px";
      figure.followupWidth = update.width;
    }
    if ("width" in update && update.width === null) {
      // Plotly.relayout cannot unset a width given to Plotly.newPlot; without one (and
      // with autosize), the figure takes its box's width.
      update = Object.assign({}, update);
      delete update.width;
      delete figure.layout.width;
    }
    // Plotly's toolbar, over the end of a title on a phone, where nothing hovers: hidden.
    figure.classList.toggle("followup-narrow", narrow);
    var drawn = relayout(figure, update);
    if (narrow) { drawn.then(function () { return fitLegend(figure); }); }
  }
  // A table too wide for the screen scrolls in its box: only then is the box a tab stop
  // (a keyboard scrolls it), named after the table's caption.
  function fitTables() {
    document.querySelectorAll(".followup-table-box").forEach(function (box) {
      var caption = box.querySelector("caption");
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent : "Table");
      } else {
        ["tabindex", "role", "aria-label"].forEach(function (name) {
          box.removeAttribute(name);
        });
      }
    });
  }
  function fitAll() {
    document.querySelectorAll("div.plotly-graph-div").forEach(fit);
    fitTables();
  }
  var waiting = null;
  window.addEventListener("resize", function () {
    clearTimeout(waiting);
    waiting = setTimeout(fitAll, 100);
  });
  // Folded tables are printed: opened for the printing, folded again after it (Chromium's
  // own printing also opens them by the page's style, REPORT_CSS).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (folded) {
      folded.setAttribute("data-followup-folded", "");
      folded.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-followup-folded]").forEach(function (folded) {
      folded.removeAttribute("data-followup-folded");
      folded.open = false;
    });
  });
  document.querySelectorAll("div.plotly-graph-div").forEach(watch);
  if (document.readyState === "complete") { fitAll(); }
  else { window.addEventListener("load", fitAll); }
})();
"""
# A <script src=...></script> element that loads from the network (plotly's MathJax link).
_REMOTE_SCRIPT = re.compile(
    r"""<script\b[^>]*?\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script\s*>""", re.IGNORECASE
)


def report_js() -> str:
    """:data:`REPORT_JS` with the width below which figures take their narrow layout."""
    return REPORT_JS % {"narrow": NARROW_WIDTH}


class ReportError(FollowupStatsError):
    """A report that could not be made; the message says which step failed and why."""


#: :func:`render_all`'s status of a file or candidate of which no row could be loaded.
NOT_LOADED = "not loaded"
#: :func:`render_all`'s status of a file with a header and no data rows.
NO_EVENTS = "no events"
#: :func:`render_all`'s status of a log, among several, that cannot be a log at all.
NOT_READ = "not read"


@dataclasses.dataclass(frozen=True)
class ReportResult:
    """Files written by :func:`render_report`.

    Attributes
    ----------
    html_path
        The report.
    pdf_path
        The PDF, when asked for.
    ipynb_path
        The executed notebook, when kept.
    unloaded_files
        Files given of which no row could be loaded (as named): nothing in
        them is in the report.
    empty_files
        Files given with a header and no data rows (as named).
    unreadable
        The error of each log given beside others that cannot be a log at
        all (empty, no required column, ...), set aside (as named).
    judged
        Whether each file's candidates have an event on or before the as-of
        date (:func:`followup_stats.load.judged_share`; files as named).
    """

    html_path: Path
    pdf_path: Path | None = None
    ipynb_path: Path | None = None
    unloaded_files: tuple[str, ...] = ()
    empty_files: tuple[str, ...] = ()
    judged: pd.DataFrame | None = dataclasses.field(default=None, compare=False)
    unreadable: tuple[LogFormatError, ...] = ()


# -- names -------------------------------------------------------------------------------------


def safe_stem(name: str, fallback_prefix: str = "candidate") -> str:
    """A file-name stem for ``name`` that is safe on Linux, macOS and Windows.

    Letters, digits, ``.``, ``-`` and ``_`` are kept (accents folded to
    ASCII); anything else becomes ``_``. Path separators, ``..``, control
    characters, leading dots and Windows reserved names (``CON``, ``NUL``,
    ``COM1``, ...) never survive. A name with nothing usable left falls back
    to ``{fallback_prefix}-{hash}``, and a long name is cut and given a hash,
    so different names stay apart.
    """
    spelled = name.translate(_LATIN_LETTERS)  # letters NFKD does not take apart
    folded = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("_", folded).strip("._-")
    stem = re.sub(r"\.{2,}", ".", stem)
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    if not stem or not re.search(r"[A-Za-z0-9]", stem):
        return f"{fallback_prefix}-{digest}"
    if _RESERVED.match(stem):
        stem = f"{stem.replace('.', '_')}_{digest}"  # "nul.txt" -> "nul_txt_<hash>"
    if len(stem) > _MAX_STEM:
        stem = f"{stem[:_MAX_STEM].rstrip('._-')}-{digest}"
    return stem


def report_stem(candidate: str, as_of: str) -> str:
    """``{candidate_slug}_{as_of}``, the stem of a candidate's report files."""
    return f"{safe_stem(candidate)}_{as_of}"


# -- notebooks and kernel ----------------------------------------------------------------------


def notebook_path(name: str) -> Path:
    """The path of a report notebook: ``name`` in ``notebooks/`` (or packaged), or a full path.

    Raises
    ------
    ReportError
        When the notebook cannot be found (an installation without the notebooks).
    """
    given = Path(name)
    if given.is_absolute() and given.is_file():
        return given
    packaged = Path(str(files("followup_stats.notebooks").joinpath(name)))
    if packaged.is_file():
        return packaged
    raise ReportError(f"notebook {name} not found in the package (looked for {packaged})")


def _runs_this_python(argv: Sequence[str]) -> bool:
    first = argv[0] if argv else ""
    # jupyter_client replaces a bare "python" (or pythonX, pythonX.Y) with sys.executable.
    version = sys.version_info
    bare = {"python", f"python{version[0]}", f"python{version[0]}.{version[1]}"}
    return first in bare or os.path.realpath(first) == os.path.realpath(sys.executable)


def kernel_name() -> str:
    """A Jupyter kernel that runs this Python (so it can import followup_stats).

    ``python3`` when it is installed and runs this interpreter; when it is
    missing it is registered for the user with ``ipykernel.kernelspec.install``;
    when it runs another Python, a ``followup-stats`` user kernel for this
    one is registered and used instead.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel, find_kernel_specs

    specs = find_kernel_specs()
    if "python3" in specs:
        try:
            spec = KernelSpecManager().get_kernel_spec("python3")
        except NoSuchKernel:  # pragma: no cover - listed but unreadable
            spec = None
        if spec is not None and _runs_this_python(spec.argv):
            return "python3"
        name = "followup-stats"
        if name in specs:
            mine = KernelSpecManager().get_kernel_spec(name)
            if _runs_this_python(mine.argv):
                return name
    else:
        name = "python3"
    from ipykernel.kernelspec import install

    install(user=True, kernel_name=name, display_name=f"Python ({name})")
    return name


def skip_iri_grammars() -> None:
    """Let this process import ``jsonschema`` without compiling its IRI grammars.

    nbformat (so papermill and nbconvert) imports ``jsonschema``, which, when
    ``rfc3987-syntax`` is installed (JupyterLab brings it), compiles some 40
    Lark grammars on import to check the ``iri`` string formats: 1.2 to 1.9 s
    of every process that makes reports, for a check that only a
    ``FormatChecker`` asked for those formats makes, and no notebook schema
    does. Called where this package owns the process (the command line,
    ``report-all``'s worker processes, a report's kernel: :data:`KERNEL_ARGUMENTS`)
    before anything imports ``jsonschema``;
    after it has been imported, this does nothing. Only ``jsonschema`` goes
    without the check: ``rfc3987_syntax`` can still be imported.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # an import fails
    try:
        importlib.import_module("jsonschema")
    except ImportError:  # pragma: no cover - jsonschema comes with nbformat
        pass
    finally:
        del sys.modules["rfc3987_syntax"]


# -- HTML --------------------------------------------------------------------------------------


class _References(html.parser.HTMLParser):
    """Collects every ``src``/``href`` (and similar) value that leaves the file."""

    ATTRIBUTES = frozenset({"src", "href", "xlink:href", "action", "formaction", "poster", "data"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key.lower() in self.ATTRIBUTES and value and not _local(value):
                self.found.append(f"<{tag} {key}={value[:80]!r}>")

    handle_startendtag = handle_starttag


def _local(value: str) -> bool:
    text = value.strip()
    return not text or text.startswith("#") or text.lower().startswith("data:")


def external_references(document: str) -> list[str]:
    """Every ``src``/``href`` of ``document`` that is not a ``data:`` URI or a ``#`` fragment."""
    parser = _References()
    parser.feed(document)
    parser.close()
    return parser.found


def _strip_remote_scripts(nb: Any) -> None:
    """Remove ``<script src=...>`` loaders of outputs (plotly adds a MathJax one per figure)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                text = data["text/html"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/html"] = _REMOTE_SCRIPT.sub("", text)


#: Each thread's HTML exporter (:func:`_exporter`); a conversion changes its filters.
_EXPORTERS = threading.local()


def _page_exporter_class() -> type[HTMLExporter]:
    """nbconvert's HTML exporter without its last step, which parses the whole page
    (BeautifulSoup) to give images an ``alt`` text and make inputs and outputs focusable:
    :func:`accessible_html` does that in the one parse of the page it makes anyway."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(  # type: ignore[override]
            self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            # HTMLExporter.from_notebook_node (nbconvert 7) up to its BeautifulSoup.
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter


def _exporter() -> HTMLExporter:
    """This thread's HTML exporter for reports, made once: making one compiled its
    templates anew, about 0.2 s of each report a ``report-all`` worker made."""
    exporter: HTMLExporter | None = getattr(_EXPORTERS, "exporter", None)
    if exporter is None:
        import jinja2
        from nbconvert.preprocessors import TagRemovePreprocessor

        exporter = _page_exporter_class()(
            template_name="lab",
            template_file=_TEMPLATE_NAME,
            extra_loaders=[jinja2.DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags={NOTEBOOK_ONLY_TAG}), enabled=True
        )
        _EXPORTERS.exporter = exporter
    return exporter


def export_html(ipynb: Path, title: str) -> str:
    """The executed notebook as one offline HTML page without code.

    Raises
    ------
    ReportError
        When the page would still load something from outside the file.
    """
    import nbformat

    nb = nbformat.read(ipynb, as_version=4)
    _strip_remote_scripts(nb)
    nb.metadata["title"] = shown_text(title)  # it names the candidate: no control character
    body, _ = _exporter().from_notebook_node(
        nb,
        resources={
            "metadata": {"name": title},
            "followup_css": REPORT_CSS,
            "followup_js": report_js(),
        },
    )
    body = accessible_html(body)
    leaks = external_references(body)
    if leaks:
        raise ReportError(f"the exported HTML would load from the network: {', '.join(leaks[:3])}")
    return str(body)


#: Figures up to this height (CSS pixels) fit on a printed page (US Letter or A4 less
#: margins); they are kept on one page. A taller one would leave a blank page before it.
PRINTED_PAGE_HEIGHT = 900
#: Width in CSS pixels of a printed page's text (US Letter or A4 less margins).
PRINTED_PAGE_WIDTH = 700
#: Class of the outputs that are not split across pages.
KEEP_TOGETHER = "followup-keep-together"
#: How the text alternative shown under each figure starts (report_views.figure_text).
FIGURE_TEXT_START = "In words:"
#: Class of the ``<div>`` of a plotly figure.
_FIGURE_CLASS = "plotly-graph-div"
#: The ``alt`` text nbconvert gives an image that has none.
NO_ALT_TEXT = "No description has been provided for this image"
#: A width in pixels in an element's style (a figure wider than a phone's screen).
_FIXED_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*\d+(?:\.\d+)?px", re.IGNORECASE)
#: The height in pixels in a figure's wrapper style (plotly's ``height:450px; width:100%``).
_HEIGHT = re.compile(r"(?:^|;)\s*height\s*:\s*(\d+(?:\.\d+)?)px", re.IGNORECASE)


def accessible_html(page: str) -> str:
    """An exported report with its figures named and described, and fewer tab stops.

    - First what nbconvert's HTML exporter does to a page after its template,
      left to this function so the page is parsed once (:func:`_page_exporter_class`):
      an image without an ``alt`` text gets one, and each input and output of the
      notebook is focusable (``tabindex="0"``).
    - Each plotly figure becomes an image for assistive technology
      (``role="img"``) named after its title (``aria-label``). The "In words"
      paragraph shown under it is read in the page's flow, right after it, and
      only there: nothing points at it. ``aria-describedby`` would read it out
      with the figure, and ``aria-details`` lets a screen reader do the same, so
      it was heard twice.
    - A figure short enough for a printed page is kept on one page (class
      :data:`KEEP_TOGETHER` on its output); a taller one flows over pages.
    - nbconvert makes every output and Markdown cell focusable (``tabindex="0"``)
      so a keyboard can scroll it; reports wrap their tables, so only an output
      holding something of a fixed width (a wide figure) keeps it.
    """
    from bs4 import BeautifulSoup

    # find_all, not CSS selectors: soupsieve compiles its selector grammar on first use
    # (about 0.07 s of each process that exports).
    soup = BeautifulSoup(page, features="html.parser")
    for image in soup.find_all("img"):
        if not image.has_attr("alt"):
            image.attrs["alt"] = NO_ALT_TEXT
    for element in soup.find_all("div", class_=["jp-Cell-inputWrapper", "jp-OutputArea-output"]):
        if element.find_parent(class_="jp-Notebook") is not None:
            element.attrs["tabindex"] = "0"
    for number, figure in enumerate(soup.find_all("div", class_=_FIGURE_CLASS), start=1):
        figure["role"] = "img"
        figure["aria-label"] = f"Chart: {_figure_title(figure)}"
        text = _figure_text_after(figure)
        if text is not None:  # an anchor to link to; the figure does not point at it
            text["id"] = text.get("id") or f"figure-text-{number}"
        wrapper = figure.find_parent(style=_HEIGHT)
        output = figure.find_parent(class_="jp-OutputArea-child")
        if wrapper is not None and output is not None:
            height = _HEIGHT.search(str(wrapper["style"]))
            if height is not None and float(height.group(1)) <= PRINTED_PAGE_HEIGHT:
                output["class"] = " ".join([*output.get_attribute_list("class"), KEEP_TOGETHER])
    for element in soup.find_all(tabindex="0"):
        wide = element.find(style=_FIXED_WIDTH)
        if element.find("div", class_=_FIGURE_CLASS) is None or wide is None:
            del element["tabindex"]
    return str(soup)


def _figure_title(figure: Any) -> str:
    """The title of a plotly figure, from the ``Plotly.newPlot(id, data, layout)`` call after it."""
    import json

    script = figure.find_next("script")
    source = (script.string or "") if script is not None else ""
    start = source.find("Plotly.newPlot(")
    if start < 0:
        return "figure"
    decoder = json.JSONDecoder()
    position = start + len("Plotly.newPlot(")
    try:
        values = []
        for _ in range(3):  # the id, the data, the layout
            while source[position] in " \t\r\n,":
                position += 1
            value, position = decoder.raw_decode(source, position)
            values.append(value)
        title = values[2].get("title", {})
        text = title.get("text", "") if isinstance(title, dict) else str(title)
    except (ValueError, IndexError, AttributeError):
        return "figure"
    return html.unescape(re.sub(r"<[^>]*>", " ", str(text))).strip() or "figure"


def _figure_text_after(figure: Any) -> Any:
    """The "In words" paragraph of the cell after the figure's cell, if there is one."""
    cell = figure.find_parent(class_="jp-Cell")
    following = cell.find_next_sibling(class_="jp-Cell") if cell is not None else None
    if following is None:
        return None
    for paragraph in following.find_all("p"):
        if paragraph.get_text(" ", strip=True).startswith(FIGURE_TEXT_START):
            return paragraph
    return None


# -- PDF ---------------------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--proxy-server=http://127.0.0.1:9",  # nothing may reach the network
    "--proxy-bypass-list=<-loopback>",
)


def chromium_command(url: str, user_data_dir: str | Path, *extra: str) -> list[str]:
    """The headless Chromium command line for ``url`` with network access disabled.

    Raises
    ------
    ReportError
        When ``chromium`` is not on the PATH.
    """
    binary = shutil.which("chromium")
    if binary is None:
        raise ReportError(
            "--pdf needs Chromium, and `chromium` is not on the PATH; install it "
            "(Debian/Ubuntu: apt-get install chromium) or leave out --pdf"
        )
    return [binary, *CHROMIUM_FLAGS, f"--user-data-dir={user_data_dir}", *extra, url]


def print_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium, after its scripts ran."""
    with (
        tempfile.TemporaryDirectory(prefix="followup-chromium-") as profile,
        atomic_target(pdf_path) as temporary,
    ):
        command = chromium_command(
            html_path.resolve().as_uri(),
            profile,
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=15000",
            "--no-pdf-header-footer",
            # Figures are laid out once, at the window's width: the printed page's (US
            # Letter or A4 less margins), so no figure is cut at the right edge.
            f"--window-size={PRINTED_PAGE_WIDTH},{PRINTED_PAGE_HEIGHT}",
            "--print-to-pdf-no-header",
            f"--print-to-pdf={temporary}",
        )
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise ReportError(f"Chromium took over {CHROMIUM_TIMEOUT} s to print") from None
        if done.returncode != 0 or temporary.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise ReportError(f"Chromium could not print the PDF: {last}")
    return pdf_path


# -- one report --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Job:
    """Everything one notebook run needs; plain data, so it can go to another process."""

    notebook: str
    parameters: dict[str, Any]
    stem: str
    title: str
    out_dir: Path
    kernel: str = "python3"
    pdf: bool = False
    keep_ipynb: bool = False


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _run(job: _Job) -> ReportResult:
    """Execute a notebook with papermill and export it (the worker of both entry points)."""
    import papermill
    from jupyter_client.manager import AsyncKernelManager
    from papermill.exceptions import PapermillExecutionError

    source = notebook_path(job.notebook)
    try:
        job.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create folder {job.out_dir}: {exc.strerror or exc}") from None
    kept = job.out_dir / f"{job.stem}.ipynb"
    with tempfile.TemporaryDirectory(prefix="followup-report-") as work:
        executed = Path(work) / f"{job.stem}.ipynb"
        # The kernel talks over Unix sockets in this private folder, not over TCP.
        kernel = AsyncKernelManager(
            kernel_name=job.kernel,
            transport="ipc",
            ip=str(Path(work) / "kernel"),
            connection_file=str(Path(work) / "kernel.json"),
        )
        try:
            papermill.execute_notebook(
                str(source),
                str(executed),
                parameters=job.parameters,
                kernel_name=job.kernel,
                km=kernel,
                extra_arguments=KERNEL_ARGUMENTS,
                shutdown_kernel="immediate",  # the notebook is complete; no need to wait
                cwd=str(source.parent),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=CELL_TIMEOUT,
            )
        except PapermillExecutionError as exc:
            if executed.exists():
                atomic_write(kept, executed.read_bytes())
            where = f"; executed notebook kept at {kept}" if kept.exists() else ""
            first = (str(exc.source or "").strip().splitlines() or [""])[0][:60]
            raise ReportError(
                f"{Path(job.notebook).name} failed at cell {exc.cell_index} ({first}): "
                f"{exc.ename}: {_one_line(exc.evalue)}{where}"
            ) from None
        except (OSError, RuntimeError, ValueError) as exc:  # kernel died, bad notebook, ...
            raise ReportError(
                f"{job.notebook} could not run: {type(exc).__name__}: {_one_line(exc)}"
            ) from None
        finally:
            _stop_kernel(kernel)
        page = export_html(executed, job.title)
        html_path = job.out_dir / f"{job.stem}.html"
        atomic_write(html_path, page)
        ipynb_path = None
        if job.keep_ipynb:
            atomic_write(kept, executed.read_bytes())
            ipynb_path = kept
    pdf_path = print_pdf(html_path, job.out_dir / f"{job.stem}.pdf") if job.pdf else None
    return ReportResult(html_path, pdf_path, ipynb_path)


def _stop_kernel(kernel: AsyncKernelManager) -> None:
    """Stop the kernel ``kernel`` started: papermill (nbclient) stops only a kernel whose
    manager it made itself, so each report left one running in the calling process (a
    worker of ``report-all`` gathered one per report it made) until that process ended."""
    from jupyter_core.utils import run_sync

    if kernel.has_kernel:
        run_sync(kernel.shutdown_kernel)(now=True)


@contextlib.contextmanager
def output_folder(out_dir: str | Path, option: str | None = None) -> Iterator[Path]:
    """``out_dir`` ready for reports before any notebook runs; created if missing.

    Folders this creates are removed again when the block ends with nothing
    written in them (an unknown candidate, every report failed), so a
    failed run leaves no empty folder behind.

    Parameters
    ----------
    out_dir
        The folder.
    option
        How the user gave it (``--out``), for messages.

    Raises
    ------
    ReportError
        ``--out X: is a file, not a folder``, ``--out X: cannot create the folder:
        reason`` (``X: ...`` without ``option``).
    """
    target = Path(out_dir)
    named = f"{option} {out_dir}" if option else str(out_dir)
    if target.exists() and not target.is_dir():
        raise ReportError(f"{named}: is a file, not a folder")
    created: list[Path] = []
    probe = target
    while not probe.exists() and not probe.is_symlink() and probe != probe.parent:
        created.append(probe)
        probe = probe.parent
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"{named}: cannot create the folder: {exc.strerror or exc}") from None
    if not os.access(target, os.W_OK | os.X_OK):
        raise ReportError(f"{named}: cannot write in the folder: permission denied")
    try:
        yield target
    finally:
        for folder in created:  # deepest first; only empty ones go
            with contextlib.suppress(OSError):
                folder.rmdir()


def _as_of_text(as_of: str | dt.date | None, config: Config) -> str:
    return to_as_of(as_of, config).date().isoformat()


#: A report takes settings or a settings file (a table of settings has no file to show).
ConfigInput = Config | str | Path | None


def _config_for(log_paths: Sequence[Path], config_path: ConfigInput) -> tuple[Config, Path | None]:
    """The settings in force for these logs, and their file (``None`` for a Config object)."""
    if isinstance(config_path, Config):
        return config_path, None
    found = Path(config_path) if config_path is not None else find_config_file(log_paths)
    config = resolve_config(config_path, log_paths=log_paths)  # a found file named as found
    return config, (found.resolve() if found is not None else None)


def _write_config(config: Config, path: Path) -> Path:
    """Write ``config`` as a ``followup-stats.toml`` (for a pseudonymised run's temp folder).

    ``per-file-ignores`` patterns are written relative to nothing (absolute), so
    the copy in another folder matches the logs the settings matched.
    """
    lines = []
    config = config.flattened()  # the command line's selection, as a file can hold it
    config = dataclasses.replace(
        config, per_file_ignores=config.per_file_ignores_anchored(), extend_per_file_ignores=()
    )
    for name in SETTINGS:
        value = getattr(config, name)
        if value is None:
            continue
        if name in TABLE_KEYS:
            pairs = ", ".join(
                f"{_toml_text(pattern)} = [{', '.join(_toml_text(c) for c in codes)}]"
                for pattern, codes in value
            )
            lines.append(f"{name.replace('_', '-')} = {{{pairs}}}")
        elif isinstance(value, tuple):
            lines.append(f"{name} = [{', '.join(_toml_text(v) for v in value)}]")
        elif isinstance(value, str):
            lines.append(f"{name} = {_toml_text(value)}")
        else:
            lines.append(f"{name} = {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read_config_file(path)  # the copy must read back as valid settings
    return path


def _per_file_ignores_of_copies(
    config: Config, originals: Sequence[str], copies: Sequence[Path]
) -> Config:
    """``config`` with its ``per-file-ignores`` resolved for the pseudonymised copies.

    A pattern matches the original's path, not the copy's (``file_1.csv`` in a
    temporary folder): each copy gets, by name, the codes its original drops.
    """
    if not (config.per_file_ignores or config.extend_per_file_ignores):
        return config

    named = []
    for original, copy in zip(distinct_sources(list(originals)), copies, strict=True):
        dropped = config.ignored_in(str(original))
        if dropped:
            named.append((copy.name, tuple(c for c in ALL_CODES if c in dropped)))
    return dataclasses.replace(
        config,
        per_file_ignores=tuple(named),
        extend_per_file_ignores=(),
        root=str(copies[0].parent),
    )


def _per_candidate_ignores_of_copies(config: Config, pseudonyms: Mapping[str, str]) -> Config:
    """``config`` with its ``per-candidate-ignores`` naming the pseudonyms of the copies.

    A name no copy holds is left out: it matched nothing, and a real name
    must not reach the pseudonymised run's settings.
    """
    if not config.per_candidate_ignores:
        return config
    named = tuple(
        (pseudonyms[name], codes)
        for name, codes in config.per_candidate_ignores
        if name in pseudonyms
    )
    return dataclasses.replace(config, per_candidate_ignores=named)


def _toml_text(value: str) -> str:
    """``value`` as a TOML basic string: backslash, quote and control characters escaped."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _TOML_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


#: Characters a TOML basic string cannot hold as they are (U+0000..U+001F but tab, DEL).
_TOML_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


#: How the names begin of the files programs keep beside a document, which are no logs
#: whatever their suffix: Excel's owner file while a workbook is open (``~$ben.xlsx``),
#: LibreOffice's lock (``.~lock.ben.xlsx#``) and the resource forks macOS writes on shared
#: and FAT drives (``._ben.csv``).
LOCK_FILE_PREFIXES = ("~$", ".~lock.", "._")


def lock_file(path: Path) -> bool:
    """Whether ``path`` is a file a program keeps beside a document (:data:`LOCK_FILE_PREFIXES`)."""
    return path.name.startswith(LOCK_FILE_PREFIXES)


def folder_logs(folder: str | Path) -> tuple[list[Path], list[Path]]:
    """The log files in a folder, and what else it holds (skipped); both sorted.

    A log file is named as ``check`` reads logs
    (:data:`~followup_stats.read.LOG_SUFFIXES`); other files, every
    sub-folder (``archive.csv/`` too: sub-folders are not searched), named
    pipes, sockets and devices, and the lock files office programs keep
    beside an open workbook (:func:`lock_file`: ``~$ben.xlsx`` is no workbook,
    and would stop the run while the coach has ``ben.xlsx`` open) are skipped.
    A configuration file (:data:`~followup_stats.config.CONFIG_FILE_NAMES`) is
    neither: the run reads it, so it is not said to be skipped.
    """
    logs: list[Path] = []
    skipped: list[Path] = []
    for path in sorted(Path(folder).iterdir()):
        if path.name in CONFIG_FILE_NAMES and path.is_file():
            continue
        named = (
            path.suffix.lower() in LOG_SUFFIXES
            and not path.is_dir()
            and not _special(path)
            and not lock_file(path)
        )
        (logs if named else skipped).append(path)
    return logs, skipped


def _special(path: Path) -> bool:
    """Whether ``path`` is a named pipe, socket or device: in a folder, a pipe no one
    writes to would stop the run for good. (Given by name, one is read as a file is.)
    A link to nothing is not special: reading it says what is wrong."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


#: Files named like text logs and at most this big are read to tell a note from a log.
NOTE_BYTES = 1_000_000
#: The suffixes of text logs, which a note or a contact list may share.
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


def not_logs(paths: Sequence[Path]) -> list[Path]:
    """The files among ``paths`` that hold no log: none of the required columns.

    A folder of client logs also holds notes (``notes.txt``) and contact
    lists; such a file would stop the whole run. A file with some required
    columns, or one that cannot be read, is a log with a problem: the run
    reports it as the loader does. Only text files up to
    :data:`NOTE_BYTES` are read to tell (a note is small; a big file or a
    workbook is taken for a log without reading it twice).
    """
    from followup_stats.load import REQUIRED_COLUMNS, header_names, read_canonical

    strangers = []
    for path in paths:  # one per file, not per row
        try:  # a file that cannot be read (a symbolic link loop) is reported as a log is
            if path.suffix.lower() not in TEXT_SUFFIXES or path.stat().st_size > NOTE_BYTES:
                continue
        except OSError:
            continue
        try:
            raw, _, _ = read_canonical(path)
        except FollowupStatsError:
            continue
        if not set(REQUIRED_COLUMNS) & set(header_names(raw)):
            strangers.append(path)
    return strangers


def skipped_text(skipped: Sequence[Path]) -> str:
    """Names of what a folder held besides logs, sub-folders marked with a ``/``."""
    return ", ".join(p.name + ("/" if p.is_dir() else "") for p in skipped)


def suffixes_text() -> str:
    """The log file names a folder is searched for, as messages give them."""
    return ", ".join(f"*{suffix}" for suffix in LOG_SUFFIXES)


def no_log_files_text(folder: Path, skipped: Sequence[Path]) -> str:
    """Why a folder gives no log; where it holds folders, how to name them instead."""
    text = f"{folder}: no log files ({suffixes_text()}) in this folder"
    inner = [path for path in skipped if path.is_dir()]
    if not inner:
        return text
    if len(inner) == 1:
        return f"{text}; its sub-folder is not searched: name it ({inner[0]}{os.sep})"
    return f"{text}; its sub-folders are not searched: name them, as in {folder / '*'}{os.sep}"


def _log_files(source: str | Path | Sequence[str | Path]) -> list[Path]:
    """The log files of a path (a file, or every log file in a folder) or a list of them."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            files, skipped = folder_logs(path)
            if not files:
                raise ReportError(no_log_files_text(path, skipped))
            return files
        if path.exists() and not path.is_file():  # /dev/stdin, a named pipe: read once only
            raise ReportError(
                f"{path}: a report reads its log more than once, so it takes a regular file, "
                "not a pipe or device: save the log to a file and give that"
            )
        if not path.is_file():
            raise ReportError(f"{path}: {no_such_file(str(source), device=False)}")
        return [path]
    return [Path(p) for p in source]


def _resolved(path: Path) -> Path:
    """``path`` resolved; a symbolic link loop as it is (reading it then says what is wrong)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return path.absolute()


@dataclasses.dataclass(frozen=True)
class _Prepared:
    """A run's inputs: the log(s) and settings the notebooks read, and the candidates."""

    log_path: str | list[str]
    config_path: str | None
    config: Config
    as_of: str
    candidates: list[str]
    pseudonyms: dict[str, str]
    #: Files with rows of which none loaded, as named on the command line.
    unloaded_files: tuple[str, ...] = ()
    #: Candidates named only by rows not loaded (real names): they get no report.
    unloaded_candidates: tuple[str, ...] = ()
    #: The log files, as named on the command line.
    files: tuple[str, ...] = ()
    #: Files (or sheets) with a header and no data rows, as named on the command line.
    empty_files: tuple[str, ...] = ()
    #: Whether each file's candidates have an event on or before the as-of date
    #: (:func:`followup_stats.load.judged_share`), files as named on the command line.
    judged: pd.DataFrame | None = None
    #: Those of ``unloaded_candidates`` named after a file of ``unloaded_files`` (it has
    #: no candidate column) and by no row of another: that file's line says it.
    unloaded_as_files: tuple[str, ...] = ()
    #: The error of each log, among several, that cannot be a log at all (as named):
    #: set aside, the others reported.
    unreadable: tuple[LogFormatError, ...] = ()


@contextlib.contextmanager
def _prepared(
    source: str | Path | Sequence[str | Path],
    as_of: str | dt.date | None,
    config_path: ConfigInput,
    anonymize: bool,
    anonymize_key: str | Path | None = None,
) -> Iterator[_Prepared]:
    """Resolve files, settings and as-of date; with ``anonymize``, a pseudonymised copy
    (its pseudonyms read from and written back to ``anonymize_key`` when given)."""
    from followup_stats.anonymize import Pseudonymizer, pseudonymize_logs

    files = _log_files(source)
    config, config_file = _config_for(files, config_path)
    day = _as_of_text(as_of, config)
    readable = _readable_files(files)
    files, unreadable = readable.files, readable.unreadable
    resolved = [str(_resolved(f)) for f in files]
    given = _given_names(resolved, files)
    with tempfile.TemporaryDirectory(prefix="followup-anon-") as work:
        pseudonyms: dict[str, str] = {}
        if anonymize:
            # The originals are read first: a log the loader refuses is refused with its
            # own error (file, line, columns), not rendered from a copy.
            names = Pseudonymizer.from_key_file(anonymize_key) if anonymize_key else None
            with _refusal_as_given(given, config):
                copies = pseudonymize_logs(
                    readable.logs or resolved, work, names=names, config=config
                )
            if anonymize_key:  # before the reports: a failed one is still named as next time
                copies.names.write_key_file(anonymize_key)
            config = _per_file_ignores_of_copies(config, resolved, copies.paths)
            pseudonyms = copies.names.known("candidate")
            config = _per_candidate_ignores_of_copies(config, pseudonyms)
            written = [str(p) for p in copies.paths]
            log_path: str | list[str] = written[0] if len(written) == 1 else written
            settings: str | None = str(_write_config(config, Path(work) / "followup-stats.toml"))
        else:
            _refuse_names_not_utf8(resolved, [str(f) for f in files])
            log_path = resolved[0] if len(resolved) == 1 else resolved
            if isinstance(config_path, Config):  # settings from the command line
                settings = str(_write_config(config, Path(work) / "followup-stats.toml"))
            else:
                settings = str(config_file) if config_file is not None else None
        # The logs read above are loaded as read (the copies with --anonymize are new).
        read: str | list[str] | list[RawSource] = (
            readable.logs if readable.logs and not anonymize else log_path
        )
        with _refusal_as_given(given, config):
            loaded = load_log(read, config=config, as_of=day)
        candidates = [str(c) for c in loaded.events["candidate"].dropna().unique()]
        if anonymize:  # each copy stands for its original, named as the loader names it
            given = {
                copy: _as_given(label, given)
                for copy, label in zip(written, copies.labels, strict=True)
            }
        real = {pseudonym: name for name, pseudonym in pseudonyms.items()}
        # A totals row or the header row again is no client's (its candidate is NA): not
        # one of whom no row could be loaded.
        quality = loaded.quality
        rows = quality.loc[quality["rejected"].to_numpy(dtype=bool)]
        rejected = rows["candidate"]
        nobody = [
            str(n) for n in rejected.astype("string").dropna().unique() if n not in candidates
        ]
        as_files = _named_after_unloaded_files(rows, loaded.unloaded_files, given, real)
        yield _Prepared(
            log_path,
            settings,
            config,
            day,
            candidates,
            pseudonyms,
            tuple(_as_given(f, given) for f in loaded.unloaded_files),
            tuple(real.get(name, name) for name in nobody),
            tuple(shown_name(str(f)) for f in files),
            tuple(_as_given(f, given) for f in loaded.empty_files),
            _judged_as_given(loaded, given),
            tuple(real.get(name, name) for name in nobody if name in as_files),
            unreadable,
        )


@dataclasses.dataclass(frozen=True)
class _Readable:
    """:func:`_readable_files`: the logs that can be read, what was read of them, and the
    error of each of the others."""

    #: The logs that can be read, as given (each file once).
    files: list[Path]
    #: Each one's raw cells, in order, for the load to take rather than read it again;
    #: ``None`` for a single log, which the load reads (and refuses) as before.
    logs: list[RawSource] | None
    #: The error of each log that cannot be one, named as given and shown as text.
    unreadable: tuple[LogFormatError, ...]


def _readable_files(files: list[Path]) -> _Readable:
    """``files`` without those that cannot be a log at all, when there are several: the
    others are still reported, as ``check`` checks them.

    Each log is read here once, as the loader reads it, and what was read is kept for
    the load; a log set aside is known by the file itself, whatever its name looks
    like once shown (a name not UTF-8 is shown with ``\\xNN``). One log is left for
    the loader to refuse, as before.

    Raises
    ------
    followup_stats.errors.UnreadableLogs
        When none of several logs can be read: each one's error, named as given.
    """
    if len(files) < 2:
        return _Readable(files, None, ())
    from followup_stats import load

    pairs = [(f, str(_resolved(f))) for f in cast(list[Path], distinct_sources(files))]

    def read(pair: tuple[Path, str], _: int) -> RawSource:
        file, path = pair
        try:
            raw, label, stem = load.read_canonical(path)
            load._normalised_cells(raw, label)  # a broken header fails here, as the load would
        except LogFormatError as exc:  # named as given: this file's error, whatever its name
            raise _named_as(exc, path, str(file)) from None
        return RawSource(raw, label, stem)

    kept, logs, unreadable = load.readable_sources(pairs, read, skip_unreadable=True)
    first = load.first_reading_of_each_sheet(
        [path for _, path in kept], [log.label for log in logs]
    )
    return _Readable([kept[i][0] for i in first], [logs[i] for i in first], tuple(unreadable))


def _named_as(error: LogFormatError, path: str, name: str) -> LogFormatError:
    """``error`` of the log at ``path`` (raw, or shown as the loader labels it, perhaps with
    a sheet: ``log.xlsx[B]``), named by ``name`` as given, shown as text."""
    for prefix in (path, shown_name(path)):
        if error.path == prefix or error.path.startswith(prefix + "["):
            label = name + error.path[len(prefix) :]
            break
    else:
        label = error.path
    return LogFormatError(shown_name(label), error.message, error.line, error.column)


def _given_names(resolved: Sequence[str], files: Sequence[Path]) -> dict[str, str]:
    """Each resolved log's name on the command line, also under the label the loader gives
    it when that name is not UTF-8 text (shown with ``\\xNN``, as the label is)."""
    given = dict(zip(resolved, (str(f) for f in files), strict=True))
    for path, file in zip(resolved, files, strict=True):
        given.setdefault(shown_name(path), shown_name(str(file)))
    return given


def _error_as_given(error: LogFormatError, given: dict[str, str]) -> LogFormatError:
    """``error`` with its file named as on the command line, shown as text."""
    name = shown_name(_as_given(error.path, given))
    return LogFormatError(name, error.message, error.line, error.column)


def _refused(prepared: _Prepared, message: str) -> ReportError | UnreadableLogs:
    """The error of a run with nothing to report (``message``); with logs set aside as
    unreadable, each one's line, the last followed by ``message``, so that mending them
    does not lead to a second refusal."""
    if not prepared.unreadable:
        return ReportError(message)
    if not prepared.candidates and not prepared.unloaded_files:  # said of the logs beside
        message = no_events_text(
            list(prepared.empty_files), "there is nothing in {it} to report on"
        )
    *first, last = prepared.unreadable
    said = LogFormatError(last.path, f"{last.message}; {message}", last.line, last.column)
    return UnreadableLogs([*first, said])


def _label_stem(label: str) -> str:
    """The stem of a file label (``logs/pat.csv`` or ``log.xlsx[Sheet1]``): ``pat``, ``log``."""
    return Path(re.sub(r"\[[^\]]*\]$", "", label)).stem


def _named_after_unloaded_files(
    rejected: pd.DataFrame,
    unloaded: Sequence[str],
    given: dict[str, str],
    real: dict[str, str],
) -> set[str]:
    """Candidates (as loaded) all of whose ``rejected`` rows lie in ``unloaded`` files and
    bear the file's name, as rows of a log without a candidate column do."""
    # Each file's candidates: a handful, however many rows were rejected.
    pairs = rejected[["file", "candidate"]].astype("string").dropna().drop_duplicates()
    unloaded_set = set(unloaded)
    said = {
        (file, name): file in unloaded_set
        and real.get(name, name) in {_label_stem(file), _label_stem(_as_given(file, given))}
        for file, name in pairs.itertuples(index=False)
    }
    whole: dict[str, bool] = {}
    for (_, name), own in said.items():
        whole[name] = whole.get(name, True) and own
    return {name for name, own in whole.items() if own}


def _judged_as_given(loaded: LoadedLog, given: dict[str, str]) -> pd.DataFrame:
    """:func:`followup_stats.load.judged_share` of ``loaded``, its files as named on the
    command line (a handful of rows)."""
    share = judged_share(loaded.events, loaded.as_of)
    files = share["file"].map(lambda label: _as_given(str(label), given))
    return share.assign(file=files.astype("string"))


def _with_real_names(
    judged: pd.DataFrame | None, pseudonyms: dict[str, str]
) -> pd.DataFrame | None:
    """``judged`` with its candidates' real names (``pseudonyms``: name -> pseudonym), as
    the other lines on the screen of whoever runs the reports name them, even with
    ``--anonymize``."""
    if judged is None or not pseudonyms:
        return judged
    real = {pseudonym: name for name, pseudonym in pseudonyms.items()}
    names = judged["candidate"].astype("string")
    return judged.assign(candidate=names.map(lambda name: real.get(name, name)).astype("string"))


def _as_given(label: str, given: dict[str, str]) -> str:
    """A loader's file label (``/abs/log.xlsx[Sheet1]``) as the file was named on the
    command line (``log.xlsx[Sheet1]``)."""
    if label in given:
        return given[label]
    for path, name in given.items():
        if label.startswith(path + "["):
            return name + label[len(path) :]
    return label


#: At most this many rows (as :func:`followup_stats.logio.rows_about` guesses) for a log to
#: be read again when another is refused, to tell whether it holds no events.
_FEW_ROWS = 10


@contextlib.contextmanager
def _refusal_as_given(given: dict[str, str], config: Config) -> Iterator[None]:
    """A log the loader refuses, named as on the command line, with the logs beside it
    that hold no events: fixing the one, the user would be stopped by the others.

    ``given`` maps each resolved log to its name on the command line.
    """
    try:
        yield
    except UnreadableLogs as exc:  # none of several logs could be read: each one's line
        raise UnreadableLogs([_error_as_given(e, given) for e in exc.errors]) from None
    except LogFormatError as exc:
        others = [
            path for path in given if exc.path != path and not exc.path.startswith(path + "[")
        ]
        empty = [_as_given(label, given) for label in _header_only(others, config)]
        message = exc.message
        if empty:
            message += f"; {no_events_text(empty, 'there is nothing in {it} to report on')}"
        raise LogFormatError(_as_given(exc.path, given), message, exc.line, exc.column) from None


def _header_only(paths: Sequence[str], config: Config) -> list[str]:
    """The labels of those of ``paths`` that hold a header and no data rows.

    Only small regular files are read (a big log is not empty, and what was
    read from a pipe would be gone); one that cannot be read is left out.
    """
    from followup_stats.importers.spreadsheet import spreadsheet_path
    from followup_stats.logio import rows_about

    empty: list[str] = []
    for path in paths:  # a handful of files, each read whole only when small
        workbook = spreadsheet_path(path)
        if not (workbook[0] if workbook else Path(path)).is_file() or rows_about(path) > _FEW_ROWS:
            continue
        try:
            empty.extend(load_log(path, config=config).empty_files)
        except FollowupStatsError:
            continue
    return empty


def _refuse_names_not_utf8(paths: Sequence[str], given: Sequence[str]) -> None:
    """A :class:`ReportError` for a log whose path is not UTF-8 text: a notebook's parameters
    are JSON, which cannot carry it (a pseudonymised run reads a copy, and is not refused).

    The log is named as ``given`` when that name holds the odd bytes, else by its whole
    path (they are in a folder above).
    """
    for path, name in zip(paths, given, strict=True):
        if shown_name(path) != path:
            shown = shown_name(name) if shown_name(name) != name else shown_name(path)
            raise ReportError(
                f"{shown}: the path is not UTF-8 text, which a report's notebook needs; "
                "rename the file or folder, copy the log to such a path, or use --anonymize "
                "(which reads a copy)"
            )


def _choose(prepared: _Prepared, candidate: str | None) -> str:
    names = prepared.candidates
    why = "(`followup-stats check` says why)"
    if not names and not prepared.unloaded_files:  # whoever is asked for, none is there
        raise _refused(prepared, _nothing_to_report(prepared))
    if candidate is None:
        if len(names) == 1:
            return names[0]
        if not names and prepared.unloaded_files:
            raise _refused(prepared, _nothing_loaded(prepared, why))
        shown = ", ".join(repr(n) for n in names[:10]) + (", ..." if len(names) > 10 else "")
        raise ReportError(
            f"the log has {len(names)} candidates ({shown}); choose one with --candidate"
        )
    wanted = (
        prepared.pseudonyms.get(candidate.strip(), candidate) if prepared.pseudonyms else candidate
    )
    if wanted not in names:
        if candidate.strip() in prepared.unloaded_candidates:
            raise ReportError(
                f"candidate {candidate!r}: no row of theirs could be loaded, so there is "
                f"nothing to report on {why}"
            )
        if prepared.unreadable:  # perhaps in a log not read: say so rather than "not in it"
            files = ", ".join(e.path for e in prepared.unreadable)
            hint = _closest(prepared, candidate)
            close = f" ({hint})" if hint.startswith("did you mean") else ""
            raise ReportError(
                f"--candidate {candidate!r}: not in the logs read{close}, and {files} could "
                "not be read (`followup-stats check` says why)"
            )
        raise ReportError(
            f"--candidate {candidate!r}: not in the log ({_closest(prepared, candidate)})"
        )
    return wanted


def _closest(prepared: _Prepared, candidate: str) -> str:
    """``did you mean ...?`` with the names closest to ``candidate``, else the first ten
    names, as ``todo --candidate`` says it; real names, even when the copies are
    pseudonymised, since they are on the screen of whoever runs the command."""
    real = {pseudonym: name for name, pseudonym in prepared.pseudonyms.items()}
    names = sorted(real.get(name, name) for name in prepared.candidates)
    if not names:  # then some file's rows could not be loaded (else nothing is reported)
        files = ", ".join(prepared.unloaded_files)
        return f"no row of {files} could be loaded; `followup-stats check` says why"
    return closest_names_text(candidate, names)


def _candidate_job(
    prepared: _Prepared,
    candidate: str,
    out_dir: Path,
    anonymize: bool,
    kernel: str,
    stem: str | None = None,
    pdf: bool = False,
    keep_ipynb: bool = False,
) -> _Job:
    return _Job(
        notebook=CANDIDATE_NOTEBOOK,
        parameters={
            "log_path": prepared.log_path,
            "as_of": prepared.as_of,
            "candidate": candidate,
            "config_path": prepared.config_path,
            "anonymize": anonymize,
        },
        stem=stem or report_stem(candidate, prepared.as_of),
        title=f"Follow-up report: {candidate}, {prepared.as_of}",
        out_dir=out_dir,
        kernel=kernel,
        pdf=pdf,
        keep_ipynb=keep_ipynb,
    )


def render_report(
    log_path: str | Path | Sequence[str | Path],
    out_dir: str | Path,
    as_of: str | dt.date | None = None,
    candidate: str | None = None,
    config_path: ConfigInput = None,
    anonymize: bool = False,
    pdf: bool = False,
    keep_ipynb: bool = False,
    anonymize_key: str | Path | None = None,
) -> ReportResult:
    """Render one candidate's report to ``{out_dir}/{candidate_slug}_{as_of}.html``.

    Parameters
    ----------
    log_path
        The log (or several files of one log).
    out_dir
        Folder for the report (created if missing).
    as_of
        Date to report at; default today in the configured time zone.
    candidate
        The candidate; ``None`` when the log has exactly one.
    config_path
        Settings file (or settings); ``None`` looks for a file next to the log.
    anonymize
        Replace candidate, company, contact, role, notes and other free text
        by pseudonyms before the notebook runs; the file name uses the
        candidate's pseudonym.
    pdf
        Also print ``.pdf`` with headless Chromium.
    keep_ipynb
        Keep the executed notebook as ``.ipynb`` next to the HTML.
    anonymize_key
        With ``anonymize``: a file of who is who (JSON), read first and written
        back, so a client keeps the same pseudonym from one run to the next.
        It names everyone: keep it out of what is shared.

    Returns
    -------
    ReportResult
        The paths written.

    Raises
    ------
    ReportError
        When the notebook fails (the message names the cell and the error,
        and the executed notebook is kept next to the output), when the
        candidate is unknown or missing, when ``pdf`` is asked for without
        Chromium, or when ``out_dir`` is a file or cannot be created (before
        any work; see :func:`output_folder`).
    """
    if pdf:
        chromium_command("about:blank", "unused")  # fail before the work when Chromium is missing
    with (
        output_folder(out_dir) as target,
        _prepared(log_path, as_of, config_path, anonymize, anonymize_key) as prepared,
    ):
        chosen = _choose(prepared, candidate)
        job = _candidate_job(
            prepared, chosen, target, anonymize, kernel_name(), None, pdf, keep_ipynb
        )
        return dataclasses.replace(
            _run(job),
            unloaded_files=prepared.unloaded_files,
            empty_files=prepared.empty_files,
            judged=_with_real_names(judged_for(prepared.judged, chosen), prepared.pseudonyms),
            unreadable=prepared.unreadable,
        )


def _nothing_loaded(prepared: _Prepared, why: str) -> str:
    """The error of a run of which no row loaded, naming the files, and those with no events."""
    files = ", ".join(prepared.unloaded_files)
    if not prepared.empty_files:
        return f"{files}: no row could be loaded, so there is nothing to report on {why}"
    nothing = no_events_text(list(prepared.empty_files), "there is nothing to report on")
    return f"{files}: no row could be loaded {why}, and {nothing}"


def _nothing_to_report(prepared: _Prepared) -> str:
    """The error of a run whose logs hold no events at all, naming them."""
    return no_events_text(
        list(prepared.empty_files or prepared.files), "there is nothing to report on"
    )


# -- many reports ------------------------------------------------------------------------------


def _unique_stems(names: Sequence[str], as_of: str) -> dict[str, str]:
    """A distinct report stem per candidate, never the coach review's."""
    taken = {f"{COACH_STEM}_{as_of}".lower()}
    stems: dict[str, str] = {}
    for name in names:
        stem = report_stem(name, as_of)
        if stem.lower() in taken:
            digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
            stem = f"{safe_stem(name)}-{digest}_{as_of}"
        taken.add(stem.lower())
        stems[name] = stem
    return stems


def _run_task(label: str, job: _Job) -> dict[str, Any]:
    """Run one job in a worker; failures become a row instead of an exception."""
    skip_iri_grammars()  # a Dask worker has no initializer; done once per process
    try:
        result = _run(job)
    except FollowupStatsError as exc:
        return {"candidate": label, "status": "failed", "path": None, "error": _one_line(exc)}
    except Exception as exc:  # a bug in one report must not stop the others
        error = f"internal error: {type(exc).__name__}: {_one_line(exc)}"
        return {"candidate": label, "status": "failed", "path": None, "error": error}
    return {"candidate": label, "status": "ok", "path": str(result.html_path), "error": None}


#: Rows of finished tasks, as they finish (closed to stop the pool or cluster early).
_Rows = Generator[dict[str, Any], None, None]


def _row(future: Any, label: str) -> dict[str, Any]:
    """The row a finished task returned, or a failure row when its worker died."""
    try:
        return future.result()
    except Exception as exc:  # the worker process itself died
        return {
            "candidate": label,
            "status": "failed",
            "path": None,
            "error": f"worker failed: {type(exc).__name__}: {_one_line(exc)}",
        }


def _pool_rows(tasks: Sequence[tuple[str, _Job]], jobs: int) -> _Rows:
    """Each task's row as it finishes, run in ``jobs`` local processes."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        max(1, jobs), mp_context=context, initializer=skip_iri_grammars
    ) as pool:
        futures = {pool.submit(_run_task, label, job): label for label, job in tasks}
        for future in concurrent.futures.as_completed(futures):
            yield _row(future, futures[future])


def _dask_rows(
    tasks: Sequence[tuple[str, _Job]], jobs: int, scheduler: str | None, dask_engine: ModuleType
) -> _Rows:
    """Each task's row as it finishes, on a Dask cluster (``scheduler``, or ``jobs`` workers)."""
    from distributed import as_completed

    with dask_engine.connected(scheduler, workers=jobs) as client:
        futures = {client.submit(_run_task, label, job, pure=False): label for label, job in tasks}
        for future in as_completed(futures):
            yield _row(future, futures[future])


def render_all(
    source_dir_or_log: str | Path | Sequence[str | Path],
    out_dir: str | Path,
    jobs: int = 2,
    as_of: str | dt.date | None = None,
    anonymize: bool = False,
    config_path: ConfigInput = None,
    progress: bool = True,
    engine: str = "pandas",
    scheduler: str | None = None,
    anonymize_key: str | Path | None = None,
) -> pd.DataFrame:
    """One report per candidate plus the coach review, run in parallel processes.

    Parameters
    ----------
    source_dir_or_log
        A folder of logs (every name ``check`` reads a log by:
        :data:`~followup_stats.read.LOG_SUFFIXES`; a file's candidate
        defaults to its stem) or one log with a ``candidate`` column.
    out_dir
        Folder for the reports (created if missing).
    jobs
        Reports run at once (processes).
    as_of
        Date to report at; default today in the configured time zone.
    anonymize
        Pseudonyms in every report; one mapping for the whole run, so a
        candidate has the same pseudonym in their report and the review.
    anonymize_key
        As for :func:`render_report`: the same pseudonyms from run to run.
    config_path
        Settings file (or settings); ``None`` looks for a file next to the logs.
    progress
        Show a progress bar on standard error.
    engine
        ``pandas`` (a pool of ``jobs`` local processes) or ``dask`` (each
        report a task on a Dask cluster; needs ``followup_stats[dask]``).
    scheduler
        With ``dask``: the address of a running scheduler (``tcp://host:8786``)
        whose workers see the logs, ``out_dir`` and the temporary folder at
        the same paths; default a local cluster of ``jobs`` worker processes.

    Returns
    -------
    DataFrame
        One row per report: ``candidate`` (pseudonym with ``anonymize``;
        ``(coach review)`` for the review), ``status`` (``ok`` or
        ``failed``), ``path`` of the HTML, ``error`` (one line). A failing
        report does not stop the others. Then one row (``status`` ``not
        loaded``, no ``path``) per file and per candidate of which no row
        could be loaded, one (``status`` ``not read``) per log among several
        that could not be read at all (the review lists those too), and one
        (``status`` ``no events``) per file with a header and no data rows:
        those are in no report. ``attrs["judged"]``
        says whether each file's candidates have an event on or before the
        as-of date (:func:`followup_stats.load.judged_share`).

    Raises
    ------
    EngineUnavailable
        For an unknown engine, or ``dask`` without Dask installed.
    ReportError
        For ``scheduler`` without the ``dask`` engine, an ``out_dir`` that
        is a file or cannot be created, or logs that hold no events at all
        (before any report runs).
    """
    from tqdm import tqdm

    from followup_stats.engines import get_engine

    if scheduler is not None and engine != "dask":
        raise ReportError("a scheduler needs the dask engine")
    module = get_engine(engine)  # before any work: EngineUnavailable without Dask
    with (
        output_folder(out_dir) as target,
        _prepared(source_dir_or_log, as_of, config_path, anonymize, anonymize_key) as prepared,
    ):
        if not prepared.candidates and not prepared.unloaded_files:
            # A review of nobody says nothing.
            raise _refused(prepared, _nothing_to_report(prepared))
        stems = _unique_stems(prepared.candidates, prepared.as_of)
        kernel = kernel_name()
        tasks: list[tuple[str, _Job]] = [
            (name, _candidate_job(prepared, name, target, anonymize, kernel, stems[name]))
            for name in prepared.candidates
        ]
        coach = _Job(
            notebook=COACH_NOTEBOOK,
            parameters={
                "log_path": prepared.log_path,
                "as_of": prepared.as_of,
                "config_path": prepared.config_path,
                "anonymize": anonymize,
                "not_read": _not_read_entries(prepared.unreadable, anonymize),
            },
            stem=f"{COACH_STEM}_{prepared.as_of}",
            title=f"Coach review, {prepared.as_of}",
            out_dir=target,
            kernel=kernel,
        )
        if prepared.candidates:  # no row loaded at all: a review of nobody says nothing
            tasks.append((COACH_LABEL, coach))
        rows: list[dict[str, Any]] = []
        finished = (
            _dask_rows(tasks, jobs, scheduler, module)
            if engine == "dask"
            else _pool_rows(tasks, jobs)
        )
        with (
            contextlib.closing(finished),
            tqdm(
                total=len(tasks),
                desc="reports",
                unit="report",
                file=sys.stderr,
                disable=not progress,
            ) as bar,
        ):
            for row in finished:
                rows.append(row)
                bar.update(1)
        unloaded = _not_loaded_rows(prepared)
    order = {label: i for i, (label, _) in enumerate(tasks)}
    order.update({row["candidate"]: len(order) + i for i, row in enumerate(unloaded)})
    table = pd.DataFrame([*rows, *unloaded], columns=["candidate", "status", "path", "error"])
    table = table.sort_values("candidate", key=lambda s: s.map(order)).reset_index(drop=True)
    table = table.astype(
        {"candidate": "string", "status": "string", "path": "string", "error": "string"}
    )
    table.attrs["judged"] = _with_real_names(prepared.judged, prepared.pseudonyms)
    return table


def _not_read_entries(errors: Sequence[LogFormatError], anonymize: bool) -> list[list[str | None]]:
    """The coach review's ``not_read`` parameter: ``[file, why]`` of each log set aside as
    no log at all (the line and column in ``why``), for the page to list; with
    ``anonymize``, ``[None, None]`` each, as a file's name is often its client's."""
    if anonymize:
        return [[None, None] for _ in errors]
    entries: list[list[str | None]] = []
    for error in errors:
        where = [f"line {error.line}"] if error.line is not None else []
        where += [f"column {error.column!r}"] if error.column is not None else []
        why = f"{', '.join(where)}: {error.message}" if where else error.message
        entries.append([error.path, why])
    return entries


def _not_loaded_rows(prepared: _Prepared) -> list[dict[str, Any]]:
    """Rows of :func:`render_all`'s table for each file and candidate of which no row
    loaded (status ``not loaded``), and each file with no data rows (``no events``):
    they are in no report, which must be said."""
    why = "(`followup-stats check` says why)"
    said = {
        "no row could be loaded, so nothing in it is reported": prepared.unloaded_files,
        "no row of theirs could be loaded, so they get no report": [
            name for name in prepared.unloaded_candidates if name not in prepared.unloaded_as_files
        ],
    }
    rows = [
        {"candidate": who, "status": NOT_LOADED, "path": None, "error": f"{error} {why}"}
        for error, whom in said.items()
        for who in whom
    ]
    rows += [
        {"candidate": error.path, "status": NOT_READ, "path": None, "error": str(error)}
        for error in prepared.unreadable
    ]
    return rows + [
        {
            "candidate": file,
            "status": NO_EVENTS,
            "path": None,
            "error": f"the file {HOLDS_NO_EVENTS}, so it is in no report",
        }
        for file in prepared.empty_files
    ]


def summary_text(table: pd.DataFrame) -> str:
    """What :func:`render_all` did, in a few lines: counts, then each failure and each
    file or candidate not loaded."""
    ok = int(table["status"].eq("ok").sum())
    failed = table[table["status"].eq("failed").to_numpy(bool)]
    lines = [f"{counted(ok, 'report')} written, {len(failed)} failed"]
    lines += [f"  failed: {row.candidate}: {row.error}" for row in failed.itertuples()]
    unloaded = table[table["status"].eq(NOT_LOADED).to_numpy(bool)]
    lines += [f"  not loaded: {row.candidate}: {row.error}" for row in unloaded.itertuples()]
    unread = table[table["status"].eq(NOT_READ).to_numpy(bool)]
    lines += [f"  not read: {row.error}" for row in unread.itertuples()]  # file:line: what
    empty = table[table["status"].eq(NO_EVENTS).to_numpy(bool)]
    lines += [f"  no events: {row.candidate}: {row.error}" for row in empty.itertuples()]
    return "\n".join(lines) + "\n"
