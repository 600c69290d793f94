"""The review as JSON (``diff --format json``): a stable structure for tools."""

from __future__ import annotations

from typing import Any

from .compare import ClaimChange, Review, SourceChange


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
            "draft": c.draft,
            "corrections": {"new": [{"date": d, "note": n} for d, n in c.corrections],
                            "needed": c.needs_correction},
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
            "corrections_new": sum(len(c.corrections) for c in review.claims),
            "corrections_needed": sum(1 for c in review.claims if c.needs_correction),
        },
        "claims": [claim(c) for c in review.claims],
        "sources": [source(s) for s in review.sources],
        "notes": review.notes,
    }
