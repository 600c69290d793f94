"""The schema describes claims for editors; the extended validator adds citation resolution."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from factcheck.checker import Project
from factcheck.validation import CITATION_KEYWORD, build_validator
from factcheck.verdicts import load_verdict_scale

from .conftest import REPO

SCHEMA_DIR = REPO / "schema"
CLAIM = {
    "claim": "c", "claimant": "x", "verdict": "supported", "summary": "s",
    "evidence": [{"source": "001_75946adb643c8dc9", "quote": "not in the article", "stance": "supports"}],
}


def _editor_validator() -> Draft202012Validator:
    """What an editor (yaml-language-server) sees: the schema files alone, no custom keyword."""
    registry: Registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
        for path in SCHEMA_DIR.glob("*.schema.json"))
    return Draft202012Validator(json.loads((SCHEMA_DIR / "claim.schema.json").read_text()), registry=registry)


def test_schema_files_are_valid_json_schema_2020_12() -> None:
    for path in SCHEMA_DIR.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_custom_keyword_is_in_the_schema_and_really_fires(repo_project: Project) -> None:
    citation_schema = json.loads((SCHEMA_DIR / "claim.schema.json").read_text())["$defs"]["citation"]
    assert citation_schema[CITATION_KEYWORD] is True
    # A stock validator ignores the keyword it does not know: the bad quote passes ...
    assert list(_editor_validator().iter_errors(CLAIM)) == []
    # ... and the extended one resolves the citation and fails it, at the quote.
    errors = list(build_validator(REPO, repo_project.resolver).iter_errors(CLAIM))
    assert [(e.validator, list(e.absolute_path), e.code) for e in errors] == [  # type: ignore[attr-defined]
        (CITATION_KEYWORD, ["evidence", 0, "quote"], "quote-not-found")]


def test_editors_accept_the_repository_claims_and_complete_source_ids(repo_project: Project) -> None:
    from factcheck.yaml_loading import load_yaml

    editor = _editor_validator()
    for path in repo_project.claim_files():
        doc, problems = load_yaml(path.name, path.read_bytes())
        assert doc is not None and problems == []
        assert list(editor.iter_errors(doc.data)) == [], path
    sources = json.loads((SCHEMA_DIR / "sources.schema.json").read_text())
    assert sources["enum"] == repo_project.library.ids
    wrong = dict(CLAIM, evidence=[dict(CLAIM["evidence"][0], source="not-a-source")])
    assert [e.validator for e in editor.iter_errors(wrong)] == ["enum"]


def test_verdict_scale_is_defined_once_and_read_by_schema_checker_and_site() -> None:
    scale = load_verdict_scale(REPO)
    assert scale.ids == ["supported", "mostly-supported", "disputed", "unsupported", "contradicted",
                         "unverifiable"]
    assert [v.rating for v in scale.verdicts] == [5, 4, 3, 2, 1, None]
    assert all(v.label and v.description and v.color.startswith("#") for v in scale.verdicts)
    claim_schema = json.loads((SCHEMA_DIR / "claim.schema.json").read_text())
    assert claim_schema["properties"]["verdict"]["$ref"] == "verdicts.schema.json"


def test_offsets_must_be_exact_integers(make_project) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_project({"c.yaml": (
        "claim: c\nclaimant: x\nverdict: supported\nsummary: s\nevidence:\n"
        "  - source: 001_75946adb643c8dc9\n    quote: Ukraine\n    start: 0.0\n    end: 7\n"
        "    stance: supports\n")})
    result = Project(root).check()
    assert [(d.line, d.code) for d in result.diagnostics] == [(8, "wrong-type")]


def test_a_changed_verdict_scale_changes_what_the_checker_accepts(make_project) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_project({"c.yaml": (
        "claim: c\nclaimant: x\nverdict: satire\nsummary: s\nevidence:\n"
        "  - source: 001_75946adb643c8dc9\n    quote: Ukraine reported\n    stance: supports\n")})
    assert [d.code for d in Project(root).check().diagnostics] == ["unknown-verdict"]
    scale_file = root / "schema" / "verdicts.schema.json"
    scale = json.loads(scale_file.read_text())
    scale["oneOf"].append({"const": "satire", "title": "Satire", "description": "A joke.",
                           "x-rating": None, "x-color": "#777777"})
    scale_file.write_text(json.dumps(scale))
    assert Project(root).check().ok


def test_stale_editor_schema_is_a_warning_with_the_fix(make_project) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_project(seeds={"extra-source.txt": "Some new article."})
    result = Project(root).check()
    assert result.ok
    assert [(d.file, d.severity.value, d.code) for d in result.diagnostics] == [
        ("schema/sources.schema.json", "warning", "stale-editor-schema")]
    assert "python build.py schema" in (result.diagnostics[0].suggestion or "")


def test_draft_claims_are_checked_too(make_project) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_project({"c.yaml": (
        "claim: c\nclaimant: x\nverdict: supported\nsummary: s\nstatus: draft\nevidence:\n"
        "  - source: 001_75946adb643c8dc9\n    quote: not there\n    stance: supports\n")})
    assert [d.code for d in Project(root).check().diagnostics] == ["quote-not-found"]


def test_related_draft_is_a_warning_for_published_claims(make_project) -> None:  # type: ignore[no-untyped-def]
    body = ("claim: c\nclaimant: x\nverdict: supported\nsummary: s\n{extra}evidence:\n"
            "  - source: 001_75946adb643c8dc9\n    quote: Ukraine reported\n    stance: supports\n")
    root: Path = make_project({"a.yaml": body.format(extra="related: [b]\n"),
                               "b.yaml": body.format(extra="status: draft\nrelated: [a]\n")})
    result = Project(root).check()
    assert result.ok
    assert [(d.file, d.line, d.code) for d in result.diagnostics] == [("claims/a.yaml", 5, "related-draft")]
