"""The case-file review commands: checklist-template, install-checklist,
import-case-reviews (a log of reviewed files) and case-reviews (the results)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ui.cli.common import (
    WORKBOOK_SUFFIX,
    CommandError,
    editing,
    one_line,
    output_path,
    record_as,
    refuse_existing,
)


def add_case_review_commands(commands) -> None:
    """The commands' arguments and --help texts."""
    template = commands.add_parser(
        "checklist-template",
        help="write a checklist workbook to author a case-file review checklist in Excel",
        description="Write a workbook whose 'checklist' sheet describes one case-file review "
        "checklist (title, theme, questions, then one row per item: its question, answer type, "
        "choices and an optional condition) with a sheet of notes on filling it in. With --from "
        "and --checklist it holds that checklist and a 'case reviews' sheet to log reviewed "
        "files in for import-case-reviews. An existing file is never replaced.",
    )
    template.add_argument("out", metavar="OUT.xlsx", help="workbook to write")
    template.add_argument("--from", dest="inspection", metavar="FILE", help="inspection to read")
    template.add_argument("--checklist", metavar="ID", help="checklist of FILE to write")
    template.set_defaults(handler=cmd_checklist_template)

    install = commands.add_parser(
        "install-checklist",
        help="install a checklist authored in a checklist workbook",
        description="Install the checklist a workbook's 'checklist' sheet describes into an "
        "inspection. Nothing is installed until the whole sheet is valid; every problem is "
        "named by row and column.",
    )
    install.add_argument("file", metavar="FILE", help="inspection file")
    install.add_argument("workbook", metavar="WORKBOOK", help="checklist workbook (.xlsx)")
    install.add_argument("--author", metavar="INITIALS", help="initials to record it under")
    install.set_defaults(handler=cmd_install_checklist)

    log = commands.add_parser(
        "import-case-reviews",
        help="import a log of reviewed case files (.xlsx or .csv) under a checklist",
        description="Import reviewed case files, one row a file: case reference, crime type, "
        "date reviewed, reviewer, notes, sensitive, then one column per checklist item headed "
        "by its number or its question. Every row is checked first and nothing is imported "
        "until the whole log is valid; every problem is named by row and column. Files "
        "already reviewed under the checklist are skipped, so a growing log can be imported "
        "again. The inspection is backed up first.",
    )
    log.add_argument("file", metavar="FILE", help="inspection file")
    log.add_argument("log", metavar="LOG", help="log of reviewed files, .xlsx or .csv")
    log.add_argument("--checklist", metavar="ID", required=True, help="checklist id or title")
    log.add_argument(
        "--author",
        metavar="INITIALS",
        help="initials to record the import under and for rows that name no reviewer",
    )
    log.set_defaults(handler=cmd_import_case_reviews)

    results = commands.add_parser(
        "case-reviews",
        help="print the results of case-file review checklists",
        description="Print each checklist's results item by item: how many files answered "
        "each way, as 'in 45 of 60 cases (75 %)', N/A left out of the count and shown apart, "
        "and the median and range of number items. The inspection file is only read.",
    )
    results.add_argument("file", metavar="FILE", help="inspection file")
    results.add_argument("--checklist", metavar="ID", help="only this checklist (id or title)")
    results.add_argument("--crime-type", metavar="TYPE", help="only files of this crime type")
    results.add_argument("--reviewer", metavar="INITIALS", help="only files this person reviewed")
    results.add_argument("--since", metavar="DATE", help="only files reviewed on or after this day")
    results.add_argument(
        "--until", metavar="DATE", help="only files reviewed on or before this day"
    )
    results.set_defaults(handler=cmd_case_reviews)


def _checklist(inspection, wanted: str):
    from storage.operations import find_checklist

    try:
        return find_checklist(inspection, wanted)
    except KeyError as e:
        raise CommandError(f"{e.args[0]} List them with: main.py case-reviews FILE") from None


def cmd_checklist_template(args: argparse.Namespace) -> int:
    from storage.operations import open_for_reading, write_checklist_file

    out = output_path(args.out, WORKBOOK_SUFFIX, "workbook")
    refuse_existing(out)
    if bool(args.inspection) != bool(args.checklist):
        raise CommandError("Give both --from FILE and --checklist ID, or neither.")
    if not args.inspection:
        write_checklist_file(out)
        print(
            f"Wrote a checklist template to {out}: describe the checklist in its checklist "
            f"sheet, then install it with: main.py install-checklist FILE {out}"
        )
        return 0
    source = Path(args.inspection)
    if not source.is_file():
        raise CommandError(f"{source} does not exist.")
    with open_for_reading(source) as inspection:
        checklist = _checklist(inspection, args.checklist)
        write_checklist_file(out, checklist)
    print(
        f"Wrote the checklist {checklist.title} to {out}, with a case reviews sheet to log "
        f"reviewed files in; import them with: main.py import-case-reviews FILE {out} "
        f"--checklist {checklist.id[:8]}"
    )
    return 0


def cmd_install_checklist(args: argparse.Namespace) -> int:
    from storage.operations import ChecklistWorkbookError, read_checklist_file, save_checklist

    with editing(Path(args.file)) as inspection:
        record_as(inspection, args.author)
        try:
            # The same two steps as the window's install: read the workbook, then save.
            checklist = save_checklist(
                inspection, read_checklist_file(Path(args.workbook), inspection.framework)
            )
        except ChecklistWorkbookError as e:
            for problem in e.problems:
                print(f"error: {e.path.name}: {one_line(problem)}", file=sys.stderr)
            print(
                f"error: nothing was installed; correct the {len(e.problems)} problem(s) and "
                "install it again.",
                file=sys.stderr,
            )
            return 2
    print(
        f"Installed the checklist {checklist.title} ({len(checklist.items)} items) as "
        f"{checklist.id[:8]}."
    )
    return 0


def cmd_import_case_reviews(args: argparse.Namespace) -> int:
    from storage.operations import CaseReviewLogProblems, import_case_reviews

    source = Path(args.log)
    with editing(Path(args.file)) as inspection:
        record_as(inspection, args.author)
        checklist = _checklist(inspection, args.checklist)
        try:
            imported = import_case_reviews(
                inspection, source, checklist.id, default_reviewer=args.author or ""
            )
        except CaseReviewLogProblems as e:
            # Every problem on its own line, so they can all be corrected in one go.
            for line in e.lines():
                print(f"error: {e.source_name}: {one_line(line)}", file=sys.stderr)
            print(
                f"error: nothing was imported; correct the {e.total} problem(s) in "
                f"{e.source_name} and import it again.",
                file=sys.stderr,
            )
            return 2
    print(
        f"Imported {len(imported.added)} reviewed file(s) from {source.name} under "
        f"{checklist.title}; {len(imported.skipped)} already reviewed were skipped."
    )
    for reference in imported.name_like:
        print(f"  check {reference}: it looks like a person's name, not a force reference")
    return 0


def _day(text: str | None, option: str):
    from models.evidence_logs.values import parse_log_date

    if not text:
        return None
    try:
        return parse_log_date(text)
    except ValueError as e:
        raise CommandError(f"{option}: {e}.") from None


def cmd_case_reviews(args: argparse.Namespace) -> int:
    from models.case_reviews.query import CaseFileQuery
    from models.case_reviews.results import percent, result_sentence
    from storage.operations import checklist_results, list_checklists, open_for_reading

    since, until = _day(args.since, "--since"), _day(args.until, "--until")

    with open_for_reading(Path(args.file)) as inspection:
        checklists = (
            [_checklist(inspection, args.checklist)]
            if args.checklist
            else list_checklists(inspection)
        )
        if not checklists:
            print(f"{Path(args.file).name} has no case-file review checklists.")
            return 0
        for checklist in checklists:
            query = CaseFileQuery(
                checklist.id,
                crime_type=args.crime_type,
                reviewer=args.reviewer,
                reviewed_from=since,
                reviewed_to=until,
            )
            results = checklist_results(inspection, query)
            codes = ", ".join(checklist.question_codes) or "no question"
            narrowed = f" ({query.description()})" if query.filtered else ""
            print(
                f"{checklist.title} ({checklist.id[:8]}, version {checklist.version},"
                f" {codes}): {results.files} file(s) reviewed{narrowed}"
            )
            for result in results.items:
                print(f"  {result.item.number}. {one_line(result_sentence(result))}")
                for count in result.counts:
                    share = percent(count.count, result.base)
                    print(f"       {count.label}: {count.count} of {result.base} ({share} %)")
    return 0
