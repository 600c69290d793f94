"""What the site publishes: the claims (published, or drafts too), every source, and the
indexes between them. Built from a check result, so only claims that passed are published."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ...model import Citation, Claim
from ...sources import Source
from ...verdicts import Verdict, VerdictScale
from ..html.highlighting import Span, covered
from .naming import source_name


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


_NAME_WORD = re.compile(r"[^\W_]+")
_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def folded_quotes(text: str) -> str:
    """Curly quotation marks as straight ones (analysts type either)."""
    return text.translate(_QUOTE_MARKS)


def _comparable(text: str) -> str:
    """Text as a claim's wording is compared with an article's: straight quote marks, one space
    for any white space, lower case."""
    return folded_quotes(" ".join(text.split())).lower()


def _inside_quotation_marks(body: str, at: int) -> bool:
    """Whether position ``at`` of a comparable body is inside double quotation marks: an odd
    number of them since its paragraph began (an article's quotations do not span paragraphs)."""
    start = body.rfind("\n", 0, at) + 1
    return body.count('"', start, at) % 2 == 1


def _bare(text: str) -> str:
    """A name as compared: its words only (no quotation marks, ellipses or other punctuation),
    in lower case."""
    return " ".join(_NAME_WORD.findall(text.lower()))


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
        """Whether the claim, as worded, is a quotation of its claimant (the methodology's rule:
        a claim is shown in quotation marks only when it is one). Its words (quote marks, case
        and white space aside, and a closing full stop) stand in an article it cites, and there
        they are either inside quotation marks (someone quoted), or the article's own words with
        the article itself the claimant (its outlet, or its name as the site shows it, and no
        one else): an article's paraphrase of someone is not that someone's words."""
        words = _comparable(claim.claim).rstrip(".")
        if not words:
            return False
        for source_id in claim.sources:
            body = self._folded_bodies.get(source_id)
            if body is None or words not in body:
                continue
            if self._claimant_is(claim, source_id):
                return True
            at = body.find(words)
            while at >= 0:
                if _inside_quotation_marks(body, at):
                    return True
                at = body.find(words, at + 1)
        return False

    def _claimant_is(self, claim: Claim, source_id: str) -> bool:
        """The claimant line names the article and no other party: its outlet, or (after a
        leading "Article") the start of its name as the site shows it, three words or more."""
        source = self.source_by_id[source_id]
        claimant = _bare(claim.claimant)
        outlet = source.meta.get("outlet")
        if outlet and claimant == _bare(outlet):
            return True
        claimant = claimant.removeprefix("article ").strip()
        name = _bare(source_name(source).name)
        if outlet:
            name = name.removeprefix(_bare(outlet)).strip()
        return len(claimant.split()) >= 3 and (name + " ").startswith(claimant + " ")

    @cached_property
    def _folded_bodies(self) -> dict[str, str]:
        # line by line: a line of a source is a paragraph, where a quotation begins and ends
        return {s.id: "\n".join(_comparable(line) for line in s.body.split("\n")) for s in self.sources}

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
