"""Settings: thresholds, rule selection, time zone and date format.

Read from ``[tool.followup_stats]`` in a ``pyproject.toml`` or from a
``followup-stats.toml`` (top level, or the same table), found next to the log
or in the working directory, in the manner of ruff. Command-line options
override the file. Unknown keys and unknown rule codes are errors, never
silently ignored.
"""

from __future__ import annotations

import dataclasses
import tomllib
import zoneinfo
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from followup_stats.errors import ConfigError

#: Every rule and data-quality code; the catalogue in ``seeds/`` is tested to agree.
ALL_CODES: tuple[str, ...] = tuple(f"FU{i:03d}" for i in range(1, 13)) + tuple(
    f"DQ{i:03d}" for i in range(1, 11)
)

CONFIG_FILE_NAMES = ("followup-stats.toml", "pyproject.toml")


@dataclasses.dataclass(frozen=True)
class Config:
    """All settings, with the defaults of DESIGN.md sections 3 and 4.

    Attributes
    ----------
    thank_you_within_days
        FU001/FU002: calendar days after an interview for the thank-you.
    default_wait_days
        FU005: wait before a follow-up when neither a timetable nor an
        approved timeframe is recorded ("a week or so").
    final_note_gap_days
        FU007: minimum days between a follow-up and the final note.
    timeline_grace_days
        FU008: days past the employer's timetable before a final note.
    max_follow_ups
        FU009: the approved follow-up plus one final note.
    idle_days
        FU011: days of waiting without applying elsewhere or networking.
    ghost_after_days
        Statistics: silence after which an application counts as ghosted.
    select, ignore
        Code prefixes to report or drop, like ruff (``FU``, ``FU00``, ``FU005``).
    timezone
        IANA zone that aware times are converted to; rules compare days there.
    date_format
        strftime format for all-numeric dates such as ``11/3/2026``.
    """

    thank_you_within_days: int = 1
    default_wait_days: int = 7
    final_note_gap_days: int = 2
    timeline_grace_days: int = 3
    max_follow_ups: int = 2
    idle_days: int = 7
    ghost_after_days: int = 30
    select: tuple[str, ...] = ("FU", "DQ")
    ignore: tuple[str, ...] = ()
    timezone: str = "UTC"
    date_format: str | None = None

    def __post_init__(self) -> None:
        for field in THRESHOLDS:
            value = getattr(self, field)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(field, f"must be a whole number of days >= 0, got {value!r}")
        if self.max_follow_ups < 1:
            raise ConfigError("max_follow_ups", "must be at least 1")
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError("timezone", f"unknown time zone {self.timezone!r}") from exc
        for key in ("select", "ignore"):
            for code in getattr(self, key):
                _check_code_prefix(key, code)

    def enabled(self, code: str) -> bool:
        """Whether ``code`` is reported: selected by a prefix and not ignored.

        As in ruff, the longest matching prefix wins, so ``ignore = ["FU"]``
        with ``select = ["FU005"]`` keeps FU005.
        """
        best_select = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return best_select > best_ignore

    def enabled_codes(self) -> list[str]:
        """All codes this configuration reports, in catalogue order."""
        return [code for code in ALL_CODES if self.enabled(code)]

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes`` applied (validated like the file)."""
        return from_mapping(changes, source="command line", base=self)


THRESHOLDS: tuple[str, ...] = (
    "thank_you_within_days",
    "default_wait_days",
    "final_note_gap_days",
    "timeline_grace_days",
    "max_follow_ups",
    "idle_days",
    "ghost_after_days",
)


def _check_code_prefix(key: str, code: object) -> None:
    if not isinstance(code, str) or not any(c.startswith(code) for c in ALL_CODES) or not code:
        known = ", ".join(ALL_CODES)
        raise ConfigError(key, f"unknown rule code {code!r} (known codes: {known})")


def parse_codes(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Split ``"FU005, FU007"`` (or a list) into upper-case code prefixes."""
    if text is None:
        return ()
    parts = text.split(",") if isinstance(text, str) else list(text)
    return tuple(p.strip().upper() for p in parts if p.strip())


def from_mapping(values: Mapping[str, Any], source: str, base: Config | None = None) -> Config:
    """Build a configuration from a table of settings, rejecting unknown keys."""
    known = {f.name for f in dataclasses.fields(Config)}
    changes: dict[str, Any] = {}
    for raw_key, value in values.items():
        key = raw_key.replace("-", "_")
        if key not in known:
            raise ConfigError(
                source, f"unknown setting {raw_key!r} (known: {', '.join(sorted(known))})"
            )
        if key in ("select", "ignore"):
            value = parse_codes(value)
        changes[key] = value
    try:
        return dataclasses.replace(base or Config(), **changes)
    except ConfigError as exc:
        raise ConfigError(source, f"{exc.source}: {exc.message}") from None


def read_config_file(path: str | Path) -> Config:
    """Read settings from ``path`` (a ``pyproject.toml`` or ``followup-stats.toml``)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), "configuration file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"not valid TOML: {exc}") from None
    table = data.get("tool", {}).get("followup_stats")
    if table is None:
        if path.name == "pyproject.toml":
            return Config()
        table = {k: v for k, v in data.items() if k != "tool"}
    return from_mapping(table, source=str(path))


def find_config_file(log_paths: Iterable[str | Path] = (), cwd: Path | None = None) -> Path | None:
    """The first configuration file next to a log, else in the working directory.

    A ``pyproject.toml`` counts only when it has a ``[tool.followup_stats]`` table.
    """
    folders = [Path(p).resolve().parent for p in log_paths]
    folders.append((cwd or Path.cwd()).resolve())
    for folder in dict.fromkeys(folders):
        for name in CONFIG_FILE_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    data = tomllib.loads(candidate.read_text(encoding="utf-8"))
                except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                    continue
                if "followup_stats" not in data.get("tool", {}):
                    continue
            return candidate
    return None


def resolve_config(
    config: Config | str | Path | None = None,
    log_paths: Iterable[str | Path] = (),
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """The configuration to use: explicit object or file, else discovered, plus overrides."""
    if isinstance(config, Config):
        base = config
    elif config is not None:
        base = read_config_file(config)
    else:
        found = find_config_file(log_paths)
        base = read_config_file(found) if found else Config()
    cleaned = {k: v for k, v in (overrides or {}).items() if v is not None}
    return base.replace(**cleaned) if cleaned else base
