"""The verdict scale, defined once in schema/verdicts.schema.json.

The claim schema references that file for editors and the checker; the site reads labels,
descriptions, ratings and colours from it through this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import ConfigurationError
from .files import CONFIG_LIMIT, ProjectFiles, Unreadable

VERDICTS_FILE = "schema/verdicts.schema.json"


@dataclass(frozen=True)
class Verdict:
    id: str
    label: str
    description: str
    rating: int | None  # schema.org ClaimReview ratingValue; None where the scale has none
    color: str


@dataclass(frozen=True)
class VerdictScale:
    verdicts: tuple[Verdict, ...]

    def __getitem__(self, verdict_id: str) -> Verdict:
        for verdict in self.verdicts:
            if verdict.id == verdict_id:
                return verdict
        raise KeyError(verdict_id)

    def __contains__(self, verdict_id: object) -> bool:
        return any(v.id == verdict_id for v in self.verdicts)

    @property
    def ids(self) -> list[str]:
        return [v.id for v in self.verdicts]

    @property
    def best_rating(self) -> int:
        return max(v.rating for v in self.verdicts if v.rating is not None)

    @property
    def worst_rating(self) -> int:
        return min(v.rating for v in self.verdicts if v.rating is not None)


def scale_from_schema(schema: dict[str, Any]) -> VerdictScale:
    try:
        return VerdictScale(tuple(
            Verdict(entry["const"], entry["title"], entry["description"],
                    entry.get("x-rating"), entry["x-color"])
            for entry in schema["oneOf"]))
    except (KeyError, TypeError) as exc:
        raise ConfigurationError(
            f"{VERDICTS_FILE}: each entry of 'oneOf' needs const, title, description, "
            f"x-rating and x-color ({exc!r} missing or malformed)") from exc


def load_verdict_scale(root: Path, files: ProjectFiles | None = None) -> VerdictScale:
    files = files if files is not None else ProjectFiles(root)
    path = files.root / VERDICTS_FILE
    try:
        schema = json.loads(files.read(path, CONFIG_LIMIT, "the verdict scale"))
    except Unreadable as exc:
        raise ConfigurationError(f"cannot read the verdict scale {VERDICTS_FILE}: {exc.reason}") from exc
    except (ValueError, RecursionError) as exc:
        reason = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ConfigurationError(f"cannot read the verdict scale {VERDICTS_FILE}: {reason}") from exc
    return scale_from_schema(schema)
