"""Thank-you rules: FU001 (missing), FU002 (late), FU012 (not by email). Seed: P4 bullet 1."""

from __future__ import annotations

import pandas as pd

from followup_stats.rules.engine import RuleContext, findings, rule
from followup_stats.rules.wording import count_text, day_text, days_between


@rule("FU001")
def thank_you_missing(ctx: RuleContext) -> pd.DataFrame:
    """An interview round with no thank-you once the thank-you window has passed.

    Not judged while the window is still open, nor when the employer decided
    inside the window (there is nobody left to thank for the round).
    """
    rounds = ctx.interview_rounds
    within = pd.Timedelta(days=ctx.config.thank_you_within_days)
    due = rounds["start_day"] + within
    # Any offer or rejection of the round counts, not only the event that ended it:
    # a withdrawal followed by an offer inside the window still leaves nobody to thank.
    ev = ctx.ev
    decisions = ev[ev["event"].isin(["offer", "rejection"]).to_numpy()]
    first_decision = decisions.groupby("round_key")["day"].min().reindex(rounds.index)
    decided_in_window = first_decision <= due
    missing = rounds["thank_you_day"].isna() & (ctx.as_of > due) & ~decided_in_window.fillna(False)
    rows = rounds[missing.to_numpy()]
    message = (
        "no thank-you after the interview on "
        + day_text(rows["start_day"])
        + "; it was due by "
        + day_text(due[missing.to_numpy()])
        + " (within "
        + count_text(pd.Series(ctx.config.thank_you_within_days, index=rows.index))
        + ")"
    )
    return findings(rows, message)


@rule("FU002")
def thank_you_late(ctx: RuleContext) -> pd.DataFrame:
    """The round's first thank-you came more than ``thank_you_within_days`` after the interview."""
    rounds = ctx.interview_rounds
    sent = rounds[rounds["thank_you_day"].notna().to_numpy()]
    gap = days_between(sent["thank_you_day"], sent["start_day"])
    late = sent[(gap > ctx.config.thank_you_within_days).to_numpy()]
    gap = gap[gap > ctx.config.thank_you_within_days]
    message = (
        "thank-you on "
        + day_text(late["thank_you_day"])
        + " came "
        + count_text(gap)
        + " after the interview on "
        + day_text(late["start_day"])
        + "; send it within "
        + count_text(pd.Series(ctx.config.thank_you_within_days, index=late.index))
    )
    rows = late.assign(line=late["thank_you_line"].astype("int64"), day=late["thank_you_day"])
    return findings(rows, message)


@rule("FU012")
def thank_you_not_email(ctx: RuleContext) -> pd.DataFrame:
    """A thank-you whose recorded channel is not email."""
    ev = ctx.ev
    channel = ev["channel"]  # categorical: the comparisons read codes
    rows = ev[(ev["event"].eq("thank_you") & channel.notna() & channel.ne("email")).to_numpy()]
    message = (
        "thank-you on "
        + day_text(rows["day"])
        + " went by "
        + rows["channel"].astype("string").str.replace("_", " ").replace("other", "another channel")
        + "; a short email is the usual way to thank the interview team"
    )
    return findings(rows, message)
