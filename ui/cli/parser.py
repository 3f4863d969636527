"""The command line's arguments: every command, its options and its --help text."""

from __future__ import annotations

import argparse

from ui.cli.app_commands import cmd_demo, cmd_gui, cmd_new
from ui.cli.backup_commands import cmd_backups
from ui.cli.case_review_commands import add_case_review_commands
from ui.cli.check_commands import cmd_check
from ui.cli.evidence_commands import cmd_import_evidence
from ui.cli.export_commands import cmd_export
from ui.cli.framework_commands import cmd_framework_template, cmd_frameworks, cmd_import_framework
from ui.cli.history_commands import cmd_history
from ui.cli.indicator_commands import cmd_import_indicators, cmd_indicator_template
from ui.cli.merge_commands import cmd_conflicts, cmd_merge
from ui.cli.review_commands import LEVELS, cmd_review
from ui.cli.team_commands import cmd_fieldwork_copy, cmd_team


def _add_indicator_commands(commands) -> None:
    template = commands.add_parser(
        "indicator-template",
        help="write a data return template (force in numbers) to fill in in Excel",
        description="Write a data return workbook: one row per indicator (name, group, "
        "unit, force value, period, comparator, which way is better, questions…) and a "
        "sheet of earlier periods for time series. With --from, it holds the indicators "
        "of an inspection (only read) to correct and import again. An existing file is "
        "never replaced.",
    )
    template.add_argument("out", metavar="OUT.xlsx", help="workbook to write")
    template.add_argument(
        "--from",
        dest="inspection",
        metavar="FILE",
        help="fill it with this inspection's indicators",
    )
    template.set_defaults(handler=cmd_indicator_template)

    data_return = commands.add_parser(
        "import-indicators",
        help="import a data return (force in numbers) from .xlsx or .csv",
        description="Import the indicators of a data return (an Excel workbook or a CSV "
        "file) into an inspection. Every row is checked first and nothing is imported "
        "until the whole return is valid; every problem is named by row and column. An "
        "indicator the inspection already has (same name and period) is updated, and "
        "each change is listed.",
    )
    data_return.add_argument("file", metavar="FILE", help="inspection file")
    data_return.add_argument("workbook", metavar="WORKBOOK", help="data return, .xlsx or .csv")
    data_return.add_argument(
        "--author", metavar="INITIALS", help="initials the change history records the import under"
    )
    data_return.set_defaults(handler=cmd_import_indicators)


def _add_team_and_merge_commands(commands) -> None:
    team = commands.add_parser(
        "team",
        help="list, add or remove members of the inspection team",
        description="List the inspection team, or add or remove a member. Initials are "
        "unique in the team; removing a member keeps their evidence.",
    )
    team.add_argument("file", metavar="FILE", help="inspection file")
    change = team.add_mutually_exclusive_group()
    change.add_argument("--add", metavar="INITIALS", help="add a member with these initials")
    change.add_argument("--remove", metavar="INITIALS", help="remove the member")
    team.add_argument("--name", metavar="NAME", help="the new member's name (with --add)")
    team.add_argument(
        "--role",
        choices=["lead", "inspector"],
        help="the new member's role (with --add; default inspector)",
    )
    team.set_defaults(handler=cmd_team)

    copy = commands.add_parser(
        "fieldwork-copy",
        help="make a copy of the inspection for one inspector's laptop",
        description="Write a fieldwork copy of the master inspection for one team member to "
        "work on offline; new evidence in it is recorded under their initials. "
        "Merge it back with the merge command.",
    )
    copy.add_argument("file", metavar="FILE", help="the master inspection file")
    copy.add_argument(
        "--for",
        dest="for_initials",
        required=True,
        metavar="INITIALS",
        help="initials of the team member the copy is for",
    )
    copy.add_argument(
        "--out", required=True, metavar="COPY.inspection", help="the copy to write (never replaced)"
    )
    copy.set_defaults(handler=cmd_fieldwork_copy)

    merge = commands.add_parser(
        "merge",
        help="merge fieldwork copies into the master inspection",
        description="Merge copies of the same inspection into TARGET: shows what each will "
        "add, update and delete and any conflicts, asks, backs TARGET up, then "
        "merges. The copies are only read.",
    )
    merge.add_argument("target", metavar="TARGET", help="inspection file to merge into")
    merge.add_argument("sources", nargs="+", metavar="SOURCE", help="copies to merge in")
    merge.add_argument("--yes", action="store_true", help="merge without asking")
    merge.add_argument(
        "--dry-run", action="store_true", help="only show what merging would do; change nothing"
    )
    merge.set_defaults(handler=cmd_merge)

    conflicts = commands.add_parser(
        "conflicts",
        help="list or resolve conflicts left by merging",
        description="List the rows changed in two copies that merging could not settle, or "
        "resolve one by keeping the current or the other version.",
    )
    conflicts.add_argument("file", metavar="FILE", help="inspection file")
    conflicts.add_argument("--all", action="store_true", help="include resolved conflicts")
    conflicts.add_argument(
        "--resolve",
        metavar="ID",
        help="conflict to resolve (the first characters of its id are enough)",
    )
    conflicts.add_argument(
        "--keep", choices=["current", "other"], help="which version to keep (with --resolve)"
    )
    conflicts.set_defaults(handler=cmd_conflicts)


# -- parser --------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Evidence Review: record inspection evidence against a framework, draw "
        "findings and graded judgments, and export a draft judgment summary. "
        "With no command, the app opens.",
    )
    parser.set_defaults(handler=cmd_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    gui = commands.add_parser(
        "gui",
        help="open the app (the default)",
        description="Open the app, optionally with an inspection file.",
    )
    gui.add_argument("file", nargs="?", metavar="FILE", help="inspection file to open")
    gui.add_argument("--demo", action="store_true", help="open a fresh copy of the demo")
    gui.add_argument(
        "--screenshot", metavar="PNG", help="save a screenshot of the main window to PNG and quit"
    )
    gui.set_defaults(handler=cmd_gui)

    demo = commands.add_parser(
        "demo",
        help="write the demo inspection (Hampshire, PEEL 2015) to a file",
        description="Write the demo inspection to a new file. The .inspection suffix is "
        "added when OUT has none; an existing file is never replaced.",
    )
    demo.add_argument("out", metavar="OUT", help="new inspection file, e.g. demo.inspection")
    demo.set_defaults(handler=cmd_demo)

    new = commands.add_parser(
        "new",
        help="start a new, empty inspection file",
        description="Start a new inspection of one force with a built-in or installed "
        "framework (see the frameworks command for the ids).",
    )
    new.add_argument("out", metavar="OUT", help="new inspection file, e.g. force.inspection")
    new.add_argument("--framework", required=True, metavar="ID", help="framework id")
    new.add_argument(
        "--framework-version", metavar="V", help="framework version (default: the latest installed)"
    )
    new.add_argument("--force", required=True, metavar="NAME", help="force being inspected")
    new.add_argument("--period", metavar="TEXT", help="inspection period, e.g. 2015")
    new.add_argument(
        "--title", metavar="TEXT", help="inspection title (default: force and framework name)"
    )
    new.set_defaults(handler=cmd_new)

    frameworks = commands.add_parser(
        "frameworks",
        help="list the built-in and installed frameworks",
        description="List the built-in and installed frameworks: id, name, version, "
        "questions and grades.",
    )
    frameworks.set_defaults(handler=cmd_frameworks)

    template = commands.add_parser(
        "framework-template",
        help="write a framework workbook to fill in or edit in Excel",
        description="Write a blank framework workbook (sheets framework, questions and "
        "grades) to author a framework in Excel, or, with --framework, an "
        "existing framework to start from. An existing file is never replaced.",
    )
    template.add_argument("out", metavar="OUT.xlsx", help="workbook to write")
    template.add_argument(
        "--framework",
        metavar="ID",
        help="write this framework's questions and grades instead of a blank template",
    )
    template.add_argument(
        "--framework-version", metavar="V", help="framework version (default: the latest)"
    )
    template.set_defaults(handler=cmd_framework_template)

    install = commands.add_parser(
        "import-framework",
        help="check a framework workbook and install the framework",
        description="Check a framework workbook and install its framework, so new "
        "inspections can use it. Every problem is listed with its sheet, row "
        "and column, and nothing is installed until there are none. Another "
        "version of an installed framework is kept beside it.",
    )
    install.add_argument("workbook", metavar="WORKBOOK.xlsx", help="framework workbook")
    install.add_argument(
        "--replace",
        action="store_true",
        help="replace an installed framework with the same id and version",
    )
    install.set_defaults(handler=cmd_import_framework)

    export = commands.add_parser(
        "export",
        help="export the draft judgment summary to Excel",
        description="Export the draft judgment summary (grades, rationale and the evidence "
        "register) of an inspection to an Excel workbook. The inspection file "
        "is only read. Notes of sensitive evidence are withheld unless "
        "--include-sensitive is given.",
    )
    export.add_argument("file", metavar="FILE", help="inspection file")
    export.add_argument("--out", required=True, metavar="OUT.xlsx", help="workbook to write")
    export.add_argument(
        "--include-sensitive",
        action="store_true",
        help="include the notes of evidence marked sensitive",
    )
    export.add_argument(
        "--overwrite", action="store_true", help="replace OUT.xlsx if it already exists"
    )
    export.add_argument(
        "--generated-by",
        metavar="NAME",
        help="who the summary is generated by: a team member's initials put their name on "
        "it (default: the inspector a fieldwork copy is for)",
    )
    export.set_defaults(handler=cmd_export)

    evidence_log = commands.add_parser(
        "import-evidence",
        help="import evidence from a spreadsheet log (.xlsx or .csv)",
        description="Import the rows of an evidence log (an Excel workbook or a CSV file) "
        "into an inspection as evidence items. Columns are recognised by their "
        "headers (summary, source type and questions are needed). Every row is "
        "checked first and nothing is imported until the whole log is valid; "
        "rows already imported are skipped, so the same log can be imported "
        "again as it grows.",
    )
    evidence_log.add_argument("file", metavar="FILE", help="inspection file")
    evidence_log.add_argument("log", metavar="LOG", help="evidence log, .xlsx or .csv")
    evidence_log.add_argument(
        "--author", metavar="INITIALS", help="initials for rows that name no author and have no ref"
    )
    evidence_log.add_argument(
        "--sheet", metavar="NAME", help="sheet of the workbook to import (default: the first)"
    )
    evidence_log.add_argument(
        "--map",
        action="append",
        metavar="HEADER=FIELD",
        help="import the column headed HEADER (or column letter) as "
        "FIELD (ref, date, source type, location, participants, "
        "summary, notes, assessment, questions, author, sensitive) "
        "or 'ignore'; may be repeated",
    )
    evidence_log.set_defaults(handler=cmd_import_evidence)

    _add_indicator_commands(commands)
    add_case_review_commands(commands)
    _add_team_and_merge_commands(commands)

    history = commands.add_parser(
        "history",
        help="show or export the change history of an inspection",
        description="Show every recorded change to evidence, findings, judgments and their "
        "links, newest first: when (UTC, as stored), who (initials), what, the "
        "old and new value and why. The inspection file is only read.",
    )
    history.add_argument("file", metavar="FILE", help="inspection file")
    history.add_argument(
        "--since", metavar="DATE", help="only changes on or after this day (YYYY-MM-DD, UTC)"
    )
    history.add_argument(
        "--until", metavar="DATE", help="only changes on or before this day (YYYY-MM-DD, UTC)"
    )
    history.add_argument("--by", metavar="INITIALS", help="only changes made by this person")
    history.add_argument(
        "--csv",
        metavar="OUT.csv",
        help="write the changes to a CSV file for Excel instead of printing",
    )
    history.add_argument(
        "--include-sensitive",
        action="store_true",
        help="show the notes of evidence marked sensitive (withheld by default)",
    )
    history.add_argument(
        "--overwrite", action="store_true", help="replace OUT.csv if it already exists"
    )
    history.set_defaults(handler=cmd_history)

    check = commands.add_parser(
        "check",
        help="check an inspection file for damage",
        description="Check an inspection file for damage without changing it: a private "
        "copy of it is checked, so it may be open in the app meanwhile. With "
        "--repair, a copy is repaired into a new file and checked again. Exit "
        "status: 0 healthy, 1 problems found (or left after repair), 2 not an "
        "inspection file this app can read.",
    )
    check.add_argument("file", metavar="FILE", help="inspection file")
    check.add_argument(
        "--repair",
        metavar="NEW.inspection",
        help="repair what can be repaired into this new file; FILE is not changed",
    )
    check.set_defaults(handler=cmd_check)

    review = commands.add_parser(
        "review",
        help="run the lead inspector's judgment checks",
        description="Run the judgment checks over an inspection without changing it: "
        "ungraded questions, grades above the framework's cause of concern cap, grades "
        "with nothing behind them, findings that rest on too little, thin coverage. Each "
        "result says how serious it is (must fix, look again, note) and where. Exit "
        "status: 0 nothing must be fixed, 1 something must, 2 bad input.",
    )
    review.add_argument("file", metavar="FILE", help="inspection file")
    review.add_argument("--json", action="store_true", help="print the results as JSON")
    review.add_argument(
        "--severity",
        choices=list(LEVELS),
        default="note",
        help="show results this serious or more (default: note, everything)",
    )
    review.set_defaults(handler=cmd_review)

    backups = commands.add_parser(
        "backups",
        help="list an inspection's automatic backups, or restore one",
        description="List the backups the app made of an inspection file (when it was "
        "opened, every half hour while it changed, and before every merge, "
        "import and restore), newest first, with their evidence and findings. "
        "With --restore, copy one into a new file; nothing is ever overwritten.",
    )
    backups.add_argument("file", metavar="FILE", help="inspection file")
    backups.add_argument(
        "--restore", metavar="BACKUP", help="backup to restore (its path, or its name as listed)"
    )
    backups.add_argument(
        "--out", metavar="NEW.inspection", help="new file to restore into (with --restore)"
    )
    backups.set_defaults(handler=cmd_backups)
    return parser
