"""Property-based tests of the checker: valid claims pass, broken ones are reported, never a crash.

Valid claims are generated from real passages of the sources (quotes with offsets, with a
distinguishing prefix, or unique and bare), written in varied YAML styles. Mutations then break
them the ways analysts and editors do: keys dropped, renamed, retyped, repeated; quotes cut,
shifted, re-punctuated; offsets moved; bytes corrupted; indentation broken. Whatever the file
holds, the checker must answer with diagnostics located inside it, and never a traceback.

Structure is also checked against an oracle the checker does not share: the JSON Schema with its
references resolved by hand, validated by plain jsonschema, and instances generated from it by
hypothesis-jsonschema.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, event, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator, FormatChecker, validators

from factcheck.anchoring import distinguishing_prefix, occurrences
from factcheck.checker import CheckResult, Project
from factcheck.cli import main
from factcheck.diagnostics import Diagnostic
from factcheck.yaml_loading import load_yaml

from quality_support import (
    CROSS_FILE_CODES, EDGE_SOURCE_ID, REPO, TEXTUAL_CODES, YAML_CODES, Mapping_, file_lines,
    from_pairs, make_project, style_chooser, to_pairs, valid_claim, write_claim)

CLAIM_ID = "mutated-claim"
CLAIM_FILE = f"claims/{CLAIM_ID}.yaml"
VERDICT_IDS = [entry["const"] for entry in
               json.loads((REPO / "schema" / "verdicts.schema.json").read_text())["oneOf"]]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("claims-project")
    return root, make_project(root)


def generator_schema(source_ids: list[str]) -> dict[str, Any]:
    """The resolved schema for hypothesis-jsonschema, which knows draft 7's `dependencies` but
    not 2020-12's `dependentRequired` (same meaning for a list of names)."""
    def translate(node: Any) -> Any:
        if isinstance(node, list):
            return [translate(n) for n in node]
        if not isinstance(node, dict):
            return node
        return {("dependencies" if k == "dependentRequired" else k): translate(v)
                for k, v in node.items()}
    return translate(resolved_claim_schema(source_ids))


def in_record_order(instance: dict[str, Any]) -> dict[str, Any]:
    """The schema cannot say that corrections are oldest first and none precedes 'published'
    (the checker's record checks, policy/record.py): generated instances are put in that order."""
    corrections = instance.get("corrections")
    if isinstance(corrections, list) and corrections:
        published = instance.get("published")
        for correction in corrections:
            if published is not None and correction["date"] < published:
                correction["date"] = published
        corrections.sort(key=lambda c: c["date"])
    return instance


def run_checker(root: Path, data: bytes) -> tuple[CheckResult, dict[str, Any]]:
    """Check the one claim file through the API and through the CLI; both must agree."""
    for old in (root / "claims").iterdir():
        old.unlink()
    (root / CLAIM_FILE).write_bytes(data)
    result = Project(root).check()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["check", "--format", "json"], root=root)
    report = json.loads(out.getvalue())
    assert status == (1 if result.errors else 0)
    assert report["summary"]["errors"] == result.errors
    assert [(d["file"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]] == \
        [(d.file, d.line, d.column, d.code) for d in result.diagnostics]
    return result, report


def assert_located(diagnostics: list[Diagnostic], data: bytes) -> None:
    """Every diagnostic points into the claim file, at a line and column that exist."""
    lines = file_lines(data)
    for d in diagnostics:
        assert d.file == CLAIM_FILE, f"diagnostic about another file: {d}"
        assert 1 <= d.line <= len(lines), f"line {d.line} outside a file of {len(lines)} lines: {d}"
        text = lines[d.line - 1]
        assert 1 <= d.column <= len(text) + 1, f"column {d.column} outside line {d.line} ({len(text)}): {d}"
        assert d.message.strip(), d
        if d.code in ("yaml-syntax", "encoding"):
            continue  # the parser's own position inside a token
        # Anything else points at the start of a key, a value or a mapping: at a token, not
        # into one (an off-by-one column lands inside a word).
        assert (d.column == 1 or text[d.column - 2] in " \t[{,:"
                or not text[d.column - 1:].strip()), f"{d}: column inside a token in {text!r}"
        named = re.match(r"(?:unknown|duplicate) key '(.*)'", d.message)
        if named:
            key = named.group(1)
            at = text[d.column - 1:]
            assert at[:1] in ('"', "'") or (key and at.startswith(key[0])), \
                f"{d}: the key is not at line {d.line}, column {d.column} of {text!r}"


# --- the oracle: the schema resolved by hand, plain jsonschema --------------------------------

def resolved_claim_schema(source_ids: list[str]) -> dict[str, Any]:
    """schema/claim.schema.json with every $ref inlined and the custom keyword removed.

    Source ids become the enum editors see (schema/sources.schema.json); the verdict scale is
    inlined from its file.
    """
    schema = json.loads((REPO / "schema" / "claim.schema.json").read_text())
    verdicts = json.loads((REPO / "schema" / "verdicts.schema.json").read_text())
    verdicts.pop("$schema", None)
    defs = schema.pop("$defs")

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(n) for n in node]
        if not isinstance(node, dict):
            return node
        node = {k: inline(v) for k, v in node.items() if k != "resolvesInSource"}
        ref = node.pop("$ref", None)
        if ref is None:
            return node
        if ref == "verdicts.schema.json":
            target = verdicts
        elif ref == "sources.schema.json":
            target = {"type": "string", "enum": source_ids}
        else:
            target = inline(defs[ref.removeprefix("#/$defs/")])
        return {**target, **node}

    resolved = inline(schema)
    resolved["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return resolved


def oracle(source_ids: list[str]) -> Draft202012Validator:
    # The SPEC's one deliberate difference from JSON's number model: an offset must be a whole
    # number as written (YAML `12.0` is a float, and a float is not an offset).
    strict = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, v: isinstance(v, int) and not isinstance(v, bool))
    cls = validators.extend(Draft202012Validator, type_checker=strict)
    return cls(resolved_claim_schema(source_ids), format_checker=FormatChecker(formats=["date"]))


def structural(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics
            if d.is_error and d.code not in TEXTUAL_CODES | CROSS_FILE_CODES | YAML_CODES]


# --- mutations ----------------------------------------------------------------------------------

ANY_VALUE = st.deferred(lambda: st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["2025-01-04", "2025-02-30", "2025-13-01", "no", "on", "1:30", "0o17", ""]),
    st.lists(st.one_of(st.text(max_size=5), st.integers()), max_size=3),
    st.dictionaries(st.sampled_from(["source", "quote", "x"]), st.text(max_size=5), max_size=2)
    .map(to_pairs)))
KEY_NAMES = ["claim", "claimant", "verdict", "summary", "evidence", "tags", "related", "status",
             "source", "quote", "start", "end", "prefix", "suffix", "stance", "note", "qoute",
             "Quote", "sorce", "evidance", ""]


def mappings(claim: Mapping_) -> list[Mapping_]:
    found = [claim]
    for key, value in claim.pairs:
        if key == "evidence" and isinstance(value, list):
            found += [item for item in value if isinstance(item, Mapping_)]
    return found


def citations(claim: Mapping_) -> list[Mapping_]:
    return mappings(claim)[1:]


def repunctuate(draw: st.DrawFn, text: str) -> str:
    swaps = [("'", "\u2019"), ("\u2019", "'"), ('"', "\u201c"), ("\u201c", '"'), ("\u201d", '"'),
             ("-", "\u2013"), ("\u2014", "-"), ("\u2014", "--"), (" ", "  "), (" ", "\n"),
             ("\n", " "), ("\r\n", "\n"), (".", ","), ("...", "\u2026")]
    old, new = draw(st.sampled_from(swaps))
    if old in text:
        return text.replace(old, new, 1) if draw(st.booleans()) else text.replace(old, new)
    return draw(st.sampled_from([text + "\n", " " + text, text.upper(), text + "..."]))


def body_of(bodies: dict[str, str], source: Any) -> str:
    """The body a citation's source names; an earlier mutation may have made ``source`` any
    value at all (a list, a mapping), which names no body."""
    return bodies.get(source, "") if isinstance(source, str) else ""


@st.composite
def mutate(draw: st.DrawFn, claim: Mapping_, bodies: dict[str, str]) -> str:
    """Apply one mutation in place; return its name (for the failure report)."""
    kind = draw(st.sampled_from(["drop", "rename", "retype", "duplicate", "quote-cut",
                                 "quote-shift", "repunctuate", "offsets", "source", "date"]))
    if kind == "date":  # dates as analysts mistype them: impossible, reordered, with a time
        key = draw(st.sampled_from(["claim_date", "updated"]))
        value = draw(st.sampled_from(["2025-02-30", "2025-13-01", "2025-1-5", "04/01/2025",
                                      "2025-01-04T10:00", "2024-02-29", "2025-01-04"]))
        claim.pairs = [p for p in claim.pairs if p[0] != key] + [(key, value)]
        return kind
    target = draw(st.sampled_from(mappings(claim)))
    if kind in ("quote-cut", "quote-shift", "repunctuate", "offsets", "source"):
        if not citations(claim):
            kind = "drop"
        else:
            target = draw(st.sampled_from(citations(claim)))
    pairs = target.pairs
    if not pairs:
        return "nothing"
    i = draw(st.integers(0, len(pairs) - 1))
    key, value = pairs[i]
    fields = dict(pairs)
    if kind == "drop":
        del pairs[i]
    elif kind == "rename":
        pairs[i] = (draw(st.sampled_from(KEY_NAMES) | st.text(max_size=8)), value)
    elif kind == "retype":
        pairs[i] = (key, draw(ANY_VALUE))
    elif kind == "duplicate":
        again = value if draw(st.booleans()) else draw(ANY_VALUE)
        pairs.insert(draw(st.integers(i + 1, len(pairs))), (key, again))
    elif kind in ("quote-cut", "quote-shift", "repunctuate"):
        quote = fields.get("quote")
        if not isinstance(quote, str):
            return "nothing"
        if kind == "quote-cut":
            a = draw(st.integers(0, len(quote)))
            new = quote[a:draw(st.integers(a, len(quote)))]
        elif kind == "quote-shift":
            body = body_of(bodies, fields.get("source"))
            at = body.find(quote)
            shift = draw(st.integers(1, 10)) * draw(st.sampled_from([-1, 1]))
            lo = max(0, at + shift)
            new = body[lo:lo + len(quote) + draw(st.integers(-3, 3))] or quote
        else:
            new = repunctuate(draw, quote)
        target.pairs = [(k, new if k == "quote" else v) for k, v in pairs]
    elif kind == "offsets":
        moves = {
            "shift": lambda s, e: (s + d, e + d),
            "swap": lambda s, e: (e, s),
            "negative": lambda s, e: (-1 - s, e),
            "past-end": lambda s, e: (s, e + 10**4),
            "empty": lambda s, e: (s, s),
        }
        d = draw(st.integers(1, 50)) * draw(st.sampled_from([-1, 1]))
        how = draw(st.sampled_from(sorted(moves) + ["drop-start", "drop-end", "add"]))
        start, end = fields.get("start"), fields.get("end")
        if how == "add" or not isinstance(start, int) or not isinstance(end, int):
            quote = fields.get("quote")
            body = body_of(bodies, fields.get("source"))
            at = body.find(quote) if isinstance(quote, str) else -1
            base = max(at, 0) + draw(st.integers(-3, 3))
            target.pairs = [p for p in pairs if p[0] not in ("start", "end")] + [
                ("start", base), ("end", base + (len(quote) if isinstance(quote, str) else 1))]
        elif how.startswith("drop-"):
            target.pairs = [p for p in pairs if p[0] != how.removeprefix("drop-")]
        else:
            start, end = moves[how](start, end)
            target.pairs = [(k, start if k == "start" else end if k == "end" else v)
                            for k, v in pairs]
    elif kind == "source":
        ids = sorted(bodies)
        new = draw(st.sampled_from(ids + ["000_a2aed372d15f7cc", "../seeds/000_a2aed372d15f7cc4",
                                          "unknown", "ZZ-EDGE_CASE", "", "seeds/x.txt"]))
        target.pairs = [(k, new if k == "source" else v) for k, v in pairs]
    return kind


SPECIAL_BYTES = b"\x00\t\r\n \"'#&*!|>%@`:-[]{},?\\\xff\xfe\xc3\xe2\x80\x9c"


@st.composite
def corrupt(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    """A text-level fault: bytes changed, indentation broken, lines lost or repeated."""
    kind = draw(st.sampled_from(["bytes", "indent", "tab", "line-dup", "line-drop", "truncate",
                                 "bom-crlf"]))
    lines = data.split(b"\n")
    if kind == "bytes":
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data)))
            byte = draw(st.sampled_from(list(SPECIAL_BYTES)) | st.integers(0, 255))
            how = draw(st.sampled_from(["set", "insert", "delete"]))
            if how == "insert" or at == len(data):
                data = data[:at] + bytes([byte]) + data[at:]
            elif how == "set":
                data = data[:at] + bytes([byte]) + data[at + 1:]
            else:
                data = data[:at] + data[at + 1:]
        return data, kind
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "indent":
        delta = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
        lines[i] = b" " * delta + lines[i] if delta > 0 else lines[i][min(-delta, len(lines[i]) - len(lines[i].lstrip(b" "))):]
    elif kind == "tab":
        lines[i] = b"\t" + lines[i].lstrip(b" ")
    elif kind == "line-dup":
        lines.insert(i, lines[i])
    elif kind == "line-drop":
        del lines[i]
    elif kind == "truncate":
        return data[:draw(st.integers(0, len(data)))], kind
    else:
        return b"\xef\xbb\xbf" + b"\r\n".join(lines), kind
    return b"\n".join(lines), kind


# --- the properties -------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_valid_claim_always_passes(project: tuple[Path, dict[str, str]], data: st.DataObject) -> None:
    root, bodies = project
    claim, spans = data.draw(valid_claim(bodies, VERDICT_IDS), label="claim")
    written = to_pairs(claim)
    text = write_claim(written, step=data.draw(st.sampled_from([2, 4])),
                       choose=style_chooser(data.draw))
    if data.draw(st.booleans(), label="CRLF and BOM"):
        text = "\ufeff" + text.replace("\n", "\r\n")
    raw = text.encode("utf-8")
    document, problems = load_yaml(CLAIM_FILE, raw)
    assert problems == [] and document is not None and document.data == claim, "YAML round trip"

    result, report = run_checker(root, raw)

    assert result.diagnostics == [], f"{text}\n{result.diagnostics}"
    assert result.ok and report["summary"] == {"files": 1, "claims": 1, "citations": len(spans),
                                               "errors": 0, "warnings": 0}
    checked = result.checked[CLAIM_ID]
    assert [(c.start, c.end) for c in checked.evidence] == spans
    for c in checked.evidence:
        assert bodies[c.source][c.start:c.end] == c.quote


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_mutated_claims_are_reported_in_place_never_crash(
        project: tuple[Path, dict[str, str]], data: st.DataObject) -> None:
    root, bodies = project
    claim, _ = data.draw(valid_claim(bodies, VERDICT_IDS), label="claim")
    written = to_pairs(copy.deepcopy(claim))
    applied = [data.draw(mutate(written, bodies), label="mutation")
               for _ in range(data.draw(st.integers(1, 3), label="mutations"))]
    raw = write_claim(written, step=data.draw(st.sampled_from([2, 3, 4])),
                      choose=style_chooser(data.draw)).encode("utf-8")
    faults: list[str] = []
    if not data.draw(st.sampled_from([True, True, False]), label="text intact"):
        for _ in range(data.draw(st.integers(1, 2), label="faults")):
            raw, kind = data.draw(corrupt(raw), label="fault")
            faults.append(kind)

    result, _ = run_checker(root, raw)

    event("errors" if result.errors else "no errors")
    for code in sorted({d.code for d in result.diagnostics}):
        event(f"code {code}")
    assert_located(result.diagnostics, raw)
    if not faults:
        # The file holds exactly what was written: its structure must be judged as plain JSON
        # Schema judges the same data (first of repeated keys kept, as the loader does).
        value = from_pairs(written)
        expected = sorted(oracle(sorted(bodies)).iter_errors(value), key=lambda e: list(e.path))
        found = structural(result.diagnostics)
        event(f"structure {'invalid' if expected else 'valid'}")
        assert bool(found) == bool(expected), (
            f"mutations {applied}\nchecker: {found}\noracle: {[e.message for e in expected]}")
        # A repeated key is an error of its own (YAML editors and PyYAML keep the last silently).
        if any(len({k for k, _ in m.pairs}) < len(m.pairs) for m in mappings(written)):
            assert "duplicate-key" in {d.code for d in result.diagnostics}, result.diagnostics


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_schema_generated_claims_have_no_structural_errors(
        project: tuple[Path, dict[str, str]], data: st.DataObject) -> None:
    """hypothesis-jsonschema instances of the schema: the checker finds nothing structural."""
    root, bodies = project
    instance = in_record_order(data.draw(from_schema(generator_schema(sorted(bodies))), label="instance"))
    raw = write_claim(to_pairs(instance), choose=style_chooser(data.draw)).encode("utf-8")
    document, problems = load_yaml(CLAIM_FILE, raw)
    assert problems == [] and document is not None and document.data == instance, "round trip"
    assert oracle(sorted(bodies)).is_valid(instance)

    result, _ = run_checker(root, raw)

    assert_located(result.diagnostics, raw)
    assert structural(result.diagnostics) == []
    assert {d.code for d in result.diagnostics} <= TEXTUAL_CODES | CROSS_FILE_CODES


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_schema_generated_claims_with_real_quotes_pass(
        project: tuple[Path, dict[str, str]], data: st.DataObject) -> None:
    """The same instances with each citation pointed at a real passage: the claim passes."""
    root, bodies = project
    instance = in_record_order(data.draw(from_schema(generator_schema(sorted(bodies))), label="instance"))
    instance.pop("related", None)  # ids of claims that do not exist: a cross-file check
    spans = []
    for citation in instance["evidence"]:
        body = bodies[citation["source"]]
        start = data.draw(st.integers(0, len(body) - 1))
        end = data.draw(st.integers(start + 1, min(len(body), start + 120)))
        quote = body[start:end]
        citation["quote"] = quote
        citation.pop("prefix", None)
        if "suffix" in citation:
            if end < len(body):
                citation["suffix"] = body[end:end + len(citation["suffix"])]
            else:
                del citation["suffix"]
        found = occurrences(body, quote)
        if "start" in citation or len(found) > 1:
            prefix = distinguishing_prefix(body, found, start) if len(found) > 1 else None
            if "start" in citation or prefix is None:
                citation["start"], citation["end"] = start, end
            else:
                citation["prefix"] = prefix
        spans.append((start, end))
    raw = write_claim(to_pairs(instance), choose=style_chooser(data.draw)).encode("utf-8")

    result, _ = run_checker(root, raw)

    assert result.diagnostics == [], result.diagnostics
    assert [(c.start, c.end) for c in result.checked[CLAIM_ID].evidence] == spans


# Each example runs the command three times: few examples, and no shrinking (the stderr of a
# failing run already shows the traceback; shrinking it would cost minutes).
@settings(max_examples=5, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=st.data())
def test_cli_never_prints_a_traceback(project: tuple[Path, dict[str, str]], data: st.DataObject) -> None:
    """The real command, in its own process, over several broken files at once."""
    root, bodies = project
    for old in (root / "claims").iterdir():
        old.unlink()
    written: dict[str, bytes] = {}
    for n in range(6):
        claim, _ = data.draw(valid_claim(bodies, VERDICT_IDS))
        pairs = to_pairs(claim)
        data.draw(mutate(pairs, bodies))
        raw = write_claim(pairs, choose=style_chooser(data.draw)).encode("utf-8")
        raw, _ = data.draw(corrupt(raw))
        written[f"claims/broken-{n}.yaml"] = raw
        (root / f"claims/broken-{n}.yaml").write_bytes(raw)
    for fmt in ("json", "text", "github"):
        run = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "check",
                              "--format", fmt], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
        assert "Traceback" not in run.stderr + run.stdout, run.stderr
        assert run.returncode in (0, 1), run.stderr
        if fmt == "json":
            report = json.loads(run.stdout)
            assert run.returncode == (1 if report["summary"]["errors"] else 0)
            assert report["summary"]["files"] == len(written)
            for d in report["diagnostics"]:
                assert d["file"] in written, d
                lines = file_lines(written[d["file"]])
                assert 1 <= d["line"] <= len(lines) and 1 <= d["column"] <= len(lines[d["line"] - 1]) + 1, d
        elif fmt == "text":
            assert re.search(r"^(ok|failed): checked 6 files", run.stdout, re.MULTILINE), run.stdout


def test_edge_source_is_read_as_the_spec_says(project: tuple[Path, dict[str, str]]) -> None:
    """The scratch project's extra source must itself be valid, or the properties prove little."""
    root, bodies = project
    library = Project(root).library
    assert library.get(EDGE_SOURCE_ID).body == bodies[EDGE_SOURCE_ID]
    assert "\r\n" in bodies[EDGE_SOURCE_ID] and library.diagnostics() == []


@pytest.mark.parametrize("raw", [
    b'claim: "0"\nv',  # an error at the end of a file without a final line break
    b'claim: x\rclaimant: "\xff"\n',  # a bad byte after a lone CR (a line break to YAML and editors)
    b'\xef\xbb\xbfclaim: [\r\n',  # BOM, CRLF, unclosed flow sequence
    b"claim: x\n\tclaimant: y\n",  # a tab in the indentation
    b"evidence:\n- source: a\n  quote: b\n  quote: c\n",  # a repeated key in a citation
    b"\n\n\n",  # only line breaks
    b"- a\n- b\n",  # not a mapping
    b"claim: &a x\nclaimant: *a\n",  # anchor and alias
], ids=["eof-no-newline", "cr-then-bad-byte", "bom-crlf-unclosed", "tab", "repeated-key",
        "blank", "list", "alias"])
def test_hard_files_are_reported_in_place(project: tuple[Path, dict[str, str]], raw: bytes) -> None:
    """Files the properties once found misplaced diagnostics for, and their neighbours."""
    root, _ = project
    result, _ = run_checker(root, raw)
    assert result.errors
    assert_located(result.diagnostics, raw)
