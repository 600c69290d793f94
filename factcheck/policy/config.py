"""``schema/policy.yaml``: the level of each house rule, read once per check.

The file is a mapping of rule names to levels, read with the claims' own YAML loader (YAML 1.2:
``off`` is the word, not false; positions for every key and value). A rule the file does not set,
or a missing file, is a ``warning``. Anything else wrong with the file (an unknown rule or level,
a YAML error, a value that is not a mapping) is a configuration error naming
``schema/policy.yaml:LINE:COL``: the check cannot know which rules to apply.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import ConfigurationError
from ..files import CONFIG_LIMIT, ProjectFiles, Unreadable
from ..spelling import did_you_mean
from ..yaml_loading import load_yaml

POLICY_FILE = "schema/policy.yaml"


class Level(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


DEFAULT_LEVEL = Level.WARNING
LEVELS = tuple(level.value for level in Level)


@dataclass(frozen=True)
class Policy:
    """The level of each rule; rules not listed are at the default level."""

    levels: Mapping[str, Level] = field(default_factory=dict)

    def level(self, rule: str) -> Level:
        return self.levels.get(rule, DEFAULT_LEVEL)


def _fail(line: int, column: int, message: str) -> ConfigurationError:
    return ConfigurationError(f"{POLICY_FILE}:{line}:{column}: {message}")


def parse_policy(data: bytes, known: Collection[str]) -> Policy:
    """The policy in ``data`` (the bytes of schema/policy.yaml); ``known``: the rule names."""
    document, problems = load_yaml(POLICY_FILE, data)
    errors = [d for d in problems if d.is_error]
    if document is None and errors and all(d.code == "empty-file" for d in errors):
        return Policy()  # an empty file (or only comments) sets nothing
    if errors:
        first = errors[0]
        raise _fail(first.line, first.column, first.message)
    assert document is not None
    if document.data is None:
        return Policy()
    if not isinstance(document.data, dict):
        pos = document.position(())
        raise _fail(pos.line, pos.column,
                    "the house rules are a mapping of rule names to levels, e.g. 'review: error'")
    levels: dict[str, Level] = {}
    choices = ", ".join(LEVELS)
    for rule, value in document.data.items():
        pos = document.position((rule,))
        if rule not in known:
            line, column = pos.key_or_value
            hint = did_you_mean(str(rule), known)
            raise _fail(line, column, f"unknown rule '{rule}'"
                        + (f" ({hint})" if hint else "") + "; the rules are " + ", ".join(known))
        if not isinstance(value, str) or value not in LEVELS:
            shown = "empty" if value is None else repr(value) if isinstance(value, str) else str(value).lower()
            raise _fail(pos.line, pos.column,
                        f"rule '{rule}' has level {shown}; a level is one of {choices}")
        levels[rule] = Level(value)
    return Policy(levels)


def load_policy(root: Path, known: Collection[str], files: ProjectFiles | None = None) -> Policy:
    """``schema/policy.yaml`` of the project at ``root``; every rule at ``warning`` without one.

    Read as every input file is (``files.py``): a regular file of the repository, size-bounded."""
    files = files or ProjectFiles(root)
    try:
        data = files.read_if_present(root / POLICY_FILE, CONFIG_LIMIT, "the house rules")
    except Unreadable as exc:
        raise ConfigurationError(f"{POLICY_FILE}: {exc.reason}") from exc
    return Policy() if data is None else parse_policy(data, known)
