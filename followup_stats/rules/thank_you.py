"""Thank-you rules: FU001 (missing), FU002 (late), FU012 (not by email). Seed: P4 bullet 1."""

from __future__ import annotations

import numpy as np
import pandas as pd

from followup_stats.rules.engine import RuleContext, findings, rule
from followup_stats.rules.wording import count_text, day_text, days_between
from followup_stats.tables import is_in


@rule("FU001")
def thank_you_missing(ctx: RuleContext) -> pd.DataFrame:
    """An interview round with no thank-you once the thank-you window has passed.

    Not judged while the window is still open, nor when the employer decided
    inside the window (there is nobody left to thank for the interview), nor
    when the interview's date, or that of a later offer or rejection, is only
    assumed (nobody knows when the window closed).
    """
    rounds = ctx.interview_rounds
    window = _thank_you_window(ctx)
    due = window["due"]
    missing = rounds["thank_you_day"].isna() & (ctx.as_of > due) & ~window["decided"]
    # An interview whose date is only assumed has no known due day, and an offer or
    # rejection whose date is only assumed may have come inside the window: not judged.
    missing &= ctx.known_timing(rounds, ("start", "decision_after"))
    rows = rounds[missing.to_numpy()]
    within_days = ctx.config.thank_you_within_days
    due_text = (
        "by "
        + day_text(due[missing.to_numpy()])
        + " (within "
        + count_text(pd.Series(within_days, index=rows.index))
        + ")"
        if within_days
        else pd.Series("the same day", index=rows.index, dtype="string")
    )
    message = (
        "no thank-you after the interview on "
        + day_text(rows["start_day"])
        + "; it was due "
        + due_text
    )
    return findings(rows, message)


def _thank_you_window(ctx: RuleContext) -> pd.DataFrame:
    """Per interview round: ``due`` (the last day of its thank-you window) and ``decided``
    (whether the employer decided by then); FU001 and FU002 read the same table."""

    def make() -> pd.DataFrame:
        rounds = ctx.interview_rounds
        due = rounds["start_day"] + pd.Timedelta(days=ctx.config.thank_you_within_days)
        decided = _decided_between(ctx.ev, rounds, due)
        return pd.DataFrame({"due": due, "decided": decided}, index=rounds.index)

    return ctx.memo("thank_you_window", make)


def _decided_between(ev: pd.DataFrame, rounds: pd.DataFrame, due: pd.Series) -> np.ndarray:
    """Whether the application of each round had an offer or rejection from its start to ``due``.

    Any decision of the application counts, not only the event that ended the
    round: a withdrawal followed by an offer inside the window, or a next
    interview and a rejection the day after, leave nobody to thank. Keys of
    (application, day) are searched in one sorted array.
    """
    round_key = ev["round_key"].to_numpy()
    app_of_round = np.zeros(int(round_key.max(initial=-1)) + 1, dtype=np.int64)
    app_of_round[round_key] = ev["app"].to_numpy()  # every row of a round has its application
    round_app = app_of_round[rounds.index.to_numpy()]
    is_decision = is_in(ev["event"], ["offer", "rejection"])

    def keys(apps: np.ndarray, days: np.ndarray) -> np.ndarray:
        whole_days = days.astype("datetime64[D]").astype(np.int64)
        return apps.astype(np.int64) * (1 << 32) + whole_days

    # The decisions' columns filtered as arrays: no Series of them is built.
    decided = keys(ev["app"].to_numpy()[is_decision], ev["day"].to_numpy()[is_decision])
    decisions = np.sort(decided)
    if not len(decisions):
        return np.zeros(len(rounds), dtype=bool)
    at = np.searchsorted(decisions, keys(round_app, rounds["start_day"].to_numpy()), side="left")
    first = decisions[np.minimum(at, len(decisions) - 1)]
    return (at < len(decisions)) & (first <= keys(round_app, due.to_numpy()))


@rule("FU002")
def thank_you_late(ctx: RuleContext) -> pd.DataFrame:
    """The round's first thank-you came more than ``thank_you_within_days`` after the interview.

    Not judged when the employer decided inside the window, as FU001 is not:
    the note then came after the decision, and none at all would have been
    owed. Nor when the interview's date, the thank-you's, or that of a later
    offer or rejection is only assumed.
    """
    rounds = ctx.interview_rounds
    decided = _thank_you_window(ctx)["decided"].to_numpy()
    judged = rounds["thank_you_day"].notna().to_numpy() & ~decided
    judged &= ctx.known_timing(rounds, ("start", "thank_you", "decision_after"))
    sent = rounds[judged]
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
        + "; send it "
        + (
            "within " + count_text(pd.Series(ctx.config.thank_you_within_days, index=late.index))
            if ctx.config.thank_you_within_days
            else pd.Series("on the day of the interview", index=late.index, dtype="string")
        )
    )
    rows = late.assign(line=late["thank_you_line"].astype("int64"), day=late["thank_you_day"])
    return findings(rows, message)


#: How a thank-you went, by its recorded channel (email is never reported).
CHANNEL_PHRASES = {
    "phone": "was said by phone",
    "linkedin": "was sent on LinkedIn",
    "video": "was said by video call",
    "in_person": "was said in person",
    "portal": "was sent through a job portal",
    "other": "went by a channel other than email",
}


@rule("FU012")
def thank_you_not_email(ctx: RuleContext) -> pd.DataFrame:
    """A thank-you whose recorded channel is not email."""
    ev = ctx.ev
    channel = ev["channel"]  # categorical: the comparisons read codes
    rows = ev[(ev["event"].eq("thank_you") & channel.notna() & channel.ne("email")).to_numpy()]
    how = rows["channel"].astype("string").map(CHANNEL_PHRASES).astype("string")
    message = (
        "thank-you on "
        + day_text(rows["day"])
        + " "
        + how
        + "; a short email is the usual way to thank the interview team"
    )
    return findings(rows, message)
