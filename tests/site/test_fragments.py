"""The pure pieces of pages: quotes in context, the verdict chart, the highlighted source body,
and the ClaimReview and Web Annotation shapes."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from factcheck.model import Citation, Claim
from factcheck.site.html.charts import verdict_chart
from factcheck.site.plan.content import CitedPassage
from factcheck.site.html.excerpts import excerpt
from factcheck.site.data.jsonld import annotation, claim_review
from factcheck.site.plan.links import Links
from factcheck.site.pages.source import render_body
from factcheck.verdicts import Verdict, VerdictScale

SCALE = VerdictScale((
    Verdict("supported", "Supported", "Agree.", 5, "#17663a"),
    Verdict("disputed", "Disputed", "Conflict.", 3, "#8a5a00"),
    Verdict("contradicted", "Contradicted", "Say otherwise.", 1, "#b42318"),
    Verdict("unverifiable", "Unverifiable", "Only assertions.", None, "#4b5563"),
))


def make_claim(claim_id: str, citations: list[tuple[int, int, str]], body: str, verdict: str = "supported") -> Claim:
    evidence = tuple(Citation(n=i, source="s", quote=body[a:b], start=a, end=b, stance=stance)
                     for i, (a, b, stance) in enumerate(citations, start=1))
    return Claim(id=claim_id, file=f"claims/{claim_id}.yaml", claim=f"Claim {claim_id}", claimant="Someone",
                 verdict=verdict, summary="S.", evidence=evidence)


def test_excerpt_gives_words_around_the_quote_within_its_paragraph() -> None:
    body = "First paragraph.\none two three four QUOTE five six seven\nNext paragraph."
    start = body.index("QUOTE")
    part = excerpt(body, start, start + 5, words=2)
    assert (part.before, part.quote, part.after) == ("three four ", "QUOTE", " five six")
    assert part.clipped_before and part.clipped_after
    whole = excerpt(body, start, start + 5, words=10)
    assert whole.before == "one two three four " and not whole.clipped_before
    assert whole.after == " five six seven" and not whole.clipped_after


def test_excerpt_of_a_quote_at_the_edges_of_the_text() -> None:
    part = excerpt("QUOTE then more", 0, 5)
    assert part.before == "" and part.after == " then more"


def test_chart_is_valid_svg_with_a_label_and_count_per_verdict() -> None:
    svg = verdict_chart([(SCALE["supported"], 7), (SCALE["disputed"], 0), (SCALE["unverifiable"], 2)])
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img"
    assert root.find("s:title", ns).text == "Verdicts of the 9 claims checked"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["Supported", "7", "Disputed", "0", "Unverifiable", "2"]
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill")]
    assert [float(b.get("width")) for b in bars][1] == 0  # no bar for no claim
    assert float(bars[0].get("width")) > float(bars[2].get("width")) > 0


def test_chart_labels_are_escaped() -> None:
    svg = verdict_chart([(Verdict("x", "<b>&", "d", 1, "#000"), 1)])
    assert "&lt;b&gt;&amp;" in svg
    ET.fromstring(svg)


class _Marks(HTMLParser):
    """The text of each citation's marks, the ids, and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[list[str]] = []
        self.by_key: dict[str, str] = {}
        self.ids: list[str] = []
        self.text: list[str] = []
        self.in_ref = False
        self.in_p = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"] or "")
        if tag == "mark":
            self.stack.append((a.get("data-cites") or "").split())
        if tag == "a":
            self.in_ref = True
        if tag == "p":
            self.in_p = True
            if self.text:
                self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.stack.pop()
        if tag == "a":
            self.in_ref = False
        if tag == "p":
            self.in_p = False

    def handle_data(self, data: str) -> None:
        if self.in_ref or not self.in_p:
            return
        self.text.append(data)
        for key in self.stack[-1] if self.stack else ():
            self.by_key[key] = self.by_key.get(key, "") + data


def test_body_highlights_overlapping_and_nested_passages_exactly() -> None:
    body = "Alpha beta gamma delta.\nEpsilon zeta eta theta.\n"
    outer = (body.index("beta"), body.index("theta") + 5, "supports")  # crosses the line break
    nested = (body.index("gamma"), body.index("gamma") + 5, "refutes")
    other = (body.index("gamma") + 2, body.index("zeta") + 4, "context")  # overlaps both
    a = make_claim("a", [outer, nested], body)
    b = make_claim("b", [other], body)
    passages = [CitedPassage(c, cit) for c in (a, b) for cit in c.evidence]
    html = render_body(body, passages, {"a": 1, "b": 2}, Links("sources/s/"))
    parsed = _Marks()
    parsed.feed(html)
    for p in passages:
        assert parsed.by_key[p.key].replace("\n", "") == p.citation.quote.replace("\n", "")
    # Each paragraph (one a line) has its line's id, where a search result for it lands.
    assert [i for i in parsed.ids] == ["line-1", "cite-a-1", "cite-a-2", "cite-b-1", "line-2"]
    assert "".join(parsed.text) == body.rstrip("\n")
    assert html.count("<p id=") == 2  # one paragraph per line; no mark crosses a paragraph
    assert 'href="../../claims/a/#evidence-2"' in html and 'data-depth="3"' in html


def test_body_text_is_escaped() -> None:
    body = 'x <script>alert(1)</script> "><img src=x onerror=alert(1)>'
    claim = make_claim("a", [(2, 27, "supports")], body)
    html = render_body(body, [CitedPassage(claim, claim.evidence[0])], {"a": 1}, Links("sources/s/"))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_claim_review_has_the_fields_of_the_spec() -> None:
    claim = Claim(id="c", file="claims/c.yaml", claim="The claim.", claimant="A ministry", verdict="disputed",
                  summary="It *is* disputed.", evidence=(), claim_date="2025-01-04", updated="2025-01-09",
                  published="2025-01-07")
    review = claim_review(claim, SCALE["disputed"], SCALE, "https://site.test/claims/c/", "The desk",
                          site_date="2025-02-01")
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "The claim."
    assert review["url"] == "https://site.test/claims/c/"
    assert review["author"] == {"@type": "Organization", "name": "The desk"}
    # when the fact-check was published and last changed, not when the claim was made
    assert (review["datePublished"], review["dateModified"]) == ("2025-01-07", "2025-01-09")
    # a claim that does not say when it was published takes the site's date, never its claim date
    undated = claim_review(dataclasses.replace(claim, published=None, updated=None), SCALE["disputed"], SCALE,
                           "./", "The desk", site_date="2025-02-01")
    assert undated["datePublished"] == "2025-02-01" and "dateModified" not in undated
    person = claim_review(dataclasses.replace(claim, claimant_type="person"), SCALE["disputed"], SCALE, "./", "d")
    assert person["itemReviewed"]["author"] == {"@type": "Person", "name": "A ministry"}
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Disputed", "ratingValue": 3,
                                      "bestRating": 5, "worstRating": 1}
    assert review["itemReviewed"] == {"@type": "Claim", "datePublished": "2025-01-04",
                                      "author": {"@type": "Organization", "name": "A ministry"}}


def test_unrated_verdict_has_a_label_but_no_rating_value() -> None:
    claim = Claim(id="c", file="claims/c.yaml", claim="x", claimant="y", verdict="unverifiable",
                  summary="z", evidence=())
    rating = claim_review(claim, SCALE["unverifiable"], SCALE, "./", "d")["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_annotation_selects_the_passage_by_quote_and_by_position() -> None:
    body = "Before the passage. The cited passage here. After it."
    start = body.index("The cited")
    claim = make_claim("c", [(start, start + len("The cited passage here."), "refutes")], body)
    note = Citation(**{**claim.evidence[0].__dict__, "note": "Why."})
    item = annotation(CitedPassage(claim, note), body, "claims/c/", "sources/s.txt", "sources/s/", "annotations.jsonld")
    assert item["type"] == "Annotation" and item["id"] == "annotations.jsonld#cite-c-1"
    quote, position = item["target"]["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": "The cited passage here.",
                     "prefix": "Before the passage. ", "suffix": " After it."}
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + 23}
    assert {"type": "TextualBody", "value": "refutes", "purpose": "classifying"} in item["body"]
    assert any(b.get("value") == "Why." for b in item["body"])
    assert item["target"]["source"] == "sources/s.txt"
