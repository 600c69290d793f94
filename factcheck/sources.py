"""Source articles in seeds/: ids, front matter and exact bodies, read lazily.

The body is everything after the front matter's closing ``---`` line break, exactly as stored
(no stripping, no newline translation, no normalisation), because citation offsets index it.
python-frontmatter strips the content, so the split is done here by hand.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import ConfigurationError, Diagnostic, error, warning
from .files import SOURCE_LIMIT, ProjectFiles, Unreadable
from .model import RESERVED_IDS
from .yaml_loading import decode_utf8, load_yaml

SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
SOURCE_SUFFIXES = (".txt", ".md")
META_KEYS = ("title", "outlet", "url", "published", "retrieved", "language", "notes")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_OPENING = re.compile(r"---\r?\n")
_CLOSING = re.compile(r"^---(?:\r?\n|\Z)", re.MULTILINE)


@dataclass(frozen=True)
class Source:
    id: str
    file: str  # relative to the project root, with '/'
    body: str
    meta: Mapping[str, str] = field(default_factory=dict)
    body_line: int = 1  # line of the file where the body starts, for locating a passage

    @property
    def display_title(self) -> str:
        """What a reader sees for this source; never an invented title."""
        title = self.meta.get("title")
        outlet = self.meta.get("outlet")
        if title and outlet:
            return f"{title} ({outlet})"
        return title or (f"{outlet} article {self.id}" if outlet else f"Article {self.id}")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, line where the body starts); ``text`` has no BOM."""
    opening = _OPENING.match(text)
    if not opening:
        return None, text, 1
    closing = _CLOSING.search(text, opening.end())
    if not closing:
        return None, text, 1
    front = text[opening.end():closing.start()]
    body = text[closing.end():]
    return front, body, text.count("\n", 0, closing.end()) + 1


def parse_source(source_id: str, file: str, data: bytes) -> tuple[Source | None, list[Diagnostic]]:
    text, problem = decode_utf8(file, data)
    if text is None:
        return None, [problem] if problem else []
    front, body, body_line = split_front_matter(text)
    if front is None:
        if text.startswith("---"):
            return None, [error(file, 1, 1, "source-front-matter",
                                "front matter is not closed: no line '---' ends it",
                                "end the metadata with a line that is exactly '---'")]
        return Source(source_id, file, body), []
    meta, diagnostics = _parse_meta(file, front)
    return Source(source_id, file, body, meta, body_line), diagnostics


def _parse_meta(file: str, front: str) -> tuple[dict[str, str], list[Diagnostic]]:
    document, diagnostics = load_yaml(file, front.encode("utf-8"))
    # The front matter starts on line 2 of the file (after the opening '---').
    diagnostics = [
        Diagnostic(d.file, d.line + 1, d.column, d.severity, d.code, d.message, d.suggestion)
        for d in diagnostics]
    if document is None or document.data is None:
        return {}, diagnostics
    if not isinstance(document.data, dict):
        return {}, diagnostics + [error(file, 2, 1, "source-front-matter",
                                        "the front matter must be lines of 'field: value' (title:, outlet:, ...)")]
    meta: dict[str, str] = {}
    for key, value in document.data.items():
        pos = document.position((key,))
        key_line, key_col = pos.key_or_value
        if key not in META_KEYS:
            diagnostics.append(error(file, key_line + 1, key_col, "source-front-matter",
                                     f"unknown metadata field '{key}'",
                                     "known fields: " + ", ".join(META_KEYS)))
        elif not isinstance(value, str) or not value.strip():
            diagnostics.append(error(file, pos.line + 1, pos.column, "source-front-matter",
                                     f"metadata field '{key}' must be non-empty text"))
        elif key in ("published", "retrieved") and not _is_date(value):
            what = ("which is not a real calendar date" if _DATE.match(value)
                    else "not a date YYYY-MM-DD")
            diagnostics.append(error(file, pos.line + 1, pos.column, "source-front-matter",
                                     f"'{key}' is {value!r}, {what}"))
        elif key == "url" and not value.startswith(("https://", "http://")):
            diagnostics.append(warning(file, pos.line + 1, pos.column, "source-front-matter",
                                       f"'url' should be an http(s) address, got {value!r}"))
        else:
            meta[key] = value
    return meta, diagnostics


def _is_date(value: str) -> bool:
    """A real calendar date YYYY-MM-DD, as claims' dates are checked (no 2024-13-45, 0000-00-00)."""
    if not _DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class SourceLibrary:
    """The sources of one project, found by listing seeds/ and read only when first asked for.

    Ids are looked up in the listing, never joined into a path, so a source id cannot reach
    outside seeds/.
    """

    def __init__(self, root: Path, seeds_dir: str = "seeds", files: ProjectFiles | None = None) -> None:
        self.files = files if files is not None else ProjectFiles(root)
        self.root = self.files.root
        self.seeds_dir = seeds_dir
        self._paths: dict[str, Path] = {}
        self._listing_problems: list[Diagnostic] = []
        self._loaded: dict[str, Source | None] = {}
        self._problems: dict[str, list[Diagnostic]] = {}
        self._list()

    def _relative(self, path: Path) -> str:
        return self.files.shown(path)

    def _list(self) -> None:
        try:
            directory = self.files.folder(self.seeds_dir)
        except Unreadable as exc:
            raise ConfigurationError(f"{self.seeds_dir}/: {exc.reason}") from exc
        if directory is None:
            return
        # Every entry named like a source is one: a link, a pipe or a folder is reported when
        # read (files.py says why), never skipped silently nor followed.
        for path in sorted(directory.iterdir()):
            if path.suffix not in SOURCE_SUFFIXES:
                continue
            if not SOURCE_ID.match(path.stem):
                self._listing_problems.append(error(
                    self._relative(path), 1, 1, "bad-source-id",
                    f"source file name '{path.name}' is not a valid source id",
                    "rename it: letters, digits, '_' and '-', starting with a letter or digit"))
                continue
            if path.stem.lower() in RESERVED_IDS:
                self._listing_problems.append(error(
                    self._relative(path), 1, 1, "bad-source-id",
                    f"'{path.stem}' cannot be a source id: the site gives that name to the page that "
                    "lists the sources, which this source would replace",
                    "rename the file, e.g. after its outlet and date"))
                continue
            if path.stem in self._paths:
                self._listing_problems.append(error(
                    self._relative(path), 1, 1, "duplicate-source",
                    f"source id '{path.stem}' is defined twice "
                    f"({self._paths[path.stem].name} and {path.name})",
                    "keep one of the two files"))
                continue
            self._paths[path.stem] = path

    @property
    def ids(self) -> list[str]:
        return sorted(self._paths)

    def __contains__(self, source_id: object) -> bool:
        return source_id in self._paths

    def get(self, source_id: str) -> Source | None:
        if source_id not in self._loaded:
            path = self._paths.get(source_id)
            if path is None:
                return None
            file = self._relative(path)
            try:
                data = self.files.read(path, SOURCE_LIMIT, "a source", listed=True)
            except Unreadable as exc:
                source, problems = None, [error(file, 1, 1, "unreadable", f"cannot read the source: {exc.reason}")]
            else:
                source, problems = parse_source(source_id, file, data)
            self._loaded[source_id] = source
            self._problems[source_id] = problems
        return self._loaded[source_id]

    def __iter__(self) -> Iterator[Source]:
        for source_id in self.ids:
            source = self.get(source_id)
            if source is not None:
                yield source

    def read_ids(self) -> list[str]:
        """Ids of the sources read so far (a worker process reports them to the parent)."""
        return sorted(self._loaded)

    def diagnostics(self) -> list[Diagnostic]:
        """Problems of the listing and of every source read so far."""
        found = list(self._listing_problems)
        for source_id in sorted(self._problems):
            found.extend(self._problems[source_id])
        return found
