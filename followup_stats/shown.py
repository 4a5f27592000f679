"""What a report page shows, without plotly or scipy.

The process that runs and exports a report needs these two, and
:mod:`followup_stats.plots` imports :mod:`followup_stats.stats` (scipy, about
0.8 s); they are here so the exporting process does not import either.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["NARROW_WIDTH", "UNSHOWN", "shown_text"]

#: Below this width in CSS pixels (a phone, a 200% zoom) a figure takes its narrow layout,
#: ``layout.meta["narrow"]``; a printed page (700 px) keeps the wide one.
NARROW_WIDTH: Final[int] = 600

#: Characters a report never shows as they are: C0 and C1 controls other than white space,
#: and the bidirectional controls (U+061C, U+200E/F, U+202A..U+202E, U+2066..U+2069), with
#: which one cell could reverse the text after it ("Acme\u202e Corp" read "proC").
UNSHOWN: Final = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def shown_text(text: str) -> str:
    """``text`` with every :data:`UNSHOWN` character replaced by U+FFFD (as a calendar does)."""
    return UNSHOWN.sub("\ufffd", text)
