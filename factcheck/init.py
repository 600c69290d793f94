"""``factcheck init DIR``: a new fact-check desk that checks and builds at once.

The desk's files come from the package (``factcheck/defaults/``), so a plain ``pip install`` of
the tool is enough to start one anywhere. Nothing is ever overwritten: DIR must be empty or new,
and each file is created exclusively.
"""

from __future__ import annotations

import datetime
import json
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .diagnostics import ConfigurationError
from .validation import SOURCES_SCHEMA, source_id_schema

DEFAULTS = "factcheck.defaults"
# Files kept in the package under other names: packages do not carry dot-files reliably.
RENAMED = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml",
           "github": ".github"}
SKIPPED = {"__init__.py", "__pycache__"}


def _version() -> str:
    try:
        return metadata.version("factcheck-desk")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        from . import __version__

        return __version__


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name in SKIPPED or item.name.endswith(".pyc"):
            continue
        name = prefix + RENAMED.get(item.name, item.name)
        if item.is_dir():
            found.extend(_files(item, name + "/"))
        else:
            found.append((name, item))
    return found


def desk_files(today: datetime.date | None = None) -> dict[str, bytes]:
    """Every file of a new desk, by its path in the desk."""
    fill = {"PUBLISHED_DATE": (today or datetime.date.today()).isoformat(), "VERSION": _version()}
    files: dict[str, bytes] = {}
    for name, item in _files(resources.files(DEFAULTS)):
        data = item.read_bytes()
        if name.startswith("claims/") or name == "requirements.txt":
            text = data.decode("utf-8")
            for placeholder, value in fill.items():
                text = text.replace(placeholder, value)
            data = text.encode("utf-8")
        files[name] = data
    source_ids = sorted(Path(name).stem for name in files if name.startswith("seeds/"))
    files[f"schema/{SOURCES_SCHEMA}"] = (json.dumps(source_id_schema(source_ids), indent=2) + "\n").encode()
    return files


def init_desk(directory: Path) -> list[str]:
    """Write a new desk into ``directory`` (new or empty); returns the paths written."""
    if directory.exists() and not directory.is_dir():
        raise ConfigurationError(f"{directory} is a file, not a directory")
    if directory.is_dir() and any(directory.iterdir()):
        raise ConfigurationError(f"{directory} is not empty: `init` writes a new desk only into a "
                                 "new or empty directory, and never overwrites a file")
    files = desk_files()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:  # exclusive: never overwrite
                handle.write(data)
    except OSError as exc:
        raise ConfigurationError(f"cannot write the desk into {directory}: {exc.strerror or exc}") from exc
    return sorted(files)
