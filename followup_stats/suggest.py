"""The "did you mean" of every message about a name that is not known.

An unknown event (DQ002), ``--by`` column, setting, rule code, candidate,
mapping-file key, role or meaning, import status word, time zone and
required header cell all name their closest known entry through
:func:`closest`, so a slip is answered alike wherever it is made.

Entries are compared folded (:func:`fold`): case, spaces, hyphens and
underscores do not count, so a word joined or split by a slip
(``Phonescren``, ``phone-sceen`` for ``Phone screen``) is as close as a
letter left out. Closeness is :class:`difflib.SequenceMatcher`'s ratio of
the folded texts, and an entry is suggested from :data:`CUTOFF`.
"""

from __future__ import annotations

import difflib
import heapq
import re
from collections.abc import Iterable
from typing import Final

#: The least closeness that gets a suggestion. One slip (a letter left out,
#: doubled, changed, or two swapped) in a word of four letters or more scores
#: at least 0.75 (``nwes`` for ``news``, ``opne`` for ``open``: 0.75;
#: ``intervew``: 0.94), while the unrelated words tried score less
#: (``Weird thing`` and ``waiting``: 0.71; ``last-event`` and ``first_event``:
#: 0.74; ``banana`` and any event: 0.38 at most). The old cut-offs were both
#: too loose (0.5 offered ``Ana Lee`` for ``banana``) and too strict (0.8
#: would miss ``nwes``). The typos and words tried are in tests/test_suggest.py.
CUTOFF: Final = 0.75

_SEPARATORS = re.compile(r"[\s_-]+")


def fold(text: str) -> str:
    """``text`` as entries are compared: ``Phone-Screen``, ``phone_screen`` -> ``phonescreen``."""
    return _SEPARATORS.sub("", text).casefold()


def similarity(a: str, b: str) -> float:
    """How close ``a`` and ``b`` are, folded: 0 (nothing alike) to 1 (the same)."""
    return difflib.SequenceMatcher(None, fold(a), fold(b)).ratio()


def closest(word: str, known: Iterable[str], n: int = 1) -> list[str]:
    """Up to ``n`` entries of ``known`` at least :data:`CUTOFF` close to ``word``, closest first.

    Of equally close entries the later in sort order comes first, as
    :func:`difflib.get_close_matches` has it; ``[]`` when none is close.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(fold(word))  # the side SequenceMatcher analyses once
    scored = []
    for entry in known:
        matcher.set_seq1(fold(entry))
        if (
            matcher.real_quick_ratio() >= CUTOFF
            and matcher.quick_ratio() >= CUTOFF
            and matcher.ratio() >= CUTOFF
        ):
            scored.append((matcher.ratio(), entry))
    return [entry for _, entry in heapq.nlargest(n, scored)]
