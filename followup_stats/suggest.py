"""The "did you mean" of every message about a name that is not known.

A mistyped command or option, an unknown event (DQ002), ``--by`` column,
setting, rule code, candidate, mapping-file key, role or meaning, import
status word, time zone and required header cell all name their closest known entry through
:func:`closest` (:func:`closest_to_each` for a column's values at once), so a
slip is answered alike wherever it is made.

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
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import numpy as np

#: The least closeness that gets a suggestion. One slip (a letter left out,
#: doubled, changed, or two swapped) in a word of four letters or more scores
#: at least 0.75 (``nwes`` for ``news``, ``opne`` for ``open``: 0.75;
#: ``intervew``: 0.94), while the unrelated words tried score less
#: (``Weird thing`` and ``waiting``: 0.71; ``last-event`` and ``first_event``:
#: 0.74; ``banana`` and any event: 0.38 at most). The cut-offs each place had
#: before were looser (0.6 and 0.5 offered ``candidate`` for ``--by date`` and
#: ``Ana Lee`` for ``Sam Lee``) or missed a joined word (``Phonescren``); 0.8
#: would miss ``nwes``. The slips and words tried are in tests/test_suggest.py.
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


def closest_to_each(words: Sequence[str], known: Sequence[str]) -> list[str | None]:
    """``closest(word, known)`` of each of many ``words`` (a column's distinct values
    not understood), or ``None``: the same answers, as fast for thousands of words.

    A pair whose letters alone cannot be :data:`CUTOFF` close (the bound of
    :meth:`difflib.SequenceMatcher.quick_ratio`, counted for all pairs at once
    with numpy) is set aside; only the few left are compared letter by letter.
    """
    import numpy as np

    folded = [fold(word) for word in words]
    folded_known = [fold(entry) for entry in known]
    letters = np.unique(_code_points("".join(folded_known)))

    def letter_counts(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's count of each of ``letters`` (others match nothing), and its length."""
        lengths = np.array([len(text) for text in texts], dtype=np.int64)
        points = _code_points("".join(texts))
        rows = np.repeat(np.arange(len(texts)), lengths)
        column = np.searchsorted(letters, points).clip(max=max(len(letters) - 1, 0))
        shared = letters[column] == points if len(letters) else np.zeros(len(points), bool)
        counts = np.zeros((len(texts), len(letters)), dtype=np.int32)
        np.add.at(counts, (rows[shared], column[shared]), 1)
        return counts, lengths

    known_counts, known_lengths = letter_counts(folded_known)
    word_counts, word_lengths = letter_counts(folded)
    found: dict[int, tuple[float, str]] = {}
    for start in range(0, len(folded), _BATCH):  # bounded memory: words x known x letters
        common = np.minimum(
            word_counts[start : start + _BATCH, None, :], known_counts[None, :, :]
        ).sum(axis=2)
        total = word_lengths[start : start + _BATCH, None] + known_lengths[None, :]
        bound = 2 * common >= CUTOFF * total
        for word, entry in zip(*np.nonzero(bound & (total > 0)), strict=True):
            matcher = difflib.SequenceMatcher(None, folded_known[entry], folded[start + word])
            score = matcher.ratio()
            if score >= CUTOFF:  # of equal scores, the later entry in sort order, as closest
                found[start + word] = max(found.get(start + word, (0.0, "")), (score, known[entry]))
    return [found[i][1] if i in found else None for i in range(len(folded))]


#: Words :func:`closest_to_each` bounds at once.
_BATCH = 1024


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text``, as an array."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
