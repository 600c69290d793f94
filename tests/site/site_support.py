"""Site test support: projects copied from the repository (so builds never touch its site/ and other
people's edits in progress cannot change a test midway) and sites built once per session."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from factcheck.checker import CheckResult, Project
from factcheck.model import Claim

REPO = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("claims", "seeds", "schema", "docs", "mkdocs.yml")


def copy_project(target: Path, with_claims: bool = True) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if part == "claims" and not with_claims:
            (target / "claims").mkdir()
        elif source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    if not with_claims:
        # The test writes claims of its own, about the site, not the editorial record: the
        # desk's strict house rules (tests/checker/test_policy.py tests them) are off.
        (target / "schema" / "policy.yaml").write_text(
            "review: off\npublished-date: off\nsingle-source: off\ncorrections: off\n", encoding="utf-8")
    return target


def passing_check(root: Path) -> tuple[Project, CheckResult]:
    """Check the copy; drop claim files that do not pass (someone may be mid-edit in the shared
    tree) until the whole project passes. Expectations come from this result, never from counts."""
    for _ in range(10):
        project = Project(root)
        result = project.check()
        if result.ok:
            return project, result
        for file in {d.file for d in result.diagnostics if d.is_error and d.file.startswith("claims/")}:
            (root / file).unlink(missing_ok=True)
    raise AssertionError("the copied project does not pass its check")


def write_claim(root: Path, claim_id: str, data: dict) -> Path:
    path = root / "claims" / f"{claim_id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return path


def snapshot(directory: Path) -> list[tuple[str, int, int]]:
    """Every file under ``directory`` with its size and modification time."""
    return sorted((p.relative_to(directory).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                  for p in directory.rglob("*"))


@dataclass
class BuiltSite:
    project: Project
    result: CheckResult
    site: Path
    docs_before: list[tuple[str, int, int]]

    @property
    def claims(self) -> list[Claim]:
        return sorted((c for c in self.result.checked.values() if c.is_published), key=lambda c: c.id)

    def html(self, site_path: str) -> str:
        return (self.site / site_path / "index.html").read_text(encoding="utf-8")


HOSTILE = {
    "script": "<script>window.__pwned=1;alert(1)</script>",
    "img": '"><img src=x onerror="window.__pwned=1;alert(1)">',
    "close": "</script><script>window.__pwned=1</script>",
    "jinja": "{{ config.site_name }} {% raw %}",
    "js_link": "[click me](javascript:window.__pwned=1)",
    "marker": "<!-- factcheck:claims-table -->",
    "svg": "'><svg onload=alert(1)>",
}
HOSTILE_TEXT = " ".join(HOSTILE.values())
HOSTILE_SOURCE_BODY = (
    "A source whose text is hostile.\n"
    f"It says {HOSTILE['script']} and then {HOSTILE['img']} here.\n"
    f"Also {HOSTILE['close']} and {HOSTILE['jinja']}.\n")


class PageScan(HTMLParser):
    """What a built page holds: element ids, every URL it refers to, its scripts, title and
    meta description (attribute values and text come out unescaped, as a browser reads them)."""

    URL_ATTRS = {"href", "src", "action", "formaction", "poster", "srcset", "data"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.title = ""
        self.description: str | None = None
        self.event_handlers: list[str] = []
        self._in: str | None = None
        self._script_attrs: dict[str, str | None] = {}
        self._buffer: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in self.URL_ATTRS and value is not None:
                self.urls.append((tag, name, value))
            if name.startswith("on"):
                self.event_handlers.append(f"<{tag} {name}={value!r}>")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        if tag == "meta" and values.get("name") == "description":
            self.description = values.get("content")
        if tag in ("script", "title"):
            self._in, self._buffer, self._script_attrs = tag, [], values

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            text = "".join(self._buffer)
            if tag == "script":
                self.scripts.append((self._script_attrs, text))
            elif not self.title:
                self.title = text
            self._in = None

    def json_ld(self) -> list[Any]:
        return [json.loads(text) for attrs, text in self.scripts if attrs.get("type") == "application/ld+json"]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))
