"""What a change does to the fact-check, claim by claim: the review behind ``python build.py diff``.

A pull request's YAML diff shows which lines moved; a reviewer needs to know which verdicts
changed, which citations were added, dropped or requoted, and which citations of claims nobody
touched now break or point elsewhere because a source was corrected. Both sides are read with
the checker's own loaders (``snapshot.py``); the report is written by ``markdown.py`` and
``as_json.py``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from ..anchoring import Anchor
from ..checker import Project
from ..citations import resolvable
from ..fix import repaired_anchor
from ..policy.baseline import BaseClaim, is_published
from ..policy.corrections import claim_changes, correction_count
from .git import default_base, resolve_revision
from .snapshot import ClaimState, Snapshot, base_project

# Field order for "other fields" in the report: the order of the claim schema.
FIELD_ORDER = ("claim", "claimant", "claim_date", "status", "tags", "related", "analyst",
               "reviewers", "updated")


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
    draft: bool = False  # its status (new side) is draft
    corrections: list[tuple[str, str]] = field(default_factory=list)  # entries new since the base
    # Published at the base, changed as a reader sees it, and no new corrections entry: what
    # `check --base` reports (needs-correction).
    needs_correction: bool = False

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
    keys -= {"verdict", "summary", "evidence", "corrections"}  # each shown in its own way
    ordered = [k for k in FIELD_ORDER if k in keys] + sorted(keys - set(FIELD_ORDER))
    return [FieldChange(k, old_data.get(k), new_data.get(k))
            for k in ordered if old_data.get(k) != new_data.get(k)]


def _compare(old: ClaimState, new: ClaimState, base: Snapshot, head: Snapshot,
             kind: str) -> ClaimChange | None:
    change = ClaimChange(new.id, kind, new.text("claim"), old_id=old.id if kind == "renamed" else None,
                         old_verdict=old.text("verdict"), new_verdict=new.text("verdict"),
                         old_errors=old.errors, new_errors=new.errors,
                         evidence_count=len(new.evidence), draft=new.draft)
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
    change.corrections = _new_corrections(old.data, new.data)
    if kind == "edited" and is_published(old.data) and correction_count(new.data) <= correction_count(old.data):
        change.needs_correction = bool(claim_changes(
            BaseClaim(old.id, "the base", old.data, base.project.passages), new.data, head.project.passages))
    return change


def _new_corrections(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    """The corrections entries the new side has and the old one had not, in the new order."""
    def entries(data: dict[str, Any]) -> list[tuple[str, str]]:
        items = data.get("corrections")
        return [(str(c.get("date")), str(c.get("note"))) for c in items if isinstance(c, dict)] \
            if isinstance(items, list) else []

    before = entries(old)
    return [entry for entry in entries(new) if entry not in before]


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
                                       evidence_count=len(state.evidence), draft=state.draft))
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


