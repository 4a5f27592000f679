"""Figures: one trace per what they show, consistent colours, and log text always escaped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from followup_stats import plots
from followup_stats.load import load_log
from followup_stats.stats.patience import patience

EVIL = "<b>x</b><script>alert(1)</script>"
AS_OF = "2026-12-31"

LOG = pd.DataFrame(
    {
        "date": [
            "2026-09-01",
            "2026-09-10",
            "2026-09-10",
            "2026-09-17",
            "2026-09-20",
            "2026-09-03",
            "2026-09-08",
            "2026-09-01",
            "2026-09-12",
            "2026-09-22",
        ],
        "candidate": ["Ana"] * 5 + [EVIL] * 5,
        "company": [EVIL] * 5 + ["Beta"] * 2 + [""] + ["Gamma"] * 2,
        "role": ["$\\href{javascript:alert(1)}{x}$"] * 5 + ["Analyst"] * 2 + [""] + ["Dev"] * 2,
        "event": [
            "applied",
            "interview",
            "thank_you",
            "follow_up",
            "offer",
            "applied",
            "rejection",
            "networking",
            "applied",
            "response",
        ],
        "notes": ['<a href="https://example.com">click</a>'] + [""] * 9,
    }
)


def strings(value: object) -> Iterator[str]:
    """Every string inside a figure's JSON, decoded (plotly writes ``<`` as ``\\u003c``)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def assert_escaped(fig: go.Figure) -> None:
    text = fig.to_json()
    assert "&lt;script&gt;" in text
    assert "<script>" not in text
    decoded = list(strings(json.loads(text)))
    assert not any("<script>" in s or "<b>x" in s or "<a href" in s for s in decoded)
    assert any("&lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in s for s in decoded)


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_log(LOG, as_of=AS_OF).events


def test_plot_text_escapes_markup_quotes_and_tex() -> None:
    values = pd.Series([EVIL, None, 'it\'s "$5" & more'], dtype="string")
    assert plots.plot_text(values).tolist() == [
        "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        "",
        "it&#39;s &#34;&#36;5&#34; &amp; more",
    ]
    assert plots.plot_text("<br>") == "&lt;br&gt;"


def test_timeline_has_one_trace_per_event_type_and_escapes(events: pd.DataFrame) -> None:
    fig = plots.timeline_figure(events)
    assert isinstance(fig, go.Figure)
    kinds = events["event"].astype("string").nunique()
    assert len(fig.data) == kinds
    offer = next(t for t in fig.data if t.name == "Offer")
    assert offer.marker.color == plots.EVENT_COLOURS["offer"]
    assert_escaped(fig)
    data = json.loads(fig.to_json())["data"]
    assert not any("$" in s for s in strings(data))  # no label can turn into TeX


def test_activity_has_four_weekly_series(events: pd.DataFrame) -> None:
    fig = plots.activity_figure(events)
    assert [t.name for t in fig.data] == ["Applications", "Interviews", "Follow-ups", "Networking"]
    applications = fig.data[0]
    assert applications.marker.color == plots.EVENT_COLOURS["applied"]
    assert int(np.sum(applications.y)) == 3
    assert int(np.sum(fig.data[3].y)) == 1


def test_funnel_has_one_trace_per_group() -> None:
    steps = ["applied", "answered", "interviewed", "offer", "accepted"]
    funnel = pd.DataFrame(
        {
            "group": ["all"] * 5 + [EVIL] * 5,
            "step": steps * 2,
            "count": [10, 6, 3, 1, 1, 5, 2, 1, 0, 0],
            "share_of_previous": [np.nan, 0.6, 0.5, 1 / 3, 1.0, np.nan, 0.4, 0.5, 0.0, np.nan],
        }
    )
    fig = plots.funnel_figure(funnel)
    assert len(fig.data) == 2
    assert_escaped(fig)


def test_survival_has_a_band_and_a_step_curve_per_group_and_measure() -> None:
    days = [0, 3, 7, 12]
    curves = pd.DataFrame(
        {
            "group": (["all"] * 4 + [EVIL] * 4) * 2,
            "measure": ["to_first_response"] * 8 + ["interview_to_decision"] * 8,
            "day": days * 4,
            "survival": [1.0, 0.8, 0.5, 0.3] * 4,
            "ci_low": [1.0, 0.6, 0.3, np.nan] * 4,
            "ci_high": [1.0, 0.95, 0.7, np.nan] * 4,
        }
    )
    fig = plots.survival_figure(curves)
    assert len(fig.data) == 8
    bands = [t for t in fig.data if t.fill == "toself"]
    curves_only = [t for t in fig.data if t.line.shape == "hv"]
    assert len(bands) == 4 and len(curves_only) == 4
    assert_escaped(fig)


def test_rates_has_one_dot_trace_per_group_with_intervals() -> None:
    rates = pd.DataFrame(
        {
            "group": ["all", "all", EVIL],
            "metric": ["response", "interview", "response"],
            "k": [3, 1, 2],
            "n": [10, 10, 4],
            "pending": [0, 0, 1],
            "rate": [0.3, 0.1, 0.5],
            "ci_low": [0.1, 0.02, 0.15],
            "ci_high": [0.6, 0.4, 0.85],
        }
    )
    fig = plots.rates_figure(rates)
    assert len(fig.data) == 2
    assert list(fig.data[0].error_x.array) == pytest.approx([0.3, 0.3])
    assert_escaped(fig)


def test_patience_has_fifteen_traces_per_group() -> None:
    log = LOG.assign(company=LOG["company"].replace("", "Gamma"))
    table = patience(log, as_of=AS_OF, by="candidate")
    assert set(table["group"]) == {"Ana", EVIL}
    fig = plots.patience_figure(table)
    dots = [t for t in fig.data if t.showlegend is False]  # the rest: legend entries
    assert len(dots) == 15 * 2 and len(fig.data) == 15 * 3
    assert_escaped(fig)
    single = plots.patience_figure(patience(log, as_of=AS_OF))
    assert len([t for t in single.data if t.showlegend is False]) == 15
    polite = next(t for t in single.data if t.name == "Polite follow-ups")
    assert polite.marker.color == plots.ARM_COLOURS["polite"]


def test_figures_accept_the_library_tables() -> None:
    from followup_stats import stats
    from followup_stats.simulate import simulate

    sim = simulate(candidates=2, applications=15, seed=4)
    loaded = load_log(sim.log, as_of=str(sim.as_of))
    funnel = stats.funnel(loaded, by="candidate")
    assert len(plots.funnel_figure(funnel).data) == funnel["group"].nunique()
    curves = stats.survival_curves(loaded)
    pairs = curves[["group", "measure"]].drop_duplicates()
    assert len(plots.survival_figure(curves).data) == 2 * len(pairs)
    rates = stats.outcome_rates(loaded, by="candidate")
    assert len(plots.rates_figure(rates).data) == rates["group"].nunique()


# -- the review's findings -----------------------------------------------------------------------

SAMPLE = "data/sample_log.csv"
SAMPLE_AS_OF = "2026-10-30"
SAME_DAY = pd.DataFrame(
    {
        "date": ["2026-08-01", "2026-08-01", "2026-08-02", "2026-08-02", "2026-08-03"],
        "candidate": ["Ann"] * 5,
        "application_id": ["A1", "A1", "A2", "A2", "A3"],
        "company": ["Acme", "Acme", "Beta", "Beta", "Gamma"],
        "event": ["applied", "response", "applied", "rejection", "applied"],
    }
)


def _json(fig: go.Figure) -> dict[str, object]:
    figure: dict[str, object] = json.loads(fig.to_json())
    return figure


def _is_message(fig: go.Figure) -> bool:
    """A "nothing to plot yet" figure: no traces, hidden axes, one plain-words annotation."""
    layout = fig.layout
    return (
        len(fig.data) == 0
        and layout.xaxis.visible is False
        and layout.yaxis.visible is False
        and len(layout.annotations) == 1
        and "Nothing to plot yet" in layout.annotations[0].text
    )


def _curves(groups: list[str], measures: list[str]) -> pd.DataFrame:
    rows = [
        {
            "group": g,
            "measure": m,
            "day": d,
            "survival": s,
            "ci_low": lo,
            "ci_high": hi,
            "at_risk": 4,
        }
        for g in groups
        for m in measures
        for d, s, lo, hi in [(0.0, 1.0, 1.0, 1.0), (13.0, 0.5, 0.2, 0.8)]
    ]
    return pd.DataFrame(rows)


def _rates(groups: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": groups,
            "metric": "response",
            "k": 1,
            "n": 4,
            "pending": 0,
            "rate": 0.25,
            "ci_low": 0.05,
            "ci_high": 0.7,
        }
    )


def test_patience_by_many_groups_draws_with_every_panel_titled() -> None:
    table = patience(SAMPLE, as_of=SAMPLE_AS_OF, by="company")
    groups = table["group"].nunique()
    assert groups >= 14
    fig = plots.patience_figure(table)  # used to raise: horizontal spacing too large
    titles = [a.text for a in fig.layout.annotations]
    assert len([t for t in titles if t.endswith(": Reply to follow-ups")]) == groups
    two = plots.patience_figure(patience(LOG, as_of=AS_OF, by="candidate"))
    titles = [a.text for a in two.layout.annotations]
    assert "Ana: Outcome by follow-up behaviour" in titles
    assert "Ana: Difference between behaviours (Newcombe 95% interval)" in titles


def test_group_colours_never_repeat_silently() -> None:
    names = [f"Candidate {i}" for i in range(1, 21)]
    styles = plots.group_styles(names)
    first = [styles[n] for n in names[: len(plots.GROUP_COLOURS)]]
    assert len({s.colour for s in first}) == len(plots.GROUP_COLOURS) >= 8
    drawn = {(s.colour, s.symbol, s.dash) for s in styles.values()}
    assert len(drawn) == len(names)  # a reused colour comes with another symbol and dash
    fig = plots.rates_figure(_rates(names))
    markers = {(t.marker.color, t.marker.symbol) for t in fig.data}
    assert len(markers) == len(names)
    curves = plots.survival_figure(_curves(names, ["to_first_response"]))
    lines = {(t.line.color, t.line.dash) for t in curves.data if t.line.shape == "hv"}
    assert len(lines) == len(names)


def test_sample_cohort_candidates_have_distinct_colours() -> None:
    from followup_stats import stats

    cohort = load_log("data/sample_cohort.csv", as_of=SAMPLE_AS_OF)
    fig = plots.rates_figure(stats.outcome_rates(cohort, by="candidate"))
    colours = [t.marker.color for t in fig.data]
    assert len(colours) == 8 and len(set(colours)) == 8


def test_figure_height_grows_with_the_groups_in_each_row() -> None:
    small = plots.rates_figure(_rates(["a", "b"])).layout.height
    big = plots.rates_figure(_rates([f"g{i}" for i in range(40)])).layout.height
    assert big > small
    funnel = pd.DataFrame(
        {
            "group": np.repeat([f"g{i}" for i in range(30)], 5),
            "step": ["applied", "answered", "interviewed", "offer", "accepted"] * 30,
            "count": [4, 2, 1, 0, 0] * 30,
            "share_of_previous": [np.nan, 0.5, 0.5, 0.0, np.nan] * 30,
        }
    )
    assert (
        plots.funnel_figure(funnel).layout.height
        > plots.funnel_figure(funnel[funnel["group"].eq("g0")]).layout.height
    )


def test_a_group_keeps_its_colour_in_every_figure() -> None:
    groups = ["Ann", "Bob", "Cy"]
    rates = plots.rates_figure(_rates(groups), groups=groups)
    # Ann has no waits: Bob and Cy keep their colours all the same.
    curves = plots.survival_figure(_curves(["Bob", "Cy"], ["to_first_response"]), groups=groups)
    by_rates = {t.name: t.marker.color for t in rates.data}
    by_curves = {t.name: t.line.color for t in curves.data if t.line.shape == "hv"}
    assert by_curves == {"Bob": by_rates["Bob"], "Cy": by_rates["Cy"]}
    assert by_rates["Ann"] != by_rates["Bob"]


def test_group_names_lists_every_group_as_the_tables_do() -> None:
    from followup_stats import stats

    names = stats.group_names(SAMPLE, by="company", as_of=SAMPLE_AS_OF, include_all=True)
    rates = stats.outcome_rates(SAMPLE, by="company", as_of=SAMPLE_AS_OF, include_all=True)
    assert names == list(dict.fromkeys(rates["group"]))
    assert stats.group_names(SAMPLE, as_of=SAMPLE_AS_OF) == ["all"]


def test_survival_panels_and_legend_follow_the_tables_order() -> None:
    order = ["to_first_response", "interview_to_decision", "follow_up_to_reply"]
    curves = _curves(["Bob"], ["follow_up_to_reply", "to_first_response"])
    curves = pd.concat([curves, _curves(["Ann"], order[::-1])], ignore_index=True)
    fig = plots.survival_figure(curves, groups=["Ann", "Bob"])
    titles = [a.text for a in fig.layout.annotations]
    assert titles == [plots.MEASURE_TITLES[m] for m in order]
    shown = sorted((t.legendrank, t.name) for t in fig.data if t.showlegend is not False)
    assert [name for _, name in shown] == ["Ann", "Bob"]
    default = plots.survival_figure(curves)  # no list given: the tables' sorting
    shown = sorted((t.legendrank, t.name) for t in default.data if t.showlegend is not False)
    assert [name for _, name in shown] == ["Ann", "Bob"]


def test_survival_curve_starts_at_100_percent_with_answers_on_day_0() -> None:
    from followup_stats import stats

    curves = stats.survival_curves(load_log(SAME_DAY, as_of=SAMPLE_AS_OF))
    assert curves["survival"].iloc[0] < 1  # the table: answered on day 0
    fig = plots.survival_figure(curves)
    curve = next(t for t in fig.data if t.line.shape == "hv")
    assert (curve.x[0], curve.y[0]) == (0, 1)
    assert curve.x[1] == 0 and curve.y[1] == pytest.approx(float(curves["survival"].iloc[0]))
    band = next(t for t in fig.data if t.fill == "toself")
    assert max(band.y) == 1 and band.x[0] == 0


def test_a_single_groups_survival_figure_has_no_legend() -> None:
    """A candidate's report showed a legend of one entry, "all", the name of the only group:
    a word that names nothing to a client. Two groups keep their legend."""
    single = plots.survival_figure(_curves(["all"], ["to_first_response", "follow_up_to_reply"]))
    assert not any(t.showlegend for t in single.data)
    narrow = single.layout.meta["narrow"]
    assert narrow["margin.t"] == plots._top_with_legend(0)  # no room kept for a legend
    two = plots.survival_figure(_curves(["Ann", "Bob"], ["to_first_response"]))
    assert [t.name for t in two.data if t.showlegend] == ["Ann", "Bob"]


def test_survival_hover_says_whole_days() -> None:
    fig = plots.survival_figure(_curves(["all"], ["to_first_response"]))
    curve = next(t for t in fig.data if t.line.shape == "hv")
    assert any("day 13:" in h for h in curve.hovertext)
    assert not any(".0:" in h for h in curve.hovertext)


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(LOG.iloc[0:0], id="no rows"),
        pytest.param(LOG.assign(date="2027-06-01"), id="only events after the as-of date"),
    ],
)
def test_nothing_to_plot_says_so(rows: pd.DataFrame) -> None:
    from followup_stats import stats

    loaded = load_log(rows, as_of=AS_OF)
    figures = {
        "funnel": plots.funnel_figure(stats.funnel(loaded)),
        "rates": plots.rates_figure(stats.outcome_rates(loaded)),
        "survival": plots.survival_figure(stats.survival_curves(loaded)),
        "patience": plots.patience_figure(patience(loaded)),
        "timeline": plots.timeline_figure(loaded.events),
        "activity": plots.activity_figure(loaded.events),
    }
    for name, fig in figures.items():
        assert _is_message(fig), name
        assert fig.layout.meta["description"] == fig.layout.annotations[0].text, name


def test_no_interview_round_gives_a_patience_message() -> None:
    one = load_log(SAME_DAY, as_of=SAMPLE_AS_OF)
    assert _is_message(plots.patience_figure(patience(one)))
    assert not _is_message(plots.funnel_figure(__import__("followup_stats").stats.funnel(one)))


def test_difference_is_hollow_when_either_arm_is_small() -> None:
    table = patience(SAMPLE, as_of=SAMPLE_AS_OF)
    sizes = table[table["comparison"].eq("progressed_by_behaviour")].set_index("arm")["n"]
    assert sizes[["none", "polite"]].min() < plots.MIN_ARM_SIZE
    fig = plots.patience_figure(table)
    square = plots.ARM_SYMBOLS["polite"]  # a difference takes its first arm's symbol
    difference = next(
        t for t in fig.data if t.name == "Polite minus none" and t.showlegend is False
    )
    assert set(difference.marker.symbol) == {f"{square}-open"}
    big = table.assign(n=table["n"].where(table["n"].isna(), 50))
    solid = next(
        t
        for t in plots.patience_figure(big).data
        if t.name == "Polite minus none" and t.showlegend is False
    )
    assert set(solid.marker.symbol) == {square}


def _legends(fig: go.Figure) -> dict[str, tuple[str, list[str]]]:
    """Each legend's title and its entries' names in the order the legend shows them."""
    entries = [t for t in fig.data if t.showlegend is not False]
    shown: dict[str, tuple[str, list[str]]] = {}
    for key in dict.fromkeys(t.legend or "legend" for t in entries):
        mine = [t for t in entries if (t.legend or "legend") == key]
        ranked = sorted(
            range(len(mine)),
            key=lambda i: (1000 if mine[i].legendrank is None else mine[i].legendrank, i),
        )
        shown[key] = (fig.layout[key].title.text, [mine[i].name for i in ranked])
    return shown


def test_patience_legend_names_the_panel_of_each_entry() -> None:
    fig = plots.patience_figure(patience(SAMPLE, as_of=SAMPLE_AS_OF))
    entries = [t for t in fig.data if t.showlegend is not False]
    keys = [(t.legend, t.name) for t in entries]
    assert len(keys) == len(set(keys)) == 15
    legends = _legends(fig)
    titles = [title for title, _ in legends.values()]
    assert len(titles) == 6 and len(set(titles)) == 6  # reply: timing, number
    assert titles[0] == "Outcome by follow-up behaviour"
    assert titles[-2:] == ["Reply to follow-ups, by timing", "Reply to follow-ups, by number"]
    # Clicking an entry shows or hides its arm's dots in every column: one legend group.
    for entry in entries:
        dots = [t for t in fig.data if t.legendgroup == entry.legendgroup and t is not entry]
        assert dots and all(d.legend == entry.legend for d in dots), entry.name
    assert all(fig.layout[key].groupclick == "togglegroup" for key in legends)


@pytest.mark.parametrize(
    ("log", "by"), [(SAMPLE, None), ("data/sample_cohort.csv", "candidate")], ids=["one", "cohort"]
)
def test_each_patience_legend_reads_in_its_natural_order(log: str, by: str | None) -> None:
    """Both reports' legends read "Outcome by follow-up behaviour ■ Polite ◆ Pushy", then
    "● No follow-up" on the next line (each arm its own group, the panel's title on the
    first: plotly put that group's entry under the title, the others beside it), and
    "Reply to follow-ups, by timing ▶ On time ▶ Late", then "◀ Early". Now each panel has
    a legend of its own, its title above its entries, in their natural order, even where
    the first column has no dot of the first arm."""
    table = patience(log, as_of=SAMPLE_AS_OF, by=by)
    if by is not None:  # the first candidate without early follow-ups: drawn later
        first = table["group"].iloc[0]
        table = table[
            ~(
                table["group"].eq(first)
                & table["comparison"].eq("reply_by_timing")
                & table["arm"].eq("early")
            )
        ]
    fig = plots.patience_figure(table)
    natural = {
        "Outcome by follow-up behaviour": ["none", "polite", "pushy"],
        "Reply to follow-ups, by timing": ["early", "on_time", "late"],
        "Reply to follow-ups, by number": ["1st", "2nd", "3rd+"],
    }
    legends = _legends(fig)
    assert {title for title, _ in legends.values()} >= set(natural)
    for key, (title, names) in legends.items():
        layout = fig.layout[key]
        assert layout.orientation == "v" and layout.title.side == "top", title  # title above
        if title in natural:
            assert names == [plots.ARM_LABELS[a] for a in natural[title]], title


@pytest.mark.parametrize(
    ("log", "by"), [(SAMPLE, None), ("data/sample_cohort.csv", "candidate")], ids=["one", "cohort"]
)
def test_each_patience_arm_has_its_own_colour_and_marker(log: str, by: str | None) -> None:
    """The reply panel's "Early" and "3rd and later" were the orange diamond that means
    "Pushy follow-ups" in the panels above (and "On time" and "2nd" polite's blue square).
    Within the figure, a colour and marker name one arm; a difference ("Polite minus none")
    is drawn as its first arm."""
    fig = plots.patience_figure(patience(log, as_of=SAMPLE_AS_OF, by=by))
    meaning: dict[tuple[str, str], set[str]] = {}
    for trace in fig.data:
        symbols = np.atleast_1d(trace.marker.symbol)
        for symbol in {str(s).removesuffix("-open") for s in symbols}:
            arm = trace.legendgroup.split(": ")[1].split("_vs_")[0]
            meaning.setdefault((trace.marker.color, symbol), set()).add(arm)
    assert len(meaning) == 13  # every arm drawn
    assert all(len(arms) == 1 for arms in meaning.values()), meaning


def test_dots_at_0_and_100_percent_are_drawn_whole() -> None:
    """A rate of 0% or 100% (the sample's pushy arm, its early follow-ups) was half cut at
    the plot's edge: every rate axis leaves room for half a dot beyond 0% and 100%, even in
    a phone's 250 pixels of plot."""
    figures = [
        plots.patience_figure(patience(SAMPLE, as_of=SAMPLE_AS_OF)),
        plots.rates_figure(_rates(["a", "b"])),
    ]
    table = patience(SAMPLE, as_of=SAMPLE_AS_OF)
    assert {0.0, 1.0} <= set(table["rate"].dropna())  # the sample has both
    for fig in figures:
        ranges = [fig.layout[k].range for k in fig.layout if k.startswith("xaxis")]
        assert ranges
        for low, high in ranges:
            lowest, highest = (-1.0, 1.0) if low < -1 else (0.0, 1.0)
            room = min(lowest - low, high - highest) / (high - low) * 250
            assert room >= 10 / 2 + 2, (low, high)  # half a dot and its line


def test_zero_funnel_steps_show_a_visible_zero() -> None:
    funnel = pd.DataFrame(
        {
            "group": ["all"] * 5,
            "step": ["applied", "answered", "interviewed", "offer", "accepted"],
            "count": [3, 1, 0, 0, 0],
            "share_of_previous": [np.nan, 1 / 3, 0.0, np.nan, np.nan],
        }
    )
    trace = plots.funnel_figure(funnel).data[0]
    positions = list(trace.textposition)
    for count, text, position in zip(trace.x, trace.text, positions, strict=True):
        if count == 0:
            assert text.startswith("0") and position == "outside"
        else:
            assert position == "auto"  # inside where it fits


def test_narrow_funnel_bars_say_their_count_beside_them() -> None:
    """70 applications and 2 offers: the offer bar is too narrow to hold '2 (29% of previous)';
    a wider bar holds its label where it fits at its size, else says it beside it too (plotly
    shrank "44 (63% of previous)" into its bar, 4 pixels high on a phone)."""
    funnel = pd.DataFrame(
        {
            "group": ["all"] * 4,
            "step": ["applied", "answered", "interviewed", "offer"],
            "count": [70, 44, 7, 2],
            "share_of_previous": [np.nan, 44 / 70, 7 / 44, 2 / 7],
        }
    )
    fig = plots.funnel_figure(funnel)
    trace = fig.data[0]
    assert list(trace.textposition) == ["auto", "auto", "outside", "outside"]
    assert trace.textangle == 0  # never turned to fit
    narrow = fig.layout.meta["narrow"]
    assert narrow["uniformtext.minsize"] == narrow["font.size"] == 11  # never shrunk on a phone
    assert narrow["uniformtext.mode"] == "hide"


def test_activity_ticks_fall_on_the_bars_mondays(events: pd.DataFrame) -> None:
    fig = plots.activity_figure(events)
    ticks = pd.to_datetime(list(fig.layout.xaxis.tickvals))
    assert len(ticks) and (ticks.day_of_week == 0).all()
    bars = pd.to_datetime(list(fig.data[0].x))
    assert set(ticks) <= set(bars)


def test_every_figure_has_a_text_alternative(events: pd.DataFrame) -> None:
    from followup_stats import stats

    loaded = load_log(LOG, as_of=AS_OF)
    figures = [
        plots.funnel_figure(stats.funnel(loaded)),
        plots.rates_figure(stats.outcome_rates(loaded, by="candidate")),
        plots.survival_figure(stats.survival_curves(loaded, by="candidate")),
        plots.patience_figure(patience(loaded, by="candidate")),
        plots.timeline_figure(events),
        plots.activity_figure(events),
    ]
    for fig in figures:
        text = fig.layout.meta["description"]
        assert len(text) > 40 and text.endswith("."), text
        assert "<" not in text and "$" not in text  # log text escaped, as every label
    funnel = figures[0].layout.meta["description"]
    assert "3 applied" in funnel
    assert "&lt;b&gt;x" in figures[1].layout.meta["description"]


# -- accessibility: contrast, symbols, legends -------------------------------------------------


def _contrast_on_white(colour: str) -> float:
    """WCAG 2 contrast ratio of an ``#RRGGBB`` colour against white."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


def test_contrast_formula() -> None:
    assert _contrast_on_white("#FFFFFF") == pytest.approx(1.0)
    assert _contrast_on_white("#000000") == pytest.approx(21.0)
    assert _contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    "colour",
    sorted({*plots.EVENT_COLOURS.values(), *plots.ARM_COLOURS.values(), *plots.GROUP_COLOURS}),
)
def test_every_palette_colour_stands_out_on_white(colour: str) -> None:
    assert _contrast_on_white(colour) >= 3.0, colour


def test_the_darker_palettes_keep_their_colours_apart() -> None:
    assert len(set(plots.GROUP_COLOURS)) == len(plots.GROUP_COLOURS)
    assert len(set(plots.EVENT_COLOURS.values())) == len(plots.EVENT_COLOURS)


def test_each_group_has_its_own_marker_symbol() -> None:
    names = [f"Candidate {i}" for i in range(1, 9)]
    fig = plots.rates_figure(_rates(names))
    assert len({t.marker.symbol for t in fig.data}) == len(names)


def test_patience_arms_differ_by_symbol_and_the_legend_shows_solid_markers() -> None:
    table = patience(SAMPLE, as_of=SAMPLE_AS_OF)
    fig = plots.patience_figure(table)
    entries = [t for t in fig.data if t.showlegend is not False]
    assert entries
    for entry in entries:
        assert isinstance(entry.marker.symbol, str), entry.name
        assert not entry.marker.symbol.endswith("-open"), entry.name
    panel = [t for t in entries if t.legendgroup.startswith("panel 1:")]
    assert len({t.marker.symbol for t in panel}) == len(panel) == 3
    small = [t for t in fig.data if t.showlegend is False and "-open" in str(t.marker.symbol)]
    assert small  # the sample has small arms: their dots are hollow, their legend entry not


def _legend_boxes(
    fig: go.Figure, layout: dict[str, object], bottom: float, height: float
) -> list[tuple[float, float, float]]:
    """Each legend's left edge (as given), top and bottom in pixels from the figure's
    bottom, from its lines of 20 pixels."""
    boxes = []
    for key, (title, names) in _legends(fig).items():
        top = float(str(layout.get(f"{key}.y", fig.layout[key].y))) * height
        lines = len(_lines(title)) + len(names)
        x = float(str(layout.get(f"{key}.x", fig.layout[key].x)))
        boxes.append((x, top, top - lines * plots.PATIENCE_LEGEND_LINE))
        assert fig.layout[key].yref == "container" and fig.layout[key].yanchor == "top"
    assert all(top <= bottom - 150 for _, top, _ in boxes)  # under the panels and the note
    assert all(low >= 0 for _, _, low in boxes)  # on the figure
    return boxes


@pytest.mark.parametrize(
    ("log", "by"), [(SAMPLE, None), ("data/sample_cohort.csv", "candidate")], ids=["one", "cohort"]
)
def test_the_patience_legends_sit_below_the_panels_apart(log: str, by: str | None) -> None:
    fig = plots.patience_figure(patience(log, as_of=SAMPLE_AS_OF, by=by))
    wide = _legend_boxes(fig, {}, fig.layout.margin.b, fig.layout.height)
    assert len({x for x, _, _ in wide}) == 2  # two a row on a desktop
    narrow = fig.layout.meta["narrow"]
    boxes = _legend_boxes(fig, narrow, narrow["margin.b"], narrow["height"])
    assert {x for x, _, _ in boxes} == {0} and narrow["legend.xref"] == "container"
    for layout in (wide, boxes):  # none over another
        for number, (x, top, _) in enumerate(layout):
            above = [low for x2, _, low in layout[:number] if x2 == x]
            assert all(top < low for low in above)


# -- narrow layouts (phones) -------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return str(text).split("<br>")


def test_long_labels_wrap_at_spaces_and_never_split_a_word_or_an_entity() -> None:
    labels = pd.Series(
        [
            "Acme · Analyst",
            "Bluebird Bank Inc · Data Scientist (AR-012)",
            "A&amp;B Supercalifragilistic",
        ],
        dtype="string",
    )
    wrapped = plots._wrap(labels, 20).tolist()
    assert wrapped[0] == "Acme · Analyst"  # short: one line
    assert wrapped[1] == "Bluebird Bank Inc<br>Data Scientist<br>(AR-012)"
    assert wrapped[2] == "A&amp;B<br>Supercalifragilistic"


def test_the_narrow_timeline_puts_short_labels_above_the_dots() -> None:
    log = load_log(SAMPLE, as_of=SAMPLE_AS_OF)
    fig = plots.timeline_figure(log.events)
    wide, narrow = fig.layout, fig.layout.meta["narrow"]
    order = list(wide.yaxis.categoryarray)
    assert sorted(order) == sorted({y for t in fig.data for y in t.y})
    labels = narrow["annotations"]
    assert [a["y"] for a in labels] == list(range(len(order)))  # one per line, in order
    texts = [a["text"] for a in labels]
    words = [" ".join(_lines(t)).replace(" · ", " ") for t in texts]
    assert words == [o.replace(" · ", " ") for o in order]  # the same words, wrapped
    assert max(len(line) for t in texts for line in _lines(t)) <= plots.TIMELINE_LABEL
    # Each label's bottom sits above its dots, however many lines it has: a tick label
    # "inside top" puts its second line under the dots.
    assert all(a["yanchor"] == "bottom" and a["yshift"] > 0 for a in labels)
    assert all(a["xref"] == "paper" and a["x"] == 0 and a["xanchor"] == "left" for a in labels)
    assert narrow["yaxis.showticklabels"] is False
    assert narrow["legend.orientation"] == "h" and narrow["legend.yanchor"] == "bottom"
    assert narrow["height"] > wide.height  # a taller row per line, the legend on top
    # the wide layout is as it was: labels beside the chart, the legend at its right
    assert wide.yaxis.ticklabelposition is None and wide.legend.orientation is None
    assert not wide.annotations


def test_the_wide_timeline_cuts_a_very_long_label_beside_its_line() -> None:
    """A charity's full name as the company squeezed the chart to 40 pixels at 1200; the
    label beside the line is cut, the line's own name (hover, narrow label) stays whole."""
    company = "The Royal Society for the Protection of Birds & Associated Trusts " * 2
    events = pd.DataFrame(
        {
            "candidate": ["Pat"] * 3,
            "application_id": ["a1", "a3", "a2"],
            "company": [company, company, "Short Co"],
            "role": ["Data Analyst", "Data Engineer", "Analyst"],
            "event": ["applied", "interview", "applied"],
            "date": pd.to_datetime(["2026-09-01", "2026-09-05", "2026-09-02"]),
        }
    )
    fig = plots.timeline_figure(events)
    shown = list(fig.layout.yaxis.ticktext)
    assert list(fig.layout.yaxis.tickvals) == list(fig.layout.yaxis.categoryarray)
    long = [label for label in shown if "..." in label]
    assert len(long) == 2 and all(len(label) <= plots.TIMELINE_WIDE_LABEL for label in long)
    # The start and the end are kept: the two applications at the charity stay apart.
    assert all(label.startswith("The Royal Society for") for label in long)
    assert sorted(label.split("...")[1] for label in long) == ["· Data Analyst", "· Data Engineer"]
    assert "Short Co · Analyst" in shown
    # Never inside an entity, at either end of the cut.
    cut = plots._shortened(pd.Series(["A" * 28 + "&amp;" + "B" * 20 + "&amp;" + "C" * 12]), 48)
    assert cut.iloc[0] == "A" * 28 + "..." + "C" * 12


def test_the_narrow_timeline_legend_gives_each_entry_its_own_width() -> None:
    """Half the width an entry cut "Employer response" at 320 px in Verdana: plotly puts as
    many entries a row as fit, and the report moves the chart down when they need more rows
    than the room made for two a row."""
    narrow = plots.timeline_figure(load_log(SAMPLE, as_of=SAMPLE_AS_OF).events).layout.meta[
        "narrow"
    ]
    assert "legend.entrywidth" not in narrow and "legend.entrywidthmode" not in narrow
    assert narrow["legend.orientation"] == "h" and narrow["legend.yanchor"] == "bottom"


def test_the_narrow_survival_figure_puts_its_panels_one_under_another() -> None:
    """Three panels side by side left each some 60 pixels at 390 px, their titles running
    into one another."""
    order = ["to_first_response", "interview_to_decision", "follow_up_to_reply"]
    fig = plots.survival_figure(_curves(["Ann", "Bob"], order))
    narrow = fig.layout.meta["narrow"]
    axes = ["", "2", "3"]
    assert all(narrow[f"xaxis{a}.domain"] == [0, 1] for a in axes)
    spans = np.array([narrow[f"yaxis{a}.domain"] for a in axes])
    assert ((spans >= 0) & (spans <= 1)).all()
    assert (spans[1:, 1] < spans[:-1, 0]).all()  # top to bottom, apart, in the panels' order
    assert np.allclose(spans[:, 1] - spans[:, 0], spans[0, 1] - spans[0, 0])
    assert spans[0, 1] < 1  # the first panel's title under the legend
    for number, axis in enumerate(axes):  # each panel with its labels and its title
        assert narrow[f"yaxis{axis}.showticklabels"] is True
        assert narrow[f"annotations[{number}].x"] == 0.5
        assert narrow[f"annotations[{number}].y"] == spans[number, 1]
    assert narrow["legend.orientation"] == "h" and narrow["height"] > fig.layout.height
    # the wide layout is as it was: the panels side by side, sharing the first's labels
    assert fig.layout.yaxis2.showticklabels is False
    assert fig.layout.xaxis2.domain[0] > fig.layout.xaxis.domain[1]


def test_the_narrow_funnel_leaves_room_beside_its_bars() -> None:
    """Plotly's ranges and margins cut "7 (16% of previous)" beside a thin bar at 390 px: on
    a phone the bars, centred on 0, sit to the left."""
    steps = ["applied", "answered", "interviewed", "offer", "accepted"]
    funnel = pd.DataFrame(
        {
            "group": ["all"] * 5,
            "step": steps,
            "count": [70, 44, 7, 2, 0],
            "share_of_previous": [np.nan, 0.63, 0.16, 0.29, 0.0],
        }
    )
    fig = plots.funnel_figure(funnel)
    narrow = fig.layout.meta["narrow"]
    low, high = narrow["xaxis.range"]
    assert narrow["xaxis.autorange"] is False
    assert low == pytest.approx(-0.51 * 70) and high > 70  # the widest bar on the left
    assert narrow["margin.l"] == narrow["margin.r"] == 8 and narrow["yaxis.title.text"] == ""
    assert narrow["font.size"] == 11  # "1 (100% of previous)" beside a bar, at 320 px
    assert fig.layout.xaxis.range is None  # plotly's own range on a desktop


def test_the_narrow_rates_figure_puts_long_names_on_short_lines() -> None:
    rates = pd.DataFrame(
        {
            "group": ["all", "all"],
            "metric": ["response", "offer_after_interview"],
            "k": [3, 1],
            "n": [10, 10],
            "pending": [0, 0],
            "rate": [0.3, 0.1],
            "ci_low": [0.1, 0.02],
            "ci_high": [0.6, 0.4],
        }
    )
    fig = plots.rates_figure(rates)
    narrow = fig.layout.meta["narrow"]
    assert narrow["yaxis.tickvals"] == ["Got an answer", "Offer after an interview"]
    assert narrow["yaxis.ticktext"] == ["Got an<br>answer", "Offer after<br>an interview"]
    assert narrow["yaxis.ticklabelstandoff"] > 0  # clear of a dot at 0%
    assert fig.layout.yaxis.ticktext is None  # one line each on a desktop


def test_the_narrow_patience_figure_of_several_groups_is_one_column() -> None:
    table = patience("data/sample_cohort.csv", as_of=SAMPLE_AS_OF, by="candidate")
    groups = table["group"].nunique()
    assert groups == 8
    fig = plots.patience_figure(table)
    assert fig.layout.width > plots.NARROW_WIDTH  # wide: a column of panels per group
    narrow = fig.layout.meta["narrow"]
    assert narrow["width"] is None and narrow["autosize"] is True  # the phone's width
    panels = 5 * groups
    axes = [("" if i == 0 else str(i + 1)) for i in range(panels)]
    assert all(narrow[f"xaxis{a}.domain"] == [0, 1] for a in axes)
    spans = np.array([narrow[f"yaxis{a}.domain"] for a in axes])
    assert ((spans >= 0) & (spans <= 1)).all()
    # Group by group, top to bottom, each group's panels in the wide layout's order.
    order = np.arange(panels).reshape(5, groups).T.ravel()
    tops = spans[order, 1]
    assert (np.diff(tops) < 0).all() and (spans[order[1:], 1] < spans[order[:-1], 0]).all()
    sizes = spans[:, 1] - spans[:, 0]
    assert np.allclose(sizes, sizes[0])
    # every panel as tall as in one group's narrow layout
    one = plots.patience_figure(patience("data/sample_cohort.csv", as_of=SAMPLE_AS_OF))
    one_narrow = one.layout.meta["narrow"]
    one_plot = one_narrow["height"] - plots.PLOTLY_TOP_MARGIN - one_narrow["margin.b"]
    plot = narrow["height"] - plots.PLOTLY_TOP_MARGIN - narrow["margin.b"]
    single = (1 - 4 * plots.PATIENCE_SPACING) / 5
    assert sizes[0] * plot == pytest.approx(single * one_plot, abs=1)
    # each panel's title moves with it
    titles = [narrow[f"annotations[{i}].y"] for i in range(panels)]
    assert titles == pytest.approx(spans[:, 1].tolist())
    assert fig.layout.annotations[panels].text.startswith("Rounds")  # the note
    assert narrow[f"annotations[{panels}].y"] < 0


def test_the_narrow_patience_figure_wraps_titles_and_note() -> None:
    fig = plots.patience_figure(patience(SAMPLE, as_of=SAMPLE_AS_OF))
    narrow = fig.layout.meta["narrow"]
    texts = {k: v for k, v in narrow.items() if re.fullmatch(r"annotations\[\d+\]\.text", k)}
    assert len(texts) == len(fig.layout.annotations) == 6  # five panel titles and the note
    for key, text in texts.items():
        index = int(key.split("[")[1].split("]")[0])
        longest = plots.PATIENCE_NARROW_TITLE if index < 5 else plots.NARROW_LINE + 4
        assert max(map(len, _lines(text))) <= longest, key
        plain = fig.layout.annotations[index].text.replace("<br>", " ")
        assert " ".join(_lines(text)) == plain  # the same words
    assert all(narrow[f"annotations[{i}].font.size"] < 16 for i in range(5))
    assert narrow["annotations[5].x"] == 1 and narrow["annotations[5].xanchor"] == "right"
    assert narrow["height"] > fig.layout.height
    titles = [title for title, _ in _legends(fig).values()]
    assert max(len(line) for t in titles for line in _lines(t)) <= 40
    for key in _legends(fig):
        assert narrow[f"{key}.title.font.size"] < 13  # plotly's 13 ran past 320 px


def test_every_figure_has_a_narrow_title() -> None:
    for title in [plots.RATES_TITLE, "Short"]:
        fig = plots._layout(go.Figure(), title, "words")
        wrapped = fig.layout.meta["narrow"]["title.text"]
        assert " ".join(_lines(wrapped)) == title
        assert max(map(len, _lines(wrapped))) <= plots.NARROW_LINE


def test_the_timeline_says_how_many_applications_have_no_applied_row() -> None:
    """The funnel counts every application (it opens at its first row); the timeline's
    "N applied" read as that count gone wrong when a recruiter started some."""
    events = pd.DataFrame(
        {
            "candidate": ["Pat"] * 5,
            "application_id": ["a1", "a1", "a2", "a3", None],
            "company": ["Acme", "Acme", "Beta", "Gamma", None],
            "role": ["Analyst"] * 5,
            "event": ["applied", "applied", "response", "interview", "networking"],
            "date": pd.to_datetime(
                ["2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04"] * 1 + ["2026-09-05"]
            ),
        }
    )
    said = plots.timeline_figure(events).layout.meta["description"]
    # Rows, not applications: "2 applied" beside the funnel's "Applied 3" read as two
    # counts of one thing.
    assert "2 applied rows, 1 interview, 1 employer response, 1 networking." in said
    assert said.endswith(
        " Of the 3 applications (the funnel&#39;s Applied), 1 has an applied row; 2 start "
        "with another event, such as an employer&#39;s message."
    )
    alone = plots.timeline_figure(events.iloc[[0, 1, 4]]).layout.meta["description"]
    assert "applied row;" not in alone and "2 applied rows, 1 networking." in alone


def test_a_patience_reply_row_with_nothing_to_draw_is_left_out() -> None:
    """The sample's reply panel drew a "3rd and later" row with no dot (no third follow-up),
    unlabelled: only the table said why. A row with nothing to draw is left out, in its
    column only; the legend still lists the arm, drawn in other columns."""
    figure = plots.patience_figure(patience(SAMPLE, as_of=SAMPLE_AS_OF))
    assert figure.layout.yaxis5.ticktext == (
        "Early",
        "On time",
        "Late",
        "1st follow-up",
        "2nd (final note)",
    )
    assert figure.layout.yaxis5.tickvals == (0, 1, 2, 3, 4)
    dots = {
        t.name: (list(t.x), list(t.y))
        for t in figure.data
        if t.yaxis == "y5" and t.showlegend is False
    }
    assert dots["2nd (final note)"][1] == [4.0]
    assert np.isnan(dots["3rd and later"][0]).all()  # nothing drawn, on no row
    follow_ups = pd.DataFrame(
        {
            "candidate": ["Pat"] * 4,
            "application_id": ["a1", "a1", "a2", "a2"],
            "company": ["Acme", "Acme", "Beta", "Beta"],
            "role": ["Analyst"] * 4,
            "event": ["applied", "follow_up", "applied", "follow_up"],
            "date": pd.to_datetime(["2026-09-01", "2026-09-03", "2026-09-01", "2026-09-09"]),
        }
    )
    figure = plots.patience_figure(patience(follow_ups, as_of=SAMPLE_AS_OF))
    assert figure.layout.yaxis5.ticktext == ("Early", "On time", "1st follow-up")
