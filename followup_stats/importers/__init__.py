"""Logs in other shapes: spreadsheets, wide trackers, LinkedIn, Huntr and Teal exports.

- :mod:`~followup_stats.importers.spreadsheet` reads a sheet of an ``.xlsx`` or
  ``.ods`` workbook into the same raw cells a CSV gives (the loader uses it
  for any spreadsheet log);
- :mod:`~followup_stats.importers.wide`, :mod:`~followup_stats.importers.linkedin`
  and :mod:`~followup_stats.importers.trackers` turn other formats into
  canonical events, keeping each event's source line;
- :mod:`~followup_stats.importers.formats` recognises a format by its header
  (the loader converts recognised files on the fly);
- :mod:`~followup_stats.importers.combine` makes one canonical log from
  several files, dropping duplicates between them (``followup-stats import``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup_stats import lazy

if TYPE_CHECKING:
    from followup_stats.importers.base import Conversion, MappingError
    from followup_stats.importers.combine import ImportResult, import_files
    from followup_stats.importers.formats import FORMATS, as_canonical, convert, recognise
    from followup_stats.importers.spreadsheet import SheetTable, read_spreadsheet
    from followup_stats.importers.wide import Mapping, load_mapping

__all__ = [
    "FORMATS",
    "Conversion",
    "ImportResult",
    "Mapping",
    "MappingError",
    "SheetTable",
    "as_canonical",
    "convert",
    "import_files",
    "load_mapping",
    "read_spreadsheet",
    "recognise",
]

#: Each name's module: imported when the name is first asked for (PEP 562), so that
#: reading a log, which needs the spreadsheet reader and the formats, does not import
#: :mod:`~followup_stats.importers.combine` (``followup-stats import`` only).
_HOMES = {
    "FORMATS": "formats",
    "Conversion": "base",
    "ImportResult": "combine",
    "Mapping": "wide",
    "MappingError": "base",
    "SheetTable": "spreadsheet",
    "as_canonical": "formats",
    "convert": "formats",
    "import_files": "combine",
    "load_mapping": "wide",
    "read_spreadsheet": "spreadsheet",
    "recognise": "formats",
}
#: The same, each module by its full name.
_MODULES = {name: f"{__name__}.{module}" for name, module in _HOMES.items()}


def __getattr__(name: str) -> Any:
    """A name of :data:`__all__`, or a submodule (``importers.wide``, as when the package
    imported every one), imported when first asked for."""
    return lazy.attribute(__name__, _MODULES, globals(), name)


def __dir__() -> list[str]:
    return lazy.names(_MODULES, globals())
