"""Suggesting the word that was meant: mistyped keys, verdicts, source and claim ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6


def closest_matches(word: str, candidates: Iterable[str], cutoff: float = CUTOFF) -> list[str]:
    """``difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)``, the same answer.

    get_close_matches computes the full similarity of nearly every candidate, and claim ids are
    alike enough to pass its cheap filters: with 30,000 claims one mistyped related id cost
    seconds. Here candidates are tried in order of the cheap upper bound (``quick_ratio``), and
    the search stops when no remaining candidate can equal the best found; the best is the
    largest (similarity, candidate), as get_close_matches' ``heapq.nlargest`` picks it.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounded = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= cutoff:
            bound = matcher.quick_ratio()
            if bound >= cutoff:
                bounded.append((bound, candidate))
    bounded.sort(reverse=True)
    best: tuple[float, str] | None = None
    for bound, candidate in bounded:
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(candidate)
        score = matcher.ratio()
        if score >= cutoff and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return [best[1]] if best is not None else []


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """"did you mean 'x'?" for the closest candidate, or None when nothing is close."""
    close = closest_matches(word, candidates)
    return f"did you mean '{close[0]}'?" if close else None
