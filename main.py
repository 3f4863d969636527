"""Evidence Review: the command-line entry point.

With no sub-command (or ``gui``) it opens the app; the other sub-commands work
without a window: write the demo inspection, start a new inspection, list,
author and install frameworks, import evidence logs, export the draft judgment
summary and check a file.

Bad input is reported as one ``error: …`` line with exit status 2 and leaves
every file as it was; anything unexpected is one line with exit status 1 and
the details go to the log file. Heavy modules are imported inside each command
so ``--help`` answers at once.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager
import logging
import sys
from pathlib import Path

INSPECTION_SUFFIX = ".inspection"
WORKBOOK_SUFFIX = ".xlsx"
log = logging.getLogger("evidence_review")


class CommandError(Exception):
    """Bad input noticed by the command line itself (exit status 2)."""


# -- helpers -------------------------------------------------------------------
def _output_path(text: str, suffix: str, what: str) -> Path:
    """``text`` as a new file name ending in ``suffix`` (added when there is none)."""
    path = Path(text)
    if not path.suffix:
        path = path.with_name(path.name + suffix)
    elif path.suffix.lower() != suffix:
        raise CommandError(f"{path} does not end in {suffix}; name the {what} like "
                           f"{path.stem}{suffix}.")
    return path


def _refuse_existing(path: Path, hint: str = "choose another name") -> None:
    if path.exists():
        raise CommandError(f"{path} already exists; {hint}.")


def _is_bad_input(error: Exception) -> bool:
    from storage.file.errors import StorageError
    from storage.frameworks.library import UnknownFrameworkError

    return isinstance(error, (CommandError, StorageError, UnknownFrameworkError))


def _setup_logging() -> Path | None:
    """Send log records to a rotating file in the user log folder; its path, if any."""
    from logging.handlers import RotatingFileHandler

    try:
        from storage.file.app_paths import log_dir

        path = log_dir() / "evidence-review.log"
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None  # an unwritable log folder must not stop the command itself
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def _one_line(text: object) -> str:
    return " ".join(str(text).splitlines()).strip()


def _record_as(inspection, initials: str | None = None) -> None:
    """Whom the change history records a command's changes under: the initials given,
    else the inspector a fieldwork copy is for, else no one in particular."""
    inspection.actor = (initials or "").strip() or inspection.default_author or ""


def _command_name() -> str:
    """The name of the command being run, as the lock file records it."""
    return _running_command or "command"


_running_command = ""


def _lock_for_command(path: Path):
    """The app's lock on ``path`` for a command that will change it (``None`` when the
    folder allows no lock file); refused when the app, or another command, has it."""
    from storage.file.errors import FileOpenElsewhereError
    from storage.file.file_lock import InspectionLock

    lock = InspectionLock(path, program=_command_name())
    try:
        return lock.acquire()
    except FileOpenElsewhereError as e:
        holder = e.holder
        if holder is None:
            raise CommandError(f"{path.name} is open in another copy of Evidence Review; "
                               "close it there first, then run this command again.") from None
        if holder.is_app:
            raise CommandError(f"{holder.in_use(path.name)}; close it there first, then run "
                               "this command again.") from None
        raise CommandError(f"{holder.in_use(path.name)}; wait for it to finish, then run "
                           "this command again.") from None
    except OSError:
        return None  # e.g. a read-only folder: SQLite's own locking still applies


@contextmanager
def _editing(path: Path):
    """The inspection at ``path`` opened for a command that changes it.

    A file open in the app is refused: the window would not show what the
    command wrote, and its next autosave could undo it. The app's lock is held
    while the command runs so the app cannot open the file half-way through.
    """
    from storage.file.inspection_file import InspectionFile

    path = Path(path)
    lock = _lock_for_command(path)
    try:
        with InspectionFile.open(path) as inspection:
            yield inspection
    finally:
        if lock is not None:
            lock.release()


# -- commands ------------------------------------------------------------------
def cmd_gui(args: argparse.Namespace) -> int:
    from ui.app import run_gui

    file = Path(args.file) if getattr(args, "file", None) else None
    screenshot = Path(args.screenshot) if getattr(args, "screenshot", None) else None
    return run_gui(file=file, demo=bool(getattr(args, "demo", False)), screenshot=screenshot)


def cmd_demo(args: argparse.Namespace) -> int:
    from storage.demo import write_demo

    out = _output_path(args.out, INSPECTION_SUFFIX, "inspection file")
    _refuse_existing(out)
    with write_demo(out) as inspection:
        evidence = inspection.evidence.count()
        findings = len(inspection.findings.for_question())
        title = inspection.inspection.title
    print(f"Wrote the demo inspection \"{title}\" to {out}: "
          f"{evidence} evidence items, {findings} findings.")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from storage.frameworks.library import find_framework
    from storage.file.inspection_file import InspectionFile

    framework = find_framework(args.framework, args.framework_version)
    out = _output_path(args.out, INSPECTION_SUFFIX, "inspection file")
    _refuse_existing(out)
    if not args.force.strip():
        raise CommandError("--force is empty; give the name of the force being inspected.")
    with InspectionFile.create(out, framework, force=args.force, title=args.title or "",
                               period=args.period or "") as inspection:
        title = inspection.inspection.title
    print(f"Created {out}: \"{title}\" using {framework.title}, "
          f"{len(framework.questions)} questions.")
    return 0


def cmd_frameworks(args: argparse.Namespace) -> int:
    from storage.frameworks.library import (available_frameworks, builtin_frameworks,
                                           library_problems, user_framework_dir)

    builtin = {(f.id, f.version) for f in builtin_frameworks()}
    frameworks = available_frameworks()
    if not frameworks:
        print("No frameworks are available.")
    for framework in frameworks:
        where = "built-in" if (framework.id, framework.version) in builtin else "installed"
        print(f"{framework.id} ({where})")
        print(f"  {framework.name}, version {framework.version}")
        print(f"  {len(framework.questions)} questions, "
              f"{len(framework.core_questions())} graded core questions")
        print(f"  grades: {', '.join(g.name for g in framework.grades)}")
    print(f"Installed frameworks are kept in {user_framework_dir()}.")
    for problem in library_problems():
        print(f"warning: {_one_line(problem)}", file=sys.stderr)
    return 0


def _framework_label(framework) -> str:
    return f"{framework.id} ({framework.name}, version {framework.version})"


def cmd_framework_template(args: argparse.Namespace) -> int:
    from storage.frameworks.library import find_framework
    from storage.frameworks.workbook import write_framework_workbook
    from storage.workbooks.summary_export import check_destination

    if args.framework_version and not args.framework:
        raise CommandError("--framework-version needs --framework; name the framework too.")
    framework = (find_framework(args.framework, args.framework_version)
                 if args.framework else None)
    out = _output_path(args.out, WORKBOOK_SUFFIX, "workbook")
    _refuse_existing(out)
    check_destination(out)
    write_framework_workbook(framework, out)
    if framework is None:
        print(f"Wrote a blank framework template to {out}: fill in its framework, questions "
              f"and grades sheets, then install it with: main.py import-framework {out}")
    else:
        print(f"Wrote {_framework_label(framework)} to {out}: "
              f"{len(framework.questions)} questions, {len(framework.grades)} grades. "
              "Give it an id of its own (or a new version) before importing it.")
    return 0


def cmd_import_framework(args: argparse.Namespace) -> int:
    from storage.frameworks.library import (FrameworkAlreadyInstalledError, install_framework,
                                           installed_frameworks)
    from storage.frameworks.workbook import FrameworkWorkbookError, read_framework_workbook

    workbook = Path(args.workbook)
    try:
        framework = read_framework_workbook(workbook)
    except FrameworkWorkbookError as e:
        # Every problem on its own line, so they can all be fixed in one go.
        log.info("refused %s: %d problem(s)", workbook, len(e.problems))
        for problem in e.problems:
            print(f"error: {workbook}: {_one_line(problem)}", file=sys.stderr)
        return 2
    key = (framework.id, framework.version)
    replacing = any((f.id, f.version) == key for f in installed_frameworks())
    try:
        path = install_framework(framework, replace=args.replace)
    except FrameworkAlreadyInstalledError:
        raise CommandError(f"{_framework_label(framework)} is already installed; add "
                           "--replace to replace it, or give the workbook a new version.") \
            from None
    print(f"{'Replaced' if replacing else 'Installed'} {_framework_label(framework)}: "
          f"{len(framework.questions)} questions, {len(framework.core_questions())} graded "
          f"core questions, grades {', '.join(g.name for g in framework.grades)}; "
          f"kept in {path}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from storage.file.inspection_file import InspectionFile
    from storage.workbooks.summary_export import check_destination, export_summary

    out = _output_path(args.out, WORKBOOK_SUFFIX, "workbook")
    if not args.overwrite:
        _refuse_existing(out, "add --overwrite to replace it")
    # Refuse a bad output before opening the inspection at all.
    check_destination(out)
    # Read-only: exporting must never change the inspection file.
    with InspectionFile.open(Path(args.file), readonly=True) as inspection:
        result = export_summary(inspection, out, include_sensitive=args.include_sensitive,
                                generated_by=args.generated_by or _login_name())
    withheld = (f"; {result.sensitive_withheld} sensitive notes withheld "
                "(add --include-sensitive to include them)" if result.sensitive_withheld else "")
    print(f"Wrote the draft judgment summary to {out}: {result.graded} of {result.judgments} "
          f"judgments graded, {result.evidence_items} evidence items{withheld}.")
    return 0


def cmd_import_evidence(args: argparse.Namespace) -> int:
    from models.evidence_log_fields import field_from_name
    from storage.evidence_logs.importer import (EvidenceLogProblems, column_mapping,
                                         import_log_table)
    from storage.evidence_logs.reader import read_log
    from storage.file.inspection_file import InspectionFile

    choices = {}
    for pair in args.map or []:
        header, _, name = pair.rpartition("=")
        if not header.strip():
            raise CommandError(f"--map {pair!r} is not HEADER=FIELD, e.g. --map 'Obs=summary'.")
        try:
            choices[header] = field_from_name(name)
        except ValueError as e:
            raise CommandError(f"--map {pair!r}: {e}.") from None
    with _editing(Path(args.file)) as inspection:
        _record_as(inspection, args.author)
        table = read_log(Path(args.log), args.sheet)
        mapping = column_mapping(table.sheet.headers, choices, default_author=args.author or "",
                                 command_line=True)
        from storage.backups.automatic import BEFORE_IMPORT, create_backup
        create_backup(inspection, BEFORE_IMPORT)
        try:
            result = import_log_table(inspection, table, mapping,
                                      default_author=args.author or "")
        except EvidenceLogProblems as e:
            # Every problem on its own line, so they can all be corrected in one go.
            log.info("refused %s: %d problem(s)", args.log, e.total)
            for line in e.lines():
                print(f"error: {e.source_name}: {_one_line(line)}", file=sys.stderr)
            print(f"error: nothing was imported; correct the {e.total} problem(s) in "
                  f"{e.source_name} and import it again.", file=sys.stderr)
            return 2
    print(result.message(Path(args.file).name))
    return 0


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some service and container sessions
        return ""


def cmd_check(args: argparse.Namespace) -> int:
    from storage.health.check import check_inspection

    if args.repair:
        return _repair(args)
    report = check_inspection(Path(args.file))
    _print_report(report)
    if report.healthy:
        return 0
    print(f"{len(report.problems)} problem(s) found. Keep a copy of the file as it is "
          "before trying to repair it.")
    if report.repair_hint:
        print(report.repair_hint)
    return 1


def _print_report(report) -> None:
    print(f"Checking {report.path} (schema version {report.schema_version})")
    for passed in report.checks_passed:
        print(f"  ok       {passed}")
    for skipped in report.skipped:
        print(f"  skipped  {skipped}")
    for problem in report.problems:
        print(f"  PROBLEM  {problem}")
    if report.healthy:
        print("No problems found.")


def _repair(args: argparse.Namespace) -> int:
    from storage.health.check import check_inspection
    from storage.health.repair import repair_into

    out = _output_path(args.repair, INSPECTION_SUFFIX, "repaired inspection")
    _refuse_existing(out, "a file is repaired into a new file only")
    result = repair_into(Path(args.file), out)
    print(f"Repaired a copy of {args.file} into {out}; {args.file} was left as it is.")
    for line in result.repaired:
        print(f"  repaired  {line}")
    for line in result.left:
        print(f"  LEFT      {line}")
    report = check_inspection(out)
    _print_report(report)
    if report.healthy:
        return 0
    print(f"{len(report.problems)} problem(s) remain in {out}; restore a backup instead "
          f"(main.py backups {args.file}).")
    return 1


def _day_option(text: str | None, option: str):
    from datetime import date

    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD, "
                           "e.g. 2026-03-02.") from None


def cmd_history(args: argparse.Namespace) -> int:
    from models.history import HistoryFilter, change_text, describe, utc_text, withhold_sensitive
    from storage.workbooks.history_export import write_history_csv
    from storage.file.inspection_file import InspectionFile
    from storage.workbooks.summary_export import check_destination

    since, until = _day_option(args.since, "--since"), _day_option(args.until, "--until")
    if since and until and since > until:
        raise CommandError(f"--since {since} is after --until {until}; swap them.")
    wanted = HistoryFilter(actor=(args.by or "").strip().upper() or None, since=since,
                           until=until)
    out = None
    if args.csv:
        out = _output_path(args.csv, ".csv", "CSV file")
        if not args.overwrite:
            _refuse_existing(out, "add --overwrite to replace it")
        check_destination(out)
    # Read-only: looking at the history never changes the inspection.
    with InspectionFile.open(Path(args.file), readonly=True) as inspection:
        if out is not None:
            written = write_history_csv(inspection, out, wanted,
                                        include_sensitive=args.include_sensitive)
            print(f"Wrote {written} change{'' if written == 1 else 's'} to {out}.")
            return 0
        shown = 0
        hidden = set() if args.include_sensitive else inspection.evidence.sensitive_ids()
        for entry in inspection.history.iter_rows(wanted):
            entry = withhold_sensitive(entry, hidden)
            if not shown:
                print(f"{'When (UTC)':<19}  {'Who':<4}  What")
            change, reason = change_text(entry), entry.reason
            print(f"{utc_text(entry.changed_at):<19}  {entry.actor or '-':<4}  "
                  f"{describe(entry)}{f': {change}' if change else ''}"
                  f"{f'  ({reason})' if reason else ''}")
            shown += 1
    print(f"{shown} change{'' if shown == 1 else 's'}." if shown else "No changes recorded"
          + (" that match." if (since or until or wanted.actor) else "."))
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from storage.backups.restore import restore_backup
    from storage.backups.automatic import backup_folder, list_backups, read_backup

    file = Path(args.file)
    if bool(args.restore) != bool(args.out):
        raise CommandError("--restore BACKUP and --out NEW.inspection go together.")
    if args.restore:
        out = _output_path(args.out, INSPECTION_SUFFIX, "restored inspection")
        _refuse_existing(out, "a backup is restored into a new file only")
        backup = Path(args.restore)
        if not backup.exists() and (backup_folder() / backup.name).exists():
            backup = backup_folder() / backup.name  # the name as listed is enough
        if read_backup(backup) is None:
            raise CommandError(f"{args.restore} is not a backup of an inspection; list the "
                               f"backups with: main.py backups {file}")
        restore_backup(backup, out, current=file if file.exists() else None)
        print(f"Restored {backup.name} into {out}; {file} was left as it is.")
        return 0
    if not file.exists():
        raise CommandError(f"{file} does not exist.")
    backups = list_backups(file)
    if not backups:
        print(f"No backups of {file} in {backup_folder()}.")
        return 0
    print(f"{len(backups)} backup(s) of {file}, newest first:")
    for b in backups:
        made = b.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"  {made}  {b.evidence:>6} evidence items  {b.findings:>4} findings  "
              f"{b.size / 1_048_576:6.1f} MB  {b.reason or '-':<15} {b.path}")
    print(f"Restore one into a new file with: main.py backups {file} --restore BACKUP "
          "--out NEW.inspection")
    return 0


# -- team, fieldwork copies, merging ---------------------------------------------
def cmd_team(args: argparse.Namespace) -> int:
    from models.merge_text import team_lines
    from storage.file.inspection_file import InspectionFile

    if (args.name is not None or args.role) and not args.add:
        raise CommandError("--name and --role go with --add, e.g. --add JS --name 'Jane Smith'.")
    if args.add:
        if not (args.name or "").strip():
            raise CommandError("--add needs --name, e.g. --add JS --name 'Jane Smith'.")
        with _editing(Path(args.file)) as inspection:
            _record_as(inspection)
            member = inspection.team.add(args.add, args.name, args.role or "inspector")
        print(f"Added {member.label} to the team as {member.role.label.lower()}.")
        return 0
    if args.remove:
        with _editing(Path(args.file)) as inspection:
            _record_as(inspection)
            member = inspection.team.remove(args.remove)
        print(f"Removed {member.label} from the team; their evidence stays as it is.")
        return 0
    with InspectionFile.open(Path(args.file), readonly=True) as inspection:
        members, title = inspection.team.list(), inspection.inspection.title
    print(f"Team of \"{title}\":")
    for line in team_lines(members):
        print(f"  {line}")
    return 0


def cmd_fieldwork_copy(args: argparse.Namespace) -> int:
    from storage.merge.fieldwork_copy import create_fieldwork_copy
    from storage.file.inspection_file import InspectionFile

    out = _output_path(args.out, INSPECTION_SUFFIX, "fieldwork copy")
    _refuse_existing(out)
    create_fieldwork_copy(Path(args.file), args.for_initials, out)
    with InspectionFile.open(out, readonly=True) as copy:
        initials = copy.default_author
    print(f"Wrote a fieldwork copy of {args.file} for {initials} to {out}; new evidence in it "
          f"is recorded as {initials}. Merge it back with: main.py merge {args.file} {out}")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from models.merge_text import plan_lines, result_line
    from storage.file.inspection_file import InspectionFile
    from storage.merge.merging import apply_merge, backup_before_merge, plan_merge

    target = Path(args.target)
    if not (args.yes or args.dry_run or sys.stdin.isatty()):
        raise CommandError(f"merging changes {target}; add --yes to merge without being asked, "
                           "or --dry-run to see what it would do.")
    probe = _lock_for_command(target)  # refused before any plan is shown
    if probe is not None:
        probe.release()
    # Every source is checked, and every plan made, before the target is opened for writing.
    with InspectionFile.open(target, readonly=True) as inspection:
        plans = [plan_merge(inspection, Path(source)) for source in args.sources]
    for plan in plans:
        print("\n".join(plan_lines(plan, target.name)))
    if len(plans) > 1:
        print(f"(Each copy is compared with {target.name} as it is now; merging one copy "
              "can add conflicts with the next.)")
    if args.dry_run:
        print("Dry run: nothing was changed.")
        return 0
    if all(plan.is_empty for plan in plans):
        print("Nothing to merge; nothing was changed.")
        return 0
    if not args.yes:
        copies = "1 file" if len(plans) == 1 else f"{len(plans)} files"
        answer = input(f"Merge {copies} into {target.name}? A backup is made first. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was merged.")
            return 1
    conflicts = 0
    with _editing(target) as inspection:
        _record_as(inspection)
        backup = backup_before_merge(inspection)
        print(f"Backed up {target} to {backup}")
        for i, plan in enumerate(plans):
            # Later plans were previewed before the earlier merges; they are recomputed.
            result = apply_merge(inspection, plan.source_path, plan if i == 0 else None)
            conflicts += result.total.conflicts + result.plan.carried_conflicts
            print(result_line(result))
    if conflicts:
        print(f"Review the conflicts with: main.py conflicts {target}")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from models.merge_text import conflict_lines
    from storage.file.inspection_file import InspectionFile
    from storage.merge.merging import list_conflicts, resolve_conflict

    if bool(args.resolve) != bool(args.keep):
        raise CommandError("--resolve ID and --keep current|other go together.")
    if args.resolve:
        with _editing(Path(args.file)) as inspection:
            _record_as(inspection)
            conflict = resolve_conflict(inspection, args.resolve, args.keep)
        print(f"Resolved conflict {conflict.id[:8]} ({conflict.label}): "
              f"kept the {args.keep} version.")
        return 0
    with InspectionFile.open(Path(args.file), readonly=True) as inspection:
        conflicts = list_conflicts(inspection, unresolved_only=not args.all)
    which = ("conflict" if args.all else "unresolved conflict") + (
        "" if len(conflicts) == 1 else "s")
    print(f"{len(conflicts)} {which} in {args.file}" + (":" if conflicts else "."))
    for line in conflict_lines(conflicts):
        print(f"  {line}")
    if any(not c.resolved for c in conflicts):
        print(f"Resolve one with: main.py conflicts {args.file} --resolve ID --keep "
              "current|other")
    return 0


def _add_team_and_merge_commands(commands) -> None:
    team = commands.add_parser(
        "team", help="list, add or remove members of the inspection team",
        description="List the inspection team, or add or remove a member. Initials are "
                    "unique in the team; removing a member keeps their evidence.")
    team.add_argument("file", metavar="FILE", help="inspection file")
    change = team.add_mutually_exclusive_group()
    change.add_argument("--add", metavar="INITIALS", help="add a member with these initials")
    change.add_argument("--remove", metavar="INITIALS", help="remove the member")
    team.add_argument("--name", metavar="NAME", help="the new member's name (with --add)")
    team.add_argument("--role", choices=["lead", "inspector"],
                      help="the new member's role (with --add; default inspector)")
    team.set_defaults(handler=cmd_team)

    copy = commands.add_parser(
        "fieldwork-copy", help="make a copy of the inspection for one inspector's laptop",
        description="Write a fieldwork copy of the master inspection for one team member to "
                    "work on offline; new evidence in it is recorded under their initials. "
                    "Merge it back with the merge command.")
    copy.add_argument("file", metavar="FILE", help="the master inspection file")
    copy.add_argument("--for", dest="for_initials", required=True, metavar="INITIALS",
                      help="initials of the team member the copy is for")
    copy.add_argument("--out", required=True, metavar="COPY.inspection",
                      help="the copy to write (never replaced)")
    copy.set_defaults(handler=cmd_fieldwork_copy)

    merge = commands.add_parser(
        "merge", help="merge fieldwork copies into the master inspection",
        description="Merge copies of the same inspection into TARGET: shows what each will "
                    "add, update and delete and any conflicts, asks, backs TARGET up, then "
                    "merges. The copies are only read.")
    merge.add_argument("target", metavar="TARGET", help="inspection file to merge into")
    merge.add_argument("sources", nargs="+", metavar="SOURCE", help="copies to merge in")
    merge.add_argument("--yes", action="store_true", help="merge without asking")
    merge.add_argument("--dry-run", action="store_true",
                       help="only show what merging would do; change nothing")
    merge.set_defaults(handler=cmd_merge)

    conflicts = commands.add_parser(
        "conflicts", help="list or resolve conflicts left by merging",
        description="List the rows changed in two copies that merging could not settle, or "
                    "resolve one by keeping the current or the other version.")
    conflicts.add_argument("file", metavar="FILE", help="inspection file")
    conflicts.add_argument("--all", action="store_true", help="include resolved conflicts")
    conflicts.add_argument("--resolve", metavar="ID", help="conflict to resolve (the first "
                           "characters of its id are enough)")
    conflicts.add_argument("--keep", choices=["current", "other"],
                           help="which version to keep (with --resolve)")
    conflicts.set_defaults(handler=cmd_conflicts)


# -- parser --------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Evidence Review: record inspection evidence against a framework, draw "
                    "findings and graded judgments, and export a draft judgment summary. "
                    "With no command, the app opens.")
    parser.set_defaults(handler=cmd_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the app (the default)",
                              description="Open the app, optionally with an inspection file.")
    gui.add_argument("file", nargs="?", metavar="FILE", help="inspection file to open")
    gui.add_argument("--demo", action="store_true", help="open a fresh copy of the demo")
    gui.add_argument("--screenshot", metavar="PNG",
                     help="save a screenshot of the main window to PNG and quit")
    gui.set_defaults(handler=cmd_gui)

    demo = commands.add_parser(
        "demo", help="write the demo inspection (Hampshire, PEEL 2015) to a file",
        description="Write the demo inspection to a new file. The .inspection suffix is "
                    "added when OUT has none; an existing file is never replaced.")
    demo.add_argument("out", metavar="OUT", help="new inspection file, e.g. demo.inspection")
    demo.set_defaults(handler=cmd_demo)

    new = commands.add_parser(
        "new", help="start a new, empty inspection file",
        description="Start a new inspection of one force with a built-in or installed "
                    "framework (see the frameworks command for the ids).")
    new.add_argument("out", metavar="OUT", help="new inspection file, e.g. force.inspection")
    new.add_argument("--framework", required=True, metavar="ID", help="framework id")
    new.add_argument("--framework-version", metavar="V",
                     help="framework version (default: the latest installed)")
    new.add_argument("--force", required=True, metavar="NAME", help="force being inspected")
    new.add_argument("--period", metavar="TEXT", help="inspection period, e.g. 2015")
    new.add_argument("--title", metavar="TEXT",
                     help="inspection title (default: force and framework name)")
    new.set_defaults(handler=cmd_new)

    frameworks = commands.add_parser(
        "frameworks", help="list the built-in and installed frameworks",
        description="List the built-in and installed frameworks: id, name, version, "
                    "questions and grades.")
    frameworks.set_defaults(handler=cmd_frameworks)

    template = commands.add_parser(
        "framework-template", help="write a framework workbook to fill in or edit in Excel",
        description="Write a blank framework workbook (sheets framework, questions and "
                    "grades) to author a framework in Excel, or, with --framework, an "
                    "existing framework to start from. An existing file is never replaced.")
    template.add_argument("out", metavar="OUT.xlsx", help="workbook to write")
    template.add_argument("--framework", metavar="ID", help="write this framework's questions "
                          "and grades instead of a blank template")
    template.add_argument("--framework-version", metavar="V",
                          help="framework version (default: the latest)")
    template.set_defaults(handler=cmd_framework_template)

    install = commands.add_parser(
        "import-framework", help="check a framework workbook and install the framework",
        description="Check a framework workbook and install its framework, so new "
                    "inspections can use it. Every problem is listed with its sheet, row "
                    "and column, and nothing is installed until there are none. Another "
                    "version of an installed framework is kept beside it.")
    install.add_argument("workbook", metavar="WORKBOOK.xlsx", help="framework workbook")
    install.add_argument("--replace", action="store_true",
                         help="replace an installed framework with the same id and version")
    install.set_defaults(handler=cmd_import_framework)

    export = commands.add_parser(
        "export", help="export the draft judgment summary to Excel",
        description="Export the draft judgment summary (grades, rationale and the evidence "
                    "register) of an inspection to an Excel workbook. The inspection file "
                    "is only read. Notes of sensitive evidence are withheld unless "
                    "--include-sensitive is given.")
    export.add_argument("file", metavar="FILE", help="inspection file")
    export.add_argument("--out", required=True, metavar="OUT.xlsx", help="workbook to write")
    export.add_argument("--include-sensitive", action="store_true",
                        help="include the notes of evidence marked sensitive")
    export.add_argument("--overwrite", action="store_true",
                        help="replace OUT.xlsx if it already exists")
    export.add_argument("--generated-by", metavar="NAME",
                        help="who the summary is generated by (default: your login name)")
    export.set_defaults(handler=cmd_export)

    evidence_log = commands.add_parser(
        "import-evidence", help="import evidence from a spreadsheet log (.xlsx or .csv)",
        description="Import the rows of an evidence log (an Excel workbook or a CSV file) "
                    "into an inspection as evidence items. Columns are recognised by their "
                    "headers (summary, source type and questions are needed). Every row is "
                    "checked first and nothing is imported until the whole log is valid; "
                    "rows already imported are skipped, so the same log can be imported "
                    "again as it grows.")
    evidence_log.add_argument("file", metavar="FILE", help="inspection file")
    evidence_log.add_argument("log", metavar="LOG", help="evidence log, .xlsx or .csv")
    evidence_log.add_argument("--author", metavar="INITIALS",
                              help="initials for rows that name no author and have no ref")
    evidence_log.add_argument("--sheet", metavar="NAME",
                              help="sheet of the workbook to import (default: the first)")
    evidence_log.add_argument("--map", action="append", metavar="HEADER=FIELD",
                              help="import the column headed HEADER (or column letter) as "
                                   "FIELD (ref, date, source type, location, participants, "
                                   "summary, notes, assessment, questions, author, sensitive) "
                                   "or 'ignore'; may be repeated")
    evidence_log.set_defaults(handler=cmd_import_evidence)

    _add_team_and_merge_commands(commands)

    history = commands.add_parser(
        "history", help="show or export the change history of an inspection",
        description="Show every recorded change to evidence, findings, judgments and their "
                    "links, newest first: when (UTC, as stored), who (initials), what, the "
                    "old and new value and why. The inspection file is only read.")
    history.add_argument("file", metavar="FILE", help="inspection file")
    history.add_argument("--since", metavar="DATE",
                         help="only changes on or after this day (YYYY-MM-DD, UTC)")
    history.add_argument("--until", metavar="DATE",
                         help="only changes on or before this day (YYYY-MM-DD, UTC)")
    history.add_argument("--by", metavar="INITIALS", help="only changes made by this person")
    history.add_argument("--csv", metavar="OUT.csv",
                         help="write the changes to a CSV file for Excel instead of printing")
    history.add_argument("--include-sensitive", action="store_true",
                         help="show the notes of evidence marked sensitive (withheld by default)")
    history.add_argument("--overwrite", action="store_true",
                         help="replace OUT.csv if it already exists")
    history.set_defaults(handler=cmd_history)

    check = commands.add_parser(
        "check", help="check an inspection file for damage",
        description="Check an inspection file for damage without changing it: a private "
                    "copy of it is checked, so it may be open in the app meanwhile. With "
                    "--repair, a copy is repaired into a new file and checked again. Exit "
                    "status: 0 healthy, 1 problems found (or left after repair), 2 not an "
                    "inspection file this app can read.")
    check.add_argument("file", metavar="FILE", help="inspection file")
    check.add_argument("--repair", metavar="NEW.inspection",
                       help="repair what can be repaired into this new file; FILE is not "
                            "changed")
    check.set_defaults(handler=cmd_check)

    backups = commands.add_parser(
        "backups", help="list an inspection's automatic backups, or restore one",
        description="List the backups the app made of an inspection file (when it was "
                    "opened, every half hour while it changed, and before every merge, "
                    "import and restore), newest first, with their evidence and findings. "
                    "With --restore, copy one into a new file; nothing is ever overwritten.")
    backups.add_argument("file", metavar="FILE", help="inspection file")
    backups.add_argument("--restore", metavar="BACKUP",
                         help="backup to restore (its path, or its name as listed)")
    backups.add_argument("--out", metavar="NEW.inspection",
                         help="new file to restore into (with --restore)")
    backups.set_defaults(handler=cmd_backups)
    return parser


class _PrintableStream:
    """A terminal stream that shows control characters in what it is given as escapes.

    Names, summaries and messages come from files others made; an escape
    sequence or a carriage return in them must not rewrite what the terminal
    shows. Line breaks and tabs are kept.
    """

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        from models.safe_text import printable

        return self._stream.write(printable(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    global _running_command
    args = build_parser().parse_args(argv)
    _running_command = args.handler.__name__.removeprefix("cmd_").replace("_", "-")
    log_file = _setup_logging()
    log.info("command %s", args.handler.__name__.removeprefix("cmd_"))
    if args.handler is not cmd_gui:
        streams = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _PrintableStream(sys.stdout), _PrintableStream(sys.stderr)
        try:
            return _run(args, log_file)
        finally:
            sys.stdout, sys.stderr = streams
    return _run(args, log_file)


def _run(args: argparse.Namespace, log_file: Path | None) -> int:
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as e:
        if _is_bad_input(e):
            log.info("refused: %s", e)
            # A refused copy lists every offending row on its own line, then why.
            for problem in getattr(e, "problems", ()):
                print(f"error: {_one_line(problem)}", file=sys.stderr)
            print(f"error: {_one_line(getattr(e, 'head', e))}", file=sys.stderr)
            return 2
        log.exception("unexpected problem")
        where = f"details in {log_file}" if log_file else "no log file could be written"
        print(f"error: unexpected problem: {_one_line(f'{type(e).__name__}: {e}')} ({where})",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
