"""The one kind of problem every step reports: a located, coded diagnostic."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem at file:line:column (1-based; column counts code points)."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    suggestion: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(file: str, line: int, column: int, code: str, message: str,
          suggestion: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.ERROR, code, message, suggestion)


def warning(file: str, line: int, column: int, code: str, message: str,
            suggestion: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.WARNING, code, message, suggestion)


class ConfigurationError(Exception):
    """The project itself is unusable (missing schema, unreadable verdict scale, bad usage).

    Distinct from diagnostics about analyst files: the CLI maps it to exit status 2.
    """
