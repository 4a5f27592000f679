"""End-of-interview questions: FU003 (next steps), FU004 and FU006 (permission). Seed: P3, P4 b2."""

from __future__ import annotations

import pandas as pd

from followup_stats.rules.engine import RuleContext, findings, rule
from followup_stats.rules.wording import day_text, follow_up_named, voiced


@rule("FU003")
def next_steps_not_asked(ctx: RuleContext) -> pd.DataFrame:
    """``asked_next_steps`` = no and the round records no timetable."""
    rounds = ctx.interview_rounds
    rows = rounds[
        (rounds["asked_next_steps"].eq(False).fillna(False) & ~rounds["has_timetable"]).to_numpy()
    ]
    message = (
        voiced(ctx.voice, "you", "the candidate")
        + " did not ask about next steps at the interview on "
        + day_text(rows["start_day"])
        + " and no timetable is recorded for this round"
    )
    return findings(rows, message)


@rule("FU004")
def permission_not_asked(ctx: RuleContext) -> pd.DataFrame:
    """``asked_permission`` = no for the round's interview."""
    rounds = ctx.interview_rounds
    rows = rounds[rounds["asked_permission"].eq(False).fillna(False).to_numpy()]
    message = (
        voiced(ctx.voice, "you", "the candidate")
        + " did not ask at the interview on "
        + day_text(rows["start_day"])
        + voiced(ctx.voice, " whether and when you may", " whether and when they may")
        + " get in touch"
    )
    return findings(rows, message)


@rule("FU006")
def follow_up_without_permission(ctx: RuleContext) -> pd.DataFrame:
    """A follow-up in a round whose ``asked_permission`` = no; reported once per round,
    on the round's first numbered follow-up (an update without a reason says so)."""
    rounds = ctx.interview_rounds
    unasked = rounds.index[rounds["asked_permission"].eq(False).fillna(False).to_numpy()]
    follow_ups = ctx.follow_ups
    first = ~follow_ups["round_key"].duplicated().to_numpy()  # in log order, as numbered
    rows = follow_ups[first & follow_ups["round_key"].isin(unasked).to_numpy()]
    interview_day = rounds["start_day"].reindex(rows["round_key"].to_numpy())
    message = (
        follow_up_named(rows)
        + voiced(ctx.voice, " although you had", " although the candidate had")
        + " not asked permission to get in touch at the interview on "
        + day_text(pd.Series(interview_day.to_numpy(), index=rows.index))
    )
    return findings(rows, message)
