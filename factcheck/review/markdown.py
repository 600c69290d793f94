"""The review as Markdown for a pull-request comment or ``$GITHUB_STEP_SUMMARY``: analyst text
escaped so that it shows as written, and can neither format nor ping anyone."""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..verdicts import VerdictScale
from .compare import CitationChange, CitationEffect, ClaimChange, Review, SourceChange

_MD_ESCAPE = re.compile(r"([\\`*_\[\]{}()#+!|~])")
# Text in a pull-request comment must not ping people or link issues on the analyst's behalf.
_MENTION = re.compile(r"([@#])(?=\w)")


def md_text(text: object, limit: int | None = None) -> str:
    """Untrusted text as inline Markdown that shows exactly as written, on one line."""
    value = " ".join(str(text).split())
    if limit is not None and len(value) > limit:
        value = value[:limit - 1] + "\u2026"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_ESCAPE.sub(r"\\\1", value)
    # At the start of a line (a blockquote's text), '-', '=' or '1.' would open a list or a rule.
    value = re.sub(r"^([-=])|^([0-9]+)([.)])", lambda m: "\\" + m.group(1) if m.group(1)
                   else m.group(2) + "\\" + m.group(3), value)
    return _MENTION.sub("\\1\u200b", value)


def _fenced(text: str, language: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}{'' if text.endswith(chr(10)) else chr(10)}{fence}"


def _label(scale: VerdictScale, verdict: str | None) -> str:
    if verdict is None:
        return "(none)"
    return scale[verdict].label if verdict in scale else md_text(verdict)


def _verdict_change(scale: VerdictScale, change: ClaimChange) -> str:
    return f"**{_label(scale, change.old_verdict)} \u2192 {_label(scale, change.new_verdict)}**"


def _span(span: tuple[int, int] | None) -> str:
    return f"{span[0]}\u2013{span[1]}" if span else "\u2013"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _q(text: object, limit: int = 160) -> str:
    return f"\u201c{md_text(text, limit)}\u201d" if isinstance(text, str) else "(no quote)"


def _citation_line(change: CitationChange) -> str:
    src = f"`{change.source}`" if re.fullmatch(r"[A-Za-z0-9_-]+", change.source) else md_text(change.source)
    if change.kind == "added":
        return f"Citation {change.new_n} **added** ({src}, {md_text(change.new_stance)}): {_q(change.new_quote)}"
    if change.kind == "removed":
        return f"Citation {change.old_n} **removed** ({src}, {md_text(change.old_stance)}): {_q(change.old_quote)}"
    if change.kind == "requoted":
        moved = f" (was citation {change.old_n})" if change.old_n != change.new_n else ""
        return (f"Citation {change.new_n}{moved} **requoted** ({src}): {_q(change.old_quote)} "
                f"\u2192 {_q(change.new_quote)}")
    if change.kind == "stance":
        return (f"Citation {change.new_n} stance: **{md_text(change.old_stance)} \u2192 "
                f"{md_text(change.new_stance)}** ({src}): {_q(change.new_quote, 80)}")
    if change.kind == "anchoring":
        if change.old_offsets != change.new_offsets:
            return (f"Citation {change.new_n} re-anchored {_span(change.old_offsets)} \u2192 "
                    f"{_span(change.new_offsets)}, same quote ({src})")
        return f"Citation {change.new_n}: prefix/suffix edited, same quote ({src})"
    return f"Citation {change.new_n}: note edited ({src})"


def _check_status(change: ClaimChange) -> str | None:
    old, new = change.old_errors, change.new_errors
    if new is None or (old == new and not new):
        return None
    now = f"**{_plural(new, 'error')}**" if new else "passes"
    if old is None:
        return f"Check: {now}" if new else None
    before = _plural(old, "error") if old else "passed"
    return f"Check: {before} \u2192 {now}" if old != new else f"Check: still **{_plural(new, 'error')}**"


def _field_value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(md_text(v, 60) for v in value) or "(empty)"
    return md_text(value, 80)


def _claim_section(scale: VerdictScale, change: ClaimChange) -> list[str]:
    title = f"`{change.old_id}` \u2192 `{change.id}`" if change.kind == "renamed" else f"`{change.id}`"
    out = [f"#### {title}", ""]
    if change.claim:
        out += [f"> {md_text(change.claim, 300)}", ""]
    items = []
    if change.kind == "renamed":
        items.append("Renamed" + (" (no other change)" if not (
            change.verdict_changed or change.citations or change.summary_edited or change.fields
            or change.corrections) else ""))
    if change.formatting_only:
        items.append("Comments or formatting only: nothing a reader sees changed")
    if change.verdict_changed:
        items.append(f"Verdict: {_verdict_change(scale, change)}")
    items += [_citation_line(c) for c in change.citations]
    fields = [f"`{f.key}`: {_field_value(f.old)} \u2192 {_field_value(f.new)}" for f in change.fields]
    wording = [line for f, line in zip(change.fields, fields) if f.key == "claim"]
    items += wording
    # Each new correction beside the changes it explains (verdict, citations, wording).
    items += [f"**Correction** ({md_text(date)}): {md_text(note, 300)}" for date, note in change.corrections]
    if change.needs_correction:
        items.append("**No new correction**: this published fact-check changed as readers see it "
                     "(claim, verdict or evidence); add a `corrections` entry saying what and why")
    if change.summary_edited:
        items.append("Summary edited (diff below)")
    items += [line for line in fields if line not in wording]
    status = _check_status(change)
    if status:
        items.append(status)
    out += [f"- {item}" for item in items]
    if change.summary_edited:
        old = (change.old_summary or "").splitlines(keepends=True)
        new = (change.new_summary or "").splitlines(keepends=True)
        diff = "".join(line if line.endswith("\n") else line + "\n"
                       for line in difflib.unified_diff(old, new, "summary (base)", "summary (now)"))
        out += ["", "<details><summary>Summary diff</summary>", "", _fenced(diff, "diff"), "",
                "</details>"]
    return out + [""]


def format_markdown(review: Review, scale: VerdictScale) -> str:
    """The review as Markdown for a pull-request comment or ``$GITHUB_STEP_SUMMARY``."""
    base = md_text(review.base)
    out = ["## Fact-check review", "",
           f"Changes in the working tree against `{review.commit[:12]}`"
           + (f" ({base})" if review.base != review.commit else "") + "."]
    out += [f"_Note: {md_text(note)}._" for note in review.notes]
    out.append("")
    if review.errors:
        out += [f"**The check finds {_plural(review.errors, 'error')} in "
                f"{_plural(review.files_with_errors, 'claim file')}**: see the check's output.", ""]
    if review.empty:
        return "\n".join(out + ["No claim, verdict or source changes.", ""])

    counts = [f"{len(review.claims_of(k))} {k}" for k in ("added", "removed", "renamed", "edited")
              if review.claims_of(k)]
    effects = [e for s in review.sources for e in s.effects]
    source_counts = [f"{sum(1 for s in review.sources if s.kind == k)} {k}"
                     for k in ("added", "removed", "edited") if any(s.kind == k for s in review.sources)]
    out += ["| | |", "|---|---|",
            f"| Claims | {', '.join(counts) or 'no change'} |",
            f"| Verdicts changed | {len(review.verdict_changes)} |",
            f"| Sources | {', '.join(source_counts) or 'no change'} |"]
    corrections = sum(len(c.corrections) for c in review.claims)
    uncorrected = sum(1 for c in review.claims if c.needs_correction)
    if corrections or uncorrected:
        out.append(f"| Corrections | {corrections} new"
                   + (f"; **{_plural(uncorrected, 'published claim')} changed without one**" if uncorrected else "")
                   + " |")
    if effects:
        kinds = [f"{sum(1 for e in effects if e.effect == k)} {k}" for k in ("breaks", "moves", "resolves")
                 if any(e.effect == k for e in effects)]
        out.append(f"| Unchanged citations affected by source edits | {', '.join(kinds)} |")
    out.append("")

    if review.verdict_changes:
        out += ["### Verdict changes", "", "| Claim | Verdict |", "|---|---|"]
        out += [f"| `{c.id}` | {_verdict_change(scale, c)} |" for c in review.verdict_changes]
        out.append("")
    if review.claims_of("added"):
        out += ["### Claims added", "", "| Claim | Verdict | Citations | Check | Claim text |",
                "|---|---|---|---|---|"]
        out += [f"| `{c.id}`{' (draft)' if c.draft else ''} | {_label(scale, c.new_verdict)} | {c.evidence_count} | "
                f"{'**' + _plural(c.new_errors or 0, 'error') + '**' if c.new_errors else 'passes'} | "
                f"{md_text(c.claim or '', 120)} |" for c in review.claims_of("added")]
        out.append("")
    if review.claims_of("removed"):
        out += ["### Claims removed", "", "| Claim | Verdict was | Claim text |", "|---|---|---|"]
        out += [f"| `{c.id}` | {_label(scale, c.old_verdict)} | {md_text(c.claim or '', 120)} |"
                for c in review.claims_of("removed")]
        out.append("")
    changed = review.claims_of("renamed") + review.claims_of("edited")
    if changed:
        out += ["### Claims changed", ""]
        for change in changed:
            out += _claim_section(scale, change)
    if review.sources:
        out += ["### Sources", ""]
        for source in review.sources:
            out += _source_section(source)
    return "\n".join(out).rstrip("\n") + "\n"


def _effect_table(effects: list[CitationEffect]) -> list[str]:
    rows = ["| Claim | Citation | Effect |", "|---|---|---|"]
    for e in effects:
        claim = f"`{e.claim}`" + ("" if e.claim_unchanged else " (claim also edited)")
        if e.effect == "breaks":
            effect = f"**breaks**: {md_text(e.message or 'no longer resolves', 160)}"
            if e.repair:
                effect += f"; `python build.py fix` re-anchors it at {_span(e.repair)}"
        elif e.effect == "moves":
            effect = f"moves {_span(e.old)} \u2192 {_span(e.new)}"
        else:
            effect = f"resolves now, at {_span(e.new)}"
        rows.append(f"| {claim} | {e.citation} | {effect} |")
    return rows + [""]


def _source_section(source: SourceChange) -> list[str]:
    what = {"added": "added", "removed": "**removed**", "edited": "edited"}[source.kind]
    parts = []
    if source.kind == "edited":
        if source.body_changed:
            parts.append("text changed")
        if source.meta_changed:
            parts.append("metadata changed: " + ", ".join(f"`{k}`" for k in source.meta_changed))
    out = [f"#### `{source.id}` {what}" + (f" ({'; '.join(parts)})" if parts else ""), ""]
    urgent = [e for e in source.effects if e.effect != "moves"]
    moves = [e for e in source.effects if e.effect == "moves"]
    if urgent:
        out += _effect_table(urgent)
    if moves:
        # Still resolving: worth a look (the highlight follows the text), not a reviewer's alarm.
        out += [f"<details><summary>{_plural(len(moves), 'unchanged citation')} "
                f"{'moves' if len(moves) == 1 else 'move'}: still resolving, at new offsets</summary>",
                "", *_effect_table(moves), "</details>", ""]
    if source.body_changed and source.kind == "edited":
        n = source.unaffected
        out += [f"{_plural(n, 'other unchanged citation')} of this source still "
                f"{'resolves where it' if n == 1 else 'resolve where they'} did.", ""]
    return out


