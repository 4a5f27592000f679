"""followup_stats: follow-up etiquette, response times and outcomes of a job search."""

from __future__ import annotations

__version__ = "0.1.0"
