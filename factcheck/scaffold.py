"""``python build.py new CLAIM-ID``: a new claim file from a commented template.

The template leaves every required value empty rather than filling in a placeholder: an empty
value is an error the checker names ("'claimant' must be text, not empty"), whereas placeholder
text such as "TODO" would be a valid claimant and could be published by mistake. New claims
start as drafts for the same reason.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .checker import CLAIM_ID, Project
from .diagnostics import ConfigurationError
from .files import WriteFailed, write_atomically
from .model import CLAIM_SUFFIX, CLAIMS_DIR

MODELINE = "# yaml-language-server: $schema=../schema/claim.schema.json"


def _comment_block(lines: list[str]) -> str:
    return "\n".join(f"#   {line}" for line in lines)


def claim_template(project: Project, claim_id: str) -> str:
    """The text of a new claim file: documented keys, required values empty, status draft."""
    width = max(len(v.id) for v in project.scale.verdicts)
    verdicts = _comment_block([f"{v.id.ljust(width)}  {v.label}: {v.description}"
                               for v in project.scale.verdicts])
    sources = _comment_block(
        [f"{s.id}  {s.display_title}" for s in project.library] or ["(seeds/ has no sources yet)"])
    path = f"{CLAIMS_DIR}/{claim_id}{CLAIM_SUFFIX}"
    return f"""{MODELINE}
#
# Claim '{claim_id}'. Fill in every empty value, then run
#   python build.py check {path}
# which reports each value still missing. The whole workflow: handbook/workflow.md.

# The statement checked, exactly as the claimant worded it. Put it in double quotes if it
# contains ': ' or ' #', or starts with one of  [ {{ > | * & ! % @ `
claim:
# Who made the claim: a person, office, outlet or channel.
claimant:
# When the claim was made, YYYY-MM-DD. Remove the '# ' to use it; leave it out if unknown.
# claim_date: 2025-01-06

# One of the verdict ids:
{verdicts}
verdict:
# Your conclusion, in Markdown: what the sources show, and why that gives this verdict.
# For several lines, write 'summary: |' and indent the text on the lines below it.
summary:

# The passages of the sources this verdict rests on, each quoted exactly. Find one with
#   python build.py locate SOURCE-ID "words of the passage"
# and paste the block it prints here, in place of the empty citation below.
# Sources:
{sources}
evidence:
  - source:
    quote:
    stance:  # supports, refutes or context
    # note: why this passage matters (optional)

# Optional: short lowercase tags, ids of related claims.
# tags: [example-tag]
# related: [other-claim-id]
# Whether the claimant is a person or an organization (the default), for search engines.
# claimant_type: person

# The editorial record (the house rules in schema/policy.yaml ask for it once the claim is
# published): who wrote it, who approved it (someone other than the analyst), and when it was
# first published and last changed. Remove the '# ' to use a line.
# analyst: Desk analyst
# reviewers: [Desk editor]
# published: 2025-01-06
# updated: 2025-01-06
# If the verdict rests on passages of one source only, say why that is enough:
# single_source: The claim is about what this article itself reported.

# A draft is checked but not published. Change this to 'published' once the claim is reviewed.
status: draft
"""


def create_claim(project: Project, claim_id: str) -> Path:
    """Write claims/<claim_id>.yaml from the template; never overwrite an existing file."""
    if not CLAIM_ID.match(claim_id):
        slug = re.sub(r"[^a-z0-9]+", "-", claim_id.lower()).strip("-")
        hint = f": try '{slug}'" if slug else ""
        raise ConfigurationError(
            f"'{claim_id}' is not a valid claim id: lowercase letters and digits, words joined "
            f"by '-'{hint}")
    directory = project.root / CLAIMS_DIR
    target = directory / f"{claim_id}{CLAIM_SUFFIX}"
    existing = [p for p in (target, target.with_suffix(".yml")) if os.path.lexists(p)]
    if existing:
        raise ConfigurationError(f"{project.relative(existing[0])} already exists; not overwriting it")
    data = claim_template(project, claim_id).encode("utf-8")
    try:
        # Created whole or not at all, and never over a file that appeared meanwhile.
        write_atomically(target, data, overwrite=False, mode=0o644)
    except WriteFailed as exc:
        if os.path.lexists(target):
            raise ConfigurationError(f"{project.relative(target)} already exists; not overwriting it") from exc
        raise
    return target
