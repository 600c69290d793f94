"""``python build.py new CLAIM-ID``: a new claim file from a commented template.

The template leaves every required value empty rather than filling in a placeholder: an empty
value is an error the checker names ("'claimant' must be text, not empty"), whereas placeholder
text such as "TODO" would be a valid claimant and could be published by mistake. New claims
start as drafts for the same reason.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .checker import CLAIM_ID, Project
from .diagnostics import ConfigurationError
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

# Optional: short lowercase tags, ids of related claims, who wrote and who approved it.
# tags: [example-tag]
# related: [other-claim-id]
# analyst: Your Name
# reviewers: [Reviewer Name]
# updated: 2025-01-06

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
    existing = [p for p in (target, target.with_suffix(".yml")) if p.exists()]
    if existing:
        raise ConfigurationError(f"{project.relative(existing[0])} already exists; not overwriting it")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{claim_id}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(claim_template(project, claim_id))
        os.chmod(tmp, 0o644)
        # link() fails if the target appeared meanwhile: the file is created whole or not at all.
        os.link(tmp, target)
    except FileExistsError as exc:
        raise ConfigurationError(f"{project.relative(target)} already exists; not overwriting it") from exc
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target
