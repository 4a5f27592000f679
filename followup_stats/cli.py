"""The ``followup-stats`` command line (DESIGN.md section 5).

A thin layer: parse options, call the library (:func:`followup_stats.checker.check`,
``followup_stats.actions.next_actions``, the rule catalogue, the simulator) and
hand the resulting DataFrames to :mod:`followup_stats.output` to render.

Exit codes: 0 fine, 1 ``check`` found an error-severity diagnostic, 2 bad
input or usage (one line on standard error, no traceback), 3 an internal
error (a bug; ``FOLLOWUP_STATS_DEBUG=1`` shows the traceback).

Subcommands live in one table, :data:`COMMANDS`; a command whose handler is
``None`` is registered with its options but says it is not available yet.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import dataclasses
import datetime as dt
import errno
import importlib
import os
import stat
import sys
import tomllib
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from followup_stats import __version__
from followup_stats.config import (
    ALL_CODES,
    Config,
    config_file_in_use,
    config_groups,
    differing_files,
    from_mapping,
    is_code_prefix,
    parse_codes,
    resolve_config,
    shown_path,
    unknown_code_hint,
)
from followup_stats.errors import (
    SYMLINK_LOOP,
    FollowupStatsError,
    LogFormatError,
    UnreadableLogs,
    UsageError,
    closest_names_text,
    printable,
    standard_input_not_read,
)
from followup_stats.memory import keep_freed_memory
from followup_stats.plural import counted
from followup_stats.suffixes import SPREADSHEET_LIST
from followup_stats.suggest import closest

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    import pandas as pd

    from followup_stats.engines import CheckResult, Progress
    from followup_stats.load import LoadedLog

PROG = "followup-stats"

EXIT_OK = 0
EXIT_ERRORS_FOUND = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

Handler = Callable[[argparse.Namespace], int]


# -- shared option helpers -------------------------------------------------------------------


def _parse_as_of(text: str | None) -> str | None:
    """The ``--as-of`` value as ``YYYY-MM-DD``, or ``None`` for today.

    Any ISO 8601 date the log's date column reads is taken (``20261103``,
    ``2026-307``, ``2026-W45-2``); a date-time is not, nor a week without its
    day (``2026-W45``), which the date column refuses too.

    A date outside :data:`followup_stats.load.AS_OF_YEARS` is refused, as
    :func:`followup_stats.load.to_as_of` refuses it.
    """
    from followup_stats.load import AS_OF_YEARS, as_of_range_text
    from followup_stats.parse import extended_iso, why_no_day

    if text is None:
        return None
    why = why_no_day(text.strip())
    try:
        if why is not None:  # 2026-W45, which fromisoformat would read as its Monday
            raise ValueError(why)
        day = dt.date.fromisoformat(extended_iso(text.strip()))
    except ValueError:
        raise UsageError(
            f"--as-of {text!r} is not a valid date{f' ({why})' if why else ''}; use the ISO "
            "form YYYY-MM-DD, e.g. 2026-11-01"
        ) from None
    if not AS_OF_YEARS[0] <= day.year <= AS_OF_YEARS[1]:
        raise UsageError(f"--as-of {text!r} is too far off: give a date {as_of_range_text()}")
    return day.isoformat()


def _inline_setting(text: str) -> dict[str, Any]:
    """``key=value`` -> ``{key: value}``; the value is read as TOML, else kept as text."""
    key, _, raw = text.partition("=")
    key = key.strip()
    if not key or not raw.strip():
        raise UsageError(
            f"--config {text!r}: expected a configuration file or KEY=VALUE, "
            "e.g. --config default_wait_days=10"
        )
    try:
        data = tomllib.loads(f"{key} = {raw.strip()}")
    except tomllib.TOMLDecodeError:
        return {key: raw.strip()}  # bare text such as timezone=Europe/Paris
    tool = data.get("tool")
    if set(data) == {"tool"} and isinstance(tool, dict) and set(tool) == {"followup_stats"}:
        data = tool["followup_stats"]  # tool.followup_stats.KEY=VALUE, as in a pyproject.toml
    return data


def _split_config(values: Sequence[str] | None) -> tuple[Path | None, dict[str, Any]]:
    """``--config`` values -> (the one configuration file, inline overrides in order).

    A setting given twice on the command line takes the later value
    (``default-wait-days`` and ``default_wait_days`` are the same setting).
    """
    config_file: Path | None = None
    overrides: dict[str, Any] = {}
    for value in values or ():
        path = Path(value)
        if "=" not in value or path.is_file():
            if config_file is not None:
                raise UsageError(
                    f"--config given two configuration files ({config_file} and {value}); "
                    "use one file plus KEY=VALUE overrides"
                )
            if value == "-" and not path.exists():  # read as a file when one is so named
                raise UsageError(f"--config -: {standard_input_not_read('give a settings file')}")
            if path.is_dir():
                raise UsageError(f"--config {value!r}: is a folder; give a settings file")
            if path.exists() and not path.is_file():  # /dev/stdin, a named pipe
                raise UsageError(
                    f"--config {value!r}: settings are read from a regular file, not a pipe "
                    "or device; save them to a file and give that"
                )
            if not path.is_file():
                raise UsageError(f"--config {value!r}: no such configuration file")
            config_file = path
        else:
            setting = _inline_setting(value)
            from_mapping(setting, source=f"--config {value}")  # each checked on its own
            for key, item in setting.items():
                overrides.pop(key.replace("-", "_"), None)  # the later one wins, and is last
                overrides[key.replace("-", "_")] = item
    return config_file, overrides


def _resolve_config(
    args: argparse.Namespace, logs: Sequence[str] = (), require: bool = True
) -> Config:
    """The settings for a command: ``--config`` file and overrides, then select/ignore.

    ``--select``, ``--ignore``, ``--extend-select`` and ``--extend-ignore`` are
    layered on the file's selection as in ruff (``--extend-ignore`` is an
    ``--ignore``). Without ``--config FILE`` the file is found next to the
    logs, else from the working folder up (:func:`followup_stats.config.find_config_file`).
    """
    config_file, overrides = _split_config(getattr(args, "config", None))
    codes: dict[str, tuple[str, ...] | None] = {}
    for option in ("select", "ignore", "extend_select", "extend_ignore"):
        given = getattr(args, option, None)
        flag = "--" + option.replace("_", "-")
        for value in given or ():
            if not parse_codes(value):
                raise UsageError(
                    f"{flag} {value!r}: names no rule code; give codes "
                    "or prefixes such as FU005, FU or ALL"
                )
            for code in parse_codes(value):
                if not is_code_prefix(code):
                    raise UsageError(f"{flag} {code}: unknown rule code {unknown_code_hint(code)}")
        codes[option] = parse_codes(",".join(given)) if given else None
    ignore = (*(codes["ignore"] or ()), *(codes["extend_ignore"] or ()))
    return resolve_config(
        config_file,
        log_paths=logs,
        overrides=overrides,
        select=codes["select"],
        ignore=ignore or None,
        extend_select=codes["extend_select"],
        require=require,
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before Python 3.13)
        return os.path.abspath(a) == os.path.abspath(b)


def _is_link_loop(path: Path) -> bool:
    """Whether following ``path``'s symbolic links goes round in a loop.

    Asked of the system (``ELOOP``): ``Path.resolve()`` raised on a loop
    before Python 3.13 and returns quietly since.
    """
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _refuse_overwrite(output: str | None, option: str, inputs: Sequence[str | Path]) -> None:
    """Stop before any work when ``output`` is one of the ``inputs`` or cannot be a file."""
    if output is None:
        return
    target = Path(output)
    if target.is_dir():
        raise UsageError(f"{option} {output}: is a folder, not a file")
    if target.is_socket() or target.is_block_device():
        kind = "a socket" if target.is_socket() else "a device"
        raise UsageError(f"{option} {output}: is {kind}, not a file")
    if not target.parent.is_dir():
        raise UsageError(f"{option} {output}: no folder {str(target.parent)!r} to write it in")
    if _is_link_loop(target):
        raise UsageError(f"{option} {output}: {SYMLINK_LOOP}")
    for source in inputs:
        if _same_file(Path(output), Path(source)):
            raise UsageError(
                f"{option} {output}: is one of the input files; refusing to write over it "
                "(choose another file name)"
            )


@contextlib.contextmanager
def _writing(option: str) -> Iterator[None]:
    """Name ``option`` in an error writing the file it gave (``--out x.csv: cannot write``).

    The library names the file only; the command line knows which option
    gave it, as :func:`_refuse_overwrite` says for the checks made before any work.
    """
    from followup_stats.output import OutputError

    try:
        yield
    except OutputError as exc:
        raise exc.given_as(option) from None


def _emit(text: str, output: str | None, option: str = "--output") -> None:
    """Write ``text`` to ``output`` (given by ``option``) atomically, or to standard output."""
    from followup_stats.output import atomic_write

    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        with _writing(option):
            atomic_write(output, text)


def _files(logs: Sequence[str]) -> list[str | Path]:
    """The files behind log arguments: ``log.xlsx[Sheet]`` is the workbook ``log.xlsx``."""
    from followup_stats.importers.spreadsheet import spreadsheet_path

    return [(spreadsheet_path(log) or (log,))[0] for log in logs]


def _folder_logs(folder: Path) -> list[str]:
    """The logs in ``folder``, as ``report-all`` and, like ruff, ``check`` take a folder.

    What else the folder holds is named on standard error: files not named as
    logs, sub-folders (not searched), and files named like logs with none of
    a log's columns (a ``notes.txt``), which would stop the whole run.

    Raises
    ------
    UsageError
        When the folder holds no log.
    """
    from followup_stats.report import (
        folder_logs,
        lock_file,
        no_log_files_text,
        not_logs,
        skipped_text,
        suffixes_text,
    )

    found, skipped = folder_logs(folder)
    locks = [path for path in skipped if lock_file(path) and not path.is_dir()]
    skipped = [path for path in skipped if path not in locks]
    strangers = not_logs(found)
    logs = [str(p) for p in found if p not in strangers]
    if not logs:
        if strangers:
            raise UsageError(
                f"{folder}: no logs in this folder ({skipped_text(strangers)} "
                f"{'has' if len(strangers) == 1 else 'have'} none of the columns date, "
                "company, event)"
            )
        raise UsageError(no_log_files_text(folder, skipped))
    if skipped:
        print(
            f"{PROG}: skipped {counted(len(skipped), 'item')} in {folder} that "
            f"{'is not a log file' if len(skipped) == 1 else 'are not log files'} (named "
            f"{suffixes_text()}; sub-folders are not searched, nor pipes or devices read): "
            f"{skipped_text(skipped)}",
            file=sys.stderr,
        )
    if locks:
        print(
            f"{PROG}: skipped {counted(len(locks), 'lock file')} in {folder} that a "
            "spreadsheet program (or macOS) keeps beside an open document, not "
            f"{'a log' if len(locks) == 1 else 'logs'}: {skipped_text(locks)}",
            file=sys.stderr,
        )
    if strangers:
        print(
            f"{PROG}: skipped {counted(len(strangers), 'file')} in {folder} without the "
            f"columns of a log (date, company, event): {skipped_text(strangers)}",
            file=sys.stderr,
        )
    return logs


def _expand_folders(args: argparse.Namespace) -> None:
    """Put the logs of each folder among ``args.logs`` in its place."""
    logs: list[str] = []
    for log in args.logs:
        logs += _folder_logs(Path(log)) if Path(log).is_dir() else [log]
    args.logs = logs


def _inputs(args: argparse.Namespace) -> list[str | Path]:
    """The files a command reads: its logs and its configuration file, given or found."""
    config_file, _ = _split_config(getattr(args, "config", None))
    if config_file is not None:
        return [*_files(args.logs), config_file]
    found = [file for file, _ in config_groups(args.logs) if file is not None]
    return [*_files(args.logs), *found]


def _judged_apart(args: argparse.Namespace) -> list[tuple[Config, list[str]]]:
    """The logs with the settings of each one's closest file, when these differ.

    ``check`` and ``todo`` judge each log by its own settings, as ruff does.

    Empty when one configuration judges them all (``--config FILE``, or one
    closest file): the engines then work on the whole run as one.
    """
    config_file, _ = _split_config(getattr(args, "config", None))
    groups = config_groups(args.logs) if config_file is None else []
    if len(groups) < 2:
        return []
    judged = []
    for _, logs in groups:
        config = _resolve_config(args, logs)
        if getattr(args, "ignore_noqa", False):  # check's option; todo has none
            config = dataclasses.replace(config, ignore_noqa=True)
        judged.append((config, logs))
    return judged


def _log_source(logs: Sequence[str]) -> str | list[str]:
    return logs[0] if len(logs) == 1 else list(logs)


# -- handlers --------------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    """``check``: diagnostics as text, JSON or CSV; exit 1 when any is an error, 2 when a
    file had rows and none could be loaded (after its DQ findings), or a log could not be
    read at all (the others checked)."""
    _expand_folders(args)
    from followup_stats import output
    from followup_stats.load import files_read, sheets_not_read

    _refuse_overwrite(args.output, "--output", _inputs(args))
    if args.show_settings:
        _emit(_settings_shown(args), args.output)
        return EXIT_OK
    as_of = _parse_as_of(args.as_of)
    engine = _engine(args)
    jobs = _jobs_of(args)
    apart = _judged_apart(args)
    if not apart:
        config = _resolve_config(args, args.logs)
        if args.ignore_noqa:
            config = dataclasses.replace(config, ignore_noqa=True)
    elif args.engine != "pandas" or jobs:  # asked for, and not done: say so
        print(
            f"{PROG}: the logs fall under {len(apart)} configuration files, checked one after "
            f"another in this process: {'--engine dask' if args.engine != 'pandas' else '--jobs'} "
            "is not used (name one file with --config to use it)",
            file=sys.stderr,
        )
    with _stages(args, "check") as stage:
        if apart:  # each group in this process: the logs of a client or two, not millions
            from followup_stats.engines.partitioned import check_by_configuration

            stage(f"the rules, under {len(apart)} configuration files")
            result = check_by_configuration(apart, as_of, args.sheet)
        else:
            result = engine.check_log(
                args.logs,
                config,
                as_of,
                sheet=args.sheet,
                scheduler=args.scheduler,
                progress=stage,
                **jobs,
            )
        stage(FORMATTING)
        diagnostics = result.diagnostics
        unused: list[str] = []
        unused_count = 0
        if args.warn_unused_noqa and result.noqa_problems is not None:
            from followup_stats.suppression import unused_noqa_text

            unused = unused_noqa_text(result.noqa_problems)
            unused_count = int(result.noqa_problems["unused"].sum()) if unused else 0
        if args.statistics:
            text = _statistics_text(args, result, unused_count)
        elif args.format == "json":
            text = output.diagnostics_json(diagnostics)
        elif args.format == "csv":
            text = output.diagnostics_csv(diagnostics)
        else:
            color = args.output is None and output.use_color(sys.stdout)
            text = output.diagnostics_text(
                diagnostics,
                files=files_read(args.logs, result.unreadable),
                rows_not_loaded=result.rows_not_loaded,
                color=color,
                hidden_by_noqa=result.hidden_by_noqa,
                unchecked_files=len(result.unloaded_files),
                name_candidates=result.files_shared,
                unused_noqa=unused_count,
                empty_files=result.empty_files,
                unreadable_files=len(result.unreadable),
                unread_sheets=sheets_not_read(args.logs, result.unreadable),
                partly_loaded=result.partly_loaded,
            )
    _emit(text, args.output)
    if args.format != "text":  # the text's closing line says it already
        _say_empty(result.empty_files, "nothing in {it} was checked")
    _say_after_as_of(result.judged, "checked", as_of)
    if result.noqa_problems is not None and len(result.noqa_problems):
        from followup_stats.suppression import noqa_problem_text

        for line in [*noqa_problem_text(result.noqa_problems), *unused]:
            print(f"{PROG}: {line}", file=sys.stderr)
    if result.unknown_candidates is not None and len(result.unknown_candidates):
        from followup_stats.suppression import unknown_candidate_text

        for line in unknown_candidate_text(result.unknown_candidates, bool(apart)):
            print(f"{PROG}: {line}", file=sys.stderr)
    if result.unloaded_files:  # nothing in them was checked: no pass, whatever was found
        said = diagnostics.loc[diagnostics["code"].str.startswith("DQ").to_numpy(bool), "file"]
        said_for = set(said.astype("string").dropna())
        _say_unloaded(
            result.unloaded_files,
            "checked",
            lambda file: (
                "its DQ findings say why"
                if file in said_for
                else "its DQ findings say why; they are not selected here: add --select DQ"
            ),
        )
    _say_unreadable(result.unreadable)
    if result.unloaded_files or result.unreadable:
        return EXIT_USAGE
    has_errors = bool(diagnostics["severity"].eq("error").any()) or bool(unused)
    return EXIT_ERRORS_FOUND if has_errors else EXIT_OK


def _settings_shown(args: argparse.Namespace) -> str:
    """``check --show-settings``: the settings the check would use, and where each came from.

    The file is the one the check reads (:func:`followup_stats.config.config_file_in_use`);
    a selection of no code is shown, not refused.
    """
    from followup_stats import output
    from followup_stats.config import setting_sources

    if args.format == "csv":
        raise UsageError("--show-settings prints text or JSON (--format text or json)")
    config_file, overrides = _split_config(args.config)
    groups = config_groups(args.logs) if config_file is None else []
    if len(groups) > 1:
        raise UsageError(
            "--show-settings: the logs have different configuration files "
            f"({differing_files(groups)}); show one log's at a time"
        )
    config = _resolve_config(args, args.logs, require=False)
    used = config_file_in_use(config_file, args.logs)
    sources = setting_sources(config, used, overrides)
    shown = shown_path(used) if used else None
    per_file = None
    if config.per_file_ignores or config.extend_per_file_ignores:
        per_file = {
            log: [code for code in ALL_CODES if code in config.ignored_in(log)]
            for log in map(str, args.logs)
        }
    if args.format == "json":
        return output.settings_json(config, sources, shown, per_file)
    return output.settings_text(config, sources, shown, per_file)


def _statistics_text(args: argparse.Namespace, result: CheckResult, unused_noqa: int = 0) -> str:
    """``check --statistics`` in the ``--format`` asked for."""
    from followup_stats import output
    from followup_stats.checker import statistics
    from followup_stats.load import files_read, sheets_not_read

    table = statistics(result.diagnostics)
    if args.format == "json":
        return output.statistics_json(table)
    if args.format == "csv":
        return output.statistics_csv(table)
    summary = output.diagnostics_summary(
        result.diagnostics,
        files_read(args.logs, result.unreadable),
        result.rows_not_loaded,
        result.hidden_by_noqa,
        len(result.unloaded_files),
        unused_noqa,
        result.empty_files,
        len(result.unreadable),
        sheets_not_read(args.logs, result.unreadable),
        result.partly_loaded,
    )
    return output.statistics_text(table) + summary + "\n"


def run_todo(args: argparse.Namespace) -> int:
    """``todo``: what each open application allows and from when; optional iCalendar file."""
    _expand_folders(args)
    from followup_stats import output
    from followup_stats.actions import merged_actions, next_actions, write_ics
    from followup_stats.load import (
        judged_for,
        judged_share,
        load_log,
        pooled_judged_share,
        summed,
        to_as_of,
    )

    _refuse_overwrite(args.ics, "--ics", _inputs(args))
    as_of = _parse_as_of(args.as_of)
    apart = _judged_apart(args)
    with _stages(args, "todo") as stage:
        stage("reading")
        if apart:  # each client's plan by their own settings, as check judges them
            from followup_stats.engines.partitioned import read_by_configuration

            read = read_by_configuration(apart, args.sheet, skip_unreadable=True)
            logs = [
                load_log(raw, config=config, as_of=to_as_of(as_of, config))
                for config, raw in read
                if raw  # a group none of whose logs could be read
            ]
            unreadable = tuple(error for _, raw in read for error in raw.unreadable)
        else:
            config = _resolve_config(args, args.logs)
            once = to_as_of(as_of, config)
            source = _log_source(args.logs)
            logs = [
                load_log(source, config=config, as_of=once, sheet=args.sheet, skip_unreadable=True)
            ]
            unreadable = logs[0].unreadable
        stage("planning")
        named = _told_apart(logs)
        actions = merged_actions(  # each with its log's as-of day: timezones may differ
            [
                _renamed(next_actions(log), names).assign(
                    as_of=log.as_of, long_overdue_days=log.config.ghost_after_days
                )
                for log, names in zip(logs, named, strict=True)
            ]
        )
        if args.candidate is not None:
            actions = _one_candidates(actions, logs, named, args.candidate, unreadable)
        days = actions.pop("as_of")
        day = _todays(days, logs[0].as_of)
        long_overdue = actions.pop("long_overdue_days")
        stage(FORMATTING)
        if args.format == "json":
            text = output.actions_json(actions)
        else:
            text = output.actions_text(actions, day, long_overdue)
    _emit(text, None)
    every_unloaded = tuple(file for log in logs for file in log.unloaded_files)
    unloaded, not_loaded = every_unloaded, sum(log.rows_not_loaded for log in logs)
    partly = summed(log.partly_loaded for log in logs)
    if args.candidate is not None:  # only what may be theirs keeps their plan from being whole
        # Logs judged apart that do not name them hold none of their rows: a name in a
        # cell is refused under two configuration files.
        own = [
            log
            for log, names in zip(logs, named, strict=True)
            if len(logs) == 1 or args.candidate in _candidate_names(log, names)
        ]
        theirs = [_maybe_of(log, args.candidate) for log in own]
        unloaded = tuple(file for files, _, _ in theirs for file in files)
        not_loaded = sum(count for _, count, _ in theirs)
        partly = summed(p for _, _, p in theirs)
    if args.ics is not None and (unloaded or unreadable):
        # A calendar without that log's reminders would drop them from a subscribed calendar.
        print(
            f"{PROG}: {args.ics} left as it was: a log could not be read, and its reminders "
            "would be lost",
            file=sys.stderr,
        )
    elif args.ics is not None:
        with _writing("--ics"):
            written = write_ics(actions, args.ics, as_of=day)  # written atomically
        if written:
            print(f"{PROG}: wrote {counted(written, 'reminder')} to {args.ics}", file=sys.stderr)
        else:  # still written, so a subscribed calendar drops yesterday's reminders
            print(
                f"{PROG}: nothing to remind: wrote a calendar without reminders to {args.ics}",
                file=sys.stderr,
            )
    # A decision in a row not loaded would change the plan.
    _say_not_loaded(not_loaded, "the plan does not know {them}", partly)
    _say_empty(
        tuple(file for log in logs for file in log.empty_files), "there is nothing in {it} to plan"
    )
    judged: pd.DataFrame | None = pooled_judged_share(
        [judged_share(log.events, log.as_of) for log in logs]
    )
    if args.candidate is not None:  # their plan says nothing of the others
        judged = judged_for(judged, args.candidate)
    _say_after_as_of(judged, "planned", as_of)
    if every_unloaded:  # "nothing to do" would be said of a log never read
        _say_unloaded(every_unloaded, "planned", lambda _: "`followup-stats check` says why")
    _say_unreadable(unreadable)
    return EXIT_USAGE if every_unloaded or unreadable else EXIT_OK


def _maybe_of(loaded: LoadedLog, candidate: str) -> tuple[tuple[str, ...], int, tuple[int, int]]:
    """The files of which no row loaded, the rows not loaded, and the rows loaded in part
    with their events not loaded (:attr:`LoadedLog.partly_loaded`), that may be
    ``candidate``'s.

    A row not loaded still names its candidate when its ``candidate`` cell
    was read (a blank one: its file's name); another name is someone else's.
    Rows joined into another row are part of a loaded one.
    """
    from followup_stats.load import not_loaded_counts

    rejected = loaded.quality[loaded.quality["rejected"].to_numpy(dtype=bool)]
    whose = rejected["candidate"].astype("string").str.strip()
    theirs = (whose.isna() | whose.eq(candidate)).fillna(True).to_numpy(dtype=bool)
    files = set(rejected.loc[theirs, "file"].astype("string").dropna())
    rows, rows_in_part, events = not_loaded_counts(rejected[theirs], loaded.events)
    return tuple(f for f in loaded.unloaded_files if f in files), rows, (rows_in_part, events)


def _todays(days: pd.Series, first: pd.Timestamp) -> pd.Timestamp | pd.Series:
    """The as-of day of ``todo``'s actions: one day, else each action's (``days``).

    Logs judged apart by settings with different timezones may be on different
    days when ``--as-of`` is left out; ``first`` is the day of no action at all.
    """
    if days.nunique() > 1:
        return days
    return days.iloc[0] if len(days) else first


def _told_apart(logs: Sequence[LoadedLog]) -> list[dict[str, str]]:
    """For each log judged apart, its candidates that another's share, named with their folder.

    Only a name taken from a file's name can be shared (a name in a cell under two
    configuration files is refused): two clients' ``log.csv`` are two people, so
    each is ``log (clients/ann)``, as their plans and reminders must tell them apart.
    """
    import pandas as pd

    names = [
        log.events[["candidate", "file"]].drop_duplicates("candidate").dropna() for log in logs
    ]
    counts = pd.concat([n["candidate"] for n in names], ignore_index=True).value_counts()
    shared = set(counts.index[counts.gt(1).to_numpy(bool)].astype(str))
    return [
        {
            str(name): f"{name} ({Path(str(file)).parent})"
            for name, file in zip(own["candidate"], own["file"], strict=True)
            if str(name) in shared
        }
        for own in names
    ]


def _renamed(actions: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """``actions`` with the candidates of ``names`` renamed (:func:`_told_apart`)."""
    if not names:
        return actions
    return actions.assign(candidate=actions["candidate"].astype("string").replace(names))


def _candidate_names(log: LoadedLog, renamed: Mapping[str, str]) -> set[str]:
    """The candidates of a loaded log as ``todo`` names them (:func:`_told_apart`)."""
    return {renamed.get(str(n), str(n)) for n in log.events["candidate"].dropna().unique()}


def _one_candidates(
    actions: pd.DataFrame,
    logs: Sequence[LoadedLog],
    named: Sequence[dict[str, str]],
    candidate: str,
    unreadable: Sequence[LogFormatError] = (),
) -> pd.DataFrame:
    """The actions of ``candidate`` (``todo --candidate``); a name not in the logs is an error
    naming the closest ones. ``named`` renames each log's shared names (:func:`_told_apart`);
    a log that could not be read (``unreadable``) may be theirs, which the error says."""
    names = sorted(
        {
            name
            for log, renamed in zip(logs, named, strict=True)
            for name in _candidate_names(log, renamed)
        }
    )
    unloaded = [file for log in logs for file in log.unloaded_files]
    if candidate not in names:
        if unloaded:  # perhaps theirs: say so rather than "not in the log"
            raise UsageError(
                f"--candidate {candidate!r}: not among the rows loaded, and no row of "
                f"{', '.join(unloaded)} could be loaded (`followup-stats check` says why)"
            )
        if unreadable:  # perhaps in a file not read: say so rather than "not in the log"
            hint = closest_names_text(candidate, names)
            close = f" ({hint})" if hint.startswith("did you mean") else ""
            raise UsageError(
                f"--candidate {candidate!r}: not in the logs read{close}, and "
                f"{', '.join(e.path for e in unreadable)} could not be read "
                "(`followup-stats check` says why)"
            )
        empty = [file for log in logs for file in log.empty_files]
        if not names and empty:  # no candidate at all: say why rather than list none
            from followup_stats.load import no_events_text

            raise UsageError(
                f"--candidate {candidate!r}: {no_events_text(empty, 'no candidate is in {it}')}"
            )
        hint = closest_names_text(candidate, names)
        raise UsageError(f"--candidate {candidate!r}: not in the log ({hint})")
    chosen = actions["candidate"].astype("string").eq(candidate).fillna(False).to_numpy(bool)
    return actions[chosen].reset_index(drop=True)


def _say_unloaded(files: Sequence[str], done: str, why: Callable[[str], str]) -> None:
    """One error line per file of which no row loaded: nothing in it was ``done``."""
    for file in files:
        print(
            f"{PROG}: error: {file}: no row could be loaded, so nothing in it was {done} "
            f"({why(file)})",
            file=sys.stderr,
        )


def _say_unreadable(errors: Sequence[LogFormatError]) -> None:
    """One error line per log set aside as no log at all, as the error of that log alone
    reads (the others were still read)."""
    for error in errors:
        _error(f"error: {error}")


def _say_empty(files: Sequence[str], consequence: str) -> None:
    """One line on standard error naming the files with a header and no data rows (none:
    nothing), in every format: an empty result must not read as a clean one."""
    from followup_stats.load import no_events_text

    if files:
        _error(no_events_text(files, consequence))  # a file name may hold a line break


def _say_after_as_of(judged: pd.DataFrame | None, done: str, as_of: str | None) -> None:
    """One line on standard error per log (or shared log's candidates) whose every event is
    dated after the as-of date: an empty result must not read as a clean one."""
    from followup_stats.load import after_as_of_text

    if judged is None:
        return
    for line in after_as_of_text(judged, done, given=as_of is not None):
        _error(line)  # file and candidate names printed safely, on one line


def _say_not_loaded(count: int, consequence: str, partly: tuple[int, int] = (0, 0)) -> None:
    """One line on standard error when ``count`` rows, or events of rows loaded in part
    (``partly``: those rows, their events not loaded), were not loaded (none: nothing)."""
    from followup_stats.load import not_loaded_text

    if count or partly[1]:
        print(f"{PROG}: {not_loaded_text(count, consequence, partly)}", file=sys.stderr)


def run_stats(args: argparse.Namespace) -> int:
    """``stats``: rates, waiting times, time to each ending, funnel, patience as text, JSON, CSV."""
    _expand_folders(args)
    from followup_stats import output
    from followup_stats.engines import UnknownColumn
    from followup_stats.load import normalise_header

    _refuse_overwrite(args.output, "--output", _inputs(args))
    as_of = _parse_as_of(args.as_of)
    config = _resolve_config(args, args.logs)
    engine = _engine(args)
    by = normalise_header(args.by) if args.by is not None else None
    jobs = _jobs_of(args)
    with _stages(args, "stats") as stage:
        try:
            tables = engine.stats_log(
                args.logs,
                config,
                as_of,
                by=by,
                sheet=args.sheet,
                scheduler=args.scheduler,
                progress=stage,
                **jobs,
            )
        except UnknownColumn as exc:
            raise UsageError(
                f"--by {args.by!r}: no such column; {exc.hint}choose one of {', '.join(exc.known)}"
            ) from None
        stage(FORMATTING)
        if args.format == "json":
            text = output.stats_json(tables)
        elif args.format == "csv":
            text = output.stats_csv(tables)
        else:
            text = output.stats_text(tables)
    _emit(text, args.output)
    # On standard error in every format: the JSON and CSV keep to their tables.
    _say_not_loaded(
        tables.rows_not_loaded, "the statistics do not count {them}", tables.partly_loaded
    )
    _say_empty(tables.empty_files, "the statistics count nothing from {it}")
    _say_after_as_of(tables.judged, "counted", as_of)
    from followup_stats.stats.summary import assumed_waits_note, no_answer_note

    unanswered = no_answer_note(tables["funnel"], tables.judged, given=as_of is not None)
    if unanswered:
        print(f"{PROG}: {unanswered}", file=sys.stderr)
    left_out = assumed_waits_note(tables.assumed_waits)
    if left_out:
        _error(left_out)  # file names printed safely, on one line
    if tables.unloaded_files:
        _say_unloaded(tables.unloaded_files, "counted", lambda _: "`followup-stats check` says why")
    _say_unreadable(tables.unreadable)
    return EXIT_USAGE if tables.unloaded_files or tables.unreadable else EXIT_OK


#: The last stage of a command before it writes its output.
FORMATTING = "formatting the output"


def _stages(args: argparse.Namespace, command: str) -> AbstractContextManager[Progress]:
    """The stage line of ``command`` on standard error (:mod:`followup_stats.progress`).

    ``--progress`` and ``--no-progress`` decide; by default it is shown for
    a big log when standard error is a terminal (the size is only looked at
    then).
    """
    from followup_stats import progress
    from followup_stats.logio import rows_about

    rows = 0
    if args.progress is None and progress.is_terminal(sys.stderr):
        rows = sum(rows_about(log, args.sheet) for log in args.logs)
    return progress.shown(command, args.progress, rows)


def _engine(args: argparse.Namespace) -> Any:
    """The engine module of ``--engine`` (``--scheduler`` needs the Dask engine)."""
    from followup_stats.engines import get_engine

    if args.scheduler is not None and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    return get_engine(args.engine)


def _jobs_of(args: argparse.Namespace) -> dict[str, int]:
    """``--jobs`` as the pandas engine takes it (the Dask engine has its cluster's workers)."""
    if args.jobs is None:
        return {}
    if args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: give at least 1")
    if args.engine != "pandas":
        raise UsageError("--jobs is for the pandas engine; a Dask cluster has its own workers")
    return {"jobs": args.jobs}


def run_rule(args: argparse.Namespace) -> int:
    """``rule CODE``: the rule's documentation; ``rule --all``: every code, one a line."""
    from followup_stats import output
    from followup_stats.rules.catalogue import catalogue_frame, render_rule, rule_record

    if args.all == (args.code is not None):
        raise UsageError("rule: give one rule code such as FU005, or --all")
    # As check finds it without a log: from the working folder up. A configuration
    # that selects nothing is still shown (the rule's note says it is not selected).
    config = _resolve_config(args, require=False)
    if args.format == "json":
        if args.all:
            records = [rule_record(code, config) for code in catalogue_frame()["code"]]
            _emit(output.rules_json(records), None)
        else:
            _emit(output.rules_json(rule_record(args.code, config)), None)
        return EXIT_OK
    if args.all:
        _emit(output.rules_text(catalogue_frame()), None)
        return EXIT_OK
    _emit(render_rule(args.code, config), None)
    return EXIT_OK


def run_simulate(args: argparse.Namespace) -> int:
    """``simulate``: options and work belong to :mod:`followup_stats.simulate`."""
    # Imported here, so a simulator that is missing or broken fails this command only.
    simulate = importlib.import_module("followup_stats.simulate")

    add_arguments = getattr(simulate, "add_arguments", None)
    run = getattr(simulate, "run", None)
    if add_arguments is None or run is None:
        missing = "add_arguments" if add_arguments is None else "run"
        raise RuntimeError(f"followup_stats.simulate has no {missing}() function")
    parser = OneLineParser(
        prog=f"{PROG} simulate",
        description=COMMANDS_BY_NAME["simulate"].help,
        allow_abbrev=False,
    )
    add_arguments(parser)
    try:
        options, extra = parser.parse_known_args(args.passthrough)
        if extra:
            parser.unrecognized(extra)
    except SystemExit as exc:
        return _exit_status(exc)
    _refuse_overwrite(getattr(options, "out", None), "--out", [])  # before simulating
    return int(run(options))


def _report_config(args: argparse.Namespace, logs: Sequence[str]) -> Config | None:
    """``--config`` for the reports: ``None`` (look next to the log) or the resolved settings."""
    return _resolve_config(args, logs) if getattr(args, "config", None) else None


def _anonymize_key(args: argparse.Namespace, logs: Sequence[str]) -> str | None:
    """``--anonymize-key``, checked before any work: never a log, the settings file, or
    inside the ``--out`` folder that is shared (it names everyone)."""
    key: str | None = args.anonymize_key
    if key is None:
        return None
    folder = Path(args.out or "reports").resolve()
    if Path(key).resolve().is_relative_to(folder):
        raise UsageError(
            f"--anonymize-key {key}: inside the reports' folder {args.out or 'reports'}; keep "
            "it elsewhere, since it names everyone the reports hide"
        )
    config_file, _ = _split_config(getattr(args, "config", None))
    used = config_file_in_use(config_file, logs)
    _refuse_overwrite(key, "--anonymize-key", [*_files(logs), *([used] if used else [])])
    from followup_stats.anonymize import Pseudonymizer

    Pseudonymizer.from_key_file(key)  # a file that is no key: refused now, never overwritten
    if Path(key).is_file() and not Path(key).stat().st_mode & stat.S_IWUSR:
        raise UsageError(
            f"--anonymize-key {key}: is read-only; it is written back after each run "
            "(make it writable, or give another file)"
        )
    return key


def _report_folder(args: argparse.Namespace) -> AbstractContextManager[Path]:
    """``--out`` (default ``reports``) checked and created; removed again if left empty."""
    from followup_stats.report import output_folder

    return output_folder(args.out or "reports", "--out" if args.out else None)


def run_report(args: argparse.Namespace) -> int:
    """``report``: one candidate's HTML report (and PDF), made by papermill."""
    from followup_stats.importers.spreadsheet import is_spreadsheet
    from followup_stats.report import render_report, skip_iri_grammars

    skip_iri_grammars()
    if args.sheet and not is_spreadsheet(args.logs):
        raise UsageError(
            f"--sheet {args.sheet!r}: {args.logs} is not a spreadsheet ({SPREADSHEET_LIST})"
        )
    # A sheet travels in the path (``log.xlsx[Sheet]``), as the loader names it.
    logs: str | list[str] = [f"{args.logs}[{args.sheet}]"] if args.sheet else args.logs
    files = [args.logs]
    if not args.sheet and Path(args.logs).is_dir():  # what else it holds is skipped, as in check
        logs = files = _folder_logs(Path(args.logs))
    as_of = _parse_as_of(args.as_of)
    key = _anonymize_key(args, files)
    with _report_folder(args) as out:  # a bad --out fails here, before any rendering
        result = render_report(
            logs,
            out,
            as_of=as_of,
            candidate=args.candidate,
            config_path=_report_config(args, files),
            anonymize=args.anonymize or key is not None,
            pdf=args.pdf,
            keep_ipynb=args.keep_ipynb,
            anonymize_key=key,
        )
    for path in (result.html_path, result.pdf_path, result.ipynb_path):
        if path is not None:
            print(f"wrote {path}")
    _say_empty(result.empty_files, "nothing in {it} is in the report")
    _say_after_as_of(result.judged, "judged", as_of)
    if result.unloaded_files:  # the report was made without them: not a clean run
        _say_unloaded(
            result.unloaded_files, "reported", lambda _: "`followup-stats check` says why"
        )
    _say_unreadable(result.unreadable)  # the report was made without them too
    return EXIT_USAGE if result.unloaded_files or result.unreadable else EXIT_OK


def run_report_all(args: argparse.Namespace) -> int:
    """``report-all``: every candidate's report plus the coach review; 1 when any failed."""
    from followup_stats import progress
    from followup_stats.report import NOT_LOADED, NOT_READ, render_all, summary_text

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: give at least 1")
    _engine(args)  # --scheduler without --engine dask, or Dask missing: before any work
    as_of = _parse_as_of(args.as_of)
    source = Path(args.logs)
    logs = _folder_logs(source) if source.is_dir() else [args.logs]
    config = _report_config(args, logs)
    key = _anonymize_key(args, logs)
    # The bar as check and stats decide: on a terminal, unless --progress/--no-progress.
    bar = args.progress if args.progress is not None else progress.is_terminal(sys.stderr)
    with _report_folder(args) as out:  # a bad --out fails here, before any rendering
        table = render_all(
            logs if source.is_dir() else args.logs,
            out,
            jobs=args.jobs or 2,
            as_of=as_of,
            anonymize=args.anonymize or key is not None,
            config_path=config,
            progress=bar,
            engine=args.engine,
            scheduler=args.scheduler,
            anonymize_key=key,
        )
    for row in table[table["status"].eq("ok").to_numpy(bool)].itertuples():
        print(f"wrote {row.path}")
    sys.stdout.write(summary_text(table))
    _say_after_as_of(table.attrs.get("judged"), "judged", as_of)
    if table["status"].isin([NOT_LOADED, NOT_READ]).any():  # bad input, as check says it
        return EXIT_USAGE
    return EXIT_ERRORS_FOUND if table["status"].eq("failed").any() else EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    """``import``: spreadsheets, trackers and exports into one canonical log.

    The log goes to ``--out`` (atomically; never over an input or the
    mapping file) or standard output; what was mapped, what could not be, the
    duplicates dropped and the rules the formats cannot support go to
    standard error. The log is plain CSV (Parquet for a ``.parquet`` or
    ``.pq`` name), read back by this package: no cell is neutralised against
    spreadsheet formulas and none is refused.
    """
    from followup_stats.importers import import_files

    _refuse_overwrite(args.out, "--out", [*_files(args.logs), *([args.map] if args.map else [])])
    # The configuration the log will be checked with: its time zone decides which day a
    # time with an offset falls on, when the same event comes from two files, and a
    # canonical log's rows it does not load are reported.
    config = _resolve_config(args, args.logs, require=False)
    result = import_files(
        args.logs,
        source_format=args.source_format,
        mapping=args.map,
        sheet=args.sheet,
        timezone=config.timezone,
        config=config,
    )
    if args.out is not None:  # written first, so "wrote ... to FILE" is never said in vain
        from followup_stats.logio import is_parquet_name, write_log

        if is_parquet_name(args.out):  # a big log reads back faster from Parquet
            with _writing("--out"):
                write_log(result.log, args.out)
        else:
            _emit(result.csv_text(), args.out, "--out")
    for line in result.report(args.out):
        print(f"{PROG}: {line}" if not line.startswith("  ") else line, file=sys.stderr)
    if args.out is None:
        _emit(result.csv_text(), None)
    return EXIT_OK


# -- options of each command -----------------------------------------------------------------


#: What a log may be, as the help of every command that reads one says.
LOG_KINDS = f"CSV, Parquet, or a spreadsheet ({SPREADSHEET_LIST})"


def _logs(
    parser: argparse.ArgumentParser,
    nargs: str | None = "+",
    what: str = "LOG",
    help: str = f"log files ({LOG_KINDS}), or folders of them",
) -> None:
    parser.add_argument("logs", nargs=nargs, metavar=what, help=help)


def _as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        metavar="D",
        help="judge the log as of this date, YYYY-MM-DD or another ISO 8601 form, "
        "from 1900-01-01 to 2200-12-31 (default: today)",
    )


def _config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        action="append",
        metavar="F_OR_KEY=VALUE",
        help="a configuration file (pyproject.toml or followup-stats.toml), or a setting "
        "such as default_wait_days=10 (value read as TOML); repeatable",
    )


def _format(parser: argparse.ArgumentParser, choices: Sequence[str]) -> None:
    parser.add_argument(
        "--format", choices=list(choices), default="text", help="output format (default: text)"
    )


def _sheet(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sheet", metavar="S", help="sheet to read from a spreadsheet log (default: the first)"
    )


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    _logs(parser)
    _as_of(parser)
    _format(parser, ("text", "json", "csv"))
    parser.add_argument(
        "--select",
        action="append",
        metavar="C,..",
        help="report only these codes or prefixes (FU, FU00, FU005, ALL), "
        "instead of the configuration's select and ignore",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="C,..",
        help="drop these codes or prefixes too (on top of the configuration's ignore)",
    )
    parser.add_argument(
        "--extend-select",
        action="append",
        metavar="C,..",
        help="report these codes or prefixes too (on top of the configuration's selection)",
    )
    parser.add_argument(
        "--extend-ignore",
        action="append",
        metavar="C,..",
        help="the same as --ignore (as in ruff)",
    )
    parser.add_argument(
        "--show-settings",
        action="store_true",
        help="print the configuration file used, each setting with its value and where it "
        "came from, and the codes selected, instead of checking",
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="count the diagnostics of each code instead of listing them, most frequent first",
    )
    parser.add_argument(
        "--ignore-noqa",
        action="store_true",
        help="report the findings that noqa in a row's notes would hide (as ruff's --ignore-noqa)",
    )
    parser.add_argument(
        "--warn-unused-noqa",
        action="store_true",
        help="name on standard error each noqa that hid nothing, and exit 1 if any did "
        "(as mypy's --warn-unused-ignores)",
    )
    _config(parser)
    _sheet(parser)
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of the screen")
    _engine_arguments(parser)
    _jobs(parser)
    _progress(parser)


def _engine_arguments(
    parser: argparse.ArgumentParser,
    what: str = "pandas (this machine, the default) or dask (split by candidate over a cluster)",
) -> None:
    parser.add_argument("--engine", choices=["pandas", "dask"], default="pandas", help=what)
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running Dask scheduler (tcp://host:8786); "
        "default a local cluster",
    )


def _jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes for a big log (800k+ events) of several candidates; "
        "default 1: one process, the least memory",
    )


def _stats_arguments(parser: argparse.ArgumentParser) -> None:
    _logs(parser)
    parser.add_argument("--by", metavar="COL", help="group the metrics by this column")
    _as_of(parser)
    _format(parser, ("text", "json", "csv"))
    _config(parser)
    _sheet(parser)
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of the screen")
    _engine_arguments(parser)
    _jobs(parser)
    _progress(parser)


def _todo_arguments(parser: argparse.ArgumentParser) -> None:
    _logs(parser)
    _as_of(parser)
    _format(parser, ("text", "json"))
    parser.add_argument("--ics", metavar="FILE", help="also write reminders as an iCalendar file")
    parser.add_argument(
        "--candidate", metavar="C", help="only this candidate's plan (a log of several clients)"
    )
    _config(parser)
    _sheet(parser)
    _progress(parser)


def _progress(parser: argparse.ArgumentParser, what: str | None = None) -> None:
    """``--progress``/``--no-progress``: the stage line (default: a big log on a terminal)."""
    from followup_stats.progress import SHOWN_FROM_ROWS

    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=what
        or "name each stage on standard error as it starts (default: for a log of "
        f"{SHOWN_FROM_ROWS:,}+ rows, when standard error is a terminal)",
    )


def _rule_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", metavar="CODE", help="a rule code such as FU005")
    parser.add_argument("--all", action="store_true", help="list every code with its title")
    _format(parser, ("text", "json"))
    _config(parser)


def _anonymize_key_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--anonymize-key",
        metavar="FILE",
        help="with --anonymize (implied): who is who, read and written back, so pseudonyms "
        "stay the same from run to run; keep it private",
    )


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    _logs(parser, nargs=None, help=f"the log ({LOG_KINDS}), or a folder of logs")
    parser.add_argument("--out", metavar="DIR", help="folder for the report")
    _as_of(parser)
    parser.add_argument("--candidate", metavar="C", help="the candidate to report on")
    parser.add_argument("--anonymize", action="store_true", help="replace names by pseudonyms")
    _anonymize_key_argument(parser)
    parser.add_argument("--pdf", action="store_true", help="also write a PDF")
    parser.add_argument("--keep-ipynb", action="store_true", help="keep the executed notebook")
    _config(parser)
    _sheet(parser)


def _report_all_arguments(parser: argparse.ArgumentParser) -> None:
    _logs(
        parser,
        nargs=None,
        what="DIR_OR_LOG",
        help=f"a folder of logs, or one log ({LOG_KINDS})",
    )
    parser.add_argument("--out", metavar="DIR", help="folder for the reports")
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="reports to run at once: local processes, or the local Dask cluster's workers",
    )
    _as_of(parser)
    parser.add_argument("--anonymize", action="store_true", help="replace names by pseudonyms")
    _anonymize_key_argument(parser)
    _config(parser)
    _engine_arguments(
        parser,
        "pandas (a pool of local processes, the default) or dask (each report a task on a cluster)",
    )
    _progress(
        parser, "a progress bar on standard error (default: when standard error is a terminal)"
    )


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    _logs(
        parser,
        what="FILE",
        help=f"files to convert: tracker exports or spreadsheets ({SPREADSHEET_LIST})",
    )
    parser.add_argument(
        "--from",
        dest="source_format",
        choices=["auto", "wide", "linkedin", "huntr", "teal"],
        default="auto",
        help="format of the input (default: auto)",
    )
    parser.add_argument(
        "--map", metavar="F", help="mapping file (TOML): which column is which, status words"
    )
    _sheet(parser)
    parser.add_argument(
        "--out", metavar="FILE", help="the canonical log to write (default: standard output)"
    )


def _simulate_arguments(parser: argparse.ArgumentParser) -> None:
    # The simulator declares its own options (--candidates, --applications,
    # --seed, --out); they are parsed in run_simulate.
    parser.set_defaults(passthrough=[])


@dataclasses.dataclass(frozen=True)
class Command:
    """One subcommand: its name, one-line help, options, and handler (``None``: not yet)."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    handler: Handler | None
    passthrough: bool = False


#: Every subcommand. To wire one, put its handler in place of ``None``.
COMMANDS: tuple[Command, ...] = (
    Command("check", "check a log against follow-up etiquette", _check_arguments, run_check),
    Command("stats", "response times, outcome rates and patience", _stats_arguments, run_stats),
    Command("todo", "what each open application allows, and from when", _todo_arguments, run_todo),
    Command("rule", "explain a rule code", _rule_arguments, run_rule),
    Command("report", "a candidate's HTML report", _report_arguments, run_report),
    Command(
        "report-all",
        "one report per candidate plus a cohort review",
        _report_all_arguments,
        run_report_all,
    ),
    Command("import", "convert other formats to a canonical log", _import_arguments, run_import),
    Command("simulate", "write a realistic synthetic log", _simulate_arguments, run_simulate, True),
)
COMMANDS_BY_NAME: dict[str, Command] = {command.name: command for command in COMMANDS}


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit code 2.

    argparse prints the whole usage block before the error; the contract is
    one clear line, with the way to the full usage in it.
    """

    def error(self, message: str) -> NoReturn:
        """Print ``message`` on one line with a pointer to ``--help``; exit 2."""
        text = " ".join(message.split())
        self.exit(EXIT_USAGE, f"{self.prog}: error: {text} (see '{self.prog} --help')\n")

    def unrecognized(self, extra: Sequence[str]) -> NoReturn:
        """Refuse the arguments ``extra`` this parser did not take, naming the closest
        option to each mistyped one (``--selct``: did you mean ``--select``?)."""
        known = [
            option
            for action in self._actions
            for option in action.option_strings
            if option.startswith("--")
        ]
        hints = []
        for argument in extra:
            typed = argument.split("=", 1)[0]
            if not typed.startswith("-") or len(typed) < 3 or typed in known:
                continue  # a value, a short option, or an option given where it is not taken
            match = closest(typed, known)
            if match:
                hints.append((typed, match[0]))
        if len(hints) == 1:
            hint = f" (did you mean {hints[0][1]}?)"
        elif hints:
            hint = " (" + "; ".join(f"{typed}: did you mean {match}?" for typed, match in hints)
            hint += ")"
        else:
            hint = ""
        self.error(f"unrecognized arguments: {' '.join(extra)}{hint}")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """Refuse a command that is not one, with the closest command if one is close."""
        if (
            isinstance(action, argparse._SubParsersAction)
            and action.choices is not None
            and value not in action.choices
        ):
            commands = list(action.choices)
            match = closest(str(value), commands)
            hint = f"did you mean {match[0]!r}?" if match else f"commands: {', '.join(commands)}"
            raise argparse.ArgumentError(None, f"unknown command {value!r} ({hint})")
        super()._check_value(action, value)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand of :data:`COMMANDS`."""
    parser = OneLineParser(
        prog=PROG,
        description="Check a job-search log against follow-up etiquette, and more.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.name,
            help=command.help,
            description=command.help,
            allow_abbrev=False,
            add_help=not command.passthrough,
        )
        command.add_arguments(sub)
    return parser


# -- entry point -----------------------------------------------------------------------------


def _exit_status(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_USAGE


def _error(message: str) -> None:
    """Print ``message`` on standard error as one line, file names in it printed safely.

    A file name is printed bare, as the user typed it (``--output log.csv: ...``):
    its line breaks become spaces and its other control characters are escaped
    (:func:`~followup_stats.errors.printable`); bytes that are not UTF-8 are
    escaped on the way out (:func:`_escaped_bytes`).
    """
    text = printable(" ".join(str(message).split()))  # one line, whatever the message holds
    print(f"{PROG}: {text}", file=sys.stderr)


def _subparser(parser: argparse.ArgumentParser, name: str) -> OneLineParser:
    """The parser of the command ``name`` in ``parser`` (:func:`build_parser`)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            sub = action.choices[name]
            if isinstance(sub, OneLineParser):
                return sub
    return OneLineParser(prog=f"{PROG} {name}")


def _dispatch(parser: argparse.ArgumentParser, argv: list[str] | None) -> int:
    try:
        args, extra = parser.parse_known_args(argv)
    except SystemExit as exc:
        return _exit_status(exc)
    command = COMMANDS_BY_NAME[args.command]
    if command.passthrough:
        args.passthrough = extra
    elif extra:
        try:
            _subparser(parser, command.name).unrecognized(extra)
        except SystemExit as exc:
            return _exit_status(exc)
    if command.handler is None:
        _error(f"{command.name!r} is not available yet")
        return EXIT_USAGE
    return command.handler(args)


#: The error handler of standard output and error (:func:`_escaped_bytes`).
_ESCAPE_BYTES = "followup_stats.escape_bytes"


def _escaped_bytes(error: UnicodeError) -> tuple[str, int]:
    """Text that cannot be printed, escaped: a byte of a file name that is not UTF-8
    (a surrogate, PEP 383) as ``\\xe9``, as :func:`~followup_stats.errors.shown_name`
    writes it, anything else as ``\\u....``."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    shown = (
        f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else f"\\u{ord(c):04x}"
        for c in bad
    )
    return "".join(shown), error.end


def main(argv: list[str] | None = None) -> int:
    """Run ``followup-stats`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Parameters
    ----------
    argv
        The arguments after the program name.

    Returns
    -------
    int
        0 fine, 1 ``check`` found errors, 2 bad input or usage, 3 internal error.
    """
    keep_freed_memory()
    codecs.register_error(_ESCAPE_BYTES, _escaped_bytes)
    for stream in (sys.stdout, sys.stderr):  # a file name not UTF-8 is printed, never fatal
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors=_ESCAPE_BYTES)
    parser = build_parser()
    try:
        return _dispatch(parser, argv)
    except UnreadableLogs as exc:  # none of the logs could be read: each one's line
        _say_unreadable(exc.errors)
        return EXIT_USAGE
    except FollowupStatsError as exc:
        _error(f"error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``followup-stats check log.csv | head``): stop quietly,
        # with the shell's code for a broken pipe (128 + SIGPIPE).
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_BROKEN_PIPE
    except Exception as exc:
        if os.environ.get("FOLLOWUP_STATS_DEBUG"):
            traceback.print_exc()
        _error(
            f"internal error: {type(exc).__name__}: {exc} "
            "(set FOLLOWUP_STATS_DEBUG=1 for the traceback)"
        )
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The ``followup-stats`` program: :func:`main`, then leave without tearing down.

    Python frees every object one by one when it shuts down, and after a big log
    that is gigabytes of tables the process no longer needs (about 0.1 s at a
    million events). Like mypy, the program flushes its output and ends at once
    when nothing else is running: not while another thread or a child process
    (report-all's workers, a Dask cluster) may still have clean-up to do at exit.
    """
    code = main()
    if not _alone():
        sys.exit(code)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None when started with the descriptor closed (>&-)
                stream.flush()
    except BrokenPipeError:  # the reader left before the last of the output
        code = EXIT_BROKEN_PIPE
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)


def _alone() -> bool:
    """Whether this process runs nothing that waits for the end of the interpreter.

    Another live thread that is not a daemon, a child process, or a Dask engine
    (its cluster closes at exit) is reason to end as Python does.
    """
    import threading

    others = [
        thread
        for thread in threading.enumerate()
        if thread is not threading.main_thread() and not thread.daemon
    ]
    if others or "distributed" in sys.modules:
        return False
    children = sys.modules.get("multiprocessing")
    return children is None or not children.active_children()


if __name__ == "__main__":
    run()
