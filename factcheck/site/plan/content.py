"""What the site publishes: the claims (published, or drafts too), every source, and the
indexes between them. Built from a check result, so only claims that passed are published."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ...model import Citation, Claim
from ...sources import Source
from ...verdicts import Verdict, VerdictScale
from ..html.highlighting import Span, covered


@dataclass(frozen=True)
class CitedPassage:
    claim: Claim
    citation: Citation

    @property
    def key(self) -> str:
        """``<claim-id>-<n>``; the element id where the passage starts is ``cite-<key>``."""
        return f"{self.claim.id}-{self.citation.n}"

    @property
    def anchor(self) -> str:
        return f"cite-{self.key}"


def claim_date(claim: Claim) -> str:
    return claim.claim_date or ""


def recency(claim: Claim) -> tuple[str, str, str]:
    """What orders claims newest first: published, then updated, then claim_date ('' for none)."""
    return (claim.published or "", claim.updated or "", claim.claim_date or "")


_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def folded_quotes(text: str) -> str:
    """Curly quotation marks as straight ones (analysts type either)."""
    return text.translate(_QUOTE_MARKS)


class SiteContent:
    def __init__(self, claims: Iterable[Claim], sources: Iterable[Source], scale: VerdictScale,
                 drafts: bool = False) -> None:
        self.scale = scale
        self.drafts = drafts
        self.claims: list[Claim] = sorted(
            (c for c in claims if drafts or c.is_published), key=lambda c: c.id)
        self.by_id: dict[str, Claim] = {c.id: c for c in self.claims}
        self.sources: list[Source] = sorted(sources, key=lambda s: s.id)
        self.source_by_id: dict[str, Source] = {s.id: s for s in self.sources}

    def verdict(self, claim: Claim) -> Verdict:
        return self.scale[claim.verdict]

    @cached_property
    def passages_by_source(self) -> dict[str, list[CitedPassage]]:
        """Every published citation of each source, in reading order of the passages."""
        found: dict[str, list[CitedPassage]] = {s.id: [] for s in self.sources}
        for claim in self.claims:
            for citation in claim.evidence:
                found.setdefault(citation.source, []).append(CitedPassage(claim, citation))
        for passages in found.values():
            passages.sort(key=lambda p: (p.citation.start, -p.citation.end, p.claim.id, p.citation.n))
        return found

    def claims_citing(self, source_id: str) -> list[Claim]:
        """Claims citing a source, in the order their first passage appears in it."""
        return list(self._citing.get(source_id, ()))

    @cached_property
    def _citing(self) -> dict[str, tuple[Claim, ...]]:
        return {source_id: tuple(dict.fromkeys(p.claim for p in passages))
                for source_id, passages in self.passages_by_source.items()}

    def is_quotation(self, claim: Claim) -> bool:
        """Whether the claim, as worded, is a quotation: its words stand in an article it cites
        (quote marks and white space aside, and a closing full stop). The methodology's rule:
        a claim is shown in quotation marks only when it is a quotation."""
        words = folded_quotes(" ".join(claim.claim.split())).rstrip(".")
        return bool(words) and any(words in self._folded_bodies[source_id] for source_id in claim.sources
                                   if source_id in self._folded_bodies)

    @cached_property
    def _folded_bodies(self) -> dict[str, str]:
        return {s.id: folded_quotes(" ".join(s.body.split())) for s in self.sources}

    def share_cited(self, source: Source) -> float:
        if not source.body:
            return 0.0
        spans = [Span(p.citation.start, p.citation.end, p.key)
                 for p in self.passages_by_source.get(source.id, [])]
        return covered(len(source.body), spans) / len(source.body)

    def related(self, claim: Claim) -> list[Claim]:
        """Related claims that this build publishes (a draft is not linked from a published page)."""
        return [self.by_id[other] for other in claim.related if other in self.by_id]

    @cached_property
    def by_verdict(self) -> dict[str, list[Claim]]:
        grouped: dict[str, list[Claim]] = {v.id: [] for v in self.scale.verdicts}
        for claim in self.newest_first:
            grouped[claim.verdict].append(claim)
        return grouped

    @cached_property
    def by_tag(self) -> dict[str, list[Claim]]:
        grouped: dict[str, list[Claim]] = {}
        for claim in self.newest_first:
            for tag in claim.tags:
                grouped.setdefault(tag, []).append(claim)
        return dict(sorted(grouped.items()))

    @cached_property
    def newest_first(self) -> list[Claim]:
        """Newest fact-checks first: by the date each was published, then last updated, then the
        date the claim was made; a claim with none of them after every dated one; then by id."""
        ordered = sorted(self.claims, key=lambda c: c.id)
        ordered.sort(key=recency, reverse=True)
        return ordered

    @cached_property
    def untagged(self) -> list[Claim]:
        return [c for c in self.newest_first if not c.tags]

    @cached_property
    def stance_counts(self) -> dict[str, dict[str, int]]:
        """For each source, how many published passages cite it with each stance."""
        counts: dict[str, dict[str, int]] = {}
        for source_id, passages in self.passages_by_source.items():
            each = counts[source_id] = {}
            for p in passages:
                each[p.citation.stance] = each.get(p.citation.stance, 0) + 1
        return counts

    @cached_property
    def newest_date(self) -> str | None:
        """The newest date any published claim carries: the site's own date, for reproducibility."""
        dates = [d for c in self.claims for d in (c.published, c.updated, c.claim_date) if d]
        return max(dates) if dates else None
