"""Finding a passage in a source and writing the citation block that cites it exactly.

``python build.py locate SOURCE TEXT`` is how an analyst turns text copied from an article into a
citation the checker accepts: the exact quote (copied from the body, not from the clipboard) and
its offsets, with a prefix when the same words occur more than once. When the text is not in the
body exactly, the candidates found after folding typographic quotes, dashes and white space, or
else the closest passages, are shown with their exact text; they are never presented as a match.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .anchoring import (
    CLASS_NAMES,
    FOLD_CLASSES,
    closest_passage,
    distinguishing_prefix,
    distinguishing_suffix,
    fold,
    occurrences,
)
from .diagnostics import ConfigurationError
from .sources import Source, SourceLibrary
from .spelling import did_you_mean
from .yaml_strings import yaml_string

MAX_SHOWN = 10  # occurrences or candidates printed; more are counted, not listed
MAX_CLOSEST = 3
CONTEXT_CHARS = 40
STANCES = ("supports", "refutes", "context")

@dataclass(frozen=True)
class Passage:
    """One place in the body: an exact occurrence or a candidate for the text asked for."""

    start: int
    end: int
    text: str  # body[start:end], exactly
    line: int  # line of the source file where the passage starts
    prefix: str | None = None  # set when the passage's words occur elsewhere in the body too
    suffix: str | None = None  # only when no prefix can tell the occurrences apart
    similarity: float | None = None  # for closest passages
    differs_in: tuple[str, ...] = ()  # for folded matches: which typographic classes differ


@dataclass(frozen=True)
class Location:
    """What ``locate`` found: exact occurrences, or else candidates (folded or closest)."""

    source: Source
    text: str
    kind: str  # "exact", "folded", "closest" or "none"
    passages: tuple[Passage, ...] = field(default_factory=tuple)
    total: int = 0  # how many were found; passages lists at most MAX_SHOWN of them

    @property
    def exact(self) -> bool:
        return self.kind == "exact"


def _line_of(source: Source, offset: int) -> int:
    return source.body_line + source.body.count("\n", 0, offset)


def _exact(source: Source, text: str, found: list[int]) -> Location:
    body = source.body
    passages = []
    for at in found[:MAX_SHOWN]:
        prefix = suffix = None
        if len(found) > 1:
            prefix = distinguishing_prefix(body, found, at)
            if prefix is None:
                suffix = distinguishing_suffix(body, [o + len(text) for o in found], at + len(text))
        passages.append(Passage(at, at + len(text), text, _line_of(source, at), prefix, suffix))
    return Location(source, text, "exact", tuple(passages), len(found))


def _classes_that_differ(text: str, passage: str) -> tuple[str, ...]:
    differ = []
    for cls in FOLD_CLASSES:
        others = [c for c in FOLD_CLASSES if c != cls]
        if fold(text, others)[0] != fold(passage, others)[0]:
            differ.append(cls)
    return tuple(differ)


def _folded(source: Source, text: str) -> Location | None:
    folded_body, index = fold(source.body, FOLD_CLASSES)
    folded_text = fold(text.strip(), FOLD_CLASSES)[0]
    if not folded_text.strip():
        return None
    found = occurrences(folded_body, folded_text)
    if not found:
        return None
    passages = []
    for at in found[:MAX_SHOWN]:
        start, end = index[at], index[at + len(folded_text)]
        passage = source.body[start:end]
        passages.append(Passage(start, end, passage, _line_of(source, start),
                                differs_in=_classes_that_differ(text.strip(), passage)))
    return Location(source, text, "folded", tuple(passages), len(found))


def _closest(source: Source, text: str) -> Location:
    """Up to MAX_CLOSEST distinct passages most like ``text``, best first.

    Each found passage is blanked out (same length, so offsets stay valid) before looking again.
    """
    body = source.body
    passages: list[Passage] = []
    for _ in range(MAX_CLOSEST):
        best = closest_passage(body, text.strip())
        if best is None:
            break
        start, end, ratio = best
        if any(start < p.end and p.start < end for p in passages):
            break  # the next best overlaps one already shown: nothing new to offer
        passages.append(Passage(start, end, source.body[start:end], _line_of(source, start),
                                similarity=ratio))
        body = body[:start] + "\0" * (end - start) + body[end:]
    return Location(source, text, "closest" if passages else "none", tuple(passages), len(passages))


def locate(source: Source, text: str) -> Location:
    """Find ``text`` in the source body: exactly, else folded, else the closest passages."""
    if text:
        found = occurrences(source.body, text)
        if found:
            return _exact(source, text, found)
        folded = _folded(source, text)
        if folded is not None:
            return folded
    return _closest(source, text) if text.strip() else Location(source, text, "none")


class UnknownSource(ConfigurationError):
    """No source has the name asked for (not even as the start of its id)."""


def find_source(library: SourceLibrary, name: str) -> Source:
    """The source ``name`` means: its id, its file (seeds/<id>.txt, as a shell completes it), or
    the start of exactly one id (``004``). Raises ConfigurationError saying what is known."""
    ids = library.ids
    candidates = [name] if name in ids else [Path(name).stem] if Path(name).stem in ids else \
        [i for i in ids if i.startswith(name)]
    if len(candidates) > 1:
        raise ConfigurationError(f"'{name}' is the start of {len(candidates)} source ids: "
                                 + ", ".join(candidates[:10]) + (", ..." if len(candidates) > 10 else "")
                                 + "; give more of the id")
    source = library.get(candidates[0]) if candidates else None
    if source is None:
        if candidates:
            raise ConfigurationError(f"source '{candidates[0]}' cannot be read: `python build.py check` says why")
        hint = did_you_mean(name, ids) or "known: " + (", ".join(ids) if ids else "none (seeds/ is empty)")
        raise UnknownSource(f"no source '{name}' in seeds/; {hint}")
    return source


def locate_everywhere(sources: Sequence[Source], text: str) -> list[Location]:
    """Find ``text`` in every source: the sources with exact occurrences if any has one, else
    those with folded matches, else the closest passages of all, best first (one Location per
    source, ordered by its best passage)."""
    found = [locate(source, text) for source in sources]
    for kind in ("exact", "folded"):
        hits = [location for location in found if location.kind == kind]
        if hits:
            return hits
    closest = [location for location in found if location.kind == "closest"]
    ranked = sorted(((p.similarity or 0.0, i, p) for i, location in enumerate(closest)
                     for p in location.passages), key=lambda item: (-item[0], item[1]))[:MAX_CLOSEST]
    kept: dict[int, list[Passage]] = {}
    for _, i, passage in ranked:
        kept.setdefault(i, []).append(passage)
    return [Location(closest[i].source, text, "closest", tuple(passages), len(passages))
            for i, passages in kept.items()]


# --- the printed answer -------------------------------------------------------------------------

def source_name(source: Source) -> str:
    """The source as the analyst knows it: id, file and, where its front matter says, its title
    and outlet (escaped: metadata is analyst text, and this goes to a terminal)."""
    where = f"{source.id} ({source.file})"
    if source.meta.get("title") or source.meta.get("outlet"):
        where += f", {_escaped(source.display_title)}"
    return where


def citation_block(source_id: str, passage: Passage, stance: str | None = None,
                   indent: str = "  ") -> str:
    """A citation ready to paste under ``evidence:``; every string double-quoted, so any text is valid."""
    lines = [f"- source: {source_id}", f"  quote: {yaml_string(passage.text)}"]
    if passage.prefix is not None:
        lines.append(f"  prefix: {yaml_string(passage.prefix)}")
    if passage.suffix is not None:
        lines.append(f"  suffix: {yaml_string(passage.suffix)}")
    lines += [f"  start: {passage.start}", f"  end: {passage.end}"]
    if stance is None:
        lines.append("  stance: context  # supports | refutes | context: what this passage does "
                     "for the claim")
    else:
        lines.append(f"  stance: {stance}")
    return "\n".join(indent + line for line in lines)


def _escaped(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _context(source: Source, passage: Passage) -> str:
    """The passage in its surroundings, on one line: ...before[passage]after..."""
    before = source.body[max(0, passage.start - CONTEXT_CHARS):passage.start]
    after = source.body[passage.end:passage.end + CONTEXT_CHARS]
    text = passage.text
    if len(text) > 2 * CONTEXT_CHARS:
        text = text[:CONTEXT_CHARS] + "\u2026" + text[-CONTEXT_CHARS // 2:]
    return f"...{_escaped(before)}[{_escaped(text)}]{_escaped(after)}..."


def format_locations(locations: Sequence[Location], searched: int, stance: str | None = None) -> str:
    """The answer of a search of all ``searched`` sources, each hit naming its source."""
    if not locations:
        return _comment(f"Not found in any of the {searched} sources: no passage resembles the text. "
                        "Check the words, or the article may not be in seeds/ yet.") + "\n"
    kind = locations[0].kind
    if kind == "closest":
        out = [_comment(f"Not found in any of the {searched} sources, not even after folding "
                        "typographic quotes, dashes and white space. The closest passages of all the "
                        "sources are below, best first. They are NOT your text: read each one, and "
                        "cite it only if it says what you need:")]
        ranked = sorted(((p, location.source) for location in locations for p in location.passages),
                        key=lambda item: -(item[0].similarity or 0))
        for i, (passage, source) in enumerate(ranked, start=1):
            out.append("")
            out.append(_comment(f"candidate {i}, in {source_name(source)}, line {passage.line}, "
                                f"{round((passage.similarity or 0) * 100)}% alike:"))
            out.append(citation_block(source.id, passage, stance))
        return "\n".join(out) + "\n"
    sources = len(locations)
    header = (f"Found in {sources} of the {searched} sources." if kind == "exact" else
              f"Not found exactly in any of the {searched} sources; {sources} "
              f"{'has' if sources == 1 else 'have'} a passage that differs only in typography.")
    parts = [_comment(header)] + [format_location(location, stance) for location in locations]
    return "\n".join(parts)


def _comment(text: str) -> str:
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())


def format_location(location: Location, stance: str | None = None) -> str:
    """The whole answer as text: comments that explain, and citation blocks to paste."""
    source = location.source
    where = source_name(source)
    out: list[str] = []
    if location.kind == "exact":
        if location.total == 1:
            passage = location.passages[0]
            out.append(_comment(f"Found once in {where}, line {passage.line}. "
                                "Paste this under 'evidence:' in the claim file:"))
            out.append(citation_block(source.id, passage, stance))
        else:
            more = (f" (the first {MAX_SHOWN} are shown)" if location.total > MAX_SHOWN else "")
            out.append(_comment(
                f"Found {location.total} times in {where}{more}. A citation must pick one: each "
                "block below names its occurrence by offsets and by the text right before it "
                "(prefix). Paste the block of the occurrence you mean:"))
            for i, passage in enumerate(location.passages, start=1):
                out.append("")
                out.append(_comment(f"{i} of {location.total}, line {passage.line}: "
                                    f"{_context(source, passage)}"))
                if passage.prefix is None and passage.suffix is None:
                    out.append(_comment("no prefix or suffix tells this occurrence apart; "
                                        "its offsets alone pick it"))
                out.append(citation_block(source.id, passage, stance))
        return "\n".join(out) + "\n"

    if location.kind == "folded":
        out.append(_comment(
            f"Not found exactly in {where}. The source has "
            f"{'a passage that differs' if location.total == 1 else f'{location.total} passages that differ'}"
            " from your text only in typographic quotes, dashes or white space. A quote "
            "must be the source's exact text: if this is what you mean, cite it as written here:"))
        for i, passage in enumerate(location.passages, start=1):
            named = " and ".join(CLASS_NAMES[c] for c in passage.differs_in) or "typography"
            out.append("")
            out.append(_comment(f"candidate {i}, line {passage.line}, differs in {named}:"))
            out.append(citation_block(source.id, passage, stance))
        return "\n".join(out) + "\n"

    if location.kind == "closest":
        out.append(_comment(
            f"Not found in {where}, not even after folding typographic quotes, dashes and white "
            "space. The closest passages are below, best first. They are NOT your text: read each "
            "one, and cite it only if it says what you need:"))
        for i, passage in enumerate(location.passages, start=1):
            out.append("")
            out.append(_comment(f"candidate {i}, line {passage.line}, "
                                f"{round((passage.similarity or 0) * 100)}% alike:"))
            out.append(citation_block(source.id, passage, stance))
        return "\n".join(out) + "\n"

    out.append(_comment(f"Not found in {where}: no passage resembles the text. Is it the right "
                        "source? `python build.py check` names the source a quote really occurs in."))
    return "\n".join(out) + "\n"
