"""`python build.py locate SOURCE TEXT`: blocks the checker accepts, and honest candidates."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.anchoring import Anchor, anchor, occurrences
from factcheck.checker import Project
from factcheck.cli import main
from factcheck.locate import format_location, locate, yaml_string
from factcheck.sources import Source
from factcheck.yaml_loading import load_yaml

from .conftest import ALPHA, REPO, Repo, make_repo

HEADER = """\
claim: A claim built from located passages.
claimant: Test
verdict: supported
summary: Built by pasting the blocks that locate printed.
evidence:
"""


def blocks(output: str) -> list[str]:
    """The citation blocks in locate's output (comment lines and blank lines separate them)."""
    found, current = [], []
    for line in output.splitlines():
        if line.startswith("  "):
            current.append(line)
        elif current:
            found.append("\n".join(current) + "\n")
            current = []
    if current:
        found.append("\n".join(current) + "\n")
    return found


def paste(repo: Repo, name: str, block: str) -> Path:
    return repo.write(f"claims/{name}.yaml", HEADER + block)


def test_a_unique_passage_gives_one_block_that_passes_the_check(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    quote = "cuts libraries by 12 percent \u2014 the deepest"
    status, out, _ = repo.run(capsys, "locate", "alpha", quote)
    assert status == 0
    assert out.startswith("# Found once in alpha (seeds/alpha.txt), line 2.")
    [block] = blocks(out)
    at = ALPHA.index("cuts libraries")
    assert block == ("  - source: alpha\n"
                     "    quote: \"cuts libraries by 12 percent \u2014 the deepest\"\n"
                     f"    start: {at}\n    end: {at + len(quote)}\n"
                     "    stance: context  # supports | refutes | context: what this passage does for the claim\n")
    paste(repo, "located", block)
    assert repo.run(capsys, "check")[0] == 0


def test_a_repeated_passage_gives_a_block_per_occurrence_each_with_a_prefix(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = repo.run(capsys, "locate", "beta", "40 arrests", "--stance", "supports")
    assert status == 0 and "Found 2 times in beta" in out
    found = blocks(out)
    assert len(found) == 2
    assert 'prefix: "reported "' in found[0] and 'prefix: "said "' in found[1]
    for i, block in enumerate(found):
        assert "stance: supports\n" in block
        paste(repo, f"occurrence-{i}", block)
    assert repo.run(capsys, "check")[0] == 0
    # the prefix alone (without offsets) also picks the occurrence: fix relies on that
    project = Project(repo.root)
    body = project.library.get("beta").body  # type: ignore[union-attr]
    for block in found:
        prefix = re.search(r'prefix: "(.*)"', block).group(1)  # type: ignore[union-attr]
        start = int(re.search(r"start: (\d+)", block).group(1))  # type: ignore[union-attr]
        assert anchor(body, "40 arrests", prefix=prefix) == Anchor(start, start + 10)


def test_the_first_occurrence_of_a_body_is_picked_by_a_suffix(tmp_path: Path) -> None:
    source = Source("s", "seeds/s.txt", "same words here, and later same words there")
    location = locate(source, "same words")
    first, second = location.passages
    assert first.prefix is None and first.suffix == " here,"
    assert second.prefix is not None
    assert anchor(source.body, "same words", suffix=first.suffix) == Anchor(0, 10)


def test_typographic_differences_show_the_exact_text_and_exit_1(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    typed = 'The mayor called the vote "historic".\nCritics said the budget cuts libraries by 12 percent - the'
    status, out, _ = repo.run(capsys, "locate", "alpha", typed)
    assert status == 1
    assert "Not found exactly in alpha" in out
    assert "differs in typographic quotes and dashes:" in out
    [block] = blocks(out)
    assert "\u201chistoric\u201d" in block and "\u2014" in block  # the source's characters, not the typed ones
    paste(repo, "folded", block)
    assert repo.run(capsys, "check")[0] == 0


def test_white_space_differences_are_folded_too(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = repo.run(capsys, "locate", "alpha", "the   deepest cut in a decade.  The council will")
    assert status == 1 and "differs in white space" in out
    [block] = blocks(out)
    assert 'quote: "the deepest cut in a decade.\\nThe council will"' in block


def test_no_match_lists_the_closest_passages_and_exits_1(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = repo.run(capsys, "locate", "alpha", "the council will meet again in April")
    assert status == 1
    assert "The closest passages are below, best first. They are NOT your text" in out
    assert re.search(r"# candidate 1, line 3, \d+% alike:", out)
    assert 'quote: "The council will meet again in' in blocks(out)[0]
    status, out, _ = repo.run(capsys, "locate", "alpha", "zebra quantum xylophone")
    assert status == 1 and "no passage resembles the text" in out and blocks(out) == []


def test_text_from_stdin_and_source_as_a_path(repo: Repo, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("The council will meet again in March."))
    status, out, _ = repo.run(capsys, "locate", "seeds/alpha.txt", "-")
    assert status == 0 and "Found once in alpha" in out


@pytest.mark.parametrize("args,message", [
    (("alpah", "text"), "did you mean 'alpha'?"),
    (("--source", "alpah", "text"), "did you mean 'alpha'?"),
    (("alpha", "   "), "TEXT is empty"),
])
def test_bad_usage_exits_2(repo: Repo, capsys: pytest.CaptureFixture[str], args: tuple[str, str],
                           message: str) -> None:
    status, _, err = repo.run(capsys, "locate", *args)
    assert status == 2 and message in err


def test_without_a_source_every_source_is_searched_and_each_hit_named(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("seeds/gamma.txt", "Officials said 40 arrests were reported.\n")
    status, out, _ = repo.run(capsys, "locate", "40 arrests", "--stance", "supports")
    assert status == 0
    assert out.startswith("# Found in 2 of the 3 sources.\n")
    assert "# Found 2 times in beta (seeds/beta.md), Overnight arrests (Example Gazette)." in out
    assert "# Found once in gamma (seeds/gamma.txt), line 1." in out
    found = blocks(out)
    assert [b.split("\n")[0] for b in found] == ["  - source: beta"] * 2 + ["  - source: gamma"]
    for i, block in enumerate(found):
        paste(repo, f"everywhere-{i}", block)
    main(["schema"], root=repo.root)
    assert repo.run(capsys, "check")[0] == 0


def test_without_a_source_typography_is_folded_across_sources(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = repo.run(capsys, "locate", 'the vote "historic"')
    assert status == 1
    assert out.startswith("# Not found exactly in any of the 2 sources; 1 has a passage that "
                          "differs only in typography.")
    [block] = blocks(out)
    assert block.startswith("  - source: alpha\n") and "\u201chistoric\u201d" in block
    paste(repo, "folded-everywhere", block)
    assert repo.run(capsys, "check")[0] == 0


def test_without_a_source_near_misses_are_ranked_across_sources(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = repo.run(capsys, "locate", "Residents said the streets were quiet by morning")
    assert status == 1
    assert "The closest passages of all the sources are below, best first" in out
    first = out.split("# candidate 1, in ", 1)[1]
    assert first.startswith("beta (seeds/beta.md), Overnight arrests (Example Gazette), line 6, ")
    assert blocks(out)[0].startswith("  - source: beta\n    quote: \"Residents said the streets were")


def test_a_unique_start_of_an_id_names_the_source(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = repo.run(capsys, "locate", "al", "The council will meet again in March.")
    assert status == 0 and "Found once in alpha (seeds/alpha.txt)" in out
    status, out, _ = repo.run(capsys, "locate", "--source", "be", "40 arrests")
    assert status == 0 and "Found 2 times in beta" in out


def test_an_ambiguous_start_of_an_id_lists_the_candidates(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("seeds/alpine.txt", "Snow fell on the pass.\n")
    status, out, err = repo.run(capsys, "locate", "alp", "Snow")
    assert status == 2 and out == ""
    assert err == "build.py: error: 'alp' is the start of 2 source ids: alpha, alpine; give more of the id\n"


def test_two_words_unquoted_say_how_to_search_every_source(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = repo.run(capsys, "locate", "council", "budget")
    assert status == 2
    assert 'to search every source for "council budget", put the words in quotes' in err
    status, _, err = repo.run(capsys, "locate", "--source", "alpha", "council", "budget")
    assert status == 2 and "at most one SOURCE" in err


# --- properties: any passage of any body gives a block that loads back exactly -------------------

@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_yaml_string_loads_back_to_the_same_text(text: str) -> None:
    document, problems = load_yaml("t.yaml", f"quote: {yaml_string(text)}\n".encode("utf-8", "surrogatepass"))
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # lone surrogates cannot be stored in a UTF-8 file at all
    assert problems == [] and document is not None and document.data == {"quote": text}


AWKWARD = st.sampled_from(list("ab \n\t\r\"'\\#:-\u2028\u2029\x85\ufeff\x7f\x00\u201c\u2014\U0001f600"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(alphabet=AWKWARD, min_size=1, max_size=40), data=st.data())
def test_property_every_exact_block_passes_the_checker(
        tmp_path_factory: pytest.TempPathFactory, body: str, data: st.DataObject) -> None:
    if body.startswith("\ufeff") or body.startswith("---"):
        body = "x" + body  # a leading BOM or '---' line is not part of a body
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, len(body)))
    text = body[start:end]
    repo = make_repo(tmp_path_factory.mktemp("locate"), {}, commit=False)
    repo.write("seeds/alpha.txt", body.encode("utf-8"))
    project = Project(repo.root)
    location = locate(project.library.get("alpha"), text)  # type: ignore[arg-type]
    assert location.exact and location.total == len(occurrences(body, text))
    for i, block in enumerate(blocks(format_location(location, "supports"))):
        paste(repo, f"c-{i}", block)
    result = project.check()
    assert result.ok, [d.message for d in result.diagnostics]
    assert result.claims == min(len(location.passages), 10)


def test_every_sentence_of_the_real_sources_round_trips(tmp_path: Path) -> None:
    """Each line of every bundled article, located and pasted, passes the checker."""
    repo = make_repo(tmp_path / "real", {}, commit=False)
    for seed in (REPO / "seeds").iterdir():
        repo.write(f"seeds/{seed.name}", seed.read_bytes())
    main(["schema"], root=repo.root)
    project = Project(repo.root)
    n = 0
    for source in project.library:
        for line in source.body.splitlines():
            if len(line.strip()) < 20:
                continue
            location = locate(source, line)
            assert location.exact
            for block in blocks(format_location(location, "context")):
                paste(repo, f"real-{n}", block)
                n += 1
    result = Project(repo.root).check()
    assert result.ok and result.claims == n > 20, [d.message for d in result.diagnostics][:5]
