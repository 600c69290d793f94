"""Sources: the body is exactly what follows the front matter; ids are looked up, not joined."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from factcheck.sources import SourceLibrary, parse_source, split_front_matter

from .conftest import REPO

SHARED_SEEDS = REPO.parent / "shared" / "seeds"
# sha256 of each article as shipped in shared/seeds/: the bodies must stay byte-identical.
SEED_BODY_SHA256 = {
    "000_a2aed372d15f7cc4": "22ef8c620cdd0267588bd6c077fc2cfca78cdca1b3cad3a253da7a7f6bf1d1ed",
    "001_75946adb643c8dc9": "fea1ebaff6291191dcf9aa0143af0c9049c86ed38aa061ff2e83f050010ea1e0",
    "002_205a6ead56593b52": "3d50980a86da11cf99c47266ef3361c9da3db69bb5f813ec60d699549fb387d2",
    "003_25c4e09b10527278": "9b97d6969dcd6eaf3b91e4c5f00cd47649befeed2cf6a6038e3b04da68b6df5e",
    "004_d7234011e8454bc5": "1ed225c16fda947b129cee53f2c6444f7f032ac2e2293b60b05e673c06c0eabc",
}


@pytest.mark.parametrize("source_id", sorted(SEED_BODY_SHA256))
def test_seed_bodies_are_byte_identical_to_the_shared_articles(source_id: str) -> None:
    source = SourceLibrary(REPO).get(source_id)
    assert source is not None
    digest = hashlib.sha256(source.body.encode("utf-8")).hexdigest()
    assert digest == SEED_BODY_SHA256[source_id]
    shared = SHARED_SEEDS / f"{source_id}.txt"
    if shared.exists():
        assert source.body.encode("utf-8") == shared.read_bytes()


def test_seed_metadata_invents_nothing() -> None:
    meta = {s.id: dict(s.meta) for s in SourceLibrary(REPO)}
    assert meta["000_a2aed372d15f7cc4"]["outlet"] == "Newsweek"
    assert meta["004_d7234011e8454bc5"]["outlet"] == "NBC News"
    for fields in meta.values():
        assert not {"url", "published", "retrieved"} & set(fields)


def test_body_after_front_matter_keeps_a_leading_blank_line() -> None:
    source, problems = parse_source("s", "seeds/s.md", b"---\ntitle: T\n---\n\nFirst line.\n")
    assert problems == [] and source is not None
    assert source.body == "\nFirst line.\n" and source.meta == {"title": "T"} and source.body_line == 4


def test_body_keeps_crlf_and_front_matter_may_use_crlf() -> None:
    source, _ = parse_source("s", "seeds/s.txt", b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\nA\r\nB")
    assert source is not None and source.body == "A\r\nB" and source.meta == {"title": "T"}


def test_no_front_matter_means_the_whole_file_is_the_body_without_bom() -> None:
    source, _ = parse_source("s", "seeds/s.txt", b"\xef\xbb\xbf  Text with leading spaces\n")
    assert source is not None and source.body == "  Text with leading spaces\n"


def test_a_dash_line_later_in_the_body_is_not_front_matter() -> None:
    assert split_front_matter("Body\n---\nmore\n") == (None, "Body\n---\nmore\n", 1)


def test_front_matter_closing_at_end_of_file_gives_an_empty_body() -> None:
    assert split_front_matter("---\ntitle: T\n---") == ("title: T\n", "", 3)


def test_unclosed_front_matter_is_an_error() -> None:
    source, problems = parse_source("s", "seeds/s.txt", b"---\ntitle: T\nbody\n")
    assert source is None and problems[0].code == "source-front-matter"


def test_front_matter_problems_are_located_in_the_source_file() -> None:
    source, problems = parse_source(
        "s", "seeds/s.txt", b"---\ntitle: T\nauthor: Someone\npublished: Jan 5\n---\nBody")
    assert source is not None and source.body == "Body" and source.meta == {"title": "T"}
    assert [(p.file, p.line, p.column, p.code) for p in problems] == [
        ("seeds/s.txt", 3, 1, "source-front-matter"), ("seeds/s.txt", 4, 12, "source-front-matter")]


def test_library_lists_valid_ids_and_reports_bad_file_names(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good-1.txt").write_text("a")
    (seeds / "good-1.md").write_text("b")
    (seeds / "_hidden.txt").write_text("c")
    (seeds / "notes.pdf").write_text("d")
    library = SourceLibrary(tmp_path)
    assert library.ids == ["good-1"]
    assert sorted(d.code for d in library.diagnostics()) == ["bad-source-id", "duplicate-source"]
    assert library.get("../seeds/good-1") is None and library.get("good-1").body == "b"  # type: ignore[union-attr]


def test_a_broken_source_is_reported_by_a_whole_project_check_even_if_uncited(make_project) -> None:  # type: ignore[no-untyped-def]
    from factcheck.checker import Project

    root = make_project(seeds={"broken.txt": b"---\ntitle: [unclosed\n---\nBody"})
    (root / "schema" / "sources.schema.json").unlink()
    result = Project(root).check()
    assert [(d.file, d.code) for d in result.diagnostics if d.is_error] == [("seeds/broken.txt", "yaml-syntax")]


def test_metadata_reads_as_python_frontmatter_reads_it_but_the_body_is_exact() -> None:
    import frontmatter

    for source in SourceLibrary(REPO):
        post = frontmatter.loads((REPO / source.file).read_text(encoding="utf-8"))
        assert dict(source.meta) == post.metadata
        assert post.content == source.body.strip()  # python-frontmatter strips: never offsets from it
