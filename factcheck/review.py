"""What a change does to the fact-check, claim by claim: the review behind ``python build.py diff``.

A pull request's YAML diff shows which lines moved; a reviewer needs to know which verdicts
changed, which citations were added, dropped or requoted, and which citations of claims nobody
touched now break or point elsewhere because a source was corrected. Both sides are read with
the checker's own loaders: the BASE side is exported from git (``git ls-tree`` and
``git cat-file``, no checkout) into a temporary directory and opened as a ``Project``.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .anchoring import Anchor
from .checker import Project
from .citations import resolvable
from .diagnostics import ConfigurationError
from .fix import repaired_anchor
from .verdicts import VerdictScale

TREE_DIRS = ("claims", "seeds", "schema")  # all a Project reads
DEFAULT_BRANCH = "main"
GIT_TIMEOUT = 120

# Field order for "other fields" in the report: the order of the claim schema.
FIELD_ORDER = ("claim", "claimant", "claim_date", "status", "tags", "related", "analyst",
               "reviewers", "updated")


# --- reading BASE from git ------------------------------------------------------------------------

def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True,
                              timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError as exc:
        raise ConfigurationError("git is not installed: diff reads the base revision with git") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConfigurationError(f"git {args[0]} failed: {message[-1] if message else proc.returncode}")
    return proc.stdout


def default_base(root: Path) -> str:
    """The merge-base of HEAD and main (or origin/main, in a clone without a local main)."""
    problem: ConfigurationError | None = None
    for branch in (DEFAULT_BRANCH, f"origin/{DEFAULT_BRANCH}"):
        try:
            return _git(root, "merge-base", "HEAD", branch).decode().strip()
        except ConfigurationError as exc:
            problem = problem or exc
    raise ConfigurationError(
        f"cannot find where this branch left '{DEFAULT_BRANCH}' ({problem}); name the revision to "
        "compare with: python build.py diff BASE (e.g. origin/main)")


def resolve_revision(root: Path, revision: str) -> str:
    if revision.startswith("-"):
        raise ConfigurationError(f"'{revision}' is not a revision")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except ConfigurationError as exc:
        raise ConfigurationError(f"unknown revision '{revision}': {exc}") from exc


def _blobs(root: Path, shas: list[str]) -> list[bytes]:
    """The contents of many blobs in one ``git cat-file --batch`` run."""
    if not shas:
        return []
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    contents, at = [], 0
    for _ in shas:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        contents.append(out[header_end + 1:header_end + 1 + size])
        at = header_end + 1 + size + 1  # the content is followed by a line feed
    return contents


def export_tree(root: Path, commit: str, dest: Path) -> list[str]:
    """Write claims/, seeds/ and schema/ of ``commit`` into ``dest``; return notes for the reader."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    listing = _git(root, "ls-tree", "-r", "-z", "--full-name", commit, "--", *TREE_DIRS)
    paths, shas = [], []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        path = name.decode("utf-8", "surrogateescape")
        if kind != "blob" or mode == "120000" or not path.startswith(prefix):
            continue  # symlinks and submodules are not part of a fact-check
        paths.append(path[len(prefix):])
        shas.append(sha)
    for path, data in zip(paths, _blobs(root, shas)):
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    notes = []
    if not (dest / "schema").is_dir():
        # A base from before the project had a schema still has claims worth comparing.
        shutil.copytree(root / "schema", dest / "schema")
        notes.append("the base revision has no schema/: its claims were read with the working tree's")
    return notes


# --- the two sides --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClaimState:
    id: str
    file: str
    raw: bytes
    data: dict[str, Any] | None  # None when the file is not a readable mapping
    errors: int  # errors the checker reports in this file (not counting links to other claims)

    def text(self, key: str) -> str | None:
        value = self.data.get(key) if self.data else None
        return value if isinstance(value, str) else None

    @property
    def evidence(self) -> list[dict[str, Any]]:
        items = self.data.get("evidence") if self.data else None
        return [c for c in items if isinstance(c, dict)] if isinstance(items, list) else []


@dataclass
class Snapshot:
    project: Project
    claims: dict[str, ClaimState]

    @classmethod
    def read(cls, project: Project) -> Snapshot:
        claims = {}
        for path in project.claim_files():
            result = project.check_file(path)
            data = result.document.data if result.document is not None else None
            claims[path.stem] = ClaimState(
                path.stem, result.file, path.read_bytes(), data if isinstance(data, dict) else None,
                sum(1 for d in result.diagnostics if d.is_error))
        return cls(project, claims)

    def body(self, source_id: str) -> str | None:
        if source_id not in self.project.library:
            return None
        source = self.project.library.get(source_id)
        return source.body if source is not None else None

    def meta(self, source_id: str) -> Mapping[str, str]:
        source = self.project.library.get(source_id) if source_id in self.project.library else None
        return source.meta if source is not None else {}

    def span(self, citation: dict[str, Any]) -> tuple[int, int] | None:
        """Where the citation resolves on this side, else where its offsets say it is."""
        if resolvable(citation):
            result = self.project.resolver.resolve(citation)
            if isinstance(result, Anchor):
                return result.start, result.end
        start, end = citation.get("start"), citation.get("end")
        return (start, end) if isinstance(start, int) and isinstance(end, int) else None


# --- the report -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CitationChange:
    kind: str  # added | removed | requoted | stance | anchoring | note
    source: str
    old_n: int | None = None
    new_n: int | None = None
    old_quote: str | None = None
    new_quote: str | None = None
    old_stance: str | None = None
    new_stance: str | None = None
    old_offsets: tuple[int, int] | None = None  # start/end as written in the claim file
    new_offsets: tuple[int, int] | None = None


def _offsets(citation: dict[str, Any]) -> tuple[int, int] | None:
    start, end = citation.get("start"), citation.get("end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


@dataclass(frozen=True)
class FieldChange:
    key: str
    old: Any
    new: Any


@dataclass
class ClaimChange:
    id: str
    kind: str  # added | removed | renamed | edited
    claim: str | None  # the claim text (new side; old side for removed claims)
    old_id: str | None = None  # for renames
    old_verdict: str | None = None
    new_verdict: str | None = None
    citations: list[CitationChange] = field(default_factory=list)
    old_summary: str | None = None
    new_summary: str | None = None
    summary_edited: bool = False
    fields: list[FieldChange] = field(default_factory=list)
    old_errors: int | None = None
    new_errors: int | None = None
    evidence_count: int = 0
    formatting_only: bool = False  # the file changed, its meaning did not (comments, layout)

    @property
    def verdict_changed(self) -> bool:
        return self.kind in ("edited", "renamed") and self.old_verdict != self.new_verdict


@dataclass(frozen=True)
class CitationEffect:
    """What an edit to a source does to a citation that itself did not change."""

    claim: str
    citation: int  # 1-based, in the working tree's claim
    source: str
    effect: str  # breaks | moves | resolves
    old: tuple[int, int] | None
    new: tuple[int, int] | None
    claim_unchanged: bool
    message: str | None = None  # why it breaks
    repair: tuple[int, int] | None = None  # where `fix` would re-anchor it


@dataclass
class SourceChange:
    id: str
    kind: str  # added | removed | edited
    body_changed: bool = False
    meta_changed: list[str] = field(default_factory=list)
    effects: list[CitationEffect] = field(default_factory=list)
    unaffected: int = 0  # unchanged citations of this source that still resolve where they did


@dataclass
class Review:
    base: str  # the revision as named
    commit: str
    claims: list[ClaimChange]
    sources: list[SourceChange]
    errors: int  # errors in the working tree's claim files
    files_with_errors: int
    notes: list[str] = field(default_factory=list)

    def claims_of(self, kind: str) -> list[ClaimChange]:
        return [c for c in self.claims if c.kind == kind]

    @property
    def verdict_changes(self) -> list[ClaimChange]:
        return [c for c in self.claims if c.verdict_changed]

    @property
    def empty(self) -> bool:
        return not self.claims and not self.sources


def _quote_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _citation_changes(old: ClaimState, new: ClaimState, base: Snapshot,
                      head: Snapshot) -> list[CitationChange]:
    old_items = list(enumerate(old.evidence, start=1))
    new_items = list(enumerate(new.evidence, start=1))
    changes: list[CitationChange] = []
    # 1. the same passage (source and quote) on both sides; its other keys may have changed
    for n_new, item in list(new_items):
        match = next(((n, o) for n, o in old_items
                      if o.get("source") == item.get("source") and o.get("quote") == item.get("quote")),
                     None)
        if match is None:
            continue
        n_old, previous = match
        old_items.remove(match)
        new_items.remove((n_new, item))
        source = str(item.get("source"))
        if previous.get("stance") != item.get("stance"):
            changes.append(CitationChange("stance", source, n_old, n_new, item.get("quote"),
                                          item.get("quote"), previous.get("stance"), item.get("stance")))
        if any(previous.get(k) != item.get(k) for k in ("start", "end", "prefix", "suffix")):
            changes.append(CitationChange("anchoring", source, n_old, n_new, item.get("quote"),
                                          item.get("quote"), old_offsets=_offsets(previous),
                                          new_offsets=_offsets(item)))
        if previous.get("note") != item.get("note"):
            changes.append(CitationChange("note", source, n_old, n_new, item.get("quote"),
                                          item.get("quote")))
    # 2. the same source, an overlapping or similar passage: the quote was edited
    for n_new, item in list(new_items):
        candidates = [(n, o) for n, o in old_items if o.get("source") == item.get("source")]
        span = head.span(item)
        match = next(((n, o) for n, o in candidates if _overlaps(base.span(o), span)), None)
        if match is None and candidates and isinstance(item.get("quote"), str):
            scored = [(_quote_similarity(str(o.get("quote")), item["quote"]), n, o) for n, o in candidates]
            best = max(scored, key=lambda s: s[0])
            match = (best[1], best[2]) if best[0] >= 0.5 else None
        if match is None:
            continue
        old_items.remove(match)
        new_items.remove((n_new, item))
        n_old, previous = match
        changes.append(CitationChange("requoted", str(item.get("source")), n_old, n_new,
                                      previous.get("quote"), item.get("quote"),
                                      previous.get("stance"), item.get("stance"),
                                      _offsets(previous), _offsets(item)))
    # 3. what is left was added or removed
    changes += [CitationChange("removed", str(o.get("source")), old_n=n, old_quote=o.get("quote"),
                               old_stance=o.get("stance"), old_offsets=_offsets(o))
                for n, o in old_items]
    changes += [CitationChange("added", str(o.get("source")), new_n=n, new_quote=o.get("quote"),
                               new_stance=o.get("stance"), new_offsets=_offsets(o))
                for n, o in new_items]
    return sorted(changes, key=lambda c: (c.new_n or c.old_n or 0, c.old_n or 0, c.kind))


def _field_changes(old: ClaimState, new: ClaimState) -> list[FieldChange]:
    old_data, new_data = old.data or {}, new.data or {}
    keys = set(old_data) | set(new_data)
    keys -= {"verdict", "summary", "evidence"}
    ordered = [k for k in FIELD_ORDER if k in keys] + sorted(keys - set(FIELD_ORDER))
    return [FieldChange(k, old_data.get(k), new_data.get(k))
            for k in ordered if old_data.get(k) != new_data.get(k)]


def _compare(old: ClaimState, new: ClaimState, base: Snapshot, head: Snapshot,
             kind: str) -> ClaimChange | None:
    change = ClaimChange(new.id, kind, new.text("claim"), old_id=old.id if kind == "renamed" else None,
                         old_verdict=old.text("verdict"), new_verdict=new.text("verdict"),
                         old_errors=old.errors, new_errors=new.errors,
                         evidence_count=len(new.evidence))
    if old.data is None or new.data is None:
        # One side does not parse: all a reviewer can be told is the check status.
        if old.raw == new.raw and kind == "edited":
            return None
        return change
    if old.data == new.data:
        if kind == "edited" and old.raw == new.raw:
            return None
        change.formatting_only = kind == "edited"
        return change
    change.citations = _citation_changes(old, new, base, head)
    if old.data.get("summary") != new.data.get("summary"):
        change.summary_edited = True
        change.old_summary, change.new_summary = old.text("summary"), new.text("summary")
    change.fields = _field_changes(old, new)
    return change


def _normalised_claim(state: ClaimState) -> str | None:
    text = state.text("claim")
    return " ".join(text.split()).casefold() if text else None


def _renames(removed: list[ClaimState], added: list[ClaimState]) -> list[tuple[ClaimState, ClaimState]]:
    """Pair removed and added claims that are one claim under a new id: same content, else same claim."""
    pairs = []
    for same in (lambda a, b: a.data is not None and a.data == b.data,
                 lambda a, b: _normalised_claim(a) is not None and _normalised_claim(a) == _normalised_claim(b)):
        for old in list(removed):
            new = next((n for n in added if same(old, n)), None)
            if new is not None:
                pairs.append((old, new))
                removed.remove(old)
                added.remove(new)
    return pairs


def _source_changes(base: Snapshot, head: Snapshot,
                    counterpart: dict[str, ClaimState]) -> list[SourceChange]:
    base_ids, head_ids = set(base.project.library.ids), set(head.project.library.ids)
    changes = []
    for source_id in sorted(base_ids | head_ids):
        if source_id not in base_ids:
            changes.append(SourceChange(source_id, "added"))
            continue
        old_body, new_body = base.body(source_id), head.body(source_id)
        if source_id not in head_ids:
            change = SourceChange(source_id, "removed", body_changed=True)
        else:
            old_meta, new_meta = base.meta(source_id), head.meta(source_id)
            meta_changed = sorted(k for k in set(old_meta) | set(new_meta)
                                  if old_meta.get(k) != new_meta.get(k))
            if old_body == new_body and not meta_changed:
                continue
            change = SourceChange(source_id, "edited", body_changed=old_body != new_body,
                                  meta_changed=meta_changed)
        if change.body_changed:
            _effects(change, base, head, counterpart, new_body)
        changes.append(change)
    return changes


def _effects(change: SourceChange, base: Snapshot, head: Snapshot,
             counterpart: dict[str, ClaimState], new_body: str | None) -> None:
    """Re-resolve the unchanged citations of ``change.id`` against the new body."""
    for claim_id, new in sorted(head.claims.items()):
        old = counterpart.get(claim_id)
        if old is None:
            continue
        unchanged_claim = old.data is not None and old.data == new.data
        for n, item in enumerate(new.evidence, start=1):
            if item.get("source") != change.id or item not in old.evidence or not resolvable(item):
                continue
            before, after = base.project.resolver.resolve(item), head.project.resolver.resolve(item)
            old_span = (before.start, before.end) if isinstance(before, Anchor) else None
            new_span = (after.start, after.end) if isinstance(after, Anchor) else None
            if old_span == new_span or (old_span is None and new_span is None):
                change.unaffected += int(old_span is not None)
                continue
            if new_span is None:
                repair = repaired_anchor(new_body, item) if new_body is not None and "start" in item else None
                change.effects.append(CitationEffect(
                    claim_id, n, change.id, "breaks", old_span, None, unchanged_claim,
                    message=getattr(after, "message", None),
                    repair=(repair.start, repair.end) if isinstance(repair, Anchor) else None))
            elif old_span is None:
                change.effects.append(CitationEffect(claim_id, n, change.id, "resolves", None,
                                                     new_span, unchanged_claim))
            else:
                change.effects.append(CitationEffect(claim_id, n, change.id, "moves", old_span,
                                                     new_span, unchanged_claim))


@contextmanager
def base_project(root: Path, commit: str) -> Iterator[tuple[Project, list[str]]]:
    with tempfile.TemporaryDirectory(prefix="factcheck-base-") as tmp:
        notes = export_tree(root, commit, Path(tmp))
        yield Project(Path(tmp)), notes


def review(project: Project, base: str | None = None) -> Review:
    """Compare the working tree of ``project`` with ``base`` (default: the merge-base with main)."""
    revision = base if base is not None else default_base(project.root)
    commit = resolve_revision(project.root, revision)
    head = Snapshot.read(project)
    with base_project(project.root, commit) as (base_proj, notes):
        old = Snapshot.read(base_proj)
        removed = [old.claims[i] for i in sorted(set(old.claims) - set(head.claims))]
        added = [head.claims[i] for i in sorted(set(head.claims) - set(old.claims))]
        renames = _renames(removed, added)
        counterpart = {i: old.claims[i] for i in head.claims if i in old.claims}
        counterpart.update({new.id: previous for previous, new in renames})
        changes: list[ClaimChange] = []
        for state in added:
            changes.append(ClaimChange(state.id, "added", state.text("claim"),
                                       new_verdict=state.text("verdict"), new_errors=state.errors,
                                       evidence_count=len(state.evidence)))
        for state in removed:
            changes.append(ClaimChange(state.id, "removed", state.text("claim"),
                                       old_verdict=state.text("verdict"), old_errors=state.errors,
                                       evidence_count=len(state.evidence)))
        for previous, new in renames:
            renamed = _compare(previous, new, old, head, "renamed")
            assert renamed is not None  # a rename is always reported
            changes.append(renamed)
        for claim_id in sorted(set(old.claims) & set(head.claims)):
            edited = _compare(old.claims[claim_id], head.claims[claim_id], old, head, "edited")
            if edited is not None:
                changes.append(edited)
        sources = _source_changes(old, head, counterpart)
    changes.sort(key=lambda c: c.id)
    return Review(revision, commit, changes, sources,
                  errors=sum(s.errors for s in head.claims.values()),
                  files_with_errors=sum(1 for s in head.claims.values() if s.errors),
                  notes=notes)


# --- Markdown -------------------------------------------------------------------------------------

_MD_ESCAPE = re.compile(r"([\\`*_\[\]{}()#+!|~])")
# Text in a pull-request comment must not ping people or link issues on the analyst's behalf.
_MENTION = re.compile(r"([@#])(?=\w)")


def md_text(text: object, limit: int | None = None) -> str:
    """Untrusted text as inline Markdown that shows exactly as written, on one line."""
    value = " ".join(str(text).split())
    if limit is not None and len(value) > limit:
        value = value[:limit - 1] + "\u2026"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_ESCAPE.sub(r"\\\1", value)
    # At the start of a line (a blockquote's text), '-', '=' or '1.' would open a list or a rule.
    value = re.sub(r"^([-=])|^([0-9]+)([.)])", lambda m: "\\" + m.group(1) if m.group(1)
                   else m.group(2) + "\\" + m.group(3), value)
    return _MENTION.sub("\\1\u200b", value)


def _fenced(text: str, language: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}{'' if text.endswith(chr(10)) else chr(10)}{fence}"


def _label(scale: VerdictScale, verdict: str | None) -> str:
    if verdict is None:
        return "(none)"
    return scale[verdict].label if verdict in scale else md_text(verdict)


def _verdict_change(scale: VerdictScale, change: ClaimChange) -> str:
    return f"**{_label(scale, change.old_verdict)} \u2192 {_label(scale, change.new_verdict)}**"


def _span(span: tuple[int, int] | None) -> str:
    return f"{span[0]}\u2013{span[1]}" if span else "\u2013"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _q(text: object, limit: int = 160) -> str:
    return f"\u201c{md_text(text, limit)}\u201d" if isinstance(text, str) else "(no quote)"


def _citation_line(change: CitationChange) -> str:
    src = f"`{change.source}`" if re.fullmatch(r"[A-Za-z0-9_-]+", change.source) else md_text(change.source)
    if change.kind == "added":
        return f"Citation {change.new_n} **added** ({src}, {md_text(change.new_stance)}): {_q(change.new_quote)}"
    if change.kind == "removed":
        return f"Citation {change.old_n} **removed** ({src}, {md_text(change.old_stance)}): {_q(change.old_quote)}"
    if change.kind == "requoted":
        moved = f" (was citation {change.old_n})" if change.old_n != change.new_n else ""
        return (f"Citation {change.new_n}{moved} **requoted** ({src}): {_q(change.old_quote)} "
                f"\u2192 {_q(change.new_quote)}")
    if change.kind == "stance":
        return (f"Citation {change.new_n} stance: **{md_text(change.old_stance)} \u2192 "
                f"{md_text(change.new_stance)}** ({src}): {_q(change.new_quote, 80)}")
    if change.kind == "anchoring":
        if change.old_offsets != change.new_offsets:
            return (f"Citation {change.new_n} re-anchored {_span(change.old_offsets)} \u2192 "
                    f"{_span(change.new_offsets)}, same quote ({src})")
        return f"Citation {change.new_n}: prefix/suffix edited, same quote ({src})"
    return f"Citation {change.new_n}: note edited ({src})"


def _check_status(change: ClaimChange) -> str | None:
    old, new = change.old_errors, change.new_errors
    if new is None or (old == new and not new):
        return None
    now = f"**{_plural(new, 'error')}**" if new else "passes"
    if old is None:
        return f"Check: {now}" if new else None
    before = _plural(old, "error") if old else "passed"
    return f"Check: {before} \u2192 {now}" if old != new else f"Check: still **{_plural(new, 'error')}**"


def _field_value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(md_text(v, 60) for v in value) or "(empty)"
    return md_text(value, 80)


def _claim_section(scale: VerdictScale, change: ClaimChange) -> list[str]:
    title = f"`{change.old_id}` \u2192 `{change.id}`" if change.kind == "renamed" else f"`{change.id}`"
    out = [f"#### {title}", ""]
    if change.claim:
        out += [f"> {md_text(change.claim, 300)}", ""]
    items = []
    if change.kind == "renamed":
        items.append("Renamed" + (" (no other change)" if not (
            change.verdict_changed or change.citations or change.summary_edited or change.fields) else ""))
    if change.formatting_only:
        items.append("Comments or formatting only: nothing a reader sees changed")
    if change.verdict_changed:
        items.append(f"Verdict: {_verdict_change(scale, change)}")
    items += [_citation_line(c) for c in change.citations]
    if change.summary_edited:
        items.append("Summary edited (diff below)")
    items += [f"`{f.key}`: {_field_value(f.old)} \u2192 {_field_value(f.new)}" for f in change.fields]
    status = _check_status(change)
    if status:
        items.append(status)
    out += [f"- {item}" for item in items]
    if change.summary_edited:
        old = (change.old_summary or "").splitlines(keepends=True)
        new = (change.new_summary or "").splitlines(keepends=True)
        diff = "".join(line if line.endswith("\n") else line + "\n"
                       for line in difflib.unified_diff(old, new, "summary (base)", "summary (now)"))
        out += ["", "<details><summary>Summary diff</summary>", "", _fenced(diff, "diff"), "",
                "</details>"]
    return out + [""]


def format_markdown(review: Review, scale: VerdictScale) -> str:
    """The review as Markdown for a pull-request comment or ``$GITHUB_STEP_SUMMARY``."""
    base = md_text(review.base)
    out = ["## Fact-check review", "",
           f"Changes in the working tree against `{review.commit[:12]}`"
           + (f" ({base})" if review.base != review.commit else "") + "."]
    out += [f"_Note: {md_text(note)}._" for note in review.notes]
    out.append("")
    if review.errors:
        out += [f"**The check finds {_plural(review.errors, 'error')} in "
                f"{_plural(review.files_with_errors, 'claim file')}**: see the check's output.", ""]
    if review.empty:
        return "\n".join(out + ["No claim, verdict or source changes.", ""])

    counts = [f"{len(review.claims_of(k))} {k}" for k in ("added", "removed", "renamed", "edited")
              if review.claims_of(k)]
    effects = [e for s in review.sources for e in s.effects]
    source_counts = [f"{sum(1 for s in review.sources if s.kind == k)} {k}"
                     for k in ("added", "removed", "edited") if any(s.kind == k for s in review.sources)]
    out += ["| | |", "|---|---|",
            f"| Claims | {', '.join(counts) or 'no change'} |",
            f"| Verdicts changed | {len(review.verdict_changes)} |",
            f"| Sources | {', '.join(source_counts) or 'no change'} |"]
    if effects:
        kinds = [f"{sum(1 for e in effects if e.effect == k)} {k}" for k in ("breaks", "moves", "resolves")
                 if any(e.effect == k for e in effects)]
        out.append(f"| Unchanged citations affected by source edits | {', '.join(kinds)} |")
    out.append("")

    if review.verdict_changes:
        out += ["### Verdict changes", "", "| Claim | Verdict |", "|---|---|"]
        out += [f"| `{c.id}` | {_verdict_change(scale, c)} |" for c in review.verdict_changes]
        out.append("")
    if review.claims_of("added"):
        out += ["### Claims added", "", "| Claim | Verdict | Citations | Check | Claim text |",
                "|---|---|---|---|---|"]
        out += [f"| `{c.id}` | {_label(scale, c.new_verdict)} | {c.evidence_count} | "
                f"{'**' + _plural(c.new_errors or 0, 'error') + '**' if c.new_errors else 'passes'} | "
                f"{md_text(c.claim or '', 120)} |" for c in review.claims_of("added")]
        out.append("")
    if review.claims_of("removed"):
        out += ["### Claims removed", "", "| Claim | Verdict was | Claim text |", "|---|---|---|"]
        out += [f"| `{c.id}` | {_label(scale, c.old_verdict)} | {md_text(c.claim or '', 120)} |"
                for c in review.claims_of("removed")]
        out.append("")
    changed = review.claims_of("renamed") + review.claims_of("edited")
    if changed:
        out += ["### Claims changed", ""]
        for change in changed:
            out += _claim_section(scale, change)
    if review.sources:
        out += ["### Sources", ""]
        for source in review.sources:
            out += _source_section(source)
    return "\n".join(out).rstrip("\n") + "\n"


def _effect_table(effects: list[CitationEffect]) -> list[str]:
    rows = ["| Claim | Citation | Effect |", "|---|---|---|"]
    for e in effects:
        claim = f"`{e.claim}`" + ("" if e.claim_unchanged else " (claim also edited)")
        if e.effect == "breaks":
            effect = f"**breaks**: {md_text(e.message or 'no longer resolves', 160)}"
            if e.repair:
                effect += f"; `python build.py fix` re-anchors it at {_span(e.repair)}"
        elif e.effect == "moves":
            effect = f"moves {_span(e.old)} \u2192 {_span(e.new)}"
        else:
            effect = f"resolves now, at {_span(e.new)}"
        rows.append(f"| {claim} | {e.citation} | {effect} |")
    return rows + [""]


def _source_section(source: SourceChange) -> list[str]:
    what = {"added": "added", "removed": "**removed**", "edited": "edited"}[source.kind]
    parts = []
    if source.kind == "edited":
        if source.body_changed:
            parts.append("text changed")
        if source.meta_changed:
            parts.append("metadata changed: " + ", ".join(f"`{k}`" for k in source.meta_changed))
    out = [f"#### `{source.id}` {what}" + (f" ({'; '.join(parts)})" if parts else ""), ""]
    urgent = [e for e in source.effects if e.effect != "moves"]
    moves = [e for e in source.effects if e.effect == "moves"]
    if urgent:
        out += _effect_table(urgent)
    if moves:
        # Still resolving: worth a look (the highlight follows the text), not a reviewer's alarm.
        out += [f"<details><summary>{_plural(len(moves), 'unchanged citation')} "
                f"{'moves' if len(moves) == 1 else 'move'}: still resolving, at new offsets</summary>",
                "", *_effect_table(moves), "</details>", ""]
    if source.body_changed and source.kind == "edited":
        n = source.unaffected
        out += [f"{_plural(n, 'other unchanged citation')} of this source still "
                f"{'resolves where it' if n == 1 else 'resolve where they'} did.", ""]
    return out


# --- JSON -----------------------------------------------------------------------------------------

def _span_json(span: tuple[int, int] | None) -> dict[str, int] | None:
    return {"start": span[0], "end": span[1]} if span else None


def to_json(review: Review) -> dict[str, Any]:
    """A stable structure: every key always present, lists sorted by id."""
    def claim(c: ClaimChange) -> dict[str, Any]:
        return {
            "id": c.id, "kind": c.kind, "old_id": c.old_id, "claim": c.claim,
            "verdict": {"old": c.old_verdict, "new": c.new_verdict, "changed": c.verdict_changed},
            "citations": [{"change": x.kind, "source": x.source, "old_n": x.old_n, "new_n": x.new_n,
                           "old_quote": x.old_quote, "new_quote": x.new_quote,
                           "old_stance": x.old_stance, "new_stance": x.new_stance,
                           "old_offsets": _span_json(x.old_offsets),
                           "new_offsets": _span_json(x.new_offsets)}
                          for x in c.citations],
            "summary": {"edited": c.summary_edited, "old": c.old_summary, "new": c.new_summary},
            "fields": [{"key": f.key, "old": f.old, "new": f.new} for f in c.fields],
            "formatting_only": c.formatting_only,
            "errors": {"old": c.old_errors, "new": c.new_errors},
        }

    def source(s: SourceChange) -> dict[str, Any]:
        return {"id": s.id, "kind": s.kind, "body_changed": s.body_changed,
                "meta_changed": s.meta_changed, "unaffected": s.unaffected,
                "citations": [{"claim": e.claim, "n": e.citation, "effect": e.effect,
                               "old": _span_json(e.old), "new": _span_json(e.new),
                               "claim_unchanged": e.claim_unchanged, "message": e.message,
                               "fix": _span_json(e.repair)} for e in s.effects]}

    return {
        "base": {"revision": review.base, "commit": review.commit},
        "summary": {
            "added": len(review.claims_of("added")), "removed": len(review.claims_of("removed")),
            "renamed": len(review.claims_of("renamed")), "edited": len(review.claims_of("edited")),
            "verdicts_changed": len(review.verdict_changes),
            "sources_changed": len(review.sources),
            "citations_broken": sum(1 for s in review.sources for e in s.effects if e.effect == "breaks"),
            "citations_moved": sum(1 for s in review.sources for e in s.effects if e.effect == "moves"),
            "errors": review.errors,
        },
        "claims": [claim(c) for c in review.claims],
        "sources": [source(s) for s in review.sources],
        "notes": review.notes,
    }
