"""Checked claims as the site and the tools use them: every citation resolved to offsets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CLAIMS_DIR = "claims"
CLAIM_SUFFIX = ".yaml"
# Names MkDocs gives a folder's own page (index.md, README.md): a claim or a source of that name
# would take the place of the listing of claims/ or sources/. Compared in lower case, as a
# case-insensitive file system (and a reader typing the address) would.
RESERVED_IDS = frozenset({"index", "readme"})


@dataclass(frozen=True)
class Citation:
    n: int  # 1-based position in the claim's evidence list; anchors are cite-<claim>-<n>
    source: str
    quote: str
    start: int
    end: int
    stance: str
    prefix: str | None = None
    suffix: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Correction:
    """A change made to a claim after it was published: when, and what changed and why."""

    date: str
    note: str  # Markdown, rendered as text


@dataclass(frozen=True)
class Claim:
    id: str
    file: str
    claim: str
    claimant: str
    verdict: str
    summary: str
    evidence: tuple[Citation, ...]
    claim_date: str | None = None
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    status: str = "published"
    analyst: str | None = None
    reviewers: tuple[str, ...] = ()
    updated: str | None = None
    claimant_type: str = "organization"  # how ClaimReview types the claim's author
    published: str | None = None  # when this fact-check was first published, YYYY-MM-DD
    corrections: tuple[Correction, ...] = ()  # oldest first
    single_source: str | None = None  # why the verdict may rest on one source

    def __hash__(self) -> int:
        # One claim per id. The generated hash went through every citation, so a set or dict of
        # the claims citing a source cost citations x citations (16,000 in one claim: 30 s).
        return hash(self.id)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def modified(self) -> str | None:
        """The newest of its last update and its corrections (ClaimReview dateModified)."""
        dates = [d for d in (self.updated, *(c.date for c in self.corrections)) if d]
        return max(dates) if dates else None

    @property
    def sources(self) -> list[str]:
        """Source ids in order of first citation."""
        return list(dict.fromkeys(c.source for c in self.evidence))

    def to_json(self) -> dict[str, Any]:
        """The claims.json shape: the analyst's fields plus resolved offsets."""
        out: dict[str, Any] = {"id": self.id, "claim": self.claim, "claimant": self.claimant}
        if self.claim_date:
            out["claim_date"] = self.claim_date
        out.update(verdict=self.verdict, summary=self.summary, status=self.status)
        out["evidence"] = [
            {key: value for key, value in (
                ("n", c.n), ("source", c.source), ("quote", c.quote), ("start", c.start),
                ("end", c.end), ("prefix", c.prefix), ("suffix", c.suffix),
                ("stance", c.stance), ("note", c.note)) if value is not None}
            for c in self.evidence]
        for key in ("tags", "related", "reviewers"):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        for key in ("analyst", "updated", "published", "single_source"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["claimant_type"] = self.claimant_type
        if self.corrections:
            out["corrections"] = [{"date": c.date, "note": c.note} for c in self.corrections]
        return out
