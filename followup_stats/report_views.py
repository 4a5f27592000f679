"""What the report notebooks display: tables, prose and figures made from library tables.

The notebooks in ``notebooks/`` hold only calls: they compute tables with the
library (:func:`~followup_stats.checker.check`, :mod:`followup_stats.stats`,
:func:`~followup_stats.actions.next_actions`) and hand them to the functions
here, which return displayable objects: HTML tables, Markdown prose and
plotly figures (from :mod:`followup_stats.plots`).

Every string that came from a log is escaped before display: tables go
through ``DataFrame.to_html(escape=True)``, prose through :func:`md_escape`,
figure labels through :func:`followup_stats.plots.plot_text`. :func:`setup`
makes plotly embed plotly.js in the notebook (renderer ``notebook``), so an
exported report works offline.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import HTML, Markdown

from followup_stats import __version__
from followup_stats.actions import ACTION_WORDS, in_plan_order, long_overdue_text
from followup_stats.anonymize import with_carried_findings
from followup_stats.config import ALL_CODES, SETTINGS, TABLE_KEYS, Config
from followup_stats.errors import FollowupStatsError
from followup_stats.load import LoadedLog, judged_share, load_log, not_loaded_text
from followup_stats.percent import percent_text
from followup_stats.plots import (
    MEASURE_TITLES,
    METRIC_TITLES,
    RATES_TITLE,
    STEP_TITLES,
    day_words,
    shown_text,
)
from followup_stats.plural import counted, counted_phrase, listed, plural
from followup_stats.rules.catalogue import RuleInfo, load_catalogue
from followup_stats.stats import summary_sentences
from followup_stats.stats.patience import MIN_ARM_SIZE
from followup_stats.stats.summary import days_text, median_days_text, no_answer_note

#: Days before the as-of date for recent errors, and after it for due actions (DESIGN.md 6).
ATTENTION_DAYS = 7
#: Actions that ask the candidate to do something (``wait`` and ``move_on`` do not): the
#: etiquette's steps (DESIGN.md 6), and an offer to answer.
ACTIVE_STEPS = ("thank_you", "follow_up", "final_note", "answer_offer")
MISSING = "—"
#: The minus sign of negative numbers in reports (U+2212, not a hyphen).
MINUS = "\u2212"

MEASURE_WORDS: Mapping[str, str] = MEASURE_TITLES
METRIC_WORDS: Mapping[str, str] = METRIC_TITLES
#: A column of which a cell has more characters than this is prose (a finding, a detail):
#: on a narrow screen it is :data:`PROSE_WIDTH` wide, even if its table then scrolls in its
#: box, rather than a word wide (a line a word, beside columns kept whole on a phone).
PROSE_LENGTH = 40
PROSE_WIDTH = "12em"
#: Below this width (576 CSS pixels) a table with a column of prose is a list of cards
#: (:data:`CARD_STYLE`): the findings tables need about 490 pixels as tables, the patience
#: tables 540, and below that they scrolled sideways with their prose at 12em, a few words
#: a line, starting past the screen's edge.
CARD_WIDTH = "36em"
#: Table style: text left-aligned and every cell wrapped, so that no column is cut off on
#: paper or hidden behind a scroll bar; a caption above each table names it, and a row is
#: not split across pages. Words stay whole on a screen: ``overflow-wrap:anywhere`` lets a
#: table squeeze its short columns to a letter's width ("Applica|tion", "Prog|ress|ed"),
#: so a table too wide for a narrow screen (the coach's side-by-side table of ten columns
#: on a phone) scrolls sideways in its own box (``followup-table-box``) instead, and the
#: page does not. Paper cannot scroll: on a printed page below 48em (768 pixels) a word
#: may break anywhere. A very long word gets break points (:func:`_breakable`). A column of
#: prose keeps some width on a phone (:data:`PROSE_LENGTH`), and below :data:`CARD_WIDTH`
#: its table is a list of cards (:data:`CARD_STYLE`). A column of dates (class
#: ``followup-date``, :func:`_date_columns`; the next actions' "now" and "since
#: 2026-10-24" too) never wraps: a squeezed column would break "2026-10-24" after its
#: first hyphen; nor does a column of counts "k of n" (class
#: ``followup-count``), which beside a column of prose stood a word a line ("4 / of / 16").
TABLE_STYLE = (
    "<style>.jp-RenderedHTMLCommon table.followup-table th,"
    ".jp-RenderedHTMLCommon table.followup-table td{text-align:left;vertical-align:top;"
    "white-space:normal;overflow-wrap:break-word}"
    ".jp-RenderedHTMLCommon .followup-table-box{max-width:100%;overflow-x:auto}"
    "@media print{.jp-RenderedHTMLCommon .followup-table-box{overflow-x:visible}}"
    "@media print and (max-width:48em){.jp-RenderedHTMLCommon table.followup-table th,"
    ".jp-RenderedHTMLCommon table.followup-table td{overflow-wrap:anywhere}}"
    "@media screen and (max-width:48em){.jp-RenderedHTMLCommon table.followup-table "
    f"td.followup-prose{{min-width:{PROSE_WIDTH}}}}}"
    ".jp-RenderedHTMLCommon table.followup-table caption{caption-side:top;text-align:left;"
    "font-weight:bold;padding:0.4em 0}"
    ".jp-RenderedHTMLCommon table.followup-table tr{break-inside:avoid}"
    ".jp-RenderedHTMLCommon table.followup-table .followup-count,"
    ".jp-RenderedHTMLCommon table.followup-table .followup-date{white-space:nowrap}</style>"
)
_CARDS = ".jp-RenderedHTMLCommon table.followup-cards"
#: A table with a column of prose (class ``followup-cards``) on a screen narrower than
#: :data:`CARD_WIDTH`: each row a card, a line above it, each cell a line of its own
#: named by its column (``data-label``, the escaped header, read out only once: the
#: ``::before`` text is left out of what a screen reader says where the browser can),
#: the prose as wide as the screen, nothing to scroll. The header row stays for screen
#: readers, hidden from sight; ARIA roles keep the table's semantics, which
#: ``display:block`` drops. The caption stays above; paper and wider screens keep the table.
#: A table's ``lead`` column (:func:`table_html`, class ``followup-lead``) heads each card,
#: in bold without its column's name; a cell of clauses (``followup-clause``, a tuple of
#: texts in the frame) is one text joined by "; " on paper and wider screens, a bulleted
#: line a clause on a phone.
CARD_STYLE = (
    f"<style>@media screen and (max-width:{CARD_WIDTH}){{"
    f"{_CARDS},{_CARDS}>tbody,{_CARDS}>tbody>tr,{_CARDS}>tbody>tr>td,{_CARDS}>tbody>tr>th"
    "{display:block;width:auto;text-align:left}"
    f"{_CARDS}>caption{{display:block}}"
    f"{_CARDS}>thead{{position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
    "border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}"
    f"{_CARDS}>tbody>tr{{padding:0.5em 0;"
    "border-top:1px solid var(--jp-border-color1,#bdbdbd)}"
    f"{_CARDS}>tbody>tr:last-child{{border-bottom:1px solid var(--jp-border-color1,#bdbdbd)}}"
    f"{_CARDS}>tbody>tr>td,{_CARDS}>tbody>tr>th{{padding:0.15em 0.5em}}"
    f'{_CARDS} [data-label]::before{{content:attr(data-label) ": ";'
    'content:attr(data-label) ": "/"";font-weight:bold}'
    f'{_CARDS} [data-label=""]::before{{content:none}}'
    f"{_CARDS}.followup-led>tbody>tr{{display:flex;flex-direction:column}}"
    f"{_CARDS}>tbody>tr>.followup-lead{{order:-1;font-weight:bold}}"
    f"{_CARDS}>tbody>tr>.followup-lead::before{{content:none}}"
    f"{_CARDS} .followup-sep{{display:none}}"
    f"{_CARDS} .followup-clause{{display:list-item;list-style:disc outside;margin-left:1.2em}}"
    "}</style>"
)
SEVERITY_ORDER: Mapping[str, int] = {"error": 0, "warning": 1, "info": 2}
#: Rates the coach's side-by-side table shows, under their names in :data:`METRIC_WORDS`.
COHORT_METRICS = ("response", "interview", "offer")
#: Rates the headline puts in words.
HEADLINE_METRICS = ("response", "interview", "offer", "never_answered")


class ReportInputError(FollowupStatsError):
    """A report parameter that does not fit the log (unknown candidate, ...)."""


# -- setup and loading -------------------------------------------------------------------------


#: Plotly's toolbar in a report: download as an image and reset the axes. The rest
#: (Plotly Cloud's "Share chart", zoom and pan buttons, the logo) only adds tab stops.
MODE_BAR_BUTTONS: Sequence[Sequence[str]] = (("toImage", "resetScale2d"),)
#: Plotly settings of every figure of a report.
PLOTLY_CONFIG: Mapping[str, Any] = {
    "displaylogo": False,
    "modeBarButtons": [list(buttons) for buttons in MODE_BAR_BUTTONS],
    "responsive": True,
}


def setup(renderer: str = "notebook") -> None:
    """Prepare a notebook for a report: plotly.js embedded, a short toolbar without a logo.

    Parameters
    ----------
    renderer
        Plotly renderer; ``notebook`` puts plotly.js inside the notebook, so
        the exported HTML draws its charts offline. Its figures get
        :data:`PLOTLY_CONFIG`.
    """
    pio.renderers.default = renderer
    for name in renderer.split("+"):
        current = pio.renderers[name]
        if hasattr(current, "config"):
            current.config = {**(current.config or {}), **PLOTLY_CONFIG}


def _source(log_path: str | Path | Sequence[str | Path]) -> str | Path | list[str | Path]:
    if isinstance(log_path, (str, Path)):
        return log_path
    return list(log_path)


def load_cohort(
    log_path: str | Path | Sequence[str | Path],
    as_of: str | None = None,
    config_path: str | Path | None = None,
    anonymized: bool = False,
) -> LoadedLog:
    """Load one log (or several) with every candidate, as of a date.

    ``anonymized``: the log is a pseudonymised copy
    (:func:`followup_stats.anonymize.pseudonymize_logs`); the findings on how
    the originals were read, which the copy cannot show, are added back
    (:func:`followup_stats.anonymize.with_carried_findings`).
    """
    log = load_log(_source(log_path), config=config_path, as_of=as_of)
    return with_carried_findings(log) if anonymized else log


def candidates_of(log: LoadedLog) -> list[str]:
    """Candidates of a loaded log, in order of appearance."""
    return [str(c) for c in log.events["candidate"].dropna().unique()]


def only_candidate(log: LoadedLog, candidate: str | None = None) -> LoadedLog:
    """The same loaded log restricted to one candidate's events and findings.

    A finding belongs to the candidate it names, as ``followup-stats check``
    says. A row not loaded whose ``candidate`` cell is blank names the file's
    stem; when that names nobody with events and every event of the file is
    this candidate's, the row is theirs too, so a one-candidate report counts
    every row ``check`` counts. In a file of several candidates such a row
    stays out of each one's report (nothing says whose it is), and so does a
    row naming someone else or another file's row; the coach review counts
    them all.

    Parameters
    ----------
    log
        A loaded log.
    candidate
        The candidate; ``None`` when the log has exactly one.

    Raises
    ------
    ReportInputError
        When the candidate is not in the log, or none is given and there are several.
    """
    names = candidates_of(log)
    if candidate is None:
        if len(names) != 1:
            shown = ", ".join(repr(n) for n in names[:10]) + (", ..." if len(names) > 10 else "")
            raise ReportInputError(
                f"the log has {len(names)} candidates ({shown}); choose one with --candidate"
                if names
                else "the log has no events to report on"
            )
        candidate = names[0]
    if candidate not in names:
        raise ReportInputError(f"candidate {candidate!r} is not in the log")
    chosen = log.events["candidate"].eq(candidate).fillna(False).to_numpy(bool)
    events = log.events[chosen]
    # Files whose events are all this candidate's: their rows with a blank candidate cell
    # (named after the file's stem) are theirs too; a row naming someone else is not.
    own_files = set(events["file"]) - set(log.events.loc[~chosen, "file"])
    quality = log.quality
    stems = quality["file"].map({name: Path(name).stem for name in own_files})
    mine = quality["candidate"].eq(candidate).fillna(False).to_numpy(bool) | (
        quality["candidate"].eq(stems) & ~quality["candidate"].isin(names)
    ).fillna(False).to_numpy(bool)
    return dataclasses.replace(log, events=events, quality=quality[mine])


def load_candidate(
    log_path: str | Path | Sequence[str | Path],
    as_of: str | None = None,
    candidate: str | None = None,
    config_path: str | Path | None = None,
    anonymized: bool = False,
) -> LoadedLog:
    """Load a log and keep one candidate (the only one when ``candidate`` is ``None``).

    ``anonymized`` as for :func:`load_cohort`.
    """
    return only_candidate(load_cohort(log_path, as_of, config_path, anonymized), candidate)


# -- escaping and formatting -------------------------------------------------------------------

#: Every character that is neither a letter, a digit, an underscore nor white space.
_NOT_WORD = re.compile(r"[^\w\s]|_")


def md_escape(value: object) -> str:
    """Text from a log, safe inside Markdown: no markup, no HTML, no links, no maths.

    Every punctuation character becomes a numeric character reference
    (``&#60;`` for ``<``). Markdown renders a reference as the character
    itself and never reads it as syntax, so ``<script>``, ``[x](javascript:...)``,
    ``$x$`` or a bare ``http://...`` (which the renderer would otherwise turn
    into a link, backslashes or not) show as the characters typed.
    """
    text = "" if _missing(value) else shown_text(str(value))
    text = " ".join(text.split())  # no line breaks: a value cannot start a heading or list
    return _NOT_WORD.sub(lambda match: f"&#{ord(match.group())};", text)


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(cast(Any, value)))
    except (TypeError, ValueError):
        return False


def _num(value: object) -> float:
    return float(cast(Any, value))


def _day(value: object) -> str:
    if _missing(value):
        return MISSING
    return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]


def _percent(value: object) -> str:
    if _missing(value):
        return MISSING
    # A real minus sign: "-79%" next to a range's dash reads as part of it.
    return percent_text(_num(value), minus=MINUS)


def _interval(rate: object, low: object, high: object) -> str:
    """``"0% (\u221279% to 66%)"``: a rate or difference with its interval, not ``-79%-66%``."""
    if _missing(rate):
        return MISSING
    if _missing(low) or _missing(high):
        return _percent(rate)
    return f"{_percent(rate)} ({_percent(low)} to {_percent(high)})"


def _days(value: object) -> str:
    return "not reached" if _missing(value) else f"{_num(value):g} d"


def _p(value: object) -> str:
    if _missing(value):
        return MISSING
    number = _num(value)
    return "<0.001" if number < 0.001 else f"{number:.3f}"


def _words(value: object, words: Mapping[str, str]) -> str:
    text = "" if _missing(value) else str(value)
    return words.get(text, text.replace("_", " "))


def table_html(
    frame: pd.DataFrame,
    caption: str | None = None,
    empty: str = "Nothing to show.",
    row_headers: bool = False,
    lead: str | None = None,
) -> HTML:
    """A table as escaped HTML (every cell and header through ``html.escape``).

    Parameters
    ----------
    frame
        The rows to show, already in display form (text, numbers).
    caption
        A plain-text caption, the table's ``<caption>`` (its name for screen
        readers too), shown above it.
    empty
        What to say when there are no rows.
    row_headers
        The first column names each row (a step, an outcome, a candidate): its
        cells are row headers (``<th scope="row">``).
    lead
        A column whose cell heads its row's card on a phone (:data:`CARD_STYLE`),
        shown first, in bold; wider screens and paper keep the columns' order.

    A cell that is a tuple of texts is a list of clauses: joined by "; " on paper
    and wider screens, a bulleted line each on a phone.
    """
    if frame.empty:
        head = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
        return HTML(f"{head}<p>{html.escape(empty)}</p>")
    shown = frame.astype("object").where(frame.notna(), MISSING)
    shown = shown.map(_shown_cell)
    shown.columns = [shown_text(str(name)) for name in shown.columns]
    body = shown.to_html(escape=True, index=False, border=0, classes="followup-table")
    body = body.replace("<th>", '<th scope="col">')
    if row_headers:
        body = _ROW_START.sub(r'\1<th scope="row">\2</th>', body)
    if caption:
        body = body.replace(">", f">\n  <caption>{html.escape(caption)}</caption>", 1)
    longest = shown.astype("string").apply(lambda column: column.str.len()).max().fillna(0)
    prose = set(np.flatnonzero(longest.to_numpy() > PROSE_LENGTH).tolist())
    dates = _date_columns(shown)
    whole = {column: "followup-date" for column in dates}
    whole.update({column: "followup-count" for column in _count_columns(shown) - dates})
    if not prose:
        body = _retag_cells(
            body,
            lambda column, kind: _cell_tag(kind, [whole[column]] if column in whole else []),
        )
        return HTML(
            f'{TABLE_STYLE}<div class="followup-table-box">{_breakable(_clauses(body))}</div>'
        )
    leading = list(frame.columns).index(lead) if lead is not None else None
    body = _as_cards(body, prose, [str(name) for name in shown.columns], leading, whole)
    return HTML(
        f'{TABLE_STYLE}{CARD_STYLE}<div class="followup-table-box">'
        f"{_breakable(_clauses(body))}</div>"
    )


#: Between the clauses of a cell (:func:`table_html`) until they are tags: a control
#: character, which :func:`~followup_stats.shown.shown_text` takes out of a log's text.
_CLAUSE_MARK = "\x1f"
#: A cell's text holding clauses (cells are escaped: no ``<`` inside).
_CLAUSE_CELL = re.compile(f"(<t[dh][^>]*>)([^<]*{_CLAUSE_MARK}[^<]*)(</t[dh]>)")


def _shown_cell(cell: object) -> object:
    """A cell as :func:`table_html` shows it: text through ``shown_text``; a tuple of texts
    (clauses) joined by :data:`_CLAUSE_MARK`."""
    if isinstance(cell, tuple):
        return _CLAUSE_MARK.join(shown_text(str(part)) for part in cell)
    return shown_text(cell) if isinstance(cell, str) else cell


def _clauses(body: str) -> str:
    """Table HTML with each cell of clauses as spans (``followup-clause``) joined by "; "
    (``followup-sep``, hidden on a phone, where each clause is a line: :data:`CARD_STYLE`)."""

    def cell(found: re.Match[str]) -> str:
        parts = found.group(2).split(_CLAUSE_MARK)
        spans = '<span class="followup-sep">; </span>'.join(
            f'<span class="followup-clause">{part}</span>' for part in parts
        )
        return found.group(1) + spans + found.group(3)

    return _CLAUSE_CELL.sub(cell, body)


#: A row of pandas' ``to_html`` and a data cell's start tag (cells are escaped: no ``<``
#: inside).
_ROW = re.compile(r"<tr>.*?</tr>", re.DOTALL)
_CELL = re.compile(r"<t([dh])\b")


def _columns_all(shown: pd.DataFrame, pattern: str) -> set[int]:
    """Columns (numbers from 0) of shown cells that all match ``pattern`` or are missing."""
    found = set()
    for number, (_, column) in enumerate(shown.items()):
        text = column.astype("string")
        matches = text.str.fullmatch(pattern).fillna(False)
        if matches.any() and (matches | text.eq(MISSING).fillna(False)).all():
            found.add(number)
    return found


def _date_columns(shown: pd.DataFrame) -> set[int]:
    """Columns of shown cells that are all dates ("2026-10-24") or missing; a date may
    follow "since ", or be "now", as in the When column of :func:`actions_table`."""
    return _columns_all(shown, r"now|(?:since )?\d{4}-\d{2}-\d{2}")


def _count_columns(shown: pd.DataFrame) -> set[int]:
    """Columns of shown cells that are all counts ("4 of 16") or missing."""
    return _columns_all(shown, r"\d+ of \d+")


def _retag_cells(body: str, retag: Callable[[int, str], str]) -> str:
    """Table HTML whose body cells start with ``retag(column, kind)`` instead of ``<td`` or
    ``<th`` (``kind`` "d" or "h"; columns numbered from 0)."""

    def row(found: re.Match[str]) -> str:
        number = itertools.count()
        return _CELL.sub(lambda tag: retag(next(number), tag.group(1)), found.group(0))

    return _ROW.sub(row, body)


def _cell_tag(kind: str, classes: Sequence[str], attributes: str = "") -> str:
    """The start of a cell's tag (``<td`` or ``<th``) with ``classes`` and ``attributes``."""
    class_attribute = f' class="{" ".join(classes)}"' if classes else ""
    return f"<t{kind}{class_attribute}{attributes}"


def _as_cards(
    body: str,
    prose: set[int],
    headers: Sequence[str],
    lead: int | None = None,
    whole: Mapping[int, str] | None = None,
) -> str:
    """Table HTML of the class ``followup-cards``, shown as cards on a phone
    (:data:`CARD_STYLE`): the data cells of the columns ``prose`` (numbers from 0) in the
    class ``followup-prose`` (:data:`PROSE_LENGTH`), those of the column ``lead`` in the
    class ``followup-lead`` (the table then in ``followup-led``), those of the columns
    ``whole`` kept on one line in their class (``followup-date``, ``followup-count``),
    each body cell with its column's ``headers`` text in
    ``data-label`` (escaped for an attribute, quotes too), and ARIA roles on the table,
    its row groups, rows and cells."""
    labels = [html.escape(header, quote=True) for header in headers]
    kept = whole or {}

    def cell(column: int, kind: str) -> str:
        label = f' data-label="{labels[column]}"' if column < len(labels) else ""
        classes = [kept[column]] if column in kept else []
        if kind == "h":
            return _cell_tag(kind, classes, f' role="rowheader"{label}')
        classes += ["followup-prose"] if column in prose else []
        classes += ["followup-lead"] if column == lead else []
        return _cell_tag(kind, classes, f' role="cell"{label}')

    body = _retag_cells(body, cell).replace("<tr>", '<tr role="row">')
    body = body.replace('<th scope="col">', '<th scope="col" role="columnheader">')
    body = _HEADER_ROW.sub(r'\1 role="row"', body)
    body = body.replace("<thead>", '<thead role="rowgroup">', 1)
    body = body.replace("<tbody>", '<tbody role="rowgroup">', 1)
    table = _CARD_TABLE.replace("followup-cards", "followup-cards followup-led", 1)
    shown_as = _CARD_TABLE if lead is None else table
    return body.replace('class="dataframe followup-table"', shown_as, 1)


#: The start of a table that is cards on a phone, and of its header row (pandas'
#: ``to_html`` gives it a style).
_CARD_TABLE = 'class="dataframe followup-table followup-cards" role="table"'
_HEADER_ROW = re.compile(r"(<thead>\s*<tr)\b")


#: The first cell of a body row in pandas' ``to_html`` (cells are escaped: no ``<`` inside).
_ROW_START = re.compile(r"(<tr>\s*)<td>([^<]*)</td>")
#: A word of a table longer than this many characters (a company written without spaces)
#: may break after every :data:`LONG_WORD_PIECE` characters; shorter words stay whole.
LONG_WORD = 40
LONG_WORD_PIECE = 20
#: The text between two tags of escaped HTML, a word of it, and its characters (an entity
#: such as ``&amp;`` counts as one: a break never falls inside it).
_TEXT = re.compile(r">([^<]+)<")
_WORD = re.compile(r"\S+")
_CHARACTER = re.compile(r"&#?\w+;|.", re.DOTALL)


def _breakable(body: str) -> str:
    """Escaped HTML with a ``<wbr>`` (a break point, invisible) every
    :data:`LONG_WORD_PIECE` characters of each word longer than :data:`LONG_WORD`, so
    that a very long word wraps instead of widening the page while a table's other words
    stay whole."""

    def pieces(word: re.Match[str]) -> str:
        characters = _CHARACTER.findall(word.group(0))
        if len(characters) <= LONG_WORD:
            return word.group(0)
        step = LONG_WORD_PIECE
        return "<wbr>".join(
            "".join(characters[i : i + step]) for i in range(0, len(characters), step)
        )

    return _TEXT.sub(lambda text: ">" + _WORD.sub(pieces, text.group(1)) + "<", body)


def figure_text(figure: go.Figure) -> Markdown:
    """The figure's text alternative, to show under it: one sentence in plain words.

    Every figure of :mod:`followup_stats.plots` carries a short description
    of what it draws (``layout.meta["description"]``) for people who cannot
    see the chart; the numbers themselves are in the tables next to it. The
    description holds text from the log, so it is shown through
    :func:`md_escape`.
    """
    meta = figure.layout.meta
    text = meta.get("description", "") if isinstance(meta, Mapping) else ""
    if not text:
        return Markdown("")
    return Markdown(f"*In words:* {md_escape(html.unescape(str(text)))}")


# -- candidate report --------------------------------------------------------------------------


def title(log: LoadedLog, anonymized: bool = False, cohort: bool = False) -> Markdown:
    """The report's heading: who, as of when, and how it was made."""
    names = candidates_of(log)
    if cohort:
        who = f"Coach review: {len(names)} candidate{'s' if len(names) != 1 else ''}"
    else:
        who = "Follow-up report: " + (md_escape(names[0]) if names else "(no events)")
    lines = [
        f"# {who}",
        "",
        f"As of **{day_words(log.as_of)}** (events dated later are ignored). "
        f"Made with followup_stats {html.escape(__version__)}"
        f"{_settings_text(log.config, _files_of(log), names)}.",
    ]
    if anonymized:
        lines += [
            "",
            "Names in this report are pseudonyms (candidate, companies, contacts, roles).",
        ]
    return Markdown("\n".join(lines))


def not_loaded_note(log: LoadedLog) -> Markdown:
    """How many rows of the log were not loaded and why that matters; else that none was lost
    (of one candidate's rows, for one candidate: a shared file may hold others' rows not loaded).

    The words of ``followup-stats todo`` and ``stats``
    (:func:`~followup_stats.load.not_loaded_text`), pointing to ``check``.
    """
    count = log.rows_not_loaded
    _, events = log.partly_loaded
    if not count and not events:
        names = candidates_of(log)
        if len(names) == 1:  # one candidate's view of a file that may hold others' rows too
            return Markdown(f"All of {md_escape(names[0])}'s rows were loaded.")
        return Markdown("Every row of the log was loaded.")
    sentence = not_loaded_text(count, "this report does not count {them}", log.partly_loaded)
    one = count + events == 1
    where = "that row" if one and count else "it" if one else "one of them"
    return Markdown(
        f"**Rows not loaded.** {sentence}. The figures below are worked out without "
        f"{'it' if one else 'them'}: an answer, an interview or a decision written "
        f"in {where} is missing from the rates, the "
        "waits, the etiquette score and the next actions, so fix the log before reading "
        "much into the numbers."
    )


def not_read_note(not_read: Sequence[Sequence[str | None]]) -> Markdown:
    """The logs left out of the review as no log at all (empty, no ``company`` column, ...),
    each ``[file, why]`` as ``followup-stats report-all`` passes it; nothing when none is.

    Their clients are in no figure of the page, which the coach must know. With
    ``--anonymize`` each is ``[None, None]``: a file name is often a client's name,
    so the page counts them and leaves the naming to the command's output.
    """
    if not not_read:
        return Markdown("")
    count = len(not_read)
    lead = (
        f"**Not included.** {counted(count, 'log')} could not be read, so "
        f"{'its client is' if count == 1 else 'their clients are'} missing from every "
        "figure below"
    )
    named = [(file, why) for file, why in not_read if file]
    if not named:
        return Markdown(
            f"{lead}; `followup-stats report-all` named {'it' if count == 1 else 'them'} "
            "when it ran (`followup-stats check` says why)."
        )
    items = "\n".join(f"- {md_escape(file)} &#8212; {md_escape(why)}" for file, why in named)
    return Markdown(f"{lead}:\n\n{items}")


def _settings_text(config: Config, logs: Sequence[str] = (), candidates: Sequence[str] = ()) -> str:
    """The settings that differ from the defaults, in plain words.

    Per-file and per-candidate ignores are given as what they drop for this
    report's ``logs`` and ``candidates`` only: the patterns and names may
    name other clients, which a client's report must not show.
    """
    default = Config()
    config = config.flattened()  # the command line's selection, as its result
    changed = [
        f"{name} = {_plain(getattr(config, name))}"
        for name in SETTINGS
        if name not in TABLE_KEYS and getattr(config, name) != getattr(default, name)
    ]
    for candidate in candidates:
        own = config.ignored_for(candidate)
        if own:
            codes = ", ".join(code for code in ALL_CODES if code in own)
            changed.append(f"not reported for {candidate} (per-candidate-ignores): {codes}")
    per_log = [config.ignored_in(log) for log in logs]
    dropped = set().union(*per_log)
    if dropped:
        codes = ", ".join(code for code in ALL_CODES if code in dropped)
        whose = (
            "this log"
            if len(per_log) == 1
            else ("these logs" if all(s == per_log[0] for s in per_log) else "some of these logs")
        )
        changed.append(f"not reported for {whose} (per-file-ignores): {codes}")
    return (
        "; settings changed from the defaults: " + md_escape(", ".join(changed)) if changed else ""
    )


def _files_of(log: LoadedLog) -> list[str]:
    """The files this report's events come from: a candidate's own, not every file of a
    cohort run (:func:`only_candidate` keeps the run's sources)."""
    return [str(f) for f in log.events["file"].astype("string").dropna().unique()]


def _plain(value: object) -> str:
    """A setting's value as a person reads it: ``FU005, FU009``, ``not set``, ``10``."""
    if value is None:
        return "not set"
    if isinstance(value, tuple):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def _first(frame: pd.DataFrame, column: str, value: str) -> Mapping[Any, Any] | None:
    rows = frame[frame[column].astype("string").eq(value).fillna(False).to_numpy(bool)]
    return None if rows.empty else rows.iloc[0].to_dict()


def headline(
    log: LoadedLog,
    funnel: pd.DataFrame,
    rates: pd.DataFrame,
    times: pd.DataFrame,
    score: pd.DataFrame,
    diagnostics: pd.DataFrame | None = None,
) -> Markdown:
    """The headline in plain words: applications, answers, interviews, offers, wait, etiquette.

    Parameters
    ----------
    log
        The candidate's loaded log (for the name and date).
    funnel, rates, times
        :func:`~followup_stats.stats.funnel`, :func:`~followup_stats.stats.outcome_rates`
        and :func:`~followup_stats.stats.response_times` of the log (group ``all``).
    score
        :func:`~followup_stats.checker.etiquette_score` of the log.
    diagnostics
        :func:`~followup_stats.checker.check` of the log: its errors are counted
        beside the score, which judges interview rounds only (chasing an
        application five times before any interview is no interview round).

    The answer, interview, offer and never-answered rates and every wait are
    then listed in the words of :func:`~followup_stats.stats.summary_sentences`.
    """
    steps = {str(r["step"]): int(r["count"]) for r in funnel.to_dict("records")}
    applied = steps.get("applied", 0)
    # Counted among every application, the newest too: the rates below count those old
    # enough to judge, the wait for a first answer those where the candidate wrote first.
    of_all = f"of all {applied}, " if applied > 1 else ""
    parts = [
        f"**{steps.get('answered', 0)}** got an answer",
        _interviews_reached(log, steps.get("interviewed", 0)),
        f"**{steps.get('offer', 0)}** ended in an offer",
    ]
    lines = [
        f"**{counted(applied, 'application')}** logged; {of_all}"
        f"{', '.join(parts[:-1])} and {parts[-1]}."
    ]
    wait = _first(times, "measure", "to_first_response")
    if wait is not None and int(wait["n"]) > 0:
        if _missing(wait["median_days"]):
            lines.append(
                "Median wait for a first answer: **not reached** (more than half of the "
                "applications timed were still waiting)."
            )
        else:
            lines.append(
                f"Median wait for a first answer: **{days_text(float(wait['median_days']))}**."
            )
    # The funnel counts that they got an answer; the wait for a first answer cannot.
    opened = _opened_by_an_answer(log)
    if opened and wait is not None:
        lines.append(
            f"({counted(opened, 'application')} began with the employer writing first, a "
            f"recruiter for instance: {'it counts' if opened == 1 else 'they count'} as "
            f"having got an answer, but {'has' if opened == 1 else 'have'} no wait for a "
            "first answer to measure.)"
        )
    rounds = int(score["rounds"].sum()) if len(score) else 0
    if rounds:
        clean = int(score["clean_rounds"].sum())
        lines.append(
            f"Etiquette score: **{percent_text(clean / rounds)}** ({clean} of {rounds} "
            f"{counted_phrase('interview rounds', rounds)} with no etiquette error)."
        )
    else:
        lines.append("Etiquette score: no interview round to judge yet.")
    errors = 0 if diagnostics is None else int(diagnostics["severity"].eq("error").sum())
    if errors:
        scope = "the score counts interview rounds only; " if rounds else ""
        lines.append(
            f"Errors found by the checks: **{errors}** ({scope}Etiquette, below, has them by rule)."
        )
    # A report is read on later days too, under its title's "As of" date: never "today".
    unanswered = no_answer_note(funnel, judged_share(log.events, log.as_of), given=True)
    if unanswered:
        lines.append(f"**Note:** {unanswered[0].upper()}{unanswered[1:]}.")
    chosen = rates[rates["metric"].astype("string").isin(HEADLINE_METRICS).fillna(False)]
    # The same sentence for several rates ("no application is old enough ...") says it once.
    said = summary_sentences(chosen, times, log.config.ghost_after_days, applied)
    sentences = list(dict.fromkeys(said))
    return Markdown(" ".join(lines) + "\n\n" + "\n".join(f"- {md_escape(s)}" for s in sentences))


def _opened_by_an_answer(log: LoadedLog) -> int:
    """Applications whose first row is an answer (a recruiter wrote first): the funnel
    counts them answered, the wait for a first answer leaves them out."""
    from followup_stats.stats.applications import ANSWER_EVENTS, loaded_applications

    applications = loaded_applications(log, None, None)[2]
    return int(applications["first_event"].isin(ANSWER_EVENTS).sum())


def _interviews_reached(log: LoadedLog, reached: int) -> str:
    """The headline's interview count: the funnel's step (named as the rate is, "led to an
    interview"), which an offer logged without an interview also passes, and then how many
    had an interview logged, when fewer did."""
    from followup_stats.stats.applications import loaded_applications

    applications = loaded_applications(log, None, None)[2]
    logged = int(applications["interviews"].gt(0).sum())
    if logged >= reached:
        return f"**{reached}** led to an interview"
    return f"**{reached}** led to an interview or an offer (**{logged}** with an interview logged)"


def _step_words(steps: pd.Series) -> pd.Series:
    """Funnel steps in the words of :data:`~followup_stats.plots.STEP_TITLES`."""
    text = steps.astype("string")
    fallback = text.str.replace("_", " ").str.capitalize()
    return text.map(STEP_TITLES).astype("string").fillna(fallback)


def applied_rows_text(log: LoadedLog) -> str | None:
    """Why the funnel's *Applied* and the timeline's applied rows differ, else ``None``.

    The funnel counts every application as applied (DESIGN.md section 4: an
    application opens at its first row); an application that starts with
    another event (a recruiter writing first) has no applied row, which the
    timeline counts.
    """
    from followup_stats.stats.applications import loaded_applications

    applications = loaded_applications(log, None, None)[2]
    total = len(applications)
    with_row = int(applications["applied_day"].notna().sum())
    without = total - with_row
    if not without:
        return None
    return (
        f"Applied counts every application in the log, {total}: {with_row} with an applied "
        f"row; {without} {plural(without, 'starts', 'start')} with another event, such as "
        "an employer's message (the timeline shows the applied rows)."
    )


def funnel_table(funnel: pd.DataFrame, log: LoadedLog | None = None) -> HTML:
    """The funnel as a table: step, count, share of the previous step.

    ``log``: the log the funnel counts; when some of its applications have no
    applied row, :func:`applied_rows_text` says so under the table.
    """
    shown = pd.DataFrame(
        {
            "Step": _step_words(funnel["step"]),
            "Applications": funnel["count"],
            "Share of previous step": funnel["share_of_previous"].map(_percent),
        }
    )
    if "group" in funnel and funnel["group"].nunique() > 1:
        shown.insert(0, "Group", funnel["group"])
    table = table_html(shown, "Applications at each step", row_headers=True)
    note = None if log is None else applied_rows_text(log)
    return table if note is None else HTML(f"{table.data}<p>{html.escape(note)}</p>")


def rates_table(rates: pd.DataFrame, group_title: str = "Group") -> HTML:
    """Outcome rates with their 95% intervals and pending counts.

    A rate with nothing to judge yet (n = 0) shows a dash, not "0 of 0". With
    several groups the first column, named ``group_title`` ("Candidate" in the
    coach review), names each row's group.
    """
    shown = pd.DataFrame(
        {
            "Outcome": rates["metric"].map(lambda m: _words(m, METRIC_WORDS)),
            "k of n": (rates["k"].astype("string") + " of " + rates["n"].astype("string")).where(
                rates["n"].fillna(0).gt(0), MISSING
            ),
            "Rate (95% CI)": [
                _interval(r, lo, hi)
                for r, lo, hi in zip(rates["rate"], rates["ci_low"], rates["ci_high"], strict=True)
            ],
            "Too recent / open": rates["pending"],
        }
    )
    if rates["group"].nunique() > 1:
        shown.insert(0, group_title, rates["group"])
    return table_html(shown, RATES_TITLE, row_headers=True)


#: How :func:`left_out_waits_text` names the time to an ending (not a measure of the table).
_TO_ENDING_WORDS = "time to an ending"


def left_out_waits_text(waits: pd.DataFrame | None) -> str | None:
    """One plain sentence on the waits left out for a date only assumed, else ``None``.

    ``waits``: :func:`~followup_stats.stats.times.assumed_waits`; the sentence
    counts them by measure (no file names nor lines: a report may be anonymized).
    """
    from followup_stats.vocab import ASSUMED_DATE_NOTE

    if waits is None or not len(waits):
        return None
    n = len(waits)
    counts = waits["measure"].astype("string").value_counts(sort=False)
    order = [*MEASURE_WORDS, *(m for m in counts.index if m not in MEASURE_WORDS)]
    parts = [
        f"{MEASURE_WORDS.get(m, _TO_ENDING_WORDS if m == 'to_ending' else m).lower()}: "
        f"{int(counts[m])}"
        for m in order
        if m in counts.index
    ]
    return (
        f"{counted(n, 'wait')} {plural(n, 'is', 'are')} left out ({', '.join(parts)}): "
        f"{plural(n, 'its date is', 'their dates are')} only assumed (notes beginning "
        f"'{ASSUMED_DATE_NOTE}'); write the real {plural(n, 'date', 'dates')} in the log to "
        f"time {plural(n, 'it', 'them')}."
    )


def _with_left_out(table: HTML, waits: pd.DataFrame | None) -> HTML:
    """``table`` followed by :func:`left_out_waits_text`, escaped, when there is one."""
    text = left_out_waits_text(waits)
    if text is None:
        return table
    return HTML(f"{table.data}<p>{html.escape(text)}</p>")


def times_table(times: pd.DataFrame, left_out: pd.DataFrame | None = None) -> HTML:
    """Median waits (Kaplan-Meier, censored at the as-of date) and shares still waiting.

    ``left_out``: :func:`~followup_stats.stats.times.assumed_waits`, said in one
    sentence under the table when some waits were left out.
    """
    shown = pd.DataFrame(
        {
            "Wait": times["measure"].map(lambda m: _words(m, MEASURE_WORDS)),
            "Waits": times["n"],
            "Ended": times["events"],
            "Median (95% CI)": [
                median_days_text(m, lo, hi, waits=n) or MISSING
                for m, lo, hi, n in zip(
                    times["median_days"],
                    times["median_ci_low"],
                    times["median_ci_high"],
                    times["n"],
                    strict=True,
                )
            ],
            "Still waiting after 7 d": times["survival_7d"].map(_percent),
            "after 14 d": times["survival_14d"].map(_percent),
            "after 30 d": times["survival_30d"].map(_percent),
        }
    )
    if times["group"].nunique() > 1:
        shown.insert(0, "Group", times["group"])
    table = table_html(shown, "Waits and the share still waiting", row_headers=True)
    return _with_left_out(table, left_out)


def _prose_html(text: str) -> str:
    """Catalogue prose as HTML: escaped, with `names` in backticks shown as code."""
    return re.sub(r"`([^`<>]+)`", r"<code>\1</code>", html.escape(text))


def _rule_block(
    info: RuleInfo | None, code: str, rows: pd.DataFrame, config: Config | None = None
) -> str:
    severity = str(rows["severity"].iloc[0])
    name = f"{code} · {info.title}" if info else code
    count = len(rows)
    parts = [
        f"<h3>{html.escape(name)} <small>({html.escape(severity)}, "
        f"{'once' if count == 1 else counted(count, 'time')})</small></h3>"
    ]
    if info is not None:
        seed = f" (source article, {info.seed})" if info.seed else ""
        parts += [
            f"<p><strong>What it checks:</strong> {_prose_html(info.summary_for(config))}</p>",
            f"<p><strong>Why it matters{html.escape(seed)}:</strong> "
            f"{html.escape(info.rationale)}</p>",
            f"<p><strong>What to do instead:</strong> {_prose_html(info.fix_for(config))}</p>",
        ]
    shown = pd.DataFrame(
        {
            "Date": rows["date"].map(_day),
            "Company": rows["company"],
            "Application": rows["application_id"],
            "Line": rows["line"],
            "Finding": rows["message"],
        }
    )
    if rows["candidate"].nunique() > 1:
        shown.insert(0, "Candidate", rows["candidate"])
    parts.append(str(table_html(shown, f"Each {code} finding").data))
    return "\n".join(parts)


def diagnostics_by_code(
    diagnostics: pd.DataFrame,
    catalogue: Mapping[str, RuleInfo] | None = None,
    config: Config | None = None,
    hidden_by_noqa: int = 0,
) -> HTML:
    """Findings grouped by code, errors first, each with the catalogue's reason.

    Parameters
    ----------
    diagnostics
        :func:`~followup_stats.checker.check` output.
    catalogue
        Rule metadata (default :func:`~followup_stats.rules.catalogue.load_catalogue`).
    config
        The settings the log was checked with: their thresholds are shown in
        the rules' texts (the defaults when ``None``).
    hidden_by_noqa
        Findings a ``noqa`` in the notes hid
        (:func:`~followup_stats.checker.check_counting_hidden`): said, so an
        acknowledged finding is not taken for one that is absent.
    """
    one = hidden_by_noqa == 1
    acknowledged = (
        f"<p>{counted(hidden_by_noqa, 'finding')} acknowledged with <code>noqa</code> in the "
        f"log's notes {'is' if one else 'are'} not shown (<code>followup-stats check "
        f"--ignore-noqa</code> lists {'it' if one else 'them'}).</p>"
        if hidden_by_noqa
        else ""
    )
    if diagnostics.empty:
        return HTML("<p>No etiquette or data-quality findings: nothing to fix.</p>" + acknowledged)
    rules = catalogue if catalogue is not None else load_catalogue()
    codes = diagnostics[["code", "severity"]].drop_duplicates("code").astype(str)
    codes = codes.assign(order=codes["severity"].map(SEVERITY_ORDER).fillna(9))
    blocks = [
        _rule_block(
            rules.get(code), code, diagnostics[diagnostics["code"].eq(code).to_numpy(bool)], config
        )
        for code in codes.sort_values(["order", "code"])["code"]
    ]
    return HTML("\n".join([*blocks, acknowledged] if acknowledged else blocks))


def diagnostic_counts(diagnostics: pd.DataFrame) -> pd.DataFrame:
    """Findings per severity and code: ``severity``, ``code``, ``title``, ``count``."""
    if diagnostics.empty:
        return pd.DataFrame({"severity": [], "code": [], "title": [], "count": []})
    rules = load_catalogue()
    counts = diagnostics.groupby(["severity", "code"], observed=True).size().rename("count")
    table = counts.reset_index()
    table["title"] = table["code"].map(lambda c: rules[c].title if c in rules else "")
    table["order"] = table["severity"].map(SEVERITY_ORDER).fillna(9)
    ordered = table.sort_values(["order", "code"])
    return ordered[["severity", "code", "title", "count"]].reset_index(drop=True)


#: Blocks of the patience table, as the patience figure draws them: caption and the
#: suffix (or name) of their comparisons.
PATIENCE_BLOCKS: Mapping[str, str] = {
    "Outcome by follow-up behaviour": "_by_behaviour",
    "Outcome with and without a thank-you": "_by_thank_you",
    "Outcome by applying and networking while waiting": "_by_activity",
    "Reply to follow-ups, by timing": "reply_by_timing",
    "Reply to follow-ups, by number": "reply_by_number",
}
PATIENCE_EMPTY = (
    "No interview round was still unanswered on its first allowed follow-up day, and no "
    "follow-up to compare: no table yet."
)


#: The summary line of folded patience tables (every group in them too small).
PATIENCE_FOLDED = "The tables (all groups too small to conclude anything)"
#: What a folded block's summary line adds to its caption.
PATIENCE_FOLDED_BLOCK = " (all groups too small to conclude anything)"


def patience_all_small_text() -> str:
    """The sentence in place of the patience tables when every group compared is small."""
    return (
        f"Every group compared here is small (fewer than {MIN_ARM_SIZE} rounds or "
        "follow-ups), too few to conclude anything either way, so the tables are folded."
    )


def patience_table(
    patience: pd.DataFrame, comparisons: Sequence[str] | None = None, where: str = "this log"
) -> HTML:
    """The patience table with its notes: every number the patience figure draws, in text.

    One captioned table per panel of :func:`followup_stats.plots.patience_figure`
    (follow-up behaviour, thank-you, activity while waiting, replies by timing
    and by number), so every dot of the figure has its row. An arm with no
    rounds (or follow-ups) and the differences with it are left out, as in
    ``stats``' text, and a sentence under the table names the arm: no
    "0 of 0" rows. ``comparisons`` keeps only those comparisons.

    A table of which every group (arm) has fewer than
    :data:`~followup_stats.stats.patience.MIN_ARM_SIZE` units is folded (an
    HTML ``<details>``, its summary line naming it and saying why); when all
    of them are, one sentence (:func:`patience_all_small_text`) stands for
    them and they are folded together under :data:`PATIENCE_FOLDED`. A table
    that favours what the etiquette flags has :func:`patience_cautions` above
    it, never folded away (``where`` as there).
    """
    comparison = patience["comparison"].astype("string")
    if comparisons is not None:
        patience = patience[comparison.isin(comparisons).fillna(False).to_numpy(bool)]
        comparison = patience["comparison"].astype("string")
    cautions = patience_cautions(patience, where)
    blocks: list[tuple[str, str, str, bool]] = []  # caption, caution, table, small
    for caption, key in PATIENCE_BLOCKS.items():
        mine = comparison.eq(key) if key.startswith("reply") else comparison.str.endswith(key)
        rows = patience[mine.fillna(False).to_numpy(bool)]
        if not len(rows):
            continue
        empty = _empty_patience_rows(rows)
        unit = "follow-ups" if key.startswith("reply") else "rounds"
        if empty.all():
            line = (
                f"<p><strong>{html.escape(caption)}</strong>: nothing to compare yet "
                f"(no {unit}).</p>"
            )
            blocks.append((caption, "", line, True))
            continue
        table = str(_patience_rows(rows[~empty], caption, key).data)
        left_out = _left_out_arms_text(rows[empty & rows["n"].notna().to_numpy(bool)], unit)
        said = "".join(
            f"<p><strong>Read with care.</strong> {html.escape(text)}</p>"
            for text in cautions.get(key, [])
        )
        small = bool(pd.to_numeric(rows["n"], errors="coerce").dropna().lt(MIN_ARM_SIZE).all())
        blocks.append(
            (caption, said, table + (f"<p>{html.escape(left_out)}</p>" if left_out else ""), small)
        )
    if not any("<table" in table for _, _, table, _ in blocks):
        return HTML(f"<p>{html.escape(PATIENCE_EMPTY)}</p>")
    if all(small for *_, small in blocks):
        said = "".join(caution for _, caution, _, _ in blocks)
        tables = "\n".join(table for _, _, table, _ in blocks)
        return HTML(
            f"<p>{html.escape(patience_all_small_text())}</p>{said}"
            f"<details><summary>{html.escape(PATIENCE_FOLDED)}</summary>\n{tables}</details>"
        )
    parts = []
    for caption, caution, table, small in blocks:
        if small and "<table" in table:
            summary = html.escape(caption + PATIENCE_FOLDED_BLOCK)
            table = f"<details><summary>{summary}</summary>\n{table}</details>"
        parts.append(caution + table)
    return HTML("\n".join(parts))


def _empty_patience_rows(rows: pd.DataFrame) -> np.ndarray:
    """Rows with nothing to show: an arm with no rounds (or follow-ups), or a difference
    with an empty side ("0 of 0" and dashes), as ``stats`` leaves them out of its text."""
    known = rows["n"].notna().to_numpy(bool)
    none = rows["n"].fillna(0).eq(0).to_numpy(bool)
    no_rate = rows["rate"].isna().to_numpy(bool)
    return (known & none) | (~known & no_rate)


def _left_out_arms_text(arms: pd.DataFrame, unit: str) -> str | None:
    """The sentence under a patience table naming the arms left out for having no ``unit``."""
    names = list(dict.fromkeys(arms["arm"].astype("string").str.replace("_", " ").dropna()))
    if not names:
        return None
    quoted = [f'"{name}"' for name in names]
    if len(quoted) == 1:
        return f"No {unit} in the arm {quoted[0]}: it is left out, with its differences."
    return f"No {unit} in the arms {listed(quoted)}: they are left out, with their differences."


def _patience_rows(rows: pd.DataFrame, caption: str, key: str) -> HTML:
    k = rows["k"].astype("string").fillna("")
    n = rows["n"].astype("string").fillna("")
    outcome = rows["comparison"].astype("string").str.removesuffix(key)
    shown = pd.DataFrame(
        {
            "Outcome": outcome.str.replace("_", " ").str.capitalize(),
            "Arm": rows["arm"].astype("string").str.replace("_", " "),
            "k of n": (k + " of " + n).where(rows["n"].notna(), MISSING),
            "Rate or difference (95% CI)": [
                _interval(r, lo, hi)
                for r, lo, hi in zip(rows["rate"], rows["ci_low"], rows["ci_high"], strict=True)
            ],
            "p-value": rows["p_value"].map(_p),
            "Note": rows["note"],
        }
    )
    if not key.startswith("_"):  # replies: one question, the caption's
        shown = shown.drop(columns="Outcome")
    if rows["group"].nunique() > 1:
        shown.insert(0, "Group", rows["group"])
    return table_html(shown, caption, empty=PATIENCE_EMPTY, row_headers=True)


@dataclasses.dataclass(frozen=True)
class FlaggedArm:
    """An arm of the patience table that the etiquette flags, and how to speak of it.

    ``block`` is its comparisons' key in :data:`PATIENCE_BLOCKS`, ``difference``
    the difference row that sets it against ``other`` (``<a>_vs_<b>``, the
    flagged arm on either side); ``words`` and ``other_words`` name the two
    arms, ``advice`` is what the comparison is no advice to do, ``why`` why
    such an association may arise without the flagged habit doing any good.
    """

    block: str
    difference: str
    flagged: str
    other: str
    words: str
    other_words: str
    advice: str
    why: str


#: The arms the etiquette flags (a rule's finding makes a round or follow-up one of them).
FLAGGED_ARMS: tuple[FlaggedArm, ...] = (
    FlaggedArm(
        "_by_behaviour",
        "pushy_vs_polite",
        "pushy",
        "polite",
        "rounds with a pushy follow-up (early, too close together or too many, which the "
        "etiquette flags: FU005, FU007, FU008, FU009)",
        "rounds with only polite follow-ups",
        "to push harder than the etiquette allows",
        "which rounds get chased hard is not random (a round that looks promising draws "
        "more follow-ups)",
    ),
    FlaggedArm(
        "_by_thank_you",
        "thank_you_vs_no_thank_you",
        "no_thank_you",
        "thank_you",
        "rounds without a thank-you in time (which the etiquette flags: FU001, FU002)",
        "rounds with one",
        "to skip the thank-you",
        "the rounds without one differ in other ways (a short informal call, a thank-you "
        "sent but not logged)",
    ),
    FlaggedArm(
        "_by_activity",
        "some_activity_vs_no_activity",
        "no_activity",
        "some_activity",
        "rounds with no applications or networking while waiting (which the checks note: FU011)",
        "rounds with some",
        "to stop applying and networking while waiting",
        "the rounds differ in other ways (someone close to an offer may stop applying)",
    ),
    FlaggedArm(
        "reply_by_timing",
        "early_vs_on_time",
        "early",
        "on_time",
        "follow-ups sent before the first allowed day (early, which the etiquette flags: FU005)",
        "follow-ups sent on time",
        "to follow up before the first allowed day",
        "which applications one chases early is not random (an employer who seemed keen, "
        "a contact who said to write)",
    ),
    FlaggedArm(
        "reply_by_number",
        "3rd+_vs_2nd",
        "3rd+",
        "2nd",
        "third and later follow-ups (more than the etiquette allows: FU009)",
        "second ones",
        "to send more follow-ups than the etiquette allows",
        "the rounds still waiting after two follow-ups are not a random few",
    ),
)
#: Measures of the patience table and which way is good for the candidate: a higher rate
#: (+1) or a lower one (-1). ``withdrew`` is neither.
FAVOURABLE: Mapping[str, int] = {
    "progressed": 1,
    "advanced": 1,
    "offer": 1,
    "rejection": -1,
    "ghosted": -1,
    "reply": 1,
}
#: Measures in words, as a verb after the arm ("rounds with ... progressed more often").
_MEASURE_VERBS: Mapping[str, str] = {
    "progressed": "progressed to a next interview or an offer",
    "advanced": "advanced to a next interview",
    "offer": "ended in an offer",
    "rejection": "ended in a rejection",
    "ghosted": "went silent",
    "reply": "got a reply",
}
#: A p-value below this is "significant" by the usual convention (1 time in 20).
SIGNIFICANT = 0.05


def flagged_favoured(patience: pd.DataFrame) -> pd.DataFrame:
    """The comparisons of the patience table whose data favour an arm the etiquette flags.

    A difference row of :data:`FLAGGED_ARMS` favours the flagged arm when its
    rate is better for the candidate than the other arm's (:data:`FAVOURABLE`:
    more progressed, offers and replies; fewer rejections and silences).

    Returns
    -------
    DataFrame
        One row per such comparison: ``group``, ``block`` (a key of
        :data:`PATIENCE_BLOCKS`), ``comparison``, ``measure``, ``flagged`` and
        ``other`` (arms), ``k_flagged``, ``n_flagged``, ``rate_flagged``,
        ``k_other``, ``n_other``, ``rate_other``, ``p_value``, and ``tests``:
        how many comparisons of the group's table have a p-value.
    """
    comparison = patience["comparison"].astype("string")
    arm = patience["arm"].astype("string")
    specs = pd.DataFrame([dataclasses.asdict(spec) for spec in FLAGGED_ARMS])
    # +1 where the flagged arm is the difference's first (``pushy_vs_polite``), else -1.
    specs["side"] = np.where(
        [spec.difference.startswith(spec.flagged + "_vs_") for spec in FLAGGED_ARMS], 1.0, -1.0
    )
    differences = patience.assign(comparison=comparison, arm=arm).merge(
        specs[["block", "difference", "flagged", "other", "side"]],
        left_on="arm",
        right_on="difference",
    )
    reply = differences["block"].str.startswith("reply")
    measure = pd.Series(
        [
            "reply" if is_reply else str(name).removesuffix(block)
            for is_reply, name, block in zip(
                reply, differences["comparison"], differences["block"], strict=True
            )
        ],
        index=differences.index,
        dtype="string",
    )
    in_block = [
        name == block if is_reply else str(name).endswith(block)
        for is_reply, name, block in zip(
            reply, differences["comparison"], differences["block"], strict=True
        )
    ]
    differences = differences.assign(measure=measure)[np.array(in_block, dtype=bool)]
    direction = differences["measure"].map(FAVOURABLE).astype("Float64")
    better = differences["rate"].astype("Float64") * direction * differences["side"]
    favoured = better.gt(0).fillna(False)
    chosen = differences[favoured.to_numpy(bool)]
    rates = patience.assign(comparison=comparison, arm=arm)[
        ["group", "comparison", "arm", "k", "n", "rate"]
    ]
    tests = patience["p_value"].notna().groupby(patience["group"].astype("string")).sum()
    table = chosen[["group", "block", "comparison", "measure", "flagged", "other", "p_value"]]
    for role in ("flagged", "other"):
        side_rates = rates.rename(
            columns={"arm": role, "k": f"k_{role}", "n": f"n_{role}", "rate": f"rate_{role}"}
        )
        table = table.merge(side_rates, on=["group", "comparison", role], how="left")
    table["tests"] = table["group"].astype("string").map(tests).astype("int64")
    columns = [
        "group",
        "block",
        "comparison",
        "measure",
        "flagged",
        "other",
        "k_flagged",
        "n_flagged",
        "rate_flagged",
        "k_other",
        "n_other",
        "rate_other",
        "p_value",
        "tests",
    ]
    return table[columns].reset_index(drop=True)


def patience_cautions(patience: pd.DataFrame, where: str = "this log") -> dict[str, list[str]]:
    """Plain words beside each patience comparison that favours what the etiquette flags.

    Read from :func:`flagged_favoured`: for each block of :data:`PATIENCE_BLOCKS`
    and group whose data favour a flagged arm, one paragraph of two sentences:
    what the log shows, then that it is an association in this log, not a cause
    and not advice to break the etiquette, and why it may arise (which rounds
    are chased is not random; a small group; many comparisons, so a small
    p-value now and then is expected by chance). A ``progressed`` row that is
    said leaves out its parts, ``advanced`` and ``offer``.

    ``where`` names the data: ``"this log"``, or ``"this cohort"`` for a
    coach's pooled table.

    Returns
    -------
    dict
        Block key (``"_by_behaviour"``, ``"reply_by_timing"``, ...) to its
        paragraphs, one per group; no key for a block with none.
    """
    favoured = flagged_favoured(patience)
    if favoured.empty:
        return {}
    specs = {spec.block: spec for spec in FLAGGED_ARMS}
    several = patience["group"].astype("string").nunique() > 1
    said: dict[str, list[str]] = {}
    for (block, group), rows in favoured.groupby(["block", "group"], sort=False):
        measures = set(rows["measure"])
        if "progressed" in measures:
            rows = rows[~rows["measure"].isin(["advanced", "offer"]).to_numpy(bool)]
        spec = specs[str(block)]
        unit = "follow-ups" if str(block).startswith("reply") else "rounds"
        clauses = []
        for number, row in enumerate(rows.to_dict("records")):
            more = "more" if FAVOURABLE[str(row["measure"])] > 0 else "less"
            than = f" than {spec.other_words}" if number == 0 else ""
            counts = (
                f"{int(row['k_flagged'])} of {int(row['n_flagged'])}, "
                f"{_percent(row['rate_flagged'])}, against {int(row['k_other'])} of "
                f"{int(row['n_other'])}, {_percent(row['rate_other'])}"
            )
            p_value = "" if _missing(row["p_value"]) else f"; p = {_p(row['p_value'])}"
            clauses.append(
                f"{_MEASURE_VERBS[str(row['measure'])]} {more} often{than} ({counts}{p_value})"
            )
        whose = f"For {group}: in" if several else "In"
        finding = f"{whose} {where}, {spec.words} {listed(clauses)}."
        reasons = [spec.why]
        smallest = int(min(rows["n_flagged"].min(), rows["n_other"].min()))
        if smallest < MIN_ARM_SIZE:
            reasons.append(
                f"a group of only {smallest} {counted_phrase(unit, smallest)} is too few to "
                "conclude anything"
            )
        p_values = pd.to_numeric(rows["p_value"], errors="coerce").dropna()
        tests = int(rows["tests"].iloc[0])
        if len(p_values) and p_values.min() < SIGNIFICANT:
            reasons.append(
                f"{tests} comparisons were tested in this section, and chance alone gives "
                f"about 1 in 20 a p-value below {SIGNIFICANT:g}, so one such p-value is to be "
                "expected"
            )
        elif len(p_values):
            reasons.append("chance alone would often give a difference this large")
        caution = (
            f"{finding} This is an association in {where}, not a cause, and not advice "
            f"{spec.advice}: {'; '.join(reasons)}."
        )
        said.setdefault(str(block), []).append(caution)
    return said


def patience_summary(patience: pd.DataFrame, where: str = "this log") -> Markdown:
    """One paragraph on whether patience paid off, read from the patience table
    (``where``: the data's name in its cautions, :func:`patience_cautions`)."""
    arms = patience[
        patience["comparison"].astype("string").eq("progressed_by_behaviour").fillna(False)
        & patience["k"].notna()
    ]
    arms = (
        arms[arms["group"].astype("string").eq(str(arms["group"].iloc[0]))] if len(arms) else arms
    )
    judged = int(arms["n"].sum()) if len(arms) else 0
    if judged == 0:
        return Markdown(
            "No interview round was still undecided and unanswered on its first allowed "
            "follow-up day with a known outcome, so there is nothing to compare yet."
        )
    words = {"none": "no follow-up", "polite": "polite follow-ups", "pushy": "pushy follow-ups"}
    parts = [
        f"{int(r['k'])} of {int(r['n'])} {plural(int(r['n']), 'round')} with "
        f"{words.get(str(r['arm']), str(r['arm']))} "
        f"progressed ({_percent(r['rate'])})"
        for r in arms.to_dict("records")
        if int(r["n"]) > 0
    ]
    small = int(arms["n"].min()) < MIN_ARM_SIZE
    text = (
        f"Of the {'one' if judged == 1 else judged} {plural(judged, 'interview round')} still "
        f"waiting on {plural(judged, 'its', 'their')} first allowed follow-up day "
        "with a known outcome: " + "; ".join(parts) + ". "
        "This is an association, not a cause: rounds differ in employer, role and stage."
    )
    if small:
        text += (
            f" Some groups are small (fewer than {MIN_ARM_SIZE} rounds), so the intervals are wide."
        )
    # Beside rates that favour pushy follow-ups, the words that keep them from reading as
    # advice (the table's own words, for the group summed up here).
    cautions = patience_cautions(
        patience[patience["group"].astype("string").eq(str(arms["group"].iloc[0])).to_numpy(bool)],
        where,
    )
    paragraphs = [text, *(f"**Read with care.** {c}" for c in cautions.get("_by_behaviour", []))]
    return Markdown("\n\n".join(html.escape(p, quote=False) for p in paragraphs))


def actions_table(
    actions: pd.DataFrame, as_of: pd.Timestamp, long_overdue_days: int | None = None
) -> HTML:
    """Next actions in ``todo``'s order: what is due now first (an offer to answer and a
    thank-you before the others), then what comes up and when, then the steps allowed more
    than ``long_overdue_days`` (the ``ghost_after_days`` setting; default, its default) ago,
    under a sentence counting them."""
    if actions.empty:
        return HTML("<p>No open application: nothing to do.</p>")
    days = Config().ghost_after_days if long_overdue_days is None else long_overdue_days
    ordered = in_plan_order(actions, as_of, days).reset_index(drop=True)
    group = ordered["group"].astype("string").to_numpy()
    day = pd.to_datetime(ordered["not_before"]).dt.strftime("%Y-%m-%d").fillna(MISSING)
    when = np.select(
        [np.isin(group, ["pressing", "due"]), group == "long_overdue"],
        ["now", ("since " + day).to_numpy(dtype=object)],
        default=day.to_numpy(dtype=object),
    )
    shown = pd.DataFrame(
        {
            "When": when,
            "Action": [
                _words(a, ACTION_WORDS)
                + ("" if a != "wait" else f" (then {_words(t, ACTION_WORDS).lower()})")
                for a, t in zip(ordered["action"], ordered["then"], strict=True)
            ],
            "Company": ordered["company"],
            "Application": ordered["application_id"],
            "Why": ordered["why"],
        }
    )
    if ordered["candidate"].nunique() > 1:
        shown.insert(0, "Candidate", ordered["candidate"])
    table = table_html(shown, "Next actions")
    stale = int((group == "long_overdue").sum())
    if not stale:
        return table
    line = f"{long_overdue_text(stale, days)}: {plural(stale, 'it is', 'they are')} listed last."
    return HTML(f"<p>{html.escape(line)}</p>{table.data}")


# -- coach review ------------------------------------------------------------------------------


def cohort_overview(
    score: pd.DataFrame,
    rates: pd.DataFrame,
    times: pd.DataFrame,
    diagnostics: pd.DataFrame,
    attention: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per candidate: etiquette, errors, rates and median waits side by side.

    Parameters
    ----------
    score
        :func:`~followup_stats.checker.etiquette_score` of the cohort.
    rates, times
        :func:`~followup_stats.stats.outcome_rates` and
        :func:`~followup_stats.stats.response_times` with ``by="candidate"``.
    diagnostics
        :func:`~followup_stats.checker.check` of the cohort.
    attention
        :func:`needs_attention`, to flag candidates.
    """
    # Every candidate first: one with no interview round has no etiquette score, but
    # has errors, rates and waits all the same.
    scored = score.set_index("candidate")[["rounds", "clean_rounds", "score"]]
    everyone = pd.Index(
        sorted(set(scored.index.astype(str)) | set(rates["group"].astype(str)) - {"all"}),
        name="candidate",
    )
    table = scored.set_axis(scored.index.astype(str)).reindex(everyone)
    errors = diagnostics[diagnostics["severity"].eq("error").to_numpy(bool)]
    table["errors"] = errors.groupby(errors["candidate"].astype(str)).size()
    for metric in COHORT_METRICS:
        part = rates[rates["metric"].eq(metric).to_numpy(bool)]
        part = part.set_index(part["group"].astype(str))
        table[f"{metric}_rate"] = part["rate"]
        table[f"{metric}_n"] = part["n"]
    for measure in ("to_first_response", "interview_to_decision"):
        part = times[times["measure"].eq(measure).to_numpy(bool)]
        part = part.set_index(part["group"].astype(str))
        table[f"median_{measure}"] = part["median_days"]
        table[f"waits_{measure}"] = part["n"]
    table["errors"] = table["errors"].fillna(0).astype("int64")
    if attention is not None:
        table["needs_attention"] = table.index.isin(attention["candidate"].astype(str))
    return table.reset_index()


def _medians(overview: pd.DataFrame, measure: str) -> list[str]:
    """A measure's medians as the cohort table shows them; blank where nothing was timed."""
    waits = overview.get(f"waits_{measure}", pd.Series(pd.NA, index=overview.index))
    return [
        MISSING if _missing(n) or int(n) == 0 else _days(m)
        for m, n in zip(overview[f"median_{measure}"], waits, strict=True)
    ]


def cohort_table(overview: pd.DataFrame, left_out: pd.DataFrame | None = None) -> HTML:
    """:func:`cohort_overview` in display form; ``left_out`` as for :func:`times_table`."""
    shown = pd.DataFrame(
        {
            "Candidate": overview["candidate"],
            # The score is over interview rounds; the errors are every error-severity
            # finding, round 0 (before any interview) included.
            "Etiquette score (interview rounds with no error)": [
                MISSING if _missing(s) else f"{percent_text(float(s))} of {int(r)}"
                for s, r in zip(overview["score"], overview["rounds"], strict=True)
            ],
            "Errors (all rounds)": overview["errors"],
            **{
                METRIC_WORDS[metric]: overview[f"{metric}_rate"].map(_percent)
                for metric in COHORT_METRICS
            },
            "Median days to first answer": _medians(overview, "to_first_response"),
            "Median days interview to decision": _medians(overview, "interview_to_decision"),
        }
    )
    if "needs_attention" in overview:
        # "no" rather than a blank cell, which reads as a value missing.
        shown["Needs attention"] = overview["needs_attention"].map({True: "yes", False: "no"})
    return _with_left_out(table_html(shown, "Candidates side by side", row_headers=True), left_out)


def needs_attention(
    diagnostics: pd.DataFrame,
    actions: pd.DataFrame,
    as_of: pd.Timestamp,
    days: int = ATTENTION_DAYS,
) -> pd.DataFrame:
    """Candidates who need attention (DESIGN.md section 6), one row per reason.

    A candidate needs attention with an error-severity finding dated in the
    ``days`` days up to the as-of date (from as-of minus ``days`` to as-of,
    inclusive), or a ``thank_you``, ``follow_up`` or ``final_note`` step (or
    an offer to answer, ``answer_offer``) that falls due within ``days`` days
    after it (a ``wait`` counts by the step it
    leads to; a ``date_unknown``, due today, as itself). A step that fell due
    in the ``days`` days before the as-of date and is still open counts too
    (a thank-you due yesterday is the most urgent of all); steps open for
    longer are stale (the candidate has let them go) and ``followup-stats
    todo`` still lists them, but they do not flag the candidate, or every log
    would.

    Returns
    -------
    DataFrame
        ``candidate``, ``reason`` (``recent error`` or ``action due``),
        ``date``, ``company``, ``application_id``, ``what`` (the error's code
        or the step due, ``follow_up``), ``detail`` (the finding's message or
        why the step is due); sorted by candidate and date.
    """
    start, end = as_of - pd.Timedelta(days=days), as_of + pd.Timedelta(days=days)
    day = pd.to_datetime(diagnostics["date"]).dt.normalize()
    recent = diagnostics[
        (diagnostics["severity"].eq("error") & day.ge(start) & day.le(as_of))
        .fillna(False)
        .to_numpy(bool)
    ]
    errors = pd.DataFrame(
        {
            "candidate": recent["candidate"],
            "reason": "recent error",
            "date": day[recent.index],
            "company": recent["company"],
            "application_id": recent["application_id"],
            "what": recent["code"].astype("string"),
            "detail": recent["message"].astype("string"),
        }
    )
    # A step held up by a date only assumed is due as the date to write (any step).
    unknown = actions["action"].astype("string").eq("date_unknown")
    step = actions["then"].astype("string").mask(unknown, "date_unknown")
    when = pd.to_datetime(actions["not_before"])
    active = step.isin([*ACTIVE_STEPS, "date_unknown"])
    due = actions[(active & when.ge(start) & when.le(end)).fillna(False).to_numpy(bool)]
    steps = pd.DataFrame(
        {
            "candidate": due["candidate"],
            "reason": "action due",
            "date": pd.to_datetime(due["not_before"]),
            "company": due["company"],
            "application_id": due["application_id"],
            "what": step[due.index],
            "detail": due["why"].astype("string"),
        }
    )
    parts = [p for p in (errors, steps) if len(p)]
    if not parts:
        return errors.iloc[0:0].reset_index(drop=True)
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["candidate", "date", "reason"], kind="stable").reset_index(drop=True)


def attention_summary(attention: pd.DataFrame, as_of: pd.Timestamp) -> HTML:
    """One line per candidate who needs attention: recent errors and steps due."""
    if attention.empty:
        return HTML(
            f"<p>Nobody needs attention: no error in the {ATTENTION_DAYS} days up to "
            f"{day_words(as_of)} and no step due in the {ATTENTION_DAYS} days after.</p>"
        )
    counts = attention.groupby(["candidate", "reason"]).size().unstack(fill_value=0)
    zero = pd.Series(0, index=counts.index)
    summary = pd.DataFrame(
        {
            "Candidate": counts.index,
            "Recent errors": counts.get("recent error", zero).to_numpy(),
            "Steps due": counts.get("action due", zero).to_numpy(),
        }
    )
    return table_html(summary, "Who needs attention", row_headers=True)


def attention_details(attention: pd.DataFrame) -> HTML:
    """Every reason of :func:`needs_attention`, by candidate and date.

    The reason is short ("Step due: follow up", "Error: FU005 · early-follow-up")
    and heads each card on a phone; the detail is a list of its clauses there (it is one
    sentence of two or three, "no reply since ...; the usual wait is 7 days, so ..."),
    split where the tool joined them, never inside a company or name it quotes.
    """
    rules = load_catalogue()
    what = attention["what"].astype("string")
    titles = what.map({code: f"{code} · {info.title}" for code, info in rules.items()})
    steps = what.map({step: words.lower() for step, words in ACTION_WORDS.items()})
    error = attention["reason"].eq("recent error").to_numpy(bool)
    reason = ("Step due: " + steps.fillna(what.str.replace("_", " "))).mask(
        error, "Error: " + titles.fillna(what)
    )
    shown = pd.DataFrame(
        {
            "Candidate": attention["candidate"],
            "Reason": reason,
            "Date": attention["date"].map(_day),
            "Company": attention["company"],
            "Detail": _detail_clauses(attention),
        }
    )
    # Under the summary, which says that nobody needs attention, and why.
    return table_html(shown, "Reasons for attention", empty="No reason to list.", lead="Reason")


#: Where the tool joins the clauses of a finding's message or a step's why.
CLAUSE_JOIN = "; "
#: The columns of :func:`needs_attention` whose text comes from a log, and which a detail
#: may quote ("the interview at Acme; Sons on ..."): never split inside.
LOG_TEXT_COLUMNS = ("candidate", "company", "application_id")


def _detail_clauses(attention: pd.DataFrame) -> pd.Series:
    """Each reason's detail as a tuple of its clauses: split where the tool joined them
    ("; "), never inside the log's text it quotes (a company ``Acme; Sons``).

    A detail of a row whose log text holds no ";" is split as it is (the usual case);
    the few others one at a time (:func:`_clauses_outside`).
    """
    detail = attention["detail"].astype("string")
    texts = [attention[c].astype("string").fillna("") for c in LOG_TEXT_COLUMNS]
    may_hide = np.zeros(len(attention), dtype=bool)
    for text in texts:  # a log text may end in ";" or start with " " and meet a join
        may_hide |= (text.str.contains(";", regex=False) | text.str.match(r"\s")).to_numpy(bool)
    clauses = detail.str.split(CLAUSE_JOIN).map(
        lambda parts: tuple(parts) if isinstance(parts, list) else parts
    )
    at = np.flatnonzero(may_hide & detail.notna().to_numpy(bool))
    if len(at):
        split = [_clauses_outside(str(detail.iloc[i]), [t.iloc[i] for t in texts]) for i in at]
        clauses.iloc[at] = pd.Series(split, dtype=object).to_numpy()
    return clauses


def _clauses_outside(text: str, quoted: Sequence[str]) -> tuple[str, ...]:
    """``text`` split at each :data:`CLAUSE_JOIN` that touches none of the ``quoted`` texts
    where they occur in it."""
    inside = np.zeros(len(text) + 1, dtype=bool)
    for part in filter(None, quoted):
        for found in re.finditer(f"(?={re.escape(part)})", text):
            inside[found.start() : found.start() + len(part)] = True
    width = len(CLAUSE_JOIN)
    cuts = [
        found.start()
        for found in re.finditer(re.escape(CLAUSE_JOIN), text)
        if not inside[found.start() : found.start() + width].any()
    ]
    starts = [0, *(cut + width for cut in cuts)]
    ends = [*cuts, len(text)]
    return tuple(text[start:end] for start, end in zip(starts, ends, strict=True))


def diagnostics_matrix(diagnostics: pd.DataFrame, candidates: Sequence[str] | None = None) -> HTML:
    """Findings per candidate and code (errors and warnings), as a table.

    Parameters
    ----------
    diagnostics
        :func:`~followup_stats.checker.check` of the cohort.
    candidates
        Every candidate of the cohort (:func:`candidates_of`): one with no error
        or warning gets a row of zeros instead of missing from the table.

    A finding of no candidate (a totals row, the header row again) is no client's:
    it is counted on a row of its own per file, after the clients, ``Rows of
    cohort.csv (no client)``.
    """
    shown = diagnostics[diagnostics["severity"].isin(["error", "warning"]).to_numpy(bool)]
    if shown.empty:
        return HTML("<p>No error or warning in any log.</p>")
    nobody = shown["candidate"].isna().to_numpy(dtype=bool)
    matrix = shown[~nobody].groupby(["candidate", "code"]).size().unstack(fill_value=0)
    everyone = sorted(set(matrix.index.astype(str)) | {str(c) for c in candidates or ()})
    matrix = matrix.set_axis(matrix.index.astype(str)).reindex(everyone, fill_value=0)
    if nobody.any():
        files = shown.loc[nobody, "file"].astype("string")
        labels = {f: f"Rows of {Path(f).name} (no client)" for f in files.unique()}  # a few
        rows = shown[nobody].assign(candidate=files.map(labels))
        of_files = rows.groupby(["candidate", "code"], sort=False).size().unstack(fill_value=0)
        matrix = pd.concat([matrix, of_files]).fillna(0).astype("int64")
        matrix = matrix[sorted(matrix.columns, key=str)]
    matrix.index.name = "candidate"
    matrix = matrix.reset_index().rename(columns={"candidate": "Candidate"})
    matrix.columns = [str(c) for c in matrix.columns]
    return table_html(matrix, "Errors and warnings per candidate and rule", row_headers=True)
