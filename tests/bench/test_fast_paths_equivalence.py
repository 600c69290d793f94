"""The checker's fast paths give the same diagnostics, at the same positions, as the plain ones.

A corpus with many analysts' mistakes (every kind the generator knows) is checked in one process
and on two worker processes, with and without the compiled validity predicate; the JSON report
(diagnostics with file, line, column, message, suggestion; the summary) and the checked claims
must be identical. The predicate is also compared with jsonschema itself on mutated claims.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, ValidationError, validators

from factcheck.checker import CheckResult, Project
from factcheck.fastschema import compile_validity
from factcheck.parallel import worker_count
from factcheck.reporters import format_json
from factcheck.yaml_loading import load_yaml

REPO = Path(__file__).resolve().parents[2]


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mistakes") / "project"
    _generator().generate(root, claims=300, seed=1, mistakes=0.6)
    return root


def _report(result: CheckResult) -> tuple[str, dict[str, Any]]:
    return format_json(result), result.checked


def test_the_corpus_has_mistakes_of_every_kind(corpus: Path) -> None:
    codes = {d.code for d in Project(corpus).check(jobs=1).diagnostics}
    assert {"quote-not-found", "quote-ambiguous", "offsets-mismatch", "offsets-out-of-range",
            "unknown-source", "unknown-key", "missing-key", "duplicate-key", "yaml-syntax",
            "yaml-anchor", "encoding", "unknown-related", "related-draft", "bad-claim-file",
            "prefix-mismatch", "wrong-type", "unknown-verdict", "yaml-tag", "yaml-alias",
            "bad-claim-id", "source-front-matter", "bad-source-id",
            # house rules and the editorial record
            "needs-review", "missing-published", "single-source", "corrections-order",
            "correction-before-published"} <= codes


def test_two_processes_report_exactly_what_one_does(corpus: Path) -> None:
    serial = Project(corpus).check(jobs=1)
    assert worker_count(300, 2) == 2  # the run below really forks
    parallel = Project(corpus).check(jobs=2)
    assert _report(parallel) == _report(serial)
    assert not serial.ok and len(serial.checked) > 50


def test_named_files_in_two_processes_report_what_one_does(corpus: Path) -> None:
    files = sorted((corpus / "claims").iterdir())[::3]
    serial = Project(corpus).check(files, jobs=1)
    parallel = Project(corpus).check(files, jobs=2)
    assert _report(parallel) == _report(serial)
    # sources read by the workers have their problems reported by the parent, as in one process
    assert {d.file for d in parallel.diagnostics if d.file.startswith("seeds/")} == \
        {d.file for d in serial.diagnostics if d.file.startswith("seeds/")}


def test_the_compiled_predicate_changes_no_diagnostic(corpus: Path) -> None:
    plain = Project(corpus)
    plain.is_valid = None  # every claim through jsonschema
    assert _report(Project(corpus).check(jobs=1)) == _report(plain.check(jobs=1))


# --- the predicate against jsonschema ----------------------------------------------------------

def _documents(root: Path) -> list[Any]:
    found = []
    for path in sorted((root / "claims").iterdir()):
        document, _ = load_yaml(path.name, path.read_bytes())
        if document is not None:
            found.append(document.data)
    return found


ODD_VALUES = [None, True, False, 0, -1, 1.5, 12.0, "", " ", "x", "2025-02-30", "2025-01-06",
              "supported", "Supported", "draft", [], ["a", "a"], ["a"], {}, {"quote": "q"}]


@st.composite
def mutated(draw: st.DrawFn, documents: list[Any]) -> Any:
    """A claim with a few keys dropped, retyped or added, at any depth."""
    data = copy.deepcopy(draw(st.sampled_from(documents)))
    for _ in range(draw(st.integers(1, 3))):
        target = data
        while isinstance(target, (dict, list)) and target and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(target) if isinstance(target, dict) else range(len(target))))
            if not isinstance(target[key], (dict, list)):
                break
            target = target[key]
        if isinstance(target, dict):
            keys = sorted(target)
            action = draw(st.sampled_from(["drop", "retype", "add"] if keys else ["add"]))
            if action == "drop":
                del target[draw(st.sampled_from(keys))]
            elif action == "retype":
                target[draw(st.sampled_from(keys))] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
            else:
                name = draw(st.sampled_from(["qoute", "start", "end", "prefix", "status", "tags",
                                             "related", "note", "x-extra"]))
                target[name] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif isinstance(target, list):
            if target and draw(st.booleans()):
                target[draw(st.integers(0, len(target) - 1))] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
            else:
                target.append(copy.deepcopy(target[0]) if target else copy.deepcopy(draw(st.sampled_from(ODD_VALUES))))
    return data


@pytest.fixture(scope="module")
def checked_project(corpus: Path) -> tuple[Project, list[Any]]:
    return Project(corpus), _documents(corpus)


def test_the_predicate_agrees_with_jsonschema_on_every_claim_of_the_corpus(
        checked_project: tuple[Project, list[Any]]) -> None:
    project, documents = checked_project
    assert project.is_valid is not None
    verdicts = [project.is_valid(data) for data in documents]
    assert verdicts == [not any(True for _ in project.validator.iter_errors(data)) for data in documents]
    assert True in verdicts and False in verdicts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_predicate_agrees_with_jsonschema_on_mutated_claims(
        checked_project: tuple[Project, list[Any]], data: st.DataObject) -> None:
    project, documents = checked_project
    assert project.is_valid is not None
    instance = data.draw(mutated(documents))
    expected = not any(True for _ in project.validator.iter_errors(instance))
    assert project.is_valid(instance) == expected


def test_a_schema_it_cannot_mirror_gets_no_predicate() -> None:
    schema = {"$dynamicRef": "#meta", "$defs": {"x": {"$dynamicAnchor": "meta", "type": "string"}}}
    assert compile_validity(Draft202012Validator(schema)) is None


def test_an_extension_keyword_is_called_as_jsonschema_calls_it() -> None:
    seen: list[Any] = []

    def even(validator: Any, enabled: Any, instance: Any, schema: Any) -> Any:
        seen.append(instance)
        if enabled and isinstance(instance, int) and instance % 2:
            yield ValidationError("odd")

    cls = validators.extend(Draft202012Validator, validators={"even": even})
    validator = cls({"type": "array", "items": {"even": True}})
    predicate = compile_validity(validator)
    assert predicate is not None
    assert predicate([2, 4]) and not predicate([2, 3])
    assert seen == [2, 4, 2, 3]


# --- "did you mean" over many ids ---------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(word=st.text("abc-123", max_size=12),
       candidates=st.lists(st.text("abc-123", max_size=12), max_size=40))
def test_closest_matches_answers_as_difflib_does(word: str, candidates: list[str]) -> None:
    import difflib

    from factcheck.spelling import closest_matches

    assert closest_matches(word, candidates) == difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)


def test_closest_matches_agrees_on_claim_ids(corpus: Path) -> None:
    import difflib

    from factcheck.spelling import closest_matches

    ids = sorted(p.stem for p in (corpus / "claims").iterdir())
    for word in [ids[0][:-1] + "q", ids[7].replace("-", "", 1), "c000000", ids[-1] + "s", "zzz"]:
        assert closest_matches(word, ids) == difflib.get_close_matches(word, ids, n=1, cutoff=0.6)
