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
from collections.abc import Mapping
from typing import Final, overload

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from followup_stats.stats.patience import BEHAVIOURS, MEASURES, MIN_ARM_SIZE
from followup_stats.vocab import EVENTS

__all__ = [
    "ARM_COLOURS",
    "EVENT_COLOURS",
    "activity_figure",
    "funnel_figure",
    "patience_figure",
    "plot_text",
    "rates_figure",
    "survival_figure",
    "timeline_figure",
]

#: One colour per event, the same in every figure (Okabe-Ito and Tol, colour-blind safe).
EVENT_COLOURS: Final[dict[str, str]] = {
    "applied": "#0072B2",
    "interview": "#009E73",
    "thank_you": "#56B4E9",
    "follow_up": "#E69F00",
    "update": "#CC79A7",
    "response": "#7F7F7F",
    "offer": "#117733",
    "rejection": "#D55E00",
    "withdrew": "#332288",
    "accepted": "#44AA99",
    "declined": "#882255",
    "networking": "#DDCC77",
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
#: One colour per arm of the patience table, the same in every figure.
ARM_COLOURS: Final[dict[str, str]] = {
    "none": "#7F7F7F",
    "polite": "#0072B2",
    "pushy": "#D55E00",
    "thank_you": "#009E73",
    "no_thank_you": "#7F7F7F",
    "some_activity": "#009E73",
    "no_activity": "#7F7F7F",
    "early": "#D55E00",
    "on_time": "#0072B2",
    "late": "#E69F00",
    "1st": "#56B4E9",
    "2nd": "#0072B2",
    "3rd+": "#D55E00",
}
#: Colours of groups (``all``, candidates, ``--by`` values), in order of appearance (Tol bright).
GROUP_COLOURS: Final[tuple[str, ...]] = (
    "#4477AA",
    "#EE6677",
    "#228833",
    "#CCBB44",
    "#66CCEE",
    "#AA3377",
    "#BBBBBB",
)

ACTIVITY_KINDS: Final[dict[str, str]] = {
    "applied": "Applications",
    "interview": "Interviews",
    "follow_up": "Follow-ups",
    "networking": "Networking",
}
MEASURE_TITLES: Final[dict[str, str]] = {
    "to_first_response": "Application to first employer reply",
    "interview_to_decision": "Interview to decision",
    "follow_up_to_reply": "Follow-up to reply",
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
    escaped = html.escape(text, quote=False)
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


def _words(values: pd.Series, labels: Mapping[str, str] | None = None) -> pd.Series:
    """Vocabulary (``follow_up``, ``on_time``) in plain words, escaped."""
    text = values.astype("string")
    fallback = text.str.replace("_", " ").str.capitalize()
    if not labels:
        return plot_text(fallback)
    return plot_text(text.map(labels, na_action="ignore").astype("string").fillna(fallback))


def _percent(values: pd.Series) -> pd.Series:
    number = pd.to_numeric(values, errors="coerce").astype("float64")
    text = pd.Series([f"{v:.0%}" if np.isfinite(v) else "n/a" for v in number], index=values.index)
    return text.astype("string")


def _with_alpha(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _group_colours(groups: pd.Series) -> dict[str, str]:
    order = list(dict.fromkeys(groups.astype("string").fillna("")))
    return {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(order)}


def _layout(fig: go.Figure, title: str, **more: object) -> go.Figure:
    fig.update_layout(
        title={"text": title},
        template="plotly_white",
        hoverlabel={"align": "left"},
        legend={"title": {"text": ""}},
        **more,
    )
    return fig


# -- figures -----------------------------------------------------------------------------------


def funnel_figure(funnel_df: pd.DataFrame) -> go.Figure:
    """Applied, answered, interviewed, offer, accepted: one funnel per group.

    Parameters
    ----------
    funnel_df
        Columns ``group``, ``step``, ``count``, ``share_of_previous``.
    """
    colours = _group_colours(funnel_df["group"])
    single = len(colours) <= 1
    fig = go.Figure()
    for group, rows in funnel_df.groupby("group", sort=False):
        name = plot_text(str(group))
        step = _words(rows["step"])
        count = rows["count"].astype("string")
        share = _percent(rows["share_of_previous"]) + " of previous"
        known = rows["share_of_previous"].notna().to_numpy()
        label = count.where(~known, count + " (" + share + ")")
        hover = "<b>" + name + "</b><br>" + step + ": " + count
        fig.add_trace(
            go.Funnel(
                name=name,
                y=step.tolist(),
                x=rows["count"].tolist(),
                text=label.tolist(),
                textinfo="text",
                hovertext=hover.where(~known, hover + "<br>" + share).tolist(),
                hoverinfo="text",
                marker={"color": colours[str(group)]},
                connector={"visible": single},
            )
        )
    return _layout(
        fig,
        "From application to offer",
        yaxis_title="Step",
        xaxis_title="Count",
        funnelmode="group",
    )


def _steps(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Corner points of a right-continuous step function through ``(x, y)``."""
    return np.repeat(x, 2)[1:], np.repeat(y, 2)[:-1]


def survival_figure(curves_df: pd.DataFrame) -> go.Figure:
    """Kaplan-Meier curves (share still waiting) with their 95% band, one panel per measure.

    Parameters
    ----------
    curves_df
        Columns ``group``, ``measure``, ``day``, ``survival``, ``ci_low``,
        ``ci_high``; one row per step of each curve.
    """
    measures = list(dict.fromkeys(curves_df["measure"].astype("string")))
    titles = _words(pd.Series(measures, dtype="string"), MEASURE_TITLES).tolist()
    fig = make_subplots(
        rows=1, cols=max(len(measures), 1), subplot_titles=titles, shared_yaxes=True
    )
    colours = _group_colours(curves_df["group"])
    shown: set[str] = set()
    for column, measure in enumerate(measures, start=1):
        of_measure = curves_df[curves_df["measure"].astype("string").eq(measure).to_numpy()]
        for group, rows in of_measure.groupby("group", sort=False):
            rows = rows.sort_values("day")
            name, colour = plot_text(str(group)), colours[str(group)]
            day = rows["day"].to_numpy("float64")
            survival = rows["survival"].to_numpy("float64")
            low = rows["ci_low"].astype("float64").fillna(rows["survival"]).to_numpy("float64")
            high = rows["ci_high"].astype("float64").fillna(rows["survival"]).to_numpy("float64")
            band_x, band_high = _steps(day, high)
            _, band_low = _steps(day, low)
            fig.add_trace(
                go.Scatter(
                    x=np.concatenate([band_x, band_x[::-1]]),
                    y=np.concatenate([band_high, band_low[::-1]]),
                    fill="toself",
                    mode="lines",
                    fillcolor=_with_alpha(colour, 0.2),
                    line={"width": 0},
                    hoverinfo="skip",
                    name=name,
                    legendgroup=name,
                    showlegend=False,
                ),
                row=1,
                col=column,
            )
            hover = (
                "<b>"
                + name
                + "</b><br>day "
                + rows["day"].astype("string")
                + ": "
                + _percent(rows["survival"])
                + " still waiting (95% interval "
                + _percent(rows["ci_low"])
                + " to "
                + _percent(rows["ci_high"])
                + ")"
            )
            fig.add_trace(
                go.Scatter(
                    x=day,
                    y=survival,
                    mode="lines",
                    line={"shape": "hv", "color": colour},
                    name=name,
                    legendgroup=name,
                    showlegend=name not in shown,
                    hovertext=hover.tolist(),
                    hoverinfo="text",
                ),
                row=1,
                col=column,
            )
            shown.add(name)
    fig.update_xaxes(title_text="Days")
    fig.update_yaxes(title_text="Share still waiting", range=[0, 1.02], tickformat=".0%", col=1)
    return _layout(fig, "How long the wait lasts")


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


def timeline_figure(events_df: pd.DataFrame) -> go.Figure:
    """Each application's events over time: one row per application, one colour per event.

    Parameters
    ----------
    events_df
        The events table of :func:`followup_stats.load.load_log` (rows after
        the as-of date are left out).
    """
    events = _judged(events_df)
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
    for name in EVENTS:
        mine = event.eq(name).fillna(False).to_numpy()
        if not mine.any():
            continue
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
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed")
    return _layout(
        fig,
        "Timeline of each application",
        xaxis_title="Date",
        yaxis_title="Application",
        height=max(320, 26 * len(order) + 160),
    )


def rates_figure(rates_df: pd.DataFrame) -> go.Figure:
    """Each rate as a dot with its 95% interval, one colour per group.

    Parameters
    ----------
    rates_df
        Columns ``group``, ``metric``, ``k``, ``n``, ``pending``, ``rate``,
        ``ci_low``, ``ci_high``.
    """
    colours = _group_colours(rates_df["group"])
    fig = go.Figure()
    for group, rows in rates_df.groupby("group", sort=False):
        name = plot_text(str(group))
        rate = rows["rate"].astype("float64")
        metric = _words(rows["metric"])
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
                marker={"color": colours[str(group)], "size": 10},
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
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig,
        "Response and outcome rates (95% Wilson intervals)",
        xaxis_title="Rate",
        yaxis_title="",
        scattermode="group",
    )


def _patience_hover(rows: pd.DataFrame, group: str) -> pd.Series:
    size = rows["k"].astype("string").fillna("") + " of " + rows["n"].astype("string").fillna("")
    size = size.where(rows["n"].notna(), "difference")
    p_value = rows["p_value"].astype("float64")
    p_text = pd.Series(
        [f"p = {v:.3g}" if np.isfinite(v) else "no p-value" for v in p_value], index=rows.index
    )
    return (
        "<b>"
        + group
        + "</b><br>"
        + plot_text(rows["comparison"])
        + ", "
        + plot_text(rows["arm"])
        + ": "
        + _percent(rows["rate"])
        + " ("
        + plot_text(size)
        + ")<br>95% interval "
        + _percent(rows["ci_low"])
        + " to "
        + _percent(rows["ci_high"])
        + "; "
        + plot_text(p_text)
        + "<br>"
        + plot_text(rows["note"])
    )


def _interval_trace(
    rows: pd.DataFrame, y: np.ndarray, name: str, colour: str, hover: pd.Series
) -> go.Scatter:
    """Dots with 95% interval bars; hollow where the arm is too small to conclude anything."""
    rate = rows["rate"].astype("float64")
    small = rows["n"].astype("Float64").fillna(MIN_ARM_SIZE).lt(MIN_ARM_SIZE).to_numpy(dtype=bool)
    return go.Scatter(
        x=rate.to_numpy(),
        y=y,
        mode="markers",
        name=name,
        legendgroup=name,
        marker={
            "color": colour,
            "size": 10,
            "symbol": np.where(small, "circle-open", "circle").tolist(),
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
_SPREAD: Final[float] = 0.22


def patience_figure(patience_df: pd.DataFrame) -> go.Figure:
    """The patience table as dots with 95% intervals, one column of panels per group.

    Panels, top to bottom: outcome rates by behaviour (none, polite, pushy),
    the differences between behaviours, outcomes with and without a
    thank-you, outcomes by applying and networking while waiting, and the
    reply rate of follow-ups by timing and by number. Hollow markers are arms
    with fewer than :data:`MIN_ARM_SIZE` units, too few to conclude anything.
    One trace per arm and panel (15 per group).

    Parameters
    ----------
    patience_df
        The table of :func:`followup_stats.stats.patience.patience`.
    """
    groups = list(dict.fromkeys(patience_df["group"].astype("string")))
    titles = [t for t, _, _ in _PATIENCE_PANELS] + ["Reply to follow-ups"]
    several = len(groups) > 1
    fig = make_subplots(
        rows=len(titles),
        cols=max(len(groups), 1),
        column_titles=plot_text(pd.Series(groups, dtype="string")).tolist() if several else None,
        subplot_titles=None if several else titles,
        vertical_spacing=0.06,
        horizontal_spacing=0.08,
    )
    group_of = patience_df["group"].astype("string")
    comparison = patience_df["comparison"].astype("string")
    arm = patience_df["arm"].astype("string")
    measure_labels = _words(pd.Series(MEASURES, dtype="string")).tolist()
    shown: set[str] = set()

    def add(rows: pd.DataFrame, y: np.ndarray, arm_name: str, row: int, column: int) -> None:
        first = arm_name.split("_vs_")[0]
        label = plot_text(ARM_LABELS.get(arm_name, arm_name.replace("_", " ")))
        hover = _patience_hover(rows, plot_text(groups[column - 1]))
        trace = _interval_trace(rows, y, label, ARM_COLOURS.get(first, "#7F7F7F"), hover)
        trace.showlegend = label not in shown
        shown.add(label)
        fig.add_trace(trace, row=row, col=column)

    for column, group in enumerate(groups, start=1):
        in_group = group_of.eq(group).fillna(False).to_numpy(dtype=bool)
        for row, (_, suffix, arms) in enumerate(_PATIENCE_PANELS, start=1):
            for slot, arm_name in enumerate(arms):
                mine = (
                    in_group
                    & comparison.str.endswith(suffix).fillna(False).to_numpy(dtype=bool)
                    & arm.eq(arm_name).fillna(False).to_numpy(dtype=bool)
                )
                rows = patience_df[mine]
                if rows.empty:
                    continue
                measure = rows["comparison"].astype("string").str.removesuffix(suffix)
                where = measure.map({m: i for i, m in enumerate(MEASURES)}).astype("float64")
                offset = (slot - (len(arms) - 1) / 2) * _SPREAD
                add(rows, where.to_numpy() + offset, arm_name, row, column)
            fig.update_yaxes(
                tickvals=list(range(len(MEASURES))),
                ticktext=measure_labels,
                autorange="reversed",
                row=row,
                col=column,
            )
            difference = arms[0].count("_vs_") > 0
            fig.update_xaxes(
                range=[-1, 1] if difference else [0, 1], tickformat=".0%", row=row, col=column
            )
            if difference:
                fig.add_vline(x=0, line={"color": "#444", "dash": "dot"}, row=row, col=column)
        reply_row = len(titles)
        for position, (name, arm_name) in enumerate(_REPLY_ARMS):
            mine = (
                in_group
                & comparison.eq(name).fillna(False).to_numpy(dtype=bool)
                & arm.eq(arm_name).fillna(False).to_numpy(dtype=bool)
            )
            rows = patience_df[mine]
            if not rows.empty:
                add(rows, np.full(len(rows), float(position)), arm_name, reply_row, column)
        fig.update_yaxes(
            tickvals=list(range(len(_REPLY_ARMS))),
            ticktext=[plot_text(ARM_LABELS[a]) for _, a in _REPLY_ARMS],
            autorange="reversed",
            row=reply_row,
            col=column,
        )
        fig.update_xaxes(
            range=[0, 1], tickformat=".0%", title_text="Share", row=reply_row, col=column
        )
    fig.add_annotation(
        text=(
            "Rounds still unanswered on their first allowed follow-up day. Hollow markers: "
            f"fewer than {MIN_ARM_SIZE}, too few to conclude anything. Associations only."
        ),
        xref="paper",
        yref="paper",
        x=0,
        y=-0.05,
        showarrow=False,
        xanchor="left",
    )
    return _layout(fig, "Did patience pay off?", height=280 * len(titles), margin={"b": 90})


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
    fig = go.Figure()
    for kind, title in ACTIVITY_KINDS.items():
        values = counts[kind]
        hover = (
            "Week of "
            + pd.Series(pd.DatetimeIndex(counts.index).strftime("%Y-%m-%d"), dtype="string")
            + "<br>"
            + title
            + ": "
            + values.astype("string").reset_index(drop=True)
        )
        fig.add_trace(
            go.Bar(
                x=counts.index,
                y=values.to_numpy(),
                name=title,
                marker={"color": EVENT_COLOURS[kind]},
                hovertext=hover.tolist(),
                hoverinfo="text",
            )
        )
    return _layout(
        fig,
        "Activity per week",
        barmode="group",
        xaxis_title="Week starting",
        yaxis_title="Events",
    )
