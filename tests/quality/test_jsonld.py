"""JSON-LD: each claim page's schema.org ClaimReview, extracted with extruct (a real structured
data extractor, as a crawler reads it), has the fields the SPEC and Google's ClaimReview
guidelines require and says the verdict the page shows."""

from __future__ import annotations

import extruct

from site_gates import Site, claim_review_problems, verdict_scale

ORIGIN = "http://127.0.0.1:8000/"


def test_every_claim_page_has_one_correct_claimreview(built_site: Site) -> None:
    scale = verdict_scale()
    problems = {}
    for claim in built_site.claims:
        url = f"{ORIGIN}claims/{claim['id']}/"
        html = built_site.page(f"claims/{claim['id']}").read_text(encoding="utf-8")
        found = claim_review_problems(html, url, claim, scale)
        if found:
            problems[claim["id"]] = found
    assert problems == {}


def test_no_other_page_claims_to_review_anything(built_site: Site) -> None:
    claim_pages = {built_site.page(f"claims/{c['id']}") for c in built_site.claims}
    for page in built_site.pages():
        if page in claim_pages:
            continue
        data = extruct.extract(page.read_text(encoding="utf-8"), base_url=ORIGIN, syntaxes=["json-ld"])
        assert not [d for d in data["json-ld"] if d.get("@type") == "ClaimReview"], page


def test_the_gate_catches_a_wrong_or_incomplete_claimreview(built_site: Site) -> None:
    scale = verdict_scale()
    claim = next(c for c in built_site.claims if scale[c["verdict"]]["rating"] is not None)
    label = scale[claim["verdict"]]["label"]
    other = next(v["label"] for k, v in scale.items() if v["label"] != label)
    url = f"{ORIGIN}claims/{claim['id']}/"
    html = built_site.page(f"claims/{claim['id']}").read_text(encoding="utf-8")
    head, script, tail = html.partition('"alternateName": "' + label + '"')
    assert script, "the ClaimReview is not written as expected by this fault injection"
    relabelled = head + '"alternateName": "' + other + '"' + tail
    assert any("alternateName" in p for p in claim_review_problems(relabelled, url, claim, scale))
    assert any("ClaimReview items" in p for p in claim_review_problems(
        html.replace('"ClaimReview"', '"Review"'), url, claim, scale))
    undated = html.replace('"datePublished"', '"dateModified"')
    if undated != html:
        assert any("datePublished" in p for p in claim_review_problems(undated, url, claim, scale))
