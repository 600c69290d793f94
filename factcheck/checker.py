"""Checking a project: every claim file, every citation, and the links between claims."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .anchoring import Anchor
from .citations import CitationResolver
from .diagnostics import ConfigurationError, Diagnostic, Severity, error, warning
from .fastschema import compile_validity
from .model import CLAIM_SUFFIX, CLAIMS_DIR, Citation, Claim, Correction
from .parallel import check_files
from .sources import SourceLibrary
from .spelling import did_you_mean
from .validation import SCHEMA_DIR, SOURCES_SCHEMA, build_validator, error_diagnostics
from .verdicts import VerdictScale, load_verdict_scale
from .yaml_loading import YamlDocument, load_yaml

CLAIM_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


@dataclass
class FileResult:
    file: str
    claim_id: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    document: YamlDocument | None = None
    claim: Claim | None = None
    citations: int = 0
    # What the whole-project steps need from the document, kept apart so that a result sent back
    # from a worker process (``without_document``) stays small.
    parsed: bool = False  # the file held a mapping: it counts as a claim
    status: Any = None  # its 'status' ("published" when absent), for links to drafts
    related: list[tuple[str, int, int]] | None = None  # well-formed 'related' ids with line, column

    def without_document(self) -> FileResult:
        return dataclasses.replace(self, document=None)


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    files: int
    claims: int
    citations: int
    checked: dict[str, Claim]  # claims without errors, by id

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0


class Project:
    """One fact-check repository: its sources, verdict scale, schema and claims."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        if not (self.root / SCHEMA_DIR).is_dir():
            raise ConfigurationError(
                f"{self.root} has no {SCHEMA_DIR}/ directory: run from a fact-check repository")
        self.library = SourceLibrary(self.root)
        self.scale: VerdictScale = load_verdict_scale(self.root)
        self.resolver = CitationResolver(self.library)
        self.validator = build_validator(self.root, self.resolver)
        # Most claims are valid: a predicate compiled once from the validator says so ~20x faster
        # than jsonschema; jsonschema itself runs on the rest, so diagnostics are its own.
        self.is_valid = compile_validity(self.validator)
        self._resolved_directories: dict[Path, Path] | None = None

    def relative(self, path: Path) -> str:
        try:
            return self._resolve(path).relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def _resolve(self, path: Path) -> Path:
        """``path.resolve()``; during a check, with each directory resolved once, not per file
        (resolve() examines every component of the path, which dominated the cost of a file)."""
        directories = self._resolved_directories
        if directories is None or path.name in ("", ".", "..") or path.is_symlink():
            return path.resolve()
        parent = directories.get(path.parent)
        if parent is None:
            parent = directories[path.parent] = path.parent.resolve()
        return parent / path.name

    def _claim_names(self) -> list[str]:
        directory = self.root / CLAIMS_DIR
        if not directory.is_dir():
            return []
        # Names sort as the paths of one directory do; Path objects made only when needed.
        with os.scandir(directory) as entries:
            return sorted(entry.name for entry in entries
                          if os.path.splitext(entry.name)[1] in (CLAIM_SUFFIX, ".yml"))

    def claim_names(self) -> list[str]:
        """The names of the claim files in claims/, sorted (``claim_files`` without the paths)."""
        return self._claim_names()

    def claim_files(self) -> list[Path]:
        directory = self.root / CLAIMS_DIR
        return [directory / name for name in self._claim_names()]

    def check_file(self, path: Path) -> FileResult:
        file = self.relative(path)
        result = FileResult(file, path.stem)
        if path.suffix != CLAIM_SUFFIX:
            result.diagnostics.append(error(
                file, 1, 1, "bad-claim-file", f"claim files end in '{CLAIM_SUFFIX}', not '{path.suffix}'",
                f"rename it to {path.stem}{CLAIM_SUFFIX}"))
            return result
        if not CLAIM_ID.match(path.stem):
            slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my-claim"
            result.diagnostics.append(error(
                file, 1, 1, "bad-claim-id",
                f"file name '{path.name}' is not a valid claim id: the id is the file name, "
                "lowercase words joined by '-'", f"rename it to {slug}{CLAIM_SUFFIX}"))
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.diagnostics.append(error(file, 1, 1, "unreadable", f"cannot read the file: {exc.strerror}"))
            return result
        document, problems = load_yaml(file, data)
        result.diagnostics.extend(problems)
        if document is None:
            return result
        if document.data is None:
            result.diagnostics.append(error(
                file, 1, 1, "empty-file", "file holds no claim",
                "a claim file holds a mapping with claim, claimant, verdict, summary and evidence"))
            return result
        if not isinstance(document.data, dict):
            pos = document.position(())
            result.diagnostics.append(error(
                file, pos.line, pos.column, "not-a-mapping",
                "a claim file must be a mapping of keys (claim:, claimant:, ...), "
                f"not {'a list' if isinstance(document.data, list) else 'a single value'}"))
            return result
        result.document = document
        result.parsed = True
        result.status = document.data.get("status", "published")
        result.related = self._related_ids(document)
        evidence = document.data.get("evidence")
        if isinstance(evidence, list):
            result.citations = sum(1 for c in evidence if isinstance(c, dict))
        valid = self.is_valid is not None and self.is_valid(document.data)
        for schema_error in () if valid else self.validator.iter_errors(document.data):
            result.diagnostics.extend(error_diagnostics(document, schema_error))
        if not any(d.is_error for d in result.diagnostics):
            result.claim = self._to_claim(result.claim_id, file, document.data)
        return result

    def _to_claim(self, claim_id: str, file: str, data: dict[str, Any]) -> Claim:
        citations = []
        for n, item in enumerate(data["evidence"], start=1):
            resolved = self.resolver.resolve(item)
            assert isinstance(resolved, Anchor)  # the validator passed, so every citation resolved
            citations.append(Citation(
                n=n, source=item["source"], quote=item["quote"], start=resolved.start,
                end=resolved.end, stance=item["stance"], prefix=item.get("prefix"),
                suffix=item.get("suffix"), note=item.get("note")))
        return Claim(
            id=claim_id, file=file, claim=data["claim"], claimant=data["claimant"],
            verdict=data["verdict"], summary=data["summary"], evidence=tuple(citations),
            claim_date=data.get("claim_date"), tags=tuple(data.get("tags", ())),
            related=tuple(data.get("related", ())), status=data.get("status", "published"),
            analyst=data.get("analyst"), reviewers=tuple(data.get("reviewers", ())),
            updated=data.get("updated"), claimant_type=data.get("claimant_type", "organization"),
            published=data.get("published"), single_source=data.get("single_source"),
            corrections=tuple(Correction(c["date"], c["note"]) for c in data.get("corrections", ())))

    def check(self, paths: Sequence[Path] | None = None, jobs: int | None = None) -> CheckResult:
        """Check the named claim files, or all of claims/; report every problem in every file.

        ``jobs``: processes to check files in (None: every core, for large runs only; 1: here).
        """
        whole_project = not paths
        listing = self._claim_names()
        files = list(paths) if paths else [self.root / CLAIMS_DIR / name for name in listing]
        if whole_project:
            self.read_sources()
        return self.combine(self.check_files(files, jobs), listing, whole_project)

    def read_sources(self) -> None:
        """Read every source, so that a broken one is reported even if no claim cites it."""
        for _ in self.library:
            pass

    def check_files(self, files: Sequence[Path], jobs: int | None = None) -> list[FileResult]:
        """``check_file`` of each file, in order (on up to ``jobs`` processes)."""
        self._resolved_directories = {}
        try:
            return check_files(self, files, jobs)
        finally:
            self._resolved_directories = None

    def combine(self, results: Sequence[FileResult], listing: Sequence[str],
                whole_project: bool = True) -> CheckResult:
        """The check result of these file results: the steps across claims (related ids, links
        to drafts, the editors' list of source ids) run on them, every problem sorted.

        ``listing``: the names of every file in claims/, for the ids a claim may relate to."""
        known_ids = {os.path.splitext(name)[0] for name in listing} | {r.claim_id for r in results}
        # Built once, not per claim: per claim it made a whole-project check quadratic.
        status = {r.claim_id: r.status for r in results} if whole_project else {}
        diagnostics: list[Diagnostic] = []
        for result in results:
            diagnostics.extend(result.diagnostics)
            diagnostics.extend(self._check_related(result, known_ids, status))
        if whole_project:
            diagnostics.extend(self._check_editor_schema())
        diagnostics.extend(self.library.diagnostics())
        failed_files = {d.file for d in diagnostics if d.is_error}
        checked = {r.claim_id: r.claim for r in results
                   if r.claim is not None and r.file not in failed_files}
        return CheckResult(
            diagnostics=sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.column, d.code, d.message)),
            files=len(results),
            claims=sum(1 for r in results if r.parsed),
            citations=sum(r.citations for r in results),
            checked=checked)

    @staticmethod
    def _related_ids(document: YamlDocument) -> list[tuple[str, int, int]] | None:
        related = document.data.get("related")
        if not isinstance(related, list):
            return None
        found = []
        for i, other in enumerate(related):
            if not isinstance(other, str) or not CLAIM_ID.match(other):
                continue  # the schema reports it
            pos = document.position(("related", i))
            found.append((other, pos.line, pos.column))
        return found

    def _check_related(self, result: FileResult, known_ids: set[str],
                       status: Mapping[str, Any]) -> list[Diagnostic]:
        """``status`` of every claim checked when the whole project is, else empty."""
        if not result.related:
            return []
        found = []
        for other, line, column in result.related:
            if other == result.claim_id:
                found.append(error(result.file, line, column, "bad-related",
                                   "'related' lists the claim itself", "remove it"))
            elif other not in known_ids:
                found.append(error(result.file, line, column, "unknown-related",
                                   f"related claim '{other}' does not exist in {CLAIMS_DIR}/",
                                   did_you_mean(other, known_ids)
                                   or f"create {CLAIMS_DIR}/{other}{CLAIM_SUFFIX} or remove the id"))
            elif status.get(other) == "draft" and result.status == "published":
                found.append(warning(result.file, line, column, "related-draft",
                                     f"related claim '{other}' is a draft: the published page "
                                     "will not link to it until it is published"))
        return found

    def _check_editor_schema(self) -> list[Diagnostic]:
        """Editors complete source ids from schema/sources.schema.json; say when it is stale."""
        path = self.root / SCHEMA_DIR / SOURCES_SCHEMA
        file = f"{SCHEMA_DIR}/{SOURCES_SCHEMA}"
        try:
            listed = json.loads(path.read_text(encoding="utf-8")).get("enum")
        except (OSError, ValueError, AttributeError):
            listed = None
        if listed == self.library.ids:
            return []
        return [warning(file, 1, 1, "stale-editor-schema",
                        "the source ids editors complete are not those in seeds/",
                        "run `python build.py schema` to regenerate it")]
