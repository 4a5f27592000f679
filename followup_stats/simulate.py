"""Synthetic job-search logs with an exact ground truth of etiquette breaches.

:func:`simulate` writes the canonical CSV log of DESIGN.md section 2 for a
cohort of candidates whose behaviour ranges from patient to over-eager, and
employers that acknowledge, interview (one to three rounds), give timetables
and reach-out timeframes, decide, or never answer. Every rule breach of
``seeds/RULES.md`` in the log is planted on purpose and listed in
:attr:`Simulation.planted`; the log holds no breach that is not listed.

How the ground truth stays exact
--------------------------------
Each application is generated as a short sequence of *waiting segments*: a
stretch that starts at an anchor (the application, an interview or an employer
``response``) and ends at the employer's next move (or never, when the
employer ghosts). Inside a segment the candidate plans up to three counted
follow-ups; their days are drawn from the candidate's behaviour and their
numbers, anchor, wait and timetable are known by construction, so FU005,
FU007, FU008, FU009 and FU010 are computed from the drawn days, never assumed.
Follow-ups are kept only up to the employer's reply, the as-of date and a
withdrawal, which always removes a *suffix* in time, so a kept follow-up's
number and flags never change. Rules that depend on what is present in a
whole round (FU001, FU003, FU004, FU006) and the per-candidate FU011 are
computed at the end from the rows actually written.

Employers never decide within ``thank_you_within_days`` of an interview, never
answer on the day of a follow-up, and schedule the next interview after their
reply, so rounds never overlap. Candidates apply or network at least every five
days, except in planted idle stretches (FU011).

Calibration (defaults, measured on large cohorts): about 35% of applications
are never acknowledged (Indeed, 2023); employers go silent after about a third
of second and third rounds, so that in a 90-day log about 40% of candidates who
reach such a round are left without an answer for two weeks or more after one
(Indeed, 2023: 40% of candidates ghosted after a second or third round); first
interview to decision takes about 24 days on average when the log is long
enough not to cut processes short (Glassdoor, 2017: 23.8 days).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from followup_stats.config import Config
from followup_stats.parse import PLAUSIBLE_YEARS
from followup_stats.plural import counted, plural
from followup_stats.vocab import CHANNELS, EVENTS, SAME_DAY_RANK, UPDATE_REASONS

Ints = npt.NDArray[np.signedinteger[Any]]
Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

#: Columns of the simulated log, in order.
COLUMNS: Final[tuple[str, ...]] = (
    "date",
    "candidate",
    "application_id",
    "company",
    "role",
    "event",
    "stage",
    "channel",
    "contact",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "timeline_days",
    "reason",
    "notes",
    "source",
)
PLANTED_COLUMNS: Final[tuple[str, ...]] = ("line", "candidate", "application_id", "code")

#: Candidate behaviours, from patient to over-eager, and their share in a cohort.
BEHAVIOURS: Final[tuple[str, ...]] = ("patient", "polite", "eager", "pushy", "forgetful")
BEHAVIOUR_SHARES: Final[tuple[float, ...]] = (0.2, 0.3, 0.2, 0.15, 0.15)

#: Per-behaviour probabilities (same order as BEHAVIOURS).
_PROFILE: Final[dict[str, tuple[float, ...]]] = {
    # plans at least one follow-up in a waiting stretch (halved before any interview)
    "follow_up": (0.45, 0.7, 0.85, 0.95, 0.3),
    # first follow-up before the first allowed day (FU005)
    "early": (0.0, 0.02, 0.3, 0.65, 0.05),
    # most days after the first allowed day for an on-time follow-up
    "slack": (6, 3, 2, 1, 8),
    # sends a final note when the first follow-up is unanswered
    "final_note": (0.35, 0.55, 0.7, 0.9, 0.2),
    # final note the next day (FU007)
    "too_soon": (0.0, 0.02, 0.25, 0.5, 0.05),
    # final note before the employer's timetable has run out (FU008)
    "before_timetable": (0.0, 0.03, 0.3, 0.5, 0.1),
    # a third note (FU009)
    "third_note": (0.0, 0.01, 0.15, 0.5, 0.03),
    # a follow-up sent as an `update` without news (FU010)
    "bare_update": (0.0, 0.01, 0.05, 0.15, 0.05),
    # no thank-you (FU001), a late one (FU002), not by email (FU012)
    "thank_forget": (0.0, 0.02, 0.04, 0.05, 0.35),
    "thank_late": (0.0, 0.03, 0.05, 0.1, 0.3),
    "thank_not_email": (0.02, 0.04, 0.25, 0.3, 0.3),
    # asks about next steps (FU003) and for permission to reach out (FU004, FU006)
    "asks_next": (0.95, 0.85, 0.7, 0.55, 0.4),
    "asks_permission": (0.9, 0.8, 0.6, 0.45, 0.35),
    # has idle stretches without applying or networking (FU011)
    "idle": (0.15, 0.2, 0.25, 0.25, 0.5),
    # sends real news (portfolio) while waiting after an interview
    "news": (0.05, 0.08, 0.12, 0.15, 0.03),
}

SOURCES: Final[tuple[str, ...]] = ("job_board", "company_site", "referral", "recruiter")
_SOURCE_SHARE: Final = (0.5, 0.25, 0.15, 0.10)
#: Share never acknowledged, by source (all applications: about 35%).
_NEVER_ACK: Final = np.array([0.45, 0.38, 0.18, 0.0])

STAGES: Final[tuple[str, ...]] = ("screen", "technical", "onsite", "final")
_MAX_ROUNDS: Final = 3
#: Chance that the employer never answers after an interview, by round.
_GHOST_AFTER_ROUND: Final = (0.08, 0.35, 0.35)
_SLOTS: Final = 3  # planned follow-ups per waiting segment
_MAX_SPACING: Final = 5  # most days between two applied/networking rows outside idle stretches
_BIG: Final = 1 << 40  # "never"

_EV: Final[dict[str, int]] = {name: i for i, name in enumerate(EVENTS)}
_RANK: Final = np.array([SAME_DAY_RANK[name] for name in EVENTS], dtype=np.int64)
_CH: Final[dict[str, int]] = {name: i for i, name in enumerate(CHANNELS)}
_REASON: Final[dict[str, int]] = {name: i for i, name in enumerate(UPDATE_REASONS)}
_CODES: Final[tuple[str, ...]] = tuple(f"FU{i:03d}" for i in range(1, 13))


def _bit(code: str) -> int:
    return 1 << (int(code[2:]) - 1)


_PUSHY: Final = _bit("FU005") | _bit("FU007") | _bit("FU008") | _bit("FU009")

_NOTES: Final[dict[str, tuple[str, ...]]] = {
    "applied": (
        "tailored resume",
        "cover letter sent",
        "quick apply",
        "applied with portfolio link",
    ),
    "response": ("asked for availability", "call with the recruiter", "still reviewing"),
    "interview": (
        "met the hiring manager",
        "panel of three",
        "live coding exercise",
        "case study presentation",
        "talked about team culture",
    ),
    "thank_you": ("short note to each interviewer", "mentioned the project we discussed"),
    "follow_up": ("brief status check", "asked where things stand"),
    "offer": ("verbal offer", "written offer received"),
    "rejection": ("position filled", "went with another candidate", "generic rejection email"),
    "accepted": ("signed offer letter",),
    "declined": ("salary below range", "took another offer"),
    "networking": (
        "coffee chat",
        "alumni call",
        "industry meetup",
        "asked for a referral",
        "portfolio review with a mentor",
    ),
}
_SPECIAL_NOTES: Final[tuple[str, ...]] = (
    "invited to interview",
    "next round scheduled",
    "application received",
    "recruiter reached out",
    "accepted another role",
    "lost interest after a long silence",
    "told them about another offer",
    "shared a new portfolio piece",
    "new certification",
    "sent a quick update",
    "they need more time",
)
_NOTE_TEXTS: Final[tuple[str, ...]] = (
    tuple(t for ts in _NOTES.values() for t in ts) + _SPECIAL_NOTES
)


def _note(text: str) -> int:
    return _NOTE_TEXTS.index(text)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST_NAMES: Final = _words(
    "Alex Jordan Taylor Morgan Casey Riley Jamie Avery Quinn Drew Sam Robin Kim Lee Dana "
    "Noah Emma Liam Olivia Mia Lucas Ava Ethan Sofia Mason Isla Leo Maya Omar Zara "
    "Priya Arjun Mei Hana Kenji Ana Diego Lucia Mateo Elena Ivan Nina Tomas Greta Lars "
    "Amara Kofi Ayo Zainab Tariq Leila Sven Ingrid Paolo Chiara Rosa Felix Clara Hugo Iris"
)
_LAST_NAMES: Final = _words(
    "Rivera Chen Patel Okafor Smith Nguyen Garcia Kowalski Mueller Rossi Tanaka Silva Haddad "
    "Johansson Dubois Novak Cohen Brown Wilson Martin Lopez Kaur Singh Ali Murphy Walsh Ortiz "
    "Fischer Moreau Costa Yilmaz Sato Park Ivanova Larsen Bianchi Santos Mensah Diallo Reyes "
    "Ahmed Khan Hughes Price Bennett Foster Hayes Grant Lane Fox Shaw Reid Perry Webb Cole"
)
_COMPANY_HEADS: Final = _words(
    "Northwind Bluebird Cedar Harbor Summit Brightline Ironwood Lumen Meadow Orbit Pinecrest "
    "Quarry Redwood Silverline Tidewater Vantage Willow Zephyr Acorn Beacon Copperleaf Driftwood "
    "Evergreen Foxglove Granite Highfield Juniper Keystone Lakeshore Maple Nimbus Oakridge "
    "Pioneer Quill Riverbend Sable Trillium Upland Verdant Westgate Yarrow Alder Birchwood "
    "Cobalt Dunmore Elmstead Fernhill Glacier Hollow Indigo"
)
_COMPANY_TAILS: Final = _words(
    "Analytics Health Labs Systems Logistics Robotics Foods Energy Media Bank Studio Works "
    "Software Insurance Retail Bio Mobility Learning Security Cloud Games Finance Travel Foundry"
)
_COMPANY_FORMS: Final = ("", " Inc", " Group", " Co")
_NETWORK_PLACES: Final = (
    "Product Circle",
    "Data Guild",
    "Design Collective",
    "Tech Alumni Club",
    "Founders Breakfast",
    "Women in Engineering Forum",
    "Open Source Meetup",
    "Career Lab",
)
_ROLE_FAMILIES: Final[tuple[tuple[str, ...], ...]] = (
    ("Data Analyst", "Data Scientist", "Analytics Engineer", "BI Developer"),
    ("Software Engineer", "Backend Engineer", "Frontend Developer", "DevOps Engineer"),
    ("Product Designer", "UX Researcher", "UI Designer"),
    ("Marketing Manager", "Content Strategist", "SEO Specialist"),
    ("Product Manager", "Product Owner", "Program Manager"),
    ("Operations Analyst", "Project Coordinator", "Supply Chain Analyst"),
)
_ROLES: Final[tuple[str, ...]] = tuple(r for fam in _ROLE_FAMILIES for r in fam)
_ROLE_START: Final = np.cumsum([0] + [len(f) for f in _ROLE_FAMILIES])

_STR_DTYPE: Final = pd.StringDtype("pyarrow", na_value=np.nan)


@dataclasses.dataclass(frozen=True)
class SimulationEffects:
    """How employers react to etiquette; the default is no reaction at all.

    Attributes
    ----------
    pushy_offer_odds
        Odds multiplier of a favourable decision (next round or offer, against
        rejection) in a round where a pushy follow-up (FU005, FU007, FU008 or
        FU009) reached the employer before the decision.
    pushy_ghost_boost
        Added to the probability that the employer never answers in such a round.
    no_thank_you_offer_odds
        Odds multiplier of a favourable decision when the round's thank-you
        was missing or late.
    """

    pushy_offer_odds: float = 1.0
    pushy_ghost_boost: float = 0.0
    no_thank_you_offer_odds: float = 1.0

    def __post_init__(self) -> None:
        if self.pushy_offer_odds <= 0 or self.no_thank_you_offer_odds <= 0:
            raise ValueError("odds multipliers must be > 0")
        if not 0.0 <= self.pushy_ghost_boost <= 1.0:
            raise ValueError("pushy_ghost_boost must be within [0, 1]")


@dataclasses.dataclass(frozen=True)
class Simulation:
    """A simulated log and the ground truth of what it breaks.

    Attributes
    ----------
    log
        The canonical log, columns :data:`COLUMNS`, all strings (NA = blank).
    planted
        One row per planted breach: ``line`` (physical CSV line, header = 1),
        ``candidate``, ``application_id``, ``code``; sorted by line and code.
    as_of
        The date the rules are judged at (start + days); no row is later.
    candidates
        One row per candidate: ``candidate``, ``behaviour``, ``idle_stretches``,
        ``applications``.
    seed
        The random seed.
    """

    log: pd.DataFrame
    planted: pd.DataFrame
    as_of: dt.date
    candidates: pd.DataFrame
    seed: int

    def write_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write :attr:`log` to ``path`` atomically (temporary file, then rename), as every
        output is written (:func:`followup_stats.output.atomic_target`).

        Returns
        -------
        Path
            The path written.

        Raises
        ------
        OutputError
            When the file cannot be written (a missing folder, no permission).
        """
        from followup_stats.output import atomic_target

        with atomic_target(path) as temporary:
            _write_csv(self.log, temporary)
        return Path(path)


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Plain CSV, ``\\n`` line ends, quotes only where needed.

    Exempt from formula neutralising (:func:`followup_stats.output.safe_csv_cell`):
    this is a canonical log that the loader reads back, not an export, and
    every value in it is the simulator's own (dates, vocabulary, made-up names).
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    header = ",".join(frame.columns) + "\n"
    try:
        with open(path, "wb") as sink:  # any name (Arrow takes UTF-8 ones only)
            sink.write(header.encode())
            options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
            pa_csv.write_csv(table, sink, options)
    except pa.ArrowInvalid:  # a value needs quotes: let pandas quote it
        frame.to_csv(path, index=False, lineterminator="\n")


# -- the generator ----------------------------------------------------------------------


class _Rows:
    """Event rows collected as blocks of integer codes (``-1`` = blank)."""

    FIELDS: Final = (
        "app",
        "cand",
        "day",
        "ev",
        "stage",
        "channel",
        "contact",
        "ans",
        "perm",
        "ok",
        "tl",
        "reason",
        "note",
        "flags",
        "rnd",
        "seq",
        "place",
    )

    def __init__(self, app_cand: Ints) -> None:
        self.app_cand = app_cand
        self.blocks: list[dict[str, Ints]] = []

    def add(self, ix: Ints, sel: Bools, **fields: Ints | int) -> None:
        """One row per application ``ix[sel]``; fields are arrays along ``ix``, or scalars."""
        apps = ix[sel]
        block: dict[str, Ints] = {"app": apps, "cand": self.app_cand[apps]}
        for name, value in fields.items():
            block[name] = (
                value[sel] if isinstance(value, np.ndarray) else np.full(len(apps), value, np.int64)
            )
        self.blocks.append(block)

    def add_free(self, **fields: Ints) -> None:
        """Rows of no application, given column by column."""
        self.blocks.append(dict(fields))

    def frame(self) -> dict[str, npt.NDArray[np.int32]]:
        out: dict[str, npt.NDArray[np.int32]] = {}
        sizes = [len(b["cand"]) for b in self.blocks]
        for name in self.FIELDS:
            default = 0 if name in ("flags", "seq") else -1
            parts = [
                b[name].astype(np.int32) if name in b else np.full(size, default, np.int32)
                for b, size in zip(self.blocks, sizes, strict=True)
            ]
            out[name] = np.concatenate(parts)
        return out


@dataclasses.dataclass
class _Plan:
    """Follow-ups planned in one waiting segment (arrays of shape applications x slots)."""

    days: Ints
    planned: Bools
    flags: Ints
    bare: Bools

    def pushy_before(self, day: Ints) -> Bools:
        """Whether a pushy follow-up was sent before ``day``."""
        seen = self.planned & (self.days < day[:, None]) & ((self.flags & _PUSHY) != 0)
        return np.asarray(seen.any(axis=1))


class _Generator:
    """Draws a cohort's applications stage by stage, each stage on the applications it concerns."""

    def __init__(
        self, rng: np.random.Generator, cfg: Config, effects: SimulationEffects, days: int
    ) -> None:
        self.rng = rng
        self.cfg = cfg
        self.effects = effects
        self.days = days

    # -- small helpers ------------------------------------------------------------------

    def between(self, lo: Ints | int, hi: Ints | int, size: int) -> Ints:
        """Whole numbers drawn uniformly from ``lo`` to ``hi`` inclusive."""
        width = np.asarray(hi) - np.asarray(lo) + 1
        return np.asarray(lo + np.floor(self.rng.random(size) * width).astype(np.int64))

    def lognormal(self, size: int, median: float, sigma: float, lo: int, hi: int) -> Ints:
        draw = np.rint(self.rng.lognormal(np.log(median), sigma, size))
        return np.clip(draw, lo, hi).astype(np.int64)

    def pick(self, size: int, values: Sequence[int], p: Sequence[float] | None = None) -> Ints:
        if p is None:
            return np.asarray(values, np.int64)[self.between(0, len(values) - 1, size)]
        cdf = np.cumsum(p)
        index = np.searchsorted(cdf / cdf[-1], self.rng.random(size), side="right")
        return np.asarray(values, np.int64)[np.minimum(index, len(values) - 1)]

    def chance(self, p: float | Floats, size: int) -> Bools:
        return np.asarray(self.rng.random(size) < p)

    def profile(self, ix: Ints) -> dict[str, Floats]:
        """The behaviour probabilities of the applications ``ix``."""
        beh = self.beh[self.cand[ix]]
        return {k: v[beh] for k, v in self.profiles.items()}

    # -- setup ---------------------------------------------------------------------------

    def candidates(
        self, candidates: int, applications: int, behaviours: Sequence[str] | None
    ) -> None:
        rng, days = self.rng, self.days
        nc = self.nc = candidates
        if behaviours:
            unknown = set(behaviours) - set(BEHAVIOURS)
            if unknown:
                raise ValueError(
                    f"unknown {plural(len(unknown), 'behaviour')} {sorted(unknown)}; "
                    f"known: {BEHAVIOURS}"
                )
            beh = np.array([BEHAVIOURS.index(behaviours[i % len(behaviours)]) for i in range(nc)])
        else:
            beh = self.pick(nc, range(len(BEHAVIOURS)), BEHAVIOUR_SHARES)
        self.beh = beh.astype(np.int64)
        self.profiles = {k: np.asarray(v, np.float64) for k, v in _PROFILE.items()}
        self.family = self.between(0, len(_ROLE_FAMILIES) - 1, nc)

        # planted idle stretches: [start, start + length) with no applied/networking row
        idle = self.chance(self.profiles["idle"][self.beh], nc)
        stretches = np.where(idle, 1 + self.chance(0.35, nc), 0) if days >= 45 else np.zeros(nc)
        half = days // 2
        len1, len2 = self.between(9, 18, nc), self.between(9, 18, nc)
        start1 = self.between(4, half - len1, nc)
        room2 = days - 8 - len2 - (half + 2)  # the second stretch ends 8 days before as-of
        start2 = self.between(half + 2, half + 2 + np.maximum(room2, 0), nc)
        stretches = np.where((stretches >= 2) & (room2 < 0), 1, stretches).astype(np.int64)
        self.gap_start = np.stack([start1, start2], axis=1)
        self.gap_len = np.stack(
            [np.where(stretches >= 1, len1, 0), np.where(stretches >= 2, len2, 0)], 1
        )
        self.idle_stretches = stretches

        counts = np.maximum(1, np.rint(applications * rng.uniform(0.7, 1.3, nc))).astype(np.int64)
        self.n = n = int(counts.sum())
        self.cand = np.repeat(np.arange(nc), counts)
        offsets = np.cumsum(counts) - counts
        first = np.zeros(n, bool)
        first[offsets] = True
        self.local = np.arange(n) - np.repeat(offsets, counts)
        self.apply_day = self.spread_days(self.cand, 1.25)
        self.apply_day[first] = 0  # the search starts on the start date
        src = self.pick(n, range(len(SOURCES)), _SOURCE_SHARE)
        src[first] = self.between(0, 2, int(first.sum()))  # the first row is an `applied` row
        self.src = src
        self.recruiter = self.src == SOURCES.index("recruiter")
        self.rows = _Rows(self.cand)

    def spread_days(self, cand: Ints, skew: float) -> Ints:
        """Days in [0, days] outside the candidate's idle stretches, more of them early on."""
        glen = self.gap_len[cand]
        free = self.days + 1 - glen.sum(axis=1)
        day = np.floor(free * self.rng.random(len(cand)) ** skew).astype(np.int64)
        for k in range(2):
            day = day + np.where(day >= self.gap_start[cand, k], glen[:, k], 0)
        return day

    # -- follow-ups in one waiting segment ---------------------------------------------

    def plan(
        self,
        p: Mapping[str, Floats],
        anchor: Ints,
        wait: Ints,
        timetable_end: Ints,
        factor: float = 1.0,
    ) -> _Plan:
        """Plan up to three counted follow-ups after ``anchor`` and compute their flags exactly."""
        cfg, size = self.cfg, len(anchor)
        allowed = anchor + wait
        slack = p["slack"].astype(np.int64)
        go = self.chance(p["follow_up"] * factor, size)
        early = self.chance(p["early"], size) & (wait >= 2)
        f1 = np.where(
            early,
            self.between(anchor + 1, allowed - 1, size),
            self.between(allowed, allowed + slack, size),
        )
        has_tt = timetable_end >= 0
        grace_end = timetable_end + cfg.timeline_grace_days
        gap = self.between(cfg.final_note_gap_days, cfg.final_note_gap_days + 2 + slack // 2, size)
        polite = np.maximum(f1 + gap, allowed)
        polite = np.where(has_tt, np.maximum(polite, grace_end + self.between(0, 2, size)), polite)
        lo, hi = f1 + cfg.final_note_gap_days, grace_end - 1
        before = has_tt & self.chance(p["before_timetable"], size) & (lo <= hi)
        f2 = np.where(before, self.between(lo, np.maximum(lo, hi), size), polite)
        f2 = np.where(self.chance(p["too_soon"], size), f1 + 1, f2)
        f3 = f2 + self.between(1, 5, size)
        second = go & self.chance(p["final_note"], size)
        third = second & self.chance(p["third_note"], size)

        days = np.stack([f1, f2, f3], axis=1)
        planned = np.stack([go, second, third], axis=1)
        bare = self.rng.random((size, _SLOTS)) < p["bare_update"][:, None]
        number = np.arange(1, _SLOTS + 1)[None, :]
        final = number >= 2
        step = np.zeros_like(days)
        step[:, 1:] = days[:, 1:] - days[:, :-1]
        flags = np.where(days < allowed[:, None], _bit("FU005"), 0)
        flags |= np.where(final & (step < cfg.final_note_gap_days), _bit("FU007"), 0)
        flags |= np.where(final & has_tt[:, None] & (days < grace_end[:, None]), _bit("FU008"), 0)
        flags |= np.where(number > cfg.max_follow_ups, _bit("FU009"), 0)
        flags |= np.where(bare, _bit("FU010"), 0)
        return _Plan(days, planned, flags.astype(np.int64), bare)

    def emit(self, ix: Ints, plan: _Plan, until: Ints, rnd: Ints, contact: Ints, seq: int) -> None:
        """Write the planned follow-ups sent before ``until`` (the employer's reply)."""
        size = len(ix)
        channel = self.pick(size, [_CH["email"], _CH["phone"], _CH["linkedin"]], [0.7, 0.15, 0.15])
        for j in range(_SLOTS):
            bare = plan.bare[:, j]
            self.rows.add(
                ix,
                plan.planned[:, j] & (plan.days[:, j] < until),
                day=plan.days[:, j],
                ev=np.where(bare, _EV["update"], _EV["follow_up"]),
                channel=np.where(bare, _CH["email"], channel),
                contact=contact,
                note=np.where(bare, _note("sent a quick update"), -1),
                flags=plan.flags[:, j],
                rnd=rnd,
                seq=seq + j,
            )

    def decide(
        self,
        ghost: Floats | float,
        status: float,
        favourable: Floats | float,
        pushy: Bools,
        prompt: Bools,
    ) -> Ints:
        """The employer's move: 0 favourable, 1 rejection, 2 never answers, 3 status reply."""
        eff, size = self.effects, len(pushy)
        g = np.minimum(1.0, ghost + np.where(pushy, eff.pushy_ghost_boost, 0.0))
        q = np.broadcast_to(np.asarray(favourable, np.float64), (size,))
        odds = np.where(pushy, eff.pushy_offer_odds, 1.0)
        odds = odds * np.where(prompt, 1.0, eff.no_thank_you_offer_odds)
        q = odds * q / (1.0 - q + odds * q)
        u = self.rng.random((3, size))
        move = np.where(u[0] < g, 2, np.where(u[1] < status, 3, np.where(u[2] < q, 0, 1)))
        return move.astype(np.int64)

    def round_id(self, ix: Ints, k: int) -> Ints:
        return ix * (_MAX_ROUNDS + 1) + k

    def n_companies(self) -> int:
        total = len(_COMPANY_HEADS) * len(_COMPANY_TAILS) * len(_COMPANY_FORMS)
        return int(np.clip(self.n // 4, 60, total))

    # -- applications --------------------------------------------------------------------

    def applications(self) -> None:
        """Round 0 (application to first interview), then the interview rounds."""
        cfg, rows, n = self.cfg, self.rows, self.n
        everyone = np.arange(n)
        rec = self.recruiter
        self.company = np.floor(self.n_companies() * self.rng.random(n) ** 1.6).astype(np.int64)
        fam = self.family[self.cand]
        self.role = self.between(_ROLE_START[fam], _ROLE_START[fam + 1] - 1, n)
        n_contacts = len(_FIRST_NAMES) * len(_LAST_NAMES)
        self.recruiter_contact = self.between(0, n_contacts - 1, n)
        self.manager = self.between(0, n_contacts - 1, n)

        # the first row: an application, or a recruiter reaching out
        channel = np.where(self.src == SOURCES.index("referral"), _CH["email"], _CH["portal"])
        rows.add(everyone, ~rec, day=self.apply_day, ev=_EV["applied"], channel=channel)
        rows.add(
            everyone,
            rec,
            day=self.apply_day,
            ev=_EV["response"],
            channel=self.pick(n, [_CH["linkedin"], _CH["email"], _CH["phone"]]),
            contact=self.recruiter_contact,
            note=_note("recruiter reached out"),
            rnd=self.round_id(everyone, 0),
        )
        move = np.full(n, 2, np.int64)  # the employer's last move in round 0
        decided = np.full(n, _BIG, np.int64)

        # first wait: from the application to the employer's first move
        ix = np.flatnonzero(~rec)
        size = len(ix)
        start = self.apply_day[ix]
        reply = start + self.lognormal(size, 6, 0.8, 1, 45)
        rnd0, contact = self.round_id(ix, 0), self.recruiter_contact[ix]
        wait = np.full(size, cfg.default_wait_days, np.int64)
        plan = self.plan(self.profile(ix), start, wait, np.full(size, -1), factor=0.5)
        yes = np.ones(size, bool)
        first = self.decide(_NEVER_ACK[self.src[ix]], 0.28, 0.22, plan.pushy_before(reply), yes)
        self.emit(ix, plan, np.where(first == 2, _BIG, reply), rnd0, contact, 1)
        ack_tl = np.where(self.chance(0.4, size), self.pick(size, [7, 10, 14]), -1)
        rows.add(
            ix,
            first == 3,
            day=reply,
            ev=_EV["response"],
            channel=_CH["email"],
            contact=contact,
            tl=ack_tl,
            note=_note("application received"),
            rnd=rnd0,
        )
        move[ix], decided[ix] = first, reply
        anchor_all = self.apply_day.copy()
        anchor_all[ix] = reply
        tl_all = np.full(n, -1, np.int64)
        tl_all[ix] = np.where(first == 3, ack_tl, -1)

        # second wait: after an acknowledgement or a recruiter's message
        ix = np.flatnonzero(rec | (move == 3))
        size = len(ix)
        anchor, tl = anchor_all[ix], tl_all[ix]
        wait = np.where(tl >= 0, tl, cfg.default_wait_days)
        timetable = np.where(tl >= 0, anchor + tl, -1)
        reply = anchor + np.where(
            tl >= 0,
            np.maximum(1, tl + self.between(-2, 7, size)),
            self.lognormal(size, 9, 0.6, 1, 40),
        )
        plan = self.plan(self.profile(ix), anchor, wait, timetable, factor=0.5)
        from_rec = rec[ix]
        second = self.decide(
            np.where(from_rec, 0.2, 0.3),
            0.0,
            np.where(from_rec, 0.6, 0.35),
            plan.pushy_before(reply),
            np.ones(size, bool),
        )
        rnd0 = self.round_id(ix, 0)
        self.emit(ix, plan, np.where(second == 2, _BIG, reply), rnd0, self.recruiter_contact[ix], 4)
        move[ix], decided[ix] = second, reply

        rows.add(
            everyone,
            move == 1,
            day=decided,
            ev=_EV["rejection"],
            channel=self.pick(n, [_CH["email"], _CH["portal"]], [0.7, 0.3]),
            rnd=self.round_id(everyone, 0),
        )
        rows.add(
            everyone,
            move == 0,
            day=decided,
            ev=_EV["response"],
            channel=self.pick(n, [_CH["email"], _CH["phone"]], [0.7, 0.3]),
            contact=self.recruiter_contact,
            note=_note("invited to interview"),
            rnd=self.round_id(everyone, 0),
        )
        self.end_day = np.where(move == 1, decided, _BIG)
        self.offer_day = np.full(n, _BIG, np.int64)
        self.first_interview = np.full(n, _BIG, np.int64)
        self.last_interview = np.full(n, _BIG, np.int64)
        self.invite_day = np.where(move == 0, decided, _BIG)

        # interview rounds
        self.planned_rounds = self.pick(n, [1, 2, 3], [0.3, 0.4, 0.3])
        ix = np.flatnonzero(move == 0)
        day = decided[ix] + self.between(3, 12, len(ix))
        for k in range(1, _MAX_ROUNDS + 1):
            ix, day = self.interview_round(k, ix, day)

    def interview_round(self, k: int, ix: Ints, iday: Ints) -> tuple[Ints, Ints]:
        """Round ``k`` of the applications ``ix`` (interview on ``iday``).

        Returns the applications that go on to round ``k + 1`` and their interview days.
        """
        cfg, rows, size = self.cfg, self.rows, len(ix)
        p = self.profile(ix)
        rid = self.round_id(ix, k)
        last = self.planned_rounds[ix] == k
        if k == 1:
            self.first_interview[ix] = iday
        self.last_interview[ix] = iday
        recruiter, manager = self.recruiter_contact[ix], self.manager[ix]

        # the interview row
        if k == 1:
            stage = np.where(last, STAGES.index("final"), STAGES.index("screen"))
        else:
            late_stage = self.pick(size, [STAGES.index("final"), STAGES.index("onsite")])
            stage = np.where(last, late_stage, STAGES.index("technical"))
        screen = stage == STAGES.index("screen")
        channel = np.where(
            screen,
            self.pick(size, [_CH["phone"], _CH["video"]]),
            self.pick(size, [_CH["video"], _CH["in_person"]], [0.4, 0.6]),
        )
        u = self.rng.random((2, size))
        asks, may = p["asks_next"], p["asks_permission"]
        ans = np.where(u[0] < asks, 1, np.where(u[0] < asks + 0.15, -1, 0))
        perm = np.where(u[1] < may, 1, np.where(u[1] < may + 0.1, -1, 0))
        ok = np.where((perm == 1) & self.chance(0.7, size), self.pick(size, [5, 7, 10, 14]), -1)
        tl_chance = np.where(ans == 1, 0.75, np.where(ans == 0, 0.15, 0.4))
        tl = np.where(self.chance(tl_chance, size), self.pick(size, [5, 7, 10, 14, 21]), -1)
        contact = np.where(screen, recruiter, manager)
        everyone = np.ones(size, bool)
        rows.add(
            ix,
            everyone,
            day=iday,
            ev=_EV["interview"],
            stage=stage,
            channel=channel,
            contact=contact,
            ans=ans,
            perm=perm,
            ok=ok,
            tl=tl,
            rnd=rid,
        )

        # the employer's first move: never within the thank-you allowance
        soonest = cfg.thank_you_within_days + 1
        reply = np.where(
            tl >= 0,
            np.maximum(soonest, tl + self.between(2, 12, size)),
            self.lognormal(size, 12, 0.5, soonest, 45),
        )
        e = iday + reply

        # thank-you: same or next day unless late or forgotten; never after the reply
        forget = self.chance(p["thank_forget"], size)
        late = self.chance(p["thank_late"], size)
        after = np.minimum(
            np.where(late, self.between(2, 4, size), self.between(0, 1, size)), reply
        )
        t_channel = np.where(
            self.chance(p["thank_not_email"], size),
            self.pick(size, [_CH["linkedin"], _CH["phone"], _CH["other"]], [0.6, 0.3, 0.1]),
            np.where(self.chance(0.08, size), -1, _CH["email"]),
        )
        t_flags = np.where(after > cfg.thank_you_within_days, _bit("FU002"), 0)
        t_flags |= np.where((t_channel >= 0) & (t_channel != _CH["email"]), _bit("FU012"), 0)
        rows.add(
            ix,
            ~forget,
            day=iday + after,
            ev=_EV["thank_you"],
            channel=t_channel,
            contact=contact,
            flags=t_flags,
            rnd=rid,
        )
        prompt = ~forget & (after <= cfg.thank_you_within_days)

        # first wait, anchored at the interview
        wait = np.where(ok >= 0, ok, cfg.default_wait_days)
        timetable = np.where(tl >= 0, iday + tl, -1)
        plan0 = self.plan(p, iday, wait, timetable)
        ghost = _GHOST_AFTER_ROUND[k - 1]
        favourable = np.where(last, 0.45, 0.72)
        move = self.decide(ghost, 0.15, favourable, plan0.pushy_before(e), prompt)
        self.emit(ix, plan0, np.where(move == 2, _BIG, e), rid, contact, 1)

        # a status reply ("we need more time") opens a second wait
        status = move == 3
        tl2 = np.where(self.chance(0.6, size), self.pick(size, [7, 10, 14]), -1)
        rows.add(
            ix,
            status,
            day=e,
            ev=_EV["response"],
            channel=self.pick(size, [_CH["email"], _CH["phone"]], [0.8, 0.2]),
            contact=recruiter,
            tl=tl2,
            note=_note("they need more time"),
            rnd=rid,
        )
        sub = np.flatnonzero(status)
        e2 = e[sub] + np.where(
            tl2[sub] >= 0,
            np.maximum(1, tl2[sub] + self.between(0, 7, len(sub))),
            self.lognormal(len(sub), 9, 0.5, 1, 30),
        )
        plan1 = self.plan(
            {key: v[sub] for key, v in p.items()},
            e[sub],
            np.where(tl2[sub] >= 0, tl2[sub], wait[sub]),
            np.where(tl2[sub] >= 0, e[sub] + tl2[sub], timetable[sub]),
        )
        pushy = plan0.pushy_before(e)[sub] | plan1.pushy_before(e2)
        move2 = self.decide(ghost, 0.0, favourable[sub], pushy, prompt[sub])
        self.emit(ix[sub], plan1, np.where(move2 == 2, _BIG, e2), rid[sub], contact[sub], 4)
        move[sub] = move2
        decided = e.copy()
        decided[sub] = e2

        # real news while waiting (exempt from the follow-up rules)
        news_day = iday + self.between(2, 15, size)
        news = self.chance(p["news"], size) & ((move == 2) | (news_day < decided))
        reason = np.where(self.chance(0.8, size), _REASON["portfolio"], _REASON["other"])
        rows.add(
            ix,
            news,
            day=news_day,
            ev=_EV["update"],
            channel=_CH["email"],
            contact=contact,
            reason=reason,
            note=np.where(
                reason == _REASON["portfolio"],
                _note("shared a new portfolio piece"),
                _note("new certification"),
            ),
            rnd=rid,
            seq=7,
        )

        # the decision
        offer = (move == 0) & last
        advance = (move == 0) & ~last
        rejected = move == 1
        rows.add(
            ix,
            rejected,
            day=decided,
            ev=_EV["rejection"],
            channel=self.pick(size, [_CH["email"], _CH["phone"]], [0.85, 0.15]),
            contact=recruiter,
            rnd=rid,
        )
        rows.add(
            ix,
            offer,
            day=decided,
            ev=_EV["offer"],
            channel=self.pick(size, [_CH["phone"], _CH["email"]], [0.6, 0.4]),
            contact=manager,
            rnd=rid,
        )
        rows.add(
            ix,
            advance,
            day=decided,
            ev=_EV["response"],
            channel=_CH["email"],
            contact=recruiter,
            note=_note("next round scheduled"),
            rnd=rid,
        )
        ended = offer | rejected
        self.end_day[ix[ended]] = decided[ended]
        self.offer_day[ix[offer]] = decided[offer]
        next_day = decided[advance] + self.between(5, 15, int(advance.sum()))
        return ix[advance], next_day

    # -- candidate level: withdrawals, offers, networking -------------------------------

    def outcomes(self) -> None:
        """Withdrawals, answers to offers, and stopping the search after accepting one."""
        n, nc, rows, days = self.n, self.nc, self.rows, self.days
        everyone = np.arange(n)
        cut = np.full(n, _BIG, np.int64)
        cut_note = np.full(n, -1, np.int64)

        # losing interest after an interview
        quit_day = self.last_interview + self.between(3, 21, n)
        quits = (self.first_interview < _BIG) & self.chance(0.05, n) & (quit_day < self.end_day)
        cut = np.where(quits, quit_day, cut)
        cut_note = np.where(quits, _note("lost interest after a long silence"), cut_note)

        # offers and answers: the earliest accepted answer ends the search
        offered = (self.offer_day <= days) & (self.offer_day < cut)
        answer_day = self.offer_day + self.between(1, 5, n)
        accepts = offered & (answer_day <= days) & self.chance(0.7, n)
        key = np.where(accepts, answer_day * n + everyone, _BIG * n)
        best = np.full(nc, _BIG * n, np.int64)
        np.minimum.at(best, self.cand, key)
        accepted = accepts & (key == best[self.cand])
        self.stop_day = np.where(best < _BIG * n, best // n, _BIG)
        stop = self.stop_day[self.cand]
        self.dropped = self.apply_day > stop
        leave = stop + self.between(1, 3, nc)[self.cand]
        open_then = (self.end_day >= leave) & ~accepted & ~self.dropped & (leave < cut)
        cut = np.where(open_then, leave, cut)
        cut_note = np.where(open_then, _note("accepted another role"), cut_note)
        self.cut = cut
        active = (self.first_interview < cut) | (self.invite_day < cut)
        rows.add(
            everyone,
            (cut <= days) & active & ~self.dropped & (cut < self.end_day),
            day=cut,
            ev=_EV["withdrew"],
            channel=_CH["email"],
            note=cut_note,
        )
        rows.add(
            everyone,
            offered & ~self.dropped,
            day=answer_day,
            ev=np.where(accepted, _EV["accepted"], _EV["declined"]),
            channel=_CH["email"],
        )

        # telling the other employers about an offer while it is pending (news, exempt)
        key = np.where(offered, self.offer_day * n + everyone, _BIG * n)
        first_key = np.full(nc, _BIG * n, np.int64)
        np.minimum.at(first_key, self.cand, key)
        has_offer = first_key < _BIG * n
        f = np.where(has_offer, first_key // n, _BIG)[self.cand]
        answered = np.where(has_offer, answer_day[np.where(has_offer, first_key % n, 0)], _BIG)
        tell_day = self.between(f, np.maximum(f, answered[self.cand] - 1), n)
        tell = (
            (f < _BIG)
            & (self.first_interview <= f)
            & (self.end_day > tell_day)
            & ~(offered & (self.offer_day == f))
            & self.chance(0.6, n)
        )
        rows.add(
            everyone,
            tell,
            day=tell_day,
            ev=_EV["update"],
            channel=_CH["email"],
            reason=_REASON["other_offer"],
            note=_note("told them about another offer"),
            seq=8,
        )

    def networking(self) -> None:
        """Networking rows: some at random, plus enough to bridge every gap but the idle ones."""
        rng, nc, days = self.rng, self.nc, self.days
        extra = rng.poisson(max(days, 1) / 12, nc)
        ncand = np.repeat(np.arange(nc), extra)
        nday = self.spread_days(ncand, 1.0)
        # the edges of each idle stretch, so that the stretch is exactly as planned
        has = self.gap_len > 0
        gc = np.repeat(np.arange(nc), has.sum(axis=1))
        left = (self.gap_start - 1)[has]
        right = (self.gap_start + self.gap_len)[has]
        applied = ~self.recruiter
        width = days + 2
        base = np.concatenate([ncand * width + nday, gc * width + left, gc * width + right])
        keys = _unique_keys(
            nc * width,
            self.cand[applied] * width + self.apply_day[applied],
            base,
            np.arange(nc) * width + days + 1,  # sentinel: the day after as-of
        )
        c, d = keys // width, keys % width
        same = c[1:] == c[:-1]
        a1, a2, ca = d[:-1][same], d[1:][same], c[:-1][same]
        planted = np.isin(ca * width + a1, gc * width + left) & np.isin(
            ca * width + a2, gc * width + right
        )
        wide = ((a2 - a1) > _MAX_SPACING) & ~planted
        a1, a2, ca = a1[wide], a2[wide], ca[wide]
        k = -(-(a2 - a1) // _MAX_SPACING) - 1  # rows to insert so no step exceeds the spacing
        rep = np.repeat(np.arange(len(k)), k)
        i = np.arange(len(rep)) - np.repeat(np.cumsum(k) - k, k) + 1
        fill = a1[rep] + -(-(i * (a2 - a1)[rep]) // (k[rep] + 1))
        net = _unique_keys(nc * width, base, ca[rep] * width + fill)
        net = net[net % width <= days]
        size = len(net)
        n_contacts = len(_FIRST_NAMES) * len(_LAST_NAMES)
        place = np.where(
            self.chance(0.5, size), self.between(0, len(_NETWORK_PLACES) - 1, size), -1
        )
        self.rows.add_free(
            app=np.full(size, -1, np.int64),
            cand=net // width,
            day=net % width,
            ev=np.full(size, _EV["networking"], np.int64),
            channel=self.pick(size, [_CH["in_person"], _CH["video"], _CH["linkedin"]]),
            contact=self.between(0, n_contacts - 1, size),
            place=place,
        )


def _unique_keys(size: int, *keys: Ints) -> Ints:
    """The sorted distinct values of ``keys`` (whole numbers in ``[0, size)``)."""
    seen = np.zeros(size, bool)
    for part in keys:
        seen[part] = True
    return np.flatnonzero(seen)


def _member(values: Ints, within: Ints, size: int) -> Bools:
    """``np.isin`` for whole numbers in ``[0, size)``, by lookup."""
    seen = np.zeros(size, bool)
    seen[within] = True
    return seen[values]


# -- assembling the log and its ground truth -------------------------------------------


def _text(codes: Ints, vocab: pa.Array) -> pd.Series:
    """A string column from integer codes into ``vocab`` (``-1`` = blank)."""
    values = vocab.take(pa.array(codes.astype(np.int32), mask=codes < 0))
    return pd.Series(pd.array(values, dtype=_STR_DTYPE))


def _vocab(words: Sequence[str]) -> pa.Array:
    return pa.array(list(words), type=pa.large_string())


def _candidate_names(n: int, rng: np.random.Generator) -> list[str]:
    combos = len(_FIRST_NAMES) * len(_LAST_NAMES)
    order = rng.permutation(combos)
    names = []
    for i in range(n):
        j = int(order[i % combos])
        name = f"{_FIRST_NAMES[j // len(_LAST_NAMES)]} {_LAST_NAMES[j % len(_LAST_NAMES)]}"
        names.append(name if i < combos else f"{name} {i // combos + 1}")
    return names


def _prefixes(names: Sequence[str]) -> list[str]:
    """Application id prefixes from initials, made unique with a number."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        initials = "".join(w[0] for w in name.split() if w[:1].isalpha()).upper() or "C"
        seen[initials] = seen.get(initials, 0) + 1
        out.append(initials if seen[initials] == 1 else f"{initials}{seen[initials]}")
    return out


def _company_vocab(rng: np.random.Generator, count: int) -> list[str]:
    heads, tails, forms = _COMPANY_HEADS, _COMPANY_TAILS, _COMPANY_FORMS
    pairs = rng.permutation(len(heads) * len(tails))
    out = []
    for i in range(count):
        j = int(pairs[i % len(pairs)])
        form = forms[(i // len(pairs) + j) % len(forms)]
        out.append(f"{heads[j // len(tails)]} {tails[j % len(tails)]}{form}")
    return out


def _runs(idle: Bools) -> tuple[Ints, Ints, Ints]:
    """Row, first column and length of each run of True along the rows of ``idle``."""
    rows, cols = idle.shape
    padded = np.zeros((rows, cols + 2), np.int8)
    padded[:, 1:-1] = idle
    step = np.diff(padded.ravel())
    starts = np.flatnonzero(step == 1) + 1
    ends = np.flatnonzero(step == -1) + 1
    return starts // (cols + 2), starts % (cols + 2) - 1, ends - starts


def _idle_findings(
    ev: Ints, cand: Ints, app: Ints, day: Ints, nc: int, n_apps: int, as_of: int, idle_days: int
) -> Ints:
    """FU011 by RULES.md: the row of the interview named by each idle run, in sorted rows."""
    width = as_of + 1
    big = np.int64(_BIG)
    is_iv = ev == _EV["interview"]
    first_offer = np.full(nc, big)
    offers = ev == _EV["offer"]
    np.minimum.at(first_offer, cand[offers], day[offers])
    ender = np.isin(ev, [_EV["offer"], _EV["rejection"], _EV["withdrew"]])
    app_end = np.full(n_apps, np.int64(as_of + 1))
    np.minimum.at(app_end, app[ender], day[ender])
    app_start = np.full(n_apps, big)
    np.minimum.at(app_start, app[is_iv], day[is_iv])
    app_cand = np.zeros(n_apps, np.int64)
    app_cand[app[app >= 0]] = cand[app >= 0]

    has = app_start < big
    start = app_start[has]
    end = np.minimum(app_end[has], first_offer[app_cand[has]])
    ok = start < end
    c_w, s_w, e_w = app_cand[has][ok], start[ok], end[ok]
    diff = np.zeros((nc, width + 1), np.int64)
    np.add.at(diff, (c_w, s_w), 1)
    np.add.at(diff, (c_w, np.minimum(e_w, width)), -1)
    waiting = np.cumsum(diff, axis=1)[:, :width] > 0
    active = np.zeros((nc, width), bool)
    act = np.isin(ev, [_EV["applied"], _EV["networking"]])
    active[cand[act], day[act]] = True
    run_c, run_s, run_len = _runs(waiting & ~active)
    long = run_len > idle_days
    run_c, when = run_c[long], run_s[long] + idle_days
    if not len(run_c):
        return np.zeros(0, np.int64)

    # the latest interview (by day, then line) whose window holds that day
    iv = np.flatnonzero(is_iv)
    pts = pd.DataFrame({"pt": np.arange(len(run_c)), "cand": run_c, "when": when})
    ivs = pd.DataFrame(
        {
            "cand": cand[iv],
            "row": iv,
            "iday": day[iv],
            "end": np.minimum(app_end[app[iv]], first_offer[cand[iv]]),
        }
    )
    joined = pts.merge(ivs, on="cand")
    joined = joined[(joined["iday"] <= joined["when"]) & (joined["when"] < joined["end"])]
    best = joined.sort_values(["pt", "iday", "row"]).groupby("pt").tail(1).sort_values("pt")
    return best["row"].to_numpy(np.int64)


#: Candidates times applications that one :func:`simulate` call makes at most (about 2.5
#: events each: 12 million events, a few GB in memory).
MAX_APPLICATIONS: Final = 5_000_000


def simulate(
    candidates: int = 8,
    applications: int = 60,
    seed: int = 0,
    start: str | dt.date = "2026-08-01",
    days: int = 90,
    effects: SimulationEffects | None = None,
    *,
    names: Sequence[str] | None = None,
    behaviours: Sequence[str] | None = None,
) -> Simulation:
    """Simulate the logs of a cohort of job seekers, with the breaches they contain.

    Parameters
    ----------
    candidates
        Number of candidates.
    applications
        Applications per candidate (each candidate gets 70-130% of it; fewer
        when an offer is accepted and the search stops).
    seed
        Random seed; the same arguments give the same log, byte for byte.
    start, days
        First day of the log and its length; the as-of date is ``start + days``.
    effects
        Employers' reactions to etiquette (default: none).
    names
        Candidate names (default: drawn from word lists).
    behaviours
        Behaviours of :data:`BEHAVIOURS`, cycled over the candidates
        (default: drawn at random in the shares of :data:`BEHAVIOUR_SHARES`).

    Returns
    -------
    Simulation
        The log, the planted breaches and the as-of date.
    """
    _check_counts(candidates, applications, days, seed)
    if candidates * applications > MAX_APPLICATIONS:
        raise ValueError(
            f"{candidates:,} {plural(candidates, 'candidate')} of {applications:,} "
            f"{plural(applications, 'application')} is more than "
            f"{MAX_APPLICATIONS:,} applications (about {MAX_APPLICATIONS * 5 // 2:,} events) "
            "in one run; simulate a big log in parts, as bench/run.py does"
        )
    if names is not None and len(names) != candidates:
        raise ValueError(f"expected {candidates} names, got {len(names)}")
    first_day = dt.date.fromisoformat(start) if isinstance(start, str) else start
    first, last = (dt.date(year, 1, 1) for year in PLAUSIBLE_YEARS)
    last = last.replace(month=12, day=31)
    if not first <= first_day <= last or days > (last - first_day).days:
        raise ValueError(
            f"a log from {first_day.isoformat()} for {days:,} {plural(days, 'day')}: a log's "
            "dates lie from "
            f"{first.isoformat()} to {last.isoformat()}, as check reads them"
        )
    as_of = first_day + dt.timedelta(days=days)
    cfg = Config()
    rng = np.random.default_rng(seed)
    gen = _Generator(rng, cfg, effects or SimulationEffects(), days)
    gen.candidates(candidates, applications, behaviours)
    gen.applications()
    gen.outcomes()
    gen.networking()
    cand_names = list(names) if names is not None else _candidate_names(candidates, rng)
    if len(set(cand_names)) != len(cand_names):
        raise ValueError("candidate names must be unique")

    # keep rows up to as-of, before the application's withdrawal and the end of the search
    r = gen.rows.frame()
    app, ev, day = r["app"], r["ev"], r["day"]
    appx = np.maximum(app, 0)
    is_app = app >= 0
    live = (day < gen.cut[appx]) | (ev == _EV["withdrew"])
    keep = (day <= days) & np.where(
        is_app, ~gen.dropped[appx] & live, day <= gen.stop_day[r["cand"]]
    )
    kept = np.flatnonzero(keep)
    order = kept[
        np.lexsort((r["seq"][kept], app[kept], _RANK[ev[kept]], day[kept], r["cand"][kept]))
    ]
    r = {k: v[order] for k, v in r.items()}
    ev = r["ev"]
    m = len(ev)

    # generic notes for a share of the rows without one
    counts = np.array([len(_NOTES.get(e, ())) for e in EVENTS], np.int64)
    starts = np.array([_NOTE_TEXTS.index(_NOTES[e][0]) if e in _NOTES else 0 for e in EVENTS])
    pick = starts[ev] + np.floor(rng.random(m) * counts[ev]).astype(np.int64)
    noted = (r["note"] < 0) & (counts[ev] > 0) & (rng.random(m) < 0.25)
    r["note"] = np.where(noted, pick, r["note"]).astype(np.int32)

    where, code = _planted(r, gen, days, cfg)
    vocab = _Vocabularies(gen, cand_names, first_day, days, rng)
    log = vocab.frame(r)
    planted = pd.DataFrame(
        {
            "line": where + 2,
            "candidate": _text(r["cand"][where], vocab.names),
            "application_id": _text(r["app"][where], vocab.app_ids),
            "code": _text(code, _vocab(_CODES)),
        }
    )
    planted = planted.sort_values(["line", "code"], ignore_index=True)
    kept_apps = np.bincount(gen.cand[~gen.dropped], minlength=candidates)
    table = pd.DataFrame(
        {
            "candidate": _text(np.arange(candidates), vocab.names),
            "behaviour": _text(gen.beh, _vocab(BEHAVIOURS)),
            "idle_stretches": gen.idle_stretches.astype(np.int64),
            "applications": kept_apps.astype(np.int64),
        }
    )
    return Simulation(log=log, planted=planted, as_of=as_of, candidates=table, seed=seed)


def _planted(r: Mapping[str, Ints], gen: _Generator, days: int, cfg: Config) -> tuple[Ints, Ints]:
    """(row index, code index) of every breach in the sorted rows ``r``."""
    ev, day, rnd, flags = r["ev"], r["day"], r["rnd"], r["flags"]
    rows: list[Ints] = []
    codes: list[Ints] = []

    def add(where: Ints, code: str) -> None:
        rows.append(where.astype(np.int64))
        codes.append(np.full(len(where), _CODES.index(code), np.int64))

    # per row: timing of follow-ups, bare updates, late or non-email thank-yous
    for code in ("FU002", "FU005", "FU007", "FU008", "FU009", "FU010", "FU012"):
        add(np.flatnonzero(flags & _bit(code)), code)

    # per interview round, from the rows actually written
    iv = np.flatnonzero(ev == _EV["interview"])
    iv_round = rnd[iv]
    n_rounds = gen.n * (_MAX_ROUNDS + 1)
    thanked = _member(iv_round, rnd[ev == _EV["thank_you"]], n_rounds)
    timetable = ((ev == _EV["interview"]) | (ev == _EV["response"])) & (r["tl"] >= 0)
    has_tt = _member(iv_round, rnd[timetable & (rnd >= 0)], n_rounds)
    add(iv[~thanked & (days > day[iv] + cfg.thank_you_within_days)], "FU001")
    add(iv[(r["ans"][iv] == 0) & ~has_tt], "FU003")
    add(iv[r["perm"][iv] == 0], "FU004")
    counted = (ev == _EV["follow_up"]) | ((ev == _EV["update"]) & (r["reason"] < 0))
    asked_not = iv_round[r["perm"][iv] == 0]
    first_of_round = np.flatnonzero(counted & _member(np.maximum(rnd, 0), asked_not, n_rounds))
    _, first = np.unique(rnd[first_of_round], return_index=True)
    add(first_of_round[first], "FU006")

    idle_rows = _idle_findings(ev, r["cand"], r["app"], day, gen.nc, gen.n, days, cfg.idle_days)
    add(idle_rows, "FU011")
    return np.concatenate(rows), np.concatenate(codes)


class _Vocabularies:
    """The strings behind the integer codes of the rows."""

    def __init__(
        self,
        gen: _Generator,
        names: Sequence[str],
        first_day: dt.date,
        days: int,
        rng: np.random.Generator,
    ) -> None:
        self.gen = gen
        dates = pd.date_range(first_day, periods=days + 1, freq="D").strftime("%Y-%m-%d")
        self.dates = _vocab(list(dates))
        self.names = _vocab(names)
        width = max(3, len(str(int(gen.local.max()) + 1)))
        numbers = pc.utf8_lpad(pa.array((gen.local + 1).astype(str)), width=width, padding="0")
        prefixes = pa.array(_prefixes(names)).take(pa.array(gen.cand))
        self.app_ids = pc.binary_join_element_wise(prefixes, numbers, "-").cast(pa.large_string())
        self.n_companies = gen.n_companies()
        self.companies = _vocab([*_company_vocab(rng, self.n_companies), *_NETWORK_PLACES])
        self.contacts = _vocab([f"{f} {last}" for f in _FIRST_NAMES for last in _LAST_NAMES])

    def frame(self, r: Mapping[str, Ints]) -> pd.DataFrame:
        """The log as strings, columns :data:`COLUMNS`."""
        gen = self.gen
        app = r["app"]
        appx = np.maximum(app, 0)
        is_app = app >= 0
        place = np.where(r["place"] >= 0, self.n_companies + r["place"], -1)
        company = np.where(is_app, gen.company[appx], place)
        numbers = _vocab([str(i) for i in range(100)])
        yes_no = _vocab(["no", "yes"])
        columns = {
            "date": _text(r["day"], self.dates),
            "candidate": _text(r["cand"], self.names),
            "application_id": _text(app, self.app_ids),
            "company": _text(company, self.companies),
            "role": _text(np.where(is_app, gen.role[appx], -1), _vocab(_ROLES)),
            "event": _text(r["ev"], _vocab(EVENTS)),
            "stage": _text(r["stage"], _vocab(STAGES)),
            "channel": _text(r["channel"], _vocab(CHANNELS)),
            "contact": _text(r["contact"], self.contacts),
            "asked_next_steps": _text(r["ans"], yes_no),
            "asked_permission": _text(r["perm"], yes_no),
            "contact_ok_after_days": _text(r["ok"], numbers),
            "timeline_days": _text(r["tl"], numbers),
            "reason": _text(r["reason"], _vocab(UPDATE_REASONS)),
            "notes": _text(r["note"], _vocab(_NOTE_TEXTS)),
            "source": _text(np.where(is_app, gen.src[appx], -1), _vocab(SOURCES)),
        }
        return pd.DataFrame(columns)


# -- samples and command line --------------------------------------------------------------

#: The sample logs in ``data/``: file name -> arguments of :func:`simulate`.
SAMPLES: Final[dict[str, dict[str, Any]]] = {
    "sample_log.csv": {
        "candidates": 1,
        "applications": 60,
        "seed": 285,
        "names": ("Alex Rivera",),
        "behaviours": ("eager",),
    },
    "sample_cohort.csv": {
        "candidates": 8,
        "applications": 40,
        "seed": 2045,
        "behaviours": (
            "patient",
            "polite",
            "eager",
            "pushy",
            "forgetful",
            "polite",
            "eager",
            "patient",
        ),
    },
}


def write_samples(folder: str | os.PathLike[str]) -> list[Path]:
    """Write the sample logs of :data:`SAMPLES` into ``folder``."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    return [simulate(**kwargs).write_csv(target / name) for name, kwargs in SAMPLES.items()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``followup-stats simulate`` to ``parser``."""
    parser.add_argument("--candidates", type=int, default=8, help="number of candidates (8)")
    parser.add_argument(
        "--applications", type=int, default=60, help="applications per candidate (about 60)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
    parser.add_argument("--start", default="2026-08-01", help="first day (2026-08-01)")
    parser.add_argument("--days", type=int, default=90, help="days until the as-of date (90)")
    parser.add_argument("--out", default=None, help="CSV file to write (default: standard output)")


def _check_counts(
    candidates: int, applications: int, days: int, seed: int, prefix: str = ""
) -> None:
    """A ``ValueError`` naming the first count below its least value, with that value.

    ``prefix`` goes before each name: ``--`` names the command line's options.
    """
    for name, value, least in (
        ("candidates", candidates, 1),
        ("applications", applications, 1),
        ("days", days, 1),
        ("seed", seed, 0),
    ):
        if value < least:
            raise ValueError(f"{prefix}{name} {value}: give a whole number from {least}")


def _start_day(text: str) -> str:
    """``--start`` as given, once it is a date; else a ``ValueError`` naming the option."""
    try:
        dt.date.fromisoformat(text)
    except ValueError as exc:
        why = "" if str(exc).startswith("Invalid isoformat") else f" ({exc})"
        raise ValueError(f"--start {text}: not a date in the form YYYY-MM-DD{why}") from None
    return text


def run(args: argparse.Namespace) -> int:
    """Run ``followup-stats simulate`` with parsed ``args``; returns the exit code."""
    try:
        if getattr(args, "write_samples", None):
            for path in write_samples(args.write_samples):
                print(f"wrote {path}", file=sys.stderr)
            return 0
        start = _start_day(args.start)
        _check_counts(args.candidates, args.applications, args.days, args.seed, prefix="--")
        sim = simulate(
            candidates=args.candidates,
            applications=args.applications,
            seed=args.seed,
            start=start,
            days=args.days,
        )
    except (ValueError, OSError) as exc:
        # Said as the command line says any other bad input.
        print(f"followup-stats: error: {exc}", file=sys.stderr)
        return 2
    if args.out:
        from followup_stats.output import OutputError

        try:
            sim.write_csv(args.out)
        except OutputError as exc:  # said as the command line says any output it cannot write
            print(f"followup-stats: error: {exc.given_as('--out')}", file=sys.stderr)
            return 2
        breaches = counted(len(sim.planted), "rule breach", "rule breaches")
        print(
            f"wrote {args.out}: {counted(len(sim.log), 'row')} with {breaches} planted on "
            f"purpose, as of {sim.as_of.isoformat()}",
            file=sys.stderr,
        )
    else:
        # A canonical log for the loader, like _write_csv: exempt from formula neutralising.
        sim.log.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m followup_stats.simulate``: simulate a log, or ``--write-samples DIR``."""
    parser = argparse.ArgumentParser(
        prog="python -m followup_stats.simulate", description="Simulate a job-search log."
    )
    add_arguments(parser)
    parser.add_argument("--write-samples", metavar="DIR", help="write the sample logs into DIR")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
