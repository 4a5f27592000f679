"""LinkedIn's "Job Applications.csv" (from its data export) into ``applied`` events.

The file has one row per application sent through LinkedIn, with the columns
``Application Date, Contact Email, Contact Phone Number, Company Name, Job
Title, Job Url, Resume Name, Question And Answers``. Dates are written
``11/3/24, 4:40 PM``: US order (month first), two-digit year, 12-hour clock,
in the account's local time; they are read in that order and written as ISO
8601, so they are never "ambiguous numeric dates".

Each row becomes one ``applied`` event on channel ``linkedin``, keeping the
job's URL and the resume sent as the attributes ``job_url`` and
``resume_name`` (so rates can be grouped by resume). The contact email and
phone are the applicant's own details and the question-and-answer text is
the application form: neither is imported. The export records nothing that
happened after applying (replies, interviews, decisions), so no rule about
following up can be judged from it alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from followup_stats.importers.base import (
    Conversion,
    formatted_iso,
    header_key,
    iso_text,
    require_columns,
    writes_time,
)
from followup_stats.importers.wide import attribute_name
from followup_stats.plural import counted
from followup_stats.read import RawTable

#: The export's columns, by :func:`~followup_stats.importers.base.header_key`.
COLUMNS = {
    "date": "application_date",
    "company": "company_name",
    "role": "job_title",
    "job_url": "job_url",
    "resume_name": "resume_name",
}
#: Columns left out, with why.
NOT_IMPORTED = {
    "contact_email": "your own email, not the employer's contact",
    "contact_phone_number": "your own phone number",
    "question_and_answers": "the application form's answers",
}
#: Columns a file given as ``--from linkedin`` must have: without them no event has a day
#: or an employer.
REQUIRED = ("Application Date", "Company Name")
#: How the export writes dates, most likely first.
DATE_FORMATS = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y", "%m/%d/%Y")


def recognises(header: list[str]) -> bool:
    """Whether the header is LinkedIn's (application date, company name, job title)."""
    keys = {header_key(h) for h in header}
    return {"application_date", "company_name", "job_title"} <= keys


def linkedin_dates(text: pd.Series, date_format: str | None = None) -> pd.Series:
    """``11/3/24, 4:40 PM`` -> ``2024-11-03T16:40``; unreadable cells are left as written.

    A ``date_format`` (a mapping file's, for an export written another way)
    is used instead of the export's usual forms, as a tracker's is (its dates
    alone or followed by a time, :func:`~followup_stats.importers.base.read_by_format`):
    a cell it cannot read is left as written (and named), never guessed month-first.
    """
    text = text.fillna("").astype("string").str.strip()
    if date_format:
        return formatted_iso(text, date_format).fillna(text)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    timed = pd.Series(False, index=text.index)
    for fmt in DATE_FORMATS:
        missing = parsed.isna() & text.ne("")
        if not missing.any():
            break
        parsed[missing] = pd.to_datetime(text[missing], format=fmt, errors="coerce")
        timed = timed | (missing & parsed.notna() & writes_time(fmt))
    return text.mask(parsed.notna(), iso_text(parsed, timed=timed))


def convert_linkedin(raw: RawTable, label: str, date_format: str | None = None) -> Conversion:
    """One ``applied`` event per application; see the module docstring.

    ``date_format`` (from a mapping file) replaces the export's usual forms.

    Raises
    ------
    LogFormatError
        When the file lacks the :data:`REQUIRED` columns.
    """
    require_columns(raw, label, "LinkedIn job applications export", REQUIRED)
    keys = [header_key(h) for h in raw.header]
    cells = raw.cells

    def column(key: str) -> pd.Series:
        if key not in keys:
            return pd.Series("", index=cells.index, dtype="string")
        return cells.iloc[:, keys.index(key)].fillna("").str.strip()

    events = pd.DataFrame(
        {
            "date": linkedin_dates(column(COLUMNS["date"]), date_format),
            "company": column(COLUMNS["company"]),
            "role": column(COLUMNS["role"]),
            "event": "applied",
            "channel": "linkedin",
        },
        index=pd.Index(cells.index.to_numpy(), name="line", dtype="int64"),
    ).astype("string")
    # The job's address and the resume sent, where the export has them (older ones do not).
    own = [name for name in ("job_url", "resume_name") if COLUMNS[name] in keys]
    for name in own:
        events[name] = column(COLUMNS[name])
    mapped = [
        f"{raw.header[keys.index(key)]!r} -> {target}"
        for target, key in COLUMNS.items()
        if key in keys
    ]
    mapped.append("each row -> applied (channel linkedin)")
    unread = events["date"].ne("") & ~events["date"].str.match(r"^\d{4}-\d{2}-\d{2}")
    problems = []
    if unread.any():
        where = np.asarray(events.index[unread.to_numpy(dtype=bool)])
        form = (
            f"the mapping's date_format {date_format!r}" if date_format else "LinkedIn's usual form"
        )
        problems.append(
            f"{counted(int(unread.sum()), 'application date')} not in {form} "
            f"(e.g. {events['date'][unread].iloc[0]!r} on row {where[0]}): left as written"
        )
    extra = [
        position
        for position, (h, k) in enumerate(zip(raw.header, keys, strict=True))
        if k not in NOT_IMPORTED and k not in COLUMNS.values() and h.strip()
    ]
    # Other columns are kept as attributes, renamed when they would read as a canonical
    # column (a "Company" beside "Company Name") or repeat one already kept; each is
    # taken by position, so "Notes" and "notes" keep their own values.
    taken = {"job_url", "resume_name"}
    renamed = [attribute_name(raw.header[position], taken) for position in extra]
    for position, attribute in zip(extra, renamed, strict=True):
        events[attribute] = cells.iloc[:, position].fillna("").str.strip()
    return Conversion(
        format="linkedin",
        title="LinkedIn job applications export",
        events=events,
        skipped=pd.DataFrame(
            {"reason": pd.Series(dtype="string")}, index=pd.Index([], name="line", dtype="int64")
        ),
        mapped=tuple(mapped),
        attributes=(*own, *renamed),
        dropped=tuple(
            f"{h!r}: {NOT_IMPORTED[k]}"
            for h, k in zip(raw.header, keys, strict=True)
            if k in NOT_IMPORTED
        ),
        problems=tuple(problems),
        records=frozenset({"applied"}),
    )
