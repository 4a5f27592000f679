"""Figures: one trace per what they show, consistent colours, and log text always escaped."""

from __future__ import annotations

import json
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
    assert len(fig.data) == 15 * 2
    assert_escaped(fig)
    single = plots.patience_figure(patience(log, as_of=AS_OF))
    assert len(single.data) == 15
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


def test_group_names_lists_every_group_as_the_tables_do() -> None:
    from followup_stats import stats

    names = stats.group_names(
        "data/sample_log.csv", by="company", as_of="2026-10-30", include_all=True
    )
    rates = stats.outcome_rates(
        "data/sample_log.csv", by="company", as_of="2026-10-30", include_all=True
    )
    assert names == list(dict.fromkeys(rates["group"]))
    assert stats.group_names("data/sample_log.csv", as_of="2026-10-30") == ["all"]
