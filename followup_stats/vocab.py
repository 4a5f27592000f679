"""The words of a job-search log: events, who acts, synonyms, channels and reasons.

Everything that maps free text to the canonical vocabulary of DESIGN.md
section 2 lives here, as data, so the loader, the rules and the simulator agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

import numpy as np
import pandas as pd

#: Canonical events in the order the log format lists them.
EVENTS: Final[tuple[str, ...]] = (
    "applied",
    "interview",
    "thank_you",
    "follow_up",
    "update",
    "response",
    "offer",
    "rejection",
    "withdrew",
    "accepted",
    "declined",
    "networking",
)

#: Each event as a message names one (``follow-up on 3 Nov 2026``): words, not identifiers.
EVENT_WORDS: Final[dict[str, str]] = {
    "applied": "application",
    "interview": "interview",
    "thank_you": "thank-you",
    "follow_up": "follow-up",
    "update": "update",
    "response": "employer's reply",
    "offer": "offer",
    "rejection": "rejection",
    "withdrew": "withdrawal",
    "accepted": "offer accepted",
    "declined": "offer declined",
    "networking": "networking",
}

CANDIDATE_EVENTS: Final[frozenset[str]] = frozenset(
    {
        "applied",
        "thank_you",
        "follow_up",
        "update",
        "withdrew",
        "accepted",
        "declined",
        "networking",
    }
)
EMPLOYER_EVENTS: Final[frozenset[str]] = frozenset({"response", "offer", "rejection"})
#: An employer's answers to an application: its own events and an interview.
ANSWER_EVENTS: Final[tuple[str, ...]] = ("response", "offer", "rejection", "interview")
DECISIONS: Final[frozenset[str]] = frozenset({"offer", "rejection"})

#: Order of events that share a day and have no time to sort by (DESIGN.md
#: section 2): applied, interview, candidate events, employer events, withdrew.
#: ``accepted`` and ``declined`` answer an offer, so they follow employer
#: events on the same day.
SAME_DAY_RANK: Final[dict[str, int]] = {
    "applied": 0,
    "interview": 1,
    "thank_you": 2,
    "follow_up": 2,
    "update": 2,
    "networking": 2,
    "response": 3,
    "offer": 3,
    "rejection": 3,
    "accepted": 4,
    "declined": 4,
    "withdrew": 5,
}

EVENT_DTYPE: Final = pd.CategoricalDtype(list(EVENTS))

CHANNELS: Final[tuple[str, ...]] = (
    "email",
    "phone",
    "linkedin",
    "video",
    "in_person",
    "portal",
    "other",
)
CHANNEL_DTYPE: Final = pd.CategoricalDtype(list(CHANNELS))

UPDATE_REASONS: Final[tuple[str, ...]] = ("other_offer", "portfolio", "other")
REASON_DTYPE: Final = pd.CategoricalDtype(list(UPDATE_REASONS))


def squash(text: str) -> str:
    """Lower-case ``text`` and drop spaces, hyphens, underscores, dots and parentheses.

    Used to compare free-text labels: "Thank-You", "thank you" and
    "THANK_YOU" all squash to ``thankyou``; "Offer (declined)",
    "Offer - declined" and "offer declined" to ``offerdeclined``.
    """
    return re.sub(r"[\s\-_.()]+", "", text.strip().lower())


#: A label's trailing remark: in parentheses (``Interview (onsite)``, ``Offer (verbal)``) or
#: after a spaced dash (``Rejected - not a fit``, ``Phone screen - 30 min``; an en or em dash
#: too), which may end in a remark of its own: ``Applied - Rejected (not a fit)``.
_REMARK = re.compile(r"(?:\s*\(([^()]*)\)|\s+[-\u2013\u2014]\s+([^()]*?(?:\s*\([^()]*\))?))\s*$")
#: A remark saying the step did not happen as the label says (``(cancelled)``,
#: ``(no-show)``, ``(rescinded)``, ``(no)``, ``(no offer)``, ``(none yet)``), or has not
#: happened yet or may not (``(pending)``, ``(scheduled)``, ``(todo)``, ``(maybe)``,
#: ``(?)``). Only "no" before the detail of a rejection tells of what followed:
#: ``Rejection (no feedback)``. Read wrongly, such a label would be the step itself
#: ("Offer (pending)" an offer that closes the application), so it is left unknown and
#: reported (DQ002) instead: nothing is lost.
_REMARK_SAYS_NOT = re.compile(
    r"\?|\bno\b(?!\s+(?:feedback|reason|reasons|explanation|details|comments?)\b)|\bnone\b|"
    r"\b(?:not|never|didn'?t|did\s+not|cancell?ed|cancel|no[\s-]?show|rescinded|revoked|"
    r"withdrawn|postponed|rescheduled|maybe|tentative|planned|pending|scheduled|upcoming|"
    r"expected|awaiting|waiting|to\s*do|tbd|draft|declined|invited|missed|requested|soon|"
    r"later|next)\b",
    re.IGNORECASE,
)
#: Why an employer said no, as a rejection's remark gives it: ``not a fit``, ``not the right
#: fit``, ``not enough experience``, ``not moving forward``, ``no visa sponsorship``. Its
#: "not" or "no" is the reason, not the rejection denied: ``Rejection (not a fit)`` is a
#: rejection. Only for a rejection: ``Offer (not a fit)`` is no offer.
_REJECTION_REASON = re.compile(
    r"\b(?:"
    r"not\s+(?:(?:a|an|the)\s+)?(?:(?:good|great|right|strong|close|cultural|culture|team|"
    r"skills?|technical)\s+)?(?:fit|match)|"
    r"not\s+(?:enough|sufficient)(?:\s+[\w-]+)?|"
    r"not\s+(?:qualified|experienced|senior|junior|technical)(?:\s+enough)?|"
    r"not\s+(?:moving|going|proceeding|progressing)(?:\s+(?:forward|ahead|further))?|"
    r"not\s+(?:selected|shortlisted|successful|hiring|a\s+priority)|"
    r"no\s+(?:longer\s+(?:hiring|open|available|considering\s+me)|"
    r"(?:visa\s+|work\s+)?(?:sponsorship|visa)|relevant\s+experience|budget|headcount)"
    r")\b",
    re.IGNORECASE,
)
#: What may still deny a rejection once its reason is taken out: ``(not a fit, pending)``,
#: ``(not moving forward yet)``.
_STILL_SAYS_NOT = re.compile(_REMARK_SAYS_NOT.pattern + r"|\byet\b", re.IGNORECASE)
#: The event or status category a remark's reason for a rejection leaves standing.
REJECTION: Final = "rejection"
#: Steps (events, or a tracker's status categories) whose remark, though it reads as the
#: step denied, names what the candidate did next: an application withdrawn (``Applied
#: (withdrawn)``) is the candidate's withdrawal, as in ``Applied - withdrew``.
WITHDRAWN_STEPS: Final[dict[str, frozenset[str]]] = {
    "applied": frozenset({"withdrew", "withdrawal"}),
}
#: The word of :data:`_REMARK_SAYS_NOT` that, on such a step, names the withdrawal.
_WITHDRAWN = re.compile(r"\bwithdrawn\b", re.IGNORECASE)


def _remarks(labels: pd.Series) -> pd.Series:
    """Each label's trailing remark (NA where there is none)."""
    found = labels.astype("string").str.extract(_REMARK)
    return found[0].fillna(found[1]).astype("string")


def label_remarks(labels: pd.Series) -> pd.Series:
    """Each label's trailing remark, whatever it says (``Ofer - declined`` -> ``declined``;
    NA where there is none): :func:`bare_labels` is the rest."""
    return _remarks(labels)


def bare_labels(labels: pd.Series) -> pd.Series:
    """Each label with its trailing remark taken off, whatever the remark says
    (``Offer (acepted)`` -> ``Offer``); a label without one as it is."""
    return labels.astype("string").str.replace(_REMARK, "", regex=True).str.strip()


def _flag(found: pd.Series) -> pd.Series:
    """A nullable boolean Series as plain bools, NA as False."""
    return found.fillna(False).astype(bool)


def _gives_reason(remarks: pd.Series) -> pd.Series:
    """Whether each remark says only why an employer said no (``not a fit``)."""
    reason = remarks.str.contains(_REJECTION_REASON).fillna(False).astype(bool)
    rest = remarks.str.replace(_REJECTION_REASON, "", regex=True)
    still = rest.str.contains(_STILL_SAYS_NOT).fillna(False).astype(bool)
    return reason & ~still


def _denies(
    bare: pd.Series, remark: pd.Series, meaning: Callable[[pd.Series], pd.Series]
) -> np.ndarray:
    """Whether each remark that reads as its step denied (:data:`_REMARK_SAYS_NOT`) does deny
    it, by ``meaning``: not a rejection's reason (``Rejected (not a fit)``: detail), nor a
    rejection's own words (``Interview - not selected``: a rejection), nor an application
    withdrawn (``Applied (withdrawn)``: a withdrawal; :data:`WITHDRAWN_STEPS`)."""
    first = meaning(bare)
    named = meaning(remark)
    step = (_flag(first.eq(REJECTION)) | _flag(named.eq(REJECTION))) & _gives_reason(remark)
    rest = remark.str.replace(_WITHDRAWN, "", regex=True)  # "(not withdrawn)", "(withdrawn?)"
    withdrawn = _flag(remark.str.contains(_WITHDRAWN)) & ~_flag(rest.str.contains(_STILL_SAYS_NOT))
    for label, answers in WITHDRAWN_STEPS.items():
        step |= withdrawn & _flag(first.eq(label)) & _flag(named.isin(answers))
    return ~step.to_numpy(dtype=bool)


def _read_remarks(
    labels: pd.Series,
    meaning: Callable[[pd.Series], pd.Series] | None,
    remark_meaning: Callable[[pd.Series], pd.Series] | None = None,
) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """Each label without its remark, whether the remark is detail, and the two steps a
    label names (:func:`without_remark`, :func:`two_steps`).

    A remark is read as a label is, its own remark taken off where that is detail
    (``Applied - Rejected - not a fit``: ``Rejected``), and by ``remark_meaning``
    (``meaning`` when not given).
    """
    text = labels.astype("string")
    remark = _remarks(text)
    bare = text.str.replace(_REMARK, "", regex=True).str.strip()
    first_step = np.full(len(text), pd.NA, dtype=object)
    second_step = first_step.copy()
    of_remark = meaning if remark_meaning is None else remark_meaning
    says_not = pd.Series(False, index=text.index)
    if of_remark is not None:  # a remark with a remark of its own: read without it if detail
        nested = _remarks(remark).notna().fillna(False).astype(bool)
        if nested.any():
            inner, inner_detail, inner_steps = _read_remarks(remark[nested], of_remark)
            remark[nested] = inner.where(inner_detail).fillna(remark[nested])
            # "Applied - Interview - rejected": a remark that holds two steps is no detail
            says_not[nested] = inner_steps["first"].notna().to_numpy(dtype=bool)
    held_two = says_not.copy()
    says_not |= remark.str.contains(_REMARK_SAYS_NOT).fillna(False).astype(bool)
    denied = says_not & ~held_two
    if meaning is not None and denied.any():
        says_not[denied] = _denies(bare[denied], remark[denied], meaning)
    if meaning is not None and of_remark is not None:
        detail = remark.notna() & ~says_not & bare.ne("")
        if detail.any():
            named = of_remark(remark[detail])
            first = meaning(bare[detail])
            another = named.notna() & named.ne(first).fillna(True)
            says_not[detail] = another.fillna(False).to_numpy(dtype=bool)
            both = (another & first.notna()).fillna(False).to_numpy(dtype=bool)
            at = np.flatnonzero(detail.to_numpy(dtype=bool))[both]
            first_step[at] = first.to_numpy(dtype=object)[both]
            second_step[at] = named.to_numpy(dtype=object)[both]
    steps = pd.DataFrame({"first": first_step, "second": second_step}, index=labels.index)
    steps = steps.astype("string")
    return bare, remark.notna() & ~says_not & bare.ne(""), steps


def without_remark(
    labels: pd.Series,
    meaning: Callable[[pd.Series], pd.Series] | None = None,
    remark_meaning: Callable[[pd.Series], pd.Series] | None = None,
) -> pd.Series:
    """Labels with a trailing remark taken off, NA where there is none.

    ``Interview (onsite)`` -> ``Interview``, ``Phone screen - 30 min`` ->
    ``Phone screen``: the remark is detail the event does not depend on. A
    remark saying the step did not happen (``Interview (cancelled)``) or may
    not have (``Offer (?)``) is kept, and so is a label that is all remark:
    those are NA, so such a label is not read as the step. ``meaning`` gives
    each label's meaning (NA where unknown): where the bare label is a
    rejection, a remark giving the reason (``Rejected (not a fit)``) is detail
    too; a remark that names another step (``Interview - rejected``,
    ``Offer (accepted)``, ``Applied - Rejected - not a fit``) is no detail: the
    label holds two steps, and is NA (:func:`two_steps` says which).
    ``remark_meaning`` reads remarks, where it differs from ``meaning``: a
    loader's also reads a misspelt step (``Interview - rejectd``).
    """
    bare, detail, _ = _read_remarks(labels, meaning, remark_meaning)
    return bare.where(detail)


def two_steps(
    labels: pd.Series,
    meaning: Callable[[pd.Series], pd.Series],
    remark_meaning: Callable[[pd.Series], pd.Series] | None = None,
) -> pd.DataFrame:
    """The two steps each label names, label and remark, by ``meaning`` (the remark by
    ``remark_meaning``, when given): ``first`` and ``second`` (``Interview - rejected``
    -> ``interview``, ``rejection``), NA on a label that does not (one step, an unknown
    one, or a remark that is detail).

    Such a label is not read (:func:`without_remark`): one cell holds two steps.
    """
    return _read_remarks(labels, meaning, remark_meaning)[2]


def says_not_happened(labels: pd.Series) -> pd.Series:
    """Whether each label's trailing remark says its step did not happen (``(cancelled)``)."""
    return _remarks(labels).str.contains(_REMARK_SAYS_NOT).fillna(False).astype(bool)


def doubted_by_marks(labels: pd.Series) -> pd.Series:
    """Whether each label's trailing remark doubts its step with marks alone (``Offer (?)``),
    which a key of the label's letters and digits would drop."""
    remark = _remarks(labels)
    doubted = remark.str.contains(_REMARK_SAYS_NOT) & ~remark.str.contains(r"\w")
    return _flag(doubted)


def _synonyms(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for canonical, words in table.items():
        for word in (canonical, *words):
            mapping[squash(word)] = canonical
    return mapping


#: Free-text event labels people write, squashed, to the canonical event.
EVENT_SYNONYMS: Final[dict[str, str]] = _synonyms(
    {
        "applied": (
            "apply",
            "application",
            "application sent",
            "submitted",
            "sent application",
            "application submitted",
            "applied online",
        ),
        "interview": (
            "interviewed",
            "phone screen",
            "screen",
            "screening",
            "technical interview",
            "onsite",
            "on site",
            "final interview",
            "phone interview",
            "video interview",
            "onsite interview",
            "in person interview",
            "first interview",
            "second interview",
            "panel interview",
            "screening call",
            "phone screening",
        ),
        "thank_you": (
            "thanks",
            "thank you note",
            "thank you email",
            "thank you letter",
            "thank you sent",
            "sent thank you",
            "sent thank you email",
            "thankyou",
        ),
        "follow_up": (
            "followed up",
            "follow up email",
            "email follow up",
            "follow up call",
            "follow up sent",
            "check in",
            "checked in",
        ),
        "update": ("news", "sent update", "candidate update"),
        "response": (
            "callback",
            "call back",
            "reply",
            "replied",
            "heard back",
            "employer response",
        ),
        "offer": ("offered", "job offer", "got offer", "offer received"),
        "rejection": (
            "rejected",
            "reject",
            "turned down by employer",
            "no thanks",
            "not selected",
            "unsuccessful",
            "rejection email",
        ),
        "withdrew": ("withdraw", "withdrawn", "withdrawal", "pulled out"),
        "accepted": ("accept", "accepted offer", "offer accepted"),
        "declined": ("decline", "declined offer", "offer declined"),
        "networking": ("network", "coffee chat", "informational interview", "referral request"),
    }
)

CHANNEL_SYNONYMS: Final[dict[str, str]] = _synonyms(
    {
        "email": ("e-mail", "mail"),
        "phone": ("call", "telephone", "phone call"),
        "linkedin": ("linked in", "inmail"),
        "video": ("zoom", "teams", "video call", "google meet"),
        "in_person": ("in person", "onsite", "on site", "office"),
        "portal": ("ats", "careers site", "job portal", "website"),
        "other": (),
    }
)

REASON_SYNONYMS: Final[dict[str, str]] = _synonyms(
    {
        "other_offer": ("offer elsewhere", "competing offer", "another offer"),
        "portfolio": ("portfolio update", "new work"),
        "other": (),
    }
)

YES_WORDS: Final[frozenset[str]] = frozenset({"yes", "y", "true", "t", "1", "x", "done", "✓", "✔"})
NO_WORDS: Final[frozenset[str]] = frozenset({"no", "n", "false", "f", "0", "none"})

#: How a row's ``notes`` begin when its date only stands in for a day the log does not know
#: (an importer writes it where a tracker's export has no date for an event): the event
#: counts (an interview happened), but no waiting time starts or ends on that date.
ASSUMED_DATE_NOTE: Final[str] = "date assumed"


def may_say_date_assumed(notes: pd.Series) -> bool:
    """Whether any row's ``notes`` might begin with :data:`ASSUMED_DATE_NOTE`: one quick
    test of the column (it holds the words anywhere, in any case), so that a log
    without them skips :func:`says_date_assumed` and the work that follows."""
    return may_hold_words(notes, ASSUMED_DATE_NOTE)


def may_hold_words(text: pd.Series, words: str) -> bool:
    """Whether any cell of ``text`` might hold ``words`` (lower-case ASCII) in any case.

    An Arrow column is searched in its bytes, ASCII letters lowered. The only
    character outside ASCII that ``str.lower`` turns into an ASCII letter is the
    Kelvin sign (k), and a case-blind regular expression also matches the long s
    (U+017F) to s: for ``words`` with a k, or an exact test that ignores case by such a
    pattern, this may miss a cell. Many times quicker than a search of each cell;
    bytes of two neighbouring cells can only make the answer yes, so an exact
    test of each cell must follow a yes.
    """
    if isinstance(text.array, pd.arrays.ArrowStringArray):
        import pyarrow as pa

        arrow = pa.array(text.array)
        chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
        data = [chunk.buffers()[-1] for chunk in chunks]
        wanted = words.encode()
        return any(wanted in part.to_pybytes().lower() for part in data if part is not None)
    found = text.astype("string").str.contains(words, case=False, regex=False, na=False)
    return bool(found.any())


def says_date_assumed(notes: pd.Series) -> np.ndarray:
    """Whether each row's ``notes`` begin with :data:`ASSUMED_DATE_NOTE` (any case, after
    spaces), as a bool array; a missing note says nothing."""
    if not may_say_date_assumed(notes):  # the usual log: one quick test of the column
        return np.zeros(len(notes), dtype=bool)
    start = notes.astype("string").str.lstrip().str.slice(0, len(ASSUMED_DATE_NOTE))
    return start.str.lower().eq(ASSUMED_DATE_NOTE).to_numpy(dtype=bool, na_value=False)
