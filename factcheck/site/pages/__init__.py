"""The generated pages: a claim, a source, the listings (home, archive, verdicts, tags, evidence
map, sources), the corrections, and the transparency links every page carries."""
