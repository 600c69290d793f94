"""A claim file as a house rule sees it: its parsed values with their positions, and how to
report at them."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity
from ..verdicts import VerdictScale
from ..yaml_loading import Path, YamlDocument

if TYPE_CHECKING:
    from .baseline import BaseClaim, Passages


def today() -> str:
    """The date a suggestion proposes: SOURCE_DATE_EPOCH's when set (reproducible output, as
    for the site), else today's (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return moment.date().isoformat()


class ClaimUnderRule:
    """One claim file as a rule sees it: its values and positions, and how to report (the code
    and severity of the rule being run, set by the runner before each rule: one object per file,
    since the rules run on every claim of every check)."""

    __slots__ = ("document", "data", "code", "severity", "scale", "base", "passages")

    def __init__(self, document: YamlDocument, code: str, severity: Severity, scale: VerdictScale,
                 base: BaseClaim | None = None, passages: Passages | None = None) -> None:
        self.document = document
        self.data: dict[str, Any] = document.data
        self.code = code
        self.severity = severity
        self.scale = scale
        self.base = base  # the claim at the revision compared with (check --base)
        self.passages = passages  # where its citations resolve now

    def at(self, path: Path, message: str, suggestion: str | None = None) -> Diagnostic:
        """A diagnostic at the key ``path`` names (at the item, for a list item), or at the
        claim's mapping for the empty path (a key that is missing)."""
        position = self.document.position(path)
        line, column = position.key_or_value if path else (position.line, position.column)
        return Diagnostic(self.document.file, line, column, self.severity, self.code, message, suggestion)

    def verdict_label(self, verdict: object) -> str:
        if isinstance(verdict, str) and verdict in self.scale:
            return self.scale[verdict].label
        return str(verdict)




def folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def is_name(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


