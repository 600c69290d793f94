"""The search index's files: the compact lists read back exactly, every file bounded in size
however many records share a word (the first thing a query of that word fetches stays small),
the best records of a long list kept with the word, and the same records always written as the
same bytes."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest
from search_support import ReadIndex

from factcheck.site.search import codec
from factcheck.site.search.records import PASSAGE, Record
from factcheck.site.search.writer import PAGE_BYTES, RECORDS_PER_FILE, TERM_FILE_BYTES, TOP, IndexWriter

VERDICTS = {"supported": ("Supported", "#17663a")}


@pytest.mark.parametrize("largest", [31, 1_000, 40_000, 3_000_000])
def test_lists_read_back_exactly(largest: int) -> None:
    chooser = random.Random(largest)
    docs = sorted(chooser.sample(range(largest + 1), min(largest + 1, 500)) + [largest])
    docs = sorted(set(docs))
    levels = [chooser.randrange(codec.LEVELS) for _ in docs]
    assert codec.read_scored(codec.scored(docs, levels)) == list(zip(docs, levels))
    assert codec.read_gaps(codec.gaps(docs)) == docs
    pairs = list(zip(reversed(docs), levels))
    assert codec.read_ranked(codec.ranked(pairs)) == pairs
    assert set(codec.scored(docs, levels)) <= set(codec.ALPHABET)  # a JSON string without escapes


def test_score_levels_keep_order_and_stay_in_range() -> None:
    scores = [10 ** (e / 10) for e in range(-40, 30)]
    levels = codec.levels(scores)
    assert levels == [codec.level(s) for s in scores]
    assert levels == sorted(levels) and levels[0] == 0 and levels[-1] == codec.LEVELS - 1
    middle = codec.SCORE_BASE * codec.SCORE_RATIO ** 30
    assert codec.level(middle) == 30


def _passage(n: int, words: str) -> Record:
    return Record(PASSAGE, ((words, 1.0),), {"k": "source", "t": f"Article {n // 20}", "u": f"sources/a{n // 20}/#line-{n % 20}",
                                             "x": [words]})


def _corpus(total: int) -> tuple[list[Record], dict[str, set[int]]]:
    """Records sharing words at every frequency: 'common' in all, 'most' in 60 %, 'many' in a
    third, 'rank' in a fifth (twice in a tenth of those), 'rare' in three, one word each."""
    expected: dict[str, set[int]] = {w: set() for w in ("common", "most", "many", "rank", "rare")}
    records = []
    for n in range(total):
        words = ["common", f"own{n}"]
        if n % 10 < 6:
            words.append("most")
        if n % 3 == 0:
            words.append("many")
        if n % 5 == 0:
            words += ["rank", "rank"] if n % 50 == 0 else ["rank", "filler"]
        if n in (5, total // 2, total - 1):
            words.append("rare")
        for word in expected:
            if word in words:
                expected[word].add(n)
        records.append(_passage(n, " ".join(words)))
    return records, expected


def write(directory: Path, records: list[Record]) -> ReadIndex:
    writer = IndexWriter(directory / "search", VERDICTS)
    writer.add_all(records)
    writer.close()
    return ReadIndex(directory)


def test_a_word_in_thousands_of_records_keeps_every_file_small(tmp_path: Path) -> None:
    records, expected = _corpus(60_000)
    index = write(tmp_path, records)
    for path in (index.root / "t").iterdir():
        assert path.stat().st_size <= TERM_FILE_BYTES, path
    for path in (index.root / "p").iterdir():
        assert path.stat().st_size <= PAGE_BYTES, path
    for path in (index.root / "d").iterdir():
        assert len(json.loads(path.read_text(encoding="utf-8"))) <= RECORDS_PER_FILE
    assert (index.root / "index.json").stat().st_size < 4096
    # Every record with each word, and only those, whatever form its list takes.
    for word, docs in expected.items():
        assert set(index.scores(word)) == docs, word
    entries = index.entries
    assert len(entries["rare"]) == 3  # a short list: in the word's own file
    assert isinstance(entries["many"][3], list) and len(entries["many"][3]) > 1  # paged
    assert len(entries["most"]) == 5 and len(entries["common"]) == 5  # listed by the records without them
    # What a query of one common word fetches first, its word file, is small; its best records
    # are there, and they are the best: those with the word twice.
    for word in ("many", "rank", "most"):
        assert len(index.best(word)) == TOP
    assert all(doc % 50 == 0 for doc, _ in index.best("rank"))
    # A query of two words finds exactly the records with both, best first.
    found = index.find("rank most")
    assert {r["u"] for r in found} == {records[n].shown["u"] for n in expected["rank"] & expected["most"]}
    assert found[0]["x"][0].count("rank") == 2


def test_the_same_records_are_written_as_the_same_bytes(tmp_path: Path) -> None:
    records, _ = _corpus(3_000)

    def digest(directory: Path) -> dict[str, str]:
        write(directory, records)
        return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(directory.rglob("*")) if p.is_file()}

    first, second = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert first == second and len(first) > 100
    manifest = json.loads((tmp_path / "a" / "search" / "index.json").read_text(encoding="utf-8"))
    changed = records[:-1] + [_passage(2_999, "common changed")]
    write(tmp_path / "d", changed)
    other = json.loads((tmp_path / "d" / "search" / "index.json").read_text(encoding="utf-8"))
    assert other["version"] != manifest["version"]  # a browser never mixes files of two builds


def test_an_index_of_nothing_is_still_an_index(tmp_path: Path) -> None:
    index = write(tmp_path, [_passage(0, "— … !")])
    assert index.manifest["records"] == 0 and index.manifest["terms"] == [] and index.find("anything") == []


@pytest.mark.parametrize("text", ["x" * 2_000, "ab " + "y" * 1_000 + " cd", "one two three " * 200, "z" * 960])
def test_a_paragraph_is_cut_into_bounded_pieces_that_keep_every_character(text: str) -> None:
    from factcheck.site.search.records import chunks

    pieces = chunks(text, 480)
    assert all(0 < len(p) <= 480 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing added
    assert " ".join(pieces).split() == text.split() or any(len(w) > 480 for w in text.split())
