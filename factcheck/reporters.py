"""Reporters: a check result as text for people, JSON for tools, or GitHub workflow commands.

Each reporter returns the whole output as a string; only the CLI writes it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from .checker import CheckResult
from .diagnostics import Diagnostic
from .files import printable

# What a terminal (or GitHub's log viewer) would act on or that would break a report's lines:
# C0 and C1 controls (escape sequences, carriage returns), line and paragraph separators, and
# the bidirectional overrides that reorder what is shown. Keys and file names can hold any of
# them; values are already shown escaped (as JSON), and everything printed is now the same.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def terminal_safe(text: str) -> str:
    """One line of a report: no control character or line break of the analyst's reaches the
    terminal as such; each is shown escaped, as \\n or \\x1b."""
    return _UNSAFE.sub(_escape_char, printable(text))


def _lines(text: str) -> list[str]:
    """A suggestion's own lines, each made safe (its line breaks are the reporter's, not data)."""
    return [terminal_safe(line) for line in text.split("\n")]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(result: CheckResult) -> str:
    verdict = "ok" if result.ok else "failed"
    return (f"{verdict}: checked {_plural(result.files, 'file')}, {_plural(result.claims, 'claim')}, "
            f"{_plural(result.citations, 'citation')}: {_plural(result.errors, 'error')}, "
            f"{_plural(result.warnings, 'warning')}")


def format_text(result: CheckResult) -> str:
    lines = []
    for d in result.diagnostics:
        lines.append(f"{terminal_safe(d.file)}:{d.line}:{d.column}: {d.severity.value}[{d.code}] "
                     f"{terminal_safe(d.message)}")
        if d.suggestion:
            lines.extend(f"    {line}" for line in _lines(d.suggestion))
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def diagnostic_json(d: Diagnostic) -> dict[str, object]:
    # JSON escapes control characters itself; only bad bytes need showing (valid UTF-8). File
    # names come printable from files.shown; messages may quote a name or a key.
    out: dict[str, object] = {"file": d.file, "line": d.line, "column": d.column,
                              "severity": d.severity.value, "code": d.code, "message": printable(d.message)}
    if d.suggestion:
        out["suggestion"] = printable(d.suggestion)
    return out


def format_json(result: CheckResult) -> str:
    return json.dumps({
        "diagnostics": [diagnostic_json(d) for d in result.diagnostics],
        "summary": {"files": result.files, "claims": result.claims, "citations": result.citations,
                    "errors": result.errors, "warnings": result.warnings},
    }, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic, then the summary."""
    lines = []
    for d in result.diagnostics:
        message = "\n".join([terminal_safe(d.message), *(_lines(d.suggestion) if d.suggestion else [])])
        lines.append(f"::{d.severity.value} file={_escape_property(terminal_safe(d.file))},line={d.line},"
                     f"col={d.column},title={_escape_property(d.code)}::{_escape_data(message)}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[CheckResult], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}
