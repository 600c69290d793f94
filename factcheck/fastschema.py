"""A compiled yes/no answer to "would this validator report any error?", for the common case.

jsonschema walks the schema afresh for every instance: each keyword evolves a validator,
looks up ``$ref`` in the registry and builds error objects, about 0.35 ms for a claim. Almost every
claim in a large fact-check is valid, so the checker first asks a predicate compiled once from the
very same validator; only when it says "not valid" does jsonschema run and produce the errors,
so diagnostics are jsonschema's own, unchanged.

The predicate is sound by construction: it mirrors jsonschema's ``descend`` step by step (the same
evolved validator per subschema, the same type checker, format checker and ``$ref`` resolution),
re-implements only the simple standard keywords with the code of ``jsonschema._keywords``, and
for every other keyword (the custom ``resolvesInSource`` included) calls the validator's own
keyword function. Where a schema uses what this cannot mirror statically (``$dynamicRef``, a
nested ``$id``) no predicate is built and every instance goes to jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from jsonschema import _keywords, _types
from jsonschema._utils import equal, find_additional_properties, uniq
from referencing import Specification
from referencing.jsonschema import specification_with

Predicate = Callable[[Any], bool]


class Unsupported(Exception):
    """The schema uses something the predicate does not mirror: validate everything fully."""


def _always(instance: Any) -> bool:
    return True


def _never(instance: Any) -> bool:
    return False


def compile_validity(validator: Any) -> Predicate | None:
    """``is_valid(instance)`` that is True only if ``validator.iter_errors`` would yield nothing.

    None when the schema cannot be mirrored; any surprise while compiling also gives None, so a
    change inside jsonschema can only make checking slower, never wrong.
    """
    try:
        return _Compiler(type(validator)).compile(validator, validator.schema)
    except Exception:  # noqa: BLE001 - see the docstring: fall back to full validation
        return None


class _Compiler:
    def __init__(self, root_cls: type) -> None:
        self.applicable = root_cls._APPLICABLE_VALIDATORS  # type: ignore[attr-defined]
        self.cells: dict[tuple[int, type, str], list[Predicate]] = {}

    def _specification(self, validator: Any) -> Specification[Any]:
        cls = type(validator)
        return specification_with(dialect_id=cls.ID_OF(cls.META_SCHEMA) or "urn:unknown-dialect",
                                  default=Specification.OPAQUE)

    def descend(self, parent: Any, schema: Any, resolver: Any = None) -> Predicate:
        """What ``parent.descend(instance, schema, resolver=resolver)`` decides, compiled."""
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, Mapping):
            raise Unsupported(f"schema of type {type(schema).__name__}")
        if resolver is None:
            if "$id" in schema:  # a new base URI below the root: not mirrored
                raise Unsupported("nested $id")
            resolver = parent._resolver.in_subresource(self._specification(parent).create_resource(schema))
        return self.compile(parent.evolve(schema=schema, _resolver=resolver), schema)

    def compile(self, validator: Any, schema: Any) -> Predicate:
        if schema is True:
            return _always
        if schema is False:
            return _never
        key = (id(schema), type(validator), str(validator._resolver._base_uri))
        if key in self.cells:  # a schema that refers to itself: call through the cell
            cell = self.cells[key]
            return lambda instance: cell[0](instance)
        cell: list[Predicate] = [_never]
        self.cells[key] = cell
        checks: list[Predicate] = []
        for keyword, value in self.applicable(schema):
            function = validator.VALIDATORS.get(keyword)
            if function is None:
                continue  # annotations ($defs, title, x-...) validate nothing, as in jsonschema
            native = _NATIVE.get(keyword)
            if native is not None and function is _STANDARD.get(keyword):
                check = native(self, validator, value, schema)
            elif keyword in ("$dynamicRef", "$recursiveRef"):
                raise Unsupported(keyword)
            else:
                check = _generic(validator, function, value, schema)
            if check is not _always:
                checks.append(check)
        predicate = _all(checks)
        cell[0] = predicate
        return predicate


def _all(checks: list[Predicate]) -> Predicate:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    checks_ = tuple(checks)

    def every(instance: Any) -> bool:
        for check in checks_:
            if not check(instance):
                return False
        return True

    return every


def _generic(validator: Any, function: Any, value: Any, schema: Any) -> Predicate:
    """The validator's own keyword function: valid when it yields no error."""

    def keyword(instance: Any) -> bool:
        for _ in function(validator, value, instance, schema) or ():
            return False
        return True

    return keyword


# jsonschema's own type tests that are a plain isinstance, so the predicate can do it inline.
_ISINSTANCE = {_types.is_array: list, _types.is_object: dict, _types.is_string: str}


def _type_test(validator: Any, name: str) -> Predicate:
    checker = validator.TYPE_CHECKER
    test = checker._type_checkers[name]  # KeyError -> Unsupported: jsonschema would raise UnknownType
    cls = _ISINSTANCE.get(test)
    if cls is not None:
        return lambda instance: isinstance(instance, cls)
    return lambda instance: test(checker, instance)


def _type_class(validator: Any, name: str) -> type | None:
    """The class whose instances are exactly this type to the validator, if it is that simple."""
    return _ISINSTANCE.get(validator.TYPE_CHECKER._type_checkers[name])


# Each native keyword below restates the function of the same name in jsonschema._keywords, and
# is used only when the validator's VALIDATORS maps the keyword to exactly that function.

def _type(c: _Compiler, v: Any, types: Any, schema: Any) -> Predicate:
    tests = tuple(_type_test(v, t) for t in (types if isinstance(types, list) else [types]))
    if len(tests) == 1:
        return tests[0]
    return lambda instance: any(test(instance) for test in tests)


def _properties(c: _Compiler, v: Any, properties: Any, schema: Any) -> Predicate:
    is_object = _type_test(v, "object")
    subs = tuple((name, c.descend(v, sub)) for name, sub in properties.items())
    if _type_class(v, "object") is dict:
        def check_dict(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            for name, sub in subs:
                if name in instance and not sub(instance[name]):
                    return False
            return True

        return check_dict

    def check(instance: Any) -> bool:
        if not is_object(instance):
            return True
        for name, sub in subs:
            if name in instance and not sub(instance[name]):
                return False
        return True

    return check


def _additionalProperties(c: _Compiler, v: Any, aP: Any, schema: Any) -> Predicate:
    is_object = _type_test(v, "object")
    if v.is_type(aP, "object"):
        sub = c.descend(v, aP)
        return lambda instance: not is_object(instance) or all(
            sub(instance[extra]) for extra in set(find_additional_properties(instance, schema)))
    if aP:
        return _always
    if "patternProperties" not in schema:
        known = schema.get("properties", {})
        return lambda instance: not is_object(instance) or all(key in known for key in instance)
    return lambda instance: not is_object(instance) or not any(
        True for _ in find_additional_properties(instance, schema))


def _items(c: _Compiler, v: Any, items: Any, schema: Any) -> Predicate:
    is_array = _type_test(v, "array")
    prefix = len(schema.get("prefixItems", []))
    if items is False:
        return lambda instance: not is_array(instance) or len(instance) <= prefix
    sub = c.descend(v, items)

    def check(instance: Any) -> bool:
        if not is_array(instance):
            return True
        for index in range(prefix, len(instance)):
            if not sub(instance[index]):
                return False
        return True

    return check


def _required(c: _Compiler, v: Any, required: Any, schema: Any) -> Predicate:
    is_object = _type_test(v, "object")
    names = tuple(required)
    return lambda instance: not is_object(instance) or all(name in instance for name in names)


def _dependentRequired(c: _Compiler, v: Any, dependent: Any, schema: Any) -> Predicate:
    is_object = _type_test(v, "object")
    pairs = tuple((name, tuple(needs)) for name, needs in dependent.items())
    return lambda instance: not is_object(instance) or all(
        name not in instance or all(each in instance for each in needs) for name, needs in pairs)


def _minItems(c: _Compiler, v: Any, limit: Any, schema: Any) -> Predicate:
    is_array = _type_test(v, "array")
    return lambda instance: not (is_array(instance) and len(instance) < limit)


def _maxItems(c: _Compiler, v: Any, limit: Any, schema: Any) -> Predicate:
    is_array = _type_test(v, "array")
    return lambda instance: not (is_array(instance) and len(instance) > limit)


def _uniqueItems(c: _Compiler, v: Any, unique: Any, schema: Any) -> Predicate:
    if not unique:
        return _always
    is_array = _type_test(v, "array")
    return lambda instance: not (is_array(instance) and not uniq(instance))


def _minLength(c: _Compiler, v: Any, limit: Any, schema: Any) -> Predicate:
    is_string = _type_test(v, "string")
    if _type_class(v, "string") is str:
        return lambda instance: not isinstance(instance, str) or len(instance) >= limit
    return lambda instance: not (is_string(instance) and len(instance) < limit)


def _maxLength(c: _Compiler, v: Any, limit: Any, schema: Any) -> Predicate:
    is_string = _type_test(v, "string")
    return lambda instance: not (is_string(instance) and len(instance) > limit)


def _pattern(c: _Compiler, v: Any, pattern: Any, schema: Any) -> Predicate:
    is_string = _type_test(v, "string")
    search = re.compile(pattern).search  # re.search(pattern, s) compiles the same way
    if _type_class(v, "string") is str:
        return lambda instance: not isinstance(instance, str) or search(instance) is not None
    return lambda instance: not (is_string(instance) and not search(instance))


def _minimum(c: _Compiler, v: Any, minimum: Any, schema: Any) -> Predicate:
    is_number = _type_test(v, "number")
    return lambda instance: not (is_number(instance) and instance < minimum)


def _maximum(c: _Compiler, v: Any, maximum: Any, schema: Any) -> Predicate:
    is_number = _type_test(v, "number")
    return lambda instance: not (is_number(instance) and instance > maximum)


def _enum(c: _Compiler, v: Any, enums: Any, schema: Any) -> Predicate:
    strings = frozenset(each for each in enums if isinstance(each, str))

    def check(instance: Any) -> bool:
        if isinstance(instance, str):  # equal() compares a string by == only
            return instance in strings
        return any(equal(each, instance) for each in enums)

    return check


def _const(c: _Compiler, v: Any, const: Any, schema: Any) -> Predicate:
    if isinstance(const, str):
        return lambda instance: isinstance(instance, str) and instance == const
    return lambda instance: equal(instance, const)


def _oneOf(c: _Compiler, v: Any, subschemas: Any, schema: Any) -> Predicate:
    subs = tuple(c.descend(v, sub) for sub in subschemas)

    def check(instance: Any) -> bool:
        # jsonschema evaluates every branch; so do we (a branch may have side effects).
        return sum(1 for sub in subs if sub(instance)) == 1

    return check


def _anyOf(c: _Compiler, v: Any, subschemas: Any, schema: Any) -> Predicate:
    subs = tuple(c.descend(v, sub) for sub in subschemas)
    return lambda instance: any(sub(instance) for sub in subs)


def _allOf(c: _Compiler, v: Any, subschemas: Any, schema: Any) -> Predicate:
    subs = tuple(c.descend(v, sub) for sub in subschemas)
    return lambda instance: all(sub(instance) for sub in subs)


def _not(c: _Compiler, v: Any, subschema: Any, schema: Any) -> Predicate:
    sub = c.descend(v, subschema)
    return lambda instance: not sub(instance)


def _ref(c: _Compiler, v: Any, ref: Any, schema: Any) -> Predicate:
    if v._ref_resolver is not None:
        raise Unsupported("legacy RefResolver")
    resolved = v._resolver.lookup(ref)
    return c.descend(v, resolved.contents, resolver=resolved.resolver)


def _format(c: _Compiler, v: Any, fmt: Any, schema: Any) -> Predicate:
    checker = v.format_checker
    if checker is None:
        return _always
    return lambda instance: checker.conforms(instance, fmt)


_NATIVE: dict[str, Callable[[_Compiler, Any, Any, Any], Predicate]] = {
    "type": _type, "properties": _properties, "additionalProperties": _additionalProperties,
    "items": _items, "required": _required, "dependentRequired": _dependentRequired,
    "minItems": _minItems, "maxItems": _maxItems, "uniqueItems": _uniqueItems,
    "minLength": _minLength, "maxLength": _maxLength, "pattern": _pattern, "minimum": _minimum,
    "maximum": _maximum, "enum": _enum, "const": _const, "oneOf": _oneOf, "anyOf": _anyOf,
    "allOf": _allOf, "not": _not, "$ref": _ref, "format": _format,
}

# The jsonschema functions the native keywords restate; a validator that maps a keyword to any
# other function (an extension) gets that function called instead.
_STANDARD: dict[str, Any] = {
    keyword: getattr(_keywords, {"$ref": "ref", "not": "not_"}.get(keyword, keyword), None)
    for keyword in _NATIVE}
