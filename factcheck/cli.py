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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="check, then build the site into site/ (the default)")
    build.add_argument("--drafts", action="store_true", help="publish draft claims too")

    check = commands.add_parser("check", help="check claims; all of claims/, or the files named")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.add_argument("--format", choices=sorted(REPORTERS), default=None,
                       help="output format (default: github under GitHub Actions, else text)")

    serve = commands.add_parser("serve", help="live preview; edits to claims/, seeds/, docs/ reload")
    serve.add_argument("--drafts", action="store_true", help="show draft claims too")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")

    commands.add_parser("schema", help="regenerate schema/sources.schema.json (editor completion of source ids)")
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
    result = project.check(_claim_paths(args.paths) if args.paths else None)
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
    from .site.serve import serve

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


COMMANDS = {"build": _run_build, "check": _run_check, "serve": _run_serve, "schema": _run_schema}


def main(argv: Sequence[str] | None = None, root: Path | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "build"
    if command == "build" and not hasattr(args, "drafts"):
        args.drafts = False
    try:
        project = Project(args.root or root or Path.cwd())
        return COMMANDS[command](project, args)
    except ConfigurationError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
