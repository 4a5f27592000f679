"""followup_stats: follow-up etiquette, response times and outcomes of a job search.

The public API: :func:`load_log` reads a log, :func:`check` lints it,
:func:`next_actions` plans the next polite step, :func:`etiquette_score`
summarises compliance. Every function returns a tidy pandas DataFrame.
"""

from __future__ import annotations

from followup_stats.actions import next_actions
from followup_stats.checker import check, etiquette_score
from followup_stats.config import Config
from followup_stats.load import LoadedLog, load_log

__version__ = "0.1.0"

__all__ = ["Config", "LoadedLog", "check", "etiquette_score", "load_log", "next_actions"]
