"""Reporters: a check result as text for people, JSON for tools, or GitHub workflow commands.

Each reporter returns the whole output as a string; only the CLI writes it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .checker import CheckResult
from .diagnostics import Diagnostic


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
        lines.append(f"{d.file}:{d.line}:{d.column}: {d.severity.value}[{d.code}] {d.message}")
        if d.suggestion:
            lines.extend(f"    {line}" for line in d.suggestion.splitlines())
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def diagnostic_json(d: Diagnostic) -> dict[str, object]:
    out: dict[str, object] = {"file": d.file, "line": d.line, "column": d.column,
                              "severity": d.severity.value, "code": d.code, "message": d.message}
    if d.suggestion:
        out["suggestion"] = d.suggestion
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
        message = d.message + (f"\n{d.suggestion}" if d.suggestion else "")
        lines.append(f"::{d.severity.value} file={_escape_property(d.file)},line={d.line},"
                     f"col={d.column},title={_escape_property(d.code)}::{_escape_data(message)}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[CheckResult], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}
