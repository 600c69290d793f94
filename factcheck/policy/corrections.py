"""The ``corrections`` rule: a claim published at the revision compared with (``check --base
REV``) whose claim, verdict or evidence changed since needs a new ``corrections`` entry.

What counts as a change is what a reader would see differ:

- the claim's wording (white space aside: YAML folding or re-wrapping a line is not a change);
- the verdict;
- the evidence: a citation added or removed, or one's source, quote, stance or resolved passage
  changed. A citation is compared by what it cites, never by how the file says it: offsets or a
  prefix added that resolve to the same passage, a note, the order of the list, YAML quoting and
  layout change nothing. The passage is told by which occurrence of its quote it is in its
  source, so a source corrected elsewhere (the passage moved, not replaced) changes nothing
  either, while a prefix that now picks another occurrence of the same words does.

A claim that was a draft at REV, that is new since, or whose summary, tags or related claims
alone changed needs no correction; a claim deleted since is outside the rule (``diff`` shows it).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..yaml_loading import Path
from .baseline import BaseClaim, Passages
from .claim import ClaimUnderRule, today

# --- comparing --------------------------------------------------------------------------------------

Identity = tuple[Any, Any, Any, int | None]  # source, quote, stance, which occurrence


def _citations(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    evidence = data.get("evidence")
    return [c for c in evidence if isinstance(c, dict)] if isinstance(evidence, list) else []


def _plain(value: object) -> object:
    # A malformed value (a list where text belongs: the schema reports it) still compares.
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def _identity(citation: Mapping[str, Any], passages: Passages) -> Identity:
    return (_plain(citation.get("source")), _plain(citation.get("quote")),
            _plain(citation.get("stance")), passages.passage(citation))


def _unmatched(ids: list[Identity], others: list[Identity]) -> list[tuple[int, Identity]]:
    """(1-based position, identity) of each of ``ids`` that ``others`` does not also have."""
    remaining = Counter(others)
    found = []
    for n, identity in enumerate(ids, start=1):
        if remaining[identity] > 0:
            remaining[identity] -= 1
        else:
            found.append((n, identity))
    return found


def _short(text: object, limit: int = 50) -> str:
    value = " ".join(str(text).split())
    return "\u201c" + (value if len(value) <= limit else value[:limit - 1] + "\u2026") + "\u201d"


@dataclass
class Change:
    """One thing a reader would see differ, at the key where it shows in the file."""

    path: Path
    description: str


@dataclass
class ClaimChanges:
    changes: list[Change] = field(default_factory=list)
    verdict: tuple[Any, Any] | None = None  # (old, new) when the verdict changed

    def __bool__(self) -> bool:
        return bool(self.changes)


def _same_sources(citations: Sequence[Mapping[str, Any]], old: Passages, new: Passages) -> bool:
    cited = {c.get("source") for c in citations}
    return all(isinstance(s, str) and old.body(s) == new.body(s) for s in cited)


def evidence_changes(old_data: Mapping[str, Any], old: Passages, new_data: Mapping[str, Any],
                     new: Passages) -> list[Change]:
    """How the evidence changed, citation by citation, as a reader sees it."""
    before, after = _citations(old_data), _citations(new_data)
    if old_data.get("evidence") == new_data.get("evidence") and _same_sources(after, old, new):
        return []  # the same citations resolving in the same texts (the common case: fast)
    old_ids = [_identity(c, old) for c in before]
    new_ids = [_identity(c, new) for c in after]
    removed = _unmatched(old_ids, new_ids)  # cited before, not now
    added = _unmatched(new_ids, old_ids)  # cited now, not before
    changes: list[Change] = []
    for n_new, new_id in list(added):
        # The same words of the same source on both sides: the stance or the occurrence changed.
        match = next(((n, i) for n, i in removed if i[:2] == new_id[:2]), None)
        if match is None:
            continue
        removed.remove(match)
        added.remove((n_new, new_id))
        path: Path = ("evidence", n_new - 1)
        if match[1][2] != new_id[2]:
            changes.append(Change(path, f"citation {n_new} has the stance {new_id[2]} (was {match[1][2]})"))
        else:
            changes.append(Change(path, f"citation {n_new} now cites another occurrence of its quote"))
    changes += [Change(("evidence", n - 1), f"citation {n} was added ({_short(i[1])})") for n, i in added]
    changes += [Change(("evidence",), f"citation {n} was removed ({_short(i[1])})") for n, i in removed]
    return changes


def claim_changes(base: BaseClaim, data: Mapping[str, Any], passages: Passages) -> ClaimChanges:
    """What a reader would see differ between the claim at the revision and ``data`` now."""
    assert base.data is not None
    found = ClaimChanges()
    old_claim, new_claim = base.data.get("claim"), data.get("claim")
    if (" ".join(old_claim.split()) if isinstance(old_claim, str) else old_claim) != \
            (" ".join(new_claim.split()) if isinstance(new_claim, str) else new_claim):
        found.changes.append(Change(("claim",), "the claim was reworded"))
    if base.data.get("verdict") != data.get("verdict"):
        found.verdict = (base.data.get("verdict"), data.get("verdict"))
        found.changes.append(Change(("verdict",), "the verdict changed"))
    found.changes += evidence_changes(base.data, base.passages, data, passages)
    return found


def correction_count(data: Mapping[str, Any] | None) -> int:
    corrections = data.get("corrections") if data else None
    return len(corrections) if isinstance(corrections, list) else 0


# --- the rule ---------------------------------------------------------------------------------------

def _proposed_note(claim: ClaimUnderRule, found: ClaimChanges) -> str:
    if found.verdict is not None:
        old, new = found.verdict
        return f"The verdict was changed from {claim.verdict_label(old)} to {claim.verdict_label(new)}."
    first = found.changes[0]
    if first.path == ("claim",):
        return "The wording of the claim was corrected."
    return f"The evidence was revised: {first.description}."


def needs_correction(claim: ClaimUnderRule) -> Iterator[Diagnostic]:
    """A published claim changed since the revision, with no new correction saying so."""
    base, passages = claim.base, claim.passages
    if base is None or passages is None or not base.published:
        return  # new since the revision, or a draft there
    found = claim_changes(base, claim.data, passages)
    if not found or correction_count(claim.data) > correction_count(base.data):
        return
    described = "; ".join(change.description for change in found.changes)
    entry = (f"  - date: {today()}\n"
             f"    note: {json.dumps(_proposed_note(claim, found), ensure_ascii=False)}")
    where = ("add an entry at the end of 'corrections'" if "corrections" in claim.data
             else "add a 'corrections' list") + " that says what changed and why, e.g.\n"
    yield claim.at(found.changes[0].path,
                   f"this fact-check was published at {base.revision} and has changed since "
                   f"({described}), but it has no new 'corrections' entry: a published "
                   "fact-check is never changed silently",
                   where + ("" if "corrections" in claim.data else "corrections:\n") + entry)
