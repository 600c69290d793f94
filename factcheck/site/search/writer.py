"""Writing the search index into ``site/search/``, a record at a time as the build writes the
pages, then the words once every page is written.

What is written (``assets/search.js`` reads it; every file is compact JSON or text, sorted, with
no date in it, so that two builds of the same input are identical):

- ``index.json``, the manifest: the format, a version (a digest of every other file, which the
  browser adds to their addresses so that a new site is never read with an old file), how many
  records and how many a record file holds, the first word of each word file, the score levels
  and the verdict scale (label and colour of each verdict id);
- ``d/<n>.json``: records ``RECORDS_PER_FILE * n`` onwards, what a result shows of each;
- ``t/<n>.json``: words in order, each file at most about ``TERM_FILE_BYTES``; for each word
  ``[word, documents]`` and then either its whole list (``codec.scored``), when that is short,
  or its ``TOP`` best documents (``codec.ranked``) and the pages of its whole list, each
  ``[first document, page file]``; and, for a word in more than half the records, the score
  every record with it gets: its list is then of the records *without* it (``codec.gaps``);
- ``p/<n>.txt``: one page of a long list, at most ``PAGE_BYTES``, documents in increasing order.

A query of one word needs the manifest, one word file and the record files of the results shown;
of several words, the pages of each word's list that hold documents all the others have too.
Scores are BM25's: a word counts more the more often a record has it, weighted by where (a claim
above its quotes above its summary), the rarer it is across records, and the shorter the record
is against records of its kind."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import math
import shutil
from array import array
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import codec
from .records import KIND_WEIGHTS, Record
from .tokens import MIN_PREFIX, tokens

FORMAT = 1
RECORDS_PER_FILE = 8
TERM_FILE_BYTES = 16 * 1024
INLINE_BYTES = 1024  # a word's whole list goes in its word file up to this size
PAGE_BYTES = 32 * 1024
TOP = 32  # best documents kept with a word whose list is paged
K1, B = 1.2, 0.75  # BM25's saturation and length normalisation


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _utf16(term: str) -> bytes:
    """The order in which a browser compares strings (UTF-16 code units), which the browser's
    binary search over word files relies on."""
    return term.encode("utf-16-be")


class IndexWriter:
    """Takes records one at a time (``add``), writing what results show as it goes, and the
    words at the end (``close``). Holds, per record, its length and kind, and per word the
    records that have it with their weighted counts (about 8 bytes a word of a record)."""

    def __init__(self, directory: Path, verdicts: dict[str, tuple[str, str]]) -> None:
        self.directory = directory
        self.verdicts = verdicts
        if directory.exists():
            shutil.rmtree(directory)
        for part in ("d", "t", "p"):
            (directory / part).mkdir(parents=True)
        self.lengths = array("f")
        self.kinds = array("B")
        # Per word: record, weighted count, record, weighted count, ... (a record number is exact in
        # a float up to 2**24 records).
        self.postings: dict[str, array[float]] = {}
        self._shown: list[str] = []
        self._digest = hashlib.sha256()
        self._files = {"d": 0, "t": 0, "p": 0}
        self.closed = False

    # -- records --------------------------------------------------------------------------------

    def add(self, record: Record) -> None:
        counts: dict[str, float] = {}
        length = 0.0
        for text, weight in record.fields:
            found = tokens(text) if text else []
            if not found:
                continue
            length += weight * len(found)
            for term, n in Counter(found).items():
                counts[term] = counts.get(term, 0.0) + n * weight
        if not counts:
            return  # nothing in it can be searched for
        doc = len(self.lengths)
        self.lengths.append(length)
        self.kinds.append(record.kind)
        postings = self.postings
        for term, weight in counts.items():
            try:
                postings[term].extend((doc, weight))
            except KeyError:
                postings[term] = array("f", (doc, weight))
        self._shown.append(_compact(record.shown))
        if len(self._shown) == RECORDS_PER_FILE:
            self._flush_shown()

    def add_all(self, records: Iterable[Record]) -> None:
        for record in records:
            self.add(record)

    def _write(self, part: str, text: str, suffix: str = ".json") -> int:
        number = self._files[part]
        self._files[part] += 1
        data = text.encode("utf-8")
        self._digest.update(f"{part}/{number}:{len(data)}:".encode() + data)
        (self.directory / part / f"{number}{suffix}").write_bytes(data)
        return number

    def _flush_shown(self) -> None:
        if self._shown:
            self._write("d", "[" + ",".join(self._shown) + "]")
            self._shown = []

    # -- words ----------------------------------------------------------------------------------

    def close(self) -> None:
        """Write the words and the manifest; the writer holds nothing after."""
        self._flush_shown()
        total = len(self.lengths)
        sums: dict[int, list[float]] = {}
        for length, kind in zip(self.lengths, self.kinds):
            each = sums.setdefault(kind, [0.0, 0])
            each[0] += length
            each[1] += 1
        average = {kind: (s / n if s else 1.0) for kind, (s, n) in sums.items()}
        norm = array("f", (K1 * (1 - B + B * length / average[kind])
                           for length, kind in zip(self.lengths, self.kinds)))
        weight = array("f", (KIND_WEIGHTS.get(kind, 1.0) for kind in self.kinds))
        self.lengths, self.kinds = array("f"), array("B")

        firsts: list[str] = []
        entries: list[str] = []
        size = 0
        for term in sorted(self.postings, key=_utf16):
            pairs = self.postings.pop(term)
            entry = _compact(self._term(term, list(map(int, pairs[0::2])), pairs[1::2], norm, weight, total))
            cost = len(entry.encode("utf-8")) + 1  # and a comma, or the closing bracket
            if entries and size + cost > TERM_FILE_BYTES:
                self._write("t", "[" + ",".join(entries) + "]")
                entries, size = [], 1  # the opening bracket
            if not entries:
                firsts.append(term)
                size = 1
            entries.append(entry)
            size += cost
        if entries:
            self._write("t", "[" + ",".join(entries) + "]")
        manifest = {
            "format": FORMAT, "version": self._digest.hexdigest()[:16], "records": total,
            "per_file": RECORDS_PER_FILE, "terms": firsts, "min_prefix": MIN_PREFIX,
            "score": [codec.SCORE_BASE, codec.SCORE_RATIO],
            "verdicts": {key: list(value) for key, value in self.verdicts.items()},
        }
        (self.directory / "index.json").write_text(_compact(manifest), encoding="utf-8")
        self.postings = {}
        self.closed = True

    def _term(self, term: str, docs: list[int], counts: array[float], norm: array[float],
              weight: array[float], total: int) -> list[Any]:
        df = len(docs)
        scale = math.log(1 + (total - df + 0.5) / (df + 0.5)) * (K1 + 1)  # idf, BM25's
        levels = codec.levels(scale * weight[d] * c / (c + norm[d]) for d, c in zip(docs, counts))
        entry: list[Any] = [term, df]
        pieces = codec.scored_pieces(docs, levels)
        if sum(map(len, pieces)) <= INLINE_BYTES:
            entry.append("".join(pieces))
            return entry
        best = sorted(range(df), key=levels.__getitem__, reverse=True)[:TOP]  # ties: first records
        entry.append(codec.ranked((docs[i], levels[i]) for i in best))
        if 2 * df <= total:
            entry.append(self._pages(docs, pieces, levels))
            return entry
        # In most records: the list is of the records without it, every other one scored alike.
        have = set(docs)
        absent = [d for d in range(total) if d not in have]
        pieces = codec.gap_pieces(absent)
        whole = "".join(pieces)
        entry.append(whole if len(whole) <= INLINE_BYTES else self._pages(absent, pieces, None))
        entry.append(sorted(levels)[df // 2])
        return entry

    def _pages(self, listed: list[int], pieces: list[str], levels: list[int] | None) -> list[list[int]]:
        """Write a long list as pages of at most PAGE_BYTES, each starting with its first record
        in full; [first record, page file] each."""
        ends = list(itertools.accumulate(map(len, pieces)))
        pages: list[list[int]] = []
        start = 0
        while start < len(listed):
            room = (ends[start - 1] if start else 0) + PAGE_BYTES - 8  # 8: the first record in full
            end = max(start + 1, bisect.bisect_right(ends, room, start + 1))
            first = codec.number(listed[start]) + ("" if levels is None else codec.ALPHABET[levels[start]])
            number = self._write("p", first + "".join(pieces[start + 1:end]), ".txt")
            pages.append([listed[start], number])
            start = end
        return pages
