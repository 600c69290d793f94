"""Repairing stale citation offsets after a source was corrected, without touching anything else.

A correction to a source (a typo fixed, a sentence added) shifts the offsets of every later
citation. ``python build.py fix`` rewrites ``start``/``end`` of a citation only when its quote,
narrowed by its prefix/suffix, still occurs exactly once in the new body: then there is one
right answer. It never changes a quote and never picks among several occurrences.

The new integers are spliced into the original text at the positions the YAML loader reports, so
comments, key order, quoting and line ends stay exactly as the analyst wrote them; the result is
parsed again and compared with the original before anything is written.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .anchoring import Anchor, context_matches, occurrences
from .checker import Project
from .citations import resolvable
from .files import CLAIM_LIMIT, Unreadable, WriteFailed, write_atomically
from .yaml_loading import UTF8_BOM, line_starts, load_yaml, resolve_plain_scalar

_INTEGER = re.compile(r"[-+]?(?:0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+)(?=[\s,}\]#]|\Z)")


@dataclass(frozen=True)
class OffsetChange:
    """One citation re-anchored: where it is in its claim file, and its old and new offsets."""

    file: str
    line: int
    column: int
    citation: int  # 1-based position in evidence
    source: str
    old: tuple[int, int]
    new: tuple[int, int]


@dataclass(frozen=True)
class Unrepaired:
    """A citation that does not resolve and that ``fix`` leaves alone, with the reason."""

    file: str
    line: int
    column: int
    citation: int
    code: str
    message: str
    reason: str


@dataclass
class FileFix:
    """The new content of one claim file; ``changes`` is never empty."""

    path: Path
    file: str
    original: bytes
    updated: bytes
    changes: list[OffsetChange]

    def unified_diff(self) -> str:
        def lines(data: bytes) -> list[str]:
            return data.decode("utf-8-sig").splitlines(keepends=True)

        diff = difflib.unified_diff(lines(self.original), lines(self.updated),
                                    fromfile=f"a/{self.file}", tofile=f"b/{self.file}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                       for line in diff)


@dataclass(frozen=True)
class Skipped:
    """A claim file ``fix`` could not read, or did not write: where, and why (one line)."""

    file: str
    reason: str


@dataclass
class FixPlan:
    files: list[FileFix] = field(default_factory=list)
    unrepaired: list[Unrepaired] = field(default_factory=list)
    checked_files: int = 0
    unreadable: list[Skipped] = field(default_factory=list)
    project: Project | None = None  # whose files the plan read (and apply_fixes reads again)

    @property
    def changes(self) -> list[OffsetChange]:
        return [change for fix in self.files for change in fix.changes]


def repaired_anchor(body: str, citation: dict[str, Any]) -> Anchor | str:
    """The one place the citation's quote (narrowed by prefix/suffix) is in ``body``, or why none.

    Offsets are ignored: this answers where the quote is now, for a citation whose offsets are
    stale. The answer is a string, the reason, whenever there is not exactly one candidate.
    """
    quote = citation["quote"]
    prefix, suffix = citation.get("prefix"), citation.get("suffix")
    found = occurrences(body, quote)
    if not found:
        return "the quote no longer occurs in the source: only the analyst can say what to cite now"
    matching = [at for at in found if context_matches(body, at, at + len(quote), prefix, suffix)]
    if not matching:
        return ("the quote occurs, but never with the given prefix/suffix: check which occurrence "
                "is meant and correct the prefix/suffix")
    if len(matching) > 1:
        return (f"the quote occurs {len(matching)} times"
                f"{' even with its prefix/suffix' if prefix or suffix else ''}: fix will not guess "
                "which one is meant; add a prefix or set start/end by hand")
    return Anchor(matching[0], matching[0] + len(quote))


class _Splice:
    """Replacements of integer scalars in one decoded text, located by YAML line and column."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.edits: list[tuple[int, int, str]] = []

    def integer_at(self, line: int, column: int, expected: int) -> tuple[int, int] | None:
        """The span of the plain integer scalar at line:column, if it is there and reads ``expected``."""
        if not 1 <= line <= len(self.starts):
            return None
        offset = self.starts[line - 1] + column - 1
        match = _INTEGER.match(self.text, offset)
        try:
            if match is None or resolve_plain_scalar(match.group()) != expected:
                return None
        except ValueError:  # too many digits to be an offset
            return None
        return match.start(), match.end()

    def replace(self, span: tuple[int, int], value: int) -> None:
        self.edits.append((span[0], span[1], str(value)))

    def result(self) -> str:
        text = self.text
        for start, end, new in sorted(self.edits, reverse=True):
            text = text[:start] + new + text[end:]
        return text


def _plan_file(project: Project, path: Path, plan: FixPlan) -> None:
    file = project.relative(path)
    try:
        original = project.files.read(path, CLAIM_LIMIT, "a claim file")
    except Unreadable as exc:
        plan.unreadable.append(Skipped(file, f"cannot read the file: {exc.reason}"))
        return
    document, problems = load_yaml(file, original)
    if document is None or not isinstance(document.data, dict):
        return  # nothing to repair in a file that does not parse; `check` reports why
    evidence = document.data.get("evidence")
    if not isinstance(evidence, list):
        return
    has_bom = original.startswith(UTF8_BOM)
    splice = _Splice(original[len(UTF8_BOM) if has_bom else 0:].decode("utf-8"))
    changes: list[OffsetChange] = []
    expected = document.data
    for i, citation in enumerate(evidence):
        if not isinstance(citation, dict) or not resolvable(citation):
            continue  # malformed: the schema reports it
        result = project.resolver.resolve(citation)
        if isinstance(result, Anchor):
            continue
        position = document.position(("evidence", i, result.key))
        unrepaired = Unrepaired(file, position.line, position.column, i + 1, result.code,
                                result.message, "")
        start, end = citation.get("start"), citation.get("end")
        source = project.library.get(citation["source"]) if citation["source"] in project.library else None
        if source is None or not isinstance(start, int) or not isinstance(end, int):
            reason = ("its source does not exist or cannot be read" if source is None
                      else "it has no offsets to repair: the citation itself must change")
            plan.unrepaired.append(replace(unrepaired, reason=reason))
            continue
        anchor = repaired_anchor(source.body, citation)
        if isinstance(anchor, str):
            plan.unrepaired.append(replace(unrepaired, reason=anchor))
            continue
        start_pos = document.position(("evidence", i, "start"))
        end_pos = document.position(("evidence", i, "end"))
        start_span = splice.integer_at(start_pos.line, start_pos.column, start)
        end_span = splice.integer_at(end_pos.line, end_pos.column, end)
        if start_span is None or end_span is None:
            plan.unrepaired.append(replace(
                unrepaired, reason=f"the quote is now at {anchor.start}-{anchor.end}, but start/end are "
                "not written as plain numbers fix can rewrite: set them by hand"))
            continue
        if anchor.start != start:
            splice.replace(start_span, anchor.start)
        if anchor.end != end:
            splice.replace(end_span, anchor.end)
        changes.append(OffsetChange(file, start_pos.key_or_value[0], start_pos.key_or_value[1],
                                    i + 1, citation["source"], (start, end), (anchor.start, anchor.end)))
        expected = _with_offsets(expected, i, anchor)
    if not changes:
        return
    updated = (UTF8_BOM if has_bom else b"") + splice.result().encode("utf-8")
    if not _reads_back_as(file, updated, expected, len(problems)):
        # A safety net: splicing digits cannot change anything else, and if it ever did, the
        # analyst's file must stay as it is.
        plan.unrepaired.extend(
            Unrepaired(c.file, c.line, c.column, c.citation, "fix-unsafe",
                       f"offsets {c.old[0]}-{c.old[1]} are stale (the quote is at {c.new[0]}-{c.new[1]})",
                       "fix could not rewrite the file without changing more than the offsets: "
                       "set them by hand") for c in changes)
        return
    plan.files.append(FileFix(path, file, original, updated, changes))


def _with_offsets(data: dict[str, Any], index: int, anchor: Anchor) -> dict[str, Any]:
    evidence = list(data["evidence"])
    evidence[index] = {**evidence[index], "start": anchor.start, "end": anchor.end}
    return {**data, "evidence": evidence}


def _reads_back_as(file: str, updated: bytes, expected: dict[str, Any], problem_count: int) -> bool:
    """Whether the rewritten file reads back as the original with only the new offsets."""
    document, problems = load_yaml(file, updated)
    return document is not None and document.data == expected and len(problems) == problem_count


def plan_fixes(project: Project, paths: Sequence[Path] | None = None) -> FixPlan:
    """What ``fix`` would change in the named claim files (default: all of claims/); writes nothing."""
    plan = FixPlan(project=project)
    files = list(paths) if paths else project.claim_files()
    for path in files:
        if path.suffix.lower() not in (".yaml", ".yml"):
            continue
        plan.checked_files += 1
        _plan_file(project, path, plan)
    return plan


def apply_fixes(plan: FixPlan) -> list[Skipped]:
    """Write each planned file; returns the files left as they are, with the reason.

    Each file is read again right before it is replaced: an analyst may have saved it since
    ``plan_fixes`` read it (a long run, an editor open beside it), and that edit must win. The
    window left between this comparison and the rename is the rename's own.
    """
    assert plan.project is not None, "a plan made by plan_fixes"
    skipped: list[Skipped] = []
    for fix in plan.files:
        try:
            now = plan.project.files.read(fix.path, CLAIM_LIMIT, "a claim file")
        except Unreadable as exc:
            skipped.append(Skipped(fix.file, f"not rewritten: cannot read it again ({exc.reason})"))
            continue
        if now != fix.original:
            skipped.append(Skipped(fix.file, "not rewritten: it changed since fix read it "
                                              "(run fix again to re-anchor the saved version)"))
            continue
        try:
            write_atomically(fix.path, fix.updated)
        except WriteFailed as exc:
            skipped.append(Skipped(fix.file, f"not rewritten: {exc.reason}"))
    return skipped
