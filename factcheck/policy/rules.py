"""The house rules: one small generator per rule, and the table rule -> code -> function.

The shape is jsonschema's ``_keywords.py``: a rule is a function of what it checks, yielding a
located diagnostic for each way the claim breaks it. Rules read the claim as parsed (the YAML
document, with positions), not the checked ``Claim``: a file with a schema error still gets the
findings that can be made from it, and a value a rule cannot read (a number where a name
belongs) is left to the schema's own diagnostic rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Severity
from ..sources import SOURCE_ID
from ..verdicts import VerdictScale
from ..yaml_loading import YamlDocument
from .baseline import BaseClaim, Passages, is_published
from .claim import ClaimUnderRule, folded, is_name, today
from .config import Level, Policy
from .corrections import needs_correction
from .record import record_problems

# --- the rules ------------------------------------------------------------------------------------

def review(claim: ClaimUnderRule) -> Iterator[Diagnostic]:
    """A published claim names who wrote it and someone else who approved it."""
    data = claim.data
    if not is_published(data):
        return
    analyst = data.get("analyst")
    if "analyst" not in data:
        yield claim.at((), "published, but no 'analyst' says who wrote this fact-check",
                       "add who wrote it, e.g.\nanalyst: Desk analyst")
    elif not is_name(analyst):
        return  # the schema reports what is wrong with the value
    reviewers = data.get("reviewers")
    if "reviewers" in data and not isinstance(reviewers, list):
        return
    others = [r for r in reviewers or () if is_name(r)
              and (analyst is None or folded(r) != folded(analyst))]
    if others:
        return
    if not reviewers:
        yield claim.at(("reviewers",) if "reviewers" in data else (),
                       "published, but no 'reviewers' say who approved this fact-check",
                       "add who reviewed it, someone other than the analyst, e.g.\n"
                       "reviewers: [Desk editor]")
    else:
        yield claim.at(("reviewers",),
                       "'reviewers' lists only the analyst: a fact-check is approved by someone "
                       "who did not write it (names are compared ignoring case and spacing)",
                       "add a reviewer other than the analyst, e.g.\nreviewers: [Desk editor]")


def published_date(claim: ClaimUnderRule) -> Iterator[Diagnostic]:
    """A published claim says when it was first published (ClaimReview datePublished)."""
    if is_published(claim.data) and "published" not in claim.data:
        yield claim.at((), "published, but no 'published' date says when this fact-check first "
                           "appeared (readers and ClaimReview's datePublished need it)",
                       "add the date it was first published (today, if it is being published now):\n"
                       f"published: {today()}")


# The stances that carry each verdict (the SPEC's table); other verdicts are exempt.
CARRYING_STANCES: dict[str, tuple[str, ...]] = {
    "supported": ("supports",),
    "mostly-supported": ("supports",),
    "contradicted": ("refutes",),
    "disputed": ("supports", "refutes"),
}


def single_source(claim: ClaimUnderRule) -> Iterator[Diagnostic]:
    """The passages that carry the verdict come from two sources at least, or the claim says
    why one is enough (``single_source``)."""
    data = claim.data
    verdict = data.get("verdict")
    stances = CARRYING_STANCES.get(verdict) if isinstance(verdict, str) else None
    evidence = data.get("evidence")
    if stances is None or "single_source" in data or not isinstance(evidence, list):
        return
    sources = list(dict.fromkeys(
        c["source"] for c in evidence
        if isinstance(c, dict) and isinstance(c.get("source"), str) and c.get("stance") in stances))
    if len(sources) >= 2:
        return
    stance = " or ".join(f"'{s}'" for s in stances)
    label = claim.verdict_label(verdict)
    if sources:
        shown = f" ('{sources[0]}')" if SOURCE_ID.match(sources[0]) else ""
        message = (f"the verdict {label} rests on passages of one source only{shown}: the house "
                   f"rules want the passages that carry it ({stance}) from two sources")
    else:
        message = (f"no passage carries the verdict {label}: none has the stance {stance}; the "
                   "house rules want such passages from two sources")
    cite = ("cite a passage of another source" if sources else "cite passages of two sources")
    yield claim.at(("evidence",), message,
                   f"{cite} with the stance {stance}, or say why one source is enough, e.g.\n"
                   "single_source: The claim is about what this article itself reported.")


# --- the table ------------------------------------------------------------------------------------

RuleFunction = Callable[[ClaimUnderRule], Iterator[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    code: str
    check: RuleFunction
    needs_base: bool = False  # compares with a git revision: runs only with check --base


RULES: dict[str, Rule] = {
    "review": Rule("needs-review", review),
    "published-date": Rule("missing-published", published_date),
    "single-source": Rule("single-source", single_source),
    "corrections": Rule("needs-correction", needs_correction, needs_base=True),
}

_SEVERITY = {Level.ERROR: Severity.ERROR, Level.WARNING: Severity.WARNING}


class HouseRules:
    """The rules a policy turns on, ready to run on one claim file after another."""

    def __init__(self, policy: Policy, scale: VerdictScale) -> None:
        self.scale = scale
        self.active = [(rule, _SEVERITY[policy.level(name)]) for name, rule in RULES.items()
                       if policy.level(name) is not Level.OFF]

    def check(self, document: YamlDocument, base: BaseClaim | None = None,
              passages: Passages | None = None, compared: bool = False) -> list[Diagnostic]:
        """Every house-rule diagnostic of one parsed claim file (its data a mapping).

        ``compared``: the check compares with a revision (``check --base``); ``base`` is then
        the claim at that revision, None for a claim new since."""
        found = list(record_problems(document)) if "corrections" in document.data else []
        claim = ClaimUnderRule(document, "", Severity.WARNING, self.scale, base, passages)
        for rule, severity in self.active:
            if rule.needs_base and not compared:
                continue
            claim.code, claim.severity = rule.code, severity
            found.extend(rule.check(claim))
        return found
