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

from jsonschema import (
    Draft202012Validator,
    FormatChecker,
    ValidationError,
    _keywords,
    validators,
)
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

_YAML_TYPES = {bool: "a yes/no value", int: "a number", float: "a number", type(None): "empty",
               str: "text", list: "a list", dict: "keys with values"}
_SCHEMA_TYPES = {"string": "text", "integer": "a whole number", "array": "a list",
                 "object": "keys with values (key: value, one per line)", "number": "a number",
                 "boolean": "true or false"}


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


def _resolve(root: Mapping[str, Any], schema: Any) -> Any:
    """A subschema with its local '$ref' followed (the claim schema refers only within itself
    and to the verdict scale, whose entries carry no keys)."""
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) \
            and schema["$ref"].startswith("#/"):
        target: Any = root
        for part in schema["$ref"][2:].split("/"):
            target = target.get(part, {}) if isinstance(target, Mapping) else {}
        schema = target
    return schema


def key_schema(root: Mapping[str, Any] | None, path: tuple[Any, ...]) -> Mapping[str, Any]:
    """The schema entry of the value at ``path`` as written (its description kept), or {}."""
    schema: Any = root or {}
    for part in path:
        schema = _resolve(root or {}, schema)
        if not isinstance(schema, Mapping):
            return {}
        schema = schema.get("items", {}) if isinstance(part, int) else schema.get("properties", {}).get(part, {})
    return schema if isinstance(schema, Mapping) else {}


def _what_it_needs(description: str, whole: bool = False) -> str:
    """A schema description (its first sentence, unless ``whole``) as the end of "write ...":
    "The statement checked, as worded." -> "the statement checked, as worded"."""
    text = description.strip() if whole else re.split(r"(?<=[.;])\s", description.strip(), maxsplit=1)[0]
    text = text.rstrip(".;")
    return text[:1].lower() + text[1:] if not text[1:2].isupper() else text


@dataclass(frozen=True)
class _Failed:
    """One jsonschema error with what every translation needs: where it is, and how to say so."""

    doc: YamlDocument
    error: ValidationError
    path: tuple[Any, ...]
    schema: Mapping[str, Any] | None = None  # the whole claim schema, for the keys' descriptions

    @property
    def where(self) -> str:
        return describe(self.path)

    @property
    def key(self) -> Any:
        return self.path[-1] if self.path else None

    @property
    def shown(self) -> str:
        return json.dumps(self.error.instance, ensure_ascii=False)

    @property
    def needs(self) -> str | None:
        """What the value at this place is, from the schema's description ("who made the claim")."""
        description = key_schema(self.schema, self.path).get("description")
        return _what_it_needs(description) if isinstance(description, str) and description.strip() else None

    @property
    def required(self) -> bool:
        """Whether the key at this place must be given (a list's items always must)."""
        if not self.path or isinstance(self.key, int):
            return True
        parent = _resolve(self.schema or {}, key_schema(self.schema, self.path[:-1]))
        return isinstance(parent, Mapping) and self.key in parent.get("required", ())

    def at_value(self, code: str, message: str, suggestion: str | None = None) -> Diagnostic:
        pos = self.doc.position(self.path)
        return error(self.doc.file, pos.line, pos.column, code, message, suggestion)

    def at_key(self, key: str, code: str, message: str, suggestion: str | None = None) -> Diagnostic:
        line, column = self.doc.position(self.path + (key,)).key_or_value
        return error(self.doc.file, line, column, code, message, suggestion)


def _choices(schema: Any) -> list[tuple[str, str | None]] | None:
    """The values a key accepts, with what each means where the schema says: an enum or a
    oneOf of consts (the verdict scale)."""
    if not isinstance(schema, Mapping):
        return None
    if isinstance(schema.get("enum"), list):
        return [(str(v), None) for v in schema["enum"]]
    options = schema.get("oneOf")
    if isinstance(options, list) and options and all(isinstance(o, Mapping) and "const" in o for o in options):
        return [(str(o["const"]), _what_it_needs(o["description"], whole=True) if isinstance(o.get("description"), str)
             else None) for o in options]
    return None


def _scale_lines(choices: list[tuple[str, str | None]]) -> str:
    width = max(len(value) for value, _ in choices)
    return "\n".join(f"  {value.ljust(width)}  {meaning}" if meaning else f"  {value}"
                     for value, meaning in choices)


def _empty_value(f: _Failed, choices: list[tuple[str, str | None]] | None = None) -> Diagnostic:
    """A key written with nothing after it (the template from `new` leaves them so)."""
    key = f.key if isinstance(f.key, str) else None
    needs = f.needs
    if key is None:
        return f.at_value("empty-value", f"{f.where} is empty", "write its value, or remove the line")
    if choices and len(choices) > 3:
        listed = f"one of these:\n{_scale_lines(choices)}"
    elif choices:
        listed = "one of: " + ", ".join(value for value, _ in choices)
    else:
        listed = None
    advice = f"after '{key}:', write " + (needs or "its value")
    if listed:
        advice += f", {listed}" if needs else f" {listed}"
    if f.required:
        whose = ("every citation" if len(f.path) == 3 and f.path[0] == "evidence"
                 else "every claim" if len(f.path) == 1 else "it")
        return f.at_value("empty-value", f"{f.where} is empty; {whose} needs one" if whose != "it"
                          else f"{f.where} is empty; it is required", advice)
    return f.at_value("empty-value", f"{f.where} is empty", advice + "; or remove the line")


def _required(f: _Failed) -> Iterator[Diagnostic]:
    properties = f.error.schema.get("properties", {}) if isinstance(f.error.schema, Mapping) else {}
    for key in f.error.validator_value:
        if key not in f.error.instance:
            description = properties.get(key, {}).get("description") if isinstance(properties.get(key), Mapping) else None
            hint = f" followed by {_what_it_needs(description)}" if isinstance(description, str) else ""
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
    if _choices(f.error.schema) is not None:
        return  # a verdict: the scale's own error says it once, with the scale
    if instance is None:
        yield _empty_value(f)
        return
    expected_name = _SCHEMA_TYPES.get(expected, expected) if isinstance(expected, str) else expected
    got = _YAML_TYPES.get(type(instance), type(instance).__name__)
    suggestion = None
    if expected == "string" and isinstance(instance, (bool, int, float)):
        written = json.dumps(instance)  # as YAML read it: 1.50 comes back as 1.5
        lead = f"{f.key}: " if isinstance(f.key, str) else "- "
        suggestion = (f"YAML reads {written} without quotes as {got}, not as text: put it in quotes:\n"
                      f"{lead}{json.dumps(written)}")
    yield f.at_value("wrong-type", f"{f.where} must be {expected_name}, not {got}", suggestion)


def _choice(f: _Failed) -> Iterator[Diagnostic]:
    consts = _one_of_consts(f.error)
    if f.error.validator == "oneOf" and consts is None:
        yield from _fallback(f)
        return
    choices = _choices(f.error.schema) or [(str(v), None) for v in f.error.validator_value]
    options = [value for value, _ in choices]
    instance = f.error.instance
    if instance is None:
        yield _empty_value(f, choices)
        return
    if consts is not None:  # the verdict scale
        close = did_you_mean(instance, options) if isinstance(instance, str) else None
        yield f.at_value("unknown-verdict",
                         f"{f.where} is {f.shown}, which is not a verdict of this fact-check's scale",
                         (f"{close}\n" if close else "") + f"write one of these:\n{_scale_lines(choices)}")
        return
    yield f.at_value("bad-value", f"{f.where} is {f.shown}; it must be one of: " + ", ".join(options),
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


def _max_length(f: _Failed) -> Iterator[Diagnostic]:
    length = len(f.error.instance) if isinstance(f.error.instance, str) else 0
    yield f.at_value("bad-value", f"{f.where} is {length} characters long; it can be at most "
                                  f"{f.error.validator_value}", "shorten it")


def _fallback(f: _Failed) -> Iterator[Diagnostic]:
    # Only a schema changed beyond what the translations above know reaches here: say where,
    # and what the key is for, rather than jsonschema's own wording.
    needs = f.needs
    yield f.at_value("schema", f"{f.where} is not written the way a claim file allows "
                               f"(rule '{f.error.validator}' of schema/claim.schema.json)",
                     f"'{f.key}' is {needs}" if needs and isinstance(f.key, str) else
                     "see handbook/writing-claims.md for what to write here")


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
    "maxLength": _max_length,
}


def error_diagnostics(doc: YamlDocument, error_: ValidationError,
                      schema: Mapping[str, Any] | None = None) -> list[Diagnostic]:
    """One jsonschema error as located diagnostics (an unknown-keys error may name several keys);
    ``schema``: the claim schema, whose descriptions say what an empty key needs."""
    failed = _Failed(doc, error_, tuple(error_.absolute_path), schema)
    if isinstance(error_, CitationError):
        return [failed.at_value(error_.code, error_.message, error_.suggestion)]
    return list(_TRANSLATIONS.get(str(error_.validator), _fallback)(failed))
