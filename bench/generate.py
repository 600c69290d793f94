"""Synthetic fact-check corpora in the SPEC's formats, for benchmarks and equivalence tests.

    python bench/generate.py OUT_DIR --claims 10000 [--sources N] [--seed 1] [--mistakes 0.3]

Writes a complete project: schema/ (copied from this repository, with sources.schema.json
regenerated for the new seeds), mkdocs.yml and docs/ when the repository has them, seeds/ and
claims/. The same arguments always give byte-identical files.

Sources are news-like articles of realistic length (2-9 KB) built from a fixed vocabulary with
stock phrases ("the Defense Ministry said") that recur within and across articles, typographic
quotes and dashes, and non-ASCII names, so that code-point offsets differ from byte offsets.
Claims cite 1 to 5 passages, each in one of the three ways the SPEC allows: a quote that occurs
once, a repeated phrase narrowed by a prefix (sometimes a suffix), or a quote with start/end.
They meet the house rules (schema/policy.yaml): an analyst and another reviewer, a published date
(spread over two years, as listings sort by it), the claimant's type, passages that carry the
verdict from two sources or a ``single_source`` reason, and for some, corrections.

With ``--mistakes RATE`` that fraction of claims (and a few sources) carries one of the errors
analysts make, house rules broken included; such a corpus is for proving that every way of
running the checker reports the same diagnostics, not for timing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WORDS = """
government officials forces region border village city capital ministry defense military army
troops soldiers drones tanks vehicles equipment supplies ammunition artillery missiles strikes
attack offensive counteroffensive operation operations frontline territory control positions
losses casualties civilians residents refugees evacuation shelter hospital school bridge road
railway power grid energy plant fuel gas oil prices market economy budget sanctions exports
imports trade talks negotiations ceasefire agreement summit meeting leaders president minister
spokesperson statement report reports analysts observers experts journalists bloggers channel
video footage images satellite evidence claims figures estimates data survey poll election
parliament vote law decree court judge prosecutors investigation police security service
intelligence agency sources witness witnesses interview briefing conference press week month
year morning evening night weekend days hours kilometers miles hundreds thousands millions
percent increase decrease rise fall growth decline support aid package funding weapons
systems air defense radar units brigade battalion division command headquarters commander
general colonel officer staff envoy delegation partners allies neighbors coalition alliance
the a an of in on at by for with from into over after before during since while although
said says told added noted stressed warned claimed denied confirmed reported announced stated
insisted suggested argued described called urged promised pledged expected planned launched
continued resumed halted repelled captured recaptured advanced retreated held seized destroyed
damaged hit struck targeted shot downed intercepted killed wounded injured displaced
significant major minor large small new old recent latest first second third final key
strategic critical heavy fierce renewed ongoing reported alleged unverified independent
official local regional national international foreign western eastern northern southern
""".split()

NAMES = ["Kursk", "Sudzha", "Pokrovsk", "Kharkiv", "Zaporizhzhia", "Donetsk", "Sumy", "Belgorod",
         "Kyiv", "Moscow", "Bakhmut", "Avdiivka", "Kherson", "Odesa", "Dnipro", "Lviv",
         "Zelenskyy", "Yermak", "Syrskyi", "Shoigu", "Gerasimov", "Lavrov", "Peskov", "Blinken",
         "Sánchez", "Erdoğan", "Müller", "Łukasz", "Orbán", "Šefčovič", "Kallas", "Stoltenberg"]

PEOPLE = NAMES[16:]  # the rest are places (an office, a city) and, below, outlets

STOCK_PHRASES = [
    "the Defense Ministry said in a statement", "according to officials", "in the Kursk region",
    "the General Staff reported", "could not be independently verified", "on Telegram",
    "military bloggers said", "the Kremlin did not respond to a request for comment",
    "as of Sunday", "near the border", "in recent weeks", "the Institute for the Study of War",
    "without providing evidence", "at a news conference", "satellite images showed",
    "the governor said", "air defense systems", "the ceasefire talks", "in the Donetsk region",
    "the spokesperson told reporters", "a senior official said", "local authorities reported",
    "the latest figures", "the United Nations", "humanitarian corridors", "on condition of anonymity",
]

OUTLETS = ["Newsweek", "The Daily Ledger", "Reuters-like Wire", "Kyiv Evening", "Eastern Monitor",
           "The Border Post", "Open Source Weekly", "Le Courrier"]
VERDICTS = ["supported", "mostly-supported", "disputed", "unsupported", "contradicted", "unverifiable"]
STANCES = ["supports", "refutes", "context"]
TAGS = ["territory", "casualties", "diplomacy", "energy", "economy", "weapons", "civilians",
        "sanctions", "elections", "aid", "drones", "border", "talks"]
ANALYSTS = ["Ana Kovač", "Ben Okafor", "Chloé Martin", "Dmytro Shevchenko", "Eva Lindqvist"]

MISTAKES = [
    "typo-key", "curly-quotes", "whitespace", "case", "offsets-shifted", "offsets-out-of-range",
    "ambiguous", "bad-prefix", "unknown-source", "wrong-source", "missing-key", "bad-verdict",
    "duplicate-key", "anchor-alias", "tab-syntax", "number-claimant", "bad-date", "unknown-related",
    "self-related", "empty-evidence", "not-a-mapping", "empty-file", "not-utf8", "bad-file-name",
    "yml-suffix", "explicit-tag", "offsets-incomplete", "ellipsis", "related-draft",
    # house rules and the editorial record
    "no-analyst", "reviewer-is-analyst", "no-published", "single-source", "corrections-order",
    "correction-before-published",
]
SINGLE_SOURCE_REASONS = ["The claim is about what this article itself reported.",
                         "Only this outlet was present; the others relay its account."]
CORRECTION_NOTES = ["The verdict was changed after a second source was added.",
                    "A citation now quotes the corrected article.",
                    "The claim is now worded as it was made."]
CARRYING = {"supported": ("supports",), "mostly-supported": ("supports",),
            "contradicted": ("refutes",), "disputed": ("supports", "refutes")}


@dataclass
class SourceText:
    id: str
    body: str
    phrases: list[str]  # stock phrases this body uses, each at least twice


def _sentence(rng: random.Random, phrases: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 22))]
    for _ in range(rng.randint(0, 2)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(NAMES))
    if rng.random() < 0.55:
        words.insert(rng.randrange(len(words) + 1), rng.choice(phrases))
    if rng.random() < 0.2:
        at = rng.randrange(len(words))
        words[at] = words[at] + "\u2019s"
    if rng.random() < 0.15:
        at = rng.randrange(len(words))
        words[at] = f"\u201c{words[at]}\u201d"
    if rng.random() < 0.1:
        words.insert(rng.randrange(1, len(words) + 1), "\u2014")
    if rng.random() < 0.1:
        words.insert(rng.randrange(1, len(words) + 1), str(rng.randint(2, 98_000)))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?", ";"])


def make_source(rng: random.Random, source_id: str) -> SourceText:
    phrases = rng.sample(STOCK_PHRASES, 6)
    target = rng.randint(2_000, 9_000)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        paragraph = " ".join(_sentence(rng, phrases) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    body = "\n".join(paragraphs) + "\n"
    return SourceText(source_id, body, [p for p in phrases if body.count(p) >= 2])


def source_file_text(rng: random.Random, source: SourceText, index: int) -> str:
    if index % 7 == 3:  # some articles carry no metadata at all
        return source.body
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9))).capitalize()
    lines = ["---", f"title: {json.dumps(title)}", f"outlet: {rng.choice(OUTLETS)}", "language: en"]
    if index % 3 == 0:
        lines.append(f"published: '{2024 + index % 2}-{1 + index % 12:02d}-{1 + index % 28:02d}'")
    if index % 5 == 0:
        lines.append("notes: >-\n  Synthetic article for benchmarks; the text names no byline.")
    return "\n".join(lines) + "\n---\n" + source.body


# --- citations ----------------------------------------------------------------------------------

_WORD_START = re.compile(r"(?<![^ \n])[^ \r\n]")


def _word_starts(body: str) -> list[int]:
    return [m.start() for m in _WORD_START.finditer(body)]


def _occurrences(body: str, quote: str) -> list[int]:
    found, at = [], body.find(quote)
    while at != -1:
        found.append(at)
        at = body.find(quote, at + 1)
    return found


def _unique_span(rng: random.Random, body: str, starts: list[int]) -> tuple[int, int]:
    """A span of 4-25 whole words within one line that occurs exactly once in the body."""
    while True:
        start = rng.choice(starts)
        line_end = body.find("\n", start)
        words = body[start:line_end].split(" ")
        count = min(len(words), rng.randint(4, 25))
        quote = " ".join(words[:count]).rstrip(".,;?\r")
        if len(quote) >= 12 and len(_occurrences(body, quote)) == 1:
            return start, start + len(quote)


def _distinguishing_prefix(body: str, found: list[int], at: int) -> str | None:
    for length in range(8, at + 1, 4):
        prefix = body[at - length:at]
        if not prefix.strip():
            continue
        if all(o < length or body[o - length:o] != prefix for o in found if o != at):
            return prefix
    return None


def make_citation(rng: random.Random, source: SourceText, starts: list[int]) -> dict[str, object]:
    body = source.body
    mode = rng.random()
    citation: dict[str, object] = {"source": source.id}
    if mode < 0.35 and source.phrases:  # a repeated phrase, told apart by prefix (or suffix)
        phrase = rng.choice(source.phrases)
        found = _occurrences(body, phrase)
        at = rng.choice(found)
        prefix = _distinguishing_prefix(body, found, at)
        if prefix is not None:
            citation["quote"] = phrase
            citation["prefix"] = prefix
            suffix = body[at + len(phrase):at + len(phrase) + 3]
            if rng.random() < 0.3 and len(suffix) == 3:
                citation["suffix"] = suffix
        else:  # the first occurrence has no text before it to tell it apart: use offsets
            citation.update(quote=phrase, start=at, end=at + len(phrase))
    elif mode < 0.7:
        start, end = _unique_span(rng, body, starts)
        citation.update(quote=body[start:end], start=start, end=end)
    else:
        start, end = _unique_span(rng, body, starts)
        citation["quote"] = body[start:end]
    citation["stance"] = rng.choice(STANCES)
    if rng.random() < 0.25:
        citation["note"] = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))).capitalize() + "."
    return citation


# --- YAML rendering -----------------------------------------------------------------------------

_PLAIN_UNSAFE = set(":#'\"{}[],&*!|>%@`\\\u2014\u201c\u201d")


def scalar(text: str, rng: random.Random) -> str:
    """A YAML scalar for ``text``: plain when it is safe and the dice say so, else double-quoted."""
    safe = (text and text[0].isalpha() and text == text.strip() and "\n" not in text
            and not (set(text) & _PLAIN_UNSAFE) and text.lower() not in ("true", "false", "null"))
    if safe and rng.random() < 0.5:
        return text
    return json.dumps(text, ensure_ascii=False)


def render_claim(rng: random.Random, data: dict[str, object]) -> str:
    out = ["# yaml-language-server: $schema=../schema/claim.schema.json"]
    for key in ("claim", "claimant"):
        if key in data:
            value = data[key]
            out.append(f"{key}: {value if isinstance(value, int) else scalar(str(value), rng)}")
    if "claimant_type" in data:
        out.append(f"claimant_type: {data['claimant_type']}")
    if "claim_date" in data:
        out.append(f"claim_date: {data['claim_date']}")
    out.append(f"verdict: {data['verdict']}")
    out.append("summary: |")
    out.extend(f"  {line}" for line in str(data["summary"]).splitlines())
    out.append("evidence:" if data["evidence"] else "evidence: []")
    for citation in data["evidence"]:  # type: ignore[attr-defined]
        first = True
        for key, value in citation.items():
            lead = "  - " if first else "    "
            first = False
            shown = str(value) if isinstance(value, int) else scalar(str(value), rng)
            out.append(f"{lead}{key}: {shown}")
    if data.get("tags"):
        out.append(f"tags: [{', '.join(data['tags'])}]")  # type: ignore[arg-type]
    if data.get("related"):
        out.append("related:")
        out.extend(f"  - {other}" for other in data["related"])  # type: ignore[attr-defined]
    for key in ("status", "analyst"):
        if key in data:
            out.append(f"{key}: {scalar(str(data[key]), rng)}")
    if data.get("reviewers"):
        out.append("reviewers:")
        out.extend(f"  - {scalar(r, rng)}" for r in data["reviewers"])  # type: ignore[attr-defined]
    if "published" in data:
        out.append(f"published: {data['published']}")
    if "updated" in data:
        out.append(f"updated: '{data['updated']}'")
    if "single_source" in data:
        out.append(f"single_source: {scalar(str(data['single_source']), rng)}")
    if data.get("corrections"):
        out.append("corrections:")
        for correction in data["corrections"]:  # type: ignore[attr-defined]
            out.append(f"  - date: {correction['date']}")
            out.append(f"    note: {scalar(correction['note'], rng)}")
    return "\n".join(out) + "\n"


def _date(rng: random.Random) -> str:
    return f"{rng.choice((2024, 2025))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _later(rng: random.Random, day: str, most: int = 40) -> str:
    """A date up to ``most`` days after ``day`` (both YYYY-MM-DD)."""
    import datetime

    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=rng.randint(0, most))).isoformat()


def _carried_by_two_sources(rng: random.Random, data: dict[str, object]) -> None:
    """Make the passages that carry the verdict come from two sources where the claim cites two;
    else say why one is enough (house rule single-source)."""
    stances = CARRYING.get(str(data["verdict"]))
    if stances is None:
        return
    evidence: list[dict[str, object]] = data["evidence"]  # type: ignore[assignment]
    carrying = {c["source"] for c in evidence if c["stance"] in stances}
    if len(carrying) >= 2:
        return
    first_of_each = list({str(c["source"]): c for c in reversed(evidence)}.values())
    if len(first_of_each) >= 2:
        for citation in rng.sample(first_of_each, 2):
            citation["stance"] = rng.choice(stances)
    else:
        data["single_source"] = rng.choice(SINGLE_SOURCE_REASONS)


def make_claim(rng: random.Random, index: int, sources: list[SourceText],
               starts: dict[str, list[int]], published_ids: list[str]) -> tuple[str, dict[str, object]]:
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 6))]
    claim_id = f"c{index:06d}-" + "-".join(w for w in words if w.isalpha())
    # Most claims cite one article, some compare two or three: each source ends up cited often.
    cited = rng.sample(sources, k=min(len(sources), rng.choice((1, 1, 1, 2, 2, 3))))
    evidence = []
    for _ in range(rng.randint(1, 5)):
        source = rng.choice(cited)
        evidence.append(make_citation(rng, source, starts[source.id]))
    data: dict[str, object] = {
        "claim": " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + ".",
        "claimant": rng.choice(NAMES + OUTLETS),
    }
    if rng.random() < 0.8:
        data["claim_date"] = _date(rng)
    data["verdict"] = rng.choice(VERDICTS)
    data["summary"] = "\n".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 16))).capitalize() + "."
        for _ in range(rng.randint(1, 5)))
    data["evidence"] = evidence
    if rng.random() < 0.7:
        data["tags"] = rng.sample(TAGS, rng.randint(1, 3))
    if published_ids and rng.random() < 0.2:
        data["related"] = sorted(set(rng.choice(published_ids) for _ in range(rng.randint(1, 2))))
    if rng.random() < 0.05:
        data["status"] = "draft"
    # The editorial record, as the house rules want it.
    data["claimant_type"] = "person" if data["claimant"] in PEOPLE else "organization"
    analyst = rng.choice(ANALYSTS)
    data["analyst"] = analyst
    data["reviewers"] = rng.sample([a for a in ANALYSTS if a != analyst], rng.randint(1, 2))
    published = _later(rng, str(data.get("claim_date") or _date(rng)), 10)
    data["published"] = published
    if rng.random() < 0.3:
        data["updated"] = _later(rng, published)
    if rng.random() < 0.05:
        dates = sorted(_later(rng, published, 90) for _ in range(rng.randint(1, 2)))
        data["corrections"] = [{"date": d, "note": rng.choice(CORRECTION_NOTES)} for d in dates]
    _carried_by_two_sources(rng, data)
    return claim_id, data


# --- mistakes -----------------------------------------------------------------------------------

def _first_citation(data: dict[str, object]) -> dict[str, object]:
    return data["evidence"][0]  # type: ignore[index,no-any-return]


def apply_mistake(rng: random.Random, kind: str, claim_id: str, data: dict[str, object],
                  sources: dict[str, SourceText], draft_ids: list[str]) -> tuple[str, str, bytes | None]:
    """The mistake applied to ``data``; returns (claim id, file suffix, raw bytes or None to render)."""
    cite = _first_citation(data)
    body = sources[str(cite["source"])].body
    quote = str(cite["quote"])
    if kind == "typo-key":
        cite["qoute"] = cite.pop("quote")
    elif kind == "curly-quotes":
        cite.pop("start", None), cite.pop("end", None), cite.pop("prefix", None)
        cite["quote"] = quote.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"') \
            .replace("\u2014", "--") if any(c in quote for c in "\u2019\u201c\u201d\u2014") \
            else quote.replace(" ", "  ", 1)
    elif kind == "whitespace":
        cite["quote"] = quote + "\n"
    elif kind == "case":
        cite["quote"] = quote.swapcase()
    elif kind == "offsets-shifted" and "start" in cite:
        cite["start"], cite["end"] = int(cite["start"]) + 3, int(cite["end"]) + 3  # type: ignore[call-overload]
    elif kind in ("offsets-shifted", "offsets-out-of-range"):
        cite["start"], cite["end"] = len(body) - 2, len(body) + 40
    elif kind == "ambiguous":
        phrase = next((p for p in sources[str(cite["source"])].phrases), None)
        if phrase:
            for key in ("start", "end", "prefix", "suffix"):
                cite.pop(key, None)
            cite["quote"] = phrase
    elif kind == "bad-prefix":
        cite["prefix"] = "no such words "
    elif kind == "unknown-source":
        cite["source"] = str(cite["source"])[:-1] + "x"
    elif kind == "wrong-source":
        others = [s for s in sources if s != cite["source"]]
        if others:
            cite["source"] = sorted(others)[0]
    elif kind == "missing-key":
        data.pop("claimant")
    elif kind == "bad-verdict":
        data["verdict"] = "mostly-true"
    elif kind == "number-claimant":
        data["claimant"] = 2024
    elif kind == "bad-date":
        data["claim_date"] = "2025-02-30"
    elif kind == "unknown-related":
        data["related"] = [claim_id[:-1] + "q"]
    elif kind == "self-related":
        data["related"] = [claim_id]
    elif kind == "related-draft" and draft_ids:
        data["related"] = [draft_ids[0]]
        data.pop("status", None)
    elif kind == "empty-evidence":
        data["evidence"] = []
    elif kind == "offsets-incomplete":
        cite.pop("end", None)
        cite.setdefault("start", 0)
    elif kind == "ellipsis":
        cite["quote"] = quote[:6] + " ... " + quote[-6:]
        cite.pop("start", None), cite.pop("end", None)
    elif kind == "no-analyst":
        data.pop("analyst", None)
        data.pop("status", None)
    elif kind == "reviewer-is-analyst":
        data["reviewers"] = [f"  {str(data['analyst']).upper()} "]
        data.pop("status", None)
    elif kind == "no-published":
        data.pop("published", None)
        data.pop("status", None)
    elif kind == "single-source":
        data["verdict"] = "supported"
        data.pop("single_source", None)
        cite["stance"] = "supports"
        data["evidence"] = [cite]  # one passage (as it was: it resolves), so one source
    elif kind == "corrections-order":
        data["corrections"] = [{"date": _later(rng, str(data["published"]), 5) if i else "2026-01-01",
                                "note": note} for i, note in enumerate(CORRECTION_NOTES[:2])]
    elif kind == "correction-before-published":
        data["corrections"] = [{"date": "2023-01-01", "note": CORRECTION_NOTES[0]}]
    text = render_claim(rng, data)
    if kind == "duplicate-key":
        text = text.replace("verdict:", "claimant: twice\nverdict:", 1)
    elif kind == "anchor-alias":  # the claimant, anchored, reused as the analyst
        text = re.sub(r"^analyst: .*$", "analyst: *who", text.replace("claimant: ", "claimant: &who ", 1),
                      count=1, flags=re.MULTILINE)
    elif kind == "tab-syntax":
        text = text.replace("\n  - ", "\n\t- ", 1)
    elif kind == "explicit-tag":
        text = text.replace("verdict: ", "verdict: !!str ", 1)
    elif kind == "not-a-mapping":
        text = "- just\n- a list\n"
    elif kind == "empty-file":
        text = ""
    elif kind == "not-utf8":
        return claim_id, ".yaml", text.encode("utf-8").replace(b"claim:", b"claim: \xff", 1)
    elif kind == "bad-file-name":
        return claim_id.upper().replace("-", "_", 1), ".yaml", None
    elif kind == "yml-suffix":
        return claim_id, ".yml", None
    return claim_id, ".yaml", text.encode("utf-8")


# --- the project --------------------------------------------------------------------------------

def _copy_project_files(out: Path) -> None:
    shutil.copytree(REPO / "schema", out / "schema", dirs_exist_ok=True)
    if (REPO / "mkdocs.yml").is_file():
        shutil.copy2(REPO / "mkdocs.yml", out / "mkdocs.yml")
    if (REPO / "docs").is_dir():
        shutil.copytree(REPO / "docs", out / "docs", dirs_exist_ok=True)
    for extra in ("overrides", "theme"):  # a custom_dir, if the site has one
        if (REPO / extra).is_dir():
            shutil.copytree(REPO / extra, out / extra, dirs_exist_ok=True)


def generate(out: Path, claims: int, sources: int | None = None, seed: int = 1,
             mistakes: float = 0.0) -> dict[str, int]:
    """Write the corpus into ``out`` (which must not hold claims/ or seeds/ already)."""
    if (out / "claims").exists() or (out / "seeds").exists():
        raise FileExistsError(f"{out} already holds a corpus: give an empty directory")
    n_sources = sources if sources is not None else max(5, claims // 10)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    _copy_project_files(out)
    (out / "seeds").mkdir()
    (out / "claims").mkdir()

    texts: list[SourceText] = []
    for i in range(n_sources):
        text = make_source(rng, f"src-{i:05d}")
        texts.append(text)
        suffix = ".md" if i % 4 == 1 else ".txt"
        content = source_file_text(rng, text, i)
        if i % 29 == 5:  # a Windows-saved article: CRLF is part of the body, offsets count it
            content = content.replace("\n", "\r\n")
            text.body = text.body.replace("\n", "\r\n")
            text.phrases = [p for p in text.phrases if text.body.count(p) >= 2]
        (out / "seeds" / f"{text.id}{suffix}").write_bytes(content.encode("utf-8"))
    by_id = {t.id: t for t in texts}
    starts = {t.id: _word_starts(t.body) for t in texts}

    published: list[str] = []
    drafts: list[str] = []
    written = 0
    for i in range(claims):
        claim_id, data = make_claim(rng, i, texts, starts, published)
        suffix, raw = ".yaml", None
        if mistakes and rng.random() < mistakes:
            claim_id, suffix, raw = apply_mistake(rng, rng.choice(MISTAKES), claim_id, data, by_id, drafts)
        if raw is None:
            raw = render_claim(rng, data).encode("utf-8")
        (out / "claims" / f"{claim_id}{suffix}").write_bytes(raw)
        written += 1
        (drafts if data.get("status") == "draft" else published).append(claim_id)
    if mistakes:  # a source whose metadata is wrong, and one whose file name is not an id
        bad = out / "seeds" / "src-bad-meta.txt"
        bad.write_text("---\ntitle: ''\npublished: 2025/01/02\nauthor: someone\n---\nA short body.\n",
                       encoding="utf-8")
        (out / "seeds" / "not an id.txt").write_text("Body.\n", encoding="utf-8")

    sys.path.insert(0, str(REPO))
    from factcheck.sources import SourceLibrary  # noqa: E402 - the checker's own notion of ids
    from factcheck.validation import source_id_schema

    ids = SourceLibrary(out).ids
    (out / "schema" / "sources.schema.json").write_text(
        json.dumps(source_id_schema(ids), indent=2) + "\n", encoding="utf-8")
    return {"claims": written, "sources": len(ids)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write the project into (empty or new)")
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=None, help="default: claims / 10, at least 5")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mistakes", type=float, default=0.0, metavar="RATE",
                        help="fraction of claims that carry an analyst's mistake (default 0)")
    args = parser.parse_args(argv)
    counts = generate(args.out, args.claims, args.sources, args.seed, args.mistakes)
    print(f"wrote {counts['claims']} claims and {counts['sources']} sources to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
