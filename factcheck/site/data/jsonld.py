"""Machine-readable views of the fact-check: schema.org ClaimReview for each claim page, the
claims.json export, and every citation as a W3C Web Annotation. Pure: dicts in, dicts out;
``escaping.script_json`` makes them safe inside a page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ...model import Claim
from ...sources import Source
from ...verdicts import Verdict, VerdictScale
from ..html.analyst_markdown import plain_text
from ..plan.content import CitedPassage

QUOTE_CONTEXT = 32  # characters of prefix/suffix in a TextQuoteSelector


AUTHOR_TYPES = {"person": "Person", "organization": "Organization"}


def claim_review(claim: Claim, verdict: Verdict, scale: VerdictScale, url: str,
                 publisher: str, site_date: str | None = None) -> dict[str, Any]:
    """The claim's schema.org ClaimReview.

    ``datePublished`` is when the fact-check was first published (the claim's ``published``);
    only a claim that does not say falls back to ``site_date``, the date the site was published
    with (its build date under SOURCE_DATE_EPOCH, else the newest date the claims carry).
    ``dateModified`` is its last update or newest correction. The reviewed claim's author is a
    Person or an Organization as ``claimant_type`` says.
    """
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label}
    if verdict.rating is not None:
        rating.update(ratingValue=verdict.rating, bestRating=scale.best_rating,
                      worstRating=scale.worst_rating)
    author_type = AUTHOR_TYPES.get(claim.claimant_type, "Organization")
    item: dict[str, Any] = {"@type": "Claim", "author": {"@type": author_type, "name": claim.claimant}}
    if claim.claim_date:
        item["datePublished"] = claim.claim_date
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.claim,
        "itemReviewed": item,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": publisher},
        "reviewBody": plain_text(claim.summary),
    }
    published = claim.published or site_date
    if published:
        review["datePublished"] = published
    if claim.modified:
        review["dateModified"] = claim.modified
    return review


def source_metadata(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"id": source.id}
    out.update(sorted(source.meta.items()))
    out["length"] = len(source.body)
    return out


def claims_export(claims: list[Claim], sources: list[Source], scale: VerdictScale,
                  url_of_claim: dict[str, str]) -> dict[str, Any]:
    """``/claims.json``: every published claim, citations resolved to code-point offsets. The
    claims come as an iterator (``exports.write_json`` writes them one by one; ``list()`` it to
    hold them all)."""
    return {
        "verdicts": [{"id": v.id, "label": v.label, "description": v.description, "rating": v.rating}
                     for v in scale.verdicts],
        "sources": [source_metadata(s) for s in sources],
        "claims": (_exported(claim, url_of_claim) for claim in claims),
    }


def _exported(claim: Claim, url_of_claim: dict[str, str]) -> dict[str, Any]:
    entry = claim.to_json()
    # A draft is not published, not even its id in another claim's list.
    related = [other for other in claim.related if other in url_of_claim]
    if related:
        entry["related"] = related
    else:
        entry.pop("related", None)
    entry["url"] = url_of_claim[claim.id]
    return entry


def annotation(passage: CitedPassage, body: str, claim_url: str, source_text_url: str,
               source_page_url: str, id_base: str) -> dict[str, Any]:
    """One citation as a Web Annotation: the claim page linked to the exact passage it cites."""
    c = passage.citation
    bodies: list[dict[str, Any]] = [
        {"type": "SpecificResource", "source": claim_url, "purpose": "linking"},
        {"type": "TextualBody", "value": c.stance, "purpose": "classifying"},
    ]
    if c.note:
        bodies.append({"type": "TextualBody", "value": c.note, "purpose": "commenting",
                       "format": "text/plain"})
    return {
        "id": f"{id_base}#{passage.anchor}",
        "type": "Annotation",
        "motivation": "assessing",
        "body": bodies,
        "target": {
            "type": "SpecificResource",
            "source": source_text_url,
            "scope": source_page_url,
            "selector": [
                {"type": "TextQuoteSelector", "exact": c.quote,
                 "prefix": body[max(0, c.start - QUOTE_CONTEXT):c.start],
                 "suffix": body[c.end:c.end + QUOTE_CONTEXT]},
                {"type": "TextPositionSelector", "start": c.start, "end": c.end},
            ],
        },
    }


def annotation_collection(annotations: Iterable[dict[str, Any]], label: str, id_: str,
                          total: int | None = None) -> dict[str, Any]:
    """The collection; given ``total``, ``annotations`` may be an iterator, written one by one."""
    items: Iterable[dict[str, Any]] = annotations
    if total is None:
        items = list(annotations)
        total = len(items)
    elif not isinstance(annotations, Iterator):
        items = list(annotations)
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": id_,
        "type": "AnnotationCollection",
        "label": label,
        "total": total,
        # The page is embedded: its id is the collection's with a fragment (W3C: a page MUST have one).
        "first": {"id": f"{id_}#page-1", "type": "AnnotationPage", "partOf": id_, "startIndex": 0,
                  "items": items},
    }
