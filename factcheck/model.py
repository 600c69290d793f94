"""Checked claims as the site and the tools use them: every citation resolved to offsets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CLAIMS_DIR = "claims"
CLAIM_SUFFIX = ".yaml"


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

    @property
    def published(self) -> bool:
        return self.status == "published"

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
        for key in ("analyst", "updated"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out
