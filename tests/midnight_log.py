"""A log whose order within one day rests on a time of exactly midnight (Parquet and sheets)."""

from __future__ import annotations

import pandas as pd


def reply_then_follow_up() -> pd.DataFrame:
    """An employer's reply at 00:00 and a follow-up at 10:00 the same day: FU005 in a CSV."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-09-01 10:00", "2026-09-10 11:00", "2026-09-10 15:00",
                                    "2026-09-25 00:00", "2026-09-25 10:00"]),
            "company": ["Acme"] * 5,
            "event": ["applied", "interview", "thank_you", "response", "follow_up"],
            "timeline_days": [None, 14, None, 30, None],
        }
    )  # fmt: skip
