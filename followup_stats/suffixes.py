"""The file name endings of logs, in a module light enough for the command line's help.

:mod:`followup_stats.read` reads by them; every help text and message that lists
the spreadsheets read takes its list from here, so none leaves one out.
"""

from __future__ import annotations

#: Text logs (any name is read as text when its content is).
TEXT_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt")
#: Spreadsheets, read as such by their name (a workbook's kind then by its content).
SPREADSHEET_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".ods")
#: Parquet, read as such by its content.
PARQUET_SUFFIXES: tuple[str, ...] = (".parquet", ".pq")
#: Every name ending ``check`` reads a log by; what ``report-all`` picks up in a folder.
LOG_SUFFIXES: tuple[str, ...] = TEXT_SUFFIXES + SPREADSHEET_SUFFIXES + PARQUET_SUFFIXES

#: The spreadsheets read, as a list in a help text: ``.xlsx, .xlsm, .ods``.
SPREADSHEET_LIST = ", ".join(SPREADSHEET_SUFFIXES)
#: The spreadsheets read, as one of them in a sentence: ``an .xlsx, .xlsm or .ods``.
SPREADSHEET_ONE_OF = (
    "an " + ", ".join(SPREADSHEET_SUFFIXES[:-1]) + " or " + SPREADSHEET_SUFFIXES[-1]
)
