"""Presets for the CSV exports of the Huntr and Teal job trackers.

Neither app documents its export, so the presets follow what could be
learnt, and say where they assume.

**Huntr** (board export): one row per job card, with the columns ``id,
createdAt, title, salary, location, url, rootDomain, htmlDescription,
deadline, color, lastMovedAt, boardId, boardName, listId, listName,
companyId, companyName, companyDomain, creatorUserId, creatorUserFirstName,
creatorUserLastName, creatorUserEmail``; ``-`` marks an empty cell and
times are written ``2022-02-26 19:17:05``. The export has no per-stage dates,
only when the card was made and when it last moved, so (assumptions):

- a card in a list meaning "not applied yet" (Wishlist, Saved, ...) is not an
  application: its row is reported, not imported;
- every other card is ``applied`` on ``createdAt`` (the day it was added);
- the card's list gives one more event dated ``lastMovedAt`` (``createdAt``
  when it never moved or the file has no ``lastMovedAt``: the event's
  ``notes`` then begin ``date assumed``, so statistics count it but measure
  no wait to it, which would read 0 days, and the report says so):
  Interview -> ``interview``, Offer -> ``offer``,
  Rejected -> ``rejection``, Withdrawn -> ``withdrew``, Accepted -> ``offer``
  and ``accepted``; Applied and lists such as Ghosted add nothing;
- times are taken as local (the export does not say which zone);
- list names are matched like status words; others are reported, and a
  mapping file with ``format = "huntr"`` and a ``[status]`` table names them.

Earlier stages of a card that moved on (an interview before an offer) are not
in the export and cannot be imported.

**Teal** (job tracker table): ``Job Position, Company, Min Salary, Max
Salary, Location, Status, Date Posted, Date Saved, Application Deadline,
Date Applied, Follow Up, Excitement`` (assumed to be the export's headers, as
they are the tracker table's). Read as a wide tracker: ``Date Applied`` ->
``applied``; ``Status`` (Bookmarked, Applying, Applied, Interviewing,
Negotiating, Accepted, and archive reasons such as Not Selected, I Withdrew,
No Response) says the outcome but not its date, which is reported. ``Follow
Up`` is taken for Teal's reminder of when to follow up, not a follow-up
sent, so it is not imported unless a mapping file names it
(``[columns] follow_up = "Follow Up"``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from followup_stats.importers.base import (
    Conversion,
    date_cells,
    empty_frame,
    header_key,
    lines_text,
    require_columns,
)
from followup_stats.importers.wide import (
    DECISION_EVENTS,
    STATUS_WORDS,
    Layout,
    Mapping,
    attribute_name,
    convert_wide,
    status_categories,
    status_table,
    unknown_words_text,
)
from followup_stats.plural import counted, plural
from followup_stats.read import RawTable
from followup_stats.vocab import ASSUMED_DATE_NOTE

# -- Teal ------------------------------------------------------------------------------------------

TEAL_LAYOUT = Layout(
    format="teal",
    title="Teal job tracker export",
    patterns={
        "company": r"company",
        "role": r"job_position|job_title|position",
        "applied": r"date_applied",
        "status": r"status",
        "notes": r"notes?",
        "contact": r"contact",
    },
    not_mapped={
        "follow_up": "Teal keeps the day to follow up (a reminder) there, not a follow-up "
        'sent; name it in a mapping file ([columns] follow_up = "Follow Up") if yours '
        "records follow-ups sent",
    },
)


def recognises_teal(header: list[str]) -> bool:
    """Teal's tracker: Job Position, Company, Status and one of its own columns."""
    keys = {header_key(h) for h in header}
    own = {"date_saved", "excitement", "min_salary", "max_salary", "date_posted"}
    return {"job_position", "company", "status"} <= keys and bool(keys & own)


def convert_teal(raw: RawTable, label: str, mapping: Mapping | None = None) -> Conversion:
    """A Teal export as a wide tracker with Teal's layout."""
    return convert_wide(raw, label, mapping, TEAL_LAYOUT)


# -- Huntr -----------------------------------------------------------------------------------------

HUNTR_COLUMNS = {
    "created": "createdat",
    "moved": "lastmovedat",
    "list": "listname",
    "company": "companyname",
    "role": "title",
}
#: Columns a file given as ``--from huntr`` must have: the day each card was made, its
#: company, and its list (which says whether it is an application at all).
HUNTR_REQUIRED = ("createdAt", "companyName", "listName")
#: Attributes kept, renamed.
HUNTR_ATTRIBUTES = {
    "url": "job_url",
    "salary": "salary",
    "location": "location",
    "deadline": "deadline",
    "boardname": "board",
    "listname": "huntr_list",
}
#: Columns left out: identifiers, styling, the posting's HTML, and who made the card.
HUNTR_DROPPED = frozenset(
    {
        "id",
        "htmldescription",
        "color",
        "boardid",
        "listid",
        "companyid",
        "companydomain",
        "rootdomain",
        "creatoruserid",
        "creatoruserfirstname",
        "creatoruserlastname",
        "creatoruseremail",
    }
)
#: Events a list adds, dated when the card moved there.
LIST_EVENTS: dict[str, tuple[str, ...]] = {
    **DECISION_EVENTS,
    "interview": ("interview",),
    "applied": (),
    "open": (),
}


def recognises_huntr(header: list[str]) -> bool:
    """Huntr's board export: createdAt, listName, companyName and title."""
    keys = {header_key(h) for h in header}
    return {"createdat", "listname", "companyname", "title"} <= keys


def convert_huntr(raw: RawTable, label: str, mapping: Mapping | None = None) -> Conversion:
    """An ``applied`` event per card plus the event its list means; see the module docstring.

    Raises
    ------
    LogFormatError
        When the file lacks the :data:`HUNTR_REQUIRED` columns.
    """
    require_columns(raw, label, "Huntr board export", HUNTR_REQUIRED)
    keys = [header_key(h) for h in raw.header]
    cells = raw.cells
    lines = cells.index.to_numpy()

    def column_at(position: int) -> pd.Series:
        values = cells.iloc[:, position].fillna("").str.strip().reset_index(drop=True)
        return values.mask(values.eq("-"), "")

    def column(key: str) -> pd.Series:
        if key not in keys:
            return pd.Series("", index=range(len(cells)), dtype="string")
        return column_at(keys.index(key))

    created = date_cells(column(HUNTR_COLUMNS["created"]))
    moved = date_cells(column(HUNTR_COLUMNS["moved"]))
    never_moved = moved.eq("").to_numpy(dtype=bool)  # or no lastMovedAt column at all
    moved = moved.mask(never_moved, created)
    lists = column(HUNTR_COLUMNS["list"])
    words = status_table(STATUS_WORDS, mapping)
    category = status_categories(lists, words)
    skip = category.eq("not_applied").to_numpy(dtype=bool, na_value=False)
    rows = np.arange(len(cells))

    parts = [pd.DataFrame({"row": rows[~skip], "order": 0, "event": "applied"})]
    parts[0]["date"] = created.to_numpy()[~skip]
    for meaning, added in LIST_EVENTS.items():
        chosen = category.eq(meaning).to_numpy(dtype=bool, na_value=False)
        for k, event in enumerate(added):
            part = pd.DataFrame({"row": rows[chosen], "order": 1 + k, "event": event})
            part["date"] = moved.to_numpy()[chosen]
            parts.append(part)
    long = pd.concat(parts, ignore_index=True).sort_values(["row", "order"], kind="stable")
    long_rows = long["row"].to_numpy()
    events = pd.DataFrame(
        {
            "date": long["date"].to_numpy(),
            "company": column(HUNTR_COLUMNS["company"]).to_numpy()[long_rows],
            "role": column(HUNTR_COLUMNS["role"]).to_numpy()[long_rows],
            "event": long["event"].to_numpy(),
        },
        index=pd.Index(lines[long_rows], name="line", dtype="int64"),
    )
    # The list's event of a card that never moved has no day of its own: the note says so,
    # so statistics count the event but measure no wait to it (a 0-day one would be made up).
    undated = never_moved[long_rows] & long["order"].gt(0).to_numpy()
    if undated.any():
        why = (
            "the Huntr card never moved (its lastMovedAt is empty)"
            if HUNTR_COLUMNS["moved"] in keys
            else "the Huntr export has no lastMovedAt"
        )
        events["notes"] = np.where(
            undated, f"{ASSUMED_DATE_NOTE}: {why}, so this is the day the card was made", ""
        )
    taken: set[str] = set()
    attributes = []
    for position, (key, header) in enumerate(zip(keys, raw.header, strict=True)):
        if key in HUNTR_DROPPED or (key in HUNTR_COLUMNS.values() and key != "listname"):
            continue
        if not header.strip():
            continue
        name = attribute_name(HUNTR_ATTRIBUTES.get(key, header), taken)
        # By position: a second column spelled like another ("Notes", "NOTES") keeps its own.
        events[name] = column_at(position).to_numpy()[long_rows]
        attributes.append(name)
    events = events.astype("string")

    skipped = empty_frame(["date", "company", "event", "reason"])
    if skip.any():
        skipped = pd.DataFrame(
            {
                "date": created.to_numpy()[skip],
                "company": column(HUNTR_COLUMNS["company"]).to_numpy()[skip],
                "event": lists.to_numpy()[skip],
                "reason": ("Huntr list '" + lists[skip] + "' is not an application yet").to_numpy(),
            },
            index=pd.Index(lines[skip], name="line", dtype="int64"),
        ).astype("string")
    problems = []
    unknown = lists.ne("") & category.isna()
    if unknown.any():
        counts = lists[unknown].value_counts()
        listed = unknown_words_text(counts, STATUS_WORDS, mapping)
        problems.append(
            f"{plural(len(counts), 'list')} not understood: {listed}; imported as applied only; "
            f"name {plural(len(counts), 'it', 'them')} in a "
            'mapping file with format = "huntr", e.g. [status] interview = ["Phone Screen"]'
        )
    decided = category.isin(list(DECISION_EVENTS)).to_numpy(dtype=bool, na_value=False)
    dropped = [repr(h) for h, k in zip(raw.header, keys, strict=True) if k in HUNTR_DROPPED]
    assumed = []
    # A card that never moved (an empty lastMovedAt) has only the day it was made.
    made = "was made (no lastMovedAt)" if HUNTR_COLUMNS["moved"] not in keys else None
    for dated, day, undated_card in (
        (decided & ~never_moved, "last moved", False),
        (
            decided & never_moved,
            made or "was made (its lastMovedAt is empty: it never moved)",
            True,
        ),
    ):
        if dated.any():
            n = int(dated.sum())
            no_wait = (
                f"; {_noted(n)}, so stats measures no wait to {plural(n, 'it', 'them')}"
                if undated_card
                else ""
            )
            assumed.append(
                f"{counted(n, 'decision')} dated by the day the card {day} "
                f"({lines_text(lines[dated])}); earlier stages of those cards (interviews) are "
                f"not in the export{no_wait}"
            )
    # Dated when the card was made, as its applied event: said, with the note that keeps
    # stats from reading a 0-day wait.
    on_creation = category.eq("interview").to_numpy(dtype=bool, na_value=False) & never_moved
    if on_creation.any():
        n = int(on_creation.sum())
        why = (
            plural(
                n,
                "its lastMovedAt is empty: it never moved",
                "lastMovedAt is empty: they never moved",
            )
            if HUNTR_COLUMNS["moved"] in keys
            else "the file has no lastMovedAt column"
        )
        assumed.append(
            f"{counted(n, 'interview')} dated by the day "
            f"{plural(n, 'its card was', 'their cards were')} made ({why}), the moment "
            f"{plural(n, 'it counts', 'they count')} as applied too "
            f"({lines_text(lines[on_creation])}): the day of "
            f"{plural(n, 'the interview', 'those interviews')} is not in the export, so "
            f"{_noted(n)} and stats counts {plural(n, 'it', 'them')} as interviewed but measures "
            f"no wait to {plural(n, 'it', 'them')} (not one of 0 days)"
        )
    return Conversion(
        format="huntr",
        title="Huntr board export" + (f" with mapping {mapping.source}" if mapping else ""),
        events=events,
        skipped=skipped,
        mapped=_huntr_mapped(raw, keys),
        attributes=tuple(attributes),
        dropped=(
            (
                ", ".join(dropped)
                + ": identifiers, colours, the posting's HTML and who made the card",
            )
            if dropped
            else ()
        ),
        problems=tuple(problems),
        assumed=(
            "a card was applied for on the day it was made (createdAt); times are local",
            *assumed,
        ),
        records=frozenset({"applied", "interview", "offer", "rejection", "withdrew"}),
    )


def _noted(n: int) -> str:
    """What the events of ``n`` cards that never moved say in their notes."""
    return f"{plural(n, 'its note says', 'their notes say')} '{ASSUMED_DATE_NOTE}'"


def _name(raw: RawTable, keys: list[str], key: str) -> str:
    return repr(raw.header[keys.index(key)]) if key in keys else repr(key)


def _huntr_mapped(raw: RawTable, keys: list[str]) -> tuple[str, ...]:
    """The "mapped" lines, naming only columns the file has."""
    company = f"{_name(raw, keys, 'companyname')} -> company"
    if "title" in keys:
        company += f", {_name(raw, keys, 'title')} -> role"
    if "lastmovedat" in keys:
        dated = f"{_name(raw, keys, 'lastmovedat')} (the day the card moved there)"
    else:
        dated = f"{_name(raw, keys, 'createdat')} (the file has no lastMovedAt column)"
    return (
        company,
        f"{_name(raw, keys, 'createdat')} -> applied",
        f"{_name(raw, keys, 'listname')} -> the list's event (interview, offer, rejection, "
        f"withdrew), dated {dated}",
    )
