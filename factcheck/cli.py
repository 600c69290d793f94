"""The command line: the only module that prints or chooses an exit status.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .checker import CheckResult, Project
from .diagnostics import ConfigurationError
from .reporters import REPORTERS, format_text
from .spelling import did_you_mean
from .validation import SCHEMA_DIR, SOURCES_SCHEMA, source_id_schema

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="build.py", description="Check the fact-check's claims and build its site.")
    parser.add_argument("--root", type=Path, help="project root (default: the directory of build.py)")
    # `python build.py --drafts`: the default command takes its option without being named.
    parser.add_argument("--drafts", dest="default_drafts", action="store_true",
                        help="with no command: build, publishing draft claims too")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="check, then build the site into site/ (the default)")
    build.add_argument("--drafts", action="store_true", help="publish draft claims too")

    check = commands.add_parser("check", help="check claims; all of claims/, or the files named")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.add_argument("--format", choices=sorted(REPORTERS), default=None,
                       help="output format (default: github under GitHub Actions, else text)")
    check.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="check files in N processes (default: every core, for 1,000 files or more)")

    serve = commands.add_parser("serve", help="live preview; edits to claims/, seeds/, docs/ reload")
    serve.add_argument("--drafts", action="store_true", help="show draft claims too")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")

    commands.add_parser("schema", help="regenerate schema/sources.schema.json (editor completion of source ids)")

    diff = commands.add_parser("diff", help="what the working tree changes in the fact-check against BASE")
    diff.add_argument("base", nargs="?", metavar="BASE",
                      help="a git revision (default: the merge-base of HEAD and main)")
    diff.add_argument("--format", choices=("markdown", "json"), default="markdown")

    locate = commands.add_parser("locate", help="find a passage in a source; print a citation to paste")
    locate.add_argument("source", metavar="SOURCE", help="a source id (or its file in seeds/)")
    locate.add_argument("text", metavar="TEXT", help="the passage, as you copied it; '-' reads it from stdin")
    locate.add_argument("--stance", choices=("supports", "refutes", "context"),
                        help="the stance to write into the block (default: context, with a comment)")

    fix = commands.add_parser("fix", help="re-anchor stale start/end of citations after a source was corrected")
    fix.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    fix.add_argument("--dry-run", action="store_true", help="print a unified diff; write nothing")

    new = commands.add_parser("new", help="start claims/CLAIM-ID.yaml from a commented template")
    new.add_argument("claim_id", metavar="CLAIM-ID")
    return parser


def _claim_paths(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.yaml")))
        elif path.exists():
            found.append(path)
        else:
            raise ConfigurationError(f"no such file: {path}")
    return found


def _run_check(project: Project, args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise ConfigurationError("--jobs must be at least 1")
    result = project.check(_claim_paths(args.paths) if args.paths else None, jobs=args.jobs)
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    sys.stdout.write(REPORTERS[fmt](result))
    return EXIT_OK if result.ok else EXIT_ERRORS


def _report_failed_check(result: CheckResult) -> None:
    sys.stderr.write(format_text(result))
    print("build.py: the check failed; site/ was left as it was", file=sys.stderr)


def _run_build(project: Project, args: argparse.Namespace) -> int:
    result = project.check()
    if not result.ok:
        _report_failed_check(result)
        return EXIT_ERRORS
    from .site.build import SiteBuildError, build_site  # the site pulls in MkDocs: load it only here

    if result.warnings:
        sys.stderr.write(format_text(result))
    try:
        report = build_site(project, result, drafts=args.drafts)
    except SiteBuildError as exc:
        print(f"build.py: {exc}; site/ was left as it was", file=sys.stderr)
        return EXIT_ERRORS
    print(report)
    return EXIT_OK


def _run_serve(project: Project, args: argparse.Namespace) -> int:
    from .preview import serve  # the preview pulls in MkDocs: load it only here

    serve(project, drafts=args.drafts, dev_addr=args.dev_addr)
    return EXIT_OK


def _run_schema(project: Project, args: argparse.Namespace) -> int:
    path = project.root / SCHEMA_DIR / SOURCES_SCHEMA
    text = json.dumps(source_id_schema(project.library.ids), indent=2) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        print(f"{SCHEMA_DIR}/{SOURCES_SCHEMA} is up to date")
        return EXIT_OK
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    print(f"wrote {SCHEMA_DIR}/{SOURCES_SCHEMA} ({len(project.library.ids)} source ids)")
    return EXIT_OK


def _run_diff(project: Project, args: argparse.Namespace) -> int:
    from .review import format_markdown, review, to_json

    report = review(project, args.base)
    if args.format == "json":
        sys.stdout.write(json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_markdown(report, project.scale))
    return EXIT_OK  # a review describes; the check decides


def _run_locate(project: Project, args: argparse.Namespace) -> int:
    from .locate import format_location, locate

    source_id = args.source
    if source_id not in project.library and Path(source_id).stem in project.library:
        source_id = Path(source_id).stem  # seeds/<id>.txt, as a shell completes it
    source = project.library.get(source_id) if source_id in project.library else None
    if source is None:
        hint = did_you_mean(source_id, project.library.ids) or "known: " + ", ".join(project.library.ids)
        raise ConfigurationError(f"no readable source '{args.source}' in seeds/; {hint}")
    text = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        raise ConfigurationError("TEXT is empty: give the words of the passage to find")
    location = locate(source, text)
    sys.stdout.write(format_location(location, args.stance))
    return EXIT_OK if location.exact else EXIT_ERRORS


def _run_fix(project: Project, args: argparse.Namespace) -> int:
    from .fix import apply_fixes, plan_fixes

    plan = plan_fixes(project, _claim_paths(args.paths) if args.paths else None)
    verb = "would re-anchor" if args.dry_run else "re-anchored"
    for change in plan.changes:
        print(f"{change.file}:{change.line}:{change.column}: {verb} citation {change.citation} "
              f"({change.source}): start {change.old[0]} -> {change.new[0]}, "
              f"end {change.old[1]} -> {change.new[1]}")
    if args.dry_run:
        sys.stdout.write("".join(fix.unified_diff() for fix in plan.files))
    else:
        apply_fixes(plan)
    for item in plan.unrepaired:
        print(f"{item.file}:{item.line}:{item.column}: error[{item.code}] citation {item.citation}: "
              f"{item.message}\n    not repaired: {item.reason}", file=sys.stderr)
    files = len(plan.files)
    print(f"{'dry run: ' if args.dry_run else ''}{verb} {len(plan.changes)} citation"
          f"{'' if len(plan.changes) == 1 else 's'} in {files} file{'' if files == 1 else 's'}"
          f" of {plan.checked_files}; {len(plan.unrepaired)} citation"
          f"{'' if len(plan.unrepaired) == 1 else 's'} left for the analyst")
    return EXIT_ERRORS if plan.unrepaired else EXIT_OK


def _run_new(project: Project, args: argparse.Namespace) -> int:
    from .scaffold import create_claim

    path = create_claim(project, args.claim_id)
    print(f"wrote {project.relative(path)}: fill it in, then run "
          f"`python build.py check {project.relative(path)}`")
    return EXIT_OK


COMMANDS = {"build": _run_build, "check": _run_check, "serve": _run_serve, "schema": _run_schema,
            "diff": _run_diff, "locate": _run_locate, "fix": _run_fix, "new": _run_new}


def main(argv: Sequence[str] | None = None, root: Path | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "build"
    if command == "build" and not getattr(args, "drafts", False):
        args.drafts = args.default_drafts
    try:
        project = Project(args.root or root or Path.cwd())
        return COMMANDS[command](project, args)
    except ConfigurationError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def main_entry() -> None:
    """The `factcheck` console script (pre-commit hooks run it in the repository being checked)."""
    raise SystemExit(main(root=Path.cwd()))
