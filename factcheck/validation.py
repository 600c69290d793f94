"""The claim validator: JSON Schema structure plus citation resolution as one custom keyword.

Every problem, structural or textual, comes out as a jsonschema error with a path; the path is
then turned into file:line:column through the positions the YAML loader kept.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .anchoring import Failure
from .citations import CitationResolver, resolvable
from .diagnostics import ConfigurationError, Diagnostic, error
from .sources import SOURCE_ID
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


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"cannot read {path.name}: {exc}") from exc


def build_validator(root: Path, resolver: CitationResolver) -> Draft202012Validator:
    """The claim validator, compiled once per run."""
    schema_dir = root / SCHEMA_DIR
    claim_schema = _read_json(schema_dir / CLAIM_SCHEMA)
    verdict_schema = _read_json(schema_dir / VERDICT_SCHEMA)
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
        validators={CITATION_KEYWORD: resolves_in_source(resolver)},
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


def _did_you_mean(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _one_of_consts(error: ValidationError) -> list[str] | None:
    if error.validator != "oneOf":
        return None
    options = error.validator_value
    if isinstance(options, list) and all(isinstance(o, dict) and "const" in o for o in options):
        return [o["const"] for o in options]
    return None


def _at_value(doc: YamlDocument, path: tuple[Any, ...]) -> tuple[int, int]:
    pos = doc.position(path)
    return pos.line, pos.column


def _at_key(doc: YamlDocument, path: tuple[Any, ...]) -> tuple[int, int]:
    return doc.position(path).key_or_value


def error_diagnostics(doc: YamlDocument, error_: ValidationError) -> list[Diagnostic]:
    """One jsonschema error as located diagnostics (an unknown-keys error may name several keys)."""
    file = doc.file
    path = tuple(error_.absolute_path)
    where = describe(path)
    kind = error_.validator
    instance = error_.instance

    if isinstance(error_, CitationError):
        line, col = _at_value(doc, path)
        return [error(file, line, col, error_.code, error_.message, error_.suggestion)]

    if kind == "required":
        missing = [key for key in error_.validator_value if key not in instance]
        line, col = _at_value(doc, path)
        return [error(file, line, col, "missing-key",
                      f"{where} is missing the required key '{key}'",
                      f"add '{key}:' ({_KEY_HINTS[key]})" if key in _KEY_HINTS else f"add '{key}:'")
                for key in missing]

    if kind == "additionalProperties":
        allowed = list(error_.schema.get("properties", {}))
        found = []
        for key in instance:
            if key in allowed:
                continue
            line, col = _at_key(doc, path + (key,))
            found.append(error(file, line, col, "unknown-key", f"unknown key '{key}' in {where}",
                               _did_you_mean(str(key), allowed)
                               or "allowed keys: " + ", ".join(allowed)))
        return found

    if kind == "dependentRequired":
        given = next(k for k in error_.validator_value if k in instance)
        needed = [k for k in error_.validator_value[given] if k not in instance]
        line, col = _at_key(doc, path + (given,))
        return [error(file, line, col, "offsets-incomplete",
                      f"{where} gives '{given}' without '{needed[0]}'",
                      "give both start and end, or neither")]

    line, col = _at_value(doc, path)
    if kind == "type":
        expected = error_.validator_value
        expected_name = _SCHEMA_TYPES.get(expected, expected) if isinstance(expected, str) else expected
        got = _YAML_TYPES.get(type(instance), type(instance).__name__)
        suggestion = None
        if expected == "string" and isinstance(instance, (bool, int, float)):
            suggestion = (f"YAML reads this value as {got}: put it in quotes, "
                          f"e.g. \"{json.dumps(instance)}\"")
        elif instance is None:
            suggestion = "write a value after the colon, or remove the key"
        return [error(file, line, col, "wrong-type",
                      f"{where} must be {expected_name}, not {got}", suggestion)]

    consts = _one_of_consts(error_)
    if kind == "enum" or consts is not None:
        options = consts if consts is not None else list(error_.validator_value)
        code = "unknown-verdict" if consts is not None else "bad-value"
        shown = json.dumps(instance, ensure_ascii=False)
        suggestion = (_did_you_mean(instance, options) if isinstance(instance, str) else None)
        return [error(file, line, col, code,
                      f"{where} is {shown}; it must be one of: " + ", ".join(options),
                      suggestion)]

    if kind in ("minLength", "minItems") or (kind == "pattern" and error_.validator_value == r"\S"):
        what = "at least one citation" if kind == "minItems" else "text"
        return [error(file, line, col, "empty-value", f"{where} is empty; it needs {what}")]

    if kind == "pattern":
        pattern = error_.validator_value
        shown = json.dumps(instance, ensure_ascii=False)
        if "[0-9]{4}" in pattern:
            message, fix = f"{where} is {shown}, not a date YYYY-MM-DD", "e.g. 2025-01-06"
        elif pattern.startswith("^[a-z0-9]+"):
            slug = re.sub(r"[^a-z0-9]+", "-", str(instance).lower()).strip("-")
            message = f"{where} is {shown}; ids and tags are lowercase words joined by '-'"
            fix = f"write '{slug}'" if slug else None
        else:
            message, fix = f"{where} is {shown}, which is not a valid source id", \
                "a source id is the file name of seeds/<id>.txt or .md without the extension"
        return [error(file, line, col, "bad-value", message, fix)]

    if kind == "format":
        if not (isinstance(instance, str) and _DATE_SHAPE.match(instance)):
            return []  # the pattern already says it is not YYYY-MM-DD
        return [error(file, line, col, "bad-value",
                      f"{where} is {json.dumps(instance)}, which is not a real calendar date")]

    if kind == "uniqueItems":
        return [error(file, line, col, "duplicate-item", f"{where} lists the same item twice",
                      "remove the repeated item")]

    if kind == "minimum":
        return [error(file, line, col, "bad-value",
                      f"{where} is {instance}; it must be at least {error_.validator_value}")]

    return [error(file, line, col, "schema", f"{where}: {error_.message}")]
