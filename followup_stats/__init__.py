"""followup_stats: follow-up etiquette, response times and outcomes of a job search.

The public API: :func:`load_log` reads a log, :func:`check` lints it,
:func:`next_actions` plans the next polite step, :func:`etiquette_score`
summarises compliance. Every function returns a tidy pandas DataFrame.

The names, and the submodules as attributes, are imported when first used,
so that the command line answers ``--help`` without importing pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup_stats import lazy

if TYPE_CHECKING:
    from followup_stats.actions import next_actions
    from followup_stats.checker import check, etiquette_score
    from followup_stats.config import Config
    from followup_stats.load import LoadedLog, load_log

__version__ = "0.1.0"

__all__ = ["Config", "LoadedLog", "check", "etiquette_score", "load_log", "next_actions"]

#: Each public name's module.
_HOMES = {
    "Config": "followup_stats.config",
    "LoadedLog": "followup_stats.load",
    "check": "followup_stats.checker",
    "etiquette_score": "followup_stats.checker",
    "load_log": "followup_stats.load",
    "next_actions": "followup_stats.actions",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module when first asked for (PEP 562); a
    submodule too, as ``import followup_stats; followup_stats.checker.statistics(...)``
    found it when the package imported everything at once."""
    return lazy.attribute(__name__, _HOMES, globals(), name)


def __dir__() -> list[str]:
    return lazy.names(_HOMES, globals())
