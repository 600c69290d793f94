"""Golden tests of the messages a fact-checker reads: tests/golden/messages/NAME.yaml checked gives
exactly NAME.expected (the whole text report). `UPDATE_GOLDEN=1` rewrites the .expected files;
read the diff as an analyst would before committing it."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from factcheck.checker import Project
from factcheck.policy import RULES
from factcheck.cli import main
from factcheck.yaml_loading import load_yaml

from .conftest import REPO

MESSAGES = REPO / "tests" / "golden" / "messages"
# The data-driven cases of tests/cases/invalid whose whole wording is golden here too.
FROM_CASES = ["anchors-and-aliases", "closest-passage", "dashes", "duplicate-key", "empty",
              "empty-values", "explicit-tags", "missing-keys", "not-a-mapping", "offsets-elsewhere",
              "offsets-out-of-range", "prefix-suffix-mismatch", "unknown-source", "white-space",
              "wrong-source", "wrong-types", "yaml-syntax-tab", "two-documents", "not-utf8"]
CASES = sorted(MESSAGES.glob("*.yaml")) + [REPO / "tests" / "cases" / "invalid" / f"{name}.yaml"
                                          for name in FROM_CASES]
JARGON = re.compile(r"\b(null|None|scalar|PyYAML|code points?|mapping|boolean|string|regex|"
                    r"jsonschema|while (scanning|parsing)|is not of type|is a required property|"
                    r"Additional properties|token|node|stream|indicator)\b")


@pytest.fixture
def message_project(tmp_path: Path) -> Path:
    """The repository's schema and seeds with every house rule off (their messages are golden in
    test_policy.py); a case file is copied to the same path, so the report names it the same."""
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    (tmp_path / "schema" / "policy.yaml").write_text("".join(f"{rule}: off\n" for rule in RULES),
                                                     encoding="utf-8")
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    (tmp_path / "claims").mkdir()
    return tmp_path


def _placed(root: Path, path: Path) -> str:
    relative = path.relative_to(REPO)
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, root / relative)
    return relative.as_posix()


def report(capsys: pytest.CaptureFixture[str], root: Path, *paths: str) -> str:
    capsys.readouterr()
    old = Path.cwd()
    os.chdir(root)
    try:
        main(["check", "--format", "text", *paths], root=root)
    finally:
        os.chdir(old)
    return capsys.readouterr().out


def compare(got: str, expected: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_message_reads_as_written_in_its_golden_file(capsys: pytest.CaptureFixture[str], path: Path,
                                                     message_project: Path) -> None:
    got = report(capsys, message_project, _placed(message_project, path))
    compare(got, MESSAGES / f"{path.stem}.expected")
    for line in got.splitlines()[:-1]:
        words = line.split("] ", 1)[-1] if "error[" in line or "warning[" in line else line
        pasted = re.sub(r"^\s*(-\s+)?[a-z_]+: .*$", "", words)  # lines to paste hold the analyst's text
        assert not JARGON.search(pasted), line


def test_the_empty_template_from_new_says_what_each_key_needs(
        message_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tmp_path = message_project
    assert main(["new", "council-meets-in-march"], root=tmp_path) == 0
    got = report(capsys, tmp_path, "claims/council-meets-in-march.yaml")
    compare(got, MESSAGES / "template-from-new.expected")
    assert "null" not in got and "remove the key" not in got and "not empty" not in got
    # one message per key, each saying what the key is for (the schema's description)
    schema = Project(tmp_path).validator.schema
    for key in (k for k in schema["required"] if k != "evidence"):  # the template has a citation
        description = schema["properties"][key]["description"].split(".")[0].split(" (")[0]
        [line] = [line for line in got.splitlines() if f"error[empty-value] '{key}' is empty" in line]
        assert description[1:].lower() in got.lower(), (key, description)


# Each quoting mistake, and the text the analyst meant: pasting the corrected line (or block)
# that the message proposes makes the file readable, with exactly that text.
MEANT = {  # name: (key, the text meant, how many fixes the message offers)
    "apostrophe-in-single-quotes": ("claimant", "Rybar's channel", 2),
    "quote-marks-in-double-quotes": ("quote", 'Rybar said "Sunday" that', 2),
    "value-starts-with-a-quote-mark": ("claim", '"high precision" strike hit a command post, the General Staff said', 2),
    "both-quote-marks": ("summary", "Rybar's post said \"Sunday\" and nothing more.", 2),
    "multi-line-quoted-summary": ("summary", "The channel's post is the only source, and no article confirms it.", 1),
    "colon-in-value": ("claim", "Blinken said: Kursk matters", 1),
}


def _value(data: object, key: str) -> object:
    if isinstance(data, dict):
        if key in data:
            return data[key]
        for value in data.values():
            found = _value(value, key)
            if found is not None:
                return found
    if isinstance(data, list):
        for item in data:
            found = _value(item, key)
            if found is not None:
                return found
    return None


@pytest.mark.parametrize("name,option", [(name, n) for name in sorted(MEANT) for n in range(MEANT[name][2])])
def test_each_proposed_fix_pasted_in_gives_the_text_meant(repo_project: Project, name: str, option: int) -> None:
    key, meant, offered = MEANT[name]
    path = MESSAGES / f"{name}.yaml"
    [diagnostic] = [d for d in repo_project.check([path]).diagnostics if d.code == "yaml-syntax"]
    suggestion = diagnostic.suggestion or ""
    # the options: "...:\n<line>" then "or write it as a block ...:\n<key: >->\n<text lines>"
    fixes = re.split(r"\n(?=or )", suggestion)
    assert len(fixes) == offered
    pasted = fixes[option].split(":\n", 1)[1].split("\n")
    lines = path.read_text(encoding="utf-8").split("\n")
    first = diagnostic.line - 1
    while not re.match(rf"\s*(- )?{key}:", lines[first]):
        first -= 1  # the value's own line, above a continuation line
    last = first + 1
    while last < len(lines) and lines[last].startswith("  ") and not re.match(r"\s*(- )?[a-z_]+:", lines[last]):
        last += 1
    fixed = "\n".join(lines[:first] + pasted + lines[last:])
    document, problems = load_yaml("fixed.yaml", fixed.encode("utf-8"))
    assert problems == [] and document is not None, (fixed, problems)
    assert _value(document.data, key) == meant
