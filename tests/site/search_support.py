"""The site's search index read back from its files, as the browser reads it (search.js), so
that tests can ask which records a word finds and what each result shows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from factcheck.site.search import codec
from factcheck.site.search.tokens import tokens


@dataclass
class ReadIndex:
    site: Path

    @property
    def root(self) -> Path:
        return self.site / "search"

    @cached_property
    def manifest(self) -> dict[str, Any]:
        return json.loads((self.root / "index.json").read_text(encoding="utf-8"))

    @cached_property
    def records(self) -> list[dict[str, Any]]:
        """Every record, by number: what a result shows."""
        found: list[dict[str, Any]] = []
        per = self.manifest["per_file"]
        for n in range(-(-self.manifest["records"] // per)):
            found += json.loads((self.root / "d" / f"{n}.json").read_text(encoding="utf-8"))
        assert len(found) == self.manifest["records"]
        return found

    @cached_property
    def entries(self) -> dict[str, list[Any]]:
        """Every word's entry in its word file, by word; each word file holds words from its
        manifest's first word on."""
        found: dict[str, list[Any]] = {}
        firsts = self.manifest["terms"]
        for n, first in enumerate(firsts):
            entries = json.loads((self.root / "t" / f"{n}.json").read_text(encoding="utf-8"))
            assert entries[0][0] == first
            for entry in entries:
                found[entry[0]] = entry
        return found

    def page(self, number: int) -> str:
        return (self.root / "p" / f"{number}.txt").read_text(encoding="utf-8")

    def scores(self, word: str) -> dict[int, int]:
        """The records a word is in, with its score level in each (for a word in most records,
        the level every record with it gets)."""
        entry = self.entries.get(word)
        if entry is None:
            return {}
        if len(entry) == 3:
            return dict(codec.read_scored(entry[2]))
        if len(entry) == 4:
            return dict(pair for number in (p[1] for p in entry[3]) for pair in codec.read_scored(self.page(number)))
        listed = entry[3]
        without = set(codec.read_gaps(listed) if isinstance(listed, str)
                      else [d for p in listed for d in codec.read_gaps(self.page(p[1]))])
        return {d: entry[4] for d in range(self.manifest["records"]) if d not in without}

    def best(self, word: str) -> list[tuple[int, int]]:
        """A long list's best records, kept with the word, best first."""
        entry = self.entries[word]
        return codec.read_ranked(entry[2]) if len(entry) > 3 else []

    def find(self, query: str) -> list[dict[str, Any]]:
        """The records holding every word of ``query`` (whole words), best first."""
        words = list(dict.fromkeys(tokens(query)))
        if not words:
            return []
        levels = [self.scores(w) for w in words]
        base, ratio = self.manifest["score"]
        common = set(levels[0]).intersection(*levels[1:])
        ranked = sorted(common, key=lambda d: (-sum(base * ratio ** each[d] for each in levels), d))
        return [self.records[d] for d in ranked]

    def urls(self, query: str) -> set[str]:
        return {r["u"] for r in self.find(query)}
