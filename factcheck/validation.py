"""The claim validator: JSON Schema structure plus citation resolution as one custom keyword.

Every problem, structural or textual, comes out as a jsonschema error with a path; the path is
then turned into file:line:column through the positions the YAML loader kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, _keywords, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .anchoring import Failure
from .citations import CitationResolver, resolvable
from .diagnostics import ConfigurationError, Diagnostic, error
from .files import CONFIG_LIMIT, ProjectFiles, Unreadable
from .sources import SOURCE_ID
from .spelling import did_you_mean
from .yaml_loading import YamlDocument

SCHEMA_DIR = "schema"
CLAIM_SCHEMA = "claim.schema.json"
VERDICT_SCHEMA = "verdicts.schema.json"
SOURCES_SCHEMA = "sources.schema.json"
CITATION_KEYWORD = "resolvesInSource"
_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class CitationError(ValidationError):
    """A citation that does not resolve; carries the diagnostic code and the proposed fix."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message, path=(failure.key,))
        self.code = failure.code
        self.suggestion = failure.suggestion


def resolves_in_source(resolver: CitationResolver):  # type: ignore[no-untyped-def]
    """The ``resolvesInSource`` keyword, closed over the project's sources."""

    def keyword(validator: Any, enabled: bool, instance: Any, schema: Mapping[str, Any]
                ) -> Iterator[ValidationError]:
        if not enabled or not isinstance(instance, dict) or not resolvable(instance):
            return
        result = resolver.resolve(instance)
        if isinstance(result, Failure):
            yield CitationError(result)

    return keyword


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a JSON value, equal exactly when jsonschema's ``equal`` says the
    values are (true is not 1, 1 is 1.0, key order does not count)."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, list):
        return ("array", tuple(_frozen(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _frozen(v)) for k, v in value.items()))
    if value is None:
        return ("null",)
    return ("other", value)


def unique_items(validator: Any, enabled: Any, instance: Any, schema: Mapping[str, Any]
                 ) -> Iterator[ValidationError]:
    """``uniqueItems`` in linear time. jsonschema's compares every pair of items it cannot sort
    (10,000 mappings: 50 million comparisons); here each item is hashed once. Same error."""
    if not enabled or not validator.is_type(instance, "array"):
        return
    seen: set[Any] = set()
    for item in instance:
        try:
            key = _frozen(item)
            if key in seen:
                break
            seen.add(key)
        except TypeError:  # a value that cannot be hashed: leave it to jsonschema's own check
            yield from _keywords.uniqueItems(validator, enabled, instance, schema)
            return
    else:
        return
    yield ValidationError(f"{instance!r} has non-unique elements")


def _strict_integer(checker: Any, instance: Any) -> bool:
    # YAML `12.0` is a float; JSON Schema would accept it as an integer, but an offset must be exact.
    return isinstance(instance, int) and not isinstance(instance, bool)


def source_id_schema(source_ids: list[str]) -> dict[str, Any]:
    """The editor's view of source ids: an enum, so editors complete them (schema/sources.schema.json)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Source id",
        "description": "Generated from seeds/ by `python build.py schema`; the checker reads "
                       "seeds/ itself, this file is for editor completion.",
        "type": "string",
        "enum": source_ids,
    }


def read_json(files: ProjectFiles, path: Path, what: str) -> Any:
    """A JSON configuration file of the project; any problem is a configuration error."""
    shown = files.shown(path)
    try:
        return json.loads(files.read(path, CONFIG_LIMIT, what))
    except Unreadable as exc:
        raise ConfigurationError(f"cannot read {what} {shown}: {exc.reason}") from exc
    except RecursionError as exc:  # the json module's own limit on nesting
        raise ConfigurationError(f"cannot read {what} {shown}: it is nested too deeply") from exc
    except ValueError as exc:
        raise ConfigurationError(f"cannot read {what} {shown}: {exc}") from exc


def build_validator(root: Path, resolver: CitationResolver,
                    files: ProjectFiles | None = None) -> Draft202012Validator:
    """The claim validator, compiled once per run."""
    files = files if files is not None else ProjectFiles(root)
    schema_dir = files.root / SCHEMA_DIR
    claim_schema = read_json(files, schema_dir / CLAIM_SCHEMA, "the claim schema")
    verdict_schema = read_json(files, schema_dir / VERDICT_SCHEMA, "the verdict scale")
    # The checker gives unknown source ids a better error than an enum can (closest id, and
    # where the quote really is), so its copy of the source-id schema checks only the form.
    checker_sources = {"type": "string", "pattern": "^" + SOURCE_ID.pattern.replace(r"\Z", "$")}
    registry: Registry = Registry().with_resources(
        (name, Resource.from_contents(contents, default_specification=DRAFT202012))
        for name, contents in ((VERDICT_SCHEMA, verdict_schema), (SOURCES_SCHEMA, checker_sources)))
    try:
        Draft202012Validator.check_schema(claim_schema)
    except Exception as exc:  # noqa: BLE001 - any schema defect is a configuration error
        raise ConfigurationError(f"{SCHEMA_DIR}/{CLAIM_SCHEMA} is not a valid JSON Schema: {exc}") from exc
    cls = validators.extend(
        Draft202012Validator,
        validators={CITATION_KEYWORD: resolves_in_source(resolver), "uniqueItems": unique_items},
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _strict_integer),
    )
    return cls(claim_schema, registry=registry, format_checker=FormatChecker(formats=["date"]))


# --- errors to diagnostics ----------------------------------------------------------------------

_KEY_HINTS = {
    "claim": "the statement checked, as worded",
    "claimant": "who made the claim",
    "verdict": "one of the verdict ids",
    "summary": "your conclusion, in Markdown",
    "evidence": "a list of citations, each with source, quote and stance",
    "source": "a source id from seeds/",
    "quote": "the exact passage of the source",
    "stance": "supports, refutes or context",
}
_YAML_TYPES = {bool: "a boolean", int: "a number", float: "a number", type(None): "empty",
               str: "text", list: "a list", dict: "a mapping"}
_SCHEMA_TYPES = {"string": "text", "integer": "a whole number", "array": "a list",
                 "object": "a mapping", "number": "a number", "boolean": "true or false"}


def describe(path: tuple[Any, ...]) -> str:
    """A reader's name for a place in a claim: "'quote' of citation 2", "the claim"."""
    parts: list[str] = []
    i = 0
    while i < len(path):
        part = path[i]
        if part == "evidence" and i + 1 < len(path) and isinstance(path[i + 1], int):
            parts.append(f"citation {path[i + 1] + 1}")
            i += 2
            continue
        parts.append(f"item {part + 1}" if isinstance(part, int) else f"'{part}'")
        i += 1
    return " of ".join(reversed(parts)) if parts else "the claim"


def _one_of_consts(error: ValidationError) -> list[str] | None:
    if error.validator != "oneOf":
        return None
    options = error.validator_value
    if isinstance(options, list) and all(isinstance(o, dict) and "const" in o for o in options):
        return [o["const"] for o in options]
    return None


@dataclass(frozen=True)
class _Failed:
    """One jsonschema error with what every translation needs: where it is, and how to say so."""

    doc: YamlDocument
    error: ValidationError
    path: tuple[Any, ...]

    @property
    def where(self) -> str:
        return describe(self.path)

    @property
    def shown(self) -> str:
        return json.dumps(self.error.instance, ensure_ascii=False)

    def at_value(self, code: str, message: str, suggestion: str | None = None) -> Diagnostic:
        pos = self.doc.position(self.path)
        return error(self.doc.file, pos.line, pos.column, code, message, suggestion)

    def at_key(self, key: str, code: str, message: str, suggestion: str | None = None) -> Diagnostic:
        line, column = self.doc.position(self.path + (key,)).key_or_value
        return error(self.doc.file, line, column, code, message, suggestion)


def _required(f: _Failed) -> Iterator[Diagnostic]:
    for key in f.error.validator_value:
        if key not in f.error.instance:
            hint = f" ({_KEY_HINTS[key]})" if key in _KEY_HINTS else ""
            yield f.at_value("missing-key", f"{f.where} is missing the required key '{key}'",
                             f"add '{key}:'{hint}")


def _additional_properties(f: _Failed) -> Iterator[Diagnostic]:
    allowed = list(f.error.schema.get("properties", {}))
    for key in f.error.instance:
        if key not in allowed:
            yield f.at_key(key, "unknown-key", f"unknown key '{key}' in {f.where}",
                           did_you_mean(str(key), allowed) or "allowed keys: " + ", ".join(allowed))


def _dependent_required(f: _Failed) -> Iterator[Diagnostic]:
    for given, needs in f.error.validator_value.items():
        for needed in needs:
            if given in f.error.instance and needed not in f.error.instance:
                yield f.at_key(given, "offsets-incomplete", f"{f.where} gives '{given}' without '{needed}'",
                               "give both start and end, or neither")


def _type(f: _Failed) -> Iterator[Diagnostic]:
    expected = f.error.validator_value
    instance = f.error.instance
    expected_name = _SCHEMA_TYPES.get(expected, expected) if isinstance(expected, str) else expected
    got = _YAML_TYPES.get(type(instance), type(instance).__name__)
    suggestion = None
    if expected == "string" and isinstance(instance, (bool, int, float)):
        suggestion = f"YAML reads this value as {got}: put it in quotes, e.g. \"{json.dumps(instance)}\""
    elif instance is None:
        suggestion = "write a value after the colon, or remove the key"
    yield f.at_value("wrong-type", f"{f.where} must be {expected_name}, not {got}", suggestion)


def _choice(f: _Failed) -> Iterator[Diagnostic]:
    consts = _one_of_consts(f.error)
    if f.error.validator == "oneOf" and consts is None:
        yield from _fallback(f)
        return
    options = consts if consts is not None else list(f.error.validator_value)
    code = "unknown-verdict" if consts is not None else "bad-value"
    instance = f.error.instance
    yield f.at_value(code, f"{f.where} is {f.shown}; it must be one of: " + ", ".join(options),
                     did_you_mean(instance, options) if isinstance(instance, str) else None)


def _empty(f: _Failed) -> Iterator[Diagnostic]:
    what = "at least one citation" if f.error.validator == "minItems" else "text"
    yield f.at_value("empty-value", f"{f.where} is empty; it needs {what}")


def _pattern(f: _Failed) -> Iterator[Diagnostic]:
    pattern = f.error.validator_value
    if pattern == r"\S":
        yield from _empty(f)
    elif "[0-9]{4}" in pattern:
        yield f.at_value("bad-value", f"{f.where} is {f.shown}, not a date YYYY-MM-DD", "e.g. 2025-01-06")
    elif pattern.startswith("^[a-z0-9]+"):
        slug = re.sub(r"[^a-z0-9]+", "-", str(f.error.instance).lower()).strip("-")
        yield f.at_value("bad-value", f"{f.where} is {f.shown}; ids and tags are lowercase words joined by '-'",
                         f"write '{slug}'" if slug else None)
    else:
        yield f.at_value("bad-value", f"{f.where} is {f.shown}, which is not a valid source id",
                         "a source id is the file name of seeds/<id>.txt or .md without the extension")


def _format(f: _Failed) -> Iterator[Diagnostic]:
    if isinstance(f.error.instance, str) and _DATE_SHAPE.match(f.error.instance):
        yield f.at_value("bad-value", f"{f.where} is {f.shown}, which is not a real calendar date")
    # otherwise the pattern already says it is not YYYY-MM-DD


def _unique_items(f: _Failed) -> Iterator[Diagnostic]:
    yield f.at_value("duplicate-item", f"{f.where} lists the same item twice", "remove the repeated item")


def _minimum(f: _Failed) -> Iterator[Diagnostic]:
    yield f.at_value("bad-value", f"{f.where} is {f.shown}; it must be at least {f.error.validator_value}")


def _fallback(f: _Failed) -> Iterator[Diagnostic]:
    yield f.at_value("schema", f"{f.where}: {f.error.message}")


_TRANSLATIONS: dict[str, Callable[[_Failed], Iterator[Diagnostic]]] = {
    "required": _required,
    "additionalProperties": _additional_properties,
    "dependentRequired": _dependent_required,
    "type": _type,
    "enum": _choice,
    "oneOf": _choice,
    "minLength": _empty,
    "minItems": _empty,
    "pattern": _pattern,
    "format": _format,
    "uniqueItems": _unique_items,
    "minimum": _minimum,
}


def error_diagnostics(doc: YamlDocument, error_: ValidationError) -> list[Diagnostic]:
    """One jsonschema error as located diagnostics (an unknown-keys error may name several keys)."""
    failed = _Failed(doc, error_, tuple(error_.absolute_path))
    if isinstance(error_, CitationError):
        return [failed.at_value(error_.code, error_.message, error_.suggestion)]
    return list(_TRANSLATIONS.get(str(error_.validator), _fallback)(failed))
