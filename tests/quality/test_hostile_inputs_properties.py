"""Properties of the checker on hostile input: what a careless or adversarial pull request can put
in a claim or in the repository's folders. Whatever the shape, the check answers with located
diagnostics, never a traceback or a hang, never reads outside the repository, and never prints
an absolute path of the machine.

Shapes: lists and mappings nested past the limit (flow and block), numbers of thousands of
digits, long unmatched quotes, long lists, and, in the folders, symbolic links (out of the
repository, inside it, dangling, looping), named pipes, devices, folders named like files and
files over the size bound. Sizes are bounded so that the suite stays fast; the costs of the
large shapes are measured by bench/shapes.py, not timed here.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.checker import Project
from factcheck.files import CLAIM_LIMIT, SOURCE_LIMIT
from factcheck.yaml_loading import MAX_DEPTH, MAX_NUMBER_DIGITS

from quality_support import make_project
from test_checker_properties import assert_located, run_checker

SECRET = "SECRET-4f1c-do-not-publish"
VALID = """claim: A claim.
claimant: Someone
verdict: supported
summary: It is so.
evidence:
  - source: {source}
    quote: {quote}
    stance: supports
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("hostile") / "project"
    root.mkdir()
    return root, make_project(root)


def a_quote(bodies: dict[str, str]) -> tuple[str, str]:
    source = sorted(bodies)[0]
    body = bodies[source]
    at = body.index(" ", 200) + 1
    return source, body[at:body.index(" ", at + 40)]


# --- shapes inside a claim -----------------------------------------------------------------------

def nested(depth: int, flow: bool, mapping: bool, indent: int) -> str:
    """A value nested ``depth`` levels deep, written after 'key:' at ``indent`` spaces."""
    if flow:
        return ("{a: " * depth + "x" + "}" * depth) if mapping else ("[" * depth + "x" + "]" * depth)
    if not mapping:
        return "\n" + " " * (indent + 2) + "- " * depth + "x"
    return "".join(f"\n{' ' * (indent + 2 * level)}a:" for level in range(1, depth + 1)) + " x"


@st.composite
def hostile_value(draw: st.DrawFn, indent: int, base: int) -> tuple[str, str | None]:
    """(YAML text of a value, the code it must be reported with, if one is certain)."""
    kind = draw(st.sampled_from(["deep", "number", "long-list", "long-text"]))
    if kind == "deep":
        depth = draw(st.integers(MAX_DEPTH - 2, MAX_DEPTH + 40))
        flow, mapping = draw(st.booleans()), draw(st.booleans())
        # The value's outermost list or mapping is at depth ``base`` (1 for a key of the claim,
        # 3 for a key of a citation): too deep when its innermost one reaches MAX_DEPTH.
        return nested(depth, flow, mapping, indent), "yaml-too-deep" if base + depth - 1 >= MAX_DEPTH else None
    if kind == "number":
        digits = draw(st.integers(MAX_NUMBER_DIGITS - 5, 6000))
        sign = draw(st.sampled_from(["", "-", "+"]))
        return sign + "1" * digits, "yaml-number-too-long" if digits > MAX_NUMBER_DIGITS else None
    if kind == "long-list":
        n = draw(st.integers(100, 3000))
        item = draw(st.sampled_from(["r{i}", "{{name: r{i}}}", "same", "[r{i}]"]))
        return "[" + ", ".join(item.format(i=i) for i in range(n)) + "]", None
    n = draw(st.integers(1000, 40_000))
    return json.dumps(draw(st.sampled_from(["ab ", "x", "quote \u201c", "[x](", "- "])) * (n // 3)), None


PLACES = ["claim", "summary", "reviewers", "tags", "related", "analyst", "quote", "note", "start",
          "extra"]


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_hostile_values_are_reported_in_place_never_crash(
        project: tuple[Path, dict[str, str]], data: st.DataObject) -> None:
    root, bodies = project
    source, quote = a_quote(bodies)
    lines = VALID.format(source=source, quote=json.dumps(quote)).splitlines()
    place = data.draw(st.sampled_from(PLACES), label="place")
    in_citation = place in ("quote", "note", "start")
    value, code = data.draw(hostile_value(4 if in_citation else 0, 3 if in_citation else 1), label="value")
    if place == "quote":
        lines[6] = f"    quote: {value}"
    elif in_citation:
        lines.append(f"    {place}: {value}")
    else:
        lines = [line for line in lines if not line.startswith(f"{place}:")] + [f"{place}: {value}"]
    raw = ("\n".join(lines) + "\n").encode("utf-8")

    result, report = run_checker(root, raw)

    assert_located(result.diagnostics, raw)
    if code is not None:
        assert code in {d.code for d in result.diagnostics}, result.diagnostics[:5]
    depth_error = any(d.code == "yaml-too-deep" for d in result.diagnostics)
    if not depth_error and place in ("claim", "summary") and value.startswith(("{", "[")):
        assert not result.ok  # a mapping or list where text belongs


# --- shapes in the folders -------------------------------------------------------------------------

KINDS = ["link-out", "link-in", "link-dangling", "link-loop", "fifo", "folder", "too-large", "device"]


def make_entry(kind: str, path: Path, root: Path, outside: Path, limit: int) -> bool:
    """Put a hostile entry at ``path``; False when this machine cannot make it (a device without
    the right to make one)."""
    if kind == "link-out":
        path.symlink_to(outside)
    elif kind == "link-in":
        path.symlink_to(root / "schema" / "claim.schema.json")
    elif kind == "link-dangling":
        path.symlink_to(root / "no-such-file")
    elif kind == "link-loop":
        path.symlink_to(path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "too-large":
        with open(path, "wb") as handle:
            handle.truncate(limit + 1)  # sparse: no disk used
    elif kind == "device":
        try:
            os.mknod(path, 0o600 | 0o020000, os.makedev(1, 5))  # a character device like /dev/zero
        except (PermissionError, AttributeError):
            return False
    return True


@settings(max_examples=30, deadline=None)
@given(kind=st.sampled_from(KINDS), where=st.sampled_from(["claims", "seeds"]),
       name=st.sampled_from(["entry", "Entry-2", "a"]))
def test_special_entries_are_refused_with_a_located_error(
        tmp_path_factory: pytest.TempPathFactory, kind: str, where: str, name: str) -> None:
    base = tmp_path_factory.mktemp("entries")
    root = base / "project"
    root.mkdir()
    make_project(root)
    outside = base / "secret.txt"
    outside.write_text(f"claim: {SECRET}\n{SECRET}\n", encoding="utf-8")
    suffix = ".yaml" if where == "claims" else ".txt"
    path = root / where / f"{name}{suffix}"
    limit = CLAIM_LIMIT if where == "claims" else SOURCE_LIMIT
    if not make_entry(kind, path, root, outside, limit):
        return

    result, report = run_checker_keeping(root)

    file = f"{where}/{name}{suffix}"
    found = [d for d in result.diagnostics if d.file == file]
    assert found, result.diagnostics
    assert any(d.code in ("unreadable", "bad-claim-id", "bad-source-id") and (d.line, d.column) == (1, 1)
               for d in found), found
    assert not result.ok
    shown = json.dumps(report)
    assert SECRET not in shown, "a file outside the repository was read"
    assert str(base) not in shown, "an absolute path of the machine was printed"


def run_checker_keeping(root: Path) -> tuple[Any, dict[str, Any]]:
    """The check through the API and the CLI, with claims/ as it is (run_checker rewrites it)."""
    import contextlib
    import io

    from factcheck.cli import main

    result = Project(root).check()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["check", "--format", "json"], root=root)
    report = json.loads(out.getvalue())
    assert status == (1 if result.errors else 0)
    assert report["summary"]["errors"] == result.errors
    return result, report


def test_a_claim_whose_source_became_a_list_is_reported(project: tuple[Path, dict[str, str]]) -> None:
    """The shape the mutation properties crashed on (the test's own model, once): the checker
    itself reports it at the value."""
    root, _ = project
    raw = (b"claim: x\nclaimant: y\nverdict: supported\nsummary: s\nevidence:\n"
           b"  - source: [a, b]\n    quote: q\n    stance: supports\n"
           b"  - source: {a: b}\n    quote: q\n    stance: supports\n")
    result, _ = run_checker(root, raw)
    assert [(d.line, d.code) for d in result.diagnostics if d.code == "wrong-type"] == [(6, "wrong-type"), (9, "wrong-type")]
    assert_located(result.diagnostics, raw)


def test_folders_that_are_links_are_configuration_errors(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    make_project(root)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(root / "seeds"), elsewhere)
    (root / "seeds").symlink_to(elsewhere)
    from factcheck.diagnostics import ConfigurationError

    with pytest.raises(ConfigurationError, match=r"seeds/: it is a symbolic link"):
        Project(root)
    (root / "seeds").unlink()
    shutil.move(str(elsewhere), root / "seeds")
    shutil.move(str(root / "claims"), elsewhere)
    (root / "claims").symlink_to(elsewhere)
    with pytest.raises(ConfigurationError, match=r"claims/: it is a symbolic link"):
        Project(root)
