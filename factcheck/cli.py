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

from .checker import CLAIM_SUFFIXES, CheckResult, Project
from .diagnostics import ConfigurationError
from .files import CONFIG_LIMIT, Unreadable, WriteFailed, printable, write_atomically
from .reporters import REPORTERS, format_text
from .validation import SCHEMA_DIR, SOURCES_SCHEMA, source_id_schema

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line, as every other error (the usage is one `--help` away).
        command = self.prog.split(" ", 1)[1] if " " in self.prog else None
        helping = f"build.py {command} --help" if command else "build.py --help"
        print(f"build.py: error: {message} (see `{helping}`)", file=sys.stderr)
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
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.add_argument("--format", choices=sorted(REPORTERS), default=None,
                       help="output format (default: github under GitHub Actions, else text)")
    check.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="check files in N processes (default: every core, for 1,000 files or more)")
    check.add_argument("--base", metavar="REV", default=None,
                       help="also apply the house rules that compare with a git revision (a published "
                            "claim changed since REV needs a new 'corrections' entry)")

    serve = commands.add_parser("serve", help="live preview; edits to claims/, seeds/, docs/ reload")
    serve.add_argument("--drafts", action="store_true", help="show draft claims too")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")

    commands.add_parser("schema", help="regenerate schema/sources.schema.json (editor completion of source ids)")

    diff = commands.add_parser("diff", help="what the working tree changes in the fact-check against BASE")
    diff.add_argument("base", nargs="?", metavar="BASE",
                      help="a git revision (default: the merge-base of HEAD and main)")
    diff.add_argument("--format", choices=("markdown", "json"), default="markdown")

    locate = commands.add_parser(
        "locate", help="find a passage in every source (or one); print a citation to paste",
        usage="build.py locate [--source SOURCE] [--stance STANCE] [SOURCE] TEXT")
    locate.add_argument("words", nargs="+", metavar="[SOURCE] TEXT",
                        help="the passage, as you copied it ('-' reads it from stdin); before it, "
                             "optionally, the source to search")
    locate.add_argument("--source", metavar="SOURCE",
                        help="search only this source: its id, its file in seeds/, or the start "
                             "of its id (004)")
    locate.add_argument("--stance", choices=("supports", "refutes", "context"),
                        help="the stance to write into the block (default: context, with a comment)")

    fix = commands.add_parser("fix", help="re-anchor stale start/end of citations after a source was corrected")
    fix.add_argument("paths", nargs="*", metavar="PATH")
    fix.add_argument("--dry-run", action="store_true", help="print a unified diff; write nothing")

    init = commands.add_parser("init", help="write a new fact-check desk into DIR (new or empty)")
    init.add_argument("directory", type=Path, metavar="DIR")

    new = commands.add_parser("new", help="start claims/CLAIM-ID.yaml from a commented template")
    new.add_argument("claim_id", metavar="CLAIM-ID")
    return parser


def _claim_paths(project: Project, paths: Sequence[str]) -> list[Path]:
    """The claim files the paths given on the command line name, exactly: a file is itself, a
    folder the claim files in it. A path that names none is a usage error, never a reason to
    fall back to the whole project."""
    found: list[Path] = []
    for given in paths:
        shown = printable(given)
        if not given.strip():
            raise ConfigurationError("an empty path was given: name claim files or a folder of them "
                                     "(or no path at all to check every claim)")
        path = Path(given)
        relative = project.files.relative(path)
        if relative is None:
            raise ConfigurationError(f"{shown} is outside the repository: only its own claim files are checked")
        if not os.path.lexists(path):
            raise ConfigurationError(f"no such file: {shown}")
        if not path.is_dir() or path.is_symlink():
            found.append(path)  # whatever it is, the checker reads it by the one rule (files.py)
            continue
        if relative == ".":
            raise ConfigurationError(f"{shown} is the repository itself, not a folder of claims: "
                                     "give claims/ (or no path at all to check every claim)")
        names = sorted(entry.name for entry in os.scandir(path)
                       if os.path.splitext(entry.name)[1].lower() in CLAIM_SUFFIXES)
        if not names:
            raise ConfigurationError(f"{shown} holds no claim files (*.yaml): nothing to check there")
        found.extend(path / name for name in names)
    return list(dict.fromkeys(found))


def _run_check(project: Project, args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise ConfigurationError("--jobs must be at least 1")
    base = None
    if args.base is not None:
        from .policy.base import read_revision  # reads git: loaded only when asked for

        base = read_revision(project.root, args.base)
    result = project.check(_claim_paths(project, args.paths) if args.paths else None, jobs=args.jobs,
                           base=base)
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
    from .site.build import (  # the site pulls in MkDocs: load it only here
        SiteBuildError,
        build_site,
    )

    if result.warnings:
        sys.stderr.write(format_text(result))
    try:
        report = build_site(project, result, drafts=args.drafts)
    except SiteBuildError as exc:
        if isinstance(exc, ConfigurationError):  # mkdocs.yml: exit status 2, from main's one place
            raise ConfigurationError(f"{exc}; site/ was left as it was") from exc
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
    data = (json.dumps(source_id_schema(project.library.ids), indent=2) + "\n").encode("utf-8")
    try:
        current = project.files.read_if_present(path, CONFIG_LIMIT, "a schema file")
    except Unreadable:
        current = None  # rewritten below; writing says if it cannot be
    if current == data:
        print(f"{SCHEMA_DIR}/{SOURCES_SCHEMA} is up to date")
        return EXIT_OK
    try:
        write_atomically(path, data)
    except WriteFailed as exc:
        print(f"build.py: error: cannot write {SCHEMA_DIR}/{SOURCES_SCHEMA}: {exc.reason}; "
              "it was left as it was", file=sys.stderr)
        return EXIT_ERRORS
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
    from .locate import (
        UnknownSource,
        find_source,
        format_location,
        format_locations,
        locate,
        locate_everywhere,
    )

    if len(args.words) > 2 or (len(args.words) == 2 and args.source):
        raise ConfigurationError("locate takes the TEXT, and before it at most one SOURCE: put the "
                                 "text in quotes (\"...\") if it has spaces")
    name = args.source or (args.words[0] if len(args.words) == 2 else None)
    try:
        source = find_source(project.library, name) if name is not None else None
    except UnknownSource as exc:
        if args.source or len(args.words) != 2:
            raise
        raise ConfigurationError(f"{exc} (to search every source for "
                                 f"\"{' '.join(args.words)}\", put the words in quotes)") from exc
    text = sys.stdin.read() if args.words[-1] == "-" else args.words[-1]
    if not text.strip():
        raise ConfigurationError("TEXT is empty: give the words of the passage to find")
    if source is not None:
        location = locate(source, text)
        sys.stdout.write(format_location(location, args.stance))
        return EXIT_OK if location.exact else EXIT_ERRORS
    sources = list(project.library)
    locations = locate_everywhere(sources, text)
    sys.stdout.write(format_locations(locations, len(sources), args.stance))
    return EXIT_OK if locations and locations[0].exact else EXIT_ERRORS


def _run_fix(project: Project, args: argparse.Namespace) -> int:
    from .fix import apply_fixes, plan_fixes

    plan = plan_fixes(project, _claim_paths(project, args.paths) if args.paths else None)
    verb = "would re-anchor" if args.dry_run else "re-anchored"
    skipped = list(plan.unreadable)
    if not args.dry_run:
        skipped += apply_fixes(plan)
    left_alone = {item.file for item in skipped}
    changes = [change for change in plan.changes if change.file not in left_alone]
    for change in changes:
        print(f"{change.file}:{change.line}:{change.column}: {verb} citation {change.citation} "
              f"({change.source}): start {change.old[0]} -> {change.new[0]}, "
              f"end {change.old[1]} -> {change.new[1]}")
    if args.dry_run:
        sys.stdout.write("".join(fix.unified_diff() for fix in plan.files))
    for item in skipped:  # one line each: it is left as it was
        print(f"{item.file}:1:1: error[unreadable] {item.reason}" if item in plan.unreadable
              else f"{item.file}: {item.reason}", file=sys.stderr)
    for item in plan.unrepaired:
        print(f"{item.file}:{item.line}:{item.column}: error[{item.code}] citation {item.citation}: "
              f"{item.message}\n    not repaired: {item.reason}", file=sys.stderr)
    files = len({change.file for change in changes})
    print(f"{'dry run: ' if args.dry_run else ''}{verb} {len(changes)} citation"
          f"{'' if len(changes) == 1 else 's'} in {files} file{'' if files == 1 else 's'}"
          f" of {plan.checked_files}; {len(plan.unrepaired)} citation"
          f"{'' if len(plan.unrepaired) == 1 else 's'} left for the analyst")
    return EXIT_ERRORS if plan.unrepaired or skipped else EXIT_OK


def _run_new(project: Project, args: argparse.Namespace) -> int:
    from .scaffold import create_claim

    try:
        path = create_claim(project, args.claim_id)
    except WriteFailed as exc:
        print(f"build.py: error: cannot write the new claim file: {exc.reason}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"wrote {project.relative(path)}: fill it in, then run "
          f"`python build.py check {project.relative(path)}`")
    return EXIT_OK


COMMANDS = {"build": _run_build, "check": _run_check, "serve": _run_serve, "schema": _run_schema,
            "diff": _run_diff, "locate": _run_locate, "fix": _run_fix, "new": _run_new}


def _run_init(args: argparse.Namespace) -> int:
    from .init import init_desk

    written = init_desk(args.directory)
    print(f"wrote a new fact-check desk into {args.directory} ({len(written)} files); next:\n"
          f"  cd {args.directory}\n  python build.py check\n  python build.py\n"
          "then complete what README.md lists before publishing")
    return EXIT_OK


def _printable_output() -> None:
    """Whatever a file is called, what is printed is valid UTF-8 (files.printable shows a
    name's bad bytes; this catches anything else rather than raise)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def main(argv: Sequence[str] | None = None, root: Path | None = None) -> int:
    _printable_output()
    args = _parser().parse_args(argv)
    command = args.command or "build"
    if command == "build" and not getattr(args, "drafts", False):
        args.drafts = args.default_drafts
    try:
        if command == "init":  # no project yet: it is what init makes
            return _run_init(args)
        project = Project(args.root or root or Path.cwd())
        return COMMANDS[command](project, args)
    except ConfigurationError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def main_entry() -> None:
    """The `factcheck` console script (pre-commit hooks run it in the repository being checked)."""
    raise SystemExit(main(root=Path.cwd()))
