"""What the editorial record must say of itself, whatever the house rules' levels: corrections
are listed oldest first (the SPEC's order, and the order a reader follows), and none is dated
before the fact-check was first published (a correction is made after publication).

These are errors, as a date that is not a date is: a record that contradicts itself would be
published as it is, on the claim's page and on /corrections/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic, error
from ..yaml_loading import YamlDocument

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _date(value: object) -> str | None:
    # ISO dates compare as strings; anything else is the schema's to report.
    return value if isinstance(value, str) and _DATE.match(value) else None


def record_problems(document: YamlDocument) -> Iterator[Diagnostic]:
    data = document.data
    corrections = data.get("corrections")
    if not isinstance(corrections, list):
        return
    published = _date(data.get("published"))
    newest: tuple[int, str] | None = None  # the newest correction so far: (its number, its date)
    for index, correction in enumerate(corrections):
        date = _date(correction.get("date")) if isinstance(correction, dict) else None
        if date is None:
            continue
        n = index + 1
        pos = document.position(("corrections", index, "date"))
        if published is not None and date < published:
            yield error(document.file, pos.line, pos.column, "correction-before-published",
                        f"correction {n} is dated {date}, before the fact-check was published "
                        f"({published}): corrections are made after publication",
                        "check both dates: 'published' is when the fact-check first appeared")
        if newest is not None and date < newest[1]:
            yield error(document.file, pos.line, pos.column, "corrections-order",
                        f"correction {n} ({date}) is older than correction {newest[0]} "
                        f"({newest[1]}): corrections are listed oldest first",
                        f"move correction {n} above correction {newest[0]}")
        elif newest is None or date >= newest[1]:
            newest = (n, date)
