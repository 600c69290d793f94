"""Checking a project: every claim file, every citation, and the links between claims."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .anchoring import Anchor
from .citations import CitationResolver
from .diagnostics import ConfigurationError, Diagnostic, Severity, error, warning
from .fastschema import compile_validity
from .files import CLAIM_LIMIT, CONFIG_LIMIT, ProjectFiles, Unreadable
from .markdown_limits import markdown_problem
from .model import CLAIM_SUFFIX, CLAIMS_DIR, RESERVED_IDS, Citation, Claim, Correction
from .parallel import collector_paused, map_chunks, worker_count
from .policy import RULES, load_policy
from .policy.baseline import BaseClaim, ResolvedPassages
from .policy.rules import HouseRules
from .sources import SourceLibrary
from .spelling import did_you_mean
from .validation import SCHEMA_DIR, SOURCES_SCHEMA, build_validator, error_diagnostics
from .verdicts import VerdictScale, load_verdict_scale
from .yaml_loading import YamlDocument, load_yaml

CLAIM_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
CLAIM_SUFFIXES = (".yaml", ".yml")  # in any letter case: a wrong one is reported, not skipped
NO_CLAIMS = f"there is no {CLAIMS_DIR}/ folder: create it (it holds one YAML file per claim)"


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


class Baseline(Protocol):
    """The claims of a revision to compare with (``check --base``; see policy/base.py)."""

    def claim(self, claim_id: str) -> BaseClaim | None: ...


class Project:
    """One fact-check repository: its sources, verdict scale, schema, house rules and claims."""

    def __init__(self, root: Path) -> None:
        self.files = ProjectFiles(root)
        self.root = self.files.root
        self._folder(SCHEMA_DIR, "this is not a fact-check repository: it has no schema/ folder "
                     "(run from the repository, or give --root)")
        self.library = SourceLibrary(self.root, files=self.files)
        self.scale: VerdictScale = load_verdict_scale(self.root, self.files)
        self.resolver = CitationResolver(self.library)
        self.validator = build_validator(self.root, self.resolver, self.files)
        # Most claims are valid: a predicate compiled once from the validator says so ~20x faster
        # than jsonschema; jsonschema itself runs on the rest, so diagnostics are its own.
        self.is_valid = compile_validity(self.validator)
        self._claims_dir = str(self.root / CLAIMS_DIR)
        # Without claims/ a build would publish an empty site over the last one.
        self._folder(CLAIMS_DIR, NO_CLAIMS)
        self.policy = load_policy(self.root, RULES, self.files)
        self.house_rules = HouseRules(self.policy, self.scale)
        self.passages = ResolvedPassages(self._body, self.resolver.resolve)
        self._base: Baseline | None = None  # set while a check compares with a revision

    def _folder(self, name: str, missing: str) -> Path:
        try:
            folder = self.files.folder(name)
        except Unreadable as exc:
            raise ConfigurationError(f"{name}/: {exc.reason}") from exc
        if folder is None:
            raise ConfigurationError(missing)
        return folder

    def _body(self, source_id: str) -> str | None:
        source = self.library.get(source_id) if source_id in self.library else None
        return source.body if source is not None else None

    def relative(self, path: Path) -> str:
        """How ``path`` is shown: relative to the root with '/'; outside it, as given."""
        return self.files.shown(path)

    def _listing(self) -> tuple[list[str], list[Diagnostic]]:
        """The names of the claim files in claims/, and what is there that is not checked.

        Names sort as the paths of one directory do; Path objects are made only when needed. A
        name ending in any case of .yaml or .yml is a claim file (a wrong one is reported, not
        skipped); claim files in sub-folders are reported, since nothing reads them.
        """
        directory = self._folder(CLAIMS_DIR, NO_CLAIMS)
        names: list[str] = []
        folders: list[str] = []
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if os.path.splitext(entry.name)[1].lower() in CLAIM_SUFFIXES:
                        names.append(entry.name)
                    elif entry.is_dir(follow_symlinks=False):
                        folders.append(entry.name)
        except OSError as exc:
            raise ConfigurationError(f"cannot list {CLAIMS_DIR}/: {exc.strerror}") from exc
        problems = []
        for folder in sorted(folders):
            for dirpath, dirnames, filenames in os.walk(directory / folder):
                dirnames.sort()
                for name in sorted(filenames):
                    if os.path.splitext(name)[1].lower() in CLAIM_SUFFIXES:
                        file = self.relative(Path(dirpath) / name)
                        problems.append(error(
                            file, 1, 1, "bad-claim-file",
                            f"{file} is in a sub-folder of {CLAIMS_DIR}/, where claims are neither "
                            "checked nor published", f"move it to {CLAIMS_DIR}/{name}"))
        return sorted(names), problems

    def _claim_names(self) -> list[str]:
        return self._listing()[0]

    def claim_names(self) -> list[str]:
        """The names of the claim files in claims/, sorted (``claim_files`` without the paths)."""
        return self._claim_names()

    def claim_listing(self) -> tuple[list[str], list[Diagnostic]]:
        """``claim_names``, and the problems of the listing (claim files in sub-folders)."""
        return self._listing()

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
        elif path.stem.lower() in RESERVED_IDS:
            result.diagnostics.append(error(
                file, 1, 1, "bad-claim-id",
                f"'{path.stem}' cannot be a claim id: the site gives that name to a folder's own "
                "page, so the claim would replace the page that lists the claims",
                f"rename it to a few words saying what the claim is, e.g. {path.stem}-claim{CLAIM_SUFFIX}"))
        try:
            data = self.files.read(path, CLAIM_LIMIT, "a claim file",
                                   listed=os.path.dirname(path) == self._claims_dir)
        except Unreadable as exc:
            result.diagnostics.append(error(file, 1, 1, "unreadable", f"cannot read the file: {exc.reason}"))
            return result
        document, problems = load_yaml(file, data)
        result.diagnostics.extend(problems)
        if document is None:
            return result
        if document.data is None:
            result.diagnostics.append(error(
                file, 1, 1, "empty-file", "file holds no claim",
                "a claim file holds the keys claim, claimant, verdict, summary and evidence; "
                "`python build.py new CLAIM-ID` starts one from a template"))
            return result
        if not isinstance(document.data, dict):
            pos = document.position(())
            result.diagnostics.append(error(
                file, pos.line, pos.column, "not-a-mapping",
                "a claim file must be lines of 'key: value' (claim:, claimant:, ...), "
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
            result.diagnostics.extend(error_diagnostics(document, schema_error, self.validator.schema))
        result.diagnostics.extend(_unpublishable_markdown(document))
        base = self._base
        result.diagnostics.extend(self.house_rules.check(
            document, base.claim(result.claim_id) if base is not None else None, self.passages,
            compared=base is not None))
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

    def check(self, paths: Sequence[Path] | None = None, jobs: int | None = None,
              base: Baseline | None = None) -> CheckResult:
        """Check the named claim files, or all of claims/; report every problem in every file.

        ``jobs``: processes to check files in (None: every core, for large runs only; 1: here).
        ``base``: a revision to compare with, for the house rules that need one (corrections).
        """
        whole_project = not paths
        listing, listing_problems = self._listing()
        files = list(paths) if paths else [self.root / CLAIMS_DIR / name for name in listing]
        if whole_project:
            self.read_sources()
        self._base = base  # forked workers see it too
        try:
            results = self.check_files(files, jobs)
        finally:
            self._base = None
        return self.combine(results, listing, whole_project, listing_problems if whole_project else ())

    def read_sources(self) -> None:
        """Read every source, so that a broken one is reported even if no claim cites it."""
        for _ in self.library:
            pass

    def check_files(self, files: Sequence[Path], jobs: int | None = None) -> list[FileResult]:
        """``check_file`` of each file, in order (on up to ``jobs`` processes)."""
        return self._check_files(files, jobs)

    def combine(self, results: Sequence[FileResult], listing: Sequence[str], whole_project: bool = True,
                listing_problems: Sequence[Diagnostic] = ()) -> CheckResult:
        """The check result of these file results: the steps across claims (related ids, links
        to drafts, the editors' list of source ids) run on them, every problem sorted.

        ``listing``: the names of every file in claims/, for the ids a claim may relate to;
        ``listing_problems``: what listing claims/ found that is not checked (sub-folders)."""
        # The whole-project steps make an object or two per diagnostic, which would set off
        # collections of the whole heap again and again (a third of a check that warns of each claim).
        with collector_paused():
            known_ids = {os.path.splitext(name)[0] for name in listing} | {r.claim_id for r in results}
            # Built once, not per claim: per claim it made a whole-project check quadratic.
            status = {r.claim_id: r.status for r in results} if whole_project else {}
            diagnostics: list[Diagnostic] = list(listing_problems)
            for result in results:
                diagnostics.extend(result.diagnostics)
                diagnostics.extend(self._check_related(result, known_ids, status))
            if whole_project:
                diagnostics.extend(self._check_editor_schema())
            diagnostics.extend(self.library.diagnostics())
            failed_files = {d.file for d in diagnostics if d.is_error}
            checked = {r.claim_id: r.claim for r in results
                       if r.claim is not None and r.file not in failed_files}
            ordered = sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.column, d.code, d.message))
        return CheckResult(
            diagnostics=ordered,
            files=len(results),
            claims=sum(1 for r in results if r.parsed),
            citations=sum(r.citations for r in results),
            checked=checked)

    def _check_files(self, files: Sequence[Path], jobs: int | None) -> list[FileResult]:
        """``check_file`` of each file, in order, on up to ``jobs`` processes (parallel.py).

        Results come back from workers without their YAML documents: the whole-project steps
        need only what a FileResult keeps besides, so the result is the one a single process
        gives, diagnostic for diagnostic."""
        workers = worker_count(len(files), jobs)
        if workers <= 1:
            with collector_paused():
                return [self.check_file(path) for path in files]
        results: list[FileResult] = []
        read: set[str] = set()
        for chunk_results, source_ids in map_chunks(self._check_chunk, files, workers):
            results.extend(chunk_results)
            read.update(source_ids)
        # A source's own problems are reported once it has been read: read here what the workers read.
        for source_id in sorted(read):
            self.library.get(source_id)
        return results

    def _check_chunk(self, paths: Sequence[Path]) -> tuple[list[FileResult], list[str]]:
        """In a worker: the results of ``paths`` and the ids of the sources it read for them."""
        return [self.check_file(path).without_document() for path in paths], self.library.read_ids()

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
            listed = json.loads(self.files.read(path, CONFIG_LIMIT, "a schema file")).get("enum")
        except (Unreadable, ValueError, AttributeError, RecursionError):
            listed = None
        if listed == self.library.ids:
            return []
        return [warning(file, 1, 1, "stale-editor-schema",
                        "the source ids editors complete are not those in seeds/",
                        "run `python build.py schema` to regenerate it")]


def _unpublishable_markdown(document: YamlDocument) -> list[Diagnostic]:
    """The Markdown fields (summary, correction notes) the site could not render: nested too
    deeply or too long (markdown_limits.py); the site renders only what passes this."""
    data = document.data
    fields: list[tuple[tuple[Any, ...], Any]] = [(("summary",), data.get("summary"))]
    corrections = data.get("corrections")
    if isinstance(corrections, list):
        fields += [(("corrections", i, "note"), c.get("note"))
                   for i, c in enumerate(corrections) if isinstance(c, dict)]
    found = []
    for path, value in fields:
        problem = markdown_problem(value) if isinstance(value, str) else None
        if problem is not None:
            pos = document.position(path)
            what = "the summary" if len(path) == 1 else f"the note of correction {path[1] + 1}"
            found.append(error(document.file, pos.line, pos.column, "unpublishable-markdown",
                               f"{what} {problem}",
                               "shorten it, and flatten nested lists into a few short paragraphs"))
    return found
