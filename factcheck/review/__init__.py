"""``python build.py diff``: what a change does to the fact-check, claim by claim.

The steps, each in its own module: ``git`` reads a revision's files from git into memory (no
checkout); ``snapshot`` opens the working tree and the base as projects; ``compare`` pairs their
claims and sources and says what changed; ``markdown`` and ``as_json`` write the report.
"""

from __future__ import annotations

from .as_json import to_json
from .compare import (
                      CitationChange,
                      CitationEffect,
                      ClaimChange,
                      FieldChange,
                      Review,
                      SourceChange,
                      review,
)
from .git import default_base, read_tree, resolve_revision
from .markdown import format_markdown, md_text
from .snapshot import ClaimState, Snapshot, base_project, export_tree

__all__ = ["CitationChange", "CitationEffect", "ClaimChange", "ClaimState", "FieldChange", "Review",
           "Snapshot", "SourceChange", "base_project", "default_base", "export_tree", "format_markdown",
           "md_text", "read_tree", "resolve_revision", "review", "to_json"]
