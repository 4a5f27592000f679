"""Plotly figures of the tidy result tables, one function per figure.

Every function takes a table the library already made (the funnel, the
survival curves, the events of :func:`followup_stats.load.load_log`, the
rates, the patience table) and returns a :class:`plotly.graph_objects.Figure`;
none reads a log or computes a statistic.

Plotly renders a subset of HTML in every label, legend entry, tick label and
hover text (``<b>``, ``<br>``, ``<a href>``, ...) and TeX between ``$`` signs.
A company called ``<a href="...">`` in a log must show as text, not become a
link, so every string from a table goes through :func:`plot_text` before it
reaches plotly; the figures add only their own tags (``<b>``, ``<br>``)
around text that is already escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, overload

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from followup_stats.percent import percent_texts
from followup_stats.plural import counted, plural
from followup_stats.shown import NARROW_WIDTH, shown_text
from followup_stats.stats.applications import ALL_GROUP, sorted_groups
from followup_stats.stats.patience import BEHAVIOURS, MEASURES, MIN_ARM_SIZE
from followup_stats.stats.times import MEASURES as WAIT_MEASURES
from followup_stats.vocab import EVENTS

__all__ = [
    "ARM_COLOURS",
    "EVENT_COLOURS",
    "GROUP_COLOURS",
    "METRIC_TITLES",
    "NARROW_WIDTH",
    "RATES_TITLE",
    "STEP_TITLES",
    "GroupStyle",
    "activity_figure",
    "funnel_figure",
    "group_styles",
    "nothing_to_plot",
    "patience_figure",
    "plot_text",
    "rates_figure",
    "survival_figure",
    "timeline_figure",
]

#: One colour per event, the same in every figure (Okabe-Ito and Tol, colour-blind safe;
#: the light ones darkened so that every colour has a contrast of at least 3:1 on white).
EVENT_COLOURS: Final[dict[str, str]] = {
    "applied": "#0072B2",
    "interview": "#009E73",
    "thank_you": "#3C8DC5",
    "follow_up": "#B07400",
    "update": "#CC79A7",
    "response": "#7F7F7F",
    "offer": "#117733",
    "rejection": "#D55E00",
    "withdrew": "#332288",
    "accepted": "#2C8F80",
    "declined": "#882255",
    "networking": "#86862A",
}
EVENT_SYMBOLS: Final[dict[str, str]] = {
    "applied": "circle",
    "interview": "diamond",
    "thank_you": "circle-open",
    "follow_up": "triangle-up",
    "update": "triangle-up-open",
    "response": "square",
    "offer": "star",
    "rejection": "x",
    "withdrew": "square-x",
    "accepted": "star-open",
    "declined": "x-open",
    "networking": "hexagon",
}
#: Events in plain words, for legends and hover text.
EVENT_LABELS: Final[dict[str, str]] = {
    "applied": "Applied",
    "interview": "Interview",
    "thank_you": "Thank-you",
    "follow_up": "Follow-up",
    "update": "Update",
    "response": "Employer response",
    "offer": "Offer",
    "rejection": "Rejection",
    "withdrew": "Withdrew",
    "accepted": "Accepted",
    "declined": "Declined",
    "networking": "Networking",
}
#: Events counted in words ("1 interview", "10 interviews"), as the timeline's text says them.
EVENT_COUNTS: Final[dict[str, tuple[str, str]]] = {
    "applied": ("applied row", "applied rows"),
    "interview": ("interview", "interviews"),
    "thank_you": ("thank-you", "thank-yous"),
    "follow_up": ("follow-up", "follow-ups"),
    "update": ("update", "updates"),
    "response": ("employer response", "employer responses"),
    "offer": ("offer", "offers"),
    "rejection": ("rejection", "rejections"),
    "withdrew": ("withdrawal", "withdrawals"),
    "accepted": ("offer accepted", "offers accepted"),
    "declined": ("offer declined", "offers declined"),
    "networking": ("networking", "networking"),
}
#: Funnel steps counted in words, as the funnel's text says them ("44 got an answer"), in
#: the rates' words as the steps' names are (:data:`STEP_TITLES`).
STEP_COUNTS: Final[dict[str, tuple[str, str]]] = {
    "answered": ("got an answer", "got an answer"),
    "interviewed": ("led to an interview", "led to an interview"),
    "offer": ("ended in an offer", "ended in an offer"),
}
#: One colour per arm of the patience table, the same in every figure. Grey is an arm
#: without (no follow-up, no thank-you, no other activity); within one figure no two arms
#: share a colour and a marker symbol (:data:`ARM_SYMBOLS`): the reply panel's early
#: follow-ups are not the pushy ones of the panels above, nor is its third follow-up.
ARM_COLOURS: Final[dict[str, str]] = {
    "none": "#7F7F7F",
    "polite": "#0072B2",
    "pushy": "#D55E00",
    "thank_you": "#009E73",
    "no_thank_you": "#7F7F7F",
    "some_activity": "#86862A",
    "no_activity": "#7F7F7F",
    "early": "#AA4499",
    "on_time": "#2C8F80",
    "late": "#B07400",
    "1st": "#3C8DC5",
    "2nd": "#882255",
    "3rd+": "#332288",
}
#: One marker symbol per arm of the patience table, each its own, so arms differ by more
#: than colour; each has a hollow ``-open`` form for arms too small to conclude anything.
#: A difference (``polite_vs_none``) takes its first arm's colour and symbol.
ARM_SYMBOLS: Final[dict[str, str]] = {
    "none": "circle",
    "polite": "square",
    "pushy": "diamond",
    "thank_you": "triangle-up",
    "no_thank_you": "triangle-down",
    "some_activity": "hexagon",
    "no_activity": "cross",
    "early": "triangle-left",
    "on_time": "star",
    "late": "triangle-right",
    "1st": "pentagon",
    "2nd": "hourglass",
    "3rd+": "x",
}
#: Colours of groups (``all``, candidates, ``--by`` values), in the order of the report's
#: group list (Tol muted, colour-blind safe, its light cyan, teal and sand darkened to a
#: contrast of at least 3:1 on white). Each group has its own marker symbol too, and
#: beyond nine groups the colours come round again with another line dash
#: (:func:`group_styles`).
GROUP_COLOURS: Final[tuple[str, ...]] = (
    "#332288",
    "#CC6677",
    "#117733",
    "#3C8DC5",
    "#882255",
    "#2C8F80",
    "#999933",
    "#AA4499",
    "#9C6A00",
)
#: Marker symbols of the groups in turn (eight symbols against nine colours, so no colour
#: and symbol pair comes back within 72 groups), and line dashes of the first, second, ...
#: round of :data:`GROUP_COLOURS`.
GROUP_SYMBOLS: Final[tuple[str, ...]] = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "cross",
    "star",
    "hexagon",
    "triangle-down",
)
GROUP_DASHES: Final[tuple[str, ...]] = (
    "solid",
    "dash",
    "dot",
    "dashdot",
    "longdash",
    "longdashdot",
)


@dataclass(frozen=True)
class GroupStyle:
    """How one group is drawn: its colour, its marker symbol (each group's own among the
    first 72, so colour is never the only difference) and the dash that tells apart
    groups sharing a colour (``round`` is 0 for the first nine groups, 1 for the next
    nine, ...)."""

    colour: str
    symbol: str
    dash: str
    round: int


ACTIVITY_KINDS: Final[dict[str, str]] = {
    "applied": "Applications",
    "interview": "Interviews",
    "follow_up": "Follow-ups",
    "networking": "Networking",
}
#: The waits' names, in the figures and the report's tables alike.
MEASURE_TITLES: Final[dict[str, str]] = {
    "to_first_response": "Application to first answer",
    "interview_to_decision": "Interview to decision",
    "follow_up_to_reply": "Follow-up to reply",
}
#: The rates' names (the ``metric`` keys of :func:`followup_stats.stats.outcome_rates`), in
#: the figures and the report's tables alike, so that both reports name a rate one way.
METRIC_TITLES: Final[dict[str, str]] = {
    "response": "Got an answer",
    "interview": "Led to an interview",
    "offer": "Ended in an offer",
    "offer_after_interview": "Offer after an interview",
    "rejection": "Ended in a rejection",
    "never_answered": "Never answered",
    "ghosted_after_interview": "Silent after an interview",
}
#: The title of the rates, over their figure and their table alike.
RATES_TITLE: Final[str] = "Outcome rates (95% Wilson intervals)"
#: The funnel's steps (the ``step`` keys of :func:`followup_stats.stats.funnel`), in its
#: figure and table alike. A step past the first counts the outcome of a rate and has its
#: name: the funnel said "Answered", "Interviewed" and "Offer", the rates "Got an answer",
#: "Led to an interview" and "Ended in an offer", for one thing each. They count it among
#: different applications: a step among every application, the newest too (and one past it
#: passed it: an offer logged without its interview is counted as interviewed); a rate
#: among those it can judge, old enough or ended (:mod:`followup_stats.stats.rates`),
#: which the candidate report says where it shows both.
STEP_TITLES: Final[dict[str, str]] = {
    "applied": "Applied",
    "answered": METRIC_TITLES["response"],
    "interviewed": METRIC_TITLES["interview"],
    "offer": METRIC_TITLES["offer"],
    "accepted": "Accepted",
}
ARM_LABELS: Final[dict[str, str]] = {
    "none": "No follow-up",
    "polite": "Polite follow-ups",
    "pushy": "Pushy follow-ups",
    "thank_you": "Thank-you in time",
    "no_thank_you": "No thank-you in time",
    "some_activity": "Applied or networked while waiting",
    "no_activity": "No applications or networking",
    "early": "Early",
    "on_time": "On time",
    "late": "Late",
    "1st": "1st follow-up",
    "2nd": "2nd (final note)",
    "3rd+": "3rd and later",
    "polite_vs_none": "Polite minus none",
    "pushy_vs_polite": "Pushy minus polite",
}


# -- text --------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    # html.escape without quote=True: plotly.js decodes only a few named entities
    # (&amp; &lt; &gt; ...) and numeric ones, so &quot; would show literally. Quotes
    # become numeric entities instead, and "$" too, so no label turns into TeX.
    escaped = html.escape(shown_text(text), quote=False)
    return escaped.replace('"', "&#34;").replace("'", "&#39;").replace("$", "&#36;")


@overload
def plot_text(values: str) -> str: ...
@overload
def plot_text(values: pd.Series) -> pd.Series: ...
def plot_text(values: str | pd.Series) -> str | pd.Series:
    """Text safe to put in a plotly label, legend or hover text (blank for missing).

    Plotly interprets ``<b>``, ``<br>``, ``<a href>`` and ``$...$`` in any
    text; a log's company, role, candidate, id or notes must stay plain text,
    so every such string goes through this function (``html.escape``, with
    quotes and ``$`` as numeric entities).
    """
    if isinstance(values, str):
        return _escape(values)
    text = values.astype("string").fillna("")
    return text.map(_escape).astype("string")


def day_words(day: pd.Timestamp) -> str:
    """``2026-11-05`` -> ``"5 Nov 2026"``, as every message and report writes a day."""
    return f"{day.day} {day:%b %Y}"


def _words(values: pd.Series, labels: Mapping[str, str] | None = None) -> pd.Series:
    """Vocabulary (``follow_up``, ``on_time``) in plain words, escaped."""
    text = values.astype("string")
    fallback = text.str.replace("_", " ").str.capitalize()
    if not labels:
        return plot_text(fallback)
    return plot_text(text.map(labels, na_action="ignore").astype("string").fillna(fallback))


def _percent(values: pd.Series) -> pd.Series:
    return percent_texts(values)


def _numbers(values: pd.Series) -> np.ndarray:
    """A column as floats, NaN where missing or not a number."""
    return (
        pd.to_numeric(values, errors="coerce")
        .astype("Float64")
        .to_numpy("float64", na_value=np.nan)
    )


def _with_alpha(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def group_styles(groups: Sequence[str]) -> dict[str, GroupStyle]:
    """The style of each group, from the report's full, ordered list of groups.

    Every figure of a report takes its colours from the same list (the
    tables' group order, :func:`followup_stats.stats.group_names`), so a group
    keeps its colour in every figure, even one where it has nothing to show.
    Colours are never reused silently: the tenth group has the first colour
    with another marker symbol and line dash.
    """
    styles: dict[str, GroupStyle] = {}
    for name in groups:
        if name in styles:
            continue
        index = len(styles)
        turn, slot = divmod(index, len(GROUP_COLOURS))
        styles[name] = GroupStyle(
            colour=GROUP_COLOURS[slot],
            symbol=GROUP_SYMBOLS[index % len(GROUP_SYMBOLS)],
            dash=GROUP_DASHES[turn % len(GROUP_DASHES)],
            round=turn,
        )
    return styles


def _group_order(values: pd.Series, groups: Sequence[str] | None) -> list[str]:
    """The groups of a table in report order: ``groups`` (those given first, then any other
    group of the table), or ``all`` first and the rest as the tables sort them."""
    present = [str(g) for g in dict.fromkeys(values.astype("string").fillna(""))]
    if groups is not None:
        given = [str(g) for g in groups]
        return list(dict.fromkeys([*given, *present]))
    rest = sorted_groups(g for g in present if g != ALL_GROUP)
    return [ALL_GROUP, *rest] if ALL_GROUP in present else rest


#: Characters per line of titles and labels in a narrow layout.
NARROW_LINE: Final[int] = 30
#: Pixels of a narrow figure's title, and of each row of legend entries under it.
NARROW_TITLE: Final[int] = 60
NARROW_LEGEND_ROW: Final[int] = 20


def _wrap(text: pd.Series, width: int = NARROW_LINE) -> pd.Series:
    """Escaped text broken with ``<br>`` into lines of about ``width`` characters.

    Lines break at ``<br>`` already there, then at `` · `` (between a company and a role)
    in a text too long for one line, then at spaces; never inside a word (nor an entity
    such as ``&amp;``).
    """
    text = text.astype("string").fillna("")
    long = text.str.len().gt(width).to_numpy(dtype=bool)
    lines = text.where(~long, text.str.replace(" · ", "<br>")).str.split("<br>").explode()
    wrapped = lines.str.wrap(width, break_long_words=False, break_on_hyphens=False)
    joined = wrapped.str.replace("\n", "<br>").groupby(level=0).agg("<br>".join)
    return joined.reindex(text.index).astype("string")


def _wrap_one(text: str, width: int = NARROW_LINE) -> str:
    return str(_wrap(pd.Series([text], dtype="string"), width).iloc[0])


def _top_with_legend(entries: int, per_row: int = 2) -> int:
    """Pixels above a narrow chart for its title and a legend of ``entries`` in rows of
    ``per_row``."""
    return NARROW_TITLE + NARROW_LEGEND_ROW * -(-entries // per_row)


def _legend_on_top(entries: int, per_row: int = 2) -> dict[str, object]:
    """Narrow layout changes that put a legend of ``entries`` in rows of ``per_row`` between
    the title and the chart, where a legend at the side would leave the chart no room."""
    return {
        "legend.orientation": "h",
        "legend.x": 0,
        "legend.xanchor": "left",
        "legend.y": 1,
        "legend.yanchor": "bottom",
        "margin.l": 8,
        "margin.r": 8,
        "margin.t": _top_with_legend(entries, per_row),
        "title.yref": "container",
        "title.y": 1,
        "title.yanchor": "top",
        "title.pad.t": 12,
    }


def _layout(
    fig: go.Figure,
    title: str,
    description: str,
    narrow: Mapping[str, object] | None = None,
    **more: object,
) -> go.Figure:
    """Title, template, the figure's text alternative and its narrow layout.

    The text alternative (plain words, escaped) is ``layout.meta["description"]``;
    :func:`followup_stats.report_views.figure_text` shows it under the figure.
    ``layout.meta["narrow"]`` holds the changes (``Plotly.relayout`` keys) that fit the
    figure into less than :data:`NARROW_WIDTH` pixels: narrow margins, the title on
    several lines, and ``narrow`` (the figure's own); a report applies them
    (:data:`followup_stats.report.REPORT_JS`).
    """
    changes: dict[str, object] = {
        # 36 characters a line ran past a screen of 320 px in a wide font such as Verdana.
        "title.text": _wrap_one(title, NARROW_LINE),
        **(narrow or {}),
    }
    fig.update_layout(
        title={"text": title},
        template="plotly_white",
        hoverlabel={"align": "left"},
        legend={"title": {"text": ""}},
        meta={"description": plot_text(description), "narrow": changes},
    )
    fig.update_layout(**more)
    return fig


def nothing_to_plot(title: str, message: str) -> go.Figure:
    """A figure with no axes that says in plain words why there is nothing to draw yet."""
    fig = go.Figure()
    fig.add_annotation(
        text=plot_text(message),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 15},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, message, height=220)


# -- figures -----------------------------------------------------------------------------------


#: A funnel bar narrower than this share of the widest puts its label beside it.
NARROW_BAR_SHARE = 0.25


#: Characters per line of a step's name in the narrow funnel ("Ended in an" on one line).
FUNNEL_NARROW_STEP: Final[int] = 11
#: Room right of the narrow funnel's bars for their labels, in widths of the widest bar.
FUNNEL_NARROW_ROOM: Final[float] = 2.5


def funnel_figure(funnel_df: pd.DataFrame, groups: Sequence[str] | None = None) -> go.Figure:
    """Applied, got an answer, interviewed, offer, accepted: one funnel per group.

    A step no application reached shows a visible ``0``. With no application
    at all the figure says so instead of drawing empty bars.

    Parameters
    ----------
    funnel_df
        Columns ``group``, ``step``, ``count``, ``share_of_previous``.
    groups
        The report's groups in order, for the colours (default: the table's).
    """
    title = "From application to offer"
    if not int(pd.to_numeric(funnel_df["count"], errors="coerce").fillna(0).sum()):
        return nothing_to_plot(title, "Nothing to plot yet: no application is logged.")
    order = _group_order(funnel_df["group"], groups)
    styles = group_styles(order)
    shown = [g for g in order if funnel_df["group"].astype("string").eq(g).any()]
    single = len(shown) <= 1
    fig = go.Figure()
    sentences = []
    for rank, group in enumerate(shown):
        rows = funnel_df[funnel_df["group"].astype("string").eq(group).to_numpy(dtype=bool)]
        style = styles[group]
        name = plot_text(group)
        step = _words(rows["step"], STEP_TITLES)
        count = rows["count"].astype("string")
        share = _percent(rows["share_of_previous"]) + " of previous"
        known = rows["share_of_previous"].notna().to_numpy()
        label = count.where(~known, count + " (" + share + ")")
        if style.round:  # a colour already used: the bar says whose it is
            label = name + ": " + label
        hover = "<b>" + name + "</b><br>" + step + ": " + count
        widths = pd.to_numeric(rows["count"], errors="coerce").fillna(0).to_numpy(dtype=float)
        # A bar too narrow for its label (or of width 0) says it beside the bar; another
        # inside it where it fits at its size, else beside it too (plotly shrank it to fit:
        # to 4 pixels on a phone).
        narrow = widths < NARROW_BAR_SHARE * max(widths.max(initial=0), 1)
        fig.add_trace(
            go.Funnel(
                name=name,
                y=step.tolist(),
                x=rows["count"].tolist(),
                text=label.tolist(),
                textinfo="text",
                textposition=np.where(narrow, "outside", "auto").tolist(),
                textangle=0,  # plotly turns a label that fits only turned
                hovertext=hover.where(~known, hover + "<br>" + share).tolist(),
                hoverinfo="text",
                marker={
                    "color": style.colour,
                    "line": {"width": 2 if style.round else 0, "color": "#000000"},
                },
                connector={"visible": single},
                legendrank=1000 + rank,
            )
        )
        counts = ", ".join(
            counted(int(c), *STEP_COUNTS.get(s, (s.replace("_", " "), s.replace("_", " "))))
            for s, c in zip(rows["step"].astype("string"), rows["count"], strict=True)
        )
        sentences.append(counts if single else f"{group}: {counts}")
    # Narrow: the bars, centred on 0, to the left, so that a thin bar's label beside it
    # ("7 (16% of previous)") has room; at plotly's margins and ranges it was cut at 390 px.
    # At 11 px, "999 (>99% of previous)" fits beside a bar as wide as the widest at 320 px
    # in a wide font such as Verdana (with room for 1.7 widest bars it was cut).
    widest = float(pd.to_numeric(funnel_df["count"], errors="coerce").fillna(0).max())
    steps = _words(funnel_df["step"].drop_duplicates(), STEP_TITLES)
    narrow = {
        "margin.l": 8,
        "margin.r": 8,
        "font.size": 11,
        # No label smaller: one that would be is not drawn (the text says every count).
        "uniformtext.minsize": 11,
        "uniformtext.mode": "hide",
        "title.font.size": 17,  # as every figure's
        "yaxis.title.text": "",  # the steps' names say it
        # "Got an answer" on two lines: on one, its width took the room of the labels
        # beside the bars ("2 (100% of previous)" was cut at 320 px in Verdana).
        "yaxis.tickmode": "array",
        "yaxis.tickvals": steps.tolist(),
        "yaxis.ticktext": _wrap(steps, FUNNEL_NARROW_STEP).tolist(),
        "xaxis.autorange": False,
        "xaxis.range": [-0.51 * widest, (0.5 + FUNNEL_NARROW_ROOM) * widest],
    }
    return _layout(
        fig,
        title,
        "Funnel of applications reaching each step: " + "; ".join(sentences) + ".",
        narrow,
        yaxis_title="Step",
        xaxis_title="Count",
        funnelmode="group",
        height=max(450, 160 + 5 * (16 * len(shown) + 40)),
    )


def _steps(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Corner points of a right-continuous step function through ``(x, y)``."""
    return np.repeat(x, 2)[1:], np.repeat(y, 2)[:-1]


def _from_100(
    day: np.ndarray, survival: np.ndarray, low: np.ndarray, high: np.ndarray
) -> tuple[np.ndarray, ...]:
    """The curve with its starting point ``(0, 100%)`` first, so it starts at 100% and an
    answer on day 0 shows as a drop at day 0."""
    if len(day) and day[0] == 0 and survival[0] == 1:
        return day, survival, low, high
    return (
        np.r_[0.0, day],
        np.r_[1.0, survival],
        np.r_[1.0, low],
        np.r_[1.0, high],
    )


#: Pixels of each panel of the narrow survival figure, between two panels (the days' labels
#: and title, the next panel's title) and under the last one.
SURVIVAL_NARROW_PANEL: Final[int] = 240
SURVIVAL_NARROW_GAP: Final[int] = 100
SURVIVAL_NARROW_BOTTOM: Final[int] = 70


def survival_figure(curves_df: pd.DataFrame, groups: Sequence[str] | None = None) -> go.Figure:
    """Kaplan-Meier curves (share still waiting) with their 95% band, one panel per measure.

    Panels follow the measures' order (application to first reply, interview
    to decision, follow-up to reply; measures with no waits are left out) and
    the legend follows ``groups``; a single group (one candidate's report) has
    no legend. Every curve starts at 100% on day 0.

    Parameters
    ----------
    curves_df
        Columns ``group``, ``measure``, ``day``, ``survival``, ``ci_low``,
        ``ci_high``; one row per step of each curve.
    groups
        The report's groups in order, for the colours and the legend (default: the table's).
    """
    title = "How long the wait lasts"
    measure_of = curves_df["measure"].astype("string")
    present = set(measure_of.dropna())
    measures = [m for m in WAIT_MEASURES if m in present]
    measures += sorted(present - set(measures))
    if not measures:
        return nothing_to_plot(
            title, "Nothing to plot yet: no application, interview or follow-up to time."
        )
    titles = _words(pd.Series(measures, dtype="string"), MEASURE_TITLES).tolist()
    fig = make_subplots(rows=1, cols=len(measures), subplot_titles=titles, shared_yaxes=True)
    order = _group_order(curves_df["group"], groups)
    styles = group_styles(order)
    group_of = curves_df["group"].astype("string")
    shown: set[str] = set()
    waits = []
    for column, measure in enumerate(measures, start=1):
        of_measure = measure_of.eq(measure).fillna(False).to_numpy(dtype=bool)
        parts = []
        for rank, group in enumerate(order):
            rows = curves_df[of_measure & group_of.eq(group).fillna(False).to_numpy(dtype=bool)]
            if rows.empty:
                continue
            rows = rows.sort_values("day")
            name, style = plot_text(group), styles[group]
            day, survival, low, high = _from_100(
                rows["day"].to_numpy("float64"),
                rows["survival"].to_numpy("float64", na_value=np.nan),
                rows["ci_low"].to_numpy("float64", na_value=np.nan),
                rows["ci_high"].to_numpy("float64", na_value=np.nan),
            )
            band_x, band_high = _steps(day, np.where(np.isnan(high), survival, high))
            _, band_low = _steps(day, np.where(np.isnan(low), survival, low))
            fig.add_trace(
                go.Scatter(
                    x=np.concatenate([band_x, band_x[::-1]]),
                    y=np.concatenate([band_high, band_low[::-1]]),
                    fill="toself",
                    mode="lines",
                    fillcolor=_with_alpha(style.colour, 0.2),
                    line={"width": 0},
                    hoverinfo="skip",
                    name=name,
                    legendgroup=name,
                    showlegend=False,
                ),
                row=1,
                col=column,
            )
            days_text = pd.Series([f"{d:.0f}" for d in day], dtype="string")
            hover = (
                "<b>"
                + name
                + "</b><br>day "
                + days_text
                + ": "
                + _percent(pd.Series(survival))
                + " still waiting (95% interval "
                + _percent(pd.Series(low))
                + " to "
                + _percent(pd.Series(high))
                + ")"
            )
            fig.add_trace(
                go.Scatter(
                    x=day,
                    y=survival,
                    mode="lines",
                    line={"shape": "hv", "color": style.colour, "dash": style.dash},
                    name=name,
                    legendgroup=name,
                    legendrank=1000 + rank,
                    # One group (a candidate's report): no legend naming it "all".
                    showlegend=len(order) > 1 and name not in shown,
                    hovertext=hover.tolist(),
                    hoverinfo="text",
                ),
                row=1,
                col=column,
            )
            shown.add(name)
            if "at_risk" in rows:
                count = int(pd.to_numeric(rows["at_risk"]).fillna(0).max())
                whose = "" if len(order) < 2 else f" for {group}"
                parts.append(counted(count, "wait", "waits") + whose)
        words = MEASURE_TITLES.get(measure, measure.replace("_", " ")).lower()
        waits.append(words + (f" ({', '.join(parts)})" if parts else ""))
    fig.update_xaxes(title_text="Days")
    fig.update_yaxes(title_text="Share still waiting", range=[0, 1.02], tickformat=".0%", col=1)
    description = (
        "Step curves of the share still waiting, day by day, from 100% on day 0, for "
        + "; ".join(waits)
        + "; the medians and the shares still waiting after 7, 14 and 30 days are in the table."
    )
    # plotly's height, given: the report puts it back after the narrow layout's.
    entries = len(shown) if len(order) > 1 else 0
    return _layout(fig, title, description, _stacked_waits(len(measures), entries), height=450)


def _stacked_waits(panels: int, entries: int) -> dict[str, object]:
    """Narrow layout changes of the survival figure: its ``panels`` one under another, each
    the whole width with its own labels (side by side, their titles ran into one another on
    a phone), and the legend of ``entries`` above them."""
    one, gap = SURVIVAL_NARROW_PANEL, SURVIVAL_NARROW_GAP
    # The first panel's title under the legend, as the others under the panel above them.
    title = gap // 3
    total = title + panels * one + (panels - 1) * gap
    changes: dict[str, object] = _legend_on_top(entries) | {"legend.font.size": 11}
    for number in range(panels):
        axis = "" if number == 0 else str(number + 1)
        top = 1 - (title + number * (one + gap)) / total
        changes[f"xaxis{axis}.domain"] = [0, 1]
        changes[f"yaxis{axis}.domain"] = [top - one / total, top]
        changes[f"yaxis{axis}.showticklabels"] = True
        changes[f"yaxis{axis}.tickformat"] = ".0%"
        changes[f"yaxis{axis}.title.text"] = "Share still waiting"
        changes[f"annotations[{number}].x"] = 0.5  # the panel's title, above it
        changes[f"annotations[{number}].y"] = top
    changes["height"] = total + _top_with_legend(entries) + SURVIVAL_NARROW_BOTTOM
    return changes


def _application_labels(events: pd.DataFrame) -> pd.Series:
    """One readable, unique, escaped label per application (and per candidate's networking)."""
    company = events["company"].astype("string")
    role = events["role"].astype("string") if "role" in events else company.str.slice(0, 0)
    is_networking = events["application_id"].isna()
    label = company.fillna("").where(~is_networking, "Networking")
    label = label.mask(role.notna() & ~is_networking, label + " · " + role)
    candidate = events["candidate"].astype("string")
    if candidate.nunique() > 1:
        label = candidate + ": " + label
    key = candidate + "\x1f" + events["application_id"].astype("string").fillna("\x1e")
    per_key = pd.DataFrame({"key": key, "label": label}).drop_duplicates("key")
    clash = per_key["label"].duplicated(keep=False)
    fixed = per_key["label"].mask(
        clash, per_key["label"] + " (" + per_key["key"].str.split("\x1f").str[1] + ")"
    )
    return plot_text(key.map(dict(zip(per_key["key"], fixed, strict=True))))


def _judged(events_df: pd.DataFrame) -> pd.DataFrame:
    """Leave out rows after the as-of date, as the statistics do."""
    if "after_as_of" in events_df:
        return events_df[~events_df["after_as_of"].astype(bool).to_numpy()]
    return events_df


#: Pixels per application line of the timeline; in its narrow layout, per line of a label
#: above the dots (plus one row), and under the chart (the axis).
TIMELINE_ROW: Final[int] = 26
TIMELINE_LINE: Final[int] = 13
TIMELINE_BOTTOM: Final[int] = 70
#: Legend entries a row the narrow timeline makes room for above its chart (its names are
#: short: three fit a row of 320 px, "Employer response" and two more do not).
TIMELINE_LEGEND_ROW: Final[int] = 3
#: Characters per line of a label in the narrow timeline.
TIMELINE_LABEL: Final[int] = 46
#: Pixels between a label of the narrow timeline and the dots under it.
TIMELINE_LABEL_SHIFT: Final[int] = 7
#: Characters of a timeline label beside its line in the wide layout: a longer one (a
#: charity's full name) is cut with "...", else it takes the chart's width.
TIMELINE_WIDE_LABEL: Final[int] = 48


def _shortened(text: pd.Series, width: int) -> pd.Series:
    """Escaped text longer than ``width`` characters cut in the middle with "...", never
    inside an entity such as ``&amp;`` (an entity counts as its characters here).

    The end is kept: it tells two applications at one company apart (the role, the
    id). Two labels still the same once cut are left whole.
    """
    text = text.astype("string").fillna("")
    long = text.str.len().gt(width).to_numpy(dtype=bool)
    tail = (width - 3) // 3
    head = text.str.slice(0, width - 3 - tail).str.replace(r"&[#\w]*$", "", regex=True)
    end = text.str.slice(-tail).str.replace(r"^[#\w]*;", "", regex=True)
    cut = text.where(~long, head.str.rstrip() + "..." + end.str.lstrip())
    return cut.where(~cut.duplicated(keep=False).to_numpy(), text)


def timeline_figure(events_df: pd.DataFrame) -> go.Figure:
    """Each application's events over time: one row per application, one colour per event.

    Parameters
    ----------
    events_df
        The events table of :func:`followup_stats.load.load_log` (rows after
        the as-of date are left out).
    """
    events = _judged(events_df)
    title = "Timeline of each application"
    if events.empty:
        return nothing_to_plot(title, "Nothing to plot yet: no event up to the as-of date.")
    labels = _application_labels(events)
    first_day = events.groupby(labels.to_numpy())["date"].min()
    order = list(first_day.sort_values(kind="stable").index)
    event = events["event"].astype("string")
    date = pd.to_datetime(events["date"])
    hover = (
        "<b>"
        + _words(event, EVENT_LABELS)
        + "</b><br>"
        + plot_text(date.dt.strftime("%Y-%m-%d"))
        + "<br>"
        + plot_text(events["company"])
        + " "
        + plot_text(events["role"] if "role" in events else events["company"].str.slice(0, 0))
        + "<br>"
        + plot_text(events["candidate"])
        + (
            "<br>" + plot_text(events["notes"])
            if "notes" in events
            else pd.Series("", index=events.index)
        )
    )
    fig = go.Figure()
    kinds = []
    for name in EVENTS:
        mine = event.eq(name).fillna(False).to_numpy()
        if not mine.any():
            continue
        kinds.append(counted(int(mine.sum()), *EVENT_COUNTS[name]))
        fig.add_trace(
            go.Scatter(
                x=date[mine],
                y=labels[mine].tolist(),
                mode="markers",
                name=plot_text(EVENT_LABELS[name]),
                marker={
                    "color": EVENT_COLOURS[name],
                    "symbol": EVENT_SYMBOLS[name],
                    "size": 10,
                    "line": {"width": 1, "color": EVENT_COLOURS[name]},
                },
                hovertext=hover[mine].tolist(),
                hoverinfo="text",
                legendgroup=name,  # a group of its own: see the narrow legend below
            )
        )
    short = _shortened(pd.Series(order, dtype="string"), TIMELINE_WIDE_LABEL).tolist()
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=order,
        autorange="reversed",
        tickmode="array",
        tickvals=order,
        ticktext=short,
    )
    # An application opens at its first row (the funnel counts it as applied): say how many
    # have an applied row and how many start with another event, or the applied rows read as
    # the funnel's count gone wrong.
    lines_of_applications = pd.Index(labels[events["application_id"].notna().to_numpy()])
    applied_lines = pd.Index(labels[event.eq("applied").fillna(False).to_numpy()])
    applications = len(lines_of_applications.unique())
    unapplied = len(lines_of_applications.unique().difference(applied_lines.unique()))
    without = (
        f" Of the {counted(applications, 'application')} (the funnel's Applied), "
        f"{applications - unapplied} {plural(applications - unapplied, 'has', 'have')} an "
        f"applied row; {unapplied} {plural(unapplied, 'starts', 'start')} with another "
        "event, such as an employer's message."
        if unapplied
        else ""
    )
    description = (
        f"Timeline of {counted(len(order), 'line', 'lines')} (one per application, "
        f"networking on a line of its own) from {day_words(date.min())} to "
        f"{day_words(date.max())}, "
        f"with {counted(len(events), 'event', 'events')}: {', '.join(kinds)}.{without}"
    )
    # Narrow: each line's label inside the chart, above its dots, on up to a few short
    # lines, so the dots get the whole width; the legend in rows above the chart; no axis
    # title (the figure's title says it). The labels are annotations whose bottom sits above
    # the dots: a tick label "inside top" grows downwards, its second line under the dots.
    wrapped = _wrap(pd.Series(order, dtype="string"), TIMELINE_LABEL)
    lines = int(wrapped.str.count("<br>").max()) + 1
    row = TIMELINE_LINE * lines + TIMELINE_ROW
    # Dates fixed: plotly would widen the range to keep the dots clear of the labels.
    pad = max((date.max() - date.min()) * 0.03, pd.Timedelta(days=1))
    narrow = {
        "xaxis.autorange": False,
        "xaxis.range": [f"{date.min() - pad:%Y-%m-%d %H:%M}", f"{date.max() + pad:%Y-%m-%d %H:%M}"],
        "yaxis.autorange": False,
        # Room above the first line for its label.
        "yaxis.range": [len(order) - 0.5, -0.5 - (row - TIMELINE_ROW / 2) / row],
        "yaxis.showticklabels": False,
        "yaxis.automargin": False,  # else 33 pixels on the left for the hidden labels
        "yaxis.title.text": "",
        "annotations": [
            {
                "text": text,
                "xref": "paper",
                "x": 0,
                "xanchor": "left",
                "yref": "y",
                "y": position,  # a category axis places annotations by the category's number
                "yanchor": "bottom",
                "yshift": TIMELINE_LABEL_SHIFT,
                "align": "left",
                "showarrow": False,
                "font": {"size": 11},
            }
            for position, text in enumerate(wrapped.tolist())
        ],
        **_legend_on_top(len(kinds), TIMELINE_LEGEND_ROW),
        # Each entry as wide as its name, as many a row as fit: plotly gives every entry of
        # a horizontal legend the widest one's width, one a row at 320 px in a wide font
        # such as Verdana (eleven rows, 219 pixels, under "Employer response"), but lays
        # out legend groups each at its own width. Where the legend needs more rows than
        # the room made for it, the report moves the chart down.
        "legend.font.size": 11,
        "legend.traceorder": "grouped",
        "legend.tracegroupgap": 0,
    }
    narrow["height"] = (
        row * (len(order) + 1) + _top_with_legend(len(kinds), TIMELINE_LEGEND_ROW) + TIMELINE_BOTTOM
    )
    return _layout(
        fig,
        title,
        description,
        narrow,
        xaxis_title="Date",
        yaxis_title="Application",
        legend_traceorder="normal",  # beside the chart, no gap between the groups
        height=max(320, TIMELINE_ROW * len(order) + 160),
    )


#: Room for a rate of 0% or 100% with its interval: the rate axes run from
#: a little below 0% (or -100%) to a little above 100%, so that no dot is cut in half.
RATE_ROOM: Final[float] = 0.04
_RATE_RANGE: Final[list[float]] = [-RATE_ROOM, 1 + RATE_ROOM]
#: Characters per line of a rate's name in the narrow rates figure.
RATES_NARROW_LABEL: Final[int] = 12


def rates_figure(rates_df: pd.DataFrame, groups: Sequence[str] | None = None) -> go.Figure:
    """Each rate as a dot with its 95% interval, one colour per group.

    Parameters
    ----------
    rates_df
        Columns ``group``, ``metric``, ``k``, ``n``, ``pending``, ``rate``,
        ``ci_low``, ``ci_high``.
    groups
        The report's groups in order, for the colours (default: the table's).
    """
    title = RATES_TITLE
    if not int(pd.to_numeric(rates_df["n"], errors="coerce").fillna(0).sum()):
        return nothing_to_plot(title, "Nothing to plot yet: no application to count.")
    order = _group_order(rates_df["group"], groups)
    styles = group_styles(order)
    group_of = rates_df["group"].astype("string")
    shown = [g for g in order if group_of.eq(g).any()]
    metric_words = _words(rates_df["metric"], METRIC_TITLES)
    fig = go.Figure()
    for rank, group in enumerate(shown):
        rows = rates_df[group_of.eq(group).fillna(False).to_numpy(dtype=bool)]
        name, style = plot_text(group), styles[group]
        rate = rows["rate"].astype("float64")
        metric = _words(rows["metric"], METRIC_TITLES)
        hover = (
            "<b>"
            + name
            + "</b><br>"
            + metric
            + ": "
            + _percent(rate)
            + " ("
            + rows["k"].astype("string").fillna("?")
            + " of "
            + rows["n"].astype("string").fillna("?")
            + ", "
            + rows["pending"].astype("string").fillna("0")
            + " pending)<br>95% interval "
            + _percent(rows["ci_low"])
            + " to "
            + _percent(rows["ci_high"])
        )
        fig.add_trace(
            go.Scatter(
                x=rate.to_numpy(),
                y=metric.tolist(),
                mode="markers",
                orientation="h",
                name=name,
                legendrank=1000 + rank,
                marker={"color": style.colour, "symbol": style.symbol, "size": 10},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (rows["ci_high"].astype("float64") - rate).to_numpy(),
                    "arrayminus": (rate - rows["ci_low"].astype("float64")).to_numpy(),
                },
                hovertext=hover.tolist(),
                hoverinfo="text",
            )
        )
    fig.update_xaxes(range=_RATE_RANGE, tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    metrics = rates_df["metric"].astype("string").nunique()
    who = "" if len(shown) < 2 else f" for {len(shown)} groups ({', '.join(shown)})"
    description = (
        f"Dots with 95% intervals for {counted(metrics, 'rate', 'rates')}{who}, "
        "each rate with its own denominator; the counts behind them are in the table."
    )
    height = max(450, 160 + metrics * (14 * len(shown) + 24))
    # Narrow: the rates' names on short lines, so the dots and the legend above them (as many
    # entries a row as fit) get most of the width.
    names = metric_words.drop_duplicates()
    narrow = _legend_on_top(len(shown)) | {
        "legend.font.size": 11,
        "yaxis.tickmode": "array",
        "yaxis.tickvals": names.tolist(),
        "yaxis.ticktext": _wrap(names, RATES_NARROW_LABEL).tolist(),
        # A name on two or three lines is as tall as the dots beside it: a dot at 0% (half
        # left of the axis) stays clear of it.
        "yaxis.ticklabelstandoff": 8,
    }
    narrow["height"] = height - 100 + _top_with_legend(len(shown))  # as much room for the dots
    return _layout(
        fig,
        title,
        description,
        narrow,
        xaxis_title="Rate",
        yaxis_title="",
        scattermode="group",
        height=height,
    )


def _patience_hover(rows: pd.DataFrame) -> pd.Series:
    """The hover text of each row of a patience table (its group in bold, then what was
    asked, the rate and its interval), for the whole table at once: a figure's traces
    each take their rows'."""
    size = rows["k"].astype("string").fillna("") + " of " + rows["n"].astype("string").fillna("")
    size = size.where(rows["n"].notna(), "difference")
    p_value = rows["p_value"].astype("float64").to_numpy()
    p_text = pd.Series(
        np.where(np.isfinite(p_value), np.strings.mod("p = %.3g", p_value), "no p-value"),
        index=rows.index,
    )
    comparison = rows["comparison"].astype("string")
    # "progressed_by_behaviour" -> "Progressed"; the reply comparisons by their panel's name.
    measure = comparison.str.replace(r"_by_[a-z_]+$", "", regex=True)
    asked = _words(measure.where(~comparison.str.startswith("reply_by_"), "reply"), _QUESTIONS)
    interval = "95% interval " + _percent(rows["ci_low"]) + " to " + _percent(rows["ci_high"])
    known = rows["ci_low"].notna().to_numpy() & rows["ci_high"].notna().to_numpy()
    return (
        "<b>"
        + plot_text(rows["group"])
        + "</b><br>"
        + asked
        + ", "
        + _words(rows["arm"], ARM_LABELS).str.lower()
        + ": "
        + _percent(rows["rate"])
        + " ("
        + plot_text(size)
        + ")<br>"
        + interval.where(known, "no 95% interval")
        + "; "
        + plot_text(p_text)
        + "<br>"
        + plot_text(rows["note"])
    )


def _interval_trace(
    rows: pd.DataFrame,
    y: np.ndarray,
    name: str,
    colour: str,
    hover: pd.Series,
    small: np.ndarray,
    symbol: str = "circle",
) -> go.Scatter:
    """Dots with 95% interval bars; hollow where ``small`` (too few to conclude anything)."""
    rate = rows["rate"].astype("float64")
    return go.Scatter(
        x=rate.to_numpy(),
        y=y,
        mode="markers",
        name=name,
        marker={
            "color": colour,
            "size": 10,
            "symbol": np.where(small, f"{symbol}-open", symbol).tolist(),
            "line": {"width": 2, "color": colour},
        },
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (rows["ci_high"].astype("float64") - rate).to_numpy(),
            "arrayminus": (rate - rows["ci_low"].astype("float64")).to_numpy(),
            "color": colour,
            "thickness": 1.5,
        },
        hovertext=hover.tolist(),
        hoverinfo="text",
    )


#: Panels of :func:`patience_figure`: title, the comparisons shown (by suffix), their arms.
_PATIENCE_PANELS: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    ("Outcome by follow-up behaviour", "_by_behaviour", BEHAVIOURS),
    (
        "Difference between behaviours (Newcombe 95% interval)",
        "_by_behaviour",
        ("polite_vs_none", "pushy_vs_polite"),
    ),
    ("Outcome with and without a thank-you", "_by_thank_you", ("thank_you", "no_thank_you")),
    (
        "Outcome by applying and networking while waiting",
        "_by_activity",
        ("some_activity", "no_activity"),
    ),
)
_REPLY_ARMS: Final[tuple[tuple[str, str], ...]] = (
    ("reply_by_timing", "early"),
    ("reply_by_timing", "on_time"),
    ("reply_by_timing", "late"),
    ("reply_by_number", "1st"),
    ("reply_by_number", "2nd"),
    ("reply_by_number", "3rd+"),
)
#: The reply panel's two questions, each with its own legend.
_REPLY_PARTS: Final[dict[str, str]] = {
    "reply_by_timing": ", by timing",
    "reply_by_number": ", by number",
}
#: The question of a patience row in its hover text, by measure ("progressed", "reply").
_QUESTIONS: Final[dict[str, str]] = {
    "progressed": "Progressed (next interview or offer)",
    "advanced": "Advanced to a next interview",
    "offer": "Ended in an offer",
    "rejection": "Ended in a rejection",
    "ghosted": "Went silent",
    "withdrew": "Withdrew",
    "reply": "Follow-ups that got a reply",
}
_SPREAD: Final[float] = 0.22
#: Characters per line of a patience panel's title in the narrow layout.
PATIENCE_NARROW_TITLE: Final[int] = 20
#: Pixels of the patience panels of one group, spacing included (as in every layout).
PATIENCE_PANELS_HEIGHT: Final[int] = 1210
#: Characters per line of a patience legend's title.
PATIENCE_LEGEND_TITLE: Final[int] = 40
#: Pixels of a line of a patience legend (its title's or an entry's), between two legends,
#: and under the last one.
PATIENCE_LEGEND_LINE: Final[int] = 20
PATIENCE_LEGEND_GAP: Final[int] = 14
PATIENCE_LEGEND_PAD: Final[int] = 20
#: Pixels of a line of the note under the patience panels, and between it and the legends.
PATIENCE_NOTE_LINE: Final[int] = 17
PATIENCE_NOTE_GAP: Final[int] = 30
#: Space between the patience panels, as a share of the panels' height (``make_subplots``).
PATIENCE_SPACING: Final[float] = 0.06
#: Pixels more between one group's panels and the next group's in one column (the axis title).
PATIENCE_GROUP_GAP: Final[int] = 40
#: Pixels of plotly's top margin (not set by the patience figure).
PLOTLY_TOP_MARGIN: Final[int] = 100


def _stacked_panels(rows: int, columns: int, height: int, bottom: int) -> dict[str, object]:
    """Narrow layout changes that put ``columns`` groups of ``rows`` panels in one column.

    Each group's panels come under the previous group's, every panel as tall as in one
    group's narrow layout and the whole width; the figure loses its fixed width (wider
    than a phone's screen from four groups on) and grows in height instead. The panel
    titles move with their panels; the note and the legends stay as far under the last
    panel, in pixels, as under one group's (``bottom`` pixels of margin).
    """
    top = PLOTLY_TOP_MARGIN
    one = height - top - bottom  # pixels of one group's panels, spacing included
    panel = one * (1 - (rows - 1) * PATIENCE_SPACING) / rows
    gap = one * PATIENCE_SPACING
    slots = rows * columns
    total = slots * panel + (slots - 1) * gap + (columns - 1) * PATIENCE_GROUP_GAP
    # Subplot (row, column) is axis number (row - 1) * columns + column, and its title the
    # annotation before it; its slot in the column is (column - 1) * rows + row - 1.
    row, column = np.divmod(np.arange(slots), columns)
    slot = column * rows + row
    upper = 1 - (slot * (panel + gap) + column * PATIENCE_GROUP_GAP) / total
    lower = upper - panel / total
    changes: dict[str, object] = {
        "width": None,
        "autosize": True,
        "height": round(total) + top + bottom,
        f"annotations[{slots}].y": -0.05 * one / total,  # the note, after the titles
    }
    for number, (low, high) in enumerate(zip(lower, upper, strict=True)):
        axis = "" if number == 0 else str(number + 1)
        changes[f"xaxis{axis}.domain"] = [0, 1]
        changes[f"yaxis{axis}.domain"] = [float(low), float(high)]
        changes[f"annotations[{number}].x"] = 0.5
        changes[f"annotations[{number}].y"] = float(high)
    return changes


def _small_arms(patience_df: pd.DataFrame) -> np.ndarray:
    """Rows whose arm has fewer than :data:`MIN_ARM_SIZE` units. A difference (``polite_vs_none``,
    ``n`` missing) is small when either of its two arms is."""
    n = _numbers(patience_df["n"])
    small = n < MIN_ARM_SIZE
    key = (
        patience_df["group"].astype("string").fillna("")
        + "\x1f"
        + patience_df["comparison"].astype("string").fillna("")
        + "\x1f"
    )
    size = dict(zip(key + patience_df["arm"].astype("string").fillna(""), n, strict=True))
    arm = patience_df["arm"].astype("string").fillna("")
    for position, (prefix, name) in enumerate(zip(key, arm, strict=True)):
        if "_vs_" not in name:
            continue
        sizes = [size.get(prefix + part, np.nan) for part in name.split("_vs_")]
        small[position] = any(not np.isfinite(v) or v < MIN_ARM_SIZE for v in sizes)
    return small


def _patience_description(patience_df: pd.DataFrame, groups: list[str]) -> str:
    parts = []
    for group in groups:
        rows = patience_df[
            patience_df["group"].astype("string").eq(group).fillna(False).to_numpy(dtype=bool)
            & patience_df["comparison"]
            .astype("string")
            .eq("progressed_by_behaviour")
            .to_numpy(dtype=bool, na_value=False)
        ]
        sizes = {
            str(a): int(v)
            for a, v in zip(rows["arm"], _numbers(rows["n"]), strict=True)
            if np.isfinite(v)
        }
        words = ", ".join(
            f"{sizes.get(b, 0)} {ARM_LABELS[b].lower().replace(' follow-ups', '')}"
            for b in BEHAVIOURS
        )
        rounds = counted(sum(sizes.values()), "round", "rounds")
        parts.append(f"{rounds}: {words}" + ("" if len(groups) < 2 else f" for {group}"))
    # The count is the behaviour panel's: the thank-you panel takes other rounds (those
    # still undecided when the thank-you was due) and the reply panel counts follow-ups.
    return (
        "Dots with 95% intervals comparing the share of interview rounds that progressed, "
        f"were rejected or went silent by follow-up behaviour ({'; '.join(parts)}), "
        "with and without a thank-you and with and without other activity while waiting, "
        "and how often follow-ups got a reply by timing and number; hollow dots are groups "
        f"of fewer than {MIN_ARM_SIZE}; the numbers are in the table."
    )


#: The legends of :func:`patience_figure`, one per panel and two for the reply panel: the
#: row of the panel, the words after its title, and its arms in their natural order.
_PATIENCE_LEGENDS: Final[tuple[tuple[int, str, tuple[str, ...]], ...]] = (
    *((row, "", arms) for row, (_, _, arms) in enumerate(_PATIENCE_PANELS, start=1)),
    *(
        (
            len(_PATIENCE_PANELS) + 1,
            part,
            tuple(a for name, a in _REPLY_ARMS if name == comparison),
        )
        for comparison, part in _REPLY_PARTS.items()
    ),
)


def _legend_id(number: int) -> str:
    """Plotly's name of the ``number``-th legend: ``legend``, ``legend2``, ..."""
    return "legend" if number == 0 else f"legend{number + 1}"


def _patience_legends(
    lines: Sequence[int],
    bottom: int,
    note: int,
    height: int,
    per_row: int,
    step: float = 0.5,
) -> dict[str, object]:
    """Where each patience legend goes, ``per_row`` side by side, as relayout keys.

    ``lines`` are the legends' lines (title and entries); the first starts ``note``
    pixels under the panels, in a bottom margin of ``bottom`` pixels of a figure
    ``height`` pixels high. Side by side, legends start at the panels' left edge and
    ``step`` further right (a share of the panels' width); one a row (a phone), at the
    figure's left edge, with the whole width.
    """
    place: dict[str, object] = {}
    below = note
    # Plotly keeps a margin beside a vertical legend placed in the figure's coordinates
    # (the panels would shrink to a sliver on a phone), so one a row, a legend lies in
    # rows under its title, its entries in order, as many a row as fit (one at most
    # for each entry's line counted).
    for start in range(0, len(lines), per_row):
        row = lines[start : start + per_row]
        for slot in range(len(row)):
            key = _legend_id(start + slot)
            place[f"{key}.xref"] = "paper" if per_row > 1 else "container"
            if per_row == 1:
                place[f"{key}.orientation"] = "h"
            place[f"{key}.x"] = slot * step
            place[f"{key}.y"] = (bottom - below) / height
        below += max(row) * PATIENCE_LEGEND_LINE + PATIENCE_LEGEND_GAP
    return place


def _legends_height(lines: Sequence[int], per_row: int) -> int:
    rows = [max(lines[i : i + per_row]) for i in range(0, len(lines), per_row)]
    return sum(rows) * PATIENCE_LEGEND_LINE + (len(rows) - 1) * PATIENCE_LEGEND_GAP


def patience_figure(patience_df: pd.DataFrame) -> go.Figure:
    """The patience table as dots with 95% intervals, one column of panels per group.

    Panels, top to bottom: outcome rates by behaviour (none, polite, pushy),
    the differences between behaviours, outcomes with and without a
    thank-you, outcomes by applying and networking while waiting, and the
    reply rate of follow-ups by timing and by number. Hollow markers are arms
    with fewer than :data:`MIN_ARM_SIZE` units, too few to conclude anything
    (a difference is hollow when either of its arms is); each arm has its own
    colour and marker symbol (:data:`ARM_COLOURS`, :data:`ARM_SYMBOLS`). One
    trace per arm and panel (15 per group), kept out of the legends, plus one
    legend-only trace per arm and panel that shows the arm's solid marker.
    Each panel has its own legend under the panels, titled with the panel's
    title and listing its arms in their natural order (no follow-up, polite,
    pushy; early, on time, late; 1st, 2nd, 3rd and later), two legends a row;
    the reply panel has two, by timing and by number. Clicking an entry shows
    or hides that arm in every column. With no round to compare, the figure
    says so. In the narrow layout (a phone) the groups' columns of panels come
    one under another, and the legends one under another.

    Parameters
    ----------
    patience_df
        The table of :func:`followup_stats.stats.patience.patience`.
    """
    title = "Did patience pay off?"
    if not pd.to_numeric(patience_df["n"], errors="coerce").fillna(0).gt(0).any():
        return nothing_to_plot(
            title,
            "Nothing to plot yet: no interview round was still unanswered on its first "
            "allowed follow-up day, and no follow-up to compare.",
        )
    groups = list(dict.fromkeys(patience_df["group"].astype("string").fillna("")))
    titles = [t for t, _, _ in _PATIENCE_PANELS] + ["Reply to follow-ups"]
    several = len(groups) > 1
    columns = len(groups)
    panel_titles = [
        plot_text(f"{group}: {panel}" if several else panel) for panel in titles for group in groups
    ]
    fig = make_subplots(
        rows=len(titles),
        cols=columns,
        subplot_titles=panel_titles,
        vertical_spacing=PATIENCE_SPACING,
        horizontal_spacing=min(0.08, 0.5 / (columns - 1)) if several else 0.08,
    )
    group_of = patience_df["group"].astype("string")
    comparison = patience_df["comparison"].astype("string")
    arm = patience_df["arm"].astype("string")
    small_of = _small_arms(patience_df)
    measure_labels = _words(pd.Series(MEASURES, dtype="string")).tolist()
    legend_of = {(row, part): n for n, (row, part, _) in enumerate(_PATIENCE_LEGENDS)}
    drawn: set[tuple[int, str]] = set()  # (legend, arm) with a dot in some column
    hovers = _patience_hover(patience_df)

    def add(
        mine: np.ndarray, y: np.ndarray, arm_name: str, row: int, column: int, part: str = ""
    ) -> None:
        rows = patience_df[mine]
        first = arm_name.split("_vs_")[0]
        label = plot_text(ARM_LABELS.get(arm_name, arm_name.replace("_", " ")))
        hover = hovers[mine]
        colour = ARM_COLOURS.get(first, "#7F7F7F")
        symbol = ARM_SYMBOLS.get(first, "circle")
        trace = _interval_trace(rows, y, label, colour, hover, small_of[mine], symbol)
        # In its panel's legend, one group per arm and panel: clicking the arm's entry
        # shows or hides it in every column.
        number = legend_of[(row, part)]
        trace.legend = _legend_id(number)
        trace.legendgroup = f"panel {row}{part}: {arm_name}"
        trace.showlegend = False
        fig.add_trace(trace, row=row, col=column)
        drawn.add((number, arm_name))

    has_rate = pd.to_numeric(patience_df["rate"], errors="coerce").notna().to_numpy(dtype=bool)
    for column, group in enumerate(groups, start=1):
        in_group = group_of.eq(group).fillna(False).to_numpy(dtype=bool)
        for row, (_, suffix, arms) in enumerate(_PATIENCE_PANELS, start=1):
            for slot, arm_name in enumerate(arms):
                mine = (
                    in_group
                    & comparison.str.endswith(suffix).fillna(False).to_numpy(dtype=bool)
                    & arm.eq(arm_name).fillna(False).to_numpy(dtype=bool)
                )
                if not mine.any():
                    continue
                rows = patience_df[mine]
                measure = rows["comparison"].astype("string").str.removesuffix(suffix)
                where = measure.map({m: i for i, m in enumerate(MEASURES)}).astype("float64")
                offset = (slot - (len(arms) - 1) / 2) * _SPREAD
                add(mine, where.to_numpy() + offset, arm_name, row, column)
            fig.update_yaxes(
                tickvals=list(range(len(MEASURES))),
                ticktext=measure_labels,
                autorange="reversed",
                row=row,
                col=column,
            )
            difference = arms[0].count("_vs_") > 0
            room = [2 * v - 1 for v in _RATE_RANGE] if difference else _RATE_RANGE
            fig.update_xaxes(range=room, tickformat=".0%", row=row, col=column)
            if difference:
                fig.add_vline(x=0, line={"color": "#444", "dash": "dot"}, row=row, col=column)
        reply_row = len(titles)
        # A reply row with no dot (no follow-up of its kind in this column) is left out
        # rather than drawn empty and unlabelled: the rows with dots close up.
        reply_rows = [
            in_group
            & comparison.eq(name).fillna(False).to_numpy(dtype=bool)
            & arm.eq(arm_name).fillna(False).to_numpy(dtype=bool)
            for name, arm_name in _REPLY_ARMS
        ]
        sent = [bool((mine & has_rate).any()) for mine in reply_rows]
        positions = np.cumsum(sent) - 1
        for (name, arm_name), mine, shown, position in zip(
            _REPLY_ARMS, reply_rows, sent, positions, strict=True
        ):
            if mine.any():
                y = np.full(int(mine.sum()), float(position) if shown else np.nan)
                add(mine, y, arm_name, reply_row, column, _REPLY_PARTS[name])
        fig.update_yaxes(
            tickvals=list(range(sum(sent))),
            ticktext=[
                plot_text(ARM_LABELS[a])
                for (_, a), shown in zip(_REPLY_ARMS, sent, strict=True)
                if shown
            ],
            autorange="reversed",
            row=reply_row,
            col=column,
        )
        fig.update_xaxes(
            range=_RATE_RANGE, tickformat=".0%", title_text="Share", row=reply_row, col=column
        )
    # The legends' entries, each legend's arms in their natural order whichever column
    # drew them first. The legend shows the arm's plain solid marker, not the first dot's
    # (which is hollow for a small arm: the legend would say "small" for every column).
    legends: dict[str, dict[str, object]] = {}
    lines: list[int] = []
    for number, (row, part, arms) in enumerate(_PATIENCE_LEGENDS):
        entries = [a for a in arms if (number, a) in drawn]
        if not entries:
            continue
        key = _legend_id(len(lines))
        legend_title = _wrap_one(plot_text(titles[row - 1] + part), PATIENCE_LEGEND_TITLE)
        for rank, arm_name in enumerate(entries):
            first = arm_name.split("_vs_")[0]
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=plot_text(ARM_LABELS.get(arm_name, arm_name.replace("_", " "))),
                    marker={
                        "color": ARM_COLOURS.get(first, "#7F7F7F"),
                        "size": 10,
                        "symbol": ARM_SYMBOLS.get(first, "circle"),
                    },
                    legend=key,
                    legendgroup=f"panel {row}{part}: {arm_name}",
                    legendrank=rank + 1,
                    showlegend=True,
                    hoverinfo="skip",
                ),
                row=row,
                col=1,
            )
        for trace in fig.data:
            if trace.legend == _legend_id(number) and trace.showlegend is False:
                trace.legend = key  # legends numbered without a gap
        legends[key] = {
            "title": {"text": legend_title, "side": "top"},
            "groupclick": "togglegroup",
            "traceorder": "normal",
            "tracegroupgap": 0,
            "orientation": "v",
            "xanchor": "left",
            "yref": "container",
            "yanchor": "top",
            "bgcolor": "rgba(255, 255, 255, 0)",
        }
        lines.append(legend_title.count("<br>") + 1 + len(entries))
    note = (
        "Rounds still unanswered on their first allowed follow-up day; with and without a<br>"
        "thank-you: rounds still undecided when it was due; replies: follow-ups sent before<br>"
        f"the application ended. Hollow markers: fewer than {MIN_ARM_SIZE} (for a difference, "
        "in either<br>group), too few to conclude anything. Associations only."
    )
    fig.add_annotation(
        text=note,
        xref="paper",
        yref="paper",
        x=0,
        y=-0.05,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        align="left",
    )
    width = 140 + 360 * columns if columns > 3 else None
    more: dict[str, object] = {} if width is None else {"width": width}
    # Narrow: panel titles and the note on several lines, the legends one under another.
    texts = pd.Series([*panel_titles, note.replace("<br>", " ")], dtype="string")
    titled_panels = texts.index < len(panel_titles)
    wrapped = _wrap(texts, PATIENCE_NARROW_TITLE).where(titled_panels, _wrap(texts, 34))
    # Under the panels: the axis's labels and title, the note, then the legends (two a row
    # on a desktop, one a row on a phone). The panels keep their height in every layout.
    note_lines = (4, str(wrapped.iloc[-1]).count("<br>") + 1)
    note_room = [
        round(0.05 * PATIENCE_PANELS_HEIGHT + n * PATIENCE_NOTE_LINE + PATIENCE_NOTE_GAP)
        for n in note_lines
    ]
    bottom, narrow_bottom = (
        room + _legends_height(lines, per_row) + PATIENCE_LEGEND_PAD
        for room, per_row in zip(note_room, (2, 1), strict=True)
    )
    height = PLOTLY_TOP_MARGIN + PATIENCE_PANELS_HEIGHT + bottom
    narrow_height = PLOTLY_TOP_MARGIN + PATIENCE_PANELS_HEIGHT + narrow_bottom
    narrow: dict[str, object] = {f"annotations[{i}].text": t for i, t in enumerate(wrapped)}
    # Each panel's title is centred over the panel, right of its labels: smaller and on
    # shorter lines, it stays on a screen of 320 px in a wide font such as Verdana. The note
    # ends at the panels' right edge rather than starting at their left (it has the labels'
    # width too).
    narrow |= {f"annotations[{i}].font.size": 13 for i in range(len(panel_titles))}
    narrow |= {
        f"annotations[{len(panel_titles)}].x": 1,
        f"annotations[{len(panel_titles)}].xanchor": "right",
        "margin.l": 8,
        "margin.r": 16,
        "margin.b": narrow_bottom,
        "height": narrow_height,
    }
    # The legends' titles smaller: at 320 px in a wide font such as Verdana, plotly's size
    # ran past the screen's edge.
    narrow |= {f"{key}.title.font.size": 11 for key in legends}
    if several:  # one column: a phone has no room for panels side by side
        narrow |= _stacked_panels(len(titles), columns, narrow_height, narrow_bottom)
    narrow_height = int(str(narrow["height"]))
    narrow |= _patience_legends(lines, narrow_bottom, note_room[1], narrow_height, 1)
    # Two legends a row: the first under the first column's panels, at their left edge; the
    # second in the middle of a figure that takes the page's width, and in a figure of
    # fixed width (four groups or more) under the second column's panels, at their left
    # edge as the first is at the first's (it was 480 pixels right of the first, past the
    # middle of the second column).
    second = 0.5 if width is None else float(fig.layout.xaxis2.domain[0])
    for key, value in _patience_legends(lines, bottom, note_room[0], height, 2, second).items():
        legend, attribute = key.split(".")
        legends[legend][attribute] = value
    return _layout(
        fig,
        title,
        _patience_description(patience_df, groups),
        narrow,
        height=height,
        margin={"b": bottom},
        showlegend=True,
        **legends,
        **more,
    )


def activity_figure(events_df: pd.DataFrame) -> go.Figure:
    """Weekly counts of applications, interviews, follow-ups and networking.

    Follow-ups include updates without a reason, which count as follow-ups
    (FU010). Weeks start on Monday; rows after the as-of date are left out.

    Parameters
    ----------
    events_df
        The events table of :func:`followup_stats.load.load_log`.
    """
    events = _judged(events_df)
    event = events["event"].astype("string")
    if "reason" in events:
        event = event.mask(event.eq("update") & events["reason"].isna(), "follow_up")
    kept = event.isin(list(ACTIVITY_KINDS)).fillna(False).to_numpy(dtype=bool)
    day = pd.to_datetime(events["day"]).dt.normalize()[kept]
    week = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    counts = (
        pd.DataFrame({"week": week, "kind": event[kept]})
        .groupby(["week", "kind"])
        .size()
        .unstack("kind")
        .reindex(columns=list(ACTIVITY_KINDS))
    )
    if len(counts):
        weeks = pd.date_range(counts.index.min(), counts.index.max(), freq="7D")
        counts = counts.reindex(weeks)
    counts = counts.fillna(0).astype("int64")
    title = "Activity per week"
    if counts.empty:
        return nothing_to_plot(
            title,
            "Nothing to plot yet: no application, interview, follow-up or networking "
            "up to the as-of date.",
        )
    fig = go.Figure()
    for kind, name in ACTIVITY_KINDS.items():
        values = counts[kind]
        hover = (
            "Week of "
            + pd.Series(pd.DatetimeIndex(counts.index).strftime("%Y-%m-%d"), dtype="string")
            + "<br>"
            + name
            + ": "
            + values.astype("string").reset_index(drop=True)
        )
        fig.add_trace(
            go.Bar(
                x=counts.index,
                y=values.to_numpy(),
                name=name,
                marker={"color": EVENT_COLOURS[kind]},
                hovertext=hover.tolist(),
                hoverinfo="text",
            )
        )
    # Ticks on the bars' Mondays (plotly's own weekly ticks fall on Sundays), at most 8.
    weeks = pd.DatetimeIndex(counts.index)
    every = -(-len(weeks) // 8)
    ticks = weeks[::every]
    fig.update_xaxes(tickvals=list(ticks), ticktext=[day_words(t) for t in ticks], tickangle=0)
    totals = ", ".join(f"{int(counts[k].sum())} {n.lower()}" for k, n in ACTIVITY_KINDS.items())
    busiest = int(counts.sum(axis=1).to_numpy().argmax())
    description = (
        f"Bars per week from the week of {day_words(weeks[0])} to the week of "
        f"{day_words(weeks[-1])}: {totals} in all; the busiest week began "
        f"{day_words(weeks[busiest])}."
    )
    return _layout(
        fig,
        title,
        description,
        barmode="group",
        xaxis_title="Week starting (Monday)",
        yaxis_title="Events",
    )
