"""The rule catalogue: metadata of every FU and DQ code, read from ``seeds/catalogue.toml``.

The catalogue is the one place rule metadata lives (title, severity, seed part
of the source article, rationale, thresholds, fix, pass/fail examples). It is
shipped inside the package as ``followup_stats.seeds`` and validated when
loaded, so a broken entry fails loudly instead of printing wrong advice.

Examples
--------
>>> from followup_stats.rules.catalogue import get_rule, render_rule
>>> get_rule("FU005").severity
'error'
>>> print(render_rule("FU005"))  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import io
import re
import textwrap
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

import pandas as pd

from followup_stats.config import ALL_CODES, THRESHOLDS, Config, closest_code
from followup_stats.errors import FollowupStatsError

__all__ = [
    "SEVERITIES",
    "CatalogueError",
    "RuleInfo",
    "UnknownRuleError",
    "catalogue_frame",
    "get_rule",
    "load_catalogue",
    "parse_catalogue",
    "render_rule",
    "rule_record",
    "seed_parts",
    "setting_text",
    "source_citation",
]

#: Severities, most serious first.
SEVERITIES: Final[tuple[str, ...]] = ("error", "warning", "info")

CATALOGUE_PACKAGE: Final = "followup_stats.seeds"
CATALOGUE_FILE: Final = "catalogue.toml"

#: Columns every example must have (DESIGN.md section 2, required columns).
EXAMPLE_REQUIRED_COLUMNS: Final[frozenset[str]] = frozenset({"date", "company", "event"})

_REQUIRED_KEYS: Final[frozenset[str]] = frozenset(
    {
        "code",
        "title",
        "severity",
        "applies_to",
        "summary",
        "rationale",
        "fix",
        "example_as_of",
        "example_fail",
        "example_pass",
    }
)
_OPTIONAL_KEYS: Final[frozenset[str]] = frozenset({"seed", "thresholds", "example_fail_also"})
_TITLE_RE: Final = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_SEED_ITEM_RE: Final = re.compile(r"^P[1-5]( b[1-4])?$")
#: A threshold named in a summary or fix: ``{final_note_gap_days}``.
_SETTING_RE: Final = re.compile(r"\{([a-z_]+)\}")


def setting_text(key: str, value: int) -> str:
    """A threshold as prose shows it: ``2 days (`final_note_gap_days`)``, ``2 (`max_follow_ups`)``.

    The value comes first, so a reader sees what is meant; the name, in
    backticks, says which setting to change.
    """
    amount = f"{value} day{'' if value == 1 else 's'}" if key.endswith("_days") else str(value)
    return f"{amount} (`{key}`)"


def _with_settings(text: str, config: Config | None) -> str:
    """``text`` with each ``{key}`` replaced by :func:`setting_text` of ``config``'s value."""
    config = config or Config()
    return _SETTING_RE.sub(lambda found: setting_text(found[1], getattr(config, found[1])), text)


class CatalogueError(ValueError):
    """The shipped catalogue is not valid: a packaging bug, not a user error."""


class UnknownRuleError(FollowupStatsError, KeyError):
    """A rule code that is not in the catalogue; the message lists the known codes.

    Parameters
    ----------
    code
        The code as the user gave it.
    known
        The codes the catalogue has.
    """

    def __init__(self, code: str, known: tuple[str, ...] = ALL_CODES) -> None:
        self.code = code
        self.known = known
        close = closest_code(code.strip().upper())
        hint = f"did you mean {close}? " if close in known else ""
        self.message = f"unknown rule code {code!r} ({hint}known codes: {', '.join(known)})"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


@dataclasses.dataclass(frozen=True)
class RuleInfo:
    """Metadata of one rule or data-quality code, as written in the catalogue.

    Attributes
    ----------
    code
        Stable code, ``FU001`` .. ``FU012`` or ``DQ001`` .. ``DQ010``.
    title
        Short kebab-case name, e.g. ``early-follow-up``.
    severity
        ``error``, ``warning`` or ``info``.
    seed
        Part of the source article the rule rests on (``P4 b1``, ``P1, P4``);
        ``None`` for data-quality codes.
    applies_to
        What the rule looks at: ``interview rounds``, ``all rounds``, ``candidate``,
        ``thank-you rows`` or ``row``.
    summary
        One line: what it checks. It and ``fix`` may name a threshold as
        ``{key}``; :meth:`summary_for` and :meth:`fix_for` give the text with
        the value in its place.
    rationale
        Why it matters, in the project's own words.
    fix
        What to do instead.
    thresholds
        Config keys the rule uses, with their default values.
    example_as_of
        As-of date both examples are checked at.
    example_fail, example_pass
        Canonical CSV logs: the first gives this code exactly once, the second
        never.
    example_fail_also
        Other codes the failing example unavoidably gives (e.g. FU004 with FU006).
    """

    code: str
    title: str
    severity: str
    seed: str | None
    applies_to: str
    summary: str
    rationale: str
    fix: str
    thresholds: Mapping[str, int]
    example_as_of: dt.date
    example_fail: str
    example_pass: str
    example_fail_also: tuple[str, ...] = ()

    def summary_for(self, config: Config | None = None) -> str:
        """``summary`` with each threshold as its value and name (``config``, else defaults)."""
        return _with_settings(self.summary, config)

    def fix_for(self, config: Config | None = None) -> str:
        """``fix`` with each threshold as its value and name (``config``, else defaults)."""
        return _with_settings(self.fix, config)

    @property
    def kind(self) -> str:
        """``etiquette`` for FU codes, ``data quality`` for DQ codes."""
        return "etiquette" if self.code.startswith("FU") else "data quality"

    @property
    def seed_items(self) -> tuple[str, ...]:
        """The seed parts one by one, e.g. ``("P1", "P4")``; empty for DQ codes."""
        if self.seed is None:
            return ()
        return tuple(part.strip() for part in self.seed.split(","))


@dataclasses.dataclass(frozen=True)
class _Catalogue:
    rules: Mapping[str, RuleInfo]
    parts: Mapping[str, str]
    source: Mapping[str, Any]


def _fail(where: str, message: str) -> CatalogueError:
    return CatalogueError(f"{CATALOGUE_FILE}: {where}: {message}")


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"{key!r} must be a non-empty string")
    return value.strip()


def _check_example(text: str, key: str, where: str) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 2:
        raise _fail(where, f"{key} needs a header and at least one row")
    header = rows[0]
    missing = EXAMPLE_REQUIRED_COLUMNS - set(header)
    if missing:
        raise _fail(where, f"{key} lacks required columns {sorted(missing)}")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise _fail(
                where, f"{key} line {number} has {len(row)} fields, header has {len(header)}"
            )


def _parse_rule(entry: Mapping[str, Any], index: int, defaults: Config) -> RuleInfo:
    code = entry.get("code")
    where = f"rule {code}" if isinstance(code, str) else f"rule #{index + 1}"
    if not isinstance(code, str) or code not in ALL_CODES:
        raise _fail(where, f"unknown code {code!r} (known codes: {', '.join(ALL_CODES)})")
    unknown = set(entry) - _REQUIRED_KEYS - _OPTIONAL_KEYS
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}")
    missing = _REQUIRED_KEYS - set(entry)
    if missing:
        raise _fail(where, f"missing keys {sorted(missing)}")

    title = _text(entry, "title", where)
    if not _TITLE_RE.match(title):
        raise _fail(where, f"title {title!r} must be lower-case words joined by '-'")
    severity = _text(entry, "severity", where)
    if severity not in SEVERITIES:
        raise _fail(where, f"severity {severity!r} must be one of {', '.join(SEVERITIES)}")

    seed_value = entry.get("seed")
    seed = None if seed_value in (None, "-") else seed_value
    if code.startswith("FU"):
        if not isinstance(seed, str):
            raise _fail(where, "an etiquette rule needs a seed part such as 'P4 b1'")
        if not all(_SEED_ITEM_RE.match(part.strip()) for part in seed.split(",")):
            raise _fail(where, f"seed {seed!r} must look like 'P3', 'P4 b1' or 'P1, P4'")
    elif seed is not None:
        raise _fail(where, "data-quality codes have no seed part (omit it or use '-')")

    thresholds = entry.get("thresholds", {})
    if not isinstance(thresholds, Mapping):
        raise _fail(where, "thresholds must be a table")
    for key, value in thresholds.items():
        if key not in THRESHOLDS:
            raise _fail(
                where, f"threshold {key!r} is not a Config threshold ({', '.join(THRESHOLDS)})"
            )
        default = getattr(defaults, key)
        if value != default or isinstance(value, bool):
            raise _fail(where, f"threshold {key} = {value!r}, but Config's default is {default!r}")

    as_of = entry["example_as_of"]
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise _fail(where, "example_as_of must be a TOML date such as 2026-10-05")
    examples = {key: _text(entry, key, where) + "\n" for key in ("example_fail", "example_pass")}
    for key, text in examples.items():
        _check_example(text, key, where)

    for key in ("summary", "fix"):
        for name in _SETTING_RE.findall(entry[key]):
            if name not in thresholds:
                raise _fail(where, f"{key} names {{{name}}}, which is not one of its thresholds")

    also = entry.get("example_fail_also", [])
    if not isinstance(also, list) or any(c not in ALL_CODES or c == code for c in also):
        raise _fail(where, "example_fail_also must list other known codes")

    return RuleInfo(
        code=code,
        title=title,
        severity=severity,
        seed=seed,
        applies_to=_text(entry, "applies_to", where),
        summary=_text(entry, "summary", where),
        rationale=" ".join(_text(entry, "rationale", where).split()),
        fix=_text(entry, "fix", where),
        thresholds=MappingProxyType(dict(thresholds)),
        example_as_of=as_of,
        example_fail=examples["example_fail"],
        example_pass=examples["example_pass"],
        example_fail_also=tuple(also),
    )


def _parse(text: str) -> _Catalogue:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{CATALOGUE_FILE}: not valid TOML: {exc}") from None
    entries = data.get("rule")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{CATALOGUE_FILE}: no [[rule]] entries")
    parts = data.get("parts", {})
    if not isinstance(parts, dict) or not all(isinstance(v, str) for v in parts.values()):
        raise CatalogueError(f"{CATALOGUE_FILE}: [parts] must map part names to text")

    defaults = Config()
    rules: dict[str, RuleInfo] = {}
    for index, entry in enumerate(entries):
        rule = _parse_rule(entry, index, defaults)
        if rule.code in rules:
            raise _fail(f"rule {rule.code}", "the code appears more than once")
        for part in rule.seed_items:
            if part not in parts:
                raise _fail(f"rule {rule.code}", f"seed part {part!r} is not described in [parts]")
        rules[rule.code] = rule
    missing = [code for code in ALL_CODES if code not in rules]
    if missing:
        raise CatalogueError(f"{CATALOGUE_FILE}: no entry for {', '.join(missing)}")
    ordered = {code: rules[code] for code in ALL_CODES}
    source = data.get("source", {})
    return _Catalogue(MappingProxyType(ordered), MappingProxyType(parts), MappingProxyType(source))


@functools.cache
def _load() -> _Catalogue:
    text = resources.files(CATALOGUE_PACKAGE).joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    return _parse(text)


def parse_catalogue(text: str) -> dict[str, RuleInfo]:
    """Parse and validate catalogue TOML ``text`` (used by tests and tools).

    Raises
    ------
    CatalogueError
        When a code is missing, repeated or unknown, a severity or seed is not
        valid, or a threshold is not a ``Config`` field with the same default.
    """
    return dict(_parse(text).rules)


def load_catalogue() -> dict[str, RuleInfo]:
    """Every rule's metadata, keyed by code, in ``config.ALL_CODES`` order (cached)."""
    return dict(_load().rules)


def seed_parts() -> dict[str, str]:
    """The source article's parts (``P1`` .. ``P5``, ``P4 b1`` ..), described in our words."""
    return dict(_load().parts)


def source_citation() -> str:
    """One-line citation of the source article the etiquette rules are drawn from."""
    src = _load().source
    date = src.get("date")
    when = f"{date:%d %B %Y}" if isinstance(date, dt.date) else str(date or "")
    return f'{src.get("author", "")}, "{src.get("title", "")}", {src.get("publisher", "")}, {when}.'


def get_rule(code: str) -> RuleInfo:
    """The metadata of ``code`` (case and surrounding spaces ignored).

    Raises
    ------
    UnknownRuleError
        A ``KeyError`` and ``FollowupStatsError`` whose message lists the known codes.
    """
    rules = _load().rules
    key = code.strip().upper()
    if key not in rules:
        raise UnknownRuleError(code, tuple(rules))
    return rules[key]


def catalogue_frame() -> pd.DataFrame:
    """The catalogue as a tidy table: ``code``, ``title``, ``severity``, ``seed``, ``summary``.

    ``severity`` is an ordered categorical (error > warning > info, in that
    category order); ``seed`` is missing for data-quality codes.
    """
    rules = list(_load().rules.values())
    return pd.DataFrame(
        {
            "code": pd.array([r.code for r in rules], dtype="string"),
            "title": pd.array([r.title for r in rules], dtype="string"),
            "severity": pd.Categorical(
                [r.severity for r in rules], categories=list(SEVERITIES), ordered=True
            ),
            "seed": pd.array([r.seed for r in rules], dtype="string"),
            "summary": pd.array([r.summary_for() for r in rules], dtype="string"),
        }
    )


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(
        " ".join(text.split()), width=width, initial_indent="  ", subsequent_indent="  "
    )


def _indent(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), "    ")


def render_rule(code: str, config: Config | None = None, width: int = 79) -> str:
    """The documentation ``followup-stats rule CODE`` prints, in the manner of ``ruff rule``.

    Parameters
    ----------
    code
        A rule or data-quality code (case-insensitive).
    config
        Settings whose threshold values are shown; the defaults when ``None``.
    width
        Line width prose is wrapped to.

    Returns
    -------
    str
        Title line ``FU005 (early-follow-up) [error]``, then what it checks, why
        (with the seed part), thresholds (current and default values), what to do
        instead, and the failing and passing examples.
    """
    rule = get_rule(code)
    config = config or Config()
    parts = _load().parts
    lines = [f"{rule.code} ({rule.title}) [{rule.severity}]", ""]
    lines += [f"Applies to: {rule.applies_to}", ""]
    lines += ["What it checks", _wrap(rule.summary_for(config), width), ""]

    why = "Why"
    if rule.seed_items:
        why += f" (source article, {rule.seed})"
    lines += [why, _wrap(rule.rationale, width)]
    for part in rule.seed_items:
        lines.append(_wrap(f"({part}) {parts[part]}", width))
    lines.append("")

    lines.append("Thresholds")
    if rule.thresholds:
        for key, default in rule.thresholds.items():
            current = getattr(config, key)
            note = "default" if current == default else f"default {default}"
            lines.append(f"  {key} = {current} ({note})")
    else:
        lines.append("  none")
    lines += ["", "What to do instead", _wrap(rule.fix_for(config), width), ""]

    as_of = rule.example_as_of.isoformat()
    fail_note = f"default thresholds, as of {as_of}: gives {rule.code} once"
    if rule.example_fail_also:
        fail_note += f", with {', '.join(rule.example_fail_also)}"
    lines += [f"Example that fails ({fail_note})", _indent(rule.example_fail), ""]
    lines += [
        f"Example that passes (default thresholds, as of {as_of}: no {rule.code})",
        _indent(rule.example_pass),
    ]
    if not config.enabled(rule.code):
        lines += ["", f"Note: {rule.code} is not selected by the current configuration."]
    return "\n".join(lines) + "\n"


def rule_record(code: str, config: Config | None = None) -> dict[str, Any]:
    """What ``followup-stats rule CODE --format json`` prints: :func:`render_rule` as an object.

    The same fields as the text: code, title, severity, what it applies to,
    the summary and fix with the thresholds of ``config`` in place, the
    rationale with the seed parts it rests on, each threshold's current and
    default value, the examples, and whether ``config`` selects the code.
    """
    rule = get_rule(code)
    config = config or Config()
    parts = _load().parts
    return {
        "code": rule.code,
        "title": rule.title,
        "severity": rule.severity,
        "kind": rule.kind,
        "applies_to": rule.applies_to,
        "summary": " ".join(rule.summary_for(config).split()),
        "rationale": rule.rationale,
        "seed": rule.seed,
        "seed_parts": {part: " ".join(parts[part].split()) for part in rule.seed_items},
        "thresholds": {
            key: {"value": getattr(config, key), "default": default}
            for key, default in rule.thresholds.items()
        },
        "fix": " ".join(rule.fix_for(config).split()),
        "example_as_of": rule.example_as_of.isoformat(),
        "example_fail": rule.example_fail,
        "example_fail_also": list(rule.example_fail_also),
        "example_pass": rule.example_pass,
        "selected": config.enabled(rule.code),
    }
