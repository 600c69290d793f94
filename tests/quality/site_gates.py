"""The site gates' own machinery: building a copy of the project with the real command, and
checkers written here (links and anchors, vnu's report, JSON-LD) so that each gate can also be
run on a deliberately broken copy of the site to show that it fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from quality_support import REPO

PROJECT_PARTS = ("claims", "seeds", "schema", "docs", "mkdocs.yml")
# Anything dated in a build (MkDocs' sitemap, gzip headers) takes this instead of the clock.
SOURCE_DATE_EPOCH = "1736121600"  # 2025-01-06T00:00:00Z
VNU_JAR = Path(__file__).resolve().parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


# --- building ---------------------------------------------------------------------------------

def snapshot_project(target: Path) -> Path:
    """Copy the project's inputs; drop claim files that fail their check (someone may be editing
    one in the shared tree), so that every build in the session starts from the same input."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, target / part)
        else:
            shutil.copy2(REPO / part, target / part)
    for _ in range(5):
        run = run_build_py(target, "check", "--format", "json")
        report = json.loads(run.stdout)
        failing = {d["file"] for d in report["diagnostics"]
                   if d["severity"] == "error" and d["file"].startswith("claims/")}
        if not failing:
            return target
        for file in failing:
            (target / file).unlink(missing_ok=True)
    raise AssertionError(f"the project copy does not pass its check:\n{run.stdout}")


def build_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHASHSEED",)}
    env.update(PYTHONPATH=str(REPO), SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    env.update(extra)
    return env


def run_build_py(root: Path, *args: str, env: dict[str, str] | None = None,
                 timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real command line, in its own process, on the project at ``root``."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=timeout, env=env or build_env())


def build(root: Path, **env: str) -> Path:
    run = run_build_py(root, "build", env=build_env(**env))
    assert run.returncode == 0, f"build failed ({run.returncode}):\n{run.stderr}"
    return root / "site"


def tree_digest(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` by relative path, with its SHA-256 (and symlinks' targets)."""
    digest = {}
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory).as_posix()
        if path.is_symlink():
            digest[rel] = "symlink:" + os.readlink(path)
        elif path.is_file():
            digest[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            digest[rel + "/"] = "dir"
    return digest


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return ([f"only in the first: {p}" for p in sorted(a.keys() - b.keys())]
            + [f"only in the second: {p}" for p in sorted(b.keys() - a.keys())]
            + [f"differs: {p}" for p in sorted(a.keys() & b.keys()) if a[p] != b[p]])


@dataclass
class Site:
    root: Path  # the project copy
    site: Path

    @property
    def claims(self) -> list[dict[str, Any]]:
        return json.loads((self.site / "claims.json").read_text(encoding="utf-8"))["claims"]

    def pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def page(self, url_path: str) -> Path:
        return self.site / url_path / "index.html"


# --- links and anchors ---------------------------------------------------------------------------

class PageLinks(HTMLParser):
    """Ids (and a[name]) a page defines, and every URL it refers to, with its line."""

    URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "xlink:href"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.urls: list[tuple[int, str, str, str]] = []  # (line, tag, attribute, value)
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.append(value)
            elif name in self.URL_ATTRS:
                self.urls.append((line, tag, name, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((line, tag, name, candidate.split()[0]))

    handle_startendtag = handle_starttag


ORIGIN = "http://site.invalid/"


@dataclass
class LinkReport:
    problems: list[str] = field(default_factory=list)
    checked: int = 0


class LinkChecker:
    """Resolves every internal URL of a built site the way a static server does."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._ids: dict[Path, set[str] | None] = {}

    def ids_of(self, page: Path) -> set[str] | None:
        if page not in self._ids:
            self._ids[page] = set(PageLinks(page.read_text(encoding="utf-8")).ids) \
                if page.suffix == ".html" else None
        return self._ids[page]

    def target(self, url: str) -> tuple[Path | None, str]:
        """The file a site-absolute URL serves (None: nothing), and its fragment."""
        parts = urlsplit(url)
        path = self.site / unquote(parts.path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        return (path if path.is_file() else None), unquote(parts.fragment)

    def check(self, referrer: str, line: int, value: str, report: LinkReport) -> None:
        """``value`` as written in the file at site path ``referrer``."""
        absolute = urljoin(ORIGIN + referrer, value.strip())
        scheme = urlsplit(absolute).scheme
        if scheme == "javascript":
            report.problems.append(f"{referrer}:{line}: javascript: URL {value!r}")
            return
        if not absolute.startswith(ORIGIN):
            return  # another host, mailto:, data: — not this site's to resolve
        report.checked += 1
        page, fragment = self.target(absolute[len(ORIGIN) - 1:])
        if page is None:
            report.problems.append(f"{referrer}:{line}: broken link {value!r} (no such file)")
            return
        if fragment:
            ids = self.ids_of(page)
            if ids is not None and fragment not in ids:
                report.problems.append(
                    f"{referrer}:{line}: broken anchor {value!r}: "
                    f"{page.relative_to(self.site).as_posix()} has no id {fragment!r}")


def check_site_links(site: Path) -> LinkReport:
    """Every URL in every page, in the search index (each result's page) and in the Web
    Annotation export."""
    checker = LinkChecker(site)
    report = LinkReport()
    for page in sorted(site.rglob("*.html")):
        referrer = page.relative_to(site).as_posix()
        parsed = PageLinks(page.read_text(encoding="utf-8"))
        duplicates = sorted({i for i in parsed.ids if parsed.ids.count(i) > 1})
        if duplicates:
            report.problems.append(f"{referrer}: duplicate ids {duplicates}")
        for line, _tag, _attr, value in parsed.urls:
            checker.check(referrer, line, value, report)
    for records in sorted((site / "search" / "d").glob("*.json")):
        # Where each search result lands (a record's "u" is relative to the site's root).
        for record in json.loads(records.read_text(encoding="utf-8")):
            checker.check(records.relative_to(site).as_posix(), 1, "/" + record["u"], report)
    annotations = site / "annotations.jsonld"
    if annotations.is_file():
        for url in _urls_in(json.loads(annotations.read_text(encoding="utf-8"))):
            checker.check("annotations.jsonld", 1, url, report)
    return report


def _urls_in(node: Any) -> list[str]:
    """Values of 'source', 'scope' and 'id' in a JSON-LD tree (site-relative URLs)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("source", "scope", "id") and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_urls_in(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_urls_in(item))
    return found


def citation_anchor_problems(site: Site) -> list[str]:
    """Each citation of each published claim: its claim page links to cite-<claim>-<n> on its
    source page, and that id exists there (and only there); no source page has stray cite ids."""
    problems = []
    expected: dict[str, set[str]] = {}
    for claim in site.claims:
        page = site.page(f"claims/{claim['id']}")
        links = {value for _, tag, attr, value in PageLinks(page.read_text(encoding="utf-8")).urls
                 if tag == "a" and attr == "href"}
        for citation in claim["evidence"]:
            anchor = f"cite-{claim['id']}-{citation['n']}"
            expected.setdefault(citation["source"], set()).add(anchor)
            href = f"../../sources/{citation['source']}/#{anchor}"
            if href not in links:
                problems.append(f"claims/{claim['id']}/: no link to {href}")
    for source_page in sorted((site.site / "sources").glob("*/index.html")):
        source = source_page.parent.name
        ids = [i for i in PageLinks(source_page.read_text(encoding="utf-8")).ids if i.startswith("cite-")]
        want = expected.get(source, set())
        for missing in sorted(want - set(ids)):
            problems.append(f"sources/{source}/: no element id={missing!r}")
        for stray in sorted(set(ids) - want):
            problems.append(f"sources/{source}/: id={stray!r} belongs to no published citation")
        for twice in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(f"sources/{source}/: id={twice!r} appears more than once")
    return problems


# --- the Nu Html Checker ---------------------------------------------------------------------------

# Errors vnu reports in Material for MkDocs' own theme markup (not produced by this project):
# its CSS-only drawer and search toggles are checkboxes with autocomplete="off" (to stop Firefox
# restoring their state), which HTML allows only on text-like inputs. Each entry:
# (start of vnu's message, a token that must appear in the highlighted markup). Nothing else is
# filtered: an error anywhere else in a page fails the gate.
MATERIAL_THEME_ERRORS = (
    ("Attribute \u201cautocomplete\u201d is only allowed when the input type is", 'class="md-toggle"'),
)


def run_vnu(paths: list[Path]) -> list[dict[str, Any]]:
    """vnu's messages for the given files or directories (HTML only)."""
    if shutil.which("java") is None:
        raise FileNotFoundError("java is not installed (.ci/run installs default-jre-headless)")
    if not VNU_JAR.is_file():
        raise FileNotFoundError(f"{VNU_JAR} is missing: run `npm ci --prefix tests/quality`")
    run = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html",
                          "--exit-zero-always", "--stdout", *map(str, paths)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["messages"]


def highlighted(message: dict[str, Any]) -> str:
    extract = message.get("extract", "")
    start = message.get("hiliteStart", 0)
    return extract[start:start + message.get("hiliteLength", len(extract))]


def is_material_theme_error(message: dict[str, Any]) -> bool:
    return any(message.get("message", "").startswith(text) and token in highlighted(message)
               for text, token in MATERIAL_THEME_ERRORS)


def vnu_errors(messages: list[dict[str, Any]], site: Path) -> list[str]:
    """The errors that count: every error and fatal/IO problem except Material's own markup."""
    out = []
    for m in messages:
        if m.get("type") == "info" or is_material_theme_error(m):
            continue
        where = m.get("url", "").removeprefix("file:")
        try:
            where = Path(where).relative_to(site).as_posix()
        except ValueError:
            pass
        out.append(f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: "
                   f"{m.get('type')}: {m['message']}  [{highlighted(m).strip()[:120]}]")
    return out


# --- JSON-LD ----------------------------------------------------------------------------------------

def verdict_scale() -> dict[str, dict[str, Any]]:
    """The verdict scale as its one file defines it: id -> {label, rating}."""
    schema = json.loads((REPO / "schema" / "verdicts.schema.json").read_text(encoding="utf-8"))
    return {v["const"]: {"label": v["title"], "rating": v.get("x-rating")} for v in schema["oneOf"]}


def visible_verdict(html: str) -> tuple[str | None, str]:
    """The verdict a reader sees at the top of a claim page: (its data-verdict id, its text)."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    marked = tree.xpath("//article//*[@data-verdict]")
    if not marked:
        return None, ""
    return marked[0].get("data-verdict"), " ".join(marked[0].text_content().split())


def claim_review_problems(html: str, page_url: str, claim: dict[str, Any],
                          scale: dict[str, dict[str, Any]]) -> list[str]:
    """What is wrong with the page's ClaimReview, extracted by extruct as a crawler would."""
    import re

    import extruct

    data = extruct.extract(html, base_url=page_url, syntaxes=["json-ld"])["json-ld"]
    reviews = [d for d in data if d.get("@type") == "ClaimReview"]
    if len(reviews) != 1:
        return [f"{len(reviews)} ClaimReview items (expected exactly one) in {data!r}"]
    review = reviews[0]
    problems = []

    def want(condition: bool, what: str) -> None:
        if not condition:
            problems.append(what)

    verdict = scale[claim["verdict"]]
    shown_id, shown_text = visible_verdict(html)
    rating = review.get("reviewRating") or {}
    item = review.get("itemReviewed") or {}
    author = review.get("author") or {}
    want(review.get("@context") in ("https://schema.org", "http://schema.org", "https://schema.org/"),
         f"@context is {review.get('@context')!r}")
    want(review.get("claimReviewed") == claim["claim"], "claimReviewed is not the claim as worded")
    want(rating.get("@type") == "Rating", "reviewRating is not a Rating")
    want(rating.get("alternateName") == verdict["label"],
         f"alternateName {rating.get('alternateName')!r} is not the verdict {verdict['label']!r}")
    want(shown_id == claim["verdict"] and verdict["label"] in shown_text,
         f"the page shows verdict {shown_id!r} ({shown_text!r}), not {claim['verdict']!r}")
    want(rating.get("alternateName", "\0") in shown_text,
         f"alternateName {rating.get('alternateName')!r} is not the verdict the page shows ({shown_text!r})")
    if verdict["rating"] is None:
        want("ratingValue" not in rating, "a verdict without a rating has a ratingValue")
    else:
        want(rating.get("ratingValue") == verdict["rating"],
             f"ratingValue {rating.get('ratingValue')!r} is not {verdict['rating']}")
        best, worst = rating.get("bestRating"), rating.get("worstRating")
        want(isinstance(best, int) and isinstance(worst, int) and worst <= verdict["rating"] <= best,
             f"ratingValue outside worstRating..bestRating ({worst!r}..{best!r})")
    want(isinstance(review.get("url"), str) and urljoin(page_url, review["url"]) == page_url,
         f"url {review.get('url')!r} is not this page ({page_url})")
    want(author.get("@type") in ("Organization", "Person") and bool(str(author.get("name", "")).strip()),
         f"author {author!r} has no type or name")
    want(isinstance(review.get("datePublished"), str)
         and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T.*)?", review["datePublished"]) is not None,
         f"datePublished {review.get('datePublished')!r} is missing or not a date")
    want(item.get("@type") == "Claim", f"itemReviewed {item!r} is not a Claim")
    want((item.get("author") or {}).get("name") == claim["claimant"],
         f"itemReviewed's author {item.get('author')!r} is not the claimant {claim['claimant']!r}")
    if claim.get("claim_date"):
        want(item.get("datePublished") == claim["claim_date"],
             f"itemReviewed's datePublished {item.get('datePublished')!r} is not the claim date")
    return problems
